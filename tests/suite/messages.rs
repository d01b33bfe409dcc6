//! Messages in the editor's language with stable codes: the language chosen by `--lang`,
//! `site.toml`'s `messages`, then the locale; `qingfeng explain`; the codes page in docs/;
//! and snapshots of representative diagnostics printed in both languages.

use crate::common::{TestSite, manifest_dir, qingfeng};

const ZH: &[(&str, &str)] = &[("LANG", "zh_CN.UTF-8")];

/// The minimal site with a full-width colon after `members` in alpha.yaml (line 5).
fn colon_slip(fixture: &str, file: &str, key: &str) -> TestSite {
    let site = TestSite::fixture(fixture);
    let text = site.read(file);
    let at = text.find(&format!("\n{key}: ")).expect("the key") + 1;
    let broken = format!("{}{key}：{}", &text[..at], &text[at + key.len() + 2..]);
    site.write(file, &broken);
    site
}

#[test]
fn a_chinese_locale_gives_chinese_messages_and_codes() {
    let site = colon_slip("minimal", "content/counties/alpha.yaml", "members");
    let run = site.run_with_env(&["build"], ZH).failure(1);
    for needle in [
        "错误[QF0301]：键 `members` 后面是全角冒号“：”",
        "content/counties/alpha.yaml:5:8（第5行第8列）",
        "帮助：把全角冒号“：”改为半角冒号“:”",
        "构建失败：1 个错误，0 个警告",
    ] {
        assert!(run.stderr.contains(needle), "{needle}\n{}", run.stderr);
    }
    assert!(!run.stderr.contains("error"), "{}", run.stderr);
    // English elsewhere, with the same code; `--lang en` overrides the locale.
    let en = site.build().failure(1);
    assert!(
        en.stderr
            .contains("error[QF0301]: a full-width colon `：` after the key `members`"),
        "{}",
        en.stderr
    );
    assert!(en.stderr.contains("build failed: 1 error, 0 warnings"));
    let flag = site.run_with_env(&["build", "--lang", "en"], ZH).failure(1);
    assert_eq!(flag.stderr, en.stderr);
    let flag = site.run(&["--lang", "zh", "build"]).failure(1);
    assert!(flag.stderr.contains("错误[QF0301]"), "{}", flag.stderr);
}

#[test]
fn the_locale_variables_are_read_as_posix_reads_them() {
    let site = colon_slip("minimal", "content/counties/alpha.yaml", "members");
    let zh = |vars: &[(&str, &str)]| site.run_with_env(&["build"], vars).stderr.contains("错误[");
    assert!(zh(&[("LC_ALL", "zh_CN.GB18030")]));
    assert!(zh(&[("LC_MESSAGES", "zh_CN.UTF-8")]));
    assert!(zh(&[("LC_ALL", ""), ("LANG", "zh_TW.UTF-8")]));
    assert!(!zh(&[("LC_ALL", "C"), ("LANG", "zh_CN.UTF-8")]));
    assert!(!zh(&[
        ("LC_MESSAGES", "en_US.UTF-8"),
        ("LANG", "zh_CN.UTF-8")
    ]));
}

#[test]
fn site_toml_sets_the_newsrooms_language_below_the_flag() {
    // On the second city, with another key broken.
    let site = colon_slip("second-city", "content/city.yaml", "year");
    let toml = site.read("site.toml");
    site.write("site.toml", &format!("messages = \"zh\"\n{toml}"));
    let run = site.build().failure(1);
    assert!(
        run.stderr
            .contains("错误[QF0301]：键 `year` 后面是全角冒号"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("content/city.yaml"), "{}", run.stderr);
    let en = site.run(&["--lang", "en", "build"]).failure(1);
    assert!(en.stderr.contains("error[QF0301]"), "{}", en.stderr);
    // `messages = "en"` beats a Chinese locale; an unknown value is a site.toml error.
    site.write("site.toml", &format!("messages = \"en\"\n{toml}"));
    let run = site.run_with_env(&["build"], ZH).failure(1);
    assert!(run.stderr.contains("error[QF0301]"), "{}", run.stderr);
    site.write("site.toml", &format!("messages = \"fr\"\n{toml}"));
    site.build()
        .failure(1)
        .stderr_has("error[QF0107]: messages = `fr` is not a language of qingfeng's messages")
        .stderr_has("site.toml:1:1");
    // A refused value chooses no language, not even one it resembles: the refusal follows
    // the locale (or --lang) like every other message.
    for value in ["english", "中文", "zh-CN"] {
        site.write("site.toml", &format!("messages = \"{value}\"\n{toml}"));
        site.run_with_env(&["build"], ZH)
            .failure(1)
            .stderr_has(&format!(
                "错误[QF0107]：messages = `{value}` 不是 qingfeng 支持的提示语言"
            ))
            .stderr_has("应为 messages = \"zh\"（中文提示）或 messages = \"en\"（英文提示）");
        site.build().failure(1).stderr_has(&format!(
            "error[QF0107]: messages = `{value}` is not a language of qingfeng's messages"
        ));
        site.run_with_env(&["--lang", "en", "build"], ZH)
            .failure(1)
            .stderr_has("error[QF0107]");
    }
}

#[test]
fn usage_and_output_errors_are_translated_with_their_codes() {
    let empty = tempfile::tempdir().expect("tempdir");
    let out = qingfeng()
        .arg("--root")
        .arg(empty.path())
        .arg("build")
        .env("LANG", "zh_CN.UTF-8")
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr.starts_with("错误[QF0101]："), "{stderr}");
    assert!(stderr.contains("中没有 site.toml"), "{stderr}");

    let site = TestSite::fixture("minimal");
    site.write("public/notes.txt", "mine");
    let run = site.run_with_env(&["build"], ZH).failure(2);
    assert!(
        run.stderr.contains("错误[QF0704]：不能写入"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("notes.txt"), "{}", run.stderr);
    site.build()
        .failure(2)
        .stderr_has("error[QF0704]: refusing to write into")
        .stderr_has("qingfeng never deletes what it did not write");
}

#[test]
fn check_json_carries_the_code_and_the_chosen_language() {
    let site = TestSite::fixture("minimal");
    let md = site.read("content/counties/alpha.md");
    site.write(
        "content/counties/alpha.md",
        &format!("{md}\n女干部占25.0%。\n"),
    );
    let json = |vars: &[(&str, &str)]| -> serde_json::Value {
        let mut all = vec![("QINGFENG_TODAY", "2016-09-01")];
        all.extend_from_slice(vars);
        let run = site.run_with_env(&["check", "--format", "json"], &all);
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
    };
    let en = json(&[]);
    let finding = &en["findings"][0];
    assert_eq!(finding["code"], "QF0908", "{en:#}");
    assert_eq!(finding["rule"], "share-mismatch");
    assert!(
        finding["message"]
            .as_str()
            .unwrap_or("")
            .contains("is none of")
    );
    let zh = json(ZH);
    assert_eq!(zh["findings"][0]["code"], "QF0908");
    assert!(
        zh["findings"][0]["message"]
            .as_str()
            .unwrap_or("")
            .contains("与甲县的数据都对不上"),
        "{zh:#}"
    );
}

#[test]
fn explain_prints_a_code_in_the_chosen_language() {
    let site = TestSite::fixture("minimal");
    let en = site.run(&["explain", "QF0301"]).success();
    assert!(
        en.stdout.starts_with("QF0301 fullwidth-colon: "),
        "{}",
        en.stdout
    );
    assert!(en.stdout.contains("Cause: ") && en.stdout.contains("Fix: "));
    let zh = site.run_with_env(&["explain", "qf0301"], ZH).success();
    assert!(
        zh.stdout.contains("原因：") && zh.stdout.contains("解决办法："),
        "{}",
        zh.stdout
    );
    assert!(zh.stdout.contains("全角冒号"), "{}", zh.stdout);
    // Every code of the catalog is listed, and explained.
    let list = site.run(&["explain", "--list"]).success().stdout;
    let codes: Vec<&str> = list
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert!(codes.len() > 60, "{list}");
    assert_eq!(site.run(&["explain"]).success().stdout, list);
    for code in &codes {
        let text = site.run(&["explain", code]).success().stdout;
        assert!(text.starts_with(code), "{code}: {text}");
    }
    site.run(&["explain", "QF9999"])
        .failure(2)
        .stderr_has("error[QF1206]: `QF9999` is not a qingfeng code")
        .stderr_has("qingfeng explain --list");
}

#[test]
fn the_codes_page_is_made_from_the_catalog() {
    let path = manifest_dir().join("docs/codes.md");
    let made = qingfeng::messages::catalog::markdown();
    if std::env::var_os("QINGFENG_BLESS").is_some() {
        std::fs::write(&path, &made).expect("write docs/codes.md");
    }
    let written = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        written == made,
        "docs/codes.md is out of date: run QINGFENG_BLESS=1 cargo test --test suite codes"
    );
    for e in qingfeng::messages::CATALOG
        .iter()
        .filter(|e| e.code != "QF0000")
    {
        assert!(
            written.contains(&format!("### {} `{}`", e.code, e.name)),
            "{}",
            e.code
        );
    }
}

/// Runs `args` on `site` in English and in Chinese; both outputs, with the site's temporary
/// path masked, for a snapshot.
fn both_languages(site: &TestSite, args: &[&str]) -> String {
    let root = site.root().to_string_lossy().into_owned();
    let mut out = String::new();
    for (name, lang) in [("en", "C"), ("zh", "zh_CN.UTF-8")] {
        let run = site.run_with_env(args, &[("LANG", lang), ("QINGFENG_TODAY", "2016-09-01")]);
        out.push_str(&format!("--- {name} (exit {}) ---\n", run.code));
        out.push_str(&run.stderr.replace(&root, "[SITE]").replace('\\', "/"));
    }
    out
}

/// The minimal site with `from` replaced by `to` in `file`.
fn minimal_with(file: &str, from: &str, to: &str) -> TestSite {
    let site = TestSite::fixture("minimal");
    site.edit(file, from, to);
    site
}

#[test]
fn representative_diagnostics_in_both_languages() {
    let alpha = "content/counties/alpha.yaml";
    let cases: Vec<(&str, TestSite, Vec<&str>)> = vec![
        (
            "fullwidth_colon",
            minimal_with(alpha, "members: 20", "members：20"),
            vec!["build"],
        ),
        (
            "number_with_unit",
            minimal_with(alpha, "members: 20", "members: 20人"),
            vec!["build"],
        ),
        (
            "fullwidth_digits",
            minimal_with(alpha, "members: 20", "members: ２０"),
            vec!["build"],
        ),
        (
            "fullwidth_space_indent",
            minimal_with(alpha, "  average: 46.0", "\u{3000}average: 46.0"),
            vec!["build"],
        ),
        (
            "fullwidth_braces",
            minimal_with(
                "content/counties/alpha.md",
                "{{ city.members }}",
                "｛｛ city.members ｝｝",
            ),
            vec!["build"],
        ),
        (
            "missing_field",
            minimal_with(alpha, "members: 20\n", ""),
            vec!["build"],
        ),
        (
            "share_mismatch",
            minimal_with(
                "content/counties/alpha.md",
                "**重点。**",
                "女干部占25.0%。**重点。**",
            ),
            vec!["check"],
        ),
        (
            "output_folder",
            {
                let site = TestSite::fixture("minimal");
                site.write("public/notes.txt", "mine");
                site
            },
            vec!["build"],
        ),
        (
            "template_error",
            {
                let site = TestSite::fixture("minimal");
                site.write(
                "templates/article.html",
                "{% extends \"theme/article.html\" %}\n{% block content %}\n<h1>{{ page.no_such_field }}</h1>\n{% endblock content %}\n",
            );
                site
            },
            vec!["build"],
        ),
    ];
    for (name, site, args) in cases {
        insta::assert_snapshot!(name, both_languages(&site, &args));
    }
}

/// The minimal site with a half-width comma between Chinese words and a pinyin gloss, both
/// fixable by `check --fix`.
fn fixable() -> TestSite {
    let site = TestSite::fixture("minimal");
    let text = site.read("content/counties/alpha.md");
    site.write(
        "content/counties/alpha.md",
        &format!("{text}\n新班子,更年轻。甲县(xiàn)说明。\n"),
    );
    site
}

#[test]
fn check_fix_says_what_it_fixed_in_the_chosen_language() {
    let site = fixable();
    let zh = site.run(&["--lang", "zh", "check", "--fix"]);
    for needle in [
        "已修正 content/counties/alpha.md：1 halfwidth-punctuation，1 pinyin-gloss",
        "  注意：删去了 1 处拼音注音：文字看来是从改写过的镜像网站复制的；",
    ] {
        assert!(zh.stderr.contains(needle), "{needle}\n{}", zh.stderr);
    }
    let again = site.run_with_env(&["check", "--fix"], ZH);
    assert!(
        again.stderr.contains("没有需要修正的内容"),
        "{}",
        again.stderr
    );
    assert!(!again.stderr.contains("nothing to fix"), "{}", again.stderr);

    // The same in English, on a second site of another shape.
    let other = TestSite::fixture("second-city");
    let article = "content/articles/review.md";
    let body = other.read(article);
    other.write(article, &format!("{body}\n新班子,更年轻。\n"));
    let en = other.run(&["check", "--fix"]);
    assert!(
        en.stderr
            .contains(&format!("fixed {article}: 1 halfwidth-punctuation")),
        "{}",
        en.stderr
    );
    let again = other.run(&["check", "--fix"]);
    assert!(again.stderr.contains("nothing to fix"), "{}", again.stderr);
}

#[test]
fn commands_say_what_they_made_in_the_chosen_language() {
    let dir = tempfile::tempdir().expect("tempdir");
    let site = dir.path().join("站点");
    let made = qingfeng()
        .args(["--lang", "zh", "init"])
        .arg(&site)
        .output()
        .expect("init");
    let out = String::from_utf8_lossy(&made.stdout);
    assert!(
        out.contains("已在 ") && out.contains("新建网站：编辑 site.toml 和 content/"),
        "{out}"
    );
    assert!(
        out.contains("（使用内置默认主题；如需修改主题，加 --copy-theme）"),
        "{out}"
    );
    let other = dir.path().join("en");
    let made = qingfeng().arg("init").arg(&other).output().expect("init");
    let out = String::from_utf8_lossy(&made.stdout);
    assert!(out.contains("made a new site in "), "{out}");

    let site = TestSite::fixture("minimal");
    let zh = site
        .run(&["--lang", "zh", "new", "county", "dingxian"])
        .success();
    assert!(
        zh.stdout.contains("已写入 content/counties/dingxian.yaml"),
        "{}",
        zh.stdout
    );
    assert!(zh.stdout.contains("请填写该县的数据"), "{}", zh.stdout);
    let en = site.run(&["new", "article", "xinwen"]).success();
    assert!(
        en.stdout.contains("wrote content/articles/xinwen.md"),
        "{}",
        en.stdout
    );

    let zh = site.run(&["--lang", "zh", "export", "t.csv"]).success();
    assert!(zh.stdout.contains("已写入 t.csv（"), "{}", zh.stdout);
    assert!(
        zh.stdout
            .contains("填好后，运行 `qingfeng import t.csv --dry-run`"),
        "{}",
        zh.stdout
    );
    let en = site.run(&["export", "t.xlsx"]).success();
    assert!(en.stdout.contains("wrote t.xlsx ("), "{}", en.stdout);
    assert!(en.stdout.contains("fill it in, then"), "{}", en.stdout);
}

#[test]
fn clap_refusals_start_with_a_chinese_line_and_a_code() {
    let site = TestSite::fixture("minimal");
    let zh = site.run(&["--lang", "zh", "build", "--bogus"]).failure(2);
    let first = zh.stderr.lines().next().unwrap_or("");
    assert_eq!(
        first,
        "错误[QF1207]：没有这个选项或参数 `--bogus`（以下为命令行解析库 clap 的英文说明）"
    );
    assert!(
        zh.stderr.contains("unexpected argument '--bogus'"),
        "{}",
        zh.stderr
    );
    // The locale and site.toml are read too, though clap refused the line.
    let locale = site
        .run_with_env(&["serve", "--port", "abc"], ZH)
        .failure(2);
    assert!(
        locale
            .stderr
            .starts_with("错误[QF1207]：`--port <PORT>` 不接受取值 `abc`"),
        "{}",
        locale.stderr
    );
    let other = TestSite::fixture("second-city");
    let text = other.read("site.toml");
    other.write("site.toml", &format!("messages = \"zh\"\n{text}"));
    let from_site = other.run(&["init"]).failure(2);
    assert!(
        from_site
            .stderr
            .starts_with("错误[QF1207]：缺少必需的参数：<DIR>"),
        "{}",
        from_site.stderr
    );
    // A value --lang does not take chooses nothing: the refusal follows the locale.
    let english = site
        .run_with_env(&["--lang", "english", "build"], ZH)
        .failure(2);
    assert!(
        english
            .stderr
            .starts_with("错误[QF1207]：`--lang <LANG>` 不接受取值 `english`"),
        "{}",
        english.stderr
    );
    // English: clap's own words, unchanged.
    let en = site.run(&["build", "--bogus"]).failure(2);
    assert!(
        en.stderr
            .starts_with("error: unexpected argument '--bogus'"),
        "{}",
        en.stderr
    );
    assert!(!en.stderr.contains("QF1207"), "{}", en.stderr);
    // --help stays English and succeeds.
    site.run(&["--lang", "zh", "build", "--help"]).success();
}
