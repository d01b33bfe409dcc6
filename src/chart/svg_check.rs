//! Test helper: reads the `<text>` elements of an SVG string, estimates their boxes with
//! [`text_width`], and checks that none overlap, none leave the viewBox, and the markup is
//! well formed.

use super::text::text_width;
use crate::html_text::decode_entities;

/// A `<text>` element's estimated box.
#[derive(Debug, Clone)]
pub(crate) struct TextBox {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
    pub text: String,
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

fn number(tag: &str, name: &str) -> f64 {
    attr(tag, name)
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("`{name}` missing or not a number in {tag}"))
}

/// The viewBox width and height.
pub(crate) fn view_box(svg: &str) -> (f64, f64) {
    let vb = attr(svg, "viewBox").expect("viewBox");
    let parts: Vec<f64> = vb.split(' ').map(|p| p.parse().expect("number")).collect();
    assert_eq!(parts.len(), 4, "viewBox {vb}");
    assert_eq!((parts[0], parts[1]), (0.0, 0.0));
    (parts[2], parts[3])
}

/// Every `<text>` element's box: ascent 0.9 em above the baseline, descent 0.25 em.
pub(crate) fn text_boxes(svg: &str) -> Vec<TextBox> {
    let mut boxes = Vec::new();
    let mut rest = svg;
    while let Some(start) = rest.find("<text ") {
        let after = &rest[start..];
        let tag_end = after.find('>').expect("end of <text> tag");
        let tag = &after[..tag_end];
        let close = after.find("</text>").expect("</text>");
        let content = decode_entities(&after[tag_end + 1..close]).into_owned();
        let (x, y, size) = (number(tag, "x"), number(tag, "y"), number(tag, "font-size"));
        let width = text_width(&content, size);
        let x0 = match attr(tag, "text-anchor").unwrap_or("start") {
            "start" => x,
            "middle" => x - width / 2.0,
            "end" => x - width,
            other => panic!("text-anchor {other}"),
        };
        boxes.push(TextBox {
            x0,
            y0: y - 0.9 * size,
            x1: x0 + width,
            y1: y + 0.25 * size,
            text: content,
        });
        rest = &after[close..];
    }
    boxes
}

/// Asserts the layout rules and well-formedness of one chart's SVG.
#[track_caller]
pub(crate) fn assert_layout(svg: &str, what: &str) {
    assert!(svg.starts_with("<svg "), "{what}: must start with <svg");
    assert!(!svg.contains("<?xml"), "{what}: XML declaration");
    for bad in ["NaN", "inf\"", "=\"-0\""] {
        assert!(!svg.contains(bad), "{what}: contains {bad}");
    }
    assert_well_formed(svg, what);
    let (w, h) = view_box(svg);
    assert!(w > 0.0 && h > 0.0, "{what}: empty viewBox");
    let boxes = text_boxes(svg);
    assert!(!boxes.is_empty(), "{what}: no text");
    const EPS: f64 = 0.01;
    for b in &boxes {
        assert!(
            b.x0 >= -EPS && b.y0 >= -EPS && b.x1 <= w + EPS && b.y1 <= h + EPS,
            "{what}: `{}` at ({:.1},{:.1})–({:.1},{:.1}) leaves the viewBox {w}×{h}",
            b.text,
            b.x0,
            b.y0,
            b.x1,
            b.y1
        );
    }
    for (i, a) in boxes.iter().enumerate() {
        for b in &boxes[i + 1..] {
            let overlap =
                a.x0 < b.x1 - EPS && b.x0 < a.x1 - EPS && a.y0 < b.y1 - EPS && b.y0 < a.y1 - EPS;
            assert!(!overlap, "{what}: `{}` overlaps `{}`", a.text, b.text);
        }
    }
}

/// Tags balance, attribute values hold no `<`, every `&` starts an entity, ids are unique.
#[track_caller]
fn assert_well_formed(svg: &str, what: &str) {
    let mut stack: Vec<String> = Vec::new();
    let mut ids = std::collections::HashSet::new();
    let mut rest = svg;
    while let Some(open) = rest.find('<') {
        let text = &rest[..open];
        check_amp(text, what);
        let after = &rest[open + 1..];
        let end = after.find('>').expect("unclosed tag");
        let tag = &after[..end];
        assert!(!tag.contains('<'), "{what}: `<` inside tag {tag}");
        check_amp(tag, what);
        if let Some(name) = tag.strip_prefix('/') {
            let top = stack.pop().unwrap_or_default();
            assert_eq!(top, name.trim(), "{what}: mismatched </{name}>");
        } else {
            let name: String = tag
                .chars()
                .take_while(|c| !c.is_whitespace() && *c != '/')
                .collect();
            if let Some(id) = attr(&format!(" {tag}"), "id") {
                assert!(ids.insert(id.to_string()), "{what}: duplicate id {id}");
            }
            if !tag.ends_with('/') {
                stack.push(name);
            }
        }
        rest = &after[end + 1..];
    }
    assert!(stack.is_empty(), "{what}: unclosed {stack:?}");
    assert!(rest.trim().is_empty(), "{what}: text after </svg>");
}

fn check_amp(text: &str, what: &str) {
    for (i, _) in text.match_indices('&') {
        let entity = &text[i..];
        assert!(
            ["&lt;", "&gt;", "&amp;", "&quot;", "&apos;"]
                .iter()
                .any(|e| entity.starts_with(e)),
            "{what}: bare & in {text}"
        );
    }
}
