//! Links: local links and the anchors they may name, for `dead-link`;
//! link reference definitions (`[1.2.0]: https://…`) and the reference
//! links that could name a release, for a changelog's version links.

use std::ops::Range;

use pulldown_cmark::{CowStr, LinkType, RefDefs};

use super::html;
use super::images::{self, LocalPath, Target};

/// How a link is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// `[text](dest)`
    Inline,
    /// `[text][ref]`, `[ref][]` or `[ref]`, with a `[ref]: dest` definition.
    Reference,
    /// `<a href="dest">` in HTML.
    Html,
}

/// A link to a file of the project, or to an anchor of its own page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef {
    /// How it is written.
    pub kind: LinkKind,
    /// The primary span: the destination or `href` value; for a reference
    /// link, the usage (`[text][ref]`).
    pub span: Range<usize>,
    /// The path, empty for a link to the page itself (`#section`).
    pub path: LocalPath,
    /// The part after `#`, if any.
    pub fragment: Option<Fragment>,
    /// For a reference link, the destination in its definition.
    pub definition: Option<Range<usize>>,
}

/// The `#fragment` of a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fragment {
    /// Percent-decoded, without the `#`.
    pub text: Box<str>,
    /// Where it is written in the source, when written as it reads (no
    /// escapes, entities or percent-encoding), so that an edit can
    /// replace it.
    pub verbatim: Option<Range<usize>>,
}

impl LinkRef {
    /// Whether the link points at its own page (`#section`, or a bare `#`).
    pub fn is_same_page(&self, text: &str) -> bool {
        self.path.path(text).is_empty() && !self.path.from_root
    }

    /// Whether the link names a fragment of another page
    /// (`notes.md#setup`): those are judged once every page is read.
    pub fn is_to_fragment_of_other_page(&self, text: &str) -> bool {
        self.fragment.as_ref().is_some_and(|f| !f.text.is_empty()) && !self.is_same_page(text)
    }
}

/// A link of any kind, from a destination as the parser read it. `written`
/// is where the destination is written in the source, if written as is.
/// Links to other sites (`https:`, `mailto:`) give `None`.
pub(super) fn link(
    kind: LinkKind,
    span: Range<usize>,
    dest: &str,
    written: Option<(&str, usize)>,
    definition: Option<Range<usize>>,
) -> Option<LinkRef> {
    let Target::Local(path) = images::classify(dest, written) else {
        return None;
    };
    let trimmed = dest.trim();
    let fragment = trimmed.find('#').map(|hash| {
        let raw = &trimmed[hash + 1..];
        let text = percent_encoding::percent_decode_str(raw)
            .decode_utf8()
            .map_or_else(|_| raw.into(), |t| t.as_ref().into());
        // Written as it reads: the destination as written, without `%`.
        let verbatim = written.and_then(|(w, at)| {
            let lead = w.len() - w.trim_start().len();
            (w.trim() == trimmed && !raw.contains('%'))
                .then(|| at + lead + hash + 1..at + lead + trimmed.len())
        });
        Fragment { text, verbatim }
    });
    Some(LinkRef {
        kind,
        span,
        path,
        fragment,
        definition,
    })
}

/// A link being read: its start event, and how far its text got.
#[derive(Debug)]
pub(super) struct OpenLink<'p> {
    pub range: Range<usize>,
    pub link_type: LinkType,
    /// As the parser read it: mostly a slice of the text, not a copy.
    pub dest: CowStr<'p>,
    pub child_end: usize,
    pub definition: Option<Range<usize>>,
}

impl OpenLink<'_> {
    /// The link, now that its text is read, if it is local.
    pub(super) fn finish(self, text: &str) -> Option<LinkRef> {
        let (kind, span, written, definition) = match self.link_type {
            LinkType::Inline => {
                let dest = images::inline_open_paren(text, self.child_end, self.range.end)
                    .map(|open| images::inline_destination(text, open, self.range.end));
                (
                    LinkKind::Inline,
                    dest.clone().unwrap_or(self.range.clone()),
                    dest,
                    None,
                )
            }
            LinkType::Reference | LinkType::Collapsed | LinkType::Shortcut => {
                let def = self
                    .definition
                    .and_then(|d| images::definition_destination(text, d));
                (LinkKind::Reference, self.range.clone(), def.clone(), def)
            }
            // Autolinks have a scheme; wiki links are not GitHub's.
            _ => return None,
        };
        link(
            kind,
            span,
            &self.dest,
            written
                .as_ref()
                .and_then(|w| Some((text.get(w.clone())?, w.start))),
            definition,
        )
    }
}

/// The `<a href>` links and the `id` and `<a name>` anchors of the HTML
/// at `range`, whose tags start where `skip` is false.
pub(super) fn from_html(
    text: &str,
    range: Range<usize>,
    links: &mut Links,
    mut skip: impl FnMut(usize) -> bool,
) {
    let bytes = text.as_bytes();
    let mut from = range.start;
    while let Some(i) = memchr::memchr(b'<', &bytes[from..range.end]) {
        let at = from + i;
        from = at + 1;
        let Some(name) = html::tag_name(text, at) else {
            continue;
        };
        if skip(at) {
            continue;
        }
        let is_a = bytes[name.clone()].eq_ignore_ascii_case(b"a");
        let mut href = None;
        let end = html::read_attributes(text, name.end, range.end, |attr, value| {
            let anchor =
                attr.eq_ignore_ascii_case(b"id") || (is_a && attr.eq_ignore_ascii_case(b"name"));
            if anchor {
                let v = html::decode_entities(&text[value.range]);
                if !v.is_empty() {
                    links.ids.push(v.as_ref().into());
                }
            } else if is_a && href.is_none() && attr.eq_ignore_ascii_case(b"href") {
                href = Some(value);
            }
        });
        if let Some(v) = href {
            let raw = &text[v.range.clone()];
            let decoded = html::decode_entities(raw);
            let written = (decoded == raw).then_some((raw, v.range.start));
            if let Some(l) = link(LinkKind::Html, v.range.clone(), &decoded, written, None) {
                links.local.push(l);
            }
        }
        from = end.max(from);
    }
}

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
    /// Links to files of the project and to anchors of the page, outside
    /// code, in source order.
    pub local: Vec<LinkRef>,
    /// The explicit anchors of the page: `id` attributes of any tag, and
    /// `name` attributes of `<a>` tags, entities decoded.
    pub ids: Vec<Box<str>>,
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
