//! Charts as readers get them: every SVG of a built site laid out cleanly (checked here with
//! an estimate of our own, independent of the chart module's), and every chart's data equal
//! to the figures.

use std::collections::BTreeMap;

use crate::common::{TestSite, assert_rejected};

const ALPHA: &str = "content/counties/alpha.yaml";
const BETA: &str = "content/counties/beta.yaml";
use serde_json::Value;

/// Width of a text in em: CJK and full-width 1 em, narrow ASCII a little more than usual
/// (over-estimating only makes the check stricter).
fn width_em(s: &str) -> f64 {
    s.chars()
        .map(|c| match c {
            '0'..='9' | 'a'..='z' | '.' | ',' | ' ' | '-' | '+' | '(' | ')' => 0.56,
            '%' | 'A'..='Z' => 0.9,
            c if c.is_ascii() => 0.6,
            '–' | '−' => 0.56,
            _ => 1.0,
        })
        .sum()
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    Some(&tag[start..start + tag[start..].find('"')?])
}

#[derive(Debug)]
struct Box2 {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
    text: String,
}

/// Checks one SVG; returns the problems found.
fn svg_problems(svg: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let open_end = svg.find('>').unwrap_or(0);
    let root = &svg[..open_end];
    if attr(root, "role") != Some("img") {
        problems.push("no role=\"img\"".into());
    }
    for part in ["<title", "<desc"] {
        if !svg.contains(part) {
            problems.push(format!("no {part}>"));
        }
    }
    if svg.contains("NaN") || svg.contains("inf\"") {
        problems.push("NaN or inf".into());
    }
    let Some(vb) = attr(root, "viewBox") else {
        problems.push("no viewBox".into());
        return problems;
    };
    let vb: Vec<f64> = vb
        .split_whitespace()
        .filter_map(|p| p.parse().ok())
        .collect();
    let (w, h) = (vb[2], vb[3]);
    let mut boxes = Vec::new();
    let mut rest = svg;
    while let Some(start) = rest.find("<text ") {
        let after = &rest[start..];
        let tag = &after[..after.find('>').unwrap_or(0)];
        let close = after.find("</text>").unwrap_or(after.len());
        let text = after[tag.len() + 1..close]
            .replace("&amp;", "&")
            .replace("&lt;", "<");
        let num = |n: &str| {
            attr(tag, n)
                .and_then(|v| v.parse::<f64>().ok())
                .unwrap_or(f64::NAN)
        };
        let (x, y, size) = (num("x"), num("y"), num("font-size"));
        let width = width_em(&text) * size;
        let x0 = match attr(tag, "text-anchor").unwrap_or("start") {
            "middle" => x - width / 2.0,
            "end" => x - width,
            _ => x,
        };
        boxes.push(Box2 {
            x0,
            y0: y - 0.88 * size,
            x1: x0 + width,
            y1: y + 0.2 * size,
            text,
        });
        rest = &after[close.min(after.len())..];
        if close == after.len() {
            break;
        }
    }
    if boxes.is_empty() {
        problems.push("no text".into());
    }
    for b in &boxes {
        if !(b.x0 >= -0.5 && b.y0 >= -0.5 && b.x1 <= w + 0.5 && b.y1 <= h + 0.5) {
            problems.push(format!(
                "`{}` leaves the viewBox ({:.0},{:.0})-({:.0},{:.0}) of {w}x{h}",
                b.text, b.x0, b.y0, b.x1, b.y1
            ));
        }
    }
    for (i, a) in boxes.iter().enumerate() {
        for b in &boxes[i + 1..] {
            if a.x0 < b.x1 - 0.5 && b.x0 < a.x1 - 0.5 && a.y0 < b.y1 - 0.5 && b.y0 < a.y1 - 0.5 {
                problems.push(format!("`{}` overlaps `{}`", a.text, b.text));
            }
        }
    }
    problems
}

/// Every chart SVG inlined in the site's pages, by page.
fn svgs(site: &TestSite) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (path, bytes) in site.snapshot("public") {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(&bytes).into_owned();
        for part in html.split("<svg ").skip(1) {
            let end = part.find("</svg>").map_or(part.len(), |i| i + 6);
            out.push((path.clone(), format!("<svg {}", &part[..end])));
        }
    }
    out
}

#[track_caller]
fn assert_clean_charts(site: &TestSite, at_least: usize) {
    let all = svgs(site);
    assert!(all.len() >= at_least, "only {} charts", all.len());
    let mut failures = Vec::new();
    for (page, svg) in &all {
        for p in svg_problems(svg) {
            failures.push(format!("{page}: {p}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_chart_of_the_example_is_laid_out_cleanly() {
    let site = TestSite::example();
    site.build().success();
    // 17 counties × 4 charts, plus the city's and the comparisons on the home page.
    assert_clean_charts(&site, 17 * 4 + 9);
}

fn csv_rows(site: &TestSite, rel: &str) -> BTreeMap<String, String> {
    let text = site.read(rel);
    assert!(text.starts_with('\u{FEFF}'), "{rel} lacks its BOM");
    text.trim_start_matches('\u{FEFF}')
        .lines()
        .skip(1)
        .filter_map(|l| {
            let mut cells = l.split(',');
            Some((cells.next()?.to_string(), cells.next()?.to_string()))
        })
        .collect()
}

/// `data/counties.csv` as one map a county (header → cell), by slug.
fn county_rows(site: &TestSite) -> BTreeMap<String, BTreeMap<String, String>> {
    let text = site.read("public/data/counties.csv");
    assert!(text.starts_with('\u{FEFF}'), "counties.csv lacks its BOM");
    let mut lines = text.trim_start_matches('\u{FEFF}').lines();
    let headers: Vec<&str> = lines.next().expect("header").split(',').collect();
    lines
        .map(|l| {
            let row: BTreeMap<String, String> = headers
                .iter()
                .zip(l.split(','))
                .map(|(h, c)| (h.to_string(), c.to_string()))
                .collect();
            (row["slug"].clone(), row)
        })
        .collect()
}

#[test]
fn chart_data_equals_the_figures() {
    let site = TestSite::example();
    site.build().success();
    let summary: Value =
        serde_json::from_str(&site.read("public/data/summary.json")).expect("json");
    let by_slug = county_rows(&site);
    // (the chart's label, the header of counties.csv, the key)
    let bands = [
        ("35岁以下", "35岁以下", "up_to_35"),
        ("36–40岁", "36至40岁", "from_36_to_40"),
        ("41–45岁", "41至45岁", "from_41_to_45"),
        ("46–50岁", "46至50岁", "from_46_to_50"),
        ("51岁以上", "51岁以上", "from_51"),
    ];
    let levels = [
        ("研究生", "研究生", "postgraduate"),
        ("本科", "本科", "undergraduate"),
        ("大专", "大专", "college"),
        ("中专及以下", "中专及以下", "below_college"),
    ];
    let subjects = summary["counties"]
        .as_array()
        .expect("counties")
        .iter()
        .map(|c| {
            let slug = c["slug"].as_str().expect("slug").to_string();
            (
                Some(by_slug[&slug].clone()),
                format!("public/counties/{slug}/index.html"),
                c.clone(),
            )
        });
    let city = (
        None,
        "public/index.html".to_string(),
        summary["city"].clone(),
    );
    assert_eq!(by_slug.len(), 17);
    for (county_row, page, figures) in subjects.chain(std::iter::once(city)) {
        let html = site.read(&page);
        // A county's charts' numbers are its row of counties.csv (by the table's
        // headers); the city's charts have a CSV each (by the chart's labels).
        let rows = |id: &str, labels: &[(&str, &str)]| -> BTreeMap<String, String> {
            match &county_row {
                Some(row) => labels
                    .iter()
                    .filter_map(|(label, header)| {
                        Some((label.to_string(), row.get(*header)?.clone()))
                    })
                    .collect(),
                None => csv_rows(&site, &format!("public/data/charts/{id}.csv")),
            }
        };
        if county_row.is_some() {
            let href = "href=\"../../data/counties.csv\" download";
            assert!(html.contains(href), "{page} does not link counties.csv");
            assert!(
                !html.contains("data/counties/"),
                "{page} links a county CSV"
            );
        }
        let pairs = |t: &[(&'static str, &'static str, &'static str)]| {
            t.iter().map(|(l, h, _)| (*l, *h)).collect::<Vec<_>>()
        };
        let ages = rows("age-bands", &pairs(&bands));
        for (label, _, key) in bands {
            assert_eq!(
                ages.get(label).map(String::as_str),
                Some(figures["age_bands"][key].to_string().as_str()),
                "{page} {label}"
            );
        }
        let edu = rows("education", &pairs(&levels));
        for (label, _, key) in levels {
            assert_eq!(
                edu.get(label).map(String::as_str),
                Some(figures["education"][key].to_string().as_str()),
                "{page} {label}"
            );
        }
        let comp = rows(
            "composition",
            &[("女干部", "女干部"), ("党外干部", "党外干部")],
        );
        assert_eq!(
            comp.get("女干部"),
            Some(&figures["women"].to_string()),
            "{page}"
        );
        assert_eq!(
            comp.get("党外干部"),
            Some(&figures["non_party"].to_string()),
            "{page}"
        );
        // The table under the chart holds the same numbers as the CSV.
        for (label, value) in ages.iter().chain(&edu) {
            let row = format!("<th scope=\"row\">{label}</th><td>{value}</td>");
            assert!(html.contains(&row), "{page} lacks the table row {row}");
        }
    }
    assert!(
        !site.path("public/data/counties").exists(),
        "no CSV a county: its figures are its row of counties.csv"
    );
    let young = csv_rows(&site, "public/data/charts/young-cadres.csv");
    assert_eq!(young.get("乡镇党政正职").map(String::as_str), Some("9"));
    assert_eq!(young.get("县直单位").map(String::as_str), Some("5"));
    assert_eq!(young.get("市直机关").map(String::as_str), Some("16"));
}

#[test]
fn edge_cases_draw_sensibly() {
    let site = TestSite::fixture("minimal");
    // A zero count, one member in a category, both counties equal, a long name.
    site.edit("content/city.yaml", "  women: 6\n", "");
    for county in ["alpha", "beta"] {
        let file = format!("content/counties/{county}.yaml");
        site.edit(
            &file,
            "women:\n  count: 3\n  principal: 1",
            "women:\n  count: 0\n  principal: 0",
        );
        site.edit(&file, "  women: 2\n", "  women: 0\n");
        site.edit(
            &file,
            "non_party:\n  count: 2\n  government: 1",
            "non_party:\n  count: 1\n  government: 1",
        );
    }
    site.edit(
        "content/counties/beta.yaml",
        "average: 47.0",
        "average: 46.0",
    );
    site.edit("content/counties/beta.yaml", "youngest: 33", "youngest: 34");
    site.edit(
        "content/counties/beta.yaml",
        "average_age: 50.0",
        "average_age: 49.0",
    );
    site.edit(
        "content/counties/beta.yaml",
        "name: 乙区",
        "name: 额尔古纳市某某蒙古族自治县",
    );
    site.edit(
        "content/counties/alpha.md",
        "女干部占{{ county.shares.women }}，\n",
        "",
    );
    site.build().success();
    assert_clean_charts(&site, 2 * 4 + 9);
    let page = site.read("public/counties/beta/index.html");
    assert!(page.contains("额尔古纳市某某蒙古族自治县"));
}

#[test]
fn a_mistake_in_charts_toml_is_placed_by_line_and_column() {
    assert_rejected(
        |s| {
            s.write(
                "charts.toml",
                "[[chart]]\nid = \"pie\"\ntitle = \"饼图\"\nscope = \"county\"\nkind = \"pie\"\n",
            );
        },
        &[
            "error[QF0603]: charts.toml:5:8: chart `pie`: unknown kind `pie`",
            "--> charts.toml:5:8",
            "5 | kind = \"pie\"",
        ],
    );
    assert_rejected(
        |s| {
            s.write("charts.toml", "[[chart]]\nid = \"饼\ntitle = 1\n");
        },
        &["error[QF0603]: charts.toml:2:", "--> charts.toml:2:"],
    );
}

#[test]
fn a_category_map_is_drawn_whole_with_the_editor_s_labels_and_order() {
    let site = TestSite::fixture("minimal");
    site.edit(
        "content/city.yaml",
        "  total: 3\n  origins:\n    - { key: township_principals, label: 乡镇党政正职, count: 1 }\n    - { key: city_organs, label: 市直机关, count: 2 }\n",
        "  total: 24\n  origins:\n    - { key: city_organs, label: 市直机关, count: 6 }\n    - { key: county_depts, label: 县直部门, count: 10 }\n    - { key: township_principals, label: 乡镇党政正职, count: 5 }\n    - { key: enterprises, label: 国有企业, count: 3 }\n",
    );
    site.build().success();
    let home = site.read("public/index.html");
    let at = home
        .find("id=\"chart-young-cadres\"")
        .expect("the young-cadre chart");
    let chart = &home[at..];
    let chart = &chart[..chart.find("</section>").expect("section end")];
    // Every category, in the editor's order, with the editor's labels; shares of 24.
    let mut last = 0;
    for (label, count, share) in [
        ("市直机关", 6, "25.0%"),
        ("县直部门", 10, "41.7%"),
        ("乡镇党政正职", 5, "20.8%"),
        ("国有企业", 3, "12.5%"),
    ] {
        let row = format!("<th scope=\"row\">{label}</th><td>{count}</td><td>{share}</td>");
        let found = chart
            .find(&row)
            .unwrap_or_else(|| panic!("no row {row} in {chart}"));
        assert!(found > last, "{label} is out of the editor's order");
        last = found;
    }
    assert!(
        !chart.contains("县直单位"),
        "the theme's label replaced the editor's"
    );
}

#[test]
fn a_city_without_a_category_map_has_no_empty_chart_of_it() {
    let site = TestSite::fixture("minimal");
    site.edit(
        "content/city.yaml",
        "young_cadres:\n  title: 年轻干部\n  total: 3\n  origins:\n    - { key: township_principals, label: 乡镇党政正职, count: 1 }\n    - { key: city_organs, label: 市直机关, count: 2 }\n",
        "",
    );
    site.build().success();
    let home = site.read("public/index.html");
    assert!(
        !home.contains("id=\"chart-young-cadres\""),
        "a chart of young cadres the city does not give"
    );
    assert!(
        !home.contains("暂无数据"),
        "an empty chart on the home page"
    );
    // The city's other charts are still drawn.
    assert!(
        home.contains("id=\"chart-age-bands\""),
        "the age chart is gone"
    );
    assert!(!site.path("public/data/charts/young-cadres.csv").exists());
}

#[test]
fn a_long_name_has_a_short_name_in_charts_and_compact_lists() {
    let site = TestSite::fixture("minimal");
    let long = "积石山保安族东乡族撒拉族自治县";
    site.edit(
        "content/counties/alpha.yaml",
        "name: 甲县\n",
        &format!("name: {long}\nshort_name: 积石山县\n"),
    );
    site.build().success();
    let list = site.read("public/counties/index.html");
    let at = list.find("id=\"chart-women-share\"").expect("the ranking");
    let chart = &list[at..];
    let chart = &chart[..chart.find("</section>").expect("section end")];
    let svg = &chart[chart.find("<svg").expect("svg")..chart.find("</svg>").expect("svg end")];
    assert!(
        svg.contains(">积石山县<"),
        "the chart labels with the short name"
    );
    assert!(!svg.contains('…'), "no name is cut");
    let table = &chart[chart.find("<table").expect("table")..];
    assert!(
        table.contains(&format!("<th scope=\"row\">{long}</th>")),
        "tables keep the name"
    );
    let desc = &chart[chart.find("<figcaption>").expect("caption")..];
    assert!(
        !desc.contains("积石山县（") || desc.contains(long),
        "{desc}"
    );
    let home = site.read("public/index.html");
    assert!(home.contains("<span class=\"county-name\">积石山县</span>"));
    let page = site.read("public/counties/alpha/index.html");
    assert!(page.contains(&format!("<title>{long}")) || page.contains(long));

    // A short name that is not shorter is refused.
    site.edit(
        "content/counties/alpha.yaml",
        "short_name: 积石山县",
        "short_name: 积石山保安族东乡族撒拉族自治县",
    );
    site.build()
        .failure(1)
        .stderr_has("is not shorter than the name");
}

/// A change is the difference of the two figures the page shows, everywhere it is stated:
/// now (20 × 46.0 + 20 × 46.1) / 40 = 46.05, shown 46.1; then (43 × 49.1 + 7 × 49.3) / 50 =
/// 49.128, shown 49.1. The card, the chart's caption and the open data all say 3.0 (the exact
/// 3.078 would be 3.1 beside a chart of 46.1 and 49.1).
#[test]
fn a_change_reads_the_same_on_the_card_in_the_chart_and_in_the_data() {
    let site = TestSite::fixture("minimal");
    site.edit(ALPHA, "  average_age: 49.0\n", "  average_age: 49.1\n")
        .edit(
            ALPHA,
            "previous:\n  members: 20\n",
            "previous:\n  members: 43\n",
        )
        .edit(BETA, "  average: 47.0\n", "  average: 46.1\n")
        .edit(BETA, "  average_age: 50.0\n", "  average_age: 49.3\n")
        .edit(
            BETA,
            "previous:\n  members: 20\n",
            "previous:\n  members: 7\n",
        );
    site.build().success();
    let home = site.read("public/index.html");
    let text = home.replace('\u{2060}', "");
    assert!(text.contains("上届为49.1岁，比上届下降3.0岁"), "{text}");
    assert!(!text.contains("下降3.1"), "two values for one change");
    let summary = site.read("public/data/summary.json");
    assert!(
        summary.contains("\"average_age_change\": -3.0"),
        "{summary}"
    );
}
