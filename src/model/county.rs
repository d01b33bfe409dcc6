//! One county's leadership-team figures as the editor writes them, and their rules.

use serde::Deserialize;

use super::date::Date;
use super::rules::Checker;

/// `content/counties/<slug>.yaml`.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct CountyData {
    /// The division's name, e.g. 尧都区.
    pub name: String,
    /// A shorter name for charts and compact lists (积石山县 for 积石山保安族东乡族撒拉族自治县);
    /// titles, tables and descriptions keep the full name.
    #[serde(default)]
    pub short_name: Option<String>,
    /// 县, 市 or 区.
    pub kind: DivisionKind,
    /// The page's folder name: lowercase ASCII letters, digits and `-`.
    pub slug: String,
    /// The publication date of the county's page.
    pub date: Date,
    /// 国定贫困县.
    #[serde(default)]
    pub national_poverty_county: bool,
    /// Members of the new leadership team.
    pub members: u32,
    /// 少数民族干部 (unknown when left out, not 0).
    #[serde(default)]
    pub ethnic_minority: Option<u32>,
    /// 具有基层工作经历 (unknown when left out, not 0).
    #[serde(default)]
    pub grassroots_experience: Option<u32>,
    /// Age structure.
    pub age: Age,
    /// Highest degree, by level.
    pub education: Education,
    /// 女干部.
    pub women: Women,
    /// 党外干部.
    pub non_party: NonParty,
    /// 乡镇党政正职经历.
    pub township_principal_experience: TownshipExperience,
    /// 党政班子.
    pub party_government_team: PartyGovernmentTeam,
    /// 本次换届提拔.
    pub promotions: Promotions,
    /// The previous term, for term-over-term changes.
    #[serde(default)]
    pub previous: Option<PreviousTerm>,
}

/// 县, 市 or 区.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
pub enum DivisionKind {
    /// A county.
    #[serde(rename = "县")]
    County,
    /// A county-level city.
    #[serde(rename = "市")]
    City,
    /// A district.
    #[serde(rename = "区")]
    District,
}

/// Age structure of the team.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Age {
    /// Average age, years.
    pub average: f64,
    /// The youngest member's age.
    pub youngest: u32,
    /// 42岁以下.
    pub under_42: u32,
    /// 35岁左右.
    pub around_35: u32,
    /// 40岁左右的县级党政正职 (unknown when left out, not 0).
    #[serde(default)]
    pub principal_around_40: Option<u32>,
    /// Members by age band.
    pub bands: AgeBands,
}

/// Members by age band; the bands add up to the members.
#[derive(Debug, Clone, Copy, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct AgeBands {
    /// 35岁以下 (35 included).
    pub up_to_35: u32,
    /// 36–40岁.
    pub from_36_to_40: u32,
    /// 41–45岁.
    pub from_41_to_45: u32,
    /// 46–50岁.
    pub from_46_to_50: u32,
    /// 51岁以上.
    pub from_51: u32,
}

impl AgeBands {
    /// The sum of all bands.
    pub fn total(&self) -> u64 {
        [
            self.up_to_35,
            self.from_36_to_40,
            self.from_41_to_45,
            self.from_46_to_50,
            self.from_51,
        ]
        .iter()
        .map(|&v| u64::from(v))
        .sum()
    }
}

/// Members by highest degree.
#[derive(Debug, Clone, Copy, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Education {
    /// 研究生.
    pub postgraduate: u32,
    /// 本科.
    pub undergraduate: u32,
    /// 大专.
    pub college: u32,
    /// 中专及以下.
    pub below_college: u32,
}

impl Education {
    /// 大专以上学历.
    pub fn college_or_above(&self) -> u64 {
        u64::from(self.postgraduate) + u64::from(self.undergraduate) + u64::from(self.college)
    }

    /// All levels.
    pub fn total(&self) -> u64 {
        self.college_or_above() + u64::from(self.below_college)
    }
}

/// 女干部.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Women {
    /// All women in the team.
    pub count: u32,
    /// Of whom in a principal post (党政正职).
    pub principal: u32,
}

/// 党外干部.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct NonParty {
    /// All non-party members.
    pub count: u32,
    /// Of whom in the county government.
    pub government: u32,
}

/// 乡镇党政正职经历.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct TownshipExperience {
    /// Members with the experience.
    pub members: u32,
    /// 县级党政正职 with the experience.
    pub principal_leaders: u32,
}

/// 党政班子, a subset of the team.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct PartyGovernmentTeam {
    /// Its size.
    pub members: u32,
    /// 本地干部.
    pub local_cadres: u32,
    /// Women in it.
    pub women: u32,
}

/// 本次换届提拔.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Promotions {
    /// All promoted.
    pub promoted: u32,
    /// Of whom from within the counties.
    pub from_county: u32,
    /// Of those, township principals.
    pub township_principals: u32,
    /// "三农" experts placed in the government (unknown when left out, not 0).
    #[serde(default)]
    pub agricultural_experts: Option<u32>,
}

/// The previous term's figures.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct PreviousTerm {
    /// Members.
    pub members: u32,
    /// Average age.
    pub average_age: f64,
    /// Women.
    #[serde(default)]
    pub women: Option<u32>,
    /// 大专以上学历.
    #[serde(default)]
    pub college_or_above: Option<u32>,
    /// 党外干部.
    #[serde(default)]
    pub non_party: Option<u32>,
    /// 乡镇党政正职经历.
    #[serde(default)]
    pub township_principal_experience: Option<u32>,
}

impl CountyData {
    /// Checks every rule of the content model, reporting each broken one.
    pub fn check(&self, c: &mut Checker<'_>) {
        if !is_valid_slug(&self.slug) {
            let help = match crate::platform::windows_name_problem(&self.slug) {
                Some(why) => crate::t!(
                    "`{}` {why}; choose another slug of lowercase ASCII letters, digits and '-'",
                    "`{}` {why}；请另取一个由小写英文字母、数字和“-”组成的拼音名",
                    self.slug
                ),
                None => {
                    // The file's own name when it is the slug meant, bar its hyphens (a
                    // county's file is named after its slug).
                    let stem = c.file_stem().filter(|stem| {
                        is_valid_slug(stem)
                            && slug_like(&self.slug).map(|s| s.replace('-', ""))
                                == Some(stem.replace('-', ""))
                    });
                    let example =
                        stem.map_or_else(|| slug_example(&self.slug, "yaodu"), str::to_string);
                    crate::t!(
                        "use lowercase ASCII letters, digits and '-', e.g. `{example}` (it becomes the page's folder name)",
                        "只能用小写英文字母、数字和“-”，例如 `{example}`（它会成为网页的文件夹名）"
                    )
                }
            };
            c.error(
                "slug",
                crate::t!("slug `{}` is not allowed", "拼音名 `{}` 不可用", self.slug),
                help,
            );
        }
        if let Some(short) = &self.short_name
            && (short.trim().is_empty() || short.chars().count() >= self.name.chars().count())
        {
            c.error(
                "short_name",
                crate::t!(
                    "the short name `{short}` is not shorter than the name",
                    "简称 `{short}` 不比全称短"
                ),
                crate::messages::Text::both(
                    "write a shorter form of the name, e.g. 积石山县, or leave short_name out",
                    "请写名称的简短形式，例如 积石山县，或删去 short_name",
                ),
            );
        }
        if self.name.trim().is_empty() {
            c.error(
                "name",
                crate::messages::Text::both("the name is empty", "名称为空"),
                crate::messages::Text::both(
                    "write the division's name, e.g. 尧都区",
                    "请写行政区名称，例如 尧都区",
                ),
            );
        }
        let m = u64::from(self.members);
        c.count("members", m);
        if m == 0 {
            c.error(
                "members",
                crate::messages::Text::both("a leadership team has no members", "领导班子人数为 0"),
                crate::messages::Text::both("write the team's size", "请写班子人数"),
            );
        }
        if let Some(v) = self.ethnic_minority {
            c.part("ethnic_minority", v, "members", m);
        }
        if let Some(v) = self.grassroots_experience {
            c.part("grassroots_experience", v, "members", m);
        }

        self.check_age(c);
        self.check_groups(c);
        self.check_team(c);
        self.check_promotions(c);
        self.check_previous(c);
    }

    /// The age figures: within the team, and the bands against `under_42`.
    fn check_age(&self, c: &mut Checker<'_>) {
        let m = u64::from(self.members);
        let a = &self.age;
        c.age("age.average", a.average);
        c.age("age.youngest", f64::from(a.youngest));
        if f64::from(a.youngest) > a.average {
            c.error(
                "age.youngest",
                crate::t!(
                    "the youngest ({}) is older than the average ({})",
                    "最小年龄（{}）大于平均年龄（{}）",
                    a.youngest,
                    a.average
                ),
                crate::messages::Text::both("check both ages", "请核对这两个年龄"),
            );
        }
        c.part("age.under_42", a.under_42, "members", m);
        c.part(
            "age.around_35",
            a.around_35,
            "age.under_42",
            a.under_42.into(),
        );
        if let Some(v) = a.principal_around_40 {
            c.part("age.principal_around_40", v, "members", m);
        }
        let b = &a.bands;
        for (key, v) in [
            ("age.bands.up_to_35", b.up_to_35),
            ("age.bands.from_36_to_40", b.from_36_to_40),
            ("age.bands.from_41_to_45", b.from_41_to_45),
            ("age.bands.from_46_to_50", b.from_46_to_50),
            ("age.bands.from_51", b.from_51),
        ] {
            c.count(key, v.into());
        }
        c.sum("age.bands", a.bands.total(), m);
        let low = u64::from(b.up_to_35) + u64::from(b.from_36_to_40);
        let high = low + u64::from(b.from_41_to_45);
        let u42 = u64::from(a.under_42);
        if u42 < low || u42 > high {
            c.error(
                "age.under_42",
                crate::t!("under_42 is {u42}, but the age bands put between {low} and {high} members under 42", "under_42 是 {u42}，但按年龄段应有 {low} 到 {high} 人在 42 岁以下"),
                crate::messages::Text::both("under_42 counts everyone up to 41: at least the bands up to 40, at most those plus the 41–45 band", "under_42 统计 41 岁及以下的人：至少是 40 岁及以下各段之和，至多再加上 41–45 岁段"),
            );
        } else {
            self.check_youngest(c);
        }
    }

    /// The youngest member's age against the age bands and `under_42`: the youngest's band
    /// holds somebody and every band below it nobody.
    fn check_youngest(&self, c: &mut Checker<'_>) {
        let a = &self.age;
        let b = &a.bands;
        let y = a.youngest;
        // (highest age in the band, its count, its name).
        let bands = [
            (35, b.up_to_35, ("up_to_35", "35岁及以下")),
            (40, b.from_36_to_40, ("from_36_to_40", "36–40岁")),
            (45, b.from_41_to_45, ("from_41_to_45", "41–45岁")),
            (50, b.from_46_to_50, ("from_46_to_50", "46–50岁")),
            (u32::MAX, b.from_51, ("from_51", "51岁及以上")),
        ];
        let own = bands.iter().position(|(top, ..)| y <= *top).unwrap_or(4);
        let help = crate::messages::Text::both(
            "check the youngest age and the age bands against the source",
            "请对照原始材料核对最小年龄和各年龄段人数",
        );
        if let Some((_, n, (key, band))) = bands[..own].iter().find(|(_, n, _)| *n > 0) {
            c.error(
                "age.youngest",
                crate::t!(
                    "the youngest is {y}, but the age band {key}, below that age, has {n}",
                    "最小年龄是 {y} 岁，但年龄段中{band}有 {n} 人，比最小年龄还小"
                ),
                help,
            );
        } else if bands[own].1 == 0 {
            let (key, band) = bands[own].2;
            c.error(
                "age.youngest",
                crate::t!(
                    "the youngest is {y}, but the age band {key}, which holds that age, has nobody",
                    "最小年龄是 {y} 岁，但其所在的{band}年龄段为 0 人"
                ),
                help,
            );
        } else if (y < 42) != (a.under_42 > 0) {
            let u42 = a.under_42;
            c.error(
                "age.youngest",
                crate::t!(
                    "the youngest is {y}, but under_42 is {u42}",
                    "最小年龄是 {y} 岁，但 42 岁以下人数（under_42）是 {u42}"
                ),
                help,
            );
        }
    }

    /// Education, women, non-party members and township experience: parts of the team.
    fn check_groups(&self, c: &mut Checker<'_>) {
        let m = u64::from(self.members);
        let e = &self.education;
        for (key, v) in [
            ("education.postgraduate", e.postgraduate),
            ("education.undergraduate", e.undergraduate),
            ("education.college", e.college),
            ("education.below_college", e.below_college),
        ] {
            c.count(key, v.into());
        }
        c.sum("education", e.total(), m);
        c.part("women.count", self.women.count, "members", m);
        c.part(
            "women.principal",
            self.women.principal,
            "women.count",
            self.women.count.into(),
        );
        c.part("non_party.count", self.non_party.count, "members", m);
        c.part(
            "non_party.government",
            self.non_party.government,
            "non_party.count",
            self.non_party.count.into(),
        );
        let t = &self.township_principal_experience;
        c.part(
            "township_principal_experience.members",
            t.members,
            "members",
            m,
        );
        c.part(
            "township_principal_experience.principal_leaders",
            t.principal_leaders,
            "township_principal_experience.members",
            t.members.into(),
        );
    }

    /// The party and government team: its size, local cadres and women.
    fn check_team(&self, c: &mut Checker<'_>) {
        let m = u64::from(self.members);
        let p = &self.party_government_team;
        c.part("party_government_team.members", p.members, "members", m);
        let pm = u64::from(p.members);
        c.part(
            "party_government_team.local_cadres",
            p.local_cadres,
            "party_government_team.members",
            pm,
        );
        c.part(
            "party_government_team.women",
            p.women,
            "party_government_team.members",
            pm,
        );
        c.part(
            "party_government_team.women",
            p.women,
            "women.count",
            self.women.count.into(),
        );
        if p.local_cadres < 3 {
            c.warning(
                "party_government_team.local_cadres",
                {
                    let (n, counted) = (p.local_cadres, counted(p.local_cadres, "local cadre", "local cadres"));
                    crate::t!(
                        "only {counted} in the party and government team",
                        "党政班子中只有 {n} 名本地干部"
                    )
                },
                crate::messages::Text::both("the rule is at least 3 local cadres in each county's party and government team", "按规定，每个县的党政班子中至少有 3 名本地干部"),
            );
        }
        if p.women < 2 {
            c.warning(
                "party_government_team.women",
                {
                    let (n, counted) = (p.women, counted(p.women, "woman", "women"));
                    crate::t!(
                        "only {counted} in the party and government team",
                        "党政班子中只有 {n} 名女干部"
                    )
                },
                crate::messages::Text::both(
                    "most counties have 2 or more women in the party and government team",
                    "大多数县的党政班子中有 2 名或以上女干部",
                ),
            );
        }
    }

    /// Promotions: those from the counties, township principals and experts.
    fn check_promotions(&self, c: &mut Checker<'_>) {
        let pr = &self.promotions;
        c.count("promotions.promoted", pr.promoted.into());
        c.part(
            "promotions.from_county",
            pr.from_county,
            "promotions.promoted",
            pr.promoted.into(),
        );
        c.part(
            "promotions.township_principals",
            pr.township_principals,
            "promotions.from_county",
            pr.from_county.into(),
        );
        if let Some(v) = pr.agricultural_experts {
            c.part(
                "promotions.agricultural_experts",
                v,
                "promotions.promoted",
                pr.promoted.into(),
            );
        }
    }

    /// The previous term, when given.
    fn check_previous(&self, c: &mut Checker<'_>) {
        if let Some(prev) = &self.previous {
            let pm = u64::from(prev.members);
            c.count("previous.members", pm);
            if pm == 0 {
                c.error(
                    "previous.members",
                    crate::messages::Text::both(
                        "the previous team has no members",
                        "上届班子人数为 0",
                    ),
                    crate::messages::Text::both(
                        "write its size, or drop `previous`",
                        "请写上届人数，或删去 `previous`",
                    ),
                );
            }
            c.age("previous.average_age", prev.average_age);
            for (key, v) in [
                ("previous.women", prev.women),
                ("previous.college_or_above", prev.college_or_above),
                ("previous.non_party", prev.non_party),
                (
                    "previous.township_principal_experience",
                    prev.township_principal_experience,
                ),
            ] {
                if let Some(v) = v {
                    c.part(key, v, "previous.members", pm);
                }
            }
        }
    }
}

/// "1 woman", "0 women".
fn counted(n: u32, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Whether a slug is safe as a folder name and a URL segment, on every platform: lowercase
/// ASCII letters, digits and inner '-' (so no trailing dot or space, and no two slugs that
/// differ only in case), and no name Windows reserves (`con`, `nul`, `com1`…).
pub fn is_valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.len() <= 64
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && slug != "index"
        && crate::platform::windows_name_problem(slug).is_none()
}

/// The slug an editor most likely meant by `s`, if it can be told without guessing a
/// reading: letters in lower case (full-width forms as ASCII: [`crate::cjk::half_width`]), spaces, '_' and other ASCII
/// punctuation as '-' (`Yang_Cheng` → `yang-cheng`); `None` when `s` holds other
/// characters (a Chinese name has no one spelling) or gives no valid slug.
pub fn slug_like(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    for c in s.trim().chars() {
        let c = crate::cjk::half_width(c);
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if c.is_ascii_punctuation() || c.is_ascii_whitespace() {
            if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
        } else {
            return None;
        }
    }
    let out = out.trim_end_matches('-').to_string();
    (is_valid_slug(&out) && out != s).then_some(out)
}

/// An example slug for a message about the bad one `s`: the one it most likely meant
/// ([`slug_like`]), else `fallback`.
pub fn slug_example(s: &str, fallback: &str) -> String {
    slug_like(s).unwrap_or_else(|| fallback.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_cannot_leave_the_output() {
        for bad in [
            "", "../x", "/etc", "c:", "Yaodu", "a b", "nul", "尧都", "a/b", "-a", "x.y", "con",
            "prn", "aux", "com1", "com9", "lpt1", "lpt0", "anze.", "anze ", "index",
        ] {
            assert!(!is_valid_slug(bad), "{bad:?} accepted");
        }
        for good in ["yaodu", "county-7", "a1", "com10", "console", "nul-1"] {
            assert!(is_valid_slug(good), "{good:?} refused");
        }
    }

    #[test]
    fn a_slug_typed_with_capitals_or_spaces_is_told_the_one_it_means() {
        for (typed, meant) in [
            ("Yang_Cheng", Some("yang-cheng")),
            ("YaoDu", Some("yaodu")),
            ("yang  cheng ", Some("yang-cheng")),
            ("ｙａｏｄｕ", Some("yaodu")),
            ("ｙａｎｇ＿ｃｈｅｎｇ", Some("yang-cheng")),
            ("county.7", Some("county-7")),
            ("-anze-", Some("anze")),
            ("尧都", None),
            ("yao都", None),
            ("yaodu", None),
            ("nul", None),
            ("___", None),
        ] {
            assert_eq!(slug_like(typed).as_deref(), meant, "{typed:?}");
        }
        assert_eq!(slug_example("尧都", "yaodu"), "yaodu");
        assert_eq!(slug_example("Hong Tong", "yaodu"), "hong-tong");
    }
}
