//! Which files to lint: walk folders (gitignore-aware, hidden folders
//! skipped), match `files.include`/`files.exclude`, take explicit files as
//! given, and deduplicate.

use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use globset::{GlobSet, GlobSetBuilder};
use ignore::{WalkBuilder, WalkState};
use weeklint_core::Config;
use weeklint_core::config::glob;

/// A file to lint.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Candidate {
    /// The path to open, as given or found (relative paths stay relative).
    pub path: PathBuf,
}

/// A path that cannot be linted, and why.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    /// The path.
    pub path: PathBuf,
    /// What is wrong, e.g. `no such file or directory`.
    pub message: String,
}

/// `files.include` and `files.exclude`, compiled.
#[derive(Clone)]
pub struct Matcher {
    include: GlobSet,
    exclude: GlobSet,
    /// Exclude patterns without `/`, matched against each path component
    /// (`drafts` excludes any folder or file named `drafts`, as in gitignore).
    exclude_names: GlobSet,
    /// `dir/**` patterns as `dir`, to skip whole folders while walking.
    exclude_dirs: GlobSet,
    root: PathBuf,
    cwd: PathBuf,
}

impl Matcher {
    /// Compile the patterns of `config`; paths are matched relative to
    /// `root`, and relative paths are taken from `cwd`.
    pub fn new(config: &Config, root: &Path, cwd: &Path) -> Self {
        let set = |patterns: &mut dyn Iterator<Item = &str>| {
            let mut b = GlobSetBuilder::new();
            for p in patterns {
                // Patterns were validated when the config was read.
                if let Ok(g) = glob(p) {
                    b.add(g);
                }
            }
            b.build().unwrap_or_else(|_| GlobSet::empty())
        };
        Matcher {
            include: set(&mut config.include.iter().map(String::as_str)),
            exclude: set(&mut config.exclude.iter().map(String::as_str)),
            exclude_names: set(&mut config
                .exclude
                .iter()
                .map(String::as_str)
                .filter(|p| !p.contains('/'))),
            exclude_dirs: set(&mut config.exclude.iter().filter_map(|p| p.strip_suffix("/**"))),
            root: normalize(&cwd.join(root)),
            cwd: cwd.to_path_buf(),
        }
    }

    /// `path` relative to the project root, `/`-separated.
    pub fn relative(&self, path: &Path) -> String {
        let abs = normalize(&self.cwd.join(path));
        slash(abs.strip_prefix(&self.root).unwrap_or(&abs))
    }

    fn is_included(&self, rel: &str) -> bool {
        self.include.is_match(rel)
    }

    /// Whether `files.exclude` excludes the file or folder at `rel`.
    pub fn is_excluded(&self, rel: &str) -> bool {
        self.exclude.is_match(rel)
            || rel.split('/').any(|c| self.exclude_names.is_match(c))
            || ancestors(rel).any(|a| self.exclude.is_match(a) || self.exclude_dirs.is_match(a))
    }

    fn is_excluded_dir(&self, rel: &str) -> bool {
        self.exclude_dirs.is_match(rel)
            || self.exclude.is_match(rel)
            || rel
                .rsplit('/')
                .next()
                .is_some_and(|c| self.exclude_names.is_match(c))
    }
}

fn ancestors(rel: &str) -> impl Iterator<Item = &str> {
    rel.match_indices('/').map(move |(i, _)| &rel[..i])
}

/// Find the files to lint under `paths`.
pub fn discover(
    paths: &[PathBuf],
    matcher: &Matcher,
    force_exclude: bool,
) -> (Vec<Candidate>, Vec<Problem>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for given in paths {
        let path = normalize(given);
        let meta = match std::fs::metadata(&path) {
            Ok(m) => m,
            Err(e) => {
                problems.push(Problem {
                    path,
                    message: crate::run::describe_io_error(&e),
                });
                continue;
            }
        };
        if meta.is_dir() {
            walk(&path, matcher, &mut files, &mut problems);
        } else if !(force_exclude && matcher.is_excluded(&matcher.relative(&path))) {
            files.push(Candidate { path });
        }
    }
    files.sort();
    files.dedup_by(|a, b| a.path == b.path);
    problems.sort();
    problems.dedup();
    (files, problems)
}

fn walk(dir: &Path, matcher: &Matcher, files: &mut Vec<Candidate>, problems: &mut Vec<Problem>) {
    let found = Mutex::new((Vec::new(), Vec::new()));
    let walker = WalkBuilder::new(dir)
        .hidden(true)
        .parents(true)
        .git_ignore(true)
        .git_exclude(true)
        .git_global(true)
        .follow_links(false)
        .filter_entry({
            let m = matcher.clone();
            move |entry| {
                entry.depth() == 0
                    || !entry.file_type().is_some_and(|t| t.is_dir())
                    || !m.is_excluded_dir(&m.relative(entry.path()))
            }
        })
        .build_parallel();
    walker.run(|| {
        let found = &found;
        Box::new(move |entry| {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    if let Some(p) = ignore_error_path(&e) {
                        lock(found).1.push(Problem {
                            path: p,
                            message: e.to_string(),
                        });
                    }
                    return WalkState::Continue;
                }
            };
            if entry.depth() == 0 {
                return WalkState::Continue;
            }
            let path = normalize(entry.path());
            let rel = matcher.relative(&path);
            if !matcher.is_included(&rel) || matcher.is_excluded(&rel) {
                return WalkState::Continue;
            }
            let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
            let mut guard = lock(found);
            if is_dir {
                // `notes.md/` looks like a Markdown file but cannot be read
                // as one; its contents are still walked.
                guard.1.push(Problem {
                    path,
                    message: "is a directory, not a Markdown file".to_string(),
                });
            } else {
                guard.0.push(Candidate { path });
            }
            WalkState::Continue
        })
    });
    let (f, p) = found
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    files.extend(f);
    problems.extend(p);
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn ignore_error_path(e: &ignore::Error) -> Option<PathBuf> {
    match e {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            ignore_error_path(err)
        }
        ignore::Error::Loop { child, .. } => Some(child.clone()),
        _ => None,
    }
}

/// Remove `.` components and resolve `..` lexically; keep relative paths
/// relative.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => match out.components().next_back() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                // `/..` is `/`.
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(".."),
            },
            other => out.push(other.as_os_str()),
        }
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}

/// A path as printed: `/`-separated.
pub fn slash(path: &Path) -> String {
    let s = path.to_string_lossy();
    if std::path::MAIN_SEPARATOR == '/' {
        s.into_owned()
    } else {
        s.replace(std::path::MAIN_SEPARATOR, "/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_paths() {
        assert_eq!(normalize(Path::new("./a/./b.md")), PathBuf::from("a/b.md"));
        assert_eq!(normalize(Path::new("a/../b.md")), PathBuf::from("b.md"));
        assert_eq!(normalize(Path::new("../b.md")), PathBuf::from("../b.md"));
        assert_eq!(
            normalize(Path::new("../../b.md")),
            PathBuf::from("../../b.md")
        );
        assert_eq!(
            normalize(Path::new("a/../../b.md")),
            PathBuf::from("../b.md")
        );
        assert_eq!(normalize(Path::new(".")), PathBuf::from("."));
        assert_eq!(normalize(Path::new("/x/../y")), PathBuf::from("/y"));
    }

    #[test]
    fn exclude_like_gitignore() {
        let mut config = Config::default();
        config.exclude = vec![
            "node_modules/**".into(),
            "drafts".into(),
            "archive/*.md".into(),
        ];
        let m = Matcher::new(&config, Path::new("/r"), Path::new("/r"));
        assert!(m.is_excluded("node_modules/a/b.md"));
        assert!(m.is_excluded("drafts/x.md"));
        assert!(m.is_excluded("notes/drafts/x.md"));
        assert!(m.is_excluded("archive/x.md"));
        assert!(!m.is_excluded("archive/deep/x.md"));
        assert!(!m.is_excluded("notes/x.md"));
        assert!(m.is_excluded_dir("node_modules"));
        assert!(m.is_excluded_dir("a/drafts"));
    }

    #[test]
    fn include_is_case_insensitive() {
        let m = Matcher::new(&Config::default(), Path::new("/r"), Path::new("/r"));
        assert!(m.is_included("README.MD"));
        assert!(m.is_included("a/b/notes.Markdown"));
        assert!(!m.is_included("a/b/notes.txt"));
    }
}
