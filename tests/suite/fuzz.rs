//! Property tests standing in for fuzz targets (cargo-fuzz needs a nightly toolchain): the
//! county YAML loader (bytes → `decode` → `build_model`), the front-matter splitter and the
//! Markdown renderer with figure references must never panic, on arbitrary input and on
//! input shaped like ours. Every file of `tests/fuzz-corpus/` is run too, each within a
//! time limit, so that a hang or a quadratic blow-up fails as surely as a panic.
//!
//! `QINGFENG_FUZZ_CASES=N` runs N cases per property (default 512) to search longer by
//! hand, e.g. `QINGFENG_FUZZ_CASES=100000 cargo test --release --test fuzz`.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use proptest::prelude::*;
use qingfeng::load::{CountySource, SourceFile, Sources, front_matter, text};
use qingfeng::markdown::{self, References};
use qingfeng::model::{build_model, summary};
use serde_json::Value;

/// The longest one corpus entry may take (debug build, a loaded two-core machine).
const ENTRY_LIMIT: Duration = Duration::from_secs(5);

fn cases() -> u32 {
    std::env::var("QINGFENG_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(512)
}

fn fixture(rel: &str) -> String {
    std::fs::read_to_string(
        crate::common::manifest_dir()
            .join("tests/fixtures/minimal")
            .join(rel),
    )
    .unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn source(rel: &str, text: String) -> SourceFile {
    SourceFile {
        path: PathBuf::from(rel),
        rel: PathBuf::from(rel),
        text: text.into(),
        bom: false,
        read_key: None,
    }
}

/// The YAML target: `bytes` as `content/counties/alpha.yaml` beside the minimal site's
/// other files, through the whole model stage.
fn load_county(bytes: &[u8]) {
    let Ok(text) = text::decode(bytes) else {
        return;
    };
    let sources = Sources {
        city: Some(source("content/city.yaml", fixture("content/city.yaml"))),
        counties: vec![
            CountySource {
                data: source("content/counties/alpha.yaml", text),
                narrative: None,
            },
            CountySource {
                data: source(
                    "content/counties/beta.yaml",
                    fixture("content/counties/beta.yaml"),
                ),
                narrative: None,
            },
        ],
        ..Sources::default()
    };
    let (model, diags) = build_model(&sources);
    if let Some(model) = model {
        let _ = summary::summary(&model);
    }
    for d in &diags.0 {
        let _ = d.to_string();
    }
}

/// The front-matter target, and the YAML of what it splits off.
fn split(text: &str) {
    if let Ok(s) = front_matter::split_text(text) {
        assert!(s.body_line >= s.yaml_line);
        let file = source("content/articles/x.md", text.to_string());
        let _ = qingfeng::load::yaml::parse::<Value>(&file, s.yaml, s.yaml_line);
    }
}

/// The minimal site's summary: the figures Markdown may refer to.
fn figures() -> &'static (Value, Value) {
    static FIGURES: OnceLock<(Value, Value)> = OnceLock::new();
    FIGURES.get_or_init(|| {
        let sources = Sources {
            city: Some(source("content/city.yaml", fixture("content/city.yaml"))),
            counties: ["alpha", "beta"]
                .map(|slug| {
                    let rel = format!("content/counties/{slug}.yaml");
                    CountySource {
                        data: source(&rel, fixture(&rel)),
                        narrative: None,
                    }
                })
                .into(),
            ..Sources::default()
        };
        let (model, diags) = build_model(&sources);
        let model = model.unwrap_or_else(|| panic!("the minimal site is valid: {diags:?}"));
        let s = summary::summary(&model);
        (s.city.clone(), (*s.counties[0]).clone())
    })
}

/// The Markdown target, in a county narrative (line 5) and in a Q&A answer (line 0).
fn render(body: &str) {
    let (city, county) = figures();
    let file = Path::new("content/counties/alpha.md");
    let refs = References {
        county: Some(county),
        city,
        region: Some(county),
        parent: Some(city),
    };
    match markdown::render(body, 5, file, refs) {
        Ok(r) => {
            let html = r.html.text();
            assert!(!html.contains("<script"), "{html}");
            // Emphasis is paired: every tag the delimiter pass opens, it closes.
            for tag in ["em", "strong", "del"] {
                let opened = html.matches(&format!("<{tag}>")).count();
                let closed = html.matches(&format!("</{tag}>")).count();
                assert_eq!(opened, closed, "<{tag}> in {html}");
            }
        }
        Err(ds) => {
            for d in ds {
                // Placed in the body, or (the count of errors left out) on the whole file.
                assert!(d.line >= 5 || d.line == 0, "{d:?}");
                let _ = d.to_string();
            }
        }
    }
    let _ = markdown::render(
        body,
        0,
        Path::new("content/qa.yaml"),
        References::city(city),
    );
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
    let base = fixture("content/counties/alpha.yaml");
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

fn markdown_like() -> impl Strategy<Value = String> {
    prop::collection::vec(pick(MD_PIECES), 0..120).prop_map(|p| p.concat())
}

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

fn front_matter_like() -> impl Strategy<Value = String> {
    prop::collection::vec(pick(FM_PIECES), 0..40).prop_map(|p| p.concat())
}

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
    fn front_matter_never_panics_on_fences(text in front_matter_like()) {
        split(&text);
        split(&format!("---\n{text}"));
    }

    #[test]
    fn markdown_never_panics(text in any::<String>()) {
        render(&text);
    }

    #[test]
    fn markdown_never_panics_on_our_syntax(text in markdown_like()) {
        render(&text);
    }
}

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
fn markdown_corpus() {
    run_corpus("markdown", |bytes| render(&String::from_utf8_lossy(bytes)));
}
