//! The full ranking of a comparison of many counties, sorted by keyboard in headless
//! Chromium: builds a synthetic site of 60 counties and runs `tests/browser/ranking.mjs`.

use crate::common::TestSite;
use crate::common::browser::{self, Script};

#[test]
fn the_ranking_table_sorts_by_any_column_from_the_keyboard() {
    if !browser::available() {
        return;
    }
    let site = TestSite::synthetic(60);
    site.build().success();
    for page in [
        "counties/ranking/women-share/index.html",
        "counties/ranking/average-age-change/index.html",
    ] {
        Script::new("ranking.mjs")
            .arg(site.path("public"))
            .arg(page)
            .passes("ranking");
    }
}
