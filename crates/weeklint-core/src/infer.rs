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
//! use std::path::{Path, PathBuf};
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

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::config::{DateOrder as Order, Settings};
use crate::date::{DateForm, DayOrder, HeadingDate};
use crate::document::Document;
use crate::linter::LintEnv;
use crate::rule::Context;
use crate::rules::{DateFormat, DateOrder};
use crate::source::Source;
use tasks::task_items;

use changelogs::Changelogs;

pub use changelogs::ChangelogInference;
pub use choices::Choice;

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
    /// The folder the files are in: changelog paths are written relative
    /// to it.
    root: PathBuf,
    /// What the changelogs say (their dates are not evidence for
    /// `[dates]`).
    changelogs: Changelogs,
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
            root: PathBuf::new(),
            changelogs: Changelogs::default(),
        }
    }
}

impl Inferrer {
    /// An inferrer for the files under `root`, the folder `lint.toml` is
    /// for.
    pub fn new(root: &Path) -> Inferrer {
        Inferrer {
            root: root.to_path_buf(),
            ..Inferrer::default()
        }
    }

    /// Take the evidence of one parsed file, at `path`.
    pub fn add(&mut self, path: &Path, source: &Source, doc: &Document) {
        self.files += 1;
        self.tasks(source, doc);
        let cx = Context::new(source, doc, &self.settings, &self.env, path);
        // A changelog's release dates say nothing of how the journals
        // write theirs.
        let rel = path.strip_prefix(&self.root).unwrap_or(path);
        let rel: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if self.changelogs.add(&rel.join("/"), &cx) {
            return;
        }
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
    }

    /// Count the task items of a file.
    fn tasks(&mut self, source: &Source, doc: &Document) {
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
        let mut inference = Inference {
            files: self.files,
            changelogs: ChangelogInference::default(),
            format,
            format_files,
            numeric_order,
            order,
            levels: self.levels,
            checked,
            marker,
        };
        inference.changelogs = ChangelogInference::new(&self.changelogs, &inference);
        inference
    }
}

/// The full dates of one file, by form.
#[derive(Debug, Clone)]
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
    /// `[changelog]`, and the changelogs that keep their own direction.
    pub changelogs: ChangelogInference,
}

mod changelogs;
mod choices;
mod tasks;
#[cfg(test)]
mod tests;
