//! The working tree as the rules see it: each folder listed once, each
//! repository's index read once, shared by every thread of a run.

use std::collections::HashSet;
use std::ffi::{OsStr, OsString};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use rustc_hash::FxHasher;

use weeklint_core::fs::{
    DirList, EntryKind, FoldedPaths, FsView, GitFolder, GitStatus, Names, RepoPath, slash,
};

use crate::git::{self, Ignored};
use crate::once_map::OnceMap;

/// The working tree as it is on disk, with each repository's index.
#[derive(Debug)]
///
/// Folders are keyed by their path's bytes, not as `Path`s: hashing a
/// `Path` parses its components, and each image asks about its folder.
pub struct WorkTree {
    dirs: OnceMap<OsString, Option<Arc<DirList>>>,
    /// The work tree root holding each folder asked about.
    repo_of: OnceMap<OsString, Option<PathBuf>>,
    indexes: OnceMap<OsString, Option<Arc<GitIndex>>>,
    /// For each folder of an image: its repository's index, and the
    /// folder's path in it (`pic/`), so a file costs one search of the
    /// index and no string.
    in_repo: OnceMap<OsString, Option<Arc<InRepo>>>,
    notes: Mutex<Vec<String>>,
}

impl Default for WorkTree {
    fn default() -> Self {
        WorkTree::new()
    }
}

impl WorkTree {
    /// An empty cache.
    pub fn new() -> Self {
        WorkTree {
            dirs: OnceMap::new(),
            repo_of: OnceMap::new(),
            indexes: OnceMap::new(),
            in_repo: OnceMap::new(),
            notes: Mutex::new(Vec::new()),
        }
    }

    fn note(&self, message: String) {
        let mut notes = self.notes.lock().unwrap_or_else(PoisonError::into_inner);
        if !notes.contains(&message) {
            notes.push(message);
        }
    }

    /// The root of the git work tree holding `dir`: the nearest folder with
    /// a `.git` folder or file (worktrees and submodules have a file, and a
    /// submodule is its own repository).
    fn repo_root(&self, dir: &Path) -> Option<PathBuf> {
        self.repo_of.get_or_init(dir.as_os_str(), || {
            if dir.join(".git").exists() {
                Some(dir.to_path_buf())
            } else {
                dir.parent().and_then(|p| self.repo_root(p))
            }
        })
    }

    fn index(&self, repo: &Path) -> Option<Arc<GitIndex>> {
        self.indexes.get_or_init(repo.as_os_str(), || {
            match git::index_paths(repo) {
                Ok(text) => Some(Arc::new(GitIndex::new(text))),
                Err(e) => {
                    self.note(format!(
                        "cannot read the git index of {}: {e}; untracked images are not reported there",
                        repo.display()
                    ));
                    None
                }
            }
        })
    }
}

impl FsView for WorkTree {
    fn list(&self, dir: &Path) -> Option<Arc<DirList>> {
        self.dirs
            .get_or_init(dir.as_os_str(), || read_dir_list(dir).map(Arc::new))
    }

    fn git_status(&self, path: &Path) -> GitStatus {
        let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
            return GitStatus::NoRepo;
        };
        self.git_status_in(dir, name)
    }

    fn git_status_in(&self, dir: &Path, name: &OsStr) -> GitStatus {
        self.status_at(self.in_repo(dir).as_deref(), name)
    }

    fn git_folder(&self, dir: PathBuf) -> GitFolder<'_> {
        let at = self.in_repo(&dir);
        Box::new(move |name| self.status_at(at.as_deref(), name))
    }

    fn outside_sparse_checkout(&self, path: &Path) -> bool {
        let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
            return false;
        };
        let Some(at) = self.in_repo(dir) else {
            return false;
        };
        // Only a file the index has can be left out of the checkout.
        if !at.tracks(name) {
            return false;
        }
        let skipped = at.index.skip_worktree.get_or_init(|| {
            git::skip_worktree(&at.repo)
                .map_err(|e| {
                    self.note(format!(
                        "cannot ask git which files {} leaves out of its checkout: {e}",
                        at.repo.display()
                    ));
                })
                .unwrap_or_default()
                .into_iter()
                .collect()
        });
        skipped.contains(&format!("{}{}", at.prefix, name.to_string_lossy()))
    }

    fn read_text(&self, path: &Path) -> Option<String> {
        // A page this large is not read for its anchors: its links are
        // not checked against them.
        const LARGEST: u64 = 16 << 20;
        let file = std::fs::File::open(path).ok()?;
        if file.metadata().ok()?.len() > LARGEST {
            return None;
        }
        let mut text = String::new();
        std::io::Read::read_to_string(&mut std::io::BufReader::new(file), &mut text).ok()?;
        Some(text)
    }

    fn notes(&self) -> Vec<String> {
        self.notes
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn prefetch_index(self: Arc<Self>, dir: PathBuf) {
        // Detached: whoever needs the index first waits for this thread's
        // result through the same cell; an unused result costs nothing.
        std::thread::spawn(move || {
            if let Some(repo) = self.repo_root(&dir) {
                self.index(&repo);
            }
        });
    }
}

impl WorkTree {
    /// The folder `dir`'s place in its repository's index.
    fn in_repo(&self, dir: &Path) -> Option<Arc<InRepo>> {
        self.in_repo.get_or_init(dir.as_os_str(), || {
            let repo = self.repo_root(dir)?;
            let index = self.index(&repo)?;
            let rel = dir.strip_prefix(&repo).ok()?;
            let mut prefix = slash(rel);
            if !prefix.is_empty() {
                prefix.push('/');
            }
            Some(Arc::new(InRepo {
                repo,
                paths: index.under(prefix.as_bytes()),
                index,
                prefix,
                names: OnceLock::new(),
            }))
        })
    }

    /// The git status of the file `name` in the folder at `at`.
    fn status_at(&self, at: Option<&InRepo>, name: &OsStr) -> GitStatus {
        let Some(at) = at else {
            return GitStatus::NoRepo;
        };
        let (repo, index) = (&at.repo, &at.index);
        if at.tracks(name) {
            return GitStatus::Tracked;
        }
        let rel = format!("{}{}", at.prefix, name.to_string_lossy());
        if let Some(in_index) = index.folded().get(&rel) {
            return GitStatus::TrackedAs {
                in_index: in_index.to_string(),
                at: RepoPath {
                    repo: repo.clone(),
                    rel,
                },
            };
        }
        let ignored = index.ignored.get_or_init(|| {
            git::ignored(repo)
                .map_err(|e| {
                    self.note(format!(
                        "cannot ask git which files {} ignores: {e}",
                        repo.display()
                    ));
                })
                .ok()
        });
        let at = RepoPath {
            repo: repo.clone(),
            rel,
        };
        match ignored {
            Some(ignored) if ignored.contains(&at.rel) => GitStatus::Ignored(at),
            _ => GitStatus::Untracked(at),
        }
    }
}

/// The entries of the folder `dir`, with links followed to what they
/// point at; `None` when it cannot be read. (An entry that cannot be read
/// is left out, as a listing shows what it can.)
fn read_dir_list(dir: &Path) -> Option<DirList> {
    let mut names = Names::with_capacity(64, 1024);
    let mut kinds = Vec::with_capacity(64);
    let mut add = |name: &OsStr, kind: EntryKind, link: bool| {
        names.push(name);
        kinds.push((kind, link));
    };
    let follow = |name: &OsStr| match std::fs::metadata(dir.join(name)) {
        Ok(m) if m.is_file() => EntryKind::File,
        Ok(m) if m.is_dir() => EntryKind::Dir,
        _ => EntryKind::Other,
    };
    read_dir(dir, &mut |name, t| match t {
        Type::File => add(name, EntryKind::File, false),
        Type::Dir => add(name, EntryKind::Dir, false),
        Type::Link => add(name, follow(name), true),
        Type::Other => add(name, EntryKind::Other, false),
    })
    .ok()?;
    Some(DirList::from_names(names, kinds))
}

/// What a folder entry itself is (links not followed).
enum Type {
    File,
    Dir,
    Link,
    Other,
}

impl From<std::fs::FileType> for Type {
    fn from(t: std::fs::FileType) -> Self {
        if t.is_file() {
            Type::File
        } else if t.is_dir() {
            Type::Dir
        } else if t.is_symlink() {
            Type::Link
        } else {
            Type::Other
        }
    }
}

/// Each entry of the folder `dir`, by name and type.
///
/// On Linux, `getdents64` into one buffer: `std::fs::read_dir` makes two
/// strings per entry, and image folders hold thousands (measured: the
/// listing costs a third less on the bench corpus's 38,500 images).
#[cfg(any(target_os = "linux", target_os = "android"))]
fn read_dir(dir: &Path, each: &mut dyn FnMut(&OsStr, Type)) -> std::io::Result<()> {
    use rustix::fs::{FileType, Mode, OFlags, RawDir};
    use std::os::unix::ffi::OsStrExt as _;
    let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
    let fd = rustix::fs::open(dir, flags, Mode::empty())?;
    let mut buf: Vec<u8> = Vec::with_capacity(32 * 1024);
    let mut entries = RawDir::new(fd, buf.spare_capacity_mut());
    // A failed `getdents` ends the listing with what was read, as
    // `read_dir(…).flatten()` does.
    while let Some(Ok(entry)) = entries.next() {
        let name = entry.file_name().to_bytes();
        if name == b"." || name == b".." {
            continue;
        }
        let name = OsStr::from_bytes(name);
        let t = match entry.file_type() {
            FileType::RegularFile => Type::File,
            FileType::Directory => Type::Dir,
            FileType::Symlink => Type::Link,
            // Some file systems do not say: ask, as `read_dir` does.
            FileType::Unknown => match std::fs::symlink_metadata(dir.join(name)) {
                Ok(m) => m.file_type().into(),
                Err(_) => continue,
            },
            _ => Type::Other,
        };
        each(name, t);
    }
    Ok(())
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn read_dir(dir: &Path, each: &mut dyn FnMut(&OsStr, Type)) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)?.flatten() {
        if let Ok(t) = entry.file_type() {
            each(&entry.file_name(), t.into());
        }
    }
    Ok(())
}

/// A folder's place in its repository.
#[derive(Debug)]
struct InRepo {
    repo: PathBuf,
    index: Arc<GitIndex>,
    /// The folder relative to `repo`, `/`-separated, with a final `/`
    /// (empty at the root).
    prefix: String,
    /// The index's paths under the folder.
    paths: Range<usize>,
    /// Those paths by the hash of their part after the folder: a folder's
    /// images are looked up one by one, each by one probe rather than a
    /// dozen comparisons.
    names: OnceLock<hashbrown::HashTable<usize>>,
}

impl InRepo {
    /// Whether the index holds the folder's file `name`.
    fn tracks(&self, name: &OsStr) -> bool {
        let index = &self.index;
        let dir_len = self.prefix.len();
        let after = |i: usize| {
            let (s, e) = index.paths[i];
            &index.text[s + dir_len..e]
        };
        let names = self.names.get_or_init(|| {
            let mut names = hashbrown::HashTable::with_capacity(self.paths.len());
            for i in self.paths.clone() {
                names.insert_unique(hash_bytes(after(i)), i, |&j| hash_bytes(after(j)));
            }
            names
        });
        let name = name.as_encoded_bytes();
        names
            .find(hash_bytes(name), |&i| after(i) == name)
            .is_some()
    }
}

/// The paths in one repository's index, as `git ls-files -z` prints them:
/// one buffer and a sorted table of where each path lies, searched
/// without a string per path (a repository can hold many thousands).
#[derive(Debug)]
struct GitIndex {
    text: Vec<u8>,
    /// Start and end of each path in `text`, sorted by path.
    paths: Vec<(usize, usize)>,
    /// The paths by their lowercase form; built when some file is not
    /// tracked as written.
    folded: OnceLock<FoldedPaths>,
    /// Asked only when some file is not tracked.
    ignored: OnceLock<Option<Ignored>>,
    /// Asked only when a tracked file is missing on disk.
    skip_worktree: OnceLock<HashSet<String>>,
}

impl GitIndex {
    /// Index NUL-separated paths.
    fn new(text: Vec<u8>) -> Self {
        // Counted first: the table of a large repository would otherwise
        // be copied a dozen times as it grows.
        let mut paths = Vec::with_capacity(memchr::memchr_iter(0, &text).count() + 1);
        let mut start = 0;
        for end in memchr::memchr_iter(0, &text).chain([text.len()]) {
            if end > start {
                paths.push((start, end));
            }
            start = end + 1;
        }
        // Git lists its index sorted by path bytes; sorting is a check then.
        let path = |&(s, e): &(usize, usize)| &text[s..e];
        if !paths.is_sorted_by(|a, b| path(a) <= path(b)) {
            paths.sort_unstable_by(|a, b| path(a).cmp(path(b)));
        }
        GitIndex {
            text,
            paths,
            folded: OnceLock::new(),
            ignored: OnceLock::new(),
            skip_worktree: OnceLock::new(),
        }
    }

    fn path(&self, i: usize) -> &[u8] {
        let (s, e) = self.paths[i];
        &self.text[s..e]
    }

    /// The paths that start with `dir` (a folder with its final `/`, or
    /// nothing for the root): a run of the sorted table.
    fn under(&self, dir: &[u8]) -> Range<usize> {
        let path = |&(s, e): &(usize, usize)| &self.text[s..e];
        let lo = self.paths.partition_point(|p| path(p) < dir);
        let len = self.paths[lo..].partition_point(|p| path(p).starts_with(dir));
        lo..lo + len
    }

    /// Whether the index holds the path `dir` followed by `name`, asked as
    /// image rules ask it: through the folder's place in the index.
    #[cfg(test)]
    fn contains(self: &Arc<Self>, dir: &str, name: &str) -> bool {
        let folder = InRepo {
            repo: PathBuf::new(),
            index: Arc::clone(self),
            prefix: dir.to_string(),
            paths: self.under(dir.as_bytes()),
            names: OnceLock::new(),
        };
        folder.tracks(OsStr::new(name))
    }

    fn folded(&self) -> &FoldedPaths {
        self.folded.get_or_init(|| {
            FoldedPaths::new((0..self.paths.len()).map(|i| String::from_utf8_lossy(self.path(i))))
        })
    }
}

fn hash_bytes(bytes: &[u8]) -> u64 {
    use std::hash::Hasher as _;
    let mut h = FxHasher::default();
    h.write(bytes);
    h.finish()
}

#[cfg(test)]
mod tests;
