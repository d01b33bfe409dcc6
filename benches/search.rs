//! `cargo bench --bench search`: what search costs on synthetic sites of 300 and 3,000
//! counties. Prints the index's size (bytes, and as a share of the site's HTML; gzip sizes
//! too when `gzip` is there), the build's wall time with search on and off (median of
//! alternating runs) and so the share search adds, with the search index stage's own time,
//! both with images and without them (no font found, so no PNG drawn: they take most of a
//! large build); the same for a build from nothing (`--no-cache`), and for a rebuild after
//! one county's figures changed, into the output the last build left (and how many files
//! it wrote); and, when Chromium and the browser tests' npm packages are installed, the
//! bytes a query fetches (before the keystroke, and after it) and the time from the
//! keystroke to its results with the CPU slowed four times (`tests/browser/search-bench.mjs`;
//! the median of five runs of each query, `QF_RUNS=N` for another count).
//!
//! `QINGFENG_BENCH_SIZES=300` picks other sizes; `QINGFENG_BENCH_RUNS=N` other run counts;
//! `QINGFENG_BENCH_KEEP=DIR` leaves a copy of each site in `DIR/<N>/` for measuring by hand;
//! `QINGFENG_BENCH_PUBLIC=DIR` only times search's own work on a site built in `DIR`.

#![allow(unreachable_pub, missing_docs)]

mod support;
mod synth;

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use rayon::prelude::*;
use support::{copy_tree, median};

// The build runs on mimalloc (src/main.rs): search's own work, timed in this process, is
// timed on it too.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// One build: its wall time and each stage's time as `--verbose` prints it (ms). With
/// `images` off, no font is found, so no PNG is drawn.
fn build(root: &Path, images: bool) -> (f64, Vec<(String, f64)>) {
    let _ = std::fs::remove_dir_all(root.join("public"));
    let no_fonts = root.join("no-fonts");
    let _ = std::fs::create_dir_all(&no_fonts);
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_qingfeng"));
    cmd.arg("--root").arg(root).arg("build").arg("--verbose");
    if !images {
        cmd.env("QINGFENG_FONT_DIRS", &no_fonts);
    }
    let start = Instant::now();
    let out = cmd.output().expect("run qingfeng");
    let wall = start.elapsed().as_secs_f64() * 1000.0;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let log =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    let stages = log
        .lines()
        .filter_map(|l| {
            let ms = l.trim().strip_suffix(" ms")?;
            let at = ms.rfind(' ')?;
            Some((ms[..at].trim().to_string(), ms[at..].trim().parse().ok()?))
        })
        .collect();
    (wall, stages)
}

/// A stage's time in a build's stages, 0 if it did not run.
fn stage(stages: &[(String, f64)], name: &str) -> f64 {
    stages
        .iter()
        .find(|(n, _)| n == name)
        .map_or(0.0, |(_, ms)| *ms)
}

/// Builds with search on and off, `runs` times each, alternating: the medians of the wall
/// times, and of the search index stage.
fn compare(dir: &Path, on: &str, off: &str, runs: usize, images: bool) -> (f64, f64, f64) {
    let toml = dir.join("site.toml");
    let (mut with, mut without, mut index) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        std::fs::write(&toml, off).expect("write");
        without.push(build(dir, images).0);
        std::fs::write(&toml, on).expect("write");
        let (ms, stages) = build(dir, images);
        with.push(ms);
        index.push(stage(&stages, "search index"));
    }
    (median(with), median(without), median(index))
}

/// Builds from nothing (`--no-cache`, the output removed, no images) with search on and
/// off, `runs` times each, alternating: the medians of the wall times.
fn compare_cold(dir: &Path, on: &str, off: &str, runs: usize) -> (f64, f64) {
    let toml = dir.join("site.toml");
    let (mut with, mut without) = (Vec::new(), Vec::new());
    let cold = |into: &mut Vec<f64>| {
        let _ = std::fs::remove_dir_all(dir.join("public"));
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_qingfeng"));
        cmd.arg("--root").arg(dir).args(["build", "--no-cache"]);
        cmd.env("QINGFENG_FONT_DIRS", dir.join("no-fonts"));
        let start = Instant::now();
        let out = cmd.output().expect("run qingfeng");
        assert!(out.status.success());
        into.push(start.elapsed().as_secs_f64() * 1000.0);
    };
    for _ in 0..runs {
        std::fs::write(&toml, off).expect("write");
        cold(&mut without);
        std::fs::write(&toml, on).expect("write");
        cold(&mut with);
    }
    (median(with), median(without))
}

/// Rebuilds after an edit, as an editor runs `build` after changing one county's figures:
/// two copies of the site, search on in one and off in the other, each built once, then
/// in turn `runs` times each, one county's average age changed before every build, into
/// the output the last build left (with images).
fn compare_edits(dir: &Path, on: &str, off: &str, runs: usize) -> Edits {
    let copies: Vec<_> = [on, off]
        .iter()
        .map(|toml| {
            let copy = tempfile::tempdir().expect("tempdir");
            copy_tree(&dir.join("content"), &copy.path().join("content"));
            copy_tree(&dir.join("themes"), &copy.path().join("themes"));
            // The image cache the other builds filled: no image is drawn anew but the
            // edited county's.
            copy_tree(
                &dir.join(".qingfeng-cache"),
                &copy.path().join(".qingfeng-cache"),
            );
            std::fs::write(copy.path().join("site.toml"), toml).expect("write");
            build(copy.path(), true);
            copy
        })
        .collect();
    let (mut with, mut without, mut index) = (Vec::new(), Vec::new(), Vec::new());
    let mut written = [Vec::new(), Vec::new()];
    for run in 0..runs {
        for ((copy, times), written) in copies
            .iter()
            .zip([&mut with, &mut without])
            .zip(&mut written)
        {
            let file = copy.path().join("content/counties/c0000.yaml");
            let yaml = std::fs::read_to_string(&file).expect("read");
            let at = yaml.find("  average: ").expect("an average age") + 11;
            let end = at + yaml[at..].find('\n').expect("a line");
            let age: f64 = yaml[at..end].parse().expect("a number");
            let age = if run % 2 == 0 { age - 0.1 } else { age + 0.1 };
            let edited = format!("{}{age:.1}{}", &yaml[..at], &yaml[end..]);
            std::fs::write(&file, edited).expect("edit");
            let mut cmd = Command::new(env!("CARGO_BIN_EXE_qingfeng"));
            cmd.arg("--root")
                .arg(copy.path())
                .args(["build", "--verbose"]);
            let start = Instant::now();
            let out = cmd.output().expect("run qingfeng");
            times.push(start.elapsed().as_secs_f64() * 1000.0);
            assert!(out.status.success());
            let log = String::from_utf8_lossy(&out.stdout).into_owned()
                + &String::from_utf8_lossy(&out.stderr);
            if let Some(ms) = log.lines().find_map(|l| {
                let ms = l.trim().strip_prefix("search index")?.strip_suffix(" ms")?;
                ms.trim().parse::<f64>().ok()
            }) {
                index.push(ms);
            }
            // "built … files (N written, …": how many files the edit rewrote.
            if let Some(n) = log.lines().find_map(|l| {
                let (_, after) = l.split_once(" files (")?;
                after.split_once(" written")?.0.parse::<f64>().ok()
            }) {
                written.push(n);
            }
        }
    }
    // No count read (a log of another form) shows as NaN, not as a figure.
    let [written_with, written_without] =
        written.map(|w| if w.is_empty() { f64::NAN } else { median(w) });
    Edits {
        with: median(with),
        without: median(without),
        index: median(index),
        written_with,
        written_without,
    }
}

/// What [`compare_edits`] measures: the medians of the wall times, of the search index
/// stage, and of the files each rebuild wrote (with search and without).
struct Edits {
    with: f64,
    without: f64,
    index: f64,
    written_with: f64,
    written_without: f64,
}

/// Bytes of the files under `dir` whose paths (from `dir`) pass `keep`, and their count.
fn bytes(dir: &Path, keep: impl Fn(&str) -> bool) -> (u64, usize) {
    let mut total = (0, 0);
    for e in walkdir::WalkDir::new(dir).into_iter().flatten() {
        let rel = e.path().strip_prefix(dir).unwrap_or(e.path());
        let rel = rel.to_string_lossy().replace('\\', "/");
        if e.file_type().is_file() && keep(&rel) {
            total.0 += e.metadata().map_or(0, |m| m.len());
            total.1 += 1;
        }
    }
    total
}

/// Search's own work on the built site, apart from the rest of a build (whose wall time a
/// loaded machine stretches): reading every page's text from its HTML (in parallel, as the
/// render stage does) and making the index; the fastest of `runs` (ms).
fn search_work(public: &Path, runs: usize) -> (f64, f64) {
    let mut pages = Vec::new();
    for e in walkdir::WalkDir::new(public).into_iter().flatten() {
        let rel = e.path().strip_prefix(public).unwrap_or(e.path());
        let rel = rel.to_string_lossy().replace('\\', "/");
        if e.file_type().is_file() && rel.ends_with(".html") && !rel.starts_with("search/") {
            pages.push((rel, std::fs::read(e.path()).expect("read")));
        }
    }
    let (mut read, mut index) = (f64::MAX, f64::MAX);
    for _ in 0..runs {
        let start = Instant::now();
        let texts: Vec<_> = pages
            .par_iter()
            .filter_map(|(path, html)| qingfeng::search::page_text(path, html))
            .collect();
        read = read.min(start.elapsed().as_secs_f64() * 1000.0);
        let start = Instant::now();
        let files = qingfeng::search::index(texts);
        index = index.min(start.elapsed().as_secs_f64() * 1000.0);
        drop(files);
    }
    (read, index)
}

/// The index's size gzipped file by file (as a server sends it), if `gzip` is there.
fn gzipped(dir: &Path) -> Option<u64> {
    let mut total = 0;
    for e in walkdir::WalkDir::new(dir).into_iter().flatten() {
        if !e.file_type().is_file() || e.path().extension().is_some_and(|x| x == "html") {
            continue;
        }
        let out = Command::new("gzip")
            .arg("-6c")
            .arg(e.path())
            .output()
            .ok()?;
        total += out.stdout.len() as u64;
    }
    Some(total)
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let sizes: Vec<usize> = std::env::var("QINGFENG_BENCH_SIZES")
        .unwrap_or_else(|_| "300,3000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let runs: usize = std::env::var("QINGFENG_BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    if let Ok(public) = std::env::var("QINGFENG_BENCH_PUBLIC") {
        let (read_ms, index_ms) = search_work(Path::new(&public), runs);
        println!(
            "{public}: reading the pages' text {read_ms:.0} ms, making the index {index_ms:.0} ms (fastest of {runs})"
        );
        return;
    }
    for n in sizes {
        let dir = tempfile::tempdir().expect("tempdir");
        synth::write_site(dir.path(), n).expect("synthetic site");
        copy_tree(&manifest.join("themes"), &dir.path().join("themes"));
        if let Ok(keep) = std::env::var("QINGFENG_BENCH_KEEP") {
            copy_tree(dir.path(), &Path::new(&keep).join(n.to_string()));
        }
        let toml = dir.path().join("site.toml");
        let on = std::fs::read_to_string(&toml).expect("site.toml");
        let off = format!("{on}\n[search]\nenabled = false\n");
        // Without images first (the PNGs take most of a large build's time), then with.
        let (plain_with, plain_without, plain_index) = compare(dir.path(), &on, &off, runs, false);
        let (with, without, index_ms) = compare(dir.path(), &on, &off, runs, true);
        let (cold_with, cold_without) = compare_cold(dir.path(), &on, &off, runs);
        let edits = compare_edits(dir.path(), &on, &off, runs);
        let public = dir.path().join("public");
        let (html, pages) = bytes(&public, |p| {
            p.ends_with(".html") && !p.starts_with("search/")
        });
        let (index, files) = bytes(&public.join("search"), |p| p != "index.html");
        let (postings, shards) = bytes(&public.join("search/g"), |_| true);
        let (texts, _) = bytes(&public.join("search/p"), |_| true);
        let (shared, _) = bytes(&public.join("search/s"), |_| true);
        println!(
            "{n} counties: {pages} pages, HTML {:.1} MB",
            html as f64 / 1e6
        );
        println!(
            "  index {:.2} MB in {files} files = {:.1}% of the HTML (postings {:.2} MB in {shards} shards, pages' own texts {:.2} MB, shared texts and their pages {:.2} MB)",
            index as f64 / 1e6,
            100.0 * index as f64 / html as f64,
            postings as f64 / 1e6,
            texts as f64 / 1e6,
            shared as f64 / 1e6
        );
        if let Some(gz) = gzipped(&public.join("search")) {
            println!(
                "  index gzipped file by file {:.2} MB = {:.1}% of the HTML",
                gz as f64 / 1e6,
                100.0 * gz as f64 / html as f64
            );
        }
        println!(
            "  build with images: {without:.0} ms without search, {with:.0} ms with: +{:.1}%; the search index stage {index_ms:.0} ms = {:.1}% (median of {runs})",
            100.0 * (with - without) / without,
            100.0 * index_ms / without
        );
        println!(
            "  build without images: {plain_without:.0} ms without search, {plain_with:.0} ms with: +{:.1}%; the search index stage {plain_index:.0} ms = {:.1}% (median of {runs})",
            100.0 * (plain_with - plain_without) / plain_without,
            100.0 * plain_index / plain_without
        );
        println!(
            "  build from nothing (--no-cache, no images): {cold_without:.0} ms without search, {cold_with:.0} ms with: +{:.1}% (median of {runs})",
            100.0 * (cold_with - cold_without) / cold_without
        );
        println!(
            "  rebuild after one county's figures changed, into the last output (with images): {:.0} ms without search, {:.0} ms with: +{:.1}%; the search index stage {:.0} ms; files written {:.0} without search, {:.0} with (median of {runs})",
            edits.without,
            edits.with,
            100.0 * (edits.with - edits.without) / edits.without,
            edits.index,
            edits.written_without,
            edits.written_with
        );
        let (read_ms, index_ms) = search_work(&public, runs.max(3));
        println!(
            "  search's own work, apart from the build (fastest of {}): reading the pages' text {read_ms:.0} ms, making the index {index_ms:.0} ms = {:.1}% of the build without images and without search",
            runs.max(3),
            100.0 * (read_ms + index_ms) / plain_without
        );
        let script = manifest.join("tests/browser/search-bench.mjs");
        let browser = Path::new("/usr/bin/chromium").exists()
            && manifest
                .join("tests/browser/node_modules/playwright-core")
                .exists();
        if !browser {
            println!("  (no Chromium or playwright-core: bytes fetched and timings not measured)");
            continue;
        }
        let out = Command::new("node")
            .arg(&script)
            .arg(&public)
            .args([
                "县",
                "换届",
                "班子",
                "县委",
                "安东",
                "山县",
                "28",
                "女干部",
                "防止带病提拔",
                "新一届县级领导班子",
                "12380",
                "换届 女干部",
                "c0007",
            ])
            .output()
            .expect("node");
        for line in String::from_utf8_lossy(&out.stdout).lines() {
            println!("  {line}");
        }
        if !out.status.success() {
            println!(
                "  search-bench.mjs failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}
