//! The answers of `check --external`, kept for a day in `.qingfeng-cache/external.json`
//! beside `site.toml`: outside `content/` and the output folder, so the build never reads or
//! publishes it. The folder holds a `.gitignore` of `*`, so it is never committed either.
//!
//! Only lasting answers are kept: a page that answered (after its redirects), or a 4xx
//! other than 408 and 429. Failures to connect, timeouts and 5xx are asked again on the next
//! run, as they are the ones an editor waits out. An unreadable or damaged cache counts as
//! empty and is rewritten.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::Hop;
use crate::cache::CACHE_DIR;

/// The cache file, in [`CACHE_DIR`] (the image cache's folder).
pub const CACHE_FILE: &str = "external.json";
/// How long an answer is kept: a day.
pub const KEEP_SECONDS: u64 = 24 * 60 * 60;
/// The version of the file's layout; a file of another version is ignored.
const VERSION: u32 = 1;

/// One kept answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// When it was asked, in seconds since 1970 (UTC).
    pub checked: u64,
    /// The final status.
    pub status: u16,
    /// Its reason phrase.
    #[serde(default)]
    pub reason: String,
    /// The redirects followed to get there.
    #[serde(default)]
    pub hops: Vec<Hop>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct File {
    version: u32,
    entries: BTreeMap<String, Entry>,
}

/// The cache as read, and the answers to add.
#[derive(Debug)]
pub struct Cache {
    path: PathBuf,
    entries: BTreeMap<String, Entry>,
    now: u64,
}

/// Seconds since 1970.
pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Whether an answer with this final status is kept.
pub fn keeps(status: u16) -> bool {
    status < 500 && status != 408 && status != 429
}

impl Cache {
    /// Reads the cache of the site at `root`; entries older than a day are dropped.
    pub fn open(root: &Path, now: u64) -> Cache {
        let path = root.join(CACHE_DIR).join(CACHE_FILE);
        let entries = fs::read(&path)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<File>(&bytes).ok())
            .filter(|f| f.version == VERSION)
            .map(|f| f.entries)
            .unwrap_or_default()
            .into_iter()
            .filter(|(_, e)| e.checked <= now && now - e.checked < KEEP_SECONDS)
            .collect();
        Cache { path, entries, now }
    }

    /// The kept answer for `url`, if it is fresh.
    pub fn get(&self, url: &str) -> Option<&Entry> {
        self.entries.get(url)
    }

    /// Keeps an answer, when it is a lasting one.
    pub fn put(&mut self, url: &str, status: u16, reason: &str, hops: &[Hop]) {
        if keeps(status) {
            let entry = Entry {
                checked: self.now,
                status,
                reason: reason.to_string(),
                hops: hops.to_vec(),
            };
            self.entries.insert(url.to_string(), entry);
        }
    }

    /// Forgets every answer (`--no-cache`): all are asked again, then kept.
    pub fn clear(&mut self) {
        self.entries.clear();
    }

    /// Writes the cache: to a temporary file in its folder, renamed over the old one.
    pub fn save(&self) -> std::io::Result<()> {
        let dir = self.path.parent().unwrap_or(Path::new("."));
        fs::create_dir_all(dir)?;
        let ignore = dir.join(".gitignore");
        if !ignore.exists() {
            fs::write(
                &ignore,
                "# qingfeng's cache (check --external); never committed or published\n*\n",
            )?;
        }
        let file = File {
            version: VERSION,
            entries: self.entries.clone(),
        };
        let bytes = serde_json::to_vec_pretty(&file).map_err(std::io::Error::other)?;
        let temp = dir.join(format!(".{CACHE_FILE}.{}.tmp", std::process::id()));
        let write = || -> std::io::Result<()> {
            let mut f = fs::File::create(&temp)?;
            f.write_all(&bytes)?;
            f.sync_all()?;
            fs::rename(&temp, &self.path)
        };
        write().inspect_err(|_| {
            let _ = fs::remove_file(&temp);
        })
    }

    /// Where the cache lives.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_kept_for_a_day() {
        let dir = tempfile::tempdir().expect("tempdir");
        let day = KEEP_SECONDS;
        let mut cache = Cache::open(dir.path(), 10 * day);
        cache.put("https://a.example/", 200, "OK", &[]);
        cache.put("https://b.example/", 404, "Not Found", &[]);
        cache.put("https://c.example/", 503, "Service Unavailable", &[]);
        cache.put("https://d.example/", 429, "Too Many Requests", &[]);
        cache.save().expect("save");
        let ignore = fs::read_to_string(dir.path().join(CACHE_DIR).join(".gitignore"));
        assert!(ignore.expect("gitignore").lines().any(|l| l == "*"));

        let later = Cache::open(dir.path(), 11 * day - 1);
        assert_eq!(later.get("https://a.example/").map(|e| e.status), Some(200));
        assert_eq!(later.get("https://b.example/").map(|e| e.status), Some(404));
        assert!(later.get("https://c.example/").is_none());
        assert!(later.get("https://d.example/").is_none());
        // A day later, or with a clock set back, nothing is fresh.
        assert!(
            Cache::open(dir.path(), 11 * day)
                .get("https://a.example/")
                .is_none()
        );
        assert!(
            Cache::open(dir.path(), 9 * day)
                .get("https://a.example/")
                .is_none()
        );
    }

    #[test]
    fn a_damaged_cache_counts_as_empty() {
        let dir = tempfile::tempdir().expect("tempdir");
        fs::create_dir_all(dir.path().join(CACHE_DIR)).expect("mkdir");
        fs::write(dir.path().join(CACHE_DIR).join(CACHE_FILE), "{not json").expect("write");
        let mut cache = Cache::open(dir.path(), 100);
        assert!(cache.get("https://a.example/").is_none());
        cache.put("https://a.example/", 200, "OK", &[]);
        cache.save().expect("save");
        assert!(
            Cache::open(dir.path(), 101)
                .get("https://a.example/")
                .is_some()
        );
    }
}
