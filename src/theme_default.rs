//! The default theme, built into the binary: `qingfeng init` writes it out, and a site
//! without a `themes/default/` folder uses it as is. A test checks this list against the
//! files in `themes/default/`, so adding a file there means adding a line here.

/// Every file of the default theme: its path under `themes/default/` and its bytes.
pub const FILES: &[(&str, &[u8])] = &[
    (
        "charts.toml",
        include_bytes!("../themes/default/charts.toml"),
    ),
    (
        "static/css/site.css",
        include_bytes!("../themes/default/static/css/site.css"),
    ),
    (
        "static/favicon.svg",
        include_bytes!("../themes/default/static/favicon.svg"),
    ),
    (
        "static/js/reading.js",
        include_bytes!("../themes/default/static/js/reading.js"),
    ),
    (
        "templates/404.html",
        include_bytes!("../themes/default/templates/404.html"),
    ),
    (
        "templates/article.html",
        include_bytes!("../themes/default/templates/article.html"),
    ),
    (
        "templates/base.html",
        include_bytes!("../themes/default/templates/base.html"),
    ),
    (
        "templates/county.html",
        include_bytes!("../themes/default/templates/county.html"),
    ),
    (
        "templates/discipline.html",
        include_bytes!("../themes/default/templates/discipline.html"),
    ),
    (
        "templates/home.html",
        include_bytes!("../themes/default/templates/home.html"),
    ),
    (
        "templates/list.html",
        include_bytes!("../themes/default/templates/list.html"),
    ),
    (
        "templates/partials/cards.html",
        include_bytes!("../themes/default/templates/partials/cards.html"),
    ),
    (
        "templates/partials/change.html",
        include_bytes!("../themes/default/templates/partials/change.html"),
    ),
    (
        "templates/partials/chart.html",
        include_bytes!("../themes/default/templates/partials/chart.html"),
    ),
    (
        "templates/partials/reporting.html",
        include_bytes!("../themes/default/templates/partials/reporting.html"),
    ),
    (
        "templates/qa.html",
        include_bytes!("../themes/default/templates/qa.html"),
    ),
    (
        "templates/ranking.html",
        include_bytes!("../themes/default/templates/ranking.html"),
    ),
    (
        "templates/region.html",
        include_bytes!("../themes/default/templates/region.html"),
    ),
    (
        "templates/search.html",
        include_bytes!("../themes/default/templates/search.html"),
    ),
];

/// The default theme's name in `site.toml`.
pub const NAME: &str = "default";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_list_matches_the_theme_folder() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let mut on_disk: Vec<String> = crate::load::theme::read_tree(&dir)
            .expect("read themes/default")
            .into_iter()
            .map(|f| f.name)
            .collect();
        on_disk.sort();
        let mut embedded: Vec<String> = FILES.iter().map(|(name, _)| (*name).to_string()).collect();
        embedded.sort();
        assert_eq!(
            embedded, on_disk,
            "update src/theme_default.rs to list every file of themes/default"
        );
        for (name, bytes) in FILES {
            let disk = std::fs::read(dir.join(name)).expect("read theme file");
            assert_eq!(&disk, bytes, "{name}");
        }
    }
}
