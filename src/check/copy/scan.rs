//! The scan of a text: its characters, which kind of text each one is in (prose, front
//! matter or verbatim), and the pinyin glosses found in it.

use std::ops::Range;

use super::Finding;
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
    /// A pronunciation note (`隰（xí）县`), not converter residue: no rule reports it.
    pub(super) note: bool,
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
        Self {
            text,
            chars,
            region,
            glosses: Vec::new(),
            gloss_of: Vec::new(),
            line_starts,
        }
    }

    /// The same scan, knowing where the pinyin glosses are (found on the scan itself).
    pub(super) fn with_glosses(mut self, glosses: Vec<Gloss>) -> Self {
        self.gloss_of = vec![None; self.len()];
        for (n, gloss) in glosses.iter().enumerate() {
            for i in gloss.chars.clone() {
                self.gloss_of[i] = Some(n);
            }
        }
        self.glosses = glosses;
        self
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
        message: impl Into<crate::messages::Text>,
        suggestion: Option<String>,
    ) -> Finding {
        let message = message.into();
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
/// references, URLs, e-mail addresses, link destinations, reference definitions, HTML
/// tags, the `!` of an
/// image and a `key:` at line start.
fn mark_inline_verbatim(chars: &[(usize, char)], line: Range<usize>, region: &mut [Region]) {
    let line = Line {
        chars,
        start: line.start,
        end: line.end,
    };
    let mut set = |range: Range<usize>| {
        for i in range {
            if let Some(slot) = region.get_mut(i) {
                *slot = Region::Verbatim;
            }
        }
    };

    // A reference definition `[id]: url` or a `key: value` line.
    if let Some(first) = (line.start..line.end).find(|&i| line.at(i) != Some(' ')) {
        if line.is_reference_definition(first) {
            set(line.start..line.end);
            return;
        }
        if let Some(colon) = line.key_colon(first) {
            set(first..colon + 1);
        }
    }

    let mut i = line.start;
    while i < line.end {
        let c = line.at(i).unwrap_or(' ');
        let end = line.verbatim_end(i);
        if end > i + 1 || (c == '!' && line.at(i + 1) == Some('[')) || c == '`' {
            set(i..end);
        }
        i = end.max(i + 1);
    }
}

/// One line of the scan, as char indices (its newline excluded), for finding its verbatim
/// spans.
struct Line<'c> {
    chars: &'c [(usize, char)],
    start: usize,
    end: usize,
}

impl Line<'_> {
    /// The character at char index `i` (which may lie past the line's end).
    fn at(&self, i: usize) -> Option<char> {
        self.chars.get(i).map(|&(_, c)| c)
    }

    /// Whether `pattern` starts at `i` and ends within the line.
    fn starts_with(&self, i: usize, pattern: &str) -> bool {
        pattern
            .chars()
            .enumerate()
            .all(|(k, p)| i + k < self.end && self.at(i + k) == Some(p))
    }

    /// Whether the line, whose first non-space character is at `first`, is `[id]: url`.
    fn is_reference_definition(&self, first: usize) -> bool {
        self.at(first) == Some('[')
            && (first..self.end)
                .find(|&i| self.at(i) == Some(']'))
                .is_some_and(|close| self.at(close + 1) == Some(':'))
    }

    /// The colon of a `key:` starting at `first` (followed by a space or the line's end).
    fn key_colon(&self, first: usize) -> Option<usize> {
        let colon = (first..self.end).find(|&i| {
            !self
                .at(i)
                .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        })?;
        (colon > first
            && self.at(colon) == Some(':')
            && (colon + 1 == self.end || self.at(colon + 1) == Some(' ')))
        .then_some(colon)
    }

    /// Where the verbatim span starting at `i` ends, or `i + 1` when none starts there.
    fn verbatim_end(&self, i: usize) -> usize {
        let c = self.at(i).unwrap_or(' ');
        if c == '`' {
            self.code_span_end(i)
        } else if self.starts_with(i, "{{") || self.starts_with(i, "{%") {
            let closer = if self.starts_with(i, "{{") {
                "}}"
            } else {
                "%}"
            };
            (i + 2..self.end)
                .find(|&k| self.starts_with(k, closer))
                .map_or(self.end, |k| k + 2)
        } else if self.is_url_start(i) {
            self.url_end(i)
        } else if let Some(end) = self.email_end(i) {
            end
        } else if self.starts_with(i, "](") {
            self.link_destination_end(i)
        } else if c == '<'
            && self
                .at(i + 1)
                .is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?'))
        {
            (i + 1..self.end)
                .find(|&k| self.at(k) == Some('>'))
                .map_or(i + 1, |k| k + 1)
        } else {
            i + 1
        }
    }

    /// The end of the code span whose backtick run starts at `i`: after the closing run of
    /// the same length, or after the opening run when it is not closed.
    fn code_span_end(&self, i: usize) -> usize {
        let run_at = |k: usize| {
            (k..self.end)
                .take_while(|&m| self.at(m) == Some('`'))
                .count()
        };
        let run = run_at(i);
        let mut k = i + run;
        while k < self.end {
            let other = run_at(k);
            if other == run {
                return k + run;
            }
            k += other.max(1);
        }
        i + run
    }

    /// Whether a URL starts at `i` (a scheme or `www.`, not inside a word).
    fn is_url_start(&self, i: usize) -> bool {
        ["http://", "https://", "ftp://", "mailto:", "www."]
            .iter()
            .any(|scheme| self.starts_with(i, scheme))
            && !(i > self.start && self.at(i - 1).is_some_and(|p| p.is_ascii_alphanumeric()))
    }

    /// The end of the e-mail address starting at `i` (`zzb@linfen.gov.cn`), if one does.
    fn email_end(&self, i: usize) -> Option<usize> {
        let local = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-');
        let domain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-');
        if !self.at(i).is_some_and(|c| c.is_ascii_alphanumeric())
            || (i > self.start && self.at(i - 1).is_some_and(local))
        {
            return None;
        }
        let at = (i..self.end).find(|&k| !self.at(k).is_some_and(local))?;
        if self.at(at) != Some('@') {
            return None;
        }
        let mut end = at + 1;
        while end < self.end && self.at(end).is_some_and(domain) {
            end += 1;
        }
        while end > at + 1 && matches!(self.at(end - 1), Some('.' | '-')) {
            end -= 1;
        }
        let host: String = (at + 1..end).filter_map(|k| self.at(k)).collect();
        (host.contains('.') && !host.starts_with('.')).then_some(end)
    }

    /// The end of the URL starting at `i`, trailing sentence punctuation left out.
    fn url_end(&self, i: usize) -> usize {
        let mut end = i;
        while end < self.end
            && self
                .at(end)
                .is_some_and(|u| u.is_ascii_graphic() && !matches!(u, '<' | '>' | '"'))
        {
            end += 1;
        }
        while end > i
            && self
                .at(end - 1)
                .is_some_and(|u| matches!(u, '.' | ',' | ':' | ';' | '!' | '?' | ')'))
        {
            end -= 1;
        }
        end
    }

    /// The end of the link destination `(…)` after the `]` at `i`, nested brackets
    /// included; the line's end when it is not closed.
    fn link_destination_end(&self, i: usize) -> usize {
        let mut depth = 0usize;
        for k in i + 1..self.end {
            match self.at(k) {
                Some('(') => depth += 1,
                Some(')') => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return k + 1;
                    }
                }
                _ => {}
            }
        }
        self.end
    }
}
