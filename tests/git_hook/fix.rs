//! `weeklint check --staged --fix`: fixes what is staged, and stages the
//! fix, but never mixes unstaged changes into the commit.

use super::Repo;

const BROKEN: &str = "# Log\n\n##2023.6.18\n\nx\n";
const FIXED: &str = "# Log\n\n## 2023.6.18\n\nx\n";

#[test]
fn a_file_with_unstaged_changes_is_refused_and_nothing_changes() {
    let repo = Repo::new(&[("a.md", BROKEN)]);
    repo.git(&["add", "a.md"]);
    let working = format!("{BROKEN}\nnot staged yet\n");
    repo.write("a.md", &working);
    let (code, out, err) = repo.weeklint(&["check", "--staged", "--fix"]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.contains("weeklint: error: a.md has unstaged changes, and fixing it would mix them into the commit; left alone"),
        "{err}"
    );
    // The staged text is still reported.
    assert!(out.contains("error[heading-space]"), "{out}");
    assert!(out.contains("--> a.md:3:1"), "{out}");
    assert_eq!(repo.read("a.md"), working);
    assert_eq!(repo.git(&["show", ":a.md"]), BROKEN);
}

#[test]
fn a_clean_file_is_fixed_and_staged_again_from_any_folder() {
    let repo = Repo::new(&[("notes/a.md", BROKEN), ("notes/b c.md", BROKEN)]);
    repo.git(&["add", "."]);
    let (code, out, err) = repo.weeklint_in(&repo.path("notes"), &["check", "--staged", "--fix"]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(
        out,
        "fixed 1 problem in notes/a.md\n\
         fixed 1 problem in notes/b c.md\n\
         no problems in 2 files; 2 fixed, 0 remaining\n"
    );
    for rel in ["notes/a.md", "notes/b c.md"] {
        assert_eq!(repo.read(rel), FIXED);
        assert_eq!(repo.git(&["show", &format!(":{rel}")]), FIXED);
    }
    // Nothing left unstaged: the fix is in the commit.
    assert_eq!(repo.git(&["diff", "--name-only"]), "");
    // A second run has nothing to do.
    let (code, out, _) = repo.weeklint(&["check", "--staged", "--fix"]);
    assert_eq!(
        (code, out.as_str()),
        (0, "no problems in 2 files; 0 fixed, 0 remaining\n")
    );
}

#[test]
fn clean_files_are_fixed_while_a_dirty_one_is_left_alone() {
    let repo = Repo::new(&[("clean.md", BROKEN), ("dirty.md", BROKEN)]);
    repo.git(&["add", "."]);
    repo.write("dirty.md", FIXED);
    let (code, _, err) = repo.weeklint(&["check", "--staged", "--fix"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("dirty.md has unstaged changes"), "{err}");
    assert!(!err.contains("clean.md"), "{err}");
    assert_eq!(repo.read("clean.md"), FIXED);
    assert_eq!(repo.git(&["show", ":clean.md"]), FIXED);
    assert_eq!(repo.read("dirty.md"), FIXED);
    assert_eq!(repo.git(&["show", ":dirty.md"]), BROKEN);
}

#[test]
fn diff_shows_the_fix_of_the_staged_text_and_writes_nothing() {
    let repo = Repo::new(&[("a.md", BROKEN)]);
    repo.git(&["add", "a.md"]);
    let working = format!("{BROKEN}\nnot staged yet\n");
    repo.write("a.md", &working);
    let (code, out, err) = repo.weeklint(&["check", "--staged", "--diff"]);
    assert_eq!(code, 1, "{out}{err}");
    assert_eq!(
        out,
        "--- a/a.md\n+++ b/a.md\n@@ -1,5 +1,5 @@\n # Log\n \n-##2023.6.18\n+## 2023.6.18\n \n x\n"
    );
    assert_eq!(repo.read("a.md"), working);
    assert_eq!(repo.git(&["show", ":a.md"]), BROKEN);
}

#[test]
fn a_dirty_file_with_nothing_to_fix_is_not_refused() {
    // With nothing to fix there is nothing to refuse: this exited 2 with
    // "left alone".
    let clean = "# Log\n\n## 2023.6.18\n\nx\n";
    let repo = Repo::new(&[("a.md", clean)]);
    repo.git(&["add", "a.md"]);
    let working = format!("{clean}\nnot staged yet\n");
    repo.write("a.md", &working);
    let (code, out, err) = repo.weeklint(&["check", "--staged", "--fix"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(!err.contains("left alone"), "{err}");
    assert_eq!(out, "no problems in 1 file; 0 fixed, 0 remaining\n");
    assert_eq!(repo.read("a.md"), working);
    assert_eq!(repo.git(&["show", ":a.md"]), clean);
}

#[test]
fn links_fixed_after_every_file_are_staged_too_and_a_dirty_file_is_not_touched() {
    // index.md's link is fixed once papers.md is (its heading made one):
    // the second write is staged like the first. dirty.md has the same
    // link and unstaged changes: left alone, however late the fix.
    let link = "# Journal\n\nSee [that day](papers.md#2023.6.18).\n";
    let repo = Repo::new(&[
        ("index.md", link),
        ("dirty.md", link),
        ("papers.md", "# Papers\n\n##2023.6.18\n"),
    ]);
    repo.git(&["add", "."]);
    let working = format!("{link}\nnot staged yet\n");
    repo.write("dirty.md", &working);
    let (code, out, err) = repo.weeklint(&["check", "--staged", "--fix"]);
    // dirty.md's link is not fixable until papers.md is fixed: it is
    // reported as it is staged, not refused.
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("fixed 1 problem in index.md"), "{out}");
    assert!(!out.contains("problem in dirty.md"), "{out}");
    assert!(out.contains("--> dirty.md:3:25"), "{out}");
    let fixed = "# Journal\n\nSee [that day](papers.md#2023618).\n";
    assert_eq!(repo.read("index.md"), fixed);
    assert_eq!(repo.git(&["show", ":index.md"]), fixed);
    assert_eq!(
        repo.git(&["show", ":papers.md"]),
        "# Papers\n\n## 2023.6.18\n"
    );
    assert_eq!(repo.read("dirty.md"), working);
    assert_eq!(repo.git(&["show", ":dirty.md"]), link);
    assert_eq!(repo.git(&["diff", "--name-only"]), "dirty.md\n");
}
