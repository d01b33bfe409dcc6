//! The Chinese copy-editor of `qingfeng check`: text in, findings and safe fixes out.
//!
//! Each rule is one function over a [`Scan`] of the text, which knows which characters are
//! prose and which are Markdown syntax, code, URLs, `{{ … }}` references or YAML front
//! matter. Rules never look inside code, URLs or references; the punctuation rules also
//! leave front matter alone (a full-width comma would break a YAML list), while the
//! character rules (`traditional-char`, `pinyin-gloss`) do check it, since titles are shown.
//!
//! Fixes are mechanical: a finding carries a `suggestion` only when replacing its text with
//! the suggestion is safe without reading the sentence. [`fix_text`] applies exactly those.

use std::ops::Range;

use serde::Serialize;

use super::traditional;
use crate::cjk::{is_cjk, is_cjk_punctuation, is_han};
use crate::diagnostic::{Severity, edit_distance};

const PINYIN_GLOSS: &str = "pinyin-gloss";
const DOUBLED_PUNCTUATION: &str = "doubled-punctuation";
const HALFWIDTH_PUNCTUATION: &str = "halfwidth-punctuation";
const UNPAIRED_BRACKET: &str = "unpaired-bracket";
const TRADITIONAL_CHAR: &str = "traditional-char";
const EMPHASIS_PUNCTUATION: &str = "emphasis-punctuation";
const SPACE_BETWEEN_CJK_DIGIT: &str = "space-between-cjk-digit";
const SHARE_MISMATCH: &str = "share-mismatch";

/// The stable names of the copy-edit rules, as written in `site.toml` to switch one off.
pub const RULE_NAMES: &[&str] = &[
    PINYIN_GLOSS,
    DOUBLED_PUNCTUATION,
    HALFWIDTH_PUNCTUATION,
    UNPAIRED_BRACKET,
    TRADITIONAL_CHAR,
    EMPHASIS_PUNCTUATION,
    SPACE_BETWEEN_CJK_DIGIT,
    SHARE_MISMATCH,
];

/// Fixing can expose a new fixable defect (rarely); passes stop at a fixed point or here.
const MAX_FIX_PASSES: usize = 4;

/// One copy-edit defect, located in the text that was checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The rule's stable name, one of [`RULE_NAMES`].
    pub rule: &'static str,
    /// Errors fail `qingfeng check`, warnings are reported.
    pub severity: Severity,
    /// 1-based line in the checked text.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// Byte range of [`Finding::text`] in the checked text.
    pub byte_range: Range<usize>,
    /// The offending text.
    pub text: String,
    /// What is wrong, in English.
    pub message: String,
    /// The replacement for `text` when the fix is mechanical (may be empty: delete).
    pub suggestion: Option<String>,
}

/// Which copy-edit rules are switched on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rules {
    off: Vec<&'static str>,
}

impl Default for Rules {
    fn default() -> Self {
        Self::all()
    }
}

impl Rules {
    /// Every rule on.
    pub fn all() -> Self {
        Self { off: Vec::new() }
    }

    /// Switches the named rules off. An unknown name is an error naming the nearest valid
    /// rule, and then nothing is switched off.
    pub fn without(&mut self, names: &[String]) -> Result<(), String> {
        let mut found = Vec::with_capacity(names.len());
        for name in names {
            match RULE_NAMES.iter().find(|rule| **rule == name.as_str()) {
                Some(rule) => found.push(*rule),
                None => {
                    return Err(format!(
                        "unknown copy-edit rule `{name}`; did you mean `{}`?",
                        nearest_rule(name)
                    ));
                }
            }
        }
        for rule in found {
            if !self.off.contains(&rule) {
                self.off.push(rule);
            }
        }
        Ok(())
    }

    /// Whether the rule named `rule` is on (unknown names are off).
    pub fn is_enabled(&self, rule: &str) -> bool {
        RULE_NAMES.contains(&rule) && !self.off.contains(&rule)
    }
}

fn nearest_rule(name: &str) -> &'static str {
    if let Some(rule) = RULE_NAMES
        .iter()
        .find(|rule| !name.is_empty() && (rule.contains(name) || name.contains(**rule)))
    {
        return rule;
    }
    RULE_NAMES
        .iter()
        .min_by_key(|rule| edit_distance(name, rule))
        .copied()
        .unwrap_or(PINYIN_GLOSS)
}

/// Checks `text` with the enabled rules (all but `share-mismatch`, which needs figures: see
/// [`check_prose_figures`]). Findings are sorted by position; lines and columns are counted
/// in `text`, so a caller passing a whole file gets file positions.
pub fn check_text(text: &str, rules: &Rules) -> Vec<Finding> {
    let scan = Scan::new(text);
    let mut findings = Vec::new();
    if rules.is_enabled(PINYIN_GLOSS) {
        findings.extend(pinyin_gloss(&scan));
    }
    if rules.is_enabled(DOUBLED_PUNCTUATION) {
        findings.extend(doubled_punctuation(&scan));
    }
    if rules.is_enabled(HALFWIDTH_PUNCTUATION) {
        findings.extend(halfwidth_punctuation(
            &scan,
            rules.is_enabled(DOUBLED_PUNCTUATION),
        ));
    }
    if rules.is_enabled(UNPAIRED_BRACKET) {
        findings.extend(unpaired_bracket(&scan));
    }
    if rules.is_enabled(TRADITIONAL_CHAR) {
        findings.extend(traditional_char(&scan));
    }
    if rules.is_enabled(EMPHASIS_PUNCTUATION) {
        findings.extend(emphasis_punctuation(&scan));
    }
    if rules.is_enabled(SPACE_BETWEEN_CJK_DIGIT) {
        findings.extend(space_between_cjk_digit(&scan));
    }
    findings.sort_by(|a, b| {
        (a.byte_range.start, a.byte_range.end, a.rule).cmp(&(
            b.byte_range.start,
            b.byte_range.end,
            b.rule,
        ))
    });
    findings
}

/// Applies the safe mechanical fixes of the enabled rules and returns the new text with the
/// findings that were fixed. A text with nothing to fix comes back byte-identical.
///
/// Fixing runs in passes until nothing fixable is left (at most a few: one is the rule), so
/// fixing a fixed text changes nothing. Findings of a later pass are located in the text as
/// the earlier passes left it.
pub fn fix_text(text: &str, rules: &Rules) -> (String, Vec<Finding>) {
    let mut current = text.to_owned();
    let mut fixed = Vec::new();
    for _ in 0..MAX_FIX_PASSES {
        let fixable: Vec<Finding> = check_text(&current, rules)
            .into_iter()
            .filter(|finding| finding.suggestion.is_some())
            .collect();
        let (next, applied) = apply_fixes(&current, fixable);
        if applied.is_empty() {
            break;
        }
        fixed.extend(applied);
        current = next;
    }
    (current, fixed)
}

/// Replaces each finding's range by its suggestion, left to right, skipping any finding
/// that overlaps one already applied (the next pass sees it again if it still applies).
fn apply_fixes(text: &str, mut findings: Vec<Finding>) -> (String, Vec<Finding>) {
    findings.sort_by_key(|finding| (finding.byte_range.start, finding.byte_range.end));
    let mut out = String::with_capacity(text.len());
    let mut applied = Vec::new();
    let mut done = 0;
    for finding in findings {
        let Some(suggestion) = &finding.suggestion else {
            continue;
        };
        let range = finding.byte_range.clone();
        if range.start < done || range.end < range.start {
            continue;
        }
        let (Some(before), Some(_)) = (text.get(done..range.start), text.get(range.clone())) else {
            continue;
        };
        out.push_str(before);
        out.push_str(suggestion);
        done = range.end;
        applied.push(finding);
    }
    out.push_str(text.get(done..).unwrap_or_default());
    (out, applied)
}

/// A share printed in prose, to be checked against the data: the label that names it (any
/// of several spellings, Traditional or Simplified) and the count out of the whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedShare {
    /// Spellings of the label, e.g. `["乡镇党政正职经历", "鄉鎮黨政正職"]`.
    pub label_patterns: Vec<String>,
    pub count: u64,
    pub whole: u64,
}

/// Rule `share-mismatch`: finds the first percentage after each label within the same
/// sentence and reports it when it differs from `count / whole × 100` rounded (half up) at
/// the printed precision. Labels match through pinyin glosses and Traditional characters.
pub fn check_prose_figures(text: &str, figures: &[NamedShare]) -> Vec<Finding> {
    let scan = Scan::new(text);
    // The prose as a reader sees it: glosses dropped, Traditional characters simplified.
    let prose: Vec<(usize, char)> = (0..scan.len())
        .filter(|&i| scan.region[i] == Region::Prose && scan.gloss_at(i).is_none())
        .map(|i| (i, simplify(scan.chars[i].1)))
        .collect();
    let letters: Vec<char> = prose.iter().map(|&(_, c)| c).collect();
    let mut findings: Vec<Finding> = Vec::new();
    for figure in figures {
        if figure.whole == 0 {
            continue;
        }
        for pattern in &figure.label_patterns {
            let label: Vec<char> = pattern.chars().map(simplify).collect();
            if label.is_empty() || label.len() > letters.len() {
                continue;
            }
            for start in 0..=letters.len() - label.len() {
                if letters[start..start + label.len()] != label[..] {
                    continue;
                }
                let Some(printed) = percentage_in_sentence(&letters, start + label.len()) else {
                    continue;
                };
                let Some(expected) = expected_share(&printed, figure.count, figure.whole) else {
                    continue;
                };
                if expected == printed.digits {
                    continue;
                }
                let chars = prose[printed.span.start].0..prose[printed.span.end - 1].0 + 1;
                let finding = scan.finding(
                    SHARE_MISMATCH,
                    Severity::Error,
                    chars,
                    format!(
                        "the prose prints {} but {} of {} is {}%",
                        printed.text,
                        figure.count,
                        figure.whole,
                        format_share(&expected, printed.decimals)
                    ),
                    Some(format!("{}%", format_share(&expected, printed.decimals))),
                );
                if !findings.iter().any(|f| f.byte_range == finding.byte_range) {
                    findings.push(finding);
                }
            }
        }
    }
    findings.sort_by_key(|finding| finding.byte_range.start);
    findings
}

/// A percentage as printed: its digits without the point, and how many were decimals.
struct PrintedShare {
    digits: String,
    decimals: usize,
    text: String,
    /// Index range in the prose letters, `%` included.
    span: Range<usize>,
}

fn percentage_in_sentence(letters: &[char], from: usize) -> Option<PrintedShare> {
    let mut i = from;
    while i < letters.len() {
        let c = letters[i];
        if is_sentence_end(c) {
            return None;
        }
        if !c.is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < letters.len() && (letters[i].is_ascii_digit() || letters[i] == '.') {
            i += 1;
        }
        let number: String = letters[start..i].iter().collect();
        if matches!(letters.get(i), Some('%' | '％')) && !number.ends_with('.') {
            let (whole, fraction) = number.split_once('.').unwrap_or((number.as_str(), ""));
            if fraction.contains('.') {
                continue;
            }
            return Some(PrintedShare {
                digits: format!("{whole}{fraction}")
                    .trim_start_matches('0')
                    .to_owned(),
                decimals: fraction.len(),
                text: letters[start..=i].iter().collect(),
                span: start..i + 1,
            });
        }
    }
    None
}

/// `count / whole × 100` at `decimals` places, rounded half up, as digits without the point.
fn expected_share(printed: &PrintedShare, count: u64, whole: u64) -> Option<String> {
    if printed.decimals > 6 || whole == 0 {
        return None;
    }
    let scale = 10u128.pow(u32::try_from(printed.decimals + 2).ok()?);
    let numerator = u128::from(count) * scale;
    let whole = u128::from(whole);
    let mut quotient = numerator / whole;
    if 2 * (numerator % whole) >= whole {
        quotient += 1;
    }
    Some(quotient.to_string().trim_start_matches('0').to_owned())
}

fn format_share(digits: &str, decimals: usize) -> String {
    let padded = format!("{digits:0>width$}", width = decimals + 1);
    let (whole, fraction) = padded.split_at(padded.len() - decimals);
    if decimals == 0 {
        whole.to_owned()
    } else {
        format!("{whole}.{fraction}")
    }
}

fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | ';' | '!' | '?' | '\n')
}

fn simplify(c: char) -> char {
    traditional::simplified(c).unwrap_or(c)
}

// ---------------------------------------------------------------------------------------
// The scan: characters, what kind of text each one is in, and the glosses found.

/// What kind of text a character belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Region {
    /// Running text: every rule applies.
    Prose,
    /// YAML front matter: only the character rules apply.
    FrontMatter,
    /// Code, URLs, link destinations, HTML tags, `{{ … }}` references: no rule applies.
    Verbatim,
}

/// A parenthesised pinyin syllable pasted after a character, as char indices.
#[derive(Debug, Clone)]
struct Gloss {
    chars: Range<usize>,
    /// `?lián)`: the opening bracket and the character before it were lost.
    damaged: bool,
}

/// The text split into characters, each classified, with the glosses located.
struct Scan<'a> {
    text: &'a str,
    chars: Vec<(usize, char)>,
    region: Vec<Region>,
    glosses: Vec<Gloss>,
    /// For each char index, the gloss it is part of.
    gloss_of: Vec<Option<usize>>,
    /// Byte offsets where lines start.
    line_starts: Vec<usize>,
}

impl<'a> Scan<'a> {
    fn new(text: &'a str) -> Self {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let region = classify(text, &chars);
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let mut scan = Self {
            text,
            chars,
            region,
            glosses: Vec::new(),
            gloss_of: Vec::new(),
            line_starts,
        };
        scan.glosses = find_glosses(&scan);
        scan.gloss_of = vec![None; scan.len()];
        for (n, gloss) in scan.glosses.iter().enumerate() {
            for i in gloss.chars.clone() {
                scan.gloss_of[i] = Some(n);
            }
        }
        scan
    }

    fn len(&self) -> usize {
        self.chars.len()
    }

    fn char(&self, i: usize) -> Option<char> {
        self.chars.get(i).map(|&(_, c)| c)
    }

    fn byte(&self, i: usize) -> usize {
        self.chars.get(i).map_or(self.text.len(), |&(b, _)| b)
    }

    fn is_prose(&self, i: usize) -> bool {
        self.region.get(i) == Some(&Region::Prose)
    }

    fn gloss_at(&self, i: usize) -> Option<usize> {
        self.gloss_of.get(i).copied().flatten()
    }

    /// The nearest character before `i` that is not part of a gloss.
    fn prev_visible(&self, i: usize) -> Option<char> {
        (0..i)
            .rev()
            .find(|&j| self.gloss_at(j).is_none())
            .and_then(|j| self.char(j))
    }

    /// The nearest character after `i` that is not part of a gloss.
    fn next_visible(&self, i: usize) -> Option<char> {
        (i + 1..self.len())
            .find(|&j| self.gloss_at(j).is_none())
            .and_then(|j| self.char(j))
    }

    fn finding(
        &self,
        rule: &'static str,
        severity: Severity,
        chars: Range<usize>,
        message: String,
        suggestion: Option<String>,
    ) -> Finding {
        let byte_range = self.byte(chars.start)..self.byte(chars.end);
        let line = self.line_starts.partition_point(|&s| s <= byte_range.start);
        let line_start = self
            .line_starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(0);
        let column = self
            .text
            .get(line_start..byte_range.start)
            .map_or(0, |before| before.chars().count())
            + 1;
        Finding {
            rule,
            severity,
            line: line.max(1),
            column,
            text: self
                .text
                .get(byte_range.clone())
                .unwrap_or_default()
                .to_owned(),
            byte_range,
            message,
            suggestion,
        }
    }
}

/// Marks front matter, fenced code and the inline verbatim spans of each prose line.
fn classify(text: &str, chars: &[(usize, char)]) -> Vec<Region> {
    let mut region = vec![Region::Prose; chars.len()];
    let mut lines: Vec<Range<usize>> = Vec::new(); // char index ranges, newline excluded
    let mut start = 0;
    for (i, &(_, c)) in chars.iter().enumerate() {
        if c == '\n' {
            lines.push(start..i);
            start = i + 1;
        }
    }
    lines.push(start..chars.len());
    let line_text = |line: &Range<usize>| -> &str {
        let from = chars.get(line.start).map_or(text.len(), |&(b, _)| b);
        let to = chars.get(line.end).map_or(text.len(), |&(b, _)| b);
        text.get(from..to)
            .unwrap_or_default()
            .trim_end_matches('\r')
    };
    let mark = |range: Range<usize>, kind: Region, region: &mut Vec<Region>| {
        for i in range {
            if let Some(slot) = region.get_mut(i) {
                *slot = kind;
            }
        }
    };

    let mut first_prose_line = 0;
    if lines.first().is_some_and(|line| line_text(line) == "---") {
        if let Some(end) = lines
            .iter()
            .skip(1)
            .position(|line| matches!(line_text(line), "---" | "..."))
        {
            let last = &lines[end + 1];
            mark(
                0..(last.end + 1).min(chars.len()),
                Region::FrontMatter,
                &mut region,
            );
            first_prose_line = end + 2;
        }
    }

    let mut fence: Option<(char, usize)> = None;
    for line in lines.iter().skip(first_prose_line) {
        let content = line_text(line);
        let indent = content.len() - content.trim_start_matches(' ').len();
        let body = content.trim_start_matches(' ');
        let fence_char = body.chars().next().filter(|c| matches!(c, '`' | '~'));
        let fence_len = fence_char.map_or(0, |f| body.chars().take_while(|&c| c == f).count());
        let whole_line = line.start..(line.end + 1).min(chars.len());
        match fence {
            Some((open_char, open_len)) => {
                mark(whole_line, Region::Verbatim, &mut region);
                if fence_char == Some(open_char)
                    && fence_len >= open_len
                    && body.trim_start_matches(open_char).trim().is_empty()
                {
                    fence = None;
                }
            }
            None if indent <= 3 && fence_len >= 3 => {
                mark(whole_line, Region::Verbatim, &mut region);
                fence = fence_char.map(|c| (c, fence_len));
            }
            None => mark_inline_verbatim(chars, line.clone(), &mut region),
        }
    }
    region
}

/// Marks the verbatim spans of one prose line: inline code, `{{ }}` and `{% %}`
/// references, URLs, link destinations, reference definitions, HTML tags, the `!` of an
/// image and a `key:` at line start.
fn mark_inline_verbatim(chars: &[(usize, char)], line: Range<usize>, region: &mut [Region]) {
    let at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let starts_with = |i: usize, pattern: &str| {
        pattern
            .chars()
            .enumerate()
            .all(|(k, p)| i + k < line.end && at(i + k) == Some(p))
    };
    let set = |range: Range<usize>, region: &mut [Region]| {
        for i in range {
            if let Some(slot) = region.get_mut(i) {
                *slot = Region::Verbatim;
            }
        }
    };

    // A reference definition `[id]: url` or a `key: value` line.
    let first = (line.start..line.end).find(|&i| at(i) != Some(' '));
    if let Some(first) = first {
        if at(first) == Some('[') {
            if let Some(close) = (first..line.end).find(|&i| at(i) == Some(']')) {
                if at(close + 1) == Some(':') {
                    set(line.clone(), region);
                    return;
                }
            }
        }
        let key_end = (first..line.end)
            .find(|&i| !at(i).is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'));
        if let Some(colon) = key_end {
            if colon > first
                && at(colon) == Some(':')
                && (colon + 1 == line.end || at(colon + 1) == Some(' '))
            {
                set(first..colon + 1, region);
            }
        }
    }

    let mut i = line.start;
    while i < line.end {
        let c = at(i).unwrap_or(' ');
        let end = if c == '`' {
            let run = (i..line.end).take_while(|&k| at(k) == Some('`')).count();
            let mut close = None;
            let mut k = i + run;
            while k < line.end {
                let other = (k..line.end).take_while(|&m| at(m) == Some('`')).count();
                if other == run {
                    close = Some(k + run);
                    break;
                }
                k += other.max(1);
            }
            close.unwrap_or(i + run)
        } else if starts_with(i, "{{") || starts_with(i, "{%") {
            let closer = if starts_with(i, "{{") { "}}" } else { "%}" };
            (i + 2..line.end)
                .find(|&k| starts_with(k, closer))
                .map_or(line.end, |k| k + 2)
        } else if (starts_with(i, "http://")
            || starts_with(i, "https://")
            || starts_with(i, "ftp://")
            || starts_with(i, "mailto:")
            || starts_with(i, "www."))
            && !(i > line.start && at(i - 1).is_some_and(|p| p.is_ascii_alphanumeric()))
        {
            let mut end = i;
            while end < line.end
                && at(end).is_some_and(|u| u.is_ascii_graphic() && !matches!(u, '<' | '>' | '"'))
            {
                end += 1;
            }
            while end > i
                && at(end - 1).is_some_and(|u| matches!(u, '.' | ',' | ':' | ';' | '!' | '?' | ')'))
            {
                end -= 1;
            }
            end
        } else if starts_with(i, "](") {
            let mut depth = 0usize;
            let mut end = line.end;
            for k in i + 1..line.end {
                match at(k) {
                    Some('(') => depth += 1,
                    Some(')') => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            end = k + 1;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            end
        } else if c == '<'
            && at(i + 1).is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?'))
        {
            (i + 1..line.end)
                .find(|&k| at(k) == Some('>'))
                .map_or(i + 1, |k| k + 1)
        } else {
            i + 1
        };
        if end > i + 1 || (c == '!' && at(i + 1) == Some('[')) || c == '`' {
            set(i..end, region);
        }
        i = end.max(i + 1);
    }
}

/// Finds `現(xiàn)`-style glosses (ASCII or full-width brackets) and damaged ones (`?lián)`).
fn find_glosses(scan: &Scan) -> Vec<Gloss> {
    let mut glosses = Vec::new();
    let mut i = 0;
    while i + 1 < scan.len() {
        let c = scan.char(i).unwrap_or(' ');
        let checkable = scan.region[i] != Region::Verbatim;
        if checkable && is_han(c) && matches!(scan.char(i + 1), Some('(' | '（')) {
            if let Some(close) = pinyin_syllable_end(scan, i + 2) {
                if matches!(scan.char(close), Some(')' | '）')) {
                    glosses.push(Gloss {
                        chars: i + 1..close + 1,
                        damaged: false,
                    });
                    i = close + 1;
                    continue;
                }
            }
        }
        if checkable && matches!(c, '?' | '\u{FFFD}') {
            if let Some(close) = pinyin_syllable_end(scan, i + 1) {
                if matches!(scan.char(close), Some(')' | '）')) {
                    glosses.push(Gloss {
                        chars: i..close + 1,
                        damaged: true,
                    });
                    i = close + 1;
                    continue;
                }
            }
        }
        i += 1;
    }
    glosses
}

/// When a toned pinyin syllable starts at `start`, the index just after it.
fn pinyin_syllable_end(scan: &Scan, start: usize) -> Option<usize> {
    let mut base = String::new();
    let mut toned = false;
    let mut end = start;
    while let Some(c) = scan.char(end) {
        let Some((letter, tone)) = pinyin_letter(c) else {
            break;
        };
        base.push(letter);
        toned |= tone;
        end += 1;
        if end - start > 6 {
            return None;
        }
    }
    (toned && is_pinyin_syllable(&base)).then_some(end)
}

/// A pinyin letter without its tone mark, and whether it had one.
fn pinyin_letter(c: char) -> Option<(char, bool)> {
    const TONED: [(&str, char); 6] = [
        ("āáǎà", 'a'),
        ("ēéěè", 'e'),
        ("īíǐì", 'i'),
        ("ōóǒò", 'o'),
        ("ūúǔù", 'u'),
        ("ǖǘǚǜ", 'ü'),
    ];
    if c.is_ascii_lowercase() || c == 'ü' {
        return Some((c, false));
    }
    TONED
        .iter()
        .find(|(marks, _)| marks.contains(c))
        .map(|&(_, base)| (base, true))
        .or(match c {
            'ń' | 'ň' | 'ǹ' => Some(('n', true)),
            'ḿ' => Some(('m', true)),
            _ => None,
        })
}

fn is_pinyin_syllable(base: &str) -> bool {
    const INITIALS: [&str; 23] = [
        "zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x",
        "r", "z", "c", "s", "y", "w",
    ];
    const FINALS: [&str; 40] = [
        "a", "o", "e", "i", "u", "ü", "ai", "ei", "ao", "ou", "an", "en", "ang", "eng", "ong",
        "er", "ia", "ie", "iao", "iu", "ian", "in", "iang", "ing", "iong", "ua", "uo", "uai", "ui",
        "uan", "un", "uang", "ueng", "ue", "üe", "üan", "ün", "ng", "m", "n",
    ];
    if FINALS.contains(&base) {
        return true;
    }
    INITIALS.iter().any(|initial| {
        base.strip_prefix(initial)
            .is_some_and(|fin| FINALS.contains(&fin) && !matches!(fin, "ng" | "m" | "n"))
    })
}

// ---------------------------------------------------------------------------------------
// Character classes.

/// Punctuation as CommonMark's flanking rules see it (ASCII or Unicode punctuation).
fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(c,
            '\u{2010}'..='\u{2027}'
            | '\u{2030}'..='\u{205E}'
            | '\u{3001}'..='\u{3003}'
            | '\u{3008}'..='\u{3011}'
            | '\u{3014}'..='\u{301F}'
            | '\u{FF01}'..='\u{FF0F}'
            | '\u{FF1A}'..='\u{FF20}'
            | '\u{FF3B}'..='\u{FF40}'
            | '\u{FF5B}'..='\u{FF65}')
}

/// The pause and stop marks that can clash when doubled.
fn is_clash_mark(c: char) -> bool {
    matches!(
        c,
        ',' | '，' | '、' | '。' | ';' | '；' | ':' | '：' | '?' | '？' | '!' | '！'
    )
}

fn full_width(c: char) -> char {
    match c {
        ',' => '，',
        ';' => '；',
        ':' => '：',
        '?' => '？',
        '!' => '！',
        '(' => '（',
        ')' => '）',
        other => other,
    }
}

// ---------------------------------------------------------------------------------------
// The rules, one function each.

/// `pinyin-gloss`: a Han character followed by a parenthesised toned pinyin syllable.
fn pinyin_gloss(scan: &Scan) -> Vec<Finding> {
    scan.glosses
        .iter()
        .map(|gloss| {
            let before = gloss
                .chars
                .start
                .checked_sub(1)
                .and_then(|i| scan.char(i))
                .unwrap_or(' ');
            if gloss.damaged {
                scan.finding(
                    PINYIN_GLOSS,
                    Severity::Error,
                    gloss.chars.clone(),
                    "damaged pinyin gloss: characters were lost here; the text looks copied \
                     from a rewritten mirror site, restore the passage from the official source"
                        .to_owned(),
                    None,
                )
            } else {
                scan.finding(
                    PINYIN_GLOSS,
                    Severity::Error,
                    gloss.chars.clone(),
                    format!(
                        "pinyin gloss after `{before}`: the text looks copied from a rewritten \
                         mirror site; delete the gloss and re-check the passage against the \
                         official source, not only clean it"
                    ),
                    Some(String::new()),
                )
            }
        })
        .collect()
}

/// The runs of two or more clashing marks in prose, as char index ranges.
fn clash_runs(scan: &Scan) -> Vec<Range<usize>> {
    let mut runs = Vec::new();
    let mut i = 0;
    while i < scan.len() {
        let in_run = |k: usize| {
            scan.is_prose(k)
                && scan.gloss_at(k).is_none()
                && scan.char(k).is_some_and(is_clash_mark)
        };
        if !in_run(i) {
            i += 1;
            continue;
        }
        let start = i;
        while i < scan.len() && in_run(i) {
            i += 1;
        }
        let marks: Vec<char> = (start..i).filter_map(|k| scan.char(k)).collect();
        let only_emphatic = marks.iter().all(|c| matches!(c, '?' | '!' | '？' | '！'));
        let all_ascii = marks.iter().all(char::is_ascii);
        let beside_chinese = scan.prev_visible(start).is_some_and(is_cjk)
            || scan.next_visible(i - 1).is_some_and(is_cjk);
        if marks.len() >= 2 && !only_emphatic && (!all_ascii || beside_chinese) {
            runs.push(start..i);
        }
    }
    runs
}

/// What a run of clashing marks becomes. Commas are what converters and slips add most
/// often, so a run that holds any other mark drops its commas (`,、`→`、`, `,。`→`。`) and a
/// run of commas becomes one `，`; of the marks left, the strongest stays (`。？！` over `；`
/// over `：` over `、`), and `？！` pairs stay as they are. Three or more `。` were meant as
/// an ellipsis (`……`). A `?`/`!` before a pause mark usually marks a lost character (`?、`),
/// so that run gets no mechanical fix. The mark kept is always full-width.
fn collapse_run(marks: &[char]) -> Option<String> {
    let marks: Vec<char> = marks.iter().copied().map(full_width).collect();
    let emphatic = |c: &char| matches!(c, '？' | '！');
    if let Some(first) = marks.iter().position(emphatic) {
        if marks[first..]
            .iter()
            .any(|c| matches!(c, '、' | '；' | '：'))
        {
            return None;
        }
    }
    if marks.iter().all(|&c| c == '。') && marks.len() >= 3 {
        return Some("……".to_owned());
    }
    let kept: Vec<char> = marks.iter().copied().filter(|&c| c != '，').collect();
    if kept.is_empty() {
        return Some("，".to_owned());
    }
    if kept.iter().all(emphatic) {
        let mut unique = kept.clone();
        unique.dedup();
        return Some(unique.into_iter().collect());
    }
    let rank = |c: char| match c {
        '。' | '？' | '！' => 4,
        '；' => 3,
        '：' => 2,
        _ => 1,
    };
    let best = kept.iter().map(|&c| rank(c)).max().unwrap_or(1);
    kept.into_iter()
        .find(|&c| rank(c) == best)
        .map(|c| c.to_string())
}

/// `doubled-punctuation`: two or more pause or stop marks in a row (`,,` `,、` `。。` `、，`).
fn doubled_punctuation(scan: &Scan) -> Vec<Finding> {
    clash_runs(scan)
        .into_iter()
        .map(|run| {
            let marks: Vec<char> = run.clone().filter_map(|k| scan.char(k)).collect();
            let suggestion = collapse_run(&marks);
            let message = match &suggestion {
                Some(kept) => format!("doubled or clashing punctuation; keep `{kept}`"),
                None => "a question or exclamation mark before a pause mark: a character was \
                         probably lost here; restore it from the source"
                    .to_owned(),
            };
            scan.finding(
                DOUBLED_PUNCTUATION,
                Severity::Error,
                run,
                message,
                suggestion,
            )
        })
        .collect()
}

/// `halfwidth-punctuation`: `,;:?!()` in Chinese text, where full-width marks are the rule.
/// Marks inside a clashing run are left to `doubled-punctuation` when that rule is on.
fn halfwidth_punctuation(scan: &Scan, skip_runs: bool) -> Vec<Finding> {
    let in_run = if skip_runs {
        let mut marked = vec![false; scan.len()];
        for run in clash_runs(scan) {
            for k in run {
                marked[k] = true;
            }
        }
        marked
    } else {
        vec![false; scan.len()]
    };
    let eligible = |i: usize| scan.is_prose(i) && scan.gloss_at(i).is_none() && !in_run[i];
    let mut findings = Vec::new();
    let mut open_parens: Vec<usize> = Vec::new();
    let mut paren_pairs: Vec<(Option<usize>, Option<usize>)> = Vec::new();

    for i in 0..scan.len() {
        let Some(c) = scan.char(i) else { continue };
        if c == '\n' {
            paren_pairs.extend(open_parens.drain(..).map(|o| (Some(o), None)));
            continue;
        }
        if !eligible(i) {
            continue;
        }
        match c {
            ',' | ';' | ':' | '?' | '!' => {
                let beside = scan.prev_visible(i).is_some_and(is_cjk)
                    || scan.next_visible(i).is_some_and(is_cjk);
                if !beside {
                    continue;
                }
                // Full-width marks carry their own spacing: spaces after them go too,
                // unless they run to the end of the line (a Markdown hard break).
                let mut end = i + 1;
                while scan.char(end) == Some(' ') {
                    end += 1;
                }
                if matches!(scan.char(end), None | Some('\n' | '\r')) || !scan.is_prose(end) {
                    end = i + 1;
                }
                findings.push(scan.finding(
                    HALFWIDTH_PUNCTUATION,
                    Severity::Error,
                    i..end,
                    format!("half-width `{c}` in Chinese text; use `{}`", full_width(c)),
                    Some(full_width(c).to_string()),
                ));
            }
            '(' => open_parens.push(i),
            ')' => paren_pairs.push((open_parens.pop(), Some(i))),
            _ => {}
        }
    }
    paren_pairs.extend(open_parens.drain(..).map(|o| (Some(o), None)));

    for (open, close) in paren_pairs {
        let holds_chinese = match (open, close) {
            (Some(o), Some(c)) => {
                (o + 1..c).any(|k| scan.gloss_at(k).is_none() && scan.char(k).is_some_and(is_cjk))
            }
            _ => false,
        };
        let open_beside = open.is_some_and(|o| {
            scan.prev_visible(o).is_some_and(is_cjk) || scan.next_visible(o).is_some_and(is_cjk)
        });
        let close_beside = close.is_some_and(|c| {
            scan.prev_visible(c).is_some_and(is_cjk) || scan.next_visible(c).is_some_and(is_cjk)
        });
        if !(holds_chinese || open_beside || close_beside) {
            continue;
        }
        for (k, mark) in [(open, '('), (close, ')')] {
            if let Some(k) = k {
                findings.push(scan.finding(
                    HALFWIDTH_PUNCTUATION,
                    Severity::Error,
                    k..k + 1,
                    format!(
                        "half-width `{mark}` in Chinese text; use `{}`",
                        full_width(mark)
                    ),
                    Some(full_width(mark).to_string()),
                ));
            }
        }
    }
    findings
}

/// `unpaired-bracket`: an opening or closing `“”` `‘’` `（）` `《》` `【】` without its partner
/// in the same paragraph (paragraphs end at blank lines).
fn unpaired_bracket(scan: &Scan) -> Vec<Finding> {
    const PAIRS: [(char, char); 5] = [
        ('“', '”'),
        ('‘', '’'),
        ('（', '）'),
        ('《', '》'),
        ('【', '】'),
    ];
    let mut findings = Vec::new();
    let mut open: Vec<Vec<usize>> = vec![Vec::new(); PAIRS.len()];
    let mut line_is_blank = true;
    let flush = |open: &mut Vec<Vec<usize>>, findings: &mut Vec<Finding>| {
        for (kind, stack) in open.iter_mut().enumerate() {
            for k in stack.drain(..) {
                findings.push(unpaired(scan, k, PAIRS[kind].1));
            }
        }
    };
    for i in 0..scan.len() {
        let Some(c) = scan.char(i) else { continue };
        if c == '\n' {
            if line_is_blank {
                flush(&mut open, &mut findings);
            }
            line_is_blank = true;
            continue;
        }
        if !c.is_whitespace() {
            line_is_blank = false;
        }
        if !scan.is_prose(i) {
            continue;
        }
        // An apostrophe in English (don’t) is not a closing quote.
        let apostrophe = c == '’'
            && i > 0
            && scan.char(i - 1).is_some_and(|p| p.is_ascii_alphanumeric())
            && scan.char(i + 1).is_some_and(|n| n.is_ascii_alphanumeric());
        if apostrophe {
            continue;
        }
        for (kind, &(opener, closer)) in PAIRS.iter().enumerate() {
            if c == opener {
                open[kind].push(i);
            } else if c == closer && open[kind].pop().is_none() {
                findings.push(unpaired(scan, i, opener));
            }
        }
    }
    flush(&mut open, &mut findings);
    findings
}

fn unpaired(scan: &Scan, i: usize, partner: char) -> Finding {
    let mark = scan.char(i).unwrap_or(' ');
    scan.finding(
        UNPAIRED_BRACKET,
        Severity::Warning,
        i..i + 1,
        format!("`{mark}` has no matching `{partner}` in this paragraph"),
        None,
    )
}

/// `traditional-char`: a Traditional character (from the table) in Simplified text.
fn traditional_char(scan: &Scan) -> Vec<Finding> {
    (0..scan.len())
        .filter(|&i| scan.region[i] != Region::Verbatim)
        .filter_map(|i| {
            let c = scan.char(i)?;
            let simplified = traditional::simplified(c)?;
            Some(scan.finding(
                TRADITIONAL_CHAR,
                Severity::Error,
                i..i + 1,
                format!("Traditional character `{c}` in Simplified text; use `{simplified}`"),
                Some(simplified.to_string()),
            ))
        })
        .collect()
}

/// `emphasis-punctuation`: `**…!**` touching a character outside, which CommonMark's
/// flanking rules do not render as bold. Pairs whose inside starts or ends with CJK
/// punctuation (`**…。**`, `**“…”**`) are left alone: qingfeng's Markdown renderer bolds
/// them (`markdown::cjk_strong`), and they are the usual style of Chinese news copy.
fn emphasis_punctuation(scan: &Scan) -> Vec<Finding> {
    let mut delimiters = Vec::new();
    let mut i = 0;
    while i < scan.len() {
        if !scan.is_prose(i) || scan.char(i) != Some('*') {
            i += 1;
            continue;
        }
        let run = (i..scan.len())
            .take_while(|&k| scan.char(k) == Some('*'))
            .count();
        if run == 2 {
            delimiters.push(i);
        }
        i += run;
    }
    let flanked_by_text =
        |c: Option<char>| c.is_some_and(|c| !c.is_whitespace() && !is_punctuation(c));
    let mut findings = Vec::new();
    // Pair the delimiters in order, within a paragraph: a stray `**` does not pair
    // across a blank line and shift every later pair.
    let mut pairs = Vec::new();
    let mut pending: Option<usize> = None;
    for delimiter in delimiters {
        match pending.take() {
            Some(open) => {
                let inner = scan
                    .text
                    .get(scan.byte(open + 2)..scan.byte(delimiter))
                    .unwrap_or_default();
                if inner.contains("\n\n") || inner.contains("\n\r\n") {
                    pending = Some(delimiter);
                } else {
                    pairs.push((open, delimiter));
                }
            }
            None => pending = Some(delimiter),
        }
    }
    for (open, close) in pairs {
        let before = open.checked_sub(1).and_then(|k| scan.char(k));
        let after = scan.char(close + 2);
        let open_fails = scan.char(open + 2).is_some_and(is_punctuation) && flanked_by_text(before);
        let close_fails = close
            .checked_sub(1)
            .and_then(|k| scan.char(k))
            .is_some_and(is_punctuation)
            && flanked_by_text(after);
        let inner: Vec<char> = (open + 2..close).filter_map(|k| scan.char(k)).collect();
        let rescued = !inner.first().is_some_and(|c| c.is_whitespace())
            && !inner.last().is_some_and(|c| c.is_whitespace())
            && (inner.first().is_some_and(|&c| is_cjk_punctuation(c))
                || inner.last().is_some_and(|&c| is_cjk_punctuation(c)));
        if (open_fails || close_fails) && !rescued {
            findings.push(
                scan.finding(
                    EMPHASIS_PUNCTUATION,
                    Severity::Warning,
                    open..close + 2,
                    "bold text that starts or ends with punctuation and touches a character \
                 outside: CommonMark will not render it bold; move the punctuation outside \
                 the `**` or add a space"
                        .to_owned(),
                    None,
                ),
            );
        }
    }
    findings
}

/// `space-between-cjk-digit`: a space between a Han character and a digit (official style
/// writes `2016年`, `第3章`, not `2016 年`).
fn space_between_cjk_digit(scan: &Scan) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut i = 0;
    while i < scan.len() {
        if !(scan.is_prose(i) && matches!(scan.char(i), Some(' ' | '\u{3000}'))) {
            i += 1;
            continue;
        }
        let start = i;
        while matches!(scan.char(i), Some(' ' | '\u{3000}')) && scan.is_prose(i) {
            i += 1;
        }
        let before = start.checked_sub(1).and_then(|k| scan.char(k));
        let after = scan.char(i);
        let han_digit = before.is_some_and(is_han) && after.is_some_and(|c| c.is_ascii_digit());
        let digit_han = before.is_some_and(|c| c.is_ascii_digit()) && after.is_some_and(is_han);
        if han_digit || digit_han {
            findings.push(
                scan.finding(
                    SPACE_BETWEEN_CJK_DIGIT,
                    Severity::Warning,
                    start..i,
                    "space between a Chinese character and a digit; official style writes them \
                 together"
                        .to_owned(),
                    Some(String::new()),
                ),
            );
        }
    }
    findings
}

#[cfg(test)]
mod tests;
