use rustc_hash::FxHashMap as HashMap;

use crate::diagnostic::Diagnostic;
use crate::rule::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Checks that no two sibling dated headings have the same date. The
    /// later heading is flagged; the first is labelled.
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
        let headings = cx.doc.headings.all();
        // One map for every group: most files have one group of many dates.
        let mut first = HashMap::default();
        for group in cx.dated_sibling_groups() {
            first.clear();
            first.reserve(group.len());
            for &i in group {
                let Some(date) = headings[i].calendar_date() else {
                    continue;
                };
                let Some(&j) = first.get(&date) else {
                    first.insert(date, i);
                    continue;
                };
                let written = |k: usize| {
                    headings[k]
                        .date
                        .as_ref()
                        .map(|d| d.written.to_written())
                        .unwrap_or_default()
                };
                out.push(
                    Self::META
                        .diagnostic(
                            headings[i].date_span(),
                            format!(
                                "date {} is already used by an earlier sibling section",
                                written(i)
                            ),
                        )
                        .with_label(
                            headings[j].date_span(),
                            format!("first section dated {}", written(j)),
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
    fn same_date_under_different_parents_is_fine() {
        let text = "# A\n## 2023.6.18\n# B\n## 2023.6.18\n";
        assert!(positions(text, "duplicate-date").is_empty());
    }
}
