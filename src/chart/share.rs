//! `share`: each item as a part of one whole (e.g. women among all members), with its
//! count and percent.

use serde_json::Value;

use super::bars::value_header;
use super::format::{count, percent, percent_text};
use super::hbar::{self, Row};
use super::{ChartError, ChartItem, ChartParts, ChartSpec, ChartTable, Palette, values};

/// One part of the chart: its item, count, share, and the whole it is a share of.
struct Part<'a> {
    item: &'a ChartItem,
    value: f64,
    share: Option<f64>,
    /// The whole's name and count.
    whole: (String, f64),
    /// Whether the part has a whole of its own (not the chart's).
    own_whole: bool,
}

pub(crate) fn build(
    spec: &ChartSpec,
    whole_field: &str,
    items: &[ChartItem],
    subject: &Value,
    palette: &Palette,
) -> Result<ChartParts, ChartError> {
    let whole = values::number(spec, subject, whole_field)?;
    let population = if spec.population.is_empty() {
        "总数"
    } else {
        spec.population.as_str()
    };
    let mut parts = Vec::new();
    for (item, value) in values::item_numbers(spec, items, subject)? {
        let (item_whole, own_whole) = match &item.whole {
            Some(field) => {
                let label = item
                    .whole_label
                    .clone()
                    .or_else(|| {
                        items
                            .iter()
                            .find(|i| i.field == *field)
                            .map(|i| i.label.clone())
                    })
                    .unwrap_or_else(|| field.clone());
                ((label, values::number(spec, subject, field)?), true)
            }
            None => ((population.to_string(), whole), false),
        };
        parts.push(Part {
            item,
            value,
            share: percent(value, item_whole.1),
            whole: item_whole,
            own_whole,
        });
    }
    let rows: Vec<Row> = parts
        .iter()
        .map(|p| Row {
            label: p.item.label.clone(),
            value_text: format!(
                "{}{}（{}）",
                count(p.value),
                spec.unit,
                percent_text(p.share)
            ),
            fraction: p.share.map_or(0.0, |s| s / 100.0),
            color: palette.color(p.item.color),
        })
        .collect();
    Ok(ChartParts {
        figure: hbar::figure(&rows, true, palette),
        desc: describe(spec, population, whole, &parts),
        table: table(spec, population, whole, &parts),
    })
}

/// The numbers drawn, each share with the whole it is of.
fn table(spec: &ChartSpec, population: &str, whole: f64, parts: &[Part<'_>]) -> ChartTable {
    let of = |name: &str, n: f64| format!("{name}{}{}", count(n), spec.unit);
    let mut rows = vec![vec![
        population.to_string(),
        count(whole),
        percent_text(percent(whole, whole)),
        of(population, whole),
    ]];
    rows.extend(parts.iter().map(|p| {
        vec![
            p.item.label.clone(),
            count(p.value),
            percent_text(p.share),
            of(&p.whole.0, p.whole.1),
        ]
    }));
    ChartTable {
        headers: vec![
            "项目".to_string(),
            value_header(&spec.unit),
            "占比".to_string(),
            "占比基数".to_string(),
        ],
        rows,
    }
}

/// "班子成员34人中，女干部5人，占14.7%；女干部5人中，党政正职1人，占20.0%。": every share
/// says what it is of.
fn describe(spec: &ChartSpec, population: &str, whole: f64, parts: &[Part<'_>]) -> String {
    if parts.is_empty() {
        return format!("{}：暂无数据。", spec.title);
    }
    let unit = &spec.unit;
    let clauses: Vec<String> = parts
        .iter()
        .map(|p| {
            let (whole_name, whole_count) = &p.whole;
            // A part of its own whole drops the words that restate it: 其中党政正职 of 女干部
            // is 党政正职; 党政班子中的本地干部 of 党政班子 is 本地干部.
            let label = if p.own_whole {
                let label = p.item.label.as_str();
                label
                    .strip_prefix("其中")
                    .or_else(|| label.strip_prefix(&format!("{whole_name}中的")))
                    .unwrap_or(label)
            } else {
                p.item.label.as_str()
            };
            let lead = if p.own_whole {
                format!("{whole_name}{}{unit}中，", count(*whole_count))
            } else {
                String::new()
            };
            match p.share {
                Some(s) => format!(
                    "{lead}{label}{}{unit}，占{}",
                    count(p.value),
                    percent_text(Some(s))
                ),
                None => format!("{lead}{label}{}{unit}", count(p.value)),
            }
        })
        .collect();
    format!(
        "{population}{}{unit}中，{}。",
        count(whole),
        clauses.join("；")
    )
}
