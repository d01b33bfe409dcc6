//! The build lock: a file beside the output folder that keeps two builds from writing at
//! once, taken over when the build that left it is gone.

use std::fs;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::diagnostic::{Error, Result};
use crate::platform::{self, Os, display_path};

/// A lock file held while a build writes; removed when dropped. It holds the writer's
/// process id, so that a lock left by a killed build (its process gone) is taken over. How
/// a live holder is told from a dead one is the platform's: see
/// [`platform::lock_holder_alive`].
pub(super) struct Lock {
    path: PathBuf,
    pid: String,
    /// The lock file, kept open until the lock is dropped where the platform tells a live
    /// holder by an open file (Windows).
    _held: Option<fs::File>,
}

/// How old a lock must be to count as stale where its holder's life cannot be checked.
const STALE_AFTER: Duration = Duration::from_secs(3600);

/// How long a lock may stay empty (being written) before it counts as stale.
const EMPTY_STALE_AFTER: Duration = Duration::from_secs(10);

impl Lock {
    pub(super) fn acquire(path: &Path, out: &Path) -> Result<Lock> {
        let pid = std::process::id().to_string();
        // Where links work and no open file is needed, the lock appears with its content at
        // once: written aside, then linked into place (a link, unlike a rename, fails when
        // the lock exists).
        let aside = path.with_file_name(format!(
            "{}.{pid}",
            path.file_name()
                .map_or_else(|| "lock".into(), |n| n.to_string_lossy().to_string())
        ));
        fs::write(&aside, format!("{pid}\n")).map_err(|e| Error::write(&aside, e))?;
        let result = Self::take(path, &aside, out);
        let _ = fs::remove_file(&aside);
        Ok(Lock {
            path: path.to_path_buf(),
            pid,
            _held: result?,
        })
    }

    fn take(path: &Path, aside: &Path, out: &Path) -> Result<Option<fs::File>> {
        for _ in 0..3 {
            match Self::create(path, aside) {
                Ok(held) => return Ok(held),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(Error::write(path, e)),
            }
            let holder = fs::read_to_string(path).unwrap_or_default();
            let holder = holder.trim().to_string();
            let age = fs::metadata(path)
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .unwrap_or_default();
            let alive = || platform::lock_holder_alive(Os::current(), path, &holder);
            if !is_stale(&holder, alive, age) {
                let (out, lock) = (display_path(out), display_path(path));
                let (who, who_zh) = if holder.is_empty() {
                    ("starting up", "正在启动")
                } else {
                    (holder.as_str(), holder.as_str())
                };
                return Err(Error::usage(
                    crate::messages::catalog::OUTPUT_LOCKED,
                    crate::t!(
                        "another qingfeng (process {who}) is writing to {out}; wait for it to finish and build again. If no other build is running, delete the lock file {lock}",
                        "另一个 qingfeng（进程 {who_zh}）正在写入 {out}；请等它结束后重新构建。如果没有其他构建在运行，请删除锁文件 {lock}"
                    ),
                ));
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
        let lock = display_path(path);
        Err(Error::usage(
            crate::messages::catalog::OUTPUT_LOCKED,
            crate::t!(
                "cannot take the lock {lock}: other builds keep taking it; build again when they are done",
                "无法取得锁 {lock}：其他构建一直占用着它；请等它们结束后重新构建"
            ),
        ))
    }

    /// Creates the lock at `path` with the content of `aside`: `AlreadyExists` if a lock is
    /// there; the file to keep open, if the platform needs one.
    fn create(path: &Path, aside: &Path) -> io::Result<Option<fs::File>> {
        if !platform::lock_needs_open_file(Os::current()) {
            match fs::hard_link(aside, path) {
                Ok(()) => return Ok(None),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => return Err(e),
                // A file system without links (FAT, exFAT): create the lock in one step.
                Err(_) => {}
            }
        }
        let mut file = platform::create_lock_file(path)?;
        file.write_all(&fs::read(aside)?)?;
        Ok(Some(file))
    }
}

/// Decides whether a lock may be taken over, from its text (the holder's process id),
/// whether its holder is alive (asked only when needed; `None` where that cannot be told)
/// and its age. An empty lock is being written; where life cannot be told, only an
/// hour-old lock is stale.
pub(super) fn is_stale(holder: &str, alive: impl FnOnce() -> Option<bool>, age: Duration) -> bool {
    if holder.is_empty() {
        return age > EMPTY_STALE_AFTER;
    }
    if !holder.bytes().all(|b| b.is_ascii_digit()) {
        return true;
    }
    match alive() {
        Some(alive) => !alive,
        None => age > STALE_AFTER,
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Remove the lock only while it is still ours. An open lock file lets itself be
        // deleted (Windows marks it, and removes it when the handle closes just after).
        if fs::read_to_string(&self.path).is_ok_and(|h| h.trim() == self.pid) {
            let _ = fs::remove_file(&self.path);
        }
    }
}
