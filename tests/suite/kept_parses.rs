//! The county data files a build parsed, kept in `.qingfeng-cache/counties` for the next
//! build: a file of the same bytes is not parsed again, and the site is the same; a file
//! whose parse gave a warning is not kept, so the warning is given on every build; the
//! rules of the content model are checked on every build; a damaged cache is no cache;
//! `--no-cache` neither reads nor writes it.

use std::collections::BTreeMap;

use crate::common::TestSite;

const KEPT: &str = ".qingfeng-cache/counties";

/// The kept entries: each key and its JSON.
fn entries(site: &TestSite) -> BTreeMap<String, String> {
    let Ok(text) = std::fs::read_to_string(site.path(KEPT)) else {
        return BTreeMap::new();
    };
    text.lines()
        .skip(1)
        .filter_map(|l| l.split_once('\t'))
        .map(|(k, j)| (k.to_string(), j.to_string()))
        .collect()
}

fn counties(site: &TestSite) -> usize {
    std::fs::read_dir(site.path("content/counties"))
        .expect("counties")
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "yaml"))
        .count()
}

#[test]
fn a_second_build_takes_the_parsed_counties_and_makes_the_same_site() {
    let site = TestSite::fixture("second-city");
    site.build().success();
    let first = site.snapshot("public");
    let kept = entries(&site);
    assert_eq!(kept.len(), counties(&site), "one entry per county");
    assert!(kept.values().any(|j| j.contains("\"slug\":\"baishui\"")));

    // The output removed: built from the kept parses, the same site; the cache unchanged.
    std::fs::remove_dir_all(site.path("public")).expect("remove");
    site.build().success();
    assert_eq!(site.snapshot("public"), first);
    assert_eq!(entries(&site), kept);

    // A county edited: parsed again, its old entry replaced.
    site.edit(
        "content/counties/baishui.yaml",
        "average: 47.0",
        "average: 46.5",
    );
    site.build().success();
    let after = entries(&site);
    assert_eq!(after.len(), kept.len());
    assert_eq!(after.keys().filter(|k| !kept.contains_key(*k)).count(), 1);
    assert!(
        site.read("public/counties/baishui/index.html")
            .contains("46.5岁"),
        "the edit is on the page"
    );
}

#[test]
fn warnings_and_rules_are_given_on_every_build() {
    let site = TestSite::fixture("second-city");
    // A name in Chinese quotes parses, with a warning: such a file is not kept.
    site.edit(
        "content/counties/baishui.yaml",
        "name: 白水县",
        "name: “白水县”",
    );
    let first = site.build().success();
    assert!(first.stderr.contains("QF0306"), "{}", first.stderr);
    assert_eq!(entries(&site).len(), counties(&site) - 1);
    site.build().success().stderr_has("QF0306");

    // A kept file moved to another name: taken from the cache, its slug still checked
    // against its file name.
    let kept = entries(&site);
    std::fs::rename(
        site.path("content/counties/dongping.yaml"),
        site.path("content/counties/dongpin.yaml"),
    )
    .expect("rename");
    site.build()
        .failure(1)
        .stderr_has("dongpin.yaml")
        .stderr_has("slug `dongping` differs from the file name `dongpin`");
    assert_eq!(
        entries(&site),
        kept,
        "the same bytes were taken, not parsed"
    );
}

#[test]
fn a_damaged_cache_is_parsed_past_and_no_cache_leaves_it_alone() {
    let site = TestSite::fixture("second-city");
    site.run(&["build", "--no-cache"]).success();
    assert!(!site.path(KEPT).exists(), "--no-cache wrote the cache");
    let built = site.snapshot("public");

    site.build().success();
    let kept = entries(&site);
    // Every entry's JSON damaged (a figure of another type): each county is parsed again.
    let text = std::fs::read_to_string(site.path(KEPT)).expect("kept");
    std::fs::write(
        site.path(KEPT),
        text.replace("\"members\":", "\"members\":\"x\",\"m\":"),
    )
    .expect("damage");
    std::fs::remove_dir_all(site.path("public")).expect("remove");
    site.build().success();
    assert_eq!(site.snapshot("public"), built);
    assert_eq!(entries(&site), kept, "the damaged entries were made again");

    // Not a cache at all.
    std::fs::write(site.path(KEPT), "\u{0}\u{1}garbage\n").expect("garbage");
    site.build().success();
    assert_eq!(entries(&site), kept);
}
