use std::ops::Range;

use chrono::NaiveDate;

use crate::changelog::release_version;
use crate::config::DateOrder as Order;
use crate::date::Precision;
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::document::HeadingKind;
use crate::rule::{Context, Rule, RuleMeta, declare_rule};
use crate::source::Source;

declare_rule! {
    /// ## What it does
    /// Checks that sibling dated sections follow one date order: newest
    /// first, oldest first, or (`auto`) the direction most adjacent sibling
    /// pairs in the file already follow.
    ///
    /// Only siblings are compared: dated headings of the same level under
    /// the same parent heading. The headings flagged are the fewest whose
    /// removal leaves the rest in order; equal dates count as ordered.
    /// Dates of every form weeklint reads are compared (`June 18, 2023`,
    /// `18.06.2023`, `March 8` under `# 2019`; `weeklint outline` lists
    /// them); a month, week or year compares by its first day.
    ///
    /// In a changelog, releases are compared within their release line
    /// (`1.52.4` with `1.52.0`), and lines by their first release: a patch
    /// of an older line published after a newer line (a backport) is in
    /// order.
    ///
    /// ## Why is this bad?
    /// A journal is read by date. An entry pasted in the wrong place is hard
    /// to find, and readers skimming from the top miss it.
    ///
    /// ## Example
    /// ```markdown
    /// ## 2023.6.18
    /// ## 2023.5.22
    /// ## 2023.6.10
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// ## 2023.6.18
    /// ## 2023.6.10
    /// ## 2023.5.22
    /// ```
    ///
    /// ## Fix safety
    /// The fix is safe: it reorders the sibling dated sections (each moved
    /// whole with the comment lines right above its heading, bytes
    /// unchanged, stable for equal dates) and leaves other sections where
    /// they are, as well as a heading whose diagnostic is suppressed.
    ///
    /// There is no fix for changelog releases (a release out of date order
    /// is more often a typo in its date than a misplaced section), nor when
    /// a day sits beside the year or month that holds it (`# 2021` then
    /// `# January 14th`): its level is more likely wrong than its place,
    /// and the help says so.
    ///
    /// ## Options
    /// - `dates.order`: `newest-first`, `oldest-first` or `auto` (default;
    ///   ties go to newest-first).
    /// - `dates.heading-level`: which heading level is dated (`auto`: any).
    pub struct DateOrder {
        name: "date-order",
        severity: Error,
        fix: Safe,
    }
}

/// The direction sibling dated sections must follow in this file.
pub(crate) fn direction(cx: &Context<'_>, groups: &[Vec<(usize, NaiveDate)>]) -> Order {
    match cx.settings.dates.order {
        Order::Auto => {
            let (newest, oldest) = adjacent_pairs(groups);
            DateOrder::majority(newest, oldest)
        }
        order => order,
    }
}

/// How many adjacent sibling pairs run newest first and oldest first
/// (equal dates count for neither).
fn adjacent_pairs(groups: &[Vec<(usize, NaiveDate)>]) -> (usize, usize) {
    let (mut newest, mut oldest) = (0usize, 0usize);
    for g in groups {
        for pair in g.windows(2) {
            if pair[0].1 > pair[1].1 {
                newest += 1;
            } else if pair[0].1 < pair[1].1 {
                oldest += 1;
            }
        }
    }
    (newest, oldest)
}

impl DateOrder {
    /// How many adjacent sibling dated pairs of this file run newest first
    /// and oldest first, counted as `auto` counts them.
    pub(crate) fn adjacent_pairs(cx: &Context<'_>) -> (usize, usize) {
        adjacent_pairs(&dated_groups(cx))
    }

    /// The direction most pairs follow; a tie goes to newest-first. What
    /// `auto` means for one file, and what `weeklint init` uses for a tree.
    pub(crate) fn majority(newest: usize, oldest: usize) -> Order {
        if oldest > newest {
            Order::OldestFirst
        } else {
            Order::NewestFirst
        }
    }
}

/// Sibling groups of dated headings with a valid date (the start of its
/// period), in order.
pub(crate) fn dated_groups(cx: &Context<'_>) -> Vec<Vec<(usize, NaiveDate)>> {
    cx.dated_sibling_groups()
        .iter()
        .map(|g| {
            let mut dated = Vec::with_capacity(g.len());
            dated.extend(
                g.iter()
                    .filter_map(|&i| cx.date(i).and_then(|d| d.start).map(|d| (i, d))),
            );
            dated
        })
        .filter(|g| g.len() > 1)
        .collect()
}

/// Which entries to keep: a longest subsequence in which no entry breaks
/// the order, preferring to keep earlier entries when several are longest.
///
/// `O(n log n)`: `level[i]` is the length of the longest ordered run
/// starting at `i`; within one level, values strictly rise with the index,
/// so the first entry of the next level after the last kept one fits.
pub(crate) fn keep_longest_ordered(values: &[i64]) -> Vec<bool> {
    // Ordered means non-increasing; callers negate for oldest-first.
    let n = values.len();
    let mut level = vec![0usize; n];
    let mut tails: Vec<i64> = Vec::new();
    for i in (0..n).rev() {
        let v = values[i];
        let pos = tails.partition_point(|&t| t <= v);
        if pos == tails.len() {
            tails.push(v);
        } else {
            tails[pos] = v;
        }
        level[i] = pos + 1;
    }
    let mut by_level: Vec<Vec<usize>> = vec![Vec::new(); tails.len()];
    for (i, &l) in level.iter().enumerate() {
        by_level[l - 1].push(i);
    }
    let mut keep = vec![false; n];
    let mut prev: Option<usize> = None;
    for l in (1..=tails.len()).rev() {
        let candidates = &by_level[l - 1];
        let from = prev.map_or(0, |p| candidates.partition_point(|&i| i <= p));
        let Some(&pick) = candidates.get(from) else {
            break;
        };
        keep[pick] = true;
        prev = Some(pick);
    }
    keep
}

/// Dated headings compared with each other, in document order.
type Sequence = Vec<(usize, NaiveDate)>;

/// A heading out of order: its place in the sequence compared, and the
/// kept neighbour it conflicts with (above it or below it).
struct OutOfOrder {
    pos: usize,
    other: usize,
    above: bool,
}

/// The entries of `seq` to flag, in order: the fewest whose removal
/// leaves the rest in order, each with the neighbour it conflicts with.
fn out_of_order(seq: &[(usize, NaiveDate)], newest_first: bool) -> Vec<OutOfOrder> {
    let ordered = |a: NaiveDate, b: NaiveDate| if newest_first { a >= b } else { a <= b };
    // Most logs are in order: nothing to work out then.
    if seq.windows(2).all(|w| ordered(w[0].1, w[1].1)) {
        return Vec::new();
    }
    let values: Vec<i64> = seq
        .iter()
        .map(|(_, d)| {
            let days = i64::from(chrono::Datelike::num_days_from_ce(d));
            if newest_first { days } else { -days }
        })
        .collect();
    let keep = keep_longest_ordered(&values);
    // The nearest kept entry on each side of every position, in two
    // passes: a long log may flag thousands of entries.
    let mut kept_above = vec![None; seq.len()];
    let mut last = None;
    for (pos, slot) in kept_above.iter_mut().enumerate() {
        *slot = last;
        if keep[pos] {
            last = Some(pos);
        }
    }
    let mut kept_below = vec![None; seq.len()];
    let mut next = None;
    for pos in (0..seq.len()).rev() {
        kept_below[pos] = next;
        if keep[pos] {
            next = Some(pos);
        }
    }
    (0..seq.len())
        .filter(|&pos| !keep[pos])
        .filter_map(|pos| {
            let date = seq[pos].1;
            let (other, above) = match (kept_above[pos], kept_below[pos]) {
                (Some(a), _) if !ordered(seq[a].1, date) => (a, true),
                (_, Some(b)) => (b, false),
                (Some(a), None) => (a, true),
                (None, None) => return None,
            };
            Some(OutOfOrder { pos, other, above })
        })
        .collect()
}

/// How a changelog's release headings are compared: patch releases of one
/// line (`1.52.x`) may come out after a newer line's first release (a
/// backport), so dates are compared within each release line, and lines
/// by their first release. Headings without a version are lines of their
/// own. `None` when the group holds no release heading.
fn release_lines(
    cx: &Context<'_>,
    group: &[(usize, NaiveDate)],
    newest_first: bool,
) -> Option<Vec<Vec<(usize, NaiveDate)>>> {
    let headings = cx.doc.headings.all();
    let lines: Vec<Option<(u64, u64)>> = group
        .iter()
        .map(|&(i, _)| release_version(cx.doc.headings.text(&headings[i])).map(|v| v.line()))
        .collect();
    if lines.iter().all(Option::is_none) {
        return None;
    }
    let mut by_line: Vec<((u64, u64), Sequence)> = Vec::new();
    let mut firsts: Vec<(usize, NaiveDate)> = Vec::new();
    for (&entry, line) in group.iter().zip(&lines) {
        match line {
            Some(line) => match by_line.iter_mut().find(|(l, _)| l == line) {
                Some((_, members)) => members.push(entry),
                None => by_line.push((*line, vec![entry])),
            },
            None => firsts.push(entry),
        }
    }
    // A line's first release is its last entry when the newest come first.
    for (_, members) in &by_line {
        let first = if newest_first {
            members.last()
        } else {
            members.first()
        };
        firsts.extend(first.copied());
    }
    firsts.sort_by_key(|&(i, _)| i);
    let mut out: Vec<Sequence> = by_line.into_iter().map(|(_, m)| m).collect();
    out.push(firsts);
    Some(out)
}

impl Rule for DateOrder {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let groups = dated_groups(cx);
        if groups.is_empty() {
            return;
        }
        let order = direction(cx, &groups);
        let newest_first = order == Order::NewestFirst;
        let written = |i: usize| cx.date_text(i);
        let how = match (cx.settings.dates.order, newest_first) {
            (Order::Auto, true) => "dated sections here run newest first (most of them already do)",
            (Order::Auto, false) => {
                "dated sections here run oldest first (most of them already do)"
            }
            (_, true) => "dated sections run newest first (dates.order = \"newest-first\")",
            (_, false) => "dated sections run oldest first (dates.order = \"oldest-first\")",
        };
        let changelog = cx.dates().changelog;
        for group in &groups {
            // A heading whose date-order diagnostic is suppressed is where the
            // author wants it: left out of the comparison, and not moved.
            let unsuppressed: Vec<(usize, NaiveDate)>;
            let group: &[(usize, NaiveDate)] = if cx.doc.suppressions.is_empty() {
                group
            } else {
                unsuppressed = group
                    .iter()
                    .copied()
                    .filter(|&(i, _)| !suppressed(cx, cx.date_span(i).start))
                    .collect();
                &unsuppressed
            };
            let lines = if changelog {
                release_lines(cx, group, newest_first)
            } else {
                None
            };
            let sequences: Vec<&[(usize, NaiveDate)]> = match &lines {
                Some(lines) => lines.iter().map(Vec::as_slice).collect(),
                None => vec![group],
            };
            let mut flagged: Vec<(usize, usize, bool)> = Vec::new();
            for seq in &sequences {
                for o in out_of_order(seq, newest_first) {
                    flagged.push((seq[o.pos].0, seq[o.other].0, o.above));
                }
            }
            // A line's first release is compared twice: flagged once.
            if sequences.len() > 1 {
                flagged.sort_by_key(|f| f.0);
                flagged.dedup_by_key(|f| f.0);
            }
            if flagged.is_empty() {
                continue;
            }
            // Releases are not moved: a release out of date order is more
            // often a typo in its date than a section in the wrong place.
            // Nor is a day beside the year that holds it: its level is
            // more likely wrong than its place.
            let fix = if lines.is_some()
                || flagged
                    .iter()
                    .any(|&(i, other, _)| nesting_help(cx, i, other).is_some())
            {
                None
            } else {
                reorder_fix(cx, group, newest_first)
            };
            for (index, other, above) in flagged {
                let date = |i: usize| cx.date(i).and_then(|d| d.start);
                let relation = if date(other) < date(index) {
                    "newer"
                } else {
                    "older"
                };
                let place = if above { "above" } else { "below" };
                let message = format!(
                    "date {} is {relation} than the entry {place} it ({})",
                    written(index),
                    written(other)
                );
                let mut d = Self::META
                    .diagnostic(cx.date_span(index), message)
                    .with_label(
                        cx.date_span(other),
                        format!("the entry {place}: {}", written(other)),
                    )
                    .with_help(how);
                if let Some(help) = nesting_help(cx, index, other) {
                    d = d.with_help(help);
                }
                // Every flagged heading of the group shares one fix (its
                // edits are shared, not copied).
                if let Some(fix) = &fix {
                    d = d.with_fix(fix.clone());
                }
                out.push(d);
            }
        }
    }
}

/// When one of two siblings is a year or month that holds the other's
/// date (`# 2021` beside `# January 14th`), the heading is more likely at
/// the wrong level than the wrong place: say so.
fn nesting_help(cx: &Context<'_>, a: usize, b: usize) -> Option<String> {
    let (da, db) = (cx.date(a)?, cx.date(b)?);
    let holds = |outer: &crate::date::HeadingDate, inner: &crate::date::HeadingDate| {
        outer.precision > inner.precision
            && outer.year == inner.year
            && (outer.precision == Precision::Year || outer.month == inner.month)
    };
    let (inner, outer) = if holds(db, da) {
        (a, b)
    } else if holds(da, db) {
        (b, a)
    } else {
        return None;
    };
    let level = cx.doc.headings.all()[outer].level;
    Some(format!(
        "`{}` holds {}: if it belongs under it, make it a level-{} heading",
        cx.date_text(outer),
        cx.date_text(inner),
        level + 1
    ))
}

fn suppressed(cx: &Context<'_>, offset: usize) -> bool {
    let line = cx.source.line_index(offset);
    cx.doc
        .suppressions
        .is_suppressed(DateOrder::META.name, offset, line)
}

/// One fix for a whole sibling group: a stable sort of its sections.
///
/// Each section's text, up to the end of its last non-blank line, moves
/// whole; the blank lines after it stay where they are. So every position
/// keeps the separator it had, and the section that ends the file keeps
/// the file's ending (a final newline or none) whichever section it is.
fn reorder_fix(cx: &Context<'_>, group: &[(usize, NaiveDate)], newest_first: bool) -> Option<Fix> {
    let headings = cx.doc.headings.all();
    let text = cx.source.text();
    // A setext heading moved under a paragraph line would become part of
    // that paragraph; only reorder when every section follows a blank line.
    let setext = group
        .iter()
        .any(|&(i, _)| headings[i].kind == HeadingKind::Setext);
    if setext
        && group.iter().any(|&(i, _)| {
            !follows_blank_line(cx.source, with_comments_above(cx, headings[i].range.start))
        })
    {
        return None;
    }
    let mut order: Vec<usize> = (0..group.len()).collect();
    // `sort_by` is stable: equal dates keep their relative order.
    order.sort_by(|&a, &b| {
        let (da, db) = (group[a].1, group[b].1);
        if newest_first {
            db.cmp(&da)
        } else {
            da.cmp(&db)
        }
    });
    let bodies: Vec<Range<usize>> = group
        .iter()
        .map(|&(i, _)| {
            let section = headings[i].section();
            let start = with_comments_above(cx, section.start);
            // Comment lines right above the next heading go with that one.
            let end = if section.end < text.len() {
                with_comments_above(cx, section.end)
            } else {
                section.end
            };
            body(cx.source, start..end.max(section.start))
        })
        .collect();
    let edits: Vec<Edit> = (0..group.len())
        .filter(|&p| order[p] != p)
        .map(|p| Edit::replace(bodies[p].clone(), &text[bodies[order[p]].clone()]))
        .collect();
    if edits.is_empty() {
        return None;
    }
    let direction = if newest_first { "newest" } else { "oldest" };
    Some(Fix::safe(
        format!("reorder the dated sections {direction} first"),
        edits,
    ))
}

/// Where the text of the heading starting at `start` begins: HTML comment
/// lines right above it (`<!-- weeklint-disable-next-line … -->`) are
/// about the heading, and move with it.
fn with_comments_above(cx: &Context<'_>, start: usize) -> usize {
    let text = cx.source.text();
    let mut from = start;
    let mut line = cx.source.line_index(start);
    while line > 0 {
        let prev = cx.source.line_range(line - 1);
        let content = &text[prev.clone()];
        let trimmed = content.trim();
        let open = prev.start + (content.len() - content.trim_start().len());
        if !(trimmed.starts_with("<!--") && trimmed.ends_with("-->") && cx.doc.is_excluded(open)) {
            break;
        }
        from = prev.start;
        line -= 1;
    }
    from
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

#[cfg(test)]
mod tests;
