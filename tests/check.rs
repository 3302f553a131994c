//! `weeklint check`: exit codes, output formats, selection, stdin, pipes,
//! determinism.

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use crate::common::{TODAY, run, temp_tree, weeklint};

const CLEAN: &str = "# Log\n\n## 2023.6.18\n\nnotes\n\n## 2023.6.10\n";
const WARN_ONLY: &str = "# Log\n\n# Second title\n";
const ERRORS: &str = "# Log\n\n## 2023.5.22\n\n## 2023.6.18\n\n##2023.6.10\n\n## 2023.5.20\n";

#[test]
fn exit_0_when_clean() {
    let dir = temp_tree(&[("log.md", CLEAN)]);
    let (code, out, err) = run(&mut weeklint(dir.path()));
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(out, "no problems in 1 file\n");
    assert_eq!(err, "");
}

#[test]
fn exit_0_with_warnings_only() {
    let dir = temp_tree(&[("log.md", WARN_ONLY)]);
    let (code, out, _) = run(weeklint(dir.path()).arg("check"));
    assert_eq!(code, 0);
    assert!(out.ends_with("1 warning in 1 file\n"), "{out}");
}

#[test]
fn exit_1_with_errors_and_0_with_exit_zero() {
    let dir = temp_tree(&[("log.md", ERRORS)]);
    let (code, out, _) = run(weeklint(dir.path()).args(["check", "log.md"]));
    assert_eq!(code, 1);
    assert!(
        out.ends_with("2 errors in 1 file; 2 fixable with --fix\n"),
        "{out}"
    );
    let (code, _, _) = run(weeklint(dir.path()).args(["check", "--exit-zero"]));
    assert_eq!(code, 0);
}

#[test]
fn exit_2_for_a_missing_path_and_other_files_still_linted() {
    let dir = temp_tree(&[("log.md", ERRORS)]);
    let (code, out, err) = run(weeklint(dir.path()).args([
        "check",
        "--output-format",
        "concise",
        "missing.md",
        "log.md",
    ]));
    assert_eq!(code, 2);
    assert_eq!(
        out,
        "log.md:5:4: error[date-order] date 2023.6.18 is newer than the entry above it (2023.5.22)\n\
         log.md:7:1: error[heading-space] no space after `##`: this line is shown as text, not a heading\n\
         2 errors in 1 file; 2 fixable with --fix\n"
    );
    assert_eq!(
        err,
        "weeklint: error: missing.md: no such file or directory\n"
    );
}

#[test]
fn a_missing_path_is_an_error_naming_it_once_not_a_file() {
    let dir = temp_tree(&[("log.md", CLEAN)]);
    // As typed, once, and nothing else: no report, no "no files found".
    let (code, out, err) = run(weeklint(dir.path()).args(["check", "nope/", "nope/"]));
    assert_eq!((code, out.as_str()), (2, ""), "{err}");
    assert_eq!(err, "weeklint: error: nope/: no such file or directory\n");
    // The other paths are still linted, and only they count as files;
    // the missing ones are named in the order given.
    let (code, out, err) = run(weeklint(dir.path()).args(["nope/", "log.md", "log.md/x.md"]));
    assert_eq!(code, 2);
    assert_eq!(out, "no problems in 1 file\n");
    assert_eq!(
        err,
        "weeklint: error: nope/: no such file or directory\n\
         weeklint: error: log.md/x.md: not a directory\n"
    );
    let (code, out, _) = run(weeklint(dir.path()).args(["--output-format", "json", "nope", "."]));
    assert_eq!((code, out.as_str()), (2, "[]\n"));
    // `outline` says the same.
    let (code, _, err) = run(weeklint(dir.path()).args(["outline", "nope/"]));
    assert_eq!(code, 2);
    assert_eq!(err, "weeklint: error: nope/: no such file or directory\n");
}

#[test]
fn a_mistyped_command_is_not_taken_for_a_path() {
    let dir = temp_tree(&[("log.md", CLEAN)]);
    for (typed, command) in [
        ("chek", "check"),
        ("ruel", "rule"),
        ("outlin", "outline"),
        ("iint", "init"),
    ] {
        let (code, out, err) = run(weeklint(dir.path()).args([typed, "log.md"]));
        assert_eq!((code, out.as_str()), (2, ""), "{typed}: {err}");
        assert_eq!(
            err,
            format!(
                "weeklint: error: no file or folder named `{typed}`; did you mean the `{command}` command?\n"
            )
        );
    }
    // A path, or a word far from every command, is a missing path.
    for typed in ["chek.md", "./chek", "journal"] {
        let (code, _, err) = run(weeklint(dir.path()).arg(typed));
        assert_eq!(code, 2);
        assert_eq!(
            err,
            format!("weeklint: error: {typed}: no such file or directory\n")
        );
    }
    // A folder of that name is what was meant.
    let dir = temp_tree(&[("chek/log.md", CLEAN)]);
    let (code, out, err) = run(weeklint(dir.path()).arg("chek"));
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (0, "no problems in 1 file\n", "")
    );
}

#[test]
fn exit_2_for_bad_arguments() {
    let dir = temp_tree(&[("log.md", CLEAN)]);
    let (code, _, err) = run(weeklint(dir.path()).args(["check", "--output-format", "xml"]));
    assert_eq!(code, 2);
    assert!(err.contains("invalid value 'xml'"), "{err}");
    let (code, _, err) = run(weeklint(dir.path()).args(["check", "--select", "date-ordr"]));
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "weeklint: error: unknown rule `date-ordr` in --select; did you mean `date-order`?\n"
    );
    let (code, _, err) = run(weeklint(dir.path()).env("WEEKLINT_TODAY", "yesterday"));
    assert_eq!(code, 2);
    assert!(
        err.contains("WEEKLINT_TODAY=yesterday is not a date"),
        "{err}"
    );
}

#[test]
fn full_format_with_labels_help_and_summary() {
    let dir = temp_tree(&[("log.md", ERRORS)]);
    let (code, out, _) = run(weeklint(dir.path()).arg("log.md"));
    assert_eq!(code, 1);
    insta::assert_snapshot!(out);
}

#[test]
fn json_format_is_sorted_and_complete() {
    let dir = temp_tree(&[("b.md", ERRORS), ("a.md", "# A\n\n# B\n")]);
    let (code, out, _) = run(weeklint(dir.path()).args(["check", "--output-format", "json"]));
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    let items = v
        .as_array()
        .unwrap_or_else(|| panic!("not an array: {out}"));
    let keys: Vec<(String, u64, u64, String)> = items
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap_or_default().to_string(),
                d["line"].as_u64().unwrap_or_default(),
                d["column"].as_u64().unwrap_or_default(),
                d["rule"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    assert_eq!(
        keys,
        [
            ("a.md".to_string(), 3, 1, "single-title".to_string()),
            ("b.md".to_string(), 5, 4, "date-order".to_string()),
            ("b.md".to_string(), 7, 1, "heading-space".to_string()),
        ]
    );
    let first = &items[1];
    assert_eq!(first["severity"], "error");
    assert_eq!(first["end_line"], 5);
    assert_eq!(first["end_column"], 13);
    assert_eq!(
        first["message"],
        "date 2023.6.18 is newer than the entry above it (2023.5.22)"
    );
    assert!(first.get("fix").is_some(), "fix key is always present");
    assert_eq!(items[0]["severity"], "warning");
}

#[test]
fn select_and_ignore() {
    let dir = temp_tree(&[("log.md", ERRORS)]);
    let (code, out, _) = run(weeklint(dir.path()).args([
        "--output-format=concise",
        "--select",
        "heading-space,single-title",
    ]));
    assert_eq!(code, 1);
    assert!(
        out.contains("[heading-space]") && !out.contains("[date-order]"),
        "{out}"
    );
    let (code, out, _) = run(weeklint(dir.path()).args([
        "--output-format=concise",
        "--ignore",
        "heading-space",
        "--ignore=date-order",
    ]));
    assert_eq!(code, 0, "{out}");
}

#[test]
fn statistics_count_per_rule() {
    let dir = temp_tree(&[("a.md", ERRORS), ("b.md", ERRORS), ("c.md", WARN_ONLY)]);
    let (code, out, _) = run(weeklint(dir.path()).arg("--statistics"));
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "     2  date-order     error  (2 fixable)\n     2  heading-space  error  (2 fixable)\n     1  single-title   warning\n"
    );
    let (_, out, _) = run(weeklint(dir.path()).args(["--statistics", "--output-format", "json"]));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    assert_eq!(v[0]["rule"], "date-order");
    assert_eq!(v[0]["count"], 2);
}

#[test]
fn stdin_with_a_filename() {
    let dir = temp_tree(&[]);
    let (code, out, _) = run(weeklint(dir.path())
        .args([
            "check",
            "--stdin-filename",
            "notes/log.md",
            "--output-format",
            "concise",
        ])
        .write_stdin(ERRORS));
    assert_eq!(code, 1);
    assert!(
        out.starts_with("notes/log.md:5:4: error[date-order]"),
        "{out}"
    );
    let (code, _, err) = run(weeklint(dir.path())
        .args(["check", "--stdin-filename", "x.md", "other.md"])
        .write_stdin(ERRORS));
    assert_eq!(code, 2);
    assert!(err.contains("--stdin-filename reads stdin"), "{err}");
}

#[test]
fn a_lone_dash_path_reads_stdin() {
    let dir = temp_tree(&[]);
    let (code, out, err) = run(weeklint(dir.path())
        .args(["check", "--output-format", "concise", "-"])
        .write_stdin(ERRORS));
    assert_eq!(code, 1, "{err}");
    assert!(out.starts_with("-:5:4: error[date-order]"), "{out}");
    let (code, out, _) = run(weeklint(dir.path())
        .args(["check", "--fix", "-"])
        .write_stdin("##2023.6.1\n"));
    assert_eq!((code, out.as_str()), (0, "## 2023.6.1\n"));
}

#[test]
fn color_always_and_never() {
    let dir = temp_tree(&[("log.md", ERRORS)]);
    let (_, out, _) = run(weeklint(dir.path()).args(["--color", "always"]));
    assert!(out.contains("\u{1b}["), "no ANSI codes with --color always");
    let (_, out, _) = run(weeklint(dir.path()).args(["--color", "never"]));
    assert!(!out.contains('\u{1b}'));
    // auto: stdout is a pipe here, so no color even without NO_COLOR.
    let (_, out, _) = run(weeklint(dir.path()).env_remove("NO_COLOR"));
    assert!(!out.contains('\u{1b}'));
}

#[test]
fn closed_pipe_exits_quietly() {
    let (code, first, err) = read_first_line_then_close(&["--output-format", "concise"]);
    assert!(
        first.starts_with("big.md:1:1: error[heading-space]"),
        "{first}"
    );
    assert_eq!(code, Some(0));
    assert_eq!(err, "");
}

#[test]
fn closed_pipe_exits_quietly_with_json_and_sarif_too() {
    for args in [&["--output-format", "json"], &["--output-format", "sarif"]] {
        let (code, first, err) = read_first_line_then_close(args);
        assert!(!first.is_empty(), "{args:?}");
        assert_eq!((code, err.as_str()), (Some(0), ""), "{args:?}");
    }
}

/// Run weeklint on a file with many problems, read one line of its output
/// and close the pipe while weeklint is still writing: (exit code, the
/// line, stderr).
fn read_first_line_then_close(args: &[&str]) -> (Option<i32>, String, String) {
    let text = "##x\n\n".repeat(20_000);
    let dir = temp_tree(&[("big.md", &text)]);
    let bin = assert_cmd::cargo::cargo_bin("weeklint");
    let mut child = std::process::Command::new(bin)
        .args(args)
        .arg("--exit-zero")
        .current_dir(dir.path())
        .env("WEEKLINT_TODAY", TODAY)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().expect("no stdout");
    let mut first = String::new();
    BufReader::new(stdout).read_line(&mut first).unwrap();
    // Dropping the reader closes the pipe while weeklint is still writing.
    let out = child.wait_with_output().unwrap();
    (
        out.status.code(),
        first,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn output_is_identical_whatever_the_thread_count() {
    let mut files: Vec<(String, String)> = Vec::new();
    for i in 0..60 {
        let body = format!(
            "# Log {i}\n\n## 2023.5.{}\n\n## 2023.6.{}\n\n##2023.4.1\n",
            i % 28 + 1,
            i % 30 + 1
        );
        files.push((format!("d{}/f{i}.md", i % 7), body));
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let dir = temp_tree(&refs);
    let outputs: Vec<String> = ["1", "2", "8"]
        .iter()
        .map(|n| run(weeklint(dir.path()).args(["--threads", n, "--output-format", "json"])).1)
        .collect();
    assert!(outputs[0].len() > 1000);
    assert_eq!(outputs[0], outputs[1]);
    assert_eq!(outputs[0], outputs[2]);
}

#[test]
fn rule_documentation() {
    let dir = temp_tree(&[]);
    let (code, out, _) = run(weeklint(dir.path()).args(["rule", "date-order"]));
    assert_eq!(code, 0);
    assert!(
        out.starts_with("# date-order\n\nDefault severity: error. Fix: safe"),
        "{out}"
    );
    for section in [
        "## What it does",
        "## Why is this bad?",
        "## Example",
        "## Use instead",
    ] {
        assert!(out.contains(section), "missing {section}");
    }
    let (code, _, err) = run(weeklint(dir.path()).args(["rule", "heading-spce"]));
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "weeklint: error: unknown rule `heading-spce`; did you mean `heading-space`?\n"
    );
}

#[test]
fn statistics_go_with_the_table_and_json_formats_only() {
    let dir = temp_tree(&[("log.md", ERRORS)]);
    for format in ["github", "sarif", "summary"] {
        let (code, out, err) =
            run(weeklint(dir.path()).args(["--statistics", "--output-format", format]));
        assert_eq!((code, out.as_str()), (2, ""), "{format}: {err}");
        assert_eq!(
            err,
            format!(
                "weeklint: error: --statistics prints a table (or JSON); it does not go with \
                 --output-format {format}: use full, concise or json\n"
            )
        );
    }
    let (code, out, _) =
        run(weeklint(dir.path()).args(["--statistics", "--output-format", "concise"]));
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "     1  date-order     error  (1 fixable)\n     1  heading-space  error  (1 fixable)\n"
    );
}

#[test]
fn a_selection_that_leaves_no_rule_is_refused() {
    let dir = temp_tree(&[("log.md", ERRORS)]);
    for (args, message) in [
        (&["--select", ""][..], "--select \"\" selects no rule"),
        (&["--select=,"], "--select \",\" selects no rule"),
        (&["--ignore", "all"], "--ignore all leaves no rule to run"),
        (
            &["--select", "date-order", "--ignore", "date-order"],
            "--select date-order --ignore date-order leaves no rule to run",
        ),
    ] {
        let (code, out, err) = run(weeklint(dir.path()).args(args));
        assert_eq!((code, out.as_str()), (2, ""), "{args:?}: {err}");
        assert_eq!(err, format!("weeklint: error: {message}\n"), "{args:?}");
    }
    // A list with an empty item still selects the named rules.
    let (code, out, _) =
        run(weeklint(dir.path()).args(["--output-format=concise", "--select=heading-space,"]));
    assert_eq!(code, 1);
    assert!(out.starts_with("log.md:7:1: error[heading-space]"), "{out}");
}
