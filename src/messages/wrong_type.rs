//! The readers' (serde's) "invalid type" and "invalid value" messages in an editor's
//! words: what a value should be and what it is, without Rust's type names (`u32`,
//! `struct Women`). Used for the YAML of the content and for `site.toml`.

use crate::messages::Text;
use crate::t;

/// The syntax of the file the message is about, for how a list or a block is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// The content's YAML: a list is lines starting with `- `.
    Yaml,
    /// `site.toml`: a list is in square brackets.
    Toml,
}

/// serde's "PATH: invalid type: KIND, expected WHAT" in an editor's words: what the value
/// should be and what it is, without Rust's type names (`u32`, `struct Women`).
pub fn wrong_type(message: &str, syntax: Syntax) -> Option<Text> {
    let (path, rest) = match message.split_once(": invalid ") {
        Some((path, rest)) => (path, rest),
        None => ("", message.strip_prefix("invalid ")?),
    };
    let rest = rest
        .strip_prefix("type: ")
        .or_else(|| rest.strip_prefix("value: "))?;
    let (kind, expected) = rest.rsplit_once(", expected ")?;
    let (should, should_zh) = expected_in_words(expected, syntax)?;
    let (is, is_zh) = kind_in_words(kind, syntax)?;
    let (key, key_zh) = if path.is_empty() {
        ("the value".to_owned(), "值".to_owned())
    } else {
        (format!("`{path}`"), format!("`{path}` "))
    };
    Some(t!(
        "{key} should be {should}, but is {is}",
        "{key_zh}应为{should_zh}，现在是{is_zh}"
    ))
}

/// What serde's "expected …" asks for, in English and Chinese.
fn expected_in_words(expected: &str, syntax: Syntax) -> Option<(String, String)> {
    let words = match expected {
        "u8" => ("a whole number from 0 to 255", "0 到 255 之间的整数"),
        "u16" => ("a whole number from 0 to 65535", "0 到 65535 之间的整数"),
        "u32" | "u64" | "usize" => ("a whole number (0 or more)", "不小于 0 的整数"),
        "i8" | "i16" | "i32" | "i64" | "isize" => ("a whole number", "整数"),
        "f32" | "f64" => ("a number, e.g. 45.6", "数字，例如 45.6"),
        "a boolean" => ("true or false", " true 或 false"),
        "a string" | "a borrowed string" => ("text", "文字"),
        "a sequence" if syntax == Syntax::Toml => (
            "a list in square brackets (`[\"…\", \"…\"]`)",
            "方括号括起的列表（`[\"…\", \"…\"]`）",
        ),
        "a sequence" => (
            "a list (lines starting with `- `)",
            "列表（以 `- ` 开头的若干行）",
        ),
        e if (e.starts_with("struct ") || e == "a map") && syntax == Syntax::Toml => (
            "a section (`[name]` and the settings under it)",
            "一个小节（`[名称]` 及其下的各项设置）",
        ),
        e if e.starts_with("struct ") || e == "a map" => (
            "a block of `key: value` lines indented under it",
            "缩进在它下面的若干行 `键: 值`",
        ),
        _ => return None,
    };
    Some((words.0.to_owned(), words.1.to_owned()))
}

/// What serde's "invalid type: …" found, in English and Chinese.
fn kind_in_words(kind: &str, syntax: Syntax) -> Option<(String, String)> {
    if let Some(quoted) = kind.strip_prefix("string ") {
        let text = unescape_debug(quoted.strip_prefix('"')?.strip_suffix('"')?);
        return Some((format!("the text `{text}`"), format!("文字 `{text}`")));
    }
    for (prefix, en, zh) in [
        ("integer ", "the number", "数字"),
        ("floating point ", "the number", "数字"),
        ("boolean ", "", ""),
    ] {
        if let Some(value) = kind.strip_prefix(prefix) {
            // A number too large for any type is told "`N` as i128".
            let value = value
                .split(" as ")
                .next()
                .unwrap_or(value)
                .trim_matches('`');
            return Some(if en.is_empty() {
                (format!("`{value}`"), format!("`{value}`"))
            } else {
                (format!("{en} {value}"), format!("{zh} {value}"))
            });
        }
    }
    let words = match kind {
        "map" if syntax == Syntax::Toml => ("a section", "小节"),
        "map" => ("a block of `key: value` lines", "若干行 `键: 值`"),
        "sequence" => ("a list", "列表"),
        "unit value" => ("empty", "空的"),
        _ => return None,
    };
    Some((words.0.to_owned(), words.1.to_owned()))
}

/// A Rust `Debug` string's contents as typed: `\u{3000}`, `\"`, `\\`, `\n`, `\t` undone.
fn unescape_debug(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('u') => {
                let code: String = chars.by_ref().skip(1).take_while(|&c| c != '}').collect();
                match u32::from_str_radix(&code, 16).ok().and_then(char::from_u32) {
                    Some(ch) => out.push(ch),
                    None => out.push('\u{fffd}'),
                }
            }
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}
