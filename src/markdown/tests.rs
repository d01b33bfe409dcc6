//! Unit tests of the Markdown renderer: Chinese cases of the CJK-friendly emphasis, line
//! joining, anchors, defused HTML and figure references.

use super::*;
use serde_json::json;

fn html(md: &str) -> String {
    render_markdown(md).html.into_string()
}

/// Renders `md` and compares the whole HTML with `expected`.
#[track_caller]
fn case(md: &str, expected: &str) {
    assert_eq!(html(md), expected, "{md:?}");
}

/// One paragraph of inline HTML.
#[track_caller]
fn para(md: &str, inline: &str) {
    case(md, &format!("<p>{inline}</p>\n"));
}

#[test]
fn bold_next_to_chinese_punctuation() {
    para("**重点。**说明", "<strong>重点。</strong>说明");
    para("**“加粗”**文字", "<strong>“加粗”</strong>文字");
    para("普通**加粗**文字", "普通<strong>加粗</strong>文字");
    para("**真（**她", "<strong>真（</strong>她");
    para("真**（她**", "真<strong>（她</strong>");
    para(
        "**推荐几个框架：**React",
        "<strong>推荐几个框架：</strong>React",
    );
    para("`**代码。**说明`", "<code>**代码。**说明</code>");
}

/// Western punctuation just inside the `**`, Chinese text just outside.
#[test]
fn bold_next_to_western_punctuation() {
    para(
        "**女干部(含党政正职)**共4名",
        "<strong>女干部(含党政正职)</strong>共4名",
    );
    para(
        "共有**\"90后\"**干部12名",
        "共有<strong>\"90后\"</strong>干部12名",
    );
    para("**\"90后\"**", "<strong>\"90后\"</strong>");
    para("**第一条:**严禁", "<strong>第一条:</strong>严禁");
    para("奖励**￥3000**元", "奖励<strong>￥3000</strong>元");
    para(
        "女干部占比**13.9%**的县",
        "女干部占比<strong>13.9%</strong>的县",
    );
    para("他说**完成了!**然后", "他说<strong>完成了!</strong>然后");
    // Without CJK on either side, CommonMark's answer stands.
    para("a**\"b\"**c", "a**\"b\"**c");
    para("a**(b)**c", "a**(b)**c");
}

#[test]
fn bold_around_links_code_and_images() {
    para(
        "**[通知全文](a.html)**请见",
        "<strong><a href=\"a.html\">通知全文</a></strong>请见",
    );
    para(
        "详见**`qingfeng check`**命令",
        "详见<strong><code>qingfeng check</code></strong>命令",
    );
    para("**`代码`**说明", "<strong><code>代码</code></strong>说明");
    // Escaped backticks are text, not a code span.
    para(
        "先頭の**\\`コード\\`も注意。**",
        "先頭の<strong>`コード`も注意。</strong>",
    );
    para(
        "**C#**や**F#**は**「.NET」**というプラットフォーム",
        "<strong>C#</strong>や<strong>F#</strong>は<strong>「.NET」</strong>というプラットフォーム",
    );
    // Alt text is plain text.
    para(
        "![**图一。**示意](a.png)",
        "<img src=\"a.png\" alt=\"图一。示意\" />",
    );
    // A delimiter inside link text pairs only inside it.
    para(
        "**[重点。**说明](a.html)",
        "**<a href=\"a.html\">重点。**说明</a>",
    );
}

#[test]
fn escapes_and_nesting() {
    para("\\**不加粗。**说明", "**不加粗。**说明");
    para("***重点。***说明", "<em><strong>重点。</strong></em>说明");
    para(
        "**重点。*强调。*说明**",
        "<strong>重点。<em>强调。</em>说明</strong>",
    );
    para("&#42;&#42;不加粗。**说明", "**不加粗。**说明");
}

#[test]
fn single_star_underscores_and_strikethrough() {
    para("*重点。*说明", "<em>重点。</em>说明");
    para("__注意__：注意事项", "<strong>注意</strong>：注意事项");
    para("注意：__注意事项__", "注意：<strong>注意事项</strong>");
    para("_强调。_", "<em>强调。</em>");
    // `_` inside a word neither opens nor closes, next to Chinese too.
    para("_重点。_说明", "_重点。_说明");
    para("snake_case_name", "snake_case_name");
    para("~~删除。~~保留", "<del>删除。</del>保留");
    para(
        "原定**~~8月~~**改为",
        "原定<strong><del>8月</del></strong>改为",
    );
    para("a~~（含）~~b", "a<del>（含）</del>b");
    para("这~~~不删~~~", "这~~~不删~~~");
    para("这是~~删除~~的", "这是<del>删除</del>的");
    // A single `~` inside a word is a range, not strikethrough.
    para(
        "年龄30~40岁的干部，50~60岁的",
        "年龄30~40岁的干部，50~60岁的",
    );
    para("a~b~c", "a~b~c");
    para("~删除~的", "~删除~的");
    para("~删除~。", "<del>删除</del>。");
}

#[test]
fn bold_in_lists_quotes_tables_and_headings() {
    case(
        "- 第一项\n  - **重点。**说明\n",
        "<ul>\n<li>第一项\n<ul>\n<li><strong>重点。</strong>说明</li>\n</ul>\n</li>\n</ul>\n",
    );
    case(
        "1. 第一项\n\n    **重点。**说明\n",
        "<ol>\n<li>\n<p>第一项</p>\n<p><strong>重点。</strong>说明</p>\n</li>\n</ol>\n",
    );
    case(
        "> 引文\n> **重点。**说明\n",
        "<blockquote>\n<p>引文<strong>重点。</strong>说明</p>\n</blockquote>\n",
    );
    case(
        "| 项目 | 人数 |\n| --- | --- |\n| **合计：** | 445 |\n",
        "<table><thead><tr><th>项目</th><th>人数</th></tr></thead><tbody>\n\
         <tr><td><strong>合计：</strong></td><td>445</td></tr>\n</tbody></table>\n",
    );
    case(
        "## **一、**总体情况\n",
        "<h2 id=\"一-总体情况\"><strong>一、</strong>总体情况</h2>\n",
    );
    case(
        "见注[^1]\n\n[^1]: **注：**示例。\n",
        "<p>见注<sup class=\"footnote-reference\"><a href=\"#fn-1\">1</a></sup></p>\n\
         <div class=\"footnote-definition\" id=\"fn-1\"><sup class=\"footnote-definition-label\">1</sup>\n\
         <p><strong>注：</strong>示例。</p>\n</div>\n",
    );
}

#[test]
fn bold_across_two_lines() {
    para(
        "**第一行。\n第二行。**说明",
        "<strong>第一行。第二行。</strong>说明",
    );
    para(
        "这是**重点\n内容。**说明",
        "这是<strong>重点内容。</strong>说明",
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
    assert!(r.html.text().contains("<h2 id=\"选人用人\">"));
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
    let refs = References::city(&city);
    let ok = resolve_references("共{{ city.members }}名，占{{city.shares.women}}，{{ city.changes.average_age }}，{{ city.vetting.checked }}人",
        1, Path::new("a.md"), refs).expect("resolves");
    assert_eq!(ok, "共445\u{2060}名，占13.9%，下降2.9\u{2060}岁，3000余人");
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

#[test]
fn html_comments_are_dropped_other_html_is_shown_as_text() {
    assert_eq!(
        html("<!-- qingfeng-ignore share-mismatch -->\n女干部占14.7%。"),
        "<p>女干部占14.7%。</p>\n"
    );
    assert_eq!(html("女干部<!-- 注 -->占比。"), "<p>女干部占比。</p>\n");
    assert_eq!(html("<!--\n多行\n注释\n-->\n\n正文"), "<p>正文</p>\n");
    assert_eq!(html("<b>粗</b>"), "<p>&lt;b&gt;粗&lt;/b&gt;</p>\n");
    assert_eq!(
        html("<!-- 注 --><b>x</b>\n"),
        "&lt;!-- 注 --&gt;&lt;b&gt;x&lt;/b&gt;\n"
    );
}

#[test]
fn a_packed_body_reads_back_as_rendered() {
    let text = "## 选人用人\n\n新一届县委领导班子**平均年龄**下降。\n\n".repeat(40);
    let plain = render_markdown(&text);
    let packed = plain.clone().packed();
    assert_ne!(packed, plain, "held gzipped, not as written");
    assert_eq!(packed.html.text(), plain.html.text());
    assert_eq!(packed.headings, plain.headings);
    assert_eq!(packed.han_chars, plain.han_chars);
    assert_eq!(packed.clone().packed(), packed, "packed once");
    assert_eq!(packed.html.into_string(), plain.html.into_string());
}

/// Footnotes keep ids of their own, numbered as they first occur; a label that is not a
/// word (`注 一`) still gives a valid id, and two labels never share one.
#[test]
fn footnotes_have_ids_apart_from_headings_and_the_theme() {
    let out = html("甲[^main]乙[^注 一]丙[^main]\n\n[^注 一]: 二。\n\n[^main]: 一。\n");
    assert!(out.contains("<a href=\"#fn-main\">1</a>"), "{out}");
    assert!(
        out.contains("<a href=\"#fn-%E6%B3%A8-%E4%B8%80\">2</a>"),
        "{out}"
    );
    assert!(
        out.contains("id=\"fn-注-一\"><sup class=\"footnote-definition-label\">2</sup>"),
        "{out}"
    );
    assert!(
        out.contains("id=\"fn-main\"><sup class=\"footnote-definition-label\">1</sup>"),
        "{out}"
    );
    assert!(!out.contains("id=\"main\""), "{out}");
}
