//! The language server, driven through the protocol by a real client of
//! its own: pytest-lsp runs the suite in `tests/lsp/` against the binary.

use std::process::Command;

use crate::common::repo_root;

/// The Python that runs the suite: `PYTHON`, else `python3`.
fn python() -> String {
    std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_string())
}

#[test]
fn the_language_server_passes_its_protocol_suite() {
    let has_client = Command::new(python())
        .args(["-c", "import pytest_lsp"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_client {
        // CI installs it (.ci/run): there, its absence is a failure.
        assert!(
            std::env::var_os("CI").is_none(),
            "pytest-lsp is not installed; .ci/run installs it"
        );
        eprintln!(
            "skipped: the language server's suite needs pytest-lsp (pip install pytest-lsp)"
        );
        return;
    }
    let out = Command::new(python())
        .args(["-m", "pytest", "-q", "tests/lsp"])
        .current_dir(repo_root())
        .env("WEEKLINT_BIN", env!("CARGO_BIN_EXE_weeklint"))
        .output()
        .expect("cannot run pytest");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{report}");
}
