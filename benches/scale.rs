//! `cargo bench`: builds synthetic sites of 17, 300 and 3,000 counties with the release
//! binary and prints, for each, the median wall time of five full builds, the time per
//! county, each pipeline step's time (from `--verbose`) and the peak memory.
//!
//! Under each size it prints the largest HTML page and the home page's size.
//! `QINGFENG_BENCH_SIZES=17,300` picks other sizes; `QINGFENG_BENCH_RUNS=3` other run counts;
//! `QINGFENG_BENCH_KEEP=DIR` leaves a copy of each site in `DIR/<N>/` for profiling.

#![allow(unreachable_pub, missing_docs)]

mod support;
mod synth;

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use support::{copy_tree, median};

struct Sample {
    wall_ms: f64,
    steps: Vec<(String, f64)>,
    peak_mb: f64,
}

fn build_once(root: &Path) -> Sample {
    let _ = std::fs::remove_dir_all(root.join("public"));
    let start = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_qingfeng"))
        .arg("--root")
        .arg(root)
        .args(["build", "--verbose"])
        .output()
        .expect("run qingfeng");
    let wall_ms = start.elapsed().as_secs_f64() * 1000.0;
    assert!(
        out.status.success(),
        "build failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    let mut steps = Vec::new();
    let mut peak_mb = 0.0;
    for line in stderr.lines() {
        let t = line.trim();
        if let Some(rest) = t.strip_prefix("peak memory") {
            peak_mb = rest
                .trim()
                .trim_end_matches("MB")
                .trim()
                .parse()
                .unwrap_or(0.0);
        } else if let Some(ms) = t.strip_suffix(" ms") {
            if let Some((name, value)) = ms.rsplit_once(' ') {
                if let Ok(v) = value.trim().parse::<f64>() {
                    steps.push((name.trim().to_string(), v));
                }
            }
        }
    }
    Sample {
        wall_ms,
        steps,
        peak_mb,
    }
}

/// What `serve` does after an editor saves one county's YAML: a rebuild in memory that
/// reuses everything the edit did not touch. Median of `runs` edits, in ms.
fn incremental_rebuild(root: &Path, runs: usize) -> f64 {
    let config = qingfeng::config::Config::load(root, None).expect("config");
    let mut cache = qingfeng::memo::BuildMemo::default();
    qingfeng::build::build_site_cached(&config, &mut cache).expect("first build");
    let counties = std::fs::read_dir(root.join("content/counties"))
        .expect("counties")
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "yaml"))
        .count();
    let file = root.join("content/counties/c0001.yaml");
    let original = std::fs::read_to_string(&file).expect("county");
    let times = (0..runs)
        .map(|i| {
            // A different figure every time: 2 or 3 ethnic-minority members.
            let edited: String = original
                .lines()
                .map(|l| {
                    if l.starts_with("ethnic_minority:") {
                        format!("ethnic_minority: {}\n", 2 + i % 2)
                    } else {
                        format!("{l}\n")
                    }
                })
                .collect();
            std::fs::write(&file, edited).expect("edit");
            let start = Instant::now();
            let built = qingfeng::build::build_site_cached(&config, &mut cache).expect("rebuild");
            let ms = start.elapsed().as_secs_f64() * 1000.0;
            if i + 1 == runs {
                let steps: Vec<String> = built
                    .timings
                    .iter()
                    .map(|(name, t)| format!("{name} {:.1}", t.as_secs_f64() * 1000.0))
                    .collect();
                println!("        rebuild after one edit: {}", steps.join(" | "));
            }
            // Every county page but the edited one is reused; the site's own pages (home,
            // the county list's pages, articles, rankings) are made again.
            assert!(
                built.reused_pages + 1 >= counties,
                "the rebuild reused too little"
            );
            ms
        })
        .collect();
    std::fs::write(&file, original).expect("restore");
    median(times)
}

/// The largest HTML page of the built site at `root` (its path and bytes) and the home
/// page's bytes, printed under the size's row: no page may grow with the site.
fn print_page_sizes(root: &Path) {
    let out = root.join("public");
    let pages: Vec<(String, u64)> = walkdir::WalkDir::new(&out)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .filter_map(|e| {
            let rel = e.path().strip_prefix(&out).ok()?;
            Some((
                rel.to_string_lossy().replace('\\', "/"),
                e.metadata().ok()?.len(),
            ))
        })
        .collect();
    let home = pages
        .iter()
        .find(|(p, _)| p == "index.html")
        .map_or(0, |(_, b)| *b);
    if let Some((path, bytes)) = pages.iter().max_by_key(|(_, b)| *b) {
        println!(
            "        pages: {} HTML, largest {path} {:.1} KB, home {:.1} KB",
            pages.len(),
            *bytes as f64 / 1024.0,
            home as f64 / 1024.0
        );
    }
}

fn main() {
    // `cargo test --benches` runs this with --bench absent: do nothing then.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let sizes: Vec<usize> = std::env::var("QINGFENG_BENCH_SIZES")
        .unwrap_or_else(|_| "17,300,3000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let runs: usize = std::env::var("QINGFENG_BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let themes = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes");
    println!(
        "qingfeng full builds, release binary, median of {runs} runs, {} cores",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!(
        "{:>6} {:>10} {:>14} {:>10}  steps (median ms)",
        "N", "wall ms", "ms per county", "peak MB"
    );
    for n in sizes {
        let dir = tempfile::tempdir().expect("tempdir");
        synth::write_site(dir.path(), n).expect("synthetic site");
        if let Ok(keep) = std::env::var("QINGFENG_BENCH_KEEP") {
            // Leave a copy of the site for profiling by hand.
            copy_tree(dir.path(), &Path::new(&keep).join(n.to_string()));
            copy_tree(
                &themes,
                &Path::new(&keep).join(n.to_string()).join("themes"),
            );
        }
        copy_tree(&themes, &dir.path().join("themes"));
        let samples: Vec<Sample> = (0..runs).map(|_| build_once(dir.path())).collect();
        let wall = median(samples.iter().map(|s| s.wall_ms).collect());
        let peak = samples.iter().map(|s| s.peak_mb).fold(0.0, f64::max);
        let names: Vec<String> = samples[0].steps.iter().map(|(n, _)| n.clone()).collect();
        let steps: Vec<String> = names
            .iter()
            .map(|name| {
                let v = median(
                    samples
                        .iter()
                        .filter_map(|s| s.steps.iter().find(|(n, _)| n == name).map(|(_, v)| *v))
                        .collect(),
                );
                format!("{name} {v:.1}")
            })
            .collect();
        print_page_sizes(dir.path());
        let edit = incremental_rebuild(dir.path(), runs);
        println!(
            "{n:>6} {wall:>10.1} {:>14.3} {peak:>10.1} {edit:>12.1}  {}",
            wall / n as f64,
            steps.join(" | ")
        );
    }
}
