//! The index patched in place after a few pages changed, as `serve` rebuilds after an
//! edit: only the postings of the grams the changed pages' unique segments hold before or
//! after are written again, and only the files holding them are made anew. A changed page
//! whose unique segments no longer fit its [`slots`] (or fit fewer of them) moves the
//! numbers of every later segment: each gram's postings then have their numbers shifted
//! (one difference changes in most), and the shared files their first numbers. A changed
//! page that holds other shared segments changes those segments' pages in the shared files.
//! A change to which segments are shared needs the full index instead (the shared segments
//! are numbered by their texts alone, so where they occur never renumbers them).

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

use super::{
    FastMap, Gram, IndexState, NONE, assemble, is_long, page_entry, page_runs, push_number,
    read_number, read_runs, segment_postings, segments, shared_by_count, shared_entry,
    shared_files, shared_starts, slots, write_postings,
};
use crate::render::OutputFile;
use crate::search::PageText;
use crate::url::SEARCH_DIR;

/// A changed segment's entry in a gram's postings: its number, count and positions.
type NewEntry = (usize, String, String);

/// The most pages a rebuild of the index redoes in place of a full one.
pub(super) const AGAIN_MAX_PAGES: usize = 64;

/// The index's files for `pages` when only a few of them changed since `state` was made,
/// with `state` brought up to date; the pages back when a full index is needed (the set of pages
/// changed, many pages changed, or the changes would number the shared segments anew:
/// which segments are shared, or their order, changed). The files
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
    let redone = redo_pages(state, &pages, &changed, &counts);
    let Some(reshared) = reshared(state, &pages, &redone) else {
        return Err(pages);
    };
    let shift = Shift::new(state, &redone);
    let touched = touched_grams(&shift, &redone);
    let dirty = patch_grams(&mut state.grams, touched, &shift);
    for r in &redone {
        let texts: Vec<&str> = r.new.iter().map(String::as_str).collect();
        state.page_entries[r.page] = page_entry(&pages[r.page], &texts);
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
    for (n, runs) in &reshared {
        state.shared[*n].1.clone_from(runs);
    }
    // A page's counts may change within its slots, moving no number.
    renumber(state, &shift, &redone);
    if shift.moves() || !reshared.is_empty() {
        share_again(state);
        state.c_fresh = false;
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

/// A changed page's unique segments before and after the change, how many it has now in
/// each field, and its shared segments (with their fields) before and after.
struct Redone {
    page: usize,
    old: Vec<String>,
    new: Vec<String>,
    counts: [usize; 3],
    old_shared: Vec<(u8, String)>,
    new_shared: Vec<(u8, String)>,
}

/// Each changed page's unique and shared segments before and after.
fn redo_pages(
    state: &IndexState,
    pages: &[PageText],
    changed: &[usize],
    counts: &FastMap<&str, (u32, u32)>,
) -> Vec<Redone> {
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
        let (old_shared, _, old) = split(&state.pages[i]);
        let (new_shared, counts, new) = split(&pages[i]);
        redone.push(Redone {
            page: i,
            old,
            new,
            counts,
            old_shared,
            new_shared,
        });
    }
    redone
}

/// The new page runs of the shared segments a changed page holds now or held before, by
/// number (none when each of them occurs on each changed page as often as before); `None`
/// when one of them is not in the index read back. Their numbers stay: the shared segments are numbered by their
/// texts alone (see [`shared_order`]), and which of them are shared did not change.
fn reshared(
    state: &IndexState,
    pages: &[PageText],
    redone: &[Redone],
) -> Option<Vec<(usize, String)>> {
    // The shared segments whose occurrences on a changed page (in a field) are not as many
    // as before: the others' runs stay as they are.
    let mut moved: BTreeSet<&str> = BTreeSet::new();
    for r in redone.iter().filter(|r| r.old_shared != r.new_shared) {
        let mut counts: FastMap<(u8, &str), (usize, usize)> = FastMap::default();
        for (field, s) in &r.old_shared {
            counts.entry((*field, s.as_str())).or_default().0 += 1;
        }
        for (field, s) in &r.new_shared {
            counts.entry((*field, s.as_str())).or_default().1 += 1;
        }
        moved.extend(
            (counts.into_iter())
                .filter(|(_, (before, after))| before != after)
                .map(|((_, s), _)| s),
        );
    }
    if moved.is_empty() {
        return Some(Vec::new());
    }
    let numbers: FastMap<&str, usize> = (state.shared.iter().enumerate())
        .map(|(n, (text, _))| (text.as_str(), n))
        .collect();
    let changed: BTreeSet<usize> = redone.iter().map(|r| r.page).collect();
    // Each of those segments, with its occurrences on the changed pages now: (page, field)
    // → count.
    let mut now: BTreeMap<usize, BTreeMap<(usize, u8), usize>> = BTreeMap::new();
    for r in redone {
        for (_, s) in r
            .old_shared
            .iter()
            .filter(|(_, s)| moved.contains(s.as_str()))
        {
            now.entry(*numbers.get(s.as_str())?).or_default();
        }
        for (field, s) in r
            .new_shared
            .iter()
            .filter(|(_, s)| moved.contains(s.as_str()))
        {
            let n = *numbers.get(s.as_str())?;
            *now.entry(n)
                .or_default()
                .entry((r.page, *field))
                .or_default() += 1;
        }
    }
    let n_pages = pages.len();
    let mut runs = Vec::with_capacity(now.len());
    for (&n, on_changed) in &now {
        let mut list: Vec<(usize, u8, usize)> = read_runs(&state.shared[n].1, n_pages)?
            .into_iter()
            .filter(|e| !changed.contains(&e.0))
            .chain(on_changed.iter().map(|(&(p, f), &c)| (p, f, c)))
            .collect();
        list.sort_by_key(|e| (e.0, e.1));
        runs.push((n, page_runs(&list)));
    }
    Some(runs)
}

/// How the segments' numbers move when the changed pages' counts of unique segments
/// change: each changed page's range of numbers before, and by how much the numbers after
/// it move (with those of the pages before it).
struct Shift {
    /// (start, end, shift after): a changed page's old range, in page order.
    ranges: Vec<(usize, usize, isize)>,
}

impl Shift {
    fn new(state: &IndexState, redone: &[Redone]) -> Shift {
        let mut after = 0isize;
        let ranges = redone
            .iter()
            .map(|r| {
                let (start, end) = (state.page_starts[r.page], state.page_starts[r.page + 1]);
                after += slots(r.page, r.new.len()) as isize - (end - start) as isize;
                (start, end, after)
            })
            .collect();
        Shift { ranges }
    }

    /// Whether any number moves: a changed page has more or fewer unique segments.
    fn moves(&self) -> bool {
        let mut before = 0;
        self.ranges.iter().any(|&(_, _, after)| {
            let moved = after != before;
            before = after;
            moved
        })
    }

    /// How far the numbers at `id` and after move, counting the changed pages whose range
    /// ends at or before it (the ranges, in page order, end in order: a binary search, as
    /// every posting of the site may be renumbered).
    fn by_before(&self, id: usize) -> isize {
        match self.ranges.partition_point(|r| r.1 <= id) {
            0 => 0,
            k => self.ranges[k - 1].2,
        }
    }

    /// The new number of the segment numbered `id` outside the changed pages.
    fn map(&self, id: usize) -> usize {
        id.saddle(self.by_before(id))
    }

    /// Whether `id` is one of the changed pages' segments before the change.
    fn in_changed(&self, id: usize) -> bool {
        self.ranges.iter().any(|&(a, b, _)| (a..b).contains(&id))
    }

    /// The new number of the first segment of the `k`th changed page.
    fn new_start(&self, k: usize) -> usize {
        let before = k.checked_sub(1).map_or(0, |k| self.ranges[k].2);
        self.ranges[k].0.saddle(before)
    }
}

/// `usize` moved by a signed amount (the numbering never moves below zero).
trait Saddle {
    fn saddle(self, by: isize) -> usize;
}

impl Saddle for usize {
    fn saddle(self, by: isize) -> usize {
        self.checked_add_signed(by).unwrap_or(0)
    }
}

/// Each gram the changed segments hold (before or after), with its new entries: the
/// segment (numbered as after the change), its count and its positions.
fn touched_grams(shift: &Shift, redone: &[Redone]) -> Touched {
    let mut touched = Touched::new();
    for (k, r) in redone.iter().enumerate() {
        let start = shift.new_start(k);
        for s in &r.old {
            for (gram, _, _) in segment_postings(s).grams {
                touched.entry(gram).or_default();
            }
        }
        for (n, s) in r.new.iter().enumerate() {
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
    touched
}

/// Writes each touched gram's postings anew into `grams` (kept in key order): the entries
/// of segments outside the changed pages as they were (renumbered by `shift`), merged by
/// segment with the new; when numbers move, every other gram's postings renumbered too.
/// The grams whose postings changed.
fn patch_grams(
    grams: &mut Vec<(Gram, String, String)>,
    touched: Touched,
    shift: &Shift,
) -> BTreeSet<Gram> {
    let old: &[(Gram, String, String)] = grams;
    let patched: Vec<(Result<usize, usize>, Gram, String, String)> = touched
        .into_par_iter()
        .map(|(gram, mut new)| {
            new.sort_by_key(|e| e.0);
            let at = old.binary_search_by_key(&gram, |g| g.0);
            let (s, positions) = match at {
                Ok(at) => merged_postings(&old[at], &new, shift),
                Err(_) => {
                    write_postings(new.iter().map(|(id, c, p)| (*id, c.as_str(), p.as_str())))
                }
            };
            (at, gram, s, positions)
        })
        .collect();
    let mut dirty: BTreeSet<Gram> = patched.iter().map(|p| p.1).collect();
    if shift.moves() {
        let renumbered: Vec<Gram> = grams
            .par_iter_mut()
            .filter_map(|(gram, g, _)| {
                // A touched gram is written anew from its entries (it may hold the changed
                // pages' old numbers, which have no new ones).
                (!dirty.contains(gram) && renumber_postings(g, shift)).then_some(*gram)
            })
            .collect();
        dirty.extend(renumbered);
    }
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
    dirty
}

/// A touched gram's postings after the change: its old entries outside the changed pages,
/// renumbered by `shift`, merged by number with its `new` entries (sorted). The old entries
/// are copied in runs, digits and positions as they are: within a run every number moves
/// with the one before it, so only the difference that starts a run is written again.
fn merged_postings(
    (gram, g, h): &(Gram, String, String),
    new: &[NewEntry],
    shift: &Shift,
) -> (String, String) {
    let (gb, hb) = (g.as_bytes(), h.as_bytes());
    let mut s = String::with_capacity(g.len() + 16);
    let mut positions = String::with_capacity(h.len() + 16);
    let (mut gi, mut hi, mut id, mut last) = (0, 0, 0, 0);
    // Where the run of old entries copied as they are starts, in `g` and in `h`.
    let (mut run_g, mut run_h) = (0, 0);
    let mut fresh = new.iter().peekable();
    while gi < gb.len() {
        let (entry_g, entry_h) = (gi, hi);
        let difference = read_number(gb, &mut gi);
        id += difference;
        let count_start = gi;
        let count = read_number(gb, &mut gi);
        if gram.1 != NONE {
            for _ in 0..count {
                read_number(hb, &mut hi);
            }
        }
        let dropped = shift.in_changed(id);
        let new_id = shift.map(id);
        let before = fresh.peek().is_some_and(|e| e.0 < new_id);
        if !dropped && !before && new_id - last == difference {
            last = new_id;
            continue;
        }
        // The run ends before this entry.
        s.push_str(&g[run_g..entry_g]);
        positions.push_str(&h[run_h..entry_h]);
        (run_g, run_h) = (gi, hi);
        if dropped {
            continue;
        }
        while let Some((n, c, p)) = fresh.next_if(|e| e.0 < new_id) {
            push_number(&mut s, n - last);
            last = *n;
            s.push_str(c);
            positions.push_str(p);
        }
        push_number(&mut s, new_id - last);
        last = new_id;
        s.push_str(&g[count_start..gi]);
        positions.push_str(&h[entry_h..hi]);
    }
    s.push_str(&g[run_g..]);
    positions.push_str(&h[run_h..]);
    for (n, c, p) in fresh {
        push_number(&mut s, n - last);
        last = *n;
        s.push_str(c);
        positions.push_str(p);
    }
    (s, positions)
}

/// Moves every segment's number in a gram's postings `g` by `shift` (none of them a
/// changed page's: the gram is not one the changed pages hold); whether `g` changed.
fn renumber_postings(g: &mut String, shift: &Shift) -> bool {
    let bytes = g.as_bytes();
    // Only a difference whose two numbers lie on either side of a changed page's range
    // changes: every number between two ranges moves by the same amount. Those few are
    // written again in place; the rest of the postings is not copied.
    let mut edits: Vec<(std::ops::Range<usize>, usize)> = Vec::new();
    let (mut at, mut id, mut last) = (0, 0, 0);
    while at < bytes.len() {
        let start = at;
        let difference = read_number(bytes, &mut at);
        let end = at;
        id += difference;
        read_number(bytes, &mut at);
        let new = shift.map(id);
        if new - last != difference {
            edits.push((start..end, new - last));
        }
        last = new;
    }
    let mut digits = String::new();
    for (range, n) in edits.iter().rev() {
        digits.clear();
        push_number(&mut digits, *n);
        g.replace_range(range.clone(), &digits);
    }
    !edits.is_empty()
}

/// Brings the numbering in `state` up to date with the changed pages' counts of unique
/// segments: the pages' first segments, and the counts and total in `meta.js`
/// (the shared segments, numbered after the unique ones, move with the total: see
/// [`share_again`]).
fn renumber(state: &mut IndexState, shift: &Shift, redone: &[Redone]) {
    let total = shift.by_before(usize::MAX);
    let mut counts = Vec::with_capacity(state.page_starts.len() * 3);
    let bytes = state.unique_counts.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        counts.push(read_number(bytes, &mut at));
    }
    for r in redone {
        if let Some(page) = counts.get_mut(r.page * 3..r.page * 3 + 3) {
            page.copy_from_slice(&r.counts);
        }
    }
    let mut unique_counts = String::with_capacity(state.unique_counts.len());
    let mut start = 0;
    for (page, c) in counts.chunks(3).enumerate() {
        c.iter().for_each(|&n| push_number(&mut unique_counts, n));
        if let Some(s) = state.page_starts.get_mut(page) {
            *s = start;
        }
        start += slots(page, c.iter().sum::<usize>());
    }
    if let Some(last) = state.page_starts.last_mut() {
        *last = start;
    }
    state.unique_counts = unique_counts;
    state.unique = state.unique.saddle(total);
}

/// The shared files made again from the shared segments' texts and runs (their pages or
/// their first number changed), and `meta.js`'s list of their first segments.
fn share_again(state: &mut IndexState) {
    let entries: Vec<String> = (state.shared.par_iter())
        .map(|(text, runs)| shared_entry(text, runs))
        .collect();
    let (files, layout) = shared_files(&entries, state.unique);
    let dir = format!("{SEARCH_DIR}s/");
    state.fixed.retain(|f| !f.path.starts_with(&dir));
    state.fixed.extend(files);
    state.shared_starts = shared_starts(&layout, state.unique);
    state.shared_layout = layout;
}
