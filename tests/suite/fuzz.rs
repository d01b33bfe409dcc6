//! Property tests over the fuzz targets of `fuzz_targets.rs` (which `fuzz/` runs under
//! libFuzzer, on a nightly toolchain): the county YAML loader (bytes → `decode` →
//! `build_model`), the front-matter splitter and the Markdown renderer with figure
//! references must never panic, and the search's page reader must read any text back as a
//! reader sees it, on arbitrary input and on input shaped like ours. Every file of
//! `tests/fuzz-corpus/` is run too, each within a time limit, so that a hang or a quadratic
//! blow-up fails as surely as a panic.
//!
//! `QINGFENG_FUZZ_CASES=N` runs N cases per property (default 512) to search longer by
//! hand, e.g. `QINGFENG_FUZZ_CASES=100000 cargo test --release --test suite fuzz`.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use proptest::prelude::*;
use qingfeng::load::text;

use crate::fuzz_targets::{self, load_county, read_page, render, split};

/// The longest one corpus entry may take (debug build, a loaded two-core machine).
const ENTRY_LIMIT: Duration = Duration::from_secs(5);

fn cases() -> u32 {
    std::env::var("QINGFENG_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(512)
}

// --- Generators shaped like our input -----------------------------------------------------

const KEYS: &[&str] = &[
    "name",
    "kind",
    "slug",
    "date",
    "members",
    "age",
    "average",
    "youngest",
    "under_42",
    "around_35",
    "bands",
    "up_to_35",
    "from_51",
    "education",
    "postgraduate",
    "women",
    "count",
    "principal",
    "non_party",
    "government",
    "previous",
    "average_age",
    "expected",
    "promotions",
    "promoted",
    "title",
    "<<",
    "名字",
    "",
];
const VALUES: &[&str] = &[
    "20",
    "0",
    "-1",
    "100001",
    "4294967296",
    "18446744073709551616",
    "46.0",
    ".nan",
    "-.inf",
    "1e308",
    "300",
    "甲县",
    "县",
    "市",
    "区",
    "alpha",
    "../x",
    "NUL",
    "2016-08-10",
    "2016-02-30",
    "[",
    "]",
    "{",
    "}",
    "[1, 2]",
    "{a: 1}",
    "&a",
    "*a",
    "&a [1, 2]",
    "[*a, *a, *a]",
    "~",
    "''",
    "\"x",
    "'",
    "|",
    ">",
    "!!binary aGk=",
    "#",
    "true",
    ":",
    "- ",
    "",
];
const INDENTS: &[&str] = &["", "  ", "    ", "      ", "\t", " "];
const ENDS: &[&str] = &["\n", "\r\n", "\r", ""];

/// Up to `most` of `items`, one after the other.
fn pieces(items: &'static [&'static str], most: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(pick(items), 0..most).prop_map(|p| p.concat())
}

fn pick(items: &'static [&'static str]) -> impl Strategy<Value = &'static str> {
    prop::sample::select(items)
}

/// YAML-ish lines with our keys, hostile values, odd indents and line endings, perhaps a BOM.
fn yaml_like() -> impl Strategy<Value = Vec<u8>> {
    let line = (
        pick(INDENTS),
        pick(&["", "- "]),
        pick(KEYS),
        pick(&[": ", ":", " : "]),
        pick(VALUES),
        pick(ENDS),
    )
        .prop_map(|(i, d, k, c, v, e)| format!("{i}{d}{k}{c}{v}{e}"));
    (any::<bool>(), prop::collection::vec(line, 0..40)).prop_map(|(bom, lines)| {
        let mut bytes = if bom {
            b"\xEF\xBB\xBF".to_vec()
        } else {
            Vec::new()
        };
        bytes.extend(lines.concat().into_bytes());
        bytes
    })
}

/// A valid county file with a few lines changed: most cases get past the parser.
fn county_mutated() -> impl Strategy<Value = Vec<u8>> {
    let base = fuzz_targets::ALPHA.to_string();
    let n = base.lines().count();
    (
        prop::collection::vec((0..n, pick(VALUES)), 1..4),
        any::<bool>(),
    )
        .prop_map(move |(edits, crlf)| {
            let mut lines: Vec<String> = base.lines().map(str::to_string).collect();
            for (at, value) in edits {
                let key = lines[at].split(':').next().unwrap_or("").to_string();
                lines[at] = format!("{key}: {value}");
            }
            let end = if crlf { "\r\n" } else { "\n" };
            lines.join(end).into_bytes()
        })
}

const MD_PIECES: &[&str] = &[
    "**",
    "*",
    "_",
    "~~",
    "{{",
    "}}",
    "{",
    "}",
    "{{ city.members }}",
    "{{ county.shares.women }}",
    "{{ county.changes.average_age }}",
    "{{ city.vetting.extended }}",
    "{{ county.",
    "city.",
    "{{ nope }}",
    "重点。",
    "说明",
    "，",
    "“",
    "”",
    "——",
    "\n",
    "\r\n",
    "\n\n",
    "`",
    "```\n",
    "    ",
    "# ",
    "## 标题",
    " {#id}",
    "[",
    "](",
    ")",
    "![",
    "<",
    ">",
    "<script>",
    "|",
    "---",
    "\u{E000}",
    "\u{E001}",
    "*",
    "_",
    "__",
    "~",
    "~~",
    "***",
    "\\*",
    "（",
    "）",
    "(",
    "!",
    "\u{FE01}",
    "\u{feff}",
    "javascript:",
    "[^1]",
    "[^1]: 注",
    "- ",
    "1. ",
    "> ",
    " ",
    "a",
    "甲",
    "\t",
    "\\",
];

const FM_PIECES: &[&str] = &[
    "---",
    "--- ",
    "---\t",
    "----",
    "title: 甲",
    "date: 2016-08-20",
    "正文",
    "**",
    "\n",
    "\r\n",
    "\r",
    "\u{feff}",
    " ",
    "a",
    "：",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn yaml_loader_never_panics_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        load_county(&bytes);
    }

    #[test]
    fn yaml_loader_never_panics_on_text(text in any::<String>()) {
        load_county(text.as_bytes());
    }

    #[test]
    fn yaml_loader_never_panics_on_yaml_like_lines(bytes in yaml_like()) {
        load_county(&bytes);
    }

    #[test]
    fn yaml_loader_never_panics_on_mutated_counties(bytes in county_mutated()) {
        load_county(&bytes);
    }

    #[test]
    fn front_matter_never_panics(text in any::<String>()) {
        split(&text);
    }

    #[test]
    fn front_matter_never_panics_on_fences(text in pieces(FM_PIECES, 40)) {
        split(&text);
        split(&format!("---\n{text}"));
    }

    #[test]
    fn markdown_never_panics(text in any::<String>()) {
        render(&text);
    }

    #[test]
    fn markdown_never_panics_on_our_syntax(text in pieces(MD_PIECES, 120)) {
        render(&text);
    }

    #[test]
    fn the_page_reader_reads_back_any_text(text in any::<String>()) {
        read_page(&text);
    }

    #[test]
    fn the_page_reader_reads_back_text_with_markup_and_spaces(text in pieces(PAGE_PIECES, 24)) {
        read_page(&text);
    }
}

/// Text a page may hold: words, every kind of space and invisible character, and what
/// looks like markup (written escaped, so read back as text).
const PAGE_PIECES: &[&str] = &[
    "县委",
    "换届",
    "12380",
    "38.0%",
    " ",
    "  ",
    "\n",
    "\t",
    "\u{3000}",
    "\u{00A0}",
    "\u{0085}",
    "\u{2060}",
    "\u{200B}",
    "\u{FEFF}",
    "\u{00AD}",
    "<",
    ">",
    "&",
    "&amp;",
    "&lt;",
    "&#x27;",
    "\"",
    "'",
    "</p>",
    "<script>",
    "</main>",
    "<!--",
    "-->",
    "<svg>",
    "data-search=\"skip\"",
    "Ｆｕｌｌ",
    "換屆",
    "a",
    "é",
    "𠀀",
];

// --- The corpus ---------------------------------------------------------------------------

/// Runs `target` on every file of `tests/fuzz-corpus/<folder>/`, each within [`ENTRY_LIMIT`].
fn run_corpus(folder: &str, target: impl Fn(&[u8])) {
    let dir = crate::common::manifest_dir()
        .join("tests/fuzz-corpus")
        .join(folder);
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    assert!(entries.len() >= 5, "{folder}: too few corpus entries");
    for path in entries {
        let bytes = std::fs::read(&path).expect("read");
        let start = Instant::now();
        target(&bytes);
        let took = start.elapsed();
        assert!(took < ENTRY_LIMIT, "{}: took {took:?}", path.display());
    }
}

#[test]
fn yaml_corpus() {
    run_corpus("yaml", load_county);
}

#[test]
fn front_matter_corpus() {
    run_corpus("front_matter", |bytes| {
        if let Ok(text) = text::decode(bytes) {
            split(&text);
        }
    });
}

#[test]
fn page_text_corpus() {
    run_corpus("page_text", |bytes| {
        read_page(&String::from_utf8_lossy(bytes))
    });
}

#[test]
fn markdown_corpus() {
    run_corpus("markdown", |bytes| render(&String::from_utf8_lossy(bytes)));
}
