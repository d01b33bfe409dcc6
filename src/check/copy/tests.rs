//! Tests of the copy-edit rules: one table a rule, then the seed article end to end.

use super::*;

/// The texts that `rule` flags in `input` (every rule on), in order.
#[track_caller]
fn case(rule: &str, input: &str, expected: &[&str]) {
    let found: Vec<String> = check_text(input, &Rules::all())
        .into_iter()
        .filter(|finding| finding.rule == rule)
        .map(|finding| finding.text)
        .collect();
    assert_eq!(found, expected, "rule {rule} on {input:?}");
}

/// `fix_text` with only `rule` on turns `input` into `expected`.
#[track_caller]
fn fix_case(rule: &str, input: &str, expected: &str) {
    let mut rules = Rules::all();
    let others: Vec<String> = RULE_NAMES
        .iter()
        .filter(|name| **name != rule)
        .map(|name| (*name).to_owned())
        .collect();
    rules.without(&others).expect("known rules");
    let (fixed, _) = fix_text(input, &rules);
    assert_eq!(fixed, expected, "fixing {rule} in {input:?}");
}

#[test]
fn pinyin_gloss_positives() {
    case(PINYIN_GLOSS, "實現(xiàn)目標", &["(xiàn)"]);
    case(PINYIN_GLOSS, "全國(guó)", &["(guó)"]);
    case(PINYIN_GLOSS, "發（fā）展", &["（fā）"]);
    case(PINYIN_GLOSS, "區(qū))", &["(qū)"]);
    case(PINYIN_GLOSS, "創(chuàng)業(yè)", &["(chuàng)", "(yè)"]);
    case(PINYIN_GLOSS, "以事?lián)袢", &["?lián)"]);
    case(PINYIN_GLOSS, "title: 實現(xiàn)\n", &["(xiàn)"]);
}

#[test]
fn pinyin_gloss_negatives() {
    case(PINYIN_GLOSS, "縣（市、區）", &[]);
    case(PINYIN_GLOSS, "(林組軒)", &[]);
    case(PINYIN_GLOSS, "记者(林组轩)", &[]);
    case(PINYIN_GLOSS, "报道(2016)", &[]);
    case(PINYIN_GLOSS, "见附表(a)", &[]);
    case(PINYIN_GLOSS, "发展(fa)", &[]);
    case(PINYIN_GLOSS, "咖啡(café)", &[]);
    case(PINYIN_GLOSS, "代码 `現(xiàn)` 里", &[]);
    case(PINYIN_GLOSS, "Rust (xiàn)", &[]);
}

#[test]
fn pronunciation_notes_are_not_glosses() {
    // A rare character, or an unusual reading, glossed on its own: a writer's note.
    for note in [
        "隰（xí）县位于临汾市西部。",
        "隰(xí)县位于临汾市西部。",
        "洪洞（tóng）县有大槐树。",
        "洪洞(tóng)",
        "本市的隰(xí)县、洪洞（tóng）县和六(lù)安不同。",
        "title: 隰(xí)县\n",
    ] {
        case(PINYIN_GLOSS, note, &[]);
        case(HALFWIDTH_PUNCTUATION, note, &[]);
        let (fixed, _) = fix_text(note, &Rules::all());
        assert_eq!(fixed, note, "a note is left alone by --fix");
    }
    // A common character in its everyday reading is residue even on its own.
    case(PINYIN_GLOSS, "隰县实现(xiàn)了目标。", &["(xiàn)"]);
    case(PINYIN_GLOSS, "县长(zhǎng)到会。", &["(zhǎng)"]);
    // Glosses next to each other are residue, whatever they gloss.
    case(PINYIN_GLOSS, "洪(hóng)洞(tóng)", &["(hóng)", "(tóng)"]);
    // In a paragraph dense with residue, a note-shaped gloss is residue too …
    case(
        PINYIN_GLOSS,
        "實現(xiàn)发展(zhǎn)地區(qū)，隰(xí)县",
        &["(xiàn)", "(zhǎn)", "(qū)", "(xí)"],
    );
    // … but not in the next paragraph.
    case(
        PINYIN_GLOSS,
        "實現(xiàn)发展(zhǎn)地區(qū)。\n\n隰(xí)县",
        &["(xiàn)", "(zhǎn)", "(qū)"],
    );
}

#[test]
fn pinyin_gloss_fix() {
    fix_case(PINYIN_GLOSS, "實現(xiàn)“四好”", "實現“四好”");
    fix_case(PINYIN_GLOSS, "發（fā）展", "發展");
    fix_case(PINYIN_GLOSS, "以事?lián)袢", "以事?lián)袢");
}

#[test]
fn doubled_punctuation_positives() {
    case(DOUBLED_PUNCTUATION, "完成,,全市", &[",,"]);
    case(DOUBLED_PUNCTUATION, "縣(市,、區)", &[",、"]);
    case(DOUBLED_PUNCTUATION, "动力,。", &[",。"]);
    case(DOUBLED_PUNCTUATION, "完成，，全市", &["，，"]);
    case(DOUBLED_PUNCTUATION, "结束。。", &["。。"]);
    case(DOUBLED_PUNCTUATION, "甲、，乙", &["、，"]);
    case(DOUBLED_PUNCTUATION, "瓶颈;,另一方面", &[";,"]);
    case(DOUBLED_PUNCTUATION, "袢?、人", &["?、"]);
}

#[test]
fn doubled_punctuation_negatives() {
    case(DOUBLED_PUNCTUATION, "他说……然后", &[]);
    case(DOUBLED_PUNCTUATION, "——我市", &[]);
    case(DOUBLED_PUNCTUATION, "真的吗!?", &[]);
    case(DOUBLED_PUNCTUATION, "真的吗？！", &[]);
    case(DOUBLED_PUNCTUATION, "use std::fmt; ok", &[]);
    case(DOUBLED_PUNCTUATION, "见 `a,,b` 处", &[]);
    case(DOUBLED_PUNCTUATION, "见 https://a.cn/x?a=1,,2 处", &[]);
    case(DOUBLED_PUNCTUATION, "数值 {{ a,,b }} 处", &[]);
    case(DOUBLED_PUNCTUATION, "---\ntags: [a,,b]\n---\n正文", &[]);
}

#[test]
fn doubled_punctuation_fix() {
    fix_case(DOUBLED_PUNCTUATION, "完成,,全市", "完成，全市");
    fix_case(DOUBLED_PUNCTUATION, "黨委,、人大", "黨委、人大");
    fix_case(DOUBLED_PUNCTUATION, "动力,。", "动力。");
    fix_case(DOUBLED_PUNCTUATION, "结束。。", "结束。");
    fix_case(DOUBLED_PUNCTUATION, "结束。。。", "结束……");
    fix_case(DOUBLED_PUNCTUATION, "甲、，乙", "甲、乙");
    fix_case(DOUBLED_PUNCTUATION, "瓶颈;,另", "瓶颈；另");
    fix_case(DOUBLED_PUNCTUATION, "是吗，？", "是吗？");
    fix_case(DOUBLED_PUNCTUATION, "袢?、人", "袢?、人");
}

#[test]
fn halfwidth_punctuation_positives() {
    case(HALFWIDTH_PUNCTUATION, "截至8月20日,全市", &[","]);
    case(HALFWIDTH_PUNCTUATION, "瓶颈;另一方面", &[";"]);
    case(HALFWIDTH_PUNCTUATION, "责任编辑: 吉政", &[": "]);
    case(HALFWIDTH_PUNCTUATION, "是吗?", &["?"]);
    case(HALFWIDTH_PUNCTUATION, "好!他说", &["!"]);
    case(HALFWIDTH_PUNCTUATION, "(林组轩)", &["(", ")"]);
    case(HALFWIDTH_PUNCTUATION, "縣(市、區(qū))长", &["(", ")"]);
    case(HALFWIDTH_PUNCTUATION, "GDP(国内生产总值)", &["(", ")"]);
    // Chinese sentences with a few Latin words are Chinese text.
    case(
        HALFWIDTH_PUNCTUATION,
        "国家统计局(NBS)发布GDP数据,增长较快",
        &["(", ")", ","],
    );
    case(HALFWIDTH_PUNCTUATION, "比例为1:2,其中女干部", &[","]);
    case(HALFWIDTH_PUNCTUATION, "“四好”,全市", &[","]);
    case(HALFWIDTH_PUNCTUATION, "截至8月20日,17个县", &[","]);
    case(HALFWIDTH_PUNCTUATION, "报道(2016)", &["(", ")"]);
    case(HALFWIDTH_PUNCTUATION, "班子更年轻.结构更合理。", &["."]);
    case(HALFWIDTH_PUNCTUATION, "结构进一步优化.", &["."]);
    // The names in a figure reference are not an English sentence's words.
    case(
        HALFWIDTH_PUNCTUATION,
        "平均年龄,{{ county.changes.average_age }}。",
        &[","],
    );
    case(
        HALFWIDTH_PUNCTUATION,
        "女干部占{{ county.shares.women }},党外干部{{ county.non_party.count }}名",
        &[","],
    );
}

#[test]
fn halfwidth_punctuation_negatives() {
    // English sentences that quote Chinese keep English punctuation.
    case(
        HALFWIDTH_PUNCTUATION,
        "The motto is 风清气正, meaning a clean atmosphere.",
        &[],
    );
    case(
        HALFWIDTH_PUNCTUATION,
        "Chinese for election is 换届: a new term.",
        &[],
    );
    case(
        HALFWIDTH_PUNCTUATION,
        "In English, 换届 means a new term.",
        &[],
    );
    case(
        HALFWIDTH_PUNCTUATION,
        "The counties are 隰县, 吉县 and 蒲县; all held elections.",
        &[],
    );
    case(
        HALFWIDTH_PUNCTUATION,
        "Linfen (临汾) is a city in Shanxi. 全市召开党代会。",
        &[],
    );
    case(HALFWIDTH_PUNCTUATION, "调用f(x)函数", &[]);
    case(HALFWIDTH_PUNCTUATION, "来信请寄zzb@linfen.gov.cn,电话", &[]);
    case(HALFWIDTH_PUNCTUATION, "邮箱:zzb@linfen.gov.cn", &[]);
    case(HALFWIDTH_PUNCTUATION, "比例为1:2", &[]);
    case(HALFWIDTH_PUNCTUATION, "版本v1.2,3", &[]);
    case(HALFWIDTH_PUNCTUATION, "共3,000人", &[]);
    case(HALFWIDTH_PUNCTUATION, "平均年龄47.5岁", &[]);
    case(HALFWIDTH_PUNCTUATION, "等等...其他", &[]);
    case(HALFWIDTH_PUNCTUATION, "见图3.", &[]);
    case(HALFWIDTH_PUNCTUATION, "He said 换届. It was done.", &[]);
    case(HALFWIDTH_PUNCTUATION, "12:30开会", &[]);
    case(
        HALFWIDTH_PUNCTUATION,
        "见https://example.cn/a?b=1,c:2页",
        &[],
    );
    case(
        HALFWIDTH_PUNCTUATION,
        "详见[报告](https://a.cn/x(1))全文",
        &[],
    );
    case(HALFWIDTH_PUNCTUATION, "如图![示意](a.png)所示", &[]);
    case(
        HALFWIDTH_PUNCTUATION,
        "---\ntitle: 换届\ntags: [换届, 组织]\n---\n",
        &[],
    );
    case(HALFWIDTH_PUNCTUATION, "title: 换届\n", &[]);
    case(
        HALFWIDTH_PUNCTUATION,
        "| 县 | 人数 |\n|:--|--:|\n| 甲 | 3 |",
        &[],
    );
    case(HALFWIDTH_PUNCTUATION, "共有{{ data.count(a, b) }}名", &[]);
    case(HALFWIDTH_PUNCTUATION, "用`f(a, b)`计算", &[]);
    case(HALFWIDTH_PUNCTUATION, "```\n中文,代码(x)\n```\n", &[]);
    case(HALFWIDTH_PUNCTUATION, "It is f(x), ok? yes!", &[]);
    case(HALFWIDTH_PUNCTUATION, "实現(xiàn)", &[]);
    case(
        HALFWIDTH_PUNCTUATION,
        "<span class=\"a:b\">中文</span>",
        &[],
    );
    case(HALFWIDTH_PUNCTUATION, "[1]: https://a.cn 中文", &[]);
}

#[test]
fn halfwidth_punctuation_fix() {
    fix_case(HALFWIDTH_PUNCTUATION, "8月20日,全市", "8月20日，全市");
    fix_case(HALFWIDTH_PUNCTUATION, "责任编辑: 吉政", "责任编辑：吉政");
    fix_case(HALFWIDTH_PUNCTUATION, "注意:  \n下一行", "注意：  \n下一行");
    fix_case(HALFWIDTH_PUNCTUATION, "(林组轩)", "（林组轩）");
    fix_case(HALFWIDTH_PUNCTUATION, "縣(市、區(qū))", "縣（市、區(qū)）");
}

#[test]
fn unpaired_bracket_positives() {
    case(UNPAIRED_BRACKET, "“四好换届", &["“"]);
    case(UNPAIRED_BRACKET, "四好”换届", &["”"]);
    case(UNPAIRED_BRACKET, "《通知", &["《"]);
    case(UNPAIRED_BRACKET, "（市、区", &["（"]);
    case(UNPAIRED_BRACKET, "【注】】", &["】"]);
    case(UNPAIRED_BRACKET, "“甲\n\n乙”", &["“", "”"]);
}

#[test]
fn unpaired_bracket_negatives() {
    case(UNPAIRED_BRACKET, "“‘两代表一委员’测评”", &[]);
    case(UNPAIRED_BRACKET, "《关于（试行）的通知》", &[]);
    case(UNPAIRED_BRACKET, "“甲\n乙”", &[]);
    case(UNPAIRED_BRACKET, "don’t panic", &[]);
    case(UNPAIRED_BRACKET, "代码 `“` 里", &[]);
}

#[test]
fn traditional_char_cases() {
    case(TRADITIONAL_CHAR, "實現目标", &["實", "現"]);
    case(TRADITIONAL_CHAR, "全國", &["國"]);
    case(TRADITIONAL_CHAR, "干部范围后发", &[]);
    case(TRADITIONAL_CHAR, "乾坤著作", &[]);
    case(TRADITIONAL_CHAR, "见 `國` 字", &[]);
    case(TRADITIONAL_CHAR, "繁体写作“堯”，简体写作“尧”", &[]);
    case(TRADITIONAL_CHAR, "“堯都”", &["堯"]);
    case(
        TRADITIONAL_CHAR,
        "承担著责任，著眼长远，著力推进，意味著",
        &["著", "著", "著", "著"],
    );
    case(TRADITIONAL_CHAR, "著名、显著、著作、卓著", &[]);
    case(TRADITIONAL_CHAR, "堯", &["堯"]);
    case(TRADITIONAL_CHAR, "---\ntitle: 換屆\n---\n", &["換", "屆"]);
    fix_case(TRADITIONAL_CHAR, "實現“四好”換屆目標", "实现“四好”换届目标");
}

#[test]
fn emphasis_punctuation_cases() {
    case(
        EMPHASIS_PUNCTUATION,
        "他说**完成了!**然后",
        &["**完成了!**"],
    );
    case(
        EMPHASIS_PUNCTUATION,
        "实现**\"四好\"**换届",
        &["**\"四好\"**"],
    );
    case(EMPHASIS_PUNCTUATION, "他说**完成了**。然后", &[]);
    case(EMPHASIS_PUNCTUATION, "**完成了!**\n", &[]);
    case(EMPHASIS_PUNCTUATION, "实现 **\"四好\"** 换届", &[]);
    case(EMPHASIS_PUNCTUATION, "`**\"a\"**`字", &[]);
    case(
        EMPHASIS_PUNCTUATION,
        "孤立的**星号\n\n他说**完成了!**然后",
        &["**完成了!**"],
    );
    // qingfeng's renderer bolds pairs that start or end with CJK punctuation.
    case(EMPHASIS_PUNCTUATION, "他说**完成了。**然后", &[]);
    case(EMPHASIS_PUNCTUATION, "实现**“四好”**换届", &[]);
}

#[test]
fn space_between_cjk_digit_cases() {
    case(SPACE_BETWEEN_CJK_DIGIT, "截至 8月", &[" "]);
    case(SPACE_BETWEEN_CJK_DIGIT, "2016 年", &[" "]);
    case(SPACE_BETWEEN_CJK_DIGIT, "第 3 章", &[" ", " "]);
    case(SPACE_BETWEEN_CJK_DIGIT, "配备 形成", &[]);
    case(SPACE_BETWEEN_CJK_DIGIT, "| 县 | 12 |", &[]);
    case(SPACE_BETWEEN_CJK_DIGIT, "1. 乡镇", &[]);
    case(SPACE_BETWEEN_CJK_DIGIT, "`县 1`", &[]);
    case(SPACE_BETWEEN_CJK_DIGIT, "见 https://a.cn/?b=2 不需要", &[]);
    case(SPACE_BETWEEN_CJK_DIGIT, "用 `v2` 版", &[]);
    fix_case(SPACE_BETWEEN_CJK_DIGIT, "第 3 章", "第3章");
}

#[test]
fn positions_are_lines_and_character_columns() {
    let findings = check_text("---\ntitle: 甲\n---\n中文,甲\n", &Rules::all());
    let comma = findings
        .iter()
        .find(|f| f.rule == HALFWIDTH_PUNCTUATION)
        .expect("a finding");
    assert_eq!((comma.line, comma.column), (4, 3));
    assert_eq!(comma.byte_range, 25..26);
    assert_eq!(comma.severity, Severity::Error);
}

#[test]
fn findings_are_sorted() {
    let text = "實現(xiàn),,區(qū)。。“甲";
    let findings = check_text(text, &Rules::all());
    assert!(
        findings
            .windows(2)
            .all(|w| w[0].byte_range.start <= w[1].byte_range.start)
    );
}

#[test]
fn rules_switch_off_and_name_the_nearest() {
    let mut rules = Rules::all();
    rules
        .without(&["traditional-char".to_owned()])
        .expect("known rule");
    assert!(!rules.is_enabled("traditional-char"));
    assert!(rules.is_enabled("pinyin-gloss"));
    assert!(check_text("國", &rules).is_empty());
    let error = rules
        .without(&["pinyin-glos".to_owned()])
        .expect_err("an unknown rule");
    assert!(error.contains("`pinyin-gloss`"), "{error}");
    let error = rules
        .without(&["halfwidth".to_owned()])
        .expect_err("an unknown rule");
    assert!(error.contains("`halfwidth-punctuation`"), "{error}");
}

#[test]
fn severity_serializes_lowercase() {
    assert_eq!(
        serde_json::to_string(&Severity::Warning).expect("json"),
        "\"warning\""
    );
    assert_eq!(
        serde_json::to_string(&Severity::Error).expect("json"),
        "\"error\""
    );
}

#[test]
fn clean_text_is_returned_byte_identical() {
    let clean = "---\ntitle: 换届圆满完成\ndate: 2016-08-20\n---\n\n# 换届\n\n截至8月20日，全市\
                 17个县（市、区）全部召开党代会。\r\n详见[报告](https://a.cn/x)，共3,000人；\
                 `a,,b` {{ figures.count }}……——是吗？！\n\n| 县 | 人数 |\n|:--|--:|\n";
    let (fixed, findings) = fix_text(clean, &Rules::all());
    assert_eq!(fixed, clean);
    assert!(findings.is_empty(), "{findings:#?}");
}

#[test]
fn fixing_is_idempotent() {
    for text in [
        "實現(xiàn),,區(qū)。。“甲,;乙 (丙) 第 3 章",
        "a,,b ,、 ,,, 。。。 ?、 (x) 日,",
        include_str!("../../../tests/fixtures/copyedit/seed.md"),
    ] {
        let (once, _) = fix_text(text, &Rules::all());
        let (twice, second) = fix_text(&once, &Rules::all());
        assert_eq!(once, twice);
        assert!(second.is_empty(), "{second:#?}");
    }
}

#[test]
fn no_panic_on_arbitrary_text() {
    let pieces = [
        "", "a", "中", "國", "😀", ",", "，", "、", "。", "(", ")", "（", "）", "“", "”", "*",
        "**", "`", "{{", "}}", "](", "[", "!", "?", ":", ";", " ", "\n", "\r\n", "---\n", "```",
        "(xiàn)", "?lián)", "3", "%", "％", "http://", "<a", ">", "’", "\u{FFFD}", "ü", "ǎ",
    ];
    let regions = [
        super::figures::tests::seed_city(),
        super::figures::tests::seed_city(),
    ];
    let names = super::figures::RegionNames::of(&regions);
    let scope = super::figures::tests::article(&regions, &names);
    for a in pieces {
        for b in pieces {
            for c in pieces {
                let text = format!("{a}{b}{c}");
                let findings = check_text(&text, &Rules::all());
                for finding in &findings {
                    assert!(text.get(finding.byte_range.clone()).is_some());
                }
                let (fixed, _) = fix_text(&text, &Rules::all());
                let _ = fix_text(&fixed, &Rules::all());
                let _ = check_figures(&text, &scope);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// The seed article end to end.

/// Glosses counted the simple way: `(`, then lowercase letters with at least one tone
/// mark, then `)`.
fn count_glosses(text: &str) -> (usize, usize) {
    let mut clean = 0;
    let mut damaged = 0;
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c != '(' && c != '?' {
            continue;
        }
        let inner: String = chars[i + 1..]
            .iter()
            .take_while(|&&l| l != ')' && l != '(')
            .collect();
        let closed = chars.get(i + 1 + inner.chars().count()) == Some(&')');
        let pinyin = !inner.is_empty()
            && inner
                .chars()
                .all(|l| l.is_alphabetic() && !('\u{4E00}'..='\u{9FFF}').contains(&l))
            && !inner.is_ascii();
        if closed && pinyin {
            if c == '(' {
                clean += 1;
            } else {
                damaged += 1;
            }
        }
    }
    (clean, damaged)
}

#[test]
fn the_seed_has_every_gloss_and_doubled_mark_found() {
    let seed = include_str!("../../../tests/fixtures/copyedit/seed.md");
    let findings = check_text(seed, &Rules::all());
    let (clean, damaged) = count_glosses(seed);
    assert_eq!((clean, damaged), (182, 1));
    let glosses: Vec<&Finding> = findings.iter().filter(|f| f.rule == PINYIN_GLOSS).collect();
    assert_eq!(glosses.len(), clean + damaged);
    assert_eq!(
        glosses.iter().filter(|f| f.suggestion.is_none()).count(),
        damaged
    );

    // Doubled marks counted the simple way: two or more of `,，、。;；` in a row, or `?、`.
    let marks = |c: char| matches!(c, ',' | '，' | '、' | '。' | ';' | '；' | '?');
    let chars: Vec<char> = seed.chars().collect();
    let runs = chars
        .iter()
        .enumerate()
        .filter(|&(i, &c)| marks(c) && chars.get(i + 1).copied().is_some_and(marks))
        .filter(|&(i, _)| i == 0 || !marks(chars[i - 1]))
        .count();
    let doubled = findings
        .iter()
        .filter(|f| f.rule == DOUBLED_PUNCTUATION)
        .count();
    assert_eq!(runs, 142 + 97 + 61 + 1);
    assert_eq!(doubled, runs);
}

#[test]
fn the_seed_is_fixed_as_checked_by_hand() {
    let seed = include_str!("../../../tests/fixtures/copyedit/seed.md");
    let expected = include_str!("../../../tests/fixtures/copyedit/seed.fixed.md");
    let (fixed, _) = fix_text(seed, &Rules::all());
    assert_eq!(fixed, expected);

    // What is left for a person: the one damaged passage (`以事?lián)袢?、`), whose lost
    // characters no rule can restore.
    let findings = check_text(&fixed, &Rules::all());
    let errors: Vec<(&str, &str)> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| (f.rule, f.text.as_str()))
        .collect();
    assert_eq!(
        errors,
        vec![(PINYIN_GLOSS, "?lián)"), (DOUBLED_PUNCTUATION, "?、")]
    );
}

#[test]
fn traditional_characters_are_grouped_per_line() {
    let text = "實現目标，選舉實現\n第二行國\n";
    let grouped = group_traditional(text, check_text(text, &Rules::all()));
    let found: Vec<(usize, &str, &str, &str)> = grouped
        .iter()
        .filter(|f| f.rule == TRADITIONAL_CHAR)
        .map(|f| {
            (
                f.line,
                f.text.as_str(),
                f.suggestion.as_deref().unwrap_or_default(),
                f.message.en.as_str(),
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![
            (
                1,
                "實現目标，選舉實現",
                "实现目标，选举实现",
                "6 Traditional characters in Simplified text: 實→实 現→现 選→选 舉→举"
            ),
            (
                2,
                "國",
                "国",
                "Traditional character `國` in Simplified text; use `国`"
            ),
        ]
    );
    // The other findings pass through, in order.
    assert!(
        grouped
            .windows(2)
            .all(|w| w[0].byte_range.start <= w[1].byte_range.start)
    );
}
