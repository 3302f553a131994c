//! `weeklint check --staged` judges the index: what the commit will contain.

use super::{PNG, Repo};

/// Newest first, but 2023.6.30 (line 11) is out of order.
const OUT_OF_ORDER: &str =
    "# Log\n\n## 2023.6.25\n\na\n\n## 2023.6.18\n\nb\n\n## 2023.6.30\n\nc\n\n## 2023.6.4\n\nd\n";
/// The same entries in order.
const IN_ORDER: &str =
    "# Log\n\n## 2023.6.30\n\nc\n\n## 2023.6.25\n\na\n\n## 2023.6.18\n\nb\n\n## 2023.6.4\n\nd\n";

const WITH_IMAGE: &str = "# Log\n\n## 2023.6.18\n\n<img src=\"pic/x.png\" width=\"400\">\n";

#[test]
fn the_staged_text_is_linted_not_the_working_file() {
    let repo = Repo::new(&[("log.md", OUT_OF_ORDER)]);
    repo.git(&["add", "log.md"]);
    // Fixed in the working tree, but not staged.
    repo.write("log.md", IN_ORDER);
    let (code, out, _) = repo.weeklint(&["check", "--staged", "--output-format", "concise"]);
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        out,
        "log.md:11:4: error[date-order] date 2023.6.30 is newer than the entry above it (2023.6.18)\n\
         1 error in 1 file; 1 fixable with --fix\n"
    );
    // The working tree itself is fine.
    let (code, out, _) = repo.weeklint(&["check", "--output-format", "concise"]);
    assert_eq!((code, out.as_str()), (0, "no problems in 1 file\n"));
    // Once staged, the commit is fine too.
    repo.git(&["add", "log.md"]);
    let (code, out, _) = repo.weeklint(&["check", "--staged"]);
    assert_eq!((code, out.as_str()), (0, "no problems in 1 file\n"));
}

#[test]
fn an_image_on_disk_but_not_staged_is_dead_for_the_commit() {
    let repo = Repo::new(&[("notes.md", WITH_IMAGE), ("pic/x.png", PNG)]);
    repo.git(&["add", "notes.md"]);
    let (code, out, _) = repo.weeklint(&["check", "--staged"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("error[dead-image]: image pic/x.png is not in the git index: the commit will not include it"),
        "{out}"
    );
    assert!(out.contains("help: track it: git add pic/x.png"), "{out}");
    repo.git(&["add", "pic/x.png"]);
    let (code, out, _) = repo.weeklint(&["check", "--staged"]);
    assert_eq!((code, out.as_str()), (0, "no problems in 1 file\n"));
}

#[test]
fn an_image_removed_from_the_index_is_dead_even_on_disk_and_a_staged_one_lives_without_it() {
    let repo = Repo::new(&[
        ("notes.md", WITH_IMAGE),
        ("pic/x.png", PNG),
        ("other.md", "# Other\n\n![y](pic/y.png)\n"),
        ("pic/y.png", PNG),
    ]);
    repo.git(&["add", "."]);
    repo.git(&["commit", "-q", "--no-verify", "-m", "notes"]);
    // The next commit deletes x.png, though it stays on disk; y.png is
    // deleted on disk but not in the index, so the commit keeps it.
    repo.git(&["rm", "-q", "--cached", "pic/x.png"]);
    std::fs::remove_file(repo.path("pic/y.png")).unwrap();
    repo.write("notes.md", &format!("{WITH_IMAGE}\nmore\n"));
    repo.write("other.md", "# Other\n\n![y](pic/y.png)\n\nmore\n");
    repo.git(&["add", "notes.md", "other.md"]);
    let (code, out, _) = repo.weeklint(&["check", "--staged", "--output-format", "concise"]);
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        out,
        "notes.md:5:11: error[dead-image] image pic/x.png is not in the git index: the commit will not include it\n\
         1 error in 1 file\n"
    );
}

#[test]
fn nothing_staged_is_a_clean_exit_with_a_message() {
    let repo = Repo::new(&[("log.md", OUT_OF_ORDER), ("pic/x.png", PNG)]);
    let (code, out, err) = repo.weeklint(&["check", "--staged"]);
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (0, "no staged Markdown files to check\n", "")
    );
    // Only an image staged: no Markdown to lint.
    repo.git(&["add", "pic/x.png"]);
    let (code, out, _) = repo.weeklint(&["check", "--staged"]);
    assert_eq!(
        (code, out.as_str()),
        (0, "no staged Markdown files to check\n")
    );
    // Machine formats still print a valid document.
    let (code, out, _) = repo.weeklint(&["check", "--staged", "--output-format", "json"]);
    assert_eq!((code, out.trim()), (0, "[]"));
}

#[test]
fn deleted_files_are_not_linted_and_renamed_ones_are_under_their_new_name() {
    let repo = Repo::new(&[("old.md", OUT_OF_ORDER), ("gone.md", OUT_OF_ORDER)]);
    repo.git(&["add", "."]);
    repo.git(&["commit", "-q", "--no-verify", "-m", "start"]);
    repo.git(&["mv", "old.md", "new name.md"]);
    repo.git(&["rm", "-q", "gone.md"]);
    let (code, out, _) = repo.weeklint(&["check", "--staged", "--output-format", "concise"]);
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        out,
        "new name.md:11:4: error[date-order] date 2023.6.30 is newer than the entry above it (2023.6.18)\n\
         1 error in 1 file; 1 fixable with --fix\n"
    );
    // Unchanged files are not part of what is checked either.
    repo.git(&["commit", "-q", "--no-verify", "-m", "rename"]);
    repo.write("ok.md", IN_ORDER);
    repo.git(&["add", "ok.md"]);
    let (code, out, _) = repo.weeklint(&["check", "--staged"]);
    assert_eq!((code, out.as_str()), (0, "no problems in 1 file\n"));
}

#[test]
fn from_a_subfolder_paths_are_relative_to_the_work_tree_root() {
    let repo = Repo::new(&[
        ("journal/2023/log.md", OUT_OF_ORDER),
        ("journal/notes.md", WITH_IMAGE),
        ("journal/pic/x.png", PNG),
        ("top.md", OUT_OF_ORDER),
    ]);
    repo.git(&["add", "journal/2023/log.md", "journal/notes.md", "top.md"]);
    let sub = repo.path("journal/2023");
    let (code, out, _) =
        repo.weeklint_in(&sub, &["check", "--staged", "--output-format", "concise"]);
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        out,
        "journal/2023/log.md:11:4: error[date-order] date 2023.6.30 is newer than the entry above it (2023.6.18)\n\
         journal/notes.md:5:11: error[dead-image] image pic/x.png is not in the git index: the commit will not include it\n\
         top.md:11:4: error[date-order] date 2023.6.30 is newer than the entry above it (2023.6.18)\n\
         3 errors in 3 files; 2 fixable with --fix\n"
    );
    // The git command in the help works where weeklint was run.
    let (_, out, _) = repo.weeklint_in(&sub, &["check", "--staged", "../notes.md"]);
    assert!(out.contains(" add journal/pic/x.png\n"), "{out}");
    assert!(out.contains("help: track it: git -C "), "{out}");
    let (_, out, _) = repo.weeklint_in(&repo.path("journal"), &["check", "--staged", "notes.md"]);
    assert!(out.contains("help: track it: git add pic/x.png\n"), "{out}");
}

#[test]
fn paths_narrow_the_staged_files_and_files_exclude_applies() {
    let repo = Repo::new(&[
        ("lint.toml", "[files]\nexclude = [\"drafts/**\"]\n"),
        ("a/log.md", OUT_OF_ORDER),
        ("b/log.md", OUT_OF_ORDER),
        ("drafts/log.md", OUT_OF_ORDER),
        ("notes.txt", OUT_OF_ORDER),
    ]);
    repo.git(&["add", "."]);
    let (code, out, _) = repo.weeklint(&["check", "--staged", "--output-format", "concise"]);
    assert_eq!(code, 1);
    let paths: Vec<&str> = out.lines().filter_map(|l| l.split(':').next()).collect();
    assert_eq!(
        paths,
        [
            "a/log.md",
            "b/log.md",
            "2 errors in 2 files; 2 fixable with --fix"
        ]
    );
    let (_, out, _) = repo.weeklint(&["check", "--staged", "--output-format", "concise", "b"]);
    let paths: Vec<&str> = out.lines().filter_map(|l| l.split(':').next()).collect();
    assert_eq!(
        paths,
        ["b/log.md", "1 error in 1 file; 1 fixable with --fix"]
    );
}

#[test]
fn the_first_commit_of_a_repository_has_no_head_to_compare_with() {
    let repo = Repo::new(&[("log.md", OUT_OF_ORDER)]);
    repo.git(&["add", "log.md"]);
    let (code, out, _) = repo.weeklint(&["check", "--staged", "--output-format", "concise"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.starts_with("log.md:11:4: error[date-order]"), "{out}");
}

#[test]
fn a_linked_worktree_has_its_own_index() {
    let repo = Repo::new(&[("log.md", IN_ORDER)]);
    repo.git(&["add", "."]);
    repo.git(&["commit", "-q", "--no-verify", "-m", "start"]);
    let wt = repo.root.with_file_name("journal-wt");
    let wt_arg = wt.to_string_lossy().into_owned();
    repo.git(&["worktree", "add", "-q", "-b", "side", &wt_arg]);
    std::fs::write(wt.join("log.md"), OUT_OF_ORDER).unwrap();
    std::fs::write(wt.join("notes.md"), WITH_IMAGE).unwrap();
    std::fs::create_dir_all(wt.join("pic")).unwrap();
    std::fs::write(wt.join("pic/x.png"), PNG).unwrap();
    let (ok, text) = repo.git_in(&wt, &["add", "log.md", "notes.md"]);
    assert!(ok, "{text}");
    let (code, out, _) =
        repo.weeklint_in(&wt, &["check", "--staged", "--output-format", "concise"]);
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        out.lines()
            .map(|l| l.split(": ").next().unwrap_or(""))
            .collect::<Vec<_>>(),
        [
            "log.md:11:4",
            "notes.md:5:11",
            "2 errors in 2 files; 1 fixable with --fix"
        ]
    );
    // The main work tree's index is untouched, and clean.
    let (code, out, _) = repo.weeklint(&["check", "--staged"]);
    assert_eq!(
        (code, out.as_str()),
        (0, "no staged Markdown files to check\n")
    );
}

#[test]
fn unreadable_staged_content_is_an_io_error_naming_the_path() {
    let repo = Repo::new(&[]);
    crate::common::write(&repo.path("bad.md"), b"# ok\n\xff\n");
    repo.write("good.md", IN_ORDER);
    repo.git(&["add", "."]);
    let (code, out, _) = repo.weeklint(&["check", "--staged", "--output-format", "concise"]);
    assert_eq!(code, 2, "{out}");
    assert!(
        out.starts_with("bad.md:1:1: error[io-error] bad.md is not valid UTF-8"),
        "{out}"
    );
}

#[test]
fn outside_a_git_repository_staged_is_an_error() {
    let tmp = crate::common::temp_tree(&[("log.md", IN_ORDER)]);
    let mut cmd = crate::common::weeklint(tmp.path());
    cmd.args(["check", "--staged"])
        .env("GIT_CEILING_DIRECTORIES", tmp.path())
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE");
    let (code, out, err) = crate::common::run(&mut cmd);
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.contains("--staged needs a git work tree") && err.contains("not a git repository"),
        "{err}"
    );
}

#[test]
fn staged_conflicts_with_stdin() {
    let repo = Repo::new(&[]);
    let (code, _, err) = repo.weeklint(&["check", "--staged", "--stdin-filename", "a.md"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("cannot be used with"), "{err}");
}
