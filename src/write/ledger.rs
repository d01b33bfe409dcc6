//! The ledger of an output: what the build that made each listed file knew of it (the
//! keys it was made with, its searchable text), for the next build to skip making a file
//! whose keys did not change. The writer frames it and vouches for it: each entry carries
//! the hash of its file's bytes as they were written, and is handed back only while that
//! file's stamp carries the same hash, so an entry never speaks for bytes it was not
//! written beside (whatever happened to the output in between). What an entry holds is the
//! builder's business (see `memo::ledger`).
//!
//! The ledger is a folder of shards in the site's cache folder (`.qingfeng-cache/ledgers/`,
//! one folder per output folder: it is nothing to publish), each file's entry in the shard
//! its path falls in: a build rewrites only the shards whose entries changed, so a build
//! after one edit writes a few hundred kilobytes of it, not all of it.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use rayon::prelude::*;

/// The ledgers' folder inside the site's cache folder.
const LEDGERS: &str = "ledgers";

/// How many shards the entries are spread over.
const SHARDS: usize = 64;

/// The first bytes of a shard of this layout.
const MAGIC: &[u8] = b"qingfeng-ledger 2\n";

/// Its last bytes: a shard cut short (between two entries, say) does not parse.
const END: &[u8] = b"end\n";

/// One entry: the path of the file it speaks for, the hash of that file's bytes as they
/// were written, and what the builder recorded.
pub(super) struct Entry {
    pub(super) path: String,
    pub(super) hash: u64,
    pub(super) payload: Vec<u8>,
}

/// FNV-1a of `bytes`: the same in every build and on every system.
fn fnv(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The shard a path's entry is in.
pub(super) fn shard_of(path: &str) -> usize {
    (fnv(path.as_bytes()) % SHARDS as u64) as usize
}

/// The ledger's folder of the output folder `out` of the site at `root`: named by a hash
/// of the output's path, so that each output folder has its own.
pub fn folder(root: &Path, out: &Path) -> std::path::PathBuf {
    let name = format!("{:016x}", fnv(out.as_os_str().as_encoded_bytes()));
    root.join(crate::cache::CACHE_DIR).join(LEDGERS).join(name)
}

fn shard_name(shard: usize) -> String {
    format!("{shard:02}")
}

/// Reads the ledger in the folder `dir`, shard by shard; a missing or damaged shard gives
/// no entries.
fn read(dir: &Path) -> Vec<Entry> {
    if !dir.is_dir() {
        return Vec::new();
    }
    (0..SHARDS)
        .into_par_iter()
        .flat_map_iter(|shard| {
            fs::read(dir.join(shard_name(shard)))
                .ok()
                .and_then(|bytes| parse(&bytes))
                .unwrap_or_default()
        })
        .collect()
}

fn parse(bytes: &[u8]) -> Option<Vec<Entry>> {
    let mut rest = bytes.strip_prefix(MAGIC)?.strip_suffix(END)?;
    let mut entries = Vec::new();
    while !rest.is_empty() {
        let path = take(&mut rest)?;
        let hash = u64::from_le_bytes(rest.get(..8)?.try_into().ok()?);
        rest = rest.get(8..)?;
        let payload = take(&mut rest)?.to_vec();
        entries.push(Entry {
            path: String::from_utf8(path.to_vec()).ok()?,
            hash,
            payload,
        });
    }
    Some(entries)
}

/// Takes a length-prefixed byte string off the front of `rest`.
fn take<'a>(rest: &mut &'a [u8]) -> Option<&'a [u8]> {
    let len = u32::from_le_bytes(rest.get(..4)?.try_into().ok()?) as usize;
    let bytes = rest.get(4..4 + len)?;
    *rest = rest.get(4 + len..)?;
    Some(bytes)
}

/// A shard's bytes for `entries`.
fn bytes(entries: &[(&str, u64, &[u8])]) -> Vec<u8> {
    let size: usize = entries.iter().map(|(p, _, b)| p.len() + b.len() + 16).sum();
    let mut out = Vec::with_capacity(MAGIC.len() + size + END.len());
    out.extend_from_slice(MAGIC);
    for (path, hash, payload) in entries {
        let (Ok(path_len), Ok(payload_len)) =
            (u32::try_from(path.len()), u32::try_from(payload.len()))
        else {
            continue;
        };
        out.extend_from_slice(&path_len.to_le_bytes());
        out.extend_from_slice(path.as_bytes());
        out.extend_from_slice(&hash.to_le_bytes());
        out.extend_from_slice(&payload_len.to_le_bytes());
        out.extend_from_slice(payload);
    }
    out.extend_from_slice(END);
    out
}

/// The file whose time says when a ledger was last written.
const USED: &str = "used";

/// How long a ledger no build writes is kept: the output folder it was for has not been
/// built since (moved, renamed, a one-off `--output`), and it only takes room.
const UNUSED_FOR: std::time::Duration = std::time::Duration::from_secs(30 * 24 * 3600);

/// Removes the ledgers beside `folder` (of other output folders) that no build has written
/// for [`UNUSED_FOR`]. Only folders named as [`folder`] names them are looked at.
fn prune(folder: &Path) {
    let Some(ledgers) = folder.parent() else {
        return;
    };
    let Ok(entries) = fs::read_dir(ledgers) else {
        return;
    };
    let now = std::time::SystemTime::now();
    for entry in entries.flatten() {
        let path = entry.path();
        let ours = entry
            .file_name()
            .to_str()
            .is_some_and(|n| n.len() == 16 && n.bytes().all(|b| b.is_ascii_hexdigit()));
        if path == folder || !ours || !path.is_dir() {
            continue;
        }
        let used = fs::metadata(path.join(USED)).and_then(|m| m.modified());
        let stale = used.map_or(true, |t| {
            now.duration_since(t).is_ok_and(|d| d > UNUSED_FOR)
        });
        if stale {
            let _ = fs::remove_dir_all(&path);
        }
    }
}

/// How a record's entry is encoded.
pub(super) type Encode<'a, P> = &'a (dyn Fn(&P) -> Vec<u8> + Sync);

/// What the previous write's ledger held: each entry still vouched for (by path), and
/// every path each shard listed.
#[derive(Default)]
pub(super) struct Previous {
    pub(super) entries: Vec<(String, Vec<u8>)>,
    pub(super) shards: Vec<BTreeSet<String>>,
    /// Whether it was read (an output written afresh knows nothing of what a ledger folder
    /// left from an earlier output of that name holds: every shard is written).
    known: bool,
}

impl Previous {
    /// The ledger in the folder `dir`, keeping the entries whose hash `vouched` confirms.
    pub(super) fn read(dir: &Path, vouched: impl Fn(&str, u64) -> bool) -> Previous {
        let mut shards = vec![BTreeSet::new(); SHARDS];
        let mut entries = Vec::new();
        for e in read(dir) {
            shards[shard_of(&e.path)].insert(e.path.clone());
            if vouched(&e.path, e.hash) {
                entries.push((e.path, e.payload));
            }
        }
        Previous {
            entries,
            shards,
            known: true,
        }
    }
}

/// Writes this build's `records` (by path: a new entry, encoded by `encode`, or none for
/// an entry kept as the previous ledger had it, in `previous`) into the ledger folder
/// `folder` of the site at `root`, each with its file's hash from `hash_of` (a record
/// whose file has none is left out). A shard whose entries are all kept, and are all it
/// held, is not written again. Entries are encoded shard by shard, so the ledger is never
/// held encoded whole. Best effort: a shard that cannot be written is removed, and the
/// next build makes its files.
pub(super) fn write<P: Sync>(
    (root, folder): (&Path, &Path),
    records: &[(String, Option<P>)],
    encode: Encode<'_, P>,
    previous: &Previous,
    hash_of: impl Fn(&str) -> Option<u64> + Sync,
) {
    if records.is_empty() {
        let _ = fs::remove_dir_all(folder);
        return;
    }
    // The cache folder, with its `.gitignore`.
    if crate::cache::folder(root).is_none() || fs::create_dir_all(folder).is_err() {
        return;
    }
    // When this output was last built, for the pruning of ledgers no build uses any more.
    let _ = super::create_file(&folder.join(USED), b"");
    prune(folder);
    let old: std::collections::HashMap<&str, &[u8]> = previous
        .entries
        .iter()
        .map(|(p, b)| (p.as_str(), b.as_slice()))
        .collect();
    let mut by_shard: Vec<Vec<&(String, Option<P>)>> = vec![Vec::new(); SHARDS];
    for record in records {
        by_shard[shard_of(&record.0)].push(record);
    }
    let empty = BTreeSet::new();
    by_shard
        .par_iter()
        .enumerate()
        .for_each(|(shard, records)| {
            let path = folder.join(shard_name(shard));
            let before = previous.shards.get(shard).unwrap_or(&empty);
            let unchanged = previous.known
                && records.len() == before.len()
                && records
                    .iter()
                    .all(|(p, entry)| entry.is_none() && before.contains(p))
                && path.is_file();
            if unchanged {
                return;
            }
            if records.is_empty() {
                let _ = fs::remove_file(&path);
                return;
            }
            let encoded: Vec<(&str, u64, std::borrow::Cow<'_, [u8]>)> = records
                .iter()
                .filter_map(|(p, entry)| {
                    let bytes = match entry {
                        Some(entry) => std::borrow::Cow::Owned(encode(entry)),
                        None => std::borrow::Cow::Borrowed(*old.get(p.as_str())?),
                    };
                    Some((p.as_str(), hash_of(p)?, bytes))
                })
                .collect();
            let entries: Vec<(&str, u64, &[u8])> = encoded
                .iter()
                .map(|(p, h, b)| (*p, *h, b.as_ref()))
                .collect();
            let tmp = folder.join(format!("{}.tmp", shard_name(shard)));
            // The old shard goes before the new one is renamed in: ext4 starts writing a
            // file renamed over another to the disk at once (its `auto_da_alloc`), which
            // made the ledger's 20 MB of a large site a wait at the end of every build. A
            // build killed between the two only loses the shard (its files are made again).
            if super::create_file(&tmp, &bytes(&entries)).is_err()
                || fs::remove_file(&path).is_err_and(|e| e.kind() != std::io::ErrorKind::NotFound)
                || fs::rename(&tmp, &path).is_err()
            {
                let _ = fs::remove_file(&tmp);
                let _ = fs::remove_file(&path);
            }
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_read_back_as_written_and_damage_gives_none() {
        let written = bytes(&[
            ("counties/a/index.html", 7u64, &b"one"[..]),
            ("b.html", u64::MAX, &b""[..]),
        ]);
        let read = parse(&written).expect("a whole shard parses");
        let got: Vec<(&str, u64, &[u8])> = read
            .iter()
            .map(|e| (e.path.as_str(), e.hash, e.payload.as_slice()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("counties/a/index.html", 7, &b"one"[..]),
                ("b.html", u64::MAX, &b""[..])
            ]
        );
        for cut in 1..written.len() - MAGIC.len() {
            assert!(
                parse(&written[..written.len() - cut]).is_none(),
                "a shard cut {cut} bytes short must not parse"
            );
        }
        assert!(parse(b"something else").is_none());
    }

    #[test]
    fn only_the_shards_whose_entries_changed_are_written_again() {
        let dir = tempfile::tempdir().expect("temp dir");
        let paths: Vec<String> = (0..200)
            .map(|i| format!("counties/c{i}/index.html"))
            .collect();
        let same = |b: &Vec<u8>| b.clone();
        let records: Vec<(String, Option<Vec<u8>>)> = paths
            .iter()
            .map(|p| (p.clone(), Some(p.as_bytes().to_vec())))
            .collect();
        let hash = |_: &str| Some(1);
        let folder = folder(dir.path(), &dir.path().join("public"));
        let at = (dir.path(), folder.as_path());
        write(at, &records, &same, &Previous::default(), hash);
        assert!(dir.path().join(".qingfeng-cache/.gitignore").is_file());
        let previous = Previous::read(&folder, |_, h| h == 1);
        assert_eq!(previous.entries.len(), 200);
        let shard_file = |p: &str| folder.join(shard_name(shard_of(p)));
        let time = |p: &str| fs::metadata(shard_file(p)).and_then(|m| m.modified()).ok();
        let before: Vec<_> = paths.iter().map(|p| time(p)).collect();
        std::thread::sleep(std::time::Duration::from_millis(20));
        // All kept but one, made again.
        let mut next: Vec<(String, Option<Vec<u8>>)> =
            paths.iter().map(|p| (p.clone(), None)).collect();
        next[5].1 = Some(b"new".to_vec());
        write(at, &next, &same, &previous, hash);
        for (i, p) in paths.iter().enumerate() {
            let same_shard = shard_of(p) == shard_of(&paths[5]);
            assert_eq!(time(p) == before[i], !same_shard, "{p}");
        }
        let again = Previous::read(&folder, |_, h| h == 1);
        let got: std::collections::HashMap<String, Vec<u8>> = again.entries.into_iter().collect();
        assert_eq!(got.len(), 200);
        assert_eq!(got[&paths[5]], b"new");
        assert_eq!(got[&paths[6]], paths[6].as_bytes());
        // An entry no longer recorded is dropped from its shard.
        next.pop();
        let previous = Previous::read(&folder, |_, h| h == 1);
        let next: Vec<(String, Option<Vec<u8>>)> =
            next.into_iter().map(|(p, _)| (p, None)).collect();
        write(at, &next, &same, &previous, hash);
        assert_eq!(Previous::read(&folder, |_, _| true).entries.len(), 199);
        // Another output folder has a ledger of its own; one no build has written for a
        // month is removed by the next write of another, and nothing else there is.
        let other = super::folder(dir.path(), &dir.path().join("fresh"));
        assert_ne!(folder, other);
        write(
            (dir.path(), other.as_path()),
            &next,
            &same,
            &Previous::default(),
            hash,
        );
        let month_ago =
            std::time::SystemTime::now() - UNUSED_FOR - std::time::Duration::from_secs(60);
        fs::File::options()
            .write(true)
            .open(other.join(USED))
            .and_then(|f| f.set_modified(month_ago))
            .expect("age the other ledger");
        let foreign = folder.parent().expect("ledgers").join("notes");
        fs::create_dir_all(&foreign).expect("a folder of someone else's");
        write(at, &next, &same, &previous, hash);
        assert!(!other.exists(), "a ledger unused for a month is removed");
        assert!(folder.join(USED).is_file() && foreign.is_dir());
    }
}
