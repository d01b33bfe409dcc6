//! The image cache in `.qingfeng-cache/images/` (issue 17): a build after the output was
//! removed takes its PNGs from it, byte-identical to drawing them; a damaged entry is drawn
//! again, never published; entries the latest build did not use are removed; `--no-cache`
//! neither reads nor writes it; nothing of it reaches the output. And a rebuild into an
//! existing output rewrites only the files whose bytes changed.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::SystemTime;

use crate::common::TestSite;

const IMAGES: &str = ".qingfeng-cache/images";

/// The cache's entries and their modification times.
fn entries(site: &TestSite) -> BTreeMap<String, SystemTime> {
    let Ok(dir) = std::fs::read_dir(site.path(IMAGES)) else {
        return BTreeMap::new();
    };
    dir.flatten()
        .map(|e| {
            let modified = e.metadata().and_then(|m| m.modified()).expect("mtime");
            (e.file_name().to_string_lossy().into_owned(), modified)
        })
        .collect()
}

/// The second city with a public address (so every page has its preview card), and the
/// county charts' PNGs too.
fn site() -> TestSite {
    let site = TestSite::fixture("second-city");
    let toml = site.read("site.toml");
    site.write(
        "site.toml",
        &format!("{toml}base_url = \"https://example.cn/qc/\"\n\n[images]\ncounty_charts = true\n"),
    );
    site
}

fn remove_output(site: &TestSite) {
    std::fs::remove_dir_all(site.path("public")).expect("remove the output");
}

#[test]
fn a_build_reuses_the_cached_images_and_publishes_the_same_bytes() {
    let site = site();
    site.run(&["build", "--no-cache"]).success();
    let drawn = site.snapshot("public");
    assert!(entries(&site).is_empty(), "--no-cache wrote the cache");
    remove_output(&site);

    site.build().success();
    assert_eq!(site.snapshot("public"), drawn, "cached build differs");
    let cached = entries(&site);
    // One entry per distinct image (two charts may draw the same SVG).
    let pngs: std::collections::BTreeSet<&Vec<u8>> = drawn
        .iter()
        .filter(|(p, _)| p.starts_with("images/") && p.ends_with(".png"))
        .map(|(_, b)| b)
        .collect();
    assert!(pngs.len() > 20, "{}", pngs.len());
    assert_eq!(cached.len(), pngs.len(), "one entry per image");
    assert!(
        !site
            .snapshot("public")
            .keys()
            .any(|p| p.contains("qingfeng-cache")),
        "the cache reached the output"
    );

    // The output removed: every image comes from the cache (no entry is written again),
    // and the output is the same.
    remove_output(&site);
    std::thread::sleep(std::time::Duration::from_millis(20));
    site.build().success();
    assert_eq!(site.snapshot("public"), drawn);
    assert_eq!(
        entries(&site),
        cached,
        "entries were rewritten on a full hit"
    );

    // A damaged entry is drawn again, repaired, and what is published is still right.
    let (name, _) = cached.iter().next().expect("an entry");
    let path = site.path(&format!("{IMAGES}/{name}"));
    let mut bytes = std::fs::read(&path).expect("entry");
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x55;
    std::fs::write(&path, &bytes).expect("damage it");
    remove_output(&site);
    site.build().success();
    assert_eq!(
        site.snapshot("public"),
        drawn,
        "a damaged entry was published"
    );
    assert_ne!(std::fs::read(&path).expect("entry"), bytes, "not repaired");

    // An entry the latest build did not use is removed: one county's average age changes,
    // so its preview card is a new image and the old one's entry goes.
    site.edit(
        "content/counties/baishui.yaml",
        "average: 47.0",
        "average: 46.5",
    );
    site.build().success();
    let after = entries(&site);
    assert_eq!(after.len(), cached.len());
    assert_ne!(
        after.keys().collect::<Vec<_>>(),
        cached.keys().collect::<Vec<_>>()
    );
}

#[test]
fn a_build_without_a_font_keeps_the_cached_images() {
    let site = site();
    site.build().success();
    let cached = entries(&site);
    assert!(cached.len() > 20, "{}", cached.len());
    let drawn = site.snapshot("public");

    // No font found: no image is drawn or read, and the warning says so; the entries stay.
    let no_fonts = site.path("no-fonts");
    std::fs::create_dir_all(&no_fonts).expect("folder");
    site.run_with_env(
        &["build"],
        &[("QINGFENG_FONT_DIRS", no_fonts.to_str().expect("UTF-8"))],
    )
    .success()
    .stderr_has("QF0802");
    assert!(
        !site
            .snapshot("public")
            .keys()
            .any(|p| p.starts_with("images/")),
        "an image was drawn without a font"
    );
    assert_eq!(entries(&site), cached, "the cache was emptied");

    // With the font back, every image comes from the cache: no entry is written again.
    std::thread::sleep(std::time::Duration::from_millis(20));
    site.build().success();
    assert_eq!(site.snapshot("public"), drawn);
    assert_eq!(entries(&site), cached, "entries were drawn again");
}

/// Each file of the output and its (inode, modification time).
#[cfg(unix)]
fn stamps(root: &Path) -> BTreeMap<String, (u64, SystemTime)> {
    use std::os::unix::fs::MetadataExt;
    walkdir::WalkDir::new(root)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let m = e.metadata().expect("metadata");
            let rel = e.path().strip_prefix(root).expect("prefix");
            (
                rel.to_string_lossy().into_owned(),
                (m.ino(), m.modified().expect("mtime")),
            )
        })
        .collect()
}

#[cfg(unix)]
#[test]
fn a_rebuild_rewrites_only_the_files_whose_bytes_changed() {
    let site = TestSite::fixture("second-city");
    site.build().success();
    let before = stamps(&site.path("public"));
    let bytes = site.snapshot("public");
    std::thread::sleep(std::time::Duration::from_millis(20));
    let narrative = std::fs::read_dir(site.path("content/counties"))
        .expect("counties")
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "md"))
        .expect("a county narrative");
    let text = std::fs::read_to_string(&narrative).expect("narrative");
    std::fs::write(&narrative, format!("{text}\n再补充一句说明。\n")).expect("edit");
    let run = site.build().success();
    let after = stamps(&site.path("public"));
    let changed: Vec<&String> = after
        .iter()
        .filter(|(path, stamp)| before.get(*path) != Some(stamp))
        .map(|(path, _)| path)
        .collect();
    let new_bytes = site.snapshot("public");
    let differing: Vec<&String> = new_bytes
        .iter()
        .filter(|(path, b)| bytes.get(*path) != Some(b))
        .map(|(path, _)| path)
        .collect();
    // The manifest is rewritten on every build (and differs when the edit adds or removes a
    // file, such as a search shard); every other touched file differs.
    let ours = |p: &&String| !p.starts_with(".qingfeng");
    let differing: Vec<&String> = differing.into_iter().filter(ours).collect();
    assert!(!differing.is_empty(), "the edit changed nothing");
    let touched: Vec<&String> = changed.into_iter().filter(ours).collect();
    assert_eq!(touched, differing, "{}", run.stdout);
}

/// A rebuild tells an unchanged file by the stamp the last write left (its size, time and
/// a hash of its bytes) without reading it; a file changed by hand has another time and is
/// read, compared and put right. A file changed by hand whose time was put back as well is
/// taken for unchanged: that is the stamp at work (the price of not reading every file).
#[test]
fn a_rebuild_tells_unchanged_files_by_their_stamps() {
    let site = TestSite::fixture("minimal");
    site.build().success();
    let stamps = site.read("public/.qingfeng-stamps");
    assert!(stamps.contains(" counties/alpha/index.html\n"), "{stamps}");
    let page = site.path("public/counties/alpha/index.html");
    let original = std::fs::read_to_string(&page).expect("page");
    let time = std::fs::metadata(&page)
        .and_then(|m| m.modified())
        .expect("time");
    // The same length, other bytes.
    let edited = original.replacen("<html", "<HTML", 1);
    assert_eq!(edited.len(), original.len());

    // Edited by hand (a new time): read, found different, written again.
    std::fs::write(&page, &edited).expect("edit");
    let later = time + std::time::Duration::from_secs(5);
    std::fs::File::options()
        .write(true)
        .open(&page)
        .and_then(|f| f.set_modified(later))
        .expect("set time");
    site.build().success();
    assert_eq!(std::fs::read_to_string(&page).expect("page"), original);

    // Edited with its time put back: its stamp says unchanged, and it is not read.
    let time = std::fs::metadata(&page)
        .and_then(|m| m.modified())
        .expect("time");
    std::fs::write(&page, &edited).expect("edit");
    std::fs::File::options()
        .write(true)
        .open(&page)
        .and_then(|f| f.set_modified(time))
        .expect("set time");
    site.build().success();
    assert_eq!(std::fs::read_to_string(&page).expect("page"), edited);

    // Without stamps (an output of an older version), every file is read and compared.
    std::fs::remove_file(site.path("public/.qingfeng-stamps")).expect("remove");
    site.build().success();
    assert_eq!(std::fs::read_to_string(&page).expect("page"), original);
    assert!(site.path("public/.qingfeng-stamps").exists());
}

/// `serve`'s rebuilds take unchanged images from their memo, so the cache does not see
/// them: it must not lose their entries for that, or the next `build` draws them all again.
#[test]
fn a_serve_rebuild_keeps_the_entries_it_took_from_its_memo() {
    use qingfeng::build::build_site_cached;
    use qingfeng::config::Config;

    let site = site();
    site.build().success();
    let cached = entries(&site);
    assert!(cached.len() > 20, "{}", cached.len());
    let config = Config::load(site.root(), None).expect("config").for_serve();
    let mut memo = qingfeng::memo::BuildMemo::default();
    build_site_cached(&config, &mut memo).expect("first build");
    site.edit(
        "content/counties/baishui.yaml",
        "average: 47.0",
        "average: 46.5",
    );
    build_site_cached(&config, &mut memo).expect("rebuild");
    let after = entries(&site);
    let kept = cached.keys().filter(|k| after.contains_key(*k)).count();
    // All but the edited county's preview card (its old entry may stay until a build).
    assert!(kept + 1 >= cached.len(), "{kept} of {} kept", cached.len());
    assert!(after.len() > cached.len(), "the new card was not kept");

    // The next build finds every image but the new one in the cache, and then prunes.
    site.build().success();
    assert_eq!(entries(&site).len(), cached.len());
}

/// Each image qingfeng drew in the output at `out`, with whether it is a link to an entry of the image
/// cache (the same file: device and inode), and the entries' count of names.
#[cfg(unix)]
fn png_links(site: &TestSite, out: &Path) -> (BTreeMap<String, bool>, Vec<u64>) {
    use std::os::unix::fs::MetadataExt;
    let entries: Vec<std::fs::Metadata> = std::fs::read_dir(site.path(IMAGES))
        .expect("cache")
        .flatten()
        .map(|e| e.metadata().expect("entry"))
        .collect();
    let pngs = walkdir::WalkDir::new(out)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "png"))
        // The images qingfeng draws (an article's photo is the editors' file, copied).
        .filter(|e| e.path().starts_with(out.join("images")))
        .map(|e| {
            let m = e.metadata().expect("png");
            let linked = entries
                .iter()
                .any(|c| (c.dev(), c.ino()) == (m.dev(), m.ino()));
            let rel = e.path().strip_prefix(out).expect("prefix");
            (rel.to_string_lossy().into_owned(), linked)
        })
        .collect();
    (pngs, entries.iter().map(MetadataExt::nlink).collect())
}

/// On Unix the output's PNGs are links to the image cache's entries, not copies: a full
/// build after the output was removed makes no new file for an image the cache holds (on
/// a disk whose file system is slow to make files, those are a third of a large site's).
/// A link is the same file under another name, so the bytes published are the entry's
/// (the first test holds them to a build without the cache). An edit gives the county a
/// new card, linked to its new entry; the old entry's removal leaves the output whole. An
/// image saved over in place in the output (its entry with it) is drawn again. Output on
/// another file system than the site (where no link can be made) gets copies.
#[cfg(unix)]
#[test]
fn the_outputs_images_are_links_to_the_caches_entries() {
    use std::os::unix::fs::MetadataExt;
    let site = site();
    site.build().success();
    let out = site.path("public");
    let (pngs, names) = png_links(&site, &out);
    assert!(pngs.len() > 20, "{pngs:?}");
    assert!(pngs.values().all(|l| *l), "not linked: {pngs:?}");
    assert!(names.iter().all(|n| *n >= 2), "{names:?}");

    remove_output(&site);
    site.build().success();
    let (again, _) = png_links(&site, &out);
    assert_eq!(again, pngs);

    site.edit(
        "content/counties/baishui.yaml",
        "average: 47.0",
        "average: 46.5",
    );
    let card = out.join("images/preview/counties/baishui.png");
    let before = std::fs::read(&card).expect("card");
    site.build().success();
    let (edited, _) = png_links(&site, &out);
    assert_eq!(edited, pngs, "every image linked after the edit");
    let after = std::fs::read(&card).expect("card");
    assert_ne!(after, before, "the edited county's card is the same");
    assert!(after.starts_with(b"\x89PNG"));

    // An image saved over in place in the output changes its cache entry too (one file):
    // the entry, written to after it was made, is drawn again, and the image put right.
    let chart = out.join("images/charts/education.png");
    let drawn = std::fs::read(&chart).expect("chart");
    let born = std::fs::metadata(&chart).and_then(|m| m.created());
    if let Ok(born) = born {
        std::fs::write(&chart, &before).expect("save over in place");
        std::fs::File::options()
            .write(true)
            .open(&chart)
            .and_then(|f| f.set_modified(born + std::time::Duration::from_secs(10)))
            .expect("set time");
        site.build().success();
        assert_eq!(
            std::fs::read(&chart).expect("chart"),
            drawn,
            "the edit was kept"
        );
        assert_eq!(png_links(&site, &out).0, pngs, "every image linked again");
    } else {
        eprintln!("no birth times on this file system: an edit in place is not told");
    }

    // The cache removed: the output keeps every image whole.
    let snapshot = site.snapshot("public");
    std::fs::remove_dir_all(site.path(".qingfeng-cache")).expect("remove the cache");
    assert_eq!(site.snapshot("public"), snapshot);

    // Output on tmpfs, when it is another file system than the site's: copies.
    let shm = Path::new("/dev/shm");
    let other = shm.is_dir()
        && std::fs::metadata(shm).expect("shm").dev()
            != std::fs::metadata(site.root()).expect("site").dev();
    if other {
        let away = tempfile::tempdir_in(shm).expect("temp dir on tmpfs");
        let there = away.path().join("public");
        site.run(&["build", "--output", there.to_str().expect("path")])
            .success();
        let (copied, _) = png_links(&site, &there);
        assert_eq!(copied.len(), pngs.len());
        assert!(copied.values().all(|l| !*l), "linked across file systems");
        let bytes = |root: &Path, rel: &str| std::fs::read(root.join(rel)).expect("png");
        for rel in copied.keys() {
            assert_eq!(bytes(&there, rel), bytes(&out, rel), "{rel}");
        }
    } else {
        eprintln!("/dev/shm is not another file system here: the copies' case is not run");
    }
}
