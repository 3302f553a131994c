//! The line scan: lines that CommonMark renders as text but that the
//! author meant as something else (`##2023.6.18`).
//!
//! Only lines of text blocks are scanned, so code, comments, front matter
//! and HTML blocks are never looked at.

use std::ops::Range;

use super::TextBlock;
use crate::date::parse_leading_date;
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
}

pub(super) fn hash_lines(source: &Source, blocks: &[TextBlock]) -> Vec<HashLine> {
    let text = source.text();
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    for block in blocks {
        if block.range.is_empty() {
            continue;
        }
        let first_line = source.line_index(block.range.start);
        let last_line = source.line_index(block.range.end - 1);
        for line in first_line..=last_line {
            let line_range = source.line_range(line);
            let content = if line == first_line {
                block.range.start
            } else {
                // Continuation lines keep their container prefix.
                let mut p = line_range.start;
                while p < line_range.end && matches!(bytes[p], b' ' | b'\t' | b'>') {
                    p += 1;
                }
                // Indented by four or more at the top level, the line stays
                // paragraph text even with a space added: not a heading.
                if !block.nested && p - line_range.start > 3 {
                    continue;
                }
                p
            };
            if bytes.get(content) != Some(&b'#') {
                continue;
            }
            let end = line_range.end;
            let mut h = content;
            while h < end && bytes[h] == b'#' {
                h += 1;
            }
            let count = h - content;
            let Some(next) = text[h..end].chars().next() else {
                continue;
            };
            if count > 6 || matches!(next, ' ' | '\t' | '#') {
                continue;
            }
            let prefix = &text[line_range.start..content];
            out.push(HashLine {
                hashes: content..h,
                next,
                date_follows: parse_leading_date(&text[h..end]).is_some(),
                after_list_marker: ends_with_list_marker(prefix),
                own_block: first_line == last_line,
            });
        }
    }
    out
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
