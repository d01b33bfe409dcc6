//! The images in headless Chromium (`tests/browser/images.mjs`): on the second city built
//! without a `base_url`, `og:image` resolves and the 下载图片 links work from disk and
//! served under a subpath.

use crate::common::TestSite;
use crate::common::browser::{self, Script};

#[test]
fn og_image_and_download_links_work_from_disk_and_under_a_subpath() {
    if !browser::available() {
        return;
    }
    let site = TestSite::fixture("second-city");
    let www = site.path("www");
    let out = www.join("huanjie");
    site.run(&["build", "--output", &out.to_string_lossy()])
        .success();
    Script::new("images.mjs")
        .arg(&out)
        .arg(&www)
        .arg("huanjie")
        .passes("image");
}
