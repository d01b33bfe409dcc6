//! A laid-out chart: shapes for plotters and text labels placed by us, in viewBox units.

use super::palette::Rgb;

/// The width of every chart, in viewBox units: about a phone's column in CSS pixels, so
/// that on a phone a unit is a pixel and the text below is read at its own size (at least
/// 18px with the page's larger text), and a wider screen only enlarges it.
pub(crate) const WIDTH: f64 = 340.0;
/// Outer padding.
pub(crate) const PAD: f64 = 8.0;
/// Category and county names.
pub(crate) const LABEL_PX: f64 = 19.0;
/// Value labels.
pub(crate) const VALUE_PX: f64 = 18.5;
/// Axis ticks and legend.
pub(crate) const SMALL_PX: f64 = 18.5;
/// Where the baseline sits below a row's centre line, as a share of the font size.
pub(crate) const BASELINE_SHIFT: f64 = 0.35;

/// A chart ready to be rendered.
#[derive(Debug, Clone)]
pub(crate) struct Figure {
    pub width: f64,
    pub height: f64,
    pub shapes: Vec<Shape>,
    pub labels: Vec<Label>,
}

/// A shape drawn by plotters.
#[derive(Debug, Clone)]
pub(crate) enum Shape {
    Rect {
        x0: f64,
        y0: f64,
        x1: f64,
        y1: f64,
        color: Rgb,
    },
    Line {
        x0: f64,
        y0: f64,
        x1: f64,
        y1: f64,
        color: Rgb,
        width: u32,
    },
    Dot {
        cx: f64,
        cy: f64,
        r: u32,
        color: Rgb,
        filled: bool,
    },
}

/// Horizontal anchoring of a label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Anchor {
    Start,
    Middle,
    End,
}

impl Anchor {
    /// The SVG `text-anchor` value.
    pub(crate) fn svg(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }
}

/// A text label; `y` is the baseline.
#[derive(Debug, Clone)]
pub(crate) struct Label {
    pub x: f64,
    pub y: f64,
    pub size: f64,
    pub anchor: Anchor,
    pub class: &'static str,
    pub text: String,
}

impl Figure {
    /// A figure holding only a note, for charts with nothing to draw.
    pub(crate) fn note(text: &str) -> Figure {
        Figure {
            width: WIDTH,
            height: 48.0,
            shapes: Vec::new(),
            labels: vec![Label {
                x: WIDTH / 2.0,
                y: 24.0 + BASELINE_SHIFT * LABEL_PX,
                size: LABEL_PX,
                anchor: Anchor::Middle,
                class: "qf-note",
                text: text.to_string(),
            }],
        }
    }
}
