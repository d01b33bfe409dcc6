//! Render: model + pages + charts + theme → the site's files, in memory (Tera 2).
//!
//! Templates receive view structs made for them, never the model. Every link is relative
//! (`root` leads back to the site's top), so the site works under any subpath and from disk.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;
use serde_json::Value;

mod cards;
mod open_data;

use crate::cache::{self, Memo};
use crate::config::{Config, Footer};
use crate::diagnostic::{Diagnostic, Diagnostics, Error, Result};
use crate::load::theme::Theme;
use std::sync::Arc;

use crate::markdown::{Heading, Rendered, format_figure};
use crate::model::Model;
use crate::model::county::DivisionKind;
use crate::model::summary::{city_of, counties_of};

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path relative to the output folder, '/'-separated.
    pub path: String,
    /// Contents, shared: a page reused between builds is not copied.
    pub bytes: std::sync::Arc<[u8]>,
}

impl OutputFile {
    fn text(path: impl Into<String>, text: String) -> Self {
        Self {
            path: path.into(),
            bytes: text.into_bytes().into(),
        }
    }
}

/// A drawn chart as templates see it.
#[derive(Debug, Clone, Serialize)]
pub struct ChartView {
    /// Unique on its page.
    pub id: String,
    /// Heading.
    pub title: String,
    /// Inline SVG.
    pub svg: String,
    /// The generated sentence summing it up.
    pub desc: String,
    /// Table headers.
    pub headers: Vec<String>,
    /// Table rows: exactly the numbers drawn.
    pub rows: Vec<Vec<String>>,
    /// The path of the CSV holding its numbers, from the site's top. A county's charts
    /// share one file (`data/counties/<slug>.csv`, one value a row); the city's and the
    /// comparisons have one each.
    pub csv_path: String,
    /// What that CSV holds, for its link: `年龄结构数据`, or `本县（市、区）全部图表数据`.
    pub csv_title: String,
}

impl ChartView {
    /// The numbers drawn, as the table under the chart shows them.
    pub fn table(&self) -> crate::chart::ChartTable {
        crate::chart::ChartTable {
            headers: self.headers.clone(),
            rows: self.rows.clone(),
        }
    }
}

/// All charts of a build.
#[derive(Debug, Clone, Default)]
pub struct Charts {
    /// The city's own charts.
    pub city: Vec<ChartView>,
    /// Comparisons across counties.
    pub comparison: Vec<ChartView>,
    /// Each county's charts, by slug.
    pub counties: BTreeMap<String, std::sync::Arc<Vec<ChartView>>>,
    /// Each county's charts' cache key (its figures).
    pub county_keys: BTreeMap<String, u64>,
}

impl Charts {
    /// How many charts there are.
    pub fn count(&self) -> usize {
        self.city.len()
            + self.comparison.len()
            + self.counties.values().map(|v| v.len()).sum::<usize>()
    }
}

/// Rendered Markdown of every page.
#[derive(Debug, Clone, Default)]
pub struct Bodies {
    /// County narratives by slug.
    pub counties: BTreeMap<String, std::sync::Arc<Rendered>>,
    /// Articles by slug.
    pub articles: BTreeMap<String, std::sync::Arc<Rendered>>,
    /// Q&A answers, in order.
    pub qa_answers: Vec<String>,
    /// Each county narrative's cache key (its text with references resolved).
    pub keys: BTreeMap<String, u64>,
}

/// Everything `render_site` needs. The Markdown and the charts are handed over: each
/// county's are dropped once its page is rendered.
pub struct RenderInput<'a> {
    /// Settings.
    pub config: &'a Config,
    /// The content.
    pub model: &'a Model,
    /// `data/summary.json`.
    pub summary: &'a Value,
    /// Rendered Markdown.
    pub bodies: Bodies,
    /// Drawn charts.
    pub charts: Charts,
}

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    column: &'a str,
    subtitle: &'a str,
    description: &'a str,
    language: &'a str,
    base_url: Option<String>,
    footer: &'a Footer,
    last_updated: String,
    last_updated_iso: String,
    city_name: &'a str,
    year: u16,
    has_qa: bool,
    has_discipline: bool,
    nav: Vec<NavItem>,
    reporting: &'a [crate::model::city::ReportingChannel],
}

#[derive(Serialize, Clone)]
struct NavItem {
    title: &'static str,
    path: &'static str,
    kind: &'static str,
}

#[derive(Serialize, Clone)]
struct Crumb {
    title: String,
    path: String,
}

#[derive(Serialize)]
struct PageView {
    kind: &'static str,
    title: String,
    description: String,
    path: String,
    root: String,
    canonical: Option<String>,
    breadcrumbs: Vec<Crumb>,
    date: Option<String>,
    date_iso: Option<String>,
    han_chars: Option<usize>,
    source: String,
}

#[derive(Serialize, Clone)]
struct CountyCard<'a> {
    name: String,
    kind: &'static str,
    slug: String,
    path: String,
    date: String,
    national_poverty_county: bool,
    figures: &'a Value,
    fmt: Value,
}

#[derive(Serialize, Clone)]
struct Neighbour {
    name: String,
    path: String,
}

#[derive(Serialize, Clone)]
struct ArticleCard {
    title: String,
    slug: String,
    path: String,
    date: String,
    date_iso: String,
    summary: String,
}

#[derive(Serialize)]
struct HeadingView<'a> {
    level: u8,
    id: &'a str,
    text: &'a str,
}

fn kind_label(kind: DivisionKind) -> &'static str {
    match kind {
        DivisionKind::County => "县",
        DivisionKind::City => "市",
        DivisionKind::District => "区",
    }
}

/// The same object with every leaf formatted for reading (`13.9%`, `下降2.9岁`).
pub fn formatted(v: &Value, path: &str) -> Value {
    let mut path = path.to_string();
    formatted_at(v, &mut path)
}

/// [`formatted`], with the leaf's dotted path built in one buffer.
fn formatted_at(v: &Value, path: &mut String) -> Value {
    match v {
        Value::Object(m) if m.contains_key("value") => Value::String(format_figure(path, v)),
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, v)| {
                    let len = path.len();
                    if len > 0 {
                        path.push('.');
                    }
                    path.push_str(k);
                    let out = formatted_at(v, path);
                    path.truncate(len);
                    (k.clone(), out)
                })
                .collect(),
        ),
        Value::Null => Value::Null,
        other => Value::String(format_figure(path, other)),
    }
}

/// Builds the Tera environment: theme templates under `theme/NAME` and `NAME`, the site's
/// under `NAME` (so a site template can extend `theme/NAME` and replace one block).
pub fn templates(theme: &Theme) -> Result<tera::Tera> {
    let mut tera = tera::Tera::new();
    tera.autoescape_on([".html", ".xml"]);
    let mut all: BTreeMap<String, String> = BTreeMap::new();
    let text = |f: &crate::load::theme::ThemeFile| {
        String::from_utf8(f.bytes.clone())
            .map_err(|_| Error::Usage(format!("template {} is not UTF-8", f.origin.display())))
    };
    for f in &theme.templates {
        let t = text(f)?;
        all.insert(format!("theme/{}", f.name), t.clone());
        all.insert(f.name.clone(), t);
    }
    for f in &theme.site_templates {
        all.insert(f.name.clone(), text(f)?);
    }
    tera.add_raw_templates(all.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .map_err(|e| Error::Usage(format!("template error: {}", template_error(&e))))?;
    Ok(tera)
}

fn template_error(e: &tera::Error) -> String {
    let mut s = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(inner) = src {
        s.push_str(&format!("\n  caused by: {inner}"));
        src = inner.source();
    }
    s
}

fn depth_root(path: &str) -> String {
    let depth = path.matches('/').count();
    if depth == 0 {
        "./".into()
    } else {
        "../".repeat(depth)
    }
}

/// Where county pages can go as soon as they are rendered (the writer's staging), so that
/// they need not all wait in memory.
pub type Sink<'a> = dyn Fn(&OutputFile) -> Result<()> + Sync + 'a;

/// The files of a site.
pub struct RenderedSite {
    /// Every file not handed to the sink, sorted by path.
    pub files: Vec<OutputFile>,
    /// The paths of the files handed to the sink.
    pub streamed: Vec<String>,
}

/// Renders every page and data file of the site. With a `sink`, each county page and CSV
/// is handed to it as soon as it is made (and not kept, nor memoised).
pub fn render_site(
    input: RenderInput<'_>,
    tera: &tera::Tera,
    theme: &Theme,
    card_memo: &mut Memo<tera::Value>,
    pages: &mut Memo<OutputFile>,
    sink: Option<&Sink<'_>>,
) -> Result<RenderedSite> {
    let RenderInput {
        config,
        model,
        summary,
        mut bodies,
        mut charts,
    } = input;
    // Each county's Markdown and charts, in the counties' order, to be consumed by its page.
    let county_bodies: Vec<Option<Arc<Rendered>>> = model
        .counties
        .iter()
        .map(|c| bodies.counties.remove(&c.data.slug))
        .collect();
    let county_charts: Vec<Option<Arc<Vec<ChartView>>>> = model
        .counties
        .iter()
        .map(|c| charts.counties.remove(&c.data.slug))
        .collect();
    let city = &model.city;
    let last = model.last_updated();
    let site = SiteView {
        title: &config.site.title,
        column: &config.site.column,
        subtitle: &config.site.subtitle,
        description: &config.site.description,
        language: &config.site.language,
        base_url: config.base_url(),
        footer: &config.site.footer,
        last_updated: last.chinese(),
        last_updated_iso: last.to_string(),
        city_name: &city.data.name,
        year: city.data.year,
        has_qa: model.qa.is_some(),
        has_discipline: city.data.discipline_rules.is_some(),
        nav: nav(model),
        reporting: &city.data.reporting,
    };
    let base = config.base_url();
    let canonical = |path: &str| {
        base.as_ref()
            .map(|b| format!("{b}{}", path.trim_end_matches("index.html")))
    };
    let city_value = city_of(summary);
    let county_values = counties_of(summary);
    // Each county's card as the templates see it; the formatted figures exist only as
    // template values, and the path is kept aside for the neighbours' links.
    let card_memo_ref = &*card_memo;
    let (card_tvs, card_paths): (Vec<tera::Value>, Vec<String>) = model
        .counties
        .par_iter()
        .zip(county_values.par_iter())
        .map(|(c, v)| {
            let path = format!("counties/{}/index.html", c.data.slug);
            // A card is made from the county's own sources alone.
            let card = card_memo_ref.get(c.key).unwrap_or_else(|| {
                tv(&CountyCard {
                    name: c.data.name.clone(),
                    kind: kind_label(c.data.kind),
                    slug: c.data.slug.clone(),
                    path: path.clone(),
                    date: c.data.date.chinese(),
                    national_poverty_county: c.data.national_poverty_county,
                    figures: v,
                    fmt: formatted(v, ""),
                })
            });
            (card, path)
        })
        .unzip();
    for (c, card) in model.counties.iter().zip(&card_tvs) {
        card_memo.keep(c.key, card);
    }
    let articles: Vec<ArticleCard> = model
        .articles
        .iter()
        .map(|a| ArticleCard {
            title: a.meta.title.clone(),
            slug: a.slug.clone(),
            path: format!("articles/{}/index.html", a.slug),
            date: a.meta.date.chinese(),
            date_iso: a.meta.date.to_string(),
            summary: a.meta.summary.clone(),
        })
        .collect();
    let home_crumb = Crumb {
        title: "首页".into(),
        path: "index.html".into(),
    };
    let counties_crumb = Crumb {
        title: "各县（市、区）".into(),
        path: "counties/index.html".into(),
    };
    let articles_crumb = Crumb {
        title: "专题报道".into(),
        path: "articles/index.html".into(),
    };

    let site_view = site;
    let site = tv(&site_view);
    let city_tv = tv(&city_value);
    let city_fmt_tv = tv(&formatted(city_value, ""));
    let cards_tv = tera::Value::from(card_tvs.clone());
    let articles_tv = tv(&articles);
    let city_charts_tv = tv(&charts.city);
    let comparisons_tv = tv(&charts.comparison);
    let empty = tv(&[(); 0]);
    let site_json = serde_json::to_string(&site_view).unwrap_or_default();
    let mut jobs: Vec<Job> = Vec::new();
    let mut reused: Vec<(u64, OutputFile)> = Vec::new();
    let render = |jobs: &mut Vec<Job>,
                  template: &'static str,
                  path: String,
                  page: PageView,
                  extra: Vec<(&'static str, tera::Value)>| {
        jobs.push(Job {
            template,
            path,
            key: None,
            page,
            extra,
        });
    };
    // Home.
    render(
        &mut jobs,
        "home.html",
        "index.html".into(),
        PageView {
            kind: "home",
            title: config.site.column.clone(),
            description: if config.site.description.is_empty() {
                config.site.subtitle.clone()
            } else {
                config.site.description.clone()
            },
            path: "index.html".into(),
            root: "./".into(),
            canonical: canonical(""),
            breadcrumbs: vec![],
            date: Some(last.chinese()),
            date_iso: Some(last.to_string()),
            han_chars: None,
            source: String::new(),
        },
        vec![
            ("city", city_tv.clone()),
            ("city_fmt", city_fmt_tv.clone()),
            ("cards", tv(&cards::figure_cards(city_value))),
            ("counties", cards_tv.clone()),
            ("articles", articles_tv.clone()),
            ("charts", city_charts_tv.clone()),
            ("comparisons", comparisons_tv.clone()),
            ("young_cadres", tv(&city.data.young_cadres)),
        ],
    );

    // Counties list and pages.
    render(
        &mut jobs,
        "list.html",
        "counties/index.html".into(),
        PageView {
            kind: "county-list",
            title: "各县（市、区）换届数据".into(),
            description: format!(
                "{}{}个县（市、区）新一届领导班子的结构数据。",
                city.data.name,
                model.counties.len()
            ),
            path: "counties/index.html".into(),
            root: "../".into(),
            canonical: canonical("counties/"),
            breadcrumbs: vec![home_crumb.clone()],
            date: None,
            date_iso: None,
            han_chars: None,
            source: String::new(),
        },
        vec![
            ("counties", cards_tv.clone()),
            ("articles", empty.clone()),
            ("comparisons", comparisons_tv.clone()),
        ],
    );
    let render_job = |job: Job| -> std::result::Result<(Option<u64>, OutputFile), Diagnostic> {
        let mut ctx = tera::Context::new();
        ctx.insert_value("site", site.clone());
        ctx.insert("page", &job.page);
        for (k, v) in job.extra {
            ctx.insert_value(k, v);
        }
        // Rendered straight into bytes: the output is UTF-8 by construction (templates
        // and values are `str`), so it need not be checked again as a `String`.
        let mut bytes = Vec::with_capacity(32 * 1024);
        tera.render_to(job.template, &ctx, &mut bytes)
            .map(|()| {
                let file = OutputFile {
                    path: job.path.clone(),
                    bytes: bytes.into(),
                };
                (job.key, file)
            })
            .map_err(|e| {
                Diagnostic::error(
                    format!("templates/{}", job.template),
                    format!("cannot render {}: {}", job.path, template_error(&e)),
                )
                .help("check the template against the variables listed in docs/themes.md")
            })
    };
    // County pages are most of the site: each is viewed and rendered in one parallel
    // step, so that no page's template values wait in memory for the others.
    let pages_ref = &*pages;
    let county_pages: Vec<(CountyPage, Option<OutputFile>)> = model
        .counties
        .par_iter()
        .zip(card_paths.par_iter())
        .zip(county_bodies.into_par_iter())
        .zip(county_charts.into_par_iter())
        .enumerate()
        .map(|(i, (((county, card_path), body), views))| {
            let csv = views.as_deref().and_then(|v| open_data::county_csv(v));
            let body = body.as_deref();
            let narrative = county.narrative.as_ref();
            let path = card_path.clone();
            let title = narrative.map_or_else(
                || format!("{}新一届领导班子", county.data.name),
                |n| n.meta.title.clone(),
            );
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
            let neighbour = |j: usize| {
                Some(Neighbour {
                    name: model.counties.get(j)?.data.name.clone(),
                    path: card_paths.get(j)?.clone(),
                })
            };
            let prev = i.checked_sub(1).and_then(neighbour);
            let next = neighbour(i + 1);
            let slug = &county.data.slug;
            let page = PageView {
                kind: "county",
                title,
                description,
                root: depth_root(&path),
                canonical: canonical(&path),
                path,
                breadcrumbs: vec![home_crumb.clone(), counties_crumb.clone()],
                date: Some(date.chinese()),
                date_iso: Some(date.to_string()),
                han_chars: body.map(|b| b.han_chars),
                source: narrative.map(|n| n.meta.source.clone()).unwrap_or_default(),
            };
            // Everything the page shows, so that an unchanged page is reused in serve: the
            // page view and the card are made from the county's two source files alone.
            let key = if !pages_ref.is_enabled() {
                0
            } else {
                cache::key(&[
                    site_json.as_bytes(),
                    &county.key.to_le_bytes(),
                    &bodies.keys.get(slug).copied().unwrap_or(0).to_le_bytes(),
                    &charts
                        .county_keys
                        .get(slug)
                        .copied()
                        .unwrap_or(0)
                        .to_le_bytes(),
                    serde_json::to_string(&(&prev, &next))
                        .unwrap_or_default()
                        .as_bytes(),
                ])
            };
            if let Some(file) = pages_ref.get(key) {
                return (CountyPage::Reused(key, file), csv);
            }
            let job = Job {
                template: "county.html",
                path: card_path.clone(),
                key: Some(key),
                page,
                extra: vec![
                    ("county", card_tvs[i].clone()),
                    ("body", tv(body.map_or("", |b| b.html.as_str()))),
                    (
                        "headings",
                        tv(&body.map(|b| headings(&b.headings)).unwrap_or_default()),
                    ),
                    (
                        "charts",
                        tv(views.as_deref().map_or(&[][..], |v| v.as_slice())),
                    ),
                    ("prev", tv(&prev)),
                    ("next", tv(&next)),
                ],
            };
            let result = render_job(job);
            // A theme's static file of the same path replaces the page (below), so such a
            // page is kept back rather than handed on.
            let replaced = |path: &str| theme.static_files.iter().any(|f| f.name == path);
            match (sink, &result) {
                (Some(sink), Ok((_, file)))
                    if !replaced(&file.path)
                        && !csv.as_ref().is_some_and(|c| replaced(&c.path)) =>
                {
                    let mut paths = vec![file.path.clone()];
                    let mut sent = sink(file);
                    if let Some(csv) = &csv {
                        paths.push(csv.path.clone());
                        sent = sent.and_then(|()| sink(csv));
                    }
                    (CountyPage::Streamed(paths, sent), None)
                }
                _ => (CountyPage::Rendered(result), csv),
            }
        })
        .collect();
    let mut county_rendered = Vec::new();
    let mut county_csvs = Vec::new();
    let mut streamed = Vec::new();
    for (page, csv) in county_pages {
        county_csvs.extend(csv);
        match page {
            CountyPage::Reused(key, file) => reused.push((key, file)),
            CountyPage::Rendered(result) => county_rendered.push(result),
            CountyPage::Streamed(paths, sent) => {
                sent?;
                streamed.extend(paths);
            }
        }
    }
    streamed.sort();

    // Articles.
    render(
        &mut jobs,
        "list.html",
        "articles/index.html".into(),
        PageView {
            kind: "article-list",
            title: "专题报道".into(),
            description: format!("{}栏目的全部报道。", config.site.column),
            path: "articles/index.html".into(),
            root: "../".into(),
            canonical: canonical("articles/"),
            breadcrumbs: vec![home_crumb.clone()],
            date: None,
            date_iso: None,
            han_chars: None,
            source: String::new(),
        },
        vec![
            ("articles", articles_tv.clone()),
            ("counties", empty.clone()),
            ("comparisons", empty.clone()),
        ],
    );
    for (article, card) in model.articles.iter().zip(&articles) {
        let body = bodies.articles.get(&article.slug);
        let path = card.path.clone();
        let is_overview = article.slug == "overview";
        render(
            &mut jobs,
            "article.html",
            path.clone(),
            PageView {
                kind: "article",
                title: article.meta.title.clone(),
                description: article.meta.summary.clone(),
                root: depth_root(&path),
                canonical: canonical(&path),
                path,
                breadcrumbs: vec![home_crumb.clone(), articles_crumb.clone()],
                date: Some(article.meta.date.chinese()),
                date_iso: Some(article.meta.date.to_string()),
                han_chars: body.map(|b| b.han_chars),
                source: article.meta.source.clone(),
            },
            vec![
                ("article", tv(card)),
                (
                    "body",
                    tv(&body.map(|b| b.html.clone()).unwrap_or_default()),
                ),
                (
                    "headings",
                    tv(&body.map(|b| headings(&b.headings)).unwrap_or_default()),
                ),
                (
                    "charts",
                    if is_overview {
                        city_charts_tv.clone()
                    } else {
                        empty.clone()
                    },
                ),
                (
                    "comparisons",
                    if is_overview {
                        comparisons_tv.clone()
                    } else {
                        empty.clone()
                    },
                ),
            ],
        );
    }

    // 知识问答.
    if let Some(qa) = &model.qa {
        let items: Vec<Value> = qa
            .items
            .iter()
            .zip(&bodies.qa_answers)
            .enumerate()
            .map(|(i, (item, answer))| {
                serde_json::json!({"id": format!("q{}", i + 1), "question": item.question, "answer": answer})
            })
            .collect();
        render(
            &mut jobs,
            "qa.html",
            "qa/index.html".into(),
            PageView {
                kind: "qa",
                title: qa.title.clone(),
                description: if qa.summary.is_empty() {
                    format!("{}：{}个问题。", qa.title, items.len())
                } else {
                    qa.summary.clone()
                },
                path: "qa/index.html".into(),
                root: "../".into(),
                canonical: canonical("qa/"),
                breadcrumbs: vec![home_crumb.clone()],
                date: Some(qa.date.chinese()),
                date_iso: Some(qa.date.to_string()),
                han_chars: None,
                source: String::new(),
            },
            vec![("items", tv(&items))],
        );
    }

    // Discipline and reporting.
    if let Some(rules) = &city.data.discipline_rules {
        render(
            &mut jobs,
            "discipline.html",
            "discipline/index.html".into(),
            PageView {
                kind: "discipline",
                title: format!("换届纪律：{}", rules.title),
                description: format!("{}及违纪举报渠道。", rules.title),
                path: "discipline/index.html".into(),
                root: "../".into(),
                canonical: canonical("discipline/"),
                breadcrumbs: vec![home_crumb.clone()],
                date: Some(city.data.date.chinese()),
                date_iso: Some(city.data.date.to_string()),
                han_chars: None,
                source: String::new(),
            },
            vec![("rules", tv(rules)), ("sections", tv(&city.data.sections))],
        );
    }

    // 404: served at any depth, so it links by the public address when there is one.
    render(
        &mut jobs,
        "404.html",
        "404.html".into(),
        PageView {
            kind: "404",
            title: "页面未找到".into(),
            description: "您访问的页面不存在。".into(),
            path: "404.html".into(),
            root: base.clone().unwrap_or_else(|| "./".into()),
            canonical: None,
            breadcrumbs: vec![],
            date: None,
            date_iso: None,
            han_chars: None,
            source: String::new(),
        },
        vec![],
    );
    let mut rendered: Vec<std::result::Result<(Option<u64>, OutputFile), Diagnostic>> =
        jobs.into_par_iter().map(render_job).collect();
    rendered.extend(county_rendered);
    let mut diags = Diagnostics::default();
    let mut files = Vec::with_capacity(rendered.len());
    for r in rendered {
        match r {
            Ok((key, f)) => {
                if let Some(key) = key {
                    pages.keep(key, &f);
                }
                files.push(f);
            }
            Err(d) => diags.push(d),
        }
    }
    for (key, f) in reused {
        pages.keep(key, &f);
        files.push(f);
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    if diags.has_errors() {
        return Err(Error::Content(diags));
    }

    files.extend(open_data::data_files(summary, &charts));
    files.extend(county_csvs);
    if let Some(base) = &base {
        let mut paths: Vec<&str> = files
            .iter()
            .map(|f| f.path.as_str())
            .chain(streamed.iter().map(String::as_str))
            .collect();
        paths.sort_unstable();
        let sitemap = crate::feed::sitemap(base, paths.into_iter(), model);
        files.push(OutputFile::text("sitemap.xml", sitemap));
        files.push(OutputFile::text(
            "atom.xml",
            crate::feed::atom(base, config, model),
        ));
        files.push(OutputFile::text(
            "robots.txt",
            format!("User-agent: *\nAllow: /\nSitemap: {base}sitemap.xml\n"),
        ));
    }
    for f in &theme.static_files {
        files.retain(|o| o.path != f.name);
        files.push(OutputFile {
            path: f.name.clone(),
            bytes: f.bytes.as_slice().into(),
        });
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files.dedup_by(|a, b| a.path == b.path);
    Ok(RenderedSite { files, streamed })
}

fn headings(hs: &[Heading]) -> Vec<HeadingView<'_>> {
    hs.iter()
        .map(|h| HeadingView {
            level: h.level,
            id: &h.id,
            text: &h.text,
        })
        .collect()
}

fn nav(model: &Model) -> Vec<NavItem> {
    let mut nav = vec![
        NavItem {
            title: "首页",
            path: "index.html",
            kind: "home",
        },
        NavItem {
            title: "各县（市、区）",
            path: "counties/index.html",
            kind: "county-list",
        },
        NavItem {
            title: "专题报道",
            path: "articles/index.html",
            kind: "article-list",
        },
    ];
    if model.city.data.discipline_rules.is_some() {
        nav.push(NavItem {
            title: "换届纪律",
            path: "discipline/index.html",
            kind: "discipline",
        });
    }
    if model.qa.is_some() {
        nav.push(NavItem {
            title: "知识问答",
            path: "qa/index.html",
            kind: "qa",
        });
    }
    nav
}

/// Any view as a template value.
fn tv<T: Serialize + ?Sized>(v: &T) -> tera::Value {
    tera::Value::from_serializable(v)
}

/// A county page: reused from the last build, rendered, or rendered and handed to the
/// sink (its paths, and whether the sink took them).
enum CountyPage {
    Reused(u64, OutputFile),
    Rendered(std::result::Result<(Option<u64>, OutputFile), Diagnostic>),
    Streamed(Vec<String>, Result<()>),
}

/// One page to render.
struct Job {
    template: &'static str,
    path: String,
    key: Option<u64>,
    page: PageView,
    extra: Vec<(&'static str, tera::Value)>,
}
