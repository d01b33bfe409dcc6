//! Pages written in Markdown: their front matter and body, and the 知识问答 page.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::date::Date;

/// Front matter of an article or a county narrative.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// The page's title.
    pub title: String,
    /// Its publication date.
    pub date: Date,
    /// One sentence for lists and `<meta name="description">`.
    #[serde(default)]
    pub summary: String,
    /// 来源 (ContentSource).
    #[serde(default)]
    pub source: String,
    /// Tie-breaker among pages of the same date (smaller first).
    #[serde(default)]
    pub order: i64,
    /// `qingfeng check` rules not applied to this file (read by `check::suppress`).
    #[serde(default)]
    pub check_ignore: Vec<String>,
}

/// A page's Markdown after its front matter: the end of its file's text as read, shared
/// with that text rather than copied (`serve` keeps both for every county).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Body {
    text: Arc<str>,
    start: usize,
}

impl Body {
    /// The end of `text` from byte `start` (all of it if `start` is not a character's
    /// first byte).
    pub fn new(text: Arc<str>, start: usize) -> Body {
        let start = if text.is_char_boundary(start) {
            start
        } else {
            0
        };
        Body { text, start }
    }
}

impl std::ops::Deref for Body {
    type Target = str;

    fn deref(&self) -> &str {
        self.text.get(self.start..).unwrap_or_default()
    }
}

/// A Markdown page after its front matter was read.
#[derive(Debug, Clone)]
pub struct Page {
    /// The URL segment (the file's stem for articles, the county's slug for narratives).
    pub slug: String,
    /// What the front matter says.
    pub meta: FrontMatter,
    /// The Markdown after the front matter.
    pub body: Body,
    /// The file's line where the body starts.
    pub body_line: usize,
    /// Which file, for messages.
    pub file: std::path::PathBuf,
}

/// `content/qa.yaml`, the 知识问答 page.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct QaPage {
    /// The page's title.
    pub title: String,
    /// Its publication date.
    pub date: Date,
    /// One sentence for lists.
    #[serde(default)]
    pub summary: String,
    /// Questions and answers.
    pub items: Vec<QaItem>,
    /// The file it was read from (`content/qa.yaml` or `content/qa.yml`), for messages.
    #[serde(skip)]
    pub file: std::path::PathBuf,
}

impl QaItem {
    /// The question's anchor: its `id`, else `q-` and a hash of the question's text, so
    /// that a shared link keeps leading to the same question.
    pub fn anchor(&self) -> String {
        match &self.id {
            Some(id) => id.clone(),
            None => {
                // FNV-1a: the same text gives the same anchor on every build and platform.
                let mut h: u32 = 0x811c_9dc5;
                for b in self.question.trim().bytes() {
                    h ^= u32::from(b);
                    h = h.wrapping_mul(0x0100_0193);
                }
                format!("q-{h:08x}")
            }
        }
    }
}

/// One question and its answer.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct QaItem {
    /// The anchor of the question (`#dangnei-xuanju`), stable however the questions are
    /// reordered; by default made from the question's text.
    #[serde(default)]
    pub id: Option<String>,
    /// The question.
    pub question: String,
    /// The answer (Markdown).
    pub answer: String,
    /// Where the answer's text stands in the file (none when it is not in block style).
    #[serde(skip)]
    pub answer_at: Option<crate::load::scalar::ScalarPlace>,
}
