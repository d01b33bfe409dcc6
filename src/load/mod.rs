//! Load: walk `content/` and read every source file as checked UTF-8 text.
//!
//! Nothing here knows what a county is; it only finds files, refuses the ones that are not
//! safe or not text, and hands the texts on with their paths.
//!
//! Symbolic links are refused (never followed), so content cannot reach outside the site.
//! Names starting with `.` or `#`, or ending in `~`, are editors' temporary and backup files
//! (`.yaodu.yaml.swp`, `#notes.md#`, `city.yaml~`) and hidden folders (`.git`): skipped.
//! A hidden file that looks like content (`.draft.md`, `.yaodu.yaml`) is skipped too, with a
//! warning naming it, so that a page never goes missing without a word.

pub mod fonts;
pub mod front_matter;
pub mod scalar;
pub mod slips;
pub mod text;
pub mod theme;
pub mod yaml;

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics, Error, Result};
use crate::messages::catalog as codes;
use crate::platform::display_path;

/// One source file's text, with the paths to report it by.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The absolute path.
    pub path: PathBuf,
    /// The path relative to the site root, for messages.
    pub rel: PathBuf,
    /// The text, BOM removed (shared: a file read by an earlier build is not copied).
    pub text: std::sync::Arc<str>,
    /// Whether the file started with a BOM (kept when `check --fix` writes it back).
    pub bom: bool,
    /// The key `serve`'s memo read it under (its path, size and time), which stands for
    /// its text; none for a file read otherwise.
    pub read_key: Option<u64>,
}

/// A county's two files.
#[derive(Debug, Clone)]
pub struct CountySource {
    /// `content/counties/<slug>.yaml`.
    pub data: SourceFile,
    /// `content/counties/<slug>.md`, if there is one.
    pub narrative: Option<SourceFile>,
}

/// An inner region's two files: `content/counties/<folders…>/_index.yaml` and `_index.md`.
#[derive(Debug, Clone)]
pub struct RegionSource {
    /// Its figures.
    pub data: SourceFile,
    /// Its narrative, if there is one.
    pub narrative: Option<SourceFile>,
}

/// The folders between `content/counties/` and a county's or region's file
/// (`content/counties/shanxi/linfen/hongtong.yaml` → `["shanxi", "linfen"]`; a region's
/// `_index.yaml` names its own folder last). Empty for a county of a flat site.
pub fn region_folders(rel: &Path) -> Vec<String> {
    let parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let Some(at) = parts.iter().position(|p| p == "counties") else {
        return Vec::new();
    };
    parts[at + 1..parts.len().saturating_sub(1).max(at + 1)].to_vec()
}

/// Every source file of a site, sorted by path.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// `content/city.yaml`.
    pub city: Option<SourceFile>,
    /// `content/qa.yaml`, the 知识问答 page.
    pub qa: Option<SourceFile>,
    /// `content/counties/`, at any depth.
    pub counties: Vec<CountySource>,
    /// The regions between the site's root and its counties: each folder of
    /// `content/counties/` with its `_index.yaml`, in path order (parents first).
    pub regions: Vec<RegionSource>,
    /// `content/articles/*.md`.
    pub articles: Vec<SourceFile>,
    /// County data files that could not be read or were refused (links), each already
    /// reported, so that later stages neither miss them in sums nor call their narratives
    /// orphans.
    pub unreadable_counties: Vec<PathBuf>,
    /// Images and other files beside the Markdown (`content/articles/images/team.jpg`,
    /// a page bundle's files), for the pages that link them.
    pub assets: Vec<Asset>,
}

/// A file of `content/` that pages link to: copied into the output when linked.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Its path under `content/`, '/'-separated (`articles/images/team.jpg`).
    pub path: String,
    /// Its bytes.
    pub bytes: std::sync::Arc<[u8]>,
}

/// The file types a page may link to beside its Markdown.
pub const ASSET_EXTENSIONS: &[&str] = &[
    "jpg", "jpeg", "png", "gif", "webp", "svg", "avif", "pdf", "doc", "docx", "xls", "xlsx", "ppt",
    "pptx", "csv", "zip", "txt", "mp3", "mp4",
];

/// The largest asset qingfeng copies.
pub const MAX_ASSET_BYTES: u64 = 50 * 1024 * 1024;

/// Walks `content/` and reads every file qingfeng knows. Problems with single files are
/// collected as diagnostics; a missing `content/` folder is an error of its own.
pub fn load_sources(config: &Config) -> Result<(Sources, Diagnostics)> {
    load_sources_with(config, &|found| {
        text::read_source(&found.path, found.rel.clone())
    })
}

/// [`load_sources`], reading each file found with `read` (which may reuse an earlier read).
pub fn load_sources_with(
    config: &Config,
    read: &(dyn Fn(&Found) -> ReadResult + Sync),
) -> Result<(Sources, Diagnostics)> {
    let (found, mut diags) = find_sources(config)?;
    let (assets, texts): (Vec<Found>, Vec<Found>) =
        found.into_iter().partition(|f| f.kind == Kind::Asset);
    // Reading is most of this stage's time: read in parallel, keep the walk's order.
    let read: Vec<(Found, ReadResult)> = texts
        .into_par_iter()
        .map(|f| {
            let file = if f.link {
                Err(Box::new(link_refused(f.rel.clone())))
            } else {
                read(&f)
            };
            (f, file)
        })
        .collect();
    let mut sources = assemble(read, &mut diags);
    for found in assets {
        match read_asset(config, &found) {
            Ok(asset) => sources.assets.push(asset),
            Err(d) => diags.push(d),
        }
    }
    Ok((sources, diags))
}

/// One file of `content/` that qingfeng knows, not yet read.
#[derive(Debug, Clone)]
pub struct Found {
    /// What the file holds, by where it is.
    pub kind: Kind,
    /// The absolute path.
    pub path: PathBuf,
    /// The path relative to the site root, for messages.
    pub rel: PathBuf,
    /// A symbolic link in the place of a file qingfeng knows: listed so that later stages
    /// know the file is there, refused when it is read.
    pub link: bool,
}

/// A file's text, or why it could not be read.
pub type ReadResult = std::result::Result<SourceFile, Box<Diagnostic>>;

/// Walks `content/` and lists the files qingfeng knows, in path order. Files it does not
/// know, links and unreadable names are reported.
pub fn find_sources(config: &Config) -> Result<(Vec<Found>, Diagnostics)> {
    let content = &config.content_dir;
    if !content.is_dir() {
        let root = display_path(&config.root);
        return Err(Error::usage(
            codes::NO_CONTENT_FOLDER,
            crate::t!(
                "no content/ folder in {root}: put the site's YAML and Markdown under content/",
                "{root} 中没有 content/ 文件夹：请把网站的 YAML 和 Markdown 文件放在 content/ 下"
            ),
        ));
    }
    let mut diags = Diagnostics::default();
    let mut found = Vec::new();
    let walker = WalkDir::new(content)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
    warn_hidden_content(content, config, &mut diags);
    // Walked in order, then classified in parallel (a national site has thousands of
    // files) and kept in the walk's order.
    let entries: Vec<walkdir::Result<walkdir::DirEntry>> = walker.collect();
    let classified: Vec<std::result::Result<Option<Found>, Diagnostic>> = entries
        .par_iter()
        .map(|entry| match entry {
            Ok(entry) => classify(entry, content, config),
            Err(e) => {
                let path = e.path().unwrap_or(content);
                Err(text::cannot_read(
                    config.relative(path).to_path_buf(),
                    &std::io::Error::other(e.to_string()),
                ))
            }
        })
        .collect();
    for one in classified {
        match one {
            Ok(Some(f)) => found.push(f),
            Ok(None) => {}
            Err(d) => diags.push(d),
        }
    }
    report_case_collisions(&found, &mut diags);
    Ok((found, diags))
}

/// Two content files whose paths differ only in upper and lower case (`Anze.yaml` and
/// `anze.yaml`) are one file on Windows and macOS, so a site holding both would build
/// differently there: refused on every platform.
fn report_case_collisions(found: &[Found], diags: &mut Diagnostics) {
    // Distinct paths without capitals cannot clash: the usual site is checked in one pass.
    if !found.iter().any(|f| may_change_case(&f.rel)) {
        return;
    }
    let mut seen: std::collections::HashMap<String, &Found> = std::collections::HashMap::new();
    for f in found {
        let key = crate::url::slash_path(&f.rel).to_lowercase();
        match seen.get(&key) {
            Some(first) => diags.push(
                Diagnostic::error(
                    f.rel.clone(),
                    crate::t!(
                        "`{}` and `{}` differ only in upper and lower case: Windows and macOS take them for one file",
                        "`{}` 和 `{}` 只有大小写不同：Windows 和 macOS 会把它们当作同一个文件",
                        display_path(&first.rel),
                        display_path(&f.rel)
                    ),
                )
                .help(crate::messages::Text::both(
                    "keep one of them (file names, and so slugs, are compared without regard to case)",
                    "只保留其中一个（文件名和拼音名比较时不区分大小写）",
                ))
                .code(codes::CASE_CLASH),
            ),
            None => {
                seen.insert(key, f);
            }
        }
    }
}

/// Whether lower-casing `rel` may change it: an ASCII path with a capital letter, or any
/// path that is not ASCII (its letters are not checked one by one).
fn may_change_case(rel: &Path) -> bool {
    let bytes = rel.as_os_str().as_encoded_bytes();
    !bytes.is_ascii() || bytes.iter().any(u8::is_ascii_uppercase)
}

/// What one entry of the walk is: a file qingfeng knows, nothing to read, or a problem.
fn classify(
    entry: &walkdir::DirEntry,
    content: &Path,
    config: &Config,
) -> std::result::Result<Option<Found>, Diagnostic> {
    let path = entry.path();
    let rel = config.relative(path).to_path_buf();
    let link = entry.path_is_symlink();
    if !link && !entry.file_type().is_file() {
        return Ok(None);
    }
    let inner = path.strip_prefix(content).unwrap_or(path);
    let Some(parts) = inner
        .iter()
        .map(|p| p.to_str())
        .collect::<Option<Vec<&str>>>()
    else {
        return Err(if link {
            link_refused(rel)
        } else {
            name_not_utf8(rel)
        });
    };
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    let name = parts.last().copied().unwrap_or("");
    let meant = match parts.as_slice() {
        [_] => misnamed_at_top(name),
        ["counties" | "articles", ..] => misnamed(name),
        _ => None,
    };
    if let Some(meant) = meant {
        return Err(renamed(rel, name, &meant));
    }
    let kind = match (parts.as_slice(), ext) {
        _ if link && entry.file_type().is_dir() => return Err(link_refused(rel)),
        (["city.yaml" | "city.yml"], _) => Kind::City,
        (["qa.yaml" | "qa.yml"], _) => Kind::Qa,
        (["counties", "_index.yaml" | "_index.yml" | "_index.md"], _) => {
            return Err(counties_not_a_region(rel));
        }
        (["counties", _, .., "_index.yaml" | "_index.yml"], _) => Kind::RegionData,
        (["counties", _, .., "_index.md"], _) => Kind::RegionNarrative,
        (["counties", .., _], "yaml" | "yml") => Kind::CountyData,
        (["counties", .., _], "md") => Kind::Narrative,
        (["articles", _], "md") | (["articles", _, "index.md"], _) => Kind::Article,
        (["articles" | "counties", .., _], ext)
            if ASSET_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()) =>
        {
            Kind::Asset
        }
        _ if link => return Err(link_refused(rel)),
        _ => return Err(unknown_file(rel)),
    };
    Ok(Some(Found {
        kind,
        path: path.to_path_buf(),
        rel,
        link,
    }))
}

/// A file whose name is not UTF-8.
fn name_not_utf8(rel: PathBuf) -> Diagnostic {
    Diagnostic::error(
        rel,
        crate::messages::Text::both(
            "the file name is not valid UTF-8 text",
            "文件名不是有效的 UTF-8 文本",
        ),
    )
    .help(crate::messages::Text::both(
        "rename the file with lowercase ASCII letters, digits and '-', e.g. yaodu.yaml",
        "请用小写英文字母、数字和“-”重命名，例如 yaodu.yaml",
    ))
    .code(codes::BAD_FILE_NAME)
}

/// A file named `name` that qingfeng would read under the name `meant`.
fn renamed(rel: PathBuf, name: &str, meant: &str) -> Diagnostic {
    Diagnostic::error(
        rel,
        crate::t!(
            "`{name}` looks like `{meant}` under another name: it would be left out of the site",
            "`{name}` 看起来是改了名字的 `{meant}`：这样它不会进入网站"
        ),
    )
    .help(crate::t!(
        "rename it to {meant} (Windows hides known extensions: in File Explorer, View → File name extensions shows them)",
        "请把它改名为 {meant}（Windows 会隐藏扩展名：在文件资源管理器中选“查看 → 文件扩展名”即可看到）"
    ))
    .code(codes::BAD_FILE_NAME)
}

/// An `_index` file directly in `content/counties/`, which is not a region.
fn counties_not_a_region(rel: PathBuf) -> Diagnostic {
    Diagnostic::warning(
        rel,
        crate::messages::Text::both(
            "content/counties/ is not a region of its own; this file was ignored",
            "content/counties/ 本身不是一个地区，这个文件已忽略",
        ),
    )
    .help(crate::messages::Text::both(
        "the site's root has its figures in content/city.yaml; a region is a folder inside content/counties/ with its _index.yaml",
        "网站最高一级的数据写在 content/city.yaml；地区是 content/counties/ 里的文件夹，数据写在文件夹中的 _index.yaml",
    ))
    .code(codes::UNKNOWN_FILE)
}

/// A file qingfeng does not read, in a place it knows.
fn unknown_file(rel: PathBuf) -> Diagnostic {
    Diagnostic::warning(
        rel,
        crate::messages::Text::both(
            "is not a file qingfeng knows; it was ignored",
            "qingfeng 不认识这个文件，已忽略",
        ),
    )
    .help(crate::messages::Text::both(
        "county data goes in content/counties/<slug>.yaml and .md, reports in content/articles/<slug>.md, images in static/",
        "县数据放在 content/counties/<拼音名>.yaml 和 .md，报道放在 content/articles/<拼音名>.md，图片放在 static/",
    ))
    .code(codes::UNKNOWN_FILE)
}

/// The name a file at content's top was meant to have when it is `city.yaml` or `qa.yaml`
/// (or `.yml`) in other capitals or with `.txt` added: read only under its own name, it
/// would be left out.
fn misnamed_at_top(name: &str) -> Option<String> {
    let lower = name.to_ascii_lowercase();
    let bare = lower.strip_suffix(".txt").unwrap_or(&lower);
    let known = matches!(bare, "city.yaml" | "city.yml" | "qa.yaml" | "qa.yml");
    (known && name != bare).then(|| bare.to_string())
}

/// The name a content file was most likely meant to have, when `name` is a YAML or
/// Markdown file's name with `.txt` added (as Notepad saves it) or its extension in
/// capitals (`shili.MD`, `x.Yaml`).
fn misnamed(name: &str) -> Option<String> {
    let lower = name.to_ascii_lowercase();
    let bare = lower.strip_suffix(".txt").unwrap_or(&lower);
    let (stem, ext) = bare.rsplit_once('.')?;
    let known = matches!(ext, "yaml" | "yml" | "md");
    let written_ext = &name[stem.len() + 1..stem.len() + 1 + ext.len()];
    let wrong = bare.len() < lower.len() || written_ext != ext;
    (known && wrong && !stem.is_empty()).then(|| format!("{}.{ext}", &name[..stem.len()]))
}

fn link_refused(rel: PathBuf) -> Diagnostic {
    Diagnostic::error(
        rel,
        crate::messages::Text::both(
            "is a symbolic link; qingfeng does not follow links in content/",
            "这是符号链接；qingfeng 不跟随 content/ 中的链接",
        ),
    )
    .help(crate::messages::Text::both(
        "replace the link with the file itself",
        "请用文件本身替换链接",
    ))
    .code(codes::SYMLINK)
}

/// Sorts the files read into the site's sources, pairing each county's data with its
/// narrative; unreadable files and narratives without data are reported.
pub fn assemble(read: Vec<(Found, ReadResult)>, diags: &mut Diagnostics) -> Sources {
    let mut sources = Sources::default();
    let mut yamls = Vec::new();
    let mut narratives = Vec::new();
    let mut region_data = Vec::new();
    let mut region_narratives = Vec::new();
    for (found, file) in read {
        let file = match file {
            Ok(f) => f,
            Err(d) => {
                diags.push(*d);
                if matches!(found.kind, Kind::CountyData | Kind::RegionData) {
                    sources.unreadable_counties.push(found.path);
                }
                continue;
            }
        };
        match found.kind {
            Kind::City => sources.city = Some(file),
            Kind::Qa => sources.qa = Some(file),
            Kind::CountyData => yamls.push(file),
            Kind::Narrative => narratives.push(file),
            Kind::RegionData => region_data.push(file),
            Kind::RegionNarrative => region_narratives.push(file),
            Kind::Article => sources.articles.push(file),
            Kind::Asset => {}
        }
    }
    // A narrative pairs with the data file of the same name in the same folder.
    let mut by_stem: std::collections::BTreeMap<PathBuf, SourceFile> = narratives
        .into_iter()
        .map(|n| (n.path.with_extension(""), n))
        .collect();
    for data in yamls {
        let narrative = by_stem.remove(&data.path.with_extension(""));
        sources.counties.push(CountySource { data, narrative });
    }
    let mut region_texts: std::collections::BTreeMap<PathBuf, SourceFile> = region_narratives
        .into_iter()
        .filter_map(|n| Some((n.path.parent()?.to_path_buf(), n)))
        .collect();
    for data in region_data {
        let narrative = data.path.parent().and_then(|d| region_texts.remove(d));
        sources.regions.push(RegionSource { data, narrative });
    }
    for orphan in region_texts.into_values() {
        let data = display_path(&orphan.rel.with_file_name("_index.yaml"));
        diags.push(
            Diagnostic::error(
                orphan.rel.clone(),
                crate::messages::Text::both(
                    "a region's narrative without the region's figures",
                    "地区的正文没有对应的数据文件",
                ),
            )
            .help(crate::t!(
                "add the region's figures as {data} (`name:`, `year:` and `date:` at least)",
                "请在 {data} 中写上该地区的数据（至少写 `name:`、`year:` 和 `date:`）"
            ))
            .code(codes::NARRATIVE_WITHOUT_DATA),
        );
    }
    let unreadable: Vec<PathBuf> = sources
        .unreadable_counties
        .iter()
        .map(|p| p.with_extension(""))
        .collect();
    for orphan in by_stem
        .into_values()
        .filter(|n| !unreadable.contains(&n.path.with_extension("")))
    {
        diags.push(
            Diagnostic::error(
                orphan.rel.clone(),
                crate::messages::Text::both(
                    "narrative without county data",
                    "县的正文没有对应的数据文件",
                ),
            )
            .help({
                let data = display_path(&orphan.rel.with_extension("yaml"));
                crate::t!(
                    "add the county's figures as {data}, or move the file to content/articles/",
                    "请把该县的数据写在 {data}，或把这个文件移到 content/articles/"
                )
            })
            .code(codes::NARRATIVE_WITHOUT_DATA),
        );
    }
    sources
}

/// What a content file holds, by where it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `content/city.yaml`.
    City,
    /// `content/qa.yaml`.
    Qa,
    /// `content/counties/<slug>.yaml`.
    CountyData,
    /// `content/counties/<slug>.md`.
    Narrative,
    /// `content/counties/<folders…>/_index.yaml`: an inner region's figures.
    RegionData,
    /// `content/counties/<folders…>/_index.md`: an inner region's narrative.
    RegionNarrative,
    /// `content/articles/<slug>.md`, or a page bundle's `content/articles/<slug>/index.md`.
    Article,
    /// A file beside the Markdown that pages may link (an image, a PDF).
    Asset,
}

/// Hidden files in the folders qingfeng reads whose names look like content: each is
/// named in a warning (they are skipped all the same).
fn warn_hidden_content(content: &Path, config: &Config, diags: &mut Diagnostics) {
    for dir in [
        content.to_path_buf(),
        content.join("counties"),
        content.join("articles"),
    ] {
        // A symbolic link is reported by the walk; do not look through it here.
        if !dir.symlink_metadata().is_ok_and(|m| m.is_dir()) {
            continue;
        }
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut names: Vec<std::ffi::OsString> = entries
            .filter_map(|e| e.ok().map(|e| e.file_name()))
            .collect();
        names.sort();
        for name in names {
            let text = name.to_string_lossy();
            let Some(rest) = text.strip_prefix('.') else {
                continue;
            };
            let looks_like_content = [".md", ".yaml", ".yml"]
                .iter()
                .any(|ext| rest.ends_with(ext))
                && !rest.starts_with('#')
                && !rest.is_empty();
            if looks_like_content {
                let rel = config.relative(&dir.join(&name)).to_path_buf();
                diags.push(
                    Diagnostic::warning(
                        rel,
                        crate::t!(
                            "`{text}` starts with a dot, so it is hidden and was skipped",
                            "`{text}` 以点开头，是隐藏文件，已跳过"
                        ),
                    )
                    .help(crate::t!(
                        "files starting with `.` are taken for editors' temporary files; rename it to `{rest}` to publish it",
                        "以“.”开头的文件被视为编辑器的临时文件；改名为 `{rest}` 即可发布"
                    ))
                    .code(codes::HIDDEN_FILE),
                );
            }
        }
    }
}

/// The name of the page a Markdown file makes: its file name without `.md`, or for a page
/// bundle (`articles/<slug>/index.md`) its folder's name.
pub fn page_name(path: &Path) -> Option<String> {
    let named = if path.file_stem().is_some_and(|s| s == "index") {
        path.parent()?.file_name()?
    } else {
        path.file_stem()?
    };
    Some(named.to_string_lossy().into_owned())
}

/// Reads a file beside the Markdown, by its path under `content/`.
fn read_asset(config: &Config, found: &Found) -> std::result::Result<Asset, Diagnostic> {
    let too_large = |len: u64| {
        let (mb, limit) = (len as f64 / 1_048_576.0, MAX_ASSET_BYTES / 1_048_576);
        Diagnostic::error(
            found.rel.clone(),
            crate::t!(
                "is {mb:.1} MB; files beside the Markdown are limited to {limit} MB",
                "文件有 {mb:.1} MB；Markdown 旁的文件不能超过 {limit} MB"
            ),
        )
        .help(crate::messages::Text::both(
            "make the file smaller, or link it from elsewhere",
            "请缩小文件，或改为链接到别处",
        ))
        .code(codes::FILE_TOO_LARGE)
    };
    if found.link {
        return Err(link_refused(found.rel.clone()));
    }
    let meta =
        std::fs::metadata(&found.path).map_err(|e| text::cannot_read(found.rel.clone(), &e))?;
    if meta.len() > MAX_ASSET_BYTES {
        return Err(too_large(meta.len()));
    }
    let bytes = std::fs::read(&found.path).map_err(|e| text::cannot_read(found.rel.clone(), &e))?;
    let inner = found
        .path
        .strip_prefix(&config.content_dir)
        .unwrap_or(&found.path);
    let path = inner
        .iter()
        .map(|p| p.to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    Ok(Asset {
        path,
        bytes: bytes.into(),
    })
}

/// Dotfiles and editors' backup files are never content.
fn is_hidden(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with('.') || name.ends_with('~') || name.starts_with('#')
}

#[cfg(test)]
mod tests {
    use super::{misnamed, misnamed_at_top};

    #[test]
    fn misnamed_content_files_are_told_what_they_were_meant_to_be() {
        assert_eq!(misnamed_at_top("City.YAML").as_deref(), Some("city.yaml"));
        assert_eq!(misnamed_at_top("qa.yml.txt").as_deref(), Some("qa.yml"));
        for fine in ["city.yaml", "qa.yml", "notes.txt", "readme.md"] {
            assert_eq!(misnamed_at_top(fine), None, "{fine}");
        }
        assert_eq!(misnamed("erxian.yaml.txt").as_deref(), Some("erxian.yaml"));
        assert_eq!(misnamed("shili.MD").as_deref(), Some("shili.md"));
        assert_eq!(misnamed("a.Yml.TXT").as_deref(), Some("a.yml"));
        for fine in ["shili.md", "x.yaml", "notes.txt", "photo.JPG", ".md.txt"] {
            assert_eq!(misnamed(fine), None, "{fine}");
        }
    }
}
