//! Reading `lint.toml` in three steps (see the parent module): prune
//! what serde cannot read, let serde read the rest, check each value.

use std::collections::BTreeMap;
use std::ops::Range;

use globset::{GlobSet, GlobSetBuilder};
use serde::Deserialize;
use toml::de::{DeArray, DeString, DeTable, DeValue, Deserializer};
use toml::{Spanned, Value};

use super::values::{
    Wrong, choice, did_you_mean, heading_level, leaves, must_be, number, readable,
};
use super::{
    ChangelogSettings, Config, ConfigError, DateFormat, DateOrder, NumericOrder, Override, Patch,
    TaskMarker, glob,
};
use crate::date::DateForm;
use crate::diagnostic::Severity;
use crate::registry;
use crate::suggest::closest;

/// Parse and validate the text of a `lint.toml`.
pub(super) fn parse(text: &str) -> Result<Config, Vec<ConfigError>> {
    let toml_error = |e: toml::de::Error| ConfigError {
        span: e.span(),
        message: e.message().trim().to_string(),
        help: None,
    };
    let mut root = DeTable::parse(text).map_err(|e| vec![toml_error(e)])?;
    for (_, value) in root.get_mut().iter_mut() {
        readable(value.get_mut());
    }
    let mut check = Check::default();
    check.prune(root.get_mut(), TOP, "");
    // Not expected to fail after `prune`; reported if it does.
    let file = File::deserialize(Deserializer::from(root)).unwrap_or_else(|e| {
        check.errors.push(toml_error(e));
        File::default()
    });
    let config = check.config(&file);
    if check.errors.is_empty() {
        return Ok(config);
    }
    check
        .errors
        .sort_by_key(|e| e.span.as_ref().map_or(0, |s| s.start));
    Err(check.errors)
}

// Step 1: what serde can read.

/// What serde expects under a key.
enum Shape {
    /// A table with these keys.
    Table(&'static [(&'static str, Shape)]),
    /// A table of rule names.
    Rules,
    /// An array of tables with the keys of [`OVERRIDE`].
    Overrides,
    /// An array; the string is an example item, for the help.
    List(&'static str),
    /// Any value: `Check::config` checks it.
    Any,
}

// The keys of the `File` structs, which refuse others
// (`deny_unknown_fields`): the two cannot drift apart unnoticed.
const TOP: &[(&str, Shape)] = &[
    ("files", Shape::Table(FILES)),
    ("rules", Shape::Rules),
    ("dates", Shape::Table(DATES)),
    ("images", Shape::Table(IMAGES)),
    ("checkboxes", Shape::Table(CHECKBOXES)),
    ("changelog", Shape::Table(CHANGELOG)),
    ("overrides", Shape::Overrides),
];
const OVERRIDE: &[(&str, Shape)] = &[
    ("files", Shape::List("archive/**")),
    ("rules", Shape::Rules),
    ("dates", Shape::Table(DATES)),
    ("checkboxes", Shape::Table(CHECKBOXES)),
];
const FILES: &[(&str, Shape)] = &[
    ("include", Shape::List("notes/**")),
    ("exclude", Shape::List("notes/**")),
    ("max-size", Shape::Any),
];
const DATES: &[(&str, Shape)] = &[
    ("order", Shape::Any),
    ("format", Shape::Any),
    ("heading-level", Shape::Any),
    ("numeric-order", Shape::Any),
];
const IMAGES: &[(&str, Shape)] = &[
    ("require-tracked", Shape::Any),
    ("dirs", Shape::List("pic")),
    ("timeout-secs", Shape::Any),
];
const CHECKBOXES: &[(&str, Shape)] = &[("checked", Shape::Any), ("marker", Shape::Any)];
const CHANGELOG: &[(&str, Shape)] = &[
    ("files", Shape::List("docs/releases.md")),
    ("change-types", Shape::List("Fixed")),
];

/// The problems found so far.
#[derive(Default)]
struct Check {
    errors: Vec<ConfigError>,
}

impl Check {
    /// Record a problem. Returns what means "wrong" to the caller: `None`,
    /// or `false` (remove it).
    fn error<T: Default>(&mut self, span: Range<usize>, (message, help): Wrong) -> T {
        let span = Some(span);
        self.errors.push(ConfigError {
            span,
            message,
            help,
        });
        T::default()
    }

    /// Step 1: remove from the table at `path` ("" at the top, `overrides`
    /// in an override, else a section such as `overrides.dates`) what serde
    /// could not read as `keys`, reporting it.
    fn prune(&mut self, table: &mut DeTable<'_>, keys: &[(&str, Shape)], path: &str) {
        let section = match path {
            "" => "lint.toml".to_string(),
            "overrides" => "[[overrides]]".to_string(),
            _ => format!("[{path}]"),
        };
        retain(table, |key, value| {
            let name: &str = key.get_ref();
            if let Some((_, shape)) = keys.iter().find(|(k, _)| *k == name) {
                let path = match path {
                    "" => name.to_string(),
                    _ => format!("{path}.{name}"),
                };
                return self.fits(value, shape, &path);
            }
            let names: Vec<&str> = keys.iter().map(|(k, _)| *k).collect();
            let help = closest(name, names.iter().copied()).map_or_else(
                || format!("valid keys here: {}", names.join(", ")),
                did_you_mean,
            );
            let message = format!("unknown key `{name}` in {section}");
            self.error(key.span(), (message, Some(help)))
        });
    }

    /// Whether the value at `path` has the `shape` serde expects, once
    /// pruned inside.
    fn fits(&mut self, value: &mut Spanned<DeValue<'_>>, shape: &Shape, path: &str) -> bool {
        let span = value.span();
        match (shape, value.get_mut()) {
            (Shape::Any, _) | (Shape::List(_), DeValue::Array(_)) => true,
            (Shape::List(example), _) => {
                // The key as written inside its table: `include`, not `files.include`.
                let key = path.rsplit('.').next().unwrap_or(path);
                let help = Some(format!("for example: {key} = [\"{example}\"]"));
                self.error(
                    span,
                    (format!("`{path}` must be an array of strings"), help),
                )
            }
            (Shape::Table(keys), DeValue::Table(t)) => {
                self.prune(t, keys, path);
                true
            }
            (Shape::Rules, DeValue::Table(t)) => {
                retain(t, |rule, _| {
                    let name: &str = rule.get_ref();
                    let names = registry::RULES.iter().map(|r| r.meta().name);
                    let list = || "`weeklint rule --all` lists the rules".to_string();
                    let help = Some(closest(name, names).map_or_else(list, did_you_mean));
                    let message = format!("unknown rule `{name}` in [{path}]");
                    registry::index_of(name).is_some() || self.error(rule.span(), (message, help))
                });
                true
            }
            (Shape::Overrides, DeValue::Array(items)) => {
                let all = std::mem::replace(items, DeArray::new());
                *items = all
                    .into_iter()
                    .filter_map(|o| self.prune_override(o))
                    .collect();
                true
            }
            (Shape::Overrides, _) => {
                let help = Some("write each override as [[overrides]]".to_string());
                self.error(
                    span,
                    ("`overrides` must be an array of tables".into(), help),
                )
            }
            (_, v) => self.error(span, must_be(path, "a table", v.type_str())),
        }
    }

    fn prune_override<'i>(
        &mut self,
        mut item: Spanned<DeValue<'i>>,
    ) -> Option<Spanned<DeValue<'i>>> {
        let span = item.span();
        let DeValue::Table(t) = item.get_mut() else {
            return self.error(
                span,
                must_be("overrides", "a table", item.get_ref().type_str()),
            );
        };
        if !t.contains_key("files") {
            let help = Some("for example: files = [\"archive/**\"]".to_string());
            self.error::<()>(span, ("an override needs `files`".into(), help));
        }
        self.prune(t, OVERRIDE, "overrides");
        Some(item)
    }
}

// Step 2: `lint.toml` as serde reads it.

#[derive(Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
struct File {
    files: FilesTable,
    rules: Rules,
    dates: DatesTable,
    images: ImagesTable,
    checkboxes: CheckboxesTable,
    changelog: ChangelogTable,
    overrides: Vec<OverrideTable>,
}

/// A value as written, with its span.
type Val = Spanned<Value>;
/// An array (`prune` removed other values), with the span of each item.
type Strings = Vec<Val>;
/// Severity by rule name.
type Rules = BTreeMap<String, Val>;

#[derive(Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
struct FilesTable {
    include: Option<Strings>,
    exclude: Option<Strings>,
    max_size: Option<Val>,
}

#[derive(Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
struct DatesTable {
    order: Option<Val>,
    format: Option<Val>,
    heading_level: Option<Val>,
    numeric_order: Option<Val>,
}

#[derive(Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
struct ImagesTable {
    require_tracked: Option<Val>,
    dirs: Option<Strings>,
    timeout_secs: Option<Val>,
}

#[derive(Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
struct CheckboxesTable {
    checked: Option<Val>,
    marker: Option<Val>,
}

#[derive(Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
struct ChangelogTable {
    files: Option<Strings>,
    change_types: Option<Spanned<Strings>>,
}

#[derive(Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
struct OverrideTable {
    files: Option<Strings>,
    rules: Rules,
    dates: DatesTable,
    checkboxes: CheckboxesTable,
}

// Step 3: from values as written to settings.

const SEVERITIES: &[(&str, Option<Severity>)] = &[
    ("error", Some(Severity::Error)),
    ("warn", Some(Severity::Warning)),
    ("warning", Some(Severity::Warning)),
    ("off", None),
];
const ORDERS: &[(&str, DateOrder)] = &[
    ("newest-first", DateOrder::NewestFirst),
    ("oldest-first", DateOrder::OldestFirst),
    ("auto", DateOrder::Auto),
];
const NUMERIC_ORDERS: &[(&str, NumericOrder)] = &[
    ("auto", NumericOrder::Auto),
    ("month-first", NumericOrder::MonthFirst),
    ("day-first", NumericOrder::DayFirst),
];
const CHECKED: &[(&str, char)] = &[("x", 'x'), ("X", 'X')];
const MARKERS: &[(&str, TaskMarker)] = &[
    ("consistent", TaskMarker::Consistent),
    ("-", TaskMarker::Bullet('-')),
    ("*", TaskMarker::Bullet('*')),
    ("+", TaskMarker::Bullet('+')),
];

impl Check {
    /// The config `file` describes (step 3).
    fn config(&mut self, file: &File) -> Config {
        let mut config = Config::default();
        let f = &file.files;
        if let Some((list, _)) = self.globs(&f.include, "files.include") {
            config.include = list;
        }
        if let Some((list, _)) = self.globs(&f.exclude, "files.exclude") {
            config.exclude = list;
        }
        if let Some(mb) = self.take(&f.max_size, number("files.max-size", 4096)) {
            config.max_size_mb = mb;
        }
        let base = self.patch(
            &file.rules,
            &file.dates,
            Some(&file.images),
            &file.checkboxes,
        );
        config.base.apply(&base);
        if let Some((_, files)) = self.globs(&file.changelog.files, "changelog.files") {
            config.changelog_files = (!files.is_empty()).then_some(files);
        }
        if let Some(types) = self.change_types(&file.changelog.change_types) {
            config.base.changelog = ChangelogSettings {
                change_types: types,
                ..config.base.changelog
            };
        }
        for o in &file.overrides {
            let patch = self.patch(&o.rules, &o.dates, None, &o.checkboxes);
            if let Some((_, files)) = self.globs(&o.files, "overrides.files") {
                config.overrides.push(Override { files, patch });
            }
        }
        config
    }

    fn patch(
        &mut self,
        rules: &Rules,
        d: &DatesTable,
        images: Option<&ImagesTable>,
        c: &CheckboxesTable,
    ) -> Patch {
        let none = ImagesTable::default(); // overrides cannot set `images`
        let i = images.unwrap_or(&none);
        let mut formats = vec![("auto", DateFormat::Auto)];
        formats.extend(DateForm::all().map(|f| (f.name(), DateFormat::Form(f))));
        let severities = rules.iter().filter_map(|(name, v)| {
            let index = registry::index_of(name)?; // `prune` removed the others
            Some((
                index,
                self.take(v, choice(&format!("rules.{name}"), SEVERITIES))?,
            ))
        });
        Patch {
            severities: severities.collect(),
            order: self.take(&d.order, choice("dates.order", ORDERS)),
            format: self.take(&d.format, choice("dates.format", &formats)),
            heading_level: self.take(&d.heading_level, heading_level),
            numeric_order: self.take(
                &d.numeric_order,
                choice("dates.numeric-order", NUMERIC_ORDERS),
            ),
            require_tracked: self.take(&i.require_tracked, |v| {
                v.as_bool()
                    .ok_or_else(|| must_be("images.require-tracked", "true or false", v.type_str()))
            }),
            dirs: self.folders(&i.dirs, "images.dirs"),
            timeout_secs: self.take(&i.timeout_secs, number("images.timeout-secs", 600)),
            checked: self.take(&c.checked, choice("checkboxes.checked", CHECKED)),
            marker: self.take(&c.marker, choice("checkboxes.marker", MARKERS)),
        }
    }

    /// `check` the value `v` (a `&Val`, or an `&Option<Val>` that may not
    /// be set), reporting it at its span if wrong.
    fn take<'v, T>(
        &mut self,
        v: impl Into<Option<&'v Val>>,
        check: impl FnOnce(&'v Value) -> Result<T, Wrong>,
    ) -> Option<T> {
        let v = v.into()?;
        check(v.get_ref()).map_or_else(|wrong| self.error(v.span(), wrong), Some)
    }

    /// The strings of a list, with their spans.
    fn strings<'v>(
        &mut self,
        list: &'v Option<Strings>,
        what: &str,
    ) -> Option<Vec<(&'v str, Range<usize>)>> {
        let string = |v: &'v Value| {
            v.as_str()
                .ok_or_else(|| must_be(what, "a string", v.type_str()))
        };
        let items = list.as_ref()?.iter();
        items
            .map(|item| Some((self.take(item, string)?, item.span())))
            .collect()
    }

    /// Folders of the project, relative to its root: none may lead out
    /// of it (what is outside is never listed).
    fn folders(&mut self, list: &Option<Strings>, what: &str) -> Option<Vec<String>> {
        let list = self.strings(list, what)?;
        let mut ok = true;
        for (dir, span) in &list {
            if leaves(dir) {
                let message = format!("`{what}` holds `{dir}`, outside the project root");
                let help = "name a folder inside the folder of lint.toml, such as `pic`";
                ok = self.error(span.clone(), (message, Some(help.to_string())));
            }
        }
        ok.then(|| list.iter().map(|(d, _)| d.to_string()).collect())
    }

    /// `changelog.change-types`: names, none empty, none twice (case
    /// aside: a heading matches its type whatever its case).
    fn change_types(&mut self, list: &Option<Spanned<Strings>>) -> Option<Vec<String>> {
        let what = "changelog.change-types";
        let list = list.as_ref()?;
        let span = list.span();
        let items = Some(list.get_ref().clone());
        let list = self.strings(&items, what)?;
        let mut ok = true;
        for (i, (name, span)) in list.iter().enumerate() {
            let trimmed = name.trim();
            let message = if trimmed.is_empty() {
                format!("`{what}` holds an empty name")
            } else if trimmed != *name {
                format!("`{what}` holds `{name}`, with spaces around it")
            } else if list[..i].iter().any(|(n, _)| n.eq_ignore_ascii_case(name)) {
                format!("`{what}` lists `{name}` twice")
            } else {
                continue;
            };
            ok = self.error(span.clone(), (message, None));
        }
        if list.is_empty() {
            let help = "to check no sub-heading, turn the rule off: [rules] change-type = \"off\"";
            let message =
                format!("`{what}` is empty: every sub-heading of a release would be reported");
            return self.error(span, (message, Some(help.to_string())));
        }
        ok.then(|| list.iter().map(|(n, _)| n.to_string()).collect())
    }

    fn globs(&mut self, list: &Option<Strings>, what: &str) -> Option<(Vec<String>, GlobSet)> {
        let list = self.strings(list, what)?;
        let mut builder = GlobSetBuilder::new();
        let mut ok = true;
        for (pattern, span) in &list {
            match glob(pattern) {
                Ok(g) => {
                    builder.add(g);
                }
                Err(e) => {
                    let message = format!("invalid glob `{pattern}`: {e}");
                    ok = self.error(span.clone(), (message, None));
                }
            }
        }
        let set = builder.build().ok()?;
        ok.then(|| (list.iter().map(|(p, _)| p.to_string()).collect(), set))
    }
}

/// Keep the entries of `table` that `keep` accepts.
fn retain<'i>(
    table: &mut DeTable<'i>,
    mut keep: impl FnMut(&Spanned<DeString<'i>>, &mut Spanned<DeValue<'i>>) -> bool,
) {
    let unwanted: Vec<_> = table
        .iter_mut()
        .filter_map(|(k, v)| (!keep(k, v)).then(|| k.clone()))
        .collect();
    for key in unwanted {
        table.remove(&key);
    }
}
