//! Changelogs: which files are, and the version a release heading starts
//! with.

use std::ops::Range;
use std::path::Path;

use crate::document::Document;

/// File names (without extension, any case) that say a file is a changelog.
const NAMES: [&str; 5] = ["changelog", "changes", "history", "releases", "news"];

/// Whether the file at `path` is a changelog: by its name, or because it
/// has an `[Unreleased]` heading.
pub fn is_changelog(path: &Path, doc: &Document) -> bool {
    let by_name = path
        .file_stem()
        .and_then(|s| s.to_str())
        .is_some_and(|s| NAMES.iter().any(|n| s.eq_ignore_ascii_case(n)));
    by_name
        || doc
            .headings
            .all()
            .iter()
            .any(|h| is_unreleased(doc.headings.text(h)))
}

/// Whether a heading's text is `[Unreleased]` (or `Unreleased`, as GitHub
/// renders it with a link definition), with anything after it.
pub fn is_unreleased(text: &str) -> bool {
    let t = text.strip_prefix('[').unwrap_or(text).as_bytes();
    t.len() >= 10
        && t[..10].eq_ignore_ascii_case(b"unreleased")
        && !t.get(10).is_some_and(u8::is_ascii_alphanumeric)
}

/// A version at the start of a release heading: `1.2.0`, `v1.2.0`,
/// `[1.2.0]`, `1.2.0-rc.1+build.5`, CalVer `2025.09.0`, PEP 440
/// `0.13.0.dev2`, `2.0a1`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    /// The dotted numbers: `[1, 2, 0]`.
    pub numbers: Vec<u64>,
    /// What follows the numbers, build metadata aside: a SemVer
    /// pre-release (`-rc.1`) or a PEP 440 suffix (`a1`, `.dev2`).
    pub suffix: String,
    /// Where the version is in the heading's text, without a `[`, `]` or
    /// `v` around it.
    pub range: Range<usize>,
    /// Written in brackets: `[1.2.0]`.
    pub bracketed: bool,
}

impl Version {
    /// The release line: major and minor version. Patch releases of a
    /// line may come out after a newer line's first release (a backport).
    pub fn line(&self) -> (u64, u64) {
        (
            self.numbers.first().copied().unwrap_or(0),
            self.numbers.get(1).copied().unwrap_or(0),
        )
    }
}

/// The version a heading's text starts with, if it does.
pub fn release_version(text: &str) -> Option<Version> {
    let b = text.as_bytes();
    let mut i = text.len() - text.trim_start().len();
    let bracketed = b.get(i) == Some(&b'[');
    if bracketed {
        i += 1;
    }
    let v = matches!(b.get(i), Some(b'v' | b'V'));
    if v {
        i += 1;
    }
    let start = i;
    let mut numbers = Vec::new();
    loop {
        let digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 {
            return None;
        }
        numbers.push(text[i..i + digits].parse().unwrap_or(u64::MAX));
        i += digits;
        if b.get(i) == Some(&b'.') && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
            i += 1;
        } else {
            break;
        }
    }
    if numbers.len() < 2 && !v {
        return None;
    }
    let suffix_start = i;
    // A pre-release (`-rc.1`), a PEP 440 suffix (`a1`, `rc2`, `.dev2`,
    // `.post1`), then build or local metadata (`+build.5`).
    if b.get(i) == Some(&b'-') && b.get(i + 1).is_some_and(u8::is_ascii_alphanumeric) {
        i += 1 + ident_len(&b[i + 1..]);
    }
    loop {
        let rest = &text[i..];
        let word = [
            "a", "b", "rc", "c", "alpha", "beta", ".dev", ".post", "dev", "post",
        ]
        .iter()
        .filter(|w| rest.starts_with(**w))
        .map(|w| w.len())
        .max();
        match word {
            Some(n) => {
                i += n;
                i += b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
            }
            None => break,
        }
    }
    let suffix_end = i;
    if b.get(i) == Some(&b'+') && b.get(i + 1).is_some_and(u8::is_ascii_alphanumeric) {
        i += 1 + ident_len(&b[i + 1..]);
    }
    let end = i;
    if bracketed {
        if b.get(i) != Some(&b']') {
            return None;
        }
        i += 1;
    }
    // `1.2.0beta` is a version; `1.2.0x` and `1.2.0.` followed by a word
    // are not.
    if b.get(i)
        .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
    {
        return None;
    }
    Some(Version {
        numbers,
        suffix: text[suffix_start..suffix_end].to_string(),
        range: start..end,
        bracketed,
    })
}

/// The length of a run of SemVer identifier characters: letters, digits,
/// `-` and `.` (not ending with a `.`).
fn ident_len(b: &[u8]) -> usize {
    let n = b
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.'))
        .count();
    n - b[..n].iter().rev().take_while(|c| **c == b'.').count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(text: &str) -> Option<(Vec<u64>, String, bool)> {
        release_version(text).map(|v| (v.numbers, v.suffix, v.bracketed))
    }

    #[test]
    fn release_versions() {
        let n = |v: &[u64]| v.to_vec();
        assert_eq!(
            numbers("[1.2.0] - 2019-03-15"),
            Some((n(&[1, 2, 0]), String::new(), true))
        );
        assert_eq!(
            numbers("v1.2.0 (2019-03-15)"),
            Some((n(&[1, 2, 0]), String::new(), false))
        );
        assert_eq!(numbers("v2"), Some((n(&[2]), String::new(), false)));
        assert_eq!(
            numbers("1.2.0-rc.1+build.5"),
            Some((n(&[1, 2, 0]), "-rc.1".into(), false))
        );
        assert_eq!(
            numbers("0.13.0.dev2"),
            Some((n(&[0, 13, 0]), ".dev2".into(), false))
        );
        assert_eq!(
            numbers("2.0a1 (2023-04-03)"),
            Some((n(&[2, 0]), "a1".into(), false))
        );
        assert_eq!(
            numbers("22.06.0rc1"),
            Some((n(&[22, 6, 0]), "rc1".into(), false))
        );
        assert_eq!(
            numbers("2025.09.0 – 2025-09-27"),
            Some((n(&[2025, 9, 0]), String::new(), false))
        );
        assert_eq!(
            numbers("1.2.0."),
            Some((n(&[1, 2, 0]), String::new(), false))
        );
    }

    #[test]
    fn not_versions() {
        for text in [
            "2023-06-18",
            "[Unreleased]",
            "Added",
            "2",
            "1.2.0x",
            "[1.2.0",
            "version",
        ] {
            assert_eq!(numbers(text), None, "{text}");
        }
    }

    #[test]
    fn unreleased_headings() {
        assert!(is_unreleased("[Unreleased]"));
        assert!(is_unreleased("Unreleased"));
        assert!(is_unreleased("[unreleased] - ReleaseDate"));
        assert!(!is_unreleased("Unreleasedx"));
        assert!(!is_unreleased("Released"));
    }
}
