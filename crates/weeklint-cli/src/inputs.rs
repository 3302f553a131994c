//! What a run lints: the files under the given paths (the walk), the
//! staged version of each staged file (`--staged`), or stdin. Each is
//! handed, file by file, to the one per-file pipeline ([`Linter::lint`]).

use std::path::PathBuf;

use anyhow::{Context as _, Result};
use rayon::prelude::*;
use weeklint_core::Config;

use crate::discover::{Missing, Walked, discover_each};
use crate::read::{read_limited, too_large};
use crate::report::{FileReport, sort_reports};
use crate::run::{Input, Linter};
use crate::staged::Staged;

/// Where a run's files come from.
pub enum Inputs {
    /// The Markdown files under these paths.
    Walk {
        /// Files and folders, as given.
        paths: Vec<PathBuf>,
        /// Apply `files.exclude` to files given by name too.
        force_exclude: bool,
    },
    /// What the commit will contain.
    Staged(Staged),
    /// One document on stdin, linted as if it were at `name`.
    Stdin {
        /// The path it is linted as.
        name: PathBuf,
    },
}

/// What linting the inputs gave.
pub struct Linted {
    /// One report per file (and per path that could not be linted), sorted.
    pub reports: Vec<FileReport>,
    /// The folders and files a walk started from: a project they cover
    /// whole may be told of files no Markdown file uses.
    pub walked: Option<Vec<PathBuf>>,
    /// Stdin as read, when it could not be decoded: `--fix` gives it back.
    pub undecoded_stdin: Option<Vec<u8>>,
    /// What the run passed over and why, for stderr.
    pub warnings: Vec<String>,
    /// The paths given that do not exist, in the order given.
    pub missing: Vec<Missing>,
    /// `--staged --fix`: what stages the fixed files, after the project
    /// pass.
    pub restage: Option<crate::staged::Restage>,
}

impl Inputs {
    /// Lint every input on `threads` threads.
    pub fn lint(self, linter: &Linter<'_>, threads: usize) -> Result<Linted> {
        let each = crate::run::PerFile::default();
        let mut linted = Linted {
            reports: Vec::new(),
            walked: None,
            undecoded_stdin: None,
            warnings: Vec::new(),
            missing: Vec::new(),
            restage: None,
        };
        match self {
            Inputs::Walk {
                paths,
                force_exclude,
            } => {
                let (reports, walked) = lint_found(linter, threads, &each, |found| {
                    discover_each(
                        &paths,
                        linter.configs,
                        force_exclude,
                        linter.env.fs.as_ref(),
                        found,
                    )
                })?;
                linted.reports = reports;
                linted.missing = walked.missing;
                linted.warnings = walked
                    .outside_links
                    .iter()
                    .map(|p| {
                        format!(
                            "{} links to a file outside the project root; not followed",
                            linter.display(p)
                        )
                    })
                    .collect();
                linted.reports.extend(walked.problems.into_iter().map(|p| {
                    let display = linter.display(&p.path);
                    FileReport::failed(p.path, display, &p.error)
                }));
                linted.walked = Some(paths);
            }
            Inputs::Staged(staged) => {
                linted.reports = staged.lint(linter, &each, threads)?;
                linted.restage = staged.restage(linter);
            }
            Inputs::Stdin { name } => {
                let limit = linter
                    .configs
                    .for_file(&name)
                    .map_or(Config::default().max_size_bytes(), |p| {
                        p.config.max_size_bytes()
                    });
                let bytes =
                    read_limited(std::io::stdin().lock(), 0, limit).context("cannot read stdin")?;
                let display = linter.display(&name);
                let Some(bytes) = bytes else {
                    let report = FileReport::failed(name, display, &too_large(limit));
                    linted.reports.push(report);
                    return Ok(linted);
                };
                // The whole text is kept: with `--fix` it goes back on stdout.
                let report = match crate::read::decode(bytes.clone()) {
                    Ok(text) => match linter.scope_for(&name) {
                        Ok(scope) => {
                            let settings = linter.settings_for(&scope, &name);
                            linter.lint_text(&scope, name, display, text, &settings)
                        }
                        Err(e) => {
                            let config = crate::run::display_path(e.path(), linter.configs.cwd());
                            let e = crate::read::ReadError::Content(format!(
                                "was not checked: {config} has problems"
                            ));
                            FileReport::failed(name, display, &e)
                        }
                    },
                    Err(e) => {
                        linted.undecoded_stdin = Some(bytes);
                        FileReport::failed(name, display, &e)
                    }
                };
                linted.reports.push(report);
            }
        }
        sort_reports(&mut linted.reports);
        Ok(linted)
    }
}

/// Lint `inputs` in parallel on `threads` threads, a file at a time.
pub fn lint_all(
    linter: &Linter<'_>,
    inputs: Vec<Input>,
    threads: usize,
    each: &crate::run::PerFile,
) -> Result<Vec<FileReport>> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("cannot start threads")?;
    Ok(pool.install(|| {
        inputs
            .into_par_iter()
            .map(|input| linter.lint(input, each))
            .collect()
    }))
}

/// Lint the files `discover` hands over on `threads` threads, each as
/// soon as it is found: the walk runs on its own thread meanwhile.
fn lint_found(
    linter: &Linter<'_>,
    threads: usize,
    each: &crate::run::PerFile,
    discover: impl FnOnce(&mut dyn FnMut(PathBuf)) -> Walked + Send,
) -> Result<(Vec<FileReport>, Walked)> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("cannot start threads")?;
    let (tx, rx) = std::sync::mpsc::channel();
    Ok(std::thread::scope(|s| {
        let walk = s.spawn(move || discover(&mut |path| drop(tx.send(path))));
        let reports = pool.install(|| {
            rx.into_iter()
                .par_bridge()
                .map(|path| {
                    let display = linter.display(&path);
                    linter.lint(Input::file(path, display), each)
                })
                .collect()
        });
        let walked = walk
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (reports, walked)
    }))
}
