//! The line scan: lines that CommonMark renders as text but that the
//! author meant as something else (`##2023.6.18`, `-[ ] x`).
//!
//! Only lines of text blocks are scanned, so code, comments, front matter
//! and HTML blocks are never looked at.

use std::ops::Range;

use super::{Excluded, TextBlock};
use crate::date::starts_with_date;
use crate::source::Source;

/// A line of text that starts with one to six `#`s directly followed by
/// something other than a space, a tab or another `#`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HashLine {
    /// The run of `#`s.
    pub hashes: Range<usize>,
    /// The character right after the `#`s.
    pub next: char,
    /// A date follows the `#`s (`##2023.6.18`).
    pub date_follows: bool,
    /// The `#`s come right after a list marker (`- #tag`).
    pub after_list_marker: bool,
    /// The line is a paragraph (or item text) on its own.
    pub own_block: bool,
    /// Words after the `#`s: runs of non-blank characters holding a letter
    /// or digit (`#Meeting notes` has two, `#rust #til` two, `#qtum #` one).
    pub words: usize,
    /// Another hashtag or issue reference follows on the line (`#rust #til`,
    /// `#slack-log, #slack-reports`, `#fix (#123)`).
    pub more_tags: bool,
}

/// A line of text that starts like a task item but that GitHub renders as
/// text: `-[ ] x`, `- [] x`, `- [ ]x`, `- [ x] x`, `- [*] x`, `[ ] x`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskBox {
    /// The list marker (`-`, `*`, `+`, `1.`), if the line has one.
    pub marker: Option<Range<usize>>,
    /// The marker is directly followed by the box (`-[ ] x`).
    pub glued: bool,
    /// The box, from `[` to `]`.
    pub checkbox: Range<usize>,
    /// What is between the brackets.
    pub inner: Range<usize>,
    /// The box holds a mark (`x`, `X`, `*`, `✓`, `✔`), so it means checked.
    pub checked: bool,
    /// A space or tab follows the box.
    pub space_after: bool,
}

/// Scan the lines of text blocks once for `#` lines and task boxes, added
/// to `hashes` and `boxes`.
pub(super) fn scan_lines(
    source: &Source,
    blocks: &[TextBlock],
    excluded: &[Excluded],
    hashes: &mut Vec<HashLine>,
    boxes: &mut Vec<TaskBox>,
) {
    let text = source.text();
    let bytes = text.as_bytes();
    // Blocks come in order: their lines are found by walking forward.
    let mut line_hint = 0;
    for block in blocks {
        if block.range.is_empty() {
            continue;
        }
        let first_line = source.line_index_from(line_hint, block.range.start);
        let last_line = source.line_index_from(first_line, block.range.end - 1);
        line_hint = first_line;
        let first_indent = block.range.start - source.line_start(first_line);
        for line in first_line..=last_line {
            let start = source.line_start(line);
            let content = if line == first_line {
                block.range.start
            } else {
                // Continuation lines keep their container prefix. (The scan
                // stops at the line's end too: `\r` and `\n` are not in it.)
                let mut p = start;
                while p < bytes.len() && matches!(bytes[p], b' ' | b'\t' | b'>') {
                    p += 1;
                }
                // Indented by four or more at the top level, the line stays
                // paragraph text even with a space added: not a heading.
                if !block.nested && p - start > 3 {
                    continue;
                }
                // Likewise no list item starts that far past the item's text.
                if block.nested && p - start > first_indent + 3 {
                    continue;
                }
                p
            };
            // Most lines start with neither a `#` nor a box: nothing more
            // to ask of them.
            if !matches!(
                bytes.get(content),
                Some(b'#' | b'[' | b'-' | b'*' | b'+' | b'0'..=b'9')
            ) {
                continue;
            }
            let line_range = source.line_range(line);
            // A list item's text may start past a backslash escape
            // (`- \#123`): the author asked for the character as text.
            if is_excluded(excluded, content)
                || (content > line_range.start && bytes[content - 1] == b'\\')
            {
                continue;
            }
            match bytes.get(content) {
                Some(b'#') => {
                    if let Some(h) =
                        hash_line(source, &line_range, content, first_line == last_line)
                    {
                        hashes.push(h);
                    }
                }
                Some(b'[' | b'-' | b'*' | b'+' | b'0'..=b'9') => {
                    if let Some(b) = task_box(text, line_range.start, content, line_range.end) {
                        boxes.push(b);
                    }
                }
                _ => {}
            }
        }
    }
}

fn is_excluded(excluded: &[Excluded], offset: usize) -> bool {
    let i = excluded.partition_point(|e| e.range.start <= offset);
    i > 0 && excluded[i - 1].range.end > offset
}

fn hash_line(
    source: &Source,
    line_range: &Range<usize>,
    content: usize,
    own_block: bool,
) -> Option<HashLine> {
    let text = source.text();
    let bytes = text.as_bytes();
    let end = line_range.end;
    let mut h = content;
    while h < end && bytes[h] == b'#' {
        h += 1;
    }
    let count = h - content;
    let next = text[h..end].chars().next()?;
    // U+FE0F or U+20E3 after `#` is the keycap emoji `#️⃣`, not a heading.
    if count > 6 || matches!(next, ' ' | '\t' | '#' | '\u{fe0f}' | '\u{20e3}') {
        return None;
    }
    let prefix = &text[line_range.start..content];
    let rest = &text[h..end];
    Some(HashLine {
        hashes: content..h,
        next,
        date_follows: starts_with_date(rest),
        after_list_marker: ends_with_list_marker(prefix),
        own_block,
        words: rest
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .count(),
        more_tags: has_tag(rest),
    })
}

/// Whether `text` holds a `#tag`: a `#` directly followed by a letter, a
/// digit or `_`, at the start of a word or after an opening bracket or a
/// comma. `C#`, `&#39;` and `page.html#part` hold none.
fn has_tag(text: &str) -> bool {
    let mut before = ' ';
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '#'
            && (before.is_whitespace() || matches!(before, '(' | '[' | ',' | ';'))
            && chars
                .peek()
                .is_some_and(|&n| n.is_alphanumeric() || n == '_')
        {
            return true;
        }
        before = c;
    }
    false
}

/// Marks that mean "checked" in a box GitHub does not render.
const CHECK_MARKS: [char; 5] = ['x', 'X', '*', '✓', '✔'];

/// A malformed task box starting at `content`, on the line
/// `line_start..end`.
fn task_box(text: &str, line_start: usize, content: usize, end: usize) -> Option<TaskBox> {
    let bytes = text.as_bytes();
    let prefix = &text[line_start..content];
    let (marker, glued, open) = if bytes[content] == b'[' {
        if ends_with_list_marker(prefix) {
            let marker_end = line_start + prefix.trim_end_matches([' ', '\t']).len();
            let mut s = marker_end - 1;
            // Ordered: walk back over the number before `.` or `)`.
            while matches!(bytes[marker_end - 1], b'.' | b')')
                && s > line_start
                && bytes[s - 1].is_ascii_digit()
            {
                s -= 1;
            }
            (Some(s..marker_end), false, content)
        } else if prefix.bytes().all(|b| matches!(b, b' ' | b'\t' | b'>')) {
            (None, false, content)
        } else {
            return None;
        }
    } else {
        // A list marker glued to the box: `-[ ] x`, `1.[ ] x`.
        let digits = bytes[content..end]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        let marker_len = match digits {
            0 if matches!(bytes[content], b'-' | b'*' | b'+') => 1,
            1..=9 if matches!(bytes.get(content + digits), Some(b'.' | b')')) => digits + 1,
            _ => return None,
        };
        if bytes.get(content + marker_len) != Some(&b'[') {
            return None;
        }
        (
            Some(content..content + marker_len),
            true,
            content + marker_len,
        )
    };
    // The box: a few spaces around at most one mark.
    let close = open + 1 + text[open + 1..end].find(']')?;
    let inner = &text[open + 1..close];
    let mark = inner.trim_matches(' ');
    let mut chars = mark.chars();
    let checked = match (chars.next(), chars.next()) {
        (None, _) => false,
        (Some(c), None) if CHECK_MARKS.contains(&c) => true,
        _ => return None,
    };
    if inner.len() > 8 {
        return None;
    }
    let rest = &text[close + 1..end];
    let next = rest.chars().next()?;
    let space_after = matches!(next, ' ' | '\t');
    if rest.trim().is_empty() {
        return None;
    }
    // `*[ ] Proposed*` is italic text, not a glued bullet.
    if glued && bytes[content] == b'*' && closes_emphasis(rest) {
        return None;
    }
    let proper_marker = marker.is_some() && !glued;
    // `[x](url)`, `[x][ref]`, `*[x]* …`: a link or emphasis, not a box.
    let glued_text = proper_marker && next.is_alphanumeric();
    if !(space_after || glued_text) {
        return None;
    }
    // Without a list marker only a plain box is taken for a task: `[*] note`
    // at the start of a line is more likely a footnote mark.
    if marker.is_none() && !matches!(inner, "" | " " | "x" | "X") {
        return None;
    }
    let well_formed = proper_marker && matches!(inner, " " | "x" | "X") && space_after;
    if well_formed {
        return None;
    }
    Some(TaskBox {
        marker,
        glued,
        checkbox: open..close + 1,
        inner: open + 1..close,
        checked,
        space_after,
    })
}

/// Whether `rest` holds a `*` that can close emphasis: right after a
/// character that is not white space.
fn closes_emphasis(rest: &str) -> bool {
    let b = rest.as_bytes();
    (1..b.len()).any(|i| b[i] == b'*' && !b[i - 1].is_ascii_whitespace())
}

/// Whether a line prefix ends with a list marker and its spacing
/// (`- `, `* `, `+ `, `1. `, `2) `).
pub(crate) fn ends_with_list_marker(prefix: &str) -> bool {
    let trimmed = prefix.trim_end_matches([' ', '\t']);
    if trimmed.len() == prefix.len() {
        return false;
    }
    let b = trimmed.as_bytes();
    match b.last() {
        Some(b'-' | b'*' | b'+') => true,
        Some(b'.' | b')') => {
            let digits = b[..b.len() - 1]
                .iter()
                .rev()
                .take_while(|c| c.is_ascii_digit())
                .count();
            (1..=9).contains(&digits)
        }
        _ => false,
    }
}
