//! The index: every page's text as postings of single characters and character pairs,
//! sharded by the first character, so that a query loads only the shards of its
//! characters. A pair's postings hold its positions, so that a longer query is found
//! exactly (pairs at consecutive positions) without the pages' text.
//!
//! Files, all scripts that hand their data to `window.qfSearch` (a script loads from
//! `file://`, where `fetch` does not):
//! - `search/search.js`: the browser side;
//! - `search/meta.js`: the number of pages and shards, which pages are counties, and the
//!   Traditional characters whose Simplified forms occur on the site;
//! - `search/slugs.js`: each county's slug (loaded for Latin queries only);
//! - `search/g/<shard>.js`: postings, `{gram: numbers}`;
//! - `search/d/<page>.js`: a page's address, title, kind and text (for the snippets of the
//!   results shown).
//!
//! Numbers are written as variable-length base-64 digits (five bits a digit, the sixth
//! says another follows). A posting is, for each page holding the gram: the page's number
//! (as the difference from the previous one), its occurrences in the title, headings and
//! body, and, for a pair, the positions of all of them (each as the difference from the
//! previous one).

use std::collections::{BTreeMap, HashMap};
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

/// One page's postings: each gram with its counts in the three fields, and a pair's
/// positions.
fn page_postings(page: &PageText) -> Vec<(Gram, String)> {
    let chars: Vec<char> = page.text.chars().map(fold).collect();
    let mut grams: HashMap<Gram, ([usize; 3], Vec<usize>)> = HashMap::new();
    let field = |at: usize| {
        if at < page.title_end {
            0
        } else if at < page.heading_end {
            1
        } else {
            2
        }
    };
    for (at, &c) in chars.iter().enumerate() {
        if c.is_whitespace() {
            continue;
        }
        grams.entry((c, NONE)).or_default().0[field(at)] += 1;
        if let Some(&next) = chars.get(at + 1)
            && !next.is_whitespace()
        {
            let entry = grams.entry((c, next)).or_default();
            entry.0[field(at)] += 1;
            entry.1.push(at);
        }
    }
    let mut out: Vec<(Gram, String)> = grams
        .into_iter()
        .map(|(gram, (counts, positions))| {
            let mut s = String::new();
            for n in counts {
                push_number(&mut s, n);
            }
            let mut last = 0;
            for p in positions {
                push_number(&mut s, p - last);
                last = p;
            }
            (gram, s)
        })
        .collect();
    out.sort_unstable_by_key(|(gram, _)| *gram);
    out
}

/// The shard a gram is in: by its first character.
fn shard_of(gram: Gram, shards: usize) -> usize {
    gram.0 as usize % shards
}

fn js_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// The index's files for `pages` (in any order; the same pages give the same bytes).
pub fn index(mut pages: Vec<PageText>) -> Vec<OutputFile> {
    pages.sort_by(|a, b| a.path.cmp(&b.path));
    let per_page: Vec<Vec<(Gram, String)>> = pages.par_iter().map(page_postings).collect();
    // Each gram's postings, the pages in order.
    let mut postings: HashMap<Gram, (String, usize)> = HashMap::new();
    for (doc, grams) in per_page.into_iter().enumerate() {
        for (gram, entry) in grams {
            let (s, last) = postings.entry(gram).or_insert_with(|| (String::new(), 0));
            push_number(s, doc - *last);
            *last = doc;
            s.push_str(&entry);
        }
    }
    let total: usize = postings.values().map(|(s, _)| s.len() + 8).sum();
    let shards = total.div_ceil(SHARD_BYTES).max(1);
    let mut by_shard: Vec<BTreeMap<Gram, String>> = vec![BTreeMap::new(); shards];
    let mut simplified_seen = std::collections::BTreeSet::new();
    for (gram, (s, _)) in postings {
        if gram.1 == NONE {
            simplified_seen.insert(gram.0);
        }
        if let Some(shard) = by_shard.get_mut(shard_of(gram, shards)) {
            shard.insert(gram, s);
        }
    }
    let dir = SEARCH_DIR;
    let mut files: Vec<OutputFile> = by_shard
        .into_par_iter()
        .enumerate()
        .map(|(n, grams)| {
            let mut js = format!("qfSearch.shard({n},{{");
            for (i, ((a, b), s)) in grams.iter().enumerate() {
                if i > 0 {
                    js.push(',');
                }
                let mut key = a.to_string();
                if *b != NONE {
                    key.push(*b);
                }
                let _ = write!(js, "{}:\"{s}\"", js_string(&key));
            }
            js.push_str("});\n");
            OutputFile::text(format!("{dir}g/{n}.js"), js)
        })
        .collect();
    files.par_extend(pages.par_iter().enumerate().map(|(n, page)| {
        let doc = serde_json::json!({
            "u": page.path,
            "t": page.title,
            "k": page.kind,
            "x": page.text,
        });
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
    let traditional: String = crate::check::traditional::PAIRS
        .iter()
        .filter(|(t, s)| simplified_seen.contains(s) && fold(*t) == *s)
        .flat_map(|(t, s)| [*t, *s])
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
        let p = page_postings(&page("a/index.html", "換屆 换届"));
        let get = |k: Gram| p.iter().find(|(g, _)| *g == k).map(|(_, s)| s.clone());
        // 换届 twice (title once, body once) at 0 and 3; no pair across the space.
        assert_eq!(get(('换', '届')).as_deref(), Some("BABAD"));
        assert_eq!(get(('届', '换')), None);
        assert_eq!(get(('换', NONE)).as_deref(), Some("BAB"));
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
