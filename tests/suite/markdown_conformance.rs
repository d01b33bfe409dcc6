//! Conformance of the Markdown renderer (`qingfeng::markdown::render_markdown`) to suites
//! nobody here wrote, compared after the CommonMark harness's normalisation:
//! - every example of the CommonMark CJK-friendly amendments' suite
//!   (github.com/tats-u/markdown-cjk-friendly): emphasis, strong emphasis, strikethrough;
//! - every example of CommonMark 0.31.2, but the raw-HTML ones listed in [`RAW_HTML`]:
//!   qingfeng shows raw HTML as text and drops HTML comments, by design
//!   (docs/content-model.md).
//!
//! The fixtures and their licences: `tests/fixtures/markdown-conformance/README.md`.

mod normalize;

use std::fs;
use std::path::PathBuf;

use qingfeng::markdown::render_markdown;

use self::normalize::normalize_html;

/// The CommonMark 0.31.2 examples whose HTML differs because qingfeng shows raw HTML (HTML
/// blocks and inline HTML) as text, or drops it when it is an HTML comment. Each of them holds raw HTML; every other example
/// passes.
const RAW_HTML: &[usize] = &[
    21, 31, 148, 149, 150, 151, 152, 153, 154, 155, 156, 157, 158, 159, 160, 161, 162, 163, 164,
    165, 166, 167, 168, 169, 170, 171, 172, 173, 174, 175, 176, 177, 178, 179, 180, 181, 182, 183,
    184, 185, 186, 187, 188, 189, 190, 191, 201, 308, 309, 344, 475, 476, 477, 491, 494, 524, 536,
    613, 614, 615, 616, 617, 623, 625, 626, 627, 628, 629, 630, 631, 642, 643,
];

fn fixture(path: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/markdown-conformance")
        .join(path);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// qingfeng's HTML, less the ids it gives headings (anchors the examples do not have).
fn render(markdown: &str) -> String {
    let html = render_markdown(markdown).html.into_string();
    let mut out = String::with_capacity(html.len());
    let mut rest = html.as_str();
    while let Some(at) = rest.find(" id=\"") {
        let in_heading = rest[..at].rfind('<').is_some_and(|open| {
            let tag = &rest[open + 1..at];
            tag.len() == 2 && tag.starts_with('h') && tag.as_bytes()[1].is_ascii_digit()
        });
        let end = rest[at + 5..]
            .find('"')
            .map_or(rest.len(), |e| at + 5 + e + 1);
        out.push_str(&rest[..at]);
        if !in_heading {
            out.push_str(&rest[at..end]);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

fn same(markdown: &str, expected_html: &str) -> bool {
    normalize_html(&render(markdown)) == normalize_html(expected_html)
}

/// One example of the CommonMark specification.
struct SpecExample {
    number: usize,
    section: String,
    markdown: String,
    html: String,
}

/// The examples of `spec.txt`, read as the harness's `spec_tests.py` reads them.
fn spec_examples() -> Vec<SpecExample> {
    let fence = "`".repeat(32);
    let mut examples = Vec::new();
    let (mut state, mut section) = (0, String::new());
    let (mut markdown, mut html) = (String::new(), String::new());
    for line in fixture("commonmark/spec.txt").split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed == format!("{fence} example") {
            state = 1;
        } else if state == 2 && trimmed == fence {
            examples.push(SpecExample {
                number: examples.len() + 1,
                section: section.clone(),
                markdown: std::mem::take(&mut markdown).replace('→', "\t"),
                html: std::mem::take(&mut html).replace('→', "\t"),
            });
            state = 0;
        } else if trimmed == "." {
            state = 2;
        } else if state == 1 {
            markdown.push_str(line);
        } else if state == 2 {
            html.push_str(line);
        } else if let Some(heading) = line.strip_prefix('#') {
            section = heading.trim_start_matches('#').trim().to_string();
        }
    }
    examples
}

#[test]
fn commonmark_examples_pass_but_raw_html() {
    let examples = spec_examples();
    assert_eq!(examples.len(), 652, "CommonMark 0.31.2 has 652 examples");
    let mut failing = Vec::new();
    for example in &examples {
        if !same(&example.markdown, &example.html) {
            failing.push(example.number);
            if !RAW_HTML.contains(&example.number) {
                eprintln!(
                    "example {} ({}):\n{}--- expected\n{}--- qingfeng\n{}",
                    example.number,
                    example.section,
                    example.markdown,
                    example.html,
                    render(&example.markdown)
                );
            }
        }
    }
    println!(
        "CommonMark 0.31.2: {} of {} examples pass; {} show raw HTML as text",
        examples.len() - failing.len(),
        examples.len(),
        RAW_HTML.len()
    );
    assert_eq!(
        failing, RAW_HTML,
        "the failing examples are the raw-HTML ones"
    );
    for &number in RAW_HTML {
        let example = &examples[number - 1];
        assert!(
            holds_raw_html(&example.markdown),
            "example {number} holds no raw HTML: {:?}",
            example.markdown
        );
        assert!(
            same_but_escaped(&example.markdown, &example.html),
            "example {number} differs by more than its raw HTML shown as text:\n{}",
            render(&example.markdown)
        );
    }
}

/// Whether qingfeng's HTML and the expected HTML are the same once escaping, whitespace,
/// case and HTML comments are set aside: unescaped, the raw HTML that qingfeng shows as
/// text is markup again, the comments it drops are dropped from both, and both sides are
/// normalised alike.
fn same_but_escaped(markdown: &str, expected_html: &str) -> bool {
    let plain = |html: &str| -> String {
        let unescaped = html
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&amp;", "&");
        normalize_html(&without_comments(&unescaped))
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_lowercase()
    };
    plain(&render(markdown)) == plain(expected_html)
}

/// `html` without its `<!-- … -->` comments.
fn without_comments(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        match rest[start + 4..].find("-->") {
            Some(end) => rest = &rest[start + 4 + end + 3..],
            None => {
                rest = &rest[start..];
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Whether the Markdown holds something raw HTML could be: `<` before a tag name, `/`,
/// `!` or `?`.
fn holds_raw_html(markdown: &str) -> bool {
    markdown
        .as_bytes()
        .windows(2)
        .any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || b"/!?".contains(&w[1])))
}

/// The HTML of one snapshot of the upstream suite (a vitest `.snap` file), one line an
/// example.
fn snapshot(file: &str, name: &str) -> Vec<String> {
    let text = fixture(&format!("cjk-friendly/snapshots/{file}"));
    let head = format!("exports[`{name} 1`] = `\n\"");
    let start = text
        .find(&head)
        .unwrap_or_else(|| panic!("no snapshot {name:?} in {file}"))
        + head.len();
    let end = start + text[start..].find("\"\n`;").expect("the snapshot ends");
    // A template literal: `\` escapes the backtick, the backslash and `${`.
    let mut html = String::new();
    let mut chars = text[start..end].chars();
    while let Some(c) = chars.next() {
        html.push(if c == '\\' {
            chars.next().unwrap_or(c)
        } else {
            c
        });
    }
    html.lines().map(str::to_string).collect()
}

/// The examples of one upstream test file, one a paragraph.
fn paragraphs(file: &str) -> Vec<String> {
    fixture(&format!("cjk-friendly/testcases/{file}"))
        .trim_end()
        .split("\n\n")
        .map(|p| format!("{p}\n"))
        .collect()
}

/// Renders each example of `file` and compares it with its line of the snapshot;
/// returns how many there were, and the failures.
fn run_upstream(file: &str, snap: &str, name: &str, failures: &mut Vec<String>) -> usize {
    let inputs = paragraphs(file);
    let expected = snapshot(snap, name);
    assert_eq!(inputs.len(), expected.len(), "{file}: one line an example");
    for (markdown, html) in inputs.iter().zip(&expected) {
        if !same(markdown, html) {
            failures.push(format!(
                "{file}: {markdown:?}\n  expected {html}\n  qingfeng {}",
                render(markdown).trim_end()
            ));
        }
    }
    inputs.len()
}

const EMPHASIS_SNAPSHOT: &str = "micromark.spec.ts.snap";
const SUITE: &str = "micromark-extensions-cjk-friendly";

#[test]
fn every_cjk_friendly_emphasis_example_passes() {
    let files = [
        ("strong.md", "** around Kana/Han is converted to <strong>"),
        ("korean.md", "** around Korean is converted to <strong>"),
        (
            "pseudo-emoji.md",
            "** around pseudo-emoji (CJK symbols that are also unqualified-emoji) is converted to <strong>",
        ),
        ("non-bmp.md", "recognizes non-BMP punctuation and symbols"),
        (
            "underscore-cjk-punct.md",
            "process underscores around CJK punctuation",
        ),
        ("readme-example.md", "Example Markdown in README"),
    ];
    let mut failures = Vec::new();
    let mut total = 0;
    for (file, name) in files {
        total += run_upstream(
            file,
            EMPHASIS_SNAPSHOT,
            &format!("{SUITE} > {name}"),
            &mut failures,
        );
    }
    // With GFM: the footnote markup is qingfeng's, so the upstream assertions are checked.
    let html = render("あ**()**あ[^1]\n\n[^1]: ~~あ~~\n");
    total += 1;
    if !(html.contains("<p>あ<strong>()</strong>あ<sup") && html.contains("<del>あ</del>"))
        || html.contains("**")
        || html.contains("~~")
    {
        failures.push(format!("with GFM footnotes: {html}"));
    }
    println!(
        "CJK-friendly emphasis: {} of {total} examples pass",
        total - failures.len()
    );
    assert_eq!(total, 116);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_cjk_friendly_strikethrough_example_passes() {
    let mut failures = Vec::new();
    let total = run_upstream(
        "gfm-strikethrough.md",
        "micromarkStrikethrough.spec.ts.snap",
        "micromark-extension-gfm-strikethrough > Compatible with CJK",
        &mut failures,
    );
    println!(
        "CJK-friendly strikethrough: {} of {total} examples pass",
        total - failures.len()
    );
    assert_eq!(total, 11);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The upstream suite checks that text without CJK renders as plain GFM does.
#[test]
fn gfm_without_cjk_renders_as_gfm() {
    let inputs = paragraphs("gfm-non-cjk.md");
    let expected_file = fixture("cjk-friendly/gfm-non-cjk.html");
    let expected: Vec<&str> = expected_file.trim_end().split("\n\n").collect();
    assert_eq!(inputs.len(), expected.len(), "one block an example");
    let failures: Vec<String> = inputs
        .iter()
        .zip(&expected)
        .filter(|(markdown, html)| !same(markdown, html))
        .map(|(markdown, html)| {
            format!(
                "{markdown:?}\n  expected {html}\n  qingfeng {}",
                render(markdown)
            )
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The one example the upstream suite runs for micromark only ("cannot be handled by
/// markdown-it", remarkjs/remark-gfm#19): micromark pairs the asterisks around a
/// strikethrough it resolved first. By CommonMark's flanking rules, which markdown-it and
/// cmark-gfm follow, the `***` are preceded by a letter and followed by `~`, or preceded by
/// `~` and followed by a letter, so they neither open nor close: they stay literal.
#[test]
fn the_micromark_only_quirk_follows_commonmark() {
    assert_eq!(render("a***~~b~~***c"), "<p>a***<del>b</del>***c</p>\n");
}
