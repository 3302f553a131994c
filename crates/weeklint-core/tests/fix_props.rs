//! Properties of `--fix` over generated journals: it never panics, settles
//! in one run (within the pass limit, and a second run changes nothing),
//! loses no line, leaves every line suppressed for the rules it was
//! suppressed for, and keeps line endings, the BOM and the final newline.
//!
//! The journals have year headings over dated sections over dated
//! subsections, suppression comments (regions, next-line, for `date-order`
//! and other rules) above headings and in their text, and headings glued
//! to their `#`s (`##2023.6.18`), which become headings half way through.

// Helpers of a test file panic on failure like the tests themselves.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::path::Path;

use proptest::prelude::*;
use weeklint_core::date::leading_ymd;
use weeklint_core::fix::{FixMode, MAX_PASSES, fix_source};
use weeklint_core::{Document, LintEnv, NaiveDate, Settings, Source};

const FORMS: [&str; 8] = [
    "{y}.{m}.{d}",
    "{y}.{mm}.{dd}",
    "{y}-{m}-{d}",
    "{y}-{mm}-{dd}",
    "{y}/{m}/{d}",
    "{y}/{mm}/{dd}",
    "{y}年{m}月{d}日",
    "{y}年{mm}月{dd}日",
];

const BOXES: [&str; 16] = [
    "- [ ] ", "- [x] ", "* [X] ", "+ [ ] ", "1. [x] ", "-[ ] ", "- [] ", "- [ ]", "- [ x] ",
    "- [x ] ", "- [  ] ", "- [*] ", "- [✓] ", "[ ] ", "[x] ", "- [-] ",
];

/// Suppression comments, and a plain one.
const COMMENTS: [&str; 8] = [
    "<!-- weeklint-disable date-order -->",
    "<!-- weeklint-enable date-order -->",
    "<!-- weeklint-disable-next-line date-order -->",
    "<!-- weeklint-disable -->",
    "<!-- weeklint-enable -->",
    "<!-- weeklint-disable heading-space -->",
    "<!-- weeklint-enable heading-space -->",
    "<!-- a note -->",
];

fn comment() -> impl Strategy<Value = String> {
    (0..COMMENTS.len()).prop_map(|c| COMMENTS[c].to_string())
}

fn date(y: u32, m: u32, d: u32, form: usize) -> String {
    FORMS[form]
        .replace("{y}", &y.to_string())
        .replace("{mm}", &format!("{m:02}"))
        .replace("{dd}", &format!("{d:02}"))
        .replace("{m}", &m.to_string())
        .replace("{d}", &d.to_string())
}

/// One body line: text, a task box (good or not), or a blank line, maybe
/// indented or quoted (nested items, lazy continuation lines); or a
/// comment line, maybe quoted. (An indented comment can be code, or part
/// of a list item that a checkbox fix makes: what it suppresses would
/// change with that fix, not with a move.)
fn body_line() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        "[a-z]{1,8}( [a-z]{1,8}){0,3}",
        (0..BOXES.len(), "[a-z]{1,8}").prop_map(|(b, t)| format!("{}{t}", BOXES[b])),
        Just(String::new()),
        "#[a-z]{1,5}",
    ];
    let indent = prop_oneof![6 => Just(""), 1 => Just("  "), 1 => Just("\t"), 1 => Just("> ")];
    let text = (indent, line).prop_map(|(i, l)| if l.is_empty() { l } else { format!("{i}{l}") });
    let quote = prop_oneof![3 => Just(""), 1 => Just("> ")];
    let comment = (quote, comment()).prop_map(|(q, c)| format!("{q}{c}"));
    prop_oneof![5 => text, 1 => comment]
}

#[derive(Debug, Clone)]
struct Section {
    /// 1: a year (`# 2021`); 2 and 3: a date, or no date.
    level: usize,
    space: bool,
    date: Option<(u32, u32, u32, usize)>,
    title: String,
    /// Comment lines right above the heading, or above it after a blank line.
    above: Vec<String>,
    blank_above: bool,
    body: Vec<String>,
}

fn section() -> impl Strategy<Value = Section> {
    (
        prop_oneof![1 => Just(1usize), 4 => Just(2usize), 2 => Just(3usize)],
        prop::bool::weighted(0.8),
        prop::option::weighted(
            0.85,
            prop_oneof![
                (2020u32..2025, 1u32..13, 1u32..29, 0..FORMS.len()),
                // Few dates: equal ones, and `auto` decided by a pair or two.
                (Just(2023u32), Just(6u32), 1u32..6, 0..FORMS.len()),
            ],
        ),
        "( [a-z]{1,6})?",
        prop::collection::vec(comment(), 0..3),
        prop::bool::weighted(0.2),
        prop::collection::vec(body_line(), 0..5),
    )
        .prop_map(
            |(level, space, date, title, above, blank_above, body)| Section {
                level,
                space,
                date,
                title,
                above,
                blank_above,
                body,
            },
        )
}

#[derive(Debug, Clone)]
struct Journal {
    sections: Vec<Section>,
    /// `\n`, `\r\n` or a bare `\r`: CommonMark ends lines at all three.
    eol: &'static str,
    bom: bool,
    final_newline: bool,
}

fn journal() -> impl Strategy<Value = Journal> {
    (
        prop::collection::vec(section(), 0..24),
        prop::sample::select(vec!["\n", "\r\n", "\r"]),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(sections, eol, bom, final_newline)| Journal {
            sections,
            eol,
            bom,
            final_newline,
        })
}

fn render(j: &Journal) -> String {
    let mut lines = vec!["# Log".to_string(), String::new()];
    for s in &j.sections {
        lines.extend(s.above.iter().cloned());
        if s.blank_above && !s.above.is_empty() {
            lines.push(String::new());
        }
        let hashes = "#".repeat(s.level);
        let space = if s.space { " " } else { "" };
        let text = match s.date {
            Some((y, ..)) if s.level == 1 => y.to_string(),
            Some((y, m, d, f)) => format!("{}{}", date(y, m, d, f), s.title),
            None => format!("notes{}", s.title),
        };
        lines.push(format!("{hashes}{space}{text}"));
        lines.push(String::new());
        lines.extend(s.body.iter().cloned());
        lines.push(String::new());
    }
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    let eol = j.eol;
    let mut text = lines.join(eol);
    if j.final_newline {
        text.push_str(eol);
    }
    if j.bom {
        text.insert(0, '\u{feff}');
    }
    text
}

/// A line with what fixes may rewrite taken out: whitespace, list
/// markers and task boxes at its start, and the way a date is written.
fn normalize(line: &str) -> String {
    let t = line
        .trim_start_matches('\u{feff}')
        .trim()
        .trim_start_matches(['>', ' ']);
    let hashes = t.len() - t.trim_start_matches('#').len();
    let rest = t[hashes..].trim_start();
    let rest = match leading_ymd(rest) {
        Some((y, m, d, len)) if hashes > 0 => format!("{y}-{m}-{d}{}", &rest[len..]),
        _ => {
            let mut r = rest.trim_start_matches(['-', '*', '+']);
            let digits = r.len() - r.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            if digits > 0 && r[digits..].starts_with('.') {
                r = &r[digits + 1..];
            }
            let r = r.trim_start();
            match (r.starts_with('['), r.find(']')) {
                (true, Some(close)) if close <= 8 => r[close + 1..].to_string(),
                _ => r.to_string(),
            }
        }
    };
    let mut out = "#".repeat(hashes);
    out.extend(rest.chars().filter(|c| !c.is_whitespace()));
    out
}

fn line_multiset(text: &str) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for line in text.split(['\n', '\r']) {
        if !line.trim().is_empty() {
            *m.entry(normalize(line)).or_insert(0) += 1;
        }
    }
    m
}

/// Each non-blank line (as [`normalize`] gives it) with the rules that
/// are suppressed on it: fixing moves lines, but what a suppression
/// comment covers stays the same.
fn suppressed_lines(text: &str) -> BTreeMap<(String, [bool; 3]), usize> {
    let source = Source::new(text.to_string());
    let doc = Document::parse(&source);
    let mut m = BTreeMap::new();
    for line in 0..source.line_count() {
        let range = source.line_range(line);
        let content = &text[range.clone()];
        if content.trim().is_empty() {
            continue;
        }
        let off = |rule| doc.suppressions.is_suppressed(rule, range.start, line);
        let key = (
            normalize(content),
            [
                off("date-order"),
                off("heading-space"),
                off("checkbox-syntax"),
            ],
        );
        *m.entry(key).or_insert(0) += 1;
    }
    m
}

fn endings(text: &str) -> (bool, bool, bool) {
    let crlf = text.contains("\r\n");
    let rest = text.replace("\r\n", "");
    (crlf, rest.contains('\n'), rest.contains('\r'))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn fixing_settles_is_idempotent_and_loses_nothing(j in journal()) {
        let text = render(&j);
        let source = Source::new(text.clone());
        let env = LintEnv::new(
            NaiveDate::from_ymd_opt(2030, 1, 1).unwrap_or_default(),
            ".",
            std::sync::Arc::new(weeklint_core::fs::MemoryFs::new()),
        );
        let mut settings = Settings::default();
        settings.apply_selection(Some(&(0..weeklint_core::registry::RULES.len()).collect::<Vec<_>>()), &[]);
        let path = Path::new("journal.md");

        let once = fix_source(&source, path, &settings, &env, FixMode::Unsafe);
        let once = match once {
            Ok(f) => f,
            Err(e) => return Err(TestCaseError::fail(format!("{e}\n{text:?}"))),
        };
        prop_assert!(once.unsettled.is_empty(), "did not settle: {:?}\n{:?}", once.unsettled, text);
        prop_assert!(once.passes < MAX_PASSES, "took {} passes\n{:?}", once.passes, text);
        let fixed = once.source.text();

        let twice = fix_source(&once.source, path, &settings, &env, FixMode::Unsafe)
            .map_err(|e| TestCaseError::fail(format!("second run: {e}")))?;
        prop_assert_eq!(twice.source.text(), fixed, "a second run changed the text\n{:?}", text);
        prop_assert_eq!(twice.applied_count(), 0);

        prop_assert_eq!(line_multiset(fixed), line_multiset(&text), "lines changed");
        prop_assert_eq!(
            suppressed_lines(fixed),
            suppressed_lines(&text),
            "what is suppressed changed\n{:?}",
            text
        );
        prop_assert_eq!(endings(fixed), endings(&text), "line endings changed");
        prop_assert_eq!(fixed.starts_with('\u{feff}'), j.bom);
        prop_assert_eq!(fixed.ends_with(['\n', '\r']), text.ends_with(['\n', '\r']));
    }
}
