//! The 大字 and 高对比 switches in headless Chromium: builds the example into a temp dir
//! and runs `tests/browser/switches.mjs` (Node + playwright-core) against it.

use std::path::Path;
use std::process::Command;

use crate::common::{TestSite, manifest_dir};

/// Whether the browser test can run here; skips loudly, or fails when `CI=true`.
fn browser_ready() -> bool {
    let chromium = Path::new("/usr/bin/chromium").is_file();
    let modules = manifest_dir()
        .join("tests/browser/node_modules/playwright-core")
        .is_dir();
    if chromium && modules {
        return true;
    }
    let missing = match (chromium, modules) {
        (false, false) => "/usr/bin/chromium and tests/browser/node_modules",
        (false, true) => "/usr/bin/chromium",
        _ => "tests/browser/node_modules",
    };
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!(
            "browser test cannot run on CI: {missing} missing (apt-get install chromium; npm ci --prefix tests/browser)"
        );
    }
    eprintln!(
        "\n!!!!!!!!\nSKIPPED: browser switch test: {missing} missing. To run it: apt-get install chromium; npm ci --prefix tests/browser\n!!!!!!!!\n"
    );
    false
}

#[test]
fn large_text_and_high_contrast_switches_work_by_keyboard_and_are_remembered() {
    if !browser_ready() {
        return;
    }
    let site = TestSite::example();
    site.build().success();
    let out = Command::new("node")
        .arg(manifest_dir().join("tests/browser/switches.mjs"))
        .arg(site.path("public"))
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "switches.mjs failed\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );
    assert!(stdout.contains("all switch checks passed"), "{stdout}");
}
