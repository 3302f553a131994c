//! The paths of a git index, read from the index file itself.
//!
//! Asking `git ls-files` costs a process: a few milliseconds, which is most
//! of a pre-commit run on one file. The index format (`DIRC`, versions 2
//! to 4) is simple for what is needed here, the paths; anything this reader
//! does not know (a split or sparse index, SHA-256 object names, an entry
//! or extension that does not add up) sends the caller back to git.
//! See git's `Documentation/gitformat-index.txt`.

use std::path::{Path, PathBuf};

/// Bytes of an entry before its flags: ctime, mtime, dev, ino, mode, uid,
/// gid, size (4 bytes each, the times 8), then a SHA-1 object name.
const STAT_LEN: usize = 40;
const OID_LEN: usize = 20;
const FLAGS_AT: usize = STAT_LEN + OID_LEN;
const MODE_AT: usize = 24;
/// A folder entry of a sparse index.
const MODE_DIR: u32 = 0o040000;
const EXTENDED: u16 = 0x4000;
const NAME_MASK: u16 = 0x0FFF;

/// The paths in the index of the work tree at `repo`, each followed by a
/// NUL, as `git ls-files -z --cached --full-name` prints them; `None` when
/// git should be asked instead.
pub(crate) fn read_paths(repo: &Path) -> Option<Vec<u8>> {
    let dir = git_dir(repo)?;
    if !sha1_names(&dir)? {
        return None;
    }
    let index = std::fs::read(dir.join("index")).ok()?;
    parse(&index)
}

/// Whether the repository names objects with SHA-1 (20 bytes, the size
/// entries are read with): its config sets no other `objectFormat`. A
/// worktree's config is its main repository's (`commondir`).
fn sha1_names(git_dir: &Path) -> Option<bool> {
    let common = match std::fs::read_to_string(git_dir.join("commondir")) {
        Ok(rel) => git_dir.join(rel.trim()),
        Err(_) => git_dir.to_path_buf(),
    };
    let config = std::fs::read_to_string(common.join("config")).ok()?;
    Some(!config.to_ascii_lowercase().contains("objectformat"))
}

/// The git folder of the work tree at `repo`: `.git`, or where a `.git`
/// file (a worktree, a submodule) points.
fn git_dir(repo: &Path) -> Option<PathBuf> {
    let dot_git = repo.join(".git");
    let meta = std::fs::metadata(&dot_git).ok()?;
    if meta.is_dir() {
        return Some(dot_git);
    }
    let text = std::fs::read_to_string(&dot_git).ok()?;
    let target = text.lines().next()?.strip_prefix("gitdir:")?.trim();
    Some(repo.join(target))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
}

/// The paths of the index file `bytes`, NUL-terminated, in index order.
pub(crate) fn parse(bytes: &[u8]) -> Option<Vec<u8>> {
    if bytes.get(..4)? != b"DIRC" {
        return None;
    }
    let version = u32_at(bytes, 4)?;
    if !(2..=4).contains(&version) {
        return None;
    }
    let count = usize::try_from(u32_at(bytes, 8)?).ok()?;
    // The file ends with the checksum of all before it.
    let end = bytes.len().checked_sub(OID_LEN)?;
    let mut out = Vec::with_capacity(end.min(count.saturating_mul(32)));
    let mut previous: Vec<u8> = Vec::new();
    let mut at = 12;
    for _ in 0..count {
        let entry = at;
        if u32_at(bytes, entry + MODE_AT)? == MODE_DIR {
            // A sparse index: `ls-files` lists the files under the folder.
            return None;
        }
        let flags = u16_at(bytes, entry + FLAGS_AT)?;
        let mut name_at = entry + FLAGS_AT + 2;
        if flags & EXTENDED != 0 {
            if version < 3 {
                return None;
            }
            name_at += 2;
        }
        let name_len = usize::from(flags & NAME_MASK);
        if version == 4 {
            // The name is the previous one less `strip` bytes, plus a
            // NUL-terminated suffix; entries are not padded.
            let (strip, suffix_at) = varint(bytes, name_at)?;
            let suffix_len = memchr::memchr(0, bytes.get(suffix_at..end)?)?;
            let keep = previous.len().checked_sub(usize::try_from(strip).ok()?)?;
            previous.truncate(keep);
            previous.extend_from_slice(&bytes[suffix_at..suffix_at + suffix_len]);
            at = suffix_at + suffix_len + 1;
            if name_len != usize::from(NAME_MASK) && name_len != previous.len() {
                return None;
            }
            out.extend_from_slice(&previous);
        } else {
            let len = memchr::memchr(0, bytes.get(name_at..end)?)?;
            if name_len != usize::from(NAME_MASK) && name_len != len {
                return None;
            }
            // Padded with 1 to 8 NULs to a multiple of 8 bytes.
            let next = entry + ((name_at - entry + len + 8) & !7);
            if next > end || bytes[name_at + len..next].iter().any(|&b| b != 0) {
                return None;
            }
            out.extend_from_slice(&bytes[name_at..name_at + len]);
            at = next;
        }
        out.push(0);
    }
    // Extensions: a signature, a size, the data. A split index keeps its
    // entries in another file; a sparse one has folder entries.
    while at < end {
        let signature = bytes.get(at..at + 4)?;
        if signature == b"link" || signature == b"sdir" {
            return None;
        }
        let size = usize::try_from(u32_at(bytes, at + 4)?).ok()?;
        at = at.checked_add(8)?.checked_add(size)?;
    }
    (at == end).then_some(out)
}

/// Git's variable-length integer (`decode_varint`): 7 bits a byte, most
/// significant first, each continuation adding one.
fn varint(bytes: &[u8], mut at: usize) -> Option<(u64, usize)> {
    let mut byte = *bytes.get(at)?;
    at += 1;
    let mut value = u64::from(byte & 0x7F);
    while byte & 0x80 != 0 {
        byte = *bytes.get(at)?;
        at += 1;
        value = value
            .checked_add(1)?
            .checked_mul(128)?
            .checked_add(u64::from(byte & 0x7F))?;
    }
    Some((value, at))
}

#[cfg(test)]
mod tests;
