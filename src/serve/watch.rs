//! Watching the site's sources by polling: a snapshot of every file's modification time and
//! size, compared every interval. Polling needs no dependency and sees every way an editor
//! saves (in place, or to a temporary file renamed over the old one). Bursts of changes are
//! debounced and folded into [`Change`]s.

use std::cmp::Ordering;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use walkdir::WalkDir;

use crate::memo::{FileStamp, FileStamps, bytes};

/// How often the sources are compared.
pub const POLL_INTERVAL: Duration = Duration::from_millis(200);
/// The longest a burst of changes can postpone a rebuild.
const MAX_DEBOUNCE: Duration = Duration::from_secs(2);

/// What happened to one file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    /// It appeared.
    Created(PathBuf),
    /// Its time or size changed.
    Modified(PathBuf),
    /// It went.
    Removed(PathBuf),
}

impl Change {
    /// The file concerned.
    pub fn path(&self) -> &Path {
        match self {
            Change::Created(p) | Change::Modified(p) | Change::Removed(p) => p,
        }
    }
}

/// Says what changed, in a few words: `content/counties/yaodu.yaml changed`, `3 files changed`.
pub fn describe(changes: &[Change]) -> crate::messages::Text {
    use crate::t;
    match changes {
        [] => t!("nothing changed", "没有改动"),
        [Change::Created(p)] => t!("{} created", "新建了 {}", p.display()),
        [Change::Modified(p)] => t!("{} changed", "修改了 {}", p.display()),
        [Change::Removed(p)] => t!("{} removed", "删除了 {}", p.display()),
        many => t!("{} files changed", "{} 个文件有改动", many.len()),
    }
}

/// The watched files, by path relative to the site root, with their size and time.
type Snapshot = FileStamps;

/// Watches `site.toml`, `charts.toml`, `content/`, `templates/`, `static/` and `themes/`
/// under a site root.
#[derive(Debug)]
pub struct Watcher {
    root: PathBuf,
    /// Shared with the build memo, which takes the sources' stamps from it.
    snapshot: Arc<Snapshot>,
}

/// The files and folders watched, relative to the site root.
pub const WATCHED: [&str; 6] = [
    "site.toml",
    "charts.toml",
    "content",
    "templates",
    "static",
    "themes",
];

impl Watcher {
    /// Starts watching the site at `root`, taking the current state as the baseline.
    pub fn new(root: &Path) -> Watcher {
        Watcher {
            root: root.to_path_buf(),
            snapshot: Arc::new(take_snapshot(root)),
        }
    }

    /// The files as last seen: each one's size and modification time.
    pub fn stamps(&self) -> Arc<FileStamps> {
        Arc::clone(&self.snapshot)
    }

    /// Compares the files with the last snapshot, which it then replaces.
    pub fn poll(&mut self) -> Vec<Change> {
        let now = take_snapshot(&self.root);
        let changes = diff(&self.snapshot, &now);
        self.snapshot = Arc::new(now);
        changes
    }

    /// Blocks until something changes, then until a poll finds nothing more (or the burst
    /// has lasted [`MAX_DEBOUNCE`]); returns every change of the burst, folded per file.
    pub fn wait(&mut self, interval: Duration) -> Vec<Change> {
        let before = Arc::clone(&self.snapshot);
        loop {
            std::thread::sleep(interval);
            if !self.poll().is_empty() {
                break;
            }
        }
        let start = Instant::now();
        while start.elapsed() < MAX_DEBOUNCE {
            std::thread::sleep(interval / 2);
            if self.poll().is_empty() {
                break;
            }
        }
        diff(&before, &self.snapshot)
    }
}

/// Whether a file is an editor's or the system's leftover, which the build ignores too.
fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || (name.starts_with('#') && name.ends_with('#'))
        || name == "4913"
}

fn take_snapshot(root: &Path) -> Snapshot {
    let mut snapshot = Vec::new();
    for watched in WATCHED {
        let walker = WalkDir::new(root.join(watched))
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_ignored(&e.file_name().to_string_lossy()));
        // A file that vanishes while walking is simply not in this snapshot.
        for entry in walker.flatten() {
            if !entry.file_type().is_file() {
                continue;
            }
            let Ok(meta) = entry.metadata() else { continue };
            let rel = entry
                .path()
                .strip_prefix(root)
                .unwrap_or(entry.path())
                .to_path_buf();
            let stamp = FileStamp {
                modified: meta.modified().ok(),
                len: meta.len(),
            };
            snapshot.push((rel, stamp));
        }
    }
    FileStamps::new(snapshot)
}

/// The changes from `old` to `new`, read side by side in their order.
fn diff(old: &Snapshot, new: &Snapshot) -> Vec<Change> {
    let mut changes = Vec::new();
    let (mut old, mut new) = (old.iter().peekable(), new.iter().peekable());
    loop {
        let order = match (old.peek(), new.peek()) {
            (None, None) => break,
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (Some((a, _)), Some((b, _))) => bytes(a).cmp(bytes(b)),
        };
        match order {
            Ordering::Less => {
                if let Some((path, _)) = old.next() {
                    changes.push(Change::Removed(path.clone()));
                }
            }
            Ordering::Greater => {
                if let Some((path, _)) = new.next() {
                    changes.push(Change::Created(path.clone()));
                }
            }
            Ordering::Equal => {
                if let (Some((_, was)), Some((path, is))) = (old.next(), new.next())
                    && was != is
                {
                    changes.push(Change::Modified(path.clone()));
                }
            }
        }
    }
    changes.sort();
    changes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, rel: &str, text: &str) {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }

    #[test]
    fn a_diff_reads_both_snapshots_side_by_side() {
        let stamp = |len| FileStamp {
            modified: None,
            len,
        };
        let snap = |files: &[(&str, u64)]| {
            FileStamps::new(
                files
                    .iter()
                    .map(|(p, len)| (PathBuf::from(p), stamp(*len)))
                    .collect(),
            )
        };
        let old = snap(&[("a", 1), ("b/x", 1), ("b/y", 1), ("d", 1), ("f", 1)]);
        let new = snap(&[("a", 1), ("b/y", 2), ("c", 1), ("d", 1), ("e", 1)]);
        assert_eq!(
            diff(&old, &new),
            vec![
                Change::Created(PathBuf::from("c")),
                Change::Created(PathBuf::from("e")),
                Change::Modified(PathBuf::from("b/y")),
                Change::Removed(PathBuf::from("b/x")),
                Change::Removed(PathBuf::from("f")),
            ]
        );
        assert_eq!(diff(&new, &new), vec![]);
        assert_eq!(diff(&FileStamps::default(), &old).len(), 5);
        assert_eq!(old.get(Path::new("b/y")), Some(&stamp(1)));
        assert_eq!(old.get(Path::new("b")), None);
    }

    #[test]
    fn sees_creation_modification_and_removal_but_not_editor_leftovers() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        write(root, "site.toml", "a");
        write(root, "content/a.yaml", "a");
        write(root, "public/index.html", "x");
        let mut w = Watcher::new(root);
        assert!(w.poll().is_empty());
        write(root, "content/a.yaml", "ab");
        write(root, "content/b.yaml", "b");
        write(root, "content/.a.yaml.swp", "junk");
        write(root, "content/a.yaml~", "junk");
        write(root, "public/index.html", "changed output is not a source");
        std::fs::remove_file(root.join("site.toml")).expect("rm");
        assert_eq!(
            w.poll(),
            vec![
                Change::Created(PathBuf::from("content/b.yaml")),
                Change::Modified(PathBuf::from("content/a.yaml")),
                Change::Removed(PathBuf::from("site.toml")),
            ]
        );
        assert!(w.poll().is_empty());
    }

    #[test]
    fn a_burst_is_one_change_per_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().to_path_buf();
        write(&root, "content/a.yaml", "a");
        let mut w = Watcher::new(&root);
        let writer = std::thread::spawn({
            let root = root.clone();
            move || {
                for i in 0..5 {
                    write(&root, "content/a.yaml", &"x".repeat(i + 2));
                    std::thread::sleep(Duration::from_millis(15));
                }
            }
        });
        let changes = w.wait(Duration::from_millis(40));
        writer.join().expect("writer");
        // Whatever the timing, the burst folds to one change of the one file.
        assert_eq!(
            changes,
            vec![Change::Modified(PathBuf::from("content/a.yaml"))]
        );
        assert_eq!(describe(&changes).en, "content/a.yaml changed");
    }
}
