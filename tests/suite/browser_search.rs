//! Search in headless Chromium: builds the example and a synthetic site and runs
//! `tests/browser/search.mjs`, which checks for queries of every kind (words, county names,
//! phrases across word boundaries, single characters, numbers, pinyin, Traditional,
//! full-width, several words) that the results are exactly the pages whose text, read from
//! the built HTML, contains them; then the search page and the header box with the keyboard,
//! without JavaScript, under a subpath and from `file://`.

use crate::common::browser::{self, Script};
use crate::common::{TestSite, build_at, copy_tree, manifest_dir};
use crate::synthetic as synth;

fn run_search(site: &std::path::Path, queries: &[&str], absent: &[&str], title: Option<&str>) {
    let json = |list: &[&str]| serde_json::to_string(list).expect("json");
    let mut script = Script::new("search.mjs")
        .arg(site)
        .arg(json(queries))
        .arg(json(absent));
    if let Some(title) = title {
        script = script.arg(title);
    }
    script.passes("search");
}

/// The synthetic site of `counties` counties in a folder of its own, with the theme.
fn synthetic_site(counties: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    synth::write_site(dir.path(), counties).expect("write");
    copy_tree(&manifest_dir().join("themes"), &dir.path().join("themes"));
    dir
}

#[test]
fn the_example_finds_exactly_the_pages_that_hold_the_words() {
    if !browser::available() {
        return;
    }
    let site = TestSite::example();
    site.build().success();
    run_search(
        &site.path("public"),
        &[
            "换届",
            "县委",
            "洪洞",
            "霍州",
            "安泽",
            "届县",
            "政正职",
            "导班",
            "年龄结",
            "县",
            "委",
            "霍",
            "12380",
            "38.0%",
            "hongtong",
            "huo",
            "anze",
            "女干部",
            "換屆",
            "县委 女干部",
            "ＨＯＮＧＴＯＮＧ",
            "３８．０％",
            "女干部 38.0%",
        ],
        &["2021年", "洪洞 霍州市新一届", "hongtongx"],
        None,
    );
}

#[test]
fn a_synthetic_site_finds_exactly_the_pages_that_hold_the_words() {
    if !browser::available() {
        return;
    }
    let dir = synthetic_site(40);
    let title = "<script>alert(1)</script>测评";
    std::fs::write(
        dir.path().join("content/articles/markup.md"),
        format!(
            "---\ntitle: \"{title}\"\ndate: 2016-09-01\n---\n原文作“換屆風氣”，转载时未改。\n\n<b>粗体</b>不是标记。\n"
        ),
    )
    .expect("write");
    build_at(dir.path()).success();
    run_search(
        &dir.path().join("public"),
        &[
            "换届",
            "东东山县",
            "安东",
            "届工",
            "防止带病提拔",
            "县委",
            "福",
            "42岁以下",
            "2016",
            "c0007",
            "c001",
            "换届 女干部",
            "換屆",
            "換屆風氣",
            "岁，比",
            "<b>",
        ],
        &["北北山县", "c0099", "届 换届工作纪律"],
        Some(title),
    );
}

/// A site of another shape: a province's cities and their districts, with region pages of
/// their own (their titles name the regions; Latin queries match their slugs as they do
/// the counties'), the county pages under them, and title fields whose blocks are not the
/// page's `<h1>` alone. One district shares its slug with a region (`east`): the slug
/// finds both pages.
#[test]
fn a_site_of_nested_regions_finds_exactly_the_pages_that_hold_the_words() {
    if !browser::available() {
        return;
    }
    let site = TestSite::fixture("province");
    let hexi = site.read("content/counties/beishan/hexi.yaml");
    std::fs::remove_file(site.path("content/counties/beishan/hexi.yaml")).expect("remove");
    site.write(
        "content/counties/beishan/east.yaml",
        &hexi.replace("slug: hexi", "slug: east"),
    );
    site.build().success();
    let slugs = site.read("public/search/slugs.js");
    assert!(slugs.contains("\"east\":["), "{slugs}");
    run_search(
        &site.path("public"),
        &[
            "县",
            "片区",
            "清川市",
            "北山",
            "女干部",
            "班子 片区",
            "换届综述",
            "xiling",
            "qingchuan",
            "beishan",
            "east",
            "shan",
        ],
        &["南山市", "西片区 清川市换届综述外"],
        None,
    );
}

/// A site large enough that the shared sentences holding a common word (here fragments of
/// numbers, in every templated sentence with a share) spread over many shared files, so
/// that its grams carry those sentences' pages in files of their own: the results are
/// still exactly the pages holding the words.
#[test]
fn common_words_carrying_their_pages_find_exactly_the_pages_that_hold_them() {
    if !browser::available() {
        return;
    }
    let dir = synthetic_site(300);
    build_at(dir.path()).success();
    // The grams that carry runs: each has a file named by its characters' code points.
    for gram in [".0", "20", "3", "5."] {
        let mut cs = gram.chars().map(|c| c as u32);
        let (a, b) = (cs.next().unwrap_or(0), cs.next().unwrap_or(0));
        let path = dir.path().join(format!("public/search/c/{a}-{b}.js"));
        assert!(path.is_file(), "{}", path.display());
    }
    run_search(
        &dir.path().join("public"),
        &[
            ".0",
            "20",
            "23",
            "3",
            "5.",
            "换届 .0",
            "岁 23",
            "县",
            "干部",
            "平均年龄",
            // A longer word with a carried pair (20) loads that pair's runs with its
            // postings, in place of its shared segments' files.
            "2016",
        ],
        &["干部县"],
        None,
    );
}

/// A site whose pages hold no searchable text (its theme marks an empty region): the index
/// has no character at all, and a query still settles, a Latin word finding the county
/// pages whose slug holds it and a Chinese word finding nothing (the search once asked for
/// a shard of no name, and every query failed).
#[test]
fn a_site_without_searchable_text_still_finds_pages_by_slug() {
    if !browser::available() {
        return;
    }
    let dir = synthetic_site(12);
    let base = dir.path().join("themes/default/templates/base.html");
    let html = std::fs::read_to_string(&base).expect("read");
    let marked = r#"<main id="main" class="wrap" tabindex="-1" data-search="body">"#;
    assert!(html.contains(marked), "the theme marks its main region");
    let emptied = html.replace(
        marked,
        r#"<div data-search="body"></div><main id="main" class="wrap" tabindex="-1">"#,
    );
    std::fs::write(&base, emptied).expect("write");
    build_at(dir.path()).success();
    let public = dir.path().join("public");
    let meta = std::fs::read_to_string(public.join("search/meta.js")).expect("meta.js");
    assert!(meta.contains(r#""g":[]"#), "no grams: {meta}");
    let cases = serde_json::json!([
        ["c0007", ["counties/c0007/index.html"]],
        [
            "c001",
            ["counties/c0010/index.html", "counties/c0011/index.html"]
        ],
        ["县", []],
        ["换届 c0007", []],
    ]);
    Script::new("search-no-text.mjs")
        .arg(&public)
        .arg(cases.to_string())
        .passes("search-without-text");
}
