//! The character rules: a Traditional character in Simplified text, and a space between a
//! Han character and a digit.

use super::scan::{Region, Scan};
use super::{Finding, SPACE_BETWEEN_CJK_DIGIT, TRADITIONAL_CHAR};
use crate::check::traditional;
use crate::cjk::is_han;
use crate::diagnostic::Severity;

/// `traditional-char`: a Traditional character in Simplified text, one finding per
/// character (the report groups them by line: [`group_traditional`]). 著 is judged by the
/// characters beside it, pinyin glosses skipped; a character quoted on its own (`繁体写作
/// “堯”`) is mentioned, not used, and left alone.
pub(super) fn traditional_char(scan: &Scan) -> Vec<Finding> {
    (0..scan.len())
        .filter(|&i| scan.region[i] != Region::Verbatim && scan.gloss_at(i).is_none())
        .filter_map(|i| {
            let c = scan.char(i)?;
            let (prev, next) = (scan.prev_visible(i), scan.next_visible(i));
            // A character quoted on its own is mentioned, not used: 繁体写作“堯”.
            if matches!(
                (prev, next),
                (Some('“'), Some('”')) | (Some('‘'), Some('’')) | (Some('「'), Some('」'))
            ) {
                return None;
            }
            let simplified = traditional::simplified_in_context(prev, c, next)?;
            Some(scan.finding(
                TRADITIONAL_CHAR,
                Severity::Error,
                i..i + 1,
                crate::t!(
                    "Traditional character `{c}` in Simplified text; use `{simplified}`",
                    "简体正文中有繁体字“{c}”，应为“{simplified}”"
                ),
                Some(simplified.to_string()),
            ))
        })
        .collect()
}

/// The `traditional-char` findings of each line as one finding (`3 Traditional characters:
/// 實→实 現→现 選→选`) spanning them, whose suggestion is that span of `text` with every
/// one replaced; other findings pass through. `text` is the checked file's own text (a YAML
/// file's, not its blanked values), so text and suggestion are the file's. Findings stay
/// sorted by position.
pub fn group_traditional(text: &str, findings: Vec<Finding>) -> Vec<Finding> {
    let (traditional, mut out): (Vec<Finding>, Vec<Finding>) = findings
        .into_iter()
        .partition(|f| f.rule == TRADITIONAL_CHAR && !f.byte_range.is_empty());
    let mut lines: Vec<Vec<Finding>> = Vec::new();
    for finding in traditional {
        match lines.last_mut() {
            Some(line) if line[0].line == finding.line => line.push(finding),
            _ => lines.push(vec![finding]),
        }
    }
    for mut line in lines {
        if line.len() == 1 {
            let mut one = line.remove(0);
            one.text = text
                .get(one.byte_range.clone())
                .unwrap_or_default()
                .to_owned();
            out.push(one);
            continue;
        }
        let start = line[0].byte_range.start;
        let end = line.last().map_or(start, |f| f.byte_range.end);
        let mut suggestion = String::new();
        let mut done = start;
        let mut pairs: Vec<(String, String)> = Vec::new();
        for f in &line {
            let replacement = f.suggestion.clone().unwrap_or_default();
            suggestion.push_str(text.get(done..f.byte_range.start).unwrap_or_default());
            suggestion.push_str(&replacement);
            done = f.byte_range.end;
            let original = text
                .get(f.byte_range.clone())
                .unwrap_or_default()
                .to_owned();
            if !pairs
                .iter()
                .any(|(o, r)| *o == original && *r == replacement)
            {
                pairs.push((original, replacement));
            }
        }
        suggestion.push_str(text.get(done..end).unwrap_or_default());
        let list: Vec<String> = pairs.iter().map(|(o, r)| format!("{o}→{r}")).collect();
        let first = &line[0];
        out.push(Finding {
            rule: TRADITIONAL_CHAR,
            severity: first.severity,
            line: first.line,
            column: first.column,
            byte_range: start..end,
            text: text.get(start..end).unwrap_or_default().to_owned(),
            message: crate::t!(
                "{} Traditional characters in Simplified text: {}",
                "简体正文中有 {} 个繁体字：{}",
                line.len(),
                list.join(" ")
            ),
            suggestion: Some(suggestion),
        });
    }
    out.sort_by(|a, b| {
        (a.byte_range.start, a.byte_range.end, a.rule).cmp(&(
            b.byte_range.start,
            b.byte_range.end,
            b.rule,
        ))
    });
    out
}

/// `space-between-cjk-digit`: a space between a Han character and a digit (official style
/// writes `2016年`, `第3章`, not `2016 年`).
pub(super) fn space_between_cjk_digit(scan: &Scan) -> Vec<Finding> {
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
        // A digit of a URL or of code is no number of the sentence.
        let before = start
            .checked_sub(1)
            .filter(|&k| scan.region[k] != Region::Verbatim)
            .and_then(|k| scan.char(k));
        let after = Some(i)
            .filter(|&k| scan.region.get(k).is_some_and(|r| *r != Region::Verbatim))
            .and_then(|k| scan.char(k));
        let han_digit = before.is_some_and(is_han) && after.is_some_and(|c| c.is_ascii_digit());
        let digit_han = before.is_some_and(|c| c.is_ascii_digit()) && after.is_some_and(is_han);
        if han_digit || digit_han {
            findings.push(scan.finding(
                SPACE_BETWEEN_CJK_DIGIT,
                Severity::Warning,
                start..i,
                crate::messages::Text::both(
                    "space between a Chinese character and a digit; official style writes them \
                 together",
                    "汉字与数字之间有空格；规范写法不加空格",
                ),
                Some(String::new()),
            ));
        }
    }
    findings
}
