//! `qingfeng init DIR`: make a new site that builds as it is.

use std::path::Path;

use crate::cli::InitArgs;
use crate::commands::new::{today, write_new};
use crate::diagnostic::{Error, Result};
use crate::messages::Text;
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
    let root = crate::platform::command_word(&shown);
    let cmd = command_name(Os::current());
    let line = if args.copy_theme {
        crate::t!(
            "made a new site in {shown}: edit site.toml and content/, then run `{cmd} --root {root} build`",
            "已在 {shown} 新建网站：编辑 site.toml 和 content/，然后运行 `{cmd} --root {root} build`"
        )
    } else {
        crate::t!(
            "made a new site in {shown}: edit site.toml and content/, then run `{cmd} --root {root} build` \
             (the built-in default theme is used; pass --copy-theme to customise it)",
            "已在 {shown} 新建网站：编辑 site.toml 和 content/，然后运行 `{cmd} --root {root} build`\
             （使用内置默认主题；如需修改主题，加 --copy-theme）"
        )
    };
    crate::outln!("{line}");
    Ok(())
}

/// The `level:` words of `--levels`, from the root down, or why they cannot be.
fn levels(given: &[String]) -> Result<Vec<&str>> {
    check_levels(given).map_err(|why| {
        let (why_en, why_zh) = (&why.en, why.get(crate::messages::Lang::Zh));
        let (given, cmd) = (given.join(","), command_name(Os::current()));
        Error::usage(
            crate::messages::catalog::BAD_LEVELS,
            crate::t!(
                "--levels {given}: {why_en}. Give the levels from the site's root down to the counties, each once, ending with county; \
                 the levels qingfeng knows go in this order: country (国), province (省), city (市), county (县). \
                 A level of another name is written in Chinese and stands above the counties, e.g. `省,市,片区,县`; \
                 a region of such a level can also be added later: `{cmd} new region SLUG --in REGION --name NAME --level 片区`",
                "--levels {given}：{why_zh}。请从网站的最高一级写到县，每级只写一次，最后一级是县；\
                 qingfeng 认识的级别依次是：国（country）、省（province）、市（city）、县（county）。\
                 其他名称的级别用中文写，放在县的上面，例如 `省,市,片区,县`；\
                 以后也可以用 `{cmd} new region 拼音名 --in 上级地区 --name 名称 --level 片区` 添加这一级的地区"
            ),
        )
    })
}

/// The `level:` words of `--levels` (`province,city,county` → 省, 市, 县): at least two,
/// each once, the last the counties. The levels qingfeng knows ([`scaffold::level_word`])
/// go from the highest down; a level of another name, written in Chinese (片区), may
/// stand anywhere above the counties, as `level:` and `new region --level` take any word.
fn check_levels(given: &[String]) -> std::result::Result<Vec<&str>, Text> {
    let rank = |word: &str| scaffold::LEVEL_WORDS.iter().position(|w| *w == word);
    // `country` (国) in English, `country`（国） in Chinese.
    let named = |level: &str, word: &str| {
        if level == word {
            (format!("`{level}`"), format!("`{level}`"))
        } else {
            (
                format!("`{level}` ({word})"),
                format!("`{level}`（{word}）"),
            )
        }
    };
    let mut words: Vec<&str> = Vec::new();
    // The last level qingfeng knows, as given, and its word.
    let mut known: Option<(&str, &str)> = None;
    for level in given.iter().map(|l| l.trim()) {
        let word = match scaffold::level_word(level) {
            Some(word) => word,
            None if level.is_empty() => {
                return Err(Text::both(
                    "a level between two commas is empty",
                    "两个逗号之间没有写级别",
                ));
            }
            None if level.chars().all(crate::cjk::is_han) => level,
            None => {
                return Err(crate::t!(
                    "qingfeng does not know the level `{level}`",
                    "qingfeng 不认识级别 `{level}`"
                ));
            }
        };
        let (this, this_zh) = named(level, word);
        if words.contains(&word) {
            return Err(Text::both(
                format!("{this} is given twice"),
                format!("{this_zh} 写了两次"),
            ));
        }
        if words.last() == Some(&COUNTY) {
            return Err(Text::both(
                format!("{this} comes after the counties"),
                format!("{this_zh} 写在了县的后面"),
            ));
        }
        if let Some(at) = rank(word) {
            if let Some((before, before_word)) = known
                && rank(before_word) > Some(at)
            {
                let (before, before_zh) = named(before, before_word);
                return Err(Text::both(
                    format!("{this} is above {before}, which comes before it"),
                    format!("{this_zh} 比写在它前面的 {before_zh} 高"),
                ));
            }
            known = Some((level, word));
        }
        words.push(word);
    }
    match words.last() {
        _ if words.len() < 2 => Err(Text::both(
            "a site of regions has at least two levels",
            "多级站点至少有两级",
        )),
        Some(&last) if last != COUNTY => Err(crate::t!(
            "the last level is `{last}`, not county (县)",
            "最后一级是 `{last}`，而不是县（county）"
        )),
        _ => Ok(words),
    }
}

/// The counties' level, the last of every site.
const COUNTY: &str = "县";

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

#[cfg(test)]
mod tests {
    use super::*;

    /// The words `given` (comma-separated) make, or the English of why not.
    #[track_caller]
    fn case(given: &str, expected: std::result::Result<&[&str], &str>) {
        let given: Vec<String> = given.split(',').map(String::from).collect();
        let made = check_levels(&given).map_err(|why| why.en);
        assert_eq!(made, expected.map(<[&str]>::to_vec).map_err(String::from));
    }

    #[test]
    fn levels_go_from_the_root_down_to_the_counties_once_each() {
        case("province,city,county", Ok(&["省", "市", "县"]));
        case(
            "country,province,city,county",
            Ok(&["国", "省", "市", "县"]),
        );
        case("国,市,区", Ok(&["国", "市", "县"]));
        case("省,市,片区,县", Ok(&["省", "市", "片区", "县"]));
        case("片区,county", Ok(&["片区", "县"]));
        case("province, city ,county", Ok(&["省", "市", "县"]));
        case(
            "city,province,county",
            Err("`province` (省) is above `city` (市), which comes before it"),
        );
        case(
            "country,country,county",
            Err("`country` (国) is given twice"),
        );
        case("省,市,地,县", Err("`地` (市) is given twice"));
        case("省,片区,片区,县", Err("`片区` is given twice"));
        case(
            "province,city,county,county",
            Err("`county` (县) is given twice"),
        );
        case("省,县,片区", Err("`片区` comes after the counties"));
        case(
            "province,town",
            Err("qingfeng does not know the level `town`"),
        );
        case(
            "province,,county",
            Err("a level between two commas is empty"),
        );
        case(
            "province,city",
            Err("the last level is `市`, not county (县)"),
        );
        case("county", Err("a site of regions has at least two levels"));
    }
}
