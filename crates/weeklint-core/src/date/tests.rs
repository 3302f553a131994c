use std::path::Path;

use proptest::prelude::*;

use super::*;
use crate::config::{DateSettings, NumericOrder, Settings};
use crate::document::Document;
use crate::source::Source;

/// `(line text, ISO date or "invalid", precision)` of each dated heading
/// of `text`, read as the file `path`.
fn read_with(text: &str, path: &str, order: NumericOrder) -> Vec<(String, String, &'static str)> {
    let source = Source::new(text.to_string());
    let doc = Document::parse(&source);
    let settings = DateSettings {
        numeric_order: order,
        ..Settings::default().dates
    };
    let dates = FileDates::new(&doc, Path::new(path), &settings);
    dates
        .iter()
        .map(|(i, d)| {
            let h = &doc.headings.all()[i];
            (
                doc.headings.text(h)[d.token.clone()].to_string(),
                d.iso().unwrap_or_else(|| "invalid".to_string()),
                d.precision.as_str(),
            )
        })
        .collect()
}

fn read(text: &str) -> Vec<(String, String, &'static str)> {
    read_with(text, "log.md", NumericOrder::Auto)
}

/// The ISO date of the only heading of `heading`, or `None`.
fn iso(heading: &str) -> Option<String> {
    let found = read(&format!("## {heading}\n"));
    assert!(found.len() <= 1);
    found.into_iter().next().map(|(_, iso, _)| iso)
}

fn day(heading: &str) -> String {
    iso(heading).unwrap_or_else(|| panic!("no date in {heading:?}"))
}

#[test]
fn year_first_numbers_with_every_separator() {
    for h in [
        "2023.6.18",
        "2023-06-18",
        "2023/6/18",
        "2023_06_18",
        "2023.06.18 CLIP notes",
        "20230618",
        "20230618 weekly",
        "2023-06-18T09:30 standup",
    ] {
        assert_eq!(day(h), "2023-06-18", "{h}");
    }
}

#[test]
fn cjk_dates_with_spaces_and_full_width_digits() {
    for h in [
        "2023年6月18日",
        "2023 年 6 月 18 日",
        "２０２３年６月１８日",
        "2023年06月18日 周日",
        "2023 年 6 月 18 号添加",
        "周报 2023年6月18日",
    ] {
        assert_eq!(day(h), "2023-06-18", "{h}");
    }
}

#[test]
fn month_names_in_every_spelling() {
    for h in [
        "June 18, 2023",
        "Jun 18 2023",
        "18 June 2023",
        "18th Jun, 2023",
        "june 18th, 2023",
        "JUNE 18 2023",
        "Sunday, June 18, 2023",
        "Sun 18 Jun 2023",
        "Standup — June 18, 2023",
        "Jun. 18, 2023",
        "June, 18, 2023",
        "Jun-18,2023",
        "Jun-18-2023",
        "18-Jun-2023",
        "Jun-18~24,2023",
    ] {
        assert_eq!(day(h), "2023-06-18", "{h}");
    }
    assert_eq!(day("Sept. 5, 2023"), "2023-09-05");
    assert_eq!(day("Sep 5th 2023"), "2023-09-05");
}

#[test]
fn weekdays_before_or_after_are_allowed() {
    for h in ["Sun 2023-06-18", "2023-06-18 (Sun)", "Sunday, 2023.6.18"] {
        assert_eq!(day(h), "2023-06-18", "{h}");
    }
}

#[test]
fn dates_after_a_release_label_or_a_tag() {
    for h in [
        "[1.2.0] - 2023-06-18",
        "v1.2.0 (2023-06-18)",
        "1.53.1 (June 18th, 2023)",
        "[Cancelled] 2023-06-18: planning",
        "Agenda (2023-06-18)",
        "0.13.0.dev2 - 2023-06-18",
        "2025.09.0 – 2023-06-18",
        "2024.1.1 - 2023-06-18",
        "[2024.1.1] - 2023-06-18",
    ] {
        assert_eq!(day(h), "2023-06-18", "{h}");
    }
}

#[test]
fn partial_dates() {
    for (h, want, precision) in [
        ("2023-06", "2023-06", "month"),
        ("2022/05", "2022-05", "month"),
        ("June 2023", "2023-06", "month"),
        ("Jun, 2023", "2023-06", "month"),
        ("2023年6月", "2023-06", "month"),
        ("06/2023", "2023-06", "month"),
        ("2023", "2023", "year"),
        ("2022 年", "2022", "year"),
        ("2023-W24", "2023-W24", "week"),
        ("2023W05", "2023-W05", "week"),
        ("Week 24, 2023", "2023-W24", "week"),
    ] {
        let found = read(&format!("## {h}\n"));
        assert_eq!(found.len(), 1, "{h}");
        assert_eq!((found[0].1.as_str(), found[0].2), (want, precision), "{h}");
    }
}

#[test]
fn not_dates() {
    for h in [
        "November",
        "Archive — 2023",
        "2020-2021",
        "v2023.6.18",
        "1.2.0",
        "Version 10.4",
        "May the force",
        "Chapter 8",
        "Top 10 papers",
        "2023.6.18.5",
        "2024.1.1rc1",
        "2024.1.1-beta",
        "see https://example.com/2023/06/18/post",
        "2019年你应该学习Rust的七大理由",
        "AppCode 2022.3 released",
        "Node.js 10.x (EOL April-2021)",
        "1/2 cup",
        "0123",
        "202306189",
    ] {
        assert_eq!(iso(h), None, "{h}");
    }
}

#[test]
fn ranges_are_dated_by_their_start() {
    for h in [
        "2023.6.18-2023.6.24",
        "2023-06-18 - 2023-06-24",
        "2023-06-18-2023-06-24",
        "2023.6.18 ~ 6.24",
        "2023年6月18日-6月24日",
        "June 18 – June 24, 2023",
        "June 18–24, 2023",
        "18–24 June 2023",
        "18-24 June 2023",
        "18.06.2023 - 24.06.2023",
    ] {
        assert_eq!(day(h), "2023-06-18", "{h}");
    }
    assert_eq!(day("01-02.02.2021"), "2021-02-01");
    assert_eq!(day("Dec 28 – Jan 3, 2024"), "2023-12-28");
}

#[test]
fn a_calver_version_is_never_an_invalid_date_before_a_real_one() {
    assert_eq!(day("2025.09.0 – 2025-09-27"), "2025-09-27");
    // Alone, outside a changelog, it is a date that does not exist.
    assert_eq!(day("2025.09.0"), "invalid");
    let changelog = read_with(
        "## 2025.09.0\n## 2025.08.1 (2025-08-02)\n",
        "CHANGELOG.md",
        NumericOrder::Auto,
    );
    assert_eq!(changelog.len(), 1);
    assert_eq!(changelog[0].1, "2025-08-02");
}

#[test]
fn the_first_date_is_the_heading_s_date() {
    assert_eq!(day("2023.6.18 notes on the 2023.6.1 talk"), "2023-06-18");
    assert_eq!(day("Review of June 2, 2023 and 2023-06-18"), "2023-06-02");
}

#[test]
fn invalid_dates_are_kept_with_a_reason() {
    let source = Source::new(
        "## 2023.2.30\n## June 31, 2019\n## 2023.13.1\n## 2023-W53\n## 2024.2.29\n".to_string(),
    );
    let doc = Document::parse(&source);
    let dates = FileDates::new(&doc, Path::new("log.md"), &Settings::default().dates);
    let reasons: Vec<Option<String>> = dates.iter().map(|(_, d)| d.invalid_reason()).collect();
    assert_eq!(
        reasons,
        [
            Some("February 2023 has 28 days".to_string()),
            Some("June 2019 has 30 days".to_string()),
            Some("there is no month 13".to_string()),
            Some("2023 has 52 ISO weeks".to_string()),
            None,
        ]
    );
}

#[test]
fn day_order_follows_the_file_s_evidence() {
    // 18 can only be a day: the whole file reads the day first.
    let found = read("## 18/06/2023\n## 05/06/2023\n");
    assert_eq!(found[1].1, "2023-06-05");
    // 21 can only be a day: here the month comes first.
    let found = read("## 09/21/2021\n## 05/06/2021\n");
    assert_eq!(found[1].1, "2021-05-06");
    // No evidence: `/` is month first (US), `.` and `-` day first.
    assert_eq!(read("## 05/06/2021\n")[0].1, "2021-05-06");
    assert_eq!(read("## 05.06.2021\n")[0].1, "2021-06-05");
    assert_eq!(read("## 05-06-2021\n")[0].1, "2021-06-05");
    // The setting overrides both.
    let found = read_with(
        "## 18/06/2023\n## 05/06/2023\n",
        "log.md",
        NumericOrder::MonthFirst,
    );
    assert_eq!(found[0].1, "invalid");
    assert_eq!(found[1].1, "2023-05-06");
    let found = read_with("## 05/06/2021\n", "log.md", NumericOrder::DayFirst);
    assert_eq!(found[0].1, "2021-06-05");
}

#[test]
fn the_order_and_where_it_came_from_are_kept() {
    let source = Source::new("# Notes\n## 05/06/2021\n## 21/06/2021\n".to_string());
    let doc = Document::parse(&source);
    let dates = FileDates::new(&doc, Path::new("log.md"), &Settings::default().dates);
    let (_, d) = dates.iter().next().expect("dated");
    assert_eq!(
        d.order_from,
        Some((DayOrder::DayFirst, OrderFrom::Evidence(2)))
    );
    assert_eq!(dates.order_evidence(), (1, 0));
}

#[test]
fn year_less_dates_take_the_year_of_the_nearest_ancestor() {
    let text =
        "# 2019\n## March 8\n### 6/18\n# 2020 meetings\n## Dec 27th\n## 18 June\n## 6月18日\n";
    let found = read(text);
    let isos: Vec<&str> = found.iter().map(|f| f.1.as_str()).collect();
    assert_eq!(
        isos,
        [
            "2019",
            "2019-03-08",
            "2019-06-18",
            "2020-12-27",
            "2020-06-18",
            "2020-06-18"
        ]
    );
}

#[test]
fn year_less_dates_take_the_year_of_the_file_name() {
    for name in [
        "2019.md",
        "meeting-notes-2019.md",
        "2019_Weekly_Meeting_Minutes.md",
        "notes/2019-03-08.md",
    ] {
        let found = read_with("## March 8\n", name, NumericOrder::Auto);
        assert_eq!(found.len(), 1, "{name}");
        assert_eq!(found[0].1, "2019-03-08", "{name}");
    }
    // Two years, or none: no source, so not dated.
    for name in ["2019-2020.md", "notes.md", "v1.md"] {
        assert!(
            read_with("## March 8\n", name, NumericOrder::Auto).is_empty(),
            "{name}"
        );
    }
}

#[test]
fn an_ancestor_year_wins_over_the_file_name() {
    let found = read_with("# 2020\n## March 8\n", "2019.md", NumericOrder::Auto);
    assert_eq!(found[1].1, "2020-03-08");
}

#[test]
fn where_an_inferred_year_came_from() {
    let source = Source::new("# 2019\n## March 8\n## 2019-03-01\n".to_string());
    let doc = Document::parse(&source);
    let dates = FileDates::new(&doc, Path::new("x.md"), &Settings::default().dates);
    let from: Vec<Option<YearFrom>> = dates.iter().map(|(_, d)| d.year_from).collect();
    assert_eq!(from, [None, Some(YearFrom::Heading(0)), None]);
}

#[test]
fn spans_point_at_the_date_in_the_source() {
    let text = "## **June 18**, 2023 notes\n## [1.2.0] - 2023-06-11\n";
    let source = Source::new(text.to_string());
    let doc = Document::parse(&source);
    let dates = FileDates::new(&doc, Path::new("x.md"), &Settings::default().dates);
    let spans: Vec<Option<&str>> = dates
        .iter()
        .map(|(_, d)| d.span.clone().map(|r| &text[r]))
        .collect();
    // The first date runs across the end of the emphasis: no single span.
    assert_eq!(spans, [None, Some("2023-06-11")]);
}

#[test]
fn date_forms_round_trip_through_their_names() {
    for form in DateForm::all() {
        assert_eq!(DateForm::from_name(form.name()), Some(form));
    }
    assert_eq!(DateForm::all().count(), 25);
}

/// A way to write a date: a `dates.format` form, or a spelling of one.
#[derive(Clone, Copy)]
enum Writer {
    Form(DateForm),
    Spelling(fn(i32, u32, u32) -> String),
}

impl Writer {
    fn write(self, y: i32, m: u32, d: u32) -> String {
        match self {
            Writer::Form(form) => form.write(y, m, d),
            Writer::Spelling(write) => write(y, m, d),
        }
    }

    /// The day order a file of such dates is read in.
    fn order(self) -> NumericOrder {
        match self {
            Writer::Form(f) if matches!(f.style, FormStyle::DayMonthYear(_)) => {
                NumericOrder::DayFirst
            }
            Writer::Form(f) if matches!(f.style, FormStyle::MonthDayYear(_)) => {
                NumericOrder::MonthFirst
            }
            _ => NumericOrder::Auto,
        }
    }
}

/// Every form, and spellings that are not forms of their own.
fn writers() -> Vec<Writer> {
    let mut out: Vec<Writer> = DateForm::all().map(Writer::Form).collect();
    out.extend([
        Writer::Spelling(|y, m, d| format!("{}. {d} {y}", &month_name(m)[..3])),
        Writer::Spelling(|y, m, d| {
            let suffix = match d {
                1 | 21 | 31 => "st",
                2 | 22 => "nd",
                3 | 23 => "rd",
                _ => "th",
            };
            format!("{d}{suffix} {}, {y}", &month_name(m)[..3])
        }),
        Writer::Spelling(|y, m, d| format!("Friday, {} {d}, {y}", month_name(m))),
        Writer::Spelling(|y, m, d| format!("{y} 年 {m} 月 {d} 日")),
        Writer::Spelling(|y, m, d| {
            format!("{y}年{m}月{d}日")
                .chars()
                .map(|c| {
                    c.to_digit(10)
                        .map_or(c, |v| char::from_u32(0xff10 + v).unwrap_or(c))
                })
                .collect()
        }),
    ]);
    out
}

proptest! {
    #[test]
    fn any_date_in_any_form_is_read_as_that_date(
        date in (1970i32..2100, 1u32..=12, 1u32..=31)
            .prop_filter("a calendar date", |&(y, m, d)| chrono::NaiveDate::from_ymd_opt(y, m, d).is_some()),
        k in 0usize..30,
        level in 1usize..=6,
        tail in prop::sample::select(vec!["", " notes", " (Sun)", " — CLIP, ViT"]),
    ) {
        let writers = writers();
        let writer = writers[k % writers.len()];
        let (y, m, d) = date;
        let text = format!("{} {}{tail}\n", "#".repeat(level), writer.write(y, m, d));
        let found = read_with(&text, "log.md", writer.order());
        prop_assert_eq!(found.len(), 1, "{}", text);
        prop_assert_eq!(&found[0].1, &format!("{y:04}-{m:02}-{d:02}"), "{}", text);
        prop_assert_eq!(found[0].2, "day");
    }

    #[test]
    fn a_written_date_fits_its_own_form(
        date in (1970i32..2100, 1u32..=12, 1u32..=28),
        k in 0usize..25,
    ) {
        let form = DateForm::all().nth(k).expect("25 forms");
        let (y, m, d) = date;
        let order = Writer::Form(form).order();
        let source = Source::new(format!("## {}\n", form.write(y, m, d)));
        let doc = Document::parse(&source);
        let settings = DateSettings { numeric_order: order, ..Settings::default().dates };
        let dates = FileDates::new(&doc, Path::new("log.md"), &settings);
        let (_, found) = dates.iter().next().expect("dated");
        prop_assert!(found.fits(form), "{} does not fit {}", source.text(), form);
    }
}
