//! `cargo bench --bench disk`: the rows of issue 17's table for a flat synthetic site of
//! 3,000 counties, with the release binary, beside Hugo building as many Markdown pages of
//! the same length with a table (no charts) in the same run, when `hugo` is on PATH.
//!
//! Rows: full build on tmpfs (/dev/shm; old output removed first; then again with Hugo's
//! builds taken in turn, as the ratio of each pair), full build on this
//! machine's disk (a folder under the target directory), a rebuild into the existing output
//! on disk after one county changed, `serve`'s rebuild after one county's YAML changed
//! (through the build memo in this process, as `serve` rebuilds), `serve`'s resident memory
//! (a real `qingfeng serve` process after its first build), and a full build's peak memory.
//! Full builds are timed with the image cache warm (the cache of the previous build, as an
//! editor's machine has it) and with `--no-cache` (every image drawn).
//!
//! Each row is printed for a flat site and for a nested one, a country of 31 provinces of
//! 10 cities of 10 counties (3,100 counties; Hugo builds as many pages).
//!
//! `QINGFENG_DISK_COUNTIES=300` picks another size for the flat site;
//! `QINGFENG_DISK_SHAPES=31x10x10` (or `flat`, or `flat,5x4x3`) picks the sites;
//! `QINGFENG_DISK_RUNS=3` runs each full build 3 times instead of 7 (tmpfs) and 5 (disk);
//! `QINGFENG_DISK_SETTINGS` adds its lines to the site's site.toml;
//! `QINGFENG_DISK_KEEP=DIR` leaves a copy of each site in `DIR/<shape>/` (and Hugo's in
//! `DIR/<shape>-hugo/`) for measuring by hand, and `QINGFENG_DISK_ONLY=site` stops there;
//! `QINGFENG_DISK_ONLY=serve` prints only the serve rebuild's row, `=rss` only `serve`'s
//! resident memory.

#![allow(unreachable_pub, missing_docs)]

mod support;
mod synth;

use std::io::BufRead as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

// `serve` runs on mimalloc (src/main.rs): its rebuild, timed in this process, is timed on
// it too (on the system allocator, allocation took about 45% of a rebuild's time).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use support::{copy_tree, median};

const BIN: &str = env!("CARGO_BIN_EXE_qingfeng");

/// A qingfeng build's wall time in ms and its peak memory in MB.
fn qingfeng_build(site: &Path, out: &Path, extra: &[&str]) -> (f64, f64) {
    let start = Instant::now();
    let run = Command::new(BIN)
        .arg("--root")
        .arg(site)
        .args(["build", "--verbose", "--output"])
        .arg(out)
        .args(extra)
        .output()
        .expect("run qingfeng");
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "build failed: {stderr}");
    let peak = stderr
        .lines()
        .find_map(|l| l.trim().strip_prefix("peak memory"))
        .and_then(|r| r.trim().trim_end_matches("MB").trim().parse().ok())
        .unwrap_or(0.0);
    (ms, peak)
}

/// Files and bytes under `dir`.
fn count(dir: &Path) -> (usize, u64) {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .fold((0, 0), |(n, b), e| {
            (n + 1, b + e.metadata().map_or(0, |m| m.len()))
        })
}

/// Median ms of `runs` full builds into `out`, each after removing it; the peak MB; and the
/// median kernel CPU seconds.
fn full_builds(site: &Path, out: &Path, runs: usize, extra: &[&str]) -> (f64, f64, f64) {
    let samples: Vec<((f64, f64), f64)> = (0..runs)
        .map(|_| {
            let _ = std::fs::remove_dir_all(out);
            sync();
            with_kernel_time(|| qingfeng_build(site, out, extra))
        })
        .collect();
    (
        median(samples.iter().map(|s| s.0.0).collect()),
        samples.iter().map(|s| s.0.1).fold(0.0, f64::max),
        median(samples.iter().map(|s| s.1).collect()),
    )
}

/// Full builds on disk, each into a folder of its own that is removed only after the
/// last run, qingfeng's and Hugo's (when `hugo_site` is given) alternately: medians of the
/// wall ms and the kernel CPU seconds, qingfeng's then Hugo's.
///
/// On an ext4 file system without a journal (this machine's disk), the kernel skips the
/// inodes freed in the last minutes when it picks one for a new file, and looks at each
/// of them again for every file it creates: a build right after its old output was
/// removed pays for every file removed times every file made. Building into new folders,
/// with nothing removed during the runs, leaves that out.
fn new_folder_builds(
    site: &Path,
    hugo_site: Option<&Path>,
    base: &Path,
    runs: usize,
) -> ((f64, f64), Option<(f64, f64)>) {
    let mut ours = Vec::new();
    let mut hugo: Vec<(f64, f64)> = Vec::new();
    for i in 0..runs {
        sync();
        let ((ms, _), sys) =
            with_kernel_time(|| qingfeng_build(site, &base.join(format!("q{i}")), &[]));
        ours.push((ms, sys));
        if let Some(h) = hugo_site {
            sync();
            let (ms, sys) = with_kernel_time(|| hugo_build(h, &base.join(format!("h{i}"))));
            if let Some(ms) = ms {
                hugo.push((ms, sys));
            }
        }
    }
    let _ = std::fs::remove_dir_all(base);
    let medians = |v: &[(f64, f64)]| {
        (
            median(v.iter().map(|s| s.0).collect()),
            median(v.iter().map(|s| s.1).collect()),
        )
    };
    (medians(&ours), (!hugo.is_empty()).then(|| medians(&hugo)))
}

/// Full builds into `out` on tmpfs, each after removing it, qingfeng's and Hugo's (into
/// `hugo_out`) alternately: the medians of the wall ms, qingfeng's then Hugo's, and the
/// median of the pairs' ratios. The tmpfs row's two columns are otherwise minutes apart,
/// and this machine's speed drifts by a tenth or more in that time.
fn paired_tmpfs_builds(
    site: &Path,
    out: &Path,
    (hugo_site, hugo_out): (&Path, &Path),
    runs: usize,
) -> Option<(f64, f64, f64)> {
    let (mut ours, mut theirs, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        let _ = std::fs::remove_dir_all(out);
        let (ms, _) = qingfeng_build(site, out, &[]);
        let _ = std::fs::remove_dir_all(hugo_out);
        let hugo = hugo_build(hugo_site, hugo_out)?;
        ours.push(ms);
        theirs.push(hugo);
        ratios.push(ms / hugo);
    }
    Some((median(ours), median(theirs), median(ratios)))
}

/// Flushes dirty pages, so that one run's writeback is not charged to the next.
fn sync() {
    let _ = Command::new("sync").status();
}

/// The user and system (kernel) CPU seconds of this process's finished children so far,
/// from `/proc/self/stat` (Linux; zeros elsewhere).
fn children_cpu() -> (f64, f64) {
    let ticks = Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| {
            String::from_utf8_lossy(&o.stdout)
                .trim()
                .parse::<f64>()
                .ok()
        })
        .unwrap_or(100.0);
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The fields after the command's closing parenthesis: state is the 3rd field of the
    // line, cutime and cstime the 16th and 17th.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let field = |n: usize| {
        rest.split_whitespace()
            .nth(n - 3)
            .and_then(|v| v.parse::<f64>().ok())
            .map_or(0.0, |t| t / ticks)
    };
    (field(16), field(17))
}

/// Runs `f` and gives its result with the kernel CPU seconds its children used.
fn with_kernel_time<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let before = children_cpu().1;
    let out = f();
    (out, children_cpu().1 - before)
}

/// The site's county files ending in `ext` (`yaml`, `md`), at any depth, in path order.
fn county_files(site: &Path, ext: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(site.join("content/counties"))
        .into_iter()
        .flatten()
        .map(|e| e.into_path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == ext)
                && !p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('_'))
        })
        .collect();
    files.sort();
    files
}

/// Changes one county's figure (2 or 3 ethnic-minority members, by `round`).
fn edit_county(site: &Path, round: usize) {
    let file = county_files(site, "yaml")
        .into_iter()
        .nth(1)
        .expect("a second county");
    let text = std::fs::read_to_string(&file).expect("county");
    let edited: String = text
        .lines()
        .map(|l| {
            if l.starts_with("ethnic_minority:") {
                format!("ethnic_minority: {}\n", 2 + round % 2)
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    std::fs::write(&file, edited).expect("edit");
}

/// `serve`'s rebuild after one county's YAML changes: median ms of `runs` edits, through
/// the build memo in this process, which is given the sources' stamps from `serve`'s
/// watcher as `serve` gives them (the watcher looks before the rebuild starts).
fn serve_rebuild(site: &Path, runs: usize) -> f64 {
    let config = qingfeng::config::Config::load(site, None)
        .expect("config")
        .for_serve();
    let mut memo = qingfeng::memo::BuildMemo::default();
    let mut watcher = qingfeng::serve::watch::Watcher::new(site);
    memo.know_stamps(watcher.stamps());
    qingfeng::build::build_site_cached(&config, &mut memo).expect("first build");
    let times = (0..runs)
        .map(|i| {
            edit_county(site, i + 1);
            assert!(!watcher.poll().is_empty(), "the watcher saw no edit");
            memo.know_stamps(watcher.stamps());
            let start = Instant::now();
            let built = qingfeng::build::build_site_cached(&config, &mut memo).expect("rebuild");
            let ms = start.elapsed().as_secs_f64() * 1000.0;
            if std::env::var_os("QINGFENG_DISK_STAGES").is_some() {
                let stages: Vec<String> = built
                    .timings
                    .iter()
                    .map(|(s, d)| format!("{s} {:.0}", d.as_secs_f64() * 1000.0))
                    .collect();
                let index = if memo.reused_search_index() {
                    "patched"
                } else {
                    "afresh"
                };
                eprintln!(
                    "serve rebuild {ms:.0} ms (index {index}): {}",
                    stages.join(", ")
                );
            }
            ms
        })
        .collect();
    median(times)
}

/// The resident memory of `qingfeng serve` after its first build, in MB (Linux only).
fn serve_rss(site: &Path) -> Option<f64> {
    let mut child = Command::new(BIN)
        .arg("--root")
        .arg(site)
        .args(["serve", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let stdout = child.stdout.take()?;
    let serving = std::io::BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        .any(|l| l.starts_with("serving "));
    // Let the build's leftovers be freed (they are dropped on a thread of their own).
    std::thread::sleep(std::time::Duration::from_secs(2));
    let rss = std::fs::read_to_string(format!("/proc/{}/status", child.id()))
        .ok()
        .and_then(|s| {
            let line = s.lines().find(|l| l.starts_with("VmRSS:"))?.to_string();
            line.split_whitespace().nth(1)?.parse::<f64>().ok()
        })
        .map(|kb| kb / 1024.0);
    let _ = child.kill();
    let _ = child.wait();
    rss.filter(|_| serving)
}

/// A Hugo site of `n` Markdown pages as long as the counties' narratives, each with a
/// table of figures like a county page's, and the smallest layouts that publish them.
fn write_hugo_site(dir: &Path, n: usize, qingfeng_site: &Path) {
    std::fs::create_dir_all(dir.join("content/counties")).expect("hugo content");
    std::fs::create_dir_all(dir.join("layouts/_default")).expect("hugo layouts");
    std::fs::write(
        dir.join("config.toml"),
        "baseURL = \"https://bench.example.cn/\"\nlanguageCode = \"zh-CN\"\ntitle = \"合成测试网\"\ndisableKinds = [\"taxonomy\", \"term\"]\n",
    )
    .expect("hugo config");
    let page = "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head><body><main>{{ .Content }}</main></body></html>\n";
    std::fs::write(dir.join("layouts/_default/single.html"), page).expect("single");
    std::fs::write(
        dir.join("layouts/_default/list.html"),
        "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head><body><ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul></body></html>\n",
    )
    .expect("list");
    let narratives = county_files(qingfeng_site, "md");
    for i in 0..n {
        let slug = format!("c{i:04}");
        let narrative = narratives
            .get(i)
            .and_then(|p| std::fs::read_to_string(p).ok())
            .unwrap_or_default();
        let body = narrative
            .split("---\n")
            .last()
            .unwrap_or_default()
            .replace("{{", "")
            .replace("}}", "");
        let mut table = String::from("\n| 项目 | 人数 | 占比 |\n|---|---:|---:|\n");
        for (k, label) in [
            "班子成员",
            "女干部",
            "党外干部",
            "35岁以下",
            "本科",
            "研究生",
        ]
        .iter()
        .enumerate()
        {
            table.push_str(&format!("| {label} | {} | {}.0% |\n", 20 + k, 10 + k));
        }
        std::fs::write(
            dir.join(format!("content/counties/{slug}.md")),
            format!("---\ntitle: \"县 {slug}\"\ndate: 2016-08-20\n---\n{body}\n{table}"),
        )
        .expect("hugo page");
    }
}

/// One Hugo build of `site` into `out`, in ms.
fn hugo_build(site: &Path, out: &Path) -> Option<f64> {
    let start = Instant::now();
    let run = Command::new("hugo")
        .arg("--source")
        .arg(site)
        .arg("--destination")
        .arg(out)
        .arg("--quiet")
        .output()
        .ok()?;
    if !run.status.success() {
        eprintln!("hugo failed: {}", String::from_utf8_lossy(&run.stderr));
        return None;
    }
    Some(start.elapsed().as_secs_f64() * 1000.0)
}

/// Median ms of `runs` Hugo builds into `out` (removed first each time), and the median
/// kernel CPU seconds.
fn hugo_builds(site: &Path, out: &Path, runs: usize) -> Option<(f64, f64)> {
    let mut times = Vec::new();
    let mut kernel = Vec::new();
    for _ in 0..runs {
        let _ = std::fs::remove_dir_all(out);
        sync();
        let (ms, sys) = with_kernel_time(|| hugo_build(site, out));
        times.push(ms?);
        kernel.push(sys);
    }
    Some((median(times), median(kernel)))
}

/// Hugo's rebuild into its existing output after one page changed.
fn hugo_rebuild(site: &Path, out: &Path) -> Option<f64> {
    let page = site.join("content/counties/c0001.md");
    let text = std::fs::read_to_string(&page).ok()?;
    std::fs::write(&page, format!("{text}\n补充。\n")).ok()?;
    let start = Instant::now();
    let ok = Command::new("hugo")
        .arg("--source")
        .arg(site)
        .arg("--destination")
        .arg(out)
        .arg("--quiet")
        .status()
        .ok()?
        .success();
    ok.then(|| start.elapsed().as_secs_f64() * 1000.0)
}

fn has_hugo() -> bool {
    Command::new("hugo")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn secs(ms: f64) -> String {
    if ms >= 1000.0 {
        format!("{:.2} s", ms / 1000.0)
    } else {
        format!("{ms:.0} ms")
    }
}

fn main() {
    // `cargo test --benches` runs this with --bench absent: do nothing then.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let n: usize = std::env::var("QINGFENG_DISK_COUNTIES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3000);
    let shapes = std::env::var("QINGFENG_DISK_SHAPES").unwrap_or_else(|_| "flat,31x10x10".into());
    for shape in shapes.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let fanout: Vec<usize> = if shape == "flat" {
            Vec::new()
        } else {
            shape
                .split('x')
                .filter_map(|k| k.trim().parse().ok())
                .collect()
        };
        run(n, &fanout);
    }
}

/// Every row for one site: flat of `n` counties when `fanout` is empty, else nested.
fn run(n: usize, fanout: &[usize]) {
    let runs: Option<usize> = std::env::var("QINGFENG_DISK_RUNS")
        .ok()
        .and_then(|s| s.parse().ok());
    let (tmpfs_runs, disk_runs) = runs.map_or((7, 5), |r| (r, r));
    let shm = PathBuf::from("/dev/shm");
    let tmpfs_base = if shm.is_dir() {
        shm
    } else {
        std::env::temp_dir()
    };
    // On this machine's disk: the target directory (never /tmp, which may be tmpfs).
    let disk_base = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let tmpfs = tempfile::tempdir_in(&tmpfs_base).expect("tmpfs dir");
    let disk = tempfile::tempdir_in(&disk_base).expect("disk dir");
    // The site's sources live on disk, as an editor's do.
    let site = disk.path().join("site");
    let (n, what) = if fanout.is_empty() {
        synth::write_site(&site, n).expect("synthetic site");
        (n, format!("flat site of {n} counties"))
    } else {
        synth::write_nested_site(&site, fanout).expect("nested site");
        let n: usize = fanout.iter().product();
        let shape: Vec<String> = fanout.iter().map(usize::to_string).collect();
        (
            n,
            format!("nested site {} ({n} counties)", shape.join(" × ")),
        )
    };
    // `QINGFENG_DISK_SETTINGS`: lines added to the site's site.toml (`[images]` and
    // `region_charts = false`, say), to measure what a setting costs.
    if let Ok(extra) = std::env::var("QINGFENG_DISK_SETTINGS") {
        let toml = site.join("site.toml");
        let text = std::fs::read_to_string(&toml).expect("site.toml");
        std::fs::write(&toml, format!("{text}\n{extra}\n")).expect("site.toml");
    }
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes"),
        &site.join("themes"),
    );
    if let Ok(keep) = std::env::var("QINGFENG_DISK_KEEP") {
        let name = if fanout.is_empty() {
            "flat".to_string()
        } else {
            fanout
                .iter()
                .map(usize::to_string)
                .collect::<Vec<_>>()
                .join("x")
        };
        copy_tree(&site, &Path::new(&keep).join(&name));
        if has_hugo() {
            write_hugo_site(&Path::new(&keep).join(format!("{name}-hugo")), n, &site);
        }
        if std::env::var("QINGFENG_DISK_ONLY").is_ok_and(|s| s == "site") {
            return;
        }
    }
    let on_tmpfs = tmpfs.path().join("public");
    let on_disk = disk.path().join("public");
    let hugo = has_hugo();

    println!(
        "\n{what}, release binary, {} cores; tmpfs {}, disk {}",
        std::thread::available_parallelism().map_or(1, |c| c.get()),
        tmpfs_base.display(),
        disk_base.display()
    );
    // `QINGFENG_DISK_ONLY=serve`: only the serve rebuild's row (to iterate on it).
    if std::env::var("QINGFENG_DISK_ONLY").is_ok_and(|s| s == "serve") {
        let serve = serve_rebuild(&site, disk_runs);
        println!(
            "| `serve` rebuild after one county's YAML changes (memo, in process) | {} | — |",
            secs(serve)
        );
        return;
    }
    // `QINGFENG_DISK_ONLY=rss`: only `serve`'s resident memory (to iterate on it).
    if std::env::var("QINGFENG_DISK_ONLY").is_ok_and(|s| s == "rss") {
        // The image cache warm, as an editor's machine has it.
        qingfeng_build(&site, &on_tmpfs, &[]);
        let rss = serve_rss(&site).map_or_else(|| "—".to_string(), |mb| format!("{mb:.0} MB"));
        println!("| `serve` resident memory | {rss} | — |");
        return;
    }
    // Warm the cache (and the page cache) once.
    qingfeng_build(&site, &on_tmpfs, &[]);

    let hugo_site = disk.path().join("hugo");
    if hugo {
        write_hugo_site(&hugo_site, n, &site);
    }
    // First on disk, before any output there is removed.
    let (new_ours, new_hugo) = new_folder_builds(
        &site,
        hugo.then_some(hugo_site.as_path()),
        &disk.path().join("new-folders"),
        disk_runs,
    );

    let (tmpfs_warm, peak_warm, _) = full_builds(&site, &on_tmpfs, tmpfs_runs, &[]);
    let paired = if hugo {
        let hugo_out = tmpfs.path().join("hugo-paired");
        paired_tmpfs_builds(&site, &on_tmpfs, (&hugo_site, &hugo_out), tmpfs_runs)
    } else {
        None
    };
    let (tmpfs_cold, peak_cold, _) = full_builds(&site, &on_tmpfs, tmpfs_runs, &["--no-cache"]);
    // --no-cache left the cache as it was: warm it again for the disk rows.
    qingfeng_build(&site, &on_tmpfs, &[]);
    let (disk_warm, _, disk_kernel) = full_builds(&site, &on_disk, disk_runs, &[]);
    let (disk_cold, _, _) = full_builds(&site, &on_disk, disk_runs, &["--no-cache"]);
    let (files, bytes) = count(&on_disk);
    let rebuilds: Vec<f64> = (0..disk_runs)
        .map(|i| {
            edit_county(&site, i);
            sync();
            qingfeng_build(&site, &on_disk, &[]).0
        })
        .collect();
    let rebuild = median(rebuilds);
    let serve = serve_rebuild(&site, disk_runs);
    let rss = serve_rss(&site);

    let mut hugo_rows = None;
    if hugo {
        let h_tmpfs = tmpfs.path().join("hugo-public");
        let h_disk = disk.path().join("hugo-public");
        let t = hugo_builds(&hugo_site, &h_tmpfs, tmpfs_runs);
        let d = hugo_builds(&hugo_site, &h_disk, disk_runs);
        let (hf, hb) = count(&h_disk);
        let r = hugo_rebuild(&hugo_site, &h_disk);
        hugo_rows = Some((t, d, hf, hb, r));
    }
    let h = |v: Option<f64>| v.map_or_else(|| "—".to_string(), secs);
    let hk = |v: Option<(f64, f64)>| {
        v.map_or_else(
            || "—".to_string(),
            |(ms, sys)| format!("{} (kernel {sys:.2} s)", secs(ms)),
        )
    };
    let (ht, hd, hr, hfiles) = match &hugo_rows {
        Some((t, d, hf, hb, r)) => (
            h(t.map(|t| t.0)),
            hk(*d),
            h(*r),
            format!(" ({hf} files, {:.0} MB)", *hb as f64 / 1e6),
        ),
        None => ("—".into(), "—".into(), "—".into(), String::new()),
    };
    let rss = rss.map_or_else(|| "—".to_string(), |mb| format!("{mb:.0} MB"));
    println!("| | qingfeng | Hugo |");
    println!("|---|---:|---:|");
    println!(
        "| full build, tmpfs (median of {tmpfs_runs}, output removed first; image cache warm) | {} | {ht} |",
        secs(tmpfs_warm)
    );
    if let Some((ours, theirs, ratio)) = paired {
        println!(
            "| the same, qingfeng's and Hugo's builds alternately ({tmpfs_runs} pairs) | {} ({ratio:.2}× at the median of the pairs' ratios) | {} |",
            secs(ours),
            secs(theirs)
        );
    }
    println!(
        "| the same, `--no-cache` (every image drawn) | {} | |",
        secs(tmpfs_cold)
    );
    println!(
        "| full build, disk (median of {disk_runs}, output removed first; image cache warm) | {} (kernel {disk_kernel:.2} s; {files} files, {:.0} MB) | {hd}{hfiles} |",
        secs(disk_warm),
        bytes as f64 / 1e6
    );
    println!(
        "| the same, each into a new folder (nothing removed during the runs; alternately) | {} | {} |",
        hk(Some(new_ours)),
        hk(new_hugo)
    );
    println!("| the same, `--no-cache` | {} | |", secs(disk_cold));
    println!(
        "| rebuild into existing output, one county changed, disk | {} | {hr} |",
        secs(rebuild)
    );
    println!(
        "| `serve` rebuild after one county's YAML changes (memo, in process) | {} | — |",
        secs(serve)
    );
    println!("| `serve` resident memory | {rss} | — |");
    println!("| full build peak memory | {peak_warm:.0} MB (--no-cache {peak_cold:.0} MB) | |");
}
