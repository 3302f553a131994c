//! lint.toml end to end: discovery, `--config`, `--isolated`, overrides,
//! and errors rendered against the TOML.

use crate::common::{run, temp_tree, weeklint, write};

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

/// `(exit code, stdout, stderr)` of `weeklint check --output-format
/// concise ARGS` in `dir`.
fn concise(dir: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    run(weeklint(dir)
        .args(["--output-format", "concise"])
        .args(args))
}

const GLUED: &str = "# Log\n\n##2023.6.18\n";

#[test]
fn each_file_gets_the_nearest_config_above_it() {
    // `cd ~ && weeklint check notes/journal` applied the defaults, not
    // notes/journal/lint.toml.
    let dir = temp_tree(&[
        (
            "notes/journal/lint.toml",
            "[rules]\nheading-space = \"off\"\n",
        ),
        ("notes/journal/log.md", GLUED),
        // A second journal, with its own patterns and root, in the same run.
        (
            "notes/diary/lint.toml",
            "[files]\nexclude = [\"drafts/**\"]\n[rules]\nsingle-title = \"error\"\n",
        ),
        ("notes/diary/day.md", "# A\n\n# B\n"),
        ("notes/diary/drafts/x.md", GLUED),
        ("notes/loose.md", GLUED),
    ]);
    let (code, out, err) = concise(dir.path(), &["notes/journal"]);
    assert_eq!(
        (code, out.as_str()),
        (0, "no problems in 1 file\n"),
        "{err}"
    );
    let (code, out, err) = concise(dir.path(), &[]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        out,
        "notes/diary/day.md:3:1: error[single-title] `B` is a second level-1 heading\n\
         notes/loose.md:3:1: error[heading-space] no space after `##`: this line is shown as text, not a heading\n\
         2 errors in 2 files; 1 fixable with --fix\n"
    );
    // `--config` applies to every file: the diary's own settings and
    // excludes too give way.
    write(
        &dir.path().join("all.toml"),
        "[rules]\nheading-space = \"off\"\n",
    );
    let (code, out, _) = concise(dir.path(), &["--config", "all.toml"]);
    assert_eq!(
        (code, out.as_str()),
        (
            0,
            "notes/diary/day.md:3:1: warning[single-title] `B` is a second level-1 heading\n\
             1 warning in 1 file\n"
        )
    );
}

#[test]
fn the_search_stops_at_the_repository_root() {
    // A stray lint.toml above a repository, from another tool, made every
    // check in it fail.
    let dir = temp_tree(&[
        ("lint.toml", "[tool]\nother = true\n"),
        ("repo/log.md", GLUED),
    ]);
    crate::common::git(&dir.path().join("repo"), &["init", "-q"]);
    let (code, out, err) = concise(&dir.path().join("repo"), &[]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("log.md:3:1: error[heading-space]"), "{out}");
    assert_eq!(err, "");
}

#[test]
fn outside_a_repository_the_search_stops_at_home() {
    let dir = temp_tree(&[
        ("lint.toml", "[tool]\nother = true\n"),
        ("home/notes/log.md", GLUED),
    ]);
    let home = dir.path().join("home");
    let (code, out, err) = run(weeklint(&home.join("notes"))
        .env("HOME", &home)
        .args(["--output-format", "concise"]));
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("log.md:3:1: error[heading-space]"), "{out}");
}

#[test]
fn a_broken_config_below_leaves_its_files_unchecked_and_the_rest_linted() {
    let dir = temp_tree(&[
        ("good/log.md", GLUED),
        ("bad/lint.toml", "[rules]\nheading-spaec = \"off\"\n"),
        ("bad/log.md", GLUED),
    ]);
    let (code, out, err) = concise(dir.path(), &[]);
    assert_eq!(code, 2, "{out}{err}");
    assert_eq!(
        out,
        "bad:1:1: error[io-error] bad was not checked: bad/lint.toml has problems\n\
         good/log.md:3:1: error[heading-space] no space after `##`: this line is shown as text, not a heading\n\
         2 errors in 2 files; 1 fixable with --fix\n"
    );
    assert!(err.contains("unknown rule `heading-spaec`"), "{err}");
    assert!(
        err.contains(
            "weeklint: error: bad/lint.toml has 1 problem; the files under it were not checked"
        ),
        "{err}"
    );
}
