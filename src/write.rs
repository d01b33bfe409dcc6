//! Write: the only module that writes the site to disk.
//!
//! Files are staged beside the output folder and renamed into place only after all of
//! them were written, so a failed or killed build leaves every file complete. A manifest
//! (`.qingfeng-manifest`) lists what qingfeng wrote; only those files are ever replaced or
//! deleted, dotfiles (`.git`, a deploy clone) are never touched, and a folder holding
//! anything else is refused. A lock file keeps two builds from writing at once.

use std::collections::BTreeSet;
use std::fs;
use std::io::Write as _;
use std::path::{Component, Path, PathBuf};

use crate::diagnostic::{Error, Result};
use crate::render::OutputFile;

/// The manifest's name inside the output folder.
pub const MANIFEST: &str = ".qingfeng-manifest";

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

/// Writes `files` into `out`, the output folder of the site at `root`.
pub fn write_site(root: &Path, out: &Path, files: &[OutputFile]) -> Result<WriteReport> {
    check_output_dir(root, out)?;
    for f in files {
        if !is_safe_relative(&f.path) {
            return Err(Error::Usage(format!(
                "refusing to write `{}`: the path would leave the output folder",
                f.path
            )));
        }
    }
    let parent = out
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    fs::create_dir_all(&parent).map_err(|e| Error::write(&parent, e))?;
    let name = out
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().to_string());
    let _lock = Lock::acquire(&parent.join(format!(".{name}.qingfeng-lock")), out)?;

    let old = read_manifest(out)?;
    check_foreign_files(out, &old)?;

    let staging = parent.join(format!(".{name}.qingfeng-staging"));
    if staging.exists() {
        fs::remove_dir_all(&staging).map_err(|e| Error::write(&staging, e))?;
    }
    let mut report = WriteReport::default();
    let mut changed = Vec::new();
    for f in files {
        let target = out.join(&f.path);
        if fs::read(&target).is_ok_and(|b| b == f.bytes) {
            report.unchanged += 1;
            continue;
        }
        let staged = staging.join(&f.path);
        write_file(&staged, &f.bytes)?;
        changed.push(f.path.as_str());
    }
    fs::create_dir_all(out).map_err(|e| Error::write(out, e))?;
    let new: BTreeSet<String> = files.iter().map(|f| f.path.clone()).collect();
    // Until the swap is done, the manifest covers both builds' files.
    write_manifest(out, old.union(&new))?;
    for path in &changed {
        let target = out.join(path);
        if let Some(dir) = target.parent() {
            fs::create_dir_all(dir).map_err(|e| Error::write(dir, e))?;
        }
        if target.is_dir() {
            return Err(Error::Usage(format!(
                "cannot write {}: a folder stands where the file should go",
                target.display()
            )));
        }
        fs::rename(staging.join(path), &target).map_err(|e| Error::write(&target, e))?;
        report.written += 1;
    }
    for stale in old.difference(&new) {
        let target = out.join(stale);
        if !is_safe_relative(stale) || !target.is_file() {
            continue;
        }
        fs::remove_file(&target).map_err(|e| Error::write(&target, e))?;
        report.removed += 1;
        remove_empty_parents(out, &target);
    }
    write_manifest(out, new.iter())?;
    if staging.exists() {
        fs::remove_dir_all(&staging).map_err(|e| Error::write(&staging, e))?;
    }
    Ok(report)
}

/// Refuses an output folder that is, or holds, the site's sources.
pub fn check_output_dir(root: &Path, out: &Path) -> Result<()> {
    let root = fs::canonicalize(root).map_err(|e| Error::read(root, e))?;
    let out_abs = canonical_even_if_missing(out);
    if root.starts_with(&out_abs) {
        return Err(Error::Usage(format!(
            "refusing to write into {}: it is the site root or contains it; choose an output_dir inside the site, e.g. `public`",
            out.display()
        )));
    }
    if out_abs.join("site.toml").exists() || out_abs.join("content").is_dir() {
        return Err(Error::Usage(format!(
            "refusing to write into {}: it holds site.toml or content/, the sources of a site",
            out.display()
        )));
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

fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(|e| Error::write(dir, e))?;
    }
    let mut f = fs::File::create(path).map_err(|e| Error::write(path, e))?;
    f.write_all(bytes).map_err(|e| Error::write(path, e))
}

fn read_manifest(out: &Path) -> Result<BTreeSet<String>> {
    let path = out.join(MANIFEST);
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

fn write_manifest<'a>(out: &Path, paths: impl Iterator<Item = &'a String>) -> Result<()> {
    let mut text =
        String::from("# Files written by qingfeng; it replaces or deletes only these.\n");
    for p in paths {
        text.push_str(p);
        text.push('\n');
    }
    let tmp = out.join(format!("{MANIFEST}.tmp"));
    write_file(&tmp, text.as_bytes())?;
    let path = out.join(MANIFEST);
    fs::rename(&tmp, &path).map_err(|e| Error::write(&path, e))
}

/// Every non-dot file in `out` must be one qingfeng wrote.
fn check_foreign_files(out: &Path, manifest: &BTreeSet<String>) -> Result<()> {
    if !out.exists() {
        return Ok(());
    }
    if !out.is_dir() {
        return Err(Error::Usage(format!(
            "refusing to write into {}: it is a file, not a folder",
            out.display()
        )));
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
        if !manifest.contains(&rel) {
            foreign.push(rel);
        }
    }
    if foreign.is_empty() {
        return Ok(());
    }
    let shown: Vec<&str> = foreign.iter().take(5).map(String::as_str).collect();
    Err(Error::Usage(format!(
        "refusing to write into {}: it holds {} file(s) qingfeng did not make ({}{}); qingfeng never deletes what it did not write. Choose another output_dir, or move those files away",
        out.display(),
        foreign.len(),
        shown.join(", "),
        if foreign.len() > 5 { ", …" } else { "" }
    )))
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

/// A lock file held while a build writes; removed when dropped.
struct Lock {
    path: PathBuf,
}

impl Lock {
    fn acquire(path: &Path, out: &Path) -> Result<Lock> {
        for _ in 0..2 {
            match fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)
            {
                Ok(mut f) => {
                    let _ = writeln!(f, "{}", std::process::id());
                    return Ok(Lock {
                        path: path.to_path_buf(),
                    });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let pid = fs::read_to_string(path).unwrap_or_default();
                    let pid = pid.trim();
                    if !pid.is_empty() && process_alive(pid) {
                        return Err(Error::Usage(format!(
                            "another qingfeng (process {pid}) is writing to {}; wait for it to finish (the lock is {})",
                            out.display(),
                            path.display()
                        )));
                    }
                    // A build that was killed left its lock behind.
                    let _ = fs::remove_file(path);
                }
                Err(e) => return Err(Error::write(path, e)),
            }
        }
        Err(Error::Usage(format!(
            "cannot take the lock {}",
            path.display()
        )))
    }
}

fn process_alive(pid: &str) -> bool {
    if !pid.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let proc = Path::new("/proc");
    if proc.is_dir() {
        proc.join(pid).exists()
    } else {
        true
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
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
