//! The text a reader sees on a page, read from its HTML: the region the theme marks with
//! `data-search="body"` (or else `<main>`), without what it marks `data-search="skip"`
//! (previous/next links, tables of contents), scripts, styles, SVG drawings, templates and
//! `hidden` elements. Text is split into blocks where the browser breaks lines (paragraphs,
//! list items, table cells, headings…): a word never runs from one block into the next.
//!
//! Each block belongs to a field: the title (`<h1>`, and what the theme marks
//! `data-search="title"`, such as a county's name), a heading (`<h2>`–`<h6>`) or the body.

use std::borrow::Cow;

use memchr::{memchr, memchr2, memmem};

use super::fold::is_invisible;
use crate::html_text::decode_entities;

/// Where on a page a block of text stands, for ranking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The page's title.
    Title,
    /// A heading.
    Heading,
    /// Everything else.
    Body,
}

/// A page's visible text, block by block, as the reader sees it (whitespace collapsed,
/// invisible characters dropped).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Blocks {
    /// The text of the page's first `<h1>`, its title in results.
    pub(super) h1: Option<String>,
    /// Every block's text, one after the other in reading order (one buffer for all).
    pub(super) text: String,
    /// Every block: its field and where its text is in `text`, in reading order.
    pub(super) blocks: Vec<(Field, std::ops::Range<usize>)>,
}

impl Blocks {
    /// Every block with its field, in reading order.
    pub(super) fn iter(&self) -> impl Iterator<Item = (Field, &str)> {
        self.blocks
            .iter()
            .map(|(field, range)| (*field, &self.text[range.clone()]))
    }
}

/// The blocks of the main region of `html`, read from its bytes (only the region onwards
/// need be UTF-8: what comes before it is never read); `None` when the page marks no region
/// and has no `<main>`, or is not UTF-8 from the region on.
pub(super) fn main_text_of(html: &[u8]) -> Option<Blocks> {
    // Reading starts at the region's start tag: what comes before it is never searched.
    let (marked, start) = match find_bytes(html, b"data-search=\"body\"", false) {
        Some(at) => (true, html[..at].iter().rposition(|&b| b == b'<')?),
        None => (false, find_bytes(html, b"<main", true)?),
    };
    // Checked once, so that the reader slices it freely: it cuts only before and after the
    // ASCII characters of markup, which never fall inside a character.
    let html = simdutf8::basic::from_utf8(&html[start..]).ok()?;
    let mut reader = Reader {
        marked,
        stack: Vec::new(),
        regions: 0,
        skips: 0,
        // A page's text is about a quarter of its HTML.
        out: Blocks {
            text: String::with_capacity(html.len() / 4),
            ..Blocks::default()
        },
        block: 0,
        field: Field::Body,
        space: false,
        in_h1: None,
        done: false,
    };
    reader.run(html);
    reader.flush();
    Some(reader.out)
}

/// An open element and what it means for the text inside it.
struct Open<'a> {
    name: Cow<'a, [u8]>,
    region: bool,
    skip: bool,
    /// The field of the text inside it: its own, or the nearest enclosing element's.
    field: Field,
}

struct Reader<'a> {
    /// Whether the region is marked with `data-search="body"` (else it is `<main>`).
    marked: bool,
    stack: Vec<Open<'a>>,
    /// How many open elements are the region, and how many are skipped.
    regions: usize,
    skips: usize,
    out: Blocks,
    /// Where the block being read starts in the text, and its field.
    block: usize,
    field: Field,
    /// Whitespace seen since the last character of the block.
    space: bool,
    /// The first `<h1>`'s text while it is read (its depth in the stack).
    in_h1: Option<(usize, String)>,
    /// Whether the region has been read to its end.
    done: bool,
}

/// What an element is to the reader.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Laid out as a block: a line break before and after.
    Block,
    /// Drawn inline with the text around it.
    Inline,
    /// Has no contents (`<br>` is also a line break).
    Void { breaks: bool },
    /// Its contents are raw text, up to its end tag, and not seen as text.
    Raw,
    /// Its contents are markup that is not drawn as text (SVG, templates…).
    Unseen,
}

fn kind(name: &[u8]) -> Kind {
    match name {
        b"address" | b"article" | b"aside" | b"blockquote" | b"caption" | b"dd" | b"details"
        | b"dialog" | b"div" | b"dl" | b"dt" | b"fieldset" | b"figcaption" | b"figure"
        | b"footer" | b"form" | b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6" | b"header"
        | b"hgroup" | b"legend" | b"li" | b"main" | b"menu" | b"nav" | b"ol" | b"p" | b"pre"
        | b"section" | b"summary" | b"table" | b"tbody" | b"td" | b"tfoot" | b"th" | b"thead"
        | b"tr" | b"ul" => Kind::Block,
        b"br" | b"hr" => Kind::Void { breaks: true },
        b"area" | b"base" | b"col" | b"embed" | b"img" | b"input" | b"link" | b"meta"
        | b"param" | b"source" | b"track" | b"wbr" => Kind::Void { breaks: false },
        b"script" | b"style" | b"textarea" | b"title" | b"noscript" | b"xmp" => Kind::Raw,
        b"template" | b"svg" | b"math" | b"select" | b"iframe" | b"object" | b"canvas"
        | b"audio" | b"video" => Kind::Unseen,
        _ => Kind::Inline,
    }
}

impl<'a> Reader<'a> {
    /// Reads `page`.
    fn run(&mut self, page: &'a str) {
        let html = page.as_bytes();
        let mut i = 0;
        while i < html.len() && !self.done {
            if html[i] != b'<' {
                let end = memchr(b'<', &html[i..]).map_or(html.len(), |n| i + n);
                self.text(&page[i..end]);
                i = end;
                continue;
            }
            let rest = &html[i..];
            let after_gt =
                |from: usize| memchr(b'>', &html[from..]).map_or(html.len(), |n| from + n + 1);
            if rest.starts_with(b"<!--") {
                i = memmem::find(rest, b"-->").map_or(html.len(), |n| i + n + 3);
            } else if rest.starts_with(b"<!") || rest.starts_with(b"<?") {
                i = after_gt(i);
            } else if let Some(closing) = rest.strip_prefix(b"</") {
                let name = tag_name(closing).0;
                i = after_gt(i);
                if !name.is_empty() {
                    self.end(&name);
                }
            } else if rest.len() > 1 && html[i + 1].is_ascii_alphabetic() {
                let (tag, len) = start_tag(rest);
                i += len;
                match kind(&tag.name) {
                    Kind::Raw => i = after_end_tag(html, i, &tag.name, false),
                    Kind::Unseen if !tag.self_closing => {
                        i = after_end_tag(html, i, &tag.name, true);
                    }
                    kind => self.start(tag, kind),
                }
            } else {
                self.text("<");
                i += 1;
            }
        }
    }

    fn inside(&self) -> bool {
        self.regions > 0 && self.skips == 0
    }

    fn start(&mut self, tag: Tag<'a>, kind: Kind) {
        let name = tag.name;
        if matches!(kind, Kind::Block | Kind::Void { breaks: true }) {
            self.flush();
        }
        if matches!(kind, Kind::Void { .. }) || tag.self_closing {
            return;
        }
        let region = if self.marked {
            tag.search == Mark::Body
        } else {
            *name == *b"main"
        };
        let skip = tag.hidden || tag.search == Mark::Skip;
        let field = match name.as_ref() {
            b"h1" => Field::Title,
            b"h2" | b"h3" | b"h4" | b"h5" | b"h6" => Field::Heading,
            _ if tag.search == Mark::Title => Field::Title,
            _ => self.stack.last().map_or(Field::Body, |o| o.field),
        };
        if *name == *b"h1" && self.out.h1.is_none() && self.in_h1.is_none() && self.inside() {
            self.in_h1 = Some((self.stack.len(), String::new()));
        }
        self.regions += usize::from(region);
        self.skips += usize::from(skip);
        self.stack.push(Open {
            name,
            region,
            skip,
            field,
        });
    }

    fn end(&mut self, name: &[u8]) {
        if kind(name) == Kind::Block {
            self.flush();
        }
        if let Some(at) = self.stack.iter().rposition(|o| *o.name == *name) {
            for open in self.stack.drain(at..) {
                self.regions -= usize::from(open.region);
                self.skips -= usize::from(open.skip);
            }
            // The region has ended: nothing after it is searched.
            self.done = self.regions == 0;
            if let Some((depth, text)) = &self.in_h1
                && *depth >= at
            {
                self.out.h1 = Some(text.trim().to_string());
                self.in_h1 = None;
            }
        }
    }

    /// Reads a run of text.
    fn text(&mut self, raw: &str) {
        if !self.inside() {
            return;
        }
        let field = self.stack.last().map_or(Field::Body, |o| o.field);
        if field != self.field {
            self.flush();
            self.field = field;
        }
        // The spaces between tags, most of the runs of text in a page.
        if !raw.is_empty() && raw.bytes().all(|b| b.is_ascii_whitespace()) {
            self.space = true;
            if let Some((_, h1)) = &mut self.in_h1 {
                h1.push_str(raw);
            }
            return;
        }
        let decoded = decode_entities(raw);
        self.push_visible(&decoded);
        if let Some((_, h1)) = &mut self.in_h1 {
            h1.push_str(&decoded);
        }
    }

    /// Adds `s` to the block: whitespace collapsed to one space between characters,
    /// invisible characters dropped. The runs between them are copied whole; only the
    /// characters whose first byte some whitespace or invisible character shares are
    /// decoded (not Han characters, nor most others).
    fn push_visible(&mut self, s: &str) {
        let bytes = s.as_bytes();
        let (mut run, mut at) = (0, 0);
        // Skipped byte by byte: no byte inside a character is one of those.
        while let Some(n) = bytes[at..].iter().position(|&b| MAY_CUT[usize::from(b)]) {
            at += n;
            let (width, space, cut) = if bytes[at].is_ascii() {
                (1, true, true)
            } else {
                let c = s[at..].chars().next().unwrap_or(' ');
                let space = c.is_whitespace();
                (c.len_utf8(), space, space || is_invisible(c))
            };
            if cut {
                self.push_run(&s[run..at]);
                run = at + width;
                self.space |= space;
            }
            at += width;
        }
        self.push_run(&s[run..]);
    }

    /// Adds a run of visible characters to the block, after a space if whitespace came
    /// before it inside the block.
    fn push_run(&mut self, run: &str) {
        if run.is_empty() {
            return;
        }
        if self.space && self.out.text.len() > self.block {
            self.out.text.push(' ');
        }
        self.space = false;
        self.out.text.push_str(run);
    }

    fn flush(&mut self) {
        self.space = false;
        let end = self.out.text.len();
        if end > self.block {
            self.out.blocks.push((self.field, self.block..end));
            self.block = end;
        }
    }
}

/// The bytes a character that is whitespace or invisible may start with: ASCII whitespace,
/// and the first bytes of U+0080–U+00BF, U+1000–U+3FFF and U+F000–U+FFFF, where the others
/// are (not Han characters, nor most others).
static MAY_CUT: [bool; 256] = {
    let mut table = [false; 256];
    let bytes = [
        b'\t', b'\n', 0x0b, 0x0c, b'\r', b' ', 0xc2, 0xe1, 0xe2, 0xe3, 0xef,
    ];
    let mut i = 0;
    while i < bytes.len() {
        table[bytes[i] as usize] = true;
        i += 1;
    }
    table
};

/// [`main_text_of`] a string.
#[cfg(test)]
fn main_text(html: &str) -> Option<Blocks> {
    main_text_of(html.as_bytes())
}

/// What a `data-search` attribute marks an element as.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mark {
    /// Nothing the reader knows (or no attribute).
    None,
    /// The region read.
    Body,
    /// Not read.
    Skip,
    /// Part of the title.
    Title,
}

impl Mark {
    /// The mark an attribute's value names (ASCII case and surrounding whitespace aside).
    fn of(value: &[u8]) -> Mark {
        match value.trim_ascii() {
            v if v.eq_ignore_ascii_case(b"body") => Mark::Body,
            v if v.eq_ignore_ascii_case(b"skip") => Mark::Skip,
            v if v.eq_ignore_ascii_case(b"title") => Mark::Title,
            _ => Mark::None,
        }
    }
}

/// A start tag as far as the reader cares.
struct Tag<'a> {
    name: Cow<'a, [u8]>,
    search: Mark,
    hidden: bool,
    self_closing: bool,
}

/// The lower-case name at the start of `s` and its length (borrowed when it is lower-case
/// already, as a theme's tags mostly are). Compared with ASCII names only, it is kept as
/// bytes.
fn tag_name(s: &[u8]) -> (Cow<'_, [u8]>, usize) {
    let len = s
        .iter()
        .position(|&b| b.is_ascii_whitespace() || b == b'>' || b == b'/')
        .unwrap_or(s.len());
    let name = &s[..len];
    let name = if name.iter().any(u8::is_ascii_uppercase) {
        Cow::Owned(name.to_ascii_lowercase())
    } else {
        Cow::Borrowed(name)
    };
    (name, len)
}

/// The start tag at the start of `s` (which begins with `<` and a letter), and its length.
fn start_tag(s: &[u8]) -> (Tag<'_>, usize) {
    let (name, len) = tag_name(&s[1..]);
    let mut i = 1 + len;
    let mut tag = Tag {
        name,
        search: Mark::None,
        hidden: false,
        self_closing: false,
    };
    loop {
        while i < s.len() && s[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= s.len() {
            return (tag, i);
        }
        match s[i] {
            b'>' => return (tag, i + 1),
            b'/' => {
                if s.get(i + 1) == Some(&b'>') {
                    tag.self_closing = true;
                    return (tag, i + 2);
                }
                i += 1;
                continue;
            }
            _ => {}
        }
        let start = i;
        while i < s.len() && !(s[i].is_ascii_whitespace() || b"=>/".contains(&s[i])) {
            i += 1;
        }
        let attr = &s[start..i];
        while i < s.len() && s[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = None;
        if s.get(i) == Some(&b'=') {
            i += 1;
            while i < s.len() && s[i].is_ascii_whitespace() {
                i += 1;
            }
            let v_start;
            let v_end;
            match s.get(i) {
                Some(&q @ (b'"' | b'\'')) => {
                    v_start = i + 1;
                    v_end = memchr(q, &s[v_start..]).map_or(s.len(), |n| v_start + n);
                    i = (v_end + 1).min(s.len());
                }
                _ => {
                    v_start = i;
                    while i < s.len() && !(s[i].is_ascii_whitespace() || s[i] == b'>') {
                        i += 1;
                    }
                    v_end = i;
                }
            }
            value = Some(&s[v_start..v_end]);
        }
        if attr.eq_ignore_ascii_case(b"data-search") {
            tag.search = value.map_or(Mark::None, Mark::of);
        } else if attr.eq_ignore_ascii_case(b"hidden") {
            tag.hidden = true;
        }
    }
}

/// Where the element `name` whose start tag ends at `from` ends: after its end tag. With
/// `nests`, elements of the same name inside it are counted (an SVG in an SVG).
fn after_end_tag(html: &[u8], from: usize, name: &[u8], nests: bool) -> usize {
    let mut depth = 1;
    let mut at = from;
    while let Some(n) = memchr(b'<', &html[at..]) {
        let lt = at + n;
        let rest = &html[lt + 1..];
        if rest.first() == Some(&b'/') && starts_with_ci(&rest[1..], name) {
            depth -= 1;
            at = memchr(b'>', &html[lt..]).map_or(html.len(), |n| lt + n + 1);
            if depth == 0 {
                return at;
            }
        } else if nests
            && starts_with_ci(rest, name)
            && rest
                .get(name.len())
                .is_some_and(|b| b.is_ascii_whitespace() || *b == b'>')
        {
            // A start tag of the same name opens one more level.
            depth += 1;
            at = lt + 1 + name.len();
        } else {
            at = lt + 1;
        }
    }
    html.len()
}

/// Whether `h` starts with `n` (ASCII), ignoring ASCII case.
fn starts_with_ci(h: &[u8], n: &[u8]) -> bool {
    h.get(..n.len()).is_some_and(|h| h.eq_ignore_ascii_case(n))
}

/// Where `n` (ASCII) first occurs in `h`, ignoring ASCII case if `any_case`.
fn find_bytes(h: &[u8], n: &[u8], any_case: bool) -> Option<usize> {
    if !any_case {
        return memmem::find(h, n);
    }
    let first = *n.first()?;
    let (lower, upper) = (first.to_ascii_lowercase(), first.to_ascii_uppercase());
    let mut at = 0;
    loop {
        let i = at + memchr2(lower, upper, h.get(at..)?)?;
        if starts_with_ci(&h[i..], n) {
            return Some(i);
        }
        if h.len() - i < n.len() {
            return None;
        }
        at = i + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(html: &str) -> Vec<(Field, String)> {
        main_text(html)
            .map(|b| b.iter().map(|(f, t)| (f, t.to_string())).collect())
            .unwrap_or_default()
    }

    #[test]
    fn only_the_marked_region_is_read() {
        let html = "<header><nav>霍州市</nav></header><main data-search=\"body\"><h1>洪洞县</h1><p>县委<b>书记</b>，共20名</p><nav data-search=\"skip\">下一个：霍州市</nav></main><footer>页脚</footer>";
        assert_eq!(
            blocks(html),
            vec![
                (Field::Title, "洪洞县".into()),
                (Field::Body, "县委书记，共20名".into())
            ]
        );
        assert_eq!(
            main_text(html).and_then(|b| b.h1).as_deref(),
            Some("洪洞县")
        );
    }

    #[test]
    fn unseen_text_and_markup_are_not_read() {
        let html = "<main><p>甲&lt;script&gt;&#x2F;&amp;乙\u{2060}丙</p><svg><text>图</text></svg><script>var a = \"<p>x</p>\";</script><template><p>模板</p></template><p hidden>隐藏</p><!-- 注释 --><h2>标题 <small>二</small></h2><td>1</td><td>2</td></main>";
        assert_eq!(
            blocks(html),
            vec![
                (Field::Body, "甲<script>/&乙丙".into()),
                (Field::Heading, "标题 二".into()),
                (Field::Body, "1".into()),
                (Field::Body, "2".into()),
            ]
        );
    }

    #[test]
    fn whitespace_collapses_and_invisible_characters_vanish_within_a_block() {
        let html = "<main><p> 甲 \u{200B} 乙\n\t丙\u{00AD}丁 <b>戊</b> \u{2060} </p><P>Ab\u{FEFF}c</P></main>";
        assert_eq!(
            blocks(html),
            vec![
                (Field::Body, "甲 乙 丙丁 戊".into()),
                (Field::Body, "Abc".into())
            ]
        );
    }

    #[test]
    fn broken_html_never_panics() {
        for html in [
            "<main><p",
            "<main><p a='",
            "<main>&#xFFFFFFFF;&#;&",
            "<main></",
            "<main><script>",
            "<main><a b=c",
            "<main>\u{4e00}<\u{4e00}",
            "<main><h1>甲</main>",
        ] {
            let _ = main_text(html);
        }
        assert_eq!(main_text("<p>没有正文区</p>"), None);
    }

    #[test]
    fn every_character_is_kept_dropped_or_a_space_as_the_unicode_rule_says() {
        // The reader decodes only characters whose first byte a whitespace or invisible
        // character shares: every character must come out as decoding it would say.
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            if matches!(c, '<' | '&') {
                continue;
            }
            let html = format!("<main><p>a{c}b</p></main>");
            let want = if c.is_whitespace() {
                "a b".to_string()
            } else if is_invisible(c) {
                "ab".to_string()
            } else {
                format!("a{c}b")
            };
            assert_eq!(
                blocks(&html),
                vec![(Field::Body, want)],
                "U+{:04X}",
                c as u32
            );
        }
    }

    #[test]
    fn bytes_that_are_not_utf8_matter_from_the_region_on() {
        // Before the region, nothing is read.
        let mut html = b"<header>".to_vec();
        html.push(0xff);
        html.extend_from_slice("</header><main data-search=\"body\"><p>正文</p></main>".as_bytes());
        let read = main_text_of(&html).expect("read");
        assert_eq!(read.iter().collect::<Vec<_>>(), vec![(Field::Body, "正文")]);
        // From it on, in the text or in a drawing, the page has no text.
        for (before, after) in [
            ("<main><p>", "</p></main>"),
            ("<main><svg><text>", "</text></svg><p>正文</p></main>"),
        ] {
            let mut html = before.as_bytes().to_vec();
            html.push(0xff);
            html.extend_from_slice(after.as_bytes());
            assert_eq!(main_text_of(&html), None, "{before}");
        }
    }
}
