//! The document model: one pulldown-cmark pass, plus a scan of the text
//! blocks for what CommonMark does not see.
//!
//! Rules never parse; they read a [`Document`].

mod anchors;
mod build;
mod headings;
mod html;
mod images;
mod links;
mod pieces;
mod scan;
mod suppress;
mod tasks;

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag};

use build::Builder;

pub use anchors::{Anchors, Slugger, slug};
pub use headings::{Heading, HeadingKind, Headings};
pub use html::Malformation;
pub use images::{ImageKind, ImageRef, Images, LocalPath, MalformedImg, Target};
pub use links::{Fragment, LinkDefinition, LinkKind, LinkRef, Links, label_key, same_label};
pub use scan::HashLine;
pub use suppress::{Suppressions, UnknownRuleName};
pub use tasks::{TaskBox, TaskItem, Tasks};

use crate::source::Source;

/// The parser options: what GitHub renders, plus front matter.
pub fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_GFM
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
}

/// What a range excluded from line scans holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExcludedKind {
    /// A fenced or indented code block.
    Code,
    /// An HTML comment (block or inline).
    Comment,
    /// YAML (`---`) or TOML (`+++`) front matter at the top of the file.
    FrontMatter,
}

/// A range whose content is never a heading, checkbox or image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excluded {
    /// Byte range in the source.
    pub range: Range<usize>,
    /// What it is.
    pub kind: ExcludedKind,
}

/// A run of inline text that CommonMark renders as text: a paragraph, or
/// the text directly inside a tight list item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextBlock {
    /// Byte range of the text, from its first to its last inline.
    pub range: Range<usize>,
    /// Inside a block quote, list item or footnote.
    pub nested: bool,
}

/// Raw HTML as the parser saw it: an HTML block, or inline HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HtmlFragment {
    /// Byte range in the source.
    pub range: Range<usize>,
    /// An HTML block (handed to the browser as is) rather than inline HTML.
    pub block: bool,
}

/// Everything the rules need to know about one Markdown file.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// Headings, their outline and dates.
    pub headings: Headings,
    /// Code, comments and front matter, sorted by start.
    pub excluded: Vec<Excluded>,
    /// Paragraphs and tight list item text, in order.
    pub text_blocks: Vec<TextBlock>,
    /// Raw HTML blocks and inline HTML, in order.
    pub html: Vec<HtmlFragment>,
    /// Lines of text that start with `#` (heading-space candidates).
    pub hash_lines: Vec<HashLine>,
    /// `weeklint-disable…` comments.
    pub suppressions: Suppressions,
    /// Image references and malformed `<img` tags.
    pub images: Images,
    /// Task list items, and text meant as task items.
    pub tasks: Tasks,
    /// Link reference definitions, and reference links that could name
    /// a release.
    pub links: Links,
}

/// Where `needle` first occurs in `hay`: `memchr` for its first byte, for
/// the many short texts searched once each (building a `memmem` searcher
/// costs more than such a search).
fn find_short(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let (&first, rest) = needle.split_first()?;
    memchr::memchr_iter(first, hay).find(|&p| hay[p + 1..].starts_with(rest))
}

/// `body` with each bare `\r` made a `\n`.
///
/// CommonMark ends a line at a bare `\r`, but pulldown-cmark ends fenced
/// and indented code only at `\n`, so a file with classic Mac OS line
/// What the rules that look at every file read of each file's
/// [`Document`] (see [`Document::for_project`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ProjectNeeds {
    /// Image references.
    pub images: bool,
    /// Every local link.
    pub links: bool,
    /// Links to a fragment of another page.
    pub fragment_links: bool,
}

impl ProjectNeeds {
    /// Everything that [`Document::for_project`] can keep.
    pub const ALL: ProjectNeeds = ProjectNeeds {
        images: true,
        links: true,
        fragment_links: true,
    };

    /// What `self` or `other` needs.
    pub fn and(self, other: ProjectNeeds) -> ProjectNeeds {
        ProjectNeeds {
            images: self.images || other.images,
            links: self.links || other.links,
            fragment_links: self.fragment_links || other.fragment_links,
        }
    }
}

/// endings would parse differently from how it renders. The same bytes
/// with `\n` there parse as CommonMark reads the file, at the same offsets.
fn bare_cr_to_lf(body: &str) -> String {
    let bytes = body.as_bytes();
    let mut out = String::with_capacity(body.len());
    let mut last = 0;
    for p in memchr::memchr_iter(b'\r', bytes).filter(|&p| bytes.get(p + 1) != Some(&b'\n')) {
        out.push_str(&body[last..p]);
        out.push('\n');
        last = p + 1;
    }
    out.push_str(&body[last..]);
    out
}

impl Document {
    /// Parse `source` once and build the model.
    pub fn parse(source: &Source) -> Document {
        Self::parse_in_pieces(source, pieces::PIECE_LEN)
    }

    /// Only what the rules that look at every file read, of what `needs`
    /// names, and its suppressions: a run keeps this of each file until
    /// its end, not the whole model.
    pub fn for_project(mut self, text: &str, needs: ProjectNeeds) -> Document {
        if !needs.images {
            self.images.refs.clear();
        }
        if !needs.links {
            self.links
                .local
                .retain(|l| needs.fragment_links && l.is_to_fragment_of_other_page(text));
        }
        // Kept to the end of the run: without the room to grow.
        self.images.refs.shrink_to_fit();
        self.links.local.shrink_to_fit();
        Document {
            images: Images {
                refs: self.images.refs,
                ..Images::default()
            },
            suppressions: self.suppressions,
            links: Links {
                local: self.links.local,
                ..Links::default()
            },
            ..Document::default()
        }
    }

    /// Visit every byte range of what [`Document::for_project`] keeps (its
    /// images and local links), to read or move: a run can then keep only
    /// the lines they are on ([`Source::excerpt`]), with the ranges moved
    /// into the excerpt.
    pub fn project_spans_mut(&mut self, mut f: impl FnMut(&mut Range<usize>)) {
        for image in &mut self.images.refs {
            f(&mut image.span);
            f(&mut image.whole);
            if let Some(range) = &mut image.definition {
                f(range);
            }
            if let Target::Local(LocalPath {
                verbatim: Some(range),
                ..
            }) = &mut image.target
            {
                f(range);
            }
        }
        for link in &mut self.links.local {
            f(&mut link.span);
            let fragment = link.fragment.as_mut().and_then(|x| x.verbatim.as_mut());
            for range in [
                link.definition.as_mut(),
                link.path.verbatim.as_mut(),
                fragment,
            ]
            .into_iter()
            .flatten()
            {
                f(range);
            }
        }
    }

    /// [`Document::parse`], reading a file of more than twice `piece`
    /// bytes in pieces of about that size.
    fn parse_in_pieces(source: &Source, piece: usize) -> Document {
        let lf_body;
        let body = source.body();
        let parsed = if source.has_bare_cr() {
            lf_body = bare_cr_to_lf(body);
            &lf_body
        } else {
            body
        };
        let shift = source.bom_len();
        // Made at the first event: most files have no front matter and are
        // not cut into pieces, and their model's lists are then made after
        // the parser's first pass, which grows its tree as it goes and can
        // grow it where it is while it is the newest block of memory.
        let mut builder = None;
        let start = pieces::lead(parsed, piece, &mut |event, range: Range<usize>| {
            builder
                .get_or_insert_with(|| Builder::new(source))
                .event(&event, range.start + shift..range.end + shift);
        });
        let mut events =
            Parser::new_ext(&parsed[start..], pieces::body_options()).into_offset_iter();
        let mut builder = builder.unwrap_or_else(|| Builder::new(source));
        let at = start + shift;
        // Not a `for` loop: reference definitions are looked up between
        // events.
        while let Some((event, range)) = events.next() {
            let event = &event;
            if let Event::Start(Tag::Image { link_type, id, .. } | Tag::Link { link_type, id, .. }) =
                event
                && matches!(
                    link_type,
                    LinkType::Reference | LinkType::Collapsed | LinkType::Shortcut
                )
            {
                builder.definition = events
                    .reference_definitions()
                    .get(id)
                    .map(|d| d.span.start + at..d.span.end + at);
            }
            builder.event(event, range.start + at..range.end + at);
        }
        builder.define_links(events.reference_definitions(), at);
        builder.finish()
    }

    /// Whether `offset` lies in code, a comment or front matter.
    pub fn is_excluded(&self, offset: usize) -> bool {
        is_excluded_in(&self.excluded, offset)
    }
}

/// Whether `offset` lies in one of `excluded` (sorted by start).
fn is_excluded_in(excluded: &[Excluded], offset: usize) -> bool {
    let i = excluded.partition_point(|e| e.range.start <= offset);
    // Excluded ranges do not overlap, so only the last one starting at
    // or before `offset` can hold it.
    i > 0 && excluded[i - 1].range.end > offset
}

#[cfg(test)]
mod tests;
