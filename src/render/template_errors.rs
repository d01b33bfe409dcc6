//! Tera's errors as diagnostics: in the template's file (the site's or the theme's), at the
//! line and column where Tera found the problem, in a short message in both languages.
//!
//! Errors found while rendering come as one report with a place; those found while the
//! templates are loaded (an unknown filter, a block no parent has, a missing parent) come
//! as Tera's printed reports joined in one message, or as a kind that names the template.

use std::path::PathBuf;

use crate::diagnostic::{Diagnostic, Diagnostics, nearest};
use crate::messages::catalog::TEMPLATE_ERROR;
use crate::messages::{Lang, Text};
use crate::t;

use super::Templates;

/// How many templates up an inheritance chain are followed for the blocks it offers.
const MAX_PARENTS: usize = 16;

impl Templates {
    /// The diagnostic of a Tera error found while rendering: in the template file and at
    /// the line where Tera found it, when it says; else in `fallback` (a template's name).
    pub(super) fn locate(&self, e: &tera::Error, fallback: &str, what: &Text) -> Diagnostic {
        let (what, what_zh) = (&what.en, what.get(Lang::Zh));
        let report = match e.kind() {
            tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => Some(r),
            _ => None,
        };
        let placed = report.and_then(|r| Some((r, self.sources.get(r.filename())?)));
        match placed {
            Some((r, (path, text))) => {
                let span = r.span();
                let detail = r.message();
                Diagnostic::error(
                    path.clone(),
                    t!("{what}: {detail}", "{what_zh}（模板引擎：{detail}）"),
                )
                .at(text, span.start_line, span.start_col + 1)
                .help(variables_help())
                .code(TEMPLATE_ERROR)
            }
            None => {
                let detail = template_error(e);
                Diagnostic::error(
                    self.path_of(fallback),
                    t!("{what}: {detail}", "{what_zh}（模板引擎：{detail}）"),
                )
                .help(variables_help())
                .code(TEMPLATE_ERROR)
            }
        }
    }

    /// The diagnostics of an error Tera found while loading the templates: each problem
    /// in its template's file, at its line when Tera gives one.
    pub(super) fn load_errors(&self, e: &tera::Error) -> Diagnostics {
        let what = Text::both("template error", "模板出错");
        let mut found = Diagnostics::default();
        match e.kind() {
            tera::ErrorKind::SyntaxError(_) | tera::ErrorKind::RenderingError(_) => {
                found.push(self.locate(e, "", &what));
            }
            tera::ErrorKind::Msg(text) if text.starts_with("error: ") => {
                found.extend(reports(text).filter_map(|r| self.report(&r)));
            }
            tera::ErrorKind::MissingParent { current, parent } => {
                let names = self.sources.keys().map(String::as_str);
                let help = match nearest(parent, names) {
                    Some(n) => t!("did you mean `{n}`?", "建议改为 `{n}`"),
                    None => Text::both(
                        "extend a template of the theme, e.g. `theme/county.html`",
                        "请继承主题中的模板，例如 `theme/county.html`",
                    ),
                };
                found.push(
                    self.at_name(
                        current,
                        parent,
                        t!(
                            "`{current}` extends `{parent}`, which is not a template of the site or the theme",
                            "`{current}` 继承的 `{parent}` 不是网站或主题中的模板"
                        ),
                    )
                    .help(help),
                );
            }
            tera::ErrorKind::CircularExtend {
                tpl,
                inheritance_chain,
            } => {
                let chain = inheritance_chain.join(" → ");
                let next = inheritance_chain.first().map_or("", String::as_str);
                found.push(
                    self.at_name(
                        tpl,
                        next,
                        t!(
                            "`{tpl}` extends itself: {tpl} → {chain}",
                            "`{tpl}` 继承了它自己：{tpl} → {chain}"
                        ),
                    )
                    .help(Text::both(
                        "a site template extends the theme's under `theme/`, e.g. `theme/county.html`",
                        "网站的模板应继承 `theme/` 下的主题模板，例如 `theme/county.html`",
                    )),
                );
            }
            tera::ErrorKind::CircularInclude { tpl, include_chain } => {
                let chain = include_chain.join(" → ");
                let next = include_chain.get(1).map_or("", String::as_str);
                found.push(self.at_name(
                    tpl,
                    next,
                    t!(
                        "`{tpl}` includes itself: {chain}",
                        "`{tpl}` 包含了它自己：{chain}"
                    ),
                ));
            }
            _ => found.push(self.locate(e, "", &what)),
        }
        if found.0.is_empty() {
            found.push(self.locate(e, "", &what));
        }
        found.sort();
        found
    }

    /// One of Tera's printed reports as a diagnostic, in the file of the template it
    /// names (a theme's template is loaded under two names: both give the same one).
    fn report(&self, report: &Report<'_>) -> Option<Diagnostic> {
        let (path, text) = self.sources.get(report.template)?;
        let (message, help) = self.short(report.message, report.template);
        let d = Diagnostic::error(path.clone(), message)
            .at(text, report.line, report.column)
            .help(help.unwrap_or_else(variables_help))
            .code(TEMPLATE_ERROR);
        Some(d)
    }

    /// Tera's message for a problem in `template`, shortened and in both languages, with
    /// a help line where qingfeng knows a better one.
    fn short(&self, message: &str, template: &str) -> (Text, Option<Text>) {
        let quoted = message.split('`').nth(1).unwrap_or("");
        let unknown = |en: &str, zh: &str| {
            (
                t!(
                    "template error: unknown {en} `{quoted}`",
                    "模板出错：未知的{zh} `{quoted}`"
                ),
                Some(t!(
                    "use one of Tera's built-in {en}s, or remove it",
                    "请改用 Tera 内置的{zh}，或删去它"
                )),
            )
        };
        if message.starts_with("Unknown filter") {
            unknown("filter", "过滤器")
        } else if message.starts_with("Unknown test") {
            unknown("test", "测试")
        } else if message.starts_with("Unknown function") {
            unknown("function", "函数")
        } else if message.starts_with("Unknown component") {
            unknown("component", "组件")
        } else if message.starts_with("Unknown template") {
            let names = self.sources.keys().map(String::as_str);
            let help = nearest(quoted, names).map(|n| t!("did you mean `{n}`?", "建议改为 `{n}`"));
            (
                t!(
                    "template error: `{quoted}` is not a template of the site or the theme",
                    "模板出错：`{quoted}` 不是网站或主题中的模板"
                ),
                help,
            )
        } else if message.starts_with("Block `")
            && message.ends_with("not defined in any parent template")
        {
            let parent = self
                .text_of(template)
                .and_then(extends)
                .map_or("", |(name, _)| name);
            let blocks = self.blocks_above(template);
            let help = match nearest(quoted, blocks.iter().map(String::as_str)) {
                Some(n) => t!("did you mean `{n}`?", "建议改为 `{n}`"),
                None => Text::both(
                    "docs/themes.md lists the blocks of the theme's templates",
                    "主题模板中的块见 docs/themes.md",
                ),
            };
            (
                t!(
                    "template error: no block `{quoted}` in {parent}",
                    "模板出错：{parent} 中没有 `{quoted}` 块"
                ),
                Some(help),
            )
        } else {
            (
                t!(
                    "template error: {message}",
                    "模板出错（模板引擎：{message}）"
                ),
                None,
            )
        }
    }

    /// The blocks of the templates `template` extends, nearest first.
    fn blocks_above(&self, template: &str) -> Vec<String> {
        let mut blocks = Vec::new();
        let mut name = template;
        for _ in 0..MAX_PARENTS {
            let Some((parent, _)) = self.text_of(name).and_then(extends) else {
                break;
            };
            let Some(text) = self.text_of(parent) else {
                break;
            };
            blocks.extend(block_names(text).map(str::to_owned));
            name = parent;
        }
        blocks
    }

    /// A diagnostic in the file of `template`, at where it quotes `name` (its `extends`
    /// or `include`), else at its first line.
    fn at_name(&self, template: &str, name: &str, message: Text) -> Diagnostic {
        let d = Diagnostic::error(self.path_of(template), message).code(TEMPLATE_ERROR);
        let Some(text) = self.text_of(template) else {
            return d;
        };
        let at = ['"', '\'', '`']
            .iter()
            .filter_map(|q| text.find(&format!("{q}{name}{q}")).map(|i| i + 1))
            .min()
            .filter(|_| !name.is_empty())
            .unwrap_or(0);
        let (line, column) = crate::diagnostic::line_col(text, at);
        d.at(text, line, column)
    }

    /// The path (from the site's root) of the template Tera knows as `name`.
    fn path_of(&self, name: &str) -> PathBuf {
        self.sources.get(name).map_or_else(
            || PathBuf::from(format!("templates/{name}")),
            |(p, _)| p.clone(),
        )
    }

    fn text_of(&self, name: &str) -> Option<&str> {
        self.sources.get(name).map(|(_, text)| text.as_str())
    }
}

fn variables_help() -> Text {
    Text::both(
        "check the template against the variables listed in docs/themes.md",
        "请对照 docs/themes.md 中列出的变量检查模板",
    )
}

/// A Tera error with its causes, on one line each.
pub(super) fn template_error(e: &tera::Error) -> String {
    let mut s = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(inner) = src {
        s.push_str(&format!("\n  caused by: {inner}"));
        src = inner.source();
    }
    s
}

/// One report Tera printed: `error: MESSAGE` then ` --> TEMPLATE:LINE:COLUMN` and the
/// source line with its carets.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Report<'a> {
    message: &'a str,
    template: &'a str,
    line: usize,
    /// 1-based, in characters.
    column: usize,
}

/// The reports in Tera's message `text`, which joins them with blank lines.
fn reports(text: &str) -> impl Iterator<Item = Report<'_>> {
    text.split("\n\nerror: ").filter_map(|chunk| {
        let mut lines = chunk.lines();
        let message = lines.next()?;
        let message = message.strip_prefix("error: ").unwrap_or(message);
        let place = lines.next()?.trim_start().strip_prefix("--> ")?;
        let mut parts = place.rsplitn(3, ':');
        let column = parts.next()?.parse().ok()?;
        let line = parts.next()?.parse().ok()?;
        Some(Report {
            message,
            template: parts.next()?,
            line,
            column,
        })
    })
}

/// The name a template `extends`, and its byte offset in `text`.
fn extends(text: &str) -> Option<(&str, usize)> {
    tags(text).find_map(|(tag, at)| {
        let rest = tag.strip_prefix("extends")?.trim_start();
        let quote = rest
            .chars()
            .next()
            .filter(|c| matches!(c, '"' | '\'' | '`'))?;
        let name = rest[1..].split(quote).next()?;
        let offset = at + (tag.len() - rest.len()) + 1;
        Some((name, offset))
    })
}

/// The names of the blocks `text` defines.
fn block_names(text: &str) -> impl Iterator<Item = &str> {
    tags(text).filter_map(|(tag, _)| {
        let name = tag.strip_prefix("block ")?.trim_start();
        let end = name
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(name.len());
        Some(&name[..end]).filter(|n| !n.is_empty())
    })
}

/// The statement tags of `text` (`{% … %}`), each without its delimiters and the spaces
/// and `-` inside them, with the byte offset where that starts.
fn tags(text: &str) -> impl Iterator<Item = (&str, usize)> {
    text.match_indices("{%").filter_map(move |(i, _)| {
        let inner = &text[i + 2..];
        let end = inner.find("%}")?;
        let tag = &inner[..end];
        let trimmed = tag.trim_start_matches(['-', ' ', '\t', '\n', '\r']);
        let at = i + 2 + (tag.len() - trimmed.len());
        Some((trimmed.trim_end_matches(['-', ' ', '\t', '\n', '\r']), at))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tera's own report of load-time problems, read back: a change in its wording that
    /// would lose the place fails here.
    #[test]
    fn tera_s_reports_are_read_with_their_places() {
        let mut tera = tera::Tera::new();
        let err = tera
            .add_raw_templates([
                ("base.html", "{% block content %}{% endblock content %}"),
                (
                    "county.html",
                    "{% extends \"base.html\" %}\n{% block contnet %}\n<p>{{ 1 | nosuchfilter }}</p>{% endblock contnet %}",
                ),
            ])
            .expect_err("two problems");
        let tera::ErrorKind::Msg(text) = err.kind() else {
            panic!("{err:?}");
        };
        let found: Vec<Report<'_>> = reports(text).collect();
        assert_eq!(
            found,
            [
                Report {
                    message: "Block `contnet` is not defined in any parent template",
                    template: "county.html",
                    line: 2,
                    column: 10,
                },
                Report {
                    message: "Unknown filter `nosuchfilter`",
                    template: "county.html",
                    line: 3,
                    column: 11,
                },
            ]
        );
    }

    #[test]
    fn extends_and_blocks_are_read_from_the_tags() {
        let text = "{%- extends 'theme/county.html' -%}\n{% block content %}{% endblock content %}\n{%block head_extra%}{%endblock%}";
        assert_eq!(extends(text), Some(("theme/county.html", 13)));
        assert_eq!(
            block_names(text).collect::<Vec<_>>(),
            ["content", "head_extra"]
        );
        assert_eq!(extends("{% block a %}{% endblock %}"), None);
    }
}
