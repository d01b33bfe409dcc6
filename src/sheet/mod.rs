//! Spreadsheets of county figures, one row a county: the columns (Chinese header ↔ YAML key
//! path), reading a table from `.xlsx`/`.xls`/`.ods` bytes or from CSV in UTF-8 or GB18030,
//! and turning cells into YAML values. Pure: bytes in, tables out; `qingfeng import` and
//! `qingfeng export` (in `commands/`) do the reading and writing of files.

pub mod edit;
pub mod regions;

use std::io::Cursor;

use calamine::{Data, Reader};

use crate::messages::Text;
use crate::model::date::Date;

/// What a column holds, which decides how a cell is read and written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Text written as a YAML string (names).
    Text,
    /// 县, 市 or 区.
    Division,
    /// A date, 年-月-日.
    Date,
    /// 是 or 否; empty is 否.
    Flag,
    /// A whole number of people.
    Count,
    /// An age in years, with decimals.
    Years,
}

/// One input field of a county: its header in the table, its YAML key path.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// The Chinese header, as `data/counties.csv` has it where that file has the field.
    pub header: &'static str,
    /// The dotted key path in `content/counties/<slug>.yaml`.
    pub path: &'static str,
    /// How its cells are read.
    pub kind: Kind,
    /// Whether a county must have it (an optional count left empty means "unknown").
    pub required: bool,
    /// What to write, for the notes sheet.
    pub note: &'static str,
}

const fn field(
    header: &'static str,
    path: &'static str,
    kind: Kind,
    required: bool,
    note: &'static str,
) -> Field {
    Field {
        header,
        path,
        kind,
        required,
        note,
    }
}

/// Every field an editor writes, in the order of the YAML files. Shares, sums and changes
/// are not here: the site computes them from these counts.
pub const FIELDS: &[Field] = &[
    field(
        "slug",
        "slug",
        Kind::Text,
        true,
        "页面地址中的名称：小写英文字母、数字和 -，如 yaodu；与文件名 content/counties/<slug>.yaml 一致。新增县时必填，已有的县不要改",
    ),
    field(
        "名称",
        "name",
        Kind::Text,
        true,
        "县（市、区）全称，如 尧都区",
    ),
    field(
        "简称",
        "short_name",
        Kind::Text,
        false,
        "可空：名称较长时在图表中使用的简称，如 积石山县",
    ),
    field("类型", "kind", Kind::Division, true, "县、市 或 区"),
    field(
        "发布日期",
        "date",
        Kind::Date,
        true,
        "县页面的发布日期，年-月-日，如 2016-08-05",
    ),
    field(
        "国定贫困县",
        "national_poverty_county",
        Kind::Flag,
        false,
        "是 或 否（空白为否）",
    ),
    field(
        "班子成员",
        "members",
        Kind::Count,
        true,
        "新一届班子成员总数",
    ),
    field(
        "少数民族干部",
        "ethnic_minority",
        Kind::Count,
        false,
        "人数；可空：空白表示不详，不是 0",
    ),
    field(
        "基层工作经历",
        "grassroots_experience",
        Kind::Count,
        false,
        "具有基层工作经历的人数；可空：空白表示不详",
    ),
    field(
        "平均年龄",
        "age.average",
        Kind::Years,
        true,
        "岁，可带一位小数，如 46.9",
    ),
    field(
        "最小年龄",
        "age.youngest",
        Kind::Count,
        true,
        "最年轻成员的年龄（岁）",
    ),
    field(
        "42岁以下",
        "age.under_42",
        Kind::Count,
        true,
        "人数：至少等于 40 岁以下各段之和，至多再加上 41至45岁 一段",
    ),
    field(
        "35岁左右",
        "age.around_35",
        Kind::Count,
        true,
        "人数，不超过 42岁以下",
    ),
    field(
        "40岁左右党政正职",
        "age.principal_around_40",
        Kind::Count,
        false,
        "40岁左右的县级党政正职人数；可空：空白表示不详",
    ),
    field(
        "35岁以下",
        "age.bands.up_to_35",
        Kind::Count,
        true,
        "年龄段人数（含35岁）；五个年龄段之和须等于班子成员",
    ),
    field(
        "36至40岁",
        "age.bands.from_36_to_40",
        Kind::Count,
        true,
        "年龄段人数",
    ),
    field(
        "41至45岁",
        "age.bands.from_41_to_45",
        Kind::Count,
        true,
        "年龄段人数",
    ),
    field(
        "46至50岁",
        "age.bands.from_46_to_50",
        Kind::Count,
        true,
        "年龄段人数",
    ),
    field(
        "51岁以上",
        "age.bands.from_51",
        Kind::Count,
        true,
        "年龄段人数",
    ),
    field(
        "研究生",
        "education.postgraduate",
        Kind::Count,
        true,
        "学历人数；四项学历之和须等于班子成员",
    ),
    field(
        "本科",
        "education.undergraduate",
        Kind::Count,
        true,
        "学历人数",
    ),
    field("大专", "education.college", Kind::Count, true, "学历人数"),
    field(
        "中专及以下",
        "education.below_college",
        Kind::Count,
        true,
        "学历人数",
    ),
    field("女干部", "women.count", Kind::Count, true, "女干部人数"),
    field(
        "女性党政正职",
        "women.principal",
        Kind::Count,
        true,
        "其中担任党政正职的人数",
    ),
    field(
        "党外干部",
        "non_party.count",
        Kind::Count,
        true,
        "党外干部人数",
    ),
    field(
        "党外干部进政府班子",
        "non_party.government",
        Kind::Count,
        true,
        "其中进入政府班子的人数",
    ),
    field(
        "乡镇党政正职经历",
        "township_principal_experience.members",
        Kind::Count,
        true,
        "有乡镇党政正职经历的人数",
    ),
    field(
        "乡镇经历的县级党政正职",
        "township_principal_experience.principal_leaders",
        Kind::Count,
        true,
        "其中担任县级党政正职的人数",
    ),
    field(
        "党政班子成员",
        "party_government_team.members",
        Kind::Count,
        true,
        "党政班子人数",
    ),
    field(
        "党政班子本地干部",
        "party_government_team.local_cadres",
        Kind::Count,
        true,
        "其中本地干部（一般不少于3名）",
    ),
    field(
        "党政班子女干部",
        "party_government_team.women",
        Kind::Count,
        true,
        "其中女干部（一般不少于2名）",
    ),
    field(
        "提拔",
        "promotions.promoted",
        Kind::Count,
        true,
        "本次换届提拔人数",
    ),
    field(
        "从县（市、区）提拔",
        "promotions.from_county",
        Kind::Count,
        true,
        "其中从县（市、区）提拔的人数",
    ),
    field(
        "其中乡镇党政正职",
        "promotions.township_principals",
        Kind::Count,
        true,
        "其中乡镇党政正职人数",
    ),
    field(
        "三农专家",
        "promotions.agricultural_experts",
        Kind::Count,
        false,
        "进入政府班子的“三农”专家人数；可空：空白表示不详",
    ),
    field(
        "上届班子成员",
        "previous.members",
        Kind::Count,
        false,
        "上届班子人数；没有上届数据时，上届各列都留空",
    ),
    field(
        "上届平均年龄",
        "previous.average_age",
        Kind::Years,
        false,
        "上届平均年龄（岁）；填了上届班子成员就必填",
    ),
    field("上届女干部", "previous.women", Kind::Count, false, "可空"),
    field(
        "上届大专以上学历",
        "previous.college_or_above",
        Kind::Count,
        false,
        "可空",
    ),
    field(
        "上届党外干部",
        "previous.non_party",
        Kind::Count,
        false,
        "可空",
    ),
    field(
        "上届乡镇党政正职经历",
        "previous.township_principal_experience",
        Kind::Count,
        false,
        "可空",
    ),
];

/// Columns of `data/counties.csv` that the site computes (sums, shares, changes): an
/// import recognises and skips them, and never writes them into YAML.
pub const COMPUTED: &[&str] = &[
    "大专以上学历",
    "大专以上占比(%)",
    "女干部占比(%)",
    "乡镇党政正职经历占比(%)",
    "平均年龄变化",
];

/// The field a header names: its Chinese header or its key path (`age.average`).
/// A unit an editor adds to a header in brackets (`班子成员（人）`, `平均年龄(岁)`) is read
/// past: the column is still its field.
pub fn field_for(header: &str) -> Option<&'static Field> {
    let h = header.trim_matches(|c: char| c.is_whitespace());
    let bare = |h: &str| FIELDS.iter().find(|f| f.header == h || f.path == h);
    bare(h).or_else(|| bare(without_unit(h)?))
}

/// `header` without a unit in brackets at its end (`（人）`, `(%)`), if it has one.
fn without_unit(header: &str) -> Option<&str> {
    const UNITS: [&str; 8] = ["人", "名", "个", "岁", "%", "％", "年", "周岁"];
    let (open, close) = if header.ends_with('）') {
        ('（', '）')
    } else {
        ('(', ')')
    };
    let inner_end = header.strip_suffix(close)?;
    let at = inner_end.rfind(open)?;
    let unit = inner_end[at + open.len_utf8()..].trim();
    UNITS
        .contains(&unit)
        .then(|| inner_end[..at].trim_end_matches(|c: char| c.is_whitespace()))
}

/// One cell as the table holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing.
    Empty,
    /// A number (Excel stores every number as a float).
    Number(f64),
    /// Text.
    Text(String),
    /// TRUE or FALSE.
    Bool(bool),
    /// A date cell.
    Date(Date),
    /// An error value such as `#DIV/0!`.
    Error(String),
}

impl Cell {
    /// Whether the cell holds nothing (or only spaces).
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as an editor sees it, for messages.
    pub fn shown(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Number(n) => number_text(*n),
            Cell::Text(t) => t.clone(),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.into(),
            Cell::Date(d) => d.to_string(),
            Cell::Error(e) => e.clone(),
        }
    }
}

/// A number as the YAML and the CSV write it: `25`, `46.9`.
pub fn number_text(n: f64) -> String {
    format!("{n}")
}

/// A sheet: its name (for `各县数据!D7`) and its rows, each with its 1-based row number.
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// The sheet's name, or the CSV file's name without its extension (as Excel names it).
    pub sheet: String,
    /// Rows with their 1-based row numbers and 1-based first column; empty rows left out.
    pub rows: Vec<Row>,
}

/// One row of a table.
#[derive(Debug, Clone, Default)]
pub struct Row {
    /// 1-based row number in the sheet.
    pub number: usize,
    /// The cells from column A (a range starting further right is padded with empties).
    pub cells: Vec<Cell>,
}

/// The name of the sheet `export` writes and `import` looks for first.
pub const SHEET: &str = "各县数据";

/// The name of the notes sheet `export` writes.
pub const NOTES_SHEET: &str = "填写说明";

/// `A`, `B`, … `Z`, `AA`: the letter of a 0-based column.
pub fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut out = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        out.push(b'A' + u8::try_from(r).unwrap_or(0));
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Reads a workbook (`.xlsx`, `.xlsm`, `.xls`, `.xlsb`, `.ods`) from its bytes: the sheet
/// named 各县数据 if there is one, else the first.
/// Why it cannot be read is said in both languages (the reader's own words in brackets).
pub fn read_workbook(bytes: Vec<u8>) -> Result<Table, Text> {
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| {
        crate::t!(
            "cannot read it as a spreadsheet: {e}",
            "无法作为电子表格读取（{e}）"
        )
    })?;
    let names = book.sheet_names();
    let name = names
        .iter()
        .find(|n| n.trim() == SHEET)
        .or_else(|| names.first())
        .cloned()
        .ok_or_else(|| Text::both("the workbook has no sheet", "工作簿中没有工作表"))?;
    let range = book.worksheet_range(&name).map_err(|e| {
        crate::t!(
            "cannot read the sheet {name}: {e}",
            "无法读取工作表 {name}（{e}）"
        )
    })?;
    let (top, left) = range.start().unwrap_or((0, 0));
    let (top, left) = (top as usize, left as usize);
    let mut grid: Vec<Vec<Cell>> = range
        .rows()
        .map(|raw| {
            let mut cells = vec![Cell::Empty; left];
            cells.extend(raw.iter().map(cell_of));
            cells
        })
        .collect();
    fill_merged_columns(&mut grid, top, &merged_cells(&mut book, &name));
    let rows = grid
        .into_iter()
        .enumerate()
        .filter(|(_, cells)| !cells.iter().all(Cell::is_empty))
        .map(|(i, cells)| Row {
            number: top + i + 1,
            cells,
        })
        .collect();
    Ok(Table { sheet: name, rows })
}

/// The merged cells of the sheet `name` (xlsx and xls record them; the other formats
/// give none).
fn merged_cells<R: std::io::Read + std::io::Seek>(
    book: &mut calamine::Sheets<R>,
    name: &str,
) -> Vec<calamine::Dimensions> {
    match book {
        calamine::Sheets::Xlsx(x) => x
            .worksheet_merge_cells(name)
            .and_then(Result::ok)
            .unwrap_or_default(),
        calamine::Sheets::Xls(x) => x.worksheet_merge_cells(name).unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// Gives every cell of a merge down one column the value the merge shows (a spreadsheet
/// stores it in the top cell only): an editor merges the 市 or 类型 cells of the rows of
/// one city, and each of those rows means it. `grid` starts at the sheet's row `top`
/// (0-based); merges across columns are left as they are.
fn fill_merged_columns(grid: &mut [Vec<Cell>], top: usize, merges: &[calamine::Dimensions]) {
    for merge in merges.iter().filter(|m| m.start.1 == m.end.1) {
        let col = merge.start.1 as usize;
        let rows = (merge.start.0 as usize).saturating_sub(top)
            ..=(merge.end.0 as usize).saturating_sub(top);
        let Some(value) = grid
            .get(rows.start().to_owned())
            .and_then(|r| r.get(col))
            .filter(|c| !c.is_empty())
            .cloned()
        else {
            continue;
        };
        for row in grid.iter_mut().take(rows.end() + 1).skip(rows.start() + 1) {
            if row.len() <= col {
                row.resize(col + 1, Cell::Empty);
            }
            if row[col].is_empty() {
                row[col] = value.clone();
            }
        }
    }
}

fn cell_of(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(as_excel_shows(*f)),
        Data::String(s) => Cell::Text(s.clone()),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(d) => excel_date(d.as_f64()).map_or(Cell::Number(d.as_f64()), Cell::Date),
        Data::DateTimeIso(s) => {
            Date::parse(s.get(..10).unwrap_or(s)).map_or_else(|| Cell::Text(s.clone()), Cell::Date)
        }
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}

/// A cell's float as Excel shows it: rounded to 15 significant digits. A formula such as
/// `=AVERAGE(…)` stores the binary double (`46.449999999999996`, `3.0000000000000004`), which
/// Excel displays, and the editor reads, as 46.45 and 3; the last bits are arithmetic noise.
pub fn as_excel_shows(f: f64) -> f64 {
    if !f.is_finite() || f == 0.0 {
        return f;
    }
    format!("{f:.14e}").parse().unwrap_or(f)
}

/// A number read from a cell as the import writes it: rounded to 10 significant digits, then
/// written (by `{}`, [`number_text`]) in the shortest form that reads back as that value.
/// Ten digits keep every figure an editor means (an age to a hundredth, a count up to
/// 100000, even 46.12345678) and drop the noise of a spreadsheet's binary arithmetic, which
/// sits in the 12th to 17th digit: `46.04999999999`, `46.050000000000004` and
/// `46.049999999999997` all become 46.05, `24.000000000000004` becomes 24.
pub fn rounded_decimal(f: f64) -> f64 {
    if !f.is_finite() || f == 0.0 {
        return f;
    }
    format!("{f:.9e}").parse().unwrap_or(f)
}

/// The date of an Excel serial number (days since 1899-12-30, the 1900 system).
pub fn excel_date(serial: f64) -> Option<Date> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    // 25,569 is 1970-01-01.
    Date::from_days_since_epoch(serial.floor() as i64 - 25_569)
}

/// Reads a CSV file's bytes: UTF-8 with or without a BOM, else GB18030 (which covers GBK,
/// what Excel and WPS save on Chinese Windows). `name` is the sheet name to report; why
/// the bytes are not such text is said in both languages.
pub fn read_csv(bytes: &[u8], name: &str) -> Result<Table, Text> {
    let text = decode(bytes)?;
    let mut rows = Vec::new();
    for (number, fields) in parse_csv(&text) {
        let cells: Vec<Cell> = fields
            .into_iter()
            .map(|f| {
                if f.trim().is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(f)
                }
            })
            .collect();
        if cells.iter().all(Cell::is_empty) {
            continue;
        }
        rows.push(Row { number, cells });
    }
    Ok(Table {
        sheet: name.to_owned(),
        rows,
    })
}

/// The text of a CSV file: UTF-8 (a BOM dropped) if it is valid UTF-8, else GB18030.
/// UTF-16 (with or without its byte order mark: its NUL bytes are valid UTF-8) is refused.
pub fn decode(bytes: &[u8]) -> Result<String, Text> {
    let bytes = bytes.strip_prefix(crate::encoding::BOM).unwrap_or(bytes);
    if crate::encoding::looks_like_utf16(bytes) {
        return Err(Text::both(
            "the file is UTF-16 (Excel's “Unicode text”); save it as “CSV UTF-8” or as .xlsx instead",
            "文件是 UTF-16 编码（Excel 的“Unicode 文本”）；请在 Excel 中另存为“CSV UTF-8(逗号分隔)”或 .xlsx 工作簿",
        ));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_owned());
    }
    let (text, _, had_errors) = encoding_rs::GB18030.decode(bytes);
    if had_errors {
        return Err(Text::both(
            "the file is neither UTF-8 nor GBK/GB18030 text; save it as “CSV UTF-8” or as .xlsx",
            "文件既不是 UTF-8 也不是 GBK/GB18030 编码的文本；请在 Excel 中另存为“CSV UTF-8(逗号分隔)”或 .xlsx 工作簿",
        ));
    }
    Ok(text.into_owned())
}

/// RFC 4180 CSV: fields separated by commas, quoted with `"` (doubled inside), records by
/// CRLF or LF (a quoted field may hold line breaks). Each record with its 1-based line.
pub fn parse_csv(text: &str) -> Vec<(usize, Vec<String>)> {
    let mut records = Vec::new();
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut line = 1;
    let mut start = 1;
    let mut chars = text.chars().peekable();
    let mut any = false;
    while let Some(c) = chars.next() {
        any = true;
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    field.push('\n');
                }
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => quoted = true,
            ',' => fields.push(std::mem::take(&mut field)),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                fields.push(std::mem::take(&mut field));
                records.push((start, std::mem::take(&mut fields)));
                line += 1;
                start = line;
                any = false;
            }
            _ => field.push(c),
        }
    }
    if any {
        fields.push(field);
        records.push((start, fields));
    }
    records
}

/// A CSV field, quoted when it must be.
pub fn csv_field(cell: &str) -> String {
    if cell.contains([',', '"', '\n', '\r']) || cell.starts_with(' ') || cell.ends_with(' ') {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_unit_in_brackets_after_a_header_is_read_past() {
        let members = field_for("班子成员").map(|f| f.path);
        assert_eq!(members, Some("members"));
        for header in [
            "班子成员（人）",
            "班子成员 (人)",
            "班子成员（ 名 ）",
            "\u{3000}班子成员(人)",
        ] {
            assert_eq!(field_for(header).map(|f| f.path), members, "{header}");
        }
        assert_eq!(
            field_for("平均年龄（岁）").map(|f| f.path),
            Some("age.average")
        );
        // Brackets holding something else are not a unit.
        assert!(field_for("班子成员（新）").is_none());
        assert!(field_for("（人）").is_none());
    }

    #[test]
    fn column_letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }

    #[test]
    fn every_column_of_the_open_data_is_a_field_or_computed() {
        for (header, _) in crate::render::open_data::CSV_COLUMNS {
            assert!(
                field_for(header).is_some() || COMPUTED.contains(header),
                "{header}"
            );
        }
        for computed in COMPUTED {
            assert!(field_for(computed).is_none(), "{computed}");
        }
        let mut headers: Vec<&str> = FIELDS.iter().map(|f| f.header).collect();
        headers.sort_unstable();
        headers.dedup();
        assert_eq!(headers.len(), FIELDS.len(), "two fields share a header");
    }

    #[test]
    fn csv_records_keep_quotes_and_line_numbers() {
        let text = "a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\n\"two\nlines\",3\nlast,";
        assert_eq!(
            parse_csv(text),
            vec![
                (1, vec!["a".into(), "b".into()]),
                (2, vec!["x, y".into(), "say \"hi\"".into()]),
                (3, vec!["two\nlines".into(), "3".into()]),
                (5, vec!["last".into(), String::new()]),
            ]
        );
    }

    #[test]
    fn csv_text_is_utf8_or_gb18030() {
        let (gbk, _, _) = encoding_rs::GBK.encode("名称,班子成员\n尧都区,25\n");
        assert_eq!(
            decode(&gbk).ok().as_deref(),
            Some("名称,班子成员\n尧都区,25\n")
        );
        assert_eq!(
            decode("\u{FEFF}名称".as_bytes()).ok().as_deref(),
            Some("名称")
        );
        // UTF-16 with its byte order mark, and without it (valid UTF-8, NULs and all).
        for utf16 in [&b"\xFF\xFEa\x00,\x00b\x00"[..], b"a\x00,\x00b\x00\n\x00"] {
            let refused = decode(utf16).err().unwrap_or_default();
            assert!(refused.en.contains("UTF-16"), "{refused:?}");
            assert!(
                refused
                    .get(crate::messages::Lang::Zh)
                    .contains("UTF-16 编码")
            );
        }
    }

    #[test]
    fn floats_are_read_as_excel_shows_them() {
        #[track_caller]
        fn case(stored: f64, shown: f64) {
            assert_eq!(as_excel_shows(stored), shown);
            assert_eq!(cell_of(&Data::Float(stored)), Cell::Number(shown));
        }
        case(46.449999999999996, 46.45);
        case(3.0000000000000004, 3.0);
        case(0.1 + 0.2, 0.3);
        case(46.9, 46.9);
        case(25.0, 25.0);
        case(0.0, 0.0);
        case(-2.5000000000000004, -2.5);
        case(123_456_789_012_345.0, 123_456_789_012_345.0);
        assert_eq!(number_text(as_excel_shows(46.449999999999996)), "46.45");
    }

    #[test]
    fn decimals_are_rounded_to_ten_significant_digits_and_written_short() {
        #[track_caller]
        fn case(read: f64, written: &str) {
            assert_eq!(number_text(rounded_decimal(read)), written, "{read:?}");
        }
        case(0.7 * 3.0, "2.1");
        case(46.04999999999, "46.05");
        case(46.050000000000004, "46.05");
        case(24.000000000000004, "24");
        case(0.1 + 0.2, "0.3");
        case(1.1 * 1.1, "1.21");
        // What an editor means is kept.
        case(46.123, "46.123");
        case(46.12345678, "46.12345678");
        case(45.6, "45.6");
        case(100_000.0, "100000");
        case(-1.5, "-1.5");
        case(0.0, "0");
    }

    #[test]
    fn excel_serials_are_dates() {
        assert_eq!(
            excel_date(42587.0).map(|d| d.to_string()).as_deref(),
            Some("2016-08-05")
        );
        assert_eq!(
            excel_date(25569.5).map(|d| d.to_string()).as_deref(),
            Some("1970-01-01")
        );
        assert_eq!(excel_date(-3.0), None);
    }
}
