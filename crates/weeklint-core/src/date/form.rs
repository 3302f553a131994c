//! Forms: the ways of writing a full date that `dates.format` names.

use std::fmt;

use super::token::Sep;

/// How a form orders and separates the parts of a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FormStyle {
    /// `YYYY.M.D`, `YYYY-MM-DD`, …
    YearFirst(Sep),
    /// `YYYYMMDD`
    Compact,
    /// `YYYY年M月D日`
    Cjk,
    /// `MMMM D, YYYY`: a month name, then the day.
    MonthName,
    /// `D MMMM YYYY`: the day, then a month name.
    DayMonthName,
    /// `M/D/YYYY`, `MM-DD-YYYY`, …
    MonthDayYear(Sep),
    /// `D.M.YYYY`, `DD/MM/YYYY`, …
    DayMonthYear(Sep),
}

/// A way of writing full dates: a style plus zero padding. For month
/// names, full or abbreviated names, ordinals and commas are spelling, not
/// another form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DateForm {
    /// Order and separators.
    pub style: FormStyle,
    /// Month and day written with two digits (`06`, `08`).
    pub padded: bool,
}

const fn form(style: FormStyle, padded: bool) -> DateForm {
    DateForm { style, padded }
}

use FormStyle::{Cjk, Compact, DayMonthName, DayMonthYear, MonthDayYear, MonthName, YearFirst};
use Sep::{Dash, Dot, Slash, Underscore};

/// Every form and its name in `lint.toml`, in the order that breaks ties
/// (year first, then unpadded first).
const FORMS: [(DateForm, &str); 25] = [
    (form(YearFirst(Dot), false), "YYYY.M.D"),
    (form(YearFirst(Dot), true), "YYYY.MM.DD"),
    (form(YearFirst(Dash), false), "YYYY-M-D"),
    (form(YearFirst(Dash), true), "YYYY-MM-DD"),
    (form(YearFirst(Slash), false), "YYYY/M/D"),
    (form(YearFirst(Slash), true), "YYYY/MM/DD"),
    (form(YearFirst(Underscore), false), "YYYY_M_D"),
    (form(YearFirst(Underscore), true), "YYYY_MM_DD"),
    (form(Compact, true), "YYYYMMDD"),
    (form(Cjk, false), "YYYY年M月D日"),
    (form(Cjk, true), "YYYY年MM月DD日"),
    (form(MonthName, false), "MMMM D, YYYY"),
    (form(DayMonthName, false), "D MMMM YYYY"),
    (form(MonthDayYear(Slash), false), "M/D/YYYY"),
    (form(MonthDayYear(Slash), true), "MM/DD/YYYY"),
    (form(DayMonthYear(Slash), false), "D/M/YYYY"),
    (form(DayMonthYear(Slash), true), "DD/MM/YYYY"),
    (form(DayMonthYear(Dot), false), "D.M.YYYY"),
    (form(DayMonthYear(Dot), true), "DD.MM.YYYY"),
    (form(MonthDayYear(Dot), false), "M.D.YYYY"),
    (form(MonthDayYear(Dot), true), "MM.DD.YYYY"),
    (form(DayMonthYear(Dash), false), "D-M-YYYY"),
    (form(DayMonthYear(Dash), true), "DD-MM-YYYY"),
    (form(MonthDayYear(Dash), false), "M-D-YYYY"),
    (form(MonthDayYear(Dash), true), "MM-DD-YYYY"),
];

const MONTH_NAMES: [&str; 12] = [
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

/// The English name of month `m` (1 to 12).
pub fn month_name(m: u32) -> &'static str {
    MONTH_NAMES
        .get(m.wrapping_sub(1) as usize)
        .copied()
        .unwrap_or("?")
}

impl DateForm {
    /// Every form, in the order used to break ties.
    pub fn all() -> impl Iterator<Item = DateForm> {
        FORMS.iter().map(|(f, _)| *f)
    }

    /// How many forms there are.
    pub const COUNT: usize = FORMS.len();

    /// This form's place in [`DateForm::all`]; `None` for a style and
    /// padding that is no form (`YYYYMMDD` unpadded, month names padded).
    pub fn index(self) -> Option<usize> {
        let base = match self.style {
            YearFirst(Dot) => 0,
            YearFirst(Dash) => 2,
            YearFirst(Slash) => 4,
            YearFirst(Underscore) => 6,
            Compact => return self.padded.then_some(8),
            Cjk => 9,
            MonthName => return (!self.padded).then_some(11),
            DayMonthName => return (!self.padded).then_some(12),
            MonthDayYear(Slash) => 13,
            DayMonthYear(Slash) => 15,
            DayMonthYear(Dot) => 17,
            MonthDayYear(Dot) => 19,
            DayMonthYear(Dash) => 21,
            MonthDayYear(Dash) => 23,
            MonthDayYear(Underscore) | DayMonthYear(Underscore) => return None,
        };
        Some(base + usize::from(self.padded))
    }

    /// The name used in `lint.toml`, e.g. `YYYY.M.D` or `MMMM D, YYYY`.
    pub fn name(self) -> &'static str {
        self.index().map_or("?", |i| FORMS[i].1)
    }

    /// Parse a form name as written in `lint.toml`.
    pub fn from_name(name: &str) -> Option<Self> {
        FORMS.iter().find(|(_, n)| *n == name).map(|(f, _)| *f)
    }

    /// Whether the form writes numbers only (so padding means something).
    pub(crate) fn numeric(self) -> bool {
        !matches!(self.style, MonthName | DayMonthName)
    }

    /// `year`, `month`, `day` written in this form.
    pub fn write(self, year: i32, month: u32, day: u32) -> String {
        let (m, d) = if self.padded {
            (format!("{month:02}"), format!("{day:02}"))
        } else {
            (month.to_string(), day.to_string())
        };
        match self.style {
            YearFirst(s) => {
                let s = s.char();
                format!("{year:04}{s}{m}{s}{d}")
            }
            Compact => format!("{year:04}{month:02}{day:02}"),
            Cjk => format!("{year:04}年{m}月{d}日"),
            MonthName => format!("{} {day}, {year:04}", month_name(month)),
            DayMonthName => format!("{day} {} {year:04}", month_name(month)),
            MonthDayYear(s) => {
                let s = s.char();
                format!("{m}{s}{d}{s}{year:04}")
            }
            DayMonthYear(s) => {
                let s = s.char();
                format!("{d}{s}{m}{s}{year:04}")
            }
        }
    }
}

impl fmt::Display for DateForm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_is_the_place_in_the_list() {
        for (k, (form, _)) in FORMS.iter().enumerate() {
            assert_eq!(form.index(), Some(k));
        }
        assert_eq!(form(Compact, false).index(), None);
        assert_eq!(form(MonthName, true).index(), None);
    }
}
