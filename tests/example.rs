//! The example journal shipped in `examples/papers-weekly`, as the README's
//! first command runs it, and the seed's real mistakes.

use std::path::Path;

use crate::common::{repo_root, run, temp_tree, weeklint};

fn seed() -> String {
    std::fs::read_to_string(repo_root().join("examples/papers-weekly/README.md")).unwrap()
}

/// A copy of the example journal, its images included, with `text` as
/// its README.
fn example_with(text: &str) -> tempfile::TempDir {
    let dir = temp_tree(&[("README.md", text)]);
    let pic = repo_root().join("examples/papers-weekly/pic");
    for entry in std::fs::read_dir(&pic).unwrap().flatten() {
        let to = dir.path().join("pic").join(entry.file_name());
        std::fs::create_dir_all(dir.path().join("pic")).unwrap();
        std::fs::copy(entry.path(), to).unwrap();
    }
    dir
}

#[test]
fn example_journal_has_one_single_title_warning() {
    let (code, out, err) = run(weeklint(&repo_root()).args(["check", "examples/papers-weekly"]));
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!(out);
    assert_eq!(out.matches("warning[").count(), 1);
    assert!(
        out.contains("--> examples/papers-weekly/README.md:5:1"),
        "{out}"
    );
    assert!(
        out.contains("1 | # papers-weekly"),
        "label on line 1:\n{out}"
    );
}

/// The seed with the section starting at `heading` moved above `before`.
fn move_section(text: &str, heading: &str, before: &str) -> String {
    let start = text.find(heading).unwrap_or_else(|| panic!("{heading}"));
    let end = text[start + 1..]
        .find("\n## ")
        .map_or(text.len(), |i| start + 1 + i + 1);
    let section = &text[start..end];
    let rest = format!("{}{}", &text[..start], &text[end..]);
    let at = rest.find(before).unwrap_or_else(|| panic!("{before}"));
    format!("{}{}{}", &rest[..at], section, &rest[at..])
}

fn lint(dir: &Path) -> (i32, String) {
    let (code, out, _) =
        run(weeklint(dir).args(["check", "--output-format", "concise", "README.md"]));
    (code, out)
}

#[test]
fn moved_section_gives_one_date_order_error_with_both_headings() {
    let moved = move_section(&seed(), "## 2023.5.22\n", "## 2023.6.10\n");
    let dir = example_with(&moved);
    let (code, out) = lint(dir.path());
    assert_eq!(code, 1);
    let errors: Vec<&str> = out.lines().filter(|l| l.contains(": error[")).collect();
    assert_eq!(
        errors,
        [
            "README.md:160:4: error[date-order] date 2023.6.10 is newer than the entry above it (2023.5.22)"
        ]
    );
    let (_, full, _) =
        run(weeklint(dir.path()).args(["check", "--select", "date-order", "README.md"]));
    assert!(
        full.contains("147 | ## 2023.5.22"),
        "label on the other heading:\n{full}"
    );
    assert!(full.contains("160 | ## 2023.6.10"), "{full}");
}

#[test]
fn missing_space_gives_one_heading_space_error() {
    let text = seed().replace("## 2023.6.14\n", "##2023.6.14\n");
    let dir = example_with(&text);
    let (code, out) = lint(dir.path());
    assert_eq!(code, 1);
    let errors: Vec<&str> = out.lines().filter(|l| l.contains(": error[")).collect();
    assert_eq!(
        errors,
        [
            "README.md:110:1: error[heading-space] no space after `##`: this line is shown as text, not a heading"
        ]
    );
}
