//! Traditional → Simplified, one character at a time, for the copy-editor's
//! `traditional-char` rule and for search folding.
//!
//! The table is OpenCC's `TSCharacters.txt` (Apache-2.0, vendored unchanged in
//! `src/cjk/opencc/` with its licence and notice), read with `include_str!` and parsed once
//! into a sorted vector on first use (about 3,200 pairs: 104 KB of text in the binary,
//! under a millisecond to build).
//!
//! Only characters that are Traditional and nothing else are converted: an entry whose
//! values include the character itself (`乾 → 干 乾`, `於 → 于 於`, `瞭 → 瞭 了`,
//! `藉 → 藉 借`) is also valid Simplified and is left alone, and so is a character that is
//! itself a Simplified form of another or belongs to the 通用规范汉字表 (薳). `著`, valid
//! Simplified in 著名 but Traditional for the particle 着 (承担著, 意味著) and in
//! 著眼/著力/著手, is decided by its neighbours in [`simplified_in_context`].

use std::sync::LazyLock;

/// The vendored OpenCC table (`key<TAB>value value…`, `#` comments).
const TS_CHARACTERS: &str = include_str!("opencc/TSCharacters.txt");

/// Keys of the table that are standard Simplified characters all the same: of the 8,105
/// characters of the 通用规范汉字表 (2013), OpenCC converts only 薳 (to 䓕).
const STANDARD_SIMPLIFIED: &[char] = &['薳'];

/// `(Traditional, Simplified)`, sorted by the Traditional character.
static PAIRS: LazyLock<Vec<(char, char)>> = LazyLock::new(|| parse(TS_CHARACTERS));

/// The one-to-one Traditional-only pairs of an OpenCC character table.
fn parse(table: &str) -> Vec<(char, char)> {
    let entries: Vec<(char, Vec<char>)> = table
        .lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| {
            let (key, values) = line.split_once('\t')?;
            let mut key_chars = key.chars();
            let key = key_chars.next().filter(|_| key_chars.next().is_none())?;
            let values: Vec<char> = values
                .split(' ')
                .filter_map(|v| {
                    let mut chars = v.chars();
                    chars.next().filter(|_| chars.next().is_none())
                })
                .collect();
            Some((key, values))
        })
        .collect();
    let targets: std::collections::HashSet<char> = entries
        .iter()
        .flat_map(|(_, v)| v.iter().copied())
        .collect();
    let mut pairs: Vec<(char, char)> = entries
        .iter()
        .filter(|(key, values)| {
            !values.contains(key) && !targets.contains(key) && !STANDARD_SIMPLIFIED.contains(key)
        })
        .filter_map(|(key, values)| Some((*key, *values.first()?)))
        .collect();
    pairs.sort_unstable();
    pairs.dedup_by_key(|pair| pair.0);
    pairs
}

/// Every `(Traditional, Simplified)` pair of the table, sorted by the Traditional character.
pub fn pairs() -> &'static [(char, char)] {
    &PAIRS
}

/// The Simplified form of `c` when `c` is a Traditional-only character, whatever its
/// neighbours (so never for 著: see [`simplified_in_context`]).
pub fn simplified(c: char) -> Option<char> {
    if c < '\u{3400}' {
        return None;
    }
    let pairs = &*PAIRS;
    pairs
        .binary_search_by_key(&c, |&(traditional, _)| traditional)
        .ok()
        .and_then(|index| pairs.get(index))
        .map(|&(_, simplified)| simplified)
}

/// Characters after which 著 is the 著 of writing and renown (显著, 卓著, 名著, 原著 …).
const ZHU_AFTER: &str = "显顯卓名原土专專编編论論巨遗遺昭合译譯新拙撰所";
/// Characters before which 著 is the 著 of writing and renown (著名, 著作, 著称 …).
const ZHU_BEFORE: &str = "名作称稱述者录錄书書有";
/// Characters before which 著 is 着 (著眼, 著力, 著手, 著想, 著重 …).
const ZHE_BEFORE: &str = "眼力手想重急落陆陸迷凉涼火装裝实實意笔筆色";

/// The Simplified form of `c` between `prev` and `next` (the characters beside it in the
/// text, if any): [`simplified`], and for 著 the particle and verb 着 where its
/// neighbours say so (承担著, 意味著, 著眼, 著力, 著手), never in 著名, 显著, 著作, 卓著.
/// A 著 with no Han character beside it is left alone.
pub fn simplified_in_context(prev: Option<char>, c: char, next: Option<char>) -> Option<char> {
    if c != '著' {
        return simplified(c);
    }
    if prev.is_some_and(|p| ZHU_AFTER.contains(p)) || next.is_some_and(|n| ZHU_BEFORE.contains(n)) {
        return None;
    }
    let after_word = prev.is_some_and(super::is_han);
    let before_object = next.is_some_and(|n| ZHE_BEFORE.contains(n));
    (after_word || before_object).then_some('着')
}

/// `text` with every Traditional-only character made Simplified, 著 decided by context:
/// the folding search uses.
pub fn simplify(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let prev = i.checked_sub(1).and_then(|k| chars.get(k).copied());
            simplified_in_context(prev, c, chars.get(i + 1).copied()).unwrap_or(c)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn case(c: char, expected: Option<char>) {
        assert_eq!(simplified(c), expected, "{c}");
    }

    #[test]
    fn one_to_one_pairs() {
        case('國', Some('国'));
        case('幹', Some('干'));
        case('堯', Some('尧'));
        case('實', Some('实'));
        case('後', Some('后'));
        case('裡', Some('里'));
        case('餘', Some('余'));
    }

    #[test]
    fn simplified_and_ambiguous_characters_are_left_alone() {
        for c in [
            '国', '干', '尧', 'a', '1', '，', '乾', '於', '藉', '瞭', '著', '苧', '么',
        ] {
            case(c, None);
        }
    }

    #[test]
    fn the_table_is_complete_and_consistent() {
        let pairs = &*PAIRS;
        assert!(pairs.len() > 3000, "{}", pairs.len());
        assert!(pairs.windows(2).all(|w| w[0].0 < w[1].0));
        let targets: std::collections::HashSet<char> = pairs.iter().map(|p| p.1).collect();
        for &(traditional, simplified) in pairs {
            assert_ne!(traditional, simplified);
            assert!(!targets.contains(&traditional), "{traditional}");
        }
    }

    #[test]
    fn zhu_by_context() {
        #[track_caller]
        fn word(text: &str, expected: &str) {
            assert_eq!(simplify(text), expected);
        }
        word("承担著", "承担着");
        word("著眼", "着眼");
        word("著力", "着力");
        word("著手", "着手");
        word("意味著", "意味着");
        word("随著時間", "随着时间");
        word("著名", "著名");
        word("显著", "显著");
        word("顯著", "显著");
        word("著作", "著作");
        word("卓著", "卓著");
        word("著", "著");
        word("乾坤於是", "乾坤於是");
    }
}
