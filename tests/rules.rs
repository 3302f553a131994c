//! Each rule's fixture under `crates/weeklint-core/tests/fixtures/rules/RULE.md`, linted with
//! only that rule on; the rendered diagnostics are snapshotted.

use crate::common::{repo_root, run, weeklint};

/// Rule names as `weeklint rule --all` prints them (`# NAME` lines).
fn rule_names() -> Vec<String> {
    let (code, out, _) = run(weeklint(&repo_root()).args(["rule", "--all"]));
    assert_eq!(code, 0);
    // A rule's header is `# NAME`, a blank line, then `Default severity: …`
    // (rule docs have `# …` lines of their own inside examples).
    let lines: Vec<&str> = out.lines().collect();
    lines
        .windows(3)
        .filter(|w| w[2].starts_with("Default severity:"))
        .filter_map(|w| w[0].strip_prefix("# "))
        .map(str::to_string)
        .collect()
}

/// The rule fixtures, shared with the core's fix harness.
const FIXTURES: &str = "crates/weeklint-core/tests/fixtures/rules";

/// Lint the fixture of `name` with only that rule on: `RULE.md`, or the
/// folder `RULE/` linted as a project of its own from inside it.
fn lint_fixture(name: &str) -> (i32, String, String) {
    let file = repo_root().join(FIXTURES).join(format!("{name}.md"));
    let dir = repo_root().join(FIXTURES).join(name);
    if dir.is_dir() {
        return run(weeklint(&dir).args(["check", "--select", name, "."]));
    }
    assert!(
        file.is_file(),
        "rule {name} has no fixture {file:?} or {dir:?}"
    );
    run(weeklint(&repo_root()).args([
        "check",
        "--isolated",
        "--select",
        name,
        &format!("{FIXTURES}/{name}.md"),
    ]))
}

#[test]
fn every_rule_has_a_fixture_and_a_snapshot() {
    let names = rule_names();
    assert!(names.len() >= 16, "{names:?}");
    for name in names {
        let (code, out, err) = lint_fixture(&name);
        assert!(err.is_empty(), "{name}: stderr: {err}");
        assert!(code == 0 || code == 1, "{name}: exit {code}");
        assert!(
            out.contains(&format!("[{name}]")),
            "{name}: its fixture triggers nothing:\n{out}"
        );
        insta::assert_snapshot!(format!("rule_{name}"), out);
    }
}

#[test]
fn rule_without_a_name_lists_the_rules() {
    let (code, out, err) = run(weeklint(&repo_root()).arg("rule"));
    assert_eq!((code, err.as_str()), (0, ""));
    let lines: Vec<&str> = out.lines().collect();
    let names = rule_names();
    // A line per rule: name, default severity, what it checks.
    assert_eq!(lines.len(), names.len() + 3, "{out}");
    for (line, name) in lines.iter().zip(&names) {
        assert!(line.starts_with(&format!("{name} ")), "{line}");
    }
    assert_eq!(
        lines[0],
        "date-order           error  Checks that sibling dated sections follow one date order"
    );
    assert_eq!(
        lines[names.len()..],
        [
            "",
            "`weeklint rule NAME` shows a rule's documentation; `weeklint rule --all` shows them all.",
            "lint.toml sets a rule's severity under [rules]: \"error\", \"warn\" (or \"warning\"), or \"off\".",
        ]
    );
    insta::assert_snapshot!("rule_list", out);
}
