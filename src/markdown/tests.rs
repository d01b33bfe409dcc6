//! Unit tests of the Markdown renderer: emphasis next to Chinese text, line joining,
//! anchors, defused HTML and figure references.

use super::*;
use serde_json::json;

fn html(md: &str) -> String {
    render_markdown(md).html
}

#[test]
fn cjk_bold_next_to_punctuation_renders() {
    assert_eq!(
        html("**重点。**说明"),
        "<p><strong>重点。</strong>说明</p>\n"
    );
    assert_eq!(
        html("**“加粗”**文字"),
        "<p><strong>“加粗”</strong>文字</p>\n"
    );
    assert_eq!(
        html("普通**加粗**文字"),
        "<p>普通<strong>加粗</strong>文字</p>\n"
    );
    assert_eq!(
        html("`**代码。**说明`"),
        "<p><code>**代码。**说明</code></p>\n"
    );
}

#[test]
fn line_break_between_chinese_is_not_a_space() {
    assert_eq!(html("第一行\n第二行"), "<p>第一行第二行</p>\n");
    assert_eq!(html("word\nnext"), "<p>word\nnext</p>\n");
    assert_eq!(html("型号\nＡ１"), "<p>型号Ａ１</p>\n");
}

#[test]
fn chinese_headings_get_unique_anchors() {
    let r = render_markdown("## 选人用人\n\n## 选人用人\n\n## A b\n");
    let ids: Vec<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["选人用人", "选人用人-1", "a-b"]);
    assert!(r.html.contains("<h2 id=\"选人用人\">"));
}

#[test]
fn raw_html_and_script_links_are_defused() {
    let out = html(
        "<script>alert(1)</script>\n\n段落<img src=x onerror=alert(1)>[点](javascript:alert(1))",
    );
    assert!(!out.contains("<script"), "{out}");
    assert!(!out.contains("<img"), "{out}");
    assert!(!out.contains("javascript:"), "{out}");
}

#[test]
fn tables_footnotes_and_images() {
    let out = html(
        "| 项目 | 人数 |\n| --- | --- |\n| 女干部 | 4 |\n\n注[^1]\n\n[^1]: 示例。\n\n![班子合影](a.png)",
    );
    assert!(out.contains("<table>"), "{out}");
    assert!(out.contains("footnote-definition"), "{out}");
    assert!(out.contains("alt=\"班子合影\""), "{out}");
}

#[test]
fn han_characters_are_counted() {
    assert_eq!(render_markdown("## 标题\n\n共有445名, ABC。").han_chars, 5);
    assert_eq!(render_markdown("二〇二三年").han_chars, 5);
}

#[test]
fn references_resolve_and_misses_are_located() {
    let city = json!({"members": 445, "shares": {"women": 13.9}, "changes": {"average_age": -2.9},
        "vetting": {"checked": {"value": 3000, "over": true}}});
    let refs = References {
        county: None,
        city: &city,
    };
    let ok = resolve_references("共{{ city.members }}名，占{{city.shares.women}}，{{ city.changes.average_age }}，{{ city.vetting.checked }}人",
        1, Path::new("a.md"), refs).expect("resolves");
    assert_eq!(ok, "共445名，占13.9%，下降2.9岁，3000余人");
    let err = resolve_references("第一行\n共{{ city.membres }}名", 5, Path::new("a.md"), refs)
        .expect_err("missing");
    assert_eq!((err[0].line, err[0].column), (6, 2));
    assert!(
        err[0]
            .help
            .as_deref()
            .unwrap_or("")
            .contains("city.members"),
        "{:?}",
        err[0]
    );
    let err = resolve_references("{{ county.members }}", 1, Path::new("a.md"), refs)
        .expect_err("no county");
    assert!(err[0].message.contains("no county"));
}
