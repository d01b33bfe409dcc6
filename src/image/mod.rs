//! Images: SVG strings in, PNG bytes out (resvg), pure. The charts the [`crate::chart`]
//! module draws, and the share image and link-preview cards [`compose`] lays out, become
//! PNGs for WeChat, Weibo, Word and link previews.
//!
//! Text is shaped with one font ([`Fonts`]), the site's own or the system's CJK font, so
//! that the same SVG and font give byte-identical PNGs on every machine. [`missing`] tells
//! which of the characters an image draws that font lacks, before anything is rendered: an
//! image is never published with tofu boxes.

pub mod compose;

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

use resvg::tiny_skia;
use resvg::usvg::{self, fontdb};
use skrifa::MetadataProvider;

use crate::html_text::decode_entities;

/// The font that images are drawn with, parsed once and shared by every render.
pub struct Fonts {
    db: Arc<fontdb::Database>,
    /// The family every text is drawn in.
    family: String,
    /// The face whose coverage [`missing`] checks.
    face: fontdb::ID,
}

impl std::fmt::Debug for Fonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fonts")
            .field("family", &self.family)
            .finish()
    }
}

/// Families preferred, in order, among the faces of a font collection: Simplified Chinese
/// first (a `.ttc` such as Noto Sans CJK holds SC, TC, JP and KR faces).
const PREFERRED: &[&str] = &[
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "PingFang SC",
    "Microsoft YaHei",
    "Hiragino Sans GB",
    "Noto Sans SC",
];

impl Fonts {
    /// Parses font files (`.ttf`, `.otf`, `.ttc`; the regular face first, a bold one
    /// may follow). `None` when the first holds no usable face.
    pub fn new(files: Vec<Vec<u8>>) -> Option<Fonts> {
        let mut db = fontdb::Database::new();
        for bytes in files {
            db.load_font_data(bytes);
        }
        Fonts::of(db)
    }

    /// The font files at `paths`, as [`Fonts::new`] parses them, but mapped into memory
    /// rather than read: a CJK font is 20–40 MB, which a build would otherwise hold while
    /// it draws. Each file is mapped once, for all its faces, for as long as the fonts live.
    ///
    /// Only for a build that ends when it is done: a file truncated in place by another
    /// program while it is mapped would fault on its next read. A one-off build draws for
    /// seconds, and system fonts are replaced by rename when upgraded (the mapping keeps
    /// the file it mapped); `serve`, which keeps its fonts while the editor may copy a new
    /// font over the site's, reads them with [`Fonts::new`].
    /// An error names the file that could not be opened or mapped.
    pub fn mapped(paths: &[PathBuf]) -> Result<Option<Fonts>, (PathBuf, std::io::Error)> {
        let mut db = fontdb::Database::new();
        for path in paths {
            db.load_font_file(path).map_err(|e| (path.clone(), e))?;
        }
        let faces: Vec<(fontdb::ID, PathBuf)> = db
            .faces()
            .filter_map(|f| match &f.source {
                fontdb::Source::File(path) => Some((f.id, path.clone())),
                _ => None,
            })
            .collect();
        for (id, path) in faces {
            // SAFETY: the mapping is only read, by this process's drawing, and qingfeng
            // never writes a font file; another program changing it is discussed above.
            #[allow(unsafe_code)]
            let shared = unsafe { db.make_shared_face_data(id) };
            if shared.is_none() {
                let e = std::io::Error::other("the font file could not be mapped into memory");
                return Err((path, e));
            }
        }
        Ok(Fonts::of(db))
    }

    /// The fonts of `db`: its preferred family drawn for every generic one.
    fn of(mut db: fontdb::Database) -> Option<Fonts> {
        let first = db.faces().next()?;
        let preferred = PREFERRED.iter().find_map(|want| {
            db.faces()
                .find(|f| f.families.iter().any(|(name, _)| name == want))
                .map(|f| ((*want).to_string(), f.id))
        });
        let (family, face) = match preferred {
            Some(found) => found,
            None => (first.families.first()?.0.clone(), first.id),
        };
        db.set_sans_serif_family(family.clone());
        db.set_serif_family(family.clone());
        db.set_monospace_family(family.clone());
        db.set_cursive_family(family.clone());
        db.set_fantasy_family(family.clone());
        Some(Fonts {
            db: Arc::new(db),
            family,
            face,
        })
    }

    /// The family name images are drawn in (`Noto Sans CJK SC`).
    pub fn family(&self) -> &str {
        &self.family
    }

    /// Whether the font draws Chinese at all (it has 中, 国 and 县).
    pub fn has_cjk(&self) -> bool {
        missing(self, "中国县").is_empty()
    }
}

/// The characters of `text` that the font has no glyph for (spaces and controls aside).
pub fn missing(fonts: &Fonts, text: &str) -> BTreeSet<char> {
    fonts
        .db
        .with_face_data(fonts.face, |data, index| {
            let Ok(font) = skrifa::FontRef::from_index(data, index) else {
                return text.chars().filter(|c| !c.is_whitespace()).collect();
            };
            let charmap = font.charmap();
            text.chars()
                .filter(|c| !c.is_whitespace() && !c.is_control() && !is_invisible(*c))
                .filter(|c| charmap.map(*c).is_none())
                .collect()
        })
        .unwrap_or_default()
}

/// Characters that take no room and draw nothing: zero-width spaces and joiners, the word
/// joiner the site puts between a number and its unit, the byte-order mark.
pub fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{00AD}')
}

/// The text an SVG draws: the contents of its `<text>` elements (not its `<title>` or
/// `<desc>`, which are not drawn), entities decoded.
pub fn drawn_text(svg: &str) -> String {
    let mut out = String::new();
    let mut rest = svg;
    while let Some(start) = rest.find("<text") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else {
            break;
        };
        let body = &after[open_end + 1..];
        let end = body.find("</text>").unwrap_or(body.len());
        let mut inside = &body[..end];
        // Nested <tspan> tags are dropped, their text kept.
        while let Some(lt) = inside.find('<') {
            out.push_str(&decode_entities(&inside[..lt]));
            inside = inside[lt..]
                .find('>')
                .map_or("", |gt| &inside[lt + gt + 1..]);
        }
        out.push_str(&decode_entities(inside));
        out.push('\n');
        rest = &body[end..];
    }
    out
}

/// A PNG and its size in pixels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Png {
    /// The encoded image.
    pub bytes: Arc<[u8]>,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

/// The tallest image made, in pixels: a comparison of a few hundred counties is taller than
/// any page of a Word report or a phone screen could use, and would take hundreds of
/// megabytes to draw.
pub const MAX_HEIGHT: u32 = 8192;

/// Why an image was not made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RenderError {
    /// It would be taller than [`MAX_HEIGHT`] (its height in pixels).
    TooTall(u32),
    /// The SVG could not be read or drawn.
    Failed(String),
    /// Not drawn for a reason reported elsewhere (no usable font, a character it lacks).
    NotDrawn,
}

/// `TooTall` when the SVG's `viewBox` at `scale` is taller than [`MAX_HEIGHT`]: checked
/// before anything else is done with it.
pub fn check_height(svg: &str, scale: f32) -> Result<(), RenderError> {
    match declared_height(svg) {
        Some(h) if h * scale > MAX_HEIGHT as f32 => {
            Err(RenderError::TooTall((h * scale).ceil() as u32))
        }
        _ => Ok(()),
    }
}

/// The height the root element's `viewBox` gives (`viewBox="0 0 340 294"` → 294).
fn declared_height(svg: &str) -> Option<f32> {
    let root = &svg[..svg.find('>')?];
    let view_box = root.split("viewBox=\"").nth(1)?.split('"').next()?;
    view_box.split_whitespace().nth(3)?.parse().ok()
}

/// Renders `svg` at `scale` device pixels per SVG unit (2.0 for a 2× image) on white, as
/// an opaque PNG with no metadata: the same SVG and font give the same bytes.
pub fn render_png(svg: &str, scale: f32, fonts: &Fonts) -> Result<Png, RenderError> {
    let options = usvg::Options {
        font_family: fonts.family.clone(),
        languages: vec!["zh-CN".to_string()],
        fontdb: fonts.db.clone(),
        // Our SVGs link nothing; nothing is read from disk or decoded.
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: Box::new(|_, _, _| None),
            resolve_string: Box::new(|_, _| None),
        },
        ..usvg::Options::default()
    };
    // A tall SVG is refused before it is parsed: a comparison of thousands of counties
    // takes a second to read.
    check_height(svg, scale)?;
    let failed = |e: String| RenderError::Failed(e);
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| failed(e.to_string()))?;
    let size = tree.size();
    let width = (size.width() * scale).ceil() as u32;
    let height = (size.height() * scale).ceil() as u32;
    if height > MAX_HEIGHT {
        return Err(RenderError::TooTall(height));
    }
    let mut pixmap = tiny_skia::Pixmap::new(width, height)
        .ok_or_else(|| failed(format!("cannot draw an image of {width}×{height} pixels")))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    let bytes = encode_png(pixmap.data(), width, height).map_err(failed)?;
    Ok(Png {
        bytes: bytes.into(),
        width,
        height,
    })
}

/// Encodes opaque RGBA pixels as a PNG with no metadata. Cards and charts are drawn in a
/// few flat colours and their anti-aliased edges (85 colours on a preview card), so most
/// images fit a palette of 256: those are written indexed, a byte a pixel, unfiltered (the
/// rows of a flat-coloured image repeat as they are; filtered, they did not) at deflate
/// level 5. A 1200×630 card takes 17–18 KB, where the fastest compression with adaptive
/// filters took 22–23 KB in about a millisecond less: images are drawn once into the image
/// cache and written, and downloaded, at every build. Others are written as RGB at the
/// balanced level. The palette is in the order colours first appear, so the same pixels
/// give the same bytes.
fn encode_png(rgba: &[u8], width: u32, height: u32) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, width, height);
    encoder.set_depth(png::BitDepth::Eight);
    let data = match palette_of(rgba) {
        Some((palette, indices)) => {
            encoder.set_color(png::ColorType::Indexed);
            encoder.set_palette(palette);
            encoder.set_deflate_compression(png::DeflateCompression::Level(5));
            encoder.set_filter(png::Filter::NoFilter);
            indices
        }
        None => {
            encoder.set_color(png::ColorType::Rgb);
            encoder.set_compression(png::Compression::Balanced);
            rgba.chunks_exact(4)
                .flat_map(|p| [p[0], p[1], p[2]])
                .collect()
        }
    };
    let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
    writer.write_image_data(&data).map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())?;
    Ok(bytes)
}

/// The palette (RGB triples, in order of first appearance) and each pixel's index in it, or
/// `None` when the pixels hold more than 256 colours. Alpha is ignored: images are opaque.
fn palette_of(rgba: &[u8]) -> Option<(Vec<u8>, Vec<u8>)> {
    // A small direct-mapped cache of colour → index in front of a linear search of the
    // palette: runs of one colour and a few edge shades make nearly every look-up a hit.
    const SLOTS: usize = 1024;
    let mut cache = [(u32::MAX, 0u8); SLOTS];
    let mut colours: Vec<u32> = Vec::new();
    let mut indices = Vec::with_capacity(rgba.len() / 4);
    for p in rgba.chunks_exact(4) {
        let c = u32::from_le_bytes([p[0], p[1], p[2], 0]);
        let slot = (c.wrapping_mul(0x9E37_79B1) >> 22) as usize % SLOTS;
        let index = if cache[slot].0 == c {
            cache[slot].1
        } else {
            let i = match colours.iter().position(|&k| k == c) {
                Some(i) => i,
                None if colours.len() < 256 => {
                    colours.push(c);
                    colours.len() - 1
                }
                None => return None,
            };
            let i = u8::try_from(i).ok()?;
            cache[slot] = (c, i);
            i
        };
        indices.push(index);
    }
    let palette = colours
        .iter()
        .flat_map(|c| {
            let [r, g, b, _] = c.to_le_bytes();
            [r, g, b]
        })
        .collect();
    Some((palette, indices))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn case(svg: &str, expected: &str) {
        assert_eq!(drawn_text(svg), expected);
    }

    /// The RGB pixels of a PNG, decoded (palettes expanded).
    fn decoded(bytes: &[u8]) -> (png::ColorType, Vec<u8>) {
        let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        decoder.set_transformations(png::Transformations::EXPAND);
        let mut reader = decoder.read_info().expect("a PNG");
        let stored = reader.info().color_type;
        let mut buf = vec![0; reader.output_buffer_size().expect("size")];
        let info = reader.next_frame(&mut buf).expect("a frame");
        buf.truncate(info.buffer_size());
        (stored, buf)
    }

    #[test]
    fn few_colours_are_written_indexed_many_as_rgb_and_both_decode_to_the_pixels() {
        let (w, h) = (40u32, 30u32);
        let few: Vec<u8> = (0..w * h)
            .flat_map(|i| [(i % 7) as u8 * 30, 200, (i / 40) as u8, 255])
            .collect();
        let many: Vec<u8> = (0..w * h)
            .flat_map(|i| [(i % 256) as u8, (i / 256) as u8, 9, 255])
            .collect();
        for (rgba, kind) in [(few, png::ColorType::Indexed), (many, png::ColorType::Rgb)] {
            let bytes = encode_png(&rgba, w, h).expect("encoded");
            let rgb: Vec<u8> = rgba
                .chunks_exact(4)
                .flat_map(|p| [p[0], p[1], p[2]])
                .collect();
            assert_eq!(decoded(&bytes), (kind, rgb));
            assert_eq!(encode_png(&rgba, w, h).expect("again"), bytes);
        }
    }

    #[test]
    fn drawn_text_is_what_the_text_elements_hold() {
        case(
            "<svg><title>标题</title><text x=\"1\">县</text></svg>",
            "县\n",
        );
        case(
            "<svg><text>a<tspan>乡</tspan>b</text><text>&amp;&#x4E2D;&#22269;</text></svg>",
            "a乡b\n&中国\n",
        );
        case("<svg><desc>说明</desc></svg>", "");
        case("<svg><text>&bogus; & x</text></svg>", "&bogus; & x\n");
    }
}

#[cfg(test)]
mod rendering {
    use super::*;

    /// The system's CJK font, or `None` (a failure on CI, where `.ci/run` installs one).
    fn system_fonts() -> Option<Fonts> {
        let found = crate::load::fonts::system_cjk_font(&crate::load::fonts::system_font_dirs());
        if found.is_none() {
            assert!(
                std::env::var_os("CI").is_none(),
                "no CJK font: apt-get install fonts-noto-cjk"
            );
            crate::errln!("SKIPPED: no CJK font installed");
        }
        Fonts::new(vec![std::fs::read(found?).expect("read the font")])
    }

    #[test]
    fn a_chart_is_drawn_at_twice_its_size_and_a_too_tall_one_is_refused() {
        let Some(fonts) = system_fonts() else { return };
        assert!(fonts.has_cjk());
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 340 100\" width=\"100%\"><text x=\"10\" y=\"50\" font-size=\"20\">县级领导班子</text></svg>";
        let png = render_png(svg, 2.0, &fonts).expect("drawn");
        assert_eq!((png.width, png.height), (680, 200));
        assert_eq!(
            render_png(svg, 2.0, &fonts).expect("again").bytes,
            png.bytes
        );
        let tall = svg.replace("0 0 340 100", "0 0 340 5000");
        assert_eq!(
            render_png(&tall, 2.0, &fonts),
            Err(RenderError::TooTall(10000))
        );
        assert_eq!(
            missing(&fonts, "县\u{30000} x"),
            BTreeSet::from(['\u{30000}'])
        );
    }
    #[test]
    fn a_mapped_font_draws_what_a_read_one_draws_and_names_a_file_it_cannot_open() {
        let Some(read) = system_fonts() else { return };
        let found = crate::load::fonts::system_cjk_font(&crate::load::fonts::system_font_dirs())
            .expect("the font read above");
        let mapped = Fonts::mapped(std::slice::from_ref(&found))
            .expect("mapped")
            .expect("a font");
        assert_eq!(mapped.family(), read.family());
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 200 40\"><text x=\"4\" y=\"30\" font-size=\"20\" font-weight=\"bold\">临汾市 2016 换届</text></svg>";
        let (a, b) = (render_png(svg, 2.0, &read), render_png(svg, 2.0, &mapped));
        assert_eq!(a.expect("drawn").bytes, b.expect("drawn").bytes);
        assert_eq!(
            missing(&mapped, "县\u{30000}"),
            missing(&read, "县\u{30000}")
        );

        let dir = tempfile::tempdir().expect("temp dir");
        let gone = dir.path().join("gone.ttf");
        let Err((path, _)) = Fonts::mapped(&[found.clone(), gone.clone()]) else {
            panic!("a missing file is an error");
        };
        assert_eq!(path, gone);
        let text = dir.path().join("not-a-font.ttf");
        std::fs::write(&text, "这不是字体").expect("write");
        assert!(Fonts::mapped(&[text]).expect("opened").is_none());
    }
}
