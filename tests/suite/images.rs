//! PNG images (issue 16): the share image, the link-preview cards and the charts' 2× PNGs,
//! drawn with the system's CJK font (`fonts-noto-cjk`, installed by `.ci/run`) on a site
//! other than the example; the coverage warning; no CJK font at all.

use crate::common::TestSite;

/// Width and height of a PNG, decoded.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut buf).expect("a frame");
    (info.width, info.height)
}

/// The width of the viewBox of the inline chart whose element ids start with `dom_id`.
fn view_box_width(html: &str, dom_id: &str) -> u32 {
    let at = html
        .find(&format!("aria-labelledby=\"{dom_id}-title\""))
        .unwrap_or_else(|| panic!("no chart {dom_id}"));
    let start = html[..at].rfind("<svg").expect("svg");
    let tag = &html[start..at];
    let vb = tag.split("viewBox=\"0 0 ").nth(1).expect("viewBox");
    vb.split(' ')
        .next()
        .expect("width")
        .parse::<f64>()
        .expect("number") as u32
}

/// Each chart PNG of `images` (paths under `images/`) is twice as wide as its SVG in `html`.
#[track_caller]
fn twice_as_wide(images: &std::collections::BTreeMap<String, Vec<u8>>, html: &str, owner: &str) {
    for (name, bytes) in images {
        let Some(id) = name.rsplit('/').next().and_then(|n| n.strip_suffix(".png")) else {
            continue;
        };
        let dom_id = match id.strip_prefix("compare-") {
            Some(id) => format!("qf-cmp-{id}"),
            None => format!("qf-{owner}-{id}"),
        };
        if !html.contains(&format!("{dom_id}-title")) {
            continue;
        }
        assert_eq!(
            png_size(bytes).0,
            2 * view_box_width(html, &dom_id),
            "{name}"
        );
    }
}

fn read_bytes(site: &TestSite, rel: &str) -> Vec<u8> {
    std::fs::read(site.path(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
}

/// The second city with a public address, for absolute `og:image` URLs.
fn second_city() -> TestSite {
    let site = TestSite::fixture("second-city");
    let toml = site.read("site.toml");
    site.write(
        "site.toml",
        &format!("{toml}base_url = \"https://example.cn/qingchuan/\"\n"),
    );
    site
}

#[test]
fn images_are_drawn_decoded_and_byte_identical_across_builds() {
    let site = second_city();
    site.build().success();
    let first = site.snapshot("public/images");
    // The share image: WeChat's width, as tall as its cards need.
    let (w, h) = png_size(&first["share.png"]);
    assert_eq!(w, 1080);
    assert!(h > 600, "share image {w}×{h}");
    // A preview card for every page, 1200×630.
    for card in [
        "preview/home.png",
        "preview/counties/baishui.png",
        "preview/counties.png",
    ] {
        assert_eq!(png_size(&first[card]), (1200, 630), "{card}");
    }
    // The charts' PNGs at twice the SVG's width.
    let charts: Vec<&String> = first.keys().filter(|k| k.starts_with("charts/")).collect();
    assert!(!charts.is_empty(), "{:?}", first.keys());
    let home = site.read("public/index.html");
    let list = site.read("public/counties/index.html");
    twice_as_wide(&first, &home, "city");
    twice_as_wide(&first, &list, "city");
    let checked = charts
        .iter()
        .filter(|c| home.contains(&format!("images/{c}")) || list.contains(&format!("images/{c}")))
        .count();
    assert_eq!(
        checked,
        charts.len(),
        "every chart PNG is linked from the home or list page"
    );
    // County charts are behind [images] county_charts.
    assert!(!first.keys().any(|k| k.starts_with("counties/")));
    // The same input and font, the same bytes (into a fresh folder).
    std::fs::remove_dir_all(site.path("public")).expect("clean");
    site.build().success();
    assert_eq!(site.snapshot("public/images"), first);

    // Pages link them: og:image absolute under base_url, twitter:card, 下载图片, 分享.
    let home = site.read("public/index.html");
    assert!(
        home.contains("<meta property=\"og:image\" content=\"https://example.cn/qingchuan/images/preview/home.png\">"),
        "{home}"
    );
    assert!(home.contains("<meta name=\"twitter:card\" content=\"summary_large_image\">"));
    assert!(home.contains("class=\"share\" data-search=\"skip\"> · 分享："));
    assert!(home.contains("src=\"./images/share.png\" width=\"1080\""));
    assert!(home.contains("loading=\"lazy\""));
    let county = site.read("public/counties/baishui/index.html");
    assert!(
        county.contains(
            "content=\"https://example.cn/qingchuan/images/preview/counties/baishui.png\""
        )
    );
    assert!(
        !county.contains("下载图片"),
        "county charts have no PNG by default"
    );
}

#[test]
fn without_base_url_og_image_is_relative_and_county_charts_can_be_asked_for() {
    let site = TestSite::fixture("second-city");
    let toml = site.read("site.toml");
    site.write(
        "site.toml",
        &format!("{toml}\n[images]\ncounty_charts = true\n"),
    );
    site.build().success();
    let county = site.read("public/counties/baishui/index.html");
    assert!(
        county.contains(
            "<meta property=\"og:image\" content=\"../../images/preview/counties/baishui.png\">"
        ),
        "{county}"
    );
    let images = site.snapshot("public/images/counties/baishui");
    assert!(!images.is_empty());
    twice_as_wide(&images, &county, "baishui");
    for name in images.keys() {
        assert!(county.contains(&format!(
            "href=\"../../images/counties/baishui/{name}\" download>下载图片"
        )));
    }
}

#[test]
fn a_character_the_font_lacks_is_a_warning_and_no_image_draws_it() {
    let site = second_city();
    // U+30000 (CJK Extension G) is in no Noto CJK font.
    site.edit(
        "content/counties/baishui.yaml",
        "name: 白水县",
        "name: 白\u{30000}县",
    );
    let run = site.build().success();
    assert!(
        run.stderr.contains("has no glyph for \u{30000} (U+30000)"),
        "{}",
        run.stderr
    );
    assert_eq!(
        run.stderr.matches("has no glyph").count(),
        1,
        "{}",
        run.stderr
    );
    let images = site.snapshot("public/images");
    // The comparisons list every county's name: none of them is made, nor linked.
    assert!(
        !images.keys().any(|k| k.starts_with("charts/compare-")),
        "{:?}",
        images.keys()
    );
    assert!(!images.contains_key("preview/counties/baishui.png"));
    let list = site.read("public/counties/index.html");
    assert!(!list.contains("images/charts/compare-"), "{list}");
    assert!(
        !site
            .read("public/counties/baishui/index.html")
            .contains("og:image")
    );
    // Everything else still is.
    assert!(
        images.contains_key("share.png") && images.contains_key("preview/counties/beichuan.png")
    );
}

#[test]
fn with_no_cjk_font_images_are_skipped_with_one_warning_that_check_reports() {
    let site = TestSite::fixture("second-city");
    let empty = tempfile::tempdir().expect("temp dir");
    let dirs = empty.path().to_string_lossy().into_owned();
    let env = [("QINGFENG_FONT_DIRS", dirs.as_str())];
    let run = site.run_with_env(&["build"], &env).success();
    assert_eq!(
        run.stderr.matches("no CJK font found").count(),
        1,
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("apt-get install fonts-noto-cjk"),
        "{}",
        run.stderr
    );
    assert!(!site.path("public/images").exists());
    let home = site.read("public/index.html");
    assert!(!home.contains("og:image") && !home.contains("下载图片") && !home.contains("分享："));
    let check = site.run_with_env(&["check"], &env);
    assert!(
        check.stdout.contains("no CJK font found") || check.stderr.contains("no CJK font found"),
        "{}{}",
        check.stdout,
        check.stderr
    );
}

#[test]
fn a_site_font_that_is_not_there_is_an_error_in_site_toml() {
    let site = TestSite::fixture("second-city");
    let toml = site.read("site.toml");
    site.write(
        "site.toml",
        &format!("{toml}\n[images]\nfont = \"fonts/none.otf\"\n"),
    );
    site.build()
        .failure(1)
        .stderr_has("[images] font `fonts/none.otf` is not a file in the site");
}

#[test]
fn a_font_the_site_names_is_used_and_its_simplified_chinese_face_chosen() {
    // The site's own font: here a copy of the system's CJK font's file. Which face of a
    // collection is used is the Simplified Chinese one.
    let Some(noto) = ["/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"]
        .into_iter()
        .map(std::path::Path::new)
        .find(|p| p.is_file())
    else {
        assert!(
            std::env::var_os("CI").is_none(),
            "fonts-noto-cjk is not installed"
        );
        eprintln!("SKIPPED: fonts-noto-cjk is not installed");
        return;
    };
    let site = TestSite::fixture("second-city");
    site.write_bytes("fonts/cjk.ttc", &std::fs::read(noto).expect("font"));
    let toml = site.read("site.toml");
    site.write(
        "site.toml",
        &format!("{toml}\n[images]\nfont = \"fonts/cjk.ttc\"\n"),
    );
    site.build().success();
    assert_eq!(
        png_size(&read_bytes(&site, "public/images/preview/home.png")),
        (1200, 630)
    );
}

/// A nested site's region pages: each chart (the region's own and its children's
/// comparison) has its 2× PNG, linked as 下载图片, and each page its preview card with the
/// region's own figures, named by `og:image`; without a CJK font the site still builds and
/// its region pages link no image.
#[test]
fn region_pages_have_their_own_preview_cards_and_chart_pngs_when_asked() {
    let site = TestSite::fixture("province");
    let toml = site.read("site.toml");
    site.write(
        "site.toml",
        &format!(
            "{toml}base_url = \"https://example.cn/qingjiang/\"\n[images]\nregion_charts = true\n"
        ),
    );
    site.build().success();
    for slug in ["qingchuan", "east", "west", "beishan"] {
        let page = site.read(&format!("public/regions/{slug}/index.html"));
        let images = site.snapshot(&format!("public/images/regions/{slug}"));
        twice_as_wide(&images, &page, slug);
        let drawn = page.matches("<svg").count();
        let linked = page.matches("download>下载图片").count();
        assert!(drawn > 0, "{slug}: no chart");
        assert_eq!(linked, images.len(), "{slug}: {:?}", images.keys());
        assert!(
            linked >= 6,
            "{slug}: its own charts and its comparisons, {linked}"
        );
        for name in images.keys() {
            assert!(
                page.contains(&format!(
                    "href=\"../../images/regions/{slug}/{name}\" download>下载图片"
                )),
                "{slug}: {name} not linked"
            );
        }
        let card = format!("images/preview/regions/{slug}.png");
        assert_eq!(
            png_size(&read_bytes(&site, &format!("public/{card}"))),
            (1200, 630)
        );
        assert!(
            page.contains(&format!(
                "<meta property=\"og:image\" content=\"https://example.cn/qingjiang/{card}\">"
            )),
            "{slug}: og:image"
        );
    }
    // Each card shows its own region's figures: two regions' cards differ, and none is the
    // home page's.
    let card = |p: &str| read_bytes(&site, &format!("public/images/preview/{p}.png"));
    assert_ne!(card("regions/east"), card("regions/west"));
    assert_ne!(card("regions/qingchuan"), card("home"));

    // By default (`region_charts = false`) the charts' PNGs are left out, the cards kept.
    site.write(
        "site.toml",
        &format!("{toml}base_url = \"https://example.cn/qingjiang/\"\n"),
    );
    site.build().success();
    assert!(!site.path("public/images/regions").exists());
    let page = site.read("public/regions/east/index.html");
    assert!(!page.contains("下载图片"), "{page}");
    assert!(site.path("public/images/preview/regions/east.png").exists());
    assert!(
        site.path("public/images/charts").exists(),
        "the city's charts"
    );

    let empty = tempfile::tempdir().expect("temp dir");
    let dirs = empty.path().to_string_lossy().into_owned();
    std::fs::remove_dir_all(site.path("public")).expect("clean");
    site.run_with_env(&["build"], &[("QINGFENG_FONT_DIRS", dirs.as_str())])
        .success()
        .stderr_has("no CJK font found");
    assert!(!site.path("public/images").exists());
    let page = site.read("public/regions/qingchuan/index.html");
    assert!(
        !page.contains("og:image") && !page.contains("下载图片"),
        "{page}"
    );
}
