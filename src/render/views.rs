//! The view structs templates receive, and the constructors that make them from the model:
//! templates never see the model itself. Field names are the template variables listed in
//! `docs/themes.md`.

use serde::Serialize;
use serde_json::Value;

use super::formatted::Formatted;
use crate::config::{Config, Footer, Notice};
use crate::markdown::Heading;
use crate::model::city::ReportingChannel;
use crate::model::county::DivisionKind;
use crate::model::date::Date;
use crate::model::page::Page;
use crate::model::{County, Model};
use crate::url::{self, PagePath};

/// `site`: what every page shows of the site.
#[derive(Serialize)]
pub(super) struct SiteView<'a> {
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
    /// Whether the site has a search (the box in the header, the `search/` page).
    search: bool,
    nav: Vec<NavItem>,
    reporting: Vec<ReportingView<'a>>,
    notice: Notice,
}

/// A reporting channel as the page shows it, with the links a phone can follow.
#[derive(Serialize)]
struct ReportingView<'a> {
    number: &'a str,
    /// `tel:12380`.
    tel: String,
    owner: &'a str,
    channels: &'a [String],
    hours: &'a str,
    website: Option<&'a str>,
    /// The website without its scheme, as it is read out: `www.12380.gov.cn`.
    website_label: Option<&'a str>,
    sms: Option<&'a str>,
    /// `sms:12380`.
    sms_href: Option<String>,
}

impl<'a> ReportingView<'a> {
    fn of(r: &'a ReportingChannel) -> ReportingView<'a> {
        let dial = |n: &str| -> String {
            n.chars()
                .filter(|c| c.is_ascii_digit() || *c == '+')
                .collect()
        };
        let website = r.website.as_deref();
        ReportingView {
            number: &r.number,
            tel: format!("tel:{}", dial(&r.number)),
            owner: &r.owner,
            channels: &r.channels,
            hours: &r.hours,
            website,
            website_label: website.map(|w| {
                let bare = w.split_once("://").map_or(w, |(_, rest)| rest);
                bare.trim_end_matches('/')
            }),
            sms: r.sms.as_deref(),
            sms_href: r.sms.as_deref().map(|n| format!("sms:{}", dial(n))),
        }
    }
}

impl<'a> SiteView<'a> {
    pub(super) fn new(config: &'a Config, model: &'a Model) -> SiteView<'a> {
        let city = &model.city.data;
        let last = model.last_updated();
        SiteView {
            title: &config.site.title,
            column: &config.site.column,
            subtitle: &config.site.subtitle,
            description: &config.site.description,
            language: &config.site.language,
            base_url: config.base_url(),
            footer: &config.site.footer,
            last_updated: last.chinese(),
            last_updated_iso: last.to_string(),
            city_name: &city.name,
            year: city.year,
            has_qa: model.qa.is_some(),
            has_discipline: city.discipline_rules.is_some(),
            search: config.site.search.enabled,
            nav: nav(model),
            reporting: city.reporting.iter().map(ReportingView::of).collect(),
            notice: config.site.notice.resolved(),
        }
    }
}

#[derive(Serialize, Clone)]
struct NavItem {
    title: &'static str,
    path: String,
    kind: &'static str,
}

fn nav(model: &Model) -> Vec<NavItem> {
    let item = |title, page: PagePath<'_>, kind| NavItem {
        title,
        path: page.file(),
        kind,
    };
    let mut nav = vec![
        item("首页", PagePath::Home, "home"),
        item("各县（市、区）", PagePath::CountyList, "county-list"),
        item("专题报道", PagePath::ArticleList, "article-list"),
    ];
    if model.city.data.discipline_rules.is_some() {
        nav.push(item("换届纪律", PagePath::Discipline, "discipline"));
    }
    if model.qa.is_some() {
        nav.push(item("知识问答", PagePath::Qa, "qa"));
    }
    nav
}

/// One step of a page's breadcrumbs.
#[derive(Serialize, Clone)]
pub(super) struct Crumb {
    title: std::borrow::Cow<'static, str>,
    path: String,
}

impl Crumb {
    /// A step of any title (a region's name).
    pub(super) fn titled(title: String, path: String) -> Crumb {
        Crumb {
            title: title.into(),
            path,
        }
    }

    pub(super) fn home() -> Crumb {
        Crumb {
            title: "首页".into(),
            path: PagePath::Home.file(),
        }
    }

    pub(super) fn counties() -> Crumb {
        Crumb {
            title: "各县（市、区）".into(),
            path: PagePath::CountyList.file(),
        }
    }

    pub(super) fn articles() -> Crumb {
        Crumb {
            title: "专题报道".into(),
            path: PagePath::ArticleList.file(),
        }
    }
}

/// `page`: what every page says of itself.
#[derive(Serialize)]
pub(super) struct PageView {
    kind: &'static str,
    title: String,
    description: String,
    pub(super) path: String,
    root: String,
    canonical: Option<String>,
    pub(super) breadcrumbs: Vec<Crumb>,
    date: Option<String>,
    date_iso: Option<String>,
    pub(super) han_chars: Option<usize>,
    pub(super) source: String,
    /// The page's link-preview card (`og:image`): absolute under `base_url`, else from
    /// the page (`../images/preview/…`); none when no card was made.
    pub(super) image: Option<String>,
}

impl PageView {
    /// The page at `at`, with its links back to the top and its canonical address under
    /// `base` (the site's `base_url`).
    pub(super) fn new(
        kind: &'static str,
        at: PagePath<'_>,
        base: Option<&str>,
        title: String,
        description: String,
    ) -> PageView {
        let path = at.file();
        PageView {
            kind,
            title,
            description,
            root: url::root_of(&path),
            canonical: base.map(|b| format!("{b}{}", url::folder_of(&path))),
            path,
            breadcrumbs: Vec::new(),
            date: None,
            date_iso: None,
            han_chars: None,
            source: String::new(),
            image: None,
        }
    }

    /// The same page with its link-preview card at `png` (a path from the site's top).
    pub(super) fn with_image(self, png: String, base: Option<&str>) -> PageView {
        let image = match base {
            Some(b) => format!("{b}{}", url::percent_encode_path(&png)),
            None => format!("{}{png}", self.root),
        };
        PageView {
            image: Some(image),
            ..self
        }
    }

    /// The same page, dated.
    pub(super) fn dated(self, date: Date) -> PageView {
        PageView {
            date: Some(date.chinese()),
            date_iso: Some(date.to_string()),
            ..self
        }
    }

    /// The same page with these breadcrumbs.
    pub(super) fn under(self, breadcrumbs: Vec<Crumb>) -> PageView {
        PageView {
            breadcrumbs,
            ..self
        }
    }

    /// The 404 page: served at any depth, so it links from the site's top on its server
    /// (`server_root`, an absolute path), and has no canonical address.
    pub(super) fn not_found(server_root: String) -> PageView {
        PageView {
            root: server_root,
            canonical: None,
            ..PageView::new(
                "404",
                PagePath::NotFound,
                None,
                "页面未找到".into(),
                "您访问的页面不存在。".into(),
            )
        }
    }
}

/// A county as the cards of the home and list pages show it, and as its page knows it.
#[derive(Serialize)]
struct CountyCard<'a> {
    name: &'a str,
    /// The short name for compact lists, else the name.
    short_name: &'a str,
    kind: &'static str,
    slug: &'a str,
    path: String,
    date: String,
    national_poverty_county: bool,
    figures: &'a Value,
    fmt: Formatted<'a>,
}

fn kind_label(kind: DivisionKind) -> &'static str {
    match kind {
        DivisionKind::County => "县",
        DivisionKind::City => "市",
        DivisionKind::District => "区",
    }
}

/// A county's card as a template value, from the county and its summary object.
pub(super) fn county_card(county: &County, figures: &Value) -> tera::Value {
    tv(&CountyCard {
        name: &county.data.name,
        short_name: county
            .data
            .short_name
            .as_deref()
            .unwrap_or(&county.data.name),
        kind: kind_label(county.data.kind),
        slug: &county.data.slug,
        path: PagePath::County(&county.data.slug).file(),
        date: county.data.date.chinese(),
        national_poverty_county: county.data.national_poverty_county,
        figures,
        fmt: Formatted::new(figures),
    })
}

/// A link to the county before or after on its page.
#[derive(Serialize, Clone)]
pub(super) struct Neighbour {
    name: String,
    path: String,
}

impl Neighbour {
    pub(super) fn of(county: &County) -> Neighbour {
        Neighbour {
            name: county.data.name.clone(),
            path: PagePath::County(&county.data.slug).file(),
        }
    }
}

/// An article as lists and its own page show it.
#[derive(Serialize, Clone)]
pub(super) struct ArticleCard {
    title: String,
    slug: String,
    path: String,
    date: String,
    date_iso: String,
    summary: String,
}

impl ArticleCard {
    pub(super) fn of(article: &Page) -> ArticleCard {
        ArticleCard {
            title: article.meta.title.clone(),
            slug: article.slug.clone(),
            path: PagePath::Article(&article.slug).file(),
            date: article.meta.date.chinese(),
            date_iso: article.meta.date.to_string(),
            summary: article.meta.summary.clone(),
        }
    }
}

#[derive(Serialize)]
struct HeadingView<'a> {
    level: u8,
    id: &'a str,
    text: &'a str,
}

/// A page's headings, for its table of contents.
pub(super) fn headings(hs: &[Heading]) -> tera::Value {
    let views: Vec<HeadingView<'_>> = hs
        .iter()
        .map(|h| HeadingView {
            level: h.level,
            id: &h.id,
            text: &h.text,
        })
        .collect();
    tv(&views)
}

/// Any view as a template value.
pub(super) fn tv<T: Serialize + ?Sized>(v: &T) -> tera::Value {
    tera::Value::from_serializable(v)
}

/// `share`: the home page's 分享 block.
#[derive(Serialize)]
pub(super) struct ShareView {
    /// The share image, from the site's top.
    path: String,
    width: u32,
    height: u32,
    /// What it shows, for its `alt`.
    alt: String,
    /// The name it is downloaded as.
    download: String,
}

impl ShareView {
    pub(super) fn new(config: &Config, city: &str, (width, height): (u32, u32)) -> ShareView {
        ShareView {
            path: url::SHARE_PNG.to_string(),
            width,
            height,
            alt: format!("{}数说换届分享图：本页数说换届各项数字及其变化", city),
            download: format!("{}-数说换届.png", config.site.column),
        }
    }
}
