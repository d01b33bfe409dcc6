//! `ranking`: one value per county as horizontal bars, names on the left, sorted.

use serde_json::Value;
use std::borrow::Borrow;

use super::format::fixed;
use super::hbar::{self, Row};
use super::{ChartError, ChartParts, ChartSpec, ChartTable, Palette, SortOrder, values};

/// One county's name and value, in drawing order.
pub(crate) struct Entry {
    pub name: String,
    /// What the chart writes beside the bar: the short name when there is one.
    pub label: String,
    pub value: f64,
}

pub(crate) fn build<V: Borrow<Value>>(
    spec: &ChartSpec,
    field: &str,
    counties: &[V],
    palette: &Palette,
) -> Result<ChartParts, ChartError> {
    let mut entries = Vec::with_capacity(counties.len());
    for county in counties {
        let county: &Value = county.borrow();
        entries.push(Entry {
            name: values::string(spec, county, &spec.label_field)?,
            label: values::short_label(spec, county, &spec.label_field)?,
            value: values::number(spec, county, field)?,
        });
    }
    sort(&mut entries, spec.sort, |e| e.value);
    let max = entries.iter().map(|e| e.value).fold(0.0, f64::max);
    let rows: Vec<Row> = entries
        .iter()
        .map(|e| Row {
            label: e.label.clone(),
            value_text: format!("{}{}", fixed(e.value, 1), spec.unit),
            fraction: if max > 0.0 { e.value / max } else { 0.0 },
            color: palette.color(0),
        })
        .collect();
    let table = ChartTable {
        headers: vec![spec.subjects.clone(), header(&spec.measure, &spec.unit)],
        rows: entries
            .iter()
            .map(|e| vec![e.name.clone(), fixed(e.value, 1)])
            .collect(),
    };
    Ok(ChartParts {
        figure: hbar::figure(&rows, false, palette),
        desc: describe_extremes(spec, &entries),
        table,
    })
}

/// `measure（unit）`, or the measure alone.
pub(crate) fn header(measure: &str, unit: &str) -> String {
    if unit.is_empty() {
        measure.to_string()
    } else {
        format!("{measure}（{unit}）")
    }
}

/// Stable sort by `key` in `order` (ties keep the caller's order).
pub(crate) fn sort<T>(items: &mut [T], order: SortOrder, key: impl Fn(&T) -> f64) {
    match order {
        SortOrder::Descending => items.sort_by(|a, b| key(b).total_cmp(&key(a))),
        SortOrder::Ascending => items.sort_by(|a, b| key(a).total_cmp(&key(b))),
        SortOrder::Input => {}
    }
}

/// "最高的是A" for one name; "A、B并列最高" for a tie: a tie is never reported as a winner.
pub(crate) fn extreme(names: &[&str], word: &str) -> String {
    match names {
        [one] => format!("{word}的是{one}"),
        many => format!("{}并列{word}", many.join("、")),
    }
}

/// "…最高的是A（x），最低的是B（y）。", ties named as ties, or that all are equal.
pub(crate) fn describe_extremes(spec: &ChartSpec, entries: &[Entry]) -> String {
    let unit = &spec.unit;
    let shown = |v: f64| fixed(v, 1);
    let Some(first) = entries.first() else {
        return format!("{}：暂无数据。", spec.title);
    };
    let (mut hi, mut lo) = (first.value, first.value);
    for e in entries {
        hi = hi.max(e.value);
        lo = lo.min(e.value);
    }
    let names_at = |v: f64| -> Vec<&str> {
        entries
            .iter()
            .filter(|e| shown(e.value) == shown(v))
            .map(|e| e.name.as_str())
            .collect()
    };
    if shown(hi) == shown(lo) {
        if entries.len() == 1 {
            return format!("{}的{}为{}{unit}。", first.name, spec.measure, shown(hi));
        }
        return format!(
            "{}个{}的{}均为{}{unit}。",
            entries.len(),
            spec.subjects,
            spec.measure,
            shown(hi)
        );
    }
    format!(
        "{}{}（{}{unit}），{}（{}{unit}）。",
        spec.measure,
        extreme(&names_at(hi), "最高"),
        shown(hi),
        extreme(&names_at(lo), "最低"),
        shown(lo)
    )
}
