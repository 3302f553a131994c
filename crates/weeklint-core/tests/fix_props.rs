//! Properties of `--fix` over generated journals: it never panics, always
//! settles, is idempotent, loses no line, and keeps line endings, the BOM
//! and the final newline.

// Helpers of a test file panic on failure like the tests themselves.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::path::Path;

use proptest::prelude::*;
use weeklint_core::date::leading_ymd;
use weeklint_core::fix::{FixMode, fix_source};
use weeklint_core::{LintEnv, NaiveDate, Settings, Source};

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

fn date(y: u32, m: u32, d: u32, form: usize) -> String {
    FORMS[form]
        .replace("{y}", &y.to_string())
        .replace("{mm}", &format!("{m:02}"))
        .replace("{dd}", &format!("{d:02}"))
        .replace("{m}", &m.to_string())
        .replace("{d}", &d.to_string())
}

/// One body line: text, a task box (good or not), or a blank line, maybe
/// indented or quoted (nested items, lazy continuation lines).
fn body_line() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        "[a-z]{1,8}( [a-z]{1,8}){0,3}",
        (0..BOXES.len(), "[a-z]{1,8}").prop_map(|(b, t)| format!("{}{t}", BOXES[b])),
        Just(String::new()),
        "#[a-z]{1,5}",
    ];
    let indent = prop_oneof![6 => Just(""), 1 => Just("  "), 1 => Just("\t"), 1 => Just("> ")];
    (indent, line).prop_map(|(i, l)| if l.is_empty() { l } else { format!("{i}{l}") })
}

#[derive(Debug, Clone)]
struct Section {
    level: usize,
    space: bool,
    date: Option<(u32, u32, u32, usize)>,
    title: String,
    body: Vec<String>,
}

fn section() -> impl Strategy<Value = Section> {
    (
        prop_oneof![4 => Just(2usize), 1 => Just(3usize)],
        prop::bool::weighted(0.8),
        prop::option::weighted(0.85, (2020u32..2025, 1u32..13, 1u32..29, 0..FORMS.len())),
        "( [a-z]{1,6})?",
        prop::collection::vec(body_line(), 0..5),
    )
        .prop_map(|(level, space, date, title, body)| Section {
            level,
            space,
            date,
            title,
            body,
        })
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
        prop::collection::vec(section(), 0..9),
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
        let hashes = "#".repeat(s.level);
        let space = if s.space { " " } else { "" };
        let text = match s.date {
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
        let fixed = once.source.text();

        let twice = fix_source(&once.source, path, &settings, &env, FixMode::Unsafe)
            .map_err(|e| TestCaseError::fail(format!("second run: {e}")))?;
        prop_assert_eq!(twice.source.text(), fixed, "not idempotent");
        prop_assert_eq!(twice.applied_count(), 0);

        prop_assert_eq!(line_multiset(fixed), line_multiset(&text), "lines changed");
        prop_assert_eq!(endings(fixed), endings(&text), "line endings changed");
        prop_assert_eq!(fixed.starts_with('\u{feff}'), j.bom);
        prop_assert_eq!(fixed.ends_with(['\n', '\r']), text.ends_with(['\n', '\r']));
    }
}
