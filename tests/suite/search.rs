//! The search index as files: what it holds of a page, and `[search] enabled = false`.
//! (Whether searching it finds the right pages is `browser_search.rs`.)

use std::collections::{BTreeMap, BTreeSet};

use crate::common::TestSite;

/// The JSON a search file hands to `qfSearch.<call>(`, and what comes before it.
fn call_args(js: &str, call: &str) -> serde_json::Value {
    let inner = js
        .trim()
        .strip_prefix(&format!("qfSearch.{call}("))
        .and_then(|j| j.strip_suffix(");"))
        .unwrap_or_else(|| panic!("a search file calls qfSearch.{call}: {js}"));
    serde_json::from_str(&format!("[{inner}]")).expect("JSON arguments")
}

/// The index's numbers (base-64 digits, five bits each, the sixth for "more").
fn numbers(s: &str) -> Vec<usize> {
    const DIGITS: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = Vec::new();
    let (mut n, mut shift) = (0, 0);
    for c in s.chars() {
        let v = DIGITS.find(c).expect("an index digit");
        n += (v & 31) << shift;
        shift += 5;
        if v & 32 == 0 {
            out.push(n);
            (n, shift) = (0, 0);
        }
    }
    out
}

fn running_sum(deltas: &[usize]) -> Vec<usize> {
    deltas
        .iter()
        .scan(0, |at, d| {
            *at += d;
            Some(*at)
        })
        .collect()
}

/// A site's search index read back from its files, for tests that need no browser:
/// `read(path)` gives the text of a file under `search/`.
pub(crate) struct Index<R: Fn(&str) -> String> {
    read: R,
    meta: serde_json::Value,
}

impl<R: Fn(&str) -> String> Index<R> {
    pub(crate) fn new(read: R) -> Self {
        let meta = call_args(&read("meta.js"), "meta")[0].clone();
        Self { read, meta }
    }

    /// Where each page's fields start among the unique segments' numbers, and where the
    /// last ends: the `p`th page's segments take the first of its numbers, as many as,
    /// plus the top four bits of `p / 64 × 0x9E3779B1` (32 bits), make the least multiple of 16
    /// that holds them.
    fn unique_starts(&self) -> Vec<usize> {
        let counts = numbers(self.meta["u"].as_str().expect("u"));
        let mut starts = vec![0];
        for (p, page) in counts.chunks(3).enumerate() {
            let first = *starts.last().expect("a start");
            for c in page {
                let at = *starts.last().expect("a start");
                starts.push(at + c);
            }
            let offset = (((p / 64) as u64 * 0x9E37_79B1) % (1 << 32)) >> 28;
            let mut taken = page.iter().sum::<usize>();
            while (taken as u64 + offset) % 16 != 0 {
                taken += 1;
            }
            *starts.last_mut().expect("a start") = first + taken;
        }
        starts
    }

    /// The file of `dir` whose run holds `n`, given the runs' first items `firsts`.
    fn file_of(firsts: &[usize], n: usize) -> usize {
        firsts.partition_point(|&f| f <= n).saturating_sub(1)
    }

    /// The numbers of a gram's postings and (a pair's) positions in its shard, if any.
    fn entry(&self, key: &str) -> Option<(Vec<usize>, Vec<usize>)> {
        let cs: Vec<u32> = key.chars().map(|c| c as u32).collect();
        let (a, b) = (cs[0], cs.get(1).copied().unwrap_or(0));
        let keys: Vec<u64> = self.meta["g"]
            .as_array()
            .expect("shard keys")
            .iter()
            .map(|v| v.as_u64().expect("a code point"))
            .collect();
        let shard = keys
            .chunks(2)
            .take_while(|k| (k[0], k[1]) <= (u64::from(a), u64::from(b)))
            .count()
            .saturating_sub(1);
        // A shard is named by its first key's code points.
        let name = format!("{}-{}", keys[2 * shard], keys[2 * shard + 1]);
        let args = call_args(&(self.read)(&format!("g/{name}.js")), "shard");
        assert_eq!(args[0], name.as_str());
        let entry = args[1][key].as_str()?;
        let (postings, positions) = entry.split_once('.').unwrap_or((entry, ""));
        Some((numbers(postings), numbers(positions)))
    }

    /// A gram's posting: (segment, positions or count).
    fn posting(&self, key: &str) -> Vec<(usize, Vec<usize>)> {
        let Some((nums, positions)) = self.entry(key) else {
            return Vec::new();
        };
        let pair = key.chars().count() == 2;
        assert_eq!(
            pair,
            !positions.is_empty(),
            "positions for pairs alone: {key}"
        );
        let (mut out, mut seg, mut at) = (Vec::new(), 0, 0);
        for n in nums.chunks(2) {
            seg += n[0];
            if pair {
                out.push((seg, running_sum(&positions[at..at + n[1]])));
                at += n[1];
            } else {
                out.push((seg, vec![n[1]]));
            }
        }
        assert_eq!(at, positions.len(), "{key}: positions for every count");
        out
    }

    /// The segments holding the folded word `word`.
    fn segments(&self, word: &str) -> BTreeSet<usize> {
        let cs: Vec<char> = word.chars().collect();
        if cs.len() == 1 {
            return self.posting(word).into_iter().map(|(s, _)| s).collect();
        }
        let at: BTreeSet<usize> = (0..cs.len() - 1).step_by(2).chain([cs.len() - 2]).collect();
        let lists: Vec<(usize, BTreeMap<usize, Vec<usize>>)> = at
            .iter()
            .map(|&o| {
                let key: String = cs[o..o + 2].iter().collect();
                (o, self.posting(&key).into_iter().collect())
            })
            .collect();
        let (_, first) = &lists[0];
        first
            .iter()
            .filter(|(seg, starts)| {
                starts.iter().any(|p| {
                    lists
                        .iter()
                        .all(|(o, l)| l.get(seg).is_some_and(|ps| ps.contains(&(p + o))))
                })
            })
            .map(|(seg, _)| *seg)
            .collect()
    }

    /// The paths of the pages holding the folded word `word`.
    pub(crate) fn find(&self, word: &str) -> BTreeSet<String> {
        let starts = self.unique_starts();
        let unique = self.meta["U"].as_u64().expect("U") as usize;
        let shared_firsts = running_sum(&numbers(self.meta["s"].as_str().expect("s")));
        let mut pages = BTreeSet::new();
        for seg in self.segments(word) {
            if seg < unique {
                pages.insert((starts.partition_point(|&s| s <= seg) - 1) / 3);
                continue;
            }
            let file = Self::file_of(&shared_firsts, seg);
            let args = call_args(&(self.read)(&format!("s/{file}.js")), "shared");
            let first = args[0].as_u64().expect("first") as usize;
            let runs = numbers(args[1][seg - first][1].as_str().expect("pages"));
            let (mut i, mut last) = (0, 0);
            while i < runs.len() {
                let page = last + runs[i] / 2;
                let len = if runs[i] % 2 == 1 { runs[i + 2] } else { 0 };
                i += if runs[i] % 2 == 1 { 3 } else { 2 };
                pages.extend(page..=page + len);
                last = page + len;
            }
        }
        pages.into_iter().map(|p| self.page(p).0).collect()
    }

    /// The page numbered `n`: its path and the texts of its unique segments.
    pub(crate) fn page(&self, n: usize) -> (String, Vec<String>) {
        let firsts = running_sum(&numbers(self.meta["p"].as_str().expect("p")));
        // A page file is named by its first page.
        let file = firsts[Self::file_of(&firsts, n)];
        let args = call_args(&(self.read)(&format!("p/{file}.js")), "pages");
        let first = args[0].as_u64().expect("first") as usize;
        let entry = &args[1][n - first];
        let texts = entry[3]
            .as_array()
            .expect("texts")
            .iter()
            .map(|t| t.as_str().expect("a text").to_string())
            .collect();
        (entry[0].as_str().expect("a path").to_string(), texts)
    }

    /// How many pages the index holds.
    pub(crate) fn pages(&self) -> usize {
        self.meta["n"].as_u64().expect("n") as usize
    }
}

/// The built site's index.
fn built_index(site: &TestSite) -> Index<impl Fn(&str) -> String + '_> {
    Index::new(move |path| site.read(&format!("public/search/{path}")))
}

/// The texts the index keeps of the page at `path` for itself alone (what other pages do
/// not repeat), one segment a line.
fn indexed_text(site: &TestSite, path: &str) -> String {
    let index = built_index(site);
    (0..index.pages())
        .map(|n| index.page(n))
        .find(|(p, _)| p == path)
        .map(|(_, texts)| texts.join("\n"))
        .unwrap_or_else(|| panic!("{path} is not in the index"))
}

#[test]
fn the_index_holds_the_main_text_not_the_navigation() {
    let site = TestSite::fixture("second-city");
    site.build().success();
    let page = site.read("public/counties/baishui/index.html");
    assert!(page.contains("下一个："), "the page has a next link");
    let text = indexed_text(&site, "counties/baishui/index.html");
    // The county's name ranks as a title: it comes right after the page's heading.
    let name = text.lines().nth(1).expect("a second line");
    assert!(
        page.contains(&format!("<span data-search=\"title\">{name}</span>")),
        "{text}"
    );
    for absent in [
        "下一个",
        "上一个",
        "跳到正文",
        "栏目导航",
        "栏目更新于",
        "\u{2060}",
    ] {
        assert!(!text.contains(absent), "the index holds {absent}: {text}");
    }
    // The 404 and the search page are not searched.
    let index = built_index(&site);
    assert!(index.find("下一个").is_empty());
    assert!(index.find(name).contains("counties/baishui/index.html"));
    let docs = index.pages();
    let pages = site
        .snapshot("public")
        .into_keys()
        .filter(|p| p.ends_with(".html"))
        .count();
    assert_eq!(docs, pages - 2);
}

#[test]
fn search_can_be_turned_off() {
    let site = TestSite::fixture("minimal");
    site.build().success();
    assert!(
        site.read("public/index.html")
            .contains("data-qf-search=\"header\"")
    );
    let toml = site.read("site.toml");
    site.write("site.toml", &format!("{toml}\n[search]\nenabled = false\n"));
    site.build().success();
    let home = site.read("public/index.html");
    assert!(
        !home.contains("data-qf-search") && !home.contains("search.js"),
        "{home}"
    );
    assert!(
        !site.path("public/search").exists(),
        "the index of the earlier build was left behind"
    );
}
