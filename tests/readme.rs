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

/// The section of the README under the heading `## {title}`.
fn readme_section(title: &str) -> String {
    let text = std::fs::read_to_string(repo_root().join("README.md")).unwrap();
    let start = text
        .find(&format!("\n## {title}\n"))
        .unwrap_or_else(|| panic!("README has no ## {title} section"));
    let rest = &text[start + 1..];
    let end = rest[3..].find("\n## ").map_or(rest.len(), |i| i + 3);
    rest[..end].to_string()
}

#[test]
fn readme_lists_every_severity_spelling_lint_toml_takes() {
    let config = readme_section("Configuration");
    let line = config
        .lines()
        .find(|l| l.starts_with("[rules]"))
        .expect("no [rules] line");
    let comment = line.split_once('#').expect("no comment").1;
    let listed: Vec<&str> = comment.split('"').skip(1).step_by(2).collect();
    assert_eq!(listed, ["error", "warn", "warning", "off"], "{line}");
    let dir = crate::common::temp_tree(&[("log.md", "# A\n\n# B\n")]);
    for severity in listed {
        crate::common::write(
            &dir.path().join("lint.toml"),
            format!("[rules]\nsingle-title = \"{severity}\"\n"),
        );
        let (code, _, err) = run(weeklint(dir.path()).args(["--output-format", "concise"]));
        let want = if severity == "error" { 1 } else { 0 };
        assert_eq!(code, want, "{severity}: {err}");
    }
}

#[test]
fn readme_says_how_to_pin_a_commit_until_the_release() {
    for (section, pin, commit_pin) in [
        ("Use as a git hook", "rev: v0.1.0", "`rev: <commit sha>`"),
        (
            "On pull requests",
            "uses: weeklint/weeklint@v0.1.0",
            "`uses: weeklint/weeklint@<commit sha>`",
        ),
    ] {
        let text = readme_section(section);
        let at = text.find(pin).unwrap_or_else(|| panic!("no `{pin}`"));
        // The paragraph right after the snippet.
        let after = &text[at..];
        let close = after.find("```\n").expect("snippet not closed") + 4;
        let paragraph = after[close..]
            .trim_start()
            .split("\n\n")
            .next()
            .unwrap_or_default();
        assert!(
            paragraph.contains("release tag") && paragraph.contains(commit_pin),
            "after `{pin}`: {paragraph}"
        );
    }
}

/// A day after the README's example releases (the tests' today is
/// earlier).
const TODAY: &str = "2024-06-01";

/// The fenced blocks of a README section, in order, without their fences.
fn fenced_blocks(section: &str) -> Vec<String> {
    section
        .split("\n```")
        .skip(1)
        .step_by(2)
        .map(|b| b.split_once('\n').map_or("", |(_, body)| body).to_string() + "\n")
        .collect()
}

#[test]
fn readme_changelog_example_shows_what_weeklint_reports_and_fixes() {
    // Up to the next section: its examples hold `## ` lines of their own.
    let text = std::fs::read_to_string(repo_root().join("README.md")).unwrap();
    let section = text
        .split_once("\n## Changelogs\n")
        .and_then(|(_, rest)| rest.split_once("\n## Rules\n"))
        .expect("README has ## Changelogs before ## Rules")
        .0;
    let blocks = fenced_blocks(section);
    let [before, report, after] = &blocks[..] else {
        panic!("the Changelogs section has a before, a report and an after: {blocks:?}");
    };
    let dir = crate::common::temp_tree(&[("CHANGELOG.md", before)]);
    let (_, out, err) = run(weeklint(dir.path()).env("WEEKLINT_TODAY", TODAY).args([
        "check",
        "--isolated",
        "--output-format",
        "concise",
        "CHANGELOG.md",
    ]));
    let shown = report
        .strip_prefix("$ weeklint check --output-format concise CHANGELOG.md\n")
        .expect("the report starts with its command");
    assert_eq!(out, shown, "{err}");
    // The fixes, then the two definitions the help suggests.
    let (code, _, err) = run(weeklint(dir.path()).env("WEEKLINT_TODAY", TODAY).args([
        "check",
        "--isolated",
        "--unsafe-fixes",
    ]));
    assert_eq!(code, 1, "{err}");
    let fixed = crate::common::read(&dir.path().join("CHANGELOG.md"));
    let links = "[Unreleased]: https://github.com/o/r/compare/v1.2.0...HEAD\n";
    let defined = fixed.replacen("[1.2.0]:", &format!("{links}[1.2.0]:"), 1)
        + "[1.0.0]: https://github.com/o/r/releases/tag/v1.0.0\n";
    assert_eq!(&defined, after);
    let dir = crate::common::temp_tree(&[("CHANGELOG.md", after)]);
    let (code, out, _) = run(weeklint(dir.path())
        .env("WEEKLINT_TODAY", TODAY)
        .args(["check", "--isolated"]));
    assert_eq!((code, out.as_str()), (0, "no problems in 1 file\n"));
}
