//! Folder listings as read: every name of a folder in one buffer, not a
//! string per entry. A journal's image folders hold thousands of names,
//! and a walk reads every folder.

use std::ffi::OsStr;
use std::path::Path;

/// What a folder entry itself is (links not followed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum EntryType {
    /// A regular file.
    File,
    /// A folder.
    Dir,
    /// A symbolic link.
    Symlink,
    /// Anything else.
    Other,
}

impl EntryType {
    /// A folder.
    pub fn is_dir(self) -> bool {
        self == EntryType::Dir
    }

    /// A regular file.
    pub fn is_file(self) -> bool {
        self == EntryType::File
    }

    /// A symbolic link.
    pub fn is_symlink(self) -> bool {
        self == EntryType::Symlink
    }
}

impl From<std::fs::FileType> for EntryType {
    fn from(t: std::fs::FileType) -> Self {
        if t.is_file() {
            EntryType::File
        } else if t.is_dir() {
            EntryType::Dir
        } else if t.is_symlink() {
            EntryType::Symlink
        } else {
            EntryType::Other
        }
    }
}

/// Names, one after another in one buffer, each found by its number.
#[derive(Debug, Clone, Default)]
pub(crate) struct Names {
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
    pub(crate) fn with_capacity(names: usize, bytes: usize) -> Self {
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

    pub(crate) fn push(&mut self, name: &OsStr) {
        #[cfg(unix)]
        {
            self.bytes.extend_from_slice(name.as_encoded_bytes());
            self.ends.push(self.bytes.len());
        }
        #[cfg(not(unix))]
        self.names.push(name.to_os_string());
    }

    /// Name `i`.
    pub(crate) fn get(&self, i: usize) -> &OsStr {
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

/// A folder's entries as read: the name and type of each (links not
/// followed), in the folder's order.
#[derive(Debug, Clone, Default)]
pub struct Listing {
    pub(crate) names: Names,
    pub(crate) types: Vec<EntryType>,
}

impl Listing {
    /// Each entry's name and type.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&OsStr, EntryType)> {
        self.types
            .iter()
            .enumerate()
            .map(|(i, &t)| (self.names.get(i), t))
    }

    fn push(&mut self, name: &OsStr, t: EntryType) {
        self.names.push(name);
        self.types.push(t);
    }
}

/// Read the folder `dir` (an entry that cannot be read is left out).
pub fn read_listing(dir: &Path) -> std::io::Result<Listing> {
    read(dir)
}

/// Linux: `getdents64` into one buffer, names copied straight from it
/// (the standard library makes two strings per entry).
#[cfg(any(target_os = "linux", target_os = "android"))]
fn read(dir: &Path) -> std::io::Result<Listing> {
    use rustix::fs::{FileType, Mode, OFlags, RawDir};
    let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
    let fd = rustix::fs::open(dir, flags, Mode::empty())?;
    let mut buf: Vec<u8> = Vec::with_capacity(32 * 1024);
    let mut entries = RawDir::new(fd, buf.spare_capacity_mut());
    let mut listing = Listing {
        names: Names::with_capacity(64, 1024),
        types: Vec::with_capacity(64),
    };
    while let Some(entry) = entries.next() {
        // A failed `getdents` ends the listing with what was read, as
        // `read_dir(…).flatten()` does.
        let Ok(entry) = entry else { break };
        let name = entry.file_name().to_bytes();
        if name == b"." || name == b".." {
            continue;
        }
        let name = {
            use std::os::unix::ffi::OsStrExt as _;
            OsStr::from_bytes(name)
        };
        let t = match entry.file_type() {
            FileType::RegularFile => EntryType::File,
            FileType::Directory => EntryType::Dir,
            FileType::Symlink => EntryType::Symlink,
            // Some file systems do not say: ask, as `read_dir` does.
            FileType::Unknown => match std::fs::symlink_metadata(dir.join(name)) {
                Ok(m) => m.file_type().into(),
                Err(_) => continue,
            },
            _ => EntryType::Other,
        };
        listing.push(name, t);
    }
    Ok(listing)
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn read(dir: &Path) -> std::io::Result<Listing> {
    let mut listing = Listing::default();
    for entry in std::fs::read_dir(dir)?.flatten() {
        if let Ok(t) = entry.file_type() {
            listing.push(&entry.file_name(), t.into());
        }
    }
    Ok(listing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_back_as_pushed() {
        let mut names = Names::default();
        for n in ["a.png", "", "图 1.png", "b"] {
            names.push(OsStr::new(n));
        }
        let back: Vec<_> = (0..4).map(|i| names.get(i)).collect();
        assert_eq!(back, ["a.png", "", "图 1.png", "b"]);
    }

    /// Every entry `read_dir` sees, with the same type, and nothing else.
    #[test]
    fn a_listing_is_what_read_dir_lists() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        for i in 0..2000 {
            // Long names: more than one `getdents` buffer.
            std::fs::write(dir.join(format!("{i:04}-{}.png", "x".repeat(40))), "").unwrap();
        }
        std::fs::create_dir(dir.join("sub")).unwrap();
        std::fs::write(dir.join(".hidden"), "").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(dir.join("sub"), dir.join("link")).unwrap();
        let mut ours: Vec<(String, EntryType)> = read_listing(dir)
            .unwrap()
            .iter()
            .map(|(n, t)| (n.to_string_lossy().into_owned(), t))
            .collect();
        let mut std_: Vec<(String, EntryType)> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .filter_map(|e| {
                Some((
                    e.file_name().to_string_lossy().into_owned(),
                    e.file_type().ok()?.into(),
                ))
            })
            .collect();
        ours.sort();
        std_.sort();
        assert_eq!(ours.len(), 2000 + 2 + usize::from(cfg!(unix)));
        assert_eq!(ours, std_);
        assert!(ours.contains(&("sub".to_string(), EntryType::Dir)));
    }

    #[test]
    fn a_file_or_nothing_is_not_a_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("a.md");
        std::fs::write(&file, "").unwrap();
        assert!(read_listing(&file).is_err());
        assert!(read_listing(&tmp.path().join("none")).is_err());
    }
}
