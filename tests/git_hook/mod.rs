//! `weeklint check --staged` and `weeklint hook`, in real temporary git
//! repositories, with the real `git commit` running the installed hook.

mod fix;
mod hook;
mod links;
mod staged;

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{TODAY, run, weeklint, write};

/// Environment shared by git and weeklint: a fixed identity and today, and
/// no influence from the user's git config (a global `core.hooksPath`
/// would move the hooks) or from a git hook the tests run inside of.
fn isolate(cmd: &mut Command) {
    cmd.env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .env("WEEKLINT_TODAY", TODAY)
        .env("NO_COLOR", "1");
    for var in ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_PREFIX"] {
        cmd.env_remove(var);
    }
}

/// A git repository in a temporary folder.
struct Repo {
    _tmp: tempfile::TempDir,
    /// The work tree root.
    root: PathBuf,
}

impl Repo {
    /// `git init` in a new temporary folder, with `files` written (not added).
    fn new(files: &[(&str, &str)]) -> Repo {
        let tmp = tempfile::tempdir().expect("tempdir");
        let root = tmp.path().join("journal");
        std::fs::create_dir_all(&root).expect("mkdir");
        let repo = Repo { _tmp: tmp, root };
        repo.git(&["init", "-q"]);
        repo.git(&["config", "commit.gpgsign", "false"]);
        for (rel, content) in files {
            repo.write(rel, content);
        }
        repo
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    fn write(&self, rel: &str, content: &str) {
        write(&self.path(rel), content.as_bytes());
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    /// `git ARGS` in `dir`: success and both streams.
    fn git_in(&self, dir: &Path, args: &[&str]) -> (bool, String) {
        let mut cmd = Command::new("git");
        cmd.args(args).current_dir(dir);
        isolate(&mut cmd);
        let out = cmd.output().expect("git");
        let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
        text.push_str(&String::from_utf8_lossy(&out.stderr));
        (out.status.success(), text)
    }

    /// `git ARGS` at the root, which must succeed; its output.
    fn git(&self, args: &[&str]) -> String {
        let (ok, text) = self.git_in(&self.root, args);
        assert!(ok, "git {args:?} failed:\n{text}");
        text
    }

    /// `git commit -m MESSAGE` (the hook runs): success and output.
    fn commit(&self, message: &str) -> (bool, String) {
        self.git_in(&self.root, &["commit", "-q", "-m", message])
    }

    /// Commits so far.
    fn commits(&self) -> usize {
        let (ok, text) = self.git_in(&self.root, &["rev-list", "--count", "HEAD"]);
        if ok {
            text.trim().parse().unwrap_or(0)
        } else {
            0
        }
    }

    /// `weeklint ARGS` in `dir`: (exit code, stdout, stderr).
    fn weeklint_in(&self, dir: &Path, args: &[&str]) -> (i32, String, String) {
        let mut cmd = weeklint(dir);
        cmd.args(args)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1");
        for var in ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_PREFIX"] {
            cmd.env_remove(var);
        }
        run(&mut cmd)
    }

    /// `weeklint ARGS` at the root.
    fn weeklint(&self, args: &[&str]) -> (i32, String, String) {
        self.weeklint_in(&self.root, args)
    }
}

const PNG: &str = "\u{89}PNG";
