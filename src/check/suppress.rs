//! Suppressions: an editor's way to say "this finding is known and fine here", for any rule
//! of `check` but `build` and `config`.
//!
//! - `<!-- qingfeng-ignore share-mismatch -->` on a line of its own in Markdown (`#
//!   qingfeng-ignore share-mismatch` in YAML): the paragraph below it (up to the next blank
//!   line) is not checked for the rules named; several may be named, none means every rule.
//! - `<!-- qingfeng-ignore-file rule -->` (`# qingfeng-ignore-file rule` in YAML) or
//!   front matter `check_ignore: [rule]`: the whole file.
//! - `[check] allow = ["隰(xí)县"]` in `site.toml`: text inside an occurrence of a literal
//!   is never a finding, in any file.
//!
//! A suppression that suppresses nothing is itself a warning (`unused-suppression`), and
//! so is one naming a rule that does not exist (with the nearest rule's name), so that a
//! stale or mistyped suppression does not hide a finding added later. Which suppressions
//! were used is recorded in atomics, so files may be checked in parallel.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use super::{BUILD, CHECK_RULES, CONFIG, Problem, Selection, copy};
use crate::config::CONFIG_FILE;
use crate::diagnostic::{Diagnostic, edit_distance, line_col};
use crate::load::SourceFile;

/// A suppression that suppresses nothing, or names no rule.
pub const UNUSED_SUPPRESSION: &str = "unused-suppression";

/// The comment's keyword for the paragraph below.
const IGNORE: &str = "qingfeng-ignore";
/// The comment's keyword for the whole file.
const IGNORE_FILE: &str = "qingfeng-ignore-file";

/// Where one suppression applies in its file.
#[derive(Debug, Clone)]
enum Scope {
    /// The whole file.
    File,
    /// These lines (1-based, end excluded); empty when nothing follows the comment.
    Lines(Range<usize>),
}

/// One suppression written in a content file.
#[derive(Debug)]
struct Ignore {
    /// The rules it names; empty: every rule.
    rules: Vec<&'static str>,
    scope: Scope,
    /// Where it is written (1-based), and how, for the warning when it is unused.
    line: usize,
    column: usize,
    written: String,
    used: AtomicBool,
}

/// One `[check] allow` literal.
#[derive(Debug)]
struct Allowed {
    literal: String,
    used: AtomicBool,
}

/// Every suppression of a site, and which of them suppressed something.
#[derive(Debug, Default)]
pub struct Suppressions {
    allow: Vec<Allowed>,
    files: HashMap<PathBuf, Vec<Ignore>>,
    /// Suppressions naming rules that do not exist.
    unknown: Vec<Problem>,
}

/// The suppressions of one file's text, with the `allow` literals located in it.
pub struct FileSuppressions<'a> {
    all: &'a Suppressions,
    ignores: &'a [Ignore],
    /// Byte ranges of the literals' occurrences, and which literal.
    allowed: Vec<(Range<usize>, usize)>,
}

impl Suppressions {
    /// The suppressions of `files` and the `allow` literals of `site.toml`.
    pub fn read<'a>(allow: &[String], files: impl IntoIterator<Item = &'a SourceFile>) -> Self {
        let mut suppressions = Suppressions {
            allow: allow
                .iter()
                .filter(|literal| !literal.is_empty())
                .map(|literal| Allowed {
                    literal: literal.clone(),
                    used: AtomicBool::new(false),
                })
                .collect(),
            ..Suppressions::default()
        };
        for file in files {
            let ignores = suppressions.read_file(file);
            if !ignores.is_empty() {
                suppressions.files.insert(file.rel.clone(), ignores);
            }
        }
        suppressions
    }

    /// The suppressions written in one file.
    fn read_file(&mut self, file: &SourceFile) -> Vec<Ignore> {
        let yaml = super::is_yaml(&file.path);
        let text = &*file.text;
        let lines: Vec<&str> = text.lines().collect();
        let mut ignores = Vec::new();
        let mut body_start = 0;
        if !yaml && lines.first().is_some_and(|l| l.trim_end() == "---") {
            if let Some(end) = lines
                .iter()
                .skip(1)
                .position(|l| matches!(l.trim_end(), "---" | "..."))
            {
                body_start = end + 2;
                ignores.extend(self.front_matter(file, &lines[1..=end]));
            }
        }
        let mut fence: Option<&str> = None;
        for (n, line) in lines.iter().enumerate().skip(body_start) {
            let trimmed = line.trim();
            if !yaml {
                if let Some(open) = fence {
                    if trimmed.starts_with(open) {
                        fence = None;
                    }
                    continue;
                }
                if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
                    fence = Some(&trimmed[..3]);
                    continue;
                }
            }
            let inner = if yaml {
                trimmed.strip_prefix('#')
            } else {
                trimmed
                    .strip_prefix("<!--")
                    .and_then(|t| t.strip_suffix("-->"))
            };
            let Some(inner) = inner else { continue };
            let mut words = inner
                .split(|c: char| c.is_whitespace() || c == ',')
                .filter(|w| !w.is_empty());
            let scope = match words.next() {
                Some(IGNORE) => Scope::Lines(paragraph_after(&lines, n)),
                Some(IGNORE_FILE) => Scope::File,
                _ => continue,
            };
            let column = line.chars().take_while(|c| c.is_whitespace()).count() + 1;
            let names: Vec<String> = words.map(str::to_string).collect();
            let rules = self.rule_names(&names, file, n + 1, column);
            // Only unknown names: reported, and nothing is suppressed (no names means all).
            if rules.is_empty() && !names.is_empty() {
                continue;
            }
            ignores.push(Ignore {
                rules,
                scope,
                line: n + 1,
                column,
                written: trimmed.to_string(),
                used: AtomicBool::new(false),
            });
        }
        ignores
    }

    /// The `check_ignore` of a Markdown file's front matter (`lines`, between the `---`s).
    fn front_matter(&mut self, file: &SourceFile, lines: &[&str]) -> Option<Ignore> {
        let yaml: serde_yaml::Value = serde_yaml::from_str(&lines.join("\n")).ok()?;
        let names: Vec<String> = match yaml.get("check_ignore")? {
            serde_yaml::Value::String(one) => vec![one.clone()],
            serde_yaml::Value::Sequence(many) => many
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
            _ => return None,
        };
        let line = lines
            .iter()
            .position(|l| l.starts_with("check_ignore"))
            .map_or(1, |n| n + 2);
        let written = lines.get(line.saturating_sub(2)).copied().unwrap_or("");
        let rules = self.rule_names(&names, file, line, 1);
        // `check_ignore: []`, or only unknown names: nothing is suppressed (an empty list of
        // rules would mean every rule).
        if rules.is_empty() {
            return None;
        }
        Some(Ignore {
            rules,
            scope: Scope::File,
            line,
            column: 1,
            written: written.trim().to_string(),
            used: AtomicBool::new(false),
        })
    }

    /// The known rules among `names`; each unknown one is reported, placed at `line`.
    fn rule_names(
        &mut self,
        names: &[String],
        file: &SourceFile,
        line: usize,
        column: usize,
    ) -> Vec<&'static str> {
        let known = known_rules();
        let mut rules = Vec::new();
        for name in names {
            match known.iter().find(|k| **k == name.as_str()) {
                Some(rule) => rules.push(*rule),
                None => {
                    let nearest = known
                        .iter()
                        .min_by_key(|k| edit_distance(name, k))
                        .copied()
                        .unwrap_or(UNUSED_SUPPRESSION);
                    let diagnostic = Diagnostic::warning(
                        file.rel.clone(),
                        crate::t!(
                            "the suppression names no rule `{name}`, so it suppresses nothing",
                            "忽略标记中的 `{name}` 不是规则名，因此没有作用"
                        ),
                    )
                    .at(&file.text, line, column)
                    .help({
                        let rules = known.join(", ");
                        crate::t!(
                            "did you mean `{nearest}`? The rules are: {rules}",
                            "建议改为 `{nearest}`。所有规则：{rules}"
                        )
                    });
                    self.unknown
                        .push(Problem::from_diagnostic(UNUSED_SUPPRESSION, diagnostic));
                }
            }
        }
        rules
    }

    /// The suppressions that apply in the file `rel`, whose text is `text` (as checked or
    /// as being fixed: lines are the same).
    pub fn file<'a>(&'a self, rel: &Path, text: &str) -> FileSuppressions<'a> {
        let allowed = self
            .allow
            .iter()
            .enumerate()
            .flat_map(|(n, allowed)| {
                text.match_indices(allowed.literal.as_str())
                    .map(move |(at, literal)| (at..at + literal.len(), n))
            })
            .collect();
        FileSuppressions {
            all: self,
            ignores: self.files.get(rel).map_or(&[], Vec::as_slice),
            allowed,
        }
    }

    /// Whether `problem` (not a copy-edit finding: a broken link, a stale column …) is
    /// suppressed where it is placed; `sources` are the files it may be placed in.
    pub fn suppresses_problem<'a>(
        &self,
        problem: &Problem,
        sources: impl IntoIterator<Item = &'a SourceFile>,
    ) -> bool {
        if matches!(problem.rule, BUILD | CONFIG | UNUSED_SUPPRESSION) {
            return false;
        }
        let d = &problem.diagnostic;
        let Some(file) = sources.into_iter().find(|f| f.rel == d.file) else {
            return false;
        };
        let view = self.file(&file.rel, &file.text);
        let span = byte_offset(&file.text, d.line, d.column)
            .map_or(0..0, |at| at..at + problem.text.len());
        view.suppresses(problem.rule, d.line, span)
    }

    /// The warnings about suppressions that suppressed nothing, and those naming no rule.
    /// `site_toml` is the text of `site.toml`, to place the unused `allow` literals.
    pub fn unused(&self, selection: &Selection, site_toml: &str) -> Vec<Problem> {
        let mut problems = self.unknown.clone();
        for (rel, ignores) in &self.files {
            for ignore in ignores.iter().filter(|i| !i.used.load(Ordering::Relaxed)) {
                let off: Vec<&str> = ignore
                    .rules
                    .iter()
                    .filter(|r| !selection.is_enabled(r))
                    .copied()
                    .collect();
                let (why, why_zh) = if off.is_empty() {
                    match ignore.scope {
                        Scope::File => (
                            "nothing in this file is reported by the rules it names".to_string(),
                            "它所指的规则在本文件中没有发现问题".to_string(),
                        ),
                        Scope::Lines(_) => (
                            "nothing in the paragraph below is reported by the rules it names"
                                .to_string(),
                            "它所指的规则在下面这段中没有发现问题".to_string(),
                        ),
                    }
                } else {
                    let names = off.join("`, `");
                    (
                        format!("`{names}` is switched off in site.toml"),
                        format!("`{names}` 已在 site.toml 中关闭"),
                    )
                };
                let written = &ignore.written;
                let mut d = Diagnostic::warning(
                    rel.clone(),
                    crate::t!(
                        "`{written}` suppresses nothing: {why}",
                        "`{written}` 没有作用：{why_zh}"
                    ),
                )
                .help(crate::messages::Text::both(
                    "remove it, so that it does not hide a finding added later",
                    "请删去它，以免以后掩盖新出现的问题",
                ));
                d.line = ignore.line;
                d.column = ignore.column;
                problems.push(Problem::from_diagnostic(UNUSED_SUPPRESSION, d));
            }
        }
        for allowed in self
            .allow
            .iter()
            .filter(|a| !a.used.load(Ordering::Relaxed))
        {
            let mut d = Diagnostic::warning(
                CONFIG_FILE,
                crate::t!(
                    "[check] allow: `{}` suppresses nothing: no finding lies in that text",
                    "[check] allow：`{}` 没有作用：这段文字中没有发现问题",
                    allowed.literal
                ),
            )
            .help(crate::messages::Text::both(
                "remove it from `allow`, so that it does not hide a finding added later",
                "请把它从 `allow` 中删去，以免以后掩盖新出现的问题",
            ));
            if let Some(at) = site_toml.find(&format!("\"{}\"", allowed.literal)) {
                let (line, column) = line_col(site_toml, at + 1);
                d = d.at(site_toml, line, column);
            }
            problems.push(Problem::from_diagnostic(UNUSED_SUPPRESSION, d));
        }
        problems
    }
}

impl FileSuppressions<'_> {
    /// Whether a finding of `rule` on `line` over the byte range `span` of the file is
    /// suppressed; the suppression that does it is marked used.
    pub fn suppresses(&self, rule: &str, line: usize, span: Range<usize>) -> bool {
        if matches!(rule, BUILD | CONFIG | UNUSED_SUPPRESSION) {
            return false;
        }
        let ignore = self.ignores.iter().find(|ignore| {
            let names = ignore.rules.is_empty() || ignore.rules.contains(&rule);
            let covers = match &ignore.scope {
                Scope::File => true,
                Scope::Lines(lines) => lines.contains(&line),
            };
            names && covers
        });
        if let Some(ignore) = ignore {
            ignore.used.store(true, Ordering::Relaxed);
            return true;
        }
        let allowed = self
            .allowed
            .iter()
            .find(|(at, _)| at.start <= span.start && span.end <= at.end);
        if let Some((_, n)) = allowed {
            if let Some(allowed) = self.all.allow.get(*n) {
                allowed.used.store(true, Ordering::Relaxed);
            }
            return true;
        }
        false
    }
}

/// Every rule a suppression may name.
fn known_rules() -> Vec<&'static str> {
    copy::RULE_NAMES
        .iter()
        .chain(CHECK_RULES)
        .copied()
        .collect()
}

/// The lines of the paragraph after line index `n` (0-based): from the next line that is
/// not blank up to the next blank line, as 1-based line numbers (end excluded).
fn paragraph_after(lines: &[&str], n: usize) -> Range<usize> {
    let Some(start) = (n + 1..lines.len()).find(|&k| !lines[k].trim().is_empty()) else {
        return 0..0;
    };
    let end = (start..lines.len())
        .find(|&k| lines[k].trim().is_empty())
        .unwrap_or(lines.len());
    start + 1..end + 1
}

/// The byte offset of 1-based `line` and character `column` in `text`.
fn byte_offset(text: &str, line: usize, column: usize) -> Option<usize> {
    let line_start = if line <= 1 {
        0
    } else {
        text.match_indices('\n')
            .nth(line - 2)
            .map(|(at, _)| at + 1)?
    };
    let rest = text.get(line_start..)?;
    let within = rest
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(rest.len(), |(at, _)| at);
    Some(line_start + within)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_paragraph_below_a_comment() {
        #[track_caller]
        fn case(text: &str, comment_line: usize, expected: Range<usize>) {
            let lines: Vec<&str> = text.lines().collect();
            assert_eq!(
                paragraph_after(&lines, comment_line - 1),
                expected,
                "{text:?}"
            );
        }
        case("<!-- c -->\n甲\n乙\n\n丙", 1, 2..4);
        case("<!-- c -->\n\n甲\n乙", 1, 3..5);
        case("甲\n<!-- c -->\n乙\n  \n丙", 2, 3..4);
        case("甲\n<!-- c -->", 2, 0..0);
    }

    #[test]
    fn byte_offsets_of_lines_and_character_columns() {
        #[track_caller]
        fn case(line: usize, column: usize, expected: Option<usize>) {
            assert_eq!(byte_offset("甲乙\nab丙\n", line, column), expected);
        }
        case(1, 1, Some(0));
        case(1, 2, Some(3));
        case(2, 3, Some(9));
        case(2, 9, Some(13));
        case(0, 0, Some(0));
        case(4, 1, None);
    }
}
