//! Output formats. Each takes the same sorted reports.

mod concise;
mod full;
mod github;
mod json;
mod sarif;
mod statistics;
mod summary;

use std::io::{self, Write};

use weeklint_core::{Applicability, Diagnostic, LineCol, Severity, Source};

use crate::args::OutputFormat;
use crate::project::Project;
use crate::report::FileReport;

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
    /// Diagnostics a safe fix repairs (`--fix`).
    pub fixable: usize,
    /// Diagnostics only an unsafe fix repairs (`--unsafe-fixes`).
    pub unsafe_fixable: usize,
    /// When fixing: the fixes applied.
    pub fixed: Option<usize>,
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
                match d.fix.as_ref().map(|f| f.applicability) {
                    Some(Applicability::Safe) => c.fixable += 1,
                    Some(Applicability::Unsafe) => c.unsafe_fixable += 1,
                    None => {}
                }
            }
            if let Some(f) = &r.fix {
                *c.fixed.get_or_insert(0) += f.applied;
            }
            if r.io_error.is_some() || !r.diagnostics.is_empty() {
                c.files_with_problems += 1;
            }
        }
        c
    }

    /// `3 errors, 1 warning in 2 files`, or `no problems in 4 files`,
    /// then what fixes can do (`; 2 fixable with --fix`) or did
    /// (`; 2 fixed, 1 remaining`), and a line for unsafe fixes.
    pub fn summary(&self) -> String {
        let mut line = self.problems();
        if let Some(fixed) = self.fixed {
            let remaining = self.errors + self.warnings - self.io_errors;
            line.push_str(&format!("; {fixed} fixed, {remaining} remaining"));
        } else if self.fixable > 0 {
            line.push_str(&format!("; {} fixable with --fix", self.fixable));
        }
        if self.unsafe_fixable > 0 {
            line.push_str(&format!(
                "\n{} more fixable with --unsafe-fixes",
                self.unsafe_fixable
            ));
        }
        line
    }

    fn problems(&self) -> String {
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

/// The end of a human report: a line for each file `--fix` changed (as
/// ruff names them), then the summary.
pub(super) fn write_summary(out: &mut dyn Write, reports: &[FileReport]) -> io::Result<()> {
    let counts = Counts::of(reports);
    if counts.fixed.is_some() {
        for r in reports {
            if let Some(fix) = r
                .fix
                .as_deref()
                .filter(|f| f.applied > 0 && f.error.is_none())
            {
                writeln!(
                    out,
                    "fixed {} in {}",
                    plural(fix.applied, "problem"),
                    escape(&r.display)
                )?;
            }
        }
    }
    writeln!(out, "{}", counts.summary())
}

/// `1 file`, `2 files`.
pub fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("{n} {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Whether a terminal would act on `c` rather than show it: control
/// characters (an escape sequence can retitle the terminal or hide text),
/// and the formatting marks that reorder text on screen.
pub fn is_hidden(c: char) -> bool {
    (c.is_control() && c != '\t')
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Push `s` to `out` with what a terminal would act on written out as an
/// escape: `\n`, `\r`, `\x1b`, `\u{202e}` (as ripgrep and ruff show them).
pub fn push_escaped(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if is_hidden(c) && (c as u32) < 0x100 => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c if is_hidden(c) => {
                out.push_str(&format!("\\u{{{:x}}}", c as u32));
            }
            c => out.push(c),
        }
    }
}

/// `s` with what a terminal would act on escaped (see [`push_escaped`]),
/// for the human formats; most text has nothing to escape.
pub fn escape(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(is_hidden) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    push_escaped(&mut out, s);
    std::borrow::Cow::Owned(out)
}

/// The message of a file's `io-error`, if it has one.
pub fn io_error_message(r: &FileReport) -> Option<String> {
    r.io_error.clone()
}

/// Which fixes of one file the machine formats write in full. A fix
/// that several diagnostics share (`date-order` moves every section of a
/// log with one fix, and flags each section out of place) goes with the
/// first of them only: applying every fix written then applies it once,
/// and the output does not grow with the square of the log.
#[derive(Default)]
pub(super) struct SharedFixes(std::collections::HashSet<*const weeklint_core::Edit>);

impl SharedFixes {
    /// Whether `fix` is written with this diagnostic: its edits were not
    /// written with an earlier one.
    pub(super) fn first(&mut self, fix: &weeklint_core::Fix) -> bool {
        fix.edits.is_empty() || self.0.insert(fix.edits.as_ptr())
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_says_what_fixes_can_do_or_did() {
        let c = Counts {
            errors: 3,
            warnings: 1,
            files_with_problems: 2,
            files: 5,
            fixable: 2,
            unsafe_fixable: 1,
            ..Counts::default()
        };
        assert_eq!(
            c.summary(),
            "3 errors, 1 warning in 2 files; 2 fixable with --fix\n1 more fixable with --unsafe-fixes"
        );
        let fixed = Counts {
            fixed: Some(4),
            fixable: 0,
            ..c
        };
        assert_eq!(
            fixed.summary(),
            "3 errors, 1 warning in 2 files; 4 fixed, 4 remaining\n1 more fixable with --unsafe-fixes"
        );
        let clean = Counts {
            files: 1,
            fixed: Some(2),
            ..Counts::default()
        };
        assert_eq!(
            clean.summary(),
            "no problems in 1 file; 2 fixed, 0 remaining"
        );
    }
}
