//! The Q&A page's answers: Markdown with the city's figures, each problem in an answer
//! placed at its own line and column of `content/qa.yaml`.

use std::path::Path;

use crate::diagnostic::Diagnostic;
use crate::markdown::{self, Place, References};
use crate::messages::Text;
use crate::messages::catalog::MISSING_LOCAL_FILE;
use crate::model::page::{QaItem, QaPage};

/// How many characters of a question name it in a message.
const QUESTION_SHOWN: usize = 24;

/// The answers rendered for the page at `place`, in order, and the files beside the
/// Markdown they link; or every problem found in them.
pub(super) fn render_answers(
    qa: &QaPage,
    file: &Path,
    city: &serde_json::Value,
    place: &Place<'_>,
) -> Result<(Vec<String>, Vec<String>), Vec<Diagnostic>> {
    let mut answers = Vec::with_capacity(qa.items.len());
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for (n, item) in qa.items.iter().enumerate() {
        let text = match markdown::resolve_references(&item.answer, 1, file, References::city(city))
        {
            Ok(text) => text,
            Err(ds) => {
                problems.extend(ds.into_iter().map(|d| in_answer(d, item)));
                continue;
            }
        };
        // Each answer's footnotes apart from the others' on the page.
        let scope = format!("a{}-", n + 1);
        let place = Place {
            footnotes: &scope,
            ..*place
        };
        let r = markdown::render_markdown_at(&text, Some(&place));
        files.extend(r.links.files.iter().cloned());
        let unusable = r.links.unusable.iter().map(|(line, url, why)| {
            let (message, help) = why.texts(url);
            (line, url, Some((message, help)))
        });
        let gone = r.links.missing.iter().chain(&r.links.outside);
        for (line, url, why) in gone.map(|(l, u)| (l, u, None)).chain(unusable) {
            let written = item
                .answer
                .lines()
                .nth(line.saturating_sub(1))
                .unwrap_or("");
            let column = written
                .find(url.as_str())
                .map_or(1, |at| written[..at].chars().count() + 1);
            let question = shortened(&item.question);
            let (message, help) = why.unwrap_or_else(|| {
                (
                    crate::t!(
                        "links `{url}`, which is not in content/",
                        "链接了 `{url}`，但它不在 content/ 中"
                    ),
                    Text::both(
                        "put the file in content/ where the link says, or correct the link",
                        "请把文件放到 content/ 中链接所写的位置，或改正链接",
                    ),
                )
            });
            let (en, zh) = (&message.en, message.get(crate::messages::Lang::Zh));
            let mut d = Diagnostic::error(
                file,
                crate::t!(
                    "the answer to “{question}” {en}",
                    "问题“{question}”的回答{zh}"
                ),
            )
            .help(help)
            .code(MISSING_LOCAL_FILE);
            (d.line, d.column) = (*line, column);
            problems.push(in_answer(d, item));
        }
        answers.push(r.html.into_string());
    }
    if problems.is_empty() {
        Ok((answers, files))
    } else {
        Err(problems)
    }
}

/// `d`, found at a line and column of `item`'s answer, placed at that line and column of
/// the file (on the whole file when the answer's place is not known).
fn in_answer(mut d: Diagnostic, item: &QaItem) -> Diagnostic {
    let placed = item
        .answer_at
        .as_ref()
        .filter(|_| d.line > 0)
        .and_then(|at| at.locate(d.line, d.column.max(1)));
    match placed {
        Some((line, column, source)) => {
            (d.line, d.column) = (line, column);
            d.source_line = Some(source.into());
        }
        None => {
            (d.line, d.column) = (0, 0);
            d.source_line = None;
        }
    }
    d
}

/// The question as a message names it: its first characters.
fn shortened(question: &str) -> String {
    let question = question.trim();
    if question.chars().count() > QUESTION_SHOWN {
        let mut s: String = question.chars().take(QUESTION_SHOWN - 1).collect();
        s.push('…');
        s
    } else {
        question.to_string()
    }
}
