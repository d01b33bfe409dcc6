//! Diagnostics: what went wrong in which file, where, and how to fix it.
//!
//! Every stage reports content problems as [`Diagnostic`]s; they are collected so that one
//! build reports all of them at once, and printed once, in `main`.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::platform::display_path;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Stops the build.
    Error,
    /// Reported, but the build goes on.
    Warning,
}

/// One problem in one place of one file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file, relative to the site root where possible.
    pub file: PathBuf,
    /// 1-based line, 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column in characters, 0 when unknown.
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// The offending source line, for the caret display.
    #[serde(skip)]
    pub source_line: Option<String>,
}

impl Diagnostic {
    /// An error about a whole file.
    pub fn error(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            file: file.into(),
            line: 0,
            column: 0,
            message: message.into(),
            help: None,
            source_line: None,
        }
    }

    /// A warning about a whole file.
    pub fn warning(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(file, message)
        }
    }

    /// Places the diagnostic at a line and column of `source` (the whole file's text).
    pub fn at(mut self, source: &str, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = column;
        self.source_line = source
            .lines()
            .nth(line.saturating_sub(1))
            .filter(|_| line > 0)
            .map(|l| l.trim_end_matches('\r').to_string());
        self
    }

    /// Adds a hint on how to fix the problem.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Whether this diagnostic stops the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{label}: {}", self.message)?;
        let file = display_path(&self.file);
        match (self.line, self.column) {
            (0, _) => writeln!(f, "  --> {file}")?,
            (l, 0) => writeln!(f, "  --> {file}:{l}")?,
            (l, c) => writeln!(f, "  --> {file}:{l}:{c}")?,
        }
        if let Some(src) = &self.source_line {
            let num = self.line.to_string();
            let pad = " ".repeat(num.len());
            writeln!(f, "{pad} |")?;
            writeln!(f, "{num} | {src}")?;
            if self.column > 0 {
                let prefix: String = src
                    .chars()
                    .take(self.column - 1)
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                // Full-width characters take two terminal cells.
                let wide = src
                    .chars()
                    .take(self.column - 1)
                    .filter(|c| is_wide(*c))
                    .count();
                writeln!(f, "{pad} | {prefix}{}^", " ".repeat(wide))?;
            }
        }
        if let Some(help) = &self.help {
            writeln!(f, "  = help: {help}")?;
        }
        Ok(())
    }
}

/// Whether a character takes two cells in a terminal (CJK and full-width forms).
fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF |
        0x4E00..=0x9FFF | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF |
        0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// The 1-based line and column (counted in characters) of a byte offset in `text`, as
/// [`Diagnostic::at`] takes them. An offset past the end is the end; one inside a
/// character is that character.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// The diagnostics of a build, errors and warnings together.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Adds one diagnostic.
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    /// Adds many.
    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(ds);
    }

    /// Whether any of them is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    /// The number of errors.
    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    /// The warnings only.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| !d.is_error())
    }

    /// Sorts by file, then position, so that output is stable.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            (&a.file, a.line, a.column, &a.message).cmp(&(&b.file, b.line, b.column, &b.message))
        });
        self.0.dedup();
    }
}

/// Everything that can stop a command.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Content or data is wrong: exit code 1.
    #[error("{}", render_content_errors(.0))]
    Content(Diagnostics),
    /// A file could not be read or written: exit code 2.
    #[error("{action} {}: {source}", display_path(.path))]
    Io {
        /// What was being done ("cannot read", "cannot write").
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The command was used wrongly, or the setup (site.toml, theme) is wrong: exit code 2.
    #[error("{0}")]
    Usage(String),
    /// The output folder cannot take the site as it stands: exit code 2. Nothing was
    /// written; the message says what to move.
    #[error(transparent)]
    Output(#[from] OutputProblem),
    /// A template of the theme or the site failed: exit code 2.
    #[error("{0}")]
    Template(Box<Diagnostic>),
}

/// What stands in the way of writing the output folder, each with what to do about it.
#[derive(Debug, thiserror::Error)]
pub enum OutputProblem {
    /// The output path names a file.
    #[error("refusing to write into {}: it is a file, not a folder; set output_dir to a folder, e.g. `public`", display_path(.0))]
    IsAFile(PathBuf),
    /// The output folder is the site root, or contains it.
    #[error("refusing to write into {}: it is the site root or contains it; choose an output_dir inside the site, e.g. `public`", display_path(.0))]
    ContainsSite(PathBuf),
    /// The output folder holds a site's sources.
    #[error("refusing to write into {}: it holds site.toml or content/, the sources of a site", display_path(.0))]
    HoldsSources(PathBuf),
    /// The output folder holds files qingfeng did not write.
    #[error("refusing to write into {}: it holds {} file(s) qingfeng did not make ({}{}); qingfeng never deletes what it did not write. Choose another output_dir, or move those files away", display_path(.folder), .files.len(), .files.iter().take(5).cloned().collect::<Vec<_>>().join(", "), if .files.len() > 5 { ", …" } else { "" })]
    ForeignFiles {
        /// The output folder.
        folder: PathBuf,
        /// The files, relative to it.
        files: Vec<String>,
    },
    /// A folder stands where a file of the site goes.
    #[error("cannot write {}: a folder stands where the file should go; move it away", display_path(.0))]
    FolderInTheWay(PathBuf),
    /// A file stands where a folder of the site goes.
    #[error("cannot write into {}: the file {} stands where a folder should go; move it away", display_path(.folder), display_path(.file))]
    FileInTheWay {
        /// The output folder.
        folder: PathBuf,
        /// The file in the way.
        file: PathBuf,
    },
    /// A generated path would leave the output folder.
    #[error("refusing to write `{0}`: the path would leave the output folder")]
    Escapes(String),
    /// A generated path holds a name that Windows cannot have.
    #[error(
        "refusing to write `{path}`: `{name}` {why}; rename it (a theme's static file, most likely) so that the site builds on every computer"
    )]
    WindowsName {
        /// The path in the output folder.
        path: String,
        /// The part of it Windows refuses.
        name: String,
        /// Why.
        why: &'static str,
    },
    /// Another program holds a file of the output open, so that it cannot be replaced or
    /// deleted (Windows).
    #[error("cannot replace {}: another program has it open, most likely {holder}; close it and build again. {}", display_path(.file), held_open_outcome(*.intact))]
    HeldOpen {
        /// The file.
        file: PathBuf,
        /// Who probably holds it.
        holder: String,
        /// Whether nothing was changed yet.
        intact: bool,
    },
}

/// What a write stopped by a file held open left behind.
fn held_open_outcome(intact: bool) -> &'static str {
    if intact {
        "Nothing was changed: the previous output is as it was"
    } else {
        "The output is partly updated, every file in it whole; building again finishes it"
    }
}

impl Error {
    /// A read error with its path.
    pub fn read(path: &Path, source: std::io::Error) -> Self {
        Self::Io {
            action: "cannot read",
            path: path.to_path_buf(),
            source,
        }
    }

    /// A write error with its path.
    pub fn write(path: &Path, source: std::io::Error) -> Self {
        Self::Io {
            action: "cannot write",
            path: path.to_path_buf(),
            source,
        }
    }

    /// The process exit code for this error.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Content(_) => 1,
            Error::Io { .. } | Error::Usage(_) | Error::Output(_) | Error::Template(_) => 2,
        }
    }
}

fn render_content_errors(ds: &Diagnostics) -> String {
    let mut out = String::new();
    for line in grouped(
        &ds.0,
        false,
        |d| (kind_of(d), d.file.clone()),
        |d| d.to_string(),
    ) {
        out.push_str(&line);
        out.push('\n');
    }
    let errors = ds.error_count();
    let warnings = ds.0.len() - errors;
    out.push_str(&format!(
        "build failed: {errors} error{}, {warnings} warning{}; the previous output was left as it was",
        if errors == 1 { "" } else { "s" },
        if warnings == 1 { "" } else { "s" }
    ));
    out
}

/// How many of one kind of finding are shown in full before the rest are summed up.
pub const SHOWN_IN_FULL: usize = 3;

/// What makes findings "of one kind": their severity and message with the numbers and the
/// quoted values masked (`only 1 woman in …` and `only 0 women in …` are one kind).
pub fn kind_of(d: &Diagnostic) -> String {
    let mut kind = format!("{:?}:", d.severity);
    let mut in_quote = false;
    let mut last = ' ';
    for c in d.message.chars() {
        if c == '`' {
            in_quote = !in_quote;
            kind.push(c);
        } else if in_quote {
            continue;
        } else if c.is_ascii_digit() {
            if last != '#' {
                kind.push('#');
                last = '#';
            }
            continue;
        } else {
            kind.push(c);
        }
        last = c;
    }
    kind
}

/// The lines to print for `items`, in order: each in full (`show`), except that after the
/// first [`SHOWN_IN_FULL`] of a kind the rest of that kind are one line giving their
/// number and files (all in full when `verbose`). `key` gives an item's kind and file.
pub fn grouped<T>(
    items: &[T],
    verbose: bool,
    key: impl Fn(&T) -> (String, PathBuf),
    show: impl Fn(&T) -> String,
) -> Vec<String> {
    if verbose {
        return items.iter().map(show).collect();
    }
    let keys: Vec<(String, PathBuf)> = items.iter().map(&key).collect();
    let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut lines = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let (kind, _) = &keys[i];
        let n = seen.entry(kind.as_str()).or_insert(0);
        *n += 1;
        if *n <= SHOWN_IN_FULL {
            lines.push(show(item));
        } else if *n == SHOWN_IN_FULL + 1 {
            let rest: Vec<&PathBuf> = keys[i..]
                .iter()
                .filter(|(k, _)| k == kind)
                .map(|(_, f)| f)
                .collect();
            let mut files: Vec<String> = Vec::new();
            for f in &rest {
                let f = display_path(f);
                if !files.contains(&f) {
                    files.push(f);
                }
            }
            let listed = files.iter().take(8).cloned().collect::<Vec<_>>().join(", ");
            let more = if files.len() > 8 { ", …" } else { "" };
            lines.push(format!(
                "… and {} more like the above in {} file{}: {listed}{more} (`qingfeng check --verbose` lists every one)\n",
                rest.len(),
                files.len(),
                if files.len() == 1 { "" } else { "s" }
            ));
        }
    }
    lines
}

/// Result type of the pipeline.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The edit distance between two strings, for "did you mean" hints.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The candidate nearest to `word`, if it is near enough to be a likely misspelling.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, c)| *d <= (c.chars().count() / 2).max(2))
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {

    #[test]
    fn findings_of_one_kind_differ_only_in_numbers_and_quoted_values() {
        let kind = |m: &str| kind_of(&Diagnostic::warning("a.yaml", m));
        assert_eq!(kind("only 1 woman in 12"), kind("only 0 woman in 7"));
        assert_eq!(kind("`甲` is unknown"), kind("`乙县` is unknown"));
        assert_ne!(kind("only 1 woman"), kind("only 1 man"));
        assert_ne!(
            kind_of(&Diagnostic::error("a.yaml", "x 1")),
            kind_of(&Diagnostic::warning("a.yaml", "x 1"))
        );
    }

    use super::*;

    #[test]
    fn caret_points_at_the_column_with_wide_characters() {
        let src = "name: 尧都区\nkind: 镇\n";
        let d = Diagnostic::error("content/counties/yaodu.yaml", "unknown kind `镇`").at(src, 2, 7);
        let text = d.to_string();
        assert!(
            text.contains("--> content/counties/yaodu.yaml:2:7"),
            "{text}"
        );
        assert!(text.contains("2 | kind: 镇"), "{text}");
        assert!(text.contains("  |       ^"), "{text}");
    }

    #[test]
    fn byte_offsets_become_lines_and_character_columns() {
        #[track_caller]
        fn case(text: &str, offset: usize, expected: (usize, usize)) {
            assert_eq!(line_col(text, offset), expected, "{text:?} at {offset}");
        }
        case("", 0, (1, 1));
        case("abc", 0, (1, 1));
        case("abc", 2, (1, 3));
        case("ab\n尧都x", 9, (2, 3)); // 尧 and 都 are three bytes each
        case("尧都区", 3, (1, 2));
        case("尧都区", 4, (1, 2)); // inside 都: that character
        case("ab\r\ncd", 2, (1, 3)); // the `\r`
        case("ab\r\ncd", 4, (2, 1));
        case("ab\r\ncd", 5, (2, 2));
        case("一\n二\n", 8, (3, 1)); // at the end, after the last newline
        case("一\n二", 7, (2, 2)); // at the end
        case("一\n二", 99, (2, 2)); // past the end
    }

    #[test]
    fn nearest_suggests_close_keys_only() {
        let keys = ["members", "women", "non_party"];
        assert_eq!(nearest("memebrs", keys), Some("members"));
        assert_eq!(nearest("womn", keys), Some("women"));
        assert_eq!(nearest("population", keys), None);
    }
}
