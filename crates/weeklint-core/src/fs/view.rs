//! The questions image rules ask of the outside world.

use std::ffi::OsStr;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::DirList;

/// Whether a file is in the git index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GitStatus {
    /// Not inside a git work tree, or git could not say (see [`FsView::notes`]).
    NoRepo,
    /// In the index.
    Tracked,
    /// In the index with other letter case.
    TrackedAs {
        /// The file on disk.
        at: RepoPath,
        /// The path as the index has it, relative to the repository.
        in_index: String,
    },
    /// On disk, not in the index, not ignored.
    Untracked(RepoPath),
    /// On disk and ignored by `.gitignore` or `info/exclude`.
    Ignored(RepoPath),
}

/// A path inside a git work tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepoPath {
    /// The work tree root.
    pub repo: PathBuf,
    /// `/`-separated, relative to `repo`.
    pub rel: String,
}

/// What image rules may ask of the file system.
pub trait FsView: Send + Sync + fmt::Debug {
    /// The entries of the folder `dir` (absolute), or `None` when it is not
    /// a readable folder.
    fn list(&self, dir: &Path) -> Option<Arc<DirList>>;

    /// Whether the file at `path` (absolute, in its real letter case) is in
    /// its repository's index.
    fn git_status(&self, path: &Path) -> GitStatus;

    /// [`FsView::git_status`] of the file `name` in the folder `dir`: the
    /// way image rules ask, once per image, with the folder in hand.
    fn git_status_in(&self, dir: &Path, name: &OsStr) -> GitStatus {
        self.git_status(&dir.join(name))
    }

    /// [`FsView::git_status_in`] for many files of the folder `dir`, with
    /// the folder looked up once: a file's images mostly share a folder,
    /// and a lookup shared by every thread costs more than the answer.
    fn git_folder(&self, dir: PathBuf) -> GitFolder<'_> {
        Box::new(move |name| self.git_status_in(&dir, name))
    }

    /// Whether the file at `path` (absolute), missing on disk, is in its
    /// repository's index but left out of a sparse checkout (git's
    /// skip-worktree flag): the commit and GitHub have it.
    fn outside_sparse_checkout(&self, _path: &Path) -> bool {
        false
    }

    /// The text of the Markdown file at `path` (absolute), when it can be
    /// read as UTF-8: for the anchors of a page a link points at that is
    /// not linted in this run.
    fn read_text(&self, _path: &Path) -> Option<String> {
        None
    }

    /// Problems worth telling the user once (git could not be run, …).
    fn notes(&self) -> Vec<String> {
        Vec::new()
    }

    /// Start reading, in the background, the git index of the repository
    /// holding `dir`, so that it overlaps with parsing (a hint: a view may
    /// do nothing).
    fn prefetch_index(self: Arc<Self>, _dir: PathBuf) {}
}

/// The git status of a file by its name, in a folder looked up once
/// ([`FsView::git_folder`]).
pub type GitFolder<'a> = Box<dyn Fn(&OsStr) -> GitStatus + 'a>;
