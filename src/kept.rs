//! What an earlier build made and a later one may take instead of making it again, kept in
//! a file of the site's cache (`.qingfeng-cache/`): entries of one kind (rendered
//! narratives, the pages' searchable texts, the search index), each under a key that
//! hashes everything the entry was made from, with the binary that made it.
//!
//! Pure: the file's bytes come in ([`Kept::read`]) and go out ([`Kept::write_to`], to a
//! writer `build` gives it); `build` reads and writes the file. Its first line names the
//! kind, the format's version and the binary; then each entry is a line `key length` (the
//! key in hexadecimal) followed by that many bytes and a line break. An entry's bytes are
//! never escaped: they are read back by their lengths, and only an entry taken is checked
//! (its texts as UTF-8) and decoded.

use std::collections::HashMap;
use std::hash::{BuildHasher as _, Hasher as _};
use std::ops::Range;
use std::sync::Mutex;

/// A kind of entry, written and read back.
pub trait Keep: Sized {
    /// The first word of the file, with the format's version (`qingfeng-narratives 1`).
    const MAGIC: &'static str;
    /// Appends the entry's bytes to `out`; false when this one is not to be kept.
    fn encode(&self, out: &mut Vec<u8>) -> bool;
    /// The entry of `bytes`; `None` when they do not read as one.
    fn decode(bytes: &[u8]) -> Option<Self>;
}

/// The entries of one kind an earlier build made, and those this build made or took.
#[derive(Debug)]
pub struct Kept<T> {
    /// The file's bytes, as read.
    old_bytes: Vec<u8>,
    /// Each entry of `old_bytes` by its key: where its bytes are.
    old: HashMap<u64, Range<usize>>,
    /// The binary whose entries the keys stand for.
    identity: u64,
    /// The keys of the old entries this build took.
    taken: Mutex<Vec<u64>>,
    /// This build's new entries, encoded (each with its line of key and length).
    new: Mutex<Vec<(u64, Vec<u8>)>>,
    kind: std::marker::PhantomData<fn() -> T>,
}

impl<T: Keep> Kept<T> {
    /// The entries of the file `bytes` (an earlier build's [`Kept::bytes`]; empty bytes or
    /// anything else give none; a file cut short, those before the cut), made by the binary
    /// of `identity`.
    pub fn read(bytes: Vec<u8>, identity: u64) -> Kept<T> {
        let mut kept = Kept {
            old_bytes: Vec::new(),
            old: HashMap::new(),
            identity,
            taken: Mutex::default(),
            new: Mutex::default(),
            kind: std::marker::PhantomData,
        };
        let first = kept.first_line();
        if !bytes.starts_with(first.as_bytes()) {
            return kept;
        }
        let mut at = first.len();
        while at < bytes.len() {
            let Some((key, entry)) = framed(&bytes, at) else {
                break;
            };
            kept.old.insert(key, entry.clone());
            at = entry.end + 1;
        }
        kept.old_bytes = bytes;
        kept
    }

    fn first_line(&self) -> String {
        format!("{} {:016x}\n", T::MAGIC, self.identity)
    }

    /// The key of an entry made from `parts` (each told apart by its length), by this
    /// binary.
    pub fn key(&self, parts: &[&[u8]]) -> u64 {
        // A fixed seed: the keys of one build are read by the next.
        let mut h = foldhash::quality::FixedState::with_seed(self.identity).build_hasher();
        for part in parts {
            h.write_usize(part.len());
            h.write(part);
        }
        h.finish()
    }

    /// The entry of `key` if an earlier build made it and it reads, else `make`'s (kept for
    /// the next build when it is to be kept).
    pub fn get_or(&self, key: u64, make: impl FnOnce() -> T) -> T {
        if let Some(range) = self.old.get(&key)
            && let Some(entry) = T::decode(&self.old_bytes[range.clone()])
        {
            lock(&self.taken).push(key);
            return entry;
        }
        let made = make();
        let mut bytes = Vec::new();
        if made.encode(&mut bytes) {
            let mut framed = format!("{key:016x} {}\n", bytes.len()).into_bytes();
            framed.append(&mut bytes);
            framed.push(b'\n');
            lock(&self.new).push((key, framed));
        }
        made
    }

    /// The file's bytes for the next build (see [`Kept::write_to`]); `None` when they would
    /// be those it was read from.
    pub fn bytes(self, room: usize) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        self.write_to(room, &mut out).ok()?.then_some(out)
    }

    /// Writes the file for the next build to `out`, entry by entry (at 3,000 counties
    /// there are tens of megabytes, made into one buffer only by [`Kept::bytes`]): the
    /// entries this build took or made, then as many others of the old file as make `room`
    /// entries in all (what a build that did not need them left for the next that does),
    /// in key order. Writes nothing, and gives false, when the file would hold what the
    /// one it was read from held.
    pub fn write_to(self, room: usize, out: &mut dyn std::io::Write) -> std::io::Result<bool> {
        let first = self.first_line();
        let taken = self.taken.into_inner().unwrap_or_else(|e| e.into_inner());
        let new = self.new.into_inner().unwrap_or_else(|e| e.into_inner());
        let old_bytes = &self.old_bytes;
        // An old entry with its line of key and length, and the line break after it.
        let whole = |r: &Range<usize>| {
            let start = old_bytes[..r.start - 1]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |n| n + 1);
            &old_bytes[start..=r.end]
        };
        let mut entries: HashMap<u64, &[u8]> =
            new.iter().map(|(k, e)| (*k, e.as_slice())).collect();
        for key in &taken {
            if let Some(range) = self.old.get(key) {
                entries.entry(*key).or_insert_with(|| whole(range));
            }
        }
        let mut others: Vec<(&u64, &Range<usize>)> = self
            .old
            .iter()
            .filter(|(k, _)| !entries.contains_key(k))
            .collect();
        others.sort_unstable_by_key(|(k, _)| **k);
        for (key, range) in others.into_iter().take(room.saturating_sub(entries.len())) {
            entries.insert(*key, whole(range));
        }
        // Nothing new, and every old entry kept: the same file.
        if new.is_empty() && entries.len() == self.old.len() {
            return Ok(false);
        }
        let mut sorted: Vec<(u64, &[u8])> = entries.into_iter().collect();
        sorted.sort_unstable_by_key(|(k, _)| *k);
        out.write_all(first.as_bytes())?;
        for (_, entry) in sorted {
            out.write_all(entry)?;
        }
        Ok(true)
    }

    /// How many entries the file it was read from held.
    #[cfg(test)]
    fn len_read(&self) -> usize {
        self.old.len()
    }
}

/// The key of the entry whose line starts at `at`, and where its bytes are (a line break
/// follows them); `None` when it is damaged.
fn framed(bytes: &[u8], mut at: usize) -> Option<(u64, Range<usize>)> {
    let [key, len] = Fields::new(bytes, &mut at).numbers::<2>(true)?;
    let start = at;
    let end = start.checked_add(usize::try_from(len).ok()?)?;
    (bytes.get(end) == Some(&b'\n')).then_some((key, start..end))
}

/// Reads an entry's fields: lines of numbers, and byte strings of given lengths.
pub struct Fields<'a> {
    bytes: &'a [u8],
    at: &'a mut usize,
}

impl<'a> Fields<'a> {
    /// Reads `bytes` from `*at` on, moving `*at` past what it reads.
    pub fn new(bytes: &'a [u8], at: &'a mut usize) -> Fields<'a> {
        Fields { bytes, at }
    }

    /// A line of `N` numbers separated by spaces (the first in hexadecimal when
    /// `hex_first`).
    pub fn numbers<const N: usize>(&mut self, hex_first: bool) -> Option<[u64; N]> {
        let rest = self.bytes.get(*self.at..)?;
        let line = &rest[..memchr::memchr(b'\n', rest)?];
        *self.at += line.len() + 1;
        let line = std::str::from_utf8(line).ok()?;
        let mut out = [0u64; N];
        let mut parts = line.split(' ');
        for (i, slot) in out.iter_mut().enumerate() {
            let part = parts.next()?;
            *slot = if i == 0 && hex_first {
                u64::from_str_radix(part, 16).ok()?
            } else {
                part.parse().ok()?
            };
        }
        parts.next().is_none().then_some(out)
    }

    /// The next `len` bytes as text; `None` past the end or when they are not UTF-8.
    pub fn text(&mut self, len: u64) -> Option<&'a str> {
        simdutf8::basic::from_utf8(self.bytes(len)?).ok()
    }

    /// The next `len` bytes; `None` past the end.
    pub fn bytes(&mut self, len: u64) -> Option<&'a [u8]> {
        let end = self.at.checked_add(usize::try_from(len).ok()?)?;
        let b = self.bytes.get(*self.at..end)?;
        *self.at = end;
        Some(b)
    }

    /// Whether every byte was read.
    pub fn done(&self) -> bool {
        *self.at == self.bytes.len()
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Text of any bytes, kept unless empty.
    #[derive(Debug, Clone, PartialEq, Eq)]
    struct Note(String);

    impl Keep for Note {
        const MAGIC: &'static str = "qingfeng-notes 1";
        fn encode(&self, out: &mut Vec<u8>) -> bool {
            out.extend_from_slice(self.0.as_bytes());
            !self.0.is_empty()
        }
        fn decode(bytes: &[u8]) -> Option<Note> {
            Some(Note(std::str::from_utf8(bytes).ok()?.to_string()))
        }
    }

    fn made(kept: &Kept<Note>, key: u64, text: &str) -> Note {
        kept.get_or(key, || Note(text.to_string()))
    }

    #[test]
    fn entries_read_back_and_a_file_with_nothing_new_is_not_written() {
        let first: Kept<Note> = Kept::read(Vec::new(), 7);
        // Line breaks, spaces and numbers inside an entry are its own bytes.
        made(&first, 2, "二\n3 4\n");
        made(&first, 1, "一");
        made(&first, 3, "");
        let bytes = first.bytes(10).expect("new entries");
        assert!(bytes.starts_with(b"qingfeng-notes 1 0000000000000007\n"));
        let second: Kept<Note> = Kept::read(bytes.clone(), 7);
        assert_eq!(second.len_read(), 2, "the empty note is not kept");
        assert_eq!(
            second.get_or(2, || panic!("made again")),
            Note("二\n3 4\n".into())
        );
        assert_eq!(second.bytes(10), None);
        // Another binary's file, or another kind's, gives nothing.
        assert_eq!(Kept::<Note>::read(bytes.clone(), 8).len_read(), 0);
        let mut other = bytes.clone();
        other[b"qingfeng-notes ".len()] = b'0';
        assert_eq!(Kept::<Note>::read(other, 7).len_read(), 0);
    }

    #[test]
    fn a_cut_file_keeps_the_entries_before_the_cut() {
        let kept: Kept<Note> = Kept::read(Vec::new(), 1);
        for k in 1..=3 {
            made(&kept, k, &"条".repeat(k as usize));
        }
        let bytes = kept.bytes(0).expect("entries");
        for cut in 1..bytes.len() {
            let read: Kept<Note> = Kept::read(bytes[..cut].to_vec(), 1);
            assert!(read.len_read() <= 3);
            for k in 1..=3u64 {
                // An entry read is whole: it is never a part of what was written.
                if read.old.contains_key(&k) {
                    assert_eq!(made(&read, k, "x"), Note("条".repeat(k as usize)));
                }
            }
        }
        assert_eq!(Kept::<Note>::read(bytes, 1).len_read(), 3);
        // Garbage after the first line: nothing.
        let garbage = b"qingfeng-notes 1 0000000000000001\nzz 5\nabcde\n".to_vec();
        assert_eq!(Kept::<Note>::read(garbage, 1).len_read(), 0);
    }

    #[test]
    fn room_keeps_the_others_up_to_a_number_in_key_order() {
        let kept: Kept<Note> = Kept::read(Vec::new(), 1);
        for k in 1..=5 {
            made(&kept, k, "旧");
        }
        let read: Kept<Note> = Kept::read(kept.bytes(0).expect("entries"), 1);
        read.get_or(4, || panic!("kept"));
        made(&read, 9, "新");
        let next: Kept<Note> = Kept::read(read.bytes(3).expect("changed"), 1);
        let mut keys: Vec<u64> = next.old.keys().copied().collect();
        keys.sort();
        assert_eq!(keys, vec![1, 4, 9]);
    }

    #[test]
    fn keys_tell_their_parts_apart() {
        let kept: Kept<Note> = Kept::read(Vec::new(), 1);
        let k = kept.key(&[b"ab", b"c"]);
        assert_ne!(k, kept.key(&[b"a", b"bc"]));
        assert_ne!(k, kept.key(&[b"abc"]));
        assert_ne!(k, Kept::<Note>::read(Vec::new(), 2).key(&[b"ab", b"c"]));
        assert_eq!(k, kept.key(&[b"ab", b"c"]));
    }
}
