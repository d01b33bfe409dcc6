//! Hostile and broken input, end to end: each case gives a clear error (file, what is
//! wrong, how to fix it) and exit 1, and leaves the previous output byte for byte; two
//! builds at once and a build killed in the middle never leave a broken output.

use crate::synthetic as synth;

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use crate::common::{TestSite, assert_rejected};

const ALPHA: &str = "content/counties/alpha.yaml";
const CITY: &str = "content/city.yaml";
const REPORT: &str = "content/articles/report.md";

/// The minimal site's `text` with a BOM and CRLF line endings.
fn bom_crlf(text: &str) -> Vec<u8> {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(text.replace('\n', "\r\n").into_bytes());
    bytes
}

// --- Encodings -------------------------------------------------------------------------

#[test]
fn gbk_file_names_the_encoding_and_how_to_convert() {
    let run = assert_rejected(
        |s| {
            // The file as Chinese Windows saves it: GBK (甲 = BC D7, 县 = CF D8).
            let mut bytes = Vec::new();
            for c in s.read(ALPHA).chars() {
                match c {
                    '甲' => bytes.extend_from_slice(b"\xBC\xD7"),
                    '县' => bytes.extend_from_slice(b"\xCF\xD8"),
                    c if c.is_ascii() => bytes.push(c as u8),
                    c => panic!("no GBK bytes for {c} in this test"),
                }
            }
            s.write_bytes(ALPHA, &bytes);
        },
        &["alpha.yaml:1:7", "GBK/GB18030", "iconv -f GB18030 -t UTF-8"],
    );
    // The unreadable county is the one error: no sums missing it, no orphaned narrative.
    assert!(run.stderr.contains("1 error"), "{}", run.stderr);
}

#[test]
fn utf16_files_and_a_gbk_site_toml_are_named_as_such() {
    // A county saved by Notepad as "Unicode": UTF-16 with its BOM.
    let run = assert_rejected(
        |s| {
            let mut bytes = b"\xFF\xFE".to_vec();
            for unit in s.read(ALPHA).encode_utf16() {
                bytes.extend_from_slice(&unit.to_le_bytes());
            }
            s.write_bytes(ALPHA, &bytes);
        },
        &["alpha.yaml", "UTF-16", "iconv -f UTF-16 -t UTF-8"],
    );
    assert!(!run.stderr.contains("binary"), "{}", run.stderr);
    // site.toml saved as GBK (Notepad's "ANSI" on Chinese Windows), or with a BOM.
    let site = TestSite::fixture("minimal");
    let toml = site.read("site.toml");
    let (gbk, _, _) = encoding_rs::GB18030.encode(&toml);
    site.write_bytes("site.toml", &gbk);
    site.build()
        .failure(1)
        .stderr_has("site.toml:")
        .stderr_has("GBK/GB18030")
        .stderr_has("QF0004");
    site.write_bytes("site.toml", &bom_crlf(&toml));
    site.build().success();
}

#[test]
fn bom_and_crlf_give_the_right_line_and_column() {
    let run = assert_rejected(
        |s| {
            let text = s.read(ALPHA).replace("members: 20", "members: 二十");
            s.write_bytes(ALPHA, &bom_crlf(&text));
        },
        &["alpha.yaml:5:10", "5 | members: 二十", "whole number"],
    );
    assert!(!run.stderr.contains('\r'), "{:?}", run.stderr);
    assert_rejected(
        |s| {
            let text = s
                .read(ALPHA)
                .replace("  principal: 1\n", "  principle: 1\n");
            s.write_bytes(ALPHA, &bom_crlf(&text));
        },
        &["alpha.yaml:24:3", "unknown field `principle`"],
    );
}

#[test]
fn bom_crlf_site_gives_the_same_summary_as_lf() {
    let lf = TestSite::fixture("minimal");
    lf.build().success();
    let crlf = TestSite::fixture("minimal");
    for rel in [
        ALPHA,
        "content/counties/beta.yaml",
        "content/counties/alpha.md",
        CITY,
        REPORT,
    ] {
        let text = crlf.read(rel);
        crlf.write_bytes(rel, &bom_crlf(&text));
    }
    crlf.build().success();
    assert_eq!(
        lf.read("public/data/summary.json"),
        crlf.read("public/data/summary.json")
    );
    let page = crlf.read("public/counties/alpha/index.html");
    assert!(page.contains("共20名"), "{page}");
    assert!(!page.contains('\u{feff}'));
}

#[test]
fn binary_data_is_refused() {
    assert_rejected(
        |s| {
            s.write_bytes(
                "content/articles/photo.md",
                b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0",
            );
        },
        &["content/articles/photo.md", "binary data", "UTF-8 text"],
    );
}

#[test]
fn a_50_mb_markdown_file_is_refused_by_its_size() {
    assert_rejected(
        |s| {
            // A sparse file: 50 MB long, written in an instant.
            let f = std::fs::File::create(s.path("content/articles/huge.md")).expect("create");
            f.set_len(50 * 1024 * 1024).expect("set_len");
        },
        &[
            "content/articles/huge.md",
            "is 50.0 MB; source files are limited to 4 MB",
            "split the text",
        ],
    );
}

// --- YAML --------------------------------------------------------------------------------

#[test]
fn empty_yaml_is_refused() {
    assert_rejected(
        |s| {
            s.write(ALPHA, "");
        },
        &["alpha.yaml", "is empty"],
    );
    assert_rejected(
        |s| {
            s.write(ALPHA, "# only a comment\n\n");
        },
        &["alpha.yaml", "is empty", "qingfeng new county"],
    );
}

#[test]
fn an_empty_file_or_front_matter_is_told_what_it_needs() {
    for (file, text, help) in [
        (
            "content/city.yaml",
            "# 全市数据\n",
            "help: write the city's `name:`, `year:` and `date:` at least",
        ),
        (
            "content/qa.yaml",
            "",
            "write `title:`, `date:` and `items:` (each a `question:` and its `answer:`), or delete the file",
        ),
        (
            "content/counties/east/_index.yaml",
            "\n",
            "write the region's `name:`, `level:`, `year:` and `date:`",
        ),
        (
            "content/articles/report.md",
            "---\n# 标题\n---\n正文\n",
            "the front matter between the `---` lines is empty",
        ),
        (
            "content/counties/alpha.md",
            "---\n---\n正文\n",
            "help: write a `title:` and a `date:` line between the two `---` lines\n",
        ),
    ] {
        let run = assert_rejected(
            |s| {
                if file.contains("east") {
                    std::fs::create_dir_all(s.path("content/counties/east")).expect("mkdir");
                    std::fs::rename(
                        s.path("content/counties/beta.yaml"),
                        s.path("content/counties/east/beta.yaml"),
                    )
                    .expect("move beta");
                }
                s.write(file, text);
            },
            &["QF0202", help],
        );
        assert!(!run.stderr.contains("new county"), "{file}: {}", run.stderr);
    }
    assert_rejected(
        |s| {
            s.write("content/articles/report.md", "---\n---\n正文\n");
        },
        &["`qingfeng new article SLUG` writes an article with every field"],
    );
}

#[test]
fn a_list_instead_of_a_map_is_refused() {
    assert_rejected(
        |s| {
            s.write(ALPHA, "- name: 甲县\n- members: 20\n");
        },
        &[
            "alpha.yaml:1:1",
            "must be a mapping of `key: value` lines, not a list",
        ],
    );
}

#[test]
fn deep_nesting_is_refused() {
    assert_rejected(
        |s| {
            let deep = "[".repeat(100_000);
            s.edit(
                CITY,
                "  women: 6\n",
                &format!("  women: 6\n  deep: {deep}\n"),
            );
        },
        &[
            "content/city.yaml",
            "nested too deeply",
            "without deep nesting",
        ],
    );
}

#[test]
fn billion_laughs_is_refused() {
    let mut bomb = String::from("  lol0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let p = i - 1;
        bomb.push_str(&format!(
            "  lol{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    let started = Instant::now();
    assert_rejected(
        |s| {
            s.edit(CITY, "  women: 6\n", &format!("  women: 6\n{bomb}"));
        },
        &["content/city.yaml", "aliases expand too far", "anchors"],
    );
    assert!(started.elapsed() < Duration::from_secs(20));
}

#[test]
fn duplicate_keys_point_at_the_second() {
    assert_rejected(
        |s| {
            s.edit(ALPHA, "members: 20\n", "members: 20\nmembers: 21\n");
        },
        &[
            "alpha.yaml:6:1",
            "duplicate field `members`",
            "each key may appear once",
        ],
    );
    assert_rejected(
        |s| {
            s.edit(ALPHA, "  count: 3\n", "  count: 3\n  count: 4\n");
        },
        &["alpha.yaml:24:3", "duplicate field `count`"],
    );
    // `expected` is a free mapping: serde alone would keep the last value silently.
    assert_rejected(
        |s| {
            s.edit(CITY, "  members: 40\n", "  members: 40\n  members: 41\n");
        },
        &["content/city.yaml:7:3", "duplicate key `members`"],
    );
}

#[test]
fn numbers_out_of_range_are_refused() {
    assert_rejected(
        |s| {
            s.edit(ALPHA, "  count: 3", "  count: -3");
        },
        &[
            "alpha.yaml:23:10",
            "the number -3",
            "whole number from 0 to 100000",
        ],
    );
    assert_rejected(
        |s| {
            s.edit(ALPHA, "members: 20", "members: 4294967296");
        },
        &["alpha.yaml:5:10", "whole number from 0 to 100000"],
    );
    assert_rejected(
        |s| {
            s.edit(ALPHA, "  postgraduate: 4", "  postgraduate: 100001");
        },
        &[
            "alpha.yaml:18:17",
            "education.postgraduate: 100001 is out of range",
        ],
    );
    assert_rejected(
        |s| {
            s.edit(ALPHA, "members: 20", "members: 200000");
        },
        &["alpha.yaml:5:10", "members: 200000 is out of range"],
    );
    assert_rejected(
        |s| {
            s.edit(ALPHA, "  average: 46.0", "  average: 300");
        },
        &[
            "alpha.yaml:7:12",
            "age.average: 300 is not a plausible age",
            "between 18 and 80",
        ],
    );
    assert_rejected(
        |s| {
            s.edit(ALPHA, "  average: 46.0", "  average: .nan");
        },
        &["alpha.yaml:7:12", "not a plausible age"],
    );
}

/// The youngest member's age is in a band that holds somebody, with nobody in the bands
/// below it: a page that said 42岁以下5名，最小45岁 contradicted itself.
#[test]
fn the_youngest_age_must_fit_the_age_bands() {
    assert_rejected(
        |s| {
            s.edit(ALPHA, "  youngest: 34", "  youngest: 45");
        },
        &[
            "alpha.yaml:8:13",
            "the youngest is 45, but the age band up_to_35, below that age, has 1",
        ],
    );
    assert_rejected(
        |s| {
            s.edit(
                ALPHA,
                "    up_to_35: 1\n    from_36_to_40: 2",
                "    up_to_35: 0\n    from_36_to_40: 3",
            );
        },
        &[
            "alpha.yaml:8:13",
            "the youngest is 34, but the age band up_to_35, which holds that age, has nobody",
        ],
    );
    // In range: the youngest at a band's top edge.
    let site = crate::common::TestSite::fixture("minimal");
    site.edit(ALPHA, "  youngest: 34", "  youngest: 35");
    site.build().success();
}

#[test]
fn tabs_in_yaml_are_explained() {
    assert_rejected(
        |s| {
            s.edit(ALPHA, "  count: 3", "\tcount: 3");
        },
        &["alpha.yaml:23", "replace the tab with spaces"],
    );
    // A tab after the block's first key is another of the parser's messages.
    assert_rejected(
        |s| {
            s.edit(ALPHA, "  principal: 1", "\tprincipal: 1");
        },
        &["QF0309", "alpha.yaml:24:1", "replace the tab with spaces"],
    );
}

#[test]
fn a_bracket_never_closed_is_shown_where_it_opens() {
    // YAML fails lines further down; the message points at the bracket.
    let run = assert_rejected(
        |s| {
            s.edit(ALPHA, "women:\n  count: 3", "women: [3, 1\n  count: 3");
        },
        &[
            "QF0217",
            "alpha.yaml:22:8",
            "the `[` here is never closed",
            "add `]` where the value ends",
        ],
    );
    run.stderr_lacks("QF0208");
    // Closed on a later line, as YAML allows, it is no such error (the field is refused
    // for what it is: a list where a block of counts belongs).
    let site = TestSite::fixture("minimal");
    site.edit(
        ALPHA,
        "women:\n  count: 3",
        "women: [3,\n   1]\nwomen_x:\n  count: 3",
    );
    site.build().failure(1).stderr_lacks("QF0217");
}

// --- Markdown files -----------------------------------------------------------------------

#[test]
fn front_matter_that_never_closes_is_refused() {
    assert_rejected(
        |s| {
            s.write(REPORT, "---\ntitle: 报道\ndate: 2016-08-22\n\n正文……\n");
        },
        &[
            "report.md:1",
            "front matter opened here never closes",
            "`---`",
        ],
    );
}

#[test]
fn article_names_that_cannot_be_addresses_are_refused() {
    // A name in Latin letters is told the address it most likely means; a Chinese one,
    // which has no one spelling, the rule.
    let cases: [(&str, &[&str]); 2] = [
        ("我的 文章", &["我的 文章.md", "lowercase ASCII"]),
        ("Young Cadres", &["e.g. young-cadres.md"]),
    ];
    for (name, needles) in cases {
        let run = assert_rejected(
            |s| {
                let text = s.read(REPORT);
                s.write(&format!("content/articles/{name}.md"), &text);
            },
            needles,
        );
        run.stderr_has(&format!("file name `{name}` cannot be a page address"));
    }
}

#[test]
fn county_file_named_other_than_its_slug_is_refused() {
    assert_rejected(
        |s| {
            let text = s.read(ALPHA);
            std::fs::remove_file(s.path(ALPHA)).expect("rm");
            std::fs::remove_file(s.path("content/counties/alpha.md")).expect("rm");
            s.write("content/counties/甲县.yaml", &text);
        },
        &[
            "slug `alpha` differs from the file name `甲县`",
            "name the file after the slug",
        ],
    );
}

#[test]
fn editor_temp_files_are_skipped_and_hidden_content_is_named() {
    let site = TestSite::fixture("minimal");
    // Editors' swap, backup and lock files, binary or not, never break a build.
    site.write_bytes("content/counties/.alpha.yaml.swp", b"b0VIM 8.2\0\0\xff\xfe");
    site.write_bytes("content/counties/alpha.yaml~", b"\0\0");
    site.write("content/articles/#report.md#", "half a draft");
    site.write("content/articles/.#report.md", "lock");
    let run = site.build().success();
    assert!(!run.stderr.contains("swp"), "{}", run.stderr);
    assert!(!run.stderr.contains("#report"), "{}", run.stderr);
    // A hidden file that looks like content is skipped with a warning naming it.
    site.write("content/articles/.hidden.md", &site.read(REPORT));
    site.build()
        .success()
        .stderr_has("content/articles/.hidden.md")
        .stderr_has("starts with a dot, so it is hidden and was skipped")
        .stderr_has("rename it to `hidden.md`");
    assert!(!site.path("public/articles/hidden").exists());
    assert!(!site.path("public/articles/.hidden").exists());
}

// --- Leaving the output -------------------------------------------------------------------

#[test]
fn slugs_that_leave_the_output_are_refused() {
    for slug in [
        "../../evil",
        "/etc/cron.d/x",
        "C:\\\\Windows",
        "c:",
        "NUL",
        "nul",
        "a/../../b",
    ] {
        assert_rejected(
            |s| {
                s.edit(ALPHA, "slug: alpha", &format!("slug: \"{slug}\""));
            },
            &[
                "alpha.yaml:3:7",
                "is not allowed",
                "lowercase ASCII letters",
            ],
        );
    }
}

#[cfg(unix)]
#[test]
fn a_refused_county_file_is_the_one_error_not_a_missing_county_too() {
    // The site's only county, with its narrative: saved as GBK, or a link.
    let only = |s: &TestSite| {
        std::fs::remove_file(s.path("content/counties/beta.yaml")).expect("remove beta");
    };
    let run = assert_rejected(
        |s| {
            only(s);
            s.write_bytes(ALPHA, b"name: \xBC\xD7\xCF\xD8\n");
        },
        &["alpha.yaml:1:7", "GBK/GB18030"],
    );
    assert!(run.stderr.contains("1 error"), "{}", run.stderr);
    let outside = tempfile::tempdir().expect("tempdir");
    let run = assert_rejected(
        |s| {
            only(s);
            std::fs::rename(s.path(ALPHA), outside.path().join("alpha.yaml")).expect("move");
            std::os::unix::fs::symlink(outside.path().join("alpha.yaml"), s.path(ALPHA))
                .expect("symlink");
        },
        &["content/counties/alpha.yaml", "is a symbolic link"],
    );
    for wrong in ["QF0408", "QF0215", "holds no county", "without county data"] {
        assert!(!run.stderr.contains(wrong), "{wrong}: {}", run.stderr);
    }
}

#[cfg(unix)]
#[test]
fn symlinks_in_content_are_refused() {
    let outside = tempfile::tempdir().expect("tempdir");
    std::fs::write(outside.path().join("secret.yaml"), "name: 秘密\n").expect("write");
    assert_rejected(
        |s| {
            std::os::unix::fs::symlink(
                outside.path().join("secret.yaml"),
                s.path("content/counties/gamma.yaml"),
            )
            .expect("symlink");
        },
        &[
            "content/counties/gamma.yaml",
            "is a symbolic link",
            "replace the link",
        ],
    );
    assert_rejected(
        |s| {
            std::os::unix::fs::symlink(outside.path(), s.path("content/articles/more"))
                .expect("symlink");
        },
        &["content/articles/more", "is a symbolic link"],
    );
    assert_rejected(
        |s| {
            std::os::unix::fs::symlink("/etc/passwd", s.path("content/articles/passwd.md"))
                .expect("symlink");
        },
        &["content/articles/passwd.md", "is a symbolic link"],
    );
    std::fs::write(outside.path().join("team.png"), b"\x89PNG\r\n").expect("write");
    assert_rejected(
        |s| {
            std::os::unix::fs::symlink(
                outside.path().join("team.png"),
                s.path("content/articles/team.png"),
            )
            .expect("symlink");
        },
        &["content/articles/team.png", "is a symbolic link"],
    );
    // A link to nothing, in a county's place: refused as a link, not taken for a missing
    // county.
    let run = assert_rejected(
        |s| {
            std::os::unix::fs::symlink(
                "/nonexistent/qf.yaml",
                s.path("content/counties/zeta.yaml"),
            )
            .expect("symlink");
        },
        &["content/counties/zeta.yaml", "is a symbolic link"],
    );
    assert!(run.stderr.contains("1 error"), "{}", run.stderr);
}

// --- Two builds at once -------------------------------------------------------------------

#[test]
fn a_live_lock_stops_the_second_build() {
    let site = TestSite::fixture("minimal");
    site.build().success();
    let before = site.snapshot("public");
    let lock = site.path(".public.qingfeng-lock");
    // As if another live process (this test) were writing.
    let me = std::process::id().to_string();
    std::fs::write(&lock, format!("{me}\n")).expect("lock");
    site.edit(CITY, "name: 测试市", "name: 改名市");
    site.build()
        .failure(2)
        .stderr_has(&format!("another qingfeng (process {me}) is writing to"))
        .stderr_has("wait for it to finish")
        .stderr_has(".public.qingfeng-lock");
    assert!(site.snapshot("public") == before, "the output changed");
    assert_eq!(
        std::fs::read_to_string(&lock).expect("lock kept"),
        format!("{me}\n")
    );
}

#[test]
fn a_stale_lock_of_a_dead_process_is_taken_over() {
    let site = TestSite::fixture("minimal");
    site.build().success();
    let mut child = std::process::Command::new("true").spawn().expect("spawn");
    let dead = child.id();
    child.wait().expect("wait");
    let lock = site.path(".public.qingfeng-lock");
    std::fs::write(&lock, format!("{dead}\n")).expect("lock");
    site.edit(CITY, "name: 测试市", "name: 改名市");
    site.build().success();
    assert!(site.read("public/data/summary.json").contains("改名市"));
    assert!(!lock.exists(), "the lock was left behind");
}

// --- A build killed in the middle ---------------------------------------------------------

/// Paths listed in a manifest-like file of the output.
fn listed(site: &TestSite, name: &str) -> BTreeSet<String> {
    std::fs::read_to_string(site.path(&format!("public/{name}")))
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(str::to_string)
        .collect()
}

/// The output is whole: the manifest lists only files that exist, every file is owned by
/// the manifest or the journal, and every page is complete.
#[track_caller]
fn assert_output_whole(site: &TestSite, when: &str) {
    let files = site.snapshot("public");
    let manifest = listed(site, ".qingfeng-manifest");
    let journal = listed(site, ".qingfeng-journal");
    for path in &manifest {
        assert!(
            files.contains_key(path),
            "{when}: {path} is in the manifest but missing"
        );
    }
    for (path, bytes) in &files {
        if path.starts_with('.') {
            continue;
        }
        assert!(
            manifest.contains(path) || journal.contains(path),
            "{when}: {path} is on disk but owned by neither manifest nor journal"
        );
        if path.ends_with(".html") {
            assert!(bytes.ends_with(b"</html>\n"), "{when}: {path} is cut short");
        }
    }
}

#[cfg(unix)]
/// A synthetic site of `n` counties with the default theme. Its city states no totals,
/// so that counties can be added.
fn synthetic_site(n: usize) -> TestSite {
    let site = TestSite {
        dir: tempfile::tempdir().expect("tempdir"),
    };
    synth::write_site(site.root(), n).expect("synth");
    site.write(CITY, "name: 合成市\nyear: 2016\ndate: 2016-08-20\n");
    crate::common::copy_tree(
        &crate::common::manifest_dir().join("themes"),
        &site.path("themes"),
    );
    site
}

/// Starts `qingfeng build` on `site`, quietly, to be killed.
#[cfg(unix)]
fn start_build(site: &TestSite) -> std::process::Child {
    crate::common::qingfeng()
        .arg("--root")
        .arg(site.root())
        .arg("build")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn")
}

#[cfg(unix)]
#[test]
fn a_build_killed_at_any_moment_leaves_a_whole_output() {
    let site = synthetic_site(150);
    site.build().success();
    site.edit("site.toml", "title = \"合成测试网", "title = \"合成测试网-");
    let start = Instant::now();
    site.build().success();
    let full = start.elapsed();

    // Starts a build and kills it: `after` once `marker` (a path) exists, if one is given.
    let run_killed = |marker: Option<&std::path::Path>, after: Duration| {
        let mut child = start_build(&site);
        if let Some(marker) = marker {
            while !marker.exists() && child.try_wait().expect("try_wait").is_none() {
                std::thread::sleep(Duration::from_micros(200));
            }
        }
        std::thread::sleep(after);
        child.kill().expect("kill"); // SIGKILL
        child.wait().expect("wait");
    };
    // Each round changes every page (the site's title) and adds one, then kills the build: twice early,
    // then at moments spread over the write stage, which ends the build.
    let mut mid_write = 0;
    for k in 0..12u32 {
        site.write(
            "site.toml",
            &site.read("site.toml").replacen(
                "title = \"合成测试网",
                &format!("title = \"合成测试网{k}"),
                1,
            ),
        );
        // New pages each round, spread over the output: paths it does not have yet.
        site.write(
            &format!("content/articles/round-{k}.md"),
            &format!("---\ntitle: 第{k}轮\ndate: 2016-08-21\n---\n正文。\n"),
        );
        for j in 0..15 {
            let from = format!("c{:04}", j * 10);
            let slug = format!("r{k:02}-{j:02}");
            let text = site.read(&format!("content/counties/{from}.yaml"));
            site.write(
                &format!("content/counties/{slug}.yaml"),
                &text
                    .replacen(&format!("slug: {from}"), &format!("slug: {slug}"), 1)
                    .replacen("name: ", &format!("name: 第{k}轮{j}号"), 1),
            );
        }
        // Twice by the clock, early; then once the write stage began (staging) and once
        // files began to be renamed into place (journal), at staggered delays.
        let staging = site.path(".public.qingfeng-staging");
        let journal = site.path("public/.qingfeng-journal");
        let ms = |n: u64| Duration::from_millis(n);
        let (marker, after) = match k {
            0 => (None, ms(3)),
            1 => (None, full / 3),
            2..=5 => (Some(staging.as_path()), ms([0, 3, 10, 30][k as usize - 2])),
            _ => (
                Some(journal.as_path()),
                ms([0, 1, 2, 4, 8, 16][k as usize - 6]),
            ),
        };
        run_killed(marker, after);
        assert_output_whole(&site, &format!("killed after {after:?}"));
        if journal.exists() {
            mid_write += 1;
        }
    }
    // Timing-dependent, so only reported: how many kills landed in the middle of a write.
    eprintln!("{mid_write} of 12 kills landed while files were being renamed into place");
    site.build().success();
    assert_output_whole(&site, "after the next build");
    assert!(!site.path("public/.qingfeng-journal").exists());
    assert!(!site.path(".public.qingfeng-lock").exists());
    assert!(!site.path(".public.qingfeng-staging").exists());
    // The next build equals a clean one.
    let clean = site.path("clean");
    site.run(&["build", "--output", &clean.to_string_lossy()])
        .success();
    let got = site.snapshot("public");
    let want = site.snapshot("clean");
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        want.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &want {
        assert!(&got[path] == bytes, "{path} differs from a clean build");
    }
}

/// A termination signal (SIGTERM: a CI timeout, a closed terminal; Ctrl-C's SIGINT alike)
/// while files are being renamed into place waits until the last one is: every page is then
/// the new site's, and the build says it was interrupted (exit 130).
#[cfg(unix)]
#[test]
fn a_termination_signal_while_files_are_put_in_place_lets_the_write_finish() {
    let site = synthetic_site(150);
    site.build().success();
    let journal = site.path("public/.qingfeng-journal");
    let mut landed = 0;
    for k in 0..6 {
        let title = format!("合成测试网T{k}");
        site.write(
            "site.toml",
            &site.read("site.toml").replacen(
                "title = \"合成测试网",
                &format!("title = \"{title}"),
                1,
            ),
        );
        let mut child = start_build(&site);
        while !journal.exists() && child.try_wait().expect("try_wait").is_none() {
            std::thread::sleep(Duration::from_micros(100));
        }
        let putting = journal.exists();
        std::process::Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()
            .expect("kill");
        let status = child.wait().expect("wait");
        let pages: Vec<String> = walkdir::WalkDir::new(site.path("public"))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_name() == "index.html")
            .map(|e| std::fs::read_to_string(e.path()).expect("read"))
            .collect();
        let new = pages.iter().filter(|p| p.contains(&title)).count();
        assert!(
            new == 0 || new == pages.len(),
            "round {k}: {new} of {} pages are the new site's",
            pages.len()
        );
        if putting {
            landed += 1;
            assert_eq!(new, pages.len(), "round {k}: signalled while putting");
            assert!(!journal.exists(), "round {k}: the write did not finish");
            assert_eq!(status.code(), Some(130), "round {k}: {status:?}");
        }
        assert_output_whole(&site, &format!("round {k}"));
    }
    // Timing-dependent, so only reported.
    eprintln!("{landed} of 6 signals came while files were being put in place");
    site.build().success();
    assert_output_whole(&site, "after the next build");
}

/// A leftover journal (a build killed while putting files in place) fails `check`, the
/// gate before publishing, until a build completes the folder.
#[test]
fn check_refuses_an_output_a_killed_build_left_part_old_part_new() {
    let site = TestSite::fixture("minimal");
    site.build().success();
    site.write("public/.qingfeng-journal", "index.html\n");
    site.run(&["--lang", "en", "check"])
        .failure(1)
        .stderr_has("error[QF0714]")
        .stderr_has("killed while it put its files in place")
        .stderr_has("run `qingfeng build`");
    site.build().success();
    assert!(!site.path("public/.qingfeng-journal").exists());
    site.run(&["check"]).success();
}

/// A first build writes everything beside the output folder and renames that folder into
/// place at the end: killed at any moment, it leaves either no output folder or a whole one.
#[cfg(unix)]
#[test]
fn a_first_build_killed_at_any_moment_leaves_no_output_or_a_whole_one() {
    let site = synthetic_site(150);
    let staging = site.path(".public.qingfeng-staging");
    let public = site.path("public");
    let mut whole = 0;
    for delay_ms in [0u64, 1, 2, 4, 8, 16, 32] {
        let _ = std::fs::remove_dir_all(&public);
        let mut child = start_build(&site);
        while !staging.exists() && child.try_wait().expect("try_wait").is_none() {
            std::thread::sleep(Duration::from_micros(200));
        }
        std::thread::sleep(Duration::from_millis(delay_ms));
        child.kill().expect("kill"); // SIGKILL
        child.wait().expect("wait");
        if public.exists() {
            assert_output_whole(&site, &format!("killed {delay_ms} ms into staging"));
            assert!(
                public.join(".qingfeng-manifest").is_file(),
                "the output folder came without its manifest"
            );
            whole += 1;
        }
    }
    eprintln!("{whole} of 7 killed first builds had already renamed their output into place");
    site.build().success();
    assert_output_whole(&site, "after the next build");
    assert!(!staging.exists(), "the staging folder was left behind");
    let manifest = listed(&site, ".qingfeng-manifest");
    assert_eq!(
        manifest,
        site.snapshot("public")
            .keys()
            .filter(|p| !p.starts_with('.'))
            .cloned()
            .collect::<BTreeSet<_>>()
    );
}
