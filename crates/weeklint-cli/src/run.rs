//! Linting one file, the same way whatever it came from (the walk, the
//! git index, stdin), and what every file of a run shares.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use weeklint_core::document::ProjectNeeds;
use weeklint_core::fix::{FixMode, LateFixes, fix_source};
use weeklint_core::registry;
use weeklint_core::rule::Rule;
use weeklint_core::{
    Diagnostic, Document, LintEnv, ProjectContext, ProjectFile, Settings, Source, check_document,
    check_project,
};

use crate::diff;
use crate::discover::slash;
use crate::project::{Configs, LoadError, Project};
use crate::read::{ReadError, decode, read_text};
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
    /// Each file's configuration and root.
    pub configs: &'a Configs,
    /// `--select`: indices into the registry.
    pub select: Option<Vec<usize>>,
    /// `--ignore`: indices into the registry.
    pub ignore: Vec<usize>,
    /// Today, the file-system view and the network; each project's copy
    /// has its root.
    pub env: LintEnv,
    /// `--fix`, `--unsafe-fixes`, `--diff`: fix each file.
    pub fixing: Option<Fixing>,
    /// The output prints fixes' edits (JSON, SARIF); other formats only
    /// say that a diagnostic is fixable.
    pub print_edits: bool,
    /// What the files of each project share, by project.
    scopes: Arc<Mutex<HashMap<usize, Arc<Scope>>>>,
}

/// What the files of one project share, worked out once.
pub struct Scope {
    /// Its configuration and root.
    pub project: Arc<Project>,
    /// The run's environment, with the project's root.
    pub env: LintEnv,
    /// The settings of every file, when no override applies.
    base: Option<Settings>,
    /// The rules that look at every file (unused or remote images, links
    /// to other pages) that may be on: the parsed files they need are kept
    /// to the end.
    project_rules: Vec<&'static dyn Rule>,
    /// What those rules read of a file they need.
    project_needs: ProjectNeeds,
}

/// What every file of a run shares besides its project.
#[derive(Clone, Default)]
pub struct PerFile {
    /// Images must be in the git index, whatever the config says.
    require_tracked: bool,
}

impl PerFile {
    /// The same, with images required to be in the git index.
    pub fn require_tracked(&self) -> PerFile {
        PerFile {
            require_tracked: true,
        }
    }
}

impl<'a> Linter<'a> {
    /// A linter for the files `configs` knows of.
    pub fn new(
        configs: &'a Configs,
        select: Option<Vec<usize>>,
        ignore: Vec<usize>,
        env: LintEnv,
        fixing: Option<Fixing>,
        print_edits: bool,
    ) -> Self {
        Linter {
            configs,
            select,
            ignore,
            env,
            fixing,
            print_edits,
            scopes: Arc::default(),
        }
    }
}

impl Linter<'_> {
    /// The project of the file at `path`, and what its files share.
    pub fn scope_for(&self, path: &Path) -> Result<Arc<Scope>, Arc<LoadError>> {
        let project = self.configs.for_file(path)?;
        let key = Arc::as_ptr(&project) as usize;
        let mut scopes = self.scopes.lock().unwrap_or_else(PoisonError::into_inner);
        let scope = scopes.entry(key).or_insert_with(|| {
            let config = &project.config;
            let mut env = self.env.clone();
            env.root = project.root.clone();
            let project_rules = self.project_rules(config);
            let project_needs = project_rules
                .iter()
                .fold(ProjectNeeds::default(), |n, rule| {
                    n.and(rule.project_needs())
                });
            Arc::new(Scope {
                base: (!config.has_overrides()).then(|| {
                    let mut s = config.base().clone();
                    s.apply_selection(self.select.as_deref(), &self.ignore);
                    s
                }),
                project_rules,
                project_needs,
                env,
                project,
            })
        });
        Ok(Arc::clone(scope))
    }

    /// The effective settings for `path`, of the project `scope`.
    pub fn settings_for(&self, scope: &Scope, path: &Path) -> Settings {
        let project = &scope.project;
        let mut settings = project.config.settings_for(&project.matcher.relative(path));
        settings.apply_selection(self.select.as_deref(), &self.ignore);
        settings
    }

    /// The rules that look at the whole run (unused or remote images,
    /// links to other pages) that are on for some file of `config`; only
    /// for them are parsed files kept.
    fn project_rules(&self, config: &weeklint_core::Config) -> Vec<&'static dyn Rule> {
        registry::RULES
            .iter()
            .enumerate()
            .filter(|(i, rule)| {
                rule.meta().project
                    && !self.ignore.contains(i)
                    && match &self.select {
                        Some(select) => select.contains(i),
                        None => config.may_enable(*i),
                    }
            })
            .map(|(_, rule)| *rule)
            .collect()
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
        let scope = match self.scope_for(&path) {
            Ok(scope) => scope,
            Err(e) => {
                let config = display_path(e.path(), self.configs.cwd());
                let e = ReadError::Content(format!("was not checked: {config} has problems"));
                return FileReport::failed(path, display, &e);
            }
        };
        let max_size = scope.project.config.max_size_bytes();
        let text = match bytes {
            Some(bytes) => decode(bytes),
            None => read_text(&path, max_size),
        };
        let text = match text {
            Ok(text) => text,
            Err(e) => return FileReport::failed(path, display, &e),
        };
        let owned;
        let settings = match &scope.base {
            Some(s) if !each.require_tracked => s,
            _ => {
                let mut s = self.settings_for(&scope, &path);
                s.images.require_tracked |= each.require_tracked;
                owned = s;
                &owned
            }
        };
        let mut report = self.lint_text(&scope, path, display, text, settings);
        let writes = writable && self.fixing.is_some_and(|f| f.write);
        if let Some(fix) = &mut report.fix {
            fix.writes = writes;
        }
        if writes {
            self.write_back(&scope, &mut report, settings);
        }
        let needed = match (&report.document, &report.source) {
            (Some(doc), Some(source)) => scope
                .project_rules
                .iter()
                .any(|rule| rule.needs_document(doc, source.text())),
            _ => false,
        };
        report.document = match report.document {
            Some(d) if needed => {
                let text = report.source.as_ref().map_or("", Source::text);
                Some(Box::new(d.for_project(text, scope.project_needs)))
            }
            _ => None,
        };
        // Fixing keeps the whole text of a file the project pass reads.
        if needed && self.fixing.is_some() {
            return report;
        }
        // Once written or made a diff, a fix needs no more of the text
        // than a check does.
        if let Some(fix) = &mut report.fix {
            fix.original = None;
        }
        if report.diagnostics.is_empty() && !needed {
            report.source = None;
        } else {
            report.keep_excerpt(self.print_edits);
        }
        report
    }

    /// Lint `text` as the content of `path`, a file of `scope`.
    pub fn lint_text(
        &self,
        scope: &Scope,
        path: PathBuf,
        display: String,
        text: String,
        settings: &Settings,
    ) -> FileReport {
        let source = Source::new(text);
        if let Some(fixing) = self.fixing {
            return self.fix_text(scope, path, display, source, settings, fixing);
        }
        self.check(scope, path, display, source, settings, None)
    }

    /// Parse and check `source`: a report with its text and document.
    fn check(
        &self,
        scope: &Scope,
        path: PathBuf,
        display: String,
        source: Source,
        settings: &Settings,
        fix: Option<FileFix>,
    ) -> FileReport {
        let document = Document::parse(&source);
        let diagnostics = check_document(&source, &document, &path, settings, &scope.env);
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
        scope: &Scope,
        path: PathBuf,
        display: String,
        source: Source,
        settings: &Settings,
        fixing: Fixing,
    ) -> FileReport {
        match fix_source(&source, &path, settings, &scope.env, fixing.mode) {
            Ok(fixed) => {
                let changed = fixed.changed(&source);
                let diff = (changed && fixing.diff)
                    .then(|| diff::of_file(&display, source.text(), fixed.source.text()));
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
                        original: (changed && (fixing.write || fixing.diff))
                            .then(|| source.into_text()),
                        diff,
                        applied: fixed.applied.values().sum(),
                        error: None,
                        unsettled: fixed.unsettled,
                        // Set by the caller, which knows where the text came from.
                        writes: false,
                    })),
                }
            }
            Err(e) => {
                let fix = FileFix {
                    error: Some(format!("was not fixed: {e}; nothing was written")),
                    ..FileFix::default()
                };
                self.check(scope, path, display, source, settings, Some(fix))
            }
        }
    }

    /// Write a fixed file. When it cannot be written, the report goes back
    /// to the text on disk and says why.
    pub fn write_back(&self, scope: &Scope, report: &mut FileReport, settings: &Settings) {
        let (Some(fix), Some(source)) = (&mut report.fix, &report.source) else {
            return;
        };
        let Some(original) = &fix.original else {
            return;
        };
        let root = weeklint_core::fs::normalize(&self.configs.cwd().join(&scope.project.root));
        if let Err(e) = write::write_fixed(&report.path, original, source.text(), &root) {
            let original = Source::new(fix.original.take().unwrap_or_default());
            let document = Document::parse(&original);
            report.diagnostics =
                check_document(&original, &document, &report.path, settings, &scope.env);
            report.document = Some(Box::new(document));
            report.source = Some(original);
            fix.applied = 0;
            fix.error = Some(e.to_string());
        }
    }

    /// Run the rules that need every file (unused and remote images),
    /// project by project: add their diagnostics to `reports`, and a
    /// report for each other path they name. `walked` are the folders and
    /// files a walk started from: a project they cover whole may be told
    /// of files no Markdown file uses. Returns notes for the user.
    pub fn project_pass(
        &self,
        reports: &mut Vec<FileReport>,
        walked: Option<&[PathBuf]>,
    ) -> Vec<String> {
        // Only reports that kept their document take part (none, unless a
        // rule that looks at the whole run is on).
        let mut groups: Vec<(Arc<Scope>, Vec<usize>)> = Vec::new();
        for (i, r) in reports.iter().enumerate() {
            if r.document.is_none() {
                continue;
            }
            let Ok(scope) = self.scope_for(&r.path) else {
                continue;
            };
            match groups.iter_mut().find(|(s, _)| Arc::ptr_eq(s, &scope)) {
                Some((_, members)) => members.push(i),
                None => groups.push((scope, vec![i])),
            }
        }
        let mut found = Vec::new();
        let mut at_paths = Vec::new();
        let mut notes = Vec::new();
        for (scope, members) in &groups {
            // One file's settings are every file's when no override applies.
            let settings: Vec<Cow<'_, Settings>> = members
                .iter()
                .map(|&i| match &scope.base {
                    Some(base) => Cow::Borrowed(base),
                    None => Cow::Owned(self.settings_for(scope, &reports[i].path)),
                })
                .collect();
            let mut index = Vec::new();
            let mut files = Vec::new();
            for (&i, settings) in members.iter().zip(&settings) {
                let r = &reports[i];
                if let (Some(source), Some(doc)) = (&r.source, r.document.as_deref()) {
                    index.push(i);
                    files.push(ProjectFile {
                        path: &r.path,
                        source,
                        doc,
                        settings: settings.as_ref(),
                    });
                }
            }
            let whole_project = walked
                .is_some_and(|paths| covers_root(paths, self.configs.cwd(), &scope.project.root));
            let settings_for = |path: &Path| self.settings_for(scope, path);
            let report = check_project(&ProjectContext {
                files: &files,
                env: &scope.env,
                whole_project,
                settings_for: &settings_for,
            });
            found.extend(index.into_iter().zip(report.in_files));
            at_paths.extend(report.at_paths);
            notes.extend(report.notes);
        }
        for (i, mut found) in found {
            if !found.is_empty() {
                let r = &mut reports[i];
                self.fix_late(r, &mut found);
                r.diagnostics.extend(found);
                weeklint_core::linter::sort_diagnostics(&mut r.diagnostics);
            }
        }
        for (path, d) in at_paths {
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
        notes.extend(self.env.fs.notes());
        notes
    }

    /// When fixing: apply the fixes of `found`, what the project pass found
    /// in the file of `report` (a link to an anchor of another page), to
    /// its fixed text, and write it again. What is left of `found`, and
    /// the file's other diagnostics, move to where they are in the new text.
    fn fix_late(&self, report: &mut FileReport, found: &mut Vec<Diagnostic>) {
        let (Some(fixing), Some(fix), Some(source)) =
            (self.fixing, report.fix.as_deref_mut(), &report.source)
        else {
            return;
        };
        // A file that could not be fixed or written is left as it is, and
        // so is one fixing may not write (a staged file with unstaged
        // changes): only stdin and `--diff` show fixes they do not write.
        if fix.error.is_some() || (fixing.write && !fix.writes) {
            return;
        }
        let late = match LateFixes::plan(source.text(), found, fixing.mode) {
            Ok(Some(late)) => late,
            Ok(None) => return,
            Err(e) => {
                fix.error = Some(format!("links to other pages were not fixed: {e}"));
                return;
            }
        };
        if fix.writes {
            // A file whose project cannot be read was not linted.
            let Ok(scope) = self.scope_for(&report.path) else {
                return;
            };
            let root = weeklint_core::fs::normalize(&self.configs.cwd().join(&scope.project.root));
            if let Err(e) = write::write_fixed(&report.path, source.text(), &late.text, &root) {
                fix.error = Some(format!("links to other pages were not fixed: {e}"));
                return;
            }
        }
        if fixing.diff {
            let before = fix.original.as_deref().unwrap_or(source.text());
            fix.diff = Some(diff::of_file(&report.display, before, &late.text));
        }
        fix.applied += late.applied;
        late.settle(found, &mut report.diagnostics);
        report.source = Some(Source::new(late.text));
    }

    /// `path` as printed: relative to the current folder when under it.
    pub fn display(&self, path: &Path) -> String {
        display_path(path, self.configs.cwd())
    }
}

/// Whether one of `paths` is the folder `root` or a folder above it, so
/// that every Markdown file under `root` is linted.
fn covers_root(paths: &[PathBuf], cwd: &Path, root: &Path) -> bool {
    let root = crate::discover::normalize(&cwd.join(root));
    paths.iter().any(|p| {
        let p = crate::discover::normalize(&cwd.join(p));
        root.starts_with(&p) && p.is_dir()
    })
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
