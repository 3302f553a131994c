use crate::diagnostic::Diagnostic;
use crate::rule::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Checks that a heading's date is a calendar date: `2023.2.30`,
    /// `2023.13.1`, `June 31, 2019` and `2023-W53` are not. A date without
    /// its year is checked in the year it takes from the heading above or
    /// the file name (`## Feb 29` under `# 2019`).
    ///
    /// A CalVer version before a release date (`## 2025.09.0 –
    /// 2025-09-27`) is a version, not an invalid date.
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
        for (i, _, date) in cx.dated_headings() {
            if let Some(reason) = date.invalid_reason() {
                let mut d = Self::META.diagnostic(
                    cx.date_span(i),
                    format!("{} is not a calendar date: {reason}", cx.date_text(i)),
                );
                if let Some(note) = crate::outline::year_note(cx.source, cx.doc, date) {
                    d = d.with_help(format!("read with the {note}"));
                }
                out.push(d);
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

    #[test]
    fn every_form_is_checked() {
        let text = "## June 31, 2019\n## 31/06/2019\n## 2023-W54\n## 2019年2月29日\n# 2019\n## Feb 29\n## [1.0.0] - 2019-02-29\n";
        assert_eq!(
            messages(text, "invalid-date"),
            [
                "June 31, 2019 is not a calendar date: June 2019 has 30 days",
                "31/06/2019 is not a calendar date: June 2019 has 30 days",
                "2023-W54 is not a calendar date: 2023 has 52 ISO weeks",
                "2019年2月29日 is not a calendar date: February 2019 has 28 days",
                "Feb 29 is not a calendar date: February 2019 has 28 days",
                "2019-02-29 is not a calendar date: February 2019 has 28 days",
            ]
        );
    }

    #[test]
    fn a_calver_version_before_its_date_is_not_a_date() {
        // `2025.09.0` has no day 0, but it is the release's version.
        assert!(
            messages(
                "## 2025.09.0 – 2025-09-27\n## 2025.08.1 (2025-08-02)\n",
                "invalid-date"
            )
            .is_empty()
        );
    }
}
