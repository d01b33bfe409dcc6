//! Readers on every screen and on paper, in headless Chromium: builds the example and runs
//! `tests/browser/layout.mjs` (Node + playwright-core) against it. Text sizes on a phone in
//! both modes, no sideways scrolling, tap targets, charts side by side on wide screens,
//! numbers kept with their units, old question links, print page counts; screenshots at
//! 375, 768, 1280 and 1920 px are left in `target/screenshots/` for review.

use crate::common::browser::{self, Script};
use crate::common::{TestSite, manifest_dir};

#[test]
fn pages_read_well_on_phones_wide_screens_and_paper() {
    if !browser::available() {
        return;
    }
    let site = TestSite::example();
    site.build().success();
    let shots = manifest_dir().join("target/screenshots");
    Script::new("layout.mjs")
        .arg(site.path("public"))
        .arg(&shots)
        .passes("layout");
}
