//! A JSON array of diagnostics, in (path, line, column, rule) order.

use std::io::{self, Write};

use serde::Serialize;
use weeklint_core::Source;

use super::{IO_ERROR, SharedFixes, location};
use crate::report::FileReport;

#[derive(Serialize)]
struct Position {
    line: usize,
    column: usize,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    start: Position,
    end: Position,
    content: &'a str,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    applicability: &'static str,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    path: &'a str,
    rule: &'a str,
    severity: &'static str,
    message: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    fix: Option<JsonFix<'a>>,
}

fn position(source: &Source, offset: usize) -> Position {
    let lc = source.line_col(offset);
    Position {
        line: lc.line,
        column: lc.column,
    }
}

pub(super) fn emit(out: &mut dyn Write, reports: &[FileReport]) -> io::Result<()> {
    let mut all = Vec::new();
    for r in reports {
        if let Some(e) = &r.io_error {
            all.push(JsonDiagnostic {
                path: &r.display,
                rule: IO_ERROR,
                severity: "error",
                message: e,
                line: 1,
                column: 1,
                end_line: 1,
                end_column: 1,
                fix: None,
            });
        }
        let Some(source) = &r.source else { continue };
        let mut shared = SharedFixes::default();
        for d in &r.diagnostics {
            let (start, end) = location(source, d);
            all.push(JsonDiagnostic {
                path: &r.display,
                rule: d.rule,
                severity: d.severity.as_str(),
                message: &d.message,
                line: start.line,
                column: start.column,
                end_line: end.line,
                end_column: end.column,
                fix: d.fix.as_ref().filter(|f| shared.first(f)).map(|f| JsonFix {
                    applicability: f.applicability.as_str(),
                    edits: f
                        .edits
                        .iter()
                        .map(|e| JsonEdit {
                            start: position(source, e.range.start),
                            end: position(source, e.range.end),
                            content: &e.content,
                        })
                        .collect(),
                }),
            });
        }
    }
    all.sort_by(|a, b| (a.path, a.line, a.column, a.rule).cmp(&(b.path, b.line, b.column, b.rule)));
    serde_json::to_writer_pretty(&mut *out, &all).map_err(io::Error::from)?;
    writeln!(out)
}
