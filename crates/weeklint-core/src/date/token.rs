//! Date tokens in a heading's text: each way of writing a date that
//! weeklint knows, found where it starts.
//!
//! A token is what is written; what it means may still depend on the file
//! (which of `6/7/2023`'s numbers is the month, the year of `March 8`).

use std::ops::Range;

use super::Precision;

mod readers;
mod scan;

use readers::{cjk_month_day, compact, month_first, number_first, week_word, year_first};
use scan::{ends_number, in_url, number, range_word, starts_word};
pub(crate) use scan::{has_digit, is_weekday};

/// The separator of a numeric date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Sep {
    /// `2023.6.18`
    Dot,
    /// `2023-6-18`
    Dash,
    /// `2023/6/18`
    Slash,
    /// `2023_6_18`
    Underscore,
}

impl Sep {
    fn of(b: u8) -> Option<Sep> {
        match b {
            b'.' => Some(Sep::Dot),
            b'-' => Some(Sep::Dash),
            b'/' => Some(Sep::Slash),
            b'_' => Some(Sep::Underscore),
            _ => None,
        }
    }

    /// The separator as written.
    pub fn char(self) -> char {
        match self {
            Sep::Dot => '.',
            Sep::Dash => '-',
            Sep::Slash => '/',
            Sep::Underscore => '_',
        }
    }

    fn byte(self) -> u8 {
        self.char() as u8
    }
}

/// How a date token is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Style {
    /// Year first, numbers: `2023.6.18`, `2023-06`.
    YearFirst(Sep),
    /// `20230618`.
    Compact,
    /// `2023年6月18日`, `6月18日`, `2023 年 6 月`.
    Cjk,
    /// A month name before the day: `June 18, 2023`, `Dec 27th`, `June 2023`.
    MonthName,
    /// The day before a month name: `18 June 2023`, `18th Jun`.
    DayMonthName,
    /// Numbers, year last: `6/18/2023`, `18.06.2023`, `6/18`. Which of the
    /// first two numbers is the month is decided per file.
    YearLast(Sep),
    /// An ISO week: `2023-W24`, `Week 24, 2023`.
    Week,
    /// A heading whose whole text is a year: `2023`, `2023 年`.
    Year,
}

/// A date as written in a heading's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    /// Where it is in the text searched.
    pub(crate) range: Range<usize>,
    /// How it is written.
    pub(crate) style: Style,
    /// Day, week, month or year.
    pub(crate) precision: Precision,
    /// The year, when written.
    pub(crate) year: Option<i32>,
    /// The month (or, for [`Style::YearLast`], the first number as
    /// written; for [`Style::Week`], the week). 0 when absent.
    pub(crate) first: u32,
    /// The day (or, for [`Style::YearLast`], the second number as
    /// written). 0 when absent.
    pub(crate) second: u32,
    /// Digits written for `first` and `second` (for zero padding).
    pub(crate) digits: (u8, u8),
    /// A day range written with the day first whatever the file does
    /// (`01-02.02.2021`).
    pub(crate) day_first: bool,
    /// The end of a range (`2023.6.18-2023.6.24`, `June 18 – June 24,
    /// 2023`), written in the same style.
    pub(crate) end: Option<Box<Token>>,
}

impl Token {
    fn new(range: Range<usize>, style: Style, precision: Precision) -> Self {
        Token {
            range,
            style,
            precision,
            year: None,
            first: 0,
            second: 0,
            digits: (0, 0),
            day_first: false,
            end: None,
        }
    }
}

/// The token that starts at `i`, if one does. `at_start`: `i` is where
/// the heading's words start (only there is `20230618` or `6/18` a date).
/// `range`: look for the end of a range after it.
pub(crate) fn token_at(text: &str, i: usize, at_start: bool, range: bool) -> Option<Token> {
    let b = text.as_bytes();
    let mut token = if b[i].is_ascii_alphabetic() {
        month_first(text, i).or_else(|| week_word(text, i))?
    } else {
        let (n, end, count) = number(b, i)?;
        match count {
            4 => year_first(text, i, n as i32, end, at_start)?,
            8 if at_start => compact(text, i, n, end)?,
            1 | 2 => number_first(text, i, n, end, count, at_start)?,
            _ => return None,
        }
    };
    if range {
        token.end = range_end(text, &token).map(Box::new);
    }
    Some(token)
}

/// The end of a range after `start`, in the same style: a full token, or
/// (for year-first and CJK dates) the month and day alone
/// (`2023.6.18-6.24`, `2023年6月18日-6月24日`).
fn range_end(text: &str, start: &Token) -> Option<Token> {
    let from = range_word(text, start.range.end)?;
    if from >= text.len() {
        return None;
    }
    let b = text.as_bytes();
    if let Some(end) = token_at(text, from, false, false)
        && end.style == start.style
        && end.precision == start.precision
    {
        return Some(end);
    }
    // The same month and day without the year.
    let (m, e1, c1) = number(b, from)?;
    match start.style {
        Style::YearFirst(sep) if start.precision == Precision::Day && c1 <= 2 => {
            if b.get(e1) != Some(&sep.byte()) {
                return None;
            }
            let (d, e2, c2) = number(b, e1 + 1)?;
            (c2 <= 2 && ends_number(text, e2, Some(sep))).then(|| {
                let mut t = Token::new(from..e2, start.style, Precision::Day);
                (t.first, t.second, t.digits) = (m, d, (c1, c2));
                t
            })
        }
        Style::Cjk if c1 <= 2 => cjk_month_day(text, from, m, e1, c1).filter(|t| t.second > 0),
        _ => None,
    }
}

/// The first token in `text` at or after `from`. `lead` is where the
/// heading's words start (see [`token_at`]).
pub(crate) fn first_token(text: &str, from: usize, lead: usize) -> Option<Token> {
    // A URL has a `/` (a bare `www.x.com` holds no date worth keeping).
    let urls = memchr::memchr(b'/', text.as_bytes()).is_some();
    for (i, c) in text[from..].char_indices() {
        let i = from + i;
        let candidate = c.is_ascii_digit()
            || ('\u{ff10}'..='\u{ff19}').contains(&c)
            || (c.is_ascii_alphabetic()
                && matches!(
                    c.to_ascii_lowercase(),
                    'a' | 'd' | 'f' | 'j' | 'm' | 'n' | 'o' | 's' | 'w'
                ));
        if !candidate || !starts_word(text, i) {
            continue;
        }
        if let Some(t) = token_at(text, i, i == lead, true)
            && !(urls && in_url(text, i))
        {
            return Some(t);
        }
    }
    None
}
