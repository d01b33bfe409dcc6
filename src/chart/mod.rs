//! Charts of leadership composition: figures in, SVG strings out (plotters, pure).
//!
//! Which chart shows which field is described in the theme's `charts.toml` (see
//! [`parse_specs`]); this module reads that description, picks the fields out of the summary
//! objects (the same JSON objects as `data/summary.json`) and draws each chart.
//!
//! # The SVG
//! Each chart is one `<svg>` element, without an XML declaration, ready to be inlined in
//! HTML5: `viewBox="0 0 480 H"`, `width="100%"`, `role="img"`, `aria-labelledby` pointing
//! at its `<title>` and `aria-describedby` at its `<desc>`. Element ids start with the
//! chart's *dom id*:
//! - county scope: `qf-<slug>-<chart id>` (the subject's `slug`, so each county differs);
//! - city scope: `qf-city-<chart id>`; comparison scope: `qf-cmp-<chart id>`;
//!
//! followed by `-title` / `-desc`. All text uses `fill="currentColor"`; the root carries the
//! palette's text colour as a `color` presentation attribute, which any page CSS overrides.
//!
//! # CSS classes in the SVG
//! - `qf-chart` on the root `<svg>` (set `color` here for dark mode, e.g. `color: inherit`);
//! - `qf-label` category or county names, `qf-value` value labels, `qf-tick` axis tick
//!   labels, `qf-legend` legend text, `qf-note` the "no data" note (all on `<text>`).

mod bars;
mod compare;
mod distribution;
mod dumbbell;
mod error;
mod figure;
mod format;
pub(crate) use format::csv_line;
mod hbar;
mod palette;
mod ranking;
mod share;
mod spec;
mod svg;
mod text;
mod values;

#[cfg(test)]
mod distribution_tests;
#[cfg(test)]
mod svg_check;
#[cfg(test)]
mod tests;

use serde::Serialize;
use serde_json::Value;

pub use distribution::{ENDS, Ranked, draw_distribution, draw_extremes, places, rank};
pub use error::ChartError;
pub use palette::{Palette, Rgb, contrast_ratio};
pub use spec::parse_specs;
pub use text::text_width;

/// One chart as described in `charts.toml`.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartSpec {
    /// Short ASCII id (`[A-Za-z0-9_-]`), unique per scope; used in element ids and file names.
    pub id: String,
    /// The chart's caption (Chinese), also the SVG `<title>`.
    pub title: String,
    /// Where the chart is drawn.
    pub scope: Scope,
    /// What is drawn, and from which fields.
    pub kind: ChartKind,
    /// Unit of the values, e.g. `人`, `岁`, `%`.
    pub unit: String,
    /// Who is counted, leading the description sentence (e.g. `班子成员`).
    pub population: String,
    /// What is measured, for descriptions and table headers (defaults to the title).
    pub measure: String,
    /// Comparison scope: the key of each county's display name (default `name`).
    pub label_field: String,
    /// Comparison scope: the order of the counties (default descending).
    pub sort: SortOrder,
    /// Comparison scope: what the compared are called in tables and sentences
    /// ([`COUNTIES`] by default; a nested site's regions compare their children as 地区).
    pub subjects: String,
    /// Comparison scope: when the ranked field is a share, the fields of the count and of
    /// the whole it is taken of (`women`, `members`). Statistics over the counties (the
    /// distribution's median and quartiles) are then computed from these counts, not from
    /// the shares already rounded to one decimal. Set by the renderer, which knows the
    /// figures; `None` from `charts.toml`.
    pub share_of: Option<(String, String)>,
}

/// What compared counties are called.
pub const COUNTIES: &str = "县（市、区）";

/// Where a chart is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Scope {
    /// On each county page, from that county's summary object.
    County,
    /// On the home and overview pages, from the city summary object.
    City,
    /// Across all counties, drawn once per build.
    Comparison,
}

impl Scope {
    /// The name used in `charts.toml`.
    pub fn name(self) -> &'static str {
        match self {
            Scope::County => "county",
            Scope::City => "city",
            Scope::Comparison => "comparison",
        }
    }
}

/// The kind of chart, with the fields it reads.
#[derive(Debug, Clone, PartialEq)]
pub enum ChartKind {
    /// Horizontal bars of counts; shares are of the items' sum (`bars`).
    Bars {
        /// The bars, in order (none when drawn from a category map).
        items: Vec<ChartItem>,
        /// A category map of the data to draw instead: the path of a list of
        /// `{key, label, count}` (every category, the editor's labels and order).
        categories: Option<String>,
    },
    /// Each item as a part of `whole`: count and percent on a full-length track (`share`).
    Share {
        /// The field of the whole.
        whole: String,
        /// The parts, in order.
        items: Vec<ChartItem>,
    },
    /// A few values side by side, e.g. previous and current average age (`compare`).
    Compare {
        /// The values, in order.
        items: Vec<ChartItem>,
    },
    /// One value per county, as bars, sorted (`ranking`).
    Ranking {
        /// The field ranked.
        field: String,
    },
    /// One value per county as a dot, with its previous value (value − change) as a hollow
    /// dot (`dumbbell`).
    Dumbbell {
        /// The field now.
        field: String,
        /// The field of its change against the previous term.
        change: String,
        /// The legend of the filled dot.
        current_label: String,
        /// The legend of the hollow dot.
        previous_label: String,
    },
}

impl ChartSpec {
    /// The same chart comparing `subjects`: called 地区 in its tables and sentences when
    /// any of them is a region (an object without a county's `kind`).
    pub fn comparing_regions(&self, subjects: &[&Value]) -> ChartSpec {
        let regions = subjects.iter().any(|s| s.get("kind").is_none());
        ChartSpec {
            subjects: if regions {
                "地区".into()
            } else {
                self.subjects.clone()
            },
            ..self.clone()
        }
    }

    /// Whether `value` gives this chart anything to draw: a chart of a category map the
    /// object does not hold (a city's or a region's young cadres, say) would only say
    /// 暂无数据, so it is left out.
    pub fn drawn_from(&self, value: &Value) -> bool {
        match &self.kind {
            ChartKind::Bars {
                categories: Some(path),
                ..
            } => crate::model::lookup(value, path).is_some(),
            _ => true,
        }
    }

    /// The fields a comparison reads from each county, its label first (nothing for
    /// other scopes): a comparison whose fields hold the same values draws the same.
    pub fn comparison_fields(&self) -> Vec<&str> {
        match &self.kind {
            ChartKind::Ranking { field } => vec![&self.label_field, "short_name", field],
            ChartKind::Dumbbell { field, change, .. } => {
                vec![&self.label_field, "short_name", field, change]
            }
            _ => Vec::new(),
        }
    }
}

impl ChartKind {
    /// The name used in `charts.toml`.
    pub fn name(&self) -> &'static str {
        match self {
            ChartKind::Bars { .. } => "bars",
            ChartKind::Share { .. } => "share",
            ChartKind::Compare { .. } => "compare",
            ChartKind::Ranking { .. } => "ranking",
            ChartKind::Dumbbell { .. } => "dumbbell",
        }
    }
}

/// One drawn quantity: a dotted field path and its label.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartItem {
    /// Dotted path into the summary object, e.g. `age_bands.up_to_35`.
    pub field: String,
    /// The label shown (Chinese).
    pub label: String,
    /// A null or absent field is skipped instead of being an error.
    pub optional: bool,
    /// Index into the palette's series colours.
    pub color: usize,
    /// `share` charts: this item's own whole, when it is a part of something smaller than
    /// the chart's (e.g. local cadres of the party and government team).
    pub whole: Option<String>,
    /// What that own whole is called in captions and tables (`党政班子`); by default the
    /// label of the chart's item that reads the whole's field.
    pub whole_label: Option<String>,
}

/// The order of the counties in a comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortOrder {
    /// Largest first.
    Descending,
    /// Smallest first.
    Ascending,
    /// As given by the caller.
    Input,
}

/// A chart ready for a template.
#[derive(Debug, Clone, Serialize)]
pub struct DrawnChart {
    /// The chart's id in `charts.toml`.
    pub id: String,
    /// Its heading.
    pub title: String,
    /// The `<svg>` element (no XML declaration).
    pub svg: String,
    /// A Chinese sentence summing the chart up (also the SVG `<desc>`).
    pub desc: String,
    /// Exactly the numbers drawn (`table.to_csv()` is its CSV).
    pub table: ChartTable,
}

/// The numbers of a chart, as text cells.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChartTable {
    /// The column headers.
    pub headers: Vec<String>,
    /// The rows, one cell a column.
    pub rows: Vec<Vec<String>>,
}

impl ChartTable {
    /// The table as RFC 4180 CSV.
    pub fn to_csv(&self) -> String {
        format::csv(&self.headers, &self.rows)
    }
}

/// What a kind builds before it becomes SVG.
pub(crate) struct ChartParts {
    pub figure: figure::Figure,
    pub desc: String,
    pub table: ChartTable,
}

/// Draws a county- or city-scope chart; `subject` is a county or the city summary object.
///
/// Element ids use the subject's `slug` when it has one (see the module docs).
pub fn draw_one(
    spec: &ChartSpec,
    subject: &Value,
    palette: &Palette,
) -> Result<DrawnChart, ChartError> {
    let parts = match &spec.kind {
        ChartKind::Bars {
            categories: Some(path),
            ..
        } => {
            let items = values::category_items(spec, subject, path)?;
            bars::build(spec, &items, subject, palette)?
        }
        ChartKind::Bars { items, .. } => bars::build(spec, items, subject, palette)?,
        ChartKind::Share { whole, items } => share::build(spec, whole, items, subject, palette)?,
        ChartKind::Compare { items } => compare::build(spec, items, subject, palette)?,
        ChartKind::Ranking { .. } | ChartKind::Dumbbell { .. } => {
            return Err(ChartError::WrongScope {
                chart: spec.id.clone(),
                kind: spec.kind.name(),
                function: "draw_comparison",
            });
        }
    };
    let owner = match subject.get("slug").and_then(Value::as_str) {
        Some(slug) => slug.to_string(),
        None if spec.scope == Scope::County => "county".to_string(),
        None => "city".to_string(),
    };
    finish(spec, &dom_id(&owner, &spec.id), parts, palette)
}

/// Draws a comparison-scope chart across `counties` (county summary objects).
pub fn draw_comparison<V: std::borrow::Borrow<Value>>(
    spec: &ChartSpec,
    counties: &[V],
    palette: &Palette,
) -> Result<DrawnChart, ChartError> {
    let parts = comparison_parts(spec, counties, palette)?;
    finish(spec, &dom_id("cmp", &spec.id), parts, palette)
}

/// What a comparison-scope chart builds across `counties`, or the error that `spec` is
/// drawn for one subject.
pub(crate) fn comparison_parts<V: std::borrow::Borrow<Value>>(
    spec: &ChartSpec,
    counties: &[V],
    palette: &Palette,
) -> Result<ChartParts, ChartError> {
    Ok(match &spec.kind {
        ChartKind::Ranking { field } => ranking::build(spec, field, counties, palette)?,
        ChartKind::Dumbbell {
            field,
            change,
            current_label,
            previous_label,
        } => {
            let labels = dumbbell::Labels {
                current: current_label,
                previous: previous_label,
            };
            dumbbell::build(spec, field, change, &labels, counties, palette)?
        }
        _ => {
            return Err(ChartError::WrongScope {
                chart: spec.id.clone(),
                kind: spec.kind.name(),
                function: "draw_one",
            });
        }
    })
}

fn finish(
    spec: &ChartSpec,
    dom_id: &str,
    parts: ChartParts,
    palette: &Palette,
) -> Result<DrawnChart, ChartError> {
    let svg = svg::render(&parts.figure, dom_id, &spec.title, &parts.desc, palette).map_err(
        |message| ChartError::Draw {
            chart: spec.id.clone(),
            message,
        },
    )?;
    Ok(DrawnChart {
        id: spec.id.clone(),
        title: spec.title.clone(),
        svg,
        desc: parts.desc,
        table: parts.table,
    })
}

/// `qf-<owner>-<chart id>`, keeping only characters valid in an HTML/XML id.
fn dom_id(owner: &str, chart_id: &str) -> String {
    let clean = |s: &str| -> String {
        s.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .collect()
    };
    format!("qf-{}-{}", clean(owner), clean(chart_id))
}
