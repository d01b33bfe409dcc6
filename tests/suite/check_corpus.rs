//! The corpus of correct copy (`tests/corpus/`, see its README): `check` reports nothing in
//! it and `check --fix` leaves it byte-identical, on the example site and, for the articles,
//! on the second city.

use std::path::Path;

use crate::common::{TestSite, manifest_dir};
use serde_json::Value;

/// The `.md` files of `tests/corpus/<dir>`, by name.
fn corpus(dir: &str) -> Vec<(String, String)> {
    let folder = manifest_dir().join("tests/corpus").join(dir);
    let mut files: Vec<(String, String)> = std::fs::read_dir(&folder)
        .unwrap_or_else(|e| panic!("{}: {e}", folder.display()))
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "md"))
        .map(|path| {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let text = std::fs::read_to_string(&path).expect("corpus file");
            (name, text)
        })
        .collect();
    files.sort();
    files
}

/// Adds the corpus to `site` (articles as `corpus-NAME.md`; county narratives when
/// `counties`), checks it, fixes it, and returns how many sentences it holds.
fn check_corpus(site: &TestSite, today: &str, counties: bool) -> usize {
    let mut written: Vec<(String, String)> = corpus("articles")
        .into_iter()
        .map(|(name, text)| (format!("content/articles/corpus-{name}"), text))
        .collect();
    if counties {
        written.extend(
            corpus("counties")
                .into_iter()
                .map(|(name, text)| (format!("content/counties/{name}"), text)),
        );
    }
    for (rel, text) in &written {
        assert!(
            rel.contains("corpus-") || Path::new(&site.path(rel)).exists(),
            "{rel}: a county narrative of the corpus replaces an existing one"
        );
        site.write(rel, text);
    }
    let run = site.run_with_env(&["check", "--format", "json"], &[("QINGFENG_TODAY", today)]);
    let report: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", run.stdout, run.stderr));
    let in_corpus: Vec<&Value> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| written.iter().any(|(rel, _)| f["file"] == rel.as_str()))
        .collect();
    assert!(
        in_corpus.is_empty(),
        "findings in correct copy:\n{}",
        in_corpus
            .iter()
            .map(|f| format!(
                "{}:{}:{} [{}] {:?}: {}",
                f["file"], f["line"], f["column"], f["rule"], f["text"], f["message"]
            ))
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert_eq!(report["errors"], 0, "{:#}", report["findings"]);

    site.run_with_env(&["check", "--fix"], &[("QINGFENG_TODAY", today)])
        .success();
    for (rel, text) in &written {
        let bytes = std::fs::read(site.path(rel)).expect("read");
        assert!(
            bytes == text.as_bytes(),
            "--fix changed {rel}:\n{}",
            String::from_utf8_lossy(&bytes)
        );
    }
    written
        .iter()
        .map(|(_, text)| text.matches(['。', '？', '！', '.', '?', '!']).count())
        .sum()
}

#[test]
fn correct_copy_gives_no_finding_and_is_left_byte_identical() {
    let sentences = check_corpus(&TestSite::example(), "2016-09-01", true);
    assert!(sentences >= 200, "the corpus holds {sentences} sentences");
}

#[test]
fn correct_copy_is_correct_on_the_second_city_too() {
    check_corpus(&TestSite::fixture("second-city"), "2021-09-20", false);
}
