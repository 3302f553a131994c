//! Projects: which configuration applies to a file, and its root. Each
//! file is linted with the nearest `lint.toml` above it; a run may meet
//! several (a folder of journals, each with its own).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use weeklint_core::{Config, ConfigError};

use crate::discover::Matcher;
use crate::read::{ReadError, read_text};

/// The config file name, found by walking up from each file's folder.
pub const CONFIG_FILE: &str = "lint.toml";

/// A configuration and the folder it belongs to.
#[derive(Debug)]
pub struct Project {
    /// The current folder (absolute).
    pub cwd: PathBuf,
    /// The folder holding lint.toml, else the git work tree root, else the
    /// current folder. `files` globs and image paths starting with `/` are
    /// relative to it.
    pub root: PathBuf,
    /// The parsed configuration (defaults when there is no file).
    pub config: Config,
    /// The file it came from.
    pub config_path: Option<PathBuf>,
    /// Its `files` patterns, compiled.
    pub matcher: Matcher,
}

/// The largest `lint.toml` read: a config is a few lines, and a link to
/// a device or a huge file must not fill the memory.
const MAX_CONFIG_SIZE: u64 = 1 << 20;

/// Why a configuration could not be used.
#[derive(Debug)]
pub enum LoadError {
    /// The file could not be read, or is not a text file.
    Read(PathBuf, ReadError),
    /// The file has problems; all of them are listed.
    Invalid {
        /// The config file.
        path: PathBuf,
        /// Its text, for rendering the spans.
        text: String,
        /// What is wrong.
        errors: Vec<ConfigError>,
    },
}

impl LoadError {
    /// The config file it is about.
    pub fn path(&self) -> &Path {
        match self {
            LoadError::Read(path, _) | LoadError::Invalid { path, .. } => path,
        }
    }
}

/// What a folder's configuration is: a project, or the reason its
/// nearest `lint.toml` cannot be used.
pub type Found = Result<Arc<Project>, Arc<LoadError>>;

impl Project {
    /// The project of the `lint.toml` at `path` (absolute).
    pub fn read(cwd: &Path, path: PathBuf) -> Result<Project, LoadError> {
        let too_large =
            std::fs::metadata(&path).is_ok_and(|m| m.is_file() && m.len() > MAX_CONFIG_SIZE);
        let text = if too_large {
            Err(ReadError::Content(format!(
                "is larger than the {} MB weeklint reads as a config",
                MAX_CONFIG_SIZE >> 20
            )))
        } else {
            read_text(&path, MAX_CONFIG_SIZE)
        };
        let text = text.map_err(|e| LoadError::Read(path.clone(), e))?;
        let config = Config::parse(&text).map_err(|errors| LoadError::Invalid {
            path: path.clone(),
            text,
            errors,
        })?;
        let root = path
            .parent()
            .map_or_else(|| cwd.to_path_buf(), Path::to_path_buf);
        Ok(Project::new(cwd, root, config, Some(path)))
    }

    /// The project of `config` at `root`.
    pub fn new(cwd: &Path, root: PathBuf, config: Config, config_path: Option<PathBuf>) -> Self {
        Project {
            matcher: Matcher::new(&config, &root, cwd),
            cwd: cwd.to_path_buf(),
            root,
            config,
            config_path,
        }
    }

    /// Defaults, for files with no `lint.toml` above them: the root is
    /// `root`.
    fn defaults(cwd: &Path, root: PathBuf) -> Project {
        Project::new(cwd, root, Config::default(), None)
    }
}

/// The configurations of a run, found folder by folder and kept.
#[derive(Debug)]
pub struct Configs {
    cwd: PathBuf,
    /// Where the search for a `lint.toml` stops outside a repository.
    home: Option<PathBuf>,
    /// `--config` or `--isolated`: one project for every file.
    fixed: Option<Arc<Project>>,
    /// Each folder asked about (absolute), and what applies there.
    by_dir: Mutex<HashMap<PathBuf, Found>>,
}

impl Configs {
    /// The configurations seen from `cwd` (absolute). `explicit` is
    /// `--config`, read now; `isolated` ignores every config file.
    pub fn new(cwd: PathBuf, explicit: Option<&Path>, isolated: bool) -> Result<Self, LoadError> {
        let fixed = if let Some(path) = explicit {
            Some(Arc::new(Project::read(&cwd, cwd.join(path))?))
        } else if isolated {
            let root = git_root(&cwd).unwrap_or_else(|| cwd.clone());
            Some(Arc::new(Project::defaults(&cwd, root)))
        } else {
            None
        };
        Ok(Configs {
            home: std::env::home_dir(),
            cwd,
            fixed,
            by_dir: Mutex::new(HashMap::new()),
        })
    }

    /// One project for every file (what `weeklint init` infers for).
    pub fn fixed(cwd: PathBuf, project: Project) -> Self {
        Configs {
            home: None,
            cwd,
            fixed: Some(Arc::new(project)),
            by_dir: Mutex::new(HashMap::new()),
        }
    }

    /// The current folder (absolute).
    pub fn cwd(&self) -> &Path {
        &self.cwd
    }

    /// The configs that could not be used, once each, by path.
    pub fn failures(&self) -> Vec<Arc<LoadError>> {
        let by_dir = self.by_dir.lock().unwrap_or_else(PoisonError::into_inner);
        let mut failed: Vec<Arc<LoadError>> = by_dir
            .values()
            .filter_map(|f| f.as_ref().err())
            .cloned()
            .collect();
        failed.sort_by(|a, b| a.path().cmp(b.path()));
        failed.dedup_by(|a, b| a.path() == b.path());
        failed
    }

    /// What applies in the folder `dir` (relative to the current folder,
    /// or absolute): the nearest `lint.toml` at or above it, looked for up
    /// to the root of its git repository, else up to the home folder;
    /// defaults when there is none. Anything named `lint.toml` counts, so
    /// that a broken one is reported, not passed over for one further up.
    pub fn for_dir(&self, dir: &Path) -> Found {
        if let Some(fixed) = &self.fixed {
            return Ok(Arc::clone(fixed));
        }
        let dir = crate::discover::normalize(&self.cwd.join(dir));
        self.lookup(&dir)
    }

    /// What applies to the file at `path`.
    pub fn for_file(&self, path: &Path) -> Found {
        let abs = crate::discover::normalize(&self.cwd.join(path));
        self.for_dir(abs.parent().unwrap_or(&abs))
    }

    fn lookup(&self, dir: &Path) -> Found {
        let cached = self
            .by_dir
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(dir)
            .cloned();
        if let Some(found) = cached {
            return found;
        }
        let config = dir.join(CONFIG_FILE);
        let found = if config.symlink_metadata().is_ok() {
            Project::read(&self.cwd, config)
                .map(Arc::new)
                .map_err(Arc::new)
        } else if dir.join(".git").exists() {
            // A repository's own config is inside it: one above it belongs
            // to something else.
            Ok(Arc::new(Project::defaults(&self.cwd, dir.to_path_buf())))
        } else {
            match dir.parent() {
                Some(parent) if self.home.as_deref() != Some(dir) => self.lookup(parent),
                // At the home folder or the top: defaults, rooted as the
                // current folder is.
                _ => {
                    let root = git_root(&self.cwd).unwrap_or_else(|| self.cwd.clone());
                    Ok(Arc::new(Project::defaults(&self.cwd, root)))
                }
            }
        };
        self.by_dir
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(dir.to_path_buf(), found.clone());
        found
    }
}

/// The root of the git work tree holding `dir`: the nearest folder with a
/// `.git` folder or file (worktrees and submodules use a file).
pub fn git_root(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .find(|d| d.join(".git").exists())
        .map(Path::to_path_buf)
}
