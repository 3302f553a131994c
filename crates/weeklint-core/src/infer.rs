//! What `weeklint init` writes: settings inferred from the journals a
//! project already has, each with the evidence for it.
//!
//! The date settings are decided with the rules' own logic (the form
//! `date-format` calls most used, the direction `date-order` calls the
//! majority), summed over every file instead of one. A date form is pinned
//! only when it suits every file as well as the file's own `auto` form:
//! otherwise the config keeps `auto` and says which files use which form.
//!
//! ```
//! use std::path::Path;
//! use weeklint_core::infer::Inferrer;
//! use weeklint_core::{Document, Source};
//!
//! let mut inferrer = Inferrer::default();
//! let source = Source::new("## 2023-06-18\n- [X] read\n\n## 2023-06-11\n".to_string());
//! inferrer.add(Path::new("log.md"), &source, &Document::parse(&source));
//! let toml = inferrer.finish().to_toml();
//! assert!(toml.contains("format = \"YYYY-MM-DD\""));
//! assert!(toml.contains("order = \"newest-first\""));
//! assert!(toml.contains("checked = \"X\""));
//! ```

use std::fmt::Write as _;
use std::path::Path;

use chrono::NaiveDate;

use crate::config::{Config, DateOrder as Order, Settings};
use crate::date::{DateForm, DayOrder, HeadingDate};
use crate::document::Document;
use crate::linter::LintEnv;
use crate::rule::Context;
use crate::rules::{DateFormat, DateOrder};
use crate::source::Source;
use tasks::task_items;

/// Task bullets, in the order that breaks ties.
const BULLETS: [char; 3] = ['-', '*', '+'];

/// Collects evidence file by file; [`Inferrer::finish`] decides.
pub struct Inferrer {
    /// `auto` everywhere, so that the rules' helpers count every heading.
    settings: Settings,
    env: LintEnv,
    files: usize,
    /// Dates of dated headings, in file and document order.
    dates: Vec<HeadingDate>,
    /// Each file with full dates: how its own `auto` form is decided.
    file_forms: Vec<FileForms>,
    /// Year-last numeric dates (`6/7/2023`) that show the day first and
    /// the month first by a number above 12.
    day_first: usize,
    month_first: usize,
    newest_pairs: usize,
    oldest_pairs: usize,
    /// Dated headings per level, 1 to 6.
    levels: [usize; 6],
    /// Checked task boxes written `[x]` and `[X]`.
    checked: [usize; 2],
    /// Task items per bullet, as in [`BULLETS`].
    bullets: [usize; 3],
}

impl Default for Inferrer {
    fn default() -> Self {
        Inferrer {
            settings: Settings::default(),
            // Inference looks at no date but those in the files, and at no
            // file but the Markdown it is given.
            env: LintEnv::new(
                NaiveDate::default(),
                "",
                std::sync::Arc::new(crate::fs::MemoryFs::new()),
            ),
            files: 0,
            dates: Vec::new(),
            file_forms: Vec::new(),
            day_first: 0,
            month_first: 0,
            newest_pairs: 0,
            oldest_pairs: 0,
            levels: [0; 6],
            checked: [0; 2],
            bullets: [0; 3],
        }
    }
}

impl Inferrer {
    /// Take the evidence of one parsed file, at `path`.
    pub fn add(&mut self, path: &Path, source: &Source, doc: &Document) {
        self.files += 1;
        let cx = Context::new(source, doc, &self.settings, &self.env, path);
        let first = self.dates.len();
        for (_, h, d) in cx.dated_headings() {
            self.dates.push(d.clone());
            if let Some(n) = self.levels.get_mut(usize::from(h.level).saturating_sub(1)) {
                *n += 1;
            }
        }
        self.file_forms.extend(FileForms::of(
            &self.dates[first..].iter().collect::<Vec<_>>(),
        ));
        let (day, month) = cx.dates().order_evidence();
        self.day_first += day;
        self.month_first += month;
        let (newest, oldest) = DateOrder::adjacent_pairs(&cx);
        self.newest_pairs += newest;
        self.oldest_pairs += oldest;
        for task in task_items(source, doc) {
            match task.mark {
                'x' => self.checked[0] += 1,
                'X' => self.checked[1] += 1,
                _ => {}
            }
            if let Some(k) = task
                .bullet
                .and_then(|b| BULLETS.iter().position(|&c| c == b))
            {
                self.bullets[k] += 1;
            }
        }
    }

    /// Each form some file is best held to, with how many files, most
    /// first. A file whose dates fit several forms equally (`2023-10-12`:
    /// `YYYY-M-D` and `YYYY-MM-DD`) counts for the one most dates of the
    /// tree fit.
    fn files_per_form(&self) -> Vec<(DateForm, usize)> {
        let mut totals = [0usize; DateForm::COUNT];
        for f in &self.file_forms {
            for (total, n) in totals.iter_mut().zip(f.fits) {
                *total += n;
            }
        }
        let mut ranked: Vec<DateForm> = DateForm::all().collect();
        // Stable: a tie keeps the forms' own order.
        ranked.sort_by_key(|f| std::cmp::Reverse(f.index().map_or(0, |k| totals[k])));
        let mut out: Vec<(DateForm, usize)> = Vec::new();
        for f in &self.file_forms {
            let form = ranked
                .iter()
                .copied()
                .find(|&form| f.fits_best(form))
                .unwrap_or(f.own);
            match out.iter_mut().find(|(seen, _)| *seen == form) {
                Some((_, n)) => *n += 1,
                None => out.push((form, 1)),
            }
        }
        out.sort_by_key(|&(form, n)| (std::cmp::Reverse(n), form.index()));
        out
    }

    /// Decide every setting from the evidence.
    pub fn finish(self) -> Inference {
        let dates: Vec<&HeadingDate> = self.dates.iter().collect();
        let evidence = self.day_first + self.month_first;
        let numeric_order = (evidence > 0).then(|| {
            let (value, count) = if self.day_first >= self.month_first {
                (DayOrder::DayFirst, self.day_first)
            } else {
                (DayOrder::MonthFirst, self.month_first)
            };
            Tally {
                value,
                count,
                total: evidence,
            }
        });
        let format = DateFormat::most_fitting_form(&dates)
            // Pinned, a form no file uses most would warn where `auto` does not.
            .filter(|&form| self.file_forms.iter().all(|f| f.fits_best(form)))
            .map(|form| Tally {
                value: form,
                count: dates.iter().filter(|d| d.fits(form)).count(),
                // Dates without a year, months and years have no form to fit.
                total: dates.iter().filter(|d| d.is_full()).count(),
            });
        let format_files = if format.is_none() {
            self.files_per_form()
        } else {
            Vec::new()
        };
        let pairs = self.newest_pairs + self.oldest_pairs;
        let order = (pairs > 0).then(|| {
            let value = DateOrder::majority(self.newest_pairs, self.oldest_pairs);
            Tally {
                value,
                count: if value == Order::OldestFirst {
                    self.oldest_pairs
                } else {
                    self.newest_pairs
                },
                total: pairs,
            }
        });
        let checked_total = self.checked[0] + self.checked[1];
        let checked = (checked_total > 0).then(|| {
            // A tie keeps the default, `x`.
            let (value, count) = if self.checked[1] > self.checked[0] {
                ('X', self.checked[1])
            } else {
                ('x', self.checked[0])
            };
            Tally {
                value,
                count,
                total: checked_total,
            }
        });
        let bullet_total: usize = self.bullets.iter().sum();
        let marker = (bullet_total > 0).then(|| {
            let mut best = 0;
            for k in 1..BULLETS.len() {
                if self.bullets[k] > self.bullets[best] {
                    best = k;
                }
            }
            Tally {
                value: BULLETS[best],
                count: self.bullets[best],
                total: bullet_total,
            }
        });
        Inference {
            files: self.files,
            format,
            format_files,
            numeric_order,
            order,
            levels: self.levels,
            checked,
            marker,
        }
    }
}

/// The full dates of one file, by form.
struct FileForms {
    /// How many of them fit each form, by [`DateForm::index`].
    fits: [usize; DateForm::COUNT],
    /// The form `auto` holds the file to: the one most of them fit.
    own: DateForm,
}

impl FileForms {
    /// `None` for a file without full dates: any form suits it.
    fn of(dates: &[&HeadingDate]) -> Option<FileForms> {
        let own = DateFormat::most_fitting_form(dates)?;
        let mut fits = [0; DateForm::COUNT];
        for form in dates.iter().flat_map(|d| d.forms()) {
            if let Some(k) = form.index() {
                fits[k] += 1;
            }
        }
        Some(FileForms { fits, own })
    }

    /// Whether `form` fits as many of the file's dates as its own form:
    /// pinned, it warns about no date that `auto` lets pass.
    fn fits_best(&self, form: DateForm) -> bool {
        let count = |f: DateForm| f.index().map_or(0, |k| self.fits[k]);
        count(form) >= count(self.own)
    }
}

/// A value and how much of the evidence supports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tally<T> {
    /// The value chosen.
    pub value: T,
    /// How many of the observations fit it.
    pub count: usize,
    /// How many observations there were.
    pub total: usize,
}

/// What the files say, setting by setting. `None`: no evidence, so the
/// setting stays `auto` (or its default).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inference {
    /// Files looked at.
    pub files: usize,
    /// `dates.format`: the form most dated headings fit; `total` counts
    /// dated headings. `None` also when the files disagree: when some file
    /// has another form that more of its own dates fit, so that pinning
    /// one form would warn where `auto` does not.
    pub format: Option<Tally<DateForm>>,
    /// When the files disagree: each form that `auto` holds some file to,
    /// with how many files, most first. Empty when they agree.
    pub format_files: Vec<(DateForm, usize)>,
    /// `dates.numeric-order`: the day order most year-last numeric dates
    /// show by a number above 12; `total` counts such dates.
    pub numeric_order: Option<Tally<DayOrder>>,
    /// `dates.order`: the direction most adjacent sibling pairs run;
    /// `total` counts pairs with different dates.
    pub order: Option<Tally<Order>>,
    /// Dated headings per level (index 0 is level 1).
    pub levels: [usize; 6],
    /// `checkboxes.checked`: `x` or `X`; `total` counts checked boxes.
    pub checked: Option<Tally<char>>,
    /// `checkboxes.marker`: the bullet most task items use; `total` counts
    /// task items in bullet lists.
    pub marker: Option<Tally<char>>,
}

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
        vec![format, order, level, numeric_order, checked, marker]
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
fn quote(s: &str) -> String {
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

mod tasks;
#[cfg(test)]
mod tests;
