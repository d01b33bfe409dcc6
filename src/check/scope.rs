//! The figures each content file's prose is checked against: its own region's (a county
//! narrative → that county; an article, the Q&A or the city's file → the city), and the
//! other regions a sentence may name. Built from the model once per check.

use crate::model::county::PreviousTerm;
use crate::model::figures::Figures;
use crate::model::region::Region;
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
    /// Each inner region's slug (nested sites).
    region_slugs: HashMap<String, usize>,
}

/// Where the city is in [`Scopes::regions`].
const CITY: usize = 0;

impl Scopes {
    /// The figures of `model`.
    pub fn of(model: &Model) -> Scopes {
        // 全市, or 全省 for a province's site.
        let whole = crate::model::region::whole_word(model.city.data.level.as_deref());
        let mut spellings = vec![model.city.data.name.clone(), whole];
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
        let first_region = regions.len();
        regions.extend(model.tree.regions.iter().map(|r| inner_region(model, r)));
        Scopes {
            names: RegionNames::of(&regions),
            slugs: model
                .counties
                .iter()
                .enumerate()
                .map(|(i, c)| (c.data.slug.clone(), i + 1))
                .collect(),
            region_slugs: model
                .tree
                .regions
                .iter()
                .enumerate()
                .map(|(i, r)| (r.slug.clone(), first_region + i))
                .collect(),
            regions,
        }
    }

    /// The scope of an inner region's `_index.yaml` or `_index.md` (`slug`, its folder's
    /// name).
    pub fn region(&self, slug: &str) -> ProseScope<'_> {
        ProseScope {
            regions: &self.regions,
            names: &self.names,
            own: self.region_slugs.get(slug).map(|&i| (i, "region")),
            city: Some(CITY),
            hand_typed: false,
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

/// An inner region's figures as prose may print them: its sums, its previous term over
/// its counties, and the highest and lowest of its counties.
fn inner_region(model: &Model, r: &Region) -> RegionFigures {
    let mut spellings = vec![r.data.name.clone()];
    spellings.extend(r.data.short_name.clone());
    if let Some(short) = strip_suffix(&r.data.name) {
        spellings.push(short);
    }
    let counties = || r.all_counties.iter().filter_map(|&c| model.counties.get(c));
    let previous = sum_previous(counties().map(|c| c.data.previous.as_ref()));
    let mut facts = facts(&r.figures, previous.as_ref());
    facts.extend(extremes(counties().map(|c| &c.figures)));
    RegionFigures {
        name: r.data.name.clone(),
        spellings,
        facts,
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

/// A number of years or points as published, in tenths.
fn tenths(value: f64) -> Exact {
    Exact::Tenths((value * 10.0).round() as i64)
}

/// What prose may print beside each label, for one region, in the order candidates are
/// listed in messages: this term's figures, the related ones, ages, the previous term and
/// the changes.
fn facts(f: &Figures, previous: Option<&Previous>) -> Vec<Fact> {
    let mut out = Facts(Vec::new());
    this_term(&mut out, f);
    related(&mut out, f);
    ages_and_changes(&mut out, f);
    if let Some(prev) = previous {
        previous_term(&mut out, prev);
    }
    for (t, label, change, path) in [
        (
            topic::WOMEN,
            "女干部",
            f.changes.women_share,
            "changes.women_share",
        ),
        (
            topic::COLLEGE,
            "大专以上学历",
            f.changes.college_or_above_share,
            "changes.college_or_above_share",
        ),
        (
            topic::NON_PARTY,
            "党外干部",
            f.changes.non_party_share,
            "changes.non_party_share",
        ),
        (
            topic::TOWNSHIP,
            "乡镇党政正职经历",
            f.changes.township_principal_experience_share,
            "changes.township_principal_experience_share",
        ),
    ] {
        if let Some(change) = change {
            let about = format!("{label}比例变化 {change:.1}");
            out.push(
                t,
                Kind::Points,
                tenths(change),
                Term::Change,
                Some(path),
                about,
            );
        }
    }
    out.0
}

/// The facts of a region as they are collected.
struct Facts(Vec<Fact>);

/// A count as prose names it: its label, its value and the path that prints it.
type Counted<'a> = (&'a str, u64, Option<&'static str>);

impl Facts {
    fn push(
        &mut self,
        topic: &'static str,
        kind: Kind,
        exact: Exact,
        term: Term,
        path: Option<&'static str>,
        about: String,
    ) {
        self.0.push(Fact {
            topic,
            kind,
            exact,
            term,
            path,
            about,
        });
    }

    /// A count and its share of `of` (printed by `share`, if a reference prints it).
    fn counted(
        &mut self,
        topic: &'static str,
        term: Term,
        (label, count, path): Counted<'_>,
        (of, whole): (&str, u64),
        share: Option<&'static str>,
    ) {
        let about = format!("{label} {count}");
        self.push(topic, Kind::Count, Exact::whole(count), term, path, about);
        let about = format!("{label} {count} / {of} {whole}");
        self.push(
            topic,
            Kind::Percent,
            Exact::Ratio(count, whole),
            term,
            share,
            about,
        );
    }
}

/// This term's counts and their shares of the team, and the figures with no share.
fn this_term(out: &mut Facts, f: &Figures) {
    let team = ("班子成员", f.members);
    let main = Term::Main;
    for (t, label, count, path) in [
        (
            topic::COLLEGE,
            "大专以上学历",
            f.college_or_above,
            "college_or_above",
        ),
        (topic::WOMEN, "女干部", f.women, "women"),
        (topic::NON_PARTY, "党外干部", f.non_party, "non_party"),
        (
            topic::TOWNSHIP,
            "乡镇党政正职经历",
            f.township_principal_experience,
            "township_principal_experience",
        ),
        (topic::YOUNG, "42岁以下", f.under_42, "under_42"),
    ] {
        let share = crate::model::figure::FIGURE_TYPES
            .iter()
            .find(|t| t.share_of.is_some_and(|(counted, _)| counted == path))
            .map(|t| t.path);
        out.counted(t, main, (label, count, Some(path)), team, share);
    }
    let m = f.members;
    out.push(
        topic::MEMBERS,
        Kind::Count,
        Exact::whole(m),
        main,
        Some("members"),
        format!("班子成员 {m}"),
    );
    let e = &f.education;
    let postgraduate = ("研究生", e.postgraduate, Some("education.postgraduate"));
    out.counted(topic::POSTGRADUATE, main, postgraduate, team, None);
    let undergraduate = ("本科", e.undergraduate, Some("education.undergraduate"));
    out.counted(topic::UNDERGRADUATE, main, undergraduate, team, None);
    // An unknown optional count has no value to compare with.
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
        if let Some(count) = count {
            out.counted(t, main, (label, count, Some(path)), team, Some(share));
        }
    }
    for (t, label, count, path) in [
        (
            topic::AGRICULTURAL,
            "“三农”专家",
            f.agricultural_experts,
            "agricultural_experts",
        ),
        (
            topic::DIVISIONS,
            "县（市、区）",
            Some(f.divisions),
            "divisions",
        ),
        (
            topic::POVERTY,
            "国定贫困县",
            Some(f.national_poverty_counties),
            "national_poverty_counties",
        ),
    ] {
        if let Some(n) = count {
            let about = format!("{label} {n}");
            out.push(t, Kind::Count, Exact::whole(n), main, Some(path), about);
        }
    }
}

/// Sub-counts and sub-shares (女干部中党政正职 of 女干部), the party and government team
/// and its local cadres, and the promoted.
fn related(out: &mut Facts, f: &Figures) {
    let rel = Term::Related;
    let women = ("女干部", f.women);
    let team = ("党政班子", f.party_government_team);
    let pg_women = (
        "党政班子女干部",
        f.party_government_women,
        Some("party_government_women"),
    );
    out.counted(
        topic::WOMEN,
        rel,
        (
            "女干部中党政正职",
            f.women_principal,
            Some("women_principal"),
        ),
        women,
        None,
    );
    out.counted(topic::WOMEN, rel, pg_women, team, None);
    let government = (
        "党外干部在政府班子",
        f.non_party_government,
        Some("non_party_government"),
    );
    out.counted(
        topic::NON_PARTY,
        rel,
        government,
        ("党外干部", f.non_party),
        None,
    );
    let leaders = (
        "县级党政正职中有乡镇党政正职经历",
        f.township_principal_leaders,
        Some("township_principal_leaders"),
    );
    let township = ("乡镇党政正职经历", f.township_principal_experience);
    out.counted(topic::TOWNSHIP, rel, leaders, township, None);
    let around_35 = ("35岁左右", f.around_35, Some("around_35"));
    out.counted(topic::YOUNG, rel, around_35, ("42岁以下", f.under_42), None);
    out.counted(topic::PARTY_GOVERNMENT, rel, pg_women, team, None);
    let pg = f.party_government_team;
    let about = format!("党政班子 {pg}");
    let path = Some("party_government_team");
    out.push(
        topic::PARTY_GOVERNMENT,
        Kind::Count,
        Exact::whole(pg),
        Term::Main,
        path,
        about,
    );
    let local = ("本地干部", f.local_cadres, Some("local_cadres"));
    out.counted(
        topic::LOCAL,
        Term::Main,
        local,
        team,
        Some("shares.local_cadres"),
    );
    out.counted(
        topic::PARTY_GOVERNMENT,
        rel,
        local,
        team,
        Some("shares.local_cadres"),
    );
    let p = f.promoted;
    let about = format!("提拔 {p}");
    out.push(
        topic::PROMOTED,
        Kind::Count,
        Exact::whole(p),
        Term::Main,
        Some("promoted"),
        about,
    );
    let promoted = ("提拔", p);
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
        out.counted(
            topic::PROMOTED,
            rel,
            (label, count, Some(path)),
            promoted,
            share,
        );
    }
}

/// The ages (now, the previous term's and the change) and the change in members.
fn ages_and_changes(out: &mut Facts, f: &Figures) {
    let years = [
        (Some(f.average_age), "平均年龄", Term::Main, "average_age"),
        (
            f.average_age_previous,
            "上届平均年龄",
            Term::Previous,
            "average_age_previous",
        ),
        (
            f.changes.average_age,
            "平均年龄变化",
            Term::Change,
            "average_age_change",
        ),
    ];
    for (value, label, term, path) in years {
        if let Some(v) = value {
            let about = format!("{label} {v:.1}");
            out.push(
                topic::AVERAGE_AGE,
                Kind::Years,
                tenths(v),
                term,
                Some(path),
                about,
            );
        }
    }
    let youngest = Exact::Whole(i64::from(f.youngest));
    let about = format!("年龄最小 {}", f.youngest);
    out.push(
        topic::YOUNGEST,
        Kind::Years,
        youngest,
        Term::Main,
        Some("youngest"),
        about,
    );
    if let Some(change) = f.changes.members {
        let about = format!("班子成员变化 {change}");
        let path = Some("changes.members");
        out.push(
            topic::MEMBERS,
            Kind::Count,
            Exact::Whole(change),
            Term::Change,
            path,
            about,
        );
    }
}

/// The previous term's counts and shares (none has a reference that prints it).
fn previous_term(out: &mut Facts, prev: &Previous) {
    let pm = prev.members;
    let about = format!("上届班子成员 {pm}");
    out.push(
        topic::MEMBERS,
        Kind::Count,
        Exact::whole(pm),
        Term::Previous,
        None,
        about,
    );
    for (t, label, count) in [
        (topic::WOMEN, "上届女干部", prev.women),
        (topic::COLLEGE, "上届大专以上学历", prev.college_or_above),
        (topic::NON_PARTY, "上届党外干部", prev.non_party),
        (topic::TOWNSHIP, "上届乡镇党政正职经历", prev.township),
    ] {
        if let Some(count) = count {
            out.counted(
                t,
                Term::Previous,
                (label, count, None),
                ("上届班子成员", pm),
                None,
            );
        }
    }
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
