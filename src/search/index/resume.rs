//! The index of a build into an output that already holds one: read back from the index's
//! own files (the postings, the page files, the shared segments) and the previous build's
//! texts of its pages, then patched where a few pages changed ([`index_again`]), as
//! `serve` patches the index it keeps. Anything missing, damaged or changed in a way the
//! patch cannot follow makes the full index instead: the files are the same either way.

use rayon::prelude::*;

use super::patch::AGAIN_MAX_PAGES;
use super::{
    FORMAT, FastMap, Gram, IndexState, Made, NONE, POSITIONS_MARK, carried_path, gram_name,
    gram_of, index, index_again, kinds, read_number, shard_path, shared_by_count, slots,
    slug_and_script_files,
};
use crate::render::OutputFile;
use crate::search::PageText;
use crate::url::SEARCH_DIR;

/// The index's files for `pages`, patched from the index the previous build left when it
/// can be: `earlier(path)` is the text the previous build recorded for the page at `path`,
/// `read(path)` the bytes of an index file it wrote (none unless it is in place as
/// written; a build may have read them all beforehand, see [`read_index_files`]). Also how
/// the index came from the previous build's.
pub fn index_resumed(
    pages: Vec<PageText>,
    earlier: impl Fn(&str) -> Option<PageText> + Sync,
    read: impl Fn(&str) -> Option<Vec<u8>> + Sync,
) -> (Vec<OutputFile>, Resumed) {
    // Too many pages changed (or unknown) for a patch: the files are not even read.
    let changed = pages
        .par_iter()
        .filter(|p| earlier(&p.path).as_ref() != Some(*p))
        .count();
    if changed > AGAIN_MAX_PAGES {
        return (index(pages), Resumed::Made);
    }
    // Not one page changed: the index in place is this build's, as it is.
    if changed == 0
        && let Some(files) = read_unchanged(pages.len(), &read)
    {
        return (files, Resumed::Unchanged);
    }
    let Some(mut state) = read_back(&earlier, &read) else {
        return (index(pages), Resumed::Made);
    };
    match index_again(&mut state, pages) {
        Ok(files) => (files, Resumed::Patched),
        Err(pages) => (index(pages), Resumed::Made),
    }
}

/// How a build's search index came from the one the previous build left in place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resumed {
    /// Made afresh: none in place, too many pages changed, or a file of it unreadable.
    Made,
    /// Read back and patched where pages' texts changed.
    Patched,
    /// Not one page's text changed: its files, as they are.
    Unchanged,
}

/// What `meta.js` says of the index: how many pages, their unique segments' counts by
/// field, the unique segments' total, the pages' kinds, how many postings and positions
/// shards, the page files' first pages, and the shared files' first segments.
struct Meta {
    pages: usize,
    unique_counts: String,
    unique: usize,
    kinds: String,
    /// Each postings shard's first gram, which names it.
    g_firsts: Vec<Gram>,
    page_firsts: Vec<usize>,
    shared_starts: String,
    shared_files: usize,
    /// The grams whose runs of pages have files of their own (`c/`).
    carried: Option<Vec<String>>,
}

/// Every file of the index the previous build left (`meta.js` and the files it lists), by
/// path, as `read` gives them; none when one of them is missing (not in place as written).
/// A build reads them on a thread of its own while it makes its pages, which do not
/// depend on them, for [`index_resumed`] to take them as they are or patch them.
pub fn read_index_files(
    read: &(impl Fn(&str) -> Option<Vec<u8>> + Sync),
) -> Option<Vec<(String, Vec<u8>)>> {
    let meta_path = format!("{SEARCH_DIR}meta.js");
    let meta_bytes = read(&meta_path)?;
    let meta = read_meta(std::str::from_utf8(&meta_bytes).ok()?)?;
    let mut paths = vec![
        format!("{SEARCH_DIR}search.js"),
        format!("{SEARCH_DIR}slugs.js"),
    ];
    paths.extend(meta.g_firsts.iter().map(|&first| shard_path(first)));
    paths.extend(
        meta.page_firsts
            .iter()
            .map(|first| format!("{SEARCH_DIR}p/{first}.js")),
    );
    paths.extend((0..meta.shared_files).map(|n| format!("{SEARCH_DIR}s/{n}.js")));
    for key in meta.carried.as_ref()? {
        paths.push(carried_path(gram_of(key)?));
    }
    let mut files = paths
        .into_par_iter()
        .map(|path| read(&path).map(|bytes| (path, bytes)))
        .collect::<Option<Vec<_>>>()?;
    files.push((meta_path, meta_bytes));
    Some(files)
}

/// The index's files as the previous build left them, when every one of them is in place
/// as written and it indexed `pages` pages (each of them one of this build's, with the
/// same text: the caller checked): they are then this build's index, byte for byte.
fn read_unchanged(
    pages: usize,
    read: &(impl Fn(&str) -> Option<Vec<u8>> + Sync),
) -> Option<Vec<OutputFile>> {
    let files = read_index_files(read)?;
    let meta_path = format!("{SEARCH_DIR}meta.js");
    let (_, meta) = files.iter().find(|(path, _)| *path == meta_path)?;
    if read_meta(std::str::from_utf8(meta).ok()?)?.pages != pages {
        return None;
    }
    let mut files: Vec<OutputFile> = files
        .into_iter()
        .map(|(path, bytes)| OutputFile::new(path, bytes))
        .collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Some(files)
}

/// The state [`index_again`] starts from, read back from the index's files and the pages'
/// earlier texts; none when any of them is missing or does not read as the index writes
/// it.
fn read_back(
    earlier: &(impl Fn(&str) -> Option<PageText> + Sync),
    read: &(impl Fn(&str) -> Option<Vec<u8>> + Sync),
) -> Option<IndexState> {
    let text = |path: String| String::from_utf8(read(&path)?).ok().map(|t| (path, t));
    let meta = read_meta(&text(format!("{SEARCH_DIR}meta.js"))?.1)?;
    let g_files = meta
        .g_firsts
        .par_iter()
        .map(|&first| read_shard(first, text(shard_path(first))?))
        .collect::<Option<Vec<_>>>()?;
    let p_files = meta
        .page_firsts
        .par_iter()
        .map(|&first| read_page_file(first, text(format!("{SEARCH_DIR}p/{first}.js"))?))
        .collect::<Option<Vec<_>>>()?;
    let s_files = (0..meta.shared_files)
        .into_par_iter()
        .map(|n| text(format!("{SEARCH_DIR}s/{n}.js")))
        .collect::<Option<Vec<_>>>()?;
    // The carried runs' files, as they are: a patch makes again only those of the grams it
    // writes anew, unless the shared segments' runs change.
    let c_files = meta
        .carried
        .as_ref()?
        .par_iter()
        .map(|key| {
            let gram = gram_of(key)?;
            let (path, js) = text(carried_path(gram))?;
            Some((gram, OutputFile::text(path, js)))
        })
        .collect::<Option<std::collections::BTreeMap<_, _>>>()?;

    let (g_made, shard_grams): (Vec<_>, Vec<_>) = g_files.into_iter().unzip();
    let grams: Vec<_> = shard_grams.into_iter().flatten().collect();
    if grams.windows(2).any(|w| w[0].0 >= w[1].0) {
        return None;
    }
    let mut page_entries = Vec::with_capacity(meta.pages);
    let mut p_made = Vec::with_capacity(p_files.len());
    for (first, entries, file) in p_files {
        if first != page_entries.len() {
            return None;
        }
        page_entries.extend(entries);
        p_made.push((first, page_entries.len(), 0, file));
    }
    if page_entries.len() != meta.pages {
        return None;
    }
    let pages = page_entries
        .par_iter()
        .map(|entry| {
            let path = entry_path(entry)?;
            earlier(&path).filter(|p| p.path == path)
        })
        .collect::<Option<Vec<PageText>>>()?;
    if kinds(&pages) != meta.kinds || pages.windows(2).any(|w| w[0].path >= w[1].path) {
        return None;
    }
    let page_starts = page_starts(&meta.unique_counts, meta.pages, meta.unique)?;
    let mut occurrences = FastMap::default();
    let mut fixed = Vec::with_capacity(s_files.len() + 2);
    let mut shared = Vec::new();
    let mut shared_layout = Vec::with_capacity(s_files.len());
    for (path, js) in s_files {
        shared_layout.push((shared.len(), js.len()));
        for (segment, runs) in read_shared(&js)? {
            let count = run_occurrences(&runs)?;
            if !shared_by_count(&segment, count) {
                return None;
            }
            occurrences.insert(segment.clone(), count);
            shared.push((segment, runs));
        }
        fixed.push(OutputFile::text(path, js));
    }
    fixed.extend(slug_and_script_files(&pages));
    Some(IndexState {
        pages,
        page_starts,
        occurrences,
        all_counted: false,
        grams,
        page_entries,
        fixed,
        shared,
        shared_layout,
        g_files: g_made,
        p_files: p_made,
        c_files,
        c_fresh: true,
        unique_counts: meta.unique_counts,
        unique: meta.unique,
        kinds: meta.kinds,
        shared_starts: meta.shared_starts,
    })
}

/// `js` without `head` before and `tail` after.
fn inside<'a>(js: &'a str, head: &str, tail: &str) -> Option<&'a str> {
    js.strip_prefix(head)?.strip_suffix(tail)
}

fn read_meta(js: &str) -> Option<Meta> {
    let v: serde_json::Value = serde_json::from_str(inside(js, "qfSearch.meta(", ");\n")?).ok()?;
    if v.get("v")?.as_u64()? != FORMAT {
        return None;
    }
    let text = |k: &str| v.get(k)?.as_str().map(str::to_string);
    let number = |k: &str| usize::try_from(v.get(k)?.as_u64()?).ok();
    // Pairs of code points, the second 0 for a single character.
    let grams = |k: &str| {
        let points = v.get(k)?.as_array()?;
        if points.len() % 2 != 0 {
            return None;
        }
        points
            .chunks(2)
            .map(|pair| {
                let point =
                    |v: &serde_json::Value| char::from_u32(u32::try_from(v.as_u64()?).ok()?);
                let (a, b) = (point(&pair[0])?, point(&pair[1])?);
                (a != NONE).then_some((a, b))
            })
            .collect::<Option<Vec<Gram>>>()
    };
    let shared_starts = text("s")?;
    let mut page_firsts = numbers(&text("p")?)?;
    let mut last = 0;
    for first in &mut page_firsts {
        *first += last;
        last = *first;
    }
    Some(Meta {
        pages: number("n")?,
        unique_counts: text("u")?,
        unique: number("U")?,
        kinds: text("k")?,
        g_firsts: grams("g")?,
        page_firsts,
        shared_files: numbers(&shared_starts)?.len(),
        shared_starts,
        carried: v.get("c").and_then(|c| {
            c.as_array()?
                .iter()
                .map(|g| g.as_str().map(str::to_string))
                .collect()
        }),
    })
}

/// Whether `digits` is a run of the index's digits (every byte a digit, the last one
/// ending a number): what [`numbers`] reads, checked without reading it.
fn are_numbers(digits: &str) -> bool {
    let bytes = digits.as_bytes();
    bytes
        .iter()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'))
        && bytes.last().is_none_or(|&b| is_last_digit(b))
}

/// The numbers of a run of the index's digits; none when it is not one.
fn numbers(digits: &str) -> Option<Vec<usize>> {
    if !are_numbers(digits) {
        return None;
    }
    let bytes = digits.as_bytes();
    let mut at = 0;
    let mut out = Vec::new();
    while at < bytes.len() {
        out.push(read_number(bytes, &mut at));
    }
    Some(out)
}

/// Whether `b` ends a number (a digit below 32: `A`–`Z`, `a`–`f`).
fn is_last_digit(b: u8) -> bool {
    b.is_ascii_uppercase() || (b'a'..=b'f').contains(&b)
}

/// Each page's first unique segment from the counts `meta.js` lists (three a page), a page
/// taking its [`slots`].
fn page_starts(unique_counts: &str, pages: usize, unique: usize) -> Option<Vec<usize>> {
    let counts = numbers(unique_counts)?;
    if counts.len() != pages * 3 {
        return None;
    }
    let mut starts = Vec::with_capacity(pages + 1);
    let mut at = 0;
    for (page, c) in counts.chunks(3).enumerate() {
        starts.push(at);
        at += slots(page, c.iter().sum::<usize>());
    }
    starts.push(at);
    (at == unique).then_some(starts)
}

/// A postings shard: the file as [`Made`], and its grams with their postings and (a
/// pair's) positions.
type Shard = (Made<Gram>, Vec<(Gram, String, String)>);

/// The shard whose first gram `meta.js` gives as `first`, read from its file (`path`,
/// `js`); none unless it reads as written, with that first gram.
fn read_shard(first: Gram, (path, js): (String, String)) -> Option<Shard> {
    let head = format!("qfSearch.shard(\"{}\",{{", gram_name(first));
    let body = inside(&js, &head, "});\n")?;
    let mut grams = Vec::new();
    let mut rest = body;
    while !rest.is_empty() {
        let (key, after) = js_string_at(rest)?;
        let after = after.strip_prefix(":\"")?;
        let end = after.find('"')?;
        let gram = gram_of(&key)?;
        // A pair's postings, then its positions; a single character's postings alone.
        let (postings, positions) = match after[..end].split_once(POSITIONS_MARK) {
            Some(both) if gram.1 != NONE => both,
            None if gram.1 == NONE => (&after[..end], ""),
            _ => return None,
        };
        if !are_numbers(postings) || !are_numbers(positions) {
            return None;
        }
        if grams.last().is_some_and(|(last, _, _)| *last >= gram) {
            return None;
        }
        grams.push((gram, postings.to_string(), positions.to_string()));
        rest = &after[end + 1..];
        rest = rest.strip_prefix(',').unwrap_or(rest);
    }
    let (&(from, _, _), &(last, _, _)) = (grams.first()?, grams.last()?);
    if from != first {
        return None;
    }
    let made = (from, last, grams.len(), OutputFile::text(path, js));
    Some((made, grams))
}

/// The JavaScript string literal (as [`super::push_js_string`] writes one) at the start of
/// `s`, read, and what follows it.
fn js_string_at(s: &str) -> Option<(String, &str)> {
    let body = s.strip_prefix('"')?;
    let bytes = body.as_bytes();
    let mut at = 0;
    let mut escaped = false;
    while at < bytes.len() {
        match bytes[at] {
            b'\\' => {
                escaped = true;
                at += 2;
            }
            b'"' => break,
            _ => at += 1,
        }
    }
    let literal = s.get(..at + 2)?;
    let value = if escaped {
        serde_json::from_str(literal).ok()?
    } else {
        body.get(..at)?.to_string()
    };
    Some((value, s.get(at + 2..)?))
}

/// A page file's first page, its pages' entries (each as written) and the file.
fn read_page_file(
    first: usize,
    (path, js): (String, String),
) -> Option<(usize, Vec<String>, OutputFile)> {
    let body = inside(&js, &format!("qfSearch.pages({first},["), "]);\n")?;
    let entries = top_level_arrays(body)?
        .into_iter()
        .map(str::to_string)
        .collect();
    Some((first, entries, OutputFile::text(path, js)))
}

/// The arrays of a comma-separated run of JSON arrays, each as written.
fn top_level_arrays(s: &str) -> Option<Vec<&str>> {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let (mut depth, mut start, mut in_string, mut at) = (0usize, 0, false, 0);
    while at < bytes.len() {
        let b = bytes[at];
        if in_string {
            match b {
                b'\\' => at += 1,
                b'"' => in_string = false,
                _ => {}
            }
        } else {
            match b {
                b'"' => in_string = true,
                b'[' => {
                    if depth == 0 {
                        start = at;
                    }
                    depth += 1;
                }
                b']' => {
                    depth = depth.checked_sub(1)?;
                    if depth == 0 {
                        out.push(&s[start..=at]);
                    }
                }
                b',' if depth == 0 => {}
                _ if depth == 0 => return None,
                _ => {}
            }
        }
        at += 1;
    }
    (depth == 0 && !in_string).then_some(out)
}

/// The page's path, the first field of its entry.
fn entry_path(entry: &str) -> Option<String> {
    js_string_at(entry.strip_prefix('[')?).map(|(path, _)| path)
}

/// A shared file's segments, each with its pages' runs (as written).
fn read_shared(js: &str) -> Option<Vec<(String, String)>> {
    let open = js.find('[')?;
    let body = inside(&js[open..], "", ");\n")?;
    let head = &js[..open];
    let first = inside(head, "qfSearch.shared(", ",")?;
    first.parse::<usize>().ok()?;
    let entries: Vec<(String, String)> = serde_json::from_str(body).ok()?;
    entries
        .into_iter()
        .map(|(segment, runs)| are_numbers(&runs).then_some((segment, runs)))
        .collect()
}

/// How many occurrences a shared segment's page runs (see the module's notes) hold.
fn run_occurrences(runs: &str) -> Option<u32> {
    let numbers = numbers(runs)?;
    let mut at = 0;
    let mut total = 0usize;
    while at < numbers.len() {
        let has_len = numbers[at] % 2 == 1;
        let code = *numbers.get(at + 1)?;
        let len = if has_len { *numbers.get(at + 2)? } else { 0 };
        total += (len + 1) * (code / 3 + 1);
        at += if has_len { 3 } else { 2 };
    }
    u32::try_from(total).ok()
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::super::SHARED_MIN_OCCURRENCES;
    use super::*;

    fn page(n: usize, text: &str) -> PageText {
        PageText {
            path: format!("counties/c{n:03}/index.html"),
            kind: "县",
            slug: Some(format!("c{n:03}")),
            title: format!("第{n}县"),
            text: format!("第{n}县\n班子\n{text}").into(),
            title_end: 4,
            heading_end: 7,
        }
    }

    /// Pages sharing a long sentence, each with text of its own (`own[n]` where given).
    fn site(own: &[&str]) -> Vec<PageText> {
        (0..SHARED_MIN_OCCURRENCES as usize + 4)
            .map(|n| {
                let text = own.get(n).copied().filter(|t| !t.is_empty());
                let text = text.map_or_else(|| format!("本县 {n} 人"), str::to_string);
                page(
                    n,
                    &format!("县委坚持把政治标准放在首位\n{text} 男\"女\\ \u{1}"),
                )
            })
            .collect()
    }

    /// What a build left: the index's files and the pages' texts, by path.
    struct Left {
        files: HashMap<String, Vec<u8>>,
        texts: HashMap<String, PageText>,
    }

    impl Left {
        fn of(pages: &[PageText]) -> Left {
            Left {
                files: index(pages.to_vec())
                    .into_iter()
                    .map(|f| (f.path.clone(), f.contents().into_owned()))
                    .collect(),
                texts: pages.iter().map(|p| (p.path.clone(), p.clone())).collect(),
            }
        }

        fn resume(&self, pages: &[PageText]) -> (Vec<OutputFile>, Resumed) {
            index_resumed(
                pages.to_vec(),
                |path| self.texts.get(path).cloned(),
                |path| self.files.get(path).cloned(),
            )
        }
    }

    #[test]
    fn an_index_read_back_and_patched_is_the_full_index() {
        let mut left = Left::of(&site(&[]));
        // Each rebuild starts from what the one before it left.
        for own in [
            vec!["", "", "", "本县 345 人"],
            vec!["", "", "", "换届 换届换届 乙"],
            vec!["", "換屆 一 二", "", "本县 12 人"],
            vec!["乙丙丁戊己庚辛 x y", "", "", "本县 12 人"],
            // A long segment on a few more pages, still too few to be shared: counted.
            vec!["甲乙丙丁 1 2", "甲乙丙丁 3 4", "甲乙丙丁 5 6"],
            vec![],
        ] {
            let pages = site(&own);
            let (files, how) = left.resume(&pages);
            assert_eq!(how, Resumed::Patched, "{own:?}");
            assert_eq!(files, index(pages.clone()), "{own:?}");
            left = Left::of(&pages);
        }
    }

    #[test]
    fn carried_runs_read_back_are_patched_as_the_full_index_makes_them() {
        // Templated sentences holding 班子, each on a run of twenty pages, over enough
        // shared bytes that 班子 carries their runs in a file of its own.
        let groups = |moved: &[(usize, usize)], own: &str| -> Vec<PageText> {
            (0..80)
                .map(|n| {
                    let group = moved.iter().find(|m| m.0 == n).map_or(n / 20, |m| m.1);
                    let own = if n == 3 { own } else { "甲" };
                    let mut text = format!("{own}\n班子成员共{group}人");
                    for k in 0..10 {
                        text.push_str(&format!("\n第{k}项班子里有{}人", (group + k) % 4));
                    }
                    page(n, &text)
                })
                .collect()
        };
        let carried = |files: &[OutputFile]| {
            files
                .iter()
                .filter(|f| f.path.starts_with("search/c/"))
                .count()
        };
        let mut left = Left::of(&groups(&[], "甲"));
        assert!(carried(&index(groups(&[], "甲"))) > 0);
        // Each rebuild starts from what the one before it left.
        for (what, pages) in [
            ("a page's own text", groups(&[], "乙")),
            (
                "a page's sentences those of another run",
                groups(&[(5, 1)], "乙"),
            ),
            (
                "two pages' sentences moved",
                groups(&[(5, 2), (45, 0)], "乙"),
            ),
            ("and back", groups(&[], "乙")),
        ] {
            let (files, how) = left.resume(&pages);
            assert_eq!(how, Resumed::Patched, "{what}");
            assert!(carried(&files) > 0, "{what}");
            assert_eq!(files, index(pages.clone()), "{what}");
            left = Left::of(&pages);
        }
    }

    #[test]
    fn what_the_patch_cannot_follow_gets_the_full_index_and_what_it_can_is_patched() {
        let often = vec!["十六个页面重复 1 2"; SHARED_MIN_OCCURRENCES as usize - 1];
        let left = Left::of(&site(&often));
        let mut more = often.clone();
        more.push("十六个页面重复 1 2");
        let mut added = site(&[]);
        added.push(page(99, "新页"));
        for (what, pages) in [
            ("a segment now shared", site(&more)),
            ("a page more", added),
        ] {
            let (files, how) = left.resume(&pages);
            assert_eq!(how, Resumed::Made, "{what}");
            assert_eq!(files, index(pages), "{what}");
        }
        // A page with another number of segments of its own moves the later numbers,
        // which the patch follows.
        let pages = site(&["多 一 段 四"]);
        let (files, how) = left.resume(&pages);
        assert_eq!(
            how,
            Resumed::Patched,
            "a page with another number of segments"
        );
        assert_eq!(files, index(pages));
        // A page without a shared sentence now, and another with it: the shared segment's
        // pages change, which the patch follows too.
        let often = vec!["十六个页面重复 1 2"; SHARED_MIN_OCCURRENCES as usize + 1];
        let left = Left::of(&site(&often));
        let mut moved = often.clone();
        moved[3] = "本页不同";
        moved.push("十六个页面重复 1 2");
        let pages = site(&moved);
        let (files, how) = left.resume(&pages);
        assert_eq!(how, Resumed::Patched, "a shared segment on other pages");
        assert_eq!(files, index(pages));
    }

    #[test]
    fn a_missing_or_damaged_file_or_text_gets_the_full_index() {
        let pages = site(&["", "本县 99 人"]);
        let clean = Left::of(&site(&[]));
        assert_eq!(
            clean.resume(&pages).1,
            Resumed::Patched,
            "the undamaged index is patched"
        );
        type Damage = Box<dyn Fn(&mut Left)>;
        let damages: Vec<(&str, Damage)> = vec![
            (
                "meta.js gone",
                Box::new(|l| drop(l.files.remove("search/meta.js"))),
            ),
            (
                "a postings shard cut short",
                Box::new(|l| {
                    let first = l.files.keys().filter(|p| p.starts_with("search/g/")).min();
                    let first = first.cloned().expect("a shard");
                    let g = l.files.get_mut(&first).expect("a shard");
                    g.truncate(g.len() / 2);
                }),
            ),
            (
                "a page file's entry damaged",
                Box::new(|l| {
                    let p = l.files.get_mut("search/p/0.js").expect("a page file");
                    let at = p.iter().position(|&b| b == b'[').expect("entries");
                    p[at] = b'{';
                }),
            ),
            (
                "a page's earlier text gone",
                Box::new(|l| drop(l.texts.remove("counties/c003/index.html"))),
            ),
            (
                "a shared file gone",
                Box::new(|l| drop(l.files.remove("search/s/0.js"))),
            ),
        ];
        for (what, damage) in damages {
            let mut left = Left::of(&site(&[]));
            damage(&mut left);
            let (files, how) = left.resume(&pages);
            assert_eq!(how, Resumed::Made, "{what}");
            assert_eq!(files, index(pages.clone()), "{what}");
        }
    }

    #[test]
    fn an_unchanged_site_takes_its_files_as_they_are_unless_one_is_missing() {
        let pages = site(&["换届 换届换届 乙", "", "本县 12 人"]);
        let mut left = Left::of(&pages);
        let made = index(pages.clone());
        assert!(made.iter().any(|f| f.path.starts_with("search/c/")));
        let (files, how) = left.resume(&pages);
        assert_eq!(how, Resumed::Unchanged);
        assert_eq!(files, made);
        // Taken as they are: a file changed in place (as only a build writes it) is given.
        let js = left.files.get_mut("search/search.js").expect("the script");
        js.extend_from_slice(b"// as left\n");
        let (files, _) = left.resume(&pages);
        let script = files.iter().find(|f| f.path == "search/search.js");
        assert!(script.is_some_and(|f| f.bytes.ends_with(b"// as left\n")));
        // One file missing, of any kind, or a page fewer: the index is made as it should be.
        for gone in ["search/c/", "search/g/", "search/p/", "search/s/"] {
            let mut left = Left::of(&pages);
            let path = left.files.keys().find(|p| p.starts_with(gone)).cloned();
            left.files.remove(&path.expect("a file"));
            assert_eq!(left.resume(&pages).0, made, "{gone}");
        }
        // An index of another version (as an older qingfeng left it) is made afresh.
        let mut left = Left::of(&pages);
        let meta = left.files.get_mut("search/meta.js").expect("meta.js");
        let js = String::from_utf8(meta.clone()).expect("text");
        *meta = js
            .replace(&format!("{{\"v\":{FORMAT},"), "{\"v\":2,")
            .into_bytes();
        assert_ne!(*meta, js.into_bytes());
        assert_eq!(left.resume(&pages), (made.clone(), Resumed::Made));
        let fewer = pages[1..].to_vec();
        assert_eq!(Left::of(&pages).resume(&fewer).0, index(fewer));
    }

    #[test]
    fn files_are_not_read_when_too_many_pages_changed() {
        let many = (0..AGAIN_MAX_PAGES + 1)
            .map(|n| n.to_string())
            .collect::<Vec<_>>();
        let own: Vec<&str> = many.iter().map(|s| s.as_str()).collect();
        let big = |own: &[&str]| -> Vec<PageText> {
            (0..AGAIN_MAX_PAGES + 8)
                .map(|n| {
                    page(
                        n,
                        &format!("本县 {} 人", own.get(n).copied().unwrap_or("x")),
                    )
                })
                .collect()
        };
        let left = Left::of(&big(&[]));
        let reads = std::sync::atomic::AtomicUsize::new(0);
        let resume = |pages: &[PageText]| {
            index_resumed(
                pages.to_vec(),
                |path| left.texts.get(path).cloned(),
                |path| {
                    reads.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    left.files.get(path).cloned()
                },
            )
        };
        let pages = big(&own);
        assert_eq!(resume(&pages), (index(pages.clone()), Resumed::Made));
        assert_eq!(reads.load(std::sync::atomic::Ordering::Relaxed), 0);
        let pages = big(&own[..AGAIN_MAX_PAGES]);
        assert_eq!(resume(&pages), (index(pages.clone()), Resumed::Patched));
        assert!(reads.load(std::sync::atomic::Ordering::Relaxed) > 0);
    }

    #[test]
    fn digits_and_strings_read_back_as_written() {
        let mut digits = String::new();
        for n in [1, 0, 31, 32, 100_000] {
            super::super::push_number(&mut digits, n);
        }
        assert_eq!(numbers(&digits), Some(vec![1, 0, 31, 32, 100_000]));
        assert_eq!(numbers("g"), None, "a number cut short");
        assert_eq!(numbers("B!"), None);
        assert!(are_numbers(&digits) && are_numbers(""));
        assert!(!are_numbers("g") && !are_numbers("B!"));
        for s in ["县委", "a\"b\\c", "\n\u{1}", ""] {
            let mut js = String::new();
            super::super::push_js_string(&mut js, s);
            js.push_str(":rest");
            assert_eq!(js_string_at(&js), Some((s.to_string(), ":rest")), "{s:?}");
        }
        assert_eq!(js_string_at("\"open"), None);
        assert_eq!(
            run_occurrences("BFB"),
            Some(4),
            "a run of two pages, twice each"
        );
    }
}
