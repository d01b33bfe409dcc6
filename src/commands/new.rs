//! `qingfeng new county SLUG` and `qingfeng new article SLUG`: scaffold a content file with
//! every field commented in Chinese.

use std::path::Path;

use crate::cli::{NewArgs, NewCommand};
use crate::config::Config;
use crate::diagnostic::{Error, Result};
use crate::messages::Text;
use crate::model::county::is_valid_slug;
use crate::model::date::Date;
use crate::scaffold::{self, ScaffoldFile};

/// Runs the new command in the site at `root`.
pub fn execute(root: &Path, command: &NewCommand) -> Result<()> {
    let config = Config::load(root, None)?;
    let (what, slug, region) = match command {
        NewCommand::County(a) => ("county", &a.slug, a.region.as_deref()),
        NewCommand::Region(a) => ("region", &a.slug, a.region.as_deref()),
        NewCommand::Article(NewArgs { slug }) => ("article", slug, None),
    };
    check_slug(slug)?;
    // The folder under content/counties/ the new county or region goes in.
    let folder = match region {
        Some(region) => {
            check_slug(region)?;
            region_folder(&config.content_dir.join("counties"), region)?
        }
        None => String::new(),
    };
    let files = match command {
        NewCommand::County(a) => {
            let name = a.name.as_deref().map(str::trim).filter(|n| !n.is_empty());
            scaffold::county_in(
                &folder,
                slug,
                name.unwrap_or(crate::model::PLACEHOLDER_NAME),
                today(),
            )
        }
        NewCommand::Region(a) => scaffold::region(&folder, slug, &a.name, &a.level, today()),
        NewCommand::Article(_) => vec![scaffold::article(slug, "新文章标题", today())],
    };
    // A file in the way is reported as such (by `write_new`); a slug used elsewhere here.
    let in_the_way = files.iter().any(|f| config.root.join(&f.path).exists());
    if what != "article" && !in_the_way {
        check_unused(&config.content_dir, what, slug)?;
    }
    write_new(&config.root, &files)?;
    for f in &files {
        let path = &f.path;
        crate::outln!("{}", crate::t!("wrote {path}", "已写入 {path}"));
    }
    let next = match what {
        "county" => Some(crate::messages::Text::both(
            "fill in the county's figures; if the regions above state `expected` totals (content/city.yaml, _index.yaml), update them too",
            "请填写该县的数据；如果上级地区写有 `expected` 合计（content/city.yaml、_index.yaml），也要一并更新",
        )),
        "region" => Some(crate::messages::Text::both(
            "fill in the region's own figures and put its counties in its folder; its totals are their sums",
            "请填写该地区自己的数据，并把它的县放进这个文件夹；合计由各县数据相加得出",
        )),
        _ => None,
    };
    if let Some(next) = next {
        crate::outln!("{next}");
    }
    Ok(())
}

/// The folder of the region `slug` under `counties` (`shanxi/linfen`), found by its name at
/// any depth; an error listing the regions there are when there is none.
fn region_folder(counties: &Path, slug: &str) -> Result<String> {
    let mut found = Vec::new();
    let mut all = Vec::new();
    for entry in walkdir::WalkDir::new(counties)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter()
        .filter_map(std::result::Result::ok)
        .filter(|e| e.file_type().is_dir() && e.path().join("_index.yaml").is_file())
    {
        let rel = entry.path().strip_prefix(counties).unwrap_or(entry.path());
        let rel = crate::url::slash_path(rel);
        if entry.file_name() == slug {
            found.push(rel.clone());
        }
        all.push(entry.file_name().to_string_lossy().into_owned());
    }
    match found.into_iter().next() {
        Some(f) => Ok(f),
        None => {
            let known = if all.is_empty() {
                "—".to_string()
            } else {
                all.join(", ")
            };
            Err(Error::usage(
                crate::messages::catalog::BAD_SLUG,
                crate::t!(
                    "there is no region `{slug}` (a folder of content/counties/ with an _index.yaml); the regions are: {known}",
                    "没有地区 `{slug}`（content/counties/ 下带 _index.yaml 的文件夹）；现有地区：{known}"
                ),
            ))
        }
    }
}

/// Refuses a county's or region's slug that a county or region of the site already has, in
/// any region: a slug names one page of the site.
fn check_unused(content: &Path, what: &str, slug: &str) -> Result<()> {
    let counties = content.join("counties");
    let county_file = format!("{slug}.yaml");
    let taken = walkdir::WalkDir::new(&counties)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter()
        .filter_map(std::result::Result::ok)
        .find(|e| {
            if e.file_type().is_dir() {
                e.file_name() == slug && e.path().join("_index.yaml").is_file()
            } else {
                e.file_name().to_str() == Some(county_file.as_str())
            }
        });
    let Some(taken) = taken else {
        return Ok(());
    };
    let rel = taken.path().strip_prefix(content).unwrap_or(taken.path());
    let path = format!("content/{}", crate::url::slash_path(rel));
    let (en, zh) = if what == "county" {
        ("county", "县")
    } else {
        ("region", "地区")
    };
    Err(Error::usage(
        crate::messages::catalog::ALREADY_EXISTS,
        crate::t!(
            "the slug `{slug}` is already used by {path}: give the new {en} a slug of its own (a slug names one page of the site)",
            "拼音名 `{slug}` 已被 {path} 使用：请给新{zh}另起一个拼音名（每个拼音名对应网站上的一个页面）"
        ),
    ))
}

fn check_slug(slug: &str) -> Result<()> {
    let lowercase = slug
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    let reserved = match crate::platform::windows_name_problem(slug) {
        _ if is_valid_slug(slug) || !lowercase => None,
        Some(_) => Some(Text::both(
            "it is a device name on Windows (CON, PRN, AUX, NUL, COM0–COM9, LPT0–LPT9), which no file or folder can have",
            "它是 Windows 的设备名（CON、PRN、AUX、NUL、COM0–COM9、LPT0–LPT9），任何文件或文件夹都不能用这个名字",
        )),
        None if slug == "index" => Some(Text::both(
            "it is the name of a folder's own page",
            "它是文件夹首页的名字",
        )),
        None => None,
    };
    if let Some(why) = reserved {
        let (why_en, why_zh) = (&why.en, why.get(crate::messages::Lang::Zh));
        return Err(Error::usage(
            crate::messages::catalog::BAD_SLUG,
            crate::t!(
                "`{slug}` cannot be a slug: {why_en}; choose another of lowercase ASCII letters, digits and '-', e.g. `{slug}-xian`",
                "`{slug}` 不能用作拼音名：{why_zh}；请另取一个由小写英文字母、数字和“-”组成的拼音名，例如 `{slug}-xian`"
            ),
        ));
    }
    if !is_valid_slug(slug) {
        let example = crate::model::county::slug_example(slug, "yaodu");
        return Err(Error::usage(
            crate::messages::catalog::BAD_SLUG,
            crate::t!(
                "`{slug}` is not a valid slug: use lowercase ASCII letters, digits and '-', e.g. `{example}` (it becomes the page's folder name)",
                "`{slug}` 不是有效的拼音名：只能用小写英文字母、数字和“-”，例如 `{example}`（它会成为网页的文件夹名）"
            ),
        ));
    }
    Ok(())
}

/// Writes new files under `root`, refusing to overwrite any: all are checked before one is written.
pub fn write_new(root: &Path, files: &[ScaffoldFile]) -> Result<()> {
    for f in files {
        let path = root.join(&f.path);
        if path.exists() {
            let path = path.display();
            return Err(Error::usage(
                crate::messages::catalog::ALREADY_EXISTS,
                crate::t!(
                    "{path} already exists; qingfeng does not overwrite it",
                    "{path} 已存在；qingfeng 不会覆盖它"
                ),
            ));
        }
    }
    for f in files {
        let path = root.join(&f.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::write(parent, e))?;
        }
        std::fs::write(&path, &f.text).map_err(|e| Error::write(&path, e))?;
    }
    Ok(())
}

/// Today's date in Beijing time (UTC+8), for new pages.
pub fn today() -> Date {
    Date::today_in_china()
}
