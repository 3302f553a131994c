//! Headings and their outline (parents, sections, siblings).

use rustc_hash::FxHashMap;
use std::ops::Range;

use crate::source::Source;

/// ATX (`## x`) or setext (`x` over `---`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeadingKind {
    /// `## Title`
    Atx,
    /// `Title` underlined with `===` or `---`.
    Setext,
}

/// One heading.
#[derive(Debug, Clone)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// ATX or setext.
    pub kind: HeadingKind,
    /// The heading's source, without its final line ending.
    pub range: Range<usize>,
    /// Where the heading's first line ends (see [`Heading::line`]).
    line_end: usize,
    /// Where the rendered text is in [`Headings`]' text (see
    /// [`Headings::text`]).
    text: Range<usize>,
    /// How much leading white space the text lost to trimming.
    lead: usize,
    /// Where the text its anchor is made from is in [`Headings`]' text,
    /// when it is not the rendered text (see [`Headings::anchor_text`]).
    anchor: Option<Range<usize>>,
    /// Where the text's pieces are in [`Headings`]' pieces.
    pieces: Range<usize>,
    /// Inside a block quote, list item or footnote: outside the outline.
    pub nested: bool,
    /// The nearest earlier heading of a lower level (outline headings only).
    pub parent: Option<usize>,
    /// Where the section it opens ends: the next outline heading of the same
    /// or a higher level, or the end of the file.
    pub section_end: usize,
    /// No text and no inline HTML: nothing is rendered.
    pub empty: bool,
}

impl Heading {
    /// Whether the heading renders any text.
    pub fn has_text(&self) -> bool {
        !self.text.is_empty()
    }

    /// The first line of the heading (where diagnostics point).
    pub fn line(&self) -> Range<usize> {
        self.range.start..self.line_end
    }

    /// The section this heading opens: from its start to `section_end`.
    pub fn section(&self) -> Range<usize> {
        self.range.start..self.section_end
    }
}

/// All headings of a document, in order.
#[derive(Debug, Clone, Default)]
pub struct Headings {
    list: Vec<Heading>,
    /// The rendered texts of all headings, one after another: one
    /// buffer, where a string per heading would be an allocation each.
    texts: String,
    /// Where the rendered texts came from in the source, piece by piece.
    pieces: Vec<Piece>,
}

impl Headings {
    /// All headings, in document order.
    pub fn all(&self) -> &[Heading] {
        &self.list
    }

    /// The rendered text of `heading` (one of these headings), trimmed:
    /// `## **2023.6.18**` gives `2023.6.18`.
    pub fn text(&self, heading: &Heading) -> &str {
        self.texts.get(heading.text.clone()).unwrap_or_default()
    }

    /// The text GitHub makes `heading`'s anchor from: what a browser
    /// shows, untrimmed, without the alt text of images, with a line
    /// break as a line break (`## ![logo](l.png) Setup` gives ` Setup`).
    pub fn anchor_text(&self, heading: &Heading) -> &str {
        let range = heading.anchor.clone().unwrap_or(heading.text.clone());
        self.texts.get(range).unwrap_or_default()
    }

    /// Where the bytes `range` of `heading`'s text are in the source, if
    /// they are there as written (not through escapes or entities) and in
    /// one piece.
    pub fn source_range(&self, heading: &Heading, range: Range<usize>) -> Option<Range<usize>> {
        let pieces = self.pieces.get(heading.pieces.clone())?;
        map_to_source(pieces, range.start + heading.lead..range.end + heading.lead)
    }

    /// Room for `headings` more headings with `text` bytes of text.
    pub(super) fn reserve(&mut self, headings: usize, text: usize) {
        self.list.reserve(headings);
        self.texts.reserve(text);
    }

    /// Heading `index`.
    pub fn get(&self, index: usize) -> Option<&Heading> {
        self.list.get(index)
    }

    pub(super) fn push(&mut self, heading: Heading) {
        self.list.push(heading);
    }

    /// Keep `text` as a heading's text: where it is.
    fn keep_text(&mut self, text: &str) -> Range<usize> {
        let start = self.texts.len();
        self.texts.push_str(text);
        start..self.texts.len()
    }

    /// Groups of sibling headings: same level, same parent, in the outline,
    /// and accepted by `keep`. Groups are ordered by their first member.
    pub fn sibling_groups(&self, keep: impl Fn(usize, &Heading) -> bool) -> Vec<Vec<usize>> {
        // Groups are made in the order of their first member, each at its
        // size once the sizes are known (a journal's one long group of
        // dated sections would otherwise grow a step at a time).
        // Nothing is allocated until a heading is kept: most files have
        // no dated headings, and some no headings at all.
        let mut index: FxHashMap<(Option<usize>, u8), usize> = FxHashMap::default();
        let mut members: Vec<(usize, usize)> = Vec::new();
        let mut sizes: Vec<usize> = Vec::new();
        for (i, h) in self.list.iter().enumerate() {
            if !h.nested && keep(i, h) {
                if members.is_empty() {
                    members.reserve(self.list.len() - i);
                    index.reserve(8);
                }
                let g = *index.entry((h.parent, h.level)).or_insert_with(|| {
                    sizes.push(0);
                    sizes.len() - 1
                });
                sizes[g] += 1;
                members.push((i, g));
            }
        }
        let mut groups: Vec<Vec<usize>> = sizes.into_iter().map(Vec::with_capacity).collect();
        for (i, g) in members {
            groups[g].push(i);
        }
        groups
    }

    /// Parents and section ends, in one pass with a stack.
    pub(super) fn build_outline(&mut self) {
        let mut open: Vec<usize> = Vec::new();
        let file_end = self.list.last().map_or(0, |h| h.section_end);
        for i in 0..self.list.len() {
            if self.list[i].nested {
                continue;
            }
            let level = self.list[i].level;
            while let Some(&top) = open.last() {
                if self.list[top].level >= level {
                    self.list[top].section_end = self.list[i].range.start;
                    open.pop();
                } else {
                    break;
                }
            }
            self.list[i].parent = open.last().copied();
            open.push(i);
        }
        for i in open {
            self.list[i].section_end = file_end;
        }
    }
}

/// A piece of rendered heading text and where it came from.
#[derive(Debug, Clone)]
pub(super) struct Piece {
    rendered: usize,
    source: Range<usize>,
    verbatim: bool,
}

pub(super) struct HeadingBuilder {
    level: u8,
    range: Range<usize>,
    nested: bool,
    kind: HeadingKind,
    /// Where the first line ends.
    line_end: usize,
    has_html: bool,
    file_len: usize,
}

/// The rendered text and its pieces while a heading is read: kept by the
/// builder from one heading to the next, since a document has many.
#[derive(Default)]
pub(super) struct Buffers {
    text: String,
    pieces: Vec<Piece>,
    /// The text of the anchor (see [`Headings::anchor_text`]).
    anchor: String,
}

impl Buffers {
    /// Add a piece of the heading's rendered text, from `source`
    /// (`verbatim`: rendered as written there).
    pub(super) fn push(&mut self, text: &str, source: Range<usize>, verbatim: bool) {
        self.pieces.push(Piece {
            rendered: self.text.len(),
            source,
            verbatim,
        });
        self.text.push_str(text);
        self.anchor.push_str(text);
    }

    /// Add the alt text of an image: rendered text that is no part of
    /// the anchor.
    pub(super) fn push_alt(&mut self, text: &str, source: Range<usize>, verbatim: bool) {
        self.pieces.push(Piece {
            rendered: self.text.len(),
            source,
            verbatim,
        });
        self.text.push_str(text);
    }

    /// Add a line break: a space in the text, a line break in the anchor.
    pub(super) fn push_break(&mut self, source: Range<usize>) {
        self.pieces.push(Piece {
            rendered: self.text.len(),
            source,
            verbatim: false,
        });
        self.text.push(' ');
        self.anchor.push('\n');
    }
}

impl HeadingBuilder {
    /// Its text goes into `buffers`, kept by the caller from one heading
    /// to the next and emptied here.
    pub(super) fn new(
        level: u8,
        range: Range<usize>,
        nested: bool,
        source: &Source,
        buffers: &mut Buffers,
    ) -> Self {
        buffers.text.clear();
        buffers.pieces.clear();
        buffers.anchor.clear();
        let text = source.text();
        let bytes = text.as_bytes();
        let mut end = range.end;
        while end > range.start && bytes[end - 1].is_ascii_whitespace() {
            end -= 1;
        }
        // The first line ends at the first line ending (a `\r` is one too):
        // a few bytes on, where the line index would be a search.
        let line_end = bytes[range.start..end]
            .iter()
            .position(|&b| matches!(b, b'\n' | b'\r'))
            .map_or(end, |p| range.start + p);
        // An ATX heading starts with `#` after its container prefix.
        let kind = if bytes.get(range.start) == Some(&b'#') {
            HeadingKind::Atx
        } else {
            HeadingKind::Setext
        };
        HeadingBuilder {
            level,
            range: range.start..end,
            nested,
            kind,
            line_end,
            has_html: false,
            file_len: text.len(),
        }
    }

    pub(super) fn push_html(&mut self) {
        self.has_html = true;
    }

    /// Add the heading to `headings`, its text kept there. (Pushed here,
    /// not returned: a heading is large, and a copy per heading adds up.)
    pub(super) fn finish(self, buffers: &Buffers, headings: &mut Headings) {
        let rendered = &buffers.text;
        let lead = rendered.len() - rendered.trim_start().len();
        let text = headings.keep_text(rendered.trim());
        // Most headings' anchors are made from their text as it is.
        let anchor =
            (buffers.anchor != rendered.trim()).then(|| headings.keep_text(&buffers.anchor));
        let first = headings.pieces.len();
        headings.pieces.extend_from_slice(&buffers.pieces);
        headings.push(Heading {
            level: self.level,
            kind: self.kind,
            range: self.range,
            line_end: self.line_end,
            empty: text.is_empty() && !self.has_html,
            text,
            lead,
            anchor,
            pieces: first..headings.pieces.len(),
            nested: self.nested,
            parent: None,
            section_end: self.file_len,
        });
    }
}

/// The source range of rendered bytes `r`, if every piece covering it is
/// verbatim and the pieces are contiguous in the source.
fn map_to_source(pieces: &[Piece], r: Range<usize>) -> Option<Range<usize>> {
    let first = pieces.partition_point(|p| p.rendered <= r.start);
    let first = first.checked_sub(1)?;
    let mut start = None;
    let mut prev_end: Option<usize> = None;
    for p in &pieces[first..] {
        if p.rendered >= r.end {
            break;
        }
        if !p.verbatim || prev_end.is_some_and(|e| e != p.source.start) {
            return None;
        }
        if start.is_none() {
            start = Some(p.source.start + (r.start - p.rendered));
        }
        let piece_len = p.source.len();
        if p.rendered + piece_len >= r.end {
            return Some(start?..p.source.start + (r.end - p.rendered));
        }
        prev_end = Some(p.source.end);
    }
    None
}
