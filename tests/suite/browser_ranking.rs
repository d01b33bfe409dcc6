//! The full ranking of a comparison of many counties, sorted by keyboard in headless
//! Chromium: builds a synthetic site of 60 counties and runs `tests/browser/ranking.mjs`.

use std::process::Command;

use crate::common::{TestSite, browser_available, manifest_dir};

#[test]
fn the_ranking_table_sorts_by_any_column_from_the_keyboard() {
    if !browser_available() {
        return;
    }
    let site = TestSite::synthetic(60);
    site.build().success();
    for page in [
        "counties/ranking/women-share/index.html",
        "counties/ranking/average-age-change/index.html",
    ] {
        let out = Command::new("node")
            .arg(manifest_dir().join("tests/browser/ranking.mjs"))
            .arg(site.path("public"))
            .arg(page)
            .output()
            .expect("run node");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success(),
            "ranking.mjs failed on {page}\nstdout:\n{stdout}\nstderr:\n{stderr}"
        );
        assert!(stdout.contains("all ranking checks passed"), "{stdout}");
    }
}
