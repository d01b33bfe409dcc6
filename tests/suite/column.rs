//! The column's own pages: 数说换届 cards, term-over-term changes, discipline rules and
//! reporting channels, 知识问答, publication dates and the inspection metadata.

use crate::common::TestSite;

fn meta(html: &str, name: &str) -> Option<String> {
    let key = format!("<meta name=\"{name}\" content=\"");
    let start = html.find(&key)? + key.len();
    Some(html[start..start + html[start..].find('"')?].to_string())
}

#[test]
fn inspection_metadata_is_on_the_pages_it_applies_to() {
    let site = TestSite::example();
    site.build().success();
    let article = site.read("public/articles/overview/index.html");
    assert_eq!(
        meta(&article, "SiteName").as_deref(),
        Some("临汾新闻网（示例）")
    );
    assert_eq!(
        meta(&article, "SiteDomain").as_deref(),
        Some("news.example.cn")
    );
    assert_eq!(meta(&article, "SiteIDCode").as_deref(), Some("0000000000"));
    assert_eq!(
        meta(&article, "ColumnName").as_deref(),
        Some("风清气正看换届")
    );
    assert_eq!(
        meta(&article, "ArticleTitle").as_deref(),
        Some("全市县级领导班子换届圆满完成")
    );
    assert_eq!(meta(&article, "PubDate").as_deref(), Some("2016-08-22"));
    assert!(meta(&article, "ContentSource").is_some_and(|s| !s.is_empty()));
    let county = site.read("public/counties/yaodu/index.html");
    assert!(meta(&county, "PubDate").is_some());
    let home = site.read("public/index.html");
    assert!(
        meta(&home, "ArticleTitle").is_none(),
        "the home page is not an article"
    );
    assert_eq!(meta(&home, "ColumnName").as_deref(), Some("风清气正看换届"));
    assert!(
        home.contains("晋ICP备00000000号"),
        "footer lacks the ICP number"
    );
}

#[test]
fn pages_show_the_content_dates_never_the_build_time() {
    let site = TestSite::fixture("minimal");
    site.build().success();
    let county = site.read("public/counties/alpha/index.html");
    assert!(county.contains("2016年8月10日"), "{county}");
    let article = site.read("public/articles/report/index.html");
    assert!(article.contains("datetime=\"2016-08-22\""));
    // The home page says when the column was last updated: the newest dated item.
    let home = site.read("public/index.html");
    assert!(
        home.contains("栏目更新于<time datetime=\"2016-08-22\">2016年8月22日</time>"),
        "{home}"
    );
}

#[test]
fn headline_cards_are_computed_with_their_changes() {
    let site = TestSite::example();
    site.build().success();
    let home = site.read("public/index.html");
    assert!(home.contains("数说换届"));
    for text in ["99.1%", "13.9%", "38.0%", "比上届下降2.9岁", "47.5"] {
        assert!(home.contains(text), "cards lack {text}");
    }
}

/// Nobody promoted: the card gives the count, with no share of nobody (a bare 占).
#[test]
fn a_card_without_its_share_ends_with_its_count() {
    let site = TestSite::fixture("minimal");
    for slug in ["alpha", "beta"] {
        site.edit(
            &format!("content/counties/{slug}.yaml"),
            "  promoted: 7\n  from_county: 6\n  township_principals: 2\n",
            "  promoted: 0\n  from_county: 0\n  township_principals: 0\n",
        );
    }
    site.build().success();
    let home = site.read("public/index.html");
    assert!(home.contains("从县（市、区）提拔0名<"), "{home}");
    assert!(!home.contains("占<"), "{home}");
}

#[test]
fn counties_without_a_previous_term_show_no_change() {
    let site = TestSite::fixture("minimal");
    let text = site.read("content/counties/beta.yaml");
    let cut = text.find("previous:").expect("previous block");
    site.write("content/counties/beta.yaml", &text[..cut]);
    site.build().success();
    let beta = site.read("public/counties/beta/index.html");
    assert!(
        !beta.contains("上届"),
        "a missing previous term must not show a change"
    );
    let alpha = site.read("public/counties/alpha/index.html");
    assert!(
        alpha.contains("上届<span class=\"nb\">49.0岁</span>"),
        "{alpha}"
    );
    let summary: serde_json::Value =
        serde_json::from_str(&site.read("public/data/summary.json")).expect("json");
    // The city's change is over the county that gives a previous term (alpha: 46.0 now,
    // 49.0 then), and says so.
    assert_eq!(summary["city"]["average_age_change"], -3.0);
    assert_eq!(summary["city"]["changes_over"], 1);
    // The average-age chart beside the card says the previous term is partial, not absent.
    let home = site.read("public/index.html");
    assert!(
        home.contains("（仅1个县（市、区）有往届数据，不作整体比较）")
            && !home.contains("无往届数据"),
        "{home}"
    );
}

#[test]
fn discipline_rules_and_reporting_channels() {
    let site = TestSite::example();
    site.build().success();
    let page = site.read("public/discipline/index.html");
    assert!(page.contains("九个严禁"));
    assert_eq!(page.matches("<li><strong>严禁").count(), 9, "{page}");
    // The reporting block stands on every page.
    for (path, bytes) in site
        .snapshot("public")
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
    {
        let html = String::from_utf8_lossy(bytes);
        assert!(
            html.contains("12380") && html.contains("12388"),
            "{path} lacks the reporting block"
        );
    }
}

#[test]
fn questions_have_headings_a_reader_can_link_to() {
    let site = TestSite::example();
    site.build().success();
    let qa = site.read("public/qa/index.html");
    let ids: Vec<&str> = qa
        .match_indices("<h2 id=\"q-")
        .map(|(i, _)| {
            let rest = &qa[i + 8..];
            &rest[..rest.find('"').expect("quote")]
        })
        .collect();
    assert!(ids.len() >= 6, "{} questions", ids.len());
    for id in ids {
        assert!(qa.contains(&format!("href=\"#{id}\"")), "no link to {id}");
    }
}

#[test]
fn an_item_without_a_date_is_an_error() {
    let site = TestSite::fixture("minimal");
    site.edit("content/articles/report.md", "date: 2016-08-22\n", "");
    site.build()
        .failure(1)
        .stderr_has("content/articles/report.md")
        .stderr_has("missing field `date`");
    site.run(&["check"])
        .failure(1)
        .stderr_has("missing field `date`");
}

#[test]
fn county_pages_show_every_change_the_data_supports() {
    let site = TestSite::fixture("minimal");
    site.build().success();
    let alpha = site.read("public/counties/alpha/index.html");
    // Women: 3 of 20 now against 2 of 20 then.
    assert!(
        alpha.contains(
            "<span aria-hidden=\"true\" data-search=\"skip\">▲</span> 比上届提高5.0个百分点"
        ),
        "{alpha}"
    );
    // Counts the data leaves out are not shown as 0.
    assert!(
        !alpha.contains("少数民族干部"),
        "an unknown count is not shown"
    );
    site.edit(
        "content/counties/alpha.yaml",
        "members: 20\n",
        "members: 20\nethnic_minority: 1\ngrassroots_experience: 15\n",
    );
    site.build().success();
    let alpha = site.read("public/counties/alpha/index.html");
    let nb = |t: &str| format!("<span class=\"nb\">{t}</span>");
    assert!(
        alpha.contains(&format!(
            "<dt>少数民族干部</dt><dd>{}，占{}</dd>",
            nb("1名"),
            nb("5.0%")
        )),
        "{alpha}"
    );
    assert!(alpha.contains(&format!(
        "<dt>基层工作经历</dt><dd>{}，占{}</dd>",
        nb("15名"),
        nb("75.0%")
    )));
}

#[test]
fn question_anchors_stay_when_questions_are_added() {
    let site = TestSite::example();
    site.build().success();
    let anchors = |html: &str| -> Vec<String> {
        html.match_indices("<h2 id=\"q-")
            .map(|(i, _)| {
                let rest = &html[i + 8..];
                rest[..rest.find('"').expect("quote")].to_string()
            })
            .collect()
    };
    let before = anchors(&site.read("public/qa/index.html"));
    assert!(before.iter().all(|a| a.starts_with("q-")), "{before:?}");
    // A question inserted first: every other question keeps its anchor.
    let text = site.read("content/qa.yaml");
    let at = text.find("  - question:").expect("first question");
    site.write(
        "content/qa.yaml",
        &format!(
            "{}  - question: 新增的问题？\n    answer: 新增的回答。\n{}",
            &text[..at],
            &text[at..]
        ),
    );
    site.build().success();
    let page = site.read("public/qa/index.html");
    let after = anchors(&page);
    assert_eq!(after.len(), before.len() + 1);
    assert_eq!(
        &after[1..],
        &before[..],
        "the old questions keep their anchors"
    );
    // Links of the positional kind are mapped for the page's script.
    assert!(page.contains(&format!("\"q2\":\"{}\"", before[0])));

    // An explicit id is used; two questions with one anchor are refused.
    site.write(
        "content/qa.yaml",
        &text.replacen("  - question:", "  - id: first\n    question:", 1),
    );
    site.build().success();
    assert!(
        site.read("public/qa/index.html")
            .contains("<h2 id=\"first\">")
    );
    site.write(
        "content/qa.yaml",
        &text.replace("  - question:", "  - id: same\n    question:"),
    );
    site.build()
        .failure(1)
        .stderr_has("two questions have the anchor `same`");
}

#[test]
fn reporting_channels_are_links_a_phone_can_follow() {
    let site = TestSite::example();
    site.build().success();
    let home = site.read("public/index.html");
    assert!(home.contains("<a class=\"hotline\" href=\"tel:12380\">12380</a>"));
    assert!(home.contains("<a class=\"hotline\" href=\"tel:12388\">12388</a>"));
    assert!(home.contains("网站 <a href=\"http://www.12380.gov.cn\">www.12380.gov.cn</a>"));
    assert!(home.contains("短信 <a href=\"sms:12380\">12380</a>"));
    site.edit(
        "content/city.yaml",
        "website: \"http://www.12380.gov.cn\"",
        "website: www.12380.gov.cn",
    );
    site.build()
        .failure(1)
        .stderr_has("the website `www.12380.gov.cn` is not a web address");
}
