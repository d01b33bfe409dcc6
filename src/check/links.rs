//! The links of the would-be output: every internal `href` and `src` of an HTML page (its
//! inline SVG included) must reach a file of the output, and its `#fragment` an `id` on
//! that page. External links (http, https) are collected, not followed. Pure: files in,
//! broken and external links out.
//!
//! Resolution follows the browser: a link is relative to its page's folder (`/…` to the
//! output's top), `%XX` escapes and `&amp;`-style entities are decoded, a folder means its
//! `index.html`, and `?query` is ignored. A link under the site's `base_url` is checked as
//! internal. `#top` and a bare `#` always work.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::html_text::decode_entities;
use crate::messages::Text;
use crate::render::OutputFile;
use crate::url::percent_decode;

/// A link that leads nowhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    /// The output page holding the link, e.g. `articles/overview/index.html`.
    pub page: String,
    /// The 1-based line of the link in that page.
    pub line: usize,
    /// The link as written (entities decoded).
    pub url: String,
    /// Why it is broken, in both languages.
    pub reason: Text,
}

/// An external link, once per address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalLink {
    /// The address.
    pub url: String,
    /// The output pages linking to it, in output order.
    pub pages: Vec<String>,
    /// The 1-based line of its first occurrence in the first of those pages.
    pub line: usize,
}

/// An `id` given to a second element of one page (the first keeps it: a link to it, and
/// a label's `for`, reach only that one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepeatedId {
    /// The output page, e.g. `counties/anze/index.html`.
    pub page: String,
    /// The 1-based line of the second element in that page.
    pub line: usize,
    /// The id.
    pub id: String,
}

/// What [`check_links`] found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LinkReport {
    /// Internal links that reach no file, or no `id` on their page.
    pub broken: Vec<BrokenLink>,
    /// Ids given twice on one HTML page.
    pub repeated_ids: Vec<RepeatedId>,
    /// External links, sorted by address.
    pub external: Vec<ExternalLink>,
}

/// One attribute of one tag, entities decoded.
struct Attribute {
    name: String,
    value: String,
    /// Byte offset of the value in the page.
    offset: usize,
}

/// What the link check needs of one output file, so that the file itself need not be kept:
/// its links with their lines (HTML pages) and its `id`s (HTML pages and SVG files).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageLinks {
    /// The file's output path.
    pub path: String,
    /// Each `href`/`src`/`xlink:href` (entities decoded) and its 1-based line.
    links: Vec<(String, usize)>,
    /// Every `id`.
    ids: HashSet<String>,
    /// The ids given again after their first element (HTML pages), with their lines.
    repeated_ids: Vec<(String, usize)>,
}

impl PageLinks {
    /// The links and ids of `file`, or `None` when it is neither HTML nor SVG.
    pub fn of(file: &OutputFile) -> Option<PageLinks> {
        let html = is_html(&file.path);
        if !(html || file.path.ends_with(".svg")) {
            return None;
        }
        let contents = file.contents();
        let text = String::from_utf8_lossy(&contents);
        let mut page = PageLinks {
            path: file.path.clone(),
            ..PageLinks::default()
        };
        for attr in attributes(&text) {
            match attr.name.as_str() {
                "id" => {
                    if page.ids.contains(&attr.value) {
                        if html {
                            let line = line_of(&text, attr.offset);
                            page.repeated_ids.push((attr.value, line));
                        }
                    } else {
                        page.ids.insert(attr.value);
                    }
                }
                "href" | "src" | "xlink:href" if html => {
                    let line = line_of(&text, attr.offset);
                    page.links.push((attr.value, line));
                }
                _ => {}
            }
        }
        Some(page)
    }
}

/// Checks every link of every HTML page of `files`. `base_url` is the site's public
/// address (with its trailing slash); links under it count as internal.
pub fn check_links(files: &[OutputFile], base_url: Option<&str>) -> LinkReport {
    let pages: Vec<PageLinks> = files.iter().filter_map(PageLinks::of).collect();
    let paths: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    check_pages(&pages, &paths, base_url)
}

/// Checks the links of `pages` (in their order) against the output's `paths`.
pub fn check_pages(
    pages: &[PageLinks],
    paths: &HashSet<&str>,
    base_url: Option<&str>,
) -> LinkReport {
    let ids: HashMap<&str, &HashSet<String>> =
        pages.iter().map(|p| (p.path.as_str(), &p.ids)).collect();
    let mut report = LinkReport::default();
    let mut external: BTreeMap<String, (Vec<String>, usize)> = BTreeMap::new();
    for page in pages {
        report
            .repeated_ids
            .extend(page.repeated_ids.iter().map(|(id, line)| RepeatedId {
                page: page.path.clone(),
                line: *line,
                id: id.clone(),
            }));
        for (value, line) in &page.links {
            let url = value.trim();
            if let Some(reason) = unfilled(url) {
                report.broken.push(BrokenLink {
                    page: page.path.clone(),
                    line: *line,
                    url: url.to_string(),
                    reason,
                });
                continue;
            }
            let target = match kind(url, base_url) {
                LinkKind::Ignored => continue,
                LinkKind::External => {
                    let (linking, _) = external
                        .entry(url.to_string())
                        .or_insert_with(|| (Vec::new(), *line));
                    if linking.last() != Some(&page.path) {
                        linking.push(page.path.clone());
                    }
                    continue;
                }
                LinkKind::Internal { url, from_root } => {
                    resolve(&page.path, url, from_root, paths, &ids)
                }
            };
            if let Err(reason) = target {
                report.broken.push(BrokenLink {
                    page: page.path.clone(),
                    line: *line,
                    url: url.to_string(),
                    reason,
                });
            }
        }
    }
    report.external = external
        .into_iter()
        .map(|(url, (pages, line))| ExternalLink { url, pages, line })
        .collect();
    report
}

/// Why a link whose address was left to be filled in (`[文字]()`, `[文字](https://)`)
/// leads nowhere: a browser takes an empty address for the page itself.
fn unfilled(url: &str) -> Option<Text> {
    if url.is_empty() {
        return Some(Text::both("the link has no address", "链接没有填写地址"));
    }
    let lower = url.to_ascii_lowercase();
    ["http://", "https://", "http:", "https:", "//"]
        .contains(&lower.as_str())
        .then(|| {
            Text::both(
                "the address has no site after its scheme",
                "网址只有协议，缺少网站地址",
            )
        })
}

fn is_html(path: &str) -> bool {
    path.ends_with(".html") || path.ends_with(".htm")
}

enum LinkKind<'a> {
    /// mailto:, tel:, javascript: and the like: not checked.
    Ignored,
    /// http, https, or `//host`.
    External,
    /// A path of this site; `from_root` when it starts at the output's top.
    Internal { url: &'a str, from_root: bool },
}

fn kind<'a>(url: &'a str, base_url: Option<&str>) -> LinkKind<'a> {
    if let Some(base) = base_url.filter(|b| !b.is_empty())
        && let Some(rest) = url
            .strip_prefix(base)
            .or_else(|| (url == base.trim_end_matches('/')).then_some(""))
    {
        return LinkKind::Internal {
            url: rest,
            from_root: true,
        };
    }
    if url.starts_with("//") {
        return LinkKind::External;
    }
    // A path from the server's root that starts with the site's own path on its server
    // (`/huanjie/` of `https://news.example.cn/huanjie/`), as the 404 page links.
    if let Some(base) = base_url.filter(|b| !b.is_empty())
        && let Some(base_path) = base
            .split_once("://")
            .and_then(|(_, rest)| rest.find('/').map(|i| &rest[i..]))
            .filter(|p| *p != "/")
        && let Some(rest) = url.strip_prefix(base_path)
    {
        return LinkKind::Internal {
            url: rest,
            from_root: true,
        };
    }
    let scheme_end = url.find([':', '/', '?', '#']);
    if let Some(i) = scheme_end
        && url[i..].starts_with(':')
    {
        let scheme = url[..i].to_ascii_lowercase();
        return if scheme == "http" || scheme == "https" {
            LinkKind::External
        } else {
            LinkKind::Ignored
        };
    }
    match url.strip_prefix('/') {
        Some(rest) => LinkKind::Internal {
            url: rest,
            from_root: true,
        },
        None => LinkKind::Internal {
            url,
            from_root: false,
        },
    }
}

/// Resolves an internal link of `page` to a file of the output, then its fragment to an id.
fn resolve(
    page: &str,
    url: &str,
    from_root: bool,
    paths: &HashSet<&str>,
    ids: &HashMap<&str, &HashSet<String>>,
) -> Result<(), Text> {
    let (before, fragment) = match url.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (url, None),
    };
    let path = before.split('?').next().unwrap_or_default();
    let target = if path.is_empty() && !from_root {
        page.to_string()
    } else {
        let decoded = percent_decode(path)
            .ok_or_else(|| crate::t!("`{path}` has a bad %-escape", "`{path}` 中的 %-转义有误"))?;
        let mut segments: Vec<&str> = if from_root {
            Vec::new()
        } else {
            page.split('/').collect()
        };
        segments.pop(); // the page's own name, or nothing at the top
        for segment in decoded.split('/') {
            match segment {
                "" | "." => {}
                ".." => {
                    if segments.pop().is_none() {
                        return Err(Text::both(
                            "it leads above the site's top folder",
                            "它指向了网站最上层文件夹之外",
                        ));
                    }
                }
                s => segments.push(s),
            }
        }
        let joined = segments.join("/");
        let folder = decoded.is_empty()
            || decoded.ends_with('/')
            || decoded.ends_with("/.")
            || decoded.ends_with("/..");
        let index = if joined.is_empty() {
            "index.html".to_string()
        } else {
            format!("{joined}/index.html")
        };
        if folder {
            if !paths.contains(index.as_str()) {
                return Err(crate::t!(
                    "the output has no `{index}`",
                    "生成的网站中没有 `{index}`"
                ));
            }
            index
        } else if paths.contains(joined.as_str()) {
            joined
        } else if paths.contains(index.as_str()) {
            index
        } else {
            return Err(crate::t!(
                "the output has no file `{joined}`",
                "生成的网站中没有文件 `{joined}`"
            ));
        }
    };
    let Some(fragment) = fragment.filter(|f| !f.is_empty()) else {
        return Ok(());
    };
    let fragment = percent_decode(fragment).ok_or_else(|| {
        crate::t!(
            "`#{fragment}` has a bad %-escape",
            "`#{fragment}` 中的 %-转义有误"
        )
    })?;
    match ids.get(target.as_str()) {
        Some(page_ids)
            if !page_ids.contains(&fragment) && !fragment.eq_ignore_ascii_case("top") =>
        {
            Err(crate::t!(
                "`{target}` has no element with id=\"{fragment}\"",
                "`{target}` 中没有 id=\"{fragment}\" 的元素"
            ))
        }
        _ => Ok(()),
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .map_or(1, |before| before.matches('\n').count() + 1)
}

/// Every attribute of every tag in `html`, skipping comments and the insides of `<script>`
/// and `<style>`.
fn attributes(html: &str) -> Vec<Attribute> {
    let bytes = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(lt) = html.get(i..).and_then(|rest| rest.find('<')) {
        i += lt;
        let rest = &html[i..];
        if rest.starts_with("<!--") {
            i += rest.find("-->").map_or(rest.len(), |e| e + 3);
            continue;
        }
        if rest.starts_with("</") || rest.starts_with("<!") || rest.starts_with("<?") {
            i += rest.find('>').map_or(rest.len(), |e| e + 1);
            continue;
        }
        // The tag's name.
        let mut j = i + 1;
        while j < bytes.len()
            && (bytes[j].is_ascii_alphanumeric() || matches!(bytes[j], b'-' | b':'))
        {
            j += 1;
        }
        if j == i + 1 {
            i += 1; // a lone `<` in text
            continue;
        }
        let name = html[i + 1..j].to_ascii_lowercase();
        // Its attributes.
        loop {
            while j < bytes.len() && (bytes[j].is_ascii_whitespace() || bytes[j] == b'/') {
                j += 1;
            }
            if j >= bytes.len() || bytes[j] == b'>' {
                j += 1;
                break;
            }
            let start = j;
            while j < bytes.len()
                && !bytes[j].is_ascii_whitespace()
                && !matches!(bytes[j], b'=' | b'>' | b'/')
            {
                j += 1;
            }
            let attr = html[start..j].to_ascii_lowercase();
            while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            if bytes.get(j) != Some(&b'=') {
                if j == start {
                    j += 1; // a stray character: step over it
                }
                continue;
            }
            j += 1;
            while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            let (value_start, value_end, next) = match bytes.get(j) {
                Some(&q @ (b'"' | b'\'')) => {
                    let end = html[j + 1..]
                        .find(q as char)
                        .map_or(bytes.len(), |e| j + 1 + e);
                    (j + 1, end, end + 1)
                }
                _ => {
                    let end = html[j..]
                        .find(|c: char| c.is_ascii_whitespace() || c == '>')
                        .map_or(bytes.len(), |e| j + e);
                    (j, end, end)
                }
            };
            out.push(Attribute {
                name: attr,
                value: decode_entities(html.get(value_start..value_end).unwrap_or_default())
                    .into_owned(),
                offset: value_start,
            });
            j = next;
        }
        i = j.min(bytes.len());
        if name == "script" || name == "style" {
            let close = format!("</{name}");
            i += html[i..]
                .to_ascii_lowercase()
                .find(&close)
                .unwrap_or(html.len() - i);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str, html: &str) -> OutputFile {
        OutputFile::new(path, html.as_bytes())
    }

    fn site() -> Vec<OutputFile> {
        vec![
            page(
                "index.html",
                "<main id=\"main\"><h2 id=\"选人用人\">x</h2></main>",
            ),
            page("counties/index.html", "<p>list</p>"),
            page(
                "counties/yaodu/index.html",
                "<figure id=\"chart-age\"></figure>",
            ),
            page("css/site.css", "body{}"),
            page("data/counties.csv", "a,b"),
        ]
    }

    /// The reasons `html`, as the page at `path` of [`site`], has broken links for.
    #[track_caller]
    fn case(path: &str, html: &str, expected: &[&str]) {
        let mut files = site();
        files.retain(|f| f.path != path);
        files.push(page(path, html));
        let report = check_links(&files, Some("https://news.example.cn/huanjie/"));
        let broken: Vec<String> = report.broken.iter().map(|b| b.url.clone()).collect();
        assert_eq!(broken, expected, "{html}");
    }

    #[test]
    fn internal_links_that_resolve() {
        let p = "articles/a/index.html";
        case(p, r#"<a href="../../index.html">home</a>"#, &[]);
        case(
            p,
            r#"<a href="../../">home</a><a href="../..">home</a>"#,
            &[],
        );
        case(
            p,
            r#"<a href="../../counties/yaodu/">x</a><a href="../../counties/yaodu">x</a>"#,
            &[],
        );
        case(
            p,
            r#"<link rel="stylesheet" href="../../css/site.css">"#,
            &[],
        );
        case(
            p,
            r#"<a href="/data/counties.csv?v=1" download>csv</a>"#,
            &[],
        );
        case(
            p,
            r#"<a href="../../counties/yaodu/index.html#chart-age">c</a>"#,
            &[],
        );
        case(
            p,
            r#"<a href="../../index.html#%E9%80%89%E4%BA%BA%E7%94%A8%E4%BA%BA">h</a>"#,
            &[],
        );
        case(p, r#"<a href="../../index.html#选人用人">h</a>"#, &[]);
        case(
            p,
            r##"<a href="#own">o</a><p id="own"></p><a href="#">top</a><a href="#top">top</a>"##,
            &[],
        );
        case(
            p,
            r#"<link rel="canonical" href="https://news.example.cn/huanjie/counties/yaodu/">"#,
            &[],
        );
        case(
            p,
            r#"<link rel="canonical" href="https://news.example.cn/huanjie/">"#,
            &[],
        );
        case(
            p,
            r#"<a href="mailto:editor@example.cn">m</a><a href="tel:12380">t</a>"#,
            &[],
        );
        case(
            "index.html",
            r#"<a href='counties/index.html'>x</a><a href=counties/>y</a>"#,
            &[],
        );
        case(
            "index.html",
            r#"<svg><a xlink:href="counties/yaodu/">y</a></svg>"#,
            &[],
        );
    }

    #[test]
    fn internal_links_that_do_not() {
        let p = "articles/a/index.html";
        case(
            p,
            r#"<a href="../../counties/nowhere/">x</a>"#,
            &["../../counties/nowhere/"],
        );
        case(
            p,
            r#"<img src="../../img/badge.png" alt="">"#,
            &["../../img/badge.png"],
        );
        case(
            p,
            r#"<a href="../../../../etc/passwd">x</a>"#,
            &["../../../../etc/passwd"],
        );
        case(
            p,
            r#"<a href="../../index.html#nope">x</a>"#,
            &["../../index.html#nope"],
        );
        case(p, r##"<a href="#missing">x</a>"##, &["#missing"]);
        case(
            p,
            r#"<a href="https://news.example.cn/huanjie/nowhere.html">x</a>"#,
            &["https://news.example.cn/huanjie/nowhere.html"],
        );
        case(
            p,
            r#"<a href="../../index.html#%E9%80%89">x</a>"#,
            &["../../index.html#%E9%80%89"],
        );
        case(p, r#"<a href="bad%zz">x</a>"#, &["bad%zz"]);
        // An address left to be filled in.
        case(p, r#"<a href="">x</a>"#, &[""]);
        case(p, r#"<a href=" ">x</a>"#, &[""]);
        case(p, r#"<a href="https://">x</a>"#, &["https://"]);
        case(p, r#"<img src="HTTP://" alt="">"#, &["HTTP://"]);
    }

    #[test]
    fn comments_scripts_and_text_are_not_links() {
        let p = "articles/a/index.html";
        case(
            p,
            r#"<!-- <a href="nowhere.html"> --><p>a &lt; b, href="x"</p>"#,
            &[],
        );
        case(
            p,
            r#"<script>let s = '<a href="nowhere.html">';</script><style>a[href="x"]{}</style>"#,
            &[],
        );
        case(p, r#"<p>1 < 2 and <b>bold</b></p>"#, &[]);
    }

    #[test]
    fn entities_are_decoded() {
        let p = "index.html";
        case(p, r#"<a href="counties/index.html?a=1&amp;b=2">x</a>"#, &[]);
        case(
            p,
            r##"<p id="选人用人"></p><a href="#&#x9009;&#20154;用人">x</a>"##,
            &[],
        );
    }

    #[test]
    fn external_links_are_listed_once_with_their_pages() {
        let files = vec![
            page(
                "index.html",
                r#"<a href="https://beian.miit.gov.cn/">icp</a><a href="https://beian.miit.gov.cn/">again</a>"#,
            ),
            page(
                "qa/index.html",
                r#"<a href="https://beian.miit.gov.cn/">icp</a><a href="http://www.12380.gov.cn/">x</a><img src="//cdn.example.org/a.png">"#,
            ),
        ];
        let report = check_links(&files, None);
        assert!(report.broken.is_empty());
        let listed: Vec<(&str, usize)> = report
            .external
            .iter()
            .map(|e| (e.url.as_str(), e.pages.len()))
            .collect();
        assert_eq!(
            listed,
            vec![
                ("//cdn.example.org/a.png", 1),
                ("http://www.12380.gov.cn/", 1),
                ("https://beian.miit.gov.cn/", 2)
            ]
        );
    }

    #[test]
    fn broken_links_carry_their_line() {
        let files = vec![page("index.html", "<p>\n\n<a href=\"x.html\">x</a></p>")];
        let report = check_links(&files, None);
        assert_eq!(report.broken.len(), 1);
        assert_eq!(report.broken[0].line, 3);
        let reason = &report.broken[0].reason;
        assert_eq!(reason.en, "the output has no file `x.html`");
        assert_eq!(
            reason.get(crate::messages::Lang::Zh),
            "生成的网站中没有文件 `x.html`"
        );
    }
}
