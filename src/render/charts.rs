//! The theme's charts as templates see them: each chart of `charts.toml` drawn for the city,
//! across the counties, or for one county, with the path and title of its CSV.

use std::borrow::Borrow;

use serde::Serialize;
use serde_json::Value;

use crate::chart::{self, ChartError, ChartSpec, ChartTable, DrawnChart, Palette, Scope};
use crate::config::{CONFIG_FILE, Config};
use crate::diagnostic::{Diagnostic, Diagnostics, Error, Result};
use crate::load::theme::Theme;
use crate::model::figure::figure_type;
use crate::url;

/// A drawn chart as templates see it.
#[derive(Debug, Clone, Serialize)]
pub struct ChartView {
    /// Unique on its page.
    pub id: String,
    /// Heading.
    pub title: String,
    /// Inline SVG (held gzipped in a region's charts `serve` keeps).
    pub svg: crate::gzip::Text,
    /// The generated sentence summing it up (shown with its numbers joined to their units).
    #[serde(serialize_with = "units_joined")]
    pub desc: String,
    /// Table headers.
    pub headers: Vec<String>,
    /// Table rows: exactly the numbers drawn.
    pub rows: Vec<Vec<String>>,
    /// The path of the CSV holding its numbers, from the site's top. A county's charts
    /// link `data/counties.csv` (a county a row, every county chart's figure a column);
    /// the city's and the comparisons have one file each.
    pub csv_path: String,
    /// What that CSV holds, for its link: `年龄结构数据`, or `全部县（市、区）数据`.
    pub csv_title: String,
    /// Where its 2× PNG goes, from the site's top (`images/charts/<id>.png`).
    pub png_path: String,
    /// Whether that PNG was made (the theme links it as 下载图片 only then).
    pub png: bool,
    /// For a comparison of many counties, shown by its distribution or its ends: the page
    /// of its full ranking, from the site's top.
    pub ranking_path: Option<String>,
}

impl ChartView {
    fn new(
        d: DrawnChart,
        csv_path: String,
        csv_title: Option<&str>,
        png_path: String,
    ) -> ChartView {
        ChartView {
            png_path,
            png: false,
            ranking_path: None,
            csv_title: csv_title.map_or_else(|| format!("{}数据", d.title), str::to_string),
            id: d.id,
            title: d.title,
            svg: d.svg.into(),
            desc: d.desc,
            headers: d.table.headers,
            rows: d.table.rows,
            csv_path,
        }
    }

    /// The numbers drawn, as the table under the chart shows them.
    pub fn table(&self) -> ChartTable {
        ChartTable {
            headers: self.headers.clone(),
            rows: self.rows.clone(),
        }
    }
}

/// Serializes a generated sentence for the templates with a word joiner between each number
/// and its unit (`10⁠人`), so a narrow screen never puts the unit at the start of a line.
pub(super) fn units_joined<S: serde::Serializer>(text: &str, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&crate::cjk::join_numbers_to_units(text))
}

/// The link text of `data/counties.csv`, where a county's charts' numbers are (its row).
const COUNTY_CSV_TITLE: &str = "全部县（市、区）数据";

/// The charts the theme describes, and how to draw them.
#[derive(Debug, Clone)]
pub struct ChartSetup {
    /// Every chart of `charts.toml`, in its order.
    pub specs: Vec<ChartSpec>,
    /// The colours.
    pub palette: Palette,
    /// `charts.toml`, for messages: its path from the site's root, and its text.
    file: std::path::PathBuf,
    text: String,
}

impl ChartSetup {
    /// Reads the theme's `charts.toml` and the site's palette; `None` when the theme draws
    /// no charts.
    pub fn of(theme: &Theme, config: &Config) -> Result<Option<ChartSetup>> {
        let Some(file) = &theme.charts else {
            return Ok(None);
        };
        let rel = config.relative(&file.origin).to_path_buf();
        let text = String::from_utf8_lossy(&file.bytes);
        let text = text.into_owned();
        let mut specs = chart::parse_specs(&text).map_err(|e| chart_error(&rel, &text, e))?;
        specs.iter_mut().for_each(name_share_parts);
        let palette = if config.site.charts.palette.is_empty() {
            Palette::default()
        } else {
            Palette::from_colors(&config.site.charts.palette).map_err(|e| {
                Error::Content(Diagnostics(vec![
                    Diagnostic::error(
                        CONFIG_FILE,
                        crate::t!("[charts] palette: {e}", "[charts] palette 有误：{e}"),
                    )
                    .help(crate::messages::Text::both(
                        "write colours as \"#rrggbb\"",
                        "颜色应写成 \"#rrggbb\"",
                    ))
                    .code(crate::messages::catalog::CHART_SETTINGS),
                ]))
            })?
        };
        Ok(Some(ChartSetup {
            specs,
            palette,
            file: rel,
            text,
        }))
    }

    /// A chart that cannot be drawn, as an error placed in `charts.toml`.
    pub fn error(&self, e: ChartError) -> Error {
        chart_error(&self.file, &self.text, e)
    }

    /// The charts of one scope, in the file's order.
    pub fn specs_of(&self, scope: Scope) -> impl Iterator<Item = &ChartSpec> {
        self.specs.iter().filter(move |s| s.scope == scope)
    }

    /// The city's charts and the comparisons, in the file's order.
    pub fn shared_specs(&self) -> impl Iterator<Item = &ChartSpec> {
        self.specs.iter().filter(|s| s.scope != Scope::County)
    }

    /// One county's charts, from its summary object.
    pub fn draw_county(
        &self,
        slug: &str,
        county: &Value,
    ) -> std::result::Result<Vec<ChartView>, ChartError> {
        self.specs_of(Scope::County)
            .map(|spec| {
                chart::draw_one(spec, county, &self.palette).map(|d| {
                    let png = url::county_chart_png(slug, &spec.id);
                    ChartView::new(
                        d,
                        url::COUNTIES_CSV.to_string(),
                        Some(COUNTY_CSV_TITLE),
                        png,
                    )
                })
            })
            .collect()
    }

    /// One of the city's charts (`spec` of city scope), from the city's summary object.
    pub fn draw_city(
        &self,
        spec: &ChartSpec,
        city: &Value,
    ) -> std::result::Result<ChartView, ChartError> {
        let d = chart::draw_one(spec, city, &self.palette)?;
        Ok(ChartView::new(
            d,
            url::chart_csv(&spec.id),
            None,
            url::chart_png(&spec.id),
        ))
    }

    /// One comparison across the counties, from their summary objects.
    pub fn draw_comparison<V: Borrow<Value>>(
        &self,
        spec: &ChartSpec,
        counties: &[V],
    ) -> std::result::Result<ChartView, ChartError> {
        let d = chart::draw_comparison(spec, counties, &self.palette)?;
        Ok(ChartView::new(
            d,
            url::comparison_csv(&spec.id),
            None,
            url::comparison_png(&spec.id),
        ))
    }
}

/// An inner region's charts: its own (the city's charts, drawn for the region) and the
/// comparisons of its children.
#[derive(Debug, Clone, Default)]
pub struct RegionCharts {
    /// The region's own charts.
    pub own: Vec<ChartView>,
    /// Its children compared.
    pub comparison: Vec<ChartView>,
    /// The full rankings of its comparisons, when it has more children than a chart shows
    /// one by one.
    pub rankings: Vec<Ranking>,
}

impl RegionCharts {
    /// The same charts, their SVGs held gzipped: `serve` keeps every region's, and reads a
    /// region's only when its page is made again.
    pub fn packed(self) -> RegionCharts {
        let pack = |views: Vec<ChartView>| -> Vec<ChartView> {
            views
                .into_iter()
                .map(|v| ChartView {
                    svg: v.svg.packed(),
                    ..v
                })
                .collect()
        };
        RegionCharts {
            own: pack(self.own),
            comparison: pack(self.comparison),
            rankings: self.rankings,
        }
    }
}

impl ChartSetup {
    /// The charts of the region `slug` (its summary object `region`) and the comparisons of
    /// its `children`'s objects. Past `max_bars` children a comparison shows their
    /// distribution and ends; the region's CSV holds every child.
    pub fn draw_region(
        &self,
        slug: &str,
        region: &Value,
        children: &[&Value],
        max_bars: usize,
    ) -> std::result::Result<RegionCharts, ChartError> {
        let own = self
            .specs_of(Scope::City)
            .filter(|spec| spec.drawn_from(region))
            .map(|spec| {
                chart::draw_one(spec, region, &self.palette).map(|d| {
                    let png = url::region_chart_png(slug, &spec.id);
                    ChartView::new(d, url::REGIONS_CSV.into(), Some(REGION_CSV_TITLE), png)
                })
            })
            .collect::<std::result::Result<Vec<_>, _>>()?;
        let mut comparison = Vec::new();
        let mut rankings = Vec::new();
        for spec in self.specs_of(Scope::Comparison) {
            let spec = &spec.comparing_regions(children);
            let (drawn, ranking) = if children.len() > max_bars {
                let (views, ranking) = self.draw_many(spec, children)?;
                let ranking = Ranking {
                    region: Some(slug.to_string()),
                    ..ranking
                };
                (views, Some(ranking))
            } else {
                (vec![self.draw_comparison(spec, children)?], None)
            };
            let ranking_path = ranking.as_ref().map(Ranking::page);
            comparison.extend(drawn.into_iter().map(|v| ChartView {
                csv_path: url::region_csv(slug),
                csv_title: CHILDREN_CSV_TITLE.into(),
                png_path: url::region_chart_png(slug, &v.id),
                ranking_path: ranking_path.clone(),
                ..v
            }));
            rankings.extend(ranking);
        }
        Ok(RegionCharts {
            own,
            comparison,
            rankings,
        })
    }
}

/// The link text of the regions' CSV, which holds every region's figures.
const REGION_CSV_TITLE: &str = "全部地区数据";
/// The link text of a region's CSV of its children.
const CHILDREN_CSV_TITLE: &str = "下级各地全部数据";

/// The full ranking of a comparison of many counties, for its page and its CSV.
#[derive(Debug, Clone)]
pub struct Ranking {
    /// The comparison's id in `charts.toml`.
    pub id: String,
    /// The comparison's title.
    pub title: String,
    /// What it measures.
    pub measure: String,
    /// Every county a row, in the comparison's order, with each row's county.
    pub ranked: chart::Ranked,
    /// The page of each subject compared (in the order they were given), from the site's
    /// top: a row links it.
    pub pages: Vec<String>,
    /// The region whose children it ranks; none for the site's counties.
    pub region: Option<String>,
    /// What the ranked are called (县（市、区）, 地区).
    pub subjects: String,
}

impl Ranking {
    /// The ranking's page, from the site's top.
    pub fn page(&self) -> String {
        self.at().file()
    }

    /// Where the ranking's page is.
    pub fn at(&self) -> url::PagePath<'_> {
        match &self.region {
            Some(slug) => url::PagePath::RegionRanking(slug, &self.id),
            None => url::PagePath::Ranking(&self.id),
        }
    }

    /// What its CSV holds, for the link text: the ranking itself, or, for a region's, every
    /// figure of its children (in the tree's order, not ranked).
    pub fn csv_title(&self) -> String {
        match &self.region {
            Some(_) => CHILDREN_CSV_TITLE.into(),
            None => "本排名".into(),
        }
    }

    /// Its CSV: at the path the comparison's chart would have; a region's children CSV for
    /// a region's ranking.
    pub fn csv_path(&self) -> String {
        match &self.region {
            Some(slug) => url::region_csv(slug),
            None => url::comparison_csv(&self.id),
        }
    }
}

/// The page of a county's or a region's summary object, from the site's top.
fn page_of(subject: &Value) -> String {
    let slug = subject
        .get("slug")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if subject.get("kind").is_some() {
        url::PagePath::County(slug).file()
    } else {
        url::PagePath::Region(slug).file()
    }
}

impl ChartSetup {
    /// A comparison of more counties than a chart shows one by one: its distribution and
    /// its top and bottom ten (each linking the full ranking), and that ranking.
    pub fn draw_many<V: Borrow<Value>>(
        &self,
        spec: &ChartSpec,
        counties: &[V],
    ) -> std::result::Result<(Vec<ChartView>, Ranking), ChartError> {
        let ranking = Ranking {
            id: spec.id.clone(),
            title: spec.title.clone(),
            measure: spec.measure.clone(),
            ranked: chart::rank(spec, counties)?,
            pages: counties.iter().map(|c| page_of(c.borrow())).collect(),
            region: None,
            subjects: spec.subjects.clone(),
        };
        let drawn = [
            chart::draw_distribution(spec, counties, &self.palette)?,
            chart::draw_extremes(spec, counties, &self.palette)?,
        ];
        let views = drawn
            .into_iter()
            .map(|d| {
                let (csv, png) = (url::comparison_csv(&d.id), url::comparison_png(&d.id));
                ChartView {
                    ranking_path: Some(ranking.page()),
                    ..ChartView::new(d, csv, None, png)
                }
            })
            .collect();
        Ok((views, ranking))
    }
}

/// Names, on a comparison of a share, the count and the whole the share is computed from,
/// so that its statistics over the counties use the exact ratios.
fn name_share_parts(spec: &mut ChartSpec) {
    let (chart::ChartKind::Ranking { field } | chart::ChartKind::Dumbbell { field, .. }) =
        &spec.kind
    else {
        return;
    };
    spec.share_of = figure_type(field)
        .and_then(|t| t.share_of)
        .map(|(count, whole)| (count.to_string(), whole.path().to_string()));
}

/// A chart that cannot be drawn, placed in the theme's `charts.toml` (whose text is
/// `text`) where the error says.
fn chart_error(rel: &std::path::Path, text: &str, e: ChartError) -> Error {
    let e = e.locate(|at| crate::diagnostic::line_col(text, at));
    let detail = e.to_string();
    let mut d = Diagnostic::error(
        rel.to_path_buf(),
        crate::t!("{detail}", "图表设置有误：{detail}"),
    )
    .help(crate::messages::Text::both(
        "see the comment at the top of the theme's charts.toml for the keys",
        "可用的键见主题 charts.toml 开头的说明",
    ))
    .code(crate::messages::catalog::CHART_SETTINGS);
    if let Some((line, col)) = e.position() {
        d = d.at(text, line, col);
    }
    Error::Content(Diagnostics(vec![d]))
}
