//! `qingfeng build` end to end: real sites in temp dirs, output inspected.

use crate::common::{TestSite, assert_rejected};
use serde_json::Value;

fn summary(site: &TestSite) -> Value {
    serde_json::from_str(&site.read("public/data/summary.json")).expect("summary.json")
}

#[test]
fn example_reproduces_the_articles_totals() {
    let site = TestSite::example();
    let run = site.build().success();
    assert!(run.stdout.contains("built "), "{}", run.stdout);
    let s = summary(&site);
    let city = &s["city"];
    let expect = [
        ("members", 445.0),
        ("college_or_above", 441.0),
        ("women", 62.0),
        ("women_principal", 3.0),
        ("non_party", 52.0),
        ("non_party_government", 6.0),
        ("township_principal_experience", 169.0),
        ("township_principal_leaders", 8.0),
        ("under_42", 59.0),
        ("around_35", 8.0),
        ("youngest", 33.0),
        ("principal_around_40", 3.0),
        ("average_age_change", -2.9),
        ("promoted", 162.0),
        ("promoted_from_county", 133.0),
        ("promoted_other", 29.0),
        ("promoted_township_principals", 49.0),
        ("divisions", 17.0),
        ("national_poverty_counties", 5.0),
        ("agricultural_experts", 5.0),
    ];
    for (key, value) in expect {
        assert_eq!(city[key].as_f64(), Some(value), "city.{key}");
    }
    assert_eq!(city["shares"]["college_or_above"].as_f64(), Some(99.1));
    assert_eq!(city["shares"]["women"].as_f64(), Some(13.9));
    assert_eq!(
        city["shares"]["township_principal_experience"].as_f64(),
        Some(38.0)
    );
    assert_eq!(city["shares"]["promoted_from_county"].as_f64(), Some(82.1));
    assert_eq!(city["young_cadres"]["total"].as_u64(), Some(30));

    let counties = s["counties"].as_array().expect("counties");
    assert_eq!(counties.len(), 17);
    for c in counties {
        let slug = c["slug"].as_str().expect("slug");
        assert!(c["name"].is_string());
        let page = site.read(&format!("public/counties/{slug}/index.html"));
        assert!(
            page.contains(c["name"].as_str().unwrap_or("?")),
            "{slug} page lacks its name"
        );
    }
    let sum: f64 = counties
        .iter()
        .map(|c| c["members"].as_f64().unwrap_or(0.0))
        .sum();
    assert_eq!(sum, 445.0);

    // The home page shows the computed headline figures.
    let home = site.read("public/index.html");
    for figure in ["445", "99.1%", "13.9%", "38.0%", "下降2.9岁"] {
        assert!(home.contains(figure), "home lacks {figure}");
    }
    // The CSV opens in Excel on Chinese Windows: UTF-8 with a BOM, one row a county.
    let csv = std::fs::read(site.path("public/data/counties.csv")).expect("csv");
    assert!(csv.starts_with(b"\xEF\xBB\xBF"));
    assert_eq!(String::from_utf8_lossy(&csv).lines().count(), 18);
}

#[test]
fn narratives_print_figures_from_the_data() {
    let site = TestSite::fixture("minimal");
    site.build().success();
    let page = site.read("public/counties/alpha/index.html");
    assert!(
        page.contains("共20名，女干部占15.0%，平均年龄下降3.0岁。全市共40名"),
        "{page}"
    );
    assert!(page.contains("<strong>重点。</strong>说明文字"), "{page}");
    let report = site.read("public/articles/report/index.html");
    assert!(
        report.contains("抽查核实2026人，拓展至3000余名"),
        "{report}"
    );
    assert!(report.contains("<h2 id=\"总体情况\">"), "{report}");
}

#[test]
fn builds_are_deterministic() {
    let site = TestSite::example();
    // `--output` is relative to the working directory: give paths inside the temp site.
    for out in ["out1", "out2"] {
        let path = site.path(out);
        site.run(&["build", "--output", &path.to_string_lossy()])
            .success();
    }
    let a = site.snapshot("out1");
    let b = site.snapshot("out2");
    assert!(a.len() > 20, "only {} files built", a.len());
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (k, v) in &a {
        assert!(v == &b[k], "{k} differs between builds");
    }
}

#[test]
fn every_internal_link_is_relative_and_resolves() {
    let site = TestSite::example();
    site.build().success();
    let files = site.snapshot("public");
    let mut checked = 0;
    for (path, bytes) in files
        .iter()
        .filter(|(p, _)| p.ends_with(".html") && p.as_str() != "404.html")
    {
        let html = String::from_utf8_lossy(bytes);
        for attr in ["href=\"", "src=\""] {
            for part in html.split(attr).skip(1) {
                let url = part.split('"').next().unwrap_or("");
                if url.starts_with("http")
                    || url.starts_with('#')
                    || ["mailto:", "tel:", "sms:"]
                        .iter()
                        .any(|s| url.starts_with(s))
                {
                    continue;
                }
                assert!(!url.starts_with('/'), "{path}: absolute link {url}");
                let target = url.split('#').next().unwrap_or("");
                let base = std::path::Path::new(path)
                    .parent()
                    .unwrap_or(std::path::Path::new(""));
                let joined = normalize(&base.join(target));
                assert!(
                    files.contains_key(&joined),
                    "{path}: link {url} → {joined} does not exist"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "only {checked} links checked");
}

fn normalize(p: &std::path::Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                parts.pop();
            }
            std::path::Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
            _ => {}
        }
    }
    parts.join("/")
}

#[test]
fn misspelt_key_names_file_line_and_nearest_key() {
    assert_rejected(
        |s| {
            s.edit(
                "content/counties/alpha.yaml",
                "  principal: 1\nnon_party",
                "  principle: 1\nnon_party",
            );
        },
        &[
            "content/counties/alpha.yaml:24:3",
            "unknown field `principle`",
            "did you mean `principal`?",
            "24 |   principle: 1",
        ],
    );
}

#[test]
fn wrong_type_and_negative_counts_are_located() {
    assert_rejected(
        |s| {
            s.edit(
                "content/counties/alpha.yaml",
                "members: 20",
                "members: 二十",
            );
        },
        &["alpha.yaml:5:", "members"],
    );
    assert_rejected(
        |s| {
            s.edit("content/counties/alpha.yaml", "  count: 3", "  count: -3");
        },
        &["alpha.yaml:23:10", "whole number"],
    );
}

#[test]
fn missing_field_is_named() {
    assert_rejected(
        |s| {
            s.edit("content/counties/alpha.yaml", "members: 20\n", "");
        },
        &["alpha.yaml", "missing field `members`"],
    );
}

#[test]
fn parts_never_exceed_wholes_and_groups_add_up() {
    assert_rejected(
        |s| {
            s.edit(
                "content/counties/alpha.yaml",
                "  principal: 1\nnon_party",
                "  principal: 4\nnon_party",
            );
            s.edit(
                "content/counties/beta.yaml",
                "    from_51: 5",
                "    from_51: 6",
            );
        },
        &[
            "alpha.yaml:24:14",
            "women.principal: 4 is more than women.count (3)",
            "beta.yaml:11:3",
            "age.bands: adds up to 21, but members is 20",
            "2 errors",
        ],
    );
}

#[test]
fn stated_totals_must_match_the_counties() {
    assert_rejected(
        |s| {
            s.edit("content/city.yaml", "members: 40", "members: 41");
        },
        &[
            "content/city.yaml:6:12",
            "the column states 41, but the counties add up to 40",
        ],
    );
    // A share stated as `women_share` is pointed at `shares.women`, not at the change in
    // points its name is nearest to.
    assert_rejected(
        |s| {
            s.edit(
                "content/city.yaml",
                "  women: 6\n",
                "  women: 6\n  women_share: 15.0\n",
            );
        },
        &[
            "content/city.yaml:8:16",
            "did you mean `shares.women`, the share? (`changes.women_share` is its change",
        ],
    );
}

#[test]
fn missing_reference_names_file_and_line() {
    assert_rejected(
        |s| {
            s.edit(
                "content/counties/alpha.md",
                "{{ county.members }}",
                "{{ county.membres }}",
            );
        },
        &[
            "content/counties/alpha.md:6:",
            "did you mean `county.members`?",
        ],
    );
}

/// A reference typed with one brace too few or too many is an error at its own line and
/// column, in `build` and `check`; a `{{` is never paired with a `}}` of a later paragraph.
/// A writer who knows the theme's templates types `{% if … %}` in a narrative: it would
/// be published as typed. An error at the statement, in both languages.
#[test]
fn a_template_statement_in_a_text_is_an_error_at_its_place() {
    let run = assert_rejected(
        |s| {
            s.edit(
                "content/articles/report.md",
                "## 总体情况\n",
                "## 总体情况\n\n女干部{% if city.women > 3 %}较多{% endif %}。\n",
            );
        },
        &[
            "error[QF0505]: `{% if city.women > 3 %}` is a template statement",
            "--> content/articles/report.md:8:4",
            // An article's example is one an article may use.
            "help: write the sentence itself; a figure is printed with a reference such as `{{ city.members }}`",
        ],
    );
    assert_eq!(
        run.stderr.matches("QF0505").count(),
        1,
        "one error, at the first: {}",
        run.stderr
    );
    let site = TestSite::fixture("minimal");
    let narrative = site.read("content/counties/alpha.md");
    site.write(
        "content/counties/alpha.md",
        &format!("{narrative}\n{{%- for x in county.age_bands %}}{{{{ x }}}}{{% endfor %}}\n"),
    );
    site.run(&["--lang", "zh", "build"])
        .failure(1)
        .stderr_has("错误[QF0505]：`{%- for x in county.age_bands %}` 是模板语句")
        .stderr_has("数字用 `{{ county.members }}` 这样的数据引用写出")
        .stderr_has(&format!(
            "content/counties/alpha.md:{}:1",
            narrative.lines().count() + 2
        ));
    // Without a keyword, or without its `%}` on the line, it is text, as it reads.
    site.write(
        "content/counties/alpha.md",
        &format!("{narrative}\n增长{{% 与 %}}，和{{%\nif %}}\n"),
    );
    site.build().success();
}

#[test]
fn a_reference_with_a_brace_too_few_or_too_many_is_an_error_at_its_place() {
    let alpha_md = "content/counties/alpha.md";
    let run = assert_rejected(
        |s| {
            let text = s.read(alpha_md);
            s.write(
                alpha_md,
                &format!(
                    "{text}\n党外干部{{{{ county.members }}}}}}名。\n\n女干部{{{{ county.women }}名。\n\n班子共{{{{ county.members }}}}名。\n"
                ),
            );
        },
        &[
            "content/counties/alpha.md:11:5",
            "`{{ county.members }}}`: a figure reference with one brace too many",
            "content/counties/alpha.md:13:4",
            "`{{ county.women }`: a figure reference is closed with `}}`, not `}`",
            "13 | 女干部{{ county.women }名。",
            "help: write `{{ county.women }}`",
        ],
    );
    assert!(!run.stderr.contains("班子共"), "{}", run.stderr);
    assert!(
        run.stderr.contains("build failed: 2 errors"),
        "{}",
        run.stderr
    );
    let site = TestSite::fixture("minimal");
    site.edit(alpha_md, "{{ county.members }}", "{ county.members }}");
    site.run(&["--lang", "zh", "check"])
        .failure(1)
        .stderr_has("content/counties/alpha.md:6:")
        .stderr_has("`{ county.members }}`：数据引用应以 `{{` 开头，这里只有一个 `{`")
        .stderr_has("改为 `{{ county.members }}`");
}

/// A problem in a Q&A answer is placed at its line and column of qa.yaml, whatever the
/// answer's style (one line, a `|` block), and a link names its question.
#[test]
fn a_problem_in_a_qa_answer_is_placed_in_qa_yaml() {
    let qa = "title: 换届纪律知识问答\ndate: 2016-07-15\nitems:\n  - question: 什么是“九个严禁”？\n    answer: 全市共{{ city.memebrs }}名。\n  - question: 第二问\n    answer: |\n      第一段。\n\n      第二段{{ city.womn }}。\n  - question: 第三问\n    answer: \"见[通知](tongzhi.md)。\"\n";
    let run = assert_rejected(
        |s| {
            s.write("content/qa.yaml", qa);
        },
        &[
            "--> content/qa.yaml:5:16\n",
            "5 |     answer: 全市共{{ city.memebrs }}名。",
            "--> content/qa.yaml:10:10\n",
            "10 |       第二段{{ city.womn }}。",
            "the answer to “第三问” links `tongzhi.md`, which is not in content/\n  --> content/qa.yaml:12:20\n",
        ],
    );
    assert!(!run.stderr.contains("qa.yaml:2:"), "{}", run.stderr);
    let site = TestSite::fixture("minimal");
    site.write(
        "content/qa.yaml",
        &qa.replace("memebrs", "members").replace("womn", "women"),
    );
    site.run(&["--lang", "zh", "check"])
        .failure(1)
        .stderr_has("问题“第三问”的回答链接了 `tongzhi.md`")
        .stderr_has("content/qa.yaml:12:20");
    // The file is named as it is called: `qa.yml` too.
    let site = TestSite::fixture("minimal");
    site.write("content/qa.yml", qa);
    let run = site
        .build()
        .failure(1)
        .stderr_has("--> content/qa.yml:5:16\n");
    assert!(!run.stderr.contains("qa.yaml"), "{}", run.stderr);
    // An item written as a flow mapping on one line is placed too.
    let site = TestSite::fixture("minimal");
    site.write(
        "content/qa.yaml",
        "title: 问答\ndate: 2016-07-15\nitems:\n  - { question: 一问, answer: \"全市{{ city.memebrs }}名\" }\n",
    );
    site.build()
        .failure(1)
        .stderr_has("--> content/qa.yaml:4:32\n")
        .stderr_has("4 |   - { question: 一问, answer: \"全市{{ city.memebrs }}名\" }");
}

/// The ids of a page's elements (` id="…"`), each once.
fn page_ids(html: &str) -> Vec<&str> {
    html.split(" id=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap_or(""))
        .collect()
}

/// Every id on a page is unique: a heading named like an element of the theme (`## Main`,
/// `## Cards title`), footnotes labelled `main` and `1`, and the same footnote label in two
/// of the Q&A's answers.
#[test]
fn a_page_s_ids_are_unique_whatever_its_headings_and_footnotes() {
    let site = TestSite::fixture("minimal");
    let md = site.read("content/counties/alpha.md");
    site.write(
        "content/counties/alpha.md",
        &format!(
            "{md}\n## Main\n\n## Cards title\n\n## 1\n\n见注[^main]和[^1]。\n\n[^main]: 甲。\n\n[^1]: 乙。\n"
        ),
    );
    site.write(
        "content/qa.yaml",
        "title: 问答\ndate: 2016-07-15\nitems:\n  - question: 一问\n    answer: |\n      见注[^1]。\n\n      [^1]: 一。\n  - question: 二问\n    answer: |\n      见注[^1]。\n\n      [^1]: 二。\n",
    );
    site.build().success();
    for page in ["public/counties/alpha/index.html", "public/qa/index.html"] {
        let html = site.read(page);
        let mut ids = page_ids(&html);
        let all = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), all, "{page}: {ids:?}");
    }
    let county = site.read("public/counties/alpha/index.html");
    for needle in [
        "id=\"main\"",
        "<h2 id=\"h-main\">",
        "<h2 id=\"h-cards-title\">",
        "<h2 id=\"1\">",
        "href=\"#fn-main\">1</a>",
        "id=\"fn-1\"",
    ] {
        assert!(county.contains(needle), "{needle} in {county}");
    }
    let qa = site.read("public/qa/index.html");
    for needle in [
        "href=\"#fn-a1-1\"",
        "id=\"fn-a1-1\"",
        "href=\"#fn-a2-1\"",
        "id=\"fn-a2-1\"",
    ] {
        assert!(qa.contains(needle), "{needle} in {qa}");
    }
}

/// In city.yaml's lists, a key used twice is placed at its second use, and an entry with
/// an empty label or title at its key, in flow (`- { key: … }`) and block (`- key: …`)
/// style alike.
#[test]
fn a_city_list_entry_is_placed_at_its_own_line() {
    let site = TestSite::fixture("minimal");
    let city = site.read("content/city.yaml");
    let city = city.replace("label: 市直机关", "label: \"\"").replace(
        "key: extended, label: 申报范围拓展",
        "key: spot_checked, label: 拓展",
    ) + "  - key: discipline\n    title: \"\"\n    figures:\n      - key: talks\n        label: 谈话\n        value: 3\n      - key: spot_checked\n        label: 抽查\n        value: 2\n      - key: Bad_Key\n        label: 坏键\n        value: 1\n      - key: spot_checked\n        label: 再查\n        value: 1\n  - key: audits\n    title: 审计\n    figures:\n      - key: audits\n        label: 审计一\n        value: 1\n      - key: audits\n        label: 审计二\n        value: 2\n";
    site.write("content/city.yaml", &city);
    let line_of = |needle: &str| {
        city.lines()
            .position(|l| l.contains(needle))
            .map(|n| n + 1)
            .unwrap_or_else(|| panic!("no {needle}"))
    };
    let (organs, twice, discipline) = (
        line_of("city_organs"),
        line_of("label: 拓展"),
        line_of("key: discipline"),
    );
    // In the second section, its own second `spot_checked`, not the first section's.
    let (bad, again) = (line_of("key: Bad_Key"), line_of("label: 再查") - 1);
    // A figure keyed like its own section: its second use, not its first.
    let audits = line_of("label: 审计二") - 1;
    site.build()
        .failure(1)
        .stderr_has(&format!(
            "young_cadres.origins: the entry `city_organs` has an empty label or title\n  --> content/city.yaml:{organs}:14"
        ))
        .stderr_has(&format!(
            "sections: key `spot_checked` is used twice\n  --> content/city.yaml:{twice}:16"
        ))
        .stderr_has(&format!(
            "sections: the entry `discipline` has an empty label or title\n  --> content/city.yaml:{discipline}:10"
        ))
        .stderr_has(&format!(
            "sections: key `spot_checked` is used twice\n  --> content/city.yaml:{again}:14"
        ))
        .stderr_has(&format!(
            "sections: key `Bad_Key` is not a valid reference key\n  --> content/city.yaml:{bad}:14"
        ))
        .stderr_has(&format!(
            "sections: key `audits` is used twice\n  --> content/city.yaml:{audits}:14"
        ));
}

#[test]
fn slugs_cannot_leave_the_output() {
    for slug in ["../../evil", "/etc", "C:", "NUL", "Alpha"] {
        let site = TestSite::fixture("minimal");
        site.edit(
            "content/counties/alpha.yaml",
            "slug: alpha",
            &format!("slug: \"{slug}\""),
        );
        site.build().failure(1).stderr_has("is not allowed");
        assert!(!site.path("public").exists());
        assert!(!site.root().parent().expect("parent").join("evil").exists());
    }
}

/// A county's slug with capitals or '_' is told the slug it most likely means: its file's
/// name when that is the slug bar hyphens, else the slug's letters in lower case.
#[test]
fn a_slug_with_capitals_is_told_the_one_it_means() {
    for (slug, meant) in [
        ("Alpha", "`alpha`"),
        ("Al_Pha", "`alpha`"),
        ("Beta_One", "`beta-one`"),
    ] {
        let site = TestSite::fixture("minimal");
        site.edit(
            "content/counties/alpha.yaml",
            "slug: alpha",
            &format!("slug: {slug}"),
        );
        site.run(&["--lang", "en", "build"])
            .failure(1)
            .stderr_has(&format!("slug `{slug}` is not allowed"))
            .stderr_has(&format!("e.g. {meant}"));
    }
}

#[test]
fn warnings_follow_the_articles_rules() {
    let site = TestSite::fixture("minimal");
    site.edit(
        "content/counties/beta.yaml",
        "  local_cadres: 4",
        "  local_cadres: 2",
    );
    site.build()
        .success()
        .stderr_has("only 2 local cadres in the party and government team")
        .stderr_has("beta.yaml:33:17");
}

#[test]
fn dotfiles_in_the_output_survive_and_stale_pages_go() {
    let site = TestSite::fixture("minimal");
    site.build().success();
    site.write("public/.git/HEAD", "ref: refs/heads/main\n");
    site.write("public/.nojekyll", "");
    std::fs::remove_file(site.path("content/articles/report.md")).expect("rm");
    site.build().success();
    assert_eq!(site.read("public/.git/HEAD"), "ref: refs/heads/main\n");
    assert!(site.path("public/.nojekyll").exists());
    assert!(
        !site.path("public/articles/report").exists(),
        "stale article left behind"
    );
    assert!(site.path("public/index.html").exists());
}

#[test]
fn foreign_files_in_the_output_are_never_deleted() {
    let site = TestSite::fixture("minimal");
    site.write("public/notes.txt", "mine");
    site.build()
        .failure(2)
        .stderr_has("did not make")
        .stderr_has("notes.txt");
    assert_eq!(site.read("public/notes.txt"), "mine");
}

/// An output folder that is a link (`public` pointing into the web server's folder) is
/// written where it points, with the same rules: the link stays, foreign files there are
/// refused and kept.
#[cfg(unix)]
#[test]
fn an_output_folder_that_is_a_link_is_written_where_it_points() {
    let site = TestSite::fixture("minimal");
    let www = tempfile::tempdir().expect("tempdir");
    let served = www.path().join("huanjie");
    std::fs::create_dir(&served).expect("mkdir");
    std::os::unix::fs::symlink(&served, site.path("public")).expect("symlink");
    site.build().success();
    assert!(served.join("index.html").is_file());
    assert!(site.path("public").is_symlink(), "the link was replaced");
    site.edit("content/city.yaml", "name: 测试市", "name: 改名市");
    site.build().success();
    assert!(
        std::fs::read_to_string(served.join("index.html"))
            .expect("read")
            .contains("改名市")
    );
    std::fs::write(served.join("notes.txt"), "mine").expect("write");
    site.build()
        .failure(2)
        .stderr_has("did not make")
        .stderr_has("notes.txt");
    assert_eq!(
        std::fs::read_to_string(served.join("notes.txt")).expect("read"),
        "mine"
    );
}

#[test]
fn output_folder_cannot_be_the_site() {
    let site = TestSite::fixture("minimal");
    site.run(&["build", "--output", "."])
        .failure(2)
        .stderr_has("refusing");
    site.run(&["build", "--output", "content"]).failure(2);
    assert!(site.path("content/city.yaml").exists());
    assert!(!site.path("content/index.html").exists());
}

#[test]
fn output_folder_cannot_be_inside_a_folder_qingfeng_reads() {
    let site = TestSite::fixture("minimal");
    site.write("static/logo.txt", "hi");
    site.edit(
        "site.toml",
        "base_url",
        "output_dir = \"static/out\"\nbase_url",
    );
    for _ in 0..2 {
        site.build()
            .failure(1)
            .stderr_has("error[QF0713]")
            .stderr_has("site.toml:4:1")
            .stderr_has("output_dir is inside static/");
    }
    assert!(!site.path("static/out").exists());
    for (setting, folder) in [
        ("content/out", "content/"),
        ("./themes/default/../default/x", "themes/default/"),
        ("templates", "templates/"),
    ] {
        site.edit(
            "site.toml",
            "output_dir = \"",
            &format!("output_dir = \"{setting}\"\n#"),
        );
        site.build()
            .failure(1)
            .stderr_has(&format!("output_dir is inside {folder}"));
        site.edit(
            "site.toml",
            &format!("output_dir = \"{setting}\"\n#"),
            "output_dir = \"",
        );
    }
    site.run(&["build", "--output", "static/out"])
        .failure(2)
        .stderr_has("error[QF0713]");
    assert!(!site.path("static/out").exists());
    site.edit("site.toml", "output_dir = \"static/out\"\n", "");
    site.build().success();
    assert!(site.path("public/logo.txt").exists());
}

#[test]
fn output_dir_written_on_windows_is_the_same_folder_everywhere() {
    let site = TestSite::fixture("minimal");
    site.edit(
        "site.toml",
        "base_url",
        "output_dir = 'dist\\site'\nbase_url",
    );
    let run = site.build().success();
    assert!(run.stdout.contains("into dist/site"), "{}", run.stdout);
    assert!(site.path("dist/site/index.html").is_file());
    assert!(!site.path("dist\\site").exists());
}

/// site.toml typed with the Chinese keyboard, or with YAML habits: the help line gives the
/// line as it should read (or the type the value takes), in both languages.
#[test]
fn a_slip_in_site_toml_is_told_the_line_to_write() {
    for (from, to, at, help) in [
        (
            "title = \"测试网\"",
            "title = “测试网”",
            "site.toml:1:9",
            "help: write the line as `title = \"测试网\"`: a half-width `=` after the key",
        ),
        (
            "column = \"测试栏目\"",
            "column ＝ \"测试栏目\"",
            "site.toml:2:8",
            "help: write the line as `column = \"测试栏目\"`",
        ),
        (
            "column = \"测试栏目\"",
            "column = \"测试栏目",
            "site.toml:2:",
            "help: write the line as `column = \"测试栏目\"`",
        ),
        (
            "column = \"测试栏目\"",
            "column = 测试栏目\"",
            "site.toml:2:",
            "help: write the line as `column = \"测试栏目\"`",
        ),
        (
            "subtitle = \"两个县的最小站点\"",
            "subtitle: 两个县的最小站点",
            "site.toml:3:",
            "help: write the line as `subtitle = \"两个县的最小站点\"`",
        ),
        (
            "base_url = \"https://example.org/sub/\"",
            "base_url = \"https://example.org/sub/\"\n【footer】\nlines = []",
            "site.toml:5:",
            "help: write the line as `[footer]`: the section's name in half-width square brackets",
        ),
        (
            "base_url = \"https://example.org/sub/\"",
            "base_url = \"https://example.org/sub/\"\n[footer]\nlines = \"备案\"",
            "site.toml:6:9",
            "help: write a list in half-width square brackets, e.g. lines = [",
        ),
        (
            // A number in quotes where a list is asked for: not told to drop the quotes.
            "base_url = \"https://example.org/sub/\"",
            "base_url = \"https://example.org/sub/\"\n[footer]\nlines = \"40\"",
            "site.toml:6:9",
            "help: write a list in half-width square brackets, e.g. lines = [",
        ),
        (
            // A section written twice: not told how a setting is written.
            "base_url = \"https://example.org/sub/\"",
            "base_url = \"https://example.org/sub/\"\n[search]\n[search]\nenabled = false",
            "site.toml:6:",
            "help: this key or section is already written above; keep one of the two",
        ),
        (
            "column = \"测试栏目\"",
            "column = \"测试栏目\"\ncolumn = \"另一个\"",
            "site.toml:3:1",
            "help: this key or section is already written above; keep one of the two",
        ),
    ] {
        assert_rejected(
            |s| {
                s.edit("site.toml", from, to);
            },
            &["error[QF0102]", at, help],
        );
    }
    let site = TestSite::fixture("minimal");
    site.edit("site.toml", "title = \"测试网\"", "title = 测试网");
    site.run(&["--lang", "zh", "build"])
        .failure(1)
        .stderr_has("帮助：改为 `title = \"测试网\"`：键后用半角等号“=”，文字用半角双引号括起");
}

/// The minimal fixture with `lines` added to its site.toml, after its settings.
fn minimal_with_settings(lines: &str) -> TestSite {
    let site = TestSite::fixture("minimal");
    let base = "base_url = \"https://example.org/sub/\"";
    site.edit("site.toml", base, &format!("{base}\n{lines}"));
    site
}

/// A value of the wrong type in site.toml is told in words, with its key, in both
/// languages: not the reader's "expected usize"; a value quoted by mistake gets the line
/// without the quotes.
#[test]
fn a_setting_of_the_wrong_type_is_told_in_words() {
    for (line, message, help) in [
        (
            "[compare]\nmax_bars = \"40\"",
            "error[QF0102]: `max_bars` should be a whole number (0 or more), but is the text `40`",
            "help: write the line as `max_bars = 40`, without quotes",
        ),
        (
            "[compare]\nper_page = \"３０\"",
            "but is the text `３０`",
            "help: write the line as `per_page = 30`, without quotes",
        ),
        (
            "[compare]\nmax_bars = -3",
            "`max_bars` should be a whole number (0 or more), but is the number -3",
            "help: write a whole number of 0 or more, without a minus sign",
        ),
        (
            "[compare]\nmax_bars = 99999999999999999999",
            "but is the number 99999999999999999999",
            "help: the number is too large",
        ),
        (
            "[search]\nenabled = \"否\"",
            "`enabled` should be true or false, but is the text `否`",
            "help: write the line as `enabled = false`, without quotes",
        ),
        // A list in site.toml is written in square brackets, not as YAML's `- ` lines.
        (
            "[footer]\nlines = \"备案\"",
            "`lines` should be a list in square brackets (`[\"…\", \"…\"]`), but is the text `备案`",
            "help: write a list in half-width square brackets",
        ),
    ] {
        let site = minimal_with_settings(line);
        let out = site.run(&["--lang", "en", "build"]).failure(1);
        let out = out.stderr_has(message).stderr_has(help);
        for leak in [
            "usize",
            "i128",
            "invalid type",
            "invalid value",
            "starting with `- `",
        ] {
            out.stderr_lacks(leak);
        }
    }
    let site = minimal_with_settings("[compare]\nmax_bars = \"40\"");
    site.run(&["--lang", "zh", "build"])
        .failure(1)
        .stderr_has("错误[QF0102]：`max_bars` 应为不小于 0 的整数，现在是文字 `40`")
        .stderr_has("帮助：改为 `max_bars = 40`，不加引号");
}

/// A misspelt key of site.toml is an error at its line with the key it most likely means,
/// in every section (`[search]`'s and `[notice]`'s keys too).
#[test]
fn a_misspelt_setting_is_told_the_key_it_means() {
    for (line, at, help) in [
        (
            "titel = \"测试网\"",
            "site.toml:5:1",
            "help: did you mean `title`?",
        ),
        (
            "[search]\nenabeld = false",
            "site.toml:6:1",
            "help: did you mean `enabled`?",
        ),
        (
            "[compare]\nmax_bar = 40",
            "site.toml:6:1",
            "help: did you mean `max_bars`?",
        ),
        (
            "[notice]\ntxt = \"数据以最终公布为准\"",
            "site.toml:6:1",
            "help: did you mean `text`?",
        ),
        // Every section's own keys are the candidates, whichever the section.
        (
            "[check]\nalow = [\"隰(xí)县\"]",
            "site.toml:6:1",
            "help: did you mean `allow`?",
        ),
    ] {
        let site = minimal_with_settings(line);
        site.run(&["--lang", "en", "build"])
            .failure(1)
            .stderr_has("error[QF0103]")
            .stderr_has(at)
            .stderr_has(help);
    }
    // A key of another section is not suggested: [footer] has no `title`.
    minimal_with_settings("[footer]\ntitel = \"测试网\"")
        .run(&["--lang", "en", "build"])
        .failure(1)
        .stderr_has("error[QF0103]")
        .stderr_lacks("did you mean `title`?");
}

#[test]
fn base_url_with_a_query_or_fragment_is_refused() {
    let site = TestSite::fixture("minimal");
    site.edit(
        "site.toml",
        "https://example.org/sub/",
        "https://example.org/sub/?from=wx#top",
    );
    site.build()
        .failure(1)
        .stderr_has("error[QF0106]")
        .stderr_has("site.toml:4:1")
        .stderr_has("base_url = \"https://example.org/sub/\"");
    assert!(!site.path("public").exists());
}

/// A subpath with a space and Chinese is written percent-encoded wherever an address is
/// (robots.txt, the sitemap, the feed, canonical links, the 404 page's links); a host that
/// is not ASCII is refused with its xn-- form to write.
#[test]
fn base_url_with_a_space_or_chinese_is_encoded_in_every_address() {
    let site = TestSite::fixture("minimal");
    site.edit(
        "site.toml",
        "https://example.org/sub/",
        "https://example.org/换届 专题/",
    );
    site.build().success();
    let encoded = "https://example.org/%E6%8D%A2%E5%B1%8A%20%E4%B8%93%E9%A2%98/";
    for file in [
        "public/robots.txt",
        "public/sitemap.xml",
        "public/atom.xml",
        "public/index.html",
        "public/404.html",
    ] {
        let text = site.read(file);
        assert!(!text.contains("换届 专题"), "{file}: {text}");
        if file != "public/404.html" {
            assert!(text.contains(encoded), "{file}: {text}");
        }
    }
    let not_found = site.read("public/404.html");
    assert!(
        not_found.contains("href=\"/%E6%8D%A2%E5%B1%8A%20%E4%B8%93%E9%A2%98/"),
        "{not_found}"
    );
    site.edit(
        "site.toml",
        "https://example.org/换届 专题/",
        "https://新闻.example.org/",
    );
    site.build()
        .failure(1)
        .stderr_has("error[QF0106]")
        .stderr_has("`新闻.example.org`")
        .stderr_has("xn--");
}

/// A static file where the site writes a folder, or a static folder where it writes a
/// file, is named with the generated path it meets, before anything is written: the last
/// output stays as it was.
#[test]
fn a_static_file_where_the_site_writes_a_folder_is_named() {
    let site = TestSite::fixture("minimal");
    site.build().success();
    let before = site.snapshot("public");
    // Each static file put in the way in turn (the one before taken away), and what the
    // refusal says of it.
    let refused = |static_file: &str, says: &[&str]| {
        site.write(static_file, "in the way\n");
        let run = site.build().failure(2).stderr_has("error[QF0711]");
        says.iter().fold(run, |run, s| run.stderr_has(s));
        assert_eq!(site.snapshot("public"), before, "{static_file}");
        std::fs::remove_file(site.path(static_file)).expect("remove");
        let _ = std::fs::remove_dir(site.path(static_file).parent().expect("a folder"));
    };
    let rename = "a path cannot be both a file and a folder; rename the static file";
    refused(
        "static/data",
        &[
            "the static file static/data is written as `data`, but the site writes a folder `data/` there (`data/",
            rename,
        ],
    );
    refused(
        "static/index.html/note.txt",
        &[
            "is in a folder `index.html/`, but the site writes a file `index.html` there: a path cannot be both a file and a folder; move the static file out",
        ],
    );
    // One of the search index's folders: the site's other files are handed to the writer
    // while the index is made, and the clash is still what the editor is told.
    refused(
        "static/search/g",
        &[
            "the static file static/search/g is written as `search/g`, but the site writes a folder `search/g/` there (`search/g/",
            rename,
        ],
    );
}

/// A static file that becomes a folder between two builds, and back: each build replaces
/// what the last one wrote (it used to stop half way, or be refused until the editor
/// cleared the output by hand). A folder holding an editor's own file is refused, with the
/// last output as it was.
#[test]
fn a_static_file_that_becomes_a_folder_and_back_replaces_the_last_build_s() {
    let site = TestSite::fixture("minimal");
    site.write("static/downloads", "one file\n");
    site.build().success();
    assert!(site.path("public/downloads").is_file());
    std::fs::remove_file(site.path("static/downloads")).expect("remove");
    site.write("static/downloads/a.txt", "a\n");
    site.write("static/downloads/b/c.txt", "c\n");
    let run = site.build().success();
    assert!(run.stdout.contains("1 removed"), "{}", run.stdout);
    assert_eq!(site.read("public/downloads/a.txt"), "a\n");
    assert_eq!(site.read("public/downloads/b/c.txt"), "c\n");
    std::fs::remove_dir_all(site.path("static/downloads")).expect("remove");
    site.write("static/downloads", "one file again\n");
    site.build().success();
    assert_eq!(site.read("public/downloads"), "one file again\n");
    // Back to a folder; then an editor's note in it, and a file wanted there again.
    std::fs::remove_file(site.path("static/downloads")).expect("remove");
    site.write("static/downloads/a.txt", "a\n");
    site.build().success();
    site.write("public/downloads/mine.txt", "an editor's note\n");
    std::fs::remove_dir_all(site.path("static/downloads")).expect("remove");
    site.write("static/downloads", "a file\n");
    let before = site.snapshot("public");
    site.build()
        .failure(2)
        .stderr_has("error[QF0705]")
        .stderr_has("downloads: a folder stands where the file should go, holding files qingfeng did not write");
    assert_eq!(site.snapshot("public"), before);
    assert_eq!(site.read("public/downloads/mine.txt"), "an editor's note\n");
}

#[test]
fn a_link_that_climbs_out_of_content_stops_the_build() {
    let site = TestSite::fixture("minimal");
    let report = site.read("content/articles/report.md");
    site.write(
        "content/articles/report.md",
        &format!("{report}\n见[a](../../missing.pdf)和[c](../../site.toml)。\n"),
    );
    let text = site.read("content/articles/report.md");
    let line = text.lines().count();
    site.build()
        .failure(1)
        .stderr_has("error[QF0502]")
        .stderr_has(&format!("content/articles/report.md:{line}:6"))
        .stderr_has("links `../../missing.pdf`, which leads out of content/")
        .stderr_has("links `../../site.toml`, which leads out of content/");
    assert!(!site.path("public").exists());
}

#[test]
fn init_says_that_the_404_page_under_a_subpath_needs_base_url() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = crate::common::qingfeng()
        .arg("init")
        .arg(dir.path().join("site"))
        .output()
        .expect("init");
    assert!(out.status.success(), "{out:?}");
    let toml = std::fs::read_to_string(dir.path().join("site/site.toml")).expect("site.toml");
    let before: Vec<&str> = toml
        .lines()
        .take_while(|l| !l.starts_with("# base_url ="))
        .collect();
    let comment = before[before.len().saturating_sub(3)..].join("\n");
    assert!(comment.contains("404 页面"), "{comment}");
    assert!(comment.contains("子路径"), "{comment}");
}

#[test]
fn missing_site_toml_is_a_usage_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = crate::common::qingfeng()
        .args(["--root"])
        .arg(dir.path())
        .arg("build")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no site.toml"));
}

#[test]
fn verbose_prints_each_step() {
    let site = TestSite::fixture("minimal");
    let run = site.run(&["build", "--verbose"]).success();
    for step in [
        "load content",
        "validate and aggregate",
        "markdown",
        "render",
        "write",
    ] {
        assert!(run.stderr.contains(step), "{}", run.stderr);
    }
}

#[test]
fn sitemap_and_feed_list_every_page() {
    let site = TestSite::fixture("minimal");
    site.build().success();
    let sitemap = site.read("public/sitemap.xml");
    for page in [
        "https://example.org/sub/",
        "https://example.org/sub/counties/alpha/",
        "https://example.org/sub/articles/report/",
    ] {
        assert!(sitemap.contains(&format!("<loc>{page}</loc>")), "{sitemap}");
    }
    assert!(!sitemap.contains("404"));
    let feed = site.read("public/atom.xml");
    assert!(feed.contains("<title>全市换届报道</title>"), "{feed}");
    assert!(feed.contains("https://example.org/sub/articles/report/"));
}

#[test]
fn an_optional_count_left_out_is_unknown_not_zero() {
    let site = TestSite::fixture("minimal");
    // alpha gives the count, beta leaves it out (as the fixture's counties all do).
    site.edit(
        "content/counties/alpha.yaml",
        "members: 20\n",
        "members: 20\nethnic_minority: 2\n",
    );
    let run = site.build().success();
    assert!(
        run.stderr.contains(
            "`ethnic_minority` is given by 1 of 2 counties, so the city's total is unknown: 乙区 leave it out"
        ),
        "{}",
        run.stderr
    );
    let s = summary(&site);
    let county = |slug: &str| {
        s["counties"]
            .as_array()
            .and_then(|cs| cs.iter().find(|c| c["slug"] == slug))
            .cloned()
            .unwrap_or_else(|| panic!("no county {slug}"))
    };
    let (alpha, beta) = (county("alpha"), county("beta"));
    assert_eq!(alpha["ethnic_minority"], 2);
    assert_eq!(alpha["shares"]["ethnic_minority"], 10.0);
    for unknown in [&beta["ethnic_minority"], &beta["shares"]["ethnic_minority"]] {
        assert_eq!(
            *unknown,
            Value::Null,
            "beta's count is unknown, not 0: {beta}"
        );
    }
    // The city's total would take beta's unknown count for 0: it is unknown too.
    assert_eq!(s["city"]["ethnic_minority"], Value::Null, "{}", s["city"]);
    assert_eq!(s["city"]["shares"]["ethnic_minority"], Value::Null);

    // Printing it is an error that says why, not a 0.
    site.edit(
        "content/counties/alpha.md",
        "全市共{{ city.members }}名。",
        "全市共{{ city.members }}名，少数民族干部{{ city.ethnic_minority }}名。",
    );
    site.build()
        .failure(1)
        .stderr_has("content/counties/alpha.md:")
        .stderr_has("`city.ethnic_minority` is unknown here: the data leaves it out");
}

/// A share of a whole that is 0 (nobody promoted) is undefined: the error says so, and does
/// not ask for a count the data already gives.
#[test]
fn a_share_of_zero_is_refused_as_undefined_not_as_left_out() {
    let site = TestSite::fixture("minimal");
    let alpha = "content/counties/alpha.yaml";
    site.edit(alpha, "  promoted: 7\n", "  promoted: 0\n")
        .edit(alpha, "  from_county: 6\n", "  from_county: 0\n")
        .edit(
            alpha,
            "  township_principals: 2\n",
            "  township_principals: 0\n",
        )
        .edit(
            "content/counties/alpha.md",
            "全市共{{ city.members }}名。",
            "全市共{{ city.members }}名。从县内提拔的占{{ county.shares.promoted_from_county }}。",
        );
    let run = site
        .build()
        .failure(1)
        .stderr_has("content/counties/alpha.md:")
        .stderr_has(
            "`county.shares.promoted_from_county` has no value here: it is a share of `promoted` (提拔干部), which is 0",
        )
        .stderr_has("a share of 0 is undefined");
    assert!(!run.stderr.contains("leaves it out"), "{}", run.stderr);
}

#[test]
fn a_new_district_without_a_previous_term_leaves_the_city_changes_over_the_others() {
    let site = TestSite::fixture("minimal");
    let beta = site.read("content/counties/beta.yaml");
    let gamma =
        beta.replacen("slug: beta", "slug: gamma", 1)
            .replacen("name: 乙区", "name: 新区", 1);
    let gamma = &gamma[..gamma.find("previous:").expect("previous")];
    site.write("content/counties/gamma.yaml", gamma);
    site.edit(
        "content/city.yaml",
        "  divisions: 2\n  members: 40\n  women: 6\n",
        "",
    );
    let run = site.build().success();
    assert!(
        run.stderr
            .contains("over 2 of 3 counties; no previous term in: 新区"),
        "{}",
        run.stderr
    );
    let s = summary(&site);
    let city = &s["city"];
    // Now 46.0 and 47.0 against 49.0 and 50.0 then, alpha's and beta's 20 members each:
    // the change compares those two counties now with those two then.
    assert_eq!(city["changes"]["average_age"], -3.0, "{city}");
    assert_eq!(city["changes_over"], 2);
    assert_eq!(city["divisions"], 3);
    let gamma_obj = s["counties"]
        .as_array()
        .and_then(|cs| cs.iter().find(|c| c["slug"] == "gamma"))
        .expect("gamma");
    assert_eq!(
        gamma_obj["changes"],
        serde_json::json!({}),
        "no previous, no change"
    );
    let home = site.read("public/index.html");
    assert!(
        home.contains("2个县（市、区）比上届下降3.0岁"),
        "the card says over how many"
    );

    // A stated total the city cannot compute is an error that says why, not "not a number".
    site.edit(
        "content/city.yaml",
        "expected:\n",
        "expected:\n  shares.ethnic_minority: 1.0\n",
    );
    site.build()
        .failure(1)
        .stderr_has("`shares.ethnic_minority` is unknown for this city");
}

#[test]
fn dates_are_reported_at_their_own_line_with_the_exact_replacement() {
    #[track_caller]
    fn case(file: &str, from: &str, to: &str, needles: &[&str]) {
        let site = TestSite::fixture("minimal");
        site.edit(file, from, to);
        let mut run = site.build().failure(1);
        for needle in needles {
            run = run.stderr_has(needle);
        }
    }
    case(
        "content/counties/alpha.yaml",
        "date: 2016-08-10",
        "date: 2016-13-45",
        &[
            "content/counties/alpha.yaml:4:7",
            "`2016-13-45` is not a date",
        ],
    );
    case(
        "content/counties/alpha.yaml",
        "date: 2016-08-10",
        "date: 2016年9月1日",
        &["content/counties/alpha.yaml:4:7", "write `2016-09-01`"],
    );
    case(
        "content/counties/alpha.md",
        "date: 2016-08-10",
        "date: \"2016/09/01\"",
        &["content/counties/alpha.md:3:8", "write `2016-09-01`"],
    );
}

#[test]
fn one_run_reports_every_file_s_problems_and_keeps_the_warnings() {
    let site = TestSite::fixture("minimal");
    // A broken county file, its broken narrative, and a narrative error elsewhere.
    site.edit(
        "content/counties/beta.yaml",
        "members: 20",
        "members: twenty",
    );
    site.write(
        "content/counties/beta.md",
        "---\ntitle: 乙区\ndate: 2016-99-01\n---\n正文。\n",
    );
    site.build()
        .failure(1)
        .stderr_has("content/counties/beta.yaml:")
        .stderr_has("content/counties/beta.md:3:");

    // A warning of the data stays when the Markdown stage fails after it.
    let site = TestSite::fixture("minimal");
    let alpha = site.read("content/counties/alpha.yaml");
    let at = alpha.find("local_cadres: ").expect("local_cadres") + "local_cadres: ".len();
    let end = at + alpha[at..].find('\n').expect("line end");
    site.write(
        "content/counties/alpha.yaml",
        &format!("{}1{}", &alpha[..at], &alpha[end..]),
    );
    site.edit(
        "content/counties/alpha.md",
        "全市共{{ city.members }}名。",
        "全市共{{ city.no_such_figure }}名。",
    );
    site.build()
        .failure(1)
        .stderr_has("no_such_figure")
        .stderr_has("only 1 local cadre")
        .stderr_has("1 error, 1 warning");
}

#[test]
fn the_404_page_links_from_the_site_s_path_on_its_server() {
    let site = TestSite::example();
    site.build().success();
    let page = site.read("public/404.html");
    assert!(page.contains("href=\"/huanjie/css/site.css\""), "{page}");
    assert!(!page.contains("href=\"https://news.example.cn"), "{page}");
    site.run(&["check"]).success();

    let site = TestSite::fixture("minimal");
    site.edit("site.toml", "base_url = \"https://example.org/sub/\"\n", "");
    site.build().success();
    assert!(
        site.read("public/404.html")
            .contains("href=\"/css/site.css\"")
    );
}

#[test]
fn links_from_the_site_root_and_files_beside_the_markdown_work_from_any_page() {
    let site = TestSite::fixture("minimal");
    let png: &[u8] = b"\x89PNG\r\n\x1a\n not really an image";
    site.write_bytes("content/articles/images/team.png", png);
    site.write(
        "content/articles/report.md",
        &format!(
            "{}\n见[甲县](/counties/alpha/)、[甲县的文件](../counties/alpha.md)。\n\n![班子合影](images/team.png)\n",
            site.read("content/articles/report.md")
        ),
    );
    // A page bundle: an article as a folder, with its image.
    site.write(
        "content/articles/trip/index.md",
        "---\ntitle: 调研\ndate: 2016-08-21\n---\n![现场](photo.jpg)\n\n[附件](附件.pdf)\n",
    );
    site.write_bytes("content/articles/trip/photo.jpg", b"jpeg bytes");
    site.write_bytes("content/articles/trip/附件.pdf", b"%PDF-1.4");
    let run = site.build().success();
    assert!(
        !run.stderr.contains("not a file qingfeng knows"),
        "{}",
        run.stderr
    );
    let report = site.read("public/articles/report/index.html");
    assert!(
        report.contains("href=\"../../counties/alpha/index.html\">甲县</a>"),
        "{report}"
    );
    assert!(report.contains("href=\"../../counties/alpha/index.html\">甲县的文件</a>"));
    assert!(report.contains("src=\"../images/team.png\""));
    assert_eq!(
        std::fs::read(site.path("public/articles/images/team.png")).expect("copied"),
        png
    );
    let trip = site.read("public/articles/trip/index.html");
    assert!(trip.contains("src=\"photo.jpg\""), "{trip}");
    assert!(trip.contains("href=\"%E9%99%84%E4%BB%B6.pdf\""), "{trip}");
    assert!(site.path("public/articles/trip/photo.jpg").is_file());
    assert!(site.path("public/articles/trip/附件.pdf").is_file());
    site.run(&["check"]).success();
    // The feed carries the full text, its links absolute.
    let atom = site.read("public/atom.xml");
    assert!(
        atom.contains("src=&quot;https://example.org/sub/articles/images/team.png&quot;"),
        "{atom}"
    );
    assert!(atom.contains("href=&quot;https://example.org/sub/counties/alpha/&quot;"));

    // A missing file is an error at its line.
    site.edit(
        "content/articles/trip/index.md",
        "photo.jpg",
        "photos/nowhere.jpg",
    );
    site.build()
        .failure(1)
        .stderr_has("content/articles/trip/index.md:5:7")
        .stderr_has("links `photos/nowhere.jpg`, which is not beside the Markdown")
        .stderr_has("5 | ![现场](photos/nowhere.jpg)");
    // After a figure reference on the same line, the caret still stands under the link as
    // written (the reference prints longer than it is written).
    site.edit(
        "content/articles/trip/index.md",
        "photos/nowhere.jpg",
        "photo.jpg",
    );
    let report = site.read("content/articles/report.md");
    site.write(
        "content/articles/report.md",
        &format!("{report}\n全市{{{{ city.vetting.extended }}}}名，见![图](images/gone.png)。\n"),
    );
    let text = site.read("content/articles/report.md");
    let last = text.lines().last().expect("a last line");
    let column = last[..last.find("images/gone.png").expect("link")]
        .chars()
        .count()
        + 1;
    site.build()
        .failure(1)
        .stderr_has(&format!(
            "content/articles/report.md:{}:{column}",
            text.lines().count()
        ))
        .stderr_has("links `images/gone.png`");
}

#[test]
fn a_county_s_error_does_not_hide_another_narrative_s_reference_error() {
    let site = TestSite::fixture("minimal");
    site.edit(
        "content/counties/beta.yaml",
        "members: 20",
        "members: twenty",
    );
    site.edit(
        "content/counties/alpha.md",
        "全市共{{ city.members }}名。",
        "全市共{{ city.membres }}名。",
    );
    site.build()
        .failure(1)
        .stderr_has("content/counties/beta.yaml:")
        .stderr_has("content/counties/alpha.md:")
        .stderr_has("city.membres");
    site.run(&["check"]).failure(1).stderr_has("city.membres");
}

#[test]
fn section_headings_carry_a_link_to_copy() {
    let site = TestSite::fixture("minimal");
    site.build().success();
    let report = site.read("public/articles/report/index.html");
    assert!(
        report.contains("<h2 id=\"总体情况\">总体情况<a class=\"heading-anchor\" href=\"#%E6%80%BB%E4%BD%93%E6%83%85%E5%86%B5\" aria-label=\"本节链接：总体情况\">#</a></h2>"),
        "{report}"
    );
}

#[test]
fn a_broken_county_s_narrative_is_still_checked_for_its_city_figures() {
    let site = TestSite::fixture("minimal");
    site.edit(
        "content/counties/beta.yaml",
        "members: 20",
        "members: twenty",
    );
    site.write(
        "content/counties/beta.md",
        "---\ntitle: 乙区\ndate: 2016-08-12\n---\n乙区{{ county.members }}名，全市{{ city.membres }}名。\n",
    );
    let run = site
        .build()
        .failure(1)
        .stderr_has("content/counties/beta.yaml:")
        .stderr_has("content/counties/beta.md:5:")
        .stderr_has("city.membres");
    assert!(
        !run.stderr.contains("county.members"),
        "its county's figures cannot be checked while its data is broken: {}",
        run.stderr
    );
}

/// A figure reference in a page's front matter would be published as typed (titles and
/// summaries are not filled in): an error at its key, for counties and articles alike.
#[test]
fn a_reference_in_front_matter_is_an_error_at_its_key() {
    let site = TestSite::fixture("minimal");
    site.edit(
        "content/counties/alpha.md",
        "title: 甲县新班子",
        "title: 甲县班子{{ county.members }}名",
    );
    site.edit(
        "content/articles/report.md",
        "summary: 测试报道。",
        "summary: 共{{ city.members }}名。",
    );
    site.build()
        .failure(1)
        .stderr_has("title: a figure reference (`{{ … }}`) is not filled in here")
        .stderr_has("--> content/counties/alpha.md:2:1")
        .stderr_has("summary: a figure reference")
        .stderr_has("--> content/articles/report.md:4:1");
    assert!(!site.path("public").exists());
}

/// Links a reader cannot follow stop the build at their lines: a place on the editor's
/// computer (a drive, a `\` path, `file:`), or a source file of the site.
#[test]
fn links_to_this_computer_or_to_a_source_file_are_errors() {
    let site = TestSite::fixture("minimal");
    let report = site.read("content/articles/report.md");
    let lines = report.lines().count();
    site.write(
        "content/articles/report.md",
        &format!(
            "{report}\n![合影](D:/照片/合影.jpg)\n\n[附件](C:\\Users\\x\\附件.pdf)\n\n[图](images\\team.png)\n\n[数据](../city.yaml)\n"
        ),
    );
    let at = |n: usize| format!("--> content/articles/report.md:{}:", lines + n);
    site.build()
        .failure(1)
        .stderr_has("links `D:/照片/合影.jpg`, a place on this computer that readers cannot open")
        .stderr_has(&at(2))
        .stderr_has("links `C:\\Users\\x\\附件.pdf`, a place on this computer")
        .stderr_has(&at(4))
        .stderr_has("links `images\\team.png`, a place on this computer")
        .stderr_has(&at(6))
        .stderr_has("links `../city.yaml`, a source file of the site, which is not published")
        .stderr_has(&at(8))
        .stderr_has("with `/`");
    assert!(!site.path("public").exists());
}

/// A Q&A item without its question or its answer is an error at the item (it would
/// publish a numbered heading without a question, or a question without an answer).
#[test]
fn an_empty_question_or_answer_is_an_error_at_its_item() {
    let site = TestSite::fixture("minimal");
    site.write(
        "content/qa.yaml",
        "title: 问答\ndate: 2016-08-20\nitems:\n  - question: 第一问？\n    answer: 有回答。\n  - question: 没有回答的问题？\n    answer:\n  - question: \"\"\n    answer: 没有问题的回答。\n",
    );
    site.build()
        .failure(1)
        .stderr_has("the answer to question 2 is empty\n  --> content/qa.yaml:6:15")
        .stderr_has("question 3 is empty\n  --> content/qa.yaml:9:13");
}

/// A Q&A whose `items:` lists nothing would publish a 知识问答 page without a question,
/// linked from every page: an error at `items:`, in both languages.
#[test]
fn a_q_and_a_without_questions_is_an_error_at_its_items() {
    for items in ["items:\n", "items: []\n", "items:\n# - question: 待补充\n"] {
        let run = assert_rejected(
            |s| {
                s.write(
                    "content/qa.yaml",
                    &format!("title: 问答\ndate: 2016-08-20\n{items}"),
                );
            },
            &[
                "the Q&A has no questions: `items:` lists none\n  --> content/qa.yaml:3:1",
                "or delete the file for a site without a Q&A page",
            ],
        );
        assert!(!run.stderr.contains("panicked"));
    }
    let site = TestSite::fixture("minimal");
    site.write("content/qa.yaml", "title: 问答\ndate: 2016-08-20\nitems:\n");
    site.run(&["--lang", "zh", "check"])
        .failure(1)
        .stderr_has("知识问答中没有问题：`items:` 下一项也没有\n  --> content/qa.yaml:3:1");
    assert!(!site.path("public/qa").exists());
}

/// An editors' note opened with `<!--` and never closed would publish the rest of the
/// body as typed: an error at the line that opens it. A closed one is fine.
#[test]
fn an_unclosed_comment_is_an_error_at_its_line() {
    let site = TestSite::fixture("minimal");
    let narrative = site.read("content/counties/alpha.md");
    let lines = narrative.lines().count();
    site.write(
        "content/counties/alpha.md",
        &format!("{narrative}\n<!-- 已核实 -->\n\n<!-- 待核实\n\n这一段要发表。\n\n## 小结\n"),
    );
    site.build()
        .failure(1)
        .stderr_has("`<!--` opens a comment that is never closed")
        .stderr_has(&format!("--> content/counties/alpha.md:{}:1", lines + 4));
    site.write(
        "content/counties/alpha.md",
        &format!("{narrative}\n<!-- 待核实\n两行的备注 -->\n\n这一段要发表。\n"),
    );
    site.build().success();
    // In a fenced code block `<!--` is code, shown as typed: no error, and the page shows
    // it. After the block's end, an unclosed one is an error again.
    let fenced =
        "\n示例：\n\n````html\n<!-- 备注的写法\n```\n<!-- 仍在代码块中\n````\n\n这一段要发表。\n";
    site.write("content/counties/alpha.md", &format!("{narrative}{fenced}"));
    site.build().success();
    let page = site.read("public/counties/alpha/index.html");
    assert!(page.contains("&lt;!-- 仍在代码块中"), "the code is shown");
    site.write(
        "content/counties/alpha.md",
        &format!("{narrative}{fenced}\n<!-- 待核实\n"),
    );
    site.build()
        .failure(1)
        .stderr_has("`<!--` opens a comment that is never closed")
        .stderr_has(&format!(
            "--> content/counties/alpha.md:{}:1",
            lines + fenced.matches('\n').count() + 2
        ));
}

/// A county's file saved as `x.yaml.txt` (Notepad) or with its extension in capitals
/// would be left out of the site without a word: an error naming the name it needs.
#[test]
fn a_content_file_with_txt_added_or_a_capital_extension_is_named() {
    let site = TestSite::fixture("minimal");
    let beta = site.read("content/counties/beta.yaml");
    std::fs::remove_file(site.path("content/counties/beta.yaml")).expect("remove");
    site.write("content/counties/beta.yaml.txt", &beta);
    let alpha = site.read("content/counties/alpha.md");
    std::fs::remove_file(site.path("content/counties/alpha.md")).expect("remove");
    site.write("content/counties/alpha.MD", &alpha);
    site.build()
        .failure(1)
        .stderr_has("`beta.yaml.txt` looks like `beta.yaml` under another name")
        .stderr_has("rename it to beta.yaml")
        .stderr_has("`alpha.MD` looks like `alpha.md`");
}

/// The same at content's top: `City.YAML` or `qa.yaml.txt` would be left out (the site
/// without its city figures or its questions); before, they were warned about only as
/// files qingfeng does not know.
#[test]
fn city_or_qa_under_another_name_is_named() {
    let site = TestSite::fixture("minimal");
    let city = site.read("content/city.yaml");
    std::fs::remove_file(site.path("content/city.yaml")).expect("remove");
    site.write("content/City.YAML", &city);
    site.write("content/qa.yaml.txt", "- q: 问\n  a: 答\n");
    site.write("content/说明.txt", "编辑部的备注");
    let run = site
        .build()
        .failure(1)
        .stderr_has("`City.YAML` looks like `city.yaml` under another name")
        .stderr_has("`qa.yaml.txt` looks like `qa.yaml`");
    // Told once, as misnamed, not also as a file qingfeng does not know (as 说明.txt is).
    assert_eq!(
        run.stderr.matches("--> content/City.YAML").count(),
        1,
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--> content/说明.txt"),
        "{}",
        run.stderr
    );
}
