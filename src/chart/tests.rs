//! Tests of the chart module: the default `charts.toml` over representative and edge-case
//! subjects, snapshots of one chart per kind, tables, determinism, palette and parse errors.

use serde_json::{Value, json};

use super::svg_check::assert_layout;
use super::*;

const DEFAULT_CHARTS: &str = include_str!("../../themes/default/charts.toml");

const LINFEN: [&str; 17] = [
    "尧都区",
    "侯马市",
    "霍州市",
    "曲沃县",
    "翼城县",
    "襄汾县",
    "洪洞县",
    "古县",
    "安泽县",
    "浮山县",
    "吉县",
    "乡宁县",
    "大宁县",
    "隰县",
    "永和县",
    "蒲县",
    "汾西县",
];

fn specs() -> Vec<ChartSpec> {
    parse_specs(DEFAULT_CHARTS).expect("default charts.toml parses")
}

/// A county summary object like `data/summary.json`, with the figures the charts read.
fn county(name: &str, slug: &str) -> Value {
    json!({
        "slug": slug, "name": name, "kind": "区",
        "members": 30,
        "age_bands": { "up_to_35": 1, "from_36_to_40": 3, "from_41_to_45": 6,
                       "from_46_to_50": 10, "from_51": 10 },
        "education": { "postgraduate": 6, "undergraduate": 18, "college": 6, "below_college": 0 },
        "women": 4, "women_principal": 1, "non_party": 3,
        "township_principal_experience": 11, "local_cadres": 4, "party_government_team": 18,
        "average_age": 45.6, "average_age_previous": 48.4, "average_age_change": -2.8,
        "shares": { "women": 13.3, "township_principal_experience": 36.7 }
    })
}

fn city() -> Value {
    let mut c = county("临汾市", "ignored");
    let object = c.as_object_mut().expect("object");
    object.remove("slug");
    object.insert("members".into(), json!(445));
    object.insert(
        "age_bands".into(),
        json!({ "up_to_35": 20, "from_36_to_40": 61, "from_41_to_45": 110,
                "from_46_to_50": 150, "from_51": 104 }),
    );
    object.insert(
        "education".into(),
        json!({ "postgraduate": 90, "undergraduate": 270, "college": 81, "below_college": 4 }),
    );
    object.insert("women".into(), json!(52));
    object.insert("promoted".into(), json!(120));
    object.insert("promoted_from_county".into(), json!(95));
    object.insert("promoted_other".into(), json!(25));
    object.insert("promoted_township_principals".into(), json!(40));
    object.insert(
        "young_cadres".into(),
        json!({ "township_principals": 9, "county_units": 5, "city_organs": 16 }),
    );
    c
}

fn zero_county() -> Value {
    json!({
        "slug": "zero", "name": "零县", "members": 0,
        "age_bands": { "up_to_35": 0, "from_36_to_40": 0, "from_41_to_45": 0,
                       "from_46_to_50": 0, "from_51": 0 },
        "education": { "postgraduate": 0, "undergraduate": 0, "college": 0, "below_college": 0 },
        "women": 0, "women_principal": 0, "non_party": 0,
        "township_principal_experience": 0, "local_cadres": 0, "party_government_team": 0,
        "average_age": 0.0, "average_age_previous": null, "average_age_change": null,
        "shares": { "women": 0.0, "township_principal_experience": 0.0 }
    })
}

fn one_member_county() -> Value {
    json!({
        "slug": "one", "name": "额尔古纳市某某自治县", "members": 1,
        "age_bands": { "up_to_35": 0, "from_36_to_40": 1, "from_41_to_45": 0,
                       "from_46_to_50": 0, "from_51": 0 },
        "education": { "postgraduate": 1, "undergraduate": 0, "college": 0, "below_college": 0 },
        "women": 1, "women_principal": 1, "non_party": 0,
        "township_principal_experience": 1, "local_cadres": 1, "party_government_team": 1,
        "average_age": 38.0,
        "shares": { "women": 100.0, "township_principal_experience": 100.0 }
    })
}

/// 17 counties with different figures; some names long.
fn counties(long_names: bool) -> Vec<Value> {
    LINFEN
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let name = match (long_names, i) {
                (true, 3) => "额尔古纳市某某自治县".to_string(),
                (true, 9) => "鄂温克族自治旗某某某某某某某某某某某某某某某某".to_string(),
                (true, 12) => "Ulaanbaatar Khan-Uul".to_string(),
                _ => (*name).to_string(),
            };
            let mut c = county(&name, &format!("c{i}"));
            let k = i as f64;
            c["average_age"] = json!(43.0 + (k * 7.0) % 6.0);
            c["average_age_change"] = json!(((k * 5.0) % 7.0) - 4.0);
            c["shares"]["women"] = json!((k * 3.7) % 25.0);
            c["shares"]["township_principal_experience"] = json!(20.0 + (k * 11.0) % 60.0);
            c
        })
        .collect()
}

fn equal_counties() -> Vec<Value> {
    LINFEN.iter().map(|n| county(n, "x")).collect()
}

fn spec(id: &str, scope: Scope) -> ChartSpec {
    specs()
        .into_iter()
        .find(|s| s.id == id && s.scope == scope)
        .unwrap_or_else(|| panic!("no chart {id}"))
}

#[test]
fn every_default_chart_lays_out_for_every_subject() {
    let palette = Palette::default();
    let singles = [
        ("county", county("尧都区", "yaodu")),
        ("zero", zero_county()),
        ("one member, long name, no previous", one_member_county()),
        ("city", city()),
    ];
    let comparisons = [
        ("17 counties", counties(false)),
        ("17 long names", counties(true)),
        ("all equal", equal_counties()),
        ("one county", vec![county("古县", "gu")]),
        ("none", vec![]),
        ("zeros", vec![zero_county(), zero_county()]),
    ];
    let mut drawn = 0;
    for spec in specs() {
        match spec.scope {
            Scope::County | Scope::City => {
                for (name, subject) in &singles {
                    if spec.scope == Scope::County && *name == "city" {
                        continue;
                    }
                    if spec.scope == Scope::City && *name != "city" {
                        continue;
                    }
                    let chart = draw_one(&spec, subject, &palette).expect("draws");
                    assert_layout(&chart.svg, &format!("{} / {name}", spec.id));
                    assert!(!chart.desc.is_empty());
                    drawn += 1;
                }
            }
            Scope::Comparison => {
                for (name, list) in &comparisons {
                    let chart = draw_comparison(&spec, list, &palette).expect("draws");
                    assert_layout(&chart.svg, &format!("{} / {name}", spec.id));
                    assert_eq!(chart.table.rows.len(), list.len());
                    drawn += 1;
                }
            }
        }
    }
    assert!(drawn > 30, "only {drawn} charts drawn");
}

#[test]
fn snapshot_bars() {
    let chart = draw_one(
        &spec("age-bands", Scope::County),
        &county("尧都区", "yaodu"),
        &Palette::default(),
    )
    .expect("draws");
    insta::assert_snapshot!(format!(
        "{}\n\n{}\n{}",
        chart.desc,
        chart.table.to_csv(),
        chart.svg
    ));
}

#[test]
fn snapshot_share() {
    let chart = draw_one(
        &spec("composition", Scope::County),
        &county("尧都区", "yaodu"),
        &Palette::default(),
    )
    .expect("draws");
    insta::assert_snapshot!(format!(
        "{}\n\n{}\n{}",
        chart.desc,
        chart.table.to_csv(),
        chart.svg
    ));
}

#[test]
fn snapshot_compare() {
    let chart = draw_one(
        &spec("average-age", Scope::County),
        &county("尧都区", "yaodu"),
        &Palette::default(),
    )
    .expect("draws");
    insta::assert_snapshot!(format!(
        "{}\n\n{}\n{}",
        chart.desc,
        chart.table.to_csv(),
        chart.svg
    ));
}

#[test]
fn snapshot_ranking() {
    let list: Vec<Value> = counties(false).into_iter().take(5).collect();
    let chart = draw_comparison(
        &spec("women-share", Scope::Comparison),
        &list,
        &Palette::default(),
    )
    .expect("draws");
    insta::assert_snapshot!(format!(
        "{}\n\n{}\n{}",
        chart.desc,
        chart.table.to_csv(),
        chart.svg
    ));
}

#[test]
fn snapshot_dumbbell() {
    let list: Vec<Value> = counties(false).into_iter().take(5).collect();
    let chart = draw_comparison(
        &spec("average-age-change", Scope::Comparison),
        &list,
        &Palette::default(),
    )
    .expect("draws");
    insta::assert_snapshot!(format!(
        "{}\n\n{}\n{}",
        chart.desc,
        chart.table.to_csv(),
        chart.svg
    ));
}

/// A comparison of counties none of which gives a previous term has no previous dot or
/// change in its legend.
#[test]
fn a_comparison_without_previous_terms_has_no_previous_in_its_legend() {
    let mut list: Vec<Value> = counties(false).into_iter().take(5).collect();
    for c in &mut list {
        c["average_age_previous"] = Value::Null;
        c["average_age_change"] = Value::Null;
    }
    let spec = spec("average-age-change", Scope::Comparison);
    let chart = draw_comparison(&spec, &list, &Palette::default()).expect("draws");
    assert!(chart.svg.contains("qf-legend"), "{}", chart.svg);
    assert!(!chart.svg.contains("上届</text>"), "{}", chart.svg);
    assert!(!chart.svg.contains("括号内"), "{}", chart.svg);
    // With one county's previous term, the legend is whole.
    list[0]["average_age_previous"] = json!(48.0);
    list[0]["average_age_change"] = json!(-2.0);
    let chart = draw_comparison(&spec, &list, &Palette::default()).expect("draws");
    assert!(
        chart.svg.contains("括号内为与上届相比的变化"),
        "{}",
        chart.svg
    );
}

/// Each item's value (and only the items) appear in the table, by label.
#[test]
fn tables_hold_exactly_the_input_numbers() {
    let subject = county("尧都区", "yaodu");
    for spec in specs().into_iter().filter(|s| s.scope == Scope::County) {
        let chart = draw_one(&spec, &subject, &Palette::default()).expect("draws");
        let items = match &spec.kind {
            ChartKind::Bars { items, .. } | ChartKind::Compare { items } => items,
            ChartKind::Share { items, .. } => items,
            _ => continue,
        };
        let item_rows: Vec<&Vec<String>> = chart
            .table
            .rows
            .iter()
            .filter(|r| items.iter().any(|i| i.label == r[0]))
            .collect();
        assert_eq!(item_rows.len(), items.len(), "{}", spec.id);
        for item in items {
            let row = item_rows.iter().find(|r| r[0] == item.label).expect("row");
            let expected = values::number(&spec, &subject, &item.field).expect("number");
            let cell: f64 = row[1].parse().expect("numeric cell");
            assert!(
                (cell - expected).abs() < 1e-9,
                "{}: {} {cell} != {expected}",
                spec.id,
                item.field
            );
        }
    }
    // share rows carry count / whole
    let chart = draw_one(
        &spec("composition", Scope::County),
        &subject,
        &Palette::default(),
    )
    .expect("draws");
    // share rows carry count / share / the whole it is of
    assert_eq!(
        chart.table.rows[0],
        ["班子成员", "30", "100.0%", "班子成员30人"]
    );
    assert_eq!(
        chart.table.rows[1],
        ["女干部", "4", "13.3%", "班子成员30人"]
    );
    assert_eq!(
        chart.table.rows[2],
        ["其中党政正职", "1", "25.0%", "女干部4人"]
    );
    assert_eq!(
        chart.table.rows[5],
        ["党政班子中的本地干部", "4", "22.2%", "党政班子18人"]
    );
    assert!(
        chart.desc.contains("女干部4人中，党政正职1人，占25.0%")
            && chart.desc.contains("党政班子18人中，本地干部4人，占22.2%"),
        "every share says what it is of: {}",
        chart.desc
    );
    // comparisons: one row per county, the value as drawn, sorted descending
    let list = counties(false);
    let chart = draw_comparison(
        &spec("women-share", Scope::Comparison),
        &list,
        &Palette::default(),
    )
    .expect("draws");
    let drawn: Vec<f64> = chart
        .table
        .rows
        .iter()
        .map(|r| r[1].parse().expect("number"))
        .collect();
    assert!(drawn.windows(2).all(|w| w[0] >= w[1]), "{drawn:?}");
    for county in &list {
        let name = county["name"].as_str().expect("name");
        let row = chart.table.rows.iter().find(|r| r[0] == name).expect("row");
        let value = county["shares"]["women"].as_f64().expect("number");
        assert_eq!(row[1], format::fixed(value, 1));
    }
}

#[test]
fn null_previous_draws_only_the_current_value() {
    let mut subject = county("尧都区", "yaodu");
    subject["average_age_previous"] = Value::Null;
    let chart = draw_one(
        &spec("average-age", Scope::County),
        &subject,
        &Palette::default(),
    )
    .expect("draws");
    assert_eq!(
        chart.table.rows,
        vec![vec!["本届".to_string(), "45.6".to_string()]]
    );
    assert!(!chart.svg.contains("上届</text>"));
    assert_eq!(chart.desc, "本届平均年龄为45.6岁（无往届数据）。");
}

/// Only some counties gave the previous term: the chart says so rather than "no previous
/// data", as the card beside it gives the change over those counties.
#[test]
fn a_previous_term_given_by_only_some_counties_is_named_as_such() {
    let mut subject = county("尧都区", "yaodu");
    subject["average_age_previous"] = Value::Null;
    subject["changes_over"] = serde_json::json!(30);
    let chart = draw_one(
        &spec("average-age", Scope::County),
        &subject,
        &Palette::default(),
    )
    .expect("draws");
    assert_eq!(
        chart.desc,
        "本届平均年龄为45.6岁（仅30个县（市、区）有往届数据，不作整体比较）。"
    );
}

#[test]
fn descriptions_read_as_sentences() {
    let subject = county("尧都区", "yaodu");
    let palette = Palette::default();
    let desc = |id: &str| {
        draw_one(&spec(id, Scope::County), &subject, &palette)
            .expect("draws")
            .desc
    };
    assert_eq!(
        desc("age-bands"),
        "班子成员中，46–50岁、51岁以上的最多，各10人，各占33.3%。各项占比经四舍五入，合计为99.9%。"
    );
    assert_eq!(
        desc("education"),
        "班子成员中，本科的最多，共18人，占60.0%。"
    );
    // Shares that, rounded, add up to more or less than 100%: the caption says so.
    let mut thirds = subject.clone();
    thirds["education"] =
        json!({"postgraduate": 1, "undergraduate": 1, "college": 1, "below_college": 0});
    let chart = draw_one(&spec("education", Scope::County), &thirds, &palette).expect("draws");
    assert!(
        chart.desc.ends_with("各项占比经四舍五入，合计为99.9%。"),
        "{}",
        chart.desc
    );
    assert!(!desc("education").contains("四舍五入"));
    // Every category at one value: none is called the most.
    let mut even = subject.clone();
    even["education"] =
        json!({"postgraduate": 5, "undergraduate": 5, "college": 5, "below_college": 5});
    even["members"] = json!(20);
    let chart = draw_one(&spec("education", Scope::County), &even, &palette).expect("draws");
    assert!(
        chart.desc.contains("均为5人，各占25.0%。"),
        "{}",
        chart.desc
    );
    assert!(!chart.desc.contains("最多"), "{}", chart.desc);
    assert_eq!(
        desc("average-age"),
        "本届平均年龄为45.6岁，上届为48.4岁，比上届下降2.8岁。"
    );
    let equal = draw_comparison(
        &spec("women-share", Scope::Comparison),
        &equal_counties(),
        &palette,
    )
    .expect("draws");
    assert_eq!(equal.desc, "17个县（市、区）的女干部占比均为13.3%。");
}

#[test]
fn ids_follow_the_subject() {
    let palette = Palette::default();
    let s = spec("age-bands", Scope::County);
    let a = draw_one(&s, &county("尧都区", "yaodu"), &palette).expect("draws");
    assert!(
        a.svg
            .contains("<title id=\"qf-yaodu-age-bands-title\">年龄结构</title>")
    );
    assert!(
        a.svg
            .contains("aria-labelledby=\"qf-yaodu-age-bands-title\"")
    );
    let c = draw_one(&spec("age-bands", Scope::City), &city(), &palette).expect("draws");
    assert!(c.svg.contains("id=\"qf-city-age-bands-desc\""));
}

#[test]
fn drawing_is_deterministic() {
    let palette = Palette::default();
    let list = counties(true);
    for spec in specs() {
        let (a, b) = match spec.scope {
            Scope::Comparison => (
                draw_comparison(&spec, &list, &palette).expect("draws"),
                draw_comparison(&spec, &list, &palette).expect("draws"),
            ),
            Scope::County => (
                draw_one(&spec, &list[0], &palette).expect("draws"),
                draw_one(&spec, &list[0], &palette).expect("draws"),
            ),
            Scope::City => (
                draw_one(&spec, &city(), &palette).expect("draws"),
                draw_one(&spec, &city(), &palette).expect("draws"),
            ),
        };
        assert_eq!(a.svg, b.svg);
        assert_eq!(a.table.to_csv(), b.table.to_csv());
        assert_eq!(a.desc, b.desc);
    }
}

#[test]
fn default_palette_contrast() {
    let white = Rgb::new(255, 255, 255);
    let palette = Palette::default();
    assert!(contrast_ratio(palette.text, white) >= 4.5);
    // bars and dots are graphics: WCAG 1.4.11 asks for 3:1
    for color in &palette.series {
        assert!(contrast_ratio(*color, white) >= 3.0, "{}", color.hex());
    }
    assert!(contrast_ratio(palette.axis, white) >= 3.0);
    assert!((contrast_ratio(Rgb::new(0, 0, 0), white) - 21.0).abs() < 1e-9);
    assert!((contrast_ratio(white, white) - 1.0).abs() < 1e-9);
}

#[test]
fn palette_from_colors() {
    let p = Palette::from_colors(&["#112233".to_string(), "#aabbcc".to_string()]).expect("ok");
    assert_eq!(
        p.series,
        vec![Rgb::new(0x11, 0x22, 0x33), Rgb::new(0xAA, 0xBB, 0xCC)]
    );
    assert_eq!(p.color(3), Rgb::new(0xAA, 0xBB, 0xCC));
    for bad in ["112233", "#12345", "#12345g", "#1122334"] {
        assert!(matches!(
            Palette::from_colors(&[bad.to_string()]),
            Err(ChartError::Palette { .. })
        ));
    }
    assert!(Palette::from_colors(&[]).is_err());
}

#[test]
fn missing_and_non_numeric_fields_name_chart_and_path() {
    let palette = Palette::default();
    let mut subject = county("尧都区", "yaodu");
    subject["age_bands"]
        .as_object_mut()
        .expect("object")
        .remove("up_to_35");
    let err = draw_one(&spec("age-bands", Scope::County), &subject, &palette).expect_err("missing");
    assert_eq!(
        err.to_string(),
        "chart `age-bands`: field `age_bands.up_to_35` is missing in `尧都区`"
    );
    let mut list = counties(false);
    list[2]["shares"]["women"] = json!("13%");
    let err = draw_comparison(&spec("women-share", Scope::Comparison), &list, &palette)
        .expect_err("not a number");
    assert!(
        matches!(&err, ChartError::NotNumeric { chart, field, .. }
        if chart == "women-share" && field == "shares.women"),
        "{err}"
    );
    let err =
        draw_one(&spec("women-share", Scope::Comparison), &list[0], &palette).expect_err("scope");
    assert!(matches!(err, ChartError::WrongScope { .. }));
}

#[track_caller]
fn parse_error(text: &str) -> (String, Option<usize>) {
    let err = parse_specs(text).expect_err("should fail");
    (err.to_string(), err.offset())
}

#[test]
fn charts_toml_errors_name_the_chart_and_place() {
    let text = "[[chart]]\nid = \"pie\"\ntitle = \"饼\"\nscope = \"county\"\nkind = \"pie\"\n";
    let (msg, at) = parse_error(text);
    assert!(msg.contains("chart `pie`: unknown kind `pie`"), "{msg}");
    assert_eq!(at, text.rfind("\"pie\""));

    let text = "[[chart]]\nid = \"comp\"\ntitle = \"构成\"\nscope = \"city\"\nkind = \"share\"\nitems = [{ field = \"women\", label = \"女\" }]\n";
    let (msg, at) = parse_error(text);
    assert!(
        msg.contains("chart `comp`: kind `share` needs `whole`"),
        "{msg}"
    );
    assert_eq!(at, text.find("\"share\""));

    let (msg, _) = parse_error(
        "[[chart]]\nid = \"r\"\ntitle = \"t\"\nscope = \"county\"\nkind = \"ranking\"\nfield = \"shares.women\"\n",
    );
    assert!(
        msg.contains("chart `r`: kind `ranking` cannot be drawn at scope `county`"),
        "{msg}"
    );

    let text =
        "[[chart]]\nid = \"a\"\ntitle = \"t\"\nscope = \"county\"\nkind = \"bars\"\nitem = []\n";
    let (msg, at) = parse_error(text);
    assert!(msg.contains("unknown field `item`"), "{msg}");
    assert_eq!(at, text.find("item"));

    let (msg, at) =
        parse_error("[[chart]]\nid = \"a\"\ntitle = \"t\"\nscope = \"county\"\nkind = \"bars\"\n");
    assert!(msg.contains("kind `bars` needs `items`"), "{msg}");
    assert!(at.is_some());

    let text = "[[chart]]\nid = \"a\ntitle = 1\n";
    let (msg, at) = parse_error(text);
    assert!(msg.starts_with("charts.toml: "), "{msg}");
    assert!(
        at.is_some_and(|at| at > text.find("id").unwrap_or(0)),
        "{at:?}"
    );

    let twice = format!(
        "{DEFAULT_CHARTS}\n[[chart]]\nid = \"education\"\ntitle = \"t\"\nscope = \"city\"\nkind = \"bars\"\nitems = [{{ field = \"x\", label = \"x\" }}]\n"
    );
    let (msg, _) = parse_error(&twice);
    assert!(msg.contains("`education` appears twice"), "{msg}");
}

#[test]
fn located_charts_toml_errors_carry_line_and_column() {
    let err =
        parse_specs("[[chart]]\nid = \"a\"\ntitle = \"t\"\nscope = \"county\"\nkind = \"pie\"\n")
            .expect_err("unknown kind");
    assert_eq!(err.position(), None);
    let offset = err.offset().expect("an offset");
    let err = err.locate(|at| {
        assert_eq!(at, offset);
        (5, 8)
    });
    assert_eq!(err.position(), Some((5, 8)));
    assert!(
        err.to_string()
            .starts_with("charts.toml:5:8: chart `a`: unknown kind `pie`"),
        "{err}"
    );
    let other = ChartError::Palette {
        message: "empty".to_string(),
    };
    assert_eq!(other.clone().locate(|_| (1, 1)), other);
}

#[test]
fn default_charts_toml_describes_the_brief() {
    let specs = specs();
    let ids = |scope: Scope| -> Vec<&str> {
        specs
            .iter()
            .filter(|s| s.scope == scope)
            .map(|s| s.id.as_str())
            .collect()
    };
    assert_eq!(
        ids(Scope::County),
        ["age-bands", "education", "composition", "average-age"]
    );
    assert_eq!(
        ids(Scope::City),
        [
            "age-bands",
            "education",
            "composition",
            "average-age",
            "promotions",
            "young-cadres"
        ]
    );
    assert_eq!(
        ids(Scope::Comparison),
        [
            "women-share",
            "average-age-change",
            "township-experience-share"
        ]
    );
}

#[test]
fn text_width_counts_ems() {
    assert_eq!(text_width("尧都区", 10.0), 30.0);
    assert!((text_width("35岁", 10.0) - 21.2).abs() < 1e-9);
    assert_eq!(text::fit("尧都区", 10.0, 30.0), "尧都区");
    let cut = text::fit("额尔古纳市某某自治县", 10.0, 50.0);
    assert_eq!(cut, "额尔古纳…");
    assert!(text_width(&cut, 10.0) <= 50.0);
}

#[test]
fn csv_quotes_per_rfc_4180() {
    let table = ChartTable {
        headers: vec!["项目".into(), "说明".into()],
        rows: vec![
            vec!["a,b".into(), "say \"hi\"".into()],
            vec!["x".into(), "1\n2".into()],
        ],
    };
    assert_eq!(
        table.to_csv(),
        "项目,说明\r\n\"a,b\",\"say \"\"hi\"\"\"\r\nx,\"1\n2\"\r\n"
    );
}

#[test]
fn numbers_never_print_nan_or_negative_zero() {
    assert_eq!(format::fixed(f64::NAN, 1), "0.0");
    assert_eq!(format::fixed(-0.04, 1), "0.0");
    assert_eq!(format::signed(-2.8, 1), "−2.8");
    assert_eq!(format::signed(0.0, 1), "0.0");
    assert_eq!(format::signed(1.0, 1), "+1.0");
    assert_eq!(format::percent(1.0, 0.0), None);
}

#[test]
fn a_single_county_is_compared_with_its_previous_term_only() {
    let palette = Palette::default();
    let spec = spec("average-age-change", Scope::Comparison);
    #[track_caller]
    fn case(spec: &ChartSpec, palette: &Palette, change: f64, expected: &str) {
        let mut c = county("示例县", "x");
        c["average_age"] = json!(46.0);
        c["average_age_change"] = json!(change);
        let drawn = draw_comparison(spec, &[c], palette).expect("draws");
        assert_eq!(drawn.desc, expected);
    }
    case(
        &spec,
        &palette,
        -3.0,
        "示例县的平均年龄为46.0岁，比上届下降3.0岁。",
    );
    case(
        &spec,
        &palette,
        1.5,
        "示例县的平均年龄为46.0岁，比上届上升1.5岁。",
    );
    case(
        &spec,
        &palette,
        0.0,
        "示例县的平均年龄为46.0岁，与上届相比无变化。",
    );
}

#[test]
fn ties_are_named_as_ties() {
    let palette = Palette::default();
    let with = |name: &str, share: f64, change: f64| {
        let mut c = county(name, "x");
        c["shares"]["women"] = json!(share);
        c["average_age_change"] = json!(change);
        c
    };
    let list = vec![
        with("甲县", 20.0, -3.0),
        with("乙区", 20.0, -3.0),
        with("丙县", 10.0, -1.0),
    ];
    let ranking =
        draw_comparison(&spec("women-share", Scope::Comparison), &list, &palette).expect("draws");
    assert!(
        ranking.desc.contains("甲县、乙区并列最高（20.0%）"),
        "{}",
        ranking.desc
    );
    assert!(
        ranking.desc.contains("最低的是丙县（10.0%）"),
        "{}",
        ranking.desc
    );
    let dumbbell = draw_comparison(
        &spec("average-age-change", Scope::Comparison),
        &list,
        &palette,
    )
    .expect("draws");
    assert!(
        dumbbell.desc.contains("甲县、乙区并列下降最多（3.0岁）"),
        "{}",
        dumbbell.desc
    );
}
