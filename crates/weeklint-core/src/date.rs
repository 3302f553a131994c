//! Dates in headings, as real journals write them: `2023.6.18`,
//! `June 18, 2023`, `18.06.2023`, `2023 年 6 月 18 日`, `2023-W24`,
//! `## 2023` over `### March 8`, `## [1.2.0] - 2019-03-15`.
//!
//! Three steps: [`token`] finds how a date is written, [`heading`] picks
//! the heading's date among its tokens, [`resolve`] reads it in its file
//! (the day order of numeric dates, years from parents or the file
//! name). `docs/dates.md` describes the forms and the ambiguity policy.

mod form;
mod heading;
mod resolve;
mod token;

pub use form::{DateForm, FormStyle, month_name};
pub use resolve::{FileDates, HeadingDate, OrderFrom, RangeEnd, YearFrom};
pub use token::{Sep, Style};

/// How precise a dated heading is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Precision {
    /// `2023-06-18`
    Day,
    /// `2023-W24`
    Week,
    /// `2023-06`
    Month,
    /// `2023`
    Year,
}

impl Precision {
    /// `day`, `week`, `month` or `year`.
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Day => "day",
            Precision::Week => "week",
            Precision::Month => "month",
            Precision::Year => "year",
        }
    }
}

/// Which of the first two numbers of a year-last date (`6/7/2023`) is
/// the month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayOrder {
    /// `6/18/2023`
    MonthFirst,
    /// `18.06.2023`
    DayFirst,
}

/// Whether `text` starts with a date that has a year (`2023.6.18`,
/// `June 18, 2023`): a line `#2023.6.18` was meant as a heading.
pub fn starts_with_date(text: &str) -> bool {
    !text.is_empty()
        && token::has_digit(text.as_bytes())
        && token::token_at(text, 0, true, false).is_some_and(|t| t.year.is_some())
}

/// The year, month and day of a full date at the start of `text`, and
/// its length: for tests that compare dates however they are written.
pub fn leading_ymd(text: &str) -> Option<(i32, u32, u32, usize)> {
    let t = token::token_at(text, 0, true, false)?;
    match (t.style, t.precision, t.year) {
        (
            Style::YearFirst(_) | Style::Compact | Style::Cjk | Style::MonthName,
            Precision::Day,
            Some(y),
        ) => Some((y, t.first, t.second, t.range.end)),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
