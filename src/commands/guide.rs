//! `qingfeng` with no command: outside a site, what to do next, in Chinese (the language of
//! the editors who type it first); inside one, the usual help.

use std::path::Path;

use clap::CommandFactory;

use crate::cli::Cli;
use crate::config::CONFIG_FILE;
use crate::diagnostic::{Error, Result};
use crate::platform::{Os, command_name, display_path};

/// Prints the help in a site's folder (exit code 2, as for any missing command); outside
/// one, fails with the next steps.
pub fn execute(root: &Path) -> Result<i32> {
    if root.join(CONFIG_FILE).is_file() {
        crate::err!("{}", Cli::command().render_help());
        return Ok(2);
    }
    let folder = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    Err(Error::usage(
        crate::messages::catalog::UNCODED,
        next_steps(command_name(Os::current()), &display_path(&folder)),
    ))
}

/// The next steps outside a site, for qingfeng typed as `cmd`, in `folder`.
pub fn next_steps(cmd: &str, folder: &str) -> String {
    format!(
        "这个文件夹（{folder}）里没有 {CONFIG_FILE}，还不是一个 qingfeng 站点。\n\
         \n\
         下一步：\n\
         \x20 新建一个站点：        {cmd} init 我的专题\n\
         \x20 在浏览器里预览它：    {cmd} --root 我的专题 serve --open\n\
         \x20 （站点已在别的文件夹：把“我的专题”换成那个文件夹的路径。）\n\
         \n\
         全部命令：{cmd} --help"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_steps_name_the_command_as_it_is_typed() {
        let windows = next_steps(command_name(Os::Windows), r"C:\Users\编辑\Desktop");
        assert!(
            windows.contains(r".\qingfeng.exe init 我的专题"),
            "{windows}"
        );
        assert!(windows.contains(r"C:\Users\编辑\Desktop"), "{windows}");
        let linux = next_steps(command_name(Os::Linux), "/home/editor");
        assert!(linux.contains("qingfeng init 我的专题"), "{linux}");
        assert!(
            linux.contains("qingfeng --root 我的专题 serve --open"),
            "{linux}"
        );
    }
}
