//! Dates at the start of headings: `2023.6.18`, `2023-06-18`, `2023/6/18`,
//! `2023年6月18日`, with or without zero padding.

use std::fmt;

use chrono::NaiveDate;

/// How the parts of a date are separated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DateSep {
    /// `2023.6.18`
    Dot,
    /// `2023-6-18`
    Dash,
    /// `2023/6/18`
    Slash,
    /// `2023年6月18日`
    Cjk,
}

/// A way of writing dates: a separator style plus zero padding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DateForm {
    /// The separator style.
    pub sep: DateSep,
    /// Month and day written with two digits (`06`, `08`).
    pub padded: bool,
}

impl DateForm {
    /// Every form, in the order used to break ties (unpadded first).
    pub const ALL: [DateForm; 8] = [
        DateForm::new(DateSep::Dot, false),
        DateForm::new(DateSep::Dot, true),
        DateForm::new(DateSep::Dash, false),
        DateForm::new(DateSep::Dash, true),
        DateForm::new(DateSep::Slash, false),
        DateForm::new(DateSep::Slash, true),
        DateForm::new(DateSep::Cjk, false),
        DateForm::new(DateSep::Cjk, true),
    ];

    const fn new(sep: DateSep, padded: bool) -> Self {
        DateForm { sep, padded }
    }

    /// The name used in `lint.toml`, e.g. `YYYY.M.D` or `YYYY-MM-DD`.
    pub fn name(self) -> &'static str {
        match (self.sep, self.padded) {
            (DateSep::Dot, false) => "YYYY.M.D",
            (DateSep::Dot, true) => "YYYY.MM.DD",
            (DateSep::Dash, false) => "YYYY-M-D",
            (DateSep::Dash, true) => "YYYY-MM-DD",
            (DateSep::Slash, false) => "YYYY/M/D",
            (DateSep::Slash, true) => "YYYY/MM/DD",
            (DateSep::Cjk, false) => "YYYY年M月D日",
            (DateSep::Cjk, true) => "YYYY年MM月DD日",
        }
    }

    /// Parse a form name as written in `lint.toml`.
    pub fn from_name(name: &str) -> Option<Self> {
        DateForm::ALL.into_iter().find(|f| f.name() == name)
    }

    /// Write `year`, `month`, `day` in this form.
    pub fn write(self, year: i32, month: u32, day: u32) -> String {
        let (a, b, c) = match self.sep {
            DateSep::Dot => (".", ".", ""),
            DateSep::Dash => ("-", "-", ""),
            DateSep::Slash => ("/", "/", ""),
            DateSep::Cjk => ("年", "月", "日"),
        };
        if self.padded {
            format!("{year:04}{a}{month:02}{b}{day:02}{c}")
        } else {
            format!("{year:04}{a}{month}{b}{day}{c}")
        }
    }
}

impl fmt::Display for DateForm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A date as written at the start of a heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenDate {
    /// The year, as written (four digits).
    pub year: i32,
    /// The month number, possibly out of range.
    pub month: u32,
    /// The day number, possibly out of range.
    pub day: u32,
    /// The separator style.
    pub sep: DateSep,
    /// Digits written for the month (1 or 2).
    month_digits: u8,
    /// Digits written for the day (1 or 2).
    day_digits: u8,
    /// Byte length of the date token in the text it was read from.
    pub len: usize,
    /// The calendar date, if `year.month.day` is one.
    pub date: Option<NaiveDate>,
}

impl WrittenDate {
    /// Whether this date is written in `form`. A date fits every form it can
    /// be written in: `2024.10.12` fits `YYYY.M.D` and `YYYY.MM.DD`.
    pub fn fits(&self, form: DateForm) -> bool {
        if self.sep != form.sep {
            return false;
        }
        let m_pad = self.month_digits == 2 && self.month < 10;
        let d_pad = self.day_digits == 2 && self.day < 10;
        if form.padded {
            self.month_digits == 2 && self.day_digits == 2
        } else {
            !m_pad && !d_pad
        }
    }

    /// This date written in `form`.
    pub fn rewrite(&self, form: DateForm) -> String {
        form.write(self.year, self.month, self.day)
    }

    /// The date as written.
    pub fn to_written(&self) -> String {
        let form_sep = self.sep;
        let m = if self.month_digits == 2 {
            format!("{:02}", self.month)
        } else {
            self.month.to_string()
        };
        let d = if self.day_digits == 2 {
            format!("{:02}", self.day)
        } else {
            self.day.to_string()
        };
        match form_sep {
            DateSep::Dot => format!("{:04}.{m}.{d}", self.year),
            DateSep::Dash => format!("{:04}-{m}-{d}", self.year),
            DateSep::Slash => format!("{:04}/{m}/{d}", self.year),
            DateSep::Cjk => format!("{:04}年{m}月{d}日", self.year),
        }
    }

    /// Why this is not a calendar date, if it is not.
    pub fn invalid_reason(&self) -> Option<String> {
        if self.date.is_some() {
            return None;
        }
        if !(1..=12).contains(&self.month) {
            return Some(format!("there is no month {}", self.month));
        }
        if self.day == 0 {
            return Some("there is no day 0".to_string());
        }
        let days = days_in_month(self.year, self.month);
        let month = MONTHS[(self.month - 1) as usize];
        Some(format!("{month} {} has {days} days", self.year))
    }
}

const MONTHS: [&str; 12] = [
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

fn days_in_month(year: i32, month: u32) -> u32 {
    let (ny, nm) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(ny, nm, 1)
        .and_then(|d| d.pred_opt())
        .map_or(31, |d| chrono::Datelike::day(&d))
}

/// Read a date at the very start of `text`.
///
/// Returns `None` when `text` does not start with one of the recognised
/// forms. A date-shaped token that is not a calendar date (`2023.2.30`) is
/// still returned, with `date: None`.
pub fn parse_leading_date(text: &str) -> Option<WrittenDate> {
    let b = text.as_bytes();
    if b.len() < 8 || !b[..4].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let year = digits_value(&b[..4]) as i32;
    let (sep, first_sep_len) = match b[4] {
        b'.' => (DateSep::Dot, 1),
        b'-' => (DateSep::Dash, 1),
        b'/' => (DateSep::Slash, 1),
        _ if text[4..].starts_with('年') => (DateSep::Cjk, '年'.len_utf8()),
        _ => return None,
    };
    let mut pos = 4 + first_sep_len;
    let (month, month_digits) = read_number(b, &mut pos)?;
    let second = match sep {
        DateSep::Dot => ".",
        DateSep::Dash => "-",
        DateSep::Slash => "/",
        DateSep::Cjk => "月",
    };
    if !text[pos..].starts_with(second) {
        return None;
    }
    pos += second.len();
    let (day, day_digits) = read_number(b, &mut pos)?;
    if sep == DateSep::Cjk {
        if !text[pos..].starts_with('日') {
            return None;
        }
        pos += '日'.len_utf8();
    } else {
        // `2023.6.18.5` or `2023-06-180` is not a date followed by text.
        let rest = &b[pos..];
        if rest.first().is_some_and(u8::is_ascii_digit) {
            return None;
        }
        if rest.len() >= 2 && rest[0] == second.as_bytes()[0] && rest[1].is_ascii_digit() {
            return None;
        }
    }
    Some(WrittenDate {
        year,
        month,
        day,
        sep,
        month_digits,
        day_digits,
        len: pos,
        date: NaiveDate::from_ymd_opt(year, month, day),
    })
}

fn read_number(b: &[u8], pos: &mut usize) -> Option<(u32, u8)> {
    let start = *pos;
    let mut end = start;
    while end < b.len() && end - start < 3 && b[end].is_ascii_digit() {
        end += 1;
    }
    let n = end - start;
    if n == 0 || n > 2 {
        return None;
    }
    *pos = end;
    Some((digits_value(&b[start..end]), n as u8))
}

fn digits_value(d: &[u8]) -> u32 {
    d.iter().fold(0, |acc, c| acc * 10 + u32::from(c - b'0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(name: &str) -> DateForm {
        DateForm::from_name(name).unwrap_or(DateForm::ALL[0])
    }

    #[test]
    fn recognises_every_form() {
        for (text, sep) in [
            ("2023.6.18", DateSep::Dot),
            ("2023.06.08 notes", DateSep::Dot),
            ("2023-6-18", DateSep::Dash),
            ("2023-06-18", DateSep::Dash),
            ("2023/6/18", DateSep::Slash),
            ("2023年6月18日", DateSep::Cjk),
            ("2023年06月18日 周日", DateSep::Cjk),
        ] {
            let d = parse_leading_date(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(d.sep, sep, "{text}");
            assert_eq!(d.year, 2023);
            assert!(d.date.is_some(), "{text}");
        }
    }

    #[test]
    fn rejects_non_dates() {
        for text in [
            "v2023.6.18",
            "2023.6",
            "2023.6-18",
            "2023.6.18.5",
            "2023.6.189",
            "2023-06-180",
            "2023年6月18",
            "20230618",
            "202.6.18",
            "2023..18",
            "pending list",
        ] {
            assert!(parse_leading_date(text).is_none(), "{text}");
        }
    }

    #[test]
    fn token_length_excludes_following_text() {
        let d = parse_leading_date("2023年6月18日 CLIP").unwrap_or_else(|| panic!());
        assert_eq!(&"2023年6月18日 CLIP"[..d.len], "2023年6月18日");
    }

    #[test]
    fn invalid_calendar_dates_are_kept_with_a_reason() {
        let d = parse_leading_date("2023.2.30").unwrap_or_else(|| panic!());
        assert!(d.date.is_none());
        assert_eq!(
            d.invalid_reason().as_deref(),
            Some("February 2023 has 28 days")
        );
        let d = parse_leading_date("2024.2.30").unwrap_or_else(|| panic!());
        assert_eq!(
            d.invalid_reason().as_deref(),
            Some("February 2024 has 29 days")
        );
        let d = parse_leading_date("2023.13.1").unwrap_or_else(|| panic!());
        assert_eq!(d.invalid_reason().as_deref(), Some("there is no month 13"));
        let d = parse_leading_date("2023.1.0").unwrap_or_else(|| panic!());
        assert_eq!(d.invalid_reason().as_deref(), Some("there is no day 0"));
    }

    #[test]
    fn a_date_fits_every_form_it_can_be_written_in() {
        let d = parse_leading_date("2024.10.12").unwrap_or_else(|| panic!());
        assert!(d.fits(form("YYYY.M.D")));
        assert!(d.fits(form("YYYY.MM.DD")));
        assert!(!d.fits(form("YYYY-MM-DD")));
        let d = parse_leading_date("2024.06.8").unwrap_or_else(|| panic!());
        assert!(!d.fits(form("YYYY.M.D")));
        assert!(!d.fits(form("YYYY.MM.DD")));
        let d = parse_leading_date("2023.6.18").unwrap_or_else(|| panic!());
        assert!(d.fits(form("YYYY.M.D")));
        assert!(!d.fits(form("YYYY.MM.DD")));
    }

    #[test]
    fn rewrite_and_round_trip() {
        let d = parse_leading_date("2023.6.8").unwrap_or_else(|| panic!());
        assert_eq!(d.rewrite(form("YYYY-MM-DD")), "2023-06-08");
        assert_eq!(d.rewrite(form("YYYY年M月D日")), "2023年6月8日");
        assert_eq!(d.to_written(), "2023.6.8");
        for f in DateForm::ALL {
            assert_eq!(DateForm::from_name(f.name()), Some(f));
        }
    }
}
