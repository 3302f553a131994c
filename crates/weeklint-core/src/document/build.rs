//! The builder: one pulldown-cmark pass over a file, turned into the
//! model the rules read.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, RefDefs, Tag, TagEnd};

use super::{
    Document, Excluded, ExcludedKind, HtmlFragment, ImageKind, MalformedImg, Suppressions,
    TaskItem, TextBlock, find_short, headings, html, images, is_excluded_in, links, scan,
};
use crate::source::Source;

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
pub(super) struct Builder<'s, 'p> {
    source: &'s Source,
    doc: Document,
    /// The lists the parse uses only while it runs.
    scratch: Scratch,
    /// Open block quotes, list items and footnotes.
    nesting: usize,
    heading: Option<headings::HeadingBuilder>,
    /// Images whose alt text is being read (images nest in alt text).
    open_images: Vec<images::OpenImage<'p>>,
    /// The link whose text is being read (links do not nest).
    open_link: Option<links::OpenLink<'p>>,
    /// The definition of the reference image or link about to start.
    pub(super) definition: Option<Range<usize>>,
}

impl<'s, 'p> Builder<'s, 'p> {
    pub(super) fn new(source: &'s Source) -> Self {
        // Room for what a journal of this many lines usually holds, so the
        // lists seldom grow (capped: a huge file grows as usual).
        let lines = source.line_count().min(1 << 14);
        let mut doc = Document::default();
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
            scratch: Scratch::default(),
            nesting: 0,
            heading: None,
            open_images: Vec::new(),
            open_link: None,
            definition: None,
        }
    }

    // By reference: an event is not copied to be handed over.
    #[inline(always)]
    pub(super) fn event(&mut self, event: &Event<'p>, range: Range<usize>) {
        if !matches!(
            event,
            Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image)
        ) && let Some(img) = self.open_images.last_mut()
        {
            img.child_end = img.child_end.max(range.end);
        }
        if let Some(link) = &mut self.open_link
            && !matches!(
                event,
                Event::Start(Tag::Link { .. }) | Event::End(TagEnd::Link)
            )
        {
            link.child_end = link.child_end.max(range.end);
        }
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(end) => self.end(*end, range),
            Event::Text(text) => {
                self.inline(&range);
                self.find_text_imgs(&range);
                if self.heading.is_some() {
                    let verbatim = &self.source.text()[range.clone()] == text.as_ref();
                    if self.open_images.is_empty() {
                        self.scratch.heading_buffers.push(text, range, verbatim);
                    } else {
                        self.scratch.heading_buffers.push_alt(text, range, verbatim);
                    }
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
                    self.scratch.heading_buffers.push_break(range);
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
            Tag::Link {
                link_type,
                dest_url,
                id,
                ..
            } => {
                self.inline(&range);
                if matches!(
                    link_type,
                    LinkType::Reference | LinkType::Collapsed | LinkType::Shortcut
                ) {
                    self.doc.links.reference(id);
                }
                self.open_link = Some(links::OpenLink {
                    child_end: range.start + 1,
                    range,
                    link_type: *link_type,
                    dest: dest_url.clone(),
                    definition: self.definition.take(),
                });
                return;
            }
            Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript => {
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
            | TagEnd::Subscript => return,
            TagEnd::Link => {
                if let Some(link) = self.open_link.take()
                    && let Some(l) = link.finish(self.source.text())
                {
                    self.doc.links.local.push(l);
                }
                return;
            }
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

    /// Note each `<img` in the source of a text event: CommonMark did not
    /// take it as HTML, so GitHub shows it as text.
    fn find_text_imgs(&mut self, range: &Range<usize>) {
        let text = self.source.text();
        let bytes = text.as_bytes();
        let limit = self.scratch.leaf_ends.last().copied().unwrap_or(text.len());
        for at in memchr::memchr_iter(b'<', &bytes[range.clone()]).map(|i| range.start + i) {
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

    /// Keep the link reference definitions the parser found, whose spans
    /// start `at` in the source.
    pub(super) fn define_links(&mut self, defs: &RefDefs<'_>, at: usize) {
        self.doc.links.define(defs, at);
    }

    pub(super) fn finish(mut self) -> Document {
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
        self.collect_html_links();
        self.doc
    }

    /// Links and anchors from HTML, once comments are known.
    fn collect_html_links(&mut self) {
        let text = self.source.text();
        let doc = &mut self.doc;
        for fragment in &doc.html {
            let excluded = &doc.excluded;
            links::from_html(text, fragment.range.clone(), &mut doc.links, |at| {
                is_excluded_in(excluded, at)
            });
        }
        let excluded = &doc.excluded;
        doc.links
            .local
            .retain(|l| !is_excluded_in(excluded, l.span.start));
        doc.links.local.sort_by_key(|l| l.span.start);
    }
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
