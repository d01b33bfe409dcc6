//! Rule `share-mismatch`: a percentage printed in the prose checked against the figures
//! it names.

use std::ops::Range;

use super::scan::Region;
use super::{Finding, SHARE_MISMATCH};
use crate::check::traditional;
use crate::diagnostic::Severity;

/// A share printed in prose, to be checked against the data: the label that names it (any
/// of several spellings, Traditional or Simplified) and the count out of the whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedShare {
    /// Spellings of the label, e.g. `["乡镇党政正职经历", "鄉鎮黨政正職"]`.
    pub label_patterns: Vec<String>,
    /// The count.
    pub count: u64,
    /// What it is a share of.
    pub whole: u64,
}

/// Rule `share-mismatch`: finds the first percentage after each label within the same
/// sentence and reports it when it differs from `count / whole × 100` rounded (half up) at
/// the printed precision. Labels match through pinyin glosses and Traditional characters.
pub fn check_prose_figures(text: &str, figures: &[NamedShare]) -> Vec<Finding> {
    let scan = super::scan_text(text);
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
