//! Incremental rebuilds (as `serve` does them) give byte-identical output to a full build,
//! and reuse what an edit did not touch.

mod common;

use common::TestSite;
use qingfeng::build::{build_site, build_site_cached};
use qingfeng::config::Config;
use qingfeng::memo::BuildMemo;

fn files(built: &qingfeng::build::Built) -> Vec<(String, Vec<u8>)> {
    built
        .files
        .iter()
        .map(|f| (f.path.clone(), f.bytes.to_vec()))
        .collect()
}

/// Names the files that differ instead of printing their bytes.
#[track_caller]
fn assert_same(a: &[(String, Vec<u8>)], b: &[(String, Vec<u8>)]) {
    let paths = |v: &[(String, Vec<u8>)]| v.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(paths(a), paths(b), "different file lists");
    let differ: Vec<&str> = a
        .iter()
        .zip(b)
        .filter(|(x, y)| x.1 != y.1)
        .map(|(x, _)| x.0.as_str())
        .collect();
    assert!(
        differ.is_empty(),
        "incremental output differs from a full build in {differ:?}"
    );
}

#[test]
fn an_incremental_rebuild_equals_a_full_build() {
    let site = TestSite::example();
    let config = Config::load(site.root(), None).expect("config");
    let mut cache = BuildMemo::default();
    let first = build_site_cached(&config, &mut cache).expect("first build");
    assert_eq!(first.reused_pages, 0);

    // One county's figures change: that county, the totals and comparisons change.
    site.edit(
        "content/counties/yaodu.yaml",
        "  average: 47.1",
        "  average: 47.3",
    );
    site.edit(
        "content/city.yaml",
        "average_age_change: -2.9",
        "average_age_change: -2.9",
    );
    let incremental = build_site_cached(&config, &mut cache);
    let full = build_site(&config);
    match (incremental, full) {
        (Ok(inc), Ok(full)) => {
            assert_same(&files(&inc), &files(&full));
            assert_eq!(
                inc.reused_pages, 16,
                "all county pages but the edited one are reused"
            );
        }
        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
        (a, b) => panic!(
            "incremental and full builds disagree: {:?} vs {:?}",
            a.is_ok(),
            b.is_ok()
        ),
    }

    // A renamed county: its label in every comparison changes, though no figure did.
    site.edit(
        "content/counties/xiangning.yaml",
        "name: 乡宁县",
        "name: 乡宁新县",
    );
    let inc = build_site_cached(&config, &mut cache).expect("build");
    let full = build_site(&config).expect("build");
    assert_same(&files(&inc), &files(&full));
    assert!(
        String::from_utf8_lossy(
            &inc.files
                .iter()
                .find(|f| f.path == "data/charts/compare-women-share.csv")
                .expect("comparison CSV")
                .bytes
        )
        .contains("乡宁新县"),
        "the comparison was not redrawn with the new name"
    );

    // A narrative edit re-renders that page only.
    site.edit("content/counties/anze.md", "---\n", "---\n\n");
    let _ = site.read("content/counties/anze.md");
    let inc = build_site_cached(&config, &mut cache).expect("build");
    let full = build_site(&config).expect("build");
    assert_same(&files(&inc), &files(&full));

    // A template edit invalidates everything, and still equals a full build.
    site.edit(
        "themes/default/templates/county.html",
        "班子结构图表",
        "班子结构",
    );
    let inc = build_site_cached(&config, &mut cache).expect("build");
    assert_eq!(inc.reused_pages, 0);
    assert_same(&files(&inc), &files(&build_site(&config).expect("build")));
}

#[test]
fn a_failed_rebuild_does_not_poison_the_cache() {
    let site = TestSite::fixture("minimal");
    let config = Config::load(site.root(), None).expect("config");
    let mut cache = BuildMemo::default();
    build_site_cached(&config, &mut cache).expect("first build");
    site.edit("content/counties/alpha.yaml", "members: 20", "members: x");
    assert!(build_site_cached(&config, &mut cache).is_err());
    site.edit("content/counties/alpha.yaml", "members: x", "members: 20");
    let inc = build_site_cached(&config, &mut cache).expect("fixed");
    assert_same(&files(&inc), &files(&build_site(&config).expect("full")));
}

/// `qingfeng build` hands county pages to the writer as they are rendered; what it writes
/// equals, file for file and byte for byte, the site built in memory.
#[test]
fn a_streamed_build_writes_what_an_in_memory_build_makes() {
    let site = TestSite::example();
    site.build().success();
    let config = Config::load(site.root(), None).expect("config");
    let memory = build_site(&config).expect("build");
    assert!(memory.streamed.is_empty());
    let mut on_disk = site.snapshot("public");
    on_disk.retain(|path, _| !path.starts_with('.'));
    let in_memory: Vec<(String, Vec<u8>)> = files(&memory);
    assert_eq!(
        on_disk.keys().collect::<Vec<_>>(),
        in_memory.iter().map(|(p, _)| p).collect::<Vec<_>>()
    );
    for (path, bytes) in &in_memory {
        assert!(on_disk[path] == *bytes, "{path} differs");
    }
    // The county pages did go through the writer's staging.
    let config = Config::load(site.root(), None).expect("config");
    let seen = std::sync::Mutex::new(Vec::new());
    let streamed = qingfeng::build::build_site_streaming(&config, &|f| {
        seen.lock().expect("lock").push(f.path.clone());
        Ok(())
    })
    .expect("build");
    let mut seen = seen.into_inner().expect("lock");
    seen.sort();
    assert_eq!(seen, streamed.streamed);
    assert!(seen.contains(&"counties/yaodu/index.html".to_string()));
    assert!(seen.contains(&"data/counties/yaodu.csv".to_string()));
    assert!(!streamed.files.iter().any(|f| seen.contains(&f.path)));
}
