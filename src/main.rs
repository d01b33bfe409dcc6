//! The `qingfeng` binary: parse the command line, run, print the error once, exit.

use clap::Parser;

use qingfeng::cli::{self, Cli, Command, LangArg};
use qingfeng::commands;
use qingfeng::messages::{self, Lang};

// A build is hundreds of thousands of small allocations across threads; mimalloc makes
// one of 3,000 counties about a quarter faster than the system allocator (see README).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay`, the 16th of its `mi_option_t` (in mimalloc 2 and 3 alike;
/// libmimalloc-sys 0.1.49 names options 14 and 16, not this one).
const MI_OPTION_PURGE_DELAY: i32 = 15;

#[allow(unsafe_code)]
unsafe extern "C" {
    /// mimalloc's own setter of one of its options.
    fn mi_option_set(option: i32, value: std::ffi::c_long);
}

/// mimalloc 3 keeps memory freed for a second (its arenas' for ten) before it gives it back.
/// A build frees and makes hundreds of megabytes within that time, across threads, so its
/// peak resident memory counted much that it had already freed; 10 ms is mimalloc 2's
/// delay. `MIMALLOC_PURGE_DELAY` in the environment still decides when it is set.
fn return_freed_memory_soon() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: an option's setter, with an option that exists and a value in its range;
        // mimalloc reads its options atomically from any thread.
        #[allow(unsafe_code)]
        unsafe {
            mi_option_set(MI_OPTION_PURGE_DELAY, 10);
        }
    }
}

fn main() {
    return_freed_memory_soon();
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
                qingfeng::errln!("{}", cli::refusal(&e));
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
            qingfeng::errln!("{e}");
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
