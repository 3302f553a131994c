//! Rich diagnostics (codespan-reporting), then a summary line.

use std::io::{self, Write};
use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label as CsLabel};
use codespan_reporting::files::{Error as FilesError, Files, SimpleFile};
use codespan_reporting::term::termcolor::Buffer;
use codespan_reporting::term::{self, Chars, Config, Styles, StylesWriter};
use weeklint_core::{Applicability, ConfigError, Diagnostic, Severity, Source};

use super::{IO_ERROR, escape};
use crate::report::FileReport;

mod window;

use window::Windowed;

/// Diagnostics shown for one line; the rest are counted. `concise` lists
/// every one, a line each.
const MAX_PER_LINE: usize = 10;

/// A file for codespan, using weeklint's own line index so that lines and
/// columns agree with every other format (BOM, CRLF).
struct FileView<'a> {
    name: &'a str,
    source: &'a Source,
}

impl<'a> Files<'a> for FileView<'a> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(self.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(self.source.text())
    }

    fn line_index(&'a self, (): (), byte_index: usize) -> Result<usize, FilesError> {
        Ok(self.source.line_index(byte_index))
    }

    // A report keeps an excerpt of its file: lines keep their numbers.
    fn line_number(&'a self, (): (), line_index: usize) -> Result<usize, FilesError> {
        Ok(self.source.line_number(line_index))
    }

    fn line_range(&'a self, (): (), line_index: usize) -> Result<Range<usize>, FilesError> {
        if line_index > self.source.line_count() {
            return Err(FilesError::LineTooLarge {
                given: line_index,
                max: self.source.line_count(),
            });
        }
        Ok(self.source.full_line_range(line_index))
    }
}

fn config() -> Config {
    Config {
        chars: Chars::ascii(),
        ..Config::default()
    }
}

/// A buffer that writes ANSI colors or none.
pub fn styled_buffer(color: bool) -> Buffer {
    if color {
        Buffer::ansi()
    } else {
        Buffer::no_color()
    }
}

/// `span` as codespan can show it: inside the text after the BOM (a
/// BOM is not on any line), on char boundaries.
fn shown(span: &Range<usize>, source: &Source) -> Range<usize> {
    let len = source.text().len();
    let start = source.floor_char_boundary(span.start.clamp(source.bom_len(), len));
    let start = start.max(source.bom_len());
    let end = source
        .floor_char_boundary(span.end.clamp(start, len))
        .max(start);
    start..end
}

fn to_codespan(d: &Diagnostic, source: &Source) -> CsDiagnostic<()> {
    let base = match d.severity {
        Severity::Error => CsDiagnostic::error(),
        Severity::Warning => CsDiagnostic::warning(),
    };
    // Text from files is shown, never acted on by the terminal.
    let mut labels = vec![CsLabel::primary((), shown(&d.span, source))];
    labels.extend(
        d.labels.iter().map(|l| {
            CsLabel::secondary((), shown(&l.span, source)).with_message(escape(&l.message))
        }),
    );
    let mut notes: Vec<String> = d
        .help
        .iter()
        .map(|h| format!("help: {}", escape(h)))
        .collect();
    let message = escape(&d.message);
    // `[*]` marks what `--fix` repairs, as ruff does.
    let message = match &d.fix {
        Some(f) if f.applicability == Applicability::Safe => {
            notes.push(format!("fix: {} (--fix)", escape(&f.title)));
            format!("[*] {message}")
        }
        Some(f) => {
            notes.push(format!("unsafe fix: {} (--unsafe-fixes)", escape(&f.title)));
            message.into_owned()
        }
        None => message.into_owned(),
    };
    base.with_code(d.rule)
        .with_message(message)
        .with_labels(labels)
        .with_notes(notes)
}

pub(super) fn emit(out: &mut dyn Write, reports: &[FileReport], color: bool) -> io::Result<()> {
    let styles = Styles::default();
    let config = config();
    let mut buffer = styled_buffer(color);
    let empty = Source::new(String::new());
    for r in reports {
        let display = escape(&r.display);
        if let Some(e) = &r.io_error {
            let files = FileView {
                name: &display,
                source: &empty,
            };
            let d = CsDiagnostic::error()
                .with_code(IO_ERROR)
                .with_message(escape(e));
            emit_one(&mut buffer, &styles, &config, &files, &d)?;
        }
        let Some(source) = &r.source else { continue };
        let files = FileView {
            name: &display,
            source,
        };
        // The line of the diagnostics being shown, how many were, and how
        // many were not.
        let mut line = (usize::MAX, 0, 0);
        for d in &r.diagnostics {
            let at = source.line_index(d.span.start.min(source.text().len()));
            if at != line.0 {
                more_on_line(&mut buffer, &styles, &config, &files, line)?;
                line = (at, 0, 0);
            }
            if line.1 == MAX_PER_LINE {
                line.2 += 1;
                continue;
            }
            line.1 += 1;
            let mut cs = to_codespan(d, source);
            // A path that is not Markdown (an unused image) has no text to show.
            if source.text().is_empty() {
                cs.labels.clear();
            }
            match Windowed::new(&display, source, &mut cs) {
                Some(window) => emit_one(&mut buffer, &styles, &config, &window, &cs)?,
                None => emit_one(&mut buffer, &styles, &config, &files, &cs)?,
            }
            // Keep memory flat with many diagnostics, in one file too.
            if buffer.as_slice().len() > 1 << 16 {
                out.write_all(buffer.as_slice())?;
                buffer.clear();
            }
        }
        more_on_line(&mut buffer, &styles, &config, &files, line)?;
    }
    out.write_all(buffer.as_slice())?;
    super::write_summary(out, reports)
}

/// Say how many diagnostics of line `(index, shown, not shown)` were
/// not shown.
fn more_on_line(
    buffer: &mut Buffer,
    styles: &Styles,
    config: &Config,
    files: &FileView<'_>,
    (index, _, more): (usize, usize, usize),
) -> io::Result<()> {
    if more == 0 {
        return Ok(());
    }
    let d = CsDiagnostic::note().with_message(format!(
        "{} on line {} of {} not shown; `--output-format concise` lists every one",
        super::plural(more, "more diagnostic"),
        files.source.line_number(index),
        files.name,
    ));
    emit_one(buffer, styles, config, files, &d)
}

fn emit_one<'a, F: Files<'a, FileId = ()>>(
    buffer: &mut Buffer,
    styles: &Styles,
    config: &Config,
    files: &'a F,
    d: &CsDiagnostic<()>,
) -> io::Result<()> {
    let mut writer = StylesWriter::new(buffer, styles);
    term::emit_to_write_style(&mut writer, config, files, d).map_err(io::Error::other)?;
    Ok(())
}

/// Render config errors against the config file's text.
pub fn render_config_errors(
    name: &str,
    text: &str,
    errors: &[ConfigError],
    color: bool,
) -> Vec<u8> {
    let file = SimpleFile::new(name, text);
    let styles = Styles::default();
    let config = config();
    let mut buffer = styled_buffer(color);
    for e in errors {
        let mut d = CsDiagnostic::error()
            .with_code("config")
            .with_message(&e.message);
        if let Some(span) = &e.span {
            d = d.with_labels(vec![CsLabel::primary((), span.clone())]);
        }
        if let Some(help) = &e.help {
            d = d.with_notes(vec![format!("help: {help}")]);
        }
        let mut writer = StylesWriter::new(&mut buffer, &styles);
        if term::emit_to_write_style(&mut writer, &config, &file, &d).is_err() {
            buffer.clear();
        }
    }
    buffer.into_inner()
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use weeklint_core::rules::HeadingSpace;

    use super::*;

    /// A report on `log.md` holding `text`.
    fn log_md(text: impl Into<String>, diagnostics: Vec<Diagnostic>) -> FileReport {
        FileReport {
            path: PathBuf::from("log.md"),
            display: "log.md".to_string(),
            source: Some(Source::new(text.into())),
            diagnostics,
            io_error: None,
            document: None,
            fix: None,
        }
    }

    /// A sink that keeps the size of its largest write.
    #[derive(Default)]
    struct Largest {
        largest: usize,
        total: usize,
    }

    impl Write for Largest {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.largest = self.largest.max(buf.len());
            self.total += buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn many_diagnostics_in_one_file_are_written_as_they_are_rendered() {
        let text = "##x\n".repeat(5_000);
        let diagnostics = (0..5_000)
            .map(|i| HeadingSpace::META.diagnostic(4 * i..4 * i + 2, "no space after `##`"))
            .collect();
        let report = log_md(text, diagnostics);
        let mut out = Largest::default();
        emit(&mut out, std::slice::from_ref(&report), false).unwrap();
        // Far more than the buffer is printed, never much more at once.
        assert!(out.total > 4 << 16, "{}", out.total);
        assert!(out.largest < (1 << 16) + 4096, "{}", out.largest);
    }

    #[test]
    fn a_label_running_onto_the_next_line_shows_its_first_line_escaped() {
        // Found by fuzzing: a label from a line holding an escape sequence
        // onto the next line printed the line raw.
        let text = "# t\n##\u{1b}]0;x\u{7}y\nnext\n";
        let at = text.find('y').unwrap();
        let report = log_md(
            text.to_string(),
            vec![HeadingSpace::META.diagnostic(at..at + 4, "across")],
        );
        let mut out = Vec::new();
        emit(&mut out, std::slice::from_ref(&report), false).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(!out.contains(['\u{1b}', '\u{7}']), "{out}");
        assert!(out.contains("2 | ##\\x1b]0;x\\x07y\n"), "{out}");
        assert!(out.contains("--> log.md:2:9\n"), "{out}");
    }

    #[test]
    fn a_span_on_the_byte_order_mark_is_shown_at_the_first_character() {
        // Found by fuzzing: a span on the BOM, which is on no line, made
        // codespan subtract past zero.
        let report = log_md(
            "\u{feff}UUU\n".to_string(),
            vec![
                HeadingSpace::META.diagnostic(0..3, "on the BOM"),
                HeadingSpace::META.diagnostic(1..9, "inside it, past the end"),
            ],
        );
        let mut out = Vec::new();
        emit(&mut out, std::slice::from_ref(&report), false).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert_eq!(out.matches("--> log.md:1:1\n").count(), 2, "{out}");
    }
}
