//! URLs: the site's layout (where each page and data file goes) and percent-encoding of
//! paths, both ways (links in feeds and sitemaps, requests in `serve`, links in `check`).

/// Percent-encodes what URLs may not carry raw (non-ASCII, spaces).
pub fn percent_encode_path(p: &str) -> String {
    let mut out = String::with_capacity(p.len());
    for b in p.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
    out
}

/// The site's `base_url` as its addresses start: a space, Chinese or another character an
/// address may not carry raw is percent-encoded in its path (`/换届 专题` →
/// `/%E6%8D%A2%E5%B1%8A%20%E4%B8%93%E9%A2%98`); what an address may carry, escapes already
/// written among it, is kept. The scheme and host are kept as written (the config refuses
/// a host that is not ASCII).
pub fn encode_base(url: &str) -> String {
    let (head, path) = match url.split_once("://") {
        Some((scheme, rest)) => {
            let host_end = rest.find('/').unwrap_or(rest.len());
            url.split_at(scheme.len() + 3 + host_end)
        }
        None => ("", url),
    };
    let mut out = String::with_capacity(url.len());
    out.push_str(head);
    let bytes = path.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let escape = b == b'%'
            && bytes
                .get(i + 1..i + 3)
                .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit));
        if escape || (b.is_ascii_graphic() && !b"\"<>\\^`{|}%".contains(&b)) {
            out.push(b as char);
        } else {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
    out
}

/// Decodes `%XX` escapes as UTF-8; `None` on a broken escape or invalid UTF-8.
pub fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The site's layout: where every page and data file goes, relative to the output folder.
/// Render, feeds, the build and `check` all ask here; nothing else spells a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PagePath<'a> {
    /// `index.html`.
    Home,
    /// `counties/index.html`.
    CountyList,
    /// `counties/page/<n>/index.html`: page `n` (from 2) of a county list too long for one.
    CountyListPage(usize),
    /// `counties/<slug>/index.html`.
    County(&'a str),
    /// `regions/<slug>/index.html`: an inner region (a province, a city) of a nested site.
    Region(&'a str),
    /// `regions/<slug>/ranking/<chart id>/index.html`: the full ranking of a comparison of a
    /// region's many children.
    RegionRanking(&'a str, &'a str),
    /// `counties/ranking/<chart id>/index.html`: the full ranking of a comparison of many counties.
    Ranking(&'a str),
    /// `articles/index.html`.
    ArticleList,
    /// `articles/<slug>/index.html`.
    Article(&'a str),
    /// `qa/index.html`, the 知识问答 page.
    Qa,
    /// `discipline/index.html`.
    Discipline,
    /// `404.html`.
    NotFound,
    /// `search/index.html`, the search page.
    Search,
}

impl<'a> PagePath<'a> {
    /// The county list's page `n` (from 1).
    pub fn county_list_page(n: usize) -> PagePath<'static> {
        if n <= 1 {
            PagePath::CountyList
        } else {
            PagePath::CountyListPage(n)
        }
    }

    /// The page's file, '/'-separated.
    pub fn file(self) -> String {
        match self {
            PagePath::Home => "index.html".into(),
            PagePath::CountyList => "counties/index.html".into(),
            PagePath::CountyListPage(n) => format!("counties/page/{n}/index.html"),
            PagePath::County(slug) => format!("counties/{slug}/index.html"),
            PagePath::Ranking(id) => format!("counties/ranking/{id}/index.html"),
            PagePath::Region(slug) => format!("regions/{slug}/index.html"),
            PagePath::RegionRanking(slug, id) => {
                format!("regions/{slug}/ranking/{id}/index.html")
            }
            PagePath::ArticleList => "articles/index.html".into(),
            PagePath::Article(slug) => format!("articles/{slug}/index.html"),
            PagePath::Qa => "qa/index.html".into(),
            PagePath::Discipline => "discipline/index.html".into(),
            PagePath::NotFound => "404.html".into(),
            PagePath::Search => "search/index.html".into(),
        }
    }

    /// The page a file of the output is, if it is one of the site's pages.
    pub fn parse(file: &'a str) -> Option<PagePath<'a>> {
        let parts: Vec<&str> = file.split('/').collect();
        Some(match parts.as_slice() {
            ["index.html"] => PagePath::Home,
            ["counties", "index.html"] => PagePath::CountyList,
            ["counties", slug, "index.html"] => PagePath::County(slug),
            ["counties", "page", n, "index.html"] => match n.parse() {
                Ok(n) if n >= 2 => PagePath::CountyListPage(n),
                _ => return None,
            },
            ["counties", "ranking", id, "index.html"] => PagePath::Ranking(id),
            ["regions", slug, "index.html"] => PagePath::Region(slug),
            ["regions", slug, "ranking", id, "index.html"] => PagePath::RegionRanking(slug, id),
            ["articles", "index.html"] => PagePath::ArticleList,
            ["articles", slug, "index.html"] => PagePath::Article(slug),
            ["qa", "index.html"] => PagePath::Qa,
            ["discipline", "index.html"] => PagePath::Discipline,
            ["404.html"] => PagePath::NotFound,
            ["search", "index.html"] => PagePath::Search,
            _ => return None,
        })
    }
}

/// `data/summary.json`: every figure of the site.
pub const SUMMARY_JSON: &str = "data/summary.json";
/// `data/counties.csv`: one row a county.
pub const COUNTIES_CSV: &str = "data/counties.csv";
/// `sitemap.xml` (with a `base_url`).
pub const SITEMAP: &str = "sitemap.xml";
/// `atom.xml` (with a `base_url`).
pub const ATOM: &str = "atom.xml";
/// `robots.txt` (with a `base_url`).
pub const ROBOTS: &str = "robots.txt";

/// The folder of the search index's files (beside the search page).
pub const SEARCH_DIR: &str = "search/";

/// An inner region's children (its regions and its own counties), one row each.
pub fn region_csv(slug: &str) -> String {
    format!("data/regions/{slug}.csv")
}

/// `data/regions.csv`: one row an inner region (nested sites).
pub const REGIONS_CSV: &str = "data/regions.csv";

/// Where the 2× PNG of a region's chart would go.
pub fn region_chart_png(slug: &str, chart_id: &str) -> String {
    format!("images/regions/{slug}/{chart_id}.png")
}

/// The data of one of the city's charts.
pub fn chart_csv(chart_id: &str) -> String {
    format!("data/charts/{chart_id}.csv")
}

/// The data of a comparison across counties.
pub fn comparison_csv(chart_id: &str) -> String {
    format!("data/charts/compare-{chart_id}.csv")
}

/// `images/share.png`: 数说换届 as one picture, for WeChat and Weibo.
pub const SHARE_PNG: &str = "images/share.png";

/// The link-preview card of the page at `page_file` (`og:image`):
/// `images/preview/home.png`, `images/preview/counties/yaodu.png`.
pub fn preview_png(page_file: &str) -> String {
    let stem = page_file
        .strip_suffix("/index.html")
        .or_else(|| page_file.strip_suffix(".html"))
        .unwrap_or(page_file);
    let stem = if stem == "index" { "home" } else { stem };
    format!("images/preview/{stem}.png")
}

/// The 2× PNG of one of the city's charts.
pub fn chart_png(chart_id: &str) -> String {
    format!("images/charts/{chart_id}.png")
}

/// The 2× PNG of a comparison across counties.
pub fn comparison_png(chart_id: &str) -> String {
    format!("images/charts/compare-{chart_id}.png")
}

/// The 2× PNG of one of a county's charts.
pub fn county_chart_png(slug: &str, chart_id: &str) -> String {
    format!("images/counties/{slug}/{chart_id}.png")
}

/// A relative path of the output as the site spells it: its components joined with `/`,
/// whatever the platform's separator (`css\site.css` on Windows is `css/site.css`).
pub fn slash_path(rel: &std::path::Path) -> String {
    rel.iter()
        .map(|p| p.to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The way back to the site's top from a file: `./` at the top, `../` a folder down.
pub fn root_of(file: &str) -> String {
    let depth = file.matches('/').count();
    if depth == 0 {
        "./".into()
    } else {
        "../".repeat(depth)
    }
}

/// The link from the file `from` to the file `to` (both from the site's top): up to their
/// common folder and down again (`counties/ranking/x/index.html` to
/// `counties/yaodu/index.html` is `../../yaodu/index.html`), shorter than through the top.
pub fn relative(from: &str, to: &str) -> String {
    let from_dirs: Vec<&str> = from.split('/').collect();
    let from_dirs = &from_dirs[..from_dirs.len() - 1];
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dirs
        .iter()
        .zip(&to_parts[..to_parts.len() - 1])
        .take_while(|(a, b)| a == b)
        .count();
    let mut link = "../".repeat(from_dirs.len() - common);
    link.push_str(&to_parts[common..].join("/"));
    link
}

/// A page's address without its `index.html` (`counties/yaodu/`), as links and canonical
/// URLs show it.
pub fn folder_of(file: &str) -> &str {
    file.strip_suffix("index.html").unwrap_or(file)
}

/// The public URL of an output file under `base` (`…/counties/yaodu/`), percent-encoded.
pub fn public_url(base: &str, file: &str) -> String {
    format!("{base}{}", percent_encode_path(folder_of(file)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_base_url_s_path_is_encoded_once() {
        assert_eq!(
            encode_base("https://news.example.cn/换届 专题"),
            "https://news.example.cn/%E6%8D%A2%E5%B1%8A%20%E4%B8%93%E9%A2%98"
        );
        // Escapes already written, and what an address may carry, are kept.
        assert_eq!(
            encode_base("http://x.cn:8080/a%20b/c(1)/~d;e=f/100%"),
            "http://x.cn:8080/a%20b/c(1)/~d;e=f/100%25"
        );
        assert_eq!(encode_base("https://x.cn"), "https://x.cn");
    }

    #[test]
    fn relative_links_go_up_to_the_common_folder_only() {
        #[track_caller]
        fn case(from: &str, to: &str, link: &str) {
            assert_eq!(relative(from, to), link);
        }
        case(
            "counties/ranking/x/index.html",
            "counties/yaodu/index.html",
            "../../yaodu/index.html",
        );
        case(
            "index.html",
            "counties/yaodu/index.html",
            "counties/yaodu/index.html",
        );
        case("counties/index.html", "index.html", "../index.html");
        case("a/b/index.html", "a/b/c.csv", "c.csv");
    }

    #[test]
    fn every_page_has_its_own_preview_card() {
        for (page, png) in [
            (PagePath::Home, "images/preview/home.png"),
            (PagePath::CountyList, "images/preview/counties.png"),
            (
                PagePath::County("yaodu"),
                "images/preview/counties/yaodu.png",
            ),
            (PagePath::Article("x"), "images/preview/articles/x.png"),
            (PagePath::Qa, "images/preview/qa.png"),
        ] {
            assert_eq!(preview_png(&page.file()), png);
        }
    }

    #[track_caller]
    fn case(page: PagePath<'_>, file: &str) {
        assert_eq!(page.file(), file);
        assert_eq!(PagePath::parse(file), Some(page), "{file}");
    }

    #[test]
    fn every_page_has_one_file_and_back() {
        case(PagePath::Home, "index.html");
        case(PagePath::CountyList, "counties/index.html");
        case(PagePath::County("yaodu"), "counties/yaodu/index.html");
        case(PagePath::CountyListPage(2), "counties/page/2/index.html");
        case(
            PagePath::Ranking("women-share"),
            "counties/ranking/women-share/index.html",
        );
        case(PagePath::ArticleList, "articles/index.html");
        case(
            PagePath::Article("overview"),
            "articles/overview/index.html",
        );
        case(PagePath::Qa, "qa/index.html");
        case(PagePath::Discipline, "discipline/index.html");
        case(PagePath::NotFound, "404.html");
        case(PagePath::Search, "search/index.html");
    }

    #[test]
    fn other_files_are_not_pages() {
        for file in [
            "data/summary.json",
            "counties/a/b/index.html",
            "style.css",
            "",
        ] {
            assert_eq!(PagePath::parse(file), None, "{file}");
        }
    }

    #[track_caller]
    fn root_case(file: &str, root: &str) {
        assert_eq!(root_of(file), root, "{file}");
    }

    #[test]
    fn roots_lead_back_to_the_top() {
        root_case("index.html", "./");
        root_case("404.html", "./");
        root_case("counties/index.html", "../");
        root_case("counties/yaodu/index.html", "../../");
    }

    #[test]
    fn public_urls_drop_index_and_encode() {
        let base = "https://example.org/sub/";
        assert_eq!(public_url(base, "index.html"), base);
        assert_eq!(
            public_url(base, "counties/尧都/index.html"),
            "https://example.org/sub/counties/%E5%B0%A7%E9%83%BD/"
        );
        assert_eq!(
            public_url(base, "data/counties.csv"),
            format!("{base}data/counties.csv")
        );
        assert_eq!(folder_of("qa/index.html"), "qa/");
    }

    #[test]
    fn output_paths_use_slashes_on_every_platform() {
        let rel = std::path::Path::new("static").join("img").join("尧都.png");
        assert_eq!(slash_path(&rel), "static/img/尧都.png");
        assert_eq!(slash_path(std::path::Path::new("index.html")), "index.html");
        for page in [PagePath::County("anze"), PagePath::Article("young")] {
            assert!(!page.file().contains('\\'), "{page:?}");
        }
    }
}
