//! `weeklint init`.

use super::support::{read, run, temp_dir, weeklint, write};

fn journals() -> tempfile::TempDir {
    let dir = temp_dir();
    write(
        &dir.path().join("2023.md"),
        "# 2023\n\n## 2023-06-18\n\n* [X] read CLIP\n* [ ] read ViT\n\n## 2023-06-11\n\n## 2023-06-04\n",
    );
    write(
        &dir.path().join("notes/2024.md"),
        "# 2024\n\n## 2024-01-09\n\n* [X] a\n- [x] b\n\n## 2024-01-02\n\n## 2024.1.1\n",
    );
    // Code is not evidence.
    write(
        &dir.path().join("notes/code.md"),
        "```\n## 2020.1.1\n## 2020.1.2\n- [x] a\n- [x] b\n- [x] c\n```\n",
    );
    dir
}

#[test]
fn init_writes_the_inferred_config_and_says_why() {
    let dir = journals();
    let r = run(weeklint(dir.path()).arg("init"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "inferred from 3 Markdown files under .:\n\
        \x20 dates.format = \"YYYY-MM-DD\"   5 of 6 full dates of dated headings are written as YYYY-MM-DD, more than in any other form\n\
        \x20 dates.order = \"newest-first\"  all 4 pairs of adjacent sibling dated sections run newest first\n\
        \x20 dates.heading-level = \"auto\"  dated headings are at level 1 (2), level 2 (6); `auto` keeps every level dated\n\
        \x20 dates.numeric-order = \"auto\"  no numeric date with the year last shows its day order; `auto` reads `/` month first and `.` or `-` day first\n\
        \x20 checkboxes.checked = \"X\"      2 of 3 checked task boxes use `[X]`\n\
        \x20 checkboxes.marker = \"*\"       3 of 4 task items in bullet lists use the bullet `*`, more than any other\n\
        wrote lint.toml\n"
    );
    let toml = read(&dir.path().join("lint.toml"));
    assert!(toml.contains("\nformat = \"YYYY-MM-DD\"\n"), "{toml}");
    assert!(toml.contains("\nchecked = \"X\"\n"), "{toml}");
    assert!(toml.contains("\nmarker = \"*\"\n"), "{toml}");
    assert!(
        toml.contains("# 5 of 6 full dates of dated headings are written as YYYY-MM-DD"),
        "{toml}"
    );

    // The config is valid, and holds the files to what they mostly do.
    let r = run(weeklint(dir.path()).args(["check", "--output-format", "concise"]));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains(
            "notes/2024.md:10:4: warning[date-format] date 2024.1.1 is not written as YYYY-MM-DD"
        ),
        "{}",
        r.stdout
    );
}

#[test]
fn init_on_files_in_different_forms_writes_auto_and_check_stays_quiet() {
    let dir = temp_dir();
    write(
        &dir.path().join("2023.md"),
        "# 2023\n\n## 2023.6.18\n\n## 2023.6.11\n\n## 2023.6.4\n",
    );
    write(
        &dir.path().join("2024.md"),
        "# 2024\n\n## 2024-01-09\n\n## 2024-01-02\n",
    );
    let r = run(weeklint(dir.path()).arg("init"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let toml = read(&dir.path().join("lint.toml"));
    assert!(
        toml.contains(
            "\n# The files use different forms (1 file uses YYYY.M.D, 1 uses YYYY-MM-DD); \
             `auto` holds each file to the form most of its own dated headings use.\n\
             format = \"auto\"\n"
        ),
        "{toml}"
    );

    // Each file is held to its own form: nothing to warn about.
    let r = run(weeklint(dir.path()).args(["check", "--output-format", "concise"]));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(r.stdout, "no problems in 2 files\n");
}

#[test]
fn init_never_overwrites() {
    let dir = journals();
    let config = dir.path().join("lint.toml");
    write(&config, "[rules]\nsingle-title = \"off\"\n");
    let r = run(weeklint(dir.path()).arg("init"));
    assert_eq!(r.code, 2);
    assert_eq!(r.stdout, "");
    assert_eq!(
        r.stderr,
        "weeklint: error: lint.toml already exists; `weeklint init` does not overwrite it \
         (remove it first, or run `weeklint init --stdout` to see what it would write)\n"
    );
    assert_eq!(read(&config), "[rules]\nsingle-title = \"off\"\n");
}

#[test]
fn init_stdout_writes_nothing() {
    let dir = journals();
    let r = run(weeklint(dir.path()).args(["init", "--stdout", "notes"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.starts_with(
            "# weeklint configuration, written by `weeklint init` from 2 Markdown files.\n"
        ),
        "{}",
        r.stdout
    );
    assert!(
        r.stderr
            .starts_with("inferred from 2 Markdown files under notes:\n"),
        "{}",
        r.stderr
    );
    assert!(!dir.path().join("lint.toml").exists());
    assert!(!dir.path().join("notes/lint.toml").exists());
}

#[test]
fn init_in_an_empty_folder_keeps_auto() {
    let dir = temp_dir();
    let r = run(weeklint(dir.path()).arg("init"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let toml = read(&dir.path().join("lint.toml"));
    assert!(toml.contains("\nformat = \"auto\"\n"), "{toml}");
    assert!(toml.contains("\nmarker = \"consistent\"\n"), "{toml}");
    let r = run(weeklint(dir.path()).arg("check"));
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn init_of_a_missing_folder_fails() {
    let dir = temp_dir();
    let r = run(weeklint(dir.path()).args(["init", "nowhere"]));
    assert_eq!(r.code, 2);
    assert_eq!(r.stderr, "weeklint: error: nowhere is not a folder\n");
}

#[test]
fn init_reads_changelogs_as_changelogs() {
    let dir = temp_dir();
    // A diary read top to bottom: oldest first, dates written `2023.6.4`.
    write(
        &dir.path().join("notes/2023.md"),
        "# 2023\n\n## 2023.6.4\n\n## 2023.6.11\n\n## 2023.6.18\n",
    );
    // Releases newest first, dated `2023-05-01`, with a `Docs` type.
    write(
        &dir.path().join("CHANGELOG.md"),
        "# Changelog\n\n## 1.2.0 - 2023-05-01\n\n### Added\n\n- a\n\n### Docs\n\n- b\n\n\
         ## 1.1.0 - 2023-04-01\n\n### Fixed\n\n- c\n\n### Docs\n\n- d\n\n\
         ## 1.0.0 - 2023-03-01\n\n### Added\n\n- e\n",
    );
    // A changelog only by its `[Unreleased]` heading.
    write(
        &dir.path().join("docs/release-notes.md"),
        "# Release notes\n\n## Unreleased\n\n### Fixed\n\n- f\n\n## 0.2.0 - 2023-02-01\n\n### Added\n\n- g\n\n\
         ## 0.1.0 - 2023-01-01\n\n### Added\n\n- h\n",
    );
    let r = run(weeklint(dir.path()).arg("init"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let report: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(
        report[1..3],
        [
            "  dates.format = \"YYYY.M.D\"         all 3 full dates of dated headings are written as YYYY.M.D",
            "  dates.order = \"oldest-first\"      all 2 pairs of adjacent sibling dated sections run oldest first",
        ]
    );
    assert_eq!(
        report[7..],
        [
            "  changelog.files = [\"docs/release-notes.md\"]  2 changelogs found; `docs/release-notes.md` has an [Unreleased] heading but not a changelog's name: listed, it stays a changelog once that section is released; release dates did not count for [dates]",
            "  changelog.change-types = [\"Added\", \"Changed\", \"Deprecated\", \"Removed\", \"Fixed\", \"Security\", \"Docs\"]  Keep a Changelog's change types, then the other sub-headings releases have: Docs (2 releases)",
            "  [[overrides]] files = [\"**/{CHANGELOG,CHANGES,HISTORY,RELEASES,NEWS}.*\", \"docs/release-notes.md\"], dates = { format = \"auto\", order = \"auto\" }  changelogs follow their own dates (`auto`): `CHANGELOG.md`, `docs/release-notes.md` write dates another way than YYYY.M.D; `CHANGELOG.md`, `docs/release-notes.md` list releases newest first",
            "wrote lint.toml",
        ]
    );
    // Under the config written, every file is as it should be.
    let r = run(weeklint(dir.path()).args(["check", "--output-format", "concise"]));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(r.stdout, "no problems in 3 files\n");
}
