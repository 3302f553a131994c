use std::path::Path;

use super::*;
use crate::test_util::{git, touch};

/// What `git ls-files` says the index holds.
fn ls_files(repo: &Path) -> Vec<u8> {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(["ls-files", "-z", "--cached", "--full-name"])
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_WORK_TREE")
        .output()
        .expect("git");
    assert!(out.status.success());
    out.stdout
}

fn repo_with_files() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    git(root, &["init", "-q"]);
    // Names of every padding length, nested folders, non-ASCII, spaces.
    for name in [
        "a.md",
        "ab.md",
        "abc.md",
        "abcd.md",
        "abcde.md",
        "abcdef.md",
        "abcdefg.md",
        "abcdefgh.md",
        "pic/CLIPasso1.png",
        "pic/图 1.png",
        "pic/deep/er/x y.png",
        "README.md",
    ] {
        touch(root, name);
    }
    git(root, &["add", "-A"]);
    git(root, &["commit", "-qm", "files"]);
    tmp
}

fn assert_same_as_git(repo: &Path) {
    let expected = ls_files(repo);
    assert!(!expected.is_empty());
    assert_eq!(
        read_paths(repo).map(|p| String::from_utf8_lossy(&p).into_owned()),
        Some(String::from_utf8_lossy(&expected).into_owned())
    );
}

#[test]
fn paths_match_git_ls_files_in_every_index_version() {
    let tmp = repo_with_files();
    let root = tmp.path();
    assert_same_as_git(root);
    // An intent-to-add entry has extended flags: version 3.
    touch(root, "pic/later.png");
    git(root, &["add", "-N", "pic/later.png"]);
    assert_same_as_git(root);
    // Version 4 compresses each path against the one before.
    git(root, &["update-index", "--index-version", "4"]);
    assert_same_as_git(root);
    git(root, &["update-index", "--index-version", "2"]);
    git(root, &["rm", "-q", "--cached", "pic/later.png"]);
    assert_same_as_git(root);
}

/// A file that hands out at most `step` bytes a read, so that entries
/// straddle every refill of the window.
struct Trickle<'a> {
    bytes: &'a [u8],
    step: usize,
}

impl std::io::Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.step.min(buf.len()).min(self.bytes.len());
        buf[..n].copy_from_slice(&self.bytes[..n]);
        self.bytes = &self.bytes[n..];
        Ok(n)
    }
}

#[test]
fn entries_are_read_across_window_refills() {
    let tmp = repo_with_files();
    let root = tmp.path();
    // More than one window of entries, with long names.
    for i in 0..800 {
        touch(
            root,
            &format!("pic/deep/folder/name/{i:04}-a-long-image-name.png"),
        );
    }
    // A path longer than the first look for its end.
    let long = format!("pic/{}/{}.png", "d".repeat(200), "n".repeat(200));
    touch(root, &long);
    touch(root, "pic/later.png");
    git(root, &["add", "pic"]);
    git(root, &["add", "-N", "pic/later.png"]);
    for version in ["3", "4", "2"] {
        if version == "2" {
            git(root, &["rm", "-q", "--cached", "pic/later.png"]);
        }
        git(root, &["update-index", "--index-version", version]);
        let bytes = std::fs::read(root.join(".git/index")).unwrap_or_default();
        assert!(version == "4" || bytes.len() > WINDOW, "{}", bytes.len());
        let expected = Some(ls_files(root));
        assert_eq!(read_paths(root), expected, "version {version}");
        for step in [1, 7, 64, 4099] {
            let file = Trickle {
                bytes: &bytes,
                step,
            };
            assert_eq!(
                parse_from(file, bytes.len()),
                expected,
                "version {version}, step {step}"
            );
        }
    }
}

#[test]
fn a_worktree_is_read_through_its_git_file() {
    let tmp = repo_with_files();
    let root = tmp.path();
    let elsewhere = tempfile::tempdir().unwrap();
    let other = elsewhere.path().join("wt");
    let other_arg = other.to_str().unwrap_or("wt");
    git(root, &["worktree", "add", "-q", "-b", "side", other_arg]);
    touch(&other, "only-here.png");
    git(&other, &["add", "only-here.png"]);
    assert!(other.join(".git").is_file());
    assert_same_as_git(&other);
}

#[test]
fn a_split_index_is_left_to_git() {
    let tmp = repo_with_files();
    git(tmp.path(), &["update-index", "--split-index"]);
    assert_eq!(read_paths(tmp.path()), None);
}

#[test]
fn a_sha256_repository_is_left_to_git() {
    let tmp = tempfile::tempdir().unwrap();
    git(tmp.path(), &["init", "-q", "--object-format=sha256"]);
    touch(tmp.path(), "pic/a.png");
    git(tmp.path(), &["add", "-A"]);
    assert!(!ls_files(tmp.path()).is_empty());
    assert_eq!(sha1_names(&tmp.path().join(".git")), Some(false));
    assert_eq!(read_paths(tmp.path()), None);
    let sha1 = repo_with_files();
    assert_eq!(sha1_names(&sha1.path().join(".git")), Some(true));
}

#[test]
fn damaged_or_unknown_indexes_are_left_to_git() {
    let tmp = repo_with_files();
    let bytes = std::fs::read(tmp.path().join(".git/index")).unwrap_or_default();
    assert!(parse(&bytes).is_some());
    // Cut short, or a name length that does not match the name.
    assert_eq!(parse(&bytes[..bytes.len() - 30]), None);
    let mut wrong = bytes.clone();
    wrong[12 + FLAGS_AT + 1] ^= 0x01;
    assert_eq!(parse(&wrong), None);
    // Another signature or version.
    let mut other = bytes;
    other[7] = 9;
    assert_eq!(parse(&other), None);
    assert_eq!(parse(b"DIRC"), None);
    assert_eq!(parse(b""), None);
}

#[test]
fn varints_decode_as_git_writes_them() {
    assert_eq!(varint(&[0x00], 0), Some((0, 1)));
    assert_eq!(varint(&[0x7F], 0), Some((127, 1)));
    // 128 is written 0x80 0x00: each continuation adds one.
    assert_eq!(varint(&[0x80, 0x00], 0), Some((128, 2)));
    assert_eq!(varint(&[0x81, 0x7F], 0), Some((383, 2)));
    assert_eq!(varint(&[0x80], 0), None);
}
