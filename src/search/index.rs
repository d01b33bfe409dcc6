//! The index: the site's text cut into segments (the runs of text between whitespace, which
//! no query word can span), each distinct long segment stored once however many pages
//! repeat it, and postings of single characters and character pairs over the segments,
//! sharded by bytes, so that a query loads only the shards of its grams.
//!
//! A pair's posting holds its positions in each segment, so that a longer query is found
//! exactly (its pairs at the right distances) without any text; a single character's holds
//! its count. The segments then lead to the pages: a segment that occurs once on the site
//! belongs to one page, and such segments are numbered page by page (title, headings, then
//! body), so that the page and the field follow from the number alone (a page takes a few
//! more numbers than it has such segments, see [`slots`], so that an edit that adds one
//! or drops one mostly moves no other page's); a segment repeated
//! across pages (boilerplate, a templated paragraph) lists its pages once, in the shared
//! files. County pages share most of their sentences: at 3,000 counties the repeated text
//! costs next to nothing.
//!
//! Files, all scripts that hand their data to `window.qfSearch` (a script loads from
//! `file://`, where `fetch` does not):
//! - `search/search.js`: the browser side;
//! - `search/meta.js`: the number of pages, how many unique segments each has in each
//!   field, which pages are counties, the first key of each postings and positions shard,
//!   the first page of each page file and the first segment of each shared file, and the
//!   Traditional characters whose Simplified forms occur on the site;
//! - `search/slugs.js`: each county's and region's slug, with its page (or pages, when a
//!   county and a region share it; loaded for Latin queries only);
//! - `search/g/<a>-<b>.js`: postings, `{gram: numbers}`, grams in code point order: each
//!   gram's segments and counts, and a pair's positions after a `.`: one file holds all a
//!   gram needs, so that a word of several pairs loads one file a pair, and a query of many
//!   pairs stays within the files a browser fetches at once. A shard is named by its first
//!   gram (as a `c/` file is), not by its place among the shards: a shard added or dropped
//!   by an edit leaves the names, and so the bytes, of the others as they were, and an edit
//!   rewrites only the shards of the grams it changed;
//! - `search/c/<a>-<b>.js`: for a gram whose shared segments are spread over many shared
//!   files (see [`CARRIED_MIN_BYTES`]), those segments' runs of pages, in their order (its
//!   characters' code points name it, `b` 0 for a single character; `meta.js` lists these
//!   grams);
//! - `search/p/<first>.js`: a run of pages, named by the first one's number: each one's
//!   address, title, kind and the texts of its unique segments (for the snippets of the
//!   results shown). Page files and shards are cut where their items (pages, grams) say,
//!   not every so many bytes (see [`Cuts`]), so that an edit moves few cuts;
//! - `search/s/<n>.js`: a run of shared segments: each one's text and its pages.
//!
//! Numbers are written as variable-length base-64 digits (five bits a digit, the sixth
//! says another follows). A single character's posting is, for each segment holding it, the
//! segment's number (as the difference from the previous one) and its count, and so is a
//! pair's; a pair's positions (after its `.`) are, segment after segment in the same order, its
//! occurrences' positions (each as the difference from the previous one in the segment).
//! A shared segment's pages are runs: the page (as the difference from the previous run's
//! last page) times two plus one if a run length follows, the field and count
//! (`(count − 1) × 3 + field`), then, for a run, how many pages after the first follow one
//! another with the same field and count.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::Hasher;

use memchr::memchr2_iter;
use rayon::prelude::*;

use super::PageText;
use super::fold::fold;
use crate::render::OutputFile;
use crate::url::SEARCH_DIR;

mod patch;
mod resume;
pub use patch::index_again;
pub use resume::{Resumed, index_resumed, read_index_files};

/// The browser side.
const SEARCH_JS: &str = include_str!("search.js");

/// The version of the index's files, in `meta.js`: an index of another version in the
/// output is made afresh, never read back (3: a pair's positions in its postings shard;
/// 4: shards named by their first gram; 5: a page's unique segments numbered in its
/// [`slots`]).
const FORMAT: u64 = 5;

/// What ends a pair's postings and begins its positions in a shard (not one of [`DIGITS`]).
const POSITIONS_MARK: char = '.';

/// About how many bytes of postings (with pairs' positions) a shard holds (a gram with more
/// has a shard of its own): a query loads one shard a gram, so a smaller shard wastes fewer
/// bytes on other grams, at the cost of more files. (A word of two characters needs no
/// positions, but loads its pair's with the shard: a second file a pair would cost a word
/// of three characters or more a round of fetches, where the positions cost a few kB.)
const SHARD_BYTES: usize = 8 * 1024;

/// Where shards are cut (see [`Cuts`]): on average a shard holds [`SHARD_BYTES`].
const SHARD_CUTS: Cuts = Cuts {
    least: 4 * 1024,
    gap: 4 * 1024,
    most: 12 * 1024,
    alone: SHARD_BYTES,
};

/// About how many bytes a page file and a shared file hold: a result shown costs one page
/// file at most.
const PAGE_FILE_BYTES: usize = 4 * 1024;
const SHARED_FILE_BYTES: usize = 4 * 1024;

/// Where page files are cut (see [`Cuts`]): on average a file holds [`PAGE_FILE_BYTES`].
const PAGE_FILE_CUTS: Cuts = Cuts {
    least: 2 * 1024,
    gap: 2 * 1024,
    most: 6 * 1024,
    alone: PAGE_FILE_BYTES,
};

/// The shortest segment stored once for all the pages repeating it, and how often it must
/// occur: a shorter or rarer one (a number in a table, a county's name on its page and in
/// the list) is cheaper stored again on each page, where its page needs no list, than
/// listed in a shared file that a query would have to fetch.
const SHARED_MIN_CHARS: usize = 4;
const SHARED_MIN_OCCURRENCES: u32 = 16;

/// A gram whose shared segments lie in shared files of this many bytes or more has their
/// runs of pages in a file of its own, when they take at most half those bytes (two thirds
/// when the files are more than [`PARALLEL_FETCHES`]): a word of
/// that one gram (县, 干部, a fragment of a number such as `.0`) loads it with its postings,
/// and then needs no shared file to find its pages, only the one its first result's
/// snippet is cut from. A longer word, whose shared segments are the few that hold all its
/// pairs, loads the shared files as before. (Smaller in unit tests, so that their small
/// sites have some.)
const CARRIED_MIN_BYTES: usize = if cfg!(test) { 64 } else { 16 * 1024 };

/// How many files a browser fetches at once from one host over HTTP/1.1 (as from `serve`
/// and from static hosts without HTTP/2): a query needing more waits a second round trip.
const PARALLEL_FETCHES: usize = 6;

/// The most bytes of a page's own segments kept for snippets: a list of 3,000 counties
/// need not be fetched whole to show one line of it (a snippet from a segment beyond it
/// shows the page's first line instead).
const PAGE_TEXT_BYTES: usize = 2048;

const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// The index's maps (of segments and grams) hash with foldhash, fixed-seeded: several times
/// cheaper than the standard hasher, whose guard against keys chosen to collide a site's
/// own text does not need; whatever it gives, the index is the same.
type FastMap<K, V> = HashMap<K, V, foldhash::fast::FixedState>;

/// A gram's key: two characters, or one and [`NONE`].
type Gram = (char, char);
const NONE: char = '\0';

/// Appends `n` in the index's digits.
fn push_number(out: &mut String, mut n: usize) {
    loop {
        let group = n & 31;
        n >>= 5;
        if n == 0 {
            out.push(DIGITS[group] as char);
            return;
        }
        out.push(DIGITS[group | 32] as char);
    }
}

/// A page's segments with their fields (0 title, 1 headings, 2 body): the runs of its text
/// between whitespace, which in a page's text is only a space between words and a line
/// break between blocks ([`super::page_text`] turns every other whitespace character into
/// a space).
fn segments(page: &PageText) -> Vec<(u8, &str)> {
    let text: &str = &page.text;
    // The fields' ends, counted in characters, as bytes.
    let byte_at = |chars: usize| {
        text.char_indices()
            .nth(chars)
            .map_or(text.len(), |(b, _)| b)
    };
    let (title_end, heading_end) = (byte_at(page.title_end), byte_at(page.heading_end));
    let bytes = text.as_bytes();
    // As many as there are cuts, and one: the pages' segments are all held at once.
    let mut out = Vec::with_capacity(memchr2_iter(b' ', b'\n', bytes).count() + 1);
    // Where the segment and its block start.
    let (mut start, mut block) = (0, 0);
    for cut in memchr2_iter(b' ', b'\n', bytes).chain(std::iter::once(bytes.len())) {
        if start < cut {
            let field = if block < title_end {
                0
            } else if block < heading_end {
                1
            } else {
                2
            };
            out.push((field, &text[start..cut]));
        }
        if bytes.get(cut) == Some(&b'\n') {
            block = cut + 1;
        }
        start = cut + 1;
    }
    out
}

/// One segment's postings, in one buffer: each gram with where its count ends and where
/// its positions (a pair's; none for a single character) end in `text` (each count starts
/// where the previous gram's positions end).
struct SegmentPostings {
    text: String,
    grams: Vec<(Gram, u32, u32)>,
}

fn segment_postings(segment: &str) -> SegmentPostings {
    let chunk = chunk_postings(0, &[segment]);
    let mut out = SegmentPostings {
        text: String::with_capacity(chunk.text.len()),
        grams: Vec::with_capacity(chunk.grams.len()),
    };
    // One segment: one entry a gram, the grams in key order.
    for (&(gram, _), &[_, from]) in chunk.grams.iter().zip(&chunk.entries) {
        let (mid, end) = count_and_positions(chunk.text.as_bytes(), from as usize, gram);
        out.text.push_str(&chunk.text[from as usize..mid]);
        let count_end = out.text.len() as u32;
        out.text.push_str(&chunk.text[mid..end]);
        out.grams.push((gram, count_end, out.text.len() as u32));
    }
    out
}

/// Appends `s` as a JavaScript string literal (escaped as JSON escapes it).
fn push_js_string(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    let mut plain = 0;
    for (at, b) in s.bytes().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&s[plain..at]);
        plain = at + 1;
        if escape.is_empty() {
            out.push_str("\\u00");
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 15)] as char);
        } else {
            out.push_str(escape);
        }
    }
    out.push_str(&s[plain..]);
    out.push('"');
}

fn js_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    push_js_string(&mut out, s);
    out
}

/// Cuts `items` (each with its size in bytes) into runs of about `bytes` each; returns each
/// run's first index. An item of `bytes` or more is a run of its own: the items beside it
/// (a rare pair next to `干` in code point order) never cost a fetch of it.
fn runs_by_bytes(sizes: impl Iterator<Item = usize>, bytes: usize) -> Vec<usize> {
    let mut firsts = Vec::new();
    let mut filled = bytes;
    for (i, size) in sizes.enumerate() {
        let alone = size >= bytes;
        if filled >= bytes || (alone && filled > 0) {
            firsts.push(i);
            filled = 0;
        }
        // A run holding one such item is full (`filled` is `bytes` or more).
        filled += size;
    }
    firsts
}

/// Where a run of files (postings shards, page files) is cut, so that where a file is cut
/// depends on the items about the cut alone, not on where the files before it were cut: an
/// edit that changes a few items moves the cuts beside them, not every cut after them (as
/// cutting every so many bytes would, on a site of many items of much the same size). A
/// file ends before an item whose key, hashed, falls under its size's share of `gap`, once
/// the file holds `least` bytes; or before an item that would take it past `most`. An
/// item of `alone` bytes or more is a file of its own: the items beside it never cost a
/// fetch of it. On average a file holds `least` and `gap` bytes.
struct Cuts {
    least: usize,
    gap: u64,
    most: usize,
    alone: usize,
}

impl Cuts {
    /// Each run's first index, the items (in order, each with its key and size in bytes)
    /// cut as [`Cuts`] says.
    fn runs(&self, items: impl Iterator<Item = (u64, usize)>) -> Vec<usize> {
        let mut firsts = Vec::new();
        let (mut filled, mut alone_before) = (0, false);
        for (i, (key, size)) in items.enumerate() {
            let alone = size >= self.alone;
            // A fixed mix of the key (SplitMix64's finaliser): the same cuts on every
            // machine.
            let mut h = key;
            h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            h ^= h >> 31;
            // Chosen with a chance of its size in `gap`.
            let chosen = u128::from(h >> 32) * u128::from(self.gap) < (size as u128) << 32;
            let full = filled + size > self.most || (filled >= self.least && chosen);
            if i == 0 || (filled > 0 && (alone || alone_before || full)) {
                firsts.push(i);
                filled = 0;
            }
            filled += size;
            alone_before = alone;
        }
        firsts
    }
}

/// A file of the index as the last build made it, with what it was made of: for a shard,
/// its first and last keys and how many grams it holds; for a page file, its first page
/// and the one after its last.
type Made<K> = (K, K, usize, OutputFile);

/// Writes `grams` (in key order, each with its postings and a pair's positions) into
/// shards of about [`SHARD_BYTES`] under `search/g/`; returns each shard's first key, as two
/// code points, and each shard as [`Made`]. A shard of `old` (the last build's, in key
/// order) with the same first gram, the same grams and none `dirty` is reused.
fn shards(
    grams: &[(Gram, String, String)],
    old: &[Made<Gram>],
    dirty: &BTreeSet<Gram>,
) -> (Vec<u32>, Vec<Made<Gram>>) {
    let firsts = SHARD_CUTS.runs(grams.iter().map(|(g, s, p)| {
        let key = (u64::from(g.0) << 32) | u64::from(g.1);
        (key, s.len() + p.len() + 9 + g.0.len_utf8() * 2)
    }));
    let made = firsts
        .par_iter()
        .enumerate()
        .map(|(n, &first)| {
            let end = firsts.get(n + 1).copied().unwrap_or(grams.len());
            let run = &grams[first..end];
            let (from, to) = (run[0].0, run[run.len() - 1].0);
            if let Ok(at) = old.binary_search_by_key(&from, |m| m.0)
                && (old[at].1, old[at].2) == (to, run.len())
                && dirty.range(from..=to).next().is_none()
            {
                return (from, to, run.len(), old[at].3.clone());
            }
            let name = gram_name(from);
            let mut js = String::with_capacity(
                40 + run
                    .iter()
                    .map(|(_, s, p)| s.len() + p.len() + 13)
                    .sum::<usize>(),
            );
            js.push_str(&format!("qfSearch.shard(\"{name}\",{{"));
            let mut key = String::new();
            for (i, (gram, s, p)) in run.iter().enumerate() {
                if i > 0 {
                    js.push(',');
                }
                key.clear();
                key.push(gram.0);
                if gram.1 != NONE {
                    key.push(gram.1);
                }
                push_js_string(&mut js, &key);
                js.push_str(":\"");
                js.push_str(s);
                if gram.1 != NONE {
                    js.push(POSITIONS_MARK);
                    js.push_str(p);
                }
                js.push('"');
            }
            js.push_str("});\n");
            let file = OutputFile::text(shard_path(from), js);
            (from, to, run.len(), file)
        })
        .collect();
    let keys = firsts
        .iter()
        .flat_map(|&first| {
            let (a, b) = grams[first].0;
            [a as u32, b as u32]
        })
        .collect();
    (keys, made)
}

/// The index's files for `pages` (in any order; the same pages give the same bytes).
pub fn index(pages: Vec<PageText>) -> Vec<OutputFile> {
    full(pages, false).0
}

/// [`index`], keeping what it computed for [`index_again`].
pub fn index_kept(pages: Vec<PageText>) -> (Vec<OutputFile>, IndexState) {
    let (files, state) = full(pages, true);
    (files, state.expect("kept"))
}

/// What a full index computed that a rebuild after a few pages changed can start from: the
/// pages, their segments' numbering, each gram's postings and each page's entry. Only
/// [`index_again`] reads it.
#[derive(Debug, Default)]
pub struct IndexState {
    /// The pages, sorted by path.
    pages: Vec<PageText>,
    /// Each page's first unique segment (and one past the last page's last).
    page_starts: Vec<usize>,
    /// How often each segment of [`SHARED_MIN_CHARS`] or more occurs on the site; only the
    /// shared ones' when `all_counted` is false (a state read back from the index's files:
    /// any other segment occurs fewer than [`SHARED_MIN_OCCURRENCES`] times, and is counted
    /// in the pages when that matters).
    occurrences: FastMap<String, u32>,
    all_counted: bool,
    /// Each gram, in key order, with its postings and (a pair's) positions.
    grams: Vec<(Gram, String, String)>,
    /// Each page's entry in the page files.
    page_entries: Vec<String>,
    /// The files that depend on the pages' shared segments and slugs alone, and the
    /// browser side.
    fixed: Vec<OutputFile>,
    /// Each shared segment, in number order: its text and its pages' runs (as the shared
    /// files write them). The texts are left empty when the state is not kept.
    shared: Vec<(String, String)>,
    /// Each shared file's first shared segment (counted from the first shared one) and its
    /// bytes.
    shared_layout: Vec<(usize, usize)>,
    /// The last postings shards and page files made, to reuse those
    /// whose contents did not change.
    g_files: Vec<Made<Gram>>,
    p_files: Vec<Made<usize>>,
    /// The files of the grams that carry their shared segments' runs, by gram; and whether
    /// they are up to date but for the grams whose postings a patch wrote anew (the shared
    /// segments' runs and files did not change since they were made).
    c_files: BTreeMap<Gram, OutputFile>,
    c_fresh: bool,
    /// `meta.js`'s parts that depend on the numbering alone.
    unique_counts: String,
    unique: usize,
    kinds: String,
    shared_starts: String,
}

/// Whether the occurrence of `s` is a shared segment, given how often it occurs.
fn shared_by_count(s: &str, count: u32) -> bool {
    count >= SHARED_MIN_OCCURRENCES && is_long(s)
}

/// Whether `s` has [`SHARED_MIN_CHARS`] characters or more (a character is 1 to 4 bytes).
fn is_long(s: &str) -> bool {
    s.len() > (SHARED_MIN_CHARS - 1) * 4
        || (s.len() >= SHARED_MIN_CHARS && s.chars().nth(SHARED_MIN_CHARS - 1).is_some())
}

fn full(mut pages: Vec<PageText>, keep: bool) -> (Vec<OutputFile>, Option<IndexState>) {
    pages.sort_by(|a, b| a.path.cmp(&b.path));
    let page_segments: Vec<Vec<(u8, &str)>> = pages.par_iter().map(segments).collect();
    let distinct = distinct_segments(&page_segments);
    let is_shared = distinct.is_shared();
    let occurrences = if keep {
        distinct.long_ones()
    } else {
        FastMap::default()
    };
    let numbered = number_segments(&page_segments, &is_shared, &distinct);
    drop(distinct);
    let grams = gram_postings(&numbered.texts);
    let page_starts = page_starts(&is_shared);
    let page_entries: Vec<String> = pages
        .par_iter()
        .enumerate()
        .map(|(n, page)| {
            let count = is_shared[n].iter().filter(|s| !**s).count();
            page_entry(
                page,
                &numbered.texts[page_starts[n]..page_starts[n] + count],
            )
        })
        .collect();
    let unique = numbered.unique;
    let runs: Vec<String> = numbered
        .shared_pages
        .par_iter()
        .map(|l| page_runs(l))
        .collect();
    let entries: Vec<String> = (numbered.texts[unique..].par_iter().zip(&runs))
        .map(|(text, runs)| shared_entry(text, runs))
        .collect();
    let (mut fixed, shared_layout) = shared_files(&entries, unique);
    drop(entries);
    let unique_counts = numbered.unique_counts;
    let shared = numbered.texts[unique..]
        .iter()
        .map(|t| if keep { t.to_string() } else { String::new() })
        .zip(runs)
        .collect();
    drop(numbered.texts);
    drop(page_segments);
    fixed.extend(slug_and_script_files(&pages));
    let mut state = IndexState {
        pages: Vec::new(),
        page_starts,
        occurrences,
        all_counted: true,
        grams,
        page_entries,
        fixed,
        shared,
        shared_starts: shared_starts(&shared_layout, unique),
        shared_layout,
        unique_counts,
        unique,
        kinds: kinds(&pages),
        g_files: Vec::new(),
        p_files: Vec::new(),
        c_files: BTreeMap::new(),
        c_fresh: false,
    };
    let files = assemble(&mut state, &BTreeSet::new(), &[]);
    if keep {
        (files, Some(IndexState { pages, ..state }))
    } else {
        drop_aside((pages, state));
        (files, None)
    }
}

/// How many maps the site's segments are counted into, each on a thread of its own, a
/// segment's map chosen by its hash (its top bits).
const COUNT_SHARDS: usize = 4;

/// A segment as a key of the counting maps, hashed once.
#[derive(Clone, Copy)]
struct Hashed<'a> {
    hash: u64,
    text: &'a str,
}

impl std::hash::Hash for Hashed<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

impl PartialEq for Hashed<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.hash == other.hash && self.text == other.text
    }
}

impl Eq for Hashed<'_> {}

/// A segment's hash, as the maps hash (it only picks the counting map and finds a segment
/// in it).
fn hash_of(text: &str) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::default()
        .hash_one(text.as_bytes())
        .min(SHORT - 1)
}

/// The hash a short segment (fewer than [`SHARED_MIN_CHARS`] characters) is given instead
/// of its own: it is never shared, so it is not counted.
const SHORT: u64 = u64::MAX;

/// The number of a short segment among the distinct ones: none.
const NOT_COUNTED: u32 = u32::MAX;

fn shard_of(hash: u64) -> usize {
    (hash >> 62) as usize % COUNT_SHARDS
}

/// A distinct segment of the site: its text and how often it occurs.
struct Seen<'a> {
    text: &'a str,
    count: u32,
}

/// The site's distinct long segments, and each occurrence's, page by page (its index in
/// `seen`, or [`NOT_COUNTED`] for a short one): after this, nothing looks a segment up by
/// its text again.
struct Distinct<'a> {
    seen: Vec<Seen<'a>>,
    ids: Vec<Vec<u32>>,
}

/// Tells the distinct long segments of every page, in parallel: each occurrence is hashed
/// once, and each of [`COUNT_SHARDS`] maps takes the segments of its share of the hashes.
/// A short segment is never shared, and not counted ([`NOT_COUNTED`]).
fn distinct_segments<'a>(page_segments: &[Vec<(u8, &'a str)>]) -> Distinct<'a> {
    let hashes: Vec<Vec<u64>> = page_segments
        .par_iter()
        .map(|segs| {
            segs.iter()
                .map(|(_, s)| if is_long(s) { hash_of(s) } else { SHORT })
                .collect()
        })
        .collect();
    // Each map's distinct segments, and the number of each of its occurrences, in order.
    let shards: Vec<(Vec<Seen<'a>>, Vec<u32>)> = (0..COUNT_SHARDS)
        .into_par_iter()
        .map(|shard| {
            let mut map: FastMap<Hashed<'a>, u32> = FastMap::default();
            let mut seen: Vec<Seen<'a>> = Vec::new();
            let mut ids = Vec::new();
            for (segs, hashes) in page_segments.iter().zip(&hashes) {
                for (&(_, text), &hash) in segs.iter().zip(hashes) {
                    if hash == SHORT || shard_of(hash) != shard {
                        continue;
                    }
                    let next = seen.len() as u32;
                    let id = *map.entry(Hashed { hash, text }).or_insert_with(|| {
                        seen.push(Seen { text, count: 0 });
                        next
                    });
                    seen[id as usize].count += 1;
                    ids.push(id);
                }
            }
            (seen, ids)
        })
        .collect();
    let mut bases = Vec::with_capacity(COUNT_SHARDS);
    let mut total = 0;
    for (seen, _) in &shards {
        bases.push(total as u32);
        total += seen.len();
    }
    let mut next = [0usize; COUNT_SHARDS];
    let ids = hashes
        .iter()
        .map(|hashes| {
            hashes
                .iter()
                .map(|&hash| {
                    if hash == SHORT {
                        return NOT_COUNTED;
                    }
                    let shard = shard_of(hash);
                    let id = shards[shard].1[next[shard]];
                    next[shard] += 1;
                    bases[shard] + id
                })
                .collect()
        })
        .collect();
    Distinct {
        seen: shards.into_iter().flat_map(|(seen, _)| seen).collect(),
        ids,
    }
}

impl Distinct<'_> {
    /// Which of each page's segments are stored once for all the pages repeating them (the
    /// long ones that occur often).
    fn is_shared(&self) -> Vec<Vec<bool>> {
        let shared: Vec<bool> = self
            .seen
            .iter()
            .map(|s| shared_by_count(s.text, s.count))
            .collect();
        self.ids
            .par_iter()
            .map(|ids| {
                ids.iter()
                    .map(|&id| shared.get(id as usize) == Some(&true))
                    .collect()
            })
            .collect()
    }

    /// How often each long segment occurs.
    fn long_ones(&self) -> FastMap<String, u32> {
        self.seen
            .iter()
            .filter(|s| is_long(s.text))
            .map(|s| (s.text.to_string(), s.count))
            .collect()
    }
}

/// The site's segments numbered: the unique ones first, page by page and field by field,
/// then the shared ones in [`shared_order`], each with its pages.
struct Numbered<'a> {
    texts: Vec<&'a str>,
    /// How many unique segments each page has in each field (as `meta.js` lists them).
    unique_counts: String,
    /// How many segments are unique (the first shared segment's number).
    unique: usize,
    /// Each shared segment's pages.
    shared_pages: Vec<PageList>,
}

/// A shared segment's pages: (page, field, count), by page.
type PageList = Vec<(usize, u8, usize)>;

fn number_segments<'a>(
    page_segments: &[Vec<(u8, &'a str)>],
    is_shared: &[Vec<bool>],
    distinct: &Distinct<'a>,
) -> Numbered<'a> {
    let mut texts: Vec<&str> = Vec::new();
    let mut unique_counts = String::new();
    for (page, (segs, shared)) in page_segments.iter().zip(is_shared).enumerate() {
        let first = texts.len();
        for field in 0..3 {
            let before = texts.len();
            texts.extend(
                segs.iter()
                    .zip(shared)
                    .filter(|((f, _), shared)| *f == field && !**shared)
                    .map(|((_, s), _)| *s),
            );
            push_number(&mut unique_counts, texts.len() - before);
        }
        // The page's unused numbers: empty segments, which hold no gram.
        let count = texts.len() - first;
        texts.resize(first + slots(page, count), "");
    }
    let unique = texts.len();
    // The shared segments numbered in their order (a segment is shared or not wherever
    // it occurs).
    let mut firsts: Vec<u32> = (0..distinct.seen.len() as u32)
        .filter(|&id| {
            let s = &distinct.seen[id as usize];
            shared_by_count(s.text, s.count)
        })
        .collect();
    firsts.sort_by_cached_key(|&id| shared_order(distinct.seen[id as usize].text));
    let mut numbers = vec![u32::MAX; distinct.seen.len()];
    for (n, &id) in firsts.iter().enumerate() {
        texts.push(distinct.seen[id as usize].text);
        numbers[id as usize] = n as u32;
    }
    let mut shared_pages: Vec<PageList> = vec![Vec::new(); firsts.len()];
    let pages = page_segments.iter().zip(is_shared).zip(&distinct.ids);
    for (page, ((segs, shared), ids)) in pages.enumerate() {
        for ((&(field, _), _), &id) in segs
            .iter()
            .zip(shared)
            .zip(ids)
            .filter(|((_, shared), _)| **shared)
        {
            if let Some(list) = shared_pages.get_mut(numbers[id as usize] as usize) {
                add_occurrence(list, page, field);
            }
        }
    }
    Numbered {
        texts,
        unique_counts,
        unique,
        shared_pages,
    }
}

/// Where a shared segment is numbered among the shared ones: by its text with each number
/// (a run of digits, points and commas) read as one mark, then by its text itself. A
/// template's sentences ("班子成员中，本科的最多，共22人，占73.3%。" and its siblings on every
/// county page) are then numbered, and filed, together: a query's word is in fewer shared
/// files, so fewer are fetched (numbered by first occurrence, 班子 needed 74 of 112 files on
/// the benchmark's site of 3,000 counties; in this order, 20). Where a segment occurs plays
/// no part: an edit that moves a shared segment's first page numbers nothing anew, and the
/// index is patched (ordered by first occurrence among siblings, every such edit made the
/// full index, in `serve` too).
fn shared_order(text: &str) -> (String, &str) {
    let mut key = String::with_capacity(text.len());
    let mut in_number = false;
    for c in text.chars() {
        let numeric = c.is_ascii_digit() || ((c == '.' || c == ',') && in_number);
        if !numeric {
            key.push(c);
        } else if !in_number {
            key.push('\u{1}');
        }
        in_number = numeric;
    }
    (key, text)
}

/// Counts one occurrence of a shared segment on `page` in `field` into its pages.
fn add_occurrence(list: &mut PageList, page: usize, field: u8) {
    match list.last_mut() {
        Some((p, f, n)) if *p == page && *f == field => *n += 1,
        _ => {
            // Fields of one page in order (title, heading, body), each once.
            match list
                .iter_mut()
                .rev()
                .take_while(|(p, _, _)| *p == page)
                .find(|(_, f, _)| *f == field)
            {
                Some((_, _, n)) => *n += 1,
                None => list.push((page, field, 1)),
            }
        }
    }
}

/// How many segments [`gram_postings`] reads as one piece of work.
const CHUNK_SEGMENTS: usize = 4096;

/// The postings of a run of segments: each distinct gram, in key order, with where its
/// entries end; each entry (by gram, then segment) with its segment and where its count
/// starts in `text`, the segments' postings one after the other.
struct ChunkPostings {
    grams: Vec<(Gram, u32)>,
    entries: Vec<[u32; 2]>,
    text: String,
}

/// The postings of the segments `texts`, the first of which is numbered `first`.
fn chunk_postings(first: usize, texts: &[&str]) -> ChunkPostings {
    // Each entry with its gram's number in the chunk, in segment order; then the entries
    // counted into place by gram (each gram's entries stay in segment order), so that only
    // the distinct grams need sorting.
    let mut ids: FastMap<Gram, u32> = FastMap::default();
    let mut keys: Vec<Gram> = Vec::new();
    let mut raw: Vec<(u32, [u32; 2])> = Vec::new();
    let mut text = String::new();
    // For each gram of the chunk, the segment it was last seen in (counted from 1 in the
    // chunk) and its group there: a segment's grams are grouped without sorting them.
    let mut last: Vec<(u32, u32)> = Vec::new();
    let mut chars: Vec<char> = Vec::new();
    // The segment's groups (a gram's number, its count, where its positions end in
    // `placed`), and each occurrence's group and position, in order.
    let mut groups: Vec<(u32, u32, u32)> = Vec::new();
    let mut occurrences: Vec<(u32, u32)> = Vec::new();
    let mut placed: Vec<u32> = Vec::new();
    for (n, segment) in texts.iter().enumerate() {
        let stamp = n as u32 + 1;
        chars.clear();
        chars.extend(segment.chars().map(fold));
        groups.clear();
        occurrences.clear();
        for (at, &c) in chars.iter().enumerate() {
            let next = chars.get(at + 1).copied();
            for gram in std::iter::once((c, NONE)).chain(next.map(|d| (c, d))) {
                let new = keys.len() as u32;
                let id = *ids.entry(gram).or_insert_with(|| {
                    keys.push(gram);
                    last.push((0, 0));
                    new
                });
                let slot = &mut last[id as usize];
                if slot.0 != stamp {
                    *slot = (stamp, groups.len() as u32);
                    groups.push((id, 0, 0));
                }
                groups[slot.1 as usize].1 += 1;
                occurrences.push((slot.1, at as u32));
            }
        }
        // Each group's positions, in order, one group after the other.
        let mut end = 0;
        for group in &mut groups {
            end += group.1;
            group.2 = end - group.1;
        }
        placed.resize(occurrences.len(), 0);
        for &(group, at) in &occurrences {
            let fill = &mut groups[group as usize].2;
            placed[*fill as usize] = at;
            *fill += 1;
        }
        let seg = (first + n) as u32;
        for &(id, count, end) in &groups {
            let start = text.len() as u32;
            push_number(&mut text, count as usize);
            if keys[id as usize].1 != NONE {
                let mut last = 0;
                for &at in &placed[(end - count) as usize..end as usize] {
                    push_number(&mut text, (at - last) as usize);
                    last = at;
                }
            }
            raw.push((id, [seg, start]));
        }
    }
    drop(ids);
    let mut order: Vec<u32> = (0..keys.len() as u32).collect();
    order.sort_unstable_by_key(|&id| keys[id as usize]);
    // Where each gram's entries start, the grams in key order.
    let mut starts = vec![0u32; keys.len()];
    for &(id, _) in &raw {
        starts[id as usize] += 1;
    }
    let mut grams = Vec::with_capacity(keys.len());
    let mut end = 0;
    for &id in &order {
        let count = starts[id as usize];
        starts[id as usize] = end;
        end += count;
        grams.push((keys[id as usize], end));
    }
    let mut entries = vec![[0u32; 2]; raw.len()];
    for (id, entry) in raw {
        let at = &mut starts[id as usize];
        entries[*at as usize] = entry;
        *at += 1;
    }
    text.shrink_to_fit();
    ChunkPostings {
        grams,
        entries,
        text,
    }
}

/// Every distinct gram of the segments `texts`, in key order, with its postings: its
/// segments and counts, and (a pair's) positions apart, as a query of one or two characters
/// needs no positions. Runs of segments are read in parallel, each into postings of its
/// own sorted by gram; then runs of grams are written in parallel, each gram's entries
/// taken from every run of segments in order.
fn gram_postings(texts: &[&str]) -> Vec<(Gram, String, String)> {
    let chunks: Vec<ChunkPostings> = texts
        .par_chunks(CHUNK_SEGMENTS)
        .enumerate()
        .map(|(n, run)| chunk_postings(n * CHUNK_SEGMENTS, run))
        .collect();
    let mut keys: Vec<Gram> = chunks
        .iter()
        .flat_map(|c| c.grams.iter().map(|g| g.0))
        .collect();
    keys.par_sort_unstable();
    keys.dedup();
    let per_task = (keys.len() / 64).max(16);
    let written: Vec<Vec<(Gram, String, String)>> = keys
        .par_chunks(per_task)
        .map(|run| write_grams(run, &chunks))
        .collect();
    drop_aside(chunks);
    written.into_iter().flatten().collect()
}

/// The postings of the grams `keys` (in key order) from every run of segments' postings.
fn write_grams(keys: &[Gram], chunks: &[ChunkPostings]) -> Vec<(Gram, String, String)> {
    let mut at: Vec<usize> = chunks
        .iter()
        .map(|c| c.grams.partition_point(|g| g.0 < keys[0]))
        .collect();
    keys.iter()
        .map(|&key| {
            let mut s = String::new();
            let mut positions = String::new();
            let mut last = 0;
            for (chunk, at) in chunks.iter().zip(&mut at) {
                let Some(&(gram, end)) = chunk.grams.get(*at) else {
                    continue;
                };
                if gram != key {
                    continue;
                }
                let start = at.checked_sub(1).map_or(0, |p| chunk.grams[p].1);
                *at += 1;
                let text = &chunk.text;
                for &[id, from] in &chunk.entries[start as usize..end as usize] {
                    let (mid, to) = count_and_positions(text.as_bytes(), from as usize, key);
                    push_number(&mut s, id as usize - last);
                    last = id as usize;
                    s.push_str(&text[from as usize..mid]);
                    positions.push_str(&text[mid..to]);
                }
            }
            (key, s, positions)
        })
        .collect()
}

/// Where the count that starts at `start` in a segment's postings ends, and where the
/// positions after it (a pair's; a single character has none) end.
fn count_and_positions(text: &[u8], start: usize, gram: Gram) -> (usize, usize) {
    let mut at = start;
    let count = read_number(text, &mut at);
    let mid = at;
    if gram.1 != NONE {
        for _ in 0..count {
            read_number(text, &mut at);
        }
    }
    (mid, at)
}

/// A gram's postings from its entries in segment order (each segment's number, its count
/// and its positions, already in digits): the segments and counts, and the positions.
fn write_postings<'a>(
    entries: impl Iterator<Item = (usize, &'a str, &'a str)>,
) -> (String, String) {
    let mut s = String::new();
    let mut positions = String::new();
    let mut last = 0;
    for (id, count, pos) in entries {
        push_number(&mut s, id - last);
        last = id;
        s.push_str(count);
        positions.push_str(pos);
    }
    (s, positions)
}

/// Each page's first unique segment, and one past the last page's last: a page takes
/// [`slots`] numbers for its unique segments.
fn page_starts(is_shared: &[Vec<bool>]) -> Vec<usize> {
    let mut starts = Vec::with_capacity(is_shared.len() + 1);
    let mut seg = 0;
    for (page, shared) in is_shared.iter().enumerate() {
        starts.push(seg);
        seg += slots(page, shared.iter().filter(|s| !**s).count());
    }
    starts.push(seg);
    starts
}

/// How far apart the ends of a page's block of numbers may fall (see [`slots`]).
const SLOT_SPAN: usize = 16;

/// How many pages one after another share the offset of their blocks' ends (see
/// [`slots`]).
const SLOT_RUN: usize = 64;

/// How many numbers the `page`th page takes for its `count` unique segments: `count` and
/// 0 to 15 more, up to the next number that the page's offset (0 to 15) makes a multiple of
/// [`SLOT_SPAN`]. The numbers a page leaves unused let it gain or lose a segment or two in
/// an edit without moving every later page's numbers, and with them every postings
/// shard's bytes: a page whose count changes by one moves the later numbers once in
/// sixteen. The offset is a hash of the page's run of [`SLOT_RUN`] pages, not a rounding
/// every page shares, so that when many pages have about as many segments (the county
/// pages of a template) the ends of their blocks are spread over sixteen counts, not all
/// at one that an edit of any of them would cross; and not a hash of the page alone, so
/// that pages of one run, of the same count, take the same numbers, and the differences
/// between their numbers in a gram's postings repeat, as compression likes (a hash a page
/// made the postings 19% larger gzipped at 3,000 counties). What the unused numbers cost is
/// a little more in the differences between one page's segments and the next page's.
pub(super) fn slots(page: usize, count: usize) -> usize {
    let offset = (((page / SLOT_RUN) as u32).wrapping_mul(0x9E37_79B1) >> 28) as usize;
    count + (SLOT_SPAN - (count + offset) % SLOT_SPAN) % SLOT_SPAN
}

/// A shared segment's pages from their runs (see the module's notes), as [`page_runs`]
/// writes them: (page, field, count), by page; none when they do not read so, or name a
/// page past the `pages`.
fn read_runs(runs: &str, pages: usize) -> Option<PageList> {
    let bytes = runs.as_bytes();
    let mut at = 0;
    let mut last = 0usize;
    let mut list = Vec::new();
    while at < bytes.len() {
        let head = read_number(bytes, &mut at);
        let page = last.checked_add(head / 2)?;
        let code = read_number(bytes, &mut at);
        let len = if head % 2 == 1 {
            read_number(bytes, &mut at)
        } else {
            0
        };
        let (field, count) = (u8::try_from(code % 3).ok()?, code / 3 + 1);
        last = page.checked_add(len).filter(|&end| end < pages)?;
        list.extend((page..=last).map(|p| (p, field, count)));
    }
    Some(list)
}

/// A shared segment's pages as runs (see the module's notes).
fn page_runs(list: &[(usize, u8, usize)]) -> String {
    let mut runs = String::new();
    let mut last = 0;
    let mut at = 0;
    while at < list.len() {
        let (page, field, count) = list[at];
        let code = (count - 1) * 3 + field as usize;
        let mut len = 0;
        while let Some(&(p, f, n)) = list.get(at + len + 1) {
            if p == page + len + 1 && f == field && n == count {
                len += 1;
            } else {
                break;
            }
        }
        push_number(&mut runs, (page - last) * 2 + usize::from(len > 0));
        push_number(&mut runs, code);
        if len > 0 {
            push_number(&mut runs, len);
        }
        last = page + len;
        at += len + 1;
    }
    runs
}

/// A shared segment's entry in the shared files: its text and its pages' runs.
fn shared_entry(text: &str, runs: &str) -> String {
    format!("[{},\"{runs}\"]", js_string(text))
}

/// The shared files from the shared segments' `entries` (the first numbered `unique`), and
/// each file's first shared segment (counted from the first shared one) and bytes.
fn shared_files(entries: &[String], unique: usize) -> (Vec<OutputFile>, Vec<(usize, usize)>) {
    let firsts = runs_by_bytes(entries.iter().map(String::len), SHARED_FILE_BYTES);
    let files: Vec<OutputFile> = firsts
        .par_iter()
        .enumerate()
        .map(|(n, &first)| {
            let end = firsts.get(n + 1).copied().unwrap_or(entries.len());
            OutputFile::text(
                format!("{SEARCH_DIR}s/{n}.js"),
                format!(
                    "qfSearch.shared({},[{}]);\n",
                    unique + first,
                    entries[first..end].join(",")
                ),
            )
        })
        .collect();
    let layout = firsts
        .iter()
        .zip(&files)
        .map(|(&f, file)| (f, file.bytes.len()))
        .collect();
    (files, layout)
}

/// `meta.js`'s list of the shared files' first segments, from their `layout`.
fn shared_starts(layout: &[(usize, usize)], unique: usize) -> String {
    deltas(&layout.iter().map(|(f, _)| f + unique).collect::<Vec<_>>())
}

/// The file of each gram of `grams` that carries its shared segments' runs (see
/// [`carried_runs`]).
fn carried_files<'a>(
    state: &IndexState,
    grams: impl IntoParallelIterator<Item = &'a (Gram, String, String)>,
) -> Vec<(Gram, OutputFile)> {
    grams
        .into_par_iter()
        .filter_map(|(gram, postings, _)| {
            let runs = carried_runs(state, postings)?;
            let file = OutputFile::text(
                carried_path(*gram),
                format!(
                    "qfSearch.carried({},\"{runs}\");\n",
                    js_string(&gram_key(*gram))
                ),
            );
            Some((*gram, file))
        })
        .collect()
}

/// The runs of pages the gram of `postings` carries in a file of its own (see
/// [`CARRIED_MIN_BYTES`]): its shared segments' runs, in their order, between commas; none
/// for a gram whose shared segments lie in few shared files' bytes, or whose runs would take
/// more than half of them (two thirds of more than [`PARALLEL_FETCHES`] files).
fn carried_runs(state: &IndexState, postings: &str) -> Option<String> {
    let (unique, shared, layout) = (state.unique, &state.shared, &state.shared_layout);
    let bytes = postings.as_bytes();
    let (mut at, mut id) = (0, 0);
    let mut segments = Vec::new();
    while at < bytes.len() {
        id += read_number(bytes, &mut at);
        read_number(bytes, &mut at);
        if let Some(s) = id.checked_sub(unique).filter(|&s| s < shared.len()) {
            segments.push(s);
        }
    }
    // The bytes of the shared files the segments lie in (they come in order).
    let (mut spanned, mut files, mut last) = (0, 0, usize::MAX);
    for &s in &segments {
        let file = layout
            .partition_point(|(first, _)| *first <= s)
            .saturating_sub(1);
        if file != last {
            spanned += layout.get(file).map_or(0, |l| l.1);
            files += 1;
            last = file;
        }
    }
    let cost: usize = segments.iter().map(|&s| shared[s].1.len() + 1).sum();
    // More files than a browser fetches at once from one host over HTTP/1.1 take a second
    // round trip: then the runs are carried up to two thirds of their files' bytes.
    let most = if files > PARALLEL_FETCHES {
        spanned * 2 / 3
    } else {
        spanned / 2
    };
    if spanned < CARRIED_MIN_BYTES || cost > most {
        return None;
    }
    let mut out = String::with_capacity(cost);
    for s in segments {
        if !out.is_empty() {
            out.push(',');
        }
        out.push_str(&shared[s].1);
    }
    Some(out)
}

/// `slugs.js` (each county's and region's slug and its page, or its pages when a county
/// and a region share it) and the browser side.
fn slug_and_script_files(pages: &[PageText]) -> [OutputFile; 2] {
    let mut slugs = serde_json::Map::new();
    for (n, p) in pages.iter().enumerate() {
        let Some(slug) = &p.slug else { continue };
        match slugs.get_mut(slug) {
            Some(serde_json::Value::Array(list)) => list.push(n.into()),
            Some(one) => *one = serde_json::Value::Array(vec![one.take(), n.into()]),
            None => drop(slugs.insert(slug.clone(), n.into())),
        }
    }
    [
        OutputFile::text(
            format!("{SEARCH_DIR}slugs.js"),
            format!("qfSearch.slugs({});\n", serde_json::Value::Object(slugs)),
        ),
        OutputFile::text(format!("{SEARCH_DIR}search.js"), SEARCH_JS.to_string()),
    ]
}

/// Drops `value` on another thread: a large index's parts take a while to free.
fn drop_aside<T: Send + 'static>(value: T) {
    rayon::spawn(move || drop(value));
}

/// Numbers as differences from the previous one.
fn deltas(firsts: &[usize]) -> String {
    let mut s = String::new();
    let mut last = 0;
    for &f in firsts {
        push_number(&mut s, f - last);
        last = f;
    }
    s
}

/// A page's entry in the page files: its address, title, kind and (the first bytes of)
/// its unique segments' texts.
fn page_entry(page: &PageText, texts: &[&str]) -> String {
    let mut entry = String::with_capacity(256);
    entry.push('[');
    push_js_string(&mut entry, &page.path);
    entry.push(',');
    push_js_string(&mut entry, &page.title);
    entry.push(',');
    push_js_string(&mut entry, page.kind);
    entry.push_str(",[");
    let mut kept = 0;
    for (i, text) in texts.iter().enumerate() {
        if kept > PAGE_TEXT_BYTES {
            break;
        }
        if i > 0 {
            entry.push(',');
        }
        let before = entry.len();
        push_js_string(&mut entry, text);
        kept += entry.len() - before;
    }
    entry.push_str("]]");
    entry
}

/// The index's files from its grams, page entries and fixed parts; the last build's files
/// are reused where none of their grams is `dirty` and none of their pages `changed` (in
/// order).
fn assemble(state: &mut IndexState, dirty: &BTreeSet<Gram>, changed: &[usize]) -> Vec<OutputFile> {
    let dir = SEARCH_DIR;
    let grams = &state.grams;
    // Postings shards (`g/`: segments, counts and pairs' positions), by bytes, in key
    // order; each shard's first key in `meta.js`.
    let (shard_keys, g_files) = shards(grams, &state.g_files, dirty);

    let page_entries = &state.page_entries;
    // Page files (`p/`), named by their first page, cut as [`PAGE_FILE_CUTS`] says.
    let page_firsts = PAGE_FILE_CUTS.runs(
        page_entries
            .iter()
            .enumerate()
            .map(|(n, e)| (n as u64, e.len())),
    );
    let p_files: Vec<Made<usize>> = page_firsts
        .par_iter()
        .enumerate()
        .map(|(n, &first)| {
            let end = page_firsts
                .get(n + 1)
                .copied()
                .unwrap_or(page_entries.len());
            if let Ok(at) = state.p_files.binary_search_by_key(&first, |m| m.0)
                && state.p_files[at].1 == end
                && !changed.iter().any(|c| (first..end).contains(c))
            {
                return (first, end, 0, state.p_files[at].3.clone());
            }
            let file = OutputFile::text(
                format!("{dir}p/{first}.js"),
                format!(
                    "qfSearch.pages({first},[{}]);\n",
                    page_entries[first..end].join(",")
                ),
            );
            (first, end, 0, file)
        })
        .collect();
    let mut files: Vec<OutputFile> = g_files
        .iter()
        .map(|m| m.3.clone())
        .chain(p_files.iter().map(|m| m.3.clone()))
        .collect();
    // The files of the grams that carry their shared segments' runs: all made anew when
    // the shared segments' runs or files changed, else those of the grams written anew.
    let carried = if state.c_fresh {
        let redone: Vec<&(Gram, String, String)> = dirty
            .iter()
            .filter_map(|g| Some(&grams[grams.binary_search_by_key(g, |e| e.0).ok()?]))
            .collect();
        carried_files(state, redone)
    } else {
        carried_files(state, grams)
    };
    if !state.c_fresh {
        state.c_files.clear();
    }
    for gram in dirty {
        state.c_files.remove(gram);
    }
    state.c_files.extend(carried);
    state.c_fresh = true;
    let grams = &state.grams;
    files.extend(state.c_files.values().cloned());
    let carried_keys: Vec<String> = state.c_files.keys().map(|g| gram_key(*g)).collect();

    let simplified_seen: std::collections::BTreeSet<char> = grams
        .iter()
        .filter(|((_, b), _, _)| *b == NONE)
        .map(|((a, _), _, _)| *a)
        .collect();
    // The Traditional characters a query may hold for a character on the site.
    let traditional: String = super::fold::traditional_pairs()
        .filter(|(t, s)| simplified_seen.contains(s) && fold(*t) == *s)
        .flat_map(|(t, s)| [t, s])
        .collect();
    let meta = serde_json::json!({
        "v": FORMAT,
        "n": page_entries.len(),
        "u": state.unique_counts,
        "U": state.unique,
        "k": state.kinds,
        "g": shard_keys,
        "p": deltas(&page_firsts),
        "s": state.shared_starts,
        "c": carried_keys,
        "t": traditional,
    });
    files.push(OutputFile::text(
        format!("{dir}meta.js"),
        format!("qfSearch.meta({meta});\n"),
    ));
    files.extend(state.fixed.iter().cloned());
    files.sort_by(|a, b| a.path.cmp(&b.path));
    state.g_files = g_files;
    state.p_files = p_files;
    files
}

/// The pages' kinds as `meta.js` lists them, a character a page: `c` for a county's page
/// (ranked first for its name), `o` for any other.
fn kinds(pages: &[PageText]) -> String {
    pages
        .iter()
        .map(|p| if p.is_county() { 'c' } else { 'o' })
        .collect()
}

/// The path of the file of a gram's carried runs: its characters' code points, the second
/// 0 for a single character.
fn carried_path(gram: Gram) -> String {
    format!("{SEARCH_DIR}c/{}.js", gram_name(gram))
}

/// The path of the postings shard whose first gram is `first`.
fn shard_path(first: Gram) -> String {
    format!("{SEARCH_DIR}g/{}.js", gram_name(first))
}

/// A gram as the name of a file: its characters' code points, `a-b`, `b` 0 for a single
/// character (what `search.js` makes of a shard's first key in `meta.js`).
fn gram_name((a, b): Gram) -> String {
    let second = if b == NONE { 0 } else { b as u32 };
    format!("{}-{second}", a as u32)
}

/// The gram of the key `key` (one character or two), as [`gram_key`] writes it.
fn gram_of(key: &str) -> Option<Gram> {
    let mut chars = key.chars();
    let gram = (chars.next()?, chars.next().unwrap_or(NONE));
    chars.next().is_none().then_some(gram)
}

/// A gram as the text of its characters.
fn gram_key((a, b): Gram) -> String {
    let mut key = String::from(a);
    if b != NONE {
        key.push(b);
    }
    key
}

/// Reads a number written by [`push_number`] from `s` at `at`, moving `at` past it.
fn read_number(s: &[u8], at: &mut usize) -> usize {
    let mut n = 0;
    let mut shift = 0;
    while let Some(&b) = s.get(*at) {
        *at += 1;
        let digit = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'-' => 62,
            _ => 63,
        } as usize;
        n |= (digit & 31) << shift;
        shift += 5;
        if digit < 32 {
            break;
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str, text: &str) -> PageText {
        PageText {
            path: path.into(),
            kind: "专题",
            slug: None,
            title: "题".into(),
            text: text.into(),
            title_end: 1,
            heading_end: 1,
        }
    }

    #[test]
    fn county_and_region_slugs_are_listed_and_a_shared_one_lists_both_pages() {
        let slugged = |path: &str, slug: &str| PageText {
            slug: Some(slug.into()),
            ..page(path, "文")
        };
        let pages = vec![
            slugged("counties/beishan/index.html", "beishan"),
            slugged("regions/beishan/index.html", "beishan"),
            slugged("regions/east/index.html", "east"),
            page("articles/a/index.html", "文"),
        ];
        let files = index(pages);
        let text = |path: &str| {
            let f = files.iter().find(|f| f.path == path).expect(path);
            String::from_utf8(f.contents().into_owned()).expect("text")
        };
        // Pages are numbered in the order of their paths.
        assert_eq!(
            text("search/slugs.js"),
            "qfSearch.slugs({\"beishan\":[1,2],\"east\":3});\n"
        );
        // Only the county's page counts as a county's (ranked first for its name).
        assert!(text("search/meta.js").contains("\"k\":\"ocoo\""));
    }

    #[test]
    fn strings_are_escaped_as_json_escapes_them() {
        for s in [
            "",
            "县委",
            "a\"b\\c",
            "\n\r\t\u{8}\u{c}\u{1}\u{1f}",
            "</script>",
            "\u{2028}换届",
        ] {
            let want = serde_json::to_string(s).expect("json");
            assert_eq!(js_string(s), want, "{s:?}");
        }
    }

    #[test]
    fn an_item_of_a_whole_run_or_more_is_a_run_of_its_own() {
        let runs = |sizes: &[usize]| runs_by_bytes(sizes.iter().copied(), 8);
        // Small items fill a run to its size; a large one never joins the items around it.
        assert_eq!(runs(&[3, 3, 3, 20, 1, 1, 9, 1]), vec![0, 3, 4, 6, 7]);
        assert_eq!(runs(&[2, 20, 2]), vec![0, 1, 2]);
        assert_eq!(runs(&[8, 8]), vec![0, 1]);
        assert_eq!(runs(&[1, 2, 3, 1, 1, 1]), vec![0, 5]);
        assert_eq!(runs(&[]), Vec::<usize>::new());
    }

    #[test]
    fn numbers_are_base64_varints() {
        let mut s = String::new();
        for n in [0, 31, 32, 1000] {
            push_number(&mut s, n);
        }
        assert_eq!(s, "AfgBof");
    }

    #[test]
    fn a_segments_grams_are_grouped_as_sorting_them_would() {
        // Each distinct gram in key order, with its count and (a pair's) positions, made
        // the plain way: every gram with its position, sorted.
        fn by_sorting(segment: &str) -> Vec<(Gram, String)> {
            let chars: Vec<char> = segment.chars().map(fold).collect();
            let mut seen = Vec::new();
            for (at, &c) in chars.iter().enumerate() {
                seen.push(((c, NONE), at));
                if let Some(&d) = chars.get(at + 1) {
                    seen.push(((c, d), at));
                }
            }
            seen.sort_unstable();
            seen.chunk_by(|x, y| x.0 == y.0)
                .map(|run| {
                    let mut s = String::new();
                    push_number(&mut s, run.len());
                    if run[0].0.1 != NONE {
                        let mut last = 0;
                        for &(_, at) in run {
                            push_number(&mut s, at - last);
                            last = at;
                        }
                    }
                    (run[0].0, s)
                })
                .collect()
        }
        let long = "换届".repeat(40) + &"县委书记".repeat(17) + "abcABC１２３";
        for segment in [
            "县",
            "县县",
            "县县县",
            "换屆换届",
            "ababab",
            "甲乙甲乙乙甲",
            &long,
        ] {
            let p = segment_postings(segment);
            let mut from = 0;
            let got: Vec<(Gram, String)> = p
                .grams
                .iter()
                .map(|&(gram, _, end)| {
                    let text = p.text[from as usize..end as usize].to_string();
                    from = end;
                    (gram, text)
                })
                .collect();
            assert_eq!(got, by_sorting(segment), "{segment}");
        }
    }

    #[test]
    fn pairs_keep_positions_and_whitespace_cuts_segments() {
        let p = segment_postings("換屆换届");
        let get = |k: Gram| {
            let at = p.grams.iter().position(|(g, _, _)| *g == k)?;
            let start = if at == 0 {
                0
            } else {
                p.grams[at - 1].2 as usize
            };
            Some(p.text[start..p.grams[at].2 as usize].to_string())
        };
        // 换届 twice, at 0 and 2: the count, then the positions' differences.
        assert_eq!(get(('换', '届')).as_deref(), Some("CAC"));
        assert_eq!(get(('届', '换')).as_deref(), Some("BB"));
        assert_eq!(get(('换', NONE)).as_deref(), Some("C"));
        let t = page("a/index.html", "標題\n換屆 换届\n正文");
        assert_eq!(
            segments(&t),
            vec![(0, "標題"), (2, "換屆"), (2, "换届"), (2, "正文")]
        );
    }

    #[test]
    fn a_pairs_positions_follow_its_segments_and_counts() {
        let files = index(vec![page("a/index.html", "题\n换届又换届")]);
        let entry = |key: &str| -> Vec<String> {
            let quoted = format!("\"{key}\":\"");
            files
                .iter()
                .filter(|f| f.path.starts_with("search/g/"))
                .filter_map(|f| {
                    let js = String::from_utf8_lossy(&f.bytes).into_owned();
                    let at = js.find(&quoted)? + quoted.len();
                    Some(js[at..].split('"').next()?.to_string())
                })
                .collect()
        };
        // Segment 1 (after the title's), twice; at 0 and 3.
        assert_eq!(entry("换届"), ["BC.AD"]);
        // A single character has no positions.
        assert_eq!(entry("换"), ["BC"]);
        assert!(files.iter().all(|f| !f.path.starts_with("search/h/")));
    }

    #[test]
    fn repeated_long_segments_are_stored_once() {
        let long = "县委坚持把政治标准放在首位";
        let files = index(
            (0..SHARED_MIN_OCCURRENCES)
                .map(|n| page(&format!("{n}/index.html"), &format!("甲\n{long}\n12")))
                .collect(),
        );
        let all: String = files
            .iter()
            .filter(|f| f.path.starts_with("search/p/") || f.path.starts_with("search/s/"))
            .map(|f| String::from_utf8_lossy(&f.bytes).into_owned())
            .collect();
        assert_eq!(all.matches(long).count(), 1, "{all}");
        // A short one is stored on each page.
        assert_eq!(
            all.matches("\"12\"").count(),
            SHARED_MIN_OCCURRENCES as usize,
            "{all}"
        );
    }

    /// Pages sharing a long sentence (a shared segment), each with text of its own.
    #[test]
    fn a_templates_shared_sentences_are_numbered_together() {
        // First occurring in the order 共12人, 另一句话, 共9人, but 共12人 and 共9人 are one
        // text but for their numbers: numbered one after the other, in the order they first
        // occur.
        let files = index(
            (0..SHARED_MIN_OCCURRENCES * 2)
                .map(|n| {
                    let text = if n < SHARED_MIN_OCCURRENCES {
                        "班子成员中共12人\n另一句话在此"
                    } else {
                        "另一句话在此\n班子成员中共9人"
                    };
                    page(&format!("{n:02}/index.html"), &format!("甲\n{text}"))
                })
                .collect(),
        );
        let shared: String = files
            .iter()
            .filter(|f| f.path.starts_with("search/s/"))
            .map(|f| String::from_utf8_lossy(&f.bytes).into_owned())
            .collect();
        let at = |s: &str| shared.find(s).unwrap_or_else(|| panic!("{s} in {shared}"));
        assert!(at("共12人") < at("共9人"), "{shared}");
        assert!(
            !(at("共12人")..at("共9人")).contains(&at("另一句话")),
            "{shared}"
        );
        assert_eq!(
            shared_order("共12.5人，占3,000").0,
            shared_order("共9人，占4").0
        );
        assert_ne!(shared_order("共9人").0, shared_order("共九人").0);
    }

    #[test]
    fn a_gram_in_shared_segments_over_many_bytes_carries_their_runs() {
        // Forty-four templated sentences holding 班子, each on a run of pages (those of its
        // number).
        let pages: Vec<PageText> = (0..SHARED_MIN_OCCURRENCES as usize * 4)
            .map(|n| {
                let mut text = format!("甲\n班子成员共{}人", n / 16);
                for k in 0..10 {
                    text.push_str(&format!("\n第{k}项班子里有{}人", (n / 16 + k) % 4));
                }
                page(&format!("{n:02}/index.html"), &text)
            })
            .collect();
        let files = index(pages);
        let text_of = |f: &OutputFile| String::from_utf8_lossy(&f.bytes).into_owned();
        let mut shared = Vec::new();
        for f in files.iter().filter(|f| f.path.starts_with("search/s/")) {
            let js = text_of(f);
            let (first, list) = js["qfSearch.shared(".len()..js.len() - 3]
                .split_once(',')
                .expect("first segment");
            let list: Vec<(String, String)> = serde_json::from_str(list).expect("entries");
            shared.push((first.parse::<usize>().expect("number"), list));
        }
        shared.sort();
        let file = |gram: &str| {
            let mut cs = gram.chars().map(|c| c as u32);
            let (a, b) = (cs.next().unwrap_or(0), cs.next().unwrap_or(0));
            let path = format!("search/c/{a}-{b}.js");
            files.iter().find(|f| f.path == path).map(text_of)
        };
        let numbers = files
            .iter()
            .filter(|f| f.path.starts_with("search/g/"))
            .find_map(|f| {
                let js = text_of(f);
                let at = js.find("\"班子\":\"")? + "\"班子\":\"".len();
                Some(js[at..at + js[at..].find('"')?].to_string())
            })
            .expect("班子's postings");
        // 班子's shared segments' runs, in their order, in a file of its own.
        let carried = file("班子").expect("班子's file");
        let carried = carried
            .strip_prefix("qfSearch.carried(\"班子\",\"")
            .and_then(|c| c.strip_suffix("\");\n"))
            .expect("carried");
        let (mut at, mut id, mut expected) = (0, 0, Vec::new());
        while at < numbers.len() {
            id += read_number(numbers.as_bytes(), &mut at);
            read_number(numbers.as_bytes(), &mut at);
            for (first, list) in &shared {
                if let Some((text, runs)) = id.checked_sub(*first).and_then(|k| list.get(k)) {
                    assert!(text.contains("班子"), "{text}");
                    expected.push(runs.as_str());
                }
            }
        }
        assert_eq!(expected.len(), 44, "{shared:?}");
        assert_eq!(carried.split(',').collect::<Vec<_>>(), expected);
        let meta = files
            .iter()
            .find(|f| f.path == "search/meta.js")
            .map(text_of);
        assert!(meta.expect("meta").contains("\"班子\""));
        // A gram in no shared segment has none.
        assert!(file("甲").is_none());
    }

    #[test]
    fn runs_over_more_files_than_a_browser_fetches_at_once_are_carried_up_to_two_thirds() {
        // A gram in one shared segment of each of `files` shared files of 100 bytes, each
        // segment's runs `run` characters long (one more for its comma).
        let carried = |files: usize, run: usize| {
            let state = IndexState {
                shared: (0..files)
                    .map(|_| (String::new(), "A".repeat(run)))
                    .collect(),
                shared_layout: (0..files).map(|f| (f, 100)).collect(),
                ..IndexState::default()
            };
            let mut postings = String::new();
            for n in 0..files {
                push_number(&mut postings, usize::from(n > 0));
                push_number(&mut postings, 1);
            }
            carried_runs(&state, &postings).is_some()
        };
        // Half the files' bytes or less: carried however few the files.
        assert!(carried(PARALLEL_FETCHES, 49));
        // Up to two thirds: only when the files would take a second round trip.
        assert!(!carried(PARALLEL_FETCHES, 59));
        assert!(carried(PARALLEL_FETCHES + 1, 59));
        assert!(carried(PARALLEL_FETCHES + 1, 65));
        assert!(!carried(PARALLEL_FETCHES + 1, 66));
    }

    fn site(own: &[&str]) -> Vec<PageText> {
        let long = "县委坚持把政治标准放在首位";
        (0..SHARED_MIN_OCCURRENCES as usize + 2)
            .map(|n| {
                let text = own.get(n).copied().filter(|t| !t.is_empty());
                let text = text.unwrap_or("本县 12 人");
                page(
                    &format!("{n:02}/index.html"),
                    &format!("甲\n{long}\n{text} 第{n}页"),
                )
            })
            .collect()
    }

    #[test]
    fn an_index_redone_for_a_few_pages_is_the_full_index() {
        let (_, mut state) = index_kept(site(&[]));
        // Texts of the same shape: new grams, grams gone, positions and counts moved.
        for own in [
            vec!["", "", "", "本县 345 人"],
            vec!["", "", "", "换届 换届换届 乙"],
            vec!["", "換屆 一 二", "", "本县 12 人"],
            vec!["乙丙丁戊己庚辛 x y", "", "", "本县 12 人"],
            vec![],
        ] {
            let pages = site(&own);
            let again = index_again(&mut state, pages.clone()).expect("redone in place");
            assert_eq!(again, index(pages), "{own:?}");
        }
        // A page with another number of segments of its own: later numbers move.
        let pages = site(&["多 一 段 四"]);
        let again = index_again(&mut state, pages.clone()).expect("redone in place");
        assert_eq!(again, index(pages));
        // Another set of pages, or a long segment now on enough pages to be shared: a
        // full index is needed.
        let mut pages = site(&[]);
        pages.push(page("zz/index.html", "新页"));
        assert!(index_again(&mut state, pages).is_err());
        let often = vec!["十六个页面重复 1 2"; SHARED_MIN_OCCURRENCES as usize - 1];
        let (_, mut state) = index_kept(site(&often));
        let mut more = often.clone();
        more.push("十六个页面重复 1 2");
        assert!(index_again(&mut state, site(&more)).is_err());
        // What it refused left the state as it was: it still redoes what it can.
        let pages = site(&vec!["十六个页面不同 1 2"; often.len()]);
        let again = index_again(&mut state, pages.clone()).expect("redone in place");
        assert_eq!(again, index(pages));
    }

    /// Runs `rounds` edits (a fixed sequence: xorshift) of a site of `pages_n` pages: one
    /// to three pages a round get new text of their own in the title, headings or body
    /// (words from `words`, up to six), around sentences every page shares; each patched
    /// index must be the full one. How many rounds were patched in place.
    fn random_edits(words: &[&str], pages_n: usize, rounds: usize) -> usize {
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let own = |next: &mut dyn FnMut(usize) -> usize, max: usize| -> String {
            let n = next(max + 1);
            let picked: Vec<&str> = (0..n).map(|_| words[next(words.len())]).collect();
            picked.join(" ")
        };
        let mut owns: Vec<[String; 3]> = (0..pages_n)
            .map(|_| [own(&mut next, 2), own(&mut next, 2), own(&mut next, 6)])
            .collect();
        let site = |owns: &[[String; 3]]| -> Vec<PageText> {
            owns.iter()
                .enumerate()
                .map(|(n, [title, heading, body])| {
                    let title = format!("第{n}页 {title}");
                    let heading = format!("{heading} 小标题");
                    let text = format!(
                        "{title}\n{heading}\n县委坚持把政治标准放在首位 {body}\n严把人选政治关廉洁关"
                    );
                    PageText {
                        path: format!("{n:02}/index.html"),
                        kind: "县",
                        slug: Some(format!("c{n}")),
                        title_end: title.chars().count(),
                        heading_end: title.chars().count() + 1 + heading.chars().count(),
                        title,
                        text: text.into(),
                    }
                })
                .collect()
        };
        let (_, mut state) = index_kept(site(&owns));
        let mut in_place = 0;
        for round in 0..rounds {
            for _ in 0..=next(3) {
                let page = next(pages_n);
                let field = next(3);
                owns[page][field] = own(&mut next, 6);
            }
            let pages = site(&owns);
            match index_again(&mut state, pages.clone()) {
                Ok(files) => {
                    in_place += 1;
                    assert_eq!(files, index(pages), "round {round}");
                }
                Err(pages) => state = index_kept(pages).1,
            }
        }
        in_place
    }

    #[test]
    fn a_templated_sentence_whose_first_page_moves_is_patched_in_place() {
        // One template's sentence with two numbers, each on half the pages, the two
        // halves interleaved: page 0 holds 共7人 first. An edit of page 0 to 共9人 moves
        // 共7人's first page past 共9人's, which numbered them anew when siblings were
        // ordered by where they first occur (and every such edit made the full index).
        let n = SHARED_MIN_OCCURRENCES as usize * 2 + 2;
        let site = |first: u32| -> Vec<PageText> {
            (0..n)
                .map(|p| {
                    let people = if p == 0 { first } else { [7, 9][p % 2] };
                    let title = format!("第{p}页");
                    let text = format!("{title}\n班子成员共{people}人，其中女干部若干");
                    PageText {
                        path: format!("{p:03}/index.html"),
                        kind: "县",
                        slug: Some(format!("c{p}")),
                        title_end: title.chars().count(),
                        heading_end: title.chars().count(),
                        title,
                        text: text.into(),
                    }
                })
                .collect()
        };
        let (_, mut state) = index_kept(site(7));
        let edited = site(9);
        let files = index_again(&mut state, edited.clone()).expect("patched in place");
        assert_eq!(files, index(edited.clone()));
        // And back again.
        let files = index_again(&mut state, site(7)).expect("patched in place");
        assert_eq!(files, index(site(7)));
    }

    #[test]
    fn pages_given_more_or_fewer_segments_are_redone_as_the_full_index() {
        // Short words (under four characters) never make a segment shared.
        let words = [
            "换届",
            "县委",
            "女干部",
            "123",
            "乙丙",
            "x",
            "y2",
            "風氣",
            "一",
            "38%",
        ];
        assert_eq!(
            random_edits(&words, SHARED_MIN_OCCURRENCES as usize + 8, 40),
            40
        );
    }

    #[test]
    fn pages_given_other_shared_segments_are_redone_as_the_full_index() {
        // Long words, on many pages: shared, and on a page or not as it is edited; the
        // few edits that make one shared or not get the full index.
        let words = [
            "十道关口严把",
            "12380",
            "换届风气监督",
            "38.0%",
            "县委",
            "一",
        ];
        let in_place = random_edits(&words, 60, 80);
        assert!(in_place >= 60, "{in_place} of 80 patched in place");
    }

    #[test]
    fn files_reused_in_a_redone_index_are_those_a_full_index_makes() {
        // Enough distinct text for many shards and page files.
        let site = |edited: &str| -> Vec<PageText> {
            (0..400usize)
                .map(|n| {
                    let own = if n == 200 {
                        edited.to_string()
                    } else {
                        format!("编号{}", n * 7919 % 10007)
                    };
                    let c = char::from_u32(0x4e00 + (n as u32 * 37) % 2000).unwrap_or('县');
                    page(
                        &format!("{n:03}/index.html"),
                        &format!("题\n{own} {c}{c}页"),
                    )
                })
                .collect()
        };
        let (first, mut state) = index_kept(site("编号0"));
        let shards = first
            .iter()
            .filter(|f| f.path.starts_with("search/g/"))
            .count();
        assert!(shards >= 4, "{shards} shards");
        for edited in ["编号123456789", "鼎鼐", "编号0"] {
            let again = index_again(&mut state, site(edited)).expect("redone in place");
            let full = index(site(edited));
            assert_eq!(again, full, "{edited}");
        }
    }

    #[test]
    fn segments_are_the_runs_between_whitespace_in_their_fields() {
        // Every whitespace character on a page, and its neighbours in UTF-8, as the page's
        // text is read from its HTML.
        let spaces: Vec<char> = (0..=0x3000u32)
            .filter_map(char::from_u32)
            .filter(|c| c.is_whitespace())
            .collect();
        let mut body = String::new();
        for (n, c) in spaces.iter().enumerate() {
            body.push_str(&format!("县{n}{c}\u{85}a\u{2030}\u{3001}{c}{c}é\u{1681}"));
        }
        let html =
            format!("<main><h1>标题 一</h1><p>{body}</p><h2>小标题</h2><p>\n 末段 </p></main>");
        let page =
            super::super::page_text("counties/a/index.html", html.as_bytes()).expect("a page");
        let mut want = vec![(0, "标题"), (0, "一"), (1, "小标题")];
        want.extend(
            body.split(char::is_whitespace)
                .filter(|s| !s.is_empty())
                .map(|s| (2, s)),
        );
        want.push((2, "末段"));
        assert_eq!(segments(&page), want);
    }

    /// The files of `files` under `dir`, by path.
    fn files_in(files: &[OutputFile], dir: &str) -> BTreeMap<String, Vec<u8>> {
        files
            .iter()
            .filter(|f| f.path.starts_with(dir))
            .map(|f| (f.path.clone(), f.contents().into_owned()))
            .collect()
    }

    /// The paths of `old` whose file `new` lacks or holds other bytes in.
    fn rewritten<'a>(
        old: &'a BTreeMap<String, Vec<u8>>,
        new: &BTreeMap<String, Vec<u8>>,
    ) -> Vec<&'a String> {
        old.iter()
            .filter(|(path, js)| new.get(*path) != Some(*js))
            .map(|(path, _)| path)
            .collect()
    }

    #[test]
    fn shards_added_by_an_edit_leave_the_other_shards_as_they_were() {
        // Pages of Hangul syllables; then the last page's text runs on with Han characters,
        // which sort before them: shards are added at the front.
        let text = |n: usize| -> String {
            (0..300)
                .map(|i| char::from_u32(0xAC00 + ((n * 7919 + i * 104_729) % 11_000) as u32))
                .collect::<Option<String>>()
                .expect("Hangul syllables")
        };
        let path = |n: usize| format!("articles/a{n:02}/index.html");
        let before: Vec<PageText> = (0..40).map(|n| page(&path(n), &text(n))).collect();
        let mut after = before.clone();
        let added: String = (0x4E00..0x4E00 + 1500).filter_map(char::from_u32).collect();
        after[39] = page(&path(39), &format!("{}{added}", text(39)));
        let shards = |pages: Vec<PageText>| files_in(&index(pages), "search/g/");
        let (old, new) = (shards(before), shards(after));
        assert!(
            old.len() > 10 && new.len() > old.len() + 1,
            "{} → {}",
            old.len(),
            new.len()
        );
        // Every old shard is kept, name and bytes, but the shard of the pair that joins the
        // old text to the new (a Hangul syllable and a Han character) and the shards about
        // the place where the new grams meet the old ones, whose cuts may move.
        let changed = rewritten(&old, &new);
        assert!(changed.len() <= 3, "{changed:?} of {}", old.len());
    }

    #[test]
    fn a_page_given_more_text_leaves_the_other_page_files_as_they_were() {
        // Pages of much the same size, a few to a page file; then one of them grows.
        let text = |n: usize, words: usize| -> String {
            (0..words)
                .map(|w| format!("第{n}页第{w}段文字"))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let path = |n: usize| format!("articles/a{n:03}/index.html");
        let before: Vec<PageText> = (0..300).map(|n| page(&path(n), &text(n, 20))).collect();
        let mut after = before.clone();
        after[10] = page(&path(10), &text(10, 40));
        let page_files = |pages: Vec<PageText>| files_in(&index(pages), "search/p/");
        let (old, new) = (page_files(before), page_files(after));
        assert!(old.len() > 20, "{} page files", old.len());
        // The file of the page that grew, and those whose cuts its growth moved.
        let changed = rewritten(&old, &new);
        assert!(changed.len() <= 3, "{changed:?}");
    }

    #[test]
    fn a_page_given_another_segment_leaves_the_other_shards_as_they_were() {
        // Pages of words of Hangul syllables, each page's its own; then one page gains a
        // word, which its slots hold: no later page's numbers move.
        let word = |n: usize, w: usize, len: usize| -> String {
            (0..len)
                .map(|i| {
                    let k = (n * 7919 + w * 104_729 + i * 15_485_863) % 11_000;
                    char::from_u32(0xAC00 + k as u32).expect("a Hangul syllable")
                })
                .collect()
        };
        let text = |n: usize, words: usize| -> String {
            (0..words)
                .map(|w| word(n, w, 4))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let path = |n: usize| format!("articles/a{n:03}/index.html");
        let before: Vec<PageText> = (0..300).map(|n| page(&path(n), &text(n, 20))).collect();
        let mut after = before.clone();
        // A page with numbers to spare (a page without moves the later ones once in
        // sixteen: see the test below).
        let grown = (0..300)
            .find(|&p| slots(p, 20) > 20)
            .expect("a page with room");
        after[grown] = page(
            &path(grown),
            &format!("{} {}", text(grown, 20), word(grown, 20, 2)),
        );
        let shards = |files: &[OutputFile]| files_in(files, "search/g/");
        let (mut state, old_files) = {
            let (files, state) = index_kept(before);
            (state, files)
        };
        let new_files = index_again(&mut state, after.clone()).expect("redone in place");
        assert_eq!(new_files, index(after));
        let (old, new) = (shards(&old_files), shards(&new_files));
        assert!(old.len() > 10, "{} shards", old.len());
        // The shards of the new word's three grams, and those whose cuts their longer
        // postings moved.
        let changed = rewritten(&old, &new);
        assert!(changed.len() <= 6, "{changed:?} of {}", old.len());
    }

    #[test]
    fn pages_of_the_same_count_end_their_blocks_at_counts_of_their_own() {
        // Many pages with about as many segments: one more moves the later numbers for
        // about one page in sixteen, at any count; a rounding every page shared would move
        // them for every page at one count and for none at the others.
        for count in 0..100 {
            let moved = (0..16_000)
                .filter(|&p| slots(p, count + 1) != slots(p, count))
                .count();
            assert!((500..=1500).contains(&moved), "{count}: {moved} of 16,000");
        }
        for p in 0..1600 {
            for count in 0..100 {
                let taken = slots(p, count);
                assert!((count..count + SLOT_SPAN).contains(&taken), "{p} {count}");
            }
        }
    }

    #[test]
    fn the_same_pages_give_the_same_files() {
        let a = index(vec![
            page("b/index.html", "县委"),
            page("a/index.html", "县长"),
        ]);
        let b = index(vec![
            page("a/index.html", "县长"),
            page("b/index.html", "县委"),
        ]);
        assert_eq!(a, b);
        assert!(a.iter().any(|f| f.path == "search/meta.js"));
    }
}
