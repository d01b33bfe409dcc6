//! The render step: every page, the open data, the feeds and the theme's static files, with
//! the images the pages link (made first, so that a page links only what was made).

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::sync::Arc;

use rayon::prelude::*;

use super::images::{Made, Painter};
use super::{Charts, Sink, SiteFiles, Stopwatch};
use crate::config::Config;
use crate::diagnostic::{Diagnostics, Error, Result};
use crate::feed::FeedPage;
use crate::load::theme;
use crate::markdown::Rendered;
use crate::memo::Reuse;
use crate::model::{Model, summary};
use crate::render::charts::{ChartSetup, Ranking, RegionCharts};
use crate::render::images::ImageJob;
use crate::render::open_data::{CountyData, KeptData};
use crate::render::{
    self, Bodies, ChartView, Encoding, KeptPages, ListShows, OutputFile, SiteRender, StaticFiles,
    open_data,
};
use crate::search::kept::{KeptTexts, page_text_kept};
use crate::search::{self, PageText};
use crate::url::PagePath;

/// The files a render made: those kept, and the paths of those handed to the sink; and the
/// searchable text of every page (when the site has a search).
pub(super) struct Pages {
    pub(super) files: Vec<OutputFile>,
    pub(super) streamed: Vec<String>,
    pub(super) texts: Vec<PageText>,
    /// The county charts drawn (or reused) for the county pages.
    pub(super) county_charts: usize,
}

/// A county's page and images: kept, or handed to the sink (with their paths); and the page's
/// searchable text.
enum CountyFiles {
    Kept(Vec<OutputFile>, Option<PageText>),
    Streamed(Vec<String>, Option<PageText>),
}

/// A county page's files and the number of its charts.
type CountyResult = std::result::Result<(CountyFiles, usize), Error>;

/// Render: every page, the open data, the feeds and the theme's static files. Each county's
/// page and images go to `sink` as soon as they are made, unless a static file replaces them;
/// its Markdown and charts are dropped with them.
#[allow(clippy::too_many_arguments)]
pub(super) fn render_pages(
    config: &Config,
    model: &Model,
    summary: &summary::Summary,
    (tera, theme): (&render::Templates, &theme::Theme),
    bodies: Bodies,
    mut charts: Charts,
    site_files: &SiteFiles,
    (reuse, painter, kept_texts): (Reuse<'_>, Option<&Painter<'_>>, Option<KeptTexts>),
    sink: Option<&Sink<'_>>,
    clock: &mut Stopwatch,
) -> Result<Pages> {
    let Bodies {
        counties: county_bodies,
        regions: region_bodies,
        articles,
        qa_answers,
        files: linked,
    } = bodies;
    let feed = feed_bodies(config, model, &articles, &county_bodies);
    let with_regions = config.site.images.region_charts;
    let chart_images = clock.time("chart images", || {
        paint_charts(painter, &mut charts, with_regions)
    });
    let site = site_render(tera, config, (model, summary), &mut charts);
    // A region's ranking is in its children's CSV.
    let ranking_csvs: Vec<OutputFile> = site
        .rankings()
        .iter()
        .filter(|r| r.region.is_none())
        .map(open_data::ranking_csv)
        .collect();
    let site_images = clock.time("share and preview images", || {
        painter.map_or_else(Vec::new, |p| site_images(p, &site, model, reuse))
    });
    let previews: BTreeSet<String> = site_images.iter().map(|m| m.file.path.clone()).collect();
    let site = site.with_images(site_images.iter().map(|m| (m.file.path.clone(), m.size)));
    let image_files = chart_images.into_iter().chain(site_images).map(|m| m.file);
    let county_charts = config.site.images.county_charts;
    let searched = config.site.search.enabled;
    clock.time("render", move || {
        let statics = StaticFiles(&theme.static_files);
        // What every page shows of the site, hashed once for every county page's key.
        let site_key = crate::memo::key(&[site.site_text().as_bytes()]);
        let county_setup = charts.county_setup.as_ref();
        let counties = CountyRender {
            model,
            summary,
            reuse,
            painter,
            site: &site,
            site_key,
            setup: county_setup,
            drawn_with_page: (reuse.keeps() || reuse.ledger().is_some()) && !county_charts,
            county_charts,
            searched,
            statics: &statics,
            sink,
            site_files,
            kept_texts: kept_texts.as_ref(),
        };
        let county_files: Vec<CountyResult> = county_bodies
            .into_par_iter()
            .enumerate()
            .map(|(i, body)| counties.files(i, body.as_deref()))
            .collect();
        // Written, and let go, before the other pages are made (the most memory at once).
        if let Some(kept) = kept_texts {
            let room = 2 * model.counties.len();
            crate::cache::write_kept_texts(&config.root, |out| kept.write_to(room, out));
        }
        let other = Bodies {
            counties: Vec::new(),
            regions: region_bodies,
            articles,
            qa_answers,
            files: BTreeSet::new(),
        };
        let (files, diags) =
            site_pages((&site, model), &other, reuse, &statics, &previews, site_key);
        let mut texts = site_texts(&files, &statics, reuse, searched);
        let (mut files, site_streamed) = hand_over(files, &statics, sink)?;
        let (mut streamed, county_charts) =
            gather_counties(county_files, &mut files, &mut texts, diags)?;
        streamed.extend(site_streamed);
        streamed.sort();
        let rest = TheRest {
            model,
            summary,
            shared_charts: charts.city.into_iter().chain(charts.comparison).collect(),
            ranking_csvs,
            linked,
            feed,
            images: image_files.collect(),
        };
        files.extend(rest.files(&site, site_files, reuse, &files, &streamed));
        statics.apply(&mut files);
        let paths = files.iter().map(|f| f.path.as_str());
        statics.clash(
            &config.root,
            paths.chain(streamed.iter().map(String::as_str)),
        )?;
        Ok(Pages {
            files,
            streamed,
            texts,
            county_charts,
        })
    })
}

/// What renders the site's pages, with the charts and rankings they show (taken from
/// `charts`, but the city's and the comparisons, which the open data lists too).
fn site_render<'a>(
    tera: &'a render::Templates,
    config: &'a Config,
    (model, summary): (&'a Model, &'a summary::Summary),
    charts: &mut Charts,
) -> SiteRender<'a> {
    let rankings = std::mem::take(&mut charts.rankings);
    let region_rankings = take_rankings(&mut charts.regions);
    let region_charts = std::mem::take(&mut charts.regions);
    SiteRender::new(
        tera,
        config,
        model,
        summary,
        &charts.city,
        &charts.comparison,
    )
    .with_rankings(rankings)
    .with_region_charts(region_charts)
    .with_more_rankings(region_rankings)
}

/// Every page but the counties': the home page, lists, regions, rankings, articles and the
/// rest (region and list pages through `reuse`, kept in place when they can be); with the
/// problems of those that failed.
fn site_pages(
    (site, model): (&SiteRender<'_>, &Model),
    other: &Bodies,
    reuse: Reuse<'_>,
    statics: &StaticFiles<'_>,
    previews: &BTreeSet<String>,
    site_key: u64,
) -> (Vec<OutputFile>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let region_page = |i: usize,
                       body: Option<&Rendered>,
                       charts: &RegionCharts,
                       render: &dyn Fn() -> render::PageResult| {
        let Some(region) = model.tree.regions.get(i) else {
            return render();
        };
        let path = PagePath::Region(&region.slug).file();
        let preview = previews.contains(&crate::url::preview_png(&path));
        let reuse = through(reuse, statics, &path);
        reuse.region_page(model, i, site_key, body, charts, preview, render)
    };
    let total = site.county_list_pages();
    let list_page = |n: usize, shows: ListShows, render: &dyn Fn() -> render::PageResult| {
        let reuse = through(reuse, statics, &PagePath::county_list_page(n).file());
        reuse.county_list_page(model, (n, total), &shows, site_key, render)
    };
    let kept = KeptPages {
        region: &region_page,
        county_list: &list_page,
    };
    let files = (site.site_pages(other, &kept).into_iter())
        .filter_map(|page| page.map_err(|d| diags.push(d)).ok())
        .collect();
    (files, diags)
}

/// The files a render makes besides the pages: the open data, the rankings' CSVs, the
/// files the Markdown links, the feeds and the images.
struct TheRest<'a> {
    model: &'a Model,
    summary: &'a summary::Summary,
    /// The city's and the comparison charts, whose data the open data lists.
    shared_charts: Vec<ChartView>,
    ranking_csvs: Vec<OutputFile>,
    /// The files beside the Markdown that pages link, at their paths under content/.
    linked: BTreeSet<String>,
    feed: Vec<(FeedPage, Arc<Rendered>)>,
    images: Vec<OutputFile>,
}

impl TheRest<'_> {
    /// Those files; `files` and `streamed` are the pages made (the feeds list them).
    fn files(
        self,
        site: &SiteRender<'_>,
        site_files: &SiteFiles,
        reuse: Reuse<'_>,
        files: &[OutputFile],
        streamed: &[String],
    ) -> Vec<OutputFile> {
        let mut out = open_data_files(self.model, self.summary, &self.shared_charts, reuse);
        out.extend(self.ranking_csvs);
        out.extend(self.linked.iter().filter_map(|path| {
            Some(OutputFile::new(
                path.clone(),
                site_files.assets.get(path)?.clone(),
            ))
        }));
        // The feeds link only files the site has: those made so far and those streamed.
        let made = files.iter().chain(&out).map(|f| f.path.as_str());
        let feeds = feed_files(
            site,
            &self.feed,
            made.chain(streamed.iter().map(String::as_str)),
        );
        out.extend(feeds);
        out.extend(self.images);
        out
    }
}

/// Whether `f` is a file kept in place (see [`OutputFile::kept`]): already the writer's,
/// never handed to it.
fn is_kept(f: &OutputFile) -> bool {
    f.encoding == Encoding::Kept
}

/// `reuse` for the page at `path`: a one-off build's for a page a static file replaces
/// (a ledger does not keep it in place).
fn through<'m>(reuse: Reuse<'m>, statics: &StaticFiles<'_>, path: &str) -> Reuse<'m> {
    match reuse {
        Reuse::Ledger(_) if statics.replaces(path) => Reuse::Fresh,
        _ => reuse,
    }
}

/// The searchable texts of the site's pages `files` (but those a static file replaces),
/// when the site has a search. Under a ledger, a page kept in place gives the text its
/// entry recorded, and a page made is recorded with its text.
fn site_texts(
    files: &[OutputFile],
    statics: &StaticFiles<'_>,
    reuse: Reuse<'_>,
    searched: bool,
) -> Vec<PageText> {
    let ledger = reuse.ledger();
    if !searched {
        if let Some(ledger) = ledger {
            files.iter().for_each(|f| ledger.note_page(&f.path, None));
        }
        return Vec::new();
    }
    files
        .par_iter()
        .filter(|f| !statics.replaces(&f.path))
        .filter_map(|f| match (f.encoding, ledger) {
            (Encoding::Kept, Some(ledger)) => ledger.recorded_text(&f.path),
            (_, Some(ledger)) => {
                let text = search::page_text(&f.path, &f.contents());
                ledger.note_page(&f.path, text.as_ref());
                text
            }
            _ => reuse.page_text(f, || search::page_text(&f.path, &f.contents())),
        })
        .collect()
}

/// Each region's rankings: taken where its charts are this build's alone, else copied (the
/// memo keeps them).
fn take_rankings(regions: &mut [Arc<RegionCharts>]) -> Vec<Ranking> {
    regions
        .iter_mut()
        .flat_map(|r| match Arc::get_mut(r) {
            Some(r) => std::mem::take(&mut r.rankings),
            None => r.rankings.clone(),
        })
        .collect()
}

/// The link-preview cards of the site's own pages and its regions', and the share image.
fn site_images(
    painter: &Painter<'_>,
    site: &SiteRender<'_>,
    model: &Model,
    reuse: Reuse<'_>,
) -> Vec<Made> {
    let mut made = painter.paint_all(&site.site_previews());
    made.extend(region_previews(painter, site, model, reuse));
    made.extend(site.share_image().and_then(|job| painter.paint(&job)));
    made
}

/// The feeds of `feed`'s pages, linking only the files made (`files` kept, `streamed`
/// handed to the writer).
fn feed_files<'p>(
    site: &SiteRender<'_>,
    feed: &[(FeedPage, Arc<Rendered>)],
    paths: impl Iterator<Item = &'p str>,
) -> Vec<OutputFile> {
    let texts: Vec<(FeedPage, Cow<'_, str>)> =
        feed.iter().map(|(p, b)| (*p, b.html.text())).collect();
    let entries: Vec<(FeedPage, &str)> = texts.iter().map(|(p, t)| (*p, t.as_ref())).collect();
    site.feeds(paths, &entries)
}

/// With a sink, the site's pages go to it once their texts are read, as county pages do
/// (but those a static file replaces): they need not wait in memory while the open data is
/// made, where a nested site's peak was. Pages kept in place are already the writer's.
/// Returns the pages kept and the paths handed over or kept in place.
fn hand_over(
    files: Vec<OutputFile>,
    statics: &StaticFiles<'_>,
    sink: Option<&Sink<'_>>,
) -> Result<(Vec<OutputFile>, Vec<String>)> {
    let (in_place, files): (Vec<_>, Vec<_>) = files.into_iter().partition(is_kept);
    let in_place = in_place.into_iter().map(|f| f.path);
    let Some(sink) = sink else {
        return Ok((files, in_place.collect()));
    };
    let (out, kept): (Vec<_>, Vec<_>) = files.into_iter().partition(|f| !statics.replaces(&f.path));
    out.par_iter().try_for_each(sink)?;
    Ok((
        kept,
        out.into_iter().map(|f| f.path).chain(in_place).collect(),
    ))
}

/// The open data of the site (`shared`: the city's charts and the comparisons), each
/// region's CSV and each county's parts through `reuse`.
fn open_data_files(
    model: &Model,
    summary: &summary::Summary,
    shared: &[ChartView],
    reuse: Reuse<'_>,
) -> Vec<OutputFile> {
    let region_csv = |slug: &str, make: &dyn Fn() -> OutputFile| reuse.region_csv(slug, make);
    let county_data = |i: usize, place: &str, make: &dyn Fn() -> CountyData| {
        reuse.county_data(model, i, place, make)
    };
    let kept = KeptData {
        region_csv: &region_csv,
        county: &county_data,
    };
    open_data::data_files(summary, shared, &kept)
}

/// The feed's pages with their bodies (the newest few, kept until the feed is written); none
/// without a base URL.
fn feed_bodies(
    config: &Config,
    model: &Model,
    articles: &[Arc<Rendered>],
    county_bodies: &[Option<Arc<Rendered>>],
) -> Vec<(FeedPage, Arc<Rendered>)> {
    if config.base_url().is_none() {
        return Vec::new();
    }
    crate::feed::feed_pages(model)
        .into_iter()
        .filter_map(|page| {
            let body = match page {
                FeedPage::Article(i) => articles.get(i).cloned(),
                FeedPage::County(i) => county_bodies.get(i).cloned().flatten(),
            }?;
            Some((page, body))
        })
        .collect()
}

/// What rendering a county's page and images needs.
struct CountyRender<'a> {
    model: &'a Model,
    summary: &'a summary::Summary,
    reuse: Reuse<'a>,
    painter: Option<&'a Painter<'a>>,
    site: &'a SiteRender<'a>,
    /// What every page shows of the site, hashed once for every county page's key.
    site_key: u64,
    setup: Option<&'a ChartSetup>,
    /// `serve` keeps no county's charts: only its page shows them (unless their PNGs are
    /// asked for), so they are drawn when that page is rendered again, as its key (its
    /// county's sources) says. A build with a memo counts only the charts it drew.
    drawn_with_page: bool,
    /// Whether the county charts' PNGs are made.
    county_charts: bool,
    searched: bool,
    statics: &'a StaticFiles<'a>,
    sink: Option<&'a Sink<'a>>,
    /// The files the narratives may link (to render a narrative left for its page).
    site_files: &'a SiteFiles,
    /// The pages' texts an earlier build read.
    kept_texts: Option<&'a KeptTexts>,
}

impl CountyRender<'_> {
    /// The page and images of the county at `i` (its narrative's body `body`), kept or
    /// handed to the sink, with the page's searchable text and the number of its charts.
    fn files(&self, i: usize, body: Option<&Rendered>) -> CountyResult {
        let (model, summary, reuse, setup) = (self.model, self.summary, self.reuse, self.setup);
        let mut views = if self.drawn_with_page {
            Arc::default()
        } else {
            county_charts_of(model, summary, reuse, setup, i)?
        };
        let mut chart_count = views.len();
        let slug = &model.counties[i].data.slug;
        // A card a static file replaces is not kept in place.
        let card = crate::url::preview_png(&PagePath::County(slug).file());
        let images = self.painter.map_or_else(Vec::new, |p| {
            county_images(
                p,
                (self.site, model, through(reuse, self.statics, &card)),
                i,
                &mut views,
                self.county_charts,
            )
        });
        let preview = images.iter().any(|f| f.path.starts_with("images/preview/"));
        let path = PagePath::County(slug).file();
        // Under a ledger: kept in place when the previous build made it with the same key
        // (unless a static file replaces it or one of its images).
        let replaced = std::iter::once(&path)
            .chain(images.iter().map(|f| &f.path))
            .any(|p| self.statics.replaces(p));
        let ledger_key = (self.sink.is_some() && !replaced)
            .then(|| {
                let pngs: Vec<bool> = views.iter().map(|v| v.png).collect();
                let extra = crate::memo::key(&[format!("{preview}{pngs:?}").as_bytes()]);
                reuse.ledger_page_key(model, i, self.site_key, extra)
            })
            .flatten();
        if let Some(k) = ledger_key
            && let Some((text, charts)) = reuse.kept_county_page(&path, k)?
        {
            if let Some(sink) = self.sink {
                // An image kept in place is already the writer's.
                images.iter().filter(|f| !is_kept(f)).try_for_each(sink)?;
            }
            let mut paths = vec![path];
            paths.extend(images.into_iter().map(|f| f.path));
            let text = text.filter(|_| self.searched);
            return Ok((CountyFiles::Streamed(paths, text), charts as usize));
        }
        // A narrative left for its page (see `county_body`) is rendered now.
        let late;
        let body = match body {
            None if reuse.ledger().is_some() && model.counties[i].narrative.is_some() => {
                let files = (self.site_files, None);
                late = super::bodies::county_body(model, summary, files, reuse, (i, false))
                    .map_err(|ds| Error::Content(Diagnostics(ds)))?;
                late.as_deref()
            }
            _ => body,
        };
        let (page, page_key) = reuse.county_page(model, i, self.site_key, || {
            if self.drawn_with_page {
                views = county_charts_of(model, summary, Reuse::Fresh, setup, i)?;
                chart_count = views.len();
            }
            self.site
                .county(i, body, &views, preview)
                .map_err(|d| Error::Content(Diagnostics(vec![d])))
        })?;
        let text = (self.searched && !self.statics.replaces(&page.path))
            .then(|| {
                reuse.county_page_text(page_key, &page, || {
                    page_text_kept(self.kept_texts, &page.path, &page.contents())
                })
            })
            .flatten();
        if let Some(k) = ledger_key {
            let links = body.map_or_else(Vec::new, |b| b.links.files.clone());
            reuse.note_county_page((&path, slug, k), chart_count, links, text.as_ref());
        }
        let mut files = vec![page];
        files.extend(images);
        match self.sink {
            Some(sink) if !files.iter().any(|f| self.statics.replaces(&f.path)) => {
                files.iter().filter(|f| !is_kept(f)).try_for_each(sink)?;
                let paths = files.into_iter().map(|f| f.path).collect();
                Ok((CountyFiles::Streamed(paths, text), chart_count))
            }
            _ => Ok((CountyFiles::Kept(files, text), chart_count)),
        }
    }
}

/// Gathers the counties' results into `files` and `texts` (the diagnostics with `diags`'s):
/// the paths handed to the sink and the number of county charts; the first error,
/// or every content error, if any.
fn gather_counties(
    results: Vec<CountyResult>,
    files: &mut Vec<OutputFile>,
    texts: &mut Vec<PageText>,
    mut diags: Diagnostics,
) -> Result<(Vec<String>, usize)> {
    let mut streamed = Vec::new();
    let mut failed: Option<Error> = None;
    let mut county_charts = 0;
    for result in results {
        if let Ok((_, n)) = &result {
            county_charts += n;
        }
        match result.map(|(made, _)| made) {
            Ok(CountyFiles::Kept(fs, text)) => {
                let (kept, made): (Vec<_>, Vec<_>) = fs.into_iter().partition(is_kept);
                files.extend(made);
                streamed.extend(kept.into_iter().map(|f| f.path));
                texts.extend(text);
            }
            Ok(CountyFiles::Streamed(paths, text)) => {
                streamed.extend(paths);
                texts.extend(text);
            }
            Err(Error::Content(ds)) => diags.extend(ds.0),
            Err(e) => failed = failed.or(Some(e)),
        }
    }
    if let Some(e) = failed {
        return Err(e);
    }
    if diags.has_errors() {
        return Err(Error::Content(diags));
    }
    Ok((streamed, county_charts))
}

/// The charts of the county at `index`, drawn through `reuse` (none when the theme has no
/// charts).
fn county_charts_of(
    model: &Model,
    summary: &summary::Summary,
    reuse: Reuse<'_>,
    setup: Option<&ChartSetup>,
    index: usize,
) -> std::result::Result<Arc<Vec<ChartView>>, Error> {
    let (Some(setup), Some(county), Some(value)) = (
        setup,
        model.counties.get(index),
        summary.counties.get(index),
    ) else {
        return Ok(Arc::default());
    };
    reuse
        .county_charts(county, || setup.draw_county(&county.data.slug, value))
        .map_err(|e| setup.error(e))
}

/// The city's charts, the comparisons and, `with_regions`, each region's charts (its own
/// and its children's comparison) as 2× PNGs, each marked on its chart if made.
fn paint_charts(
    painter: Option<&Painter<'_>>,
    charts: &mut Charts,
    with_regions: bool,
) -> Vec<Made> {
    let Some(painter) = painter else {
        return Vec::new();
    };
    let regions = if with_regions {
        &charts.regions[..]
    } else {
        &[]
    };
    let region_views = regions
        .iter()
        .flat_map(|r| r.own.iter().chain(&r.comparison));
    let jobs: Vec<ImageJob> = charts
        .city
        .iter()
        .chain(&charts.comparison)
        .chain(region_views)
        .map(chart_job)
        .collect();
    let images = painter.paint_all(&jobs);
    let made: BTreeSet<&str> = images.iter().map(|m| m.file.path.as_str()).collect();
    // A region's charts are copied from the memo's only when a mark changes.
    let region_views = charts
        .regions
        .iter_mut()
        .filter(|r| {
            with_regions
                && r.own
                    .iter()
                    .chain(&r.comparison)
                    .any(|v| v.png != made.contains(v.png_path.as_str()))
        })
        .flat_map(|r| {
            let r = Arc::make_mut(r);
            r.own.iter_mut().chain(&mut r.comparison)
        });
    for view in charts
        .city
        .iter_mut()
        .chain(&mut charts.comparison)
        .chain(region_views)
    {
        view.png = made.contains(view.png_path.as_str());
    }
    images
}

/// A chart's 2× PNG.
fn chart_job(view: &ChartView) -> ImageJob {
    ImageJob {
        path: view.png_path.clone(),
        svg: view.svg.text().into_owned(),
        scale: 2.0,
    }
}

/// The preview cards of the inner regions' pages, each through `reuse` (kept by the
/// region's key and the title it is drawn with, so that its SVG is composed only when they
/// change) and in parallel: a national site has hundreds.
fn region_previews(
    painter: &Painter<'_>,
    site: &SiteRender<'_>,
    model: &Model,
    reuse: Reuse<'_>,
) -> Vec<Made> {
    (0..model.tree.regions.len())
        .into_par_iter()
        .filter_map(|i| {
            let region = model.tree.regions.get(i)?;
            let title = site.region_title(i)?;
            let (file, size) = reuse.region_preview(&region.slug, &title, || {
                let job = site.region_preview(i, &title)?;
                let made = painter.paint_to_cache(&job)?;
                Some((made.file, made.size))
            })?;
            Some(Made { file, size })
        })
        .collect()
}

/// The image files of the county at `index`: its preview card (through `card_reuse`:
/// reused, or under a ledger kept in place, while the county's sources, the settings and
/// the font stay the same), and its charts' PNGs when the site asks for them (each marked
/// on its chart if made).
fn county_images(
    painter: &Painter<'_>,
    (site, model, card_reuse): (&SiteRender<'_>, &Model, Reuse<'_>),
    index: usize,
    views: &mut Arc<Vec<ChartView>>,
    with_charts: bool,
) -> Vec<OutputFile> {
    let preview = model.counties.get(index).and_then(|county| {
        card_reuse.county_preview(county, painter.card_keeping(), || {
            let job = site.county_preview(index)?;
            let cache_key = painter.cache_key(&job);
            // `serve` sends it from the image cache rather than hold it.
            let made = painter.paint_to_cache(&job)?;
            Some((made.file, made.size, cache_key))
        })
    });
    let mut made: Vec<OutputFile> = preview.into_iter().collect();
    if with_charts {
        let charts: Vec<Made> = views
            .iter()
            .filter_map(|v| painter.paint(&chart_job(v)))
            .collect();
        if !charts.is_empty() {
            for view in Arc::make_mut(views).iter_mut() {
                view.png = charts.iter().any(|m| m.file.path == view.png_path);
            }
        }
        made.extend(charts.into_iter().map(|m| m.file));
    }
    made
}
