//! The bare command line: `qingfeng --version`, and `qingfeng` with no command inside and
//! outside a site.

use std::process::Command;

use crate::common::TestSite;

/// Runs the binary with `args` in `dir`, returning (exit code, stdout, stderr).
fn run_in(dir: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let out = crate::common::qingfeng()
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run qingfeng");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn version_names_the_release_and_the_commit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (code, stdout, stderr) = run_in(dir.path(), &["--version"]);
    assert_eq!(code, 0, "{stderr}");
    let want = format!("qingfeng {} (commit ", env!("CARGO_PKG_VERSION"));
    assert!(stdout.starts_with(&want), "{stdout}");
    let commit = stdout
        .trim_end()
        .strip_prefix(&want)
        .and_then(|rest| rest.strip_suffix(')'))
        .expect("(commit …)");
    assert!(
        commit == "unknown" || (commit.len() >= 7 && commit.bytes().all(|b| b.is_ascii_hexdigit())),
        "{commit:?}"
    );
    // In a git checkout of the crate (not a folder inside another repository), it is the
    // checkout's commit.
    let git = |args: &[&str]| {
        Command::new("git")
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .ok()
            .filter(|out| out.status.success())
            .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_string())
    };
    let canonical = |p: &str| std::fs::canonicalize(p).ok();
    let own_checkout = git(&["rev-parse", "--show-toplevel"])
        .is_some_and(|top| canonical(&top) == canonical(env!("CARGO_MANIFEST_DIR")));
    if own_checkout {
        assert_eq!(
            Some(commit.to_string()),
            git(&["rev-parse", "--short", "HEAD"])
        );
    }
}

#[test]
fn no_command_outside_a_site_says_in_chinese_what_to_do_next() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().to_string_lossy().into_owned();
    for args in [&[][..], &["--root", &root][..]] {
        let (code, stdout, stderr) = run_in(dir.path(), args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert_eq!(stdout, "", "{args:?}");
        assert!(stderr.contains("没有 site.toml"), "{stderr}");
        assert!(stderr.contains("qingfeng init 我的专题"), "{stderr}");
        assert!(
            stderr.contains("qingfeng --root 我的专题 serve --open"),
            "{stderr}"
        );
        assert!(
            stderr.contains(dir.path().to_str().expect("utf-8")),
            "{stderr}"
        );
        assert_eq!(stderr.matches("没有 site.toml").count(), 1, "printed once");
    }
}

#[test]
fn no_command_in_a_site_prints_the_usual_help() {
    let site = TestSite::fixture("minimal");
    for run in [site.run(&[]), {
        let (code, stdout, stderr) = run_in(site.root(), &[]);
        crate::common::Run {
            code,
            stdout,
            stderr,
        }
    }] {
        let run = run.failure(2).stderr_has("Usage: qingfeng");
        for command in ["build", "serve", "check", "init", "new"] {
            assert!(run.stderr.contains(command), "{command}: {}", run.stderr);
        }
        assert!(!run.stderr.contains("没有 site.toml"), "{}", run.stderr);
    }
    assert!(!site.path("public").exists());
}

/// `new county` says why a reserved name cannot be a slug (a Windows device name, `index`),
/// and names another; a slug of other characters gets the general rule.
#[test]
fn new_county_says_why_a_reserved_name_is_refused() {
    let site = crate::common::TestSite::fixture("minimal");
    site.run(&["--lang", "en", "new", "county", "con"])
        .failure(2)
        .stderr_has("error[QF1201]")
        .stderr_has("`con` cannot be a slug: it is a device name on Windows (CON, PRN, AUX")
        .stderr_has("e.g. `con-xian`");
    site.run(&["--lang", "zh", "new", "county", "lpt1"])
        .failure(2)
        .stderr_has("`lpt1` 不能用作拼音名：它是 Windows 的设备名");
    site.run(&["--lang", "en", "new", "county", "index"])
        .failure(2)
        .stderr_has("it is the name of a folder's own page");
    site.run(&["--lang", "en", "new", "county", "CON"])
        .failure(2)
        .stderr_has("`CON` is not a valid slug: use lowercase ASCII letters");
    assert!(!site.path("content/counties/con.yaml").exists());
}
