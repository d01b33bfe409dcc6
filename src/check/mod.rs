//! `qingfeng check`: diagnostics over the content and the built site, before anything is written.

pub mod copy;
pub mod traditional;
