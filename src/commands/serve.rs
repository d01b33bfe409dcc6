//! `qingfeng serve`: build into memory, serve, watch, rebuild and reload open pages.

use std::path::Path;

use crate::cli::ServeArgs;
use crate::diagnostic::Result;
use crate::serve::{self, Options};

/// Runs the serve command until Ctrl-C or a termination signal; returns the exit code
/// ([`serve::STOPPED`]), or the error that kept the server from starting.
pub fn execute(root: &Path, args: &ServeArgs) -> Result<i32> {
    serve::run(&Options {
        root: root.to_path_buf(),
        bind: args.bind,
        port: args.port,
        open: args.open,
        verbose: args.verbose,
    })
}
