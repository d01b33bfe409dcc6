//! The searchable texts of the county pages an earlier build made, kept by `build` in the
//! site's cache (`.qingfeng-cache/texts`, see [`crate::kept`]): a page whose path and bytes
//! are the same is not read again for its text (a county page of the same figures and
//! narrative is byte for byte the one the last build made).
//!
//! An entry is a line `title_end heading_end kind path slug title text` (the last five as
//! byte lengths, `slug` one more than its length, 0 for none), then those texts.

use std::sync::Arc;

use super::{PageText, kind_named};
use crate::kept::{Fields, Keep, Kept};

/// The county pages' texts an earlier build read (none for a page that is not searched,
/// which is not kept).
pub type KeptTexts = Kept<Option<PageText>>;

impl Keep for Option<PageText> {
    const MAGIC: &'static str = "qingfeng-texts 1";

    fn encode(&self, out: &mut Vec<u8>) -> bool {
        let Some(page) = self else {
            return false;
        };
        page.encode_into(out);
        true
    }

    fn decode(bytes: &[u8]) -> Option<Option<PageText>> {
        PageText::decode_from(bytes).map(Some)
    }
}

impl PageText {
    fn encode_into(&self, out: &mut Vec<u8>) {
        let slug = self.slug.as_deref();
        let head = format!(
            "{} {} {} {} {} {} {}\n",
            self.title_end,
            self.heading_end,
            self.kind.len(),
            self.path.len(),
            slug.map_or(0, |s| s.len() + 1),
            self.title.len(),
            self.text.len(),
        );
        out.reserve(head.len() + self.path.len() + self.title.len() + self.text.len() + 32);
        for part in [
            &head,
            self.kind,
            &self.path,
            slug.unwrap_or(""),
            &self.title,
            &self.text,
        ] {
            out.extend_from_slice(part.as_bytes());
        }
    }

    fn decode_from(bytes: &[u8]) -> Option<PageText> {
        let mut at = 0;
        let mut fields = Fields::new(bytes, &mut at);
        let [title_end, heading_end, kind, path, slug, title, text] = fields.numbers::<7>(false)?;
        let kind = kind_named(fields.text(kind)?)?;
        let path = fields.text(path)?.to_string();
        let slug = match slug {
            0 => None,
            n => Some(fields.text(n - 1)?.to_string()),
        };
        let title = fields.text(title)?.to_string();
        let text: Arc<str> = fields.text(text)?.into();
        fields.done().then(|| PageText {
            path,
            kind,
            slug,
            title,
            text,
            title_end: usize::try_from(title_end).unwrap_or(usize::MAX),
            heading_end: usize::try_from(heading_end).unwrap_or(usize::MAX),
        })
    }
}

/// The searchable text of the page at `path` (its HTML `html`), taken from `kept` when an
/// earlier build read a page of the same path and bytes.
pub fn page_text_kept(kept: Option<&KeptTexts>, path: &str, html: &[u8]) -> Option<PageText> {
    let Some(kept) = kept else {
        return super::page_text(path, html);
    };
    let key = kept.key(&[path.as_bytes(), html]);
    kept.get_or(key, || super::page_text(path, html))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<main data-search=\"body\"><h1>洪洞县新班子</h1><p><span data-search=\"title\">洪洞县</span> · 2016年</p><h2>工作 纪实</h2><p>正文\n第二行</p></main>";

    #[test]
    fn a_text_reads_back_as_it_was_read() {
        for (path, html) in [
            ("counties/hongtong/index.html", PAGE),
            ("regions/linfen/index.html", PAGE),
        ] {
            let text = super::super::page_text(path, html.as_bytes());
            assert!(text.is_some());
            let mut bytes = Vec::new();
            assert!(text.encode(&mut bytes));
            assert_eq!(Option::<PageText>::decode(&bytes), Some(text));
            assert_eq!(Option::<PageText>::decode(&bytes[..bytes.len() - 1]), None);
            assert!(!None::<PageText>.encode(&mut Vec::new()));
        }
    }

    #[test]
    fn a_kept_text_is_taken_for_the_same_path_and_bytes_only() {
        let first = KeptTexts::read(Vec::new(), 5);
        let path = "counties/hongtong/index.html";
        let read = page_text_kept(Some(&first), path, PAGE.as_bytes());
        assert_eq!(read, super::super::page_text(path, PAGE.as_bytes()));
        // The 404 page is not searched: nothing to keep, nothing given.
        assert_eq!(
            page_text_kept(Some(&first), "404.html", PAGE.as_bytes()),
            None
        );
        let kept = KeptTexts::read(first.bytes(10).expect("an entry"), 5);
        // Taken: the same path and bytes give the kept text without a read; other bytes
        // are read.
        let key = kept.key(&[path.as_bytes(), PAGE.as_bytes()]);
        let taken = kept.get_or(key, || panic!("read again"));
        assert_eq!(taken, read);
        let other = PAGE.replace("正文", "全文");
        let again = page_text_kept(Some(&kept), path, other.as_bytes()).expect("a page");
        assert!(again.text.contains("全文"));
        assert_eq!(page_text_kept(None, path, PAGE.as_bytes()), read);
    }
}
