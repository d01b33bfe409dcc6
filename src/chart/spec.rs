//! Reading `charts.toml` into [`ChartSpec`]s, with the byte offset of each mistake.
//!
//! ```toml
//! [[chart]]
//! id = "age"                    # [A-Za-z0-9_-]
//! title = "年龄结构"
//! scope = ["county", "city"]    # or one of "county" | "city" | "comparison"
//! kind = "bars"                 # bars | share | compare | ranking | dumbbell
//! unit = "人"
//! population = "班子成员"         # who is counted (description sentence)
//! items = [ { field = "age_bands.up_to_35", label = "35岁以下" } ]   # bars/share/compare
//! categories = "young_cadres.origins"   # bars: a category map of the data instead of items
//! # share: whole = "members"; ranking: field = "shares.women";
//! # dumbbell: field = "average_age", change = "average_age_change",
//! #           current_label = "本届", previous_label = "上届"
//! # comparisons: measure, label_field = "name", sort = "descending" | "ascending" | "input"
//! # items may have optional = true (null is skipped) and color = <palette index>
//! ```

use std::collections::HashSet;
use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use super::{ChartError, ChartItem, ChartKind, ChartSpec, Scope, SortOrder};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    chart: Vec<Spanned<RawChart>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChart {
    id: Spanned<String>,
    title: String,
    scope: Spanned<toml::Value>,
    kind: Spanned<String>,
    #[serde(default)]
    unit: String,
    population: Option<String>,
    measure: Option<String>,
    label_field: Option<String>,
    sort: Option<Spanned<String>>,
    items: Option<Spanned<Vec<RawItem>>>,
    categories: Option<Spanned<String>>,
    whole: Option<Spanned<String>>,
    field: Option<Spanned<String>>,
    change: Option<Spanned<String>>,
    current_label: Option<String>,
    previous_label: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    field: String,
    label: String,
    #[serde(default)]
    optional: bool,
    #[serde(default)]
    color: usize,
    whole: Option<String>,
    whole_label: Option<String>,
}

const KINDS: &str = "bars, share, compare, ranking, dumbbell";

/// Reads a `charts.toml`: one `[[chart]]` table per chart; a chart with several scopes
/// gives one [`ChartSpec`] per scope, in file order. A mistake is reported with its byte
/// offset ([`ChartError::offset`]), which [`ChartError::locate`] turns into a line and column.
pub fn parse_specs(toml_text: &str) -> Result<Vec<ChartSpec>, ChartError> {
    let file: RawFile = toml::from_str(toml_text).map_err(|e| ChartError::Spec {
        message: e.message().trim().to_string(),
        offset: e.span().map(|span| span.start),
        position: None,
    })?;
    let mut specs = Vec::new();
    let mut seen = HashSet::new();
    for chart in &file.chart {
        for spec in to_specs(chart.get_ref())? {
            if !seen.insert((spec.id.clone(), spec.scope)) {
                return Err(at(
                    chart.get_ref().id.span(),
                    format!(
                        "chart `{}` appears twice at scope {}",
                        spec.id,
                        spec.scope.name()
                    ),
                ));
            }
            specs.push(spec);
        }
    }
    Ok(specs)
}

fn to_specs(raw: &RawChart) -> Result<Vec<ChartSpec>, ChartError> {
    let id = raw.id.get_ref().clone();
    let err = |span: Range<usize>, message: String| chart_error(&id, span, message);
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(err(
            raw.id.span(),
            "an id may hold only ASCII letters, digits, `-` and `_`".to_string(),
        ));
    }
    let scopes = scopes(raw).map_err(|m| err(raw.scope.span(), m))?;
    let kind = chart_kind(raw, &id)?;
    let comparison = matches!(kind, ChartKind::Ranking { .. } | ChartKind::Dumbbell { .. });
    if let Some(scope) = scopes
        .iter()
        .find(|s| (**s == Scope::Comparison) != comparison)
    {
        return Err(err(
            raw.scope.span(),
            format!(
                "kind `{}` cannot be drawn at scope `{}` (ranking and dumbbell are for \
                 comparison, the others for county and city)",
                kind.name(),
                scope.name()
            ),
        ));
    }
    unused_keys(raw, &kind).map_err(|(span, key)| {
        err(
            span,
            format!("`{key}` is not used by kind `{}`", kind.name()),
        )
    })?;
    let sort = sort_order(raw, &id)?;
    Ok(scopes
        .into_iter()
        .map(|scope| ChartSpec {
            id: id.clone(),
            title: raw.title.clone(),
            scope,
            kind: kind.clone(),
            unit: raw.unit.clone(),
            population: raw.population.clone().unwrap_or_default(),
            measure: raw.measure.clone().unwrap_or_else(|| raw.title.clone()),
            label_field: raw
                .label_field
                .clone()
                .unwrap_or_else(|| "name".to_string()),
            sort,
            subjects: super::COUNTIES.to_string(),
            share_of: None,
        })
        .collect())
}

/// A problem with the chart `id`, at `span` of its file.
fn chart_error(id: &str, span: Range<usize>, message: String) -> ChartError {
    at(span, format!("chart `{id}`: {message}"))
}

/// The chart's kind, with the keys that kind needs.
fn chart_kind(raw: &RawChart, id: &str) -> Result<ChartKind, ChartError> {
    let kind_span = raw.kind.span();
    let needs = |key: &str| {
        chart_error(
            id,
            kind_span.clone(),
            format!("kind `{}` needs `{key}`", raw.kind.get_ref()),
        )
    };
    let need = |value: &Option<Spanned<String>>, key: &str| -> Result<String, ChartError> {
        value
            .as_ref()
            .map(|v| v.get_ref().clone())
            .ok_or_else(|| needs(key))
    };
    let items = || -> Result<Vec<ChartItem>, ChartError> {
        match &raw.items {
            Some(items) if !items.get_ref().is_empty() => {
                Ok(items.get_ref().iter().map(chart_item).collect())
            }
            Some(items) => Err(chart_error(
                id,
                items.span(),
                "`items` is empty".to_string(),
            )),
            None => Err(needs("items")),
        }
    };
    Ok(match raw.kind.get_ref().as_str() {
        "bars" => match &raw.categories {
            Some(path) if raw.items.is_some() => {
                return Err(chart_error(
                    id,
                    path.span(),
                    "give either `items` or `categories`, not both".to_string(),
                ));
            }
            Some(path) => ChartKind::Bars {
                items: Vec::new(),
                categories: Some(path.get_ref().clone()),
            },
            None => ChartKind::Bars {
                items: items()?,
                categories: None,
            },
        },
        "share" => ChartKind::Share {
            whole: need(&raw.whole, "whole")?,
            items: items()?,
        },
        "compare" => ChartKind::Compare { items: items()? },
        "ranking" => ChartKind::Ranking {
            field: need(&raw.field, "field")?,
        },
        "dumbbell" => ChartKind::Dumbbell {
            field: need(&raw.field, "field")?,
            change: need(&raw.change, "change")?,
            current_label: raw
                .current_label
                .clone()
                .unwrap_or_else(|| "本届".to_string()),
            previous_label: raw
                .previous_label
                .clone()
                .unwrap_or_else(|| "上届".to_string()),
        },
        other => {
            return Err(chart_error(
                id,
                kind_span,
                format!("unknown kind `{other}` (expected one of {KINDS})"),
            ));
        }
    })
}

/// One of a chart's items, as its spec holds it.
fn chart_item(i: &RawItem) -> ChartItem {
    ChartItem {
        field: i.field.clone(),
        label: i.label.clone(),
        optional: i.optional,
        color: i.color,
        whole: i.whole.clone(),
        whole_label: i.whole_label.clone(),
    }
}

/// The order of the chart's bars (`sort`), descending unless it says otherwise.
fn sort_order(raw: &RawChart, id: &str) -> Result<SortOrder, ChartError> {
    Ok(
        match raw.sort.as_ref().map(|s| (s.get_ref().as_str(), s.span())) {
            None | Some(("descending", _)) => SortOrder::Descending,
            Some(("ascending", _)) => SortOrder::Ascending,
            Some(("input", _)) => SortOrder::Input,
            Some((other, span)) => {
                return Err(chart_error(
                    id,
                    span,
                    format!("unknown sort `{other}` (expected descending, ascending or input)"),
                ));
            }
        },
    )
}

fn scopes(raw: &RawChart) -> Result<Vec<Scope>, String> {
    let one = |v: &toml::Value| match v.as_str() {
        Some("county") => Ok(Scope::County),
        Some("city") => Ok(Scope::City),
        Some("comparison") => Ok(Scope::Comparison),
        Some(other) => Err(format!(
            "unknown scope `{other}` (expected county, city or comparison)"
        )),
        None => Err("a scope is a string: county, city or comparison".to_string()),
    };
    let list = match raw.scope.get_ref() {
        toml::Value::Array(values) => values.iter().map(one).collect::<Result<Vec<_>, _>>()?,
        value => vec![one(value)?],
    };
    if list.is_empty() {
        return Err("`scope` is empty".to_string());
    }
    Ok(list)
}

/// The first key given that the kind does not read, so typos and leftovers are caught.
fn unused_keys(raw: &RawChart, kind: &ChartKind) -> Result<(), (Range<usize>, &'static str)> {
    let (items, whole, field, change) = match kind {
        ChartKind::Bars { .. } | ChartKind::Compare { .. } => (true, false, false, false),
        ChartKind::Share { .. } => (true, true, false, false),
        ChartKind::Ranking { .. } => (false, false, true, false),
        ChartKind::Dumbbell { .. } => (false, false, true, true),
    };
    if let (Some(v), false) = (&raw.items, items) {
        return Err((v.span(), "items"));
    }
    if let (Some(v), false) = (&raw.categories, matches!(kind, ChartKind::Bars { .. })) {
        return Err((v.span(), "categories"));
    }
    for (value, used, key) in [
        (&raw.whole, whole, "whole"),
        (&raw.field, field, "field"),
        (&raw.change, change, "change"),
    ] {
        if let (Some(v), false) = (value, used) {
            return Err((v.span(), key));
        }
    }
    Ok(())
}

fn at(span: Range<usize>, message: String) -> ChartError {
    ChartError::Spec {
        message,
        offset: Some(span.start),
        position: None,
    }
}
