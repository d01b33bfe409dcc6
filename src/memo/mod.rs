//! The memo above the stages: what one build leaves for the next, so that `serve` redoes
//! only what an edit touched.
//!
//! The stages know nothing of it. The build hands each per-item step to a [`Reuse`]: a
//! one-off build ([`Reuse::Fresh`]) just calls the stage's function; a build with a
//! [`BuildMemo`] first computes the item's key here, from the item's inputs, and calls the
//! stage's function only on a miss. Every key is computed in this file, from everything
//! the result depends on, so a reused result is always the one a full build would make:
//! an incremental build gives byte-identical output. Each build keeps only what it used.
//!
//! Across processes, `build` keeps a [`Ledger`] beside its output instead: see [`ledger`].

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::SystemTime;

use rayon::prelude::*;
use serde_json::Value;

use crate::chart::ChartSpec;
use crate::diagnostic::Diagnostic;
use crate::image::{Fonts, Png, RenderError};
use crate::load::theme::Theme;
use crate::load::{Found, ReadResult, SourceFile};
use crate::markdown::Rendered;
use crate::model::region::Region;
use crate::model::summary::Summary;
use crate::model::{County, Model, Validated};
use crate::render::charts::{Ranking, RegionCharts};
use crate::render::open_data::CountyData;
use crate::render::{ChartView, ListShows, OutputFile, Templates};
use crate::search::{self, IndexState, PageText};

pub mod ledger;
pub use ledger::Ledger;

/// A hash of several byte strings.
pub fn key(parts: &[&[u8]]) -> u64 {
    let mut h = DefaultHasher::new();
    for p in parts {
        p.len().hash(&mut h);
        p.hash(&mut h);
    }
    h.finish()
}

/// Feeds a JSON value into `h`, kind by kind and in order: values that hash alike are
/// equal, and print alike.
fn hash_value(v: &Value, h: &mut DefaultHasher) {
    match v {
        Value::Null => 0u8.hash(h),
        Value::Bool(b) => (1u8, b).hash(h),
        Value::Number(n) => (2u8, n).hash(h),
        Value::String(s) => (3u8, s).hash(h),
        Value::Array(items) => {
            (4u8, items.len()).hash(h);
            for item in items {
                hash_value(item, h);
            }
        }
        Value::Object(map) => {
            (5u8, map.len()).hash(h);
            for (k, item) in map {
                k.hash(h);
                hash_value(item, h);
            }
        }
    }
}

/// Hashes each of `region`'s own counties' slug and key (`county_key`) into `h`. A
/// county's figures are made from its sources alone (as its summary object is kept by
/// them): its key stands for them.
fn hash_own_counties(
    model: &Model,
    region: &Region,
    county_key: &dyn Fn(&str) -> u64,
    h: &mut DefaultHasher,
) {
    for county in region
        .counties
        .iter()
        .filter_map(|&c| model.counties.get(c))
    {
        let slug = &county.data.slug;
        (slug, county_key(slug)).hash(h);
    }
}

/// Each inner region's key: a hash of its slug, its figures and its children's (regions'
/// and counties', by `county_key`), everything its charts are drawn from.
fn region_keys(
    model: &Model,
    summary: &Summary,
    county_key: &(dyn Fn(&str) -> u64 + Sync),
) -> Vec<(String, u64)> {
    let tree = &model.tree;
    let region_values: Vec<u64> = summary.regions.par_iter().map(value_key).collect();
    tree.regions
        .par_iter()
        .enumerate()
        .map(|(i, region)| {
            let mut h = DefaultHasher::new();
            (b"region", &region.slug, region_values.get(i)).hash(&mut h);
            for &c in &region.regions {
                region_values.get(c).hash(&mut h);
            }
            hash_own_counties(model, region, county_key, &mut h);
            (region.slug.clone(), h.finish())
        })
        .collect()
}

/// The key of the page of the inner region at `index` (of key `region_key`): what every
/// page shows of the site (`site_key`), its figures and its children's (its region key),
/// its own data and narrative (`body`, rendered), the regions above it, its child regions'
/// and own counties' names and sources, whether its charts' PNGs (`charts`) and its
/// preview card (`preview`) were made.
#[allow(clippy::too_many_arguments)]
fn region_page_key(
    model: &Model,
    region: &Region,
    (site_key, region_key): (u64, u64),
    body: Option<&Rendered>,
    charts: &RegionCharts,
    preview: bool,
    county_key: &dyn Fn(&str) -> u64,
) -> u64 {
    let tree = &model.tree;
    let mut h = DefaultHasher::new();
    (b"region page", site_key, region_key, preview).hash(&mut h);
    format!(
        "{:?}{:?}{}",
        region.data,
        region.narrative.as_ref().map(|n| &n.meta),
        region.all_counties.len()
    )
    .hash(&mut h);
    body.map(|b| (b.html.text(), format!("{:?}", b.headings), b.han_chars))
        .hash(&mut h);
    for above in tree.chain(region.parent) {
        (&above.slug, &above.data.name).hash(&mut h);
    }
    for child in region.regions.iter().filter_map(|&c| tree.regions.get(c)) {
        (
            &child.slug,
            format!("{:?}", child.data),
            child.all_counties.len(),
        )
            .hash(&mut h);
    }
    hash_own_counties(model, region, county_key, &mut h);
    for view in charts.own.iter().chain(&charts.comparison) {
        view.png.hash(&mut h);
    }
    h.finish()
}

/// The key of page `n` of the county list (of `total`), showing `shows`: what every page
/// shows of the site (`site_key`), the number of pages and counties, its counties' sources
/// (`county_key`: a county's card is made from them alone) and whether its preview card was
/// made.
fn list_page_key(
    model: &Model,
    (n, total): (usize, usize),
    shows: &ListShows,
    site_key: u64,
    county_key: &dyn Fn(&str) -> u64,
) -> u64 {
    let mut h = DefaultHasher::new();
    (b"county list", site_key, n, total, model.counties.len()).hash(&mut h);
    shows.preview.hash(&mut h);
    model.city.data.name.hash(&mut h);
    for county in model.counties.get(shows.counties.clone()).unwrap_or(&[]) {
        let slug = &county.data.slug;
        (slug, county_key(slug)).hash(&mut h);
    }
    h.finish()
}

/// A hash of a build's settings and theme files: what every result depends on.
pub fn settings_key<'a>(
    settings: &str,
    theme_files: impl Iterator<Item = (&'a str, &'a [u8])>,
) -> u64 {
    let mut parts: Vec<&[u8]> = vec![settings.as_bytes()];
    for (name, bytes) in theme_files {
        parts.push(name.as_bytes());
        parts.push(bytes);
    }
    key(&parts)
}

/// A hash of a JSON value (see [`hash_value`]).
fn value_key(v: &Value) -> u64 {
    let mut h = DefaultHasher::new();
    hash_value(v, &mut h);
    h.finish()
}

/// Results of one generation, looked up by key, with the next generation collected aside.
/// Lookups and keeps may come from many threads at once.
#[derive(Debug)]
pub struct Memo<T> {
    old: HashMap<u64, T>,
    new: Mutex<HashMap<u64, T>>,
    hits: AtomicUsize,
}

impl<T> Default for Memo<T> {
    fn default() -> Self {
        Self {
            old: HashMap::new(),
            new: Mutex::new(HashMap::new()),
            hits: AtomicUsize::new(0),
        }
    }
}

impl<T: Clone> Memo<T> {
    fn new_entries(&self) -> MutexGuard<'_, HashMap<u64, T>> {
        // A panic elsewhere cannot leave a half-inserted entry: the map stays usable.
        self.new.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The result for `key`: the previous build's, or `make()`'s. Either way it is kept
    /// for the next build.
    pub fn get_or(&self, key: u64, make: impl FnOnce() -> T) -> T {
        let value = match self.old.get(&key) {
            Some(v) => {
                self.hits.fetch_add(1, Ordering::Relaxed);
                v.clone()
            }
            None => match self.new_entries().get(&key) {
                Some(v) => return v.clone(),
                None => make(),
            },
        };
        self.new_entries().insert(key, value.clone());
        value
    }

    /// [`Memo::get_or`] for a result that may fail: a failure is not kept.
    pub fn try_get_or<E>(&self, key: u64, make: impl FnOnce() -> Result<T, E>) -> Result<T, E> {
        if let Some(v) = self.old.get(&key) {
            self.hits.fetch_add(1, Ordering::Relaxed);
            self.new_entries().insert(key, v.clone());
            return Ok(v.clone());
        }
        let value = make()?;
        self.new_entries().insert(key, value.clone());
        Ok(value)
    }

    /// How many lookups of this build found a result of the previous one.
    pub fn hits(&self) -> usize {
        self.hits.load(Ordering::Relaxed)
    }

    /// Ends a build: returns the previous build's results, to be dropped (what this build
    /// used is shared with, or was copied into, what it keeps).
    fn finish(&mut self) -> HashMap<u64, T> {
        let new = std::mem::take(self.new.get_mut().unwrap_or_else(PoisonError::into_inner));
        self.hits.store(0, Ordering::Relaxed);
        std::mem::replace(&mut self.old, new)
    }

    /// Forgets everything.
    fn clear(&mut self) {
        self.old.clear();
        self.new
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }
}

/// What one build leaves for the next.
#[derive(Debug, Default)]
pub struct BuildMemo {
    /// A hash of the settings and the theme; when it changes, nothing is reused.
    global: u64,
    /// Source texts, by path, size and modification time.
    sources: Memo<SourceFile>,
    /// The size and modification time of every source as `serve`'s watcher last saw them,
    /// by path from the site's root: a rebuild takes them from here instead of asking the
    /// file system for each file again.
    stamps: Option<Arc<FileStamps>>,
    /// Validated counties, by their path and their YAML and Markdown files' read keys (or,
    /// for a file not read through the memo, its text).
    counties: Memo<Validated>,
    /// Each county's object of the summary, by its sources.
    summaries: Memo<Arc<Value>>,
    /// Rendered Markdown, by its county's sources or by its text with references resolved.
    markdown: Memo<Arc<Rendered>>,
    /// Whether a county's narrative names a figure of its city or region, by its sources.
    names_up: Memo<bool>,
    /// A county's charts, by its sources (only when their PNGs are made: else they are
    /// drawn with the county's page, and not kept).
    charts: Memo<Arc<Vec<ChartView>>>,
    /// The comparisons across counties, by the values they draw.
    comparisons: Memo<ChartView>,
    /// The comparisons of more counties than `[compare] max_bars` (their distribution and
    /// ends, and the full ranking), by the values they draw.
    many: Memo<(Vec<ChartView>, Ranking)>,
    /// Each inner region's charts, by its region key (see [`Reuse::note_regions`]).
    region_charts: Memo<Arc<RegionCharts>>,
    /// Rendered region pages, gzipped, by everything the page shows.
    region_pages: Memo<OutputFile>,
    /// Each inner region's CSV of its children, by its region key.
    region_csvs: Memo<OutputFile>,
    /// Each county's object of `data/summary.json` and line of `data/counties.csv`, by its
    /// sources and its place (the regions above it).
    open_data: Memo<Arc<CountyData>>,
    /// Rendered pages of the county list, gzipped, by everything they show (but the first
    /// page of a flat site's list, which shows the comparisons across all counties too).
    list_pages: Memo<OutputFile>,
    /// Rendered county pages, gzipped, by everything the page shows.
    pages: Memo<OutputFile>,
    /// Each county's preview card as a PNG and its size, by its sources and the settings
    /// (its SVG is neither composed nor hashed again while they stay the same).
    previews: Memo<(OutputFile, (u32, u32))>,
    /// PNG images, by their SVG, scale and font (kept across changes of the settings).
    images: Memo<Png>,
    /// Each page's searchable text, by its path and bytes (kept across changes of the
    /// settings): an edit re-reads only the pages it changed.
    page_texts: Memo<Option<PageText>>,
    /// What the last search index computed (kept across changes of the settings: it is
    /// made from the pages' texts alone), and whether this build redid it in place.
    search: Mutex<Option<IndexState>>,
    search_again: std::sync::atomic::AtomicBool,
    /// The font images are drawn with, parsed, by its files' identity.
    fonts: Mutex<Option<(u64, Arc<Fonts>)>>,
    /// The compiled templates, by the theme's and the site's template files.
    templates: Mutex<Option<(u64, Arc<Templates>)>>,
    /// This build's keys: each county's sources, and its narrative's, by slug.
    county_keys: Mutex<HashMap<String, u64>>,
    narrative_keys: Mutex<HashMap<String, u64>>,
    /// This build's key of each inner region's figures and its children's, by slug.
    region_keys: Mutex<HashMap<String, u64>>,
}

impl BuildMemo {
    /// Starts a build whose settings and theme are `settings` and `theme_files`: when
    /// they changed, nothing but the source texts is reused.
    pub fn start<'a>(
        &mut self,
        settings: &str,
        theme_files: impl Iterator<Item = (&'a str, &'a [u8])>,
    ) {
        let global = settings_key(settings, theme_files);
        if global != self.global {
            self.counties.clear();
            self.summaries.clear();
            self.markdown.clear();
            self.charts.clear();
            self.comparisons.clear();
            self.many.clear();
            self.region_charts.clear();
            self.region_pages.clear();
            self.region_csvs.clear();
            self.list_pages.clear();
            self.open_data.clear();
            self.pages.clear();
            self.previews.clear();
            self.global = global;
        }
        lock(&self.county_keys).clear();
        lock(&self.narrative_keys).clear();
        lock(&self.region_keys).clear();
    }

    /// Gives the next builds the size and modification time of the site's files, as a
    /// watcher saw them after the last change settled. A file whose stamp is missing, or
    /// has no time, is asked for as before. A file saved again after the watcher looked is
    /// read under its older stamp: the watcher sees the newer one and rebuilds again.
    pub fn know_stamps(&mut self, stamps: Arc<FileStamps>) {
        self.stamps = Some(stamps);
    }

    /// Ends a build: the next one reuses what this one used. The previous build's results
    /// are dropped on a thread of their own (thousands of maps' entries, a tenth of a
    /// rebuild's time at 3,000 counties): `serve` serves the new site meanwhile.
    pub fn finish(&mut self) {
        let old = (
            (
                self.sources.finish(),
                self.counties.finish(),
                self.summaries.finish(),
                self.markdown.finish(),
                self.charts.finish(),
                self.comparisons.finish(),
                self.many.finish(),
                self.region_charts.finish(),
                self.names_up.finish(),
            ),
            (
                self.region_pages.finish(),
                self.region_csvs.finish(),
                self.list_pages.finish(),
                self.open_data.finish(),
                self.pages.finish(),
                self.previews.finish(),
                self.images.finish(),
                self.page_texts.finish(),
            ),
        );
        // Should no thread be spared, they are dropped here.
        let _ = std::thread::Builder::new()
            .name("qingfeng-drop".into())
            .spawn(move || drop(old));
    }

    /// Pages whose searchable text this build reused from the previous one.
    pub fn reused_page_texts(&self) -> usize {
        self.page_texts.hits()
    }

    /// Whether this build's search index was redone from the previous one's (only the
    /// postings of the pages that changed), not made afresh.
    pub fn reused_search_index(&self) -> bool {
        self.search_again.load(Ordering::Relaxed)
    }

    /// County pages of this build reused from the previous one.
    pub fn reused_pages(&self) -> usize {
        self.pages.hits()
    }

    fn county_key(&self, slug: &str) -> u64 {
        lock(&self.county_keys).get(slug).copied().unwrap_or(0)
    }

    fn narrative_key(&self, slug: &str) -> u64 {
        lock(&self.narrative_keys).get(slug).copied().unwrap_or(0)
    }

    /// The key of a region's figures and its children's (none when not noted this build).
    fn region_key(&self, slug: &str) -> Option<u64> {
        lock(&self.region_keys).get(slug).copied()
    }

    /// Region pages of this build reused from the previous one.
    pub fn reused_region_pages(&self) -> usize {
        self.region_pages.hits()
    }

    /// Pages of the county list of this build reused from the previous one.
    pub fn reused_list_pages(&self) -> usize {
        self.list_pages.hits()
    }
}

/// A comparison's key: its id and, county by county, the values of the fields it draws
/// (its label, short name and measures).
fn comparison_key(spec: &ChartSpec, counties: &[&Value]) -> u64 {
    let fields = spec.comparison_fields();
    let mut text = spec.id.clone();
    for c in counties {
        for f in &fields {
            text.push('\u{1F}');
            if let Some(v) = crate::model::lookup(c, f) {
                text.push_str(&v.to_string());
            }
        }
        text.push('\u{1E}');
    }
    key(&[text.as_bytes()])
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// What a watcher knows of a file: its modification time (when the system keeps one)
/// and its size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileStamp {
    /// When it was last modified.
    pub modified: Option<SystemTime>,
    /// Its size in bytes.
    pub len: u64,
}

/// The stamps of a site's files, by path from the site's root, in the order of the paths'
/// bytes (compared as bytes, not component by component: a watcher compares thousands of
/// them several times a second).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileStamps(Vec<(PathBuf, FileStamp)>);

impl FileStamps {
    /// The stamps of these files (a path given twice keeps its first stamp).
    pub fn new(mut stamps: Vec<(PathBuf, FileStamp)>) -> FileStamps {
        stamps.sort_by(|(a, _), (b, _)| bytes(a).cmp(bytes(b)));
        stamps.dedup_by(|(a, _), (b, _)| bytes(a) == bytes(b));
        FileStamps(stamps)
    }

    /// The stamp of the file at `path`.
    pub fn get(&self, path: &Path) -> Option<&FileStamp> {
        let at = self
            .0
            .binary_search_by(|(p, _)| bytes(p).cmp(bytes(path)))
            .ok()?;
        self.0.get(at).map(|(_, s)| s)
    }

    /// Every file's path and stamp, in order.
    pub fn iter(&self) -> std::slice::Iter<'_, (PathBuf, FileStamp)> {
        self.0.iter()
    }
}

/// A path's bytes, the order of [`FileStamps`].
pub fn bytes(path: &Path) -> &[u8] {
    path.as_os_str().as_encoded_bytes()
}

/// A file's size and modification time, asked of the file system.
fn file_stamp(path: &Path) -> Option<(u64, SystemTime)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.len(), meta.modified().ok()?))
}

/// A file's identity for the read memo: its path, size and modification time.
fn stamp_key(path: &Path, len: u64, modified: SystemTime) -> Option<u64> {
    let modified = modified.duration_since(std::time::UNIX_EPOCH).ok()?;
    Some(key(&[
        path.as_os_str().as_encoded_bytes(),
        &len.to_le_bytes(),
        &modified.as_nanos().to_le_bytes(),
    ]))
}

/// What keeps a county's link-preview card in place under a ledger: the font it is drawn
/// with (in its key), and the image cache whose entry holds the card (kept from the
/// cache's pruning while the card in the output is that entry's image).
#[derive(Clone, Copy)]
pub struct CardKeeping<'a> {
    /// The font's identity.
    pub font: u64,
    /// The build's image cache.
    pub cache: &'a crate::cache::ImageCache,
}

/// How a build makes each item: afresh, or through the memo of the previous build.
#[derive(Clone, Copy)]
pub enum Reuse<'m> {
    /// A one-off build: every step is the stage's own function.
    Fresh,
    /// A build that reuses what `BuildMemo` holds and leaves its results there.
    Memo(&'m BuildMemo),
    /// A build into an output that keeps the county pages the previous build's ledger
    /// speaks for, and records this build's: every other step is the stage's own.
    Ledger(&'m Ledger<'m>),
}

impl<'m> Reuse<'m> {
    /// Runs `build`; under a ledger, for a site that is `searched`, the files of the
    /// previous build's search index are read from the output meanwhile, on a thread of
    /// its own (see [`Ledger::read_index_files`]).
    pub fn meanwhile<T>(self, searched: bool, build: impl FnOnce() -> T) -> T {
        let (Reuse::Ledger(ledger), true) = (self, searched) else {
            return build();
        };
        std::thread::scope(|scope| {
            scope.spawn(|| ledger.read_index_files());
            build()
        })
    }

    /// Reads a source file.
    pub fn read(self, found: &Found, read: impl FnOnce() -> ReadResult) -> ReadResult {
        let Reuse::Memo(m) = self else {
            return read();
        };
        let known = m.stamps.as_ref().and_then(|s| s.get(&found.rel));
        let stamp = match known {
            Some(&FileStamp {
                modified: Some(modified),
                len,
            }) => Some((len, modified)),
            _ => file_stamp(&found.path),
        };
        match stamp.and_then(|(len, modified)| stamp_key(&found.path, len, modified)) {
            Some(k) => m.sources.try_get_or(k, || {
                read().map(|file| SourceFile {
                    read_key: Some(k),
                    ..file
                })
            }),
            None => read(),
        }
    }

    /// The templates of `theme`, compiled: kept while its and the site's template files
    /// (their names, places and bytes) stay the same. A failure is not kept.
    pub fn templates<E>(
        self,
        theme: &Theme,
        compile: impl FnOnce() -> Result<Templates, E>,
    ) -> Result<Arc<Templates>, E> {
        let Reuse::Memo(m) = self else {
            return compile().map(Arc::new);
        };
        let mut h = DefaultHasher::new();
        for (list, files) in [(0u8, &theme.templates), (1, &theme.site_templates)] {
            list.hash(&mut h);
            for f in files {
                (&f.name, &f.origin, &f.bytes).hash(&mut h);
            }
        }
        let k = h.finish();
        let mut kept = lock(&m.templates);
        if let Some((key, templates)) = kept.as_ref()
            && *key == k
        {
            return Ok(Arc::clone(templates));
        }
        let templates = Arc::new(compile()?);
        *kept = Some((k, Arc::clone(&templates)));
        Ok(templates)
    }

    /// Validates a county from its sources (`src` is its data and narrative).
    pub fn county(
        self,
        data: &SourceFile,
        narrative: Option<&SourceFile>,
        validate: impl FnOnce() -> Validated,
    ) -> Validated {
        let m = match self {
            Reuse::Fresh => return validate(),
            Reuse::Ledger(l) => {
                let validated = validate();
                if let Some(county) = &validated.0 {
                    // By the texts: a rebuild in another process knows no read keys.
                    let path = |f: &SourceFile| f.path.as_os_str().as_encoded_bytes().to_vec();
                    let k = key(&[
                        b"county",
                        &path(data),
                        data.text.as_bytes(),
                        &narrative.map(path).unwrap_or_default(),
                        narrative.map_or(&b""[..], |n| n.text.as_bytes()),
                    ]);
                    l.note_county(&county.data.slug, k);
                }
                return validated;
            }
            Reuse::Memo(m) => m,
        };
        // A file read through the memo is known by its read key; another by its text.
        let text_key = |file: &SourceFile| {
            file.read_key
                .unwrap_or_else(|| key(&[b"text", file.text.as_bytes()]))
        };
        let k = key(&[
            data.path.as_os_str().as_encoded_bytes(),
            &text_key(data).to_le_bytes(),
            narrative
                .map(|n| text_key(n).to_le_bytes())
                .as_ref()
                .map_or(&[][..], |b| &b[..]),
        ]);
        let validated = m.counties.get_or(k, validate);
        if let Some(county) = &validated.0 {
            lock(&m.county_keys).insert(county.data.slug.clone(), k);
        }
        validated
    }

    /// A county's object of the summary: made from its sources alone.
    pub fn county_summary(self, county: &County, make: impl FnOnce() -> Value) -> Arc<Value> {
        match self {
            Reuse::Fresh | Reuse::Ledger(_) => Arc::new(make()),
            Reuse::Memo(m) => m
                .summaries
                .get_or(m.county_key(&county.data.slug), || Arc::new(make())),
        }
    }

    /// A county's narrative. One that names no city figure depends on its county's
    /// sources alone, and is not even resolved again; any other is keyed by its text with
    /// the references resolved (`resolve`), and rendered by `render` on a miss. `context`
    /// is a hash of what its local links may lead to.
    pub fn narrative(
        self,
        county: &County,
        body: &str,
        context: u64,
        resolve: impl FnOnce() -> Result<String, Vec<Diagnostic>>,
        render: impl FnOnce(&str) -> Rendered,
    ) -> Result<Arc<Rendered>, Vec<Diagnostic>> {
        let Reuse::Memo(m) = self else {
            return resolve().map(|text| Arc::new(render(&text)));
        };
        let slug = &county.data.slug;
        let names_up = || body.contains("city") || body.contains("parent");
        let names_city = match m.county_key(slug) {
            0 => names_up(),
            // By its county's sources: the narrative's text is not searched again.
            k => m.names_up.get_or(k, names_up),
        };
        let k = if names_city {
            let text = resolve()?;
            let k = key(&[text.as_bytes(), &context.to_le_bytes()]);
            let rendered = m.markdown.get_or(k, || Arc::new(render(&text).packed()));
            lock(&m.narrative_keys).insert(slug.clone(), k);
            return Ok(rendered);
        } else {
            key(&[
                b"narrative of",
                &m.county_key(slug).to_le_bytes(),
                &context.to_le_bytes(),
            ])
        };
        lock(&m.narrative_keys).insert(slug.clone(), k);
        // Kept gzipped: a county's page reads its narrative only when it is made again.
        m.markdown
            .try_get_or(k, || resolve().map(|text| Arc::new(render(&text).packed())))
    }

    /// Under a ledger: notes the key of a county's narrative (as [`Reuse::narrative`] makes
    /// it: by its county's sources, or by its text with the references resolved, and by
    /// `context`), and tells whether the previous build made the county's page from the
    /// same sources and narrative. Otherwise false.
    pub fn same_narrative(
        self,
        county: &County,
        body: &str,
        context: u64,
        resolve: impl FnOnce() -> Result<String, Vec<Diagnostic>>,
    ) -> Result<bool, Vec<Diagnostic>> {
        let Reuse::Ledger(l) = self else {
            return Ok(false);
        };
        let slug = &county.data.slug;
        let county_key = l.county_key(slug);
        let k = if body.contains("city") || body.contains("parent") {
            let text = resolve()?;
            key(&[text.as_bytes(), &context.to_le_bytes()])
        } else {
            key(&[
                b"narrative of",
                &county_key.to_le_bytes(),
                &context.to_le_bytes(),
            ])
        };
        l.note_narrative(slug, k);
        let path = crate::url::PagePath::County(slug).file();
        Ok(l.same_narrative(&path, county_key, k))
    }

    /// The ledger this build keeps pages by, if any.
    pub fn ledger(self) -> Option<&'m Ledger<'m>> {
        match self {
            Reuse::Ledger(l) => Some(l),
            _ => None,
        }
    }

    /// An article's body, keyed by its text with the references resolved and by `context`
    /// (a hash of what its local links may lead to).
    pub fn article(
        self,
        context: u64,
        resolve: impl FnOnce() -> Result<String, Vec<Diagnostic>>,
        render: impl FnOnce(&str) -> Rendered,
    ) -> Result<Arc<Rendered>, Vec<Diagnostic>> {
        let text = resolve()?;
        Ok(match self {
            Reuse::Fresh | Reuse::Ledger(_) => Arc::new(render(&text)),
            Reuse::Memo(m) => m
                .markdown
                .get_or(key(&[text.as_bytes(), &context.to_le_bytes()]), || {
                    Arc::new(render(&text))
                }),
        })
    }

    /// A county's charts: made from its summary object, that is from its sources.
    pub fn county_charts<E>(
        self,
        county: &County,
        draw: impl FnOnce() -> Result<Vec<ChartView>, E>,
    ) -> Result<Arc<Vec<ChartView>>, E> {
        match self {
            Reuse::Fresh | Reuse::Ledger(_) => draw().map(Arc::new),
            Reuse::Memo(m) => m
                .charts
                .try_get_or(m.county_key(&county.data.slug), || draw().map(Arc::new)),
        }
    }

    /// A comparison across the counties, keyed by the values of the fields it draws.
    pub fn comparison<E>(
        self,
        spec: &ChartSpec,
        counties: &[&Value],
        draw: impl FnOnce() -> Result<ChartView, E>,
    ) -> Result<ChartView, E> {
        match self {
            Reuse::Fresh | Reuse::Ledger(_) => draw(),
            Reuse::Memo(m) => m
                .comparisons
                .try_get_or(comparison_key(spec, counties), draw),
        }
    }

    /// A comparison of more counties than a chart shows one by one (its distribution, its
    /// ends and its full ranking), keyed by the values of the fields it draws.
    pub fn comparison_of_many<E>(
        self,
        spec: &ChartSpec,
        counties: &[&Value],
        draw: impl FnOnce() -> Result<(Vec<ChartView>, Ranking), E>,
    ) -> Result<(Vec<ChartView>, Ranking), E> {
        match self {
            Reuse::Fresh | Reuse::Ledger(_) => draw(),
            Reuse::Memo(m) => m.many.try_get_or(comparison_key(spec, counties), draw),
        }
    }

    /// The parsed font of the files whose identity is `identity`: read and parsed by
    /// `load` only when they changed.
    pub fn fonts<E>(
        self,
        identity: u64,
        load: impl FnOnce() -> Result<Option<Fonts>, E>,
    ) -> Result<Option<Arc<Fonts>>, E> {
        let Reuse::Memo(m) = self else {
            return Ok(load()?.map(Arc::new));
        };
        let mut kept = lock(&m.fonts);
        if let Some((id, fonts)) = kept.as_ref()
            && *id == identity
        {
            return Ok(Some(fonts.clone()));
        }
        let fonts = load()?.map(Arc::new);
        *kept = fonts.clone().map(|f| (identity, f));
        Ok(fonts)
    }

    /// A PNG, keyed by its SVG, its scale and the identity of its font.
    pub fn image(
        self,
        svg: &str,
        scale: f32,
        font: u64,
        render: impl FnOnce() -> Result<Png, RenderError>,
    ) -> Result<Png, RenderError> {
        match self {
            Reuse::Fresh | Reuse::Ledger(_) => render(),
            Reuse::Memo(m) => m.images.try_get_or(
                key(&[svg.as_bytes(), &scale.to_le_bytes(), &font.to_le_bytes()]),
                render,
            ),
        }
    }

    /// Whether this build took an image from the memo: then the on-disk cache did not see
    /// every image the build used, and pruning it by what it saw would empty it.
    pub fn reused_images(self) -> bool {
        matches!(self, Reuse::Memo(m) if m.images.hits() + m.previews.hits() > 0)
    }

    /// The searchable text of the page `file`: read from its path and bytes alone.
    pub fn page_text(
        self,
        file: &OutputFile,
        read: impl FnOnce() -> Option<PageText>,
    ) -> Option<PageText> {
        match self {
            Reuse::Fresh | Reuse::Ledger(_) => read(),
            Reuse::Memo(m) => m.page_texts.get_or(
                key(&[b"page text", file.path.as_bytes(), &file.bytes[..]]),
                read,
            ),
        }
    }

    /// The searchable text of a county page made with the key `page_key` (see
    /// [`Reuse::county_page`]): that key and the settings decide its bytes, so they need
    /// not be hashed.
    pub fn county_page_text(
        self,
        page_key: Option<u64>,
        file: &OutputFile,
        read: impl FnOnce() -> Option<PageText>,
    ) -> Option<PageText> {
        match (self, page_key) {
            (Reuse::Memo(m), Some(k)) => m.page_texts.get_or(
                key(&[
                    b"county page text",
                    file.path.as_bytes(),
                    &m.global.to_le_bytes(),
                    &k.to_le_bytes(),
                ]),
                read,
            ),
            _ => self.page_text(file, read),
        }
    }

    /// A county's preview card as a PNG and its size: made from its sources and the
    /// settings alone (its title and key figures, the site's names, the font). A card not
    /// drawn is not kept: it is tried again, and its warning given again.
    pub fn county_preview(
        self,
        county: &County,
        card: Option<CardKeeping<'_>>,
        make: impl FnOnce() -> Option<(OutputFile, (u32, u32), Option<String>)>,
    ) -> Option<OutputFile> {
        let slug = &county.data.slug;
        match self {
            Reuse::Fresh => make().map(|(file, _, _)| file),
            Reuse::Memo(m) => {
                let k = key(&[
                    b"preview",
                    slug.as_bytes(),
                    &m.county_key(slug).to_le_bytes(),
                ]);
                let made = || make().map(|(file, size, _)| (file, size)).ok_or(());
                m.previews.try_get_or(k, made).ok().map(|(file, _)| file)
            }
            // Kept in place, neither composed nor read from the image cache, while the
            // county's sources, the settings (in the ledger's key) and the font stay the
            // same; never when images are drawn afresh (no card keeping given).
            Reuse::Ledger(l) => {
                let county_key = l.county_key(slug);
                let Some(card) = card.filter(|_| county_key != 0) else {
                    return make().map(|(file, _, _)| file);
                };
                let k = key(&[
                    b"preview",
                    slug.as_bytes(),
                    &county_key.to_le_bytes(),
                    &card.font.to_le_bytes(),
                ]);
                let path = crate::url::preview_png(&crate::url::PagePath::County(slug).file());
                l.image(&path, k, card.cache, || {
                    make().map(|(file, _, cache_key)| (file, cache_key))
                })
            }
        }
    }

    /// An inner region's preview card as a PNG and its size: made from its title, its
    /// figures and the settings alone; its figures and its children's are in its region key
    /// (see [`Reuse::note_regions`]), so its SVG is neither composed nor hashed again while
    /// they stay the same. A card not drawn is not kept.
    pub fn region_preview(
        self,
        slug: &str,
        title: &str,
        make: impl FnOnce() -> Option<(OutputFile, (u32, u32))>,
    ) -> Option<(OutputFile, (u32, u32))> {
        let Reuse::Memo(m) = self else {
            return make();
        };
        let Some(region_key) = m.region_key(slug) else {
            return make();
        };
        let k = key(&[
            b"region preview",
            slug.as_bytes(),
            &region_key.to_le_bytes(),
            title.as_bytes(),
        ]);
        m.previews.try_get_or(k, || make().ok_or(())).ok()
    }

    /// The search index of `texts`: redone from the previous build's where only a few pages
    /// changed (the same files a full index makes; for a ledger, read back from the
    /// previous build's files), else made afresh.
    pub fn search_index(self, texts: Vec<PageText>) -> Vec<OutputFile> {
        let m = match self {
            Reuse::Fresh => return search::index(texts),
            Reuse::Ledger(l) => return l.search_index(texts),
            Reuse::Memo(m) => m,
        };
        let mut kept = lock(&m.search);
        let mut texts = texts;
        if let Some(state) = kept.as_mut() {
            match search::index_again(state, texts) {
                Ok(files) => {
                    m.search_again.store(true, Ordering::Relaxed);
                    return files;
                }
                Err(back) => texts = back,
            }
        }
        m.search_again.store(false, Ordering::Relaxed);
        let (files, state) = search::index_kept(texts);
        *kept = Some(state);
        files
    }

    /// Notes each inner region's key for this build: a hash of its slug, its figures and
    /// its children's (regions' and counties'), everything its charts are drawn from. The
    /// counties' keys must be noted first (as validating them does).
    pub fn note_regions(self, model: &Model, summary: &Summary) {
        match self {
            Reuse::Fresh => {}
            Reuse::Memo(m) => {
                let keys = region_keys(model, summary, &|slug| m.county_key(slug));
                lock(&m.region_keys).extend(keys);
            }
            Reuse::Ledger(l) => {
                l.note_regions(region_keys(model, summary, &|slug| l.county_key(slug)))
            }
        }
    }

    /// An inner region's charts: drawn from its figures and its children's.
    pub fn region_charts<E>(
        self,
        slug: &str,
        draw: impl FnOnce() -> Result<RegionCharts, E>,
    ) -> Result<Arc<RegionCharts>, E> {
        match self {
            // Kept with their SVGs gzipped.
            Reuse::Memo(m) => match m.region_key(slug) {
                Some(k) => m
                    .region_charts
                    .try_get_or(k, || draw().map(|c| Arc::new(c.packed()))),
                None => draw().map(Arc::new),
            },
            Reuse::Fresh | Reuse::Ledger(_) => draw().map(Arc::new),
        }
    }

    /// An inner region's CSV of its children: made from their figures (its region key).
    pub fn region_csv(self, slug: &str, make: impl FnOnce() -> OutputFile) -> OutputFile {
        match self {
            Reuse::Memo(m) => match m.region_key(slug) {
                Some(k) => m.region_csvs.get_or(k, make),
                None => make(),
            },
            Reuse::Fresh | Reuse::Ledger(_) => make(),
        }
    }

    /// The page of the inner region at `index`: keyed by everything it shows, that is what
    /// every page shows of the site (`site_key`), its figures and its children's (its region
    /// key), its own data and narrative (`body`, rendered), the regions above it, its child
    /// regions' and own counties' names and sources, whether its charts' PNGs
    /// (`charts`) and its preview card (`preview`) were made.
    #[allow(clippy::too_many_arguments)]
    pub fn region_page<E>(
        self,
        model: &Model,
        index: usize,
        site_key: u64,
        body: Option<&Rendered>,
        charts: &RegionCharts,
        preview: bool,
        render: impl FnOnce() -> Result<OutputFile, E>,
    ) -> Result<OutputFile, E> {
        let Some(region) = model.tree.regions.get(index) else {
            return render();
        };
        let Some(region_key) = self.region_key(&region.slug) else {
            return render();
        };
        let county_key = |slug: &str| self.county_key(slug);
        let k = region_page_key(
            model,
            region,
            (site_key, region_key),
            body,
            charts,
            preview,
            &county_key,
        );
        match self {
            Reuse::Fresh => render(),
            Reuse::Ledger(l) => l.site_page(
                &crate::url::PagePath::Region(&region.slug).file(),
                k,
                render,
            ),
            // Kept gzipped, as county pages are.
            Reuse::Memo(m) => m
                .region_pages
                .try_get_or(k, || render().map(OutputFile::gzipped)),
        }
    }

    /// This build's key of the county `slug`'s sources (0 when not noted, or in a one-off
    /// build).
    fn county_key(self, slug: &str) -> u64 {
        match self {
            Reuse::Fresh => 0,
            Reuse::Memo(m) => m.county_key(slug),
            Reuse::Ledger(l) => l.county_key(slug),
        }
    }

    /// This build's key of the inner region `slug` (none when not noted, or in a one-off
    /// build).
    fn region_key(self, slug: &str) -> Option<u64> {
        match self {
            Reuse::Fresh => None,
            Reuse::Memo(m) => m.region_key(slug),
            Reuse::Ledger(l) => l.region_key(slug),
        }
    }

    /// Whether results are kept for a next build (`serve`): then what many pages show is
    /// made once and kept, rather than made again by each page that shows it.
    pub fn keeps(self) -> bool {
        matches!(self, Reuse::Memo(_))
    }

    /// Whether the search index is redone from the previous build's: `serve`'s memo keeps
    /// it, and a ledger's output holds it in place.
    pub fn index_in_place(self) -> bool {
        match self {
            Reuse::Fresh => false,
            Reuse::Memo(_) => true,
            Reuse::Ledger(l) => l.index_in_place(),
        }
    }

    /// A county's parts of the open data: made from its summary object (kept by its
    /// sources) and its `place` (the regions above it, as the parts name them).
    pub fn county_data(
        self,
        model: &Model,
        index: usize,
        place: &str,
        make: impl FnOnce() -> CountyData,
    ) -> Arc<CountyData> {
        let (Reuse::Memo(m), Some(county)) = (self, model.counties.get(index)) else {
            return Arc::new(make());
        };
        let slug = &county.data.slug;
        let k = key(&[
            b"open data",
            slug.as_bytes(),
            &m.county_key(slug).to_le_bytes(),
            place.as_bytes(),
        ]);
        m.open_data.get_or(k, || Arc::new(make()))
    }

    /// Page `n` of the county list, showing `shows`: keyed by everything it shows, that is
    /// what every page shows of the site (`site_key`), the number of pages and counties,
    /// its counties' sources (a county's card is made from them alone) and whether its
    /// preview card was made. A page that shows the comparisons is made afresh.
    pub fn county_list_page<E>(
        self,
        model: &Model,
        (n, total): (usize, usize),
        shows: &ListShows,
        site_key: u64,
        render: impl FnOnce() -> Result<OutputFile, E>,
    ) -> Result<OutputFile, E> {
        if shows.comparisons || matches!(self, Reuse::Fresh) {
            return render();
        }
        let county_key = |slug: &str| self.county_key(slug);
        let k = list_page_key(model, (n, total), shows, site_key, &county_key);
        match self {
            Reuse::Fresh => render(),
            Reuse::Ledger(l) => {
                l.site_page(&crate::url::PagePath::county_list_page(n).file(), k, render)
            }
            Reuse::Memo(m) => m
                .list_pages
                .try_get_or(k, || render().map(OutputFile::gzipped)),
        }
    }

    /// The page of the county at `index`, with its key: keyed by everything it shows, that
    /// is what every page shows of the site (`site_key`, a hash of its text), the county's
    /// sources, its narrative and its neighbours' names. Through the memo the page comes
    /// gzipped (see [`OutputFile::contents`]).
    pub fn county_page<E>(
        self,
        model: &Model,
        index: usize,
        site_key: u64,
        render: impl FnOnce() -> Result<OutputFile, E>,
    ) -> Result<(OutputFile, Option<u64>), E> {
        let Reuse::Memo(m) = self else {
            return Ok((render()?, None));
        };
        let Some(county) = model.counties.get(index) else {
            return Ok((render()?, None));
        };
        let slug = &county.data.slug;
        let k = page_key(
            model,
            index,
            site_key,
            m.county_key(slug),
            m.narrative_key(slug),
        );
        // Kept gzipped: a fifth of the memory, and `serve` sends it as it is.
        let page = m
            .pages
            .try_get_or(k, || render().map(OutputFile::gzipped))?;
        Ok((page, Some(k)))
    }
}

impl<'m> Reuse<'m> {
    /// Under a ledger, the key of the page of the county at `index` (as [`Reuse::county_page`]
    /// makes it, with `extra`: whether its preview card and its charts' PNGs were made);
    /// otherwise none.
    pub fn ledger_page_key(
        self,
        model: &Model,
        index: usize,
        site_key: u64,
        extra: u64,
    ) -> Option<u64> {
        let Reuse::Ledger(l) = self else {
            return None;
        };
        let slug = &model.counties.get(index)?.data.slug;
        let k = page_key(
            model,
            index,
            site_key,
            l.county_key(slug),
            l.narrative_key(slug),
        );
        Some(key(&[&k.to_le_bytes(), &extra.to_le_bytes()]))
    }

    /// Under a ledger, the county page at `path`, made with the key `page` (see
    /// [`Reuse::ledger_page_key`]), kept in place: its searchable text and charts.
    pub fn kept_county_page(
        self,
        path: &str,
        page: u64,
    ) -> crate::diagnostic::Result<Option<ledger::KeptPage>> {
        match self {
            Reuse::Ledger(l) => l.kept(path, page),
            _ => Ok(None),
        }
    }

    /// Under a ledger, records the page of the county `slug` at `path`, made with the key
    /// `page`, its charts, the files its narrative links and its searchable text.
    pub fn note_county_page(
        self,
        (path, slug, page): (&str, &str, u64),
        charts: usize,
        links: Vec<String>,
        text: Option<&PageText>,
    ) {
        if let Reuse::Ledger(l) = self {
            l.note((path, slug, page), charts, links, text);
        }
    }
}

/// The key of the page of the county at `index` from what it shows: what every page
/// shows of the site (`site_key`), the regions above it (its breadcrumbs), its county's
/// and its narrative's keys and its neighbours' names.
fn page_key(model: &Model, index: usize, site_key: u64, county: u64, narrative: u64) -> u64 {
    let neighbour = |j: Option<usize>| {
        j.and_then(|j| model.counties.get(j))
            .map(|c| format!("{}\u{1F}{}", c.data.slug, c.data.name))
            .unwrap_or_default()
    };
    let above: String = model
        .tree
        .county_ancestors(index)
        .iter()
        .map(|r| format!("{}\u{1F}{}\u{1F}", r.slug, r.data.name))
        .collect();
    key(&[
        &site_key.to_le_bytes(),
        above.as_bytes(),
        &county.to_le_bytes(),
        &narrative.to_le_bytes(),
        neighbour(index.checked_sub(1)).as_bytes(),
        neighbour(Some(index + 1)).as_bytes(),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs `builds` (each a list of keys asked for) through one memo and returns, per
    /// build, which keys were made afresh.
    fn made(builds: &[&[u64]]) -> Vec<Vec<u64>> {
        let mut memo: Memo<u64> = Memo::default();
        let mut out = Vec::new();
        for keys in builds {
            let mut fresh = Vec::new();
            for &k in *keys {
                let v = memo.get_or(k, || {
                    fresh.push(k);
                    k * 10
                });
                assert_eq!(v, k * 10, "a kept value is the one made for its key");
            }
            memo.finish();
            out.push(fresh);
        }
        out
    }

    #[track_caller]
    fn case(builds: &[&[u64]], expected: &[&[u64]]) {
        let expected: Vec<Vec<u64>> = expected.iter().map(|k| k.to_vec()).collect();
        assert_eq!(made(builds), expected);
    }

    #[test]
    fn a_build_reuses_what_the_previous_one_used() {
        case(&[&[1, 2], &[1, 2]], &[&[1, 2], &[]]);
        case(&[&[1, 2], &[2, 3]], &[&[1, 2], &[3]]);
        // What a build did not use is gone for the one after.
        case(&[&[1, 2], &[2], &[1, 2]], &[&[1, 2], &[], &[1]]);
        // A key asked for twice in one build is made once.
        case(&[&[4, 4]], &[&[4]]);
    }

    #[test]
    fn a_failure_is_not_kept() {
        let mut memo: Memo<u64> = Memo::default();
        let failed: Result<u64, &str> = memo.try_get_or(7, || Err("broken"));
        assert!(failed.is_err());
        memo.finish();
        let mut made = false;
        let ok: Result<u64, &str> = memo.try_get_or(7, || {
            made = true;
            Ok(70)
        });
        assert_eq!(ok, Ok(70));
        assert!(made, "a failed result must be made again");
        assert_eq!(memo.hits(), 0);
    }

    #[test]
    fn keys_tell_their_parts_apart() {
        assert_ne!(key(&[b"ab", b"c"]), key(&[b"a", b"bc"]));
        assert_eq!(key(&[b"ab", b"c"]), key(&[b"ab", b"c"]));
    }

    #[test]
    fn a_rebuild_takes_a_sources_size_and_time_from_the_watchers_stamps() {
        let dir = tempfile::tempdir().expect("temp dir");
        let rel = PathBuf::from("content/counties/a.yaml");
        let path = dir.path().join(&rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, "one").expect("write");
        let found = Found {
            kind: crate::load::Kind::CountyData,
            path: path.clone(),
            rel: rel.clone(),
            link: false,
        };
        let stamp = |len, secs| FileStamp {
            modified: Some(SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(secs)),
            len,
        };
        let mut memo = BuildMemo::default();
        let read = |memo: &mut BuildMemo| {
            let text = Reuse::Memo(memo)
                .read(&found, || {
                    crate::load::text::read_source(&path, rel.clone())
                })
                .expect("read")
                .text;
            memo.finish();
            text.to_string()
        };
        memo.know_stamps(Arc::new(FileStamps::new(vec![(
            rel.clone(),
            stamp(3, 100),
        )])));
        assert_eq!(read(&mut memo), "one");
        // Saved again, but the watcher has not seen it yet: the file system is not asked.
        std::fs::write(&path, "two!").expect("write");
        assert_eq!(read(&mut memo), "one");
        // The watcher's next look.
        memo.know_stamps(Arc::new(FileStamps::new(vec![(
            rel.clone(),
            stamp(4, 200),
        )])));
        assert_eq!(read(&mut memo), "two!");
        // A file the watcher does not know is asked of the file system.
        memo.know_stamps(Arc::new(FileStamps::default()));
        std::fs::write(&path, "three").expect("write");
        assert_eq!(read(&mut memo), "three");
    }
}
