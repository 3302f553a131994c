//! A folder's entries as data: sorted, indexed by name, searched by
//! letter case and by nearness for suggestions.

use std::ffi::OsStr;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::folded::{FoldedPaths, push_lowercase};

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
    /// `kinds`, in the same order: a folder read with its names in one
    /// buffer, not copied again.
    pub fn from_names(names: Names, kinds: Vec<(EntryKind, bool)>) -> Self {
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
        let mut offer = |folded: &str, i: usize| {
            if search.offer(folded) {
                best = Some(i);
            }
            search.within(nearest)
        };
        if self.indexed(&self.suggestions) {
            let files = self
                .suggestions
                .get_or_init(|| Suggestions::new(self.visible_files()));
            for (folded, i) in files.iter() {
                if offer(folded, i) {
                    break;
                }
            }
        } else {
            let mut folded = String::new();
            for (n, i) in self.visible_files() {
                folded.clear();
                crate::suggest::fold_into(&mut folded, n);
                if offer(&folded, i) {
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

/// Names as [`crate::suggest::fold_into`] folds them, one after another in one
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
            crate::suggest::fold_into(&mut this.folded, name);
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

/// Names, one after another in one buffer, each found by its number.
#[derive(Debug, Clone, Default)]
pub struct Names {
    #[cfg(unix)]
    bytes: Vec<u8>,
    /// Where each name ends in `bytes` (it starts where the last ended).
    #[cfg(unix)]
    ends: Vec<usize>,
    // Elsewhere a name's bytes cannot be made a name again without
    // `unsafe`: one string each.
    #[cfg(not(unix))]
    names: Vec<std::ffi::OsString>,
}

impl Names {
    /// Room for `names` names of `bytes` bytes in all.
    pub fn with_capacity(names: usize, bytes: usize) -> Self {
        #[cfg(unix)]
        return Names {
            bytes: Vec::with_capacity(bytes),
            ends: Vec::with_capacity(names),
        };
        #[cfg(not(unix))]
        {
            let _ = bytes;
            Names {
                names: Vec::with_capacity(names),
            }
        }
    }

    /// Add `name` after the others.
    pub fn push(&mut self, name: &OsStr) {
        #[cfg(unix)]
        {
            self.bytes.extend_from_slice(name.as_encoded_bytes());
            self.ends.push(self.bytes.len());
        }
        #[cfg(not(unix))]
        self.names.push(name.to_os_string());
    }

    /// Name `i`.
    pub fn get(&self, i: usize) -> &OsStr {
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt as _;
            let start = i.checked_sub(1).map_or(0, |j| self.ends[j]);
            OsStr::from_bytes(&self.bytes[start..self.ends[i]])
        }
        #[cfg(not(unix))]
        &self.names[i]
    }
}

#[cfg(test)]
mod tests;
