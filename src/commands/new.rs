//! `qingfeng new county SLUG` and `qingfeng new article SLUG`: scaffold a content file with
//! every field commented in Chinese.

use std::path::Path;

use crate::cli::{NewArgs, NewCommand};
use crate::config::Config;
use crate::diagnostic::{Error, Result};
use crate::model::county::is_valid_slug;
use crate::model::date::Date;
use crate::scaffold::{self, ScaffoldFile};

/// Runs the new command in the site at `root`.
pub fn execute(root: &Path, command: &NewCommand) -> Result<()> {
    let config = Config::load(root, None)?;
    let (what, NewArgs { slug }) = match command {
        NewCommand::County(a) => ("county", a),
        NewCommand::Article(a) => ("article", a),
    };
    if !is_valid_slug(slug) {
        return Err(Error::usage(
            crate::messages::catalog::BAD_SLUG,
            crate::t!(
                "`{slug}` is not a valid slug: use lowercase ASCII letters, digits and '-', e.g. `yaodu` (it becomes the page's folder name)",
                "`{slug}` 不是有效的拼音名：只能用小写英文字母、数字和“-”，例如 `yaodu`（它会成为网页的文件夹名）"
            ),
        ));
    }
    let files = match command {
        NewCommand::County(_) => scaffold::county(slug, "新增县", today()),
        NewCommand::Article(_) => vec![scaffold::article(slug, "新文章标题", today())],
    };
    write_new(&config.root, &files)?;
    for f in &files {
        let path = &f.path;
        println!("{}", crate::t!("wrote {path}", "已写入 {path}"));
    }
    if what == "county" {
        let next = crate::messages::Text::both(
            "fill in the county's figures; if content/city.yaml states `expected` totals, update them too",
            "请填写该县的数据；如果 content/city.yaml 写有 `expected` 合计，也要一并更新",
        );
        println!("{next}");
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
