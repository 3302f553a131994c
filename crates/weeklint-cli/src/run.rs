//! Lint files in parallel; each file is read once and parsed once.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use weeklint_core::fix::{FixMode, fix_source};
use weeklint_core::{Diagnostic, LintEnv, Settings, Source, lint_source};

use crate::discover::{Matcher, slash};
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
    /// Why the file could not be linted (an `io-error`).
    pub io_error: Option<String>,
    /// What fixing did, when fixing.
    pub fix: Option<FileFix>,
}

/// What `--fix` or `--diff` did to one file.
#[derive(Debug, Default)]
pub struct FileFix {
    /// The text as read, when fixing changed it; the report's source is
    /// the fixed text.
    pub original: Option<String>,
    /// Fixes applied, all rules together.
    pub applied: usize,
    /// Why nothing was applied or written; the report then shows the file
    /// as it is.
    pub error: Option<String>,
}

/// How to fix files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fixing {
    /// Safe fixes only, or unsafe ones too.
    pub mode: FixMode,
    /// Write the fixed files (`--fix`), or only compute them (`--diff`).
    pub write: bool,
}

impl FileReport {
    /// A file that could not be linted.
    pub fn failed(path: PathBuf, display: String, message: String) -> Self {
        FileReport {
            path,
            display,
            source: None,
            diagnostics: Vec::new(),
            io_error: Some(message),
            fix: None,
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

    /// Lint every file, in parallel; reports come back sorted by path.
    pub fn lint_files(&self, paths: &[PathBuf]) -> Vec<FileReport> {
        let base = (!self.project.config.has_overrides()).then(|| {
            let mut s = self.project.config.base().clone();
            s.apply_selection(self.select.as_deref(), &self.ignore);
            s
        });
        let mut reports: Vec<FileReport> = paths
            .par_iter()
            .with_max_len(1)
            .map(|path| {
                let display = self.display(path);
                match read_text(path) {
                    Ok(text) => {
                        let owned;
                        let settings = match &base {
                            Some(s) => s,
                            None => {
                                owned = self.settings_for(path);
                                &owned
                            }
                        };
                        let mut report = self.lint_text(path.clone(), display, text, settings);
                        if self.fixing.is_some_and(|f| f.write) {
                            self.write_back(&mut report, settings);
                        }
                        report
                    }
                    Err(message) => FileReport::failed(path.clone(), display, message),
                }
            })
            .collect();
        reports.sort_by(|a, b| a.display.cmp(&b.display));
        reports
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
            return self.fix_text(path, display, source, settings, fixing.mode);
        }
        let diagnostics = lint_source(&source, &path, settings, &self.env);
        FileReport {
            path,
            display,
            source: Some(source),
            diagnostics,
            io_error: None,
            fix: None,
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
        mode: FixMode,
    ) -> FileReport {
        match fix_source(&source, &path, settings, &self.env, mode) {
            Ok(fixed) => {
                let changed = fixed.changed(&source);
                FileReport {
                    path,
                    display,
                    source: Some(fixed.source),
                    diagnostics: fixed.diagnostics,
                    io_error: None,
                    fix: Some(FileFix {
                        original: changed.then(|| source.into_text()),
                        applied: fixed.applied.values().sum(),
                        error: None,
                    }),
                }
            }
            Err(e) => {
                let diagnostics = lint_source(&source, &path, settings, &self.env);
                FileReport {
                    path,
                    display,
                    source: Some(source),
                    diagnostics,
                    io_error: None,
                    fix: Some(FileFix {
                        error: Some(format!("was not fixed: {e}; nothing was written")),
                        ..FileFix::default()
                    }),
                }
            }
        }
    }

    /// Write a fixed file. When it cannot be written, the report goes back
    /// to the text on disk and says why.
    fn write_back(&self, report: &mut FileReport, settings: &Settings) {
        let (Some(fix), Some(source)) = (&mut report.fix, &report.source) else {
            return;
        };
        let Some(original) = &fix.original else {
            return;
        };
        if let Err(e) = write::write_fixed(&report.path, original, source.text()) {
            let original = Source::new(fix.original.take().unwrap_or_default());
            report.diagnostics = lint_source(&original, &report.path, settings, &self.env);
            report.source = Some(original);
            fix.applied = 0;
            fix.error = Some(e.to_string());
        }
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

/// Read a file as UTF-8 text, or say in a few words why it cannot be.
pub fn read_text(path: &Path) -> Result<String, String> {
    let meta = std::fs::metadata(path).map_err(|e| describe_io_error(&e))?;
    if meta.is_dir() {
        return Err("is a directory, not a Markdown file".to_string());
    }
    // A FIFO or device would block or never end.
    if !meta.is_file() {
        return Err("not a regular file".to_string());
    }
    let bytes = std::fs::read(path).map_err(|e| describe_io_error(&e))?;
    decode(bytes)
}

/// Bytes to text: UTF-8 only, and not binary.
pub fn decode(bytes: Vec<u8>) -> Result<String, String> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err("is UTF-16 text; weeklint reads UTF-8 only".to_string());
    }
    if let Some(pos) = memchr_nul(&bytes) {
        let (line, column) = position(&bytes, pos);
        return Err(format!(
            "is a binary file (NUL byte at line {line}, column {column}), not Markdown"
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        let pos = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let (line, column) = position(bytes, pos);
        format!(
            "is not valid UTF-8 (byte 0x{:02X} at line {line}, column {column}); weeklint reads UTF-8 only",
            bytes[pos]
        )
    })
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == 0)
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
        ErrorKind::IsADirectory => "is a directory, not a Markdown file".to_string(),
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
    fn decode_names_the_position_of_bad_bytes() {
        let err = decode(b"# ok\nab\xffc\n".to_vec())
            .err()
            .unwrap_or_default();
        assert_eq!(
            err,
            "is not valid UTF-8 (byte 0xFF at line 2, column 3); weeklint reads UTF-8 only"
        );
        let err = decode(b"# x\n\0".to_vec()).err().unwrap_or_default();
        assert!(
            err.contains("binary file (NUL byte at line 2, column 1)"),
            "{err}"
        );
        assert!(
            decode(b"\xff\xfe#\0 \0".to_vec())
                .err()
                .unwrap_or_default()
                .contains("UTF-16")
        );
        assert_eq!(
            decode("# 笔记\n".as_bytes().to_vec()).as_deref(),
            Ok("# 笔记\n")
        );
    }
}
