//! `qingfeng build`: build the site and write it to the output folder.

use std::path::Path;
use std::time::Instant;

use crate::build::build_site;
use crate::cli::BuildArgs;
use crate::config::Config;
use crate::diagnostic::Result;
use crate::write::write_site;

/// Runs the build command.
pub fn execute(root: &Path, args: &BuildArgs) -> Result<()> {
    let start = Instant::now();
    let config = Config::load(root, args.output.as_deref())?;
    let built = build_site(&config)?;
    for w in &built.warnings.0 {
        eprintln!("{w}");
    }
    let write_start = Instant::now();
    let report = write_site(&config.root, &config.output_dir, &built.files)?;
    if args.verbose {
        for (stage, t) in &built.timings {
            eprintln!("  {stage:<24} {:>8.2} ms", t.as_secs_f64() * 1000.0);
        }
        eprintln!(
            "  {:<24} {:>8.2} ms",
            "write",
            write_start.elapsed().as_secs_f64() * 1000.0
        );
    }
    println!(
        "built {} pages, {} charts, {} files ({} written, {} unchanged, {} removed) into {} in {} ms{}",
        built.pages,
        built.charts,
        built.files.len(),
        report.written,
        report.unchanged,
        report.removed,
        config.relative(&config.output_dir).display(),
        start.elapsed().as_millis(),
        match built.warnings.0.len() {
            0 => String::new(),
            n => format!(", {n} warning{}", if n == 1 { "" } else { "s" }),
        }
    );
    Ok(())
}

/// The process's peak resident memory (Linux `VmHWM`), if the system tells it.
fn peak_memory_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}
