use std::borrow::Cow;
use std::ops::Range;

use chrono::NaiveDate;

use crate::changelog::release_version;
use crate::config::DateOrder as Order;
use crate::date::Precision;
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::document::{ExcludedKind, HeadingKind};
use crate::rule::{Context, Rule, RuleMeta, declare_rule};
use crate::source::Source;

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

/// The direction sibling dated sections must follow in this file, and
/// the help text that says what decided it.
///
/// With `auto`: the direction most adjacent sibling pairs follow; on a
/// tie, the direction from the first to the last dated sibling (of each
/// sibling group: the direction most groups show); then newest first.
pub(crate) fn direction(cx: &Context<'_>, groups: &[Vec<(usize, NaiveDate)>]) -> (Order, String) {
    let order = cx.settings.dates.order;
    if order != Order::Auto {
        let way = if order == Order::NewestFirst {
            "newest"
        } else {
            "oldest"
        };
        return (
            order,
            format!("dated sections run {way} first (dates.order = \"{way}-first\")"),
        );
    }
    let (newest, oldest) = adjacent_pairs(groups);
    if newest != oldest {
        let order = DateOrder::majority(newest, oldest);
        let (way, with) = if order == Order::NewestFirst {
            ("newest", newest)
        } else {
            ("oldest", oldest)
        };
        let total = newest + oldest;
        return (
            order,
            format!("most entries here are {way} first ({with} of {total} pairs)"),
        );
    }
    let (newer, older) = first_and_last(groups);
    let order = if older > newer {
        Order::OldestFirst
    } else {
        Order::NewestFirst
    };
    let why = match groups {
        [group] => {
            let (first, last) = (group[0], group[group.len() - 1]);
            let (a, b) = (cx.date_text(first.0), cx.date_text(last.0));
            match first.1.cmp(&last.1) {
                std::cmp::Ordering::Less => {
                    format!("the first ({a}) is older than the last ({b}), so oldest first")
                }
                std::cmp::Ordering::Greater => {
                    format!("the first ({a}) is newer than the last ({b}), so newest first")
                }
                std::cmp::Ordering::Equal => format!(
                    "the first ({a}) and the last ({b}) are the same date, so newest first, the default"
                ),
            }
        }
        _ if older > newer => format!(
            "in {older} of {} sibling groups the first is older than the last, so oldest first",
            older + newer
        ),
        _ if newer > older => format!(
            "in {newer} of {} sibling groups the first is newer than the last, so newest first",
            older + newer
        ),
        _ => "and so are the first and last entries of their sibling groups, so newest first, \
              the default"
            .to_string(),
    };
    let sep = if why.starts_with("and ") { ", " } else { "; " };
    (order, format!("entries here are split evenly{sep}{why}"))
}

/// How many sibling groups run from a newer first entry to an older last
/// one, and from an older to a newer.
fn first_and_last(groups: &[Vec<(usize, NaiveDate)>]) -> (usize, usize) {
    let (mut newer, mut older) = (0usize, 0usize);
    for g in groups {
        match (g.first(), g.last()) {
            (Some(a), Some(b)) if a.1 > b.1 => newer += 1,
            (Some(a), Some(b)) if a.1 < b.1 => older += 1,
            _ => {}
        }
    }
    (newer, older)
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

/// A group's fix, and the order it leaves the group in: `after[p]` is the
/// entry of the group that ends up at position `p`.
struct Reorder {
    fix: Fix,
    after: Vec<usize>,
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
fn reorder_fix(
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
    let tails: Vec<Tail> = bodies.iter().map(|b| tail(cx, b.clone())).collect();
    // A section is followed by blank lines that followed a section before
    // (its own, or the file's usual ones), or by what stays after the last
    // position: one that needs a blank line after it may move when every
    // section has one.
    let blank_everywhere = tails.iter().all(|&t| t != Tail::NeedsBlank)
        || bodies.iter().all(|b| blank_after(text, b.end));
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
fn region_bounds(cx: &Context<'_>) -> Vec<usize> {
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
fn tail(cx: &Context<'_>, body: Range<usize>) -> Tail {
    let text = cx.source.text();
    let Some(last) = text[body.clone()]
        .trim_end_matches([' ', '\t'])
        .char_indices()
        .last()
        .map(|(i, _)| body.start + i)
    else {
        return Tail::Closed;
    };
    let last_line = cx.source.line_range(cx.source.line_index(last));
    let excluded = &cx.doc.excluded;
    let comment_on_last_line = excluded
        [..excluded.partition_point(|e| e.range.start < last_line.end)]
        .iter()
        .rev()
        .take_while(|e| e.range.end > last_line.start)
        .any(|e| e.kind == ExcludedKind::Comment);
    let html = cx.doc.html.partition_point(|h| h.range.start <= last);
    let in_html_block = html > 0 && {
        let h = &cx.doc.html[html - 1];
        h.block && h.range.end > last
    };
    let heading_follows = |separator: &str| {
        let probe = format!("{}{separator}## probe\n", &text[body.clone()]);
        let at = probe.len() - "## probe\n".len();
        let doc = crate::document::Document::parse(&Source::new(probe));
        doc.headings
            .all()
            .last()
            .is_some_and(|h| h.range.start == at && !h.nested)
    };
    let held = cx.doc.is_excluded(last) || in_html_block;
    if !held || heading_follows("\n") {
        if comment_on_last_line {
            Tail::NeedsBlank
        } else {
            Tail::Closed
        }
    } else if heading_follows("\n\n") {
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

#[cfg(test)]
mod tests;
