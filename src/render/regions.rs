//! The pages of a nested site's inner regions (a province, a city), and the links through
//! its tree: breadcrumbs through every level, and each region's children.

use serde::Serialize;
use serde_json::Value;

use super::cards;
use super::charts::RegionCharts;
use super::formatted::Formatted;
use super::views::{Crumb, headings, tv};
use super::{PageResult, SiteRender};
use crate::diagnostic::Diagnostic;
use crate::markdown::Rendered;
use crate::model::region::Region;
use crate::url::PagePath;

/// A region's page title: its narrative's, or one made from its name.
pub(crate) fn region_title(region: &Region) -> String {
    region
        .narrative
        .as_ref()
        .map(|n| n.meta.title.clone())
        .unwrap_or_else(|| format!("{}新一届县级领导班子", region.data.name))
}

pub(super) use crate::model::region::whole_word;

/// A child region as the lists of its parent show it.
#[derive(Serialize)]
struct RegionCard<'a> {
    name: &'a str,
    short_name: &'a str,
    /// Its level (市, 省), in place of a county's kind.
    kind: &'a str,
    slug: &'a str,
    path: String,
    /// How many counties it holds, at any depth.
    counties: usize,
    figures: &'a Value,
    fmt: Formatted<'a>,
}

impl SiteRender<'_> {
    /// The breadcrumbs of a page under the region at `parent` (none: under the root): the
    /// home page, then each region from the top down to `parent`.
    pub(super) fn crumbs_under(&self, parent: Option<usize>) -> Vec<Crumb> {
        let mut crumbs = vec![Crumb::home()];
        crumbs.extend(
            self.model
                .tree
                .chain(parent)
                .into_iter()
                .map(|r| Crumb::titled(r.data.name.clone(), PagePath::Region(&r.slug).file())),
        );
        crumbs
    }

    /// The cards of the child regions of the region at `region` (the root's when none).
    pub(super) fn region_cards(&self, region: Option<usize>) -> tera::Value {
        let tree = &self.model.tree;
        let ids = match region.and_then(|r| tree.regions.get(r)) {
            Some(r) => &r.regions,
            None => &tree.top_regions,
        };
        let cards: Vec<RegionCard<'_>> = ids
            .iter()
            .filter_map(|&i| {
                let r = tree.regions.get(i)?;
                let figures = self.summary.regions.get(i)?;
                Some(RegionCard {
                    name: &r.data.name,
                    short_name: r.data.short_name.as_deref().unwrap_or(&r.data.name),
                    kind: r.data.level.as_deref().unwrap_or(""),
                    slug: &r.slug,
                    path: PagePath::Region(&r.slug).file(),
                    counties: r.all_counties.len(),
                    figures,
                    fmt: Formatted::new(figures),
                })
            })
            .collect();
        tv(&cards)
    }

    /// The cards of the counties directly under the region at `region` (the root's when
    /// none).
    pub(super) fn own_county_cards(&self, region: Option<usize>) -> tera::Value {
        let tree = &self.model.tree;
        let ids = match region.and_then(|r| tree.regions.get(r)) {
            Some(r) => &r.counties,
            None => &tree.top_counties,
        };
        self.county_cards(ids.iter().copied())
    }

    /// The page of the inner region at `index` (in the tree's order): its figures, its
    /// narrative, its charts, its children and their comparison.
    pub fn region(
        &self,
        index: usize,
        body: Option<&Rendered>,
        charts: &RegionCharts,
    ) -> PageResult {
        let tree = &self.model.tree;
        let (Some(region), Some(value)) =
            (tree.regions.get(index), self.summary.regions.get(index))
        else {
            return Err(Diagnostic::error(
                "content/counties",
                crate::messages::Text::both("no such region", "没有这个地区"),
            )
            .code(crate::messages::catalog::NO_SUCH_PAGE));
        };
        let narrative = region.narrative.as_ref();
        let description = narrative
            .map(|n| n.meta.summary.clone())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| {
                format!(
                    "{}所辖{}个县（市、区）新一届县级领导班子的年龄、学历、性别与经历结构。",
                    region.data.name,
                    region.all_counties.len()
                )
            });
        let date = narrative.map_or(region.data.date, |n| n.meta.date);
        let mut page = self
            .page(
                "region",
                PagePath::Region(&region.slug),
                region_title(region),
                description,
            )
            .dated(date)
            .under(self.crumbs_under(region.parent));
        page.han_chars = body.map(|b| b.han_chars);
        page.source = narrative.map(|n| n.meta.source.clone()).unwrap_or_default();
        self.render(
            "region.html",
            &page,
            vec![
                ("region", tv(value)),
                ("region_fmt", tv(&Formatted::new(value))),
                ("whole", tv(&whole_word(region.data.level.as_deref()))),
                ("cards", tv(&cards::figure_cards(value))),
                ("body", tv(&body.map(|b| b.html.text()).unwrap_or_default())),
                ("headings", headings(body.map_or(&[][..], |b| &b.headings))),
                ("charts", tv(&charts.own)),
                ("comparisons", tv(&charts.comparison)),
                ("regions", self.region_cards(Some(index))),
                ("counties", self.own_county_cards(Some(index))),
                ("csv", tv(&crate::url::region_csv(&region.slug))),
            ],
        )
    }
}
