//! The county data files an earlier build parsed, kept by `build` in the site's cache
//! (`.qingfeng-cache/counties`): a file whose bytes did not change is taken from there,
//! not parsed as YAML again, which is most of validating a county. Only a file that parsed
//! without a slip worth a warning is kept, so that every warning of the parse is still
//! given; the rules of the content model are checked on every build, kept or not.
//!
//! Pure: the cache's text comes in ([`KeptParses::read`]) and goes out
//! ([`KeptParses::text`]); `build` reads and writes the file.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::Mutex;

use super::county::CountyData;

/// The first word of the cache's text, with the format's version.
const MAGIC: &str = "qingfeng-counties 1";

/// The data files an earlier build parsed, and those this build parsed or took.
#[derive(Debug, Default)]
pub struct KeptParses {
    /// What the build that wrote the cache parsed: each file's key and its data as JSON.
    old: HashMap<u64, String>,
    /// Whose parse the key of a file stands for (the binary that parsed it).
    identity: u64,
    /// The keys of the old entries this build took.
    taken: Mutex<Vec<u64>>,
    /// This build's new entries.
    new: Mutex<Vec<(u64, String)>>,
}

impl KeptParses {
    /// The cache of the text `kept` (an earlier build's [`KeptParses::text`]; an empty
    /// text or anything else gives an empty cache), for files parsed by the binary of
    /// `identity`.
    pub fn read(kept: &str, identity: u64) -> KeptParses {
        let mut cache = KeptParses {
            identity,
            ..KeptParses::default()
        };
        let mut lines = kept.lines();
        if lines.next() != Some(&format!("{MAGIC} {identity:016x}")) {
            return cache;
        }
        cache.old = lines
            .filter_map(|line| {
                let (key, json) = line.split_once('\t')?;
                Some((u64::from_str_radix(key, 16).ok()?, json.to_owned()))
            })
            .collect();
        cache
    }

    fn key(&self, text: &str) -> u64 {
        use std::hash::BuildHasher as _;
        // A fixed seed: the keys of one build are read by the next.
        foldhash::quality::FixedState::with_seed(self.identity).hash_one(text.as_bytes())
    }

    /// The data of the file `text`, if an earlier build parsed a file of these bytes.
    pub fn get(&self, text: &str) -> Option<CountyData> {
        let key = self.key(text);
        let data = serde_json::from_str(self.old.get(&key)?).ok()?;
        lock(&self.taken).push(key);
        Some(data)
    }

    /// Keeps `data`, parsed from the file `text`, for the next build.
    pub fn keep(&self, text: &str, data: &CountyData) {
        if let Ok(json) = serde_json::to_string(data) {
            lock(&self.new).push((self.key(text), json));
        }
    }

    /// The cache's text for the next build: the entries this build took or made (sorted
    /// by key); `None` when it would hold what the text it was read from held.
    pub fn text(self) -> Option<String> {
        let taken = self.taken.into_inner().unwrap_or_else(|e| e.into_inner());
        let new = self.new.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut entries: Vec<(u64, &str)> = new.iter().map(|(k, j)| (*k, j.as_str())).collect();
        entries.extend(
            taken
                .iter()
                .filter_map(|k| Some((*k, self.old.get(k)?.as_str()))),
        );
        entries.sort_unstable_by_key(|(k, _)| *k);
        entries.dedup_by_key(|(k, _)| *k);
        if new.is_empty() && entries.len() == self.old.len() {
            return None;
        }
        let mut out = format!("{MAGIC} {:016x}\n", self.identity);
        for (key, json) in entries {
            let _ = writeln!(out, "{key:016x}\t{json}");
        }
        Some(out)
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BAISHUI: &str =
        include_str!("../../tests/fixtures/second-city/content/counties/baishui.yaml");

    fn parsed(text: &str) -> CountyData {
        serde_yaml::from_str(text).expect("parses")
    }

    #[test]
    fn a_kept_file_reads_back_as_it_was_parsed() {
        let first = KeptParses::read("", 7);
        assert!(first.get(BAISHUI).is_none());
        first.keep(BAISHUI, &parsed(BAISHUI));
        let text = first.text().expect("a new entry");

        let second = KeptParses::read(&text, 7);
        let kept = second.get(BAISHUI).expect("kept");
        assert_eq!(format!("{kept:?}"), format!("{:?}", parsed(BAISHUI)));
        // Nothing new: the cache stays as it is.
        assert_eq!(second.text(), None);

        // Another binary, or a file changed by one byte: not taken.
        assert!(KeptParses::read(&text, 8).get(BAISHUI).is_none());
        let edited = BAISHUI.replace("members: 20", "members: 21");
        let third = KeptParses::read(&text, 7);
        assert!(third.get(&edited).is_none());
        // An entry no build took is dropped from the next text.
        let dropped = third.text().expect("the untaken entry goes");
        assert_eq!(dropped.lines().count(), 1, "{dropped}");
    }

    #[test]
    fn a_damaged_cache_is_an_empty_one() {
        for text in [
            "",
            "nonsense",
            "qingfeng-counties 1 0000000000000007\nzz\t{}\n",
        ] {
            let cache = KeptParses::read(text, 7);
            assert!(cache.get(BAISHUI).is_none(), "{text:?}");
        }
        // An entry whose JSON does not read is not taken.
        let key = KeptParses::read("", 7).key(BAISHUI);
        let text = format!("qingfeng-counties 1 0000000000000007\n{key:016x}\t{{\"name\": 1}}\n");
        assert!(KeptParses::read(&text, 7).get(BAISHUI).is_none());
    }
}
