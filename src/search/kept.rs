//! The searchable texts of the county pages an earlier build made, kept by `build` in the
//! site's cache (`.qingfeng-cache/texts`, see [`crate::kept`]): a page whose path and bytes
//! are the same is not read again for its text (a county page of the same figures and
//! narrative is byte for byte the one the last build made). A build into the output the
//! last one left does without them: its unchanged pages stay in place, with the texts the
//! ledger recorded.
//!
//! An entry is a line `title_end heading_end kind path slug title text` (the last five as
//! byte lengths, `slug` one more than its length, 0 for none), then those texts.
//!
//! The index's files the last build made are kept too (`.qingfeng-cache/index`), under a
//! key of every page's text: a build whose pages read as the last one's takes them
//! whole, as the index is made of those texts alone. That entry is, file after file, a line
//! `path bytes` (their lengths), then the path and the file's bytes.

use std::sync::Arc;

use super::{PageText, kind_named};
use crate::kept::{Fields, Keep, Kept};
use crate::render::{Encoding, OutputFile};

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

/// The search index's files an earlier build made, by the pages' texts they were made of.
pub type KeptIndex = Kept<IndexFiles>;

/// The files of one search index.
#[derive(Debug)]
pub struct IndexFiles(pub Vec<OutputFile>);

impl Keep for IndexFiles {
    const MAGIC: &'static str = "qingfeng-index 1";

    fn encode(&self, out: &mut Vec<u8>) -> bool {
        // Only files held as published are kept (an index's always are).
        if (self.0.iter()).any(|f| f.encoding != Encoding::Identity || f.same_as.is_some()) {
            return false;
        }
        out.reserve(
            self.0
                .iter()
                .map(|f| f.path.len() + f.bytes.len() + 16)
                .sum(),
        );
        for f in &self.0 {
            out.extend_from_slice(format!("{} {}\n", f.path.len(), f.bytes.len()).as_bytes());
            out.extend_from_slice(f.path.as_bytes());
            out.extend_from_slice(&f.bytes);
        }
        true
    }

    fn decode(bytes: &[u8]) -> Option<IndexFiles> {
        let mut at = 0;
        let mut fields = Fields::new(bytes, &mut at);
        let mut files = Vec::new();
        while !fields.done() {
            let [path, len] = fields.numbers::<2>(false)?;
            let path = fields.text(path)?.to_string();
            files.push(OutputFile::new(path, fields.bytes(len)?));
        }
        Some(IndexFiles(files))
    }
}

/// The search index of `pages`: the files `kept` holds for pages of the same texts, else
/// `make`'s (kept for the next build).
pub fn index_kept_or(
    kept: Option<&KeptIndex>,
    mut pages: Vec<PageText>,
    make: impl FnOnce(Vec<PageText>) -> Vec<OutputFile>,
) -> Vec<OutputFile> {
    let Some(kept) = kept else {
        return make(pages);
    };
    // The index is the same for the pages in any order.
    pages.sort_unstable_by(|a, b| a.path.cmp(&b.path));
    let key = index_key(kept, &pages);
    kept.get_or(key, || IndexFiles(make(pages))).0
}

/// The key of the index of `pages` (sorted by path): every field of every page.
fn index_key(kept: &KeptIndex, pages: &[PageText]) -> u64 {
    let numbers: Vec<[u8; 24]> = pages
        .iter()
        .map(|p| {
            let mut n = [0u8; 24];
            n[..8].copy_from_slice(&(p.title_end as u64).to_le_bytes());
            n[8..16].copy_from_slice(&(p.heading_end as u64).to_le_bytes());
            n[16..].copy_from_slice(&(p.slug.is_some() as u64).to_le_bytes());
            n
        })
        .collect();
    let mut parts: Vec<&[u8]> = Vec::with_capacity(pages.len() * 6);
    for (page, numbers) in pages.iter().zip(&numbers) {
        // Every field, named so that a new one is not left out of the key.
        let PageText {
            path,
            kind,
            slug,
            title,
            text,
            title_end: _,
            heading_end: _,
        } = page;
        parts.extend([
            path.as_bytes(),
            kind.as_bytes(),
            slug.as_deref().unwrap_or("").as_bytes(),
            title.as_bytes(),
            text.as_bytes(),
            numbers,
        ]);
    }
    kept.key(&parts)
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

    fn pages() -> Vec<PageText> {
        let other = PAGE.replace("洪洞县", "安泽县");
        vec![
            super::super::page_text("counties/hongtong/index.html", PAGE.as_bytes())
                .expect("a page"),
            super::super::page_text("counties/anze/index.html", other.as_bytes()).expect("a page"),
        ]
    }

    #[test]
    fn index_files_read_back_as_made_and_a_cut_entry_does_not_read() {
        let files = IndexFiles(super::super::index(pages()));
        assert!(files.0.len() > 3);
        let mut bytes = Vec::new();
        assert!(files.encode(&mut bytes));
        let back = IndexFiles::decode(&bytes).expect("reads back");
        let pairs = |f: &IndexFiles| -> Vec<(String, Vec<u8>)> {
            f.0.iter()
                .map(|f| (f.path.clone(), f.bytes.to_vec()))
                .collect()
        };
        assert_eq!(pairs(&back), pairs(&files));
        // Cut anywhere inside a file, the entry does not read (an empty one is no files).
        for cut in 1..bytes.len() {
            let files_read = IndexFiles::decode(&bytes[..cut]).map(|f| f.0.len());
            assert!(files_read.is_none_or(|n| n < files.0.len()), "cut at {cut}");
        }
        // A file not held as published is not kept.
        let gzipped = IndexFiles(vec![
            OutputFile::new("search/meta.js", b"x".to_vec()).gzipped(),
        ]);
        assert!(!gzipped.encode(&mut Vec::new()));
    }

    #[test]
    fn the_index_is_taken_for_the_same_texts_in_any_order_and_made_for_others() {
        let first = KeptIndex::read(Vec::new(), 7);
        let made = index_kept_or(Some(&first), pages(), super::super::index);
        let kept = KeptIndex::read(first.bytes(1).expect("an entry"), 7);
        // The same texts, in the other order: taken, not made.
        let mut reversed = pages();
        reversed.reverse();
        let taken = index_kept_or(Some(&kept), reversed, |_| panic!("made again"));
        let contents = |files: &[OutputFile]| -> Vec<(String, Vec<u8>)> {
            files
                .iter()
                .map(|f| (f.path.clone(), f.bytes.to_vec()))
                .collect()
        };
        assert_eq!(contents(&taken), contents(&made));
        // Any field changed: made again.
        let changes: [fn(&mut PageText); 7] = [
            |p| p.path.push('x'),
            |p| p.title.push('x'),
            |p| p.slug = Some("x".into()),
            |p| p.text = format!("{}x", p.text).into(),
            |p| p.title_end += 1,
            |p| p.heading_end += 1,
            |p| p.kind = "问答",
        ];
        for change in changes {
            let mut changed = pages();
            change(&mut changed[1]);
            let mut made_again = false;
            index_kept_or(Some(&kept), changed, |pages| {
                made_again = true;
                super::super::index(pages)
            });
            assert!(made_again);
        }
        // Without a cache, always made.
        assert_eq!(
            contents(&index_kept_or(None, pages(), super::super::index)),
            contents(&made)
        );
    }
}
