//! The language of messages to editors, English or Simplified Chinese, and the two-language
//! text that diagnostics carry until they are printed.
//!
//! Every message is made in both languages where it arises; which one is shown is decided
//! once, at the edge (`main`, which calls [`set_lang`]), by [`choose`]: `--lang`, then
//! `messages` in `site.toml`, then the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`), then on
//! Windows the user's display language, then English. Each kind of diagnostic has a
//! stable code from the [`catalog`].

pub mod catalog;
pub mod wrong_type;

use std::fmt;
use std::sync::atomic::{AtomicU8, Ordering};

pub use catalog::{CATALOG, Code, Entry};

/// A language messages are printed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// English (the default).
    #[default]
    En,
    /// Simplified Chinese.
    Zh,
}

impl Lang {
    /// The language a setting names: `zh` or `en`, exactly as `--lang` takes them and as
    /// `site.toml`'s `messages` is documented; anything else names none (`english`, `中文`,
    /// `zh-CN`), so that a refused value never chooses the language its refusal is printed
    /// in.
    pub fn parse(text: &str) -> Option<Lang> {
        match text {
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language a locale value names: Chinese when it starts with `zh`, else English.
    pub fn of_locale(value: &str) -> Lang {
        if value.trim().to_ascii_lowercase().starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }
}

static CHOSEN: AtomicU8 = AtomicU8::new(0);

/// The language messages are printed in (English until [`set_lang`] is called).
pub fn lang() -> Lang {
    if CHOSEN.load(Ordering::Relaxed) == 1 {
        Lang::Zh
    } else {
        Lang::En
    }
}

/// Sets the language of every message printed from now on; `main` calls it once.
pub fn set_lang(lang: Lang) {
    CHOSEN.store(u8::from(lang == Lang::Zh), Ordering::Relaxed);
}

/// The site setting's name in `site.toml`: `messages = "zh"` or `"en"`.
pub const SITE_SETTING: &str = "messages";

/// Chooses the language: the `--lang` flag, else the site's `messages` setting, else the
/// locale from `env` (the first non-empty of `LC_ALL`, `LC_MESSAGES`, `LANG`, as POSIX
/// reads them), else the Windows display language, else English.
pub fn choose(
    flag: Option<Lang>,
    site: Option<Lang>,
    env: impl Fn(&str) -> Option<String>,
) -> Lang {
    flag.or(site)
        .or_else(|| from_locale(env))
        .or_else(windows_ui_language)
        .unwrap_or_default()
}

/// The language the locale variables name, if any is set.
pub fn from_locale(env: impl Fn(&str) -> Option<String>) -> Option<Lang> {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .into_iter()
        .filter_map(&env)
        .find(|v| !v.trim().is_empty())
        .map(|v| Lang::of_locale(&v))
}

/// On Windows, the user's display language when it is Chinese or English (most editors'
/// machines have no `LANG`); elsewhere none.
#[cfg(windows)]
#[allow(unsafe_code)]
fn windows_ui_language() -> Option<Lang> {
    #[link(name = "kernel32")]
    unsafe extern "system" {
        fn GetUserDefaultUILanguage() -> u16;
    }
    // SAFETY: the function takes nothing and returns the user's language id; it has no
    // preconditions.
    let id = unsafe { GetUserDefaultUILanguage() };
    // The primary language is the low ten bits; LANG_CHINESE is 0x04.
    Some(if id & 0x3ff == 0x04 {
        Lang::Zh
    } else {
        Lang::En
    })
}

#[cfg(not(windows))]
fn windows_ui_language() -> Option<Lang> {
    None
}

/// A message in both languages (the Chinese missing where a message has not been
/// translated: then the English is shown).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Text {
    /// The English.
    pub en: String,
    /// The Simplified Chinese.
    pub zh: Option<String>,
}

impl Text {
    /// A message in both languages.
    pub fn both(en: impl Into<String>, zh: impl Into<String>) -> Text {
        Text {
            en: en.into(),
            zh: Some(zh.into()),
        }
    }

    /// The message in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match (lang, &self.zh) {
            (Lang::Zh, Some(zh)) => zh,
            _ => &self.en,
        }
    }
}

impl From<String> for Text {
    fn from(en: String) -> Text {
        Text { en, zh: None }
    }
}

impl From<&str> for Text {
    fn from(en: &str) -> Text {
        Text::from(en.to_string())
    }
}

impl From<&String> for Text {
    fn from(en: &String) -> Text {
        Text::from(en.clone())
    }
}

/// Serialized in the chosen language.
impl serde::Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.get(lang()))
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.get(lang()))
    }
}

/// `t!("en {x}", "中文 {x}")`: a [`Text`] in both languages, each formatted like `format!`
/// (names in braces are taken from the scope; positional arguments follow both strings).
#[macro_export]
macro_rules! t {
    ($en:literal, $zh:literal $(,)?) => {
        $crate::messages::Text::both(format!($en), format!($zh))
    };
    ($en:literal, $zh:literal, $($arg:expr),+ $(,)?) => {
        $crate::messages::Text::both(format!($en, $($arg),+), format!($zh, $($arg),+))
    };
}

/// Words of the diagnostic frame in each language.
pub struct Frame {
    /// `error` / `错误`.
    pub error: &'static str,
    /// `warning` / `警告`.
    pub warning: &'static str,
    /// `help` / `帮助`.
    pub help: &'static str,
    /// `: ` / `：`.
    pub colon: &'static str,
}

/// The frame words in `lang`.
pub fn frame(lang: Lang) -> Frame {
    match lang {
        Lang::En => Frame {
            error: "error",
            warning: "warning",
            help: "help",
            colon: ": ",
        },
        Lang::Zh => Frame {
            error: "错误",
            warning: "警告",
            help: "帮助",
            colon: "：",
        },
    }
}

/// Whether `text` holds a Han character (for the tests of the catalog and messages).
pub fn has_han(text: &str) -> bool {
    text.chars()
        .any(|c| matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0x20000..=0x3FFFD))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flag_beats_the_site_which_beats_the_locale() {
        let env = |lang: &'static str| move |k: &str| (k == "LANG").then(|| lang.to_string());
        assert_eq!(choose(None, None, env("zh_CN.UTF-8")), Lang::Zh);
        assert_eq!(choose(None, None, env("en_US.UTF-8")), Lang::En);
        assert_eq!(
            choose(Some(Lang::En), Some(Lang::Zh), env("zh_CN")),
            Lang::En
        );
        assert_eq!(choose(None, Some(Lang::Zh), env("C")), Lang::Zh);
        assert_eq!(choose(None, Some(Lang::En), env("zh_CN")), Lang::En);
    }

    #[test]
    fn the_first_non_empty_locale_variable_decides() {
        #[track_caller]
        fn case(vars: &[(&str, &str)], expected: Option<Lang>) {
            let got = from_locale(|k| {
                vars.iter()
                    .find(|(name, _)| *name == k)
                    .map(|(_, v)| v.to_string())
            });
            assert_eq!(got, expected, "{vars:?}");
        }
        case(&[], None);
        case(&[("LANG", "zh_CN.UTF-8")], Some(Lang::Zh));
        case(&[("LANG", "zh_TW.UTF-8")], Some(Lang::Zh));
        case(&[("LC_ALL", "C"), ("LANG", "zh_CN.UTF-8")], Some(Lang::En));
        case(&[("LC_ALL", ""), ("LANG", "zh_CN.UTF-8")], Some(Lang::Zh));
        case(
            &[("LC_MESSAGES", "zh_CN.GB18030"), ("LANG", "en_US")],
            Some(Lang::Zh),
        );
        case(
            &[("LC_ALL", "en_GB.UTF-8"), ("LC_MESSAGES", "zh_CN")],
            Some(Lang::En),
        );
    }

    #[test]
    fn a_setting_names_the_language_as_documented_or_not_at_all() {
        assert_eq!(Lang::parse("zh"), Some(Lang::Zh));
        assert_eq!(Lang::parse("en"), Some(Lang::En));
        // Refused by site.toml's check and by --lang, so they choose nothing either.
        for other in ["english", "enabled", "EN", "zh-CN", "中文", "C", "fr", ""] {
            assert_eq!(Lang::parse(other), None, "{other}");
        }
    }

    #[test]
    fn a_text_falls_back_to_english_where_it_has_no_chinese() {
        let x = 3;
        let both = t!("{x} errors", "{x} 个错误");
        assert_eq!(both.get(Lang::Zh), "3 个错误");
        assert_eq!(both.get(Lang::En), "3 errors");
        assert_eq!(Text::from("only English").get(Lang::Zh), "only English");
    }
}
