//! Output formats. Each takes the same sorted reports.

mod concise;
mod full;
mod github;
mod json;
mod sarif;
mod statistics;
mod summary;

use std::io::{self, Write};

use weeklint_core::{Diagnostic, LineCol, Severity, Source};

use crate::args::OutputFormat;
use crate::project::Project;
use crate::run::FileReport;

pub use full::{render_config_errors, styled_buffer};

/// The rule name of a file that could not be read or decoded.
pub const IO_ERROR: &str = "io-error";

/// Counts for the summary line and the exit code.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// Error-severity diagnostics, `io-error`s included.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Files with at least one diagnostic.
    pub files_with_problems: usize,
    /// Files looked at.
    pub files: usize,
    /// Files that could not be read or decoded.
    pub io_errors: usize,
}

impl Counts {
    /// Count the reports.
    pub fn of(reports: &[FileReport]) -> Self {
        let mut c = Counts {
            files: reports.len(),
            ..Counts::default()
        };
        for r in reports {
            if r.io_error.is_some() {
                c.io_errors += 1;
                c.errors += 1;
            }
            for d in &r.diagnostics {
                match d.severity {
                    Severity::Error => c.errors += 1,
                    Severity::Warning => c.warnings += 1,
                }
            }
            if r.io_error.is_some() || !r.diagnostics.is_empty() {
                c.files_with_problems += 1;
            }
        }
        c
    }

    /// `3 errors, 1 warning in 2 files`, or `no problems in 4 files`.
    pub fn summary(&self) -> String {
        if self.errors + self.warnings == 0 {
            return format!("no problems in {}", plural(self.files, "file"));
        }
        let mut parts = Vec::new();
        if self.errors > 0 {
            parts.push(plural(self.errors, "error"));
        }
        if self.warnings > 0 {
            parts.push(plural(self.warnings, "warning"));
        }
        format!(
            "{} in {}",
            parts.join(", "),
            plural(self.files_with_problems, "file")
        )
    }
}

/// `1 file`, `2 files`.
pub fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("{n} {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// The message of a file's `io-error`, if it has one.
pub fn io_error_message(r: &FileReport) -> Option<String> {
    r.io_error.clone()
}

/// Start and end (exclusive) of a diagnostic's primary span.
pub fn location(source: &Source, d: &Diagnostic) -> (LineCol, LineCol) {
    (source.line_col(d.span.start), source.line_col(d.span.end))
}

/// Print `reports` in `format` to `out`. `project` tells `sarif` and
/// `github` where the paths they print start.
pub fn emit(
    out: &mut dyn Write,
    format: OutputFormat,
    reports: &[FileReport],
    color: bool,
    statistics: bool,
    project: &Project,
) -> io::Result<()> {
    if statistics {
        return statistics::emit(out, format, reports);
    }
    match format {
        OutputFormat::Full => full::emit(out, reports, color),
        OutputFormat::Concise => concise::emit(out, reports),
        OutputFormat::Json => json::emit(out, reports),
        OutputFormat::Github => github::emit(out, reports, project),
        OutputFormat::Sarif => sarif::emit(out, reports, project),
        OutputFormat::Summary => summary::emit(out, reports),
    }
}
