//! The file-system view that image rules ask: what a folder holds (with
//! the real letter case of each name), and whether a file is in its git
//! repository's index.
//!
//! One [`WorkTree`] serves a whole run and is shared by every thread: each
//! folder is listed once and each repository's index read once, however
//! many images point into them. The trait leaves room for a view backed by
//! the git index instead of the working tree (checking a commit to be).

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::borrow::{Borrow, Cow};
use std::ffi::{OsStr, OsString};
use std::fmt;
use std::hash::Hash;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError, RwLock};

mod listing;

use listing::Names;
pub use listing::{EntryType, Listing, read_listing};

/// What a folder entry is (symbolic links are followed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    /// A regular file.
    File,
    /// A folder.
    Dir,
    /// Anything else, or a broken link.
    Other,
}

/// One folder entry, with its name as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry<'a> {
    /// The name, in its real letter case.
    pub name: &'a OsStr,
    /// File, folder or other.
    pub kind: EntryKind,
    /// A symbolic link (`kind` is what it points at).
    pub link: bool,
}

/// An entry of a [`DirList`]: its name by number in the list's buffer.
#[derive(Debug, Clone, Copy)]
struct Slot {
    name: usize,
    kind: EntryKind,
    link: bool,
}

/// The entries of one folder: sorted by name, with an index by name for
/// exact lookups. Lookups by letter case and by nearness scan the entries;
/// a folder asked that way many times gets an index for each instead.
#[derive(Debug, Default)]
pub struct DirList {
    /// Every name, in one buffer.
    names: Names,
    /// The entries, sorted by name.
    slots: Vec<Slot>,
    /// Places in `slots` by the hash of the name: an image's lookup
    /// hashes its name once, where a binary search compares it a dozen
    /// times in a folder of hundreds.
    by_name: hashbrown::HashTable<usize>,
    /// Every name is ASCII (the common case): a scan by letter case then
    /// compares lengths and bytes only.
    ascii: bool,
    /// Scans so far by letter case or nearness. Most folders are asked
    /// once or twice (an image or two gone missing), where building an
    /// index costs more than the scan and holds memory to the end.
    scans: AtomicUsize,
    /// The names by their lowercase form.
    folded: OnceLock<FoldedPaths>,
    /// Visible files with their names folded for suggestions.
    suggestions: OnceLock<Suggestions>,
}

/// Scans of one folder before its indexes are built: past this, a scan
/// per query would grow with the square of a large folder.
const SCANS_BEFORE_INDEX: usize = 8;

impl DirList {
    /// A folder holding `entries`.
    pub fn new<'a>(entries: impl IntoIterator<Item = Entry<'a>>) -> Self {
        let mut names = Names::default();
        let mut kinds = Vec::new();
        for e in entries {
            names.push(e.name);
            kinds.push((e.kind, e.link));
        }
        Self::from_names(names, kinds)
    }

    /// Index the entries whose names are `names` and whose kinds are
    /// `kinds`, in the same order.
    fn from_names(names: Names, kinds: Vec<(EntryKind, bool)>) -> Self {
        let name = |i: usize| names.get(i).as_encoded_bytes();
        // Sorted: deterministic suggestions and listings. Names of one
        // folder mostly differ in their first 8 bytes, compared as one
        // number before any byte-by-byte comparison.
        let mut order: Vec<(u64, usize)> = (0..kinds.len())
            .map(|i| (sort_prefix(name(i)), i))
            .collect();
        order.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| name(a.1).cmp(name(b.1))));
        let slots: Vec<Slot> = order
            .into_iter()
            .map(|(_, i)| Slot {
                name: i,
                kind: kinds[i].0,
                link: kinds[i].1,
            })
            .collect();
        let name = |slot: &Slot| name(slot.name);
        let mut by_name = hashbrown::HashTable::with_capacity(slots.len());
        for (i, slot) in slots.iter().enumerate() {
            by_name.insert_unique(hash_bytes(name(slot)), i, |&j| hash_bytes(name(&slots[j])));
        }
        DirList {
            ascii: slots.iter().all(|s| name(s).is_ascii()),
            names,
            slots,
            by_name,
            scans: AtomicUsize::new(0),
            folded: OnceLock::new(),
            suggestions: OnceLock::new(),
        }
    }

    fn entry(&self, slot: &Slot) -> Entry<'_> {
        Entry {
            name: self.names.get(slot.name),
            kind: slot.kind,
            link: slot.link,
        }
    }

    /// Every entry, sorted by name.
    pub fn entries(&self) -> impl ExactSizeIterator<Item = Entry<'_>> {
        self.slots.iter().map(|s| self.entry(s))
    }

    /// Entry `i` of [`DirList::entries`].
    fn nth(&self, i: usize) -> Entry<'_> {
        self.entry(&self.slots[i])
    }

    /// The entry named exactly `name`.
    pub fn get(&self, name: &OsStr) -> Option<Entry<'_>> {
        self.by_name
            .find(hash_name(name), |&j| self.nth(j).name == name)
            .map(|&j| self.nth(j))
    }

    /// Whether this query should use (and if need be build) an index
    /// rather than scan: it is built, or enough scans were made.
    fn indexed<T>(&self, index: &OnceLock<T>) -> bool {
        index.get().is_some() || self.scans.fetch_add(1, Ordering::Relaxed) >= SCANS_BEFORE_INDEX
    }

    /// Entries whose name equals `name` ignoring letter case, by name.
    pub fn get_folded(&self, name: &str) -> Vec<Entry<'_>> {
        if self.indexed(&self.folded) {
            let folded = self
                .folded
                .get_or_init(|| FoldedPaths::new(self.entries().map(|e| e.name.to_string_lossy())));
            return folded.positions(name).map(|i| self.nth(i)).collect();
        }
        let mut key = String::with_capacity(name.len());
        push_lowercase(&mut key, name);
        if self.ascii {
            // Lowercase ASCII keeps its length.
            let key = key.as_bytes();
            return self
                .entries()
                .filter(|e| e.name.as_encoded_bytes().eq_ignore_ascii_case(key))
                .collect();
        }
        let mut lower = String::new();
        self.entries()
            .filter(|e| {
                let bytes = e.name.as_encoded_bytes();
                if bytes.is_ascii() {
                    // Lowercase ASCII keeps its length.
                    bytes.len() == key.len() && bytes.eq_ignore_ascii_case(key.as_bytes())
                } else {
                    lower.clear();
                    push_lowercase(&mut lower, &e.name.to_string_lossy());
                    lower == key
                }
            })
            .collect()
    }
}

impl DirList {
    /// The visible file whose name is nearest to `name` (a likely typo),
    /// by edit distance ignoring letter case; ties go to the first by name.
    pub fn nearest_file(&self, name: &str) -> Option<Entry<'_>> {
        let mut search = crate::suggest::Search::new(name);
        let mut best = None;
        // Without a file of this name in any letter case, one edit is the
        // nearest a name can be: the first at one edit wins.
        let nearest = usize::from(
            !self
                .get_folded(name)
                .iter()
                .any(|e| e.kind == EntryKind::File),
        );
        // Names are kept as text (a quarter of the memory of `char`s) and
        // decoded one at a time for the comparison.
        let mut chars: Vec<char> = Vec::new();
        let mut offer = |folded: &mut dyn Iterator<Item = char>, i: usize| {
            chars.clear();
            chars.extend(folded);
            if search.offer(&chars) {
                best = Some(i);
            }
            search.within(nearest)
        };
        if self.indexed(&self.suggestions) {
            let files = self
                .suggestions
                .get_or_init(|| Suggestions::new(self.visible_files()));
            for (folded, i) in files.iter() {
                if offer(&mut folded.chars(), i) {
                    break;
                }
            }
        } else {
            for (n, i) in self.visible_files() {
                let found = if n.is_ascii() {
                    offer(
                        &mut n.bytes().map(|b| char::from(b.to_ascii_lowercase())),
                        i,
                    )
                } else {
                    offer(&mut crate::suggest::fold(n), i)
                };
                if found {
                    break;
                }
            }
        }
        best.map(|i| self.nth(i))
    }

    /// Files that may be suggested, with their places: not hidden, and
    /// named in UTF-8.
    fn visible_files(&self) -> impl Iterator<Item = (&str, usize)> {
        self.entries()
            .enumerate()
            .filter(|(_, e)| e.kind == EntryKind::File)
            .filter_map(|(i, e)| Some((e.name.to_str()?, i)))
            .filter(|(n, _)| !n.starts_with('.'))
    }
}

/// The first 8 bytes of `name` as a number ordered as the bytes are
/// (shorter names padded with zeros, so equal prefixes still need the
/// names compared).
fn sort_prefix(name: &[u8]) -> u64 {
    if let Some(head) = name.first_chunk() {
        return u64::from_be_bytes(*head);
    }
    let mut key = [0; 8];
    key[..name.len()].copy_from_slice(name);
    u64::from_be_bytes(key)
}

/// The hash a folder's names are indexed by.
fn hash_name(name: &OsStr) -> u64 {
    hash_bytes(name.as_encoded_bytes())
}

fn hash_bytes(bytes: &[u8]) -> u64 {
    use std::hash::Hasher as _;
    let mut h = rustc_hash::FxHasher::default();
    h.write(bytes);
    h.finish()
}

/// Names as [`crate::suggest::fold`] folds them, one after another in one
/// buffer (a folder of many files would otherwise be a string each), each
/// with where it ends there and its entry.
#[derive(Debug, Default)]
struct Suggestions {
    folded: String,
    files: Vec<(usize, usize)>,
}

impl Suggestions {
    fn new<'a>(files: impl Iterator<Item = (&'a str, usize)>) -> Self {
        let mut this = Suggestions::default();
        for (name, i) in files {
            // `fold` of ASCII is its lowercase.
            if name.is_ascii() {
                push_lowercase(&mut this.folded, name);
            } else {
                this.folded.extend(crate::suggest::fold(name));
            }
            this.files.push((this.folded.len(), i));
        }
        this
    }

    /// Each folded name with its entry, in the order given.
    fn iter(&self) -> impl Iterator<Item = (&str, usize)> {
        let starts = std::iter::once(0).chain(self.files.iter().map(|&(end, _)| end));
        starts
            .zip(&self.files)
            .map(|(start, &(end, i))| (&self.folded[start..end], i))
    }
}

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

    /// Problems worth telling the user once (git could not be run, …).
    fn notes(&self) -> Vec<String> {
        Vec::new()
    }

    /// Start reading, in the background, the git index of the repository
    /// holding `dir`, so that it overlaps with parsing.
    fn prefetch_index(self: Arc<Self>, _dir: PathBuf) {}

    /// The entries of the folder `dir` (absolute), as a walk read them:
    /// [`FsView::list`] answers from them instead of reading the folder
    /// again.
    fn seed(&self, _dir: PathBuf, _listing: &Arc<Listing>) {}
}

/// The git status of a file by its name, in a folder looked up once
/// ([`FsView::git_folder`]).
pub type GitFolder<'a> = Box<dyn Fn(&OsStr) -> GitStatus + 'a>;

/// A map whose values are computed once per key, even when several
/// threads ask for the same key at the same time.
pub(crate) struct OnceMap<K, V> {
    cells: RwLock<HashMap<K, Arc<OnceLock<V>>>>,
}

impl<K: Eq + Hash, V: Clone> OnceMap<K, V> {
    pub(crate) fn new() -> Self {
        OnceMap {
            cells: RwLock::new(HashMap::default()),
        }
    }

    /// The value for `key`, computed by `init` if no thread has yet. The
    /// key is copied only on first use: lookups are the hot path.
    pub(crate) fn get_or_init<Q>(&self, key: &Q, init: impl FnOnce() -> V) -> V
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ToOwned<Owned = K> + ?Sized,
    {
        let cell = {
            let read = self.cells.read().unwrap_or_else(PoisonError::into_inner);
            let cell = read.get(key);
            // Computed already (nearly always): the value, without taking
            // the cell, whose count every thread would write.
            if let Some(value) = cell.and_then(|c| c.get()) {
                return value.clone();
            }
            cell.cloned()
        };
        let cell = cell.unwrap_or_else(|| {
            let mut write = self.cells.write().unwrap_or_else(PoisonError::into_inner);
            write.entry(key.to_owned()).or_default().clone()
        });
        cell.get_or_init(init).clone()
    }
}

impl<K, V> fmt::Debug for OnceMap<K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.cells.read().map_or(0, |c| c.len());
        write!(f, "OnceMap({n} entries)")
    }
}

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
    /// Folders a walk read, by path, until first listed.
    seeded: Mutex<HashMap<OsString, Arc<Listing>>>,
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
            seeded: Mutex::new(HashMap::default()),
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
            // The index file itself when it can be read, else git.
            let paths = crate::index_file::read_paths(repo).map_or_else(
                || git_output(repo, &["ls-files", "-z", "--cached", "--full-name"]),
                Ok,
            );
            match paths {
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
        self.dirs.get_or_init(dir.as_os_str(), || {
            let seeded = self
                .seeded
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .remove(dir.as_os_str());
            let listing = match seeded {
                Some(l) => l,
                None => Arc::new(read_listing(dir).ok()?),
            };
            // Once the walk has moved on, the names are taken, not copied.
            let listing = Arc::try_unwrap(listing).unwrap_or_else(|shared| (*shared).clone());
            Some(Arc::new(dir_list(dir, listing)))
        })
    }

    fn seed(&self, dir: PathBuf, listing: &Arc<Listing>) {
        self.seeded
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(dir.into_os_string(), Arc::clone(listing));
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
            git_paths(repo, LS_IGNORED)
                .map_err(|e| {
                    self.note(format!(
                        "cannot ask git which files {} ignores: {e}",
                        repo.display()
                    ));
                })
                .ok()
                .map(Ignored::new)
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

/// The listing of `dir`, with links followed to what they point at.
fn dir_list(dir: &Path, listing: Listing) -> DirList {
    let kinds = listing
        .iter()
        .map(|(name, t)| {
            let kind = match t {
                EntryType::File => EntryKind::File,
                EntryType::Dir => EntryKind::Dir,
                EntryType::Symlink => match std::fs::metadata(dir.join(name)) {
                    Ok(m) if m.is_file() => EntryKind::File,
                    Ok(m) if m.is_dir() => EntryKind::Dir,
                    _ => EntryKind::Other,
                },
                EntryType::Other => EntryKind::Other,
            };
            (kind, t.is_symlink())
        })
        .collect();
    DirList::from_names(listing.names, kinds)
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

/// Paths of a git index by their lowercase form, to tell a path that is
/// tracked in other letter case. When several paths fold alike, the first
/// by name answers, so the message is the same on every run.
#[derive(Debug, Default)]
pub(crate) struct FoldedPaths {
    folded: String,
    original: String,
    /// Where each path lies in `folded` and in `original`, and its place
    /// among the paths given; sorted by the folded form, then the original.
    keys: Vec<(Range<usize>, Range<usize>, usize)>,
}

impl FoldedPaths {
    pub(crate) fn new<S: AsRef<str>>(paths: impl IntoIterator<Item = S>) -> Self {
        let mut this = FoldedPaths::default();
        for p in paths {
            let p = p.as_ref();
            let f = this.folded.len();
            push_lowercase(&mut this.folded, p);
            let o = this.original.len();
            this.original.push_str(p);
            let place = this.keys.len();
            this.keys
                .push((f..this.folded.len(), o..this.original.len(), place));
        }
        let (folded, original) = (&this.folded, &this.original);
        this.keys.sort_unstable_by(|a, b| {
            folded[a.0.clone()]
                .cmp(&folded[b.0.clone()])
                .then_with(|| original[a.1.clone()].cmp(&original[b.1.clone()]))
        });
        this
    }

    /// The first path by name that equals `path` ignoring letter case.
    pub(crate) fn get(&self, path: &str) -> Option<&str> {
        self.matches(path)
            .next()
            .map(|(_, o, _)| &self.original[o.clone()])
    }

    /// Where the paths that equal `path` ignoring letter case were given,
    /// by name.
    pub(crate) fn positions(&self, path: &str) -> impl Iterator<Item = usize> + use<'_> {
        self.matches(path).map(|&(_, _, place)| place)
    }

    fn matches(
        &self,
        path: &str,
    ) -> impl Iterator<Item = &(Range<usize>, Range<usize>, usize)> + use<'_> {
        let mut key = String::with_capacity(path.len());
        push_lowercase(&mut key, path);
        let from = self
            .keys
            .partition_point(|(f, _, _)| self.folded[f.clone()] < *key);
        self.keys[from..]
            .iter()
            .take_while(move |(f, _, _)| self.folded[f.clone()] == *key)
    }
}

/// Append `s` in lowercase: byte by byte when it is ASCII, as most
/// paths are.
fn push_lowercase(out: &mut String, s: &str) {
    if s.is_ascii() {
        let from = out.len();
        out.push_str(s);
        out[from..].make_ascii_lowercase();
    } else {
        out.push_str(&s.to_lowercase());
    }
}

/// Ignored files, and ignored folders (listed once, with a trailing `/`).
#[derive(Debug)]
pub(crate) struct Ignored {
    files: HashSet<String>,
    dirs: Vec<String>,
}

impl Ignored {
    pub(crate) fn new(paths: Vec<String>) -> Self {
        let (dirs, files): (Vec<String>, Vec<String>) =
            paths.into_iter().partition(|p| p.ends_with('/'));
        Ignored {
            files: files.into_iter().collect(),
            dirs,
        }
    }

    pub(crate) fn contains(&self, rel: &str) -> bool {
        self.files.contains(rel) || self.dirs.iter().any(|d| rel.starts_with(d.as_str()))
    }
}

/// Run `git -C repo ARGS` and split its NUL-separated output.
/// The `git` arguments that list the files git ignores, NUL-separated and
/// relative to the work tree root, an ignored folder once with a final
/// `/` (what [`Ignored`] reads).
pub const LS_IGNORED: &[&str] = &[
    "ls-files",
    "-z",
    "--others",
    "--ignored",
    "--exclude-standard",
    "--directory",
    "--full-name",
];

fn git_paths(repo: &Path, args: &[&str]) -> Result<Vec<String>, String> {
    Ok(git_output(repo, args)?
        .split(|&b| b == 0)
        .filter(|p| !p.is_empty())
        .map(|p| String::from_utf8_lossy(p).into_owned())
        .collect())
}

/// Run `git -C repo ARGS`: its output, or why it failed.
fn git_output(repo: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let mut cmd = Command::new("git");
    cmd.arg("-C").arg(repo).args(args);
    // Each repository (a submodule too) is read from its own index, not
    // from one a hook's environment points at.
    for var in ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_PREFIX"] {
        cmd.env_remove(var);
    }
    let out = cmd.output().map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => "git is not installed".to_string(),
        _ => format!("cannot run git: {e}"),
    })?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        let first = stderr.lines().next().unwrap_or("git failed").trim();
        return Err(first.trim_start_matches("fatal: ").to_string());
    }
    Ok(out.stdout)
}

/// A path `/`-separated.
pub fn slash(path: &Path) -> String {
    let mut out = String::with_capacity(path.as_os_str().len());
    push_slash(&mut out, path);
    out
}

/// Append `path`, `/`-separated, to `out`.
pub fn push_slash(out: &mut String, path: &Path) {
    // `to_str` first: its check of valid (nearly always ASCII) names is
    // several times faster than lossy decoding, and it runs per file.
    let s = match path.to_str() {
        Some(s) => std::borrow::Cow::Borrowed(s),
        None => path.to_string_lossy(),
    };
    if std::path::MAIN_SEPARATOR == '/' {
        out.push_str(&s);
    } else {
        out.push_str(&s.replace(std::path::MAIN_SEPARATOR, "/"));
    }
}

/// Remove `.` and resolve `..` lexically (symbolic links are not followed).
pub fn normalize(path: &Path) -> PathBuf {
    if is_normal(path) {
        // The common case (a folder joined to the working folder), with
        // no path rebuilt a component at a time.
        return path.to_path_buf();
    }
    let mut out = PathBuf::with_capacity(path.as_os_str().len());
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => match out.components().next_back() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(".."),
            },
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// Whether `normalize` would give `path` back as it is: no `.` or `..`
/// names, no empty ones (`a//b`, `a/`). Only `/` paths are judged; any
/// other is not normal.
fn is_normal(path: &Path) -> bool {
    if std::path::MAIN_SEPARATOR != '/' {
        return false;
    }
    let bytes = path.as_os_str().as_encoded_bytes();
    let rest = bytes.strip_prefix(b"/").unwrap_or(bytes);
    // `/` alone, or nothing at all, comes back as it is.
    rest.is_empty()
        || rest
            .split(|&b| b == b'/')
            .all(|name| !matches!(name, b"" | b"." | b".."))
}

/// The folders a Markdown file's local images are relative to: the
/// project root for a path written with a leading `/`, else the file's
/// folder. Absolute (relative paths are taken from `env.cwd`), normalized.
#[derive(Debug, Clone)]
pub struct ImageBases {
    /// The Markdown file's folder.
    pub file_dir: PathBuf,
    /// The project root.
    pub root: PathBuf,
}

impl ImageBases {
    /// The bases for the Markdown file at `md_path`.
    pub fn new(env: &crate::LintEnv, md_path: &Path) -> Self {
        let dir = md_path.parent().unwrap_or(Path::new(""));
        ImageBases {
            file_dir: normalize(&env.cwd.join(dir)),
            root: normalize(&env.cwd.join(&env.root)),
        }
    }

    /// The base for a path written with (`true`) or without a leading `/`.
    pub fn get(&self, from_root: bool) -> &Path {
        if from_root {
            &self.root
        } else {
            &self.file_dir
        }
    }
}

/// One way a written path matched files on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// The file, absolute, in its real letter case.
    pub path: PathBuf,
    /// The written path with each name in its real letter case (`/`-separated,
    /// `.`, `..` and empty segments kept as written).
    pub written: String,
}

/// What a written path points at on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// A file, exactly as written.
    Found(PathBuf),
    /// No file as written, but these with other letter case.
    CaseMismatch(Vec<Match>),
    /// A folder, not a file.
    Folder,
    /// Nothing; `parent` is the folder that should hold the file, when it exists.
    Missing {
        /// The folder, absolute, in its real letter case.
        parent: Option<PathBuf>,
    },
}

/// At most this many case variants are collected (`A/b.png`, `a/B.png`, …).
const MAX_VARIANTS: usize = 8;

/// Find the file at `rel` (`/`-separated) under the folder `base`
/// (absolute), comparing each name with the real folder entries, so that
/// a letter-case difference is found even on a case-insensitive file
/// system.
pub fn lookup(view: &dyn FsView, base: &Path, rel: &str) -> Lookup {
    if let Some(found) = lookup_exact(view, base, rel) {
        return found;
    }
    let segments: Vec<&str> = rel.split('/').collect();
    let mut state = Walk {
        view,
        segments: &segments,
        exact: None,
        variants: Vec::new(),
        folder: false,
        parent: None,
    };
    let mut names: Vec<Cow<'_, str>> = segments.iter().map(|s| Cow::Borrowed(*s)).collect();
    state.walk(base.to_path_buf(), 0, &mut names, false);
    if let Some(p) = state.exact {
        Lookup::Found(p)
    } else if !state.variants.is_empty() {
        Lookup::CaseMismatch(state.variants)
    } else if state.folder {
        Lookup::Folder
    } else {
        Lookup::Missing {
            parent: state.parent,
        }
    }
}

/// The common case, without allocating per name: every name is found as
/// written. `None` sends the caller down the full walk.
fn lookup_exact(view: &dyn FsView, base: &Path, rel: &str) -> Option<Lookup> {
    let mut dir = base.to_path_buf();
    let mut names = rel
        .split('/')
        .filter(|s| !s.is_empty() && *s != ".")
        .peekable();
    while let Some(name) = names.next() {
        if name == ".." {
            dir.pop();
            continue;
        }
        let kind = view.list(&dir)?.get(OsStr::new(name))?.kind;
        dir.push(name);
        match (kind, names.peek().is_none()) {
            (EntryKind::File, true) => return Some(Lookup::Found(dir)),
            (EntryKind::Dir, false) => {}
            _ => return None,
        }
    }
    None
}

struct Walk<'a> {
    view: &'a dyn FsView,
    segments: &'a [&'a str],
    exact: Option<PathBuf>,
    variants: Vec<Match>,
    folder: bool,
    parent: Option<PathBuf>,
}

impl Walk<'_> {
    fn walk(&mut self, mut dir: PathBuf, mut i: usize, names: &mut [Cow<'_, str>], changed: bool) {
        // Skip what names no entry.
        while i < self.segments.len() && matches!(self.segments[i], "" | "." | "..") {
            if self.segments[i] == ".." {
                dir.pop();
            }
            i += 1;
        }
        let Some(&name) = self.segments.get(i) else {
            self.folder = true;
            return;
        };
        let last = self.segments[i + 1..]
            .iter()
            .all(|s| matches!(*s, "" | "."));
        let Some(list) = self.view.list(&dir) else {
            return;
        };
        let wanted = |e: &Entry<'_>| {
            if last { true } else { e.kind == EntryKind::Dir }
        };
        if let Some(e) = list.get(OsStr::new(name)).filter(|e| wanted(e)) {
            let path = dir.join(e.name);
            if last {
                match e.kind {
                    EntryKind::File if !changed => self.exact = Some(path),
                    EntryKind::File => self.push_variant(path, names),
                    _ => self.folder = true,
                }
            } else {
                self.walk(path, i + 1, names, changed);
            }
            return;
        }
        let mut any = false;
        for e in list.get_folded(name).into_iter().filter(|e| wanted(e)) {
            if last && e.kind != EntryKind::File {
                continue;
            }
            any = true;
            let real = Cow::Owned(e.name.to_string_lossy().into_owned());
            let saved = std::mem::replace(&mut names[i], real);
            let path = dir.join(e.name);
            if last {
                self.push_variant(path, names);
            } else {
                self.walk(path, i + 1, names, true);
            }
            names[i] = saved;
            if self.variants.len() >= MAX_VARIANTS {
                break;
            }
        }
        if !any && last {
            self.parent = Some(dir);
        }
    }

    fn push_variant(&mut self, path: PathBuf, names: &[Cow<'_, str>]) {
        if self.variants.len() < MAX_VARIANTS {
            self.variants.push(Match {
                path,
                written: names.join("/"),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn touch(path: &Path) {
        if let Some(p) = path.parent() {
            std::fs::create_dir_all(p).unwrap_or_default();
        }
        std::fs::write(path, b"x").unwrap_or_default();
    }

    #[test]
    fn normalize_keeps_normal_paths_and_cleans_others() {
        for (path, want) in [
            ("/a/b", "/a/b"),
            ("a/b.png", "a/b.png"),
            ("/", "/"),
            ("", ""),
            ("/a/./b", "/a/b"),
            ("/a/../b", "/b"),
            ("a//b/", "a/b"),
            ("./a", "a"),
            ("../a", "../a"),
            ("/..", "/"),
            ("a/..", ""),
            ("/a/.hidden/b", "/a/.hidden/b"),
            ("/a/..b/c", "/a/..b/c"),
        ] {
            assert_eq!(normalize(Path::new(path)), Path::new(want), "{path}");
            // The fast path agrees with the full one.
            if is_normal(Path::new(path)) {
                assert_eq!(path, want);
            }
        }
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
    fn folded_paths_answer_the_first_by_name_whatever_the_order_given() {
        let paths = ["pic/b.PNG", "pic/B.png", "Pic/Ä.png", "x.md"];
        let mut reversed = paths;
        reversed.reverse();
        for given in [paths, reversed] {
            let folded = FoldedPaths::new(given);
            assert_eq!(folded.get("PIC/b.png"), Some("pic/B.png"));
            assert_eq!(folded.get("pic/ä.PNG"), Some("Pic/Ä.png"));
            assert_eq!(folded.get("X.MD"), Some("x.md"));
            assert_eq!(folded.get("pic/c.png"), None);
            assert_eq!(folded.get("pic/b.pn"), None);
        }
        // Every match, by name, at the place it was given.
        let folded = FoldedPaths::new(["b.png", "a.PNG", "A.png", "a.pn"]);
        assert_eq!(folded.positions("A.Png").collect::<Vec<_>>(), [2, 1]);
        assert_eq!(folded.positions("c.png").count(), 0);
    }

    #[test]
    fn listings_are_sorted_by_name_bytes() {
        // Long shared prefixes, names that are prefixes of others, bytes
        // past ASCII, and a first byte past 0x7F.
        let mut names = vec![
            "screenshot-2023-06-18b.png",
            "screenshot-2023-06-18.png",
            "screenshot-2023-06-1.png",
            "a",
            "ab",
            "a.png",
            "A.png",
            "é.png",
            "e\u{301}.png",
            "zz",
            "Z",
            "",
            "abcdefgh",
            "abcdefg",
            "abcdefghi",
        ];
        let list = DirList::new(names.iter().rev().map(|n| Entry {
            name: OsStr::new(n),
            kind: EntryKind::File,
            link: false,
        }));
        names.sort_unstable_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
        let listed: Vec<_> = list.entries().map(|e| e.name.to_str()).collect();
        let names: Vec<_> = names.into_iter().map(Some).collect();
        assert_eq!(listed, names);
    }

    #[test]
    fn scans_and_indexes_answer_alike() {
        let names = [
            "a.png",
            "A.png",
            "a.PNG",
            "b.png",
            "B.jpg",
            "Straße.png",
            "STRASSE.png",
            "straße.PNG",
            "ΣΟΦΙΑ.png",
            "σοφια.png",
            "ÉTÉ.png",
            "été.png",
            ".a.png",
            "fig-1.png",
            "Fig-2.png",
            "fig-10.png",
            "dir.png",
            "Dir.PNG",
        ];
        // Every name, and the ASCII ones alone (a folder scanned by bytes).
        let ascii: Vec<&str> = names.into_iter().filter(|n| n.is_ascii()).collect();
        let compare = |names: &[&str]| {
            let make = || {
                DirList::new(names.iter().map(|n| Entry {
                    name: OsStr::new(n),
                    kind: if n.starts_with("dir") || n.starts_with("Dir") {
                        EntryKind::Dir
                    } else {
                        EntryKind::File
                    },
                    link: false,
                }))
            };
            let queries = [
                "A.PNG",
                "b.PNG",
                "b.jpg",
                "straße.png",
                "STRASSE.PNG",
                "σοφια.PNG",
                "ΣΟΦΙΑ.PNG",
                "ÉTÉ.PNG",
                ".A.png",
                "fig-3.png",
                "FIG-1.png",
                "dir.png",
                "nothing-like-it.gif",
                "",
            ];
            let answer = |list: &DirList, q: &str| -> (Vec<String>, Option<String>) {
                let name = |e: Entry<'_>| e.name.to_string_lossy().into_owned();
                let folded = list.get_folded(q).into_iter().map(name).collect();
                (folded, list.nearest_file(q).map(name))
            };
            // Each query on a fresh listing: a scan, as the listing shows after.
            let scanned: Vec<_> = queries
                .iter()
                .map(|q| {
                    let list = make();
                    let a = answer(&list, q);
                    assert!(list.folded.get().is_none() && list.suggestions.get().is_none());
                    a
                })
                .collect();
            let list = make();
            for _ in 0..SCANS_BEFORE_INDEX {
                list.get_folded("warm-up");
            }
            assert!(list.folded.get().is_none() && list.suggestions.get().is_none());
            let indexed: Vec<_> = queries.iter().map(|q| answer(&list, q)).collect();
            assert!(list.folded.get().is_some() && list.suggestions.get().is_some());
            assert_eq!(scanned, indexed);
            (list.ascii, indexed)
        };
        let (all_ascii, indexed) = compare(&names);
        assert!(!all_ascii);
        let (all_ascii, ascii_indexed) = compare(&ascii);
        assert!(all_ascii);
        // The answers themselves, as the index gives them.
        assert_eq!(indexed[0].0, ["A.png", "a.PNG", "a.png"]);
        assert_eq!(indexed[3].0, ["Straße.png", "straße.PNG"]);
        assert_eq!(indexed[4].0, ["STRASSE.png"]);
        assert_eq!(indexed[5].0, ["ΣΟΦΙΑ.png", "σοφια.png"]);
        assert_eq!(indexed[8].0, [".a.png"]);
        assert_eq!(indexed[9].1.as_deref(), Some("Fig-2.png"));
        assert_eq!(indexed[11].0, ["Dir.PNG", "dir.png"]);
        assert_eq!(indexed[12], (vec![], None));
        assert_eq!(ascii_indexed[0].0, ["A.png", "a.PNG", "a.png"]);
        // `ß` is two edits from `ss`: near, but not the same name.
        assert_eq!(ascii_indexed[3], (vec![], Some("STRASSE.png".to_string())));
        assert_eq!(ascii_indexed[4].0, ["STRASSE.png"]);
        assert_eq!(ascii_indexed[9].1.as_deref(), Some("Fig-2.png"));
        assert_eq!(ascii_indexed[11].0, ["Dir.PNG", "dir.png"]);
    }

    /// A UTF-8 name is appended as it is; one that is not, lossily.
    #[test]
    fn push_slash_appends_names_as_text() {
        let mut out = String::from("root/");
        push_slash(&mut out, Path::new("pic/图 1.png"));
        assert_eq!(out, "root/pic/图 1.png");
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt as _;
            let mut out = String::new();
            push_slash(&mut out, Path::new(OsStr::from_bytes(b"pic/a\xff.png")));
            assert_eq!(out, "pic/a\u{FFFD}.png");
        }
    }

    #[test]
    fn nearest_file_is_the_first_by_name_at_the_fewest_edits() {
        let entry = |name: &'static str, kind| Entry {
            name: OsStr::new(name),
            kind,
            link: false,
        };
        let list = DirList::new([
            entry("f4-5.png", EntryKind::File),
            entry("f44-5.png", EntryKind::Dir),
            entry("f44-6.png", EntryKind::File),
            entry("f0-0.png", EntryKind::File),
            entry(".f44-5.png", EntryKind::File),
            entry("F44-7.png", EntryKind::File),
        ]);
        let nearest = |name: &str| list.nearest_file(name).map(|e| e.name.to_string_lossy());
        // One edit from `F44-7.png`, `f4-5.png` and `f44-6.png`: the first
        // by name wins; folders and hidden files are never suggested.
        assert_eq!(nearest("f44-5.png").as_deref(), Some("F44-7.png"));
        assert_eq!(nearest("f0-1.png").as_deref(), Some("f0-0.png"));
        // A file of the same name in other letter case is nearer still.
        assert_eq!(nearest("F4-5.PNG").as_deref(), Some("f4-5.png"));
        assert_eq!(nearest("zzzzzzzz.jpg"), None);
    }

    proptest::proptest! {
        // Near names everywhere: a small alphabet in two letter cases, some
        // hidden names and folders, scanned and indexed listings alike.
        #[test]
        fn nearest_file_is_the_first_file_at_the_fewest_edits(
            names in proptest::collection::btree_set("[aAb.]{0,5}", 0..12),
            folders in proptest::collection::vec(proptest::bool::ANY, 12),
            query in "[aAb.]{0,5}",
        ) {
            let entries: Vec<Entry<'_>> = names
                .iter()
                .zip(&folders)
                .map(|(n, &folder)| Entry {
                    name: OsStr::new(n),
                    kind: if folder { EntryKind::Dir } else { EntryKind::File },
                    link: false,
                })
                .collect();
            let folded = |s: &str| s.to_ascii_lowercase();
            // By hand: among files not hidden, the fewest edits within the
            // limit, the first by name on a tie.
            let limit = (query.len() / 3).max(1);
            let list = DirList::new(entries.iter().copied());
            let mut want: Option<(usize, String)> = None;
            for e in list.entries() {
                let n = e.name.to_string_lossy();
                if e.kind != EntryKind::File || n.starts_with('.') {
                    continue;
                }
                let d = crate::suggest::edit_distance(&folded(&n), &folded(&query));
                if d <= limit && want.as_ref().is_none_or(|(best, _)| d < *best) {
                    want = Some((d, n.into_owned()));
                }
            }
            let want = want.map(|(_, n)| n);
            let got = |list: &DirList| list.nearest_file(&query).map(|e| e.name.to_string_lossy().into_owned());
            proptest::prop_assert_eq!(got(&list), want.as_ref().cloned());
            let indexed = DirList::new(entries.iter().copied());
            for _ in 0..SCANS_BEFORE_INDEX {
                indexed.get_folded("warm-up");
            }
            proptest::prop_assert_eq!(got(&indexed), want);
        }
    }

    #[test]
    fn lookup_finds_exact_case_variants_folders_and_missing() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        touch(&root.join("pic/CLIPasso1.png"));
        touch(&root.join("Pic2/a.png"));
        touch(&root.join("notes/x.md"));
        let view = WorkTree::new();
        assert_eq!(
            lookup(&view, root, "pic/CLIPasso1.png"),
            Lookup::Found(root.join("pic/CLIPasso1.png"))
        );
        assert_eq!(
            lookup(&view, &root.join("notes"), "../pic/./CLIPasso1.png"),
            Lookup::Found(root.join("pic/CLIPasso1.png"))
        );
        assert_eq!(
            lookup(&view, root, "pic/clipasso1.png"),
            Lookup::CaseMismatch(vec![Match {
                path: root.join("pic/CLIPasso1.png"),
                written: "pic/CLIPasso1.png".into()
            }])
        );
        assert_eq!(
            lookup(&view, &root.join("notes"), "../pic2/A.png"),
            Lookup::CaseMismatch(vec![Match {
                path: root.join("Pic2/a.png"),
                written: "../Pic2/a.png".into()
            }])
        );
        assert_eq!(lookup(&view, root, "pic"), Lookup::Folder);
        assert_eq!(
            lookup(&view, root, "pic/nope.png"),
            Lookup::Missing {
                parent: Some(root.join("pic"))
            }
        );
        assert_eq!(
            lookup(&view, root, "nope/a.png"),
            Lookup::Missing { parent: None }
        );
        // A file used as a folder.
        assert_eq!(
            lookup(&view, root, "pic/CLIPasso1.png/x"),
            Lookup::Missing { parent: None }
        );
    }

    #[test]
    fn one_listing_per_folder_shared_across_threads() {
        let tmp = tempfile::tempdir().unwrap();
        for i in 0..50 {
            touch(&tmp.path().join(format!("pic/{i}.png")));
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

    #[cfg(unix)]
    #[test]
    fn a_seeded_listing_is_answered_without_reading_the_folder_again() {
        let tmp = tempfile::tempdir().unwrap();
        let pic = tmp.path().join("pic");
        touch(&pic.join("a.png"));
        std::fs::create_dir_all(pic.join("sub")).unwrap();
        std::os::unix::fs::symlink(pic.join("sub"), pic.join("to-sub")).unwrap();
        let view = WorkTree::new();
        let listing = Arc::new(read_listing(&pic).unwrap());
        view.seed(pic.clone(), &listing);
        // Added after the walk read the folder: the seeded listing answers.
        touch(&pic.join("late.png"));
        let list = view.list(&pic).expect("no list");
        let names: Vec<_> = list.entries().map(|e| e.name.to_str()).collect();
        assert_eq!(names, [Some("a.png"), Some("sub"), Some("to-sub")]);
        // A link is listed as what it points at.
        let link = list.get("to-sub".as_ref()).map(|e| (e.kind, e.link));
        assert_eq!(link, Some((EntryKind::Dir, true)));
        // A folder not seeded is read from disk.
        assert!(
            view.list(tmp.path())
                .is_some_and(|l| l.get("pic".as_ref()).is_some())
        );
    }

    #[test]
    fn no_repository_means_no_git_status() {
        let tmp = tempfile::tempdir().unwrap();
        touch(&tmp.path().join("a.png"));
        // A temp dir is normally outside any repository.
        if WorkTree::new().repo_root(tmp.path()).is_none() {
            assert_eq!(
                WorkTree::new().git_status(&tmp.path().join("a.png")),
                GitStatus::NoRepo
            );
        }
    }
}
