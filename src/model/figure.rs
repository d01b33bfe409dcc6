//! Typed figures: for every figure qingfeng computes, its unit, whether it is a level or a
//! change against the previous term, and for a share the whole it is taken of. Wording
//! (`13.9%`, `下降2.9岁`, `提高1.2个百分点`, `增加2人`) is chosen from these types here,
//! never from a key's name; cards, captions, figure references in Markdown and `check`'s
//! share rule all ask this table.

use foldhash::fast::FixedState;
use serde_json::Value;

/// How a figure is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// A number of people or divisions: a whole number.
    Count,
    /// An age in years: one decimal when it is an average (47.1), whole when counted (33).
    Years,
    /// A share in percent, one decimal (13.9%); its change is in percentage points.
    Percent,
}

/// Whether a figure is a level, or a change against the previous term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// How many, how old, what share: now.
    Level,
    /// Now minus the previous term.
    Change,
}

/// What a share is taken of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Whole {
    /// 班子成员: the members of the new leadership team.
    Members,
    /// 党政班子: the party and government team.
    PartyGovernmentTeam,
    /// 提拔干部: those promoted in this election.
    Promoted,
}

impl Whole {
    /// The figure that counts the whole.
    pub fn path(self) -> &'static str {
        match self {
            Whole::Members => "members",
            Whole::PartyGovernmentTeam => "party_government_team",
            Whole::Promoted => "promoted",
        }
    }

    /// Its name in prose.
    pub fn label(self) -> &'static str {
        match self {
            Whole::Members => "班子成员",
            Whole::PartyGovernmentTeam => "党政班子",
            Whole::Promoted => "提拔干部",
        }
    }
}

/// One figure of the table: where it is in a summary object and what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FigureType {
    /// Its dotted path in a county's or the city's summary object.
    pub path: &'static str,
    /// How it is measured.
    pub unit: Unit,
    /// Level or change.
    pub measure: Measure,
    /// For a share: the figure counted, and the whole it is a share of.
    pub share_of: Option<(&'static str, Whole)>,
}

const fn level(path: &'static str, unit: Unit) -> FigureType {
    FigureType {
        path,
        unit,
        measure: Measure::Level,
        share_of: None,
    }
}

const fn change(path: &'static str, unit: Unit) -> FigureType {
    FigureType {
        path,
        unit,
        measure: Measure::Change,
        share_of: None,
    }
}

const fn share(path: &'static str, count: &'static str, whole: Whole) -> FigureType {
    FigureType {
        path,
        unit: Unit::Percent,
        measure: Measure::Level,
        share_of: Some((count, whole)),
    }
}

use Unit::{Count, Percent, Years};

/// Every figure a county's or the city's summary object holds, in its order.
pub const FIGURE_TYPES: &[FigureType] = &[
    level("divisions", Count),
    level("national_poverty_counties", Count),
    level("members", Count),
    level("college_or_above", Count),
    level("education.postgraduate", Count),
    level("education.undergraduate", Count),
    level("education.college", Count),
    level("education.below_college", Count),
    level("women", Count),
    level("women_principal", Count),
    level("non_party", Count),
    level("non_party_government", Count),
    level("township_principal_experience", Count),
    level("township_principal_leaders", Count),
    level("under_42", Count),
    level("around_35", Count),
    level("youngest", Years),
    level("principal_around_40", Count),
    level("average_age", Years),
    level("average_age_previous", Years),
    change("average_age_change", Years),
    level("age_bands.up_to_35", Count),
    level("age_bands.from_36_to_40", Count),
    level("age_bands.from_41_to_45", Count),
    level("age_bands.from_46_to_50", Count),
    level("age_bands.from_51", Count),
    level("party_government_team", Count),
    level("local_cadres", Count),
    level("party_government_women", Count),
    level("promoted", Count),
    level("promoted_from_county", Count),
    level("promoted_other", Count),
    level("promoted_township_principals", Count),
    level("agricultural_experts", Count),
    level("ethnic_minority", Count),
    level("grassroots_experience", Count),
    share(
        "shares.college_or_above",
        "college_or_above",
        Whole::Members,
    ),
    share("shares.women", "women", Whole::Members),
    share("shares.non_party", "non_party", Whole::Members),
    share(
        "shares.township_principal_experience",
        "township_principal_experience",
        Whole::Members,
    ),
    share("shares.under_42", "under_42", Whole::Members),
    share("shares.ethnic_minority", "ethnic_minority", Whole::Members),
    share(
        "shares.grassroots_experience",
        "grassroots_experience",
        Whole::Members,
    ),
    share(
        "shares.local_cadres",
        "local_cadres",
        Whole::PartyGovernmentTeam,
    ),
    share(
        "shares.promoted_from_county",
        "promoted_from_county",
        Whole::Promoted,
    ),
    level("changes_over", Count),
    change("changes.average_age", Years),
    change("changes.members", Count),
    change("changes.women_share", Percent),
    change("changes.college_or_above_share", Percent),
    change("changes.non_party_share", Percent),
    change("changes.township_principal_experience_share", Percent),
];

/// The type of the figure at `path` of a summary object, if qingfeng computes one there.
pub fn figure_type(path: &str) -> Option<&'static FigureType> {
    // Asked for every leaf of every card a page shows: looked up, not searched.
    type ByPath = std::collections::HashMap<&'static str, &'static FigureType, FixedState>;
    static BY_PATH: std::sync::LazyLock<ByPath> =
        std::sync::LazyLock::new(|| FIGURE_TYPES.iter().map(|t| (t.path, t)).collect());
    BY_PATH.get(path).copied()
}

/// The figures qingfeng computes that the data may leave out (optional counts): absent,
/// they are unknown, not 0.
pub const OPTIONAL: &[&str] = &[
    "ethnic_minority",
    "grassroots_experience",
    "principal_around_40",
    "agricultural_experts",
];

/// What an unknown figure is written as: a dash, never 0 or 0.0%.
pub const UNKNOWN: &str = "—";

/// The optional counts, and their shares, that a summary object leaves out (unknown).
pub fn unknown_in(object: &Value) -> Vec<&'static str> {
    FIGURE_TYPES
        .iter()
        .filter(|t| {
            let counted = t.share_of.map_or(t.path, |(count, _)| count);
            OPTIONAL.contains(&counted)
        })
        .map(|t| t.path)
        .filter(|path| crate::model::lookup(object, path).is_none_or(Value::is_null))
        .collect()
}

impl FigureType {
    /// The figure written for prose: `value` as its type says (`value` is the number as
    /// the summary holds it, so a whole number stays whole).
    pub fn text(&self, value: &Value) -> Option<String> {
        let n = value.as_f64()?;
        Some(match (self.measure, self.unit) {
            (Measure::Level, Percent) => one_decimal(n) + "%",
            (Measure::Level, Count | Years) if value.is_f64() => one_decimal(n),
            (Measure::Level, Count | Years) => value.to_string(),
            (Measure::Change, unit) => change_in_words(unit, n),
        })
    }
}

/// A value of a summary object at `path`, written for prose: a computed figure as its type
/// says; an editor's figure (`{value, unit, over}`) as its value, `余` when it is a lower
/// bound; anything else as it is (是/否 for flags).
pub fn format_figure(path: &str, v: &Value) -> String {
    if let Some(obj) = v.as_object() {
        let value = obj
            .get("value")
            .map(|v| format_figure("", v))
            .unwrap_or_default();
        let over = obj.get("over").and_then(Value::as_bool).unwrap_or(false);
        return if over { format!("{value}余") } else { value };
    }
    if let Some(text) = figure_type(path).and_then(|t| t.text(v)) {
        return text;
    }
    match v {
        Value::String(s) => s.clone(),
        Value::Bool(true) => "是".into(),
        Value::Bool(false) => "否".into(),
        Value::Number(n) if v.is_f64() => one_decimal(n.as_f64().unwrap_or_default()),
        other => other.to_string(),
    }
}

/// "下降2.9岁", "提高1.2个百分点", "增加2人", "持平" (a word joiner, U+2060, between the
/// number and its unit).
pub fn change_in_words(unit: Unit, n: f64) -> String {
    if n == 0.0 {
        return "持平".into();
    }
    let a = n.abs();
    let up = n > 0.0;
    // A word joiner keeps the number with its unit at the end of a line.
    match unit {
        Years => format!(
            "{}{}\u{2060}岁",
            if up { "上升" } else { "下降" },
            one_decimal(a)
        ),
        Percent => format!(
            "{}{}\u{2060}个百分点",
            if up { "提高" } else { "下降" },
            one_decimal(a)
        ),
        Count => format!("{}{a}\u{2060}人", if up { "增加" } else { "减少" }),
    }
}

/// `n` with one decimal, exactly as `format!("{n:.1}")` writes it, without its slow path
/// for the numbers a summary holds: a value whose tenths are not near a tie is rounded as
/// an integer (the product's error is far below the margin), anything else is formatted.
pub fn one_decimal(n: f64) -> String {
    let tenths = n * 10.0;
    let fraction = tenths - tenths.trunc();
    if n.is_sign_positive() && tenths < 1e9 && (fraction - 0.5).abs() > 1e-6 {
        let r = tenths.round() as u64;
        return format!("{}.{}", r / 10, r % 10);
    }
    format!("{n:.1}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[track_caller]
    fn case(path: &str, value: Value, expected: &str) {
        let t = figure_type(path).unwrap_or_else(|| panic!("no figure {path}"));
        assert_eq!(t.text(&value).as_deref(), Some(expected), "{path}");
    }

    #[test]
    fn wording_follows_the_type() {
        case("shares.women", json!(13.9), "13.9%");
        case("shares.college_or_above", json!(100.0), "100.0%");
        case("average_age", json!(47.1), "47.1");
        case("youngest", json!(33), "33");
        case("members", json!(445), "445");
        case("average_age_change", json!(-2.9), "下降2.9\u{2060}岁");
        case("changes.average_age", json!(0.4), "上升0.4\u{2060}岁");
        case("changes.women_share", json!(2.9), "提高2.9\u{2060}个百分点");
        case(
            "changes.non_party_share",
            json!(-0.5),
            "下降0.5\u{2060}个百分点",
        );
        case("changes.members", json!(2), "增加2\u{2060}人");
        case("changes.members", json!(-1), "减少1\u{2060}人");
        case("changes.members", json!(0), "持平");
    }

    #[test]
    fn one_decimal_writes_what_the_formatter_writes() {
        let mut cases = vec![
            0.0,
            -0.0,
            0.05,
            0.15,
            0.25,
            0.35,
            0.45,
            0.95,
            2.25,
            6.25,
            47.65,
            96.55172413793103,
            99.95,
            100.0,
            1e8 + 0.05,
            1e9,
            1e12,
            -2.5,
            -0.04,
            f64::NAN,
            f64::INFINITY,
            1e-9,
        ];
        // Every hundredth from 0 to 200, and thirds and sevenths, as shares come out.
        cases.extend((0..20_000).map(|i| f64::from(i) / 100.0));
        cases.extend((0..3_000).map(|i| f64::from(i) / 3.0));
        cases.extend((0..3_000).map(|i| f64::from(i) * 100.0 / 7.0));
        for n in cases {
            assert_eq!(one_decimal(n), format!("{n:.1}"), "{n:?}");
        }
    }

    #[test]
    fn a_key_naming_age_is_not_years_unless_typed_so() {
        // `average_age_previous` is a level: it is written as a number, not as a change.
        case("average_age_previous", json!(50.4), "50.4");
        assert_eq!(figure_type("young_cadres.total"), None);
    }

    #[test]
    fn every_share_names_its_count_and_whole() {
        for t in FIGURE_TYPES
            .iter()
            .filter(|t| t.path.starts_with("shares."))
        {
            let (count, whole) = t.share_of.unwrap_or_else(|| panic!("{}", t.path));
            assert!(figure_type(count).is_some(), "{count}");
            assert!(figure_type(whole.path()).is_some(), "{}", whole.path());
        }
    }
}
