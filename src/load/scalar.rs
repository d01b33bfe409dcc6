//! Where the text of a YAML scalar stands in its file, so that a problem found in that text
//! (a Q&A answer's Markdown) is reported at the file's own line and column.
//!
//! The scalars are found by their indentation, as YAML's block style writes them, or in a
//! list item that is a flow mapping on one line (`- { question: …, answer: … }`); a flow
//! mapping over several lines has no place, and its problems are reported on the whole
//! file as before.

/// The lines of a scalar in its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScalarPlace {
    /// How its lines make its text.
    style: Style,
    /// Each line of the file it spans, blank ones included.
    lines: Vec<ScalarLine>,
}

/// How a scalar's lines make its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    /// `|`: each line of the file is a line of the text.
    Literal,
    /// `>`, or a plain or quoted scalar: lines are joined by a space, and each blank line
    /// is a line break.
    Folded,
}

/// One line of the file that a scalar spans.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ScalarLine {
    /// Its number in the file, from 1.
    number: usize,
    /// The column (from 1, in characters) where the scalar's text starts on it.
    column: usize,
    /// How many characters of the scalar's text it holds.
    chars: usize,
    /// The escapes on it (`''`, `\"`, `\u4e00`): the text character each stands for (from
    /// 0) and how many more characters it takes in the file, in order.
    escapes: Vec<(usize, usize)>,
    /// The whole line, for the caret display.
    source: Box<str>,
}

impl ScalarPlace {
    /// The file's line, column and that line's text for `line` and `column` (from 1) of the
    /// scalar's text.
    pub fn locate(&self, line: usize, column: usize) -> Option<(usize, usize, &str)> {
        // A column past a line's text is the place just after it.
        fn at(l: &ScalarLine, column: usize) -> Option<(usize, usize, &str)> {
            let column = column.clamp(1, l.chars + 1);
            let wider: usize = l
                .escapes
                .iter()
                .take_while(|(at, _)| *at < column - 1)
                .map(|(_, extra)| extra)
                .sum();
            Some((l.number, l.column + column - 1 + wider, &*l.source))
        }
        match self.style {
            Style::Literal => at(self.lines.get(line.checked_sub(1)?)?, column),
            Style::Folded => {
                // The runs of lines that are not blank, each a line of the text; blank lines
                // in between add one line of the text each, less the break that ends a run.
                let mut text_line = 1;
                let mut run: Vec<&ScalarLine> = Vec::new();
                let mut blanks = 0;
                for l in &self.lines {
                    if l.chars == 0 {
                        blanks += 1;
                        continue;
                    }
                    if !run.is_empty() && blanks > 0 {
                        if text_line == line {
                            break;
                        }
                        text_line += blanks;
                        run.clear();
                    }
                    blanks = 0;
                    run.push(l);
                }
                if text_line != line {
                    return None;
                }
                let mut column = column;
                for (i, l) in run.iter().enumerate() {
                    if column <= l.chars + 1 || i + 1 == run.len() {
                        return at(l, column);
                    }
                    // The space that joins it to the next line.
                    column -= l.chars + 1;
                }
                None
            }
        }
    }
}

/// For each item of the top-level list `list` (`items:`), where the scalar of its `key`
/// (`answer:`) stands: `None` for an item without one in block style.
pub fn item_scalars(text: &str, list: &str, key: &str) -> Vec<Option<ScalarPlace>> {
    let lines: Vec<&str> = text.lines().collect();
    let mut items: Vec<Option<ScalarPlace>> = Vec::new();
    let mut in_list = false;
    // The column of the list's dashes, and of the current item's keys.
    let mut dash: Option<usize> = None;
    let mut item_keys: Option<usize> = None;
    let mut n = 0;
    while n < lines.len() {
        let raw = lines[n];
        let trimmed = raw.trim_start_matches(' ');
        let indent = raw.len() - trimmed.len();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            n += 1;
            continue;
        }
        if indent == 0 && !trimmed.starts_with('-') {
            in_list = trimmed
                .strip_prefix(list)
                .is_some_and(|rest| rest.trim_start().starts_with(':'));
            n += 1;
            continue;
        }
        if !in_list {
            n += 1;
            continue;
        }
        let mut content = trimmed;
        let mut column = indent;
        if dash.is_none_or(|d| d == indent) && (content == "-" || content.starts_with("- ")) {
            dash = Some(indent);
            items.push(None);
            let rest = content[1..].trim_start_matches(' ');
            column += content.len() - rest.len();
            content = rest;
            item_keys = (!content.is_empty()).then_some(column);
            if content.starts_with('{') {
                // A flow mapping on one line: `- { question: …, answer: "…" }`.
                if let Some(last) = items.last_mut() {
                    *last = flow_scalar(raw, n, column, key);
                }
                n += 1;
                continue;
            }
        } else if item_keys.is_none() && dash.is_some_and(|d| indent > d) {
            item_keys = Some(indent);
        }
        let at_item_key = item_keys == Some(column) && !items.is_empty();
        let value = content
            .strip_prefix(key)
            .and_then(|rest| rest.strip_prefix(':'))
            .filter(|rest| rest.is_empty() || rest.starts_with(' '));
        match value {
            Some(value) if at_item_key => {
                let value_column =
                    column + key.len() + 1 + (value.len() - value.trim_start().len());
                let (place, next) = scalar_at(&lines, n, column, value_column);
                if let Some(last) = items.last_mut() {
                    *last = Some(place);
                }
                n = next;
            }
            _ => n = skip_block_text(&lines, n, column, content),
        }
    }
    items
}

/// The scalar of `key` in the flow mapping that starts at byte `from` of `line` (line `n`,
/// from 0) and ends on it: a quoted or a plain scalar.
fn flow_scalar(line: &str, n: usize, from: usize, key: &str) -> Option<ScalarPlace> {
    let bytes = line.as_bytes();
    let (mut depth, mut quote, mut expect_key) = (0usize, None::<u8>, false);
    let mut i = from;
    while i < bytes.len() {
        let b = bytes[i];
        if let Some(q) = quote {
            if q == b'"' && b == b'\\' {
                i += 2;
                continue;
            }
            if b == q {
                quote = None;
            }
            i += 1;
            continue;
        }
        match b {
            b'{' | b'[' => {
                depth += 1;
                expect_key = b == b'{' && depth == 1;
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            b',' => expect_key = depth == 1,
            b' ' => {}
            b'"' | b'\'' => {
                quote = Some(b);
                expect_key = false;
            }
            _ if expect_key => {
                expect_key = false;
                let rest = &line[i..];
                if let Some(value) = rest.strip_prefix(key).and_then(|r| r.strip_prefix(':')) {
                    let start = line.len() - value.trim_start_matches(' ').len();
                    return flow_value(line, n, start);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The scalar that starts at byte `start` of `line` (line `n`, from 0) inside a flow
/// mapping: quoted (its text after the quote, up to the closing one) or plain (up to a
/// `,` or `}`).
fn flow_value(line: &str, n: usize, start: usize) -> Option<ScalarPlace> {
    let value = line.get(start..)?;
    let (from, text, quote) = match value.as_bytes().first() {
        Some(&q @ (b'"' | b'\'')) => {
            let inner = &value[1..];
            let mut end = None;
            let mut escaped = false;
            let mut chars = inner.char_indices().peekable();
            while let Some((k, c)) = chars.next() {
                if escaped {
                    escaped = false;
                } else if q == b'"' && c == '\\' {
                    escaped = true;
                } else if c == char::from(q) {
                    // `''` is a quote inside single quotes.
                    if q == b'\'' && chars.peek().is_some_and(|&(_, n)| n == '\'') {
                        chars.next();
                        continue;
                    }
                    end = Some(k);
                    break;
                }
            }
            (start + 1, &inner[..end?], Some(q))
        }
        _ => {
            let end = value.find([',', '}']).unwrap_or(value.len());
            (start, value[..end].trim_end(), None)
        }
    };
    let (chars, escapes) = text_chars(text, quote);
    Some(ScalarPlace {
        style: Style::Folded,
        lines: vec![ScalarLine {
            number: n + 1,
            column: line[..from].chars().count() + 1,
            chars,
            escapes,
            source: line.into(),
        }],
    })
}

/// How many characters of text `source` (a line's part of a scalar, inside `quote` if it is
/// quoted) stands for, and its escapes: `''` in single quotes, `\` and what follows it in
/// double quotes (`\x41`, `\u4e00` and `\U0001F600` with their digits).
fn text_chars(source: &str, quote: Option<u8>) -> (usize, Vec<(usize, usize)>) {
    let mut escapes = Vec::new();
    let (mut chars, mut rest) = (0, source.chars().peekable());
    while let Some(c) = rest.next() {
        let extra = match (quote, c) {
            (Some(b'\''), '\'') if rest.peek() == Some(&'\'') => 1,
            (Some(b'"'), '\\') => match rest.peek() {
                Some('x') => 3,
                Some('u') => 5,
                Some('U') => 9,
                Some(_) => 1,
                None => 0,
            },
            _ => 0,
        };
        for _ in 0..extra {
            rest.next();
        }
        if extra > 0 {
            escapes.push((chars, extra));
        }
        chars += 1;
    }
    (chars, escapes)
}

/// After the line `n`, whose content (a key and its value) stands at `column`: the next
/// line to read, past the text of a block scalar it opens.
fn skip_block_text(lines: &[&str], n: usize, column: usize, content: &str) -> usize {
    let value = content.split_once(": ").map_or("", |(_, v)| v);
    if block_header(value).is_none() {
        return n + 1;
    }
    let mut next = n + 1;
    while next < lines.len() {
        let line = lines[next];
        let trimmed = line.trim_start_matches(' ');
        if !trimmed.is_empty() && line.len() - trimmed.len() <= column {
            break;
        }
        next += 1;
    }
    next
}

/// The style of the block scalar that `value` (after its key's `: `) opens, if it opens
/// one: `|`, `>-`, `|2 # note`.
fn block_header(value: &str) -> Option<Style> {
    let mut words = value
        .split_whitespace()
        .take_while(|w| !w.starts_with('#'))
        .skip_while(|w| w.starts_with('&') || w.starts_with('!'));
    let header = words.next()?;
    let style = match header.chars().next()? {
        '|' => Style::Literal,
        '>' => Style::Folded,
        _ => return None,
    };
    (words.next().is_none()
        && header.len() <= 3
        && header[1..]
            .chars()
            .all(|c| matches!(c, '-' | '+' | '1'..='9')))
    .then_some(style)
}

/// The scalar whose key stands at `key_column` (0-based, in bytes) of line `n`, its value
/// starting at byte `value_column` of that line; and the line after it.
fn scalar_at(
    lines: &[&str],
    n: usize,
    key_column: usize,
    value_column: usize,
) -> (ScalarPlace, usize) {
    let first = lines[n];
    let value = first.get(value_column..).unwrap_or("");
    // A quoted scalar's quote, whose escapes its lines may hold.
    let quote = value
        .as_bytes()
        .first()
        .copied()
        .filter(|q| matches!(q, b'"' | b'\''));
    let line = |number: usize, from: usize, text: &str, quote: Option<u8>| {
        let (chars, escapes) = text_chars(text, quote);
        ScalarLine {
            number: number + 1,
            column: lines[number][..from].chars().count() + 1,
            chars,
            escapes,
            source: lines[number].into(),
        }
    };
    // The lines below the key that belong to its value: more indented than the key, or
    // blank (those at the end are not the value's).
    let mut end = n + 1;
    let mut last = n;
    while end < lines.len() {
        let trimmed = lines[end].trim_start_matches(' ');
        if trimmed.is_empty() {
            end += 1;
            continue;
        }
        if lines[end].len() - trimmed.len() <= key_column {
            break;
        }
        last = end;
        end += 1;
    }
    let below = n + 1..last + 1;
    if let Some(style) = block_header(value) {
        // The text is indented as its first line that is not blank.
        let indent = lines[below.clone()]
            .iter()
            .find(|l| !l.trim().is_empty())
            .map_or(0, |l| l.len() - l.trim_start_matches(' ').len());
        let lines = below
            .map(|k| {
                let text = lines[k].get(indent..).unwrap_or("");
                line(k, indent.min(lines[k].len()), text, None)
            })
            .collect();
        return (ScalarPlace { style, lines }, last + 1);
    }
    // A plain or quoted scalar: its text starts after the quote.
    let quoted = quote.is_some();
    let start = value_column + usize::from(quoted);
    let mut first_text = first.get(start..).unwrap_or("").trim_end();
    if quoted {
        first_text = first_text.strip_suffix(['"', '\'']).unwrap_or(first_text);
    } else if let Some(comment) = first_text.find(" #") {
        first_text = &first_text[..comment];
    }
    let mut spanned = vec![line(n, start.min(first.len()), first_text, quote)];
    for k in below {
        let trimmed = lines[k].trim_start_matches(' ');
        let from = lines[k].len() - trimmed.len();
        let text = trimmed.trim_end();
        let text = if quoted && k == last {
            text.strip_suffix(['"', '\'']).unwrap_or(text)
        } else {
            text
        };
        spanned.push(line(k, from, text, quote));
    }
    (
        ScalarPlace {
            style: Style::Folded,
            lines: spanned,
        },
        last + 1,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const QA: &str = "title: 问答\nitems:\n  - question: 一问\n    answer: 全市共{{ x }}名。\n  - question: 二问\n    answer: |\n      第一段。\n\n      第二段{{ y }}。\n    id: two\n  - id: three\n    question: 三问\n    answer: \"见[通知](a.md)。\"\n  - question: |\n      answer: 不是键\n    answer: >-\n      折叠的\n      一段\n\n      另一段\n  - question: 五问\n    answer:\n      下一行的\n      文字\n";

    #[track_caller]
    fn case(item: usize, (line, column): (usize, usize), expected: (usize, usize)) {
        let places = item_scalars(QA, "items", "answer");
        assert_eq!(places.len(), 5);
        let place = places[item].as_ref().expect("placed");
        let (l, c, source) = place.locate(line, column).expect("located");
        assert_eq!((l, c), expected, "item {item}: {source}");
        assert_eq!(source, QA.lines().nth(l - 1).unwrap_or(""));
    }

    #[test]
    fn answers_in_flow_mappings_are_placed_on_their_line() {
        let qa = "items:\n  - { question: \"一, 问\", answer: \"全市{{ x }}名\" }\n  - {question: 二问, answer: 第二{{ y }} , id: b}\n  - { question: 三问 }\n  - {answer: '甲''乙{{ z }}'}\n";
        let places = item_scalars(qa, "items", "answer");
        assert_eq!(places.len(), 4);
        let at = |item: usize, column: usize| {
            let place = places[item].as_ref().expect("placed");
            let (l, c, _) = place.locate(1, column).expect("located");
            (l, c)
        };
        // After the quote: `全` is at column 34 of line 2.
        assert_eq!(at(0, 3), (2, 36));
        assert_eq!(at(1, 3), (3, 30));
        assert!(places[2].is_none());
        // A single-quoted scalar holding `''` (a quote written twice) ends at its own
        // closing quote, and the escape's second quote is counted in the columns after it:
        // `{` is the text's fourth character, at column 19.
        assert_eq!(at(3, 1), (5, 15));
        assert_eq!(at(3, 2), (5, 16));
        assert_eq!(at(3, 3), (5, 18));
        assert_eq!(at(3, 4), (5, 19));
        assert_eq!(
            places[3]
                .as_ref()
                .and_then(|p| p.locate(1, 99))
                .map(|(_, c, _)| c),
            Some(26)
        );
        // In double quotes, `\"` and `\u4e59` are one character each.
        let qa = "items:\n  - answer: \"甲\\\"\\u4e59{{ z }}\"\n  - { answer: \"\\x41{{ w }}\" }\n";
        let places = item_scalars(qa, "items", "answer");
        let at = |item: usize, column: usize| {
            let place = places[item].as_ref().expect("placed");
            let (l, c, _) = place.locate(1, column).expect("located");
            (l, c)
        };
        assert_eq!(at(0, 2), (2, 15));
        assert_eq!(at(0, 3), (2, 17));
        assert_eq!(at(0, 4), (2, 23));
        assert_eq!(at(1, 2), (3, 20));
    }

    #[test]
    fn answers_are_placed_in_the_file() {
        // A plain scalar on its key's line.
        case(0, (1, 4), (4, 16));
        // A literal block: its lines are the file's, after the block's indentation.
        case(1, (1, 1), (7, 7));
        case(1, (3, 4), (9, 10));
        // A quoted scalar: after the quote.
        case(2, (1, 2), (13, 15));
        // A folded block: lines joined by a space; a blank line breaks them.
        case(3, (1, 5), (18, 7));
        case(3, (2, 2), (20, 8));
        // A plain scalar below its key.
        case(4, (1, 6), (24, 7));
        // The space that joins two lines: just after the first.
        case(4, (1, 5), (23, 11));
    }

    #[test]
    fn a_flow_mapping_over_lines_and_other_lists_have_no_place() {
        let text = "items:\n  - { question: a,\n      answer: b }\n  - question: c\n    answer: d\nother:\n  - answer: e\n";
        let places = item_scalars(text, "items", "answer");
        assert_eq!(places.len(), 2);
        assert!(places[0].is_none());
        assert_eq!(
            places[1]
                .as_ref()
                .and_then(|p| p.locate(1, 1))
                .map(|(l, c, _)| (l, c)),
            Some((5, 13))
        );
    }
}
