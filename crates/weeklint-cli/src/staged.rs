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
use rayon::prelude::*;
use weeklint_core::Settings;
use weeklint_core::fs::FsView;
use weeklint_core::git_index::{IndexEntry, IndexKind, IndexView};

use crate::discover::{Matcher, normalize};
use crate::git::{Git, IndexRecord};
use crate::run::{self, FileFix, FileReport, Linter, ReadError};

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
    pub fn read(cwd: &Path, root: &Path, matcher: &Matcher, paths: &[PathBuf]) -> Result<Staged> {
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
                let rel = matcher.relative(&abs);
                abs.starts_with(&root)
                    && matcher.is_included(&rel)
                    && !matcher.is_excluded(&rel)
                    && (limits.is_empty() || limits.iter().any(|l| abs.starts_with(l)))
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
    /// left alone, and reported.
    pub fn lint(&self, linter: &Linter<'_>) -> Result<Vec<FileReport>> {
        if linter.fixing.is_some_and(|f| f.write) {
            return self.fix(linter);
        }
        let files: Vec<&StagedFile> = self.files.iter().collect();
        self.lint_staged(linter, &files)
    }

    fn lint_staged(&self, linter: &Linter<'_>, files: &[&StagedFile]) -> Result<Vec<FileReport>> {
        let oids: Vec<&str> = files.iter().map(|f| f.oid.as_str()).collect();
        let blobs = self
            .git
            .blobs(&oids)
            .context("cannot read staged files from git")?;
        let mut reports: Vec<FileReport> = files
            .par_iter()
            .with_max_len(1)
            .map(|file| {
                let path = self.git.root().join(&file.rel);
                let display = file.rel.clone();
                let Some(bytes) = blobs.get(&file.oid).cloned() else {
                    let e = ReadError::Io(format!("git has no object {}", file.oid));
                    return FileReport::failed(path, display, &e);
                };
                match run::decode(bytes) {
                    Ok(text) => {
                        let settings = settings_for(linter, &path);
                        linter.lint_text(path, display, text, &settings)
                    }
                    Err(e) => FileReport::failed(path, display, &e),
                }
            })
            .collect();
        run::sort_reports(&mut reports);
        Ok(reports)
    }

    fn fix(&self, linter: &Linter<'_>) -> Result<Vec<FileReport>> {
        let unstaged: HashSet<String> = self
            .git
            .unstaged_paths()
            .context("cannot ask git which files have unstaged changes")?
            .into_iter()
            .collect();
        let (dirty, clean): (Vec<&StagedFile>, Vec<&StagedFile>) =
            self.files.iter().partition(|f| unstaged.contains(&f.rel));
        // A file left alone is still checked, as staged.
        let check_only = Linter {
            project: linter.project,
            matcher: linter.matcher,
            select: linter.select.clone(),
            ignore: linter.ignore.clone(),
            env: linter.env.clone(),
            fixing: None,
            print_edits: linter.print_edits,
        };
        let mut reports = self.lint_staged(&check_only, &dirty)?;
        for r in &mut reports {
            r.fix = Some(Box::new(FileFix {
                error: Some(MIXED.to_string()),
                ..FileFix::default()
            }));
        }
        // The working file is what is staged: fix it like any other file.
        let fixed: Vec<FileReport> = clean
            .par_iter()
            .with_max_len(1)
            .map(|file| {
                let path = self.git.root().join(&file.rel);
                let display = file.rel.clone();
                match run::read_text(&path) {
                    Ok(text) => {
                        let settings = settings_for(linter, &path);
                        let mut report = linter.lint_text(path, display, text, &settings);
                        linter.write_back(&mut report, &settings);
                        report
                    }
                    Err(e) => FileReport::failed(path, display, &e),
                }
            })
            .collect();
        let written: Vec<&str> = fixed
            .iter()
            .filter(|r| {
                r.fix
                    .as_ref()
                    .is_some_and(|f| f.original.is_some() && f.error.is_none())
            })
            .map(|r| r.display.as_str())
            .collect();
        self.git
            .add(&written)
            .context("the fixes were written, but git could not stage them")?;
        reports.extend(fixed);
        run::sort_reports(&mut reports);
        Ok(reports)
    }
}

/// Why `--staged --fix` leaves a file alone.
const MIXED: &str = "has unstaged changes, and fixing it would mix them into the commit; \
                     left alone: stage them (`git add`) or stash them (`git stash --keep-index`) first";

/// The settings for `path`. What the commit contains is the point of
/// `--staged`: an image it lacks is dead whatever `images.require-tracked`
/// says.
fn settings_for(linter: &Linter<'_>, path: &Path) -> Settings {
    let mut settings = linter.settings_for(path);
    settings.images.require_tracked = true;
    settings
}
