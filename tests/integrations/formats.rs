//! `--output-format github`, `sarif` and `summary` end to end.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

use super::support::{copy_tree, fixture, read, repo_root, run, temp_dir, weeklint, write};

/// The journal fixture (every rule fires at least once) in a temporary
/// folder, with a binary file for an `io-error`.
fn journal_tree() -> tempfile::TempDir {
    let dir = temp_dir();
    copy_tree(&fixture("journal"), dir.path());
    write(&dir.path().join("broken.md"), b"# a\n\0binary");
    dir
}

fn sarif(dir: &Path) -> (i32, String, Value) {
    let r = run(weeklint(dir).args(["check", "--offline", "--output-format", "sarif", "."]));
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    let log: Value =
        serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("not JSON: {e}\n{}", r.stdout));
    (r.code, r.stdout, log)
}

fn rule_names() -> Vec<String> {
    let r = run(weeklint(&repo_root()).args(["rule", "--all"]));
    // Each rule's page starts `# NAME`, a blank line, `Default severity: …`.
    let lines: Vec<&str> = r.stdout.lines().collect();
    lines
        .windows(3)
        .filter(|w| w[1].is_empty() && w[2].starts_with("Default severity:"))
        .filter_map(|w| w[0].strip_prefix("# "))
        .map(str::to_string)
        .collect()
}

fn str_at<'a>(v: &'a Value, pointer: &str) -> &'a str {
    v.pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("no string at {pointer} in {v}"))
}

fn u64_at(v: &Value, pointer: &str) -> u64 {
    v.pointer(pointer)
        .and_then(Value::as_u64)
        .unwrap_or_else(|| panic!("no number at {pointer} in {v}"))
}

#[test]
fn sarif_of_a_multi_rule_journal_matches_the_official_schema() {
    let dir = journal_tree();
    let (code, _, log) = sarif(dir.path());
    assert_eq!(code, 2, "an io-error exits 2");

    let schema: Value = serde_json::from_str(&read(
        &repo_root().join("tests/fixtures/sarif-schema-2.1.0.json"),
    ))
    .expect("schema");
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("schema does not compile");
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "invalid SARIF:\n{}", errors.join("\n"));
    // The schema bites: a level SARIF does not know is rejected.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(!validator.is_valid(&broken));

    assert_eq!(str_at(&log, "/version"), "2.1.0");
    assert_eq!(log["runs"].as_array().map(Vec::len), Some(1));
    let run = &log["runs"][0];
    assert_eq!(str_at(run, "/columnKind"), "unicodeCodePoints");
    assert_eq!(str_at(run, "/tool/driver/name"), "weeklint");
    assert_eq!(
        str_at(run, "/tool/driver/version"),
        env!("CARGO_PKG_VERSION")
    );
    assert!(str_at(run, "/tool/driver/informationUri").starts_with("https://"));

    // Every rule of the registry, in its order, then io-error.
    let rules = run["tool"]["driver"]["rules"].as_array().expect("no rules");
    let ids: Vec<&str> = rules.iter().map(|r| str_at(r, "/id")).collect();
    let mut expected = rule_names();
    expected.push("io-error".to_string());
    assert_eq!(ids, expected);
    for r in rules {
        let id = str_at(r, "/id");
        assert!(!str_at(r, "/shortDescription/text").is_empty(), "{id}");
        assert!(!str_at(r, "/fullDescription/text").is_empty(), "{id}");
        assert!(
            str_at(r, "/help/markdown").contains("## Why is this bad?"),
            "{id}"
        );
        assert!(!str_at(r, "/help/text").is_empty(), "{id}");
        assert!(
            ["error", "warning"].contains(&str_at(r, "/defaultConfiguration/level")),
            "{id}"
        );
    }
    let date_order = &rules[0];
    assert_eq!(str_at(date_order, "/id"), "date-order");
    assert_eq!(str_at(date_order, "/defaultConfiguration/level"), "error");

    // Results: every rule fired, each pointing at its own descriptor.
    let results = run["results"].as_array().expect("no results");
    let mut fired = BTreeSet::new();
    for result in results {
        let id = str_at(result, "/ruleId");
        let index = usize::try_from(u64_at(result, "/ruleIndex")).unwrap_or(usize::MAX);
        assert_eq!(str_at(&rules[index], "/id"), id);
        assert_eq!(
            str_at(
                result,
                "/locations/0/physicalLocation/artifactLocation/uriBaseId"
            ),
            "%SRCROOT%"
        );
        assert!(result["partialFingerprints"]["weeklint/v1"].is_string());
        fired.insert(id.to_string());
    }
    // remote-image needs a web server; tests/images/remote.rs has one.
    let mut want: BTreeSet<String> = expected.iter().cloned().collect();
    want.remove("remote-image");
    assert_eq!(fired, want);

    let find = |rule: &str, uri: &str| {
        results
            .iter()
            .find(|r| {
                str_at(r, "/ruleId") == rule
                    && str_at(r, "/locations/0/physicalLocation/artifactLocation/uri") == uri
            })
            .unwrap_or_else(|| panic!("no {rule} result in {uri}"))
    };
    // `## 2023.5.22` on line 8: the date is columns 4 to 12, end exclusive.
    let order = find("date-order", "log.md");
    assert_eq!(str_at(order, "/level"), "error");
    let region = &order["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        [
            u64_at(region, "/startLine"),
            u64_at(region, "/startColumn"),
            u64_at(region, "/endLine"),
            u64_at(region, "/endColumn")
        ],
        [8, 4, 8, 13]
    );
    assert_eq!(
        str_at(order, "/message/text"),
        "date 2023.5.22 is older than the entry below it (2023.6.10)"
    );
    assert_eq!(
        str_at(order, "/relatedLocations/0/message/text"),
        "the entry below: 2023.6.10"
    );
    assert_eq!(str_at(find("date-format", "log.md"), "/level"), "warning");
    // Columns count characters: the ten of `2023年6月25日` are 4 to 13.
    let cjk = find("date-order", "%E5%91%A8%E6%8A%A5%202023.md");
    assert_eq!(
        u64_at(cjk, "/locations/0/physicalLocation/region/endColumn"),
        14
    );
    let io = find("io-error", "broken.md");
    assert!(str_at(io, "/message/text").contains("binary"));
    assert_eq!(run["invocations"][0]["executionSuccessful"], false);
}

#[test]
fn sarif_is_deterministic_and_fingerprints_survive_moved_lines() {
    let dir = journal_tree();
    let (_, first, log) = sarif(dir.path());
    let (_, again, _) = sarif(dir.path());
    assert_eq!(first, again, "same input, same bytes");

    let fingerprints = |log: &Value| -> Vec<(String, String, u64)> {
        log["runs"][0]["results"]
            .as_array()
            .map(|results| {
                results
                    .iter()
                    .map(|r| {
                        (
                            str_at(r, "/ruleId").to_string(),
                            str_at(r, "/partialFingerprints/weeklint~1v1").to_string(),
                            r.pointer("/locations/0/physicalLocation/region/startLine")
                                .and_then(Value::as_u64)
                                .unwrap_or(0),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let before = fingerprints(&log);
    let log_md = dir.path().join("log.md");
    write(&log_md, format!("\n\n\n{}", read(&log_md)));
    let (_, _, moved) = sarif(dir.path());
    let after = fingerprints(&moved);
    assert_eq!(before.len(), after.len());
    let mut shifted = 0;
    for (b, a) in before.iter().zip(&after) {
        assert_eq!((&b.0, &b.1), (&a.0, &a.1), "fingerprint changed");
        if a.2 == b.2 + 3 {
            shifted += 1;
        }
    }
    assert!(shifted >= 12, "log.md's results moved down three lines");
    // Two results of one rule on one line still differ.
    let unique: BTreeSet<&String> = before.iter().map(|f| &f.1).collect();
    assert_eq!(unique.len(), before.len());
}

#[test]
fn sarif_uris_are_relative_to_the_project_root() {
    let dir = temp_dir();
    write(&dir.path().join("lint.toml"), "");
    write(
        &dir.path().join("notes/week 1.md"),
        "## 2023.1.1\n## 2023.1.9\n## 2023.1.5\n",
    );
    // Run from the subfolder: the URI still starts at the root.
    let notes = dir.path().join("notes");
    let (code, _, log) = sarif(&notes);
    assert_eq!(code, 1);
    assert_eq!(
        str_at(
            &log,
            "/runs/0/results/0/locations/0/physicalLocation/artifactLocation/uri"
        ),
        "notes/week%201.md"
    );
}

#[test]
fn github_annotations() {
    let dir = temp_dir();
    write(
        &dir.path().join("log.md"),
        "# Log\n\n## 2023.6.18\n\n## 2023.5.22\n\n## 2023.6.10\n\n## 2023-06-01\n",
    );
    let r = run(weeklint(dir.path()).args(["check", "--output-format", "github"]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "::error file=log.md,line=5,col=4,endLine=5,endColumn=13,title=weeklint (date-order)::date 2023.5.22 is older than the entry below it (2023.6.10)\n\
         ::warning file=log.md,line=9,col=4,endLine=9,endColumn=14,title=weeklint (date-format)::date 2023-06-01 is not written as YYYY.M.D\n"
    );
}

#[test]
fn github_paths_are_relative_to_the_repository_root() {
    let dir = temp_dir();
    let status = std::process::Command::new("git")
        .args(["init", "-q"])
        .current_dir(dir.path())
        .status()
        .expect("git");
    assert!(status.success());
    write(
        &dir.path().join("docs/notes/log.md"),
        "## 2023.6.18\n## 2023.5.22\n## 2023.6.10\n",
    );
    // As with the action's `working-directory: docs`.
    let r = run(weeklint(&dir.path().join("docs")).args([
        "check",
        "--output-format",
        "github",
        "notes",
    ]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stdout
            .starts_with("::error file=docs/notes/log.md,line=3,"),
        "{}",
        r.stdout
    );
}

/// File names and messages with every character that needs escaping.
#[cfg(unix)]
#[test]
fn github_annotations_escape_paths_and_messages() {
    let dir = temp_dir();
    write(
        &dir.path().join("we,ird: 100%\n周报.md"),
        "# T\n\n## 100%, done: 好\n\n## 100%, done: 好\n",
    );
    write(&dir.path().join("bin\r\nary.md"), b"\0");
    let r = run(weeklint(dir.path()).args(["check", "--output-format", "github", "."]));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "::error file=bin%0D%0Aary.md,title=weeklint (io-error)::bin%0D%0Aary.md is a binary file (NUL byte at line 1, column 1), not Markdown\n\
         ::warning file=we%2Cird%3A 100%25%0A周报.md,line=5,col=1,endLine=5,endColumn=17,title=weeklint (duplicate-heading)::heading `100%25, done: 好` repeats an earlier sibling heading\n"
    );
}

#[test]
fn github_notice_past_ten_annotations() {
    let dir = temp_dir();
    let text: String = (1..=11).map(|d| format!("##2023.1.{d}\n\n")).collect();
    write(&dir.path().join("log.md"), text);
    let r = run(weeklint(dir.path()).args(["check", "--output-format", "github"]));
    assert_eq!(r.code, 1);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 12);
    assert_eq!(
        lines[11],
        "::notice title=weeklint::11 errors in 1 file; 11 fixable with --fix; GitHub shows only the first 10 errors per step, so some are not annotated"
    );
}

#[test]
fn summary_of_a_multi_rule_journal() {
    let dir = journal_tree();
    let r = run(weeklint(dir.path()).args(["check", "--output-format", "summary", "."]));
    assert_eq!(r.code, 2);
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn summary_of_a_clean_tree() {
    let dir = temp_dir();
    write(&dir.path().join("log.md"), "# Log\n\n## 2023.6.18\n");
    let r = run(weeklint(dir.path()).args(["check", "--output-format", "summary"]));
    assert_eq!(r.code, 0);
    assert_eq!(r.stdout, "## weeklint\n\n✅ No problems in 1 file.\n");
}

#[test]
fn summary_lists_the_first_thousand_diagnostics() {
    let dir = temp_dir();
    write(&dir.path().join("log.md"), "##x\n\n".repeat(1001));
    let r = run(weeklint(dir.path()).args(["check", "--output-format", "summary"]));
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.contains("<summary>All 1001 diagnostics</summary>"),
        "{}",
        r.stdout
    );
    assert_eq!(r.stdout.matches("\n- <code>log.md:").count(), 1000);
    assert!(
        r.stdout
            .contains("\n- … and 1 more: run `weeklint check` to see them all\n"),
        "{}",
        r.stdout
    );
}
