//! What `weeklint init` writes: settings inferred from the journals a
//! project already has, each with the evidence for it.
//!
//! The date settings are decided with the rules' own logic (the form
//! `date-format` calls most used, the direction `date-order` calls the
//! majority), summed over every file instead of one.
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
            // Inference looks at no date but those in the files.
            env: LintEnv::new(NaiveDate::default(), ""),
            files: 0,
            dates: Vec::new(),
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
        for (_, h, d) in cx.dated_headings() {
            self.dates.push(d.clone());
            if let Some(n) = self.levels.get_mut(usize::from(h.level).saturating_sub(1)) {
                *n += 1;
            }
        }
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
        let format = DateFormat::most_fitting_form(&dates).map(|form| Tally {
            value: form,
            count: dates.iter().filter(|d| d.fits(form)).count(),
            // Dates without a year, months and years have no form to fit.
            total: dates.iter().filter(|d| d.is_full()).count(),
        });
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
            numeric_order,
            order,
            levels: self.levels,
            checked,
            marker,
        }
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
    /// dated headings.
    pub format: Option<Tally<DateForm>>,
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

/// A GFM task item as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct TaskItem {
    /// `-`, `*` or `+`; `None` in an ordered list.
    bullet: Option<char>,
    /// ` `, `x` or `X`.
    mark: char,
}

/// Task items, read from the lines of the text outside code, comments and
/// front matter: `- [ ] a`, `* [x] b`, `1. [X] c`, also inside quotes.
/// Lines that only look like tasks (`-[ ]`, `- [*]`) are not counted.
fn task_items<'a>(source: &'a Source, doc: &'a Document) -> impl Iterator<Item = TaskItem> + 'a {
    (0..source.line_count()).filter_map(move |i| {
        let range = source.line_range(i);
        if doc.is_excluded(range.start) {
            return None;
        }
        parse_task_line(&source.text()[range])
    })
}

fn parse_task_line(line: &str) -> Option<TaskItem> {
    let mut rest = line;
    // Container prefixes: indentation and block quote markers.
    loop {
        let trimmed = rest.trim_start_matches([' ', '\t']);
        match trimmed.strip_prefix('>') {
            Some(after) => rest = after,
            None => {
                rest = trimmed;
                break;
            }
        }
    }
    let bullet = match rest.chars().next()? {
        c @ ('-' | '*' | '+') => {
            rest = &rest[1..];
            Some(c)
        }
        '0'..='9' => {
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            if digits > 9 {
                return None;
            }
            rest = rest[digits..].strip_prefix(['.', ')'])?;
            None
        }
        _ => return None,
    };
    let after_marker = rest.trim_start_matches([' ', '\t']);
    if after_marker.len() == rest.len() {
        return None;
    }
    let mut chars = after_marker.chars();
    if chars.next()? != '[' {
        return None;
    }
    let mark = chars.next()?;
    if !matches!(mark, ' ' | 'x' | 'X') || chars.next()? != ']' {
        return None;
    }
    // GitHub renders a box only when white space follows `]`.
    if !matches!(chars.next(), Some(' ' | '\t')) {
        return None;
    }
    Some(TaskItem { bullet, mark })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn infer(files: &[&str]) -> Inference {
        let mut inferrer = Inferrer::default();
        for text in files {
            let source = Source::new((*text).to_string());
            inferrer.add(Path::new("log.md"), &source, &Document::parse(&source));
        }
        inferrer.finish()
    }

    fn value(inference: &Inference, key: &str) -> String {
        inference
            .choices()
            .into_iter()
            .find(|c| c.key == key)
            .map(|c| c.value)
            .unwrap_or_default()
    }

    #[test]
    fn task_lines() {
        let t = |bullet, mark| Some(TaskItem { bullet, mark });
        assert_eq!(parse_task_line("- [ ] a"), t(Some('-'), ' '));
        assert_eq!(parse_task_line("  * [x] a"), t(Some('*'), 'x'));
        assert_eq!(parse_task_line("> + [X]\tb"), t(Some('+'), 'X'));
        assert_eq!(parse_task_line("12. [x] c"), t(None, 'x'));
        assert_eq!(parse_task_line("3) [ ] c"), t(None, ' '));
        for not_a_task in [
            "-[ ] a",
            "- [] a",
            "- [ ]a",
            "- [*] a",
            "- [ x] a",
            "[ ] a",
            "- plain",
            "1234567890. [x] a",
            "",
        ] {
            assert_eq!(parse_task_line(not_a_task), None, "{not_a_task:?}");
        }
    }

    #[test]
    fn most_used_date_form_and_order_across_files() {
        let inference = infer(&[
            "## 2023.6.18\n## 2023.6.10\n## 2023.5.22\n",
            "# Log\n## 2024.1.9\n## 2024-01-02\n",
        ]);
        assert_eq!(value(&inference, "format"), "\"YYYY.M.D\"");
        let format = inference.format.expect("no format");
        assert_eq!((format.count, format.total), (4, 5));
        assert_eq!(value(&inference, "order"), "\"newest-first\"");
        assert_eq!(value(&inference, "heading-level"), "2");
    }

    #[test]
    fn tree_runs_oldest_first() {
        let inference = infer(&["## 2023-01-01\n## 2023-01-05\n## 2023-01-03\n## 2023-01-09\n"]);
        assert_eq!(value(&inference, "order"), "\"oldest-first\"");
        assert_eq!(value(&inference, "format"), "\"YYYY-MM-DD\"");
    }

    #[test]
    fn form_tie_goes_to_the_first_dated_heading() {
        let inference = infer(&["## 2023/6/1\n", "## 2023.6.2\n"]);
        assert_eq!(value(&inference, "format"), "\"YYYY/M/D\"");
    }

    #[test]
    fn several_dated_levels_stay_auto() {
        let inference = infer(&["# 2023.1.1 year\n## 2023.12.1\n## 2023.6.1\n"]);
        assert_eq!(inference.heading_level(), None);
        let level = &inference.choices()[2];
        assert_eq!(level.value, "\"auto\"");
        assert_eq!(
            level.reason,
            "dated headings are at level 1 (1), level 2 (2); `auto` keeps every level dated"
        );
    }

    #[test]
    fn day_order_and_new_forms_from_year_last_dates() {
        let inference = infer(&[
            "## 18.06.2023\n## 05.06.2023\n",
            "## 21.05.2023\n## 14.05.2023\n## 1.5.2023\n",
            "## 5/6/2023\n",
        ]);
        let order = &inference.choices()[3];
        assert_eq!(
            (order.key, order.value.as_str()),
            ("numeric-order", "\"day-first\"")
        );
        assert_eq!(
            order.reason,
            "all 3 numeric dates with a number above 12 write the day first (18.06.2023)"
        );
        assert_eq!(value(&inference, "format"), "\"DD.MM.YYYY\"");
        // With the written config, `5/6/2023` is read day first too.
        let config = Config::parse(&inference.to_toml()).unwrap();
        assert_eq!(
            config.base().dates.numeric_order,
            crate::config::NumericOrder::DayFirst
        );
    }

    #[test]
    fn month_names_are_a_form_of_their_own() {
        let inference = infer(&["## June 18, 2023\n## Jun 11th, 2023\n## 2023-06-04\n"]);
        assert_eq!(value(&inference, "format"), "\"MMMM D, YYYY\"");
    }

    #[test]
    fn checkbox_style_from_tasks_outside_code() {
        let inference = infer(&[
            "* [X] a\n* [X] b\n- [x] c\n* [ ] d\n1. [X] e\n",
            "```\n- [x] in code\n- [x] in code\n- [x] in code\n```\n<!--\n- [x] hidden\n-->\n",
        ]);
        assert_eq!(value(&inference, "checked"), "\"X\"");
        assert_eq!(inference.checked.map(|t| (t.count, t.total)), Some((3, 4)));
        assert_eq!(value(&inference, "marker"), "\"*\"");
        assert_eq!(inference.marker.map(|t| (t.count, t.total)), Some((3, 4)));
    }

    #[test]
    fn no_evidence_keeps_auto_and_defaults() {
        let inference = infer(&["# Notes\n\nNothing dated.\n"]);
        let values: Vec<String> = inference.choices().into_iter().map(|c| c.value).collect();
        assert_eq!(
            values,
            [
                "\"auto\"",
                "\"auto\"",
                "\"auto\"",
                "\"auto\"",
                "\"x\"",
                "\"consistent\""
            ]
        );
    }

    #[test]
    fn written_config_is_valid_and_means_what_was_inferred() {
        let inference = infer(&[
            "## 2023年6月18日\n- [x] a\n+ [ ] b\n+ [ ] c\n\n## 2023年6月1日\n",
            "## 2023年5月2日\n",
        ]);
        let toml = inference.to_toml();
        let config = Config::parse(&toml).unwrap_or_else(|e| panic!("{e:?}\n{toml}"));
        let s = config.base();
        assert_eq!(
            s.dates.format,
            crate::config::DateFormat::Form(DateForm::from_name("YYYY年M月D日").expect("a form"))
        );
        assert_eq!(s.dates.order, Order::NewestFirst);
        assert_eq!(s.dates.heading_level, Some(2));
        assert_eq!(s.checkboxes.checked, 'x');
        assert_eq!(s.checkboxes.marker, crate::config::TaskMarker::Bullet('+'));
        insta::assert_snapshot!(toml);
    }

    #[test]
    fn config_without_evidence_is_valid() {
        let toml = infer(&[]).to_toml();
        let config = Config::parse(&toml).unwrap_or_else(|e| panic!("{e:?}\n{toml}"));
        assert_eq!(config.base(), &Settings::default());
    }

    #[test]
    fn quoting() {
        assert_eq!(quote("a\"b\\c\u{1}"), "\"a\\\"b\\\\c\\u0001\"");
    }
}
