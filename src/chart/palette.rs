//! Chart colours: a colour-blind-safe default (Okabe–Ito derived) and WCAG contrast.

use super::ChartError;

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb {
    /// Red.
    pub r: u8,
    /// Green.
    pub g: u8,
    /// Blue.
    pub b: u8,
}

impl Rgb {
    /// A colour from its three channels.
    pub const fn new(r: u8, g: u8, b: u8) -> Rgb {
        Rgb { r, g, b }
    }

    /// Parses `#rrggbb` (either case).
    pub fn from_hex(text: &str) -> Result<Rgb, ChartError> {
        let bad = || ChartError::Palette {
            message: format!("`{text}` is not a colour of the form #rrggbb"),
        };
        let digits = text.strip_prefix('#').ok_or_else(bad)?;
        if digits.len() != 6 || !digits.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(bad());
        }
        let channel = |i: usize| u8::from_str_radix(&digits[i..i + 2], 16).map_err(|_| bad());
        Ok(Rgb::new(channel(0)?, channel(2)?, channel(4)?))
    }

    /// `#RRGGBB`.
    pub fn hex(self) -> String {
        format!("#{:02X}{:02X}{:02X}", self.r, self.g, self.b)
    }

    /// WCAG 2 relative luminance.
    pub fn luminance(self) -> f64 {
        let lin = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(self.r) + 0.7152 * lin(self.g) + 0.0722 * lin(self.b)
    }
}

/// WCAG 2 contrast ratio of two colours, from 1 to 21.
pub fn contrast_ratio(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (a.luminance(), b.luminance());
    let (hi, lo) = if la >= lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// The colours of the charts.
#[derive(Debug, Clone, PartialEq)]
pub struct Palette {
    /// Bar and dot colours; items pick one by index (wrapping).
    pub series: Vec<Rgb>,
    /// Text colour when the page does not set one (the root's `color`).
    pub text: Rgb,
    /// Axis lines.
    pub axis: Rgb,
    /// Light fills: the track of a share bar, grid lines.
    pub track: Rgb,
}

impl Default for Palette {
    /// Okabe–Ito blue, vermillion, a neutral grey, bluish green and reddish purple: all
    /// at least 3:1 against white, told apart under the common colour-vision deficiencies.
    fn default() -> Palette {
        Palette {
            series: vec![
                Rgb::new(0x00, 0x72, 0xB2),
                Rgb::new(0xD5, 0x5E, 0x00),
                Rgb::new(0x76, 0x76, 0x76),
                Rgb::new(0x00, 0x9E, 0x73),
                Rgb::new(0xCC, 0x79, 0xA7),
            ],
            text: Rgb::new(0x22, 0x22, 0x22),
            axis: Rgb::new(0x76, 0x76, 0x76),
            track: Rgb::new(0xE6, 0xE6, 0xE6),
        }
    }
}

impl Palette {
    /// The default palette with its series colours replaced by `colors` (`#rrggbb`).
    pub fn from_colors(colors: &[String]) -> Result<Palette, ChartError> {
        if colors.is_empty() {
            return Err(ChartError::Palette {
                message: "at least one colour is needed".to_string(),
            });
        }
        let series = colors
            .iter()
            .map(|c| Rgb::from_hex(c.trim()))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Palette {
            series,
            ..Palette::default()
        })
    }

    /// The series colour `index` (wrapping around).
    pub fn color(&self, index: usize) -> Rgb {
        match self.series.len() {
            0 => self.text,
            n => self.series[index % n],
        }
    }
}
