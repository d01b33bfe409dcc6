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
    let cannot = |e: std::io::Error| Box::new(cannot_read(rel.clone(), &e));
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
        read_key: None,
    })
}

/// "cannot read: …", as a diagnostic of the file `rel`.
pub fn cannot_read(rel: PathBuf, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(rel, crate::t!("cannot read: {e}", "无法读取：{e}"))
        .code(crate::messages::catalog::CANNOT_READ)
}

fn too_large(rel: PathBuf, size: u64) -> Diagnostic {
    let mb = size as f64 / 1_048_576.0;
    let limit = MAX_SOURCE_BYTES / 1_048_576;
    Diagnostic::error(
        rel,
        crate::t!(
            "is {mb:.1} MB; source files are limited to {limit} MB",
            "文件有 {mb:.1} MB；源文件不能超过 {limit} MB"
        ),
    )
    .help(crate::messages::Text::both(
        "split the text into several articles, or check that this is the file you meant (images go in static/)",
        "请把正文拆成几篇报道，或确认放对了文件（图片放在 static/）",
    ))
    .code(crate::messages::catalog::FILE_TOO_LARGE)
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
