//! What a run found in one file: the report every output format prints.

use std::collections::HashMap;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use weeklint_core::{Diagnostic, Document, Edit, Source};

use crate::read::ReadError;

/// The outcome for one file.
pub struct FileReport {
    /// The path as opened.
    pub path: PathBuf,
    /// The path as printed: relative to the current folder, `/`-separated.
    pub display: String,
    /// The text, when it could be read.
    pub source: Option<Source>,
    /// Diagnostics, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
    /// Why the file could not be linted (an `io-error`), a full message.
    pub io_error: Option<String>,
    /// The parsed document, kept for the project pass. (Boxed, as is
    /// `fix`: most reports have neither, and a run holds every report.)
    pub document: Option<Box<Document>>,
    /// What fixing did, when fixing.
    pub fix: Option<Box<FileFix>>,
}

/// What `--fix` or `--diff` did to one file.
#[derive(Debug, Default)]
pub struct FileFix {
    /// The text as read, when `--fix` or `--diff` changed it (the
    /// report's source is the fixed text), while the project pass may
    /// still change it.
    pub original: Option<String>,
    /// Whether the fixed text goes back to the file: `--fix` on a file
    /// read from disk (not stdin, not the staged version).
    pub writes: bool,
    /// `--diff`: the unified diff from the text as read to the fixed text,
    /// when fixing changed it; made where the file is linted, so that the
    /// texts need not be kept to the end of the run.
    pub diff: Option<String>,
    /// Fixes applied, all rules together.
    pub applied: usize,
    /// Why nothing was applied or written; the report then shows the file
    /// as it is.
    pub error: Option<String>,
    /// Rules with fixes still to apply when fixing stopped after its last
    /// pass (each fix uncovering another); empty when fixing settled.
    pub unsettled: Vec<&'static str>,
}

/// Put reports in printing order: by the path as printed. (Not a stable
/// sort: that would take a copy of half the reports; two reports never
/// share a path.)
pub fn sort_reports(reports: &mut [FileReport]) {
    reports.sort_unstable_by(|a, b| a.display.cmp(&b.display).then_with(|| a.path.cmp(&b.path)));
}

impl FileReport {
    /// A file that could not be linted.
    pub fn failed(path: PathBuf, display: String, error: &ReadError) -> Self {
        let message = error.message(&display);
        FileReport {
            path,
            display,
            source: None,
            diagnostics: Vec::new(),
            io_error: Some(message),
            document: None,
            fix: None,
        }
    }
}

impl FileReport {
    /// Keep only the lines the diagnostics need for printing (with their
    /// line numbers), not the whole text, once the file is linted: a large
    /// run then holds little more than what it prints. Fix edits are kept
    /// only when they will be printed. A document kept for the project
    /// pass keeps its lines too, its ranges moved into the excerpt.
    pub(crate) fn keep_excerpt(&mut self, keep_edits: bool) {
        let Some(source) = &self.source else {
            return;
        };
        let mut spans = Vec::new();
        for d in &mut self.diagnostics {
            spans.push(d.span.clone());
            spans.extend(d.labels.iter().map(|l| l.span.clone()));
            if let Some(fix) = &mut d.fix {
                if keep_edits {
                    for e in fix.edits.iter() {
                        spans.push(e.range.start..e.range.start);
                        spans.push(e.range.end..e.range.end);
                    }
                } else {
                    fix.edits = Arc::from([]);
                }
            }
        }
        // What the project pass will read of the file is kept too.
        if let Some(doc) = &mut self.document {
            doc.project_spans_mut(|r| spans.push(r.clone()));
        }
        let excerpt = source.excerpt(spans);
        let map = |r: &Range<usize>| excerpt.map(r.start)..excerpt.map(r.end);
        // Diagnostics can share one fix: map its edits once.
        let mut mapped: HashMap<usize, Arc<[Edit]>> = HashMap::new();
        for d in &mut self.diagnostics {
            d.span = map(&d.span);
            for label in &mut d.labels {
                label.span = map(&label.span);
            }
            if let Some(fix) = &mut d.fix
                && !fix.edits.is_empty()
            {
                let key = fix.edits.as_ptr() as usize;
                fix.edits = mapped
                    .entry(key)
                    .or_insert_with(|| {
                        fix.edits
                            .iter()
                            .map(|e| Edit::replace(map(&e.range), e.content.clone()))
                            .collect()
                    })
                    .clone();
            }
        }
        if let Some(doc) = &mut self.document {
            doc.project_spans_mut(|r| *r = map(r));
        }
        self.source = Some(excerpt.source);
    }
}
