//! Splitting a Markdown file into its YAML front matter and its body.

use crate::diagnostic::Diagnostic;

use super::SourceFile;

/// A Markdown file cut in two.
#[derive(Debug, Clone, Copy)]
pub struct Split<'a> {
    /// The YAML between the `---` fences.
    pub yaml: &'a str,
    /// The line of the file where the YAML starts.
    pub yaml_line: usize,
    /// The Markdown after the closing fence.
    pub body: &'a str,
    /// The line of the file where the body starts.
    pub body_line: usize,
}

/// Splits `file` at its `---` fences; the front matter is required.
pub fn split(file: &SourceFile) -> Result<Split<'_>, Box<Diagnostic>> {
    split_text(&file.text).map_err(|(line, message, help)| {
        Box::new(
            Diagnostic::error(file.rel.clone(), message)
                .at(&file.text, line, 1)
                .help(help)
                .code(crate::messages::catalog::FRONT_MATTER),
        )
    })
}

/// The splitter itself, on text; errors are (line, message, help).
pub fn split_text(
    text: &str,
) -> Result<Split<'_>, (usize, crate::messages::Text, crate::messages::Text)> {
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        return Err((
            1,
            crate::messages::Text::both("has no front matter", "文件开头没有头部信息"),
            crate::messages::Text::both(
                "start the file with a `---` line, then `title:` and `date:` lines, then another `---` line",
                "文件应以一行 `---` 开头，接着写 `title:` 和 `date:`，再写一行 `---`",
            ),
        ));
    }
    let yaml_start = (first_end + 1).min(text.len());
    let mut offset = yaml_start;
    for (line, l) in (2..).zip(text[yaml_start..].split_inclusive('\n')) {
        if l.trim_end() == "---" {
            let body_start = offset + l.len();
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_line: 2,
                body: &text[body_start..],
                body_line: line + 1,
            });
        }
        offset += l.len();
    }
    Err((
        1,
        crate::messages::Text::both(
            "front matter opened here never closes",
            "从这里开始的头部信息没有闭合",
        ),
        crate::messages::Text::both(
            "add a line with only `---` after the last front-matter field",
            "请在头部信息最后一个字段之后加一行 `---`",
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_with_line_numbers() {
        let s = split_text("---\ntitle: 甲\ndate: 2016-08-20\n---\n正文\n").expect("split");
        assert_eq!(s.yaml, "title: 甲\ndate: 2016-08-20\n");
        assert_eq!(s.body, "正文\n");
        assert_eq!((s.yaml_line, s.body_line), (2, 5));
    }

    #[test]
    fn crlf_fences_are_accepted() {
        let s = split_text("---\r\ntitle: 甲\r\n---\r\nbody").expect("split");
        assert_eq!(s.yaml, "title: 甲\r\n");
        assert_eq!(s.body, "body");
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let (line, msg, _) = split_text("---\ntitle: x\n").expect_err("unclosed");
        assert_eq!(line, 1);
        assert!(msg.en.contains("never closes"));
    }
}
