//! Pages that stay small at any scale: a site of many counties compares them by their
//! distribution and their ends, ranks them in full on pages of their own, and paginates
//! the county list; every figure is recomputed here from the YAML the site was built from.

use std::collections::BTreeMap;

use crate::common::TestSite;

/// The synthetic site of `n` counties, built without images (no font is found).
fn built(n: usize) -> TestSite {
    let site = TestSite::synthetic(n);
    let fonts = tempfile::tempdir().expect("tempdir");
    let fonts = fonts.path().to_string_lossy().into_owned();
    site.run_with_env(&["build"], &[("QINGFENG_FONT_DIRS", &fonts)])
        .success();
    site
}

/// Each county's name and its share of women in percent, rounded to one decimal half up,
/// read from its YAML.
fn women_shares(site: &TestSite, n: usize) -> Vec<(String, f64)> {
    (0..n)
        .map(|i| {
            let yaml: serde_yaml::Value =
                serde_yaml::from_str(&site.read(&format!("content/counties/c{i:04}.yaml")))
                    .expect("yaml");
            let name = yaml["name"].as_str().expect("name").to_string();
            let members = yaml["members"].as_u64().expect("members");
            let women = yaml["women"]["count"].as_u64().expect("women");
            let tenths = (women * 2000 + members) / (2 * members);
            (name, tenths as f64 / 10.0)
        })
        .collect()
}

/// The cells of the table rows after `marker` in `html`, up to the table's end.
fn table_rows(html: &str, marker: &str) -> Vec<Vec<String>> {
    let start = html.find(marker).unwrap_or_else(|| panic!("no {marker}"));
    let body = &html[start..];
    let body = &body[body.find("<tbody>").expect("tbody")..];
    let body = &body[..body.find("</tbody>").expect("end of tbody")];
    body.split("<tr>")
        .skip(1)
        .map(|row| {
            row.split(['<', '>'])
                .enumerate()
                .filter(|(i, _)| i % 2 == 0)
                .map(|(_, t)| t.trim().to_string())
                .filter(|t| !t.is_empty())
                .collect()
        })
        .collect()
}

/// The median, interpolated as usual between the two middle values.
fn median(sorted: &[f64]) -> f64 {
    let n = sorted.len();
    if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    }
}

#[test]
fn many_counties_are_compared_by_distribution_and_ends_and_ranked_in_full() {
    let n = 120;
    let site = built(n);
    let list = site.read("public/counties/index.html");
    // No bar a county: the distribution and the ends instead, each linking the ranking.
    assert!(
        list.contains("chart-women-share-distribution"),
        "no distribution"
    );
    assert!(
        list.contains("chart-women-share-extremes"),
        "no top and bottom ten"
    );
    assert!(
        !list.contains("id=\"chart-women-share\""),
        "the full bar chart is still there"
    );
    assert!(
        list.contains("counties/ranking/women-share/index.html"),
        "no link to the ranking"
    );

    let shares = women_shares(&site, n);
    let mut values: Vec<f64> = shares.iter().map(|(_, v)| *v).collect();
    values.sort_by(f64::total_cmp);
    // The median, marked in the chart and said in its caption.
    let median = format!("中位数{:.1}%", median(&values));
    let dist_at = list
        .find("chart-women-share-distribution")
        .expect("distribution");
    let dist = &list[dist_at..];
    let dist = &dist[..dist.find("</section>").expect("end")];
    assert!(
        dist.matches(&median).count() >= 2,
        "{median} not in the chart and caption"
    );
    // Each bin's count, recounted from the inputs.
    let bins = table_rows(dist, "查看图表数据");
    assert!(bins.len() >= 3, "{bins:?}");
    let mut total = 0;
    for (i, bin) in bins.iter().enumerate() {
        let (from, to) = bin[0].split_once('–').expect("a range");
        let (from, to): (f64, f64) = (from.parse().expect("from"), to.parse().expect("to"));
        let last = i + 1 == bins.len();
        let count = values
            .iter()
            .filter(|v| **v >= from - 1e-9 && (**v < to - 1e-9 || (last && **v <= to + 1e-9)))
            .count();
        assert_eq!(bin[1], count.to_string(), "bin {from}–{to}");
        total += count;
    }
    assert_eq!(total, n, "the bins hold every county");

    // The top and bottom ten, in order, with their values.
    let mut ranked = shares.clone();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
    let ends_at = list.find("chart-women-share-extremes").expect("ends");
    let ends = table_rows(&list[ends_at..], "查看图表数据");
    // Each end stretched over the values (as shown) tied with its tenth, at most ten more.
    let shown = |i: usize| format!("{:.1}", ranked[i].1);
    let mut top = 10;
    while top < n && shown(top) == shown(9) && top < 20 {
        top += 1;
    }
    let mut bottom = n - 10;
    while bottom > top && shown(bottom - 1) == shown(n - 10) && n - bottom < 20 {
        bottom -= 1;
    }
    let expected: Vec<Vec<String>> = ranked
        .iter()
        .enumerate()
        .filter(|(i, _)| *i < top || *i >= bottom)
        .map(|(i, (name, v))| vec![name.clone(), (i + 1).to_string(), format!("{v:.1}")])
        .collect();
    let values_of =
        |rows: &[Vec<String>]| -> Vec<String> { rows.iter().map(|r| r[2].clone()).collect() };
    assert_eq!(
        values_of(&ends),
        values_of(&expected),
        "top and bottom ten, with ties"
    );
    // Each end's place: one more than the counties whose value shows higher.
    for row in &ends {
        let above = ranked
            .iter()
            .filter(|(_, v)| format!("{v:.1}").parse::<f64>().ok() > row[2].parse().ok())
            .count();
        assert_eq!(row[1], (above + 1).to_string(), "{row:?}");
    }
    assert_eq!(ends.len(), expected.len());
    assert!(ends.len() >= 20, "{} rows", ends.len());

    // The ranking page: every county, its rank and value.
    let page = site.read("public/counties/ranking/women-share/index.html");
    let rows = table_rows(&page, "<table");
    assert_eq!(rows.len(), n);
    let by_name: BTreeMap<&str, f64> = shares.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    // Equal values as shown share a place: one more than the values shown above them.
    let shown: Vec<f64> = ranked
        .iter()
        .map(|(_, v)| format!("{v:.1}").parse().expect("a number"))
        .collect();
    let place = |i: usize| 1 + shown.iter().filter(|v| **v > shown[i]).count();
    assert!(
        (1..n).any(|i| place(i) == place(i - 1)),
        "the synthetic site has equal values to rank"
    );
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(row[0], place(i).to_string(), "{row:?}");
        assert_eq!(
            row[2],
            format!("{:.1}", by_name[row[1].as_str()]),
            "{row:?}"
        );
        assert_eq!(row[2], format!("{:.1}", ranked[i].1), "rank {}", i + 1);
    }
    assert!(
        page.contains("data/counties.csv"),
        "the ranking links the CSV"
    );
    let csv = site.read("public/data/charts/compare-women-share.csv");
    assert_eq!(
        csv.lines().count(),
        n + 1,
        "the ranking's CSV has every county"
    );
    for name in ["average-age-change", "township-experience-share"] {
        assert!(
            site.path(&format!("public/counties/ranking/{name}/index.html"))
                .exists(),
            "{name}"
        );
    }
}

/// The size of every HTML page of the output, by its path.
fn page_sizes(site: &TestSite) -> BTreeMap<String, u64> {
    let out = site.path("public");
    walkdir::WalkDir::new(&out)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(&out)
                .expect("inside")
                .to_string_lossy()
                .into_owned();
            (rel, e.metadata().expect("metadata").len())
        })
        .collect()
}

#[test]
fn pages_stay_small_and_the_county_list_is_paginated() {
    let n = 450;
    let site = built(n);
    let sizes = page_sizes(&site);
    let (largest, bytes) = sizes.iter().max_by_key(|(_, b)| **b).expect("pages");
    assert!(*bytes < 300 * 1024, "{largest} is {bytes} bytes");
    assert!(
        sizes["index.html"] < 150 * 1024,
        "home is {} bytes",
        sizes["index.html"]
    );
    // The home page links the list instead of listing every county.
    let home = site.read("public/index.html");
    assert!(
        home.contains(&format!("全部{n}个县（市、区）")),
        "no link to the list"
    );
    assert!(
        !home.contains("counties/c0449/index.html"),
        "the home page lists every county"
    );
    // 100 counties a page, each once, with page links both ways.
    let mut seen = Vec::new();
    for page in 1..=5 {
        let path = if page == 1 {
            "public/counties/index.html".to_string()
        } else {
            format!("public/counties/page/{page}/index.html")
        };
        let html = site.read(&path);
        let rows = table_rows(&html, "county-table");
        assert_eq!(rows.len(), if page == 5 { 50 } else { 100 }, "{path}");
        seen.extend(rows.into_iter().map(|r| r[0].clone()));
        assert!(html.contains(&format!("第{page}页，共5页")), "{path}");
        assert_eq!(html.contains("rel=\"prev\""), page > 1, "{path}");
        assert_eq!(html.contains("rel=\"next\""), page < 5, "{path}");
    }
    assert_eq!(seen.len(), n);
    assert!(!site.path("public/counties/page/6/index.html").exists());
}

#[test]
fn few_counties_keep_one_bar_a_county_unless_the_setting_says_fewer() {
    let site = TestSite::synthetic(30);
    site.build().success();
    let list = site.read("public/counties/index.html");
    assert!(
        list.contains("id=\"chart-women-share\""),
        "the bar chart is gone"
    );
    assert!(
        !list.contains("distribution"),
        "a distribution at 30 counties"
    );
    assert!(!site.path("public/counties/ranking").exists());
    // A lower threshold switches to the distribution.
    let toml = site.read("site.toml");
    site.write("site.toml", &format!("{toml}\n[compare]\nmax_bars = 20\n"));
    site.build().success();
    let list = site.read("public/counties/index.html");
    assert!(
        list.contains("chart-women-share-distribution"),
        "max_bars is ignored"
    );
    assert!(
        site.path("public/counties/ranking/women-share/index.html")
            .exists()
    );
}

#[test]
fn the_smallest_bounds_still_make_a_whole_site() {
    // Two counties, a bar each at most, one a page: the distribution, the ends (one each),
    // two list pages linking each other, the rankings; every link of the site resolves.
    let site = TestSite::fixture("minimal");
    let toml = site.read("site.toml");
    site.write(
        "site.toml",
        &format!("{toml}\n[compare]\nmax_bars = 1\nper_page = 1\n"),
    );
    site.build().success();
    let first = site.read("public/counties/index.html");
    assert!(
        first.contains("chart-women-share-distribution"),
        "no distribution"
    );
    assert!(first.contains("第1页，共2页"), "no pager");
    let second = site.read("public/counties/page/2/index.html");
    assert!(second.contains("rel=\"prev\" ") || second.contains("rel=\"prev\">"));
    assert!(
        !second.contains("chart-women-share"),
        "comparisons on the second page"
    );
    let ranking = site.read("public/counties/ranking/women-share/index.html");
    assert_eq!(table_rows(&ranking, "<table").len(), 2);
    let home = site.read("public/index.html");
    assert!(
        home.contains("全部2个县（市、区）"),
        "the home page does not link the list"
    );
    // `check` follows every link of the built site.
    site.run(&["check"]).success();
    // Zero is refused with the key named.
    site.write("site.toml", &format!("{toml}\n[compare]\nper_page = 0\n"));
    site.build()
        .failure(1)
        .stderr_has("[compare] per_page must be at least 1");
}

/// The distribution's median is computed from the counts and rounded once: 3 of 20 women
/// (15%) and 3 of 21 (14.2857…%) have a median of 14.64…%, written 14.6%; the mean of the
/// one-decimal shares 15.0 and 14.3 would be 14.65, written 14.7.
#[test]
fn the_distribution_s_median_is_computed_from_the_counts() {
    let site = TestSite::fixture("minimal");
    let toml = site.read("site.toml");
    site.write("site.toml", &format!("{toml}\n[compare]\nmax_bars = 1\n"));
    let beta = "content/counties/beta.yaml";
    site.edit(beta, "members: 20\n", "members: 21\n")
        .edit(beta, "from_51: 5\n", "from_51: 6\n")
        .edit(beta, "below_college: 1\n", "below_college: 2\n")
        .edit("content/city.yaml", "members: 40\n", "members: 41\n");
    site.build().success();
    let csv = site.read("public/data/charts/compare-women-share.csv");
    assert!(csv.contains("14.3") && csv.contains("15.0"), "{csv}");
    let list = site.read("public/counties/index.html");
    assert!(
        list.contains("2个县（市、区）的女干部占比：中位数14.6%，中间一半在14.5%至14.8%之间；"),
        "{}",
        list.split("女干部占比：中位数")
            .nth(1)
            .and_then(|s| s.get(..80))
            .unwrap_or("no distribution")
    );
}

/// A theme made before ranking pages existed has no `ranking.html`: past `max_bars` the
/// site still builds, with the built-in ranking filling the theme's `base.html`; `check`
/// follows every link. (A `base.html` without those blocks gets a page of its own: see
/// the unit test in `render`.)
#[test]
fn a_theme_without_a_ranking_template_falls_back_to_the_built_in_one() {
    let site = TestSite::fixture("minimal");
    let toml = site.read("site.toml");
    site.write("site.toml", &format!("{toml}\n[compare]\nmax_bars = 1\n"));
    std::fs::remove_file(site.path("themes/default/templates/ranking.html")).expect("remove");
    site.build().success();
    let ranking = site.read("public/counties/ranking/women-share/index.html");
    let rows = table_rows(&ranking, "<table");
    assert_eq!(rows.len(), 2, "every county a row");
    assert!(
        rows.iter().any(|r| r.iter().any(|c| c == "甲县")),
        "{rows:?}"
    );
    assert!(
        ranking.contains("class=\"masthead"),
        "the fallback does not fill the theme's base.html"
    );
    site.run(&["check"]).success();
}
