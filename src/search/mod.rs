//! Search: the site's own index, made from the text each page shows, for a search that
//! finds what Ctrl+F would find (a page that contains the characters is a hit, a page that
//! doesn't is not), in the browser, from any host, subpath or `file://`.
//!
//! Pure: [`page_text`] reads one rendered page, [`index`] turns every page's text into the
//! index's files (written by `write` like every other file). The browser side is
//! `search.js`, written beside them.

mod extract;
pub mod fold;
mod index;
pub mod kept;

pub use extract::Field;
pub use index::{
    IndexState, Resumed, index, index_again, index_kept, index_resumed, read_index_files,
};

use crate::url::PagePath;

/// One page's searchable text, with what a result shows of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageText {
    /// The page's file, '/'-separated (`counties/hongtong/index.html`).
    pub path: String,
    /// What kind of page it is, as a result names it (县, 专题, 问答…).
    pub kind: &'static str,
    /// A county's or a region's page's slug (its pinyin), which Latin queries also match.
    pub slug: Option<String>,
    /// The title a result shows (the page's `<h1>`).
    pub title: String,
    /// The text, one block a line: the title's blocks, then the headings', then the body's
    /// (shared: the memo of `serve` and the index it keeps hold the same text).
    pub text: std::sync::Arc<str>,
    /// Where (in characters) the title's blocks end and the headings' end.
    pub title_end: usize,
    /// See `title_end`.
    pub heading_end: usize,
}

impl PageText {
    /// Whether it is a county's page (first among the results for the county's name).
    pub fn is_county(&self) -> bool {
        matches!(PagePath::parse(&self.path), Some(PagePath::County(_)))
    }
}

/// The label a result shows for a page's kind; `None` for pages that are not searched (the
/// 404 and the search page).
fn kind_label(page: PagePath<'_>) -> Option<&'static str> {
    Some(match page {
        PagePath::Home => "首页",
        PagePath::CountyList | PagePath::CountyListPage(_) | PagePath::ArticleList => "列表",
        PagePath::County(_) => "县",
        PagePath::Region(_) => "地区",
        PagePath::Article(_) => "专题",
        PagePath::Qa => "问答",
        PagePath::Discipline => "纪律",
        // A ranking holds the names and figures the county pages and the county list
        // already give: searched, it would answer every county's name three times over.
        PagePath::NotFound
        | PagePath::Search
        | PagePath::Ranking(_)
        | PagePath::RegionRanking(..) => return None,
    })
}

/// The kind label of that name, as [`kind_label`] gives it (for a text read back from
/// the ledger of an earlier build).
pub fn kind_named(label: &str) -> Option<&'static str> {
    ["首页", "列表", "县", "地区", "专题", "问答", "纪律"]
        .into_iter()
        .find(|k| *k == label)
}

/// The searchable text of the page at `path` (its HTML `html`): `None` for files that are
/// not searched pages, or pages without a main region.
pub fn page_text(path: &str, html: &[u8]) -> Option<PageText> {
    let page = PagePath::parse(path)?;
    let kind = kind_label(page)?;
    let read = extract::main_text_of(html)?;
    let mut text = String::with_capacity(read.text.len() + read.blocks.len());
    let mut ends = [0usize; 2];
    let (mut chars, mut counted) = (0, 0);
    for (n, field) in [Field::Title, Field::Heading, Field::Body]
        .iter()
        .enumerate()
    {
        for (_, block) in read.iter().filter(|(f, _)| f == field) {
            if !text.is_empty() {
                text.push('\n');
            }
            text.push_str(block);
        }
        // Only the title's and the headings' ends are counted (in characters).
        if let Some(end) = ends.get_mut(n) {
            chars += text[counted..].chars().count();
            counted = text.len();
            *end = chars;
        }
    }
    let slug = match page {
        PagePath::County(slug) | PagePath::Region(slug) => Some(slug.to_string()),
        _ => None,
    };
    Some(PageText {
        path: path.to_string(),
        kind,
        slug,
        title: read.h1.unwrap_or_else(|| path.to_string()),
        text: text.into(),
        title_end: ends[0],
        heading_end: ends[1],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_reads_title_headings_then_body() {
        let html = "<main data-search=\"body\"><h1>洪洞县新班子</h1><p><span data-search=\"title\">洪洞县</span> · 2016年</p><h2>工作纪实</h2><p>正文</p></main>";
        let t = page_text("counties/hongtong/index.html", html.as_bytes()).expect("a page");
        assert_eq!(&*t.text, "洪洞县新班子\n洪洞县\n工作纪实\n· 2016年\n正文");
        assert_eq!((t.title_end, t.heading_end), (10, 15));
        assert_eq!(t.kind, "县");
        assert_eq!(t.slug.as_deref(), Some("hongtong"));
        assert_eq!(t.title, "洪洞县新班子");
        let region = page_text("regions/qingchuan/index.html", html.as_bytes()).expect("a page");
        assert_eq!(region.slug.as_deref(), Some("qingchuan"));
        assert!(t.is_county() && !region.is_county());
        assert_eq!(page_text("404.html", html.as_bytes()), None);
        assert_eq!(page_text("css/site.css", html.as_bytes()), None);
    }
}
