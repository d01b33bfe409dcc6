//! `qingfeng build`: build the site and write it to the output folder.

use std::path::Path;
use std::time::Instant;

use rayon::prelude::*;

use crate::build::build_site_ledgered;
use crate::cli::BuildArgs;
use crate::config::Config;
use crate::diagnostic::Result;
use crate::memo::Ledger;
use crate::write::Writer;

/// Runs the build command.
pub fn execute(root: &Path, args: &BuildArgs) -> Result<()> {
    let start = Instant::now();
    // Best effort: without the handler an interrupt ends the build as the system does.
    let _ = crate::write::end_on_interrupt();
    let mut config = Config::load(root, args.output.as_deref())?;
    if args.no_cache {
        config = config.without_cache();
    }
    // The writer takes the lock and checks the output folder first; county pages go to its
    // staging as they are rendered, the rest once the build is done. Nothing is put in
    // place unless everything was made. A county page the previous build's ledger speaks
    // for, whose inputs did not change, stays in place untouched.
    let writer = Writer::begin(&config.root, &config.output_dir)?;
    let keep = |path: &str| writer.keep(path);
    let read = |path: &str| writer.read_own(path);
    let mut ledger = Ledger::new(writer.ledger(), &keep, &read);
    let built = build_site_ledgered(&config, &|f| writer.put(f), &mut ledger)?;
    let kept_other = ledger.kept_other_pages();
    let kept_images = ledger.kept_images();
    let search = ledger.search_resumed();
    let ledger = ledger.into_records();
    let warnings = crate::diagnostic::grouped(
        &built.warnings.0,
        args.verbose,
        |d| (crate::diagnostic::kind_of(d), d.file.clone()),
        |d| d.to_string(),
    );
    for w in warnings {
        crate::errln!("{w}");
    }
    let write_start = Instant::now();
    built.files.par_iter().try_for_each(|f| writer.put(f))?;
    let report = writer.finish_with_ledger(&ledger, &crate::memo::ledger::encode)?;
    if args.verbose {
        let kept = Kept {
            county_pages: built.reused_pages,
            other_pages: kept_other,
            images: kept_images,
            search,
        };
        print_steps(&built.timings, &kept, write_start.elapsed());
    }
    let (pages, charts, files) = (
        built.pages,
        built.charts,
        built.files.len() + built.streamed.len(),
    );
    let (written, unchanged, removed) = (report.written, report.unchanged, report.removed);
    let out = config.relative(&config.output_dir).display();
    let ms = start.elapsed().as_millis();
    let warnings = built.warnings.0.len();
    let summary = crate::t!(
        "built {pages} pages, {charts} charts, {files} files ({written} written, {unchanged} unchanged, {removed} removed) into {out} in {ms} ms",
        "已构建 {pages} 个页面、{charts} 张图表、{files} 个文件（写入 {written} 个，未变 {unchanged} 个，删除 {removed} 个），输出到 {out}，用时 {ms} 毫秒"
    );
    let tail = match warnings {
        0 => crate::messages::Text::both("", ""),
        1 => crate::messages::Text::both(", 1 warning", "，1 个警告"),
        n => crate::t!(", {n} warnings", "，{n} 个警告"),
    };
    crate::outln!("{summary}{tail}");
    Ok(())
}

/// What a build kept of the previous one's output, as `--verbose` reports it.
struct Kept {
    county_pages: usize,
    other_pages: usize,
    images: usize,
    search: crate::search::Resumed,
}

/// `--verbose`: what was kept in place, each step with its time, the write's, and the
/// peak memory.
fn print_steps(
    timings: &[(&'static str, std::time::Duration)],
    kept: &Kept,
    write: std::time::Duration,
) {
    let (n, kept_other, kept_images) = (kept.county_pages, kept.other_pages, kept.images);
    let lines = [
        (
            n,
            crate::t!(
                "  {n} county pages kept in place (their inputs did not change)",
                "  {n} 个县页面原样保留（输入未变）"
            ),
        ),
        (
            kept_other,
            crate::t!(
                "  {kept_other} region and list pages kept in place",
                "  {kept_other} 个地区页和列表页原样保留"
            ),
        ),
        (
            kept_images,
            crate::t!(
                "  {kept_images} link-preview cards kept in place",
                "  {kept_images} 张链接预览卡片原样保留"
            ),
        ),
        (
            usize::from(kept.search == crate::search::Resumed::Patched),
            crate::messages::Text::both(
                "  search index patched from the previous build's",
                "  搜索索引在上次构建的基础上修补",
            ),
        ),
        (
            usize::from(kept.search == crate::search::Resumed::Unchanged),
            crate::messages::Text::both(
                "  search index kept in place (no page's text changed)",
                "  搜索索引原样保留（没有页面的文字改变）",
            ),
        ),
    ];
    for (count, line) in lines {
        if count > 0 {
            crate::errln!("{line}");
        }
    }
    for (stage, t) in timings {
        crate::errln!("  {stage:<24} {:>8.2} ms", t.as_secs_f64() * 1000.0);
    }
    crate::errln!("  {:<24} {:>8.2} ms", "write", write.as_secs_f64() * 1000.0);
    if let Some(mb) = crate::platform::peak_memory_mb() {
        crate::errln!(
            "{}",
            crate::t!("  peak memory {mb:.1} MB", "  内存峰值 {mb:.1} MB")
        );
    }
}
