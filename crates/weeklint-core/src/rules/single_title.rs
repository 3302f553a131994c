use crate::diagnostic::Diagnostic;
use crate::rule::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Checks that a file has at most one level-1 heading (`# Title`). Each
    /// further one is flagged, with a label on the first. Dated level-1
    /// headings (`# 2021-8-3`, a journal with one per day) are entries, not
    /// titles, and are not counted.
    ///
    /// ## Why is this bad?
    /// The level-1 heading is the document's title. A second one usually
    /// means a section (`# pending list`) was given the wrong level, which
    /// also puts the sections after it under the wrong parent.
    ///
    /// ## Example
    /// ```markdown
    /// # papers-weekly
    /// # pending list
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// # papers-weekly
    /// ## pending list
    /// ```
    ///
    /// ## Fix safety
    /// There is no fix: demoting a heading changes the levels of everything
    /// under it.
    ///
    /// ## Options
    /// None. Turn it off for files that are collections of documents:
    /// `[rules] single-title = "off"`.
    pub struct SingleTitle {
        name: "single-title",
        severity: Warning,
        fix: None,
    }
}

impl Rule for SingleTitle {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        // A journal with one `# 2021-8-3` heading per day has no title to
        // repeat: dated level-1 headings are entries.
        let dates = cx.dates();
        let mut titles = cx
            .doc
            .headings
            .all()
            .iter()
            .enumerate()
            .filter(|(i, h)| h.level == 1 && dates.get(*i).is_none())
            .map(|(_, h)| h);
        let Some(first) = titles.next() else {
            return;
        };
        for h in titles {
            out.push(
                Self::META
                    .diagnostic(
                        h.line(),
                        format!("`{}` is a second level-1 heading", cx.doc.headings.text(h)),
                    )
                    .with_label(first.line(), "the title is here")
                    .with_help("use `##` for sections below the title"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::test_util::{lint_with, positions};

    #[test]
    fn second_h1_is_flagged_with_a_label_on_the_first() {
        let text = "# papers-weekly\n\n# pending list\n\nTitle\n=====\n";
        assert_eq!(positions(text, "single-title"), [(3, 1), (5, 1)]);
        let (s, d) = lint_with(text, "single-title", "");
        assert_eq!(s.line_col(d[0].labels[0].span.start).line, 1);
        assert!(positions("# One\n## two\n", "single-title").is_empty());
    }

    #[test]
    fn dated_level_one_headings_are_entries() {
        let text = "# 2021-8-3\n\n# 2021-8-2\n\n# Notes\n\n# 2021-8-1\n\n# More notes\n";
        assert_eq!(positions(text, "single-title"), [(9, 1)]);
    }
}
