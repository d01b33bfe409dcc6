//! `qingfeng serve` end to end: the real binary on a copy of the example site, spoken to
//! over loopback HTTP and its event stream.

use crate::common::TestSite;

const SCRIPT_MARK: &str = "/__qingfeng/events";
const COUNTY: &str = "content/counties/yaodu.yaml";

/// The example site with a Chinese-named static file and a PNG.
fn site() -> TestSite {
    let site = TestSite::example();
    site.write("static/数据/说明.txt", "示例说明\n");
    site.write_bytes("static/img/dot.png", b"\x89PNG\r\n\x1a\n");
    site
}

#[test]
fn serves_every_kind_of_file_from_memory() {
    let site = site();
    let server = site.serve(&[]);
    for (path, content_type) in [
        ("/", "text/html; charset=utf-8"),
        ("/counties/yaodu/", "text/html; charset=utf-8"),
        ("/counties/yaodu/index.html", "text/html; charset=utf-8"),
        ("/css/site.css", "text/css; charset=utf-8"),
        ("/favicon.svg", "image/svg+xml"),
        ("/data/summary.json", "application/json"),
        ("/data/counties.csv", "text/csv; charset=utf-8"),
        ("/atom.xml", "application/atom+xml"),
        ("/sitemap.xml", "application/xml"),
        ("/img/dot.png", "image/png"),
        (
            "/%E6%95%B0%E6%8D%AE/%E8%AF%B4%E6%98%8E.txt",
            "text/plain; charset=utf-8",
        ),
    ] {
        let r = server.get(path);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("content-type"), Some(content_type), "{path}");
        assert_eq!(r.header("cache-control"), Some("no-store"), "{path}");
        assert_eq!(
            r.header("content-length"),
            Some(r.body.len().to_string().as_str()),
            "{path}"
        );
    }
    assert_eq!(
        server
            .get("/%E6%95%B0%E6%8D%AE/%E8%AF%B4%E6%98%8E.txt")
            .text(),
        "示例说明\n"
    );

    let r = server.get("/counties/yaodu");
    assert_eq!(r.status, 301);
    assert_eq!(r.header("location"), Some("/counties/yaodu/"));

    let r = server.get("/counties/nowhere/");
    assert_eq!(r.status, 404);
    assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
    assert!(
        r.text().contains("404"),
        "the site's 404 page: {}",
        r.text()
    );
    // At any depth, it links from the server's root, not from the production address.
    let r = server.get("/counties/nowhere/deeper/still");
    assert_eq!(r.status, 404);
    assert!(r.text().contains("href=\"/css/site.css\""), "{}", r.text());
    assert!(
        !r.text().contains("news.example.cn/huanjie/css"),
        "{}",
        r.text()
    );
    assert_eq!(server.get("/css/site.css").status, 200);

    let head = server.fetch("HEAD", "/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(
        head.header("content-length"),
        server.get("/").header("content-length")
    );
    for method in ["POST", "PUT", "DELETE", "OPTIONS"] {
        let r = server.fetch(method, "/");
        assert_eq!(r.status, 405, "{method}");
        assert_eq!(r.header("allow"), Some("GET, HEAD"));
    }
    assert!(
        !site.path("public").exists(),
        "serve wrote the output folder"
    );
}

#[test]
fn no_request_reads_outside_the_site() {
    let site = site();
    let server = site.serve(&[]);
    for path in [
        "/../site.toml",
        "/%2e%2e/site.toml",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/..%2fsite.toml",
        "/css/..%2f..%2fsite.toml",
        "/..\\site.toml",
        "/css/%5c..%5csite.toml",
        "//etc/passwd",
        "/%00",
        "/index.html%00.txt",
        "/content/counties/yaodu.yaml",
        "/site.toml",
        "site.toml",
        "/%ff%fe",
    ] {
        let r = server.get(path);
        assert!(matches!(r.status, 400 | 404), "{path}: {}", r.status);
        assert!(!r.text().contains("title ="), "{path} leaked site.toml");
        assert!(!r.text().contains("root:"), "{path} leaked /etc/passwd");
    }
    // Malformed and oversized requests are refused, and the server goes on.
    assert_eq!(server.request(b"GARBAGE\r\n\r\n").status, 400);
    let huge = format!("GET / HTTP/1.1\r\nX-Big: {}\r\n\r\n", "a".repeat(20_000));
    assert_eq!(server.request(huge.as_bytes()).status, 431);
    assert_eq!(server.get("/").status, 200);
}

#[test]
fn html_carries_the_reload_script_and_build_output_never_does() {
    let site = site();
    {
        let server = site.serve(&[]);
        let home = server.get("/").text();
        let at = home.find(SCRIPT_MARK).expect("the reload script");
        assert!(
            home[at..].contains("</script>\n</body>"),
            "the script goes before </body>"
        );
        assert!(!server.get("/css/site.css").text().contains(SCRIPT_MARK));
        assert!(
            !server
                .get("/data/summary.json")
                .text()
                .contains(SCRIPT_MARK)
        );
    }
    site.build().success();
    let files = site.snapshot("public");
    assert!(files.keys().any(|k| k.ends_with(".html")));
    for (path, bytes) in files {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("__qingfeng"),
            "{path} carries the serve script"
        );
    }
}

#[test]
fn editing_a_county_reloads_open_pages() {
    let site = site();
    let server = site.serve(&[]);
    let mut events = server.events();
    assert_eq!(events.next().0, "hello");
    assert!(server.get("/counties/yaodu/").text().contains("47.1岁"));

    site.edit(COUNTY, "  average: 47.1", "  average: 47.3");
    let data = events.wait_for("reload");
    assert!(data.contains("\"version\":2"), "{data}");
    let line = server.wait_for_line("rebuilt in");
    assert!(
        line.contains("content/counties/yaodu.yaml changed"),
        "{line}"
    );
    let page = server.get("/counties/yaodu/").text();
    assert!(
        page.contains("47.3岁") && !page.contains("47.1岁"),
        "the page did not change"
    );
    assert!(page.contains("var version = 2;"));
    assert!(
        !site.path("public").exists(),
        "serve wrote the output folder"
    );
}

#[test]
fn a_broken_file_shows_its_error_and_keeps_the_last_good_site() {
    let site = site();
    let server = site.serve(&[]);
    let mut events = server.events();
    let text = site.read(COUNTY);
    let line = text
        .lines()
        .position(|l| l.starts_with("members:"))
        .expect("members line")
        + 1;
    site.edit(COUNTY, "members: 34", "members: [34");

    let data = events.wait_for("build-error");
    let error: serde_json::Value = serde_json::from_str(&data).expect("json");
    let first = &error["diagnostics"][0];
    assert_eq!(first["file"], COUNTY, "{data}");
    assert!(
        first["line"].as_u64().is_some_and(|l| l >= line as u64),
        "{data}"
    );
    assert!(
        first["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{data}"
    );
    server.wait_for_line(&format!("--> {COUNTY}:"));
    server.wait_for_line("still serving the last good site");

    // The last good site is still served, and a page opened now hears of the error.
    assert!(server.get("/counties/yaodu/").text().contains("47.1岁"));
    let mut late = server.events();
    assert_eq!(late.next().0, "hello");
    assert!(late.wait_for("build-error").contains(COUNTY));

    site.edit(COUNTY, "members: [34", "members: 34");
    events.wait_for("reload");
    late.wait_for("reload");
}

#[test]
fn a_failing_first_build_still_serves_and_shows_the_error() {
    let site = site();
    site.edit(COUNTY, "members: 34", "members: [34");
    let server = site.serve(&[]);
    let r = server.get("/counties/yaodu/");
    assert_eq!(r.status, 503);
    assert!(r.text().contains(SCRIPT_MARK));
    let mut events = server.events();
    assert!(events.wait_for("build-error").contains(COUNTY));

    site.edit(COUNTY, "members: [34", "members: 34");
    events.wait_for("reload");
    assert_eq!(server.get("/counties/yaodu/").status, 200);
}

#[test]
fn a_taken_port_is_a_clear_usage_error() {
    let site = site();
    let server = site.serve(&[]);
    let port = server.addr.rsplit(':').next().expect("port");
    site.run(&["serve", "--port", port])
        .failure(2)
        .stderr_has("already in use")
        .stderr_has("--port 0");
}

#[test]
fn serve_outside_a_site_is_a_usage_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = crate::common::qingfeng()
        .arg("--root")
        .arg(dir.path())
        .args(["serve", "--port", "0"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no site.toml"));
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_it() {
    let site = site();
    let mut server = site.serve(&[]);
    let status = std::process::Command::new("kill")
        .args(["-INT", &server.pid().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    let status = server.wait_for_exit();
    assert!(!status.success(), "ended by SIGINT");
    assert!(!site.path("public").exists());
}

/// Sends `signal` to the server and expects it to stop by itself, saying so.
#[cfg(unix)]
#[track_caller]
fn stops_on(server: &mut crate::common::Served, signal: &str) {
    let status = std::process::Command::new("kill")
        .args([signal, &server.pid().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    server.wait_for_line("stopped");
    let status = server.wait_for_exit();
    assert_eq!(status.code(), Some(130), "{signal}: {status:?}");
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_it_when_a_script_started_it_in_the_background() {
    // A script's background job ignores SIGINT unless it asks for it.
    let site = site();
    let mut server = site.serve_in_background_of_a_script(&[]);
    stops_on(&mut server, "-INT");
    assert!(!site.path("public").exists());
}

#[cfg(unix)]
#[test]
fn sigterm_stops_it() {
    let site = site();
    let mut server = site.serve(&[]);
    stops_on(&mut server, "-TERM");
}

#[test]
fn the_search_index_is_rebuilt_with_the_site() {
    let site = site();
    let server = site.serve(&[]);
    assert!(
        server
            .get("/search/")
            .text()
            .contains("data-qf-search=\"page\"")
    );
    let script = server.get("/search/search.js");
    assert_eq!(
        script.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    let index = || crate::search::Index::new(|path| server.get(&format!("/search/{path}")).text());
    let yaodu = "counties/yaodu/index.html";
    // A sentence of the county's own, and one it will gain.
    let narrative = site.read("content/counties/yaodu.md");
    let old = narrative
        .lines()
        .flat_map(|l| l.split(['。', '，']))
        .map(str::trim)
        .find(|s| {
            s.chars().count() >= 6
                && !s.contains(['{', '*', '[', '#', '|'])
                && index().find(s).len() == 1
        })
        .expect("a phrase only this county says")
        .to_string();
    assert!(index().find(&old).contains(yaodu));
    assert!(index().find("鹭鸶湾的新发现").is_empty());

    site.write(
        "content/counties/yaodu.md",
        &format!("{}\n鹭鸶湾的新发现。\n", narrative.replace(&old, "")),
    );
    let line = server.wait_for_line("rebuilt in");
    assert!(line.contains("yaodu.md"), "{line}");
    let index = index();
    assert_eq!(
        index.find("鹭鸶湾的新发现"),
        [yaodu.to_string()].into(),
        "the served index does not hold the new words"
    );
    assert!(
        index.find(&old).is_empty(),
        "the served index still holds the removed words ({old})"
    );
    assert!(
        !site.path("public").exists(),
        "serve wrote the output folder"
    );
}

#[test]
fn serve_speaks_chinese_when_asked() {
    // A second, smaller site than the example: the minimal fixture.
    let site = TestSite::fixture("minimal");
    let county = "content/counties/alpha.yaml";
    let server = site.serve(&["--lang", "zh", "--bind", "0.0.0.0"]);
    // Both were printed before the address, though stderr's may come in later.
    let seen_or_wait = |needle: &str| {
        let seen = server
            .log
            .borrow()
            .iter()
            .find(|l| l.contains(needle))
            .cloned();
        seen.unwrap_or_else(|| server.wait_for_line(needle))
    };
    seen_or_wait("stderr: 警告[QF1209]：正在监听 0.0.0.0：能访问本机的任何人都能看到预览");
    let first = seen_or_wait("已构建，用时 ");
    assert!(
        first.contains(" 毫秒（") && first.contains("个页面"),
        "{first}"
    );
    assert!(
        server
            .log
            .borrow()
            .iter()
            .any(|l| l.starts_with("正在预览 ")),
        "{:?}",
        server.log.borrow()
    );
    let text = site.read(county);
    site.write(
        county,
        &text.replacen("  average: 46.0", "  average: 46.5", 1),
    );
    let line = server.wait_for_line("已重新构建");
    assert!(
        line.starts_with(&format!("修改了 {county}；已重新构建，用时 ")),
        "{line}"
    );
    site.write(county, &text.replacen("members: 20", "members: [20", 1));
    server.wait_for_line("仍在预览上一次成功构建的网站；已打开的页面会显示错误");
}

/// `GET path` with `Accept-Encoding: gzip` (or without).
fn get_encoded(
    server: &crate::common::Served,
    path: &str,
    gzip: bool,
) -> crate::common::HttpResponse {
    let accept = if gzip {
        "Accept-Encoding: gzip, br\r\n"
    } else {
        ""
    };
    let raw = format!("GET {path} HTTP/1.1\r\nHost: x\r\n{accept}Connection: close\r\n\r\n");
    server.request(raw.as_bytes())
}

/// serve holds its pages gzipped and its link-preview cards in the image cache, on a
/// three-level site: a client sees the bytes a build publishes (HTML with the reload
/// script), gzipped only when it asks for gzip, and never for HTML.
#[test]
fn files_held_gzipped_or_in_the_image_cache_are_served_as_built() {
    let site = crate::common::TestSite::fixture("province");
    site.build().success();
    let built = site.snapshot("public");
    let server = site.serve(&[]);
    let cards: Vec<&String> = built
        .keys()
        .filter(|p| p.starts_with("images/preview/counties/"))
        .collect();
    assert!(cards.len() >= 3, "preview cards: {cards:?}");
    for card in cards {
        for gzip in [false, true] {
            let r = get_encoded(&server, &format!("/{card}"), gzip);
            assert_eq!(r.status, 200, "{card}");
            assert_eq!(r.header("content-type"), Some("image/png"));
            assert_eq!(r.header("content-encoding"), None, "{card}");
            assert!(r.body == built[card], "{card} differs from the build's");
        }
    }
    let pages: Vec<&String> = built
        .keys()
        .filter(|p| p.starts_with("counties/") && p.ends_with("/index.html"))
        .collect();
    assert!(pages.len() >= 4, "county pages: {pages:?}");
    for page in pages {
        let path = format!("/{}", page.trim_end_matches("index.html"));
        let plain = get_encoded(&server, &path, false);
        let asked = get_encoded(&server, &path, true);
        assert_eq!(plain.status, 200, "{path}");
        assert_eq!(asked.header("content-encoding"), None, "{path}");
        assert_eq!(plain.body, asked.body, "{path}");
        assert!(plain.text().contains(SCRIPT_MARK), "{path}");
        assert!(plain.text().ends_with("</html>\n"), "{path}");
    }
    // The open data is text: gzipped to a client that asks, as it is to one that does not.
    let plain = get_encoded(&server, "/data/summary.json", false);
    let asked = get_encoded(&server, "/data/summary.json", true);
    assert_eq!(plain.header("content-encoding"), None);
    assert_eq!(asked.header("content-encoding"), Some("gzip"));
    assert_eq!(asked.header("vary"), Some("Accept-Encoding"));
    assert!(asked.body.len() < plain.body.len());
    assert_eq!(
        qingfeng::gzip::decompress(&asked.body).as_deref(),
        Some(&plain.body[..])
    );
    assert_eq!(
        asked.header("content-length"),
        Some(asked.body.len().to_string().as_str())
    );
    assert!(
        serde_json::from_slice::<serde_json::Value>(&plain.body).is_ok(),
        "summary.json"
    );
}
