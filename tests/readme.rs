//! The README's promises: its rule table matches the rules in the binary,
//! and its quick-start command is the one the tests run.

use crate::common::{repo_root, run, weeklint};

/// `(name, default, fix)` from the README's rule table.
fn readme_rules() -> Vec<(String, String, String)> {
    let text = std::fs::read_to_string(repo_root().join("README.md")).unwrap();
    let section = text
        .split("\n## Rules\n")
        .nth(1)
        .expect("README has no ## Rules section");
    section
        .lines()
        .filter(|l| l.starts_with("| `"))
        .map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            (
                cells[1].trim_matches('`').to_string(),
                cells[2].to_string(),
                cells[3].to_string(),
            )
        })
        .collect()
}

/// `(name, default, fix)` from `weeklint rule --all`.
fn binary_rules() -> Vec<(String, String, String)> {
    let (code, out, _) = run(weeklint(&repo_root()).args(["rule", "--all"]));
    assert_eq!(code, 0);
    let lines: Vec<&str> = out.lines().collect();
    lines
        .windows(3)
        .filter_map(|w| {
            let name = w[0].strip_prefix("# ")?;
            let meta = w[2].strip_prefix("Default severity: ")?;
            let (severity, fix) = meta.split_once(". Fix: ")?;
            // `safe (applied by --fix).` → `safe`; `none.` → `none`.
            let fix = fix.split(" (").next()?.trim_end_matches('.');
            Some((name.to_string(), severity.to_string(), fix.to_string()))
        })
        .collect()
}

#[test]
fn readme_rule_table_matches_the_registry() {
    let readme = readme_rules();
    assert!(!readme.is_empty());
    assert_eq!(readme, binary_rules());
}

#[test]
fn readme_quick_start_runs_the_example_and_the_test_suite() {
    let text = std::fs::read_to_string(repo_root().join("README.md")).unwrap();
    assert!(text.contains("cargo run --release -- check examples/papers-weekly"));
    let ci = std::fs::read_to_string(repo_root().join(".ci/run")).unwrap();
    let command = "cargo test --workspace";
    assert!(text.contains(command) && ci.contains(command));
}

#[test]
fn the_projects_own_markdown_passes_its_lint_toml_as_ci_runs_it() {
    // Every fixture folder is broken on purpose, the core crate's too.
    let (code, out, err) =
        run(weeklint(&repo_root()).args(["check", "--offline", "--output-format", "concise", "."]));
    assert_eq!(code, 0, "{out}{err}");
}
