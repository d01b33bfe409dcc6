//! The common characters of Chinese and their ordinary readings, for telling a pinyin
//! gloss left by a converter (`实现(xiàn)`: a common character in its everyday reading)
//! from a pronunciation note (`隰（xí）县`: a rare character; `洪洞（tóng）`: an unusual
//! reading).
//!
//! The list is the 2,500 常用字 of the 现代汉语常用字表 (1988) with the most common
//! reading(s) from pinyin-data (MIT, vendored in `src/cjk/pinyin-data/`): 24 KB in the
//! binary, parsed into a map on first use.

use std::collections::HashMap;
use std::sync::LazyLock;

/// `字 reading reading…` lines, `#` comments.
const COMMON_READINGS: &str = include_str!("common_readings.txt");

static READINGS: LazyLock<HashMap<char, Vec<&'static str>>> = LazyLock::new(|| {
    COMMON_READINGS
        .lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| {
            let mut parts = line.split(' ');
            let c = parts.next()?.chars().next()?;
            Some((c, parts.collect()))
        })
        .collect()
});

/// The ordinary readings of `c` (toned pinyin, `xiàn`) when it is one of the 2,500 common
/// characters (a Traditional character counts as its Simplified form).
pub fn common_readings(c: char) -> Option<&'static [&'static str]> {
    let c = super::simplified::simplified(c).unwrap_or(c);
    READINGS.get(&c).map(Vec::as_slice)
}

/// Whether `reading` (toned pinyin) is an ordinary reading of the common character `c`:
/// false for a rare character or an unusual reading.
pub fn is_ordinary_reading(c: char, reading: &str) -> bool {
    common_readings(c).is_some_and(|readings| readings.contains(&reading))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_characters_and_their_readings() {
        assert_eq!(READINGS.len(), 2500);
        assert!(is_ordinary_reading('现', "xiàn"));
        assert!(is_ordinary_reading('現', "xiàn"));
        assert!(is_ordinary_reading('长', "zhǎng"));
        assert!(is_ordinary_reading('长', "cháng"));
        assert!(!is_ordinary_reading('洞', "tóng"));
        assert!(is_ordinary_reading('洞', "dòng"));
        assert!(!is_ordinary_reading('隰', "xí"));
        assert_eq!(common_readings('隰'), None);
    }
}
