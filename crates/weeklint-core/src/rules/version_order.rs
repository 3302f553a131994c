use std::collections::BTreeMap;

use crate::changelog::{Changelog, Precedence};
use crate::diagnostic::Diagnostic;
use crate::rule::{Context, Rule, RuleMeta, declare_rule};
use crate::rules::date_order::keep_longest_ordered;

declare_rule! {
    /// ## What it does
    /// Checks, in a changelog, that sibling release headings follow one
    /// direction by version: newest first (as Keep a Changelog writes
    /// them) or oldest first, whichever most adjacent releases of the file
    /// already follow (`dates.order` decides when it names a direction).
    ///
    /// Versions are compared by SemVer 2.0 precedence: a pre-release comes
    /// before its release (`1.0.0-rc.1` before `1.0.0`), build metadata
    /// does not count, and CalVer and other dotted numbers are compared
    /// part by part (`1.2` is `1.2.0`). PEP 440 suffixes are read as
    /// Python means them (`1.0.dev1` < `1.0a1` < `1.0rc1` < `1.0` <
    /// `1.0.post1`), a pre-release written apart as one (`2.0 Beta 2` is
    /// `2.0.0-beta.2`), a pre-release number as a number (`rc10` after
    /// `rc9`), and in CalVer a `-N` after the date is a second release of
    /// that day (`2021.01.05-1` after `2021.01.05`).
    ///
    /// Releases are compared within their release line (`1.52.4` with
    /// `1.52.0`), and lines by their first release: a patch of an older
    /// line published after a newer line and listed by date (a backport)
    /// is in order. The headings flagged are the fewest whose removal
    /// leaves the rest in order; two equal versions count as ordered
    /// (`duplicate-version` reports them). `[Unreleased]` is
    /// `unreleased-position`'s concern, and release dates `date-order`'s.
    ///
    /// A file is a changelog when its name is `CHANGELOG`, `CHANGES`,
    /// `HISTORY`, `RELEASES` or `NEWS` (any case, any extension), when
    /// `changelog.files` lists it, or when it has an `[Unreleased]`
    /// heading. A release heading starts with a version (`[1.2.0]`,
    /// `v1.2.0`, `1.2.0`, `2025.09.0`).
    ///
    /// ## Why is this bad?
    /// Readers look for a release by scanning the versions. One out of
    /// place is usually a typo in the version number (`1.13.0` typed
    /// `1.3.0`), which also breaks the links and tags made from it.
    ///
    /// ## Example
    /// ```markdown
    /// ## [1.3.0] - 2024-03-01
    /// ## [1.1.0] - 2024-02-01
    /// ## [1.2.0] - 2024-01-01
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// ## [1.3.0] - 2024-03-01
    /// ## [1.2.0] - 2024-02-01
    /// ## [1.1.0] - 2024-01-01
    /// ```
    ///
    /// ## Fix safety
    /// There is no fix: a version out of order is more often mistyped than
    /// misplaced, and only the author knows which.
    ///
    /// ## Options
    /// - `dates.order`: `newest-first` or `oldest-first` holds releases to
    ///   that direction too; `auto` (default) follows the file.
    /// - `changelog.files`: changelogs whose names do not say so.
    pub struct VersionOrder {
        name: "version-order",
        severity: Error,
        fix: None,
    }
}

impl Rule for VersionOrder {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let Some(changelog) = cx.changelog() else {
            return;
        };
        let groups = changelog.sibling_groups(cx.doc);
        if groups.is_empty() {
            return;
        }
        let direction = changelog.direction(cx.doc, cx.settings.dates.order);
        for group in groups {
            let versions: Vec<(usize, Precedence)> = group
                .iter()
                .filter_map(|&r| {
                    let v = changelog.releases()[r].version.as_ref()?;
                    Some((r, v.precedence()))
                })
                .collect();
            for (r, other, above) in flagged(changelog, &versions, direction.newest_first) {
                out.push(diagnostic(
                    cx,
                    changelog,
                    (r, other, above),
                    &versions,
                    direction.why,
                ));
            }
        }
    }
}

/// The releases out of order among `versions` (sibling releases, in
/// document order), each with the kept neighbour it conflicts with and
/// whether that one is above it: within each release line, and among
/// the lines' first releases.
fn flagged(
    changelog: &Changelog,
    versions: &[(usize, Precedence)],
    newest_first: bool,
) -> Vec<(usize, usize, bool)> {
    let ordered = |a: &Precedence, b: &Precedence| if newest_first { a >= b } else { a <= b };
    if versions.windows(2).all(|w| ordered(&w[0].1, &w[1].1)) {
        return Vec::new();
    }
    let line = |r: usize| {
        changelog.releases()[r]
            .version
            .as_ref()
            .map_or((0, 0), |v| v.line())
    };
    let mut lines: BTreeMap<(u64, u64), Vec<usize>> = BTreeMap::new();
    for (pos, &(r, _)) in versions.iter().enumerate() {
        lines.entry(line(r)).or_default().push(pos);
    }
    // A line's first release is its last entry when the newest come first.
    let mut firsts: Vec<usize> = lines
        .values()
        .filter_map(|m| if newest_first { m.last() } else { m.first() })
        .copied()
        .collect();
    firsts.sort_unstable();
    let mut found: Vec<(usize, usize, bool)> = Vec::new();
    for seq in lines.values().chain(std::iter::once(&firsts)) {
        found.extend(out_of_order(versions, seq, newest_first));
    }
    // A line's first release is compared twice: flagged once.
    found.sort_by_key(|f| f.0);
    found.dedup_by_key(|f| f.0);
    found
}

/// The entries of `versions` at positions `seq` to flag: the fewest whose
/// removal leaves the rest in order, each with the nearest kept entry it
/// conflicts with (as release indices) and whether that one is above it.
fn out_of_order(
    versions: &[(usize, Precedence)],
    seq: &[usize],
    newest_first: bool,
) -> Vec<(usize, usize, bool)> {
    let value = |k: usize| &versions[seq[k]].1;
    let ordered = |a: &Precedence, b: &Precedence| if newest_first { a >= b } else { a <= b };
    if (1..seq.len()).all(|k| ordered(value(k - 1), value(k))) {
        return Vec::new();
    }
    // Ranks, newest highest; kept entries must not rise.
    let mut sorted: Vec<&Precedence> = (0..seq.len()).map(value).collect();
    sorted.sort();
    sorted.dedup();
    let ranks: Vec<usize> = (0..seq.len())
        .map(|k| {
            let rank = sorted.partition_point(|p| *p < value(k));
            if newest_first {
                rank
            } else {
                sorted.len() - rank
            }
        })
        .collect();
    let keep = keep_longest_ordered(&ranks);
    (0..seq.len())
        .filter(|&k| !keep[k])
        .filter_map(|k| {
            let above = (0..k).rev().find(|&a| keep[a]);
            let below = (k + 1..seq.len()).find(|&b| keep[b]);
            let (other, is_above) = match (above, below) {
                (Some(a), _) if !ordered(value(a), value(k)) => (a, true),
                (_, Some(b)) => (b, false),
                (Some(a), None) => (a, true),
                (None, None) => return None,
            };
            Some((versions[seq[k]].0, versions[seq[other]].0, is_above))
        })
        .collect()
}

fn diagnostic(
    cx: &Context<'_>,
    changelog: &Changelog,
    (r, other, above): (usize, usize, bool),
    versions: &[(usize, Precedence)],
    why: &str,
) -> Diagnostic {
    let precedence = |r: usize| versions.iter().find(|v| v.0 == r).map(|v| &v.1);
    let (label, span) = changelog.label_and_span(cx.doc, r);
    let (other_label, other_span) = changelog.label_and_span(cx.doc, other);
    let relation = if precedence(other) < precedence(r) {
        "newer"
    } else {
        "older"
    };
    let place = if above { "above" } else { "below" };
    VersionOrder::META
        .diagnostic(
            span,
            format!("version {label} is {relation} than the release {place} it ({other_label})"),
        )
        .with_label(other_span, format!("the release {place}: {other_label}"))
        .with_help(why)
        .with_help("a version out of order is more often mistyped than misplaced: check the number")
}

#[cfg(test)]
mod tests {
    use crate::test_util::lint_changelog;

    fn flagged(text: &str) -> Vec<(usize, String)> {
        let (source, diags) = lint_changelog(text, "version-order", "");
        diags
            .iter()
            .map(|d| (source.line_col(d.span.start).line, d.message.clone()))
            .collect()
    }

    #[test]
    fn the_fewest_out_of_order_are_flagged() {
        let text = "# Changelog\n## [Unreleased]\n## [1.3.0]\n## [1.1.0]\n## [1.2.0]\n## [1.0.0]\n";
        assert_eq!(
            flagged(text),
            [(
                5,
                "version 1.2.0 is newer than the release above it (1.1.0)".to_string()
            )]
        );
    }

    #[test]
    fn oldest_first_files_are_held_to_their_own_direction() {
        let text = "## 0.1.0\n## 0.3.0\n## 0.2.0\n## 0.4.0\n";
        assert_eq!(
            flagged(text),
            [(
                3,
                "version 0.2.0 is older than the release above it (0.3.0)".to_string()
            )]
        );
        let (_, d) = lint_changelog(text, "version-order", "[dates]\norder = \"newest-first\"\n");
        // Newest first, the longest ordered run is 0.3.0, 0.2.0.
        assert_eq!(d.len(), 2, "{d:#?}");
    }

    #[test]
    fn precedence_of_pre_releases_pep_440_and_calver() {
        let ok = "## 2.0.0\n## 2.0.0-rc.10\n## 2.0.0-rc.9\n## 2.0.0-beta\n## 2.0.0-alpha.1\n\
                  ## 2.0.0-alpha\n## 1.10.0\n## v1.9.0+build.7\n## 1.9\n";
        assert_eq!(flagged(ok), []);
        let pep = "## 1.1.post1\n## 1.1\n## 1.1rc1\n## 1.1b2\n## 1.1b2.dev1\n## 1.1a1\n## 1.1.dev3\n## 1.0\n";
        assert_eq!(flagged(pep), []);
        let calver =
            "## 2021.01.07-1\n## 2021.01.07\n## 2021.01.05.1\n## 2021.01.05\n## 2020.12.31\n";
        assert_eq!(flagged(calver), []);
    }

    #[test]
    fn backports_listed_by_date_are_in_order() {
        let text = "## 1.44.2\n## 1.43.1\n## 1.44.1\n## 1.44.0\n## 1.43.0\n## 1.42.9\n";
        assert_eq!(flagged(text), []);
        // A typo is still found: `1.4.1` among the 1.44 releases.
        let typo = "## 1.45.0\n## 1.44.2\n## 1.4.1\n## 1.44.0\n## 1.43.0\n";
        assert_eq!(
            flagged(typo),
            [(
                3,
                "version 1.4.1 is older than the release below it (1.44.0)".to_string()
            )]
        );
    }

    #[test]
    fn only_siblings_and_only_changelogs() {
        let text = "# pkg-a\n## 1.0.0\n## 2.0.0\n# pkg-b\n## 3.0.0\n";
        // Each package's releases compared alone: pkg-a runs oldest first,
        // and pkg-b has one release.
        assert!(flagged(text).is_empty());
        assert!(
            crate::test_util::positions("## 1.0.0\n## 2.0.0\n## 1.5.0\n", "version-order")
                .is_empty()
        );
    }
}
