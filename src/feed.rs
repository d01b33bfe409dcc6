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

/// Every HTML page except the 404, with its date where the content gives one.
pub fn sitemap<'a>(base: &str, paths: impl Iterator<Item = &'a str>, model: &Model) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let last = model.last_updated();
    let dates = page_dates(model);
    let not_found = PagePath::NotFound.file();
    for path in paths.filter(|p| p.ends_with(".html") && *p != not_found) {
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

/// The Atom feed of the articles, newest first; dates at 08:00 Beijing time.
pub fn atom(base: &str, config: &Config, model: &Model) -> String {
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
    for a in &model.articles {
        let url = public_url(base, &PagePath::Article(&a.slug).file());
        out.push_str("  <entry>\n");
        out.push_str(&format!(
            "    <title>{}</title>\n",
            xml_escape(&a.meta.title)
        ));
        out.push_str(&format!("    <link href=\"{}\"/>\n", xml_escape(&url)));
        out.push_str(&format!("    <id>{}</id>\n", xml_escape(&url)));
        out.push_str(&format!(
            "    <updated>{}T08:00:00+08:00</updated>\n",
            a.meta.date
        ));
        out.push_str(&format!(
            "    <published>{}T08:00:00+08:00</published>\n",
            a.meta.date
        ));
        if !a.meta.summary.is_empty() {
            out.push_str(&format!(
                "    <summary>{}</summary>\n",
                xml_escape(&a.meta.summary)
            ));
        }
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}
