//! The build pipeline, one line a stage: config → load → model → (markdown, charts) →
//! render. Returns the site's files in memory; writing them is the caller's business.

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::Value;

use rayon::prelude::*;

use crate::cache::{self, BuildCache, Memo};
use crate::chart;
use crate::config::{CONFIG_FILE, Config};
use crate::diagnostic::{Diagnostic, Diagnostics, Error, Result};
use crate::load::{self, theme};
use crate::markdown::{self, References, Rendered};
use crate::model::{self, Model, summary};
use crate::render::{self, Bodies, ChartView, Charts, OutputFile, RenderInput, Sink};

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
    /// Charts drawn.
    pub charts: usize,
    /// Each stage's name and time.
    pub timings: Vec<(&'static str, Duration)>,
    /// County pages reused unchanged from the previous build (serve).
    pub reused_pages: usize,
}

/// Records how long each stage took.
#[derive(Default)]
struct Stopwatch(Vec<(&'static str, Duration)>);

impl Stopwatch {
    fn time<T>(&mut self, stage: &'static str, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let out = f();
        self.0.push((stage, start.elapsed()));
        out
    }
}

/// Builds the site described by `config`.
pub fn build_site(config: &Config) -> Result<Built> {
    build_site_cached(config, &mut BuildCache::disabled())
}

/// Builds the site, handing each county page and CSV to `sink` as soon as it is made (the
/// writer's staging), so that a large site's pages never wait in memory all together.
pub fn build_site_streaming(config: &Config, sink: &Sink<'_>) -> Result<Built> {
    let mut cache = BuildCache::disabled();
    let result = build_steps(config, &mut cache, Some(sink));
    cache.finish();
    result
}

/// Builds the site, reusing from `cache` every result whose inputs did not change (and
/// leaving this build's results there for the next one).
pub fn build_site_cached(config: &Config, cache: &mut BuildCache) -> Result<Built> {
    let result = build_steps(config, cache, None);
    cache.finish();
    result
}

fn build_steps(config: &Config, cache: &mut BuildCache, sink: Option<&Sink<'_>>) -> Result<Built> {
    let mut clock = Stopwatch::default();
    let theme = clock.time("load theme", || theme::load_theme(config))?;
    cache.start(global_key(config, &theme));
    let tera = clock.time("compile templates", || render::templates(&theme))?;
    let (sources, mut diags) = clock.time("load content", || {
        load::load_sources_cached(config, &mut cache.sources)
    })?;
    let (model, model_diags) = clock.time("validate and aggregate", || {
        model::build_model(&sources, &mut cache.counties)
    });
    diags.extend(model_diags.0);
    let model = match model {
        Some(m) if !diags.has_errors() => m,
        _ => return Err(content_error(diags)),
    };
    // The model holds what it needs of the sources' texts.
    drop_aside(sources);
    let summary = clock.time("open data", || {
        summary::summary(&model, &mut cache.summaries)
    });
    let bodies = clock.time("markdown", || {
        render_bodies(&model, &summary, &mut cache.markdown)
    })?;
    let charts = clock.time("charts", || {
        draw_charts(&theme, config, &model, &summary, cache)
    })?;
    let chart_count = charts.count();
    let input = RenderInput {
        config,
        model: &model,
        summary: &summary,
        bodies,
        charts,
    };
    let site = clock.time("render", || {
        render::render_site(
            input,
            &tera,
            &theme,
            &mut cache.cards,
            &mut cache.pages,
            sink,
        )
    })?;
    let (files, streamed) = (site.files, site.streamed);
    let summary = summary::give_back(summary, &model, &mut cache.summaries);
    diags.sort();
    let built = Built {
        pages: files
            .iter()
            .map(|f| f.path.as_str())
            .chain(streamed.iter().map(String::as_str))
            .filter(|p| p.ends_with(".html"))
            .count(),
        charts: chart_count,
        files,
        streamed,
        warnings: diags,
        timings: clock.0,
        reused_pages: cache.pages.hits(),
    };
    drop_aside((model, summary, tera, theme));
    Ok(built)
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

/// A hash of everything that is the same for every page: the settings and the theme.
fn global_key(config: &Config, theme: &theme::Theme) -> u64 {
    let settings = format!("{:?}{:?}", config.site, config.output_dir);
    let mut parts: Vec<&[u8]> = vec![settings.as_bytes()];
    for f in theme
        .templates
        .iter()
        .chain(&theme.site_templates)
        .chain(&theme.charts)
    {
        parts.push(f.name.as_bytes());
        parts.push(&f.bytes);
    }
    cache::key(&parts)
}

fn content_error(mut diags: Diagnostics) -> Error {
    diags.sort();
    Error::Content(diags)
}

/// Renders every Markdown body with its figures; a body whose resolved text is in `memo`
/// is not rendered again.
pub fn render_bodies(
    model: &Model,
    summary: &Value,
    memo: &mut Memo<Arc<Rendered>>,
) -> Result<Bodies> {
    let city = summary::city_of(summary);
    let counties = summary::counties_of(summary);
    let mut diags = Diagnostics::default();
    let mut bodies = Bodies::default();
    let memo_ref = &*memo;
    // `stable` is a key known before references are resolved: a county narrative that
    // names no city figure depends on its county's sources alone, so an unchanged one is
    // not even resolved again. Other bodies are keyed by their resolved text.
    let render_one =
        |page: &crate::model::page::Page, refs: References<'_>, stable: Option<u64>| {
            if let Some(found) = stable.and_then(|k| memo_ref.get(k)) {
                return Ok((stable.unwrap_or_default(), found));
            }
            markdown::resolve_references(&page.body, page.body_line, &page.file, refs).map(|text| {
                let key = stable.unwrap_or_else(|| cache::key(&[text.as_bytes()]));
                let rendered = memo_ref
                    .get(key)
                    .unwrap_or_else(|| Arc::new(markdown::render_markdown(&text)));
                (key, rendered)
            })
        };
    let county_pages: Vec<_> = model
        .counties
        .par_iter()
        .zip(counties.par_iter())
        .filter_map(|(county, value)| {
            let page = county.narrative.as_ref()?;
            let refs = References {
                county: Some(value),
                city,
            };
            let stable = (memo_ref.is_enabled() && !page.body.contains("city"))
                .then(|| cache::key(&[b"narrative of", &county.key.to_le_bytes()]));
            Some((county.data.slug.clone(), render_one(page, refs, stable)))
        })
        .collect();
    let article_pages: Vec<_> = model
        .articles
        .par_iter()
        .map(|page| {
            (
                page.slug.clone(),
                render_one(page, References { county: None, city }, None),
            )
        })
        .collect();
    for (slug, result) in county_pages {
        match result {
            Ok((key, r)) => {
                memo.keep(key, &r);
                bodies.keys.insert(slug.clone(), key);
                bodies.counties.insert(slug, r);
            }
            Err(ds) => diags.extend(ds),
        }
    }
    for (slug, result) in article_pages {
        match result {
            Ok((key, r)) => {
                memo.keep(key, &r);
                bodies.articles.insert(slug, r);
            }
            Err(ds) => diags.extend(ds),
        }
    }
    if let Some(qa) = &model.qa {
        for item in &qa.items {
            let refs = References { county: None, city };
            match markdown::render(
                &item.answer,
                0,
                std::path::Path::new("content/qa.yaml"),
                refs,
            ) {
                Ok(r) => bodies.qa_answers.push(r.html),
                Err(ds) => diags.extend(ds),
            }
        }
    }
    if diags.has_errors() {
        return Err(content_error(diags));
    }
    Ok(bodies)
}

/// What a comparison draws: its id and, for each county, the values of its fields.
fn comparison_key(spec: &chart::ChartSpec, counties: &[Value], memo: &Memo<ChartView>) -> u64 {
    if !memo.is_enabled() {
        return 0;
    }
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
    cache::key(&[text.as_bytes()])
}

/// The link text of a county's CSV, which holds all its charts.
const COUNTY_CSV_TITLE: &str = "本县（市、区）全部图表数据";

/// Draws the charts the theme describes: the city's, the comparisons (once per build) and
/// each county's.
pub fn draw_charts(
    theme: &theme::Theme,
    config: &Config,
    model: &Model,
    summary: &Value,
    cache: &mut BuildCache,
) -> Result<Charts> {
    let Some(file) = &theme.charts else {
        return Ok(Charts::default());
    };
    let rel = config.relative(&file.origin).to_path_buf();
    let text = String::from_utf8_lossy(&file.bytes);
    let chart_error = |e: chart::ChartError| {
        let mut d = Diagnostic::error(rel.clone(), e.to_string())
            .help("see the comment at the top of the theme's charts.toml for the keys");
        if let Some((line, col)) = e.position() {
            d = d.at(&text, line, col);
        }
        Error::Content(Diagnostics(vec![d]))
    };
    let specs = chart::parse_specs(&text).map_err(chart_error)?;
    let palette = if config.site.charts.palette.is_empty() {
        chart::Palette::default()
    } else {
        chart::Palette::from_colors(&config.site.charts.palette).map_err(|e| {
            Error::Content(Diagnostics(vec![
                Diagnostic::error(CONFIG_FILE, format!("[charts] palette: {e}"))
                    .help("write colours as \"#rrggbb\""),
            ]))
        })?
    };
    let city = summary::city_of(summary);
    let counties = summary::counties_of(summary);
    let view = |d: chart::DrawnChart, csv_path: String, csv_title: Option<&str>| ChartView {
        csv_title: csv_title.map_or_else(|| format!("{}数据", d.title), str::to_string),
        id: d.id,
        title: d.title,
        svg: d.svg,
        desc: d.desc,
        headers: d.table.headers,
        rows: d.table.rows,
        csv_path,
    };
    // The city's charts and the comparisons (a few, but each comparison is as large as
    // the site) are drawn alongside the counties' (many, small).
    let shared_specs: Vec<&chart::ChartSpec> = specs
        .iter()
        .filter(|s| s.scope != chart::Scope::County)
        .collect();
    let county_specs: Vec<&chart::ChartSpec> = specs
        .iter()
        .filter(|s| s.scope == chart::Scope::County)
        .collect();
    let comparisons = &cache.comparisons;
    let draw_shared = || {
        shared_specs
            .par_iter()
            .map(|spec| {
                if spec.scope != chart::Scope::Comparison {
                    let d = chart::draw_one(spec, city, &palette)?;
                    return Ok((
                        spec.scope,
                        0,
                        view(d, format!("data/charts/{}.csv", spec.id), None),
                    ));
                }
                let key = comparison_key(spec, counties, comparisons);
                let drawn = match comparisons.get(key) {
                    Some(v) => v,
                    None => view(
                        chart::draw_comparison(spec, counties, &palette)?,
                        format!("data/charts/compare-{}.csv", spec.id),
                        None,
                    ),
                };
                Ok((spec.scope, key, drawn))
            })
            .collect::<std::result::Result<Vec<_>, chart::ChartError>>()
    };
    let memo_ref = &cache.charts;
    let draw_counties = || {
        counties
            .par_iter()
            .zip(model.counties.par_iter())
            .map(|(c, county)| {
                let slug = county.data.slug.clone();
                // A county's summary object is made from its own sources alone.
                let key = county.key;
                if let Some(views) = memo_ref.get(key) {
                    return Ok((slug, key, views));
                }
                let views = county_specs
                    .iter()
                    .map(|spec| {
                        chart::draw_one(spec, c, &palette).map(|d| {
                            view(
                                d,
                                format!("data/counties/{slug}.csv"),
                                Some(COUNTY_CSV_TITLE),
                            )
                        })
                    })
                    .collect::<std::result::Result<Vec<_>, _>>();
                views.map(|v| (slug, key, Arc::new(v)))
            })
            .collect::<std::result::Result<Vec<_>, chart::ChartError>>()
    };
    let (shared, drawn) = rayon::join(draw_shared, draw_counties);
    let mut charts = Charts::default();
    for (scope, key, v) in shared.map_err(chart_error)? {
        if scope == chart::Scope::Comparison {
            cache.comparisons.keep(key, &v);
            charts.comparison.push(v);
        } else {
            charts.city.push(v);
        }
    }
    let drawn = drawn.map_err(chart_error)?;
    let memo = &mut cache.charts;
    for (slug, key, views) in drawn {
        memo.keep(key, &views);
        charts.county_keys.insert(slug.clone(), key);
        charts.counties.insert(slug, views);
    }
    Ok(charts)
}
