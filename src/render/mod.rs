//! Render: model + pages + charts + theme → the site's files, in memory (Tera 2).
//!
//! One function a page kind, each returning the file it made; whether a page is streamed to
//! the writer or kept for `serve` is the caller's business. Templates receive view structs
//! made for them ([`views`]), never the model. Every link is relative (`root` leads back to
//! the site's top), so the site works under any subpath and from disk.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;
use serde_json::Value;

mod cards;
pub mod charts;
mod formatted;
pub mod images;
mod lists;
pub mod open_data;
mod regions;
mod template_errors;
mod views;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Error, Result};
use crate::load::theme::{Theme, ThemeFile};
use crate::markdown::Rendered;
use crate::model::Model;
use crate::model::summary::Summary;
use crate::url::{self, PagePath};
pub use charts::ChartView;
use formatted::Formatted;
use views::{ArticleCard, Crumb, Neighbour, PageView, SiteView, headings, tv};

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path relative to the output folder, '/'-separated.
    pub path: String,
    /// Contents, shared: a page reused between builds is not copied. Stored as `encoding`
    /// says: read them through [`OutputFile::contents`].
    pub bytes: Arc<[u8]>,
    /// How `bytes` are stored: as published, or (the pages `serve` keeps) gzipped.
    pub encoding: Encoding,
    /// A file that holds exactly the bytes as published and is never changed in place (an
    /// image-cache entry): the writer may link the output's file to it instead of writing
    /// them (see [`OutputFile::same_as`]).
    pub same_as: Option<Arc<std::path::Path>>,
}

/// How an [`OutputFile`]'s bytes are stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    /// As published.
    #[default]
    Identity,
    /// Gzip-compressed: the county pages a build with a memo (`serve`) keeps.
    Gzip,
    /// Not held: `bytes` are the path of the image-cache entry that holds the file (a PNG),
    /// read when asked for. `serve` holds its link-preview cards so.
    InCache,
    /// Not made: the file in place is kept as it is (`build`'s ledger vouched for it, and
    /// the writer noted it). Its bytes cannot be had.
    Kept,
}

impl Encoding {
    /// `bytes`, held so, as published: `None` when they cannot be had back (a cache entry
    /// gone since the build, or a stream that is not sound).
    pub fn published(self, bytes: &[u8]) -> Option<std::borrow::Cow<'_, [u8]>> {
        use std::borrow::Cow;
        match self {
            Encoding::Identity => Some(Cow::Borrowed(bytes)),
            Encoding::Gzip => crate::gzip::decompress(bytes).map(Cow::Owned),
            Encoding::InCache => {
                let entry = std::path::Path::new(std::str::from_utf8(bytes).ok()?);
                crate::cache::read_entry(entry).map(|png| Cow::Owned(png.to_vec()))
            }
            Encoding::Kept => None,
        }
    }
}

impl OutputFile {
    /// A text file.
    pub fn text(path: impl Into<String>, text: String) -> Self {
        Self::new(path, text.into_bytes())
    }

    /// A file of `bytes`, as published.
    pub fn new(path: impl Into<String>, bytes: impl Into<Arc<[u8]>>) -> Self {
        Self {
            path: path.into(),
            bytes: bytes.into(),
            encoding: Encoding::Identity,
            same_as: None,
        }
    }

    /// The same file, noted as holding exactly the bytes of the file at `entry` (an
    /// image-cache entry, never changed in place), if one is given.
    pub fn same_as(self, entry: Option<std::path::PathBuf>) -> Self {
        Self {
            same_as: entry.map(Arc::from),
            ..self
        }
    }

    /// The same file, its bytes gzipped (unless they are already, or are not held).
    pub fn gzipped(self) -> Self {
        match self.encoding {
            Encoding::Gzip | Encoding::InCache | Encoding::Kept => self,
            Encoding::Identity => Self {
                bytes: crate::gzip::compress(&self.bytes).into(),
                encoding: Encoding::Gzip,
                path: self.path,
                same_as: self.same_as,
            },
        }
    }

    /// A PNG not held in memory: the image-cache entry at `entry` holds it (`None` when
    /// that path is not UTF-8).
    pub fn in_cache(path: impl Into<String>, entry: &std::path::Path) -> Option<Self> {
        Some(Self {
            path: path.into(),
            bytes: entry.to_str()?.as_bytes().into(),
            encoding: Encoding::InCache,
            same_as: None,
        })
    }

    /// A page kept in place as it is (see [`Encoding::Kept`]).
    pub fn kept(path: String) -> OutputFile {
        OutputFile {
            path,
            bytes: Arc::from(&[][..]),
            encoding: Encoding::Kept,
            same_as: None,
        }
    }

    /// The file's contents as published (decompressed when stored gzipped, read from the
    /// image cache when held there; empty if that entry has gone since: see
    /// [`Encoding::published`] to tell).
    pub fn contents(&self) -> std::borrow::Cow<'_, [u8]> {
        self.encoding.published(&self.bytes).unwrap_or_default()
    }
}

/// Rendered Markdown of every page, in the model's order.
#[derive(Debug, Clone, Default)]
pub struct Bodies {
    /// Each county's narrative (none for a county without one).
    pub counties: Vec<Option<Arc<Rendered>>>,
    /// Each inner region's narrative, in the tree's order (none for a region without one).
    pub regions: Vec<Option<Arc<Rendered>>>,
    /// Each article's body.
    pub articles: Vec<Arc<Rendered>>,
    /// The Q&A answers, in order.
    pub qa_answers: Vec<String>,
    /// The files beside the Markdown that the bodies link, by their paths under `content/`.
    pub files: BTreeSet<String>,
}

/// The compiled templates, and where each came from, so that an error names the file and
/// the line.
pub struct Templates {
    tera: tera::Tera,
    /// Each template's path (from the site's root) and text, by its name in Tera.
    sources: BTreeMap<String, (PathBuf, String)>,
}

impl std::fmt::Debug for Templates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Templates")
            .field("names", &self.sources.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

/// Builds the Tera environment: theme templates under `theme/NAME` and `NAME`, the site's
/// under `NAME` (so a site template can extend `theme/NAME` and replace one block).
pub fn templates(theme: &Theme, config: &Config) -> Result<Templates> {
    let mut tera = tera::Tera::new();
    tera.autoescape_on([".html", ".xml"]);
    tera.set_escape_fn(escape_html);
    let mut sources: BTreeMap<String, (PathBuf, String)> = BTreeMap::new();
    let text = |f: &ThemeFile| {
        String::from_utf8(f.bytes.clone()).map_err(|_| {
            let origin = f.origin.display();
            Error::usage(
                crate::messages::catalog::NOT_UTF8,
                crate::t!(
                    "template {origin} is not UTF-8",
                    "模板 {origin} 不是 UTF-8 编码"
                ),
            )
        })
    };
    for f in &theme.templates {
        let origin = (config.relative(&f.origin).to_path_buf(), text(f)?);
        sources.insert(format!("theme/{}", f.name), origin.clone());
        sources.insert(f.name.clone(), origin);
    }
    for f in &theme.site_templates {
        let origin = (config.relative(&f.origin).to_path_buf(), text(f)?);
        sources.insert(f.name.clone(), origin);
    }
    if !sources.contains_key(RANKING) {
        let fallback = ranking_fallback(sources.get("base.html").map(|(_, t)| t.as_str()));
        sources.insert(RANKING.to_string(), fallback);
    }
    let added = tera.add_raw_templates(sources.iter().map(|(k, (_, v))| (k.as_str(), v.as_str())));
    let templates = Templates { tera, sources };
    match added {
        Ok(()) => Ok(templates),
        Err(e) => Err(Error::Content(templates.load_errors(&e))),
    }
}

/// Tera's autoescape, byte for byte (`&`, `<`, `>`, `"` and `'` as Tera escapes them),
/// written a run at a time: Tera's own writes every byte on its own through `dyn Write`.
fn escape_html(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let bytes = input.as_bytes();
    let mut run = 0;
    for (i, b) in bytes.iter().enumerate() {
        let entity: &[u8] = match b {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' => b"&quot;",
            b'\'' => b"&#39;",
            _ => continue,
        };
        out.write_all(&bytes[run..i])?;
        out.write_all(entity)?;
        run = i + 1;
    }
    out.write_all(&bytes[run..])
}

/// The template of a comparison's full ranking.
const RANKING: &str = "ranking.html";

/// The ranking page's template for a theme that has none (made before ranking pages
/// existed), as Hugo and Zola fall back to their built-in templates: the default theme's,
/// which fills the `content` block of the theme's `base.html` when it has one, else a
/// page of its own. Its path in messages names where it comes from.
fn ranking_fallback(base: Option<&str>) -> (PathBuf, String) {
    let fills_base = base.is_some_and(|b| b.contains("block content") && b.contains("block head"));
    let text: &[u8] = if fills_base {
        crate::theme_default::FILES
            .iter()
            .find(|(name, _)| *name == "templates/ranking.html")
            .map_or(&b""[..], |(_, bytes)| bytes)
    } else {
        include_bytes!("ranking_fallback.html")
    };
    (
        PathBuf::from("(built-in) templates/ranking.html"),
        String::from_utf8_lossy(text).into_owned(),
    )
}

/// The theme's static files, and the one rule about them: a static file replaces a
/// generated file of the same path.
#[derive(Clone, Copy)]
pub struct StaticFiles<'a>(pub &'a [ThemeFile]);

impl StaticFiles<'_> {
    /// Whether a static file takes the place of the generated file at `path`.
    pub fn replaces(&self, path: &str) -> bool {
        self.0.iter().any(|f| f.name == path)
    }

    /// Adds the static files to `files`, replacing generated files of the same paths, and
    /// sorts them by path.
    pub fn apply(&self, files: &mut Vec<OutputFile>) {
        files.retain(|o| !self.replaces(&o.path));
        files.extend(
            self.0
                .iter()
                .map(|f| OutputFile::new(f.name.clone(), f.bytes.as_slice())),
        );
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files.dedup_by(|a, b| a.path == b.path);
    }

    /// A static file that stands where the site writes a folder (`static/data`, a file,
    /// where `data/summary.json` goes), or a static folder where it writes a file
    /// (`static/index.html/…`), among the `generated` paths: no folder can be both, so
    /// this is an error before anything is written.
    pub fn clash<'p>(
        &self,
        root: &std::path::Path,
        generated: impl IntoIterator<Item = &'p str>,
    ) -> Result<()> {
        if self.0.is_empty() {
            return Ok(());
        }
        let files: HashMap<&str, &ThemeFile> =
            self.0.iter().map(|f| (f.name.as_str(), f)).collect();
        // Each folder holding a static file, with one of the files it holds.
        let mut folders: HashMap<&str, &ThemeFile> = HashMap::new();
        for f in self.0 {
            let mut name = f.name.as_str();
            while let Some((folder, _)) = name.rsplit_once('/') {
                folders.entry(folder).or_insert(f);
                name = folder;
            }
        }
        for path in generated {
            if let Some(f) = folders.get(path) {
                return Err(static_clash(root, f, path, true));
            }
            let mut folder = path;
            while let Some((up, _)) = folder.rsplit_once('/') {
                if let Some(f) = files.get(up) {
                    return Err(static_clash(root, f, path, false));
                }
                folder = up;
            }
        }
        Ok(())
    }
}

/// The error of [`StaticFiles::clash`]: static file `f` is in a folder where the site
/// writes the file `generated` (`in_folder`), or is a file where it writes a folder.
/// (`root`: the site's folder, which the file's path is shown from).
fn static_clash(root: &std::path::Path, f: &ThemeFile, generated: &str, in_folder: bool) -> Error {
    let origin = crate::platform::display_path(f.origin.strip_prefix(root).unwrap_or(&f.origin));
    let name = &f.name;
    let text = if in_folder {
        let folder = generated;
        crate::t!(
            "the static file {origin} is in a folder `{folder}/`, but the site writes a file `{folder}` there: a path cannot be both a file and a folder; move the static file out of `{folder}/`",
            "静态文件 {origin} 放在文件夹 `{folder}/` 里，但网站要在那里写文件 `{folder}`：同一个路径不能既是文件又是文件夹；请把这个静态文件移出 `{folder}/`"
        )
    } else {
        crate::t!(
            "the static file {origin} is written as `{name}`, but the site writes a folder `{name}/` there (`{generated}`): a path cannot be both a file and a folder; rename the static file (e.g. `{name}.txt`) or put it in a folder of its own",
            "静态文件 {origin} 会写成 `{name}`，但网站要在那里写文件夹 `{name}/`（`{generated}`）：同一个路径不能既是文件又是文件夹；请重命名这个静态文件（例如 `{name}.txt`）或把它放进自己的文件夹"
        )
    };
    Error::usage(crate::messages::catalog::DUPLICATE_OUTPUT, text)
}

/// A page that could not be rendered: the template and why.
pub type PageResult = std::result::Result<OutputFile, Diagnostic>;

/// How a region's page is made: given its index, its body and its charts, and what
/// renders it (which it may call, or not when it has the page already).
pub type RegionPage<'a> = dyn Fn(usize, Option<&Rendered>, &charts::RegionCharts, &dyn Fn() -> PageResult) -> PageResult
    + Sync
    + 'a;

/// How a page of the county list is made: given its number (from 1), what it shows (see
/// [`SiteRender::county_list_shows`]) and what renders it (which it may call, or not when
/// it has the page already).
pub type ListPage<'a> = dyn Fn(usize, ListShows, &dyn Fn() -> PageResult) -> PageResult + Sync + 'a;

/// How the pages that may be kept between builds are made (`serve` reuses them).
pub struct KeptPages<'a> {
    /// Each inner region's page.
    pub region: &'a RegionPage<'a>,
    /// Each page of the county list.
    pub county_list: &'a ListPage<'a>,
}

/// What a page of the county list shows besides what every page does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListShows {
    /// The counties it lists, in the model's order.
    pub counties: std::ops::Range<usize>,
    /// Whether it shows the comparisons across all counties too (the first page of a flat
    /// site's list).
    pub comparisons: bool,
    /// Whether its link-preview card was made (its head links it then).
    pub preview: bool,
}

/// Renders the pages of one site: what every page shares is made once, here.
pub struct SiteRender<'a> {
    templates: &'a Templates,
    config: &'a Config,
    model: &'a Model,
    summary: &'a Summary,
    base: Option<String>,
    site: tera::Value,
    site_json: String,
    articles: Vec<ArticleCard>,
    articles_tv: tera::Value,
    city_charts: tera::Value,
    comparisons: tera::Value,
    /// The images made, by their paths, with their sizes: pages link only these.
    images: BTreeMap<String, (u32, u32)>,
    /// The full rankings of comparisons of many counties, a page each.
    rankings: Vec<charts::Ranking>,
    /// Each inner region's charts, in the tree's order.
    region_charts: Vec<Arc<charts::RegionCharts>>,
}

impl<'a> SiteRender<'a> {
    /// Prepares what the pages share: the site view, the article cards, the city's charts
    /// and the comparisons. (A county's card is made where a page shows it, so that 3,000
    /// of them, about 15 KB each, never wait in memory together.)
    pub fn new(
        templates: &'a Templates,
        config: &'a Config,
        model: &'a Model,
        summary: &'a Summary,
        city_charts: &[ChartView],
        comparisons: &[ChartView],
    ) -> SiteRender<'a> {
        let site_view = SiteView::new(config, model);
        let articles: Vec<ArticleCard> = model.articles.iter().map(ArticleCard::of).collect();
        SiteRender {
            templates,
            config,
            model,
            summary,
            base: config.base_url(),
            site: tv(&site_view),
            site_json: serde_json::to_string(&site_view).unwrap_or_default(),
            articles_tv: tv(&articles),
            articles,
            city_charts: tv(city_charts),
            comparisons: tv(comparisons),
            images: BTreeMap::new(),
            rankings: Vec::new(),
            region_charts: Vec::new(),
        }
    }

    /// The same render, with these rankings too (its regions').
    pub fn with_more_rankings(mut self, more: Vec<charts::Ranking>) -> Self {
        self.rankings.extend(more);
        self
    }

    /// The same render, with each inner region's charts.
    pub fn with_region_charts(self, region_charts: Vec<Arc<charts::RegionCharts>>) -> Self {
        SiteRender {
            region_charts,
            ..self
        }
    }

    /// The full rankings of comparisons of many counties.
    pub fn rankings(&self) -> &[charts::Ranking] {
        &self.rankings
    }

    /// The same render, with the full rankings of comparisons of many counties.
    pub fn with_rankings(self, rankings: Vec<charts::Ranking>) -> Self {
        SiteRender { rankings, ..self }
    }

    /// The same render, knowing which images were made (`paths` from the site's top):
    /// pages link their preview cards and the share image only if they are there.
    pub fn with_images(self, paths: impl IntoIterator<Item = (String, (u32, u32))>) -> Self {
        SiteRender {
            images: paths.into_iter().collect(),
            ..self
        }
    }

    /// The title of the page at `at` (none for a page the site does not have).
    pub fn title(&self, at: PagePath<'_>) -> Option<String> {
        Some(match at {
            PagePath::Home => self.config.site.column.clone(),
            PagePath::CountyList => "各县（市、区）换届数据".into(),
            PagePath::CountyListPage(n) => format!("各县（市、区）换届数据（第{n}页）"),
            PagePath::Ranking(id) => Self::ranking_title(
                self.rankings
                    .iter()
                    .find(|r| r.id == id && r.region.is_none())?,
            ),
            PagePath::RegionRanking(slug, id) => Self::ranking_title(
                self.rankings
                    .iter()
                    .find(|r| r.id == id && r.region.as_deref() == Some(slug))?,
            ),
            PagePath::County(slug) => {
                county_title(self.model.counties.iter().find(|c| c.data.slug == slug)?)
            }
            PagePath::Region(slug) => {
                let region = self.model.tree.regions.iter().find(|r| r.slug == slug)?;
                regions::region_title(region)
            }
            PagePath::ArticleList => "专题报道".into(),
            PagePath::Article(slug) => {
                let article = self.model.articles.iter().find(|a| a.slug == slug)?;
                article.meta.title.clone()
            }
            PagePath::Qa => self.model.qa.as_ref()?.title.clone(),
            PagePath::Discipline => {
                let rules = self.model.city.data.discipline_rules.as_ref()?;
                format!("换届纪律：{}", rules.title)
            }
            PagePath::Search => "搜索".into(),
            PagePath::NotFound => "页面未找到".into(),
        })
    }

    /// Everything every page shows of the site, as text: pages made with equal texts and
    /// equal inputs of their own are equal.
    pub fn site_text(&self) -> &str {
        &self.site_json
    }

    fn page(
        &self,
        kind: &'static str,
        at: PagePath<'_>,
        title: String,
        description: String,
    ) -> PageView {
        let page = PageView::new(kind, at, self.base.as_deref(), title, description);
        let png = url::preview_png(&page.path);
        if self.images.contains_key(&png) {
            page.with_image(png, self.base.as_deref())
        } else {
            page
        }
    }

    fn render(
        &self,
        template: &str,
        page: &PageView,
        extra: Vec<(&'static str, tera::Value)>,
    ) -> PageResult {
        let mut ctx = tera::Context::new();
        ctx.insert_value("site", self.site.clone());
        ctx.insert("page", page);
        for (k, v) in extra {
            ctx.insert_value(k, v);
        }
        // Rendered straight into bytes: the output is UTF-8 by construction (templates
        // and values are `str`), so it need not be checked again as a `String`.
        let mut bytes = Vec::with_capacity(32 * 1024);
        match self.templates.tera.render_to(template, &ctx, &mut bytes) {
            Ok(()) => Ok(OutputFile::new(page.path.clone(), bytes)),
            Err(e) => Err(self.templates.locate(
                &e,
                template,
                &crate::t!("cannot render {}", "无法生成页面 {}", page.path),
            )),
        }
    }

    /// The home page.
    pub fn home(&self) -> PageResult {
        let site = &self.config.site;
        let description = if site.description.is_empty() {
            site.subtitle.clone()
        } else {
            site.description.clone()
        };
        let page = self
            .page("home", PagePath::Home, site.column.clone(), description)
            .dated(self.model.last_updated());
        let city = &self.summary.city;
        self.render(
            "home.html",
            &page,
            vec![
                ("city", tv(city)),
                ("city_fmt", tv(&Formatted::new(city))),
                ("cards", tv(&cards::figure_cards(city))),
                ("counties", self.home_counties()),
                ("county_total", tv(&self.model.counties.len())),
                ("regions", self.region_cards(None)),
                (
                    "whole",
                    tv(&regions::whole_word(self.model.city.data.level.as_deref())),
                ),
                ("articles", self.articles_tv.clone()),
                ("charts", self.city_charts.clone()),
                ("comparisons", self.comparisons.clone()),
                ("young_cadres", tv(&self.model.city.data.young_cadres)),
                ("share", tv(&self.share_view())),
            ],
        )
    }

    /// The counties the home page lists: all of them, or none when there are so many that
    /// the county list takes several pages (the home page links it then).
    fn home_counties(&self) -> tera::Value {
        if self.model.tree.is_nested() {
            self.own_county_cards(None)
        } else if self.many_counties() {
            tv(&[(); 0])
        } else {
            self.county_cards(0..self.model.counties.len())
        }
    }

    /// The card of the county at `index` (in the model's order).
    pub(super) fn county_card(&self, index: usize) -> Option<tera::Value> {
        Some(views::county_card(
            self.model.counties.get(index)?,
            self.summary.counties.get(index)?,
        ))
    }

    /// The cards of the counties at `indices`, as one list.
    pub(super) fn county_cards(&self, indices: impl IntoIterator<Item = usize>) -> tera::Value {
        tera::Value::from(
            indices
                .into_iter()
                .filter_map(|i| self.county_card(i))
                .collect::<Vec<_>>(),
        )
    }

    /// The 分享 block of the home page: the share image, if it was made.
    fn share_view(&self) -> Option<views::ShareView> {
        let size = self.images.get(url::SHARE_PNG)?;
        Some(views::ShareView::new(
            self.config,
            &self.model.city.data.name,
            *size,
        ))
    }

    /// The page of the county at `index` in the model's order, with its narrative and
    /// its charts; `preview`: whether its link-preview card was made.
    pub fn county(
        &self,
        index: usize,
        body: Option<&Rendered>,
        charts: &[ChartView],
        preview: bool,
    ) -> PageResult {
        let counties = &self.model.counties;
        let Some(county) = counties.get(index) else {
            return Err(Diagnostic::error(
                "content/counties",
                crate::messages::Text::both("no such county", "没有这个县"),
            )
            .code(crate::messages::catalog::NO_SUCH_PAGE));
        };
        let narrative = county.narrative.as_ref();
        let at = PagePath::County(&county.data.slug);
        let title = county_title(county);
        let description = narrative
            .map(|n| n.meta.summary.clone())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| {
                format!(
                    "{}新一届县级领导班子的年龄、学历、性别与经历结构。",
                    county.data.name
                )
            });
        let date = narrative.map_or(county.data.date, |n| n.meta.date);
        let mut page = self.page("county", at, title, description);
        if preview {
            let png = url::preview_png(&page.path);
            page = page.with_image(png, self.base.as_deref());
        }
        let crumbs = if self.model.tree.is_nested() {
            let parent = self.model.tree.county_parents.get(index).copied().flatten();
            self.crumbs_under(parent)
        } else {
            vec![Crumb::home(), Crumb::counties()]
        };
        let mut page = page.dated(date).under(crumbs);
        page.han_chars = body.map(|b| b.han_chars);
        page.source = narrative.map(|n| n.meta.source.clone()).unwrap_or_default();
        let prev = index
            .checked_sub(1)
            .and_then(|j| counties.get(j))
            .map(|c| Neighbour::of(c));
        let next = counties.get(index + 1).map(|c| Neighbour::of(c));
        self.render(
            "county.html",
            &page,
            vec![
                ("county", self.county_card(index).unwrap_or_else(|| tv(&()))),
                ("body", tv(&body.map(|b| b.html.text()).unwrap_or_default())),
                ("headings", headings(body.map_or(&[][..], |b| &b.headings))),
                ("charts", tv(charts)),
                ("prev", tv(&prev)),
                ("next", tv(&next)),
            ],
        )
    }

    /// The list of articles.
    pub fn article_list(&self) -> PageResult {
        let page = self
            .page(
                "article-list",
                PagePath::ArticleList,
                "专题报道".into(),
                format!("{}栏目的全部报道。", self.config.site.column),
            )
            .under(vec![Crumb::home()]);
        let empty = tv(&[(); 0]);
        self.render(
            "list.html",
            &page,
            vec![
                ("articles", self.articles_tv.clone()),
                ("counties", empty.clone()),
                ("comparisons", empty),
            ],
        )
    }

    /// The article at `index` in the model's order. The article `overview` shows the
    /// city's charts and the comparisons.
    pub fn article(&self, index: usize, body: Option<&Rendered>) -> PageResult {
        let (Some(article), Some(card)) =
            (self.model.articles.get(index), self.articles.get(index))
        else {
            return Err(Diagnostic::error(
                "content/articles",
                crate::messages::Text::both("no such article", "没有这篇报道"),
            )
            .code(crate::messages::catalog::NO_SUCH_PAGE));
        };
        let mut page = self
            .page(
                "article",
                PagePath::Article(&article.slug),
                article.meta.title.clone(),
                article.meta.summary.clone(),
            )
            .dated(article.meta.date)
            .under(vec![Crumb::home(), Crumb::articles()]);
        page.han_chars = body.map(|b| b.han_chars);
        page.source = article.meta.source.clone();
        let is_overview = article.slug == "overview";
        let empty = tv(&[(); 0]);
        let (charts, comparisons) = if is_overview {
            (self.city_charts.clone(), self.comparisons.clone())
        } else {
            (empty.clone(), empty)
        };
        self.render(
            "article.html",
            &page,
            vec![
                ("article", tv(card)),
                ("body", tv(&body.map(|b| b.html.text()).unwrap_or_default())),
                ("headings", headings(body.map_or(&[][..], |b| &b.headings))),
                ("charts", charts),
                ("comparisons", comparisons),
            ],
        )
    }

    /// The 知识问答 page, with its answers rendered (none without a `qa.yaml`).
    pub fn qa(&self, answers: &[String]) -> Option<PageResult> {
        let qa = self.model.qa.as_ref()?;
        let items: Vec<Value> = qa
            .items
            .iter()
            .zip(answers)
            .map(|(item, answer)| {
                serde_json::json!({"id": item.anchor(), "question": item.question, "answer": answer})
            })
            .collect();
        // Links shared when anchors were positions (#q1, #q2…) still lead to the question
        // now at that position: the page carries the map, a script follows it.
        let legacy: serde_json::Map<String, Value> = qa
            .items
            .iter()
            .enumerate()
            .map(|(i, item)| (format!("q{}", i + 1), Value::String(item.anchor())))
            .collect();
        let description = if qa.summary.is_empty() {
            format!("{}：{}个问题。", qa.title, items.len())
        } else {
            qa.summary.clone()
        };
        let page = self
            .page("qa", PagePath::Qa, qa.title.clone(), description)
            .dated(qa.date)
            .under(vec![Crumb::home()]);
        Some(self.render(
            "qa.html",
            &page,
            vec![
                ("items", tv(&items)),
                (
                    "anchor_map",
                    tv(&serde_json::to_string(&legacy).unwrap_or_default()),
                ),
            ],
        ))
    }

    /// The page of the election's discipline and the reporting channels (none when the
    /// city gives no rules).
    pub fn discipline(&self) -> Option<PageResult> {
        let city = &self.model.city.data;
        let rules = city.discipline_rules.as_ref()?;
        let page = self
            .page(
                "discipline",
                PagePath::Discipline,
                format!("换届纪律：{}", rules.title),
                format!("{}及违纪举报渠道。", rules.title),
            )
            .dated(city.date)
            .under(vec![Crumb::home()]);
        Some(self.render(
            "discipline.html",
            &page,
            vec![("rules", tv(rules)), ("sections", tv(&city.sections))],
        ))
    }

    /// The search page (none when search is off, or the theme has no `search.html`).
    pub fn search(&self) -> Option<PageResult> {
        if !self.config.site.search.enabled || !self.templates.sources.contains_key("search.html") {
            return None;
        }
        let page = self
            .page(
                "search",
                PagePath::Search,
                "搜索".into(),
                format!("在{}中搜索。", self.config.site.column),
            )
            .under(vec![Crumb::home()]);
        Some(self.render("search.html", &page, vec![]))
    }

    /// The 404 page.
    pub fn not_found(&self) -> PageResult {
        let page = PageView::not_found(self.config.server_root());
        self.render("404.html", &page, vec![])
    }

    /// Every page but the counties', rendered in parallel; each region's and each of the
    /// county list's through `kept`.
    pub fn site_pages(&self, bodies: &Bodies, kept: &KeptPages<'_>) -> Vec<PageResult> {
        let mut jobs: Vec<Box<dyn Fn() -> Option<PageResult> + Sync + '_>> = vec![
            Box::new(|| Some(self.home())),
            Box::new(|| Some(self.article_list())),
            Box::new(|| self.qa(&bodies.qa_answers)),
            Box::new(|| self.discipline()),
            Box::new(|| Some(self.not_found())),
            Box::new(|| self.search()),
        ];
        for n in 1..=self.county_list_pages() {
            jobs.push(Box::new(move || {
                let shows = self.county_list_shows(n);
                Some((kept.county_list)(n, shows, &|| self.county_list_page(n)))
            }));
        }
        for ranking in &self.rankings {
            jobs.push(Box::new(move || Some(self.ranking(ranking))));
        }
        for (i, charts) in self.region_charts.iter().enumerate() {
            let body = bodies.regions.get(i).cloned().flatten();
            jobs.push(Box::new(move || {
                let body = body.as_deref();
                Some((kept.region)(i, body, charts, &|| {
                    self.region(i, body, charts)
                }))
            }));
        }
        for i in 0..self.model.articles.len() {
            jobs.push(Box::new(move || {
                Some(self.article(i, bodies.articles.get(i).map(|b| &**b)))
            }));
        }
        jobs.par_iter().filter_map(|job| job()).collect()
    }

    /// `sitemap.xml`, `atom.xml` and `robots.txt` (only with a `base_url`), for a site of
    /// the files at `paths`; `entries` are the feed's pages with their HTML
    /// ([`crate::feed::feed_pages`]).
    pub fn feeds<'p>(
        &self,
        paths: impl Iterator<Item = &'p str>,
        entries: &[(crate::feed::FeedPage, &str)],
    ) -> Vec<OutputFile> {
        let Some(base) = &self.base else {
            return Vec::new();
        };
        let mut paths: Vec<&str> = paths.collect();
        paths.sort_unstable();
        // Each a pass over the whole site on one thread: made side by side.
        let (sitemap, atom) = rayon::join(
            || crate::feed::sitemap(base, paths.into_iter(), self.model),
            || crate::feed::atom(base, self.config, self.model, entries),
        );
        vec![
            OutputFile::text(url::SITEMAP, sitemap),
            OutputFile::text(url::ATOM, atom),
            OutputFile::text(
                url::ROBOTS,
                format!("User-agent: *\nAllow: /\nSitemap: {base}{}\n", url::SITEMAP),
            ),
        ]
    }
}

/// A county page's title: its narrative's, or one made from the county's name. (Found by
/// the county, not its slug: a lookup by slug for each of thousands of counties is
/// quadratic.)
pub(crate) fn county_title(county: &crate::model::County) -> String {
    county.narrative.as_ref().map_or_else(
        || format!("{}新一届领导班子", county.data.name),
        |n| n.meta.title.clone(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_escape_writes_what_teras_own_writes() {
        for text in [
            "",
            "洪洞县",
            "<script>alert('x')</script>",
            "a & b \"c\" <d> 'e'",
            "&&<<>>\"\"''",
            "末尾'",
            "'开头",
            "全角＜＞＆",
        ] {
            let (mut ours, mut teras) = (Vec::new(), Vec::new());
            escape_html(text, &mut ours).expect("to memory");
            tera::escape_html(text, &mut teras).expect("to memory");
            assert_eq!(
                String::from_utf8(ours).expect("UTF-8"),
                String::from_utf8(teras).expect("UTF-8"),
                "{text}"
            );
        }
    }

    #[test]
    fn a_theme_without_a_ranking_template_gets_one_that_fits_its_base() {
        let own = |base: Option<&str>| {
            let (_, text) = ranking_fallback(base);
            !text.contains("{% extends")
        };
        assert!(!own(Some(
            "{% block head %}{% endblock head %}{% block content %}{% endblock content %}"
        )));
        assert!(
            own(Some("{% block content %}{% endblock content %}")),
            "no head block"
        );
        assert!(own(Some("{% block main %}{% endblock main %}")));
        assert!(own(None));
        // The page of its own renders every row.
        let (_, text) = ranking_fallback(None);
        let mut tera = tera::Tera::new();
        tera.autoescape_on([".html"]);
        tera.add_raw_template(RANKING, &text).expect("compiles");
        let mut ctx = tera::Context::new();
        ctx.insert("site", &json!({"title": "测试网"}));
        ctx.insert(
            "page",
            &json!({"title": "女干部占比：完整排名", "root": "../../../"}),
        );
        ctx.insert("headers", &json!(["女干部占比（%）"]));
        ctx.insert("csv_path", "data/charts/compare-women-share.csv");
        ctx.insert("csv_title", "本排名");
        ctx.insert(
            "rows",
            &json!([
                {"rank": 1, "name": "甲县", "link": "../../alpha/index.html", "cells": ["20.0"]},
                {"rank": 2, "name": "乙县", "link": "../../beta/index.html", "cells": ["10.0"]}
            ]),
        );
        let html = tera.render(RANKING, &ctx).expect("renders");
        assert!(
            html.contains(
                "<th scope=\"row\"><a href=\"../../alpha/index.html\">甲县</a></th><td>20.0</td>"
            ),
            "{html}"
        );
        assert!(html.contains("乙县") && html.contains("<h1>女干部占比：完整排名</h1>"));
    }
}
