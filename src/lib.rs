//! qingfeng (清风): a static report-site generator for data-driven news columns.
//!
//! The build is a pipeline, one module a stage:
//! config → load → model → (markdown, chart) → render → write.

/// `eprintln!` that does not panic when stderr is closed (`qingfeng build 2>&1 | head`):
/// a message nobody reads is not worth a crash.
#[macro_export]
macro_rules! errln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

/// `eprint!` that does not panic when stderr is closed.
#[macro_export]
macro_rules! err {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stderr(), $($arg)*);
    }};
}

/// `println!` that does not panic when stdout is closed (`qingfeng explain … | head -1`).
#[macro_export]
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// `print!` that does not panic when stdout is closed.
#[macro_export]
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stdout(), $($arg)*);
    }};
}

pub mod build;
pub mod cache;
pub mod chart;
pub mod check;
pub mod cjk;
pub mod cli;
pub mod commands;
pub mod config;
pub mod diagnostic;
pub mod encoding;
pub mod feed;
pub mod gzip;
pub mod html_text;
pub mod image;
pub mod kept;
pub mod load;
pub mod markdown;
pub mod memo;
pub mod messages;
pub mod model;
pub mod platform;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod sheet;
pub mod theme_default;
pub mod url;
pub mod write;
