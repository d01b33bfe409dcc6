//! Diagnostics: what went wrong in which file, where, and how to fix it.
//!
//! Every stage reports content problems as [`Diagnostic`]s; they are collected so that one
//! build reports all of them at once, and printed once, in `main`.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::messages::catalog::{self as codes, Code};
use crate::messages::{Lang, Text, frame, lang};
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

/// The Chinese of a diagnostic.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Zh {
    /// What is wrong.
    pub message: Option<String>,
    /// How to fix it.
    pub help: Option<String>,
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
    /// Its stable code ([`codes`]); [`codes::UNCODED`] until it is given one.
    pub code: Code,
    /// What is wrong, in English.
    pub message: String,
    /// How to fix it, in English.
    pub help: Option<String>,
    /// What is wrong and how to fix it in Chinese, where they are given (English is shown
    /// where not); boxed, so that a diagnostic stays small.
    #[serde(skip)]
    pub zh: Option<Box<Zh>>,
    /// The offending source line, for the caret display.
    #[serde(skip)]
    pub source_line: Option<Box<str>>,
}

impl Diagnostic {
    /// An error about a whole file; `message` is English or both languages ([`crate::t!`]).
    pub fn error(file: impl Into<PathBuf>, message: impl Into<Text>) -> Self {
        let message = message.into();
        let mut d = Self {
            severity: Severity::Error,
            file: file.into(),
            line: 0,
            column: 0,
            code: codes::UNCODED,
            message: message.en,
            help: None,
            zh: None,
            source_line: None,
        };
        d.set_message_zh(message.zh);
        d
    }

    /// A warning about a whole file.
    pub fn warning(file: impl Into<PathBuf>, message: impl Into<Text>) -> Self {
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
            .map(|l| l.trim_end_matches('\r').into());
        self
    }

    /// Adds a hint on how to fix the problem (English, or both languages).
    pub fn help(mut self, help: impl Into<Text>) -> Self {
        self.set_help(help.into());
        self
    }

    /// Puts `place` (in both languages: `各县数据!D7 (row 7)`, `各县数据!D7 (第7行)`) before
    /// the message.
    pub fn prefix(&mut self, place: &Text) {
        let (en, zh) = (&place.en, place.get(Lang::Zh));
        let message_zh = self.message_in(Lang::Zh);
        let message_zh = format!("{zh}：{message_zh}");
        self.message = format!("{en}: {}", self.message);
        self.set_message_zh(Some(message_zh));
    }

    /// Gives the diagnostic its code.
    pub fn code(mut self, code: Code) -> Self {
        self.code = code;
        self
    }

    /// Replaces the message (both languages).
    pub fn set_message(&mut self, message: Text) {
        self.message = message.en;
        self.set_message_zh(message.zh);
    }

    /// Replaces the help line (both languages).
    pub fn set_help(&mut self, help: Text) {
        self.help = Some(help.en);
        self.set_help_zh(help.zh);
    }

    /// Replaces the Chinese of the message only.
    pub fn set_message_zh(&mut self, zh: Option<String>) {
        if zh.is_some() || self.zh.is_some() {
            self.zh.get_or_insert_default().message = zh;
        }
    }

    /// Replaces the Chinese of the help line only.
    pub fn set_help_zh(&mut self, zh: Option<String>) {
        if zh.is_some() || self.zh.is_some() {
            self.zh.get_or_insert_default().help = zh;
        }
    }

    /// What is wrong, in `lang`.
    pub fn message_in(&self, lang: Lang) -> &str {
        match (lang, self.zh.as_ref().and_then(|z| z.message.as_deref())) {
            (Lang::Zh, Some(zh)) => zh,
            _ => &self.message,
        }
    }

    /// How to fix it, in `lang`.
    pub fn help_in(&self, lang: Lang) -> Option<&str> {
        match (lang, self.zh.as_ref().and_then(|z| z.help.as_deref())) {
            (Lang::Zh, Some(zh)) => Some(zh),
            _ => self.help.as_deref(),
        }
    }

    /// The diagnostic as printed in `lang`: the caret display.
    pub fn render(&self, lang: Lang) -> String {
        let mut out = String::new();
        self.write(&mut out, lang).ok();
        out
    }

    /// `error[QF0301]` / `警告[QF0912]`: the severity and the code.
    pub fn label(&self, lang: Lang) -> String {
        let words = frame(lang);
        let label = match self.severity {
            Severity::Error => words.error,
            Severity::Warning => words.warning,
        };
        label_with_code(label, self.code)
    }

    /// Whether this diagnostic stops the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(f, lang())
    }
}

/// `error[QF0301]`, or `error` for a diagnostic without a code.
fn label_with_code(label: &str, code: Code) -> String {
    if code == codes::UNCODED {
        label.to_string()
    } else {
        format!("{label}[{code}]")
    }
}

/// `error[QF0101]: message` for errors without a place (usage, IO, output folder).
pub fn error_line(code: Code, message: &str, lang: Lang) -> String {
    let words = frame(lang);
    format!(
        "{}{}{message}",
        label_with_code(words.error, code),
        words.colon
    )
}

impl Diagnostic {
    fn write(&self, f: &mut impl fmt::Write, lang: Lang) -> fmt::Result {
        let words = frame(lang);
        writeln!(
            f,
            "{}{}{}",
            self.label(lang),
            words.colon,
            self.message_in(lang)
        )?;
        let file = display_path(&self.file);
        match (self.line, self.column, lang) {
            (0, _, _) => writeln!(f, "  --> {file}")?,
            (l, 0, Lang::En) => writeln!(f, "  --> {file}:{l}")?,
            (l, c, Lang::En) => writeln!(f, "  --> {file}:{l}:{c}")?,
            (l, 0, Lang::Zh) => writeln!(f, "  --> {file}:{l}（第{l}行）")?,
            (l, c, Lang::Zh) => writeln!(f, "  --> {file}:{l}:{c}（第{l}行第{c}列）")?,
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
        if let Some(help) = self.help_in(lang) {
            writeln!(f, "  = {}{}{help}", words.help, words.colon)?;
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

/// Everything that can stop a command. Its display is in the chosen language
/// ([`crate::messages::lang`]).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Content or data is wrong: exit code 1.
    #[error("{}", render_content_errors(.0, lang()))]
    Content(Diagnostics),
    /// A file could not be read or written: exit code 2.
    #[error("{}", self.render(lang()))]
    Io {
        /// What was being done ("cannot read", "cannot write").
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The command was used wrongly, or the setup (site.toml, theme) is wrong: exit code 2.
    #[error("{}", self.render(lang()))]
    Usage(Code, Text),
    /// The output folder cannot take the site as it stands: exit code 2. Nothing was
    /// written; the message says what to move.
    #[error("{}", self.render(lang()))]
    Output(#[from] OutputProblem),
}

/// What stands in the way of writing the output folder, each with what to do about it.
#[derive(Debug, thiserror::Error)]
pub enum OutputProblem {
    /// The output path names a file.
    #[error("{}", self.text().en)]
    IsAFile(PathBuf),
    /// The output folder is the site root, or contains it.
    #[error("{}", self.text().en)]
    ContainsSite(PathBuf),
    /// The output folder holds a site's sources.
    #[error("{}", self.text().en)]
    HoldsSources(PathBuf),
    /// The output folder holds files qingfeng did not write.
    #[error("{}", self.text().en)]
    ForeignFiles {
        /// The output folder.
        folder: PathBuf,
        /// The files, relative to it.
        files: Vec<String>,
    },
    /// A folder stands where a file of the site goes.
    #[error("{}", self.text().en)]
    FolderInTheWay(PathBuf),
    /// A file stands where a folder of the site goes.
    #[error("{}", self.text().en)]
    FileInTheWay {
        /// The output folder.
        folder: PathBuf,
        /// The file in the way.
        file: PathBuf,
    },
    /// A generated path would leave the output folder.
    #[error("{}", self.text().en)]
    Escapes(String),
    /// A generated path holds a name that Windows cannot have.
    #[error("{}", self.text().en)]
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
    #[error("{}", self.text().en)]
    HeldOpen {
        /// The file.
        file: PathBuf,
        /// Who probably holds it.
        holder: String,
        /// Whether nothing was changed yet.
        intact: bool,
    },
}

impl OutputProblem {
    /// Its code.
    pub fn code(&self) -> Code {
        match self {
            OutputProblem::IsAFile(_) => codes::OUTPUT_IS_FILE,
            OutputProblem::ContainsSite(_) => codes::OUTPUT_CONTAINS_SITE,
            OutputProblem::HoldsSources(_) => codes::OUTPUT_HOLDS_SOURCES,
            OutputProblem::ForeignFiles { .. } => codes::OUTPUT_FOREIGN_FILES,
            OutputProblem::FolderInTheWay(_) => codes::FOLDER_IN_THE_WAY,
            OutputProblem::FileInTheWay { .. } => codes::FILE_IN_THE_WAY,
            OutputProblem::Escapes(_) => codes::PATH_ESCAPES,
            OutputProblem::WindowsName { .. } => codes::WINDOWS_NAME,
            OutputProblem::HeldOpen { .. } => codes::HELD_OPEN,
        }
    }

    /// What stands in the way and what to do, in both languages.
    pub fn text(&self) -> Text {
        match self {
            OutputProblem::IsAFile(p) => {
                let p = display_path(p);
                crate::t!(
                    "refusing to write into {p}: it is a file, not a folder; set output_dir to a folder, e.g. `public`",
                    "不能写入 {p}：它是文件而不是文件夹；请把 output_dir 设为文件夹，例如 `public`"
                )
            }
            OutputProblem::ContainsSite(p) => {
                let p = display_path(p);
                crate::t!(
                    "refusing to write into {p}: it is the site root or contains it; choose an output_dir inside the site, e.g. `public`",
                    "不能写入 {p}：它是网站根目录或包含网站；请选择网站内的输出文件夹，例如 `public`"
                )
            }
            OutputProblem::HoldsSources(p) => {
                let p = display_path(p);
                crate::t!(
                    "refusing to write into {p}: it holds site.toml or content/, the sources of a site",
                    "不能写入 {p}：其中有 site.toml 或 content/，是网站的源文件"
                )
            }
            OutputProblem::ForeignFiles { folder, files } => {
                let folder = display_path(folder);
                let n = files.len();
                let listed = files.iter().take(5).cloned().collect::<Vec<_>>().join(", ");
                let more = if n > 5 { ", …" } else { "" };
                crate::t!(
                    "refusing to write into {folder}: it holds {n} file(s) qingfeng did not make ({listed}{more}); qingfeng never deletes what it did not write. Choose another output_dir, or move those files away",
                    "不能写入 {folder}：其中有 {n} 个不是 qingfeng 生成的文件（{listed}{more}）；qingfeng 从不删除不是它写的文件。请另选输出文件夹，或把这些文件移走"
                )
            }
            OutputProblem::FolderInTheWay(p) => {
                let p = display_path(p);
                crate::t!(
                    "cannot write {p}: a folder stands where the file should go, holding files qingfeng did not write; move the folder, or those files, away",
                    "无法写入 {p}：该文件的位置上有一个文件夹，其中有不是 qingfeng 写的文件；请把该文件夹或这些文件移走"
                )
            }
            OutputProblem::FileInTheWay { folder, file } => {
                let (folder, file) = (display_path(folder), display_path(file));
                crate::t!(
                    "cannot write into {folder}: the file {file} stands where a folder should go; move it away",
                    "无法写入 {folder}：文件 {file} 占了一个文件夹的位置；请把它移走"
                )
            }
            OutputProblem::Escapes(path) => crate::t!(
                "refusing to write `{path}`: the path would leave the output folder",
                "不能写入 `{path}`：该路径会超出输出文件夹"
            ),
            OutputProblem::WindowsName { path, name, why } => crate::t!(
                "refusing to write `{path}`: `{name}` {why}; rename it (a theme's static file, most likely) so that the site builds on every computer",
                "不能写入 `{path}`：Windows 不允许 `{name}` 这样的名称（{why}）；请重命名（多半是主题的静态文件），使网站在每台电脑上都能构建"
            ),
            OutputProblem::HeldOpen {
                file,
                holder,
                intact,
            } => {
                let file = display_path(file);
                let (en, zh) = if *intact {
                    (
                        "Nothing was changed: the previous output is as it was",
                        "没有改动任何文件：上次的输出保持原样",
                    )
                } else {
                    (
                        "The output is partly updated, every file in it whole; building again finishes it",
                        "输出已部分更新，每个文件都是完整的；再构建一次即可完成",
                    )
                };
                crate::t!(
                    "cannot replace {file}: another program has it open, most likely {holder}; close it and build again. {en}",
                    "无法替换 {file}：它被其他程序打开了，很可能是 {holder}；请关闭后重新构建。{zh}"
                )
            }
        }
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

    /// A usage or setup error with its code.
    pub fn usage(code: Code, text: impl Into<Text>) -> Self {
        Self::Usage(code, text.into())
    }

    /// The process exit code for this error.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Content(_) => 1,
            Error::Io { .. } | Error::Usage(..) | Error::Output(_) => 2,
        }
    }

    /// Its code; the first error's for content errors.
    pub fn code(&self) -> Code {
        match self {
            Error::Content(ds) => {
                ds.0.iter()
                    .find(|d| d.is_error())
                    .map_or(codes::UNCODED, |d| d.code)
            }
            Error::Io { action, .. } if *action == "cannot write" => codes::CANNOT_WRITE,
            Error::Io { .. } => codes::CANNOT_READ,
            Error::Usage(code, _) => *code,
            Error::Output(problem) => problem.code(),
        }
    }

    /// The message without the `error[…]:` frame, in `lang` (the file and line of content
    /// errors aside).
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Error::Io {
                action,
                path,
                source,
            } => {
                let path = display_path(path);
                match lang {
                    Lang::En => format!("{action} {path}: {source}"),
                    Lang::Zh if *action == "cannot write" => format!("无法写入 {path}：{source}"),
                    Lang::Zh => format!("无法读取 {path}：{source}"),
                }
            }
            Error::Usage(_, text) => text.get(lang).to_string(),
            Error::Output(problem) => problem.text().get(lang).to_string(),
            Error::Content(ds) => render_content_errors(ds, lang),
        }
    }

    /// The error as printed in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        match self {
            Error::Content(ds) => render_content_errors(ds, lang),
            Error::Usage(code, text) if *code == codes::UNCODED => text.get(lang).to_string(),
            _ => error_line(self.code(), &self.message(lang), lang),
        }
    }
}

fn render_content_errors(ds: &Diagnostics, lang: Lang) -> String {
    let mut out = String::new();
    for line in grouped(
        &ds.0,
        false,
        |d| (kind_of(d), d.file.clone()),
        |d| d.render(lang),
    ) {
        out.push_str(&line);
        out.push('\n');
    }
    let errors = ds.error_count();
    let warnings = ds.0.len() - errors;
    out.push_str(&match lang {
        Lang::En => format!(
            "build failed: {errors} error{}, {warnings} warning{}; the previous output was left as it was",
            if errors == 1 { "" } else { "s" },
            if warnings == 1 { "" } else { "s" }
        ),
        Lang::Zh => format!(
            "构建失败：{errors} 个错误，{warnings} 个警告；上次的输出保持原样"
        ),
    });
    out
}

/// How many of one kind of finding are shown in full before the rest are summed up.
pub const SHOWN_IN_FULL: usize = 3;

/// What makes findings "of one kind": their severity and message with the numbers and the
/// quoted values masked (`only 1 woman in …` and `only 0 women in …` are one kind).
pub fn kind_of(d: &Diagnostic) -> String {
    let mut kind = format!("{:?}{}:", d.severity, d.code);
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
            let (n, m) = (rest.len(), files.len());
            lines.push(match lang() {
                Lang::En => format!(
                    "… and {n} more like the above in {m} file{}: {listed}{more} (`qingfeng check --verbose` lists every one)\n",
                    if m == 1 { "" } else { "s" }
                ),
                Lang::Zh => format!(
                    "……另有 {n} 条同类提示，在 {m} 个文件中：{listed}{more}（`qingfeng check --verbose` 列出全部）\n"
                ),
            });
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
        // Close, and sharing at least a character: a two-character word is within two
        // edits of every other (备注 of 名称).
        .filter(|(d, c)| {
            let shortest = c.chars().count().min(word.chars().count());
            *d <= (c.chars().count() / 2).max(2) && *d < shortest
        })
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
        let headers = ["市", "名称", "类型", "成员", "女干部"];
        assert_eq!(nearest("备注", headers), None);
        assert_eq!(nearest("类形", headers), Some("类型"));
        assert_eq!(nearest("女干", headers), Some("女干部"));
        assert_eq!(nearest("县", headers), None);
    }
}
