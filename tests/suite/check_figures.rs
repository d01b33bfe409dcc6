//! `check`'s figure rules on a second city's copy: numbers typed by hand in county
//! narratives and articles, checked against the figures of their own region.

use serde_json::Value;

use crate::common::{TestSite, copy_tree, manifest_dir};

/// The second city with the figure corpus laid over it (`wrong.md` only when asked).
fn corpus_site(with_wrong: bool) -> TestSite {
    let site = TestSite::fixture("second-city");
    copy_tree(
        &manifest_dir().join("tests/fixtures/figure-prose/content"),
        &site.path("content"),
    );
    if !with_wrong {
        std::fs::remove_file(site.path("content/articles/wrong.md")).expect("remove");
    }
    site
}

fn check_json(site: &TestSite, args: &[&str]) -> Value {
    let mut all = vec!["check", "--format", "json"];
    all.extend(args);
    let run = site.run_with_env(&all, &[("QINGFENG_TODAY", "2021-09-25")]);
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", run.stdout, run.stderr))
}

fn of_rule<'a>(report: &'a Value, rule: &str) -> Vec<&'a Value> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == rule)
        .collect()
}

const CORPUS: &[&str] = &[
    "content/counties/hedong.md",
    "content/counties/xiling.md",
    "content/counties/baishui.md",
    "content/articles/figures.md",
];

#[test]
fn correct_figures_typed_by_hand_are_warnings_never_errors() {
    let site = corpus_site(false);
    let report = check_json(&site, &[]);
    let errors: Vec<&Value> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["severity"] == "error")
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let hand = of_rule(&report, "hand-typed-figure");
    // Each corpus file has hand-typed figures, each reported as a warning naming the
    // reference of its own region.
    for file in CORPUS {
        assert!(hand.iter().any(|f| f["file"] == *file), "{file}: {hand:#?}");
    }
    assert!(hand.iter().all(|f| f["severity"] == "warning"));
    let women_hedong = hand
        .iter()
        .find(|f| f["file"] == "content/counties/hedong.md" && f["text"] == "16.7%")
        .expect("16.7% in hedong.md");
    assert_eq!(women_hedong["suggestion"], "{{ county.shares.women }}");
    assert_eq!(women_hedong["line"], 8);
    let city_in_county = hand
        .iter()
        .find(|f| f["file"] == "content/counties/hedong.md" && f["text"] == "29")
        .expect("the city's 29 in hedong.md");
    assert_eq!(city_in_county["suggestion"], "{{ city.women }}");
    // A county named in an article has no reference there: not a finding.
    assert!(
        !hand
            .iter()
            .any(|f| f["file"] == "content/articles/figures.md" && f["text"] == "19.2%"),
        "{hand:#?}"
    );

    // `--fix` leaves correct copy byte-identical.
    let raw_before: Vec<Vec<u8>> = CORPUS
        .iter()
        .map(|f| std::fs::read(site.path(f)).expect("read"))
        .collect();
    site.run_with_env(&["check", "--fix"], &[("QINGFENG_TODAY", "2021-09-25")]);
    for (file, raw) in CORPUS.iter().zip(&raw_before) {
        assert_eq!(
            &std::fs::read(site.path(file)).expect("read"),
            raw,
            "{file}"
        );
    }
}

#[test]
fn wrong_figures_are_errors_in_their_own_scope() {
    let site = corpus_site(true);
    let report = check_json(&site, &[]);
    let mut errors: Vec<(String, u64, String, String)> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["severity"] == "error")
        .map(|f| {
            (
                f["file"].as_str().unwrap_or("").to_owned(),
                f["line"].as_u64().unwrap_or(0),
                f["rule"].as_str().unwrap_or("").to_owned(),
                f["text"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    errors.sort();
    let wrong = "content/articles/wrong.md";
    let expected: Vec<(String, u64, String, String)> = [
        (6, "share-mismatch", "14.4%"),
        (8, "figure-mismatch", "30"),
        (10, "share-mismatch", "96.2%"),
        (12, "share-mismatch", "17.2%"),
        (14, "figure-mismatch", "46.2"),
        (16, "share-mismatch", "37.5%"),
        (18, "share-mismatch", "86.0%"),
        (20, "figure-mismatch", "3"),
    ]
    .iter()
    .map(|(line, rule, text)| {
        (
            wrong.to_owned(),
            *line,
            (*rule).to_owned(),
            (*text).to_owned(),
        )
    })
    .collect();
    assert_eq!(errors, expected);
    // The message names the region and what the figure is.
    let first = of_rule(&report, "share-mismatch")
        .into_iter()
        .find(|f| f["text"] == "17.2%")
        .expect("17.2%");
    let message = first["message"].as_str().unwrap_or("");
    assert!(
        message.contains("西岭市") && message.contains("19.2%"),
        "{message}"
    );
    site.run_with_env(&["check"], &[("QINGFENG_TODAY", "2021-09-25")])
        .failure(1);
}

#[test]
fn fix_figures_replaces_hand_typed_figures_and_the_page_reads_the_same() {
    let site = corpus_site(false);
    site.build().success();
    let page = "public/counties/hedong/index.html";
    let before = site.read(page);
    let run = site.run_with_env(
        &["check", "--fix-figures"],
        &[("QINGFENG_TODAY", "2021-09-25")],
    );
    assert!(
        run.stderr.contains("fixed content/counties/hedong.md: ")
            && run
                .stderr
                .contains(" hand-typed figures replaced by references"),
        "{}",
        run.stderr
    );
    let text = site.read("content/counties/hedong.md");
    assert!(
        text.contains("女干部{{ county.women }}名，占{{ county.shares.women }}"),
        "{text}"
    );
    assert!(text.contains("全市女干部{{ city.women }}名"), "{text}");
    // What a reference cannot print the same way is left as typed: the change in words.
    assert!(text.contains("下降2.8岁"), "{text}");
    // Nothing replaceable is left.
    let report = check_json(&site, &[]);
    let left: Vec<&Value> = of_rule(&report, "hand-typed-figure")
        .into_iter()
        .filter(|f| !f["suggestion"].is_null())
        .collect();
    assert!(left.is_empty(), "{left:#?}");
    site.build().success();
    assert_eq!(site.read(page), before, "the page reads the same");
}

#[test]
fn fix_figures_says_what_it_fixed_in_chinese() {
    let site = corpus_site(false);
    let run = site.run_with_env(
        &["--lang", "zh", "check", "--fix-figures"],
        &[("QINGFENG_TODAY", "2021-09-25")],
    );
    assert!(
        run.stderr.contains("已修正 content/counties/hedong.md：")
            && run.stderr.contains(" 处手写数字已改为数据引用"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("fixed "), "{}", run.stderr);
}
