//! Long lines shown as a window around their labels, as rustc and ruff
//! show them (a line of thousands of tags, printed whole under each of its
//! diagnostics, made gigabytes of output), and lines holding characters a
//! terminal acts on shown with those escaped.

use std::ops::Range;

use codespan_reporting::diagnostic::Diagnostic as CsDiagnostic;
use codespan_reporting::files::{Error as FilesError, Files};
use weeklint_core::Source;

use crate::output::{is_hidden, push_escaped};

/// A line longer than this many bytes is cut to a window.
pub(super) const LONG_LINE: usize = 400;

/// Characters shown on each side of the labels of a cut line, and of a
/// label's own text at most.
const CONTEXT: usize = 40;
const MAX_LABEL: usize = 120;

/// Marks where a cut line goes on.
const MORE: &str = "...";

/// The lines a diagnostic touches, long ones cut, keeping their numbers
/// and columns.
pub(super) struct Windowed<'a> {
    name: &'a str,
    text: String,
    lines: Vec<Line>,
    /// Where each label starts in `text`, and its column in the file.
    columns: Vec<(usize, usize)>,
}

struct Line {
    /// The line in `text`, with its ending.
    range: Range<usize>,
    /// Its 1-based number in the file (0 for a gap).
    number: usize,
    /// Where the shown part starts in `text`, and the 1-based column that
    /// its first character has in the file.
    shown: usize,
    column: usize,
}

impl<'a> Windowed<'a> {
    /// The lines of `source` that the labels of `d` touch, when one of them
    /// is long or holds a character to escape; `d`'s labels are moved into
    /// the window. `None` when every line can be shown as it is.
    pub(super) fn new(name: &'a str, source: &Source, d: &mut CsDiagnostic<()>) -> Option<Self> {
        let text = source.text();
        let line_of = |offset: usize| source.line_index(offset.min(text.len()));
        let plain = |i: usize| {
            let line = source.line_range(i);
            line.len() <= LONG_LINE && !text[line].chars().any(is_hidden)
        };
        // Every line a label covers may be printed.
        let mut touched = d
            .labels
            .iter()
            .flat_map(|l| line_of(l.range.start)..=line_of(l.range.end));
        if touched.all(plain) {
            return None;
        }
        // A label running onto later lines is shown to the end of its
        // first line: only that line is cut or escaped.
        for l in &mut d.labels {
            let first = line_of(l.range.start);
            if line_of(l.range.end) != first {
                l.range.end = source.line_range(first).end.max(l.range.start);
            }
        }
        let mut wanted: Vec<usize> = d.labels.iter().map(|l| line_of(l.range.start)).collect();
        wanted.sort_unstable();
        wanted.dedup();
        let mut out = Windowed {
            name,
            text: String::new(),
            lines: Vec::new(),
            columns: Vec::new(),
        };
        // As an excerpt: one line between two labelled lines is shown, a
        // longer stretch is a gap.
        let mut prev: Option<usize> = None;
        for &i in &wanted {
            match prev {
                Some(p) if i == p + 2 => {
                    out.push(source, p + 1, None);
                }
                Some(p) if i > p + 2 => out.push_gap(),
                _ => {}
            }
            let labels: Vec<Range<usize>> = d
                .labels
                .iter()
                .filter(|l| line_of(l.range.start) == i)
                .map(|l| l.range.clone())
                .collect();
            let shown = out.push(source, i, Some(&labels));
            let (from, to) = window_of(source, i, Some(&labels));
            for l in d.labels.iter_mut().filter(|l| line_of(l.range.start) == i) {
                let start = source.floor_char_boundary(l.range.start.clamp(from, to));
                let end = source.floor_char_boundary(l.range.end.clamp(start, to));
                let new_start = shown + escaped_len(&text[from..start]);
                let new_end = new_start + escaped_len(&text[start..end]);
                out.columns
                    .push((new_start, source.line_col(l.range.start).column));
                l.range = new_start..new_end;
            }
            prev = Some(i);
        }
        Some(out)
    }

    /// Add line `i` of `source`, cut around `labels` when it is long;
    /// returns where its shown part starts in `text`.
    fn push(&mut self, source: &Source, i: usize, labels: Option<&[Range<usize>]>) -> usize {
        let line = source.line_range(i);
        let (from, to) = window_of(source, i, labels);
        let text = source.text();
        let start = self.text.len();
        let column = if from > line.start {
            self.text.push_str(MORE);
            source.line_col(from).column
        } else {
            1
        };
        let shown = self.text.len();
        push_escaped(&mut self.text, &text[from..to]);
        if to < line.end {
            self.text.push_str(MORE);
        }
        self.text.push('\n');
        self.lines.push(Line {
            range: start..self.text.len(),
            number: source.line_number(i),
            shown,
            column,
        });
        shown
    }

    fn push_gap(&mut self) {
        for _ in 0..2 {
            let start = self.text.len();
            self.text.push('\n');
            self.lines.push(Line {
                range: start..self.text.len(),
                number: 0,
                shown: start,
                column: 1,
            });
        }
    }

    fn line_at(&self, byte: usize) -> usize {
        self.lines
            .partition_point(|l| l.range.start <= byte)
            .saturating_sub(1)
    }
}

/// How long `s` is once escaped.
fn escaped_len(s: &str) -> usize {
    let mut out = String::new();
    push_escaped(&mut out, s);
    out.len()
}

/// The part of line `i` shown: all of a short line; of a long one, the
/// labels with some context around (a long label cut short).
fn window_of(source: &Source, i: usize, labels: Option<&[Range<usize>]>) -> (usize, usize) {
    let line = source.line_range(i);
    if line.len() <= LONG_LINE {
        return (line.start, line.end);
    }
    let text = &source.text()[line.clone()];
    let (first, last) = match labels {
        Some(l) if !l.is_empty() => (
            l.iter().map(|r| r.start).min().unwrap_or(line.start),
            l.iter().map(|r| r.end).max().unwrap_or(line.start),
        ),
        _ => (line.start, line.start),
    };
    let first = first.clamp(line.start, line.end) - line.start;
    let last = last.clamp(line.start + first, line.end) - line.start;
    let back = |at: usize, n: usize| {
        text[..at]
            .char_indices()
            .rev()
            .nth(n.saturating_sub(1))
            .map_or(0, |(i, _)| i)
    };
    let ahead = |at: usize, n: usize| {
        text[at..]
            .char_indices()
            .nth(n)
            .map_or(text.len(), |(i, _)| at + i)
    };
    let from = if first == 0 { 0 } else { back(first, CONTEXT) };
    let last = last.min(ahead(first, MAX_LABEL));
    let to = ahead(last, CONTEXT);
    (line.start + from, line.start + to)
}

impl<'a> Files<'a> for Windowed<'a> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(self.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(&self.text)
    }

    fn line_index(&'a self, (): (), byte_index: usize) -> Result<usize, FilesError> {
        Ok(self.line_at(byte_index))
    }

    fn line_number(&'a self, (): (), line_index: usize) -> Result<usize, FilesError> {
        Ok(self.lines.get(line_index).map_or(0, |l| l.number))
    }

    fn column_number(
        &'a self,
        (): (),
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, FilesError> {
        if let Some(&(_, column)) = self.columns.iter().find(|&&(at, _)| at == byte_index) {
            return Ok(column);
        }
        let Some(line) = self.lines.get(line_index) else {
            return Ok(1);
        };
        let byte = byte_index.clamp(line.shown, line.range.end);
        Ok(line.column + self.text[line.shown..byte].chars().count())
    }

    fn line_range(&'a self, (): (), line_index: usize) -> Result<Range<usize>, FilesError> {
        self.lines
            .get(line_index)
            .map(|l| l.range.clone())
            .ok_or(FilesError::LineTooLarge {
                given: line_index,
                max: self.lines.len(),
            })
    }
}
