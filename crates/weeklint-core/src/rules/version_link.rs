use crate::changelog::{Changelog, release_version};
use crate::diagnostic::Diagnostic;
use rustc_hash::FxHashSet;

use crate::document::{LinkDefinition, label_key};
use crate::rule::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Checks, in a changelog, that a release heading written with its
    /// version in brackets (`## [1.2.0] - 2019-03-15`, `## [Unreleased]`)
    /// has a link reference definition for it (`[1.2.0]: https://…`).
    /// Without one the brackets are plain text, and GitHub shows them.
    ///
    /// It also reports, as a warning, a definition whose label is a
    /// version or `Unreleased` that nothing uses: no heading links it and
    /// no link in the text names it. Other definitions (`[#123]: …`) are
    /// not checked.
    ///
    /// ## Why is this bad?
    /// Keep a Changelog links each version to its changes. A definition
    /// forgotten when a release is cut leaves `[1.2.0]` in brackets on
    /// GitHub, and no link; a definition left behind when a heading was
    /// renamed points nowhere anyone can click.
    ///
    /// ## Example
    /// ```markdown
    /// ## [Unreleased]
    /// ## [1.2.0] - 2019-03-15
    ///
    /// [Unreleased]: https://github.com/o/r/compare/v1.2.0...HEAD
    /// [1.1.0]: https://github.com/o/r/compare/v1.0.0...v1.1.0
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// ## [Unreleased]
    /// ## [1.2.0] - 2019-03-15
    ///
    /// [Unreleased]: https://github.com/o/r/compare/v1.2.0...HEAD
    /// [1.2.0]: https://github.com/o/r/compare/v1.1.0...v1.2.0
    /// ```
    ///
    /// ## Fix safety
    /// There is no fix: the link's target is the author's to give. The
    /// help shows a definition to start from, made like the file's
    /// others.
    ///
    /// ## Options
    /// - `changelog.files`: changelogs whose names do not say so.
    ///
    /// A heading with a missing definition is an error (GitHub shows it
    /// broken); an unused definition is a warning even when the rule's
    /// severity is `error` (nothing shows, but it is dead weight).
    pub struct VersionLink {
        name: "version-link",
        severity: Error,
        fix: None,
    }
}

impl Rule for VersionLink {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let Some(changelog) = cx.changelog() else {
            return;
        };
        let headings = &cx.doc.headings;
        let text = cx.source.text().as_bytes();
        for (r, release) in changelog.releases().iter().enumerate() {
            let h = &headings.all()[release.heading];
            let t = headings.text(h);
            if !release.shows_brackets(t) {
                continue;
            }
            let range = release.label_range(t);
            // `\[1.2.0\]` asks for the brackets.
            let Some(open) = headings.source_range(h, range.start - 1..range.start) else {
                continue;
            };
            if open.start > 0 && text[open.start - 1] == b'\\' {
                continue;
            }
            let span = headings
                .source_range(h, range.start - 1..range.end + 1)
                .unwrap_or_else(|| h.line());
            let label = &t[range];
            let mut d = Self::META
                .diagnostic(
                    span,
                    format!(
                        "`[{label}]` has no link reference definition, so GitHub shows the brackets"
                    ),
                )
                .with_help(format!(
                    "add one below the releases, such as `[{label}]: {}`, or remove the brackets",
                    suggest_url(cx, changelog, r)
                ));
            if let Some(other) = same_version_defined(cx, changelog, r) {
                d = d.with_help(format!(
                    "line {} defines `[{}]`: a definition's label must be the heading's",
                    cx.source.line_col(other.range.start).line,
                    other.label
                ));
            }
            out.push(d);
        }
        let links = &cx.doc.links;
        if links.definitions.is_empty() {
            return;
        }
        let used: FxHashSet<String> = links.release_refs.iter().map(|l| label_key(l)).collect();
        for def in &links.definitions {
            if !names_release(&def.label) || used.contains(&label_key(&def.label)) {
                continue;
            }
            let written = &cx.source.text()[def.range.clone()];
            let end = written
                .find("]:")
                .map_or(def.range.end, |i| def.range.start + i + 1);
            let mut d = Self::META
                .diagnostic(
                    def.range.start..end,
                    format!(
                        "the link definition `[{}]` is not used: no heading or link names it",
                        def.label
                    ),
                )
                .at_most_warning();
            d = d.with_help(match unlinked_heading(cx, changelog, &def.label) {
                Some(line) => format!(
                    "line {line}'s heading would link to it with its version in brackets: `[{}]`",
                    def.label
                ),
                None => "remove it, or bring back the release heading it belonged to".to_string(),
            });
            out.push(d);
        }
    }
}

/// Whether a link label is a version (`1.2.0`, `v1.2.0`) or `Unreleased`.
fn names_release(label: &str) -> bool {
    label.eq_ignore_ascii_case("unreleased")
        || release_version(label).is_some_and(|v| !v.bracketed && v.range.end == label.len())
}

/// The line of a release heading that shows `label`'s version without
/// brackets, and so does not link to its definition.
fn unlinked_heading(cx: &Context<'_>, changelog: &Changelog, label: &str) -> Option<usize> {
    let wanted = release_version(label);
    changelog.releases().iter().find_map(|r| {
        let same = match (&r.version, &wanted) {
            (Some(v), Some(w)) => v.same_as(w),
            (None, None) => true,
            _ => false,
        };
        let h = &cx.doc.headings.all()[r.heading];
        (same && !r.shows_brackets(cx.doc.headings.text(h)))
            .then(|| cx.source.line_col(h.range.start).line)
    })
}

/// A definition of release `r`'s version under another label
/// (`[v1.2.0]` for `## [1.2.0]`).
fn same_version_defined<'d>(
    cx: &'d Context<'_>,
    changelog: &Changelog,
    r: usize,
) -> Option<&'d LinkDefinition> {
    let version = changelog.releases()[r].version.as_ref()?;
    cx.doc.links.definitions.iter().find(|d| {
        names_release(&d.label) && release_version(&d.label).is_some_and(|v| v.same_as(version))
    })
}

/// A destination for release `r`'s definition, made like the file's other
/// version links: a compare link from the release before it.
fn suggest_url(cx: &Context<'_>, changelog: &Changelog, r: usize) -> String {
    let (base, prefix) = cx
        .doc
        .links
        .definitions
        .iter()
        .filter(|d| names_release(&d.label))
        .find_map(|d| compare_base(destination(&cx.source.text()[d.range.clone()])))
        .unwrap_or(("https://github.com/OWNER/REPO", ""));
    let version = |k: usize| {
        changelog.releases()[k].version.as_ref().map(|v| {
            let h = &cx.doc.headings.all()[changelog.releases()[k].heading];
            cx.doc.headings.text(h)[v.range.clone()].to_string()
        })
    };
    // The release before `r`: the next version in its group, the way
    // older releases lie.
    let newest_first = changelog
        .direction(cx.doc, cx.settings.dates.order)
        .newest_first;
    let group = changelog
        .sibling_groups(cx.doc)
        .into_iter()
        .find(|g| g.contains(&r))
        .unwrap_or_default();
    let at = group.iter().position(|&k| k == r).unwrap_or_default();
    let mut older = if newest_first {
        group[at + 1..].to_vec()
    } else {
        group[..at].iter().rev().copied().collect()
    };
    older.retain(|&k| changelog.releases()[k].version.is_some());
    match version(r) {
        // `[Unreleased]` compares the newest release with HEAD.
        None => {
            let mut newer = group;
            if !newest_first {
                newer.reverse();
            }
            match newer.iter().find_map(|&k| version(k)) {
                Some(newest) => format!("{base}/compare/{prefix}{newest}...HEAD"),
                None => format!("{base}/commits/HEAD"),
            }
        }
        Some(this) => match older.first().and_then(|&k| version(k)) {
            Some(before) => format!("{base}/compare/{prefix}{before}...{prefix}{this}"),
            None => format!("{base}/releases/tag/{prefix}{this}"),
        },
    }
}

/// The destination of a definition's text (`[1.2.0]: <url> "title"`).
fn destination(definition: &str) -> &str {
    let rest = definition
        .split_once("]:")
        .map_or("", |(_, r)| r)
        .trim_start();
    match rest.strip_prefix('<') {
        Some(r) => r.split('>').next().unwrap_or_default(),
        None => rest.split_whitespace().next().unwrap_or_default(),
    }
}

/// The repository part of a compare link and how its tags start:
/// `https://github.com/o/r/compare/v1.0.0...v1.1.0` gives
/// `https://github.com/o/r` and `v`.
fn compare_base(url: &str) -> Option<(&str, &'static str)> {
    let at = url.find("/compare/")?;
    let tags = &url[at + "/compare/".len()..];
    let prefix = if tags.starts_with(['v', 'V']) {
        "v"
    } else {
        ""
    };
    Some((&url[..at], prefix))
}

#[cfg(test)]
mod tests {
    use crate::Severity;
    use crate::diagnostic::Diagnostic;
    use crate::test_util::lint_changelog;

    /// version-link's diagnostics of `text` as a changelog.
    fn diagnostics(text: &str) -> Vec<Diagnostic> {
        lint_changelog(text, "version-link", "").1
    }

    fn found(text: &str) -> Vec<(usize, Severity, String)> {
        let (source, diags) = lint_changelog(text, "version-link", "");
        diags
            .iter()
            .map(|d| {
                (
                    source.line_col(d.span.start).line,
                    d.severity,
                    d.message.clone(),
                )
            })
            .collect()
    }

    #[test]
    fn a_bracketed_version_without_a_definition_is_an_error() {
        let text = "## [Unreleased]\n## [1.2.0] - 2019-03-15\n## \\[1.1.0\\]\n## [v1.0.0](https://x)\n\n\
                    [unreleased]: https://github.com/o/r/compare/v1.2.0...HEAD\n";
        assert_eq!(
            found(text),
            [(
                2,
                Severity::Error,
                "`[1.2.0]` has no link reference definition, so GitHub shows the brackets"
                    .to_string()
            )]
        );
        let d = diagnostics(text);
        assert_eq!(
            d[0].help,
            [
                "add one below the releases, such as `[1.2.0]: https://github.com/o/r/compare/v1.1.0...v1.2.0`, or remove the brackets"
            ]
        );
    }

    #[test]
    fn an_unused_version_definition_is_a_warning() {
        let text = "## [Unreleased]\n## 1.2.0\n## [1.1.0]\n\nSee [1.0.0].\n\n\
                    [Unreleased]: u\n[1.2.0]: a\n[1.1.0]: b\n[1.0.0]: c\n[0.9.0]: d\n[#12]: e\n";
        assert_eq!(
            found(text),
            [
                (
                    8,
                    Severity::Warning,
                    "the link definition `[1.2.0]` is not used: no heading or link names it"
                        .to_string()
                ),
                (
                    11,
                    Severity::Warning,
                    "the link definition `[0.9.0]` is not used: no heading or link names it"
                        .to_string()
                ),
            ]
        );
        let d = diagnostics(text);
        assert_eq!(
            d[0].help,
            ["line 2's heading would link to it with its version in brackets: `[1.2.0]`"]
        );
    }

    #[test]
    fn a_definition_under_another_label_is_named() {
        let text = "## [1.2.0]\n\n[v1.2.0]: https://x\n";
        let d = diagnostics(text);
        assert_eq!(d.len(), 2, "{d:#?}");
        assert_eq!(
            d[0].help[1],
            "line 3 defines `[v1.2.0]`: a definition's label must be the heading's"
        );
    }
}
