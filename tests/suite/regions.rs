//! Nested regions: a site whose `content/counties/` holds folders of regions (a country's
//! provinces and their cities), each with its `_index.yaml`. Every inner region's totals are
//! recomputed here from the counties' YAML below it, walking the folders, independently of
//! qingfeng's model code; and the pages, breadcrumbs and open data follow the tree.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common::TestSite;

/// The sums this test computes for one region, from the YAML of every county below it.
#[derive(Debug, Default, Clone)]
struct Sums {
    divisions: u64,
    members: u64,
    women: u64,
    college: u64,
    under_42: u64,
    /// Σ average age in tenths × members.
    age_tenths_members: u64,
    youngest: Option<u64>,
}

impl Sums {
    fn add(&mut self, o: &Sums) {
        self.divisions += o.divisions;
        self.members += o.members;
        self.women += o.women;
        self.college += o.college;
        self.under_42 += o.under_42;
        self.age_tenths_members += o.age_tenths_members;
        self.youngest = match (self.youngest, o.youngest) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
    }

    fn of_county(v: &Value) -> Sums {
        let n = |p: &str| -> u64 {
            p.split('.')
                .try_fold(v, |v, k| v.get(k))
                .and_then(Value::as_u64)
                .unwrap_or_else(|| panic!("{p}"))
        };
        let tenths = (v["age"]["average"].as_f64().expect("age") * 10.0).round() as u64;
        Sums {
            divisions: 1,
            members: n("members"),
            women: n("women.count"),
            college: ["postgraduate", "undergraduate", "college"]
                .iter()
                .map(|k| n(&format!("education.{k}")))
                .sum(),
            under_42: n("age.under_42"),
            age_tenths_members: tenths * n("members"),
            youngest: Some(n("age.youngest")),
        }
    }
}

/// One region folder as read from disk: its slug, name, the names above it, and its sums.
#[derive(Debug, Clone)]
struct Folder {
    slug: String,
    name: String,
    level: Option<String>,
    above: Vec<String>,
    sums: Sums,
    /// Child region slugs and own county slugs.
    regions: Vec<String>,
    counties: Vec<String>,
}

/// Walks `dir` (a region folder, or `content/counties` itself): every region below it, and
/// each county's slug with the names of the regions above it. Returns the sums of `dir`.
fn walk(
    dir: &Path,
    above: &[String],
    regions: &mut Vec<Folder>,
    counties: &mut BTreeMap<String, Vec<String>>,
) -> (Sums, Vec<String>, Vec<String>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    let mut sums = Sums::default();
    let (mut child_regions, mut own) = (Vec::new(), Vec::new());
    for path in entries {
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .to_string();
        if path.is_dir() {
            let index: Value = serde_yaml::from_str(
                &std::fs::read_to_string(path.join("_index.yaml")).expect("_index.yaml"),
            )
            .expect("yaml");
            let region_name = index["name"].as_str().expect("name").to_string();
            let mut chain = above.to_vec();
            chain.push(region_name.clone());
            let at = regions.len();
            regions.push(Folder {
                slug: name.clone(),
                name: region_name,
                level: index
                    .get("level")
                    .and_then(Value::as_str)
                    .map(str::to_string),
                above: above.to_vec(),
                sums: Sums::default(),
                regions: Vec::new(),
                counties: Vec::new(),
            });
            let (s, r, c) = walk(&path, &chain, regions, counties);
            regions[at].sums = s.clone();
            regions[at].regions = r;
            regions[at].counties = c;
            sums.add(&s);
            child_regions.push(name);
        } else if name.ends_with(".yaml") && name != "_index.yaml" {
            let v: Value =
                serde_yaml::from_str(&std::fs::read_to_string(&path).expect("read")).expect("yaml");
            sums.add(&Sums::of_county(&v));
            let slug = v["slug"].as_str().expect("slug").to_string();
            counties.insert(slug.clone(), above.to_vec());
            own.push(slug);
        }
    }
    (sums, child_regions, own)
}

/// The site's tree as read from its folders: the root's sums, its child regions and own
/// counties; every region; each county's slug with the names above it.
struct Read {
    root: Sums,
    top_regions: Vec<String>,
    top_counties: Vec<String>,
    folders: Vec<Folder>,
    counties: BTreeMap<String, Vec<String>>,
}

fn read_tree(site: &TestSite) -> Read {
    let mut folders = Vec::new();
    let mut counties = BTreeMap::new();
    let (root, top_regions, top_counties) = walk(
        &site.path("content/counties"),
        &[],
        &mut folders,
        &mut counties,
    );
    Read {
        root,
        top_regions,
        top_counties,
        folders,
        counties,
    }
}

/// The page's breadcrumbs link each of `names`, in that order.
fn assert_crumbs(page: &str, names: &[String], whose: &str) {
    let crumbs = page
        .split("<nav class=\"crumbs")
        .nth(1)
        .and_then(|s| s.split("</nav>").next())
        .unwrap_or_else(|| panic!("breadcrumbs of {whose}"));
    let mut at = 0;
    for name in names {
        let found = crumbs[at..].find(&format!(">{name}</a>"));
        at += found.unwrap_or_else(|| panic!("{name} above {whose} in {crumbs}"));
    }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Checks one summary object against the sums recomputed from the YAML.
fn assert_sums(what: &str, v: &Value, s: &Sums) {
    assert_eq!(
        v["divisions"].as_u64(),
        Some(s.divisions),
        "{what} divisions"
    );
    assert_eq!(v["members"].as_u64(), Some(s.members), "{what} members");
    assert_eq!(v["women"].as_u64(), Some(s.women), "{what} women");
    assert_eq!(
        v["college_or_above"].as_u64(),
        Some(s.college),
        "{what} college"
    );
    assert_eq!(v["under_42"].as_u64(), Some(s.under_42), "{what} under_42");
    assert_eq!(v["youngest"].as_u64(), s.youngest, "{what} youngest");
    let share = round1(s.women as f64 * 100.0 / s.members as f64);
    let got = v["shares"]["women"].as_f64().expect("share");
    assert!(
        (got - share).abs() < 1e-9,
        "{what} women share {got} != {share}"
    );
    let age = s.age_tenths_members as f64 / s.members as f64 / 10.0;
    let got = v["average_age"].as_f64().expect("average age");
    assert!(
        (got - age).abs() <= 0.05 + 1e-9,
        "{what} average age {got} vs {age}"
    );
}

/// A synthetic country of `fanout` (regions of regions of counties), built.
fn nested_site(fanout: &[usize]) -> TestSite {
    let site = TestSite::synthetic(0);
    std::fs::remove_dir_all(site.path("content")).expect("clear");
    crate::synthetic::write_nested_site(site.root(), fanout).expect("nested site");
    site
}

#[test]
fn a_three_level_site_adds_up_at_every_level() {
    let site = nested_site(&[3, 2, 3]);
    site.build().success();
    let Read {
        root,
        top_regions,
        top_counties,
        folders,
        counties,
    } = read_tree(&site);
    assert_eq!(
        folders.len(),
        3 + 3 * 2,
        "three provinces of two cities each"
    );
    assert_eq!(counties.len(), 18);
    assert!(top_counties.is_empty());

    let summary: Value =
        serde_json::from_str(&site.read("public/data/summary.json")).expect("summary.json");
    assert_sums("the root", &summary["city"], &root);
    let published = summary["regions"].as_array().expect("regions");
    assert_eq!(published.len(), folders.len());
    for f in &folders {
        let v = published
            .iter()
            .find(|r| r["slug"] == f.slug.as_str())
            .unwrap_or_else(|| panic!("region {} in summary.json", f.slug));
        assert_sums(&f.slug, v, &f.sums);
        assert_eq!(v["name"], f.name.as_str());
        assert_eq!(v["regions"], serde_json::json!(f.regions), "{}", f.slug);
        let mut listed: Vec<String> = v["counties"]
            .as_array()
            .expect("counties")
            .iter()
            .filter_map(|c| c.as_str().map(str::to_string))
            .collect();
        listed.sort();
        assert_eq!(listed, f.counties, "{}", f.slug);
        let parent = folders
            .iter()
            .find(|p| p.regions.contains(&f.slug))
            .map(|p| p.slug.clone());
        assert_eq!(v["parent"], serde_json::json!(parent), "{}", f.slug);

        // Its page: its members in the cards, breadcrumbs through every level above it,
        // a link to each child.
        let page = site.read(&format!("public/regions/{}/index.html", f.slug));
        assert!(
            page.contains(&format!("{}<span class=\"card-unit\">名", f.sums.members)),
            "{} members on its page",
            f.slug
        );
        assert_crumbs(&page, &f.above, &f.slug);
        for child in f
            .regions
            .iter()
            .map(|s| format!("regions/{s}/index.html"))
            .chain(
                f.counties
                    .iter()
                    .map(|s| format!("counties/{s}/index.html")),
            )
        {
            assert!(
                page.contains(&format!("../../{child}")),
                "{} links {child}",
                f.slug
            );
        }

        // Its CSV: one row a child, each child's members as summed here.
        let csv = site.read(&format!("public/data/regions/{}.csv", f.slug));
        let rows: Vec<&str> = csv.lines().skip(1).collect();
        assert_eq!(rows.len(), f.regions.len() + f.counties.len(), "{}", f.slug);
        for child in &f.regions {
            let sums = &folders
                .iter()
                .find(|o| &o.slug == child)
                .expect("child")
                .sums;
            let row = rows
                .iter()
                .find(|r| r.starts_with(&format!("{child},")))
                .expect("child row");
            let cells: Vec<&str> = row.split(',').collect();
            assert_eq!(cells[3], sums.members.to_string(), "{child} in {}", f.slug);
        }
    }

    // data/regions.csv: a row a region, its members as summed here, its regions above it.
    let csv = site.read("public/data/regions.csv");
    let mut lines = csv.trim_start_matches('\u{feff}').lines();
    let header: Vec<&str> = lines.next().expect("header").split(',').collect();
    assert_eq!(&header[..3], &["省", "市", "slug"]);
    let members = header
        .iter()
        .position(|h| *h == "班子成员")
        .expect("members");
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), folders.len());
    for f in &folders {
        let row = rows.iter().find(|r| r[2] == f.slug).expect("a row");
        assert_eq!(row[members], f.sums.members.to_string(), "{}", f.slug);
        assert_eq!(
            row[0],
            f.above.first().map_or("", String::as_str),
            "{}",
            f.slug
        );
    }

    // Each county's page is under every region above it, in order.
    for (slug, above) in &counties {
        let page = site.read(&format!("public/counties/{slug}/index.html"));
        assert_crumbs(&page, above, slug);
    }

    // counties.csv leads with a column a level (省, 市), each county's regions there.
    let csv = site.read("public/data/counties.csv");
    let mut lines = csv.trim_start_matches('\u{feff}').lines();
    let header: Vec<&str> = lines.next().expect("header").split(',').collect();
    assert_eq!(&header[..3], &["省", "市", "slug"]);
    for line in lines {
        let cells: Vec<&str> = line.split(',').collect();
        let above = &counties[cells[2]];
        assert_eq!(
            &cells[..2],
            &[above[0].as_str(), above[1].as_str()],
            "{line}"
        );
    }

    // The home page compares the top regions, not every county.
    let home = site.read("public/index.html");
    for slug in &top_regions {
        assert!(
            home.contains(&format!("regions/{slug}/index.html")),
            "{slug} on home"
        );
    }
    let compare = home
        .split("id=\"compare-title\"")
        .nth(1)
        .expect("the home page compares the top regions");
    for f in folders.iter().filter(|f| top_regions.contains(&f.slug)) {
        assert!(compare.contains(&f.name), "{} compared on home", f.name);
    }
    assert!(
        home.contains("全国新一届县级领导班子结构"),
        "the root's level names its whole"
    );
    assert_eq!(
        folders
            .iter()
            .find(|f| f.slug == "r00")
            .and_then(|f| f.level.clone())
            .as_deref(),
        Some("省")
    );
}

/// The uneven fixture: a province with a city of two districts' groups and two counties of
/// its own, another city, and a county directly under the province; narratives that name
/// their region and its parent.
#[test]
fn an_uneven_tree_builds_and_its_narratives_name_region_and_parent() {
    let site = TestSite::fixture("province");
    site.build().success();
    let Read {
        root,
        top_counties: own,
        folders,
        ..
    } = read_tree(&site);
    assert_eq!(
        own,
        vec!["xiling".to_string()],
        "a county directly under the root"
    );
    let summary: Value =
        serde_json::from_str(&site.read("public/data/summary.json")).expect("summary.json");
    assert_sums("the province", &summary["city"], &root);
    let qingchuan = folders
        .iter()
        .find(|f| f.slug == "qingchuan")
        .expect("qingchuan");
    let page = site.read("public/regions/qingchuan/index.html");
    assert!(
        page.contains(&format!("清川市共{}个县", qingchuan.sums.divisions)),
        "{{{{ region.divisions }}}} in the region's narrative"
    );
    assert!(
        page.contains(&format!("占全省{}名", root.members)),
        "{{{{ parent.members }}}} is the province's"
    );
    // A region's own charts: those of its data; no empty chart of what it does not give.
    assert!(!page.contains("暂无数据"), "清川市 gives no young cadres");
    // The children's table: a column of how many counties each child region holds, when
    // there is one (a county's own row has none to give); a county's kind is not put in it.
    let table = |page: &str| {
        let at = page
            .find("id=\"children-title\"")
            .expect("the children's table");
        page[at..at + page[at..].find("</table>").expect("its end")].to_string()
    };
    let mixed = table(&page);
    assert!(
        mixed.contains("<th scope=\"col\">所辖县（市、区）</th>"),
        "{mixed}"
    );
    let east = folders.iter().find(|f| f.slug == "east").expect("east");
    assert!(
        mixed.contains(&format!("</a></th><td>{}个</td>", east.sums.divisions)),
        "{mixed}"
    );
    assert!(mixed.contains("</a></th><td>—</td>"), "{mixed}");
    let beishan = site.read("public/regions/beishan/index.html");
    let only_counties = table(&beishan);
    assert!(
        !only_counties.contains("所辖县") && !only_counties.contains("</a></th><td>县</td>"),
        "{only_counties}"
    );
    assert!(beishan.contains("北山市优秀年轻干部") || beishan.contains("年轻干部来源"));
    assert!(
        beishan.contains("乡镇党政正职"),
        "its own category map is drawn"
    );
    // counties.csv: the direct county has no city; levels are named by the first region
    // at each depth.
    let csv = site.read("public/data/counties.csv");
    assert!(csv.starts_with("\u{feff}市,片区,slug,"), "{}", &csv[..80]);
    assert!(
        csv.contains("\n,,xiling,"),
        "a county of the root has no region"
    );
    assert!(csv.contains("\n清川市,东片区,baishui,"));
}

#[test]
fn a_region_folder_without_its_figures_is_refused_and_the_output_kept() {
    let site = TestSite::fixture("province");
    site.build().success();
    let before = site.snapshot("public");
    std::fs::remove_file(site.path("content/counties/beishan/_index.yaml")).expect("remove");
    site.build()
        .failure(1)
        .stderr_has("QF0413")
        .stderr_has("content/counties/beishan");
    assert_eq!(
        site.snapshot("public"),
        before,
        "the previous output is left as it was"
    );
}

#[test]
fn a_wrong_stated_total_of_an_inner_region_is_an_error_at_its_line() {
    let site = TestSite::fixture("province");
    site.edit(
        "content/counties/qingchuan/_index.yaml",
        "  divisions: 6",
        "  divisions: 7",
    );
    site.build()
        .failure(1)
        .stderr_has("content/counties/qingchuan/_index.yaml:")
        .stderr_has("expected.divisions");
}

#[test]
fn empty_clashing_and_misnamed_regions_are_refused() {
    let site = TestSite::fixture("province");
    site.write(
        "content/counties/empty/_index.yaml",
        "name: 空市\nyear: 2021\ndate: 2021-09-15\n",
    );
    site.build().failure(1).stderr_has("QF0414");

    let site = TestSite::fixture("province");
    site.write(
        "content/counties/beishan/east/_index.yaml",
        "name: 北山东片\nyear: 2021\ndate: 2021-09-15\n",
    );
    std::fs::rename(
        site.path("content/counties/beishan/hexi.yaml"),
        site.path("content/counties/beishan/east/hexi.yaml"),
    )
    .expect("move");
    site.build().failure(1).stderr_has("QF0415");

    // A folder named with capitals or '_' is told the name it most likely means.
    let site = TestSite::fixture("province");
    std::fs::rename(
        site.path("content/counties/beishan"),
        site.path("content/counties/Bei_Shan"),
    )
    .expect("rename");
    site.build()
        .failure(1)
        .stderr_has("the folder name `Bei_Shan` cannot be a page address")
        .stderr_has("e.g. bei-shan");
}

#[test]
fn region_references_outside_a_narrative_are_errors() {
    let site = TestSite::fixture("province");
    site.edit(
        "content/articles/review.md",
        "{{ city.members }}",
        "{{ region.members }}",
    );
    site.build().failure(1).stderr_has("region");
}

/// A flat site is the one-level case: no regions in its summary, no region pages.
#[test]
fn a_flat_site_has_no_region_files() {
    let site = TestSite::fixture("second-city");
    site.build().success();
    let summary: Value =
        serde_json::from_str(&site.read("public/data/summary.json")).expect("summary.json");
    assert!(summary.get("regions").is_none());
    assert!(!site.path("public/regions").exists());
    assert!(!site.path("public/data/regions").exists());
}

#[test]
fn init_with_levels_scaffolds_a_nested_site_that_builds_and_new_places_counties() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("site");
    let root_text = root.to_string_lossy().to_string();
    let init = crate::common::qingfeng()
        .args(["init", &root_text, "--levels", "province,city,county"])
        .output()
        .expect("init");
    assert!(
        init.status.success(),
        "{}",
        String::from_utf8_lossy(&init.stderr)
    );
    let city = std::fs::read_to_string(root.join("content/city.yaml")).expect("city.yaml");
    assert!(city.contains("level: 省"), "{city}");
    assert!(root.join("content/counties/shili-1/_index.yaml").is_file());
    assert!(root.join("content/counties/shili-1/shili.yaml").is_file());

    let run = |args: &[&str]| {
        crate::common::qingfeng()
            .arg("--root")
            .arg(&root)
            .args(args)
            .output()
            .expect("run")
    };
    let new = run(&[
        "new",
        "region",
        "linfen",
        "--in",
        "shili-1",
        "--name",
        "临汾市",
        "--level",
        "片区",
    ]);
    assert!(
        new.status.success(),
        "{}",
        String::from_utf8_lossy(&new.stderr)
    );
    let new = run(&["new", "county", "hongtong", "--in", "linfen"]);
    assert!(
        new.status.success(),
        "{}",
        String::from_utf8_lossy(&new.stderr)
    );
    assert!(
        root.join("content/counties/shili-1/linfen/hongtong.yaml")
            .is_file()
    );
    // A slug another county or region has, in any region, is refused, and nothing written.
    for (args, taken) in [
        (
            &["new", "county", "hongtong", "--in", "shili-1"][..],
            "content/counties/shili-1/linfen/hongtong.yaml",
        ),
        (&["new", "county", "hongtong"][..], "hongtong.yaml"),
        (
            &[
                "new",
                "region",
                "linfen",
                "--name",
                "又一个",
                "--level",
                "市",
            ][..],
            "content/counties/shili-1/linfen",
        ),
    ] {
        let again = run(args);
        let stderr = String::from_utf8_lossy(&again.stderr);
        assert!(!again.status.success(), "{args:?}");
        assert!(stderr.contains(taken), "{args:?}: {stderr}");
    }
    assert!(!root.join("content/counties/shili-1/hongtong.yaml").exists());
    assert!(!root.join("content/counties/hongtong.yaml").exists());
    assert!(!root.join("content/counties/linfen").exists());
    let missing = run(&["new", "county", "anze", "--in", "nowhere"]);
    assert!(!missing.status.success());
    assert!(
        String::from_utf8_lossy(&missing.stderr).contains("linfen"),
        "lists the regions"
    );

    let build = run(&["build"]);
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    let page = std::fs::read_to_string(root.join("public/counties/hongtong/index.html"))
        .expect("county page");
    let crumbs = page.split("<nav class=\"crumbs").nth(1).expect("crumbs");
    let (province, city) = (
        crumbs.find(">示例市</a>").expect("the city above"),
        crumbs.find(">临汾市</a>").expect("the new region above"),
    );
    assert!(province < city);
    let bad = crate::common::qingfeng()
        .args([
            "init",
            &format!("{root_text}-2"),
            "--levels",
            "province,town",
        ])
        .output()
        .expect("init");
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("QF1211"));
}

/// `--levels` go from the root down to the counties, each once: a level of another name, in
/// Chinese, stands between known ones; a city above its province, a level given twice are
/// refused, saying which levels there are and how to add one later.
#[test]
fn init_levels_go_from_the_root_down_each_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let init = |name: &str, levels: &str| {
        crate::common::qingfeng()
            .args(["--lang", "en", "init"])
            .arg(dir.path().join(name))
            .args(["--levels", levels])
            .output()
            .expect("init")
    };
    let made = init("pianqu", "省,市,片区,县");
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let root = dir.path().join("pianqu");
    let inner = root.join("content/counties/shili-1/shili-2");
    let region = std::fs::read_to_string(inner.join("_index.yaml")).expect("_index.yaml");
    assert!(region.contains("level: 片区"), "{region}");
    assert!(inner.join("shili.yaml").is_file());
    crate::common::build_at(&root).success();

    for (n, (levels, why)) in [
        (
            "city,province,county",
            "`province` (省) is above `city` (市)",
        ),
        ("country,country,county", "`country` (国) is given twice"),
        (
            "province,city,county,county",
            "`county` (县) is given twice",
        ),
        ("province,town", "does not know the level `town`"),
    ]
    .into_iter()
    .enumerate()
    {
        let name = format!("refused-{n}");
        let refused = init(&name, levels);
        let stderr = String::from_utf8_lossy(&refused.stderr);
        assert!(!refused.status.success(), "{levels}");
        for needle in [
            "QF1211",
            why,
            "country (国), province (省), city (市), county (县)",
            "new region SLUG --in REGION --name NAME --level 片区",
        ] {
            assert!(
                stderr.contains(needle),
                "{levels}: no {needle:?} in {stderr}"
            );
        }
        assert!(!dir.path().join(&name).exists(), "{levels}");
    }
}

/// `check` reads a region's narrative against the region's own figures, recomputed here.
#[test]
fn check_reads_a_region_narrative_against_the_region_s_figures() {
    let site = TestSite::fixture("province");
    let folders = read_tree(&site).folders;
    let s = &folders
        .iter()
        .find(|f| f.slug == "beishan")
        .expect("beishan")
        .sums;
    let share = round1(s.women as f64 * 100.0 / s.members as f64);
    site.write(
        "content/counties/beishan/_index.md",
        &format!(
            "---\ntitle: 北山市综述\ndate: 2021-09-16\n---\n北山市女干部占比{:.1}%。\n",
            share + 1.0
        ),
    );
    let run = site.run(&["check"]).failure(1);
    let stderr = run.stderr_has("QF0908").stderr_has("北山市").stderr;
    assert!(
        stderr.contains(&format!(
            "女干部 {} / 班子成员 {} = {share:.1}%",
            s.women, s.members
        )),
        "{stderr}"
    );
    site.write(
        "content/counties/beishan/_index.md",
        &format!("---\ntitle: 北山市综述\ndate: 2021-09-16\n---\n北山市女干部占比{{{{ region.shares.women }}}}，共{}名。\n", s.women),
    );
    let ok = site.run(&["check"]);
    assert!(!ok.stderr.contains("QF0908"), "{}", ok.stderr);
}

/// A root of more regions than `max_bars`, and a region of more counties: both show the
/// distribution of their children and link their full rankings, and every link of the
/// site leads somewhere.
#[test]
fn many_children_show_their_distribution_and_every_link_resolves() {
    let site = nested_site(&[5, 12]);
    site.write(
        "site.toml",
        &format!("{}\n[compare]\nmax_bars = 4\n", site.read("site.toml")),
    );
    site.build().success();
    let home = site.read("public/index.html");
    assert!(
        home.contains("中位数"),
        "the root's five regions drawn as a distribution"
    );
    // The root's full rankings of its regions, linked from the home page's distribution,
    // at the root's ranking address: each region a row, linking its page.
    let rankings: Vec<String> = std::fs::read_dir(site.path("public/counties/ranking"))
        .expect("the root's ranking pages")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!rankings.is_empty());
    for id in &rankings {
        assert!(
            home.contains(&format!(
                "href=\"./counties/ranking/{id}/index.html\">查看完整排名"
            )),
            "the home page links the ranking {id}"
        );
        let page = site.read(&format!("public/counties/ranking/{id}/index.html"));
        for r in 0..5 {
            assert!(
                page.contains(&format!("href=\"../../../regions/r{r:02}/index.html\"")),
                "{id}: region r{r:02}"
            );
        }
        let crumbs = page
            .split("<nav class=\"crumbs")
            .nth(1)
            .and_then(|s| s.split("</nav>").next())
            .expect("breadcrumbs");
        assert!(
            crumbs.contains(">首页</a>") && !crumbs.contains("counties/index.html"),
            "under the home page, which shows the comparison: {crumbs}"
        );
        let csv = site.read(&format!("public/data/charts/compare-{id}.csv"));
        assert_eq!(csv.lines().count(), 1 + 5, "{id}: a row a region");
        assert!(
            page.contains("下载本排名（CSV）"),
            "{id}: its CSV is the ranking"
        );
        // A region's ranking links the CSV of its children, which is not ranked: its link
        // says what it holds.
        let inner = site.read(&format!("public/regions/r00/ranking/{id}/index.html"));
        assert!(
            inner.contains("data/regions/r00.csv\" download>下载下级各地全部数据（CSV）"),
            "{id}: {inner}"
        );
    }
    let region = site.read("public/regions/r00/index.html");
    assert!(
        region.contains("中位数"),
        "twelve counties drawn as a distribution"
    );
    let csv = site.read("public/data/regions/r00.csv");
    assert_eq!(
        csv.lines().count(),
        1 + 12,
        "the region's CSV holds every child"
    );
    let check = site.run(&["check"]);
    for code in ["QF1001", "QF1002", "QF1003"] {
        assert!(!check.stderr.contains(code), "{}", check.stderr);
    }
}

/// A region file with a mistake of its own is reported once, at its line, not again as a
/// folder without figures.
#[test]
fn a_broken_region_file_is_reported_once() {
    let site = TestSite::fixture("province");
    site.edit(
        "content/counties/beishan/_index.yaml",
        "year: 2021",
        "year: 二〇二一",
    );
    let run = site.build().failure(1);
    let run = run.stderr_has("content/counties/beishan/_index.yaml:");
    assert!(!run.stderr.contains("QF0413"), "{}", run.stderr);
}

/// `content/counties/_index.yaml` is not the root's file: a warning says where that is.
#[test]
fn an_index_file_at_the_top_of_counties_is_ignored_with_a_warning() {
    let site = TestSite::fixture("second-city");
    site.write(
        "content/counties/_index.yaml",
        "name: 清川市\nyear: 2021\ndate: 2021-09-15\n",
    );
    site.build()
        .success()
        .stderr_has("content/city.yaml")
        .stderr_has("QF0214");
}

/// Two regions of one parent with one name (a copied `_index.yaml`) are an error at the
/// second one's `name:`.
#[test]
fn two_regions_of_one_parent_may_not_share_a_name() {
    let site = TestSite::fixture("province");
    site.build().success();
    site.edit(
        "content/counties/qingchuan/_index.yaml",
        "name: 清川市",
        "name: 北山市",
    );
    site.build()
        .failure(1)
        .stderr_has("error[QF0416]")
        .stderr_has("content/counties/qingchuan/_index.yaml:1:1")
        .stderr_has("the name `北山市` is already used by content/counties/beishan/_index.yaml");
}
