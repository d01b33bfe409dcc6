//! The commands: thin glue between the CLI and the pipeline.

pub mod build;
pub mod check;
pub mod guide;
pub mod init;
pub mod new;
pub mod serve;
