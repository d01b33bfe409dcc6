//! Links and images of a body, made right for the page that shows it: a path from the site's
//! root (`/counties/x/`) becomes relative, and a folder's address its page's file
//! (`../../counties/x/index.html`), so the site works under any subpath and from disk; a
//! path relative to the Markdown file (`images/team.jpg`, `../counties/yaodu.md`),
//! as the editor's own preview shows it, leads to the file copied beside the page or to the
//! page that Markdown file makes.

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

use pulldown_cmark::{CowStr, Event};

/// Where a body comes from and where it is shown.
#[derive(Debug, Clone, Copy)]
pub struct Place<'a> {
    /// The Markdown file's folder under `content/` (`articles`, `articles/x`, or empty).
    pub source_dir: &'a str,
    /// The page's file in the output (`articles/x/index.html`).
    pub page: &'a str,
    /// The files beside the Markdown, by their paths under `content/`.
    pub assets: &'a BTreeSet<String>,
    /// Each Markdown file under `content/` and the page it makes.
    pub pages: &'a HashMap<String, String>,
    /// The ids the theme gives elements of the page, which no heading takes.
    pub theme_ids: &'a super::ThemeIds,
    /// What the ids of the body's footnotes start with after `fn-`, to keep them apart
    /// from another body's on the same page (`a2-` for the Q&A's second answer).
    pub footnotes: &'a str,
}

/// What a body's local links need: the files to copy, and the links that lead nowhere.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LocalLinks {
    /// Files beside the Markdown that the body links, by their paths under `content/`
    /// (copied to the same path in the output).
    pub files: Vec<String>,
    /// Links to a local file that does not exist: the line of the body (from 1) and the URL
    /// as written.
    pub missing: Vec<(usize, String)>,
    /// Relative links that climb out of `content/` (`../../a.pdf`), which lead to nothing
    /// the site publishes: the line of the body (from 1) and the URL as written.
    pub outside: Vec<(usize, String)>,
    /// Links no reader can follow: to the editor's own disk, or to a source file of the
    /// site: the line of the body (from 1), the URL as written, and why.
    pub unusable: Vec<(usize, String, Unusable)>,
}

/// Why a link leads nowhere a reader can go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unusable {
    /// A path on the editor's computer (`C:\Users\…`, `D:/照片/a.jpg`, `file:///…`,
    /// `images\a.png`), as an editor that pastes images writes it.
    OnDisk,
    /// A source file of the site (`../city.yaml`, `qa.yml`), which is not published.
    Source,
}

impl Unusable {
    /// The message and help for a link to `url`.
    pub fn texts(self, url: &str) -> (crate::messages::Text, crate::messages::Text) {
        use crate::messages::Text;
        match self {
            Unusable::OnDisk => (
                crate::t!(
                    "links `{url}`, a place on this computer that readers cannot open",
                    "链接了 `{url}`，这是本机上的位置，读者打不开"
                ),
                Text::both(
                    "copy the file beside the Markdown (or into images/ beside it) and link it with `/`, e.g. ![合影](images/photo.jpg)",
                    "请把文件复制到这个 Markdown 文件旁边（或旁边的 images/ 中），用“/”写链接，例如 ![合影](images/photo.jpg)",
                ),
            ),
            Unusable::Source => (
                crate::t!(
                    "links `{url}`, a source file of the site, which is not published",
                    "链接了 `{url}`，这是网站的源文件，不会发布"
                ),
                Text::both(
                    "link the page made from it (/counties/ or a county's page), or the open data (/data/counties.csv)",
                    "请链接由它生成的页面（/counties/ 或某县的页面），或开放数据（/data/counties.csv）",
                ),
            ),
        }
    }
}

/// An event with its byte range in the body.
pub(super) type Spanned<'a> = (Event<'a>, Range<usize>);

/// Rewrites the link and image targets of `events` (of the body `text`) for `place`.
pub(super) fn localise<'a>(
    text: &str,
    events: Vec<Spanned<'a>>,
    place: &Place<'_>,
) -> (Vec<Spanned<'a>>, LocalLinks) {
    let mut found = LocalLinks::default();
    let events = events
        .into_iter()
        .map(|(event, range)| {
            let line = || crate::diagnostic::line_col(text, range.start).0;
            let event = super::with_destination(event, |url| target(url, line, place, &mut found));
            (event, range)
        })
        .collect();
    found.files.sort();
    found.files.dedup();
    (events, found)
}

/// The URL a page shows for `url`, written in the body on the `line` it gives.
fn target<'a>(
    url: CowStr<'a>,
    line: impl FnOnce() -> usize,
    place: &Place<'_>,
    found: &mut LocalLinks,
) -> CowStr<'a> {
    let root = crate::url::root_of(place.page);
    if on_disk(&url) {
        found
            .unusable
            .push((line(), url.to_string(), Unusable::OnDisk));
        return url;
    }
    if url.starts_with("//") || url.starts_with('#') || url.is_empty() || has_scheme(&url) {
        return url;
    }
    let (path, rest) = split_suffix(&url);
    if let Some(from_root) = path.strip_prefix('/') {
        // A folder's page by its file, as the theme links pages: a folder address opens
        // a listing, not the page, when the site is read from disk.
        let index = if from_root.is_empty() || from_root.ends_with('/') {
            "index.html"
        } else {
            ""
        };
        return CowStr::from(format!("{root}{from_root}{index}{rest}"));
    }
    let Some(decoded) = crate::url::percent_decode(path) else {
        return url;
    };
    let Some(content_path) = join(place.source_dir, &decoded) else {
        found.outside.push((line(), url.to_string()));
        return url;
    };
    let page_dir = place.page.rsplit_once('/').map_or("", |(dir, _)| dir);
    if let Some(page) = place.pages.get(&content_path) {
        return CowStr::from(format!("{}{rest}", relative(page_dir, page)));
    }
    if place.assets.contains(&content_path) {
        found.files.push(content_path.clone());
        let encoded = crate::url::percent_encode_path(&relative(page_dir, &content_path));
        return CowStr::from(format!("{encoded}{rest}"));
    }
    if is_source(&content_path) {
        found
            .unusable
            .push((line(), url.to_string(), Unusable::Source));
    } else if looks_like_a_file(&content_path) {
        found.missing.push((line(), url.to_string()));
    }
    url
}

/// Whether `url` is a place on the editor's computer: a drive (`C:\`, `d:/`), a path with
/// `\`, or a `file:` address.
fn on_disk(url: &str) -> bool {
    let b = url.as_bytes();
    let drive =
        b.len() >= 3 && b[0].is_ascii_alphabetic() && b[1] == b':' && matches!(b[2], b'\\' | b'/');
    if drive
        || url
            .get(..5)
            .is_some_and(|s| s.eq_ignore_ascii_case("file:"))
    {
        return true;
    }
    let path = url.split(['?', '#']).next().unwrap_or("");
    !has_scheme(url) && path.contains('\\')
}

/// Whether a path under `content/` is one of the site's source files (its YAML and TOML),
/// which the site does not publish.
fn is_source(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.rsplit_once('.').is_some_and(|(_, ext)| {
        matches!(ext.to_ascii_lowercase().as_str(), "yaml" | "yml" | "toml")
    })
}

/// The forms in which a link of the output page `page` (`url`, as the page has it) may be
/// written in the Markdown it was made from, most literal first: as it is, with its
/// `%XX` escapes decoded, and from the site's root (`/nope.png`, which the page shows as
/// `../../nope.png`).
pub fn written_forms(page: &str, url: &str) -> Vec<String> {
    let mut forms = vec![url.to_string()];
    forms.extend(crate::url::percent_decode(url));
    let root = crate::url::root_of(page);
    let from_root: Vec<String> = forms
        .iter()
        .filter_map(|form| form.strip_prefix(root.as_str()))
        .map(|rest| format!("/{rest}"))
        .collect();
    forms.extend(from_root);
    // A folder's page, which the Markdown names by its folder (`/counties/`).
    let folders: Vec<String> = forms
        .iter()
        .filter_map(|form| {
            let (path, rest) = split_suffix(form);
            let folder = path.strip_suffix("index.html")?;
            (folder.is_empty() || folder.ends_with('/')).then(|| format!("{folder}{rest}"))
        })
        .collect();
    forms.extend(folders);
    let mut seen = std::collections::HashSet::new();
    forms.retain(|form| seen.insert(form.clone()));
    forms
}

/// Where `url` stands as a link's target in `text` (Markdown, or YAML holding Markdown):
/// the byte offset of the first `[…](url)`, `[…](<url>)`, `[label]: url`, `<url>` or
/// `href="url"` / `src="url"`. Never a mere occurrence of the same characters elsewhere: a
/// short target such as `d` is not found in `date:`.
pub fn written_at(text: &str, url: &str) -> Option<usize> {
    if url.is_empty() {
        // `[…]()` or `[…](<>)`: where the address was left out.
        return text.match_indices("](").map(|(at, _)| at + 2).find(|&at| {
            let rest = text[at..].trim_start_matches(' ');
            rest.starts_with(')') || rest.starts_with("<>")
        });
    }
    text.match_indices(url)
        .map(|(at, _)| at)
        .find(|&at| is_target(&text[..at], &text[at + url.len()..]))
}

/// Whether what stands between `before` and `after` is a link's whole target.
fn is_target(before: &str, after: &str) -> bool {
    let next = after.chars().next();
    let ends_here = next.is_none_or(|c| c.is_whitespace());
    // `<url>`: in `](<url>)`, in `[label]: <url>`, or an autolink.
    if before.ends_with('<') {
        return next == Some('>');
    }
    // An HTML attribute: `href="url"`, `src='url'`.
    if let Some(quote) = before.chars().last().filter(|c| matches!(c, '"' | '\'')) {
        let name = before[..before.len() - 1]
            .trim_end()
            .strip_suffix('=')
            .map(|b| b.trim_end().to_ascii_lowercase());
        return next == Some(quote)
            && name.is_some_and(|n| n.ends_with("href") || n.ends_with("src"));
    }
    let before = before.trim_end();
    // `[…](url)`, `[…](url "title")`.
    if before.ends_with("](") {
        return ends_here || next == Some(')');
    }
    // A reference definition, `[label]: url`.
    before.ends_with("]:") && ends_here
}

/// `mailto:`, `https:`, `tel:`: a scheme before any `/`, `?` or `#`.
fn has_scheme(url: &str) -> bool {
    url.find([':', '/', '?', '#'])
        .is_some_and(|i| url[i..].starts_with(':') && i > 0)
}

/// `a/b.png?x#y` → (`a/b.png`, `?x#y`).
fn split_suffix(url: &str) -> (&str, &str) {
    let at = url.find(['?', '#']).unwrap_or(url.len());
    url.split_at(at)
}

/// `dir` joined with the relative `path`, `.` and `..` resolved; `None` above `content/`.
fn join(dir: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// The path from the folder `from` to `to` (both from the output's top): `../images/a.png`.
fn relative(from: &str, to: &str) -> String {
    let from: Vec<&str> = from.split('/').filter(|p| !p.is_empty()).collect();
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = "../".repeat(from.len() - common);
    out.push_str(&to_parts[common..].join("/"));
    if out.is_empty() { "./".into() } else { out }
}

/// Whether a path names a file of the kinds that sit beside Markdown (not a page's folder).
fn looks_like_a_file(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.rsplit_once('.').is_some_and(|(_, ext)| {
        crate::load::ASSET_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()) || ext == "md"
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn case(from: &str, to: &str, expected: &str) {
        assert_eq!(relative(from, to), expected, "{from} → {to}");
    }

    #[test]
    fn relative_paths_between_folders() {
        case("articles/x", "articles/x/team.jpg", "team.jpg");
        case("articles/x", "articles/images/a.png", "../images/a.png");
        case("counties/yaodu", "counties/images/a.png", "../images/a.png");
        case("qa", "articles/a.pdf", "../articles/a.pdf");
        case("articles/x", "counties/yaodu/", "../../counties/yaodu/");
        case("", "articles/a.pdf", "articles/a.pdf");
    }

    #[track_caller]
    fn joined(dir: &str, path: &str, expected: Option<&str>) {
        assert_eq!(join(dir, path).as_deref(), expected, "{dir} + {path}");
    }

    #[test]
    fn joins_stay_inside_content() {
        joined("articles", "images/a.png", Some("articles/images/a.png"));
        joined("articles/x", "./a.png", Some("articles/x/a.png"));
        joined(
            "articles",
            "../counties/yaodu.md",
            Some("counties/yaodu.md"),
        );
        joined("articles", "../../etc/passwd", None);
    }

    #[track_caller]
    fn at(text: &str, url: &str, expected: Option<&str>) {
        let found = written_at(text, url).map(|i| &text[..i]);
        assert_eq!(found, expected, "{url} in {text:?}");
    }

    #[test]
    fn a_target_is_found_where_it_is_a_link() {
        let front = "---\ntitle: 开栏\ndate: 2016-08-20\n---\n";
        at(
            &format!("{front}看[附件](d)。"),
            "d",
            Some(&format!("{front}看[附件](")),
        );
        at("[a](d \"标题\") d", "d", Some("[a]("));
        at("[a]( <d> )", "d", Some("[a]( <"));
        at("见[a][x]。\n\n[x]: d\n", "d", Some("见[a][x]。\n\n[x]: "));
        at("<img src=\"d\"> <a href='d'>", "d", Some("<img src=\""));
        at("x <a href='d'>", "d", Some("x <a href='"));
        at("![y](/nope.png)", "/nope.png", Some("![y]("));
        // The same characters elsewhere, or a longer target starting with them.
        at("date: d, [a](d/e) [b](dd) data-x=\"d\" (d)", "d", None);
        at("", "d", None);
        at("[a](d)", "", None);
    }

    #[test]
    fn a_page_link_is_looked_for_as_written() {
        assert_eq!(
            written_forms("articles/kailan/index.html", "../../nope.png"),
            ["../../nope.png", "/nope.png"]
        );
        assert_eq!(
            written_forms("articles/kailan/index.html", "../../%E4%B8%8D/"),
            ["../../%E4%B8%8D/", "../../不/", "/%E4%B8%8D/", "/不/"]
        );
        assert_eq!(written_forms("index.html", "./a/"), ["./a/", "/a/"]);
        assert_eq!(
            written_forms("articles/k/index.html", "../../a/index.html#x"),
            [
                "../../a/index.html#x",
                "/a/index.html#x",
                "../../a/#x",
                "/a/#x"
            ]
        );
        assert_eq!(written_forms("articles/a/index.html", "d"), ["d"]);
    }

    #[test]
    fn links_to_this_computer_are_told_apart() {
        for url in [
            "C:\\Users\\x\\a.jpg",
            "D:/照片/合影.jpg",
            "d:\\a.pdf",
            "file:///C:/Users/x/a.pdf",
            "FILE://server/a.pdf",
            "images\\team.png",
        ] {
            assert!(on_disk(url), "{url}");
        }
        for url in [
            "https://a.cn/x\\",
            "images/team.png",
            "/counties/",
            "mailto:a@b.cn",
            "c:d",
        ] {
            assert!(!on_disk(url), "{url}");
        }
        assert!(is_source("city.yaml") && is_source("counties/x.YML") && !is_source("a.pdf"));
    }

    #[test]
    fn schemes_are_left_alone() {
        for url in ["https://a.cn/", "mailto:a@b.cn", "tel:12380", "sms:12380"] {
            assert!(has_scheme(url), "{url}");
        }
        for url in [
            "images/a.png",
            "a:b/c.png".split(':').nth(1).unwrap_or(""),
            "/x/",
        ] {
            assert!(!has_scheme(url), "{url}");
        }
    }
}
