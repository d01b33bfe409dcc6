//! The ledger: what one `build` leaves beside its output for the next `build`, another
//! process, so that a page whose inputs did not change (a county's, a region's, one of the
//! county list) is neither rendered, nor its Markdown, charts or searchable text made
//! again, nor its file touched.
//!
//! For each such page it records the key the page was made with (everything the page
//! shows, as `serve`'s memo computes it: for a county page its county's sources and its
//! narrative among them, kept apart too so that an unchanged narrative is not rendered)
//! and the page's searchable text. The keys are hashes made by this binary from the settings and
//! the theme; an entry made by another binary, or under other settings or another theme,
//! is not used. The writer frames the ledger and hands an entry back only while the file
//! it speaks for is, by its stamp, the one written beside it; a kept page is one the
//! writer confirms is still in place.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use super::{key, lock};
use crate::cache::ImageCache;
use crate::diagnostic::Result;
use crate::render::OutputFile;
use crate::search::{self, PageText};
use crate::url::SEARCH_DIR;

/// What a kept page gives the build: its searchable text and the number of its charts.
pub type KeptPage = (Option<PageText>, u32);

/// What the build that made a page recorded of it (written by [`encode`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The binary, settings and theme it was made with.
    global: u64,
    /// Its county's sources.
    county: u64,
    /// Its narrative, with what its figures and links resolve to.
    narrative: u64,
    /// Everything the page shows.
    page: u64,
    /// The county charts it shows.
    charts: u32,
    /// The files beside the narrative that it links (copied into the output); for an
    /// image, its image-cache entry's key.
    links: Vec<String>,
    /// Its searchable text (none when the site has no search).
    text: Option<PageText>,
}

/// The ledger of one build: the previous build's entries, this build's keys, and the
/// entries this build records for the next.
pub struct Ledger<'w> {
    /// The previous build's entries, as the writer handed them over.
    raw: &'w [(String, Vec<u8>)],
    /// The previous build's entries made with this build's binary, settings and theme, by
    /// page path.
    old: HashMap<String, Entry>,
    /// This build's binary, settings and theme; 0 when the binary is not known (nothing
    /// is then reused or recorded).
    global: u64,
    /// Notes a page as kept in place (the writer's [`crate::write::Writer::keep`]).
    keep: &'w (dyn Fn(&str) -> Result<bool> + Sync),
    /// Reads a file the previous build wrote, while it is in place as written (the
    /// writer's [`crate::write::Writer::read_own`]): the search index's, to patch it.
    read: &'w (dyn Fn(&str) -> Option<Vec<u8>> + Sync),
    /// How the search index came from the previous build's (once it is made).
    search_resumed: std::sync::OnceLock<search::Resumed>,
    /// The files of the previous build's search index, by path, once
    /// [`Ledger::read_index_files`] has read them all (none when one was not in place).
    index_files: std::sync::OnceLock<HashMap<String, Vec<u8>>>,
    county_keys: Mutex<HashMap<String, u64>>,
    narrative_keys: Mutex<HashMap<String, u64>>,
    /// This build's entries: a new one (encoded only when written, its text shared with
    /// the search index meanwhile), or none for one kept as recorded.
    next: Mutex<Vec<(String, Option<Entry>)>>,
    kept: AtomicUsize,
    kept_other: AtomicUsize,
    kept_images: AtomicUsize,
    /// This build's key of each inner region, by slug.
    region_keys: Mutex<HashMap<String, u64>>,
    /// The keys of the pages other than county pages made this build, by path, until
    /// their searchable text is read and they are recorded.
    pending: Mutex<HashMap<String, u64>>,
}

impl<'w> Ledger<'w> {
    /// The ledger of a build into an output whose previous ledger entries are `raw` (by
    /// path), keeping pages through `keep` and reading the previous build's files through
    /// `read`.
    pub fn new(
        raw: &'w [(String, Vec<u8>)],
        keep: &'w (dyn Fn(&str) -> Result<bool> + Sync),
        read: &'w (dyn Fn(&str) -> Option<Vec<u8>> + Sync),
    ) -> Self {
        Ledger {
            raw,
            old: HashMap::new(),
            global: 0,
            keep,
            read,
            search_resumed: std::sync::OnceLock::new(),
            index_files: std::sync::OnceLock::new(),
            county_keys: Mutex::default(),
            narrative_keys: Mutex::default(),
            next: Mutex::default(),
            kept: AtomicUsize::new(0),
            kept_other: AtomicUsize::new(0),
            kept_images: AtomicUsize::new(0),
            region_keys: Mutex::default(),
            pending: Mutex::default(),
        }
    }

    /// Starts the build whose settings and theme hash to `settings`: only entries made by
    /// this binary under them are used.
    pub fn start(&mut self, settings: u64) {
        self.global =
            binary_identity().map_or(0, |b| key(&[&b.to_le_bytes(), &settings.to_le_bytes()]));
        self.old = HashMap::new();
        if self.global == 0 {
            return;
        }
        let global = self.global;
        self.old = self
            .raw
            .par_iter()
            .filter_map(|(path, payload)| {
                let entry = decode(path, payload)?;
                (entry.global == global).then(|| (path.clone(), entry))
            })
            .collect();
    }

    pub(super) fn note_county(&self, slug: &str, k: u64) {
        lock(&self.county_keys).insert(slug.to_string(), k);
    }

    pub(super) fn county_key(&self, slug: &str) -> u64 {
        lock(&self.county_keys).get(slug).copied().unwrap_or(0)
    }

    pub(super) fn note_narrative(&self, slug: &str, k: u64) {
        lock(&self.narrative_keys).insert(slug.to_string(), k);
    }

    pub(super) fn narrative_key(&self, slug: &str) -> u64 {
        lock(&self.narrative_keys).get(slug).copied().unwrap_or(0)
    }

    /// Whether the page at `path` was recorded as made from these county and narrative
    /// keys: then its narrative need not be rendered unless the page must be.
    pub(super) fn same_narrative(&self, path: &str, county: u64, narrative: u64) -> bool {
        self.global != 0
            && self
                .old
                .get(path)
                .is_some_and(|e| e.county == county && e.narrative == narrative)
    }

    /// The files beside the narrative that the page at `path` was recorded to link.
    pub fn links(&self, path: &str) -> &[String] {
        self.old.get(path).map_or(&[], |e| &e.links)
    }

    /// The page at `path`, made with the key `page`, kept in place when the previous build
    /// recorded it with that key and the writer confirms it is still there: its text and
    /// charts then, recorded again for the next build.
    /// (The page key is made with the county's and the narrative's keys.)
    pub(super) fn kept(&self, path: &str, page: u64) -> Result<Option<KeptPage>> {
        let Some(entry) = self
            .old
            .get(path)
            .filter(|e| self.global != 0 && e.page != 0 && e.page == page)
        else {
            return Ok(None);
        };
        if !(self.keep)(path)? {
            return Ok(None);
        }
        self.kept.fetch_add(1, Ordering::Relaxed);
        lock(&self.next).push((path.to_string(), None));
        Ok(Some((entry.text.clone(), entry.charts)))
    }

    /// Records the page at `path` of the county `slug`, made with the key `page`.
    pub(super) fn note(
        &self,
        (path, slug, page): (&str, &str, u64),
        charts: usize,
        links: Vec<String>,
        text: Option<&PageText>,
    ) {
        if self.global == 0 {
            return;
        }
        let entry = Entry {
            global: self.global,
            county: self.county_key(slug),
            narrative: self.narrative_key(slug),
            page,
            charts: u32::try_from(charts).unwrap_or(u32::MAX),
            links,
            text: text.cloned(),
        };
        lock(&self.next).push((path.to_string(), Some(entry)));
    }

    pub(super) fn note_regions(&self, keys: Vec<(String, u64)>) {
        lock(&self.region_keys).extend(keys);
    }

    pub(super) fn region_key(&self, slug: &str) -> Option<u64> {
        lock(&self.region_keys).get(slug).copied()
    }

    /// A page other than a county's (a region's, one of the county list), made with the key
    /// `page`: kept in place when the previous build recorded it with that key and the
    /// writer confirms it is still there ([`OutputFile::kept`]); else made by `render`, to
    /// be recorded once its text is read ([`Ledger::note_page`]).
    pub(super) fn site_page<E>(
        &self,
        path: &str,
        page: u64,
        render: impl FnOnce() -> std::result::Result<OutputFile, E>,
    ) -> std::result::Result<OutputFile, E> {
        let recorded =
            self.global != 0 && page != 0 && self.old.get(path).is_some_and(|e| e.page == page);
        if recorded && (self.keep)(path).unwrap_or(false) {
            self.kept_other.fetch_add(1, Ordering::Relaxed);
            lock(&self.next).push((path.to_string(), None));
            return Ok(OutputFile::kept(path.to_string()));
        }
        let file = render()?;
        lock(&self.pending).insert(path.to_string(), page);
        Ok(file)
    }

    /// An image at `path` made from what the key `k` (not 0) hashes: kept in place when the
    /// previous build recorded it with that key and the writer confirms it is still there
    /// (its entry in `cache` then noted as used, so that the cache keeps it for a build
    /// into another folder); else made by `make`, with its image-cache entry's key, and
    /// recorded (an image not made is not).
    pub(super) fn image(
        &self,
        path: &str,
        k: u64,
        cache: &ImageCache,
        make: impl FnOnce() -> Option<(OutputFile, Option<String>)>,
    ) -> Option<OutputFile> {
        let usable = self.global != 0 && k != 0;
        let recorded = usable
            .then(|| self.old.get(path).filter(|e| e.page == k))
            .flatten();
        if let Some(entry) = recorded
            && (self.keep)(path).unwrap_or(false)
        {
            entry.links.iter().for_each(|key| cache.mark_used(key));
            self.kept_images.fetch_add(1, Ordering::Relaxed);
            lock(&self.next).push((path.to_string(), None));
            return Some(OutputFile::kept(path.to_string()));
        }
        let (file, cache_key) = make()?;
        if usable && file.path == path {
            let entry = Entry {
                global: self.global,
                county: 0,
                narrative: 0,
                page: k,
                charts: 0,
                // An image's entry holds its image-cache entry's key where a page's holds
                // the files it links.
                links: cache_key.into_iter().collect(),
                text: None,
            };
            lock(&self.next).push((path.to_string(), Some(entry)));
        }
        Some(file)
    }

    /// The searchable text the previous build recorded for the page at `path` (a kept
    /// page's is this build's too).
    pub fn recorded_text(&self, path: &str) -> Option<PageText> {
        self.old.get(path)?.text.clone()
    }

    /// Records a page made through [`Ledger::site_page`] with its searchable text; any
    /// other page with its text alone (the key 0, which keeps nothing), for the search
    /// index of the next build to be patched from this one's.
    pub fn note_page(&self, path: &str, text: Option<&PageText>) {
        match lock(&self.pending).remove(path) {
            Some(page) => self.note((path, "", page), 0, Vec::new(), text),
            None if text.is_some() => self.note((path, "", 0), 0, Vec::new(), text),
            None => {}
        }
    }

    /// The search index of `texts`, patched from the one the previous build left when
    /// only a few pages' texts changed since (the same files a full index makes).
    pub fn search_index(&self, texts: Vec<PageText>) -> Vec<OutputFile> {
        let read = |path: &str| {
            if self.global == 0 {
                return None;
            }
            // The files read beforehand, when they are: never waited for, as this runs on
            // a thread of the build's pool, which may be the one that would run the reading.
            match self.index_files.get().and_then(|files| files.get(path)) {
                Some(bytes) => Some(bytes.clone()),
                None => (self.read)(path),
            }
        };
        let (files, how) = search::index_resumed(texts, |path| self.recorded_text(path), read);
        // A build makes its index once: a second answer would change nothing.
        let _ = self.search_resumed.set(how);
        files
    }

    /// Reads every file of the previous build's search index from the output, for
    /// [`Ledger::search_index`] to take as they are or patch: a build calls it on a thread
    /// of its own while it makes its pages, which do not depend on them. Nothing is read
    /// when no page of the previous build would be recognised, and nothing kept when a
    /// file is not in place as written.
    pub fn read_index_files(&self) {
        if self.global == 0 || self.old.is_empty() {
            return;
        }
        let files = search::read_index_files(&|path: &str| (self.read)(path));
        let _ = self
            .index_files
            .set(files.unwrap_or_default().into_iter().collect());
    }

    /// Whether the previous build's search index is in place as it was written (its
    /// `meta.js` is): the index is then patched from it, or made afresh, and not taken
    /// from the cache (see [`crate::search::kept`]).
    pub fn index_in_place(&self) -> bool {
        self.global != 0 && (self.read)(&format!("{SEARCH_DIR}meta.js")).is_some()
    }

    /// How this build's search index came from the previous build's (made afresh if it
    /// was not made through [`Ledger::search_index`]).
    pub fn search_resumed(&self) -> search::Resumed {
        self.search_resumed
            .get()
            .copied()
            .unwrap_or(search::Resumed::Made)
    }

    /// County pages kept in place by this build.
    pub fn kept_pages(&self) -> usize {
        self.kept.load(Ordering::Relaxed)
    }

    /// Other pages (regions', the county list's) kept in place by this build.
    pub fn kept_other_pages(&self) -> usize {
        self.kept_other.load(Ordering::Relaxed)
    }

    /// Images kept in place by this build.
    pub fn kept_images(&self) -> usize {
        self.kept_images.load(Ordering::Relaxed)
    }

    /// What this build recorded, by path (none for an entry kept as it was), for the
    /// writer to put beside the output.
    pub fn into_records(self) -> Vec<(String, Option<Entry>)> {
        let mut next = self
            .next
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        next.sort_by(|a, b| a.0.cmp(&b.0));
        next
    }
}

/// A hash of this binary (its version, size and modification time): keys are hashes whose
/// algorithm may change from one build of qingfeng to the next.
pub(crate) fn binary_identity() -> Option<u64> {
    let exe = std::env::current_exe().ok()?;
    let meta = std::fs::metadata(exe).ok()?;
    let modified = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_nanos();
    Some(key(&[
        env!("CARGO_PKG_VERSION").as_bytes(),
        &meta.len().to_le_bytes(),
        &modified.to_le_bytes(),
    ]))
}

/// An entry's bytes in the ledger.
pub fn encode(e: &Entry) -> Vec<u8> {
    let mut out =
        Vec::with_capacity(64 + e.text.as_ref().map_or(0, |t| t.text.len() + t.title.len()));
    for k in [e.global, e.county, e.narrative, e.page] {
        out.extend_from_slice(&k.to_le_bytes());
    }
    out.extend_from_slice(&e.charts.to_le_bytes());
    put_len(&mut out, e.links.len());
    for link in &e.links {
        put_str(&mut out, link);
    }
    match &e.text {
        None => out.push(0),
        Some(t) => {
            out.push(1);
            put_str(&mut out, t.kind);
            match &t.slug {
                None => out.push(0),
                Some(slug) => {
                    out.push(1);
                    put_str(&mut out, slug);
                }
            }
            put_str(&mut out, &t.title);
            put_str(&mut out, &t.text);
            put_len(&mut out, t.title_end);
            put_len(&mut out, t.heading_end);
        }
    }
    out
}

fn put_len(out: &mut Vec<u8>, n: usize) {
    out.extend_from_slice(&(n as u64).to_le_bytes());
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_len(out, s.len());
    out.extend_from_slice(s.as_bytes());
}

/// Reads back what [`encode`] wrote for the page at `path`; none when damaged.
fn decode(path: &str, bytes: &[u8]) -> Option<Entry> {
    let mut r = Reader(bytes);
    let (global, county, narrative, page) = (r.u64()?, r.u64()?, r.u64()?, r.u64()?);
    let charts = u32::from_le_bytes(r.take(4)?.try_into().ok()?);
    let n = r.len()?;
    let mut links = Vec::with_capacity(n.min(64));
    for _ in 0..n {
        links.push(r.str()?.to_string());
    }
    let text = match r.take(1)? {
        [0] => None,
        [1] => {
            let kind = search::kind_named(r.str()?)?;
            let slug = match r.take(1)? {
                [0] => None,
                [1] => Some(r.str()?.to_string()),
                _ => return None,
            };
            let title = r.str()?.to_string();
            let text: Arc<str> = Arc::from(r.str()?);
            let (title_end, heading_end) = (r.len()?, r.len()?);
            Some(PageText {
                path: path.to_string(),
                kind,
                slug,
                title,
                text,
                title_end,
                heading_end,
            })
        }
        _ => return None,
    };
    r.0.is_empty().then_some(Entry {
        global,
        county,
        narrative,
        page,
        charts,
        links,
        text,
    })
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, rest) = (self.0.get(..n)?, self.0.get(n..)?);
        self.0 = rest;
        Some(head)
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    fn len(&mut self) -> Option<usize> {
        usize::try_from(self.u64()?).ok()
    }

    fn str(&mut self) -> Option<&'a str> {
        let n = self.len()?;
        simdutf8::basic::from_utf8(self.take(n)?).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(text: Option<PageText>) -> Entry {
        Entry {
            global: 1,
            county: 2,
            narrative: 3,
            page: u64::MAX,
            charts: 9,
            links: vec!["counties/images/a.png".into(), "洪洞.pdf".into()],
            text,
        }
    }

    #[test]
    fn an_entry_reads_back_as_recorded_and_a_damaged_one_not_at_all() {
        let path = "counties/hongtong/index.html";
        let text = PageText {
            path: path.into(),
            kind: "县",
            slug: Some("hongtong".into()),
            title: "洪洞县".into(),
            text: Arc::from("洪洞县\n班子\n正文 <script>"),
            title_end: 3,
            heading_end: 6,
        };
        for e in [entry(Some(text)), entry(None)] {
            let bytes = encode(&e);
            assert_eq!(decode(path, &bytes), Some(e.clone()));
            for cut in 1..bytes.len() {
                assert_eq!(decode(path, &bytes[..bytes.len() - cut]), None, "cut {cut}");
            }
            let mut longer = bytes.clone();
            longer.push(0);
            assert_eq!(decode(path, &longer), None);
        }
    }
}
