//! The text of one file and the one place where byte offsets become lines
//! and columns.

use std::ops::Range;

/// The line ending a file mostly uses; fixes write new lines with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineEnding {
    /// `\n`
    Lf,
    /// `\r\n`
    CrLf,
}

impl LineEnding {
    /// The bytes of this line ending.
    pub fn as_str(self) -> &'static str {
        match self {
            LineEnding::Lf => "\n",
            LineEnding::CrLf => "\r\n",
        }
    }
}

/// A 1-based line and column; the column counts characters, not bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LineCol {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, in Unicode scalar values.
    pub column: usize,
}

const BOM: &str = "\u{feff}";

/// The full text of a file, with its line index.
///
/// Every span in weeklint is a byte range into [`Source::text`], the text
/// exactly as read (a UTF-8 BOM included). The parser sees
/// [`Source::body`], the text after the BOM.
#[derive(Debug, Clone)]
pub struct Source {
    text: String,
    bom_len: usize,
    /// Byte offset of the start of each line; the first line starts after
    /// the BOM so that columns do not count it.
    line_starts: Vec<usize>,
    line_ending: LineEnding,
}

impl Source {
    /// Index `text`.
    pub fn new(text: String) -> Self {
        let bom_len = if text.starts_with(BOM) { BOM.len() } else { 0 };
        let bytes = text.as_bytes();
        let mut line_starts = Vec::with_capacity(bytes.len() / 40 + 1);
        line_starts.push(bom_len);
        let mut crlf = 0usize;
        let mut lf = 0usize;
        for pos in memchr::memchr_iter(b'\n', bytes) {
            line_starts.push(pos + 1);
            if pos > 0 && bytes[pos - 1] == b'\r' {
                crlf += 1;
            } else {
                lf += 1;
            }
        }
        let line_ending = if crlf > lf {
            LineEnding::CrLf
        } else {
            LineEnding::Lf
        };
        Source {
            text,
            bom_len,
            line_starts,
            line_ending,
        }
    }

    /// The text exactly as read.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Consume the source, returning its text.
    pub fn into_text(self) -> String {
        self.text
    }

    /// The text after the BOM, as given to the Markdown parser.
    pub fn body(&self) -> &str {
        &self.text[self.bom_len..]
    }

    /// Length of the BOM in bytes (0 or 3): add it to offsets in [`Source::body`].
    pub fn bom_len(&self) -> usize {
        self.bom_len
    }

    /// Whether the text starts with a UTF-8 BOM.
    pub fn has_bom(&self) -> bool {
        self.bom_len > 0
    }

    /// The file's dominant line ending.
    pub fn line_ending(&self) -> LineEnding {
        self.line_ending
    }

    /// Number of lines (a final newline does not start a new line).
    pub fn line_count(&self) -> usize {
        let n = self.line_starts.len();
        if n > 1 && self.line_starts[n - 1] == self.text.len() {
            n - 1
        } else {
            n
        }
    }

    /// 0-based index of the line holding byte `offset`.
    pub fn line_index(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// Byte offset where 0-based line `index` starts (after the BOM on line 0).
    pub fn line_start(&self, index: usize) -> usize {
        self.line_starts
            .get(index)
            .copied()
            .unwrap_or(self.text.len())
    }

    /// Byte range of 0-based line `index`, without its line ending.
    pub fn line_range(&self, index: usize) -> Range<usize> {
        let start = self.line_start(index);
        let mut end = self
            .line_starts
            .get(index + 1)
            .copied()
            .unwrap_or(self.text.len());
        let bytes = self.text.as_bytes();
        if end > start && bytes[end - 1] == b'\n' {
            end -= 1;
            if end > start && bytes[end - 1] == b'\r' {
                end -= 1;
            }
        }
        start..end
    }

    /// Byte range of 0-based line `index`, including its line ending.
    pub fn full_line_range(&self, index: usize) -> Range<usize> {
        let start = self.line_start(index);
        let end = self
            .line_starts
            .get(index + 1)
            .copied()
            .unwrap_or(self.text.len());
        start..end
    }

    /// The 1-based line and character column of byte `offset`.
    ///
    /// An offset inside a multi-byte character or past the end is clamped.
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = self.floor_char_boundary(offset.min(self.text.len()));
        let index = self.line_index(offset);
        let start = self.line_start(index).min(offset);
        let column = self.text[start..offset].chars().count() + 1;
        LineCol {
            line: index + 1,
            column,
        }
    }

    /// The largest char boundary at or before `offset`.
    pub fn floor_char_boundary(&self, mut offset: usize) -> usize {
        while offset > 0 && !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let src = Source::new("## 2023年6月18日 笔记\nx".to_string());
        let off = src.text().find("笔记").unwrap_or_default();
        assert_eq!(
            src.line_col(off),
            LineCol {
                line: 1,
                column: 15
            }
        );
        assert_eq!(
            src.line_col(src.text().len() - 1),
            LineCol { line: 2, column: 1 }
        );
    }

    #[test]
    fn bom_is_not_a_column() {
        let src = Source::new("\u{feff}# A\n".to_string());
        assert_eq!(src.body(), "# A\n");
        assert_eq!(src.line_col(3), LineCol { line: 1, column: 1 });
        assert_eq!(src.line_range(0), 3..6);
    }

    #[test]
    fn crlf_lines_and_ending() {
        let src = Source::new("a\r\nbb\r\n".to_string());
        assert_eq!(src.line_ending(), LineEnding::CrLf);
        assert_eq!(src.line_range(0), 0..1);
        assert_eq!(src.line_range(1), 3..5);
        assert_eq!(src.line_count(), 2);
    }

    #[test]
    fn missing_final_newline_counts_last_line() {
        let src = Source::new("a\nb".to_string());
        assert_eq!(src.line_count(), 2);
        assert_eq!(src.line_range(1), 2..3);
    }
}
