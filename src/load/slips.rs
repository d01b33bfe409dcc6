//! Chinese-keyboard slips in YAML: a full-width colon after a key, full-width digits,
//! full-width spaces (U+3000) used for indentation, a unit typed after a number (`20人`,
//! `46.9岁`, `13.9%`), thousands separators (`1,137`) and a line indented out of its block.
//! The YAML parser reports each of these as something an editor cannot act on ("could not
//! find expected ':'" on the next line); this finds the exact character instead, with the
//! replacement. Pure: text in, slips out.

use std::ops::Range;

use crate::messages::Text;
use crate::messages::catalog::{self as codes, Code};
use crate::t;

/// One slip: where, what was typed, what to write instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slip {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Its code.
    pub code: Code,
    /// What is wrong, naming the character.
    pub message: Text,
    /// What to write instead.
    pub help: Text,
    /// A mechanical repair: the byte range in the text and its replacement (`check --fix`
    /// applies these).
    pub fix: Option<(Range<usize>, String)>,
}

/// Units editors type after a number, and what the number then is (English, Chinese).
const UNITS: &[(&str, &str, &str)] = &[
    ("人", "people", "人数"),
    ("名", "people", "人数"),
    ("位", "people", "人数"),
    ("个", "a count", "个数"),
    ("岁", "years", "岁数"),
    ("年", "a year", "年份"),
    ("%", "a percentage", "百分比"),
    ("％", "a percentage", "百分比"),
];

/// Every slip in `text`, in order.
pub fn find(text: &str) -> Vec<Slip> {
    let mut slips = Vec::new();
    let mut offset = 0;
    for (n, raw) in text.split('\n').enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        line_slips(line, n + 1, offset, &mut slips);
        offset += raw.len() + 1;
    }
    slips
}

/// The slips whose repair is mechanical, as (byte range, replacement), for `check --fix`.
pub fn fixes(text: &str) -> Vec<(Range<usize>, String)> {
    find(text).into_iter().filter_map(|s| s.fix).collect()
}

/// One line of the text: its characters (without the line end), its number (from 1) and
/// where it starts in the text, in bytes.
#[derive(Clone, Copy)]
struct Line<'a> {
    text: &'a str,
    number: usize,
    offset: usize,
}

impl Line<'_> {
    /// The 1-based column, in characters, of the byte `byte` of the line.
    fn column_of(&self, byte: usize) -> usize {
        self.text[..byte].chars().count() + 1
    }

    /// A slip at the byte `at` of the line.
    fn slip(&self, at: usize, code: Code, message: Text, help: Text) -> Slip {
        Slip {
            line: self.number,
            column: self.column_of(at),
            code,
            message,
            help,
            fix: None,
        }
    }
}

/// The slips of one line: its indentation's, then a key's colon or its value's (one).
fn line_slips(line: &str, number: usize, offset: usize, slips: &mut Vec<Slip>) {
    let line = Line {
        text: line,
        number,
        offset,
    };
    let indent_end = line
        .text
        .char_indices()
        .find(|&(_, c)| c != ' ' && c != '\u{3000}')
        .map_or(line.text.len(), |(i, _)| i);
    slips.extend(indent_slip(line, indent_end));
    let body = &line.text[indent_end..];
    if body.starts_with('#') || body.is_empty() {
        return;
    }
    let body = body.strip_prefix("- ").unwrap_or(body);
    let body_at = line.text.len() - body.len();
    if let Some(slip) = colon_slip(line, body, body_at)
        .or_else(|| space_after_colon(line, body, body_at))
        .or_else(|| flow_comma(line))
    {
        slips.push(slip);
        return;
    }
    // A value: after `key: `.
    let Some(colon) = body.find(": ") else {
        return;
    };
    let value_raw = &body[colon + 2..];
    // Half-width blanks only: a full-width space beside a number is a slip of its own.
    let value = value_raw
        .split(" #")
        .next()
        .unwrap_or(value_raw)
        .trim_matches([' ', '\t']);
    if value.is_empty() {
        return;
    }
    let value_at =
        body_at + colon + 2 + (value_raw.len() - value_raw.trim_start_matches([' ', '\t']).len());
    let key = body[..colon].trim();
    slips.extend(value_slip(line, key, value, value_at));
}

/// The length in bytes of the key that starts `body` (ASCII letters, digits, `_`, `-`).
fn key_len(body: &str) -> usize {
    body.char_indices()
        .find(|&(_, c)| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .map_or(body.len(), |(i, _)| i)
}

/// A key whose colon is followed by a full-width space (`members:　20`): YAML reads the
/// whole line as text.
fn space_after_colon(line: Line<'_>, body: &str, body_at: usize) -> Option<Slip> {
    let key_len = key_len(body);
    let after = body[key_len..].strip_prefix(':')?;
    if key_len == 0 || !after.starts_with('\u{3000}') {
        return None;
    }
    let spaces = after.len() - after.trim_start_matches('\u{3000}').len();
    let at = body_at + key_len + 1;
    let key = &body[..key_len];
    let mut slip = line.slip(
        at,
        codes::FULLWIDTH_SPACE,
        t!(
            "a full-width space (U+3000, 全角空格) after the colon of `{key}`",
            "`{key}:` 后面是全角空格（U+3000）"
        ),
        Text::both(
            "write a half-width space after the colon: 把冒号后的全角空格改为半角空格",
            "把冒号后的全角空格改为半角空格",
        ),
    );
    let start = line.offset + at;
    slip.fix = Some((start..start + spaces, " ".into()));
    Some(slip)
}

/// Full-width spaces in the indentation (which ends at the byte `indent_end`).
fn indent_slip(line: Line<'_>, indent_end: usize) -> Option<Slip> {
    let indent = &line.text[..indent_end];
    let at = indent.find('\u{3000}')?;
    let mut slip = line.slip(
        at,
        codes::FULLWIDTH_SPACE_INDENT,
        Text::both(
            "a full-width space (U+3000, 全角空格) in the indentation",
            "缩进中有全角空格（U+3000）",
        ),
        Text::both(
            "indent with half-width spaces only: 把全角空格改为两个半角空格",
            "只用半角空格缩进：把全角空格改为两个半角空格",
        ),
    );
    slip.fix = Some((
        line.offset..line.offset + indent_end,
        indent.replace('\u{3000}', "  "),
    ));
    Some(slip)
}

/// A key followed by a full-width colon, in `body` (the line from the byte `body_at`: after
/// the indentation and a list's `- `).
fn colon_slip(line: Line<'_>, body: &str, body_at: usize) -> Option<Slip> {
    let key_len = key_len(body);
    if key_len == 0 {
        return None;
    }
    let after = &body[key_len..];
    let spaces = after.len() - after.trim_start_matches(' ').len();
    if !after[spaces..].starts_with('：') {
        return None;
    }
    let at = body_at + key_len + spaces;
    let followed_by_space = after[spaces + '：'.len_utf8()..].starts_with(' ');
    let mut slip = line.slip(
        at,
        codes::FULLWIDTH_COLON,
        t!(
            "a full-width colon `：` after the key `{}`",
            "键 `{}` 后面是全角冒号“：”",
            &body[..key_len]
        ),
        Text::both(
            "write a half-width colon `:`: 把全角冒号“：”改为半角冒号“:”",
            "把全角冒号“：”改为半角冒号“:”",
        ),
    );
    let start = line.offset + at;
    slip.fix = Some((
        start..start + '：'.len_utf8(),
        if followed_by_space { ":" } else { ": " }.into(),
    ));
    Some(slip)
}

/// What was typed where a bare number belongs: the slips a YAML value and a spreadsheet
/// cell share. Each reader says it in its own terms: a file's as `members: 20`, a table's
/// as the cell's column and row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberSlip {
    /// Full-width digits or a full-width point (`２０`).
    FullwidthDigits,
    /// A full-width space before or after the number (`20　`, copied from a document).
    FullwidthSpace,
    /// A unit typed after the number (`20人`, `13.9%`), with what a number with that unit
    /// is, in English and in Chinese.
    Unit {
        /// The unit as typed.
        unit: &'static str,
        /// `people`, `a percentage`.
        what: &'static str,
        /// `人数`, `百分比`.
        what_zh: &'static str,
    },
    /// Thousands separators (`1,137`).
    ThousandsSeparators,
}

impl NumberSlip {
    /// Whether the unit is a percent sign: a share typed where qingfeng wants a count.
    pub fn is_percent(self) -> bool {
        matches!(
            self,
            NumberSlip::Unit {
                unit: "%" | "％",
                ..
            }
        )
    }
}

/// The slip in `value`, a number as typed, with the number meant (`２０` → `20`, `20人`
/// → `20`, `1,137` → `1137`); none when `value` is not one of these slips.
pub fn number_slip(value: &str) -> Option<(NumberSlip, String)> {
    fullwidth_digits(value)
        .map(|n| (NumberSlip::FullwidthDigits, n))
        .or_else(|| space_beside_number(value).map(|n| (NumberSlip::FullwidthSpace, n)))
        .or_else(|| unit_after_number(value))
        .or_else(|| thousands_separators(value).map(|n| (NumberSlip::ThousandsSeparators, n)))
}

/// A slip in the value `value` of `key` (at the byte `at` of the line): full-width
/// digits or spaces, a unit after the number, or thousands separators.
fn value_slip(line: Line<'_>, key: &str, value: &str, at: usize) -> Option<Slip> {
    let (kind, number) = number_slip(value)?;
    let (code, message, help, fix) = match kind {
        NumberSlip::FullwidthDigits => (
            codes::FULLWIDTH_DIGITS,
            t!(
                "`{key}`: `{value}` is written with full-width digits",
                "`{key}`：`{value}` 用了全角数字"
            ),
            t!(
                "write `{number}` with half-width digits: 把全角数字改为半角数字",
                "把全角数字改为半角数字，建议改为 `{number}`"
            ),
            Some(number),
        ),
        NumberSlip::FullwidthSpace => (
            codes::FULLWIDTH_SPACE,
            t!(
                "`{key}`: `{value}` has a full-width space (U+3000, 全角空格) beside the number",
                "`{key}`：`{value}` 数字旁有全角空格（U+3000）"
            ),
            t!(
                "write the number alone: `{key}: {number}` (删去全角空格)",
                "删去全角空格，建议改为 `{key}: {number}`"
            ),
            Some(number),
        ),
        NumberSlip::Unit {
            unit,
            what,
            what_zh,
        } => (
            codes::NUMBER_WITH_UNIT,
            t!(
                "`{key}`: `{value}` has a unit; the value is {what}, a bare number",
                "`{key}`：`{value}` 带了单位；应为{what_zh}，只写数字"
            ),
            if kind.is_percent() {
                t!(
                    "write the count instead; qingfeng computes every share from counts (删去“{unit}”, 比例由人数计算)",
                    "删去“{unit}”，改写人数：qingfeng 根据人数计算比例"
                )
            } else {
                t!(
                    "write the number alone: `{key}: {number}` (删去单位“{unit}”)",
                    "删去单位“{unit}”，只写数字，建议改为 `{key}: {number}`"
                )
            },
            None,
        ),
        NumberSlip::ThousandsSeparators => (
            codes::THOUSANDS_SEPARATOR,
            t!(
                "`{key}`: `{value}` has thousands separators",
                "`{key}`：`{value}` 带了千位分隔符"
            ),
            t!(
                "write `{number}` without commas: 删去千位分隔符",
                "删去千位分隔符，建议改为 `{number}`"
            ),
            None,
        ),
    };
    let mut slip = line.slip(at, code, message, help);
    let start = line.offset + at;
    slip.fix = fix.map(|number| (start..start + value.len(), number));
    Some(slip)
}

/// Full-width digits (and a full-width point) in a number: the number in half-width.
fn fullwidth_digits(value: &str) -> Option<String> {
    let digits = value
        .chars()
        .all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c) || c == '.' || c == '．');
    if !digits
        || !value
            .chars()
            .any(|c| ('０'..='９').contains(&c) || c == '．')
    {
        return None;
    }
    Some(value.chars().map(crate::cjk::half_width).collect())
}

/// A full-width comma before a key in a one-line `{ … }` (`label: 县直单位，count: 1`):
/// YAML reads `县直单位，count: 1` as the label and cannot go on.
fn flow_comma(line: Line<'_>) -> Option<Slip> {
    let open = line.text.find('{')?;
    let close = line.text.rfind('}')?;
    if close < open {
        return None;
    }
    let inside = &line.text[open..close];
    let at = inside.match_indices('，').find_map(|(i, c)| {
        let after = inside[i + c.len()..].trim_start_matches(' ');
        let key = key_len(after);
        (key > 0 && after[key..].starts_with(": ")).then_some(open + i)
    })?;
    let mut slip = line.slip(
        at,
        codes::FULLWIDTH_COMMA,
        Text::both(
            "a full-width comma `，` between the entries of `{ … }`: YAML reads it as part of the value before it",
            "`{ … }` 中各项之间用了全角逗号“，”，YAML 会把它当作前一项值的一部分",
        ),
        Text::both(
            "write a half-width comma and a space: 把全角逗号“，”改为半角逗号“,”",
            "把全角逗号“，”改为半角逗号“,”加一个空格",
        ),
    );
    let start = line.offset + at;
    slip.fix = Some((start..start + '，'.len_utf8(), ", ".into()));
    Some(slip)
}

/// A full-width space before or after a number (`20　`): the number alone.
fn space_beside_number(value: &str) -> Option<String> {
    let bare = value.trim_matches('\u{3000}');
    (bare.len() != value.len() && is_number(bare)).then(|| bare.to_owned())
}

/// A unit typed after the number (`20人`, `13.9%`): the slip and the number alone.
fn unit_after_number(value: &str) -> Option<(NumberSlip, String)> {
    UNITS.iter().find_map(|&(unit, what, what_zh)| {
        let bare = value.strip_suffix(unit)?.trim_end();
        is_number(bare).then(|| {
            (
                NumberSlip::Unit {
                    unit,
                    what,
                    what_zh,
                },
                bare.to_owned(),
            )
        })
    })
}

/// Thousands separators in a number (`1,137`): the number without them.
fn thousands_separators(value: &str) -> Option<String> {
    is_grouped(value).then(|| value.replace([',', '，'], ""))
}

fn is_number(s: &str) -> bool {
    !s.is_empty()
        && s.chars().all(|c| c.is_ascii_digit() || c == '.')
        && s.chars().filter(|&c| c == '.').count() <= 1
        && !s.starts_with('.')
        && !s.ends_with('.')
}

/// `1,137` or `12,000`: digits in groups of three after the first.
fn is_grouped(s: &str) -> bool {
    let groups: Vec<&str> = s.split([',', '，']).collect();
    groups.len() > 1
        && (1..=3).contains(&groups[0].len())
        && groups[0].chars().all(|c| c.is_ascii_digit())
        && groups[1..]
            .iter()
            .all(|g| g.len() == 3 && g.chars().all(|c| c.is_ascii_digit()))
}

/// What parses but is not what the editor meant: a whole value wrapped in Chinese quotation
/// marks (published with them), and a full-width comma between the items of a `[…]` list
/// (one item). Warnings, with the fix in the help.
pub fn quirks(text: &str) -> Vec<Slip> {
    let mut found = Vec::new();
    for (n, raw) in text.split('\n').enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let body = line.trim_start_matches(' ');
        if body.starts_with('#') {
            continue;
        }
        let body = body.strip_prefix("- ").unwrap_or(body);
        let Some(colon) = body.find(": ") else {
            continue;
        };
        let value = body[colon + 2..].split(" #").next().unwrap_or("").trim();
        let key = body[..colon].trim();
        let column =
            line.chars().count() - body.chars().count() + body[..colon + 2].chars().count() + 1;
        let inner = value.strip_prefix('“').and_then(|v| v.strip_suffix('”'));
        if let Some(inner) = inner
            && !inner.contains(['“', '”'])
        {
            found.push(Slip {
                line: n + 1,
                column,
                code: codes::CHINESE_QUOTES,
                message: t!(
                    "`{key}`: the value is wrapped in Chinese quotation marks, which are published with it",
                    "`{key}`：值外面加了中文引号，引号会原样显示在页面上"
                ),
                help: t!(
                    "to quote in YAML use half-width quotes, `{key}: \"{inner}\"`, or leave them out (中文引号会原样显示在页面上)",
                    "去掉引号，或改用半角引号：`{key}: \"{inner}\"`"
                ),
                fix: None,
            });
        } else if value.starts_with('[') && value.ends_with(']') && value.contains('，') {
            found.push(Slip {
                line: n + 1,
                column,
                code: codes::FULLWIDTH_COMMA,
                message: t!(
                    "`{key}`: a full-width comma `，` between the items of a list: YAML reads them as one item",
                    "`{key}`：列表各项之间用了全角逗号“，”，YAML 会把它们读成一项"
                ),
                help: t!(
                    "write a half-width comma and a space, `{}`: 把全角逗号“，”改为半角逗号“,”",
                    "把全角逗号“，”改为半角逗号“,”，建议改为 `{}`",
                    value.replace('，', ", ")
                ),
                fix: None,
            });
        }
    }
    found
}

/// A line indented out of its block: its indentation matches no enclosing level and is
/// deeper than the line before it although that line opens no block. Returns (line,
/// column, the key of the block it appears to belong to).
pub fn misplaced_indent(text: &str) -> Option<(usize, usize, String)> {
    // Tabs are explained on their own (YAML allows spaces only).
    if text
        .lines()
        .any(|l| l.trim_start_matches(' ').starts_with('\t'))
    {
        return None;
    }
    let mut levels: Vec<(usize, String)> = Vec::new(); // (indent, key) of open blocks
    // The indentation the next line may have without opening a block, and whether the
    // line before opened one (then it may be deeper).
    let mut previous: Option<(usize, bool)> = None;
    // The indentation of a block scalar's key (`text: |`): deeper lines are its text.
    let mut in_text: Option<usize> = None;
    for (n, raw) in text.lines().enumerate() {
        let trimmed = raw.trim_start_matches(' ');
        let indent = raw.len() - trimmed.len();
        if let Some(key_indent) = in_text {
            if trimmed.is_empty() || indent > key_indent {
                continue;
            }
            in_text = None;
        }
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        // `- key: value` is a mapping whose keys stand where `key` does.
        let mut content = trimmed;
        let mut content_indent = indent;
        while let Some(rest) = content.strip_prefix("- ") {
            let rest_trimmed = rest.trim_start_matches(' ');
            content_indent += content.len() - rest_trimmed.len();
            content = rest_trimmed;
        }
        let key = content.split(':').next().unwrap_or("").trim().to_owned();
        let opens = match line_opens(content) {
            Opens::Block => true,
            Opens::Text => {
                in_text = Some(content_indent);
                false
            }
            Opens::Nothing => false,
        };
        if let Some((allowed, prev_opens)) = previous
            && indent > allowed
            && !prev_opens
        {
            let owner = levels
                .iter()
                .rev()
                .find(|(i, _)| *i < indent)
                .map_or_else(String::new, |(_, k)| k.clone());
            return Some((n + 1, indent + 1, owner));
        }
        while levels.last().is_some_and(|(i, _)| *i >= indent) {
            levels.pop();
        }
        if opens {
            levels.push((indent, key));
        }
        previous = Some((content_indent, opens));
    }
    None
}

/// A value written in brackets (`[1, 2`, `{count: 3`) that no later line closes, where
/// YAML then fails on a line further down: the 1-based line and column of its opening
/// bracket, and the bracket that closes it. A collection that closes on a later line, as
/// YAML allows, is not one; one is taken as unclosed when a line no deeper than its key
/// starts before it closes. The text of a block scalar (`note: |`) is text, brackets and
/// all.
pub fn unclosed_bracket(text: &str) -> Option<(usize, usize, char)> {
    // The opening bracket's line, column and key indentation, and the brackets open.
    let mut open: Option<(usize, usize, usize)> = None;
    let mut stack: Vec<char> = Vec::new();
    // The indentation of a block scalar's key: deeper lines are its text.
    let mut in_text: Option<usize> = None;
    for (n, raw) in text.lines().enumerate() {
        let trimmed = raw.trim_start_matches(' ');
        let indent = raw.len() - trimmed.len();
        if let Some(key_indent) = in_text {
            if trimmed.is_empty() || indent > key_indent {
                continue;
            }
            in_text = None;
        }
        if let Some((line, column, key_indent)) = open {
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            if indent <= key_indent {
                return Some((line, column, closing(&stack)));
            }
            scan_brackets(trimmed, &mut stack);
            if stack.is_empty() {
                open = None;
            }
            continue;
        }
        let mut content = trimmed;
        let mut content_indent = indent;
        while let Some(rest) = content.strip_prefix("- ") {
            let rest_trimmed = rest.trim_start_matches(' ');
            content_indent += content.len() - rest_trimmed.len();
            content = rest_trimmed;
        }
        if line_opens(content) == Opens::Text {
            in_text = Some(content_indent);
            continue;
        }
        let value = match content.split_once(": ") {
            Some((key, value)) if !key.starts_with(['"', '\'', '[', '{']) => value,
            _ => content,
        };
        let value = value.trim_start_matches(' ');
        if !value.starts_with(['[', '{']) {
            continue;
        }
        scan_brackets(value, &mut stack);
        if !stack.is_empty() {
            let at = raw.len() - value.len();
            open = Some((n + 1, raw[..at].chars().count() + 1, indent));
        }
    }
    open.map(|(line, column, _)| (line, column, closing(&stack)))
}

/// The bracket that closes the innermost of `stack`.
fn closing(stack: &[char]) -> char {
    if stack.last() == Some(&'{') { '}' } else { ']' }
}

/// Follows the brackets of a flow value through `s` (quoted text and a comment aside).
fn scan_brackets(s: &str, stack: &mut Vec<char>) {
    let mut quote: Option<char> = None;
    let mut previous = ' ';
    for c in s.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '#') if previous == ' ' => return,
            (None, '[' | '{') => stack.push(c),
            (None, ']') if stack.last() == Some(&'[') => {
                stack.pop();
            }
            (None, '}') if stack.last() == Some(&'{') => {
                stack.pop();
            }
            _ => {}
        }
        previous = c;
    }
}

/// A key written without its colon (`members 20`, `women` above its block): the 1-based
/// line, the column where the colon belongs, the key and what follows it. A line deeper
/// than a line that holds its value is the continuation of that value, not a key.
pub fn missing_colon(text: &str) -> Option<(usize, usize, String, String)> {
    // (indentation, opens a block) of the line before; the key indentation of a block
    // scalar whose text is being skipped.
    let mut previous: Option<(usize, bool)> = None;
    let mut in_text: Option<usize> = None;
    for (n, raw) in text.lines().enumerate() {
        let body = raw.trim_start_matches(' ');
        let indent = raw.len() - body.len();
        if let Some(key_indent) = in_text {
            if body.trim().is_empty() || indent > key_indent {
                continue;
            }
            in_text = None;
        }
        if body.trim().is_empty() || body.starts_with('#') {
            continue;
        }
        let continues_value = previous.is_some_and(|(at, opens)| indent > at && !opens);
        let key_len = key_len(body);
        let rest = &body[key_len..];
        let key_like = body.starts_with(|c: char| c.is_ascii_lowercase())
            && (rest.is_empty() || rest.starts_with([' ', '\u{3000}']));
        if key_like && !continues_value && !body.contains([':', '：']) {
            let value = rest.split(" #").next().unwrap_or("").trim();
            return Some((
                n + 1,
                raw[..indent + key_len].chars().count() + 1,
                body[..key_len].to_owned(),
                value.to_owned(),
            ));
        }
        let content = body.trim_start_matches("- ");
        let opens = match line_opens(content) {
            Opens::Block => true,
            Opens::Text => {
                in_text = Some(indent);
                false
            }
            Opens::Nothing => false,
        };
        previous = Some((indent + (body.len() - content.len()), opens));
    }
    None
}

/// What the deeper lines after a line are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Opens {
    /// Keys or items of a block: `key:`, `-`, or with only an anchor, a tag or a comment
    /// after them (`women: &w`, `women: !!map`, `women:   # 女干部`).
    Block,
    /// The text of a block scalar: `note: |`, `note: >-`.
    Text,
    /// Nothing: the line holds its value.
    Nothing,
}

/// What `content` (a line without its indentation and `- `) opens.
fn line_opens(content: &str) -> Opens {
    let content = content.trim_end();
    let value = if content == "-" {
        ""
    } else if let Some(colon) = content.find(": ") {
        &content[colon + 2..]
    } else if content.ends_with(':') {
        ""
    } else {
        // An item's own value (`- &item` opens the item's block below it).
        content
    };
    // Properties (`&anchor`, `!tag`) come before the value; a comment starts at a `#`
    // after a space.
    let mut rest = value
        .split_whitespace()
        .take_while(|word| !word.starts_with('#'))
        .skip_while(|word| word.starts_with('&') || word.starts_with('!'));
    match (rest.next(), rest.next()) {
        (None, _) => Opens::Block,
        (Some(header), None) if is_block_scalar_header(header) => Opens::Text,
        _ => Opens::Nothing,
    }
}

/// `|`, `>`, with a chomping (`-`, `+`) and an indentation (1–9) indicator in either order.
fn is_block_scalar_header(word: &str) -> bool {
    let mut chars = word.chars();
    matches!(chars.next(), Some('|' | '>'))
        && word.len() <= 3
        && chars.all(|c| matches!(c, '-' | '+' | '1'..='9'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn case(text: &str, line: usize, column: usize, fixed: Option<&str>) {
        let slips = find(text);
        let slip = slips
            .first()
            .unwrap_or_else(|| panic!("no slip in {text:?}"));
        assert_eq!(
            (slip.line, slip.column),
            (line, column),
            "{text:?}: {slip:?}"
        );
        let repaired = slip.fix.as_ref().map(|(range, with)| {
            let mut t = text.to_owned();
            t.replace_range(range.clone(), with);
            t
        });
        assert_eq!(repaired.as_deref(), fixed, "{text:?}");
    }

    #[test]
    fn each_slip_is_found_with_its_repair() {
        case("members：20\n", 1, 8, Some("members: 20\n"));
        case(
            "age:\n  average： 46.0\n",
            2,
            10,
            Some("age:\n  average: 46.0\n"),
        );
        case("members: ２０\n", 1, 10, Some("members: 20\n"));
        case(
            "age:\n  average: ４６．９\n",
            2,
            12,
            Some("age:\n  average: 46.9\n"),
        );
        case(
            "age:\n　youngest: 34\n",
            2,
            1,
            Some("age:\n  youngest: 34\n"),
        );
        case("members: 20人\n", 1, 10, None);
        case("age:\n  average: 46.9岁\n", 2, 12, None);
        case("share: 13.9%\n", 1, 8, None);
        case("rules_delivered: 1,137\n", 1, 18, None);
        case("members:\u{3000}20\n", 1, 9, Some("members: 20\n"));
        case(
            "women:\n  count:\u{3000}\u{3000}3\n",
            2,
            9,
            Some("women:\n  count: 3\n"),
        );
        case("members: 20\u{3000}\n", 1, 10, Some("members: 20\n"));
        case("members: \u{3000}20\n", 1, 10, Some("members: 20\n"));
        case("year: 2026年\n", 1, 7, None);
        case(
            "  - { key: units, label: 县直单位，count: 1 }\n",
            1,
            30,
            Some("  - { key: units, label: 县直单位, count: 1 }\n"),
        );
    }

    #[test]
    fn a_key_without_its_colon_is_found_where_the_colon_belongs() {
        let found = missing_colon;
        assert_eq!(
            found("name: 甲县\nmembers 20\nage:\n  average: 46\n"),
            Some((2, 8, "members".into(), "20".into()))
        );
        assert_eq!(
            found("age:\n  average: 46\n  youngest\u{3000}34\n"),
            Some((3, 11, "youngest".into(), "34".into()))
        );
        assert_eq!(
            found("women\n  count: 3\n"),
            Some((1, 6, "women".into(), String::new()))
        );
        assert_eq!(
            found("- key: a\n  title 标题\n"),
            Some((2, 8, "title".into(), "标题".into()))
        );
    }

    #[test]
    fn text_that_continues_a_value_is_not_a_key() {
        for text in [
            // A block scalar's text, a plain value's continuation, a flow list's.
            "note: |\n  first line\n  second line\nname: x\n",
            "note: >-\n  text\n\n  more text\n",
            "summary: 第一行\n  and more words\nname: x\n",
            "channels: [letters,\n  phone]\n",
            "items:\n  - apple pie\n  - 甲县\n",
            "name: 甲县\n# members 20\n",
            "members: 20\nage:\n  average: 46\n",
            "title: 换届 开栏\n",
        ] {
            assert_eq!(missing_colon(text), None, "{text:?}");
        }
    }

    #[test]
    fn correct_yaml_has_no_slips() {
        for text in [
            "members: 20\nage:\n  average: 46.9\n",
            "name: 甲县\ntitle: 关于“四好”：一次换届\n",
            "# 注释：全角冒号在注释里没关系\nmembers: 20\n",
            "channels: [信件, 电话]\nnote: 共1,137名\n",
            "label: 选拔40岁左右干部\nunit: 名\n",
            "url: https://example.cn:8080/\n",
        ] {
            assert_eq!(find(text), vec![], "{text}");
        }
    }

    #[test]
    fn values_that_parse_but_mislead_are_warned() {
        let q =
            quirks("title: “四好”换届\nnote: “全部完成”\nchannels: [信件，电话]\nok: [甲, 乙]\n");
        let at: Vec<(usize, usize)> = q.iter().map(|s| (s.line, s.column)).collect();
        assert_eq!(at, vec![(2, 7), (3, 11)]);
        assert!(q[1].help.en.contains("[信件, 电话]"), "{}", q[1].help.en);
    }

    #[test]
    fn a_bracket_no_line_closes_is_placed_where_it_opens() {
        assert_eq!(
            unclosed_bracket("a: 1\nwomen: [1, 2\nb:\n  c: 3\n"),
            Some((2, 8, ']'))
        );
        assert_eq!(
            unclosed_bracket("list:\n  - {count: 3, label: \"x\"\n  - b\n"),
            Some((2, 5, '}'))
        );
        // At the end of the file, and inside a nested one.
        assert_eq!(unclosed_bracket("a: [1, [2, 3]"), Some((1, 4, ']')));
        // Closed on a later line, quoted brackets, comments: nothing.
        for text in [
            "women: [1,\n  2]\nb: 1\n",
            "a: \"[x\"\nb: 1\n",
            "a: [\"]\", 1]\n",
            "a: [1, 2] # [\nb: 1\n",
            "a: x[1\nb: 1\n",
            "年龄：[1\n",
            // A block scalar's text, brackets and all.
            "note: |\n  [注] 见下\n  {甲\nb: 1\n",
            "items:\n  - text: >-\n      [1\n  - b\n",
        ] {
            assert_eq!(unclosed_bracket(text), None, "{text:?}");
        }
    }

    #[test]
    fn a_line_indented_out_of_its_block_is_placed() {
        let text = "age:\n  average: 46.0\n   youngest: 34\n";
        assert_eq!(misplaced_indent(text), Some((3, 4, "age".into())));
        assert_eq!(
            misplaced_indent("age:\n  average: 46.0\n  youngest: 34\n"),
            None
        );
        assert_eq!(misplaced_indent("list:\n  - a\n  - b\n"), None);
        let sections =
            "sections:\n  - key: vetting\n    title: 严把关口\n    figures:\n      - { key: a }\n";
        assert_eq!(misplaced_indent(sections), None);
        assert_eq!(
            misplaced_indent("sections:\n  - key: vetting\n     title: 严把关口\n"),
            Some((3, 6, "sections".into()))
        );
        assert_eq!(misplaced_indent("a:\n\tb: 1\n   c: 2\n"), None);
    }

    /// A comment, an anchor or a tag after a key opens its block like a bare `key:`; the
    /// text of a block scalar is not keys.
    #[test]
    fn a_key_with_a_comment_anchor_or_tag_opens_a_block() {
        for opening in [
            "women:   # 女干部",
            "women: &w",
            "women: &w # 女干部",
            "women: !!map",
            "women: !!map &w",
            "- &item",
        ] {
            let text = format!("{opening}\n  count: 3\n  share: 1\n");
            assert_eq!(misplaced_indent(&text), None, "{text:?}");
        }
        let text = "note: |\n  第一段。\n\n    缩进的: 一行\nname: 甲县\n";
        assert_eq!(misplaced_indent(text), None);
        let text = "note: >- # 说明\n  一行\nname: 甲县\n  slug: x\n";
        assert_eq!(misplaced_indent(text), Some((4, 3, String::new())));
        // A value, a quoted `#` or an alias holds the line's value.
        for value in ["women: 3", "women: \"# 3\"", "women: *w", "women: &w 3"] {
            let text = format!("{value}\n  count: 3\n");
            assert_eq!(
                misplaced_indent(&text),
                Some((2, 3, String::new())),
                "{text:?}"
            );
        }
    }
}
