//! `site.toml` → [`Config`]: read, validated, paths resolved against the site root.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Diagnostics, Error, Result, line_col};
use crate::messages::Text;
use crate::messages::catalog::{self as codes, Code};

/// The settings file's name.
pub const CONFIG_FILE: &str = "site.toml";

/// `site.toml` as the editor writes it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteToml {
    /// The site's name (网站名称).
    pub title: String,
    /// The column's name (栏目名称), e.g. 风清气正看换届.
    pub column: String,
    /// A line under the title.
    #[serde(default)]
    pub subtitle: String,
    /// The home page's description, for search engines and link previews.
    #[serde(default)]
    pub description: String,
    /// The language of the site; only `zh-CN` is supported.
    #[serde(default = "default_language")]
    pub language: String,
    /// The public address, for canonical URLs, the sitemap and the feed. Links stay relative.
    #[serde(default)]
    pub base_url: Option<String>,
    /// The theme's folder name under `themes/`.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Where `build` writes the site, relative to the site root.
    #[serde(default = "default_output")]
    pub output_dir: String,
    /// The footer and the inspection metadata.
    #[serde(default)]
    pub footer: Footer,
    /// Chart settings.
    #[serde(default)]
    pub charts: ChartSettings,
    /// `qingfeng check` settings.
    #[serde(default)]
    pub check: CheckSettings,
    /// PNG images: the share image, link-preview cards and chart downloads.
    #[serde(default)]
    pub images: ImageSettings,
    /// Notices the newsroom shows its readers (e.g. that figures are provisional).
    #[serde(default)]
    pub notice: Notice,
    /// The site's search.
    #[serde(default)]
    pub search: SearchSettings,
    /// How large sites compare their counties and list them.
    #[serde(default)]
    pub compare: CompareSettings,
    /// The language of qingfeng's messages for this newsroom, `zh` or `en` (unset: the
    /// computer's language). Not the site's language, which is `language`.
    #[serde(default)]
    pub messages: Option<String>,
}

/// `[compare]`: how a page compares and lists the counties when there are many of them.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompareSettings {
    /// Comparison charts draw one bar a county up to this many counties; beyond it each
    /// shows the distribution and the top and bottom ten, and links a full ranking page.
    #[serde(default = "default_max_bars")]
    pub max_bars: usize,
    /// Rows of the county list on each of its pages; beyond it the list is paginated
    /// and the home page links the list instead of showing every county.
    #[serde(default = "default_per_page")]
    pub per_page: usize,
}

impl Default for CompareSettings {
    fn default() -> Self {
        CompareSettings {
            max_bars: default_max_bars(),
            per_page: default_per_page(),
        }
    }
}

fn default_max_bars() -> usize {
    40
}

fn default_per_page() -> usize {
    100
}

/// `[search]`: the search box on every page, the `search/` page and the index behind them.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchSettings {
    /// `false` leaves the box, the page and the index out of the site.
    #[serde(default = "enabled")]
    pub enabled: bool,
}

impl Default for SearchSettings {
    fn default() -> Self {
        SearchSettings { enabled: true }
    }
}

fn enabled() -> bool {
    true
}

/// `[notice]`: what the site tells its readers about its data, where the theme shows it.
/// Nothing is shown unless the newsroom writes it: the theme makes no claim of its own.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Notice {
    /// Shown on every page that shows data, unless a page kind has its own below.
    #[serde(default)]
    pub text: String,
    /// On the home page, beside the counties.
    #[serde(default)]
    pub home: Option<String>,
    /// On the list of counties.
    #[serde(default)]
    pub county_list: Option<String>,
    /// On each county's page.
    #[serde(default)]
    pub county: Option<String>,
}

impl Notice {
    /// The notice of each page kind that shows data, each its own or the common one
    /// (empty: no notice).
    pub fn resolved(&self) -> Notice {
        let or_common =
            |own: &Option<String>| Some(own.clone().unwrap_or_else(|| self.text.clone()));
        Notice {
            text: self.text.clone(),
            home: or_common(&self.home),
            county_list: or_common(&self.county_list),
            county: or_common(&self.county),
        }
    }
}

/// The footer: who runs the site and its filing numbers.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Footer {
    /// 主办单位.
    #[serde(default)]
    pub organizer: String,
    /// 联系方式.
    #[serde(default)]
    pub contact: String,
    /// ICP备案编号.
    #[serde(default)]
    pub icp: String,
    /// 公安机关备案号.
    #[serde(default)]
    pub public_security: String,
    /// The link of the 公安机关备案号.
    #[serde(default)]
    pub public_security_url: String,
    /// 网站标识码.
    #[serde(default)]
    pub site_code: String,
    /// The 党政机关网站标识 image, a path under the site's static files.
    #[serde(default)]
    pub badge: String,
    /// The site's domain, for the SiteDomain meta tag.
    #[serde(default)]
    pub domain: String,
    /// Free lines, printed as they are.
    #[serde(default)]
    pub lines: Vec<String>,
}

/// Chart settings.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChartSettings {
    /// Colours in `#rrggbb`, replacing the default palette.
    #[serde(default)]
    pub palette: Vec<String>,
}

/// `[images]`: how PNG images are made.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImageSettings {
    /// A font file in the site (`fonts/SourceHanSansSC-Regular.otf`) to draw images with;
    /// by default the system's CJK font.
    #[serde(default)]
    pub font: Option<String>,
    /// Whether each county's charts get a PNG too (off by default: at thousands of
    /// counties they cost more than the rest of the build; see the README).
    #[serde(default)]
    pub county_charts: bool,
    /// Whether each region page's charts (its own and its children's comparison) get a
    /// PNG too (off by default, as the counties': a national site's hundreds of regions
    /// would more than double the files a build writes; see the README).
    #[serde(default)]
    pub region_charts: bool,
}

/// `qingfeng check` settings.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckSettings {
    /// Rules switched off, by name.
    #[serde(default)]
    pub disabled_rules: Vec<String>,
    /// Days after which a column counts as stale (default 14).
    #[serde(default)]
    pub stale_after_days: Option<u32>,
    /// Literal texts that are never a finding (`隰(xí)县`).
    #[serde(default)]
    pub allow: Vec<String>,
}

fn default_language() -> String {
    "zh-CN".into()
}
fn default_theme() -> String {
    "default".into()
}
fn default_output() -> String {
    "public".into()
}

/// The validated settings with every path resolved.
#[derive(Debug, Clone)]
pub struct Config {
    /// What `site.toml` says.
    pub site: SiteToml,
    /// The site root (the folder holding `site.toml`), absolute.
    pub root: PathBuf,
    /// `content/`.
    pub content_dir: PathBuf,
    /// `themes/<theme>/`.
    pub theme_dir: PathBuf,
    /// The output folder, absolute.
    pub output_dir: PathBuf,
    /// Whether the site is built for `serve`, which serves it at its own root (`/`).
    pub serving: bool,
    /// Whether the build keeps its images and its parsed county data files in, and takes
    /// them from, `.qingfeng-cache/` (`build --no-cache` says no).
    pub use_cache: bool,
}

impl Config {
    /// Reads and validates `site.toml` under `root`; `output` overrides `output_dir`.
    pub fn load(root: &Path, output: Option<&Path>) -> Result<Config> {
        let root = std::path::absolute(root).map_err(|e| Error::read(root, e))?;
        let path = root.join(CONFIG_FILE);
        let bytes = std::fs::read(&path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => {
                let root = root.display();
                Error::usage(
                    codes::NO_SITE_TOML,
                    crate::t!(
                        "no {CONFIG_FILE} in {root}: run qingfeng in a site's folder, pass --root DIR, or make a site with `qingfeng init DIR`",
                        "{root} 中没有 {CONFIG_FILE}：请在网站文件夹中运行 qingfeng，或加 --root 指定文件夹，或用 `qingfeng init 文件夹` 新建网站"
                    ),
                )
            }
            _ => Error::read(&path, e),
        })?;
        // Saved by Notepad as GBK or UTF-16, or with a BOM: said as for a content file.
        let text = crate::encoding::decode(&bytes).map_err(|d| {
            Error::Content(Diagnostics(vec![Diagnostic {
                file: CONFIG_FILE.into(),
                ..*d
            }]))
        })?;
        let site = parse(&text)?;
        let output_dir = match output {
            Some(o) => std::path::absolute(o).map_err(|e| Error::read(o, e))?,
            None => root.join(&site.output_dir),
        };
        let content_dir = root.join("content");
        let theme_dir = root.join("themes").join(&site.theme);
        outside_inputs(
            &root,
            &output_dir,
            output.is_some(),
            &text,
            [&content_dir, &theme_dir],
        )?;
        Ok(Config {
            content_dir,
            theme_dir,
            output_dir,
            root,
            site,
            serving: false,
            use_cache: true,
        })
    }

    /// The same settings, drawing every image and parsing every county's data afresh, and
    /// keeping neither (`build --no-cache`).
    pub fn without_cache(self) -> Config {
        Config {
            use_cache: false,
            ..self
        }
    }

    /// The same settings, for `serve`.
    pub fn for_serve(self) -> Config {
        Config {
            serving: true,
            ..self
        }
    }

    /// The absolute path of the site's top on its server: `/` for `serve`, else the path
    /// of `base_url` (`/huanjie/`), else `/`. Pages served at any depth, like the 404 page,
    /// link from it.
    pub fn server_root(&self) -> String {
        if self.serving {
            return "/".into();
        }
        let Some(base) = self.base_url() else {
            return "/".into();
        };
        let after_scheme = base
            .split_once("://")
            .map_or(base.as_str(), |(_, rest)| rest);
        match after_scheme.find('/') {
            Some(i) => after_scheme[i..].to_string(),
            None => "/".into(),
        }
    }

    /// The public address with a trailing slash, if one is set.
    pub fn base_url(&self) -> Option<String> {
        self.site
            .base_url
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty())
            .map(|u| format!("{}/", crate::url::encode_base(u.trim_end_matches('/'))))
    }

    /// A path relative to the site root, for messages.
    pub fn relative<'a>(&self, path: &'a Path) -> &'a Path {
        path.strip_prefix(&self.root).unwrap_or(path)
    }
}

/// Refuses an output folder inside a folder qingfeng reads (content/, static/, templates/,
/// the theme: `content` and `theme`), where each build would read the previous one's output;
/// `from_command_line` when `--output` named it, else site.toml's `output_dir` (`text`).
fn outside_inputs(
    root: &Path,
    output_dir: &Path,
    from_command_line: bool,
    text: &str,
    [content, theme]: [&PathBuf; 2],
) -> Result<()> {
    let inputs = [
        content.clone(),
        root.join("static"),
        root.join("templates"),
        theme.clone(),
    ];
    if let Some(input) = inputs
        .iter()
        .find(|input| resolved(output_dir).starts_with(resolved(input)))
    {
        let shown = input.strip_prefix(root).unwrap_or(input).display();
        return Err(if from_command_line {
            let out = output_dir.display();
            Error::usage(
                codes::OUTPUT_INSIDE_SOURCES,
                crate::t!(
                    "refusing to write into {out}: it is inside {shown}/, which qingfeng reads; choose an output folder outside content/, static/, templates/ and the theme",
                    "不能写入 {out}：它在 qingfeng 要读取的 {shown}/ 之中；请选择 content/、static/、templates/ 和主题文件夹以外的输出文件夹"
                ),
            )
        } else {
            let message = crate::t!(
                "output_dir is inside {shown}/, which qingfeng reads: each build would read the previous one's output",
                "输出文件夹在 {shown}/ 之中，而 qingfeng 要读取该文件夹：每次构建都会把上一次的输出读进去"
            );
            let help = crate::t!(
                "choose an output folder outside content/, static/, templates/ and the theme, e.g. output_dir = \"public\"",
                "请选择 content/、static/、templates/ 和主题文件夹以外的输出文件夹，例如 output_dir = \"public\""
            );
            Error::Content(Diagnostics(vec![setting_error(
                text,
                "output_dir",
                message,
                help,
                codes::OUTPUT_INSIDE_SOURCES,
            )]))
        });
    }
    Ok(())
}

/// `path` with `.` and `..` resolved and, as far as it exists, its links followed, so that
/// two ways of naming one folder compare equal.
pub fn resolved(path: &Path) -> PathBuf {
    let mut plain = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                plain.pop();
            }
            other => plain.push(other),
        }
    }
    canonical_even_if_missing(&plain)
}

fn canonical_even_if_missing(p: &Path) -> PathBuf {
    if let Ok(c) = std::fs::canonicalize(p) {
        return c;
    }
    match (p.parent(), p.file_name()) {
        (Some(parent), Some(name)) => canonical_even_if_missing(parent).join(name),
        _ => p.to_path_buf(),
    }
}

/// The `messages` setting of the site at `root`, read leniently: a missing or broken
/// `site.toml` gives none (its problems are reported by the command, in the language
/// chosen without it).
pub fn messages_setting(root: &Path) -> Option<crate::messages::Lang> {
    let text = crate::encoding::decode(&std::fs::read(root.join(CONFIG_FILE)).ok()?).ok()?;
    let table: toml::Table = toml::from_str(&text).ok()?;
    crate::messages::Lang::parse(table.get(crate::messages::SITE_SETTING)?.as_str()?)
}

/// Parses and validates the text of `site.toml`.
pub fn parse(text: &str) -> Result<SiteToml> {
    let mut site: SiteToml = toml::from_str(text).map_err(|e| syntax_error(text, &e))?;
    // A site.toml written on Windows (`dist\\site`) means the same folder on every computer.
    for path in [&mut site.output_dir, &mut site.footer.badge]
        .into_iter()
        .chain(site.images.font.as_mut())
    {
        *path = with_slashes(path);
    }
    let mut problems = Vec::new();
    if site.language != "zh-CN" {
        problems.push(setting_error(
            text,
            "language",
            crate::t!(
                "language `{}` is not supported",
                "不支持网站语言 `{}`",
                site.language
            ),
            crate::t!(
                "set language = \"zh-CN\"",
                "应为 language = \"zh-CN\"（提示语言用 messages 设置）"
            ),
            codes::UNSUPPORTED_LANGUAGE,
        ));
    }
    if site.theme.is_empty() || site.theme.contains(['/', '\\']) || site.theme.starts_with('.') {
        problems.push(setting_error(
            text,
            "theme",
            crate::t!(
                "theme `{}` is not a folder name",
                "主题 `{}` 不是文件夹名",
                site.theme
            ),
            crate::t!(
                "name a folder under themes/, e.g. theme = \"default\"",
                "应为 themes/ 下的文件夹名，例如 theme = \"default\""
            ),
            codes::BAD_THEME_NAME,
        ));
    }
    problems.extend(base_url_problem(text, site.base_url.as_deref()));
    for (key, value) in [
        ("max_bars", site.compare.max_bars),
        ("per_page", site.compare.per_page),
    ] {
        if value == 0 {
            problems.push(setting_error(
                text,
                key,
                crate::t!(
                    "[compare] {key} must be at least 1",
                    "[compare] 的 {key} 应为不小于 1 的整数"
                ),
                crate::t!(
                    "leave {key} out for the default, or write a whole number such as 40",
                    "删去 {key} 这一行以使用默认值，或写一个整数，例如 40"
                ),
                codes::BAD_COMPARE_SETTING,
            ));
        }
    }
    // What the language is chosen by (`messages_setting`) and what is accepted here are one
    // rule, so that a refused value is refused in the language chosen without it.
    if let Some(value) = site.messages.as_deref()
        && crate::messages::Lang::parse(value).is_none()
    {
        problems.push(setting_error(
            text,
            crate::messages::SITE_SETTING,
            crate::t!(
                "messages = `{value}` is not a language of qingfeng's messages",
                "messages = `{value}` 不是 qingfeng 支持的提示语言"
            ),
            crate::t!(
                "write messages = \"zh\" for Chinese messages or messages = \"en\" for English, or leave it out to follow the computer's language",
                "应为 messages = \"zh\"（中文提示）或 messages = \"en\"（英文提示），或删去这一行以跟随电脑的语言"
            ),
            codes::BAD_MESSAGES_SETTING,
        ));
    }
    if problems.is_empty() {
        Ok(site)
    } else {
        Err(Error::Content(Diagnostics(problems)))
    }
}

/// The error of a `site.toml` the TOML reader refused with `e`: at its place, in words, with
/// the line as it should read or the key it most likely means.
fn syntax_error(text: &str, e: &toml::de::Error) -> Error {
    let detail = e.message().trim().to_string();
    let place = e.span().map(|span| {
        let (line, col) = line_col(text, span.start);
        (line, col, text.lines().nth(line - 1).unwrap_or_default())
    });
    // A value of the wrong type is told in words, with its key: the reader names Rust's
    // types ("expected usize").
    let worded = place.and_then(|(_, _, line)| {
        let key = setting_key(line)?;
        crate::messages::wrong_type::wrong_type(
            &format!("{key}: {detail}"),
            crate::messages::wrong_type::Syntax::Toml,
        )
    });
    let message = worded.unwrap_or_else(|| crate::t!("{detail}", "site.toml 格式有误：{detail}"));
    let mut d = Diagnostic::error(CONFIG_FILE, message).code(codes::CONFIG_SYNTAX);
    if let Some((line, col, typed)) = place {
        d = d.at(text, line, col);
        if unknown_key(e.message()).is_none() {
            d = d.help(syntax_help(e.message(), typed));
        }
    }
    if let Some(key) = unknown_key(e.message()) {
        d = d.code(codes::CONFIG_UNKNOWN_KEY);
        d.set_message_zh(Some(format!("site.toml 中有未知的键 `{key}`（{detail}）")));
        if let Some(n) = crate::diagnostic::nearest(&key, expected_keys(e.message())) {
            d = d.help(crate::t!("did you mean `{n}`?", "建议改为 `{n}`"));
        }
    }
    Error::Content(Diagnostics(vec![d]))
}

/// The key a line of `site.toml` sets (`max_bars` of `max_bars = "40"`), if it reads as a
/// setting.
fn setting_key(line: &str) -> Option<&str> {
    let key = line.split_once('=')?.0.trim();
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    plain.then_some(key)
}

/// `line` with its value quoted by mistake written as the type `wanted` asks (a whole
/// number, true or false), when it reads as one: `max_bars = "40"` → `max_bars = 40`,
/// `enabled = "否"` → `enabled = false`.
fn unquoted_value(line: &str, message: &str, wanted: &str) -> Option<String> {
    let key = setting_key(line)?;
    let value = message
        .split("string \"")
        .nth(1)?
        .rsplit_once("\", expected")?
        .0
        .trim();
    let value = if wanted.contains("bool") {
        match value.to_ascii_lowercase().as_str() {
            "true" | "yes" | "是" | "开" | "开启" => "true".to_owned(),
            "false" | "no" | "否" | "关" | "关闭" => "false".to_owned(),
            _ => return None,
        }
    } else if wanted.contains("integer") || wanted.starts_with(['u', 'i']) {
        let digits: String = value
            .chars()
            .map(|c| match c {
                '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
                c => c,
            })
            .collect();
        digits.parse::<u64>().ok()?.to_string()
    } else {
        // A list or a section asked for: the quotes were not the slip.
        return None;
    };
    let indent = &line[..line.len() - line.trim_start().len()];
    Some(format!("{indent}{key} = {value}"))
}

/// How to correct `line`, the line of `site.toml` the TOML reader refused with `message`:
/// a value of the wrong type is told the type to write (the line as it should read when
/// the value was only quoted by mistake); a slip of the Chinese keyboard
/// (Chinese quotes, a full-width `＝`, a colon for `=`, text without quotes, a full-width
/// bracket) is told the line as it should read; else how a setting is written.
fn syntax_help(message: &str, line: &str) -> Text {
    if message.starts_with("invalid type") || message.starts_with("invalid value") {
        let wanted = message.rsplit("expected ").next().unwrap_or_default();
        if let Some(fixed) = unquoted_value(line, message, wanted) {
            let fixed = fixed.trim();
            return crate::t!(
                "write the line as `{fixed}`, without quotes",
                "改为 `{fixed}`，不加引号"
            );
        }
        if message.contains("` as i128") || message.contains("` as u128") {
            return Text::both(
                "the number is too large; write a smaller whole number",
                "数字过大，请写一个较小的整数",
            );
        }
        if message.contains("integer `-") && wanted.starts_with('u') {
            return Text::both(
                "write a whole number of 0 or more, without a minus sign",
                "应为不小于 0 的整数，不带负号",
            );
        }
        return match wanted {
            w if w.contains("sequence") => Text::both(
                "write a list in half-width square brackets, e.g. lines = [\"...\", \"...\"]",
                "应为列表，用半角方括号括起，例如 lines = [\"……\", \"……\"]",
            ),
            w if w.contains("bool") => Text::both(
                "write true or false, without quotes",
                "应为 true 或 false，不加引号",
            ),
            w if w.contains("integer") || w.starts_with('u') || w.starts_with('i') => {
                Text::both("write a whole number, without quotes", "应为整数，不加引号")
            }
            w if w.contains("string") => Text::both(
                "write the text in half-width double quotes, e.g. title = \"...\"",
                "应为文字，用半角双引号括起，例如 title = \"……\"",
            ),
            _ => Text::both(
                "write the value as the comment above the setting describes it",
                "请按该设置上方注释的说明填写",
            ),
        };
    }
    if message.starts_with("duplicate key") {
        return Text::both(
            "this key or section is already written above; keep one of the two and delete the other",
            "这个键或小节在上面已经写过；保留一处，删去另一处",
        );
    }
    match corrected_setting(line) {
        Some(fixed) if fixed.trim_start().starts_with('[') => crate::t!(
            "write the line as `{fixed}`: the section's name in half-width square brackets",
            "改为 `{fixed}`：小节名用半角方括号括起"
        ),
        Some(fixed) => crate::t!(
            "write the line as `{fixed}`: a half-width `=` after the key, text in half-width double quotes",
            "改为 `{fixed}`：键后用半角等号“=”，文字用半角双引号括起"
        ),
        None => Text::both(
            "write each setting as key = value, text in half-width double quotes, e.g. title = \"...\"",
            "每项设置写成“键 = 值”，文字用半角双引号括起，例如 title = \"……\"",
        ),
    }
}

/// `line` with its keyboard slips corrected, when that makes a line TOML reads and the
/// line differs; none otherwise.
fn corrected_setting(line: &str) -> Option<String> {
    let indent = &line[..line.len() - line.trim_start().len()];
    let trimmed = line.trim();
    let fixed = if trimmed.starts_with(['[', '［', '【']) {
        let inner = trimmed.trim_start_matches(['[', '［', '【']);
        let inner = inner.trim_end_matches([']', '］', '】']);
        format!("{indent}[{}]", inner.trim())
    } else {
        let at = trimmed.find(['=', '＝', ':', '：'])?;
        let key = trimmed[..at].trim();
        let sep = trimmed[at..].chars().next()?;
        let value = trimmed[at + sep.len_utf8()..].trim();
        let value = value
            .replace(['“', '”', '＂'], "\"")
            .replace(['‘', '’'], "'");
        // One double quote alone: the other was left out (`"测试网` or `测试网"`).
        let value = match value.matches('"').count() {
            1 if value.starts_with('"') && !value.contains('#') => format!("{value}\""),
            1 if value.ends_with('"') => value.trim_end_matches('"').to_owned(),
            _ => value,
        };
        let bare = !value.starts_with(['"', '\'', '[', '{'])
            && toml::from_str::<toml::Table>(&format!("v = {value}")).is_err();
        let value = if bare && !value.is_empty() {
            format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
        } else {
            value
        };
        format!("{indent}{key} = {value}")
    };
    (fixed != line && toml::from_str::<toml::Table>(&fixed).is_ok()).then_some(fixed)
}

/// An error in the setting `key` of `site.toml`, pointed at the line that sets it.
fn setting_error(text: &str, key: &str, message: Text, help: Text, code: Code) -> Diagnostic {
    let d = Diagnostic::error(CONFIG_FILE, message)
        .help(help)
        .code(code);
    match setting_at(text, key) {
        Some(at) => {
            let (line, column) = line_col(text, at);
            d.at(text, line, column)
        }
        None => d,
    }
}

/// Where the first line setting `key` (`key = …`, or a dotted `table.key = …`) starts its
/// key, as a byte offset in `text`.
fn setting_at(text: &str, key: &str) -> Option<usize> {
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let here = start;
        start += line.len();
        let Some((name, _)) = line.split_once('=') else {
            continue;
        };
        let name = name.trim();
        let last = name.rsplit('.').next().unwrap_or(name).trim();
        if last.trim_matches('"') == key {
            let column = line.len() - line.trim_start().len();
            return Some(here + column);
        }
    }
    None
}

/// What is wrong with the `base_url` setting, if anything: it must be an http(s) address
/// without a query or a fragment (every address of the site is it followed by a path).
fn base_url_problem(text: &str, base_url: Option<&str>) -> Option<Diagnostic> {
    if let Some(url) = base_url.filter(|u| !u.trim().is_empty())
        && !(url.starts_with("https://") || url.starts_with("http://"))
    {
        return Some(setting_error(
            text,
            "base_url",
            crate::t!(
                "base_url `{url}` is not an http(s) address",
                "base_url `{url}` 不是 http(s) 网址"
            ),
            crate::t!(
                "write the full address, e.g. base_url = \"https://news.example.cn/huanjie/\", or leave it out",
                "请写完整网址，例如 base_url = \"https://news.example.cn/huanjie/\"，或删去这一行"
            ),
            codes::BAD_BASE_URL,
        ));
    } else if let Some(url) = base_url.map(str::trim)
        && let Some(at) = url.find(['?', '#'])
    {
        // Every address of the site is the base followed by a path: after a query or a
        // fragment the path would be part of them, and the page's address lost.
        let bare = &url[..at];
        return Some(setting_error(
            text,
            "base_url",
            crate::t!(
                "base_url `{url}` has a query (`?…`) or a fragment (`#…`): the site's paths would be added after it",
                "base_url `{url}` 带有查询（`?…`）或片段（`#…`）：网站的路径会接在它们后面"
            ),
            crate::t!(
                "remove everything from the `?` or `#` on: base_url = \"{bare}\"",
                "删去 `?` 或 `#` 及其后的部分：base_url = \"{bare}\""
            ),
            codes::BAD_BASE_URL,
        ));
    } else if let Some(url) = base_url.map(str::trim)
        && let Some((scheme, rest)) = url.split_once("://")
        && let host = rest.split('/').next().unwrap_or(rest)
        && (host.is_empty() || !host.bytes().all(|b| b.is_ascii_graphic()))
    {
        // The path may hold a space or Chinese (each address encodes them); a host is
        // looked up as written, so it must be the ASCII form a browser would send.
        let path = &rest[host.len()..];
        return Some(setting_error(
            text,
            "base_url",
            crate::t!(
                "base_url `{url}` has no host name, or a host name with spaces or characters other than ASCII (`{host}`)",
                "base_url `{url}` 没有主机名，或主机名中有空格或非 ASCII 字符（`{host}`）"
            ),
            crate::t!(
                "write the host as the browser's address bar shows it once copied, a Chinese domain in its xn-- form, e.g. base_url = \"{scheme}://xn--fiqs8s.example.cn{path}\"",
                "主机名请写成从浏览器地址栏复制出来的样子，中文域名写成 xn-- 开头的形式，例如 base_url = \"{scheme}://xn--fiqs8s.example.cn{path}\""
            ),
            codes::BAD_BASE_URL,
        ));
    }
    None
}

/// A path setting with `\\`, Windows' separator, read as `/`: a backslash cannot be meant
/// literally in a setting shared between Windows and other systems.
fn with_slashes(path: &str) -> String {
    path.replace('\\', "/")
}

fn unknown_key(message: &str) -> Option<String> {
    let rest = message.split("unknown field `").nth(1)?;
    Some(rest.split('`').next()?.to_string())
}

/// The keys the reader's `message` says the section of an unknown key takes (``unknown
/// field `titel`, expected one of `title`, `column`…``): the suggestions come from the
/// settings themselves, so a new one is suggested without being listed here too.
fn expected_keys(message: &str) -> Vec<&str> {
    message
        .split_once("`, expected ")
        .map_or(Vec::new(), |(_, expected)| {
            expected.split('`').skip(1).step_by(2).collect()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_key_is_compared_with_the_keys_its_section_takes() {
        assert_eq!(
            expected_keys("unknown field `titel`, expected one of `title`, `column`, `search`"),
            ["title", "column", "search"]
        );
        assert_eq!(
            expected_keys("unknown field `enabeld`, expected `enabled`"),
            ["enabled"]
        );
        assert!(expected_keys("unknown field `x`, there are no fields").is_empty());
    }

    #[test]
    fn keyboard_slips_in_a_setting_are_corrected() {
        #[track_caller]
        fn case(line: &str, fixed: Option<&str>) {
            assert_eq!(corrected_setting(line).as_deref(), fixed, "{line}");
        }
        case("title = “示例新闻网”", Some("title = \"示例新闻网\""));
        case("title = 示例新闻网", Some("title = \"示例新闻网\""));
        case("title ＝ \"示例新闻网\"", Some("title = \"示例新闻网\""));
        case("title: 示例新闻网", Some("title = \"示例新闻网\""));
        case(
            "  icp = 京ICP备12345678号",
            Some("  icp = \"京ICP备12345678号\""),
        );
        case("[footer", Some("[footer]"));
        case("【footer】", Some("[footer]"));
        case("max_bars ＝ 40", Some("max_bars = 40"));
        case("lines = ‘甲’", Some("lines = '甲'"));
        case("title = \"示例\"", None);
        case("title = \"未闭合", Some("title = \"未闭合\""));
        case("title = 未闭合\"", Some("title = \"未闭合\""));
        case("title = \"未闭合 # 注释", None);
        case("随便写的一行", None);
    }

    #[test]
    fn minimal_site_toml_gets_defaults() {
        let site = parse("title = \"t\"\ncolumn = \"c\"\n").expect("valid");
        assert_eq!(site.output_dir, "public");
        assert_eq!(site.theme, "default");
        assert_eq!(site.language, "zh-CN");
    }

    #[test]
    fn path_settings_take_windows_separators() {
        let site = parse(
            "title = \"t\"\ncolumn = \"c\"\noutput_dir = \"dist\\\\site\"\n\
             [footer]\nbadge = 'img\\badge.png'\n[images]\nfont = 'fonts\\a.otf'\n",
        )
        .expect("valid");
        assert_eq!(site.output_dir, "dist/site");
        assert_eq!(site.footer.badge, "img/badge.png");
        assert_eq!(site.images.font.as_deref(), Some("fonts/a.otf"));
    }

    #[test]
    fn misspelt_key_is_located_and_corrected() {
        let err = parse("title = \"t\"\ncolumn = \"c\"\nouput_dir = \"x\"\n").expect_err("bad key");
        let text = err.to_string();
        assert!(text.contains("site.toml:3:1"), "{text}");
        assert!(text.contains("did you mean `output_dir`?"), "{text}");
    }

    #[track_caller]
    fn rejected_at(toml: &str, place: &str, message: &str) {
        let text = parse(&format!("title = \"t\"\ncolumn = \"c\"\n{toml}"))
            .expect_err("invalid")
            .to_string();
        assert!(text.contains(place), "{place} in {text}");
        assert!(text.contains(message), "{message} in {text}");
    }

    #[test]
    fn bad_settings_are_located_at_their_key() {
        rejected_at("language = \"en\"\n", "site.toml:3:1", "language `en`");
        rejected_at("theme = \"../x\"\n", "site.toml:3:1", "theme `../x`");
        rejected_at(
            "base_url = \"ftp://x\"\n",
            "site.toml:3:1",
            "base_url `ftp://x`",
        );
        rejected_at(
            "base_url = \"https://news.example.cn/huanjie/?from=wx#top\"\n",
            "site.toml:3:1",
            "base_url = \"https://news.example.cn/huanjie/\"",
        );
        rejected_at(
            "base_url = \"https://news.example.cn/huanjie#top\"\n",
            "site.toml:3:1",
            "has a query (`?…`) or a fragment (`#…`)",
        );
        rejected_at(
            "base_url = \"https://新闻.example.cn/换届/\"\n",
            "site.toml:3:1",
            "host name with spaces or characters other than ASCII (`新闻.example.cn`)",
        );
        rejected_at(
            "base_url = \"https:///huanjie/\"\n",
            "site.toml:3:1",
            "base_url `https:///huanjie/` has no host name",
        );
        rejected_at(
            "# messages = \"zh\" would be Chinese\n  messages = \"fr\"\n",
            "site.toml:4:3",
            "messages = `fr`",
        );
        rejected_at(
            "[compare]\nmax_bars = 5\nper_page = 0\n",
            "site.toml:5:1",
            "[compare] per_page must be at least 1",
        );
        rejected_at(
            "compare.max_bars = 0\n",
            "site.toml:3:1",
            "[compare] max_bars must be at least 1",
        );
    }

    #[test]
    fn a_setting_is_found_only_where_it_is_set() {
        let text = "title = \"max_bars = 0\"\n# max_bars = 0\n[compare]\n\"max_bars\" = 0\n";
        assert_eq!(setting_at(text, "max_bars"), text.find("\"max_bars\" ="));
        assert_eq!(setting_at(text, "per_page"), None);
        assert_eq!(setting_at("", "per_page"), None);
    }
}
