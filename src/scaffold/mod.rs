//! The files `qingfeng init` and `qingfeng new` write: templates with every field commented
//! in Chinese, filled in here as text (no IO).

use crate::model::date::Date;

const SITE_TOML: &str = include_str!("site.toml");
const CITY_YAML: &str = include_str!("city.yaml");
const COUNTY_YAML: &str = include_str!("county.yaml");
const COUNTY_MD: &str = include_str!("county.md");
const ARTICLE_MD: &str = include_str!("article.md");
const REGION_YAML: &str = include_str!("region.yaml");
const REGION_MD: &str = include_str!("region.md");

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
    county_in("", slug, name, date)
}

/// `content/counties/FOLDER/` (a region's folder, '/'-separated; empty for the root's own).
fn counties_folder(folder: &str) -> String {
    if folder.is_empty() {
        "content/counties".into()
    } else {
        format!("content/counties/{folder}")
    }
}

/// A placeholder county in the region whose folder is `folder` (under content/counties/;
/// empty for the root's own).
pub fn county_in(folder: &str, slug: &str, name: &str, date: Date) -> Vec<ScaffoldFile> {
    let dir = counties_folder(folder);
    let date = date.to_string();
    let pairs = [
        ("__SLUG__", slug),
        ("__NAME__", name),
        ("__DATE__", date.as_str()),
    ];
    // The kind its name ends in (安丘市 is a 市), else 县.
    let kind = match name.chars().last() {
        Some('市') => "市",
        Some('区') => "区",
        _ => "县",
    };
    vec![
        ScaffoldFile {
            path: format!("{dir}/{slug}.yaml"),
            text: fill(COUNTY_YAML, &pairs).replacen(
                "\nkind: 县\n",
                &format!("\nkind: {kind}\n"),
                1,
            ),
        },
        ScaffoldFile {
            path: format!("{dir}/{slug}.md"),
            text: fill(COUNTY_MD, &pairs),
        },
    ]
}

/// A region of a nested site in the region whose folder is `folder` (empty: under the
/// root): `content/counties/…/SLUG/_index.yaml` and `_index.md`.
pub fn region(folder: &str, slug: &str, name: &str, level: &str, date: Date) -> Vec<ScaffoldFile> {
    let dir = format!("{}/{slug}", counties_folder(folder));
    let (year, date) = (date.year.to_string(), date.to_string());
    let pairs = [
        ("__NAME__", name),
        ("__LEVEL__", level),
        ("__YEAR__", year.as_str()),
        ("__DATE__", date.as_str()),
    ];
    vec![
        ScaffoldFile {
            path: format!("{dir}/_index.yaml"),
            text: fill(REGION_YAML, &pairs),
        },
        ScaffoldFile {
            path: format!("{dir}/_index.md"),
            text: fill(REGION_MD, &pairs),
        },
    ]
}

/// The levels qingfeng knows, as `level:` words, from the highest down.
pub const LEVEL_WORDS: &[&str] = &["国", "省", "市", "县"];

/// The Chinese word of a level given on the command line (`province` or `省`); `None` for
/// one qingfeng does not know.
pub fn level_word(level: &str) -> Option<&'static str> {
    Some(match level.trim() {
        "country" | "nation" | "国" | "全国" => "国",
        "province" | "省" => "省",
        "prefecture" | "city" | "市" | "地" | "州" | "盟" => "市",
        "county" | "县" | "区" | "district" => "县",
        _ => return None,
    })
}

/// A new nested site: the root at the first of `levels` (its `level`), one example region
/// at each inner level, each inside the one before, and the example county in the last.
/// `levels` are `level:` words ([`level_word`], or another name such as 片区), the last `县`.
pub fn nested_site(date: Date, levels: &[&str]) -> Vec<ScaffoldFile> {
    let mut files = site(date);
    let (Some(root), Some((_, inner))) = (levels.first(), levels.split_last()) else {
        return files;
    };
    let root_name = format!("示例{root}");
    if let Some(city) = files.iter_mut().find(|f| f.path == "content/city.yaml") {
        city.text = city
            .text
            .replace(
                "name: 示例市",
                &format!("name: {root_name}\n# 级别\nlevel: {root}"),
            )
            .replace("全市", &crate::model::region::whole_word(Some(root)));
    }
    let mut folder = String::new();
    for (depth, level) in inner.iter().enumerate().skip(1) {
        let slug = format!("shili-{depth}");
        files.extend(region(&folder, &slug, &format!("示例{level}"), level, date));
        folder = if folder.is_empty() {
            slug
        } else {
            format!("{folder}/{slug}")
        };
    }
    // The example county moves into the innermost region.
    for f in &mut files {
        if let Some(name) = f.path.strip_prefix("content/counties/shili.") {
            f.path = format!("{}/shili.{name}", counties_folder(&folder));
        }
    }
    files
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
