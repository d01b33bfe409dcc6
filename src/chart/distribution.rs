//! Comparisons of many counties, where one bar a county would be taller than any page: the
//! distribution of the measure (a histogram with its median marked), its top and bottom
//! ten as bars, and the full ranking as a table for a page of its own.

use serde_json::Value;
use std::borrow::Borrow;

use super::figure::{Anchor, Figure, LABEL_PX, Label, PAD, SMALL_PX, Shape, VALUE_PX, WIDTH};
use super::format::fixed;
use super::hbar::{self, Row};
use super::ranking::{Entry, describe_extremes, header, sort};
use super::text::text_width;
use super::{
    ChartError, ChartKind, ChartParts, ChartSpec, ChartTable, DrawnChart, Palette, SortOrder,
    comparison_parts, values,
};

/// How many counties each end of [`draw_extremes`] shows, at most.
pub const ENDS: usize = 10;
/// About how many bins a histogram has.
const BINS: f64 = 10.0;
/// The histogram's plot height.
const PLOT: f64 = 150.0;

/// A comparison's full ranking: its table (the columns of the chart it replaces, every
/// county a row, in the chart's order) and, for each row, the county's index in the input.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked {
    /// Headers and rows, as the comparison's chart would tabulate them.
    pub table: ChartTable,
    /// `order[i]` is the input index of row `i`.
    pub order: Vec<usize>,
    /// The columns a page of the ranking shows besides the name (all but what the others
    /// imply: a dumbbell's previous value is its value less its change); the CSV has all.
    pub shown: Vec<usize>,
}

/// One bin of a histogram: the values from `from` up to `to` (the last bin includes `to`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Bin {
    pub from: f64,
    pub to: f64,
    pub count: usize,
}

/// The field a comparison ranks, or the error that `spec` is not a comparison.
fn ranked_field(spec: &ChartSpec) -> Result<&str, ChartError> {
    match &spec.kind {
        ChartKind::Ranking { field } | ChartKind::Dumbbell { field, .. } => Ok(field),
        _ => Err(ChartError::WrongScope {
            chart: spec.id.clone(),
            kind: spec.kind.name(),
            function: "draw_one",
        }),
    }
}

/// Each county's name, short label and value of the ranked field, in the input's order.
fn entries<V: Borrow<Value>>(spec: &ChartSpec, counties: &[V]) -> Result<Vec<Entry>, ChartError> {
    let field = ranked_field(spec)?;
    counties
        .iter()
        .map(|county| {
            let county: &Value = county.borrow();
            Ok(Entry {
                name: values::string(spec, county, &spec.label_field)?,
                label: values::short_label(spec, county, &spec.label_field)?,
                value: values::number(spec, county, field)?,
            })
        })
        .collect()
}

/// Each county's value for statistics over the counties, in the input's order: a share
/// computed from its count and whole when the spec names them (exact, to be rounded only
/// when written), else the ranked value of `found`.
fn exact_values<V: Borrow<Value>>(
    spec: &ChartSpec,
    counties: &[V],
    found: &[Entry],
) -> Result<Vec<f64>, ChartError> {
    let Some((count, whole)) = &spec.share_of else {
        return Ok(found.iter().map(|e| e.value).collect());
    };
    counties
        .iter()
        .zip(found)
        .map(|(county, entry)| {
            let county: &Value = county.borrow();
            let parts = (
                values::optional_number(spec, county, count)?,
                values::optional_number(spec, county, whole)?,
            );
            Ok(match parts {
                (Some(c), Some(w)) if w > 0.0 => 100.0 * c / w,
                _ => entry.value,
            })
        })
        .collect()
}

/// The full ranking of a comparison: the same table its chart would have, with the order.
pub fn rank<V: Borrow<Value>>(spec: &ChartSpec, counties: &[V]) -> Result<Ranked, ChartError> {
    let table = comparison_parts(spec, counties, &Palette::default())?.table;
    // A dumbbell's previous value is its value less its change: not shown.
    let shown = match spec.kind {
        ChartKind::Dumbbell { .. } => vec![1, 3],
        _ => vec![1],
    };
    let found = entries(spec, counties)?;
    let mut order: Vec<usize> = (0..found.len()).collect();
    sort(&mut order, spec.sort, |&i| found[i].value);
    Ok(Ranked {
        table,
        order,
        shown,
    })
}

/// The place of each of `shown` (values as a ranking writes them, in its order): equal
/// values share the place of the first of them, and the next value takes its own row's
/// (1, 2, 2, 4), as the description calls them 并列.
pub fn places<'a>(shown: impl IntoIterator<Item = &'a str>) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    let mut last: Option<&str> = None;
    for (i, text) in shown.into_iter().enumerate() {
        let place = match (last, out.last()) {
            (Some(before), Some(&p)) if before == text => p,
            _ => i + 1,
        };
        out.push(place);
        last = Some(text);
    }
    out
}

/// The value at quantile `q` (0–1) of `sorted` values, interpolated between neighbours.
pub(crate) fn quantile(sorted: &[f64], q: f64) -> f64 {
    let Some(last) = sorted.len().checked_sub(1) else {
        return 0.0;
    };
    let at = q.clamp(0.0, 1.0) * last as f64;
    let (lo, hi) = (at.floor() as usize, at.ceil() as usize);
    sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo as f64)
}

/// The bin width: a round number (1, 2, 2.5 or 5 times a power of ten, at least 0.1) giving
/// about [`BINS`] bins over `range`.
fn step_for(range: f64) -> f64 {
    if range.is_nan() || range <= 0.0 {
        return 0.1;
    }
    let raw = range / BINS;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw * (1.0 - 1e-9))
        .unwrap_or(10.0 * magnitude);
    step.max(0.1)
}

/// The places a bin edge needs: none for whole steps, else one or two.
fn decimals_of(step: f64) -> usize {
    (0..2)
        .find(|d| {
            let scaled = step * 10f64.powi(*d as i32);
            (scaled - scaled.round()).abs() < 1e-6
        })
        .unwrap_or(2)
}

/// The histogram of `values`: equal bins of a round width from a multiple of it at or below
/// the least value to the greatest. Each bin holds the values from its lower edge up to
/// its upper one, the last one its upper edge too: a greatest value on an edge (a share of
/// 100%) closes the last bin rather than opening one past it (100–110%).
pub(crate) fn bins(values: &[f64]) -> Vec<Bin> {
    let (lo, hi) = values
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(*v), b.max(*v))
        });
    if values.is_empty() {
        return Vec::new();
    }
    let step = step_for(hi - lo);
    let start = (lo / step + 1e-9).floor() * step;
    let span = (hi - start) / step;
    let count = if span >= 1.0 - 1e-9 && (span - span.round()).abs() < 1e-9 {
        span.round() as usize
    } else {
        span.floor() as usize + 1
    };
    let mut bins: Vec<Bin> = (0..count)
        .map(|i| Bin {
            from: start + step * i as f64,
            to: start + step * (i + 1) as f64,
            count: 0,
        })
        .collect();
    for v in values {
        let i = (((v - start) / step) + 1e-9).floor().max(0.0) as usize;
        bins[i.min(count - 1)].count += 1;
    }
    bins
}

/// The distribution of a comparison's measure across `counties`, as a histogram.
pub fn draw_distribution<V: Borrow<Value>>(
    spec: &ChartSpec,
    counties: &[V],
    palette: &Palette,
) -> Result<DrawnChart, ChartError> {
    let found = entries(spec, counties)?;
    // The bins count the values as the ranking shows them; the median and quartiles are
    // computed from the exact values and rounded once, when written.
    let mut sorted: Vec<f64> = found.iter().map(|e| e.value).collect();
    sorted.sort_by(f64::total_cmp);
    let mut exact = exact_values(spec, counties, &found)?;
    exact.sort_by(f64::total_cmp);
    let bins = bins(&sorted);
    let step = bins.first().map_or(0.1, |b| b.to - b.from);
    let places = decimals_of(step);
    let edge = |v: f64| fixed(v, places);
    let table = ChartTable {
        headers: vec![header("区间", &spec.unit), format!("{}数", spec.subjects)],
        rows: bins
            .iter()
            .map(|b| {
                vec![
                    format!("{}–{}", edge(b.from), edge(b.to)),
                    b.count.to_string(),
                ]
            })
            .collect(),
    };
    let median = quantile(&exact, 0.5);
    let parts = ChartParts {
        figure: histogram(&bins, median, &spec.unit, places, palette),
        desc: describe_distribution(spec, &sorted, &exact),
        table,
    };
    let titled = ChartSpec {
        id: format!("{}-distribution", spec.id),
        title: format!("{}：分布", one_value_title(spec)),
        ..spec.clone()
    };
    super::finish(&titled, &super::dom_id("cmp", &titled.id), parts, palette)
}

/// "120个县（市、区）的X：中位数…，中间一半在…至…之间；最低…，最高…。" (or "均为…" when
/// every value shows the same): the least and greatest as `sorted` shows them, the median
/// and quartiles of `exact`.
fn describe_distribution(spec: &ChartSpec, sorted: &[f64], exact: &[f64]) -> String {
    let (Some(lo), Some(hi)) = (sorted.first(), sorted.last()) else {
        return format!("{}：暂无数据。", spec.title);
    };
    let unit = &spec.unit;
    let (n, lo, hi) = (sorted.len(), fixed(*lo, 1), fixed(*hi, 1));
    let head = format!("{n}个{}的{}", spec.subjects, spec.measure);
    if lo == hi {
        return format!("{head}均为{lo}{unit}。");
    }
    let at = |q: f64| fixed(quantile(exact, q), 1);
    let (q1, median, q3) = (at(0.25), at(0.5), at(0.75));
    // Only what holds when values tie: the middle half lies between the quartiles, which
    // may be the lowest or the highest value themselves.
    let middle = if q1 == q3 {
        format!("中间一半均为{q1}{unit}")
    } else {
        format!("中间一半在{q1}{unit}至{q3}{unit}之间")
    };
    format!("{head}：中位数{median}{unit}，{middle}；最低{lo}{unit}，最高{hi}{unit}。")
}

/// Vertical bars, one a bin, on a value axis whose edges are labelled as room allows; the
/// median a line across the plot, labelled above it; the tallest bar's count above it.
fn histogram(bins: &[Bin], median: f64, unit: &str, places: usize, palette: &Palette) -> Figure {
    let (Some(first), Some(last)) = (bins.first(), bins.last()) else {
        return Figure::note("暂无数据");
    };
    let edges: Vec<String> = (0..=bins.len())
        .map(|i| fixed(bins.get(i).map_or(last.to, |b| b.from), places))
        .collect();
    let tick_width = edges
        .iter()
        .map(|t| text_width(t, SMALL_PX))
        .fold(0.0, f64::max);
    let (x0, x1) = (PAD + tick_width / 2.0, WIDTH - PAD - tick_width / 2.0);
    let width = (x1 - x0) / bins.len() as f64;
    let band = PAD + LABEL_PX * 1.4;
    let top = band + VALUE_PX * 1.4;
    let bottom = top + PLOT;
    let most = bins.iter().map(|b| b.count).max().unwrap_or(0).max(1);
    let span = last.to - first.from;
    let at = x0 + (x1 - x0) * ((median - first.from) / span).clamp(0.0, 1.0);
    let mut shapes = Vec::new();
    let mut labels = Vec::new();
    for (i, b) in bins.iter().enumerate() {
        let left = x0 + width * i as f64;
        let tall = PLOT * b.count as f64 / most as f64;
        if b.count > 0 {
            shapes.push(Shape::Rect {
                x0: left + 1.0,
                y0: bottom - tall.max(1.0),
                x1: left + width - 1.0,
                y1: bottom,
                color: palette.color(0),
            });
        }
        if b.count == most && !labels.iter().any(|l: &Label| l.class == "qf-value") {
            let text = format!("最多{}个", b.count);
            let half = text_width(&text, VALUE_PX) / 2.0 + 4.0;
            // Beside the median's line rather than across it.
            let centre = left + width / 2.0;
            let x = if (centre - at).abs() >= half {
                centre
            } else if at - 2.0 * half >= PAD {
                at - half
            } else {
                at + half
            };
            labels.push(inside(
                x,
                bottom - tall - VALUE_PX * 0.4,
                VALUE_PX,
                "qf-value",
                text,
            ));
        }
    }
    shapes.push(Shape::Line {
        x0,
        y0: bottom,
        x1,
        y1: bottom,
        color: palette.axis,
        width: 1,
    });
    let every = ((tick_width + 8.0) / width).ceil().max(1.0) as usize;
    for (i, text) in edges.iter().enumerate().filter(|(i, _)| i % every == 0) {
        labels.push(inside(
            x0 + width * i as f64,
            bottom + SMALL_PX * 1.2,
            SMALL_PX,
            "qf-tick",
            text.clone(),
        ));
    }
    shapes.push(Shape::Line {
        x0: at,
        y0: band,
        x1: at,
        y1: bottom,
        color: palette.color(1),
        width: 2,
    });
    let text = format!("中位数{}{unit}", fixed(median, 1));
    labels.push(inside(at, PAD + LABEL_PX, LABEL_PX, "qf-label", text));
    Figure {
        width: WIDTH,
        height: bottom + SMALL_PX * 1.2 + PAD,
        shapes,
        labels,
    }
}

/// A label centred on `x` as far as the chart's width allows.
fn inside(x: f64, y: f64, size: f64, class: &'static str, text: String) -> Label {
    let half = text_width(&text, size) / 2.0;
    Label {
        x: x.clamp(PAD + half, WIDTH - PAD - half),
        y,
        size,
        anchor: Anchor::Middle,
        class,
        text,
    }
}

/// The title of a chart of one value per county made from `spec`: a dumbbell's (平均年龄
/// 及变化) names its change, which a distribution and the ends do not show, so they take
/// what it measures (平均年龄).
fn one_value_title(spec: &ChartSpec) -> &str {
    match spec.kind {
        super::ChartKind::Dumbbell { .. } if !spec.measure.is_empty() => &spec.measure,
        _ => &spec.title,
    }
}

/// The ends of a ranking of `texts` (the values as shown, in order) with `k` at each end,
/// stretched over the values tied with the last of each end, as the full ranking gives
/// them one place: (the first `top` rows, the rows from `bottom` on, how many tied rows
/// were left out). An end takes at most `k` tied rows more; a value shared by more is cut
/// there, and counted.
pub(crate) fn ends_with_ties(texts: &[String], k: usize) -> (usize, usize, usize) {
    let n = texts.len();
    if k == 0 || 2 * k >= n {
        return (k.min(n), n - k.min(n), 0);
    }
    let mut top = k;
    while top < n && texts[top] == texts[k - 1] && top < 2 * k {
        top += 1;
    }
    let mut bottom = n - k;
    while bottom > top && texts[bottom - 1] == texts[n - k] && n - bottom < 2 * k {
        bottom -= 1;
    }
    let tied_with = |i: usize, text: &str| i < n && texts[i] == text;
    let mut left_out = 0;
    let mut i = top;
    while i < bottom && tied_with(i, &texts[top - 1]) {
        left_out += 1;
        i += 1;
    }
    let mut j = bottom;
    while j > i && texts[j - 1] == texts[bottom] {
        left_out += 1;
        j -= 1;
    }
    (top, bottom, left_out)
}

/// The first and last [`ENDS`] counties of the ranking as bars (fewer each when there are
/// fewer than twice as many counties), a row of dots between them.
pub fn draw_extremes<V: Borrow<Value>>(
    spec: &ChartSpec,
    counties: &[V],
    palette: &Palette,
) -> Result<DrawnChart, ChartError> {
    let mut found = entries(spec, counties)?;
    let order = match spec.sort {
        SortOrder::Input => SortOrder::Descending,
        other => other,
    };
    sort(&mut found, order, |e| e.value);
    let n = found.len();
    let k = ENDS.min(n / 2);
    let texts: Vec<String> = found.iter().map(|e| fixed(e.value, 1)).collect();
    let (top, bottom, left_out) = ends_with_ties(&texts, k);
    let shown: Vec<(usize, &Entry)> = found
        .iter()
        .enumerate()
        .filter(|(i, _)| *i < top || *i >= bottom)
        .collect();
    let max = found.iter().map(|e| e.value).fold(0.0, f64::max);
    let place = places(texts.iter().map(String::as_str));
    let mut rows: Vec<Row> = Vec::with_capacity(shown.len() + 1);
    for (i, e) in &shown {
        if *i == bottom && top < bottom {
            rows.push(Row {
                label: "……".into(),
                value_text: String::new(),
                fraction: 0.0,
                color: palette.color(0),
            });
        }
        rows.push(Row {
            label: format!("{} {}", place[*i], e.label),
            value_text: format!("{}{}", fixed(e.value, 1), spec.unit),
            fraction: if max > 0.0 { e.value / max } else { 0.0 },
            color: palette.color(0),
        });
    }
    let table = ChartTable {
        headers: vec![
            spec.subjects.clone(),
            "名次".to_string(),
            header(&spec.measure, &spec.unit),
        ],
        rows: shown
            .iter()
            .map(|(i, e)| vec![e.name.clone(), place[*i].to_string(), texts[*i].clone()])
            .collect(),
    };
    let word = if order == SortOrder::Ascending {
        "最低和最高"
    } else {
        "最高和最低"
    };
    let tied = if top > k || n - bottom > k {
        "（含并列）"
    } else {
        ""
    };
    let cut = if left_out > 0 {
        format!("另有{left_out}个与首尾名次并列，未列出，见完整排名。")
    } else {
        String::new()
    };
    let desc = format!(
        "图中为{}{word}的各{k}个{}{tied}，共{n}个。{cut}{}",
        spec.measure,
        spec.subjects,
        describe_extremes(spec, &found)
    );
    let titled = ChartSpec {
        id: format!("{}-extremes", spec.id),
        title: format!("{}：{word}的{k}个{tied}", one_value_title(spec)),
        ..spec.clone()
    };
    let parts = ChartParts {
        figure: hbar::figure(&rows, false, palette),
        desc,
        table,
    };
    super::finish(&titled, &super::dom_id("cmp", &titled.id), parts, palette)
}
