//! `path:line:column: severity[rule] message`, one line each.

use std::io::{self, Write};

use super::{Counts, IO_ERROR, location};
use crate::report::FileReport;

pub(super) fn emit(out: &mut dyn Write, reports: &[FileReport]) -> io::Result<()> {
    for r in reports {
        if let Some(e) = &r.io_error {
            writeln!(out, "{}:1:1: error[{IO_ERROR}] {e}", r.display)?;
        }
        let Some(source) = &r.source else { continue };
        for d in &r.diagnostics {
            let (start, _) = location(source, d);
            writeln!(
                out,
                "{}:{}:{}: {}[{}] {}",
                r.display, start.line, start.column, d.severity, d.rule, d.message
            )?;
        }
    }
    writeln!(out, "{}", Counts::of(reports).summary())
}
