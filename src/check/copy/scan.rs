//! The scan of a text: its characters, which kind of text each one is in (prose, front
//! matter or verbatim), and the pinyin glosses found in it.

use std::ops::Range;

use super::Finding;
use super::pinyin::find_glosses;
use crate::diagnostic::Severity;

/// What kind of text a character belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Region {
    /// Running text: every rule applies.
    Prose,
    /// YAML front matter: only the character rules apply.
    FrontMatter,
    /// Code, URLs, link destinations, HTML tags, `{{ … }}` references: no rule applies.
    Verbatim,
}

/// A parenthesised pinyin syllable pasted after a character, as char indices.
#[derive(Debug, Clone)]
pub(super) struct Gloss {
    pub(super) chars: Range<usize>,
    /// `?lián)`: the opening bracket and the character before it were lost.
    pub(super) damaged: bool,
}

/// The text split into characters, each classified, with the glosses located.
pub(super) struct Scan<'a> {
    pub(super) text: &'a str,
    /// Byte offset and character, for each char index.
    pub(super) chars: Vec<(usize, char)>,
    /// What kind of text each character is in.
    pub(super) region: Vec<Region>,
    pub(super) glosses: Vec<Gloss>,
    /// For each char index, the gloss it is part of.
    gloss_of: Vec<Option<usize>>,
    /// Byte offsets where lines start.
    line_starts: Vec<usize>,
}

impl<'a> Scan<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let region = classify(text, &chars);
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let mut scan = Self {
            text,
            chars,
            region,
            glosses: Vec::new(),
            gloss_of: Vec::new(),
            line_starts,
        };
        scan.glosses = find_glosses(&scan);
        scan.gloss_of = vec![None; scan.len()];
        for (n, gloss) in scan.glosses.iter().enumerate() {
            for i in gloss.chars.clone() {
                scan.gloss_of[i] = Some(n);
            }
        }
        scan
    }

    pub(super) fn len(&self) -> usize {
        self.chars.len()
    }

    pub(super) fn char(&self, i: usize) -> Option<char> {
        self.chars.get(i).map(|&(_, c)| c)
    }

    pub(super) fn byte(&self, i: usize) -> usize {
        self.chars.get(i).map_or(self.text.len(), |&(b, _)| b)
    }

    pub(super) fn is_prose(&self, i: usize) -> bool {
        self.region.get(i) == Some(&Region::Prose)
    }

    pub(super) fn gloss_at(&self, i: usize) -> Option<usize> {
        self.gloss_of.get(i).copied().flatten()
    }

    /// The nearest character before `i` that is not part of a gloss.
    pub(super) fn prev_visible(&self, i: usize) -> Option<char> {
        (0..i)
            .rev()
            .find(|&j| self.gloss_at(j).is_none())
            .and_then(|j| self.char(j))
    }

    /// The nearest character after `i` that is not part of a gloss.
    pub(super) fn next_visible(&self, i: usize) -> Option<char> {
        (i + 1..self.len())
            .find(|&j| self.gloss_at(j).is_none())
            .and_then(|j| self.char(j))
    }

    /// A finding of `rule` over the char index range `chars`, placed by line and column.
    pub(super) fn finding(
        &self,
        rule: &'static str,
        severity: Severity,
        chars: Range<usize>,
        message: String,
        suggestion: Option<String>,
    ) -> Finding {
        let byte_range = self.byte(chars.start)..self.byte(chars.end);
        let line = self.line_starts.partition_point(|&s| s <= byte_range.start);
        let line_start = self
            .line_starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(0);
        let column = self
            .text
            .get(line_start..byte_range.start)
            .map_or(0, |before| before.chars().count())
            + 1;
        Finding {
            rule,
            severity,
            line: line.max(1),
            column,
            text: self
                .text
                .get(byte_range.clone())
                .unwrap_or_default()
                .to_owned(),
            byte_range,
            message,
            suggestion,
        }
    }
}

/// Marks front matter, fenced code and the inline verbatim spans of each prose line.
fn classify(text: &str, chars: &[(usize, char)]) -> Vec<Region> {
    let mut region = vec![Region::Prose; chars.len()];
    let mut lines: Vec<Range<usize>> = Vec::new(); // char index ranges, newline excluded
    let mut start = 0;
    for (i, &(_, c)) in chars.iter().enumerate() {
        if c == '\n' {
            lines.push(start..i);
            start = i + 1;
        }
    }
    lines.push(start..chars.len());
    let line_text = |line: &Range<usize>| -> &str {
        let from = chars.get(line.start).map_or(text.len(), |&(b, _)| b);
        let to = chars.get(line.end).map_or(text.len(), |&(b, _)| b);
        text.get(from..to)
            .unwrap_or_default()
            .trim_end_matches('\r')
    };
    let mark = |range: Range<usize>, kind: Region, region: &mut Vec<Region>| {
        for i in range {
            if let Some(slot) = region.get_mut(i) {
                *slot = kind;
            }
        }
    };

    let mut first_prose_line = 0;
    if lines.first().is_some_and(|line| line_text(line) == "---") {
        if let Some(end) = lines
            .iter()
            .skip(1)
            .position(|line| matches!(line_text(line), "---" | "..."))
        {
            let last = &lines[end + 1];
            mark(
                0..(last.end + 1).min(chars.len()),
                Region::FrontMatter,
                &mut region,
            );
            first_prose_line = end + 2;
        }
    }

    let mut fence: Option<(char, usize)> = None;
    for line in lines.iter().skip(first_prose_line) {
        let content = line_text(line);
        let indent = content.len() - content.trim_start_matches(' ').len();
        let body = content.trim_start_matches(' ');
        let fence_char = body.chars().next().filter(|c| matches!(c, '`' | '~'));
        let fence_len = fence_char.map_or(0, |f| body.chars().take_while(|&c| c == f).count());
        let whole_line = line.start..(line.end + 1).min(chars.len());
        match fence {
            Some((open_char, open_len)) => {
                mark(whole_line, Region::Verbatim, &mut region);
                if fence_char == Some(open_char)
                    && fence_len >= open_len
                    && body.trim_start_matches(open_char).trim().is_empty()
                {
                    fence = None;
                }
            }
            None if indent <= 3 && fence_len >= 3 => {
                mark(whole_line, Region::Verbatim, &mut region);
                fence = fence_char.map(|c| (c, fence_len));
            }
            None => mark_inline_verbatim(chars, line.clone(), &mut region),
        }
    }
    region
}

/// Marks the verbatim spans of one prose line: inline code, `{{ }}` and `{% %}`
/// references, URLs, link destinations, reference definitions, HTML tags, the `!` of an
/// image and a `key:` at line start.
fn mark_inline_verbatim(chars: &[(usize, char)], line: Range<usize>, region: &mut [Region]) {
    let at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let starts_with = |i: usize, pattern: &str| {
        pattern
            .chars()
            .enumerate()
            .all(|(k, p)| i + k < line.end && at(i + k) == Some(p))
    };
    let set = |range: Range<usize>, region: &mut [Region]| {
        for i in range {
            if let Some(slot) = region.get_mut(i) {
                *slot = Region::Verbatim;
            }
        }
    };

    // A reference definition `[id]: url` or a `key: value` line.
    let first = (line.start..line.end).find(|&i| at(i) != Some(' '));
    if let Some(first) = first {
        if at(first) == Some('[') {
            if let Some(close) = (first..line.end).find(|&i| at(i) == Some(']')) {
                if at(close + 1) == Some(':') {
                    set(line.clone(), region);
                    return;
                }
            }
        }
        let key_end = (first..line.end)
            .find(|&i| !at(i).is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'));
        if let Some(colon) = key_end {
            if colon > first
                && at(colon) == Some(':')
                && (colon + 1 == line.end || at(colon + 1) == Some(' '))
            {
                set(first..colon + 1, region);
            }
        }
    }

    let mut i = line.start;
    while i < line.end {
        let c = at(i).unwrap_or(' ');
        let end = if c == '`' {
            let run = (i..line.end).take_while(|&k| at(k) == Some('`')).count();
            let mut close = None;
            let mut k = i + run;
            while k < line.end {
                let other = (k..line.end).take_while(|&m| at(m) == Some('`')).count();
                if other == run {
                    close = Some(k + run);
                    break;
                }
                k += other.max(1);
            }
            close.unwrap_or(i + run)
        } else if starts_with(i, "{{") || starts_with(i, "{%") {
            let closer = if starts_with(i, "{{") { "}}" } else { "%}" };
            (i + 2..line.end)
                .find(|&k| starts_with(k, closer))
                .map_or(line.end, |k| k + 2)
        } else if (starts_with(i, "http://")
            || starts_with(i, "https://")
            || starts_with(i, "ftp://")
            || starts_with(i, "mailto:")
            || starts_with(i, "www."))
            && !(i > line.start && at(i - 1).is_some_and(|p| p.is_ascii_alphanumeric()))
        {
            let mut end = i;
            while end < line.end
                && at(end).is_some_and(|u| u.is_ascii_graphic() && !matches!(u, '<' | '>' | '"'))
            {
                end += 1;
            }
            while end > i
                && at(end - 1).is_some_and(|u| matches!(u, '.' | ',' | ':' | ';' | '!' | '?' | ')'))
            {
                end -= 1;
            }
            end
        } else if starts_with(i, "](") {
            let mut depth = 0usize;
            let mut end = line.end;
            for k in i + 1..line.end {
                match at(k) {
                    Some('(') => depth += 1,
                    Some(')') => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            end = k + 1;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            end
        } else if c == '<'
            && at(i + 1).is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?'))
        {
            (i + 1..line.end)
                .find(|&k| at(k) == Some('>'))
                .map_or(i + 1, |k| k + 1)
        } else {
            i + 1
        };
        if end > i + 1 || (c == '!' && at(i + 1) == Some('[')) || c == '`' {
            set(i..end, region);
        }
        i = end.max(i + 1);
    }
}
