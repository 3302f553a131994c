//! The file-system view of a commit to be: the files in the git index,
//! not the working tree.
//!
//! `weeklint check --staged` lints what `git commit` would record, so an
//! image counts only when it is in the index. Files on disk that the index
//! lacks (never added, or removed with `git rm --cached`) are still
//! listed, and reported untracked, so that `dead-image` says why the image
//! is missing and names the `git add` command. Files in the index but
//! deleted on disk are there: the commit has them. Folders outside the
//! work tree, and submodules (their own repositories), are what they are
//! on disk.
//!
//! The view runs no process: the caller reads the index (`git ls-files`)
//! and hands in its paths, with a function that lists the ignored files,
//! called only if a file on disk is missing from the index.

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::ffi::OsStr;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use weeklint_core::fs::{
    DirList, Entry, EntryKind, FoldedPaths, FsView, GitStatus, RepoPath, slash,
};

use super::Ignored;
use crate::once_map::OnceMap;
use crate::worktree::WorkTree;

/// What a path in the index is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexKind {
    /// A regular file (executable or not).
    File,
    /// A symbolic link.
    Link,
    /// A submodule (a commit of another repository).
    Submodule,
}

/// One path of the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexEntry {
    /// `/`-separated, relative to the work tree root.
    pub path: String,
    /// File, link or submodule.
    pub kind: IndexKind,
}

/// Lists the paths git ignores in the work tree (ignored folders with a
/// final `/`), relative to its root; or says why it cannot.
pub type ListIgnored = Box<dyn Fn() -> Result<Vec<String>, String> + Send + Sync>;

/// What a folder of the index holds under one name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Child {
    File,
    Link,
    Dir,
    Submodule,
}

/// The git index of one work tree, seen as a file system.
pub struct IndexView {
    /// The work tree root, absolute.
    root: PathBuf,
    /// Files and links in the index.
    files: HashSet<String>,
    /// Folder (`""` for the root) → its names in the index.
    children: HashMap<String, BTreeMap<String, Child>>,
    submodules: HashSet<String>,
    /// Lowercased path → the path as the index has it.
    folded: OnceLock<FoldedPaths>,
    /// The working tree, for what the index does not decide.
    disk: WorkTree,
    lists: OnceMap<PathBuf, Option<Arc<DirList>>>,
    list_ignored: ListIgnored,
    ignored: OnceLock<Option<Ignored>>,
    notes: Mutex<Vec<String>>,
}

impl fmt::Debug for IndexView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IndexView")
            .field("root", &self.root)
            .field("files", &self.files.len())
            .finish_non_exhaustive()
    }
}

impl IndexView {
    /// The index of the work tree at `root` (absolute), holding `entries`.
    pub fn new(root: PathBuf, entries: Vec<IndexEntry>, list_ignored: ListIgnored) -> Self {
        let mut files = HashSet::default();
        let mut submodules = HashSet::default();
        let mut children: HashMap<String, BTreeMap<String, Child>> = HashMap::default();
        for entry in entries {
            let child = match entry.kind {
                IndexKind::File => Child::File,
                IndexKind::Link => Child::Link,
                IndexKind::Submodule => Child::Submodule,
            };
            let mut dir = "";
            let mut rest = entry.path.as_str();
            while let Some(i) = rest.find('/') {
                let (name, tail) = (&rest[..i], &rest[i + 1..]);
                children
                    .entry(dir.to_string())
                    .or_default()
                    .entry(name.to_string())
                    .or_insert(Child::Dir);
                dir = &entry.path[..entry.path.len() - tail.len() - 1];
                rest = tail;
            }
            children
                .entry(dir.to_string())
                .or_default()
                .entry(rest.to_string())
                .or_insert(child);
            match entry.kind {
                IndexKind::Submodule => submodules.insert(entry.path),
                IndexKind::File | IndexKind::Link => files.insert(entry.path),
            };
        }
        IndexView {
            root,
            files,
            children,
            submodules,
            folded: OnceLock::new(),
            disk: WorkTree::new(),
            lists: OnceMap::new(),
            list_ignored,
            ignored: OnceLock::new(),
            notes: Mutex::new(Vec::new()),
        }
    }

    /// `path` relative to the root, when the index decides what it is:
    /// inside the work tree and not inside a submodule.
    fn inside(&self, path: &Path) -> Option<String> {
        let rel = slash(path.strip_prefix(&self.root).ok()?);
        let in_submodule = !self.submodules.is_empty()
            && rel
                .match_indices('/')
                .map(|(i, _)| &rel[..i])
                .chain([rel.as_str()])
                .any(|prefix| self.submodules.contains(prefix));
        (!in_submodule).then_some(rel)
    }

    fn merged(&self, dir: &Path, rel: &str) -> Option<DirList> {
        let staged = self.children.get(rel);
        let disk = self.disk.list(dir);
        if staged.is_none() && disk.is_none() {
            return None;
        }
        let on_disk = |name: &str| disk.as_ref().and_then(|d| d.get(OsStr::new(name)));
        let mut entries = Vec::new();
        for (name, child) in staged.into_iter().flatten() {
            let (kind, link) = match child {
                Child::File => (EntryKind::File, false),
                Child::Dir | Child::Submodule => (EntryKind::Dir, false),
                // Only the disk knows what a link points at.
                Child::Link => (on_disk(name).map_or(EntryKind::File, |e| e.kind), true),
            };
            entries.push(Entry {
                name: OsStr::new(name),
                kind,
                link,
            });
        }
        // Files the index lacks stay visible, so that they are reported as
        // not staged rather than as missing.
        for e in disk.iter().flat_map(|d| d.entries()) {
            let known = staged.is_some_and(|s| s.contains_key(e.name.to_string_lossy().as_ref()));
            if !known {
                entries.push(e);
            }
        }
        Some(DirList::new(entries))
    }

    fn folded(&self) -> &FoldedPaths {
        self.folded.get_or_init(|| FoldedPaths::new(&self.files))
    }

    fn ignored(&self) -> Option<&Ignored> {
        self.ignored
            .get_or_init(|| match (self.list_ignored)() {
                Ok(paths) => Some(Ignored::new(paths)),
                Err(e) => {
                    self.note(format!(
                        "cannot ask git which files {} ignores: {e}",
                        self.root.display()
                    ));
                    None
                }
            })
            .as_ref()
    }

    fn note(&self, message: String) {
        let mut notes = self.notes.lock().unwrap_or_else(PoisonError::into_inner);
        if !notes.contains(&message) {
            notes.push(message);
        }
    }
}

impl FsView for IndexView {
    fn list(&self, dir: &Path) -> Option<Arc<DirList>> {
        let Some(rel) = self.inside(dir) else {
            return self.disk.list(dir);
        };
        self.lists
            .get_or_init(dir, || self.merged(dir, &rel).map(Arc::new))
    }

    fn git_status(&self, path: &Path) -> GitStatus {
        let Some(rel) = self.inside(path) else {
            return self.disk.git_status(path);
        };
        if self.files.contains(&rel) {
            return GitStatus::Tracked;
        }
        let at = RepoPath {
            repo: self.root.clone(),
            rel,
        };
        if let Some(in_index) = self.folded().get(&at.rel) {
            return GitStatus::TrackedAs {
                in_index: in_index.to_string(),
                at,
            };
        }
        match self.ignored() {
            Some(ignored) if ignored.contains(&at.rel) => GitStatus::Ignored(at),
            _ => GitStatus::Untracked(at),
        }
    }

    /// The page as it is on disk. A page staged in this commit is linted
    /// in the run, and links to it are judged against its staged text;
    /// this is asked only of pages not staged, whose index content is
    /// their disk content unless they have unstaged changes.
    fn read_text(&self, path: &Path) -> Option<String> {
        self.disk.read_text(path)
    }

    fn notes(&self) -> Vec<String> {
        let mut notes = self
            .notes
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        notes.extend(self.disk.notes());
        notes
    }
}

#[cfg(test)]
mod tests;
