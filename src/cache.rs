//! The image cache: the PNGs of earlier builds in `.qingfeng-cache/images/` beside
//! `site.toml` (the folder `check --external` keeps its answers in), so that a full build
//! after the output was removed, or a build in a fresh process, draws only the images whose
//! SVG, font or renderer changed. This module is all of the cache's reading and writing.
//!
//! An entry is named by a 128-bit hash of what the image is drawn from (the renderer's
//! version, the SVG, the scale and the font's identity) and holds the PNG's size and a
//! checksum of its bytes: an entry that is short, damaged or of another layout is a miss,
//! drawn again and overwritten, never published. Entries are written to a temporary name
//! and renamed, so a killed build leaves no half entry under a real name. After a build,
//! the entries it did not use are removed, so the cache holds one build's images. Every
//! failure to read or write the cache is a miss or is ignored: the cache can only make a
//! build faster. The output folder is never written here.

use std::collections::HashSet;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use crate::image::Png;

/// The cache's folder in the site's folder (shared with `check --external`).
pub const CACHE_DIR: &str = ".qingfeng-cache";
/// The images' folder inside [`CACHE_DIR`].
pub const IMAGES_DIR: &str = "images";
/// What an entry starts with: its layout's name and version.
const MAGIC: &[u8; 8] = b"QFPNG\x00\x02\n";
/// Renderer and encoder versions: a new one draws or encodes differently, so its images
/// are new keys.
const RENDERER: &str = concat!(
    "qingfeng ",
    env!("CARGO_PKG_VERSION"),
    " resvg 0.49 png 0.18 indexed-2"
);

/// The PNGs of earlier builds, and which of them this build used.
#[derive(Debug)]
pub struct ImageCache {
    dir: PathBuf,
    used: Mutex<HashSet<String>>,
    hits: AtomicUsize,
    misses: AtomicUsize,
}

/// The cache's folder of the site at `root`, made if need be with a `.gitignore` of `*`
/// (what is in it is never committed); `None` when it cannot be made.
pub fn folder(root: &Path) -> Option<PathBuf> {
    let base = root.join(CACHE_DIR);
    fs::create_dir_all(&base).ok()?;
    let ignore = base.join(".gitignore");
    if !ignore.exists() {
        let _ = fs::write(&ignore, "*\n");
    }
    Some(base)
}

/// Counts the temporary names of entries being written.
static TEMP: AtomicU64 = AtomicU64::new(0);

impl ImageCache {
    /// The cache of the site at `root` (its folder made, with a `.gitignore`), or `None`
    /// when it cannot be made or would lie inside the output folder `out`.
    pub fn open(root: &Path, out: &Path) -> Option<ImageCache> {
        let base = root.join(CACHE_DIR);
        let dir = base.join(IMAGES_DIR);
        if dir.starts_with(out) || out.starts_with(&dir) {
            return None;
        }
        fs::create_dir_all(&dir).ok()?;
        folder(root)?;
        Some(ImageCache {
            dir,
            used: Mutex::default(),
            hits: AtomicUsize::new(0),
            misses: AtomicUsize::new(0),
        })
    }

    /// The key of an image drawn from `svg` at `scale` with the font of identity `font`.
    pub fn key(svg: &str, scale: f32, font: u64) -> String {
        let mut h = Fnv128::default();
        for part in [
            RENDERER.as_bytes(),
            svg.as_bytes(),
            &scale.to_le_bytes(),
            &font.to_le_bytes(),
        ] {
            h.write(&(part.len() as u64).to_le_bytes());
            h.write(part);
        }
        format!("{:032x}", h.0)
    }

    /// The kept PNG of `key`, if there is a sound one.
    pub fn get(&self, key: &str) -> Option<Png> {
        self.mark_used(key);
        let found = fs::read(self.dir.join(key)).ok().and_then(|b| decode(&b));
        let counter = if found.is_some() {
            &self.hits
        } else {
            &self.misses
        };
        counter.fetch_add(1, Ordering::Relaxed);
        found
    }

    /// The path of `key`'s entry.
    pub fn entry_path(&self, key: &str) -> PathBuf {
        self.dir.join(key)
    }

    /// Keeps `png` under `key` (best effort).
    pub fn put(&self, key: &str, png: &Png) {
        self.mark_used(key);
        let temp = self.dir.join(format!(
            ".{key}.{}.{}.tmp",
            std::process::id(),
            TEMP.fetch_add(1, Ordering::Relaxed)
        ));
        let written = fs::File::create(&temp).and_then(|mut f| f.write_all(&encode(png)));
        if written.is_err() || fs::rename(&temp, self.dir.join(key)).is_err() {
            let _ = fs::remove_file(&temp);
        }
    }

    /// Notes the entry `key` as used by this build: [`ImageCache::prune`] leaves it.
    pub fn mark_used(&self, key: &str) {
        self.used
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(key.to_string());
    }

    /// Entries found sound, and entries asked for but missing or damaged.
    pub fn counts(&self) -> (usize, usize) {
        (
            self.hits.load(Ordering::Relaxed),
            self.misses.load(Ordering::Relaxed),
        )
    }

    /// Removes every entry (and leftover temporary file) this build did not use.
    pub fn prune(&self) {
        let used = self.used.lock().unwrap_or_else(PoisonError::into_inner);
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            if !name.to_str().is_some_and(|n| used.contains(n)) {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
}

/// The PNG of the entry at `path` (one named by [`ImageCache::entry_path`]), if it is there
/// and sound: `serve` sends its link-preview cards from here rather than hold them.
pub fn read_entry(path: &Path) -> Option<Arc<[u8]>> {
    decode(&fs::read(path).ok()?).map(|png| png.bytes)
}

/// An entry's bytes: the magic, width, height, the PNG's checksum, the PNG.
fn encode(png: &Png) -> Vec<u8> {
    let mut out = Vec::with_capacity(png.bytes.len() + 32);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&png.width.to_le_bytes());
    out.extend_from_slice(&png.height.to_le_bytes());
    out.extend_from_slice(&checksum(&png.bytes).to_le_bytes());
    out.extend_from_slice(&png.bytes);
    out
}

/// The PNG an entry holds, if the entry is whole and sound.
fn decode(bytes: &[u8]) -> Option<Png> {
    let rest = bytes.strip_prefix(MAGIC)?;
    let (width, rest) = rest.split_first_chunk::<4>()?;
    let (height, rest) = rest.split_first_chunk::<4>()?;
    let (sum, png) = rest.split_first_chunk::<4>()?;
    (u32::from_le_bytes(*sum) == checksum(png) && png.starts_with(b"\x89PNG\r\n\x1a\n")).then(
        || Png {
            bytes: Arc::from(png),
            width: u32::from_le_bytes(*width),
            height: u32::from_le_bytes(*height),
        },
    )
}

/// A checksum of a PNG's bytes: their CRC-32, as fast as a copy (FNV-1a, a byte at a time,
/// took about 4% of a nested site's build with the cache warm).
fn checksum(bytes: &[u8]) -> u32 {
    crc32fast::hash(bytes)
}

/// FNV-1a, 128 bits: the same value on every machine and with every compiler, unlike the
/// standard library's hasher, which may change between Rust releases.
struct Fnv128(u128);

impl Default for Fnv128 {
    fn default() -> Self {
        Fnv128(0x6c62_272e_07bb_0142_62b8_2175_6295_c58d)
    }
}

impl Fnv128 {
    fn write(&mut self, bytes: &[u8]) {
        const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;
        for b in bytes {
            self.0 ^= u128::from(*b);
            self.0 = self.0.wrapping_mul(PRIME);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(byte: u8) -> Png {
        let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
        bytes.extend([byte; 40]);
        Png {
            bytes: bytes.into(),
            width: 12,
            height: 7,
        }
    }

    #[test]
    fn an_entry_is_read_back_and_a_damaged_one_is_a_miss() {
        let site = tempfile::tempdir().expect("temp dir");
        let out = site.path().join("public");
        let cache = ImageCache::open(site.path(), &out).expect("a cache");
        let key = ImageCache::key("<svg/>", 1.0, 7);
        assert_ne!(key, ImageCache::key("<svg/>", 2.0, 7));
        assert_ne!(key, ImageCache::key("<svg/>", 1.0, 8));
        assert_eq!(cache.get(&key), None);
        cache.put(&key, &png(3));
        assert_eq!(cache.get(&key), Some(png(3)));
        let path = site.path().join(CACHE_DIR).join(IMAGES_DIR).join(&key);
        let mut bytes = fs::read(&path).expect("entry");
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        fs::write(&path, &bytes).expect("damage");
        assert_eq!(cache.get(&key), None);
        fs::write(&path, &bytes[..20]).expect("truncate");
        assert_eq!(cache.get(&key), None);
        assert_eq!(cache.counts(), (1, 3));
        assert!(!out.exists(), "the cache wrote into the output folder");
        assert_eq!(
            fs::read_to_string(site.path().join(CACHE_DIR).join(".gitignore")).expect("ignore"),
            "*\n"
        );
    }

    #[test]
    fn pruning_keeps_only_what_the_build_used() {
        let site = tempfile::tempdir().expect("temp dir");
        let out = site.path().join("public");
        let first = ImageCache::open(site.path(), &out).expect("a cache");
        let (a, b) = (ImageCache::key("a", 1.0, 0), ImageCache::key("b", 1.0, 0));
        first.put(&a, &png(1));
        first.put(&b, &png(2));
        first.prune();
        let second = ImageCache::open(site.path(), &out).expect("a cache");
        assert_eq!(second.get(&a), Some(png(1)));
        second.prune();
        let third = ImageCache::open(site.path(), &out).expect("a cache");
        assert_eq!(third.get(&a), Some(png(1)));
        assert_eq!(third.get(&b), None);
    }

    #[test]
    fn no_cache_inside_the_output_folder() {
        let site = tempfile::tempdir().expect("temp dir");
        assert!(ImageCache::open(site.path(), &site.path().join(CACHE_DIR)).is_none());
    }
}
