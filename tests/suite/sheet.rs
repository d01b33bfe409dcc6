//! The spreadsheet round trip: `qingfeng export` writes a table, `qingfeng import` reads it
//! back (xlsx, GBK CSV, UTF-8 CSV with a BOM) and changes only the fields whose cells
//! changed, keeping every other line of the YAML; one bad cell writes nothing.

use std::collections::BTreeMap;
use std::io::{Read, Write};

use qingfeng::sheet::{FIELDS, column_letter, csv_field, decode, parse_csv};

use crate::common::TestSite;

/// The column of a field in an export.
fn col(path: &str) -> usize {
    FIELDS
        .iter()
        .position(|f| f.path == path)
        .unwrap_or_else(|| panic!("no field {path}"))
}

fn counties(site: &TestSite) -> BTreeMap<String, Vec<u8>> {
    site.snapshot("content")
}

/// The rows of an exported CSV.
fn read_csv(site: &TestSite, rel: &str) -> Vec<Vec<String>> {
    let bytes = std::fs::read(site.path(rel)).expect("csv");
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "no BOM");
    let text = decode(&bytes).expect("utf-8");
    parse_csv(&text).into_iter().map(|(_, r)| r).collect()
}

fn csv_text(rows: &[Vec<String>]) -> String {
    rows.iter()
        .map(|r| r.iter().map(|c| csv_field(c)).collect::<Vec<_>>().join(","))
        .collect::<Vec<_>>()
        .join("\r\n")
        + "\r\n"
}

/// The row of a county (by slug) in the rows of a table.
fn row_of(rows: &mut [Vec<String>], slug: &str) -> usize {
    rows.iter()
        .position(|r| r.first().map(String::as_str) == Some(slug))
        .unwrap_or_else(|| panic!("no row for {slug}"))
}

/// The lines that differ between two texts of the same length in lines.
fn changed_lines(before: &[u8], after: &[u8]) -> Vec<(String, String)> {
    let (a, b) = (
        String::from_utf8_lossy(before).into_owned(),
        String::from_utf8_lossy(after).into_owned(),
    );
    assert_eq!(a.lines().count(), b.lines().count(), "{a}\n---\n{b}");
    a.lines()
        .zip(b.lines())
        .filter(|(x, y)| x != y)
        .map(|(x, y)| (x.to_owned(), y.to_owned()))
        .collect()
}

/// A copy of a zip with one entry's text edited.
fn edit_zip(bytes: &[u8], entry: &str, from: &str, to: &str) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).expect("entry");
        let name = file.name().to_owned();
        let mut text = String::new();
        file.read_to_string(&mut text).expect("read entry");
        if name == entry {
            assert!(text.contains(from), "{entry} lacks {from}");
            text = text.replacen(from, to, 1);
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("start");
        out.write_all(text.as_bytes()).expect("write");
    }
    out.finish().expect("finish").into_inner()
}

#[test]
fn export_then_import_changes_nothing_on_two_sites() {
    for site in [TestSite::example(), TestSite::fixture("second-city")] {
        let before = counties(&site);
        site.run(&["export"]).success();
        site.run(&["export", "table.csv"]).success();
        assert!(site.path("table-填写说明.txt").exists());
        for file in ["各县数据.xlsx", "table.csv"] {
            let run = site.run(&["import", file]).success();
            assert!(run.stdout.contains("no changes"), "{}", run.stdout);
        }
        // The open data that `build` writes reads back too: its computed columns are skipped.
        site.build().success();
        let run = site.run(&["import", "public/data/counties.csv"]).success();
        assert!(run.stdout.contains("no changes"), "{}", run.stdout);
        assert_eq!(
            counties(&site),
            before,
            "an unchanged table changed the YAML"
        );
        // Every county is a row, with the numbers as numbers.
        let rows = read_csv(&site, "table.csv");
        assert_eq!(
            rows.len(),
            1 + before
                .keys()
                .filter(|k| k.ends_with(".yaml") && k.starts_with("counties"))
                .count()
        );
        assert!(
            rows[1..]
                .iter()
                .all(|r| r[col("members")].parse::<u32>().is_ok())
        );
    }
}

#[test]
fn one_cell_edited_in_the_exported_workbook_changes_that_field() {
    let site = TestSite::example();
    site.run(&["export", "t.xlsx"]).success();
    let before = counties(&site);
    // anze is the first row; its youngest is 33.
    let at = format!("{}2", column_letter(col("age.youngest")));
    let xlsx = std::fs::read(site.path("t.xlsx")).expect("xlsx");
    let edited = edit_zip(
        &xlsx,
        "xl/worksheets/sheet1.xml",
        &format!(r#"<c r="{at}"><v>33</v></c>"#),
        &format!(r#"<c r="{at}"><v>34</v></c>"#),
    );
    site.write_bytes("t.xlsx", &edited);
    let dry = site.run(&["import", "t.xlsx", "--dry-run"]).success();
    assert!(
        dry.stdout.contains(&format!(
            "county 安泽县 · field 最小年龄 (age.youngest) · 33 → 34 · 各县数据!{at}"
        )),
        "{}",
        dry.stdout
    );
    let zh = site
        .run(&["--lang", "zh", "import", "t.xlsx", "--dry-run"])
        .success();
    assert!(
        zh.stdout.contains(&format!(
            "县 安泽县 · 字段 最小年龄（age.youngest） · 33 → 34 · 各县数据!{at}"
        )),
        "{}",
        zh.stdout
    );
    assert_eq!(counties(&site), before, "--dry-run wrote");
    site.run(&["import", "t.xlsx"]).success();
    let after = counties(&site);
    for (file, bytes) in &before {
        if file.ends_with("anze.yaml") {
            assert_eq!(
                changed_lines(bytes, &after[file]),
                vec![("  youngest: 33".into(), "  youngest: 34".into())]
            );
        } else {
            assert_eq!(&after[file], bytes, "{file} changed");
        }
    }
    site.build().success();
}

/// A workbook shaped as Excel saves one: shared strings, a date cell with a date format,
/// a float that is not exactly its decimal, columns in another order and a column that is
/// not a field.
fn excel_workbook(rows: &[&[(&str, &str)]]) -> Vec<u8> {
    let mut strings: Vec<String> = Vec::new();
    let mut sheet = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:E3"/><sheetData>"#,
    );
    for (r, row) in rows.iter().enumerate() {
        sheet.push_str(&format!(r#"<row r="{}">"#, r + 1));
        for (c, (kind, value)) in row.iter().enumerate() {
            let at = format!("{}{}", column_letter(c), r + 1);
            match *kind {
                "s" => {
                    strings.push((*value).to_owned());
                    sheet.push_str(&format!(
                        r#"<c r="{at}" t="s"><v>{}</v></c>"#,
                        strings.len() - 1
                    ));
                }
                "date" => sheet.push_str(&format!(r#"<c r="{at}" s="1"><v>{value}</v></c>"#)),
                // A number formatted as a percentage (0.0%): Excel keeps the fraction.
                "percent" => sheet.push_str(&format!(r#"<c r="{at}" s="2"><v>{value}</v></c>"#)),
                _ => sheet.push_str(&format!(r#"<c r="{at}"><v>{value}</v></c>"#)),
            }
        }
        sheet.push_str("</row>");
    }
    sheet.push_str("</sheetData></worksheet>");
    let shared = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{n}" uniqueCount="{n}">{}</sst>"#,
        strings
            .iter()
            .map(|s| format!("<si><t>{s}</t></si>"))
            .collect::<String>(),
        n = strings.len()
    );
    let parts = [
        ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"#.to_owned()),
        ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_owned()),
        ("xl/workbook.xml", r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr/><sheets><sheet name="换届数据" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_owned()),
        ("xl/_rels/workbook.xml.rels", r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#.to_owned()),
        ("xl/styles.xml", r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><numFmts count="1"><numFmt numFmtId="164" formatCode="0.0%"/></numFmts><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>"#.to_owned()),
        ("xl/sharedStrings.xml", shared),
        ("xl/worksheets/sheet1.xml", sheet),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, text) in parts {
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("start");
        zip.write_all(text.as_bytes()).expect("write");
    }
    zip.finish().expect("finish").into_inner()
}

#[test]
fn a_workbook_saved_by_excel_is_read_by_name_with_dates_and_floats() {
    let site = TestSite::fixture("second-city");
    let before = site.read("content/counties/jishishan.yaml");
    // 2021-09-12 is Excel's day 44451; 46.2 is stored as Excel writes it.
    let book = excel_workbook(&[
        &[("s", "某市各县（市、区）换届数据")],
        &[
            ("s", "名称"),
            ("s", "发布日期"),
            ("s", "平均年龄"),
            ("s", "备注"),
            ("s", "最小年龄"),
        ],
        &[
            ("s", "积石山保安族东乡族撒拉族自治县"),
            ("date", "44451"),
            ("n", "46.200000000000003"),
            ("s", "已核对"),
            ("n", "32"),
        ],
    ]);
    site.write_bytes("book.xlsx", &book);
    let run = site.run(&["import", "book.xlsx"]).success();
    assert!(
        run.stderr
            .contains("换届数据!D2: the column 备注 is not a field"),
        "{}",
        run.stderr
    );
    let after = site.read("content/counties/jishishan.yaml");
    assert_eq!(
        changed_lines(before.as_bytes(), after.as_bytes()),
        vec![
            ("date: 2021-09-10".into(), "date: 2021-09-12".into()),
            ("  average: 46.0".into(), "  average: 46.2".into()),
        ],
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("换届数据!B3"), "{}", run.stdout);
    site.build().success();
}

/// A share typed into a count column formatted as a percentage (17.4% is kept as 0.174) is
/// told that the column takes the count, in either language, and nothing is written; a
/// count beside it is read as usual.
#[test]
fn a_percentage_cell_in_a_count_column_is_told_to_hold_the_count() {
    let site = TestSite::fixture("second-city");
    let before = counties(&site);
    let book = excel_workbook(&[
        &[("s", "名称"), ("s", "女干部"), ("s", "党外干部")],
        &[
            ("s", "积石山保安族东乡族撒拉族自治县"),
            ("percent", "0.17399999999999999"),
            ("n", "4"),
        ],
    ]);
    site.write_bytes("book.xlsx", &book);
    let place =
        "换届数据!B2 (row 2, county 积石山保安族东乡族撒拉族自治县, field 女干部 women.count)";
    let en = site.run(&["import", "book.xlsx"]).failure(1);
    let en = en
        .stderr_has(&format!(
            "{place}: `0.174` (17.4%) is a share: the 女干部 column takes the count of people, not a share"
        ))
        .stderr_has("help: write the number of people in the 女干部 cell of row 2; qingfeng computes the shares from the counts");
    assert!(!en.stderr.contains("not a whole number"), "{}", en.stderr);
    assert!(!en.stderr.contains("党外干部"), "{}", en.stderr);
    site.run_with_env(&["import", "book.xlsx"], &[("LANG", "zh_CN.UTF-8")])
        .failure(1)
        .stderr_has("`0.174`（17.4%）是比例：“女干部”这一列填人数，不填比例")
        .stderr_has("帮助：在第2行“女干部”单元格中填人数；比例由 qingfeng 根据人数计算");
    assert_eq!(counties(&site), before);
    // A fraction in a column that is no count of people is only not a whole number.
    let book = excel_workbook(&[
        &[("s", "名称"), ("s", "最小年龄")],
        &[("s", "积石山保安族东乡族撒拉族自治县"), ("n", "0.5")],
    ]);
    site.write_bytes("book.xlsx", &book);
    site.run(&["import", "book.xlsx"])
        .failure(1)
        .stderr_has("`0.5` is not a whole number");
}

/// The noise of a spreadsheet's arithmetic is not written into the YAML: a decimal is
/// rounded to 10 significant digits (46.04999999999 is 46.05), a precise one is kept, and a
/// count off by the noise (21.000000000000004) is the whole number it is.
#[test]
fn spreadsheet_noise_is_rounded_away_and_precise_decimals_are_kept() {
    let site = TestSite::fixture("second-city");
    let county = "content/counties/jishishan.yaml";
    let average = |site: &TestSite| {
        let yaml = site.read(county);
        let line = yaml.lines().find(|l| l.starts_with("  average: "));
        line.map(str::to_owned).unwrap_or_default()
    };
    for (stored, written) in [
        ("46.04999999999", "46.05"),
        ("46.123", "46.123"),
        ("46.049999999999997", "46.05"),
        ("46.5", "46.5"),
        ("46.050000000000004", "46.05"),
    ] {
        let book = excel_workbook(&[
            &[("s", "名称"), ("s", "平均年龄")],
            &[("s", "积石山保安族东乡族撒拉族自治县"), ("n", stored)],
        ]);
        site.write_bytes("book.xlsx", &book);
        let run = site.run(&["import", "book.xlsx"]).success();
        assert!(
            run.stdout.contains(&format!("→ {written} ·")),
            "{stored}: {}",
            run.stdout
        );
        assert_eq!(average(&site), format!("  average: {written}"), "{stored}");
    }
    // The same from a CSV, where the noise is text; and in a count column.
    site.run(&["export", "t.csv"]).success();
    let mut rows = read_csv(&site, "t.csv");
    let r = row_of(&mut rows, "jishishan");
    rows[r][col("age.average")] = "47.04999999999".into();
    rows[r][col("grassroots_experience")] = "21.000000000000004".into();
    site.write("t.csv", &csv_text(&rows));
    site.run(&["import", "t.csv"]).success();
    assert_eq!(average(&site), "  average: 47.05");
    assert!(
        site.read(county).contains("\ngrassroots_experience: 21\n"),
        "{}",
        site.read(county)
    );
}

#[test]
fn gbk_and_utf8_bom_csv_are_read_alike() {
    let site = TestSite::fixture("second-city");
    site.run(&["export", "t.csv"]).success();
    let mut rows = read_csv(&site, "t.csv");
    let r = row_of(&mut rows, "jishishan");
    rows[r][col("grassroots_experience")] = "21".into();
    let text = csv_text(&rows);
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable);
    assert!(std::str::from_utf8(&gbk).is_err(), "not a GBK test");
    site.write_bytes("gbk.csv", &gbk);
    site.write_bytes("bom.csv", format!("\u{FEFF}{text}").as_bytes());
    let gbk_run = site.run(&["import", "gbk.csv", "--dry-run"]).success();
    let bom_run = site.run(&["import", "bom.csv", "--dry-run"]).success();
    let line = |out: &str, sheet: &str| {
        out.contains(&format!(
            "county 积石山保安族东乡族撒拉族自治县 · field 基层工作经历 (grassroots_experience) · 22 → 21 · {sheet}!{}{}",
            column_letter(col("grassroots_experience")),
            r + 1
        ))
    };
    assert!(line(&gbk_run.stdout, "gbk"), "{}", gbk_run.stdout);
    assert!(line(&bom_run.stdout, "bom"), "{}", bom_run.stdout);
    site.run(&["import", "gbk.csv"]).success();
    assert!(
        site.read("content/counties/jishishan.yaml")
            .contains("\ngrassroots_experience: 21\n")
    );
    let again = site.run(&["import", "bom.csv"]).success();
    assert!(again.stdout.contains("no changes"), "{}", again.stdout);
}

/// A CSV saved as UTF-16 (Excel's "Unicode text"), with or without its byte order mark, is
/// refused in the language of messages, and nothing is written.
#[test]
fn a_utf16_csv_is_refused_in_the_chosen_language() {
    let site = TestSite::fixture("second-city");
    site.run(&["export", "t.csv"]).success();
    let before = counties(&site);
    let text = csv_text(&read_csv(&site, "t.csv"));
    let utf16: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    site.write_bytes("marked.csv", &[&b"\xFF\xFE"[..], &utf16].concat());
    site.write_bytes("unmarked.csv", &utf16);
    for file in ["marked.csv", "unmarked.csv"] {
        let zh = site
            .run_with_env(&["import", file], &[("LANG", "zh_CN.UTF-8")])
            .failure(2)
            .stderr_has(&format!(
                "错误[QF1101]：无法读取表格 {file}：文件是 UTF-16 编码（Excel 的“Unicode 文本”）"
            ))
            .stderr_has("另存为“CSV UTF-8(逗号分隔)”");
        assert!(!zh.stderr.contains("save it as"), "{}", zh.stderr);
        site.run(&["import", file])
            .failure(2)
            .stderr_has(&format!(
                "error[QF1101]: {file}: the file is UTF-16 (Excel's “Unicode text”); save it as “CSV UTF-8”"
            ));
    }
    assert_eq!(counties(&site), before);
}

/// An unquoted `1,5` in a CSV row splits into two cells: the row is refused at the cell
/// past the last header, with the reason, and nothing is written.
#[test]
fn a_row_with_a_cell_past_the_last_header_is_refused() {
    let site = TestSite::fixture("second-city");
    site.run(&["export", "t.csv"]).success();
    let before = counties(&site);
    let mut rows = read_csv(&site, "t.csv");
    let width = rows[0].len();
    let r = row_of(&mut rows, "jishishan");
    // The last figure typed as `1,5` without quotes: one cell more than the header.
    rows[r].push("5".into());
    let text = csv_text(&rows);
    site.write("comma.csv", &text);
    let run = site.run(&["import", "comma.csv", "--dry-run"]).failure(1);
    run.stderr_has(&format!("comma!{}{}", column_letter(width), r + 1))
        .stderr_has("right of the last header")
        .stderr_has("1,5");
    site.run(&["import", "comma.csv"]).failure(1);
    assert_eq!(counties(&site), before);
}

#[test]
fn one_bad_cell_writes_nothing_and_names_sheet_cell_and_county() {
    let site = TestSite::example();
    site.run(&["export", "t.csv"]).success();
    site.run(&["export", "orig.csv"]).success();
    let before = counties(&site);
    let mut rows = read_csv(&site, "t.csv");
    let good = row_of(&mut rows, "anze");
    rows[good][col("age.youngest")] = "34".into();
    let bad = row_of(&mut rows, "daning");
    rows[bad][col("members")] = "20人".into();
    site.write("t.csv", &csv_text(&rows));
    let cell = format!("t!{}{}", column_letter(col("members")), bad + 1);
    site.run(&["import", "t.csv"])
        .failure(1)
        .stderr_has(&format!(
            "{cell} (row {}, county 大宁县, field 班子成员 members): `20人` has a unit",
            bad + 1
        ))
        .stderr_has(&format!(
            "write 20 alone, without the unit, in the 班子成员 cell of row {}",
            bad + 1
        ))
        .stderr_has("nothing was written");
    assert_eq!(counties(&site), before);
    // Full-width digits and thousands separators are found by the build's rules too.
    for (typed, words) in [
        ("２０", "full-width digits"),
        ("1,137", "thousands separators"),
    ] {
        rows[bad][col("members")] = typed.into();
        site.write("t.csv", &csv_text(&rows));
        site.run(&["import", "t.csv"]).failure(1).stderr_has(words);
    }
    // A number out of a count's range is called so, not "not a number".
    for (typed, words) in [
        ("-5", "`-5` is below zero: a count cannot be negative"),
        ("1e20", "`1e20` is out of range: a count is at most 100000"),
        ("200000", "`200000` is out of range"),
        ("20.5", "`20.5` is not a whole number"),
    ] {
        rows[bad][col("members")] = typed.into();
        site.write("t.csv", &csv_text(&rows));
        site.run(&["import", "t.csv"])
            .failure(1)
            .stderr_has(words)
            .stderr_has("write a whole number from 0 to 100000");
    }
    rows[bad][col("members")] = "20".into();
    rows[bad][col("age.average")] = "-1".into();
    site.write("t.csv", &csv_text(&rows));
    site.run(&["import", "t.csv"])
        .failure(1)
        .stderr_has("`-1` is below zero: an age or a number of years cannot be negative");
    let orig = read_csv(&site, "orig.csv");
    rows[bad][col("age.average")] = orig[bad][col("age.average")].clone();
    // A cell that breaks a rule over several fields: the build's message, at that cell.
    rows[bad][col("members")] = "30".into();
    site.write("t.csv", &csv_text(&rows));
    site.run(&["import", "t.csv"])
        .failure(1)
        .stderr_has(&format!(
            "{cell} (row {}, county 大宁县): education: adds up to",
            bad + 1
        ))
        .stderr_has("content/counties/daning.yaml");
    assert_eq!(counties(&site), before);
    // A county total the city states (content/city.yaml `expected`) is checked too.
    let mut rows = read_csv(&site, "orig.csv");
    let women: u32 = rows[good][col("women.count")].parse().expect("women");
    rows[good][col("women.count")] = (women + 1).to_string();
    site.write("t.csv", &csv_text(&rows));
    site.run(&["import", "t.csv"])
        .failure(1)
        .stderr_has("expected.women")
        .stderr_has("update content/city.yaml first");
    assert_eq!(counties(&site), before);
}

/// A slip in a cell is told in the table's terms in either language: the row is `row 3` or
/// `第3行`, and the fix names the cell's column and row, never a line of YAML.
#[test]
fn a_slip_in_a_cell_is_told_as_a_cell_in_either_language() {
    let site = TestSite::example();
    site.run(&["export", "t.csv"]).success();
    let mut rows = read_csv(&site, "t.csv");
    let r = row_of(&mut rows, "daning");
    let n = r + 1;
    let zh = [("LANG", "zh_CN.UTF-8")];
    for (column, typed, en, en_help, zh_message, zh_help) in [
        (
            "members",
            "24人",
            "`24人` has a unit: the cell takes a bare number",
            format!("write 24 alone, without the unit, in the 班子成员 cell of row {n}"),
            "`24人` 带了单位：这一格只写数字",
            format!("在第{n}行“班子成员”单元格中删去单位“人”，只写 24"),
        ),
        (
            "members",
            "２４",
            "`２４` is written with full-width digits",
            format!("write 24 with half-width digits in the 班子成员 cell of row {n}"),
            "`２４` 用了全角数字",
            format!("在第{n}行“班子成员”单元格中改用半角数字，写 24"),
        ),
        (
            "members",
            "1,137",
            "`1,137` has thousands separators",
            format!("write 1137 without commas in the 班子成员 cell of row {n}"),
            "`1,137` 带了千位分隔符",
            format!("在第{n}行“班子成员”单元格中删去千位分隔符，写 1137"),
        ),
        (
            "women.count",
            "17.4%",
            "`17.4%` is a share: the 女干部 column takes the count of people, not a share",
            format!(
                "write the number of people in the 女干部 cell of row {n}; qingfeng computes the shares from the counts"
            ),
            "`17.4%` 是比例：“女干部”这一列填人数，不填比例",
            format!("在第{n}行“女干部”单元格中填人数；比例由 qingfeng 根据人数计算"),
        ),
    ] {
        let mut edited = rows.clone();
        edited[r][col(column)] = typed.into();
        site.write("t.csv", &csv_text(&edited));
        let cell = format!("t!{}{n}", column_letter(col(column)));
        let header = qingfeng::sheet::field_for(column).expect("field").header;
        let run = site.run(&["import", "t.csv"]).failure(1);
        let run = run
            .stderr_has(&format!(
                "{cell} (row {n}, county 大宁县, field {header} {column}): {en}"
            ))
            .stderr_has(&format!("help: {en_help}"));
        // No YAML (`members: 24`), and no Chinese but the table's own names and the value.
        assert!(!run.stderr.contains(": 24`"), "{}", run.stderr);
        for word in ["第", "县 ", "字段", "删去", "单位"] {
            assert!(!run.stderr.contains(word), "{word}\n{}", run.stderr);
        }
        let run = site.run_with_env(&["import", "t.csv"], &zh).failure(1);
        let run = run
            .stderr_has(&format!(
                "{cell} (第{n}行, 县 大宁县, 字段 {header} {column})：{zh_message}"
            ))
            .stderr_has(&format!("帮助：{zh_help}"));
        assert!(!run.stderr.contains("建议改为"), "{}", run.stderr);
    }
    // A required cell left empty: the English help names the cell, not the Chinese note.
    let mut edited = rows.clone();
    edited[r][col("members")] = String::new();
    site.write("t.csv", &csv_text(&edited));
    site.run(&["import", "t.csv"])
        .failure(1)
        .stderr_has("the cell is empty")
        .stderr_has(&format!(
            "a county must have 班子成员: fill in the 班子成员 cell of row {n}"
        ));
    site.run_with_env(&["import", "t.csv"], &zh)
        .failure(1)
        .stderr_has("单元格是空的")
        .stderr_has("每个县都必须填写班子成员：新一届班子成员总数");
    // An optional cell emptied: the printout says so in the language of messages.
    let mut edited = rows.clone();
    edited[r][col("grassroots_experience")] = String::new();
    site.write("t.csv", &csv_text(&edited));
    let en = site.run(&["import", "t.csv", "--dry-run"]).success();
    assert!(en.stdout.contains("· 18 → (empty) ·"), "{}", en.stdout);
    let zh = site
        .run_with_env(&["import", "t.csv", "--dry-run"], &zh)
        .success();
    assert!(zh.stdout.contains("· 18 → （空） ·"), "{}", zh.stdout);
}

#[test]
fn comments_and_formatting_of_other_lines_survive() {
    let site = TestSite::fixture("second-city");
    site.edit(
        "content/counties/jishishan.yaml",
        "members: 25\n",
        "# 班子人数以组织部通报为准\nmembers: 25   # 含书记、县长\n",
    )
    .edit(
        "content/counties/jishishan.yaml",
        "women:\n  count: 4",
        "women:\n  # 女干部\n  count: 4 # 已核对",
    );
    let before = site.read("content/counties/jishishan.yaml");
    site.run(&["export", "t.csv"]).success();
    let mut rows = read_csv(&site, "t.csv");
    let r = row_of(&mut rows, "jishishan");
    rows[r][col("women.count")] = "5".into();
    rows[r][col("women.principal")] = "2".into();
    rows[r][col("party_government_team.women")] = "2".into();
    site.write("t.csv", &csv_text(&rows));
    site.run(&["import", "t.csv"]).success();
    let after = site.read("content/counties/jishishan.yaml");
    let changed = changed_lines(before.as_bytes(), after.as_bytes());
    assert!(
        changed.contains(&("  count: 4 # 已核对".into(), "  count: 5 # 已核对".into())),
        "{changed:?}"
    );
    assert!(
        changed.contains(&("  principal: 1".into(), "  principal: 2".into())),
        "{changed:?}"
    );
    assert!(after.contains("# 班子人数以组织部通报为准\nmembers: 25   # 含书记、县长\n"));
    assert!(after.contains("women:\n  # 女干部\n  count: 5 # 已核对\n"));
    site.build().success();
}

/// A new row whose slug has capitals or '_' is refused, told the slug it most likely
/// means, and nothing is written.
#[test]
fn a_new_row_s_slug_with_capitals_is_told_the_one_it_means() {
    let site = TestSite::fixture("second-city");
    site.run(&["export", "t.csv"]).success();
    let mut rows = read_csv(&site, "t.csv");
    let j = row_of(&mut rows, "jishishan");
    let mut new = rows[j].clone();
    new[col("slug")] = "Xin_Xian".into();
    new[col("name")] = "新县".into();
    rows.push(new);
    site.write("t.csv", &csv_text(&rows));
    let before = counties(&site);
    site.run(&["--lang", "en", "import", "t.csv"])
        .failure(1)
        .stderr_has("`Xin_Xian` is not a valid slug for a new county")
        .stderr_has("e.g. `xin-xian`");
    assert_eq!(counties(&site), before);
}

#[test]
fn a_missing_block_is_added_and_a_new_row_makes_a_county() {
    let site = TestSite::fixture("second-city");
    site.run(&["export", "t.csv"]).success();
    let mut rows = read_csv(&site, "t.csv");
    // hexi has no previous term: fill it in.
    let r = row_of(&mut rows, "hexi");
    assert!(rows[r][col("previous.members")].is_empty());
    let members: u32 = rows[r][col("members")].parse().expect("members");
    rows[r][col("previous.members")] = members.to_string();
    rows[r][col("previous.average_age")] = "49.5".into();
    rows[r][col("previous.women")] = "1".into();
    // A new county: a copy of jishishan's figures under a new slug and name.
    let j = row_of(&mut rows, "jishishan");
    let mut new = rows[j].clone();
    new[col("slug")] = "xinxian".into();
    new[col("name")] = "新县".into();
    new[col("short_name")] = String::new();
    let new_members: u32 = new[col("members")].parse().expect("members");
    rows.push(new);
    site.write("t.csv", &csv_text(&rows));
    // The city states 10 divisions: the new row breaks that until city.yaml says 11.
    let before = counties(&site);
    site.run(&["import", "t.csv"])
        .failure(1)
        .stderr_has("expected.divisions");
    assert_eq!(counties(&site), before);
    let city = site.read("content/city.yaml");
    let total: u32 = city
        .lines()
        .find_map(|l| l.trim().strip_prefix("members: "))
        .and_then(|n| n.parse().ok())
        .expect("expected members");
    site.edit("content/city.yaml", "divisions: 10", "divisions: 11")
        .edit(
            "content/city.yaml",
            &format!("members: {total}"),
            &format!("members: {}", total + new_members),
        );
    let run = site.run(&["import", "t.csv"]).success();
    assert!(
        run.stdout
            .contains("new county 新县: content/counties/xinxian.yaml"),
        "{}",
        run.stdout
    );
    let hexi = site.read("content/counties/hexi.yaml");
    assert!(
        hexi.ends_with(&format!(
            "previous:\n  members: {members}\n  average_age: 49.5\n  women: 1\n"
        )),
        "{hexi}"
    );
    let xinxian = site.read("content/counties/xinxian.yaml");
    assert!(xinxian.contains("\nname: 新县\n") && xinxian.contains("\nslug: xinxian\n"));
    assert!(!xinxian.contains("\nshort_name:"));
    assert!(site.path("content/counties/xinxian.md").exists());
    site.build().success();
    assert!(
        site.read("public/data/counties.csv")
            .contains("xinxian,新县")
    );
    // Exported again and imported, nothing changes.
    site.run(&["export", "again.xlsx"]).success();
    let after = counties(&site);
    let run = site.run(&["import", "again.xlsx"]).success();
    assert!(run.stdout.contains("no changes"), "{}", run.stdout);
    assert_eq!(counties(&site), after);
}

#[test]
fn rows_that_cannot_be_placed_are_errors() {
    let site = TestSite::fixture("second-city");
    site.write("t.csv", "名称,班子成员\n不存在县,20\n");
    site.run(&["import", "t.csv"])
        .failure(1)
        .stderr_has("t!A2 (row 2): the county 不存在县 is not on the site")
        .stderr_has("write its slug");
    site.write("t.csv", "slug,班子成员\nnewone,20\n");
    site.run(&["import", "t.csv"])
        .failure(1)
        .stderr_has("is new, but the table has no column for 名称");
    site.write("t.csv", "slug,名称\njishishan,甲\njishishan,乙\n");
    site.run(&["import", "t.csv"])
        .failure(1)
        .stderr_has("is also in row 2");
    site.write("t.txt", "x");
    site.run(&["import", "t.txt"])
        .failure(2)
        .stderr_has(".xlsx, .xls, .ods and .csv");
    site.run(&["export", "out.csv"]).success();
    site.run(&["export", "out.csv"])
        .failure(2)
        .stderr_has("does not overwrite");
    site.run(&["export", "out.csv", "--force"]).success();
}

#[test]
fn a_bom_and_crlf_line_ends_are_kept() {
    let site = TestSite::fixture("second-city");
    let lf = site.read("content/counties/hexi.yaml");
    let crlf = format!("\u{FEFF}{}", lf.replace('\n', "\r\n"));
    site.write("content/counties/hexi.yaml", &crlf);
    site.run(&["export", "t.csv"]).success();
    let mut rows = read_csv(&site, "t.csv");
    let r = row_of(&mut rows, "hexi");
    let youngest: u32 = rows[r][col("age.youngest")].parse().expect("youngest");
    rows[r][col("age.youngest")] = (youngest + 1).to_string();
    site.write("t.csv", &csv_text(&rows));
    site.run(&["import", "t.csv"]).success();
    let after = std::fs::read(site.path("content/counties/hexi.yaml")).expect("hexi");
    assert!(
        after.starts_with("\u{FEFF}".as_bytes()),
        "the BOM was dropped"
    );
    let text = String::from_utf8(after).expect("utf-8");
    assert_eq!(text.matches('\n').count(), text.matches("\r\n").count());
    assert_eq!(
        changed_lines(crlf.as_bytes(), text.as_bytes()),
        vec![(
            format!("  youngest: {youngest}"),
            format!("  youngest: {}", youngest + 1)
        )]
    );
    site.build().success();
}

/// The column of a header in a table's header row.
fn header_col(rows: &[Vec<String>], header: &str) -> usize {
    rows[0]
        .iter()
        .position(|h| h.trim_start_matches('\u{FEFF}') == header)
        .unwrap_or_else(|| panic!("no column {header}: {:?}", rows[0]))
}

#[test]
fn a_nested_site_exports_its_level_columns_and_reads_them_back_unchanged() {
    let site = TestSite::fixture("province");
    let before = counties(&site);
    site.run(&["export", "t.csv"]).success();
    site.run(&["export"]).success();
    let rows = read_csv(&site, "t.csv");
    // The level columns lead, as in data/counties.csv: each county's 市 and 片区.
    assert_eq!(&rows[0][..3], ["市", "片区", "slug"]);
    let baishui = rows.iter().find(|r| r[2] == "baishui").expect("baishui");
    assert_eq!(&baishui[..2], ["清川市", "东片区"]);
    let xiling = rows.iter().find(|r| r[2] == "xiling").expect("xiling");
    assert_eq!(&xiling[..2], ["", ""], "a county directly under the root");
    let notes = site.read("t-填写说明.txt");
    assert!(notes.contains("A\t市\t（所在地区）"), "{notes}");
    site.build().success();
    for file in ["t.csv", "各县数据.xlsx", "public/data/counties.csv"] {
        let run = site.run(&["import", file]).success();
        assert!(run.stdout.contains("no changes"), "{file}: {}", run.stdout);
        assert!(!run.stderr.contains("QF1104"), "{file}: {}", run.stderr);
    }
    assert_eq!(counties(&site), before);
}

/// A cell of the exported sheet as `export` writes a text: `<c r="F4" s="2" t="inlineStr">…`.
fn text_cell(at: &str, text: &str) -> String {
    format!(r#"<c r="{at}" s="2" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>"#)
}

#[test]
fn cells_merged_down_a_column_give_each_row_their_value() {
    let site = TestSite::fixture("province");
    site.run(&["export", "t.csv"]).success();
    site.run(&["export", "t.xlsx"]).success();
    let before = counties(&site);
    let rows = read_csv(&site, "t.csv");
    let (city, kind) = (header_col(&rows, "市"), header_col(&rows, "类型"));
    // Rows 2 to 4 are 北山市's; rows 3 to 6 are all of kind 县. The editor merges each run
    // into one cell, which keeps its value in the top cell only.
    assert!(rows[1..4].iter().all(|r| r[city] == "北山市"), "{rows:?}");
    assert!(rows[2..6].iter().all(|r| r[kind] == "县"), "{rows:?}");
    let (city, kind) = (column_letter(city), column_letter(kind));
    let mut xlsx = std::fs::read(site.path("t.xlsx")).expect("xlsx");
    let sheet = "xl/worksheets/sheet1.xml";
    for (at, text) in [
        (format!("{city}3"), "北山市"),
        (format!("{city}4"), "北山市"),
        (format!("{kind}4"), "县"),
        (format!("{kind}5"), "县"),
        (format!("{kind}6"), "县"),
    ] {
        let empty = format!(r#"<c r="{at}" s="2"/>"#);
        xlsx = edit_zip(&xlsx, sheet, &text_cell(&at, text), &empty);
    }
    let merges = format!(
        r#"</sheetData><mergeCells count="2"><mergeCell ref="{city}2:{city}4"/><mergeCell ref="{kind}3:{kind}6"/></mergeCells>"#
    );
    xlsx = edit_zip(&xlsx, sheet, "</sheetData>", &merges);
    site.write_bytes("merged.xlsx", &xlsx);
    let run = site.run(&["import", "merged.xlsx"]).success();
    assert!(run.stdout.contains("no changes"), "{}", run.stdout);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    assert_eq!(counties(&site), before);
}

#[test]
fn total_and_subtotal_rows_are_left_out_with_a_warning() {
    let site = TestSite::fixture("province");
    site.run(&["export", "t.csv"]).success();
    let mut rows = read_csv(&site, "t.csv");
    let (city, name) = (header_col(&rows, "市"), header_col(&rows, "名称"));
    let average = header_col(&rows, "平均年龄");
    let hexi = row_of_slug(&rows, "hexi");
    rows[hexi][average] = "44.9".into();
    // The column's own table, pasted: a subtotal under 北山市 named only in its 市 cell,
    // and the grand total at the bottom, each with the sums in its figure cells.
    let mut subtotal = rows[hexi].clone();
    subtotal[..=name].iter_mut().for_each(|c| c.clear());
    subtotal[city] = "北山市小计".into();
    let mut total = subtotal.clone();
    total[city].clear();
    total[name] = "合 计：".into();
    rows.insert(hexi + 1, subtotal);
    rows.push(total);
    site.write("t.csv", &csv_text(&rows));
    let (sub_at, total_at) = (
        format!("t!{}{}", column_letter(city), hexi + 2),
        format!("t!{}{}", column_letter(name), rows.len()),
    );
    site.run(&["--lang", "zh", "import", "t.csv", "--dry-run"])
        .success()
        .stderr_has(&format!(
            "{sub_at} (第{}行)：“北山市小计”是合计行",
            hexi + 2
        ));
    let run = site.run(&["--lang", "en", "import", "t.csv"]).success();
    let run = run
        .stderr_has("warning[QF1106]")
        .stderr_has(&format!(
            "{sub_at} (row {}): `北山市小计` is a total row, not a county",
            hexi + 2
        ))
        .stderr_has(&format!(
            "{total_at} (row {}): `合 计：` is a total row",
            rows.len()
        ));
    assert!(run.stdout.contains("44.8 → 44.9"), "{}", run.stdout);
    let hexi = site.read("content/counties/beishan/hexi.yaml");
    assert!(hexi.contains("average: 44.9"), "{hexi}");
}

/// The row of a county (by its slug cell, wherever that column is).
fn row_of_slug(rows: &[Vec<String>], slug: &str) -> usize {
    let col = header_col(rows, "slug");
    rows.iter()
        .position(|r| r.get(col).map(String::as_str) == Some(slug))
        .unwrap_or_else(|| panic!("no row for {slug}"))
}

#[test]
fn a_new_row_on_a_nested_site_is_placed_in_the_region_its_cells_name() {
    let site = TestSite::fixture("province");
    // A second 东片区, under 北山市, holding one of its counties.
    site.write(
        "content/counties/beishan/dong/_index.yaml",
        "name: 东片区\nlevel: 片区\nyear: 2021\ndate: 2021-09-15\n",
    );
    std::fs::rename(
        site.path("content/counties/beishan/hexi.yaml"),
        site.path("content/counties/beishan/dong/hexi.yaml"),
    )
    .expect("move hexi");
    site.build().success();
    site.run(&["export", "t.csv"]).success();
    let mut rows = read_csv(&site, "t.csv");
    let (city, area, slug, name) = (
        header_col(&rows, "市"),
        header_col(&rows, "片区"),
        header_col(&rows, "slug"),
        header_col(&rows, "名称"),
    );
    let r = rows
        .iter()
        .position(|r| r[slug] == "baishui")
        .expect("baishui");
    let mut new = rows[r].clone();
    new[slug] = "xinzhuang".into();
    new[name] = "新庄县".into();
    rows.push(new);
    let last = rows.len() - 1;
    let content = counties(&site);
    let import = |rows: &[Vec<String>]| {
        site.write("t.csv", &csv_text(rows));
        site.run(&["import", "t.csv"])
    };

    // 清川市 › 东片区: the stated totals of the root and of 清川市 no longer add up, and the
    // message says which file states them.
    import(&rows)
        .failure(1)
        .stderr_has("content/counties/qingchuan/_index.yaml")
        .stderr_has("update content/city.yaml first");
    assert_eq!(counties(&site), content);
    site.edit("content/city.yaml", "divisions: 10", "divisions: 11")
        .edit(
            "content/counties/qingchuan/_index.yaml",
            "divisions: 6",
            "divisions: 7",
        );
    let content = counties(&site);

    // A name no region has, and a name two regions have: errors at the cell, nothing written.
    let col = column_letter(area);
    rows[last][area] = "南片区".into();
    import(&rows)
        .failure(1)
        .stderr_has(&format!(
            "t!{col}{} (row {}): no 片区 is named 南片区 under 清川市",
            last + 1,
            last + 1
        ))
        .stderr_has("东片区（qingchuan/east）、西片区（qingchuan/west）");
    rows[last][area] = "东片区".into();
    rows[last][city] = String::new();
    import(&rows)
        .failure(1)
        .stderr_has("2 regions are named 东片区")
        .stderr_has("nothing was written");
    rows[last][city] = "没有市".into();
    import(&rows).failure(1).stderr_has("no 市 is named 没有市");
    assert_eq!(counties(&site), content);

    // Named by its folder (北山市 by `beishan`): placed there, with its story.
    rows[last][city] = "beishan".into();
    site.edit(
        "content/counties/qingchuan/_index.yaml",
        "divisions: 7",
        "divisions: 6",
    )
    .edit(
        "content/counties/beishan/_index.yaml",
        "divisions: 3",
        "divisions: 4",
    );
    let run = import(&rows).success();
    assert!(
        run.stdout
            .contains("new county 新庄县: content/counties/beishan/dong/xinzhuang.yaml"),
        "{}",
        run.stdout
    );
    assert!(
        site.path("content/counties/beishan/dong/xinzhuang.md")
            .exists()
    );
    assert!(!site.path("content/counties/xinzhuang.yaml").exists());
    site.build().success();
    let csv = site.read("public/data/regions/dong.csv");
    assert!(csv.contains("xinzhuang,新庄县"), "{csv}");
    // Exported again, it reads back unchanged.
    site.run(&["export", "again.csv"]).success();
    let after = counties(&site);
    let run = site.run(&["import", "again.csv"]).success();
    assert!(run.stdout.contains("no changes"), "{}", run.stdout);
    assert_eq!(counties(&site), after);
}

#[test]
fn a_region_column_places_a_new_county_and_existing_counties_are_not_moved() {
    let site = TestSite::fixture("province");
    site.edit("content/city.yaml", "divisions: 10", "divisions: 11")
        .edit(
            "content/counties/qingchuan/_index.yaml",
            "divisions: 6",
            "divisions: 7",
        );
    site.run(&["export", "t.csv"]).success();
    let rows = read_csv(&site, "t.csv");
    // The table without its level columns, with a 地区 column instead.
    let mut table: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let mut r = r[2..].to_vec();
            r.insert(0, String::new());
            r
        })
        .collect();
    table[0][0] = "地区".into();
    let slug = header_col(&table, "slug");
    let name = header_col(&table, "名称");
    let r = table
        .iter()
        .position(|r| r[slug] == "changning")
        .expect("changning");
    let mut new = table[r].clone();
    new[0] = "west".into();
    new[slug] = "xinzhuang".into();
    new[name] = "新庄县".into();
    table.push(new);
    // An existing county said to be elsewhere: a warning, and it stays where it is.
    table[r][0] = "东片区".into();
    site.write("t.csv", &csv_text(&table));
    let run = site
        .run(&["import", "t.csv"])
        .success()
        .stderr_has("the county 长宁县 is in content/counties/qingchuan/west")
        .stderr_has("does not move a county");
    assert!(
        run.stdout
            .contains("new county 新庄县: content/counties/qingchuan/west/xinzhuang.yaml"),
        "{}",
        run.stdout
    );
    assert!(
        site.path("content/counties/qingchuan/west/changning.yaml")
            .exists()
    );
    site.build().success();
}

/// A unit an editor adds to a header in brackets (`平均年龄（岁）`) keeps the column its
/// field: the cell is imported, not left out with a warning.
#[test]
fn a_header_with_a_unit_in_brackets_is_still_its_field() {
    let site = TestSite::fixture("minimal");
    site.run(&["export", "t.csv"]).success();
    let mut rows = read_csv(&site, "t.csv");
    let age = col("age.average");
    rows[0][age] = format!("{}（岁）", rows[0][age]);
    let r = row_of(&mut rows, "alpha");
    rows[r][age] = "44.4".into();
    site.write("t.csv", &csv_text(&rows));
    let run = site.run(&["--lang", "en", "import", "t.csv"]).success();
    assert!(!run.stderr.contains("QF1104"), "{}", run.stderr);
    let yaml = site.read("content/counties/alpha.yaml");
    assert!(yaml.contains("average: 44.4"), "{yaml}");
}

/// A new row naming a level its region does not have (a 片区 under a city without any):
/// the help says there is none there, and where a region of that name is.
#[test]
fn a_level_its_region_lacks_is_said_to_be_missing_there() {
    let site = TestSite::fixture("province");
    site.build().success();
    site.run(&["export", "t.csv"]).success();
    let mut rows = read_csv(&site, "t.csv");
    let (city, area, slug, name) = (
        header_col(&rows, "市"),
        header_col(&rows, "片区"),
        header_col(&rows, "slug"),
        header_col(&rows, "名称"),
    );
    let r = rows
        .iter()
        .position(|r| r[city] == "北山市")
        .expect("a county of 北山市");
    let mut new = rows[r].clone();
    new[slug] = "xinzhuang".into();
    new[name] = "新庄县".into();
    new[area] = "东片区".into();
    rows.push(new);
    site.write("t.csv", &csv_text(&rows));
    site.run(&["import", "t.csv"])
        .failure(1)
        .stderr_has("no 片区 is named 东片区 under 北山市")
        .stderr_has("there is no 片区 under 北山市: leave the cell empty")
        .stderr_has("one named 东片区 is elsewhere: 东片区（qingchuan/east）");
}
