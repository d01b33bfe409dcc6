//! Calendar dates as editors write them: `YYYY-MM-DD`.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar date, checked to exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year.
    pub year: u16,
    /// Month, 1–12.
    pub month: u8,
    /// Day, 1–31.
    pub day: u8,
}

impl Date {
    /// Parses `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Option<Date> {
        let mut it = s.trim().splitn(3, '-');
        let (y, m, d) = (it.next()?, it.next()?, it.next()?);
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        let date = Date {
            year: y.parse().ok()?,
            month: m.parse().ok()?,
            day: d.parse().ok()?,
        };
        (1..=12)
            .contains(&date.month)
            .then_some(())
            .filter(|_| date.day >= 1 && date.day <= days_in_month(date.year, date.month))
            .map(|_| date)
    }

    /// The date a text means when it is written another common way (2016年9月1日,
    /// 2016/09/01, 2016.9.1, 2016-9-1), as YYYY-MM-DD; `None` when it is no valid date.
    pub fn suggest(s: &str) -> Option<Date> {
        let s = s.trim();
        let parts: Vec<&str> = s
            .split(['年', '月', '日', '/', '.', '-'])
            .filter(|p| !p.is_empty())
            .collect();
        let [y, m, d] = parts.as_slice() else {
            return None;
        };
        if y.len() != 4 || m.len() > 2 || d.len() > 2 {
            return None;
        }
        let (m, d): (u8, u8) = (m.parse().ok()?, d.parse().ok()?);
        Date::parse(&format!("{y}-{m:02}-{d:02}"))
    }

    /// 2016年8月20日.
    pub fn chinese(&self) -> String {
        format!("{}年{}月{}日", self.year, self.month, self.day)
    }

    /// Days since 1970-01-01.
    pub fn days_since_epoch(&self) -> i64 {
        let (y, m, d) = (
            i64::from(self.year),
            i64::from(self.month),
            i64::from(self.day),
        );
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// Today in China (UTC+8), from the system clock; 1970-01-01 if the clock is unusable.
    pub fn today_in_china() -> Date {
        let seconds = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let days = i64::try_from((seconds + 8 * 3600) / 86_400).unwrap_or(0);
        Date::from_days_since_epoch(days).unwrap_or(Date {
            year: 1970,
            month: 1,
            day: 1,
        })
    }

    /// The date `days` after 1970-01-01 (the inverse of [`Date::days_since_epoch`]); `None`
    /// outside the years 0–65535.
    pub fn from_days_since_epoch(days: i64) -> Option<Date> {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Some(Date {
            year: u16::try_from(year).ok()?,
            month: u8::try_from(month).ok()?,
            day: u8::try_from(day).ok()?,
        })
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(match Date::suggest(&s) {
                Some(d) => format!("`{s}` is not written as a date qingfeng reads: write `{d}`"),
                None => format!("`{s}` is not a date; write it as YYYY-MM-DD, e.g. 2016-08-20"),
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn suggestion(text: &str, expected: Option<&str>) {
        assert_eq!(
            Date::suggest(text).map(|d| d.to_string()).as_deref(),
            expected,
            "{text}"
        );
    }

    #[test]
    fn other_ways_of_writing_a_date_get_the_exact_replacement() {
        suggestion("2016年9月1日", Some("2016-09-01"));
        suggestion("2016/09/01", Some("2016-09-01"));
        suggestion("2016.9.1", Some("2016-09-01"));
        suggestion("2016-9-1", Some("2016-09-01"));
        suggestion("2016年13月1日", None);
        suggestion("2016-13-45", None);
        suggestion("九月一日", None);
    }

    #[test]
    fn parses_real_dates_only() {
        assert_eq!(
            Date::parse("2016-08-20").map(|d| d.chinese()),
            Some("2016年8月20日".into())
        );
        assert!(Date::parse("2016-02-30").is_none());
        assert!(Date::parse("2016-13-01").is_none());
        assert!(Date::parse("16-8-20").is_none());
        assert!(Date::parse("2016-02-29").is_some());
    }

    #[test]
    fn epoch_days() {
        assert_eq!(
            Date::parse("1970-01-02").map(|d| d.days_since_epoch()),
            Some(1)
        );
        assert_eq!(
            Date::parse("2016-08-20").map(|d| d.days_since_epoch()),
            Some(17033)
        );
    }

    #[test]
    fn epoch_days_round_trip() {
        for days in [-1, 0, 59, 60, 11_016, 17_033, 20_000, 2_932_896] {
            let date = Date::from_days_since_epoch(days).expect("in range");
            assert_eq!(date.days_since_epoch(), days, "{date}");
        }
        assert_eq!(
            Date::from_days_since_epoch(17_033).map(|d| d.to_string()),
            Some("2016-08-20".into())
        );
        assert_eq!(
            Date::from_days_since_epoch(11_016).map(|d| d.to_string()),
            Some("2000-02-29".into())
        );
    }
}

#[cfg(test)]
mod epoch_tests {
    use super::Date;

    #[test]
    fn days_round_trip() {
        for text in [
            "1970-01-01",
            "2000-02-29",
            "2016-08-20",
            "2024-12-31",
            "2100-03-01",
        ] {
            let d = Date::parse(text).expect("date");
            assert_eq!(
                Date::from_days_since_epoch(d.days_since_epoch()),
                Some(d),
                "{text}"
            );
        }
    }
}
