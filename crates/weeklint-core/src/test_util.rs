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

/// Lint `text` as the file `rel` under the project `root` (a real folder),
/// with only `rule` turned on; the run's current folder is `root`.
pub(crate) fn lint_in(
    root: &Path,
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
    env.root = root.to_path_buf();
    env.cwd = root.to_path_buf();
    let source = Source::new(text.to_string());
    let diags = lint_source(&source, &root.join(rel), &settings, &env);
    (source, diags)
}

/// Create `rel` under `root` with its folders.
pub(crate) fn touch(root: &Path, rel: &str) {
    let path = root.join(rel);
    if let Some(p) = path.parent() {
        std::fs::create_dir_all(p).unwrap();
    }
    std::fs::write(&path, b"\x89PNG").unwrap();
}

/// Run git in `dir`; panic with its stderr on failure.
pub(crate) fn git(dir: &Path, args: &[&str]) {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "-c",
            "user.name=weeklint",
            "-c",
            "user.email=weeklint@example.com",
        ])
        .args(args)
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_WORK_TREE")
        .output()
        .expect("git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
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

/// `text` after fixing with only `rule` on.
pub(crate) fn fixed(text: &str, rule: &str) -> String {
    fixed_with(text, rule, "")
}
