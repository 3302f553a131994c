//! The document model: one pulldown-cmark pass, plus a scan of the text
//! blocks for what CommonMark does not see.
//!
//! Rules never parse; they read a [`Document`].

mod headings;
mod html;
mod images;
mod pieces;
mod scan;
mod suppress;
mod tasks;

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

pub use headings::{Heading, HeadingKind, Headings};
pub use html::Malformation;
pub use images::{ImageKind, ImageRef, Images, LocalPath, MalformedImg, Target};
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
}

/// Lists kept between parses on one thread: the next parse fills them
/// rather than allocating its own, which for a small file costs about as
/// much as filling them.
#[derive(Default)]
struct Spare {
    /// A document handed back with [`Document::recycle`], emptied.
    doc: Document,
    /// The builder's own lists, emptied.
    scratch: Scratch,
}

/// The lists a parse uses only while it runs.
#[derive(Default)]
struct Scratch {
    /// The open blocks, innermost last.
    blocks: Vec<Block>,
    /// The buffers of the heading being read, kept between headings.
    heading_buffers: headings::Buffers,
    /// HTML comments, block and inline.
    comments: Vec<Range<usize>>,
    /// Ends of the open paragraphs, headings, cells and items: how far an
    /// `<img` tag found in text may run.
    leaf_ends: Vec<usize>,
    /// `<img` found in text, with how far it may run.
    text_imgs: Vec<(usize, usize)>,
    /// Open lists: ordered or not, and their index in document order.
    lists: Vec<(bool, usize)>,
}

impl Scratch {
    /// Empty every list, keeping its room. (The heading buffers are
    /// emptied when a heading starts.)
    fn clear(&mut self) {
        // Every field named: a new one must be emptied here too.
        let Scratch {
            blocks,
            heading_buffers: _,
            comments,
            leaf_ends,
            text_imgs,
            lists,
        } = self;
        blocks.clear();
        comments.clear();
        leaf_ends.clear();
        text_imgs.clear();
        lists.clear();
    }
}

thread_local! {
    static SPARE: std::cell::Cell<Option<Box<Spare>>> = const { std::cell::Cell::new(None) };
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

    /// Only what the rules that look at every file read (image references
    /// and suppressions): a run keeps this of each file until its end, not
    /// the whole model.
    pub fn for_project(self) -> Document {
        Document {
            images: self.images,
            suppressions: self.suppressions,
            ..Document::default()
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
        // events. Each event is read where `next` put it, not moved.
        loop {
            let next = events.next();
            let Some((event, range)) = &next else {
                break;
            };
            if let Event::Start(Tag::Image { link_type, id, .. }) = event
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
            // Most events own nothing: dropping them needs no call to the
            // drop of a whole `Event`, which tests every kind.
            if matches!(
                event,
                Event::End(_)
                    | Event::Text(CowStr::Borrowed(_))
                    | Event::SoftBreak
                    | Event::Start(Tag::Paragraph | Tag::Item | Tag::List(_))
            ) {
                std::mem::forget(next);
            }
        }
        builder.finish()
    }

    /// Whether `offset` lies in code, a comment or front matter.
    pub fn is_excluded(&self, offset: usize) -> bool {
        is_excluded_in(&self.excluded, offset)
    }

    /// Hand the document back once done with it: the next parse on this
    /// thread fills its lists, emptied, instead of allocating new ones.
    pub fn recycle(mut self) {
        self.clear();
        let mut spare = SPARE.take().unwrap_or_default();
        spare.doc = self;
        SPARE.set(Some(spare));
    }

    /// Empty every list, keeping its room.
    fn clear(&mut self) {
        // Every field named: a new one must be emptied here too.
        let Document {
            headings,
            excluded,
            text_blocks,
            html,
            hash_lines,
            suppressions,
            images,
            tasks,
        } = self;
        headings.clear();
        excluded.clear();
        text_blocks.clear();
        html.clear();
        hash_lines.clear();
        *suppressions = Suppressions::default();
        images.clear();
        tasks.clear();
    }
}

#[derive(Debug)]
enum Block {
    Heading,
    Item {
        run: Option<Range<usize>>,
        /// Where the item (its list marker) starts.
        start: usize,
        ordered: bool,
        /// The list's index in document order.
        list: usize,
    },
    Container,
    Other,
}

/// Builds the model of `source` from the events of `'p` text (the source,
/// or a copy with bare `\r`s made `\n`).
struct Builder<'s, 'p> {
    source: &'s Source,
    doc: Document,
    /// Taken from the thread's spare lists, given back emptied.
    scratch: Scratch,
    /// Open block quotes, list items and footnotes.
    nesting: usize,
    heading: Option<headings::HeadingBuilder>,
    /// Images whose alt text is being read (images nest in alt text).
    open_images: Vec<images::OpenImage<'p>>,
    /// The definition of the reference image about to start.
    definition: Option<Range<usize>>,
    /// Where each `<` of the text is: found with the lines rather than
    /// searched for again in each of its many text events.
    lt: &'s [usize],
    /// The first of `lt` at or after the last text event's start.
    lt_next: usize,
    /// Where the scratch lists came from: they go back into it.
    spare: Box<Spare>,
}

impl<'s, 'p> Builder<'s, 'p> {
    fn new(source: &'s Source) -> Self {
        // Room for what a journal of this many lines usually holds, so the
        // lists seldom grow (capped: a huge file grows as usual).
        let lines = source.line_count().min(1 << 14);
        let mut spare = SPARE.take().unwrap_or_default();
        let Spare { mut doc, scratch } = std::mem::take(&mut *spare);
        doc.text_blocks.reserve(lines / 2);
        doc.html.reserve(lines / 16);
        doc.excluded.reserve(lines / 32);
        doc.headings.reserve(lines / 8, lines);
        doc.images.refs.reserve(lines / 16);
        doc.tasks.items.reserve(lines / 32);
        doc.tasks.list_items.reserve(lines / 16);
        Builder {
            source,
            doc,
            scratch,
            nesting: 0,
            heading: None,
            open_images: Vec::new(),
            definition: None,
            lt: source.lt_positions(),
            lt_next: 0,
            spare,
        }
    }

    // By reference: an event is not copied to be handed over.
    #[inline(always)]
    fn event(&mut self, event: &Event<'p>, range: Range<usize>) {
        if !matches!(
            event,
            Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image)
        ) && let Some(img) = self.open_images.last_mut()
        {
            img.child_end = img.child_end.max(range.end);
        }
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(end) => self.end(*end, range),
            Event::Text(text) => {
                self.inline(&range);
                if self.may_hold_lt(&range) {
                    self.find_text_imgs(&range);
                }
                if self.heading.is_some() {
                    let verbatim = &self.source.text()[range.clone()] == text.as_ref();
                    self.scratch.heading_buffers.push(text, range, verbatim);
                }
            }
            Event::Code(text) | Event::InlineMath(text) | Event::DisplayMath(text) => {
                self.inline(&range);
                if self.heading.is_some() {
                    self.scratch.heading_buffers.push(text, range, false);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                self.inline(&range);
                if self.heading.is_some() {
                    self.scratch.heading_buffers.push(" ", range, false);
                }
            }
            Event::InlineHtml(html) => {
                self.inline(&range);
                if html.starts_with("<!--") {
                    self.scratch.comments.push(range.clone());
                } else if let Some(h) = &mut self.heading {
                    h.push_html();
                }
                self.doc.html.push(HtmlFragment {
                    range,
                    block: false,
                });
            }
            Event::TaskListMarker(checked) => {
                self.inline(&range);
                self.task(*checked, range);
            }
            Event::FootnoteReference(_) => self.inline(&range),
            Event::Html(_) | Event::Rule => {}
        }
    }

    #[inline(always)]
    fn start(&mut self, tag: &Tag<'p>, range: Range<usize>) {
        let block = match tag {
            Tag::Heading { level, .. } => {
                self.scratch.leaf_ends.push(range.end);
                self.heading = Some(headings::HeadingBuilder::new(
                    *level as u8,
                    range,
                    self.nesting > 0,
                    self.source,
                    &mut self.scratch.heading_buffers,
                ));
                Block::Heading
            }
            Tag::Paragraph => {
                self.scratch.leaf_ends.push(range.end);
                self.doc.text_blocks.push(TextBlock {
                    range: trim_end_newlines(self.source, range),
                    nested: self.nesting > 0,
                });
                Block::Other
            }
            Tag::BlockQuote(_) | Tag::FootnoteDefinition(_) => {
                self.nesting += 1;
                Block::Container
            }
            Tag::Item => {
                self.scratch.leaf_ends.push(range.end);
                self.nesting += 1;
                let (ordered, list) = self.scratch.lists.last().copied().unwrap_or_default();
                if let Some(n) = self.doc.tasks.list_items.get_mut(list) {
                    *n += 1;
                }
                Block::Item {
                    run: None,
                    start: range.start,
                    ordered,
                    list,
                }
            }
            Tag::CodeBlock(_) => {
                self.exclude(range, ExcludedKind::Code);
                Block::Other
            }
            Tag::MetadataBlock(_) => {
                self.exclude(range, ExcludedKind::FrontMatter);
                Block::Other
            }
            Tag::HtmlBlock => {
                self.doc.html.push(HtmlFragment {
                    range: range.clone(),
                    block: true,
                });
                self.comments_in_html_block(range);
                Block::Other
            }
            Tag::TableCell => {
                self.scratch.leaf_ends.push(range.end);
                Block::Other
            }
            Tag::List(first) => {
                self.scratch
                    .lists
                    .push((first.is_some(), self.doc.tasks.list_items.len()));
                self.doc.tasks.list_items.push(0);
                Block::Other
            }
            Tag::Table(_)
            | Tag::TableHead
            | Tag::TableRow
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition => Block::Other,
            Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. } => {
                self.inline(&range);
                return;
            }
            Tag::Image {
                link_type,
                dest_url,
                ..
            } => {
                self.inline(&range);
                if let Some(parent) = self.open_images.last_mut() {
                    parent.child_end = parent.child_end.max(range.start);
                }
                self.open_images.push(images::OpenImage {
                    child_end: range.start + 2,
                    range,
                    link_type: *link_type,
                    // Borrowed from the text, or (with escapes) a copy.
                    dest: dest_url.clone(),
                    definition: self.definition.take(),
                });
                return;
            }
        };
        // A block starting inside a tight item ends the item's inline run.
        self.close_item_run();
        self.scratch.blocks.push(block);
    }

    #[inline(always)]
    fn end(&mut self, end: TagEnd, range: Range<usize>) {
        match end {
            TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link => return,
            TagEnd::Image => {
                if let Some(img) = self.open_images.pop() {
                    self.doc.images.refs.push(img.finish(self.source.text()));
                }
                if let Some(parent) = self.open_images.last_mut() {
                    parent.child_end = parent.child_end.max(range.end);
                }
                return;
            }
            TagEnd::Heading(_) | TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell => {
                self.scratch.leaf_ends.pop();
            }
            TagEnd::List(_) => {
                self.scratch.lists.pop();
            }
            _ => {}
        }
        self.close_item_run();
        match self.scratch.blocks.pop() {
            Some(Block::Heading) => {
                if let Some(h) = self.heading.take() {
                    h.finish(&self.scratch.heading_buffers, &mut self.doc.headings);
                }
            }
            Some(Block::Item { .. } | Block::Container) => {
                self.nesting = self.nesting.saturating_sub(1);
            }
            Some(Block::Other) | None => {}
        }
    }

    /// Note inline content; directly inside a list item it is a text block.
    fn inline(&mut self, range: &Range<usize>) {
        if let Some(Block::Item { run, .. }) = self.scratch.blocks.last_mut() {
            match run {
                Some(r) => r.end = r.end.max(range.end),
                None => *run = Some(range.clone()),
            }
        }
    }

    /// Whether a `<` of the text may lie in `range`. Most text events hold
    /// none: the first `<` at or after the last text's start lies past
    /// `range`, and the one before it lies before `range`.
    #[inline(always)]
    fn may_hold_lt(&self, range: &Range<usize>) -> bool {
        let next = self.lt_next;
        self.lt.get(next).is_some_and(|&p| p < range.end)
            || (next > 0 && self.lt[next - 1] >= range.start)
    }

    /// Note each `<img` in the source of a text event: CommonMark did not
    /// take it as HTML, so GitHub shows it as text.
    fn find_text_imgs(&mut self, range: &Range<usize>) {
        let text = self.source.text();
        let bytes = text.as_bytes();
        let limit = self.scratch.leaf_ends.last().copied().unwrap_or(text.len());
        // Text comes in source order: go on from the last text's place.
        let mut first = self.lt_next;
        if first > 0 && self.lt[first - 1] >= range.start {
            first = self.lt.partition_point(|&p| p < range.start);
        }
        while self.lt.get(first).is_some_and(|&p| p < range.start) {
            first += 1;
        }
        self.lt_next = first;
        for k in first..self.lt.len() {
            let at = self.lt[k];
            if at >= range.end {
                break;
            }
            // `\<img` is the author asking for the text.
            if html::starts_img(text, at) && (at == 0 || bytes[at - 1] != b'\\') {
                self.scratch.text_imgs.push((at, limit.max(at + 4)));
            }
        }
    }

    /// Image references from `<img>` tags, once comments are known.
    fn collect_html_images(&mut self) {
        let text = self.source.text();
        let doc = &mut self.doc;
        for fragment in &doc.html {
            let r = &fragment.range;
            if fragment.block {
                let excluded = &doc.excluded;
                let tags =
                    html::find_img_tags(text, r.clone(), r.end, |at| is_excluded_in(excluded, at));
                for tag in tags {
                    doc.images
                        .refs
                        .push(images::from_tag(text, &tag, ImageKind::HtmlBlock));
                }
            } else if html::starts_img(text, r.start) {
                let tag = html::read_img(text, r.start, r.end);
                doc.images
                    .refs
                    .push(images::from_tag(text, &tag, ImageKind::InlineHtml));
            }
        }
        for (i, &(at, limit)) in self.scratch.text_imgs.iter().enumerate() {
            if is_excluded_in(&doc.excluded, at) {
                continue;
            }
            // A tag in text runs no further than the next one: else a
            // paragraph of unclosed tags takes quadratic time.
            let next = self.scratch.text_imgs.get(i + 1).map_or(limit, |&(n, _)| n);
            let limit = limit.min(next.max(at + 4));
            let tag = html::read_img(text, at, limit);
            doc.images
                .refs
                .push(images::from_tag(text, &tag, ImageKind::HtmlText));
            if let Some(p) = html::problem(text, at, limit) {
                doc.images.malformed.push(MalformedImg {
                    tag: tag.range,
                    kind: p.kind,
                    at: p.at,
                    fix: p.fix,
                });
            }
        }
        // Front matter and code are excluded whole; Markdown images cannot
        // be in them, but be safe against parser changes.
        let excluded = &doc.excluded;
        doc.images
            .refs
            .retain(|i| !is_excluded_in(excluded, i.whole.start));
        doc.images.refs.sort_by_key(|i| i.whole.start);
    }

    fn close_item_run(&mut self) {
        if let Some(Block::Item { run, .. }) = self.scratch.blocks.last_mut()
            && let Some(r) = run.take()
        {
            self.doc.text_blocks.push(TextBlock {
                range: r,
                nested: true,
            });
        }
    }

    /// A task list marker: it belongs to the innermost open item (in a
    /// loose item, the paragraph around it is open too).
    fn task(&mut self, checked: bool, checkbox: Range<usize>) {
        let item = self.scratch.blocks.iter().rev().find_map(|b| match b {
            Block::Item {
                start,
                ordered,
                list,
                ..
            } => Some((*start, *ordered, *list)),
            _ => None,
        });
        let Some((start, ordered, list)) = item else {
            return;
        };
        // The marker is the last thing before the box on its line. (An
        // item's range may start with indentation, or even with the `\n`
        // of the line before, so it is not read from the start.)
        let Some(marker) = list_marker(self.source.text(), start, checkbox.start, ordered) else {
            return;
        };
        self.doc.tasks.items.push(TaskItem {
            marker,
            ordered,
            list,
            checkbox,
            checked,
        });
    }

    fn exclude(&mut self, range: Range<usize>, kind: ExcludedKind) {
        self.doc.excluded.push(Excluded { range, kind });
    }

    /// HTML comments inside an HTML block; an unterminated one runs to the
    /// end of the block (which then runs to the end of the file).
    fn comments_in_html_block(&mut self, range: Range<usize>) {
        let text = &self.source.text()[range.clone()];
        let mut from = 0;
        while let Some(open) = find_short(&text.as_bytes()[from..], b"<!--") {
            let start = from + open;
            let end = find_short(&text.as_bytes()[start + 4..], b"-->")
                .map_or(text.len(), |close| start + 4 + close + 3);
            self.scratch
                .comments
                .push(range.start + start..range.start + end);
            from = end;
        }
    }

    fn finish(mut self) -> Document {
        self.close_item_run();
        for c in &self.scratch.comments {
            self.doc.excluded.push(Excluded {
                range: c.clone(),
                kind: ExcludedKind::Comment,
            });
        }
        self.doc.excluded.sort_by_key(|e| e.range.start);
        self.doc.text_blocks.sort_by_key(|b| b.range.start);
        self.doc.headings.build_outline();
        scan::scan_lines(
            self.source,
            &self.doc.text_blocks,
            &self.doc.excluded,
            &mut self.doc.hash_lines,
            &mut self.doc.tasks.malformed,
        );
        self.doc.suppressions = Suppressions::parse(self.source, &self.scratch.comments);
        self.collect_html_images();
        let Builder {
            doc,
            mut scratch,
            mut spare,
            ..
        } = self;
        scratch.clear();
        // A document recycled meanwhile stays for the next parse.
        let recycled = SPARE.take().map(|s| s.doc).unwrap_or_default();
        *spare = Spare {
            doc: recycled,
            scratch,
        };
        SPARE.set(Some(spare));
        doc
    }
}

/// Whether `offset` lies in one of `excluded` (sorted by start).
fn is_excluded_in(excluded: &[Excluded], offset: usize) -> bool {
    let i = excluded.partition_point(|e| e.range.start <= offset);
    // Excluded ranges do not overlap, so only the last one starting at
    // or before `offset` can hold it.
    i > 0 && excluded[i - 1].range.end > offset
}

/// The list marker right before `before` (past spaces and tabs): a bullet,
/// or one to nine digits and `.` or `)`.
fn list_marker(
    text: &str,
    item_start: usize,
    before: usize,
    ordered: bool,
) -> Option<Range<usize>> {
    let bytes = text.as_bytes();
    let mut end = before;
    while end > item_start && matches!(bytes[end - 1], b' ' | b'\t') {
        end -= 1;
    }
    if end <= item_start {
        return None;
    }
    let last = bytes[end - 1];
    if !ordered {
        return matches!(last, b'-' | b'*' | b'+').then(|| end - 1..end);
    }
    if !matches!(last, b'.' | b')') {
        return None;
    }
    let digits = bytes[item_start..end - 1]
        .iter()
        .rev()
        .take_while(|b| b.is_ascii_digit())
        .count();
    (1..=9).contains(&digits).then(|| end - 1 - digits..end)
}

fn trim_end_newlines(source: &Source, range: Range<usize>) -> Range<usize> {
    let bytes = source.text().as_bytes();
    let mut end = range.end;
    while end > range.start && matches!(bytes[end - 1], b'\n' | b'\r') {
        end -= 1;
    }
    range.start..end
}

#[cfg(test)]
mod tests;
