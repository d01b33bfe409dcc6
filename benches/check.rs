//! `cargo bench --bench check`: `qingfeng check` against `qingfeng build` on synthetic sites
//! of 300 and 3,000 counties, with the release binary. Prints, for each size, the median
//! wall time of each over five runs, check's time as a multiple of build's (the target is at
//! most 1.5×), both peak memories (the target for check is under 300 MB), and check's own
//! steps (from `check --verbose`).
//!
//! `QINGFENG_BENCH_SIZES=300` picks other sizes; `QINGFENG_BENCH_RUNS=3` other run counts.

#![allow(unreachable_pub, missing_docs)]

mod support;
mod synth;

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use support::{copy_tree, median};

/// One run: wall ms, peak MB and the steps `--verbose` printed.
fn run(root: &Path, command: &str) -> (f64, f64, Vec<(String, f64)>) {
    if command == "build" {
        let _ = std::fs::remove_dir_all(root.join("public"));
    }
    let start = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_qingfeng"))
        .arg("--root")
        .arg(root)
        .args([command, "--verbose"])
        .env("QINGFENG_TODAY", "2016-09-01")
        .output()
        .expect("run qingfeng");
    let wall = start.elapsed().as_secs_f64() * 1000.0;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "{command} failed: {stderr}"
    );
    let mut peak = 0.0;
    let mut steps = Vec::new();
    for line in stderr.lines().map(str::trim) {
        if let Some(rest) = line.strip_prefix("peak memory") {
            peak = rest
                .trim()
                .trim_end_matches("MB")
                .trim()
                .parse()
                .unwrap_or(0.0);
        } else if let Some(ms) = line.strip_suffix(" ms")
            && let Some((name, value)) = ms.rsplit_once(' ')
            && let Ok(v) = value.trim().parse::<f64>()
        {
            steps.push((name.trim().to_string(), v));
        }
    }
    (wall, peak, steps)
}

fn main() {
    // `cargo test --benches` runs this with --bench absent: do nothing then.
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
    let themes = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes");
    println!("qingfeng check against build, release binary, median of {runs} runs (alternating)");
    println!(
        "{:>6} {:>10} {:>10} {:>7} {:>10} {:>10}  check steps (median ms)",
        "N", "build ms", "check ms", "ratio", "build MB", "check MB"
    );
    for n in sizes {
        let dir = tempfile::tempdir().expect("tempdir");
        synth::write_site(dir.path(), n).expect("synthetic site");
        copy_tree(&themes, &dir.path().join("themes"));
        let mut builds = Vec::new();
        let mut checks = Vec::new();
        for _ in 0..runs {
            builds.push(run(dir.path(), "build"));
            checks.push(run(dir.path(), "check"));
        }
        let build = median(builds.iter().map(|r| r.0).collect());
        let check = median(checks.iter().map(|r| r.0).collect());
        let build_mb = builds.iter().map(|r| r.1).fold(0.0, f64::max);
        let check_mb = checks.iter().map(|r| r.1).fold(0.0, f64::max);
        let names: Vec<String> = checks[0].2.iter().map(|(n, _)| n.clone()).collect();
        let steps: Vec<String> = names
            .iter()
            .map(|name| {
                let v = median(
                    checks
                        .iter()
                        .filter_map(|r| r.2.iter().find(|(n, _)| n == name).map(|(_, v)| *v))
                        .collect(),
                );
                format!("{name} {v:.0}")
            })
            .collect();
        println!(
            "{n:>6} {build:>10.0} {check:>10.0} {:>6.2}x {build_mb:>10.1} {check_mb:>10.1}  {}",
            check / build,
            steps.join(" | ")
        );
    }
}
