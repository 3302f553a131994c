use crate::diagnostic::Diagnostic;
use crate::document::Heading;
use crate::rule::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Checks that each heading is at most one level deeper than the heading
    /// before it (`#` then `###` skips a level). The first heading of a file
    /// may have any level. Headings in block quotes and list items are not
    /// part of the outline and are not compared.
    ///
    /// ## Why is this bad?
    /// A skipped level breaks the outline: tables of contents, screen
    /// readers and the date rules' notion of sibling sections all follow
    /// heading levels. GitHub renders every skip fine, so this is a warning
    /// about style, not breakage.
    ///
    /// ## Example
    /// ```markdown
    /// # Reading log
    /// ### 2023.6.18
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// # Reading log
    /// ## 2023.6.18
    /// ```
    ///
    /// ## Fix safety
    /// There is no fix: changing one level can break the levels below it.
    ///
    /// ## Options
    /// None.
    pub struct HeadingIncrement {
        name: "heading-increment",
        severity: Warning,
        fix: None,
    }
}

impl Rule for HeadingIncrement {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        // Headings in block quotes and list items are not in the outline.
        let mut prev: Option<&Heading> = None;
        for h in cx.doc.headings.all().iter().filter(|h| !h.nested) {
            if let Some(prev) = prev.replace(h)
                && h.level > prev.level + 1
            {
                out.push(
                    Self::META
                        .diagnostic(
                            h.line(),
                            format!("heading level jumps from h{} to h{}", prev.level, h.level),
                        )
                        .with_label(prev.line(), format!("previous heading is h{}", prev.level))
                        .with_help(format!(
                            "make this an h{} (`{} …`), or add the missing level above it",
                            prev.level + 1,
                            "#".repeat(usize::from(prev.level) + 1)
                        )),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::test_util::{messages, positions};

    #[test]
    fn skipped_levels() {
        let text = "### first may be any level\n# A\n### skip\n#### ok\n## back\n###### far\n";
        assert_eq!(positions(text, "heading-increment"), [(3, 1), (6, 1)]);
        assert_eq!(
            messages(text, "heading-increment")[0],
            "heading level jumps from h1 to h3"
        );
    }

    #[test]
    fn headings_in_quotes_and_list_items_are_not_compared() {
        let text = "# A\n\n> ### quoted\n\n- #### in an item\n\n## B\n\n> # quoted h1\n\n### C\n";
        assert!(positions(text, "heading-increment").is_empty());
    }
}
