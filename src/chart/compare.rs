//! `compare`: a few values of one measure side by side, e.g. previous and current average
//! age; an optional item that is null is left out.

use serde_json::Value;

use super::format::fixed;
use super::hbar::{self, Row};
use super::{ChartError, ChartItem, ChartParts, ChartSpec, ChartTable, Palette, values};

pub(crate) fn build(
    spec: &ChartSpec,
    items: &[ChartItem],
    subject: &Value,
    palette: &Palette,
) -> Result<ChartParts, ChartError> {
    let found = values::item_numbers(spec, items, subject)?;
    let max = found.iter().map(|(_, v)| *v).fold(0.0, f64::max);
    let rows: Vec<Row> = found
        .iter()
        .map(|(item, value)| Row {
            label: item.label.clone(),
            value_text: format!("{}{}", fixed(*value, 1), spec.unit),
            fraction: if max > 0.0 { value / max } else { 0.0 },
            color: palette.color(item.color),
        })
        .collect();
    let header = if spec.unit.is_empty() {
        spec.measure.clone()
    } else {
        format!("{}（{}）", spec.measure, spec.unit)
    };
    let table = ChartTable {
        headers: vec!["项目".to_string(), header],
        rows: found
            .iter()
            .map(|(item, value)| vec![item.label.clone(), fixed(*value, 1)])
            .collect(),
    };
    Ok(ChartParts {
        figure: hbar::figure(&rows, false, palette),
        desc: describe(
            spec,
            &found,
            items.len(),
            subject.get("changes_over").and_then(Value::as_u64),
        ),
        table,
    })
}

/// The chart in a sentence. `covered`: how many of the subject's divisions gave the
/// previous term when only some did (its `changes_over`); a missing earlier value is then
/// withheld, not absent.
fn describe(
    spec: &ChartSpec,
    found: &[(&ChartItem, f64)],
    wanted: usize,
    covered: Option<u64>,
) -> String {
    let unit = &spec.unit;
    let Some(((last, now), earlier)) = found.split_last() else {
        return format!("{}：暂无数据。", spec.title);
    };
    let mut text = format!("{}{}为{}{unit}", last.label, spec.measure, fixed(*now, 1));
    for (item, value) in earlier {
        text.push_str(&format!("，{}为{}{unit}", item.label, fixed(*value, 1)));
    }
    if let [(first, before), _] = found {
        let diff: f64 = fixed(*now, 1).parse::<f64>().unwrap_or(*now)
            - fixed(*before, 1).parse::<f64>().unwrap_or(*before);
        let diff_text = fixed(diff.abs(), 1);
        if diff_text == "0.0" {
            text.push_str(&format!("，与{}持平", first.label));
        } else if diff < 0.0 {
            text.push_str(&format!("，比{}下降{diff_text}{unit}", first.label));
        } else {
            text.push_str(&format!("，比{}上升{diff_text}{unit}", first.label));
        }
    } else if found.len() == 1 && wanted > 1 {
        match covered {
            // Only some divisions gave the previous term: an average over them beside this
            // term's over all would compare unlike with unlike.
            Some(n) => text.push_str(&format!("（仅{n}个县（市、区）有往届数据，不作整体比较）")),
            None => text.push_str("（无往届数据）"),
        }
    }
    text.push('。');
    text
}
