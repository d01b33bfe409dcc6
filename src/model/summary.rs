//! The published figures as JSON: `data/summary.json`, the objects charts read, and the
//! scope of `{{ county.… }}` / `{{ city.… }}` references.

use rayon::prelude::*;
use serde_json::{Map, Value, json};

use super::city::CityData;
use super::figures::Figures;
use super::region::Region;
use super::{County, Model};
use std::sync::Arc;

/// The city's object: its figures, then its own figures by section.
pub fn city_value(model: &Model) -> Value {
    Value::Object(place_value(
        &model.city.data,
        &model.city.figures,
        Map::new(),
    ))
}

/// An inner region's object: its slug, level and place in the tree (its parent's slug, its
/// child regions' and its own counties' slugs), then its figures and its own figures by
/// section, as the city's.
pub fn region_value(model: &Model, region: &Region) -> Value {
    let tree = &model.tree;
    let mut obj = Map::new();
    obj.insert("slug".into(), json!(region.slug));
    let head = place_value(&region.data, &region.figures, obj);
    let mut obj = Map::new();
    let slugs = |ids: &[usize]| -> Vec<&str> {
        ids.iter().map(|&i| tree.regions[i].slug.as_str()).collect()
    };
    for (k, v) in head {
        obj.insert(k, v);
        if obj.len() == 2 {
            // After the slug and the name: where it sits.
            obj.insert("level".into(), json!(region.data.level));
            obj.insert(
                "parent".into(),
                json!(region.parent.map(|p| &tree.regions[p].slug)),
            );
            obj.insert("regions".into(), json!(slugs(&region.regions)));
            obj.insert(
                "counties".into(),
                json!(
                    region
                        .counties
                        .iter()
                        .map(|&c| model.counties[c].data.slug.as_str())
                        .collect::<Vec<_>>()
                ),
            );
        }
    }
    Value::Object(obj)
}

/// The object of the city or a region, after what `obj` holds already.
fn place_value(
    data: &CityData,
    figures: &Figures,
    mut obj: Map<String, Value>,
) -> Map<String, Value> {
    obj.insert("name".into(), json!(data.name));
    if let Some(short) = &data.short_name {
        obj.insert("short_name".into(), json!(short));
    }
    obj.insert("year".into(), json!(data.year));
    if let Value::Object(figures) = serde_json::to_value(figures).unwrap_or_default() {
        obj.extend(figures);
    }
    if let Some(y) = &data.young_cadres {
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
    for section in &data.sections {
        let mut figures = Map::new();
        for f in &section.figures {
            figures.insert(
                f.key.clone(),
                json!({"label": f.label, "value": f.value, "unit": f.unit, "over": f.over}),
            );
        }
        obj.insert(section.key.clone(), Value::Object(figures));
    }
    obj
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
    /// Each inner region's object ([`region_value`]), in the tree's order; empty for a site
    /// of one city.
    pub regions: Vec<Value>,
    /// Each county's region (an index into `regions`), in the counties' order.
    pub county_regions: Vec<Option<usize>>,
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
        regions: region_values(model),
        county_regions: model.tree.county_parents.clone(),
    }
}

/// Every inner region's object, in the tree's order.
pub fn region_values(model: &Model) -> Vec<Value> {
    model
        .tree
        .regions
        .par_iter()
        .map(|r| region_value(model, r))
        .collect()
}

impl Summary {
    /// The objects of the children of the region at `region` (the root's when none): its
    /// child regions, then its own counties.
    pub fn children(&self, model: &Model, region: Option<usize>) -> Vec<&Value> {
        let (regions, counties) = match region.and_then(|r| model.tree.regions.get(r)) {
            Some(r) => (&r.regions, &r.counties),
            None => (&model.tree.top_regions, &model.tree.top_counties),
        };
        regions
            .iter()
            .filter_map(|&r| self.regions.get(r))
            .chain(
                counties
                    .iter()
                    .filter_map(|&c| self.counties.get(c).map(|v| &**v)),
            )
            .collect()
    }
}
