use std::sync::Arc;

use super::*;
use crate::test_util::{git, lint_with, touch as touch_in};

#[test]
fn untracked_and_ignored_images_in_a_git_work_tree() {
    let tmp = tempdir();
    let root = tmp.path();
    git(root, &["init", "-q"]);
    std::fs::write(root.join(".gitignore"), "pic/ignored.png\nbuild/\n").unwrap_or_default();
    for f in [
        "pic/tracked.png",
        "pic/new.png",
        "pic/ignored.png",
        "build/out.png",
        "pic/sp ace.png",
    ] {
        touch_in(root, f);
    }
    git(root, &["add", ".gitignore", "pic/tracked.png"]);
    git(root, &["commit", "-q", "-m", "init"]);
    let text = "![t](pic/tracked.png)\n![n](pic/new.png)\n![i](pic/ignored.png)\n![b](build/out.png)\n<img src=\"pic/sp ace.png\">\n";
    let (_, d) = lint_in(root, "notes.md", text);
    let got: Vec<(&str, &str)> = d
        .iter()
        .map(|d| (d.message.as_str(), d.help[0].as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "image pic/new.png is not in the git index: the commit will not include it",
                "track it: git add pic/new.png"
            ),
            (
                "image pic/ignored.png is ignored by git: the commit will not include it",
                "stop ignoring it, or force it in: git add -f pic/ignored.png"
            ),
            (
                "image build/out.png is ignored by git: the commit will not include it",
                "stop ignoring it, or force it in: git add -f build/out.png"
            ),
            (
                "image pic/sp ace.png is not in the git index: the commit will not include it",
                "track it: git add 'pic/sp ace.png'"
            ),
        ]
    );
    assert!(d.iter().all(|d| d.fix.is_none()));
}

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

/// `dead-image` on `text` in the file `rel` under `root`, on the disk.
fn lint_in(
    root: &Path,
    rel: &str,
    text: &str,
) -> (weeklint_core::Source, Vec<weeklint_core::Diagnostic>) {
    lint_with(Arc::new(WorkTree::new()), root, rel, text, "dead-image", "")
}

fn touch_path(path: &Path) {
    if let Some(p) = path.parent() {
        std::fs::create_dir_all(p).unwrap();
    }
    std::fs::write(path, b"x").unwrap();
}

#[test]
fn git_index_finds_a_folder_and_name_written_apart() {
    // Not sorted as given: the index sorts what git did not.
    let index = Arc::new(GitIndex::new(
        b"pic/b.png\0README.md\0pic/a.png\0pic.png\0p\0".to_vec(),
    ));
    for (dir, name) in [
        ("pic/", "a.png"),
        ("pic/", "b.png"),
        ("", "README.md"),
        ("", "pic.png"),
        ("", "p"),
    ] {
        assert!(index.contains(dir, name), "{dir}{name}");
    }
    for (dir, name) in [
        ("pic/", "c.png"),
        ("", "pic"),
        ("pic/", ""),
        ("pi", "c/a.png.x"),
        ("", "PIC.png"),
    ] {
        assert!(!index.contains(dir, name), "{dir}{name}");
    }
    // The split point does not matter, only the joined path.
    assert!(index.contains("pi", "c/a.png"));
    assert!(index.contains("", "pic/a.png"));
}

#[test]
fn one_listing_per_folder_shared_across_threads() {
    let tmp = tempfile::tempdir().unwrap();
    for i in 0..50 {
        touch_path(&tmp.path().join(format!("pic/{i}.png")));
    }
    let view = WorkTree::new();
    let lists: Vec<Arc<DirList>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..8)
            .map(|_| s.spawn(|| view.list(&tmp.path().join("pic"))))
            .collect();
        handles
            .into_iter()
            .filter_map(|h| h.join().ok().flatten())
            .collect()
    });
    assert_eq!(lists.len(), 8);
    assert!(lists.iter().all(|l| Arc::ptr_eq(l, &lists[0])));
    assert_eq!(lists[0].entries().len(), 50);
}

#[test]
fn no_repository_means_no_git_status() {
    let tmp = tempfile::tempdir().unwrap();
    touch_path(&tmp.path().join("a.png"));
    // A temp dir is normally outside any repository.
    if WorkTree::new().repo_root(tmp.path()).is_none() {
        assert_eq!(
            WorkTree::new().git_status(&tmp.path().join("a.png")),
            GitStatus::NoRepo
        );
    }
}

#[cfg(unix)]
#[test]
fn a_link_is_listed_as_what_it_points_at() {
    let tmp = tempfile::tempdir().unwrap();
    let pic = tmp.path().join("pic");
    touch_path(&pic.join("a.png"));
    std::fs::create_dir_all(pic.join("sub")).unwrap();
    std::os::unix::fs::symlink(pic.join("sub"), pic.join("to-sub")).unwrap();
    std::os::unix::fs::symlink(pic.join("gone"), pic.join("dangling")).unwrap();
    let list = WorkTree::new().list(&pic).expect("a listing");
    let names: Vec<_> = list
        .entries()
        .map(|e| (e.name.to_str(), e.kind, e.link))
        .collect();
    assert_eq!(
        names,
        [
            (Some("a.png"), EntryKind::File, false),
            (Some("dangling"), EntryKind::Other, true),
            (Some("sub"), EntryKind::Dir, false),
            (Some("to-sub"), EntryKind::Dir, true),
        ]
    );
}

#[test]
fn a_submodule_or_nested_repository_is_read_from_its_own_index() {
    let tmp = tempdir();
    let root = tmp.path();
    git(root, &["init", "-q"]);
    let sub = root.join("vendor/notes");
    std::fs::create_dir_all(&sub).unwrap_or_default();
    git(&sub, &["init", "-q"]);
    touch_in(&sub, "pic/in-sub.png");
    git(&sub, &["add", "pic/in-sub.png"]);
    touch_in(root, "pic/outer.png");
    git(root, &["add", "pic/outer.png"]);
    let text = "![a](vendor/notes/pic/in-sub.png) ![b](pic/outer.png)\n";
    assert!(lint_in(root, "n.md", text).1.is_empty());
    touch_in(&sub, "pic/not-added.png");
    let (_, d) = lint_in(&sub, "n.md", "![a](pic/not-added.png)\n");
    assert_eq!(d[0].help, ["track it: git add pic/not-added.png"]);
}

#[test]
fn git_worktree_is_its_own_work_tree() {
    let tmp = tempdir();
    let main = tmp.path().join("main");
    std::fs::create_dir_all(&main).unwrap_or_default();
    git(&main, &["init", "-q"]);
    touch_in(&main, "README.md");
    git(&main, &["add", "README.md"]);
    git(&main, &["commit", "-q", "-m", "init"]);
    let wt = tmp.path().join("wt");
    git(
        &main,
        &["worktree", "add", "-q", wt.to_str().unwrap_or_default()],
    );
    touch_in(&wt, "pic/a.png");
    let (_, d) = lint_in(&wt, "n.md", "![a](pic/a.png)\n");
    assert_eq!(d[0].help, ["track it: git add pic/a.png"]);
    git(&wt, &["add", "pic/a.png"]);
    // A new view: the index is read once per run.
    assert!(lint_in(&wt, "n.md", "![a](pic/a.png)\n").1.is_empty());
}
