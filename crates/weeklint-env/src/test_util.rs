//! Helpers for unit tests: real folders, real git, the rules run on them.

use std::path::Path;
use std::sync::Arc;

use weeklint_core::fs::FsView;
use weeklint_core::{Config, Diagnostic, LintEnv, NaiveDate, Source, lint_source};

/// Today for tests, and no files: each test sets the view it needs.
pub(crate) fn env() -> LintEnv {
    LintEnv::new(
        NaiveDate::from_ymd_opt(2024, 1, 10).unwrap(),
        "/nonexistent-root",
        Arc::new(weeklint_core::fs::MemoryFs::new()),
    )
}

/// Lint `text` as the file `rel` under `root` with only `rule` on, the
/// file system seen through `view`.
pub(crate) fn lint_with(
    view: Arc<dyn FsView>,
    root: &Path,
    rel: &str,
    text: &str,
    rule: &str,
    config: &str,
) -> (Source, Vec<Diagnostic>) {
    let cfg = Config::parse(config).expect("bad test config");
    let mut settings = cfg.settings_for(rel);
    let index = weeklint_core::registry::index_of(rule).expect("no such rule");
    settings.apply_selection(Some(&[index]), &[]);
    let mut env = env();
    env.root = root.to_path_buf();
    env.cwd = root.to_path_buf();
    env.fs = view;
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
