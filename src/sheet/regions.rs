//! The regions of a nested site as a table of counties sees them: a column a level (市,
//! 片区: the names of each county's regions, as `data/counties.csv` has them), which
//! `export` writes and `import` reads to place a new county in its region's folder.

use std::collections::HashMap;
use std::path::Path;

use crate::load::{Sources, region_folders};
use crate::model::region::level_headers;

/// The headers of a column naming a county's own region, whatever its level.
pub const REGION_HEADERS: &[&str] = &["地区", "region"];

/// One region of the site, read from its `_index.yaml`.
#[derive(Debug, Clone)]
pub struct SheetRegion {
    /// The folders from `content/counties/` down to its own.
    pub folders: Vec<String>,
    /// Its folder's name.
    pub slug: String,
    /// Its `name` (its folder's name when the file gives none).
    pub name: String,
    /// Its `short_name`, if any.
    pub short_name: Option<String>,
    /// Its `level` (市), if any.
    pub level: Option<String>,
}

impl SheetRegion {
    /// 1 under the root, 2 below that, …
    pub fn depth(&self) -> usize {
        self.folders.len()
    }

    /// Its folder under `content/counties/`, '/'-separated.
    pub fn folder(&self) -> String {
        self.folders.join("/")
    }

    /// Whether a cell's `text` names it: its name, short name or folder.
    pub fn is_named(&self, text: &str) -> bool {
        self.name == text || self.short_name.as_deref() == Some(text) || self.slug == text
    }

    /// `清川市（qingchuan）`, as messages name it.
    pub fn label(&self) -> String {
        format!("{}（{}）", self.name, self.folder())
    }
}

/// The site's regions in display order, and each level's column header.
#[derive(Debug, Clone, Default)]
pub struct SiteRegions {
    /// Every region, parents before children, siblings by `order`, then folder.
    pub regions: Vec<SheetRegion>,
    /// Each depth's header (`levels[0]` for the root's children), as `data/counties.csv`
    /// has it.
    pub levels: Vec<String>,
}

impl SiteRegions {
    /// The regions of `sources` (none for a site of one city and its counties). A region
    /// file that does not read still counts, by its folder's name.
    pub fn of(sources: &Sources) -> SiteRegions {
        let read: Vec<(SheetRegion, Option<u32>)> = sources
            .regions
            .iter()
            .filter_map(|src| {
                let folders = region_folders(&src.data.rel);
                let slug = folders.last()?.clone();
                let value: serde_yaml::Value =
                    serde_yaml::from_str(&src.data.text).unwrap_or_default();
                let text = |k: &str| {
                    value
                        .get(k)
                        .and_then(|v| v.as_str())
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(str::to_owned)
                };
                let order = value
                    .get("order")
                    .and_then(serde_yaml::Value::as_u64)
                    .and_then(|o| u32::try_from(o).ok());
                Some((
                    SheetRegion {
                        name: text("name").unwrap_or_else(|| slug.clone()),
                        short_name: text("short_name"),
                        level: text("level"),
                        folders,
                        slug,
                    },
                    order,
                ))
            })
            .collect();
        // Display order: each region keyed by (order, folder) of itself and every region
        // above it, so that a parent comes before its children and siblings sort as on the
        // pages.
        let order: HashMap<&[String], (u32, &str)> = read
            .iter()
            .map(|(r, o)| {
                (
                    r.folders.as_slice(),
                    (o.unwrap_or(u32::MAX), r.slug.as_str()),
                )
            })
            .collect();
        let key = |r: &SheetRegion| -> Vec<(u32, String)> {
            (1..=r.folders.len())
                .map(|n| {
                    let at = &r.folders[..n];
                    order.get(at).map_or_else(
                        || (u32::MAX, at[n - 1].clone()),
                        |(o, s)| (*o, (*s).to_owned()),
                    )
                })
                .collect()
        };
        let mut keyed: Vec<(Vec<(u32, String)>, SheetRegion)> =
            read.iter().map(|(r, _)| (key(r), r.clone())).collect();
        keyed.sort_by(|a, b| a.0.cmp(&b.0));
        let regions: Vec<SheetRegion> = keyed.into_iter().map(|(_, r)| r).collect();
        let levels = level_headers(regions.iter().map(|r| (r.depth(), r.level.as_deref())));
        SiteRegions { regions, levels }
    }

    /// Whether the site has regions between its root and its counties.
    pub fn is_nested(&self) -> bool {
        !self.regions.is_empty()
    }

    /// The depth (1 under the root) whose column `header` is: the level's header, or the
    /// `level` any region of that depth gives (and no region of another depth).
    pub fn depth_of_header(&self, header: &str) -> Option<usize> {
        if let Some(i) = self.levels.iter().position(|l| l == header) {
            return Some(i + 1);
        }
        let mut depths = self
            .regions
            .iter()
            .filter(|r| r.level.as_deref() == Some(header))
            .map(SheetRegion::depth);
        let first = depths.next()?;
        depths.all(|d| d == first).then_some(first)
    }

    /// The region whose folders are `folders`.
    pub fn by_folders(&self, folders: &[String]) -> Option<&SheetRegion> {
        self.regions.iter().find(|r| r.folders == folders)
    }

    /// The region at `depth` above (or at) the region whose folders are `folders`.
    pub fn at_depth(&self, folders: &[String], depth: usize) -> Option<&SheetRegion> {
        folders.get(..depth).and_then(|f| self.by_folders(f))
    }

    /// The cells of the level columns for the county whose file is `rel`: the name of its
    /// region at each level (its folder's name where the region has no file), empty below
    /// its own region.
    pub fn county_cells(&self, rel: &Path) -> Vec<String> {
        let folders = region_folders(rel);
        (1..=self.levels.len())
            .map(|depth| match folders.get(depth - 1) {
                Some(folder) => self
                    .at_depth(&folders, depth)
                    .map_or_else(|| folder.clone(), |r| r.name.clone()),
                None => String::new(),
            })
            .collect()
    }
}
