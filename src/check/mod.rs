//! `qingfeng check`: everything `build` validates, plus the links of the would-be output,
//! the Chinese copy of every content file and the column's freshness, as one [`Report`].
//! Nothing is written: the site is built in memory only.
//!
//! Each problem carries a rule name. The copy-editor's rules ([`copy::RULE_NAMES`]) and
//! [`CHECK_RULES`] can be switched off in `site.toml` (`[check] disabled_rules`), or
//! suppressed where a finding is known and fine ([`suppress`]); what the build itself finds
//! (rule `build`) and errors in `site.toml` (rule `config`) cannot.

pub mod copy;
pub mod external;
pub mod fix;
pub mod links;
pub mod scope;
pub mod suppress;
pub mod traditional;
pub mod yaml_text;

use std::collections::HashSet;
use std::fmt;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Instant;

use rayon::prelude::*;
use serde_json::{Value, json};

use crate::build::{Built, Inspected, build_for_check};
use crate::config::{CONFIG_FILE, Config};
use crate::diagnostic::{Diagnostic, Diagnostics, Error, Result, edit_distance, line_col};
use crate::load::{SourceFile, Sources};
use crate::messages::catalog as codes;
use crate::model::{Model, date::Date};
use crate::render::OutputFile;
use crate::url::PagePath;
use copy::figures::ProseScope;
use links::{BrokenLink, PageLinks};
use scope::Scopes;
use suppress::Suppressions;

/// What the build pipeline reports (data, front matter, templates): never switched off.
pub const BUILD: &str = "build";
/// A problem in `site.toml` found by `check` itself.
pub const CONFIG: &str = "config";
/// An internal link or fragment of the output that leads nowhere.
pub const BROKEN_LINK: &str = "broken-link";
/// An `id` given to two elements of one output page.
pub const DUPLICATE_ID: &str = "duplicate-id";
/// The newest dated item is older than `stale_after_days`.
pub const STALE_COLUMN: &str = "stale-column";
/// An external link that did not answer, answered with an error, or has moved permanently
/// (`--external`).
pub const EXTERNAL_LINK: &str = "external-link";

/// A suppression that suppresses nothing, or names no rule ([`suppress`]).
pub const UNUSED_SUPPRESSION: &str = suppress::UNUSED_SUPPRESSION;

/// The rules of `check` besides the copy-editor's, as named in `[check] disabled_rules`.
pub const CHECK_RULES: &[&str] = &[
    BROKEN_LINK,
    DUPLICATE_ID,
    STALE_COLUMN,
    EXTERNAL_LINK,
    UNUSED_SUPPRESSION,
];

/// The copy-editor's rules comparing printed figures with the data.
const FIGURE_RULES: &[&str] = &["share-mismatch", "figure-mismatch", "hand-typed-figure"];

/// A finding's text longer than this (in characters) is not repeated in its help line.
const LONG_TEXT: usize = 16;

/// Days after which the column counts as stale when `site.toml` does not say.
pub const DEFAULT_STALE_AFTER_DAYS: u32 = 14;

/// Which rules are on.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    copy: copy::Rules,
    off: Vec<&'static str>,
}

impl Selection {
    /// The rules left on by `disabled` (from `[check] disabled_rules`). Unknown names are
    /// returned as `site.toml` errors naming the nearest rule, placed in `site_toml` (the
    /// file's text) when found there; the known names are switched off either way.
    pub fn new(disabled: &[String], site_toml: &str) -> (Selection, Vec<Diagnostic>) {
        let known: Vec<&'static str> = copy::RULE_NAMES
            .iter()
            .chain(CHECK_RULES)
            .copied()
            .collect();
        let mut selection = Selection::default();
        let mut problems = Vec::new();
        for name in disabled {
            match known.iter().find(|k| **k == name.as_str()) {
                Some(rule) => {
                    selection.off.push(rule);
                }
                None => {
                    let nearest = known
                        .iter()
                        .min_by_key(|k| edit_distance(name, k))
                        .copied()
                        .unwrap_or(BROKEN_LINK);
                    let rules = known.join(", ");
                    let mut d = Diagnostic::error(
                        CONFIG_FILE,
                        crate::t!(
                            "[check] disabled_rules: there is no rule `{name}`",
                            "[check] disabled_rules：没有名为 `{name}` 的规则"
                        ),
                    )
                    .help(crate::t!(
                        "did you mean `{nearest}`? The rules are: {rules}",
                        "建议改为 `{nearest}`。所有规则：{rules}"
                    ))
                    .code(codes::UNKNOWN_CHECK_RULE);
                    if let Some(at) = site_toml.find(&format!("\"{name}\"")) {
                        let (line, column) = line_col(site_toml, at + 1);
                        d = d.at(site_toml, line, column);
                    }
                    problems.push(d);
                }
            }
        }
        let copy_off: Vec<String> = selection
            .off
            .iter()
            .filter(|r| copy::RULE_NAMES.contains(r))
            .map(|r| (*r).to_string())
            .collect();
        // Every name is known here, so this cannot fail.
        let _ = selection.copy.without(&copy_off);
        (selection, problems)
    }

    /// Whether the rule named `rule` is on. `build` and `config` always are.
    pub fn is_enabled(&self, rule: &str) -> bool {
        !self.off.contains(&rule)
    }

    /// The copy-editor's rules that are on.
    pub fn copy_rules(&self) -> &copy::Rules {
        &self.copy
    }
}

/// How to check.
#[derive(Debug, Clone)]
pub struct Options {
    /// The day to measure staleness against.
    pub today: Date,
    /// Days after which the column counts as stale.
    pub stale_after_days: u32,
    /// How to ask the external links (`--external`); `None`: they are only listed.
    pub external: Option<external::Settings>,
}

/// One problem: a rule, the offending text and, where one is safe, its replacement; shown
/// through its [`Diagnostic`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The rule's name.
    pub rule: &'static str,
    /// The offending text (empty when the problem concerns no particular text).
    pub text: String,
    /// The replacement for `text` when the fix is mechanical (empty: delete it).
    pub suggestion: Option<String>,
    /// Where, how serious, what and how to fix, without the `[rule]` prefix.
    pub diagnostic: Diagnostic,
    /// The byte range of `text` in the content file, for a copy-edit finding.
    pub span: Option<std::ops::Range<usize>>,
}

impl Problem {
    /// A problem the build pipeline (or `site.toml`) reported; it keeps its own code, or
    /// takes its rule's.
    pub fn from_diagnostic(rule: &'static str, mut diagnostic: Diagnostic) -> Problem {
        if diagnostic.code == codes::UNCODED
            && let Some(code) = code_of_rule(rule)
        {
            diagnostic.code = code;
        }
        Problem {
            rule,
            text: String::new(),
            suggestion: None,
            diagnostic,
            span: None,
        }
    }

    /// A copy-edit finding in `file`.
    fn from_finding(finding: copy::Finding, file: &SourceFile) -> Problem {
        let mut d = Diagnostic {
            severity: finding.severity,
            ..Diagnostic::error(file.rel.clone(), finding.message)
        }
        .at(&file.text, finding.line, finding.column);
        if let Some(code) = code_of_rule(finding.rule) {
            d.code = code;
        }
        let (by_fix, by_fix_zh) = if finding.rule == "hand-typed-figure" {
            (
                " (`qingfeng check --fix-figures` does this)",
                "（`qingfeng check --fix-figures` 可自动修改）",
            )
        } else if FIGURE_RULES.contains(&finding.rule) {
            ("", "")
        } else {
            (
                " (`qingfeng check --fix` does this)",
                "（`qingfeng check --fix` 可自动修改）",
            )
        };
        let text = &finding.text;
        match finding.suggestion.as_deref() {
            // A grouped finding (a line's Traditional characters): its message lists them.
            Some(_) if finding.text.chars().count() > LONG_TEXT => {
                d = d.help(crate::t!(
                    "replace each as listed{by_fix}",
                    "按所列逐一替换{by_fix_zh}"
                ));
            }
            Some("") => {
                d = d.help(crate::t!(
                    "delete `{text}`{by_fix}",
                    "删去“{text}”{by_fix_zh}"
                ))
            }
            Some(s) => {
                d = d.help(crate::t!(
                    "write `{s}` instead of `{text}`{by_fix}",
                    "建议把“{text}”改为“{s}”{by_fix_zh}"
                ))
            }
            None => {}
        }
        Problem {
            rule: finding.rule,
            text: finding.text,
            suggestion: finding.suggestion,
            diagnostic: d,
            span: Some(finding.byte_range),
        }
    }

    /// Whether the problem fails the check.
    pub fn is_error(&self) -> bool {
        self.diagnostic.is_error()
    }

    /// The problem as one JSON object.
    pub fn to_json(&self) -> Value {
        let d = &self.diagnostic;
        let lang = crate::messages::lang();
        json!({
            "file": d.file.to_string_lossy().replace('\\', "/"),
            "line": d.line,
            "column": d.column,
            "severity": d.severity,
            "code": d.code,
            "rule": self.rule,
            "text": self.text,
            "message": d.message_in(lang),
            "suggestion": self.suggestion,
            "help": d.help_in(lang),
        })
    }
}

impl fmt::Display for Problem {
    /// The diagnostic's caret display, its message prefixed with `[rule]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = self.diagnostic.clone();
        d.message = format!("[{}] {}", self.rule, d.message);
        let zh = d.zh.as_ref().and_then(|z| z.message.as_ref());
        let zh = zh.map(|zh| format!("[{}] {zh}", self.rule));
        d.set_message_zh(zh);
        d.fmt(f)
    }
}

/// The code of the findings of `rule` (`build` and `config` findings keep their own).
pub fn code_of_rule(rule: &str) -> Option<crate::messages::Code> {
    Some(match rule {
        copy::PINYIN_GLOSS => codes::PINYIN_GLOSS,
        copy::DOUBLED_PUNCTUATION => codes::DOUBLED_PUNCTUATION,
        copy::HALFWIDTH_PUNCTUATION => codes::HALFWIDTH_PUNCTUATION,
        copy::UNPAIRED_BRACKET => codes::UNPAIRED_BRACKET,
        copy::TRADITIONAL_CHAR => codes::TRADITIONAL_CHAR,
        copy::EMPHASIS_PUNCTUATION => codes::EMPHASIS_PUNCTUATION,
        copy::SPACE_BETWEEN_CJK_DIGIT => codes::SPACE_BETWEEN_CJK_DIGIT,
        copy::SHARE_MISMATCH => codes::SHARE_MISMATCH,
        copy::FIGURE_MISMATCH => codes::FIGURE_MISMATCH,
        copy::HAND_TYPED_FIGURE => codes::HAND_TYPED_FIGURE,
        BROKEN_LINK => codes::BROKEN_LINK,
        DUPLICATE_ID => codes::DUPLICATE_ID,
        STALE_COLUMN => codes::STALE_COLUMN,
        EXTERNAL_LINK => codes::EXTERNAL_LINK,
        UNUSED_SUPPRESSION => codes::UNUSED_SUPPRESSION,
        _ => return None,
    })
}

/// Everything `check` found.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// The problems, sorted by file and position.
    pub problems: Vec<Problem>,
    /// The output's external links (empty when the site did not build).
    pub external: Vec<links::ExternalLink>,
    /// What asking the external links gave (`--external`).
    pub fetched: Option<external::Summary>,
    /// Each step's name and time: the build's, then the check's own (`check --verbose`).
    pub timings: Vec<(&'static str, std::time::Duration)>,
}

impl Report {
    /// The hand-typed figures that a reference can replace: (file, byte range, reference).
    pub fn figure_edits(&self) -> Vec<(PathBuf, std::ops::Range<usize>, String)> {
        self.problems
            .iter()
            .filter(|p| p.rule == "hand-typed-figure")
            .filter_map(|p| {
                Some((
                    p.diagnostic.file.clone(),
                    p.span.clone()?,
                    p.suggestion.clone()?,
                ))
            })
            .collect()
    }

    /// A report of problems only, e.g. when `site.toml` cannot be read.
    pub fn of(rule: &'static str, diagnostics: impl IntoIterator<Item = Diagnostic>) -> Report {
        let mut report = Report {
            problems: diagnostics
                .into_iter()
                .map(|d| Problem::from_diagnostic(rule, d))
                .collect(),
            ..Report::default()
        };
        report.sort();
        report
    }

    /// The number of errors.
    pub fn errors(&self) -> usize {
        self.problems.iter().filter(|p| p.is_error()).count()
    }

    /// The number of warnings.
    pub fn warnings(&self) -> usize {
        self.problems.len() - self.errors()
    }

    /// `3 errors, 1 warning`.
    pub fn counts(&self) -> String {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        let (errors, warnings) = (self.errors(), self.warnings());
        match crate::messages::lang() {
            crate::messages::Lang::En => format!(
                "{}, {}",
                plural(errors, "error"),
                plural(warnings, "warning")
            ),
            crate::messages::Lang::Zh => format!("{errors} 个错误，{warnings} 个警告"),
        }
    }

    /// The report as one JSON document: `{"findings": […], "errors": N, "warnings": M,
    /// "external_links": [{"url", "pages"}]}`; with `--external`, each link also carries
    /// what asking it gave, and `"unreachable_hosts": [{"host", "reason", "links"}]`.
    pub fn to_json(&self) -> Value {
        let mut doc = json!({
            "findings": self.problems.iter().map(Problem::to_json).collect::<Vec<_>>(),
            "errors": self.errors(),
            "warnings": self.warnings(),
            "external_links": self
                .external
                .iter()
                .map(|e| {
                    let mut link = json!({"url": e.url, "pages": e.pages.len()});
                    if let Some(summary) = &self.fetched {
                        link["result"] = summary.link_json(&e.url);
                    }
                    link
                })
                .collect::<Vec<_>>(),
        });
        if let Some(summary) = &self.fetched {
            doc["unreachable_hosts"] = summary
                .unreachable_hosts()
                .into_iter()
                .map(|h| json!({"host": h.host, "reason": h.reason, "links": h.links}))
                .collect();
        }
        doc
    }

    fn sort(&mut self) {
        self.problems.sort_by(|a, b| {
            let (x, y) = (&a.diagnostic, &b.diagnostic);
            (&x.file, x.line, x.column, a.rule, &x.message)
                .cmp(&(&y.file, y.line, y.column, b.rule, &y.message))
        });
        self.problems.dedup();
    }
}

/// Checks the site of `config` with the rules of `selection`.
/// `loaded` is the site's content as read (and fixed) by the caller, with what reading
/// it found.
pub fn run(
    config: &Config,
    selection: &Selection,
    options: &Options,
    loaded: (Sources, Diagnostics),
) -> Result<Report> {
    let mut report = Report::default();
    // One load and one validation: the build keeps what it read for the rules below. The
    // county pages are not kept: their links and ids are read as each is made.
    let streamed: Mutex<Vec<PageLinks>> = Mutex::new(Vec::new());
    let sink = |file: &OutputFile| -> Result<()> {
        if let Some(page) = PageLinks::of(file)
            && let Ok(mut pages) = streamed.lock()
        {
            pages.push(page);
        }
        Ok(())
    };
    let Inspected {
        sources,
        model,
        built,
    } = build_for_check(config, loaded, Some(&sink))?;
    let built = report.build_problems(built)?;
    let suppressions = Suppressions::read(&config.site.check.allow, source_files(&sources));

    let started = Instant::now();
    let copy = copy_rules(&sources, model.as_ref(), selection, &suppressions);
    report.problems.extend(copy);
    report.timings.push(("copy rules", started.elapsed()));

    let started = Instant::now();
    if let Some(built) = &built {
        let streamed = streamed.into_inner().unwrap_or_default();
        report.link_rules(built, streamed, (&sources, config), selection);
    }
    report.timings.push(("links", started.elapsed()));

    if let Some(model) = &model
        && selection.is_enabled(STALE_COLUMN)
        && let Some(problem) = stale_column(model, &sources, options)
    {
        report.problems.push(problem);
    }
    if let Some(settings) = &options.external
        && selection.is_enabled(EXTERNAL_LINK)
    {
        report.external_rules(settings, config, &sources)?;
    }
    report.suppress(&suppressions, &sources, selection, config);
    report.sort();
    Ok(report)
}

impl Report {
    /// Takes the build's warnings, or the content errors that stopped it, as problems:
    /// the site built, if it did.
    fn build_problems(&mut self, built: Result<Built>) -> Result<Option<Built>> {
        match built {
            Ok(built) => {
                self.timings.extend(built.timings.iter().copied());
                let warnings = built.warnings.0.iter().cloned();
                self.problems
                    .extend(warnings.map(|d| Problem::from_diagnostic(BUILD, d)));
                Ok(Some(built))
            }
            Err(Error::Content(diagnostics)) => {
                let errors = diagnostics.0.into_iter();
                self.problems
                    .extend(errors.map(|d| Problem::from_diagnostic(BUILD, d)));
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    /// The links and ids of every page built (`streamed`: the county pages, read as they
    /// were made): broken links and repeated ids, and the external links for later.
    fn link_rules(
        &mut self,
        built: &Built,
        mut streamed: Vec<PageLinks>,
        (sources, config): (&Sources, &Config),
        selection: &Selection,
    ) {
        let mut pages: Vec<PageLinks> = built.files.iter().filter_map(PageLinks::of).collect();
        pages.append(&mut streamed);
        // Pages come from the sink in the order threads finished them.
        pages.sort_by(|a, b| a.path.cmp(&b.path));
        let paths: HashSet<&str> = built
            .files
            .iter()
            .map(|f| f.path.as_str())
            .chain(built.streamed.iter().map(String::as_str))
            .collect();
        let links = links::check_pages(&pages, &paths, config.base_url().as_deref());
        if selection.is_enabled(BROKEN_LINK) {
            for broken in &links.broken {
                self.problems.push(broken_link(broken, sources, config));
            }
        }
        if selection.is_enabled(DUPLICATE_ID) {
            let repeated = links.repeated_ids.iter();
            self.problems
                .extend(repeated.map(|r| repeated_id(r, config)));
        }
        self.external = links.external;
    }

    /// Fetches the external links found (`check --external`).
    fn external_rules(
        &mut self,
        settings: &external::Settings,
        config: &Config,
        sources: &Sources,
    ) -> Result<()> {
        let summary = external::check(&self.external, settings, config)
            .map_err(|e| Error::usage(codes::EXTERNAL_FAILED, e))?;
        let found = external::problems(&summary, &self.external, config, sources);
        self.problems.extend(found);
        self.fetched = Some(summary);
        Ok(())
    }

    /// Drops the other rules' problems that a suppression in a content file covers (the
    /// copy rules applied theirs), then adds the suppressions that suppressed nothing.
    fn suppress(
        &mut self,
        suppressions: &Suppressions,
        sources: &Sources,
        selection: &Selection,
        config: &Config,
    ) {
        self.problems.retain(|problem| {
            copy::RULE_NAMES.contains(&problem.rule)
                || !suppressions.suppresses_problem(problem, source_files(sources))
        });
        if selection.is_enabled(UNUSED_SUPPRESSION) {
            let site_toml =
                std::fs::read_to_string(config.root.join(CONFIG_FILE)).unwrap_or_default();
            self.problems
                .extend(suppressions.unused(selection, &site_toml));
        }
    }
}

/// The copy rules over every content file, in parallel, each in its owner's scope.
fn copy_rules(
    sources: &Sources,
    model: Option<&Model>,
    selection: &Selection,
    suppressions: &Suppressions,
) -> Vec<Problem> {
    let scopes = model.map(Scopes::of).unwrap_or_default();
    let copy: Vec<Vec<Problem>> = files_with_slug(sources)
        .into_par_iter()
        .map(|(file, owner)| {
            let scope = match owner {
                Owner::County(slug) => scopes.county(&slug),
                Owner::Region(slug) => scopes.region(&slug),
                Owner::City => scopes.city(),
            };
            copy_problems(file, selection, scope, suppressions)
        })
        .collect();
    copy.into_iter().flatten().collect()
}

/// Every content file, in a stable order.
pub fn source_files(sources: &Sources) -> Vec<&SourceFile> {
    files_with_slug(sources)
        .into_iter()
        .map(|(f, _)| f)
        .collect()
}

/// Whose figures a content file's prose is about.
#[derive(Debug, Clone)]
enum Owner {
    /// The site's root: an article, the Q&A, `city.yaml`.
    City,
    /// A county's data or narrative, by its slug.
    County(String),
    /// An inner region's `_index.yaml` or `_index.md`, by its folder's name.
    Region(String),
}

/// Every content file, in a stable order, with whose figures it is about.
fn files_with_slug(sources: &Sources) -> Vec<(&SourceFile, Owner)> {
    let mut files: Vec<(&SourceFile, Owner)> = sources
        .city
        .iter()
        .chain(&sources.qa)
        .map(|f| (f, Owner::City))
        .collect();
    for county in &sources.counties {
        let owner = crate::load::page_name(&county.data.path).map_or(Owner::City, Owner::County);
        files.push((&county.data, owner.clone()));
        files.extend(county.narrative.iter().map(|f| (f, owner.clone())));
    }
    for region in &sources.regions {
        let folders = crate::load::region_folders(&region.data.rel);
        let owner = folders.last().cloned().map_or(Owner::City, Owner::Region);
        files.push((&region.data, owner.clone()));
        files.extend(region.narrative.iter().map(|f| (f, owner.clone())));
    }
    files.extend(sources.articles.iter().map(|f| (f, Owner::City)));
    files
}

/// The copy-editor's findings in one whole file, so that lines are the file's lines.
/// YAML files are checked through [`yaml_text::values_only`].
fn copy_problems(
    file: &SourceFile,
    selection: &Selection,
    mut scope: ProseScope<'_>,
    suppressions: &Suppressions,
) -> Vec<Problem> {
    let rules = selection.copy_rules();
    let yaml = is_yaml(&file.path);
    let checked = if yaml {
        yaml_text::values_only(&file.text)
    } else {
        file.text.to_string()
    };
    // A reference can replace a hand-typed figure in Markdown only.
    scope.hand_typed = !yaml;
    let figures = FIGURE_RULES.iter().any(|r| rules.is_enabled(r));
    let mut findings = copy::check_text_and_figures(&checked, rules, figures.then_some(&scope));
    let suppressed = suppressions.file(&file.rel, &file.text);
    findings.retain(|f| !suppressed.suppresses(f.rule, f.line, f.byte_range.clone()));
    copy::group_traditional(&file.text, findings)
        .into_iter()
        .map(|mut f| {
            if yaml {
                f.text = file
                    .text
                    .get(f.byte_range.clone())
                    .unwrap_or_default()
                    .to_string();
            }
            Problem::from_finding(f, file)
        })
        .collect()
}

/// Whether `path` names a YAML file.
pub fn is_yaml(path: &std::path::Path) -> bool {
    path.extension().is_some_and(|e| e == "yaml" || e == "yml")
}

/// The content file an output page was made from, if it was made from one.
fn source_of<'a>(page: &str, sources: &'a Sources) -> Option<&'a SourceFile> {
    let stem = |f: &SourceFile| crate::load::page_name(&f.path);
    match PagePath::parse(page)? {
        PagePath::Article(slug) => sources
            .articles
            .iter()
            .find(|f| stem(f).as_deref() == Some(slug)),
        PagePath::County(slug) => sources
            .counties
            .iter()
            .find(|c| stem(&c.data).as_deref() == Some(slug))
            .map(|c| c.narrative.as_ref().unwrap_or(&c.data)),
        PagePath::Region(slug) => sources
            .regions
            .iter()
            .find(|r| {
                crate::load::region_folders(&r.data.rel)
                    .last()
                    .map(String::as_str)
                    == Some(slug)
            })
            .map(|r| r.narrative.as_ref().unwrap_or(&r.data)),
        PagePath::Qa => sources.qa.as_ref(),
        PagePath::Discipline => sources.city.as_ref(),
        _ => None,
    }
}

/// The output page's path for messages, e.g. `public/index.html`.
fn output_path(config: &Config, page: &str) -> PathBuf {
    config.relative(&config.output_dir).join(page)
}

/// The problem of an id given twice on one page: only the theme's templates can do that
/// (a body's headings and footnotes never take an id in use), so it is placed in the page.
fn repeated_id(repeated: &links::RepeatedId, config: &Config) -> Problem {
    let page = output_path(config, &repeated.page);
    let id = &repeated.id;
    let mut diagnostic = Diagnostic::error(
        page.clone(),
        crate::t!(
            "id=\"{id}\" is given to two elements of page {}: a link to #{id} reaches only the first",
            "页面 {} 上有两个元素都是 id=\"{id}\"：链接 #{id} 只能到达第一个",
            page.display()
        ),
    )
    .help(crate::messages::Text::both(
        "give each element of the theme's templates its own id (a template included twice on a page writes its ids twice)",
        "请让主题模板中每个元素的 id 各不相同（一个模板在同一页面被包含两次，会把其中的 id 写两遍）",
    ))
    .code(codes::DUPLICATE_ID);
    diagnostic.line = repeated.line;
    Problem {
        rule: DUPLICATE_ID,
        text: id.clone(),
        suggestion: None,
        diagnostic,
        span: None,
    }
}

fn broken_link(broken: &BrokenLink, sources: &Sources, config: &Config) -> Problem {
    let page = output_path(config, &broken.page);
    // Placed in the content file when the link is written there (as a link, in any of the
    // forms the page may have rewritten, and then named as written), else in the output page.
    let located = source_of(&broken.page, sources).and_then(|file| {
        crate::markdown::written_forms(&broken.page, &broken.url)
            .into_iter()
            .find_map(|form| {
                let at = crate::markdown::written_at(&file.text, &form)?;
                Some((file, at, form))
            })
    });
    let message = |url: &str| {
        // `%E4%B8%8D` is shown as the editor wrote it: `不`.
        let decoded = crate::url::percent_decode(url).unwrap_or_else(|| url.to_string());
        let page = page.display();
        let (reason_en, reason_zh) = (
            &broken.reason.en,
            broken.reason.get(crate::messages::Lang::Zh),
        );
        let message = crate::t!(
            "broken link `{decoded}` on page {page}: {reason_en}",
            "页面 {page} 上的链接 `{decoded}` 无效：{reason_zh}"
        );
        (decoded, message)
    };
    let (text, diagnostic) = match located {
        Some((file, at, form)) => {
            let (line, column) = line_col(&file.text, at);
            let (_, message) = message(&form);
            let diagnostic = Diagnostic::error(file.rel.clone(), message)
                .at(&file.text, line, column)
                .help(crate::messages::Text::both(
                    "point the link at a page or file of the site, or at an id on that page",
                    "请把链接指向网站中的页面或文件，或该页面上的锚点",
                ))
                .code(codes::BROKEN_LINK);
            (form, diagnostic)
        }
        None => {
            let (decoded, message) = message(&broken.url);
            let mut d = Diagnostic::error(page.clone(), message)
                .help(crate::messages::Text::both(
                    "the link comes from the theme's templates or the site's settings",
                    "这个链接来自主题模板或网站设置",
                ))
                .code(codes::BROKEN_LINK);
            d.line = broken.line;
            (decoded, d)
        }
    };
    Problem {
        rule: BROKEN_LINK,
        text,
        suggestion: None,
        diagnostic,
        span: None,
    }
}

/// `stale-column`: the newest dated item is more than `stale_after_days` before today.
fn stale_column(model: &Model, sources: &Sources, options: &Options) -> Option<Problem> {
    let newest = model.last_updated();
    let age = options.today.days_since_epoch() - newest.days_since_epoch();
    if age <= i64::from(options.stale_after_days) {
        return None;
    }
    // The file holding the newest date, to point at.
    let file = model
        .articles
        .iter()
        .filter(|a| a.meta.date == newest)
        .map(|a| a.file.clone())
        .chain(
            model
                .counties
                .iter()
                .filter(|c| c.data.date == newest)
                .map(|c| c.file.clone()),
        )
        .chain(
            sources
                .qa
                .iter()
                .filter(|_| model.qa.as_ref().is_some_and(|q| q.date == newest))
                .map(|f| f.rel.clone()),
        )
        .next()
        .or_else(|| sources.city.as_ref().map(|f| f.rel.clone()))
        .unwrap_or_else(|| PathBuf::from("content"));
    let message = crate::t!(
        "the newest item is dated {newest}, {age} days before today ({}); the column counts as stale after {} days",
        "最新内容的日期是 {newest}，比今天（{}）早 {age} 天；超过 {} 天未更新的栏目视为过时",
        options.today,
        options.stale_after_days
    );
    Some(Problem {
        rule: STALE_COLUMN,
        text: newest.to_string(),
        suggestion: None,
        diagnostic: Diagnostic::warning(file, message)
            .help(crate::messages::Text::both(
                "publish an update to the column, or set `stale_after_days` under [check] in site.toml",
                "请发布栏目更新，或在 site.toml 的 [check] 中设置 `stale_after_days`",
            ))
            .code(codes::STALE_COLUMN),
        span: None,
    })
}
