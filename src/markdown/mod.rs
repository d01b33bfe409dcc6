//! Markdown → HTML for Chinese editors (pulldown-cmark), with figures from the data.
//!
//! Beyond CommonMark: `{{ county.KEY }}` / `{{ city.KEY }}` references are replaced by the
//! figures; `**重点。**说明` renders bold (CommonMark's flanking rule fails next to CJK
//! punctuation, commonmark-spec issue 650); a line break between two Chinese characters
//! does not become a space; headings get ids, Chinese ones included. Raw HTML is not
//! trusted: it is shown as text, and `javascript:` links are dropped.

use std::collections::HashMap;
use std::path::Path;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde_json::Value;

use crate::cjk::{count_han, is_cjk, is_cjk_punctuation};
use crate::diagnostic::Diagnostic;
use crate::model::figure::{Measure, figure_type, format_figure};
use crate::model::lookup;

/// The figures a page may refer to.
#[derive(Debug, Clone, Copy)]
pub struct References<'a> {
    /// The county's summary object, in a county narrative.
    pub county: Option<&'a Value>,
    /// The city's summary object (with its sections).
    pub city: &'a Value,
}

/// A heading of a page, for a table of contents.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    /// 1–6.
    pub level: u8,
    /// The anchor.
    pub id: String,
    /// The text.
    pub text: String,
}

/// A rendered page body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// The HTML.
    pub html: String,
    /// Its headings.
    pub headings: Vec<Heading>,
    /// 字数: the Han characters of the text.
    pub han_chars: usize,
}

const STRONG_OPEN: char = '\u{E000}';
const STRONG_CLOSE: char = '\u{E001}';

/// Renders `body` (which starts at line `first_line` of `file`).
pub fn render(
    body: &str,
    first_line: usize,
    file: &Path,
    refs: References<'_>,
) -> Result<Rendered, Vec<Diagnostic>> {
    let text = resolve_references(body, first_line, file, refs)?;
    Ok(render_markdown(&text))
}

/// Renders Markdown that holds no references.
pub fn render_markdown(text: &str) -> Rendered {
    // The private markers must not come from the text itself (rarely needed: most texts
    // hold none, and are not copied).
    let cleaned: std::borrow::Cow<'_, str> = if text.contains([STRONG_OPEN, STRONG_CLOSE]) {
        text.chars()
            .filter(|c| *c != STRONG_OPEN && *c != STRONG_CLOSE)
            .collect::<String>()
            .into()
    } else {
        text.into()
    };
    let prepared = cjk_strong(&cleaned);
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let events: Vec<Event<'_>> = Parser::new_ext(&prepared, options).collect();
    let mut han_chars = 0;
    for e in &events {
        if let Event::Text(t) | Event::Code(t) = e {
            han_chars += count_han(t);
        }
    }
    let (events, headings) = add_heading_ids(events);
    let events = join_cjk_lines(events);
    let events = events.into_iter().map(distrust_html);
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    let html = if html.contains([STRONG_OPEN, STRONG_CLOSE]) {
        html.replace(STRONG_OPEN, "<strong>")
            .replace(STRONG_CLOSE, "</strong>")
    } else {
        html
    };
    Rendered {
        html,
        headings,
        han_chars,
    }
}

/// Turns `**…**` pairs whose inside touches CJK punctuation into private markers that
/// become `<strong>` after rendering; other pairs are left to CommonMark.
fn cjk_strong(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_fence = false;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_fence = !in_fence;
        }
        if in_fence || line.starts_with("    ") || line.starts_with('\t') || !line.contains("**") {
            out.push_str(line);
            continue;
        }
        out.push_str(&strong_in_line(line));
    }
    out
}

fn strong_in_line(line: &str) -> String {
    // Split off code spans: only text outside backticks is touched.
    let mut out = String::with_capacity(line.len());
    for (i, part) in line.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        if i % 2 == 1 {
            out.push_str(part);
            continue;
        }
        let pieces: Vec<&str> = part.split("**").collect();
        let mut j = 0;
        while j < pieces.len() {
            out.push_str(pieces[j]);
            if j + 2 < pieces.len() {
                let inner = pieces[j + 1];
                let first = inner.chars().next();
                let last = inner.chars().last();
                let touches =
                    first.is_some_and(is_cjk_punctuation) || last.is_some_and(is_cjk_punctuation);
                let plain = !inner.is_empty() && !inner.starts_with(' ') && !inner.ends_with(' ');
                if touches && plain {
                    out.push(STRONG_OPEN);
                    out.push_str(inner);
                    out.push(STRONG_CLOSE);
                } else {
                    out.push_str("**");
                    out.push_str(inner);
                    out.push_str("**");
                }
                j += 2;
                if j < pieces.len() {
                    continue;
                }
                break;
            }
            if j + 1 < pieces.len() {
                out.push_str("**");
            }
            j += 1;
        }
    }
    out
}

/// Gives every heading an id from its text (unless `{#id}` gave one), unique on the page.
fn add_heading_ids(events: Vec<Event<'_>>) -> (Vec<Event<'_>>, Vec<Heading>) {
    let mut headings = Vec::new();
    let mut used: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::with_capacity(events.len());
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) = &events[i]
        {
            let mut text = String::new();
            for e in &events[i + 1..] {
                match e {
                    Event::End(TagEnd::Heading(_)) => break,
                    Event::Text(t) | Event::Code(t) => text.push_str(t),
                    _ => {}
                }
            }
            let base = match id {
                Some(id) => id.to_string(),
                None => anchor(&text),
            };
            let n = used.entry(base.clone()).or_insert(0);
            let unique = if *n == 0 {
                base.clone()
            } else {
                format!("{base}-{n}")
            };
            *n += 1;
            headings.push(Heading {
                level: heading_number(*level),
                id: unique.clone(),
                text: text.trim().to_string(),
            });
            out.push(Event::Start(Tag::Heading {
                level: *level,
                id: Some(CowStr::from(unique)),
                classes: classes.clone(),
                attrs: attrs.clone(),
            }));
        } else {
            out.push(events[i].clone());
        }
        i += 1;
    }
    (out, headings)
}

fn heading_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// An anchor from a heading's text: Han characters, letters and digits kept, the rest
/// folded into single hyphens.
pub fn anchor(text: &str) -> String {
    let mut id = String::new();
    for c in text.trim().chars() {
        if c.is_alphanumeric() {
            id.extend(c.to_lowercase());
        } else if !id.ends_with('-') && !id.is_empty() {
            id.push('-');
        }
    }
    let id = id.trim_end_matches('-').to_string();
    if id.is_empty() { "section".into() } else { id }
}

/// Drops the soft line break between two CJK characters (it would show as a space).
/// The characters on either side are found in one pass each way, so that a page of many
/// lines without text between them stays linear.
fn join_cjk_lines(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut after: Vec<Option<char>> = vec![None; events.len()];
    let mut next = None;
    for (i, e) in events.iter().enumerate().rev() {
        after[i] = next;
        next = first_char(e).or(next);
    }
    let mut out: Vec<Event<'_>> = Vec::with_capacity(events.len());
    let mut before = None;
    for (e, after) in events.into_iter().zip(after) {
        if matches!(e, Event::SoftBreak) && before.is_some_and(is_cjk) && after.is_some_and(is_cjk)
        {
            continue;
        }
        before = last_char(&e).or(before);
        out.push(e);
    }
    out
}

fn last_char(e: &Event<'_>) -> Option<char> {
    match e {
        Event::Text(t) | Event::Code(t) => t.chars().last(),
        _ => None,
    }
}

fn first_char(e: &Event<'_>) -> Option<char> {
    match e {
        Event::Text(t) | Event::Code(t) => t.chars().next(),
        _ => None,
    }
}

/// Raw HTML becomes text; links and images with script URLs lose them.
fn distrust_html(e: Event<'_>) -> Event<'_> {
    match e {
        Event::Html(h) | Event::InlineHtml(h) => Event::Text(h),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        other => other,
    }
}

fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    let scheme: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(12)
        .collect::<String>()
        .to_ascii_lowercase();
    if ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|s| scheme.starts_with(s))
    {
        CowStr::from("#")
    } else {
        url
    }
}

/// At most this many reference errors are reported for one body.
const MAX_REFERENCE_ERRORS: usize = 50;

/// Replaces every `{{ county.KEY }}` and `{{ city.KEY }}` with its figure.
pub fn resolve_references(
    body: &str,
    first_line: usize,
    file: &Path,
    refs: References<'_>,
) -> Result<String, Vec<Diagnostic>> {
    let mut out = String::with_capacity(body.len());
    let mut errors = Vec::new();
    let mut missed = 0;
    let mut rest = body;
    let mut consumed = 0;
    // Lines are counted as the scan goes, so that many errors stay linear.
    let mut counted = 0;
    let mut line = first_line;
    let mut line_start = 0;
    while let Some(start) = rest.find("{{") {
        let Some(len) = rest[start..].find("}}") else {
            break;
        };
        let inner = rest[start + 2..start + len].trim();
        out.push_str(&rest[..start]);
        let offset = consumed + start;
        match resolve_one(inner, refs) {
            Ok(text) => out.push_str(&text),
            Err(_) if errors.len() >= MAX_REFERENCE_ERRORS => missed += 1,
            Err((message, help)) => {
                for (i, _) in body[counted..offset].match_indices('\n') {
                    line += 1;
                    line_start = counted + i + 1;
                }
                counted = offset;
                let col = body[line_start..offset].chars().count() + 1;
                let mut d = Diagnostic::error(file, message).help(help);
                d.line = line;
                d.column = col;
                d.source_line = body[line_start..]
                    .lines()
                    .next()
                    .filter(|_| first_line > 0)
                    .map(str::to_string);
                errors.push(d);
            }
        }
        consumed += start + len + 2;
        rest = &rest[start + len + 2..];
    }
    out.push_str(rest);
    if missed > 0 {
        errors.push(Diagnostic::error(
            file,
            format!("{missed} more figure references could not be resolved (only the first {MAX_REFERENCE_ERRORS} are shown)"),
        ));
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

fn resolve_one(inner: &str, refs: References<'_>) -> Result<String, (String, String)> {
    let (scope, path) = inner.split_once('.').unwrap_or((inner, ""));
    let root = match scope {
        "city" => refs.city,
        "county" => refs.county.ok_or_else(|| {
            (
                format!("`{{{{ {inner} }}}}`: there is no county here"),
                "county figures can be used only in a county's narrative; use `city.` here"
                    .to_string(),
            )
        })?,
        _ => {
            return Err((
                format!("`{{{{ {inner} }}}}` is not a figure reference"),
                "write {{ county.KEY }} or {{ city.KEY }}, e.g. {{ city.members }}".to_string(),
            ));
        }
    };
    match lookup(root, path) {
        Some(v) if !v.is_object() && !v.is_array() && !v.is_null() => Ok(format_figure(path, v)),
        Some(v) if v.get("value").is_some() => Ok(format_figure(path, v)),
        Some(serde_json::Value::Null) => Err((
            format!("`{inner}` has no value here (no previous term?)"),
            "give the previous term in the data, or leave this figure out".to_string(),
        )),
        None if figure_type(path).is_some() => Err(unknown_figure(inner, scope, path)),
        _ => {
            let mut keys = Vec::new();
            leaf_keys(root, "", &mut keys);
            let help = match crate::diagnostic::nearest(path, keys.iter().map(String::as_str)) {
                Some(n) => format!("did you mean `{scope}.{n}`?"),
                None => "see the key table in docs/content-model.md".to_string(),
            };
            Err((format!("`{inner}` is not a figure in the data"), help))
        }
    }
}

/// A figure qingfeng computes, but not here: the data leaves it out (or, for a change,
/// gives no previous term).
fn unknown_figure(inner: &str, scope: &str, path: &str) -> (String, String) {
    let whose = if scope == "city" {
        "every county's data"
    } else {
        "the county's data"
    };
    match figure_type(path).map(|t| t.measure) {
        Some(Measure::Change) => (
            format!("`{inner}` has no value here: there is no previous term to compare with"),
            format!("give `previous:` in {whose}, or leave this figure out"),
        ),
        _ => (
            format!("`{inner}` is unknown here: the data leaves it out"),
            format!(
                "add the count to {whose} (an optional count left out is unknown, not 0), or leave this figure out"
            ),
        ),
    }
}

fn leaf_keys(v: &Value, prefix: &str, out: &mut Vec<String>) {
    if let Value::Object(map) = v {
        if map.contains_key("value") {
            out.push(prefix.to_string());
            return;
        }
        for (k, v) in map {
            let key = if prefix.is_empty() {
                k.clone()
            } else {
                format!("{prefix}.{k}")
            };
            if v.is_object() {
                leaf_keys(v, &key, out);
            } else {
                out.push(key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn html(md: &str) -> String {
        render_markdown(md).html
    }

    #[test]
    fn cjk_bold_next_to_punctuation_renders() {
        assert_eq!(
            html("**重点。**说明"),
            "<p><strong>重点。</strong>说明</p>\n"
        );
        assert_eq!(
            html("**“加粗”**文字"),
            "<p><strong>“加粗”</strong>文字</p>\n"
        );
        assert_eq!(
            html("普通**加粗**文字"),
            "<p>普通<strong>加粗</strong>文字</p>\n"
        );
        assert_eq!(
            html("`**代码。**说明`"),
            "<p><code>**代码。**说明</code></p>\n"
        );
    }

    #[test]
    fn line_break_between_chinese_is_not_a_space() {
        assert_eq!(html("第一行\n第二行"), "<p>第一行第二行</p>\n");
        assert_eq!(html("word\nnext"), "<p>word\nnext</p>\n");
        assert_eq!(html("型号\nＡ１"), "<p>型号Ａ１</p>\n");
    }

    #[test]
    fn chinese_headings_get_unique_anchors() {
        let r = render_markdown("## 选人用人\n\n## 选人用人\n\n## A b\n");
        let ids: Vec<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["选人用人", "选人用人-1", "a-b"]);
        assert!(r.html.contains("<h2 id=\"选人用人\">"));
    }

    #[test]
    fn raw_html_and_script_links_are_defused() {
        let out = html(
            "<script>alert(1)</script>\n\n段落<img src=x onerror=alert(1)>[点](javascript:alert(1))",
        );
        assert!(!out.contains("<script"), "{out}");
        assert!(!out.contains("<img"), "{out}");
        assert!(!out.contains("javascript:"), "{out}");
    }

    #[test]
    fn tables_footnotes_and_images() {
        let out = html(
            "| 项目 | 人数 |\n| --- | --- |\n| 女干部 | 4 |\n\n注[^1]\n\n[^1]: 示例。\n\n![班子合影](a.png)",
        );
        assert!(out.contains("<table>"), "{out}");
        assert!(out.contains("footnote-definition"), "{out}");
        assert!(out.contains("alt=\"班子合影\""), "{out}");
    }

    #[test]
    fn han_characters_are_counted() {
        assert_eq!(render_markdown("## 标题\n\n共有445名, ABC。").han_chars, 5);
        assert_eq!(render_markdown("二〇二三年").han_chars, 5);
    }

    #[test]
    fn references_resolve_and_misses_are_located() {
        let city = json!({"members": 445, "shares": {"women": 13.9}, "changes": {"average_age": -2.9},
            "vetting": {"checked": {"value": 3000, "over": true}}});
        let refs = References {
            county: None,
            city: &city,
        };
        let ok = resolve_references("共{{ city.members }}名，占{{city.shares.women}}，{{ city.changes.average_age }}，{{ city.vetting.checked }}人",
            1, Path::new("a.md"), refs).expect("resolves");
        assert_eq!(ok, "共445名，占13.9%，下降2.9岁，3000余人");
        let err = resolve_references("第一行\n共{{ city.membres }}名", 5, Path::new("a.md"), refs)
            .expect_err("missing");
        assert_eq!((err[0].line, err[0].column), (6, 2));
        assert!(
            err[0]
                .help
                .as_deref()
                .unwrap_or("")
                .contains("city.members"),
            "{:?}",
            err[0]
        );
        let err = resolve_references("{{ county.members }}", 1, Path::new("a.md"), refs)
            .expect_err("no county");
        assert!(err[0].message.contains("no county"));
    }
}
