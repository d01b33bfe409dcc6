//! Character references in HTML and SVG text: the one decoder that the search index, the
//! link checker, the image renderer's font check and the chart layout tests share.

use std::borrow::Cow;

/// How far after `&` the closing `;` may stand: enough for any numeric reference written
/// with leading zeros, and for every named one this module knows.
const LONGEST_REFERENCE: usize = 32;

/// Text with its character references replaced: decimal (`&#20154;`), hexadecimal
/// (`&#x4EBA;`, `&#X4eba;`) and the named ones templates, Markdown and SVG writers emit
/// (`&amp;` `&lt;` `&gt;` `&quot;` `&apos;` `&nbsp;` `&middot;` `&mdash;` `&ndash;`
/// `&hellip;` `&copy;`). Anything else, an unknown name, a number that is no character, a
/// `&` without its `;`, stays as written. Text without `&` is returned borrowed.
pub fn decode_entities(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match reference(rest) {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The character the reference at the start of `s` (which starts with `&`) stands for, and
/// the reference's length in bytes including `&` and `;`.
fn reference(s: &str) -> Option<(char, usize)> {
    let semi = s
        .bytes()
        .skip(1)
        .take(LONGEST_REFERENCE)
        .position(|b| b == b';')?
        + 1;
    let name = &s[1..semi];
    let c = match name.strip_prefix('#') {
        Some(number) => numeric(number)?,
        None => named(name)?,
    };
    Some((c, semi + 1))
}

/// The character of a numeric reference's digits (after `#`): decimal, or hexadecimal
/// after `x` or `X`.
fn numeric(number: &str) -> Option<char> {
    let (digits, radix) = match number.strip_prefix(['x', 'X']) {
        Some(hex) => (hex, 16),
        None => (number, 10),
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    char::from_u32(u32::from_str_radix(digits, radix).ok()?)
}

fn named(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "middot" => '·',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        "copy" => '©',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn case(input: &str, expected: &str) {
        assert_eq!(decode_entities(input), expected, "decoding {input:?}");
    }

    #[test]
    fn text_without_references_is_borrowed() {
        assert!(matches!(decode_entities("选人用人 a<b"), Cow::Borrowed(_)));
        case("", "");
    }

    #[test]
    fn named_references() {
        case("a&amp;b", "a&b");
        case("&lt;text&gt;", "<text>");
        case("&quot;x&quot; &apos;y&apos;", "\"x\" 'y'");
        case("1&nbsp;2", "1\u{a0}2");
        case("a&middot;b&mdash;c&ndash;d&hellip;&copy;", "a·b—c–d…©");
        // Decoded once: an escaped reference comes out as the reference.
        case("&amp;lt;", "&lt;");
    }

    #[test]
    fn decimal_references() {
        case("&#65;&#66;", "AB");
        case("&#20154;", "人");
        case("&#0000000065;", "A");
        case("&#1114111;", "\u{10FFFF}");
    }

    #[test]
    fn hexadecimal_references() {
        case("&#x41;", "A");
        case("&#X41;", "A");
        case("&#x9009;&#x4eba;", "选人");
        case("&#x10FFFF;", "\u{10FFFF}");
    }

    #[test]
    fn malformed_references_stay_as_written() {
        case("&", "&");
        case("a & b", "a & b");
        case("&amp", "&amp");
        case("&;", "&;");
        case("&#;", "&#;");
        case("&#x;", "&#x;");
        case("&#12a;", "&#12a;");
        case("&#xG1;", "&#xG1;");
        case("&#+65;", "&#+65;");
        case("&#-65;", "&#-65;");
        case("&unknown;", "&unknown;");
        case("&AMP;", "&AMP;");
        // Not characters: a surrogate, past U+10FFFF, past u32.
        case("&#xD800;", "&#xD800;");
        case("&#x110000;", "&#x110000;");
        case("&#99999999999999999999;", "&#99999999999999999999;");
        // A `;` too far away closes no reference.
        case(
            "&#00000000000000000000000000000065;",
            "&#00000000000000000000000000000065;",
        );
        // A reference that starts inside a broken one is still read.
        case("&foo&amp;", "&foo&");
        case("&&#65;", "&A");
        case("a&b&lt;&#x41;&#66;&unknown;&", "a&b<AB&unknown;&");
    }

    #[test]
    fn multibyte_text_around_a_broken_reference_does_not_panic() {
        case("&选人用人;", "&选人用人;");
        case("&选", "&选");
        case("人&#x4eba人;", "人&#x4eba人;");
        for s in ["&", "&#", "&#x", "&选", "&\u{10FFFF}", "&#x人;"] {
            let _ = decode_entities(s);
        }
    }
}
