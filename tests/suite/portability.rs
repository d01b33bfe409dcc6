//! What must hold on Windows and macOS as on Linux: names that differ only in upper and
//! lower case are one file there, and Windows reserves some names. A site is refused for
//! them on every platform, so that it builds the same on every editor's computer.

use crate::common::{TestSite, assert_rejected};

const BETA: &str = "content/counties/beta.yaml";

#[test]
fn county_slugs_differing_only_in_case_are_refused() {
    let run = assert_rejected(
        |s| {
            let text = s.read(BETA).replacen("slug: beta", "slug: anze", 1);
            s.write("content/counties/anze.yaml", &text);
            s.write("content/counties/Anze.yaml", &text);
        },
        &[
            "--> content/counties/anze.yaml",
            "`content/counties/Anze.yaml` and `content/counties/anze.yaml` differ only in upper and lower case",
            "Windows and macOS take them for one file",
        ],
    );
    assert!(!run.stderr.contains("panicked"));
}

#[test]
fn articles_differing_only_in_case_are_refused() {
    assert_rejected(
        |s| {
            let text = s.read("content/articles/report.md");
            s.write("content/articles/Report.md", &text);
        },
        &[
            "`content/articles/Report.md` and `content/articles/report.md` differ only in upper and lower case",
        ],
    );
}

#[test]
fn slugs_windows_reserves_are_refused() {
    for slug in ["con", "aux", "com1", "lpt9"] {
        assert_rejected(
            |s| {
                let text = s
                    .read(BETA)
                    .replacen("slug: beta", &format!("slug: {slug}"), 1);
                std::fs::remove_file(s.path(BETA)).expect("rm");
                s.write(&format!("content/counties/{slug}.yaml"), &text);
            },
            &[
                &format!("slug `{slug}` is not allowed"),
                "is a device name on Windows",
            ],
        );
    }
}

/// Builds `site` once, breaks it with `break_it`, and expects the build to fail with exit
/// code 2 and `needles`, the previous output unchanged.
#[track_caller]
fn assert_output_refused(break_it: impl FnOnce(&TestSite), needles: &[&str]) {
    let site = TestSite::fixture("minimal");
    site.build().success();
    let before = site.snapshot("public");
    break_it(&site);
    let mut run = site.build().failure(2);
    for n in needles {
        run = run.stderr_has(n);
    }
    assert!(
        site.snapshot("public") == before,
        "the previous output changed"
    );
}

#[test]
fn static_files_differing_only_in_case_are_refused() {
    assert_output_refused(
        |s| {
            s.write("static/img/Logo.svg", "<svg/>");
            s.write("static/img/logo.svg", "<svg/>");
        },
        &[
            "`img/Logo.svg` and `img/logo.svg`",
            "differ only in upper and lower case",
        ],
    );
}

#[test]
fn static_files_windows_cannot_name_are_refused() {
    assert_output_refused(
        |s| {
            s.write("static/nul.css", "a{}");
        },
        &["nul.css", "is a device name on Windows"],
    );
    assert_output_refused(
        |s| {
            s.write("static/notes.", "x");
        },
        &["notes.", "ends in a dot or a space"],
    );
}
