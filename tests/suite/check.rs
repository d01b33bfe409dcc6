//! `qingfeng check` end to end: real sites in temp dirs, findings read from the JSON report
//! or the caret display. No test contacts any host.

use std::time::{Duration, SystemTime};

use crate::common::{Run, TestSite, manifest_dir};
use serde_json::Value;

/// Runs `check --format json` and parses stdout, which must be one JSON document.
fn check_json(site: &TestSite, vars: &[(&str, &str)]) -> (Run, Value) {
    let run = site.run_with_env(&["check", "--format", "json"], vars);
    let report: Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
            run.stdout, run.stderr
        )
    });
    (run, report)
}

/// The findings of `rule` in `file`.
fn findings<'a>(report: &'a Value, file: &str, rule: &str) -> Vec<&'a Value> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["file"] == file && f["rule"] == rule)
        .collect()
}

fn errors(report: &Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["severity"] == "error")
        .map(|f| {
            format!(
                "{}:{}:{} [{}] {}",
                f["file"], f["line"], f["column"], f["rule"], f["message"]
            )
        })
        .collect()
}

/// The seed article's body: the real article with copy defects, after its front matter.
fn seed_body() -> String {
    let seed = std::fs::read_to_string(manifest_dir().join("tests/fixtures/copyedit/seed.md"))
        .expect("seed");
    let end = seed[4..].find("\n---\n").expect("front matter") + 4 + 5;
    seed[end..].to_string()
}

/// Where the seed article goes: it is a city-wide article, so its figures are the city's.
const SEED_ARTICLE: &str = "content/articles/seed.md";

/// [`SEED_ARTICLE`] with the front matter of `content/counties/yaodu.md` and `body`.
fn yaodu_with_body(site: &TestSite, body: &str) {
    let text = site.read("content/counties/yaodu.md");
    let end = text[4..].find("\n---\n").expect("front matter") + 4 + 5;
    site.write(SEED_ARTICLE, &format!("{}{body}", &text[..end]));
}

#[test]
fn the_example_passes_without_writing_anything() {
    let site = TestSite::example();
    let run = site
        .run_with_env(&["check"], &[("QINGFENG_TODAY", "2016-09-10")])
        .success();
    assert!(run.stdout.contains("check: 0 errors"), "{}", run.stdout);
    assert!(
        !site.path("public").exists(),
        "check created the output folder"
    );
    let (_, report) = check_json(&site, &[]);
    assert_eq!(errors(&report), Vec::<String>::new());
    assert!(!site.path("public").exists());
    // The footer's links are listed, not fetched.
    let external = report["external_links"].as_array().expect("external_links");
    assert!(
        external
            .iter()
            .any(|e| e["url"] == "https://beian.miit.gov.cn/"),
        "{external:?}"
    );
}

/// Glosses counted the simple way: `(` or `?`, lowercase letters with a tone mark, `)`.
fn count_glosses(text: &str) -> usize {
    let chars: Vec<char> = text.chars().collect();
    (0..chars.len())
        .filter(|&i| {
            if chars[i] != '(' && chars[i] != '?' {
                return false;
            }
            let inner: String = chars[i + 1..]
                .iter()
                .take_while(|&&c| c != ')' && c != '(')
                .collect();
            let closed = chars.get(i + 1 + inner.chars().count()) == Some(&')');
            closed
                && !inner.is_empty()
                && !inner.is_ascii()
                && inner.chars().all(|c| c.is_lowercase())
        })
        .count()
}

/// Runs of two or more of `,，、。;；?` counted the simple way.
fn count_doubled(text: &str) -> usize {
    let mark = |c: char| matches!(c, ',' | '，' | '、' | '。' | ';' | '；' | '?');
    let chars: Vec<char> = text.chars().collect();
    (0..chars.len())
        .filter(|&i| mark(chars[i]) && chars.get(i + 1).is_some_and(|&c| mark(c)))
        .filter(|&i| i == 0 || !mark(chars[i - 1]))
        .count()
}

#[test]
fn the_seed_article_is_reported_and_fixed() {
    let site = TestSite::example();
    let body = seed_body();
    yaodu_with_body(&site, &body);
    let yaodu = SEED_ARTICLE;

    let (run, report) = check_json(&site, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let glosses = findings(&report, yaodu, "pinyin-gloss");
    assert_eq!(glosses.len(), count_glosses(&body));
    assert_eq!(glosses.len(), 183);
    assert!(glosses.iter().all(|f| {
        f["message"]
            .as_str()
            .unwrap_or("")
            .contains("rewritten mirror site")
    }));
    let doubled = findings(&report, yaodu, "doubled-punctuation");
    assert_eq!(doubled.len(), count_doubled(&body));
    // Traditional characters: one finding per line that has any (not one per character).
    let traditional = findings(&report, yaodu, "traditional-char");
    let simplified = qingfeng::cjk::simplified::simplified;
    let lines = body
        .lines()
        .filter(|line| line.chars().any(|c| simplified(c).is_some()))
        .count();
    let characters = body.chars().filter(|&c| simplified(c).is_some()).count();
    assert_eq!(traditional.len(), lines);
    assert!(
        characters > 1500 && lines < 50,
        "{characters} in {lines} lines"
    );
    assert!(
        traditional.iter().all(|f| f["message"]
            .as_str()
            .is_some_and(|m| m.contains("Traditional character"))),
        "{traditional:#?}"
    );
    // Lines are the file's: the body starts on line 6, after five lines of front matter.
    let first = glosses.first().expect("a gloss");
    assert_eq!(
        (first["line"].as_u64(), first["text"].as_str()),
        (Some(6), Some("(xiàn)"))
    );

    let run = site.run(&["check", "--fix"]).failure(1);
    assert!(
        run.stderr.contains(&format!("fixed {SEED_ARTICLE}: ")),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("182 pinyin-gloss"), "{}", run.stderr);
    assert!(
        run.stderr.contains("rewritten mirror site"),
        "{}",
        run.stderr
    );
    let expected =
        std::fs::read_to_string(manifest_dir().join("tests/fixtures/check/yaodu.fixed.md"))
            .expect("fixture");
    assert_eq!(site.read(yaodu), expected);
    assert!(!site.path("public").exists());
    // What is left for a person: the damaged gloss, its `?、` and the share printed wrong.
    let (_, report) = check_json(&site, &[]);
    let left: Vec<(String, String)> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["file"] == yaodu && f["severity"] == "error")
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or("").to_string(),
                f["text"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let left: Vec<(&str, &str)> = left.iter().map(|(r, t)| (r.as_str(), t.as_str())).collect();
    assert_eq!(
        left,
        vec![
            ("pinyin-gloss", "?lián)"),
            ("doubled-punctuation", "?、"),
            ("share-mismatch", "37.8%")
        ]
    );
}

/// (article, body, rule, flagged text, column, suggestion).
type RuleCase = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    u64,
    Option<&'static str>,
);

/// A small text per rule, each in an article of its own.
#[test]
fn each_copy_rule_through_the_cli() {
    let site = TestSite::example();
    let cases: &[RuleCase] = &[
        (
            "pinyin",
            "实现(xiàn)目标。",
            "pinyin-gloss",
            "(xiàn)",
            3,
            Some(""),
        ),
        (
            "doubled",
            "换届圆满完成,,全市召开党代会。",
            "doubled-punctuation",
            ",,",
            7,
            Some("，"),
        ),
        (
            "halfwidth",
            "全市召开党代会,选举产生新班子。",
            "halfwidth-punctuation",
            ",",
            8,
            Some("，"),
        ),
        (
            "bracket",
            "17个县（市、区全部召开会议。",
            "unpaired-bracket",
            "（",
            5,
            None,
        ),
        (
            "traditional",
            "换屆圆满完成。",
            "traditional-char",
            "屆",
            2,
            Some("届"),
        ),
        (
            "emphasis",
            "他说**完成了!**然后离开。",
            "emphasis-punctuation",
            "**完成了!**",
            3,
            None,
        ),
        (
            "space",
            "截至 8月20日全部完成。",
            "space-between-cjk-digit",
            " ",
            3,
            Some(""),
        ),
        (
            "share",
            "全市女干部62名，占14.9%。",
            "share-mismatch",
            "14.9%",
            11,
            Some("13.9%"),
        ),
    ];
    for (slug, body, ..) in cases {
        site.write(
            &format!("content/articles/rule-{slug}.md"),
            &format!("---\ntitle: 规则{slug}\ndate: 2016-08-21\n---\n{body}\n"),
        );
    }
    site.write(
        "content/articles/rule-share-ok.md",
        "---\ntitle: 对\ndate: 2016-08-21\n---\n全市女干部62名，占13.9%。\n",
    );
    let (_, report) = check_json(&site, &[]);
    for (slug, _, rule, text, column, suggestion) in cases {
        let file = format!("content/articles/rule-{slug}.md");
        let found = findings(&report, &file, rule);
        assert_eq!(
            found.len(),
            1,
            "{rule} in {file}: {:#?}",
            report["findings"]
        );
        let f = found[0];
        assert_eq!(f["text"], *text, "{rule}");
        assert_eq!(
            (f["line"].as_u64(), f["column"].as_u64()),
            (Some(5), Some(*column)),
            "{rule}"
        );
        assert_eq!(f["suggestion"].as_str(), *suggestion, "{rule}");
        assert!(f["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    assert!(
        findings(
            &report,
            "content/articles/rule-share-ok.md",
            "share-mismatch"
        )
        .is_empty()
    );

    // The text display: the build's caret style, the rule in brackets, counts on stdout.
    let run = site.run(&["check"]).failure(1);
    assert!(
        run.stderr
            .contains("error[QF0901]: [pinyin-gloss] pinyin gloss after `现`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("--> content/articles/rule-pinyin.md:5:3"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("5 | 实现(xiàn)目标。"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("  |     ^"), "{}", run.stderr);
    assert!(
        run.stderr.contains("= help: delete `(xiàn)`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.trim().ends_with(" warnings") || run.stdout.trim().ends_with(" warning"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("errors, "), "{}", run.stdout);
}

#[test]
fn yaml_values_are_checked_but_not_yaml_syntax() {
    let site = TestSite::example();
    site.edit(
        "content/city.yaml",
        "title: 十道关口选拔优秀年轻干部",
        "title: 十道关口选拔优秀年輕干部",
    );
    let (_, report) = check_json(&site, &[]);
    let found = findings(&report, "content/city.yaml", "traditional-char");
    assert_eq!(found.len(), 1, "{:#?}", report["findings"]);
    assert_eq!(
        (found[0]["line"].as_u64(), found[0]["column"].as_u64()),
        (Some(29), Some(19))
    );
    // `date: 2016-08-20` and `- { key: …, label: 乡镇党政正职, count: 9 }` are not prose.
    assert_eq!(errors(&report).len(), 1, "{:#?}", errors(&report));
}

#[test]
fn broken_links_and_fragments_are_errors() {
    let site = TestSite::example();
    let article = "content/articles/overview.md";
    let text = site.read(article);
    let line = text.lines().count() as u64 + 2;
    site.write(
        article,
        &format!("{text}\n见[好锚点](#关于本站数据)、[坏链接](../nowhere/)和[坏锚点](#不存在)。\n"),
    );
    let (run, report) = check_json(&site, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let broken = findings(&report, article, "broken-link");
    let texts: Vec<&str> = broken.iter().filter_map(|f| f["text"].as_str()).collect();
    assert_eq!(broken.len(), 2, "{broken:#?}");
    assert!(texts.contains(&"../nowhere/"), "{texts:?}");
    assert!(texts.contains(&"#不存在"), "{texts:?}");
    for f in &broken {
        assert_eq!(f["severity"], "error");
        assert_eq!(f["line"].as_u64(), Some(line), "{f}");
        let message = f["message"].as_str().unwrap_or("");
        assert!(
            message.contains("on page public/articles/overview/index.html"),
            "{message}"
        );
    }
    assert!(broken.iter().any(|f| {
        f["message"]
            .as_str()
            .unwrap_or("")
            .contains("has no element with id=\"不存在\"")
    }));
    assert_eq!(errors(&report).len(), 2, "{:#?}", errors(&report));

    // A good fragment alone is no finding.
    site.edit(article, "、[坏链接](../nowhere/)和[坏锚点](#不存在)", "");
    let (run, report) = check_json(&site, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(findings(&report, article, "broken-link").is_empty());
}

/// Why a link is broken is said in the language of messages, as the frame around it is.
#[test]
fn broken_link_reasons_are_in_the_chosen_language() {
    let site = TestSite::example();
    let article = "content/articles/overview.md";
    let text = site.read(article);
    site.write(
        article,
        &format!("{text}\n见[坏链接](../nowhere/)、[坏文件](/nope.png)和[坏锚点](#不存在)。\n"),
    );
    let page = "页面 public/articles/overview/index.html 上的链接";
    let zh = site
        .run_with_env(&["check"], &[("LANG", "zh_CN.UTF-8")])
        .failure(1);
    for needle in [
        &format!("{page} `../nowhere/` 无效：生成的网站中没有 `articles/nowhere/index.html`"),
        &format!("{page} `/nope.png` 无效：生成的网站中没有文件 `nope.png`"),
        &format!(
            "{page} `#不存在` 无效：`articles/overview/index.html` 中没有 id=\"不存在\" 的元素"
        ),
    ] {
        assert!(
            zh.stderr.contains(needle.as_str()),
            "{needle}\n{}",
            zh.stderr
        );
    }
    for english in ["the output has no", "has no element"] {
        assert!(!zh.stderr.contains(english), "{english}\n{}", zh.stderr);
    }
    let page = "on page public/articles/overview/index.html";
    site.run(&["check"])
        .failure(1)
        .stderr_has(&format!(
            "broken link `../nowhere/` {page}: the output has no `articles/nowhere/index.html`"
        ))
        .stderr_has(&format!(
            "broken link `/nope.png` {page}: the output has no file `nope.png`"
        ))
        .stderr_has(&format!(
            "broken link `#不存在` {page}: `articles/overview/index.html` has no element with id=\"不存在\""
        ));
}

#[test]
fn broken_links_are_placed_where_the_markdown_writes_them() {
    let site = TestSite::example();
    let article = "content/articles/overview.md";
    let text = site.read(article);
    let line = text.lines().count() as u64 + 1;
    // A folder beside the Markdown (no page, no file): its one-letter name is also the first
    // letter of `date:` in the front matter.
    site.write("content/articles/d/a.txt", "附件\n");
    // Links from the site's root, which the page shows as `../../nope.png`.
    site.write(
        article,
        &format!("{text}看[附件](d)。\n![图](/nope.png)\n正文 [x](/nope2/) 正文\n"),
    );
    let (run, report) = check_json(&site, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let placed = broken_links_placed(&report, article);
    assert_eq!(
        placed,
        vec![
            (Some(line), Some(7), "d"),
            (Some(line + 1), Some(6), "/nope.png"),
            (Some(line + 2), Some(8), "/nope2/"),
        ]
    );
    assert_eq!(errors(&report).len(), 3, "{:#?}", errors(&report));
}

/// Each broken link `check` reports in `file`: its line, column and address.
fn broken_links_placed<'a>(
    report: &'a Value,
    file: &str,
) -> Vec<(Option<u64>, Option<u64>, &'a str)> {
    findings(report, file, "broken-link")
        .iter()
        .map(|f| {
            let text = f["text"].as_str().unwrap_or("");
            (f["line"].as_u64(), f["column"].as_u64(), text)
        })
        .collect()
}

/// A link whose address was left to be filled in leads nowhere (a browser opens the page
/// itself): an error at the place it is written.
#[test]
fn links_left_without_an_address_are_errors() {
    let site = TestSite::example();
    let article = "content/articles/overview.md";
    let text = site.read(article);
    let line = text.lines().count() as u64 + 1;
    site.write(
        article,
        &format!("{text}详见[通报]()。\n另见[官网](https://)。\n"),
    );
    let (run, report) = check_json(&site, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let placed = broken_links_placed(&report, article);
    assert_eq!(
        placed,
        vec![
            (Some(line), Some(8), ""),
            (Some(line + 1), Some(8), "https://")
        ]
    );
    site.run(&["check"])
        .failure(1)
        .stderr_has("the link has no address")
        .stderr_has("the address has no site after its scheme");
    site.run(&["--lang", "zh", "check"])
        .failure(1)
        .stderr_has("链接没有填写地址")
        .stderr_has("网址只有协议，缺少网站地址");
}

#[test]
fn json_report_counts_match_its_findings() {
    let site = TestSite::example();
    site.write(
        "content/articles/bad.md",
        "---\ntitle: 坏\ndate: 2016-08-21\n---\n实现(xiàn)目标,,好。17个县（市\n",
    );
    let (run, report) = check_json(&site, &[]);
    assert_eq!(run.code, 1);
    let all = report["findings"].as_array().expect("findings");
    let errors = all.iter().filter(|f| f["severity"] == "error").count();
    let warnings = all.iter().filter(|f| f["severity"] == "warning").count();
    assert_eq!(report["errors"].as_u64(), Some(errors as u64));
    assert_eq!(report["warnings"].as_u64(), Some(warnings as u64));
    assert!(errors >= 2 && warnings >= 1, "{all:#?}");
    for f in all {
        for key in [
            "file",
            "line",
            "column",
            "severity",
            "rule",
            "text",
            "message",
            "suggestion",
        ] {
            assert!(f.get(key).is_some(), "{key} missing in {f}");
        }
    }
    assert!(
        !run.stdout.contains("check:"),
        "the text summary is not printed with --format json"
    );
}

#[test]
fn disabled_rules_are_switched_off_and_unknown_names_corrected() {
    let site = TestSite::example();
    site.write(
        "content/articles/trad.md",
        "---\ntitle: 繁\ndate: 2016-08-21\n---\n换屆圆满完成。\n",
    );
    let (_, report) = check_json(&site, &[]);
    assert_eq!(
        findings(&report, "content/articles/trad.md", "traditional-char").len(),
        1
    );

    let toml = site.read("site.toml");
    site.write(
        "site.toml",
        &format!("{toml}\n[check]\ndisabled_rules = [\"traditional-char\"]\n"),
    );
    let run = site.run(&["check"]).success();
    assert!(!run.stderr.contains("traditional-char"), "{}", run.stderr);

    site.write(
        "site.toml",
        &format!("{toml}\n[check]\ndisabled_rules = [\"traditional-chars\"]\n"),
    );
    let line = toml.lines().count() + 3;
    site.run(&["check"])
        .failure(1)
        .stderr_has("[config] [check] disabled_rules: there is no rule `traditional-chars`")
        .stderr_has(&format!("site.toml:{line}:20"))
        .stderr_has("did you mean `traditional-char`?");
}

#[test]
fn stale_column_warns_after_the_configured_days() {
    let site = TestSite::example();
    // The example's newest item is dated 2016-09-06.
    let (run, report) = check_json(&site, &[("QINGFENG_TODAY", "2016-09-20")]);
    assert_eq!(run.code, 0);
    assert!(findings(&report, "content/articles/atmosphere.md", "stale-column").is_empty());

    let (run, report) = check_json(&site, &[("QINGFENG_TODAY", "2016-09-21")]);
    assert_eq!(run.code, 0, "a stale column is a warning");
    let stale = findings(&report, "content/articles/atmosphere.md", "stale-column");
    assert_eq!(stale.len(), 1, "{:#?}", report["findings"]);
    assert_eq!(stale[0]["severity"], "warning");
    let message = stale[0]["message"].as_str().unwrap_or("");
    assert!(
        message.contains("2016-09-06, 15 days before today (2016-09-21)"),
        "{message}"
    );

    let toml = site.read("site.toml");
    site.write(
        "site.toml",
        &format!("{toml}\n[check]\nstale_after_days = 30\n"),
    );
    let (_, report) = check_json(&site, &[("QINGFENG_TODAY", "2016-09-21")]);
    assert!(findings(&report, "content/articles/atmosphere.md", "stale-column").is_empty());

    site.run_with_env(&["check"], &[("QINGFENG_TODAY", "21.9.2016")])
        .failure(2)
        .stderr_has("QINGFENG_TODAY=`21.9.2016` is not a date");
}

#[test]
fn fix_leaves_clean_files_untouched() {
    let site = TestSite::example();
    let old = SystemTime::UNIX_EPOCH + Duration::from_secs(1_471_651_200); // 2016-08-20
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(site.path("content")) {
        let entry = entry.expect("walk");
        if entry.file_type().is_file() {
            let file = std::fs::File::options()
                .write(true)
                .open(entry.path())
                .expect("open");
            file.set_modified(old).expect("set mtime");
            files.push((
                entry.path().to_path_buf(),
                std::fs::read(entry.path()).expect("read"),
            ));
        }
    }
    let run = site.run(&["check", "--fix"]).success();
    assert!(run.stderr.contains("nothing to fix"), "{}", run.stderr);
    for (path, bytes) in &files {
        assert_eq!(
            &std::fs::read(path).expect("read"),
            bytes,
            "{} changed",
            path.display()
        );
        let mtime = std::fs::metadata(path)
            .and_then(|m| m.modified())
            .expect("mtime");
        assert_eq!(mtime, old, "{} was rewritten", path.display());
    }
    let names: Vec<String> = walkdir::WalkDir::new(site.path("content"))
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(names.is_empty(), "temporary files left: {names:?}");
    assert!(!site.path("public").exists());
}

#[test]
fn a_site_that_does_not_build_is_reported_as_findings() {
    let site = TestSite::fixture("minimal");
    site.edit("content/counties/alpha.yaml", "members: 20", "members: -1");
    let (run, report) = check_json(&site, &[]);
    assert_eq!(run.code, 1);
    let build = findings(&report, "content/counties/alpha.yaml", "build");
    assert!(!build.is_empty(), "{:#?}", report["findings"]);
    assert!(!site.path("public").exists());
}

/// The code spans of one Markdown line, as CommonMark reads them (a run of n backticks up
/// to the next run of exactly n; one space stripped from each side when both have one).
fn code_spans(line: &str) -> Vec<String> {
    let chars: Vec<char> = line.chars().collect();
    let run_at = |i: usize| chars[i..].iter().take_while(|&&c| c == '`').count();
    let mut spans = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '`' {
            i += 1;
            continue;
        }
        let n = run_at(i);
        let mut k = i + n;
        let mut closed = None;
        while k < chars.len() {
            if chars[k] == '`' {
                let m = run_at(k);
                if m == n {
                    closed = Some(k);
                    break;
                }
                k += m;
            } else {
                k += 1;
            }
        }
        let Some(close) = closed else { break };
        let inner: String = chars[i + n..close].iter().collect();
        let inner = if inner.len() > 2 && inner.starts_with(' ') && inner.ends_with(' ') {
            inner[1..inner.len() - 1].to_string()
        } else {
            inner
        };
        spans.push(inner);
        i = close + n;
    }
    spans
}

/// docs/check.md has a section for every rule, with what it flags and what it leaves alone;
/// the copy rules' examples are run through the copy-editor.
#[test]
fn every_rule_has_a_documented_section_whose_examples_hold() {
    use qingfeng::check::copy::{RULE_NAMES, Rules, check_text};
    use qingfeng::check::{BUILD, CHECK_RULES, CONFIG};
    let docs = std::fs::read_to_string(manifest_dir().join("docs/check.md")).expect("docs");
    assert!(
        docs.contains("\n## Suppressions\n"),
        "a section on suppressions"
    );
    let rules: Vec<&str> = RULE_NAMES
        .iter()
        .chain(CHECK_RULES)
        .copied()
        .chain([BUILD, CONFIG])
        .collect();
    let mut examples_run = 0;
    for rule in rules {
        let heading = format!("\n### `{rule}`\n");
        let start = docs
            .find(&heading)
            .unwrap_or_else(|| panic!("docs/check.md has no section `### `{rule}``"));
        let body = &docs[start + heading.len()..];
        let section = &body[..body.find("\n## ").unwrap_or(body.len())];
        let section = &section[..section.find("\n### ").unwrap_or(section.len())];
        let line = |label: &str| {
            section
                .lines()
                .find(|l| l.starts_with(&format!("- {label}:")))
                .unwrap_or_else(|| panic!("the section on `{rule}` has no `- {label}:` line"))
                .to_string()
        };
        let (flags, leaves) = (line("flags"), line("leaves alone"));
        // The copy rules that need no figures: their examples run as written (the figure
        // rules' are tested against real sites in tests/suite/check_figures.rs).
        if !RULE_NAMES.contains(&rule)
            || ["share-mismatch", "figure-mismatch", "hand-typed-figure"].contains(&rule)
        {
            continue;
        }
        let found = |text: &str| {
            check_text(text, &Rules::all())
                .iter()
                .any(|finding| finding.rule == rule)
        };
        let flagged = code_spans(&flags);
        assert!(!flagged.is_empty(), "`{rule}` shows no example it flags");
        for example in flagged {
            assert!(found(&example), "`{rule}` does not flag {example:?}");
            examples_run += 1;
        }
        let left = code_spans(&leaves);
        assert!(
            !left.is_empty(),
            "`{rule}` shows no example it leaves alone"
        );
        for example in left {
            assert!(!found(&example), "`{rule}` flags {example:?}");
            examples_run += 1;
        }
    }
    assert!(examples_run > 50, "{examples_run}");
}

/// A site template that gives a second element the theme's `id="main"` is `duplicate-id`
/// on every county page, at the second element's line; a narrative's `## Main` and
/// footnote `[^main]` are not (they take ids of their own).
#[test]
fn an_id_given_twice_by_a_template_is_reported_and_a_body_s_never_is() {
    let site = TestSite::fixture("minimal");
    let md = site.read("content/counties/alpha.md");
    site.write(
        "content/counties/alpha.md",
        &format!("{md}\n## Main\n\n见注[^main]。\n\n[^main]: 注。\n"),
    );
    site.run(&["--lang", "en", "check"]).success();
    let county =
        std::fs::read_to_string(manifest_dir().join("themes/default/templates/county.html"))
            .expect("county.html");
    site.write(
        "templates/county.html",
        &county.replacen(
            "{% block content %}",
            "{% block content %}\n<p id=\"main\">再一个</p>",
            1,
        ),
    );
    let run = site
        .run(&["--lang", "en", "check"])
        .failure(1)
        .stderr_has("error[QF1004]: [duplicate-id] id=\"main\" is given to two elements of page public/counties/alpha/index.html");
    assert!(!run.stderr.contains("h-main"), "{}", run.stderr);
    let (_, report) = check_json(&site, &[]);
    let found = findings(&report, "public/counties/alpha/index.html", "duplicate-id");
    assert_eq!(found.len(), 1, "{report}");
    let line = found[0]["line"].as_u64().expect("line") as usize;
    site.build().success();
    let html = site.read("public/counties/alpha/index.html");
    let at = html.lines().nth(line - 1).expect("the line");
    assert!(at.contains("<p id=\"main\">再一个</p>"), "{at}");
}
