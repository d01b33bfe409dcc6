//! The benchmark's synthetic site generator makes valid sites (not timed).

use crate::synthetic as synth;

#[test]
fn synthetic_sites_build_cleanly() {
    let dir = tempfile::tempdir().expect("tempdir");
    synth::write_site(dir.path(), 40).expect("write");
    crate::common::copy_tree(
        &crate::common::manifest_dir().join("themes"),
        &dir.path().join("themes"),
    );
    let out = crate::common::qingfeng()
        .arg("--root")
        .arg(dir.path())
        .arg("build")
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("error"), "{stderr}");
    let summary: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("public/data/summary.json")).expect("read"),
    )
    .expect("json");
    assert_eq!(summary["counties"].as_array().map(Vec::len), Some(40));
    let page =
        std::fs::read_to_string(dir.path().join("public/counties/c0007/index.html")).expect("page");
    let han = page
        .chars()
        .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
        .count();
    assert!(
        han > 1500,
        "narrative pages should carry about 1,500 Han characters, got {han}"
    );
}
