//! Open data: `data/summary.json`, `data/counties.csv` and the charts' CSVs, as files.

use rayon::prelude::*;
use serde_json::Value;

use super::{Charts, OutputFile};
use crate::chart::{ChartTable, tidy_csv};
use crate::model::lookup;
use crate::model::summary::counties_of;

/// `data/summary.json`, `data/counties.csv`, a CSV for each of the city's charts and
/// comparisons, and one for each county's charts together. All CSVs start with a BOM.
pub(super) fn data_files(summary: &Value, charts: &Charts) -> Vec<OutputFile> {
    let mut files = vec![
        OutputFile::text(
            "data/summary.json",
            serde_json::to_string_pretty(summary).unwrap_or_default() + "\n",
        ),
        OutputFile::text("data/counties.csv", counties_csv(summary)),
    ];
    files.par_extend(
        charts
            .city
            .par_iter()
            .chain(&charts.comparison)
            .map(|c| OutputFile::text(c.csv_path.clone(), bom(c.table().to_csv()))),
    );
    files.par_extend(charts.counties.par_iter().filter_map(|(_, views)| {
        let path = views.first()?.csv_path.clone();
        let tables: Vec<_> = views
            .iter()
            .map(|v| (v.title.as_str(), v.table()))
            .collect();
        let csv = tidy_csv(tables.iter().map(|(t, table)| (*t, table)));
        Some(OutputFile::text(path, bom(csv)))
    }));
    files
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
    ("女干部", "women"),
    ("女干部占比(%)", "shares.women"),
    ("女性党政正职", "women_principal"),
    ("党外干部", "non_party"),
    ("党外干部进政府班子", "non_party_government"),
    ("乡镇党政正职经历", "township_principal_experience"),
    (
        "乡镇党政正职经历占比(%)",
        "shares.township_principal_experience",
    ),
    ("42岁以下", "under_42"),
    ("35岁左右", "around_35"),
    ("最小年龄", "youngest"),
    ("平均年龄", "average_age"),
    ("上届平均年龄", "average_age_previous"),
    ("平均年龄变化", "average_age_change"),
    ("提拔", "promoted"),
    ("从县（市、区）提拔", "promoted_from_county"),
    ("其中乡镇党政正职", "promoted_township_principals"),
    ("国定贫困县", "national_poverty_county"),
];

fn counties_csv(summary: &Value) -> String {
    let table = ChartTable {
        headers: CSV_COLUMNS.iter().map(|(h, _)| (*h).to_string()).collect(),
        rows: counties_of(summary)
            .iter()
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
