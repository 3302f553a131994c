//! Positions as the protocol counts them: lines ended by `\n`, `\r\n` or
//! `\r`, and characters in the unit the client and server agreed on
//! (UTF-16 code units unless the client offers UTF-8 or UTF-32), turned
//! into the byte offsets the core works in, and back.

use std::ops::Range;

use lsp_types::{
    ClientCapabilities, Position, PositionEncodingKind, TextDocumentContentChangeEvent,
};

/// How a position's `character` counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Encoding {
    /// Bytes: what the core counts, so the cheapest.
    Utf8,
    /// UTF-16 code units: the protocol's default, all a client must offer.
    Utf16,
    /// Characters.
    Utf32,
}

impl Encoding {
    /// The first of UTF-8, UTF-32 and UTF-16 that the client offers.
    pub(crate) fn negotiate(caps: &ClientCapabilities) -> Encoding {
        let offered = caps
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_deref())
            .unwrap_or_default();
        if offered.contains(&PositionEncodingKind::UTF8) {
            Encoding::Utf8
        } else if offered.contains(&PositionEncodingKind::UTF32) {
            Encoding::Utf32
        } else {
            Encoding::Utf16
        }
    }

    /// As the initialize result names it.
    pub(crate) fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
            Encoding::Utf32 => PositionEncodingKind::UTF32,
        }
    }

    /// The length of `s` in this unit.
    pub(crate) fn len(self, s: &str) -> usize {
        match self {
            Encoding::Utf8 => s.len(),
            Encoding::Utf16 => s.chars().map(char::len_utf16).sum(),
            Encoding::Utf32 => s.chars().count(),
        }
    }

    /// The byte offset in `line` (no line ending) of `character` units;
    /// past the end is the end, as the protocol says, and a position
    /// inside a character is that character's start.
    fn byte_in(self, line: &str, character: usize) -> usize {
        if self == Encoding::Utf8 {
            let mut at = character.min(line.len());
            while !line.is_char_boundary(at) {
                at -= 1;
            }
            return at;
        }
        let mut units = 0;
        for (i, c) in line.char_indices() {
            let width = if self == Encoding::Utf16 {
                c.len_utf16()
            } else {
                1
            };
            if units + width > character {
                return i;
            }
            units += width;
        }
        line.len()
    }
}

/// Where each line of a text starts, as the protocol counts lines.
#[derive(Debug, Clone, Default)]
pub(crate) struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    /// The lines of `text`.
    pub(crate) fn new(text: &str) -> Lines {
        let bytes = text.as_bytes();
        let mut starts = Vec::with_capacity(bytes.len() / 40 + 1);
        starts.push(0);
        for p in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            if bytes[p] == b'\r' && bytes.get(p + 1) == Some(&b'\n') {
                continue;
            }
            starts.push(p + 1);
        }
        Lines { starts }
    }

    /// The 0-based line holding byte `offset`.
    fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// The position of byte `offset` of `text` (clamped to the text).
    pub(crate) fn position(&self, text: &str, offset: usize, enc: Encoding) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let start = self.starts[line].min(offset);
        Position::new(
            u32::try_from(line).unwrap_or(u32::MAX),
            u32::try_from(enc.len(&text[start..offset])).unwrap_or(u32::MAX),
        )
    }

    /// The range of `span`.
    pub(crate) fn range(&self, text: &str, span: &Range<usize>, enc: Encoding) -> lsp_types::Range {
        lsp_types::Range::new(
            self.position(text, span.start, enc),
            self.position(text, span.end.max(span.start), enc),
        )
    }

    /// The byte offset of `pos` in `text`: a line past the last is the end
    /// of the text, a character past the end of its line the line's end.
    pub(crate) fn offset(&self, text: &str, pos: Position, enc: Encoding) -> usize {
        let line = pos.line as usize;
        let Some(&start) = self.starts.get(line) else {
            return text.len();
        };
        let end = line_end(text, start);
        start + enc.byte_in(&text[start..end], pos.character as usize)
    }

    /// The text of the line holding byte `offset`, and where it starts.
    pub(crate) fn line_at<'t>(&self, text: &'t str, offset: usize) -> (usize, &'t str) {
        let start = self.starts[self.line_of(offset.min(text.len()))];
        (start, &text[start..line_end(text, start)])
    }
}

/// Where the line starting at `start` ends, before its line ending.
fn line_end(text: &str, start: usize) -> usize {
    memchr::memchr2(b'\n', b'\r', &text.as_bytes()[start..]).map_or(text.len(), |i| start + i)
}

/// The byte offset of `pos` in `text`, with no line index at hand: one
/// scan to the line.
fn offset_scanning(text: &str, pos: Position, enc: Encoding) -> usize {
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut line = 0;
    if pos.line > 0 {
        let mut found = false;
        for p in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            if bytes[p] == b'\r' && bytes.get(p + 1) == Some(&b'\n') {
                continue;
            }
            line += 1;
            if line == pos.line {
                start = p + 1;
                found = true;
                break;
            }
        }
        if !found {
            return text.len();
        }
    }
    let end = line_end(text, start);
    start + enc.byte_in(&text[start..end], pos.character as usize)
}

/// Apply one change from `textDocument/didChange` to `text`.
pub(crate) fn apply_change(
    text: &mut String,
    change: TextDocumentContentChangeEvent,
    enc: Encoding,
) {
    match change.range {
        None => *text = change.text,
        Some(range) => {
            let a = offset_scanning(text, range.start, enc);
            let b = offset_scanning(text, range.end, enc);
            // A range that runs backwards is taken as the span it covers.
            let (a, b) = (a.min(b), a.max(b));
            text.replace_range(a..b, &change.text);
        }
    }
}

/// The one edit that turns `old` into `new`: what differs between their
/// common start and common end, on character boundaries. `None` when
/// they are equal.
pub(crate) fn minimal_edit(old: &str, new: &str) -> Option<(Range<usize>, String)> {
    if old == new {
        return None;
    }
    let mut start = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(start) || !new.is_char_boundary(start) {
        start -= 1;
    }
    let max_tail = old.len().min(new.len()) - start;
    let mut tail = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take(max_tail)
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(old.len() - tail) || !new.is_char_boundary(new.len() - tail) {
        tail -= 1;
    }
    Some((
        start..old.len() - tail,
        new[start..new.len() - tail].to_string(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_utf16_units_and_every_line_ending() {
        let text = "a😀b\r\nx\ry\nz";
        let lines = Lines::new(text);
        let p = lines.position(text, text.find('b').unwrap(), Encoding::Utf16);
        assert_eq!((p.line, p.character), (0, 3));
        let p = lines.position(text, text.find('b').unwrap(), Encoding::Utf8);
        assert_eq!((p.line, p.character), (0, 5));
        let p = lines.position(text, text.find('y').unwrap(), Encoding::Utf32);
        assert_eq!((p.line, p.character), (2, 0));
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            for (offset, _) in text.char_indices() {
                if text[..offset].ends_with('\r') && text[offset..].starts_with('\n') {
                    // Inside a CRLF: no position names it.
                    continue;
                }
                let pos = lines.position(text, offset, enc);
                assert_eq!(lines.offset(text, pos, enc), offset, "{enc:?} {offset}");
                assert_eq!(offset_scanning(text, pos, enc), offset, "{enc:?} {offset}");
            }
        }
        // Inside the emoji's surrogate pair: its start. Past the line: its end.
        assert_eq!(lines.offset(text, Position::new(0, 2), Encoding::Utf16), 1);
        assert_eq!(lines.offset(text, Position::new(0, 99), Encoding::Utf16), 6);
        assert_eq!(
            lines.offset(text, Position::new(9, 0), Encoding::Utf16),
            text.len()
        );
    }

    #[test]
    fn changes_apply_in_order() {
        let mut text = "## 2023.6.18\n\n##2023.6.10\n".to_string();
        let change = |l1, c1, l2, c2, t: &str| TextDocumentContentChangeEvent {
            range: Some(lsp_types::Range::new(
                Position::new(l1, c1),
                Position::new(l2, c2),
            )),
            range_length: None,
            text: t.to_string(),
        };
        apply_change(&mut text, change(2, 2, 2, 2, " "), Encoding::Utf16);
        apply_change(&mut text, change(0, 11, 0, 12, "9"), Encoding::Utf16);
        assert_eq!(text, "## 2023.6.19\n\n## 2023.6.10\n");
    }

    #[test]
    fn the_minimal_edit_keeps_common_ends() {
        assert_eq!(minimal_edit("abc", "abc"), None);
        assert_eq!(minimal_edit("a1c", "a22c"), Some((1..2, "22".to_string())));
        assert_eq!(minimal_edit("aé", "aè"), Some((1..3, "è".to_string())));
        assert_eq!(minimal_edit("aa", "aaa"), Some((2..2, "a".to_string())));
    }
}
