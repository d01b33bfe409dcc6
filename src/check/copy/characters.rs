//! The character rules: a Traditional character in Simplified text, and a space between a
//! Han character and a digit.

use super::scan::{Region, Scan};
use super::{Finding, SPACE_BETWEEN_CJK_DIGIT, TRADITIONAL_CHAR};
use crate::check::traditional;
use crate::cjk::is_han;
use crate::diagnostic::Severity;

/// `traditional-char`: a Traditional character (from the table) in Simplified text.
pub(super) fn traditional_char(scan: &Scan) -> Vec<Finding> {
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
