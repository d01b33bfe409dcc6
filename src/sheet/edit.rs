//! Editing a block-style YAML file in place, line by line: set a key's value by replacing
//! only the value's text on its line, add a missing key where its block keeps it, remove a
//! key's line. Every other line (comments, blank lines, key order, quoting) stays as it was.
//! Pure: text in, text out.

use std::ops::Range;

use crate::messages::Text;

/// Where a key stands in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The dotted key path.
    pub path: String,
    /// 0-based line.
    pub line: usize,
    /// Spaces before the key.
    pub indent: usize,
    /// The value's bytes in the line (empty for a block).
    pub value: Range<usize>,
    /// The last line holding a key of this key's block (its own line for a scalar).
    pub last: usize,
}

/// The lines of `text` (without their line breaks) and each key's entry, in order.
pub fn index(text: &str) -> Vec<Entry> {
    let mut entries: Vec<Entry> = Vec::new();
    let mut stack: Vec<usize> = Vec::new(); // indices into entries of the open blocks
    for (n, raw) in text.split('\n').enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let trimmed = line.trim_start_matches(' ');
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with('-') {
            continue;
        }
        let indent = line.len() - trimmed.len();
        let Some(colon) = key_colon(trimmed) else {
            continue;
        };
        let key = trimmed[..colon].trim().trim_matches(['"', '\'']);
        while stack.last().is_some_and(|&e| entries[e].indent >= indent) {
            stack.pop();
        }
        for &e in &stack {
            entries[e].last = n;
        }
        let mut path: Vec<&str> = stack.iter().map(|&e| entries[e].path.as_str()).collect();
        let parent = path.pop().map(str::to_owned);
        let path = match parent {
            Some(p) => format!("{p}.{key}"),
            None => key.to_owned(),
        };
        let value = value_range(line, indent + colon + 1);
        stack.push(entries.len());
        entries.push(Entry {
            path,
            line: n,
            indent,
            value,
            last: n,
        });
    }
    entries
}

/// The byte of the colon that ends a key (`key:` followed by a space or the end).
fn key_colon(trimmed: &str) -> Option<usize> {
    let mut in_quote: Option<char> = None;
    for (i, c) in trimmed.char_indices() {
        match (in_quote, c) {
            (Some(q), c) if c == q => in_quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') if i == 0 => in_quote = Some(c),
            (None, ':') => {
                let rest = &trimmed[i + 1..];
                if rest.is_empty() || rest.starts_with([' ', '\t']) {
                    return Some(i);
                }
            }
            (None, ' ') if trimmed[i..].trim_start().starts_with('#') => return None,
            _ => {}
        }
    }
    None
}

/// The value's bytes on a line, after the colon at byte `after - 1`: without the spaces
/// around it and without a trailing ` # comment`.
fn value_range(line: &str, after: usize) -> Range<usize> {
    let rest = &line[after..];
    let start = after + (rest.len() - rest.trim_start().len());
    let value = &line[start..];
    let end = if let Some(q @ ('"' | '\'')) = value.chars().next() {
        // A quoted value ends at its closing quote.
        let mut end = value.len();
        let mut chars = value.char_indices().skip(1);
        while let Some((i, c)) = chars.next() {
            if c == '\\' && q == '"' {
                chars.next();
            } else if c == q {
                end = i + 1;
                break;
            }
        }
        end
    } else {
        value
            .find(" #")
            .or_else(|| value.find("\t#"))
            .unwrap_or(value.len())
    };
    start..start + value[..end].trim_end().len()
}

/// A YAML text being edited; `order` is the key paths in the order a file keeps them.
pub struct Editor<'a> {
    lines: Vec<String>,
    newline: &'static str,
    order: &'a [&'a str],
}

impl<'a> Editor<'a> {
    /// Starts editing `text`.
    pub fn new(text: &str, order: &'a [&'a str]) -> Self {
        Self {
            lines: text.split('\n').map(str::to_owned).collect(),
            newline: if text.contains("\r\n") { "\r\n" } else { "\n" },
            order,
        }
    }

    /// The text as edited.
    pub fn text(&self) -> String {
        self.lines.join("\n")
    }

    fn entries(&self) -> Vec<Entry> {
        index(&self.text())
    }

    /// The 0-based line of a key, if it is there.
    pub fn line_of(&self, path: &str) -> Option<usize> {
        self.entries()
            .into_iter()
            .find(|e| e.path == path)
            .map(|e| e.line)
    }

    /// Sets `path` to the YAML scalar `value`: replaces the value's text on its line, or
    /// adds the key (and its missing blocks) after the key that precedes it in `order`.
    /// Refuses a key whose block is written inline (`women: {count: 4}`).
    pub fn set(&mut self, path: &str, value: &str) -> Result<(), Text> {
        let entries = self.entries();
        if let Some(e) = entries.iter().find(|e| e.path == path) {
            if e.last != e.line {
                return Err(crate::t!(
                    "`{path}` is a block in the file, not a value",
                    "`{path}` 在文件中是一个块，不是一个值"
                ));
            }
            let cr = self.lines[e.line].ends_with('\r');
            let line = &mut self.lines[e.line];
            if e.value.is_empty() {
                let at = e.value.start.min(line.len() - usize::from(cr));
                let pad = if line[..at].ends_with(' ') { "" } else { " " };
                line.insert_str(at, &format!("{pad}{value}"));
            } else {
                line.replace_range(e.value.clone(), value);
            }
            return Ok(());
        }
        let (parent, key) = match path.rsplit_once('.') {
            Some((p, k)) => (Some(p), k),
            None => (None, path),
        };
        let (indent, mut at) = match parent {
            Some(p) => {
                if !entries.iter().any(|e| e.path == p) {
                    self.insert_block(p)?;
                }
                let entries = self.entries();
                let Some(block) = entries.iter().find(|e| e.path == p) else {
                    return Err(cannot_add(p));
                };
                if !block.value.is_empty() {
                    return Err(crate::t!(
                        "`{p}` is written on one line; write its keys one a line to import into it",
                        "`{p}` 写在了一行里；请把它的各个键分行书写，再导入"
                    ));
                }
                let child = entries
                    .iter()
                    .find(|e| e.line > block.line && e.line <= block.last);
                (child.map_or(block.indent + 2, |c| c.indent), block.line + 1)
            }
            None => (0, self.lines.len()),
        };
        let entries = self.entries();
        if let Some(after) = self.preceding(path, &entries) {
            at = after + 1;
        } else if parent.is_none() {
            at = self.end_of_text();
        }
        let text = format!("{}{key}: {value}{}", " ".repeat(indent), self.cr());
        self.lines.insert(at, text);
        Ok(())
    }

    /// Removes the line of `path`, and its block's line when that leaves the block empty.
    pub fn remove(&mut self, path: &str) {
        let entries = self.entries();
        let Some(e) = entries.iter().find(|e| e.path == path) else {
            return;
        };
        if e.last != e.line {
            return;
        }
        self.lines.remove(e.line);
        if let Some((parent, _)) = path.rsplit_once('.') {
            let entries = self.entries();
            if let Some(b) = entries.iter().find(|b| b.path == parent)
                && b.last == b.line
                && b.value.is_empty()
            {
                self.remove(parent);
            }
        }
    }

    /// Adds an empty block `path:` where `order` places it.
    fn insert_block(&mut self, path: &str) -> Result<(), Text> {
        if let Some((parent, _)) = path.rsplit_once('.')
            && self.line_of(parent).is_none()
        {
            self.insert_block(parent)?;
        }
        let entries = self.entries();
        let (indent, fallback) = match path.rsplit_once('.') {
            Some((p, _)) => {
                let b = entries
                    .iter()
                    .find(|e| e.path == p)
                    .ok_or_else(|| cannot_add(p))?;
                (b.indent + 2, b.last + 1)
            }
            None => (0, self.end_of_text()),
        };
        let at = self
            .preceding(path, &entries)
            .map_or(fallback, |after| after + 1);
        let key = path.rsplit('.').next().unwrap_or(path);
        let text = format!("{}{key}:{}", " ".repeat(indent), self.cr());
        self.lines.insert(at, text);
        Ok(())
    }

    /// The last line of the nearest sibling before `path` in `order` that the file has.
    fn preceding(&self, path: &str, entries: &[Entry]) -> Option<usize> {
        let parent = path.rsplit_once('.').map(|(p, _)| p);
        let siblings: Vec<String> = {
            let mut seen: Vec<String> = Vec::new();
            for full in self.order {
                let Some(s) = sibling_of(full, parent) else {
                    continue;
                };
                if !seen.contains(&s) {
                    seen.push(s);
                }
            }
            seen
        };
        let me = siblings.iter().position(|s| s == path)?;
        siblings[..me]
            .iter()
            .rev()
            .find_map(|s| entries.iter().find(|e| &e.path == s).map(|e| e.last))
    }

    /// Where a new top-level key goes: after the last line that is not blank.
    fn end_of_text(&mut self) -> usize {
        if self.lines.last().is_some_and(|l| l.is_empty()) {
            let at = self
                .lines
                .iter()
                .rposition(|l| !l.trim().is_empty())
                .map_or(0, |i| i + 1);
            return at;
        }
        // No final line break: give the last line one.
        let nl = self.newline;
        if let Some(last) = self.lines.last_mut() {
            if nl == "\r\n" {
                last.push('\r');
            }
        }
        self.lines.push(String::new());
        self.lines.len() - 1
    }

    fn cr(&self) -> &'static str {
        if self.newline == "\r\n" { "\r" } else { "" }
    }
}

/// Why a block cannot be added to the file.
fn cannot_add(path: &str) -> Text {
    crate::t!("cannot add `{path}`", "无法添加 `{path}`")
}

/// `full`'s ancestor (or itself) one level below `parent`: `age.bands` for
/// `age.bands.from_51` below `age`.
fn sibling_of(full: &str, parent: Option<&str>) -> Option<String> {
    let rest = match parent {
        Some(p) => full.strip_prefix(p)?.strip_prefix('.')?,
        None => full,
    };
    let head = rest.split('.').next()?;
    Some(match parent {
        Some(p) => format!("{p}.{head}"),
        None => head.to_owned(),
    })
}

/// A string as a YAML scalar: plain when YAML reads it back as the same string, else
/// double-quoted.
pub fn scalar(text: &str) -> String {
    let plain = !text.is_empty()
        && text.trim() == text
        && !text.starts_with([
            '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%',
            '@', '`',
        ])
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.ends_with(':')
        && !text.chars().any(char::is_control)
        && matches!(
            serde_yaml::from_str::<serde_yaml::Value>(text),
            Ok(serde_yaml::Value::String(s)) if s == text
        );
    if plain {
        return text.to_owned();
    }
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORDER: &[&str] = &[
        "name",
        "short_name",
        "members",
        "age.average",
        "age.youngest",
        "age.bands.up_to_35",
        "age.bands.from_51",
        "women.count",
        "previous.members",
        "previous.women",
    ];

    #[test]
    fn a_value_is_replaced_on_its_line_only() {
        let text = "# 注释\nname: 甲县  # 名称\nage:\n  average: 46.0 # 岁\n  youngest: 34\n";
        let mut e = Editor::new(text, ORDER);
        e.set("age.average", "45.5").expect("set");
        assert_eq!(
            e.text(),
            "# 注释\nname: 甲县  # 名称\nage:\n  average: 45.5 # 岁\n  youngest: 34\n"
        );
        e.set("name", "\"乙县\"").expect("set");
        assert!(e.text().contains("name: \"乙县\"  # 名称\n"));
    }

    #[test]
    fn a_missing_key_goes_after_its_preceding_sibling() {
        let text = "name: 甲县\nmembers: 20\nage:\n  # 平均\n  average: 46.0\n  bands:\n    from_51: 3\nwomen:\n  count: 2\n";
        let mut e = Editor::new(text, ORDER);
        e.set("short_name", "甲").expect("set");
        e.set("age.youngest", "30").expect("set");
        e.set("age.bands.up_to_35", "1").expect("set");
        assert_eq!(
            e.text(),
            "name: 甲县\nshort_name: 甲\nmembers: 20\nage:\n  # 平均\n  average: 46.0\n  youngest: 30\n  bands:\n    up_to_35: 1\n    from_51: 3\nwomen:\n  count: 2\n"
        );
    }

    #[test]
    fn a_missing_block_is_added_and_an_emptied_one_removed() {
        let text = "name: 甲县\r\nwomen:\r\n  count: 2\r\n";
        let mut e = Editor::new(text, ORDER);
        e.set("previous.women", "1").expect("set");
        e.set("previous.members", "20").expect("set");
        assert_eq!(
            e.text(),
            "name: 甲县\r\nwomen:\r\n  count: 2\r\nprevious:\r\n  members: 20\r\n  women: 1\r\n"
        );
        e.remove("previous.women");
        e.remove("previous.members");
        assert_eq!(e.text(), text);
    }

    #[test]
    fn inline_blocks_are_refused() {
        let mut e = Editor::new("women: {count: 2}\n", ORDER);
        assert!(e.set("women.count", "3").is_err());
    }

    #[test]
    fn scalars_read_back_as_the_same_string() {
        for s in [
            "尧都区",
            "2016-08-05",
            "县",
            "true",
            "123",
            "a: b",
            "#x",
            "",
            " x",
            "it's",
            "a\"b",
            "null",
            "~",
            "yes",
            "1e3",
            "x\ny",
        ] {
            let y = format!("k: {}\n", scalar(s));
            let v: std::collections::BTreeMap<String, String> =
                serde_yaml::from_str(&y).unwrap_or_else(|e| panic!("{y}: {e}"));
            assert_eq!(v["k"], s, "{y}");
        }
        assert_eq!(scalar("尧都区"), "尧都区");
        assert_eq!(scalar("2016-08-05"), "2016-08-05");
        assert_eq!(scalar("123"), "\"123\"");
    }
}
