//! Everything weeklint knows about git, with one policy for git's
//! environment.
//!
//! Inside a git hook, `GIT_DIR` and `GIT_INDEX_FILE` name the repository
//! and the index of the commit being made (`git commit FILE` builds an
//! index of its own). They are honoured for that repository, the one
//! holding the current folder, and only for it: another repository met on
//! the way (a submodule, a nested one) is read from its own `.git`.

mod commands;
mod index_file;
mod index_view;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use rustc_hash::FxHashSet as HashSet;

pub use commands::{
    Change, Git, IndexRecord, parse_cat_file_batch, parse_ls_files_stage, parse_name_status,
};
pub use index_view::{IndexEntry, IndexKind, IndexView, ListIgnored};

/// The variables by which git's environment names a repository and index.
const ENV_VARS: [&str; 4] = ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_PREFIX"];

/// The work tree root of the repository git's environment names, when it
/// names one (`GIT_DIR` or `GIT_INDEX_FILE` is set): the one git itself
/// would use from the current folder.
fn environment_root() -> Option<&'static Path> {
    static ROOT: OnceLock<Option<PathBuf>> = OnceLock::new();
    ROOT.get_or_init(|| {
        if ENV_VARS[..3].iter().all(|v| std::env::var_os(v).is_none()) {
            return None;
        }
        let out = Command::new("git")
            .args(["rev-parse", "--show-toplevel"])
            .output()
            .ok()?;
        let root = String::from_utf8(out.stdout).ok()?;
        let root = root.trim_end_matches(['\n', '\r']);
        (out.status.success() && !root.is_empty()).then(|| PathBuf::from(root))
    })
    .as_deref()
}

/// Whether git's environment speaks for the work tree at `root`.
fn environment_applies(root: &Path) -> bool {
    environment_root().is_some_and(|env| {
        env == root || std::fs::canonicalize(env).ok() == std::fs::canonicalize(root).ok()
    })
}

/// `git -C root`, with git's environment only when it speaks for `root`.
pub fn command(root: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.arg("-C").arg(root);
    if !environment_applies(root) {
        for var in ENV_VARS {
            cmd.env_remove(var);
        }
    }
    cmd
}

/// The root of the git work tree holding `dir`: the nearest folder with a
/// `.git` folder or file (worktrees and submodules have a file, and a
/// submodule is its own repository).
pub fn work_tree_root(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .find(|d| d.join(".git").exists())
        .map(Path::to_path_buf)
}

/// The git folder of the work tree at `root`: `.git`, or where a `.git`
/// file (a worktree, a submodule) points.
pub fn git_dir(root: &Path) -> Option<PathBuf> {
    let dot_git = root.join(".git");
    let meta = std::fs::metadata(&dot_git).ok()?;
    if meta.is_dir() {
        return Some(dot_git);
    }
    let text = std::fs::read_to_string(&dot_git).ok()?;
    let target = text.lines().next()?.strip_prefix("gitdir:")?.trim();
    Some(root.join(target))
}

/// The folder a git folder shares its config, hooks and objects with: a
/// linked worktree's main repository (`commondir`), else itself.
pub fn common_dir(git_dir: &Path) -> PathBuf {
    match std::fs::read_to_string(git_dir.join("commondir")) {
        Ok(rel) => git_dir.join(rel.trim()),
        Err(_) => git_dir.to_path_buf(),
    }
}

/// The paths in the index of the work tree at `root`, each followed by a
/// NUL, as `git ls-files -z --cached --full-name` prints them: read from
/// the index file when it can be, else from git.
pub fn index_paths(root: &Path) -> Result<Vec<u8>, String> {
    // An index named by the environment is git's to read.
    let own_index = !environment_applies(root) || std::env::var_os("GIT_INDEX_FILE").is_none();
    match own_index.then(|| index_file::read_paths(root)).flatten() {
        Some(paths) => Ok(paths),
        None => output(root, &["ls-files", "-z", "--cached", "--full-name"]),
    }
}

/// The paths of an index file's `bytes`, each followed by a NUL, as
/// [`index_paths`] gives them; `None` for what the reader leaves to git.
/// (Public for the fuzz target: arbitrary bytes must never panic it.)
pub fn parse_index(bytes: &[u8]) -> Option<Vec<u8>> {
    index_file::parse(bytes)
}

/// The paths of the index of the work tree at `root` that a sparse
/// checkout leaves out (skip-worktree), relative to the root.
pub fn skip_worktree(root: &Path) -> Result<Vec<String>, String> {
    let out = output(root, &["ls-files", "-z", "-t", "--cached", "--full-name"])?;
    // Each record is a status letter, a space and the path.
    Ok(split_z(&out)
        .into_iter()
        .filter_map(|r| r.strip_prefix("S ").map(str::to_string))
        .collect())
}

/// The `git` arguments that list the files git ignores, NUL-separated and
/// relative to the work tree root, an ignored folder once with a final
/// `/` (what [`Ignored`] reads).
pub const LS_IGNORED: &[&str] = &[
    "ls-files",
    "-z",
    "--others",
    "--ignored",
    "--exclude-standard",
    "--directory",
    "--full-name",
];

/// The files git ignores in the work tree at `root`.
pub fn ignored(root: &Path) -> Result<Ignored, String> {
    Ok(Ignored::new(split_z(&output(root, LS_IGNORED)?)))
}

/// Run `git -C root ARGS`: its output, or the first line of what git said.
pub fn output(root: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let out = command(root)
        .args(args)
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => "git is not installed".to_string(),
            _ => format!("cannot run git: {e}"),
        })?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        let first = stderr.lines().next().unwrap_or("git failed").trim();
        return Err(first.trim_start_matches("fatal: ").to_string());
    }
    Ok(out.stdout)
}

/// NUL-separated fields, empty ones dropped.
pub fn split_z(out: &[u8]) -> Vec<String> {
    out.split(|&b| b == 0)
        .filter(|f| !f.is_empty())
        .map(|f| String::from_utf8_lossy(f).into_owned())
        .collect()
}

/// Ignored files, and ignored folders (listed once, with a trailing `/`).
#[derive(Debug)]
pub struct Ignored {
    files: HashSet<String>,
    dirs: Vec<String>,
}

impl Ignored {
    /// The ignored paths, relative to the work tree root, folders with a
    /// final `/`.
    pub fn new(paths: Vec<String>) -> Self {
        let (dirs, files): (Vec<String>, Vec<String>) =
            paths.into_iter().partition(|p| p.ends_with('/'));
        Ignored {
            files: files.into_iter().collect(),
            dirs,
        }
    }

    /// Whether the path `rel` (relative to the work tree root) is ignored.
    pub fn contains(&self, rel: &str) -> bool {
        self.files.contains(rel) || self.dirs.iter().any(|d| rel.starts_with(d.as_str()))
    }
}
