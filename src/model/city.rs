//! The city's own figures (`content/city.yaml`): what is not a sum of counties, and the
//! totals the column states, which must equal the sums.

use serde::{Deserialize, Serialize};

use super::county::is_valid_slug;
use super::date::Date;
use super::rules::{Checker, ItemStep};

/// `content/city.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CityData {
    /// The city's name, e.g. 临汾市.
    pub name: String,
    /// A shorter name for charts and compact lists, e.g. 临汾 (optional).
    #[serde(default)]
    pub short_name: Option<String>,
    /// What kind of region it is, for headings: 市, 省, 国 (the root's defaults to 市).
    #[serde(default)]
    pub level: Option<String>,
    /// Where a region comes among its siblings (smaller first; then by folder name).
    #[serde(default)]
    pub order: Option<u32>,
    /// The year of the elections.
    pub year: u16,
    /// When the elections were completed.
    pub date: Date,
    /// Totals stated in the column: each must equal the sum over the counties.
    #[serde(default, deserialize_with = "unique_keys")]
    pub expected: serde_json::Map<String, serde_json::Value>,
    /// Young cadres selected through the "ten gates".
    #[serde(default)]
    pub young_cadres: Option<YoungCadres>,
    /// City-level figures, grouped.
    #[serde(default)]
    pub sections: Vec<Section>,
    /// The discipline rules the column publishes (e.g. 九个严禁).
    #[serde(default)]
    pub discipline_rules: Option<DisciplineRules>,
    /// Where to report violations.
    #[serde(default)]
    pub reporting: Vec<ReportingChannel>,
}

/// A mapping whose keys are each written once (serde would keep the last of two).
fn unique_keys<'de, D>(
    deserializer: D,
) -> Result<serde_json::Map<String, serde_json::Value>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    struct Visitor;
    impl<'de> serde::de::Visitor<'de> for Visitor {
        type Value = serde_json::Map<String, serde_json::Value>;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a mapping of `key: total` lines")
        }

        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            let mut out = serde_json::Map::new();
            while let Some((key, value)) = map.next_entry::<String, serde_json::Value>()? {
                if out.contains_key(&key) {
                    return Err(serde::de::Error::custom(format_args!(
                        "duplicate key `{key}`"
                    )));
                }
                out.insert(key, value);
            }
            Ok(out)
        }
    }
    deserializer.deserialize_map(Visitor)
}

/// Young cadres selected through the "ten gates", by origin.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct YoungCadres {
    /// The heading.
    #[serde(default)]
    pub title: String,
    /// How many in all; must equal the sum of origins.
    pub total: u32,
    /// By origin.
    pub origins: Vec<Origin>,
}

/// One origin of young cadres.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Origin {
    /// Reference key.
    pub key: String,
    /// Chinese label.
    pub label: String,
    /// How many.
    pub count: u32,
}

/// A group of city-level figures.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Reference key, e.g. `vetting`.
    pub key: String,
    /// Heading, e.g. 严把关口.
    pub title: String,
    /// The figures.
    pub figures: Vec<CityFigure>,
}

/// One city-level figure.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CityFigure {
    /// Reference key.
    pub key: String,
    /// What it counts.
    pub label: String,
    /// The number.
    pub value: u64,
    /// Its unit, e.g. 人, 个, 册.
    #[serde(default)]
    pub unit: String,
    /// "Over" the value (余).
    #[serde(default)]
    pub over: bool,
}

/// A published list of discipline rules.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DisciplineRules {
    /// E.g. 九个严禁.
    pub title: String,
    /// The year it was issued.
    #[serde(default)]
    pub year: Option<u16>,
    /// The rules.
    pub rules: Vec<DisciplineRule>,
}

/// One rule and what breaking it costs.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DisciplineRule {
    /// The rule.
    pub text: String,
    /// The sanction.
    #[serde(default)]
    pub sanction: String,
}

/// A reporting line.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReportingChannel {
    /// The number, e.g. 12380.
    pub number: String,
    /// Who runs it.
    pub owner: String,
    /// By which means reports are taken.
    #[serde(default)]
    pub channels: Vec<String>,
    /// When reports are taken.
    #[serde(default)]
    pub hours: String,
    /// The reporting website, e.g. `http://www.12380.gov.cn`.
    #[serde(default)]
    pub website: Option<String>,
    /// The number reports can be sent to by SMS.
    #[serde(default)]
    pub sms: Option<String>,
}

impl CityData {
    /// Checks the city's own rules (not the totals, which need the counties).
    pub fn check(&self, c: &mut Checker<'_>) {
        if let Some(y) = &self.young_cadres {
            let sum: u64 = y.origins.iter().map(|o| u64::from(o.count)).sum();
            if sum != u64::from(y.total) {
                c.error(
                    "young_cadres.total",
                    crate::t!(
                        "is {}, but the origins add up to {sum}",
                        "是 {}，但各来源相加为 {sum}",
                        y.total
                    ),
                    crate::messages::Text::both(
                        "make the origins add up to the total",
                        "请使各来源人数相加等于总数",
                    ),
                );
            }
            let keys: Vec<&str> = y.origins.iter().map(|o| o.key.as_str()).collect();
            check_keys(c, "young_cadres.origins", &[], &keys);
            let labels = y.origins.iter().map(|o| (o.key.as_str(), o.label.as_str()));
            check_labels(c, "young_cadres.origins", &[], labels);
            for reserved in keys
                .iter()
                .filter(|k| ["title", "total", "origins"].contains(k))
            {
                c.error(
                    "young_cadres.origins",
                    crate::t!(
                        "origin key `{reserved}` is reserved",
                        "来源键 `{reserved}` 是保留字"
                    ),
                    crate::messages::Text::both(
                        "give the origin another key, e.g. `county_units`",
                        "请给该来源另取一个键，例如 `county_units`",
                    ),
                );
            }
        }
        let keys: Vec<&str> = self.sections.iter().map(|s| s.key.as_str()).collect();
        check_keys(c, "sections", &[], &keys);
        for r in &self.reporting {
            if let Some(site) = &r.website
                && !(site.starts_with("http://") || site.starts_with("https://"))
            {
                c.error(
                    "reporting",
                    crate::t!(
                        "the website `{site}` is not a web address",
                        "网站 `{site}` 不是网址"
                    ),
                    crate::messages::Text::both(
                        "write it with http:// or https://, e.g. http://www.12380.gov.cn",
                        "请以 http:// 或 https:// 开头，例如 http://www.12380.gov.cn",
                    ),
                );
            }
            let dialable = |n: &str| {
                !n.is_empty() && n.chars().all(|c| c.is_ascii_digit() || "+- ".contains(c))
            };
            for number in std::iter::once(&r.number).chain(&r.sms) {
                if !dialable(number) {
                    c.error(
                        "reporting",
                        crate::t!("`{number}` is not a number a phone can dial", "`{number}` 不是可拨打的电话号码"),
                        crate::messages::Text::both("write digits only, e.g. \"12380\" (a leading + and spaces or - are allowed)", "只写数字，例如 \"12380\"（可以有开头的 + 以及空格或 -）"),
                    );
                }
            }
        }
        check_labels(
            c,
            "sections",
            &[],
            self.sections
                .iter()
                .map(|s| (s.key.as_str(), s.title.as_str())),
        );
        for (i, s) in self.sections.iter().enumerate() {
            // A figure is found below its own section (the `nth` with that key).
            let nth = self.sections[..i].iter().filter(|o| o.key == s.key).count();
            let section = [("key", s.key.as_str(), nth)];
            let keys: Vec<&str> = s.figures.iter().map(|f| f.key.as_str()).collect();
            check_keys(c, "sections", &section, &keys);
            let labels = s.figures.iter().map(|f| (f.key.as_str(), f.label.as_str()));
            check_labels(c, "sections", &section, labels);
            if ["young_cadres", "expected", "shares", "changes"].contains(&s.key.as_str()) {
                c.error(
                    "sections",
                    crate::t!(
                        "section key `{}` is reserved",
                        "栏目键 `{}` 是保留字",
                        s.key
                    ),
                    crate::messages::Text::both("choose another key", "请另取一个键"),
                );
            }
        }
    }
}

/// Every entry of the list at `at`, as (key, label or title), has words to show: the label
/// heads its column in the page's table and names its bar in the chart.
/// (`within`: the steps to the item holding the list, for a list inside an item.)
fn check_labels<'k>(
    c: &mut Checker<'_>,
    at: &str,
    within: &[ItemStep<'_>],
    entries: impl Iterator<Item = (&'k str, &'k str)>,
) {
    let mut seen: Vec<&str> = Vec::new();
    for (key, label) in entries {
        let nth = seen.iter().filter(|s| **s == key).count();
        seen.push(key);
        if label.trim().is_empty() {
            c.error_at_item(
                at,
                &[within, &[("key", key, nth)]].concat(),
                crate::t!(
                    "the entry `{key}` has an empty label or title",
                    "`{key}` 这一项的名称（label 或 title）是空的"
                ),
                crate::messages::Text::both(
                    "write what it counts, e.g. label: 乡镇党政正职 (it heads its column in the page's table and names its bar in the chart)",
                    "请写明统计的是什么，例如 label: 乡镇党政正职（它是网页表格的列名，也是图表中柱子的名称）",
                ),
            );
        }
    }
}

/// Every key of the list at `at` (inside the item `within` leads to) is a reference key,
/// and used once; each problem is placed at the key.
fn check_keys(c: &mut Checker<'_>, at: &str, within: &[ItemStep<'_>], keys: &[&str]) {
    for (i, k) in keys.iter().enumerate() {
        let before = keys[..i].iter().filter(|b| *b == k).count();
        let steps = [within, &[("key", k, before)]].concat();
        let ok = is_valid_slug(&k.replace('_', "-"));
        if !ok {
            c.error_at_item(
                at,
                &steps,
                crate::t!(
                    "key `{k}` is not a valid reference key",
                    "键 `{k}` 不能用作引用键"
                ),
                crate::messages::Text::both(
                    "use lowercase ASCII letters, digits and '_'",
                    "只能用小写英文字母、数字和“_”",
                ),
            );
        }
        if before > 0 {
            c.error_at_item(
                at,
                &steps,
                crate::t!("key `{k}` is used twice", "键 `{k}` 用了两次"),
                crate::messages::Text::both("give each entry its own key", "请为每一项取不同的键"),
            );
        }
    }
}
