//! Run the enabled rules over one document.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::config::Settings;
use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::registry::RULES;
use crate::rule::Context;
use crate::source::Source;

/// What a run knows beyond the file itself; shared by every file.
#[derive(Debug, Clone)]
pub struct LintEnv {
    /// Today's date, for `future-date`.
    pub today: NaiveDate,
    /// The project root: image paths starting with `/` resolve against it.
    pub root: PathBuf,
}

impl LintEnv {
    /// An environment with `today` and the project root `root`.
    pub fn new(today: NaiveDate, root: impl Into<PathBuf>) -> Self {
        LintEnv {
            today,
            root: root.into(),
        }
    }
}

/// Parse `source` once and lint it. See [`check_document`].
pub fn lint_source(
    source: &Source,
    path: &Path,
    settings: &Settings,
    env: &LintEnv,
) -> Vec<Diagnostic> {
    let doc = Document::parse(source);
    check_document(source, &doc, path, settings, env)
}

/// Run every rule that `settings` turns on, give each diagnostic its
/// rule's severity, drop suppressed ones, and sort by position.
pub fn check_document(
    source: &Source,
    doc: &Document,
    path: &Path,
    settings: &Settings,
    env: &LintEnv,
) -> Vec<Diagnostic> {
    let cx = Context {
        source,
        doc,
        settings,
        env,
        path,
    };
    let mut out = Vec::new();
    for (rule, severity) in RULES.iter().zip(&settings.severities) {
        let Some(severity) = *severity else { continue };
        let start = out.len();
        rule.check(&cx, &mut out);
        let meta = rule.meta();
        for d in &mut out[start..] {
            d.severity = severity;
            // A fix the rule does not declare would surprise `--fix` users.
            if d.fix
                .as_ref()
                .is_some_and(|f| !meta.fix.allows(f.applicability))
            {
                debug_assert!(false, "{} emitted an undeclared fix", meta.name);
                d.fix = None;
            }
        }
    }
    if !doc.suppressions.is_empty() {
        out.retain(|d| {
            let line = source.line_index(d.span.start);
            !doc.suppressions.is_suppressed(d.rule, d.span.start, line)
        });
    }
    out.sort_by(|a, b| (a.span.start, a.rule, &a.message).cmp(&(b.span.start, b.rule, &b.message)));
    out
}

#[cfg(test)]
mod tests {
    use crate::test_util::positions;

    #[test]
    fn suppression_comments_silence_rules() {
        let text = "<!-- weeklint-disable-next-line heading-space -->\n##a\n##b\n<!-- weeklint-disable -->\n##c\n<!-- weeklint-enable -->\n##d\n";
        assert_eq!(positions(text, "heading-space"), [(3, 1), (7, 1)]);
    }
}
