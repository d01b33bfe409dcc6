//! Whether a delimiter run can open or close: CommonMark's flanking rules as the CJK-friendly
//! amendments change them, for `*`, `_` and GFM's `~`.
//!
//! The amendments (github.com/tats-u/markdown-cjk-friendly, `specification.md`) let a run
//! that touches a CJK character open or close although non-CJK punctuation is on its other
//! side (`**重点。**说明`, `**(含党政正职)**共`); a variation selector after a character
//! belongs to it (`葛󠄀`, `“︁`). `~~` flanks as `*` does; a single `~` as `_` does, so
//! that `30~40岁` stays a range.

use crate::cjk::{
    is_cjk_ambiguous_punctuation, is_cjk_character, is_ideographic_variation_selector,
    is_non_emoji_variation_selector, is_unicode_punctuation, is_unicode_whitespace,
};

/// What a delimiter run sees on one side.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Side {
    /// Unicode whitespace, or the start or end of the line.
    pub(super) whitespace: bool,
    /// A Unicode punctuation character (sequence, before the run).
    pub(super) punctuation: bool,
    /// A CJK character (sequence, before the run).
    pub(super) cjk: bool,
    /// An ideographic variation selector (only looked at before the run).
    pub(super) ideographic_selector: bool,
}

impl Side {
    /// The start or the end of a line.
    pub(super) const LINE_EDGE: Side = Side {
        whitespace: true,
        punctuation: false,
        cjk: false,
        ideographic_selector: false,
    };

    /// The side of the character after a run (`None`: the end of the line).
    pub(super) fn after(c: Option<char>) -> Side {
        match c {
            None => Side::LINE_EDGE,
            Some(c) => Side::of(c),
        }
    }

    /// The side of the characters before a run: `last` just before it, `second` before
    /// that. A non-emoji variation selector makes a sequence with the character it follows,
    /// which then speaks for both.
    pub(super) fn before(last: Option<char>, second: Option<char>) -> Side {
        let Some(last) = last else {
            return Side::LINE_EDGE;
        };
        match second {
            Some(base) if is_non_emoji_variation_selector(last) && !is_unicode_whitespace(base) => {
                if is_cjk_ambiguous_punctuation(base, last) {
                    Side {
                        punctuation: true,
                        cjk: true,
                        ..Side::default()
                    }
                } else {
                    Side {
                        ideographic_selector: false,
                        ..Side::of(base)
                    }
                }
            }
            _ => Side::of(last),
        }
    }

    fn of(c: char) -> Side {
        if is_unicode_whitespace(c) {
            return Side::LINE_EDGE;
        }
        if is_ideographic_variation_selector(c) {
            return Side {
                ideographic_selector: true,
                ..Side::default()
            };
        }
        if is_non_emoji_variation_selector(c) {
            return Side::default();
        }
        Side {
            whitespace: false,
            punctuation: is_unicode_punctuation(c),
            cjk: is_cjk_character(c),
            ideographic_selector: false,
        }
    }
}

/// Whether a run of `len` `delimiter`s (`*`, `_` or `~`) between `before` and `after` can
/// open and can close, as `(can_open, can_close)`.
pub(super) fn open_close(delimiter: u8, len: usize, before: Side, after: Side) -> (bool, bool) {
    let left = left_flanking(before, after);
    let right = right_flanking(before, after);
    match (delimiter, len) {
        // Rules 2, 3, 6 and 7: `_` inside a word neither opens nor closes. Nor does a single
        // `~`, as in pulldown-cmark: `30~40岁` is a range, not the start of a strikethrough.
        (b'_', _) | (b'~', 1) => (
            left && (!right || before.punctuation),
            right && (!left || after.punctuation),
        ),
        // `*` (rules 1, 5, 4, 8) and `~~`, which flanks as `*` does.
        _ => (left, right),
    }
}

/// Left-flanking, amended: (1) not followed by whitespace, and either (2a) not followed by
/// non-CJK punctuation, or (2b) followed by non-CJK punctuation and preceded by whitespace,
/// non-CJK punctuation, a CJK character or an ideographic variation selector.
fn left_flanking(before: Side, after: Side) -> bool {
    let after_non_cjk_punctuation = after.punctuation && !after.cjk;
    !after.whitespace
        && (!after_non_cjk_punctuation
            || before.whitespace
            || before.punctuation
            || before.cjk
            || before.ideographic_selector)
}

/// Right-flanking, amended: (1) not preceded by whitespace, and either (2a) not preceded by
/// non-CJK punctuation, or (2b) preceded by non-CJK punctuation and followed by
/// whitespace, non-CJK punctuation or a CJK character.
fn right_flanking(before: Side, after: Side) -> bool {
    let before_non_cjk_punctuation = before.punctuation && !before.cjk;
    !before.whitespace
        && (!before_non_cjk_punctuation || after.whitespace || after.punctuation || after.cjk)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(can_open, can_close)` of `delimiter` between the character `out` (before) and
    /// `inside` (after); `' '` stands for whitespace.
    #[track_caller]
    fn case(out: char, delimiter: char, inside: char, expected: (bool, bool)) {
        let before = Side::before(Some(out), None);
        let after = Side::after(Some(inside));
        assert_eq!(
            open_close(delimiter as u8, 1, before, after),
            expected,
            "{out}{delimiter}{inside}"
        );
    }

    /// The start/end table of the implementers' tips, as written: `out` before the run,
    /// `inside` after it; "End" is whether it can close, "Start" whether it can open.
    #[test]
    fn implementers_table() {
        let table = [
            (' ', '*', ' ', false, false),
            (' ', '*', '"', false, true),
            (' ', '*', 'a', false, true),
            (' ', '*', '～', false, true),
            (' ', '*', '字', false, true),
            (' ', '_', ' ', false, false),
            (' ', '_', '"', false, true),
            (' ', '_', 'a', false, true),
            (' ', '_', '～', false, true),
            (' ', '_', '字', false, true),
            ('"', '*', '"', true, true),
            ('"', '*', 'a', false, true),
            ('"', '*', '字', true, true),
            ('～', '*', 'a', true, true),
            ('"', '_', '"', true, true),
            ('"', '_', 'a', false, true),
            ('"', '_', '字', false, true),
            ('～', '_', 'a', false, true),
            ('a', '*', 'a', true, true),
            ('a', '_', 'a', false, false),
        ];
        for (out, delimiter, inside, end, start) in table {
            case(out, delimiter, inside, (start, end));
        }
    }

    #[test]
    fn closing_after_punctuation_before_chinese() {
        // `**第一条:**严禁`: `:` inside, `严` outside.
        let before = Side::before(Some(':'), Some('条'));
        assert!(open_close(b'*', 2, before, Side::after(Some('严'))).1);
        // `a**"b"**c` stays closed to plain CommonMark's answer.
        let before = Side::before(Some('"'), Some('b'));
        assert!(!open_close(b'*', 2, before, Side::after(Some('c'))).1);
    }

    #[test]
    fn variation_selectors_belong_to_their_character() {
        // `大塚︀**(`: the selector after a CJK character makes a CJK sequence.
        let before = Side::before(Some('\u{FE00}'), Some('塚'));
        assert!(before.cjk);
        assert!(open_close(b'*', 2, before, Side::after(Some('('))).0);
        // `”︁**Hub`: a full-width quotation mark is CJK punctuation.
        let before = Side::before(Some('\u{FE01}'), Some('”'));
        assert!(before.cjk && before.punctuation);
        assert!(open_close(b'*', 2, before, Side::after(Some('H'))).1);
        // `葛󠄀**(`: an ideographic variation selector before the run.
        let before = Side::before(Some('\u{E0100}'), Some('葛'));
        assert!(open_close(b'*', 2, before, Side::after(Some('('))).0);
        // A selector after whitespace stands alone.
        assert_eq!(Side::before(Some('\u{FE00}'), Some(' ')), Side::default());
    }

    #[test]
    fn a_single_tilde_stays_out_of_words() {
        let before = |c| Side::before(Some(c), None);
        // `30~40岁`: neither opens nor closes.
        assert_eq!(
            open_close(b'~', 1, before('0'), Side::after(Some('4'))),
            (false, false)
        );
        // `~~` may open inside a word, next to Chinese too: `这是~~删除~~的`.
        assert_eq!(
            open_close(b'~', 2, before('是'), Side::after(Some('删'))),
            (true, true)
        );
        // At the edge of a word a single `~` works: ` ~删除~ `.
        assert_eq!(
            open_close(b'~', 1, Side::LINE_EDGE, Side::after(Some('删'))),
            (true, false)
        );
    }

    #[test]
    fn line_edges_are_whitespace() {
        assert_eq!(Side::before(None, None), Side::LINE_EDGE);
        assert_eq!(Side::after(None), Side::LINE_EDGE);
        assert_eq!(
            open_close(b'*', 2, Side::LINE_EDGE, Side::after(Some('('))),
            (true, false)
        );
    }
}
