//! 数说换届: the home page's headline figures, each from the data, with its change in words.

use serde::Serialize;
use serde_json::Value;

use crate::model::figure::format_figure;
use crate::model::lookup;

#[derive(Serialize)]
pub(super) struct FigureCard {
    label: &'static str,
    value: String,
    unit: &'static str,
    #[serde(serialize_with = "super::charts::units_joined")]
    note: String,
    change: Option<String>,
    direction: &'static str,
    change_words: String,
}

/// 数说换届: the headline figures, each from the data, with its change in words.
pub(super) fn figure_cards(city: &Value) -> Vec<FigureCard> {
    let num = |p: &str| {
        lookup(city, p)
            .filter(|v| !v.is_null())
            .map(|v| format_figure(p, v))
    };
    let change = |p: &str| lookup(city, p).and_then(Value::as_f64);
    // Changes over fewer divisions than the city has say over how many.
    let over = lookup(city, "changes_over")
        .and_then(Value::as_u64)
        .map_or_else(String::new, |n| format!("{n}个县（市、区）"));
    let mut cards = Vec::new();
    let mut card = |label, value_path: &str, unit, note: String, change_path: Option<&str>| {
        let Some(value) = num(value_path) else { return };
        let ch = change_path.and_then(change);
        let words = ch
            .map(|c| format_figure(change_path.unwrap_or(""), &serde_json::json!(c)))
            .unwrap_or_default();
        cards.push(FigureCard {
            label,
            value,
            unit,
            note,
            direction: match ch {
                Some(c) if c > 0.0 => "up",
                Some(c) if c < 0.0 => "down",
                Some(_) => "flat",
                None => "none",
            },
            change: ch.map(|c| format!("{:+.1}", c)),
            change_words: if words.is_empty() {
                String::new()
            } else {
                format!("{over}比上届{words}")
            },
        });
    };
    card(
        "班子成员",
        "members",
        "名",
        format!("{}个县（市、区）", num("divisions").unwrap_or_default()),
        Some("changes.members"),
    );
    card(
        "平均年龄",
        "average_age",
        "岁",
        String::from("县级领导班子"),
        Some("average_age_change"),
    );
    card(
        "大专以上学历",
        "shares.college_or_above",
        "",
        format!("{}名", num("college_or_above").unwrap_or_default()),
        Some("changes.college_or_above_share"),
    );
    card(
        "女干部",
        "shares.women",
        "",
        format!(
            "{}名，其中党政正职{}名",
            num("women").unwrap_or_default(),
            num("women_principal").unwrap_or_default()
        ),
        Some("changes.women_share"),
    );
    card(
        "42岁以下年轻干部",
        "under_42",
        "名",
        format!(
            "其中35岁左右{}名，最小{}岁",
            num("around_35").unwrap_or_default(),
            num("youngest").unwrap_or_default()
        ),
        None,
    );
    card(
        "有乡镇党政正职经历",
        "shares.township_principal_experience",
        "",
        format!(
            "{}名",
            num("township_principal_experience").unwrap_or_default()
        ),
        Some("changes.township_principal_experience_share"),
    );
    card(
        "党外干部",
        "non_party",
        "名",
        format!(
            "其中进入政府班子{}名",
            num("non_party_government").unwrap_or_default()
        ),
        None,
    );
    card(
        "换届提拔",
        "promoted",
        "名",
        // No share of nobody promoted: the count alone.
        match num("shares.promoted_from_county") {
            Some(share) => format!(
                "从县（市、区）提拔{}名，占{share}",
                num("promoted_from_county").unwrap_or_default()
            ),
            None => format!(
                "从县（市、区）提拔{}名",
                num("promoted_from_county").unwrap_or_default()
            ),
        },
        None,
    );
    cards
}

/// 数说换届 as the share image draws it: the same cards, worded the same.
pub(super) fn headline_cards(city: &Value) -> Vec<crate::image::compose::HeadlineCard> {
    figure_cards(city)
        .into_iter()
        .map(|c| crate::image::compose::HeadlineCard {
            label: c.label.to_string(),
            value: c.value,
            unit: c.unit.to_string(),
            note: c.note,
            change: c.change_words,
            rising: match c.direction {
                "up" => Some(true),
                "down" => Some(false),
                _ => None,
            },
        })
        .collect()
}

/// The first three headline figures, value and unit together: what a link-preview card
/// shows of the city.
pub(super) fn key_figures(city: &Value) -> Vec<(String, String)> {
    figure_cards(city)
        .into_iter()
        .take(3)
        .map(|c| (c.label.to_string(), format!("{}{}", c.value, c.unit)))
        .collect()
}
