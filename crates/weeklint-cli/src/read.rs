//! Reading a Markdown file as text: bounded, UTF-8 only, and saying why
//! a file cannot be read.

use std::io::Read as _;
use std::path::Path;

/// Why a file could not be linted.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum ReadError {
    /// It could not be read: `no such file or directory`, `permission denied`.
    Io(String),
    /// It was read but is not Markdown text: `is not valid UTF-8 (…)`.
    Content(String),
}

impl ReadError {
    /// The message for the file shown as `display`.
    pub fn message(&self, display: &str) -> String {
        match self {
            ReadError::Io(reason) => format!("cannot read {display}: {reason}"),
            ReadError::Content(what) => format!("{display} {what}"),
        }
    }
}

/// What a FIFO, socket or device whose name looks like a Markdown file is.
pub const NOT_REGULAR: &str = "is not a regular file";

/// What a folder named as a file given on the command line is.
pub const DIRECTORY: &str = "is a directory";

/// Read the file at `path` as UTF-8 text of at most `limit` bytes, or say
/// why it cannot be.
pub fn read_text(path: &Path, limit: u64) -> Result<String, ReadError> {
    let io = |e: std::io::Error| ReadError::Io(describe_io_error(&e));
    let (file, meta) = open_regular(path).map_err(io)?;
    if meta.is_dir() {
        return Err(ReadError::Content(DIRECTORY.to_string()));
    }
    // A FIFO or device would block or never end.
    let Some(file) = file.filter(|_| meta.is_file()) else {
        return Err(ReadError::Content(NOT_REGULAR.to_string()));
    };
    if meta.len() > limit {
        return Err(too_large(limit));
    }
    let bytes = read_limited(file, meta.len(), limit).map_err(io)?;
    decode(bytes.ok_or_else(|| too_large(limit))?)
}

/// Up to `limit` bytes of `reader`; `None` when there are more (stdin,
/// a device). With `size`, the size a file had when opened (at most
/// `limit`), that many bytes are read and the end is not asked for again:
/// a file that grows while it is read is read as it was.
pub fn read_limited(
    mut reader: impl std::io::Read,
    size: u64,
    limit: u64,
) -> std::io::Result<Option<Vec<u8>>> {
    if size > 0 && size <= limit {
        // Into a buffer of the file's size, a read at a time until it is
        // full or the file ends: `read_to_end` would read 8 KiB at a time,
        // then ask once more for the end.
        let mut bytes = vec![0; usize::try_from(size).unwrap_or(usize::MAX)];
        let mut filled = 0;
        while filled < bytes.len() {
            match reader.read(&mut bytes[filled..]) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        bytes.truncate(filled);
        return Ok(Some(bytes));
    }
    // A size of 0 says nothing (files in /proc, pipes): read to the end.
    let mut bytes = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= limit).then_some(bytes))
}

/// Why a file over `limit` bytes is not read.
pub fn too_large(limit: u64) -> ReadError {
    ReadError::Content(format!(
        "is larger than the {} MB weeklint reads; exclude it, or raise `files.max-size` in lint.toml",
        limit / (1024 * 1024)
    ))
}

/// The file at `path` opened for reading, with what it is; not opened
/// when it is not a regular file. On Linux it is opened first, without
/// waiting (a FIFO would wait for a writer), and asked what it is.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn open_regular(path: &Path) -> std::io::Result<(Option<std::fs::File>, std::fs::Metadata)> {
    use std::os::unix::fs::OpenOptionsExt as _;
    let opened = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32)
        .open(path);
    match opened {
        Ok(file) => {
            let meta = file.metadata()?;
            Ok((Some(file), meta))
        }
        // A socket does not open at all: what it is says why.
        Err(e) => match std::fs::metadata(path) {
            Ok(meta) if !meta.is_file() => Ok((None, meta)),
            _ => Err(e),
        },
    }
}

/// Elsewhere a folder may not open as a file: what it is comes first.
#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn open_regular(path: &Path) -> std::io::Result<(Option<std::fs::File>, std::fs::Metadata)> {
    let meta = std::fs::metadata(path)?;
    let file = meta
        .is_file()
        .then(|| std::fs::File::open(path))
        .transpose()?;
    Ok((file, meta))
}

/// Bytes to text: UTF-8 only, and not binary.
pub fn decode(bytes: Vec<u8>) -> Result<String, ReadError> {
    // SIMD: std's check goes a byte at a time on CJK text (measured: a
    // tenth more time on the bench corpus), at the cost of a copy.
    if memchr::memchr(0, &bytes).is_none()
        && let Ok(text) = simdutf8::basic::from_utf8(&bytes)
    {
        return Ok(text.to_owned());
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(ReadError::Content(format!(
            "is UTF-16 text; weeklint reads UTF-8 only{}",
            convert_from("UTF-16")
        )));
    }
    if let Some(pos) = memchr::memchr(0, &bytes) {
        let (line, column) = position(&bytes, pos);
        return Err(ReadError::Content(format!(
            "is a binary file (NUL byte at line {line}, column {column}), not Markdown"
        )));
    }
    String::from_utf8(bytes).map_err(|e| {
        let pos = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let (line, column) = position(bytes, pos);
        ReadError::Content(format!(
            "is not valid UTF-8 (byte 0x{:02X} at line {line}, column {column}); weeklint reads UTF-8 only{}",
            bytes[pos],
            convert_from(&legacy_encoding(bytes, pos))
        ))
    })
}

/// What to do about a file in `encoding`: the command that converts it.
fn convert_from(encoding: &str) -> String {
    format!(": convert it with iconv -f {encoding} -t UTF-8")
}

/// The legacy encoding that `bytes`, not UTF-8 from `pos` on, are most
/// likely in (GBK, Shift_JIS, windows-1252, …), as iconv names it. A
/// guess from the text around the first byte that is not UTF-8.
fn legacy_encoding(bytes: &[u8], pos: usize) -> String {
    use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
    /// Enough text for a sure guess, from the start of the line of `pos`.
    const SAMPLE: usize = 256 * 1024;
    let start = memchr::memrchr(b'\n', &bytes[..pos]).map_or(0, |i| i + 1);
    let end = bytes.len().min(start + SAMPLE);
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(&bytes[start..end], end == bytes.len());
    match detector.guess(None, Utf8Detection::Deny).name() {
        // The WHATWG names that iconv spells otherwise.
        "ISO-8859-8-I" => "ISO-8859-8".to_string(),
        "windows-874" => "CP874".to_string(),
        "x-mac-cyrillic" => "MACCYRILLIC".to_string(),
        name => name.to_ascii_uppercase(),
    }
}

/// 1-based line and character column of byte `pos` in valid-up-to-`pos` bytes.
fn position(bytes: &[u8], pos: usize) -> (usize, usize) {
    let before = &bytes[..pos];
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}

/// An I/O error in a few lowercase words.
pub fn describe_io_error(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::NotFound => "no such file or directory".to_string(),
        ErrorKind::PermissionDenied => "permission denied".to_string(),
        ErrorKind::NotADirectory => "not a directory".to_string(),
        _ => {
            let s = e.to_string();
            // "Too many levels of symbolic links (os error 40)" → lowercase first letter.
            let mut c = s.chars();
            c.next()
                .map(|f| f.to_lowercase().collect::<String>() + c.as_str())
                .unwrap_or(s)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMIT: u64 = 1 << 20;

    #[test]
    fn decode_names_the_position_of_bad_bytes() {
        let message = |bytes: &[u8]| decode(bytes.to_vec()).map_err(|e| e.message("f.md"));
        assert_eq!(
            message(b"# ok\nab\xffc\n"),
            Err(
                "f.md is not valid UTF-8 (byte 0xFF at line 2, column 3); weeklint reads UTF-8 only: \
                 convert it with iconv -f WINDOWS-1252 -t UTF-8"
                    .to_string()
            )
        );
        assert_eq!(
            message(b"# x\n\0"),
            Err("f.md is a binary file (NUL byte at line 2, column 1), not Markdown".to_string())
        );
        assert_eq!(
            message(b"\xff\xfe#\0 \0"),
            Err(
                "f.md is UTF-16 text; weeklint reads UTF-8 only: convert it with iconv -f UTF-16 -t UTF-8"
                    .to_string()
            )
        );
        assert_eq!(message("# 笔记\n".as_bytes()), Ok("# 笔记\n".to_string()));
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn a_file_whose_size_says_nothing_is_read_to_its_end() {
        // Files in /proc report a size of 0 and have text all the same.
        let path = Path::new("/proc/self/status");
        assert_eq!(std::fs::metadata(path).map(|m| m.len()).ok(), Some(0));
        let text = read_text(path, LIMIT).map_err(|e| e.message("status"));
        assert!(
            text.as_deref().is_ok_and(|t| t.starts_with("Name:")),
            "{text:?}"
        );
    }

    #[test]
    fn a_file_over_the_limit_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.md");
        std::fs::write(&path, "a".repeat(2 * 1024 * 1024 + 1)).unwrap();
        assert_eq!(
            read_text(&path, 2 * 1024 * 1024).map_err(|e| e.message("big.md")),
            Err("big.md is larger than the 2 MB weeklint reads; exclude it, or raise `files.max-size` in lint.toml".to_string())
        );
        assert!(read_text(&path, 3 * 1024 * 1024).is_ok());
        // A stream that does not end is cut at the limit.
        assert_eq!(read_limited(std::io::repeat(b'a'), 0, 10).unwrap(), None);
        assert_eq!(
            read_limited(&b"abc"[..], 3, 3).unwrap(),
            Some(b"abc".to_vec())
        );
    }
}
