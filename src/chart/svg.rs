//! Renders a [`Figure`]: shapes through plotters' SVG backend, then the text labels, the
//! accessible name and the responsive root element written by hand.

use std::fmt::Write as _;

use plotters::coord::Shift;
use plotters::prelude::{
    Circle, Color, DrawingArea, IntoDrawingArea, PathElement, RGBColor, Rectangle, SVGBackend,
};

use super::figure::{Figure, Shape};
use super::format::Fixed;
use super::palette::{Palette, Rgb};

/// The font stack, quoted with `'` so it sits inside a `"…"` attribute.
pub(crate) const FONT_FAMILY: &str = "'PingFang SC','Hiragino Sans GB','Microsoft YaHei',\
'Noto Sans CJK SC','Source Han Sans SC',sans-serif";

/// The finished `<svg>` element; ids are `<dom_id>-title` and `<dom_id>-desc`.
pub(crate) fn render(
    figure: &Figure,
    dom_id: &str,
    title: &str,
    desc: &str,
    palette: &Palette,
) -> Result<String, String> {
    let width = units(figure.width).max(1);
    let height = units(figure.height).max(1);
    let mut raw = String::new();
    {
        let area =
            SVGBackend::with_string(&mut raw, (width as u32, height as u32)).into_drawing_area();
        for shape in &figure.shapes {
            draw_shape(&area, shape)?;
        }
        area.present().map_err(|e| e.to_string())?;
    }
    // plotters writes `<svg …>\n` first and `</svg>\n` last; keep what lies between.
    let body_start = raw.find(">\n").map_or(raw.len(), |i| i + 2);
    let body_end = raw.rfind("</svg>").unwrap_or(raw.len()).max(body_start);
    let body = &raw[body_start..body_end];

    let mut out = String::with_capacity(body.len() + 2048);
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" \
         width=\"100%\" class=\"qf-chart\" role=\"img\" aria-labelledby=\"{dom_id}-title\" \
         aria-describedby=\"{dom_id}-desc\" font-family=\"{FONT_FAMILY}\" color=\"{}\">",
        palette.text.hex()
    );
    let _ = writeln!(
        out,
        "<title id=\"{dom_id}-title\">{}</title>",
        escape(title)
    );
    let _ = writeln!(out, "<desc id=\"{dom_id}-desc\">{}</desc>", escape(desc));
    push_without_defaults(&mut out, body);
    // The labels share their colour; `start` is SVG's own anchor, and whole coordinates
    // drop their `.0`.
    if !figure.labels.is_empty() {
        out.push_str("<g fill=\"currentColor\">\n");
    }
    for label in &figure.labels {
        let anchor = label.anchor.svg();
        let _ = write!(
            out,
            "<text class=\"{}\" x=\"{}\" y=\"{}\" font-size=\"{}\"",
            label.class,
            Short(label.x),
            Short(label.y),
            Fixed(label.size, 0),
        );
        if anchor != "start" {
            let _ = write!(out, " text-anchor=\"{anchor}\"");
        }
        out.push('>');
        push_escaped(&mut out, &label.text);
        out.push_str("</text>\n");
    }
    if !figure.labels.is_empty() {
        out.push_str("</g>\n");
    }
    out.push_str("</svg>");
    // `serve` keeps every county's charts: no spare capacity kept with them.
    out.shrink_to_fit();
    Ok(out)
}

/// Pushes plotters' shapes, without what SVG assumes anyway: opacity 1 and no stroke (one
/// pass: where each comes next is found once, and again only after it was cut).
fn push_without_defaults(out: &mut String, body: &str) {
    const DEFAULTS: [&str; 2] = [" opacity=\"1\"", " stroke=\"none\""];
    // Each searcher made once (a `str::find` makes its own on every call).
    let finders = DEFAULTS.map(memchr::memmem::Finder::new);
    let next = |from: usize, i: usize| {
        finders[i]
            .find(&body.as_bytes()[from..])
            .map_or(usize::MAX, |at| from + at)
    };
    let mut at = [0, 1].map(|i| next(0, i));
    let mut done = 0;
    loop {
        let (i, &start) = at
            .iter()
            .enumerate()
            .min_by_key(|(_, a)| **a)
            .unwrap_or((0, &usize::MAX));
        if start == usize::MAX {
            break;
        }
        out.push_str(&body[done..start]);
        done = start + DEFAULTS[i].len();
        for (j, a) in at.iter_mut().enumerate() {
            if *a < done {
                *a = next(done, j);
            }
        }
    }
    out.push_str(&body[done..]);
}

fn draw_shape(area: &DrawingArea<SVGBackend<'_>, Shift>, shape: &Shape) -> Result<(), String> {
    let result = match *shape {
        Shape::Rect {
            x0,
            y0,
            x1,
            y1,
            color,
        } => area.draw(&Rectangle::new(
            [(units(x0), units(y0)), (units(x1), units(y1))],
            rgb(color).filled(),
        )),
        Shape::Line {
            x0,
            y0,
            x1,
            y1,
            color,
            width,
        } => area.draw(&PathElement::new(
            vec![(units(x0), units(y0)), (units(x1), units(y1))],
            rgb(color).stroke_width(width),
        )),
        Shape::Dot {
            cx,
            cy,
            r,
            color,
            filled,
        } => {
            let style = if filled {
                rgb(color).filled()
            } else {
                rgb(color).stroke_width(2)
            };
            area.draw(&Circle::new((units(cx), units(cy)), r, style))
        }
    };
    result.map_err(|e| e.to_string())
}

/// A coordinate with one decimal, or none when it is whole (`8.0` is written `8`).
struct Short(f64);

impl std::fmt::Display for Short {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = Fixed(self.0, 1).to_string();
        f.write_str(text.strip_suffix(".0").unwrap_or(&text))
    }
}

fn rgb(color: Rgb) -> RGBColor {
    RGBColor(color.r, color.g, color.b)
}

/// A coordinate rounded to whole units (plotters draws on an integer grid).
fn units(value: f64) -> i32 {
    if value.is_finite() {
        value.round().clamp(-1.0e6, 1.0e6) as i32
    } else {
        0
    }
}

/// Escapes text for XML content and attributes.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped(&mut out, text);
    out
}

/// Appends `text` to `out`, escaped for XML content and attributes.
fn push_escaped(out: &mut String, text: &str) {
    if !text.contains(['<', '>', '&', '"']) && !text.bytes().any(|b| b < 0x20) {
        out.push_str(text);
        return;
    }
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            // Control characters are not allowed in XML 1.0.
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => out.push(' '),
            c => out.push(c),
        }
    }
}
