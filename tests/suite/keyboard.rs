//! YAML typed on a Chinese keyboard: each slip is reported at its exact character with the
//! replacement, the previous output stays, and `check --fix` repairs the mechanical ones.

use crate::common::{TestSite, assert_rejected};

const ALPHA: &str = "content/counties/alpha.yaml";

/// (what is written instead of what, the position, words of the message and of the help).
#[test]
fn each_slip_gets_its_own_message_at_its_character() {
    let cases: &[(&str, &str, &str, &[&str])] = &[
        (
            "members: 20",
            "members：20",
            ":5:8",
            &[
                "full-width colon `：` after the key `members`",
                "把全角冒号“：”改为半角冒号“:”",
            ],
        ),
        (
            "members: 20",
            "members: ２０",
            ":5:10",
            &["full-width digits", "write `20`"],
        ),
        (
            "members: 20",
            "members: 20人",
            ":5:10",
            &["`20人` has a unit", "`members: 20`"],
        ),
        (
            "  average: 46.0",
            "  average: 46.0岁",
            ":7:12",
            &["`46.0岁` has a unit", "`average: 46.0`"],
        ),
        (
            "members: 20",
            "members: 1,020",
            ":5:10",
            &["thousands separators", "write `1020`"],
        ),
        (
            "  youngest: 34",
            "　youngest: 34",
            ":8:1",
            &["full-width space (U+3000", "半角空格"],
        ),
        (
            "  youngest: 34",
            "   youngest: 34",
            ":8:4",
            &["indented by 3 spaces", "belong to `age:`"],
        ),
        (
            "  principal: 1",
            "principal: 1",
            ":24:1",
            &["`principal:` is not indented under `women:`", "two spaces"],
        ),
        (
            "members: 20",
            "members 20",
            ":5:8",
            &["no colon after the key `members`", "`members: 20`"],
        ),
        (
            "  youngest: 34",
            "  youngest 34",
            ":8:11",
            &["no colon after the key `youngest`", "`youngest: 34`"],
        ),
        (
            "women:\n",
            "women\n",
            ":22:6",
            &["no colon after the key `women`", "`women:`"],
        ),
        (
            "members: 20",
            "members:\u{3000}20",
            ":5:9",
            &["full-width space (U+3000, 全角空格) after the colon of `members`"],
        ),
        (
            "  youngest: 34",
            "  youngest: 34\u{3000}",
            ":8:13",
            &["`34\u{3000}` has a full-width space", "`youngest: 34`"],
        ),
    ];
    for (from, to, at, needles) in cases {
        let run = assert_rejected(
            |site| {
                site.edit(ALPHA, from, to);
            },
            &[&format!("{ALPHA}{at}")],
        );
        for needle in *needles {
            assert!(
                run.stderr.contains(needle),
                "{to:?}: no {needle:?} in\n{}",
                run.stderr
            );
        }
    }
}

/// A comment, an anchor or a tag after a block's key is valid YAML: the block's lines
/// below it are not "indented out of their block", and another error of the file is
/// reported as itself.
#[test]
fn a_comment_anchor_or_tag_after_a_key_does_not_hide_the_real_error() {
    for opening in ["women:   # 女干部", "women: &w", "women: !!map"] {
        let site = TestSite::fixture("minimal");
        site.edit(ALPHA, "women:\n", &format!("{opening}\n"));
        site.build().success();
        site.edit(ALPHA, "  postgraduate: 4", "  postgraduat: 4");
        let run = site.build().failure(1);
        for needle in [
            "error[QF0205]",
            &format!("{ALPHA}:18:3"),
            "did you mean `postgraduate`?",
        ] {
            assert!(
                run.stderr.contains(needle),
                "{opening:?}: no {needle:?} in\n{}",
                run.stderr
            );
        }
        assert!(
            !run.stderr.contains("QF0208"),
            "{opening:?}: {}",
            run.stderr
        );
    }
}

#[test]
fn check_fix_repairs_the_mechanical_slips_and_the_site_builds_again() {
    let site = TestSite::fixture("minimal");
    site.build().success();
    let good = site.read("public/counties/alpha/index.html");
    site.edit(ALPHA, "members: 20", "members：20")
        .edit(ALPHA, "  youngest: 34", "　youngest: ３４")
        .edit(
            "content/counties/alpha.md",
            "date: 2016-08-10",
            "date：2016-08-10",
        );
    site.build().failure(1);
    let run = site.run(&["check", "--fix"]);
    assert!(run.stderr.contains("keyboard-slip"), "{}", run.stderr);
    let yaml = site.read(ALPHA);
    assert!(
        yaml.contains("members: 20\n") && yaml.contains("\n  youngest: 34\n"),
        "{yaml}"
    );
    assert!(
        site.read("content/counties/alpha.md")
            .contains("date: 2016-08-10")
    );
    site.build().success();
    assert_eq!(site.read("public/counties/alpha/index.html"), good);
    // A unit after a number needs a person: it is reported, not changed.
    site.edit(ALPHA, "members: 20", "members: 20人");
    site.run(&["check", "--fix"]).failure(1);
    assert!(site.read(ALPHA).contains("members: 20人"));
}

/// One repair can uncover the next: once `：` is a colon, `２０` is seen as a number.
#[test]
fn check_fix_repairs_every_slip_of_a_line_in_one_run() {
    let site = TestSite::fixture("minimal");
    site.edit(ALPHA, "members: 20", "members：２０");
    let run = site.run(&["check", "--fix"]);
    assert!(run.stderr.contains("2 keyboard-slip"), "{}", run.stderr);
    assert!(
        site.read(ALPHA).contains("\nmembers: 20\n"),
        "{}",
        site.read(ALPHA)
    );
    assert!(!run.stderr.contains("--fix` does this"), "{}", run.stderr);
    site.build().success();
}

/// A full-width space after a colon and one beside a number are repaired like the other
/// mechanical slips; a missing colon needs a person and is left.
#[test]
fn check_fix_repairs_full_width_spaces_but_not_a_missing_colon() {
    let site = TestSite::fixture("minimal");
    site.edit(ALPHA, "members: 20", "members:\u{3000}20\u{3000}")
        .edit(ALPHA, "  youngest: 34", "  youngest:\u{3000}\u{3000}34");
    let run = site.run(&["check", "--fix"]);
    assert!(run.stderr.contains("3 keyboard-slip"), "{}", run.stderr);
    let yaml = site.read(ALPHA);
    assert!(
        yaml.contains("\nmembers: 20\n") && yaml.contains("\n  youngest: 34\n"),
        "{yaml}"
    );
    site.build().success();
    site.edit(ALPHA, "members: 20", "members 20");
    site.run(&["check", "--fix"]).failure(1);
    assert!(site.read(ALPHA).contains("\nmembers 20\n"));
}

#[test]
fn full_width_braces_around_a_reference_are_an_error_not_literal_text() {
    let run = assert_rejected(
        |site| {
            site.edit(
                "content/counties/alpha.md",
                "{{ county.members }}",
                "｛｛ county.members ｝｝",
            );
        },
        &["content/counties/alpha.md:6:", "full-width braces", "半角"],
    );
    assert!(run.stderr.contains("｛｛"), "{}", run.stderr);
}

/// Many findings of one kind: the first few in full, then one line with the count and
/// the files; `--verbose` shows every one.
#[test]
fn repeated_warnings_are_summed_up_after_the_first_few() {
    let site = TestSite::fixture("minimal");
    // Six counties with one woman in the party and government team: six warnings of one
    // kind.
    let beta = site.read("content/counties/beta.yaml");
    site.write(
        "content/city.yaml",
        &site
            .read("content/city.yaml")
            .replace("expected:\n  divisions: 2\n  members: 40\n  women: 6\n", ""),
    );
    for n in 0..6 {
        let slug = format!("county{n}");
        let text = beta
            .replace("slug: beta", &format!("slug: {slug}"))
            .replace("name: 乙区", &format!("name: 测{n}区"))
            .replace(
                "  local_cadres: 4\n  women: 2\n",
                "  local_cadres: 4\n  women: 1\n",
            );
        site.write(&format!("content/counties/{slug}.yaml"), &text);
    }
    let run = site.build().success();
    let full = run.stderr.matches("only 1 woman").count();
    assert_eq!(full, 3, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("… and 3 more like the above in 3 files: content/counties/county3.yaml"),
        "{}",
        run.stderr
    );
    let run = site.run(&["build", "--verbose"]).success();
    assert_eq!(
        run.stderr.matches("only 1 woman").count(),
        6,
        "{}",
        run.stderr
    );
    let run = site.run(&["check"]);
    assert!(
        run.stderr.contains("… and 3 more like the above"),
        "{}",
        run.stderr
    );
    let run = site.run(&["check", "--verbose"]);
    assert_eq!(
        run.stderr.matches("only 1 woman").count(),
        6,
        "{}",
        run.stderr
    );
}

#[test]
fn chinese_quotes_around_a_value_and_a_full_width_comma_in_a_list_are_warned() {
    let site = TestSite::fixture("minimal");
    site.edit(
        "content/counties/alpha.md",
        "title: 甲县新班子",
        "title: “甲县新班子”",
    );
    let run = site.build().success();
    assert!(
        run.stderr.contains("content/counties/alpha.md:2:8")
            && run.stderr.contains("wrapped in Chinese quotation marks"),
        "{}",
        run.stderr
    );
    site.edit(
        "content/counties/alpha.md",
        "title: “甲县新班子”",
        "title: 甲县新班子\ncheck_ignore: [pinyin-gloss，doubled-punctuation]",
    );
    let run = site.build().success();
    assert!(
        run.stderr.contains("full-width comma")
            && run.stderr.contains("[pinyin-gloss, doubled-punctuation]"),
        "{}",
        run.stderr
    );
}

/// Around a number the quotes are not a warning but the reason it is refused: the error says
/// so, with the number to write.
#[test]
fn a_number_in_chinese_quotes_is_refused_with_the_quotes_named() {
    let run = assert_rejected(
        |site| {
            site.edit(ALPHA, "  count: 3", "  count: “3”");
        },
        &[
            &format!("{ALPHA}:23:10"),
            "QF0306",
            "wrapped in Chinese quotation marks",
            "`count: 3`",
        ],
    );
    assert!(!run.stderr.contains("QF0207"), "{}", run.stderr);
}

/// The same slips with `--lang zh`: each names its code, the line and column as an editor
/// reads them (第5行第8列), what was typed and the replacement, in Chinese.
#[test]
fn each_slip_is_explained_in_chinese_with_its_code_and_place() {
    let cases: &[(&str, &str, &str, &[&str])] = &[
        (
            "members: 20",
            "members：20",
            "QF0301",
            &["第5行第8列", "全角冒号“：”", "改为半角冒号“:”"],
        ),
        (
            "members: 20",
            "members: ２０",
            "QF0303",
            &["第5行第10列", "全角数字", "建议改为 `20`"],
        ),
        (
            "members: 20",
            "members: 20人",
            "QF0304",
            &["第5行第10列", "带了单位", "删去单位“人”"],
        ),
        (
            "  average: 46.0",
            "  average: 46.0岁",
            "QF0304",
            &["第7行第12列", "删去单位“岁”", "建议改为 `average: 46.0`"],
        ),
        (
            "members: 20",
            "members: 1,020",
            "QF0305",
            &["第5行第10列", "千位分隔符", "建议改为 `1020`"],
        ),
        (
            "  youngest: 34",
            "　youngest: 34",
            "QF0302",
            &["第8行第1列", "全角空格（U+3000）", "半角空格"],
        ),
        (
            "  youngest: 34",
            "   youngest: 34",
            "QF0208",
            &["第8行第4列", "缩进了 3 个空格", "属于`age:`"],
        ),
        (
            "  principal: 1",
            "principal: 1",
            "QF0204",
            &["第24行第1列", "应缩进在 `women:` 下面"],
        ),
    ];
    for (from, to, code, needles) in cases {
        let site = TestSite::fixture("minimal");
        site.edit(ALPHA, from, to);
        let run = site.run(&["--lang", "zh", "build"]).failure(1);
        let heading = format!("错误[{code}]：");
        assert!(
            run.stderr.contains(&heading) && run.stderr.contains("构建失败"),
            "{to:?}: no {heading:?} in\n{}",
            run.stderr
        );
        for needle in *needles {
            assert!(
                run.stderr.contains(needle),
                "{to:?}: no {needle:?} in\n{}",
                run.stderr
            );
        }
        assert!(
            !run.stderr.contains("error:") && !run.stderr.contains("help:"),
            "{to:?}: English frame in\n{}",
            run.stderr
        );
    }
}
