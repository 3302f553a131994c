use crate::diagnostic::Diagnostic;
use crate::rule::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Checks that no dated heading is after today (the local date), with
    /// one day of slack for time zones. A month, week or year is in the
    /// future when its first day is: `## January 2024` has begun on
    /// January 10.
    ///
    /// ## Why is this bad?
    /// A journal records what happened. A date in the future is nearly
    /// always a typo (`2032` for `2023`, or the wrong month).
    ///
    /// ## Example
    /// ```markdown
    /// ## 2032.6.18
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// ## 2023.6.18
    /// ```
    ///
    /// ## Fix safety
    /// There is no fix.
    ///
    /// ## Options
    /// - `dates.heading-level`: which heading level is dated.
    ///
    /// Tests and reproducible runs can set today with the environment
    /// variable `WEEKLINT_TODAY=YYYY-MM-DD`.
    pub struct FutureDate {
        name: "future-date",
        severity: Warning,
        fix: None,
    }
}

impl Rule for FutureDate {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let Some(limit) = cx.env.today.succ_opt() else {
            return;
        };
        for (i, _, date) in cx.dated_headings() {
            let Some(start) = date.start else {
                continue;
            };
            if start > limit {
                let written = cx.date_text(i);
                out.push(
                    Self::META
                        .diagnostic(cx.date_span(i), format!("date {written} is in the future"))
                        .with_help(format!("today is {}", cx.env.today)),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::test_util::{messages, positions};

    #[test]
    fn one_day_of_slack() {
        // Today is 2024-01-10 in tests.
        let text = "## 2024.1.12\n## 2024.1.11\n## 2024.1.10\n## 2032.1.1\n";
        assert_eq!(positions(text, "future-date"), [(1, 4), (4, 4)]);
        assert_eq!(
            messages(text, "future-date")[0],
            "date 2024.1.12 is in the future"
        );
    }

    #[test]
    fn every_precision_starts_its_period() {
        // Today is 2024-01-10 in tests: this week and month have begun.
        let text =
            "## 2024-W02\n## January 2024\n## 2024\n## 2024-W03\n## February 2024\n## 2025\n";
        assert_eq!(positions(text, "future-date"), [(4, 4), (5, 4), (6, 4)]);
    }
}
