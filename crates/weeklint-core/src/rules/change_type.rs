use crate::changelog::{alias, same_name};
use crate::config::CHANGE_TYPES;
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::rule::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Checks, in a Keep a Changelog file, that each sub-heading of a
    /// release is one of the change types: Added, Changed, Deprecated,
    /// Removed, Fixed, Security (`changelog.change-types` sets the list).
    ///
    /// A changelog is held to the types when most sub-headings of its
    /// releases already are types (in any case): a changelog written
    /// another way (`### Bug Fixes`, `### Features` throughout, as
    /// conventional-changelog writes them) is left alone. A sub-heading is
    /// a heading right under a release heading (`### Added` under
    /// `## [1.2.0]`).
    ///
    /// ## Why is this bad?
    /// Readers and tools (release notes, `kacl-cli`) find changes by type.
    /// `### added`, `### Bug fixes` and `### Fixes` next to `### Fixed`
    /// split one kind of change over several names.
    ///
    /// ## Example
    /// ```markdown
    /// ## [1.2.0] - 2024-03-01
    /// ### added
    /// ### Bug fixes
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// ## [1.2.0] - 2024-03-01
    /// ### Added
    /// ### Fixed
    /// ```
    ///
    /// ## Fix safety
    /// A type written in other case (`### added`) is rewritten as the list
    /// spells it: a safe fix. A common other name for a type is renamed by
    /// an unsafe fix, since the author may have meant another type:
    ///
    /// | written | renamed to |
    /// |---|---|
    /// | Add, Adds, Addition(s), New, Feature(s), New feature(s) | Added |
    /// | Change, Changes | Changed |
    /// | Deprecate, Deprecation(s) | Deprecated |
    /// | Remove, Removes, Removal(s), Deleted | Removed |
    /// | Fix, Fixes, Bug fix(es), Bugfix(es), Bugs | Fixed |
    /// | Security fix(es), Vulnerabilities | Security |
    ///
    /// and a type with a `:` or `.` after it (`### Added:`) or in brackets
    /// (`### [Fixed]`). Case, `-` and `_` do not matter (`Bug-Fixes`). `Improvements`, `Enhancements`,
    /// `Updates` and `Breaking changes` get no fix: each can be Added,
    /// Changed or Removed. A name goes to a type only if the list has it.
    ///
    /// ## Options
    /// - `changelog.change-types`: the types, as they must be spelt
    ///   (default: Keep a Changelog's six).
    /// - `changelog.files`: changelogs whose names do not say so.
    pub struct ChangeType {
        name: "change-type",
        severity: Warning,
        fix: SafeOrUnsafe,
    }
}

impl Rule for ChangeType {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let Some(changelog) = cx.changelog() else {
            return;
        };
        let types = &cx.settings.changelog.change_types;
        let headings = &cx.doc.headings;
        let subs = changelog.sub_headings(cx.doc);
        let text = |i: usize| headings.text(&headings.all()[i]);
        let spelt = |written: &str| types.iter().find(|t| same_name(t, written));
        let known = subs.iter().filter(|&&i| spelt(text(i)).is_some()).count();
        // Most sub-headings must be types: else this is not a Keep a
        // Changelog file.
        if known * 2 <= subs.len() {
            return;
        }
        for i in subs {
            let written = text(i);
            let known = spelt(written);
            if known.is_some_and(|t| t == written) {
                continue;
            }
            let h = &headings.all()[i];
            let range = headings.source_range(h, 0..written.len());
            let span = range.clone().unwrap_or_else(|| h.line());
            let d = if let Some(t) = known {
                let d = Self::META
                    .diagnostic(span, format!("change type `{written}` is spelt `{t}` here"));
                match range {
                    Some(r) => d.with_fix(Fix::safe(
                        format!("write `{t}`"),
                        vec![Edit::replace(r, t.clone())],
                    )),
                    None => d,
                }
            } else if let Some(t) = alias(written).and_then(&spelt) {
                let d = Self::META.diagnostic(
                    span,
                    format!("`{written}` is not a change type; `{t}` is the type for it"),
                );
                match range {
                    Some(r) => d.with_fix(Fix::unsafe_(
                        format!("rename to `{t}`"),
                        vec![Edit::replace(r, t.clone())],
                    )),
                    None => d,
                }
            } else {
                let mut d = Self::META
                    .diagnostic(span, format!("`{written}` is not a change type"))
                    .with_help(format!("the change types are {}", types.join(", ")));
                if types.iter().map(String::as_str).eq(CHANGE_TYPES) {
                    d = d.with_help(
                        "Keep a Changelog: Added for new features, Changed for changes in existing functionality, Deprecated for soon-to-be removed features, Removed for now removed features, Fixed for bug fixes, Security for vulnerabilities",
                    );
                }
                d.with_help("a project with other types lists them in lint.toml: [changelog] change-types = [...]")
            };
            out.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::test_util::lint_changelog;

    const KAC: &str = "## [Unreleased]\n### Added\n## [1.2.0]\n### added\n### Bug-fixes\n### Fixed:\n\
                       ### Improvements\n### Security\n## [1.1.0]\n### Removed\n### Changed\n### Deprecated\n### Fixed\n\
                       ## 1.0.0\n### \\[Fixed\\]\n";

    fn found(text: &str, config: &str) -> Vec<(usize, String, Option<&'static str>)> {
        let (source, diags) = lint_changelog(text, "change-type", config);
        diags
            .iter()
            .map(|d| {
                (
                    source.line_col(d.span.start).line,
                    d.message.clone(),
                    d.fix.as_ref().map(|f| f.applicability.as_str()),
                )
            })
            .collect()
    }

    #[test]
    fn other_case_is_safe_and_other_names_unsafe() {
        assert_eq!(
            found(KAC, ""),
            [
                (
                    4,
                    "change type `added` is spelt `Added` here".to_string(),
                    Some("safe")
                ),
                (
                    5,
                    "`Bug-fixes` is not a change type; `Fixed` is the type for it".to_string(),
                    Some("unsafe")
                ),
                (
                    6,
                    "`Fixed:` is not a change type; `Fixed` is the type for it".to_string(),
                    Some("unsafe")
                ),
                (7, "`Improvements` is not a change type".to_string(), None),
                (
                    15,
                    "`[Fixed]` is not a change type; `Fixed` is the type for it".to_string(),
                    None
                ),
            ]
        );
        assert_eq!(
            crate::test_util::fixed_in("CHANGELOG.md", KAC, "change-type", ""),
            KAC.replace("### added", "### Added")
        );
    }

    #[test]
    fn a_changelog_of_other_types_is_left_alone() {
        let text = "## 1.2.0\n### Bug Fixes\n### Features\n### Added\n";
        assert!(found(text, "").is_empty());
    }

    #[test]
    fn the_configured_types_are_spelt_as_listed() {
        let config = "[changelog]\nchange-types = [\"added\", \"fixed\", \"Internal\"]\n";
        let text = "## 1.0.0\n### Added\n### fixes\n### internal\n### fixed\n### Removed\n";
        assert_eq!(
            found(text, config),
            [
                (
                    2,
                    "change type `Added` is spelt `added` here".to_string(),
                    Some("safe")
                ),
                (
                    3,
                    "`fixes` is not a change type; `fixed` is the type for it".to_string(),
                    Some("unsafe")
                ),
                (
                    4,
                    "change type `internal` is spelt `Internal` here".to_string(),
                    Some("safe")
                ),
                (6, "`Removed` is not a change type".to_string(), None),
            ]
        );
    }
}
