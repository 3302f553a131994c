//! The open documents, the configurations that apply to them, and their
//! lint results: each document is linted from its buffer, with the
//! nearest `lint.toml` of its path, against the folders and git index on
//! disk.

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use lsp_types::Uri;
use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};
use weeklint_core::{
    Diagnostic, Document, LintEnv, ProjectContext, ProjectFile, Settings, Source, check_document,
    check_project,
};
use weeklint_env::WorkTree;

use super::text::Lines;
use crate::project::{Configs, LoadError, Project};

/// How long a view of the disk (folder listings, git indexes, lint.toml
/// files) is trusted. Clients that watch files say when they change; for
/// the others, images added or staged and a lint.toml edited elsewhere
/// are seen after this long.
const FRESH_FOR: Duration = Duration::from_secs(2);

/// One open document.
#[derive(Debug)]
pub(crate) struct Doc {
    /// As the client names it.
    pub uri: Uri,
    /// The file it is, or stands for (`untitled:` documents).
    pub path: PathBuf,
    /// The client's version of the text.
    pub version: i32,
    /// Changes taken so far: what freshness is judged by, whatever
    /// versions the client sends.
    pub revision: u64,
    /// The buffer, as the client has it.
    pub text: String,
    /// The last lint, of this version or an older one.
    pub linted: Option<Rc<Linted>>,
}

impl Doc {
    /// Whether the last lint is of the text as it is now.
    pub(crate) fn is_fresh(&self) -> bool {
        self.linted
            .as_ref()
            .is_some_and(|l| l.revision == self.revision)
    }
}

/// What one lint of one version found.
#[derive(Debug)]
pub(crate) struct Linted {
    /// The version linted, as the client numbers it.
    pub version: i32,
    /// The revision linted.
    pub revision: u64,
    /// The path it was linted as.
    pub path: PathBuf,
    /// Its text.
    pub source: Source,
    /// Its lines, as the protocol counts them.
    pub lines: Lines,
    /// Its model.
    pub document: Document,
    /// What the rules found.
    pub diagnostics: Vec<Diagnostic>,
    /// What it was linted with, or why it was not.
    pub setup: Result<Setup, Skip>,
}

/// What a document is linted with.
#[derive(Debug)]
pub(crate) struct Setup {
    /// The settings for its path.
    pub settings: Settings,
    /// Today, the root and the view of the disk.
    pub env: LintEnv,
}

/// Why a document is not linted.
#[derive(Debug)]
pub(crate) enum Skip {
    /// `files.exclude` names it: left alone, as `--force-exclude` does.
    Excluded,
    /// Larger than `files.max-size`.
    TooLarge {
        /// Its size in bytes.
        size: usize,
        /// The limit in bytes.
        max: u64,
    },
    /// Its lint.toml cannot be used.
    Config(Arc<LoadError>),
    /// weeklint failed on it (a bug): what it said.
    Failed(String),
}

/// Everything the server knows of the workspace.
pub(crate) struct Workspace {
    /// The workspace folder: where lint.toml files are looked for from
    /// when a document has none above it.
    pub root: PathBuf,
    configs: Configs,
    fs: Arc<WorkTree>,
    /// When `configs` and `fs` were made.
    made: Instant,
    /// The open documents, by URI.
    pub docs: HashMap<String, Doc>,
}

impl Workspace {
    /// A workspace at `root` (absolute).
    pub(crate) fn new(root: PathBuf) -> Workspace {
        Workspace {
            configs: new_configs(&root),
            root,
            fs: Arc::new(WorkTree::new()),
            made: Instant::now(),
            docs: HashMap::new(),
        }
    }

    /// Read the disk again from now on: lint.toml files, folders, the git
    /// index. Open documents are linted again.
    pub(crate) fn refresh(&mut self) {
        self.configs = new_configs(&self.root);
        self.fs = Arc::new(WorkTree::new());
        self.made = Instant::now();
        for doc in self.docs.values_mut() {
            doc.linted = None;
        }
    }

    /// The document at `uri`, linted as it is now: the last lint when it
    /// is of this version, else a new one, with `true`.
    pub(crate) fn linted(&mut self, uri: &str) -> Option<(Rc<Linted>, bool)> {
        let fresh = self.docs.get(uri)?.is_fresh();
        if fresh {
            return self.docs[uri].linted.clone().map(|l| (l, false));
        }
        if self.made.elapsed() > FRESH_FOR {
            self.configs = new_configs(&self.root);
            self.fs = Arc::new(WorkTree::new());
            self.made = Instant::now();
        }
        let doc = self.docs.get(uri)?;
        let setup = self.setup(&doc.path, doc.text.len());
        // A bug in a rule must not stop the server, nor be met again at
        // every message: the failure stands for this revision.
        let linted = catch_unwind(AssertUnwindSafe(|| lint(doc, setup))).unwrap_or_else(|panic| {
            let message = super::panic_message(&panic);
            lint(doc, Err(Skip::Failed(message)))
        });
        let linted = Rc::new(linted);
        let doc = self.docs.get_mut(uri)?;
        doc.linted = Some(Rc::clone(&linted));
        Some((linted, true))
    }

    /// The URIs of open documents whose last lint is not of their text.
    pub(crate) fn stale(&self) -> Vec<String> {
        let mut stale: Vec<String> = self
            .docs
            .iter()
            .filter(|(_, d)| !d.is_fresh())
            .map(|(k, _)| k.clone())
            .collect();
        stale.sort();
        stale
    }

    /// What the document at `path`, of `size` bytes, is linted with.
    fn setup(&self, path: &Path, size: usize) -> Result<Setup, Skip> {
        let project = self.configs.for_file(path).map_err(Skip::Config)?;
        let rel = project.matcher.relative(path);
        if project.matcher.is_excluded(&rel) {
            return Err(Skip::Excluded);
        }
        let max = project.config.max_size_bytes();
        if size as u64 > max {
            return Err(Skip::TooLarge { size, max });
        }
        let settings = project.config.settings_for(&rel);
        let today = crate::today().unwrap_or_else(|_| chrono::Local::now().date_naive());
        let env = LintEnv::new(today, project.root.clone(), Arc::clone(&self.fs) as _);
        Ok(Setup { settings, env })
    }
}

fn new_configs(root: &Path) -> Configs {
    // `Configs::new` fails only for `--config`, which the server has not.
    Configs::new(root.to_path_buf(), None, false)
        .unwrap_or_else(|_| Configs::fixed(root.to_path_buf(), defaults(root)))
}

fn defaults(root: &Path) -> Project {
    Project::new(
        root,
        root.to_path_buf(),
        weeklint_core::Config::default(),
        None,
    )
}

/// Lint `doc` as it is now.
fn lint(doc: &Doc, setup: Result<Setup, Skip>) -> Linted {
    if let Err(Skip::TooLarge { .. } | Skip::Failed(_)) = &setup {
        // Not even a copy of it is kept.
        return Linted {
            version: doc.version,
            revision: doc.revision,
            path: doc.path.clone(),
            source: Source::new(String::new()),
            lines: Lines::default(),
            document: Document::default(),
            diagnostics: Vec::new(),
            setup,
        };
    }
    let source = Source::new(doc.text.clone());
    let document = Document::parse(&source);
    let diagnostics = match &setup {
        Ok(s) => {
            let mut found = check_document(&source, &document, &doc.path, &s.settings, &s.env);
            let more = project_findings(&doc.path, &source, &document, s);
            if !more.is_empty() {
                found.extend(more);
                weeklint_core::linter::sort_diagnostics(&mut found);
            }
            found
        }
        Err(_) => Vec::new(),
    };
    Linted {
        version: doc.version,
        revision: doc.revision,
        path: doc.path.clone(),
        lines: Lines::new(source.text()),
        source,
        document,
        diagnostics,
        setup,
    }
}

/// What the project pass finds in one document on its own: links to
/// fragments of other pages, judged against those pages as on disk.
pub(crate) fn project_findings(
    path: &Path,
    source: &Source,
    document: &Document,
    setup: &Setup,
) -> Vec<Diagnostic> {
    let file = ProjectFile {
        path,
        source,
        doc: document,
        settings: &setup.settings,
    };
    let settings_for = |_: &Path| setup.settings.clone();
    let report = check_project(&ProjectContext {
        files: &[file],
        env: &setup.env,
        whole_project: false,
        settings_for: &settings_for,
    });
    report.in_files.into_iter().next().unwrap_or_default()
}

/// The file a `file:` URI names; for another scheme (`untitled:`), a file
/// of its last name in `root`.
pub(crate) fn uri_path(uri: &Uri, root: &Path) -> PathBuf {
    let s = uri.as_str();
    if let Some(rest) = s.strip_prefix("file://") {
        // Past the authority (empty, or `localhost`), before any query.
        let path = rest.find('/').map_or("", |i| &rest[i..]);
        let path = path.split(['?', '#']).next().unwrap_or_default();
        let bytes: Vec<u8> = percent_decode_str(path).collect();
        return bytes_path(bytes);
    }
    let name = s
        .rsplit(['/', ':'])
        .next()
        .filter(|n| !n.is_empty())
        .unwrap_or("untitled.md");
    let name = percent_decode_str(name).decode_utf8_lossy();
    root.join(name.as_ref())
}

#[cfg(unix)]
fn bytes_path(bytes: Vec<u8>) -> PathBuf {
    use std::os::unix::ffi::OsStringExt;
    PathBuf::from(std::ffi::OsString::from_vec(bytes))
}

#[cfg(not(unix))]
fn bytes_path(bytes: Vec<u8>) -> PathBuf {
    let s = String::from_utf8_lossy(&bytes);
    // `/C:/notes/log.md` is `C:/notes/log.md`.
    let s = match s.as_bytes() {
        [b'/', d, b':', ..] if d.is_ascii_alphabetic() => &s[1..],
        _ => &s[..],
    };
    PathBuf::from(s)
}

/// What a path keeps percent-encoded in a `file:` URI.
const PATH_SET: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// The `file:` URI of `path` (absolute).
pub(crate) fn path_uri(path: &Path) -> Option<Uri> {
    let s = crate::discover::slash(path);
    let s = if s.starts_with('/') {
        s
    } else {
        format!("/{s}")
    };
    format!("file://{}", utf8_percent_encode(&s, PATH_SET))
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_uris_are_paths_and_back() {
        let root = Path::new("/w");
        let uri: Uri = "file:///home/a%20b/log.md".parse().unwrap();
        assert_eq!(uri_path(&uri, root), PathBuf::from("/home/a b/log.md"));
        let back = path_uri(Path::new("/home/a b/log.md")).unwrap();
        assert_eq!(back.as_str(), "file:///home/a%20b/log.md");
        let untitled: Uri = "untitled:Untitled-1".parse().unwrap();
        assert_eq!(uri_path(&untitled, root), PathBuf::from("/w/Untitled-1"));
    }
}
