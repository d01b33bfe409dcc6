//! A synthetic site of N counties with realistic, consistent figures and narratives of
//! about 1,500 Han characters each, for the benchmark and its tests.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::Path;

/// A small deterministic generator (an LCG), so every run makes the same site.
struct Dice(u64);

impl Dice {
    fn roll(&mut self, n: u32) -> u32 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % u64::from(n.max(1))) as u32
    }
}

const PLACES: &[&str] = &[
    "东", "西", "南", "北", "中", "新", "安", "平", "宁", "和", "兴", "永", "长", "清", "福", "丰",
];
const ENDINGS: &[&str] = &[
    "山县", "河县", "川区", "原市", "城县", "阳县", "泉县", "乡县",
];

const SENTENCES: &[&str] = &[
    "换届工作启动以来，县委坚持把政治标准放在首位，严格按照程序推荐考察，确保选出的干部政治上靠得住、工作上有本事。",
    "新一届班子成员中，有多名同志长期在乡镇一线工作，熟悉农村情况，善于做群众工作，能够带领干部群众干事创业。",
    "在结构配备上，县委统筹考虑年龄、学历、专业和经历，注重老中青梯次配备，班子的整体功能得到进一步增强。",
    "组织部门逐一走访班子成员所在单位，广泛听取干部群众意见，对拟提拔人选的个人有关事项逐项核实，防止带病提拔。",
    "县里把换届纪律要求送到每一位参选人手中，组织集中观看警示教育片，营造了风清气正的换届环境。",
    "新班子成立后，第一时间召开会议研究部署全年工作，明确了产业发展、乡村振兴和民生改善等重点任务。",
    "班子成员分头深入乡镇和企业调研，面对面听取群众的意见建议，把群众的期盼写进工作报告。",
    "对于年轻干部，县委坚持在重大任务中培养锻炼，让他们在信访维稳、项目建设和脱贫攻坚一线经受考验。",
    "女干部和党外干部的配备得到重视，既充分考虑人选的成熟度和岗位匹配度，又不硬性配备、不降格以求。",
    "全县各级党组织把换届作为凝聚人心的契机，广大党员干部精神面貌焕然一新，干事创业的氛围更加浓厚。",
];

/// Writes a site of `n` counties into `dir` (site.toml, content/), without a theme.
pub fn write_site(dir: &Path, n: usize) -> std::io::Result<()> {
    std::fs::create_dir_all(dir.join("content/counties"))?;
    std::fs::create_dir_all(dir.join("content/articles"))?;
    std::fs::write(
        dir.join("site.toml"),
        "title = \"合成测试网\"\ncolumn = \"风清气正看换届\"\nsubtitle = \"合成数据基准站点\"\nbase_url = \"https://bench.example.cn/\"\n",
    )?;
    std::fs::write(
        dir.join("content/city.yaml"),
        format!("name: 合成市\nyear: 2016\ndate: 2016-08-20\nexpected:\n  divisions: {n}\n"),
    )?;
    let mut dice = Dice(17);
    for i in 0..n {
        let slug = format!("c{i:04}");
        // Unique names (two counties of one name are refused): a third character from the
        // 2,049th on, when two characters and an ending run out.
        let third = if i >= 2048 {
            PLACES[(i / 2048) % PLACES.len()]
        } else {
            ""
        };
        let name = format!(
            "{}{}{third}{}",
            PLACES[i % PLACES.len()],
            PLACES[(i / PLACES.len()) % PLACES.len()],
            ENDINGS[(i / 256) % ENDINGS.len()]
        );
        std::fs::write(
            dir.join(format!("content/counties/{slug}.yaml")),
            county_yaml(&mut dice, &slug, &name, i),
        )?;
        std::fs::write(
            dir.join(format!("content/counties/{slug}.md")),
            narrative(&name, i),
        )?;
    }
    for a in 0..5 {
        let mut body = String::from(
            "## 全市概况\n\n全市班子成员{{ city.members }}名，大专以上学历占{{ city.shares.college_or_above }}，女干部{{ city.women }}名。\n\n",
        );
        for k in 0..12 {
            body.push_str(SENTENCES[(a + k) % SENTENCES.len()]);
            if k % 3 == 2 {
                body.push_str("\n\n");
            }
        }
        std::fs::write(
            dir.join(format!("content/articles/report-{a}.md")),
            format!(
                "---\ntitle: 换届专题报道之{}\ndate: 2016-08-{:02}\nsummary: 合成报道。\n---\n{body}\n",
                a + 1,
                20 + a
            ),
        )?;
    }
    Ok(())
}

/// Writes a nested site into `dir`: a country of `fanout[0]` regions, each of `fanout[1]`
/// regions, …, the innermost each of `fanout[last]` counties (31 × 10 × 10 is a country of
/// provinces of cities). Each region states how many counties it holds (`expected:
/// divisions`); every other total is left for qingfeng to add up.
pub fn write_nested_site(dir: &Path, fanout: &[usize]) -> std::io::Result<()> {
    let counties: usize = fanout.iter().product();
    std::fs::create_dir_all(dir.join("content/counties"))?;
    std::fs::write(
        dir.join("site.toml"),
        "title = \"合成测试网\"\ncolumn = \"风清气正看换届\"\nsubtitle = \"合成数据基准站点（多级）\"\nbase_url = \"https://bench.example.cn/\"\n",
    )?;
    std::fs::write(
        dir.join("content/city.yaml"),
        format!(
            "name: 合成国\nlevel: 国\nyear: 2016\ndate: 2016-08-20\nexpected:\n  divisions: {counties}\n"
        ),
    )?;
    let levels = ["省", "市", "片区", "区域"];
    let mut dice = Dice(29);
    let mut next = 0;
    nested_level(
        &dir.join("content/counties"),
        fanout,
        "",
        0,
        &levels,
        &mut dice,
        &mut next,
    )
}

fn nested_level(
    folder: &Path,
    fanout: &[usize],
    prefix: &str,
    depth: usize,
    levels: &[&str],
    dice: &mut Dice,
    next: &mut usize,
) -> std::io::Result<()> {
    let Some((&n, rest)) = fanout.split_first() else {
        return Ok(());
    };
    if rest.is_empty() {
        for _ in 0..n {
            let i = *next;
            *next += 1;
            let slug = format!("c{i:05}");
            let name = format!(
                "{}{}{}{}",
                PLACES[i % PLACES.len()],
                PLACES[(i / PLACES.len()) % PLACES.len()],
                PLACES[(i / 256) % PLACES.len()],
                ENDINGS[i % ENDINGS.len()]
            );
            std::fs::write(
                folder.join(format!("{slug}.yaml")),
                county_yaml(dice, &slug, &name, i),
            )?;
            std::fs::write(folder.join(format!("{slug}.md")), narrative(&name, i))?;
        }
        return Ok(());
    }
    let below: usize = rest.iter().product();
    let level = levels.get(depth).copied().unwrap_or("区域");
    for k in 0..n {
        let slug = format!("{prefix}r{k:02}");
        let name = format!("{}{}{level}", PLACES[k % PLACES.len()], k + 1);
        let own = folder.join(&slug);
        std::fs::create_dir_all(&own)?;
        std::fs::write(
            own.join("_index.yaml"),
            format!(
                "name: {name}\nlevel: {level}\norder: {k}\nyear: 2016\ndate: 2016-08-20\nexpected:\n  divisions: {below}\n"
            ),
        )?;
        nested_level(
            &own,
            rest,
            &format!("{slug}-"),
            depth + 1,
            levels,
            dice,
            next,
        )?;
    }
    Ok(())
}

fn county_yaml(d: &mut Dice, slug: &str, name: &str, i: usize) -> String {
    let m = 20 + d.roll(15);
    let (b1, b2, b3, b4) = (1 + d.roll(2), 2 + d.roll(3), 4 + d.roll(4), 4 + d.roll(4));
    let b5 = m - b1 - b2 - b3 - b4;
    let under_42 = b1 + b2 + 1;
    let average = 440 + d.roll(50);
    let (post, college, below) = (2 + d.roll(4), 1 + d.roll(3), d.roll(2));
    let under = m - post - college - below;
    let women = 2 + d.roll(4);
    let women_principal = d.roll(2);
    let non_party = 1 + d.roll(3);
    let tpe = 5 + d.roll(8);
    let pgt = 12 + d.roll(5);
    let local = 3 + d.roll(3);
    let pgt_women = women.min(2);
    let promoted = 5 + d.roll(6);
    let from_county = promoted - d.roll(2);
    let kind = ["县", "市", "区"][i % 3];
    format!(
        r#"name: {name}
kind: {kind}
slug: {slug}
date: 2016-08-{day:02}
national_poverty_county: {poor}
members: {m}
ethnic_minority: {eth}
grassroots_experience: {grass}
age:
  average: {avg_whole}.{avg_tenth}
  youngest: {young}
  under_42: {under_42}
  around_35: 1
  principal_around_40: {p40}
  bands:
    up_to_35: {b1}
    from_36_to_40: {b2}
    from_41_to_45: {b3}
    from_46_to_50: {b4}
    from_51: {b5}
education:
  postgraduate: {post}
  undergraduate: {under}
  college: {college}
  below_college: {below}
women:
  count: {women}
  principal: {women_principal}
non_party:
  count: {non_party}
  government: {npg}
township_principal_experience:
  members: {tpe}
  principal_leaders: {tpl}
party_government_team:
  members: {pgt}
  local_cadres: {local}
  women: {pgt_women}
promotions:
  promoted: {promoted}
  from_county: {from_county}
  township_principals: {tp}
previous:
  members: {m}
  average_age: {prev_whole}.{prev_tenth}
  women: {prev_women}
  college_or_above: {prev_college}
  non_party: {non_party}
  township_principal_experience: {prev_tpe}
"#,
        day = 1 + i % 20,
        poor = i % 7 == 0,
        eth = d.roll(2),
        grass = m - d.roll(5),
        avg_whole = average / 10,
        avg_tenth = average % 10,
        young = 32 + d.roll(3),
        p40 = d.roll(2),
        npg = d.roll(2).min(non_party),
        tpl = d.roll(2),
        tp = from_county / 3,
        prev_whole = (average + 25) / 10,
        prev_tenth = (average + 25) % 10,
        prev_women = women.saturating_sub(1),
        prev_college = m - below - 1,
        prev_tpe = tpe.saturating_sub(1),
    )
}

/// A narrative of about 1,500 Han characters with references and a table.
fn narrative(name: &str, i: usize) -> String {
    let mut body = String::new();
    let _ = write!(
        body,
        "---\ntitle: {name}新一届领导班子\ndate: 2016-08-{:02}\nsummary: {name}新班子结构优化、活力增强。\n---\n",
        1 + i % 20
    );
    let _ = writeln!(
        body,
        "{name}新一届县级领导班子共{{{{ county.members }}}}名，平均年龄{{{{ county.average_age }}}}岁，比上届{{{{ county.changes.average_age }}}}。女干部占{{{{ county.shares.women }}}}，具有乡镇党政正职经历的占{{{{ county.shares.township_principal_experience }}}}。\n"
    );
    body.push_str("| 项目 | 人数 | 占比 |\n| --- | --- | --- |\n| 大专以上学历 | {{ county.college_or_above }} | {{ county.shares.college_or_above }} |\n| 女干部 | {{ county.women }} | {{ county.shares.women }} |\n| 42岁以下 | {{ county.under_42 }} | {{ county.shares.under_42 }} |\n\n");
    let mut han = 0;
    let mut k = i;
    while han < 1450 {
        let s = SENTENCES[k % SENTENCES.len()];
        if k % 5 == 0 {
            body.push_str("\n## 工作纪实\n\n");
        }
        body.push_str(s);
        han += s
            .chars()
            .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
            .count();
        if k % 2 == 1 {
            body.push_str("\n\n");
        }
        k += 1;
    }
    body.push('\n');
    body
}
