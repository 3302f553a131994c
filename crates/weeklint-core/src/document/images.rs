//! Image references: where each one is written and what it points at.
//!
//! Markdown images come from the parser's `Image` events; `<img>` tags
//! from HTML blocks, inline HTML and, when CommonMark rejects the tag, from
//! text (see [`super::html`]).

use std::borrow::Cow;
use std::ops::Range;

use pulldown_cmark::{CowStr, LinkType};

use super::html::{self, Malformation};

/// How an image is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageKind {
    /// `![alt](dest)`
    Inline,
    /// `![alt][ref]`, `![ref][]` or `![ref]`, with a `[ref]: dest` definition.
    Reference,
    /// `<img src>` in an HTML block.
    HtmlBlock,
    /// `<img src>` as inline HTML.
    InlineHtml,
    /// `<img src>` in text: CommonMark did not accept the tag as HTML.
    HtmlText,
}

impl ImageKind {
    /// An `<img>` tag rather than Markdown syntax.
    pub fn is_html(self) -> bool {
        matches!(
            self,
            ImageKind::HtmlBlock | ImageKind::InlineHtml | ImageKind::HtmlText
        )
    }
}

/// What a destination points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A file in the project.
    Local(LocalPath),
    /// A URL with a scheme (`https:`, `data:`, …) or a `//host` URL.
    Remote(String),
    /// Nothing at all (`![]()`, `<img src="">`, `<img>`).
    Empty,
}

/// A local destination.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalPath {
    /// The path (see [`LocalPath::path`]) when it is not `verbatim` in
    /// the source; most are, and are read from there.
    decoded: Option<Box<str>>,
    /// Written with a leading `/`: relative to the project root.
    pub from_root: bool,
    /// Where the path (the part of the destination before any `?` or `#`)
    /// is written in the source, when it is written verbatim: no escapes,
    /// entities or percent-encoding, so an edit can replace it as text.
    pub verbatim: Option<Range<usize>>,
}

/// One image reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef {
    /// How it is written.
    pub kind: ImageKind,
    /// The primary span: the destination or `src` value; for a reference
    /// image, the usage (`![alt][ref]`).
    pub span: Range<usize>,
    /// The whole image: `![alt](dest)`, `![alt][ref]` or `<img …>`.
    pub whole: Range<usize>,
    /// What it points at.
    pub target: Target,
    /// For a reference image, the destination in its definition.
    pub definition: Option<Range<usize>>,
}

impl LocalPath {
    /// Percent-decoded, without `?query` or `#fragment`, without the
    /// leading `/` of a root-relative path. `text` is the text of the
    /// source the image was read from.
    pub fn path<'a>(&'a self, text: &'a str) -> &'a str {
        match (&self.decoded, &self.verbatim) {
            (Some(path), _) => path,
            // Written as it reads: past a leading `/`.
            (None, Some(range)) => &text[range.start + usize::from(self.from_root)..range.end],
            // Not made: `classify` keeps the path when it is not verbatim.
            (None, None) => "",
        }
    }
}

impl ImageRef {
    /// The local path, if the target is local.
    pub fn local(&self) -> Option<&LocalPath> {
        match &self.target {
            Target::Local(l) => Some(l),
            _ => None,
        }
    }
}

/// An `<img` tag in text that CommonMark does not accept as HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MalformedImg {
    /// The tag, from `<img` as far as a browser would read it.
    pub tag: Range<usize>,
    /// What is wrong.
    pub kind: Malformation,
    /// The offending part.
    pub at: Range<usize>,
    /// The one edit that makes the tag valid, when there is one.
    pub fix: Option<(Range<usize>, String)>,
}

/// The images of a document.
#[derive(Debug, Clone, Default)]
pub struct Images {
    /// Every image reference outside code, comments and front matter, in
    /// source order.
    pub refs: Vec<ImageRef>,
    /// `<img` tags that GitHub shows as text.
    pub malformed: Vec<MalformedImg>,
}

impl Images {}

/// Split a destination into what it points at. `written` is where the
/// destination is written in the source, if it is written as is.
pub(crate) fn classify(dest: &str, written: Option<(&str, usize)>) -> Target {
    let trimmed = dest.trim();
    if trimmed.is_empty() {
        return Target::Empty;
    }
    // One pass over the bytes that decide: the first `:` (after a
    // scheme?), the first `?` or `#` (where the path ends) and a `%`
    // before it. A `:` past a `?` or `#` follows no scheme: neither
    // character is allowed in one.
    let (mut colon, mut cut, mut escaped) = (None, trimmed.len(), false);
    for (i, b) in trimmed.bytes().enumerate() {
        match b {
            b':' if colon.is_none() => colon = Some(i),
            b'?' | b'#' => {
                cut = i;
                break;
            }
            b'%' => escaped = true,
            _ => {}
        }
    }
    if trimmed.starts_with("//") || colon.is_some_and(|c| is_scheme(&trimmed[..c])) {
        return Target::Remote(trimmed.to_string());
    }
    let raw_path = &trimmed[..cut];
    // Invalid UTF-8 once decoded: the text is kept as written.
    let decoded = if escaped {
        percent_encoding::percent_decode_str(raw_path)
            .decode_utf8()
            .unwrap_or(Cow::Borrowed(raw_path))
    } else {
        Cow::Borrowed(raw_path)
    };
    let from_root = decoded.starts_with('/');
    // An edit may replace the written path only if it reads exactly as
    // decoded (no `%20`, `\(`, `&amp;`).
    let verbatim = written.and_then(|(text, at)| {
        let lead = text.len() - text.trim_start().len();
        let written_path = text.trim_start().get(..raw_path.len())?;
        (written_path == raw_path && !escaped).then(|| at + lead..at + lead + raw_path.len())
    });
    // A verbatim path has no `%`: it reads as decoded, and is read from
    // the source.
    let decoded = verbatim
        .is_none()
        .then(|| decoded.strip_prefix('/').unwrap_or(&decoded).into());
    Target::Local(LocalPath {
        decoded,
        from_root,
        verbatim,
    })
}

/// Whether `s` is a scheme as in RFC 3986: a letter, then letters,
/// digits, `+`, `-`, `.`.
fn is_scheme(s: &str) -> bool {
    let mut bytes = s.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
}

/// The destination of an inline link whose `(` is at `open`: the text
/// inside `<…>`, or up to whitespace or the unbalanced `)`.
pub(crate) fn inline_destination(text: &str, open: usize, end: usize) -> Range<usize> {
    let b = &text.as_bytes()[..end.min(text.len())];
    let mut p = open + 1;
    while p < b.len() && matches!(b[p], b' ' | b'\t' | b'\n' | b'\r') {
        p += 1;
    }
    destination_at(b, p)
}

/// The destination starting at `p` (after any spaces).
fn destination_at(b: &[u8], mut p: usize) -> Range<usize> {
    if b.get(p) == Some(&b'<') {
        let start = p + 1;
        p = start;
        while p < b.len() && !matches!(b[p], b'>' | b'\n') {
            p += if b[p] == b'\\' { 2 } else { 1 };
        }
        return start..p.min(b.len());
    }
    let start = p;
    let mut depth = 0usize;
    while p < b.len() {
        match b[p] {
            b'\\' => p += 1,
            b'(' => depth += 1,
            b')' if depth == 0 => break,
            b')' => depth -= 1,
            c if c.is_ascii_whitespace() || c.is_ascii_control() => break,
            _ => {}
        }
        p += 1;
    }
    start..p.min(b.len())
}

/// The destination in a reference definition `[label]: dest "title"`
/// spanning `span`.
pub(crate) fn definition_destination(text: &str, span: Range<usize>) -> Option<Range<usize>> {
    let b = &text.as_bytes()[..span.end.min(text.len())];
    let mut p = span.start + 1;
    while p < b.len() && b[p] != b']' {
        p += if b[p] == b'\\' { 2 } else { 1 };
    }
    if b.get(p + 1) != Some(&b':') {
        return None;
    }
    p += 2;
    while p < b.len() && matches!(b[p], b' ' | b'\t' | b'\n' | b'\r') {
        p += 1;
    }
    Some(destination_at(b, p))
}

/// Where an inline image's `(` is: after the alt text, at `](`.
pub(crate) fn inline_open_paren(text: &str, from: usize, end: usize) -> Option<usize> {
    let window = text.as_bytes().get(from..end)?;
    memchr::memmem::find(window, b"](").map(|i| from + i + 1)
}

/// An image being read: its start event, and how far its alt text got.
#[derive(Debug)]
pub(super) struct OpenImage<'p> {
    pub range: Range<usize>,
    pub link_type: LinkType,
    /// As the parser read it: mostly a slice of the text, not a copy.
    pub dest: CowStr<'p>,
    pub child_end: usize,
    pub definition: Option<Range<usize>>,
}

impl OpenImage<'_> {
    /// The reference for this image, now that its alt text is known.
    pub(super) fn finish(self, text: &str) -> ImageRef {
        let reference = matches!(
            self.link_type,
            LinkType::Reference | LinkType::Collapsed | LinkType::Shortcut
        );
        let (span, written, definition) = if reference {
            let def = self
                .definition
                .and_then(|d| definition_destination(text, d));
            (self.range.clone(), def.clone(), def)
        } else {
            let dest = inline_open_paren(
                text,
                self.child_end.max(self.range.start + 2),
                self.range.end,
            )
            .map(|open| inline_destination(text, open, self.range.end));
            (dest.clone().unwrap_or(self.range.clone()), dest, None)
        };
        let target = classify(
            &self.dest,
            written
                .as_ref()
                .and_then(|w| Some((text.get(w.clone())?, w.start))),
        );
        ImageRef {
            kind: if reference {
                ImageKind::Reference
            } else {
                ImageKind::Inline
            },
            span,
            whole: self.range,
            target,
            definition,
        }
    }
}

/// An image reference for an `<img>` tag.
pub(super) fn from_tag(text: &str, tag: &html::ImgTag, kind: ImageKind) -> ImageRef {
    let (span, target) = match &tag.src {
        Some(v) => {
            let raw = &text[v.range.clone()];
            let decoded = html::decode_entities(raw);
            let written = (decoded == raw).then_some((raw, v.range.start));
            (v.range.clone(), classify(&decoded, written))
        }
        None => (tag.range.start..tag.range.start + 4, Target::Empty),
    };
    ImageRef {
        kind,
        span,
        whole: tag.range.clone(),
        target,
        definition: None,
    }
}

#[cfg(test)]
#[path = "images_tests.rs"]
mod document_tests;

#[cfg(test)]
mod tests {
    use super::*;

    fn local(dest: &str) -> (String, bool) {
        match classify(dest, None) {
            Target::Local(l) => (l.path("").to_string(), l.from_root),
            other => panic!("{dest}: {other:?}"),
        }
    }

    #[test]
    fn destinations_are_decoded_and_stripped() {
        assert_eq!(local("pic/a%20b.png"), ("pic/a b.png".into(), false));
        assert_eq!(local("pic/a.png?raw=true"), ("pic/a.png".into(), false));
        assert_eq!(local("pic/a.png#frag"), ("pic/a.png".into(), false));
        assert_eq!(local("/pic/a.png"), ("pic/a.png".into(), true));
        assert_eq!(local("%2Fpic/a.png"), ("pic/a.png".into(), true));
        assert_eq!(local("pic/%E5%9B%BE.png"), ("pic/图.png".into(), false));
        assert_eq!(local("pic/100%.png"), ("pic/100%.png".into(), false));
        assert_eq!(local("pic/a%23b.png"), ("pic/a#b.png".into(), false));
    }

    #[test]
    fn schemes_and_protocol_relative_urls_are_remote() {
        for d in [
            "https://x.org/a.png",
            "http://x/a.png",
            "//cdn.x/a.png",
            "data:image/png;base64,AAAA",
            "ftp://x/a",
        ] {
            assert!(matches!(classify(d, None), Target::Remote(_)), "{d}");
        }
        assert_eq!(classify("  ", None), Target::Empty);
    }

    #[test]
    fn verbatim_span_only_when_written_as_decoded() {
        let Target::Local(l) = classify("pic/a.png?x", Some(("pic/a.png?x", 10))) else {
            panic!()
        };
        assert_eq!(l.verbatim, Some(10..19));
        // A written path is read from the source, past a leading `/`.
        let text = "![a](x.png /pic/a.png?x)";
        let Target::Local(l) = classify("/pic/a.png?x", Some(("/pic/a.png?x", 11))) else {
            panic!()
        };
        assert_eq!(
            (l.verbatim.clone(), l.path(text), l.from_root),
            (Some(11..21), "pic/a.png", true)
        );
        let Target::Local(l) = classify("pic/a%20b.png", Some(("pic/a%20b.png", 0))) else {
            panic!()
        };
        assert_eq!(l.verbatim, None);
    }

    #[test]
    fn destination_spans() {
        let t = "![a](<pic/a b.png> \"t\") ![b](pic/(1).png)";
        let open = t.find("](").unwrap_or(0) + 1;
        assert_eq!(&t[inline_destination(t, open, t.len())], "pic/a b.png");
        let open = t.rfind("](").unwrap_or(0) + 1;
        assert_eq!(&t[inline_destination(t, open, t.len())], "pic/(1).png");
        let d = "[r\\]1]:\n  pic/x.png \"t\"";
        assert_eq!(
            definition_destination(d, 0..d.len()).map(|r| &d[r]),
            Some("pic/x.png")
        );
    }
}
