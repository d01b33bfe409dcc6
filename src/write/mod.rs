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
//!
//! A file is staged only when it changed. The last write's stamps (`.qingfeng-stamps`: each
//! file's size, modification time and a hash of its bytes) tell an unchanged file without
//! reading it, as rsync tells one by its size and time; a file whose size or time is not
//! its stamp's is read and compared.
//!
//! On Windows a file that another program holds open (a browser, an editor, Excel,
//! antivirus) cannot be replaced or deleted. Before step 2 every file to be replaced or
//! deleted is probed, with brief retries, so that such a file stops the write while the
//! previous output is still whole and untouched; renames and deletions retry too. The
//! message names the file and its likely holder. Only files are ever renamed over files: a
//! folder is renamed only onto a path that does not exist (the first build), which Windows
//! allows.

use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::io::{self, Write as _};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use rayon::prelude::*;

mod interrupt;
mod ledger;
mod lock;

pub use interrupt::{INTERRUPTED, end_on_interrupt};

use crate::diagnostic::{Error, OutputProblem, Result};
use crate::platform::{self, Os};
use crate::render::OutputFile;
use crate::url::slash_path;
use lock::Lock;
/// The error of a lock whose holder panicked: a writing thread failed.
fn thread_failed<T>(_: T) -> Error {
    Error::usage(
        crate::messages::catalog::WRITE_FAILED,
        crate::t!("a writing thread failed", "写入线程出错"),
    )
}

#[cfg(test)]
use lock::is_stale;

/// The manifest's name inside the output folder.
pub const MANIFEST: &str = ".qingfeng-manifest";

/// The journal's name inside the output folder: present only while a write is under way
/// (or after one was killed).
pub const JOURNAL: &str = ".qingfeng-journal";

/// The stamps' name inside the output folder: each file's size, modification time and a
/// hash of its bytes as written, so that the next write can tell an unchanged file from
/// its stamp without reading it. A file whose size or time differs from its stamp (edited
/// by hand, say) is read and compared as before; a missing or unreadable list only costs
/// those reads.
pub const STAMPS: &str = ".qingfeng-stamps";

pub use ledger::folder as ledger_folder;

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
    /// The file system places each folder made directly in the staging folder by its name
    /// ([`platform::mark_top_of_hierarchies`]): this write's own suffix for those names.
    spread: Option<String>,
    /// Every file put, and whether it differs from the one in place.
    put: Mutex<Vec<(String, bool)>>,
    /// The files put where a folder of the last build stands, to be taken away.
    taken: Mutex<Vec<String>>,
    /// The stamps of the files in place, as the previous write left them.
    old_stamps: HashMap<String, Stamp>,
    /// The stamps of the files put, for the next write.
    stamps: Mutex<Vec<(String, Stamp)>>,
    /// The previous write's ledger: what its build recorded of each file, by path, for the
    /// entries whose file's stamp still carries the hash they were written with.
    old_ledger: ledger::Previous,
    /// The site's folder and the ledger's (in the site's cache folder).
    ledger_at: (PathBuf, PathBuf),
    /// The check that every file in the output is qingfeng's, under way.
    foreign: Option<std::thread::JoinHandle<Result<()>>>,
    finished: bool,
    /// A link failed: files are written from now on (see [`Writer::link`]).
    no_links: AtomicBool,
    /// How files that other programs hold open are met (they stop a write on Windows).
    held: HeldFiles,
    _lock: Lock,
}

impl Writer {
    /// Takes the lock on `out` and checks that qingfeng may write there.
    pub fn begin(root: &Path, out: &Path) -> Result<Writer> {
        let out = &followed(out)?;
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
            (old, journal)
        };
        // Walking a large output takes a while: it is done while the site is built, and
        // nothing is put in place before it is done.
        let foreign = (!fresh).then(|| {
            let (out, old, journal) = (out.to_path_buf(), old.clone(), journal.clone());
            std::thread::spawn(move || check_foreign_files(&out, &old, &journal))
        });
        fs::create_dir_all(&staging).map_err(|e| Error::write(&staging, e))?;
        let spread = platform::mark_top_of_hierarchies(&staging).then(write_suffix);
        let old_stamps = if fresh {
            HashMap::new()
        } else {
            read_stamps(out)
        };
        let ledger_dir = ledger::folder(root, out);
        let old_ledger = if fresh {
            ledger::Previous::default()
        } else {
            ledger::Previous::read(&ledger_dir, |path, hash| {
                old_stamps.get(path).is_some_and(|s| s.hash == hash)
            })
        };
        Ok(Writer {
            out: out.to_path_buf(),
            staging,
            fresh,
            owned: old.union(&journal).cloned().collect(),
            old,
            journal,
            dirs: Mutex::new(BTreeSet::new()),
            spread,
            taken: Mutex::new(Vec::new()),
            put: Mutex::new(Vec::new()),
            old_stamps,
            stamps: Mutex::new(Vec::new()),
            old_ledger,
            ledger_at: (root.to_path_buf(), ledger_dir),
            foreign,
            finished: false,
            no_links: AtomicBool::new(false),
            held: HeldFiles::current(),
            _lock: lock,
        })
    }

    /// Stages one file; a file equal to the one in place is only noted.
    pub fn put(&self, f: &OutputFile) -> Result<()> {
        if !is_safe_relative(&f.path) {
            return Err(OutputProblem::Escapes(f.path.clone()).into());
        }
        if let Some((name, why)) = f
            .path
            .split('/')
            .find_map(|name| platform::windows_name_problem(name).map(|why| (name, why)))
        {
            return Err(OutputProblem::WindowsName {
                path: f.path.clone(),
                name: name.to_string(),
                why,
            }
            .into());
        }
        // A file kept gzipped in memory is written as published; one that cannot be had
        // back (an image-cache entry removed meanwhile) stops the write, never empty.
        let bytes = f.encoding.published(&f.bytes).ok_or_else(|| {
            Error::write(
                &self.out.join(&f.path),
                io::Error::new(
                    io::ErrorKind::NotFound,
                    "its bytes, held in the image cache, are gone",
                ),
            )
        })?;
        let hash = bytes_hash(&bytes);
        if !self.fresh {
            let target = self.out.join(&f.path);
            match fs::metadata(&target) {
                // A folder of the last build where a file goes now is taken away by the
                // write; any other folder stays, and the write stops here.
                Ok(m) if m.is_dir() => {
                    if !self.holds_only_ours(&f.path, &target) {
                        return Err(OutputProblem::FolderInTheWay(target).into());
                    }
                    self.taken
                        .lock()
                        .map_err(thread_failed)?
                        .push(f.path.clone());
                }
                // Only a file of ours can be unchanged; any other path is free (the
                // foreign-file check saw to that). Its stamp tells without a read when
                // the file is as the last write left it.
                Ok(m)
                    if self.owned.contains(&f.path)
                        && m.len() == bytes.len() as u64
                        && (self.old_stamps.get(&f.path).is_some_and(|s| {
                            s.hash == hash && Some(*s) == Stamp::of(&m, hash)
                        }) || fs::read(&target).is_ok_and(|b| *b == *bytes)) =>
                {
                    self.stamp(&f.path, Stamp::of(&m, hash))?;
                    return self.note(&f.path, false);
                }
                _ => {}
            }
        }
        if let Some((dir, _)) = f.path.rsplit_once('/') {
            self.make_dir(dir)?;
        }
        let staged = self.staging.join(&f.path);
        if !f
            .same_as
            .as_deref()
            .is_some_and(|from| self.link(from, &staged))
        {
            create_file(&staged, &bytes)?;
        }
        // A rename keeps the modification time: the staged file's is the one in place.
        let stamp = fs::metadata(&staged).ok().and_then(|m| Stamp::of(&m, hash));
        self.stamp(&f.path, stamp)?;
        self.note(&f.path, true)
    }

    /// Whether the folder `dir`, at `path` in the output, holds nothing but folders and files
    /// of ours (of the last build, which the write may remove).
    fn holds_only_ours(&self, path: &str, dir: &Path) -> bool {
        walkdir::WalkDir::new(dir)
            .min_depth(1)
            .into_iter()
            .all(|entry| {
                entry.is_ok_and(|e| {
                    let kind = e.file_type();
                    kind.is_dir()
                        || (kind.is_file()
                            && e.path().strip_prefix(dir).is_ok_and(|rel| {
                                self.owned.contains(&format!("{path}/{}", slash_path(rel)))
                            }))
                })
            })
    }

    /// Links the staged file `to` to the file `from`, which holds the same bytes and is never
    /// changed in place (an image-cache entry): whether it did. A new file costs the file
    /// system an inode and its bytes, a link neither; removing the link later frees neither
    /// (the entry holds them). Unix only, where a link is a name like any other (on Windows
    /// a file held open by another program holds every name of it). The first failure (the
    /// cache on another file system, one without links) ends the links of this write.
    fn link(&self, from: &Path, to: &Path) -> bool {
        if !cfg!(unix) || self.no_links.load(Ordering::Relaxed) {
            return false;
        }
        let linked = fs::hard_link(from, to).is_ok();
        if !linked {
            self.no_links.store(true, Ordering::Relaxed);
        }
        linked
    }

    /// The previous build's ledger entries, by path (see [`ledger_folder`]): each speaks for the
    /// file its path names as the last write left it.
    pub fn ledger(&self) -> &[(String, Vec<u8>)] {
        &self.old_ledger.entries
    }

    /// Notes the file at `path` as put and unchanged without its bytes, when it is, by its
    /// stamp, the file the last write left there (the one its ledger entry speaks for):
    /// true then; false, and nothing noted, otherwise (the caller makes it and puts it).
    pub fn keep(&self, path: &str) -> Result<bool> {
        if self.fresh || !self.owned.contains(path) || !is_safe_relative(path) {
            return Ok(false);
        }
        let Some(old) = self.old_stamps.get(path) else {
            return Ok(false);
        };
        match fs::metadata(self.out.join(path)) {
            Ok(m) if m.is_file() && Stamp::of(&m, old.hash) == Some(*old) => {
                self.stamp(path, Some(*old))?;
                self.note(path, false)?;
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    /// The bytes of the file at `path` when it is, by its stamp and its bytes' hash, the
    /// file the last write left there; none otherwise (nothing is noted: the caller still
    /// puts what it makes).
    pub fn read_own(&self, path: &str) -> Option<Vec<u8>> {
        if self.fresh || !self.owned.contains(path) || !is_safe_relative(path) {
            return None;
        }
        let old = self.old_stamps.get(path)?;
        let full = self.out.join(path);
        let m = fs::metadata(&full).ok()?;
        if !m.is_file() || Stamp::of(&m, old.hash) != Some(*old) {
            return None;
        }
        let bytes = fs::read(&full).ok()?;
        (bytes_hash(&bytes) == old.hash).then_some(bytes)
    }

    /// Writes this build's ledger `records` (see [`ledger::write`]), each entry with its
    /// file's hash from `stamps`.
    fn write_ledger<P: Sync>(
        &self,
        stamps: &[(String, Stamp)],
        (records, encode): (&[(String, Option<P>)], ledger::Encode<'_, P>),
    ) {
        let hashes: HashMap<&str, u64> = stamps.iter().map(|(p, s)| (p.as_str(), s.hash)).collect();
        let (root, dir) = &self.ledger_at;
        ledger::write((root, dir), records, encode, &self.old_ledger, |path| {
            hashes.get(path).copied()
        });
    }

    /// Records a file's stamp (none when its time could not be read: it is then read and
    /// compared by the next write).
    fn stamp(&self, path: &str, stamp: Option<Stamp>) -> Result<()> {
        let Some(stamp) = stamp else {
            return Ok(());
        };
        self.stamps
            .lock()
            .map_err(thread_failed)?
            .push((path.to_string(), stamp));
        Ok(())
    }

    /// Records a file put: only recorded files reach the manifest.
    fn note(&self, path: &str, changed: bool) -> Result<()> {
        self.put
            .lock()
            .map_err(thread_failed)?
            .push((path.to_string(), changed));
        Ok(())
    }

    /// Makes `dir` (and its parents) in the staging folder, once.
    fn make_dir(&self, dir: &str) -> Result<()> {
        let mut made = self.dirs.lock().map_err(thread_failed)?;
        if made.contains(dir) {
            return Ok(());
        }
        let top = dir.split('/').next().unwrap_or(dir);
        if let Some(suffix) = self.spread.as_deref().filter(|_| !made.contains(top)) {
            // Made under a name of this write's own, then named: the file system picks
            // its place from the name it is made with, so each write's folders go to new
            // places, not to where the files of an output removed a moment ago were (ext4
            // without a journal looks at each of those again for every file it makes).
            let path = self.staging.join(top);
            let first = self.staging.join(format!(".{top}.{suffix}"));
            fs::create_dir(&first).map_err(|e| Error::write(&first, e))?;
            fs::rename(&first, &path).map_err(|e| Error::write(&path, e))?;
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
    /// previous build that this one did not make. The previous ledger is removed.
    pub fn finish(self) -> Result<WriteReport> {
        self.finish_with_ledger::<()>(&[], &|_| Vec::new())
    }

    /// [`Writer::finish`], then writes `ledger` (what the build recorded of each file, by
    /// path: a new entry, encoded by `encode`, or none for one kept as the previous ledger
    /// had it), each entry
    /// with the hash of its file's bytes as written: whatever happens to the output later
    /// (a write killed on the way, a file changed by hand), an entry speaks only for the
    /// bytes it was written beside.
    pub fn finish_with_ledger<P: Sync>(
        mut self,
        ledger: &[(String, Option<P>)],
        encode: ledger::Encode<'_, P>,
    ) -> Result<WriteReport> {
        if let Some(check) = self.foreign.take() {
            check.join().map_err(thread_failed)??;
        }
        let put = std::mem::take(&mut *self.put.lock().map_err(thread_failed)?);
        let new = check_distinct(&put)?;
        let out = self.out.clone();
        let staging = self.staging.clone();
        let held = self.held;
        let mut report = WriteReport::default();
        let stamps = std::mem::take(&mut *self.stamps.lock().map_err(thread_failed)?);
        if self.fresh {
            write_list(&staging, MANIFEST, new.iter(), held)?;
            write_stamps(&staging, &stamps);
            held.retry(|| fs::rename(&staging, &out))
                .map_err(|e| held.error(&out, e, true))?;
            self.write_ledger(&stamps, (ledger, encode));
            self.finished = true;
            report.written = new.len();
            return Ok(report);
        }
        let changed: Vec<&str> = put
            .iter()
            .filter(|(_, c)| *c)
            .map(|(p, _)| p.as_str())
            .collect();
        // Only the folders of changed files are made or looked at: an unchanged file was
        // found in place, so its folders are folders already.
        let dirs: BTreeSet<&str> = parent_dirs(changed.iter().copied());
        check_no_file_in_the_way(&out, &dirs, &self.owned)?;
        report.unchanged = put.len() - changed.len();
        let mut old = std::mem::take(&mut self.old);
        // Files a killed write left behind (listed in its journal only) are ours to remove.
        old.extend(
            std::mem::take(&mut self.journal)
                .into_iter()
                .filter(|p| out.join(p).is_file()),
        );
        let stale: Vec<&String> = old
            .difference(&new)
            .filter(|p| is_safe_relative(p) && out.join(p).is_file())
            .collect();
        let (in_the_way, stale): (Vec<&String>, Vec<&String>) =
            stale.into_iter().partition(|p| dirs.contains(p.as_str()));
        // Folders of the last build where a file goes now ([`Writer::put`] found only
        // files of ours in them), and those files.
        let taken = std::mem::take(&mut *self.taken.lock().map_err(thread_failed)?);
        let (emptied, stale): (Vec<&String>, Vec<&String>) = stale.into_iter().partition(|p| {
            taken
                .iter()
                .any(|d| p.strip_prefix(d).is_some_and(|rest| rest.starts_with('/')))
        });
        // Nothing has changed yet: a file held open elsewhere stops the write here.
        let touched: Vec<PathBuf> = changed
            .iter()
            .copied()
            .chain(
                stale
                    .iter()
                    .chain(&in_the_way)
                    .chain(&emptied)
                    .map(|p| p.as_str()),
            )
            .map(|p| out.join(p))
            .collect();
        held.check_replaceable(&touched)?;
        // From the journal to its removal, an interrupt waits (a kill leaves the journal).
        let putting = interrupt::Putting::start();
        write_list(&out, JOURNAL, old.symmetric_difference(&new), held)?;
        // A file of the last build where a folder goes now (it is stale: no path of a build
        // is both a file and a folder) is removed before the folder is made, and a folder
        // of the last build where a file goes now is removed with its files.
        for file in in_the_way.iter().chain(&emptied) {
            let target = out.join(file);
            held.retry(|| fs::remove_file(&target))
                .map_err(|e| held.error(&target, e, false))?;
            report.removed += 1;
        }
        for dir in &taken {
            remove_empty_folders(&out.join(dir))
                .map_err(|(path, e)| held.error(&path, e, false))?;
        }
        create_dirs(&out, &dirs)?;
        changed
            .par_iter()
            .map(|path| {
                let target = out.join(path);
                held.retry(|| fs::rename(staging.join(path), &target))
                    .map_err(|e| held.error(&target, e, false))
            })
            .collect::<Result<Vec<()>>>()?;
        report.written = changed.len();
        write_list(&out, MANIFEST, new.iter(), held)?;
        write_stamps(&out, &stamps);
        self.write_ledger(&stamps, (ledger, encode));
        for path in stale {
            let target = out.join(path);
            held.retry(|| fs::remove_file(&target))
                .map_err(|e| held.error(&target, e, false))?;
            report.removed += 1;
            remove_empty_parents(&out, &target);
        }
        let journal_path = out.join(JOURNAL);
        held.retry(|| fs::remove_file(&journal_path))
            .map_err(|e| held.error(&journal_path, e, false))?;
        drop(putting);
        self.finished = true;
        if staging.exists() {
            fs::remove_dir_all(&staging).map_err(|e| Error::write(&staging, e))?;
        }
        Ok(report)
    }
}

/// The paths of the files put, checked to be distinct, also when upper and lower case are
/// not told apart (Windows and macOS keep one file for `Logo.png` and `logo.png`).
fn check_distinct(put: &[(String, bool)]) -> Result<BTreeSet<String>> {
    let mut new = BTreeSet::new();
    for (path, _) in put {
        if !new.insert(path.clone()) {
            return Err(Error::usage(
                crate::messages::catalog::DUPLICATE_OUTPUT,
                crate::t!(
                    "the build made `{path}` twice (a theme's static file may have the same path as a page); rename one of them",
                    "构建两次生成了 `{path}`（主题的静态文件可能与某个页面同路径）；请重命名其中一个"
                ),
            ));
        }
    }
    // In path order, whichever thread put them first, so that the message is stable.
    let mut folded: HashMap<String, &str> = HashMap::new();
    for path in &new {
        if let Some(first) = folded.insert(path.to_lowercase(), path) {
            return Err(Error::usage(
                crate::messages::catalog::DUPLICATE_OUTPUT,
                crate::t!(
                    "the build made `{first}` and `{path}`, which differ only in upper and lower case: Windows and macOS keep one file for both; rename one of them",
                    "构建生成的 `{first}` 和 `{path}` 只有大小写不同：Windows 和 macOS 会把它们当作同一个文件；请重命名其中一个"
                ),
            ));
        }
    }
    Ok(new)
}

/// Waits between attempts at replacing or deleting a file that another program holds open:
/// about two seconds in all, long enough for antivirus or a search indexer to let go.
const HELD_WAITS: [Duration; 6] = [
    Duration::from_millis(20),
    Duration::from_millis(50),
    Duration::from_millis(100),
    Duration::from_millis(200),
    Duration::from_millis(500),
    Duration::from_millis(1000),
];

/// How the writer meets files that other programs hold open (which only Windows refuses
/// to replace): the platform, how a file is probed, and how long to wait for it.
#[derive(Debug, Clone, Copy)]
struct HeldFiles {
    os: Os,
    probe: fn(&Path) -> io::Result<()>,
    waits: &'static [Duration],
}

impl HeldFiles {
    fn current() -> HeldFiles {
        HeldFiles {
            os: Os::current(),
            probe: platform::probe_replaceable,
            waits: &HELD_WAITS,
        }
    }

    /// Runs `op` until it succeeds, fails for another reason than a file held open, or the
    /// waits run out.
    fn retry<T>(&self, mut op: impl FnMut() -> io::Result<T>) -> io::Result<T> {
        let mut waits = self.waits.iter();
        loop {
            match op() {
                Err(e) if platform::is_held_elsewhere(self.os, &e) => match waits.next() {
                    Some(wait) => std::thread::sleep(*wait),
                    None => return Err(e),
                },
                other => return other,
            }
        }
    }

    /// Checks that each of `paths` could be replaced or deleted now, before anything is.
    fn check_replaceable(&self, paths: &[PathBuf]) -> Result<()> {
        if self.os != Os::Windows {
            return Ok(());
        }
        paths.par_iter().try_for_each(|path| {
            self.retry(|| (self.probe)(path))
                .map_err(|e| self.error(path, e, true))
        })
    }

    /// The error for `path`: held open elsewhere (`intact`: nothing was changed yet), or
    /// any other write error.
    fn error(&self, path: &Path, e: io::Error, intact: bool) -> Error {
        if platform::is_held_elsewhere(self.os, &e) {
            OutputProblem::HeldOpen {
                file: path.to_path_buf(),
                holder: platform::likely_holder(path),
                intact,
            }
            .into()
        } else {
            Error::write(path, e)
        }
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

/// A suffix no other write uses: the process and the time.
fn write_suffix() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("{}-{nanos}", std::process::id())
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
    let out_abs = crate::config::resolved(out);
    if root.starts_with(&out_abs) {
        return Err(OutputProblem::ContainsSite(out.to_path_buf()).into());
    }
    if out_abs.join("site.toml").exists() || out_abs.join("content").is_dir() {
        return Err(OutputProblem::HoldsSources(out.to_path_buf()).into());
    }
    Ok(())
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

/// A file as a write left it: its size, modification time (ns since the epoch) and a hash
/// of its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: u128,
    hash: u64,
}

impl Stamp {
    /// The stamp of a file of metadata `m` whose bytes hash to `hash`; none when the
    /// system gives no modification time.
    fn of(m: &fs::Metadata, hash: u64) -> Option<Stamp> {
        let modified = m
            .modified()
            .ok()?
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?
            .as_nanos();
        Some(Stamp {
            len: m.len(),
            modified,
            hash,
        })
    }
}

/// A hash of a file's bytes (not for security: it only spares a read of a file whose
/// size and time are also those of its stamp).
fn bytes_hash(bytes: &[u8]) -> u64 {
    use std::hash::BuildHasher as _;
    // A fixed seed: the stamps of one build are read by the next. (A hash that changes
    // with a new version of the crate only costs one read of each file.)
    foldhash::quality::FixedState::with_seed(0x71_6e_67_66).hash_one(bytes)
}

/// The stamps the previous write left; a missing or damaged list gives none (every file
/// is then read and compared).
fn read_stamps(out: &Path) -> HashMap<String, Stamp> {
    let Ok(text) = fs::read_to_string(out.join(STAMPS)) else {
        return HashMap::new();
    };
    text.lines()
        .filter_map(|line| {
            // hash, size, time, then the path (which may hold anything but a line break).
            let mut parts = line.splitn(4, ' ');
            let hash = u64::from_str_radix(parts.next()?, 16).ok()?;
            let len = parts.next()?.parse().ok()?;
            let modified = parts.next()?.parse().ok()?;
            let path = parts.next()?.to_string();
            Some((
                path,
                Stamp {
                    len,
                    modified,
                    hash,
                },
            ))
        })
        .collect()
}

/// Writes the stamps (best effort: without them the next write reads what it compares).
fn write_stamps(dir: &Path, stamps: &[(String, Stamp)]) {
    let mut text = String::with_capacity(stamps.len() * 64);
    for (path, s) in stamps {
        if path.contains('\n') {
            continue;
        }
        text.push_str(&format!(
            "{:016x} {} {} {path}\n",
            s.hash, s.len, s.modified
        ));
    }
    let tmp = dir.join(format!("{STAMPS}.tmp"));
    if create_file(&tmp, text.as_bytes()).is_err() || fs::rename(&tmp, dir.join(STAMPS)).is_err() {
        let _ = fs::remove_file(&tmp);
        let _ = fs::remove_file(dir.join(STAMPS));
    }
}

/// `out`, or the folder it links to: an output folder that is a symbolic link (`public`
/// pointing into the web server's folder) is written where it points, as if named there.
fn followed(out: &Path) -> Result<PathBuf> {
    match fs::symlink_metadata(out) {
        Ok(meta) if meta.file_type().is_symlink() => {
            fs::canonicalize(out).map_err(|e| Error::write(out, e))
        }
        _ => Ok(out.to_path_buf()),
    }
}

/// Whether the last write into `out` was killed while it put files in place (its journal
/// is there): the folder may be part the previous site, part the new one.
pub fn interrupted(out: &Path) -> bool {
    out.join(JOURNAL).is_file()
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
fn write_list<'a>(
    out: &Path,
    name: &str,
    paths: impl Iterator<Item = &'a String>,
    held: HeldFiles,
) -> Result<()> {
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
    held.retry(|| fs::rename(&tmp, &path))
        .map_err(|e| held.error(&path, e, name == JOURNAL))
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
        let rel = slash_path(entry.path().strip_prefix(out).unwrap_or(entry.path()));
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

/// Removes the folder `dir` and the folders in it, which hold no file any more.
fn remove_empty_folders(dir: &Path) -> std::result::Result<(), (PathBuf, io::Error)> {
    for entry in walkdir::WalkDir::new(dir).contents_first(true) {
        let entry = entry.map_err(|e| (dir.to_path_buf(), io::Error::other(e)))?;
        if entry.file_type().is_dir() {
            fs::remove_dir(entry.path()).map_err(|e| (entry.path().to_path_buf(), e))?;
        }
    }
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes `files` into `out` (under `root`), with `held` standing for the platform.
    fn write(root: &Path, out: &Path, files: &[(&str, &str)], held: HeldFiles) -> Result<()> {
        let mut writer = Writer::begin(root, out)?;
        writer.held = held;
        for (path, text) in files {
            writer.put(&OutputFile::text(*path, (*text).to_string()))?;
        }
        writer.finish().map(drop)
    }

    /// Every file under `dir`, with its text.
    fn snapshot(dir: &Path) -> Vec<(String, String)> {
        walkdir::WalkDir::new(dir)
            .sort_by_file_name()
            .into_iter()
            .filter_map(std::result::Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = slash_path(e.path().strip_prefix(dir).unwrap_or(e.path()));
                (rel, fs::read_to_string(e.path()).unwrap_or_default())
            })
            .collect()
    }

    /// Windows, where `index.html` is held open by another program for good.
    fn held_index(path: &Path) -> io::Result<()> {
        if path.ends_with("index.html") {
            Err(io::Error::from_raw_os_error(32))
        } else {
            Ok(())
        }
    }

    const NO_WAITS: HeldFiles = HeldFiles {
        os: Os::Windows,
        probe: held_index,
        waits: &[Duration::ZERO, Duration::ZERO],
    };

    #[test]
    fn folders_are_placed_afresh_and_named_as_the_site_names_them() {
        let root = tempfile::tempdir().expect("tempdir");
        let out = root.path().join("public");
        let files = [
            ("index.html", "home"),
            ("counties/a/index.html", "a"),
            ("counties/b/index.html", "b"),
            ("data/a.csv", "1"),
        ];
        write(root.path(), &out, &files, HeldFiles::current()).expect("first build");
        let names = |dir: &Path| -> Vec<String> {
            let mut names: Vec<String> = fs::read_dir(dir)
                .expect("folder")
                .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
                .collect();
            names.sort();
            names
        };
        // The names the folders were first made with are gone.
        assert_eq!(
            names(&out),
            [MANIFEST, STAMPS, "counties", "data", "index.html"]
        );
        assert_eq!(names(&out.join("counties")), ["a", "b"]);
        let files_now: Vec<(String, String)> = snapshot(&out)
            .into_iter()
            .filter(|(p, _)| !p.starts_with('.'))
            .collect();
        let mut expected: Vec<(String, String)> = files
            .iter()
            .map(|(p, t)| ((*p).to_string(), (*t).to_string()))
            .collect();
        expected.sort();
        assert_eq!(files_now, expected);
        // Where the file system has the attribute, the output (the staging folder renamed)
        // carries it; a new folder in a rebuild is named as the site names it too.
        let probe = root.path().join("probe");
        fs::create_dir(&probe).expect("probe");
        if platform::mark_top_of_hierarchies(&probe) {
            assert_eq!(platform::is_top_of_hierarchies(&out), Some(true));
        } else {
            eprintln!("this file system has no top-of-hierarchies attribute: not checked");
        }
        let more = [("index.html", "home"), ("regions/x/index.html", "x")];
        write(root.path(), &out, &more, HeldFiles::current()).expect("rebuild");
        assert_eq!(names(&out), [MANIFEST, STAMPS, "index.html", "regions"]);
        assert_eq!(names(&out.join("regions")), ["x"]);
    }

    #[test]
    fn a_file_and_a_folder_of_the_last_build_give_way_to_each_other() {
        let root = tempfile::tempdir().expect("tempdir");
        let out = root.path().join("public");
        let first = [("index.html", "home"), ("data/x", "a file")];
        write(root.path(), &out, &first, HeldFiles::current()).expect("first build");
        let next = [("index.html", "home"), ("data/x/index.html", "a page")];
        write(root.path(), &out, &next, HeldFiles::current()).expect("next build");
        let files: Vec<(String, String)> = snapshot(&out)
            .into_iter()
            .filter(|(p, _)| !p.starts_with('.'))
            .collect();
        assert_eq!(
            files,
            [
                ("data/x/index.html".to_string(), "a page".to_string()),
                ("index.html".to_string(), "home".to_string())
            ]
        );
        assert!(!out.join(JOURNAL).exists());
        // And back: the folder and its files go, and the file takes its place.
        write(root.path(), &out, &first, HeldFiles::current()).expect("third build");
        assert_eq!(
            fs::read_to_string(out.join("data/x")).ok().as_deref(),
            Some("a file")
        );
        assert!(!out.join(JOURNAL).exists());
        // A folder holding anything not of ours stays, and the write stops before anything
        // changes.
        write(root.path(), &out, &next, HeldFiles::current()).expect("fourth build");
        fs::write(out.join("data/x/notes.txt"), "mine").expect("a file of the editor's");
        let before = snapshot(&out);
        let e = write(root.path(), &out, &first, HeldFiles::current()).expect_err("refused");
        assert!(
            matches!(e, Error::Output(OutputProblem::FolderInTheWay(_))),
            "{e:?}"
        );
        assert_eq!(snapshot(&out), before);
    }

    #[test]
    fn a_file_held_open_stops_the_write_before_anything_changes() {
        let root = tempfile::tempdir().expect("tempdir");
        let out = root.path().join("public");
        let old = [
            ("index.html", "old"),
            ("data/a.csv", "1"),
            ("gone.html", "x"),
        ];
        write(root.path(), &out, &old, HeldFiles::current()).expect("first build");
        let before = snapshot(&out);
        let new = [
            ("index.html", "new"),
            ("data/a.csv", "2"),
            ("added.html", "y"),
        ];
        let e = write(root.path(), &out, &new, NO_WAITS).expect_err("held open");
        let message = e.to_string();
        assert!(message.contains("cannot replace"), "{message}");
        assert!(message.contains("index.html"), "{message}");
        assert!(message.contains("a browser or an editor"), "{message}");
        assert!(
            message.contains("previous output is as it was"),
            "{message}"
        );
        assert_eq!(e.exit_code(), 2);
        assert_eq!(snapshot(&out), before, "the output changed");
        assert!(!root.path().join(".public.qingfeng-staging").exists());
        assert!(!root.path().join(".public.qingfeng-lock").exists());
        // Closed, the file is replaced by the next build.
        write(root.path(), &out, &new, HeldFiles::current()).expect("next build");
        assert_eq!(
            fs::read_to_string(out.join("index.html")).ok().as_deref(),
            Some("new")
        );
        assert!(!out.join("gone.html").exists());
    }

    #[test]
    fn files_held_gzipped_are_written_as_published_and_a_gone_cache_entry_stops_the_write() {
        let root = tempfile::tempdir().expect("tempdir");
        let out = root.path().join("public");
        write(
            root.path(),
            &out,
            &[("index.html", "old")],
            HeldFiles::current(),
        )
        .expect("first build");
        let before = snapshot(&out);
        let gone = root.path().join("no-such-entry");
        let writer = Writer::begin(root.path(), &out).expect("begin");
        writer
            .put(&OutputFile::text("index.html", "新".to_string()).gzipped())
            .expect("a gzipped page");
        let card = OutputFile::in_cache("images/card.png", &gone).expect("utf-8 path");
        let e = writer.put(&card).expect_err("an entry that is gone");
        assert!(e.to_string().contains("card.png"), "{e}");
        drop(writer);
        assert_eq!(snapshot(&out), before, "the previous output is intact");
        let writer = Writer::begin(root.path(), &out).expect("begin");
        writer
            .put(&OutputFile::text("index.html", "新".to_string()).gzipped())
            .expect("a gzipped page");
        writer.finish().expect("finish");
        assert_eq!(
            fs::read_to_string(out.join("index.html")).expect("read"),
            "新"
        );
    }

    #[test]
    fn files_let_go_of_within_the_waits_are_replaced() {
        let tries = std::sync::atomic::AtomicUsize::new(0);
        let held = HeldFiles {
            os: Os::Windows,
            probe: held_index,
            waits: &[Duration::ZERO, Duration::ZERO, Duration::ZERO],
        };
        let result = held.retry(|| {
            let n = tries.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            if n < 3 {
                Err(io::Error::from_raw_os_error(32))
            } else {
                Ok(n)
            }
        });
        assert_eq!(result.ok(), Some(3), "three waits, then success");
        // Held past the waits, or another error: given up at once.
        let given_up = held.retry(|| -> io::Result<()> { Err(io::Error::from_raw_os_error(5)) });
        assert!(given_up.is_err());
        tries.store(0, std::sync::atomic::Ordering::SeqCst);
        let other = held.retry(|| -> io::Result<()> {
            tries.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            Err(io::Error::from_raw_os_error(2))
        });
        assert!(other.is_err());
        assert_eq!(tries.load(std::sync::atomic::Ordering::SeqCst), 1);
        // Off Windows the same codes mean something else: never retried.
        let linux = HeldFiles {
            os: Os::Linux,
            ..held
        };
        tries.store(0, std::sync::atomic::Ordering::SeqCst);
        let _ = linux.retry(|| -> io::Result<()> {
            tries.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            Err(io::Error::from_raw_os_error(32))
        });
        assert_eq!(tries.load(std::sync::atomic::Ordering::SeqCst), 1);
    }

    #[test]
    fn output_paths_differing_only_in_case_or_windows_names_are_refused() {
        let root = tempfile::tempdir().expect("tempdir");
        let out = root.path().join("public");
        let both = [("static/Logo.png", "a"), ("static/logo.png", "b")];
        let e = write(root.path(), &out, &both, HeldFiles::current()).expect_err("case");
        assert!(
            e.to_string()
                .contains("differ only in upper and lower case"),
            "{e}"
        );
        assert!(!out.exists());
        for bad in [
            "static/con.css",
            "static/aux",
            "static/logo.png.",
            "static/a b ",
        ] {
            let e = write(root.path(), &out, &[(bad, "x")], HeldFiles::current()).expect_err(bad);
            assert!(e.to_string().contains("Windows"), "{bad}: {e}");
            assert!(!out.exists());
        }
    }

    #[test]
    fn stale_locks_are_told_from_live_ones() {
        #[track_caller]
        fn case(holder: &str, alive: Option<bool>, age_secs: u64, stale: bool) {
            let age = Duration::from_secs(age_secs);
            assert_eq!(
                is_stale(holder, || alive, age),
                stale,
                "{holder:?} alive {alive:?} age {age_secs}"
            );
        }
        // The platform tells (Linux by /proc, Windows by the open lock file).
        case("4242", Some(true), 0, false);
        case("4242", Some(true), 100_000, false);
        case("4242", Some(false), 0, true);
        // It cannot tell (macOS): only an old lock is stale.
        case("4242", None, 60, false);
        case("4242", None, 3601, true);
        // Being written, or not a lock of ours.
        case("", Some(false), 1, false);
        case("", None, 11, true);
        case("garbage", Some(true), 0, true);
    }

    #[test]
    fn a_second_lock_on_the_same_output_is_refused_while_the_first_lives() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join(".public.qingfeng-lock");
        let out = dir.path().join("public");
        let first = Lock::acquire(&path, &out).expect("first lock");
        // This process is alive, so its lock is live.
        let Err(e) = Lock::acquire(&path, &out) else {
            panic!("a second lock was taken");
        };
        assert!(e.to_string().contains("another qingfeng"), "{e}");
        drop(first);
        assert!(!path.exists(), "the lock was left behind");
        let again = Lock::acquire(&path, &out).expect("lock after release");
        drop(again);
        assert!(!path.exists());
    }

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
