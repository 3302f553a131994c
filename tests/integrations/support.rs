//! Helpers for the integration tests, on top of the shared ones.

use std::path::PathBuf;

use assert_cmd::Command;

pub(crate) use crate::common::{TODAY, copy_tree, read, repo_root, temp_dir, weeklint, write};

/// `tests/fixtures/integrations/REL`.
pub(crate) fn fixture(rel: &str) -> PathBuf {
    repo_root().join("tests/fixtures/integrations").join(rel)
}

/// Exit code, stdout and stderr.
pub(crate) struct Run {
    pub(crate) code: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

/// Run `cmd` to the end.
pub(crate) fn run(cmd: &mut Command) -> Run {
    let (code, stdout, stderr) = crate::common::run(cmd);
    Run {
        code,
        stdout,
        stderr,
    }
}
