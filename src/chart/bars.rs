//! `bars`: counts of a few categories (age bands, education), each with its share of the
//! categories' sum.

use serde_json::Value;

use super::format::{count, percent, percent_text};
use super::hbar::{self, Row};
use super::{ChartError, ChartItem, ChartParts, ChartSpec, ChartTable, Palette, values};

/// One category's figures.
struct Category<'a> {
    label: &'a str,
    value: f64,
    share: Option<f64>,
}

pub(crate) fn build(
    spec: &ChartSpec,
    items: &[ChartItem],
    subject: &Value,
    palette: &Palette,
) -> Result<ChartParts, ChartError> {
    let found = values::item_numbers(spec, items, subject)?;
    let total: f64 = found.iter().map(|(_, v)| v.max(0.0)).sum();
    let max = found.iter().map(|(_, v)| *v).fold(0.0, f64::max);
    let categories: Vec<Category> = found
        .iter()
        .map(|(item, value)| Category {
            label: &item.label,
            value: *value,
            share: percent(*value, total),
        })
        .collect();

    let rows: Vec<Row> = found
        .iter()
        .zip(&categories)
        .map(|((item, _), c)| Row {
            label: c.label.to_string(),
            value_text: format!(
                "{}{}（{}）",
                count(c.value),
                spec.unit,
                percent_text(c.share)
            ),
            fraction: if max > 0.0 { c.value / max } else { 0.0 },
            color: palette.color(item.color),
        })
        .collect();

    let table = ChartTable {
        headers: vec![
            "项目".to_string(),
            value_header(&spec.unit),
            "占比".to_string(),
        ],
        rows: categories
            .iter()
            .map(|c| vec![c.label.to_string(), count(c.value), percent_text(c.share)])
            .collect(),
    };
    Ok(ChartParts {
        figure: hbar::figure(&rows, false, palette),
        desc: describe(spec, &categories) + &rounding_note(&categories),
        table,
    })
}

/// `人数` for people, else `数值（unit）`.
pub(crate) fn value_header(unit: &str) -> String {
    match unit {
        "人" | "名" => "人数".to_string(),
        "" => "数值".to_string(),
        unit => format!("数值（{unit}）"),
    }
}

/// When the shares as shown (one decimal each) do not add up to 100.0%, a sentence that
/// says why, so that a reader who adds them up is not left doubting the figures.
fn rounding_note(categories: &[Category]) -> String {
    let shown: Option<Vec<f64>> = categories
        .iter()
        .map(|c| {
            c.share
                .and_then(|s| super::format::fixed(s, 1).parse::<f64>().ok())
                .map(|s| (s * 10.0).round())
        })
        .collect();
    let Some(tenths) = shown.filter(|t| !t.is_empty()) else {
        return String::new();
    };
    let sum: f64 = tenths.iter().sum();
    if sum == 1000.0 || sum == 0.0 {
        return String::new();
    }
    format!(
        "各项占比经四舍五入，合计为{}%。",
        super::format::fixed(sum / 10.0, 1)
    )
}

fn describe(spec: &ChartSpec, categories: &[Category]) -> String {
    let lead = if spec.population.is_empty() {
        format!("{}：", spec.title)
    } else {
        format!("{}中，", spec.population)
    };
    let max = categories.iter().map(|c| c.value).fold(f64::MIN, f64::max);
    if categories.is_empty() {
        return format!("{}：暂无数据。", spec.title);
    }
    if max <= 0.0 {
        return format!("{lead}各项均为0{}。", spec.unit);
    }
    let top: Vec<&Category> = categories.iter().filter(|c| c.value == max).collect();
    let names: Vec<&str> = top.iter().map(|c| c.label).collect();
    let share = percent_text(top.first().and_then(|c| c.share));
    if top.len() == categories.len() && top.len() > 1 {
        // Every category at one value: none is "the most".
        format!(
            "{lead}{}均为{}{}，各占{share}。",
            names.join("、"),
            count(max),
            spec.unit
        )
    } else if top.len() == 1 {
        format!(
            "{lead}{}的最多，共{}{}，占{share}。",
            names.join("、"),
            count(max),
            spec.unit
        )
    } else {
        format!(
            "{lead}{}的最多，各{}{}，各占{share}。",
            names.join("、"),
            count(max),
            spec.unit
        )
    }
}
