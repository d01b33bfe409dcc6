//! The images in headless Chromium (`tests/browser/images.mjs`): on the second city built
//! without a `base_url`, `og:image` resolves and the 下载图片 links work from disk and
//! served under a subpath.

use std::process::Command;

use crate::common::{TestSite, browser_available, manifest_dir};

#[test]
fn og_image_and_download_links_work_from_disk_and_under_a_subpath() {
    if !browser_available() {
        return;
    }
    let site = TestSite::fixture("second-city");
    let www = site.path("www");
    let out = www.join("huanjie");
    site.run(&["build", "--output", &out.to_string_lossy()])
        .success();
    let run = Command::new("node")
        .arg(manifest_dir().join("tests/browser/images.mjs"))
        .arg(&out)
        .arg(&www)
        .arg("huanjie")
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&run.stdout);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        run.status.success(),
        "images.mjs failed\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );
    assert!(stdout.contains("all image checks passed"), "{stdout}");
}
