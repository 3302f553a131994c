//! Helpers for the integration tests.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// Today, as far as `future-date` is concerned.
pub(crate) const TODAY: &str = "2024-01-10";

/// The project checkout (where the root `Cargo.toml` is).
pub(crate) fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/fixtures/integrations/REL`.
pub(crate) fn fixture(rel: &str) -> PathBuf {
    repo_root().join("tests/fixtures/integrations").join(rel)
}

/// `weeklint` run in `dir` with a fixed today and no color.
pub(crate) fn weeklint(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("weeklint").unwrap_or_else(|e| panic!("no binary: {e}"));
    cmd.current_dir(dir)
        .env("WEEKLINT_TODAY", TODAY)
        .env("NO_COLOR", "1");
    cmd
}

/// Exit code, stdout and stderr.
pub(crate) struct Run {
    pub(crate) code: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

/// Run `cmd` to the end.
pub(crate) fn run(cmd: &mut Command) -> Run {
    let out = cmd.output().unwrap_or_else(|e| panic!("cannot run: {e}"));
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A temporary folder.
pub(crate) fn temp_dir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"))
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

/// Copy the files of folder `from` (not recursively into hidden folders)
/// into `to`.
pub(crate) fn copy_tree(from: &Path, to: &Path) {
    let entries = std::fs::read_dir(from).unwrap_or_else(|e| panic!("read_dir {from:?}: {e}"));
    for entry in entries {
        let entry = entry.unwrap_or_else(|e| panic!("{e}"));
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            write(&target, std::fs::read(entry.path()).unwrap_or_default());
        }
    }
}
