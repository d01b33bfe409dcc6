//! `qingfeng check` suppressions end to end: `<!-- qingfeng-ignore … -->` for a paragraph,
//! front matter `check_ignore` and `# qingfeng-ignore-file` for a file, `[check] allow`
//! literals, the warning for a suppression that suppresses nothing, and `--fix` leaving
//! suppressed text alone. On the example site and on the second city.

use crate::common::TestSite;
use serde_json::Value;

fn report(site: &TestSite) -> Value {
    let run = site.run(&["check", "--format", "json"]);
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", run.stdout, run.stderr))
}

/// `(rule, text)` of the findings in `file`, in order.
fn found(report: &Value, file: &str) -> Vec<(String, String)> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["file"] == file)
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or("").to_string(),
                f["text"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn pairs(found: &[(String, String)]) -> Vec<(&str, &str)> {
    found
        .iter()
        .map(|(r, t)| (r.as_str(), t.as_str()))
        .collect()
}

const ARTICLE: &str = "content/articles/ignore.md";

fn article(site: &TestSite, front: &str, body: &str) {
    site.write(
        ARTICLE,
        &format!("---\ntitle: 忽略\ndate: 2016-08-21\n{front}---\n{body}"),
    );
}

#[test]
fn a_comment_suppresses_the_named_rules_in_the_paragraph_below() {
    let site = TestSite::example();
    article(
        &site,
        "",
        "<!-- qingfeng-ignore halfwidth-punctuation -->\n甲县召开党代会,选举产生新班子。\n第二行,仍在本段。\n\n\
         乙县召开党代会,选举产生新班子。\n\n\
         <!-- qingfeng-ignore traditional-char, halfwidth-punctuation -->\n丙縣召开党代会,选举。\n\n\
         <!-- qingfeng-ignore -->\n丁縣召开党代会,,选举。\n",
    );
    let report = report(&site);
    assert_eq!(
        pairs(&found(&report, ARTICLE)),
        vec![("halfwidth-punctuation", ",")],
        "{:#}",
        report["findings"]
    );
    let comma = &report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["file"] == ARTICLE)
        .expect("one")["line"];
    assert_eq!(comma, 9, "the unsuppressed paragraph's comma");

    // --fix leaves the suppressed paragraphs as they are.
    site.run(&["check", "--fix"]);
    let fixed = site.read(ARTICLE);
    assert!(fixed.contains("甲县召开党代会,选举产生新班子。\n第二行,仍在本段。"));
    assert!(fixed.contains("乙县召开党代会，选举产生新班子。"));
    assert!(fixed.contains("丙縣召开党代会,选举。"));
    assert!(fixed.contains("丁縣召开党代会,,选举。"));

    // The comments never reach readers.
    site.build().success();
    let page = site.read("public/articles/ignore/index.html");
    assert!(!page.contains("qingfeng-ignore"), "{page}");
    assert!(page.contains("甲县召开党代会"));
}

#[test]
fn unused_and_unknown_suppressions_are_warnings() {
    let site = TestSite::example();
    article(
        &site,
        "check_ignore: [pinyin-gloss]\n",
        "<!-- qingfeng-ignore share-mismach -->\n全市召开党代会。\n\n\
         <!-- qingfeng-ignore doubled-punctuation -->\n全市召开党代会。\n",
    );
    let report = report(&site);
    let warnings: Vec<&Value> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["file"] == ARTICLE)
        .collect();
    assert_eq!(warnings.len(), 3, "{warnings:#?}");
    assert!(
        warnings
            .iter()
            .all(|w| w["rule"] == "unused-suppression" && w["severity"] == "warning")
    );
    let lines: Vec<u64> = warnings.iter().filter_map(|w| w["line"].as_u64()).collect();
    assert_eq!(lines, vec![4, 6, 9]);
    assert!(
        warnings[1]["help"]
            .as_str()
            .is_some_and(|h| h.contains("did you mean `share-mismatch`")),
        "{:#?}",
        warnings[1]
    );
    // Warnings only: the check passes.
    assert_eq!(report["errors"], 0, "{:#}", report["findings"]);
}

#[test]
fn allow_literals_and_file_suppressions_on_the_second_city() {
    let site = TestSite::fixture("second-city");
    let review = "content/articles/review.md";
    site.edit(
        review,
        "summary: 全市换届情况。\n",
        "summary: 全市换届情况。\ncheck_ignore: [stale-column]\n",
    );
    site.edit(
        review,
        "女干部占{{ city.shares.women }}。",
        "女干部占{{ city.shares.women }}。\n\n国内生产总值(GDP)增长,就业稳定。\n",
    );
    site.write(
        "site.toml",
        &format!(
            "{}\n[check]\nallow = [\"国内生产总值(GDP)\", \"从未出现\"]\n",
            site.read("site.toml")
        ),
    );
    let county = "content/counties/baishui.yaml";
    site.edit(
        county,
        "name: 白水县\n",
        "# qingfeng-ignore-file build\n# qingfeng-ignore traditional-char\nname: 白水縣\n",
    );
    let report = report(&site);
    // The allowed literal's brackets are not findings; the comma after it is.
    assert_eq!(
        pairs(&found(&report, review)),
        vec![("halfwidth-punctuation", ",")],
        "{:#}",
        report["findings"]
    );
    // The YAML comment covers the name's line; `build` is no rule a suppression may name.
    let county_found = found(&report, county);
    assert!(
        !county_found
            .iter()
            .any(|(rule, _)| rule == "traditional-char"),
        "{county_found:?}"
    );
    assert!(
        county_found.iter().any(|(rule, _)| rule == "build"),
        "the county's own build warning stays: {county_found:?}"
    );
    let unused: Vec<(String, String)> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == "unused-suppression")
        .map(|f| {
            (
                f["file"].as_str().unwrap_or("").to_string(),
                f["message"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(unused.len(), 2, "{unused:#?}");
    assert!(
        unused
            .iter()
            .any(|(file, m)| file == "site.toml" && m.contains("从未出现"))
    );
    assert!(
        unused
            .iter()
            .any(|(file, m)| file == county && m.contains("no rule `build`"))
    );
    assert!(
        !report["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .any(|f| f["rule"] == "stale-column"),
        "check_ignore: [stale-column] in the newest file suppresses the staleness warning"
    );
}

#[test]
fn check_rules_are_suppressed_where_their_problems_are_placed() {
    let site = TestSite::example();
    article(
        &site,
        "",
        "<!-- qingfeng-ignore broken-link -->\n见[旧通知](old-notice.html)。\n\n见[另一份](other-notice.html)。\n",
    );
    let report = report(&site);
    assert_eq!(
        pairs(&found(&report, ARTICLE)),
        vec![("broken-link", "other-notice.html")],
        "{:#}",
        report["findings"]
    );
}
