//! The search index a build made, kept in `.qingfeng-cache/index` for the next build: a
//! build into a new output whose pages read as the last one's takes the index's files
//! whole, and the site is the same as one made without the cache; pages that changed make
//! it again; a build into the last output patches the index in place and leaves the cache
//! alone; a damaged cache is no cache; a site without search, `check` and `--no-cache`
//! neither read nor write it.

use std::collections::BTreeMap;

use crate::common::TestSite;
use crate::kept_narratives::{
    kept_file, rebuild_from_scratch, searched_only_and_damage_is_read_past,
};

const KEPT: &str = ".qingfeng-cache/index";

fn kept(site: &TestSite) -> Vec<u8> {
    kept_file(site, KEPT)
}

/// Whether a file of `site`'s search index holds `word`.
fn index_says(site: &TestSite, word: &str) -> bool {
    site.snapshot("public/search")
        .values()
        .any(|b| String::from_utf8_lossy(b).contains(word))
}

/// The search index of `site`'s output, made without any cache.
fn index_made_afresh(site: &TestSite) -> BTreeMap<String, Vec<u8>> {
    // `--output` is relative to the working directory.
    let out = site.path("fresh");
    site.run(&["build", "--no-cache", "--output", &out.to_string_lossy()])
        .success();
    let index = site.snapshot("fresh/search");
    std::fs::remove_dir_all(site.path("fresh")).expect("remove");
    index
}

#[test]
fn an_unchanged_site_takes_its_index_and_a_changed_one_makes_it_again() {
    let site = TestSite::fixture("second-city");
    site.build().success();
    let first = site.snapshot("public");
    let cache = kept(&site);
    assert!(cache.starts_with(b"qingfeng-index 1 "));
    assert_eq!(site.snapshot("public/search"), index_made_afresh(&site));

    rebuild_from_scratch(&site);
    assert_eq!(site.snapshot("public"), first, "the same site");
    assert_eq!(kept(&site), cache, "the cache as it was");

    // Taken, not made: a name changed in the kept files (same length, so that the entry
    // still reads) is in the index, though no page says it.
    let text = String::from_utf8(cache.clone()).expect("UTF-8");
    assert!(text.contains("白水县"));
    std::fs::write(site.path(KEPT), text.replace("白水县", "黑水县")).expect("mark");
    rebuild_from_scratch(&site);
    assert!(index_says(&site, "黑水县"), "the kept index was not taken");
    std::fs::write(site.path(KEPT), &cache).expect("unmark");
    rebuild_from_scratch(&site);
    assert_eq!(site.snapshot("public"), first);

    // Into the output as it is, the index in place is this build's, patched where pages
    // changed: the cache is neither read nor written.
    site.build().success();
    assert_eq!(site.snapshot("public"), first);
    site.edit(
        "content/counties/baishui.yaml",
        "average: 47.0",
        "average: 46.3",
    );
    site.build().success();
    let index = site.snapshot("public/search");
    assert!(index_says(&site, "46.3"));
    assert_eq!(index, index_made_afresh(&site));
    assert_eq!(kept(&site), cache, "written by a build in place");

    // Into a new output: the texts changed, so the index is made again, the same, and
    // kept in place of the last; the next build takes it.
    rebuild_from_scratch(&site);
    assert_eq!(site.snapshot("public/search"), index);
    let again = String::from_utf8(kept(&site)).expect("UTF-8");
    assert!(again.contains("46.3") && again != String::from_utf8_lossy(&cache));
    assert_eq!(again.matches("qingfeng-index 1").count(), 1);
    std::fs::write(site.path(KEPT), again.replace("白水县", "黑水县")).expect("mark");
    rebuild_from_scratch(&site);
    assert!(
        index_says(&site, "黑水县"),
        "the new kept index was not taken"
    );
}

#[test]
fn without_search_check_or_cache_it_is_left_alone_and_damage_is_read_past() {
    searched_only_and_damage_is_read_past(KEPT);
}
