//! `--statistics`: how many diagnostics each rule produced.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;
use weeklint_core::Severity;

use super::IO_ERROR;
use crate::args::OutputFormat;
use crate::report::FileReport;

#[derive(Serialize)]
struct Row {
    rule: &'static str,
    severity: &'static str,
    count: usize,
    fixable: usize,
}

pub(super) fn emit(
    out: &mut dyn Write,
    format: OutputFormat,
    reports: &[FileReport],
) -> io::Result<()> {
    let mut rows: BTreeMap<&'static str, Row> = BTreeMap::new();
    for r in reports {
        if r.io_error.is_some() {
            count(&mut rows, IO_ERROR, Severity::Error, false);
        }
        for d in &r.diagnostics {
            count(&mut rows, d.rule, d.severity, d.fix.is_some());
        }
    }
    let mut rows: Vec<Row> = rows.into_values().collect();
    rows.sort_by(|a, b| b.count.cmp(&a.count).then(a.rule.cmp(b.rule)));
    if format == OutputFormat::Json {
        serde_json::to_writer_pretty(&mut *out, &rows).map_err(io::Error::from)?;
        return writeln!(out);
    }
    let width = rows.iter().map(|r| r.rule.len()).max().unwrap_or(0);
    for r in &rows {
        write!(out, "{:>6}  {:<width$}  {}", r.count, r.rule, r.severity)?;
        if r.fixable > 0 {
            write!(out, "  ({} fixable)", r.fixable)?;
        }
        writeln!(out)?;
    }
    Ok(())
}

fn count(
    rows: &mut BTreeMap<&'static str, Row>,
    rule: &'static str,
    severity: Severity,
    fixable: bool,
) {
    let row = rows.entry(rule).or_insert(Row {
        rule,
        severity: severity.as_str(),
        count: 0,
        fixable: 0,
    });
    row.count += 1;
    row.fixable += usize::from(fixable);
}
