//! The regions between the site's root and its counties (a province's cities, a country's
//! provinces and their cities): each a folder of `content/counties/` with its own figures in
//! `_index.yaml`. A region's totals are the sums over the counties below it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::city::CityData;
use super::county::is_valid_slug;
use super::figures::{Figures, Tally};
use super::page::Page;
use super::rules::Checker;
use super::{County, check_expected, load_page};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::yaml::{parse, quirks};
use crate::load::{RegionSource, region_folders};
use crate::messages::{Text, catalog as codes};

/// The word for a region's whole in headings and prose: 全省, 全市, 全国, 全地区, 全片区
/// for its `level` (市 without one). An autonomous level takes its last character, as it is
/// said: 自治区 → 全区, 自治州 → 全州.
pub fn whole_word(level: Option<&str>) -> String {
    let level = level
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .unwrap_or("市");
    match level.strip_prefix("自治") {
        Some(rest) if !rest.is_empty() => format!("全{rest}"),
        _ => format!("全{level}"),
    }
}

/// One inner region: its own data, the sums over the counties below it, and where it sits.
#[derive(Debug, Clone)]
pub struct Region {
    /// Its folder's name: its page's address (`regions/<slug>/`).
    pub slug: String,
    /// What the editor wrote in `_index.yaml`.
    pub data: CityData,
    /// What the site publishes: the sums over its counties.
    pub figures: Figures,
    /// The raw sums, for its parent's.
    pub tally: Tally,
    /// Its narrative (`_index.md`), if there is one.
    pub narrative: Option<Page>,
    /// Its `_index.yaml`, for messages.
    pub file: PathBuf,
    /// The region it is part of (an index into [`Tree::regions`]); none under the root.
    pub parent: Option<usize>,
    /// 1 for a child of the root, 2 for a grandchild, …
    pub depth: usize,
    /// Its child regions, in display order.
    pub regions: Vec<usize>,
    /// Its own counties (indices into the model's counties), in display order.
    pub counties: Vec<usize>,
    /// Every county below it, at any depth (indices into the model's counties).
    pub all_counties: Vec<usize>,
}

/// The regions of a site and where each county sits. Empty for a site of one city and its
/// counties (all of them the root's).
#[derive(Debug, Clone, Default)]
pub struct Tree {
    /// Every inner region, parents before children, siblings in display order.
    pub regions: Vec<Region>,
    /// Each county's region (in the model's county order); none for the root's own.
    pub county_parents: Vec<Option<usize>>,
    /// The root's child regions.
    pub top_regions: Vec<usize>,
    /// The root's own counties.
    pub top_counties: Vec<usize>,
}

impl Tree {
    /// Whether the site has regions between its root and its counties.
    pub fn is_nested(&self) -> bool {
        !self.regions.is_empty()
    }

    /// The regions above the county at `index`, from the root's child down to its parent.
    pub fn county_ancestors(&self, index: usize) -> Vec<&Region> {
        let parent = self.county_parents.get(index).copied().flatten();
        self.chain(parent)
    }

    /// The region at `index` and the regions above it, from the root's child down.
    pub fn chain(&self, mut at: Option<usize>) -> Vec<&Region> {
        let mut out = Vec::new();
        while let Some(i) = at {
            let Some(r) = self.regions.get(i) else { break };
            out.push(r);
            at = r.parent;
        }
        out.reverse();
        out
    }
}

/// Each depth's header in tables of counties (`data/counties.csv`, the sheet `export`
/// writes): the `level` of the first region of that depth (省), else 第N级地区. `regions`
/// gives each region's depth (1 under the root) and level, in display order.
pub fn level_headers<'a>(
    regions: impl IntoIterator<Item = (usize, Option<&'a str>)>,
) -> Vec<String> {
    let mut levels: Vec<String> = Vec::new();
    for (depth, level) in regions {
        if depth > levels.len() {
            let named = level.filter(|l| !l.is_empty());
            levels.push(named.map_or_else(|| format!("第{depth}级地区"), str::to_string));
        }
    }
    levels
}

/// A county with the folders it was found in.
pub(super) struct Placed {
    pub(super) folders: Vec<String>,
    pub(super) county: Arc<County>,
}

/// The regions read from their sources, before their counties are known.
struct Read {
    folders: Vec<String>,
    slug: String,
    data: CityData,
    narrative: Option<Page>,
    file: PathBuf,
}

/// Places the counties in their regions: reads every region's `_index.yaml`, orders regions
/// and counties for display (regions by `order`, then folder name; counties by kind, then
/// slug, region by region), sums each region's tallies and checks its stated totals.
/// `complete`: whether every county validated (the totals are checked only then).
pub(super) fn place(
    sources: &[RegionSource],
    placed: Vec<Placed>,
    complete: bool,
    diags: &mut Diagnostics,
) -> (Vec<Arc<County>>, Tree) {
    let read = read_regions(sources, diags);
    let by_folders: HashMap<&[String], usize> = read
        .iter()
        .enumerate()
        .map(|(i, r)| (r.folders.as_slice(), i))
        .collect();
    // A folder whose _index.yaml has errors of its own is not reported again as missing.
    let rejected: Vec<Vec<String>> = sources
        .iter()
        .map(|s| region_folders(&s.data.rel))
        .filter(|f| !by_folders.contains_key(f.as_slice()))
        .collect();
    report_missing(&read, &placed, &by_folders, &rejected, diags);
    let read_parents: Vec<Option<usize>> = read
        .iter()
        .map(|r| parent_of_county(&r.folders, &by_folders))
        .collect();
    let order = display_order(&read, &read_parents);
    let position: HashMap<usize, usize> = order.iter().enumerate().map(|(p, &i)| (i, p)).collect();

    // Counties, region by region.
    let mut counties: Vec<(Option<usize>, Arc<County>)> = placed
        .into_iter()
        .map(|p| {
            let region = by_folders
                .get(p.folders.as_slice())
                .copied()
                .or_else(|| parent_of_county(&p.folders, &by_folders));
            (region.and_then(|r| position.get(&r).copied()), p.county)
        })
        .collect();
    counties.sort_by(|(ra, a), (rb, b)| {
        (ra, super::kind_rank(a.data.kind), &a.data.slug).cmp(&(
            rb,
            super::kind_rank(b.data.kind),
            &b.data.slug,
        ))
    });

    let mut slots: Vec<Option<Read>> = read.into_iter().map(Some).collect();
    let mut regions: Vec<Region> = order
        .iter()
        .filter_map(|&i| {
            let r = slots[i].take()?;
            Some(Region {
                slug: r.slug,
                data: r.data,
                figures: Figures::from_tally(&Tally::default()),
                tally: Tally::default(),
                narrative: r.narrative,
                file: r.file,
                parent: read_parents[i].and_then(|p| position.get(&p).copied()),
                depth: 0,
                regions: Vec::new(),
                counties: Vec::new(),
                all_counties: Vec::new(),
            })
        })
        .collect();
    let mut tree = Tree {
        county_parents: counties.iter().map(|(r, _)| *r).collect(),
        ..Tree::default()
    };
    for i in 0..regions.len() {
        regions[i].depth = match regions[i].parent {
            Some(p) => regions[p].depth + 1,
            None => 1,
        };
        match regions[i].parent {
            Some(p) => regions[p].regions.push(i),
            None => tree.top_regions.push(i),
        }
    }
    let counties: Vec<Arc<County>> = counties.into_iter().map(|(_, c)| c).collect();
    for (c, parent) in tree.county_parents.iter().enumerate() {
        match parent {
            Some(p) => regions[*p].counties.push(c),
            None => tree.top_counties.push(c),
        }
        let mut at = *parent;
        while let Some(r) = at {
            regions[r].all_counties.push(c);
            at = regions[r].parent;
        }
    }
    for r in &mut regions {
        let tally = Tally::sum(r.all_counties.iter().map(|&c| &counties[c].tally));
        r.figures = Figures::from_tally(&tally);
        r.tally = tally;
    }
    check_regions(sources, &regions, complete, diags);
    tree.regions = regions;
    (counties, tree)
}

/// The regions in display order (indices into `read`): a pre-order walk of the tree,
/// siblings by their `order`, then folder name.
fn display_order(read: &[Read], parents: &[Option<usize>]) -> Vec<usize> {
    let key = |i: usize| (read[i].data.order.unwrap_or(u32::MAX), read[i].slug.clone());
    let children = |of: Option<usize>| {
        let mut kids: Vec<usize> = (0..parents.len()).filter(|&i| parents[i] == of).collect();
        kids.sort_by_key(|&i| key(i));
        kids
    };
    let mut order = Vec::with_capacity(read.len());
    let mut stack = children(None);
    stack.reverse();
    while let Some(i) = stack.pop() {
        order.push(i);
        stack.extend(children(Some(i)).into_iter().rev());
    }
    order
}

/// The nearest folder above `folders` (not itself) that has an `_index.yaml`: a region's
/// parent, or the region of a county whose own folder has none (already reported).
fn parent_of_county(folders: &[String], by_folders: &HashMap<&[String], usize>) -> Option<usize> {
    (1..folders.len())
        .rev()
        .find_map(|n| by_folders.get(&folders[..n]).copied())
}

/// Reads each region's `_index.yaml` (and `_index.md`); a file with errors is reported and
/// left out. The files are parsed in parallel (a national site has hundreds); which of them
/// stand is decided after, in path order, as their folders' names are checked.
fn read_regions(sources: &[RegionSource], diags: &mut Diagnostics) -> Vec<Read> {
    let parsed: Vec<Parsed> = sources.par_iter().map(parse_region).collect();
    let mut seen: HashMap<String, PathBuf> = HashMap::new();
    let mut out = Vec::new();
    for (src, (found, parsed)) in sources.iter().zip(parsed) {
        let file = &src.data;
        let folders = region_folders(&file.rel);
        let Some(slug) = folders.last().cloned() else {
            continue;
        };
        let folder = file.rel.parent().unwrap_or(Path::new("")).to_path_buf();
        if !is_valid_slug(&slug) {
            diags.push(
                Diagnostic::error(
                    folder.clone(),
                    crate::t!(
                        "the folder name `{slug}` cannot be a page address",
                        "文件夹名 `{slug}` 不能用作网页地址"
                    ),
                )
                .help({
                    let example = super::county::slug_example(&slug, "linfen");
                    crate::t!(
                        "name region folders in lowercase ASCII letters, digits and '-', e.g. {example}",
                        "地区文件夹名只能用小写英文字母、数字和“-”，例如 {example}"
                    )
                })
                .code(codes::DUPLICATE_REGION),
            );
            continue;
        }
        if let Some(first) = seen.get(&slug) {
            diags.push(
                Diagnostic::error(
                    folder.clone(),
                    crate::t!(
                        "the region folder `{slug}` has the same name as {}",
                        "地区文件夹 `{slug}` 与 {} 同名",
                        crate::platform::display_path(first)
                    ),
                )
                .help(Text::both(
                    "give each region folder its own name: it is the region page's address",
                    "请为每个地区文件夹取不同的名字：它就是地区页面的地址",
                ))
                .code(codes::DUPLICATE_REGION),
            );
            continue;
        }
        seen.insert(slug.clone(), folder);
        diags.extend(found.0);
        if let Some((data, narrative)) = parsed {
            out.push(Read {
                folders,
                slug,
                data,
                narrative,
                file: file.rel.clone(),
            });
        }
    }
    check_sibling_names(&out, sources, diags);
    out
}

/// Two regions of one parent with one `name:`: their pages, breadcrumbs and rankings could
/// not be told apart (a copied `_index.yaml` keeps the name it was copied with).
fn check_sibling_names(read: &[Read], sources: &[RegionSource], diags: &mut Diagnostics) {
    let mut seen: HashMap<(&[String], &str), &PathBuf> = HashMap::new();
    for r in read {
        let parent = &r.folders[..r.folders.len().saturating_sub(1)];
        let key = (parent, r.data.name.trim());
        let Some(first) = seen.get(&key) else {
            seen.insert(key, &r.file);
            continue;
        };
        let mut d = Diagnostic::error(
            r.file.clone(),
            crate::t!(
                "the name `{}` is already used by {}",
                "名称 `{}` 已被 {} 使用",
                r.data.name,
                crate::platform::display_path(first)
            ),
        )
        .help(Text::both(
            "give each region of one parent its own name",
            "同一上级下各地区的名称应各不相同",
        ))
        .code(codes::DUPLICATE_NAME);
        let text = sources
            .iter()
            .find(|s| s.data.rel == r.file)
            .map(|s| &s.data.text);
        if let Some(text) = text
            && let Some((line, column)) = crate::load::yaml::KeyIndex::new(text, 1).position("name")
        {
            d = d.at(text, line, column);
        }
        diags.push(d);
    }
}

/// A region's files as read: what reading them found, and its figures and narrative
/// unless its figures have errors.
type Parsed = (Diagnostics, Option<(CityData, Option<Page>)>);

/// Parses and checks a region's `_index.yaml` and reads its `_index.md`.
fn parse_region(src: &RegionSource) -> Parsed {
    let file = &src.data;
    let mut diags = Diagnostics::default();
    let Some(slug) = region_folders(&file.rel).pop() else {
        return (diags, None);
    };
    let data: CityData = match parse(file, &file.text, 1) {
        Ok(d) => {
            diags.extend(quirks(file, &file.text, 1));
            d
        }
        Err(d) => {
            diags.push(*d);
            return (diags, None);
        }
    };
    let mut checker = Checker::new(file, &file.text, 1);
    data.check(&mut checker);
    let ok = !checker.found.iter().any(Diagnostic::is_error);
    diags.extend(checker.found);
    let narrative = src
        .narrative
        .as_ref()
        .and_then(|f| load_page(f, slug, &mut diags));
    (diags, ok.then_some((data, narrative)))
}

/// Every folder that holds counties (or regions) but no readable `_index.yaml`: reported
/// once, at the folder.
fn report_missing(
    read: &[Read],
    placed: &[Placed],
    by_folders: &HashMap<&[String], usize>,
    rejected: &[Vec<String>],
    diags: &mut Diagnostics,
) {
    let mut missing: std::collections::BTreeSet<Vec<String>> = Default::default();
    let prefixes = placed
        .iter()
        .map(|p| p.folders.as_slice())
        .chain(read.iter().map(|r| r.folders.as_slice()));
    for folders in prefixes {
        for n in 1..=folders.len() {
            let folder = &folders[..n];
            if !by_folders.contains_key(folder) && !rejected.iter().any(|r| r == folder) {
                missing.insert(folder.to_vec());
            }
        }
    }
    for folders in missing {
        let folder = format!("content/counties/{}", folders.join("/"));
        diags.push(
            Diagnostic::error(
                PathBuf::from(&folder),
                crate::t!(
                    "holds counties but no _index.yaml with the region's figures",
                    "其中有县，却没有写该地区数据的 _index.yaml"
                ),
            )
            .help(crate::t!(
                "add {folder}/_index.yaml with at least `name:`, `year:` and `date:`, or move the counties out of the folder",
                "请添加 {folder}/_index.yaml，至少写 `name:`、`year:` 和 `date:`；或把县移出这个文件夹"
            ))
            .code(codes::REGION_WITHOUT_FIGURES),
        );
    }
}

/// Each region's stated totals against its sums, and regions without counties.
fn check_regions(
    sources: &[RegionSource],
    regions: &[Region],
    complete: bool,
    diags: &mut Diagnostics,
) {
    // By path once: comparing paths component by component, region by region, was most of
    // this step's time on a site of hundreds of regions.
    let by_file: HashMap<&Path, &RegionSource> =
        sources.iter().map(|s| (s.data.rel.as_path(), s)).collect();
    for r in regions {
        let Some(src) = by_file.get(r.file.as_path()) else {
            continue;
        };
        let file = &src.data;
        if r.all_counties.is_empty() {
            diags.push(
                Diagnostic::error(
                    file.rel.clone(),
                    crate::t!(
                        "the region {} holds no county",
                        "地区 {} 中没有县",
                        r.data.name
                    ),
                )
                .help(Text::both(
                    "put the region's counties (<slug>.yaml) in its folder, or remove the folder",
                    "请把该地区各县的数据（<拼音名>.yaml）放进它的文件夹，或删去这个文件夹",
                ))
                .code(codes::EMPTY_REGION),
            );
            continue;
        }
        if complete {
            let mut checker = Checker::new(file, &file.text, 1);
            check_expected(&r.data, &r.figures, &mut checker);
            diags.extend(checker.found);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_level_gives_its_whole_word_whatever_its_length() {
        for (level, word) in [
            (None, "全市"),
            (Some(""), "全市"),
            (Some("省"), "全省"),
            (Some("国"), "全国"),
            (Some("地区"), "全地区"),
            (Some("片区"), "全片区"),
            (Some("自治区"), "全区"),
            (Some("自治州"), "全州"),
            (Some("盟"), "全盟"),
        ] {
            assert_eq!(whole_word(level), word, "{level:?}");
        }
    }
}
