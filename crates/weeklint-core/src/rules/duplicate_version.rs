use rustc_hash::FxHashMap as HashMap;

use crate::changelog::Precedence;
use crate::diagnostic::Diagnostic;
use crate::rule::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Checks, in a changelog, that no two sibling release headings have
    /// the same version, and that there is one `[Unreleased]` section
    /// among them. The later heading is flagged; the earlier one is
    /// labelled.
    ///
    /// Versions are the same when SemVer precedence says so and their
    /// build metadata is the same: `v1.2.0` and `[1.2.0]` are one version,
    /// `1.2` and `1.2.0` too; `1.2.0+a` and `1.2.0+b` are two builds.
    /// Releases under different parent headings (one section per package)
    /// are not compared.
    ///
    /// ## Why is this bad?
    /// A release pasted twice, or a version copied and not bumped: readers
    /// and tools find the first and miss the other, and links to the
    /// version (`#120---2019-03-15`) reach only the first.
    ///
    /// ## Example
    /// ```markdown
    /// ## [1.2.0] - 2024-03-01
    /// ## [1.2.0] - 2024-02-01
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// ## [1.2.0] - 2024-03-01
    /// ## [1.1.0] - 2024-02-01
    /// ```
    ///
    /// ## Fix safety
    /// There is no fix: whether to merge the sections or correct a version
    /// is the author's call.
    ///
    /// ## Options
    /// - `changelog.files`: changelogs whose names do not say so.
    pub struct DuplicateVersion {
        name: "duplicate-version",
        severity: Error,
        fix: None,
    }
}

impl Rule for DuplicateVersion {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let Some(changelog) = cx.changelog() else {
            return;
        };
        // One map for every group; `None` keys `[Unreleased]`.
        let mut first: HashMap<Option<(Precedence, String)>, usize> = HashMap::default();
        for group in changelog.sibling_groups(cx.doc) {
            first.clear();
            for r in group {
                let key = changelog.releases()[r]
                    .version
                    .as_ref()
                    .map(|v| (v.precedence(), v.build.to_ascii_lowercase()));
                let unreleased = key.is_none();
                let Some(&earlier) = first.get(&key) else {
                    first.insert(key, r);
                    continue;
                };
                let (label, span) = changelog.label_and_span(cx.doc, r);
                let (earlier_label, earlier_span) = changelog.label_and_span(cx.doc, earlier);
                let d = if unreleased {
                    Self::META
                        .diagnostic(span, format!("a second `{label}` section"))
                        .with_label(earlier_span, format!("the first: `{earlier_label}`"))
                        .with_help("unreleased changes go in one section: merge the two")
                } else {
                    Self::META
                        .diagnostic(
                            span,
                            format!("version {label} is already used by an earlier release"),
                        )
                        .with_label(earlier_span, format!("earlier release {earlier_label}"))
                        .with_help("merge the two sections, or correct one of the versions")
                };
                out.push(d);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::test_util::lint_in;

    fn found(text: &str) -> Vec<(usize, String)> {
        let (source, diags) = lint_in(
            crate::fs::MemoryFs::new(),
            "/r",
            "CHANGES.md",
            text,
            "duplicate-version",
            "",
        );
        diags
            .iter()
            .map(|d| (source.line_col(d.span.start).line, d.message.clone()))
            .collect()
    }

    #[test]
    fn the_same_version_however_written() {
        let text = "## [Unreleased]\n## [1.2.0] - 2024-03-01\n## v1.2.0\n## 1.2\n\
                    ## 1.2.0+b\n## 1.1.0\n## [unreleased]\n";
        assert_eq!(
            found(text),
            [
                (
                    3,
                    "version v1.2.0 is already used by an earlier release".to_string()
                ),
                (
                    4,
                    "version 1.2 is already used by an earlier release".to_string()
                ),
                (7, "a second `unreleased` section".to_string()),
            ]
        );
    }

    #[test]
    fn pre_releases_and_other_packages_are_other_versions() {
        let text = "# a\n## 1.0.0\n## 1.0.0-rc.1\n## 1.0.0rc2\n# b\n## 1.0.0\n";
        assert!(found(text).is_empty());
    }
}
