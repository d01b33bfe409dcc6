//! YAML with positions: typed parsing whose errors name line and column, and an index from
//! dotted key paths to where each key stands, for errors found after parsing.

use std::collections::HashMap;

use serde::de::DeserializeOwned;

use crate::diagnostic::{Diagnostic, nearest};
use crate::messages::Text;
use crate::messages::catalog::{self as codes, Code};
use crate::messages::wrong_type::{Syntax, wrong_type};
use crate::t;

use super::SourceFile;

/// How to fill in an empty file, or an empty front matter (`front_matter`), by what the
/// file is: a county's figures, a region's, the city's, the Q&A or a page's front matter.
fn empty_help(file: &SourceFile, front_matter: bool) -> Text {
    let name = file
        .rel
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let in_articles = file.rel.components().any(|c| c.as_os_str() == "articles");
    match name.as_str() {
        _ if front_matter && in_articles => Text::both(
            "write a `title:` and a `date:` line between the two `---` lines; `qingfeng new article SLUG` writes an article with every field",
            "请在两行 `---` 之间写上 `title:` 和 `date:` 两行；`qingfeng new article 拼音名` 会生成含全部字段的报道",
        ),
        _ if front_matter => Text::both(
            "write a `title:` and a `date:` line between the two `---` lines",
            "请在两行 `---` 之间写上 `title:` 和 `date:` 两行",
        ),
        "city.yaml" | "city.yml" => Text::both(
            "write the city's `name:`, `year:` and `date:` at least; docs/content-model.md lists every field",
            "请至少写上全市的 `name:`、`year:` 和 `date:`；全部字段见 docs/content-model.md",
        ),
        "qa.yaml" | "qa.yml" => Text::both(
            "write `title:`, `date:` and `items:` (each a `question:` and its `answer:`), or delete the file for a site without a Q&A page",
            "请写上 `title:`、`date:` 和 `items:`（每项一个 `question:` 和它的 `answer:`），网站不设知识问答页时删去这个文件",
        ),
        "_index.yaml" | "_index.yml" => Text::both(
            "write the region's `name:`, `level:`, `year:` and `date:`; `qingfeng new region SLUG --in PARENT` writes a region with every field",
            "请写上地区的 `name:`、`level:`、`year:` 和 `date:`；`qingfeng new region 拼音名 --in 上级` 会生成含全部字段的地区",
        ),
        _ => Text::both(
            "fill in the fields; `qingfeng new county SLUG` writes a file with every field",
            "请填写各字段；`qingfeng new county 拼音名` 会生成含全部字段的文件",
        ),
    }
}

/// Parses `text`, a part of `file` starting at line `first_line` (1 for a whole file), into `T`.
pub fn parse<T: DeserializeOwned>(
    file: &SourceFile,
    text: &str,
    first_line: usize,
) -> Result<T, Box<Diagnostic>> {
    if text.trim().is_empty()
        || text
            .lines()
            .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    {
        return Err(Box::new(
            Diagnostic::error(
                file.rel.clone(),
                if first_line > 1 {
                    Text::both(
                        "the front matter between the `---` lines is empty",
                        "两行 `---` 之间的前置信息是空的",
                    )
                } else {
                    Text::both(
                        "is empty: no YAML figures in it",
                        "文件是空的：其中没有 YAML 数据",
                    )
                },
            )
            .at(&file.text, first_line, 0)
            .help(empty_help(file, first_line > 1))
            .code(codes::YAML_EMPTY),
        ));
    }
    if let Some((line, column)) = too_deep(text) {
        let line = line + first_line - 1;
        return Err(Box::new(
            Diagnostic::error(
                file.rel.clone(),
                t!(
                    "the YAML is nested too deeply (more than {MAX_DEPTH} levels)",
                    "YAML 嵌套层数过多（超过 {MAX_DEPTH} 层）"
                ),
            )
            .at(&file.text, line, column)
            .help(Text::both(
                "write the figures out plainly, without deep nesting or anchors",
                "直接写出数据，不要深层嵌套或使用锚点",
            ))
            .code(codes::YAML_TOO_DEEP),
        ));
    }
    serde_yaml::from_str(text).map_err(|e| {
        if let Some(d) = keyboard_slip(file, text, first_line, &e.to_string()) {
            return Box::new(d);
        }
        let raw = e.to_string();
        let message = raw.split(" at line ").next().unwrap_or(&raw).to_string();
        let (mut line, mut column) = e
            .location()
            .map_or((first_line, 0), |l| (l.line() + first_line - 1, l.column()));
        // serde places a duplicate at the start of its mapping: point at the second key.
        let second = duplicate_key(&message)
            .and_then(|key| second_occurrence(text, line + 1 - first_line, column, key));
        if let Some((l, c)) = second {
            (line, column) = (l + first_line - 1, c);
        }
        // A value refused by its type (a date, say) is placed at its own line, not at the
        // start of the mapping that holds it.
        if let Some((l, c)) = quoted_value(&message)
            .and_then(|value| value_position(text, line + 1 - first_line, value))
        {
            (line, column) = (l + first_line - 1, c);
        }
        let (code, text) = humanize(&message);
        let mut d = Diagnostic::error(file.rel.clone(), text)
            .at(&file.text, line, column)
            .code(code);
        if let Some(help) = help_for(&message) {
            d.set_help(help);
        }
        if let Some((key, inner)) = chinese_quoted(&message) {
            let path = message.split(": invalid type").next().unwrap_or("");
            d.set_message(t!(
                "`{path}`: the value `“{inner}”` is wrapped in Chinese quotation marks, so YAML reads it as text",
                "`{path}`：值 `“{inner}”` 外面加了中文引号，YAML 把它读成了文字"
            ));
            let written = if key.is_empty() {
                inner.to_owned()
            } else {
                format!("{key}: {inner}")
            };
            d.set_help(t!(
                "leave the quotes out: `{written}` (去掉中文引号)",
                "去掉中文引号，建议改为 `{written}`"
            ));
            d.code = codes::CHINESE_QUOTES;
        }
        if d.source_line.as_deref().is_some_and(|l| l.contains('\t'))
            && (message.contains("cannot start any token") || message.contains("tab character"))
        {
            d.set_message(t!("{message}", "缩进中有制表符（YAML 解析器：{message}）"));
            d.set_help(Text::both(
                "YAML is indented with spaces only: replace the tab with spaces",
                "YAML 只能用空格缩进：把制表符改为空格",
            ));
            d.code = codes::TAB_INDENT;
        }
        Box::new(d)
    })
}

/// Warnings for what in `text` (part of `file` from `first_line`) parses but is not what an
/// editor meant ([`super::slips::quirks`]).
pub fn quirks(file: &SourceFile, text: &str, first_line: usize) -> Vec<Diagnostic> {
    super::slips::quirks(text)
        .into_iter()
        .map(|q| {
            Diagnostic::warning(file.rel.clone(), q.message)
                .at(&file.text, q.line + first_line - 1, q.column)
                .help(q.help)
                .code(q.code)
        })
        .collect()
}

/// A Chinese-keyboard slip that explains a parse error better than the parser can: the
/// exact character and its replacement ([`super::slips`]), a missing colon, a key
/// de-indented out of the block that misses it, an unclosed bracket, or a line indented out
/// of its block (the first of these found).
fn keyboard_slip(
    file: &SourceFile,
    text: &str,
    first_line: usize,
    error: &str,
) -> Option<Diagnostic> {
    let slip = character_slip(text)
        .or_else(|| colon_slip(text))
        .or_else(|| field_slip(text, error))
        .or_else(|| bracket_slip(text))
        .or_else(|| indent_slip(text))?;
    Some(
        Diagnostic::error(file.rel.clone(), slip.message)
            .at(&file.text, slip.line + first_line - 1, slip.column)
            .help(slip.help)
            .code(slip.code),
    )
}

/// A slip found in a YAML text, at its line and column (counted in that text).
struct Slip {
    line: usize,
    column: usize,
    code: Code,
    message: Text,
    help: Text,
}

/// A character typed on a Chinese keyboard where YAML wants another (`：` for `:`).
fn character_slip(text: &str) -> Option<Slip> {
    let slip = super::slips::find(text).into_iter().next()?;
    let help = if slip.fix.is_some() {
        let (en, zh) = (&slip.help.en, slip.help.get(crate::messages::Lang::Zh));
        t!(
            "{en} (`qingfeng check --fix` does this)",
            "{zh}（`qingfeng check --fix` 可自动修改）"
        )
    } else {
        slip.help
    };
    Some(Slip {
        line: slip.line,
        column: slip.column,
        code: slip.code,
        message: slip.message,
        help,
    })
}

/// A key with no colon after it.
fn colon_slip(text: &str) -> Option<Slip> {
    let (line, column, key, value) = super::slips::missing_colon(text)?;
    let written = if value.is_empty() {
        format!("{key}:")
    } else {
        format!("{key}: {value}")
    };
    Some(Slip {
        line,
        column,
        code: codes::MISSING_COLON,
        message: t!("no colon after the key `{key}`", "键 `{key}` 后面缺少冒号"),
        help: t!(
            "write a half-width colon and a space after the key: `{written}`",
            "在键后面写半角冒号和一个空格，建议改为 `{written}`"
        ),
    })
}

/// A key the parser says a block misses, written in the file without its indent.
fn field_slip(text: &str, error: &str) -> Option<Slip> {
    let key = error
        .split("missing field `")
        .nth(1)
        .and_then(|rest| rest.split('`').next())?;
    let block = error.split(": missing field").next().unwrap_or("");
    let block = block.rsplit('.').next().unwrap_or(block);
    if block.is_empty() || block == key {
        return None;
    }
    let (n, _) = text.lines().enumerate().find(|(_, l)| {
        let trimmed = l.trim_start_matches(' ');
        trimmed.starts_with(&format!("{key}:")) && l.len() == trimmed.len()
    })?;
    Some(Slip {
        line: n + 1,
        column: 1,
        code: codes::MISSING_FIELD,
        message: t!(
            "`{key}:` is not indented under `{block}:`, where it belongs",
            "`{key}:` 应缩进在 `{block}:` 下面，现在没有"
        ),
        help: t!(
            "indent `{key}:` like the other keys under `{block}:` (two spaces)",
            "把 `{key}:` 的缩进改得与 `{block}:` 下的其他键一致（两个空格）"
        ),
    })
}

/// A `[` or `{` never closed.
fn bracket_slip(text: &str) -> Option<Slip> {
    let (line, column, close) = super::slips::unclosed_bracket(text)?;
    let open = if close == '}' { '{' } else { '[' };
    Some(Slip {
        line,
        column,
        code: codes::UNCLOSED_BRACKET,
        message: t!(
            "the `{open}` here is never closed: YAML reads the lines after it as part of it",
            "这里的 `{open}` 没有对应的 `{close}`：YAML 把后面的行也当作其中的内容"
        ),
        help: t!(
            "add `{close}` where the value ends, on this line",
            "在这一行值的末尾补上 `{close}`"
        ),
    })
}

/// A line indented more than the line before it, out of its block.
fn indent_slip(text: &str) -> Option<Slip> {
    let (line, column, owner) = super::slips::misplaced_indent(text)?;
    let (owner, owner_zh) = if owner.is_empty() {
        ("the top level".to_owned(), "最外层".to_owned())
    } else {
        (format!("`{owner}:`"), format!("`{owner}:`"))
    };
    let spaces = column - 1;
    Some(Slip {
        line,
        column,
        code: codes::MISPLACED_INDENT,
        message: t!(
            "this line is indented by {spaces} spaces, more than the line before it",
            "这一行缩进了 {spaces} 个空格，比上一行多"
        ),
        help: t!(
            "it appears to belong to {owner}: indent it like the keys around it",
            "它似乎属于{owner_zh}：请把缩进改得与周围的键一致"
        ),
    })
}

/// A value in Chinese quotation marks refused by its type (`count: “3”` where a number
/// belongs): the key as the path names it last (empty for a list item) and what is
/// inside the quotes.
fn chinese_quoted(message: &str) -> Option<(&str, &str)> {
    let (path, rest) = message.split_once(": invalid type: string \"")?;
    let value = rest.split("\", expected").next()?;
    let inner = value.strip_prefix('“')?.strip_suffix('”')?;
    if inner.is_empty() || inner.contains(['“', '”']) {
        return None;
    }
    let key = path.rsplit('.').next().unwrap_or(path);
    let key = if key.ends_with(']') { "" } else { key };
    Some((key, inner))
}

/// The value a custom error quotes first: "`2016-13-45` is not a date" → `2016-13-45`.
fn quoted_value(message: &str) -> Option<&str> {
    let rest = message.strip_prefix('`')?;
    let value = &rest[..rest.find('`')?];
    (!value.is_empty()).then_some(value)
}

/// Where `value` stands as a mapping value (`key: value`, quoted or not) at or after the
/// 1-based line `from`: its line and column.
fn value_position(text: &str, from: usize, value: &str) -> Option<(usize, usize)> {
    text.lines()
        .enumerate()
        .skip(from.saturating_sub(1))
        .find_map(|(i, line)| {
            let (_, after) = line.split_once(':')?;
            let trimmed = after.trim_start();
            let unquoted = trimmed.trim_start_matches(['"', '\'']);
            let cell = unquoted.split(" #").next().unwrap_or(unquoted);
            let cell = cell.trim_end().trim_end_matches(['"', '\'']);
            (cell == value).then(|| {
                let byte = line.len() - unquoted.len();
                (i + 1, line[..byte].chars().count() + 1)
            })
        })
}

/// The deepest nesting a YAML text may have; qingfeng's data needs four levels.
pub const MAX_DEPTH: usize = 64;

/// Where a YAML text first nests deeper than [`MAX_DEPTH`] (1-based line and column), by a
/// linear scan. The YAML parser takes time quadratic in the depth before its own limit
/// stops it, so a file of nothing but `[` would hang the build without this.
pub fn too_deep(text: &str) -> Option<(usize, usize)> {
    let mut flow = 0usize;
    let mut indents: Vec<usize> = Vec::new();
    let mut quote: Option<char> = None;
    for (i, line) in text.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let trimmed = line.trim_start_matches(' ');
        if quote.is_none() && flow == 0 && !trimmed.is_empty() && !trimmed.starts_with('#') {
            // Block context: one level per deeper indentation, one per leading `- `.
            let indent = line.len() - trimmed.len();
            while indents.last().is_some_and(|&n| n > indent) {
                indents.pop();
            }
            if indents.last() != Some(&indent) {
                indents.push(indent);
            }
            let mut rest = trimmed;
            let mut dashes = 0;
            while let Some(r) = rest
                .strip_prefix('-')
                .filter(|r| r.is_empty() || r.starts_with([' ', '\t']))
            {
                dashes += 1;
                rest = r.trim_start_matches([' ', '\t']);
            }
            if indents.len() + dashes > MAX_DEPTH {
                return Some((i + 1, indent + 1));
            }
        }
        let mut prev = '\n';
        let mut raw_prev = ' ';
        let mut chars = line.chars().enumerate();
        while let Some((col, c)) = chars.next() {
            let after_space = raw_prev == ' ' || raw_prev == '\t';
            raw_prev = c;
            if let Some(q) = quote {
                if c == '\\' && q == '"' {
                    chars.next();
                } else if c == q {
                    quote = None;
                }
                prev = c;
                continue;
            }
            let at_value_start = matches!(prev, '\n' | ':' | '-' | '[' | '{' | ',' | '?');
            match c {
                ' ' | '\t' => continue,
                '#' if after_space => break,
                '\'' | '"' if at_value_start => quote = Some(c),
                '[' | '{' if at_value_start => {
                    flow += 1;
                    if flow + indents.len() > MAX_DEPTH {
                        return Some((i + 1, col + 1));
                    }
                }
                // Inside a plain scalar (`关于[某]事`): text, not a collection.
                '[' | '{' => {
                    prev = 'a';
                    continue;
                }
                ']' | '}' => flow = flow.saturating_sub(1),
                _ => {}
            }
            prev = c;
        }
    }
    None
}

/// The key a "duplicate field `K`" or "duplicate key `K`" message names.
fn duplicate_key(message: &str) -> Option<&str> {
    let rest = message
        .split("duplicate field `")
        .nth(1)
        .or_else(|| message.split("duplicate key `").nth(1))?;
    rest.split('`').next()
}

/// The second line at the indentation of `(line, column)` (1-based, in `text`) that defines
/// `key`, before the mapping there ends.
fn second_occurrence(text: &str, line: usize, column: usize, key: &str) -> Option<(usize, usize)> {
    let indent = column.checked_sub(1)?;
    let mut seen = 0;
    for (i, raw) in text.lines().enumerate().skip(line.checked_sub(1)?) {
        let trimmed = raw.trim_start_matches(' ');
        if trimmed.trim().is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let at = raw.len() - trimmed.len();
        if at < indent {
            break;
        }
        if at > indent {
            continue;
        }
        let name = trimmed
            .split(':')
            .next()
            .unwrap_or("")
            .trim()
            .trim_matches(['"', '\'']);
        if name == key && trimmed.contains(':') {
            seen += 1;
            if seen == 2 {
                return Some((i + 1, column));
            }
        }
    }
    None
}

/// Rewrites serde's messages where they are obscure for an editor, with their code; the
/// Chinese frames the parser's English.
fn humanize(message: &str) -> (Code, Text) {
    if message.contains("invalid type: sequence, expected struct") {
        return (
            codes::WRONG_TYPE,
            t!(
                "{message}: the file must be a mapping of `key: value` lines, not a list",
                "文件应为一行一个 `键: 值`，而不是列表（YAML 解析器：{message}）"
            ),
        );
    }
    if message.contains("recursion limit exceeded") {
        return (
            codes::YAML_TOO_DEEP,
            Text::both("the YAML is nested too deeply", "YAML 嵌套层数过多"),
        );
    }
    if message.contains("repetition limit exceeded") {
        return (
            codes::YAML_TOO_DEEP,
            Text::both(
                "the YAML's aliases expand too far (an alias bomb?)",
                "YAML 的别名展开过多",
            ),
        );
    }
    let field = |marker: &str| {
        message
            .split(marker)
            .nth(1)
            .and_then(|rest| rest.split('`').next())
            .unwrap_or("")
            .to_string()
    };
    if message.contains("missing field `") {
        let key = field("missing field `");
        return (
            codes::MISSING_FIELD,
            t!(
                "{message}",
                "缺少必填字段 `{key}`（YAML 解析器：{message}）"
            ),
        );
    }
    if message.contains("unknown field `") {
        let key = field("unknown field `");
        return (
            codes::UNKNOWN_FIELD,
            t!("{message}", "未知字段 `{key}`（YAML 解析器：{message}）"),
        );
    }
    if message.contains("duplicate field") || message.contains("duplicate key") {
        return (
            codes::DUPLICATE_KEY,
            t!("{message}", "键重复出现（YAML 解析器：{message}）"),
        );
    }
    if message.contains("invalid type") || message.contains("invalid value") {
        if let Some(text) = wrong_type(message, Syntax::Yaml) {
            return (codes::WRONG_TYPE, text);
        }
        return (
            codes::WRONG_TYPE,
            t!("{message}", "值的类型不对（YAML 解析器：{message}）"),
        );
    }
    if let Some(text) = date_message(message) {
        return (codes::INVALID_VALUE, text);
    }
    if let Some(text) = unknown_variant(message) {
        return (codes::INVALID_VALUE, text);
    }
    if message.starts_with('`') {
        // A value refused by its type's own check, e.g. "`2016-13-45` is not a date".
        return (
            codes::INVALID_VALUE,
            t!("{message}", "值不符合要求（{message}）"),
        );
    }
    (
        codes::YAML_SYNTAX,
        t!("{message}", "YAML 格式有误（YAML 解析器：{message}）"),
    )
}

/// The digits of a refused text value that is a number with leading zeros (`025` → `25`).
fn without_leading_zeros(message: &str) -> Option<String> {
    let quoted = message.split("invalid type: string \"").nth(1)?;
    let value = quoted.split('"').next()?;
    let trimmed = value.trim_start_matches('0');
    (value.len() > 1 && value.starts_with('0') && value.bytes().all(|b| b.is_ascii_digit()))
        .then(|| if trimmed.is_empty() { "0" } else { trimmed }.to_owned())
}

/// serde's "PATH: unknown variant `X`, expected one of `a`, `b`, `c`" in words: the
/// value and the ones allowed.
fn unknown_variant(message: &str) -> Option<Text> {
    let (path, rest) = message.split_once(": unknown variant `").map_or_else(
        || ("", message.strip_prefix("unknown variant `")),
        |(p, r)| (p, Some(r)),
    );
    let rest = rest?;
    let (value, expected) = rest.split_once("`, expected ")?;
    let allowed: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    if allowed.is_empty() {
        return None;
    }
    let (en, zh) = (allowed.join(", "), allowed.join("、"));
    let key = if path.is_empty() {
        "the value".to_owned()
    } else {
        format!("`{path}`")
    };
    let key_zh = if path.is_empty() {
        "值".to_owned()
    } else {
        format!("`{path}` ")
    };
    Some(t!(
        "{key} should be one of {en}, but is `{value}`",
        "{key_zh}只能是 {zh} 之一，现在是 `{value}`"
    ))
}

/// The help for a county's `kind` that is no 县, 市 or 区: the one a division of that kind
/// is written as (自治县 and 旗 as 县, 县级市 as 市, 林区 and 特区 as 区).
fn kind_help(message: &str) -> Option<Text> {
    let value = message
        .split("kind: unknown variant `")
        .nth(1)?
        .split('`')
        .next()?;
    let kind = match value.chars().last()? {
        '市' => "市",
        '区' => "区",
        _ => "县",
    };
    Some(t!(
        "write `kind: {kind}`: a 自治县 or 旗 is written 县, a 县级市 市, a 林区 or 特区 区; the name keeps the full form",
        "写 `kind: {kind}`：自治县、旗写 县，县级市写 市，林区、特区写 区；名称中照写全称"
    ))
}

/// A date refused by the model's date reader (`Date`), in both languages: written
/// another way (`2016/8/20`, with the date it means) or no date at all (`2016-13-45`).
fn date_message(message: &str) -> Option<Text> {
    let value = quoted_value(message)?;
    if let Some((_, date)) = message.split_once("is not written as a date qingfeng reads: write `")
    {
        let date = date.trim_end_matches('`');
        return Some(t!(
            "`{value}` is not written as a date qingfeng reads: write `{date}`",
            "日期 `{value}` 的写法 qingfeng 读不了，应写作 `{date}`（年-月-日）"
        ));
    }
    message
        .contains("is not a date; write it as YYYY-MM-DD")
        .then(|| {
            t!(
                "`{value}` is not a date; write it as YYYY-MM-DD, e.g. 2016-08-20",
                "`{value}` 不是有效的日期，请按“年-月-日”写，例如 2016-08-20"
            )
        })
}

fn help_for(message: &str) -> Option<Text> {
    if let Some(help) = kind_help(message) {
        return Some(help);
    }
    if let Some(number) = without_leading_zeros(message) {
        return Some(t!(
            "write `{number}`, without the leading zero",
            "去掉开头的 0，写作 `{number}`"
        ));
    }
    if message.contains("expected struct") {
        return Some(Text::both(
            "write the key alone on its line and its figures on the lines below, indented by two spaces (every field: docs/content-model.md)",
            "键单独占一行，其下各项缩进两个空格（全部字段见 docs/content-model.md）",
        ));
    }
    if message.contains("expected a boolean") {
        return Some(Text::both(
            "write `true` (是) or `false` (否)",
            "是写 `true`，否写 `false`",
        ));
    }
    let quoted_number = message
        .split("invalid type: string \"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .is_some_and(|value| value.parse::<f64>().is_ok_and(f64::is_finite));
    if quoted_number && (message.contains("expected u") || message.contains("expected f")) {
        return Some(Text::both(
            "leave the quotes out: a number in quotes is text",
            "去掉引号：加了引号的数字是文字",
        ));
    }
    if let Some(rest) = message.split("unknown field `").nth(1) {
        let key = rest.split('`').next().unwrap_or("");
        let expected: Vec<&str> = rest
            .split("expected ")
            .nth(1)
            .unwrap_or("")
            .split('`')
            .skip(1)
            .step_by(2)
            .collect();
        let valid = expected.join(", ");
        return Some(match nearest(key, expected.iter().copied()) {
            Some(n) => t!("did you mean `{n}`?", "建议改为 `{n}`"),
            None => t!("valid keys here: {valid}", "这里可用的键：{valid}"),
        });
    }
    if message.contains("missing field") {
        return Some(Text::both(
            "add the field; every field is listed in docs/content-model.md",
            "请补上该字段；全部字段见 docs/content-model.md（`qingfeng new county 拼音名` 生成的文件含全部字段）",
        ));
    }
    if message.contains("duplicate field") || message.contains("duplicate key") {
        return Some(Text::both(
            "each key may appear once; delete one of them",
            "每个键只能出现一次；请删去其中一个",
        ));
    }
    if message.contains("expected u32") || message.contains("expected u64") {
        return Some(Text::both(
            "write a whole number from 0 to 100000",
            "应为 0 到 100000 之间的整数",
        ));
    }
    if message.contains("expected f64") {
        return Some(Text::both(
            "write a number, e.g. 45.6",
            "应为数字，例如 45.6",
        ));
    }
    if message.contains("recursion limit") || message.contains("repetition limit") {
        return Some(Text::both(
            "write the figures out plainly, without deep nesting or anchors",
            "直接写出数据，不要深层嵌套或使用锚点",
        ));
    }
    None
}

/// Where each key of a block-style YAML mapping stands: dotted path → (line, column).
#[derive(Debug, Default, Clone)]
pub struct KeyIndex {
    positions: HashMap<String, (usize, usize)>,
}

impl KeyIndex {
    /// Indexes `text`, whose first line is line `first_line` of the file.
    pub fn new(text: &str, first_line: usize) -> Self {
        let mut positions = HashMap::new();
        let mut stack: Vec<(usize, String)> = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line = raw.trim_end_matches('\r');
            let trimmed = line.trim_start();
            if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with('-') {
                continue;
            }
            let indent = line.len() - trimmed.len();
            let Some(colon) = trimmed.find(':') else {
                continue;
            };
            let key = trimmed[..colon].trim().trim_matches(['"', '\'']);
            if key.is_empty() || key.contains(' ') {
                continue;
            }
            while stack.last().is_some_and(|(n, _)| *n >= indent) {
                stack.pop();
            }
            let mut path: Vec<&str> = stack.iter().map(|(_, k)| k.as_str()).collect();
            path.push(key);
            let col = line[..indent].chars().count() + 1;
            positions
                .entry(path.join("."))
                .or_insert((i + first_line, col));
            stack.push((indent, key.to_string()));
        }
        Self { positions }
    }

    /// The position of a key path such as `women.principal`, falling back to its parents.
    pub fn position(&self, path: &str) -> Option<(usize, usize)> {
        let mut p = path;
        loop {
            if let Some(pos) = self.positions.get(p) {
                return Some(*pos);
            }
            p = &p[..p.rfind('.')?];
        }
    }

    /// The position of the value of a key (after `key: `), or of the key.
    pub fn value_position(
        &self,
        text: &str,
        first_line: usize,
        path: &str,
    ) -> Option<(usize, usize)> {
        let (line, col) = self.position(path)?;
        let src = text.lines().nth(line.checked_sub(first_line)?)?;
        let after_key: String = src.chars().skip(col - 1).collect();
        let colon = after_key.find(':')?;
        let rest = &after_key[colon + 1..];
        let skip = rest.len() - rest.trim_start().len();
        if rest.trim().is_empty() {
            return Some((line, col));
        }
        Some((line, col + after_key[..colon + 1 + skip].chars().count()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_errors_are_told_without_rust_type_names() {
        let words = |m: &str| {
            wrong_type(m, Syntax::Yaml)
                .map(|t| (t.en.clone(), t.get(crate::messages::Lang::Zh).to_owned()))
        };
        assert_eq!(
            words("members: invalid type: string \"25\\u{3000}\", expected u32"),
            Some((
                "`members` should be a whole number (0 or more), but is the text `25\u{3000}`"
                    .into(),
                "`members` 应为不小于 0 的整数，现在是文字 `25\u{3000}`".into()
            ))
        );
        let women =
            words("women: invalid type: integer `4`, expected struct Women").expect("worded");
        assert_eq!(
            women.0,
            "`women` should be a block of `key: value` lines indented under it, but is the number 4"
        );
        let year = words("year: invalid value: integer `200000`, expected u16").expect("worded");
        assert!(year.0.contains("from 0 to 65535"), "{}", year.0);
        let flag =
            words("national_poverty_county: invalid type: string \"否\", expected a boolean");
        assert_eq!(
            flag.expect("worded").1,
            "`national_poverty_county` 应为 true 或 false，现在是文字 `否`"
        );
        for message in [
            "members: invalid type: map, expected u32",
            "a[0]: invalid type: sequence, expected f64",
            "invalid type: unit value, expected struct CountyData",
        ] {
            let (en, zh) = words(message).expect("worded");
            for leak in ["u32", "f64", "struct", "CountyData", "invalid type"] {
                assert!(!en.contains(leak) && !zh.contains(leak), "{en} / {zh}");
            }
        }
        // Unknown shapes keep the parser's words.
        assert_eq!(words("members: invalid type: other, expected u32"), None);
    }

    #[test]
    fn a_kind_that_is_no_variant_is_told_with_the_kinds_allowed() {
        let m = "kind: unknown variant `自治县`, expected one of `县`, `市`, `区`";
        let text = humanize(m).1;
        assert_eq!(
            text.en,
            "`kind` should be one of 县, 市, 区, but is `自治县`"
        );
        assert_eq!(
            text.get(crate::messages::Lang::Zh),
            "`kind` 只能是 县、市、区 之一，现在是 `自治县`"
        );
        assert!(help_for(m).is_some_and(|h| h.en.starts_with("write `kind: 县`")));
        let m = "kind: unknown variant `县级市`, expected one of `县`, `市`, `区`";
        assert!(help_for(m).is_some_and(|h| h.en.starts_with("write `kind: 市`")));
    }

    #[test]
    fn a_refused_date_is_told_in_both_languages() {
        let zh = |m: &str| humanize(m).1.get(crate::messages::Lang::Zh).to_owned();
        assert_eq!(
            zh("`2016/8/20` is not written as a date qingfeng reads: write `2016-08-20`"),
            "日期 `2016/8/20` 的写法 qingfeng 读不了，应写作 `2016-08-20`（年-月-日）"
        );
        assert_eq!(
            zh("`2016-13-45` is not a date; write it as YYYY-MM-DD, e.g. 2016-08-20"),
            "`2016-13-45` 不是有效的日期，请按“年-月-日”写，例如 2016-08-20"
        );
    }

    #[test]
    fn a_number_refused_as_text_gets_the_help_that_fits_it() {
        let help = |m: &str| help_for(m).map(|t| t.en.clone()).unwrap_or_default();
        assert_eq!(
            help("members: invalid type: string \"025\", expected u32"),
            "write `25`, without the leading zero"
        );
        assert!(help("members: invalid type: string \"25\", expected u32").contains("quotes"));
        assert!(help("x: invalid type: string \"否\", expected a boolean").contains("`false`"));
        assert!(
            help("members: invalid type: string \"二十\", expected u32").contains("whole number")
        );
    }

    #[test]
    fn nesting_is_measured_without_the_parser() {
        assert_eq!(too_deep("a: 1\nb:\n  c: [1, {d: 2}]\n"), None);
        assert_eq!(too_deep(&format!("a: {}", "[".repeat(100))), Some((1, 67)));
        assert_eq!(
            too_deep(&format!("a: {}", "{b: ".repeat(100))),
            Some((1, 4 * 63 + 4))
        );
        assert_eq!(too_deep(&format!("a: \"{}\"", "[".repeat(100))), None);
        assert_eq!(too_deep(&format!("a: x{}", "[".repeat(100))), None);
        assert_eq!(too_deep(&format!("a: 1 # {}", "[".repeat(100))), None);
        let block: String = (0..100).map(|i| format!("{}k:\n", " ".repeat(i))).collect();
        assert_eq!(too_deep(&block), Some((65, 65)));
        assert_eq!(too_deep(&format!("{}x", "- ".repeat(100))), Some((1, 1)));
    }

    #[test]
    fn a_number_in_chinese_quotes_is_named() {
        assert_eq!(
            chinese_quoted("women.count: invalid type: string \"“3”\", expected u32"),
            Some(("count", "3"))
        );
        assert_eq!(
            chinese_quoted("invalid type: string \"“46.9”\", expected f64"),
            None,
            "no path, no field"
        );
        assert_eq!(
            chinese_quoted("a[0]: invalid type: string \"“3”\", expected u32"),
            Some(("", "3"))
        );
        assert_eq!(
            chinese_quoted("members: invalid type: string \"3\", expected u32"),
            None
        );
    }

    #[test]
    fn key_index_follows_indentation() {
        let text =
            "name: 尧都区\nwomen:\n  count: 4\n  principal: 1\nage:\n  bands:\n    up_to_35: 1\n";
        let idx = KeyIndex::new(text, 1);
        assert_eq!(idx.position("women.principal"), Some((4, 3)));
        assert_eq!(idx.position("age.bands.up_to_35"), Some((7, 5)));
        assert_eq!(idx.position("age.bands.nope"), Some((6, 3)));
        assert_eq!(
            idx.value_position(text, 1, "women.principal"),
            Some((4, 14))
        );
    }
}
