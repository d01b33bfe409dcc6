//! Pages whose length follows the number of counties, kept short at any scale: the county
//! list, paginated past `[compare] per_page` counties, and the full ranking of each
//! comparison of many counties, one page a comparison.

use serde::Serialize;

use super::charts::Ranking;
use super::views::{Crumb, tv};
use super::{ListShows, PageResult, SiteRender};
use crate::diagnostic::Diagnostic;
use crate::url::{self, PagePath};

/// The pages of the county list, as the list's page navigation shows them.
#[derive(Debug, Serialize)]
struct Pager {
    /// This page's number, from 1.
    current: usize,
    /// How many pages there are.
    total: usize,
    /// The page before and the page after, from the site's top.
    prev: Option<String>,
    next: Option<String>,
    /// Every page, for the numbered links.
    pages: Vec<PagerLink>,
}

#[derive(Debug, Serialize)]
struct PagerLink {
    number: usize,
    path: String,
}

impl Pager {
    fn new(current: usize, total: usize) -> Pager {
        let path = |n: usize| PagePath::county_list_page(n).file();
        Pager {
            current,
            total,
            prev: (current > 1).then(|| path(current - 1)),
            next: (current < total).then(|| path(current + 1)),
            pages: (1..=total)
                .map(|number| PagerLink {
                    number,
                    path: path(number),
                })
                .collect(),
        }
    }
}

/// One county of a ranking page.
#[derive(Debug, Serialize)]
struct RankedRow<'a> {
    rank: usize,
    name: &'a str,
    /// The county's page, from the ranking's.
    link: String,
    cells: Vec<&'a str>,
}

impl SiteRender<'_> {
    /// How many pages the county list takes.
    pub fn county_list_pages(&self) -> usize {
        let per_page = self.config.site.compare.per_page.max(1);
        self.model.counties.len().div_ceil(per_page).max(1)
    }

    /// Whether the county list is paginated (and the home page links it instead of showing
    /// every county).
    pub(super) fn many_counties(&self) -> bool {
        self.county_list_pages() > 1
    }

    /// What the county list's page `n` (from 1) shows: its counties, the comparisons on the
    /// first page of a flat site's list, and its preview card when it was made.
    pub fn county_list_shows(&self, n: usize) -> ListShows {
        let count = self.model.counties.len();
        let counties = if self.many_counties() {
            let per_page = self.config.site.compare.per_page.max(1);
            (n.saturating_sub(1) * per_page).min(count)..(n * per_page).min(count)
        } else {
            0..count
        };
        ListShows {
            counties,
            comparisons: n == 1 && !self.model.tree.is_nested(),
            preview: self
                .images
                .contains_key(&url::preview_png(&PagePath::county_list_page(n).file())),
        }
    }

    /// The county list's page `n` (from 1): its counties, page links when there are
    /// several pages, and the comparisons on the first.
    pub fn county_list_page(&self, n: usize) -> PageResult {
        let total = self.county_list_pages();
        if n == 0 || n > total {
            return Err(Diagnostic::error(
                "content/counties",
                crate::messages::Text::both(
                    "no such page of the county list",
                    "县（市、区）列表没有这一页",
                ),
            )
            .code(crate::messages::catalog::NO_SUCH_PAGE));
        }
        let mut description = format!(
            "{}{}个县（市、区）新一届领导班子的结构数据。",
            self.model.city.data.name,
            self.model.counties.len()
        );
        let at = PagePath::county_list_page(n);
        let mut title = "各县（市、区）换届数据".to_string();
        if total > 1 && n > 1 {
            title = format!("{title}（第{n}页）");
            description = format!("{description}第{n}页，共{total}页。");
        }
        let shows = self.county_list_shows(n);
        let counties = self.county_cards(shows.counties);
        let pager = (total > 1).then(|| Pager::new(n, total));
        let page = self
            .page("county-list", at, title, description)
            .under(vec![Crumb::home()]);
        let comparisons = if shows.comparisons {
            self.comparisons.clone()
        } else {
            tv(&[(); 0])
        };
        self.render(
            "list.html",
            &page,
            vec![
                ("counties", counties),
                ("articles", tv(&[(); 0])),
                ("comparisons", comparisons),
                ("pager", tv(&pager)),
            ],
        )
    }

    /// The title of a ranking's page.
    pub(super) fn ranking_title(ranking: &Ranking) -> String {
        format!("{}：完整排名", ranking.title)
    }

    /// The page of one comparison's full ranking: every county a row, sortable.
    pub fn ranking(&self, ranking: &Ranking) -> PageResult {
        let from = ranking.page();
        let shown = &ranking.ranked.shown;
        // Equal values share a place, as the chart's description says 并列.
        let place = crate::chart::places(ranking.ranked.table.rows.iter().map(|row| {
            let first = shown.first().and_then(|&c| row.get(c));
            first.map_or("", String::as_str)
        }));
        let rows: Vec<RankedRow<'_>> = ranking
            .ranked
            .order
            .iter()
            .zip(&ranking.ranked.table.rows)
            .enumerate()
            .filter_map(|(i, (&index, row))| {
                let page = ranking.pages.get(index)?;
                Some(RankedRow {
                    rank: place[i],
                    name: row.first()?,
                    link: url::relative(&from, page),
                    cells: shown
                        .iter()
                        .filter_map(|&c| row.get(c).map(String::as_str))
                        .collect(),
                })
            })
            .collect();
        let title = Self::ranking_title(ranking);
        let region = ranking.region.as_deref().and_then(|slug| {
            let tree = &self.model.tree;
            tree.regions.iter().position(|r| r.slug == slug)
        });
        let (place, crumbs) = match region {
            Some(i) => {
                let r = &self.model.tree.regions[i];
                let mut crumbs = self.crumbs_under(r.parent);
                crumbs.push(Crumb::titled(
                    r.data.name.clone(),
                    PagePath::Region(&r.slug).file(),
                ));
                (r.data.name.as_str(), crumbs)
            }
            // A nested root compares its regions on the home page only.
            None if self.model.tree.is_nested() => {
                (self.model.city.data.name.as_str(), vec![Crumb::home()])
            }
            None => (
                self.model.city.data.name.as_str(),
                vec![Crumb::home(), Crumb::counties()],
            ),
        };
        let description = format!(
            "{place}{}个{}的{}，逐一排列。",
            rows.len(),
            ranking.subjects,
            ranking.measure
        );
        let page = self
            .page("ranking", ranking.at(), title, description)
            .under(crumbs);
        let all = &ranking.ranked.table.headers;
        let headers: Vec<&str> = (ranking.ranked.shown.iter())
            .filter_map(|&c| all.get(c).map(String::as_str))
            .collect();
        self.render(
            "ranking.html",
            &page,
            vec![
                ("rows", tv(&rows)),
                ("headers", tv(&headers)),
                ("measure", tv(&ranking.measure)),
                ("subjects", tv(&ranking.subjects)),
                ("csv_path", tv(&ranking.csv_path())),
                ("csv_title", tv(&ranking.csv_title())),
            ],
        )
    }
}
