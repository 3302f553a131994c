//! Which way a file's dated sections run: the setting, or with `auto` the
//! evidence of the file.

use chrono::NaiveDate;

use super::DateOrder;
use crate::config::DateOrder as Order;
use crate::rule::Context;

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
pub(super) fn first_and_last(groups: &[Vec<(usize, NaiveDate)>]) -> (usize, usize) {
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
pub(super) fn adjacent_pairs(groups: &[Vec<(usize, NaiveDate)>]) -> (usize, usize) {
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
