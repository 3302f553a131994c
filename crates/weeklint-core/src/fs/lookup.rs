//! Where a written path points: each name compared with the real folder
//! entries, so that a letter-case difference is found even on a
//! case-insensitive file system.

use std::borrow::Cow;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use super::{Entry, EntryKind, FsView, normalize};

/// The folders a Markdown file's local images are relative to: the
/// project root for a path written with a leading `/`, else the file's
/// folder. Absolute (relative paths are taken from `env.cwd`), normalized.
#[derive(Debug, Clone)]
pub struct ImageBases {
    /// The Markdown file's folder.
    pub file_dir: PathBuf,
    /// The project root.
    pub root: PathBuf,
}

impl ImageBases {
    /// The bases for the Markdown file at `md_path`.
    pub fn new(env: &crate::LintEnv, md_path: &Path) -> Self {
        let dir = md_path.parent().unwrap_or(Path::new(""));
        ImageBases {
            file_dir: normalize(&env.cwd.join(dir)),
            root: normalize(&env.cwd.join(&env.root)),
        }
    }

    /// The base for a path written with (`true`) or without a leading `/`.
    pub fn get(&self, from_root: bool) -> &Path {
        if from_root {
            &self.root
        } else {
            &self.file_dir
        }
    }

    /// Whether `path`, written with or without a leading `/`, leads out of
    /// the project root from a file inside it. (A file outside the root,
    /// linted by name, has its own relative paths checked as they are.)
    pub fn leaves_root(&self, from_root: bool, path: &str) -> bool {
        // Without `..` a path stays under its base: no need to resolve it.
        if !path.as_bytes().split(|&b| b == b'/').any(|s| s == b"..") {
            return false;
        }
        if !from_root && !self.file_dir.starts_with(&self.root) {
            return false;
        }
        !normalize(&self.get(from_root).join(path)).starts_with(&self.root)
    }
}

/// One way a written path matched files on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// The file, absolute, in its real letter case.
    pub path: PathBuf,
    /// The written path with each name in its real letter case (`/`-separated,
    /// `.`, `..` and empty segments kept as written).
    pub written: String,
}

/// What a written path points at on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// A file, exactly as written.
    Found(PathBuf),
    /// No file as written, but these with other letter case.
    CaseMismatch(Vec<Match>),
    /// A folder, not a file.
    Folder,
    /// Nothing; `parent` is the folder that should hold the file, when it exists.
    Missing {
        /// The folder, absolute, in its real letter case.
        parent: Option<PathBuf>,
    },
}

/// At most this many case variants are collected (`A/b.png`, `a/B.png`, …).
const MAX_VARIANTS: usize = 8;

/// Find the file at `rel` (`/`-separated) under the folder `base`
/// (absolute), comparing each name with the real folder entries, so that
/// a letter-case difference is found even on a case-insensitive file
/// system.
pub fn lookup(view: &dyn FsView, base: &Path, rel: &str) -> Lookup {
    if let Some(found) = lookup_exact(view, base, rel) {
        return found;
    }
    let segments: Vec<&str> = rel.split('/').collect();
    let mut state = Walk {
        view,
        segments: &segments,
        exact: None,
        variants: Vec::new(),
        folder: false,
        parent: None,
    };
    let mut names: Vec<Cow<'_, str>> = segments.iter().map(|s| Cow::Borrowed(*s)).collect();
    state.walk(base.to_path_buf(), 0, &mut names, false);
    if let Some(p) = state.exact {
        Lookup::Found(p)
    } else if !state.variants.is_empty() {
        Lookup::CaseMismatch(state.variants)
    } else if state.folder {
        Lookup::Folder
    } else {
        Lookup::Missing {
            parent: state.parent,
        }
    }
}

/// The common case, without allocating per name: every name is found as
/// written. `None` sends the caller down the full walk.
fn lookup_exact(view: &dyn FsView, base: &Path, rel: &str) -> Option<Lookup> {
    let mut dir = base.to_path_buf();
    let mut names = rel
        .split('/')
        .filter(|s| !s.is_empty() && *s != ".")
        .peekable();
    while let Some(name) = names.next() {
        if name == ".." {
            dir.pop();
            continue;
        }
        let kind = view.list(&dir)?.get(OsStr::new(name))?.kind;
        dir.push(name);
        match (kind, names.peek().is_none()) {
            (EntryKind::File, true) => return Some(Lookup::Found(dir)),
            (EntryKind::Dir, false) => {}
            _ => return None,
        }
    }
    None
}

struct Walk<'a> {
    view: &'a dyn FsView,
    segments: &'a [&'a str],
    exact: Option<PathBuf>,
    variants: Vec<Match>,
    folder: bool,
    parent: Option<PathBuf>,
}

impl Walk<'_> {
    fn walk(&mut self, mut dir: PathBuf, mut i: usize, names: &mut [Cow<'_, str>], changed: bool) {
        // Skip what names no entry.
        while i < self.segments.len() && matches!(self.segments[i], "" | "." | "..") {
            if self.segments[i] == ".." {
                dir.pop();
            }
            i += 1;
        }
        let Some(&name) = self.segments.get(i) else {
            self.folder = true;
            return;
        };
        let last = self.segments[i + 1..]
            .iter()
            .all(|s| matches!(*s, "" | "."));
        let Some(list) = self.view.list(&dir) else {
            return;
        };
        let wanted = |e: &Entry<'_>| {
            if last { true } else { e.kind == EntryKind::Dir }
        };
        if let Some(e) = list.get(OsStr::new(name)).filter(|e| wanted(e)) {
            let path = dir.join(e.name);
            if last {
                match e.kind {
                    EntryKind::File if !changed => self.exact = Some(path),
                    EntryKind::File => self.push_variant(path, names),
                    _ => self.folder = true,
                }
            } else {
                self.walk(path, i + 1, names, changed);
            }
            return;
        }
        let mut any = false;
        for e in list.get_folded(name).into_iter().filter(|e| wanted(e)) {
            if last && e.kind != EntryKind::File {
                continue;
            }
            any = true;
            let real = Cow::Owned(e.name.to_string_lossy().into_owned());
            let saved = std::mem::replace(&mut names[i], real);
            let path = dir.join(e.name);
            if last {
                self.push_variant(path, names);
            } else {
                self.walk(path, i + 1, names, true);
            }
            names[i] = saved;
            if self.variants.len() >= MAX_VARIANTS {
                break;
            }
        }
        if !any && last {
            self.parent = Some(dir);
        }
    }

    fn push_variant(&mut self, path: PathBuf, names: &[Cow<'_, str>]) {
        if self.variants.len() < MAX_VARIANTS {
            self.variants.push(Match {
                path,
                written: names.join("/"),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fs::MemoryFs;

    #[test]
    fn lookup_finds_exact_case_variants_folders_and_missing() {
        let root = Path::new("/j");
        let view = MemoryFs::new()
            .file("/j/pic/CLIPasso1.png")
            .file("/j/Pic2/a.png")
            .file("/j/notes/x.md");
        assert_eq!(
            lookup(&view, root, "pic/CLIPasso1.png"),
            Lookup::Found(root.join("pic/CLIPasso1.png"))
        );
        assert_eq!(
            lookup(&view, &root.join("notes"), "../pic/./CLIPasso1.png"),
            Lookup::Found(root.join("pic/CLIPasso1.png"))
        );
        assert_eq!(
            lookup(&view, root, "pic/clipasso1.png"),
            Lookup::CaseMismatch(vec![Match {
                path: root.join("pic/CLIPasso1.png"),
                written: "pic/CLIPasso1.png".into()
            }])
        );
        assert_eq!(
            lookup(&view, &root.join("notes"), "../pic2/A.png"),
            Lookup::CaseMismatch(vec![Match {
                path: root.join("Pic2/a.png"),
                written: "../Pic2/a.png".into()
            }])
        );
        assert_eq!(lookup(&view, root, "pic"), Lookup::Folder);
        assert_eq!(
            lookup(&view, root, "pic/nope.png"),
            Lookup::Missing {
                parent: Some(root.join("pic"))
            }
        );
        assert_eq!(
            lookup(&view, root, "nope/a.png"),
            Lookup::Missing { parent: None }
        );
        // A file used as a folder.
        assert_eq!(
            lookup(&view, root, "pic/CLIPasso1.png/x"),
            Lookup::Missing { parent: None }
        );
    }
}
