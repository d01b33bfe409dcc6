//! The CJK character classes shared by the Markdown renderer and the copy-editor.
//!
//! The classes follow Unicode where it gives an answer: `〇` (U+3007) is a Han character
//! (Script=Han, Ideographic), not punctuation; full-width letters and digits are CJK text
//! but neither Han nor punctuation.

/// A Han character: CJK unified ideographs (the main block and extensions A–G), the
/// compatibility ideographs and `〇`.
pub fn is_han(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{3134F}'
        | '〇')
}

/// CJK punctuation: the CJK symbols and punctuation block (but `〇`), the punctuation among
/// the full-width forms, the half-width CJK marks, and the quotes, dash, ellipsis and
/// middle dot that Chinese text shares with Western text.
pub fn is_cjk_punctuation(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{3006}'
        | '\u{3008}'..='\u{303F}'
        | '\u{FF01}'..='\u{FF0F}'
        | '\u{FF1A}'..='\u{FF20}'
        | '\u{FF3B}'..='\u{FF40}'
        | '\u{FF5B}'..='\u{FF65}'
        | '“' | '”' | '‘' | '’' | '—' | '…' | '·')
}

/// A full-width letter or digit (`Ａ`, `ｂ`, `１`).
pub fn is_fullwidth_alphanumeric(c: char) -> bool {
    matches!(c, '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}')
}

/// Chinese text: Han characters, CJK punctuation and full-width letters and digits.
pub fn is_cjk(c: char) -> bool {
    is_han(c) || is_cjk_punctuation(c) || is_fullwidth_alphanumeric(c)
}

/// Counts the Han characters of `text` (its 字数).
pub fn count_han(text: &str) -> usize {
    text.chars().filter(|&c| is_han(c)).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn han() {
        #[track_caller]
        fn case(c: char, expected: bool) {
            assert_eq!(is_han(c), expected, "is_han({c:?} U+{:04X})", c as u32);
        }
        case('中', true);
        case('鄉', true);
        case('一', true); // U+4E00, first of the main block
        case('\u{9FFF}', true);
        case('㐀', true); // U+3400, extension A
        case('〇', true); // U+3007, ideographic number zero
        case('𠀀', true); // U+20000, extension B
        case('𪚥', true); // U+2A6A5, extension B
        case('豈', true); // U+F900, compatibility ideograph
        case('\u{2F800}', true); // compatibility ideographs supplement
        case('。', false);
        case('，', false);
        case('Ａ', false);
        case('１', false);
        case('A', false);
        case('1', false);
        case('あ', false);
        case('カ', false);
        case('ｶ', false);
        case(' ', false);
    }

    #[test]
    fn cjk_punctuation() {
        #[track_caller]
        fn case(c: char, expected: bool) {
            assert_eq!(
                is_cjk_punctuation(c),
                expected,
                "is_cjk_punctuation({c:?} U+{:04X})",
                c as u32
            );
        }
        for c in "。，、；：？！“”‘’—…·《》（）【】「」〔〕".chars() {
            case(c, true);
        }
        case('\u{3000}', true); // ideographic space
        case('％', true);
        case('～', true);
        case('｡', true); // half-width ideographic full stop
        case('､', true);
        case('〇', false);
        case('中', false);
        case('Ａ', false);
        case('ｚ', false);
        case('１', false);
        case(',', false);
        case('.', false);
        case('(', false);
        case('"', false);
        case('A', false);
        case('あ', false);
        case('ー', false);
    }

    #[test]
    fn fullwidth_alphanumeric() {
        #[track_caller]
        fn case(c: char, expected: bool) {
            assert_eq!(is_fullwidth_alphanumeric(c), expected, "{c:?}");
        }
        for c in "ＡＢＺａｚ０１２９".chars() {
            case(c, true);
        }
        for c in "，（［｛AZaz09中〇あ".chars() {
            case(c, false);
        }
    }

    #[test]
    fn cjk() {
        #[track_caller]
        fn case(c: char, expected: bool) {
            assert_eq!(is_cjk(c), expected, "is_cjk({c:?} U+{:04X})", c as u32);
        }
        for c in "中〇𠀀豈。，、“”—…·《》ＡＢ１２，｡".chars() {
            case(c, true);
        }
        for c in "AZaz09,.;:?!()\"' -あいカタｶ".chars() {
            case(c, false);
        }
    }

    #[test]
    fn count_han_counts_ideographs_only() {
        assert_eq!(count_han("二〇二三年，GDP 增长 5%。"), 7);
        assert_eq!(count_han("ＡＢ１２《》"), 0);
        assert_eq!(count_han("𠀀豈"), 2);
    }
}
