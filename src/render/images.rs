//! What the site's images show, as SVG: the share image of 数说换届 and each page's
//! link-preview card, made from the same views as the pages (their titles, their figures).

use serde_json::Value;

use super::{SiteRender, cards};
use crate::image::compose::{self, PreviewCard, ShareImage};
use crate::model::figure::format_figure;
use crate::model::lookup;
use crate::url::{self, PagePath};

/// An image to make: where it goes, its SVG and its pixels per SVG unit.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageJob {
    /// Its path from the site's top.
    pub path: String,
    /// The SVG drawn.
    pub svg: String,
    /// Pixels per SVG unit (2.0 for a chart's 2× PNG).
    pub scale: f32,
}

impl SiteRender<'_> {
    /// The share image of 数说换届 (none when the city has no headline figure).
    pub fn share_image(&self) -> Option<ImageJob> {
        let cards = cards::headline_cards(&self.summary.city);
        if cards.is_empty() {
            return None;
        }
        let site = &self.config.site;
        let city = &self.model.city.data;
        let title = format!("{}{}年县级领导班子换届 · 数说换届", city.name, city.year);
        let date = format!("截至{}", self.model.last_updated().chinese());
        let source = format!("来源：{} · {}", site.title, site.column);
        let notice = site.notice.resolved().home.unwrap_or_default();
        let svg = compose::share_svg(&ShareImage {
            column: &site.column,
            title: &title,
            cards: &cards,
            date: &date,
            source: &source,
            notice: &notice,
        });
        Some(ImageJob {
            path: url::SHARE_PNG.to_string(),
            svg,
            scale: 1.0,
        })
    }

    /// The link-preview cards of every page but the counties' and the 404 page, with the
    /// city's key figures.
    pub fn site_previews(&self) -> Vec<ImageJob> {
        let figures = cards::key_figures(&self.summary.city);
        let mut pages = vec![PagePath::Home, PagePath::CountyList, PagePath::ArticleList];
        pages.extend(
            self.model
                .articles
                .iter()
                .map(|a| PagePath::Article(&a.slug)),
        );
        if self.model.qa.is_some() {
            pages.push(PagePath::Qa);
        }
        if self.model.city.data.discipline_rules.is_some() {
            pages.push(PagePath::Discipline);
        }
        pages
            .into_iter()
            .filter_map(|at| Some(self.preview(at, &self.title(at)?, &figures)))
            .collect()
    }

    /// The link-preview card of the county at `index`, with its own key figures.
    pub fn county_preview(&self, index: usize) -> Option<ImageJob> {
        let county = self.model.counties.get(index)?;
        let values = self.summary.counties.get(index)?;
        let at = PagePath::County(&county.data.slug);
        Some(self.preview(at, &super::county_title(county), &county_figures(values)))
    }

    /// The title of the inner region at `index` (in the tree's order), as its card shows it.
    pub fn region_title(&self, index: usize) -> Option<String> {
        Some(super::regions::region_title(
            self.model.tree.regions.get(index)?,
        ))
    }

    /// The link-preview card of the inner region at `index` (in the tree's order) titled
    /// `title` (its [`SiteRender::region_title`]), with the region's own key figures.
    pub fn region_preview(&self, index: usize, title: &str) -> Option<ImageJob> {
        let region = self.model.tree.regions.get(index)?;
        let values = self.summary.regions.get(index)?;
        Some(self.preview(
            PagePath::Region(&region.slug),
            title,
            &cards::key_figures(values),
        ))
    }

    fn preview(&self, at: PagePath<'_>, title: &str, figures: &[(String, String)]) -> ImageJob {
        let site = &self.config.site;
        ImageJob {
            path: url::preview_png(&at.file()),
            svg: compose::preview_svg(&PreviewCard {
                column: &site.column,
                title,
                figures,
                site: &site.title,
            }),
            scale: 1.0,
        }
    }
}

/// A county's key figures for its preview card: its team, their average age and the share
/// of women, each as the site words it.
fn county_figures(county: &Value) -> Vec<(String, String)> {
    [
        ("班子成员", "members", "名"),
        ("平均年龄", "average_age", "岁"),
        ("女干部占比", "shares.women", ""),
    ]
    .into_iter()
    .filter_map(|(label, path, unit)| {
        let v = lookup(county, path).filter(|v| !v.is_null())?;
        Some((
            label.to_string(),
            format!("{}{unit}", format_figure(path, v)),
        ))
    })
    .collect()
}
