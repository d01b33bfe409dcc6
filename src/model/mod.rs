//! Model: the validated data of the site and the city aggregates. Plain data, no IO.

pub mod city;
pub mod county;
pub mod date;
pub mod figure;
pub mod figures;
pub mod kept;
pub mod page;
pub mod region;
pub mod rules;
pub mod summary;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Diagnostics, nearest};
use crate::load::yaml::{KeyIndex, parse, quirks};
use crate::load::{CountySource, SourceFile, Sources, front_matter};
use crate::messages::catalog as codes;

use city::CityData;
use county::{CountyData, is_valid_slug};
use date::Date;
use figures::{Figures, Tally};
use page::{FrontMatter, Page, QaPage};
use rules::Checker;

/// One county: its data, its computed figures and its narrative.
#[derive(Debug, Clone)]
pub struct County {
    /// What the editor wrote.
    pub data: CountyData,
    /// What the site publishes.
    pub figures: Figures,
    /// The narrative, if there is one.
    pub narrative: Option<Page>,
    /// The data file, for messages.
    pub file: PathBuf,
    /// The raw sums, for the city's aggregate.
    pub tally: Tally,
}

/// The city: its own data and the totals over its counties.
#[derive(Debug, Clone)]
pub struct City {
    /// What the editor wrote.
    pub data: CityData,
    /// The sums over the counties.
    pub figures: Figures,
}

/// The whole site's content, validated.
#[derive(Debug, Clone)]
pub struct Model {
    /// The city.
    pub city: City,
    /// Counties in display order (region by region; in each, district, cities, counties;
    /// then by slug).
    pub counties: Vec<Arc<County>>,
    /// The regions between the city (the site's root) and its counties; empty for a site
    /// of one city.
    pub tree: region::Tree,
    /// Articles, newest first.
    pub articles: Vec<Page>,
    /// The 知识问答 page.
    pub qa: Option<QaPage>,
}

impl Model {
    /// The newest date of any dated item: the column's "last updated".
    pub fn last_updated(&self) -> Date {
        let counties = self.counties.iter().map(|c| c.data.date);
        let articles = self.articles.iter().map(|a| a.meta.date);
        let qa = self.qa.iter().map(|q| q.date);
        counties
            .chain(articles)
            .chain(qa)
            .chain(std::iter::once(self.city.data.date))
            .max()
            .unwrap_or(self.city.data.date)
    }
}

/// A validated county (none if it has errors) and what was found in its files.
pub type Validated = (Option<Arc<County>>, Diagnostics);

/// Validates one county's two files: what one county's page needs, from its sources alone.
pub fn validate_county(src: &CountySource) -> Validated {
    validate_county_kept(src, None)
}

/// [`validate_county`], taking the data from `kept` when an earlier build parsed a file of
/// the same bytes, and keeping there what it parses.
pub fn validate_county_kept(src: &CountySource, kept: Option<&kept::KeptParses>) -> Validated {
    let mut found = Diagnostics::default();
    let county = load_county(&src.data, src.narrative.as_ref(), kept, &mut found).map(Arc::new);
    check_placeholder_name(src, &mut found);
    (county, found)
}

/// Validates every source and computes the aggregates. Returns the model whenever the
/// city validated, without the counties that did not: with errors among the diagnostics it
/// must not be published.
pub fn build_model(sources: &Sources) -> (Option<Model>, Diagnostics) {
    let counties = sources.counties.par_iter().map(validate_county).collect();
    assemble(sources, counties)
}

/// The model from the sources and their counties, validated one by one (in the order of
/// `sources.counties`): the articles, the Q&A and the city, with the city's totals. As
/// [`build_model`], it is returned with errors too, for reporting only.
pub fn assemble(sources: &Sources, validated: Vec<Validated>) -> (Option<Model>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let mut placed = Vec::with_capacity(validated.len());
    for ((county, found), src) in validated.into_iter().zip(&sources.counties) {
        diags.extend(found.0);
        placed.extend(county.map(|county| region::Placed {
            folders: crate::load::region_folders(&src.data.rel),
            county,
        }));
    }
    let complete = placed.len() == sources.counties.len() && sources.unreadable_counties.is_empty();
    let (counties, tree) = region::place(&sources.regions, placed, complete, &mut diags);
    check_unique_slugs(&counties, &mut diags);
    check_unique_names(sources, &counties, &mut diags);

    let articles = load_articles(sources, &mut diags);
    let qa = sources.qa.as_ref().and_then(|f| load_qa(f, &mut diags));
    let city = match &sources.city {
        Some(f) => load_city(f, &counties, complete, &mut diags),
        None => {
            diags.push(city_missing());
            None
        }
    };
    // A county file there but refused (not UTF-8 text, a link) is reported on its own.
    if counties.is_empty() && sources.counties.is_empty() && sources.unreadable_counties.is_empty()
    {
        diags.push(no_county());
    }
    diags.sort();
    // With errors, the model of what did validate is still returned (without the counties
    // that failed), so that later stages can report their own problems in the same run;
    // the caller decides that nothing is published.
    let Some(city) = city else {
        return (None, diags);
    };
    (
        Some(Model {
            city,
            counties,
            tree,
            articles,
            qa,
        }),
        diags,
    )
}

/// The articles, newest first (then by their `order` and slug); a file whose name cannot be
/// a page address is an error.
fn load_articles(sources: &Sources, diags: &mut Diagnostics) -> Vec<Page> {
    let mut articles: Vec<Page> = sources
        .articles
        .iter()
        .filter_map(|f| {
            let slug = crate::load::page_name(&f.path)?;
            if !is_valid_slug(&slug) {
                diags.push(
                    Diagnostic::error(f.rel.clone(), crate::t!("file name `{slug}` cannot be a page address", "文件名 `{slug}` 不能用作网页地址"))
                        .help({
                            let example = county::slug_example(&slug, "young-cadres");
                            crate::t!("name article files in lowercase ASCII letters, digits and '-', e.g. {example}.md", "报道文件名只能用小写英文字母、数字和“-”，例如 {example}.md")
                        })
                        .code(codes::BAD_FILE_NAME),
                );
                return None;
            }
            load_page(f, slug, diags)
        })
        .collect();
    articles.sort_by(|a, b| {
        (b.meta.date, a.meta.order, &a.slug).cmp(&(a.meta.date, b.meta.order, &b.slug))
    });
    articles
}

/// The Q&A page, with each answer's place in the file; `None` when it does not validate.
fn load_qa(f: &SourceFile, diags: &mut Diagnostics) -> Option<QaPage> {
    match parse::<QaPage>(f, &f.text, 1) {
        Ok(mut q) => {
            q.file = f.rel.clone();
            diags.extend(quirks(f, &f.text, 1));
            let places = crate::load::scalar::item_scalars(&f.text, "items", "answer");
            if places.len() == q.items.len() {
                for (item, at) in q.items.iter_mut().zip(places) {
                    item.answer_at = at;
                }
            }
            check_qa_anchors(f, &q, diags);
            if !check_qa_items(f, &q, diags) {
                return None;
            }
            Some(q)
        }
        Err(d) => {
            diags.push(*d);
            None
        }
    }
}

/// The error of a site without `content/city.yaml`.
fn city_missing() -> Diagnostic {
    Diagnostic::error(
        "content/city.yaml",
        crate::messages::Text::both("is missing", "缺少这个文件"),
    )
    .help(crate::messages::Text::both(
        "add content/city.yaml with at least `name:`, `year:` and `date:`",
        "请添加 content/city.yaml，至少写 `name:`、`year:` 和 `date:`",
    ))
    .code(codes::CITY_MISSING)
}

/// The error of a site without a county file.
fn no_county() -> Diagnostic {
    Diagnostic::error(
        "content/counties",
        crate::messages::Text::both("holds no county", "其中没有任何县"),
    )
    .help(crate::messages::Text::both(
        "add content/counties/<slug>.yaml; `qingfeng new county SLUG` writes one",
        "请添加 content/counties/<拼音名>.yaml；`qingfeng new county 拼音名` 会生成一个",
    ))
    .code(codes::NO_COUNTY)
}

/// Whether every question and answer of the Q&A has text: an empty one would publish a
/// numbered heading without a question, or a question without its answer. Each empty one
/// is an error at its place (the item's line when it has none of its own).
fn check_qa_items(file: &SourceFile, qa: &QaPage, diags: &mut Diagnostics) -> bool {
    if qa.items.is_empty() {
        let mut d = Diagnostic::error(
            file.rel.clone(),
            crate::messages::Text::both(
                "the Q&A has no questions: `items:` lists none",
                "知识问答中没有问题：`items:` 下一项也没有",
            ),
        )
        .help(crate::messages::Text::both(
            "list the questions under `items:`, each as `- question: …` with `answer: …` below it, or delete the file for a site without a Q&A page",
            "请在 `items:` 下逐项写上问题，每项为 `- question: ……`，下一行写 `answer: ……`；网站不设知识问答页时删去这个文件",
        ))
        .code(codes::INVALID_VALUE);
        if let Some((line, column)) = KeyIndex::new(&file.text, 1).position("items") {
            d = d.at(&file.text, line, column);
        }
        diags.push(d);
        return false;
    }
    let blank =
        |item: &page::QaItem| item.question.trim().is_empty() || item.answer.trim().is_empty();
    if !qa.items.iter().any(blank) {
        return true;
    }
    // The answers were placed when the file was read; the questions only now.
    let questions = crate::load::scalar::item_scalars(&file.text, "items", "question");
    let question_at = |n: usize| questions.get(n).and_then(Option::as_ref);
    let mut clean = true;
    for (n, item) in qa.items.iter().enumerate() {
        let number = n + 1;
        for (empty, place, message) in [
            (
                item.question.trim().is_empty(),
                question_at(n),
                crate::t!("question {number} is empty", "第{number}个问题没有写问题"),
            ),
            (
                item.answer.trim().is_empty(),
                item.answer_at.as_ref(),
                crate::t!(
                    "the answer to question {number} is empty",
                    "第{number}个问题没有写回答"
                ),
            ),
        ] {
            if !empty {
                continue;
            }
            clean = false;
            let mut d = Diagnostic::error(file.rel.clone(), message)
                .help(crate::messages::Text::both(
                    "write the question and its answer, or remove the item (from its `-` to the next)",
                    "请写上问题和回答，或删去这一项（从它的“-”到下一项之前）",
                ))
                .code(codes::INVALID_VALUE);
            // Its own place, else its item's other text (an empty value has no place).
            let at = |place: Option<&crate::load::scalar::ScalarPlace>| {
                place?.locate(1, 1).map(|(line, column, _)| (line, column))
            };
            if let Some((line, column)) = at(place)
                .or_else(|| at(question_at(n)))
                .or_else(|| at(item.answer_at.as_ref()))
            {
                d = d.at(&file.text, line, column);
            }
            diags.push(d);
        }
    }
    clean
}

/// Every question's anchor is an id a URL can carry, and no two are the same.
fn check_qa_anchors(file: &SourceFile, qa: &QaPage, diags: &mut Diagnostics) {
    let mut seen = std::collections::HashSet::new();
    for item in &qa.items {
        let anchor = item.anchor();
        let valid = anchor
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            && !anchor.is_empty();
        let problem = if !valid {
            Some(crate::t!(
                "the id `{anchor}` cannot be an anchor",
                "编号 `{anchor}` 不能用作锚点"
            ))
        } else if !seen.insert(anchor.clone()) {
            Some(crate::t!(
                "two questions have the anchor `{anchor}`",
                "两个问题的锚点都是 `{anchor}`"
            ))
        } else {
            None
        };
        if let Some(message) = problem {
            let mut d = Diagnostic::error(file.rel.clone(), message)
                .help(crate::messages::Text::both(
                    "give each question its own `id:` of ASCII letters, digits, `-` and `_`",
                    "请为每个问题写不同的 `id:`，只用英文字母、数字、“-”和“_”",
                ))
                .code(codes::DUPLICATE_QUESTION_ID);
            if let Some(at) = file.text.find(&item.question) {
                let (line, column) = crate::diagnostic::line_col(&file.text, at);
                d = d.at(&file.text, line, column);
            }
            diags.push(d);
        }
    }
}

fn kind_rank(kind: county::DivisionKind) -> u8 {
    match kind {
        county::DivisionKind::District => 0,
        county::DivisionKind::City => 1,
        county::DivisionKind::County => 2,
    }
}

fn load_county(
    data: &SourceFile,
    narrative: Option<&SourceFile>,
    kept: Option<&kept::KeptParses>,
    diags: &mut Diagnostics,
) -> Option<County> {
    let parsed: CountyData = match kept.and_then(|k| k.get(&data.text)) {
        // Kept only when its parse had nothing to say.
        Some(d) => d,
        None => match parse(data, &data.text, 1) {
            Ok(d) => {
                let slips = quirks(data, &data.text, 1);
                if let (Some(k), true) = (kept, slips.is_empty()) {
                    k.keep(&data.text, &d);
                }
                diags.extend(slips);
                d
            }
            Err(d) => {
                diags.push(*d);
                // The narrative's own mistakes are reported in the same run.
                if let Some(f) = narrative {
                    let stem = f.path.file_stem().map(|s| s.to_string_lossy().to_string());
                    let _ = load_page(f, stem.unwrap_or_default(), diags);
                }
                return None;
            }
        },
    };
    let mut checker = Checker::new(data, &data.text, 1);
    parsed.check(&mut checker);
    let stem = data
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().to_string());
    if is_valid_slug(&parsed.slug) && stem.as_deref() != Some(parsed.slug.as_str()) {
        checker.error(
            "slug",
            crate::t!(
                "slug `{}` differs from the file name `{}`",
                "拼音名 `{}` 与文件名 `{}` 不一致",
                parsed.slug,
                stem.as_deref().unwrap_or_default()
            ),
            crate::messages::Text::both(
                "name the file after the slug, e.g. content/counties/yaodu.yaml for slug yaodu",
                "文件名应与拼音名一致，例如拼音名 yaodu 对应 content/counties/yaodu.yaml",
            ),
        );
    }
    let ok = !checker.found.iter().any(Diagnostic::is_error);
    diags.extend(checker.found);
    let narrative = narrative.and_then(|f| load_page(f, parsed.slug.clone(), diags));
    if !ok {
        return None;
    }
    let tally = Tally::of(&parsed);
    Some(County {
        figures: Figures::from_tally(&tally),
        tally,
        narrative,
        file: data.rel.clone(),
        data: parsed,
    })
}

fn load_page(file: &SourceFile, slug: String, diags: &mut Diagnostics) -> Option<Page> {
    let split = match front_matter::split(file) {
        Ok(s) => s,
        Err(d) => {
            diags.push(*d);
            return None;
        }
    };
    let meta: FrontMatter = match parse(file, split.yaml, split.yaml_line) {
        Ok(m) => {
            diags.extend(quirks(file, split.yaml, split.yaml_line));
            m
        }
        Err(d) => {
            diags.push(*d);
            return None;
        }
    };
    if meta.title.trim().is_empty() {
        let idx = KeyIndex::new(split.yaml, split.yaml_line);
        let mut d = Diagnostic::error(
            file.rel.clone(),
            crate::messages::Text::both("the title is empty", "标题为空"),
        )
        .help(crate::messages::Text::both(
            "write the page's title",
            "请填写页面标题",
        ))
        .code(codes::EMPTY_TITLE);
        if let Some((l, c)) = idx.position("title") {
            d = d.at(&file.text, l, c);
        }
        diags.push(d);
        return None;
    }
    if !references_in_front_matter(file, &split, &meta, diags) {
        return None;
    }
    Some(Page {
        slug,
        meta,
        // The body is the end of the file's text.
        body: page::Body::new(
            std::sync::Arc::clone(&file.text),
            file.text.len() - split.body.len(),
        ),
        body_line: split.body_line,
        file: file.rel.clone(),
    })
}

/// Whether the front matter's texts are free of figure references: a title, summary or
/// source is published as written (in lists, feeds, the page's `<title>`), so a `{{ … }}`
/// there is an error at its key, not text for readers.
fn references_in_front_matter(
    file: &SourceFile,
    split: &front_matter::Split<'_>,
    meta: &FrontMatter,
    diags: &mut Diagnostics,
) -> bool {
    let mut clean = true;
    for (key, text) in [
        ("title", &meta.title),
        ("summary", &meta.summary),
        ("source", &meta.source),
    ] {
        if !text.contains("{{") {
            continue;
        }
        clean = false;
        let idx = KeyIndex::new(split.yaml, split.yaml_line);
        let mut d = Diagnostic::error(
            file.rel.clone(),
            crate::t!(
                "{key}: a figure reference (`{{{{ … }}}}`) is not filled in here: the {key} is published as written",
                "{key}：这里的数据引用（`{{{{ … }}}}`）不会被替换，会被原样发布"
            ),
        )
        .help(crate::messages::Text::both(
            "write the figure in the body, where references are filled in, and keep the title, summary and source to words",
            "请把数字写在正文中（正文里的引用会被替换），标题、摘要和来源只写文字",
        ))
        .code(codes::UNRESOLVED_REFERENCE);
        if let Some((l, c)) = idx.position(key) {
            d = d.at(&file.text, l, c);
        }
        diags.push(d);
    }
    clean
}

fn check_unique_slugs(counties: &[Arc<County>], diags: &mut Diagnostics) {
    let mut seen: std::collections::HashMap<&str, &County> = std::collections::HashMap::new();
    for c in counties {
        if let Some(first) = seen.get(c.data.slug.as_str()) {
            diags.push(
                Diagnostic::error(
                    c.file.clone(),
                    crate::t!(
                        "slug `{}` is already used by {}",
                        "拼音名 `{}` 已被 {} 使用",
                        c.data.slug,
                        crate::platform::display_path(&first.file)
                    ),
                )
                .help(crate::messages::Text::both(
                    "give each county its own slug",
                    "请为每个县取不同的拼音名",
                ))
                .code(codes::DUPLICATE_SLUG),
            );
        } else {
            seen.insert(&c.data.slug, c);
        }
    }
}

/// Two counties of one region (one folder) with one name: lists, rankings and search would
/// show the name twice with nothing to tell them apart.
fn check_unique_names(sources: &Sources, counties: &[Arc<County>], diags: &mut Diagnostics) {
    let mut seen: std::collections::HashMap<(Option<&Path>, &str), &County> =
        std::collections::HashMap::new();
    for c in counties {
        let key = (c.file.parent(), c.data.name.trim());
        if let Some(first) = seen.get(&key) {
            let mut d = Diagnostic::error(
                c.file.clone(),
                crate::t!(
                    "the name `{}` is already used by {}",
                    "名称 `{}` 已被 {} 使用",
                    c.data.name,
                    crate::platform::display_path(&first.file)
                ),
            )
            .help(crate::messages::Text::both(
                "give each county of a region its own name (the name the division has, e.g. 安丘市)",
                "同一地区中每个县的名称应各不相同（写该县（市、区）的正式名称，例如 安丘市）",
            ))
            .code(codes::DUPLICATE_NAME);
            // At its `name:` line.
            let text = sources.counties.iter().find(|s| s.data.rel == c.file);
            if let Some(text) = text.map(|s| &s.data.text)
                && let Some((line, column)) =
                    crate::load::yaml::KeyIndex::new(text, 1).position("name")
            {
                d = d.at(text, line, column);
            }
            diags.push(d);
        } else {
            seen.insert(key, c);
        }
    }
}

/// The name `qingfeng new county` writes until the editor gives the real one.
pub const PLACEHOLDER_NAME: &str = "新增县";

/// A county's data or narrative that still says 新增县, the name `new county` wrote: the
/// page would be published with it. Part of the county's own validation, so that `serve`
/// reads only an edited county's files again.
fn check_placeholder_name(src: &CountySource, diags: &mut Diagnostics) {
    for file in std::iter::once(&src.data).chain(&src.narrative) {
        // The first outside a YAML comment (the scaffold names the county in one).
        let yaml = file.rel.extension().is_some_and(|e| e == "yaml");
        let text: &str = &file.text;
        let commented = |at: usize| {
            let line = text[..at].rfind('\n').map_or(0, |n| n + 1);
            yaml && text[line..].trim_start().starts_with('#')
        };
        let found = memchr::memmem::find_iter(text.as_bytes(), PLACEHOLDER_NAME.as_bytes())
            .find(|&at| !commented(at));
        let Some(at) = found else {
            continue;
        };
        let (line, column) = crate::diagnostic::line_col(&file.text, at);
        diags.push(
            Diagnostic::warning(
                file.rel.clone(),
                crate::t!(
                    "`{PLACEHOLDER_NAME}` is the placeholder `qingfeng new county` wrote; the page would be published with it",
                    "“{PLACEHOLDER_NAME}”是 `qingfeng new county` 写入的占位名称，会原样发布到页面上"
                ),
            )
            .at(&file.text, line, column)
            .help(crate::messages::Text::both(
                "write the county's name in its place (in the .yaml and in the .md's title, summary and text); `qingfeng new county SLUG --name 安丘市` writes it from the start",
                "改为该县（市、区）的正式名称（.yaml 中和 .md 的标题、摘要、正文中都要改）；`qingfeng new county 拼音名 --name 安丘市` 可在新建时直接写入",
            ))
            .code(codes::PLACEHOLDER_NAME),
        );
    }
}

fn load_city(
    file: &SourceFile,
    counties: &[Arc<County>],
    all_counties: bool,
    diags: &mut Diagnostics,
) -> Option<City> {
    let data: CityData = match parse(file, &file.text, 1) {
        Ok(d) => {
            diags.extend(quirks(file, &file.text, 1));
            d
        }
        Err(d) => {
            diags.push(*d);
            return None;
        }
    };
    let mut checker = Checker::new(file, &file.text, 1);
    data.check(&mut checker);
    let figures = Figures::from_tally(&Tally::sum(counties.iter().map(|c| &c.tally)));
    // With a county rejected, the sums are incomplete: its own errors say why.
    if all_counties {
        check_expected(&data, &figures, &mut checker);
        coverage_warnings(file, counties, diags);
    }
    let ok = !checker.found.iter().any(Diagnostic::is_error);
    diags.extend(checker.found);
    ok.then_some(City { data, figures })
}

/// Figures some counties give and others leave out: the city's changes are over fewer
/// counties than it has, and its totals of an optional count are unknown. Each is a
/// warning naming the counties that leave it out.
fn coverage_warnings(file: &SourceFile, counties: &[Arc<County>], diags: &mut Diagnostics) {
    let missing = |gives: &dyn Fn(&CountyData) -> bool| -> Vec<&str> {
        counties
            .iter()
            .filter(|c| !gives(&c.data))
            .map(|c| c.data.name.as_str())
            .collect()
    };
    let named = |names: &[&str]| -> String {
        if names.len() <= 5 {
            names.join("、")
        } else {
            format!("{}等{}个", names[..5].join("、"), names.len())
        }
    };
    let n = counties.len();
    let without_previous = missing(&|c| c.previous.is_some());
    if !without_previous.is_empty() && without_previous.len() < n {
        diags.push(
            Diagnostic::warning(
                file.rel.clone(),
                crate::t!("the city's term-over-term changes are over {} of {n} counties; no previous term in: {}", "全市的换届变化只涵盖 {n} 个县中的 {} 个：{} 没有填写上届数据",
                    n - without_previous.len(),
                    named(&without_previous)
                ),
            )
            .help(crate::messages::Text::both("add `previous:` to those counties' data; until then the change lines say how many counties they cover", "请为这些县补上 `previous:`；在此之前，变化数据会注明涵盖了几个县")).code(codes::PARTIAL_PREVIOUS),
        );
    }
    type Gives<'f> = &'f dyn Fn(&CountyData) -> bool;
    let optional: [(&str, Gives<'_>); 4] = [
        ("ethnic_minority", &|c| c.ethnic_minority.is_some()),
        ("grassroots_experience", &|c| {
            c.grassroots_experience.is_some()
        }),
        ("age.principal_around_40", &|c| {
            c.age.principal_around_40.is_some()
        }),
        ("promotions.agricultural_experts", &|c| {
            c.promotions.agricultural_experts.is_some()
        }),
    ];
    for (key, gives) in optional {
        let lacking = missing(gives);
        if !lacking.is_empty() && lacking.len() < n {
            diags.push(
                Diagnostic::warning(
                    file.rel.clone(),
                    crate::t!("`{key}` is given by {} of {n} counties, so the city's total is unknown: {} leave it out", "{n} 个县中只有 {} 个填写了 `{key}`，因此全市合计未知：{} 没有填写",
                        n - lacking.len(),
                        named(&lacking)
                    ),
                )
                .help(crate::messages::Text::both("add it to those counties' data (an optional count left out is unknown, not 0), or leave it out of every county", "请为这些县补上（可选人数不填表示未知，而不是 0），或所有县都不填")).code(codes::PARTIAL_TOTAL),
            );
        }
    }
}

/// Every total the city states must equal what the counties add up to.
fn check_expected(data: &CityData, figures: &Figures, checker: &mut Checker<'_>) {
    let computed = serde_json::to_value(figures).unwrap_or_default();
    // Every key computed, for the help of a stated key that is none of them (rare: made
    // only then).
    let keys = std::cell::OnceCell::new();
    let keys = || {
        keys.get_or_init(|| {
            let mut keys = Vec::new();
            flatten_keys(&computed, "", &mut keys);
            keys
        })
    };
    for (key, stated) in &data.expected {
        let at = format!("expected.{key}");
        let declared = crate::model::figure::figure_type(key).is_some();
        let actual = lookup(&computed, key).filter(|v| !v.is_null());
        if actual.is_none() && declared {
            checker.error(
                &at,
                crate::t!("`{key}` is unknown for this city: not every county gives what it is made of", "本市的 `{key}` 无法得出：并非每个县都填写了组成它的数据"),
                crate::messages::Text::both("give the figure (or the previous term) in every county's data, or drop this stated total", "请在每个县的数据中填写该数字（或上届数据），或删去这个合计"),
            );
            continue;
        }
        let Some(actual) = actual else {
            // `women_share` is nearest to `changes.women_share`, the change in points; the
            // share itself is `shares.women`.
            let share = key
                .strip_suffix("_share")
                .map(|base| format!("shares.{base}"))
                .filter(|k| keys().contains(k));
            let help = match share
                .as_deref()
                .or_else(|| nearest(key, keys().iter().map(String::as_str)))
            {
                Some(n) if share.is_some() => crate::t!(
                    "did you mean `{n}`, the share? (`changes.{key}` is its change against the previous term, in percentage points)",
                    "建议改为 `{n}`（占比）；`changes.{key}` 是比上届的变化（百分点）"
                ),
                Some(n) => crate::t!("did you mean `{n}`?", "建议改为 `{n}`"),
                None => crate::messages::Text::both(
                    "see the key table in docs/content-model.md",
                    "键名见 docs/content-model.md 中的表格",
                ),
            };
            checker.error(
                &at,
                crate::t!(
                    "`{key}` is not a figure qingfeng computes",
                    "`{key}` 不是 qingfeng 计算的数据"
                ),
                help,
            );
            continue;
        };
        let (Some(s), Some(a)) = (stated.as_f64(), actual.as_f64()) else {
            checker.error(
                &at,
                crate::t!("`{stated}` is not a number", "`{stated}` 不是数字"),
                crate::messages::Text::both("write the stated total as a number", "合计应写成数字"),
            );
            continue;
        };
        if (s - a).abs() > 1e-9 {
            checker.error(
                &at,
                crate::t!(
                    "the column states {stated}, but the counties add up to {actual}",
                    "栏目写的是 {stated}，但各县相加为 {actual}"
                ),
                crate::messages::Text::both(
                    "correct the county figures, or the stated total",
                    "请改正各县数据或该合计",
                ),
            );
        }
    }
}

fn flatten_keys(v: &serde_json::Value, prefix: &str, out: &mut Vec<String>) {
    if let serde_json::Value::Object(map) = v {
        for (k, v) in map {
            let key = if prefix.is_empty() {
                k.clone()
            } else {
                format!("{prefix}.{k}")
            };
            flatten_keys(v, &key, out);
            out.push(key);
        }
    }
}

/// Looks a dotted path up in a JSON value.
pub fn lookup<'a>(v: &'a serde_json::Value, path: &str) -> Option<&'a serde_json::Value> {
    path.split('.').try_fold(v, |v, k| match v {
        serde_json::Value::Object(m) => m.get(k),
        serde_json::Value::Array(a) => a.get(k.parse::<usize>().ok()?),
        _ => None,
    })
}
