//! `qingfeng import FILE [--dry-run]`: read a table of county figures (one row a county) and
//! update `content/counties/<slug>.yaml` in place: only the value text of the keys that
//! change, every comment and every other line as it was. A row for a county the site does
//! not have makes its file, in a nested site in the folder of the region its level columns
//! (市, 片区) or its 地区 column name. Nothing is written unless every row gives a county
//! that passes the build's rules.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::cli::ImportArgs;
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics, Error, Result, nearest};
use crate::load::slips::{self, NumberSlip};
use crate::load::{CountySource, SourceFile, Sources, load_sources, region_folders};
use crate::messages::catalog as codes;
use crate::messages::{Lang, Text};
use crate::model::county::is_valid_slug;
use crate::model::rules::MAX_COUNT;
use crate::model::{build_model, validate_county};
use crate::platform::display_path;
use crate::scaffold;
use crate::sheet::edit::{Editor, index, scalar};
use crate::sheet::regions::{REGION_HEADERS, SheetRegion, SiteRegions};
use crate::sheet::{
    COMPUTED, Cell, FIELDS, Field, Kind, Row, Table, column_letter, excel_date, rounded_decimal,
};

/// Runs the import into the site at `root`; 1 when the table has errors (nothing written).
pub fn execute(root: &Path, args: &ImportArgs) -> Result<i32> {
    let config = Config::load(root, None)?;
    let table = read_table(&args.file)?;
    let (sources, _) = load_sources(&config)?;
    let label = PathBuf::from(display_path(&args.file));
    let plan = plan(&sources, &table, &label);
    for d in &plan.diagnostics.0 {
        crate::errln!("{d}");
    }
    let errors = plan.diagnostics.error_count();
    if errors > 0 {
        let (s, file) = (if errors == 1 { "" } else { "s" }, display_path(&args.file));
        let failed = crate::t!(
            "import failed: {errors} error{s} in {file}; nothing was written",
            "导入失败：{file} 中有 {errors} 个错误；没有写入任何文件"
        );
        crate::errln!("{failed}");
        return Ok(1);
    }
    let changes: usize = plan.counties.iter().map(|c| c.changes.len()).sum();
    for county in &plan.counties {
        if county.is_new {
            let (name, rel) = (&county.name, display_path(Path::new(&county.rel)));
            crate::outln!(
                "{}",
                crate::t!("new county {name}: {rel}", "新增县 {name}：{rel}")
            );
        }
        for c in &county.changes {
            let (name, header, path, cell) = (&county.name, &c.header, &c.path, &c.cell);
            let (old, new) = (shown_or_empty(&c.old), shown_or_empty(&c.new));
            let (old_zh, new_zh) = (old.get(Lang::Zh), new.get(Lang::Zh));
            let (old, new) = (&old.en, &new.en);
            let line = crate::t!(
                "county {name} · field {header} ({path}) · {old} → {new} · {cell}",
                "县 {name} · 字段 {header}（{path}） · {old_zh} → {new_zh} · {cell}"
            );
            crate::outln!("{line}");
        }
    }
    let counties = plan.counties.len();
    if changes == 0 && !plan.counties.iter().any(|c| c.is_new) {
        let none = Text::both(
            "no changes: the YAML files already hold every value of the table",
            "没有改动：YAML 文件中已经是表格中的全部数值",
        );
        crate::outln!("{none}");
        return Ok(0);
    }
    let summary = format!(
        "{changes} change{} in {counties} count{}",
        if changes == 1 { "" } else { "s" },
        if counties == 1 { "y" } else { "ies" }
    );
    let summary_zh = format!("{counties} 个县共 {changes} 处改动");
    if args.dry_run {
        let dry = crate::t!(
            "dry run: {summary}; nothing was written (run without --dry-run to write them)",
            "试运行：{summary_zh}；没有写入任何文件（去掉 --dry-run 再运行即可写入）"
        );
        crate::outln!("{dry}");
        return Ok(0);
    }
    for county in &plan.counties {
        let path = config.root.join(&county.rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::write(parent, e))?;
        }
        let mut bytes = Vec::new();
        if county.bom {
            bytes.extend_from_slice("\u{FEFF}".as_bytes());
        }
        bytes.extend_from_slice(county.text.as_bytes());
        crate::check::fix::replace_atomically(&path, &bytes)?;
        if let Some((rel, text)) = &county.narrative {
            let path = config.root.join(rel);
            if !path.exists() {
                crate::check::fix::replace_atomically(&path, text.as_bytes())?;
            }
        }
    }
    let done = crate::t!(
        "{summary} written; next: `qingfeng check`, then `qingfeng build`",
        "已写入{summary_zh}；下一步：`qingfeng check`，然后 `qingfeng build`"
    );
    crate::outln!("{done}");
    Ok(0)
}

/// A value as the printout of changes shows it: `(empty)` / `（空）` for none.
fn shown_or_empty(s: &str) -> Text {
    if s.is_empty() {
        Text::both("(empty)", "（空）")
    } else {
        Text::both(s, s)
    }
}

/// Reads `.csv` (UTF-8 or GB18030) or a workbook by its extension.
fn read_table(path: &Path) -> Result<Table> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let file = display_path(path);
    let bad = |why: Text| {
        let (why_en, why_zh) = (&why.en, why.get(Lang::Zh));
        Error::usage(
            crate::messages::catalog::IMPORT_UNREADABLE,
            crate::t!("{file}: {why_en}", "无法读取表格 {file}：{why_zh}"),
        )
    };
    match ext.as_str() {
        "csv" => {
            let bytes = std::fs::read(path).map_err(|e| Error::read(path, e))?;
            let sheet = path
                .file_stem()
                .map_or_else(|| "csv".into(), |s| s.to_string_lossy().into_owned());
            crate::sheet::read_csv(&bytes, &sheet).map_err(bad)
        }
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => {
            let bytes = std::fs::read(path).map_err(|e| Error::read(path, e))?;
            crate::sheet::read_workbook(bytes).map_err(bad)
        }
        _ => Err(Error::usage(
            crate::messages::catalog::IMPORT_UNREADABLE,
            crate::t!(
                "{file}: import reads .xlsx, .xls, .ods and .csv files; save the table as one of those",
                "{file}：import 只读取 .xlsx、.xls、.ods 和 .csv 文件；请把表格另存为其中一种格式"
            ),
        )),
    }
}

/// What an import would do: each county's new text and its changes, or the errors.
#[derive(Debug, Default)]
pub struct Plan {
    /// Counties whose file changes or is new, in the table's order.
    pub counties: Vec<PlannedCounty>,
    /// Errors (nothing may be written) and warnings.
    pub diagnostics: Diagnostics,
}

/// One county's file after the import.
#[derive(Debug)]
pub struct PlannedCounty {
    /// Its name, for the printout.
    pub name: String,
    /// `content/counties/<slug>.yaml`.
    pub rel: PathBuf,
    /// The new text (without a BOM).
    pub text: String,
    /// Whether the file starts with a BOM.
    pub bom: bool,
    /// Whether the file is new.
    pub is_new: bool,
    /// A new county's narrative: its path and text.
    pub narrative: Option<(PathBuf, String)>,
    /// The changed fields.
    pub changes: Vec<Change>,
}

/// One changed field.
#[derive(Debug, Clone)]
pub struct Change {
    /// Its header.
    pub header: &'static str,
    /// Its key path.
    pub path: &'static str,
    /// The old value as shown (empty when there was none).
    pub old: String,
    /// The new value as shown (empty when it is removed).
    pub new: String,
    /// `各县数据!D7`.
    pub cell: String,
}

/// A county on the site, for matching rows.
struct Known<'a> {
    slug: String,
    name: String,
    short_name: Option<String>,
    source: &'a CountySource,
}

/// The table as the import reads it: the rows under the header and the columns that name
/// fields.
struct Sheet<'t> {
    /// The sheet's name, for cell names.
    name: &'t str,
    /// The table's file, as messages name it.
    file: &'t Path,
    rows: &'t [Row],
    columns: Vec<(usize, &'static Field)>,
    slug_col: Option<usize>,
    name_col: Option<usize>,
    /// The level columns of a nested site: each column with its depth (1 under the root).
    levels: Vec<(usize, usize)>,
    /// The column naming a county's own region, whatever its level (地区).
    region_col: Option<usize>,
}

impl Sheet<'_> {
    /// An error in a cell of the table (an empty help is left out).
    fn error(&self, message: Text, help: Text) -> Diagnostic {
        let d = Diagnostic::error(self.file.to_path_buf(), message).code(codes::IMPORT_CELL);
        if help.en.is_empty() { d } else { d.help(help) }
    }

    /// The column of the field at `path`.
    fn column(&self, path: &str) -> Option<usize> {
        self.columns
            .iter()
            .find(|(_, f)| f.path == path)
            .map(|(i, _)| *i)
    }

    /// `各县数据!D7`.
    fn cell_name(&self, col: usize, row: &Row) -> String {
        format!("{}!{}{}", self.name, column_letter(col), row.number)
    }

    /// The trimmed text of a row's cell.
    fn text(row: &Row, col: usize) -> String {
        row.cells
            .get(col)
            .map(|c| c.shown().trim().to_owned())
            .unwrap_or_default()
    }

    /// The row's non-empty level cells, from the top level down: (column, depth, text).
    fn level_cells(&self, row: &Row) -> Vec<(usize, usize, String)> {
        let mut cells: Vec<(usize, usize, String)> = self
            .levels
            .iter()
            .map(|&(col, depth)| (col, depth, Self::text(row, col)))
            .filter(|(_, _, t)| !t.is_empty())
            .collect();
        cells.sort_by_key(|&(_, depth, _)| depth);
        cells
    }

    /// The row's non-empty 地区 cell: (column, text).
    fn region_cell(&self, row: &Row) -> Option<(usize, String)> {
        self.region_col
            .map(|col| (col, Self::text(row, col)))
            .filter(|(_, t)| !t.is_empty())
    }
}

/// Which county a row is for: one on the site (`found`), or a new one named by its slug.
struct RowCounty<'k> {
    /// The slug cell's text (may be empty).
    slug: String,
    /// The name cell's text (may be empty).
    name: String,
    found: Option<&'k Known<'k>>,
}

/// The county file a row edits: the site's, or a new one from the scaffold.
struct CountyFile {
    /// The text before the import (without a BOM).
    base: String,
    bom: bool,
    rel: PathBuf,
    narrative: Option<SourceFile>,
    is_new: bool,
}

/// How messages place a row's findings: cell, row number and county, in both languages
/// (the sheet's, county's and column's names as the table and the site write them).
struct RowPlace<'a> {
    sheet: &'a Sheet<'a>,
    row: &'a Row,
    county: String,
}

impl RowPlace<'_> {
    /// `row 7, county 尧都区` / `第7行, 县 尧都区`.
    fn row(&self) -> Text {
        let (n, county) = (self.row.number, &self.county);
        crate::t!("row {n}, county {county}", "第{n}行, 县 {county}")
    }

    /// `各县数据!D7, 各县数据!E7 (row 7, county 尧都区)`.
    fn cells(&self, cells: &str) -> Text {
        let (n, county) = (self.row.number, &self.county);
        crate::t!(
            "{cells} (row {n}, county {county})",
            "{cells} (第{n}行, 县 {county})"
        )
    }

    /// `各县数据!D7 (row 7, county 尧都区, field 班子成员 members)`.
    fn field(&self, col: usize, f: &Field) -> Text {
        let (cell, n, county) = (
            self.sheet.cell_name(col, self.row),
            self.row.number,
            &self.county,
        );
        let (header, path) = (f.header, f.path);
        crate::t!(
            "{cell} (row {n}, county {county}, field {header} {path})",
            "{cell} (第{n}行, 县 {county}, 字段 {header} {path})"
        )
    }
}

/// Plans the import of `table` into the site of `sources`; `file` names the table in messages.
pub fn plan(sources: &Sources, table: &Table, file: &Path) -> Plan {
    let mut out = Plan::default();
    let regions = SiteRegions::of(sources);
    let Some(sheet) = read_sheet(table, file, &regions, &mut out.diagnostics) else {
        return out;
    };
    let known = known_counties(sources);
    let mut seen: HashMap<String, usize> = HashMap::new();
    for row in sheet.rows {
        if total_row(&sheet, row, &mut out.diagnostics) {
            continue;
        }
        let (site, diags) = ((known.as_slice(), &regions), &mut out.diagnostics);
        if let Some(county) = plan_row(&sheet, row, site, &mut seen, diags) {
            out.counties.push(county);
        }
    }
    if !out.diagnostics.has_errors() && !out.counties.is_empty() {
        site_rules(sources, &out.counties, &mut out.diagnostics);
    }
    out
}

/// The header row (the first that names a field; a title row above it is skipped), the
/// columns and the rows under it; none when the table cannot be read as counties.
fn read_sheet<'t>(
    table: &'t Table,
    file: &'t Path,
    regions: &SiteRegions,
    diags: &mut Diagnostics,
) -> Option<Sheet<'t>> {
    let start = table
        .rows
        .iter()
        .take(10)
        .position(|r| {
            r.cells
                .iter()
                .any(|c| crate::sheet::field_for(&c.shown()).is_some())
        })
        .unwrap_or(0);
    let mut sheet = Sheet {
        name: &table.sheet,
        file,
        rows: &[],
        columns: Vec::new(),
        slug_col: None,
        name_col: None,
        levels: Vec::new(),
        region_col: None,
    };
    let Some((header, rows)) = table.rows[start..].split_first() else {
        diags.push(sheet.error(
            crate::t!("the sheet {} is empty", "工作表 {} 是空的", table.sheet),
            crate::messages::Text::both("the first row holds the headers (名称, 班子成员, …), then one row a county; `qingfeng export` writes such a table", "第一行是表头（名称、班子成员……），下面一行一个县；`qingfeng export` 会生成这样的表格"),
        ));
        return None;
    };
    sheet.rows = rows;
    cells_past_the_header(&sheet, header, diags);
    let columns = columns(table, header, file, regions, diags);
    (sheet.columns, sheet.levels, sheet.region_col) =
        (columns.fields, columns.levels, columns.region);
    (sheet.slug_col, sheet.name_col) = (sheet.column("slug"), sheet.column("name"));
    if sheet.slug_col.is_none() && sheet.name_col.is_none() {
        diags.push(sheet.error(
            crate::t!("the sheet {} has neither a slug nor a 名称 column, so its rows cannot be matched to counties", "工作表 {} 既没有 slug 列也没有“名称”列，无法把各行对应到县", table.sheet),
            crate::messages::Text::both("keep the slug and 名称 columns of the table `qingfeng export` writes", "请保留 `qingfeng export` 生成的表格中的 slug 列和“名称”列"),
        ));
        return None;
    }
    (!diags.has_errors()).then_some(sheet)
}

/// A row with a cell right of the last header: in a CSV, an unquoted number with a comma
/// (`1,5`) splits into two cells and moves every later one a column right, so the row's
/// figures would land under the wrong headers. One error a row, at its first such cell.
fn cells_past_the_header(sheet: &Sheet<'_>, header: &Row, diags: &mut Diagnostics) {
    let csv = sheet
        .file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    if !csv {
        return;
    }
    let width = header
        .cells
        .iter()
        .rposition(|c| !c.is_empty())
        .map_or(0, |i| i + 1);
    for row in sheet.rows {
        let Some(extra) = row
            .cells
            .iter()
            .enumerate()
            .skip(width)
            .find(|(_, c)| !c.is_empty())
            .map(|(i, _)| i)
        else {
            continue;
        };
        let (at, n, value) = (
            sheet.cell_name(extra, row),
            row.number,
            row.cells[extra].shown(),
        );
        diags.push(sheet.error(
            crate::t!(
                "{at}: row {n} has a cell (`{value}`) right of the last header, so its cells do not line up with the headers",
                "{at}：第 {n} 行在最后一列表头的右边还有单元格（`{value}`），该行各单元格与表头对不齐"
            ),
            crate::messages::Text::both(
                "a number with a comma (1,5) splits a CSV cell in two: write it without the comma, or with a point (1.5); then delete the extra cell",
                "CSV 中带逗号的数字（如 1,5）会被拆成两个单元格：去掉逗号或改用小数点（1.5），再删去多出的单元格",
            ),
        ));
    }
}

/// The site's counties with the slug and names rows are matched by.
fn known_counties(sources: &Sources) -> Vec<Known<'_>> {
    sources
        .counties
        .iter()
        .map(|c| {
            let value: serde_yaml::Value = serde_yaml::from_str(&c.data.text).unwrap_or_default();
            let text = |k: &str| value.get(k).and_then(|v| v.as_str()).map(str::to_owned);
            Known {
                slug: c
                    .data
                    .rel
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                name: text("name").unwrap_or_default(),
                short_name: text("short_name"),
                source: c,
            }
        })
        .collect()
}

/// One row's county file after the import; none when the row has errors (in `diags`) or
/// changes nothing.
fn plan_row(
    sheet: &Sheet<'_>,
    row: &Row,
    (known, regions): (&[Known<'_>], &SiteRegions),
    seen: &mut HashMap<String, usize>,
    diags: &mut Diagnostics,
) -> Option<PlannedCounty> {
    let county = match_row(sheet, row, known, seen, diags)?;
    let file = match county.found {
        Some(k) => {
            check_region(sheet, row, regions, k, diags);
            CountyFile {
                base: k.source.data.text.to_string(),
                bom: k.source.data.bom,
                rel: k.source.data.rel.clone(),
                narrative: k.source.narrative.clone(),
                is_new: false,
            }
        }
        None => {
            let folder = region_of_new(sheet, row, regions, diags);
            let file = new_county(sheet, row, &county, folder.as_deref(), diags);
            folder.and(file)?
        }
    };
    let display_name = if county.name.is_empty() {
        county
            .found
            .map_or_else(|| county.slug.clone(), |k| k.name.clone())
    } else {
        county.name.clone()
    };
    let place = RowPlace {
        sheet,
        row,
        county: display_name,
    };
    let current = parse_current(&file, &place, diags)?;
    let (text, changes) = edit_fields(&place, &file, &current, diags)?;
    if changes.is_empty() && !file.is_new {
        return None;
    }
    let source = CountySource {
        data: SourceFile {
            path: file.rel.clone(),
            rel: file.rel.clone(),
            text: Arc::from(text.as_str()),
            bom: file.bom,
            read_key: None,
        },
        narrative: file.narrative,
    };
    let (_, findings) = validate_county(&source);
    place_findings(&place, findings, &text, &changes, diags);
    Some(PlannedCounty {
        name: place.county,
        rel: file.rel,
        text,
        bom: file.bom,
        is_new: file.is_new,
        narrative: if file.is_new {
            source.narrative.map(|n| (n.rel, n.text.to_string()))
        } else {
            None
        },
        changes,
    })
}

/// Whether `row` is a total row (`合计`, `总计`, `东片区小计`, `全市` in its slug or 名称
/// cell, or in a level or 地区 cell of a row without either) pasted with the counties, as
/// the column's own tables have one: it is no county, so it is left out with a warning;
/// the site computes every total from the counties.
fn total_row(sheet: &Sheet<'_>, row: &Row, diags: &mut Diagnostics) -> bool {
    let own = [sheet.slug_col, sheet.name_col].into_iter().flatten();
    let unnamed = own.clone().all(|col| Sheet::text(row, col).is_empty());
    let regions = sheet
        .levels
        .iter()
        .map(|&(col, _)| col)
        .chain(sheet.region_col)
        .filter(|_| unnamed);
    let Some((col, label)) = own
        .chain(regions)
        .map(|col| (col, Sheet::text(row, col)))
        .find(|(_, text)| is_total_label(text))
    else {
        return false;
    };
    let (at, n) = (sheet.cell_name(col, row), row.number);
    diags.push(
        Diagnostic::warning(
            sheet.file.to_path_buf(),
            crate::t!(
                "{at} (row {n}): `{label}` is a total row, not a county; the row was left out",
                "{at} (第{n}行)：“{label}”是合计行，不是县；这一行未导入"
            ),
        )
        .help(Text::both(
            "qingfeng adds up the counties itself; to have a total the column states checked, write it under `expected:` in content/city.yaml",
            "qingfeng 会自行把各县数字相加；要核对栏目公布的合计，请写在 content/city.yaml 的 `expected:` 下",
        ))
        .code(codes::IMPORT_TOTAL_ROW),
    );
    true
}

/// Whether a slug or name cell labels a total rather than a county: `合计`, `总 计`,
/// `合计：`, `临汾市小计`, `全市`, `Total`.
fn is_total_label(text: &str) -> bool {
    let label: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .trim_end_matches([':', '：'])
        .to_lowercase();
    ["合计", "总计", "小计", "共计", "总数", "累计"]
        .iter()
        .any(|t| label.ends_with(t))
        || [
            "全市",
            "全省",
            "全国",
            "全地区",
            "全盟",
            "全州",
            "total",
            "sum",
        ]
        .contains(&label.as_str())
}

/// The county a row is for, by its slug, or else its name or short name; none (with the
/// error) when the name is ambiguous or an earlier row was for the same county.
fn match_row<'k>(
    sheet: &Sheet<'_>,
    row: &Row,
    known: &'k [Known<'k>],
    seen: &mut HashMap<String, usize>,
    diags: &mut Diagnostics,
) -> Option<RowCounty<'k>> {
    let cell = |col: Option<usize>| {
        col.and_then(|i| row.cells.get(i))
            .cloned()
            .unwrap_or(Cell::Empty)
    };
    let slug = cell(sheet.slug_col).shown().trim().to_owned();
    let name = cell(sheet.name_col).shown().trim().to_owned();
    let found = if !slug.is_empty() {
        known.iter().find(|k| k.slug == slug)
    } else {
        let matches: Vec<&Known<'_>> = known
            .iter()
            .filter(|k| k.name == name || k.short_name.as_deref() == Some(name.as_str()))
            .collect();
        if matches.len() > 1 {
            diags.push(sheet.error(
                crate::t!(
                    "{} (row {}): {} counties are named {name}",
                    "{} (第{}行)：有 {} 个县都叫 {name}",
                    sheet.cell_name(sheet.name_col.unwrap_or(0), row),
                    row.number,
                    matches.len()
                ),
                crate::messages::Text::both(
                    "write the county's slug in the slug column",
                    "请在 slug 列写上该县的拼音名",
                ),
            ));
            return None;
        }
        matches.first().copied()
    };
    let key = found.map_or_else(|| slug.clone(), |k| k.slug.clone());
    if let Some(first) = seen.insert(key.clone(), row.number) {
        diags.push(sheet.error(
            crate::t!(
                "{} (row {}): the county {} is also in row {first}",
                "{} (第{}行)：县 {} 在第 {first} 行也出现了",
                sheet.cell_name(sheet.slug_col.or(sheet.name_col).unwrap_or(0), row),
                row.number,
                if name.is_empty() { &key } else { &name }
            ),
            crate::messages::Text::both(
                "keep one row a county: delete or merge the other row",
                "每个县只保留一行：请删去或合并另一行",
            ),
        ));
        return None;
    }
    Some(RowCounty { slug, name, found })
}

/// A row's level cells: (column, depth, text), each narrowing the one above.
type LevelCells = [(usize, usize, String)];

/// The folder (under `content/counties/`, empty for the root's own) of the region a new
/// county's row names by its level cells (each narrowing the one above) and its 地区 cell;
/// none (with the error at the cell) when they name no region, or several.
fn region_of_new(
    sheet: &Sheet<'_>,
    row: &Row,
    regions: &SiteRegions,
    diags: &mut Diagnostics,
) -> Option<String> {
    let given = sheet.level_cells(row);
    let named = sheet.region_cell(row);
    let placed = |r: &SheetRegion, cells: &LevelCells| fits(regions, r, cells);
    for (i, (_, depth, _)) in given.iter().enumerate() {
        let stands =
            (regions.regions.iter()).any(|r| r.depth() == *depth && placed(r, &given[..=i]));
        if !stands {
            diags.push(no_such_level(sheet, row, regions, &given, i));
            return None;
        }
    }
    let (col, text, found): (usize, &str, Vec<&SheetRegion>) = match (&named, given.last()) {
        (Some((col, text)), _) => {
            let found = (regions.regions.iter())
                .filter(|r| r.is_named(text) && placed(r, &given))
                .collect();
            (*col, text, found)
        }
        (None, Some((col, depth, text))) => {
            let found = (regions.regions.iter())
                .filter(|r| r.depth() == *depth && placed(r, &given))
                .collect();
            (*col, text, found)
        }
        // No cell names a region: the root's own county, as on a site of one city.
        (None, None) => return Some(String::new()),
    };
    let (cell, number) = (sheet.cell_name(col, row), row.number);
    match found.as_slice() {
        [one] => Some(one.folder()),
        [] => {
            let (en, zh) = under(&given);
            let open = choices(
                regions
                    .regions
                    .iter()
                    .filter(|r| placed(r, &given))
                    .collect(),
            );
            diags.push(sheet.error(
                crate::t!(
                    "{cell} (row {number}): no region is named {text}{en}",
                    "{cell} (第{number}行)：没有名为 {text} 的地区{zh}"
                ),
                crate::t!(
                    "write the name or folder of one of: {open}",
                    "请写其中一个的名称或文件夹名：{open}"
                ),
            ));
            None
        }
        many => {
            let (n, all) = (many.len(), choices(many.to_vec()));
            let levels = regions.levels.join("、");
            diags.push(sheet.error(
                crate::t!(
                    "{cell} (row {number}): {n} regions are named {text}: {all}",
                    "{cell} (第{number}行)：有 {n} 个地区都叫 {text}：{all}"
                ),
                crate::t!(
                    "fill in the columns of the levels above it ({levels}), or write the region's folder name",
                    "请填写上级地区的列（{levels}），或改写该地区的文件夹名"
                ),
            ));
            None
        }
    }
}

/// Whether the region `r` stands where `cells` place it: each cell names its ancestor (or
/// itself) at the cell's depth.
fn fits(regions: &SiteRegions, r: &SheetRegion, cells: &LevelCells) -> bool {
    cells.iter().all(|(_, depth, text)| {
        regions
            .at_depth(&r.folders, *depth)
            .is_some_and(|a| a.is_named(text))
    })
}

/// Where the cells place a region, for messages: ` under 清川市` / `（在 清川市 之下）`.
fn under(cells: &LevelCells) -> (String, String) {
    if cells.is_empty() {
        return (String::new(), String::new());
    }
    let names: Vec<&str> = cells.iter().map(|(_, _, t)| t.as_str()).collect();
    let path = names.join(" › ");
    (format!(" under {path}"), format!("（在 {path} 之下）"))
}

/// The regions' labels, for a message: the first twelve, then `…`.
fn choices(regions: Vec<&SheetRegion>) -> String {
    let mut names: Vec<String> = regions.iter().take(12).map(|r| r.label()).collect();
    if regions.len() > 12 {
        names.push("…".into());
    }
    names.join("、")
}

/// The error at the `i`-th level cell, which names no region of its level under the cells
/// before it: with the names that would fit there, or where one of that name is.
fn no_such_level(
    sheet: &Sheet<'_>,
    row: &Row,
    regions: &SiteRegions,
    given: &LevelCells,
    i: usize,
) -> Diagnostic {
    let (col, depth, text) = &given[i];
    let number = row.number;
    let cell = sheet.cell_name(*col, row);
    let level = regions.levels.get(depth - 1).cloned().unwrap_or_default();
    let (en, zh) = under(&given[..i]);
    let open: Vec<&SheetRegion> = (regions.regions.iter())
        .filter(|r| r.depth() == *depth && fits(regions, r, &given[..i]))
        .collect();
    let help = if open.is_empty() {
        // Nothing of that level stands there: say so, and where the name is.
        let elsewhere: Vec<&SheetRegion> = (regions.regions.iter())
            .filter(|r| r.depth() == *depth && r.is_named(text))
            .collect();
        let elsewhere = choices(elsewhere);
        let (en_there, zh_there) = if elsewhere.is_empty() {
            (String::new(), String::new())
        } else {
            (
                format!("; one named {text} is elsewhere: {elsewhere}"),
                format!("；名为 {text} 的在别处：{elsewhere}"),
            )
        };
        crate::t!(
            "there is no {level}{en}: leave the cell empty, or correct the cells before it{en_there}",
            "{zh}没有{level}：请把这一格留空，或改正它前面的格子{zh_there}"
        )
    } else {
        let open = choices(open);
        crate::t!(
            "write the name or folder of one of: {open}",
            "请写其中一个的名称或文件夹名：{open}"
        )
    };
    sheet.error(
        crate::t!(
            "{cell} (row {number}): no {level} is named {text}{en}",
            "{cell} (第{number}行)：没有名为 {text} 的{level}{zh}"
        ),
        help,
    )
}

/// A county already on the site stays in its folder: a level or 地区 cell that names
/// another region than its own is a warning (the import does not move files).
fn check_region(
    sheet: &Sheet<'_>,
    row: &Row,
    regions: &SiteRegions,
    county: &Known<'_>,
    diags: &mut Diagnostics,
) {
    let folders = region_folders(&county.source.data.rel);
    let own = regions.by_folders(&folders);
    let wrong = sheet
        .level_cells(row)
        .into_iter()
        .find(|(_, depth, text)| {
            !regions
                .at_depth(&folders, *depth)
                .is_some_and(|r| r.is_named(text))
        })
        .map(|(col, _, text)| (col, text))
        .or_else(|| {
            sheet
                .region_cell(row)
                .filter(|(_, text)| !own.is_some_and(|r| r.is_named(text)))
        });
    let Some((col, text)) = wrong else {
        return;
    };
    let (cell, number, name) = (sheet.cell_name(col, row), row.number, &county.name);
    let folder = display_path(county.source.data.rel.parent().unwrap_or(Path::new("")));
    diags.push(
        Diagnostic::warning(
            sheet.file.to_path_buf(),
            crate::t!(
                "{cell} (row {number}): the county {name} is in {folder}, not in {text}; the import does not move a county",
                "{cell} (第{number}行)：县 {name} 在 {folder} 中，不在 {text}；导入不会移动已有的县"
            ),
        )
        .help(Text::both(
            "to move it, move its .yaml and .md into the region's folder; else correct the cell",
            "如要移动，请把它的 .yaml 和 .md 文件移到该地区的文件夹；否则请改正这个单元格",
        ))
        .code(codes::IMPORT_CELL),
    );
}

/// The file of a county the site does not have yet, from the scaffold, in the region
/// folder `folder` (empty for the root's own; none when the region was not found: the
/// file's other errors are still reported); none (with the error) without a valid slug or
/// without a column for every required field.
fn new_county(
    sheet: &Sheet<'_>,
    row: &Row,
    county: &RowCounty<'_>,
    folder: Option<&str>,
    diags: &mut Diagnostics,
) -> Option<CountyFile> {
    let (slug, name) = (&county.slug, &county.name);
    let Some(col) = sheet.slug_col.filter(|_| !slug.is_empty()) else {
        diags.push(sheet.error(
            crate::t!("{} (row {}): the county {name} is not on the site", "{} (第{}行)：网站中没有县 {name}",
                sheet.cell_name(sheet.name_col.unwrap_or(0), row),
                row.number
            ),
            crate::messages::Text::both("to add it as a new county, write its slug (e.g. yaodu) in the slug column; otherwise check the name against content/counties/", "如要新增这个县，请在 slug 列写上拼音名（例如 yaodu）；否则请对照 content/counties/ 核对名称"),
        ));
        return None;
    };
    if !is_valid_slug(slug) {
        diags.push(sheet.error(
            crate::t!("{} (row {}): `{slug}` is not a valid slug for a new county", "{} (第{}行)：`{slug}` 不能用作新县的拼音名", sheet.cell_name(col, row), row.number),
            {
                let example = crate::model::county::slug_example(slug, "yaodu");
                crate::t!("use lowercase ASCII letters, digits and '-', e.g. `{example}` (it becomes the file's and the page's name)", "只能用小写英文字母、数字和“-”，例如 `{example}`（它会成为文件名和网页地址）")
            },
        ));
        return None;
    }
    let missing: Vec<&str> = FIELDS
        .iter()
        .filter(|f| f.required && sheet.column(f.path).is_none())
        .map(|f| f.header)
        .collect();
    if !missing.is_empty() {
        diags.push(sheet.error(
            crate::t!("{} (row {}): the county {} is new, but the table has no column for {}", "{} (第{}行)：县 {} 是新增的，但表格中没有 {} 这些列",
                sheet.cell_name(col, row),
                row.number,
                if name.is_empty() { slug } else { name },
                missing.join(", ")
            ),
            crate::messages::Text::both("a new county needs every required field; `qingfeng export` writes a table with every column", "新增的县必须填写全部必填字段；`qingfeng export` 生成的表格含有全部列"),
        ));
        return None;
    }
    let files = scaffold::county_in(
        folder.unwrap_or_default(),
        slug,
        if name.is_empty() { "新增县" } else { name },
        crate::commands::new::today(),
    );
    let narrative = files.get(1).map(|f| SourceFile {
        path: PathBuf::from(&f.path),
        rel: PathBuf::from(&f.path),
        text: Arc::from(f.text.as_str()),
        bom: false,
        read_key: None,
    });
    let first = files.first();
    Some(CountyFile {
        base: first.map(|f| f.text.clone()).unwrap_or_default(),
        bom: false,
        rel: PathBuf::from(first.map(|f| f.path.as_str()).unwrap_or_default()),
        narrative,
        is_new: true,
    })
}

/// The county file's YAML before the import; none (with the error) when it does not read.
fn parse_current(
    file: &CountyFile,
    place: &RowPlace<'_>,
    diags: &mut Diagnostics,
) -> Option<serde_yaml::Value> {
    let base = &file.base;
    if let Ok(v) = serde_yaml::from_str(base) {
        return Some(v);
    }
    let source = SourceFile {
        path: file.rel.clone(),
        rel: file.rel.clone(),
        text: Arc::from(base.as_str()),
        bom: file.bom,
        read_key: None,
    };
    if let Err(d) = crate::load::yaml::parse::<serde_yaml::Value>(&source, base, 1) {
        let mut d = *d;
        d.message = format!("the county's file does not read: {}", d.message);
        let zh = d.zh.as_ref().and_then(|z| z.message.as_ref());
        let zh = zh.map(|zh| format!("该县的数据文件无法读取：{zh}"));
        d.set_message_zh(zh);
        d.prefix(&place.row());
        diags.push(d);
    }
    None
}

/// The county file's text with the row's values written in, and the changes; none when a
/// cell has an error (every cell's error is in `diags`).
fn edit_fields(
    place: &RowPlace<'_>,
    file: &CountyFile,
    current: &serde_yaml::Value,
    diags: &mut Diagnostics,
) -> Option<(String, Vec<Change>)> {
    let order: Vec<&str> = FIELDS.iter().map(|f| f.path).collect();
    let mut editor = Editor::new(&file.base, &order);
    let mut changes = Vec::new();
    let mut failed = false;
    for &(col, field) in &place.sheet.columns {
        if field.path == "slug" {
            continue;
        }
        match edit_field(place, &mut editor, (col, field), current, file.is_new) {
            Ok(Some(change)) => changes.push(change),
            Ok(None) => {}
            Err(d) => {
                diags.push(d);
                failed = true;
            }
        }
    }
    (!failed).then(|| (editor.text(), changes))
}

/// Writes one cell's value into `editor`: the change, none when there is nothing to write,
/// or the cell's error.
fn edit_field(
    place: &RowPlace<'_>,
    editor: &mut Editor,
    (col, field): (usize, &'static Field),
    current: &serde_yaml::Value,
    is_new: bool,
) -> std::result::Result<Option<Change>, Diagnostic> {
    let sheet = place.sheet;
    let cell = place.row.cells.get(col).cloned().unwrap_or(Cell::Empty);
    let old = lookup(current, field.path).filter(|v| !v.is_null());
    let new = read_cell(field, &cell, place.row.number).map_err(|(message, help)| {
        let mut d = sheet.error(message, help);
        d.prefix(&place.field(col, field));
        d
    })?;
    let new = match (new, field.kind) {
        (None, Kind::Flag) => Some(Value::Flag(false)),
        (v, _) => v,
    };
    let change = |new_shown: String| Change {
        header: field.header,
        path: field.path,
        old: match old {
            Some(v) if !is_new => shown(field, v),
            _ => String::new(),
        },
        new: new_shown,
        cell: sheet.cell_name(col, place.row),
    };
    match (new, old) {
        (None, None) => Ok(None),
        // 否 where the key is left out: the default, nothing to write.
        (Some(Value::Flag(false)), None) if !is_new => Ok(None),
        (None, Some(_)) if field.required => {
            let (header, note, row) = (field.header, field.note, place.row.number);
            let mut d = sheet.error(
                Text::both("the cell is empty", "单元格是空的"),
                crate::t!(
                    "a county must have {header}: fill in the {header} cell of row {row}",
                    "每个县都必须填写{header}：{note}"
                ),
            );
            d.prefix(&place.field(col, field));
            Err(d)
        }
        (None, Some(_)) => {
            editor.remove(field.path);
            Ok(Some(change(String::new())))
        }
        (Some(v), old) if old.is_some_and(|o| v.same(o)) => Ok(is_new.then(|| change(v.shown()))),
        (Some(v), _) => {
            editor.set(field.path, &v.yaml()).map_err(|why| {
                let (path, why_en, why_zh) = (field.path, &why.en, why.get(Lang::Zh));
                let mut d = sheet.error(
                    crate::t!(
                        "cannot write the field {path}: {why_en}",
                        "无法写入字段 {path}：{why_zh}"
                    ),
                    Text::from(""),
                );
                d.prefix(&place.field(col, field));
                d
            })?;
            Ok(Some(change(v.shown())))
        }
    }
}

/// The build's findings on the edited county, each placed at the cells whose lines it
/// names (a rule over several fields: the changed cells it names, else all of them).
fn place_findings(
    place: &RowPlace<'_>,
    findings: Diagnostics,
    text: &str,
    changes: &[Change],
    diags: &mut Diagnostics,
) {
    let entries = index(text);
    for mut d in findings.0 {
        let line = d.line.saturating_sub(1);
        let mut cells: Vec<&str> = changes
            .iter()
            .filter(|c| {
                entries.iter().any(|e| e.path == c.path && e.line == line)
                    || entries.iter().any(|b| {
                        b.line == line
                            && b.last > b.line
                            && entries
                                .iter()
                                .any(|e| e.path == c.path && e.line > b.line && e.line <= b.last)
                    })
            })
            .map(|c| c.cell.as_str())
            .collect();
        if cells.is_empty() {
            let named: Vec<&str> = changes
                .iter()
                .filter(|c| names_key(&d.message, c.path))
                .map(|c| c.cell.as_str())
                .collect();
            cells = if named.is_empty() {
                changes.iter().map(|c| c.cell.as_str()).collect()
            } else {
                named
            };
        }
        let at = if cells.is_empty() {
            place.row()
        } else {
            place.cells(&cells.join(", "))
        };
        d.prefix(&at);
        diags.push(d);
    }
}

/// The rules over the whole site (the city's `expected` totals): what the import would break,
/// as errors, and nothing that was broken before it.
fn site_rules(sources: &Sources, counties: &[PlannedCounty], diags: &mut Diagnostics) {
    let mut after = sources.clone();
    for c in counties {
        let data = SourceFile {
            path: c.rel.clone(),
            rel: c.rel.clone(),
            text: Arc::from(c.text.as_str()),
            bom: c.bom,
            read_key: None,
        };
        match after.counties.iter_mut().find(|s| s.data.rel == c.rel) {
            Some(s) => s.data = data,
            None => after.counties.push(CountySource {
                data,
                narrative: c.narrative.as_ref().map(|(rel, text)| SourceFile {
                    path: rel.clone(),
                    rel: rel.clone(),
                    text: Arc::from(text.as_str()),
                    bom: false,
                    read_key: None,
                }),
            }),
        }
    }
    after.counties.sort_by(|a, b| a.data.rel.cmp(&b.data.rel));
    let (_, before) = build_model(sources);
    let (_, now) = build_model(&after);
    let touched: Vec<&Path> = counties.iter().map(|c| c.rel.as_path()).collect();
    for d in now.0 {
        // Counties were checked one by one above; their findings are there already.
        if !d.is_error() || touched.contains(&d.file.as_path()) || before.0.contains(&d) {
            continue;
        }
        let mut d = d;
        let (message, message_zh) = (d.message.clone(), d.message_in(Lang::Zh).to_string());
        d.set_message(crate::t!(
            "after the import: {message}",
            "导入后：{message_zh}"
        ));
        let (help, help_zh) = (
            d.help.clone().unwrap_or_default(),
            d.help_in(Lang::Zh).unwrap_or_default().to_string(),
        );
        // The stated totals are the root's (content/city.yaml) or a region's (_index.yaml).
        let file = display_path(&d.file);
        d.set_help(crate::t!(
            "{help}; if the table's figures are right, update {file} first",
            "{help_zh}；如果表里的数字是对的，请先修改 {file}"
        ));
        diags.push(d);
    }
}

/// Whether `message` names the key path `path` as a word (`members`, not
/// `party_government_team.members`) or by its last key within its block.
fn names_key(message: &str, path: &str) -> bool {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '.';
    message.match_indices(path).any(|(i, m)| {
        !message[..i].chars().next_back().is_some_and(word)
            && !message[i + m.len()..].chars().next().is_some_and(word)
    })
}

/// The columns of a table that the import reads.
struct Columns {
    /// Those that name fields, with their indices.
    fields: Vec<(usize, &'static Field)>,
    /// A nested site's level columns, with their depths.
    levels: Vec<(usize, usize)>,
    /// The 地区 column of a nested site.
    region: Option<usize>,
}

/// The table's columns that name fields (and in a nested site those that name its
/// regions), with their indices; unknown headers are warned about, computed ones skipped,
/// a field or level named twice is an error.
fn columns(
    table: &Table,
    header: &crate::sheet::Row,
    file: &Path,
    regions: &SiteRegions,
    diags: &mut Diagnostics,
) -> Columns {
    let mut out: Vec<(usize, &'static Field)> = Vec::new();
    let mut levels: Vec<(usize, usize)> = Vec::new();
    let mut region = None;
    let duplicate = |at: &str, text: &str, j: usize| {
        Diagnostic::error(
            file.to_path_buf(),
            crate::t!(
                "{at}: the column {text} is also column {}",
                "{at}：{text}这一列与第 {} 列重复",
                column_letter(j)
            ),
        )
        .help(crate::t!("keep one column a field", "每个字段只保留一列"))
        .code(codes::IMPORT_DUPLICATE_COLUMN)
    };
    for (i, cell) in header.cells.iter().enumerate() {
        let text = cell.shown();
        let text = text.trim().trim_start_matches('\u{FEFF}');
        if text.is_empty() || COMPUTED.contains(&text) {
            continue;
        }
        let at = format!("{}!{}{}", table.sheet, column_letter(i), header.number);
        if crate::sheet::field_for(text).is_none() && regions.is_nested() {
            if let Some(depth) = regions.depth_of_header(text) {
                match levels.iter().find(|(_, d)| *d == depth) {
                    Some(&(j, _)) => diags.push(duplicate(&at, text, j)),
                    None => levels.push((i, depth)),
                }
                continue;
            }
            if REGION_HEADERS.contains(&text) {
                match region {
                    Some(j) => diags.push(duplicate(&at, text, j)),
                    None => region = Some(i),
                }
                continue;
            }
        }
        match crate::sheet::field_for(text) {
            Some(f) => {
                if let Some((j, _)) = out.iter().find(|(_, g)| g.path == f.path) {
                    diags.push(
                        Diagnostic::error(
                            file.to_path_buf(),
                            crate::t!(
                                "{at}: the column {text} ({}) is also column {}",
                                "{at}：{text}（{}）这一列与第 {} 列重复",
                                f.path,
                                column_letter(*j)
                            ),
                        )
                        .help(crate::t!("keep one column a field", "每个字段只保留一列"))
                        .code(codes::IMPORT_DUPLICATE_COLUMN),
                    );
                } else {
                    out.push((i, f));
                }
            }
            None => {
                let headers = FIELDS.iter().map(|f| f.header);
                let help = match nearest(text, headers) {
                    Some(n) => crate::t!(
                        "did you mean {n}? the column was left out",
                        "建议改为“{n}”；这一列未导入"
                    ),
                    None => crate::messages::Text::both(
                        "the column was left out; the columns qingfeng reads are those `qingfeng export` writes",
                        "这一列未导入；qingfeng 只读取 `qingfeng export` 模板中的列",
                    ),
                };
                diags.push(
                    Diagnostic::warning(
                        file.to_path_buf(),
                        crate::t!(
                            "{at}: the column {text} is not a field of a county",
                            "{at}：“{text}”这一列不是县数据的字段"
                        ),
                    )
                    .help(help)
                    .code(codes::IMPORT_UNKNOWN_COLUMN),
                );
            }
        }
    }
    Columns {
        fields: out,
        levels,
        region,
    }
}

/// A cell's value, typed by its field.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Count(u64),
    Years(f64),
    Flag(bool),
    Text(String),
}

impl Value {
    /// As a YAML scalar.
    fn yaml(&self) -> String {
        match self {
            Value::Count(n) => n.to_string(),
            Value::Years(f) if f.fract() == 0.0 => format!("{f:.1}"),
            Value::Years(f) => f.to_string(),
            Value::Flag(b) => b.to_string(),
            Value::Text(t) => scalar(t),
        }
    }

    /// As an editor reads it.
    fn shown(&self) -> String {
        match self {
            Value::Count(n) => n.to_string(),
            Value::Years(f) => f.to_string(),
            Value::Flag(b) => if *b { "是" } else { "否" }.into(),
            Value::Text(t) => t.clone(),
        }
    }

    /// Whether the YAML value `old` is this value.
    fn same(&self, old: &serde_yaml::Value) -> bool {
        match self {
            Value::Count(n) => {
                old.as_u64() == Some(*n) || old.as_f64().is_some_and(|f| f == *n as f64)
            }
            Value::Years(f) => old.as_f64() == Some(*f),
            Value::Flag(b) => old.as_bool() == Some(*b),
            Value::Text(t) => scalar_text(old).is_some_and(|o| &o == t),
        }
    }
}

fn scalar_text(v: &serde_yaml::Value) -> Option<String> {
    match v {
        serde_yaml::Value::String(s) => Some(s.clone()),
        serde_yaml::Value::Number(n) => Some(n.to_string()),
        serde_yaml::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A YAML value as the printout shows it.
fn shown(field: &Field, v: &serde_yaml::Value) -> String {
    match (field.kind, v) {
        (Kind::Flag, serde_yaml::Value::Bool(b)) => if *b { "是" } else { "否" }.into(),
        (_, v) => scalar_text(v).unwrap_or_else(|| format!("{v:?}")),
    }
}

/// The value at a dotted key path.
pub fn lookup<'v>(v: &'v serde_yaml::Value, path: &str) -> Option<&'v serde_yaml::Value> {
    path.split('.').try_fold(v, |v, k| v.get(k))
}

/// A number as a cell's text writes it in ASCII (`-5`, `3.5`, `1e20`), finite; `None` for
/// anything else (`20人`, `２０` are keyboard slips, told apart by the caller).
fn number_text(text: &str) -> Option<f64> {
    let ascii = text
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'));
    let starts = text.chars().next().is_some_and(|c| c != 'e' && c != 'E');
    (ascii && starts)
        .then(|| text.parse::<f64>().ok())
        .flatten()
        .filter(|f| f.is_finite())
}

/// What is wrong with the number `n` (written `text`) as a count: below zero, a fraction
/// or too large.
fn count_problem(text: &str, n: f64) -> (Text, Text) {
    let message = if n < 0.0 {
        crate::t!(
            "`{text}` is below zero: a count cannot be negative",
            "`{text}` 小于零：人数不能是负数"
        )
    } else if n > MAX_COUNT as f64 {
        crate::t!(
            "`{text}` is out of range: a count is at most {MAX_COUNT}",
            "`{text}` 超出范围：人数最多是 {MAX_COUNT}"
        )
    } else {
        crate::t!("`{text}` is not a whole number", "`{text}` 不是整数")
    };
    (message, count_help())
}

/// How a count is written.
fn count_help() -> Text {
    Text::both(
        "write a whole number from 0 to 100000",
        "应为 0 到 100000 之间的整数",
    )
}

/// A keyboard slip in a number cell (`20人`, `２０`, `1,137`), found by the YAML reader's
/// rules but told in the table's terms: what to write in which cell (its column's header
/// and its row), not a line of YAML.
fn cell_slip(field: &Field, row: usize, text: &str) -> Option<(Text, Text)> {
    let (slip, number) = slips::number_slip(text)?;
    if slip.is_percent() && counts_people(field) {
        return Some(share_in_count(field, row, text, None));
    }
    let header = field.header;
    Some(match slip {
        NumberSlip::FullwidthDigits => (
            crate::t!(
                "`{text}` is written with full-width digits",
                "`{text}` 用了全角数字"
            ),
            crate::t!(
                "write {number} with half-width digits in the {header} cell of row {row}",
                "在第{row}行“{header}”单元格中改用半角数字，写 {number}"
            ),
        ),
        NumberSlip::FullwidthSpace => (
            crate::t!(
                "`{text}` has a full-width space (U+3000) beside the number",
                "`{text}` 数字旁有全角空格（U+3000）"
            ),
            crate::t!(
                "write {number} alone in the {header} cell of row {row}",
                "在第{row}行“{header}”单元格中删去全角空格，只写 {number}"
            ),
        ),
        NumberSlip::Unit { unit, .. } => (
            crate::t!(
                "`{text}` has a unit: the cell takes a bare number",
                "`{text}` 带了单位：这一格只写数字"
            ),
            crate::t!(
                "write {number} alone, without the unit, in the {header} cell of row {row}",
                "在第{row}行“{header}”单元格中删去单位“{unit}”，只写 {number}"
            ),
        ),
        NumberSlip::ThousandsSeparators => (
            crate::t!(
                "`{text}` has thousands separators",
                "`{text}` 带了千位分隔符"
            ),
            crate::t!(
                "write {number} without commas in the {header} cell of row {row}",
                "在第{row}行“{header}”单元格中删去千位分隔符，写 {number}"
            ),
        ),
    })
}

/// Whether the field is a number of people (every count but the youngest member's age),
/// of which qingfeng computes the shares.
fn counts_people(field: &Field) -> bool {
    field.kind == Kind::Count && field.path != "age.youngest"
}

/// A share in a column that takes a count of people (qingfeng computes the shares): typed
/// as `17.4%`, or a fraction `0.174` with the `percent` it shows as (a cell formatted as a
/// percentage holds the fraction).
fn share_in_count(field: &Field, row: usize, text: &str, percent: Option<&str>) -> (Text, Text) {
    let header = field.header;
    let (shown, shown_zh) = match percent {
        Some(p) => (format!("`{text}` ({p}%)"), format!("`{text}`（{p}%）")),
        None => (format!("`{text}`"), format!("`{text}` ")),
    };
    (
        crate::t!(
            "{shown} is a share: the {header} column takes the count of people, not a share",
            "{shown_zh}是比例：“{header}”这一列填人数，不填比例"
        ),
        crate::t!(
            "write the number of people in the {header} cell of row {row}; qingfeng computes the shares from the counts",
            "在第{row}行“{header}”单元格中填人数；比例由 qingfeng 根据人数计算"
        ),
    )
}

/// A cell (of the row numbered `row`) read as its field's kind: `None` when empty; an error
/// as (message, help), the keyboard slips (`20人`, `２０`, `1,137`) told in the table's terms.
fn read_cell(
    field: &Field,
    cell: &Cell,
    row: usize,
) -> std::result::Result<Option<Value>, (Text, Text)> {
    let shown = cell.shown();
    let text = shown.trim();
    if cell.is_empty() {
        return Ok(None);
    }
    if let Cell::Error(e) = cell {
        return Err((
            crate::t!(
                "the cell holds the error value `{e}`",
                "单元格中是错误值 `{e}`"
            ),
            crate::messages::Text::both("write the figure itself", "请填写数字本身"),
        ));
    }
    let slip = || cell_slip(field, row, text);
    match field.kind {
        Kind::Count => {
            let n = match cell {
                Cell::Number(f) => Some(*f),
                _ => number_text(text),
            }
            .map(rounded_decimal);
            match n {
                Some(n) if n.fract() == 0.0 && (0.0..=MAX_COUNT as f64).contains(&n) => {
                    Ok(Some(Value::Count(n as u64)))
                }
                // 17.4% typed into a cell formatted as a percentage: the cell holds 0.174.
                // (calamine tells a cell's number format only as date or not, so the
                // fraction itself is the sign.)
                Some(n) if n > 0.0 && n < 1.0 && counts_people(field) => {
                    let percent =
                        crate::sheet::number_text(crate::sheet::as_excel_shows(n * 100.0));
                    Err(share_in_count(field, row, text, Some(&percent)))
                }
                Some(n) => Err(count_problem(text, n)),
                None => Err(slip().unwrap_or_else(|| {
                    (
                        crate::t!("`{text}` is not a whole number", "`{text}` 不是整数"),
                        count_help(),
                    )
                })),
            }
        }
        Kind::Years => {
            let f = match cell {
                Cell::Number(f) => Some(*f),
                _ => number_text(text),
            }
            .map(rounded_decimal);
            match f {
                Some(f) if f < 0.0 => Err((
                    crate::t!(
                        "`{text}` is below zero: an age or a number of years cannot be negative",
                        "`{text}` 小于零：年龄或年数不能是负数"
                    ),
                    crate::messages::Text::both(
                        "write the number without the minus sign, e.g. 45.6",
                        "请去掉负号，例如 45.6",
                    ),
                )),
                Some(f) => Ok(Some(Value::Years(f))),
                None => Err(slip().unwrap_or_else(|| {
                    (
                        crate::t!("`{text}` is not a number", "`{text}` 不是数字"),
                        crate::messages::Text::both(
                            "write a number, e.g. 45.6",
                            "应为数字，例如 45.6",
                        ),
                    )
                })),
            }
        }
        Kind::Flag => {
            let b = match cell {
                Cell::Bool(b) => Some(*b),
                Cell::Number(f) if *f == 1.0 => Some(true),
                Cell::Number(f) if *f == 0.0 => Some(false),
                _ => match text.to_lowercase().as_str() {
                    "是" | "true" | "yes" | "y" | "√" => Some(true),
                    "否" | "false" | "no" | "n" | "×" => Some(false),
                    _ => None,
                },
            };
            b.map(|b| Some(Value::Flag(b))).ok_or_else(|| {
                (
                    crate::t!(
                        "`{text}` is neither 是 nor 否",
                        "`{text}` 既不是“是”也不是“否”"
                    ),
                    crate::messages::Text::both("write 是 or 否", "请填写“是”或“否”"),
                )
            })
        }
        Kind::Date => Ok(Some(Value::Text(match cell {
            Cell::Date(d) => d.to_string(),
            Cell::Number(f) => excel_date(*f).map_or_else(|| text.to_owned(), |d| d.to_string()),
            _ => text.to_owned(),
        }))),
        Kind::Text | Kind::Division => Ok(Some(Value::Text(text.to_owned()))),
    }
}
