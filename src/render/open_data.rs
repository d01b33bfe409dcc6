//! Open data: `data/summary.json`, `data/counties.csv` and the charts' CSVs, as files.

use std::sync::Arc;

use rayon::prelude::*;
use serde_json::Value;

use super::{ChartView, OutputFile};
use crate::chart::ChartTable;
use crate::model::lookup;
use crate::model::summary::Summary;
use crate::url;

/// `data/summary.json`, `data/counties.csv` and a CSV for each of the `shared` charts (the
/// city's and the comparisons; a county's charts are its row of `data/counties.csv`). All
/// CSVs start with a BOM.
/// How a region's CSV of its children is made: given the region's slug and what makes the
/// file (which it may call, or not when it has the file already).
pub type RegionCsv<'a> = dyn Fn(&str, &dyn Fn() -> OutputFile) -> OutputFile + Sync + 'a;

/// A county's parts of the open data: its object in `data/summary.json`, indented as
/// there, and its line of `data/counties.csv`.
#[derive(Debug)]
pub struct CountyData {
    json: Box<str>,
    csv_line: Box<str>,
}

/// How a county's parts of the open data are made: given its index, its place (the
/// regions above it, as its parts name them) and what makes them (which it may call, or
/// not when it has them already).
pub type CountyParts<'a> =
    dyn Fn(usize, &str, &dyn Fn() -> CountyData) -> Arc<CountyData> + Sync + 'a;

/// How the parts of the open data that may be kept between builds are made (`serve`
/// keeps them).
pub struct KeptData<'a> {
    /// Each inner region's CSV of its children.
    pub region_csv: &'a RegionCsv<'a>,
    /// Each county's object and CSV line.
    pub county: &'a CountyParts<'a>,
}

/// The open data: `summary.json`, `counties.csv` (each county's parts through `kept`), the
/// regions' CSVs (each region's through `kept`) and each shared chart's CSV.
pub fn data_files(summary: &Summary, shared: &[ChartView], kept: &KeptData<'_>) -> Vec<OutputFile> {
    let counties = county_parts(summary, kept.county);
    // Each is made in one pass on one thread (the JSON is megabytes at 3,000 counties):
    // made side by side.
    let ((json, csv), (regions, by_region)) = rayon::join(
        || {
            rayon::join(
                || OutputFile::text(url::SUMMARY_JSON, summary_json(summary, &counties)),
                || OutputFile::text(url::COUNTIES_CSV, counties_csv(summary, &counties)),
            )
        },
        || {
            let regions = (!summary.regions.is_empty())
                .then(|| OutputFile::text(url::REGIONS_CSV, regions_csv(summary)));
            (regions, region_csvs(summary, kept.region_csv))
        },
    );
    let mut files = vec![json, csv];
    files.extend(regions);
    files.extend(by_region);
    files.par_extend(
        shared
            .par_iter()
            .map(|c| OutputFile::text(c.csv_path.clone(), bom(c.table().to_csv()))),
    );
    files
}

/// The CSV of a comparison's full ranking (at the path its chart's CSV would have).
pub fn ranking_csv(ranking: &super::charts::Ranking) -> OutputFile {
    OutputFile::text(ranking.csv_path(), bom(ranking.ranked.table.to_csv()))
}

/// Each county's parts of the open data, through `kept`. In a nested site a county's
/// object names its region, and its CSV line starts with the names of the regions above
/// it, a cell a level of the site.
fn county_parts(summary: &Summary, kept: &CountyParts<'_>) -> Vec<Arc<CountyData>> {
    let tree = Tree::of(summary);
    let levels = tree.levels(summary).len();
    summary
        .counties
        .par_iter()
        .enumerate()
        .map(|(i, c)| {
            let region = summary.county_regions.get(i).copied().flatten();
            let above = level_cells(summary, &tree.chain(region), levels);
            let slug = region.map(|r| summary.regions.get(r).and_then(|v| v.get("slug")));
            let place = format!("{above:?}{slug:?}");
            kept(i, &place, &|| county_data(c, slug, &above))
        })
        .collect()
}

/// A county's parts of the open data, from its summary object, its region's slug (in a
/// nested site) and the names of the regions above it.
fn county_data(county: &Value, region: Option<Option<&Value>>, above: &[String]) -> CountyData {
    let json = match (region, county.as_object()) {
        (Some(slug), Some(obj)) => pretty(
            &WithRegion {
                obj,
                region: slug.unwrap_or(&Value::Null),
            },
            "    ",
        ),
        (Some(slug), None) => pretty(
            &serde_json::json!({ "region": slug.unwrap_or(&Value::Null) }),
            "    ",
        ),
        (None, _) => pretty(county, "    "),
    };
    let mut row = above.to_vec();
    row.extend(CSV_COLUMNS.iter().map(|(_, k)| cell(lookup(county, k))));
    let mut csv_line = String::new();
    crate::chart::csv_line(&row, &mut csv_line);
    // Kept by `serve` between builds: no spare capacity.
    CountyData {
        json: json.into_boxed_str(),
        csv_line: csv_line.into_boxed_str(),
    }
}

/// A county's object with its region's slug set under `region` (where the object has
/// that key already, else last), as inserting it into a copy would print.
struct WithRegion<'a> {
    obj: &'a serde_json::Map<String, Value>,
    region: &'a Value,
}

impl serde::Serialize for WithRegion<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let has = self.obj.contains_key("region");
        let mut map = s.serialize_map(Some(self.obj.len() + usize::from(!has)))?;
        for (k, v) in self.obj {
            map.serialize_entry(k, if k == "region" { self.region } else { v })?;
        }
        if !has {
            map.serialize_entry("region", self.region)?;
        }
        map.end()
    }
}

/// `v` pretty-printed as `serde_json::to_string_pretty` prints it, each line after the
/// first indented by `indent` more (in one pass).
fn pretty(v: &impl serde::Serialize, indent: &str) -> String {
    let mut out = Indented {
        out: Vec::with_capacity(1024),
        indent: indent.as_bytes(),
    };
    if serde_json::to_writer_pretty(&mut out, v).is_err() {
        return String::new();
    }
    String::from_utf8(out.out).unwrap_or_default()
}

/// A writer that indents every line after the first by `indent`.
struct Indented<'a> {
    out: Vec<u8>,
    indent: &'a [u8],
}

impl std::io::Write for Indented<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut rest = buf;
        while let Some(at) = memchr::memchr(b'\n', rest) {
            self.out.extend_from_slice(&rest[..=at]);
            self.out.extend_from_slice(self.indent);
            rest = &rest[at + 1..];
        }
        self.out.extend_from_slice(rest);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// `data/summary.json`, pretty-printed exactly as `serde_json::to_string_pretty` would
/// print `{"city": …, "counties": […]}`, but each county apart (`counties`).
fn summary_json(summary: &Summary, counties: &[Arc<CountyData>]) -> String {
    let city = pretty(&summary.city, "  ");
    let regions: Vec<String> = summary
        .regions
        .par_iter()
        .map(|r| pretty(r, "    "))
        .collect();
    // Made at its full size at once: at 3,000 counties it is megabytes, and growing it step
    // by step took a fifth of a `serve` rebuild.
    let parts = (regions.iter().map(String::len)).chain(counties.iter().map(|c| c.json.len()));
    let mut out = String::with_capacity(city.len() + parts.map(|n| n + 6).sum::<usize>() + 64);
    out.push_str("{\n  \"city\": ");
    out.push_str(&city);
    out.push_str(",\n  ");
    if !regions.is_empty() {
        out.push_str("\"regions\": [\n    ");
        for (i, r) in regions.iter().enumerate() {
            if i > 0 {
                out.push_str(",\n    ");
            }
            out.push_str(r);
        }
        out.push_str("\n  ],\n  ");
    }
    out.push_str("\"counties\": ");
    if counties.is_empty() {
        out.push_str("[]");
    } else {
        out.push_str("[\n    ");
        for (i, c) in counties.iter().enumerate() {
            if i > 0 {
                out.push_str(",\n    ");
            }
            out.push_str(&c.json);
        }
        out.push_str("\n  ]");
    }
    out.push_str("\n}\n");
    out
}

fn bom(csv: String) -> String {
    format!("\u{FEFF}{csv}")
}

/// The CSV columns of `data/counties.csv`: (header, key path).
pub const CSV_COLUMNS: &[(&str, &str)] = &[
    ("slug", "slug"),
    ("名称", "name"),
    ("类型", "kind"),
    ("班子成员", "members"),
    ("大专以上学历", "college_or_above"),
    ("大专以上占比(%)", "shares.college_or_above"),
    ("研究生", "education.postgraduate"),
    ("本科", "education.undergraduate"),
    ("大专", "education.college"),
    ("中专及以下", "education.below_college"),
    ("女干部", "women"),
    ("女干部占比(%)", "shares.women"),
    ("女性党政正职", "women_principal"),
    ("党外干部", "non_party"),
    ("党外干部进政府班子", "non_party_government"),
    ("党政班子成员", "party_government_team"),
    ("党政班子本地干部", "local_cadres"),
    ("乡镇党政正职经历", "township_principal_experience"),
    (
        "乡镇党政正职经历占比(%)",
        "shares.township_principal_experience",
    ),
    ("42岁以下", "under_42"),
    ("35岁左右", "around_35"),
    ("35岁以下", "age_bands.up_to_35"),
    ("36至40岁", "age_bands.from_36_to_40"),
    ("41至45岁", "age_bands.from_41_to_45"),
    ("46至50岁", "age_bands.from_46_to_50"),
    ("51岁以上", "age_bands.from_51"),
    ("最小年龄", "youngest"),
    ("平均年龄", "average_age"),
    ("上届平均年龄", "average_age_previous"),
    ("平均年龄变化", "average_age_change"),
    ("提拔", "promoted"),
    ("从县（市、区）提拔", "promoted_from_county"),
    ("其中乡镇党政正职", "promoted_township_principals"),
    ("国定贫困县", "national_poverty_county"),
];

/// `data/counties.csv`: one row a county (`counties`, each its line); in a nested site led
/// by a column for each level of regions above the counties (省, 市: each county's region
/// at that level), so that a spreadsheet can pivot on them.
fn counties_csv(summary: &Summary, counties: &[Arc<CountyData>]) -> String {
    let mut headers = Tree::of(summary).levels(summary);
    headers.extend(CSV_COLUMNS.iter().map(|(h, _)| (*h).to_string()));
    let lines: usize = counties.iter().map(|c| c.csv_line.len()).sum();
    let mut csv = String::with_capacity(lines + 1024);
    csv.push('\u{FEFF}');
    crate::chart::csv_line(&headers, &mut csv);
    for c in counties {
        csv.push_str(&c.csv_line);
    }
    csv
}

/// The names of the regions of `chain` (from the top), a cell a level of the site's
/// `levels` (empty below the chain's end).
fn level_cells(summary: &Summary, chain: &[usize], levels: usize) -> Vec<String> {
    (0..levels)
        .map(|d| {
            chain
                .get(d)
                .and_then(|&r| summary.regions[r].get("name"))
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        })
        .collect()
}

/// `data/regions.csv`: one row an inner region, led by the regions above it (a column a
/// level, as in `data/counties.csv`), with the columns of the counties' that apply.
fn regions_csv(summary: &Summary) -> String {
    let tree = Tree::of(summary);
    let levels = tree.levels(summary);
    let mut headers = levels.clone();
    headers.extend(CSV_COLUMNS.iter().map(|(h, _)| (*h).to_string()));
    let rows = summary
        .regions
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let chain = tree.chain(Some(i));
            let above = &chain[..chain.len().saturating_sub(1)];
            let mut row = level_cells(summary, above, levels.len());
            row.extend(region_row(r));
            row
        })
        .collect();
    bom(ChartTable { headers, rows }.to_csv())
}

/// A region's cells of the columns of `data/counties.csv`: its level as its kind.
fn region_row(region: &Value) -> Vec<String> {
    CSV_COLUMNS
        .iter()
        .map(|(_, k)| match (*k, region.get("kind")) {
            ("kind", None) => cell(region.get("level")),
            _ => cell(lookup(region, k)),
        })
        .collect()
}

/// The regions of a summary as a tree of indices: each region's parent.
struct Tree {
    parents: Vec<Option<usize>>,
}

impl Tree {
    fn of(summary: &Summary) -> Tree {
        let slug = |v: &Value| v.get("slug").and_then(Value::as_str).map(str::to_string);
        let index: std::collections::HashMap<String, usize> = summary
            .regions
            .iter()
            .enumerate()
            .filter_map(|(i, r)| Some((slug(r)?, i)))
            .collect();
        Tree {
            parents: summary
                .regions
                .iter()
                .map(|r| {
                    let parent = r.get("parent").and_then(Value::as_str)?;
                    index.get(parent).copied()
                })
                .collect(),
        }
    }

    /// The region at `at` and those above it, from the root's child down.
    fn chain(&self, mut at: Option<usize>) -> Vec<usize> {
        let mut chain = Vec::new();
        while let Some(r) = at.filter(|&r| r < self.parents.len() && !chain.contains(&r)) {
            chain.push(r);
            at = self.parents[r];
        }
        chain.reverse();
        chain
    }

    /// Each depth's column header: the `level` its first region gives (省), else 第N级地区.
    fn levels(&self, summary: &Summary) -> Vec<String> {
        crate::model::region::level_headers(summary.regions.iter().enumerate().map(|(i, r)| {
            let level = r.get("level").and_then(Value::as_str);
            (self.chain(Some(i)).len(), level)
        }))
    }
}

/// One CSV an inner region: a row for each of its children (its regions, then its own
/// counties), with the columns of `data/counties.csv` that apply to both.
fn region_csvs(summary: &Summary, region_csv: &RegionCsv<'_>) -> Vec<OutputFile> {
    let tree = Tree::of(summary);
    let mut children: Vec<Vec<&Value>> = vec![Vec::new(); summary.regions.len()];
    for (region, parent) in summary.regions.iter().zip(&tree.parents) {
        if let Some(rows) = parent.and_then(|p| children.get_mut(p)) {
            rows.push(region);
        }
    }
    for (county, region) in summary.counties.iter().zip(&summary.county_regions) {
        if let Some(rows) = region.and_then(|r| children.get_mut(r)) {
            rows.push(county);
        }
    }
    summary
        .regions
        .par_iter()
        .zip(children.par_iter())
        .filter_map(|(r, rows)| {
            let slug = r.get("slug")?.as_str()?;
            let make = || {
                let table = ChartTable {
                    headers: CSV_COLUMNS.iter().map(|(h, _)| (*h).to_string()).collect(),
                    // A region is of its level (市, 省), not a kind of county.
                    rows: rows.iter().map(|c| region_row(c)).collect(),
                };
                OutputFile::text(url::region_csv(slug), bom(table.to_csv()))
            };
            Some(region_csv(slug, &make))
        })
        .collect()
}

/// One value as a CSV cell: one decimal for measured numbers, 是/否 for flags.
fn cell(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(Value::Bool(true)) => "是".into(),
        Some(Value::Bool(false)) => "否".into(),
        Some(Value::Number(n)) => match n.as_f64() {
            Some(f) if n.is_f64() => format!("{f:.1}"),
            _ => n.to_string(),
        },
        Some(other) => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_json_is_what_serde_json_prints() {
        let county = |slug: &str, n: u32| {
            serde_json::json!({
                "slug": slug, "name": "名\"称\n", "members": n,
                "shares": {"women": 13.9, "list": [1, 2, {"a": null}]},
                "empty": {}, "none": []
            })
        };
        for counties in [
            vec![],
            vec![county("a", 1)],
            vec![county("a", 1), county("b", 2)],
        ] {
            let city = serde_json::json!({"name": "临汾市", "year": 2016, "nested": {"x": [1.5]}});
            let whole = serde_json::json!({"city": city, "counties": counties});
            let want = serde_json::to_string_pretty(&whole).expect("json") + "\n";
            let summary = Summary {
                city,
                counties: counties.into_iter().map(std::sync::Arc::new).collect(),
                ..Summary::default()
            };
            let parts = county_parts(&summary, &|_, _, make| Arc::new(make()));
            assert_eq!(summary_json(&summary, &parts), want);
        }
    }

    #[test]
    fn a_county_with_its_region_prints_as_the_object_with_the_key_set() {
        let slug = serde_json::json!("r01");
        for county in [
            serde_json::json!({"slug": "a", "name": "名\"称", "shares": {"women": 13.9}}),
            serde_json::json!({"region": "old", "slug": "a", "list": [1, {"b": []}]}),
            serde_json::json!({}),
            serde_json::json!([1, 2]),
        ] {
            for region in [Some(&slug), None] {
                let mut obj = county.as_object().cloned().unwrap_or_default();
                obj.insert("region".into(), region.cloned().unwrap_or(Value::Null));
                let want = serde_json::to_string_pretty(&Value::Object(obj))
                    .expect("json")
                    .replace('\n', "\n    ");
                let data = county_data(&county, Some(region), &[]);
                assert_eq!(&*data.json, want, "{county} {region:?}");
            }
            let want = serde_json::to_string_pretty(&county)
                .expect("json")
                .replace('\n', "\n    ");
            assert_eq!(&*county_data(&county, None, &[]).json, want, "{county}");
        }
    }
}
