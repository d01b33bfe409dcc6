//! The fuzz targets, shared by the property tests of `fuzz.rs` (run by `cargo test`) and
//! the coverage-guided fuzzer in `fuzz/` (cargo-fuzz, on a nightly toolchain), which
//! includes this file by its path: it uses only the library, serde_json, Tera and the
//! minimal site's files, compiled in.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use qingfeng::load::{CountySource, SourceFile, Sources, front_matter, text};
use qingfeng::markdown::{self, References};
use qingfeng::model::{build_model, summary};
use serde_json::Value;

/// The minimal site's city.
const CITY: &str = include_str!("../fixtures/minimal/content/city.yaml");
/// The minimal site's first county, which the YAML target replaces.
pub const ALPHA: &str = include_str!("../fixtures/minimal/content/counties/alpha.yaml");
/// The minimal site's second county.
const BETA: &str = include_str!("../fixtures/minimal/content/counties/beta.yaml");

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
pub fn load_county(bytes: &[u8]) {
    let Ok(text) = text::decode(bytes) else {
        return;
    };
    let sources = Sources {
        city: Some(source("content/city.yaml", CITY.to_string())),
        counties: vec![
            CountySource {
                data: source("content/counties/alpha.yaml", text),
                narrative: None,
            },
            CountySource {
                data: source("content/counties/beta.yaml", BETA.to_string()),
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
pub fn split(text: &str) {
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
            city: Some(source("content/city.yaml", CITY.to_string())),
            counties: [("alpha", ALPHA), ("beta", BETA)]
                .map(|(slug, yaml)| CountySource {
                    data: source(&format!("content/counties/{slug}.yaml"), yaml.to_string()),
                    narrative: None,
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
pub fn render(body: &str) {
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

/// Text as the templates write it into a page, escaped by Tera's own escaper.
fn escaped(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    tera::escape_html(text, &mut out).expect("writing to memory");
    String::from_utf8(out).expect("escaped text is UTF-8")
}

/// The search target: `text` as a paragraph of a county page, between the navigation and
/// the footer, read back by the search's page reader and indexed. The reader must give the
/// text as a reader of the page sees it (whitespace collapsed to one space, invisible
/// characters gone), and nothing of the navigation or the footer.
pub fn read_page(text: &str) {
    let html = format!(
        "<!doctype html><html lang=\"zh-CN\"><body><header><nav><a href=\"/\">首页</a></nav></header>\
         <main data-search=\"body\"><h1>标题</h1><p>{}</p></main><footer>页脚</footer></body></html>",
        escaped(text)
    );
    let page = qingfeng::search::page_text("counties/alpha/index.html", html.as_bytes())
        .expect("a page with a main region has text");
    let words: Vec<String> = text
        .split(char::is_whitespace)
        .map(|w| {
            w.chars()
                .filter(|c| !qingfeng::search::fold::is_invisible(*c))
                .collect()
        })
        .filter(|w: &String| !w.is_empty())
        .collect();
    let want = if words.is_empty() {
        "标题".to_string()
    } else {
        format!("标题\n{}", words.join(" "))
    };
    assert_eq!(&*page.text, want);
    let files = qingfeng::search::index(vec![page]);
    assert!(files.iter().any(|f| f.path.ends_with("meta.js")));
}
