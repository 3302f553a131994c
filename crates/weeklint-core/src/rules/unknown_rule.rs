use crate::diagnostic::Diagnostic;
use crate::registry;
use crate::rule::{Context, Rule, RuleMeta, declare_rule};
use crate::suggest::closest;

declare_rule! {
    /// ## What it does
    /// Checks that suppression comments name real rules and directives:
    /// `<!-- weeklint-disable RULE... -->`, `<!-- weeklint-enable RULE... -->`,
    /// `<!-- weeklint-disable-next-line RULE... -->` and
    /// `<!-- weeklint-disable-file RULE... -->`.
    ///
    /// ## Why is this bad?
    /// A misspelt rule name suppresses nothing, so the comment silently
    /// fails to do what its author meant.
    ///
    /// ## Example
    /// ```markdown
    /// <!-- weeklint-disable-next-line date-ordr -->
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// <!-- weeklint-disable-next-line date-order -->
    /// ```
    ///
    /// ## Fix safety
    /// There is no fix.
    ///
    /// ## Options
    /// None.
    pub struct UnknownRule {
        name: "unknown-rule",
        severity: Warning,
        fix: None,
    }
}

const DIRECTIVES: [&str; 4] = [
    "weeklint-disable",
    "weeklint-enable",
    "weeklint-disable-next-line",
    "weeklint-disable-file",
];

impl Rule for UnknownRule {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for u in &cx.doc.suppressions.unknown {
            let (message, suggestion) = if u.is_directive {
                (
                    format!("unknown suppression directive `{}`", u.name),
                    closest(&u.name, DIRECTIVES),
                )
            } else {
                (
                    format!("unknown rule `{}` in suppression comment", u.name),
                    closest(&u.name, registry::names()),
                )
            };
            let help = suggestion.map_or_else(
                || "`weeklint rule --all` lists the rules".to_string(),
                |s| format!("did you mean `{s}`?"),
            );
            out.push(
                Self::META
                    .diagnostic(u.span.clone(), message)
                    .with_help(help),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::test_util::{lint_with, positions};

    #[test]
    fn misspelt_names_and_directives() {
        let text = "<!-- weeklint-disable-next-line date-ordr heading-space -->\n<!-- weeklint-disabel -->\n<!-- other comment -->\n";
        assert_eq!(positions(text, "unknown-rule"), [(1, 33), (2, 6)]);
        let (_, d) = lint_with(text, "unknown-rule", "");
        assert_eq!(d[0].help, ["did you mean `date-order`?"]);
        assert_eq!(d[1].help, ["did you mean `weeklint-disable`?"]);
    }
}
