//! Gzip for the files `serve` holds: a page kept compressed takes a fifth of the memory,
//! and is sent as it is to a browser that accepts `gzip`.

use std::borrow::Cow;
use std::io::{Read as _, Write as _};

use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;

/// The level pages are compressed at: a county page of 24 KB takes about 0.3 ms and comes
/// to about a fifth of its size.
const LEVEL: u32 = 3;

/// `bytes`, gzip-compressed.
pub fn compress(bytes: &[u8]) -> Vec<u8> {
    let mut out = GzEncoder::new(
        Vec::with_capacity(bytes.len() / 4 + 64),
        Compression::new(LEVEL),
    );
    // Writing into a Vec cannot fail.
    let _ = out.write_all(bytes);
    let mut out = out.finish().unwrap_or_default();
    out.shrink_to_fit();
    out
}

/// The bytes `gzipped` was compressed from; `None` when it is not a sound gzip stream.
pub fn decompress(gzipped: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(gzipped.len() * 5);
    GzDecoder::new(gzipped).read_to_end(&mut out).ok()?;
    Some(out)
}

/// A text held as written or gzipped: what `serve` keeps between builds but reads only when
/// a page is made again (a county's narrative, a region's charts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text(Held);

#[derive(Debug, Clone, PartialEq, Eq)]
enum Held {
    Plain(String),
    Gzipped(Box<[u8]>),
}

impl Text {
    /// The text.
    pub fn text(&self) -> Cow<'_, str> {
        match &self.0 {
            Held::Plain(s) => Cow::Borrowed(s),
            // Only `packed` makes these bytes, from a string: they come back whole.
            Held::Gzipped(g) => Cow::Owned(
                decompress(g)
                    .and_then(|b| String::from_utf8(b).ok())
                    .unwrap_or_default(),
            ),
        }
    }

    /// The text, as a string of its own.
    pub fn into_string(self) -> String {
        match self.0 {
            Held::Plain(s) => s,
            Held::Gzipped(_) => self.text().into_owned(),
        }
    }

    /// The same text, held gzipped.
    pub fn packed(self) -> Text {
        match self.0 {
            Held::Plain(s) => Text(Held::Gzipped(compress(s.as_bytes()).into_boxed_slice())),
            gzipped => Text(gzipped),
        }
    }
}

impl From<String> for Text {
    fn from(text: String) -> Text {
        Text(Held::Plain(text))
    }
}

/// As the text itself (templates see a string).
impl serde::Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_compressed_comes_back() {
        for text in ["", "x", "<p>清风</p>\n", &"县委常委 ".repeat(5000)] {
            let packed = compress(text.as_bytes());
            assert_eq!(decompress(&packed).as_deref(), Some(text.as_bytes()));
        }
        let long = "县委常委 ".repeat(5000);
        assert!(compress(long.as_bytes()).len() < long.len() / 10);
        assert_eq!(decompress(b"not gzip"), None);
    }

    #[test]
    fn a_packed_text_reads_and_serializes_as_written() {
        let svg = "<svg viewBox=\"0 0 10 10\"><text>县委 38.0%</text></svg>".repeat(20);
        let plain = Text::from(svg.clone());
        let packed = plain.clone().packed();
        assert_ne!(packed, plain, "held gzipped");
        assert_eq!(packed.text(), svg);
        assert_eq!(
            serde_json::to_string(&packed).expect("json"),
            serde_json::to_string(&svg).expect("json")
        );
        assert_eq!(packed.into_string(), svg);
    }
}
