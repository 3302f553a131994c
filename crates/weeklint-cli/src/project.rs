//! The project: where its root is and which configuration applies.

use std::path::{Path, PathBuf};

use weeklint_core::{Config, ConfigError};

use crate::read::{ReadError, read_text};

/// The config file name, found by walking up from the current folder.
pub const CONFIG_FILE: &str = "lint.toml";

/// The configuration in effect and the folder it belongs to.
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
}

/// The largest `lint.toml` read: a config is a few lines, and a link to
/// a device or a huge file must not fill the memory.
const MAX_CONFIG_SIZE: u64 = 1 << 20;

/// Why the configuration could not be used.
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

impl Project {
    /// Find and read the configuration. `explicit` is `--config`;
    /// `isolated` ignores every config file.
    pub fn load(
        cwd: PathBuf,
        explicit: Option<&Path>,
        isolated: bool,
    ) -> Result<Project, LoadError> {
        let path = if isolated {
            None
        } else if let Some(p) = explicit {
            Some(cwd.join(p))
        } else {
            // Anything named lint.toml counts, so that a broken one (a
            // dangling link, a folder, a device) is reported, not passed
            // over for a config further up.
            cwd.ancestors()
                .map(|dir| dir.join(CONFIG_FILE))
                .find(|p| p.symlink_metadata().is_ok())
        };
        let Some(path) = path else {
            let root = git_root(&cwd).unwrap_or_else(|| cwd.clone());
            return Ok(Project {
                cwd,
                root,
                config: Config::default(),
                config_path: None,
            });
        };
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
        let root = path.parent().map_or_else(|| cwd.clone(), Path::to_path_buf);
        Ok(Project {
            cwd,
            root,
            config,
            config_path: Some(path),
        })
    }
}

/// The root of the git work tree holding `dir`: the nearest folder with a
/// `.git` folder or file (worktrees and submodules use a file).
pub fn git_root(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .find(|d| d.join(".git").exists())
        .map(Path::to_path_buf)
}
