//! Text measurement for layout: plotters guesses widths from UTF-8 bytes, we count ems.

/// Estimated advance width of `s` at `font_px`, in the same units.
///
/// CJK and full-width characters count 1 em, ASCII digits and letters about 0.55 em,
/// narrow punctuation 0.3 em; the estimate errs on the wide side.
pub fn text_width(s: &str, font_px: f64) -> f64 {
    s.chars().map(char_em).sum::<f64>() * font_px
}

fn char_em(c: char) -> f64 {
    match c {
        ' ' | '.' | ',' | ':' | ';' | '\'' | '!' | '|' | '·' => 0.3,
        '(' | ')' | '[' | ']' | '-' | '/' => 0.35,
        'i' | 'l' | 'j' | 'I' | 'f' | 't' | 'r' => 0.35,
        'm' | 'w' => 0.85,
        'M' | 'W' => 0.9,
        '%' => 0.9,
        '0'..='9' | 'a'..='z' => 0.56,
        'A'..='Z' => 0.7,
        '+' | '=' | '<' | '>' | '−' => 0.6,
        '–' => 0.55,
        '…' | '—' => 1.0,
        c if c.is_ascii() => 0.6,
        // Latin-1 and other alphabets: letter-like widths.
        '\u{80}'..='\u{2DFF}' => 0.7,
        // CJK, full-width forms and everything wider.
        _ => 1.0,
    }
}

/// `s` if it fits in `max_width`, else its longest prefix that fits with a trailing `…`.
pub(crate) fn fit(s: &str, font_px: f64, max_width: f64) -> String {
    if text_width(s, font_px) <= max_width {
        return s.to_string();
    }
    let ellipsis = text_width("…", font_px);
    let mut out = String::new();
    let mut width = ellipsis;
    for c in s.chars() {
        let w = char_em(c) * font_px;
        if width + w > max_width {
            break;
        }
        width += w;
        out.push(c);
    }
    out.push('…');
    out
}
