//! `weeklint check --staged`: lint what the commit will contain.
//!
//! Each staged Markdown file (added, copied, modified, renamed; not
//! deleted) is linted as the index has it, and images are resolved against
//! the index ([`IndexView`]): an image on disk but not staged is dead for
//! this commit. The index is read once: one `git ls-files`, one `git diff
//! --cached`, and one `git cat-file --batch` for every file's content.
//!
//! Paths are printed as the repository sees them: relative to the work
//! tree root, `/`-separated, wherever weeklint runs from.
//!
//! With `--fix`, a file whose working copy is its staged version is fixed
//! like any other and staged again; one with unstaged changes is left
//! alone, since fixing it would carry them into the commit.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context as _, Result};
use weeklint_core::fix::FixMode;
use weeklint_core::fs::FsView;
use weeklint_env::git::{Git, IndexEntry, IndexKind, IndexRecord, IndexView};

use crate::discover::normalize;
use crate::inputs::lint_all;
use crate::project::Configs;
use crate::read::ReadError;
use crate::report::{FileFix, FileReport, sort_reports};
use crate::run::{Input, Linter, PerFile};

/// A staged Markdown file to lint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StagedFile {
    /// Relative to the work tree root, `/`-separated.
    pub rel: String,
    /// The object id of its staged content.
    pub oid: String,
}

/// The index of the work tree weeklint runs in, and what in it to lint.
pub struct Staged {
    git: Git,
    files: Vec<StagedFile>,
    view: Arc<IndexView>,
}

impl Staged {
    /// Read the index of the work tree holding `cwd`, and pick the staged
    /// Markdown files `matcher` includes, under the project root `root`
    /// and, when `paths` are given, under one of them.
    /// Each file is checked with its nearest config; without `paths`, the
    /// files under `root` (the current folder's project) are.
    pub fn read(configs: &Configs, root: &Path, paths: &[PathBuf]) -> Result<Staged> {
        let cwd = configs.cwd();
        let git = Git::open(cwd).context("--staged needs a git work tree")?;
        let records = git.index().context("cannot read the git index")?;
        let changes = git
            .staged_changes()
            .context("cannot ask git what is staged")?;
        let root = normalize(&cwd.join(root));
        let limits: Vec<PathBuf> = paths.iter().map(|p| normalize(&cwd.join(p))).collect();
        let stage0: HashMap<&str, &IndexRecord> = records
            .iter()
            .filter(|r| r.stage == 0)
            .map(|r| (r.path.as_str(), r))
            .collect();
        let mut files: Vec<StagedFile> = changes
            .iter()
            .filter(|c| c.has_content())
            .filter_map(|c| stage0.get(c.path.as_str()))
            // Links and submodules are not Markdown text.
            .filter(|r| r.is_file())
            .filter(|r| {
                let abs = git.root().join(&r.path);
                let within = if limits.is_empty() {
                    abs.starts_with(&root)
                } else {
                    limits.iter().any(|l| abs.starts_with(l))
                };
                // A file whose config cannot be used is kept, to say so.
                within
                    && match configs.for_file(&abs) {
                        Ok(project) => {
                            let m = &project.matcher;
                            let rel = m.relative(&abs);
                            m.is_included(&rel) && !m.is_excluded(&rel)
                        }
                        Err(_) => true,
                    }
            })
            .map(|r| StagedFile {
                rel: r.path.clone(),
                oid: r.oid.clone(),
            })
            .collect();
        files.sort_by(|a, b| a.rel.cmp(&b.rel));
        files.dedup_by(|a, b| a.rel == b.rel);
        let entries = records
            .iter()
            .filter_map(|r| {
                let kind = match r.mode & 0o170000 {
                    0o100000 => IndexKind::File,
                    0o120000 => IndexKind::Link,
                    0o160000 => IndexKind::Submodule,
                    _ => return None,
                };
                Some(IndexEntry {
                    path: r.path.clone(),
                    kind,
                })
            })
            .collect();
        let ignored = git.clone();
        let view = IndexView::new(
            git.root().to_path_buf(),
            entries,
            Box::new(move || ignored.ignored_paths().map_err(|e| format!("{e:#}"))),
        );
        Ok(Staged {
            git,
            files,
            view: Arc::new(view),
        })
    }

    /// The file-system view images are resolved against: the index.
    pub fn view(&self) -> Arc<dyn FsView> {
        Arc::clone(&self.view) as Arc<dyn FsView>
    }

    /// The files to lint, sorted by path.
    pub fn files(&self) -> &[StagedFile] {
        &self.files
    }

    /// Lint the staged content of every file, in parallel; reports sorted
    /// by path. With `--fix`, fix the working files whose content is the
    /// staged one, and stage them again; a file with unstaged changes is
    /// left alone, and reported when it has fixes to apply.
    pub fn lint(
        &self,
        linter: &Linter<'_>,
        each: &PerFile,
        threads: usize,
    ) -> Result<Vec<FileReport>> {
        let Some(fixing) = linter.fixing.filter(|f| f.write) else {
            let files: Vec<&StagedFile> = self.files.iter().collect();
            return self.lint_staged(linter, each, &files, threads);
        };
        let unstaged: HashSet<String> = self
            .git
            .unstaged_paths()
            .context("cannot ask git which files have unstaged changes")?
            .into_iter()
            .collect();
        let (dirty, clean): (Vec<&StagedFile>, Vec<&StagedFile>) =
            self.files.iter().partition(|f| unstaged.contains(&f.rel));
        // A file left alone is still checked, as staged.
        let mut check_only = linter.clone();
        check_only.fixing = None;
        let mut reports = self.lint_staged(&check_only, each, &dirty, threads)?;
        for r in &mut reports {
            // With nothing to fix there is nothing to refuse.
            let fixable = r.diagnostics.iter().any(|d| {
                d.fix.as_ref().is_some_and(|f| {
                    fixing.mode == FixMode::Unsafe
                        || f.applicability == weeklint_core::Applicability::Safe
                })
            });
            r.fix = Some(Box::new(FileFix {
                error: fixable.then(|| MIXED.to_string()),
                ..FileFix::default()
            }));
        }
        // The working file is what is staged: fix it like any other file.
        let inputs = clean
            .iter()
            .map(|file| Input::file(self.git.root().join(&file.rel), file.rel.clone()))
            .collect();
        // They are staged again by `restage`, once the project pass has
        // fixed them too.
        let fixed = lint_all(linter, inputs, threads, &self.each_staged(each))?;
        reports.extend(fixed);
        sort_reports(&mut reports);
        Ok(reports)
    }

    /// With `--fix`, what stages the files fixed once the run is over.
    pub fn restage(&self, linter: &Linter<'_>) -> Option<Restage> {
        linter
            .fixing
            .is_some_and(|f| f.write)
            .then(|| Restage(self.git.clone()))
    }

    fn lint_staged(
        &self,
        linter: &Linter<'_>,
        each: &PerFile,
        files: &[&StagedFile],
        threads: usize,
    ) -> Result<Vec<FileReport>> {
        let oids: Vec<&str> = files.iter().map(|f| f.oid.as_str()).collect();
        let blobs = self
            .git
            .blobs(&oids)
            .context("cannot read staged files from git")?;
        let mut missing = Vec::new();
        let mut inputs = Vec::new();
        for file in files {
            let path = self.git.root().join(&file.rel);
            // Files of the same content share one object.
            match blobs.get(&file.oid) {
                Some(bytes) => inputs.push(Input {
                    path,
                    display: file.rel.clone(),
                    bytes: Some(bytes.clone()),
                    writable: false,
                }),
                None => {
                    let e = ReadError::Io(format!("git has no object {}", file.oid));
                    missing.push(FileReport::failed(path, file.rel.clone(), &e));
                }
            }
        }
        let mut reports = lint_all(linter, inputs, threads, &self.each_staged(each))?;
        reports.extend(missing);
        sort_reports(&mut reports);
        Ok(reports)
    }

    /// What every staged file shares. What the commit contains is the
    /// point of `--staged`: an image it lacks is dead whatever
    /// `images.require-tracked` says.
    fn each_staged(&self, each: &PerFile) -> PerFile {
        each.require_tracked()
    }
}

/// Stages again the files `--staged --fix` wrote.
pub struct Restage(Git);

impl Restage {
    /// `git add` every file of `reports` that fixes were written to.
    pub fn run(&self, reports: &[FileReport]) -> Result<()> {
        let written: Vec<&str> = reports
            .iter()
            .filter(|r| {
                r.fix
                    .as_ref()
                    .is_some_and(|f| f.writes && f.applied > 0 && f.error.is_none())
            })
            .map(|r| r.display.as_str())
            .collect();
        self.0
            .add(&written)
            .context("the fixes were written, but git could not stage them")
    }
}

/// Why `--staged --fix` leaves a file alone.
const MIXED: &str = "has unstaged changes, and fixing it would mix them into the commit; \
                     left alone: stage them (`git add`) or stash them (`git stash --keep-index`) first";
