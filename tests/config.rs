//! lint.toml end to end: discovery, `--config`, `--isolated`, overrides,
//! and errors rendered against the TOML.

use crate::common::{run, temp_tree, weeklint};

const OUT_OF_ORDER: &str = "# Log\n\n## 2023.5.22\n\n## 2023.6.18\n\n## 2023.5.1\n";

#[test]
fn config_is_found_by_walking_up() {
    let dir = temp_tree(&[
        ("lint.toml", "[rules]\ndate-order = \"off\"\n"),
        ("notes/deep/log.md", OUT_OF_ORDER),
    ]);
    let (code, out, _) = run(&mut weeklint(&dir.path().join("notes/deep")));
    assert_eq!(code, 0, "{out}");
    // Ignoring it brings the default back.
    let (code, _, _) = run(weeklint(&dir.path().join("notes/deep")).arg("--isolated"));
    assert_eq!(code, 1);
}

#[test]
fn explicit_config_path() {
    let dir = temp_tree(&[
        ("configs/strict.toml", "[rules]\nsingle-title = \"error\"\n"),
        ("log.md", "# A\n\n# B\n"),
    ]);
    let (code, _, _) = run(&mut weeklint(dir.path()));
    assert_eq!(code, 0);
    let (code, out, _) =
        run(weeklint(dir.path()).args(["--config", "configs/strict.toml", "log.md"]));
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("error[single-title]"), "{out}");
}

#[test]
fn overrides_apply_per_path_and_later_ones_win() {
    let dir = temp_tree(&[
        (
            "lint.toml",
            "[[overrides]]\nfiles = [\"archive/**\"]\nrules = { date-order = \"off\" }\n\n\
             [[overrides]]\nfiles = [\"archive/2019/**\"]\nrules = { date-order = \"warn\" }\n",
        ),
        ("log.md", OUT_OF_ORDER),
        ("archive/2020/log.md", OUT_OF_ORDER),
        ("archive/2019/log.md", OUT_OF_ORDER),
    ]);
    let (code, out, _) = run(weeklint(dir.path()).args(["--output-format", "concise"]));
    assert_eq!(code, 1);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines,
        [
            "archive/2019/log.md:5:4: warning[date-order] date 2023.6.18 is newer than the entry above it (2023.5.22)",
            "log.md:5:4: error[date-order] date 2023.6.18 is newer than the entry above it (2023.5.22)",
            "1 error, 1 warning in 2 files; 2 fixable with --fix",
        ]
    );
}

#[test]
fn date_settings_from_config() {
    let dir = temp_tree(&[
        (
            "lint.toml",
            "[dates]\norder = \"oldest-first\"\nformat = \"YYYY-MM-DD\"\n",
        ),
        (
            "log.md",
            "# Log\n\n## 2023-01-02\n\n## 2023.1.5\n\n## 2023-01-01\n",
        ),
    ]);
    let (code, out, _) = run(weeklint(dir.path()).args(["--output-format", "concise"]));
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "log.md:5:4: warning[date-format] date 2023.1.5 is not written as YYYY-MM-DD\n\
         log.md:7:4: error[date-order] date 2023-01-01 is older than the entry above it (2023.1.5)\n\
         1 error, 1 warning in 1 file; 2 fixable with --fix\n"
    );
}

#[test]
fn bad_config_is_rendered_with_spans_and_exits_2() {
    let dir = temp_tree(&[
        (
            "lint.toml",
            "[rules]\ndate-ordr = \"off\"\nsingle-title = \"warnn\"\n\n[dates]\nheading-level = 9\n",
        ),
        ("log.md", OUT_OF_ORDER),
    ]);
    let (code, out, err) = run(&mut weeklint(dir.path()));
    assert_eq!(code, 2);
    assert_eq!(out, "", "nothing is checked on a bad config");
    insta::assert_snapshot!(err);
}

#[test]
fn toml_syntax_error() {
    let dir = temp_tree(&[
        ("lint.toml", "[dates\norder = \"auto\"\n"),
        ("log.md", "# A\n"),
    ]);
    let (code, _, err) = run(&mut weeklint(dir.path()));
    assert_eq!(code, 2);
    assert!(err.contains("lint.toml:1:"), "{err}");
    assert!(
        err.ends_with("weeklint: error: lint.toml has 1 problem; nothing was checked\n"),
        "{err}"
    );
}

#[test]
fn unreadable_or_missing_config_path() {
    let dir = temp_tree(&[("log.md", "# A\n")]);
    let (code, _, err) = run(weeklint(dir.path()).args(["--config", "nope.toml"]));
    assert_eq!(code, 2);
    assert!(
        err.contains("cannot read config") && err.contains("nope.toml"),
        "{err}"
    );
}
