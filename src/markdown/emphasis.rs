//! Emphasis, strong emphasis and strikethrough by the CommonMark CJK-friendly amendments.
//!
//! pulldown-cmark 0.13 pairs `*`, `_` and `~` by plain CommonMark, which leaves
//! `**重点。**说明` as asterisks. This pass keeps everything else it parsed (blocks, links,
//! code spans, autolinks, raw HTML, escapes, entities) and pairs the delimiters again. In
//! each inline container (a paragraph, a heading, a table cell, the text of a tight list
//! item) its emphasis events go back to the delimiter characters of the source they came
//! from, the unpaired delimiters are found in its text, and CommonMark's delimiter-run
//! algorithm (spec 0.31.2, "process emphasis") pairs them under the amended flanking rules
//! of `flanking.rs`. Link text and image descriptions are paired on their own, as the
//! algorithm does when it closes a link.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use super::flanking::{Side, open_close};

/// An event with its byte range in the source.
pub(super) type Spanned<'a> = (Event<'a>, Range<usize>);

/// Pairs the emphasis of `events` (pulldown-cmark's, each with its range in `source`)
/// again, by the amended rules; every other event is kept as it is.
pub(super) fn resolve_emphasis<'a>(source: &'a str, events: Vec<Spanned<'a>>) -> Vec<Event<'a>> {
    let mut out = Vec::with_capacity(events.len());
    let mut container: Vec<Spanned<'a>> = Vec::new();
    // Inside a code block, text is verbatim.
    let mut verbatim = 0_usize;
    for (event, range) in events {
        if verbatim == 0 && is_inline(&event) {
            container.push((event, range));
            continue;
        }
        if !container.is_empty() {
            pair_container(source, std::mem::take(&mut container), &mut out);
        }
        match &event {
            Event::Start(Tag::CodeBlock(_) | Tag::MetadataBlock(_)) => verbatim += 1,
            Event::End(TagEnd::CodeBlock | TagEnd::MetadataBlock(_)) => {
                verbatim = verbatim.saturating_sub(1);
            }
            _ => {}
        }
        out.push(event);
    }
    if !container.is_empty() {
        pair_container(source, container, &mut out);
    }
    out
}

fn is_inline(event: &Event<'_>) -> bool {
    match event {
        Event::Text(_)
        | Event::Code(_)
        | Event::InlineMath(_)
        | Event::DisplayMath(_)
        | Event::InlineHtml(_)
        | Event::FootnoteReference(_)
        | Event::SoftBreak
        | Event::HardBreak => true,
        Event::Start(tag) => is_inline_tag(&tag.to_end()),
        Event::End(end) => is_inline_tag(end),
        Event::Html(_) | Event::Rule | Event::TaskListMarker(_) => false,
    }
}

fn is_inline_tag(end: &TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

/// Pairs one inline container into `out`. Should pulldown-cmark's ranges ever disagree
/// with the source, its own pairing is kept.
fn pair_container<'a>(source: &'a str, events: Vec<Spanned<'a>>, out: &mut Vec<Event<'a>>) {
    if may_hold_delimiters(&events) {
        if let Some(tokens) = flatten(source, &events).and_then(|items| tokens(source, items)) {
            let mut tokens = tokens;
            pair(&mut tokens);
            emit(source, tokens, out);
            return;
        }
    }
    out.extend(events.into_iter().map(|(event, _)| event));
}

fn may_hold_delimiters(events: &[Spanned<'_>]) -> bool {
    events.iter().any(|(event, _)| match event {
        Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough) => true,
        Event::Text(text) => text.bytes().any(is_delimiter),
        _ => false,
    })
}

fn is_delimiter(b: u8) -> bool {
    matches!(b, b'*' | b'_' | b'~')
}

/// The inline content of a container, in source order, with every delimiter character
/// that the source holds unescaped on its own.
enum Item<'a> {
    /// Literal text.
    Text(CowStr<'a>),
    /// One delimiter character, at this byte of the source.
    Delimiter(usize),
    /// A soft or hard line break.
    Break(Event<'a>),
    /// A code span, raw HTML, a footnote reference: no delimiter inside.
    Atom(Event<'a>),
    /// The start of a link or an image, whose text is paired on its own.
    Open(Event<'a>),
    /// Its end.
    Close(Event<'a>),
}

fn flatten<'a>(source: &'a str, events: &[Spanned<'a>]) -> Option<Vec<Item<'a>>> {
    let mut items = Vec::with_capacity(events.len() * 2);
    // Inside an autolink the text is a URL, never emphasis.
    let mut in_autolink = false;
    for (event, range) in events {
        match event {
            Event::Start(tag @ (Tag::Emphasis | Tag::Strong | Tag::Strikethrough)) => {
                let len = delimiters_of(source, &tag.to_end(), range)?;
                items.extend((range.start..range.start + len).map(Item::Delimiter));
            }
            Event::End(end @ (TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough)) => {
                let len = delimiters_of(source, end, range)?;
                items.extend((range.end - len..range.end).map(Item::Delimiter));
            }
            Event::Start(Tag::Link { link_type, .. }) => {
                in_autolink = matches!(link_type, LinkType::Autolink | LinkType::Email);
                items.push(Item::Open(event.clone()));
            }
            Event::Start(_) => items.push(Item::Open(event.clone())),
            Event::End(_) => {
                in_autolink = false;
                items.push(Item::Close(event.clone()));
            }
            Event::Text(text) if !in_autolink && source.get(range.clone()) == Some(text) => {
                split_text(source, range.clone(), &mut items);
            }
            Event::Text(text) => items.push(Item::Text(text.clone())),
            Event::SoftBreak | Event::HardBreak => items.push(Item::Break(event.clone())),
            _ => items.push(Item::Atom(event.clone())),
        }
    }
    Some(items)
}

/// How many delimiter characters open (and close) an emphasis event spanning `range`,
/// checked against the source.
fn delimiters_of(source: &str, end: &TagEnd, range: &Range<usize>) -> Option<usize> {
    let bytes = source.as_bytes().get(range.clone())?;
    let delimiter = *bytes.first()?;
    let len = match end {
        TagEnd::Emphasis => 1,
        TagEnd::Strong => 2,
        _ => bytes.iter().take(2).take_while(|&&b| b == b'~').count(),
    };
    let fits = bytes.len() >= 2 * len && len > 0 && is_delimiter(delimiter);
    let same = bytes[..len.min(bytes.len())]
        .iter()
        .chain(&bytes[bytes.len().saturating_sub(len)..])
        .all(|&b| b == delimiter);
    (fits && same).then_some(len)
}

/// Splits a text that is its own source into literal pieces and delimiter characters;
/// a delimiter after an odd number of backslashes is escaped, hence literal.
fn split_text<'a>(source: &'a str, range: Range<usize>, items: &mut Vec<Item<'a>>) {
    let bytes = source.as_bytes();
    let mut literal = range.start;
    for at in range.clone() {
        if !is_delimiter(bytes[at]) {
            continue;
        }
        let backslashes = bytes[..at]
            .iter()
            .rev()
            .take_while(|&&b| b == b'\\')
            .count();
        if backslashes % 2 == 1 {
            continue;
        }
        if literal < at {
            items.push(Item::Text(CowStr::Borrowed(&source[literal..at])));
        }
        items.push(Item::Delimiter(at));
        literal = at + 1;
    }
    if literal < range.end {
        items.push(Item::Text(CowStr::Borrowed(&source[literal..range.end])));
    }
}

/// What a pair of delimiters became.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Emphasis,
    Strong,
    Strikethrough,
}

impl Kind {
    fn start(self) -> Event<'static> {
        Event::Start(match self {
            Kind::Emphasis => Tag::Emphasis,
            Kind::Strong => Tag::Strong,
            Kind::Strikethrough => Tag::Strikethrough,
        })
    }

    fn end(self) -> Event<'static> {
        Event::End(match self {
            Kind::Emphasis => TagEnd::Emphasis,
            Kind::Strong => TagEnd::Strong,
            Kind::Strikethrough => TagEnd::Strikethrough,
        })
    }
}

/// A delimiter run: a maximal sequence of one delimiter character in the source.
#[derive(Debug)]
struct Run {
    delimiter: u8,
    /// The byte of the source where it starts.
    start: usize,
    /// Its length in the source.
    len: usize,
    can_open: bool,
    can_close: bool,
    /// Characters used by closing, from the front.
    closed: usize,
    /// Characters used by opening, from the back.
    opened: usize,
    /// What it closes, innermost first.
    ends: Vec<Kind>,
    /// What it opens, innermost first.
    starts: Vec<Kind>,
}

impl Run {
    fn remaining(&self) -> usize {
        self.len - self.closed - self.opened
    }

    /// Whether `self`, an opener, pairs with `closer`: the same character, and the rule of
    /// three (CommonMark rules 9 and 10); strikethrough pairs runs of one length.
    fn pairs_with(&self, closer: &Run) -> bool {
        if self.delimiter != closer.delimiter || self.remaining() == 0 {
            return false;
        }
        if self.delimiter == b'~' {
            return self.len == closer.len;
        }
        let sum_of_three = (self.len + closer.len) % 3 == 0;
        let both_of_three = self.len % 3 == 0 && closer.len % 3 == 0;
        !((self.can_close || closer.can_open) && sum_of_three && !both_of_three)
    }

    /// The slot of `openers_bottom` for this closer: closers of one slot fail alike.
    fn bottom_slot(&self) -> usize {
        let mod3 = usize::from(self.can_open) * 3 + self.len % 3;
        match self.delimiter {
            b'*' => mod3,
            b'_' => 6 + mod3,
            _ => 12 + usize::from(self.len > 1),
        }
    }
}

const BOTTOM_SLOTS: usize = 14;

/// The inline content as the pairing sees it.
enum Token<'a> {
    Event(Event<'a>),
    Run(Run),
    /// A link or an image, with its text.
    Group {
        open: Event<'a>,
        inner: Vec<Token<'a>>,
        close: Event<'a>,
    },
}

/// Groups delimiter characters into runs, each knowing whether it can open and close,
/// and links and images into groups.
fn tokens<'a>(source: &'a str, items: Vec<Item<'a>>) -> Option<Vec<Token<'a>>> {
    let mut runs = runs(source, &items).into_iter();
    let mut levels: Vec<(Event<'a>, Vec<Token<'a>>)> = Vec::new();
    let mut current = Vec::with_capacity(items.len());
    let mut skip = 0;
    for item in items {
        match item {
            Item::Delimiter(_) if skip > 0 => skip -= 1,
            Item::Delimiter(_) => {
                let run = runs.next()?;
                skip = run.len - 1;
                current.push(Token::Run(run));
            }
            Item::Text(text) => current.push(Token::Event(Event::Text(text))),
            Item::Break(event) | Item::Atom(event) => current.push(Token::Event(event)),
            Item::Open(open) => levels.push((open, std::mem::take(&mut current))),
            Item::Close(close) => {
                let (open, outer) = levels.pop()?;
                let inner = std::mem::replace(&mut current, outer);
                current.push(Token::Group { open, inner, close });
            }
        }
    }
    levels.is_empty().then_some(current)
}

/// The delimiter runs of `items`, in order. The characters beside a run are those of the
/// source; the start of a line (after a break, or of the container) and its end count as
/// whitespace, as CommonMark says.
fn runs(source: &str, items: &[Item<'_>]) -> Vec<Run> {
    let bytes = source.as_bytes();
    let mut runs = Vec::new();
    let mut i = 0;
    while i < items.len() {
        let Item::Delimiter(start) = items[i] else {
            i += 1;
            continue;
        };
        let delimiter = bytes[start];
        let mut len = 1;
        while let Some(Item::Delimiter(at)) = items.get(i + len) {
            if *at != start + len || bytes[*at] != delimiter {
                break;
            }
            len += 1;
        }
        let before = if i == 0 || matches!(items[i - 1], Item::Break(_)) {
            Side::LINE_EDGE
        } else {
            let mut chars = source[..start].chars().rev();
            let last = chars.next();
            Side::before(last, chars.next())
        };
        let after = if i + len == items.len() {
            Side::LINE_EDGE
        } else {
            Side::after(source[start + len..].chars().next())
        };
        let (can_open, can_close) = open_close(delimiter, len, before, after);
        // Three or more tildes are never strikethrough.
        let usable = delimiter != b'~' || len <= 2;
        runs.push(Run {
            delimiter,
            start,
            len,
            can_open: can_open && usable,
            can_close: can_close && usable,
            closed: 0,
            opened: 0,
            ends: Vec::new(),
            starts: Vec::new(),
        });
        i += len;
    }
    runs
}

/// CommonMark's "process emphasis" over one level of tokens; each group's text first
/// pairs on its own.
fn pair(tokens: &mut [Token<'_>]) {
    // The runs that may still open, by index into `tokens`, innermost last.
    let mut openers: Vec<usize> = Vec::new();
    let mut bottoms = [0_usize; BOTTOM_SLOTS];
    for i in 0..tokens.len() {
        let (before, rest) = tokens.split_at_mut(i);
        match &mut rest[0] {
            Token::Group { inner, .. } => pair(inner),
            Token::Run(closer) => {
                if closer.can_close {
                    close(before, closer, &mut openers, &mut bottoms);
                }
                if closer.can_open && closer.remaining() > 0 {
                    openers.push(i);
                }
            }
            Token::Event(_) => {}
        }
    }
}

/// Closes what `closer` can, looking back through `openers` (indices into `before`).
fn close(
    before: &mut [Token<'_>],
    closer: &mut Run,
    openers: &mut Vec<usize>,
    bottoms: &mut [usize; BOTTOM_SLOTS],
) {
    while closer.remaining() > 0 {
        let slot = closer.bottom_slot();
        let floor = bottoms[slot].min(openers.len());
        let found = (floor..openers.len()).rev().find(
            |&k| matches!(&before[openers[k]], Token::Run(opener) if opener.pairs_with(closer)),
        );
        let Some(k) = found else {
            bottoms[slot] = openers.len();
            return;
        };
        // The openers between the pair can no longer open: they stay literal.
        openers.truncate(k + 1);
        let Token::Run(opener) = &mut before[openers[k]] else {
            return;
        };
        let (kind, used) = if closer.delimiter == b'~' {
            (Kind::Strikethrough, closer.len)
        } else if opener.remaining() >= 2 && closer.remaining() >= 2 {
            (Kind::Strong, 2)
        } else {
            (Kind::Emphasis, 1)
        };
        opener.opened += used;
        opener.starts.push(kind);
        closer.closed += used;
        closer.ends.push(kind);
        if opener.remaining() == 0 {
            openers.pop();
        }
        for bottom in bottoms.iter_mut() {
            *bottom = (*bottom).min(openers.len());
        }
    }
}

fn emit<'a>(source: &'a str, tokens: Vec<Token<'a>>, out: &mut Vec<Event<'a>>) {
    for token in tokens {
        match token {
            Token::Event(event) => out.push(event),
            Token::Group { open, inner, close } => {
                out.push(open);
                emit(source, inner, out);
                out.push(close);
            }
            Token::Run(run) => {
                out.extend(run.ends.iter().map(|kind| kind.end()));
                let literal = run.start + run.closed..run.start + run.len - run.opened;
                if !literal.is_empty() {
                    out.push(Event::Text(CowStr::Borrowed(&source[literal])));
                }
                out.extend(run.starts.iter().rev().map(|kind| kind.start()));
            }
        }
    }
}
