//! The dates of one file's headings: tokens read with what the file says
//! around them (the day order of its numeric dates, the year of a parent
//! heading or of the file name).

use std::ops::Range;
use std::path::Path;

use chrono::{Datelike, NaiveDate, Weekday};

use super::form::{DateForm, FormStyle, month_name};
use super::heading::heading_token;
use super::token::{Sep, Style, Token};
use super::{DayOrder, Precision};
use crate::config::{DateSettings, NumericOrder};
use crate::document::{Document, Heading};

/// Where an inferred year came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearFrom {
    /// The end of the range the date starts (`June 18 – June 24, 2023`).
    RangeEnd,
    /// The ancestor heading at this index.
    Heading(usize),
    /// The file name (`meeting-notes-2018.md`).
    FileName,
}

/// Why year-last numeric dates (`6/7/2023`) are read day or month first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderFrom {
    /// `dates.numeric-order` says so.
    Config,
    /// A date of the heading at this index has a number above 12 where
    /// only the day can be.
    Evidence(usize),
    /// Nothing in the file says: `/` means month first, `.` and `-` day
    /// first.
    Separator,
    /// The date is a range of days (`01-02.02.2021`), written day first.
    DayRange,
}

/// The end of a range, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RangeEnd {
    /// Where it is in the heading's text.
    pub token: Range<usize>,
    /// Where it is in the source, when the text maps onto it byte for byte.
    pub span: Option<Range<usize>>,
    /// Year, month and day, when all are written (read in the same day
    /// order as the start).
    pub date: Option<(i32, u32, u32)>,
}

/// A heading's date, as the file reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadingDate {
    /// Where the date is in the heading's rendered text.
    pub token: Range<usize>,
    /// Where the date is in the source, when the rendered text maps onto
    /// it byte for byte (not through escapes or entities).
    pub span: Option<Range<usize>>,
    /// How it is written.
    pub style: Style,
    /// Day, week, month or year.
    pub precision: Precision,
    /// The year, written or inferred.
    pub year: i32,
    /// The month, 0 for weeks and years; possibly out of range.
    pub month: u32,
    /// The day, 0 unless precision is a day; possibly out of range.
    pub day: u32,
    /// The ISO week, for week precision.
    pub week: u32,
    /// Digits written for month and day (for padding).
    pub digits: (u8, u8),
    /// The first day of the period, if it is a calendar date.
    pub start: Option<NaiveDate>,
    /// Where the year came from, when it is not written in the token.
    pub year_from: Option<YearFrom>,
    /// Why the day and month were read in this order (year-last numeric
    /// dates only).
    pub order_from: Option<(DayOrder, OrderFrom)>,
    /// The end of a range, when the heading holds one.
    pub end: Option<RangeEnd>,
}

impl HeadingDate {
    /// The date in ISO form: `2023-06-18`, `2023-W24`, `2023-06`, `2023`.
    /// `None` when it is not a calendar date.
    pub fn iso(&self) -> Option<String> {
        let start = self.start?;
        Some(match self.precision {
            Precision::Day => format!(
                "{:04}-{:02}-{:02}",
                start.year(),
                start.month(),
                start.day()
            ),
            Precision::Week => format!("{:04}-W{:02}", self.year, self.week),
            Precision::Month => format!("{:04}-{:02}", start.year(), start.month()),
            Precision::Year => format!("{:04}", self.year),
        })
    }

    /// Why this is not a calendar date, if it is not.
    pub fn invalid_reason(&self) -> Option<String> {
        if self.start.is_some() {
            return None;
        }
        Some(match self.precision {
            Precision::Week if self.week == 0 => "there is no week 0".to_string(),
            Precision::Week => format!("{} has {} ISO weeks", self.year, iso_weeks(self.year)),
            _ if !(1..=12).contains(&self.month) => format!("there is no month {}", self.month),
            _ if self.day == 0 => "there is no day 0".to_string(),
            _ => format!(
                "{} {} has {} days",
                month_name(self.month),
                self.year,
                days_in_month(self.year, self.month)
            ),
        })
    }

    /// A full date with year, month and day all written in the token: what
    /// `date-format` checks and may rewrite.
    pub fn is_full(&self) -> bool {
        self.precision == Precision::Day && self.year_from.is_none()
    }

    /// The form this date is written in, for a full date.
    fn form_style(&self) -> Option<FormStyle> {
        let day_first = matches!(self.order_from, Some((DayOrder::DayFirst, _)));
        Some(match self.style {
            Style::YearFirst(s) => FormStyle::YearFirst(s),
            Style::Compact => FormStyle::Compact,
            Style::Cjk => FormStyle::Cjk,
            Style::MonthName => FormStyle::MonthName,
            Style::DayMonthName => FormStyle::DayMonthName,
            Style::YearLast(s) if day_first => FormStyle::DayMonthYear(s),
            Style::YearLast(s) => FormStyle::MonthDayYear(s),
            Style::Week | Style::Year => return None,
        })
    }

    /// The forms this full date is written in: one, or two for a date that
    /// reads the same padded or not (`2024.10.12`). None for other dates.
    pub fn forms(&self) -> impl Iterator<Item = DateForm> + '_ {
        let style = self.form_style().filter(|_| self.is_full());
        [false, true].into_iter().filter_map(move |padded| {
            let form = DateForm {
                style: style?,
                padded,
            };
            // Month names have one form; `YYYYMMDD` is padded only.
            (form.index().is_some() && self.fits(form)).then_some(form)
        })
    }

    /// Whether this full date is written in `form`. A date fits every form
    /// it can be written in: `2024.10.12` fits `YYYY.M.D` and `YYYY.MM.DD`.
    pub fn fits(&self, form: DateForm) -> bool {
        if !self.is_full() || self.form_style() != Some(form.style) {
            return false;
        }
        if !form.numeric() {
            return true;
        }
        let (md, dd) = self.digits;
        if form.padded {
            md == 2 && dd == 2
        } else {
            // Unpadded: no zero written before a one-digit month or day.
            let zero_before = |digits: u8, n: u32| digits == 2 && n < 10;
            !zero_before(md, self.month) && !zero_before(dd, self.day)
        }
    }

    /// This date written in `form`.
    pub fn rewrite(&self, form: DateForm) -> String {
        form.write(self.year, self.month, self.day)
    }
}

fn iso_weeks(year: i32) -> u32 {
    // December 28 is always in the last ISO week of its year.
    NaiveDate::from_ymd_opt(year, 12, 28).map_or(52, |d| d.iso_week().week())
}

fn days_in_month(year: i32, month: u32) -> u32 {
    let (ny, nm) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(ny, nm, 1)
        .and_then(|d| d.pred_opt())
        .map_or(31, |d| d.day())
}

/// The dates of one file's headings.
#[derive(Debug, Clone, Default)]
pub struct FileDates {
    /// Indexed like the document's headings.
    dates: Vec<Option<HeadingDate>>,
    /// The file is a changelog: a leading CalVer number is a version.
    pub changelog: bool,
    /// Year-last numeric dates showing the day first, and the month
    /// first, by a number above 12.
    evidence: (usize, usize),
}

impl FileDates {
    /// Read the date of every heading of `doc`, the file at `path`
    /// (a changelog if its name or an `[Unreleased]` heading says so).
    pub fn new(doc: &Document, path: &Path, settings: &DateSettings) -> FileDates {
        let changelog = crate::changelog::is_changelog(path, doc);
        Self::read(doc, path, settings, changelog)
    }

    /// Read the date of every heading of `doc`, the file at `path`, a
    /// changelog or not.
    pub fn read(
        doc: &Document,
        path: &Path,
        settings: &DateSettings,
        changelog: bool,
    ) -> FileDates {
        let headings = doc.headings.all();
        let mut tokens: Vec<Option<Token>> = Vec::with_capacity(headings.len());
        let mut any = false;
        for h in headings {
            let t = heading_token(doc.headings.text(h), changelog);
            any |= t.is_some();
            tokens.push(t);
        }
        if !any {
            return FileDates {
                dates: Vec::new(),
                changelog,
                evidence: (0, 0),
            };
        }
        let evidence = evidence(&tokens);
        let orders = Orders::new(&evidence, settings.numeric_order);
        let file_year = year_in_name(path);
        let mut dates: Vec<Option<HeadingDate>> = Vec::with_capacity(headings.len());
        for (i, t) in tokens.into_iter().enumerate() {
            let date = t.and_then(|t| {
                let h = &headings[i];
                let year = || ancestor_year(doc, &dates, h, file_year);
                resolve(doc, h, t, &orders, year)
            });
            dates.push(date);
        }
        FileDates {
            dates,
            changelog,
            evidence: (evidence.day.0, evidence.month.0),
        }
    }

    /// How many year-last numeric dates show the day first, and the
    /// month first, by a number above 12.
    pub fn order_evidence(&self) -> (usize, usize) {
        self.evidence
    }

    /// The date of heading `index`, if it has one.
    pub fn get(&self, index: usize) -> Option<&HeadingDate> {
        self.dates.get(index).and_then(Option::as_ref)
    }

    /// Every dated heading's index and date, in document order.
    pub fn iter(&self) -> impl Iterator<Item = (usize, &HeadingDate)> + '_ {
        self.dates
            .iter()
            .enumerate()
            .filter_map(|(i, d)| d.as_ref().map(|d| (i, d)))
    }
}

/// How year-last numeric dates of one file are read, per separator.
struct Orders {
    /// The file's evidence, or the setting: for every separator.
    all: Option<(DayOrder, OrderFrom)>,
}

impl Orders {
    fn new(evidence: &Evidence, setting: NumericOrder) -> Orders {
        let all = match setting {
            NumericOrder::MonthFirst => Some((DayOrder::MonthFirst, OrderFrom::Config)),
            NumericOrder::DayFirst => Some((DayOrder::DayFirst, OrderFrom::Config)),
            NumericOrder::Auto => evidence.decide(),
        };
        Orders { all }
    }

    fn get(&self, sep: Sep) -> (DayOrder, OrderFrom) {
        self.all.unwrap_or(match sep {
            Sep::Slash => (DayOrder::MonthFirst, OrderFrom::Separator),
            _ => (DayOrder::DayFirst, OrderFrom::Separator),
        })
    }
}

/// Year-last dates (`6/7/2023`) of one file that show the day first,
/// and the month first, by a number above 12: how many, and the first
/// heading of each.
struct Evidence {
    day: (usize, Option<usize>),
    month: (usize, Option<usize>),
}

fn evidence(tokens: &[Option<Token>]) -> Evidence {
    let mut e = Evidence {
        day: (0, None),
        month: (0, None),
    };
    for (i, t) in tokens.iter().enumerate() {
        let Some(t) = t else { continue };
        for t in std::iter::once(t).chain(t.end.as_deref()) {
            if !matches!(t.style, Style::YearLast(_))
                || t.day_first
                || t.precision != Precision::Day
            {
                continue;
            }
            let tally = match (t.first > 12, t.second > 12) {
                (true, false) => &mut e.day,
                (false, true) => &mut e.month,
                _ => continue,
            };
            tally.0 += 1;
            tally.1.get_or_insert(i);
        }
    }
    e
}

impl Evidence {
    /// The order most of the evidence shows, and the first heading that
    /// shows it; none on a tie.
    fn decide(&self) -> Option<(DayOrder, OrderFrom)> {
        let (order, (_, first)) = if self.day.0 > self.month.0 {
            (DayOrder::DayFirst, self.day)
        } else if self.month.0 > self.day.0 {
            (DayOrder::MonthFirst, self.month)
        } else {
            return None;
        };
        Some((order, OrderFrom::Evidence(first?)))
    }
}

/// The year of the nearest ancestor heading that has one (its date's
/// year, or the one year its text holds), else of the file name.
fn ancestor_year(
    doc: &Document,
    dates: &[Option<HeadingDate>],
    h: &Heading,
    file_year: Option<i32>,
) -> Option<(i32, YearFrom)> {
    let headings = doc.headings.all();
    let mut parent = h.parent;
    while let Some(p) = parent {
        if let Some(d) = dates.get(p).and_then(Option::as_ref) {
            return Some((d.year, YearFrom::Heading(p)));
        }
        if let Some(y) = one_year(doc.headings.text(&headings[p])) {
            return Some((y, YearFrom::Heading(p)));
        }
        parent = headings[p].parent;
    }
    file_year.map(|y| (y, YearFrom::FileName))
}

/// The year the file name holds, when it holds exactly one plausible
/// year (`2019.md`, `meeting-notes-2018.md`).
pub(crate) fn year_in_name(path: &Path) -> Option<i32> {
    let name = path.file_stem()?.to_str()?;
    one_year(name)
}

/// The one plausible year (1900 to 2199) in `text`, as a run of four
/// digits; none when there are several different ones.
fn one_year(text: &str) -> Option<i32> {
    let b = text.as_bytes();
    let mut found = None;
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i - start != 4 {
            continue;
        }
        let y: i32 = text[start..i].parse().ok()?;
        if !(1900..=2199).contains(&y) {
            continue;
        }
        match found {
            Some(f) if f != y => return None,
            _ => found = Some(y),
        }
    }
    found
}

/// A heading's token read in the file: day order, year, calendar date.
fn resolve(
    doc: &Document,
    h: &Heading,
    t: Token,
    orders: &Orders,
    ancestor_year: impl FnOnce() -> Option<(i32, YearFrom)>,
) -> Option<HeadingDate> {
    let mut order_from = None;
    let (month, day, digits) = match t.style {
        Style::YearLast(sep) => {
            let (order, from) = if t.day_first {
                (DayOrder::DayFirst, OrderFrom::DayRange)
            } else {
                orders.get(sep)
            };
            order_from = Some((order, from));
            match order {
                DayOrder::MonthFirst => (t.first, t.second, t.digits),
                DayOrder::DayFirst => (t.second, t.first, (t.digits.1, t.digits.0)),
            }
        }
        Style::Week | Style::Year => (0, 0, (0, 0)),
        _ => (t.first, t.second, t.digits),
    };
    let end = t.end.as_deref();
    let (year, year_from) = match (t.year, end.and_then(|e| e.year)) {
        (Some(y), _) => (y, None),
        (None, Some(end_year)) => {
            // `Dec 28 – Jan 3, 2024` starts in 2023.
            let e = end.map_or((0, 0), |e| (e.first, e.second));
            let back = i32::from((t.first, t.second) > e);
            (end_year - back, Some(YearFrom::RangeEnd))
        }
        (None, None) => {
            let (y, from) = ancestor_year()?;
            (y, Some(from))
        }
    };
    let week = if t.style == Style::Week { t.first } else { 0 };
    let start = match t.precision {
        Precision::Day => NaiveDate::from_ymd_opt(year, month, day),
        Precision::Week => NaiveDate::from_isoywd_opt(year, week, Weekday::Mon),
        Precision::Month => NaiveDate::from_ymd_opt(year, month, 1),
        Precision::Year => NaiveDate::from_ymd_opt(year, 1, 1),
    };
    let span = doc.headings.source_range(h, t.range.clone());
    let end = end.map(|e| {
        let swap = matches!(order_from, Some((DayOrder::DayFirst, _)));
        let (m, d) = if swap {
            (e.second, e.first)
        } else {
            (e.first, e.second)
        };
        RangeEnd {
            token: e.range.clone(),
            span: doc.headings.source_range(h, e.range.clone()),
            date: e
                .year
                .filter(|_| e.precision == Precision::Day)
                .map(|y| (y, m, d)),
        }
    });
    Some(HeadingDate {
        token: t.range,
        span,
        style: t.style,
        precision: t.precision,
        year,
        month: if t.precision == Precision::Month || t.precision == Precision::Day {
            month
        } else {
            0
        },
        day,
        week,
        digits,
        start,
        year_from,
        order_from,
        end,
    })
}
