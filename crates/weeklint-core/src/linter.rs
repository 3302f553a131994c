//! Run the enabled rules over one document.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;

use crate::config::Settings;
use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::fs::FsView;
use crate::net::UrlProbe;
use crate::registry::RULES;
use crate::rule::{Context, ProjectContext, ProjectOutput, Rule};
use crate::source::Source;

/// What a run knows beyond the file itself; shared by every file.
#[derive(Debug, Clone)]
pub struct LintEnv {
    /// Today's date, for `future-date`.
    pub today: NaiveDate,
    /// The project root: image paths starting with `/` resolve against it.
    pub root: PathBuf,
    /// The folder commands in help notes are written for (`git add PATH`).
    pub cwd: PathBuf,
    /// The file system as image rules see it, cached for the whole run.
    pub fs: Arc<dyn FsView>,
    /// How remote images are asked; `None` means no network (`--offline`).
    pub http: Option<Arc<dyn UrlProbe>>,
    /// The anchors of the pages links point at, for the whole run.
    pub pages: Arc<crate::pages::Pages>,
}

impl LintEnv {
    /// An environment with `today`, the project root `root` (also the
    /// folder commands are written for) and the file-system view `fs`; no
    /// network.
    pub fn new(today: NaiveDate, root: impl Into<PathBuf>, fs: Arc<dyn FsView>) -> Self {
        let root = root.into();
        LintEnv {
            today,
            cwd: root.clone(),
            root,
            fs,
            http: None,
            pages: Arc::default(),
        }
    }

    /// Start, in the background, what checks under `settings` will need
    /// (the git index, for untracked images), so it overlaps with parsing.
    pub fn warm_up(&self, settings: &Settings) {
        let checks_paths = [
            crate::rules::DeadImage::META.name,
            crate::rules::DeadLink::META.name,
        ]
        .iter()
        .any(|name| settings.severity(name).is_some());
        if settings.images.require_tracked && checks_paths {
            Arc::clone(&self.fs).prefetch_index(crate::fs::normalize(&self.cwd.join(&self.root)));
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
    let cx = Context::new(source, doc, settings, env, path);
    let mut out = Vec::new();
    for (rule, severity) in RULES.iter().zip(&settings.severities) {
        let Some(severity) = *severity else { continue };
        let start = out.len();
        rule.check(&cx, &mut out);
        for d in &mut out[start..] {
            settle(*rule, d, severity);
        }
    }
    finish_file(source, doc, &mut out);
    out
}

/// Put a file's diagnostics in printing order. In place: a stable sort
/// would take a copy of half of them, and a long log out of date order
/// can have tens of thousands. (What the key leaves equal prints alike.)
pub fn sort_diagnostics(out: &mut [Diagnostic]) {
    out.sort_unstable_by(|a, b| {
        (a.span.start, a.rule, &a.message, a.span.end).cmp(&(
            b.span.start,
            b.rule,
            &b.message,
            b.span.end,
        ))
    });
}

/// Give a diagnostic its rule's configured severity (or a warning, when
/// the rule made it one and the configuration says `error`), and drop a
/// fix the rule does not declare.
fn settle(rule: &dyn Rule, d: &mut Diagnostic, severity: crate::Severity) {
    let meta = rule.meta();
    d.severity = d.severity.min(severity);
    // A fix the rule does not declare would surprise `--fix` users.
    if d.fix
        .as_ref()
        .is_some_and(|f| !meta.fix.allows(f.applicability))
    {
        debug_assert!(false, "{} emitted an undeclared fix", meta.name);
        d.fix = None;
    }
}

/// Drop a file's suppressed diagnostics and sort the rest.
fn finish_file(source: &Source, doc: &Document, out: &mut Vec<Diagnostic>) {
    if !doc.suppressions.is_empty() {
        // The project pass may hold an excerpt of the file: suppressions
        // are where they are in the whole file.
        out.retain(|d| {
            let (offset, line) = source.whole_file_position(d.span.start);
            !doc.suppressions.is_suppressed(d.rule, offset, line)
        });
    }
    sort_diagnostics(out);
}

/// What the project pass found.
#[derive(Debug, Default)]
pub struct ProjectReport {
    /// New diagnostics for each linted file, indexed like
    /// [`ProjectContext::files`], suppressions applied, sorted.
    pub in_files: Vec<Vec<Diagnostic>>,
    /// Diagnostics about other paths (an unused image), sorted by path.
    pub at_paths: Vec<(PathBuf, Diagnostic)>,
    /// What the user should know besides diagnostics (a rule skipped).
    pub notes: Vec<String>,
}

/// Run the rules that need every file of the run (unused images, remote
/// images), after each file has been checked on its own.
pub fn check_project(cx: &ProjectContext<'_>) -> ProjectReport {
    let mut report = ProjectReport {
        in_files: vec![Vec::new(); cx.files.len()],
        ..ProjectReport::default()
    };
    for rule in RULES {
        let mut out = ProjectOutput::default();
        rule.check_project(cx, &mut out);
        let name = rule.meta().name;
        for (i, mut d) in out.in_files {
            let Some(file) = cx.files.get(i) else {
                continue;
            };
            if let Some(severity) = file.settings.severity(name) {
                settle(*rule, &mut d, severity);
                report.in_files[i].push(d);
            }
        }
        for (path, mut d) in out.at_paths {
            if let Some(severity) = (cx.settings_for)(&path).severity(name) {
                settle(*rule, &mut d, severity);
                report.at_paths.push((path, d));
            }
        }
        report.notes.extend(out.notes);
    }
    for (file, out) in cx.files.iter().zip(&mut report.in_files) {
        finish_file(file.source, file.doc, out);
    }
    report
        .at_paths
        .sort_by(|a, b| (&a.0, &a.1.message).cmp(&(&b.0, &b.1.message)));
    report
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
