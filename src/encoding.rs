//! Bytes read as text: UTF-8, with its byte order mark dropped; anything else is a
//! diagnostic that names what the file most likely is (GBK/GB18030 or UTF-16, as Chinese
//! Windows saves them; binary data) and how to save it as UTF-8. Shared by the content
//! files and `site.toml`.

use crate::diagnostic::Diagnostic;

/// UTF-8's byte order mark, which Windows editors write.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Decodes UTF-8 (a BOM is dropped); anything else is a diagnostic without a file name.
pub fn decode(bytes: &[u8]) -> Result<String, Box<Diagnostic>> {
    decode_str(bytes).map(str::to_string)
}

/// [`decode`] without a copy.
pub fn decode_str(bytes: &[u8]) -> Result<&str, Box<Diagnostic>> {
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    if let Some(d) = utf16(bytes) {
        return Err(Box::new(d));
    }
    if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        let (line, _) = line_of(bytes, nul);
        return Err(Box::new(
            Diagnostic::error(
                "",
                crate::messages::Text::both(
                    "is binary data, not text (it holds a NUL byte)",
                    "文件是二进制数据，不是文本（其中有 NUL 字节）",
                ),
            )
            .at("", line, 0)
            .help(crate::messages::Text::both(
                "content files must be UTF-8 text: YAML or Markdown",
                "内容文件必须是 UTF-8 文本：YAML 或 Markdown",
            ))
            .code(crate::messages::catalog::BINARY_FILE),
        ));
    }
    // Checked with SIMD; a file that is not UTF-8 is read again to place its first bad byte.
    if let Ok(s) = simdutf8::basic::from_utf8(bytes) {
        return Ok(s);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) => {
            let (line, column) = line_of(bytes, e.valid_up_to());
            let lossy = String::from_utf8_lossy(bytes);
            let mut d = Diagnostic::error("", "is not UTF-8 text")
                .at(&lossy, line, column)
                .code(crate::messages::catalog::NOT_UTF8);
            if looks_like_gbk(bytes) {
                d.set_help(crate::messages::Text::both(
                    "convert it to UTF-8, e.g. `iconv -f GB18030 -t UTF-8 FILE > FILE.utf8`, or in Notepad choose 另存为 → 编码: UTF-8",
                    "请转换为 UTF-8：在记事本中选择 另存为 → 编码：UTF-8，或运行 `iconv -f GB18030 -t UTF-8 文件 > 文件.utf8`",
                ));
                d.set_message(crate::t!(
                    "is not UTF-8 text: it looks like GBK/GB18030 (saved by Chinese Windows); the first byte that is not UTF-8 is at line {line}, column {column}",
                    "文件不是 UTF-8 编码：看起来是 GBK/GB18030（中文 Windows 保存的）；第一个非 UTF-8 字节在第{line}行第{column}列"
                ));
            } else {
                d.set_help(crate::messages::Text::both(
                    "save the file as UTF-8",
                    "请把文件另存为 UTF-8 编码",
                ));
                d.set_message(crate::t!(
                    "is not UTF-8 text (invalid byte at line {line}, column {column})",
                    "文件不是 UTF-8 编码（第{line}行第{column}列有无效字节）"
                ));
            }
            Err(Box::new(d))
        }
    }
}

/// Whether `bytes` are text saved as UTF-16 (Notepad's "Unicode", Excel's "Unicode text"):
/// they start with UTF-16's byte order mark, or with two ASCII characters each beside a
/// NUL byte and read as text in UTF-16 for their first few hundred bytes (a binary file may
/// start like text).
pub fn looks_like_utf16(bytes: &[u8]) -> bool {
    let marked = bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF");
    let ascii_beside_nul = |b: &[u8]| {
        b.len() >= 4
            && b[0] == 0
            && b[2] == 0
            && b[1] != 0
            && b[3] != 0
            && b[1].is_ascii()
            && b[3].is_ascii()
    };
    let big_endian = ascii_beside_nul(bytes) && reads_as_text(bytes, u16::from_be_bytes);
    let little_endian =
        bytes.get(1..).is_some_and(ascii_beside_nul) && reads_as_text(bytes, u16::from_le_bytes);
    marked || big_endian || little_endian
}

/// A diagnostic for text saved as UTF-16.
fn utf16(bytes: &[u8]) -> Option<Diagnostic> {
    looks_like_utf16(bytes).then(|| {
        Diagnostic::error(
            "",
            crate::messages::Text::both(
                "is saved as UTF-16 (Notepad's \"Unicode\"), not UTF-8",
                "文件以 UTF-16 编码（记事本中的“Unicode”）保存，不是 UTF-8",
            ),
        )
        .help(crate::messages::Text::both(
            "save it again as UTF-8: in Notepad choose 另存为 → 编码: UTF-8, or run `iconv -f UTF-16 -t UTF-8 FILE > FILE.utf8`",
            "请另存为 UTF-8：在记事本中选择 另存为 → 编码：UTF-8，或运行 `iconv -f UTF-16 -t UTF-8 文件 > 文件.utf8`",
        ))
        .code(crate::messages::catalog::NOT_UTF8)
    })
}

/// The 1-based line and column of a byte offset in possibly invalid text.
/// Whether the first bytes of `bytes`, as UTF-16 code units (`unit` puts each pair's bytes
/// in order), are text: no unpaired surrogate and no control character but tab and line
/// breaks.
fn reads_as_text(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> bool {
    const SAMPLE: usize = 512;
    let mut units: Vec<u16> = bytes[..bytes.len().min(SAMPLE)]
        .chunks_exact(2)
        .map(|p| unit([p[0], p[1]]))
        .collect();
    // The sample may end between a pair's halves.
    if bytes.len() > SAMPLE && units.last().is_some_and(|u| (0xD800..0xDC00).contains(u)) {
        units.pop();
    }
    char::decode_utf16(units)
        .all(|c| c.is_ok_and(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r')))
}

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
    fn utf16_is_named() {
        for bytes in [
            &b"\xFF\xFEm\0e\0"[..],
            b"\xFE\xFF\0m\0e",
            b"m\0e\0m\0",
            b"\0m\0e\0m",
        ] {
            let err = decode(bytes).expect_err("utf-16");
            assert!(err.message.contains("UTF-16"), "{}", err.message);
            assert_eq!(err.code, crate::messages::catalog::NOT_UTF8);
        }
        let err = decode(b"\x89PNG\r\n\x1a\n\0\0").expect_err("binary");
        assert!(!err.message.contains("UTF-16"), "{}", err.message);
        // Text in UTF-16 with Chinese after its ASCII start, either byte order.
        let text = "name: 洪洞县\r\nmembers: 24\r\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        for bytes in [le, be] {
            let err = decode(&bytes).expect_err("utf-16");
            assert!(err.message.contains("UTF-16"), "{}", err.message);
        }
        // A binary file that starts like UTF-16 text but holds control codes after it.
        let err = decode(b"\0A\0B\0\x01\0\x02\xD8\x00\0\0").expect_err("binary");
        assert!(!err.message.contains("UTF-16"), "{}", err.message);
        assert!(err.message.contains("binary"), "{}", err.message);
    }

    #[test]
    fn binary_is_refused() {
        let err = decode(b"\x89PNG\r\n\x1a\n\0\0").expect_err("binary");
        assert!(err.message.contains("binary"));
    }
}
