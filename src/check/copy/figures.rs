//! Rules `share-mismatch`, `figure-mismatch` and `hand-typed-figure`: a number printed in
//! prose is attributed to the figure its sentence names, and compared with that figure in
//! the page's scope (the county of a county page, the city of an article, or a region the
//! sentence names).
//!
//! Attribution is deliberately narrow, because a gate that cries wolf gets switched off: a
//! number belongs to a label (女干部, 大专以上学历, …) only when the words between them are
//! linking words (的, 占, 共, 其中, 比上届提高, …) or one other figure of the same label
//! (`女干部5名，占14.7%`); to a label right after it (`3名女干部`); and a number that could
//! be one of several of the label's figures (the count, a sub-count, a sub-share, the
//! previous term's value, the highest or lowest region's share) is right when it equals
//! any of them. A number qingfeng cannot attribute is not a finding.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use super::scan::{Region, Scan};
use super::{FIGURE_MISMATCH, Finding, HAND_TYPED_FIGURE, SHARE_MISMATCH};
use crate::check::traditional;
use crate::diagnostic::Severity;

/// What a printed number measures, from the unit written after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `5名`, `17个`: people or divisions.
    Count,
    /// `14.7%`.
    Percent,
    /// `2.9个百分点`: a change of a share.
    Points,
    /// `47.5岁`.
    Years,
}

/// A figure's value, exactly as qingfeng knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exact {
    /// A whole number.
    Whole(i64),
    /// Tenths, as published (an average age, a change in points or years).
    Tenths(i64),
    /// A share: count of whole, in percent.
    Ratio(u64, u64),
}

impl Exact {
    /// A count, as a whole number.
    pub fn whole(n: u64) -> Exact {
        Exact::Whole(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

/// Which of a label's figures a fact is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Term {
    /// This term's figure that the label names first (女干部 → the number of women).
    Main,
    /// Another figure of this term (女干部中党政正职, 女干部占党政班子的比例).
    Related,
    /// The previous term's value.
    Previous,
    /// The change against the previous term.
    Change,
    /// The highest or lowest of the region's children.
    Extreme,
}

/// One figure prose may print beside a label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    /// The label group it belongs to, one of [`topic`].
    pub topic: &'static str,
    /// What it measures.
    pub kind: Kind,
    /// Its value.
    pub exact: Exact,
    /// Which of the label's figures it is.
    pub term: Term,
    /// Its path in a summary object when a `{{ … }}` reference prints it (`shares.women`).
    pub path: Option<&'static str>,
    /// What it is, for messages: `女干部 5 / 班子成员 34`.
    pub about: String,
}

/// The figures of one region, and how prose names the region.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegionFigures {
    /// Its name (尧都区).
    pub name: String,
    /// How a sentence names it (尧都区, 尧都).
    pub spellings: Vec<String>,
    /// Its figures.
    pub facts: Vec<Fact>,
}

/// How prose names regions: each spelling by its first character, with the region's index.
#[derive(Debug, Clone, Default)]
pub struct RegionNames(HashMap<char, Vec<(Vec<char>, usize)>>);

impl RegionNames {
    /// The names of `regions`, indexed by their position in the slice.
    pub fn of(regions: &[RegionFigures]) -> RegionNames {
        let mut map: HashMap<char, Vec<(Vec<char>, usize)>> = HashMap::new();
        for (index, region) in regions.iter().enumerate() {
            for spelling in &region.spellings {
                let chars: Vec<char> = spelling.chars().collect();
                if let Some(&first) = chars.first() {
                    map.entry(first).or_default().push((chars, index));
                }
            }
        }
        RegionNames(map)
    }
}

/// The figures a text is checked against.
#[derive(Debug, Clone, Copy)]
pub struct ProseScope<'a> {
    /// Every region a sentence may name.
    pub regions: &'a [RegionFigures],
    /// Their names.
    pub names: &'a RegionNames,
    /// The page's own region (an index into `regions`) and the reference root that prints
    /// its figures (`county`, `city`).
    pub own: Option<(usize, &'static str)>,
    /// The region `{{ city.… }}` prints, when it is not the page's own.
    pub city: Option<usize>,
    /// Whether hand-typed figures are reported (Markdown, where a reference can replace
    /// them).
    pub hand_typed: bool,
}

impl ProseScope<'_> {
    /// The reference root that prints the figures of region `index` on this page.
    fn root(&self, index: usize) -> Option<&'static str> {
        match self.own {
            Some((own, root)) if own == index => Some(root),
            _ => (self.city == Some(index)).then_some("city"),
        }
    }
}

/// The label groups.
pub mod topic {
    #![allow(missing_docs)]
    pub const MEMBERS: &str = "members";
    pub const COLLEGE: &str = "college_or_above";
    pub const POSTGRADUATE: &str = "postgraduate";
    pub const UNDERGRADUATE: &str = "undergraduate";
    pub const WOMEN: &str = "women";
    pub const NON_PARTY: &str = "non_party";
    pub const TOWNSHIP: &str = "township_principal_experience";
    pub const YOUNG: &str = "young";
    pub const AVERAGE_AGE: &str = "average_age";
    pub const YOUNGEST: &str = "youngest";
    pub const PROMOTED: &str = "promoted";
    pub const LOCAL: &str = "local_cadres";
    pub const PARTY_GOVERNMENT: &str = "party_government_team";
    pub const ETHNIC: &str = "ethnic_minority";
    pub const GRASSROOTS: &str = "grassroots_experience";
    pub const AGRICULTURAL: &str = "agricultural_experts";
    pub const DIVISIONS: &str = "divisions";
    pub const POVERTY: &str = "national_poverty_counties";
}

/// How prose names each group of figures (Simplified; the text is simplified first).
/// Longer spellings win where several start at the same place.
const LABELS: &[(&str, &[&str])] = &[
    (topic::MEMBERS, &["领导班子成员", "班子成员"]),
    (
        topic::COLLEGE,
        &["大专以上学历", "大专及以上学历", "大专以上文化程度"],
    ),
    (topic::POSTGRADUATE, &["研究生学历"]),
    (topic::UNDERGRADUATE, &["大学本科学历", "本科学历"]),
    (topic::WOMEN, &["女干部", "女性干部", "女性成员"]),
    (topic::NON_PARTY, &["党外干部"]),
    (
        topic::TOWNSHIP,
        &[
            "乡镇党政正职经历",
            "乡镇党政正职工作经历",
            "乡镇党政正职经验",
        ],
    ),
    (topic::YOUNG, &["年轻干部", "42岁以下"]),
    (topic::AVERAGE_AGE, &["平均年龄"]),
    (topic::YOUNGEST, &["年龄最小", "最年轻"]),
    (topic::PROMOTED, &["提拔干部", "提拔重用", "提拔"]),
    (topic::LOCAL, &["本地干部"]),
    (topic::PARTY_GOVERNMENT, &["党政班子"]),
    (topic::ETHNIC, &["少数民族干部", "少数民族"]),
    (topic::GRASSROOTS, &["基层工作经历", "基层经历"]),
    (
        topic::AGRICULTURAL,
        &["“三农”专家", "\"三农\"专家", "三农专家"],
    ),
    (topic::DIVISIONS, &["县（市、区）", "县(市、区)"]),
    (topic::POVERTY, &["国定贫困县", "国家级贫困县", "贫困县"]),
];

/// Labels that name a figure only right after it: `25名成员`.
const LABELS_AFTER_NUMBER: &[(&str, &[&str])] = &[(topic::MEMBERS, &["成员"])];

/// Words that may stand between a label and its number without changing what the number
/// is (longest first when matched).
const LINKING: &[&str] = &[
    "的",
    "中",
    "其中",
    "共",
    "共有",
    "有",
    "为",
    "是",
    "达",
    "达到",
    "计",
    "合计",
    "占",
    "占比",
    "比例",
    "比重",
    "所占比例",
    "干部",
    "人员",
    "成员",
    "同志",
    "人数",
    "总数",
    "数",
    "提高到",
    "提高至",
    "上升到",
    "上升至",
    "增加到",
    "增加至",
    "增至",
    "降至",
    "降到",
    "降为",
    "下降到",
    "下降至",
    "减少到",
    "减至",
    "由",
    "从",
    "上届",
    "上一届",
    "本届",
    "新一届",
    "此前",
    "约",
    "提高",
    "上升",
    "增加",
    "增长",
    "下降",
    "降低",
    "减少",
    "比",
    "较",
    "同比",
    "县级",
    "党政正职",
    "正职",
    "担任",
    "名",
    "人",
    "位",
    "最高",
    "最低",
    "最多",
    "最少",
    "最大",
    "最小",
    "年龄",
    "平均",
    "已",
    "仅",
    "只有",
    "均",
    "了",
    "在",
    "里",
    "当中",
    "之中",
];

/// Units that make a number a count.
const COUNT_UNITS: &[char] = &['名', '人', '位', '个'];

/// Stands for a `{{ … }}` reference in the letters: it prints a figure.
const REFERENCE: char = '\u{FFFC}';

/// The three figure rules over `text`, against `scope`.
pub fn check_figures(text: &str, scope: &ProseScope<'_>) -> Vec<Finding> {
    figures_in(&super::scan_text(text), scope)
}

/// The three figure rules over a scanned text, against `scope`.
pub(super) fn figures_in(scan: &Scan<'_>, scope: &ProseScope<'_>) -> Vec<Finding> {
    let letters = Letters::of(scan);
    let mut findings = Vec::new();
    let mut start = 0;
    // The region the paragraph last named: the scope of its later sentences.
    let mut paragraph: Option<Named> = None;
    for end in (0..=letters.chars.len())
        .filter(|&i| letters.chars.get(i).is_none_or(|&c| is_sentence_end(c)))
    {
        if start == end && letters.chars.get(end) == Some(&'\n') {
            paragraph = None; // a blank line
        }
        check_sentence(
            scan,
            &letters,
            start..end,
            scope,
            &mut paragraph,
            &mut findings,
        );
        start = end + 1;
    }
    findings.sort_by_key(|f| f.byte_range.start);
    findings.dedup_by_key(|f| f.byte_range.clone());
    findings
}

/// The prose as a reader sees it: glosses dropped, Traditional characters simplified, each
/// `{{ … }}` reference one [`REFERENCE`]; with each letter's char index in the scan.
struct Letters {
    chars: Vec<char>,
    at: Vec<usize>,
}

impl Letters {
    fn of(scan: &Scan<'_>) -> Letters {
        let mut chars = Vec::with_capacity(scan.len());
        let mut at = Vec::with_capacity(scan.len());
        let mut i = 0;
        while i < scan.len() {
            match scan.region[i] {
                Region::Prose if scan.gloss_at(i).is_none() => {
                    let c = scan.chars[i].1;
                    chars.push(traditional::simplified(c).unwrap_or(c));
                    at.push(i);
                }
                Region::Verbatim if scan.text[scan.byte(i)..].starts_with("{{") => {
                    chars.push(REFERENCE);
                    at.push(i);
                    while i + 1 < scan.len() && scan.region[i + 1] == Region::Verbatim {
                        i += 1;
                    }
                }
                _ => {}
            }
            i += 1;
        }
        Letters { chars, at }
    }
}

/// A label, a region's name or a number found in a sentence (letter indices).
#[derive(Debug, Clone)]
enum Token {
    Label {
        topic: &'static str,
        span: Range<usize>,
        after_number_only: bool,
    },
    Region {
        index: usize,
        span: Range<usize>,
    },
    Number(Number),
}

/// A number as printed.
#[derive(Debug, Clone)]
struct Number {
    /// Its digits without the point or separators, as a number.
    scaled: u128,
    decimals: u32,
    kind: Option<Kind>,
    /// The digits (and `%`) a reference would replace.
    span: Range<usize>,
    /// The number and its unit.
    with_unit: Range<usize>,
    /// Whether it is a `{{ … }}` reference (never a finding itself).
    reference: bool,
}

/// A region a sentence names: one of the scope's, or one qingfeng does not know (甲县).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Named {
    Known(usize),
    Unknown,
}

fn check_sentence(
    scan: &Scan<'_>,
    letters: &Letters,
    sentence: Range<usize>,
    scope: &ProseScope<'_>,
    paragraph: &mut Option<Named>,
    findings: &mut Vec<Finding>,
) {
    let tokens = tokenize(&letters.chars, sentence.clone(), scope.names);
    let unknown = names_unknown_region(&letters.chars, &tokens, sentence.clone());
    let earlier = *paragraph;
    // A county carries over to the paragraph's later sentences (`隰县是梨乡。新班子中…`);
    // the city (`是全市最高的`) and the page's own region do not.
    let carried = tokens.iter().rev().find_map(|t| match t {
        Token::Region { index, .. }
            if scope.city != Some(*index) && scope.own.map(|(o, _)| o) != Some(*index) =>
        {
            Some(*index)
        }
        _ => None,
    });
    if let Some(index) = carried {
        *paragraph = Some(Named::Known(index));
    } else if unknown {
        *paragraph = Some(Named::Unknown);
    }
    for (n, token) in tokens.iter().enumerate() {
        let Token::Number(number) = token else {
            continue;
        };
        let (Some(kind), false) = (number.kind, number.reference) else {
            continue;
        };
        let Some((topic, label_at)) = attribute(&tokens, n, &letters.chars) else {
            continue;
        };
        // The region: the nearest one named before the label, else the page's own.
        let named = tokens[..label_at].iter().rev().find_map(|t| match t {
            Token::Region { index, span } => Some((*index, span.start)),
            _ => None,
        });
        let index = match named {
            // `占全市女干部的8.1%`: a share of another region's figure.
            Some((_, at)) if at > 0 && letters.chars[at - 1] == '占' => continue,
            Some((index, _)) => index,
            // 甲县, 某区: a region qingfeng does not know; its figures are not in scope.
            None if unknown => continue,
            // Else the region an earlier sentence of the paragraph named, or the page's own.
            None => match (earlier, scope.own) {
                (Some(Named::Known(index)), _) => index,
                (Some(Named::Unknown), _) | (None, None) => continue,
                (None, Some((own, _))) => own,
            },
        };
        let (Some(region), root) = (scope.regions.get(index), scope.root(index)) else {
            continue;
        };
        let candidates: Vec<&Fact> = region
            .facts
            .iter()
            .filter(|f| f.topic == topic && f.kind == kind)
            .collect();
        if candidates.is_empty() {
            continue;
        }
        let printed = printed_text(&letters.chars, &number.with_unit);
        let matching: Vec<&Fact> = candidates
            .iter()
            .copied()
            .filter(|f| matches(number, f.exact))
            .collect();
        let chars = letters.at[number.span.start]..letters.at[number.span.end - 1] + 1;
        let label = match &tokens[label_at] {
            Token::Label { span, .. } => printed_text(&letters.chars, span),
            _ => String::new(),
        };
        if matching.is_empty() {
            let said = (&printed[..], &label[..]);
            findings.push(mismatch(scan, chars, number, said, region, &candidates));
        } else if scope.hand_typed
            && let Some(finding) = hand_typed(scan, chars, number, &printed, &matching, root)
        {
            findings.push(finding);
        }
    }
}

/// Whether the sentence begins a clause with a region qingfeng does not know: one to three
/// Han characters and 县, 区 or 旗 (`甲县新一届…`, `，某区…`) that is not one of its regions.
fn names_unknown_region(chars: &[char], tokens: &[Token], sentence: Range<usize>) -> bool {
    const NOT_A_NAME: &[char] = &[
        '各', '全', '本', '该', '每', '邻', '外', '个', '市', '一', '两', '三', '十', '分', '县',
        '区', '城', '社', '辖', '新', '老',
    ];
    // Inside a region's name or a label (`县（市、区）`): not an unknown name.
    let known = |i: usize| {
        tokens.iter().any(|t| match t {
            Token::Region { span, .. } | Token::Label { span, .. } => span.contains(&i),
            Token::Number(_) => false,
        })
    };
    let clause_start = |i: usize| {
        i == sentence.start
            || matches!(
                chars[i - 1],
                '，' | ',' | '：' | ':' | '、' | '“' | '（' | '(' | ' ' | '在' | '从' | '与' | '和'
            )
    };
    (sentence.start..sentence.end).any(|i| {
        if !matches!(chars[i], '县' | '区' | '旗') || known(i) {
            return false;
        }
        (1..=3).any(|len| {
            i >= sentence.start + len
                && clause_start(i - len)
                && chars[i - len..i]
                    .iter()
                    .all(|&c| crate::cjk::is_han(c) && !NOT_A_NAME.contains(&c))
        })
    })
}

fn tokenize(chars: &[char], sentence: Range<usize>, names: &RegionNames) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut i = sentence.start;
    while i < sentence.end {
        if let Some(token) = longest_name(chars, i, sentence.end, names) {
            i = match &token {
                Token::Label { span, .. } | Token::Region { span, .. } => span.end,
                Token::Number(_) => i + 1,
            };
            tokens.push(token);
            continue;
        }
        if chars[i].is_ascii_digit() || chars[i] == REFERENCE {
            let number = number_at(chars, i, sentence.end);
            i = number.with_unit.end.max(i + 1);
            tokens.push(Token::Number(number));
            continue;
        }
        i += 1;
    }
    tokens
}

/// A label's spelling: its group, and whether it names a figure only right after it.
type LabelSpelling = (Vec<char>, &'static str, bool);

/// Every label spelling, by first character.
fn label_index() -> &'static HashMap<char, Vec<LabelSpelling>> {
    static INDEX: OnceLock<HashMap<char, Vec<LabelSpelling>>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut map: HashMap<char, Vec<LabelSpelling>> = HashMap::new();
        for (only_after, table) in [(false, LABELS), (true, LABELS_AFTER_NUMBER)] {
            for (topic, spellings) in table {
                for spelling in *spellings {
                    let chars: Vec<char> = spelling.chars().collect();
                    if let Some(&first) = chars.first() {
                        map.entry(first)
                            .or_default()
                            .push((chars, topic, only_after));
                    }
                }
            }
        }
        map
    })
}

/// The longest label or region name starting at `i` (a label where both are as long).
fn longest_name(chars: &[char], i: usize, end: usize, names: &RegionNames) -> Option<Token> {
    let first = chars[i];
    let fits =
        |spelling: &[char]| i + spelling.len() <= end && chars[i..i + spelling.len()] == *spelling;
    let mut best: Option<(usize, Token)> = None;
    for (spelling, topic, only_after) in label_index().get(&first).into_iter().flatten() {
        if fits(spelling) && best.as_ref().is_none_or(|(l, _)| spelling.len() > *l) {
            let token = Token::Label {
                topic,
                span: i..i + spelling.len(),
                after_number_only: *only_after,
            };
            best = Some((spelling.len(), token));
        }
    }
    for (spelling, index) in names.0.get(&first).into_iter().flatten() {
        if fits(spelling) && best.as_ref().is_none_or(|(l, _)| spelling.len() > *l) {
            let token = Token::Region {
                index: *index,
                span: i..i + spelling.len(),
            };
            best = Some((spelling.len(), token));
        }
    }
    best.map(|(_, token)| token)
}

fn number_at(chars: &[char], start: usize, end: usize) -> Number {
    if chars[start] == REFERENCE {
        let kind_end = unit_end(chars, start + 1, end);
        return Number {
            scaled: 0,
            decimals: 0,
            kind: kind_end.map(|(k, _)| k),
            span: start..start + 1,
            with_unit: start..kind_end.map_or(start + 1, |(_, e)| e),
            reference: true,
        };
    }
    let mut i = start;
    let mut digits = String::new();
    let mut decimals = 0u32;
    let mut point = false;
    while i < end {
        let c = chars[i];
        if c.is_ascii_digit() {
            digits.push(c);
            if point {
                decimals += 1;
            }
        } else if c == '.'
            && !point
            && chars.get(i + 1).is_some_and(char::is_ascii_digit)
            && i + 1 < end
        {
            point = true;
        } else if c == ','
            && !point
            && chars
                .get(i + 1..i + 4)
                .is_some_and(|d| d.iter().all(char::is_ascii_digit) && i + 4 <= end)
            && !chars.get(i + 4).is_some_and(char::is_ascii_digit)
        {
            // A thousands separator: `1,137`.
        } else {
            break;
        }
        i += 1;
    }
    let digits_end = i;
    let unit = unit_end(chars, digits_end, end);
    // An age bracket (`40岁左右`, `42岁以下`) or a range (`36至40岁`) names no figure.
    let bracket = |from: usize| {
        let rest: String = chars[from..end.min(from + 3)].iter().collect();
        [
            "左右",
            "以下",
            "以上",
            "及以下",
            "及以上",
            "至",
            "到",
            "-",
            "—",
            "～",
            "~",
        ]
        .iter()
        .any(|w| rest.starts_with(w))
    };
    let after_range = start > 0 && matches!(chars[start - 1], '至' | '到' | '-' | '—' | '～' | '~');
    let kind = match unit {
        Some((Kind::Years, e)) if bracket(e) => None,
        Some((kind, _)) if bracket(digits_end) || after_range => {
            (kind == Kind::Percent || kind == Kind::Points).then_some(kind)
        }
        Some((kind, _)) => Some(kind),
        None => None,
    };
    let span_end = match unit {
        Some((Kind::Percent, e)) => e,
        _ => digits_end,
    };
    Number {
        scaled: if digits.len() > 30 {
            u128::MAX
        } else {
            digits.parse().unwrap_or(u128::MAX)
        },
        decimals,
        kind,
        span: start..span_end,
        with_unit: start..unit.map_or(digits_end, |(_, e)| e),
        reference: false,
    }
}

/// The unit after a number at `i`, and where it ends.
fn unit_end(chars: &[char], i: usize, end: usize) -> Option<(Kind, usize)> {
    let at = |k: usize| chars.get(k).copied().filter(|_| k < end);
    match at(i)? {
        '%' | '％' => Some((Kind::Percent, i + 1)),
        '岁' => Some((Kind::Years, i + 1)),
        '个' if at(i + 1) == Some('百') && at(i + 2) == Some('分') && at(i + 3) == Some('点') => {
            Some((Kind::Points, i + 4))
        }
        c if COUNT_UNITS.contains(&c) => Some((Kind::Count, i + 1)),
        _ => None,
    }
}

/// The label a number belongs to, and its token index: the label right before it
/// (`党政班子14名`), else a label right after a count (`3名女干部`), else the nearest label
/// before it with only linking words and at most two of its other figures between.
fn attribute(tokens: &[Token], n: usize, chars: &[char]) -> Option<(&'static str, usize)> {
    let Token::Number(number) = &tokens[n] else {
        return None;
    };
    if n > 0
        && let Token::Label {
            topic,
            span,
            after_number_only: false,
        } = &tokens[n - 1]
        && span.end == number.with_unit.start
    {
        return Some((topic, n - 1));
    }
    if number.kind == Some(Kind::Count)
        && let Some(Token::Label { topic, span, .. }) = tokens.get(n + 1)
    {
        let gap = &chars[number.with_unit.end..span.start];
        if gap.is_empty() || gap == ['的'] {
            return Some((topic, n + 1));
        }
    }
    let mut numbers_between = 0;
    for k in (0..n).rev() {
        match &tokens[k] {
            Token::Number(between) => {
                numbers_between += 1;
                if numbers_between > 2 || between.kind.is_none() {
                    return None;
                }
            }
            Token::Region { .. } => return None,
            Token::Label {
                topic,
                span,
                after_number_only,
            } => {
                if *after_number_only {
                    return None;
                }
                return links_only(chars, span.end, number.span.start, &tokens[k + 1..n])
                    .then_some((*topic, k));
            }
        }
    }
    None
}

/// Whether the letters `from..to` are linking words, punctuation and the numbers (with
/// their units) of `between`.
fn links_only(chars: &[char], from: usize, to: usize, between: &[Token]) -> bool {
    let mut i = from;
    while i < to {
        if let Some(Token::Number(number)) = between.iter().find(|t| match t {
            Token::Number(number) => number.with_unit.start == i,
            _ => false,
        }) {
            i = number.with_unit.end.max(i + 1);
            continue;
        }
        if matches!(chars[i], '，' | ',' | '、' | '：' | ':' | ' ' | '“' | '”') {
            i += 1;
            continue;
        }
        let longest = LINKING
            .iter()
            .filter_map(|w| {
                let len = w.chars().count();
                (i + len <= to && w.chars().eq(chars[i..i + len].iter().copied())).then_some(len)
            })
            .max();
        match longest {
            Some(len) => i += len,
            None => return false,
        }
    }
    true
}

/// Whether the printed number is `exact` at the printed precision (changes by their size).
fn matches(number: &Number, exact: Exact) -> bool {
    let Some(scale) = 10u128.checked_pow(number.decimals) else {
        return false;
    };
    match exact {
        Exact::Whole(n) => u128::from(n.unsigned_abs()).checked_mul(scale) == Some(number.scaled),
        Exact::Tenths(t) => {
            let t = u128::from(t.unsigned_abs());
            match number.decimals {
                0 => (t + 5) / 10 == number.scaled,
                d => t.checked_mul(10u128.pow(d - 1)) == Some(number.scaled),
            }
        }
        Exact::Ratio(count, whole) => {
            share_at(count, whole, number.decimals) == Some(number.scaled)
        }
    }
}

/// `count / whole × 100` at `decimals` places, rounded half up, scaled to a whole number.
fn share_at(count: u64, whole: u64, decimals: u32) -> Option<u128> {
    if whole == 0 || decimals > 6 {
        return None;
    }
    let numerator = u128::from(count) * 100 * 10u128.pow(decimals);
    let whole = u128::from(whole);
    let mut quotient = numerator / whole;
    if 2 * (numerator % whole) >= whole {
        quotient += 1;
    }
    Some(quotient)
}

/// `exact` written at `decimals` places, as prose would print it.
fn written(exact: Exact, kind: Kind, decimals: u32) -> Option<String> {
    let scaled = match exact {
        Exact::Ratio(count, whole) => share_at(count, whole, decimals)?,
        Exact::Whole(n) => u128::from(n.unsigned_abs()) * 10u128.checked_pow(decimals)?,
        Exact::Tenths(t) => {
            let t = u128::from(t.unsigned_abs());
            match decimals {
                0 => (t + 5) / 10,
                d => t * 10u128.checked_pow(d - 1)?,
            }
        }
    };
    let digits = format!("{scaled:0>width$}", width = decimals as usize + 1);
    let (whole, fraction) = digits.split_at(digits.len() - decimals as usize);
    let number = if decimals == 0 {
        whole.to_owned()
    } else {
        format!("{whole}.{fraction}")
    };
    Some(match kind {
        Kind::Percent => format!("{number}%"),
        _ => number,
    })
}

fn mismatch(
    scan: &Scan<'_>,
    chars: Range<usize>,
    number: &Number,
    (printed, label): (&str, &str),
    region: &RegionFigures,
    candidates: &[&Fact],
) -> Finding {
    let kind = number.kind.unwrap_or(Kind::Count);
    let rule = match kind {
        Kind::Percent | Kind::Points => SHARE_MISMATCH,
        Kind::Count | Kind::Years => FIGURE_MISMATCH,
    };
    let main = candidates.iter().find(|f| f.term == Term::Main);
    let suggestion = main.and_then(|f| written(f.exact, kind, number.decimals));
    let listed: Vec<String> = candidates
        .iter()
        .take(4)
        .filter_map(|f| {
            let value = written(f.exact, kind, number.decimals)?;
            Some(format!("{} = {value}", f.about))
        })
        .collect();
    let message = crate::t!(
        "{printed} beside “{label}” is none of {}'s figures it can mean: {}",
        "“{label}”旁的 {printed} 与{}的数据都对不上：{}",
        region.name,
        listed.join("; ")
    );
    // The suggestion replaces the digits (and `%`) only.
    let suggestion = suggestion.map(|s| match kind {
        Kind::Percent => s,
        _ => s.trim_end_matches('%').to_owned(),
    });
    scan.finding(rule, Severity::Error, chars, message, suggestion)
}

fn hand_typed(
    scan: &Scan<'_>,
    chars: Range<usize>,
    number: &Number,
    printed: &str,
    matching: &[&Fact],
    root: Option<&'static str>,
) -> Option<Finding> {
    let root = root?;
    let mut referenced: Vec<&Fact> = matching
        .iter()
        .copied()
        .filter(|f| f.path.is_some())
        .collect();
    referenced.dedup_by_key(|f| f.path);
    let first = referenced.first()?;
    let path = first.path?;
    let reference = format!("{{{{ {root}.{path} }}}}");
    // A reference prints counts whole, ages and shares with one decimal, changes in words:
    // replacing is safe only where it prints what the prose printed.
    let replaces = referenced.len() == 1
        && first.term != Term::Change
        && matches!(
            (first.exact, number.decimals),
            (Exact::Whole(_), 0) | (Exact::Tenths(_) | Exact::Ratio(..), 1)
        );
    let message = if referenced.len() == 1 {
        crate::t!(
            "hand-typed figure {printed} ({}): write `{reference}` so that it follows the data",
            "手工输入的数字 {printed}（{}）：建议改为 `{reference}`，使它随数据更新",
            first.about
        )
    } else {
        let options: Vec<String> = referenced
            .iter()
            .filter_map(|f| Some(format!("`{{{{ {root}.{} }}}}`", f.path?)))
            .collect();
        crate::t!(
            "hand-typed figure {printed}: it could be any of {}; write the one meant so that it follows the data",
            "手工输入的数字 {printed}：可能是 {} 中的任何一个；请写出所指的那个，使它随数据更新",
            options.join(", ")
        )
    };
    Some(scan.finding(
        HAND_TYPED_FIGURE,
        Severity::Warning,
        chars,
        message,
        replaces.then_some(reference),
    ))
}

fn printed_text(chars: &[char], span: &Range<usize>) -> String {
    chars[span.clone()].iter().collect()
}

fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | ';' | '!' | '?' | '\n')
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    fn fact(
        topic: &'static str,
        kind: Kind,
        exact: Exact,
        term: Term,
        path: Option<&'static str>,
    ) -> Fact {
        Fact {
            topic,
            kind,
            exact,
            term,
            path,
            about: topic.to_string(),
        }
    }

    /// The city of the seed article: 445 members, 62 women (3 of them principals), 441 with
    /// college or above, 169 with township experience (8 of the principals).
    pub(in crate::check::copy) fn seed_city() -> RegionFigures {
        use Exact::{Ratio, Tenths, Whole};
        use Kind::{Count, Percent, Points, Years};
        RegionFigures {
            name: "临汾市".into(),
            spellings: vec!["临汾市".into(), "全市".into()],
            facts: vec![
                fact(
                    topic::MEMBERS,
                    Count,
                    Whole(445),
                    Term::Main,
                    Some("members"),
                ),
                fact(topic::WOMEN, Count, Whole(62), Term::Main, Some("women")),
                fact(
                    topic::WOMEN,
                    Percent,
                    Ratio(62, 445),
                    Term::Main,
                    Some("shares.women"),
                ),
                fact(
                    topic::WOMEN,
                    Count,
                    Whole(3),
                    Term::Related,
                    Some("women_principal"),
                ),
                fact(topic::WOMEN, Percent, Ratio(3, 62), Term::Related, None),
                fact(topic::WOMEN, Percent, Ratio(42, 440), Term::Previous, None),
                fact(
                    topic::WOMEN,
                    Points,
                    Tenths(29),
                    Term::Change,
                    Some("changes.women_share"),
                ),
                fact(
                    topic::COLLEGE,
                    Count,
                    Whole(441),
                    Term::Main,
                    Some("college_or_above"),
                ),
                fact(
                    topic::COLLEGE,
                    Percent,
                    Ratio(441, 445),
                    Term::Main,
                    Some("shares.college_or_above"),
                ),
                fact(
                    topic::TOWNSHIP,
                    Count,
                    Whole(169),
                    Term::Main,
                    Some("township_principal_experience"),
                ),
                fact(
                    topic::TOWNSHIP,
                    Percent,
                    Ratio(169, 445),
                    Term::Main,
                    Some("shares.township_principal_experience"),
                ),
                fact(
                    topic::TOWNSHIP,
                    Count,
                    Whole(8),
                    Term::Related,
                    Some("township_principal_leaders"),
                ),
                fact(topic::YOUNG, Count, Whole(59), Term::Main, Some("under_42")),
                fact(
                    topic::YOUNG,
                    Count,
                    Whole(8),
                    Term::Related,
                    Some("around_35"),
                ),
                fact(
                    topic::AVERAGE_AGE,
                    Years,
                    Tenths(475),
                    Term::Main,
                    Some("average_age"),
                ),
                fact(
                    topic::AVERAGE_AGE,
                    Years,
                    Tenths(504),
                    Term::Previous,
                    Some("average_age_previous"),
                ),
                fact(
                    topic::AVERAGE_AGE,
                    Years,
                    Tenths(-29),
                    Term::Change,
                    Some("average_age_change"),
                ),
                fact(
                    topic::YOUNGEST,
                    Years,
                    Whole(33),
                    Term::Main,
                    Some("youngest"),
                ),
                fact(topic::WOMEN, Percent, Ratio(2, 5), Term::Extreme, None),
                fact(
                    topic::DIVISIONS,
                    Count,
                    Whole(17),
                    Term::Main,
                    Some("divisions"),
                ),
            ],
        }
    }

    fn county() -> RegionFigures {
        use Exact::{Ratio, Whole};
        use Kind::{Count, Percent};
        RegionFigures {
            name: "尧都区".into(),
            spellings: vec!["尧都区".into(), "尧都".into()],
            facts: vec![
                fact(
                    topic::MEMBERS,
                    Count,
                    Whole(34),
                    Term::Main,
                    Some("members"),
                ),
                fact(topic::WOMEN, Count, Whole(5), Term::Main, Some("women")),
                fact(
                    topic::WOMEN,
                    Percent,
                    Ratio(5, 34),
                    Term::Main,
                    Some("shares.women"),
                ),
            ],
        }
    }

    /// A city article's scope over `regions` (the city first).
    pub(in crate::check::copy) fn article<'a>(
        regions: &'a [RegionFigures],
        names: &'a RegionNames,
    ) -> ProseScope<'a> {
        ProseScope {
            regions,
            names,
            own: Some((0, "city")),
            city: Some(0),
            hand_typed: true,
        }
    }

    /// (rule, text, suggestion) of each finding in `text`, checked as a city article.
    fn found(text: &str) -> Vec<(&'static str, String, Option<String>)> {
        let regions = [seed_city(), county()];
        let names = RegionNames::of(&regions);
        check_figures(text, &article(&regions, &names))
            .into_iter()
            .map(|f| (f.rule, f.text, f.suggestion))
            .collect()
    }

    #[track_caller]
    fn errors(text: &str, expected: &[(&str, &str)]) {
        let got: Vec<(&str, String)> = found(text)
            .into_iter()
            .filter(|(rule, ..)| *rule != HAND_TYPED_FIGURE)
            .map(|(rule, t, _)| (rule, t))
            .collect();
        let expected: Vec<(&str, String)> = expected
            .iter()
            .map(|(r, t)| (*r, (*t).to_owned()))
            .collect();
        assert_eq!(got, expected, "{text}");
    }

    #[test]
    fn a_number_is_checked_against_the_figure_its_label_names() {
        errors("全市女干部62名，占13.9%。", &[]);
        errors("女干部62名，占13.93%。", &[]);
        errors("女干部62名，占14.9%。", &[(SHARE_MISMATCH, "14.9%")]);
        errors("女干部60名。", &[(FIGURE_MISMATCH, "60")]);
        errors("女干部占15％", &[(SHARE_MISMATCH, "15％")]);
        // Sub-counts, sub-shares, the previous term, the change, the highest region.
        errors("女干部中党政正职3名，占4.8%。", &[]);
        errors("女干部比例由9.5%提高到13.9%，提高2.9个百分点。", &[]);
        errors("女干部占比最高的县达到40.0%。", &[]);
        errors(
            "平均年龄由上届的50.4岁降至47.5岁，降低2.9岁，年龄最小的33岁。",
            &[],
        );
        errors("平均年龄47.9岁。", &[(FIGURE_MISMATCH, "47.9")]);
        // A county the sentence names is the scope, and so of the paragraph's later
        // sentences; a blank line ends it.
        errors("尧都区女干部5名，占14.7%。", &[]);
        errors("尧都区换届顺利。女干部5名，占14.7%。", &[]);
        errors("尧都区换届顺利。\n\n女干部5名。", &[(FIGURE_MISMATCH, "5")]);
        errors("甲县换届顺利。女干部5名。", &[]);
        errors("尧都区女干部5名，占13.9%。", &[(SHARE_MISMATCH, "13.9%")]);
    }

    #[test]
    fn a_number_that_cannot_be_attributed_is_not_a_finding() {
        for text in [
            "占50%的女干部。",
            "女干部62名。占50%",
            "女干部占县级政府班子的50%。",
            "40岁左右的县级党政正职3名。",
            "42岁以下的年轻干部59名，其中35岁左右的年轻干部8名。",
            "女干部在2016年增加了12名。",
            "尧都区女干部5名，占全市女干部的8.1%。",
            "尧都区和全市的女干部分别为5名和62名。",
            "甲县新一届县委班子由11人组成，其中女干部2名、党外干部1名。",
            "在某区，女干部有7名。",
            "占比最高的县达到40.0%。",
        ] {
            errors(text, &[]);
        }
    }

    #[test]
    fn hand_typed_figures_are_warned_with_the_reference() {
        let hand = |text: &str| -> Vec<(String, Option<String>)> {
            found(text)
                .into_iter()
                .filter(|(rule, ..)| *rule == HAND_TYPED_FIGURE)
                .map(|(_, t, s)| (t, s))
                .collect()
        };
        assert_eq!(
            hand("女干部62名，占13.9%。"),
            vec![
                ("62".into(), Some("{{ city.women }}".into())),
                ("13.9%".into(), Some("{{ city.shares.women }}".into())),
            ]
        );
        // Printed at another precision, or a change worded differently: warned, not fixed.
        assert_eq!(hand("女干部占13.93%。"), vec![("13.93%".into(), None)]);
        assert_eq!(hand("平均年龄降低2.9岁。"), vec![("2.9".into(), None)]);
        // A count before its label: only the women principals are 3.
        assert_eq!(
            hand("3名女干部"),
            vec![("3".into(), Some("{{ city.women_principal }}".into()))]
        );
        // A figure of a county named in an article has no reference there.
        assert_eq!(hand("尧都区女干部5名。"), vec![]);
        // References are never findings.
        assert_eq!(
            hand("女干部{{ city.women }}名，占{{ city.shares.women }}。"),
            vec![]
        );
    }

    #[test]
    fn the_seed_article_keeps_its_one_wrong_share() {
        let seed = include_str!("../../../tests/fixtures/copyedit/seed.md");
        let fixed = include_str!("../../../tests/fixtures/copyedit/seed.fixed.md");
        for text in [seed, fixed] {
            let regions = [seed_city()];
            let names = RegionNames::of(&regions);
            let scope = ProseScope {
                hand_typed: false,
                ..article(&regions, &names)
            };
            let found: Vec<(&str, String, Option<String>)> = check_figures(text, &scope)
                .into_iter()
                .map(|f| (f.rule, f.text, f.suggestion))
                .collect();
            assert_eq!(
                found,
                vec![(SHARE_MISMATCH, "37.8%".to_owned(), Some("38.0%".to_owned()))]
            );
        }
    }
}
