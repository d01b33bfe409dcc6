//! The punctuation rules: doubled or clashing marks, half-width marks in Chinese text,
//! unpaired brackets and quotes, and bold text that CommonMark will not render because of
//! the punctuation at its edge.

use std::ops::Range;

use super::scan::Scan;
use super::{
    DOUBLED_PUNCTUATION, EMPHASIS_PUNCTUATION, Finding, HALFWIDTH_PUNCTUATION, UNPAIRED_BRACKET,
};
use crate::cjk::{is_cjk, is_cjk_punctuation};
use crate::diagnostic::Severity;

/// The runs of two or more clashing marks in prose, as char index ranges.
fn clash_runs(scan: &Scan) -> Vec<Range<usize>> {
    let mut runs = Vec::new();
    let mut i = 0;
    while i < scan.len() {
        let in_run = |k: usize| {
            scan.is_prose(k)
                && scan.gloss_at(k).is_none()
                && scan.char(k).is_some_and(is_clash_mark)
        };
        if !in_run(i) {
            i += 1;
            continue;
        }
        let start = i;
        while i < scan.len() && in_run(i) {
            i += 1;
        }
        let marks: Vec<char> = (start..i).filter_map(|k| scan.char(k)).collect();
        let only_emphatic = marks.iter().all(|c| matches!(c, '?' | '!' | '？' | '！'));
        let all_ascii = marks.iter().all(char::is_ascii);
        let beside_chinese = scan.prev_visible(start).is_some_and(is_cjk)
            || scan.next_visible(i - 1).is_some_and(is_cjk);
        if marks.len() >= 2 && !only_emphatic && (!all_ascii || beside_chinese) {
            runs.push(start..i);
        }
    }
    runs
}

/// What a run of clashing marks becomes. Commas are what converters and slips add most
/// often, so a run that holds any other mark drops its commas (`,、`→`、`, `,。`→`。`) and a
/// run of commas becomes one `，`; of the marks left, the strongest stays (`。？！` over `；`
/// over `：` over `、`), and `？！` pairs stay as they are. Three or more `。` were meant as
/// an ellipsis (`……`). A `?`/`!` before a pause mark usually marks a lost character (`?、`),
/// so that run gets no mechanical fix. The mark kept is always full-width.
fn collapse_run(marks: &[char]) -> Option<String> {
    let marks: Vec<char> = marks.iter().copied().map(full_width).collect();
    let emphatic = |c: &char| matches!(c, '？' | '！');
    if let Some(first) = marks.iter().position(emphatic) {
        if marks[first..]
            .iter()
            .any(|c| matches!(c, '、' | '；' | '：'))
        {
            return None;
        }
    }
    if marks.iter().all(|&c| c == '。') && marks.len() >= 3 {
        return Some("……".to_owned());
    }
    let kept: Vec<char> = marks.iter().copied().filter(|&c| c != '，').collect();
    if kept.is_empty() {
        return Some("，".to_owned());
    }
    if kept.iter().all(emphatic) {
        let mut unique = kept.clone();
        unique.dedup();
        return Some(unique.into_iter().collect());
    }
    let rank = |c: char| match c {
        '。' | '？' | '！' => 4,
        '；' => 3,
        '：' => 2,
        _ => 1,
    };
    let best = kept.iter().map(|&c| rank(c)).max().unwrap_or(1);
    kept.into_iter()
        .find(|&c| rank(c) == best)
        .map(|c| c.to_string())
}

/// `doubled-punctuation`: two or more pause or stop marks in a row (`,,` `,、` `。。` `、，`).
pub(super) fn doubled_punctuation(scan: &Scan) -> Vec<Finding> {
    clash_runs(scan)
        .into_iter()
        .map(|run| {
            let marks: Vec<char> = run.clone().filter_map(|k| scan.char(k)).collect();
            let suggestion = collapse_run(&marks);
            let message = match &suggestion {
                Some(kept) => crate::t!(
                    "doubled or clashing punctuation; keep `{kept}`",
                    "标点重复或冲突；应保留“{kept}”"
                ),
                None => crate::messages::Text::both(
                    "a question or exclamation mark before a pause mark: a character was \
                         probably lost here; restore it from the source",
                    "问号或叹号后面紧跟停顿标点：这里可能丢了字；请对照原文恢复",
                ),
            };
            scan.finding(
                DOUBLED_PUNCTUATION,
                Severity::Error,
                run,
                message,
                suggestion,
            )
        })
        .collect()
}

/// `halfwidth-punctuation`: `,;:?!()` in Chinese text, where full-width marks are the rule.
/// Marks inside a clashing run are left to `doubled-punctuation` when that rule is on.
pub(super) fn halfwidth_punctuation(scan: &Scan, skip_runs: bool) -> Vec<Finding> {
    let mut in_run = vec![false; scan.len()];
    if skip_runs {
        for k in clash_runs(scan).into_iter().flatten() {
            in_run[k] = true;
        }
    }
    let eligible = |i: usize| scan.is_prose(i) && scan.gloss_at(i).is_none() && !in_run[i];
    let mut findings = Vec::new();
    let mut open_parens: Vec<usize> = Vec::new();
    let mut paren_pairs: Vec<(Option<usize>, Option<usize>)> = Vec::new();
    for i in 0..scan.len() {
        let Some(c) = scan.char(i) else { continue };
        if c == '\n' {
            paren_pairs.extend(open_parens.drain(..).map(|o| (Some(o), None)));
            continue;
        }
        if !eligible(i) {
            continue;
        }
        match c {
            ',' | ';' | ':' | '?' | '!' => findings.extend(halfwidth_mark(scan, i, c)),
            '.' => findings.extend(halfwidth_stop(scan, i)),
            '(' => open_parens.push(i),
            ')' => paren_pairs.push((open_parens.pop(), Some(i))),
            _ => {}
        }
    }
    paren_pairs.extend(open_parens.drain(..).map(|o| (Some(o), None)));
    for (open, close) in paren_pairs {
        findings.extend(halfwidth_brackets(scan, open, close));
    }
    findings
}

/// The half-width `c` (one of `,;:?!`) at `i`, if it stands in Chinese text: Chinese on one
/// side, and no Latin letter on the other (a mark in an English sentence that quotes
/// Chinese, `风清气正, meaning`, is English punctuation).
fn halfwidth_mark(scan: &Scan, i: usize, c: char) -> Option<Finding> {
    let (prev, next) = (scan.prev_visible(i), scan.next_visible(i));
    // The words on the far side of any spaces.
    let word_after = (i + 1..scan.len())
        .map(|k| scan.char(k))
        .find(|c| *c != Some(' '))
        .flatten();
    let word_before = (0..i)
        .rev()
        .map(|k| scan.char(k))
        .find(|c| *c != Some(' '))
        .flatten();
    let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphabetic());
    let beside = (prev.is_some_and(is_cjk) && !latin(word_after))
        || (next.is_some_and(is_cjk) && !latin(word_before));
    if !beside || in_latin_sentence(scan, i) {
        return None;
    }
    // Full-width marks carry their own spacing: spaces after them go too, unless they run
    // to the end of the line (a Markdown hard break).
    let mut end = i + 1;
    while scan.char(end) == Some(' ') {
        end += 1;
    }
    if matches!(scan.char(end), None | Some('\n' | '\r')) || !scan.is_prose(end) {
        end = i + 1;
    }
    Some(scan.finding(
        HALFWIDTH_PUNCTUATION,
        Severity::Error,
        i..end,
        crate::t!(
            "half-width `{c}` in Chinese text; use `{}`",
            "中文正文中用了半角“{c}”，应为“{}”",
            full_width(c)
        ),
        Some(full_width(c).to_string()),
    ))
}

/// The `.` at `i`, if it is a full stop typed half-width: `年轻.结构`, `更合理.` at a line's
/// end. Not `…..`, a number (`3.5`), an address (`gov.cn`) or an English sentence.
fn halfwidth_stop(scan: &Scan, i: usize) -> Option<Finding> {
    let han = |c: Option<char>| c.is_some_and(crate::cjk::is_han);
    let after = scan.char(i + 1);
    let ends = matches!(after, None | Some('\n' | '\r'));
    let dotted = i > 0 && scan.char(i - 1) == Some('.') || after == Some('.');
    if dotted || !han(scan.prev_visible(i)) || !(ends || han(after)) || in_latin_sentence(scan, i) {
        return None;
    }
    Some(scan.finding(
        HALFWIDTH_PUNCTUATION,
        Severity::Error,
        i..i + 1,
        crate::t!(
            "half-width `.` in Chinese text; use `。`",
            "中文正文中用了半角“.”，应为“。”"
        ),
        Some("。".to_string()),
    ))
}

/// The half-width brackets of a pair (either may be missing on its line), if they hold
/// Chinese or stand beside it; not those of a Latin word (`f(x)`, `Windows(R)`) or of an
/// English sentence.
fn halfwidth_brackets(scan: &Scan, open: Option<usize>, close: Option<usize>) -> Vec<Finding> {
    let holds_chinese = match (open, close) {
        (Some(o), Some(c)) => {
            (o + 1..c).any(|k| scan.gloss_at(k).is_none() && scan.char(k).is_some_and(is_cjk))
        }
        _ => false,
    };
    let after_word = open.is_some_and(|o| {
        o > 0
            && scan.gloss_at(o - 1).is_none()
            && scan
                .char(o - 1)
                .is_some_and(|p| p.is_ascii_alphanumeric() || p == '_')
    });
    if (after_word && !holds_chinese) || open.or(close).is_some_and(|k| in_latin_sentence(scan, k))
    {
        return Vec::new();
    }
    let beside = |k: usize| {
        scan.prev_visible(k).is_some_and(is_cjk) || scan.next_visible(k).is_some_and(is_cjk)
    };
    if !(holds_chinese || open.is_some_and(beside) || close.is_some_and(beside)) {
        return Vec::new();
    }
    [(open, '('), (close, ')')]
        .into_iter()
        .filter_map(|(k, mark)| Some((k?, mark)))
        .map(|(k, mark)| {
            scan.finding(
                HALFWIDTH_PUNCTUATION,
                Severity::Error,
                k..k + 1,
                crate::t!(
                    "half-width `{mark}` in Chinese text; use `{}`",
                    "中文正文中用了半角“{mark}”，应为“{}”",
                    full_width(mark)
                ),
                Some(full_width(mark).to_string()),
            )
        })
        .collect()
}

/// Whether the character at `i` is in a sentence written in Latin script that may quote
/// Chinese (`The motto is 风清气正, meaning …`): at least three Latin words, and at least
/// one for every two Han characters. The sentence runs between sentence-final marks
/// (`。！？`, or `.!?` before a space) or line breaks.
fn in_latin_sentence(scan: &Scan, i: usize) -> bool {
    let ends_sentence = |k: usize| match scan.char(k) {
        Some('\n' | '。' | '！' | '？') => true,
        Some('.' | '!' | '?') => matches!(scan.char(k + 1), None | Some(' ' | '\n' | '\r')),
        _ => false,
    };
    let start = (0..i)
        .rev()
        .find(|&k| ends_sentence(k))
        .map_or(0, |k| k + 1);
    let end = (i + 1..scan.len())
        .find(|&k| ends_sentence(k))
        .unwrap_or(scan.len());
    let mut words = 0usize;
    let mut han = 0usize;
    let mut run = 0usize;
    for k in start..=end {
        let c = if k < end { scan.char(k) } else { None };
        // The names in a `{{ … }}` reference, a URL or code are not words of the sentence.
        let verbatim = scan.region.get(k) == Some(&super::scan::Region::Verbatim);
        if c.is_some_and(|c| c.is_ascii_alphabetic()) && scan.gloss_at(k).is_none() && !verbatim {
            run += 1;
            continue;
        }
        if run >= 2 {
            words += 1;
        }
        run = 0;
        if c.is_some_and(crate::cjk::is_han) {
            han += 1;
        }
    }
    words >= 3 && words * 2 >= han
}

/// `unpaired-bracket`: an opening or closing `“”` `‘’` `（）` `《》` `【】` without its partner
/// in the same paragraph (paragraphs end at blank lines).
pub(super) fn unpaired_bracket(scan: &Scan) -> Vec<Finding> {
    const PAIRS: [(char, char); 5] = [
        ('“', '”'),
        ('‘', '’'),
        ('（', '）'),
        ('《', '》'),
        ('【', '】'),
    ];
    let mut findings = Vec::new();
    let mut open: Vec<Vec<usize>> = vec![Vec::new(); PAIRS.len()];
    let mut line_is_blank = true;
    let flush = |open: &mut Vec<Vec<usize>>, findings: &mut Vec<Finding>| {
        for (kind, stack) in open.iter_mut().enumerate() {
            for k in stack.drain(..) {
                findings.push(unpaired(scan, k, PAIRS[kind].1));
            }
        }
    };
    for i in 0..scan.len() {
        let Some(c) = scan.char(i) else { continue };
        if c == '\n' {
            if line_is_blank {
                flush(&mut open, &mut findings);
            }
            line_is_blank = true;
            continue;
        }
        if !c.is_whitespace() {
            line_is_blank = false;
        }
        if !scan.is_prose(i) {
            continue;
        }
        // An apostrophe in English (don’t) is not a closing quote.
        let apostrophe = c == '’'
            && i > 0
            && scan.char(i - 1).is_some_and(|p| p.is_ascii_alphanumeric())
            && scan.char(i + 1).is_some_and(|n| n.is_ascii_alphanumeric());
        if apostrophe {
            continue;
        }
        for (kind, &(opener, closer)) in PAIRS.iter().enumerate() {
            if c == opener {
                open[kind].push(i);
            } else if c == closer && open[kind].pop().is_none() {
                findings.push(unpaired(scan, i, opener));
            }
        }
    }
    flush(&mut open, &mut findings);
    findings
}

fn unpaired(scan: &Scan, i: usize, partner: char) -> Finding {
    let mark = scan.char(i).unwrap_or(' ');
    scan.finding(
        UNPAIRED_BRACKET,
        Severity::Warning,
        i..i + 1,
        crate::t!(
            "`{mark}` has no matching `{partner}` in this paragraph",
            "“{mark}”在本段中没有对应的“{partner}”"
        ),
        None,
    )
}

/// `emphasis-punctuation`: `**…!**` touching a character outside, which plain CommonMark's
/// flanking rules do not render as bold. Pairs whose inside starts or ends with CJK
/// punctuation (`**…。**`, `**“…”**`) are left alone: they are the usual style of Chinese
/// news copy. (qingfeng's renderer follows the CJK-friendly amendments, `markdown::emphasis`,
/// and bolds the pairs this rule reports too; the rule keeps plain CommonMark's view.)
pub(super) fn emphasis_punctuation(scan: &Scan) -> Vec<Finding> {
    let mut delimiters = Vec::new();
    let mut i = 0;
    while i < scan.len() {
        if !scan.is_prose(i) || scan.char(i) != Some('*') {
            i += 1;
            continue;
        }
        let run = (i..scan.len())
            .take_while(|&k| scan.char(k) == Some('*'))
            .count();
        if run == 2 {
            delimiters.push(i);
        }
        i += run;
    }
    let flanked_by_text =
        |c: Option<char>| c.is_some_and(|c| !c.is_whitespace() && !is_punctuation(c));
    let mut findings = Vec::new();
    // Pair the delimiters in order, within a paragraph: a stray `**` does not pair
    // across a blank line and shift every later pair.
    let mut pairs = Vec::new();
    let mut pending: Option<usize> = None;
    for delimiter in delimiters {
        match pending.take() {
            Some(open) => {
                let inner = scan
                    .text
                    .get(scan.byte(open + 2)..scan.byte(delimiter))
                    .unwrap_or_default();
                if inner.contains("\n\n") || inner.contains("\n\r\n") {
                    pending = Some(delimiter);
                } else {
                    pairs.push((open, delimiter));
                }
            }
            None => pending = Some(delimiter),
        }
    }
    for (open, close) in pairs {
        let before = open.checked_sub(1).and_then(|k| scan.char(k));
        let after = scan.char(close + 2);
        let open_fails = scan.char(open + 2).is_some_and(is_punctuation) && flanked_by_text(before);
        let close_fails = close
            .checked_sub(1)
            .and_then(|k| scan.char(k))
            .is_some_and(is_punctuation)
            && flanked_by_text(after);
        let inner: Vec<char> = (open + 2..close).filter_map(|k| scan.char(k)).collect();
        let rescued = !inner.first().is_some_and(|c| c.is_whitespace())
            && !inner.last().is_some_and(|c| c.is_whitespace())
            && (inner.first().is_some_and(|&c| is_cjk_punctuation(c))
                || inner.last().is_some_and(|&c| is_cjk_punctuation(c)));
        if (open_fails || close_fails) && !rescued {
            findings.push(
                scan.finding(
                    EMPHASIS_PUNCTUATION,
                    Severity::Warning,
                    open..close + 2,
                    crate::messages::Text::both(
                        "bold text that starts or ends with punctuation and touches a character \
                 outside: CommonMark will not render it bold; move the punctuation outside \
                 the `**` or add a space",
                        "加粗文字以标点开头或结尾，又紧挨着外面的字：Markdown 不会把它显示为加粗；请把标点移到 `**` 外面，或加一个空格",
                    ),
                    None,
                ),
            );
        }
    }
    findings
}

/// Punctuation as CommonMark's flanking rules see it (ASCII or Unicode punctuation).
fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(c,
            '\u{2010}'..='\u{2027}'
            | '\u{2030}'..='\u{205E}'
            | '\u{3001}'..='\u{3003}'
            | '\u{3008}'..='\u{3011}'
            | '\u{3014}'..='\u{301F}'
            | '\u{FF01}'..='\u{FF0F}'
            | '\u{FF1A}'..='\u{FF20}'
            | '\u{FF3B}'..='\u{FF40}'
            | '\u{FF5B}'..='\u{FF65}')
}

/// The pause and stop marks that can clash when doubled.
fn is_clash_mark(c: char) -> bool {
    matches!(
        c,
        ',' | '，' | '、' | '。' | ';' | '；' | ':' | '：' | '?' | '？' | '!' | '！'
    )
}

fn full_width(c: char) -> char {
    match c {
        ',' => '，',
        ';' => '；',
        ':' => '：',
        '?' => '？',
        '!' => '！',
        '(' => '（',
        ')' => '）',
        other => other,
    }
}
