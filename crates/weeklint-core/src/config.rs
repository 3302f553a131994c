//! `lint.toml`: parsing with spans, validation, and the effective settings
//! for one path (defaults ← file ← overrides; the CLI applies its own
//! selection on top).

use std::ops::Range;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::date::DateForm;
use crate::diagnostic::Severity;
use crate::registry;
use crate::suggest::closest;

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
        if let Some(v) = patch.order {
            self.dates.order = v;
        }
        if let Some(v) = patch.format {
            self.dates.format = v;
        }
        if let Some(v) = patch.heading_level {
            self.dates.heading_level = v;
        }
        if let Some(v) = patch.numeric_order {
            self.dates.numeric_order = v;
        }
        if let Some(v) = patch.require_tracked {
            self.images.require_tracked = v;
        }
        if let Some(v) = &patch.dirs {
            self.images.dirs.clone_from(v);
        }
        if let Some(v) = patch.timeout_secs {
            self.images.timeout_secs = v;
        }
        if let Some(v) = patch.checked {
            self.checkboxes.checked = v;
        }
        if let Some(v) = patch.marker {
            self.checkboxes.marker = v;
        }
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
    base: Settings,
    overrides: Vec<Override>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            include: vec!["**/*.md".to_string(), "**/*.markdown".to_string()],
            exclude: vec!["node_modules/**".to_string()],
            base: Settings::default(),
            overrides: Vec::new(),
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
        let root = match DeTable::parse(text) {
            Ok(t) => t,
            Err(e) => {
                return Err(vec![ConfigError {
                    span: e.span(),
                    message: e.message().trim().to_string(),
                    help: None,
                }]);
            }
        };
        let mut v = Validator { errors: Vec::new() };
        let config = v.config(root.get_ref());
        if v.errors.is_empty() {
            Ok(config)
        } else {
            v.errors
                .sort_by_key(|e| e.span.as_ref().map_or(0, |s| s.start));
            Err(v.errors)
        }
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

    /// Whether any override could change settings for some file.
    pub fn has_overrides(&self) -> bool {
        !self.overrides.is_empty()
    }

    /// The settings before overrides.
    pub fn base(&self) -> &Settings {
        &self.base
    }
}

type Table<'i> = DeTable<'i>;
type Value<'i> = Spanned<DeValue<'i>>;

const TOP_KEYS: &[&str] = &[
    "files",
    "rules",
    "dates",
    "images",
    "checkboxes",
    "overrides",
];
const FILES_KEYS: &[&str] = &["include", "exclude"];
const DATES_KEYS: &[&str] = &["order", "format", "heading-level", "numeric-order"];
const IMAGES_KEYS: &[&str] = &["require-tracked", "dirs", "timeout-secs"];
const CHECKBOX_KEYS: &[&str] = &["checked", "marker"];
const OVERRIDE_KEYS: &[&str] = &["files", "rules", "dates", "checkboxes"];

struct Validator {
    errors: Vec<ConfigError>,
}

impl Validator {
    fn error(&mut self, span: Range<usize>, message: impl Into<String>, help: Option<String>) {
        self.errors.push(ConfigError {
            span: Some(span),
            message: message.into(),
            help,
        });
    }

    /// Report keys not in `known`; return the known ones.
    fn keys<'t, 'i>(
        &mut self,
        table: &'t Table<'i>,
        known: &[&str],
        section: &str,
    ) -> Vec<(&'t str, &'t Value<'i>)> {
        let mut out = Vec::new();
        for (k, v) in table {
            let name: &str = k.get_ref();
            if known.contains(&name) {
                out.push((name, v));
            } else {
                let help = closest(name, known.iter().copied())
                    .map(|s| format!("did you mean `{s}`?"))
                    .or_else(|| Some(format!("valid keys here: {}", known.join(", "))));
                self.error(k.span(), format!("unknown key `{name}` in {section}"), help);
            }
        }
        out
    }

    fn table<'t, 'i>(&mut self, v: &'t Value<'i>, what: &str) -> Option<&'t Table<'i>> {
        match v.get_ref() {
            DeValue::Table(t) => Some(t),
            other => {
                self.error(
                    v.span(),
                    format!("`{what}` must be a table, not {}", other.type_str()),
                    None,
                );
                None
            }
        }
    }

    fn string<'t>(&mut self, v: &'t Value<'_>, what: &str) -> Option<&'t str> {
        match v.get_ref() {
            DeValue::String(s) => Some(s),
            other => {
                self.error(
                    v.span(),
                    format!("`{what}` must be a string, not {}", other.type_str()),
                    None,
                );
                None
            }
        }
    }

    /// An array of strings; `example` is one such string, for the help.
    fn string_list(
        &mut self,
        v: &Value<'_>,
        what: &str,
        example: &str,
    ) -> Option<Vec<(String, Range<usize>)>> {
        let DeValue::Array(items) = v.get_ref() else {
            // The key as written inside its table: `include`, not `files.include`.
            let key = what.rsplit('.').next().unwrap_or(what);
            self.error(
                v.span(),
                format!("`{what}` must be an array of strings"),
                Some(format!("for example: {key} = [\"{example}\"]")),
            );
            return None;
        };
        let mut out = Vec::new();
        for item in items.iter() {
            out.push((self.string(item, what)?.to_string(), item.span()));
        }
        Some(out)
    }

    fn choice<T: Copy>(&mut self, v: &Value<'_>, what: &str, options: &[(&str, T)]) -> Option<T> {
        let s = self.string(v, what)?;
        if let Some((_, t)) = options.iter().find(|(name, _)| *name == s) {
            return Some(*t);
        }
        let names: Vec<&str> = options.iter().map(|(n, _)| *n).collect();
        let help = closest(s, names.iter().copied())
            .map(|c| format!("did you mean `{c}`?"))
            .unwrap_or_else(|| format!("expected one of: {}", names.join(", ")));
        self.error(
            v.span(),
            format!("`{s}` is not a valid value for `{what}`"),
            Some(help),
        );
        None
    }

    fn globs(
        &mut self,
        v: &Value<'_>,
        what: &str,
        example: &str,
    ) -> Option<(Vec<String>, GlobSet)> {
        let list = self.string_list(v, what, example)?;
        let mut builder = GlobSetBuilder::new();
        let mut ok = true;
        for (pattern, span) in &list {
            match glob(pattern) {
                Ok(g) => {
                    builder.add(g);
                }
                Err(e) => {
                    ok = false;
                    self.error(span.clone(), format!("invalid glob `{pattern}`: {e}"), None);
                }
            }
        }
        let set = builder.build().ok()?;
        ok.then(|| (list.into_iter().map(|(p, _)| p).collect(), set))
    }

    fn config(&mut self, root: &Table<'_>) -> Config {
        let mut config = Config::default();
        let mut patch = Patch::default();
        for (key, value) in self.keys(root, TOP_KEYS, "lint.toml") {
            match key {
                "files" => {
                    if let Some(t) = self.table(value, "files") {
                        for (k, v) in self.keys(t, FILES_KEYS, "[files]") {
                            if let Some((list, _)) =
                                self.globs(v, &format!("files.{k}"), "notes/**")
                            {
                                if k == "include" {
                                    config.include = list;
                                } else {
                                    config.exclude = list;
                                }
                            }
                        }
                    }
                }
                "overrides" => self.overrides(value, &mut config),
                _ => self.section(key, value, &mut patch, ""),
            }
        }
        config.base.apply(&patch);
        config
    }

    /// `[rules]`, `[dates]`, `[images]`, `[checkboxes]` into `patch`.
    fn section(&mut self, key: &str, value: &Value<'_>, patch: &mut Patch, prefix: &str) {
        let Some(t) = self.table(value, &format!("{prefix}{key}")) else {
            return;
        };
        match key {
            "rules" => self.rules(t, patch, prefix),
            "dates" => {
                for (k, v) in self.keys(t, DATES_KEYS, &format!("[{prefix}dates]")) {
                    let what = format!("dates.{k}");
                    match k {
                        "order" => {
                            patch.order = self.choice(
                                v,
                                &what,
                                &[
                                    ("newest-first", DateOrder::NewestFirst),
                                    ("oldest-first", DateOrder::OldestFirst),
                                    ("auto", DateOrder::Auto),
                                ],
                            );
                        }
                        "format" => {
                            let mut options = vec![("auto", DateFormat::Auto)];
                            options
                                .extend(DateForm::all().map(|f| (f.name(), DateFormat::Form(f))));
                            patch.format = self.choice(v, &what, &options);
                        }
                        "numeric-order" => {
                            patch.numeric_order = self.choice(
                                v,
                                &what,
                                &[
                                    ("auto", NumericOrder::Auto),
                                    ("month-first", NumericOrder::MonthFirst),
                                    ("day-first", NumericOrder::DayFirst),
                                ],
                            );
                        }
                        _ => patch.heading_level = self.heading_level(v),
                    }
                }
            }
            "images" => {
                for (k, v) in self.keys(t, IMAGES_KEYS, &format!("[{prefix}images]")) {
                    match k {
                        "require-tracked" => match v.get_ref() {
                            DeValue::Boolean(b) => patch.require_tracked = Some(*b),
                            other => self.error(
                                v.span(),
                                format!(
                                    "`images.require-tracked` must be true or false, not {}",
                                    other.type_str()
                                ),
                                None,
                            ),
                        },
                        "dirs" => {
                            patch.dirs = self
                                .string_list(v, "images.dirs", "pic")
                                .map(|l| l.into_iter().map(|(s, _)| s).collect());
                        }
                        _ => patch.timeout_secs = self.positive_int(v, "images.timeout-secs"),
                    }
                }
            }
            _ => {
                for (k, v) in self.keys(t, CHECKBOX_KEYS, &format!("[{prefix}checkboxes]")) {
                    if k == "checked" {
                        patch.checked =
                            self.choice(v, "checkboxes.checked", &[("x", 'x'), ("X", 'X')]);
                    } else {
                        patch.marker = self.choice(
                            v,
                            "checkboxes.marker",
                            &[
                                ("consistent", TaskMarker::Consistent),
                                ("-", TaskMarker::Bullet('-')),
                                ("*", TaskMarker::Bullet('*')),
                                ("+", TaskMarker::Bullet('+')),
                            ],
                        );
                    }
                }
            }
        }
    }

    fn rules(&mut self, t: &Table<'_>, patch: &mut Patch, prefix: &str) {
        for (k, v) in t {
            let name: &str = k.get_ref();
            let Some(index) = registry::index_of(name) else {
                let help = closest(name, registry::RULES.iter().map(|r| r.meta().name))
                    .map(|s| format!("did you mean `{s}`?"))
                    .or_else(|| Some("`weeklint rule --all` lists the rules".to_string()));
                self.error(
                    k.span(),
                    format!("unknown rule `{name}` in [{prefix}rules]"),
                    help,
                );
                continue;
            };
            let sev = self.choice(
                v,
                &format!("rules.{name}"),
                &[
                    ("error", Some(Severity::Error)),
                    ("warn", Some(Severity::Warning)),
                    ("warning", Some(Severity::Warning)),
                    ("off", None),
                ],
            );
            if let Some(sev) = sev {
                patch.severities.push((index, sev));
            }
        }
    }

    fn heading_level(&mut self, v: &Value<'_>) -> Option<Option<u8>> {
        match v.get_ref() {
            DeValue::String(s) if s.as_ref() == "auto" => Some(None),
            DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
                Ok(n @ 1..=6) => Some(Some(n as u8)),
                _ => {
                    self.error(
                        v.span(),
                        "`dates.heading-level` must be 1 to 6, or \"auto\"",
                        None,
                    );
                    None
                }
            },
            _ => {
                self.error(
                    v.span(),
                    "`dates.heading-level` must be 1 to 6, or \"auto\"",
                    Some("for example: heading-level = 2".to_string()),
                );
                None
            }
        }
    }

    fn positive_int(&mut self, v: &Value<'_>, what: &str) -> Option<u64> {
        if let DeValue::Integer(i) = v.get_ref()
            && let Ok(n @ 1..) = i64::from_str_radix(i.as_str(), i.radix())
        {
            return Some(n as u64);
        }
        self.error(
            v.span(),
            format!("`{what}` must be a positive whole number"),
            None,
        );
        None
    }

    fn overrides(&mut self, value: &Value<'_>, config: &mut Config) {
        let DeValue::Array(items) = value.get_ref() else {
            self.error(
                value.span(),
                "`overrides` must be an array of tables",
                Some("write each override as [[overrides]]".to_string()),
            );
            return;
        };
        for item in items.iter() {
            let Some(t) = self.table(item, "overrides") else {
                continue;
            };
            let mut patch = Patch::default();
            let mut files = None;
            for (k, v) in self.keys(t, OVERRIDE_KEYS, "[[overrides]]") {
                if k == "files" {
                    files = self.globs(v, "overrides.files", "archive/**");
                } else {
                    self.section(k, v, &mut patch, "overrides.");
                }
            }
            match files {
                Some((_, set)) => config.overrides.push(Override { files: set, patch }),
                None if !t.contains_key("files") => self.error(
                    item.span(),
                    "an override needs `files`",
                    Some("for example: files = [\"archive/**\"]".to_string()),
                ),
                None => {}
            }
        }
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

#[cfg(test)]
mod tests;
