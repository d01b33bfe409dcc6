//! Tests of the comparisons of many counties: bins, quantiles, the full ranking's order,
//! layouts at many sizes, and snapshots of the histogram and of the ends on a fixed input.

use serde_json::{Value, json};

use super::distribution::{bins, ends_with_ties, quantile};
use super::svg_check::assert_layout;
use super::*;

const DEFAULT_CHARTS: &str = include_str!("../../themes/default/charts.toml");

fn spec(id: &str) -> ChartSpec {
    parse_specs(DEFAULT_CHARTS)
        .expect("default charts.toml parses")
        .into_iter()
        .find(|s| s.id == id && s.scope == Scope::Comparison)
        .unwrap_or_else(|| panic!("no chart {id}"))
}

/// `n` counties whose share of women and average age follow a fixed, uneven pattern.
fn counties(n: usize) -> Vec<Value> {
    (0..n)
        .map(|i| {
            let women = ((i * 37) % 23) as f64 * 1.1 + 3.0;
            let age = 44.0 + ((i * 13) % 17) as f64 * 0.3;
            json!({
                "slug": format!("c{i}"), "name": format!("第{}县", i + 1),
                "shares": { "women": (women * 10.0).round() / 10.0,
                            "township_principal_experience": 30.0 },
                "average_age": (age * 10.0).round() / 10.0,
                "average_age_change": if i % 5 == 0 { Value::Null } else { json!(-1.5) },
            })
        })
        .collect()
}

#[test]
fn bins_are_round_and_hold_every_value_once() {
    #[track_caller]
    fn case(values: &[f64], expected: &[(f64, f64, usize)]) {
        let got: Vec<(f64, f64, usize)> = bins(values)
            .iter()
            .map(|b| {
                (
                    (b.from * 100.0).round() / 100.0,
                    (b.to * 100.0).round() / 100.0,
                    b.count,
                )
            })
            .collect();
        assert_eq!(got, expected);
    }
    case(&[], &[]);
    case(&[5.0], &[(5.0, 5.1, 1)]);
    case(&[5.0, 5.0, 5.0], &[(5.0, 5.1, 3)]);
    // A range of 20 gives bins of 2, from a multiple of 2; a greatest value past an edge
    // is in a bin of its own.
    case(
        &[1.0, 2.0, 2.5, 21.0],
        &[
            (0.0, 2.0, 1),
            (2.0, 4.0, 2),
            (4.0, 6.0, 0),
            (6.0, 8.0, 0),
            (8.0, 10.0, 0),
            (10.0, 12.0, 0),
            (12.0, 14.0, 0),
            (14.0, 16.0, 0),
            (16.0, 18.0, 0),
            (18.0, 20.0, 0),
            (20.0, 22.0, 1),
        ],
    );
    // The greatest value on an edge closes the last bin: shares up to 100% end at 100.
    case(
        &[0.0, 35.0, 60.0, 100.0, 100.0],
        &[
            (0.0, 10.0, 1),
            (10.0, 20.0, 0),
            (20.0, 30.0, 0),
            (30.0, 40.0, 1),
            (40.0, 50.0, 0),
            (50.0, 60.0, 0),
            (60.0, 70.0, 1),
            (70.0, 80.0, 0),
            (80.0, 90.0, 0),
            (90.0, 100.0, 2),
        ],
    );
    // A range of 2.5 gives bins of 0.25.
    case(
        &[10.0, 12.5],
        &[
            (10.0, 10.25, 1),
            (10.25, 10.5, 0),
            (10.5, 10.75, 0),
            (10.75, 11.0, 0),
            (11.0, 11.25, 0),
            (11.25, 11.5, 0),
            (11.5, 11.75, 0),
            (11.75, 12.0, 0),
            (12.0, 12.25, 0),
            (12.25, 12.5, 1),
        ],
    );
}

#[test]
fn quantiles_interpolate_between_neighbours() {
    assert_eq!(quantile(&[1.0, 2.0, 3.0], 0.5), 2.0);
    assert_eq!(quantile(&[1.0, 2.0, 3.0, 10.0], 0.5), 2.5);
    assert_eq!(quantile(&[1.0, 2.0, 3.0, 4.0, 5.0], 0.25), 2.0);
    assert_eq!(quantile(&[7.0], 0.75), 7.0);
    assert_eq!(quantile(&[], 0.5), 0.0);
}

#[test]
fn the_full_ranking_lists_every_county_in_the_chart_order_with_its_index() {
    let list = counties(50);
    let ranked = rank(&spec("women-share"), &list).expect("ranks");
    assert_eq!(ranked.order.len(), 50);
    let drawn = draw_comparison(&spec("women-share"), &list, &Palette::default()).expect("draws");
    assert_eq!(ranked.table, drawn.table);
    for (row, &i) in ranked.table.rows.iter().zip(&ranked.order) {
        assert_eq!(row[0], list[i]["name"].as_str().expect("name"));
    }
    let dumbbell = rank(&spec("average-age-change"), &list).expect("ranks");
    assert_eq!(dumbbell.shown, vec![1, 3]);
    assert_eq!(dumbbell.table.headers.len(), 4);
}

#[test]
fn many_counties_lay_out_without_overlaps_at_every_size() {
    for n in [1, 2, 3, 21, 41, 300, 3000] {
        let list = counties(n);
        for id in [
            "women-share",
            "average-age-change",
            "township-experience-share",
        ] {
            let spec = spec(id);
            let dist = draw_distribution(&spec, &list, &Palette::default()).expect("draws");
            assert_layout(&dist.svg, &format!("{id} distribution of {n}"));
            let counted: usize = dist
                .table
                .rows
                .iter()
                .map(|r| r[1].parse::<usize>().expect("count"))
                .sum();
            assert_eq!(counted, n, "{id}: every county in a bin");
            let ends = draw_extremes(&spec, &list, &Palette::default()).expect("draws");
            assert_layout(&ends.svg, &format!("{id} ends of {n}"));
            // Ten at each end, and the values tied with the tenth (at most ten more each).
            let rows = ends.table.rows.len();
            let k = ENDS.min(n / 2);
            assert!(
                (2 * k..=(4 * k).min(n)).contains(&rows),
                "{id} of {n}: {rows} rows"
            );
        }
    }
}

#[test]
fn the_caption_says_only_what_holds_when_values_tie() {
    #[track_caller]
    fn case(shares: &[f64], expected: &str) {
        let list: Vec<Value> = shares
            .iter()
            .enumerate()
            .map(|(i, w)| json!({"slug": format!("c{i}"), "name": format!("第{i}县"), "shares": {"women": w}}))
            .collect();
        let chart =
            draw_distribution(&spec("women-share"), &list, &Palette::default()).expect("draws");
        assert_eq!(chart.desc, expected);
    }
    // Half the counties at the lowest value, half at the highest: nothing lies below the
    // lower quartile, so "a quarter below 15.0%" would be false.
    case(
        &[25.0, 25.0, 15.0, 15.0],
        "4个县（市、区）的女干部占比：中位数20.0%，中间一半在15.0%至25.0%之间；最低15.0%，最高25.0%。",
    );
    case(
        &[10.0, 20.0, 20.0, 20.0, 20.0, 30.0],
        "6个县（市、区）的女干部占比：中位数20.0%，中间一半均为20.0%；最低10.0%，最高30.0%。",
    );
    case(&[15.0; 5], "5个县（市、区）的女干部占比均为15.0%。");
}

/// A value tied with the tenth (or the tenth from the end) shares its place in the full
/// ranking, so the ends show it too; a tie too wide to show is cut and counted.
#[test]
fn the_ends_take_the_values_tied_at_their_edges() {
    let texts = |v: &[u32]| v.iter().map(|x| format!("{x}.0")).collect::<Vec<_>>();
    // 0..30 descending, the 10th and 11th tied: the top end is 11 long.
    let mut v: Vec<u32> = (0..30).rev().collect();
    v[10] = v[9];
    assert_eq!(ends_with_ties(&texts(&v), 10), (11, 20, 0));
    // The 20th from the top and the 10th from the bottom tied: the bottom end is 11 long.
    let mut v: Vec<u32> = (0..30).rev().collect();
    v[19] = v[20];
    assert_eq!(ends_with_ties(&texts(&v), 10), (10, 19, 0));
    // Nothing tied: ten and ten.
    let v: Vec<u32> = (0..30).rev().collect();
    assert_eq!(ends_with_ties(&texts(&v), 10), (10, 20, 0));
    // Fifty counties sharing the lowest value: the bottom end takes twenty, thirty more
    // are left out and counted.
    let mut v: Vec<u32> = (100..150).rev().collect();
    v.extend([0; 50]);
    assert_eq!(ends_with_ties(&texts(&v), 10), (10, 80, 30));
    // Too few to split: everyone.
    assert_eq!(ends_with_ties(&texts(&[3, 2, 1]), 1), (1, 2, 0));
    // Drawn: the tied county is in the chart and its table, and the caption says so.
    let list: Vec<Value> = (0..30)
        .map(|i| {
            let w = if i == 10 { 21.0 } else { 30.0 - f64::from(i) };
            json!({"slug": format!("c{i}"), "name": format!("第{i}县"), "shares": {"women": w}})
        })
        .collect();
    let chart = draw_extremes(&spec("women-share"), &list, &Palette::default()).expect("draws");
    assert_eq!(chart.table.rows.len(), 21);
    assert!(
        chart.table.rows.iter().any(|r| r[0] == "第10县"),
        "{:?}",
        chart.table.rows
    );
    assert!(chart.desc.contains("（含并列）"), "{}", chart.desc);
    // And so does its title, which says ten where the ends hold more.
    assert!(chart.title.ends_with("的10个（含并列）"), "{}", chart.title);
}

#[test]
fn snapshot_distribution() {
    let chart =
        draw_distribution(&spec("women-share"), &counties(45), &Palette::default()).expect("draws");
    insta::assert_snapshot!(format!(
        "{}\n\n{}\n{}",
        chart.desc,
        chart.table.to_csv(),
        chart.svg
    ));
}

#[test]
fn snapshot_extremes() {
    let chart =
        draw_extremes(&spec("women-share"), &counties(45), &Palette::default()).expect("draws");
    insta::assert_snapshot!(format!(
        "{}\n\n{}\n{}",
        chart.desc,
        chart.table.to_csv(),
        chart.svg
    ));
}

#[test]
fn equal_values_share_a_place() {
    assert_eq!(places(["9.0", "8.5", "8.5", "8.0"]), [1, 2, 2, 4]);
    assert_eq!(places(["1", "1", "1"]), [1, 1, 1]);
    assert_eq!(places(Vec::<&str>::new()), Vec::<usize>::new());
}
