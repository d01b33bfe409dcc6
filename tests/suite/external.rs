//! `qingfeng check --external` against local HTTP and HTTPS servers (loopback only) with
//! certificates made at test time: statuses, redirects, HEAD refused, timeouts, certificate
//! errors, the day-long cache and the bounds on concurrency.

mod server;

use std::net::Ipv4Addr;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::{Run, TestSite};
use server::{Reply, Server, TestCa, self_signed_server};

const LOCAL: Ipv4Addr = Ipv4Addr::new(127, 0, 0, 1);

/// A copy of `minimal` with an article holding `links`, one a line, and a test CA file.
fn site_with_links(links: &[String]) -> TestSite {
    let site = TestSite::fixture("minimal");
    let mut text = "---\ntitle: 外部链接\ndate: 2016-08-22\nsummary: 链接测试。\n---\n".to_string();
    for (i, link) in links.iter().enumerate() {
        text.push_str(&format!("\n第{}个链接：[出处]({link})。\n", i + 1));
    }
    site.write("content/articles/links.md", &text);
    site
}

/// `check --external --format json` with the test CA trusted and short timeouts.
fn check_external(site: &TestSite, ca: Option<&TestCa>, extra: &[&str]) -> (Run, Value) {
    let ca_path = site.path("test-ca.pem");
    if let Some(ca) = ca {
        ca.write_pem(&ca_path);
    }
    let mut args = vec!["check", "--external", "--timeout", "2", "--format", "json"];
    args.extend_from_slice(extra);
    let ca_value = ca_path.to_string_lossy().into_owned();
    let vars: Vec<(&str, &str)> = match ca {
        Some(_) => vec![("QINGFENG_EXTRA_CA", ca_value.as_str())],
        None => vec![],
    };
    let run = site.run_with_env(&args, &vars);
    assert!(
        run.code == 0 || run.code == 1,
        "exit {}:\n{}",
        run.code,
        run.stderr
    );
    let report: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", run.stdout, run.stderr));
    (run, report)
}

/// The `external-link` findings: (file:line:column, message, suggestion).
fn findings(report: &Value) -> Vec<(String, String, Value)> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == "external-link")
        .map(|f| {
            (
                format!(
                    "{}:{}:{}",
                    f["file"].as_str().unwrap_or(""),
                    f["line"],
                    f["column"]
                ),
                f["message"].as_str().unwrap_or_default().to_string(),
                f["suggestion"].clone(),
            )
        })
        .collect()
}

fn finding_for<'a>(found: &'a [(String, String, Value)], url: &str) -> &'a (String, String, Value) {
    found
        .iter()
        .find(|(_, m, _)| m.contains(&format!("`{url}`")))
        .unwrap_or_else(|| panic!("no finding for {url}: {found:#?}"))
}

/// The statuses the site's own routes give.
fn routes(method: &str, path: &str) -> Reply {
    match path {
        "/ok" | "/final" | "/tmp-target" => Reply::status(200),
        "/gone" => Reply::status(404),
        "/old" => Reply::redirect(301, "/moved"),
        "/moved" => Reply::redirect(302, "/final"),
        "/temporary" => Reply::redirect(307, "/tmp-target"),
        "/no-head" if method == "HEAD" => Reply::status(405),
        "/no-head" => Reply::status(200),
        "/busy" => Reply::status(503),
        _ => Reply::status(404),
    }
}

#[test]
fn https_links_are_asked_and_placed_where_they_are_written() {
    let ca = TestCa::new();
    let server = Server::start(&[LOCAL], Some(ca.server(&["127.0.0.1"], false)), routes);
    let base = format!("https://127.0.0.1:{}", server.ports[0]);
    let url = |p: &str| format!("{base}{p}");
    let site = site_with_links(&[
        url("/ok"),
        url("/gone"),
        url("/old#part"),
        url("/temporary"),
        url("/no-head"),
    ]);
    let (run, report) = check_external(&site, Some(&ca), &[]);
    let found = findings(&report);
    assert_eq!(found.len(), 2, "{found:#?}\n{}", run.stderr);

    // 404, at the link's line and column in the article (the front matter is 5 lines).
    let (at, message, _) = finding_for(&found, &url("/gone"));
    assert_eq!(at, "content/articles/links.md:9:12", "{message}");
    assert!(message.contains("answered 404 Not Found"), "{message}");

    // A permanent redirect, then a temporary one: the link should say where it moved.
    let (at, message, suggestion) = finding_for(&found, &url("/old#part"));
    assert_eq!(at, "content/articles/links.md:11:12");
    assert!(message.contains("moved permanently"), "{message}");
    assert_eq!(suggestion, &Value::from(url("/moved#part")));

    // The redirect chain is in the JSON, with the final answer.
    let links = report["external_links"].as_array().expect("links");
    let old = links
        .iter()
        .find(|l| l["url"] == url("/old#part"))
        .expect("old");
    assert_eq!(old["result"]["status"], 200);
    assert_eq!(old["result"]["final_url"], url("/final"));
    let hops: Vec<u64> = old["result"]["redirects"]
        .as_array()
        .expect("redirects")
        .iter()
        .map(|h| h["status"].as_u64().expect("status"))
        .collect();
    assert_eq!(hops, [301, 302]);

    // HEAD refused, GET answered: no finding, and the server saw both.
    let requests = server.requests();
    let no_head: Vec<&String> = requests
        .iter()
        .filter(|r| r.ends_with(" /no-head"))
        .collect();
    assert_eq!(no_head, ["HEAD /no-head", "GET /no-head"], "{requests:?}");
    // A working link is asked with HEAD only.
    assert_eq!(
        requests.iter().filter(|r| r.ends_with(" /ok")).count(),
        1,
        "{requests:?}"
    );
    assert!(
        !site.path("public").exists(),
        "check wrote the output folder"
    );
}

#[test]
fn a_second_site_gets_findings_in_a_county_narrative() {
    let ca = TestCa::new();
    let server = Server::start(&[LOCAL], Some(ca.server(&["localhost"], false)), routes);
    let base = format!("https://localhost:{}", server.ports[0]);
    let site = TestSite::fixture("second-city");
    site.edit(
        "content/counties/qinghe.md",
        "\n---\n",
        &format!("\n---\n见[旧址]({base}/gone)与[新址]({base}/ok)。\n"),
    );
    // A link written in site.toml (the footer's) is placed there.
    let toml = site.read("site.toml");
    site.write(
        "site.toml",
        &format!("{toml}\n[footer]\npublic_security = \"公网安备\"\npublic_security_url = \"{base}/old\"\n"),
    );
    let (run, report) = check_external(&site, Some(&ca), &[]);
    let found = findings(&report);
    assert_eq!(found.len(), 2, "{found:#?}\n{}", run.stderr);
    let (at, message, _) = finding_for(&found, &format!("{base}/gone"));
    assert!(
        at.starts_with("content/counties/qinghe.md:6:"),
        "{at} {message}"
    );
    assert!(message.contains("answered 404"), "{message}");
    let footer_line = toml.lines().count() + 4;
    let (at, message, suggestion) = finding_for(&found, &format!("{base}/old"));
    assert_eq!(at, &format!("site.toml:{footer_line}:24"), "{message}");
    assert!(
        message.contains("(on "),
        "every page has the footer: {message}"
    );
    assert_eq!(suggestion, &Value::from(format!("{base}/moved")));
}

#[test]
fn answers_are_kept_for_a_day_and_never_published() {
    let ca = TestCa::new();
    let server = Server::start(&[LOCAL], Some(ca.server(&["127.0.0.1"], false)), routes);
    let base = format!("https://127.0.0.1:{}", server.ports[0]);
    let site = site_with_links(&[
        format!("{base}/ok"),
        format!("{base}/old"),
        format!("{base}/gone"),
        format!("{base}/busy"),
    ]);
    let (_, first) = check_external(&site, Some(&ca), &[]);
    let asked = server.requests();
    assert!(asked.contains(&"HEAD /ok".to_string()), "{asked:?}");

    // The second run asks only what failed for a passing reason (503), nothing else, and
    // reports the same findings.
    let (_, second) = check_external(&site, Some(&ca), &[]);
    let again: Vec<String> = server.requests()[asked.len()..].to_vec();
    assert!(
        again.iter().all(|r| r.ends_with(" /busy")),
        "asked again: {again:?}"
    );
    assert!(!again.is_empty(), "a 503 is asked again");
    assert_eq!(findings(&first), findings(&second));
    let links = second["external_links"].as_array().expect("links");
    let ok = links
        .iter()
        .find(|l| l["url"] == format!("{base}/ok"))
        .expect("ok");
    assert_eq!(ok["result"]["cached"], true);

    let asked = server.requests().len();
    let ca_path = site.path("test-ca.pem").to_string_lossy().into_owned();
    let run = site.run_with_env(&["check", "--external"], &[("QINGFENG_EXTRA_CA", &ca_path)]);
    assert!(
        run.stderr.contains("note: 3 of 4 external links answered within the last day (from .qingfeng-cache/external.json); `--no-cache` asks again"),
        "{}",
        run.stderr
    );
    let zh = site.run_with_env(
        &["--lang", "zh", "check", "--external"],
        &[("QINGFENG_EXTRA_CA", &ca_path)],
    );
    assert!(
        zh.stderr.contains("注意：4 个外部链接中有 3 个沿用最近一天内的结果（来自 .qingfeng-cache/external.json）；加 `--no-cache` 可重新访问"),
        "{}",
        zh.stderr
    );
    assert!(!zh.stderr.contains("note:"), "{}", zh.stderr);
    assert!(
        server.requests()[asked..]
            .iter()
            .all(|r| r.ends_with(" /busy"))
    );

    // --no-cache asks everything again.
    let before = server.requests().len();
    check_external(&site, Some(&ca), &["--no-cache"]);
    let fresh = &server.requests()[before..];
    assert!(fresh.contains(&"HEAD /ok".to_string()), "{fresh:?}");

    // The cache sits beside site.toml, tells git to ignore it, and a build leaves it out.
    let cache = site.read(".qingfeng-cache/external.json");
    assert!(cache.contains(&format!("{base}/ok")), "{cache}");
    assert!(!cache.contains("/busy"), "a 503 is not kept: {cache}");
    assert!(
        site.read(".qingfeng-cache/.gitignore")
            .lines()
            .any(|l| l == "*")
    );
    site.build().success();
    let published = site.snapshot("public");
    assert!(
        published
            .keys()
            .all(|p| !p.contains("qingfeng-cache") && !p.contains("external.json")),
        "{:?}",
        published.keys().collect::<Vec<_>>()
    );
}

#[test]
fn certificates_readers_would_be_warned_about_are_reported() {
    let ca = TestCa::new();
    let expired = Server::start(&[LOCAL], Some(ca.server(&["127.0.0.1"], true)), routes);
    let other_name = Server::start(&[LOCAL], Some(ca.server(&["example.org"], false)), routes);
    let unknown = Server::start(&[LOCAL], Some(self_signed_server(&["127.0.0.1"])), routes);
    let url = |s: &Server| format!("https://127.0.0.1:{}/ok", s.ports[0]);
    let site = site_with_links(&[url(&expired), url(&other_name), url(&unknown)]);
    let (run, report) = check_external(&site, Some(&ca), &[]);
    let found = findings(&report);
    assert_eq!(found.len(), 3, "{found:#?}");
    assert!(
        finding_for(&found, &url(&expired)).1.contains("expired"),
        "{found:#?}"
    );
    assert!(
        finding_for(&found, &url(&other_name))
            .1
            .contains("the secure connection to 127.0.0.1 failed: its certificate is for example.org, not this host"),
        "{found:#?}"
    );
    let (_, unknown_message, _) = finding_for(&found, &url(&unknown));
    assert!(
        unknown_message.contains("unknown issuer"),
        "{unknown_message}"
    );
    // The help says what an incomplete chain is and how to trust one's own CA.
    let help: Vec<&str> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["help"].as_str())
        .collect();
    assert!(
        help.iter()
            .any(|h| h.contains("intermediate certificate") && h.contains("QINGFENG_EXTRA_CA")),
        "{help:?}"
    );
    // No request got past a failed handshake.
    assert!(expired.requests().is_empty() && unknown.requests().is_empty());
    let hosts = report["unreachable_hosts"].as_array().expect("hosts");
    assert_eq!(hosts.len(), 1, "{hosts:?}\n{}", run.stderr);
    assert_eq!(hosts[0]["host"], "127.0.0.1");
    assert_eq!(hosts[0]["links"].as_array().map(Vec::len), Some(3));

    // Without the test CA, the good certificate is unknown too: the roots are Mozilla's.
    let good = Server::start(&[LOCAL], Some(ca.server(&["127.0.0.1"], false)), routes);
    let site = site_with_links(&[url(&good)]);
    let (_, report) = check_external(&site, None, &[]);
    let found = findings(&report);
    assert!(
        finding_for(&found, &url(&good))
            .1
            .contains("unknown issuer"),
        "{found:#?}"
    );
}

#[test]
fn hosts_that_do_not_answer_are_summed_up_within_the_timeout() {
    let silent = Server::start(&[LOCAL], None, |_, _| Reply::silent());
    let closed_port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("port")
        .port();
    let quiet = |p: &str| format!("http://127.0.0.1:{}{p}", silent.ports[0]);
    let site = site_with_links(&[
        quiet("/a"),
        quiet("/b"),
        format!("https://localhost:{closed_port}/c"),
    ]);
    let started = Instant::now();
    let run = site.run(&["check", "--external", "--timeout", "0.5"]);
    let took = started.elapsed();
    assert_eq!(run.code, 0, "warnings only:\n{}", run.stderr);
    assert!(took < Duration::from_secs(8), "took {took:?}");
    // Each link is a warning at its place, then one summary grouped by host.
    assert!(
        run.stderr
            .contains("127.0.0.1 cannot be reached: no answer within 0.5 s"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/articles/links.md:7:"),
        "{}",
        run.stderr
    );
    let summary = &run.stderr[run
        .stderr
        .find("unreachable: 2 hosts, 3 links")
        .expect("summary")..];
    assert!(
        summary.contains("127.0.0.1: no answer within 0.5 s (2 links)"),
        "{summary}"
    );
    assert!(
        summary.contains("localhost: the connection was refused (1 link)"),
        "{summary}"
    );
    assert!(summary.contains(&quiet("/b")), "{summary}");
    // Failures are not kept: the next run asks again.
    let cache =
        std::fs::read_to_string(site.path(".qingfeng-cache/external.json")).unwrap_or_default();
    assert!(!cache.contains("/a"), "{cache}");
    // In Chinese: the progress line and the summary; the reasons stay as the system gives them.
    let zh = site.run(&["--lang", "zh", "check", "--external", "--timeout", "0.5"]);
    assert!(
        zh.stderr
            .contains("正在检查 2 个网站上的 3 个外部地址（同时最多"),
        "{}",
        zh.stderr
    );
    let summary = &zh.stderr[zh
        .stderr
        .find("无法访问：2 个网站，3 个链接：")
        .expect("summary")..];
    assert!(
        summary.contains("localhost：the connection was refused（1 个链接）"),
        "{summary}"
    );
    assert!(!run.stderr.contains("正在检查"), "{}", run.stderr);
}

#[test]
fn at_most_eight_requests_at_once_and_two_per_host() {
    // Six loopback addresses count as six hosts; each answers slowly.
    let ips: Vec<Ipv4Addr> = (1..=6).map(|i| Ipv4Addr::new(127, 0, 0, i)).collect();
    let server = Server::start(&ips, None, |_, _| {
        Reply::status(200).after(Duration::from_millis(150))
    });
    let mut links = Vec::new();
    for (ip, port) in ips.iter().zip(&server.ports) {
        for page in 0..4 {
            links.push(format!("http://{ip}:{port}/page-{page}"));
        }
    }
    let site = site_with_links(&links);
    let (_, report) = check_external(&site, None, &[]);
    assert_eq!(findings(&report), Vec::new());
    assert_eq!(server.requests().len(), 24);
    let (total, per_host) = server.most_at_once();
    assert!(total <= 8, "{total} connections at once");
    assert!(per_host <= 2, "{per_host} connections to one host at once");
    assert!(
        total > 2,
        "the links were asked one host at a time ({total} at once)"
    );
}

#[test]
fn an_unusable_extra_ca_stops_the_check() {
    let site = site_with_links(&["https://127.0.0.1:9/x".to_string()]);
    site.write("not-a-ca.pem", "hello");
    site.run_with_env(
        &["check", "--external"],
        &[("QINGFENG_EXTRA_CA", "not-a-ca.pem")],
    )
    .failure(2)
    .stderr_has("QINGFENG_EXTRA_CA: not-a-ca.pem holds no `-----BEGIN CERTIFICATE-----` block");
    site.run(&["check", "--no-cache"])
        .failure(2)
        .stderr_has("--external");
}
