//! The index patched in place after a few pages changed, as `serve` rebuilds after an
//! edit: only the postings of the grams the changed pages' unique segments hold before or
//! after are written again, and only the files holding them are made anew. A change that
//! would number the segments differently (which segments are shared, or how many unique
//! segments a page has in a field) needs the full index instead.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

use super::{
    FastMap, Gram, IndexState, NONE, assemble, is_long, page_entry, read_number, segment_postings,
    segments, shared_by_count, write_postings,
};
use crate::render::OutputFile;
use crate::search::PageText;

/// A changed segment's entry in a gram's postings: its number, count and positions.
type NewEntry = (usize, String, String);

/// The most pages a rebuild of the index redoes in place of a full one.
pub(super) const AGAIN_MAX_PAGES: usize = 64;

/// The index's files for `pages` when only a few of them changed since `state` was made,
/// with `state` brought up to date; the pages back when a full index is needed (the set of pages
/// changed, many pages changed, or the changes moved a segment's number: the unique
/// segments' counts of a changed page, or which segments are shared, changed). The files
/// are those [`index`] makes of the same pages.
pub fn index_again(
    state: &mut IndexState,
    mut pages: Vec<PageText>,
) -> Result<Vec<OutputFile>, Vec<PageText>> {
    pages.sort_by(|a, b| a.path.cmp(&b.path));
    if pages.len() != state.pages.len()
        || pages
            .iter()
            .zip(&state.pages)
            .any(|(a, b)| a.path != b.path)
    {
        return Err(pages);
    }
    let changed: Vec<usize> = (0..pages.len())
        .filter(|&i| pages[i] != state.pages[i])
        .collect();
    if changed.len() > AGAIN_MAX_PAGES {
        return Err(pages);
    }
    if changed.is_empty() {
        return Ok(assemble(state, &BTreeSet::new(), &[]));
    }
    let known = (&state.occurrences, state.all_counted);
    let Some(counts) = long_counts(&state.pages, known, &pages, &changed) else {
        return Err(pages);
    };
    if counts
        .iter()
        .any(|(s, &(old, new))| shared_by_count(s, old) != shared_by_count(s, new))
    {
        return Err(pages);
    }
    let Some(redone) = redo_pages(state, &pages, &changed, &counts) else {
        return Err(pages);
    };
    let (touched, ranges) = touched_grams(state, &redone);
    let dirty: BTreeSet<Gram> = touched.keys().copied().collect();
    patch_grams(&mut state.grams, touched, &ranges);
    for (i, _, new) in &redone {
        let texts: Vec<&str> = new.iter().map(String::as_str).collect();
        state.page_entries[*i] = page_entry(&pages[*i], &texts);
    }
    for (s, (_, new)) in counts {
        if !state.all_counted {
            // Only the shared segments are counted, and none became shared or stopped.
            if let Some(n) = state.occurrences.get_mut(s) {
                *n = new;
            }
        } else if new == 0 {
            state.occurrences.remove(s);
        } else if let Some(n) = state.occurrences.get_mut(s) {
            *n = new;
        } else {
            state.occurrences.insert(s.to_string(), new);
        }
    }
    for (i, page) in pages.into_iter().enumerate() {
        if changed.binary_search(&i).is_ok() {
            state.pages[i] = page;
        }
    }
    Ok(assemble(state, &dirty, &changed))
}

/// The most segments whose count a rebuild from a state read back from the index's files
/// counts in the pages (each a search through every page's text).
const COUNTED_MAX: usize = 16;

/// How often each long segment of the `changed` pages occurred before the change and
/// occurs after it; none when too many would have to be counted in the pages.
fn long_counts<'a>(
    old: &'a [PageText],
    (occurrences, all_counted): (&FastMap<String, u32>, bool),
    pages: &'a [PageText],
    changed: &[usize],
) -> Option<FastMap<&'a str, (u32, u32)>> {
    let mut steps: FastMap<&str, i64> = FastMap::default();
    for &i in changed {
        for (page, step) in [(&old[i], -1), (&pages[i], 1)] {
            for (_, s) in segments(page).into_iter().filter(|(_, s)| is_long(s)) {
                *steps.entry(s).or_default() += step;
            }
        }
    }
    let after = |n: u32, step: i64| u32::try_from(i64::from(n) + step).unwrap_or(0);
    let mut counts: FastMap<&str, (u32, u32)> = FastMap::default();
    let mut uncounted = Vec::new();
    for (s, step) in steps {
        match occurrences.get(s) {
            Some(&n) => {
                counts.insert(s, (n, after(n, step)));
            }
            None if all_counted => {
                counts.insert(s, (0, after(0, step)));
            }
            // Fewer than shared before, and no more after: not shared either time.
            None if step <= 0 => {
                counts.insert(s, (0, 0));
            }
            None => uncounted.push((s, step)),
        }
    }
    if uncounted.len() > COUNTED_MAX {
        return None;
    }
    for (s, step) in uncounted {
        let now = occurrences_in(pages, s);
        counts.insert(s, (after(now, -step), now));
    }
    Some(counts)
}

/// How often `segment` occurs in `pages` as a segment (between whitespace).
fn occurrences_in(pages: &[PageText], segment: &str) -> u32 {
    let finder = memchr::memmem::Finder::new(segment.as_bytes());
    let alone = |text: &str, at: usize| {
        text[..at]
            .chars()
            .next_back()
            .is_none_or(char::is_whitespace)
            && text[at + segment.len()..]
                .chars()
                .next()
                .is_none_or(char::is_whitespace)
    };
    pages
        .par_iter()
        .map(|p| {
            // A match that is not a whole segment cannot overlap one that is: the
            // whitespace before the latter would be inside the former.
            finder
                .find_iter(p.text.as_bytes())
                .filter(|&at| alone(&p.text, at))
                .count() as u32
        })
        .sum()
}

/// Each touched gram's new entries, by gram.
type Touched = BTreeMap<Gram, Vec<NewEntry>>;

/// A changed page's unique segments before and after the change: (page, old, new).
type Redone = (usize, Vec<String>, Vec<String>);

/// Each changed page's unique segments before and after, or `None` when a page's shared
/// segments or its unique segments' count in a field changed (then segments would be
/// numbered anew).
fn redo_pages(
    state: &IndexState,
    pages: &[PageText],
    changed: &[usize],
    counts: &FastMap<&str, (u32, u32)>,
) -> Option<Vec<Redone>> {
    let is_shared = |s: &str| {
        counts.get(s).map_or_else(
            || {
                state
                    .occurrences
                    .get(s)
                    .is_some_and(|&n| shared_by_count(s, n))
            },
            |&(old, _)| shared_by_count(s, old),
        )
    };
    let split = |page: &PageText| -> (Vec<(u8, String)>, [usize; 3], Vec<String>) {
        let mut shared = Vec::new();
        let mut counts = [0; 3];
        let mut unique: [Vec<String>; 3] = Default::default();
        for (field, s) in segments(page) {
            if is_shared(s) {
                shared.push((field, s.to_string()));
            } else {
                counts[field as usize] += 1;
                unique[field as usize].push(s.to_string());
            }
        }
        (shared, counts, unique.concat())
    };
    let mut redone = Vec::new();
    for &i in changed {
        let (old_shared, old_counts, old_unique) = split(&state.pages[i]);
        let (new_shared, new_counts, new_unique) = split(&pages[i]);
        if old_shared != new_shared || old_counts != new_counts {
            return None;
        }
        redone.push((i, old_unique, new_unique));
    }
    Some(redone)
}

/// Each gram the changed segments hold (before or after), with its new entries: the
/// segment, its count and its positions; and the changed pages' ranges of segments.
fn touched_grams(state: &IndexState, redone: &[Redone]) -> (Touched, Vec<(usize, usize)>) {
    let mut touched = Touched::new();
    let mut ranges = Vec::new();
    for (i, old, new) in redone {
        let start = state.page_starts[*i];
        ranges.push((start, state.page_starts[*i + 1]));
        for s in old {
            for (gram, _, _) in segment_postings(s).grams {
                touched.entry(gram).or_default();
            }
        }
        for (n, s) in new.iter().enumerate() {
            let p = segment_postings(s);
            let mut from = 0;
            for &(gram, mid, end) in &p.grams {
                touched.entry(gram).or_default().push((
                    start + n,
                    p.text[from as usize..mid as usize].to_string(),
                    p.text[mid as usize..end as usize].to_string(),
                ));
                from = end;
            }
        }
    }
    (touched, ranges)
}

/// Writes each touched gram's postings anew into `grams` (kept in key order): the entries
/// of segments outside the changed `ranges` as they were, merged by segment with the new.
fn patch_grams(
    grams: &mut Vec<(Gram, String, String)>,
    touched: Touched,
    ranges: &[(usize, usize)],
) {
    let in_changed = |id: usize| ranges.iter().any(|&(a, b)| (a..b).contains(&id));
    let old: &[(Gram, String, String)] = grams;
    let patched: Vec<(Result<usize, usize>, Gram, String, String)> = touched
        .into_par_iter()
        .map(|(gram, mut new)| {
            new.sort_by_key(|e| e.0);
            let at = old.binary_search_by_key(&gram, |g| g.0);
            let mut entries: Vec<(usize, &str, &str)> = match at {
                Ok(at) => old_entries(&old[at])
                    .into_iter()
                    .filter(|e| !in_changed(e.0))
                    .collect(),
                Err(_) => Vec::new(),
            };
            entries.extend(new.iter().map(|(id, c, p)| (*id, c.as_str(), p.as_str())));
            entries.sort_by_key(|e| e.0);
            let (s, positions) = write_postings(entries.into_iter());
            (at, gram, s, positions)
        })
        .collect();
    let mut added = Vec::new();
    for (at, gram, s, positions) in patched {
        match at {
            Ok(at) => {
                grams[at].1 = s;
                grams[at].2 = positions;
            }
            Err(_) if !s.is_empty() => added.push((gram, s, positions)),
            Err(_) => {}
        }
    }
    grams.retain(|(_, s, _)| !s.is_empty());
    if !added.is_empty() {
        grams.extend(added);
        grams.sort_unstable_by_key(|g| g.0);
    }
}

/// A gram's entries as its postings hold them: each segment's number, and its count and
/// positions in digits.
fn old_entries((gram, g, h): &(Gram, String, String)) -> Vec<(usize, &str, &str)> {
    let (gb, hb) = (g.as_bytes(), h.as_bytes());
    let (mut gi, mut hi, mut id) = (0, 0, 0);
    let mut entries = Vec::new();
    while gi < gb.len() {
        id += read_number(gb, &mut gi);
        let count_start = gi;
        let count = read_number(gb, &mut gi);
        let pos_start = hi;
        if gram.1 != NONE {
            for _ in 0..count {
                read_number(hb, &mut hi);
            }
        }
        entries.push((id, &g[count_start..gi], &h[pos_start..hi]));
    }
    entries
}
