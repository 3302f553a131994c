//! The paths of a git index, read from the index file itself.
//!
//! Asking `git ls-files` costs a process: a few milliseconds, which is most
//! of a pre-commit run on one file. The index format (`DIRC`, versions 2
//! to 4) is simple for what is needed here, the paths; anything this reader
//! does not know (a split or sparse index, SHA-256 object names, an entry
//! or extension that does not add up) sends the caller back to git.
//! See git's `Documentation/gitformat-index.txt`.

use std::io::Read;
use std::path::Path;

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
pub(super) fn read_paths(repo: &Path) -> Option<Vec<u8>> {
    let dir = super::git_dir(repo)?;
    if !sha1_names(&dir)? {
        return None;
    }
    let file = std::fs::File::open(dir.join("index")).ok()?;
    let len = usize::try_from(file.metadata().ok()?.len()).ok()?;
    parse_from(file, len)
}

/// Whether the repository names objects with SHA-1 (20 bytes, the size
/// entries are read with): its config sets no other `objectFormat`. A
/// worktree's config is its main repository's (`commondir`).
fn sha1_names(git_dir: &Path) -> Option<bool> {
    let config = std::fs::read_to_string(super::common_dir(git_dir).join("config")).ok()?;
    Some(!config.to_ascii_lowercase().contains("objectformat"))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
}

/// The paths of the index file `bytes`, NUL-terminated, in index order.
pub(crate) fn parse(bytes: &[u8]) -> Option<Vec<u8>> {
    parse_from(bytes, bytes.len())
}

/// Bytes of the index read at a time: the paths are kept, and the rest of
/// each entry (two thirds of the file) is only passed through this window
/// (a large repository's index is megabytes, each page of it new memory
/// to touch).
const WINDOW: usize = 64 * 1024;
/// The longest entry read: git's paths are at most a few kilobytes.
const MAX_ENTRY: usize = 1 << 20;

/// [`parse`] of the `len` bytes of an index file read from `file`.
fn parse_from(file: impl Read, len: usize) -> Option<Vec<u8>> {
    let mut w = Window {
        file,
        buf: vec![0; WINDOW],
        at: 0,
        filled: 0,
        offset: 0,
    };
    let head = w.need(12)?;
    if &head[..4] != b"DIRC" {
        return None;
    }
    let version = u32_at(head, 4)?;
    if !(2..=4).contains(&version) {
        return None;
    }
    let count = usize::try_from(u32_at(head, 8)?).ok()?;
    w.consume(12);
    // The file ends with the checksum of all before it.
    let end = len.checked_sub(OID_LEN)?;
    let mut out = Vec::with_capacity(end.min(count.saturating_mul(32)));
    let mut previous: Vec<u8> = Vec::new();
    for _ in 0..count {
        // Offsets are from the entry's start; it may take `room` bytes.
        let room = end.checked_sub(w.offset)?;
        let entry = w.need(FLAGS_AT + 2)?;
        if u32_at(entry, MODE_AT)? == MODE_DIR {
            // A sparse index: `ls-files` lists the files under the folder.
            return None;
        }
        let flags = u16_at(entry, FLAGS_AT)?;
        let mut name_at = FLAGS_AT + 2;
        if flags & EXTENDED != 0 {
            if version < 3 {
                return None;
            }
            name_at += 2;
        }
        let name_len = usize::from(flags & NAME_MASK);
        let next = if version == 4 {
            // The name is the previous one less `strip` bytes, plus a
            // NUL-terminated suffix; entries are not padded.
            let (strip, suffix_at) = varint(w.fill(name_at + 10)?, name_at)?;
            let suffix_len = w.until_nul(suffix_at, room)?;
            let entry = w.need(suffix_at + suffix_len)?;
            let keep = previous.len().checked_sub(usize::try_from(strip).ok()?)?;
            previous.truncate(keep);
            previous.extend_from_slice(&entry[suffix_at..suffix_at + suffix_len]);
            if name_len != usize::from(NAME_MASK) && name_len != previous.len() {
                return None;
            }
            out.extend_from_slice(&previous);
            suffix_at + suffix_len + 1
        } else {
            let len = w.until_nul(name_at, room)?;
            if name_len != usize::from(NAME_MASK) && name_len != len {
                return None;
            }
            // Padded with 1 to 8 NULs to a multiple of 8 bytes.
            let next = (name_at + len + 8) & !7;
            if next > room {
                return None;
            }
            let entry = w.need(next)?;
            if entry[name_at + len..next].iter().any(|&b| b != 0) {
                return None;
            }
            out.extend_from_slice(&entry[name_at..name_at + len]);
            next
        };
        out.push(0);
        w.consume(next);
    }
    // Extensions: a signature, a size, the data. A split index keeps its
    // entries in another file; a sparse one has folder entries.
    while w.offset < end {
        let head = w.need(8)?;
        if &head[..4] == b"link" || &head[..4] == b"sdir" {
            return None;
        }
        let size = usize::try_from(u32_at(head, 4)?).ok()?;
        w.consume(8);
        w.skip(size)?;
    }
    (w.offset == end).then_some(out)
}

/// A file read through a buffer that holds at least the bytes asked for.
struct Window<R> {
    file: R,
    buf: Vec<u8>,
    /// The bytes read and not yet consumed: `buf[at..filled]`.
    at: usize,
    filled: usize,
    /// Where in the file `buf[at]` is.
    offset: usize,
}

impl<R: Read> Window<R> {
    /// The next `n` or more bytes; fewer only where the file ends, and
    /// `None` when it cannot be read.
    fn fill(&mut self, n: usize) -> Option<&[u8]> {
        if self.filled - self.at < n {
            self.buf.copy_within(self.at..self.filled, 0);
            self.filled -= self.at;
            self.at = 0;
            if self.buf.len() < n {
                self.buf.resize(n, 0);
            }
            while self.filled < n {
                match self.file.read(&mut self.buf[self.filled..]) {
                    Ok(0) => break,
                    Ok(k) => self.filled += k,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(_) => return None,
                }
            }
        }
        Some(&self.buf[self.at..self.filled])
    }

    /// The next `n` or more bytes, or `None` if the file ends before.
    fn need(&mut self, n: usize) -> Option<&[u8]> {
        self.fill(n).filter(|b| b.len() >= n)
    }

    /// The length of the NUL-terminated name at `from`, which with its
    /// NUL must lie within the next `room` bytes.
    fn until_nul(&mut self, from: usize, room: usize) -> Option<usize> {
        let limit = room.min(MAX_ENTRY);
        let mut want = (from + 256).min(limit);
        loop {
            let bytes = self.fill(want)?;
            let bytes = &bytes[..bytes.len().min(limit)];
            if let Some(len) = memchr::memchr(0, bytes.get(from..)?) {
                return Some(len);
            }
            if bytes.len() < want || want == limit {
                return None;
            }
            want = (want * 2).min(limit);
        }
    }

    fn consume(&mut self, n: usize) {
        self.at += n;
        self.offset += n;
    }

    /// Pass over the next `n` bytes; `None` if the file ends before.
    fn skip(&mut self, mut n: usize) -> Option<()> {
        while n > 0 {
            let step = self.need(1)?.len().min(n);
            self.consume(step);
            n -= step;
        }
        Some(())
    }
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
