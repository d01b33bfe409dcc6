//! The search index as files: what it holds of a page, and `[search] enabled = false`.
//! (Whether searching it finds the right pages is `browser_search.rs`.)

use crate::common::TestSite;

/// The text the index keeps of the page at `path` (from its `search/d/<n>.js`).
fn indexed_text(site: &TestSite, path: &str) -> String {
    for n in 0.. {
        let file = site.path(&format!("public/search/d/{n}.js"));
        let Ok(js) = std::fs::read_to_string(&file) else {
            break;
        };
        let json = js
            .trim()
            .strip_prefix(&format!("qfSearch.doc({n},"))
            .and_then(|j| j.strip_suffix(");"))
            .expect("a doc file calls qfSearch.doc");
        let doc: serde_json::Value = serde_json::from_str(json).expect("JSON");
        if doc["u"] == path {
            return doc["x"].as_str().expect("text").to_string();
        }
    }
    panic!("{path} is not in the index");
}

#[test]
fn the_index_holds_the_main_text_not_the_navigation() {
    let site = TestSite::fixture("second-city");
    site.build().success();
    let page = site.read("public/counties/baishui/index.html");
    assert!(page.contains("下一个："), "the page has a next link");
    let text = indexed_text(&site, "counties/baishui/index.html");
    // The county's name ranks as a title: it comes right after the page's heading.
    let name = text.lines().nth(1).expect("a second line");
    assert!(
        page.contains(&format!("<span data-search=\"title\">{name}</span>")),
        "{text}"
    );
    for absent in [
        "下一个",
        "上一个",
        "跳到正文",
        "栏目导航",
        "栏目更新于",
        "\u{2060}",
    ] {
        assert!(!text.contains(absent), "the index holds {absent}: {text}");
    }
    // The 404 and the search page are not searched.
    let docs = std::fs::read_dir(site.path("public/search/d"))
        .expect("d/")
        .count();
    let pages = site
        .snapshot("public")
        .into_keys()
        .filter(|p| p.ends_with(".html"))
        .count();
    assert_eq!(docs, pages - 2);
}

#[test]
fn search_can_be_turned_off() {
    let site = TestSite::fixture("minimal");
    site.build().success();
    assert!(
        site.read("public/index.html")
            .contains("data-qf-search=\"header\"")
    );
    let toml = site.read("site.toml");
    site.write("site.toml", &format!("{toml}\n[search]\nenabled = false\n"));
    site.build().success();
    let home = site.read("public/index.html");
    assert!(
        !home.contains("data-qf-search") && !home.contains("search.js"),
        "{home}"
    );
    assert!(
        !site.path("public/search").exists(),
        "the index of the earlier build was left behind"
    );
}
