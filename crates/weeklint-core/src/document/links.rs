//! Link reference definitions (`[1.2.0]: https://…`), and the reference
//! links that could name a release: what a changelog's version links are
//! checked against.

use std::ops::Range;

use pulldown_cmark::RefDefs;

/// A link reference definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkDefinition {
    /// The label as written, without its brackets (runs of white space
    /// made one space).
    pub label: String,
    /// The definition, from its `[` to the end of its destination or
    /// title.
    pub range: Range<usize>,
}

/// The link reference definitions of a document, and the reference links
/// whose label could name a release.
#[derive(Debug, Clone, Default)]
pub struct Links {
    /// Every link reference definition, in document order. A label
    /// defined twice is here once: the first definition, the one links use.
    pub definitions: Vec<LinkDefinition>,
    /// The labels of reference links (`[1.2.0]`, `[v1.2.0][]`,
    /// `[Unreleased]`, with a definition) that start like a version or
    /// are `Unreleased`, in document order: a journal's other links are
    /// not kept.
    pub release_refs: Vec<String>,
}

impl Links {
    /// Keep the reference link labelled `label` if it could name a release.
    pub(super) fn reference(&mut self, label: &str) {
        let t = label.trim_start();
        let t = t.strip_prefix(['v', 'V']).unwrap_or(t);
        if t.starts_with(|c: char| c.is_ascii_digit()) || crate::changelog::is_unreleased(t) {
            self.release_refs.push(label.to_string());
        }
    }

    /// Keep the definitions the parser found; their spans start `at` in
    /// the source.
    pub(super) fn define(&mut self, defs: &RefDefs<'_>, at: usize) {
        self.definitions
            .extend(defs.iter().map(|(label, d)| LinkDefinition {
                label: label.to_string(),
                range: d.span.start + at..d.span.end + at,
            }));
        self.definitions.sort_by_key(|d| d.range.start);
    }

    /// Whether a reference link uses the label `label` (compared as
    /// CommonMark compares labels, case aside). A search: for many
    /// labels, compare [`label_key`]s.
    pub fn is_referenced(&self, label: &str) -> bool {
        self.release_refs.iter().any(|r| same_label(r, label))
    }

    /// The definition of `label`, if there is one.
    pub fn definition(&self, label: &str) -> Option<&LinkDefinition> {
        self.definitions
            .iter()
            .find(|d| same_label(&d.label, label))
    }
}

/// A link label as CommonMark matches labels: in lower case, with runs
/// of white space made one space.
pub fn label_key(label: &str) -> String {
    let mut key = String::with_capacity(label.len());
    for word in label.split_whitespace() {
        if !key.is_empty() {
            key.push(' ');
        }
        key.extend(word.chars().flat_map(char::to_lowercase));
    }
    key
}

/// Whether two link labels match: case and runs of white space aside.
pub fn same_label(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b) || label_key(a) == label_key(b)
}
