use crate::config::DateFormat as Format;
use crate::date::{DateForm, WrittenDate};
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::rule::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Checks that all dated headings in a file write their dates the same
    /// way: one separator style (`.`, `-`, `/`, `年月日`) and one padding
    /// (`6.8` or `06.08`). A date fits every form it can be written in, so
    /// `2024.10.12` fits both `YYYY.M.D` and `YYYY.MM.DD`.
    ///
    /// With `auto`, the form is the one that fits the most dated headings in
    /// the file (a tie goes to the form of the first dated heading).
    ///
    /// ## Why is this bad?
    /// Mixed forms make a log harder to scan and to search (`grep 2023.06`
    /// misses `2023.6.18`), and they often mark entries pasted from
    /// elsewhere.
    ///
    /// ## Example
    /// ```markdown
    /// ## 2023.6.18
    /// ## 2023-06-14
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// ## 2023.6.18
    /// ## 2023.6.14
    /// ```
    ///
    /// ## Fix safety
    /// The fix is safe: it rewrites the date token only, keeping the rest of
    /// the heading.
    ///
    /// ## Options
    /// - `dates.format`: `auto` (default), `YYYY.M.D`, `YYYY.MM.DD`,
    ///   `YYYY-M-D`, `YYYY-MM-DD`, `YYYY/M/D`, `YYYY/MM/DD`, `YYYY年M月D日`
    ///   or `YYYY年MM月DD日`.
    pub struct DateFormat {
        name: "date-format",
        severity: Warning,
        fix: Safe,
    }
}

/// The form dated headings of this file must use, if any are dated.
pub(crate) fn expected_form(cx: &Context<'_>) -> Option<DateForm> {
    if let Format::Form(form) = cx.settings.dates.format {
        return Some(form);
    }
    let dates: Vec<&WrittenDate> = cx
        .dated_headings()
        .filter_map(|(_, h)| h.date.as_ref().map(|d| &d.written))
        .collect();
    DateFormat::most_fitting_form(&dates)
}

impl DateFormat {
    /// The form that fits the most of `dates` (in document order); a tie
    /// goes to the form of the first date that fits a tied form. What
    /// `auto` means for one file, and what `weeklint init` uses for a tree.
    pub(crate) fn most_fitting_form(dates: &[&WrittenDate]) -> Option<DateForm> {
        let mut counts = [0usize; DateForm::ALL.len()];
        for d in dates {
            for (k, form) in DateForm::ALL.iter().enumerate() {
                if d.fits(*form) {
                    counts[k] += 1;
                }
            }
        }
        let max = counts.iter().copied().max().filter(|&m| m > 0)?;
        dates.iter().find_map(|d| {
            DateForm::ALL
                .iter()
                .enumerate()
                .find(|(k, form)| counts[*k] == max && d.fits(**form))
                .map(|(_, form)| *form)
        })
    }
}

impl Rule for DateFormat {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let Some(form) = expected_form(cx) else {
            return;
        };
        let auto = cx.settings.dates.format == Format::Auto;
        for (_, h) in cx.dated_headings() {
            let Some(d) = &h.date else { continue };
            if d.written.fits(form) {
                continue;
            }
            let why = if auto {
                format!("{form} is the form most dated headings in this file use")
            } else {
                format!("dates.format = \"{form}\"")
            };
            let rewritten = d.written.rewrite(form);
            let mut diagnostic = Self::META
                .diagnostic(
                    h.date_span(),
                    format!("date {} is not written as {form}", d.written.to_written()),
                )
                .with_help(format!("write it as {rewritten} ({why})"));
            // Without a span the date is written through escapes or entities:
            // rewriting the source there would be a guess.
            if let Some(span) = d.span.clone() {
                diagnostic = diagnostic.with_fix(Fix::safe(
                    format!("write the date as {rewritten}"),
                    vec![Edit::replace(span, rewritten)],
                ));
            }
            out.push(diagnostic);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::test_util::{lint_with, messages, positions, positions_with};

    const RULE: &str = "date-format";

    #[test]
    fn most_common_form_wins() {
        let text = "## 2023.6.18\n## 2023-06-14\n## 2023.6.10\n## 2023.06.08\n";
        assert_eq!(positions(text, RULE), [(2, 4), (4, 4)]);
        assert_eq!(
            messages(text, RULE),
            [
                "date 2023-06-14 is not written as YYYY.M.D",
                "date 2023.06.08 is not written as YYYY.M.D"
            ]
        );
    }

    #[test]
    fn a_date_fits_every_form_it_can_be_written_in() {
        // 2024.10.12 fits both; 2024.06.01 decides padded.
        assert!(positions("## 2024.10.12\n## 2024.06.01\n## 2024.11.30\n", RULE).is_empty());
        assert!(positions("## 2024.10.12\n## 2024.6.1\n", RULE).is_empty());
    }

    #[test]
    fn tie_goes_to_the_first_dated_heading() {
        let text = "## 2023-6-1\n## 2023.6.2\n";
        assert_eq!(
            messages(text, RULE),
            ["date 2023.6.2 is not written as YYYY-M-D"]
        );
    }

    #[test]
    fn configured_form() {
        let text = "## 2023.6.18\n## 2023年6月18日\n";
        assert_eq!(
            positions_with(text, RULE, "[dates]\nformat = \"YYYY-MM-DD\"").len(),
            2
        );
        let (_, d) = lint_with(text, RULE, "[dates]\nformat = \"YYYY年M月D日\"");
        assert_eq!(d.len(), 1);
        assert_eq!(
            d[0].help,
            ["write it as 2023年6月18日 (dates.format = \"YYYY年M月D日\")"]
        );
    }
}
