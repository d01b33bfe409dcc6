//! `qingfeng check --fix`: applies the copy-editor's safe mechanical fixes to the site's
//! SOURCE files (content/…), one file at a time, from the texts the check read.
//!
//! This is the one place besides `write.rs` that writes to disk; `write.rs` owns the
//! output folder, this module owns edits of content files. A file is written only when
//! fixing changes it, and then atomically: the new text goes to a temporary file in the same
//! folder (a dotfile, so a crash leaves nothing the loader reads), which is renamed over the
//! original. Nothing but the fixed spans changes: a byte-order mark, line endings and
//! permissions are kept. A YAML file whose fixed text would no longer parse is left alone.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::copy::{Finding, Rules, check_text, fix_text_where};
use super::suppress::Suppressions;
use super::yaml_text::values_only;
use crate::diagnostic::{Error, Result};
use crate::load::SourceFile;
use crate::load::text::BOM;

/// What fixing did to one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileFix {
    /// The file, relative to the site root.
    pub file: PathBuf,
    /// How many defects each rule fixed.
    pub counts: BTreeMap<&'static str, usize>,
    /// Why the file was left unchanged although it had fixable defects.
    pub skipped: Option<crate::messages::Text>,
}

impl FileFix {
    /// The number of defects fixed.
    pub fn total(&self) -> usize {
        self.counts.values().sum()
    }
}

/// Fixes the text of each of `files`, as the loader read it, and writes back those that
/// changed; returns what changed, for the files that had something to fix. Each fixed
/// file's text is replaced in `files`, so that what is checked next is what is on disk.
///
/// Findings that `suppressions` suppress are not fixed.
pub fn fix_files<'a>(
    files: impl IntoIterator<Item = &'a mut SourceFile>,
    rules: &Rules,
    suppressions: &Suppressions,
) -> Result<Vec<FileFix>> {
    let mut fixes = Vec::new();
    for file in files {
        let is_yaml = super::is_yaml(&file.path);
        let rel = file.rel.clone();
        let keep = |text: &str, mut findings: Vec<Finding>| {
            let suppressed = suppressions.file(&rel, text);
            findings.retain(|f| !suppressed.suppresses(f.rule, f.line, f.byte_range.clone()));
            findings
        };
        // Keyboard slips in the YAML first (a full-width colon, full-width digits or
        // spaces), so that the file parses again.
        let (repaired, slips) = repair_slips(&file.text, is_yaml);
        let (fixed, found) = if is_yaml {
            fix_yaml(&repaired, rules, keep)
        } else {
            fix_text_where(&repaired, rules, keep)
        };
        if (found.is_empty() && slips == 0) || fixed == *file.text {
            continue;
        }
        let mut counts = BTreeMap::new();
        if slips > 0 {
            counts.insert(KEYBOARD_SLIP, slips);
        }
        for finding in &found {
            *counts.entry(finding.rule).or_insert(0) += 1;
        }
        let skipped = if is_yaml && serde_yaml::from_str::<serde_yaml::Value>(&fixed).is_err() {
            Some(crate::messages::Text::both(
                "the fixed YAML would not parse; fix this file by hand",
                "修正后的 YAML 无法解析；请手动修改此文件",
            ))
        } else {
            let bom = if file.bom { BOM } else { &[][..] };
            let mut out = Vec::with_capacity(bom.len() + fixed.len());
            out.extend_from_slice(bom);
            out.extend_from_slice(fixed.as_bytes());
            replace_atomically(&file.path, &out)?;
            file.text = fixed.into();
            None
        };
        fixes.push(FileFix {
            file: file.rel.clone(),
            counts,
            skipped,
        });
    }
    Ok(fixes)
}

/// What the count of repaired YAML keyboard slips is listed as.
const KEYBOARD_SLIP: &str = "keyboard-slip";

/// `text` with the mechanical keyboard slips of its YAML repaired (the whole text of a YAML
/// file, the front matter of a Markdown file), and how many there were. One repair can
/// uncover the next on its line (`members：２０`: the digits are seen once the colon is
/// one), so passes repeat until nothing changes, or [`MAX_PASSES`].
fn repair_slips(text: &str, is_yaml: bool) -> (String, usize) {
    let mut current = text.to_owned();
    let mut total = 0;
    for _ in 0..MAX_PASSES {
        let (repaired, applied) = repair_slips_once(&current, is_yaml);
        if applied == 0 {
            break;
        }
        current = repaired;
        total += applied;
    }
    (current, total)
}

/// One pass of [`repair_slips`]: the repairs of the slips found in `text` that do not
/// overlap.
fn repair_slips_once(text: &str, is_yaml: bool) -> (String, usize) {
    let yaml_end = if is_yaml {
        text.len()
    } else {
        match crate::load::front_matter::split_text(text) {
            // Up to the body: the YAML and its closing fence.
            Ok(split) => text.len() - split.body.len(),
            Err(_) => return (text.to_owned(), 0),
        }
    };
    let mut edits: Vec<(std::ops::Range<usize>, String)> =
        crate::load::slips::fixes(&text[..yaml_end]);
    if edits.is_empty() {
        return (text.to_owned(), 0);
    }
    edits.sort_by_key(|(range, _)| range.start);
    let mut out = String::with_capacity(text.len());
    let mut done = 0;
    let mut applied = 0;
    for (range, with) in edits {
        if range.start < done {
            continue;
        }
        out.push_str(&text[done..range.start]);
        out.push_str(&with);
        done = range.end;
        applied += 1;
    }
    out.push_str(&text[done..]);
    (out, applied)
}

/// Replaces hand-typed figures by the `{{ … }}` references `check` suggested
/// (`--fix-figures`): `edits` are (file, byte range in its text, reference), the files are
/// the texts the check read. Each changed file is written atomically and its text replaced
/// in `files`. Returns what changed.
pub fn replace_figures<'a>(
    files: impl IntoIterator<Item = &'a mut SourceFile>,
    edits: &[(PathBuf, std::ops::Range<usize>, String)],
) -> Result<Vec<FileFix>> {
    let mut fixes = Vec::new();
    for file in files {
        let mut mine: Vec<(std::ops::Range<usize>, &str)> = edits
            .iter()
            .filter(|(rel, ..)| *rel == file.rel)
            .map(|(_, range, reference)| (range.clone(), reference.as_str()))
            .collect();
        if mine.is_empty() {
            continue;
        }
        mine.sort_by_key(|(range, _)| range.start);
        let mut out = String::with_capacity(file.text.len() + 32 * mine.len());
        let mut done = 0;
        let mut applied = 0;
        for (range, reference) in mine {
            let (Some(before), Some(_)) = (
                file.text.get(done..range.start),
                file.text.get(range.clone()),
            ) else {
                continue;
            };
            out.push_str(before);
            out.push_str(reference);
            done = range.end;
            applied += 1;
        }
        out.push_str(file.text.get(done..).unwrap_or_default());
        let bom = if file.bom { BOM } else { &[][..] };
        replace_atomically(&file.path, &[bom, out.as_bytes()].concat())?;
        file.text = out.into();
        fixes.push(FileFix {
            file: file.rel.clone(),
            counts: BTreeMap::from([("hand-typed-figure", applied)]),
            skipped: None,
        });
    }
    Ok(fixes)
}

/// Like [`fix_text`], but finds the defects in the YAML's values only
/// ([`values_only`]) and applies their fixes to the file's text.
fn fix_yaml(
    text: &str,
    rules: &Rules,
    keep: impl Fn(&str, Vec<Finding>) -> Vec<Finding>,
) -> (String, Vec<Finding>) {
    let mut current = text.to_string();
    let mut fixed = Vec::new();
    for _ in 0..MAX_PASSES {
        let fixable: Vec<Finding> = check_text(&values_only(&current), rules)
            .into_iter()
            .filter(|f| f.suggestion.is_some())
            .collect();
        let mut fixable = keep(&current, fixable);
        fixable.sort_by_key(|f| (f.byte_range.start, f.byte_range.end));
        let mut out = String::with_capacity(current.len());
        let mut done = 0;
        let mut applied = 0;
        for finding in fixable {
            let range = finding.byte_range.clone();
            let (Some(before), Some(suggestion)) =
                (current.get(done..range.start), &finding.suggestion)
            else {
                continue; // overlaps one already applied: the next pass sees it again
            };
            if current.get(range.clone()).is_none() {
                continue;
            }
            out.push_str(before);
            out.push_str(suggestion);
            done = range.end;
            applied += 1;
            fixed.push(finding);
        }
        if applied == 0 {
            break;
        }
        out.push_str(current.get(done..).unwrap_or_default());
        current = out;
    }
    (current, fixed)
}

/// Fixing can expose a new fixable defect; passes stop at a fixed point or here.
const MAX_PASSES: usize = 4;

/// Writes `bytes` to a temporary file beside `path`, then renames it over `path` (also
/// used by `import` and `export`).
pub(crate) fn replace_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let name = path
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    let temp = path.with_file_name(format!(".{name}.qingfeng-fix"));
    let write = || -> std::io::Result<()> {
        let mut file = fs::File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        if let Ok(meta) = fs::metadata(path) {
            fs::set_permissions(&temp, meta.permissions())?;
        }
        fs::rename(&temp, path)
    };
    write().map_err(|e| {
        let _ = fs::remove_file(&temp);
        Error::write(path, e)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix_one(name: &str, bytes: &[u8]) -> (Vec<FileFix>, Vec<u8>, Vec<String>) {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join(name);
        fs::write(&path, bytes).expect("write");
        let rel = PathBuf::from(name);
        let mut file = crate::load::text::read_source(&path, rel).expect("readable");
        let fixes = fix_files([&mut file], &Rules::all(), &Suppressions::default()).expect("fix");
        if !fixes.iter().any(|f| f.skipped.is_some()) {
            let on_disk = fs::read(&path).expect("read");
            let bom = if file.bom { BOM } else { &[][..] };
            assert_eq!(
                on_disk,
                [bom, file.text.as_bytes()].concat(),
                "the fixed text in memory is what was written"
            );
        }
        let after = fs::read(&path).expect("read");
        let left: Vec<String> = fs::read_dir(dir.path())
            .expect("list")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        (fixes, after, left)
    }

    #[test]
    fn fixes_keep_the_bom_and_line_endings() {
        let (fixes, after, left) = fix_one(
            "a.md",
            "\u{FEFF}實現(xiàn)目標,,好\r\n第二行\r\n".as_bytes(),
        );
        assert_eq!(
            String::from_utf8_lossy(&after),
            "\u{FEFF}实现目标，好\r\n第二行\r\n"
        );
        assert_eq!(fixes.len(), 1);
        assert_eq!(fixes[0].counts.get("pinyin-gloss"), Some(&1));
        assert!(fixes[0].skipped.is_none());
        assert_eq!(left, vec!["a.md".to_string()], "no temporary file is left");
    }

    #[test]
    fn yaml_syntax_is_never_fixed() {
        let yaml = "# 注释,,\nchannels: [信件, 电话]\nowner: 市委,组织部\ntitle: 換屆\n";
        let (fixes, after, _) = fix_one("city.yaml", yaml.as_bytes());
        assert_eq!(
            String::from_utf8_lossy(&after),
            "# 注释,,\nchannels: [信件, 电话]\nowner: 市委，组织部\ntitle: 换届\n"
        );
        assert_eq!(fixes[0].counts.get("traditional-char"), Some(&2));
    }

    #[test]
    fn every_slip_of_a_line_is_repaired_in_one_run() {
        let (fixes, after, _) = fix_one("shili.yaml", "members：２０\nname: 甲\n".as_bytes());
        assert_eq!(String::from_utf8_lossy(&after), "members: 20\nname: 甲\n");
        assert_eq!(fixes[0].counts.get(KEYBOARD_SLIP), Some(&2));
    }

    #[test]
    fn clean_files_are_not_listed() {
        let (fixes, after, _) = fix_one("b.md", "干净的文字。\n".as_bytes());
        assert!(fixes.is_empty());
        assert_eq!(after, "干净的文字。\n".as_bytes());
    }
}
