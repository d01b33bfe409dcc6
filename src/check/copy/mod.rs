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
//!
//! The scan is in `scan`; the rules are in `pinyin`, `punctuation`, `characters` and
//! `figures`; the character classes they share with the Markdown renderer are in
//! [`crate::cjk`].

mod characters;
pub mod figures;
mod pinyin;
mod punctuation;
mod scan;

use std::ops::Range;

use serde::Serialize;

use crate::diagnostic::{Severity, edit_distance};
pub use characters::group_traditional;
use characters::{space_between_cjk_digit, traditional_char};
use figures::ProseScope;
pub use figures::check_figures;
use pinyin::pinyin_gloss;
use punctuation::{
    doubled_punctuation, emphasis_punctuation, halfwidth_punctuation, unpaired_bracket,
};
use scan::Scan;

pub(crate) const PINYIN_GLOSS: &str = "pinyin-gloss";
pub(crate) const DOUBLED_PUNCTUATION: &str = "doubled-punctuation";
pub(crate) const HALFWIDTH_PUNCTUATION: &str = "halfwidth-punctuation";
pub(crate) const UNPAIRED_BRACKET: &str = "unpaired-bracket";
pub(crate) const TRADITIONAL_CHAR: &str = "traditional-char";
pub(crate) const EMPHASIS_PUNCTUATION: &str = "emphasis-punctuation";
pub(crate) const SPACE_BETWEEN_CJK_DIGIT: &str = "space-between-cjk-digit";
pub(crate) const SHARE_MISMATCH: &str = "share-mismatch";
pub(crate) const FIGURE_MISMATCH: &str = "figure-mismatch";
pub(crate) const HAND_TYPED_FIGURE: &str = "hand-typed-figure";

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
    FIGURE_MISMATCH,
    HAND_TYPED_FIGURE,
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
    /// What is wrong, in both languages.
    pub message: crate::messages::Text,
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

/// The scan of `text`, with its pinyin glosses found.
fn scan_text(text: &str) -> Scan<'_> {
    let scan = Scan::new(text);
    let glosses = pinyin::find_glosses(&scan);
    scan.with_glosses(glosses)
}

/// Checks `text` with the enabled rules (all but the figure rules, which need figures: see
/// [`check_figures`]). Findings are sorted by position; lines and columns are counted
/// in `text`, so a caller passing a whole file gets file positions.
pub fn check_text(text: &str, rules: &Rules) -> Vec<Finding> {
    text_findings(&scan_text(text), rules)
}

/// [`check_text`] and, against `figures` when given, [`check_figures`] (the figure rules
/// `rules` enables), from one scan of `text`: the first's findings, then the second's.
pub fn check_text_and_figures(
    text: &str,
    rules: &Rules,
    figures: Option<&ProseScope<'_>>,
) -> Vec<Finding> {
    let scan = scan_text(text);
    let mut findings = text_findings(&scan, rules);
    if let Some(scope) = figures {
        findings.extend(
            figures::figures_in(&scan, scope)
                .into_iter()
                .filter(|f| rules.is_enabled(f.rule)),
        );
    }
    findings
}

/// The findings of [`check_text`] in a scanned text.
fn text_findings(scan: &Scan<'_>, rules: &Rules) -> Vec<Finding> {
    let mut findings = Vec::new();
    if rules.is_enabled(PINYIN_GLOSS) {
        findings.extend(pinyin_gloss(scan));
    }
    if rules.is_enabled(DOUBLED_PUNCTUATION) {
        findings.extend(doubled_punctuation(scan));
    }
    if rules.is_enabled(HALFWIDTH_PUNCTUATION) {
        findings.extend(halfwidth_punctuation(
            scan,
            rules.is_enabled(DOUBLED_PUNCTUATION),
        ));
    }
    if rules.is_enabled(UNPAIRED_BRACKET) {
        findings.extend(unpaired_bracket(scan));
    }
    if rules.is_enabled(TRADITIONAL_CHAR) {
        findings.extend(traditional_char(scan));
    }
    if rules.is_enabled(EMPHASIS_PUNCTUATION) {
        findings.extend(emphasis_punctuation(scan));
    }
    if rules.is_enabled(SPACE_BETWEEN_CJK_DIGIT) {
        findings.extend(space_between_cjk_digit(scan));
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
    fix_text_where(text, rules, |_, findings| findings)
}

/// [`fix_text`], fixing only the findings that `keep` returns when handed the text of the
/// pass and its fixable findings (`check --fix` leaves suppressed findings alone).
pub fn fix_text_where(
    text: &str,
    rules: &Rules,
    keep: impl Fn(&str, Vec<Finding>) -> Vec<Finding>,
) -> (String, Vec<Finding>) {
    let mut current = text.to_owned();
    let mut fixed = Vec::new();
    for _ in 0..MAX_FIX_PASSES {
        let fixable: Vec<Finding> = check_text(&current, rules)
            .into_iter()
            .filter(|finding| finding.suggestion.is_some())
            .collect();
        let fixable = keep(&current, fixable);
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

#[cfg(test)]
mod tests;
