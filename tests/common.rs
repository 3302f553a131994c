//! Helpers shared by the end-to-end tests.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

/// Today, as far as `future-date` is concerned, in every test.
pub(crate) const TODAY: &str = "2024-01-10";

/// The project checkout (where `Cargo.toml` is).
pub(crate) fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `weeklint` run in `dir`, with a fixed today, no color and no config
/// from outside `dir`'s ancestors influencing the environment.
pub(crate) fn weeklint(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("weeklint").unwrap_or_else(|e| panic!("no binary: {e}"));
    cmd.current_dir(dir)
        .env("WEEKLINT_TODAY", TODAY)
        .env("NO_COLOR", "1")
        .env_remove("RAYON_NUM_THREADS");
    cmd
}

/// Run and return (exit code, stdout, stderr).
pub(crate) fn run(cmd: &mut Command) -> (i32, String, String) {
    let out: Output = cmd.output().unwrap_or_else(|e| panic!("cannot run: {e}"));
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A temporary folder with `files` written into it (`(relative path, content)`).
pub(crate) fn temp_tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    for (rel, content) in files {
        write(&dir.path().join(rel), content.as_bytes());
    }
    dir
}

/// Write `bytes` to `path`, creating folders.
pub(crate) fn write(path: &Path, bytes: &[u8]) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("mkdir {parent:?}: {e}"));
    }
    std::fs::write(path, bytes).unwrap_or_else(|e| panic!("write {path:?}: {e}"));
}

/// Run `git` in `dir`, panicking on failure.
pub(crate) fn git(dir: &Path, args: &[&str]) {
    let status = std::process::Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .status()
        .unwrap_or_else(|e| panic!("git: {e}"));
    assert!(status.success(), "git {args:?} failed in {dir:?}");
}
