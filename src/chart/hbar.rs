//! The horizontal-bar layout shared by `bars`, `share`, `compare` and `ranking`: names on
//! the left, bars in the middle, values after the bars.

use super::figure::{Anchor, BASELINE_SHIFT, Figure, LABEL_PX, Label, PAD, Shape, VALUE_PX, WIDTH};
use super::palette::{Palette, Rgb};
use super::text::{fit, text_width};

const ROW: f64 = 36.0;
const BAR: f64 = 20.0;
const GAP: f64 = 10.0;
const TOP: f64 = 8.0;
const BOTTOM: f64 = 8.0;
/// Names left of the bars never take more than this share of the width.
const MAX_LABEL_SHARE: f64 = 0.42;
/// Bars beside their names keep at least this share of the width; else names go above.
const MIN_BAR_SHARE: f64 = 0.4;

/// One row: a name, a bar `fraction` (0–1) of the full length, and its value text.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    pub label: String,
    pub value_text: String,
    pub fraction: f64,
    pub color: Rgb,
}

/// Lays the rows out. With `track`, each bar sits on a light full-length track (a part
/// of a whole) and the values line up after the tracks. Names sit left of the bars when
/// that leaves the bars room (at least [`MIN_BAR_SHARE`] of the width); otherwise each name
/// stands on its own line above its bar, whole.
pub(crate) fn figure(rows: &[Row], track: bool, palette: &Palette) -> Figure {
    if rows.is_empty() {
        return Figure::note("暂无数据");
    }
    let natural = rows
        .iter()
        .map(|r| text_width(&r.label, LABEL_PX))
        .fold(0.0, f64::max);
    let value_width = rows
        .iter()
        .map(|r| text_width(&r.value_text, VALUE_PX))
        .fold(0.0, f64::max);
    let side_label = natural.min(WIDTH * MAX_LABEL_SHARE);
    let side_bars = WIDTH - 2.0 * PAD - side_label - 2.0 * GAP - value_width;
    let stacked = side_bars < WIDTH * MIN_BAR_SHARE;
    let (label_width, bar_x0, row_height, bar_offset) = if stacked {
        let above = LABEL_PX * 1.35;
        (WIDTH - 2.0 * PAD, PAD, above + BAR + GAP, above + BAR / 2.0)
    } else {
        (side_label, PAD + side_label + GAP, ROW, ROW / 2.0)
    };
    let full = (WIDTH - PAD - value_width - GAP - bar_x0).max(0.0);
    let height = TOP + row_height * rows.len() as f64 + BOTTOM;

    let mut shapes = Vec::new();
    let mut labels = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let row_top = TOP + row_height * i as f64;
        let centre = row_top + bar_offset;
        let (y0, y1) = (centre - BAR / 2.0, centre + BAR / 2.0);
        let fraction = if row.fraction.is_finite() {
            row.fraction.clamp(0.0, 1.0)
        } else {
            0.0
        };
        let length = full * fraction;
        if track {
            shapes.push(Shape::Rect {
                x0: bar_x0,
                y0,
                x1: bar_x0 + full,
                y1,
                color: palette.track,
            });
        }
        if length >= 0.5 {
            shapes.push(Shape::Rect {
                x0: bar_x0,
                y0,
                x1: bar_x0 + length,
                y1,
                color: row.color,
            });
        }
        labels.push(if stacked {
            Label {
                x: PAD,
                y: row_top + LABEL_PX,
                size: LABEL_PX,
                anchor: Anchor::Start,
                class: "qf-label",
                text: fit(&row.label, LABEL_PX, label_width),
            }
        } else {
            Label {
                x: PAD + label_width,
                y: centre + BASELINE_SHIFT * LABEL_PX,
                size: LABEL_PX,
                anchor: Anchor::End,
                class: "qf-label",
                text: fit(&row.label, LABEL_PX, label_width),
            }
        });
        let value_x = if track { full } else { length };
        labels.push(Label {
            x: bar_x0 + value_x + GAP / 2.0,
            y: centre + BASELINE_SHIFT * VALUE_PX,
            size: VALUE_PX,
            anchor: Anchor::Start,
            class: "qf-value",
            text: row.value_text.clone(),
        });
    }
    if stacked {
        return Figure {
            width: WIDTH,
            height,
            shapes,
            labels,
        };
    }
    shapes.push(Shape::Line {
        x0: bar_x0,
        y0: TOP,
        x1: bar_x0,
        y1: height - BOTTOM,
        color: palette.axis,
        width: 1,
    });
    Figure {
        width: WIDTH,
        height,
        shapes,
        labels,
    }
}
