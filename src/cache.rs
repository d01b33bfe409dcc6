//! The image cache: the PNGs of earlier builds in `.qingfeng-cache/images/` beside
//! `site.toml` (the folder `check --external` keeps its answers in), so that a full build
//! after the output was removed, or a build in a fresh process, draws only the images whose
//! SVG, font or renderer changed. This module is all of the cache's reading and writing.
//!
//! An entry is named by a 128-bit hash of what the image is drawn from (the renderer's
//! version, the SVG, the scale and the font's identity) and is the PNG file itself, so that
//! the writer can link the output's file to it rather than write the bytes again. An entry
//! is sound when every chunk's CRC-32 is right, from the PNG signature and its header chunk
//! to its end chunk, which ends the file: one that is short, damaged or not a PNG is a
//! miss, drawn again and replaced, never published. Entries are written to a temporary name
//! and renamed, so a killed build leaves no half entry under a real name, and an entry is
//! never changed in place (an output file linked to it keeps its bytes). After a build, the
//! entries it did not use are removed, so the cache holds one build's images. Every
//! failure to read or write the cache is a miss or is ignored: the cache can only make a
//! build faster. The output folder is never written here.

use std::collections::HashSet;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use crate::image::Png;

/// The cache's folder in the site's folder (shared with `check --external`).
pub const CACHE_DIR: &str = ".qingfeng-cache";
/// The images' folder inside [`CACHE_DIR`].
pub const IMAGES_DIR: &str = "images";
/// What every PNG starts with.
const SIGNATURE: &[u8; 8] = b"\x89PNG\r\n\x1a\n";
/// Renderer and encoder versions: a new one draws or encodes differently, so its images
/// are new keys.
const RENDERER: &str = concat!(
    "qingfeng ",
    env!("CARGO_PKG_VERSION"),
    " resvg 0.49 png 0.18 indexed-2 plain-entry"
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

/// The file in [`CACHE_DIR`] of the county data files the last build parsed (see
/// [`crate::model::kept`]).
const COUNTIES_FILE: &str = "counties";

/// The file in [`CACHE_DIR`] of the county narratives the last build rendered (its format
/// is the `markdown::kept` module's).
const NARRATIVES_FILE: &str = "narratives";

/// The file in [`CACHE_DIR`] of the county pages' searchable texts the last build read (its
/// format is the `search::kept` module's).
const TEXTS_FILE: &str = "texts";

/// The file in [`CACHE_DIR`] of the search index the last build made (its format is the
/// `search::kept` module's).
const INDEX_FILE: &str = "index";

/// The text of the kept county data files of the site at `root` building into `out`, if
/// there is one; `Some("")` when there is none yet; `None` when the cache may not be used
/// there (it would lie inside the output folder, or hold it).
pub fn read_kept_counties(root: &Path, out: &Path) -> Option<String> {
    // A file that is not UTF-8 is no cache, as one that is not there.
    read_kept_bytes(root, out, COUNTIES_FILE).map(|b| String::from_utf8(b).unwrap_or_default())
}

/// The bytes of the kept narratives, as [`read_kept_counties`] reads the data files'.
pub fn read_kept_narratives(root: &Path, out: &Path) -> Option<Vec<u8>> {
    read_kept_bytes(root, out, NARRATIVES_FILE)
}

/// The bytes of the kept texts of the county pages, likewise.
pub fn read_kept_texts(root: &Path, out: &Path) -> Option<Vec<u8>> {
    read_kept_bytes(root, out, TEXTS_FILE)
}

/// The bytes of the kept search index, likewise.
pub fn read_kept_index(root: &Path, out: &Path) -> Option<Vec<u8>> {
    read_kept_bytes(root, out, INDEX_FILE)
}

fn read_kept_bytes(root: &Path, out: &Path, name: &str) -> Option<Vec<u8>> {
    let file = apart(&root.join(CACHE_DIR), out)?.join(name);
    Some(fs::read(file).unwrap_or_default())
}

/// The cache's folder `dir`, unless it lies inside the output folder `out` or holds it (a
/// build would then publish the cache, or the cache hold the site).
fn apart<'a>(dir: &'a Path, out: &Path) -> Option<&'a Path> {
    (!dir.starts_with(out) && !out.starts_with(dir)).then_some(dir)
}

/// Writes `text` as the kept county data files of the site at `root` (best effort: the
/// next build parses what it cannot read).
pub fn write_kept_counties(root: &Path, text: &str) {
    write_kept(root, COUNTIES_FILE, |out| {
        out.write_all(text.as_bytes())?;
        Ok(true)
    });
}

/// Writes the kept narratives through `write` (best effort: the next build renders what it
/// cannot read); `write` gives false to leave the file as it is.
pub fn write_kept_narratives(root: &Path, write: impl FnOnce(&mut dyn Write) -> io::Result<bool>) {
    write_kept(root, NARRATIVES_FILE, write);
}

/// Writes the kept texts of the county pages, as [`write_kept_narratives`] writes the
/// narratives.
pub fn write_kept_texts(root: &Path, write: impl FnOnce(&mut dyn Write) -> io::Result<bool>) {
    write_kept(root, TEXTS_FILE, write);
}

/// Writes the kept search index, as [`write_kept_narratives`] writes the narratives.
pub fn write_kept_index(root: &Path, write: impl FnOnce(&mut dyn Write) -> io::Result<bool>) {
    write_kept(root, INDEX_FILE, write);
}

/// Writes the cache's file `name` whole through `write`, under a name of its own first: a
/// build that stops midway leaves the last one.
fn write_kept(root: &Path, name: &str, write: impl FnOnce(&mut dyn Write) -> io::Result<bool>) {
    let Some(base) = folder(root) else {
        return;
    };
    let temp = base.join(format!(
        ".{name}.{}.{}.tmp",
        std::process::id(),
        TEMP.fetch_add(1, Ordering::Relaxed)
    ));
    let written = fs::File::create(&temp).and_then(|f| {
        let mut out = io::BufWriter::with_capacity(1 << 16, f);
        let changed = write(&mut out)?;
        out.flush()?;
        Ok(changed)
    });
    match written {
        Ok(true) if fs::rename(&temp, base.join(name)).is_ok() => {}
        _ => {
            let _ = fs::remove_file(&temp);
        }
    }
}

/// Counts the temporary names of entries being written.
static TEMP: AtomicU64 = AtomicU64::new(0);

impl ImageCache {
    /// The cache of the site at `root` (its folder made, with a `.gitignore`), or `None`
    /// when it cannot be made or would lie inside the output folder `out`.
    pub fn open(root: &Path, out: &Path) -> Option<ImageCache> {
        let dir = root.join(CACHE_DIR).join(IMAGES_DIR);
        apart(&dir, out)?;
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
        let found = read_unchanged(&self.dir.join(key)).and_then(decode);
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

    /// Keeps `png` under `key` (best effort): whether its entry now holds it.
    pub fn put(&self, key: &str, png: &Png) -> bool {
        self.mark_used(key);
        let temp = self.dir.join(format!(
            ".{key}.{}.{}.tmp",
            std::process::id(),
            TEMP.fetch_add(1, Ordering::Relaxed)
        ));
        let written = fs::File::create(&temp).and_then(|mut f| f.write_all(&png.bytes));
        let kept = written.is_ok() && fs::rename(&temp, self.dir.join(key)).is_ok();
        if !kept {
            let _ = fs::remove_file(&temp);
        }
        kept
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
    decode(read_unchanged(path)?).map(|png| png.bytes)
}

/// How long after an entry was made its last write may come: it is made and written at
/// once, so anything later is a write of its own.
const MADE_WITHIN: std::time::Duration = std::time::Duration::from_secs(2);

/// The bytes of the entry at `path`, unless it was written to after it was made. An
/// output file linked to the entry is the same file: one opened and saved over in place
/// (rather than replaced) changes the entry too, and such an entry is a miss, drawn again
/// and replaced, whatever it holds. Told by its modification time against its birth time,
/// where the file system keeps one (ext4, btrfs, tmpfs, APFS); elsewhere it is not told.
fn read_unchanged(path: &Path) -> Option<Vec<u8>> {
    let mut file = fs::File::open(path).ok()?;
    let m = file.metadata().ok()?;
    if let (Ok(born), Ok(modified)) = (m.created(), m.modified())
        && modified.duration_since(born).is_ok_and(|d| d > MADE_WITHIN)
    {
        return None;
    }
    let mut bytes = Vec::with_capacity(usize::try_from(m.len()).unwrap_or(0));
    std::io::Read::read_to_end(&mut file, &mut bytes).ok()?;
    Some(bytes)
}

/// The PNG an entry holds, if the entry is a whole and sound PNG: its signature, a header
/// chunk (which gives the size) first, every chunk's CRC-32 right (as fast as a copy), and
/// the end chunk last, ending the file.
fn decode(bytes: Vec<u8>) -> Option<Png> {
    let mut rest = bytes.strip_prefix(SIGNATURE)?;
    let mut size = None;
    loop {
        let (len, after) = rest.split_first_chunk::<4>()?;
        let len = usize::try_from(u32::from_be_bytes(*len)).ok()?;
        // The chunk's type and data, then its CRC-32 of them.
        let typed = after.get(..len.checked_add(4)?)?;
        let (sum, after) = after.get(typed.len()..)?.split_first_chunk::<4>()?;
        if crc32fast::hash(typed) != u32::from_be_bytes(*sum) {
            return None;
        }
        let (kind, data) = typed.split_at(4);
        match (kind, size) {
            (b"IHDR", None) => {
                let (width, data) = data.split_first_chunk::<4>()?;
                let (height, _) = data.split_first_chunk::<4>()?;
                size = Some((u32::from_be_bytes(*width), u32::from_be_bytes(*height)));
            }
            (_, None) => return None,
            (b"IEND", Some(_)) if after.is_empty() => break,
            (b"IEND", Some(_)) => return None,
            _ => {}
        }
        rest = after;
    }
    let (width, height) = size?;
    Some(Png {
        bytes: Arc::from(bytes),
        width,
        height,
    })
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

    /// A PNG chunk: its length, type, data and CRC-32.
    fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let typed = [&kind[..], data].concat();
        let len = u32::try_from(data.len()).expect("short chunk");
        [
            &len.to_be_bytes()[..],
            &typed,
            &crc32fast::hash(&typed).to_be_bytes(),
        ]
        .concat()
    }

    /// A PNG of the chunks `middle` between a 12 × 7 header and the end.
    fn png_of(middle: &[Vec<u8>]) -> Vec<u8> {
        let header = [
            &12u32.to_be_bytes()[..],
            &7u32.to_be_bytes(),
            &[8, 3, 0, 0, 0],
        ]
        .concat();
        let mut bytes = SIGNATURE.to_vec();
        bytes.extend(chunk(b"IHDR", &header));
        middle.iter().for_each(|c| bytes.extend(c));
        bytes.extend(chunk(b"IEND", &[]));
        bytes
    }

    fn png(byte: u8) -> Png {
        Png {
            bytes: png_of(&[chunk(b"IDAT", &[byte; 40])]).into(),
            width: 12,
            height: 7,
        }
    }

    #[test]
    fn an_entry_is_a_whole_png_with_every_chunk_sound() {
        let sound = png_of(&[chunk(b"IDAT", &[1; 9]), chunk(b"tEXt", b"a\0b")]);
        assert_eq!(
            decode(sound.clone()).map(|p| (p.width, p.height)),
            Some((12, 7))
        );
        let mut flipped = sound.clone();
        flipped[50] ^= 0x10;
        let trailing = [&sound[..], b"x"].concat();
        let headless = [
            &SIGNATURE[..],
            &chunk(b"IDAT", &[1; 9]),
            &chunk(b"IEND", &[]),
        ]
        .concat();
        let endless = sound[..sound.len() - 12].to_vec();
        let huge_length = [&sound[..33], &[0xFF, 0xFF, 0xFF, 0xF0][..], &sound[37..]].concat();
        for (why, bytes) in [
            ("a byte changed", flipped),
            ("bytes after the end chunk", trailing),
            ("no header chunk first", headless),
            ("no end chunk", endless),
            ("a chunk longer than the file", huge_length),
            ("empty", Vec::new()),
            ("not a PNG", b"GIF89a".to_vec()),
        ] {
            assert!(decode(bytes).is_none(), "{why}: taken as sound");
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

    /// An entry written to after it was made (an output file linked to it, saved over in
    /// place) is a miss, though it is a sound PNG; its replacement is found again.
    #[test]
    fn an_entry_written_to_after_it_was_made_is_a_miss() {
        let site = tempfile::tempdir().expect("temp dir");
        let cache = ImageCache::open(site.path(), &site.path().join("public")).expect("a cache");
        let key = ImageCache::key("<svg/>", 1.0, 7);
        assert!(cache.put(&key, &png(3)));
        let path = cache.entry_path(&key);
        let born = fs::metadata(&path).and_then(|m| m.created());
        let Ok(born) = born else {
            eprintln!("no birth times on this file system: not told, not tested");
            return;
        };
        assert_eq!(cache.get(&key), Some(png(3)));
        // Saved over in place with another sound PNG, later.
        fs::write(&path, &png(4).bytes).expect("write in place");
        fs::File::options()
            .write(true)
            .open(&path)
            .and_then(|f| f.set_modified(born + MADE_WITHIN * 3))
            .expect("set time");
        assert_eq!(cache.get(&key), None);
        assert_eq!(read_entry(&path), None);
        assert!(cache.put(&key, &png(5)));
        assert_eq!(cache.get(&key), Some(png(5)));
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
