//! What weeklint understood of a file's dates: each dated heading with its
//! date, and where an inferred year or day order came from. Behind
//! `weeklint outline`.
//!
//! ```
//! use std::path::Path;
//! use weeklint_core::{Document, Settings, Source, outline};
//!
//! let source = Source::new("# 2019\n\n## March 8\n".to_string());
//! let doc = Document::parse(&source);
//! let entries = outline::entries(&source, &doc, Path::new("notes.md"), &Settings::default());
//! assert_eq!(entries[1].date.as_deref(), Some("2019-03-08"));
//! assert_eq!(entries[1].year_from.as_deref(), Some("year 2019 from line 1 (`2019`)"));
//! ```

use std::path::Path;

use crate::config::Settings;
use crate::date::{
    DateForm, DayOrder, FileDates, HeadingDate, OrderFrom, Precision, Style, YearFrom,
};
use crate::document::Document;
use crate::source::Source;

/// One dated heading, as weeklint reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// 1-based line of the heading.
    pub line: usize,
    /// 1 to 6.
    pub level: u8,
    /// Day, week, month or year.
    pub precision: Precision,
    /// `2023-06-18`, `2023-W24`, `2023-06` or `2023`; `None` when the date
    /// is not a calendar date.
    pub date: Option<String>,
    /// The heading's rendered text.
    pub text: String,
    /// The date as written in it.
    pub written: String,
    /// How the date is written: a `dates.format` name for a full date
    /// (`YYYY-MM-DD`, `MMMM D, YYYY`), else a pattern (`MMMM D` for a date
    /// without its year, `YYYY-MM`, `YYYY-Www`, `YYYY`).
    pub form: String,
    /// Where the year came from, when it is not written in the date.
    pub year_from: Option<String>,
    /// Why the day and month of a numeric year-last date are read in this
    /// order.
    pub day_order: Option<String>,
    /// In a block quote or list item: checked alone, not compared with
    /// other headings.
    pub nested: bool,
}

/// The dated headings of `doc` (the file at `path`) under `settings`, in
/// document order: the headings the date rules check.
pub fn entries(source: &Source, doc: &Document, path: &Path, settings: &Settings) -> Vec<Entry> {
    let changelog = settings.changelog.listed || crate::changelog::is_changelog(path, doc);
    let dates = FileDates::read(doc, path, &settings.dates, changelog);
    let headings = doc.headings.all();
    let line_of = |i: usize| source.line_col(headings[i].range.start).line;
    let level = settings.dates.heading_level;
    dates
        .iter()
        .filter(|(i, _)| level.is_none_or(|l| headings[*i].level == l))
        .map(|(i, d)| {
            let h = &headings[i];
            let text = doc.headings.text(h);
            let year_from = year_note(source, doc, d);
            let day_order = match (d.style, d.order_from) {
                (Style::YearLast(sep), Some((order, from))) => {
                    let way = match order {
                        DayOrder::DayFirst => "day first",
                        DayOrder::MonthFirst => "month first",
                    };
                    Some(match from {
                        OrderFrom::Config => format!("{way}: dates.numeric-order"),
                        OrderFrom::Evidence(e) => {
                            format!("{way}: line {} has a day above 12", line_of(e))
                        }
                        OrderFrom::DayRange => format!("{way}: a range of days"),
                        OrderFrom::Separator => format!(
                            "{way}: no number above 12 in the file's dates, and `{}` is read {way}",
                            sep.char()
                        ),
                    })
                }
                _ => None,
            };
            Entry {
                line: line_of(i),
                level: h.level,
                precision: d.precision,
                date: d.iso(),
                text: text.to_string(),
                written: text.get(d.token.clone()).unwrap_or_default().to_string(),
                form: form_of(d),
                year_from,
                day_order,
                nested: h.nested,
            }
        })
        .collect()
}

/// Where the year of `d` came from, when it is not written in the date:
/// `year 2019 from line 1 (`2019`)`, `year 2019 from the file name`.
pub(crate) fn year_note(source: &Source, doc: &Document, d: &HeadingDate) -> Option<String> {
    let year = d.year;
    Some(match d.year_from? {
        YearFrom::RangeEnd => format!("year {year} from the end of the range"),
        YearFrom::FileName => format!("year {year} from the file name"),
        YearFrom::Heading(p) => {
            let h = doc.headings.get(p)?;
            format!(
                "year {year} from line {} (`{}`)",
                source.line_col(h.range.start).line,
                doc.headings.text(h)
            )
        }
    })
}

/// How `d` is written, as [`Entry::form`] says.
fn form_of(d: &HeadingDate) -> String {
    if let Some(form) = DateForm::all().find(|f| d.fits(*f)) {
        return form.name().to_string();
    }
    let day_first = matches!(d.order_from, Some((DayOrder::DayFirst, _)));
    match (d.style, d.precision) {
        (Style::YearFirst(s), Precision::Day) => format!("YYYY{0}M{0}D", s.char()),
        (Style::YearFirst(s), _) => format!("YYYY{}MM", s.char()),
        (Style::Compact, _) => "YYYYMMDD".to_string(),
        (Style::Cjk, Precision::Day) if d.year_from.is_some() => "M月D日".to_string(),
        (Style::Cjk, Precision::Day) => "YYYY年M月D日".to_string(),
        (Style::Cjk, _) => "YYYY年M月".to_string(),
        (Style::MonthName, Precision::Day) if d.year_from.is_some() => "MMMM D".to_string(),
        (Style::MonthName, Precision::Day) => "MMMM D, YYYY".to_string(),
        (Style::MonthName, _) => "MMMM YYYY".to_string(),
        (Style::DayMonthName, _) if d.year_from.is_some() => "D MMMM".to_string(),
        (Style::DayMonthName, _) => "D MMMM YYYY".to_string(),
        (Style::YearLast(s), Precision::Month) => format!("MM{}YYYY", s.char()),
        (Style::YearLast(s), _) => {
            let (a, b) = if day_first { ("D", "M") } else { ("M", "D") };
            let s = s.char();
            if d.year_from.is_some() {
                format!("{a}{s}{b}")
            } else {
                format!("{a}{s}{b}{s}YYYY")
            }
        }
        (Style::Week, _) => "YYYY-Www".to_string(),
        (Style::Year, _) => "YYYY".to_string(),
    }
}
