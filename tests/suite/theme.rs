//! The default theme and the publishing features: template overrides (whole file and one
//! block), `init` and `new`, the built-in theme, and a well-formed sitemap and Atom feed.

use std::path::Path;

use crate::common::{Run, TestSite};

/// Runs the binary with the given arguments, outside any site.
fn qingfeng(args: &[&std::ffi::OsStr]) -> Run {
    let out = crate::common::qingfeng()
        .args(args)
        .output()
        .expect("run qingfeng");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn init(dir: &Path, extra: &[&str]) -> Run {
    let mut args: Vec<&std::ffi::OsStr> = vec!["init".as_ref(), dir.as_os_str()];
    args.extend(extra.iter().map(|a| std::ffi::OsStr::new(*a)));
    qingfeng(&args)
}

fn in_site(dir: &Path, args: &[&str]) -> Run {
    let mut all: Vec<&std::ffi::OsStr> = vec!["--root".as_ref(), dir.as_os_str()];
    all.extend(args.iter().map(|a| std::ffi::OsStr::new(*a)));
    qingfeng(&all)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

#[test]
fn a_site_template_replaces_the_theme_partial() {
    let site = TestSite::fixture("minimal");
    site.write(
        "templates/partials/cards.html",
        "<p class=\"own-cards\">本站自己的数说换届</p>\n",
    );
    site.build().success();
    let home = site.read("public/index.html");
    assert!(home.contains("own-cards"), "{home}");
    assert!(
        !home.contains("class=\"card-label\""),
        "the theme's cards are still there"
    );
}

#[test]
fn a_site_template_extends_the_theme_and_replaces_one_block() {
    let site = TestSite::fixture("minimal");
    site.write(
        "templates/county.html",
        "{% extends \"theme/county.html\" %}{% block footer %}<footer class=\"own-footer\">本县页脚</footer>{% endblock footer %}",
    );
    site.build().success();
    let county = site.read("public/counties/alpha/index.html");
    assert!(county.contains("own-footer"), "{county}");
    assert!(
        county.contains("甲县新班子"),
        "the theme's content block is gone"
    );
    assert!(
        county.contains("class=\"masthead\""),
        "the theme's header block is gone"
    );
    // Other pages keep the theme's footer.
    let home = site.read("public/index.html");
    assert!(home.contains("class=\"footer\"") && !home.contains("own-footer"));
}

#[test]
fn base_html_offers_the_documented_blocks() {
    let base = read(&crate::common::manifest_dir().join("themes/default/templates/base.html"));
    for block in [
        "title",
        "meta",
        "head",
        "header",
        "breadcrumbs",
        "content",
        "reporting",
        "footer",
    ] {
        assert!(
            base.contains(&format!("{{% block {block} %}}")),
            "base.html lacks block {block}"
        );
    }
}

#[test]
fn init_makes_a_site_that_builds_with_the_built_in_theme() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("新站点");
    init(&dir, &[]).success();
    for f in [
        "site.toml",
        "content/city.yaml",
        "content/counties/shili.yaml",
        "content/counties/shili.md",
        "content/articles/kailan.md",
    ] {
        assert!(dir.join(f).is_file(), "init did not write {f}");
    }
    assert!(
        !dir.join("themes").exists(),
        "the built-in theme is used unless --copy-theme"
    );
    let run = in_site(&dir, &["build"]).success();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let county = read(&dir.join("public/counties/shili/index.html")).replace('\u{2060}', "");
    assert!(
        county.contains("示例县") && county.contains("共有成员20名"),
        "{county}"
    );
    assert!(
        dir.join("public/css/site.css").is_file() && dir.join("public/js/reading.js").is_file()
    );
    assert!(dir.join("public/articles/kailan/index.html").is_file());
}

#[test]
fn init_can_write_the_theme_out() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("site");
    init(&dir, &["--copy-theme"]).success();
    for (name, bytes) in qingfeng::theme_default::FILES {
        assert_eq!(
            std::fs::read(dir.join("themes/default").join(name)).expect("theme file"),
            *bytes,
            "{name}"
        );
    }
    // The written theme is the one used: edit it and see the change.
    let css = dir.join("themes/default/static/css/site.css");
    std::fs::write(&css, "body { color: black; }\n").expect("write css");
    in_site(&dir, &["build"]).success();
    assert_eq!(
        read(&dir.join("public/css/site.css")),
        "body { color: black; }\n"
    );
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let tmp = tempfile::tempdir().expect("tempdir");
    std::fs::write(tmp.path().join("notes.txt"), "x").expect("write");
    init(tmp.path(), &[]).failure(2).stderr_has("is not empty");
    assert!(!tmp.path().join("site.toml").exists());
    // Dotfiles alone (a fresh git repository) are fine.
    let tmp = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(tmp.path().join(".git")).expect("mkdir");
    init(tmp.path(), &[]).success();
    assert!(tmp.path().join("site.toml").is_file());
}

#[test]
fn new_county_and_article_scaffold_files_that_build() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("site");
    init(&dir, &[]).success();
    in_site(&dir, &["new", "county", "xinxian", "--name", "新县"]).success();
    in_site(&dir, &["new", "article", "di-2-qi"]).success();
    let yaml = read(&dir.join("content/counties/xinxian.yaml"));
    assert!(
        yaml.contains("slug: xinxian") && yaml.contains("# 新一届班子成员总数"),
        "{yaml}"
    );
    assert!(dir.join("content/counties/xinxian.md").is_file());
    let article = read(&dir.join("content/articles/di-2-qi.md"));
    assert!(article.contains("# 一句话摘要"), "{article}");
    let run = in_site(&dir, &["build"]).success();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    assert!(dir.join("public/counties/xinxian/index.html").is_file());
    assert!(dir.join("public/articles/di-2-qi/index.html").is_file());
    let summary = read(&dir.join("public/data/summary.json"));
    assert!(summary.contains("\"xinxian\""), "{summary}");
}

#[test]
fn new_refuses_existing_files_and_bad_slugs() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("site");
    init(&dir, &[]).success();
    let before = read(&dir.join("content/counties/shili.yaml"));
    in_site(&dir, &["new", "county", "shili"])
        .failure(2)
        .stderr_has("already exists");
    assert_eq!(read(&dir.join("content/counties/shili.yaml")), before);
    in_site(&dir, &["new", "article", "kailan"])
        .failure(2)
        .stderr_has("already exists");
    // Only the .md exists: the .yaml is not written either.
    std::fs::write(dir.join("content/counties/half.md"), "x").expect("write");
    in_site(&dir, &["new", "county", "half"])
        .failure(2)
        .stderr_has("already exists");
    assert!(!dir.join("content/counties/half.yaml").exists());
    for bad in ["Yaodu", "尧都", "a/b", "../x", "a b", ""] {
        in_site(&dir, &["new", "county", bad])
            .failure(2)
            .stderr_has("not a valid slug");
        in_site(&dir, &["new", "article", bad])
            .failure(2)
            .stderr_has("not a valid slug");
    }
    // Outside a site, `new` says how to make one.
    let empty = tempfile::tempdir().expect("tempdir");
    in_site(empty.path(), &["new", "article", "x"])
        .failure(2)
        .stderr_has("qingfeng init");
}

#[test]
fn sitemap_and_feed_are_well_formed_and_list_every_page() {
    let site = TestSite::example();
    site.build().success();
    let sitemap = site.read("public/sitemap.xml");
    let atom = site.read("public/atom.xml");
    xml::check(&sitemap).unwrap_or_else(|e| panic!("sitemap.xml: {e}\n{sitemap}"));
    xml::check(&atom).unwrap_or_else(|e| panic!("atom.xml: {e}\n{atom}"));
    let base = "https://news.example.cn/huanjie/";
    let pages: Vec<String> = site
        .snapshot("public")
        .into_keys()
        // The 404 and the empty search page are not for search engines.
        .filter(|p| p.ends_with(".html") && p != "404.html" && p != "search/index.html")
        .collect();
    assert!(pages.len() > 20, "{pages:?}");
    for page in &pages {
        let url = format!("{base}{}", page.trim_end_matches("index.html"));
        assert!(
            sitemap.contains(&format!("<loc>{url}</loc>")),
            "sitemap lacks {url}"
        );
    }
    assert_eq!(
        sitemap.matches("<url>").count(),
        pages.len(),
        "sitemap lists pages that do not exist"
    );
    let articles: Vec<&String> = pages
        .iter()
        .filter(|p| p.starts_with("articles/") && p.as_str() != "articles/index.html")
        .collect();
    // The feed: every article and every county narrative (the example has fewer than the
    // feed's limit), each with its full text, links absolute.
    let narratives = std::fs::read_dir(site.path("content/counties"))
        .expect("counties")
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "md"))
        })
        .count();
    assert_eq!(
        atom.matches("<entry>").count(),
        (articles.len() + narratives).min(qingfeng::feed::FEED_ENTRIES)
    );
    assert_eq!(
        atom.matches("<content type=\"html\">").count(),
        atom.matches("<entry>").count()
    );
    for a in articles {
        let url = format!("{base}{}", a.trim_end_matches("index.html"));
        assert!(
            atom.contains(&format!("<link href=\"{url}\"/>")),
            "feed lacks {url}"
        );
    }
    assert!(
        !atom.contains("href=&quot;../"),
        "relative links in the feed's content"
    );
    // Every page: description, canonical, Open Graph, favicon, relative links.
    for page in &pages {
        let html = site.read(&format!("public/{page}"));
        let url = format!("{base}{}", page.trim_end_matches("index.html"));
        assert!(
            html.contains(&format!("<link rel=\"canonical\" href=\"{url}\">")),
            "{page} canonical"
        );
        assert!(
            html.contains("<meta name=\"description\" content=\""),
            "{page} description"
        );
        assert!(
            html.contains("<meta property=\"og:title\""),
            "{page} og:title"
        );
        assert!(html.contains("favicon.svg"), "{page} favicon");
        assert!(
            !html.contains("href=\"/"),
            "{page} has a root-absolute link"
        );
    }
    // Articles show their date and their 字数.
    let article = site.read("public/articles/overview/index.html");
    assert!(
        article.contains("<time datetime=\"2016-08-22\">2016年8月22日</time>"),
        "date"
    );
    assert!(regex_like_han_count(&article), "字数");
}

/// Whether the article's meta line carries "· N字".
fn regex_like_han_count(html: &str) -> bool {
    html.split(" · ").any(|part| {
        let digits: String = part.chars().take_while(char::is_ascii_digit).collect();
        !digits.is_empty() && part[digits.len()..].starts_with('字')
    })
}

#[test]
fn without_base_url_there_is_no_sitemap_and_no_canonical() {
    let site = TestSite::fixture("minimal");
    site.edit("site.toml", "base_url = \"https://example.org/sub/\"\n", "");
    site.build().success();
    assert!(!site.path("public/sitemap.xml").exists() && !site.path("public/atom.xml").exists());
    let home = site.read("public/index.html");
    assert!(!home.contains("rel=\"canonical\""));
}

#[test]
fn footer_comes_from_site_toml() {
    let site = TestSite::example();
    site.build().success();
    let home = site.read("public/index.html");
    for text in [
        "临汾新闻网（示例）",
        "晋ICP备00000000号（示例）",
        "联系方式：示例邮箱 editor@example.cn",
        "网站标识码：0000000000",
    ] {
        assert!(home.contains(text), "footer lacks {text}");
    }
}

/// A theme's static file replaces a generated file of the same path, whether the page is
/// handed to the writer as it is rendered (`build`) or kept in memory (`serve`, `check`).
#[test]
fn a_static_file_replaces_the_page_of_the_same_path() {
    let site = TestSite::example();
    let replacement = "<!doctype html><title>静态页</title>\n";
    site.write(
        "themes/default/static/counties/yaodu/index.html",
        replacement,
    );
    site.write("themes/default/static/data/counties.csv", "a,b\r\n");
    site.build().success();
    assert_eq!(site.read("public/counties/yaodu/index.html"), replacement);
    assert_eq!(site.read("public/data/counties.csv"), "a,b\r\n");
    let config = qingfeng::config::Config::load(site.root(), None).expect("config");
    let built = qingfeng::build::build_site(&config).expect("build");
    let page = built
        .files
        .iter()
        .find(|f| f.path == "counties/yaodu/index.html")
        .expect("page");
    assert_eq!(&*page.bytes, replacement.as_bytes());
    // Built again into its output, where the ledger keeps what did not change: a page a
    // static file replaces now (the county list), or no longer (yaodu's), is never kept.
    site.write("themes/default/static/counties/index.html", replacement);
    site.build().success();
    assert_eq!(site.read("public/counties/index.html"), replacement);
    assert_eq!(site.read("public/counties/yaodu/index.html"), replacement);
    std::fs::remove_file(site.path("themes/default/static/counties/yaodu/index.html"))
        .expect("remove the static file");
    site.build().success();
    assert!(
        site.read("public/counties/yaodu/index.html")
            .contains("尧都区")
    );
    assert_eq!(site.read("public/counties/index.html"), replacement);
}

/// A small XML well-formedness check: one root, tags nested and closed, attributes quoted,
/// entities known. Enough for the sitemap and the feed, which use no DTD or CDATA.
mod xml {
    pub fn check(text: &str) -> Result<(), String> {
        let body = text
            .strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
            .ok_or("no XML declaration")?;
        let mut stack: Vec<String> = Vec::new();
        let mut roots = 0;
        let mut rest = body;
        while let Some(lt) = rest.find('<') {
            text_ok(&rest[..lt], &stack)?;
            let gt = rest[lt..].find('>').ok_or("unclosed tag")? + lt;
            let tag = &rest[lt + 1..gt];
            rest = &rest[gt + 1..];
            if let Some(name) = tag.strip_prefix('/') {
                let open = stack
                    .pop()
                    .ok_or_else(|| format!("</{name}> closes nothing"))?;
                if open != name.trim() {
                    return Err(format!("<{open}> closed by </{name}>"));
                }
                continue;
            }
            let self_closing = tag.ends_with('/');
            let tag = tag.trim_end_matches('/');
            let name = tag.split_whitespace().next().ok_or("empty tag")?;
            if name.is_empty()
                || !name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || ":_-.".contains(c))
            {
                return Err(format!("bad tag name `{name}`"));
            }
            attributes_ok(&tag[name.len()..])?;
            if stack.is_empty() {
                roots += 1;
            }
            if !self_closing {
                stack.push(name.to_string());
            }
        }
        text_ok(rest, &stack)?;
        if !stack.is_empty() {
            return Err(format!("unclosed <{}>", stack.join("> <")));
        }
        if roots != 1 {
            return Err(format!("{roots} root elements"));
        }
        Ok(())
    }

    fn text_ok(text: &str, stack: &[String]) -> Result<(), String> {
        if stack.is_empty() && !text.trim().is_empty() {
            return Err(format!("text outside the root: {text:?}"));
        }
        if text.contains('>') {
            return Err(format!("raw > in text: {text:?}"));
        }
        entities_ok(text)
    }

    fn entities_ok(text: &str) -> Result<(), String> {
        for (i, _) in text.match_indices('&') {
            let tail = &text[i..];
            let end = tail
                .find(';')
                .ok_or_else(|| format!("bare & in {text:?}"))?;
            let name = &tail[1..end];
            let known = ["amp", "lt", "gt", "quot", "apos"].contains(&name)
                || name
                    .strip_prefix('#')
                    .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
            if !known {
                return Err(format!("unknown entity &{name};"));
            }
        }
        Ok(())
    }

    fn attributes_ok(mut attrs: &str) -> Result<(), String> {
        let mut seen = Vec::new();
        loop {
            attrs = attrs.trim_start();
            if attrs.is_empty() {
                return Ok(());
            }
            let eq = attrs
                .find('=')
                .ok_or_else(|| format!("attribute without value: {attrs:?}"))?;
            let name = attrs[..eq].trim();
            if seen.contains(&name) {
                return Err(format!("attribute {name} twice"));
            }
            seen.push(name);
            let value = &attrs[eq + 1..];
            let quote = value
                .chars()
                .next()
                .filter(|c| *c == '"' || *c == '\'')
                .ok_or("unquoted attribute")?;
            let close = value[1..].find(quote).ok_or("unterminated attribute")? + 1;
            let inner = &value[1..close];
            if inner.contains('<') {
                return Err(format!("< in attribute {name}"));
            }
            entities_ok(inner)?;
            attrs = &value[close + 1..];
        }
    }

    #[test]
    fn the_checker_catches_the_usual_mistakes() {
        let ok = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a x=\"1&amp;2\"><b/>t&#39;</a>\n";
        assert_eq!(check(ok), Ok(()));
        for bad in [
            "<a><b></a></b>",
            "<a>&nbsp;</a>",
            "<a x=1></a>",
            "<a></a><b></b>",
            "<a>AT&T</a>",
            "<a>",
        ] {
            let doc = format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{bad}");
            assert!(check(&doc).is_err(), "{bad}");
        }
    }
}

#[test]
fn a_template_error_names_the_template_file_and_line() {
    let site = TestSite::fixture("minimal");
    site.write(
        "templates/county.html",
        "{% extends \"theme/county.html\" %}\n{% block content %}\n<p>{{ county.name }</p>\n{% endblock content %}\n",
    );
    site.build()
        .failure(1)
        .stderr_has("templates/county.html:3:19")
        .stderr_has("build failed: 1 error");
    site.write(
        "templates/county.html",
        "{% extends \"theme/county.html\" %}\n{% block content %}\n\n<p>{{ county.no_such_key.deeper }}</p>\n{% endblock content %}\n",
    );
    site.build()
        .failure(1)
        .stderr_has("templates/county.html:4:")
        .stderr_has("cannot render counties/alpha/index.html");
}

/// What Tera finds while loading the templates (an unknown filter, a block no parent
/// has, a parent that is not there) is placed in the template's file, at its line, in a
/// short message, and stops the build like a content error.
#[test]
fn a_template_error_found_when_loading_is_placed_in_its_file() {
    let site = TestSite::fixture("minimal");
    let county = "templates/county.html";
    site.write(
        county,
        "{% extends \"theme/county.html\" %}\n{% block content %}{{ super() }}\n<p>{{ page.root | nosuchfilter }}</p>\n{% endblock content %}\n",
    );
    let run = site
        .build()
        .failure(1)
        .stderr_has("error[QF0601]: template error: unknown filter `nosuchfilter`\n  --> templates/county.html:3:19\n")
        .stderr_has("3 | <p>{{ page.root | nosuchfilter }}</p>")
        .stderr_has("build failed: 1 error");
    assert!(!run.stderr.contains("error: error"), "{}", run.stderr);
    site.write(
        county,
        "{% extends \"theme/county.html\" %}\n{% block contnet %}x{% endblock contnet %}\n",
    );
    site.run(&["--lang", "zh", "build"])
        .failure(1)
        .stderr_has("模板出错：theme/county.html 中没有 `contnet` 块")
        .stderr_has("--> templates/county.html:2:10")
        .stderr_has("建议改为 `content`")
        .stderr_has("构建失败：1 个错误");
    site.write(county, "{% extends \"theme/countie.html\" %}\n");
    site.build()
        .failure(1)
        .stderr_has("`county.html` extends `theme/countie.html`, which is not a template")
        .stderr_has("--> templates/county.html:1:13")
        .stderr_has("did you mean `theme/county.html`?");
    site.run(&["check"])
        .failure(1)
        .stderr_has("--> templates/county.html:1:13");
    // A theme's template is named by its own path, once, though Tera knows it by two names.
    let theme = site.path("themes/default/templates");
    std::fs::create_dir_all(&theme).expect("theme folder");
    std::fs::remove_file(site.path(county)).expect("site template");
    for (name, bytes) in qingfeng::theme_default::FILES {
        let Some(rel) = name.strip_prefix("templates/") else {
            continue;
        };
        let text = String::from_utf8_lossy(bytes);
        let text = if rel == "county.html" {
            text.replacen("{{ page.root }}", "{{ page.root | nosuchfilter }}", 1)
        } else {
            text.into_owned()
        };
        std::fs::write(theme.join(rel), text).expect("theme template");
    }
    let run = site
        .build()
        .failure(1)
        .stderr_has("--> themes/default/templates/county.html:")
        .stderr_has("build failed: 1 error");
    assert_eq!(
        run.stderr.matches("nosuchfilter`").count(),
        1,
        "{}",
        run.stderr
    );
}

#[test]
fn an_output_path_that_is_a_file_says_so() {
    let site = TestSite::fixture("minimal");
    site.write("public", "not a folder");
    site.build()
        .failure(2)
        .stderr_has("it is a file, not a folder");
    assert_eq!(site.read("public"), "not a folder");
}

#[test]
fn the_theme_makes_no_claim_about_the_data_unless_the_site_does() {
    let site = TestSite::fixture("minimal");
    site.build().success();
    for page in [
        "index.html",
        "counties/index.html",
        "counties/alpha/index.html",
    ] {
        let html = site.read(&format!("public/{page}"));
        assert!(!html.contains("示例数据"), "{page} claims sample data");
        assert!(!html.contains("class=\"note\""), "{page} shows a notice");
    }
    let settings = site.read("site.toml");
    site.write(
        "site.toml",
        &format!("{settings}\n[notice]\ntext = \"数据以组织部门最终公布为准。\"\ncounty = \"本县数据尚待核定。\"\n"),
    );
    site.build().success();
    let home = site.read("public/index.html");
    assert!(home.contains("<p class=\"note\">数据以组织部门最终公布为准。</p>"));
    let list = site.read("public/counties/index.html");
    assert!(list.contains("<p class=\"note\">数据以组织部门最终公布为准。</p>"));
    let county = site.read("public/counties/alpha/index.html");
    assert!(county.contains("<p class=\"note\">本县数据尚待核定。</p>"));
    assert!(
        !county.contains("最终公布"),
        "a page kind's own notice replaces the common one"
    );
}

#[test]
fn an_init_site_claims_nothing_about_its_data() {
    let dir = tempfile::tempdir().expect("tempdir");
    let site_dir = dir.path().join("site");
    init(&site_dir, &[]).success();
    crate::common::build_at(&site_dir).success();
    for entry in walkdir::WalkDir::new(site_dir.join("public")) {
        let entry = entry.expect("walk");
        if entry.path().extension().is_some_and(|e| e == "html") {
            let html = std::fs::read_to_string(entry.path()).expect("read");
            assert!(
                !html.contains("示例数据"),
                "{} claims sample data",
                entry.path().display()
            );
        }
    }
}
