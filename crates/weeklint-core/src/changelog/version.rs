//! Versions at the start of release headings, and their precedence.

use std::cmp::Ordering;
use std::ops::Range;

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
    /// Build metadata after a `+`, without it (`build.5`), or empty.
    pub build: String,
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

    /// Where the version stands among others: SemVer 2.0 precedence,
    /// with PEP 440 suffixes and CalVer read as their authors mean them.
    pub fn precedence(&self) -> Precedence {
        let mut numbers = self.numbers.clone();
        // `1.2` is `1.2.0`.
        while numbers.len() > 1 && numbers.last() == Some(&0) {
            numbers.pop();
        }
        let calver = self.numbers.first().is_some_and(|&n| n >= 1000);
        Precedence {
            numbers,
            stage: stage(&self.suffix, calver),
        }
    }

    /// Whether `other` is the same version: the same precedence and the
    /// same build metadata (`v1.2.0` and `1.2.0` are the same; `1.2.0+a`
    /// and `1.2.0+b` are two builds).
    pub fn same_as(&self, other: &Version) -> bool {
        self.build.eq_ignore_ascii_case(&other.build) && self.precedence() == other.precedence()
    }
}

/// What versions are compared by: the numbers without trailing zeros,
/// then the stage of the release.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Precedence {
    numbers: Vec<u64>,
    stage: Stage,
}

/// Where a version stands among the releases of its numbers. The order of
/// the variants is the order of precedence.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Stage {
    /// PEP 440 `1.0.dev1`: before every pre-release of `1.0`.
    Dev(u64),
    /// A pre-release: SemVer identifiers (`-rc.1`) or PEP 440 `a1`, `b2`,
    /// `rc1` read as `alpha.1`, `beta.2`, `rc.1`; then its `.devN`
    /// (`u64::MAX` when there is none: a dev release comes first).
    Pre(Vec<Ident>, u64),
    /// The release itself.
    Release,
    /// PEP 440 `.postN` (then its `.devN`), or CalVer `2021.01.05-1`: a
    /// second release of the same day.
    Post(u64, u64),
}

/// A piece of a pre-release identifier. Numbers come before words, as in
/// SemVer; a word with digits in it is compared piece by piece, so that
/// `rc10` comes after `rc9` (SemVer compares such identifiers as text).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Ident {
    Num(u64),
    Word(String),
}

impl Ord for Ident {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (Ident::Num(a), Ident::Num(b)) => a.cmp(b),
            (Ident::Num(_), Ident::Word(_)) => Ordering::Less,
            (Ident::Word(_), Ident::Num(_)) => Ordering::Greater,
            (Ident::Word(a), Ident::Word(b)) => a.cmp(b),
        }
    }
}

impl PartialOrd for Ident {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// The stage a suffix names.
fn stage(suffix: &str, calver: bool) -> Stage {
    if suffix.is_empty() {
        return Stage::Release;
    }
    // ` Beta 2` is `.beta.2`.
    let lower = suffix.trim_start().to_ascii_lowercase().replace(' ', ".");
    if let Some(pre) = lower.strip_prefix('-') {
        if calver && pre.bytes().all(|b| b.is_ascii_digit()) {
            return Stage::Post(number(pre), u64::MAX);
        }
        if let Some(stage) = pep440(pre) {
            return stage;
        }
        let mut idents = Vec::new();
        for part in pre.split('.') {
            pieces(part, &mut idents);
        }
        return Stage::Pre(idents, u64::MAX);
    }
    pep440(&lower).unwrap_or_else(|| {
        let mut idents = Vec::new();
        pieces(&lower, &mut idents);
        Stage::Pre(idents, u64::MAX)
    })
}

/// A PEP 440 suffix (lower case): a pre-release (`a1`, `b2`, `rc1`,
/// `alpha`, `beta`, `c1`), then `.postN`, then `.devN`, each optional.
fn pep440(s: &str) -> Option<Stage> {
    let mut rest = s;
    let mut part = |names: &[&str]| -> Option<(usize, u64)> {
        let trimmed = rest.trim_start_matches(['.', '-', '_']);
        let (k, name) = names
            .iter()
            .enumerate()
            .filter(|(_, n)| trimmed.starts_with(**n))
            .max_by_key(|(_, n)| n.len())?;
        let after = trimmed[name.len()..].trim_start_matches(['.', '-', '_']);
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let n = number(&after[..digits]);
        rest = &after[digits..];
        Some((k, n))
    };
    const PRE: [&str; 8] = ["a", "alpha", "b", "beta", "c", "rc", "pre", "preview"];
    const PHASE: [&str; 8] = ["alpha", "alpha", "beta", "beta", "rc", "rc", "rc", "rc"];
    let pre = part(&PRE);
    let post = part(&["post", "rev", "r"]).map(|(_, n)| n);
    let dev = part(&["dev"]).map(|(_, n)| n);
    if !rest.is_empty() || (pre.is_none() && post.is_none() && dev.is_none()) {
        return None;
    }
    let dev_or_last = dev.unwrap_or(u64::MAX);
    Some(match (pre, post, dev) {
        (Some((k, n)), _, _) => Stage::Pre(
            vec![Ident::Word(PHASE[k].to_string()), Ident::Num(n)],
            dev_or_last,
        ),
        (None, Some(n), _) => Stage::Post(n, dev_or_last),
        (None, None, Some(n)) => Stage::Dev(n),
        (None, None, None) => return None,
    })
}

/// `part` of a pre-release as identifiers: runs of digits and of other
/// characters.
fn pieces(part: &str, out: &mut Vec<Ident>) {
    let mut rest = part;
    while !rest.is_empty() {
        let digits = rest.starts_with(|c: char| c.is_ascii_digit());
        let len = rest
            .find(|c: char| c.is_ascii_digit() != digits)
            .unwrap_or(rest.len());
        out.push(if digits {
            Ident::Num(number(&rest[..len]))
        } else {
            Ident::Word(rest[..len].to_string())
        });
        rest = &rest[len..];
    }
}

fn number(digits: &str) -> u64 {
    digits
        .parse()
        .unwrap_or(if digits.is_empty() { 0 } else { u64::MAX })
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
    // `2.0 Beta 2`, `1.0 RC1`: a pre-release written apart from its
    // numbers, else read as a second release of `2.0`.
    if i == suffix_start {
        i += spaced_pre_release(&text[i..]);
    }
    let suffix_end = i;
    let mut build = suffix_end..suffix_end;
    if b.get(i) == Some(&b'+') && b.get(i + 1).is_some_and(u8::is_ascii_alphanumeric) {
        build = i + 1..i + 1 + ident_len(&b[i + 1..]);
        i = build.end;
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
        build: text[build].to_string(),
        range: start..end,
        bracketed,
    })
}

/// The length of a pre-release after a space at the start of `rest`
/// (` Beta 2`, ` RC1`, ` alpha`), or 0.
fn spaced_pre_release(rest: &str) -> usize {
    let Some(after) = rest.strip_prefix(' ') else {
        return 0;
    };
    let word = after.bytes().take_while(u8::is_ascii_alphabetic).count();
    if !["alpha", "beta", "rc", "pre", "preview"]
        .iter()
        .any(|w| after[..word].eq_ignore_ascii_case(w))
    {
        return 0;
    }
    let mut n = 1 + word;
    let b = rest.as_bytes();
    let space = usize::from(b.get(n) == Some(&b' '));
    let digits = b[n + space..]
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count();
    if digits > 0 {
        n += space + digits;
    }
    // `1.0 Beta1x` is no pre-release.
    if b.get(n).is_some_and(u8::is_ascii_alphanumeric) {
        return 0;
    }
    n
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
