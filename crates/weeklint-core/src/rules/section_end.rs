//! What becomes of a heading put right after a section's text: the
//! question `date-order` and `unreleased-position` ask before moving a
//! section, so that a move never pulls a heading into a code block, an
//! HTML block or a comment.

use std::ops::Range;

use crate::document::{Document, ExcludedKind};
use crate::rule::Context;
use crate::source::Source;

/// Whether a heading put after the section text `body`, whose last
/// character is at `last`, with `separator` (line breaks, maybe blank
/// lines) between them, is a heading of its own, outside any block.
///
/// Most endings are known from the document: nothing holds the last
/// character; a figure's HTML block (it runs to the next blank line); a
/// code block a heading at the margin ends. The others are put to the
/// parser: the section with a heading after it, parsed from the block that
/// holds its end when that block starts a line (nothing before it is then
/// still open).
pub(crate) fn heading_follows(
    cx: &Context<'_>,
    body: Range<usize>,
    last: usize,
    separator: &str,
) -> bool {
    let (source, doc) = (cx.source, cx.doc);
    let text = source.text();
    let excluded = &doc.excluded;
    let html = doc.html.partition_point(|h| h.range.start <= last);
    let in_html_block = html > 0 && doc.html[html - 1].block && doc.html[html - 1].range.end > last;
    let e = excluded.partition_point(|e| e.range.start <= last);
    let holding = (e > 0 && excluded[e - 1].range.end > last).then(|| &excluded[e - 1]);
    if holding.is_none() && !in_html_block {
        return true;
    }
    let breaks = separator.matches('\n').count();
    let holder = holding
        .map(|e| e.range.start)
        .into_iter()
        .chain(in_html_block.then(|| doc.html[html - 1].range.start))
        .min()
        .unwrap_or(body.start);
    let from = if holder >= body.start && source.line_start(source.line_index(holder)) == holder {
        holder
    } else {
        body.start
    };
    if breaks >= 1 {
        if in_html_block
            && holding.is_none()
            && doc.html[html - 1].range.start == from
            && ends_at_blank_line(&text[from..])
        {
            return breaks >= 2;
        }
        let last_line = source.line_range(source.line_index(last));
        if !in_html_block
            && let Some(code) = holding.filter(|e| e.kind == ExcludedKind::Code)
            && code_lets_a_heading_follow(source, code.range.start, last_line)
        {
            return true;
        }
    }
    let probe = format!("{}{separator}## probe\n", &text[from..body.end]);
    let at = probe.len() - "## probe\n".len();
    Document::parse(&Source::new(probe))
        .headings
        .all()
        .last()
        .is_some_and(|h| h.range.start == at && !h.nested)
}

/// Whether an HTML block starting with `html` ends at the first blank
/// line: it opens with a tag (`<img`, `</div`) other than the four whose
/// blocks run to their closing tag (CommonMark's kind 1); comments,
/// declarations and processing instructions (`<!`, `<?`) end elsewhere.
fn ends_at_blank_line(html: &str) -> bool {
    let rest = html.strip_prefix('<').unwrap_or_default();
    let rest = rest.strip_prefix('/').unwrap_or(rest);
    let name_len = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-')
        .count();
    let name = &rest[..name_len];
    name.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
        && !["script", "pre", "style", "textarea"]
            .iter()
            .any(|kind1| name.eq_ignore_ascii_case(kind1))
}

/// Whether a heading on the line after `last_line`, the last line of a
/// code block that starts at `start`, is a heading: when the block is
/// indented code, or a fence inside a list (a heading at the margin ends
/// both), or a fence that `last_line` closes. An open fence, or anything
/// not sure, is `false`.
fn code_lets_a_heading_follow(source: &Source, start: usize, last_line: Range<usize>) -> bool {
    let text = source.text();
    let first = source.line_range(source.line_index(start));
    let opening = &text[first.clone()];
    let fence = opening.trim_start_matches(' ');
    if opening.starts_with('\t') || fence.starts_with('\t') {
        return false;
    }
    if opening.len() - fence.len() >= 4 {
        return true;
    }
    let Some(c) = fence.chars().next().filter(|&c| c == '`' || c == '~') else {
        return false;
    };
    let n = fence.len() - fence.trim_start_matches(c).len();
    let closing = text[last_line.clone()].trim_start_matches(' ');
    n >= 3
        && last_line.start > first.start
        && text[last_line].len() - closing.len() < 4
        && closing
            .trim_end_matches([' ', '\r'])
            .chars()
            .all(|x| x == c)
        && closing.len() - closing.trim_start_matches(c).len() >= n
}

#[cfg(test)]
mod tests {
    use super::{code_lets_a_heading_follow, ends_at_blank_line};
    use crate::document::Document;
    use crate::document::ExcludedKind;
    use crate::source::Source;

    /// Whether `## probe` after `html` and `separator` is a heading.
    fn heading_after(html: &str, separator: &str) -> bool {
        let text = format!("{html}{separator}## probe\n");
        let doc = Document::parse(&Source::new(text));
        doc.headings.all().len() == 1
    }

    #[test]
    fn an_html_block_said_to_end_at_a_blank_line_does_as_the_parser_sees_it() {
        for html in [
            "<img src=\"pic/a.png\" width=\"400\">",
            "<div align=\"center\">",
            "</details>",
            "<details><summary>more</summary>",
            "<p>text",
            "<custom-tag>",
            "<script>",
            "<pre>",
            "<STYLE>",
            "<textarea>",
            "<!-- open",
            "<!DOCTYPE html>",
            "<?php",
        ] {
            let quick = ends_at_blank_line(html);
            assert_eq!(
                quick,
                !heading_after(html, "\n") && heading_after(html, "\n\n"),
                "{html}"
            );
        }
    }

    #[test]
    fn a_code_block_said_to_let_a_heading_follow_does_as_the_parser_sees_it() {
        for (text, sure) in [
            ("```\ncode\n```", true),
            ("~~~~ rust\nx\n~~~~~  ", true),
            ("    indented\n    code", true),
            ("- item\n\n      indented in a list", true),
            ("- item\n\n  ```\n  fenced in a list\n  ```", true),
            ("```\nopen", false),
            ("````\nx\n```", false),
            ("```\nx\n~~~", false),
            ("> ```\n> quoted", false),
            ("\t```\ntab", false),
        ] {
            let source = Source::new(text.to_string());
            let doc = Document::parse(&source);
            let code = doc
                .excluded
                .iter()
                .find(|e| e.kind == ExcludedKind::Code)
                .unwrap_or_else(|| panic!("no code in {text:?}"));
            let last = source.text().trim_end().len() - 1;
            let last_line = source.line_range(source.line_index(last));
            let quick = code_lets_a_heading_follow(&source, code.range.start, last_line);
            assert_eq!(quick, sure, "{text:?}");
            if quick {
                assert!(heading_after(text, "\n"), "{text:?}");
            }
        }
    }
}
