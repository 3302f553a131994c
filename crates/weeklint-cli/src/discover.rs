//! Which files to lint: walk folders ([`walk`]: `.gitignore`, `.ignore`,
//! `info/exclude` and git's global excludes, from the walked folders and
//! the folders above them; hidden files left out unless an ignore file
//! names them), match `files.include` and `files.exclude`, take explicit
//! files as given, and list each file once.

mod walk;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{GlobSet, GlobSetBuilder};
use rustc_hash::FxHashSet;
use weeklint_core::Config;
use weeklint_core::config::glob;
use weeklint_core::fs::{FsView, push_slash};

use crate::project::{CONFIG_FILE, Configs, LoadError, Project};

use crate::read::{NOT_REGULAR, ReadError, describe_io_error};
use walk::{EntryType, Folders, Visit, under, walk};

/// A file to lint, as the walk finds it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Candidate {
    /// The path to open, as given or found (relative paths stay relative).
    path: PathBuf,
    /// The path is a symbolic link.
    link: bool,
    /// Found by walking a folder, not named.
    walked: bool,
}

/// A path that cannot be linted, and why.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    /// The path.
    pub path: PathBuf,
    /// What is wrong.
    pub error: ReadError,
}

/// A path given on the command line that does not exist: a mistake in
/// the arguments, said as such, not a file that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    /// The path as given.
    pub path: PathBuf,
    /// Why it is not there: `no such file or directory`, `not a directory`.
    pub reason: String,
}

/// `files.include` and `files.exclude`, compiled.
#[derive(Debug)]
pub struct Matcher {
    include: GlobSet,
    exclude: GlobSet,
    /// Exclude patterns without `/`, matched against each path component
    /// (`drafts` excludes any folder or file named `drafts`, as in gitignore).
    exclude_names: GlobSet,
    /// `dir/**` patterns as `dir`, to skip whole folders while walking.
    exclude_dirs: GlobSet,
    /// When every include pattern is `**/*.EXT` (the default), the
    /// extensions, lowercase: then a file's name alone can rule it out,
    /// without working out its path (most files of a journal are images).
    include_exts: Option<Vec<String>>,
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
            include_exts: config
                .include
                .iter()
                .map(|p| {
                    let ext = p.strip_prefix("**/*.")?;
                    ext.bytes()
                        .all(|b| b.is_ascii_alphanumeric())
                        .then(|| ext.to_ascii_lowercase())
                })
                .collect(),
            root: normalize(&cwd.join(root)),
            cwd: cwd.to_path_buf(),
        }
    }

    /// `path` relative to the project root, `/`-separated.
    pub fn relative(&self, path: &Path) -> String {
        let abs = normalize(&self.cwd.join(path));
        slash(abs.strip_prefix(&self.root).unwrap_or(&abs))
    }

    /// Whether the name alone shows that `files.include` cannot take the
    /// file (patterns are case-insensitive, as [`Matcher::is_included`]).
    fn rules_out_name(&self, name: &std::ffi::OsStr) -> bool {
        let Some(exts) = &self.include_exts else {
            return false;
        };
        let name = name.as_encoded_bytes();
        !exts.iter().any(|ext| {
            name.len() > ext.len()
                && name[name.len() - ext.len() - 1] == b'.'
                && name[name.len() - ext.len()..].eq_ignore_ascii_case(ext.as_bytes())
        })
    }

    /// Whether `files.include` takes the file at `rel`.
    pub fn is_included(&self, rel: &str) -> bool {
        self.include.is_match(rel)
    }

    /// [`Matcher::is_included`] for a file whose name
    /// [`Matcher::rules_out_name`] did not rule out: with extension
    /// patterns only, the name already answered.
    fn includes_named(&self, rel: &str) -> bool {
        self.include_exts.is_some() || self.is_included(rel)
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

/// Find the files to lint under `paths`, sorted by path, with what else
/// the walk found. See [`discover_each`].
pub fn discover(
    paths: &[PathBuf],
    configs: &Configs,
    force_exclude: bool,
    fs: &dyn FsView,
) -> (Vec<PathBuf>, Walked) {
    let mut files = Vec::new();
    let walked = discover_each(paths, configs, force_exclude, fs, &mut |p| {
        files.push(p);
    });
    // By bytes: comparing paths component by component costs several
    // times more.
    files.sort_unstable_by(|a, b| {
        a.as_os_str()
            .as_encoded_bytes()
            .cmp(b.as_os_str().as_encoded_bytes())
    });
    (files, walked)
}

/// Find the files to lint under `paths`, handing each to `found` as the
/// walk reaches it; returns the paths that cannot be linted, sorted, and
/// the given paths that do not exist, in the order given. Each file's
/// `files` patterns are those of its nearest config (`configs`). Folders
/// are read through `fs` (absolute paths), where the image rules find
/// them listed.
///
/// Each file is handed over once, under one name: a path given twice, or
/// found by two walks, once; a link to a file handed over too, or a
/// second link to one file, not at all (links wait for the end of the
/// walk).
pub fn discover_each(
    paths: &[PathBuf],
    configs: &Configs,
    force_exclude: bool,
    fs: &dyn FsView,
    found: &mut dyn FnMut(PathBuf),
) -> Walked {
    let cwd = configs.cwd();
    let folders = Folders { fs, cwd };
    // Fx, not SipHash: every file found is hashed, and the paths come
    // from the user's own folders.
    let mut seen: FxHashSet<PathBuf> = FxHashSet::default();
    let mut links = Vec::new();
    let mut problems = Vec::new();
    let mut missing: Vec<Missing> = Vec::new();
    let mut outside_links = Vec::new();
    let mut take = |candidate: Candidate| {
        if candidate.link {
            links.push(candidate);
        } else if seen.insert(candidate.path.clone()) {
            found(candidate.path);
        }
    };
    for given in paths {
        let path = normalize(given);
        let meta = match std::fs::metadata(&path) {
            Ok(m) => m,
            Err(e) if does_not_exist(&e, &path) => {
                // Once per path, however often or however spelt.
                if !missing.iter().any(|m| normalize(&m.path) == path) {
                    missing.push(Missing {
                        path: given.clone(),
                        reason: describe_io_error(&e),
                    });
                }
                continue;
            }
            Err(e) => {
                problems.push(Problem {
                    path,
                    error: ReadError::Io(describe_io_error(&e)),
                });
                continue;
            }
        };
        let project = if meta.is_dir() {
            configs.for_dir(&path)
        } else {
            configs.for_file(&path)
        };
        let project = match project {
            Ok(p) => p,
            Err(e) => {
                problems.push(not_checked(path, &e, cwd));
                continue;
            }
        };
        if meta.is_dir() {
            walk_folder(&path, &project, configs, &folders, &mut take, &mut problems);
        } else if force_exclude
            && project
                .matcher
                .is_excluded(&project.matcher.relative(&path))
        {
            continue;
        } else if !meta.is_file() {
            // A FIFO, socket or device is named, never opened: opening
            // one can wait, or do what its driver does on open.
            problems.push(Problem {
                path,
                error: ReadError::Content(NOT_REGULAR.to_string()),
            });
        } else {
            let link = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
            take(Candidate {
                path,
                link,
                walked: false,
            });
        }
    }
    if !links.is_empty() {
        let mut all: Vec<Candidate> = seen
            .into_iter()
            .map(|path| Candidate {
                path,
                link: false,
                walked: false,
            })
            .collect();
        links.sort();
        links.dedup_by(|a, b| a.path == b.path);
        outside_links = leave_root(&mut links, configs);
        all.append(&mut links);
        drop_aliases(&mut all);
        for c in all.into_iter().filter(|c| c.link) {
            found(c.path);
        }
    }
    problems.sort();
    problems.dedup();
    Walked {
        problems,
        missing,
        outside_links,
    }
}

/// A path left unlinted because its config cannot be used; the config's
/// problems are printed once, apart.
fn not_checked(path: PathBuf, e: &LoadError, cwd: &Path) -> Problem {
    let config = crate::run::display_path(e.path(), cwd);
    Problem {
        path,
        error: ReadError::Content(format!("was not checked: {config} has problems")),
    }
}

/// Whether `error`, from asking what `path` is, says there is nothing at
/// `path`: not even a dangling link, which is a file that cannot be read.
fn does_not_exist(error: &std::io::Error, path: &Path) -> bool {
    use std::io::ErrorKind;
    matches!(error.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory)
        && std::fs::symlink_metadata(path).is_err()
}

/// What a walk found besides the files it handed over.
pub struct Walked {
    /// The paths that cannot be linted, sorted.
    pub problems: Vec<Problem>,
    /// The paths given that do not exist, in the order given.
    pub missing: Vec<Missing>,
    /// Links found by the walk that lead out of the project root: not
    /// followed (as ripgrep does not follow a loop), and said once.
    pub outside_links: Vec<PathBuf>,
}

/// Take out of `links` those found by the walk whose target is outside
/// their project's root: a committed link to `../outside/sshd_config`
/// would have it read, printed and fixed. Returns them, sorted.
fn leave_root(links: &mut Vec<Candidate>, configs: &Configs) -> Vec<PathBuf> {
    let mut outside = Vec::new();
    links.retain(|c| {
        let root = || {
            let project = configs.for_file(&c.path).ok()?;
            std::fs::canonicalize(&project.root).ok()
        };
        // A dangling link stays, to be reported as one.
        let leaves = c.walked
            && std::fs::canonicalize(&c.path)
                .is_ok_and(|target| root().is_some_and(|root| !target.starts_with(root)));
        if leaves {
            outside.push(c.path.clone());
        }
        !leaves
    });
    outside
}

/// Paths under one walked folder, relative to the project root without
/// re-resolving each one: the folder's own relative path is worked out once.
struct WalkBase {
    dir: PathBuf,
    /// The folder relative to the project root, with a final `/` (empty
    /// for the root itself).
    prefix: String,
}

impl WalkBase {
    fn new(dir: &Path, matcher: &Matcher) -> Self {
        let rel = matcher.relative(dir);
        let prefix = if rel.is_empty() || rel == "." {
            String::new()
        } else {
            rel + "/"
        };
        WalkBase {
            dir: dir.to_path_buf(),
            prefix,
        }
    }

    /// `path` (found under `dir`) relative to the project root.
    fn relative(&self, path: &Path) -> String {
        let rest = under(path, &self.dir);
        let mut rel = String::with_capacity(self.prefix.len() + rest.as_os_str().len());
        rel.push_str(&self.prefix);
        push_slash(&mut rel, rest);
        rel
    }

    /// The path to open: as found, without the leading `./` of a walk of
    /// `.`.
    fn path(&self, path: PathBuf) -> PathBuf {
        if self.dir != Path::new(".") {
            return path;
        }
        under(&path, Path::new(".")).to_path_buf()
    }
}

/// Walk the folder `dir`, whose config is `project`, handing each file
/// to lint to `take`.
fn walk_folder(
    dir: &Path,
    project: &Arc<Project>,
    configs: &Configs,
    folders: &Folders<'_>,
    take: &mut dyn FnMut(Candidate),
    problems: &mut Vec<Problem>,
) {
    let matcher = &project.matcher;
    let base = WalkBase::new(dir, matcher);
    // Inside an excluded folder everything is excluded; checked once here,
    // so that each file below only needs its own name checked.
    if !base.prefix.is_empty() && matcher.is_excluded(base.prefix.trim_end_matches('/')) {
        return;
    }
    walk(
        dir,
        folders,
        &mut Found {
            base: &base,
            project,
            configs,
            fs: folders.fs,
            nested: Vec::new(),
            take,
            problems,
        },
    );
}

/// What a walk does with what it finds.
struct Found<'a> {
    base: &'a WalkBase,
    /// The config of the walk's folder.
    project: &'a Arc<Project>,
    configs: &'a Configs,
    fs: &'a dyn FsView,
    /// Folders below with a config of their own (or a repository of their
    /// own, which a config above does not reach), absolute.
    nested: Vec<(PathBuf, Arc<Project>)>,
    take: &'a mut dyn FnMut(Candidate),
    problems: &'a mut Vec<Problem>,
}

impl Found<'_> {
    /// The config of the file or folder at `path`, and its path relative
    /// to that config's root.
    fn governing(&self, path: &Path) -> (&Project, String) {
        if self.nested.is_empty() {
            return (self.project, self.base.relative(path));
        }
        let abs = normalize(&self.configs.cwd().join(path));
        let nearest = self
            .nested
            .iter()
            .filter(|(dir, _)| abs.starts_with(dir) && abs != *dir)
            .max_by_key(|(dir, _)| dir.as_os_str().len());
        match nearest {
            Some((_, project)) => (project, project.matcher.relative(path)),
            None => (self.project, self.base.relative(path)),
        }
    }
}

impl Visit for Found<'_> {
    fn enter(&mut self, path: &Path) -> bool {
        let (project, rel) = self.governing(path);
        if project.matcher.is_excluded_dir(&rel) {
            return false;
        }
        // A folder with a config of its own starts another project.
        let abs = normalize(&self.configs.cwd().join(path));
        let own = self.fs.list(&abs).is_some_and(|list| {
            list.get(OsStr::new(CONFIG_FILE)).is_some() || list.get(OsStr::new(".git")).is_some()
        });
        if own {
            match self.configs.for_dir(&abs) {
                Ok(p) if !std::ptr::eq(Arc::as_ptr(&p), project) => self.nested.push((abs, p)),
                Ok(_) => {}
                Err(e) => {
                    let problem =
                        not_checked(self.base.path(path.to_path_buf()), &e, self.configs.cwd());
                    self.problems.push(problem);
                    return false;
                }
            }
        }
        true
    }

    fn wanted(&self, name: &OsStr) -> bool {
        !self.project.matcher.rules_out_name(name)
            || self
                .nested
                .iter()
                .any(|(_, p)| !p.matcher.rules_out_name(name))
    }

    fn found(&mut self, path: PathBuf, file_type: EntryType) {
        let (project, rel) = self.governing(&path);
        // Folders above were checked while walking (`enter`).
        let name = rel.rsplit('/').next().unwrap_or(&rel);
        let m = &project.matcher;
        // `is_empty` first: a glob set prepares its candidate before it
        // looks at its patterns, and most runs exclude no names.
        let excluded = |set: &GlobSet, s: &str| !set.is_empty() && set.is_match(s);
        // With other configs below, `wanted` let through what any takes.
        if (!self.nested.is_empty() && m.rules_out_name(OsStr::new(name)))
            || !m.includes_named(&rel)
            || excluded(&m.exclude, &rel)
            || excluded(&m.exclude_names, name)
        {
            return;
        }
        let path = self.base.path(path);
        match file_type {
            EntryType::File | EntryType::Symlink => (self.take)(Candidate {
                path,
                link: file_type == EntryType::Symlink,
                walked: true,
            }),
            EntryType::Dir | EntryType::Other => self.problems.push(Problem {
                path,
                error: ReadError::Content(NOT_REGULAR.to_string()),
            }),
        }
    }

    fn failed(&mut self, path: PathBuf, error: &std::io::Error) {
        self.problems.push(Problem {
            path: self.base.path(path),
            error: ReadError::Io(describe_io_error(error)),
        });
    }
}

/// Keep one path per file: a link to a file that is linted too, or a
/// second link to one file, is dropped (fixing one file under two names
/// would look like someone else editing it).
fn drop_aliases(files: &mut Vec<Candidate>) {
    if !files.iter().any(|c| c.link) {
        return;
    }
    let Ok(cwd) = std::env::current_dir().and_then(std::fs::canonicalize) else {
        return;
    };
    // Where each link leads, in the order of `files`.
    let targets: Vec<Option<PathBuf>> = files
        .iter()
        .map(|c| {
            c.link
                .then(|| std::fs::canonicalize(&c.path).ok())
                .flatten()
        })
        .collect();
    // Only a file with the name of a link's target can be that target:
    // one link in a tree of thousands of files resolves a few of them.
    let names: FxHashSet<&OsStr> = targets
        .iter()
        .flatten()
        .filter_map(|t| t.file_name())
        .collect();
    let mut seen: FxHashSet<PathBuf> = files
        .iter()
        .filter(|c| !c.link && c.path.file_name().is_some_and(|n| names.contains(n)))
        .map(|c| normalize(&cwd.join(&c.path)))
        .collect();
    let mut targets = targets.into_iter();
    files.retain(|c| {
        let target = targets.next().flatten();
        !c.link || target.is_none_or(|target| seen.insert(target))
    });
}

/// Remove `.` components and resolve `..` lexically, as the core does for
/// image paths; an empty result is `.`, so that it can still be opened.
pub fn normalize(path: &Path) -> PathBuf {
    let out = weeklint_core::fs::normalize(path);
    if out.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        out
    }
}

pub use weeklint_core::fs::slash;

#[cfg(test)]
mod tests;
