//! Open data: `data/summary.json`, `data/counties.csv` and the charts' CSVs, as files.

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
pub fn data_files(summary: &Summary, shared: &[ChartView]) -> Vec<OutputFile> {
    let mut files = vec![
        OutputFile::text(url::SUMMARY_JSON, summary_json(summary)),
        OutputFile::text(url::COUNTIES_CSV, counties_csv(summary)),
    ];
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

/// `data/summary.json`, pretty-printed exactly as `serde_json::to_string_pretty` would
/// print `{"city": …, "counties": […]}`, but each county in parallel.
fn summary_json(summary: &Summary) -> String {
    let pretty = |v: &Value, indent: &str| {
        serde_json::to_string_pretty(v)
            .unwrap_or_default()
            .replace('\n', &format!("\n{indent}"))
    };
    let counties: Vec<String> = summary
        .counties
        .par_iter()
        .map(|c| pretty(c, "    "))
        .collect();
    let mut out = format!(
        "{{\n  \"city\": {},\n  \"counties\": ",
        pretty(&summary.city, "  ")
    );
    if counties.is_empty() {
        out.push_str("[]");
    } else {
        out.push_str("[\n    ");
        out.push_str(&counties.join(",\n    "));
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

fn counties_csv(summary: &Summary) -> String {
    let table = ChartTable {
        headers: CSV_COLUMNS.iter().map(|(h, _)| (*h).to_string()).collect(),
        rows: summary
            .counties
            .par_iter()
            .map(|c| {
                CSV_COLUMNS
                    .iter()
                    .map(|(_, k)| cell(lookup(c, k)))
                    .collect()
            })
            .collect(),
    };
    bom(table.to_csv())
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
            };
            assert_eq!(summary_json(&summary), want);
        }
    }
}
