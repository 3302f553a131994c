//! `path:line:column: severity[rule] message`, one line each.

use std::io::{self, Write};

use super::{IO_ERROR, escape, location};
use crate::report::FileReport;

pub(super) fn emit(out: &mut dyn Write, reports: &[FileReport]) -> io::Result<()> {
    for r in reports {
        // Text from files and their names is shown, never acted on.
        let display = escape(&r.display);
        if let Some(e) = &r.io_error {
            writeln!(out, "{display}:1:1: error[{IO_ERROR}] {}", escape(e))?;
        }
        let Some(source) = &r.source else { continue };
        for d in &r.diagnostics {
            let (start, _) = location(source, d);
            writeln!(
                out,
                "{display}:{}:{}: {}[{}] {}",
                start.line,
                start.column,
                d.severity,
                d.rule,
                escape(&d.message)
            )?;
        }
    }
    super::write_summary(out, reports)
}
