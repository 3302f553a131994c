//! GitHub Actions workflow commands: one `::error` or `::warning`
//! annotation per diagnostic.
//!
//! GitHub shows at most 10 error and 10 warning annotations per step and
//! drops the rest without a word, so past that a `::notice` says how many
//! there are in all (the action's job summary lists every one).
//!
//! GitHub matches `file=` against the paths of the repository, so paths
//! are relative to the git work tree root, whatever folder weeklint runs in.

use std::io::{self, Write};
use std::path::Path;

use weeklint_core::Severity;

use super::{Counts, IO_ERROR, io_error_message, location};
use crate::discover::{normalize, slash};
use crate::project::{Project, git_root};
use crate::report::FileReport;

/// Annotations of one kind GitHub shows per step.
const SHOWN_PER_STEP: usize = 10;

pub(super) fn emit(
    out: &mut dyn Write,
    reports: &[FileReport],
    project: &Project,
) -> io::Result<()> {
    let repo = git_root(&project.cwd);
    for r in reports {
        let file = repo_path(r, &project.cwd, repo.as_deref());
        if let Some(message) = io_error_message(r) {
            // No position: GitHub then annotates the file as a whole.
            writeln!(
                out,
                "::error file={},title={}::{}",
                property(&file),
                property(&title(IO_ERROR)),
                data(&message)
            )?;
        }
        let Some(source) = &r.source else { continue };
        for d in &r.diagnostics {
            let (start, end) = location(source, d);
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            writeln!(
                out,
                "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                property(&file),
                start.line,
                start.column,
                end.line,
                end.column,
                property(&title(d.rule)),
                data(&d.message)
            )?;
        }
    }
    let counts = Counts::of(reports);
    if counts.errors > SHOWN_PER_STEP || counts.warnings > SHOWN_PER_STEP {
        writeln!(
            out,
            "::notice title={}::{}",
            property("weeklint"),
            data(&format!(
                "{}; GitHub shows only the first {SHOWN_PER_STEP} {} per step, so some are not annotated",
                counts.summary(),
                match (
                    counts.errors > SHOWN_PER_STEP,
                    counts.warnings > SHOWN_PER_STEP
                ) {
                    (true, true) => "errors and warnings",
                    (true, false) => "errors",
                    _ => "warnings",
                }
            ))
        )?;
    }
    Ok(())
}

/// `r`'s path relative to the git work tree root, when it lies inside one.
fn repo_path(r: &FileReport, cwd: &Path, repo: Option<&Path>) -> String {
    repo.and_then(|root| {
        normalize(&cwd.join(&r.path))
            .strip_prefix(root)
            .ok()
            .map(slash)
    })
    .unwrap_or_else(|| r.display.clone())
}

fn title(rule: &str) -> String {
    format!("weeklint ({rule})")
}

/// Escape the message of a workflow command (after `::`).
// Not `percent-encoding`: it escapes every non-ASCII byte, which GitHub
// would then show as `%E6%97%A5` instead of `日`.
pub(super) fn data(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => out.push(c),
        }
    }
    out
}

/// Escape a property value of a workflow command (`file=…`, `title=…`),
/// where `:` would end the properties and `,` start the next one.
pub(super) fn property(s: &str) -> String {
    // After `data`, every `%` is escaped, so these cannot be doubled.
    data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_escapes_percent_and_line_breaks_only() {
        assert_eq!(data("100% done"), "100%25 done");
        assert_eq!(data("a\r\nb\nc"), "a%0D%0Ab%0Ac");
        assert_eq!(data("a: b, c"), "a: b, c");
        // `%0A` written literally must not turn into a line break.
        assert_eq!(data("%0A"), "%250A");
        assert_eq!(data("日期 2023年6月18日 ✓"), "日期 2023年6月18日 ✓");
    }

    #[test]
    fn property_escapes_separators_too() {
        assert_eq!(property("notes/a,b: c%.md"), "notes/a%2Cb%3A c%25.md");
        assert_eq!(property("x\ny\rz"), "x%0Ay%0Dz");
        assert_eq!(property("weeklint (date-order)"), "weeklint (date-order)");
        assert_eq!(property("笔记/周报.md"), "笔记/周报.md");
        assert_eq!(property("::"), "%3A%3A");
    }
}
