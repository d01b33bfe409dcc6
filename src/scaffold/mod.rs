//! The files `qingfeng init` and `qingfeng new` write: templates with every field commented
//! in Chinese, filled in here as text (no IO).

use crate::model::date::Date;

const SITE_TOML: &str = include_str!("site.toml");
const CITY_YAML: &str = include_str!("city.yaml");
const COUNTY_YAML: &str = include_str!("county.yaml");
const COUNTY_MD: &str = include_str!("county.md");
const ARTICLE_MD: &str = include_str!("article.md");

/// One file to write: its path relative to the site's root, and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScaffoldFile {
    /// '/'-separated path under the site's root.
    pub path: String,
    /// Its contents.
    pub text: String,
}

fn fill(template: &str, pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .fold(template.to_string(), |text, (key, value)| {
            text.replace(key, value)
        })
}

/// A placeholder county, valid as it is: `content/counties/SLUG.yaml` and `SLUG.md`.
pub fn county(slug: &str, name: &str, date: Date) -> Vec<ScaffoldFile> {
    let date = date.to_string();
    let pairs = [
        ("__SLUG__", slug),
        ("__NAME__", name),
        ("__DATE__", date.as_str()),
    ];
    vec![
        ScaffoldFile {
            path: format!("content/counties/{slug}.yaml"),
            text: fill(COUNTY_YAML, &pairs),
        },
        ScaffoldFile {
            path: format!("content/counties/{slug}.md"),
            text: fill(COUNTY_MD, &pairs),
        },
    ]
}

/// An article: `content/articles/SLUG.md`.
pub fn article(slug: &str, title: &str, date: Date) -> ScaffoldFile {
    let date = date.to_string();
    ScaffoldFile {
        path: format!("content/articles/{slug}.md"),
        text: fill(
            ARTICLE_MD,
            &[("__TITLE__", title), ("__DATE__", date.as_str())],
        ),
    }
}

/// A whole new site: settings, the city, one county with its narrative, one article.
pub fn site(date: Date) -> Vec<ScaffoldFile> {
    let year = date.year.to_string();
    let date_text = date.to_string();
    let mut files = vec![
        ScaffoldFile {
            path: "site.toml".into(),
            text: SITE_TOML.to_string(),
        },
        ScaffoldFile {
            path: "content/city.yaml".into(),
            text: fill(
                CITY_YAML,
                &[
                    ("__YEAR__", year.as_str()),
                    ("__DATE__", date_text.as_str()),
                ],
            ),
        },
    ];
    files.extend(county("shili", "示例县", date));
    files.push(article("kailan", "换届数据专题开栏", date));
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_all_filled() {
        let date = Date::parse("2026-03-01").expect("date");
        for f in site(date) {
            assert!(!f.text.contains("__"), "{} keeps a placeholder", f.path);
        }
        assert!(site(date)[1].text.contains("year: 2026"));
    }
}
