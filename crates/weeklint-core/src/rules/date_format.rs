use crate::config::DateFormat as Format;
use crate::date::{DateForm, HeadingDate};
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::rule::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Checks that all dated headings in a file write their dates the same
    /// way: one order and separator style (`2023.6.18`, `2023-06-18`,
    /// `2023年6月18日`, `June 18, 2023`, `18 June 2023`, `6/18/2023`,
    /// `18.06.2023`, …) and one padding (`6.8` or `06.08`). A date fits
    /// every form it can be written in, so `2024.10.12` fits both
    /// `YYYY.M.D` and `YYYY.MM.DD`. With month names, full or abbreviated
    /// names, ordinals and commas are spelling, not another form:
    /// `Dec 5, 2018` and `December 12th, 2018` are both `MMMM D, YYYY`.
    ///
    /// Only full dates are checked: a date without its year (`March 8`), a
    /// month, a week, a year or a date that does not exist is left alone.
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
    /// The fix is safe: it rewrites the date token only (both ends of a
    /// range), keeping the rest of the heading and the date it means. A
    /// range whose end has no year of its own is not rewritten.
    ///
    /// ## Options
    /// - `dates.format`: `auto` (default), `YYYY.M.D`, `YYYY.MM.DD`,
    ///   `YYYY-M-D`, `YYYY-MM-DD`, `YYYY/M/D`, `YYYY/MM/DD`, `YYYY_M_D`,
    ///   `YYYY_MM_DD`, `YYYYMMDD`, `YYYY年M月D日`, `YYYY年MM月DD日`,
    ///   `MMMM D, YYYY`, `D MMMM YYYY`, `M/D/YYYY`, `MM/DD/YYYY`,
    ///   `D/M/YYYY`, `DD/MM/YYYY`, `D.M.YYYY`, `DD.MM.YYYY`, `M.D.YYYY`,
    ///   `MM.DD.YYYY`, `D-M-YYYY`, `DD-MM-YYYY`, `M-D-YYYY` or `MM-DD-YYYY`.
    /// - `dates.numeric-order`: how `6/7/2023` is read (see `weeklint
    ///   outline`).
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
    let dates: Vec<&HeadingDate> = cx.dated_headings().map(|(_, _, d)| d).collect();
    DateFormat::most_fitting_form(&dates)
}

impl DateFormat {
    /// The form that fits the most of `dates` (in document order); a tie
    /// goes to the form of the first date that fits a tied form. What
    /// `auto` means for one file, and what `weeklint init` uses for a tree.
    pub(crate) fn most_fitting_form(dates: &[&HeadingDate]) -> Option<DateForm> {
        let mut counts = [0usize; DateForm::COUNT];
        for d in dates {
            for form in d.forms() {
                if let Some(k) = form.index() {
                    counts[k] += 1;
                }
            }
        }
        let max = counts.iter().copied().max().filter(|&m| m > 0)?;
        dates.iter().find_map(|d| {
            d.forms()
                .find(|f| f.index().is_some_and(|k| counts[k] == max))
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
        for (i, _, d) in cx.dated_headings() {
            // A date that does not exist is invalid-date's: rewritten, it
            // would only look right.
            if !d.is_full() || d.start.is_none() || d.fits(form) {
                continue;
            }
            let why = if auto {
                format!("{form} is the form most dated headings in this file use")
            } else {
                format!("dates.format = \"{form}\"")
            };
            let rewritten = d.rewrite(form);
            let mut diagnostic = Self::META
                .diagnostic(
                    cx.date_span(i),
                    format!("date {} is not written as {form}", cx.date_text(i)),
                )
                .with_help(format!("write it as {rewritten} ({why})"));
            if let Some(edits) = rewrite_edits(d, form) {
                diagnostic =
                    diagnostic.with_fix(Fix::safe(format!("write the date as {rewritten}"), edits));
            }
            out.push(diagnostic);
        }
    }
}

/// The edits that write a heading's date (both ends of a range) in
/// `form`. None when a date is written through escapes or entities
/// (rewriting the source there would be a guess), or when the end of a
/// range is not a full date of its own.
fn rewrite_edits(d: &HeadingDate, form: DateForm) -> Option<Vec<Edit>> {
    let mut edits = vec![Edit::replace(d.span.clone()?, d.rewrite(form))];
    if let Some(end) = &d.end {
        let (y, m, day) = end.date?;
        edits.push(Edit::replace(end.span.clone()?, form.write(y, m, day)));
    }
    Some(edits)
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

    #[test]
    fn month_names_and_numeric_dates_are_rewritten_into_the_file_s_form() {
        let text = "## 2023-06-18\n## June 11, 2023\n## 2023-06-04\n## Sun 28 May 2023 notes\n";
        assert_eq!(
            messages(text, RULE),
            [
                "date June 11, 2023 is not written as YYYY-MM-DD",
                "date 28 May 2023 is not written as YYYY-MM-DD"
            ]
        );
        assert_eq!(
            crate::test_util::fixed(text, RULE),
            "## 2023-06-18\n## 2023-06-11\n## 2023-06-04\n## Sun 2023-05-28 notes\n"
        );
    }

    #[test]
    fn spelling_of_month_names_is_not_a_form() {
        assert!(
            positions(
                "## Dec 5, 2018\n## December 12th, 2018\n## Jan. 9 2019\n",
                RULE
            )
            .is_empty()
        );
        assert_eq!(
            positions(
                "## Dec 5, 2018\n## December 12th, 2018\n## 9 January 2019\n",
                RULE
            ),
            [(3, 4)]
        );
    }

    #[test]
    fn year_less_partial_and_invalid_dates_are_not_rewritten() {
        let text = "# 2019\n## 2019-03-08\n## March 1\n## 2019-02\n## 2019.2.30\n## 2019-W05\n";
        assert!(positions(text, RULE).is_empty());
    }

    #[test]
    fn both_ends_of_a_range_are_rewritten() {
        let text = "## 2023-06-18\n## 2023-06-11\n## 2023.6.4-2023.6.10\n";
        assert_eq!(
            crate::test_util::fixed(text, RULE),
            "## 2023-06-18\n## 2023-06-11\n## 2023-06-04-2023-06-10\n"
        );
        // An end without its year is left as written: no fix.
        let (_, d) = lint_with("## 2023-06-18\n## 2023-06-11\n## 2023.6.4-6.10\n", RULE, "");
        assert_eq!(d.len(), 1);
        assert!(d[0].fix.is_none());
    }

    #[test]
    fn year_last_forms_follow_the_file_s_day_order() {
        let text = "## 18.06.2023\n## 11.06.2023\n## 6/4/2023\n";
        assert_eq!(
            messages(text, RULE),
            ["date 6/4/2023 is not written as DD.MM.YYYY"]
        );
        // `6/4/2023` is read day first too: the file shows the day first.
        assert_eq!(
            crate::test_util::fixed(text, RULE),
            "## 18.06.2023\n## 11.06.2023\n## 06.04.2023\n"
        );
    }
}
