//! "New entry for today": a dated heading for today, written as the
//! journal writes its dates, at its entries' level, and placed where the
//! date rules want it (by date, in the journal's order).

use chrono::Datelike as _;
use weeklint_core::config::DateOrder;
use weeklint_core::date::{DateForm, DayOrder, HeadingDate, Precision, Style, month_name};
use weeklint_core::rule::Context;

/// The heading to insert, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NewEntry {
    /// The heading, without its line ending: `## 2024.1.10`.
    pub heading: String,
    /// The byte offset to insert at.
    pub at: usize,
    /// The text to insert there.
    pub insert: String,
}

/// Today's entry for the journal `cx` looks at: `None` when it has no
/// dated entries of days to follow, already has one for today, or is a
/// changelog.
pub(crate) fn new_entry(cx: &Context<'_>) -> Option<NewEntry> {
    if cx.changelog().is_some() {
        // A changelog's dated headings are releases: a new one needs a
        // version, not just today's date.
        return None;
    }
    let today = cx.env.today;
    let group = main_group(cx)?;
    let entries: Vec<(usize, &HeadingDate)> = group
        .iter()
        .filter_map(|&i| cx.date(i).map(|d| (i, d)))
        .collect();
    if entries
        .iter()
        .any(|(_, d)| d.precision == Precision::Day && d.start == Some(today))
    {
        return None;
    }
    let written = write_today(cx, &entries)?;
    let headings = cx.doc.headings.all();
    let level = headings[group[0]].level;
    let heading = format!("{} {written}", "#".repeat(usize::from(level)));
    let newest_first = newest_first(cx, &entries);
    // Before the first entry today goes above; else after the last one.
    let before = entries.iter().find(|(_, d)| {
        d.start
            .is_some_and(|s| if newest_first { s < today } else { s > today })
    });
    let source = cx.source;
    let text = source.text();
    let eol = source.line_ending().as_str();
    let at = match before {
        Some(&(i, _)) => headings[i].range.start,
        None => headings[entries.last()?.0].section_end,
    };
    if at >= text.len() {
        // At the end of the file: after a blank line.
        let lead = if text.ends_with(&format!("{eol}{eol}")) || text.is_empty() {
            String::new()
        } else if text.ends_with(['\n', '\r']) {
            eol.to_string()
        } else {
            format!("{eol}{eol}")
        };
        return Some(NewEntry {
            insert: format!("{lead}{heading}{eol}"),
            at: text.len(),
            heading,
        });
    }
    // Above a heading: at the start of its line, above the comments that
    // go with it (a suppression comment for its next line).
    let mut line = source.line_index(at);
    while line > 0 && is_comment_line(&text[source.line_range(line - 1)]) {
        line -= 1;
    }
    Some(NewEntry {
        insert: format!("{heading}{eol}{eol}"),
        at: source.line_start(line),
        heading,
    })
}

/// The sibling group of dated headings that is the journal: the largest
/// one whose entries are mostly days (the first of equals).
fn main_group<'c>(cx: &'c Context<'_>) -> Option<&'c Vec<usize>> {
    let mut best: Option<&Vec<usize>> = None;
    for group in cx.dated_sibling_groups() {
        let days = group
            .iter()
            .filter(|&&i| cx.date(i).is_some_and(|d| d.precision == Precision::Day))
            .count();
        if days * 2 <= group.len() {
            continue;
        }
        if best.is_none_or(|b| group.len() > b.len()) {
            best = Some(group);
        }
    }
    best
}

/// Whether entries run newest first: `dates.order`, else the way most
/// neighbouring entries run (newest first when it is even, as most
/// journals do).
fn newest_first(cx: &Context<'_>, entries: &[(usize, &HeadingDate)]) -> bool {
    match cx.settings.dates.order {
        DateOrder::NewestFirst => true,
        DateOrder::OldestFirst => false,
        DateOrder::Auto => {
            let starts: Vec<_> = entries.iter().filter_map(|(_, d)| d.start).collect();
            let (mut newer_first, mut older_first) = (0, 0);
            for pair in starts.windows(2) {
                if pair[0] > pair[1] {
                    newer_first += 1;
                } else if pair[0] < pair[1] {
                    older_first += 1;
                }
            }
            newer_first >= older_first
        }
    }
}

/// Today written as the journal writes its dates: in `dates.format`, or
/// the form most of its dates fit; without the year when its entries have
/// none (`## March 8` under `# 2019`), if they are of this year.
fn write_today(cx: &Context<'_>, entries: &[(usize, &HeadingDate)]) -> Option<String> {
    let today = cx.env.today;
    let (y, m, d) = (today.year(), today.month(), today.day());
    let yearless = entries
        .iter()
        .filter(|(_, e)| e.year_from.is_some())
        .count();
    if yearless * 2 <= entries.len() {
        let form = match cx.date_form() {
            Some(form) => form,
            None => DateForm::from_name("YYYY-MM-DD")?,
        };
        return Some(form.write(y, m, d));
    }
    // Entries without a year take it from above: today's goes there only
    // when that is this year.
    let (_, last) = entries.last()?;
    if last.year != y {
        return None;
    }
    let day_first = matches!(last.order_from, Some((DayOrder::DayFirst, _)));
    let padded = last.digits == (2, 2);
    let (mm, dd) = if padded {
        (format!("{m:02}"), format!("{d:02}"))
    } else {
        (m.to_string(), d.to_string())
    };
    Some(match last.style {
        Style::MonthName => format!("{} {d}", month_name(m)),
        Style::DayMonthName => format!("{d} {}", month_name(m)),
        Style::Cjk => format!("{mm}月{dd}日"),
        Style::YearLast(sep) if day_first => format!("{dd}{}{mm}", sep.char()),
        Style::YearLast(sep) => format!("{mm}{}{dd}", sep.char()),
        _ => return None,
    })
}

/// A line holding one HTML comment and nothing else.
fn is_comment_line(line: &str) -> bool {
    let line = line.trim();
    line.starts_with("<!--") && line.ends_with("-->")
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::Arc;

    use weeklint_core::fs::MemoryFs;
    use weeklint_core::{Document, LintEnv, NaiveDate, Settings, Source, lint_source};

    use super::*;

    /// The text with today's entry inserted, and the rules' findings on
    /// it before and after.
    fn insert(text: &str, today: (i32, u32, u32), name: &str) -> Option<String> {
        let source = Source::new(text.to_string());
        let doc = Document::parse(&source);
        let settings = Settings::default();
        let today = NaiveDate::from_ymd_opt(today.0, today.1, today.2).unwrap();
        let env = LintEnv::new(today, "/j", Arc::new(MemoryFs::new()));
        let path = Path::new(name);
        let cx = Context::new(&source, &doc, &settings, &env, path);
        let entry = new_entry(&cx)?;
        let mut out = text.to_string();
        out.insert_str(entry.at, &entry.insert);
        let before = lint_source(&source, path, &settings, &env);
        let after = lint_source(&Source::new(out.clone()), path, &settings, &env);
        assert_eq!(before, after, "{out}");
        Some(out)
    }

    #[test]
    fn newest_first_goes_on_top_in_the_journals_form() {
        let text = "# Log\n\n## 2023.6.18\n\na\n\n## 2023.6.8\n\nb\n";
        assert_eq!(
            insert(text, (2024, 1, 9), "log.md").unwrap(),
            "# Log\n\n## 2024.1.9\n\n## 2023.6.18\n\na\n\n## 2023.6.8\n\nb\n"
        );
    }

    #[test]
    fn oldest_first_goes_at_the_end_and_keeps_crlf() {
        let text = "# Log\r\n\r\n### 2023-06-08\r\n\r\n### 2023-06-18\r\nb";
        assert_eq!(
            insert(text, (2024, 1, 9), "log.md").unwrap(),
            "# Log\r\n\r\n### 2023-06-08\r\n\r\n### 2023-06-18\r\nb\r\n\r\n### 2024-01-09\r\n"
        );
    }

    #[test]
    fn a_date_between_entries_goes_between_them_above_their_comments() {
        let text =
            "## 2024-01-20\n\n<!-- weeklint-disable-next-line duplicate-date -->\n## 2024-01-05\n";
        assert_eq!(
            insert(text, (2024, 1, 9), "log.md").unwrap(),
            "## 2024-01-20\n\n## 2024-01-09\n\n<!-- weeklint-disable-next-line duplicate-date -->\n## 2024-01-05\n"
        );
    }

    #[test]
    fn entries_without_a_year_get_todays_under_this_years_heading() {
        let text = "# 2024\n\n## January 8\n\n## January 3\n";
        assert_eq!(
            insert(text, (2024, 1, 9), "log.md").unwrap(),
            "# 2024\n\n## January 9\n\n## January 8\n\n## January 3\n"
        );
        assert_eq!(insert(text, (2025, 1, 9), "log.md"), None);
    }

    #[test]
    fn a_changelog_gets_no_entry_for_today() {
        let text = "# Changelog\n\n## [Unreleased]\n\n## [1.1.0] - 2024-01-05\n\n## [1.0.0] - 2023-12-01\n";
        assert_eq!(insert(text, (2024, 1, 9), "CHANGELOG.md"), None);
    }

    #[test]
    fn nothing_when_today_is_there_or_nothing_is_dated() {
        assert_eq!(insert("## 2024-01-09\n", (2024, 1, 9), "log.md"), None);
        assert_eq!(
            insert("# Notes\n\n## Ideas\n", (2024, 1, 9), "log.md"),
            None
        );
    }
}
