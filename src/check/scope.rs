//! The figures each content file's prose is checked against: its own region's (a county
//! narrative → that county; an article, the Q&A or the city's file → the city), and the
//! other regions a sentence may name. Built from the model once per check.

use crate::model::county::PreviousTerm;
use crate::model::figures::Figures;
use crate::model::{County, Model};

use std::collections::HashMap;

use super::copy::figures::{
    Exact, Fact, Kind, ProseScope, RegionFigures, RegionNames, Term, topic,
};

/// The regions of a site, as prose figures: the city first, then each county.
#[derive(Debug, Clone, Default)]
pub struct Scopes {
    /// The city, then each county in the model's order.
    regions: Vec<RegionFigures>,
    /// How prose names them.
    names: RegionNames,
    /// Each county's slug, in the model's order.
    slugs: HashMap<String, usize>,
}

/// Where the city is in [`Scopes::regions`].
const CITY: usize = 0;

impl Scopes {
    /// The figures of `model`.
    pub fn of(model: &Model) -> Scopes {
        let mut spellings = vec![model.city.data.name.clone(), "全市".to_owned()];
        spellings.extend(model.city.data.short_name.clone());
        if let Some(short) = strip_suffix(&model.city.data.name) {
            spellings.push(short);
        }
        let previous = sum_previous(model.counties.iter().map(|c| c.data.previous.as_ref()));
        let mut city = RegionFigures {
            name: model.city.data.name.clone(),
            spellings,
            facts: facts(&model.city.figures, previous.as_ref()),
        };
        if let Some(young) = &model.city.data.young_cadres {
            city.facts.push(Fact {
                topic: topic::YOUNG,
                kind: Kind::Count,
                exact: Exact::Whole(i64::from(young.total)),
                term: Term::Related,
                path: Some("young_cadres.total"),
                about: format!("{} {}", young.title, young.total),
            });
        }
        city.facts
            .extend(extremes(model.counties.iter().map(|c| &c.figures)));
        let mut regions = vec![city];
        regions.extend(model.counties.iter().map(|c| county(c)));
        Scopes {
            names: RegionNames::of(&regions),
            slugs: model
                .counties
                .iter()
                .enumerate()
                .map(|(i, c)| (c.data.slug.clone(), i + 1))
                .collect(),
            regions,
        }
    }

    /// The scope of a county's narrative or data (`slug`).
    pub fn county(&self, slug: &str) -> ProseScope<'_> {
        ProseScope {
            regions: &self.regions,
            names: &self.names,
            own: self.slugs.get(slug).map(|&i| (i, "county")),
            city: Some(CITY),
            hand_typed: false,
        }
    }

    /// The scope of an article, the Q&A or the city's own file.
    pub fn city(&self) -> ProseScope<'_> {
        ProseScope {
            regions: &self.regions,
            names: &self.names,
            own: Some((CITY, "city")),
            city: Some(CITY),
            hand_typed: false,
        }
    }
}

fn county(c: &County) -> RegionFigures {
    let mut spellings = vec![c.data.name.clone()];
    spellings.extend(c.data.short_name.clone());
    if let Some(short) = strip_suffix(&c.data.name) {
        spellings.push(short);
    }
    RegionFigures {
        name: c.data.name.clone(),
        spellings,
        facts: facts(
            &c.figures,
            c.data.previous.as_ref().map(Previous::of).as_ref(),
        ),
    }
}

/// 尧都区 → 尧都, when what is left is at least two characters (隰县 stays whole: a
/// single character would match too much).
fn strip_suffix(name: &str) -> Option<String> {
    let short = name
        .strip_suffix('县')
        .or_else(|| name.strip_suffix('市'))
        .or_else(|| name.strip_suffix('区'))?;
    (short.chars().count() >= 2).then(|| short.to_owned())
}

/// The previous term's counts of a region (only those every child gives).
#[derive(Debug, Clone, Default)]
struct Previous {
    members: u64,
    women: Option<u64>,
    college_or_above: Option<u64>,
    non_party: Option<u64>,
    township: Option<u64>,
}

impl Previous {
    fn of(p: &PreviousTerm) -> Previous {
        Previous {
            members: p.members.into(),
            women: p.women.map(u64::from),
            college_or_above: p.college_or_above.map(u64::from),
            non_party: p.non_party.map(u64::from),
            township: p.township_principal_experience.map(u64::from),
        }
    }
}

fn sum_previous<'a>(terms: impl Iterator<Item = Option<&'a PreviousTerm>>) -> Option<Previous> {
    let mut sum = Previous {
        women: Some(0),
        college_or_above: Some(0),
        non_party: Some(0),
        township: Some(0),
        ..Previous::default()
    };
    let add = |a: Option<u64>, b: Option<u64>| Some(a? + b?);
    for term in terms {
        let p = Previous::of(term?);
        sum.members += p.members;
        sum.women = add(sum.women, p.women);
        sum.college_or_above = add(sum.college_or_above, p.college_or_above);
        sum.non_party = add(sum.non_party, p.non_party);
        sum.township = add(sum.township, p.township);
    }
    Some(sum)
}

fn tenths(years: f64) -> i64 {
    (years * 10.0).round() as i64
}

/// What prose may print beside each label, for one region.
fn facts(f: &Figures, previous: Option<&Previous>) -> Vec<Fact> {
    let mut out = Vec::new();
    let mut fact = |topic, kind, exact, term, path: Option<&'static str>, about: String| {
        out.push(Fact {
            topic,
            kind,
            exact,
            term,
            path,
            about,
        });
    };
    let whole = |n: u64| Exact::Whole(i64::try_from(n).unwrap_or(i64::MAX));
    let m = f.members;
    // (topic, label, count, its path, its share's path).
    let counted: [(&'static str, &str, u64, &'static str, Option<&'static str>); 5] = [
        (
            topic::COLLEGE,
            "大专以上学历",
            f.college_or_above,
            "college_or_above",
            Some("shares.college_or_above"),
        ),
        (
            topic::WOMEN,
            "女干部",
            f.women,
            "women",
            Some("shares.women"),
        ),
        (
            topic::NON_PARTY,
            "党外干部",
            f.non_party,
            "non_party",
            Some("shares.non_party"),
        ),
        (
            topic::TOWNSHIP,
            "乡镇党政正职经历",
            f.township_principal_experience,
            "township_principal_experience",
            Some("shares.township_principal_experience"),
        ),
        (
            topic::YOUNG,
            "42岁以下",
            f.under_42,
            "under_42",
            Some("shares.under_42"),
        ),
    ];
    for (t, label, count, path, share) in counted {
        fact(
            t,
            Kind::Count,
            whole(count),
            Term::Main,
            Some(path),
            format!("{label} {count}"),
        );
        fact(
            t,
            Kind::Percent,
            Exact::Ratio(count, m),
            Term::Main,
            share,
            format!("{label} {count} / 班子成员 {m}"),
        );
    }
    fact(
        topic::MEMBERS,
        Kind::Count,
        whole(m),
        Term::Main,
        Some("members"),
        format!("班子成员 {m}"),
    );
    fact(
        topic::POSTGRADUATE,
        Kind::Count,
        whole(f.education.postgraduate),
        Term::Main,
        Some("education.postgraduate"),
        format!("研究生 {}", f.education.postgraduate),
    );
    fact(
        topic::POSTGRADUATE,
        Kind::Percent,
        Exact::Ratio(f.education.postgraduate, m),
        Term::Main,
        None,
        format!("研究生 {} / 班子成员 {m}", f.education.postgraduate),
    );
    fact(
        topic::UNDERGRADUATE,
        Kind::Count,
        whole(f.education.undergraduate),
        Term::Main,
        Some("education.undergraduate"),
        format!("本科 {}", f.education.undergraduate),
    );
    fact(
        topic::UNDERGRADUATE,
        Kind::Percent,
        Exact::Ratio(f.education.undergraduate, m),
        Term::Main,
        None,
        format!("本科 {} / 班子成员 {m}", f.education.undergraduate),
    );
    // Sub-counts and sub-shares.
    let related: [(&'static str, &str, u64, &'static str, &str, u64); 6] = [
        (
            topic::WOMEN,
            "女干部中党政正职",
            f.women_principal,
            "women_principal",
            "女干部",
            f.women,
        ),
        (
            topic::WOMEN,
            "党政班子女干部",
            f.party_government_women,
            "party_government_women",
            "党政班子",
            f.party_government_team,
        ),
        (
            topic::NON_PARTY,
            "党外干部在政府班子",
            f.non_party_government,
            "non_party_government",
            "党外干部",
            f.non_party,
        ),
        (
            topic::TOWNSHIP,
            "县级党政正职中有乡镇党政正职经历",
            f.township_principal_leaders,
            "township_principal_leaders",
            "乡镇党政正职经历",
            f.township_principal_experience,
        ),
        (
            topic::YOUNG,
            "35岁左右",
            f.around_35,
            "around_35",
            "42岁以下",
            f.under_42,
        ),
        (
            topic::PARTY_GOVERNMENT,
            "党政班子女干部",
            f.party_government_women,
            "party_government_women",
            "党政班子",
            f.party_government_team,
        ),
    ];
    for (t, label, count, path, of, total) in related {
        fact(
            t,
            Kind::Count,
            whole(count),
            Term::Related,
            Some(path),
            format!("{label} {count}"),
        );
        fact(
            t,
            Kind::Percent,
            Exact::Ratio(count, total),
            Term::Related,
            None,
            format!("{label} {count} / {of} {total}"),
        );
    }
    let pg = f.party_government_team;
    fact(
        topic::PARTY_GOVERNMENT,
        Kind::Count,
        whole(pg),
        Term::Main,
        Some("party_government_team"),
        format!("党政班子 {pg}"),
    );
    for t in [topic::LOCAL, topic::PARTY_GOVERNMENT] {
        let term = if t == topic::LOCAL {
            Term::Main
        } else {
            Term::Related
        };
        fact(
            t,
            Kind::Count,
            whole(f.local_cadres),
            term,
            Some("local_cadres"),
            format!("本地干部 {}", f.local_cadres),
        );
        fact(
            t,
            Kind::Percent,
            Exact::Ratio(f.local_cadres, pg),
            term,
            Some("shares.local_cadres"),
            format!("本地干部 {} / 党政班子 {pg}", f.local_cadres),
        );
    }
    let p = f.promoted;
    fact(
        topic::PROMOTED,
        Kind::Count,
        whole(p),
        Term::Main,
        Some("promoted"),
        format!("提拔 {p}"),
    );
    for (label, count, path, share) in [
        (
            "从县（市、区）提拔",
            f.promoted_from_county,
            "promoted_from_county",
            Some("shares.promoted_from_county"),
        ),
        ("其他途径提拔", f.promoted_other, "promoted_other", None),
        (
            "提拔乡镇党政正职",
            f.promoted_township_principals,
            "promoted_township_principals",
            None,
        ),
    ] {
        fact(
            topic::PROMOTED,
            Kind::Count,
            whole(count),
            Term::Related,
            Some(path),
            format!("{label} {count}"),
        );
        fact(
            topic::PROMOTED,
            Kind::Percent,
            Exact::Ratio(count, p),
            Term::Related,
            share,
            format!("{label} {count} / 提拔 {p}"),
        );
    }
    for (t, label, count, path, share) in [
        (
            topic::ETHNIC,
            "少数民族干部",
            f.ethnic_minority,
            "ethnic_minority",
            "shares.ethnic_minority",
        ),
        (
            topic::GRASSROOTS,
            "基层工作经历",
            f.grassroots_experience,
            "grassroots_experience",
            "shares.grassroots_experience",
        ),
    ] {
        // An unknown optional count has no value to compare with.
        if let Some(count) = count {
            fact(
                t,
                Kind::Count,
                whole(count),
                Term::Main,
                Some(path),
                format!("{label} {count}"),
            );
            fact(
                t,
                Kind::Percent,
                Exact::Ratio(count, m),
                Term::Main,
                Some(share),
                format!("{label} {count} / 班子成员 {m}"),
            );
        }
    }
    if let Some(n) = f.agricultural_experts {
        fact(
            topic::AGRICULTURAL,
            Kind::Count,
            whole(n),
            Term::Main,
            Some("agricultural_experts"),
            format!("“三农”专家 {n}"),
        );
    }
    fact(
        topic::DIVISIONS,
        Kind::Count,
        whole(f.divisions),
        Term::Main,
        Some("divisions"),
        format!("县（市、区） {}", f.divisions),
    );
    fact(
        topic::POVERTY,
        Kind::Count,
        whole(f.national_poverty_counties),
        Term::Main,
        Some("national_poverty_counties"),
        format!("国定贫困县 {}", f.national_poverty_counties),
    );
    fact(
        topic::AVERAGE_AGE,
        Kind::Years,
        Exact::Tenths(tenths(f.average_age)),
        Term::Main,
        Some("average_age"),
        format!("平均年龄 {:.1}", f.average_age),
    );
    if let Some(prev) = f.average_age_previous {
        fact(
            topic::AVERAGE_AGE,
            Kind::Years,
            Exact::Tenths(tenths(prev)),
            Term::Previous,
            Some("average_age_previous"),
            format!("上届平均年龄 {prev:.1}"),
        );
    }
    if let Some(change) = f.changes.average_age {
        fact(
            topic::AVERAGE_AGE,
            Kind::Years,
            Exact::Tenths(tenths(change)),
            Term::Change,
            Some("average_age_change"),
            format!("平均年龄变化 {change:.1}"),
        );
    }
    fact(
        topic::YOUNGEST,
        Kind::Years,
        Exact::Whole(i64::from(f.youngest)),
        Term::Main,
        Some("youngest"),
        format!("年龄最小 {}", f.youngest),
    );
    if let Some(change) = f.changes.members {
        fact(
            topic::MEMBERS,
            Kind::Count,
            Exact::Whole(change),
            Term::Change,
            Some("changes.members"),
            format!("班子成员变化 {change}"),
        );
    }
    // The previous term.
    if let Some(prev) = previous {
        let pm = prev.members;
        fact(
            topic::MEMBERS,
            Kind::Count,
            whole(pm),
            Term::Previous,
            None,
            format!("上届班子成员 {pm}"),
        );
        for (t, label, count) in [
            (topic::WOMEN, "上届女干部", prev.women),
            (topic::COLLEGE, "上届大专以上学历", prev.college_or_above),
            (topic::NON_PARTY, "上届党外干部", prev.non_party),
            (topic::TOWNSHIP, "上届乡镇党政正职经历", prev.township),
        ] {
            if let Some(count) = count {
                fact(
                    t,
                    Kind::Count,
                    whole(count),
                    Term::Previous,
                    None,
                    format!("{label} {count}"),
                );
                fact(
                    t,
                    Kind::Percent,
                    Exact::Ratio(count, pm),
                    Term::Previous,
                    None,
                    format!("{label} {count} / 上届班子成员 {pm}"),
                );
            }
        }
    }
    for (t, label, change, path) in [
        (
            topic::WOMEN,
            "女干部比例变化",
            f.changes.women_share,
            "changes.women_share",
        ),
        (
            topic::COLLEGE,
            "大专以上学历比例变化",
            f.changes.college_or_above_share,
            "changes.college_or_above_share",
        ),
        (
            topic::NON_PARTY,
            "党外干部比例变化",
            f.changes.non_party_share,
            "changes.non_party_share",
        ),
        (
            topic::TOWNSHIP,
            "乡镇党政正职经历比例变化",
            f.changes.township_principal_experience_share,
            "changes.township_principal_experience_share",
        ),
    ] {
        if let Some(change) = change {
            fact(
                t,
                Kind::Points,
                Exact::Tenths(tenths(change)),
                Term::Change,
                Some(path),
                format!("{label} {change:.1}"),
            );
        }
    }
    out
}

/// The highest and lowest share among a region's children, for each share a caption may
/// name (`占比最高的县达到40.0%`).
fn extremes<'a>(children: impl Iterator<Item = &'a Figures> + Clone) -> Vec<Fact> {
    type Pick = fn(&Figures) -> Option<(u64, u64)>;
    let shares: [(&'static str, &str, Pick); 6] = [
        (topic::WOMEN, "女干部", |f| Some((f.women, f.members))),
        (topic::COLLEGE, "大专以上学历", |f| {
            Some((f.college_or_above, f.members))
        }),
        (topic::NON_PARTY, "党外干部", |f| {
            Some((f.non_party, f.members))
        }),
        (topic::TOWNSHIP, "乡镇党政正职经历", |f| {
            Some((f.township_principal_experience, f.members))
        }),
        (topic::YOUNG, "42岁以下", |f| {
            Some((f.under_42, f.members))
        }),
        (topic::LOCAL, "本地干部", |f| {
            Some((f.local_cadres, f.party_government_team))
        }),
    ];
    let mut out = Vec::new();
    for (t, label, pick) in shares {
        let ratios: Vec<(u64, u64)> = children
            .clone()
            .filter_map(pick)
            .filter(|&(_, w)| w > 0)
            .collect();
        // Compare c1/w1 with c2/w2 exactly.
        let highest = ratios.iter().max_by(|a, b| {
            (u128::from(a.0) * u128::from(b.1)).cmp(&(u128::from(b.0) * u128::from(a.1)))
        });
        let lowest = ratios.iter().min_by(|a, b| {
            (u128::from(a.0) * u128::from(b.1)).cmp(&(u128::from(b.0) * u128::from(a.1)))
        });
        for (word, pick) in [("最高", highest), ("最低", lowest)] {
            if let Some(&(count, whole)) = pick {
                out.push(Fact {
                    topic: t,
                    kind: Kind::Percent,
                    exact: Exact::Ratio(count, whole),
                    term: Term::Extreme,
                    path: None,
                    about: format!("{label}占比{word} {count} / {whole}"),
                });
            }
        }
    }
    out
}
