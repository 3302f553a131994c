//! `lint.toml`: parsing with spans, validation, and the effective settings
//! for one path (defaults ← file ← overrides; the CLI applies its own
//! selection on top).
//!
//! serde stops at its first error, but a config should show all its
//! problems at once. So reading takes three steps:
//! 1. `Check::prune` removes what serde could not read, reporting it:
//!    unknown keys and rules (with the nearest valid name), sections that
//!    are not tables, lists that are not arrays;
//! 2. serde reads the rest into `File`, keeping each value as written,
//!    with its span;
//! 3. `Check::config` turns those values into settings, reporting every
//!    wrong one.

use std::ops::Range;

use globset::{GlobBuilder, GlobSet};

use crate::date::DateForm;
use crate::diagnostic::Severity;
use crate::registry;

/// The order dated sections must follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrder {
    /// Newest entry first (the usual journal).
    NewestFirst,
    /// Oldest entry first (a diary read top to bottom).
    OldestFirst,
    /// Whichever most adjacent sibling pairs in the file already follow.
    Auto,
}

/// The date form dated headings must use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateFormat {
    /// The form that fits most dated headings of the file.
    Auto,
    /// This form.
    Form(DateForm),
}

/// How year-last numeric dates (`6/7/2023`) are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumericOrder {
    /// Decided per file: a number above 12 settles it; without one, `/`
    /// means month first and `.` or `-` day first.
    Auto,
    /// `6/18/2023`
    MonthFirst,
    /// `18.06.2023`
    DayFirst,
}

/// The bullet task items must use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskMarker {
    /// The bullet of the file's first task item.
    Consistent,
    /// This bullet: `-`, `*` or `+`.
    Bullet(char),
}

/// `[dates]`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateSettings {
    /// `order`
    pub order: DateOrder,
    /// `format`
    pub format: DateFormat,
    /// `heading-level`: `None` is `auto` (any level).
    pub heading_level: Option<u8>,
    /// `numeric-order`
    pub numeric_order: NumericOrder,
}

/// `[images]`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageSettings {
    /// `require-tracked`
    pub require_tracked: bool,
    /// `dirs`
    pub dirs: Vec<String>,
    /// `timeout-secs`
    pub timeout_secs: u64,
}

/// `[checkboxes]`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckboxSettings {
    /// `checked`: `x` or `X`.
    pub checked: char,
    /// `marker`
    pub marker: TaskMarker,
}

/// `[changelog]`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangelogSettings {
    /// `files` lists this file: it is a changelog whatever its name
    /// (worked out per file by [`Config::settings_for`]).
    pub listed: bool,
    /// `change-types`: the sub-headings of a release, as they are spelt.
    pub change_types: Vec<String>,
}

/// The change types of Keep a Changelog 1.1.0.
pub const CHANGE_TYPES: [&str; 6] = [
    "Added",
    "Changed",
    "Deprecated",
    "Removed",
    "Fixed",
    "Security",
];

/// The effective settings for one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Severity of each rule, indexed like [`registry::RULES`]; `None` is off.
    pub severities: Vec<Option<Severity>>,
    /// `[dates]`
    pub dates: DateSettings,
    /// `[images]`
    pub images: ImageSettings,
    /// `[checkboxes]`
    pub checkboxes: CheckboxSettings,
    /// `[changelog]`
    pub changelog: ChangelogSettings,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            severities: registry::RULES
                .iter()
                .map(|r| r.meta().default_severity)
                .collect(),
            dates: DateSettings {
                order: DateOrder::Auto,
                format: DateFormat::Auto,
                heading_level: None,
                numeric_order: NumericOrder::Auto,
            },
            images: ImageSettings {
                require_tracked: true,
                dirs: vec!["pic".to_string()],
                timeout_secs: 10,
            },
            checkboxes: CheckboxSettings {
                checked: 'x',
                marker: TaskMarker::Consistent,
            },
            changelog: ChangelogSettings {
                listed: false,
                change_types: CHANGE_TYPES.map(String::from).to_vec(),
            },
        }
    }
}

impl Settings {
    /// Severity of the rule named `name` (`None`: off or unknown).
    pub fn severity(&self, name: &str) -> Option<Severity> {
        registry::index_of(name).and_then(|i| self.severities[i])
    }

    /// Apply `--select` (only these rules run; a rule that is off runs at
    /// its selected severity) and `--ignore` (these rules do not run).
    pub fn apply_selection(&mut self, select: Option<&[usize]>, ignore: &[usize]) {
        if let Some(select) = select {
            for (i, sev) in self.severities.iter_mut().enumerate() {
                *sev = if select.contains(&i) {
                    Some(sev.unwrap_or(registry::RULES[i].meta().selected_severity))
                } else {
                    None
                };
            }
        }
        for &i in ignore {
            self.severities[i] = None;
        }
    }

    fn apply(&mut self, patch: &Patch) {
        for &(i, sev) in &patch.severities {
            self.severities[i] = sev;
        }
        let (dates, images, boxes) = (&mut self.dates, &mut self.images, &mut self.checkboxes);
        dates.order = patch.order.unwrap_or(dates.order);
        dates.format = patch.format.unwrap_or(dates.format);
        dates.heading_level = patch.heading_level.unwrap_or(dates.heading_level);
        dates.numeric_order = patch.numeric_order.unwrap_or(dates.numeric_order);
        images.require_tracked = patch.require_tracked.unwrap_or(images.require_tracked);
        if let Some(dirs) = &patch.dirs {
            images.dirs.clone_from(dirs);
        }
        images.timeout_secs = patch.timeout_secs.unwrap_or(images.timeout_secs);
        boxes.checked = patch.checked.unwrap_or(boxes.checked);
        boxes.marker = patch.marker.unwrap_or(boxes.marker);
    }
}

/// Settings some part of the file sets; the rest is inherited.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Patch {
    severities: Vec<(usize, Option<Severity>)>,
    order: Option<DateOrder>,
    format: Option<DateFormat>,
    heading_level: Option<Option<u8>>,
    numeric_order: Option<NumericOrder>,
    require_tracked: Option<bool>,
    dirs: Option<Vec<String>>,
    timeout_secs: Option<u64>,
    checked: Option<char>,
    marker: Option<TaskMarker>,
}

#[derive(Debug, Clone)]
struct Override {
    files: GlobSet,
    patch: Patch,
}

/// A parsed and validated `lint.toml`.
#[derive(Debug, Clone)]
pub struct Config {
    /// `files.include`
    pub include: Vec<String>,
    /// `files.exclude`
    pub exclude: Vec<String>,
    /// `files.max-size`, in MB.
    max_size_mb: u64,
    base: Settings,
    overrides: Vec<Override>,
    /// `changelog.files`, when it names any.
    changelog_files: Option<GlobSet>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            include: vec!["**/*.md".to_string(), "**/*.markdown".to_string()],
            exclude: vec!["node_modules/**".to_string()],
            max_size_mb: 256,
            base: Settings::default(),
            overrides: Vec::new(),
            changelog_files: None,
        }
    }
}

/// Something wrong in `lint.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// Where, as a byte range in the file, when known.
    pub span: Option<Range<usize>>,
    /// What is wrong.
    pub message: String,
    /// How to put it right, e.g. the nearest valid name.
    pub help: Option<String>,
}

impl Config {
    /// Parse and validate the text of a `lint.toml`. All problems are
    /// returned, in file order; a config with any problem is not used.
    pub fn parse(text: &str) -> Result<Config, Vec<ConfigError>> {
        read::parse(text)
    }

    /// The effective settings for a file at `path`, relative to the folder
    /// holding the config, `/`-separated.
    pub fn settings_for(&self, path: &str) -> Settings {
        let mut settings = self.base.clone();
        for o in &self.overrides {
            if o.files.is_match(path) {
                settings.apply(&o.patch);
            }
        }
        settings.changelog.listed = self
            .changelog_files
            .as_ref()
            .is_some_and(|g| g.is_match(path));
        settings
    }

    /// Whether the rule at registry `index` is on for some file: in the
    /// base settings or in an override.
    pub fn may_enable(&self, index: usize) -> bool {
        self.base.severities[index].is_some()
            || self.overrides.iter().any(|o| {
                o.patch
                    .severities
                    .iter()
                    .any(|&(i, sev)| i == index && sev.is_some())
            })
    }

    /// Whether settings may differ from file to file: an override, or
    /// `changelog.files`, applies to some files only.
    pub fn has_overrides(&self) -> bool {
        !self.overrides.is_empty() || self.changelog_files.is_some()
    }

    /// The settings before overrides.
    pub fn base(&self) -> &Settings {
        &self.base
    }

    /// `files.max-size` in bytes: the largest file weeklint reads. The key
    /// counts MB of 2^20 bytes.
    pub fn max_size_bytes(&self) -> u64 {
        self.max_size_mb << 20
    }
}

/// Compile a `files` glob: `/`-separated, case-insensitive (so that
/// `README.MD` is Markdown too), `*` does not cross folders.
pub fn glob(pattern: &str) -> Result<globset::Glob, globset::Error> {
    GlobBuilder::new(pattern)
        .case_insensitive(true)
        .literal_separator(true)
        .build()
}

mod read;
#[cfg(test)]
mod tests;
mod values;
