//! `dumbbell`: one value per county as a filled dot, its previous value (value − change)
//! as a hollow dot joined by a line; each county's name and value and change on a line
//! above its dots, so that the dots have the chart's whole width, on a phone too.

use serde_json::Value;
use std::borrow::Borrow;

use super::figure::{
    Anchor, BASELINE_SHIFT, Figure, LABEL_PX, Label, PAD, SMALL_PX, Shape, VALUE_PX, WIDTH,
};
use super::format::{fixed, signed};
use super::ranking::{Entry, describe_extremes, header, sort};
use super::text::{fit, text_width};
use super::{ChartError, ChartParts, ChartSpec, ChartTable, Palette, values};

const GAP: f64 = 10.0;
const DOT: u32 = 6;
const AXIS_HEIGHT: f64 = 36.0;

/// The legend's names of the two dots.
pub(crate) struct Labels<'a> {
    pub current: &'a str,
    pub previous: &'a str,
}

struct County {
    name: String,
    /// Beside the dots: the short name when there is one.
    label: String,
    now: f64,
    change: Option<f64>,
}

impl County {
    fn previous(&self) -> Option<f64> {
        self.change.map(|c| self.now - c)
    }
}

pub(crate) fn build<V: Borrow<Value>>(
    spec: &ChartSpec,
    field: &str,
    change_field: &str,
    labels: &Labels,
    counties: &[V],
    palette: &Palette,
) -> Result<ChartParts, ChartError> {
    let rows = read(spec, field, change_field, counties)?;
    let table = table_of(spec, labels, &rows);
    let figure = if rows.is_empty() {
        Figure::note("暂无数据")
    } else {
        layout(&rows, labels, &spec.unit, palette)
    };
    Ok(ChartParts {
        figure,
        desc: describe(spec, &rows, labels),
        table,
    })
}

/// Each county's values, in the chart's order.
fn read<V: Borrow<Value>>(
    spec: &ChartSpec,
    field: &str,
    change_field: &str,
    counties: &[V],
) -> Result<Vec<County>, ChartError> {
    let mut rows = Vec::with_capacity(counties.len());
    for county in counties {
        let county: &Value = county.borrow();
        rows.push(County {
            name: values::string(spec, county, &spec.label_field)?,
            label: values::short_label(spec, county, &spec.label_field)?,
            now: values::number(spec, county, field)?,
            change: values::optional_number(spec, county, change_field)?,
        });
    }
    sort(&mut rows, spec.sort, |c| c.now);
    Ok(rows)
}

fn table_of(spec: &ChartSpec, labels: &Labels, rows: &[County]) -> ChartTable {
    let unit = &spec.unit;
    ChartTable {
        headers: vec![
            spec.subjects.clone(),
            header(&format!("{}{}", labels.current, spec.measure), unit),
            header(labels.previous, unit),
            header("变化", unit),
        ],
        rows: rows
            .iter()
            .map(|c| {
                vec![
                    c.name.clone(),
                    fixed(c.now, 1),
                    c.previous()
                        .map_or_else(|| "—".to_string(), |p| fixed(p, 1)),
                    c.change.map_or_else(|| "—".to_string(), |d| fixed(d, 1)),
                ]
            })
            .collect(),
    }
}

fn value_text(county: &County, unit: &str) -> String {
    match county.change {
        Some(change) => format!("{}{unit}（{}）", fixed(county.now, 1), signed(change, 1)),
        None => format!("{}{unit}", fixed(county.now, 1)),
    }
}

fn layout(rows: &[County], names: &Labels, unit: &str, palette: &Palette) -> Figure {
    let with_previous = rows.iter().any(|c| c.change.is_some());
    let (mut shapes, mut labels, legend_bottom) = legend(names, palette, with_previous);
    // Each county: its name and its value on one line, its dots across the width below.
    let rows_top = legend_bottom + GAP / 2.0;
    let rows_bottom = rows_top + ROW_HEIGHT * rows.len() as f64;
    let scale = Scale::of(rows);
    axis(
        &scale,
        (rows_top, rows_bottom),
        palette,
        &mut shapes,
        &mut labels,
    );
    for (i, county) in rows.iter().enumerate() {
        let top = rows_top + ROW_HEIGHT * i as f64;
        row(county, top, &scale, unit, palette, &mut shapes, &mut labels);
    }
    Figure {
        width: WIDTH,
        height: rows_bottom + AXIS_HEIGHT,
        shapes,
        labels,
    }
}

/// A row's line of name and value.
const LINE: f64 = LABEL_PX * 1.3;
/// A row: its line, its dots below, and a gap.
const ROW_HEIGHT: f64 = LINE + 2.0 * DOT as f64 + GAP;

/// Where the values stand across the chart: the ticks that cover them, the plot's ends
/// (a margin wide enough for the outer ticks' labels, centred on them) and the widest
/// tick label.
struct Scale {
    ticks: Ticks,
    x0: f64,
    x1: f64,
    tick_width: f64,
}

impl Scale {
    fn of(rows: &[County]) -> Scale {
        let points = rows
            .iter()
            .flat_map(|c| std::iter::once(c.now).chain(c.previous()));
        let ticks = Ticks::covering(points);
        let tick_width = ticks
            .values
            .iter()
            .map(|t| text_width(&fixed(*t, ticks.decimals), SMALL_PX))
            .fold(0.0, f64::max);
        let margin = (f64::from(DOT) + 2.0).max(tick_width / 2.0);
        Scale {
            ticks,
            x0: PAD + margin,
            x1: WIDTH - PAD - margin,
            tick_width,
        }
    }

    fn x(&self, v: f64) -> f64 {
        self.x0 + (self.x1 - self.x0) * self.ticks.fraction(v)
    }
}

/// The ticks' lines through the rows (`top` to `bottom`), their labels below, and the
/// axis. Tick labels never touch: every other one is left out while they would.
fn axis(
    scale: &Scale,
    (top, bottom): (f64, f64),
    palette: &Palette,
    shapes: &mut Vec<Shape>,
    labels: &mut Vec<Label>,
) {
    let ticks = &scale.ticks;
    let spacing = (scale.x1 - scale.x0) / ticks.values.len().saturating_sub(1).max(1) as f64;
    let every = ((scale.tick_width + 6.0) / spacing).ceil().max(1.0) as usize;
    for (i, &t) in ticks.values.iter().enumerate() {
        let x = scale.x(t);
        shapes.push(Shape::Line {
            x0: x,
            y0: top,
            x1: x,
            y1: bottom,
            color: palette.track,
            width: 1,
        });
        if i % every == 0 {
            labels.push(Label {
                x,
                y: bottom + 8.0 + 0.9 * SMALL_PX,
                size: SMALL_PX,
                anchor: Anchor::Middle,
                class: "qf-tick",
                text: fixed(t, ticks.decimals),
            });
        }
    }
    let r = f64::from(DOT);
    shapes.push(Shape::Line {
        x0: scale.x0 - r - 2.0,
        y0: bottom,
        x1: scale.x1 + r + 2.0,
        y1: bottom,
        color: palette.axis,
        width: 1,
    });
}

/// One county's row from `top`: its name and value on a line, then its previous value's
/// hollow dot joined to its current value's filled one.
fn row(
    county: &County,
    top: f64,
    scale: &Scale,
    unit: &str,
    palette: &Palette,
    shapes: &mut Vec<Shape>,
    labels: &mut Vec<Label>,
) {
    let (now_color, previous_color) = (palette.color(0), palette.color(2));
    let baseline = top + LABEL_PX;
    let centre = top + LINE + f64::from(DOT);
    let now_x = scale.x(county.now);
    if let Some(previous) = county.previous() {
        let prev_x = scale.x(previous);
        shapes.push(Shape::Line {
            x0: prev_x,
            y0: centre,
            x1: now_x,
            y1: centre,
            color: previous_color,
            width: 2,
        });
        shapes.push(Shape::Dot {
            cx: prev_x,
            cy: centre,
            r: DOT,
            color: previous_color,
            filled: false,
        });
    }
    shapes.push(Shape::Dot {
        cx: now_x,
        cy: centre,
        r: DOT,
        color: now_color,
        filled: true,
    });
    let value = value_text(county, unit);
    let value_width = text_width(&value, VALUE_PX);
    labels.push(Label {
        x: PAD,
        y: baseline,
        size: LABEL_PX,
        anchor: Anchor::Start,
        class: "qf-label",
        text: fit(
            &county.label,
            LABEL_PX,
            WIDTH - 2.0 * PAD - value_width - GAP,
        ),
    });
    labels.push(Label {
        x: WIDTH - PAD,
        y: baseline,
        size: VALUE_PX,
        anchor: Anchor::End,
        class: "qf-value",
        text: value,
    });
}

/// The legend, ● current ○ previous 括号内为变化 (● current alone when no county has a
/// previous value), wrapped onto as many lines as it needs: its shapes, its labels, and
/// where it ends.
fn legend(names: &Labels, palette: &Palette, with_previous: bool) -> (Vec<Shape>, Vec<Label>, f64) {
    let r = f64::from(DOT);
    let (now_color, previous_color) = (palette.color(0), palette.color(2));
    let line = SMALL_PX * 1.4;
    let mut shapes = Vec::new();
    let mut labels = Vec::new();
    let (mut x, mut y) = (PAD, PAD + line / 2.0);
    let entries = [
        (Some((now_color, true)), names.current.to_string()),
        (Some((previous_color, false)), names.previous.to_string()),
        (None, format!("括号内为与{}相比的变化", names.previous)),
    ];
    let shown = if with_previous { entries.len() } else { 1 };
    for (dot, text) in entries.into_iter().take(shown) {
        let dot_width = if dot.is_some() { 2.0 * r + 8.0 } else { 0.0 };
        let width = dot_width + text_width(&text, SMALL_PX);
        if x > PAD && x + width > WIDTH - PAD {
            x = PAD;
            y += line;
        }
        if let Some((color, filled)) = dot {
            shapes.push(Shape::Dot {
                cx: x + r + 1.0,
                cy: y,
                r: DOT,
                color,
                filled,
            });
            x += dot_width;
        }
        let text = fit(&text, SMALL_PX, (WIDTH - PAD - x).max(0.0));
        labels.push(Label {
            x,
            y: y + BASELINE_SHIFT * SMALL_PX,
            size: SMALL_PX,
            anchor: Anchor::Start,
            class: "qf-legend",
            text: text.clone(),
        });
        x += text_width(&text, SMALL_PX) + 18.0;
    }
    (shapes, labels, y + line / 2.0)
}

/// Evenly spaced round tick values covering the data.
struct Ticks {
    values: Vec<f64>,
    lo: f64,
    hi: f64,
    decimals: usize,
}

impl Ticks {
    fn covering(points: impl Iterator<Item = f64>) -> Ticks {
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for p in points.filter(|p| p.is_finite()) {
            lo = lo.min(p);
            hi = hi.max(p);
        }
        if !lo.is_finite() || !hi.is_finite() {
            (lo, hi) = (0.0, 1.0);
        }
        if hi - lo < 2.0 {
            let mid = (hi + lo) / 2.0;
            (lo, hi) = (mid - 1.0, mid + 1.0);
        }
        let raw = (hi - lo) / 4.0;
        let magnitude = 10f64.powf(raw.log10().floor());
        let step = [1.0, 2.0, 5.0, 10.0]
            .iter()
            .map(|m| m * magnitude)
            .find(|s| *s >= raw)
            .unwrap_or(10.0 * magnitude);
        let lo = (lo / step).floor() * step;
        let hi = (hi / step).ceil() * step;
        let count = ((hi - lo) / step).round().clamp(1.0, 20.0) as usize;
        let values = (0..=count).map(|i| lo + step * i as f64).collect();
        let decimals = if step >= 1.0 { 0 } else { 1 };
        Ticks {
            values,
            lo,
            hi,
            decimals,
        }
    }

    fn fraction(&self, v: f64) -> f64 {
        let span = self.hi - self.lo;
        if span > 0.0 && v.is_finite() {
            ((v - self.lo) / span).clamp(0.0, 1.0)
        } else {
            0.5
        }
    }
}

/// "A下降最多" for one name, "A、B并列下降最多" for a tie.
fn led(names: &[&str], word: &str) -> String {
    match names {
        [one] => format!("{one}{word}"),
        many => format!("{}并列{word}", many.join("、")),
    }
}

fn describe(spec: &ChartSpec, rows: &[County], labels: &Labels) -> String {
    let entries: Vec<Entry> = rows
        .iter()
        .map(|c| Entry {
            name: c.name.clone(),
            label: c.label.clone(),
            value: c.now,
        })
        .collect();
    let mut text = describe_extremes(spec, &entries);
    let changes: Vec<(&str, f64)> = rows
        .iter()
        .filter_map(|c| c.change.map(|d| (c.name.as_str(), d)))
        .collect();
    let fall = changes.iter().min_by(|a, b| a.1.total_cmp(&b.1));
    let rise = changes.iter().max_by(|a, b| a.1.total_cmp(&b.1));
    let unit = &spec.unit;
    // Every county whose change, as shown, equals the extreme one: a tie is named as one.
    let tied = |d: f64| -> Vec<&str> {
        changes
            .iter()
            .filter(|c| fixed(c.1, 1) == fixed(d, 1))
            .map(|c| c.0)
            .collect()
    };
    // One county is compared with its previous term only: no "most" among one.
    if let [(_, d)] = changes.as_slice()
        && rows.len() == 1
    {
        let change = match fixed(*d, 1) {
            zero if zero == "0.0" => format!("与{}相比无变化", labels.previous),
            shown if shown.starts_with('-') => {
                format!("比{}下降{}{unit}", labels.previous, fixed(d.abs(), 1))
            }
            shown => format!("比{}上升{shown}{unit}", labels.previous),
        };
        text.pop();
        text.push('，');
        text.push_str(&change);
        text.push('。');
        return text;
    }
    let clause = match (fall, rise) {
        (Some((_, d)), _) if fixed(*d, 1).starts_with('-') => Some(format!(
            "与{}相比，{}（{}{unit}）",
            labels.previous,
            led(&tied(*d), "下降最多"),
            fixed(d.abs(), 1)
        )),
        (_, Some((_, d))) if fixed(*d, 1) != "0.0" => Some(format!(
            "与{}相比，{}（{}{unit}）",
            labels.previous,
            led(&tied(*d), "上升最多"),
            fixed(*d, 1)
        )),
        (Some(_), _) => Some(format!("与{}相比均无变化", labels.previous)),
        _ => None,
    };
    if let Some(clause) = clause {
        text.pop();
        text.push('；');
        text.push_str(&clause);
        text.push('。');
    }
    text
}
