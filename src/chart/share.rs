//! `share`: each item as a part of one whole (e.g. women among all members), with its
//! count and percent.

use serde_json::Value;

use super::bars::value_header;
use super::format::{count, percent, percent_text};
use super::hbar::{self, Row};
use super::{ChartError, ChartItem, ChartParts, ChartSpec, ChartTable, Palette, values};

pub(crate) fn build(
    spec: &ChartSpec,
    whole_field: &str,
    items: &[ChartItem],
    subject: &Value,
    palette: &Palette,
) -> Result<ChartParts, ChartError> {
    let whole = values::number(spec, subject, whole_field)?;
    let mut parts = Vec::new();
    for (item, value) in values::item_numbers(spec, items, subject)? {
        let item_whole = match &item.whole {
            Some(field) => values::number(spec, subject, field)?,
            None => whole,
        };
        parts.push((item, value, percent(value, item_whole)));
    }
    let rows: Vec<Row> = parts
        .iter()
        .map(|(item, value, share)| Row {
            label: item.label.clone(),
            value_text: format!("{}{}（{}）", count(*value), spec.unit, percent_text(*share)),
            fraction: share.map_or(0.0, |s| s / 100.0),
            color: palette.color(item.color),
        })
        .collect();
    let population = if spec.population.is_empty() {
        "总数"
    } else {
        spec.population.as_str()
    };
    let mut table_rows = vec![vec![
        population.to_string(),
        count(whole),
        percent_text(percent(whole, whole)),
    ]];
    table_rows.extend(
        parts.iter().map(|(item, value, share)| {
            vec![item.label.clone(), count(*value), percent_text(*share)]
        }),
    );
    let table = ChartTable {
        headers: vec![
            "项目".to_string(),
            value_header(&spec.unit),
            "占比".to_string(),
        ],
        rows: table_rows,
    };

    let clauses: Vec<String> = parts
        .iter()
        .map(|(item, value, share)| match share {
            Some(s) => format!(
                "{}{}{}，占{}",
                item.label,
                count(*value),
                spec.unit,
                percent_text(Some(*s))
            ),
            None => format!("{}{}{}", item.label, count(*value), spec.unit),
        })
        .collect();
    let desc = if clauses.is_empty() {
        format!("{}：暂无数据。", spec.title)
    } else {
        format!(
            "{population}{}{}中，{}。",
            count(whole),
            spec.unit,
            clauses.join("；")
        )
    };
    Ok(ChartParts {
        figure: hbar::figure(&rows, true, palette),
        desc,
        table,
    })
}
