//! The command line: one Args struct per command (clap derive).

use std::net::IpAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// The version `qingfeng --version` prints: the crate's version and the commit it was built
/// from (`unknown` outside a git checkout), recorded by the build script.
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("QINGFENG_COMMIT"),
    ")"
);

/// qingfeng (清风): build data-driven report sites for news columns.
#[derive(Debug, Parser)]
#[command(name = "qingfeng", version = VERSION, about)]
pub struct Cli {
    /// The site's folder (the one holding site.toml).
    #[arg(long, global = true, default_value = ".")]
    pub root: PathBuf,
    /// The language of messages: zh (简体中文) or en (default: site.toml's `messages`, else
    /// the computer's language).
    #[arg(long, global = true, value_enum, value_name = "LANG")]
    pub lang: Option<LangArg>,
    /// What to do; none prints what to do next.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder.
    Build(BuildArgs),
    /// Build the site into memory, serve it, and rebuild and reload pages on every change.
    Serve(ServeArgs),
    /// Check the site without writing it: data, templates, links, Chinese copy, freshness.
    Check(CheckArgs),
    /// Make a new site in DIR (which must be empty or new) that builds as it is.
    Init(InitArgs),
    /// Add a county or an article to the site, with every field commented.
    #[command(subcommand)]
    New(NewCommand),
    /// Read county figures from a spreadsheet (.xlsx, .xls, .ods or .csv, one row a county)
    /// into content/counties/, changing only the values that differ.
    Import(ImportArgs),
    /// Write every county's figures into a spreadsheet to fill in (.xlsx or .csv).
    Export(ExportArgs),
    /// Explain a message's code (e.g. QF0301): its cause and its fix.
    Explain(ExplainArgs),
}

/// The languages of `--lang`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LangArg {
    /// 简体中文.
    Zh,
    /// English.
    En,
}

/// `qingfeng explain [CODE]`.
#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// The code, e.g. QF0301 (none: list every code).
    pub code: Option<String>,
    /// List every code with its name.
    #[arg(long)]
    pub list: bool,
}

/// `qingfeng import FILE`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The table: .xlsx, .xlsm, .xls, .ods, or .csv in UTF-8 or GBK/GB18030.
    pub file: PathBuf,
    /// Print what would change, and write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// `qingfeng export [FILE]`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The file to write, .xlsx or .csv (default: 各县数据.xlsx in the site's folder).
    pub file: Option<PathBuf>,
    /// Overwrite FILE if it exists.
    #[arg(long)]
    pub force: bool,
}

/// `qingfeng init DIR`.
#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The new site's folder.
    pub dir: PathBuf,
    /// Write the default theme into DIR/themes/default to customise it (otherwise the theme
    /// built into qingfeng is used).
    #[arg(long)]
    pub copy_theme: bool,
    /// The levels of a nested site, from the root down to the counties, each once, e.g.
    /// `province,city,county`, `省,市,县` or `省,市,片区,县` (a level of another name in
    /// Chinese). Default: `city,county`, one city and its counties.
    #[arg(long, value_delimiter = ',', value_name = "LEVELS")]
    pub levels: Vec<String>,
}

/// `qingfeng new …`.
#[derive(Debug, Subcommand)]
pub enum NewCommand {
    /// content/counties/SLUG.yaml and SLUG.md: a placeholder county that builds as it is.
    County(NewCountyArgs),
    /// content/counties/…/SLUG/_index.yaml and _index.md: a region (a city, a province)
    /// of a nested site, whose counties go in its folder.
    Region(NewRegionArgs),
    /// content/articles/SLUG.md.
    Article(NewArgs),
}

/// The new page's slug.
#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// Lowercase ASCII letters, digits and '-': the page's folder name.
    pub slug: String,
}

/// The new county's slug, and its region.
#[derive(Debug, clap::Args)]
pub struct NewCountyArgs {
    /// Lowercase ASCII letters, digits and '-': the page's folder name.
    pub slug: String,
    /// The region (its folder's name) the county belongs to, in a nested site.
    #[arg(long = "in", value_name = "REGION")]
    pub region: Option<String>,
    /// Its name, e.g. 安丘市 (its kind, 县, 市 or 区, is taken from the name's last
    /// character); 新增县 when left out, to be replaced before publishing.
    #[arg(long)]
    pub name: Option<String>,
}

/// The new region's slug, its region, name and level.
#[derive(Debug, clap::Args)]
pub struct NewRegionArgs {
    /// Lowercase ASCII letters, digits and '-': the region's folder and page name.
    pub slug: String,
    /// The region (its folder's name) it belongs to; the site's root when left out.
    #[arg(long = "in", value_name = "REGION")]
    pub region: Option<String>,
    /// Its name, e.g. 临汾市.
    #[arg(long, default_value = "新增地区")]
    pub name: String,
    /// Its level, e.g. 市 or 省.
    #[arg(long, default_value = "市")]
    pub level: String,
}

/// `qingfeng build`.
#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// Where to write the site (default: site.toml's output_dir, `public`).
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Print each pipeline step with its time.
    #[arg(long, short)]
    pub verbose: bool,
    /// Draw every image and parse every county's data afresh, without reading or writing
    /// the cache (.qingfeng-cache/).
    #[arg(long)]
    pub no_cache: bool,
}

/// `qingfeng serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The port to listen on; 0 picks a free one.
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// The address to listen on; anything but loopback exposes the preview to the network.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Print each build's steps with their times.
    #[arg(long, short)]
    pub verbose: bool,
}

/// `qingfeng check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// How to print the findings: text (caret display) or json (one document on stdout).
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
    /// Apply the safe copy-edit fixes to the content files first, then check again.
    #[arg(long)]
    pub fix: bool,
    /// Print each step's time and the peak memory.
    #[arg(long, short)]
    pub verbose: bool,
    /// Replace hand-typed figures by the `{{ … }}` references that print them, where the
    /// match is unambiguous (`hand-typed-figure`), then check again.
    #[arg(long)]
    pub fix_figures: bool,
    /// Ask every external http:// and https:// link whether it still works (at most 8
    /// requests at once, 2 per host; answers kept for a day in .qingfeng-cache/).
    #[arg(long)]
    pub external: bool,
    /// With --external: ask every link again instead of taking the answers of the last day.
    #[arg(long, requires = "external")]
    pub no_cache: bool,
    /// With --external: seconds to wait for a connection and for each answer (default 10).
    #[arg(long, value_name = "SECONDS", requires = "external", value_parser = parse_seconds)]
    pub timeout: Option<std::time::Duration>,
}

/// `10`, `2.5`: a positive number of seconds, at most an hour.
fn parse_seconds(text: &str) -> Result<std::time::Duration, String> {
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|s| *s > 0.0 && *s <= 3600.0)
        .map(std::time::Duration::from_secs_f64)
        .ok_or_else(|| {
            format!("`{text}` is not a number of seconds between 0 and 3600, e.g. 10 or 2.5")
        })
}

/// The output formats of `qingfeng check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    /// The build's caret display on stderr, the counts on stdout.
    Text,
    /// One JSON document on stdout.
    Json,
}

/// What a command line that clap could not parse says about the language and the site:
/// `--lang` (`--lang zh`, `--lang=zh`) and `--root`, read by hand, so that the refusal is
/// printed in the language the rest of qingfeng would use.
pub fn lang_and_root(
    args: impl IntoIterator<Item = std::ffi::OsString>,
) -> (Option<LangArg>, PathBuf) {
    let (mut lang, mut root) = (None, PathBuf::from("."));
    let mut args = args.into_iter().map(|a| a.to_string_lossy().into_owned());
    while let Some(arg) = args.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((name, value)) => (name.to_string(), Some(value.to_string())),
            None => (arg, None),
        };
        match name.as_str() {
            "--" => break,
            "--lang" => {
                let value = inline.or_else(|| args.next()).unwrap_or_default();
                lang = crate::messages::Lang::parse(&value).map(|l| match l {
                    crate::messages::Lang::Zh => LangArg::Zh,
                    crate::messages::Lang::En => LangArg::En,
                });
            }
            "--root" => {
                if let Some(value) = inline.or_else(|| args.next()) {
                    root = PathBuf::from(value);
                }
            }
            _ => {}
        }
    }
    (lang, root)
}

/// The first line of a command-line refusal in the chosen language, with its code; clap's
/// own (English) detail follows it.
pub fn refusal(error: &clap::Error) -> crate::messages::Text {
    use clap::error::{ContextKind, ErrorKind};
    let arg = error
        .get(ContextKind::InvalidArg)
        .map(|v| v.to_string())
        .unwrap_or_default();
    let sub = error
        .get(ContextKind::InvalidSubcommand)
        .map(|v| v.to_string())
        .unwrap_or_default();
    let value = error
        .get(ContextKind::InvalidValue)
        .map(|v| v.to_string())
        .unwrap_or_default();
    let what = match error.kind() {
        ErrorKind::UnknownArgument => crate::t!(
            "unknown flag or argument `{arg}`",
            "没有这个选项或参数 `{arg}`"
        ),
        ErrorKind::InvalidSubcommand => crate::t!("no command `{sub}`", "没有这个命令 `{sub}`"),
        ErrorKind::MissingRequiredArgument => crate::t!(
            "a required argument is missing: {arg}",
            "缺少必需的参数：{arg}"
        ),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            crate::t!("a command is missing", "缺少命令")
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation if value.is_empty() => {
            crate::t!("`{arg}` needs a value", "`{arg}` 缺少取值")
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => crate::t!(
            "`{arg}` does not take the value `{value}`",
            "`{arg}` 不接受取值 `{value}`"
        ),
        ErrorKind::NoEquals
        | ErrorKind::TooManyValues
        | ErrorKind::TooFewValues
        | ErrorKind::WrongNumberOfValues => {
            crate::t!(
                "`{arg}` has the wrong number of values",
                "`{arg}` 的取值个数不对"
            )
        }
        ErrorKind::ArgumentConflict => crate::t!(
            "`{arg}` cannot be used with another flag given",
            "`{arg}` 不能与已给出的另一个选项同时使用"
        ),
        _ => crate::t!("the command line is not valid", "命令行有误"),
    };
    let code = crate::messages::catalog::BAD_COMMAND_LINE;
    let frame = crate::messages::frame(crate::messages::lang());
    let (label, colon) = (frame.error, frame.colon);
    crate::t!(
        "{label}[{code}]{colon}{what} (clap's detail follows, in English)",
        "{label}[{code}]{colon}{what}（以下为命令行解析库 clap 的英文说明）"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_and_root_are_found_in_a_line_clap_refused() {
        #[track_caller]
        fn case(args: &[&str], lang: Option<LangArg>, root: &str) {
            let got = lang_and_root(args.iter().map(std::ffi::OsString::from));
            assert_eq!(got, (lang, PathBuf::from(root)), "{args:?}");
        }
        case(&["build", "--bogus"], None, ".");
        case(
            &["--lang", "zh", "build", "--bogus"],
            Some(LangArg::Zh),
            ".",
        );
        case(
            &["build", "--lang=en", "--root", "s"],
            Some(LangArg::En),
            "s",
        );
        case(&["--root=site", "check", "--lang", "fr"], None, "site");
        case(&["new", "--", "--lang", "zh"], None, ".");
        case(&["check", "--lang"], None, ".");
    }
}
