//! The commands: thin glue between the CLI and the pipeline.

pub mod build;
pub mod check;
pub mod explain;
pub mod export;
pub mod guide;
pub mod import;
pub mod init;
pub mod new;
pub mod serve;
