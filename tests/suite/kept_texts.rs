//! The county pages' searchable texts a build read, kept in `.qingfeng-cache/texts` for
//! the next build: a page of the same path and bytes is not read again, and the site is
//! the same; a page that changed is read again; a damaged cache is no cache; a build into
//! the last output (which keeps its pages in place, with their texts), a site without
//! search, `check` and `--no-cache` neither read nor write it.

use crate::common::TestSite;
use crate::kept_narratives::{
    kept_file, rebuild_from_scratch, searched_only_and_damage_is_read_past,
};

const KEPT: &str = ".qingfeng-cache/texts";

fn kept(site: &TestSite) -> Vec<u8> {
    kept_file(site, KEPT)
}

/// Every file of the search index, as one text.
fn index_text(site: &TestSite) -> String {
    site.snapshot("public/search")
        .into_values()
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .collect()
}

#[test]
fn a_second_build_takes_the_texts_of_unchanged_county_pages() {
    let site = TestSite::fixture("second-city");
    site.build().success();
    let first = site.snapshot("public");
    let cache = kept(&site);
    assert!(cache.starts_with(b"qingfeng-texts 1 "));

    rebuild_from_scratch(&site);
    assert_eq!(site.snapshot("public"), first, "the same site");
    assert_eq!(kept(&site), cache, "the cache as it was");

    // Taken, not read: a word changed in every kept text (same length, so that the
    // entries still read) is in the index, though no page shows it.
    let text = String::from_utf8(cache.clone()).expect("UTF-8");
    assert!(text.contains("平均年龄"));
    std::fs::write(site.path(KEPT), text.replace("平均年龄", "平均岁数")).expect("mark");
    rebuild_from_scratch(&site);
    assert!(
        index_text(&site).contains("平均岁数"),
        "the kept texts were not taken"
    );

    // A county's figure edited: into the output as it is, the pages kept in place give
    // their texts (the ledger's) and the edited page is read; the cache is left alone.
    let marked = kept(&site);
    site.edit(
        "content/counties/baishui.yaml",
        "average: 47.0",
        "average: 46.3",
    );
    site.build().success();
    assert!(
        site.read("public/counties/baishui/index.html")
            .contains("46.3")
    );
    assert!(
        index_text(&site).contains("46.3"),
        "the edited page's text is not in the index"
    );
    assert_eq!(kept(&site), marked, "a build in place wrote the texts");
    // Into a new output, the edited page is read again and its text kept anew.
    rebuild_from_scratch(&site);
    assert!(index_text(&site).contains("46.3"));
    assert!(String::from_utf8_lossy(&kept(&site)).contains("46.3"));
}

#[test]
fn without_search_check_or_cache_it_is_left_alone_and_damage_is_read_past() {
    searched_only_and_damage_is_read_past(KEPT);
}
