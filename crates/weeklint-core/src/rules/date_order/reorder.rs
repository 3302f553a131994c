//! `date-order`'s fix: moving dated sections without changing what the
//! text means.

use std::ops::Range;

use chrono::NaiveDate;

use super::keep_longest_ordered;
use crate::diagnostic::{Edit, Fix};
use crate::document::{ExcludedKind, HeadingKind};
use crate::rule::Context;
use crate::rules::section_end::heading_follows;
use crate::source::Source;

/// A group's fix, and the order it leaves the group in: `after[p]` is the
/// entry of the group that ends up at position `p`.
pub(super) struct Reorder {
    pub(super) fix: Fix,
    pub(super) after: Vec<usize>,
}

/// How a section's text ends, for the text that will follow it once moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tail {
    /// A heading may follow on the next line.
    Closed,
    /// A blank line must come first: the last line holds a comment (a
    /// comment line would go with the heading right below it, and a
    /// `disable-next-line` would reach that heading), or the text ends
    /// with an HTML block that runs on to the next blank line.
    NeedsBlank,
    /// Nothing may follow: it ends in an unclosed code block or comment,
    /// which would take in all the text after it.
    Open,
}

/// One fix for a whole sibling group: a stable sort of its sections, as
/// far as it can be done without changing what the text means.
///
/// Each section's text, up to the end of its last non-blank line, moves
/// whole; [`move_edits`] says which blank lines go between the sections
/// (those of sections that keep their places stay, a moved section gets
/// the file's usual ones). The text after the last section stays, so the
/// section that ends the file keeps the file's ending (a final newline or
/// none) whichever section it is.
///
/// Suppression comments that open or close a region
/// (`weeklint-disable`, `weeklint-enable`) stay where they are and nothing
/// moves across them: the sections between two of them are sorted among
/// themselves, and a section holding one keeps its place. So every line is
/// suppressed for the same rules after the fix as before. A section that
/// must be followed by a blank line keeps its place unless every place
/// has one, and one that ends in an unclosed code block or comment always
/// does. What may move, and where to, does not depend on the order of the
/// sections: fixing the result finds nothing more to move.
pub(super) fn reorder_fix(
    cx: &Context<'_>,
    group: &[(usize, NaiveDate)],
    newest_first: bool,
    bounds: &[usize],
) -> Option<Reorder> {
    let headings = cx.doc.headings.all();
    let text = cx.source.text();
    // A setext heading moved under a paragraph line would become part of
    // that paragraph; only reorder when every section follows a blank line.
    let setext = group
        .iter()
        .any(|&(i, _)| headings[i].kind == HeadingKind::Setext);
    if setext
        && group.iter().any(|&(i, _)| {
            !follows_blank_line(
                cx.source,
                with_comments_above(cx, headings[i].range.start, bounds),
            )
        })
    {
        return None;
    }
    let bodies: Vec<Range<usize>> = group
        .iter()
        .map(|&(i, _)| {
            let section = headings[i].section();
            let start = with_comments_above(cx, section.start, bounds);
            // Comment lines right above the next heading go with that one.
            let end = if section.end < text.len() {
                with_comments_above(cx, section.end, bounds)
            } else {
                section.end
            };
            without_bounds_below(cx, start..end.max(section.start), bounds)
        })
        .collect();
    // A section is followed by blank lines that followed a section before
    // (its own, or the file's usual ones), or by what stays after the last
    // position: one that needs a blank line after it may move when every
    // section has one. When every section has one, whether one needs it
    // does not matter (and is not worked out: it takes a parse).
    let blank_after_each = bodies.iter().all(|b| blank_after(text, b.end));
    let tails: Vec<Tail> = bodies
        .iter()
        .map(|b| tail(cx, b.clone(), !blank_after_each))
        .collect();
    let blank_everywhere = blank_after_each || tails.iter().all(|&t| t != Tail::NeedsBlank);
    let pinned = |p: usize| match tails[p] {
        Tail::Open => true,
        Tail::NeedsBlank if !blank_everywhere => true,
        _ => holds_bound(bounds, bodies[p].clone()),
    };
    // Sort each run of sections that may trade places: no bound between
    // them, none inside them. `sort_by` is stable: equal dates keep their
    // relative order.
    let mut after: Vec<usize> = (0..group.len()).collect();
    let mut run: Vec<usize> = Vec::new();
    let mut sort_run = |run: &mut Vec<usize>| {
        let mut sorted = run.clone();
        sorted.sort_by(|&a, &b| {
            let (da, db) = (group[a].1, group[b].1);
            if newest_first {
                db.cmp(&da)
            } else {
                da.cmp(&db)
            }
        });
        for (&p, q) in run.iter().zip(sorted) {
            after[p] = q;
        }
        run.clear();
    };
    for p in 0..group.len() {
        if pinned(p) {
            sort_run(&mut run);
            continue;
        }
        if run
            .last()
            .is_some_and(|&prev| holds_bound(bounds, bodies[prev].end..bodies[p].start))
        {
            sort_run(&mut run);
        }
        run.push(p);
    }
    sort_run(&mut run);
    let pinned: Vec<bool> = (0..group.len()).map(pinned).collect();
    let edits = move_edits(text, &bodies, &after, &pinned);
    if edits.is_empty() {
        return None;
    }
    let direction = if newest_first { "newest" } else { "oldest" };
    Some(Reorder {
        fix: Fix::safe(
            format!("reorder the dated sections {direction} first"),
            edits,
        ),
        after,
    })
}

/// The edits that put the section texts `bodies` in the order `after`
/// (`after[p]`: the section that ends up at position `p`; a pinned
/// position keeps its section).
///
/// A move changes the moved sections and the blank lines at their edges,
/// nothing else. Between two positions only blank lines apart (and not
/// pinned), each section that keeps its place among its neighbours (the
/// most sections that are already in order between them) keeps the blank
/// lines after it as long as such a section follows it; every other
/// position gets the file's usual separator. So the text reads as each
/// moved section taken out with the blank lines after it (before it, when
/// it was last) and put in again with the usual separator after it
/// (before it, when it goes last): the diff shows one removal and one
/// insertion per moved section, and the text after the last position,
/// the file's end among it, stays. What lies between positions besides
/// blank lines (a section that is not dated, a suppressed one, a
/// suppression comment) stays where it is, with the blank lines around it.
fn move_edits(text: &str, bodies: &[Range<usize>], after: &[usize], pinned: &[bool]) -> Vec<Edit> {
    let n = bodies.len();
    let gap = |p: usize| &text[bodies[p].end..bodies[p + 1].start];
    let blank = |s: &str| s.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'));
    // Positions `p` and `p + 1` are only blank lines apart, and may trade
    // sections with each other.
    let open: Vec<bool> = (0..n.saturating_sub(1))
        .map(|p| !pinned[p] && !pinned[p + 1] && blank(gap(p)))
        .collect();
    let usual = usual_separator((0..n.saturating_sub(1)).map(gap).filter(|g| blank(g)));
    let mut place = vec![0; n];
    for (p, &q) in after.iter().enumerate() {
        place[q] = p;
    }
    let mut stays = vec![false; n];
    let mut separator: Vec<&str> = (0..n.saturating_sub(1)).map(gap).collect();
    let mut start = 0;
    while start < n {
        let mut end = start;
        while end + 1 < n && open[end] {
            end += 1;
        }
        // The positions start..=end are blank lines apart. The sections of
        // these positions that end up here too, and in the same order
        // among themselves, stay; among equal choices, the earlier ones
        // (the ones the rule does not flag).
        let here = start..=end;
        let staying: Vec<usize> = here.clone().filter(|&q| here.contains(&place[q])).collect();
        let ranks: Vec<i64> = staying
            .iter()
            .map(|&q| -i64::try_from(place[q]).unwrap_or(i64::MAX))
            .collect();
        for (&q, keep) in staying.iter().zip(keep_longest_ordered(&ranks)) {
            stays[q] = keep;
        }
        let mut stayer_follows = false;
        for p in (start..end).rev() {
            stayer_follows |= stays[after[p + 1]];
            let q = after[p];
            if stays[q] && stayer_follows {
                separator[p] = gap(q);
            } else if let Some(usual) = usual {
                separator[p] = usual;
            }
        }
        start = end + 1;
    }
    // Each changed stretch of text is one edit.
    let mut edits: Vec<Edit> = Vec::new();
    let mut push = |range: Range<usize>, content: &str| match edits.last_mut() {
        Some(last) if last.range.end == range.start => {
            last.range.end = range.end;
            last.content.push_str(content);
        }
        _ => edits.push(Edit::replace(range, content)),
    };
    for p in 0..n {
        if after[p] != p {
            push(bodies[p].clone(), &text[bodies[after[p]].clone()]);
        }
        if p + 1 < n && separator[p] != gap(p) {
            push(bodies[p].end..bodies[p + 1].start, separator[p]);
        }
    }
    edits
}

/// How the file separates sections: the blank lines found most often
/// between them, and on a tie the fewer (one blank line, typically).
fn usual_separator<'a>(gaps: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    // Count, and where each was first seen (the earliest wins what is
    // left of a tie).
    let mut seen: rustc_hash::FxHashMap<&str, (usize, usize)> = Default::default();
    for (k, g) in gaps.enumerate() {
        seen.entry(g).or_insert((0, k)).0 += 1;
    }
    seen.into_iter()
        .max_by_key(|&(g, (count, first))| (count, std::cmp::Reverse((g.len(), first))))
        .map(|(g, _)| g)
}

/// Where the suppressed regions of the file start and end, sorted.
pub(super) fn region_bounds(cx: &Context<'_>) -> Vec<usize> {
    let mut bounds: Vec<usize> = cx.doc.suppressions.region_bounds().collect();
    bounds.sort_unstable();
    bounds
}

/// Whether a region bound lies in `range`.
fn holds_bound(bounds: &[usize], range: Range<usize>) -> bool {
    let i = bounds.partition_point(|&b| b < range.start);
    bounds.get(i).is_some_and(|&b| b < range.end)
}

/// Whether `line` (a range without its ending) is an HTML comment line:
/// `<!-- … -->` and nothing else, a block of its own. Not a comment that
/// goes on a paragraph (`text` then a tab-indented `<!-- … -->`), nor
/// one in indented code: moved away from what they belong to, those
/// would become something else.
fn is_comment_line(cx: &Context<'_>, line: Range<usize>) -> bool {
    let content = &cx.source.text()[line.clone()];
    let trimmed = content.trim();
    if !(trimmed.starts_with("<!--") && trimmed.ends_with("-->")) {
        return false;
    }
    let open = line.start + (content.len() - content.trim_start().len());
    let html = cx.doc.html.partition_point(|h| h.range.start <= open);
    html > 0 && {
        let h = &cx.doc.html[html - 1];
        h.block && h.range.start >= line.start && h.range.end > open
    }
}

/// Where the text of the heading starting at `start` begins: HTML comment
/// lines right above it (`<!-- weeklint-disable-next-line … -->`) are
/// about the heading, and move with it. A comment that opens or closes a
/// suppressed region is not about one heading: it stays, and so do the
/// comments above it.
fn with_comments_above(cx: &Context<'_>, start: usize, bounds: &[usize]) -> usize {
    let mut from = start;
    let mut line = cx.source.line_index(start);
    while line > 0 {
        let prev = cx.source.line_range(line - 1);
        if !is_comment_line(cx, prev.clone()) || holds_bound(bounds, prev.clone()) {
            break;
        }
        from = prev.start;
        line -= 1;
    }
    from
}

/// A section's text without the blank lines after its last non-blank
/// line, nor the lines that open or close a suppressed region at its end
/// (they stay where they are, between sections).
fn without_bounds_below(cx: &Context<'_>, section: Range<usize>, bounds: &[usize]) -> Range<usize> {
    let mut text = body(cx.source, section);
    while !text.is_empty() {
        let last = cx.source.line_range(cx.source.line_index(text.end - 1));
        if last.start <= text.start
            || !is_comment_line(cx, last.clone())
            || !holds_bound(bounds, last.clone())
        {
            break;
        }
        text = body(cx.source, text.start..last.start);
    }
    text
}

/// How the section text `body` ends. A comment on its last line may be a
/// `disable-next-line`, which reaches the line after it. Text ending in
/// code, a comment or an HTML block can hold on to what follows it: a
/// heading is put after it, with and without a blank line, to see what
/// becomes of that heading.
///
/// Without `tell_blank`, a section that needs a blank line may be called
/// [`Tail::Closed`]: the caller has one after every section.
fn tail(cx: &Context<'_>, body: Range<usize>, tell_blank: bool) -> Tail {
    let text = cx.source.text();
    let Some(last) = text[body.clone()]
        .trim_end_matches([' ', '\t'])
        .char_indices()
        .next_back()
        .map(|(i, _)| body.start + i)
    else {
        return Tail::Closed;
    };
    if !tell_blank {
        // Open text holds a heading even after a blank line.
        return if heading_follows(cx, body, last, "\n\n") {
            Tail::Closed
        } else {
            Tail::Open
        };
    }
    let last_line = cx.source.line_range(cx.source.line_index(last));
    let excluded = &cx.doc.excluded;
    let comment_on_last_line = excluded
        [..excluded.partition_point(|e| e.range.start < last_line.end)]
        .iter()
        .rev()
        .take_while(|e| e.range.end > last_line.start)
        .any(|e| e.kind == ExcludedKind::Comment);
    if heading_follows(cx, body.clone(), last, "\n") {
        if comment_on_last_line {
            Tail::NeedsBlank
        } else {
            Tail::Closed
        }
    } else if heading_follows(cx, body, last, "\n\n") {
        Tail::NeedsBlank
    } else {
        Tail::Open
    }
}

/// Whether a blank line follows the text ending at `end`, or nothing does.
fn blank_after(text: &str, end: usize) -> bool {
    let rest = &text[end..];
    let gap = &rest[..rest.len() - rest.trim_start_matches([' ', '\t', '\r', '\n']).len()];
    if end + gap.len() == text.len() {
        return true;
    }
    let bytes = gap.as_bytes();
    let breaks = memchr::memchr2_iter(b'\n', b'\r', bytes)
        .filter(|&i| !(bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n')))
        .count();
    breaks >= 2
}

/// A section without the blank lines and line ending after its last
/// non-blank line.
fn body(source: &Source, section: Range<usize>) -> Range<usize> {
    let bytes = source.text().as_bytes();
    let mut end = section.end;
    while end > section.start && matches!(bytes[end - 1], b' ' | b'\t' | b'\r' | b'\n') {
        end -= 1;
    }
    // Keep trailing spaces of the last line (a hard break), not its ending;
    // a bare `\r` ends a line for the parser too.
    while end < section.end && matches!(bytes[end], b' ' | b'\t') {
        end += 1;
    }
    section.start..end
}

/// Whether the line before `offset` is blank (or there is none).
fn follows_blank_line(source: &Source, offset: usize) -> bool {
    let line = source.line_index(offset);
    line == 0 || source.text()[source.line_range(line - 1)].trim().is_empty()
}
