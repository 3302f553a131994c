//! The inferred settings as `lint.toml` lines, each with the evidence
//! for it in words.

use std::fmt::Write as _;

use super::changelogs::NAMED;
use super::{Inference, Tally};
use crate::config::{CHANGE_TYPES, Config, DateOrder as Order};
use crate::date::{DateForm, DayOrder};

/// One line of the inferred config, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// `dates` or `checkboxes`.
    pub section: &'static str,
    /// The key in that section.
    pub key: &'static str,
    /// The value as TOML (`"YYYY.M.D"`, `2`).
    pub value: String,
    /// The evidence, one sentence without a final period.
    pub reason: String,
}

impl Inference {
    /// The dated heading level, when every dated heading has the same one.
    /// With several levels in use (`# 2023` years over `## 2023.6.18`
    /// days), pinning one would stop checking the others, so it stays `auto`.
    pub fn heading_level(&self) -> Option<u8> {
        let mut used = self.levels.iter().enumerate().filter(|(_, n)| **n > 0);
        match (used.next(), used.next()) {
            (Some((i, _)), None) => u8::try_from(i + 1).ok(),
            _ => None,
        }
    }

    /// Every inferred setting, in file order.
    pub fn choices(&self) -> Vec<Choice> {
        const HEADINGS: Noun = ("dated heading", "dated headings", "is", "are");
        const FULL: Noun = (
            "full date of a dated heading",
            "full dates of dated headings",
            "is",
            "are",
        );
        const PAIRS: Noun = (
            "pair of adjacent sibling dated sections",
            "pairs of adjacent sibling dated sections",
            "runs",
            "run",
        );
        const BOXES: Noun = ("checked task box", "checked task boxes", "uses", "use");
        const ITEMS: Noun = (
            "task item in a bullet list",
            "task items in bullet lists",
            "uses",
            "use",
        );
        let dated: usize = self.levels.iter().sum();
        let choice = |section, key, value: &str, reason: String| Choice {
            section,
            key,
            value: value.to_string(),
            reason,
        };
        let format = match &self.format {
            Some(t) => choice(
                "dates",
                "format",
                &quote(t.value.name()),
                format!(
                    "{} written as {}{}",
                    share(t, FULL),
                    t.value,
                    most(t, ", more than in any other form")
                ),
            ),
            None if !self.format_files.is_empty() => choice(
                "dates",
                "format",
                &quote("auto"),
                format!(
                    "the files use different forms ({}); `auto` holds each file to the form most of its own dated headings use",
                    files_per_form(&self.format_files)
                ),
            ),
            None => choice(
                "dates",
                "format",
                &quote("auto"),
                "no dated headings found; `auto` takes the form most dated headings of each file use".to_string(),
            ),
        };
        let order = match &self.order {
            Some(t) => {
                let (value, way) = if t.value == Order::OldestFirst {
                    ("oldest-first", "oldest first")
                } else {
                    ("newest-first", "newest first")
                };
                let tie = if 2 * t.count == t.total {
                    ", as many as the other way; a tie goes to newest first"
                } else {
                    ""
                };
                choice(
                    "dates",
                    "order",
                    &quote(value),
                    format!("{} {way}{tie}", share(t, PAIRS)),
                )
            }
            None => choice(
                "dates",
                "order",
                &quote("auto"),
                "no sibling dated sections with different dates found; `auto` follows the direction most of each file already runs".to_string(),
            ),
        };
        let level = match self.heading_level() {
            Some(l) => {
                let example = self
                    .format
                    .map_or_else(|| "2023.6.18".to_string(), |f| f.value.write(2023, 6, 18));
                let all = Tally {
                    value: (),
                    count: dated,
                    total: dated,
                };
                choice(
                    "dates",
                    "heading-level",
                    &l.to_string(),
                    format!(
                        "{} at level {l} (`{} {example}`)",
                        share(&all, HEADINGS),
                        "#".repeat(usize::from(l)),
                    ),
                )
            }
            None if dated == 0 => choice(
                "dates",
                "heading-level",
                &quote("auto"),
                "no dated headings found; with `auto` a heading of any level can be dated"
                    .to_string(),
            ),
            None => {
                let used: Vec<String> = self
                    .levels
                    .iter()
                    .enumerate()
                    .filter(|(_, n)| **n > 0)
                    .map(|(i, n)| format!("level {} ({n})", i + 1))
                    .collect();
                choice(
                    "dates",
                    "heading-level",
                    &quote("auto"),
                    format!(
                        "dated headings are at {}; `auto` keeps every level dated",
                        used.join(", ")
                    ),
                )
            }
        };
        let checked = match &self.checked {
            Some(t) => choice(
                "checkboxes",
                "checked",
                &quote(&t.value.to_string()),
                format!("{} `[{}]`", share(t, BOXES), t.value),
            ),
            None => choice(
                "checkboxes",
                "checked",
                &quote("x"),
                "no checked task boxes found; `x` is the default".to_string(),
            ),
        };
        let marker = match &self.marker {
            Some(t) => choice(
                "checkboxes",
                "marker",
                &quote(&t.value.to_string()),
                format!(
                    "{} the bullet `{}`{}",
                    share(t, ITEMS),
                    t.value,
                    most(t, ", more than any other")
                ),
            ),
            None => choice(
                "checkboxes",
                "marker",
                &quote("consistent"),
                "no task items in bullet lists found; `consistent` takes each file's first task bullet".to_string(),
            ),
        };
        let numeric_order = match &self.numeric_order {
            Some(t) => {
                let (value, way) = match t.value {
                    DayOrder::DayFirst => ("day-first", "the day first (18.06.2023)"),
                    DayOrder::MonthFirst => ("month-first", "the month first (6/18/2023)"),
                };
                const DATES: Noun = (
                    "numeric date with a number above 12",
                    "numeric dates with a number above 12",
                    "writes",
                    "write",
                );
                choice(
                    "dates",
                    "numeric-order",
                    &quote(value),
                    format!("{} {way}", share(t, DATES)),
                )
            }
            None => choice(
                "dates",
                "numeric-order",
                &quote("auto"),
                "no numeric date with the year last shows its day order; `auto` reads `/` month first and `.` or `-` day first".to_string(),
            ),
        };
        let mut all = vec![format, order, level, numeric_order, checked, marker];
        all.extend(self.changelog_choices());
        all
    }

    /// `[changelog]`, when there are changelogs.
    fn changelog_choices(&self) -> Vec<Choice> {
        let c = &self.changelogs;
        if c.count == 0 {
            return Vec::new();
        }
        let list = |items: &mut dyn Iterator<Item = &str>| {
            let quoted: Vec<String> = items.map(quote).collect();
            format!("[{}]", quoted.join(", "))
        };
        let found = if c.count == 1 {
            "1 changelog".to_string()
        } else {
            format!("{} changelogs", c.count)
        };
        let files = match c.files.as_slice() {
            [] => format!(
                "{found} found, named as changelogs are; their release dates did not count for [dates]"
            ),
            [one] => format!(
                "{found} found; `{one}` has an [Unreleased] heading but not a changelog's name: listed, it stays a changelog once that section is released; release dates did not count for [dates]"
            ),
            many => format!(
                "{found} found; {} have [Unreleased] headings but not changelogs' names: listed, they stay changelogs once those sections are released; release dates did not count for [dates]",
                many.iter()
                    .map(|f| format!("`{f}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        let types = if c.extra_types.is_empty() {
            "Keep a Changelog's change types".to_string()
        } else {
            let extra: Vec<String> = c
                .extra_types
                .iter()
                .map(|(name, n)| format!("{name} ({n} releases)"))
                .collect();
            format!(
                "Keep a Changelog's change types, then the other sub-headings releases have: {}",
                extra.join(", ")
            )
        };
        vec![
            Choice {
                section: "changelog",
                key: "files",
                value: list(&mut c.files.iter().map(String::as_str)),
                reason: files,
            },
            Choice {
                section: "changelog",
                key: "change-types",
                value: list(
                    &mut CHANGE_TYPES
                        .iter()
                        .copied()
                        .chain(c.extra_types.iter().map(|(n, _)| n.as_str())),
                ),
                reason: types,
            },
        ]
    }

    /// `[[overrides]]` that hold the changelogs to their own date
    /// settings where the journals' do not fit them: `(files, dates,
    /// reason)` as TOML values.
    pub fn overrides(&self) -> Vec<(String, String, String)> {
        let c = &self.changelogs;
        if c.own_dates.is_empty() {
            return Vec::new();
        }
        let files: Vec<String> = std::iter::once(NAMED)
            .chain(c.files.iter().map(String::as_str))
            .map(quote)
            .collect();
        let keys: Vec<String> = c
            .own_dates
            .iter()
            .map(|(key, _)| format!("{key} = {}", quote("auto")))
            .collect();
        let why: Vec<&str> = c.own_dates.iter().map(|(_, why)| why.as_str()).collect();
        vec![(
            format!("[{}]", files.join(", ")),
            format!("{{ {} }}", keys.join(", ")),
            format!(
                "changelogs follow their own dates (`auto`): {}",
                why.join("; ")
            ),
        )]
    }

    /// The text of a commented `lint.toml` holding these settings.
    pub fn to_toml(&self) -> String {
        let defaults = Config::default();
        let list = |items: &[String]| {
            items
                .iter()
                .map(|s| quote(s))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut out = String::new();
        let _ = writeln!(
            out,
            "# weeklint configuration, written by `weeklint init` from {}.",
            markdown_files(self.files)
        );
        out.push_str(
            "# Each setting says above it what in those files it was inferred from.\n\
             # `weeklint rule --all` documents every rule and the options it reads.\n\n\
             [files]\n\
             # Files to lint, besides what .gitignore already leaves out.\n",
        );
        let _ = writeln!(out, "include = [{}]", list(&defaults.include));
        let _ = writeln!(out, "exclude = [{}]", list(&defaults.exclude));
        out.push_str(
            "\n[rules]\n\
             # Severity per rule: \"error\", \"warn\" or \"off\". For example:\n\
             # single-title = \"off\"\n",
        );
        let mut section = "";
        for c in self.choices() {
            if c.section != section {
                section = c.section;
                let _ = writeln!(out, "\n[{section}]");
            }
            let _ = writeln!(out, "# {}", sentence(&c.reason));
            let _ = writeln!(out, "{} = {}", c.key, c.value);
        }
        for (files, dates, reason) in self.overrides() {
            let _ = writeln!(out, "\n[[overrides]]\n# {}", sentence(&reason));
            let _ = writeln!(out, "files = {files}\ndates = {dates}");
        }
        out
    }
}

/// Singular, plural, and the verb for each.
type Noun = (&'static str, &'static str, &'static str, &'static str);

/// `all 3 dated headings are`, `the only dated heading is`,
/// `2 of 3 dated headings are`.
fn share<T>(t: &Tally<T>, (one, many, verb_one, verb_many): Noun) -> String {
    if t.count == t.total {
        if t.total == 1 {
            format!("the only {one} {verb_one}")
        } else {
            format!("all {} {many} {verb_many}", t.total)
        }
    } else {
        let verb = if t.count == 1 { verb_one } else { verb_many };
        let noun = if t.total == 1 { one } else { many };
        format!("{} of {} {noun} {verb}", t.count, t.total)
    }
}

/// `tail` when the value is not unanimous.
fn most<T>(t: &Tally<T>, tail: &'static str) -> &'static str {
    if t.count < t.total { tail } else { "" }
}

/// `2 files use YYYY.M.D, 1 uses YYYY-MM-DD`.
fn files_per_form(forms: &[(DateForm, usize)]) -> String {
    let parts: Vec<String> = forms
        .iter()
        .enumerate()
        .map(|(i, (form, n))| {
            let noun = match (i, n) {
                (0, 1) => " file",
                (0, _) => " files",
                _ => "",
            };
            let verb = if *n == 1 { "uses" } else { "use" };
            format!("{n}{noun} {verb} {form}")
        })
        .collect();
    parts.join(", ")
}

fn markdown_files(n: usize) -> String {
    if n == 1 {
        "1 Markdown file".to_string()
    } else {
        format!("{n} Markdown files")
    }
}

/// `reason` as a sentence.
fn sentence(reason: &str) -> String {
    let mut chars = reason.chars();
    chars.next().map_or_else(String::new, |first| {
        format!("{}{}.", first.to_uppercase(), chars.as_str())
    })
}

/// A TOML basic string.
pub(super) fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
