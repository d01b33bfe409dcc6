//! The city's own figures (`content/city.yaml`): what is not a sum of counties, and the
//! totals the column states, which must equal the sums.

use serde::{Deserialize, Serialize};

use super::county::is_valid_slug;
use super::date::Date;
use super::rules::Checker;

/// `content/city.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CityData {
    /// The city's name, e.g. 临汾市.
    pub name: String,
    /// A shorter name for charts and compact lists, e.g. 临汾 (optional).
    #[serde(default)]
    pub short_name: Option<String>,
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
                    format!("is {}, but the origins add up to {sum}", y.total),
                    "make the origins add up to the total",
                );
            }
            let keys: Vec<&str> = y.origins.iter().map(|o| o.key.as_str()).collect();
            check_keys(c, "young_cadres.origins", &keys);
            for reserved in keys
                .iter()
                .filter(|k| ["title", "total", "origins"].contains(k))
            {
                c.error(
                    "young_cadres.origins",
                    format!("origin key `{reserved}` is reserved"),
                    "give the origin another key, e.g. `county_units`",
                );
            }
        }
        let keys: Vec<&str> = self.sections.iter().map(|s| s.key.as_str()).collect();
        check_keys(c, "sections", &keys);
        for r in &self.reporting {
            if let Some(site) = &r.website
                && !(site.starts_with("http://") || site.starts_with("https://"))
            {
                c.error(
                    "reporting",
                    format!("the website `{site}` is not a web address"),
                    "write it with http:// or https://, e.g. http://www.12380.gov.cn",
                );
            }
            let dialable = |n: &str| {
                !n.is_empty() && n.chars().all(|c| c.is_ascii_digit() || "+- ".contains(c))
            };
            for number in std::iter::once(&r.number).chain(&r.sms) {
                if !dialable(number) {
                    c.error(
                        "reporting",
                        format!("`{number}` is not a number a phone can dial"),
                        "write digits only, e.g. \"12380\" (a leading + and spaces or - are allowed)",
                    );
                }
            }
        }
        for s in &self.sections {
            let keys: Vec<&str> = s.figures.iter().map(|f| f.key.as_str()).collect();
            check_keys(c, "sections", &keys);
            if ["young_cadres", "expected", "shares", "changes"].contains(&s.key.as_str()) {
                c.error(
                    "sections",
                    format!("section key `{}` is reserved", s.key),
                    "choose another key",
                );
            }
        }
    }
}

fn check_keys(c: &mut Checker<'_>, at: &str, keys: &[&str]) {
    for (i, k) in keys.iter().enumerate() {
        let ok = is_valid_slug(&k.replace('_', "-"));
        if !ok {
            c.error(
                at,
                format!("key `{k}` is not a valid reference key"),
                "use lowercase ASCII letters, digits and '_'",
            );
        }
        if keys[..i].contains(k) {
            c.error(
                at,
                format!("key `{k}` is used twice"),
                "give each entry its own key",
            );
        }
    }
}
