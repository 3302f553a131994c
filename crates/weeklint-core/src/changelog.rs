//! Changelogs: which files are, their release headings, and the version
//! each starts with. Read once per changelog, for the changelog rules;
//! other files never get this far.

mod types;
mod version;

use std::ops::Range;
use std::path::Path;

pub use types::{alias, same_name};
pub use version::{Precedence, Version, release_version};

use crate::config::DateOrder;
use crate::document::Document;

/// File names (without extension, any case) that say a file is a changelog.
const NAMES: [&str; 5] = ["changelog", "changes", "history", "releases", "news"];

/// Whether the file at `path` is named as a changelog: `CHANGELOG`,
/// `CHANGES`, `HISTORY`, `RELEASES` or `NEWS`, any case, any extension.
pub fn named_changelog(path: &Path) -> bool {
    path.file_stem()
        .and_then(|s| s.to_str())
        .is_some_and(|s| NAMES.iter().any(|n| s.eq_ignore_ascii_case(n)))
}

/// Whether the file at `path` is a changelog: by its name, or because it
/// has an `[Unreleased]` heading.
pub fn is_changelog(path: &Path, doc: &Document) -> bool {
    named_changelog(path)
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

/// A release heading: one that starts with a version, or `[Unreleased]`,
/// followed by nothing, a date or punctuation (not by words in lower
/// case: `## 24.03 and earlier` is no release).
#[derive(Debug, Clone)]
pub struct Release {
    /// Its index among the document's headings.
    pub heading: usize,
    /// Its version; `None` for `[Unreleased]`.
    pub version: Option<Version>,
}

impl Release {
    /// Where the version is in the heading's text `text`, with its `v`
    /// (`v1.2.0`), or where `Unreleased` is.
    pub fn label_range(&self, text: &str) -> Range<usize> {
        match &self.version {
            Some(v) => {
                let has_v = text[..v.range.start].ends_with(['v', 'V']);
                v.range.start - usize::from(has_v)..v.range.end
            }
            None => {
                let start = usize::from(text.starts_with('['));
                start..(start + "unreleased".len()).min(text.len())
            }
        }
    }

    /// The version as written in `text`, the heading's text (`v1.2.0`),
    /// or `Unreleased`.
    pub fn label<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.label_range(text)).unwrap_or_default()
    }

    /// Whether the heading's text `text` shows the label in brackets: the
    /// heading was written `## [1.2.0]` and is no link, for want of a link
    /// reference definition.
    pub fn shows_brackets(&self, text: &str) -> bool {
        let range = self.label_range(text);
        range.start > 0
            && text[..range.start].starts_with('[')
            && text[range.end..].starts_with(']')
    }
}

/// The release headings of a changelog (outside block quotes and list
/// items), in document order.
#[derive(Debug, Clone, Default)]
pub struct Changelog {
    releases: Vec<Release>,
}

/// The direction the releases of a changelog run, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Direction {
    /// Newest first (Keep a Changelog), else oldest first.
    pub newest_first: bool,
    /// Why, for a help note.
    pub why: &'static str,
}

impl Changelog {
    /// The release headings of `doc`.
    pub fn new(doc: &Document) -> Changelog {
        let releases = doc
            .headings
            .all()
            .iter()
            .enumerate()
            .filter(|(_, h)| !h.nested)
            .filter_map(|(heading, h)| {
                let text = doc.headings.text(h);
                let (version, end) = match release_version(text) {
                    Some(v) => {
                        let end = v.range.end + usize::from(v.bracketed);
                        (Some(v), end)
                    }
                    None if is_unreleased(text) => (
                        None,
                        "unreleased".len() + 2 * usize::from(text.starts_with('[')),
                    ),
                    None => return None,
                };
                // `## 24.03 and earlier`, `### Unreleased changes in
                // yt-dlc`: words go on where a date or nothing would.
                let rest = text.get(end..).unwrap_or_default().trim_start();
                (!rest.starts_with(char::is_lowercase)).then_some(Release { heading, version })
            })
            .collect();
        Changelog { releases }
    }

    /// Every release heading, in document order.
    pub fn releases(&self) -> &[Release] {
        &self.releases
    }

    /// The release heading at heading index `heading`, if it is one.
    pub fn release(&self, heading: usize) -> Option<&Release> {
        self.releases
            .binary_search_by_key(&heading, |r| r.heading)
            .ok()
            .map(|i| &self.releases[i])
    }

    /// Release `r`'s version as written (`v1.2.0`, `Unreleased`), and
    /// where it is in the source (else the heading's first line).
    pub fn label_and_span(&self, doc: &Document, r: usize) -> (String, Range<usize>) {
        let release = &self.releases[r];
        let h = &doc.headings.all()[release.heading];
        let text = doc.headings.text(h);
        let range = release.label_range(text);
        let span = doc
            .headings
            .source_range(h, range.clone())
            .unwrap_or_else(|| h.line());
        (text.get(range).unwrap_or_default().to_string(), span)
    }

    /// The sub-headings of releases: the headings right under a release
    /// heading (`### Added` under `## [1.2.0]`), in document order.
    pub fn sub_headings(&self, doc: &Document) -> Vec<usize> {
        doc.headings
            .all()
            .iter()
            .enumerate()
            .filter(|(_, h)| !h.nested && h.parent.is_some_and(|p| self.release(p).is_some()))
            .map(|(i, _)| i)
            .collect()
    }

    /// Groups of sibling release headings (same level, same parent), each
    /// in document order, as indices into [`Changelog::releases`].
    pub fn sibling_groups(&self, doc: &Document) -> Vec<Vec<usize>> {
        if self.releases.is_empty() {
            return Vec::new();
        }
        let mut groups = doc
            .headings
            .sibling_groups(|i, _| self.release(i).is_some());
        for group in &mut groups {
            for h in group.iter_mut() {
                *h = self
                    .releases
                    .binary_search_by_key(h, |r| r.heading)
                    .unwrap_or_default();
            }
        }
        groups
    }

    /// The direction the releases run: `dates.order` when it names one,
    /// else the one most adjacent sibling releases of the file follow by
    /// version (a tie goes to newest first, as in Keep a Changelog).
    pub fn direction(&self, doc: &Document, order: DateOrder) -> Direction {
        let why = match order {
            DateOrder::NewestFirst => "releases run newest first (dates.order = \"newest-first\")",
            DateOrder::OldestFirst => "releases run oldest first (dates.order = \"oldest-first\")",
            DateOrder::Auto => {
                let (mut newest, mut oldest) = (0usize, 0usize);
                for group in self.sibling_groups(doc) {
                    let versions: Vec<Precedence> = group
                        .iter()
                        .filter_map(|&r| self.releases[r].version.as_ref())
                        .map(Version::precedence)
                        .collect();
                    for pair in versions.windows(2) {
                        match pair[0].cmp(&pair[1]) {
                            std::cmp::Ordering::Greater => newest += 1,
                            std::cmp::Ordering::Less => oldest += 1,
                            std::cmp::Ordering::Equal => {}
                        }
                    }
                }
                if oldest > newest {
                    "releases here run oldest first (most of them already do)"
                } else {
                    "releases here run newest first (most of them already do)"
                }
            }
        };
        Direction {
            newest_first: why.contains("newest"),
            why,
        }
    }
}

#[cfg(test)]
mod tests;
