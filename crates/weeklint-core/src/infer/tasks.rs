//! Task items as written, for the checkbox settings.

use crate::document::Document;
use crate::source::Source;

/// A GFM task item as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct TaskItem {
    /// `-`, `*` or `+`; `None` in an ordered list.
    pub(super) bullet: Option<char>,
    /// ` `, `x` or `X`.
    pub(super) mark: char,
}

/// Task items, read from the lines of the text outside code, comments and
/// front matter: `- [ ] a`, `* [x] b`, `1. [X] c`, also inside quotes.
/// Lines that only look like tasks (`-[ ]`, `- [*]`) are not counted.
pub(super) fn task_items<'a>(
    source: &'a Source,
    doc: &'a Document,
) -> impl Iterator<Item = TaskItem> + 'a {
    (0..source.line_count()).filter_map(move |i| {
        let range = source.line_range(i);
        if doc.is_excluded(range.start) {
            return None;
        }
        parse_task_line(&source.text()[range])
    })
}

pub(super) fn parse_task_line(line: &str) -> Option<TaskItem> {
    let mut rest = line;
    // Container prefixes: indentation and block quote markers.
    loop {
        let trimmed = rest.trim_start_matches([' ', '\t']);
        match trimmed.strip_prefix('>') {
            Some(after) => rest = after,
            None => {
                rest = trimmed;
                break;
            }
        }
    }
    let bullet = match rest.chars().next()? {
        c @ ('-' | '*' | '+') => {
            rest = &rest[1..];
            Some(c)
        }
        '0'..='9' => {
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            if digits > 9 {
                return None;
            }
            rest = rest[digits..].strip_prefix(['.', ')'])?;
            None
        }
        _ => return None,
    };
    let after_marker = rest.trim_start_matches([' ', '\t']);
    if after_marker.len() == rest.len() {
        return None;
    }
    let mut chars = after_marker.chars();
    if chars.next()? != '[' {
        return None;
    }
    let mark = chars.next()?;
    if !matches!(mark, ' ' | 'x' | 'X') || chars.next()? != ']' {
        return None;
    }
    // GitHub renders a box only when white space follows `]`.
    if !matches!(chars.next(), Some(' ' | '\t')) {
        return None;
    }
    Some(TaskItem { bullet, mark })
}
