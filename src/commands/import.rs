//! `qingfeng import FILE [--dry-run]`: read a table of county figures (one row a county) and
//! update `content/counties/<slug>.yaml` in place: only the value text of the keys that
//! change, every comment and every other line as it was. Nothing is written unless every
//! row gives a county that passes the build's rules.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::cli::ImportArgs;
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics, Error, Result, nearest};
use crate::load::{CountySource, SourceFile, Sources, load_sources, slips};
use crate::messages::catalog as codes;
use crate::messages::{Lang, Text};
use crate::model::county::is_valid_slug;
use crate::model::{build_model, validate_county};
use crate::platform::display_path;
use crate::scaffold;
use crate::sheet::edit::{Editor, index, scalar};
use crate::sheet::{COMPUTED, Cell, FIELDS, Field, Kind, Table, column_letter, excel_date};

/// Runs the import into the site at `root`; 1 when the table has errors (nothing written).
pub fn execute(root: &Path, args: &ImportArgs) -> Result<i32> {
    let config = Config::load(root, None)?;
    let table = read_table(&args.file)?;
    let (sources, _) = load_sources(&config)?;
    let label = PathBuf::from(display_path(&args.file));
    let plan = plan(&sources, &table, &label);
    for d in &plan.diagnostics.0 {
        eprintln!("{d}");
    }
    let errors = plan.diagnostics.error_count();
    if errors > 0 {
        let (s, file) = (if errors == 1 { "" } else { "s" }, display_path(&args.file));
        let failed = crate::t!(
            "import failed: {errors} error{s} in {file}; nothing was written",
            "导入失败：{file} 中有 {errors} 个错误；没有写入任何文件"
        );
        eprintln!("{failed}");
        return Ok(1);
    }
    let changes: usize = plan.counties.iter().map(|c| c.changes.len()).sum();
    for county in &plan.counties {
        if county.is_new {
            let (name, rel) = (&county.name, display_path(Path::new(&county.rel)));
            println!(
                "{}",
                crate::t!("new county {name}: {rel}", "新增县 {name}：{rel}")
            );
        }
        for c in &county.changes {
            let (name, header, path, cell) = (&county.name, &c.header, &c.path, &c.cell);
            let (old, new) = (shown_or_empty(&c.old), shown_or_empty(&c.new));
            let line = crate::t!(
                "county {name} · field {header} ({path}) · {old} → {new} · {cell}",
                "县 {name} · 字段 {header}（{path}） · {old} → {new} · {cell}"
            );
            println!("{line}");
        }
    }
    let counties = plan.counties.len();
    if changes == 0 && !plan.counties.iter().any(|c| c.is_new) {
        let none = Text::both(
            "no changes: the YAML files already hold every value of the table",
            "没有改动：YAML 文件中已经是表格中的全部数值",
        );
        println!("{none}");
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
        println!("{dry}");
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
    println!("{done}");
    Ok(0)
}

fn shown_or_empty(s: &str) -> &str {
    if s.is_empty() { "（空）" } else { s }
}

/// Reads `.csv` (UTF-8 or GB18030) or a workbook by its extension.
fn read_table(path: &Path) -> Result<Table> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let file = display_path(path);
    let bad = |why: String| {
        Error::usage(
            crate::messages::catalog::IMPORT_UNREADABLE,
            crate::t!("{file}: {why}", "无法读取表格 {file}：{why}"),
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

/// Plans the import of `table` into the site of `sources`; `file` names the table in messages.
pub fn plan(sources: &Sources, table: &Table, file: &Path) -> Plan {
    let mut out = Plan::default();
    let error = |message: Text, help: Text| {
        let d = Diagnostic::error(file.to_path_buf(), message).code(codes::IMPORT_CELL);
        if help.en.is_empty() { d } else { d.help(help) }
    };
    // The header row: the first that names a field (a title row above it is skipped).
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
    let Some((header, rows)) = table.rows[start..].split_first() else {
        out.diagnostics.push(error(
            crate::t!("the sheet {} is empty", "工作表 {} 是空的", table.sheet),
            crate::messages::Text::both("the first row holds the headers (名称, 班子成员, …), then one row a county; `qingfeng export` writes such a table", "第一行是表头（名称、班子成员……），下面一行一个县；`qingfeng export` 会生成这样的表格"),
        ));
        return out;
    };
    let columns = columns(table, header, file, &mut out.diagnostics);
    let col_of = |path: &str| {
        columns
            .iter()
            .find(|(_, f)| f.path == path)
            .map(|(i, _)| *i)
    };
    let (slug_col, name_col) = (col_of("slug"), col_of("name"));
    if slug_col.is_none() && name_col.is_none() {
        out.diagnostics.push(error(
            crate::t!("the sheet {} has neither a slug nor a 名称 column, so its rows cannot be matched to counties", "工作表 {} 既没有 slug 列也没有“名称”列，无法把各行对应到县", table.sheet),
            crate::messages::Text::both("keep the slug and 名称 columns of the table `qingfeng export` writes", "请保留 `qingfeng export` 生成的表格中的 slug 列和“名称”列"),
        ));
        return out;
    }
    if out.diagnostics.has_errors() {
        return out;
    }
    let known: Vec<Known<'_>> = sources
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
        .collect();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let order: Vec<&str> = FIELDS.iter().map(|f| f.path).collect();
    for row in rows {
        let cell = |col: Option<usize>| {
            col.and_then(|i| row.cells.get(i))
                .cloned()
                .unwrap_or(Cell::Empty)
        };
        let at = |col: usize| format!("{}!{}{}", table.sheet, column_letter(col), row.number);
        let slug = cell(slug_col).shown().trim().to_owned();
        let name = cell(name_col).shown().trim().to_owned();
        let found = if !slug.is_empty() {
            known.iter().find(|k| k.slug == slug)
        } else {
            let matches: Vec<&Known<'_>> = known
                .iter()
                .filter(|k| k.name == name || k.short_name.as_deref() == Some(name.as_str()))
                .collect();
            if matches.len() > 1 {
                out.diagnostics.push(error(
                    crate::t!(
                        "{} (第{}行): {} counties are named {name}",
                        "{} (第{}行)：有 {} 个县都叫 {name}",
                        at(name_col.unwrap_or(0)),
                        row.number,
                        matches.len()
                    ),
                    crate::messages::Text::both(
                        "write the county's slug in the slug column",
                        "请在 slug 列写上该县的拼音名",
                    ),
                ));
                continue;
            }
            matches.first().copied()
        };
        let key = found.map_or_else(|| slug.clone(), |k| k.slug.clone());
        if let Some(first) = seen.insert(key.clone(), row.number) {
            out.diagnostics.push(error(
                crate::t!(
                    "{} (第{}行): 县 {} is also in row {first}",
                    "{} (第{}行)：县 {} 在第 {first} 行也出现了",
                    at(slug_col.or(name_col).unwrap_or(0)),
                    row.number,
                    if name.is_empty() { &key } else { &name }
                ),
                crate::messages::Text::both(
                    "keep one row a county: delete or merge the other row",
                    "每个县只保留一行：请删去或合并另一行",
                ),
            ));
            continue;
        }
        let (base, bom, rel, narrative, is_new) = match found {
            Some(k) => (
                k.source.data.text.to_string(),
                k.source.data.bom,
                k.source.data.rel.clone(),
                k.source.narrative.clone(),
                false,
            ),
            None => {
                let Some(col) = slug_col.filter(|_| !slug.is_empty()) else {
                    out.diagnostics.push(error(
                        crate::t!("{} (第{}行): 县 {name} is not on the site", "{} (第{}行)：网站中没有县 {name}",
                            at(name_col.unwrap_or(0)),
                            row.number
                        ),
                        crate::messages::Text::both("to add it as a new county, write its slug (e.g. yaodu) in the slug column; otherwise check the name against content/counties/", "如要新增这个县，请在 slug 列写上拼音名（例如 yaodu）；否则请对照 content/counties/ 核对名称"),
                    ));
                    continue;
                };
                if !is_valid_slug(&slug) {
                    out.diagnostics.push(error(
                        crate::t!("{} (第{}行): `{slug}` is not a valid slug for a new county", "{} (第{}行)：`{slug}` 不能用作新县的拼音名", at(col), row.number),
                        crate::messages::Text::both("use lowercase ASCII letters, digits and '-', e.g. `yaodu` (it becomes the file's and the page's name)", "只能用小写英文字母、数字和“-”，例如 `yaodu`（它会成为文件名和网页地址）"),
                    ));
                    continue;
                }
                let missing: Vec<&str> = FIELDS
                    .iter()
                    .filter(|f| f.required && col_of(f.path).is_none())
                    .map(|f| f.header)
                    .collect();
                if !missing.is_empty() {
                    out.diagnostics.push(error(
                        crate::t!("{} (第{}行): 县 {} is new, but the table has no column for {}", "{} (第{}行)：县 {} 是新增的，但表格中没有 {} 这些列",
                            at(col),
                            row.number,
                            if name.is_empty() { &slug } else { &name },
                            missing.join(", ")
                        ),
                        crate::messages::Text::both("a new county needs every required field; `qingfeng export` writes a table with every column", "新增的县必须填写全部必填字段；`qingfeng export` 生成的表格含有全部列"),
                    ));
                    continue;
                }
                let files = scaffold::county(
                    &slug,
                    if name.is_empty() { "新增县" } else { &name },
                    crate::commands::new::today(),
                );
                let md = files
                    .get(1)
                    .map(|f| (PathBuf::from(&f.path), f.text.clone()));
                let yaml = files.first().map(|f| f.text.clone()).unwrap_or_default();
                let narrative = md.as_ref().map(|(rel, text)| SourceFile {
                    path: rel.clone(),
                    rel: rel.clone(),
                    text: Arc::from(text.as_str()),
                    bom: false,
                });
                let rel = PathBuf::from(format!("content/counties/{slug}.yaml"));
                (yaml, false, rel, narrative, true)
            }
        };
        let display_name = if name.is_empty() {
            found.map_or_else(|| slug.clone(), |k| k.name.clone())
        } else {
            name.clone()
        };
        let county_at = |col: usize| format!("{} (第{}行, 县 {display_name})", at(col), row.number);
        let field_at = |col: usize, f: &Field| {
            format!(
                "{} (第{}行, 县 {display_name}, 字段 {} {})",
                at(col),
                row.number,
                f.header,
                f.path
            )
        };
        let current: serde_yaml::Value = match serde_yaml::from_str(&base) {
            Ok(v) => v,
            Err(_) => {
                let file = SourceFile {
                    path: rel.clone(),
                    rel: rel.clone(),
                    text: Arc::from(base.as_str()),
                    bom,
                };
                if let Err(d) = crate::load::yaml::parse::<serde_yaml::Value>(&file, &base, 1) {
                    let mut d = *d;
                    d.message = format!("the county's file does not read: {}", d.message);
                    let zh = d.zh.as_ref().and_then(|z| z.message.as_ref());
                    let zh = zh.map(|zh| format!("该县的数据文件无法读取：{zh}"));
                    d.set_message_zh(zh);
                    d.prefix(&format!("第{}行, 县 {display_name}", row.number));
                    out.diagnostics.push(d);
                }
                continue;
            }
        };
        let mut editor = Editor::new(&base, &order);
        let mut changes = Vec::new();
        let mut row_failed = false;
        for (col, field) in &columns {
            if field.path == "slug" {
                continue;
            }
            let cell = row.cells.get(*col).cloned().unwrap_or(Cell::Empty);
            let old = lookup(&current, field.path).filter(|v| !v.is_null());
            let new = match read_cell(field, &cell) {
                Ok(v) => v,
                Err((message, help)) => {
                    let mut d = error(message, help);
                    d.prefix(&field_at(*col, field));
                    out.diagnostics.push(d);
                    row_failed = true;
                    continue;
                }
            };
            let new = match (new, field.kind) {
                (None, Kind::Flag) => Some(Value::Flag(false)),
                (v, _) => v,
            };
            let old_shown = old.map(|v| shown(field, v)).unwrap_or_default();
            let change = |new_shown: String| Change {
                header: field.header,
                path: field.path,
                old: if is_new {
                    String::new()
                } else {
                    old_shown.clone()
                },
                new: new_shown,
                cell: at(*col),
            };
            match (new, old) {
                (None, None) => {}
                // 否 where the key is left out: the default, nothing to write.
                (Some(Value::Flag(false)), None) if !is_new => {}
                (None, Some(_)) if field.required => {
                    out.diagnostics.push(error(
                        crate::t!(
                            "{}: the cell is empty",
                            "{}：单元格是空的",
                            field_at(*col, field)
                        ),
                        crate::t!(
                            "a county must have {}: {}",
                            "每个县都必须填写{}：{}",
                            field.header,
                            field.note
                        ),
                    ));
                    row_failed = true;
                }
                (None, Some(_)) => {
                    editor.remove(field.path);
                    changes.push(change(String::new()));
                }
                (Some(v), old) => {
                    if old.is_some_and(|o| v.same(o)) {
                        if is_new {
                            changes.push(change(v.shown()));
                        }
                        continue;
                    }
                    if let Err(why) = editor.set(field.path, &v.yaml()) {
                        out.diagnostics.push(error(
                            crate::t!(
                                "{}: cannot write 字段 {}: {why}",
                                "{}：无法写入字段 {}：{why}",
                                county_at(*col),
                                field.path
                            ),
                            Text::from(""),
                        ));
                        row_failed = true;
                        continue;
                    }
                    changes.push(change(v.shown()));
                }
            }
        }
        if row_failed || (changes.is_empty() && !is_new) {
            continue;
        }
        let text = editor.text();
        let source = CountySource {
            data: SourceFile {
                path: rel.clone(),
                rel: rel.clone(),
                text: Arc::from(text.as_str()),
                bom,
            },
            narrative,
        };
        let (_, found_diags) = validate_county(&source);
        // Place each finding at the cells whose lines it names.
        let entries = index(&text);
        for mut d in found_diags.0 {
            let line = d.line.saturating_sub(1);
            let cells: Vec<&str> = changes
                .iter()
                .filter(|c| {
                    entries.iter().any(|e| e.path == c.path && e.line == line)
                        || entries.iter().any(|b| {
                            b.line == line
                                && b.last > b.line
                                && entries.iter().any(|e| {
                                    e.path == c.path && e.line > b.line && e.line <= b.last
                                })
                        })
                })
                .map(|c| c.cell.as_str())
                .collect();
            let mut cells = cells;
            if cells.is_empty() {
                // A rule over several fields: the changed cells it names, else all of them.
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
            let place = if cells.is_empty() {
                format!("第{}行, 县 {display_name}", row.number)
            } else {
                format!(
                    "{} (第{}行, 县 {display_name})",
                    cells.join(", "),
                    row.number
                )
            };
            d.prefix(&place);
            out.diagnostics.push(d);
        }
        out.counties.push(PlannedCounty {
            name: display_name.clone(),
            rel,
            text,
            bom,
            is_new,
            narrative: if is_new {
                source.narrative.map(|n| (n.rel, n.text.to_string()))
            } else {
                None
            },
            changes,
        });
    }
    if !out.diagnostics.has_errors() && !out.counties.is_empty() {
        site_rules(sources, &out.counties, &mut out.diagnostics);
    }
    out
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
        d.set_help(crate::t!(
            "{help}; if the table's figures are right, update content/city.yaml first",
            "{help_zh}；如果表里的数字是对的，请先修改 content/city.yaml"
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

/// The table's columns that name fields, with their indices; unknown headers are warned
/// about, computed ones skipped, a field named twice is an error.
fn columns(
    table: &Table,
    header: &crate::sheet::Row,
    file: &Path,
    diags: &mut Diagnostics,
) -> Vec<(usize, &'static Field)> {
    let mut out: Vec<(usize, &'static Field)> = Vec::new();
    for (i, cell) in header.cells.iter().enumerate() {
        let text = cell.shown();
        let text = text.trim().trim_start_matches('\u{FEFF}');
        if text.is_empty() || COMPUTED.contains(&text) {
            continue;
        }
        let at = format!("{}!{}{}", table.sheet, column_letter(i), header.number);
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
    out
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

/// A cell read as its field's kind: `None` when empty; an error as (message, help), with the
/// build's words for the keyboard slips (`20人`, `２０`, `1,137`).
fn read_cell(field: &Field, cell: &Cell) -> std::result::Result<Option<Value>, (Text, Text)> {
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
    let slip = || {
        let leaf = field.path.rsplit('.').next().unwrap_or(field.path);
        slips::find(&format!("{leaf}: {text}\n"))
            .into_iter()
            .next()
            .map(|s| {
                let en = s
                    .message
                    .en
                    .strip_prefix(&format!("`{leaf}`: "))
                    .map(str::to_owned);
                let zh = s.message.get(Lang::Zh);
                let zh = zh
                    .strip_prefix(&format!("`{leaf}`："))
                    .unwrap_or(zh)
                    .to_owned();
                let message = Text::both(en.unwrap_or_else(|| s.message.en.clone()), zh);
                (message, s.help)
            })
    };
    match field.kind {
        Kind::Count => {
            let n = match cell {
                Cell::Number(f) => Some(*f)
                    .filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f <= f64::from(u32::MAX))
                    .map(|f| f as u64),
                _ => text.parse::<u32>().ok().map(u64::from),
            };
            n.map(|n| Some(Value::Count(n))).ok_or_else(|| {
                slip().unwrap_or_else(|| {
                    (
                        crate::t!("`{text}` is not a whole number", "`{text}` 不是整数"),
                        crate::messages::Text::both(
                            "write a whole number from 0 to 100000",
                            "应为 0 到 100000 之间的整数",
                        ),
                    )
                })
            })
        }
        Kind::Years => {
            let f = match cell {
                Cell::Number(f) => Some(*f),
                _ if text.chars().all(|c| c.is_ascii_digit() || c == '.') => text.parse().ok(),
                _ => None,
            };
            f.filter(|f: &f64| f.is_finite())
                .map(|f| Some(Value::Years(f)))
                .ok_or_else(|| {
                    slip().unwrap_or_else(|| {
                        (
                            crate::t!("`{text}` is not a number", "`{text}` 不是数字"),
                            crate::messages::Text::both(
                                "write a number, e.g. 45.6",
                                "应为数字，例如 45.6",
                            ),
                        )
                    })
                })
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
