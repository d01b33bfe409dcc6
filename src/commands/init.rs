//! `qingfeng init DIR`: make a new site that builds as it is.

use std::path::Path;

use crate::cli::InitArgs;
use crate::commands::new::{today, write_new};
use crate::diagnostic::{Error, Result};
use crate::platform::{Os, command_name, display_path};
use crate::scaffold;
use crate::theme_default;

/// Runs the init command.
pub fn execute(args: &InitArgs) -> Result<()> {
    let dir = &args.dir;
    refuse_non_empty(dir)?;
    let mut files = if args.levels.is_empty() {
        scaffold::site(today())
    } else {
        scaffold::nested_site(today(), &levels(&args.levels)?)
    };
    if args.copy_theme {
        for (path, bytes) in theme_default::FILES {
            let text = String::from_utf8_lossy(bytes).into_owned();
            files.push(scaffold::ScaffoldFile {
                path: format!("themes/{}/{path}", theme_default::NAME),
                text,
            });
        }
    }
    write_new(dir, &files)?;
    let shown = display_path(dir);
    let cmd = command_name(Os::current());
    let line = if args.copy_theme {
        crate::t!(
            "made a new site in {shown}: edit site.toml and content/, then run `{cmd} --root {shown} build`",
            "已在 {shown} 新建网站：编辑 site.toml 和 content/，然后运行 `{cmd} --root {shown} build`"
        )
    } else {
        crate::t!(
            "made a new site in {shown}: edit site.toml and content/, then run `{cmd} --root {shown} build` \
             (the built-in default theme is used; pass --copy-theme to customise it)",
            "已在 {shown} 新建网站：编辑 site.toml 和 content/，然后运行 `{cmd} --root {shown} build`\
             （使用内置默认主题；如需修改主题，加 --copy-theme）"
        )
    };
    println!("{line}");
    Ok(())
}

/// The Chinese words of `--levels` (`province,city,county` → 省, 市, 县): at least two, the
/// last the counties, each known.
fn levels(given: &[String]) -> Result<Vec<&'static str>> {
    let words: Option<Vec<&'static str>> = given.iter().map(|l| scaffold::level_word(l)).collect();
    match words {
        Some(w) if w.len() >= 2 && w.last() == Some(&"县") && !w[..w.len() - 1].contains(&"县") => {
            Ok(w)
        }
        _ => {
            let given = given.join(",");
            Err(Error::usage(
                crate::messages::catalog::BAD_LEVELS,
                crate::t!(
                    "--levels {given}: give the levels from the site's root down to the counties, e.g. `province,city,county` or `省,市,县` (country, province, city, county)",
                    "--levels {given}：请从网站的最高一级写到县，例如 `province,city,county` 或 `省,市,县`（可用：国、省、市、县）"
                ),
            ))
        }
    }
}

/// A site is made only in a folder that does not exist or holds nothing but dotfiles.
fn refuse_non_empty(dir: &Path) -> Result<()> {
    if !dir.exists() {
        return Ok(());
    }
    if !dir.is_dir() {
        let dir = dir.display();
        return Err(Error::usage(
            crate::messages::catalog::ALREADY_EXISTS,
            crate::t!(
                "{dir} exists and is not a folder",
                "{dir} 已存在，且不是文件夹"
            ),
        ));
    }
    let entries = std::fs::read_dir(dir).map_err(|e| Error::read(dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::read(dir, e))?;
        if !entry.file_name().to_string_lossy().starts_with('.') {
            let (dir, name) = (
                dir.display(),
                entry.file_name().to_string_lossy().into_owned(),
            );
            return Err(Error::usage(
                crate::messages::catalog::ALREADY_EXISTS,
                crate::t!(
                    "{dir} is not empty (it holds {name}): init makes a site only in an empty or new folder",
                    "{dir} 不是空文件夹（其中有 {name}）：init 只在空文件夹或新文件夹中新建网站"
                ),
            ));
        }
    }
    Ok(())
}
