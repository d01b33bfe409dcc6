//! Reading one source file as text: size limit, then the checks of [`crate::encoding`]
//! (UTF-8, naming GBK and UTF-16 when it is likely; binary data; the BOM dropped).

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
    // Room for the whole file and one byte more: one read takes it all, the next finds its
    // end (without it the buffer grows from 32 bytes, a read and a copy at each step).
    let mut bytes = Vec::with_capacity(usize::try_from(len).map_or(0, |n| n + 1));
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

use crate::encoding::decode_str;
pub use crate::encoding::{BOM, decode};
