//! `qingfeng explain CODE`: a diagnostic code's name, cause and fix, in the language of
//! messages; `--list` (or no code) lists every code.

use crate::cli::ExplainArgs;
use crate::diagnostic::{Error, Result};
use crate::messages::catalog::{self, CATALOG, UNKNOWN_CODE};
use crate::messages::{Lang, lang};

/// Prints the explanation, or the list of codes, on stdout.
pub fn execute(args: &ExplainArgs) -> Result<()> {
    let lang = lang();
    match (&args.code, args.list) {
        (Some(code), false) => {
            let entry = catalog::find(code).ok_or_else(|| {
                Error::usage(
                    UNKNOWN_CODE,
                    crate::t!(
                        "`{code}` is not a qingfeng code; `qingfeng explain --list` lists them",
                        "`{code}` 不是 qingfeng 的提示代码；运行 `qingfeng explain --list` 列出全部代码"
                    ),
                )
            })?;
            crate::out!("{}", explain(entry, lang));
        }
        _ => crate::out!("{}", list(lang)),
    }
    Ok(())
}

/// One code's explanation.
pub fn explain(e: &catalog::Entry, lang: Lang) -> String {
    let (cause, fix) = match lang {
        Lang::En => ("Cause", "Fix"),
        Lang::Zh => ("原因", "解决办法"),
    };
    let colon = crate::messages::frame(lang).colon;
    format!(
        "{} {}: {}\n\n{cause}{colon}{}\n{fix}{colon}{}\n",
        e.code,
        e.name,
        e.message(lang),
        e.cause(lang),
        e.fix(lang)
    )
}

/// Every code, one a line.
pub fn list(lang: Lang) -> String {
    let mut out = String::new();
    for e in CATALOG.iter().filter(|e| e.code != "QF0000") {
        out.push_str(&format!("{}  {:<28} {}\n", e.code, e.name, e.message(lang)));
    }
    out
}
