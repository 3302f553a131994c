//! How the image and link rules judge a local path: one folder listing
//! per folder and one git-index read per run, whatever the number of
//! images and links; the diagnostics for a missing file, a letter-case
//! difference, or a file git does not track, with the nearest file and
//! the `git add` command.

use std::ffi::OsStr;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use rustc_hash::FxHashMap as HashMap;

use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::document::LocalPath;
use crate::fs::{self, DirList, EntryKind, GitFolder, GitStatus, Lookup};
use crate::rule::{Context, RuleMeta};

/// How a rule names what it checks, in its messages.
pub(crate) struct Noun {
    /// The rule.
    pub meta: &'static RuleMeta,
    /// `image`, `linked file`.
    pub what: &'static str,
    /// What GitHub does with it when the path is wrong.
    pub broken: &'static str,
    /// A folder is a fine target (GitHub lists it).
    pub folder_is_fine: bool,
}

/// The path as written, for messages: decoded, with its leading `/`.
pub(crate) fn shown(cx: &Context<'_>, local: &LocalPath) -> String {
    let path = local.path(cx.source.text());
    if local.from_root {
        format!("/{path}")
    } else {
        path.to_string()
    }
}

/// The folders of one file's images, by the folder part of the path as
/// written: a file's images mostly share one or two folders, so each is
/// resolved once per file, not once per image.
#[derive(Default)]
pub(crate) struct Folders<'a> {
    /// `(root-relative?, folder as written)` → the folder and its listing.
    memo: HashMap<(bool, &'a str), Option<Folder<'a>>>,
}

/// A folder found exactly as written: its entries, and (when untracked
/// files are reported) the git status of a file in it by name.
type Folder<'a> = (Arc<DirList>, Option<GitFolder<'a>>);

impl<'a> Folders<'a> {
    /// The folder's git status of the file `local` names, when every name
    /// in it is found exactly as written (the common case); `None` sends
    /// the caller to the full lookup, which also knows letter case and
    /// missing files.
    pub(crate) fn find(
        &mut self,
        cx: &'a Context<'_>,
        base: &Path,
        local: &'a LocalPath,
    ) -> Option<(Option<&GitFolder<'a>>, &'a str)> {
        let path = local.path(cx.source.text());
        // Bytes, not `str` patterns: the names are short, and every image
        // comes this way.
        let (dir, name) = match path.bytes().rposition(|b| b == b'/') {
            Some(i) => (&path[..i], &path[i + 1..]),
            None => ("", path),
        };
        let plain = |s: &[u8]| !matches!(s, b"" | b"." | b"..");
        if !plain(name.as_bytes())
            || (!dir.is_empty() && !dir.as_bytes().split(|&b| b == b'/').all(plain))
        {
            return None;
        }
        let (list, git) = self
            .memo
            .entry((local.from_root, dir))
            .or_insert_with(|| {
                let mut path = base.to_path_buf();
                for seg in dir.split('/').filter(|s| !s.is_empty()) {
                    let entry = cx.fs().list(&path)?;
                    let entry = entry.get(OsStr::new(seg))?;
                    if entry.kind != EntryKind::Dir {
                        return None;
                    }
                    path.push(seg);
                }
                let list = cx.fs().list(&path)?;
                let git = cx
                    .settings
                    .images
                    .require_tracked
                    .then(|| cx.fs().git_folder(path));
                Some((list, git))
            })
            .as_ref()?;
        let entry = list.get(OsStr::new(name))?;
        (entry.kind == EntryKind::File).then_some((git.as_ref(), name))
    }
}

/// What is wrong with the local path `local` (written at `span`,
/// relative to `base`), if anything; `found` is what [`Folders::find`]
/// found of it.
pub(crate) fn check_local(
    cx: &Context<'_>,
    noun: &Noun,
    base: &Path,
    span: Range<usize>,
    local: &LocalPath,
    found: Option<(Option<&GitFolder<'_>>, &str)>,
) -> Option<Diagnostic> {
    let require_tracked = cx.settings.images.require_tracked;
    if let Some((git, name)) = found {
        return git.and_then(|git| untracked(cx, noun, span, local, git(OsStr::new(name))));
    }
    let lookup = fs::lookup(cx.fs(), base, local.path(cx.source.text()));
    if let Lookup::Found(path) = lookup {
        return require_tracked
            .then(|| untracked(cx, noun, span, local, cx.fs().git_status(&path)))
            .flatten();
    }
    let written = shown(cx, local);
    match lookup {
        Lookup::Found(_) => None,
        Lookup::CaseMismatch(matches) => {
            let real: Vec<String> = matches
                .iter()
                .map(|m| prefixed(local, &m.written))
                .collect();
            let mut d = noun.meta.diagnostic(
                span,
                format!(
                    "{written} differs in letter case from {}: {}",
                    join_or(&real),
                    noun.broken
                ),
            );
            if let [only] = real.as_slice() {
                d = d.with_help(format!("write {only}, the file's exact name"));
                if let Some(range) = &local.verbatim
                    && fits(only)
                {
                    d = d.with_fix(Fix::safe(
                        format!("use {only}"),
                        vec![Edit::replace(range.clone(), only.clone())],
                    ));
                }
            } else {
                d = d.with_help("write the exact name of one of them");
            }
            Some(d)
        }
        Lookup::Folder if noun.folder_is_fine => None,
        Lookup::Folder => Some(noun.meta.diagnostic(
            span,
            format!("{} {written} is a folder, not a file", noun.what),
        )),
        Lookup::Missing { .. }
            if cx.fs().outside_sparse_checkout(&fs::normalize(
                &base.join(local.path(cx.source.text())),
            )) =>
        {
            None
        }
        Lookup::Missing { parent } => {
            let mut d = noun
                .meta
                .diagnostic(span, format!("{} {written} does not exist", noun.what));
            // Only folders of the project are listed for a suggestion.
            let nearest = parent
                .as_deref()
                .filter(|dir| dir.starts_with(&cx.image_bases().root))
                .and_then(|dir| nearest_file(cx, dir, local.path(cx.source.text())));
            if let Some(name) = nearest {
                let suggestion = replace_last(&written, &name);
                d = d.with_help(format!("the nearest existing file is {suggestion}"));
                if let Some(range) = &local.verbatim
                    && fits(&suggestion)
                {
                    d = d.with_fix(Fix::unsafe_(
                        format!("use {suggestion}"),
                        vec![Edit::replace(range.clone(), suggestion)],
                    ));
                }
            }
            Some(d)
        }
    }
}

/// A path written relative to the root keeps its leading `/`.
fn prefixed(local: &LocalPath, written: &str) -> String {
    if local.from_root {
        format!("/{written}")
    } else {
        written.to_string()
    }
}

pub(crate) fn join_or(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// `written` with its last `/`-separated name replaced by `name`.
fn replace_last(written: &str, name: &str) -> String {
    match written.rfind('/') {
        Some(i) => format!("{}/{name}", &written[..i]),
        None => name.to_string(),
    }
}

/// Whether `path` can replace the written path as plain text: nothing
/// that would end a destination or `src`, or be decoded.
pub(crate) fn fits(path: &str) -> bool {
    !path.chars().any(|c| {
        c.is_whitespace()
            || c.is_control()
            || matches!(
                c,
                '(' | ')' | '<' | '>' | '"' | '\'' | '\\' | '%' | '&' | '?' | '#' | '=' | '`'
            )
    })
}

/// The file in `dir` whose name is nearest to the last name of `rel`.
fn nearest_file(cx: &Context<'_>, dir: &Path, rel: &str) -> Option<String> {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let list = cx.fs().list(dir)?;
    let entry = list.nearest_file(name)?;
    Some(entry.name.to_string_lossy().into_owned())
}

fn untracked(
    cx: &Context<'_>,
    noun: &Noun,
    span: std::ops::Range<usize>,
    local: &LocalPath,
    status: GitStatus,
) -> Option<Diagnostic> {
    if matches!(status, GitStatus::NoRepo | GitStatus::Tracked) {
        return None;
    }
    let written = shown(cx, local);
    match status {
        GitStatus::NoRepo | GitStatus::Tracked => None,
        GitStatus::TrackedAs { at, in_index } => Some(
            noun.meta
                .diagnostic(
                    span,
                    format!(
                        "{} {written} is in git as {in_index}, with other letter case: {}",
                        noun.what, noun.broken
                    ),
                )
                .with_help(format!(
                    "rename it in git: {}",
                    git_command(cx, &at.repo, "mv", &[&in_index, &at.rel])
                )),
        ),
        GitStatus::Untracked(at) => Some(
            noun.meta
                .diagnostic(
                    span,
                    format!(
                        "{} {written} is not in the git index: the commit will not include it",
                        noun.what
                    ),
                )
                .with_help(format!(
                    "track it: {}",
                    git_command(cx, &at.repo, "add", &[&at.rel])
                )),
        ),
        GitStatus::Ignored(at) => Some(
            noun.meta
                .diagnostic(
                    span,
                    format!(
                        "{} {written} is ignored by git: the commit will not include it",
                        noun.what
                    ),
                )
                .with_help(format!(
                    "stop ignoring it, or force it in: {}",
                    git_command(cx, &at.repo, "add -f", &[&at.rel])
                )),
        ),
    }
}

/// A git command as typed in the current folder: paths relative to it
/// when it is inside the repository, else `git -C REPO …`.
fn git_command(cx: &Context<'_>, repo: &Path, verb: &str, paths: &[&str]) -> String {
    let cwd = fs::normalize(&cx.env.cwd);
    let from_cwd: Option<Vec<String>> = cwd
        .starts_with(repo)
        .then(|| {
            paths
                .iter()
                .map(|p| {
                    repo.join(p)
                        .strip_prefix(&cwd)
                        .ok()
                        .map(|r| shell_quote(&fs::slash(r)))
                })
                .collect()
        })
        .flatten();
    match from_cwd {
        Some(rel) => format!("git {verb} {}", rel.join(" ")),
        None => {
            let rel: Vec<String> = paths.iter().map(|p| shell_quote(p)).collect();
            format!(
                "git -C {} {verb} {}",
                shell_quote(&fs::slash(repo)),
                rel.join(" ")
            )
        }
    }
}

/// Quote for a POSIX shell when needed.
fn shell_quote(s: &str) -> String {
    if !s.is_empty()
        && s.chars().all(|c| {
            c.is_alphanumeric() || matches!(c, '/' | '.' | '_' | '-' | '+' | ':' | '@' | ',')
        })
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}
