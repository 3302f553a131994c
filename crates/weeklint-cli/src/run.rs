//! Lint files in parallel; each file is read once and parsed once.

use std::collections::{HashMap, VecDeque};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use weeklint_core::fix::{FixMode, fix_source};
use weeklint_core::registry;
use weeklint_core::{
    Diagnostic, Document, Edit, LintEnv, ProjectContext, ProjectFile, Settings, Source,
    check_document, check_project,
};

use crate::diff;
use crate::discover::{Matcher, Problem, slash};
use crate::project::Project;
use crate::write;

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
    /// The text as read, when `--fix` changed it (the report's source is
    /// the fixed text), until the fixed text is written.
    pub original: Option<String>,
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

/// What [`Linter::lint_path`] needs that is the same for every file.
struct PerFile {
    keep_documents: bool,
    /// The settings of every file, when no override applies.
    base: Option<Settings>,
}

/// How to fix files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fixing {
    /// Safe fixes only, or unsafe ones too.
    pub mode: FixMode,
    /// Write the fixed files (`--fix`); `--diff` and stdin only compute them.
    pub write: bool,
    /// Make a unified diff of each file the fixes change (`--diff`).
    pub diff: bool,
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
    /// only when they will be printed.
    fn keep_excerpt(&mut self, keep_edits: bool) {
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
        self.source = Some(excerpt.source);
    }
}

/// Paths found and not yet linted, and how many helper threads take
/// from them.
struct Queue {
    state: Mutex<QueueState>,
    /// How many helpers may run: the pool's threads besides the walking one.
    max_helpers: usize,
}

struct QueueState {
    paths: VecDeque<PathBuf>,
    /// Helpers taking from the queue now (counted while the walk goes on).
    helpers: usize,
    /// The walk is over: no helper is started any more.
    closed: bool,
}

impl Queue {
    fn new(max_helpers: usize) -> Self {
        Queue {
            state: Mutex::new(QueueState {
                paths: VecDeque::new(),
                helpers: 0,
                closed: false,
            }),
            max_helpers,
        }
    }

    fn lock(&self) -> MutexGuard<'_, QueueState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Queue `path`; true when a helper should be started for it.
    fn push(&self, path: PathBuf) -> bool {
        let mut state = self.lock();
        state.paths.push_back(path);
        let start = !state.closed && state.helpers < self.max_helpers;
        if start {
            state.helpers += 1;
        }
        start
    }

    /// The next path. A helper that finds none stops (under the same lock
    /// as `push` counts helpers, so no path is left without one).
    fn pop(&self) -> Option<PathBuf> {
        let mut state = self.lock();
        let next = state.paths.pop_front();
        if next.is_none() && !state.closed {
            state.helpers = state.helpers.saturating_sub(1);
        }
        next
    }

    fn close(&self) {
        self.lock().closed = true;
    }
}

/// Why a file could not be linted.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum ReadError {
    /// It could not be read: `no such file or directory`, `permission denied`.
    Io(String),
    /// It was read but is not Markdown text: `is not valid UTF-8 (…)`.
    Content(String),
}

impl ReadError {
    /// The message for the file shown as `display`.
    pub fn message(&self, display: &str) -> String {
        match self {
            ReadError::Io(reason) => format!("cannot read {display}: {reason}"),
            ReadError::Content(what) => format!("{display} {what}"),
        }
    }
}

/// What every file of a run shares.
pub struct Linter<'a> {
    /// Configuration and root.
    pub project: &'a Project,
    /// `files` patterns, also for relative paths.
    pub matcher: &'a Matcher,
    /// `--select`: indices into the registry.
    pub select: Option<Vec<usize>>,
    /// `--ignore`: indices into the registry.
    pub ignore: Vec<usize>,
    /// Today and the project root.
    pub env: LintEnv,
    /// `--fix`, `--unsafe-fixes`, `--diff`: fix each file.
    pub fixing: Option<Fixing>,
    /// The output prints fixes' edits (JSON, SARIF); other formats only
    /// say that a diagnostic is fixable.
    pub print_edits: bool,
}

impl Linter<'_> {
    /// The effective settings for `path`.
    pub fn settings_for(&self, path: &Path) -> Settings {
        let mut settings = self
            .project
            .config
            .settings_for(&self.matcher.relative(path));
        settings.apply_selection(self.select.as_deref(), &self.ignore);
        settings
    }

    /// Whether a rule that looks at the whole run (unused or remote images)
    /// is on for some file; only then are the parsed files kept.
    pub fn needs_project_pass(&self) -> bool {
        registry::RULES.iter().enumerate().any(|(i, rule)| {
            rule.meta().project
                && !self.ignore.contains(&i)
                && match &self.select {
                    Some(select) => select.contains(&i),
                    None => self.project.config.may_enable(i),
                }
        })
    }

    /// Lint the files `discover` hands over, each as soon as it is found,
    /// on the thread pool while the walk goes on; reports come back sorted
    /// by path, with the paths that could not be linted.
    ///
    /// Found paths wait in one queue that the pool's threads take from, a
    /// file at a time (so one large file does not hold up the rest). A job
    /// per file would cost more: each job is allocated by the walking
    /// thread and freed by another, and such frees contend for the
    /// allocator's lock with the walking thread's own allocations.
    pub fn lint_found(
        &self,
        discover: impl FnOnce(&mut dyn FnMut(PathBuf)) -> Vec<Problem> + Send,
    ) -> (Vec<FileReport>, Vec<Problem>) {
        let each = self.per_file();
        let queue = Queue::new(rayon::current_num_threads().saturating_sub(1));
        let reports = Mutex::new(Vec::new());
        let lint_queued = || {
            while let Some(path) = queue.pop() {
                let report = self.lint_path(path, &each);
                reports
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .push(report);
            }
        };
        let problems = rayon::scope(|scope| {
            let problems = discover(&mut |path| {
                if queue.push(path) {
                    scope.spawn(|_| lint_queued());
                }
            });
            // The walking thread lints too once the walk is over.
            queue.close();
            lint_queued();
            problems
        });
        let mut reports = reports.into_inner().unwrap_or_else(PoisonError::into_inner);
        sort_reports(&mut reports);
        (reports, problems)
    }

    /// What every file of a run shares: the settings when no override
    /// applies, and whether parsed documents are kept.
    fn per_file(&self) -> PerFile {
        PerFile {
            keep_documents: self.needs_project_pass(),
            base: (!self.project.config.has_overrides()).then(|| {
                let mut s = self.project.config.base().clone();
                s.apply_selection(self.select.as_deref(), &self.ignore);
                s
            }),
        }
    }

    /// Read, lint and (when fixing) write one file.
    ///
    /// Memory stays near the size of the largest file: a report keeps its
    /// text only when there is something to print, and its parsed
    /// document only for the project pass.
    fn lint_path(&self, path: PathBuf, each: &PerFile) -> FileReport {
        let display = self.display(&path);
        match read_text(&path) {
            Ok(text) => {
                let owned;
                let settings = match &each.base {
                    Some(s) => s,
                    None => {
                        owned = self.settings_for(&path);
                        &owned
                    }
                };
                let mut report = self.lint_text(path, display, text, settings);
                if self.fixing.is_some_and(|f| f.write) {
                    self.write_back(&mut report, settings);
                }
                if each.keep_documents {
                    report.document = report.document.map(|d| Box::new(Document::for_project(*d)));
                    if let Some(source) = &mut report.source {
                        source.shrink_to_fit();
                    }
                } else {
                    // Once written or made a diff, a fix needs no more of
                    // the text than a check does. The document's lists go
                    // to the next file this thread parses.
                    if let Some(document) = report.document.take() {
                        document.recycle();
                    }
                    if let Some(fix) = &mut report.fix {
                        fix.original = None;
                    }
                    if report.diagnostics.is_empty() {
                        report.source = None;
                    } else {
                        report.keep_excerpt(self.print_edits);
                    }
                }
                report
            }
            Err(e) => FileReport::failed(path, display, &e),
        }
    }

    /// Lint `text` as the content of `path`.
    pub fn lint_text(
        &self,
        path: PathBuf,
        display: String,
        text: String,
        settings: &Settings,
    ) -> FileReport {
        let source = Source::new(text);
        if let Some(fixing) = self.fixing {
            return self.fix_text(path, display, source, settings, fixing);
        }
        self.check(path, display, source, settings, None)
    }

    /// Parse and check `source`: a report with its text and document.
    fn check(
        &self,
        path: PathBuf,
        display: String,
        source: Source,
        settings: &Settings,
        fix: Option<FileFix>,
    ) -> FileReport {
        let document = Document::parse(&source);
        let diagnostics = check_document(&source, &document, &path, settings, &self.env);
        FileReport {
            path,
            display,
            source: Some(source),
            diagnostics,
            io_error: None,
            document: Some(Box::new(document)),
            fix: fix.map(Box::new),
        }
    }

    /// Fix `source` to a fixed point. If fixes do not settle, the report
    /// shows the text as it was, with the reason.
    fn fix_text(
        &self,
        path: PathBuf,
        display: String,
        source: Source,
        settings: &Settings,
        fixing: Fixing,
    ) -> FileReport {
        match fix_source(&source, &path, settings, &self.env, fixing.mode) {
            Ok(fixed) => {
                let changed = fixed.changed(&source);
                let diff = (changed && fixing.diff).then(|| {
                    diff::unified(
                        source.text(),
                        fixed.source.text(),
                        &format!("a/{display}"),
                        &format!("b/{display}"),
                    )
                });
                FileReport {
                    path,
                    display,
                    // The project pass reads the text as fixed. fix_source
                    // hands back its last parse; parsing here is a fallback.
                    document: Some(Box::new(
                        fixed
                            .document
                            .unwrap_or_else(|| Document::parse(&fixed.source)),
                    )),
                    source: Some(fixed.source),
                    diagnostics: fixed.diagnostics,
                    io_error: None,
                    fix: Some(Box::new(FileFix {
                        original: (changed && fixing.write).then(|| source.into_text()),
                        diff,
                        applied: fixed.applied.values().sum(),
                        error: None,
                        unsettled: fixed.unsettled,
                    })),
                }
            }
            Err(e) => {
                let fix = FileFix {
                    error: Some(format!("was not fixed: {e}; nothing was written")),
                    ..FileFix::default()
                };
                self.check(path, display, source, settings, Some(fix))
            }
        }
    }

    /// Write a fixed file. When it cannot be written, the report goes back
    /// to the text on disk and says why.
    pub fn write_back(&self, report: &mut FileReport, settings: &Settings) {
        let (Some(fix), Some(source)) = (&mut report.fix, &report.source) else {
            return;
        };
        let Some(original) = &fix.original else {
            return;
        };
        if let Err(e) = write::write_fixed(&report.path, original, source.text()) {
            let original = Source::new(fix.original.take().unwrap_or_default());
            let document = Document::parse(&original);
            report.diagnostics =
                check_document(&original, &document, &report.path, settings, &self.env);
            report.document = Some(Box::new(document));
            report.source = Some(original);
            fix.applied = 0;
            fix.error = Some(e.to_string());
        }
    }

    /// Run the rules that need every file (unused and remote images):
    /// add their diagnostics to `reports`, and a report for each other
    /// path they name. `whole_project` is whether the run covers the
    /// project root. Returns notes for the user.
    pub fn project_pass(&self, reports: &mut Vec<FileReport>, whole_project: bool) -> Vec<String> {
        // Only reports that kept their document take part (none, unless a
        // rule that looks at the whole run is on).
        let settings: Vec<(usize, Settings)> = reports
            .iter()
            .enumerate()
            .filter(|(_, r)| r.document.is_some())
            .map(|(i, r)| (i, self.settings_for(&r.path)))
            .collect();
        let mut index = Vec::new();
        let mut files = Vec::new();
        for (i, settings) in &settings {
            let (i, r) = (*i, &reports[*i]);
            if let (Some(source), Some(doc)) = (&r.source, r.document.as_deref()) {
                index.push(i);
                files.push(ProjectFile {
                    path: &r.path,
                    source,
                    doc,
                    settings,
                });
            }
        }
        let settings_for = |path: &Path| self.settings_for(path);
        let report = check_project(&ProjectContext {
            files: &files,
            env: &self.env,
            whole_project,
            settings_for: &settings_for,
        });
        for (i, found) in index.into_iter().zip(report.in_files) {
            if !found.is_empty() {
                let r = &mut reports[i];
                r.diagnostics.extend(found);
                weeklint_core::linter::sort_diagnostics(&mut r.diagnostics);
            }
        }
        for (path, d) in report.at_paths {
            let display = self.display(&path);
            reports.push(FileReport {
                path,
                display,
                // Not a Markdown file: an empty text to point at.
                source: Some(Source::new(String::new())),
                diagnostics: vec![d],
                io_error: None,
                document: None,
                fix: None,
            });
        }
        sort_reports(reports);
        let mut notes = report.notes;
        notes.extend(self.env.fs.notes());
        notes
    }

    /// `path` as printed: relative to the current folder when under it.
    pub fn display(&self, path: &Path) -> String {
        display_path(path, &self.project.cwd)
    }
}

/// `path` as printed: relative to `cwd` when under it, `/`-separated.
pub fn display_path(path: &Path, cwd: &Path) -> String {
    if path.is_absolute()
        && let Ok(rel) = path.strip_prefix(cwd)
    {
        return slash(rel);
    }
    slash(path)
}

/// Read a file as UTF-8 text, or say why it cannot be.
pub fn read_text(path: &Path) -> Result<String, ReadError> {
    let io = |e: std::io::Error| ReadError::Io(describe_io_error(&e));
    let (file, meta) = open_regular(path).map_err(io)?;
    if meta.is_dir() {
        return Err(ReadError::Content(DIRECTORY.to_string()));
    }
    // A FIFO or device would block or never end.
    let Some(file) = file.filter(|_| meta.is_file()) else {
        return Err(ReadError::Content(NOT_REGULAR.to_string()));
    };
    match read_utf8(file, meta.len()).map_err(io)? {
        Some(text) => Ok(text),
        // Not plain UTF-8 text: read it again, whole, to say what it is.
        None => decode(std::fs::read(path).map_err(io)?),
    }
}

/// The file at `path` opened for reading, with what it is; not opened
/// when it is not a regular file.
///
/// On Linux it is opened first, without waiting (a FIFO would wait for a
/// writer), and asked what it is: one lookup of the path, not two. Files
/// the walk or the command line already showed to be special are named
/// before they get here (`discover`), so this opens one only when a path
/// changed kind since, or came from elsewhere (staged files, `init`).
#[cfg(any(target_os = "linux", target_os = "android"))]
fn open_regular(path: &Path) -> std::io::Result<(Option<std::fs::File>, std::fs::Metadata)> {
    use std::os::unix::fs::OpenOptionsExt as _;
    let opened = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32)
        .open(path);
    match opened {
        Ok(file) => {
            let meta = file.metadata()?;
            Ok((Some(file), meta))
        }
        // A socket does not open at all: what it is says why.
        Err(e) => match std::fs::metadata(path) {
            Ok(meta) if !meta.is_file() => Ok((None, meta)),
            _ => Err(e),
        },
    }
}

/// Elsewhere a folder may not open as a file: what it is comes first.
#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn open_regular(path: &Path) -> std::io::Result<(Option<std::fs::File>, std::fs::Metadata)> {
    let meta = std::fs::metadata(path)?;
    let file = meta
        .is_file()
        .then(|| std::fs::File::open(path))
        .transpose()?;
    Ok((file, meta))
}

/// Bytes read from a file at a time.
const CHUNK_LEN: usize = 64 * 1024;

/// Read `file` as UTF-8 text, or `None` at the first byte that is not
/// valid UTF-8 or is a NUL. The file is read a chunk at a time into a
/// buffer kept by each thread, checked there (SIMD UTF-8: std's check is a
/// byte at a time on CJK text) and appended to the text, which is sized
/// from `size_hint`: the text is the only allocation, and never in memory
/// twice.
fn read_utf8(mut file: std::fs::File, size_hint: u64) -> std::io::Result<Option<String>> {
    use std::io::Read as _;
    thread_local! {
        static CHUNK: std::cell::RefCell<Vec<u8>> = std::cell::RefCell::new(vec![0; CHUNK_LEN]);
    }
    CHUNK.with_borrow_mut(|chunk| {
        let size = usize::try_from(size_hint).unwrap_or(0);
        let mut text = String::with_capacity(size);
        // Bytes of a character cut by the end of the last chunk, moved to
        // the front of the buffer.
        let mut carry = 0;
        loop {
            // All the bytes the file had when opened are read, as whole
            // characters: asking for more only to be told the file ends
            // would cost a system call per file. (A size of 0, as files in
            // /proc report, says nothing: those are read to their end.)
            if size > 0 && text.len() == size && carry == 0 {
                break;
            }
            let n = match file.read(&mut chunk[carry..]) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            let filled = &chunk[..carry + n];
            if memchr::memchr(0, filled).is_some() {
                return Ok(None);
            }
            // A character cut by the chunk end waits for the next read;
            // checked up to it, each byte is checked once.
            let Ok(valid) = simdutf8::basic::from_utf8(&filled[..whole_chars(filled)]) else {
                return Ok(None);
            };
            text.push_str(valid);
            let (used, len) = (valid.len(), filled.len());
            chunk.copy_within(used..len, 0);
            carry = len - used;
        }
        // The file ends mid-character.
        Ok((carry == 0).then_some(text))
    })
}

/// How much of `bytes` is whole characters: all of it, less a last
/// character whose lead byte is there but not all of its bytes. (Bytes
/// that are not UTF-8 at all are left to the check.)
fn whole_chars(bytes: &[u8]) -> usize {
    // A character is at most 4 bytes: its lead is among the last 4.
    for back in 1..=bytes.len().min(4) {
        let b = bytes[bytes.len() - back];
        if b & 0xC0 == 0x80 {
            continue; // a continuation byte
        }
        let width = match b {
            0xF0.. => 4,
            0xE0.. => 3,
            0xC0.. => 2,
            _ => 1,
        };
        return if width > back {
            bytes.len() - back
        } else {
            bytes.len()
        };
    }
    bytes.len()
}

/// What a folder whose name looks like a Markdown file is.
pub const DIRECTORY: &str = "is a directory, not a Markdown file";

/// What a FIFO, socket or device whose name looks like a Markdown file is.
pub const NOT_REGULAR: &str = "is not a regular file";

/// Bytes to text: UTF-8 only, and not binary.
pub fn decode(bytes: Vec<u8>) -> Result<String, ReadError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(ReadError::Content(
            "is UTF-16 text; weeklint reads UTF-8 only".to_string(),
        ));
    }
    if let Some(pos) = memchr::memchr(0, &bytes) {
        let (line, column) = position(&bytes, pos);
        return Err(ReadError::Content(format!(
            "is a binary file (NUL byte at line {line}, column {column}), not Markdown"
        )));
    }
    String::from_utf8(bytes).map_err(|e| {
        let pos = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let (line, column) = position(bytes, pos);
        ReadError::Content(format!(
            "is not valid UTF-8 (byte 0x{:02X} at line {line}, column {column}); weeklint reads UTF-8 only",
            bytes[pos]
        ))
    })
}

/// 1-based line and character column of byte `pos` in valid-up-to-`pos` bytes.
fn position(bytes: &[u8], pos: usize) -> (usize, usize) {
    let before = &bytes[..pos];
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}

/// An I/O error in a few lowercase words.
pub fn describe_io_error(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::NotFound => "no such file or directory".to_string(),
        ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => {
            let s = e.to_string();
            // "Too many levels of symbolic links (os error 40)" → lowercase first letter.
            let mut c = s.chars();
            c.next()
                .map(|f| f.to_lowercase().collect::<String>() + c.as_str())
                .unwrap_or(s)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queue_starts_helpers_up_to_its_limit_and_again_once_one_stops() {
        let q = Queue::new(2);
        let p = |n: &str| PathBuf::from(n);
        // Two helpers start; a third path waits for them.
        assert!(q.push(p("a")));
        assert!(q.push(p("b")));
        assert!(!q.push(p("c")));
        assert_eq!(q.pop(), Some(p("a")));
        assert_eq!(q.pop(), Some(p("b")));
        assert_eq!(q.pop(), Some(p("c")));
        // A helper that finds the queue empty stops: the next path starts
        // one again, the other helper still running.
        assert_eq!(q.pop(), None);
        assert!(q.push(p("d")));
        assert!(!q.push(p("e")));
        // Once the walk is over the walking thread takes what is left.
        q.close();
        assert!(!q.push(p("f")));
        let rest: Vec<PathBuf> = std::iter::from_fn(|| q.pop()).collect();
        assert_eq!(rest, [p("d"), p("e"), p("f")]);
    }

    #[test]
    fn queue_without_helpers_leaves_every_path_to_the_walking_thread() {
        let q = Queue::new(0);
        assert!(!q.push(PathBuf::from("a")));
        q.close();
        assert_eq!(q.pop(), Some(PathBuf::from("a")));
        assert_eq!(q.pop(), None);
    }

    #[test]
    fn decode_names_the_position_of_bad_bytes() {
        let message = |bytes: &[u8]| decode(bytes.to_vec()).map_err(|e| e.message("f.md"));
        assert_eq!(
            message(b"# ok\nab\xffc\n"),
            Err(
                "f.md is not valid UTF-8 (byte 0xFF at line 2, column 3); weeklint reads UTF-8 only"
                    .to_string()
            )
        );
        assert_eq!(
            message(b"# x\n\0"),
            Err("f.md is a binary file (NUL byte at line 2, column 1), not Markdown".to_string())
        );
        assert_eq!(
            message(b"\xff\xfe#\0 \0"),
            Err("f.md is UTF-16 text; weeklint reads UTF-8 only".to_string())
        );
        assert_eq!(message("# 笔记\n".as_bytes()), Ok("# 笔记\n".to_string()));
    }

    /// What `read_text` says of a file holding `bytes`, next to what
    /// `decode` says of the same bytes read whole.
    fn both(bytes: &[u8]) -> (Result<String, String>, Result<String, String>) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("f.md");
        std::fs::write(&path, bytes).expect("write");
        let read = read_text(&path).map_err(|e| e.message("f.md"));
        let whole = decode(bytes.to_vec()).map_err(|e| e.message("f.md"));
        (read, whole)
    }

    #[test]
    fn characters_cut_by_a_chunk_end_are_read_whole() {
        // A 2-, 3- and 4-byte character placed to straddle the end of the
        // first chunk at every offset.
        for ch in ['é', '笔', '𝄞'] {
            let width = ch.len_utf8();
            for before in CHUNK_LEN - width..=CHUNK_LEN {
                let mut text = "a".repeat(before);
                text.push(ch);
                text.push_str(&"b".repeat(CHUNK_LEN + 7));
                text.push(ch);
                let dir = tempfile::tempdir().expect("temp dir");
                let path = dir.path().join("f.md");
                std::fs::write(&path, &text).expect("write");
                // Read in chunks, not by the fallback that reads whole:
                // with no size known, and with the file's size.
                for size in [0, text.len() as u64] {
                    let file = std::fs::File::open(&path).expect("open");
                    let read = read_utf8(file, size).expect("read");
                    assert_eq!(
                        read.as_deref(),
                        Some(text.as_str()),
                        "{ch} after {before} bytes, size {size}"
                    );
                }
            }
        }
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn a_file_whose_size_says_nothing_is_read_to_its_end() {
        // Files in /proc report a size of 0 and have text all the same.
        let path = Path::new("/proc/self/status");
        assert_eq!(std::fs::metadata(path).map(|m| m.len()).ok(), Some(0));
        let text = read_text(path).map_err(|e| e.message("status"));
        assert!(
            text.as_deref().is_ok_and(|t| t.starts_with("Name:")),
            "{text:?}"
        );
    }

    #[test]
    fn bad_bytes_after_the_first_chunk_are_described_as_in_a_whole_read() {
        let mut long = "笔记\n".repeat(CHUNK_LEN / 4).into_bytes();
        let cases: Vec<Vec<u8>> = vec![
            // An invalid byte, a NUL, and an end cut mid-character, each
            // past the first chunk.
            [long.as_slice(), b"ok\nab\xffc\n"].concat(),
            [long.as_slice(), b"# x\n\0"].concat(),
            [
                long.as_slice(),
                "笔".as_bytes().get(..2).unwrap_or_default(),
            ]
            .concat(),
            b"\xff\xfe#\0 \0".to_vec(),
            Vec::new(),
        ];
        for bytes in cases {
            let (read, whole) = both(&bytes);
            assert_eq!(read, whole, "{} bytes", bytes.len());
        }
        long.extend_from_slice(b"\xff");
        let (read, _) = both(&long);
        let line = CHUNK_LEN / 4 + 1;
        assert_eq!(
            read,
            Err(format!(
                "f.md is not valid UTF-8 (byte 0xFF at line {line}, column 1); weeklint reads UTF-8 only"
            ))
        );
    }
}
