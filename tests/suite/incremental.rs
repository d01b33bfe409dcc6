//! Incremental rebuilds (as `serve` does them) give byte-identical output to a full build,
//! and reuse what an edit did not touch.

use crate::common::TestSite;
use qingfeng::build::{build_site, build_site_cached};
use qingfeng::config::Config;
use qingfeng::memo::BuildMemo;

fn files(built: &qingfeng::build::Built) -> Vec<(String, Vec<u8>)> {
    built
        .files
        .iter()
        .map(|f| (f.path.clone(), f.contents().to_vec()))
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

/// Rebuilds through `memo`, checks that the result is byte for byte a full build's, and
/// returns it.
#[track_caller]
fn rebuild_as_full(config: &Config, memo: &mut BuildMemo) -> qingfeng::build::Built {
    let inc = build_site_cached(config, memo).expect("rebuild");
    assert_same(&files(&inc), &files(&build_site(config).expect("build")));
    inc
}

/// The text of the built file at `path`.
#[track_caller]
fn text_of(built: &qingfeng::build::Built, path: &str) -> String {
    built
        .files
        .iter()
        .find(|f| f.path == path)
        .map(|f| String::from_utf8_lossy(&f.contents()).into_owned())
        .unwrap_or_else(|| panic!("no {path}"))
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

/// The comparisons of more counties than `[compare] max_bars` (distribution, ends, full
/// ranking) are kept between rebuilds too: redrawn when a value they show changes, reused
/// otherwise, and always what a full build makes.
#[test]
fn comparisons_of_many_counties_are_rebuilt_only_when_their_values_change() {
    let site = TestSite::fixture("minimal");
    let toml = site.read("site.toml");
    site.write("site.toml", &format!("{toml}\n[compare]\nmax_bars = 1\n"));
    let config = Config::load(site.root(), None).expect("config");
    let mut memo = BuildMemo::default();
    let first = build_site_cached(&config, &mut memo).expect("first build");
    let ranking = |built: &qingfeng::build::Built| {
        built
            .files
            .iter()
            .find(|f| f.path == "data/charts/compare-women-share.csv")
            .map(|f| String::from_utf8_lossy(&f.contents()).into_owned())
            .expect("the ranking's CSV")
    };
    assert!(ranking(&first).contains("甲县"));
    // A narrative edit: no comparison's value changes.
    site.edit("content/counties/alpha.md", "---\n", "---\n\n");
    rebuild_as_full(&config, &mut memo);
    // A figure a comparison shows, and a name every comparison shows.
    site.edit(
        "content/counties/alpha.yaml",
        "women:\n  count: 3",
        "women:\n  count: 4",
    );
    site.edit("content/counties/alpha.yaml", "name: 甲县", "name: 甲新县");
    site.edit("content/city.yaml", "  women: 6", "  women: 7");
    let inc = rebuild_as_full(&config, &mut memo);
    assert!(
        ranking(&inc).contains("甲新县"),
        "the ranking kept the old name"
    );
}

/// On a site of three levels, an edit below a region redraws and re-renders that region and
/// those above it, reuses the others' pages, and always gives what a full build makes.
#[test]
fn a_nested_rebuild_redoes_only_the_regions_above_the_edit() {
    let site = TestSite::fixture("province");
    let config = Config::load(site.root(), None).expect("config");
    let mut memo = BuildMemo::default();
    let first = build_site_cached(&config, &mut memo).expect("first build");
    assert_eq!(first.reused_region_pages, 0);
    // A figure of a county of 东片区 (under 清川市): both regions' totals change; 北山市
    // and 西片区 are untouched.
    site.edit(
        "content/counties/qingchuan/east/baishui.yaml",
        "women:\n  count: 0",
        "women:\n  count: 1",
    );
    let inc = rebuild_as_full(&config, &mut memo);
    assert_eq!(
        inc.reused_region_pages, 2,
        "北山市 and 西片区 are reused, 东片区 and 清川市 made again"
    );

    // A county renamed: its card on its region's page, no figure.
    site.edit(
        "content/counties/qingchuan/west/changning.yaml",
        "name: 长宁县",
        "name: 长宁新县",
    );
    let inc = rebuild_as_full(&config, &mut memo);
    let west = inc
        .files
        .iter()
        .find(|f| f.path.starts_with("regions/") && text_of(&inc, &f.path).contains("长宁新县"));
    assert!(west.is_some(), "no region page shows the new name");

    // A region renamed: its parent's card of it, its counties' breadcrumbs.
    site.edit(
        "content/counties/qingchuan/east/_index.yaml",
        "name: 东片区",
        "name: 东新片区",
    );
    rebuild_as_full(&config, &mut memo);

    // A region's narrative, which names its parent's figures.
    site.edit("content/counties/qingchuan/_index.md", "共", "一共");
    let inc = rebuild_as_full(&config, &mut memo);
    assert_eq!(inc.reused_region_pages, 3, "only 清川市's page changed");
}

/// With the regions' chart PNGs made, a rebuild marks the charts it reuses from the memo as
/// a full build does (the memo keeps them unmarked and shares them).
#[test]
fn a_nested_rebuild_with_region_chart_images_equals_a_full_build() {
    let site = TestSite::fixture("province");
    let toml = site.read("site.toml");
    site.write(
        "site.toml",
        &format!("{toml}[images]\nregion_charts = true\n"),
    );
    let config = Config::load(site.root(), None).expect("config");
    let mut memo = BuildMemo::default();
    build_site_cached(&config, &mut memo).expect("first build");
    site.edit(
        "content/counties/qingchuan/east/baishui.yaml",
        "women:\n  count: 0",
        "women:\n  count: 1",
    );
    let inc = rebuild_as_full(&config, &mut memo);
    assert_eq!(inc.reused_region_pages, 2);
    for slug in ["beishan", "west", "east", "qingchuan"] {
        let page = text_of(&inc, &format!("regions/{slug}/index.html"));
        assert!(
            page.contains("download>下载图片"),
            "{slug}: no chart PNG linked"
        );
    }
    let again = rebuild_as_full(&config, &mut memo);
    assert_eq!(again.reused_region_pages, 4);
}

/// With the county list in pages, an edit re-renders the page that lists the county (and
/// the first, which shows the comparisons) and reuses the others, always giving what a full
/// build makes.
#[test]
fn a_rebuild_redoes_only_the_list_page_of_the_edited_county() {
    let site = TestSite::example();
    let toml = site.read("site.toml");
    site.write("site.toml", &format!("{toml}\n[compare]\nper_page = 5\n"));
    let config = Config::load(site.root(), None).expect("config");
    let mut memo = BuildMemo::default();
    let first = build_site_cached(&config, &mut memo).expect("first build");
    assert_eq!(first.reused_list_pages, 0);
    let list = |built: &qingfeng::build::Built, n: usize| {
        let path = match n {
            1 => "counties/index.html".to_string(),
            n => format!("counties/page/{n}/index.html"),
        };
        text_of(built, &path)
    };
    // 17 counties, five a page: 曲沃县 is on the third.
    assert!(list(&first, 3).contains("曲沃县"));
    assert!(!list(&first, 2).contains("曲沃县"));

    // Its figure: its card on page 3, the comparisons on page 1.
    site.edit(
        "content/counties/quwo.yaml",
        "  average: 47.9",
        "  average: 48.3",
    );
    let inc = rebuild_as_full(&config, &mut memo);
    assert_eq!(inc.reused_list_pages, 2, "pages 2 and 4 are reused");
    assert!(list(&inc, 3).contains("48.3"));

    // Its name: page 3 again; nothing else on the list changes.
    site.edit(
        "content/counties/quwo.yaml",
        "name: 曲沃县",
        "name: 曲沃新县",
    );
    let inc = rebuild_as_full(&config, &mut memo);
    assert_eq!(inc.reused_list_pages, 2);
    assert!(list(&inc, 3).contains("曲沃新县"));

    // A setting every page shows: no page of the list is reused.
    site.write(
        "site.toml",
        &site
            .read("site.toml")
            .replace("per_page = 5", "per_page = 6"),
    );
    let config = Config::load(site.root(), None).expect("config");
    let inc = rebuild_as_full(&config, &mut memo);
    assert_eq!(inc.reused_list_pages, 0);
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
    assert!(!streamed.files.iter().any(|f| seen.contains(&f.path)));
    // The site's other files go to the sink while the search index is made: only the
    // index's own files are handed back.
    assert!(seen.contains(&"index.html".to_string()));
    assert!(!streamed.files.is_empty());
    assert!(
        streamed.files.iter().all(|f| f.path.starts_with("search/")),
        "{:?}",
        streamed.files.iter().map(|f| &f.path).collect::<Vec<_>>()
    );
}

/// One edit an editor might make between two rebuilds of `serve`.
#[derive(Debug, Clone)]
enum Edit {
    /// A county's average age (the figures, the totals and the comparisons change).
    Figure { county: usize, tenths: u32 },
    /// A county's name (its label in every comparison and its neighbours' links).
    Rename { county: usize, name: usize },
    /// A line added to a narrative, naming a city figure or not.
    Narrative { city: bool, n: u32 },
    /// A line added to the theme's county template.
    Template { n: u32 },
    /// A county added, or removed again.
    Toggle,
    /// A stated total that the counties may not add up to (the build fails).
    Expected { members: u32 },
}

fn edit_strategy() -> impl proptest::strategy::Strategy<Value = Edit> {
    use proptest::prelude::*;
    prop_oneof![
        (0..2usize, 400..560u32).prop_map(|(county, tenths)| Edit::Figure { county, tenths }),
        (0..2usize, 0..3usize).prop_map(|(county, name)| Edit::Rename { county, name }),
        (any::<bool>(), 0..1000u32).prop_map(|(city, n)| Edit::Narrative { city, n }),
        (0..1000u32).prop_map(|n| Edit::Template { n }),
        Just(Edit::Toggle),
        prop_oneof![Just(40u32), Just(60u32)].prop_map(|members| Edit::Expected { members }),
    ]
}

/// Writes a file of the site with a modification time of its own, so that two edits
/// within the file system's clock tick are still two versions to the read memo.
fn write_versioned(site: &TestSite, rel: &str, text: &str, version: &mut u64) {
    site.write(rel, text);
    *version += 1;
    let when = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000 + *version);
    let file = std::fs::File::options()
        .write(true)
        .open(site.path(rel))
        .expect("open");
    file.set_modified(when).expect("set mtime");
}

fn apply(site: &TestSite, edit: &Edit, version: &mut u64) {
    let counties = ["alpha", "beta"];
    match edit {
        Edit::Figure { county, tenths } => {
            let rel = format!("content/counties/{}.yaml", counties[*county]);
            let text = site.read(&rel);
            let start = text.find("  average: ").expect("average") + "  average: ".len();
            let end = start + text[start..].find('\n').expect("line end");
            let value = format!("{}.{}", tenths / 10, tenths % 10);
            let new = format!("{}{value}{}", &text[..start], &text[end..]);
            write_versioned(site, &rel, &new, version);
        }
        Edit::Rename { county, name } => {
            let rel = format!("content/counties/{}.yaml", counties[*county]);
            let text = site.read(&rel);
            let end = text.find('\n').expect("first line");
            let names = ["甲县", "乙县", "丙县"];
            let new = format!("name: {}{}", names[*name], &text[end..]);
            write_versioned(site, &rel, &new, version);
        }
        Edit::Narrative { city, n } => {
            let rel = "content/counties/alpha.md";
            let figure = if *city {
                "{{ city.average_age }}"
            } else {
                "{{ county.members }}"
            };
            let text = format!("{}\n第{n}段：{figure}名。\n", site.read(rel));
            write_versioned(site, rel, &text, version);
        }
        Edit::Template { n } => {
            let rel = "themes/default/templates/county.html";
            let text = format!("{}<!-- {n} -->\n", site.read(rel));
            write_versioned(site, rel, &text, version);
        }
        Edit::Toggle => {
            let rel = "content/counties/gamma.yaml";
            if site.path(rel).exists() {
                std::fs::remove_file(site.path(rel)).expect("remove");
            } else {
                // Its own name: two counties of one name are refused.
                let text: String = site
                    .read("content/counties/beta.yaml")
                    .replacen("slug: beta", "slug: gamma", 1)
                    .lines()
                    .map(|l| {
                        if l.starts_with("name: ") {
                            "name: 丁县\n".to_owned()
                        } else {
                            format!("{l}\n")
                        }
                    })
                    .collect();
                write_versioned(site, rel, &text, version);
            }
        }
        Edit::Expected { members } => {
            let rel = "content/city.yaml";
            let text = site.read(rel);
            let start = text.find("  members: ").expect("members") + "  members: ".len();
            let end = start + text[start..].find('\n').expect("line end");
            let new = format!("{}{members}{}", &text[..start], &text[end..]);
            write_versioned(site, rel, &new, version);
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config { cases: 24, ..Default::default() })]

    /// After every edit of a random sequence, the incremental build equals a full build
    /// byte for byte (or both fail with the same message).
    #[test]
    fn any_sequence_of_edits_rebuilds_to_a_full_build(
        edits in proptest::collection::vec(edit_strategy(), 1..6)
    ) {
        let site = TestSite::fixture("minimal");
        // Without a stated number of divisions, a county added is a site that builds.
        site.edit("content/city.yaml", "  divisions: 2\n", "");
        let config = Config::load(site.root(), None).expect("config");
        let mut memo = BuildMemo::default();
        let mut version = 0;
        build_site_cached(&config, &mut memo).expect("first build");
        for edit in &edits {
            apply(&site, edit, &mut version);
            let incremental = build_site_cached(&config, &mut memo);
            let full = build_site(&config);
            match (incremental, full) {
                (Ok(inc), Ok(full)) => assert_same(&files(&inc), &files(&full)),
                (Err(a), Err(b)) => proptest::prop_assert_eq!(a.to_string(), b.to_string()),
                (a, b) => proptest::prop_assert!(
                    false,
                    "after {:?}: incremental ok {} but full ok {}",
                    edit,
                    a.is_ok(),
                    b.is_ok()
                ),
            }
        }
    }
}

/// After one county's figures change, `serve`'s rebuild redoes the search index in place
/// (only the changed pages' postings), and the index is the one a full build makes, on two
/// differently shaped sites.
#[test]
fn a_rebuild_redoes_the_search_index_in_place_as_a_full_build_makes_it() {
    for (site, yaml, from, to) in [
        (
            TestSite::example(),
            "content/counties/yaodu.yaml",
            "grassroots_experience: 27",
            "grassroots_experience: 25",
        ),
        (
            TestSite::fixture("second-city"),
            "content/counties/baishui.yaml",
            "grassroots_experience: 17",
            "grassroots_experience: 15",
        ),
    ] {
        let config = Config::load(site.root(), None).expect("config");
        let mut memo = BuildMemo::default();
        let first = build_site_cached(&config, &mut memo).expect("first build");
        assert!(
            !memo.reused_search_index(),
            "the first index is made afresh"
        );
        site.edit(yaml, from, to);
        let inc = build_site_cached(&config, &mut memo).expect("rebuild");
        assert!(
            memo.reused_search_index(),
            "{yaml}: the index was made afresh, not redone in place"
        );
        let full = build_site(&config).expect("full build");
        assert_same(&files(&inc), &files(&full));
        let search = |b: &qingfeng::build::Built| -> Vec<(String, Vec<u8>)> {
            files(b)
                .into_iter()
                .filter(|(p, _)| p.starts_with("search/"))
                .collect()
        };
        assert!(!search(&inc).is_empty());
        assert_ne!(
            search(&first),
            search(&inc),
            "{yaml}: the edit changed no searched text, so the test shows nothing"
        );
        // An edit undone gives the first index back.
        site.edit(yaml, to, from);
        let back = build_site_cached(&config, &mut memo).expect("rebuild");
        assert!(memo.reused_search_index());
        assert_eq!(search(&back), search(&first));
    }
}

/// Builds `site` afresh into `fresh/` (a folder of its own) and asserts that its output
/// `public/` holds exactly those files, byte for byte.
#[track_caller]
fn assert_output_is_a_fresh_builds(site: &TestSite, after: &str) {
    let _ = std::fs::remove_dir_all(site.path("fresh"));
    site.run(&["build", "--output", "fresh"]).success();
    let (kept, fresh) = (site.snapshot("public"), site.snapshot("fresh"));
    let names = |m: &std::collections::BTreeMap<String, Vec<u8>>| -> Vec<String> {
        m.keys().cloned().collect()
    };
    assert_eq!(
        names(&kept),
        names(&fresh),
        "after {after}: different files"
    );
    let differ: Vec<&String> = kept
        .iter()
        .filter(|(path, bytes)| fresh.get(*path) != Some(*bytes))
        .map(|(path, _)| path)
        .collect();
    assert!(
        differ.is_empty(),
        "after {after}: {differ:?} differ from a fresh build's"
    );
    std::fs::remove_dir_all(site.path("fresh")).expect("remove fresh output");
}

/// The shards of the ledgers in the site's cache folder.
fn ledger_shards(site: &TestSite) -> Vec<std::path::PathBuf> {
    walkdir::WalkDir::new(site.path(".qingfeng-cache/ledgers"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect()
}

/// The region and list pages a `build --verbose` kept in place, as it reports them.
fn kept_other_pages(run: &crate::common::Run) -> usize {
    reported(run, " region and list pages kept in place")
}

/// The county pages a `build --verbose` kept in place, as it reports them.
fn kept_pages(run: &crate::common::Run) -> usize {
    reported(
        run,
        " county pages kept in place (their inputs did not change)",
    )
}

/// The number a `build --verbose` reports on the line that ends with `what` (0 without one).
fn reported(run: &crate::common::Run, what: &str) -> usize {
    run.stderr
        .lines()
        .find_map(|l| l.trim().strip_suffix(what))
        .map_or(0, |n| n.trim().parse().expect("a count"))
}

/// `build` into its previous output keeps the county pages whose inputs did not change (by
/// the ledger it leaves beside the output) and makes the rest: after every kind of edit the
/// output is byte for byte a fresh build's.
#[test]
fn a_build_into_its_previous_output_keeps_what_did_not_change_and_equals_a_fresh_build() {
    let site = TestSite::fixture("minimal");
    site.edit("content/city.yaml", "  divisions: 2\n", "");
    site.edit("content/city.yaml", "  women: 6\n", "");
    // A narrative that links a file beside it: a kept page's file is still published.
    site.write_bytes("content/counties/images/map.png", b"\x89PNG not really");
    site.write(
        "content/counties/alpha.md",
        &format!(
            "{}\n![地图](images/map.png)\n",
            site.read("content/counties/alpha.md")
        ),
    );
    let run = site.run(&["build", "--verbose"]).success();
    assert_eq!(kept_pages(&run), 0, "a first build keeps nothing");
    let shards = ledger_shards(&site);
    assert!(
        !shards.is_empty(),
        "a build leaves a ledger in the cache folder"
    );
    assert!(
        !site.snapshot("public").keys().any(|p| p.contains("ledger")),
        "the ledger is nothing to publish"
    );
    let run = site.run(&["build", "--verbose"]).success();
    assert_eq!(kept_pages(&run), 2, "nothing changed: {}", run.stderr);
    assert_output_is_a_fresh_builds(&site, "no edit");
    let mut version = 0;
    let edits = [
        Edit::Figure {
            county: 1,
            tenths: 455,
        },
        Edit::Narrative { city: false, n: 1 },
        Edit::Narrative { city: true, n: 2 },
        Edit::Rename { county: 0, name: 2 },
        // A county added breaks the stated total until it is stated again.
        Edit::Toggle,
        Edit::Expected { members: 60 },
        Edit::Narrative { city: true, n: 3 },
        Edit::Toggle,
        Edit::Expected { members: 40 },
        Edit::Figure {
            county: 0,
            tenths: 470,
        },
    ];
    for edit in &edits {
        apply(&site, edit, &mut version);
        let run = site.run(&["build", "--verbose"]);
        if run.code != 0 {
            // A stated total the counties do not add up to: a fresh build fails as well.
            let fresh = site.run(&["build", "--output", "fresh"]);
            assert_eq!(fresh.stderr, run.stderr, "after {edit:?}");
            assert!(
                run.stderr.contains("expected.members"),
                "after {edit:?}: {}",
                run.stderr
            );
            continue;
        }
        assert_output_is_a_fresh_builds(&site, &format!("{edit:?}"));
    }
    // An edit of one county's figures keeps the pages of the others that do not show it.
    let before = site.run(&["build", "--verbose"]).success();
    assert_eq!(kept_pages(&before), 2, "{}", before.stderr);
    apply(
        &site,
        &Edit::Figure {
            county: 1,
            tenths: 480,
        },
        &mut version,
    );
    let run = site.run(&["build", "--verbose"]).success();
    assert!(
        kept_pages(&run) < 2,
        "beta's page must be made again: {}",
        run.stderr
    );
    assert_output_is_a_fresh_builds(&site, "a figure of beta");
}

/// A county page changed by hand, or an output whose ledger is damaged, is made again,
/// never taken for the page the ledger speaks of.
#[test]
fn a_page_changed_by_hand_or_a_damaged_ledger_is_made_again() {
    let site = TestSite::fixture("minimal");
    site.run(&["build"]).success();
    site.write("public/counties/alpha/index.html", "edited by hand");
    let run = site.run(&["build", "--verbose"]).success();
    assert_eq!(
        kept_pages(&run),
        1,
        "only beta's page is kept: {}",
        run.stderr
    );
    assert_output_is_a_fresh_builds(&site, "a page edited by hand");
    for shard in ledger_shards(&site) {
        let bytes = std::fs::read(&shard).expect("read a shard");
        std::fs::write(&shard, &bytes[..bytes.len() / 2]).expect("cut a shard");
    }
    let run = site.run(&["build", "--verbose"]).success();
    assert_eq!(kept_pages(&run), 0, "a damaged ledger speaks for nothing");
    assert_output_is_a_fresh_builds(&site, "a damaged ledger");
    // Another setting: nothing is kept, though the pages' sources did not change.
    site.edit("site.toml", "title = \"", "title = \"新");
    let run = site.run(&["build", "--verbose"]).success();
    assert_eq!(kept_pages(&run), 0, "{}", run.stderr);
    assert_output_is_a_fresh_builds(&site, "a change of the settings");
}

/// On a nested site, a region renamed makes again the pages of the counties under it (their
/// breadcrumbs name it) and keeps the others; a county moved to another region likewise.
#[test]
fn a_nested_build_into_its_previous_output_remakes_the_counties_under_an_edited_region() {
    let site = TestSite::fixture("province");
    site.run(&["build"]).success();
    let again = site.run(&["build", "--verbose"]).success();
    let all = kept_pages(&again);
    assert!(all >= 8, "every county page kept: {all}");
    let regions = kept_other_pages(&again);
    assert!(
        regions >= 4,
        "the regions' and the list's pages kept: {}",
        again.stderr
    );
    assert_output_is_a_fresh_builds(&site, "no edit");
    site.edit(
        "content/counties/beishan/_index.yaml",
        "name: 北山市",
        "name: 北山地区",
    );
    let run = site.run(&["build", "--verbose"]).success();
    let kept = kept_pages(&run);
    assert!(kept > 0 && kept < all, "{kept} of {all}: {}", run.stderr);
    assert!(kept_other_pages(&run) < regions, "{}", run.stderr);
    assert_output_is_a_fresh_builds(&site, "a region renamed");
    assert!(
        site.read("public/counties/hexi/index.html")
            .contains("北山地区")
    );
    // A county moved from one region to another.
    let moved = site.read("content/counties/beishan/hexi.yaml");
    std::fs::remove_file(site.path("content/counties/beishan/hexi.yaml")).expect("remove");
    site.write("content/counties/qingchuan/hexi.yaml", &moved);
    let run = site.run(&["build", "--verbose"]);
    if run.code == 0 {
        assert_output_is_a_fresh_builds(&site, "a county moved");
    } else {
        let fresh = site.run(&["build", "--output", "fresh"]);
        assert_eq!(fresh.stderr, run.stderr, "a county moved");
    }
}

/// Whether a `build --verbose` reports its search index patched from the previous build's.
fn search_patched(run: &crate::common::Run) -> bool {
    run.stderr
        .lines()
        .any(|l| l.trim() == "search index patched from the previous build's")
}

/// `build` into its previous output reads the search index back from the files it wrote
/// and patches it where a figure or a narrative changed; an index file changed by hand
/// gets the full index: the output is a fresh build's either way.
#[test]
fn a_build_into_its_previous_output_patches_the_search_index_it_left() {
    let site = TestSite::fixture("minimal");
    let run = site.run(&["build", "--verbose"]).success();
    assert!(!search_patched(&run), "a first build has no index to patch");
    // Nothing changed: the index in place is this build's, and is said to be kept, not
    // patched.
    let run = site.run(&["build", "--verbose"]).success();
    assert!(!search_patched(&run), "{}", run.stderr);
    assert!(
        run.stderr
            .lines()
            .any(|l| l.trim() == "search index kept in place (no page's text changed)"),
        "{}",
        run.stderr
    );
    assert_output_is_a_fresh_builds(&site, "nothing changed");
    let mut version = 0;
    for tenths in [455, 461] {
        let edit = Edit::Figure { county: 1, tenths };
        apply(&site, &edit, &mut version);
        let run = site.run(&["build", "--verbose"]).success();
        assert!(search_patched(&run), "after {edit:?}: {}", run.stderr);
        assert_output_is_a_fresh_builds(&site, &format!("{edit:?}"));
    }
    // A postings file changed by hand is not read back.
    let shard = std::fs::read_dir(site.path("public/search/g"))
        .expect("the postings shards")
        .flatten()
        .map(|e| e.path())
        .min()
        .expect("a postings shard");
    let bytes = std::fs::read(&shard).expect("a postings shard");
    std::fs::write(&shard, &bytes[..bytes.len() - 4]).expect("cut the shard");
    let edit = Edit::Figure {
        county: 1,
        tenths: 470,
    };
    apply(&site, &edit, &mut version);
    let run = site.run(&["build", "--verbose"]).success();
    assert!(!search_patched(&run), "{}", run.stderr);
    assert_output_is_a_fresh_builds(&site, "a postings shard cut by hand");
    // A paragraph more moves the numbers of the segments after it: they are shifted.
    apply(&site, &Edit::Narrative { city: false, n: 5 }, &mut version);
    let run = site.run(&["build", "--verbose"]).success();
    assert!(search_patched(&run), "{}", run.stderr);
    assert_output_is_a_fresh_builds(&site, "a paragraph added");
    // With one thread in the build's pool (the index is read back beside the build, and
    // the thread that patches it must not wait for work queued behind it).
    for tenths in [455, 461] {
        let edit = Edit::Figure { county: 1, tenths };
        apply(&site, &edit, &mut version);
        let run = site
            .run_with_env(&["build", "--verbose"], &[("RAYON_NUM_THREADS", "1")])
            .success();
        assert!(search_patched(&run), "one thread, {edit:?}: {}", run.stderr);
        assert_output_is_a_fresh_builds(&site, &format!("one thread, {edit:?}"));
    }
}

/// The link-preview cards a `build --verbose` kept in place, as it reports them.
fn kept_cards(run: &crate::common::Run) -> usize {
    reported(run, " link-preview cards kept in place")
}

/// `build` into its previous output keeps the link-preview card of a county whose sources
/// (and the settings and the font) did not change in place, neither read from the image
/// cache nor written; a card edited by hand or removed is made again, as is every card
/// under `--no-cache`, and the output is a fresh build's after each step.
#[test]
fn a_build_into_its_previous_output_keeps_the_cards_of_unchanged_counties() {
    let site = TestSite::fixture("minimal");
    let card = |slug: &str| site.path(&format!("public/images/preview/counties/{slug}.png"));
    let modified = |slug: &str| {
        std::fs::metadata(card(slug))
            .and_then(|m| m.modified())
            .expect("the county's card")
    };
    let run = site.run(&["build", "--verbose"]).success();
    assert_eq!(kept_cards(&run), 0, "a first build keeps nothing");
    let (alpha, beta) = (modified("alpha"), modified("beta"));
    let cached = || -> std::collections::BTreeSet<String> {
        std::fs::read_dir(site.path(".qingfeng-cache/images"))
            .expect("the image cache")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect()
    };
    let entries = cached();
    let run = site.run(&["build", "--verbose"]).success();
    assert_eq!(kept_cards(&run), 2, "nothing changed: {}", run.stderr);
    assert_eq!((modified("alpha"), modified("beta")), (alpha, beta));
    assert_eq!(
        cached(),
        entries,
        "a kept card's image-cache entry is not pruned (a build into another folder uses it)"
    );
    assert_output_is_a_fresh_builds(&site, "no edit");

    let mut version = 0;
    apply(
        &site,
        &Edit::Figure {
            county: 1,
            tenths: 480,
        },
        &mut version,
    );
    let run = site.run(&["build", "--verbose"]).success();
    assert_eq!(
        kept_cards(&run),
        1,
        "beta's card is made again: {}",
        run.stderr
    );
    assert_eq!(modified("alpha"), alpha, "alpha's card stays in place");
    assert_output_is_a_fresh_builds(&site, "a figure of beta");

    std::fs::write(card("alpha"), b"not the card").expect("edit alpha's card");
    std::fs::remove_file(card("beta")).expect("remove beta's card");
    let run = site.run(&["build", "--verbose"]).success();
    assert_eq!(kept_cards(&run), 0, "{}", run.stderr);
    assert_output_is_a_fresh_builds(&site, "a card edited by hand and one removed");
    let run = site.run(&["build", "--verbose"]).success();
    assert_eq!(
        kept_cards(&run),
        2,
        "both made again last time: {}",
        run.stderr
    );

    // `--no-cache` draws every image afresh: none is kept.
    let run = site.run(&["build", "--verbose", "--no-cache"]).success();
    assert_eq!(kept_cards(&run), 0, "{}", run.stderr);
    assert_output_is_a_fresh_builds(&site, "a build with --no-cache");
}
