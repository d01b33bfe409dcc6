//! The CJK character classes shared by the Markdown renderer and the copy-editor.
//!
//! Two families live here, one home for both:
//! - the classes of the CommonMark CJK-friendly amendments (`is_cjk_character` and the
//!   Unicode classes CommonMark itself uses), by the specification's concrete ranges for
//!   Unicode 17; the Markdown renderer decides emphasis with them;
//! - the narrower classes of Chinese copy (`is_han`, `is_cjk_punctuation`, `is_cjk`) that
//!   the copy rules use. Every one of their characters is a CJK character of the
//!   specification too, but for the marks Chinese shares with Western text (`“”‘’—…·`)
//!   and `〿` (U+303F); a test below holds them to that.
//!
//! The classes follow Unicode where it gives an answer: `〇` (U+3007) is a Han character
//! (Script=Han, Ideographic), not punctuation; full-width letters and digits are CJK text
//! but neither Han nor punctuation.

pub mod reading;
pub mod simplified;

use unicode_properties::{GeneralCategory, GeneralCategoryGroup, UnicodeGeneralCategory};

/// A CJK character of the CommonMark CJK-friendly amendments: East Asian Width `W`, `F`
/// or `H` and not an emoji by default, or Hangul. The ranges are the specification's
/// "concrete ranges" for Unicode 17 (unassigned code points of the CJK blocks included).
pub fn is_cjk_character(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{11FF}'
        | '\u{20A9}'
        | '\u{2329}'..='\u{232A}'
        | '\u{2630}'..='\u{2637}'
        | '\u{268A}'..='\u{268F}'
        | '\u{2E80}'..='\u{2E99}'
        | '\u{2E9B}'..='\u{2EF3}'
        | '\u{2F00}'..='\u{2FD5}'
        | '\u{2FF0}'..='\u{303E}'
        | '\u{3041}'..='\u{3096}'
        | '\u{3099}'..='\u{30FF}'
        | '\u{3105}'..='\u{312F}'
        | '\u{3131}'..='\u{318E}'
        | '\u{3190}'..='\u{31E5}'
        | '\u{31EF}'..='\u{321E}'
        | '\u{3220}'..='\u{3247}'
        | '\u{3250}'..='\u{A48C}'
        | '\u{A490}'..='\u{A4C6}'
        | '\u{A960}'..='\u{A97C}'
        | '\u{AC00}'..='\u{D7A3}'
        | '\u{D7B0}'..='\u{D7C6}'
        | '\u{D7CB}'..='\u{D7FB}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FE10}'..='\u{FE19}'
        | '\u{FE30}'..='\u{FE52}'
        | '\u{FE54}'..='\u{FE66}'
        | '\u{FE68}'..='\u{FE6B}'
        | '\u{FF01}'..='\u{FFBE}'
        | '\u{FFC2}'..='\u{FFC7}'
        | '\u{FFCA}'..='\u{FFCF}'
        | '\u{FFD2}'..='\u{FFD7}'
        | '\u{FFDA}'..='\u{FFDC}'
        | '\u{FFE0}'..='\u{FFE6}'
        | '\u{FFE8}'..='\u{FFEE}'
        | '\u{16FE0}'..='\u{16FE4}'
        | '\u{16FF0}'..='\u{16FF6}'
        | '\u{17000}'..='\u{18CD5}'
        | '\u{18CFF}'..='\u{18D1E}'
        | '\u{18D80}'..='\u{18DF2}'
        | '\u{1AFF0}'..='\u{1AFF3}'
        | '\u{1AFF5}'..='\u{1AFFB}'
        | '\u{1AFFD}'..='\u{1AFFE}'
        | '\u{1B000}'..='\u{1B122}'
        | '\u{1B132}'
        | '\u{1B150}'..='\u{1B152}'
        | '\u{1B155}'
        | '\u{1B164}'..='\u{1B167}'
        | '\u{1B170}'..='\u{1B2FB}'
        | '\u{1D300}'..='\u{1D356}'
        | '\u{1D360}'..='\u{1D376}'
        | '\u{1F200}'
        | '\u{1F202}'
        | '\u{1F210}'..='\u{1F219}'
        | '\u{1F21B}'..='\u{1F22E}'
        | '\u{1F230}'..='\u{1F231}'
        | '\u{1F237}'
        | '\u{1F23B}'
        | '\u{1F240}'..='\u{1F248}'
        | '\u{1F260}'..='\u{1F265}'
        | '\u{20000}'..='\u{3FFFD}')
}

/// A Unicode punctuation character as CommonMark (0.31.2) defines it: general category
/// P (punctuation) or S (symbol).
pub fn is_unicode_punctuation(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_punctuation();
    }
    matches!(
        c.general_category_group(),
        GeneralCategoryGroup::Punctuation | GeneralCategoryGroup::Symbol
    )
}

/// A Unicode whitespace character as CommonMark (0.31.2) defines it: general category Zs,
/// tab, line feed, form feed or carriage return.
pub fn is_unicode_whitespace(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\u{0C}' | '\r')
        || c.general_category() == GeneralCategory::SpaceSeparator
}

/// A CJK punctuation character of the amendments: Unicode punctuation that is also a CJK
/// character (`。`, `（`, `￥`, `㊗`, `︙`; not `“` or `—`, whose width is ambiguous).
pub fn is_cjk_punctuation_character(c: char) -> bool {
    is_cjk_character(c) && is_unicode_punctuation(c)
}

/// A non-emoji general-use variation selector (U+FE00–U+FE0E): after a CJK character or
/// punctuation it belongs to it.
pub fn is_non_emoji_variation_selector(c: char) -> bool {
    matches!(c, '\u{FE00}'..='\u{FE0E}')
}

/// An ideographic variation selector (U+E0100–U+E01EF), as in `葛󠄀`.
pub fn is_ideographic_variation_selector(c: char) -> bool {
    matches!(c, '\u{E0100}'..='\u{E01EF}')
}

/// A CJK ambiguous punctuation sequence: a quotation mark of ambiguous width followed by
/// the variation selector that asks for its full-width form (`“︁`, U+201C U+FE01).
pub fn is_cjk_ambiguous_punctuation(c: char, selector: char) -> bool {
    selector == '\u{FE01}' && matches!(c, '‘' | '’' | '“' | '”')
}

/// `c` in half width: a full-width form of an ASCII character (U+FF01–U+FF5E, `Ａ`, `１`,
/// `＿`) as that character, the ideographic space as a space, any other character as it is.
pub fn half_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

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

/// `text` with a word joiner (U+2060) between each number and the Han character after it
/// (`8名`, `50.4岁`), so that a line never ends between a number and its unit.
pub fn join_numbers_to_units(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut after_digit = false;
    for c in text.chars() {
        if after_digit && is_han(c) {
            out.push('\u{2060}');
        }
        out.push(c);
        after_digit = c.is_ascii_digit();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_joined_to_units() {
        #[track_caller]
        fn case(text: &str, expected: &str) {
            assert_eq!(join_numbers_to_units(text), expected, "{text:?}");
        }
        case(
            "其中35岁左右8名，最小33岁",
            "其中35\u{2060}岁左右8\u{2060}名，最小33\u{2060}岁",
        );
        case("届为50.4岁", "届为50.4\u{2060}岁");
        case("占40.0%", "占40.0%");
        case("共25名\u{2060}", "共25\u{2060}名\u{2060}");
        case("25\u{2060}名", "25\u{2060}名");
        case("１０人", "１０人");
        case("", "");
    }

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

    #[test]
    fn cjk_character_by_the_amendments() {
        #[track_caller]
        fn case(c: char, expected: bool) {
            assert_eq!(
                is_cjk_character(c),
                expected,
                "is_cjk_character({c:?} U+{:04X})",
                c as u32
            );
        }
        // Han, kana, Hangul, full-width and half-width forms, CJK punctuation.
        for c in "中〇𠀀𰻞豈あカｶ한ᄀ。，、（）「」《》ＡＡ１％￥～・ー々".chars()
        {
            case(c, true);
        }
        // The symbols the implementers' tips name, and those qingfeng once missed.
        for c in "〰〽🈂🈷㊗㊙⻲㋐︙".chars() {
            case(c, true);
        }
        case('\u{3FFFD}', true); // unassigned, in the ideographic planes
        case('\u{303F}', false); // half fill space: East Asian Width N
        // Ambiguous width, Western, emoji presented as emoji.
        for c in "“”‘’—…·«»()!,.aZ09 ∇😀🀄🈚⌚".chars() {
            case(c, false);
        }
    }

    #[test]
    fn unicode_punctuation_and_whitespace() {
        #[track_caller]
        fn case(c: char, punctuation: bool, whitespace: bool) {
            assert_eq!(
                (is_unicode_punctuation(c), is_unicode_whitespace(c)),
                (punctuation, whitespace),
                "{c:?} U+{:04X}",
                c as u32
            );
        }
        for c in "!\"#%()*_~。，（）「」“”—…·￥¥％∇«»㊗〰".chars() {
            case(c, true, false);
        }
        case('\u{1D735}', true, false); // 𝜵, a mathematical symbol outside the BMP
        case('\u{10B3B}', true, false); // 𐬻, Avestan punctuation
        for c in "a中〇ーＡ１\u{FE01}\u{E0100}\u{200B}".chars() {
            case(c, false, false);
        }
        for c in " \t\n\r\u{0C}\u{A0}\u{3000}\u{2003}".chars() {
            case(c, false, true);
        }
        assert!(is_cjk_punctuation_character('。'));
        assert!(is_cjk_punctuation_character('︙'));
        assert!(!is_cjk_punctuation_character('“'));
        assert!(!is_cjk_punctuation_character('中'));
    }

    #[test]
    fn variation_selectors() {
        assert!(is_non_emoji_variation_selector('\u{FE00}'));
        assert!(is_non_emoji_variation_selector('\u{FE0E}'));
        assert!(!is_non_emoji_variation_selector('\u{FE0F}')); // emoji presentation
        assert!(is_ideographic_variation_selector('\u{E0100}'));
        assert!(!is_ideographic_variation_selector('\u{FE00}'));
        assert!(is_cjk_ambiguous_punctuation('“', '\u{FE01}'));
        assert!(!is_cjk_ambiguous_punctuation('“', '\u{FE00}'));
        assert!(!is_cjk_ambiguous_punctuation('"', '\u{FE01}'));
    }

    /// The copy rules' classes of Chinese text are CJK characters of the amendments too,
    /// but for the marks Chinese shares with Western text and `〿`.
    #[test]
    fn chinese_classes_lie_within_the_amendments() {
        let shared = |c: char| "“”‘’—…·\u{303F}".contains(c);
        for c in (0..=0x10FFFF_u32).filter_map(char::from_u32) {
            if is_cjk(c) && !shared(c) {
                assert!(is_cjk_character(c), "{c:?} U+{:04X}", c as u32);
            }
        }
    }
}
