//! What `weeklint init` learns from changelogs: which ones only their
//! `[Unreleased]` heading makes changelogs, the change types they use
//! besides Keep a Changelog's, and how they write their release dates
//! (which are no evidence for the journals' settings).

use super::{FileForms, Inference};
use crate::changelog::{alias, named_changelog, same_name};
use crate::config::{CHANGE_TYPES, DateOrder};
use crate::date::HeadingDate;
use crate::rule::Context;

/// Globs of the files named as changelogs (`lint.toml` globs ignore case).
pub(super) const NAMED: &str = "**/{CHANGELOG,CHANGES,HISTORY,RELEASES,NEWS}.*";

/// How one changelog writes its release dates.
#[derive(Debug, Clone)]
struct Dates {
    path: String,
    /// Its full dates by form; `None` without any.
    forms: Option<FileForms>,
    /// Its dated headings per level, 1 to 6.
    levels: [usize; 6],
    /// Whether its releases run newest first, with two releases or more.
    newest_first: Option<bool>,
}

/// The evidence of the changelogs seen so far.
#[derive(Debug, Clone, Default)]
pub(super) struct Changelogs {
    /// How many.
    pub(super) count: usize,
    /// Those whose names do not say so: relative paths, `/`-separated.
    pub(super) unnamed: Vec<String>,
    /// How each writes its dates.
    dates: Vec<Dates>,
    /// Sub-headings of releases in Keep a Changelog files that are neither
    /// a type nor another name for one: each as first written, with how
    /// many releases have it.
    others: Vec<(String, usize)>,
}

impl Changelogs {
    /// Take the evidence of the file at `rel`, if it is a changelog; and
    /// say whether it is.
    pub(super) fn add(&mut self, rel: &str, cx: &Context<'_>) -> bool {
        let Some(changelog) = cx.changelog() else {
            return false;
        };
        self.count += 1;
        if !named_changelog(cx.path) {
            self.unnamed.push(rel.to_string());
        }
        let two = changelog
            .releases()
            .iter()
            .filter(|r| r.version.is_some())
            .nth(1)
            .is_some();
        let mut levels = [0; 6];
        let mut dates: Vec<&HeadingDate> = Vec::new();
        for (_, h, d) in cx.dated_headings() {
            dates.push(d);
            if let Some(n) = levels.get_mut(usize::from(h.level).saturating_sub(1)) {
                *n += 1;
            }
        }
        self.dates.push(Dates {
            path: rel.to_string(),
            forms: FileForms::of(&dates),
            levels,
            newest_first: two.then(|| changelog.direction(cx.doc, DateOrder::Auto).newest_first),
        });
        let headings = &cx.doc.headings;
        let subs = changelog.sub_headings(cx.doc);
        let text = |i: usize| headings.text(&headings.all()[i]);
        let is_type = |name: &str| CHANGE_TYPES.iter().any(|t| same_name(t, name));
        if subs.iter().filter(|&&i| is_type(text(i))).count() * 2 <= subs.len() {
            return true;
        }
        // Each name counts once per release.
        let mut seen: Vec<(Option<usize>, &str)> = Vec::new();
        for i in subs {
            let name = text(i);
            let parent = headings.all()[i].parent;
            if name.is_empty()
                || is_type(name)
                || alias(name).is_some()
                || seen.iter().any(|&(p, n)| p == parent && same_name(n, name))
            {
                continue;
            }
            seen.push((parent, name));
            match self.others.iter_mut().find(|(n, _)| same_name(n, name)) {
                Some((_, count)) => *count += 1,
                None => self.others.push((name.to_string(), 1)),
            }
        }
        true
    }

    /// The other names used under two releases or more, most used first
    /// (a tie keeps the order they were first seen in).
    pub(super) fn extra_types(&self) -> Vec<(String, usize)> {
        let mut extra: Vec<(String, usize)> = self
            .others
            .iter()
            .filter(|(_, n)| *n >= 2)
            .cloned()
            .collect();
        extra.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
        extra
    }
}

/// What the changelogs say, for `lint.toml`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChangelogInference {
    /// How many changelogs there are.
    pub count: usize,
    /// `changelog.files`: changelogs only an `[Unreleased]` heading makes
    /// ones.
    pub files: Vec<String>,
    /// Change types used besides Keep a Changelog's, with how many
    /// releases use each, most first.
    pub extra_types: Vec<(String, usize)>,
    /// The `[dates]` keys the journals pin that some changelog does not
    /// fit, each with why: an override gives changelogs `auto` for them.
    pub own_dates: Vec<(&'static str, String)>,
}

impl ChangelogInference {
    /// What the changelogs of `evidence` need, beside the journals'
    /// settings `journals`.
    pub(super) fn new(evidence: &Changelogs, journals: &Inference) -> ChangelogInference {
        let mut own_dates: Vec<(&'static str, String)> = Vec::new();
        // `what` says it of one file, then of several.
        let mut differ = |key: &'static str, what: [String; 2], paths: Vec<&str>| {
            if !paths.is_empty() {
                let shown: Vec<String> = paths.iter().map(|p| format!("`{p}`")).collect();
                let what = &what[usize::from(paths.len() > 1)];
                own_dates.push((key, format!("{} {what}", shown.join(", "))));
            }
        };
        if let Some(t) = &journals.format {
            let paths = evidence
                .dates
                .iter()
                .filter(|d| d.forms.as_ref().is_some_and(|f| !f.fits_best(t.value)))
                .map(|d| d.path.as_str())
                .collect();
            let other = format!("dates another way than {}", t.value);
            differ(
                "format",
                [format!("writes {other}"), format!("write {other}")],
                paths,
            );
        }
        if let Some(t) = &journals.order {
            let newest = t.value == DateOrder::NewestFirst;
            let paths = evidence
                .dates
                .iter()
                .filter(|d| d.newest_first.is_some_and(|n| n != newest))
                .map(|d| d.path.as_str())
                .collect();
            let way = if newest {
                "oldest first"
            } else {
                "newest first"
            };
            differ(
                "order",
                [
                    format!("lists releases {way}"),
                    format!("list releases {way}"),
                ],
                paths,
            );
        }
        if let Some(level) = journals.heading_level() {
            let paths = evidence
                .dates
                .iter()
                .filter(|d| {
                    d.levels
                        .iter()
                        .enumerate()
                        .any(|(i, n)| *n > 0 && i + 1 != usize::from(level))
                })
                .map(|d| d.path.as_str())
                .collect();
            let other = format!("headings of another level than {level}");
            differ(
                "heading-level",
                [format!("dates {other}"), format!("date {other}")],
                paths,
            );
        }
        ChangelogInference {
            count: evidence.count,
            files: evidence.unnamed.clone(),
            extra_types: evidence.extra_types(),
            own_dates,
        }
    }
}
