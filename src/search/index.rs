//! The index: every page's text as postings of single characters and character pairs,
//! sharded by gram, so that a query loads only the shards of its grams. A pair's postings hold its positions, so that a longer query is found
//! exactly (pairs at consecutive positions) without the pages' text.
//!
//! Files, all scripts that hand their data to `window.qfSearch` (a script loads from
//! `file://`, where `fetch` does not):
//! - `search/search.js`: the browser side;
//! - `search/meta.js`: the number of pages and shards, which pages are counties, and the
//!   Traditional characters whose Simplified forms occur on the site;
//! - `search/slugs.js`: each county's slug (loaded for Latin queries only);
//! - `search/g/<shard>.js`: postings, `{gram: numbers}`, each gram in the shard its
//!   characters' code points give (`(first × 65599 + second) mod shards`, 0 for none);
//! - `search/d/<page>.js`: a page's address, title, kind and the start of its text (for the
//!   snippets of the results shown).
//!
//! Numbers are written as variable-length base-64 digits (five bits a digit, the sixth
//! says another follows). A posting is, for each page holding the gram: the page's number
//! (as the difference from the previous one) and its occurrences in the title, headings and
//! body. A pair has a second posting, under its key with `#` after it, that also holds the
//! positions of all of them (each as the difference from the previous one): a query of
//! two characters needs only the first, a longer one only the second.

use std::collections::HashMap;
use std::fmt::Write;

use rayon::prelude::*;

use super::PageText;
use super::fold::fold;
use crate::render::OutputFile;
use crate::url::SEARCH_DIR;

/// The browser side.
const SEARCH_JS: &str = include_str!("search.js");

/// About how many bytes of postings a shard holds.
const SHARD_BYTES: usize = 48 * 1024;

const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// A gram's key: two characters, or one and [`NONE`]; and whether it is a pair's postings
/// with positions (`true`) or its counts alone.
type Gram = (char, char, bool);
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

/// The shard a gram is in (`search.js` computes the same).
fn shard_of(gram: Gram, shards: usize) -> usize {
    let b = if gram.1 == NONE { 0 } else { gram.1 as u64 };
    let positions = if gram.2 { 1_000_003 } else { 0 };
    ((gram.0 as u64 * 65599 + b + positions) % shards as u64) as usize
}

/// Whether a folded character separates words (no gram spans it).
fn separates(c: char) -> bool {
    c.is_whitespace() || c == NONE
}

/// One page's postings, in one buffer: each gram (by shard, then gram) with where its
/// counts in the three fields and, for a pair, its positions end in `text` (each starts
/// where the previous one ends).
struct PagePostings {
    text: String,
    /// Shard, gram, and the range of `text` holding its numbers.
    grams: Vec<(u32, Gram, u32, u32)>,
}

/// The longest text indexed of one page, in characters (positions fit in 22 bits).
const MAX_CHARS: usize = (1 << 22) - 1;

fn page_postings(page: &PageText, shards: usize) -> PagePostings {
    let chars: Vec<char> = page.text.chars().take(MAX_CHARS).map(fold).collect();
    let field = |at: usize| {
        if at < page.title_end {
            0
        } else if at < page.heading_end {
            1
        } else {
            2
        }
    };
    // Every occurrence as one number, gram then position, sorted: the positions of one
    // gram come out together and in order.
    let pack = |a: char, b: char, at: usize| (a as u64) << 43 | (b as u64) << 22 | at as u64;
    let mut seen: Vec<u64> = Vec::with_capacity(chars.len() * 2);
    for (at, &c) in chars.iter().enumerate() {
        if separates(c) {
            continue;
        }
        seen.push(pack(c, NONE, at));
        if let Some(&next) = chars.get(at + 1)
            && !separates(next)
        {
            seen.push(pack(c, next, at));
        }
    }
    seen.sort_unstable();
    let gram_of = |v: u64| {
        let a = char::from_u32((v >> 43) as u32).unwrap_or(NONE);
        let b = char::from_u32(((v >> 22) & 0x1F_FFFF) as u32).unwrap_or(NONE);
        (a, b)
    };
    let mut out = PagePostings {
        text: String::with_capacity(seen.len() * 2),
        grams: Vec::new(),
    };
    let mut start = 0u32;
    for run in seen.chunk_by(|x, y| x >> 22 == y >> 22) {
        let (a, b) = gram_of(run[0]);
        let at = |v: &u64| (v & 0x3F_FFFF) as usize;
        let mut counts = [0usize; 3];
        for v in run {
            counts[field(at(v))] += 1;
        }
        // The counts alone (all a query of one or two characters needs) and, for a pair,
        // the counts with the positions, each under a key of its own.
        let kinds: &[bool] = if b == NONE { &[false] } else { &[false, true] };
        for &positions in kinds {
            for n in counts {
                push_number(&mut out.text, n);
            }
            if positions {
                let mut last = 0;
                for v in run {
                    push_number(&mut out.text, at(v) - last);
                    last = at(v);
                }
            }
            let gram = (a, b, positions);
            let end = out.text.len() as u32;
            out.grams
                .push((shard_of(gram, shards) as u32, gram, start, end));
            start = end;
        }
    }
    out.grams
        .sort_unstable_by_key(|&(shard, gram, _, _)| (shard, gram));
    out
}

/// How many shards: about [`SHARD_BYTES`] of postings each, from the length of the text
/// (the postings take about four bytes a character).
fn shard_count(pages: &[PageText]) -> usize {
    let chars: usize = pages.iter().map(|p| p.text.chars().count()).sum();
    (chars * 4).div_ceil(SHARD_BYTES).max(1)
}

/// The postings of a run of shards, `first..first + maps.len()`, as they are gathered page
/// by page: each gram's postings and the last page added to them.
struct ShardGroup {
    first: usize,
    maps: Vec<HashMap<Gram, (String, usize)>>,
}

impl ShardGroup {
    /// Adds the postings of `pages`, numbered from `first_doc`. Each page's grams are
    /// sorted by shard: they are read from where this group's first shard starts.
    fn add(&mut self, first_doc: usize, pages: &[PagePostings]) {
        for (i, page) in pages.iter().enumerate() {
            let doc = first_doc + i;
            let from = page
                .grams
                .partition_point(|(s, _, _, _)| (*s as usize) < self.first);
            for &(shard, gram, start, end) in &page.grams[from..] {
                let Some(map) = (shard as usize)
                    .checked_sub(self.first)
                    .and_then(|i| self.maps.get_mut(i))
                else {
                    break;
                };
                let (s, last) = map.entry(gram).or_insert_with(|| (String::new(), 0));
                push_number(s, doc - *last);
                *last = doc;
                s.push_str(page.text.get(start as usize..end as usize).unwrap_or(""));
            }
        }
    }

    fn files(self) -> Vec<(OutputFile, Vec<char>)> {
        let first = self.first;
        self.maps
            .into_iter()
            .enumerate()
            .map(|(i, map)| shard_file(first + i, map))
            .collect()
    }
}

/// One shard's file, and the single characters it holds.
fn shard_file(n: usize, postings: HashMap<Gram, (String, usize)>) -> (OutputFile, Vec<char>) {
    let mut grams: Vec<(Gram, String)> = postings.into_iter().map(|(g, (s, _))| (g, s)).collect();
    grams.sort_unstable_by_key(|(g, _)| *g);
    let mut js = format!("qfSearch.shard({n},{{");
    let mut singles = Vec::new();
    for (i, ((a, b, positions), s)) in grams.iter().enumerate() {
        if i > 0 {
            js.push(',');
        }
        let mut key = a.to_string();
        if *b == NONE {
            singles.push(*a);
        } else {
            key.push(*b);
        }
        if *positions {
            key.push('#');
        }
        let _ = write!(js, "{}:\"{s}\"", js_string(&key));
    }
    js.push_str("});\n");
    (
        OutputFile::text(format!("{SEARCH_DIR}g/{n}.js"), js),
        singles,
    )
}

/// The most of a page's text kept for snippets, in characters: a list of 3,000 counties
/// need not be fetched whole to show one line of it. (Its postings hold all of it.)
const SNIPPET_CHARS: usize = 6000;

/// The start of `text` that snippets are cut from.
fn snippet_text(text: &str) -> &str {
    match text.char_indices().nth(SNIPPET_CHARS) {
        Some((at, _)) => &text[..at],
        None => text,
    }
}

fn js_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// The index's files for `pages` (in any order; the same pages give the same bytes).
pub fn index(mut pages: Vec<PageText>) -> Vec<OutputFile> {
    pages.sort_by(|a, b| a.path.cmp(&b.path));
    let shards = shard_count(&pages);
    // Shards in groups, a group a task; pages a few hundred at a time, so that their
    // postings need not all wait in memory.
    let per_group = shards.div_ceil(64).max(1);
    let mut groups: Vec<ShardGroup> = (0..shards)
        .step_by(per_group)
        .map(|first| ShardGroup {
            first,
            maps: (first..(first + per_group).min(shards))
                .map(|_| HashMap::new())
                .collect(),
        })
        .collect();
    for (chunk, some) in pages.chunks(256).enumerate() {
        let postings: Vec<PagePostings> =
            some.par_iter().map(|p| page_postings(p, shards)).collect();
        groups
            .par_iter_mut()
            .for_each(|g| g.add(chunk * 256, &postings));
    }
    let made: Vec<(OutputFile, Vec<char>)> = groups
        .into_par_iter()
        .flat_map_iter(ShardGroup::files)
        .collect();
    let mut simplified_seen = std::collections::BTreeSet::new();
    let mut files = Vec::with_capacity(made.len() + pages.len() + 3);
    for (file, singles) in made {
        files.push(file);
        simplified_seen.extend(singles);
    }
    let dir = SEARCH_DIR;
    files.par_extend(pages.par_iter().enumerate().map(|(n, page)| {
        let doc = format!(
            "{{\"u\":{},\"t\":{},\"k\":{},\"x\":{}}}",
            js_string(&page.path),
            js_string(&page.title),
            js_string(page.kind),
            js_string(snippet_text(&page.text))
        );
        OutputFile::text(
            format!("{dir}d/{n}.js"),
            format!("qfSearch.doc({n},{doc});\n"),
        )
    }));
    let kinds: String = pages
        .iter()
        .map(|p| if p.slug.is_some() { 'c' } else { 'o' })
        .collect();
    // The Traditional characters a query may hold for a character on the site.
    let traditional: String = super::fold::traditional_pairs()
        .filter(|(t, s)| simplified_seen.contains(s) && fold(*t) == *s)
        .flat_map(|(t, s)| [t, s])
        .collect();
    let meta = serde_json::json!({
        "v": 1,
        "n": pages.len(),
        "s": shards,
        "k": kinds,
        "t": traditional,
    });
    files.push(OutputFile::text(
        format!("{dir}meta.js"),
        format!("qfSearch.meta({meta});\n"),
    ));
    let slugs: serde_json::Map<String, serde_json::Value> = pages
        .iter()
        .enumerate()
        .filter_map(|(n, p)| Some((p.slug.clone()?, n.into())))
        .collect();
    files.push(OutputFile::text(
        format!("{dir}slugs.js"),
        format!("qfSearch.slugs({});\n", serde_json::Value::Object(slugs)),
    ));
    files.push(OutputFile::text(
        format!("{dir}search.js"),
        SEARCH_JS.to_string(),
    ));
    files
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
    fn numbers_are_base64_varints() {
        let mut s = String::new();
        for n in [0, 31, 32, 1000] {
            push_number(&mut s, n);
        }
        assert_eq!(s, "AfgBof");
    }

    #[test]
    fn pairs_keep_positions_and_whitespace_breaks_words() {
        let p = page_postings(&page("a/index.html", "換屆 换届"), 3);
        let get = |k: Gram| {
            p.grams
                .iter()
                .find(|(_, g, _, _)| *g == k)
                .map(|(_, _, a, b)| p.text[*a as usize..*b as usize].to_string())
        };
        // 换届 twice (title once, body once) at 0 and 3; no pair across the space.
        assert_eq!(get(('换', '届', true)).as_deref(), Some("BABAD"));
        assert_eq!(get(('换', '届', false)).as_deref(), Some("BAB"));
        assert_eq!(get(('届', '换', false)), None);
        assert_eq!(get(('换', NONE, false)).as_deref(), Some("BAB"));
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
