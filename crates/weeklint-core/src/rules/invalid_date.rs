use crate::diagnostic::Diagnostic;
use crate::rule::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Checks that the date a heading starts with is a calendar date:
    /// `2023.2.30` and `2023.13.1` are not.
    ///
    /// ## Why is this bad?
    /// A typo in a date sorts the entry to the wrong place and cannot be
    /// compared with the others, so `date-order` and `duplicate-date` skip
    /// it.
    ///
    /// ## Example
    /// ```markdown
    /// ## 2023.2.30
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// ## 2023.3.2
    /// ```
    ///
    /// ## Fix safety
    /// There is no fix: only the author knows the intended date.
    ///
    /// ## Options
    /// - `dates.heading-level`: which heading level is dated.
    pub struct InvalidDate {
        name: "invalid-date",
        severity: Error,
        fix: None,
    }
}

impl Rule for InvalidDate {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for (_, h) in cx.dated_headings() {
            let Some(date) = &h.date else { continue };
            if let Some(reason) = date.written.invalid_reason() {
                out.push(Self::META.diagnostic(
                    h.date_span(),
                    format!(
                        "{} is not a calendar date: {reason}",
                        date.written.to_written()
                    ),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::test_util::{messages, positions};

    #[test]
    fn non_calendar_dates() {
        let text = "## 2023.2.30\n## 2023.13.1\n## 2024.2.29\n## **2023.4.31** notes\n";
        assert_eq!(positions(text, "invalid-date"), [(1, 4), (2, 4), (4, 6)]);
        assert_eq!(
            messages(text, "invalid-date"),
            [
                "2023.2.30 is not a calendar date: February 2023 has 28 days",
                "2023.13.1 is not a calendar date: there is no month 13",
                "2023.4.31 is not a calendar date: April 2023 has 30 days"
            ]
        );
    }
}
