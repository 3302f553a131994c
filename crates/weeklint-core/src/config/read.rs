//! Reading `lint.toml` in three steps (see the parent module): prune
//! what serde cannot read, let serde read the rest, check each value.

use std::collections::BTreeMap;
use std::ops::Range;

use globset::{GlobSet, GlobSetBuilder};
use serde::Deserialize;
use toml::de::{DeArray, DeString, DeTable, DeValue, Deserializer};
use toml::{Spanned, Value};

use super::{
    Config, ConfigError, DateFormat, DateOrder, NumericOrder, Override, Patch, TaskMarker, glob,
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

/// Whether the relative folder `dir` is absolute, or leads out of the
/// folder it is relative to.
fn leaves(dir: &str) -> bool {
    if dir.starts_with(['/', '\\']) || std::path::Path::new(dir).is_absolute() {
        return true;
    }
    let mut depth = 0usize;
    for part in dir.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." if depth == 0 => return true,
            ".." => depth -= 1,
            _ => depth += 1,
        }
    }
    false
}

/// What is wrong with a value: the message and a help.
type Wrong = (String, Option<String>);

fn must_be(what: &str, kind: &str, found: &str) -> Wrong {
    (format!("`{what}` must be {kind}, not {found}"), None)
}

fn did_you_mean(name: &str) -> String {
    format!("did you mean `{name}`?")
}

/// The check of `what`: one of `options`, by name.
fn choice<'a, T: Copy>(
    what: &'a str,
    options: &'a [(&str, T)],
) -> impl FnOnce(&Value) -> Result<T, Wrong> + 'a {
    move |v| {
        let s = v
            .as_str()
            .ok_or_else(|| must_be(what, "a string", v.type_str()))?;
        if let Some(&(_, t)) = options.iter().find(|(name, _)| *name == s) {
            return Ok(t);
        }
        let names = options.iter().map(|(name, _)| *name);
        let all = || {
            format!(
                "expected one of: {}",
                names.clone().collect::<Vec<_>>().join(", ")
            )
        };
        let help = closest(s, names.clone()).map_or_else(all, did_you_mean);
        Err((
            format!("`{s}` is not a valid value for `{what}`"),
            Some(help),
        ))
    }
}

/// The check of `what`: a whole number from 1 to `max`.
fn number(what: &str, max: u64) -> impl FnOnce(&Value) -> Result<u64, Wrong> + '_ {
    move |v| match v.as_integer().map(u64::try_from) {
        Some(Ok(n @ 1..)) if n <= max => Ok(n),
        Some(Ok(1..)) => Err((format!("`{what}` must be 1 to {max}"), None)),
        _ => {
            let help = Some(format!("from 1 to {max}"));
            Err((format!("`{what}` must be a positive whole number"), help))
        }
    }
}

/// The check of `dates.heading-level`: `None` is `auto`.
fn heading_level(v: &Value) -> Result<Option<u8>, Wrong> {
    let help = match v {
        Value::String(s) if s == "auto" => return Ok(None),
        &Value::Integer(n @ 1..=6) => return Ok(Some(n as u8)),
        Value::Integer(_) => None,
        _ => Some("for example: heading-level = 2".to_string()),
    };
    let message = "`dates.heading-level` must be 1 to 6, or \"auto\"";
    Err((message.to_string(), help))
}

/// Numbers beyond `i64` or `f64` are not TOML, but the parser reads them
/// and serde cannot: each becomes the nearest number it can read, refused
/// by every check all the same.
fn readable(v: &mut DeValue<'_>) {
    let nearest = match v {
        DeValue::Integer(n) if i64::from_str_radix(n.as_str(), n.radix()).is_err() => {
            if n.as_str().starts_with('-') {
                "-9223372036854775808"
            } else {
                "9223372036854775807"
            }
        }
        DeValue::Float(f) if f.as_str().parse::<f64>().map_or(true, f64::is_infinite) => "inf",
        DeValue::Array(items) => return items.iter_mut().for_each(|i| readable(i.get_mut())),
        DeValue::Table(t) => return t.iter_mut().for_each(|(_, v)| readable(v.get_mut())),
        _ => return,
    };
    if let Ok(number) = DeValue::parse(nearest) {
        *v = number.into_inner();
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
