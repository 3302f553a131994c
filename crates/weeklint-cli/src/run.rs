//! Linting one file, the same way whatever it came from (the walk, the
//! git index, stdin), and what every file of a run shares.

use std::path::{Path, PathBuf};

use weeklint_core::fix::{FixMode, fix_source};
use weeklint_core::registry;
use weeklint_core::{
    Document, LintEnv, ProjectContext, ProjectFile, Settings, Source, check_document, check_project,
};

use crate::diff;
use crate::discover::{Matcher, slash};
use crate::project::Project;
use crate::read::{decode, read_text};
use crate::report::{FileFix, FileReport, sort_reports};
use crate::write;

/// How to fix files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fixing {
    /// Safe fixes only, or unsafe ones too.
    pub mode: FixMode,
    /// Write the fixed files (`--fix`); `--diff` and stdin only compute them.
    pub write: bool,
    /// Make a unified diff of each file the fixes change (`--diff`).
    pub diff: bool,
}

/// One file to lint.
#[derive(Debug)]
pub struct Input {
    /// The path it is linted as.
    pub path: PathBuf,
    /// The path as printed.
    pub display: String,
    /// Its text, when it is not to be read from `path`: staged content,
    /// stdin.
    pub bytes: Option<Vec<u8>>,
    /// Fixes may be written back to `path` (when fixing writes).
    pub writable: bool,
}

impl Input {
    /// The file at `path`, read from disk.
    pub fn file(path: PathBuf, display: String) -> Self {
        Input {
            path,
            display,
            bytes: None,
            writable: true,
        }
    }
}

/// What every file of a run shares.
#[derive(Clone)]
pub struct Linter<'a> {
    /// Configuration and root.
    pub project: &'a Project,
    /// `files` patterns, also for relative paths.
    pub matcher: &'a Matcher,
    /// `--select`: indices into the registry.
    pub select: Option<Vec<usize>>,
    /// `--ignore`: indices into the registry.
    pub ignore: Vec<usize>,
    /// Today and the project root.
    pub env: LintEnv,
    /// `--fix`, `--unsafe-fixes`, `--diff`: fix each file.
    pub fixing: Option<Fixing>,
    /// The output prints fixes' edits (JSON, SARIF); other formats only
    /// say that a diagnostic is fixable.
    pub print_edits: bool,
    /// The largest file read, in bytes (`files.max-size`).
    pub max_size: u64,
}

/// What every file of a run shares, worked out once.
#[derive(Clone)]
pub struct PerFile {
    keep_documents: bool,
    /// The settings of every file, when no override applies.
    base: Option<Settings>,
    /// Images must be in the git index, whatever the config says.
    require_tracked: bool,
}

impl PerFile {
    /// The same, with images required to be in the git index.
    pub fn require_tracked(&self) -> PerFile {
        let mut each = self.clone();
        each.require_tracked = true;
        if let Some(base) = &mut each.base {
            base.images.require_tracked = true;
        }
        each
    }
}

impl Linter<'_> {
    /// The effective settings for `path`.
    pub fn settings_for(&self, path: &Path) -> Settings {
        let mut settings = self
            .project
            .config
            .settings_for(&self.matcher.relative(path));
        settings.apply_selection(self.select.as_deref(), &self.ignore);
        settings
    }

    /// Whether a rule that looks at the whole run (unused or remote images)
    /// is on for some file; only then are the parsed files kept.
    pub fn needs_project_pass(&self) -> bool {
        registry::RULES.iter().enumerate().any(|(i, rule)| {
            rule.meta().project
                && !self.ignore.contains(&i)
                && match &self.select {
                    Some(select) => select.contains(&i),
                    None => self.project.config.may_enable(i),
                }
        })
    }

    /// What every file of a run shares: the settings when no override
    /// applies, and whether parsed documents are kept.
    pub fn per_file(&self) -> PerFile {
        PerFile {
            keep_documents: self.needs_project_pass(),
            base: (!self.project.config.has_overrides()).then(|| {
                let mut s = self.project.config.base().clone();
                s.apply_selection(self.select.as_deref(), &self.ignore);
                s
            }),
            require_tracked: false,
        }
    }

    /// Read (or decode), lint and (when fixing) write one file, keeping of
    /// it what the run needs to the end: its text only when there is
    /// something to print, its parsed document only for the project pass.
    pub fn lint(&self, input: Input, each: &PerFile) -> FileReport {
        let Input {
            path,
            display,
            bytes,
            writable,
        } = input;
        let text = match bytes {
            Some(bytes) => decode(bytes),
            None => read_text(&path, self.max_size),
        };
        let text = match text {
            Ok(text) => text,
            Err(e) => return FileReport::failed(path, display, &e),
        };
        let owned;
        let settings = match &each.base {
            Some(s) => s,
            None => {
                let mut s = self.settings_for(&path);
                s.images.require_tracked |= each.require_tracked;
                owned = s;
                &owned
            }
        };
        let mut report = self.lint_text(path, display, text, settings);
        if writable && self.fixing.is_some_and(|f| f.write) {
            self.write_back(&mut report, settings);
        }
        if each.keep_documents {
            report.document = report.document.map(|d| Box::new(Document::for_project(*d)));
        } else {
            // Once written or made a diff, a fix needs no more of the text
            // than a check does.
            report.document = None;
            if let Some(fix) = &mut report.fix {
                fix.original = None;
            }
            if report.diagnostics.is_empty() {
                report.source = None;
            } else {
                report.keep_excerpt(self.print_edits);
            }
        }
        report
    }

    /// Lint `text` as the content of `path`.
    pub fn lint_text(
        &self,
        path: PathBuf,
        display: String,
        text: String,
        settings: &Settings,
    ) -> FileReport {
        let source = Source::new(text);
        if let Some(fixing) = self.fixing {
            return self.fix_text(path, display, source, settings, fixing);
        }
        self.check(path, display, source, settings, None)
    }

    /// Parse and check `source`: a report with its text and document.
    fn check(
        &self,
        path: PathBuf,
        display: String,
        source: Source,
        settings: &Settings,
        fix: Option<FileFix>,
    ) -> FileReport {
        let document = Document::parse(&source);
        let diagnostics = check_document(&source, &document, &path, settings, &self.env);
        FileReport {
            path,
            display,
            source: Some(source),
            diagnostics,
            io_error: None,
            document: Some(Box::new(document)),
            fix: fix.map(Box::new),
        }
    }

    /// Fix `source` to a fixed point. If fixes do not settle, the report
    /// shows the text as it was, with the reason.
    fn fix_text(
        &self,
        path: PathBuf,
        display: String,
        source: Source,
        settings: &Settings,
        fixing: Fixing,
    ) -> FileReport {
        match fix_source(&source, &path, settings, &self.env, fixing.mode) {
            Ok(fixed) => {
                let changed = fixed.changed(&source);
                let diff = (changed && fixing.diff).then(|| {
                    diff::unified(
                        source.text(),
                        fixed.source.text(),
                        &diff::quote(&format!("a/{display}")),
                        &diff::quote(&format!("b/{display}")),
                    )
                });
                FileReport {
                    path,
                    display,
                    // The project pass reads the text as fixed. fix_source
                    // hands back its last parse; parsing here is a fallback.
                    document: Some(Box::new(
                        fixed
                            .document
                            .unwrap_or_else(|| Document::parse(&fixed.source)),
                    )),
                    source: Some(fixed.source),
                    diagnostics: fixed.diagnostics,
                    io_error: None,
                    fix: Some(Box::new(FileFix {
                        original: (changed && fixing.write).then(|| source.into_text()),
                        diff,
                        applied: fixed.applied.values().sum(),
                        error: None,
                        unsettled: fixed.unsettled,
                    })),
                }
            }
            Err(e) => {
                let fix = FileFix {
                    error: Some(format!("was not fixed: {e}; nothing was written")),
                    ..FileFix::default()
                };
                self.check(path, display, source, settings, Some(fix))
            }
        }
    }

    /// Write a fixed file. When it cannot be written, the report goes back
    /// to the text on disk and says why.
    pub fn write_back(&self, report: &mut FileReport, settings: &Settings) {
        let (Some(fix), Some(source)) = (&mut report.fix, &report.source) else {
            return;
        };
        let Some(original) = &fix.original else {
            return;
        };
        let root = weeklint_core::fs::normalize(&self.project.cwd.join(&self.project.root));
        if let Err(e) = write::write_fixed(&report.path, original, source.text(), &root) {
            let original = Source::new(fix.original.take().unwrap_or_default());
            let document = Document::parse(&original);
            report.diagnostics =
                check_document(&original, &document, &report.path, settings, &self.env);
            report.document = Some(Box::new(document));
            report.source = Some(original);
            fix.applied = 0;
            fix.error = Some(e.to_string());
        }
    }

    /// Run the rules that need every file (unused and remote images):
    /// add their diagnostics to `reports`, and a report for each other
    /// path they name. `whole_project` is whether the run covers the
    /// project root. Returns notes for the user.
    pub fn project_pass(&self, reports: &mut Vec<FileReport>, whole_project: bool) -> Vec<String> {
        // Only reports that kept their document take part (none, unless a
        // rule that looks at the whole run is on).
        let settings: Vec<(usize, Settings)> = reports
            .iter()
            .enumerate()
            .filter(|(_, r)| r.document.is_some())
            .map(|(i, r)| (i, self.settings_for(&r.path)))
            .collect();
        let mut index = Vec::new();
        let mut files = Vec::new();
        for (i, settings) in &settings {
            let (i, r) = (*i, &reports[*i]);
            if let (Some(source), Some(doc)) = (&r.source, r.document.as_deref()) {
                index.push(i);
                files.push(ProjectFile {
                    path: &r.path,
                    source,
                    doc,
                    settings,
                });
            }
        }
        let settings_for = |path: &Path| self.settings_for(path);
        let report = check_project(&ProjectContext {
            files: &files,
            env: &self.env,
            whole_project,
            settings_for: &settings_for,
        });
        for (i, found) in index.into_iter().zip(report.in_files) {
            if !found.is_empty() {
                let r = &mut reports[i];
                r.diagnostics.extend(found);
                weeklint_core::linter::sort_diagnostics(&mut r.diagnostics);
            }
        }
        for (path, d) in report.at_paths {
            let display = self.display(&path);
            reports.push(FileReport {
                path,
                display,
                // Not a Markdown file: an empty text to point at.
                source: Some(Source::new(String::new())),
                diagnostics: vec![d],
                io_error: None,
                document: None,
                fix: None,
            });
        }
        sort_reports(reports);
        let mut notes = report.notes;
        notes.extend(self.env.fs.notes());
        notes
    }

    /// `path` as printed: relative to the current folder when under it.
    pub fn display(&self, path: &Path) -> String {
        display_path(path, &self.project.cwd)
    }
}

/// `path` as printed: relative to `cwd` when under it, `/`-separated.
pub fn display_path(path: &Path, cwd: &Path) -> String {
    if path.is_absolute()
        && let Ok(rel) = path.strip_prefix(cwd)
    {
        return slash(rel);
    }
    slash(path)
}
