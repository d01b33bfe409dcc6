//! The 大字 and 高对比 switches in headless Chromium: builds the example into a temp dir
//! and runs `tests/browser/switches.mjs` (Node + playwright-core) against it.

use crate::common::TestSite;
use crate::common::browser::{self, Script};

#[test]
fn large_text_and_high_contrast_switches_work_by_keyboard_and_are_remembered() {
    if !browser::available() {
        return;
    }
    let site = TestSite::example();
    site.build().success();
    Script::new("switches.mjs")
        .arg(site.path("public"))
        .passes("switch");
}
