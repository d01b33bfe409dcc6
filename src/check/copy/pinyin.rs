//! Rule `pinyin-gloss`: toned pinyin pasted in brackets after a character (`現(xiàn)`), the
//! mark of text copied from a rewritten mirror site, and the search for such glosses that
//! the scan runs.
//!
//! A gloss can also be a writer's pronunciation note: `隰（xí）县`, `洪洞（tóng）`. A gloss
//! is converter residue when it gives a common character its ordinary reading (the mark of
//! a converter glossing every character of a common word: `实现(xiàn)`), when it follows
//! another gloss (`創(chuàng)業(yè)`), or when its paragraph holds three residue glosses or more
//! (then every gloss in it is residue). Otherwise it glosses a rare character
//! ([`crate::cjk::reading`]) or an unusual reading, on its own: a note, left alone by every
//! rule and by `--fix`.

use super::scan::{Gloss, Region, Scan};
use super::{Finding, PINYIN_GLOSS};
use std::collections::HashMap;

use crate::cjk::{is_han, reading};
use crate::diagnostic::Severity;

/// `pinyin-gloss`: a Han character followed by a parenthesised toned pinyin syllable.
pub(super) fn pinyin_gloss(scan: &Scan) -> Vec<Finding> {
    scan.glosses
        .iter()
        .filter(|gloss| !gloss.note)
        .map(|gloss| {
            let before = gloss
                .chars
                .start
                .checked_sub(1)
                .and_then(|i| scan.char(i))
                .unwrap_or(' ');
            if gloss.damaged {
                scan.finding(
                    PINYIN_GLOSS,
                    Severity::Error,
                    gloss.chars.clone(),
                    crate::messages::Text::both(
                        "damaged pinyin gloss: characters were lost here; the text looks copied \
                     from a rewritten mirror site, restore the passage from the official source",
                        "残缺的拼音注音：这里丢了字；文字像是从改写过的转载网站复制的，请对照官方原文恢复这段",
                    ),
                    None,
                )
            } else {
                scan.finding(
                    PINYIN_GLOSS,
                    Severity::Error,
                    gloss.chars.clone(),
                    crate::t!(
                        "pinyin gloss after `{before}`: the text looks copied from a rewritten \
                         mirror site; delete the gloss and re-check the passage against the \
                         official source, not only clean it",
                        "“{before}”后面有拼音注音：文字像是从改写过的转载网站复制的；请删去注音，并对照官方原文核对这段，而不只是清理"
                    ),
                    Some(String::new()),
                )
            }
        })
        .collect()
}

/// Finds `現(xiàn)`-style glosses (ASCII or full-width brackets) and damaged ones (`?lián)`).
pub(super) fn find_glosses(scan: &Scan) -> Vec<Gloss> {
    let mut glosses = Vec::new();
    let mut i = 0;
    while i + 1 < scan.len() {
        let c = scan.char(i).unwrap_or(' ');
        let checkable = scan.region[i] != Region::Verbatim;
        if checkable && is_han(c) && matches!(scan.char(i + 1), Some('(' | '（')) {
            if let Some(close) = pinyin_syllable_end(scan, i + 2) {
                if matches!(scan.char(close), Some(')' | '）')) {
                    glosses.push(Gloss {
                        chars: i + 1..close + 1,
                        damaged: false,
                        note: false,
                    });
                    i = close + 1;
                    continue;
                }
            }
        }
        if checkable && matches!(c, '?' | '\u{FFFD}') {
            if let Some(close) = pinyin_syllable_end(scan, i + 1) {
                if matches!(scan.char(close), Some(')' | '）')) {
                    glosses.push(Gloss {
                        chars: i..close + 1,
                        damaged: true,
                        note: false,
                    });
                    i = close + 1;
                    continue;
                }
            }
        }
        i += 1;
    }
    mark_notes(scan, &mut glosses);
    glosses
}

/// Paragraphs with this many residue-shaped glosses are converter output throughout.
const DENSE: usize = 3;

/// Marks the glosses that are pronunciation notes (see the module's doc).
fn mark_notes(scan: &Scan, glosses: &mut [Gloss]) {
    if glosses.is_empty() {
        return;
    }
    let paragraph_of = paragraphs(scan);
    let residue_shaped: Vec<bool> = glosses
        .iter()
        .enumerate()
        .map(|(n, gloss)| {
            let start = gloss.chars.start;
            let glossed = start.checked_sub(1).and_then(|k| scan.char(k));
            let reading: String = (start + 1..gloss.chars.end - 1)
                .filter_map(|k| scan.char(k))
                .collect();
            let after_gloss = n > 0 && glosses[n - 1].chars.end + 1 == start;
            let before_gloss = glosses
                .get(n + 1)
                .is_some_and(|next| gloss.chars.end + 1 == next.chars.start);
            gloss.damaged
                || after_gloss
                || before_gloss
                || glossed.is_some_and(|c| reading::is_ordinary_reading(c, &reading))
        })
        .collect();
    let mut dense_paragraphs: HashMap<usize, usize> = HashMap::new();
    for (gloss, shaped) in glosses.iter().zip(&residue_shaped) {
        if *shaped {
            *dense_paragraphs
                .entry(paragraph_of[gloss.chars.start])
                .or_default() += 1;
        }
    }
    for (gloss, shaped) in glosses.iter_mut().zip(residue_shaped) {
        let dense = dense_paragraphs
            .get(&paragraph_of[gloss.chars.start])
            .is_some_and(|&count| count >= DENSE);
        gloss.note = !shaped && !dense;
    }
}

/// For each char index, the number of its paragraph (paragraphs end at blank lines).
fn paragraphs(scan: &Scan) -> Vec<usize> {
    let mut numbers = Vec::with_capacity(scan.len());
    let mut paragraph = 0;
    let mut line_blank = true;
    for i in 0..scan.len() {
        let c = scan.char(i).unwrap_or(' ');
        numbers.push(paragraph);
        if c == '\n' {
            if line_blank {
                paragraph += 1;
            }
            line_blank = true;
        } else if !c.is_whitespace() {
            line_blank = false;
        }
    }
    numbers
}

/// When a toned pinyin syllable starts at `start`, the index just after it.
fn pinyin_syllable_end(scan: &Scan, start: usize) -> Option<usize> {
    let mut base = String::new();
    let mut toned = false;
    let mut end = start;
    while let Some(c) = scan.char(end) {
        let Some((letter, tone)) = pinyin_letter(c) else {
            break;
        };
        base.push(letter);
        toned |= tone;
        end += 1;
        if end - start > 6 {
            return None;
        }
    }
    (toned && is_pinyin_syllable(&base)).then_some(end)
}

/// A pinyin letter without its tone mark, and whether it had one.
fn pinyin_letter(c: char) -> Option<(char, bool)> {
    const TONED: [(&str, char); 6] = [
        ("āáǎà", 'a'),
        ("ēéěè", 'e'),
        ("īíǐì", 'i'),
        ("ōóǒò", 'o'),
        ("ūúǔù", 'u'),
        ("ǖǘǚǜ", 'ü'),
    ];
    if c.is_ascii_lowercase() || c == 'ü' {
        return Some((c, false));
    }
    TONED
        .iter()
        .find(|(marks, _)| marks.contains(c))
        .map(|&(_, base)| (base, true))
        .or(match c {
            'ń' | 'ň' | 'ǹ' => Some(('n', true)),
            'ḿ' => Some(('m', true)),
            _ => None,
        })
}

fn is_pinyin_syllable(base: &str) -> bool {
    const INITIALS: [&str; 23] = [
        "zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x",
        "r", "z", "c", "s", "y", "w",
    ];
    const FINALS: [&str; 40] = [
        "a", "o", "e", "i", "u", "ü", "ai", "ei", "ao", "ou", "an", "en", "ang", "eng", "ong",
        "er", "ia", "ie", "iao", "iu", "ian", "in", "iang", "ing", "iong", "ua", "uo", "uai", "ui",
        "uan", "un", "uang", "ueng", "ue", "üe", "üan", "ün", "ng", "m", "n",
    ];
    if FINALS.contains(&base) {
        return true;
    }
    INITIALS.iter().any(|initial| {
        base.strip_prefix(initial)
            .is_some_and(|fin| FINALS.contains(&fin) && !matches!(fin, "ng" | "m" | "n"))
    })
}
