//! A second, differently shaped site (`tests/fixtures/second-city`): ten divisions of a
//! made-up city, a district without a previous term, two counties without women (a tie),
//! a county that leaves an optional count out, a long name with a short name, a four-item
//! category map with the editor's own labels. Every number checked on its pages is
//! recomputed here from the YAML, independently of qingfeng's model code.

use serde_json::Value;

use crate::common::TestSite;

/// One county's figures, read straight from its YAML.
#[derive(Debug)]
struct County {
    name: String,
    short_name: Option<String>,
    slug: String,
    members: u64,
    women: u64,
    college: u64,
    average_tenths: u64,
    ethnic_minority: Option<u64>,
    previous: Option<Previous>,
}

#[derive(Debug)]
struct Previous {
    members: u64,
    average_tenths: u64,
    women: u64,
}

fn read_counties(site: &TestSite) -> Vec<County> {
    let dir = site.path("content/counties");
    let mut out = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("counties")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    for path in files {
        let v: Value =
            serde_yaml::from_str(&std::fs::read_to_string(&path).expect("read")).expect("yaml");
        let n = |p: &str| -> u64 {
            p.split('.')
                .try_fold(&v, |v, k| v.get(k))
                .and_then(Value::as_u64)
                .unwrap_or_else(|| panic!("{p} in {}", path.display()))
        };
        let tenths = |x: &Value| (x.as_f64().expect("age") * 10.0).round() as u64;
        let education = ["postgraduate", "undergraduate", "college"]
            .iter()
            .map(|k| n(&format!("education.{k}")))
            .sum();
        out.push(County {
            name: v["name"].as_str().expect("name").to_string(),
            short_name: v
                .get("short_name")
                .and_then(Value::as_str)
                .map(str::to_string),
            slug: v["slug"].as_str().expect("slug").to_string(),
            members: n("members"),
            women: n("women.count"),
            college: education,
            average_tenths: tenths(&v["age"]["average"]),
            ethnic_minority: v.get("ethnic_minority").and_then(Value::as_u64),
            previous: v.get("previous").map(|p| Previous {
                members: p["members"].as_u64().expect("previous members"),
                average_tenths: tenths(&p["average_age"]),
                women: p["women"].as_u64().expect("previous women"),
            }),
        });
    }
    out
}

/// A share in percent with one decimal, rounded half up in whole numbers.
fn share(count: u64, whole: u64) -> String {
    let tenths = (count * 2000 + whole) / (2 * whole);
    format!("{}.{}%", tenths / 10, tenths % 10)
}

/// One decimal, rounded half away from zero, as the site prints changes.
fn one_decimal(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// "提高1.2个百分点", "下降0.4个百分点", "持平".
fn points(change: f64) -> String {
    let c = one_decimal(change);
    if c == 0.0 {
        "持平".into()
    } else if c > 0.0 {
        format!("提高{c:.1}个百分点")
    } else {
        format!("下降{:.1}个百分点", -c)
    }
}

/// A number kept with its unit on the page.
fn nb(text: &str) -> String {
    format!("<span class=\"nb\">{text}</span>")
}

fn site() -> TestSite {
    let site = TestSite::fixture("second-city");
    site.build().success();
    site
}

#[test]
fn every_county_page_shows_its_own_figures_and_changes() {
    let site = site();
    for c in read_counties(&site) {
        let page = site.read(&format!("public/counties/{}/index.html", c.slug));
        let women = format!(
            "<dt>女干部</dt><dd>{}，占{}",
            nb(&format!("{}名", c.women)),
            nb(&share(c.women, c.members))
        );
        assert!(page.contains(&women), "{}: {women}", c.slug);
        let college = format!(
            "<dt>大专以上学历</dt><dd>{}，占{}",
            nb(&format!("{}名", c.college)),
            nb(&share(c.college, c.members))
        );
        assert!(page.contains(&college), "{}: {college}", c.slug);
        match &c.previous {
            Some(p) => {
                // A change is the difference of the two shares as shown.
                let change = one_decimal(c.women as f64 * 100.0 / c.members as f64)
                    - one_decimal(p.women as f64 * 100.0 / p.members as f64);
                let line = format!("比上届{}", points(change));
                let at = page.find(&women).expect("women");
                let dd = &page[at..at + page[at..].find("</dd>").expect("dd end")];
                assert!(dd.contains(&line), "{}: {dd} lacks {line}", c.slug);
            }
            None => assert!(!page.contains("上届"), "{} has no previous term", c.slug),
        }
        match c.ethnic_minority {
            Some(n) => assert!(
                page.contains(&format!(
                    "<dt>少数民族干部</dt><dd>{}，占{}</dd>",
                    nb(&format!("{n}名")),
                    nb(&share(n, c.members))
                )),
                "{}",
                c.slug
            ),
            None => assert!(!page.contains("少数民族干部"), "{} leaves it out", c.slug),
        }
    }
}

#[test]
fn the_city_totals_and_changes_are_over_the_right_counties() {
    let site = site();
    let counties = read_counties(&site);
    let summary: Value =
        serde_json::from_str(&site.read("public/data/summary.json")).expect("summary");
    let city = &summary["city"];
    let members: u64 = counties.iter().map(|c| c.members).sum();
    let women: u64 = counties.iter().map(|c| c.women).sum();
    assert_eq!(city["members"], members);
    assert_eq!(city["women"], women);
    assert_eq!(
        format!("{:.1}%", city["shares"]["women"].as_f64().expect("share")),
        share(women, members)
    );
    // One county leaves ethnic_minority out: the city's total is unknown, not a sum.
    assert!(counties.iter().any(|c| c.ethnic_minority.is_none()));
    assert_eq!(city["ethnic_minority"], Value::Null);

    // Changes: over the counties with a previous term, those counties now against then.
    let with: Vec<&County> = counties.iter().filter(|c| c.previous.is_some()).collect();
    assert!(with.len() < counties.len());
    let prev = |f: &dyn Fn(&Previous) -> u64| -> u64 {
        with.iter().filter_map(|c| c.previous.as_ref()).map(f).sum()
    };
    let now_m: u64 = with.iter().map(|c| c.members).sum();
    let now_w: u64 = with.iter().map(|c| c.women).sum();
    let now_age: u64 = with.iter().map(|c| c.average_tenths * c.members).sum();
    let then_m = prev(&|p| p.members);
    let then_w = prev(&|p| p.women);
    let then_age = prev(&|p| p.average_tenths * p.members);
    let age_change = one_decimal(
        one_decimal(now_age as f64 / now_m as f64 / 10.0)
            - one_decimal(then_age as f64 / then_m as f64 / 10.0),
    );
    assert_eq!(city["changes"]["average_age"].as_f64(), Some(age_change));
    assert_eq!(city["changes_over"], with.len());
    assert_eq!(
        city["average_age_previous"],
        Value::Null,
        "not compared unlike with unlike"
    );
    let women_change = now_w as f64 * 100.0 / now_m as f64 - then_w as f64 * 100.0 / then_m as f64;

    let home = site.read("public/index.html");
    let over = format!("{}个县（市、区）比上届", with.len());
    let age_words = if age_change < 0.0 {
        format!("下降{:.1}岁", -age_change)
    } else {
        format!("上升{age_change:.1}岁")
    };
    assert!(
        home.contains(&format!("{over}{age_words}")),
        "{over}{age_words}"
    );
    assert!(home.contains(&format!("{over}{}", points(women_change))));
    let all_age: u64 = counties.iter().map(|c| c.average_tenths * c.members).sum();
    let average = one_decimal(all_age as f64 / members as f64 / 10.0);
    assert!(
        home.contains(&format!("{average:.1}")),
        "average age {average:.1}"
    );
}

#[test]
fn charts_name_ties_short_names_and_every_category() {
    let site = site();
    let counties = read_counties(&site);
    // The city's charts are on the home page, the comparisons on the list of counties.
    let pages = site.read("public/index.html") + &site.read("public/counties/index.html");
    let section = |id: &str| -> String {
        let at = pages
            .find(&format!("id=\"chart-{id}\""))
            .unwrap_or_else(|| panic!("{id}"));
        let rest = &pages[at..];
        rest[..rest.find("</section>").expect("end")].to_string()
    };
    // The lowest women's share is shared: named as a tie.
    let lowest = counties
        .iter()
        .map(|c| share(c.women, c.members))
        .min_by(|a, b| {
            a.trim_end_matches('%')
                .parse::<f64>()
                .unwrap_or(0.0)
                .total_cmp(&b.trim_end_matches('%').parse::<f64>().unwrap_or(0.0))
        })
        .expect("counties");
    let tied: Vec<&str> = counties
        .iter()
        .filter(|c| share(c.women, c.members) == lowest)
        .map(|c| c.name.as_str())
        .collect();
    assert!(tied.len() > 1, "the fixture has a tie");
    let ranking = section("women-share");
    let caption = format!("{}并列最低（{lowest}）", tied.join("、"));
    assert!(ranking.contains(&caption), "{caption} not in {ranking}");

    // A long name: the short name in the chart, the full name in its table.
    let long = counties
        .iter()
        .find(|c| c.short_name.is_some())
        .expect("a short name");
    let short = long.short_name.as_deref().unwrap_or_default();
    assert!(ranking.contains(&format!(">{short}<")));
    assert!(ranking.contains(&format!("<th scope=\"row\">{}</th>", long.name)));

    // The category map: every category, the editor's labels, in the editor's order.
    let city: Value = serde_yaml::from_str(&site.read("content/city.yaml")).expect("city.yaml");
    let origins = city["young_cadres"]["origins"].as_array().expect("origins");
    let total: u64 = origins
        .iter()
        .map(|o| o["count"].as_u64().expect("count"))
        .sum();
    let chart = section("young-cadres");
    let mut last = 0;
    for o in origins {
        let label = o["label"].as_str().expect("label");
        let count = o["count"].as_u64().expect("count");
        let row = format!(
            "<th scope=\"row\">{label}</th><td>{count}</td><td>{}</td>",
            share(count, total)
        );
        let at = chart.find(&row).unwrap_or_else(|| panic!("{row}"));
        assert!(at > last, "{label} out of order");
        last = at;
    }
}

#[test]
fn a_narrative_s_figures_are_its_county_s() {
    let site = site();
    let counties = read_counties(&site);
    let qinghe = counties
        .iter()
        .find(|c| c.slug == "qinghe")
        .expect("qinghe");
    let page = site.read("public/counties/qinghe/index.html");
    let p = qinghe.previous.as_ref().expect("previous");
    let change = one_decimal((qinghe.average_tenths as f64 - p.average_tenths as f64) / 10.0);
    let text = format!(
        "女干部{}名，占{}；\n平均年龄{:.1}岁，比上届{}{:.1}岁",
        qinghe.women,
        share(qinghe.women, qinghe.members),
        qinghe.average_tenths as f64 / 10.0,
        if change < 0.0 { "下降" } else { "上升" },
        change.abs()
    );
    let flat = page.replace('\n', "");
    assert!(flat.contains(&text.replace('\n', "")), "{text}");
}

#[test]
fn a_page_bundle_s_image_and_links_work_from_its_page() {
    let site = site();
    let page = site.read("public/articles/visit/index.html");
    assert!(page.contains("src=\"photo.png\""), "{page}");
    assert_eq!(
        std::fs::read(site.path("public/articles/visit/photo.png")).expect("copied"),
        std::fs::read(site.path("content/articles/visit/photo.png")).expect("source")
    );
    assert!(page.contains("href=\"../../counties/jishishan/index.html\""));
    assert!(page.contains("href=\"../review/index.html\""));
    site.run(&["check"]).success();
}

#[test]
fn a_two_item_category_map_with_the_editor_s_labels() {
    let site = TestSite::fixture("second-city");
    let city = site.read("content/city.yaml");
    let start = city.find("  total: 24").expect("total");
    let end = city.find("sections:").expect("sections");
    site.write(
        "content/city.yaml",
        &format!(
            "{}  total: 7\n  origins:\n    - {{ key: villages, label: 村（社区）书记, count: 4 }}\n    - {{ key: colleges, label: 高校, count: 3 }}\n{}",
            &city[..start],
            &city[end..]
        ),
    );
    site.build().success();
    let home = site.read("public/index.html");
    for (label, count, share) in [("村（社区）书记", 4, "57.1%"), ("高校", 3, "42.9%")] {
        assert!(
            home.contains(&format!(
                "<th scope=\"row\">{label}</th><td>{count}</td><td>{share}</td>"
            )),
            "{label}"
        );
    }
}
