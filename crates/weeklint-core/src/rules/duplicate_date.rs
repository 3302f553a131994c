use rustc_hash::FxHashMap as HashMap;

use crate::changelog::release_version;
use crate::diagnostic::Diagnostic;
use crate::rule::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Checks that no two sibling dated headings have the same date. The
    /// later heading is flagged; the earlier one is labelled.
    ///
    /// Two headings that name different events on the same day
    /// (`## June 18 (Triage)`, `## June 18 (Planning)`, or `## June 18`
    /// and `## June 18 (handoff meeting)`) are not duplicates: only a
    /// heading whose words besides the date are the same as an earlier
    /// one's (case, spaces and punctuation aside) is flagged. In a changelog, two
    /// releases on the same day are routine and not flagged
    /// (`duplicate-version` is about the same version twice).
    ///
    /// ## Why is this bad?
    /// Two sections for one day usually mean an entry was started twice, or
    /// a date was copied and not changed. Links to the day's heading
    /// (`#2023618`) only reach the first.
    ///
    /// ## Example
    /// ```markdown
    /// ## 2023.6.18
    /// CLIP notes
    /// ## 2023.6.18
    /// ViT notes
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// ## 2023.6.18
    /// CLIP notes
    ///
    /// ViT notes
    /// ```
    ///
    /// ## Fix safety
    /// There is no fix: whether to merge the sections or correct a date is
    /// the author's call.
    ///
    /// ## Options
    /// - `dates.heading-level`: which heading level is dated.
    /// - Siblings of different precision compare by the first day of their
    ///   period: `## 2023-06` and `## 2023-06-01` share a date.
    pub struct DuplicateDate {
        name: "duplicate-date",
        severity: Error,
        fix: None,
    }
}

impl Rule for DuplicateDate {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let changelog = cx.dates().changelog;
        let headings = cx.doc.headings.all();
        let text = |i: usize| cx.doc.headings.text(&headings[i]);
        let is_release = |i: usize| release_version(text(i)).is_some();
        // The words around the date, compared without case, spaces or
        // punctuation: `June 18 (Triage)` and `June 18 (Update)` are two
        // meetings, `2023-06-14:` and `2023-06-14` one entry twice.
        let label = |i: usize| {
            let t = text(i);
            let d = cx.date(i).map_or(0..0, |d| d.token.clone());
            let end = cx
                .date(i)
                .and_then(|d| d.end.as_ref())
                .map_or(d.end, |e| e.token.end);
            t[..d.start]
                .chars()
                .chain(t[end.max(d.end)..].chars())
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
        };
        let repeats = |i: usize, j: usize| {
            // Releases on the same day are routine; the same version twice
            // is another problem.
            if changelog && is_release(i) && is_release(j) {
                return false;
            }
            label(i).eq(label(j))
        };
        // One map for every group: most files have one group of many dates.
        let mut last = HashMap::default();
        let mut earlier: Vec<Option<usize>> = Vec::new();
        for group in cx.dated_sibling_groups() {
            last.clear();
            last.reserve(group.len());
            earlier.clear();
            earlier.resize(group.len(), None);
            for (pos, &i) in group.iter().enumerate() {
                let Some(date) = cx.date(i).and_then(|d| d.start) else {
                    continue;
                };
                // The earlier siblings with this date, nearest first.
                earlier[pos] = last.insert(date, pos);
                let mut at = earlier[pos];
                let repeated = loop {
                    let Some(p) = at else { break None };
                    if repeats(i, group[p]) {
                        break Some(group[p]);
                    }
                    at = earlier[p];
                };
                let Some(j) = repeated else { continue };
                let written = |k: usize| cx.date_text(k);
                out.push(
                    Self::META
                        .diagnostic(
                            cx.date_span(i),
                            format!(
                                "date {} is already used by an earlier sibling section",
                                written(i)
                            ),
                        )
                        .with_label(
                            cx.date_span(j),
                            format!("earlier section dated {}", written(j)),
                        )
                        .with_help("merge the two sections, or correct one of the dates"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::test_util::{messages, positions};

    #[test]
    fn later_sibling_is_flagged() {
        let text = "## 2023.6.18\n## 2023.6.18\n## 2023-06-18\n";
        assert_eq!(positions(text, "duplicate-date"), [(2, 4), (3, 4)]);
        assert_eq!(
            messages(text, "duplicate-date")[1],
            "date 2023-06-18 is already used by an earlier sibling section"
        );
    }

    #[test]
    fn different_events_on_one_day_are_not_duplicates() {
        let text = "## June 18, 2020 (Triage)\n## June 18, 2020 (Update)\n\
                    ## June 18, 2020 - update\n## 2020-06-18\n## June 11, 2020:\n## June 11, 2020\n";
        // Same words as the update (case and punctuation aside); a bare
        // date is another event than a named one; `:` is not a word.
        assert_eq!(positions(text, "duplicate-date"), [(3, 4), (6, 4)]);
    }

    #[test]
    fn releases_on_one_day_are_not_duplicates_in_a_changelog() {
        let text =
            "## [1.2.1] - 2023-06-18\n## [1.2.0] - 2023-06-18\n## 2023-06-11\n## 2023-06-11\n";
        let (_, d) = crate::test_util::lint_changelog(text, "duplicate-date", "");
        assert_eq!(d.len(), 1);
    }

    #[test]
    fn same_date_under_different_parents_is_fine() {
        let text = "# A\n## 2023.6.18\n# B\n## 2023.6.18\n";
        assert!(positions(text, "duplicate-date").is_empty());
    }
}
