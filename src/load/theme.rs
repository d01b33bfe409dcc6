//! Load the theme: its templates, static files and chart description, with the site's own
//! `templates/`, `static/` and `charts.toml` taking precedence. A site without a
//! `themes/default/` folder gets the default theme built into the binary.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::config::Config;
use crate::diagnostic::{Error, Result};
use crate::theme_default;

/// A file of the theme or the site, by its path relative to its folder ('/'-separated).
#[derive(Debug, Clone)]
pub struct ThemeFile {
    /// Relative path, e.g. `partials/chart.html` or `css/site.css`.
    pub name: String,
    /// Where it came from, for messages.
    pub origin: PathBuf,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// Everything the look of the site is made of.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    /// The theme's templates.
    pub templates: Vec<ThemeFile>,
    /// The site's own templates, overriding the theme's by name.
    pub site_templates: Vec<ThemeFile>,
    /// Static files: the theme's, then the site's (a later one wins).
    pub static_files: Vec<ThemeFile>,
    /// The chart description (`charts.toml`), the site's if it has one.
    pub charts: Option<ThemeFile>,
}

/// Reads the theme named in the config and the site's overrides.
pub fn load_theme(config: &Config) -> Result<Theme> {
    let dir = &config.theme_dir;
    let (templates, mut static_files, theme_charts) = if dir.join("templates").is_dir() {
        let charts = dir.join("charts.toml");
        let charts = if charts.is_file() {
            Some(read_file("charts.toml", &charts)?)
        } else {
            None
        };
        (
            read_tree(&dir.join("templates"))?,
            read_tree(&dir.join("static"))?,
            charts,
        )
    } else if config.site.theme == theme_default::NAME && !dir.exists() {
        embedded_default()
    } else {
        let (theme, dir) = (&config.site.theme, dir.display());
        return Err(Error::usage(
            crate::messages::catalog::THEME_NOT_FOUND,
            crate::t!(
                "theme `{theme}` not found: {dir} has no templates/ folder",
                "找不到主题 `{theme}`：{dir} 中没有 templates/ 文件夹"
            ),
        ));
    };
    static_files.extend(read_tree(&config.root.join("static"))?);
    let site_charts = config.root.join("charts.toml");
    let charts = if site_charts.is_file() {
        Some(read_file("charts.toml", &site_charts)?)
    } else {
        theme_charts
    };
    Ok(Theme {
        templates,
        site_templates: read_tree(&config.root.join("templates"))?,
        static_files,
        charts,
    })
}

fn read_file(name: &str, path: &Path) -> Result<ThemeFile> {
    let bytes = std::fs::read(path).map_err(|e| Error::read(path, e))?;
    Ok(ThemeFile {
        name: name.into(),
        origin: path.to_path_buf(),
        bytes,
    })
}

/// The default theme built into the binary: (templates, static files, charts.toml).
fn embedded_default() -> (Vec<ThemeFile>, Vec<ThemeFile>, Option<ThemeFile>) {
    let mut templates = Vec::new();
    let mut static_files = Vec::new();
    let mut charts = None;
    for (path, bytes) in theme_default::FILES {
        let file = |name: &str| ThemeFile {
            name: name.to_string(),
            origin: PathBuf::from("(built-in theme)").join(path),
            bytes: bytes.to_vec(),
        };
        if let Some(name) = path.strip_prefix("templates/") {
            templates.push(file(name));
        } else if let Some(name) = path.strip_prefix("static/") {
            static_files.push(file(name));
        } else if *path == "charts.toml" {
            charts = Some(file("charts.toml"));
        }
    }
    (templates, static_files, charts)
}

/// Every regular file under `dir` (none if it does not exist), sorted, dotfiles skipped.
pub fn read_tree(dir: &Path) -> Result<Vec<ThemeFile>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    let walker = WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(dir).to_path_buf();
            Error::read(&path, e.into())
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        let name = crate::url::slash_path(path.strip_prefix(dir).unwrap_or(path));
        let bytes = std::fs::read(path).map_err(|e| Error::read(path, e))?;
        files.push(ThemeFile {
            name,
            origin: path.to_path_buf(),
            bytes,
        });
    }
    Ok(files)
}
