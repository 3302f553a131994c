//! The language server, driven through the protocol by a real client of
//! its own: pytest-lsp runs the suite in `tests/lsp/` against the binary.
//!
//! It needs Python with pytest-lsp and pytest-timeout
//! (`.ci/requirements.txt`, which `.ci/run` installs). Without Python the
//! test is skipped and says so; with Python but without them, it fails: a
//! suite that cannot run must not pass.

use std::io::ErrorKind;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{repo_root, temp_dir};

/// The whole suite takes seconds; pytest-timeout ends a hung test after
/// 60. This is the last guard: past it, pytest and its servers are killed.
const SUITE_LIMIT: Duration = Duration::from_secs(600);

/// The Python that runs the suite: `PYTHON`, else `python3`.
fn python() -> String {
    std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_string())
}

#[test]
fn the_language_server_passes_its_protocol_suite() {
    let python = python();
    let has_client = match Command::new(&python)
        .args(["-c", "import pytest_lsp, pytest_timeout"])
        .output()
    {
        Ok(out) => out.status.success(),
        Err(e) if e.kind() == ErrorKind::NotFound => {
            eprintln!(
                "skipped: the language server's protocol suite needs Python \
                 (`{python}` is not on PATH; set PYTHON to use another)"
            );
            return;
        }
        Err(e) => panic!("cannot run {python}: {e}"),
    };
    assert!(
        has_client,
        "the language server's protocol suite needs pytest-lsp and pytest-timeout: \
         {python} -m pip install -r .ci/requirements.txt (.ci/run does)"
    );
    // Into files, not pipes: nothing waits on a full pipe, and what was
    // printed before a kill is still there to show.
    let logs = temp_dir();
    let out_path = logs.path().join("pytest.out");
    let out = std::fs::File::create(&out_path).expect("log file");
    let err = out.try_clone().expect("log file");
    let mut child = Command::new(&python)
        .args(["-m", "pytest", "-q", "tests/lsp"])
        .current_dir(repo_root())
        .env("WEEKLINT_BIN", env!("CARGO_BIN_EXE_weeklint"))
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .spawn()
        .expect("cannot run pytest");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("pytest") {
            break Some(status);
        }
        if started.elapsed() > SUITE_LIMIT {
            // The servers read pytest's pipes: they end with it.
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let report = std::fs::read_to_string(&out_path).unwrap_or_default();
    match status {
        Some(status) => assert!(status.success(), "{report}"),
        None => panic!(
            "the protocol suite ran for more than {} s and was stopped:\n{report}",
            SUITE_LIMIT.as_secs()
        ),
    }
}
