use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use weeklint_core::fs::{Lookup, lookup};
use weeklint_core::{Settings, Source, lint_source};

use super::*;
use crate::test_util::{env, touch};

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

fn file(path: &str) -> IndexEntry {
    IndexEntry {
        path: path.to_string(),
        kind: IndexKind::File,
    }
}

fn view(root: &Path, entries: Vec<IndexEntry>, ignored: &[&str]) -> IndexView {
    let ignored: Vec<String> = ignored.iter().map(|s| s.to_string()).collect();
    IndexView::new(
        root.to_path_buf(),
        entries,
        Box::new(move || Ok(ignored.clone())),
    )
}

/// `(message, help)` of each `dead-image` diagnostic for `text` in `rel`.
fn dead(view: IndexView, root: &Path, rel: &str, text: &str) -> Vec<(String, Vec<String>)> {
    let mut settings = Settings::default();
    let index = weeklint_core::registry::index_of("dead-image").expect("no rule");
    settings.apply_selection(Some(&[index]), &[]);
    let mut env = env();
    env.root = root.to_path_buf();
    env.cwd = root.to_path_buf();
    env.fs = Arc::new(view);
    let source = Source::new(text.to_string());
    lint_source(&source, &root.join(rel), &settings, &env)
        .into_iter()
        .map(|d| (d.message, d.help))
        .collect()
}

#[test]
fn an_image_counts_when_staged_even_if_deleted_on_disk() {
    let tmp = tempdir();
    let root = tmp.path();
    touch(root, "notes/pic/on-disk.png");
    let entries = vec![
        file("notes/week.md"),
        file("notes/pic/on-disk.png"),
        file("notes/pic/gone-from-disk.png"),
    ];
    let text =
        "![a](pic/on-disk.png) ![b](pic/gone-from-disk.png) ![c](/notes/pic/gone-from-disk.png)\n";
    assert_eq!(
        dead(view(root, entries, &[]), root, "notes/week.md", text),
        []
    );
}

#[test]
fn an_image_on_disk_but_not_staged_is_dead_with_the_git_add_command() {
    let tmp = tempdir();
    let root = tmp.path();
    touch(root, "pic/x.png");
    touch(root, "new/y.png");
    touch(root, "build/z.png");
    let v = view(root, vec![file("week.md")], &["build/"]);
    let text = "![x](pic/x.png)\n\n![y](new/y.png)\n\n![z](build/z.png)\n\n![w](pic/w.png)\n";
    assert_eq!(
        dead(v, root, "week.md", text),
        [
            (
                "image pic/x.png is not in the git index: the commit will not include it".into(),
                vec!["track it: git add pic/x.png".to_string()]
            ),
            (
                "image new/y.png is not in the git index: the commit will not include it".into(),
                vec!["track it: git add new/y.png".to_string()]
            ),
            (
                "image build/z.png is ignored by git: the commit will not include it".into(),
                vec!["stop ignoring it, or force it in: git add -f build/z.png".to_string()]
            ),
            (
                "image pic/w.png does not exist".into(),
                vec!["the nearest existing file is pic/x.png".to_string()]
            ),
        ]
    );
}

#[test]
fn letter_case_follows_the_index() {
    let tmp = tempdir();
    let root = tmp.path();
    // On disk with one spelling, staged with another (a rename git did
    // not see, as on a case-insensitive file system).
    touch(root, "pic/Chart.png");
    let v = view(root, vec![file("pic/chart.png")], &[]);
    assert_eq!(
        dead(v, root, "n.md", "![a](pic/Chart.png)\n"),
        [(
            "image pic/Chart.png is in git as pic/chart.png, with other letter case: GitHub will not show it".into(),
            vec!["rename it in git: git mv pic/chart.png pic/Chart.png".to_string()]
        )]
    );
    let v = view(root, vec![file("pic/chart.png")], &[]);
    assert_eq!(
        lookup(&v, root, "pic/CHART.png"),
        Lookup::CaseMismatch(vec![
            weeklint_core::fs::Match {
                path: root.join("pic/Chart.png"),
                written: "pic/Chart.png".into()
            },
            weeklint_core::fs::Match {
                path: root.join("pic/chart.png"),
                written: "pic/chart.png".into()
            },
        ])
    );
}

#[test]
fn folders_merge_the_index_and_the_disk() {
    let tmp = tempdir();
    let root = tmp.path();
    touch(root, "pic/a.png");
    touch(root, "pic/untracked.png");
    let v = view(
        root,
        vec![
            file("pic/a.png"),
            file("pic/staged-only.png"),
            file("pic/deep/b.png"),
            IndexEntry {
                path: "pic/link.png".into(),
                kind: IndexKind::Link,
            },
        ],
        &[],
    );
    let list = v.list(&root.join("pic")).expect("no list");
    let names: Vec<(String, EntryKind, bool)> = list
        .entries()
        .map(|e| (e.name.to_string_lossy().into_owned(), e.kind, e.link))
        .collect();
    assert_eq!(
        names,
        [
            ("a.png".to_string(), EntryKind::File, false),
            ("deep".to_string(), EntryKind::Dir, false),
            ("link.png".to_string(), EntryKind::File, true),
            ("staged-only.png".to_string(), EntryKind::File, false),
            ("untracked.png".to_string(), EntryKind::File, false),
        ]
    );
    assert!(v.list(&root.join("nowhere")).is_none());
    // A folder only the index has.
    assert_eq!(
        v.list(&root.join("pic/deep")).map(|l| l.entries().len()),
        Some(1)
    );
}

#[test]
fn submodules_and_paths_outside_the_work_tree_are_read_from_disk() {
    let tmp = tempdir();
    let root = tmp.path().join("repo");
    touch(&root, "vendor/theme/pic/logo.png");
    touch(tmp.path(), "shared/pic/s.png");
    let v = view(
        &root,
        vec![
            file("n.md"),
            IndexEntry {
                path: "vendor/theme".into(),
                kind: IndexKind::Submodule,
            },
        ],
        &[],
    );
    // Inside the submodule: the disk, not the outer index.
    let inner = v.list(&root.join("vendor/theme/pic"));
    assert_eq!(inner.map(|l| l.entries().len()), Some(1));
    let logo = root.join("vendor/theme/pic/logo.png");
    assert_eq!(v.git_status(&logo), WorkTree::new().git_status(&logo));
    assert!(v.list(&tmp.path().join("shared/pic")).is_some());
}

#[test]
fn ignored_files_are_listed_only_when_a_file_is_not_staged() {
    let tmp = tempdir();
    let root = tmp.path();
    touch(root, "pic/a.png");
    touch(root, "pic/b.png");
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&calls);
    let v = IndexView::new(
        root.to_path_buf(),
        vec![file("pic/a.png")],
        Box::new(move || {
            counter.fetch_add(1, Ordering::SeqCst);
            Err("git is not installed".to_string())
        }),
    );
    assert_eq!(v.git_status(&root.join("pic/a.png")), GitStatus::Tracked);
    assert_eq!(calls.load(Ordering::SeqCst), 0);
    let untracked = GitStatus::Untracked(RepoPath {
        repo: root.to_path_buf(),
        rel: "pic/b.png".into(),
    });
    assert_eq!(v.git_status(&root.join("pic/b.png")), untracked);
    assert_eq!(v.git_status(&root.join("pic/b.png")), untracked);
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    assert_eq!(
        v.notes(),
        [format!(
            "cannot ask git which files {} ignores: git is not installed",
            root.display()
        )]
    );
}
