//! The Markdown step: every narrative, article and answer rendered with its figures, each
//! for the page that shows it, with the files beside the Markdown that it links.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use rayon::prelude::*;

use super::{answers, content_error, county_references, region_references};
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics, Result};
use crate::load::{self, theme};
use crate::markdown::kept::{KeptBodies, body_key};
use crate::markdown::{self, Place, References, Rendered};
use crate::memo::Reuse;
use crate::model::page::Page;
use crate::model::{Model, summary};
use crate::render::Bodies;
use crate::url::PagePath;

/// The files beside the Markdown, and what local links lead to: the context every body is
/// rendered in.
pub(super) struct SiteFiles {
    /// Each file beside the Markdown, by its path under `content/`.
    pub(super) assets: BTreeMap<String, Arc<[u8]>>,
    /// Their paths.
    asset_paths: BTreeSet<String>,
    /// Each Markdown file under `content/` and the page it makes.
    pages: HashMap<String, String>,
    /// The ids the theme's templates give elements of a page, which no heading takes.
    theme_ids: markdown::ThemeIds,
    /// A hash of all three, for the memo: a body's HTML depends on them.
    key: u64,
}

impl SiteFiles {
    pub(super) fn new(assets: Vec<load::Asset>, model: &Model, theme: &theme::Theme) -> SiteFiles {
        let mut pages = HashMap::new();
        for county in &model.counties {
            if let Some(n) = &county.narrative {
                pages.insert(
                    content_path(&n.file),
                    PagePath::County(&county.data.slug).file(),
                );
            }
        }
        for region in &model.tree.regions {
            if let Some(n) = &region.narrative {
                pages.insert(content_path(&n.file), PagePath::Region(&region.slug).file());
            }
        }
        for article in &model.articles {
            pages.insert(
                content_path(&article.file),
                PagePath::Article(&article.slug).file(),
            );
        }
        let assets: BTreeMap<String, Arc<[u8]>> =
            assets.into_iter().map(|a| (a.path, a.bytes)).collect();
        let asset_paths: BTreeSet<String> = assets.keys().cloned().collect();
        let mut listed: Vec<String> = pages.iter().map(|(k, v)| format!("{k}>{v}")).collect();
        listed.sort();
        listed.extend(asset_paths.iter().cloned());
        let templates = theme.templates.iter().chain(&theme.site_templates);
        let theme_ids = markdown::ThemeIds::of_templates(
            templates.map(|t| std::str::from_utf8(&t.bytes).unwrap_or("")),
        );
        let key = crate::memo::key(&[listed.join("\n").as_bytes(), theme_ids.listed().as_bytes()]);
        SiteFiles {
            assets,
            asset_paths,
            pages,
            theme_ids,
            key,
        }
    }

    /// `text` (its figures filled in) rendered at `place`: taken from `kept` when an
    /// earlier build rendered the same there.
    fn render(&self, kept: Option<&KeptBodies>, place: &Place<'_>, text: &str) -> Rendered {
        let render = || markdown::render_markdown_at(text, Some(place));
        match kept {
            Some(kept) => kept.get_or(body_key(kept, self.key, place, text), render),
            None => render(),
        }
    }

    /// Where a body read from `source_dir` (under `content/`) is shown: the page `page`.
    fn place<'a>(&'a self, source_dir: &'a str, page: &'a str) -> Place<'a> {
        Place {
            source_dir,
            page,
            assets: &self.asset_paths,
            pages: &self.pages,
            theme_ids: &self.theme_ids,
            footnotes: "",
        }
    }
}

/// A path from the site's root (`content/articles/x.md`) as a path under `content/`.
fn content_path(file: &std::path::Path) -> String {
    let parts: Vec<String> = file
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let inner = match parts.first().map(String::as_str) {
        Some("content") => &parts[1..],
        _ => &parts[..],
    };
    inner.join("/")
}

/// The folder of a path under `content/` (`articles/x.md` → `articles`).
fn folder(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// Links of a body to files that are not there: errors at their lines, the caret under the
/// link as the editor wrote it.
fn missing_links(page: &Page, rendered: &Rendered) -> Vec<Diagnostic> {
    let missing = rendered.links.missing.iter().map(|(line, url)| {
        let message = crate::t!(
            "links `{url}`, which is not beside the Markdown",
            "链接了 `{url}`，但它不在这个 Markdown 文件旁边"
        );
        let help = crate::messages::Text::both(
            "put the file where the link says, relative to this Markdown file (images/ beside it, for instance), or correct the link",
            "请把文件放到链接所写的位置（相对于这个 Markdown 文件，例如旁边的 images/），或改正链接",
        );
        (*line, url, message, help)
    });
    let outside = rendered.links.outside.iter().map(|(line, url)| {
        let message = crate::t!(
            "links `{url}`, which leads out of content/: the site publishes nothing there",
            "链接了 `{url}`，它指向 content/ 以外，而网站不发布那里的文件"
        );
        let help = crate::messages::Text::both(
            "put the file in content/ and link it relative to this Markdown file, or link a page from the site's top, e.g. /counties/",
            "请把文件放进 content/，按相对于这个 Markdown 文件的路径链接；或从网站首页写起链接页面，例如 /counties/",
        );
        (*line, url, message, help)
    });
    let unusable = rendered.links.unusable.iter().map(|(line, url, why)| {
        let (message, help) = why.texts(url);
        (*line, url, message, help)
    });
    let mut found: Vec<_> = missing.chain(outside).chain(unusable).collect();
    found.sort_by_key(|(line, ..)| *line);
    found
        .into_iter()
        .map(|(line, url, message, help)| {
            let written = page.body.lines().nth(line.saturating_sub(1)).unwrap_or("");
            let column = crate::markdown::written_at(written, url)
                .or_else(|| written.find(url.as_str()))
                .map_or(1, |at| written[..at].chars().count() + 1);
            let mut d = Diagnostic::error(page.file.clone(), message)
                .help(help)
                .code(crate::messages::catalog::MISSING_LOCAL_FILE)
                .at(&page.body, line, column);
            d.line = page.body_line + line - 1;
            d
        })
        .collect()
}

/// One page's body, made by `make` for the page `shown` (from where its Markdown is); its
/// links to files that are not beside it are errors.
fn body_for(
    page: &Page,
    shown: &str,
    files: &SiteFiles,
    make: impl FnOnce(&Place<'_>) -> std::result::Result<Arc<Rendered>, Vec<Diagnostic>>,
) -> std::result::Result<Arc<Rendered>, Vec<Diagnostic>> {
    let source = content_path(&page.file);
    let rendered = make(&files.place(folder(&source), shown))?;
    let missing = missing_links(page, &rendered);
    if missing.is_empty() {
        Ok(rendered)
    } else {
        Err(missing)
    }
}

/// The body of the county at `index` (none when it has no narrative) for its page, through
/// `reuse`. Under a ledger, `may_wait`, one whose page the previous build made from the
/// same sources and narrative is not rendered (also none): its page is likely kept, and
/// renders it when it is not.
pub(super) fn county_body(
    model: &Model,
    summary: &summary::Summary,
    (files, kept): (&SiteFiles, Option<&KeptBodies>),
    reuse: Reuse<'_>,
    (index, may_wait): (usize, bool),
) -> std::result::Result<Option<Arc<Rendered>>, Vec<Diagnostic>> {
    let Some(county) = model.counties.get(index) else {
        return Ok(None);
    };
    let Some(page) = county.narrative.as_ref() else {
        return Ok(None);
    };
    let resolve = || {
        let refs = county_references(model, summary, index);
        markdown::resolve_references(&page.body, page.body_line, &page.file, refs)
    };
    // Its key is noted either way: the page's key is made with it.
    let same = reuse.same_narrative(county, &page.body, files.key, resolve)?;
    if may_wait && same {
        return Ok(None);
    }
    let shown = PagePath::County(&county.data.slug).file();
    body_for(page, &shown, files, |place| {
        let render = |text: &str| files.render(kept, place, text);
        reuse.narrative(county, &page.body, files.key, resolve, render)
    })
    .map(Some)
}

/// Markdown: every body with its figures, county narratives and articles through `reuse`,
/// each for the page that shows it.
pub(super) fn render_bodies(
    config: &Config,
    model: &Model,
    summary: &summary::Summary,
    files: &SiteFiles,
    reuse: Reuse<'_>,
    kept: Option<&KeptBodies>,
) -> Result<Bodies> {
    let mut diags = Diagnostics::default();
    let in_feed = counties_in_feed(config, model, reuse);
    let counties: Vec<_> = (0..model.counties.len())
        .into_par_iter()
        .map(|i| {
            let may_wait = !in_feed.contains(&i);
            county_body(model, summary, (files, kept), reuse, (i, may_wait))
        })
        .collect();
    let regions: Vec<_> = (0..model.tree.regions.len())
        .into_par_iter()
        .map(|i| region_body(model, summary, (files, kept), i))
        .collect();
    let articles: Vec<_> = model
        .articles
        .par_iter()
        .map(|page| article_body(page, &summary.city, files, reuse))
        .collect();
    let mut bodies = Bodies {
        counties: succeeded(counties, &mut diags),
        regions: succeeded(regions, &mut diags),
        articles: succeeded(articles, &mut diags),
        ..Bodies::default()
    };
    if let Some(qa) = &model.qa {
        let shown = PagePath::Qa.file();
        let place = files.place("", &shown);
        match answers::render_answers(qa, &qa.file, &summary.city, &place) {
            Ok((answers, linked)) => {
                bodies.qa_answers = answers;
                bodies.files.extend(linked);
            }
            Err(ds) => diags.extend(ds),
        }
    }
    if diags.has_errors() {
        return Err(content_error(diags));
    }
    let linked = linked_files(&bodies, model, reuse);
    bodies.files.extend(linked);
    Ok(bodies)
}

/// The counties whose narratives the feed shows (the newest), which are always rendered
/// under a ledger: none without a feed or a ledger.
fn counties_in_feed(config: &Config, model: &Model, reuse: Reuse<'_>) -> BTreeSet<usize> {
    if config.base_url().is_none() || reuse.ledger().is_none() {
        return BTreeSet::new();
    }
    crate::feed::feed_pages(model)
        .into_iter()
        .filter_map(|p| match p {
            crate::feed::FeedPage::County(i) => Some(i),
            crate::feed::FeedPage::Article(_) => None,
        })
        .collect()
}

/// The body of the region `index`, if it has a narrative.
fn region_body(
    model: &Model,
    summary: &summary::Summary,
    (files, kept): (&SiteFiles, Option<&KeptBodies>),
    index: usize,
) -> std::result::Result<Option<Arc<Rendered>>, Vec<Diagnostic>> {
    let region = &model.tree.regions[index];
    let Some(page) = region.narrative.as_ref() else {
        return Ok(None);
    };
    let refs = region_references(model, summary, index);
    let shown = PagePath::Region(&region.slug).file();
    body_for(page, &shown, files, |place| {
        let text = markdown::resolve_references(&page.body, page.body_line, &page.file, refs)?;
        Ok(Arc::new(files.render(kept, place, &text)))
    })
    .map(Some)
}

/// An article's body, with the city's figures, through `reuse`.
fn article_body(
    page: &Page,
    city: &serde_json::Value,
    files: &SiteFiles,
    reuse: Reuse<'_>,
) -> std::result::Result<Arc<Rendered>, Vec<Diagnostic>> {
    let refs = References::city(city);
    let resolve = || markdown::resolve_references(&page.body, page.body_line, &page.file, refs);
    let shown = PagePath::Article(&page.slug).file();
    body_for(page, &shown, files, |place| {
        let render = |text: &str| markdown::render_markdown_at(text, Some(place));
        reuse.article(files.key, resolve, render)
    })
}

/// The values of `results` that were made, in order; the problems of the others go to
/// `diags`.
fn succeeded<T>(
    results: Vec<std::result::Result<T, Vec<Diagnostic>>>,
    diags: &mut Diagnostics,
) -> Vec<T> {
    let mut made = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(r) => made.push(r),
            Err(ds) => diags.extend(ds),
        }
    }
    made
}

/// The files beside the Markdown that the bodies link; a narrative left for its page (under
/// a ledger) links what it linked when that page was made.
fn linked_files(bodies: &Bodies, model: &Model, reuse: Reuse<'_>) -> BTreeSet<String> {
    let mut linked = BTreeSet::new();
    if let Some(ledger) = reuse.ledger() {
        for (county, body) in model.counties.iter().zip(&bodies.counties) {
            if body.is_none() && county.narrative.is_some() {
                let path = PagePath::County(&county.data.slug).file();
                linked.extend(ledger.links(&path).iter().cloned());
            }
        }
    }
    let made = (bodies.counties.iter().chain(&bodies.regions).flatten()).chain(&bodies.articles);
    for r in made {
        linked.extend(r.links.files.iter().cloned());
    }
    linked
}
