//! The ledger beside the output: what the build that made each listed file knew of it (the
//! keys it was made with, its searchable text), for the next build to skip making a file
//! whose keys did not change. The writer frames it and vouches for it: an entry is handed
//! back only while its file's stamp still carries the hash the entry was written with, so
//! an entry never speaks for bytes it was not written beside. What an entry holds is the
//! builder's business (see `memo::ledger`).

use std::fs;
use std::path::Path;

/// The ledger's name inside the output folder.
pub const LEDGER: &str = ".qingfeng-ledger";

/// The first bytes of a ledger of this layout.
const MAGIC: &[u8] = b"qingfeng-ledger 1\n";

/// Its last bytes: a ledger cut short (between two entries, say) does not parse.
const END: &[u8] = b"end\n";

/// One entry: the path of the file it speaks for, the hash of that file's bytes as they
/// were written, and what the builder recorded.
pub(super) struct Entry {
    pub(super) path: String,
    pub(super) hash: u64,
    pub(super) payload: Vec<u8>,
}

/// Reads the ledger in `out`; a missing or damaged one gives no entries.
pub(super) fn read(out: &Path) -> Vec<Entry> {
    let Ok(bytes) = fs::read(out.join(LEDGER)) else {
        return Vec::new();
    };
    parse(&bytes).unwrap_or_default()
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

/// The ledger's bytes for `entries`.
pub(super) fn bytes<'a>(entries: impl Iterator<Item = (&'a str, u64, &'a [u8])>) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_read_back_as_written_and_damage_gives_none() {
        let written = bytes(
            [
                ("counties/a/index.html", 7u64, &b"one"[..]),
                ("b.html", u64::MAX, &b""[..]),
            ]
            .into_iter(),
        );
        let read = parse(&written).expect("a whole ledger parses");
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
                "a ledger cut {cut} bytes short must not parse"
            );
        }
        assert!(parse(b"something else").is_none());
    }
}
