//! Write: the only module that writes the site to disk.
//!
//! Files are staged beside the output folder and renamed into place only after all of
//! them were written, so a failed or killed build leaves every file complete. A manifest
//! (`.qingfeng-manifest`) lists what qingfeng wrote; only those files are ever replaced or
//! deleted, dotfiles (`.git`, a deploy clone) are never touched, and a folder holding
//! anything else is refused. A lock file keeps two builds from writing at once.
//!
//! The order of a write, so that a build killed at any moment (SIGKILL, power cut of the
//! process) leaves an output whose manifest lists only files that exist, and whose files
//! are all owned by the manifest or the journal:
//! 1. stage every changed file beside the output;
//! 2. write the journal (`.qingfeng-journal`): every path this write may add or remove;
//! 3. rename the staged files into place, one by one (each rename is atomic);
//! 4. write the new manifest (every file in it exists now);
//! 5. delete the stale files, then the journal.
//!
//! The next build owns what the manifest and a leftover journal list.

use std::collections::BTreeSet;
use std::fs;
use std::io::Write as _;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::diagnostic::{Error, OutputProblem, Result};
use crate::render::OutputFile;

/// The manifest's name inside the output folder.
pub const MANIFEST: &str = ".qingfeng-manifest";

/// The journal's name inside the output folder: present only while a write is under way
/// (or after one was killed).
pub const JOURNAL: &str = ".qingfeng-journal";

/// What a write did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteReport {
    /// Files written anew or changed.
    pub written: usize,
    /// Files already identical on disk.
    pub unchanged: usize,
    /// Files of the previous build no longer produced, deleted.
    pub removed: usize,
}

/// A write under way: [`Writer::begin`] takes the lock and checks the output folder,
/// [`Writer::put`] stages files (from any thread, as soon as they are made), and
/// [`Writer::finish`] puts them in place. Dropped unfinished, it removes what it staged and
/// leaves the output as it was.
pub struct Writer {
    out: PathBuf,
    staging: PathBuf,
    /// No output folder yet: the staging folder becomes it.
    fresh: bool,
    /// What the manifest and a leftover journal list: files qingfeng may replace.
    owned: BTreeSet<String>,
    old: BTreeSet<String>,
    journal: BTreeSet<String>,
    /// Folders already made in the staging folder.
    dirs: Mutex<BTreeSet<String>>,
    /// Every file put, and whether it differs from the one in place.
    put: Mutex<Vec<(String, bool)>>,
    finished: bool,
    _lock: Lock,
}

impl Writer {
    /// Takes the lock on `out` and checks that qingfeng may write there.
    pub fn begin(root: &Path, out: &Path) -> Result<Writer> {
        check_output_dir(root, out)?;
        if out.exists() && !out.is_dir() {
            return Err(OutputProblem::IsAFile(out.to_path_buf()).into());
        }
        let parent = out
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        fs::create_dir_all(&parent).map_err(|e| Error::write(&parent, e))?;
        let name = out
            .file_name()
            .map_or_else(|| "public".into(), |n| n.to_string_lossy().to_string());
        let lock = Lock::acquire(&parent.join(format!(".{name}.qingfeng-lock")), out)?;
        let staging = parent.join(format!(".{name}.qingfeng-staging"));
        if staging.exists() {
            fs::remove_dir_all(&staging).map_err(|e| Error::write(&staging, e))?;
        }
        let fresh = fs::symlink_metadata(out).is_err();
        let (old, journal) = if fresh {
            (BTreeSet::new(), BTreeSet::new())
        } else {
            let old = read_manifest(out, MANIFEST)?;
            // A write that was killed left its journal: what it listed may be on disk, and
            // is ours.
            let journal = read_manifest(out, JOURNAL)?;
            check_foreign_files(out, &old, &journal)?;
            (old, journal)
        };
        fs::create_dir_all(&staging).map_err(|e| Error::write(&staging, e))?;
        Ok(Writer {
            out: out.to_path_buf(),
            staging,
            fresh,
            owned: old.union(&journal).cloned().collect(),
            old,
            journal,
            dirs: Mutex::new(BTreeSet::new()),
            put: Mutex::new(Vec::new()),
            finished: false,
            _lock: lock,
        })
    }

    /// Stages one file; a file equal to the one in place is only noted.
    pub fn put(&self, f: &OutputFile) -> Result<()> {
        if !is_safe_relative(&f.path) {
            return Err(OutputProblem::Escapes(f.path.clone()).into());
        }
        if !self.fresh {
            let target = self.out.join(&f.path);
            match fs::metadata(&target) {
                Ok(m) if m.is_dir() => {
                    return Err(OutputProblem::FolderInTheWay(target).into());
                }
                // Only a file of ours can be unchanged; any other path is free (the
                // foreign-file check saw to that).
                Ok(m)
                    if self.owned.contains(&f.path)
                        && m.len() == f.bytes.len() as u64
                        && fs::read(&target).is_ok_and(|b| *b == *f.bytes) =>
                {
                    return self.note(&f.path, false);
                }
                _ => {}
            }
        }
        if let Some((dir, _)) = f.path.rsplit_once('/') {
            self.make_dir(dir)?;
        }
        create_file(&self.staging.join(&f.path), &f.bytes)?;
        self.note(&f.path, true)
    }

    /// Records a file put: only recorded files reach the manifest.
    fn note(&self, path: &str, changed: bool) -> Result<()> {
        self.put
            .lock()
            .map_err(|_| Error::Usage("a writing thread failed".into()))?
            .push((path.to_string(), changed));
        Ok(())
    }

    /// Makes `dir` (and its parents) in the staging folder, once.
    fn make_dir(&self, dir: &str) -> Result<()> {
        let mut made = self
            .dirs
            .lock()
            .map_err(|_| Error::Usage("a writing thread failed".into()))?;
        if made.contains(dir) {
            return Ok(());
        }
        let path = self.staging.join(dir);
        fs::create_dir_all(&path).map_err(|e| Error::write(&path, e))?;
        let mut d = dir;
        loop {
            made.insert(d.to_string());
            match d.rsplit_once('/') {
                Some((parent, _)) => d = parent,
                None => break,
            }
        }
        Ok(())
    }

    /// Puts every staged file in place, writes the manifest, and removes the files of the
    /// previous build that this one did not make.
    pub fn finish(mut self) -> Result<WriteReport> {
        let put = std::mem::take(
            &mut *self
                .put
                .lock()
                .map_err(|_| Error::Usage("a writing thread failed".into()))?,
        );
        let mut new = BTreeSet::new();
        for (path, _) in &put {
            if !new.insert(path.clone()) {
                return Err(Error::Usage(format!(
                    "the build made `{path}` twice (a theme's static file may have the same path as a page); rename one of them"
                )));
            }
        }
        let out = self.out.clone();
        let staging = self.staging.clone();
        let mut report = WriteReport::default();
        if self.fresh {
            write_list(&staging, MANIFEST, new.iter())?;
            fs::rename(&staging, &out).map_err(|e| Error::write(&out, e))?;
            self.finished = true;
            report.written = new.len();
            return Ok(report);
        }
        let dirs: BTreeSet<&str> = parent_dirs(new.iter().map(String::as_str));
        check_no_file_in_the_way(&out, &dirs, &self.owned)?;
        let changed: Vec<&str> = put
            .iter()
            .filter(|(_, c)| *c)
            .map(|(p, _)| p.as_str())
            .collect();
        report.unchanged = put.len() - changed.len();
        let mut old = std::mem::take(&mut self.old);
        // Files a killed write left behind (listed in its journal only) are ours to remove.
        old.extend(
            std::mem::take(&mut self.journal)
                .into_iter()
                .filter(|p| out.join(p).is_file()),
        );
        write_list(&out, JOURNAL, old.symmetric_difference(&new))?;
        create_dirs(&out, &dirs)?;
        changed
            .par_iter()
            .map(|path| {
                let target = out.join(path);
                fs::rename(staging.join(path), &target).map_err(|e| Error::write(&target, e))
            })
            .collect::<Result<Vec<()>>>()?;
        report.written = changed.len();
        write_list(&out, MANIFEST, new.iter())?;
        for stale in old.difference(&new) {
            let target = out.join(stale);
            if !is_safe_relative(stale) || !target.is_file() {
                continue;
            }
            fs::remove_file(&target).map_err(|e| Error::write(&target, e))?;
            report.removed += 1;
            remove_empty_parents(&out, &target);
        }
        let journal_path = out.join(JOURNAL);
        fs::remove_file(&journal_path).map_err(|e| Error::write(&journal_path, e))?;
        self.finished = true;
        if staging.exists() {
            fs::remove_dir_all(&staging).map_err(|e| Error::write(&staging, e))?;
        }
        Ok(report)
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        // Unfinished (an error, or the build failed after files were staged): nothing was
        // put in place, so the staged files are simply removed.
        if !self.finished {
            let _ = fs::remove_dir_all(&self.staging);
        }
    }
}

/// Every folder the files go in (`a/b` for `a/b/c.html`), parents before children.
fn parent_dirs<'a>(paths: impl Iterator<Item = &'a str>) -> BTreeSet<&'a str> {
    let mut dirs = BTreeSet::new();
    for p in paths {
        let mut path = p;
        while let Some((dir, _)) = path.rsplit_once('/') {
            if !dirs.insert(dir) {
                break;
            }
            path = dir;
        }
    }
    dirs
}

/// Creates `dirs` under `base` (which exists), each once.
fn create_dirs(base: &Path, dirs: &BTreeSet<&str>) -> Result<()> {
    fs::create_dir_all(base).map_err(|e| Error::write(base, e))?;
    for dir in dirs {
        let path = base.join(dir);
        match fs::create_dir(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => {
                return Err(Error::write(&path, e));
            }
            _ => {}
        }
    }
    Ok(())
}

/// Before anything is renamed: no file qingfeng does not own may stand where a folder
/// goes, so that a write never stops half done on it. (A folder where a file goes is
/// found while staging.)
fn check_no_file_in_the_way(
    out: &Path,
    dirs: &BTreeSet<&str>,
    owned: &BTreeSet<String>,
) -> Result<()> {
    for dir in dirs {
        let path = out.join(dir);
        if path.is_file() && !owned.contains(*dir) {
            return Err(OutputProblem::FileInTheWay {
                folder: out.to_path_buf(),
                file: path,
            }
            .into());
        }
    }
    Ok(())
}

/// Refuses an output folder that is, or holds, the site's sources.
pub fn check_output_dir(root: &Path, out: &Path) -> Result<()> {
    let root = fs::canonicalize(root).map_err(|e| Error::read(root, e))?;
    let out_abs = canonical_even_if_missing(out);
    if root.starts_with(&out_abs) {
        return Err(OutputProblem::ContainsSite(out.to_path_buf()).into());
    }
    if out_abs.join("site.toml").exists() || out_abs.join("content").is_dir() {
        return Err(OutputProblem::HoldsSources(out.to_path_buf()).into());
    }
    Ok(())
}

fn canonical_even_if_missing(p: &Path) -> PathBuf {
    if let Ok(c) = fs::canonicalize(p) {
        return c;
    }
    match (p.parent(), p.file_name()) {
        (Some(parent), Some(name)) => canonical_even_if_missing(parent).join(name),
        _ => p.to_path_buf(),
    }
}

/// A path the site may write: relative, plain components only.
pub fn is_safe_relative(path: &str) -> bool {
    let p = Path::new(path);
    !path.is_empty()
        && !path.contains('\\')
        && !path.contains(':')
        && !path.contains('\0')
        && p.components().all(|c| matches!(c, Component::Normal(_)))
        && path
            .split('/')
            .all(|seg| !seg.is_empty() && !seg.starts_with('.'))
}

/// Writes a file whose folder exists.
fn create_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut f = fs::File::create(path).map_err(|e| Error::write(path, e))?;
    f.write_all(bytes).map_err(|e| Error::write(path, e))
}

/// Reads a list of paths (the manifest or the journal); a missing one is empty.
fn read_manifest(out: &Path, name: &str) -> Result<BTreeSet<String>> {
    let path = out.join(name);
    match fs::read_to_string(&path) {
        Ok(text) => Ok(text
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(str::to_string)
            .collect()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(BTreeSet::new()),
        Err(e) => Err(Error::read(&path, e)),
    }
}

/// Writes a list of paths atomically (a temporary file renamed over the old one).
fn write_list<'a>(out: &Path, name: &str, paths: impl Iterator<Item = &'a String>) -> Result<()> {
    let mut text = String::from(if name == JOURNAL {
        "# A qingfeng write is under way (or was killed): these files may be present and are qingfeng's.\n"
    } else {
        "# Files written by qingfeng; it replaces or deletes only these.\n"
    });
    for p in paths {
        text.push_str(p);
        text.push('\n');
    }
    let tmp = out.join(format!("{name}.tmp"));
    create_file(&tmp, text.as_bytes())?;
    let path = out.join(name);
    fs::rename(&tmp, &path).map_err(|e| Error::write(&path, e))
}

/// Every non-dot file in `out` must be one qingfeng wrote (in the manifest or the journal).
fn check_foreign_files(
    out: &Path,
    manifest: &BTreeSet<String>,
    journal: &BTreeSet<String>,
) -> Result<()> {
    if !out.exists() {
        return Ok(());
    }
    if !out.is_dir() {
        return Err(OutputProblem::IsAFile(out.to_path_buf()).into());
    }
    let mut foreign = Vec::new();
    let walker = walkdir::WalkDir::new(out)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = entry.map_err(|e| Error::read(out, e.into()))?;
        if entry.file_type().is_dir() {
            continue;
        }
        let rel = entry.path().strip_prefix(out).unwrap_or(entry.path());
        let rel = rel
            .iter()
            .map(|p| p.to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if !manifest.contains(&rel) && !journal.contains(&rel) {
            foreign.push(rel);
        }
    }
    if foreign.is_empty() {
        return Ok(());
    }
    Err(OutputProblem::ForeignFiles {
        folder: out.to_path_buf(),
        files: foreign,
    }
    .into())
}

fn remove_empty_parents(out: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == out || !d.starts_with(out) || fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

/// A lock file held while a build writes; removed when dropped. It holds the writer's
/// process id, so that a lock left by a killed build (its process gone) is taken over.
struct Lock {
    path: PathBuf,
    pid: String,
}

/// How old a lock must be to count as stale where process ids cannot be checked.
const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(3600);

impl Lock {
    fn acquire(path: &Path, out: &Path) -> Result<Lock> {
        let pid = std::process::id().to_string();
        // The lock appears with its content at once: written aside, then linked into place
        // (a link, unlike a rename, fails when the lock exists).
        let aside = path.with_file_name(format!(
            "{}.{pid}",
            path.file_name()
                .map_or_else(|| "lock".into(), |n| n.to_string_lossy().to_string())
        ));
        fs::write(&aside, format!("{pid}\n")).map_err(|e| Error::write(&aside, e))?;
        let result = Self::take(path, &aside, out);
        let _ = fs::remove_file(&aside);
        result?;
        Ok(Lock {
            path: path.to_path_buf(),
            pid,
        })
    }

    fn take(path: &Path, aside: &Path, out: &Path) -> Result<()> {
        for _ in 0..3 {
            let linked = match fs::hard_link(aside, path) {
                Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => {
                    // A file system without links: create the lock in one step instead.
                    fs::OpenOptions::new()
                        .write(true)
                        .create_new(true)
                        .open(path)
                        .and_then(|mut f| f.write_all(&fs::read(aside)?))
                }
                other => other,
            };
            match linked {
                Ok(()) => return Ok(()),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(Error::write(path, e)),
            }
            let holder = fs::read_to_string(path).unwrap_or_default();
            let holder = holder.trim().to_string();
            if !is_stale(path, &holder) {
                return Err(Error::Usage(format!(
                    "another qingfeng (process {}) is writing to {}; wait for it to finish and build again. \
                     If no other build is running, delete the lock file {}",
                    if holder.is_empty() {
                        "starting up"
                    } else {
                        &holder
                    },
                    out.display(),
                    path.display()
                )));
            }
            // A build that was killed left its lock behind. Move it aside before deleting
            // it, so that a lock another build took meanwhile is not deleted by mistake.
            let stale = path.with_extension(format!("stale.{}", std::process::id()));
            if fs::rename(path, &stale).is_ok() {
                let moved = fs::read_to_string(&stale).unwrap_or_default();
                if moved.trim() != holder {
                    // Not the stale lock any more: put the live one back.
                    let _ = fs::hard_link(&stale, path);
                }
                let _ = fs::remove_file(&stale);
            }
        }
        Err(Error::Usage(format!(
            "cannot take the lock {}: other builds keep taking it; build again when they are done",
            path.display()
        )))
    }
}

/// Whether the lock's holder is gone: its process does not exist (where `/proc` tells), or
/// the lock is older than [`STALE_AFTER`] (elsewhere). An empty lock is being written.
fn is_stale(path: &Path, holder: &str) -> bool {
    let age = fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .unwrap_or_default();
    if holder.is_empty() {
        return age > std::time::Duration::from_secs(10);
    }
    if !holder.bytes().all(|b| b.is_ascii_digit()) {
        return true;
    }
    let proc = Path::new("/proc");
    if proc.join("self").is_dir() {
        !proc.join(holder).exists()
    } else {
        age > STALE_AFTER
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Remove the lock only while it is still ours.
        if fs::read_to_string(&self.path).is_ok_and(|h| h.trim() == self.pid) {
            let _ = fs::remove_file(&self.path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cannot_escape() {
        for bad in [
            "../x",
            "/etc/passwd",
            "a/../../b",
            "c:/x",
            "a\\b",
            "",
            ".git/config",
            "a//b",
            "NUL:",
        ] {
            assert!(!is_safe_relative(bad), "{bad:?}");
        }
        assert!(is_safe_relative("counties/yaodu/index.html"));
    }
}
