use crate::diagnostic::Diagnostic;
use crate::rule::{Context, Rule, RuleMeta, declare_rule};
use crate::rules::shorten;

declare_rule! {
    /// ## What it does
    /// Checks, in a changelog where most release headings carry a date,
    /// that every release heading does (`[Unreleased]` aside). Any date
    /// weeklint reads counts (`## [1.2.0] - 2019-03-15`,
    /// `## v1.2.0 (March 15, 2019)`); a changelog whose releases have no
    /// dates, or only a few, is left alone.
    ///
    /// ## Why is this bad?
    /// A release without a date is usually one whose date was forgotten
    /// when it was cut (the `[Unreleased]` heading renamed, its date not
    /// added). Readers cannot tell when it came out, and `date-order`
    /// cannot check it.
    ///
    /// ## Example
    /// ```markdown
    /// ## [1.3.0]
    /// ## [1.2.0] - 2024-02-01
    /// ## [1.1.0] - 2024-01-01
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// ## [1.3.0] - 2024-03-01
    /// ## [1.2.0] - 2024-02-01
    /// ## [1.1.0] - 2024-01-01
    /// ```
    ///
    /// ## Fix safety
    /// There is no fix: only the author knows the day.
    ///
    /// ## Options
    /// - `changelog.files`: changelogs whose names do not say so.
    pub struct ReleaseDate {
        name: "release-date",
        severity: Warning,
        fix: None,
    }
}

impl Rule for ReleaseDate {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let Some(changelog) = cx.changelog() else {
            return;
        };
        let releases: Vec<(usize, bool)> = changelog
            .releases()
            .iter()
            .enumerate()
            .filter(|(_, r)| r.version.is_some())
            .map(|(k, r)| (k, cx.dates().get(r.heading).is_some()))
            .collect();
        let dated = releases.iter().filter(|r| r.1).count();
        if dated * 2 <= releases.len() || dated == releases.len() {
            return;
        }
        let headings = cx.doc.headings.all();
        for (pos, &(k, has_date)) in releases.iter().enumerate() {
            if has_date {
                continue;
            }
            let (label, _) = changelog.label_and_span(cx.doc, k);
            let h = &headings[changelog.releases()[k].heading];
            let mut d = Self::META.diagnostic(
                h.line(),
                format!(
                    "release {label} has no date, unlike {dated} of the {} releases here",
                    releases.len()
                ),
            );
            // The nearest dated release shows how dates are written here.
            let nearest = releases[pos + 1..]
                .iter()
                .chain(releases[..pos].iter().rev())
                .find(|r| r.1);
            if let Some(&(n, _)) = nearest {
                let line = headings[changelog.releases()[n].heading].line();
                let written = shorten(&cx.source.text()[line.clone()], 60);
                d = d.with_help(format!(
                    "add the day it came out, as line {} does: `{written}`",
                    cx.source.line_col(line.start).line
                ));
            }
            out.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::test_util::lint_in;

    fn found(text: &str) -> Vec<usize> {
        let (source, diags) = lint_in(
            crate::fs::MemoryFs::new(),
            "/r",
            "HISTORY.md",
            text,
            "release-date",
            "",
        );
        diags
            .iter()
            .map(|d| source.line_col(d.span.start).line)
            .collect()
    }

    #[test]
    fn undated_releases_where_most_are_dated() {
        let text =
            "## [Unreleased]\n## [1.3.0]\n## v1.2.0 (March 15, 2019)\n## [1.1.0] - 2019-01-02\n";
        assert_eq!(found(text), [2]);
        let (_, d) = lint_in(
            crate::fs::MemoryFs::new(),
            "/r",
            "NEWS.md",
            text,
            "release-date",
            "",
        );
        assert_eq!(
            d[0].message,
            "release 1.3.0 has no date, unlike 2 of the 3 releases here"
        );
        assert_eq!(
            d[0].help,
            ["add the day it came out, as line 3 does: `## v1.2.0 (March 15, 2019)`"]
        );
    }

    #[test]
    fn changelogs_without_dates_are_left_alone() {
        assert!(found("## 1.3.0\n## 1.2.0\n## 1.1.0 - 2019-01-02\n").is_empty());
        assert!(
            found("## 1.3.0\n## 1.2.0 - 2019-02-02\n").is_empty(),
            "half is not most"
        );
        // A date that does not exist is a date: `invalid-date` reports it.
        assert!(found("## 1.3.0 - 2019-02-30\n## 1.2.0 - 2019-02-02\n").is_empty());
    }
}
