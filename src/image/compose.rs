//! The SVGs of the share image (数说换届 as one picture, 1080 px wide, for a WeChat article
//! or a Weibo post) and of the link-preview cards (1200×630, for `og:image`): plain data
//! in, an SVG string out, laid out with the chart module's text measure.

use std::fmt::Write as _;

use crate::chart::text_width;

/// Share image width: WeChat's usual article width.
pub const SHARE_WIDTH: u32 = 1080;
/// Link-preview card size (Open Graph, Twitter's large summary card).
pub const PREVIEW_WIDTH: u32 = 1200;
/// See [`PREVIEW_WIDTH`].
pub const PREVIEW_HEIGHT: u32 = 630;

const ACCENT: &str = "#a8201a";
const INK: &str = "#1f2328";
const MUTED: &str = "#57606a";
const UP: &str = "#a8201a";
const DOWN: &str = "#1a6b3c";
const PAPER: &str = "#fbf7f2";
const FONT: &str = "sans-serif";

/// One headline figure of 数说换届, worded as the home page words it.
#[derive(Debug, Clone, PartialEq)]
pub struct HeadlineCard {
    /// `平均年龄`.
    pub label: String,
    /// `43.6`.
    pub value: String,
    /// `岁` (may be empty: a share carries its `%` in the value).
    pub unit: String,
    /// `县级领导班子`.
    pub note: String,
    /// `比上届下降2.9岁` (empty: no change to tell).
    pub change: String,
    /// Whether the change is a rise (`Some(true)`), a fall, or neither.
    pub rising: Option<bool>,
}

/// What the share image shows.
#[derive(Debug, Clone, PartialEq)]
pub struct ShareImage<'a> {
    /// The column's name, `风清气正看换届`.
    pub column: &'a str,
    /// The heading, `临汾市新一届县级领导班子 数说换届`.
    pub title: &'a str,
    /// The cards, in order.
    pub cards: &'a [HeadlineCard],
    /// `2016年10月28日`.
    pub date: &'a str,
    /// `来源：临汾新闻网`.
    pub source: &'a str,
    /// A notice the site shows beside the figures (may be empty).
    pub notice: &'a str,
}

/// What a link-preview card shows.
#[derive(Debug, Clone, PartialEq)]
pub struct PreviewCard<'a> {
    /// The column's name.
    pub column: &'a str,
    /// The page's title.
    pub title: &'a str,
    /// Up to three key figures: label and value with its unit.
    pub figures: &'a [(String, String)],
    /// The site's name, at the foot.
    pub site: &'a str,
}

/// XML-escapes text for an SVG.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if super::is_invisible(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// `s` broken into lines no wider than `max` at `px`, at most `lines` of them, the last
/// ending in `…` if the text goes on. Lines break between the units of [`units`]: never
/// inside a number (`82.1%`), before a closing mark (`，` `）` `%`) or after an opening one.
fn wrap(s: &str, px: f64, max: f64, lines: usize) -> Vec<String> {
    let mut out: Vec<Vec<&str>> = Vec::new();
    let mut line: Vec<&str> = Vec::new();
    let width = |parts: &[&str], extra: &str| text_width(&(parts.concat() + extra), px);
    for unit in units(s) {
        if line.is_empty() || width(&line, unit) <= max {
            line.push(unit);
            continue;
        }
        out.push(std::mem::take(&mut line));
        line.push(unit);
    }
    if !line.is_empty() {
        out.push(line);
    }
    // A unit wider than a line on its own is cut between its characters.
    let mut broken: Vec<Vec<&str>> = Vec::new();
    for parts in out {
        if parts.len() == 1 && width(&parts, "") > max {
            let mut from = 0;
            let text = parts[0];
            for (i, c) in text.char_indices() {
                let end = i + c.len_utf8();
                if i > from && text_width(&text[from..end], px) > max {
                    broken.push(vec![&text[from..i]]);
                    from = i;
                }
            }
            broken.push(vec![&text[from..]]);
        } else {
            broken.push(parts);
        }
    }
    let cut = broken.len() > lines;
    broken.truncate(lines);
    let mut out: Vec<String> = broken.iter().map(|parts| parts.concat()).collect();
    if cut && let Some(last) = broken.last_mut() {
        // A number is not left before the `…` without the unit that followed it.
        while last.len() > 1
            && (width(last, "…") > max
                || last
                    .last()
                    .is_some_and(|u| u.ends_with(|c: char| c.is_ascii_digit())))
        {
            last.pop();
        }
        let mut text = last.concat();
        while !text.is_empty() && text_width(&format!("{text}…"), px) > max {
            text.pop();
        }
        text.push('…');
        if let Some(slot) = out.last_mut() {
            *slot = text;
        }
    }
    out
}

/// `s` cut where a line may break: a run of Latin letters, digits and the marks of a
/// number (`82.1%`, `+2.3`, `2016`) is one unit, every other character one unit; a closing
/// mark (`，` `。` `）` `%` …) joins the unit before it and an opening one (`（` `“` …) the
/// unit after it, so no line starts with a closing mark or ends with an opening one.
fn units(s: &str) -> Vec<&str> {
    fn word(c: char) -> bool {
        c.is_ascii_alphanumeric() || matches!(c, '.' | '%' | '％' | '+' | '−' | '-' | '‰' | '·')
    }
    fn closing(c: char) -> bool {
        "，。、；：？！）》」』”’％%…—〉】".contains(c)
    }
    fn opening(c: char) -> bool {
        "（《「『“‘〈【".contains(c)
    }
    let mut out: Vec<&str> = Vec::new();
    let mut start = 0;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let joins_next = match next {
            None => false,
            Some(n) => (word(c) && word(n)) || closing(n) || opening(c),
        };
        if !joins_next {
            let end = i + c.len_utf8();
            out.push(&s[start..end]);
            start = end;
        }
    }
    out
}

/// How a text is set: size in pixels, colour, weight.
#[derive(Clone, Copy)]
struct Set {
    px: u32,
    fill: &'static str,
    bold: bool,
}

const fn set(px: u32, fill: &'static str, bold: bool) -> Set {
    Set { px, fill, bold }
}

/// One `<text>` element at `(x, y)`.
fn text(out: &mut String, (x, y): (f64, f64), how: Set, s: &str) {
    let weight = if how.bold { "bold" } else { "normal" };
    let _ = write!(
        out,
        "<text x=\"{x}\" y=\"{y}\" font-size=\"{}\" fill=\"{}\" font-weight=\"{weight}\">{}</text>",
        how.px,
        how.fill,
        esc(s)
    );
}

/// The share image: title band, the cards two to a row, the date, the source and the
/// notice.
pub fn share_svg(share: &ShareImage<'_>) -> String {
    let width = f64::from(SHARE_WIDTH);
    let margin = 60.0;
    let gap = 24.0;
    let card_w = (width - 2.0 * margin - gap) / 2.0;
    let card_h = 290.0;
    let pad = 28.0;
    let mut body = String::new();
    // Title band.
    let title_lines = wrap(share.title, 50.0, width - 2.0 * margin, 2);
    let band_h = 120.0 + 64.0 * title_lines.len() as f64;
    let _ = write!(
        body,
        "<rect x=\"0\" y=\"0\" width=\"{width}\" height=\"{band_h}\" fill=\"{ACCENT}\"/>"
    );
    text(
        &mut body,
        (margin, 80.0),
        set(32, "#ffffff", false),
        share.column,
    );
    for (i, line) in title_lines.iter().enumerate() {
        let y = 150.0 + 64.0 * i as f64;
        text(&mut body, (margin, y), set(50, "#ffffff", true), line);
    }
    let top = band_h + 40.0;
    for (i, card) in share.cards.iter().enumerate() {
        let x = margin + (i % 2) as f64 * (card_w + gap);
        let y = top + (i / 2) as f64 * (card_h + gap);
        let _ = write!(
            body,
            "<rect x=\"{x}\" y=\"{y}\" width=\"{card_w}\" height=\"{card_h}\" rx=\"12\" fill=\"{PAPER}\"/>"
        );
        let inner = card_w - 2.0 * pad;
        text(
            &mut body,
            (x + pad, y + 52.0),
            set(30, MUTED, false),
            &card.label,
        );
        let value_w = text_width(&card.value, 68.0);
        text(
            &mut body,
            (x + pad, y + 128.0),
            set(68, INK, true),
            &card.value,
        );
        if !card.unit.is_empty() {
            text(
                &mut body,
                (x + pad + value_w + 6.0, y + 128.0),
                set(30, INK, false),
                &card.unit,
            );
        }
        // Three lines below the figure: the change first (up to two), then the note.
        let mut line_y = y + 176.0;
        let mut left = 3;
        if !card.change.is_empty() {
            let color = match card.rising {
                Some(true) => UP,
                Some(false) => DOWN,
                None => MUTED,
            };
            for line in wrap(&card.change, 26.0, inner, 2) {
                text(&mut body, (x + pad, line_y), set(26, color, false), &line);
                line_y += 36.0;
                left -= 1;
            }
        }
        for line in wrap(&card.note, 26.0, inner, left) {
            text(&mut body, (x + pad, line_y), set(26, MUTED, false), &line);
            line_y += 36.0;
        }
    }
    let rows = share.cards.len().div_ceil(2) as f64;
    let mut y = top + rows * (card_h + gap) + 30.0;
    let foot = [
        (share.date, 28, INK),
        (share.source, 26, MUTED),
        (share.notice, 24, MUTED),
    ];
    for (line, px, color) in foot {
        for l in wrap(line, f64::from(px), width - 2.0 * margin, 3) {
            text(&mut body, (margin, y), set(px, color, false), &l);
            y += f64::from(px) * 1.5;
        }
    }
    let height = (y + 30.0).ceil();
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"{FONT}\"><rect width=\"{width}\" height=\"{height}\" fill=\"#ffffff\"/>{body}</svg>"
    )
}

/// A link-preview card: the column's name, the page's title, up to three figures and the
/// site's name, on 1200×630.
pub fn preview_svg(card: &PreviewCard<'_>) -> String {
    let (w, h) = (f64::from(PREVIEW_WIDTH), f64::from(PREVIEW_HEIGHT));
    let margin = 72.0;
    let mut body = String::new();
    let _ = write!(
        body,
        "<rect width=\"{w}\" height=\"{h}\" fill=\"#ffffff\"/><rect width=\"{w}\" height=\"16\" fill=\"{ACCENT}\"/>"
    );
    text(
        &mut body,
        (margin, 100.0),
        set(36, ACCENT, true),
        card.column,
    );
    let title_lines = wrap(card.title, 60.0, w - 2.0 * margin, 2);
    for (i, line) in title_lines.iter().enumerate() {
        text(
            &mut body,
            (margin, 200.0 + 78.0 * i as f64),
            set(60, INK, true),
            line,
        );
    }
    let figures = &card.figures[..card.figures.len().min(3)];
    if !figures.is_empty() {
        let col = (w - 2.0 * margin) / 3.0;
        let _ = write!(
            body,
            "<rect x=\"{margin}\" y=\"370\" width=\"{}\" height=\"2\" fill=\"#d0d7de\"/>",
            w - 2.0 * margin
        );
        for (i, (label, value)) in figures.iter().enumerate() {
            let x = margin + col * i as f64;
            for line in wrap(value, 64.0, col - 24.0, 1) {
                text(&mut body, (x, 460.0), set(64, INK, true), &line);
            }
            for line in wrap(label, 28.0, col - 24.0, 1) {
                text(&mut body, (x, 510.0), set(28, MUTED, false), &line);
            }
        }
    }
    text(
        &mut body,
        (margin, h - 40.0),
        set(26, MUTED, false),
        card.site,
    );
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-family=\"{FONT}\">{body}</svg>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn case(s: &str, max_chars: usize, lines: usize, expected: &[&str]) {
        let got = wrap(s, 10.0, max_chars as f64 * 10.0, lines);
        assert_eq!(got, expected);
    }

    #[test]
    fn wrapping_keeps_to_the_width_and_the_line_count() {
        case("临汾市换届", 10, 2, &["临汾市换届"]);
        case("临汾市换届数据", 3, 3, &["临汾市", "换届数", "据"]);
        case("临汾市换届数据", 3, 2, &["临汾市", "换届…"]);
        case("", 3, 2, &[]);
    }

    /// A number keeps its point and its `%`, a closing mark stays on the line before, and
    /// a cut line never ends inside a number.
    #[test]
    fn lines_break_between_words_not_inside_a_number() {
        case("提拔133名，占82.1%", 8, 3, &["提拔133名，占", "82.1%"]);
        case("占82.1%，共13名", 4, 3, &["占", "82.1%，", "共13名"]);
        case("甲县（市）乙", 3, 3, &["甲县", "（市）", "乙"]);
        case("比上届提高14.3个百分点", 8, 1, &["比上届提高…"]);
        // A number wider than a line is cut between its digits, each line within the width.
        let long = wrap("12345678901234567890", 10.0, 40.0, 9);
        assert!(long.len() > 1, "{long:?}");
        assert_eq!(long.concat(), "12345678901234567890");
        assert!(long.iter().all(|l| text_width(l, 10.0) <= 40.0), "{long:?}");
    }

    #[test]
    fn text_is_escaped_and_every_card_is_drawn() {
        let cards = vec![
            HeadlineCard {
                label: "平均年龄".into(),
                value: "43.6".into(),
                unit: "岁".into(),
                note: "县级领导班子".into(),
                change: "比上届下降2.9岁".into(),
                rising: Some(false),
            };
            3
        ];
        let svg = share_svg(&ShareImage {
            column: "A&B",
            title: "数说换届",
            cards: &cards,
            date: "2016年10月28日",
            source: "来源：<示例>",
            notice: "",
        });
        assert!(
            svg.contains("A&amp;B") && svg.contains("&lt;示例&gt;"),
            "{svg}"
        );
        assert_eq!(svg.matches("比上届下降2.9岁").count(), 3);
        assert!(svg.contains(DOWN));
    }
}
