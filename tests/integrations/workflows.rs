//! The GitHub workflows and the action's metadata against the schemas
//! GitHub's files are checked with (SchemaStore's, as check-jsonschema
//! from PyPI ships them: no network), and the release workflow's steps
//! against the commands the tests run.

use std::process::Command;

use super::distribution::{ok, runs, skip};
use super::support::{read, repo_root};

#[test]
fn workflows_and_action_yml_match_githubs_schemas() {
    if !runs("check-jsonschema", &["--version"]) {
        return skip("check-jsonschema is not on PATH: pip install check-jsonschema");
    }
    let root = repo_root();
    let mut workflows: Vec<_> = std::fs::read_dir(root.join(".github/workflows"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yml" || e == "yaml"))
        .collect();
    workflows.sort();
    assert!(workflows.len() >= 2, "{workflows:?}");
    ok(Command::new("check-jsonschema")
        .args(["--builtin-schema", "vendor.github-workflows"])
        .args(&workflows)
        .current_dir(&root));
    ok(Command::new("check-jsonschema")
        .args(["--builtin-schema", "vendor.github-actions", "action.yml"])
        .current_dir(&root));
}

#[test]
fn the_release_workflow_runs_the_commands_the_tests_run() {
    let release = read(&repo_root().join(".github/workflows/release.yml"));
    // On a version tag, and by hand as a dry run that publishes nothing.
    assert!(release.contains("  push:\n    tags: [\"v[0-9]+.[0-9]+.[0-9]+*\"]\n"));
    assert!(release.contains("\n  workflow_dispatch:\n"));
    for publish in ["pypi:", "crates:", "pre-commit-mirror:"] {
        let job = release
            .split(&format!("\n  {publish}\n"))
            .nth(1)
            .unwrap_or_else(|| panic!("no job {publish}"));
        let job = job.split("\n\n  ").next().unwrap();
        assert!(
            job.contains("    if: github.event_name == 'push'\n"),
            "{publish} runs on a dry run too"
        );
    }
    assert!(
        release
            .contains("        if: github.event_name == 'push'\n        env:\n          GH_TOKEN:")
    );
    // Every platform the issue names.
    for target in [
        "x86_64-unknown-linux-gnu",
        "aarch64-unknown-linux-gnu",
        "x86_64-unknown-linux-musl",
        "aarch64-unknown-linux-musl",
        "x86_64-apple-darwin",
        "aarch64-apple-darwin",
        "x86_64-pc-windows-msvc",
    ] {
        assert!(
            release.contains(&format!("target: {target},"))
                || release.contains(&format!("target: {target} }}")),
            "{target}"
        );
    }
    // The archives and their sums as action_download.rs lays them out.
    assert!(release.contains("python release/archive.py pack --target \"$TARGET\""));
    assert!(release.contains("python3 release/archive.py sums archives"));
    // The crates in dependency order.
    assert!(release.contains("for crate in weeklint-core weeklint-env weeklint-cli weeklint; do"));
    // Trusted publishing: an OIDC token, no PyPI password.
    assert!(release.contains("id-token: write"));
    assert!(release.contains("uses: pypa/gh-action-pypi-publish@release/v1"));
}
