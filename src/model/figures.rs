//! The figures of a county or of the whole city: counts summed, shares and changes
//! computed. Plain data; this is what `data/summary.json` holds.

use serde::Serialize;

use super::county::{AgeBands, CountyData, Education};

/// Raw sums over one or more counties, before anything is divided.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    divisions: u64,
    poverty_counties: u64,
    members: u64,
    ethnic_minority: Option<u64>,
    grassroots_experience: Option<u64>,
    education: [u64; 4],
    bands: [u64; 5],
    under_42: u64,
    around_35: u64,
    principal_around_40: Option<u64>,
    youngest: Option<u32>,
    /// Σ average age in tenths of a year × members: exact.
    age_tenths: u64,
    women: u64,
    women_principal: u64,
    non_party: u64,
    non_party_government: u64,
    township: u64,
    township_leaders: u64,
    party_government_team: u64,
    local_cadres: u64,
    party_government_women: u64,
    promoted: u64,
    from_county: u64,
    township_principals: u64,
    agricultural_experts: Option<u64>,
    previous: Option<PreviousTally>,
}

/// Sums of the previous term's figures over the counties that give one, with the same
/// counties' figures now (changes compare like with like); a field is `None` once any of
/// those counties lacks it.
#[derive(Debug, Clone, Default)]
struct PreviousTally {
    /// How many counties give a previous term.
    divisions: u64,
    members: u64,
    age_tenths: u64,
    women: Option<u64>,
    college_or_above: Option<u64>,
    non_party: Option<u64>,
    township: Option<u64>,
    /// The same counties now.
    now: NowTally,
}

/// The figures now of the counties that give a previous term.
#[derive(Debug, Clone, Default)]
struct NowTally {
    members: u64,
    age_tenths: u64,
    women: u64,
    college_or_above: u64,
    non_party: u64,
    township: u64,
}

impl PreviousTally {
    fn add(self, o: &PreviousTally) -> PreviousTally {
        PreviousTally {
            divisions: self.divisions + o.divisions,
            members: self.members + o.members,
            age_tenths: self.age_tenths + o.age_tenths,
            women: add_opt(self.women, o.women),
            college_or_above: add_opt(self.college_or_above, o.college_or_above),
            non_party: add_opt(self.non_party, o.non_party),
            township: add_opt(self.township, o.township),
            now: NowTally {
                members: self.now.members + o.now.members,
                age_tenths: self.now.age_tenths.saturating_add(o.now.age_tenths),
                women: self.now.women + o.now.women,
                college_or_above: self.now.college_or_above + o.now.college_or_above,
                non_party: self.now.non_party + o.now.non_party,
                township: self.now.township + o.now.township,
            },
        }
    }
}

fn tenths(years: f64) -> u64 {
    if years.is_finite() && years > 0.0 {
        (years * 10.0).round() as u64
    } else {
        0
    }
}

fn add_opt(a: Option<u64>, b: Option<u64>) -> Option<u64> {
    Some(a? + b?)
}

impl Tally {
    /// The tally of one county.
    pub fn of(c: &CountyData) -> Tally {
        let m = u64::from(c.members);
        let e: &Education = &c.education;
        let b: &AgeBands = &c.age.bands;
        Tally {
            divisions: 1,
            poverty_counties: u64::from(c.national_poverty_county),
            members: m,
            ethnic_minority: c.ethnic_minority.map(u64::from),
            grassroots_experience: c.grassroots_experience.map(u64::from),
            education: [e.postgraduate, e.undergraduate, e.college, e.below_college].map(u64::from),
            bands: [
                b.up_to_35,
                b.from_36_to_40,
                b.from_41_to_45,
                b.from_46_to_50,
                b.from_51,
            ]
            .map(u64::from),
            under_42: c.age.under_42.into(),
            around_35: c.age.around_35.into(),
            principal_around_40: c.age.principal_around_40.map(u64::from),
            youngest: Some(c.age.youngest),
            age_tenths: tenths(c.age.average).saturating_mul(m),
            women: c.women.count.into(),
            women_principal: c.women.principal.into(),
            non_party: c.non_party.count.into(),
            non_party_government: c.non_party.government.into(),
            township: c.township_principal_experience.members.into(),
            township_leaders: c.township_principal_experience.principal_leaders.into(),
            party_government_team: c.party_government_team.members.into(),
            local_cadres: c.party_government_team.local_cadres.into(),
            party_government_women: c.party_government_team.women.into(),
            promoted: c.promotions.promoted.into(),
            from_county: c.promotions.from_county.into(),
            township_principals: c.promotions.township_principals.into(),
            agricultural_experts: c.promotions.agricultural_experts.map(u64::from),
            previous: c.previous.as_ref().map(|p| PreviousTally {
                divisions: 1,
                now: NowTally {
                    members: m,
                    age_tenths: tenths(c.age.average).saturating_mul(m),
                    women: c.women.count.into(),
                    college_or_above: u64::from(e.postgraduate)
                        + u64::from(e.undergraduate)
                        + u64::from(e.college),
                    non_party: c.non_party.count.into(),
                    township: c.township_principal_experience.members.into(),
                },
                members: p.members.into(),
                age_tenths: tenths(p.average_age).saturating_mul(u64::from(p.members)),
                women: p.women.map(u64::from),
                college_or_above: p.college_or_above.map(u64::from),
                non_party: p.non_party.map(u64::from),
                township: p.township_principal_experience.map(u64::from),
            }),
        }
    }

    /// The sum of many tallies; the previous term over those that give one.
    pub fn sum<'a>(tallies: impl IntoIterator<Item = &'a Tally>) -> Tally {
        let mut it = tallies.into_iter();
        let Some(first) = it.next() else {
            return Tally::default();
        };
        it.fold(first.clone(), |mut t, o| {
            t.divisions += o.divisions;
            t.poverty_counties += o.poverty_counties;
            t.members += o.members;
            t.ethnic_minority = add_opt(t.ethnic_minority, o.ethnic_minority);
            t.grassroots_experience = add_opt(t.grassroots_experience, o.grassroots_experience);
            for (a, b) in t.education.iter_mut().zip(o.education) {
                *a += b;
            }
            for (a, b) in t.bands.iter_mut().zip(o.bands) {
                *a += b;
            }
            t.under_42 += o.under_42;
            t.around_35 += o.around_35;
            t.principal_around_40 = add_opt(t.principal_around_40, o.principal_around_40);
            t.youngest = match (t.youngest, o.youngest) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            t.age_tenths = t.age_tenths.saturating_add(o.age_tenths);
            t.women += o.women;
            t.women_principal += o.women_principal;
            t.non_party += o.non_party;
            t.non_party_government += o.non_party_government;
            t.township += o.township;
            t.township_leaders += o.township_leaders;
            t.party_government_team += o.party_government_team;
            t.local_cadres += o.local_cadres;
            t.party_government_women += o.party_government_women;
            t.promoted += o.promoted;
            t.from_county += o.from_county;
            t.township_principals += o.township_principals;
            t.agricultural_experts = add_opt(t.agricultural_experts, o.agricultural_experts);
            t.previous = match (t.previous.take(), &o.previous) {
                (Some(a), Some(b)) => Some(a.add(b)),
                (a, b) => a.or_else(|| b.clone()),
            };
            t
        })
    }
}

/// A share in percent with one decimal, rounded half up, computed in whole numbers.
pub fn share(count: u64, whole: u64) -> Option<f64> {
    if whole == 0 {
        return None;
    }
    let tenths = (count * 2000 + whole) / (2 * whole);
    Some(tenths as f64 / 10.0)
}

/// Rounds to one decimal.
pub fn round1(x: f64) -> f64 {
    let r = (x * 10.0).round() / 10.0;
    if r == 0.0 { 0.0 } else { r }
}

/// Members by highest degree.
#[derive(Debug, Clone, Serialize)]
pub struct EducationFigures {
    /// 研究生.
    pub postgraduate: u64,
    /// 本科.
    pub undergraduate: u64,
    /// 大专.
    pub college: u64,
    /// 中专及以下.
    pub below_college: u64,
}

/// Members by age band.
#[derive(Debug, Clone, Serialize)]
pub struct AgeBandFigures {
    /// 35岁以下.
    pub up_to_35: u64,
    /// 36–40岁.
    pub from_36_to_40: u64,
    /// 41–45岁.
    pub from_41_to_45: u64,
    /// 46–50岁.
    pub from_46_to_50: u64,
    /// 51岁以上.
    pub from_51: u64,
}

/// Shares in percent, one decimal.
#[derive(Debug, Clone, Serialize)]
pub struct Shares {
    /// 大专以上 of members.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub college_or_above: Option<f64>,
    /// Women of members.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub women: Option<f64>,
    /// Non-party of members.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub non_party: Option<f64>,
    /// Township-principal experience of members.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub township_principal_experience: Option<f64>,
    /// Under 42 of members.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub under_42: Option<f64>,
    /// Ethnic minority of members.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ethnic_minority: Option<f64>,
    /// Grassroots experience of members.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grassroots_experience: Option<f64>,
    /// Local cadres of the party and government team.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub local_cadres: Option<f64>,
    /// From the counties, of the promoted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub promoted_from_county: Option<f64>,
}

/// Changes against the previous term: years for ages, 百分点 for shares. Each is the
/// difference of the two figures as the site shows them (to one decimal), so that a reader
/// who subtracts 49.1 from 46.1 finds the 3.0 the page states, on the cards, in the charts
/// and in the open data alike.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Changes {
    /// Average age now minus then, years.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub average_age: Option<f64>,
    /// Members now minus then.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub members: Option<i64>,
    /// Share of women, percentage points.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub women_share: Option<f64>,
    /// Share with 大专以上, percentage points.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub college_or_above_share: Option<f64>,
    /// Share of non-party members, percentage points.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub non_party_share: Option<f64>,
    /// Share with township-principal experience, percentage points.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub township_principal_experience_share: Option<f64>,
}

/// The figures of a county or the city, as published.
#[derive(Debug, Clone, Serialize)]
pub struct Figures {
    /// County-level divisions counted.
    pub divisions: u64,
    /// National poverty counties among them.
    pub national_poverty_counties: u64,
    /// Members.
    pub members: u64,
    /// 大专以上学历.
    pub college_or_above: u64,
    /// By level.
    pub education: EducationFigures,
    /// Women.
    pub women: u64,
    /// Women in principal posts.
    pub women_principal: u64,
    /// Non-party members.
    pub non_party: u64,
    /// Non-party members in government.
    pub non_party_government: u64,
    /// With township-principal experience.
    pub township_principal_experience: u64,
    /// Principal leaders with that experience.
    pub township_principal_leaders: u64,
    /// Under 42.
    pub under_42: u64,
    /// Around 35.
    pub around_35: u64,
    /// The youngest member's age.
    pub youngest: u32,
    /// 40岁左右的县级党政正职 (unknown once any county leaves it out).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub principal_around_40: Option<u64>,
    /// Average age, one decimal.
    pub average_age: f64,
    /// The previous term's average age.
    pub average_age_previous: Option<f64>,
    /// Now minus then, years.
    pub average_age_change: Option<f64>,
    /// By age band.
    pub age_bands: AgeBandFigures,
    /// The party and government team's size.
    pub party_government_team: u64,
    /// Local cadres in it.
    pub local_cadres: u64,
    /// Women in it.
    pub party_government_women: u64,
    /// Promoted in this election.
    pub promoted: u64,
    /// Of whom from the counties.
    pub promoted_from_county: u64,
    /// Of whom from elsewhere.
    pub promoted_other: u64,
    /// Township principals among those from the counties.
    pub promoted_township_principals: u64,
    /// "三农" experts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agricultural_experts: Option<u64>,
    /// Ethnic-minority members.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ethnic_minority: Option<u64>,
    /// With grassroots experience.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grassroots_experience: Option<u64>,
    /// Shares, percent.
    pub shares: Shares,
    /// How many divisions the changes are over, when fewer than all give a previous term
    /// (absent when all do, or none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changes_over: Option<u64>,
    /// Changes against the previous term (empty without one).
    pub changes: Changes,
}

impl Figures {
    /// Computes the published figures from a tally.
    pub fn from_tally(t: &Tally) -> Figures {
        let m = t.members;
        let college = t.education[0] + t.education[1] + t.education[2];
        let avg_exact = if m == 0 {
            0.0
        } else {
            t.age_tenths as f64 / m as f64 / 10.0
        };
        let prev_avg_exact = t
            .previous
            .as_ref()
            .filter(|p| p.members > 0)
            .map(|p| p.age_tenths as f64 / p.members as f64 / 10.0);
        let exact_share = |c: u64, w: u64| (w > 0).then(|| c as f64 * 100.0 / w as f64);
        let changes = match &t.previous {
            Some(p) if p.members > 0 && p.now.members > 0 => {
                let now_m = p.now.members;
                let now_avg = p.now.age_tenths as f64 / now_m as f64 / 10.0;
                let shown_difference = |now: f64, then: f64| round1(round1(now) - round1(then));
                let pp = |now: u64, then: Option<u64>| {
                    Some(shown_difference(
                        exact_share(now, now_m)?,
                        exact_share(then?, p.members)?,
                    ))
                };
                Changes {
                    average_age: prev_avg_exact.map(|prev| shown_difference(now_avg, prev)),
                    members: Some(now_m as i64 - p.members as i64),
                    women_share: pp(p.now.women, p.women),
                    college_or_above_share: pp(p.now.college_or_above, p.college_or_above),
                    non_party_share: pp(p.now.non_party, p.non_party),
                    township_principal_experience_share: pp(p.now.township, p.township),
                }
            }
            _ => Changes::default(),
        };
        Figures {
            divisions: t.divisions,
            national_poverty_counties: t.poverty_counties,
            members: m,
            college_or_above: college,
            education: EducationFigures {
                postgraduate: t.education[0],
                undergraduate: t.education[1],
                college: t.education[2],
                below_college: t.education[3],
            },
            women: t.women,
            women_principal: t.women_principal,
            non_party: t.non_party,
            non_party_government: t.non_party_government,
            township_principal_experience: t.township,
            township_principal_leaders: t.township_leaders,
            under_42: t.under_42,
            around_35: t.around_35,
            youngest: t.youngest.unwrap_or(0),
            principal_around_40: t.principal_around_40,
            average_age: round1(avg_exact),
            // Beside this term's average over every county, the previous term's average over
            // only some would compare unlike with unlike: it is withheld (the change, over
            // the same counties, says how many it covers).
            average_age_previous: prev_avg_exact
                .filter(|_| {
                    t.previous
                        .as_ref()
                        .is_some_and(|p| p.divisions == t.divisions)
                })
                .map(round1),
            average_age_change: changes.average_age,
            age_bands: AgeBandFigures {
                up_to_35: t.bands[0],
                from_36_to_40: t.bands[1],
                from_41_to_45: t.bands[2],
                from_46_to_50: t.bands[3],
                from_51: t.bands[4],
            },
            party_government_team: t.party_government_team,
            local_cadres: t.local_cadres,
            party_government_women: t.party_government_women,
            promoted: t.promoted,
            promoted_from_county: t.from_county,
            promoted_other: t.promoted.saturating_sub(t.from_county),
            promoted_township_principals: t.township_principals,
            agricultural_experts: t.agricultural_experts,
            ethnic_minority: t.ethnic_minority,
            grassroots_experience: t.grassroots_experience,
            shares: Shares {
                college_or_above: share(college, m),
                women: share(t.women, m),
                non_party: share(t.non_party, m),
                township_principal_experience: share(t.township, m),
                under_42: share(t.under_42, m),
                ethnic_minority: t.ethnic_minority.and_then(|c| share(c, m)),
                grassroots_experience: t.grassroots_experience.and_then(|c| share(c, m)),
                local_cadres: share(t.local_cadres, t.party_government_team),
                promoted_from_county: share(t.from_county, t.promoted),
            },
            changes_over: t
                .previous
                .as_ref()
                .map(|p| p.divisions)
                .filter(|&n| n < t.divisions),
            changes,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn case(count: u64, whole: u64, expected: Option<f64>) {
        assert_eq!(share(count, whole), expected, "{count}/{whole}");
    }

    #[test]
    fn shares_of_the_article() {
        case(441, 445, Some(99.1));
        case(62, 445, Some(13.9));
        case(169, 445, Some(38.0));
        case(133, 162, Some(82.1));
        case(1, 8, Some(12.5));
        case(0, 5, Some(0.0));
        case(5, 0, None);
    }

    fn county(members: u32, average: f64, women: u32, previous: Option<(u32, f64, u32)>) -> Tally {
        let mut yaml = format!(
            "name: 甲县\nkind: 县\nslug: a\ndate: 2016-08-20\nmembers: {members}\nage: {{average: {average}, youngest: 30, under_42: 0, around_35: 0, bands: {{up_to_35: 0, from_36_to_40: 0, from_41_to_45: 0, from_46_to_50: 0, from_51: {members}}}}}\neducation: {{postgraduate: 0, undergraduate: {members}, college: 0, below_college: 0}}\nwomen: {{count: {women}, principal: 0}}\nnon_party: {{count: 0, government: 0}}\ntownship_principal_experience: {{members: 0, principal_leaders: 0}}\nparty_government_team: {{members: 0, local_cadres: 0, women: 0}}\npromotions: {{promoted: 0, from_county: 0, township_principals: 0}}\n"
        );
        if let Some((m, a, w)) = previous {
            yaml.push_str(&format!(
                "previous: {{members: {m}, average_age: {a}, women: {w}}}\n"
            ));
        }
        let data: crate::model::county::CountyData =
            serde_yaml::from_str(&yaml).expect("valid county");
        Tally::of(&data)
    }

    #[test]
    fn changes_are_years_and_percentage_points() {
        let f = Figures::from_tally(&county(20, 46.0, 4, Some((25, 49.0, 2))));
        assert_eq!(f.average_age_change, Some(-3.0));
        assert_eq!(f.changes.members, Some(-5));
        // 4/20 = 20.0% against 2/25 = 8.0%: up 12.0 percentage points, not 150 %.
        assert_eq!(f.changes.women_share, Some(12.0));
        assert_eq!(
            f.changes.college_or_above_share, None,
            "no previous figure, no change"
        );
    }

    #[test]
    fn a_missing_previous_term_shows_no_change() {
        let f = Figures::from_tally(&county(20, 46.0, 4, None));
        assert_eq!(f.average_age_previous, None);
        assert_eq!(f.average_age_change, None);
        assert!(
            serde_json::to_value(&f.changes)
                .expect("json")
                .as_object()
                .is_some_and(|m| m.is_empty())
        );
    }

    #[test]
    fn city_changes_are_weighted_and_over_the_counties_that_give_a_previous_term() {
        let a = county(20, 46.0, 4, Some((20, 49.0, 2)));
        let b = county(30, 47.0, 3, Some((30, 50.5, 3)));
        let city = Figures::from_tally(&Tally::sum([&a, &b]));
        // (20×46 + 30×47) / 50 = 46.6; (20×49 + 30×50.5) / 50 = 49.9.
        assert_eq!(city.average_age, 46.6);
        assert_eq!(city.average_age_previous, Some(49.9));
        assert_eq!(city.average_age_change, Some(-3.3));
        // A county without a previous term: the changes are over the two that give one,
        // comparing those two now with those two then, and say so.
        let c = county(10, 40.0, 1, None);
        let partial = Figures::from_tally(&Tally::sum([&a, &b, &c]));
        assert_eq!(partial.average_age, 45.5, "the level is over all three");
        assert_eq!(partial.average_age_change, Some(-3.3));
        assert_eq!(partial.changes.members, Some(0));
        assert_eq!(partial.changes_over, Some(2));
        assert_eq!(
            city.changes_over, None,
            "all counties give one: nothing to say"
        );
    }

    #[test]
    fn a_change_is_the_difference_of_the_figures_shown() {
        // Now (20×46.0 + 20×46.1) / 40 = 46.05, shown 46.1; then (43×49.1 + 7×49.3) / 50 =
        // 49.128, shown 49.1: the change shown is 3.0 (46.1 − 49.1), not the exact 3.078's
        // 3.1, which would contradict the two figures beside it.
        let a = county(20, 46.0, 4, Some((43, 49.1, 9)));
        let b = county(20, 46.1, 5, Some((7, 49.3, 1)));
        let city = Figures::from_tally(&Tally::sum([&a, &b]));
        assert_eq!(city.average_age, 46.1);
        assert_eq!(city.average_age_previous, Some(49.1));
        assert_eq!(city.average_age_change, Some(-3.0));
        // Women 9 of 40 = 22.5% (shown 22.5) against 10 of 50 = 20.0%: 2.5 points. And
        // 1 of 3 = 33.3% against 1 of 7 = 14.3% (exact 19.05 points, shown 19.0).
        assert_eq!(city.changes.women_share, Some(2.5));
        let c = county(3, 40.0, 1, Some((7, 41.0, 1)));
        assert_eq!(Figures::from_tally(&c).changes.women_share, Some(19.0));
    }

    fn leaves(v: &serde_json::Value, prefix: &str, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(m) => {
                for (k, v) in m {
                    let path = if prefix.is_empty() {
                        k.clone()
                    } else {
                        format!("{prefix}.{k}")
                    };
                    leaves(v, &path, out);
                }
            }
            _ => out.push(prefix.to_string()),
        }
    }

    #[test]
    fn every_published_figure_is_typed_and_every_type_is_published() {
        let f = Figures::from_tally(&county(20, 46.0, 4, Some((25, 49.0, 2))));
        let mut published = Vec::new();
        leaves(&serde_json::to_value(&f).expect("json"), "", &mut published);
        let typed: Vec<&str> = super::super::figure::FIGURE_TYPES
            .iter()
            .map(|t| t.path)
            .collect();
        for p in &published {
            assert!(typed.contains(&p.as_str()), "{p} has no type");
        }
        // The optional counts this county leaves out, the previous term's shares it does
        // not give and the shares of an empty whole are unknown: every other type is
        // published.
        let json = serde_json::to_value(&f).expect("json");
        for t in &typed {
            let empty_whole = super::super::figure::figure_type(t)
                .and_then(|ty| ty.share_of)
                .is_some_and(|(_, whole)| json[whole.path()] == 0);
            let unknown = empty_whole
                || super::super::figure::OPTIONAL
                    .iter()
                    .any(|o| t.ends_with(o))
                || *t == "changes_over"
                || t.ends_with("college_or_above_share")
                || t.ends_with("non_party_share")
                || t.ends_with("township_principal_experience_share");
            assert!(
                unknown || published.iter().any(|p| p == t),
                "{t} is typed but not published"
            );
        }
    }

    #[test]
    fn rounding_never_gives_negative_zero() {
        assert_eq!(round1(-0.04).to_string(), "0");
        assert_eq!(round1(-2.94), -2.9);
    }
}
