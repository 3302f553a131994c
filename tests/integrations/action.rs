//! The step of `action.yml` that runs weeklint (`action/run.sh`), with the
//! files GitHub Actions hands it.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use super::support::{TODAY, read, repo_root, temp_dir, write};

struct Step {
    code: i32,
    stdout: String,
    stderr: String,
    output: String,
    summary: String,
}

/// Run the step in `dir` with `args` as the `args` input.
fn run_step(dir: &Path, args: &str, sarif: &str, summary: bool) -> Step {
    let github = temp_dir();
    let output = github.path().join("output");
    let step_summary = github.path().join("summary");
    write(&step_summary, "earlier steps\n");
    let out = Command::new("bash")
        .arg(repo_root().join("action/run.sh"))
        .current_dir(dir)
        .env("WEEKLINT", assert_cmd::cargo::cargo_bin("weeklint"))
        .env("INPUT_ARGS", args)
        .env("INPUT_SARIF_FILE", sarif)
        .env("INPUT_SUMMARY", if summary { "true" } else { "false" })
        .env("GITHUB_OUTPUT", &output)
        .env("GITHUB_STEP_SUMMARY", &step_summary)
        .env("RUNNER_TEMP", github.path())
        .env("WEEKLINT_TODAY", TODAY)
        .env("NO_COLOR", "1")
        .output()
        .expect("bash");
    Step {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        output: std::fs::read_to_string(&output).unwrap_or_default(),
        summary: read(&step_summary),
    }
}

fn journals() -> tempfile::TempDir {
    let dir = temp_dir();
    write(
        &dir.path().join("my notes/week 1.md"),
        "# Log\n\n## 2023.6.18\n\n## 2023.5.22\n\n## 2023.6.10\n",
    );
    write(&dir.path().join("other.md"), "# Other\n\n##2023.1.1\n");
    dir
}

#[test]
fn annotates_summarises_writes_sarif_and_fails_on_errors() {
    let dir = journals();
    // Quotes keep a path with a space whole; only the named paths are linted.
    let step = run_step(
        dir.path(),
        "'my notes/week 1.md' --ignore heading-space",
        "weeklint.sarif",
        true,
    );
    assert_eq!(step.code, 1, "{}{}", step.stdout, step.stderr);
    assert_eq!(
        step.stdout,
        "::error file=my notes/week 1.md,line=7,col=4,endLine=7,endColumn=13,title=weeklint (date-order)::date 2023.6.10 is newer than the entry above it (2023.5.22)\n"
    );
    assert_eq!(step.output, "exit-code=1\n");
    assert!(
        step.summary
            .starts_with("earlier steps\n## weeklint\n\n❌ **1 error** in 1 of 1 file checked · 1 fixable with `weeklint check --fix`\n"),
        "{}",
        step.summary
    );
    let sarif: Value = serde_json::from_str(&read(&dir.path().join("weeklint.sarif"))).unwrap();
    let results = sarif["runs"][0]["results"].as_array().map_or(0, Vec::len);
    assert_eq!(results, 1);
}

#[test]
fn clean_tree_passes_and_writes_no_summary_when_asked_not_to() {
    let dir = temp_dir();
    write(&dir.path().join("log.md"), "# Log\n\n## 2023.6.18\n");
    let step = run_step(dir.path(), "", "", false);
    assert_eq!(step.code, 0, "{}", step.stderr);
    assert_eq!(step.stdout, "");
    assert_eq!(step.output, "exit-code=0\n");
    assert_eq!(step.summary, "earlier steps\n");
}

#[test]
fn exit_status_two_when_weeklint_cannot_lint() {
    let dir = journals();
    let step = run_step(dir.path(), "missing.md", "", true);
    assert_eq!(step.code, 2);
    assert_eq!(step.output, "exit-code=2\n");
    // A path that does not exist is a mistake in the `args` input, said in
    // the step's log, not an annotation of a file.
    assert_eq!(step.stdout, "");
    assert!(
        step.stderr
            .contains("weeklint: error: missing.md: no such file or directory\n"),
        "{}",
        step.stderr
    );
}

#[test]
fn unmatched_quote_in_args_is_an_error() {
    let dir = journals();
    let step = run_step(dir.path(), "'my notes", "", true);
    assert_eq!(step.code, 2);
    assert!(
        step.stdout
            .starts_with("::error title=weeklint::cannot split the args input"),
        "{}",
        step.stdout
    );
    assert_eq!(step.summary, "earlier steps\n");
}

#[test]
fn action_yml_runs_this_script_with_its_inputs() {
    let action = read(&repo_root().join("action.yml"));
    assert!(action.contains("  using: composite\n"));
    for input in [
        "args",
        "version",
        "path",
        "working-directory",
        "sarif-file",
        "summary",
    ] {
        assert!(action.contains(&format!("\n  {input}:\n")), "input {input}");
    }
    assert!(action.contains("uses: actions/cache@v4"));
    assert!(action.contains("run: bash \"$GITHUB_ACTION_PATH/action/run.sh\""));
    for env in [
        "WEEKLINT",
        "INPUT_ARGS",
        "INPUT_SARIF_FILE",
        "INPUT_SUMMARY",
    ] {
        assert!(action.contains(&format!("\n        {env}: ")), "env {env}");
    }
}
