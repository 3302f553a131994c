use crate::diagnostic::Diagnostic;
use crate::rule::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Checks for headings with no text (`##` alone on a line).
    ///
    /// ## Why is this bad?
    /// An empty heading renders as a blank gap with no anchor, and usually
    /// means a date or title was forgotten.
    ///
    /// ## Example
    /// ```markdown
    /// ##
    /// notes without a date
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// ## 2023.6.18
    /// notes
    /// ```
    ///
    /// ## Fix safety
    /// There is no fix.
    ///
    /// ## Options
    /// None.
    pub struct EmptyHeading {
        name: "empty-heading",
        severity: Error,
        fix: None,
    }
}

impl Rule for EmptyHeading {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for h in cx.doc.headings.all() {
            if h.empty {
                out.push(
                    Self::META
                        .diagnostic(h.line(), format!("h{} heading has no text", h.level))
                        .with_help("write the heading's text, or remove the line"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::test_util::positions;

    #[test]
    fn headings_without_text() {
        let text = "# A\n##\n### ###\n## <img src=\"a.png\">\n## ok\n";
        assert_eq!(positions(text, "empty-heading"), [(2, 1), (3, 1)]);
    }
}
