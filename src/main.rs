//! The `qingfeng` binary: parse the command line, run, print the error once, exit.

use clap::Parser;

use qingfeng::cli::{self, Cli, Command, LangArg};
use qingfeng::commands;
use qingfeng::messages::{self, Lang};

// A build is hundreds of thousands of small allocations across threads; mimalloc makes
// one of 3,000 counties about a quarter faster than the system allocator (see README).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) if !e.use_stderr() => {
            // --help and --version.
            let _ = e.print();
            std::process::exit(0);
        }
        Err(e) => {
            // clap has no Chinese: a Chinese line with the code, then clap's detail.
            let (flag, root) = cli::lang_and_root(std::env::args_os().skip(1));
            choose_lang(flag, &root);
            if messages::lang() == Lang::Zh {
                eprintln!("{}", cli::refusal(&e));
            }
            let _ = e.print();
            std::process::exit(2);
        }
    };
    choose_lang(cli.lang, &cli.root);
    let result = match &cli.command {
        None => commands::guide::execute(&cli.root),
        Some(Command::Build(args)) => commands::build::execute(&cli.root, args).map(|()| 0),
        Some(Command::Serve(args)) => commands::serve::execute(&cli.root, args),
        Some(Command::Check(args)) => commands::check::execute(&cli.root, args),
        Some(Command::Init(args)) => commands::init::execute(args).map(|()| 0),
        Some(Command::New(command)) => commands::new::execute(&cli.root, command).map(|()| 0),
        Some(Command::Import(args)) => commands::import::execute(&cli.root, args),
        Some(Command::Export(args)) => commands::export::execute(&cli.root, args),
        Some(Command::Explain(args)) => commands::explain::execute(args).map(|()| 0),
    };
    match result {
        Ok(0) => {}
        Ok(code) => std::process::exit(code),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(e.exit_code());
        }
    }
}

/// Chooses the language of messages, once: everything printed after uses it.
fn choose_lang(flag: Option<LangArg>, root: &std::path::Path) {
    let flag = flag.map(|l| match l {
        LangArg::Zh => Lang::Zh,
        LangArg::En => Lang::En,
    });
    let site = flag
        .is_none()
        .then(|| qingfeng::config::messages_setting(root))
        .flatten();
    messages::set_lang(messages::choose(flag, site, |k| std::env::var(k).ok()));
}
