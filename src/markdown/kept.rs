//! The county and region narratives an earlier build rendered, kept by `build` in the
//! site's cache (`.qingfeng-cache/narratives`, see [`crate::kept`]): a narrative whose text
//! (with its figures filled in) and page are as they were is taken from there, not parsed
//! and rendered again. Only a body without local links is kept (its links' checks and
//! copies are made on every render).
//!
//! An entry is a line `han_chars headings html_bytes`, then a line `level id_bytes
//! text_bytes` and those bytes for each heading, then the HTML.

use super::{Heading, Place, Rendered};
use crate::kept::{Fields, Keep, Kept};

/// The narratives an earlier build rendered.
pub type KeptBodies = Kept<Rendered>;

impl Keep for Rendered {
    const MAGIC: &'static str = "qingfeng-narratives 1";

    fn encode(&self, out: &mut Vec<u8>) -> bool {
        if self.links != Default::default() {
            return false;
        }
        let html = self.html.text();
        let mut head = format!(
            "{} {} {}\n",
            self.han_chars,
            self.headings.len(),
            html.len()
        );
        for h in &self.headings {
            head.push_str(&format!("{} {} {}\n", h.level, h.id.len(), h.text.len()));
            head.push_str(&h.id);
            head.push_str(&h.text);
        }
        out.extend_from_slice(head.as_bytes());
        out.extend_from_slice(html.as_bytes());
        true
    }

    fn decode(bytes: &[u8]) -> Option<Rendered> {
        let mut at = 0;
        let mut fields = Fields::new(bytes, &mut at);
        let [han_chars, count, html] = fields.numbers::<3>(false)?;
        let mut headings = Vec::with_capacity(usize::try_from(count).ok()?.min(1024));
        for _ in 0..count {
            let [level, id, text] = fields.numbers::<3>(false)?;
            headings.push(Heading {
                level: u8::try_from(level).ok()?,
                id: fields.text(id)?.to_string(),
                text: fields.text(text)?.to_string(),
            });
        }
        let html = fields.text(html)?.to_string();
        fields.done().then(|| Rendered {
            html: html.into(),
            headings,
            han_chars: usize::try_from(han_chars).unwrap_or(usize::MAX),
            links: Default::default(),
        })
    }
}

/// The key of a body rendered from `text` (its figures filled in) at `place`, in `context`:
/// a hash of the rest of what its HTML depends on (the files and pages its links may lead
/// to, the ids the theme takes).
pub fn body_key(kept: &KeptBodies, context: u64, place: &Place<'_>, text: &str) -> u64 {
    kept.key(&[
        &context.to_le_bytes(),
        place.source_dir.as_bytes(),
        place.page.as_bytes(),
        place.footnotes.as_bytes(),
        text.as_bytes(),
    ])
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeSet, HashMap};

    use super::*;
    use crate::markdown::render_markdown;

    const NARRATIVE: &str = "## 新班子\n\n洪洞县新一届班子**平均年龄**47.2岁。\n\n### 经历\n\n乡镇经历者占 **60%**，含 `<b>` 与 \"引号\"。\n";

    /// A body's place: `page`, from `source_dir`, with nothing beside it.
    fn at<'a>(
        source_dir: &'a str,
        page: &'a str,
        assets: &'a BTreeSet<String>,
        pages: &'a HashMap<String, String>,
    ) -> Place<'a> {
        Place {
            source_dir,
            page,
            assets,
            pages,
            theme_ids: &crate::markdown::ids::NO_THEME,
            footnotes: "",
        }
    }

    #[test]
    fn a_body_reads_back_as_it_was_rendered() {
        let mut body = render_markdown(NARRATIVE);
        // Headings as a page's body has them, with a line break and spaces in one.
        body.headings = vec![
            Heading {
                level: 2,
                id: "新班子".into(),
                text: "新班子".into(),
            },
            Heading {
                level: 3,
                id: "经历-2".into(),
                text: "经历\n与 空格 3 4".into(),
            },
        ];
        let mut bytes = Vec::new();
        assert!(body.encode(&mut bytes));
        assert_eq!(Rendered::decode(&bytes), Some(body.clone()));
        // Cut, or with a byte more, or not UTF-8 in the HTML: no body.
        assert_eq!(Rendered::decode(&bytes[..bytes.len() - 1]), None);
        let mut longer = bytes.clone();
        longer.push(b'x');
        assert_eq!(Rendered::decode(&longer), None);
        let mut bad = bytes.clone();
        let last = bad.len() - 3;
        bad[last] = 0xff;
        assert_eq!(Rendered::decode(&bad), None);
    }

    #[test]
    fn bodies_with_local_links_are_not_kept() {
        let mut linked = render_markdown("见[附件](a.pdf)。");
        linked.links.files.push("counties/a.pdf".into());
        assert!(!linked.encode(&mut Vec::new()));
        let mut missing = render_markdown("见[附件](b.pdf)。");
        missing.links.missing.push((1, "b.pdf".into()));
        assert!(!missing.encode(&mut Vec::new()));
    }

    #[test]
    fn the_key_tells_text_page_and_context_apart() {
        let (assets, pages) = Default::default();
        let a = at("counties", "a/index.html", &assets, &pages);
        let kept = KeptBodies::read(Vec::new(), 7);
        let k = body_key(&kept, 1, &a, "文");
        assert_ne!(k, body_key(&kept, 2, &a, "文"));
        let b = at("counties", "b/index.html", &assets, &pages);
        assert_ne!(k, body_key(&kept, 1, &b, "文"));
        let regions = at("regions", "a/index.html", &assets, &pages);
        assert_ne!(k, body_key(&kept, 1, &regions, "文"));
        let footnotes = Place {
            footnotes: "a2-",
            ..at("counties", "a/index.html", &assets, &pages)
        };
        assert_ne!(k, body_key(&kept, 1, &footnotes, "文"));
        assert_ne!(k, body_key(&kept, 1, &a, "文。"));
        assert_ne!(k, body_key(&KeptBodies::read(Vec::new(), 8), 1, &a, "文"));
    }
}
