use rustc_hash::FxHashMap as HashMap;

use crate::diagnostic::Diagnostic;
use crate::rule::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Checks that sibling headings without a date (same level, same parent)
    /// do not repeat the same text. Dated headings are checked by
    /// `duplicate-date` instead.
    ///
    /// ## Why is this bad?
    /// Repeated headings make the outline ambiguous, and links to them
    /// (`#notes`) only reach the first.
    ///
    /// ## Example
    /// ```markdown
    /// ## Notes
    /// ## Notes
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// ## Notes
    /// ## More notes
    /// ```
    ///
    /// ## Fix safety
    /// There is no fix.
    ///
    /// ## Options
    /// None.
    pub struct DuplicateHeading {
        name: "duplicate-heading",
        severity: Warning,
        fix: None,
    }
}

impl Rule for DuplicateHeading {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let headings = cx.doc.headings.all();
        let groups = cx
            .doc
            .headings
            .sibling_groups(|h| !cx.is_dated(h) && h.has_text());
        let mut first: HashMap<&str, usize> = HashMap::default();
        for group in groups {
            first.clear();
            first.reserve(group.len());
            for i in group {
                let text = cx.doc.headings.text(&headings[i]);
                match first.get(text) {
                    None => {
                        first.insert(text, i);
                    }
                    Some(&j) => out.push(
                        Self::META
                            .diagnostic(
                                headings[i].line(),
                                format!("heading `{text}` repeats an earlier sibling heading"),
                            )
                            .with_label(headings[j].line(), "first heading with this text"),
                    ),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::test_util::positions;

    #[test]
    fn repeated_sibling_text() {
        let text = "# A\n## Notes\n## Notes\n# B\n## Notes\n### Notes\n## 2023.6.1\n## 2023.6.1\n";
        // Only the second `## Notes` under A; dated headings are duplicate-date's.
        assert_eq!(positions(text, "duplicate-heading"), [(3, 1)]);
    }
}
