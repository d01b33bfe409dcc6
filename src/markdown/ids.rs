//! The ids a body gives its elements, which share one page with the theme's: headings
//! never take an id the theme's templates give (`main`, `cards-title`) or make from data
//! (`chart-…`), and footnotes are numbered under `fn-`, apart from both.

use std::collections::{BTreeSet, HashMap};

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

/// The ids the theme's templates write (`id="main"`), and the beginnings of those they
/// make from data (`id="chart-{{ chart.id }}"` gives `chart-`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ThemeIds {
    exact: BTreeSet<String>,
    prefixes: BTreeSet<String>,
}

/// What every footnote's id starts with; a heading's never does.
const FOOTNOTE: &str = "fn-";

/// No theme's ids (a body rendered for no page): only the footnotes' are kept apart.
pub(super) static NO_THEME: ThemeIds = ThemeIds {
    exact: BTreeSet::new(),
    prefixes: BTreeSet::new(),
};

impl ThemeIds {
    /// The ids in the templates `texts`: each `id="…"` (or `id='…'`) attribute, its value
    /// up to the first `{` when the template fills it in.
    pub fn of_templates<'t>(texts: impl IntoIterator<Item = &'t str>) -> ThemeIds {
        let mut ids = ThemeIds::default();
        for text in texts {
            let mut rest = text;
            while let Some(at) = rest.find("id=") {
                let before = rest[..at].chars().next_back();
                rest = &rest[at + 3..];
                let Some(quote) = rest.chars().next().filter(|q| matches!(q, '"' | '\'')) else {
                    continue;
                };
                if !before.is_some_and(char::is_whitespace) {
                    continue;
                }
                let value = rest[1..].split(quote).next().unwrap_or("");
                match value.find('{') {
                    Some(0) => {}
                    Some(end) => {
                        ids.prefixes.insert(value[..end].to_string());
                    }
                    None if !value.is_empty() => {
                        ids.exact.insert(value.to_string());
                    }
                    None => {}
                }
            }
        }
        ids
    }

    /// Whether an element of the theme may have the id `id`, or a footnote.
    fn takes(&self, id: &str) -> bool {
        id.starts_with(FOOTNOTE)
            || self.exact.contains(id)
            || self.prefixes.iter().any(|p| id.starts_with(p.as_str()))
    }

    /// The ids and beginnings, one a line, for a hash of what a body depends on.
    pub fn listed(&self) -> String {
        let exact = self.exact.iter().map(String::as_str);
        let prefixes = self.prefixes.iter().map(|p| format!("{p}*"));
        exact
            .map(str::to_string)
            .chain(prefixes)
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// A heading's id made from `base` that the theme does not take: `base`, else
    /// `h-base` (`main` → `h-main`).
    pub fn heading_id(&self, base: String) -> String {
        let mut id = base;
        while self.takes(&id) {
            id.insert_str(0, "h-");
        }
        id
    }
}

/// Footnote references and definitions written with ids of their own, `fn-` then `scope`
/// then the label's anchor (`[^1]` → `fn-1`, `[^注一]` → `fn-注一`), numbered in the order
/// they first occur as pulldown-cmark numbers them; `scope` keeps apart the footnotes of
/// bodies shown on one page (the Q&A's answers).
pub(super) fn footnote_ids<'a>(events: Vec<Event<'a>>, scope: &str) -> Vec<Event<'a>> {
    if !events.iter().any(|e| {
        matches!(
            e,
            Event::FootnoteReference(_) | Event::Start(Tag::FootnoteDefinition(_))
        )
    }) {
        return events;
    }
    let mut numbers: HashMap<String, (usize, String)> = HashMap::new();
    let mut taken: BTreeSet<String> = BTreeSet::new();
    let mut number_of = |label: &str| {
        let next = numbers.len() + 1;
        numbers
            .entry(label.to_string())
            .or_insert_with(|| {
                let base = format!("{FOOTNOTE}{scope}{}", super::anchor(label));
                let mut id = base.clone();
                let mut n = 1;
                while !taken.insert(id.clone()) {
                    id = format!("{base}-{n}");
                    n += 1;
                }
                (next, id)
            })
            .clone()
    };
    events
        .into_iter()
        .map(|e| match e {
            Event::FootnoteReference(label) => {
                let (n, id) = number_of(&label);
                let href = crate::url::percent_encode_path(&id);
                Event::Html(CowStr::from(format!(
                    "<sup class=\"footnote-reference\"><a href=\"#{href}\">{n}</a></sup>"
                )))
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let (n, id) = number_of(&label);
                Event::Html(CowStr::from(format!(
                    "<div class=\"footnote-definition\" id=\"{}\"><sup class=\"footnote-definition-label\">{n}</sup>",
                    super::escape_attribute(&id)
                )))
            }
            Event::End(TagEnd::FootnoteDefinition) => Event::Html(CowStr::from("</div>\n")),
            e => e,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_theme_s_ids_and_their_beginnings_are_read_from_its_templates() {
        let ids = ThemeIds::of_templates([
            "<main id=\"main\"><h2 id='cards-title'>x</h2><figure id=\"chart-{{ c.id }}\">",
            "<div data-id=\"nope\" id=\"{{ item.id }}\" grid=\"x\">",
        ]);
        assert_eq!(ids.listed(), "cards-title\nmain\nchart-*");
        assert_eq!(ids.heading_id("main".into()), "h-main");
        assert_eq!(ids.heading_id("chart-age".into()), "h-chart-age");
        assert_eq!(ids.heading_id("fn-1".into()), "h-fn-1");
        assert_eq!(ids.heading_id("nope".into()), "nope");
        assert_eq!(ids.heading_id("选人用人".into()), "选人用人");
    }
}
