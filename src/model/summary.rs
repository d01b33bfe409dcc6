//! The published figures as JSON: `data/summary.json`, the objects charts read, and the
//! scope of `{{ county.… }}` / `{{ city.… }}` references.

use rayon::prelude::*;
use serde_json::{Map, Value, json};

use super::{County, Model};
use std::sync::Arc;

/// The city's object: its figures, then its own figures by section.
pub fn city_value(model: &Model) -> Value {
    let city = &model.city;
    let mut obj = Map::new();
    obj.insert("name".into(), json!(city.data.name));
    if let Some(short) = &city.data.short_name {
        obj.insert("short_name".into(), json!(short));
    }
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
        // The category map itself, in the editor's order with the editor's labels, for
        // charts that draw every category.
        young.insert(
            "origins".into(),
            Value::Array(
                y.origins
                    .iter()
                    .map(|o| json!({"key": o.key, "label": o.label, "count": o.count}))
                    .collect(),
            ),
        );
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
    if let Some(short) = &county.data.short_name {
        obj.insert("short_name".into(), json!(short));
    }
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

/// The published figures: the city's object and one object a county, in the counties'
/// display order. `data/summary.json` is `{"city": …, "counties": […]}`.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// The city's object ([`city_value`]).
    pub city: Value,
    /// Each county's object ([`county_value`]), shared: a county's object is made from its
    /// own sources alone, so an unchanged one can be reused.
    pub counties: Vec<Arc<Value>>,
}

impl Summary {
    /// The counties' objects, borrowed (as the charts take them).
    pub fn county_values(&self) -> Vec<&Value> {
        self.counties.iter().map(|c| &**c).collect()
    }
}

/// The summary of the model, every county's object made afresh.
pub fn summary(model: &Model) -> Summary {
    Summary {
        city: city_value(model),
        counties: model
            .counties
            .par_iter()
            .map(|c| Arc::new(county_value(c)))
            .collect(),
    }
}
