//! The command line: one Args struct per command (clap derive).

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// qingfeng (清风): build data-driven report sites for news columns.
#[derive(Debug, Parser)]
#[command(name = "qingfeng", version, about)]
pub struct Cli {
    /// The site's folder (the one holding site.toml).
    #[arg(long, global = true, default_value = ".")]
    pub root: PathBuf,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder.
    Build(BuildArgs),
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
}
