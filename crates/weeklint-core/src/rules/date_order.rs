use std::borrow::Cow;

use chrono::NaiveDate;

use crate::changelog::release_version;
use crate::config::DateOrder as Order;
use crate::date::Precision;
use crate::diagnostic::{Diagnostic, Fix};
use crate::rule::{Context, Rule, RuleMeta, declare_rule};

mod direction;
mod reorder;

pub(crate) use direction::direction;
use direction::{adjacent_pairs, first_and_last};

use reorder::{Reorder, region_bounds, reorder_fix};

declare_rule! {
    /// ## What it does
    /// Checks that sibling dated sections follow one date order: newest
    /// first, oldest first, or (`auto`) the direction most adjacent sibling
    /// pairs in the file already follow. When as many pairs run each way,
    /// the first and last dated siblings decide (`2023.6.10` above
    /// `2023.6.18` above `2023.6.15` runs oldest first: 2023.6.10 is older
    /// than 2023.6.15; with several sibling groups, the way most of them
    /// run from first to last), and when they do not either, newest first.
    /// The help says which evidence decided.
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
    /// A move changes the moved sections and the blank lines at their
    /// edges, nothing else: a moved section leaves with the blank lines
    /// after it, and is put in with the blank lines most sections of the
    /// file have between them; sections that keep their places keep the
    /// blank lines between them, and the file ends as it did (with a final
    /// newline or without).
    ///
    /// What a suppression comment covers never changes:
    /// `weeklint-disable` and `weeklint-enable` comments stay where they
    /// are, no section moves across one, and a section holding one keeps
    /// its place. A section that ends in a comment or an HTML block is
    /// only moved when a blank line follows every place it could go to,
    /// and one that ends in an unclosed code block is not moved. A heading
    /// that cannot be put in place this way is reported without a fix. With
    /// `auto`, a fix that could turn the file's direction round (pairs next
    /// to suppressed headings count too) is not offered: fixing settles in
    /// one run.
    ///
    /// There is no fix for changelog releases (a release out of date order
    /// is more often a typo in its date than a misplaced section), nor when
    /// a day sits beside the year or month that holds it (`# 2021` then
    /// `# January 14th`): its level is more likely wrong than its place,
    /// and the help says so.
    ///
    /// ## Options
    /// - `dates.order`: `newest-first`, `oldest-first` or `auto` (default;
    ///   most pairs, then the first and last entries, then newest-first).
    /// - `dates.heading-level`: which heading level is dated (`auto`: any).
    pub struct DateOrder {
        name: "date-order",
        severity: Error,
        fix: Safe,
    }
}

impl DateOrder {
    /// How many adjacent sibling dated pairs of this file run newest first
    /// and oldest first, counted as `auto` counts them.
    pub(crate) fn adjacent_pairs(cx: &Context<'_>) -> (usize, usize) {
        adjacent_pairs(&dated_groups(cx))
    }

    /// The direction most pairs follow; a tie goes to newest-first. What
    /// `weeklint init` uses for a tree (`auto` breaks a tie within one
    /// file by its first and last entries first).
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
/// the order (ordered means not rising: callers negate or rank for
/// oldest-first; equal values are in order), preferring to keep earlier
/// entries when several are longest. The others are the fewest whose
/// removal leaves the rest in order; `version-order` makes the same choice
/// for versions.
///
/// `O(n log n)`: `level[i]` is the length of the longest ordered run
/// starting at `i`; within one level, values strictly rise with the index,
/// so the first entry of the next level after the last kept one fits.
pub(crate) fn keep_longest_ordered<T: Ord + Copy>(values: &[T]) -> Vec<bool> {
    let n = values.len();
    let mut level = vec![0usize; n];
    let mut tails: Vec<T> = Vec::new();
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
    for candidates in by_level.iter().rev() {
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
        let (order, how) = direction(cx, &groups);
        let newest_first = order == Order::NewestFirst;
        let written = |i: usize| cx.date_text(i);
        let changelog = cx.dates().changelog;
        let bounds = region_bounds(cx);
        let mut plans: Vec<Plan> = Vec::new();
        for group in &groups {
            // A heading whose date-order diagnostic is suppressed is where the
            // author wants it: left out of the comparison, and not moved.
            let kept: Cow<'_, [(usize, NaiveDate)]> = if cx.doc.suppressions.is_empty() {
                Cow::Borrowed(group)
            } else {
                group
                    .iter()
                    .copied()
                    .filter(|&(i, _)| !suppressed(cx, cx.date_span(i).start))
                    .collect()
            };
            let lines = if changelog {
                release_lines(cx, &kept, newest_first)
            } else {
                None
            };
            let sequences: Vec<&[(usize, NaiveDate)]> = match &lines {
                Some(lines) => lines.iter().map(Vec::as_slice).collect(),
                None => vec![&kept],
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
            let reorder = if lines.is_some()
                || flagged
                    .iter()
                    .any(|&(i, other, _)| nesting_help(cx, i, other).is_some())
            {
                None
            } else {
                reorder_fix(cx, &kept, newest_first, &bounds)
                    .map(|r| Planned::new(r, group, &kept, newest_first))
            };
            plans.push(Plan { flagged, reorder });
        }
        if cx.settings.dates.order == Order::Auto {
            keep_the_direction(&groups, newest_first, &mut plans);
        }
        for plan in plans {
            for (index, other, above) in plan.flagged {
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
                    .with_help(how.as_str());
                if let Some(help) = nesting_help(cx, index, other) {
                    d = d.with_help(help);
                }
                // Every heading the group's fix puts in order shares that
                // one fix (its edits are shared, not copied); one it cannot
                // move into place gets none.
                if let Some(planned) = &plan.reorder
                    && planned.still_flagged.binary_search(&index).is_err()
                {
                    d = d.with_fix(planned.fix.clone());
                }
                out.push(d);
            }
        }
    }
}

/// What `check` found in one sibling group: the headings out of order
/// (each with the neighbour it conflicts with, and whether that one is
/// above it), and the fix, if any.
struct Plan {
    flagged: Vec<(usize, usize, bool)>,
    reorder: Option<Planned>,
}

/// A group's fix and what it leaves: the headings still out of order
/// after it (sorted), and how it changes what `auto` goes by: the group's
/// lead in the file's direction (adjacent pairs in the direction minus
/// pairs against it), and its vote on a tie (its first and last entries
/// in the direction: 1, against it: -1, the same date: 0).
struct Planned {
    fix: Fix,
    still_flagged: Vec<usize>,
    lead_change: i64,
    vote_change: i64,
}

impl Planned {
    /// `reorder` of the unsuppressed headings `kept` of the sibling group
    /// `group` (suppressed headings stay where they are).
    fn new(
        reorder: Reorder,
        group: &[(usize, NaiveDate)],
        kept: &[(usize, NaiveDate)],
        newest_first: bool,
    ) -> Planned {
        let kept_after: Vec<(usize, NaiveDate)> = reorder.after.iter().map(|&k| kept[k]).collect();
        let mut still_flagged: Vec<usize> = out_of_order(&kept_after, newest_first)
            .iter()
            .map(|o| kept_after[o.pos].0)
            .collect();
        still_flagged.sort_unstable();
        let mut next = kept_after.iter();
        let mut k = 0;
        let group_after: Vec<NaiveDate> = group
            .iter()
            .map(|&(i, date)| {
                if kept.get(k).is_some_and(|&(j, _)| j == i) {
                    k += 1;
                    next.next().map_or(date, |&(_, d)| d)
                } else {
                    date
                }
            })
            .collect();
        let before: Vec<NaiveDate> = group.iter().map(|&(_, d)| d).collect();
        Planned {
            fix: reorder.fix,
            still_flagged,
            lead_change: lead(&group_after, newest_first) - lead(&before, newest_first),
            vote_change: vote(&group_after, newest_first) - vote(&before, newest_first),
        }
    }
}

/// Adjacent pairs of `dates` in the direction minus pairs against it.
fn lead(dates: &[NaiveDate], newest_first: bool) -> i64 {
    dates
        .windows(2)
        .map(|w| step(w[0], w[1], newest_first))
        .sum()
}

/// From the first of `dates` to the last: 1 in the direction, -1 against
/// it, 0 for the same date.
fn vote(dates: &[NaiveDate], newest_first: bool) -> i64 {
    match (dates.first(), dates.last()) {
        (Some(&a), Some(&b)) => step(a, b, newest_first),
        _ => 0,
    }
}

/// 1 when `a` then `b` runs in the direction, -1 against it, 0 for the
/// same date.
fn step(a: NaiveDate, b: NaiveDate, newest_first: bool) -> i64 {
    match a.cmp(&b) {
        std::cmp::Ordering::Equal => 0,
        std::cmp::Ordering::Greater if newest_first => 1,
        std::cmp::Ordering::Less if !newest_first => 1,
        _ => -1,
    }
}

/// With `auto`, the direction comes from the pairs in the file (on a tie,
/// from the first and last entries of each group), and moving sections
/// changes them: a fix must not turn the evidence round, or the next pass
/// would move the sections back the other way. Pairs next to a suppressed
/// heading, across a suppression comment, or of equal dates can lose the
/// direction a pair or two, and a suppressed heading that stays first or
/// last can keep a group's vote against it. When the fixes together could
/// turn the direction round (fixing stops part way when fixes overlap: any
/// of them may be applied alone), the fixes that lose pairs or votes are
/// dropped; the others only gain.
fn keep_the_direction(groups: &[Vec<(usize, NaiveDate)>], newest_first: bool, plans: &mut [Plan]) {
    let count = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
    let (newest, oldest) = adjacent_pairs(groups);
    let (newer, older) = first_and_last(groups);
    let (lead, votes) = if newest_first {
        (count(newest) - count(oldest), count(newer) - count(older))
    } else {
        (count(oldest) - count(newest), count(older) - count(newer))
    };
    let fixes = || plans.iter().filter_map(|p| p.reorder.as_ref());
    // The least each could come to, whichever of the fixes are applied.
    let lead = lead + fixes().map(|r| r.lead_change.min(0)).sum::<i64>();
    let votes = votes + fixes().map(|r| r.vote_change.min(0)).sum::<i64>();
    // A tie of both goes to newest-first.
    let least = if newest_first { 0 } else { 1 };
    if lead > 0 || (lead == 0 && votes >= least) {
        return;
    }
    for plan in plans {
        if plan
            .reorder
            .as_ref()
            .is_some_and(|r| r.lead_change < 0 || r.vote_change < 0)
        {
            plan.reorder = None;
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

#[cfg(test)]
mod tests;
