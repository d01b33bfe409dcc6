//! The images step: finds the font, checks that it covers every character an image draws,
//! and renders the PNGs in parallel, each through the memo (by its SVG and font) and the
//! on-disk [`ImageCache`]. The font is read and parsed only when an image has to be drawn:
//! a build whose images are all in the cache never loads it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use rayon::prelude::*;

use crate::cache::ImageCache;
use crate::config::{CONFIG_FILE, Config};
use crate::diagnostic::{Diagnostic, Error, Result};
use crate::image::{self, Fonts};
use crate::load::fonts::{self, FontFiles};
use crate::memo::{CardKeeping, Reuse};
use crate::render::OutputFile;
use crate::render::images::ImageJob;

/// What draws the images of one build, and what it found on the way.
pub(super) struct Painter<'a> {
    font: FontFiles,
    /// The parsed font, once an image needed it; or why there is none.
    fonts: OnceLock<std::result::Result<Arc<Fonts>, FontProblem>>,
    identity: u64,
    reuse: Reuse<'a>,
    cache: Option<&'a ImageCache>,
    /// Each character the font lacks, with the images that draw it.
    missing: Mutex<BTreeMap<char, BTreeSet<String>>>,
    /// Images that could not be drawn, and why.
    failed: Mutex<Vec<(String, String)>>,
}

/// A made image: its file and its size.
pub(super) struct Made {
    pub file: OutputFile,
    pub size: (u32, u32),
}

/// Why the font drew nothing: a warning, or a file that could not be read.
#[derive(Debug)]
enum FontProblem {
    Warning(Diagnostic),
    Unreadable(Error),
}

/// What draws this build's images, or the one warning saying why there are none (no font
/// found). The font itself is loaded when the first image not in `cache` is drawn.
pub(super) fn painter<'a>(
    font: Option<&FontFiles>,
    reuse: Reuse<'a>,
    cache: Option<&'a ImageCache>,
) -> std::result::Result<Painter<'a>, Diagnostic> {
    let Some(font) = font else {
        return Err(Diagnostic::warning(
            CONFIG_FILE,
            crate::messages::Text::both(
                "no CJK font found: the share image, the link-preview cards and the charts' PNGs were not made",
                "找不到中文字体：未生成分享图、链接预览卡片和图表 PNG",
            ),
        )
        .help({
            let (en, zh) = (fonts::INSTALL_HELP, fonts::INSTALL_HELP_ZH);
            crate::t!("{en}; then build again", "{zh}，然后重新构建")
        })
        .code(crate::messages::catalog::NO_CJK_FONT));
    };
    Ok(Painter {
        font: font.clone(),
        fonts: OnceLock::new(),
        identity: font.identity,
        reuse,
        cache,
        missing: Mutex::default(),
        failed: Mutex::default(),
    })
}

/// Reads and parses the font, checking that a system font draws Chinese. `serve` (whose
/// memo keeps the font between rebuilds) reads its files; any other build maps them (see
/// [`Fonts::mapped`]).
fn load_fonts(font: &FontFiles, reuse: Reuse<'_>) -> std::result::Result<Arc<Fonts>, FontProblem> {
    let load = || {
        if reuse.keeps() {
            return fonts::read_fonts(font).map(Fonts::new);
        }
        Fonts::mapped(&font.paths).map_err(|(path, e)| crate::diagnostic::Error::read(&path, e))
    };
    let parsed = reuse
        .fonts(font.identity, load)
        .map_err(FontProblem::Unreadable)?;
    let name = font
        .paths
        .first()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    let Some(parsed) = parsed else {
        return Err(FontProblem::Warning(
            Diagnostic::warning(
                CONFIG_FILE,
                crate::t!(
                    "{name} is not a font qingfeng can read: no images were made",
                    "{name} 不是 qingfeng 能读取的字体：未生成图片"
                ),
            )
            .help(crate::messages::Text::both(
                "name a .ttf, .otf or .ttc file in [images] font",
                "请在 [images] font 中指定 .ttf、.otf 或 .ttc 字体文件",
            ))
            .code(crate::messages::catalog::UNREADABLE_FONT),
        ));
    };
    if !font.from_site && !parsed.has_cjk() {
        return Err(FontProblem::Warning(
            Diagnostic::warning(
                CONFIG_FILE,
                crate::t!(
                    "{name} draws no Chinese: no images were made",
                    "{name} 中没有中文字形：未生成图片"
                ),
            )
            .help(crate::messages::Text::both(
                fonts::INSTALL_HELP,
                fonts::INSTALL_HELP_ZH,
            ))
            .code(crate::messages::catalog::UNREADABLE_FONT),
        ));
    }
    Ok(parsed)
}

/// The font for images as `config` asks: the site's, or the system's.
pub(super) fn find_font(config: &Config) -> Result<Option<FontFiles>> {
    fonts::find_font(config, &fonts::system_font_dirs())
}

impl Painter<'_> {
    /// What keeps a county's card in place under a ledger: the font and the image cache;
    /// none when every image is drawn afresh (`--no-cache`: none is then kept either).
    pub(super) fn card_keeping(&self) -> Option<CardKeeping<'_>> {
        self.cache.map(|cache| CardKeeping {
            font: self.identity,
            cache,
        })
    }

    /// The image cache's key of `job`'s image (none without a cache).
    pub(super) fn cache_key(&self, job: &ImageJob) -> Option<String> {
        self.cache
            .map(|_| ImageCache::key(&job.svg, job.scale, self.identity))
    }

    /// One image, unless its font lacks a character it draws (recorded for the warning).
    /// Its file names the image-cache entry that holds the same bytes, when there is one, for
    /// the writer to link.
    pub(super) fn paint(&self, job: &ImageJob) -> Option<Made> {
        let mut entry = None;
        let png = self.reuse.image(&job.svg, job.scale, self.identity, || {
            self.draw(job).map(|(png, at)| {
                entry = at;
                png
            })
        });
        let png = self.drawn(job, png)?;
        Some(Made {
            size: (png.width, png.height),
            file: OutputFile::new(job.path.clone(), png.bytes).same_as(entry),
        })
    }

    /// One image, as [`Painter::paint`], that a build with a memo (`serve`) does not hold:
    /// its file names the image-cache entry that holds it (read when it is asked for).
    /// Without a cache, or when the entry could not be written, it is held as `paint` holds it.
    pub(super) fn paint_to_cache(&self, job: &ImageJob) -> Option<Made> {
        let (Some(_), Reuse::Memo(_)) = (self.cache, self.reuse) else {
            return self.paint(job);
        };
        // Not through the memo of images: that would hold it. The entry `draw` found or
        // kept holds it.
        let (png, entry) = match self.draw(job) {
            Ok((png, entry)) => (Ok(png), entry),
            Err(e) => (Err(e), None),
        };
        let png = self.drawn(job, png)?;
        let file = entry
            .and_then(|entry| OutputFile::in_cache(job.path.clone(), &entry))
            .unwrap_or_else(|| OutputFile::new(job.path.clone(), png.bytes));
        Some(Made {
            size: (png.width, png.height),
            file,
        })
    }

    /// Draws one image, or takes it from the image cache (and keeps one drawn there): the
    /// image, and the path of the cache entry that holds it, if one does.
    fn draw(
        &self,
        job: &ImageJob,
    ) -> std::result::Result<(image::Png, Option<PathBuf>), image::RenderError> {
        // A too-tall image is refused before its SVG is hashed or parsed.
        image::check_height(&job.svg, job.scale)?;
        let key = self
            .cache
            .map(|_| ImageCache::key(&job.svg, job.scale, self.identity));
        // An entry exists only for an image drawn with this font, which had every
        // character: the font need not be loaded to use it.
        if let Some((cache, key)) = self.cache.zip(key.as_deref())
            && let Some(png) = cache.get(key)
        {
            return Ok((png, Some(cache.entry_path(key))));
        }
        let fonts = self.fonts()?;
        let lacking = image::missing(fonts, &image::drawn_text(&job.svg));
        if !lacking.is_empty() {
            let mut missing = self.missing.lock().unwrap_or_else(PoisonError::into_inner);
            for c in lacking {
                missing.entry(c).or_default().insert(job.path.clone());
            }
            return Err(image::RenderError::NotDrawn);
        }
        let png = image::render_png(&job.svg, job.scale, fonts)?;
        let entry = self
            .cache
            .zip(key.as_deref())
            .filter(|(cache, key)| cache.put(key, &png))
            .map(|(cache, key)| cache.entry_path(key));
        Ok((png, entry))
    }

    /// A drawn image, or `None` (a failure recorded for the warnings).
    fn drawn(
        &self,
        job: &ImageJob,
        png: std::result::Result<image::Png, image::RenderError>,
    ) -> Option<image::Png> {
        match png {
            Ok(png) => Some(png),
            // Too tall to be of use (a comparison of hundreds of counties): left out, as
            // the README says.
            Err(image::RenderError::TooTall(_) | image::RenderError::NotDrawn) => None,
            Err(image::RenderError::Failed(e)) => {
                self.failed
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .push((job.path.clone(), e));
                None
            }
        }
    }

    /// The parsed font, loaded on first use; `NotDrawn` when there is none (the reason is
    /// among the warnings).
    fn fonts(&self) -> std::result::Result<&Fonts, image::RenderError> {
        match self
            .fonts
            .get_or_init(|| load_fonts(&self.font, self.reuse))
        {
            Ok(fonts) => Ok(fonts),
            Err(_) => Err(image::RenderError::NotDrawn),
        }
    }

    /// Many images, in parallel.
    pub(super) fn paint_all(&self, jobs: &[ImageJob]) -> Vec<Made> {
        jobs.par_iter().filter_map(|job| self.paint(job)).collect()
    }

    /// The warnings of this build's images: the characters the font lacks, with the
    /// images left out for them, and any image that could not be drawn.
    /// A font file that could not be read is an error.
    pub(super) fn warnings(self) -> Result<Vec<Diagnostic>> {
        let family = match self.fonts.into_inner() {
            None => String::new(),
            Some(Ok(fonts)) => fonts.family().to_string(),
            Some(Err(FontProblem::Warning(d))) => return Ok(vec![d]),
            Some(Err(FontProblem::Unreadable(e))) => return Err(e),
        };
        let missing = self
            .missing
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        let mut out = Vec::new();
        if !missing.is_empty() {
            let chars: Vec<String> = missing
                .keys()
                .map(|c| format!("{c} (U+{:04X})", u32::from(*c)))
                .collect();
            let images: BTreeSet<&String> = missing.values().flatten().collect();
            let listed: Vec<&str> = images.iter().take(5).map(|s| s.as_str()).collect();
            let more = images.len().saturating_sub(listed.len());
            let more = if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            };
            out.push(
                Diagnostic::warning(
                    CONFIG_FILE,
                    {
                        let (glyphs, n, listed) = (chars.join(", "), images.len(), listed.join(", "));
                        let (s, draws) = if n == 1 { ("", "s") } else { ("s", "") };
                        let more_zh = if more.is_empty() { String::new() } else { "等".to_string() };
                        crate::t!(
                            "the font {family} has no glyph for {glyphs}: {n} image{s} that draw{draws} them were not made ({listed}{more})",
                            "字体 {family} 中没有 {glyphs} 这些字：用到它们的 {n} 张图片未生成（{listed}{more_zh}）"
                        )
                    },
                )
                .help(crate::messages::Text::both(
                    "name a font that has them in site.toml, [images] font = \"fonts/….otf\" (a file in the site), or write the text without them",
                    "请在 site.toml 的 [images] font 中指定含有这些字的字体（网站中的文件，如 \"fonts/….otf\"），或改写文字",
                ))
                .code(crate::messages::catalog::MISSING_GLYPHS),
            );
        }
        for (path, e) in self
            .failed
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner)
        {
            out.push(
                Diagnostic::warning(
                    CONFIG_FILE,
                    crate::t!("{path} could not be drawn: {e}", "无法生成图片 {path}：{e}"),
                )
                .code(crate::messages::catalog::IMAGE_NOT_DRAWN),
            );
        }
        Ok(out)
    }
}
