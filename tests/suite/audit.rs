//! The example site as inspectors see it: the Nu HTML Checker, axe-core and Lighthouse, run
//! by `.ci/audit` on a fresh build. Skips loudly without the tools; fails under `CI=true`.

use std::process::Command;

use crate::common::TestSite;

fn tools_available() -> bool {
    if !crate::common::browser::available() {
        return false;
    }
    let java = Command::new("java")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success());
    let axe = crate::common::manifest_dir()
        .join(".ci/audit-tools/node_modules/@axe-core/playwright")
        .exists();
    if java && axe {
        return true;
    }
    let message = "SKIPPED: audit test: needs java (apt-get install default-jre-headless) and \
                   npm ci --prefix .ci/audit-tools";
    assert!(
        std::env::var("CI").map_or(true, |v| v != "true"),
        "{message} (CI=true: the audit must run)"
    );
    let bar = "!".repeat(78);
    let _ = std::io::Write::write_all(
        &mut std::io::stderr(),
        format!("\n{bar}\n{message}\n{bar}\n").as_bytes(),
    );
    false
}

#[test]
fn the_example_passes_vnu_axe_and_lighthouse() {
    if !tools_available() {
        return;
    }
    let site = TestSite::example();
    site.build().success();
    let out = Command::new("bash")
        .arg(crate::common::manifest_dir().join(".ci/audit"))
        .arg(site.path("public"))
        .env("AUDIT_OUT", site.path("audit"))
        .output()
        .expect("run .ci/audit");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "audit failed:\n{stdout}\n{stderr}");
    assert!(stdout.contains("vnu: 0 error(s)"), "{stdout}");
}
