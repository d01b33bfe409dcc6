//! The narratives a build rendered, kept in `.qingfeng-cache/narratives` for the next
//! build: a narrative whose text (with its figures filled in) and page are the same is
//! taken from there, and the site is the same; an edit to its text or to a figure it
//! shows renders it again; a damaged cache is no cache; `--no-cache` (and `check`) neither
//! reads nor writes it. Region narratives are kept as counties' are.

use crate::common::TestSite;

const KEPT: &str = ".qingfeng-cache/narratives";

fn kept(site: &TestSite) -> Vec<u8> {
    kept_file(site, KEPT)
}

/// The bytes of the cache's file `file` (none when there is none).
pub(crate) fn kept_file(site: &TestSite, file: &str) -> Vec<u8> {
    std::fs::read(site.path(file)).unwrap_or_default()
}

/// Replaces `from` by `to` (of the same length in bytes, so that the entry's lengths
/// still hold) in the kept HTML: what the next build shows tells whether it took the
/// narrative from the cache or rendered it.
fn mark_kept(site: &TestSite, from: &str, to: &str) {
    assert_eq!(from.len(), to.len());
    let text = String::from_utf8(kept(site)).expect("the cache is UTF-8");
    assert!(text.contains(from), "{from} is not in the cache");
    std::fs::write(site.path(KEPT), text.replace(from, to)).expect("mark the cache");
}

pub(crate) fn rebuild_from_scratch(site: &TestSite) {
    std::fs::remove_dir_all(site.path("public")).expect("remove the output");
    site.build().success();
}

#[test]
fn a_second_build_takes_the_rendered_narrative_until_its_text_or_figures_change() {
    let site = TestSite::fixture("second-city");
    site.build().success();
    let first = site.snapshot("public");
    let cache = kept(&site);
    assert!(
        cache.starts_with(b"qingfeng-narratives 1 "),
        "{:?}",
        String::from_utf8_lossy(&cache[..cache.len().min(60)])
    );

    // The output removed: the same site, the cache as it was.
    rebuild_from_scratch(&site);
    assert_eq!(site.snapshot("public"), first);
    assert_eq!(kept(&site), cache);

    // Taken, not rendered: a word changed in the kept HTML is on the page.
    mark_kept(&site, "平均年龄", "平均岁数");
    rebuild_from_scratch(&site);
    let page = site.read("public/counties/qinghe/index.html");
    assert!(page.contains("平均岁数"), "the kept body was not taken");

    // A figure the narrative shows edited: its text is new, so it is rendered again (with
    // the figure), and kept in place of the old entry.
    site.edit(
        "content/counties/qinghe.yaml",
        "average: 46.5",
        "average: 45.9",
    );
    site.build().success();
    let page = site.read("public/counties/qinghe/index.html");
    assert!(page.contains("平均年龄45.9"), "the new figure is not shown");
    assert!(!page.contains("平均岁数"));
    let text = String::from_utf8(kept(&site)).expect("UTF-8");
    assert!(text.contains("平均年龄45.9"), "{text}");

    // The narrative's own text edited: rendered again.
    site.edit(
        "content/counties/qinghe.md",
        "清河县新一届班子共",
        "清河县新一届领导班子共",
    );
    site.build().success();
    assert!(
        site.read("public/counties/qinghe/index.html")
            .contains("清河县新一届领导班子共")
    );
}

#[test]
fn a_region_narrative_is_kept_as_a_county_one_is() {
    let site = TestSite::fixture("province");
    site.build().success();
    let page = "public/regions/qingchuan/index.html";
    assert!(site.read(page).contains("清川市共"));
    mark_kept(&site, "班子成员", "领导成员");
    rebuild_from_scratch(&site);
    assert!(
        site.read(page).contains("领导成员"),
        "the region's kept body was not taken"
    );
}

/// The cache's file `file`, kept only when the site has a search: neither `check`,
/// `--no-cache` nor a site without search writes it, and a damaged one is read past.
pub(crate) fn searched_only_and_damage_is_read_past(file: &str) {
    let site = TestSite::fixture("second-city");
    let built = unmade_by_check_and_no_cache(&site, file);
    damage_is_made_good(&site, file, &built);

    let plain = TestSite::fixture("second-city");
    let toml = plain.read("site.toml");
    plain.write("site.toml", &format!("{toml}\n[search]\nenabled = false\n"));
    plain.build().success();
    assert!(
        !plain.path(file).exists(),
        "a site without search kept {file}"
    );
}

/// `check` and `build --no-cache` on `site` leave the cache's file `file` unmade: the
/// site they built.
pub(crate) fn unmade_by_check_and_no_cache(
    site: &TestSite,
    file: &str,
) -> std::collections::BTreeMap<String, Vec<u8>> {
    // `check` builds the site in memory, and writes no cache either.
    let _ = site.run(&["check"]);
    assert!(!site.path(file).exists(), "check wrote {file}");
    site.run(&["build", "--no-cache"]).success();
    assert!(!site.path(file).exists(), "--no-cache wrote {file}");
    site.snapshot("public")
}

/// The cache's file `file` of `site` (made by a build from scratch) cut short, or not such
/// a file at all: the next build makes the site `built` and the file again.
pub(crate) fn damage_is_made_good(
    site: &TestSite,
    file: &str,
    built: &std::collections::BTreeMap<String, Vec<u8>>,
) {
    rebuild_from_scratch(site);
    let cache = kept_file(site, file);
    assert!(!cache.is_empty());
    for damaged in [
        cache[..cache.len() - 10].to_vec(),
        b"\x00\x01garbage\n".to_vec(),
    ] {
        std::fs::write(site.path(file), &damaged).expect("damage");
        rebuild_from_scratch(site);
        assert_eq!(&site.snapshot("public"), built);
        assert_eq!(kept_file(site, file), cache, "{file} was not made again");
    }
}

#[test]
fn no_cache_leaves_it_alone_and_a_damaged_cache_is_rendered_past() {
    let site = TestSite::fixture("second-city");
    let built = unmade_by_check_and_no_cache(&site, KEPT);
    // (Into the output in place, a narrative whose page is kept is not rendered at all.)
    damage_is_made_good(&site, KEPT, &built);

    // `--no-cache` does not read it either: a marked entry is not shown.
    mark_kept(&site, "平均年龄", "平均岁数");
    std::fs::remove_dir_all(site.path("public")).expect("remove the output");
    site.run(&["build", "--no-cache"]).success();
    assert_eq!(site.snapshot("public"), built);
}
