//! Reading the numbers a chart names out of a summary object, by dotted path.

use serde_json::Value;

use super::{ChartError, ChartItem, ChartSpec};

/// The value at a dotted path (`age_bands.up_to_35`, `young_cadres.origins.0.count`), if
/// any.
fn lookup<'a>(subject: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(subject, |value, key| match value {
        Value::Array(list) => list.get(key.parse::<usize>().ok()?),
        _ => value.as_object()?.get(key),
    })
}

/// The items of a category map: the list at `path` of `{key, label, count}` objects, in
/// the editor's order, with the editor's labels (none when the subject has no such list).
pub(crate) fn category_items(
    spec: &ChartSpec,
    subject: &Value,
    path: &str,
) -> Result<Vec<ChartItem>, ChartError> {
    let list = match lookup(subject, path) {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(list)) => list,
        Some(other) => return Err(not_numeric(spec, subject, path, &other.to_string())),
    };
    Ok(list
        .iter()
        .enumerate()
        .map(|(i, category)| ChartItem {
            field: format!("{path}.{i}.count"),
            label: category
                .get("label")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
            optional: false,
            color: 0,
            whole: None,
            whole_label: None,
        })
        .collect())
}

/// A required number.
pub(crate) fn number(spec: &ChartSpec, subject: &Value, path: &str) -> Result<f64, ChartError> {
    optional_number(spec, subject, path)?.ok_or_else(|| ChartError::MissingField {
        chart: spec.id.clone(),
        field: path.to_string(),
        subject: subject_name(subject),
    })
}

/// A number that may be null or absent.
pub(crate) fn optional_number(
    spec: &ChartSpec,
    subject: &Value,
    path: &str,
) -> Result<Option<f64>, ChartError> {
    match lookup(subject, path) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => match n.as_f64() {
            Some(v) if v.is_finite() => Ok(Some(v)),
            _ => Err(not_numeric(spec, subject, path, &n.to_string())),
        },
        Some(other) => Err(not_numeric(spec, subject, path, &other.to_string())),
    }
}

/// Each item's number; an optional item that is null or absent is left out.
pub(crate) fn item_numbers<'i>(
    spec: &ChartSpec,
    items: &'i [ChartItem],
    subject: &Value,
) -> Result<Vec<(&'i ChartItem, f64)>, ChartError> {
    let mut found = Vec::with_capacity(items.len());
    for item in items {
        let value = if item.optional {
            optional_number(spec, subject, &item.field)?
        } else {
            Some(number(spec, subject, &item.field)?)
        };
        if let Some(value) = value {
            found.push((item, value));
        }
    }
    Ok(found)
}

/// A county's short name for chart labels (`short_name`), else its `fallback` field.
pub(crate) fn short_label(
    spec: &ChartSpec,
    subject: &Value,
    fallback: &str,
) -> Result<String, ChartError> {
    match lookup(subject, "short_name") {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.clone()),
        _ => string(spec, subject, fallback),
    }
}

/// A required string, e.g. a county's name.
pub(crate) fn string(spec: &ChartSpec, subject: &Value, path: &str) -> Result<String, ChartError> {
    match lookup(subject, path) {
        Some(Value::String(s)) => Ok(s.clone()),
        Some(Value::Null) | None => Err(ChartError::MissingField {
            chart: spec.id.clone(),
            field: path.to_string(),
            subject: subject_name(subject),
        }),
        Some(other) => Ok(other.to_string()),
    }
}

fn not_numeric(spec: &ChartSpec, subject: &Value, path: &str, found: &str) -> ChartError {
    let mut found = found.to_string();
    if found.chars().count() > 40 {
        found = found.chars().take(40).collect::<String>() + "…";
    }
    ChartError::NotNumeric {
        chart: spec.id.clone(),
        field: path.to_string(),
        subject: subject_name(subject),
        found,
    }
}

/// How errors name the subject: its `name`, else its `slug`, else "the subject".
pub(crate) fn subject_name(subject: &Value) -> String {
    ["name", "slug"]
        .iter()
        .find_map(|key| subject.get(key).and_then(Value::as_str))
        .map_or_else(|| "the subject".to_string(), |s| format!("`{s}`"))
}
