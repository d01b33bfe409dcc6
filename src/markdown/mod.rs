//! Markdown → HTML for Chinese editors (pulldown-cmark), with figures from the data.
//!
//! Beyond CommonMark: `{{ county.KEY }}` / `{{ city.KEY }}` references are replaced by the
//! figures; emphasis, strong emphasis and strikethrough follow the CommonMark CJK-friendly
//! amendments, so `**重点。**说明` renders bold (`emphasis.rs`); tables, footnotes,
//! strikethrough and heading attributes are on; a line break between two Chinese
//! characters does not become a space; headings get ids, Chinese ones included. Raw HTML
//! is not trusted: it is shown as text, and `javascript:` links are dropped.

use std::collections::HashMap;
use std::path::Path;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde_json::Value;

use self::emphasis::resolve_emphasis;

use crate::cjk::{count_han, is_cjk};
use crate::diagnostic::Diagnostic;
use crate::messages::Text;
use crate::messages::catalog as codes;
use crate::model::figure::{Measure, figure_type, format_figure};
use crate::model::lookup;
use crate::t;

pub(crate) mod braces;
mod emphasis;
mod flanking;
mod ids;
pub mod kept;
mod links;

pub use ids::ThemeIds;
pub use links::{LocalLinks, Place, Unusable, written_at, written_forms};
#[cfg(test)]
mod tests;

/// The extensions to CommonMark that pages may use (docs/content-model.md lists them).
const OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_FOOTNOTES)
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_HEADING_ATTRIBUTES);

/// The figures a page may refer to.
#[derive(Debug, Clone, Copy)]
pub struct References<'a> {
    /// The county's summary object, in a county narrative.
    pub county: Option<&'a Value>,
    /// The city's summary object (with its sections): the site's root.
    pub city: &'a Value,
    /// The object of the page's own region (`{{ region.… }}`): the county in a county's
    /// narrative, the region in a region's.
    pub region: Option<&'a Value>,
    /// The object of the region above the page's (`{{ parent.… }}`): the city for a county
    /// or region directly under it.
    pub parent: Option<&'a Value>,
}

impl<'a> References<'a> {
    /// What an article or an answer may refer to: the city alone.
    pub fn city(city: &'a Value) -> References<'a> {
        References {
            county: None,
            city,
            region: None,
            parent: None,
        }
    }
}

/// A heading of a page, for a table of contents.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    /// 1–6.
    pub level: u8,
    /// The anchor.
    pub id: String,
    /// The text.
    pub text: String,
}

/// A rendered page body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// The HTML.
    pub html: Html,
    /// Its headings.
    pub headings: Vec<Heading>,
    /// 字数: the Han characters of the text.
    pub han_chars: usize,
    /// The files beside the Markdown it links, and its links that lead nowhere.
    pub links: LocalLinks,
}

/// Rendered HTML, held as written or gzipped (the county narratives `serve` keeps
/// between builds, until their pages are rendered again: about a third of the memory).
pub type Html = crate::gzip::Text;

impl Rendered {
    /// The same body, its HTML held gzipped until it is read.
    pub fn packed(self) -> Rendered {
        Rendered {
            html: self.html.packed(),
            ..self
        }
    }
}

/// Renders `body` (which starts at line `first_line` of `file`).
pub fn render(
    body: &str,
    first_line: usize,
    file: &Path,
    refs: References<'_>,
) -> Result<Rendered, Vec<Diagnostic>> {
    let text = resolve_references(body, first_line, file, refs)?;
    Ok(render_markdown(&text))
}

/// Renders Markdown that holds no references, its links left as written.
pub fn render_markdown(text: &str) -> Rendered {
    render_markdown_at(text, None)
}

/// Renders Markdown that holds no references for the page at `place`: links from the site's
/// root are made relative, links to files beside the Markdown lead to their copies.
pub fn render_markdown_at(text: &str, place: Option<&Place<'_>>) -> Rendered {
    // About one event for every 12 bytes of a narrative: sized once, not grown by doubling.
    let mut events: Vec<links::Spanned<'_>> = Vec::with_capacity(text.len() / 12 + 16);
    events.extend(Parser::new_ext(text, OPTIONS).into_offset_iter());
    let (events, local) = match place {
        Some(place) => links::localise(text, events, place),
        None => (events, LocalLinks::default()),
    };
    let events = resolve_emphasis(text, events);
    let mut han_chars = 0;
    for e in &events {
        if let Event::Text(t) | Event::Code(t) = e {
            han_chars += count_han(t);
        }
    }
    let theme_ids = place.map_or(&ids::NO_THEME, |p| p.theme_ids);
    let (events, headings) = add_heading_ids(events, theme_ids);
    let events = join_cjk_lines(events);
    let events: Vec<Event<'_>> = drop_html_comments(events)
        .into_iter()
        .map(distrust_html)
        .collect();
    // qingfeng's own markup, added once the editor's raw HTML has been made text.
    let events = ids::footnote_ids(events, place.map_or("", |p| p.footnotes));
    let events = if place.is_some() {
        heading_anchors(events, &headings)
    } else {
        events
    };
    let mut html = String::with_capacity(text.len() + text.len() / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    // Kept until its page is rendered (by `serve` until the next build): no spare capacity.
    html.shrink_to_fit();
    Rendered {
        html: html.into(),
        headings,
        han_chars,
        links: local,
    }
}

/// A visible `#` link at the end of every h2–h4, to copy a link to the section: reachable
/// by keyboard, named for screen readers by the heading it links.
fn heading_anchors<'a>(events: Vec<Event<'a>>, headings: &[Heading]) -> Vec<Event<'a>> {
    let mut out = Vec::with_capacity(events.len() + headings.len());
    let mut next = headings.iter();
    let mut current: Option<&Heading> = None;
    for e in events {
        match &e {
            Event::Start(Tag::Heading { .. }) => current = next.next(),
            Event::End(TagEnd::Heading(HeadingLevel::H2 | HeadingLevel::H3 | HeadingLevel::H4)) => {
                if let Some(h) = current.take() {
                    let id = crate::url::percent_encode_path(&h.id);
                    out.push(Event::Html(CowStr::from(format!(
                        "<a class=\"heading-anchor\" href=\"#{id}\" aria-label=\"本节链接：{}\">#</a>",
                        escape_attribute(&h.text)
                    ))));
                }
            }
            _ => {}
        }
        out.push(e);
    }
    out
}

/// Text made safe inside a double-quoted HTML attribute.
fn escape_attribute(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// Gives every heading an id from its text (unless `{#id}` gave one), unique on the page
/// and none the theme's `theme_ids` take.
fn add_heading_ids<'a>(
    events: Vec<Event<'a>>,
    theme_ids: &ThemeIds,
) -> (Vec<Event<'a>>, Vec<Heading>) {
    let mut headings = Vec::new();
    let mut used: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::with_capacity(events.len());
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) = &events[i]
        {
            let mut text = String::new();
            for e in &events[i + 1..] {
                match e {
                    Event::End(TagEnd::Heading(_)) => break,
                    Event::Text(t) | Event::Code(t) => text.push_str(t),
                    _ => {}
                }
            }
            let base = theme_ids.heading_id(match id {
                Some(id) => id.to_string(),
                None => anchor(&text),
            });
            let n = used.entry(base.clone()).or_insert(0);
            let unique = if *n == 0 {
                base.clone()
            } else {
                format!("{base}-{n}")
            };
            *n += 1;
            headings.push(Heading {
                level: heading_number(*level),
                id: unique.clone(),
                text: text.trim().to_string(),
            });
            out.push(Event::Start(Tag::Heading {
                level: *level,
                id: Some(CowStr::from(unique)),
                classes: classes.clone(),
                attrs: attrs.clone(),
            }));
        } else {
            out.push(events[i].clone());
        }
        i += 1;
    }
    (out, headings)
}

fn heading_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// An anchor from a heading's text: Han characters, letters and digits kept, the rest
/// folded into single hyphens.
pub fn anchor(text: &str) -> String {
    let mut id = String::new();
    for c in text.trim().chars() {
        if c.is_alphanumeric() {
            id.extend(c.to_lowercase());
        } else if !id.ends_with('-') && !id.is_empty() {
            id.push('-');
        }
    }
    let id = id.trim_end_matches('-').to_string();
    if id.is_empty() { "section".into() } else { id }
}

/// Drops the soft line break between two CJK characters (it would show as a space).
/// The characters on either side are found in one pass each way, so that a page of many
/// lines without text between them stays linear.
fn join_cjk_lines(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut after: Vec<Option<char>> = vec![None; events.len()];
    let mut next = None;
    for (i, e) in events.iter().enumerate().rev() {
        after[i] = next;
        next = first_char(e).or(next);
    }
    let mut out: Vec<Event<'_>> = Vec::with_capacity(events.len());
    let mut before = None;
    for (e, after) in events.into_iter().zip(after) {
        if matches!(e, Event::SoftBreak) && before.is_some_and(is_cjk) && after.is_some_and(is_cjk)
        {
            continue;
        }
        before = last_char(&e).or(before);
        out.push(e);
    }
    out
}

fn last_char(e: &Event<'_>) -> Option<char> {
    match e {
        Event::Text(t) | Event::Code(t) => t.chars().last(),
        _ => None,
    }
}

fn first_char(e: &Event<'_>) -> Option<char> {
    match e {
        Event::Text(t) | Event::Code(t) => t.chars().next(),
        _ => None,
    }
}

/// The events without HTML comments (`<!-- qingfeng-ignore … -->`, an editor's note),
/// inline or as a whole HTML block (of one or several lines): they are dropped from the
/// page rather than shown as text like other raw HTML.
fn drop_html_comments(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut out = Vec::with_capacity(events.len());
    let mut block: Option<Vec<Event<'_>>> = None;
    for e in events {
        match (e, &mut block) {
            (Event::Start(Tag::HtmlBlock), _) => block = Some(vec![Event::Start(Tag::HtmlBlock)]),
            (Event::End(TagEnd::HtmlBlock), Some(held)) => {
                let text: String = held
                    .iter()
                    .filter_map(|e| match e {
                        Event::Html(h) => Some(h.as_ref()),
                        _ => None,
                    })
                    .collect();
                if !is_html_comment(&text) {
                    out.append(held);
                    out.push(Event::End(TagEnd::HtmlBlock));
                }
                block = None;
            }
            (e, Some(held)) => held.push(e),
            (Event::InlineHtml(h), None) if is_html_comment(&h) => {}
            (e, None) => out.push(e),
        }
    }
    if let Some(mut held) = block {
        out.append(&mut held);
    }
    out
}

/// Whether `html` is one HTML comment and nothing else.
fn is_html_comment(html: &str) -> bool {
    let h = html.trim();
    h.starts_with("<!--")
        && h.ends_with("-->")
        && h.get(4..h.len().saturating_sub(3))
            .is_some_and(|inner| !inner.contains("-->"))
}

/// Raw HTML becomes text; links and images with script URLs lose them.
fn distrust_html(e: Event<'_>) -> Event<'_> {
    match e {
        Event::Html(h) | Event::InlineHtml(h) => Event::Text(h),
        other => with_destination(other, safe_url),
    }
}

/// The event with the destination of a link or image replaced by `change` of it; any
/// other event as it is.
fn with_destination<'a>(e: Event<'a>, change: impl FnOnce(CowStr<'a>) -> CowStr<'a>) -> Event<'a> {
    match e {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: change(dest_url),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: change(dest_url),
            title,
            id,
        }),
        other => other,
    }
}

fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    let scheme: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(12)
        .collect::<String>()
        .to_ascii_lowercase();
    if ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|s| scheme.starts_with(s))
    {
        CowStr::from("#")
    } else {
        url
    }
}

/// At most this many reference errors are reported for one body.
const MAX_REFERENCE_ERRORS: usize = 50;

/// Replaces every `{{ county.KEY }}` and `{{ city.KEY }}` with its figure.
pub fn resolve_references(
    body: &str,
    first_line: usize,
    file: &Path,
    refs: References<'_>,
) -> Result<String, Vec<Diagnostic>> {
    if let Some(d) = full_width_braces(body, first_line, file) {
        return Err(vec![d]);
    }
    if let Some(d) = unclosed_comment(body, first_line, file) {
        return Err(vec![d]);
    }
    // The help's example reference is one this body may use.
    let example = match (refs.county, refs.region) {
        (Some(_), _) => "county.members",
        (None, Some(_)) => "region.members",
        (None, None) => "city.members",
    };
    if let Some(d) = template_statement(body, first_line, file, example) {
        return Err(vec![d]);
    }
    let mut out = String::with_capacity(body.len());
    let mut errors = Vec::new();
    let mut missed = 0;
    let mut lines = Lines::new(body, first_line);
    let mut copied = 0;
    for found in braces::scan(body) {
        let typed = &body[found.at.clone()];
        let outcome = match found.kind {
            braces::Kind::Reference => resolve_one(typed[2..typed.len() - 2].trim(), refs),
            slip => Err(brace_slip(typed, slip)),
        };
        out.push_str(&body[copied..found.at.start]);
        copied = found.at.end;
        match outcome {
            Ok(text) => {
                out.push_str(&text);
                // `{{ county.average_age }}岁`: a word joiner keeps the number with its unit.
                let unit_follows = body[found.at.end..]
                    .chars()
                    .next()
                    .is_some_and(crate::cjk::is_han);
                if unit_follows && text.ends_with(|c: char| c.is_ascii_digit()) {
                    out.push('\u{2060}');
                }
            }
            Err(_) if errors.len() >= MAX_REFERENCE_ERRORS => missed += 1,
            Err((message, help)) => {
                let code = match found.kind {
                    braces::Kind::Reference => codes::UNRESOLVED_REFERENCE,
                    _ => codes::REFERENCE_BRACES,
                };
                let mut d = Diagnostic::error(file, message).help(help).code(code);
                lines.place(&mut d, found.at.start);
                errors.push(d);
            }
        }
    }
    out.push_str(&body[copied..]);
    if missed > 0 {
        errors.push(Diagnostic::error(
            file,
            t!(
                "{missed} more figure references could not be resolved (only the first {MAX_REFERENCE_ERRORS} are shown)",
                "另有 {missed} 处数据引用无法解析（只显示前 {MAX_REFERENCE_ERRORS} 处）"
            ),
        ).code(codes::UNRESOLVED_REFERENCE));
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// The lines of a body that starts at line `first_line` of its file (0: the line is
/// unknown), counted as diagnostics are placed in order, so that many errors stay linear.
struct Lines<'a> {
    body: &'a str,
    first_line: usize,
    counted: usize,
    line: usize,
    line_start: usize,
}

impl<'a> Lines<'a> {
    fn new(body: &'a str, first_line: usize) -> Self {
        Lines {
            body,
            first_line,
            counted: 0,
            line: first_line,
            line_start: 0,
        }
    }

    /// Places `d` at byte `offset` of the body (at or after the last one placed).
    fn place(&mut self, d: &mut Diagnostic, offset: usize) {
        for (i, _) in self.body[self.counted..offset].match_indices('\n') {
            self.line += 1;
            self.line_start = self.counted + i + 1;
        }
        self.counted = offset;
        d.line = self.line;
        d.column = self.body[self.line_start..offset].chars().count() + 1;
        d.source_line = self.body[self.line_start..]
            .lines()
            .next()
            .filter(|_| self.first_line > 0)
            .map(Into::into);
    }
}

/// The message and help for a reference typed with a brace too few or too many.
fn brace_slip(typed: &str, kind: braces::Kind) -> (Text, Text) {
    let name = typed.trim_matches(|c: char| c == '{' || c == '}' || c.is_whitespace());
    let fixed = if braces::is_figure_name(name) {
        format!("{{{{ {name} }}}}")
    } else {
        "{{ county.members }}".to_string()
    };
    let message = match kind {
        braces::Kind::ClosedWithOneBrace => t!(
            "`{typed}`: a figure reference is closed with `}}}}`, not `}}`",
            "`{typed}`：数据引用应以 `}}}}` 结尾，这里只有一个 `}}`"
        ),
        braces::Kind::Unclosed => t!(
            "`{typed}`: a figure reference is not closed with `}}}}` on its line",
            "`{typed}`：数据引用在同一行中没有以 `}}}}` 结尾"
        ),
        braces::Kind::OpenedWithOneBrace => t!(
            "`{typed}`: a figure reference is opened with `{{{{`, not `{{`",
            "`{typed}`：数据引用应以 `{{{{` 开头，这里只有一个 `{{`"
        ),
        braces::Kind::BraceTooMany | braces::Kind::Reference => {
            let opening = typed.len() - typed.trim_start_matches('{').len();
            let closing = typed.len() - typed.trim_end_matches('}').len();
            match (opening + closing).saturating_sub(4) {
                1 => t!(
                    "`{typed}`: a figure reference with one brace too many",
                    "`{typed}`：数据引用多了一个大括号"
                ),
                n => t!(
                    "`{typed}`: a figure reference with {n} braces too many",
                    "`{typed}`：数据引用多了 {n} 个大括号"
                ),
            }
        }
    };
    let help = if braces::is_figure_name(name) {
        t!("write `{fixed}`", "改为 `{fixed}`")
    } else {
        t!(
            "a figure reference is written on one line between two braces on each side, e.g. `{fixed}`",
            "数据引用写在同一行内，两边各两个大括号，例如 `{fixed}`"
        )
    };
    (message, help)
}

/// A figure reference typed with full-width braces (`｛｛ county.members ｝｝`, or one of
/// the two): it would be published as literal text.
fn full_width_braces(body: &str, first_line: usize, file: &Path) -> Option<Diagnostic> {
    // Most bodies have no full-width brace at all: two fast scans say so.
    if ["｛", "｝"]
        .iter()
        .all(|b| memchr::memmem::find(body.as_bytes(), b.as_bytes()).is_none())
    {
        return None;
    }
    let at = ["｛｛", "｛{", "{｛", "｝｝", "｝}", "}｝"]
        .iter()
        .filter_map(|pattern| body.find(pattern))
        .min()?;
    let line_start = body[..at].rfind('\n').map_or(0, |i| i + 1);
    let typed: String = body[at..].chars().take(2).collect();
    let mut d = Diagnostic::error(
        file,
        t!(
            "`{typed}`: a figure reference typed with full-width braces",
            "`{typed}`：数据引用用了全角大括号"
        ),
    )
    .help(Text::both(
        "write half-width braces, `{{ county.members }}`: 把全角大括号“｛｝”改为半角“{}”",
        "把全角大括号“｛｝”改为半角“{}”，例如 `{{ county.members }}`",
    ))
    .code(codes::FULLWIDTH_BRACES);
    d.line = first_line + body[..at].matches('\n').count();
    d.column = body[line_start..at].chars().count() + 1;
    d.source_line = body[line_start..]
        .lines()
        .next()
        .filter(|_| first_line > 0)
        .map(Into::into);
    Some(d)
}

/// A template statement typed in a body (`{% if county.women > 3 %}`, `{%- for … %}`: a
/// keyword between `{%` and `%}` on one line): a narrative prints figures with `{{ … }}`
/// only, so the statement would be published as typed. An error at the first, quoting it.
fn template_statement(
    body: &str,
    first_line: usize,
    file: &Path,
    example: &str,
) -> Option<Diagnostic> {
    let bytes = body.as_bytes();
    let mut from = 0;
    let (open, close) = loop {
        let open = from + memchr::memmem::find(&bytes[from..], b"{%")?;
        let line_end = memchr::memchr(b'\n', &bytes[open..]).map_or(body.len(), |i| open + i);
        let statement = memchr::memmem::find(&bytes[open + 2..line_end], b"%}")
            .map(|i| open + 2 + i)
            .filter(|&end| {
                // A keyword opens it (`if`, `for`, `set`, `endif`): `{% 与 %}` is text.
                let inner = body[open + 2..end].trim_start_matches(['-', '+', ' ']);
                inner.starts_with(|c: char| c.is_ascii_alphabetic())
            });
        match statement {
            Some(end) => break (open, end + 2),
            None => from = open + 2,
        }
    };
    let typed = &body[open..close];
    let mut d = Diagnostic::error(
        file,
        t!(
            "`{typed}` is a template statement, which a page's text cannot hold",
            "`{typed}` 是模板语句，页面正文中不能使用"
        ),
    )
    .help(t!(
        "write the sentence itself; a figure is printed with a reference such as `{{{{ {example} }}}}`",
        "请直接写出句子；数字用 `{{{{ {example} }}}}` 这样的数据引用写出"
    ))
    .code(codes::TEMPLATE_STATEMENT);
    Lines::new(body, first_line).place(&mut d, open);
    Some(d)
}

/// An error at a line that opens an HTML comment (`<!-- 待核实`) with no `-->` after it:
/// Markdown would publish the rest of the body as typed, the editors' note included.
fn unclosed_comment(body: &str, first_line: usize, file: &Path) -> Option<Diagnostic> {
    // Most bodies hold no comment at all: one fast scan says so.
    memchr::memmem::find(body.as_bytes(), b"<!--")?;
    let mut line_start = 0;
    // The fence of the code block the line is in (its character and length): `<!--` there
    // is code, shown as typed.
    let mut fence: Option<(char, usize)> = None;
    for (n, line) in body.split_inclusive('\n').enumerate() {
        let start = line_start;
        line_start += line.len();
        let indent = line.len() - line.trim_start_matches(' ').len();
        if indent > 3 {
            continue;
        }
        let rest = &line[indent..];
        if let Some((c, len)) = fence_of(rest) {
            match fence {
                None => fence = Some((c, len)),
                // A closing fence: as long as the opening one or longer, nothing after it.
                Some((open, at_least))
                    if c == open && len >= at_least && rest[len..].trim().is_empty() =>
                {
                    fence = None;
                }
                Some(_) => {}
            }
            continue;
        }
        if fence.is_some() || !rest.starts_with("<!--") {
            continue;
        }
        if body[start + indent + 4..].contains("-->") {
            continue;
        }
        let mut d = Diagnostic::error(
            file,
            Text::both(
                "`<!--` opens a comment that is never closed: the rest of the text would be published as typed",
                "`<!--` 开始的注释没有结束：从这里起的正文会被原样发布",
            ),
        )
        .help(Text::both(
            "end the note with `-->`, or delete it",
            "请在备注末尾加上 `-->`，或删去备注",
        ))
        .code(codes::UNCLOSED_COMMENT);
        d.line = first_line + n;
        d.column = indent + 1;
        d.source_line = (first_line > 0).then(|| line.trim_end_matches(['\n', '\r']).into());
        return Some(d);
    }
    None
}

/// The fence a line starts with (three or more backticks or tildes), as its character
/// and length.
fn fence_of(line: &str) -> Option<(char, usize)> {
    let c = line.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let len = line.len() - line.trim_start_matches(c).len();
    (len >= 3).then_some((c, len))
}

fn resolve_one(inner: &str, refs: References<'_>) -> Result<String, (Text, Text)> {
    let (scope, path) = inner.split_once('.').unwrap_or((inner, ""));
    let root = match scope {
        "city" => refs.city,
        "region" | "parent" => {
            let found = if scope == "region" {
                refs.region
            } else {
                refs.parent
            };
            found.ok_or_else(|| {
                (
                    t!(
                        "`{{{{ {inner} }}}}`: there is no {scope} here",
                        "`{{{{ {inner} }}}}`：这里没有可引用的 {scope}"
                    ),
                    Text::both(
                        "region and parent figures can be used only in a county's or a region's narrative; use `city.` here",
                        "region 和 parent 开头的数据只能用在县或地区的正文中；这里请用 `city.`",
                    ),
                )
            })?
        }
        "county" => refs.county.ok_or_else(|| {
            (
                t!(
                    "`{{{{ {inner} }}}}`: there is no county here",
                    "`{{{{ {inner} }}}}`：这里没有县"
                ),
                Text::both(
                    "county figures can be used only in a county's narrative; use `city.` here",
                    "county 开头的数据只能用在县的正文中；这里请用 `city.`",
                ),
            )
        })?,
        _ => {
            return Err((
                t!(
                    "`{{{{ {inner} }}}}` is not a figure reference",
                    "`{{{{ {inner} }}}}` 不是数据引用"
                ),
                Text::both(
                    "write {{ county.KEY }}, {{ region.KEY }}, {{ parent.KEY }} or {{ city.KEY }}, e.g. {{ city.members }}",
                    "应为 {{ county.键名 }}、{{ region.键名 }}、{{ parent.键名 }} 或 {{ city.键名 }}，例如 {{ city.members }}",
                ),
            ));
        }
    };
    match lookup(root, path) {
        Some(v) if !v.is_object() && !v.is_array() && !v.is_null() => Ok(format_figure(path, v)),
        Some(v) if v.get("value").is_some() => Ok(format_figure(path, v)),
        Some(serde_json::Value::Null) => Err((
            t!(
                "`{inner}` has no value here (no previous term?)",
                "`{inner}` 在这里没有值（没有上届数据？）"
            ),
            Text::both(
                "give the previous term in the data, or leave this figure out",
                "请在数据中填写上届数据，或删去这个数据",
            ),
        )),
        None if figure_type(path).is_some() => Err(zero_base_share(inner, root, path)
            .unwrap_or_else(|| unknown_figure(inner, scope, path))),
        _ => {
            let mut keys = Vec::new();
            leaf_keys(root, "", &mut keys);
            let help = match crate::diagnostic::nearest(path, keys.iter().map(String::as_str)) {
                Some(n) => t!("did you mean `{scope}.{n}`?", "建议改为 `{scope}.{n}`"),
                None => Text::both(
                    "see the key table in docs/content-model.md",
                    "键名见 docs/content-model.md 中的表格",
                ),
            };
            Err((
                t!(
                    "`{inner}` is not a figure in the data",
                    "`{inner}` 不是数据中的字段"
                ),
                help,
            ))
        }
    }
}

/// A share whose whole is 0 here (nobody promoted, a region without counties): it is
/// undefined, not left out, so the editor is told so rather than asked for a count.
fn zero_base_share(inner: &str, root: &Value, path: &str) -> Option<(Text, Text)> {
    let (_, whole) = figure_type(path)?.share_of?;
    let base = whole.path();
    if lookup(root, base)?.as_u64()? != 0 {
        return None;
    }
    let label = whole.label();
    Some((
        t!(
            "`{inner}` has no value here: it is a share of `{base}` ({label}), which is 0",
            "`{inner}` 在这里没有值：它是 `{base}`（{label}）中的占比，而该人数为 0"
        ),
        t!(
            "a share of 0 is undefined; leave this figure out of the sentence, or state the count instead",
            "人数为 0 时占比无意义；请从句子中删去这个数据，或改为写人数"
        ),
    ))
}

/// A figure qingfeng computes, but not here: the data leaves it out (or, for a change,
/// gives no previous term).
fn unknown_figure(inner: &str, scope: &str, path: &str) -> (Text, Text) {
    let (whose, whose_zh) = if scope == "city" {
        ("every county's data", "每个县的数据")
    } else {
        ("the county's data", "该县的数据")
    };
    match figure_type(path).map(|t| t.measure) {
        Some(Measure::Change) => (
            t!(
                "`{inner}` has no value here: there is no previous term to compare with",
                "`{inner}` 在这里没有值：没有可比较的上届数据"
            ),
            t!(
                "give `previous:` in {whose}, or leave this figure out",
                "请在{whose_zh}中填写 `previous:`，或删去这个数据"
            ),
        ),
        _ => (
            t!(
                "`{inner}` is unknown here: the data leaves it out",
                "`{inner}` 在这里未知：数据中没有填写"
            ),
            t!(
                "add the count to {whose} (an optional count left out is unknown, not 0), or leave this figure out",
                "请在{whose_zh}中补上该人数（可选人数不填表示未知，而不是 0），或删去这个数据"
            ),
        ),
    }
}

fn leaf_keys(v: &Value, prefix: &str, out: &mut Vec<String>) {
    if let Value::Object(map) = v {
        if map.contains_key("value") {
            out.push(prefix.to_string());
            return;
        }
        for (k, v) in map {
            let key = if prefix.is_empty() {
                k.clone()
            } else {
                format!("{prefix}.{k}")
            };
            if v.is_object() {
                leaf_keys(v, &key, out);
            } else {
                out.push(key);
            }
        }
    }
}
