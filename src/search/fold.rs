//! Folding: the one form both the index and a query are reduced to, so that full-width and
//! half-width letters and digits, upper and lower case, and Traditional and Simplified
//! characters match each other. One character folds to at most one character.

/// The characters the renderer and editors put into text that the reader does not see: the
/// word joiner after a number followed by Han, zero-width spaces, soft hyphens, a BOM.
pub fn is_invisible(c: char) -> bool {
    matches!(c, '\u{2060}' | '\u{200B}' | '\u{FEFF}' | '\u{00AD}')
}

/// The Simplified form of a Traditional-only character. The table is OpenCC's, in
/// [`crate::cjk::simplified`]; this function and [`traditional_pairs`] are the only calls
/// into it.
pub fn simplified(c: char) -> Option<char> {
    crate::cjk::simplified::simplified(c)
}

/// Every `(Traditional, Simplified)` pair of the table.
pub fn traditional_pairs() -> impl Iterator<Item = (char, char)> {
    crate::cjk::simplified::pairs().iter().copied()
}

/// `c` as it is indexed and searched: full-width forms as half-width, Latin letters in lower
/// case, Traditional as Simplified. Whitespace stays whitespace (it separates words).
pub fn fold(c: char) -> char {
    let c = crate::cjk::half_width(c);
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    // Most characters are not in the table: a bit for each one of the Basic Multilingual
    // Plane says which may be, so that the table is searched only for those.
    static MAYBE: std::sync::OnceLock<Vec<u64>> = std::sync::OnceLock::new();
    let maybe = MAYBE.get_or_init(|| {
        let mut bits = vec![0u64; 0x10000 / 64];
        for (t, _) in traditional_pairs() {
            if let Some(word) = bits.get_mut(t as usize / 64) {
                *word |= 1 << (t as usize % 64);
            }
        }
        bits
    });
    let code = c as usize;
    if code >= 0x10000
        || maybe
            .get(code / 64)
            .is_none_or(|w| w & (1 << (code % 64)) == 0)
    {
        return c;
    }
    match simplified(c) {
        // Both sides of the browser's table are in the Basic Multilingual Plane, so that
        // a character folds to one UTF-16 unit there as here.
        Some(s) if (c as u32) < 0x10000 && (s as u32) < 0x10000 => s,
        _ => c,
    }
}

/// A query's words, folded: split at whitespace, invisible characters dropped.
pub fn query_words(query: &str) -> Vec<String> {
    query
        .chars()
        .filter(|c| !is_invisible(*c))
        .map(fold)
        .collect::<String>()
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn case(query: &str, words: &[&str]) {
        assert_eq!(query_words(query), words);
    }

    #[test]
    fn queries_fold_like_the_index() {
        case("換屆", &["换届"]);
        case("ＨｏｎｇＴｏｎｇ", &["hongtong"]);
        case("３８．０％", &["38.0%"]);
        case("12380\u{2060}举报", &["12380举报"]);
        case(" 县委\u{3000}书记  ", &["县委", "书记"]);
        case("", &[]);
    }
}
