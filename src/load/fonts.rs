//! Finding and reading the font images are drawn with: the site's `[images] font`, else a
//! CJK font of the system (Noto Sans CJK SC, Source Han Sans SC, WenQuanYi, …).

use std::path::{Path, PathBuf};

use crate::config::{CONFIG_FILE, Config};
use crate::diagnostic::{Diagnostic, Diagnostics, Error, Result};

/// A font found for images: its files (regular face first) and their identity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FontFiles {
    /// The regular face's file, then a bold one beside it if there is one.
    pub paths: Vec<PathBuf>,
    /// Whether the site named it (`[images] font`) rather than the system having it.
    pub from_site: bool,
    /// A hash of the files' paths, sizes and modification times: the same identity, the
    /// same glyphs.
    pub identity: u64,
}

/// System font files that draw Simplified Chinese, most preferred first (lower case).
const SYSTEM_CJK: &[&str] = &[
    "notosanscjk-regular.ttc",
    "notosanscjksc-regular.otf",
    "sourcehansanssc-regular.otf",
    "sourcehansans-regular.ttc",
    "sourcehansanscn-regular.otf",
    "notosanssc-regular.otf",
    "notosanssc-regular.ttf",
    "wqy-microhei.ttc",
    "wqy-zenhei.ttc",
    "pingfang.ttc",
    "msyh.ttc",
    "hiragino sans gb.ttc",
    "simhei.ttf",
    "droidsansfallbackfull.ttf",
];

/// How to get a CJK font, for the warning when there is none.
pub const INSTALL_HELP: &str = "install one (`apt-get install fonts-noto-cjk` on Debian or Ubuntu), or put a font file in the site and name it in site.toml: [images] font = \"fonts/SourceHanSansSC-Regular.otf\"";

/// [`INSTALL_HELP`] in Chinese.
pub const INSTALL_HELP_ZH: &str = "请安装中文字体（Debian 或 Ubuntu 上运行 `apt-get install fonts-noto-cjk`），或把字体文件放进网站并在 site.toml 中指定：[images] font = \"fonts/SourceHanSansSC-Regular.otf\"";

/// The folders searched for system fonts: `QINGFENG_FONT_DIRS` (a path list) if set,
/// else the platform's usual ones.
pub fn system_font_dirs() -> Vec<PathBuf> {
    if let Some(list) = std::env::var_os("QINGFENG_FONT_DIRS") {
        return std::env::split_paths(&list).collect();
    }
    let mut dirs: Vec<PathBuf> = [
        "/usr/share/fonts",
        "/usr/local/share/fonts",
        "/System/Library/Fonts",
        "/Library/Fonts",
    ]
    .iter()
    .map(PathBuf::from)
    .collect();
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from) {
        dirs.push(home.join(".local/share/fonts"));
        dirs.push(home.join(".fonts"));
        dirs.push(home.join("Library/Fonts"));
    }
    if let Some(windir) = std::env::var_os("WINDIR").map(PathBuf::from) {
        dirs.push(windir.join("Fonts"));
    }
    dirs
}

/// The font for images: the site's, or the best system CJK font under `dirs`, or none.
/// A font the site names but that is not there is an error in `site.toml`.
pub fn find_font(config: &Config, dirs: &[PathBuf]) -> Result<Option<FontFiles>> {
    if let Some(name) = &config.site.images.font {
        let path = config.root.join(name);
        if !path.is_file() {
            return Err(Error::Content(Diagnostics(vec![
                Diagnostic::error(
                    CONFIG_FILE,
                    crate::t!(
                        "[images] font `{name}` is not a file in the site",
                        "[images] font 所指的 `{name}` 不是网站中的文件"
                    ),
                )
                .help(crate::messages::Text::both(
                    "give the font file's path from the site's folder, e.g. font = \"fonts/SourceHanSansSC-Regular.otf\", or leave it out to use the system's CJK font",
                    "请写出字体文件相对于网站文件夹的路径，例如 font = \"fonts/SourceHanSansSC-Regular.otf\"，或删去这一行以使用系统的中文字体",
                ))
                .code(crate::messages::catalog::FONT_NOT_FOUND),
            ])));
        }
        return Ok(Some(files(vec![path], true)));
    }
    Ok(system_cjk(dirs).map(|regular| {
        let mut paths = vec![regular.clone()];
        paths.extend(bold_beside(&regular));
        files(paths, false)
    }))
}

fn files(paths: Vec<PathBuf>, from_site: bool) -> FontFiles {
    let mut parts: Vec<Vec<u8>> = Vec::new();
    for p in &paths {
        parts.push(p.as_os_str().as_encoded_bytes().to_vec());
        if let Ok(meta) = std::fs::metadata(p) {
            parts.push(meta.len().to_le_bytes().to_vec());
            let modified = meta
                .modified()
                .ok()
                .and_then(|m| m.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            parts.push(modified.to_le_bytes().to_vec());
        }
    }
    // The font files' identity: their paths, sizes and times, hashed (load reads; it does
    // not know the memo that compares identities).
    let identity = {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        parts.hash(&mut h);
        h.finish()
    };
    FontFiles {
        identity,
        paths,
        from_site,
    }
}

/// The most preferred CJK font file under `dirs` (its regular face).
pub fn system_cjk_font(dirs: &[PathBuf]) -> Option<PathBuf> {
    system_cjk(dirs)
}

/// The most preferred CJK font file under `dirs`.
fn system_cjk(dirs: &[PathBuf]) -> Option<PathBuf> {
    let mut best: Option<(usize, PathBuf)> = None;
    for dir in dirs {
        for entry in walkdir::WalkDir::new(dir)
            .follow_links(true)
            .max_depth(6)
            .into_iter()
            .flatten()
        {
            let name = entry.file_name().to_string_lossy().to_lowercase();
            let Some(rank) = SYSTEM_CJK.iter().position(|f| *f == name) else {
                continue;
            };
            if best.as_ref().is_none_or(|(r, _)| rank < *r) {
                best = Some((rank, entry.into_path()));
            }
        }
    }
    best.map(|(_, p)| p)
}

/// `…-Bold.ttc` beside `…-Regular.ttc`, if it is there.
fn bold_beside(regular: &Path) -> Option<PathBuf> {
    let name = regular.file_name()?.to_str()?;
    let bold = name.replace("Regular", "Bold");
    let path = regular.with_file_name(bold);
    (path != regular && path.is_file()).then_some(path)
}

/// Reads the font's files.
pub fn read_fonts(font: &FontFiles) -> Result<Vec<Vec<u8>>> {
    font.paths
        .iter()
        .map(|p| std::fs::read(p).map_err(|e| Error::read(p, e)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_most_preferred_cjk_font_is_found_and_nothing_else() {
        let dir = tempfile::tempdir().expect("temp dir");
        let d = dir.path();
        assert_eq!(system_cjk(&[d.to_path_buf()]), None);
        std::fs::create_dir_all(d.join("a/b")).expect("dirs");
        std::fs::write(d.join("a/DejaVuSans.ttf"), b"x").expect("write");
        assert_eq!(system_cjk(&[d.to_path_buf()]), None);
        std::fs::write(d.join("a/wqy-zenhei.ttc"), b"x").expect("write");
        std::fs::write(d.join("a/b/NotoSansCJK-Regular.ttc"), b"x").expect("write");
        std::fs::write(d.join("a/b/NotoSansCJK-Bold.ttc"), b"x").expect("write");
        let found = system_cjk(&[d.to_path_buf()]).expect("a CJK font");
        assert!(found.ends_with("a/b/NotoSansCJK-Regular.ttc"), "{found:?}");
        assert_eq!(
            bold_beside(&found),
            Some(d.join("a/b/NotoSansCJK-Bold.ttc"))
        );
    }
}
