//! A file system held in memory: for tests and examples, so that the rules
//! can be run without a disk or git.

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{DirList, Entry, EntryKind, FsView, GitStatus, RepoPath, slash};

/// Folders, files and their git status, answering as the disk and the
/// git index would.
///
/// ```
/// use std::path::Path;
/// use weeklint_core::fs::{FsView, GitStatus, MemoryFs};
///
/// let fs = MemoryFs::new().repo("/j").file("/j/pic/a.png").untracked("/j/pic/b.png");
/// assert!(fs.list(Path::new("/j/pic")).is_some());
/// assert_eq!(fs.git_status(Path::new("/j/pic/a.png")), GitStatus::Tracked);
/// ```
#[derive(Debug, Default, Clone)]
pub struct MemoryFs {
    /// Every folder, with the names of its files and folders.
    dirs: BTreeMap<PathBuf, BTreeMap<String, EntryKind>>,
    /// The work tree root, when the files are in a git repository.
    repo: Option<PathBuf>,
    untracked: BTreeSet<PathBuf>,
    ignored: BTreeSet<PathBuf>,
    sparse: BTreeSet<PathBuf>,
    texts: BTreeMap<PathBuf, String>,
}

impl MemoryFs {
    /// An empty file system.
    pub fn new() -> Self {
        MemoryFs::default()
    }

    /// With a file at `path` (absolute), and the folders above it.
    pub fn file(mut self, path: impl AsRef<Path>) -> Self {
        self.add(path.as_ref(), EntryKind::File);
        self
    }

    /// With a file at `path` (absolute) holding `text`.
    pub fn text(mut self, path: impl AsRef<Path>, text: &str) -> Self {
        self.texts
            .insert(path.as_ref().to_path_buf(), text.to_string());
        self.file(path)
    }

    /// With a folder at `path` (absolute), and the folders above it.
    pub fn dir(mut self, path: impl AsRef<Path>) -> Self {
        self.add(path.as_ref(), EntryKind::Dir);
        self
    }

    /// The files under `root` are in a git work tree, and tracked unless
    /// said otherwise.
    pub fn repo(mut self, root: impl AsRef<Path>) -> Self {
        self.repo = Some(root.as_ref().to_path_buf());
        self.dir(root)
    }

    /// With a file at `path` that git does not track.
    pub fn untracked(mut self, path: impl AsRef<Path>) -> Self {
        self.untracked.insert(path.as_ref().to_path_buf());
        self.file(path)
    }

    /// With a file at `path` that git ignores.
    pub fn ignored(mut self, path: impl AsRef<Path>) -> Self {
        self.ignored.insert(path.as_ref().to_path_buf());
        self.file(path)
    }

    /// With a file at `path` in the index but left out of a sparse
    /// checkout: not on disk.
    pub fn sparse(mut self, path: impl AsRef<Path>) -> Self {
        self.sparse.insert(path.as_ref().to_path_buf());
        self
    }

    fn add(&mut self, path: &Path, kind: EntryKind) {
        self.dirs.entry(path.to_path_buf()).or_default();
        if kind == EntryKind::File {
            self.dirs.remove(path);
        }
        let (Some(parent), Some(name)) = (path.parent(), path.file_name()) else {
            return;
        };
        self.dirs
            .entry(parent.to_path_buf())
            .or_default()
            .insert(name.to_string_lossy().into_owned(), kind);
        self.add(parent, EntryKind::Dir);
    }

    fn is_file(&self, path: &Path) -> bool {
        let (Some(parent), Some(name)) = (path.parent(), path.file_name()) else {
            return false;
        };
        self.dirs
            .get(parent)
            .and_then(|d| d.get(name.to_string_lossy().as_ref()))
            == Some(&EntryKind::File)
    }
}

impl FsView for MemoryFs {
    fn list(&self, dir: &Path) -> Option<Arc<DirList>> {
        let names = self.dirs.get(dir)?;
        let entries = names.iter().map(|(name, &kind)| Entry {
            name: OsStr::new(name.as_str()),
            kind,
            link: false,
        });
        Some(Arc::new(DirList::new(entries)))
    }

    fn git_status(&self, path: &Path) -> GitStatus {
        let Some(repo) = &self.repo else {
            return GitStatus::NoRepo;
        };
        let Ok(rel) = path.strip_prefix(repo) else {
            return GitStatus::NoRepo;
        };
        let at = RepoPath {
            repo: repo.clone(),
            rel: slash(rel),
        };
        if self.ignored.contains(path) {
            GitStatus::Ignored(at)
        } else if self.untracked.contains(path) || !self.is_file(path) {
            GitStatus::Untracked(at)
        } else {
            GitStatus::Tracked
        }
    }

    fn outside_sparse_checkout(&self, path: &Path) -> bool {
        self.sparse.contains(path)
    }

    fn read_text(&self, path: &Path) -> Option<String> {
        self.texts.get(path).cloned()
    }
}
