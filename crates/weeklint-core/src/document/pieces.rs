//! Where the parse of a file is cut: after the front matter, which is
//! only read at the top of the file, and, in a large file, into pieces, so
//! that pulldown-cmark's tree of a 100 MB journal is never held whole (it
//! takes about as much memory as the file itself).
//!
//! A piece ends just before a top-level ATX heading. CommonMark reads
//! blocks line by line, going forward, so when a piece parsed on its own
//! shows a heading at the top level, every block before it was closed by
//! then and parses the same as in the whole file; the heading opens the
//! next piece with nothing open. The heading is only trusted when the line
//! after it is in the piece too, since a block can depend on the next line
//! (a setext underline, a table's delimiter row).
//!
//! Reference definitions are the one thing that reaches across the file
//! (`[a]` may use a `[a]: url` defined further down), so a file with a
//! `]:` anywhere is parsed whole.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::parser_options;

/// Hand `feed` the events of the front matter of `text` and, when `text`
/// is over twice `piece` bytes, of pieces of about that size; return where
/// the rest of `text`, to be parsed whole, starts.
pub(super) fn lead<'t>(
    text: &'t str,
    piece: usize,
    feed: &mut impl FnMut(Event<'t>, Range<usize>),
) -> usize {
    let mut start = 0;
    if let Some((events, end)) = front_matter(text) {
        events.into_iter().for_each(|(e, r)| feed(e, r));
        start = end;
    }
    if text.len() - start <= 2 * piece || !may_split(text) {
        return start;
    }
    let mut len = piece;
    while text.len() - start > 2 * len {
        let end = line_end(text, start + len);
        let part = &text[start..end];
        let events = has_heading_line(part, part.len() / 2)
            .then(|| leading_events(part))
            .flatten();
        match events {
            Some((events, cut)) => {
                for (event, range) in events {
                    feed(event, range.start + start..range.end + start);
                }
                start += cut;
                len = piece;
            }
            // No heading to end at in the second half: a longer piece.
            None => len *= 2,
        }
    }
    start
}

/// Events with their byte ranges in the text parsed.
pub(super) type Events<'a> = Vec<(Event<'a>, Range<usize>)>;

/// The parser options after the front matter: pulldown-cmark would read
/// any `---` line with a closing one further down as front matter, and
/// hide the headings between; GitHub sees front matter only at the top.
pub(super) fn body_options() -> Options {
    parser_options()
        - Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        - Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
}

/// The events of the front matter at the top of `text`, and where it ends.
fn front_matter(text: &str) -> Option<(Events<'_>, usize)> {
    let end = front_matter_end(text)?;
    let events: Vec<_> = Parser::new_ext(&text[..end], parser_options())
        .into_offset_iter()
        .collect();
    // The parser has the last word on what is front matter.
    let whole = matches!(
        events.first(),
        Some((Event::Start(Tag::MetadataBlock(_)), _))
    ) && matches!(
        events.last(),
        Some((Event::End(TagEnd::MetadataBlock(_)), _))
    );
    whole.then_some((events, end))
}

/// Where the lines that pulldown-cmark reads as front matter end: a line of
/// exactly `---` (YAML) or `+++` (TOML), a line that is neither blank nor
/// closing, more lines, and a closing `---`, `...` or `+++` line.
fn front_matter_end(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let fence = *bytes.first()?;
    if fence != b'-' && fence != b'+' {
        return None;
    }
    let opener = &bytes[..line_end(text, 0)];
    if opener.len() < 3
        || opener[..3] != [fence; 3]
        || !opener[3..].iter().all(u8::is_ascii_whitespace)
    {
        return None;
    }
    let mut at = opener.len();
    let mut first = true;
    while at < bytes.len() {
        let end = line_end(text, at);
        let line = &bytes[at..end];
        let closing = is_closing_fence(line, fence);
        if first && (closing || line.iter().all(u8::is_ascii_whitespace)) {
            return None;
        }
        if closing {
            return Some(end);
        }
        first = false;
        at = end;
    }
    None
}

fn is_closing_fence(line: &[u8], fence: u8) -> bool {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let Some((head, rest)) = line.split_at_checked(3) else {
        return false;
    };
    (head == [fence; 3] || (fence == b'-' && head == b"...")) && rest.iter().all(|&b| b == b' ')
}

/// How much text each piece starts out as; pieces that find no heading to
/// end at grow until they do.
pub(super) const PIECE_LEN: usize = 1 << 20;

/// The events of `text` up to the last top-level ATX heading in its second
/// half, and where that heading starts; `None` if there is none.
pub(super) fn leading_events(text: &str) -> Option<(Events<'_>, usize)> {
    let bytes = text.as_bytes();
    let mut events: Events<'_> = Vec::new();
    let mut depth = 0usize;
    let mut cut = None;
    for (event, range) in Parser::new_ext(text, body_options()).into_offset_iter() {
        match &event {
            Event::Start(tag) => {
                if depth == 0
                    && matches!(tag, Tag::Heading { .. })
                    && range.start > 0
                    && range.start >= text.len() / 2
                    && bytes[range.start] == b'#'
                    && bytes[range.start - 1] == b'\n'
                    && memchr::memchr(b'\n', &bytes[range.start..])
                        .is_some_and(|p| range.start + p + 1 < text.len())
                {
                    cut = Some((events.len(), range.start));
                }
                depth += 1;
            }
            Event::End(_) => depth -= 1,
            _ => {}
        }
        events.push((event, range));
    }
    let (index, start) = cut?;
    events.truncate(index);
    Some((events, start))
}

/// Whether a line of `text` starting at or after byte `from` opens like an
/// ATX heading (`#` to `######`, then a space, a tab or the line's end):
/// without one, a piece cannot end there, and is not parsed to find out.
pub(super) fn has_heading_line(text: &str, from: usize) -> bool {
    let bytes = text.as_bytes();
    let from = from.min(bytes.len()).saturating_sub(1);
    memchr::memmem::find_iter(&bytes[from..], b"\n#").any(|p| {
        let hashes = &bytes[from + p + 1..];
        let n = hashes.iter().take_while(|&&b| b == b'#').count();
        n <= 6 && matches!(hashes.get(n), None | Some(b' ' | b'\t' | b'\n' | b'\r'))
    })
}

/// Where the line holding byte `at` ends (after its `\n`), or the end of
/// `text`.
fn line_end(text: &str, at: usize) -> usize {
    if at >= text.len() {
        return text.len();
    }
    memchr::memchr(b'\n', &text.as_bytes()[at..]).map_or(text.len(), |p| at + p + 1)
}

/// Whether `text` can be parsed in pieces: no reference or footnote
/// definition can be in it.
pub(super) fn may_split(text: &str) -> bool {
    memchr::memmem::find(text.as_bytes(), b"]:").is_none()
}
