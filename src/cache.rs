//! Memo of per-county stage results, so that `serve` rebuilds only what an edit touched.
//!
//! Every entry is keyed by a hash of everything its result depends on, so a cached result
//! is always the one a full build would compute: an incremental build gives byte-identical
//! output. Each build keeps only the entries it used.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::load::SourceFile;
use crate::markdown::Rendered;
use crate::model::Validated;
use crate::render::{ChartView, OutputFile};

/// A hash of several byte strings.
pub fn key(parts: &[&[u8]]) -> u64 {
    let mut h = DefaultHasher::new();
    for p in parts {
        p.len().hash(&mut h);
        p.hash(&mut h);
    }
    h.finish()
}

/// Results of one generation, looked up by key, with the next generation collected aside.
#[derive(Debug)]
pub struct Memo<T> {
    old: HashMap<u64, T>,
    new: HashMap<u64, T>,
    hits: AtomicUsize,
    disabled: bool,
}

impl<T> Default for Memo<T> {
    fn default() -> Self {
        Self {
            old: HashMap::new(),
            new: HashMap::new(),
            hits: AtomicUsize::new(0),
            disabled: false,
        }
    }
}

impl<T> Memo<T> {
    /// A memo that keeps nothing, for one-off builds.
    pub fn disabled() -> Self {
        Self {
            disabled: true,
            ..Self::default()
        }
    }

    /// Whether results are kept at all (keys need not be computed otherwise).
    pub fn is_enabled(&self) -> bool {
        !self.disabled
    }
}

impl<T: Clone> Memo<T> {
    /// The result of the previous build for `key`, if there was one.
    pub fn get(&self, key: u64) -> Option<T> {
        let found = self.new.get(&key).or_else(|| self.old.get(&key)).cloned();
        if found.is_some() {
            self.hits.fetch_add(1, Ordering::Relaxed);
        }
        found
    }

    /// How many lookups of this build found a result.
    pub fn hits(&self) -> usize {
        self.hits.load(Ordering::Relaxed)
    }

    /// Keeps a copy of `value` for the next build (a disabled memo copies nothing).
    pub fn keep(&mut self, key: u64, value: &T) {
        if !self.disabled {
            self.new.insert(key, value.clone());
        }
    }

    /// Moves the result of the previous build for `key` out of the memo (no copy); give
    /// it back with [`Memo::keep_owned`] once the build is done with it.
    pub fn take(&mut self, key: u64) -> Option<T> {
        let found = self.old.remove(&key).or_else(|| self.new.remove(&key));
        if found.is_some() {
            self.hits.fetch_add(1, Ordering::Relaxed);
        }
        found
    }

    /// Keeps `value` itself for the next build.
    pub fn keep_owned(&mut self, key: u64, value: T) {
        if !self.disabled {
            self.new.insert(key, value);
        }
    }

    /// Ends a build: what it did not use is dropped.
    pub fn finish(&mut self) {
        self.old = std::mem::take(&mut self.new);
        self.hits.store(0, Ordering::Relaxed);
    }

    /// Forgets everything.
    pub fn clear(&mut self) {
        self.old.clear();
        self.new.clear();
    }
}

/// What one build leaves for the next.
#[derive(Debug, Default)]
pub struct BuildCache {
    /// A hash of the settings and the theme; when it changes, nothing is reused.
    pub(crate) global: u64,
    /// Source texts, by path, size and modification time.
    pub(crate) sources: Memo<SourceFile>,
    /// Validated counties, by their YAML and Markdown text.
    pub(crate) counties: Memo<Validated>,
    /// Each county's object of the summary, by its source files.
    pub(crate) summaries: Memo<serde_json::Value>,
    /// Rendered Markdown, by its text with references resolved.
    pub(crate) markdown: Memo<std::sync::Arc<Rendered>>,
    /// A county's charts, by its source files (the key of its validated county).
    pub(crate) charts: Memo<std::sync::Arc<Vec<ChartView>>>,
    /// The comparisons across counties, by the values of the fields they draw.
    pub(crate) comparisons: Memo<ChartView>,
    /// Each county's card as a template value, by its source files.
    pub(crate) cards: Memo<tera::Value>,
    /// Rendered county pages, by everything the page shows.
    pub(crate) pages: Memo<OutputFile>,
}

impl BuildCache {
    /// A cache that keeps nothing: a one-off `build` needs no memory of it.
    pub fn disabled() -> Self {
        Self {
            global: 0,
            sources: Memo::disabled(),
            counties: Memo::disabled(),
            summaries: Memo::disabled(),
            markdown: Memo::disabled(),
            charts: Memo::disabled(),
            comparisons: Memo::disabled(),
            cards: Memo::disabled(),
            pages: Memo::disabled(),
        }
    }

    /// Starts a build whose settings and theme hash to `global`.
    pub(crate) fn start(&mut self, global: u64) {
        if global != self.global {
            self.counties.clear();
            self.summaries.clear();
            self.markdown.clear();
            self.charts.clear();
            self.comparisons.clear();
            self.cards.clear();
            self.pages.clear();
            self.global = global;
        }
    }

    /// Ends a build.
    pub(crate) fn finish(&mut self) {
        self.sources.finish();
        self.counties.finish();
        self.summaries.finish();
        self.markdown.finish();
        self.charts.finish();
        self.comparisons.finish();
        self.cards.finish();
        self.pages.finish();
    }
}
