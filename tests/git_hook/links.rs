//! `dead-link` in real git repositories: what the commit publishes.

use super::Repo;

const INDEX: &str = "# Journal\n\n## 2023.6.18\n\nSee [the CLIP notes](papers.md#clip) and [the code](src/train.py).\n";
const PAPERS: &str = "# Papers\n\n## CLIP\n\nContrastive.\n";

#[test]
fn the_hook_blocks_a_commit_that_links_to_an_uncommitted_file() {
    let repo = Repo::new(&[
        ("index.md", INDEX),
        ("papers.md", PAPERS),
        ("src/train.py", "print(1)\n"),
    ]);
    let (code, out, err) = repo.weeklint(&["hook", "install"]);
    assert_eq!(code, 0, "{out}{err}");
    repo.git(&["add", "index.md", "papers.md"]);
    let (ok, text) = repo.commit("journal");
    assert!(!ok, "the commit went through:\n{text}");
    assert!(
        text.contains(
            "linked file src/train.py is not in the git index: the commit will not include it"
        ),
        "{text}"
    );
    assert!(text.contains("git add src/train.py"), "{text}");
    assert_eq!(repo.commits(), 0);

    repo.git(&["add", "src/train.py"]);
    let (ok, text) = repo.commit("journal");
    assert!(ok, "{text}");
    assert_eq!(repo.commits(), 1);
}

#[test]
fn a_renamed_heading_breaks_an_anchor_in_another_file() {
    let repo = Repo::new(&[
        ("index.md", INDEX),
        ("papers.md", PAPERS),
        ("src/train.py", "print(1)\n"),
    ]);
    repo.git(&["add", "-A"]);
    let (code, out, _) = repo.weeklint(&["check", "--output-format", "concise"]);
    assert_eq!((code, out.as_str()), (0, "no problems in 2 files\n"));

    repo.write("papers.md", &PAPERS.replace("## CLIP", "## CLIP (2021)"));
    repo.git(&["add", "papers.md"]);
    let broken =
        "index.md:5:31: error[dead-link] #clip matches no heading or anchor of papers.md\n";
    // Whether the renamed page is linted in the same run, read from the
    // disk, or staged (before the first commit, every file is).
    for args in [
        &["check", "--output-format", "concise"][..],
        &["check", "--output-format", "concise", "index.md"][..],
        &["check", "--staged", "--output-format", "concise"][..],
    ] {
        let (code, out, _) = repo.weeklint(args);
        assert_eq!(code, 1, "{args:?}: {out}");
        assert!(out.starts_with(broken), "{args:?}: {out}");
    }
}

#[test]
fn fix_repairs_the_letter_case_of_paths_and_fragments_of_the_page() {
    let repo = Repo::new(&[
        (
            "index.md",
            "# Journal\n\n## 2023.6.18\n\nSee [CLIP](Papers.md#clip), [last week](#2023.6.18).\n",
        ),
        ("papers.md", PAPERS),
    ]);
    repo.git(&["add", "-A"]);
    let (code, out, _) = repo.weeklint(&["check", "--fix", "--output-format", "concise"]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        repo.read("index.md"),
        "# Journal\n\n## 2023.6.18\n\nSee [CLIP](papers.md#clip), [last week](#2023618).\n"
    );
    // Fixed for good: a second run finds nothing.
    let (code, out, _) = repo.weeklint(&["check", "--output-format", "concise"]);
    assert_eq!((code, out.as_str()), (0, "no problems in 2 files\n"));
    // A fragment of another page that differs only in letter case works
    // on GitHub: a warning, and fixed like the others.
    repo.write("index.md", "See [CLIP](papers.md#CLIP).\n");
    let (code, out, _) = repo.weeklint(&["check", "--output-format", "full"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("warning[dead-link]: [*] #CLIP differs in letter case from the anchor #clip of papers.md: GitHub finds it, other Markdown viewers may not")
            && out.contains("= fix: use #clip (--fix)"),
        "{out}"
    );
    let (code, out, _) = repo.weeklint(&["check", "--fix", "--output-format", "concise"]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(repo.read("index.md"), "See [CLIP](papers.md#clip).\n");
}

#[test]
fn fragments_of_other_pages_are_fixed_against_those_pages_as_fixed() {
    // `##2023.6.18` is no heading until heading-space's fix makes it one:
    // the link to it is fixed in the same run, against the page as fixed.
    // Two links share one definition: one finding, one edit.
    let index = "# Journal\n\nSee [that day](papers.md#2023.6.18) and [the notes][n], [again][n].\nAlso [a guess](papers.md#clp).\n\n[n]: papers.md#Notes\n";
    let papers = "# Papers\n\n##2023.6.18\n\n## CLIP\n\n## Notes\n";
    let repo = Repo::new(&[("index.md", index), ("papers.md", papers)]);
    repo.git(&["add", "-A"]);
    let (code, out, _) = repo.weeklint(&["check", "--output-format", "concise"]);
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        out.lines().filter(|l| l.contains("#Notes differs")).count(),
        1,
        "{out}"
    );
    // --diff shows both files' fixes and writes nothing.
    let (code, diff, _) = repo.weeklint(&["check", "--diff"]);
    assert_eq!(code, 1, "{diff}");
    assert!(
        diff.contains("-See [that day](papers.md#2023.6.18) and [the notes][n], [again][n].\n+See [that day](papers.md#2023618) and [the notes][n], [again][n].")
            && diff.contains("-[n]: papers.md#Notes\n+[n]: papers.md#notes")
            && diff.contains("-##2023.6.18\n+## 2023.6.18"),
        "{diff}"
    );
    assert_eq!(repo.read("index.md"), index);
    // --fix writes them; the guess is left for --unsafe-fixes, reported
    // where it now is.
    let (code, out, err) = repo.weeklint(&["check", "--fix", "--output-format", "concise"]);
    assert_eq!(code, 1, "{out}{err}");
    assert_eq!(
        repo.read("index.md"),
        "# Journal\n\nSee [that day](papers.md#2023618) and [the notes][n], [again][n].\nAlso [a guess](papers.md#clp).\n\n[n]: papers.md#notes\n"
    );
    assert_eq!(repo.read("papers.md"), papers.replace("##2023", "## 2023"));
    assert!(
        out.starts_with(
            "index.md:4:25: error[dead-link] #clp matches no heading or anchor of papers.md\n"
        ),
        "{out}"
    );
    let (code, out, _) = repo.weeklint(&["check", "--unsafe-fixes", "--output-format", "concise"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        repo.read("index.md")
            .contains("Also [a guess](papers.md#clip).")
    );
}

#[test]
fn suppression_comments_and_lines_hold_for_fragments_of_other_pages() {
    // Fragments of other pages are judged after every file is linted, from
    // what the run kept of the file (its links' lines): the comments still
    // apply where they are in the file, and the line is printed as it is.
    let prose = "Notes on contrastive learning, a paragraph of them. ".repeat(8);
    let index = format!(
        "# Journal\n\n{prose}\n\nSee [gone](papers.md#gone).\n\n{prose}\n\n<!-- weeklint-disable dead-link -->\nSee [old](papers.md#old).\n<!-- weeklint-enable dead-link -->\n\n{prose}\n\n<!-- weeklint-disable-next-line dead-link -->\nSee [older](papers.md#older).\n"
    );
    let repo = Repo::new(&[("index.md", &index), ("papers.md", PAPERS)]);
    repo.git(&["add", "-A"]);
    let (code, out, _) = repo.weeklint(&["check", "--output-format", "concise"]);
    assert_eq!(
        (code, out.as_str()),
        (
            1,
            "index.md:5:21: error[dead-link] #gone matches no heading or anchor of papers.md\n1 error in 1 file\n"
        )
    );
    let (_, out, _) = repo.weeklint(&["check", "--output-format", "full"]);
    assert!(out.contains("5 | See [gone](papers.md#gone)."), "{out}");
}
