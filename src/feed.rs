//! `sitemap.xml` and the Atom feed: pure text from the model and the page list.

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::config::Config;
use crate::model::Model;
use crate::model::date::Date;
use crate::url::{PagePath, public_url};

/// Escapes text for XML.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// Every HTML page except the 404 and the search page, with its date where the content gives one.
pub fn sitemap<'a>(base: &str, paths: impl Iterator<Item = &'a str>, model: &Model) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let last = model.last_updated();
    let dates = page_dates(model);
    let not_found = PagePath::NotFound.file();
    let search = PagePath::Search.file();
    for path in paths.filter(|p| p.ends_with(".html") && *p != not_found && *p != search) {
        let date = dates.get(path).copied().unwrap_or(last);
        let _ = writeln!(
            out,
            "  <url><loc>{}</loc><lastmod>{date}</lastmod></url>",
            xml_escape(&public_url(base, path))
        );
    }
    out.push_str("</urlset>\n");
    out
}

/// The date of each county and article page, by its path (looked up once per page, so
/// the sitemap grows linearly with the site).
fn page_dates(model: &Model) -> HashMap<String, Date> {
    let counties = model.counties.iter().map(|c| {
        (
            PagePath::County(&c.data.slug).file(),
            c.narrative.as_ref().map_or(c.data.date, |n| n.meta.date),
        )
    });
    let articles = model
        .articles
        .iter()
        .map(|a| (PagePath::Article(&a.slug).file(), a.meta.date));
    counties.chain(articles).collect()
}

/// How many entries the Atom feed carries: the newest pages.
pub const FEED_ENTRIES: usize = 30;

/// A page of the feed: an article, or a county's narrative.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedPage {
    /// The article at this index of the model.
    Article(usize),
    /// The county at this index of the model (it has a narrative).
    County(usize),
}

/// The pages the feed carries, newest first (articles before narratives of the same day):
/// at most [`FEED_ENTRIES`].
pub fn feed_pages(model: &Model) -> Vec<FeedPage> {
    let articles = model
        .articles
        .iter()
        .enumerate()
        .map(|(i, a)| (a.meta.date, 0, i, FeedPage::Article(i)));
    let counties = model.counties.iter().enumerate().filter_map(|(i, c)| {
        let n = c.narrative.as_ref()?;
        Some((n.meta.date, 1, i, FeedPage::County(i)))
    });
    let mut all: Vec<_> = articles.chain(counties).collect();
    all.sort_by(|a, b| (b.0, a.1, a.2).cmp(&(a.0, b.1, b.2)));
    all.into_iter().take(FEED_ENTRIES).map(|e| e.3).collect()
}

/// The Atom feed of the newest articles and county narratives, each with its full text
/// (`bodies`, the HTML of each of `feed_pages`, in its order), links made absolute from
/// `base`; dates at 08:00 Beijing time.
pub fn atom(base: &str, config: &Config, model: &Model, bodies: &[(FeedPage, &str)]) -> String {
    let updated = model.last_updated();
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"zh-CN\">\n",
    );
    out.push_str(&format!(
        "  <title>{}</title>\n",
        xml_escape(&config.site.column)
    ));
    if !config.site.subtitle.is_empty() {
        out.push_str(&format!(
            "  <subtitle>{}</subtitle>\n",
            xml_escape(&config.site.subtitle)
        ));
    }
    out.push_str(&format!("  <link href=\"{}\"/>\n", xml_escape(base)));
    out.push_str(&format!(
        "  <link rel=\"self\" href=\"{}{}\"/>\n",
        xml_escape(base),
        crate::url::ATOM
    ));
    out.push_str(&format!("  <id>{}</id>\n", xml_escape(base)));
    out.push_str(&format!("  <updated>{updated}T08:00:00+08:00</updated>\n"));
    let author = if config.site.footer.organizer.is_empty() {
        &config.site.title
    } else {
        &config.site.footer.organizer
    };
    out.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        xml_escape(author)
    ));
    for (page, html) in bodies {
        let (file, title, date, summary) = match *page {
            FeedPage::Article(i) => {
                let Some(a) = model.articles.get(i) else {
                    continue;
                };
                (
                    PagePath::Article(&a.slug).file(),
                    &a.meta.title,
                    a.meta.date,
                    &a.meta.summary,
                )
            }
            FeedPage::County(i) => {
                let Some((c, n)) = model
                    .counties
                    .get(i)
                    .and_then(|c| Some((c, c.narrative.as_ref()?)))
                else {
                    continue;
                };
                (
                    PagePath::County(&c.data.slug).file(),
                    &n.meta.title,
                    n.meta.date,
                    &n.meta.summary,
                )
            }
        };
        let url = public_url(base, &file);
        out.push_str("  <entry>\n");
        out.push_str(&format!("    <title>{}</title>\n", xml_escape(title)));
        out.push_str(&format!("    <link href=\"{}\"/>\n", xml_escape(&url)));
        out.push_str(&format!("    <id>{}</id>\n", xml_escape(&url)));
        out.push_str(&format!("    <updated>{date}T08:00:00+08:00</updated>\n"));
        out.push_str(&format!(
            "    <published>{date}T08:00:00+08:00</published>\n"
        ));
        if !summary.is_empty() {
            out.push_str(&format!("    <summary>{}</summary>\n", xml_escape(summary)));
        }
        out.push_str(&format!(
            "    <content type=\"html\">{}</content>\n",
            xml_escape(&absolute_links(html, &url))
        ));
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

/// The same HTML with every relative `href` and `src` resolved against `page_url` (a
/// feed reader has no page to resolve them from).
pub fn absolute_links(html: &str, page_url: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = [" href=\"", " src=\""]
        .iter()
        .filter_map(|attr| rest.find(attr).map(|i| (i, attr.len())))
        .min()
    {
        let (i, len) = at;
        out.push_str(&rest[..i + len]);
        rest = &rest[i + len..];
        let end = rest.find('"').unwrap_or(rest.len());
        out.push_str(&resolve_url(page_url, &rest[..end]));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// `rel` as seen from `page_url` (a folder URL ending in `/`): absolute URLs and other
/// schemes stay; a fragment alone is the page's (a reader shows the entry apart from it);
/// a page's file is its folder's address (`…/a/index.html` → `…/a/`).
fn resolve_url(page_url: &str, rel: &str) -> String {
    let is_absolute = rel.starts_with("//")
        || rel
            .find([':', '/', '?', '#'])
            .is_some_and(|i| rel[i..].starts_with(':'));
    if rel.is_empty() || is_absolute {
        return rel.to_string();
    }
    if rel.starts_with('#') {
        return format!("{page_url}{rel}");
    }
    let (rel_path, suffix) = rel.split_at(rel.find(['?', '#']).unwrap_or(rel.len()));
    let folder = rel_path
        .strip_suffix("index.html")
        .filter(|f| f.is_empty() || f.ends_with('/'));
    let rel = match folder {
        Some(folder) => format!("{folder}{suffix}"),
        None => rel.to_string(),
    };
    let rel = rel.as_str();
    let Some((scheme, after)) = page_url.split_once("://") else {
        return rel.to_string();
    };
    let (host, path) = after.split_once('/').unwrap_or((after, ""));
    let mut parts: Vec<&str> = if rel.starts_with('/') {
        Vec::new()
    } else {
        path.split('/').collect()
    };
    parts.pop(); // the page's own name (empty for a folder URL)
    for part in rel.trim_start_matches('/').split('/') {
        match part {
            "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    format!("{scheme}://{host}/{}", parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn case(rel: &str, expected: &str) {
        assert_eq!(
            resolve_url("https://news.example.cn/huanjie/articles/x/", rel),
            expected,
            "{rel}"
        );
    }

    #[test]
    fn relative_links_resolve_against_the_page() {
        case(
            "photo.jpg",
            "https://news.example.cn/huanjie/articles/x/photo.jpg",
        );
        case(
            "../../counties/a/",
            "https://news.example.cn/huanjie/counties/a/",
        );
        case(
            "../y/#top",
            "https://news.example.cn/huanjie/articles/y/#top",
        );
        case("#top", "https://news.example.cn/huanjie/articles/x/#top");
        case(
            "../../counties/a/index.html#chart-age",
            "https://news.example.cn/huanjie/counties/a/#chart-age",
        );
        case("https://other.cn/a", "https://other.cn/a");
        case("tel:12380", "tel:12380");
    }

    #[test]
    fn attributes_are_rewritten_in_place() {
        let html = "<p><a href=\"../y/\">y</a><img src=\"a.png\" alt=\"\"></p>";
        assert_eq!(
            absolute_links(html, "https://e.cn/articles/x/"),
            "<p><a href=\"https://e.cn/articles/y/\">y</a><img src=\"https://e.cn/articles/x/a.png\" alt=\"\"></p>"
        );
    }
}
