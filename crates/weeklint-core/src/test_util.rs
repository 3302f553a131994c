//! Helpers for unit tests: lint a snippet, get `(rule, line, column)`.

use std::path::Path;

use crate::config::{Config, Settings};
use crate::linter::{LintEnv, lint_source};
use crate::source::Source;
use crate::{Diagnostic, NaiveDate};

pub(crate) fn env() -> LintEnv {
    LintEnv::new(
        NaiveDate::from_ymd_opt(2024, 1, 10).unwrap_or_default(),
        "/nonexistent-root",
        std::sync::Arc::new(crate::fs::MemoryFs::new()),
    )
}

/// Lint `text` with `config` (TOML) and only `rule` turned on.
pub(crate) fn lint_with(text: &str, rule: &str, config: &str) -> (Source, Vec<Diagnostic>) {
    let cfg = Config::parse(config).expect("bad test config");
    let mut settings: Settings = cfg.settings_for("test.md");
    let index = crate::registry::index_of(rule).unwrap_or_else(|| panic!("no rule {rule}"));
    settings.apply_selection(Some(&[index]), &[]);
    let source = Source::new(text.to_string());
    let diags = lint_source(&source, Path::new("test.md"), &settings, &env());
    (source, diags)
}

/// `(line, column)` of each diagnostic of `rule` in `text`.
pub(crate) fn positions(text: &str, rule: &str) -> Vec<(usize, usize)> {
    positions_with(text, rule, "")
}

/// `(line, column)` of each diagnostic, with a config.
pub(crate) fn positions_with(text: &str, rule: &str, config: &str) -> Vec<(usize, usize)> {
    let (source, diags) = lint_with(text, rule, config);
    diags
        .iter()
        .map(|d| {
            let lc = source.line_col(d.span.start);
            (lc.line, lc.column)
        })
        .collect()
}

/// The messages of each diagnostic of `rule` in `text`.
pub(crate) fn messages(text: &str, rule: &str) -> Vec<String> {
    lint_with(text, rule, "")
        .1
        .into_iter()
        .map(|d| d.message)
        .collect()
}

/// Lint `text` as the file `rel` under the project `root`, with the
/// files of `fs` around it and only `rule` turned on; the run's current
/// folder is `root`.
pub(crate) fn lint_in(
    fs: crate::fs::MemoryFs,
    root: &str,
    rel: &str,
    text: &str,
    rule: &str,
    config: &str,
) -> (Source, Vec<Diagnostic>) {
    let cfg = Config::parse(config).expect("bad test config");
    let mut settings: Settings = cfg.settings_for(rel);
    let index = crate::registry::index_of(rule).unwrap_or_else(|| panic!("no rule {rule}"));
    settings.apply_selection(Some(&[index]), &[]);
    let mut env = env();
    env.root = root.into();
    env.cwd = root.into();
    env.fs = std::sync::Arc::new(fs);
    let source = Source::new(text.to_string());
    let diags = lint_source(&source, &Path::new(root).join(rel), &settings, &env);
    (source, diags)
}

/// [`lint_in`] for `text` as the project's `CHANGELOG.md`, with no other
/// files around it.
pub(crate) fn lint_changelog(text: &str, rule: &str, config: &str) -> (Source, Vec<Diagnostic>) {
    lint_in(
        crate::fs::MemoryFs::new(),
        "/r",
        "CHANGELOG.md",
        text,
        rule,
        config,
    )
}

/// `text` after fixing with only `rule` on (safe fixes), to a fixed point.
pub(crate) fn fixed_with(text: &str, rule: &str, config: &str) -> String {
    let cfg = Config::parse(config).expect("bad test config");
    let mut settings: Settings = cfg.settings_for("test.md");
    let index = crate::registry::index_of(rule).unwrap_or_else(|| panic!("no rule {rule}"));
    settings.apply_selection(Some(&[index]), &[]);
    let source = Source::new(text.to_string());
    let fixed = crate::fix::fix_source(
        &source,
        Path::new("test.md"),
        &settings,
        &env(),
        crate::fix::FixMode::Safe,
    )
    .unwrap();
    fixed.source.into_text()
}

/// `text`, the file `rel`, after fixing with only `rule` on (safe fixes),
/// to a fixed point.
pub(crate) fn fixed_in(rel: &str, text: &str, rule: &str, config: &str) -> String {
    let cfg = Config::parse(config).expect("bad test config");
    let mut settings: Settings = cfg.settings_for(rel);
    let index = crate::registry::index_of(rule).unwrap_or_else(|| panic!("no rule {rule}"));
    settings.apply_selection(Some(&[index]), &[]);
    let source = Source::new(text.to_string());
    let fixed = crate::fix::fix_source(
        &source,
        Path::new(rel),
        &settings,
        &env(),
        crate::fix::FixMode::Safe,
    )
    .unwrap();
    fixed.source.into_text()
}

/// `text` after fixing with only `rule` on.
pub(crate) fn fixed(text: &str, rule: &str) -> String {
    fixed_with(text, rule, "")
}
