//! The published figures as JSON: `data/summary.json`, the objects charts read, and the
//! scope of `{{ county.… }}` / `{{ city.… }}` references.

use rayon::prelude::*;
use serde_json::{Map, Value, json};

use super::{County, Model};
use crate::cache::Memo;

/// The city's object: its figures, then its own figures by section.
pub fn city_value(model: &Model) -> Value {
    let city = &model.city;
    let mut obj = Map::new();
    obj.insert("name".into(), json!(city.data.name));
    obj.insert("year".into(), json!(city.data.year));
    if let Value::Object(figures) = serde_json::to_value(&city.figures).unwrap_or_default() {
        obj.extend(figures);
    }
    if let Some(y) = &city.data.young_cadres {
        let mut young = Map::new();
        young.insert("title".into(), json!(y.title));
        young.insert("total".into(), json!(y.total));
        for o in &y.origins {
            young.insert(o.key.clone(), json!(o.count));
        }
        obj.insert("young_cadres".into(), Value::Object(young));
    }
    for section in &city.data.sections {
        let mut figures = Map::new();
        for f in &section.figures {
            figures.insert(
                f.key.clone(),
                json!({"label": f.label, "value": f.value, "unit": f.unit, "over": f.over}),
            );
        }
        obj.insert(section.key.clone(), Value::Object(figures));
    }
    Value::Object(obj)
}

/// One county's object: slug, name and kind, then its figures.
pub fn county_value(county: &County) -> Value {
    let mut obj = Map::new();
    obj.insert("slug".into(), json!(county.data.slug));
    obj.insert("name".into(), json!(county.data.name));
    obj.insert("kind".into(), json!(county.data.kind));
    obj.insert(
        "national_poverty_county".into(),
        json!(county.data.national_poverty_county),
    );
    if let Value::Object(figures) = serde_json::to_value(&county.figures).unwrap_or_default() {
        obj.extend(figures);
    }
    Value::Object(obj)
}

/// `data/summary.json`.
///
/// A county's object is made from its own sources alone (`County::key`), so the objects
/// of the previous build are moved out of `memo` and reused; [`give_back`] returns them.
pub fn summary(model: &Model, memo: &mut Memo<Value>) -> Value {
    let mut reused: Vec<Option<Value>> = model.counties.iter().map(|c| memo.take(c.key)).collect();
    let counties: Vec<Value> = model
        .counties
        .par_iter()
        .zip(reused.par_iter_mut())
        .map(|(c, old)| old.take().unwrap_or_else(|| county_value(c)))
        .collect();
    // Built by hand: `json!` would serialise the counties into a copy.
    let mut obj = Map::new();
    obj.insert("city".into(), city_value(model));
    obj.insert("counties".into(), Value::Array(counties));
    Value::Object(obj)
}

/// Hands the counties' objects of a finished build's summary to `memo` for the next, and
/// returns what is left of it.
pub fn give_back(summary: Value, model: &Model, memo: &mut Memo<Value>) -> Value {
    if !memo.is_enabled() {
        return summary;
    }
    let Value::Object(mut obj) = summary else {
        return summary;
    };
    if let Some(Value::Array(counties)) = obj.remove("counties") {
        for (c, v) in model.counties.iter().zip(counties) {
            memo.keep_owned(c.key, v);
        }
    }
    Value::Object(obj)
}

/// The city's object of a summary (`Null` if absent).
pub fn city_of(summary: &Value) -> &Value {
    summary.get("city").unwrap_or(&Value::Null)
}

/// The counties' objects of a summary.
pub fn counties_of(summary: &Value) -> &[Value] {
    summary
        .get("counties")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
}
