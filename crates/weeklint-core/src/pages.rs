//! The anchors of the pages a run's links point at, worked out once per
//! page and shared by every file of the run.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use rustc_hash::FxHashMap;

use crate::document::{Anchors, Document};
use crate::fs::FsView;
use crate::source::Source;

/// Anchors by page (absolute, normalized path). A linted page gives its
/// own ([`Pages::offer`]); any other is read through the file-system view
/// and parsed, once.
#[derive(Debug, Default)]
pub struct Pages {
    known: Mutex<FxHashMap<PathBuf, Option<Arc<Anchors>>>>,
}

impl Pages {
    /// The anchors of the page at `path`, as linted now: they replace
    /// any read from the disk (a fix may have changed the headings).
    pub fn offer(&self, path: PathBuf, anchors: Arc<Anchors>) {
        self.lock().insert(path, Some(anchors));
    }

    /// The anchors of the Markdown page at `path` (absolute, normalized),
    /// or `None` when it cannot be read.
    pub fn anchors(&self, fs: &dyn FsView, path: &Path) -> Option<Arc<Anchors>> {
        if let Some(known) = self.lock().get(path) {
            return known.clone();
        }
        // Parsed without the lock held: other threads go on meanwhile,
        // at the risk of parsing a page twice.
        let anchors = fs.read_text(path).map(|text| {
            let source = Source::new(text);
            Arc::new(Anchors::of(&Document::parse(&source)))
        });
        self.lock()
            .entry(path.to_path_buf())
            .or_insert(anchors)
            .clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, FxHashMap<PathBuf, Option<Arc<Anchors>>>> {
        self.known.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
