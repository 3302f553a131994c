//! Which files are linted: walking, gitignore, hidden folders, case of
//! extensions, explicit paths, excludes, deduplication.

use crate::common::{git, run, temp_tree, weeklint};

const BAD: &str = "##x\n";

fn linted(out: &str) -> Vec<String> {
    let mut files: Vec<String> = out
        .lines()
        .filter_map(|l| l.split_once(':').map(|(p, _)| p.to_string()))
        .filter(|p| p.contains('.'))
        .collect();
    files.dedup();
    files
}

#[test]
fn walks_markdown_in_any_case_and_skips_hidden_and_other_files() {
    let dir = temp_tree(&[
        ("README.MD", BAD),
        ("notes/a.markdown", BAD),
        ("notes/b.md", BAD),
        ("notes/c.txt", BAD),
        (".hidden/d.md", BAD),
        ("node_modules/pkg/e.md", BAD),
    ]);
    let (_, out, _) = run(weeklint(dir.path()).args(["--output-format", "concise"]));
    assert_eq!(
        linted(&out),
        ["README.MD", "notes/a.markdown", "notes/b.md"]
    );
}

#[test]
fn gitignore_is_respected_in_a_git_repo() {
    let dir = temp_tree(&[
        (".gitignore", "drafts/\n"),
        ("drafts/x.md", BAD),
        ("log.md", BAD),
    ]);
    git(dir.path(), &["init", "-q"]);
    let (_, out, _) = run(weeklint(dir.path()).args(["--output-format", "concise"]));
    assert_eq!(linted(&out), ["log.md"]);
}

#[test]
fn explicit_files_are_linted_even_if_excluded_unless_force_exclude() {
    let dir = temp_tree(&[
        ("lint.toml", "[files]\nexclude = [\"archive/**\"]\n"),
        ("archive/old.md", BAD),
        ("log.md", BAD),
    ]);
    let (_, out, _) = run(weeklint(dir.path()).args(["--output-format", "concise"]));
    assert_eq!(linted(&out), ["log.md"]);
    let (_, out, _) =
        run(weeklint(dir.path()).args(["--output-format", "concise", "archive/old.md"]));
    assert_eq!(linted(&out), ["archive/old.md"]);
    let (code, out, _) = run(weeklint(dir.path()).args([
        "--output-format",
        "concise",
        "--force-exclude",
        "archive/old.md",
        "log.md",
    ]));
    assert_eq!(code, 1);
    assert_eq!(linted(&out), ["log.md"]);
}

#[test]
fn explicit_file_with_any_extension() {
    let dir = temp_tree(&[("notes.txt", BAD)]);
    let (code, out, _) =
        run(weeklint(dir.path()).args(["--output-format", "concise", "notes.txt"]));
    assert_eq!(code, 1);
    assert_eq!(linted(&out), ["notes.txt"]);
}

#[test]
fn paths_are_deduplicated() {
    let dir = temp_tree(&[("notes/a.md", BAD), ("b.md", BAD)]);
    let (_, out, _) = run(weeklint(dir.path()).args([
        "--output-format",
        "concise",
        "notes",
        "notes/a.md",
        "./notes/a.md",
        "b.md",
        "notes/../b.md",
        ".",
    ]));
    assert_eq!(
        out.lines()
            .filter(|l| l.contains("[heading-space]"))
            .count(),
        2,
        "{out}"
    );
}

#[test]
fn a_link_to_a_linted_file_is_linted_once_and_fixed_without_a_clash() {
    let dir = temp_tree(&[("notes/log.md", BAD)]);
    std::os::unix::fs::symlink("notes/log.md", dir.path().join("link.md")).unwrap();
    std::os::unix::fs::symlink("notes/log.md", dir.path().join("link2.md")).unwrap();
    let (code, out, _) = run(weeklint(dir.path()).args(["--output-format", "concise"]));
    assert_eq!((code, linted(&out)), (1, vec!["notes/log.md".to_string()]));
    // Two links to one file, neither walked to: the first one stands for it.
    let (_, out, _) =
        run(weeklint(dir.path()).args(["--output-format", "concise", "link2.md", "link.md"]));
    assert_eq!(linted(&out), ["link.md"]);
    let (code, out, err) = run(weeklint(dir.path()).args(["--fix"]));
    assert_eq!(code, 0, "{out}{err}");
    let fixed = std::fs::read_to_string(dir.path().join("notes/log.md")).unwrap();
    assert_eq!(fixed, "## x\n");
}

#[test]
fn include_patterns_from_config() {
    let dir = temp_tree(&[
        ("lint.toml", "[files]\ninclude = [\"journal/**/*.md\"]\n"),
        ("journal/2023.md", BAD),
        ("README.md", BAD),
    ]);
    let (_, out, _) = run(weeklint(dir.path()).args(["--output-format", "concise"]));
    assert_eq!(linted(&out), ["journal/2023.md"]);
}

#[test]
fn paths_with_spaces_and_non_ascii() {
    let dir = temp_tree(&[("读书 笔记/周报 1.md", BAD)]);
    let (code, out, _) = run(weeklint(dir.path()).args(["--output-format", "concise"]));
    assert_eq!(code, 1);
    assert!(
        out.starts_with("读书 笔记/周报 1.md:1:1: error[heading-space]"),
        "{out}"
    );
}

#[test]
fn an_explicit_folder_inside_an_excluded_one_lints_nothing() {
    let dir = temp_tree(&[
        ("lint.toml", "[files]\nexclude = [\"archive/**\"]\n"),
        ("archive/2019/old.md", BAD),
    ]);
    let (code, out, err) = run(weeklint(dir.path()).args(["archive/2019"]));
    assert_eq!(code, 0, "{out}");
    assert_eq!(out, "no problems in 0 files\n");
    assert_eq!(
        err,
        "weeklint: warning: no Markdown files found under the given paths\n"
    );
    // Named as a file, it is linted.
    let (code, _, _) = run(weeklint(dir.path()).args(["archive/2019/old.md"]));
    assert_eq!(code, 1);
}
