//! Reading one source file as text: size limit, UTF-8 check (naming GBK when it is
//! likely), binary detection, BOM removal.

use std::io::Read as _;
use std::path::{Path, PathBuf};

use super::SourceFile;
use crate::diagnostic::Diagnostic;

/// The largest source file qingfeng reads.
pub const MAX_SOURCE_BYTES: u64 = 4 * 1024 * 1024;

/// Reads `path` as text, or says clearly why it cannot be used.
pub fn read_source(path: &Path, rel: PathBuf) -> Result<SourceFile, Box<Diagnostic>> {
    let cannot =
        |e: std::io::Error| Box::new(Diagnostic::error(rel.clone(), format!("cannot read: {e}")));
    let file = std::fs::File::open(path).map_err(cannot)?;
    let len = file.metadata().map_err(cannot)?.len();
    if len > MAX_SOURCE_BYTES {
        return Err(Box::new(too_large(rel, len)));
    }
    // Read at most one byte past the limit: a file that grows while it is read is caught too.
    let mut bytes = Vec::new();
    file.take(MAX_SOURCE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > MAX_SOURCE_BYTES {
        return Err(Box::new(too_large(rel, bytes.len() as u64)));
    }
    let text = decode_str(&bytes).map_err(|d| {
        Box::new(Diagnostic {
            file: rel.clone(),
            ..*d
        })
    })?;
    Ok(SourceFile {
        path: path.to_path_buf(),
        rel,
        text: text.into(),
        bom: bytes.starts_with(BOM),
    })
}

fn too_large(rel: PathBuf, size: u64) -> Diagnostic {
    Diagnostic::error(
        rel,
        format!(
            "is {:.1} MB; source files are limited to {} MB",
            size as f64 / 1_048_576.0,
            MAX_SOURCE_BYTES / 1_048_576
        ),
    )
    .help("split the text into several articles, or check that this is the file you meant (images go in static/)")
}

/// UTF-8's byte order mark, which Windows editors write.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Decodes UTF-8 (a BOM is dropped); anything else is a diagnostic without a file name.
pub fn decode(bytes: &[u8]) -> Result<String, Box<Diagnostic>> {
    decode_str(bytes).map(str::to_string)
}

/// [`decode`] without a copy.
fn decode_str(bytes: &[u8]) -> Result<&str, Box<Diagnostic>> {
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        let (line, _) = line_of(bytes, nul);
        return Err(Box::new(
            Diagnostic::error("", "is binary data, not text (it holds a NUL byte)")
                .at("", line, 0)
                .help("content files must be UTF-8 text: YAML or Markdown"),
        ));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) => {
            let (line, column) = line_of(bytes, e.valid_up_to());
            let lossy = String::from_utf8_lossy(bytes);
            let mut d = Diagnostic::error("", "is not UTF-8 text").at(&lossy, line, column);
            d.message = if looks_like_gbk(bytes) {
                d.help = Some(
                    "convert it to UTF-8, e.g. `iconv -f GB18030 -t UTF-8 FILE > FILE.utf8`, or in Notepad choose 另存为 → 编码: UTF-8".into(),
                );
                format!(
                    "is not UTF-8 text: it looks like GBK/GB18030 (saved by Chinese Windows); the first byte that is not UTF-8 is at line {line}, column {column}"
                )
            } else {
                d.help = Some("save the file as UTF-8".into());
                format!("is not UTF-8 text (invalid byte at line {line}, column {column})")
            };
            Err(Box::new(d))
        }
    }
}

/// The 1-based line and column of a byte offset in possibly invalid text.
fn line_of(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[start..]).chars().count() + 1;
    (line, column)
}

/// Whether the bytes read as GBK/GB18030 double-byte text: every byte above 0x7F pairs as
/// a lead byte (0x81–0xFE) with a trail byte (0x40–0xFE, not 0x7F).
pub fn looks_like_gbk(bytes: &[u8]) -> bool {
    let mut i = 0;
    let mut pairs = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            i += 1;
            continue;
        }
        let Some(&t) = bytes.get(i + 1) else {
            return false;
        };
        if !(0x81..=0xFE).contains(&b) || !(0x40..=0xFE).contains(&t) || t == 0x7F {
            return false;
        }
        pairs += 1;
        i += 2;
    }
    pairs > 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_is_dropped_and_crlf_kept() {
        assert_eq!(
            decode(b"\xEF\xBB\xBFname: a\r\n").expect("utf8"),
            "name: a\r\n"
        );
    }

    #[test]
    fn gbk_is_named() {
        // The bytes of 临汾 as Chinese Windows saves them.
        let gbk = b"name: \xC1\xD9\xB7\xDA\n"; // 临汾 in GBK
        let err = decode(gbk).expect_err("not utf8");
        assert!(err.message.contains("GBK/GB18030"), "{}", err.message);
        assert_eq!((err.line, err.column), (1, 7));
        assert!(err.help.as_deref().unwrap_or("").contains("iconv"));
    }

    #[test]
    fn binary_is_refused() {
        let err = decode(b"\x89PNG\r\n\x1a\n\0\0").expect_err("binary");
        assert!(err.message.contains("binary"));
    }
}
