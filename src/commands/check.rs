//! `qingfeng check`: build in memory, check, print the report; with `--fix`, first apply
//! the copy-editor's safe fixes to the content files.
//!
//! Text output: each problem on stderr in the build's caret style, then the counts
//! (`N errors, M warnings`) on stdout. `--format json`: one JSON document on stdout and
//! nothing else there. "Today" is `QINGFENG_TODAY` (`YYYY-MM-DD`) when set, else the date in
//! China Standard Time (UTC+8).

use std::path::{Path, PathBuf};

use serde_json::json;

use crate::check::fix::{FileFix, fix_files, replace_figures};
use crate::check::suppress::Suppressions;
use crate::check::{self, DEFAULT_STALE_AFTER_DAYS, Options, Report, Selection, external};
use crate::cli::{CheckArgs, CheckFormat};
use crate::config::{CONFIG_FILE, Config};
use crate::diagnostic::{Error, Result};
use crate::load::{self, SourceFile, Sources};
use crate::model::date::Date;

/// The variable that sets "today" for the staleness rule, e.g. in tests.
pub const TODAY_VAR: &str = "QINGFENG_TODAY";

/// Runs the check command; returns the exit code (1 when there are errors).
pub fn execute(root: &Path, args: &CheckArgs) -> Result<i32> {
    let today = today()?;
    let config = match Config::load(root, None) {
        Ok(c) => c,
        Err(Error::Content(diagnostics)) => {
            return Ok(print(&Report::of(check::CONFIG, diagnostics.0), &[], args));
        }
        Err(e) => return Err(e),
    };
    let site_toml = std::fs::read_to_string(config.root.join(CONFIG_FILE)).unwrap_or_default();
    let (selection, config_problems) =
        Selection::new(&config.site.check.disabled_rules, &site_toml);
    // The content is read once: fixed in memory (and on disk), then checked.
    let (mut sources, load_diags) = load::load_sources(&config)?;
    let fixes = if args.fix {
        fix(&mut sources, &selection, &config.site.check.allow)?
    } else {
        Vec::new()
    };
    let options = Options {
        today,
        stale_after_days: config
            .site
            .check
            .stale_after_days
            .unwrap_or(DEFAULT_STALE_AFTER_DAYS),
        external: args.external.then(|| external::Settings {
            timeout: args.timeout.unwrap_or(external::DEFAULT_TIMEOUT),
            use_cache: !args.no_cache,
            extra_ca: std::env::var_os(external::tls::EXTRA_CA_VAR)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from),
        }),
    };
    let mut report = check::run(
        &config,
        &selection,
        &options,
        (sources.clone(), load_diags.clone()),
    )?;
    if args.fix_figures {
        let edits = report.figure_edits();
        let fixed = replace_figures(source_files_mut(&mut sources), &edits)?;
        for fix in &fixed {
            let (n, file) = (fix.total(), fix.file.display());
            let s = if n == 1 { "" } else { "s" };
            let line = crate::t!(
                "fixed {file}: {n} hand-typed figure{s} replaced by references",
                "已修正 {file}：{n} 处手写数字已改为数据引用"
            );
            crate::errln!("{line}");
        }
        if !fixed.is_empty() {
            report = check::run(&config, &selection, &options, (sources, load_diags))?;
        }
    }
    if args.verbose {
        for (step, t) in &report.timings {
            crate::errln!("  {step:<24} {:>8.2} ms", t.as_secs_f64() * 1000.0);
        }
        if let Some(mb) = crate::platform::peak_memory_mb() {
            crate::errln!(
                "{}",
                crate::t!("  peak memory {mb:.1} MB", "  内存峰值 {mb:.1} MB")
            );
        }
    }
    if crate::write::interrupted(&config.output_dir) {
        report.problems.push(check::Problem::from_diagnostic(
            check::BUILD,
            interrupted_build(&config),
        ));
    }
    let mut with_config = Report::of(check::CONFIG, config_problems);
    with_config.problems.append(&mut report.problems);
    report.problems = with_config.problems;
    Ok(print(&report, &fixes, args))
}

/// The output folder a killed build left part old, part new: not to be published as it is.
fn interrupted_build(config: &Config) -> crate::diagnostic::Diagnostic {
    let out = config.relative(&config.output_dir).to_path_buf();
    let shown = out.display();
    crate::diagnostic::Diagnostic::error(
        out.clone(),
        crate::t!(
            "the last build into {shown}/ was killed while it put its files in place: the folder is part the previous site, part the new one",
            "上一次构建在把文件放入 {shown}/ 时被强行终止：该文件夹一部分是旧网站，一部分是新网站"
        ),
    )
    .help(crate::messages::Text::both(
        "run `qingfeng build` (it completes the folder) before publishing it",
        "发布之前请先运行 `qingfeng build`（它会把文件夹补全）",
    ))
    .code(crate::messages::catalog::OUTPUT_INTERRUPTED)
}

/// Every content file, to be fixed.
fn source_files_mut(sources: &mut Sources) -> Vec<&mut SourceFile> {
    let mut files = Vec::new();
    files.extend(sources.city.iter_mut().chain(sources.qa.iter_mut()));
    for county in &mut sources.counties {
        files.push(&mut county.data);
        files.extend(county.narrative.as_mut());
    }
    for region in &mut sources.regions {
        files.push(&mut region.data);
        files.extend(region.narrative.as_mut());
    }
    files.extend(sources.articles.iter_mut());
    files
}

/// Applies the safe fixes to every content file and says what changed, on stderr.
/// Suppressed findings (`qingfeng-ignore`, `check_ignore`, `allow`) are left as they are.
fn fix(sources: &mut Sources, selection: &Selection, allow: &[String]) -> Result<Vec<FileFix>> {
    let suppressions = Suppressions::read(allow, check::source_files(sources));
    let fixes = fix_files(
        source_files_mut(sources),
        selection.copy_rules(),
        &suppressions,
    )?;
    for fix in &fixes {
        let counts: Vec<String> = fix
            .counts
            .iter()
            .map(|(rule, n)| format!("{n} {rule}"))
            .collect();
        let (file, counts_en) = (fix.file.display(), counts.join(", "));
        let counts_zh = counts.join("，");
        let line = match &fix.skipped {
            Some(why) => {
                let why = why.to_string();
                let code = crate::messages::catalog::FIX_NOT_WRITTEN;
                let frame = crate::messages::frame(crate::messages::lang());
                let (warning, colon) = (frame.warning, frame.colon);
                crate::t!(
                    "{warning}[{code}]{colon}not fixed {file}: {why} ({counts_en})",
                    "{warning}[{code}]{colon}未修正 {file}：{why}（{counts_zh}）"
                )
            }
            None => crate::t!("fixed {file}: {counts_en}", "已修正 {file}：{counts_zh}"),
        };
        crate::errln!("{line}");
        if fix.skipped.is_none()
            && let Some(n) = fix.counts.get("pinyin-gloss")
        {
            let was = if *n == 1 { " was" } else { "es were" };
            let note = crate::t!(
                "  note: {n} pinyin gloss{was} removed: the text looks copied from a rewritten mirror site; \
                 re-check {file} against the official source, not only the cleaned text",
                "  注意：删去了 {n} 处拼音注音：文字看来是从改写过的镜像网站复制的；\
                 请对照官方原文重新核对 {file}，不要只看清理后的文字"
            );
            crate::errln!("{note}");
        }
    }
    if fixes.is_empty() {
        crate::errln!(
            "{}",
            crate::messages::Text::both("nothing to fix", "没有需要修正的内容")
        );
    }
    Ok(fixes)
}

/// Prints the report and returns the exit code.
fn print(report: &Report, fixes: &[FileFix], args: &CheckArgs) -> i32 {
    match args.format {
        CheckFormat::Json => {
            let mut doc = report.to_json();
            if args.fix {
                doc["fixed"] = fixes
                    .iter()
                    .map(|f| json!({"file": f.file.to_string_lossy().replace('\\', "/"), "counts": f.counts, "written": f.skipped.is_none()}))
                    .collect();
            }
            crate::outln!("{doc:#}");
        }
        CheckFormat::Text => {
            let shown = crate::diagnostic::grouped(
                &report.problems,
                args.verbose,
                |p| {
                    let kind = format!("{}:{}", p.rule, crate::diagnostic::kind_of(&p.diagnostic));
                    (kind, p.diagnostic.file.clone())
                },
                |p| p.to_string(),
            );
            for line in shown {
                crate::errln!("{line}");
            }
            let links = report.external.len();
            match &report.fetched {
                None if links > 0 => {
                    let s = if links == 1 { "" } else { "s" };
                    let note = crate::t!(
                        "note: {links} external link{s} not asked; `qingfeng check --external` asks them",
                        "注意：{links} 个外部链接未检查；`qingfeng check --external` 会逐个访问"
                    );
                    crate::errln!("{note}");
                }
                None => {}
                Some(summary) => print_external(summary),
            }
            let label = match crate::messages::lang() {
                crate::messages::Lang::En => "check: ",
                crate::messages::Lang::Zh => "检查：",
            };
            crate::outln!("{label}{}", report.counts());
        }
    }
    i32::from(report.errors() > 0)
}

/// The end of `--external`: what came from the cache, then the hosts that did not answer.
fn print_external(summary: &external::Summary) {
    let (asked, cached) = (summary.checked.len(), summary.from_cache());
    if cached > 0 {
        let s = if asked == 1 { "" } else { "s" };
        let (dir, file) = (crate::cache::CACHE_DIR, external::cache::CACHE_FILE);
        let note = crate::t!(
            "note: {cached} of {asked} external link{s} answered within the last day (from {dir}/{file}); `--no-cache` asks again",
            "注意：{asked} 个外部链接中有 {cached} 个沿用最近一天内的结果（来自 {dir}/{file}）；加 `--no-cache` 可重新访问"
        );
        crate::errln!("{note}");
    }
    if let Some(problem) = &summary.cache_problem {
        let note = crate::t!("note: {problem}", "注意：{problem}");
        crate::errln!("{note}");
    }
    let hosts = summary.unreachable_hosts();
    if hosts.is_empty() {
        return;
    }
    let links: usize = hosts.iter().map(|h| h.links.len()).sum();
    let n = hosts.len();
    let (hs, ls) = (
        if n == 1 { "" } else { "s" },
        if links == 1 { "" } else { "s" },
    );
    let head = crate::t!(
        "unreachable: {n} host{hs}, {links} link{ls}:",
        "无法访问：{n} 个网站，{links} 个链接："
    );
    crate::errln!("{head}");
    for host in &hosts {
        let (name, reason, k) = (&host.host, &host.reason, host.links.len());
        let s = if k == 1 { "" } else { "s" };
        let line = crate::t!(
            "  {name}: {reason} ({k} link{s})",
            "  {name}：{reason}（{k} 个链接）"
        );
        crate::errln!("{line}");
        for link in &host.links {
            crate::errln!("    {link}");
        }
    }
}

/// Today's date: `QINGFENG_TODAY` when set, else the date in China (UTC+8).
fn today() -> Result<Date> {
    if let Ok(value) = std::env::var(TODAY_VAR) {
        return Date::parse(&value).ok_or_else(|| {
            Error::usage(
                crate::messages::catalog::BAD_TODAY,
                crate::t!(
                    "{TODAY_VAR}=`{value}` is not a date; write YYYY-MM-DD, e.g. 2016-08-20",
                    "{TODAY_VAR}=`{value}` 不是日期；应为 YYYY-MM-DD 格式，例如 2016-08-20"
                ),
            )
        });
    }
    Ok(Date::today_in_china())
}
