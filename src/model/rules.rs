//! The checker that data rules report through: it places each finding at the key it
//! concerns, with the file's line and column.

use crate::diagnostic::{Diagnostic, Severity};
use crate::load::SourceFile;
use crate::load::yaml::KeyIndex;
use crate::messages::Text;
use crate::messages::catalog::{self as codes, Code};

/// The largest count a field may hold.
pub const MAX_COUNT: u64 = 100_000;

/// The columns (1-based, in characters) of the values of `field` equal to `value` on one
/// line of YAML (`key: vetting`, `{ key: 'vetting', … }`, `key: ""` for an empty value).
fn item_values<'l>(
    line: &'l str,
    field: &'l str,
    value: &'l str,
) -> impl Iterator<Item = usize> + 'l {
    line.match_indices(field).filter_map(move |(at, _)| {
        let before = line[..at].chars().next_back();
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
            return None;
        }
        let rest = line[at + field.len()..].trim_start_matches(' ');
        let rest = rest.strip_prefix(':')?;
        let spaced = rest.trim_start_matches(' ');
        let start = line.len() - spaced.len();
        let (quote, inner) = match spaced.chars().next() {
            Some(q @ ('"' | '\'')) => (Some(q), &spaced[1..]),
            _ => (None, spaced),
        };
        let after = inner.strip_prefix(value)?;
        let ends = match quote {
            Some(q) => after.starts_with(q),
            None => after.is_empty() || after.starts_with([',', '}', ' ', '#']),
        };
        ends.then(|| line[..start].chars().count() + 1)
    })
}

/// One step of [`Checker::error_at_item`]: an item's field, its value, and which of the
/// items with that value (from 0).
pub type ItemStep<'a> = (&'a str, &'a str, usize);

/// Collects rule findings for one YAML text.
pub struct Checker<'a> {
    file: &'a SourceFile,
    text: &'a str,
    first_line: usize,
    /// Built on the first finding: most files have none.
    index: std::cell::OnceCell<KeyIndex>,
    /// What was found.
    pub found: Vec<Diagnostic>,
}

impl<'a> Checker<'a> {
    /// A checker for `text`, which starts at line `first_line` of `file`.
    pub fn new(file: &'a SourceFile, text: &'a str, first_line: usize) -> Self {
        Self {
            file,
            text,
            first_line,
            index: std::cell::OnceCell::new(),
            found: Vec::new(),
        }
    }

    /// The name of the file checked, without its extension (`hongtong` for
    /// `content/counties/hongtong.yaml`).
    pub fn file_stem(&self) -> Option<&str> {
        self.file.rel.file_stem()?.to_str()
    }

    fn place(&self, key: &str, severity: Severity, message: Text, help: Text) -> Diagnostic {
        let mut d = Diagnostic::error(self.file.rel.clone(), message).help(help);
        d.severity = severity;
        let index = self
            .index
            .get_or_init(|| KeyIndex::new(self.text, self.first_line));
        match index.value_position(self.text, self.first_line, key) {
            Some((line, col)) => d.at(&self.file.text, line, col),
            None => d,
        }
    }

    /// A finding with its code at `key`; the message is prefixed with the key.
    pub fn report(
        &mut self,
        code: Code,
        severity: Severity,
        key: &str,
        message: impl Into<Text>,
        help: impl Into<Text>,
    ) {
        let message = message.into();
        let (en, zh) = (&message.en, message.get(crate::messages::Lang::Zh));
        let message = crate::t!("{key}: {en}", "{key}：{zh}");
        let d = self.place(key, severity, message, help.into()).code(code);
        self.found.push(d);
    }

    /// An error ([`codes::INVALID_VALUE`]) at an item of the list at `list`, found by
    /// `steps`: each (field, value, nth) is the `nth` (from 0) `field` equal to `value`
    /// (`- { key: vetting, … }` or `- key: vetting`) from where the step before found its
    /// own (an item of a list inside an item), placed at the last one's value; at the list
    /// when one is not found. The message is prefixed with the list's key.
    pub fn error_at_item(
        &mut self,
        list: &str,
        steps: &[ItemStep<'_>],
        message: impl Into<Text>,
        help: impl Into<Text>,
    ) {
        let index = self
            .index
            .get_or_init(|| KeyIndex::new(self.text, self.first_line));
        let first_line = self.first_line;
        let mut found = index
            .position(list)
            .map(|(line, column)| (line.max(first_line), column));
        for (n, &(field, value, nth)) in steps.iter().enumerate() {
            // The first step may start at the top (a list the index does not know); a later
            // one only below the item the step before found.
            if n > 0 && found.is_none() {
                break;
            }
            // Strictly after what the step before found: an item whose value equals its
            // section's (a figure keyed like its section) does not count the section.
            let before = found;
            let from = found.map_or(0, |(line, _)| line - first_line);
            found = self
                .text
                .lines()
                .enumerate()
                .skip(from)
                .flat_map(|(i, line)| {
                    item_values(line, field, value).map(move |col| (i + first_line, col))
                })
                .filter(|&at| before.is_none_or(|b| at > b))
                .nth(nth);
        }
        let Some((line, column)) = found else {
            return self.error(list, message, help);
        };
        let message = message.into();
        let (en, zh) = (&message.en, message.get(crate::messages::Lang::Zh));
        let message = crate::t!("{list}: {en}", "{list}：{zh}");
        let d = Diagnostic::error(self.file.rel.clone(), message)
            .help(help.into())
            .at(&self.file.text, line, column)
            .code(codes::INVALID_VALUE);
        self.found.push(d);
    }

    /// An error at `key` ([`codes::INVALID_VALUE`]).
    pub fn error(&mut self, key: &str, message: impl Into<Text>, help: impl Into<Text>) {
        self.report(codes::INVALID_VALUE, Severity::Error, key, message, help);
    }

    /// A warning at `key` ([`codes::INVALID_VALUE`]).
    pub fn warning(&mut self, key: &str, message: impl Into<Text>, help: impl Into<Text>) {
        self.report(codes::INVALID_VALUE, Severity::Warning, key, message, help);
    }

    /// A count must be at most [`MAX_COUNT`].
    pub fn count(&mut self, key: &str, value: u64) {
        if value > MAX_COUNT {
            self.report(
                codes::COUNT_OUT_OF_RANGE,
                Severity::Error,
                key,
                crate::t!("{value} is out of range", "{value} 超出范围"),
                crate::messages::Text::both(
                    "counts are whole numbers from 0 to 100000",
                    "人数应为 0 到 100000 之间的整数",
                ),
            );
        }
    }

    /// A part must not exceed its whole.
    pub fn part(&mut self, key: &str, part: u32, whole_key: &str, whole: u64) {
        self.count(key, part.into());
        if u64::from(part) > whole {
            self.report(
                codes::PART_EXCEEDS_WHOLE,
                Severity::Error,
                key,
                crate::t!(
                    "{part} is more than {whole_key} ({whole})",
                    "{part} 大于 {whole_key}（{whole}）"
                ),
                crate::messages::Text::both(
                    "a part can never exceed its whole: check both figures",
                    "部分不能大于总数：请核对这两个数字",
                ),
            );
        }
    }

    /// Parts must add up to the members.
    pub fn sum(&mut self, key: &str, total: u64, members: u64) {
        if total != members {
            self.report(
                codes::PARTS_DO_NOT_ADD_UP,
                Severity::Error,
                key,
                crate::t!("adds up to {total}, but members is {members}", "各组相加为 {total}，但 members 是 {members}"),
                crate::messages::Text::both("every member is counted in exactly one group: make the groups add up to members", "每名成员在各组中只计一次：各组人数之和应等于 members"),
            );
        }
    }

    /// An age must be plausible.
    pub fn age(&mut self, key: &str, age: f64) {
        if !age.is_finite() || !(18.0..=80.0).contains(&age) {
            self.report(
                codes::IMPLAUSIBLE_AGE,
                Severity::Error,
                key,
                crate::t!("{age} is not a plausible age", "{age} 不是合理的年龄"),
                crate::messages::Text::both(
                    "ages lie between 18 and 80 years",
                    "年龄应在 18 到 80 岁之间",
                ),
            );
        }
    }
}
