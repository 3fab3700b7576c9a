//! Date expressions: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, `~` for approximate, `START/END` for
//! intervals. They sort chronologically and print with their precision shown honestly.

use crate::config::DateStyle;
use serde::Serialize;
use std::cmp::Ordering;
use std::fmt;

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const MONTHS_LONG: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A calendar date known to the year, the month or the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl PartialDate {
    /// ISO form at the known precision: `1961`, `1961-07`, `1961-07-06`.
    pub fn iso(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{:04}-{:02}-{:02}", self.year, m, d),
            (Some(m), None) => format!("{:04}-{:02}", self.year, m),
            _ => format!("{:04}", self.year),
        }
    }

    /// Reader form: `6 Jul 1961`, `Jul 1961`, `1961`.
    pub fn human(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{} {} {}", d, MONTHS[m as usize - 1], self.year),
            (Some(m), None) => format!("{} {}", MONTHS[m as usize - 1], self.year),
            _ => self.year.to_string(),
        }
    }

    /// Long reader form for publication dates: `20 June 2024`.
    pub fn long(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{} {} {}", d, MONTHS_LONG[m as usize - 1], self.year),
            (Some(m), None) => format!("{} {}", MONTHS_LONG[m as usize - 1], self.year),
            _ => self.year.to_string(),
        }
    }

    /// Reader form in `style`: `20 June 2024`, `20 Jun 2024`, `June 20, 2024` or `2024-06-20`,
    /// at the known precision (`June 2024`, `1961`).
    pub fn shown(&self, style: DateStyle) -> String {
        match style {
            DateStyle::Long => self.long(),
            DateStyle::Short => self.human(),
            DateStyle::Iso => self.iso(),
            DateStyle::Us => match (self.month, self.day) {
                (Some(m), Some(d)) => format!("{} {}, {}", MONTHS_LONG[m as usize - 1], d, self.year),
                _ => self.long(),
            },
        }
    }

    /// Days since 0000-03-01 of the first day this date can mean; for drawing on an axis.
    pub fn day_number(&self) -> i64 {
        days_from_civil(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// Days of the last day this date can mean (31 Dec for a year, the month's end for a month).
    pub fn last_day_number(&self) -> i64 {
        match (self.month, self.day) {
            (Some(m), Some(d)) => days_from_civil(self.year, m, d),
            (Some(m), None) => days_from_civil(self.year, m, days_in_month(self.year, m)),
            _ => days_from_civil(self.year, 12, 31),
        }
    }

    fn sort_key(&self) -> (i32, u8, u8) {
        (self.year, self.month.unwrap_or(0), self.day.unwrap_or(0))
    }
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i32, m: u8) -> u8 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Howard Hinnant's days-from-civil algorithm.
fn days_from_civil(y: i32, m: u8, d: u8) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe
}

/// A date expression as found in `date:` fields of quotes and events.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct DateExpr {
    pub start: PartialDate,
    pub end: Option<PartialDate>,
    pub approx: bool,
}

impl DateExpr {
    /// Parse a date expression; the error says what was expected.
    pub fn parse(s: &str) -> Result<DateExpr, String> {
        let s = s.trim();
        let (approx, body) = match s.strip_prefix('~') {
            Some(rest) => (true, rest.trim_start()),
            None => (false, s),
        };
        if let Some((a, b)) = body.split_once('/') {
            let b = b.trim().strip_prefix('~').unwrap_or(b.trim());
            let start = parse_partial(a.trim())?;
            let end = parse_partial(b)?;
            if end.last_day_number() < start.day_number() {
                return Err(format!("the interval ends ({}) before it starts ({})", end.iso(), start.iso()));
            }
            return Ok(DateExpr { start, end: Some(end), approx });
        }
        Ok(DateExpr { start: parse_partial(body)?, end: None, approx })
    }

    /// A single exact day (for publication dates): `YYYY-MM-DD` only.
    pub fn parse_day(s: &str) -> Result<PartialDate, String> {
        let d = parse_partial(s.trim())?;
        if d.day.is_none() {
            return Err(format!("expected a full date YYYY-MM-DD, found `{}`", s.trim()));
        }
        Ok(d)
    }

    /// Machine form as written back: `~1961-07/1962`.
    pub fn iso(&self) -> String {
        let mut s = String::new();
        if self.approx {
            s.push('~');
        }
        s.push_str(&self.start.iso());
        if let Some(e) = &self.end {
            s.push('/');
            s.push_str(&e.iso());
        }
        s
    }

    /// The reader's label with its precision: `c. 1890`, `1947`, `Nov 2030`, `1950–1953`.
    pub fn label(&self) -> String {
        let c = if self.approx { "c. " } else { "" };
        match &self.end {
            None => format!("{c}{}", self.start.human()),
            Some(e) => format!("{c}{}\u{2013}{}", self.start.human(), e.human()),
        }
    }

    /// The reader's label in `style`: `c. 1890`, `June 2024`, `25 June 1950–27 July 1953`.
    pub fn shown(&self, style: DateStyle) -> String {
        let c = if self.approx { "c. " } else { "" };
        match &self.end {
            None => format!("{c}{}", self.start.shown(style)),
            // ISO dates carry hyphens: a spaced dash keeps the two apart.
            Some(e) if style == DateStyle::Iso => format!("{c}{} \u{2013} {}", self.start.iso(), e.iso()),
            Some(e) => format!("{c}{}\u{2013}{}", self.start.shown(style), e.shown(style)),
        }
    }

    /// `datetime` attribute value for `<time>`: the start at its precision.
    pub fn datetime(&self) -> String {
        self.start.iso()
    }

    pub fn year(&self) -> i32 {
        self.start.year
    }
}

impl fmt::Display for DateExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

impl Ord for DateExpr {
    /// Chronological: by start (a year sorts before its months), then shorter intervals first,
    /// exact before approximate.
    fn cmp(&self, other: &Self) -> Ordering {
        self.start
            .sort_key()
            .cmp(&other.start.sort_key())
            .then_with(|| self.end.map(|e| e.sort_key()).cmp(&other.end.map(|e| e.sort_key())))
            .then(self.approx.cmp(&other.approx))
    }
}

impl PartialOrd for DateExpr {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

fn parse_partial(s: &str) -> Result<PartialDate, String> {
    let expected = || format!("expected a date as YYYY, YYYY-MM or YYYY-MM-DD, found `{s}`");
    let (neg, digits) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let mut parts = digits.split('-');
    let y = parts.next().unwrap_or("");
    if y.len() < 3 || y.len() > 4 || !y.bytes().all(|b| b.is_ascii_digit()) {
        return Err(expected());
    }
    let mut year: i32 = y.parse().map_err(|_| expected())?;
    if neg {
        year = -year;
    }
    let month = match parts.next() {
        None => None,
        Some(m) if m.len() == 2 && m.bytes().all(|b| b.is_ascii_digit()) => {
            let m: u8 = m.parse().map_err(|_| expected())?;
            if !(1..=12).contains(&m) {
                return Err(format!("month {m} does not exist in `{s}` (months run 01 to 12)"));
            }
            Some(m)
        }
        Some(_) => return Err(expected()),
    };
    let day = match parts.next() {
        None => None,
        Some(d) if d.len() == 2 && d.bytes().all(|b| b.is_ascii_digit()) => {
            let d: u8 = d.parse().map_err(|_| expected())?;
            let m = month.unwrap_or(1);
            if d == 0 || d > days_in_month(year, m) {
                return Err(format!("day {d} does not exist in {} {year} (`{s}`)", MONTHS_LONG[m as usize - 1]));
            }
            Some(d)
        }
        Some(_) => return Err(expected()),
    };
    if parts.next().is_some() {
        return Err(expected());
    }
    Ok(PartialDate { year, month, day })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_form() {
        assert_eq!(DateExpr::parse("1961").unwrap().label(), "1961");
        assert_eq!(DateExpr::parse("2030-11").unwrap().label(), "Nov 2030");
        assert_eq!(DateExpr::parse("2024-06-19").unwrap().label(), "19 Jun 2024");
        assert_eq!(DateExpr::parse("~1890").unwrap().label(), "c. 1890");
        assert_eq!(DateExpr::parse("1950-06-25/1953-07-27").unwrap().label(), "25 Jun 1950\u{2013}27 Jul 1953");
        assert_eq!(DateExpr::parse("~1950/1953").unwrap().iso(), "~1950/1953");
    }

    #[test]
    fn every_style_shows_every_precision() {
        let shown = |s: &str, style| DateExpr::parse(s).unwrap().shown(style);
        assert_eq!(shown("2024-06-20", DateStyle::Long), "20 June 2024");
        assert_eq!(shown("2024-06-20", DateStyle::Short), "20 Jun 2024");
        assert_eq!(shown("2024-06-20", DateStyle::Us), "June 20, 2024");
        assert_eq!(shown("2024-06-20", DateStyle::Iso), "2024-06-20");
        for style in [DateStyle::Long, DateStyle::Us] {
            assert_eq!(shown("2024-06", style), "June 2024");
            assert_eq!(shown("~1890", style), "c. 1890");
        }
        assert_eq!(shown("1950-06-25/1953-07-27", DateStyle::Long), "25 June 1950\u{2013}27 July 1953");
        assert_eq!(shown("1950-06-25/1953-07-27", DateStyle::Iso), "1950-06-25 \u{2013} 1953-07-27");
        assert_eq!(shown("~1961-07", DateStyle::Short), "c. Jul 1961");
    }

    #[test]
    fn rejects_impossible_dates() {
        assert!(DateExpr::parse("2023-02-29").unwrap_err().contains("day 29 does not exist in February 2023"));
        assert!(DateExpr::parse("2024-02-29").is_ok());
        assert!(DateExpr::parse("2024-13").unwrap_err().contains("month 13"));
        assert!(DateExpr::parse("June 2024").unwrap_err().contains("expected a date"));
        assert!(DateExpr::parse("1953/1950").unwrap_err().contains("ends (1950) before it starts (1953)"));
        assert!(DateExpr::parse_day("2024-06").is_err());
    }

    #[test]
    fn orders_chronologically_with_mixed_precision() {
        let mut v: Vec<DateExpr> = ["2024-06-19", "~1890", "2024", "1950/1953", "2024-03", "1950"]
            .iter()
            .map(|s| DateExpr::parse(s).unwrap())
            .collect();
        v.sort();
        let got: Vec<String> = v.iter().map(DateExpr::iso).collect();
        assert_eq!(got, ["~1890", "1950", "1950/1953", "2024", "2024-03", "2024-06-19"]);
    }

    #[test]
    fn day_numbers_are_consistent() {
        let a = DateExpr::parse("2024-02-28").unwrap().start.day_number();
        let b = DateExpr::parse("2024-03-01").unwrap().start.day_number();
        assert_eq!(b - a, 2);
        assert_eq!(
            DateExpr::parse("2024").unwrap().start.last_day_number()
                - DateExpr::parse("2024").unwrap().start.day_number(),
            365
        );
    }
}
