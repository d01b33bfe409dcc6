//! The build pipeline, one line a stage: config → load → model → (markdown, charts) →
//! render. Returns the site's files in memory; writing them is the caller's business.
//!
//! Each per-item step goes through a [`Reuse`]: a one-off build calls the stage's own
//! function, `serve` reuses what the [`BuildMemo`] kept of the previous build.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

mod answers;
mod bodies;
mod images;
mod pages;

use bodies::{SiteFiles, render_bodies};

use crate::cache::ImageCache;
use crate::chart::Scope;
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics, Error, Result};
use crate::load::fonts::FontFiles;
use crate::load::{self, Sources, theme};
use crate::markdown::kept::KeptBodies;
use crate::markdown::{self, References};
use crate::memo::{BuildMemo, Ledger, Reuse};
use crate::model::kept::KeptParses;
use crate::model::{self, Model, summary};
use crate::render::charts::{ChartSetup, Ranking, RegionCharts};
use crate::render::{self, ChartView, OutputFile, StaticFiles};
use crate::search::PageText;
use crate::search::kept::{KeptIndex, KeptTexts, index_kept_or};

/// A built site, not yet written.
#[derive(Debug)]
pub struct Built {
    /// Every file of the site (but those handed to a sink).
    pub files: Vec<OutputFile>,
    /// The paths of the files handed to the sink of [`build_site_streaming`], already
    /// written there.
    pub streamed: Vec<String>,
    /// Warnings found on the way.
    pub warnings: Diagnostics,
    /// HTML pages among the files.
    pub pages: usize,
    /// Charts drawn (a build with a memo, `serve`'s, counts only the county charts it drew
    /// afresh, with their pages).
    pub charts: usize,
    /// Each stage's name and time.
    pub timings: Vec<(&'static str, Duration)>,
    /// County pages reused unchanged from the previous build (serve).
    pub reused_pages: usize,
    /// Region pages reused unchanged from the previous build (serve).
    pub reused_region_pages: usize,
    /// Pages of the county list reused unchanged from the previous build (serve).
    pub reused_list_pages: usize,
}

/// Where county pages can go as soon as they are rendered (the writer's staging), so that
/// they need not all wait in memory.
pub type Sink<'a> = dyn Fn(&OutputFile) -> Result<()> + Sync + 'a;

/// Records how long each stage took.
#[derive(Default)]
struct Stopwatch(Vec<(&'static str, Duration)>);

impl Stopwatch {
    fn time<T>(&mut self, stage: &'static str, f: impl FnOnce() -> T) -> T {
        Self::record(&mut self.0, stage, f)
    }

    /// Times `f` as `stage` into `timings` (a finished build's, once the clock is in it).
    fn record<T>(
        timings: &mut Vec<(&'static str, Duration)>,
        stage: &'static str,
        f: impl FnOnce() -> T,
    ) -> T {
        let start = Instant::now();
        let out = f();
        timings.push((stage, start.elapsed()));
        out
    }
}

/// Builds the site described by `config`.
pub fn build_site(config: &Config) -> Result<Built> {
    build_steps(config, None, None)
}

/// Builds the site, handing each county page and CSV to `sink` as soon as it is made (the
/// writer's staging), so that a large site's pages never wait in memory all together.
pub fn build_site_streaming(config: &Config, sink: &Sink<'_>) -> Result<Built> {
    build_steps(config, None, Some(sink))
}

/// [`build_site_streaming`] into an output whose previous build left `ledger`: a page it
/// speaks for, made with the same key, is kept in place (see [`Ledger`]), and this build's
/// pages are recorded in it for the next build.
pub fn build_site_ledgered(
    config: &Config,
    sink: &Sink<'_>,
    ledger: &mut Ledger<'_>,
) -> Result<Built> {
    build_steps(config, Some(Remembered::Ledger(ledger)), Some(sink)).map(|built| Built {
        reused_pages: ledger.kept_pages(),
        ..built
    })
}

/// What a build remembers of the one before: `serve`'s memo, or `build`'s ledger.
enum Remembered<'a, 'w> {
    Memo(&'a mut BuildMemo),
    Ledger(&'a mut Ledger<'w>),
}

/// Builds the site, reusing from `memo` every result whose inputs did not change (and
/// leaving this build's results there for the next one).
pub fn build_site_cached(config: &Config, memo: &mut BuildMemo) -> Result<Built> {
    let result = build_steps(config, Some(Remembered::Memo(memo)), None).map(|built| Built {
        reused_pages: memo.reused_pages(),
        reused_region_pages: memo.reused_region_pages(),
        reused_list_pages: memo.reused_list_pages(),
        ..built
    });
    memo.finish();
    result
}

fn build_steps(
    config: &Config,
    remembered: Option<Remembered<'_, '_>>,
    sink: Option<&Sink<'_>>,
) -> Result<Built> {
    let mut clock = Stopwatch::default();
    let theme = clock.time("load theme", || theme::load_theme(config))?;
    let font = clock.time("find font", || images::find_font(config))?;
    // Nothing is reused across a change of the settings, the font or the theme.
    let settings = || {
        format!(
            "{:?}{:?}{:?}",
            config.site,
            config.output_dir,
            font.as_ref().map(|f| f.identity)
        )
    };
    let theme_files = || {
        theme
            .templates
            .iter()
            .chain(&theme.site_templates)
            .chain(&theme.charts)
            .map(|f| (f.name.as_str(), f.bytes.as_slice()))
    };
    let reuse = match remembered {
        Some(Remembered::Memo(memo)) => {
            memo.start(&settings(), theme_files());
            Reuse::Memo(memo)
        }
        Some(Remembered::Ledger(ledger)) => {
            ledger.start(crate::memo::settings_key(&settings(), theme_files()));
            Reuse::Ledger(ledger)
        }
        None => Reuse::Fresh,
    };
    // A build into the last output reads the files of that build's search index meanwhile
    // (when the site has a search: the last index of a site that turned it off is stale).
    let searched = config.site.search.enabled;
    reuse.meanwhile(searched, move || {
        build_with(config, (theme, font), reuse, sink, clock)
    })
}

/// [`build_steps`] once the theme and the font are found and what is reused is known.
fn build_with(
    config: &Config,
    (theme, font): (theme::Theme, Option<FontFiles>),
    reuse: Reuse<'_>,
    sink: Option<&Sink<'_>>,
    mut clock: Stopwatch,
) -> Result<Built> {
    let tera = clock.time("compile templates", || {
        reuse.templates(&theme, || render::templates(&theme, config))
    })?;
    let (mut sources, mut diags) = clock.time("load content", || load_sources(config, reuse))?;
    let kept = kept_parses(config, reuse);
    let (model, model_diags) = clock.time("validate and aggregate", || {
        validate(&sources, reuse, kept.as_ref())
    });
    if let Some(text) = kept.and_then(KeptParses::text) {
        crate::cache::write_kept_counties(&config.root, &text);
    }
    diags.extend(model_diags.0);
    let model = match model {
        Some(m) if !diags.has_errors() => m,
        Some(partial) => {
            // Nothing is published, but the narratives' figure references are checked
            // against what did validate, so that one run reports them too.
            diags.extend(reference_problems(&partial, &sources));
            return Err(content_error(diags));
        }
        None => return Err(content_error(diags)),
    };
    // The model holds what it needs of the sources' texts.
    let assets = std::mem::take(&mut sources.assets);
    drop_aside(sources);
    // The image cache, unless the build is told not to use one.
    let cache = config
        .use_cache
        .then(|| ImageCache::open(&config.root, &config.output_dir))
        .flatten();
    let setup = Setup {
        config,
        theme: &theme,
        tera: &tera,
        font: font.as_ref(),
        cache: cache.as_ref(),
    };
    let made = make_site(&setup, &model, assets, reuse, sink, clock);
    // The search index, the last step and the largest at once, is made without the model.
    drop_aside(model);
    let built = made.and_then(|made| index_search(made, &setup, reuse, sink));
    drop_aside((tera, theme));
    // A rebuild of `serve` that reused images from its memo leaves the cache as it is (it
    // is pruned by the next build that draws or reads every image through it); so does a
    // build without a font, which neither reads nor draws an image: the entries, kept for
    // the font they were drawn with, are as good as before when it is back.
    if let (Ok(_), Some(cache)) = (&built, &cache)
        && !reuse.reused_images()
        && font.is_some()
    {
        cache.prune();
    }
    with_earlier(built, diags)
}

/// What `check` inspects besides the built site: the sources and the model it was built
/// from (each loaded and validated once).
#[derive(Debug)]
pub struct Inspected {
    /// Every source file read.
    pub sources: Sources,
    /// The model, when the content validated (even if the site did not build after).
    pub model: Option<Model>,
    /// The built site, or the content errors that stopped it.
    pub built: Result<Built>,
}

/// Builds the site in memory from `loaded` (the content as read, with what reading it
/// found), as [`build_site`] would, keeping the sources and the model for `check`; county
/// pages go to `sink` (when given) instead of being kept. Only a broken theme is an error
/// of its own.
pub fn build_for_check(
    config: &Config,
    loaded: (Sources, Diagnostics),
    sink: Option<&Sink<'_>>,
) -> Result<Inspected> {
    let reuse = Reuse::Fresh;
    let clock = Stopwatch::default();
    let theme = theme::load_theme(config)?;
    let tera = render::templates(&theme, config)?;
    let font = images::find_font(config)?;
    let (sources, mut diags) = loaded;
    let (model, model_diags) = validate(&sources, reuse, None);
    diags.extend(model_diags.0);
    // `check` publishes nothing, but its rules must not read a model with errors; the
    // references are checked against what did validate, as `build` does.
    if diags.has_errors()
        && let Some(partial) = &model
    {
        diags.extend(reference_problems(partial, &sources));
    }
    let model = model.filter(|_| !diags.has_errors());
    let setup = Setup {
        config,
        theme: &theme,
        tera: &tera,
        font: font.as_ref(),
        cache: None,
    };
    let built = match &model {
        Some(m) if !diags.has_errors() => with_earlier(
            make_site(&setup, m, sources.assets.clone(), reuse, sink, clock)
                .and_then(|made| index_search(made, &setup, reuse, None)),
            diags,
        ),
        _ => Err(content_error(diags)),
    };
    Ok(Inspected {
        sources,
        model,
        built,
    })
}

/// What every page of a build is made with: the settings, the theme, its templates.
struct Setup<'a> {
    config: &'a Config,
    theme: &'a theme::Theme,
    tera: &'a render::Templates,
    /// The font for images, if there is one.
    font: Option<&'a FontFiles>,
    /// The PNGs of earlier builds, unless the build does without.
    cache: Option<&'a ImageCache>,
}

/// A site made but for its search index, and the pages' texts that index is made from.
struct Unindexed {
    built: Built,
    texts: Vec<PageText>,
}

/// Search: the index of the pages' texts, when the site has a search, among the files.
/// With a `sink` (the writer's staging), the site's other files are handed to it while the
/// index is made, on the other core: writing them no longer waits for the index.
fn index_search(
    made: Unindexed,
    setup: &Setup<'_>,
    reuse: Reuse<'_>,
    sink: Option<&Sink<'_>>,
) -> Result<Built> {
    let Setup { config, theme, .. } = *setup;
    let Unindexed { mut built, texts } = made;
    if !config.site.search.enabled {
        return Ok(built);
    }
    let index = || {
        // An index in place is patched where it is (cheaper than taking or keeping one).
        let kept: Option<KeptIndex> = (!reuse.index_in_place())
            .then(|| open_kept(setup, reuse, crate::cache::read_kept_index))
            .flatten();
        let index = index_kept_or(kept.as_ref(), texts, |texts| reuse.search_index(texts));
        if let Some(kept) = kept {
            // The last index alone: an older one is made again sooner than read.
            crate::cache::write_kept_index(&config.root, |out| kept.write_to(1, out));
        }
        index
    };
    let (index, handed) = Stopwatch::record(&mut built.timings, "search index", || match sink {
        Some(sink) => {
            let files = std::mem::take(&mut built.files);
            let (index, (handed, files)) =
                rayon::join(index, || (files.par_iter().try_for_each(sink), files));
            built.streamed.extend(files.into_iter().map(|f| f.path));
            built.streamed.sort();
            (index, handed)
        }
        None => (index(), Ok(())),
    });
    // A static file of the same path replaces an index file, as it does a page.
    let statics = StaticFiles(&theme.static_files);
    // A static file in the way of the index's folders says so first: the writer, handed
    // that file meanwhile, could only say that a folder stands where it goes.
    statics.clash(&config.root, index.iter().map(|f| f.path.as_str()))?;
    handed?;
    built
        .files
        .extend(index.into_iter().filter(|f| !statics.replaces(&f.path)));
    built.files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(built)
}

/// From the validated model on: figures, Markdown, charts and pages (all but the search
/// index).
fn make_site(
    setup: &Setup<'_>,
    model: &Model,
    assets: Vec<load::Asset>,
    reuse: Reuse<'_>,
    sink: Option<&Sink<'_>>,
    mut clock: Stopwatch,
) -> Result<Unindexed> {
    let Setup {
        config,
        theme,
        tera,
        font,
        cache,
    } = *setup;
    let summary = clock.time("open data", || {
        let summary = summarise(model, reuse);
        reuse.note_regions(model, &summary);
        summary
    });
    let files = SiteFiles::new(assets, model, theme);
    let bodies = clock.time("markdown", || {
        let kept = kept_narratives(setup, reuse);
        let bodies = render_bodies(config, model, &summary, &files, reuse, kept.as_ref());
        // Room for every narrative twice over: those a rebuild into the last output did
        // not render stay for the next build that does.
        let room = 2 * (model.counties.len() + model.tree.regions.len());
        if let Some(kept) = kept {
            crate::cache::write_kept_narratives(&config.root, |out| kept.write_to(room, out));
        }
        bodies
    })?;
    let charts = clock.time("charts", || {
        draw_charts(theme, config, model, &summary, reuse)
    })?;
    let shared_charts = charts.count();
    let (painter, mut warnings) = match images::painter(font, reuse, cache) {
        Ok(p) => (Some(p), Vec::new()),
        Err(d) => (None, vec![d]),
    };
    let mut pages = pages::render_pages(
        config,
        model,
        &summary,
        (tera, theme),
        bodies,
        charts,
        &files,
        (reuse, painter.as_ref(), kept_texts(setup, reuse)),
        sink,
        &mut clock,
    )?;
    if let Some(painter) = painter {
        warnings.extend(painter.warnings()?);
    }
    drop_aside(summary);
    let texts = std::mem::take(&mut pages.texts);
    let built = Built {
        pages: pages
            .files
            .iter()
            .map(|f| f.path.as_str())
            .chain(pages.streamed.iter().map(String::as_str))
            .filter(|p| p.ends_with(".html"))
            .count(),
        charts: shared_charts + pages.county_charts,
        files: pages.files,
        streamed: pages.streamed,
        warnings: Diagnostics(warnings),
        timings: clock.0,
        reused_pages: 0,
        reused_region_pages: 0,
        reused_list_pages: 0,
    };
    Ok(Unindexed { built, texts })
}

/// A build's result with what the earlier stages found: their warnings are kept when a
/// later stage fails, so that every problem of a run is reported, and counted, at once.
fn with_earlier(built: Result<Built>, mut earlier: Diagnostics) -> Result<Built> {
    match built {
        Ok(b) => {
            earlier.extend(b.warnings.0.iter().cloned());
            earlier.sort();
            Ok(Built {
                warnings: earlier,
                ..b
            })
        }
        Err(Error::Content(later)) => {
            earlier.extend(later.0);
            Err(content_error(earlier))
        }
        Err(e) => Err(e),
    }
}

/// Load: every source file, each read through `reuse`.
fn load_sources(config: &Config, reuse: Reuse<'_>) -> Result<(Sources, Diagnostics)> {
    load::load_sources_with(config, &|found| {
        reuse.read(found, || {
            load::text::read_source(&found.path, found.rel.clone())
        })
    })
}

/// The county data files an earlier `build` parsed, from the site's cache; none for
/// `serve` (which keeps its own in memory) and under `--no-cache`.
fn kept_parses(config: &Config, reuse: Reuse<'_>) -> Option<KeptParses> {
    if matches!(reuse, Reuse::Memo(_)) || !config.use_cache {
        return None;
    }
    let identity = crate::memo::ledger::binary_identity()?;
    let text = crate::cache::read_kept_counties(&config.root, &config.output_dir)?;
    Some(KeptParses::read(&text, identity))
}

/// The narratives an earlier build rendered, when the build has the image cache (not
/// `check`, nor `--no-cache`) and no memo of its own (`serve`'s).
fn kept_narratives(setup: &Setup<'_>, reuse: Reuse<'_>) -> Option<KeptBodies> {
    open_kept(setup, reuse, crate::cache::read_kept_narratives)
}

/// The county pages' searchable texts an earlier build read, when the site has a search,
/// as [`kept_narratives`]; none for a build into an output whose index is in place, which
/// keeps its unchanged pages where they are, with their texts (the ledger's), and reads
/// the few others sooner than the whole file.
fn kept_texts(setup: &Setup<'_>, reuse: Reuse<'_>) -> Option<KeptTexts> {
    let searched = setup.config.site.search.enabled && !reuse.index_in_place();
    searched.then(|| open_kept(setup, reuse, crate::cache::read_kept_texts))?
}

/// What `read` gives of the cache, for this binary, as [`kept_narratives`] says.
fn open_kept<T: crate::kept::Keep>(
    setup: &Setup<'_>,
    reuse: Reuse<'_>,
    read: fn(&std::path::Path, &std::path::Path) -> Option<Vec<u8>>,
) -> Option<crate::kept::Kept<T>> {
    if setup.cache.is_none() || matches!(reuse, Reuse::Memo(_)) {
        return None;
    }
    let identity = crate::memo::ledger::binary_identity()?;
    let bytes = read(&setup.config.root, &setup.config.output_dir)?;
    Some(crate::kept::Kept::read(bytes, identity))
}

/// Model: each county validated through `reuse`, then the city's totals.
fn validate(
    sources: &Sources,
    reuse: Reuse<'_>,
    kept: Option<&KeptParses>,
) -> (Option<Model>, Diagnostics) {
    let counties = sources
        .counties
        .par_iter()
        .map(|src| {
            reuse.county(&src.data, src.narrative.as_ref(), || {
                model::validate_county_kept(src, kept)
            })
        })
        .collect();
    model::assemble(sources, counties)
}

/// The published figures: each county's object through `reuse`, the city's afresh.
fn summarise(model: &Model, reuse: Reuse<'_>) -> summary::Summary {
    // The counties' objects and the city's and the regions' are made side by side.
    let (counties, (city, regions)) = rayon::join(
        || {
            model
                .counties
                .par_iter()
                .map(|c| reuse.county_summary(c, || summary::county_value(c)))
                .collect()
        },
        || (summary::city_value(model), summary::region_values(model)),
    );
    summary::Summary {
        city,
        counties,
        regions,
        county_regions: model.tree.county_parents.clone(),
    }
}

/// The figure references of every narrative and article that do not resolve against a
/// model (one with errors elsewhere): reported with the errors that stopped the build. The
/// narrative of a county whose data failed is checked for its city references.
fn reference_problems(model: &Model, sources: &Sources) -> Vec<Diagnostic> {
    let summary = summary::summary(model);
    let city = &summary.city;
    let counties =
        model.counties.iter().enumerate().filter_map(|(i, c)| {
            Some((c.narrative.as_ref()?, county_references(model, &summary, i)))
        });
    let regions =
        model.tree.regions.iter().enumerate().filter_map(|(i, r)| {
            Some((r.narrative.as_ref()?, region_references(model, &summary, i)))
        });
    let articles = model
        .articles
        .iter()
        .map(|page| (page, References::city(city)));
    let mut problems: Vec<Diagnostic> = counties
        .chain(regions)
        .chain(articles)
        .filter_map(|(page, refs)| {
            markdown::resolve_references(&page.body, page.body_line, &page.file, refs).err()
        })
        .flatten()
        .collect();
    let validated: BTreeSet<&str> = model
        .counties
        .iter()
        .map(|c| c.data.slug.as_str())
        .collect();
    for file in sources.counties.iter().filter_map(|c| c.narrative.as_ref()) {
        let validated_here =
            load::page_name(&file.path).is_some_and(|name| validated.contains(name.as_str()));
        // Its front matter's own errors were reported with its county's.
        let (false, Ok(split)) = (validated_here, load::front_matter::split(file)) else {
            continue;
        };
        let body = without_county_references(split.body);
        let refs = References::city(city);
        if let Err(found) = markdown::resolve_references(&body, split.body_line, &file.rel, refs) {
            problems.extend(found);
        }
    }
    problems
}

/// What the narrative of the county at `index` may refer to: the county (as `county.` and
/// `region.`), the region above it (`parent.`, the city for one directly under it) and the
/// city.
fn county_references<'a>(
    model: &Model,
    summary: &'a summary::Summary,
    index: usize,
) -> References<'a> {
    let own = summary.counties.get(index).map(|v| &**v);
    let parent = model.tree.county_parents.get(index).copied().flatten();
    References {
        county: own,
        city: &summary.city,
        region: own,
        parent: parent
            .and_then(|p| summary.regions.get(p))
            .or(Some(&summary.city)),
    }
}

/// What the narrative of the region at `index` may refer to: itself (`region.`), the region
/// above it (`parent.`, the city under the root) and the city.
fn region_references<'a>(
    model: &Model,
    summary: &'a summary::Summary,
    index: usize,
) -> References<'a> {
    let parent = model.tree.regions.get(index).and_then(|r| r.parent);
    References {
        county: None,
        city: &summary.city,
        region: summary.regions.get(index),
        parent: parent
            .and_then(|p| summary.regions.get(p))
            .or(Some(&summary.city)),
    }
}

/// The text with every `{{ county.… }}` (and `region.`, `parent.`) blanked out (same
/// length, so lines and columns stay): what is left of a narrative whose county's data did
/// not validate.
fn without_county_references(body: &str) -> String {
    let mut out = body.to_string();
    for found in markdown::braces::scan(body) {
        let inner = body[found.at.clone()].trim_matches('{').trim_start();
        if found.kind == markdown::braces::Kind::Reference
            && ["county.", "region.", "parent."]
                .iter()
                .any(|scope| inner.starts_with(scope))
        {
            out.replace_range(found.at.clone(), &" ".repeat(found.at.len()));
        }
    }
    out
}

/// Drops `value` on a thread of its own. A build's intermediate results are a few hundred
/// thousand small allocations; freeing them takes a tenth of a second at 3,000 counties,
/// which the caller need not wait for (and a process that exits need not wait at all).
fn drop_aside<T: Send + 'static>(value: T) {
    // Should no thread be spared, the closure, and the value with it, is dropped here.
    let _ = std::thread::Builder::new()
        .name("qingfeng-drop".into())
        .spawn(move || drop(value));
}

fn content_error(mut diags: Diagnostics) -> Error {
    diags.sort();
    Error::Content(diags)
}

/// All charts of a build.
#[derive(Debug, Clone, Default)]
struct Charts {
    /// The city's own charts.
    city: Vec<ChartView>,
    /// Comparisons across counties.
    comparison: Vec<ChartView>,
    /// The full rankings of comparisons too large to draw a bar a county.
    rankings: Vec<Ranking>,
    /// What draws each county's charts, when the theme has charts: they are drawn as each
    /// county's page is rendered, so that 3,000 counties' SVGs never wait in memory
    /// together.
    county_setup: Option<ChartSetup>,
    /// Each inner region's charts, in the tree's order (shared with the memo: a rebuild
    /// does not copy the charts of the regions it did not draw again).
    regions: Vec<Arc<RegionCharts>>,
}

impl Charts {
    /// The charts drawn so far (the counties' are counted as their pages are rendered).
    fn count(&self) -> usize {
        self.city.len()
            + self.comparison.len()
            + self
                .regions
                .iter()
                .map(|r| r.own.len() + r.comparison.len())
                .sum::<usize>()
    }
}

/// Charts: the city's, the comparisons (once per build) and each county's. The city's and
/// the comparisons (a few, but each comparison is as large as the site) are drawn
/// alongside the counties' (many, small).
fn draw_charts(
    theme: &theme::Theme,
    config: &Config,
    model: &Model,
    summary: &summary::Summary,
    reuse: Reuse<'_>,
) -> Result<Charts> {
    let Some(setup) = ChartSetup::of(theme, config)? else {
        return Ok(Charts {
            regions: vec![Arc::default(); model.tree.regions.len()],
            ..Charts::default()
        });
    };
    // The home page compares the root's children: every county of a site of one city, the
    // top regions (and the root's own counties) of a nested one.
    let values = if model.tree.is_nested() {
        summary.children(model, None)
    } else {
        summary.county_values()
    };
    let many = values.len() > config.site.compare.max_bars;
    let nested = model.tree.is_nested();
    let draw_shared = || {
        let specs: Vec<_> = setup
            .shared_specs()
            .filter(|s| s.scope != Scope::City || s.drawn_from(&summary.city))
            .map(|s| match s.scope {
                Scope::Comparison if nested => s.comparing_regions(&values),
                _ => s.clone(),
            })
            .collect();
        specs
            .par_iter()
            .map(|spec| match spec.scope {
                // The root's children compared: its counties, or a nested site's top
                // regions (and own counties); past max_bars their distribution and ends,
                // each linking the full ranking's page.
                Scope::Comparison if many => reuse
                    .comparison_of_many(spec, &values, || setup.draw_many(spec, &values))
                    .map(|(views, ranking)| (spec.scope, views, Some(ranking))),
                Scope::Comparison => reuse
                    .comparison(spec, &values, || setup.draw_comparison(spec, &values))
                    .map(|v| (spec.scope, vec![v], None)),
                _ => setup
                    .draw_city(spec, &summary.city)
                    .map(|v| (spec.scope, vec![v], None)),
            })
            .collect::<std::result::Result<Vec<_>, _>>()
    };
    let max_bars = config.site.compare.max_bars;
    let draw_regions = || {
        (0..model.tree.regions.len())
            .into_par_iter()
            .map(|i| {
                let region = &model.tree.regions[i];
                reuse.region_charts(&region.slug, || {
                    let children = summary.children(model, Some(i));
                    setup.draw_region(&region.slug, &summary.regions[i], &children, max_bars)
                })
            })
            .collect::<std::result::Result<Vec<_>, _>>()
    };
    let (shared, regions) = rayon::join(draw_shared, draw_regions);
    let mut charts = Charts {
        regions: regions.map_err(|e| setup.error(e))?,
        ..Charts::default()
    };
    for (scope, views, ranking) in shared.map_err(|e| setup.error(e))? {
        if scope == Scope::Comparison {
            charts.comparison.extend(views);
        } else {
            charts.city.extend(views);
        }
        charts.rankings.extend(ranking);
    }
    charts.county_setup = Some(setup);
    Ok(charts)
}
