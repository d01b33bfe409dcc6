//! `qingfeng export [FILE.xlsx|FILE.csv]`: the table an editor fills in, one row a county
//! and one column an input field (Chinese headers, numbers as numbers), with a notes sheet
//! (or, for CSV, a notes file beside it) explaining each column. `qingfeng import` reads it
//! back; unchanged, it changes nothing.

use std::path::{Path, PathBuf};

use crate::cli::ExportArgs;
use crate::config::Config;
use crate::diagnostic::{Diagnostics, Error, Result};
use crate::load::load_sources;
use crate::platform::display_path;
use crate::sheet::regions::SiteRegions;
use crate::sheet::{FIELDS, Field, Kind, NOTES_SHEET, SHEET, csv_field, number_text};

/// The file `qingfeng export` writes without an argument, in the site's folder.
pub const DEFAULT_FILE: &str = "各县数据.xlsx";

/// One cell of the export.
#[derive(Debug, Clone, PartialEq)]
enum Out {
    Empty,
    Number(f64),
    Text(String),
}

/// Runs the export of the site at `root`; 1 when a county's file does not read.
pub fn execute(root: &Path, args: &ExportArgs) -> Result<i32> {
    let config = Config::load(root, None)?;
    let (file, ext) = file_to_write(&config, args)?;
    let (sources, _) = load_sources(&config)?;
    // A nested site's table starts with a column a level (市, 片区), as data/counties.csv.
    let regions = SiteRegions::of(&sources);
    let rows = match county_rows(&sources, &regions) {
        Ok(rows) => rows,
        Err(diags) => {
            report_unread(&diags);
            return Ok(1);
        }
    };
    write_table(&file, ext == "csv", &regions.levels, &rows)?;
    say_what_next(root, &file);
    Ok(0)
}

/// The file to write (`args`' or the default, in the site's folder) and its extension,
/// refused unless it is `.xlsx` or `.csv` and, without `--force`, does not exist yet.
fn file_to_write(config: &Config, args: &ExportArgs) -> Result<(PathBuf, String)> {
    let file = args
        .file
        .clone()
        .unwrap_or_else(|| config.root.join(DEFAULT_FILE));
    let ext = file
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if ext != "xlsx" && ext != "csv" {
        let file = display_path(&file);
        return Err(Error::usage(
            crate::messages::catalog::EXPORT_BAD_FILE,
            crate::t!(
                "{file}: export writes .xlsx or .csv; name the file e.g. 各县数据.xlsx",
                "{file}：export 只写 .xlsx 或 .csv 文件；请把文件命名为例如 各县数据.xlsx"
            ),
        ));
    }
    if file.exists() && !args.force {
        let file = display_path(&file);
        return Err(Error::usage(
            crate::messages::catalog::EXPORT_BAD_FILE,
            crate::t!(
                "{file} already exists; qingfeng does not overwrite it (it may hold an editor's work): choose another name, or pass --force",
                "{file} 已存在；qingfeng 不会覆盖它（其中可能有编辑填写的内容）：请换一个文件名，或加 --force"
            ),
        ));
    }
    Ok((file, ext))
}

/// One row a county: the regions above it (a nested site's), then every input field; or
/// the problems of the county files that do not read.
fn county_rows(
    sources: &crate::load::Sources,
    regions: &SiteRegions,
) -> std::result::Result<Vec<Vec<Out>>, Diagnostics> {
    let mut diags = Diagnostics::default();
    let mut rows = Vec::new();
    for county in &sources.counties {
        match crate::load::yaml::parse::<serde_yaml::Value>(&county.data, &county.data.text, 1) {
            Ok(value) => {
                let mut row: Vec<Out> = regions
                    .county_cells(&county.data.rel)
                    .into_iter()
                    .map(|name| {
                        if name.is_empty() {
                            Out::Empty
                        } else {
                            Out::Text(name)
                        }
                    })
                    .collect();
                row.extend(FIELDS.iter().map(|f| out_cell(f, &value)));
                rows.push(row);
            }
            Err(d) => diags.push(*d),
        }
    }
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(rows)
    }
}

/// Prints the problems of the county files that did not read, and that nothing was written.
fn report_unread(diags: &Diagnostics) {
    for d in &diags.0 {
        crate::errln!("{d}");
    }
    let n = diags.error_count();
    let s = if n == 1 { " does" } else { "s do" };
    let line = crate::t!(
        "export failed: {n} county file{s} not read; nothing was written",
        "导出失败：{n} 个县的数据文件无法读取；没有写入任何文件"
    );
    crate::errln!("{line}");
}

/// Writes the table to `file`: a workbook with its notes sheet, or (`csv`) a CSV file with
/// its notes beside it; and says so.
fn write_table(file: &Path, csv_file: bool, levels: &[String], rows: &[Vec<Out>]) -> Result<()> {
    if csv_file {
        let notes = notes_path(file);
        crate::check::fix::replace_atomically(file, csv(levels, rows).as_bytes())?;
        crate::check::fix::replace_atomically(&notes, notes_text(levels).as_bytes())?;
        let (shown, n, notes) = (display_path(file), rows.len(), display_path(&notes));
        let line = crate::t!(
            "wrote {shown} ({n} counties) and its notes {notes}",
            "已写入 {shown}（{n} 个县）及其说明 {notes}"
        );
        crate::outln!("{line}");
    } else {
        let bytes = xlsx(levels, rows).map_err(|e| Error::write(file, e))?;
        crate::check::fix::replace_atomically(file, &bytes)?;
        let (shown, n) = (display_path(file), rows.len());
        let line = crate::t!(
            "wrote {shown} ({n} counties; the sheet {NOTES_SHEET} explains each column)",
            "已写入 {shown}（{n} 个县；工作表“{NOTES_SHEET}”解释每一列）"
        );
        crate::outln!("{line}");
    }
    Ok(())
}

/// The command that reads the table back, as it runs from here: the site's --root when it
/// is not this folder, and paths quoted when they hold a space.
fn say_what_next(root: &Path, file: &Path) {
    let shown = crate::platform::command_word(&display_path(file));
    let cmd = crate::platform::command_name(crate::platform::Os::current());
    let here = std::env::current_dir().and_then(|d| d.canonicalize()).ok();
    let site = if root.as_os_str().is_empty() || root.canonicalize().ok() == here {
        String::new()
    } else {
        format!(
            " --root {}",
            crate::platform::command_word(&display_path(root))
        )
    };
    let next = crate::t!(
        "fill it in, then `{cmd}{site} import {shown} --dry-run` shows what would change",
        "填好后，运行 `{cmd}{site} import {shown} --dry-run` 可查看将会改动的内容"
    );
    crate::outln!("{next}");
}

/// `各县数据-填写说明.txt` beside `各县数据.csv`.
pub fn notes_path(csv: &Path) -> PathBuf {
    let stem = csv
        .file_stem()
        .map_or_else(|| "counties".into(), |s| s.to_string_lossy().into_owned());
    csv.with_file_name(format!("{stem}-{NOTES_SHEET}.txt"))
}

fn out_cell(field: &Field, county: &serde_yaml::Value) -> Out {
    let value = crate::commands::import::lookup(county, field.path).filter(|v| !v.is_null());
    match (field.kind, value) {
        (Kind::Flag, v) => Out::Text(
            if v.and_then(serde_yaml::Value::as_bool).unwrap_or(false) {
                "是"
            } else {
                "否"
            }
            .into(),
        ),
        (_, None) => Out::Empty,
        (Kind::Count | Kind::Years, Some(v)) if v.as_f64().is_some() => {
            Out::Number(v.as_f64().unwrap_or_default())
        }
        (_, Some(serde_yaml::Value::String(s))) => Out::Text(s.clone()),
        (_, Some(serde_yaml::Value::Number(n))) => Out::Text(n.to_string()),
        (_, Some(serde_yaml::Value::Bool(b))) => Out::Text(b.to_string()),
        (_, Some(_)) => Out::Empty,
    }
}

/// The rows as CSV with a BOM (so that Excel reads it as UTF-8), CRLF line ends; the level
/// columns first.
fn csv(levels: &[String], rows: &[Vec<Out>]) -> String {
    let mut out = String::from("\u{FEFF}");
    let header: Vec<String> = (levels.iter().map(String::as_str))
        .chain(FIELDS.iter().map(|f| f.header))
        .map(csv_field)
        .collect();
    out.push_str(&header.join(","));
    out.push_str("\r\n");
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .map(|c| match c {
                Out::Empty => String::new(),
                Out::Number(n) => number_text(*n),
                Out::Text(t) => csv_field(t),
            })
            .collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

/// How to fill in the table, before the list of columns.
const HOW_TO: &[&str] = &[
    "一行一个县（市、区），第一行是表头。按 slug（或名称）对应到 content/counties/<slug>.yaml。",
    "只填人数、年龄等原始数字，不要带“人”“岁”“%”等单位，也不要用千位分隔符；各项比例、合计和变化由网站根据人数自动计算，表中没有这些列。",
    "可空的列留空表示“不详”，不是 0。新增一个县：在末尾加一行，填好 slug 和每一列。",
    "填好后：qingfeng import 文件名 --dry-run 预览改动，qingfeng import 文件名 写入，然后 qingfeng check、qingfeng build。",
    "导入时整张表全部通过与生成网站相同的核对才会写入；有错误时一个文件也不改，并指出工作表、单元格（如 各县数据!D7）和县名。",
];

/// A row of the notes for each column: the level columns, then the fields.
fn notes_rows(levels: &[String]) -> Vec<[String; 5]> {
    let level_rows = levels.iter().map(|level| {
        [
            level.clone(),
            "（所在地区）".to_owned(),
            "可空".to_owned(),
            format!(
                "该县所属的{level}：写名称或文件夹名。新增的县按这些列放进对应地区的文件夹（content/counties/<文件夹>/）；已有的县不会因此移动"
            ),
        ]
    });
    let field_rows = FIELDS.iter().map(|f| {
        [
            f.header.to_owned(),
            f.path.to_owned(),
            if f.required { "必填" } else { "可空" }.to_owned(),
            f.note.to_owned(),
        ]
    });
    level_rows
        .chain(field_rows)
        .enumerate()
        .map(|(i, [header, path, required, note])| {
            [crate::sheet::column_letter(i), header, path, required, note]
        })
        .collect()
}

const NOTES_HEADER: [&str; 5] = ["列", "表头", "YAML 字段", "必填", "说明"];

/// The notes file of a CSV export.
fn notes_text(levels: &[String]) -> String {
    let mut out = format!("{SHEET} 填写说明\r\n\r\n");
    for line in HOW_TO {
        out.push_str(line);
        out.push_str("\r\n");
    }
    out.push_str("\r\n");
    out.push_str(&NOTES_HEADER.join("\t"));
    out.push_str("\r\n");
    for row in notes_rows(levels) {
        out.push_str(&row.join("\t"));
        out.push_str("\r\n");
    }
    out
}

/// The workbook: the sheet 各县数据 (bold frozen header, numbers as numbers, text columns
/// formatted as text so that Excel keeps `2016-08-05` and slugs as typed), and 填写说明.
/// Written directly as Office Open XML in a zip (the zip crate comes with the reader
/// anyway; a writer crate cost more to build than qingfeng itself, see the README).
fn xlsx(levels: &[String], rows: &[Vec<Out>]) -> std::io::Result<Vec<u8>> {
    // Each column's header and style: the level columns (names, as text), then the fields.
    let columns: Vec<(&str, u8)> = (levels.iter().map(|l| (l.as_str(), TEXT)))
        .chain(FIELDS.iter().map(|f| {
            let style = if matches!(f.kind, Kind::Count | Kind::Years) {
                PLAIN
            } else {
                TEXT
            };
            (f.header, style)
        }))
        .collect();
    let mut data = vec![
        columns
            .iter()
            .map(|(h, _)| (Out::Text((*h).to_owned()), BOLD))
            .collect::<Vec<_>>(),
    ];
    for row in rows {
        data.push(
            row.iter()
                .zip(&columns)
                .map(|(c, (_, style))| (c.clone(), *style))
                .collect(),
        );
    }
    let widths: Vec<(f64, u8)> = columns
        .iter()
        .map(|(h, style)| (h.chars().count().max(4) as f64 * 2.2 + 1.0, *style))
        .collect();
    let mut notes: Vec<Vec<(Out, u8)>> = HOW_TO
        .iter()
        .map(|l| vec![(Out::Text((*l).to_owned()), PLAIN)])
        .collect();
    notes.push(Vec::new());
    notes.push(
        NOTES_HEADER
            .iter()
            .map(|h| (Out::Text((*h).to_owned()), BOLD))
            .collect(),
    );
    for row in notes_rows(levels) {
        notes.push(row.into_iter().map(|v| (Out::Text(v), PLAIN)).collect());
    }
    let note_widths = [6.0, 22.0, 44.0, 8.0, 80.0].map(|w| (w, PLAIN));

    let parts = [
        ("[Content_Types].xml", CONTENT_TYPES.to_owned()),
        ("_rels/.rels", ROOT_RELS.to_owned()),
        ("xl/workbook.xml", workbook_xml()),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.to_owned()),
        ("xl/styles.xml", STYLES.to_owned()),
        (
            "xl/worksheets/sheet1.xml",
            sheet_xml(&data, &widths, Some(levels.len() + 2)),
        ),
        (
            "xl/worksheets/sheet2.xml",
            sheet_xml(&notes, &note_widths, None),
        ),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, text) in parts {
        zip.start_file(name, options)
            .map_err(std::io::Error::other)?;
        std::io::Write::write_all(&mut zip, text.as_bytes())?;
    }
    Ok(zip.finish().map_err(std::io::Error::other)?.into_inner())
}

/// Cell styles of `STYLES`: default, bold (headers), text (`@`).
const PLAIN: u8 = 0;
const BOLD: u8 = 1;
const TEXT: u8 = 2;

const XML: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#;
const MAIN_NS: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;

const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;

/// Fonts 0 (regular) and 1 (bold); cell formats 0 (general), 1 (bold), 2 (text, `@` = 49).
const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="2"><font><sz val="11"/><name val="等线"/><charset val="134"/></font><font><b/><sz val="11"/><name val="等线"/><charset val="134"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles></styleSheet>"#;

fn workbook_xml() -> String {
    format!(
        r#"{XML}
<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><sheets><sheet name="{}" sheetId="1" r:id="rId1"/><sheet name="{}" sheetId="2" r:id="rId2"/></sheets></workbook>"#,
        escape(SHEET),
        escape(NOTES_SHEET)
    )
}

/// A worksheet: column widths and styles, the rows (text inline, numbers as numbers), and
/// with `freeze` the header row and that many first columns frozen (the level columns,
/// slug and 名称).
fn sheet_xml(rows: &[Vec<(Out, u8)>], widths: &[(f64, u8)], freeze: Option<usize>) -> String {
    let mut out = format!(
        r#"{XML}
<worksheet xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><sheetViews><sheetView workbookViewId="0""#
    );
    if let Some(columns) = freeze {
        let top_left = crate::sheet::column_letter(columns);
        out.push_str(&format!(r#"><pane xSplit="{columns}" ySplit="1" topLeftCell="{top_left}2" activePane="bottomRight" state="frozen"/><selection pane="bottomRight"/></sheetView>"#));
    } else {
        out.push_str("/>");
    }
    out.push_str(r#"</sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>"#);
    for (i, (width, style)) in widths.iter().enumerate() {
        out.push_str(&format!(
            r#"<col min="{n}" max="{n}" width="{width:.1}" customWidth="1"{}/>"#,
            if *style == PLAIN {
                String::new()
            } else {
                format!(r#" style="{style}""#)
            },
            n = i + 1
        ));
    }
    out.push_str("</cols><sheetData>");
    for (r, row) in rows.iter().enumerate() {
        out.push_str(&format!(r#"<row r="{}">"#, r + 1));
        for (c, (cell, style)) in row.iter().enumerate() {
            let at = format!("{}{}", crate::sheet::column_letter(c), r + 1);
            let s = if *style == PLAIN {
                String::new()
            } else {
                format!(r#" s="{style}""#)
            };
            match cell {
                Out::Empty => {}
                Out::Number(n) => {
                    out.push_str(&format!(r#"<c r="{at}"{s}><v>{}</v></c>"#, number_text(*n)))
                }
                Out::Text(t) => out.push_str(&format!(
                    r#"<c r="{at}"{s} t="inlineStr"><is><t xml:space="preserve">{}</t></is></c>"#,
                    escape(t)
                )),
            }
        }
        out.push_str("</row>");
    }
    out.push_str("</sheetData></worksheet>");
    out
}

/// Text for XML: the five entities escaped, characters XML cannot hold dropped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}
