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

/// `weeklint` run in `dir`, with a fixed today, no color, and no git
/// repository or proxy from the environment (a test may run inside a git
/// hook, or behind a proxy that would answer for 127.0.0.1).
pub(crate) fn weeklint(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("weeklint").expect("no binary");
    cmd.current_dir(dir)
        .env("WEEKLINT_TODAY", TODAY)
        .env("NO_COLOR", "1")
        .env_remove("RAYON_NUM_THREADS");
    for var in [
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_INDEX_FILE",
        "HTTP_PROXY",
        "http_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "ALL_PROXY",
        "all_proxy",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

/// Run and return (exit code, stdout, stderr).
pub(crate) fn run(cmd: &mut Command) -> (i32, String, String) {
    let out: Output = cmd.output().expect("cannot run");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A temporary folder.
pub(crate) fn temp_dir() -> tempfile::TempDir {
    tempfile::tempdir().expect("tempdir")
}

/// A temporary folder with `files` written into it (`(relative path, content)`).
pub(crate) fn temp_tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = temp_dir();
    for (rel, content) in files {
        write(&dir.path().join(rel), content);
    }
    dir
}

/// Write `bytes` to `path`, creating folders.
pub(crate) fn write(path: &Path, bytes: impl AsRef<[u8]>) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("mkdir {parent:?}: {e}"));
    }
    std::fs::write(path, bytes).unwrap_or_else(|e| panic!("write {path:?}: {e}"));
}

/// Read `path` as text.
pub(crate) fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {path:?}: {e}"))
}

/// Copy folder `from` into `to`, as new (writable) files.
pub(crate) fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("mkdir {to:?}: {e}"));
    let entries = std::fs::read_dir(from).unwrap_or_else(|e| panic!("read_dir {from:?}: {e}"));
    for entry in entries {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            write(&target, std::fs::read(entry.path()).unwrap_or_default());
        }
    }
}

/// A copy of `examples/papers-weekly` in a temporary folder: the folder
/// and the copy's path.
pub(crate) fn example_journal() -> (tempfile::TempDir, PathBuf) {
    let tmp = temp_dir();
    let dest = tmp.path().join("papers-weekly");
    copy_tree(&repo_root().join("examples/papers-weekly"), &dest);
    (tmp, dest)
}

/// Run `git` in `dir` with a fixed identity and no user or system config,
/// outside any repository the tests run in; panics on failure.
pub(crate) fn git(dir: &Path, args: &[&str]) {
    let out = std::process::Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .output()
        .expect("git");
    assert!(
        out.status.success(),
        "git {args:?} failed in {dir:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}
