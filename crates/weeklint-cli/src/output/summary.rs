//! A Markdown report for a GitHub job summary (`$GITHUB_STEP_SUMMARY`):
//! totals, a table per rule and per file, and every diagnostic in a
//! folded list — annotations stop at ten per step, the summary does not.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use weeklint_core::{Applicability, Severity};

use super::{Counts, IO_ERROR, io_error_message, location, plural};
use crate::report::FileReport;

/// Diagnostics listed one by one; past this the list says how many more.
/// Keeps the summary well under GitHub's 1 MiB limit per step.
const LISTED: usize = 1000;

#[derive(Default)]
struct Row {
    errors: usize,
    warnings: usize,
    fixable: usize,
}

impl Row {
    fn add(&mut self, severity: Severity, fixable: bool) {
        match severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
        }
        self.fixable += usize::from(fixable);
    }
}

pub(super) fn emit(out: &mut dyn Write, reports: &[FileReport]) -> io::Result<()> {
    let counts = Counts::of(reports);
    let mut md = String::from("## weeklint\n\n");
    if counts.errors + counts.warnings == 0 {
        let _ = writeln!(md, "✅ No problems in {}.", plural(counts.files, "file"));
        return out.write_all(md.as_bytes());
    }

    let mut rules: BTreeMap<&str, Row> = BTreeMap::new();
    let mut files: Vec<(&str, Row)> = Vec::new();
    let (mut safe, mut unsafe_) = (0usize, 0usize);
    let mut listed = Vec::new();
    for r in reports {
        let mut row = Row::default();
        if let Some(message) = io_error_message(r) {
            row.add(Severity::Error, false);
            rules
                .entry(IO_ERROR)
                .or_default()
                .add(Severity::Error, false);
            listed.push(format!(
                "- <code>{}</code> **error** `{IO_ERROR}`: {}",
                text(&r.display),
                text(&message)
            ));
        }
        if let Some(source) = &r.source {
            for d in &r.diagnostics {
                match d.fix.as_ref().map(|f| f.applicability) {
                    Some(Applicability::Safe) => safe += 1,
                    Some(Applicability::Unsafe) => unsafe_ += 1,
                    None => {}
                }
                let fixable = d.fix.is_some();
                row.add(d.severity, fixable);
                rules.entry(d.rule).or_default().add(d.severity, fixable);
                let (start, _) = location(source, d);
                push_listed(&mut listed, || {
                    format!(
                        "- <code>{}:{}:{}</code> **{}** `{}`: {}",
                        text(&r.display),
                        start.line,
                        start.column,
                        d.severity,
                        d.rule,
                        message_text(&d.message)
                    )
                });
            }
        }
        if row.errors + row.warnings > 0 {
            files.push((&r.display, row));
        }
    }

    let total = counts.errors + counts.warnings;
    let mark = if counts.errors > 0 { "❌" } else { "⚠️" };
    let mut totals = Vec::new();
    if counts.errors > 0 {
        totals.push(format!("**{}**", plural(counts.errors, "error")));
    }
    if counts.warnings > 0 {
        totals.push(plural(counts.warnings, "warning"));
    }
    let _ = write!(
        md,
        "{mark} {} in {} of {} checked",
        totals.join(", "),
        counts.files_with_problems,
        plural(counts.files, "file")
    );
    if safe > 0 {
        let _ = write!(md, " · {safe} fixable with `weeklint check --fix`");
    }
    if unsafe_ > 0 {
        let _ = write!(
            md,
            " · {unsafe_} more with `weeklint check --fix --unsafe-fixes`"
        );
    }
    md.push_str("\n\n");

    let mut rules: Vec<(&str, Row)> = rules.into_iter().collect();
    rules.sort_by(|a, b| {
        let total = |r: &Row| r.errors + r.warnings;
        total(&b.1).cmp(&total(&a.1)).then(a.0.cmp(b.0))
    });
    md.push_str("| Rule | Errors | Warnings | Fixable |\n| :--- | ---: | ---: | ---: |\n");
    for (rule, row) in &rules {
        let _ = writeln!(
            md,
            "| `{rule}` | {} | {} | {} |",
            row.errors, row.warnings, row.fixable
        );
    }
    md.push_str("\n| File | Errors | Warnings | Fixable |\n| :--- | ---: | ---: | ---: |\n");
    for (file, row) in &files {
        let _ = writeln!(
            md,
            "| <code>{}</code> | {} | {} | {} |",
            text(file),
            row.errors,
            row.warnings,
            row.fixable
        );
    }
    let _ = writeln!(
        md,
        "\n<details><summary>All {}</summary>\n",
        plural(total, "diagnostic")
    );
    for line in &listed {
        md.push_str(line);
        md.push('\n');
    }
    if total > listed.len() {
        let _ = writeln!(
            md,
            "- … and {} more: run `weeklint check` to see them all",
            total - listed.len()
        );
    }
    md.push_str("\n</details>\n");
    out.write_all(md.as_bytes())
}

/// Format and keep a list entry while fewer than [`LISTED`] are kept.
fn push_listed(listed: &mut Vec<String>, entry: impl FnOnce() -> String) {
    if listed.len() < LISTED {
        listed.push(entry());
    }
}

/// Text shown as is: no Markdown or HTML in messages and paths takes
/// effect, and a line break cannot end a list item or table row.
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' | '\n' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '~' | '!' | '$' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// A message whose `code` spans stay code spans; the rest is [`text`].
fn message_text(message: &str) -> String {
    let parts: Vec<&str> = message.split('`').collect();
    // An odd number of backticks: no pairs to trust.
    if parts.len().is_multiple_of(2) {
        return text(message);
    }
    let mut out = String::with_capacity(message.len() + 8);
    for (i, part) in parts.iter().enumerate() {
        if i % 2 == 0 {
            out.push_str(&text(part));
        } else {
            out.push_str(&code_span(part));
        }
    }
    out
}

/// `s` as a Markdown code span, shown exactly (code spans take no escapes).
fn code_span(s: &str) -> String {
    let s = s.replace(['\r', '\n'], " ");
    if s.trim().is_empty() {
        return format!("<code>{}</code>", text(&s));
    }
    format!("`{s}`")
}

#[cfg(test)]
mod tests {
    use super::{message_text, text};

    #[test]
    fn messages_keep_their_code_spans() {
        assert_eq!(
            message_text("no space after `##`: shown as *text*"),
            "no space after `##`: shown as \\*text\\*"
        );
        assert_eq!(
            message_text("tag `<img src=a.png width=4\">` is <b>"),
            "tag `<img src=a.png width=4\">` is &lt;b&gt;"
        );
        assert_eq!(message_text("odd ` tick"), "odd \\` tick");
        assert_eq!(message_text("empty `` code"), "empty <code></code> code");
    }

    #[test]
    fn text_is_inert() {
        assert_eq!(text("a|b"), "a\\|b");
        assert_eq!(text("<img src=x>"), "&lt;img src=x&gt;");
        assert_eq!(text("`##` *x* _y_"), "\\`\\#\\#\\` \\*x\\* \\_y\\_");
        assert_eq!(text("a\nb"), "a b");
        assert_eq!(text("周报 2023年6月18日"), "周报 2023年6月18日");
    }
}
