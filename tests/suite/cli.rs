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

/// `new county` with capitals, spaces or '_' in the slug is told the slug it most likely
/// means; a Chinese name, which has no one spelling, gets the general example.
#[test]
fn new_county_is_told_the_slug_its_capitals_or_spaces_mean() {
    let site = crate::common::TestSite::fixture("minimal");
    site.run(&["--lang", "en", "new", "county", "Yang_Cheng"])
        .failure(2)
        .stderr_has("`Yang_Cheng` is not a valid slug")
        .stderr_has("e.g. `yang-cheng`");
    site.run(&["--lang", "zh", "new", "county", "Hong Tong"])
        .failure(2)
        .stderr_has("例如 `hong-tong`");
    site.run(&["--lang", "en", "new", "county", "阳城"])
        .failure(2)
        .stderr_has("e.g. `yaodu`");
    assert!(!site.path("content/counties/yang-cheng.yaml").exists());
}

/// A closed stderr or stdout (`qingfeng build 2>&1 | head -2`) is not a crash: the
/// command ends with its own exit code, not Rust's 101 for a panic.
#[test]
fn a_closed_pipe_is_not_a_panic() {
    let site = TestSite::fixture("minimal");
    // Many messages: an error and a warning for each of forty counties.
    let beta = site.read("content/counties/beta.yaml");
    for n in 0..40 {
        site.write(
            &format!("content/counties/c{n}.yaml"),
            &beta
                .replace("slug: beta", &format!("slug: c{n}"))
                .replace("name: 乙区", &format!("name: 测{n}区"))
                .replace("members: 20", "members: 19"),
        );
    }
    for (args, closed) in [
        (&["build"][..], "stderr"),
        (&["check"][..], "stderr"),
        (&["explain", "QF0301"][..], "stdout"),
    ] {
        let mut command = crate::common::qingfeng();
        command.current_dir(site.root()).args(args);
        if closed == "stderr" {
            command.stderr(std::process::Stdio::piped());
        } else {
            command.stdout(std::process::Stdio::piped());
        }
        let mut child = command.spawn().expect("spawn");
        // Close the reading end before the command writes.
        drop(child.stderr.take());
        drop(child.stdout.take());
        let status = child.wait().expect("wait");
        assert_ne!(status.code(), Some(101), "{args:?} panicked");
        assert!(status.code().is_some(), "{args:?}: {status:?}");
    }
}

/// `new county --name` writes the name and the kind its last character says; without it
/// the placeholder 新增县 is written and every build warns until it is replaced, in the
/// data and in the narrative.
#[test]
fn new_county_takes_its_name_and_the_placeholder_is_warned_until_replaced() {
    let site = TestSite::fixture("minimal");
    site.run(&["new", "county", "anqiu", "--name", "安丘市"])
        .success();
    let yaml = site.read("content/counties/anqiu.yaml");
    assert!(
        yaml.contains("\nname: 安丘市\n") && yaml.contains("\nkind: 市\n"),
        "{yaml}"
    );
    assert!(
        site.read("content/counties/anqiu.md")
            .contains("安丘市新一届")
    );
    site.run(&["new", "county", "gaomi"]).success();
    // The scaffolded figures are the example's: the city's stated totals no longer hold.
    site.edit(
        "content/city.yaml",
        "expected:\n  divisions: 2\n  members: 40\n  women: 6\n",
        "",
    );
    let run = site.build().success();
    assert!(!run.stderr.contains("anqiu"), "{}", run.stderr);
    run.stderr_has("warning[QF0417]")
        .stderr_has("content/counties/gaomi.yaml:3:7")
        .stderr_has("content/counties/gaomi.md:3:8")
        .stderr_has("--name 安丘市");
    site.edit(
        "content/counties/gaomi.yaml",
        "name: 新增县",
        "name: 高密市",
    );
    site.write(
        "content/counties/gaomi.md",
        &site
            .read("content/counties/gaomi.md")
            .replace("新增县", "高密市"),
    );
    let run = site.build().success();
    assert!(!run.stderr.contains("QF0417"), "{}", run.stderr);
}

/// Two counties of one region with one name (a copied file with its slug changed) are an
/// error at the second one's `name:`; in different regions one name is allowed.
#[test]
fn two_counties_of_one_region_may_not_share_a_name() {
    let site = TestSite::fixture("minimal");
    site.build().success();
    site.write(
        "content/counties/gamma.yaml",
        &site
            .read("content/counties/beta.yaml")
            .replace("slug: beta", "slug: gamma"),
    );
    site.edit(
        "content/city.yaml",
        "expected:\n  divisions: 2\n  members: 40\n  women: 6\n",
        "",
    );
    site.build()
        .failure(1)
        .stderr_has("error[QF0416]")
        .stderr_has("content/counties/gamma.yaml:1:1")
        .stderr_has("the name `乙区` is already used by content/counties/beta.yaml");
}

/// The command `export` tells the editor to run next works as printed: with the site's
/// `--root` when it was given, and a file name with a space in quotes.
#[test]
fn the_next_command_export_prints_runs_as_printed() {
    let site = TestSite::fixture("minimal");
    let here = tempfile::tempdir().expect("tempdir");
    let root = site.root().to_string_lossy().into_owned();
    let run = |args: &[&str]| {
        crate::common::qingfeng()
            .current_dir(here.path())
            .args(args)
            .output()
            .expect("run")
    };
    let out = run(&["--root", &root, "export", "各县 数据.csv"]);
    assert!(out.status.success(), "{out:?}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let printed = format!("`qingfeng --root {root} import \"各县 数据.csv\" --dry-run`");
    assert!(stdout.contains(&printed), "{stdout}");
    // Run as printed (the shell takes the quotes away), it reads the file it names.
    let again = run(&["--root", &root, "import", "各县 数据.csv", "--dry-run"]);
    assert!(again.status.success(), "{again:?}");
}
