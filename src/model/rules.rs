//! The checker that data rules report through: it places each finding at the key it
//! concerns, with the file's line and column.

use crate::diagnostic::{Diagnostic, Severity};
use crate::load::SourceFile;
use crate::load::yaml::KeyIndex;

/// The largest count a field may hold.
pub const MAX_COUNT: u64 = 100_000;

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

    fn place(&self, key: &str, severity: Severity, message: String, help: &str) -> Diagnostic {
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

    /// An error at `key`.
    pub fn error(&mut self, key: &str, message: impl Into<String>, help: &str) {
        let d = self.place(
            key,
            Severity::Error,
            format!("{key}: {}", message.into()),
            help,
        );
        self.found.push(d);
    }

    /// A warning at `key`.
    pub fn warning(&mut self, key: &str, message: impl Into<String>, help: &str) {
        let d = self.place(
            key,
            Severity::Warning,
            format!("{key}: {}", message.into()),
            help,
        );
        self.found.push(d);
    }

    /// A count must be at most [`MAX_COUNT`].
    pub fn count(&mut self, key: &str, value: u64) {
        if value > MAX_COUNT {
            self.error(
                key,
                format!("{value} is out of range"),
                "counts are whole numbers from 0 to 100000",
            );
        }
    }

    /// A part must not exceed its whole.
    pub fn part(&mut self, key: &str, part: u32, whole_key: &str, whole: u64) {
        self.count(key, part.into());
        if u64::from(part) > whole {
            self.error(
                key,
                format!("{part} is more than {whole_key} ({whole})"),
                "a part can never exceed its whole: check both figures",
            );
        }
    }

    /// Parts must add up to the members.
    pub fn sum(&mut self, key: &str, total: u64, members: u64) {
        if total != members {
            self.error(
                key,
                format!("adds up to {total}, but members is {members}"),
                "every member is counted in exactly one group: make the groups add up to members",
            );
        }
    }

    /// An age must be plausible.
    pub fn age(&mut self, key: &str, age: f64) {
        if !age.is_finite() || !(18.0..=80.0).contains(&age) {
            self.error(
                key,
                format!("{age} is not a plausible age"),
                "ages lie between 18 and 80 years",
            );
        }
    }
}
