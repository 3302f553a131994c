//! The text of one file and the one place where byte offsets become lines
//! and columns.

use std::ops::Range;
use std::sync::OnceLock;

/// The line ending a file mostly uses; fixes write new lines with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineEnding {
    /// `\n`
    Lf,
    /// `\r\n`
    CrLf,
    /// `\r` alone (classic Mac OS), which CommonMark also reads as a line
    /// ending.
    Cr,
}

impl LineEnding {
    /// The bytes of this line ending.
    pub fn as_str(self) -> &'static str {
        match self {
            LineEnding::Lf => "\n",
            LineEnding::CrLf => "\r\n",
            LineEnding::Cr => "\r",
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
    /// Whether some line ends with a bare `\r`.
    bare_cr: bool,
    /// In an excerpt, the 1-based number each line has in the whole file.
    line_numbers: Option<Vec<usize>>,
    /// In an excerpt, the byte offset at which each line starts in the
    /// whole file.
    original_starts: Option<Vec<usize>>,
    /// Characters before each [`MARK`]-byte step of the text, made when a
    /// column far into a line is first asked for: a line of 20,000 tags
    /// has as many diagnostics, and counting each column from the line's
    /// start took time quadratic in the line's length.
    char_marks: OnceLock<Vec<(usize, usize)>>,
}

/// Bytes between two [`Source::char_marks`].
const MARK: usize = 4096;

impl Source {
    /// Index `text`.
    pub fn new(text: String) -> Self {
        let bom_len = if text.starts_with(BOM) { BOM.len() } else { 0 };
        let bytes = text.as_bytes();
        // Room for lines of 32 bytes on average, so that most files do
        // not grow the index a step at a time (journals run near 40; a
        // source kept to the end of a run gives back what is left over,
        // with `shrink_to_fit`).
        let mut line_starts = Vec::with_capacity(bytes.len() / 32 + 1);
        line_starts.push(bom_len);
        let (mut crlf, mut lf, mut cr) = (0usize, 0usize, 0usize);
        // CommonMark ends a line at `\n`, `\r\n` or a bare `\r`; lines
        // here must be the parser's lines.
        if memchr::memchr(b'\r', bytes).is_none() {
            line_starts.extend(memchr::memchr_iter(b'\n', bytes).map(|pos| pos + 1));
            lf = line_starts.len() - 1;
        } else {
            for pos in memchr::memchr2_iter(b'\n', b'\r', bytes) {
                match (bytes[pos], bytes.get(pos + 1)) {
                    (b'\r', Some(b'\n')) => continue,
                    (b'\r', _) => cr += 1,
                    _ if pos > 0 && bytes[pos - 1] == b'\r' => crlf += 1,
                    _ => lf += 1,
                }
                line_starts.push(pos + 1);
            }
        }
        let line_ending = if crlf > lf && crlf >= cr {
            LineEnding::CrLf
        } else if cr > lf {
            LineEnding::Cr
        } else {
            LineEnding::Lf
        };
        Source {
            text,
            bom_len,
            line_starts,
            line_ending,
            bare_cr: cr > 0,
            line_numbers: None,
            original_starts: None,
            char_marks: OnceLock::new(),
        }
    }

    /// Give back the room its line index did not use: for a source kept
    /// until the end of a run.
    pub fn shrink_to_fit(&mut self) {
        self.line_starts.shrink_to_fit();
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

    /// Whether some line ends with a bare `\r` (classic Mac OS).
    pub fn has_bare_cr(&self) -> bool {
        self.bare_cr
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

    /// [`Source::line_index`], walking forward from line `from`: for
    /// offsets visited in order, each a few lines past the one before.
    pub fn line_index_from(&self, from: usize, offset: usize) -> usize {
        let mut line = from.min(self.line_starts.len().saturating_sub(1));
        if self.line_starts[line] > offset {
            return self.line_index(offset);
        }
        while self
            .line_starts
            .get(line + 1)
            .is_some_and(|&start| start <= offset)
        {
            line += 1;
        }
        line
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
        }
        if end > start && bytes[end - 1] == b'\r' {
            end -= 1;
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
        let column = if offset - start <= MARK {
            self.text[start..offset].chars().count() + 1
        } else {
            self.chars_before(offset) - self.chars_before(start) + 1
        };
        LineCol {
            line: self.line_number(index),
            column,
        }
    }

    /// How many characters the text has before the char boundary `offset`.
    fn chars_before(&self, offset: usize) -> usize {
        let marks = self.char_marks.get_or_init(|| {
            let mut marks = vec![(0, 0)];
            let mut at = 0;
            let mut chars = 0;
            while at + MARK < self.text.len() {
                let next = self.floor_char_boundary(at + MARK);
                chars += self.text[at..next].chars().count();
                at = next;
                marks.push((at, chars));
            }
            marks
        });
        let k = marks.partition_point(|&(at, _)| at <= offset) - 1;
        let (at, chars) = marks[k];
        chars + self.text[at..offset].chars().count()
    }

    /// The 1-based line number of 0-based line `index`: in an excerpt, the
    /// number the line has in the whole file.
    pub fn line_number(&self, index: usize) -> usize {
        match &self.line_numbers {
            Some(numbers) => numbers.get(index).copied().unwrap_or(index + 1),
            None => index + 1,
        }
    }

    /// Where `offset` lies in the whole file: its byte offset there and its
    /// 0-based line. An excerpt's offsets are moved back to the file's.
    pub fn whole_file_position(&self, offset: usize) -> (usize, usize) {
        let line = self.line_index(offset);
        match &self.original_starts {
            Some(starts) => (
                starts.get(line).copied().unwrap_or(0)
                    + offset.saturating_sub(self.line_start(line)),
                self.line_number(line).saturating_sub(1),
            ),
            None => (offset, line),
        }
    }

    /// Only the lines that `spans` touch, for printing diagnostics without
    /// keeping the whole file: lines keep their numbers, and
    /// [`Excerpt::map`] moves offsets into the excerpt.
    ///
    /// Between two kept lines, one line in between is kept too, and a
    /// longer stretch becomes two empty lines: a renderer that shows the
    /// line between two labels, or a break for a longer gap, shows the
    /// excerpt just as it would show the whole file.
    pub fn excerpt(&self, spans: impl IntoIterator<Item = Range<usize>>) -> Excerpt {
        let mut wanted: Vec<usize> = Vec::new();
        for span in spans {
            let first = self.line_index(span.start.min(self.text.len()));
            let last = self.line_index(span.end.min(self.text.len()));
            wanted.extend(first..=last);
        }
        wanted.sort_unstable();
        wanted.dedup();
        let mut kept: Vec<usize> = Vec::with_capacity(wanted.len() * 2);
        for &line in &wanted {
            if let Some(&prev) = kept.last()
                && line == prev + 2
            {
                kept.push(prev + 1);
            }
            kept.push(line);
        }
        // The kept lines and a gap's two line endings between each two.
        let len = kept
            .iter()
            .map(|&l| self.full_line_range(l).len() + 2)
            .sum();
        let mut text = String::with_capacity(len);
        let mut numbers = Vec::with_capacity(kept.len() + 2);
        let mut starts = Vec::with_capacity(kept.len());
        let mut prev: Option<usize> = None;
        for &line in &kept {
            if prev.is_some_and(|p| line > p + 1) {
                // After a bare `\r`, a `\n` would join it as one ending.
                text.push_str(if text.ends_with('\r') { "\r\r" } else { "\n\n" });
                numbers.extend([0, 0]);
            }
            starts.push(text.len());
            text.push_str(&self.text[self.full_line_range(line)]);
            numbers.push(line + 1);
            prev = Some(line);
        }
        let mut source = Source::new(text);
        source.shrink_to_fit();
        source.line_ending = self.line_ending;
        numbers.shrink_to_fit();
        source.line_numbers = Some(numbers);
        Excerpt {
            source,
            lines: kept,
            starts,
            original_starts: Vec::new(),
        }
        .with_original_starts(self)
    }

    /// The largest char boundary at or before `offset`.
    pub fn floor_char_boundary(&self, mut offset: usize) -> usize {
        while offset > 0 && !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }
}

/// A few lines of a file (see [`Source::excerpt`]).
#[derive(Debug, Clone)]
pub struct Excerpt {
    /// The excerpt's text, with the lines' numbers in the whole file.
    pub source: Source,
    /// 0-based indices, in the whole file, of the kept lines.
    lines: Vec<usize>,
    /// Where each kept line starts in the excerpt.
    starts: Vec<usize>,
    /// Where each kept line starts in the whole file.
    original_starts: Vec<usize>,
}

impl Excerpt {
    fn with_original_starts(mut self, original: &Source) -> Self {
        self.original_starts = self.lines.iter().map(|&l| original.line_start(l)).collect();
        // Per line of the excerpt, for `whole_file_position` (a gap's
        // lines have number 0 and start nowhere in particular).
        let numbers = self.source.line_numbers.as_deref().unwrap_or_default();
        self.source.original_starts = Some(
            numbers
                .iter()
                .map(|&n| n.checked_sub(1).map_or(0, |l| original.line_start(l)))
                .collect(),
        );
        self
    }

    /// The excerpt offset of `offset` in the whole file, which must lie on
    /// a kept line (as the offsets the excerpt was made for do).
    pub fn map(&self, offset: usize) -> usize {
        let k = self
            .original_starts
            .partition_point(|&start| start <= offset)
            .saturating_sub(1);
        let (Some(&start), Some(&to)) = (self.original_starts.get(k), self.starts.get(k)) else {
            return 0;
        };
        (to + offset.saturating_sub(start)).min(self.source.text.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_far_into_long_lines_count_characters() {
        // Lines of many kilobytes, with multi-byte characters across the
        // steps at which characters are counted ahead.
        let line: String = (0..3000)
            .map(|i| if i % 7 == 0 { "笔记 " } else { "ab " })
            .collect();
        let text = format!("# t\n{line}\n{line}é\n");
        let src = Source::new(text.clone());
        for offset in (0..text.len()).step_by(997).chain([text.len() - 2]) {
            let offset = src.floor_char_boundary(offset);
            let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
            let want = text[start..offset].chars().count() + 1;
            assert_eq!(src.line_col(offset).column, want, "at {offset}");
        }
    }

    #[test]
    fn every_line_is_found_with_each_kind_of_ending() {
        // Long and short lines, after a BOM, and with each kind of line
        // ending (a bare `\r` has the lines found by the second scan).
        let long = format!("{}<img>\n{}<\n", "x".repeat(63), "<a>".repeat(40));
        for text in [
            "",
            "<",
            "a<b\n<c",
            "\u{FEFF}<x>\r\n<y",
            "a\r<b\r<",
            "a\r\n\rb\n",
            long.as_str(),
        ] {
            let bom = if text.starts_with('\u{FEFF}') { 3 } else { 0 };
            let mut want = vec![bom];
            let bytes = text.as_bytes();
            for (i, &b) in bytes.iter().enumerate() {
                let ends = b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
                if ends {
                    want.push(i + 1);
                }
            }
            assert_eq!(Source::new(text.to_string()).line_starts, want, "{text:?}");
        }
    }

    #[test]
    fn a_kept_source_gives_back_the_room_its_index_did_not_use() {
        // Lines of 40 bytes: the index is made with room for twice as many.
        let mut source = Source::new(format!("{}\n", "x".repeat(39)).repeat(100));
        assert_eq!(source.line_count(), 100);
        assert!(source.line_starts.capacity() > source.line_starts.len());
        source.shrink_to_fit();
        assert_eq!(source.line_starts.capacity(), source.line_starts.len());
        assert_eq!(source.line_col(3960).line, 100);
    }

    #[test]
    fn line_index_from_any_hint_is_line_index() {
        let source = Source::new("\u{feff}a\n\nbb\r\ncc\rd".to_string());
        for offset in 0..source.text().len() {
            for from in 0..source.line_count() + 2 {
                assert_eq!(
                    source.line_index_from(from, offset),
                    source.line_index(offset),
                    "from {from} at {offset}"
                );
            }
        }
    }

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
    fn a_bare_cr_ends_a_line() {
        let src = Source::new("# A\r## B\r\nc\rd".to_string());
        assert_eq!(src.line_count(), 4);
        assert_eq!(src.line_range(0), 0..3);
        assert_eq!(src.line_range(1), 4..8);
        assert_eq!(src.line_range(2), 10..11);
        assert_eq!(src.line_range(3), 12..13);
        assert_eq!(src.line_col(10), LineCol { line: 3, column: 1 });
        assert_eq!(Source::new("a\rb\r".into()).line_ending(), LineEnding::Cr);
    }

    #[test]
    fn an_excerpt_keeps_line_numbers_and_maps_offsets() {
        let text: String = (1..=20).map(|i| format!("line {i}\n")).collect();
        let src = Source::new(text.clone());
        let at = |needle: &str| text.find(needle).unwrap_or_default();
        // Lines 3, 5 (so 4 comes along), and 12 (a break before it).
        let spans = [
            at("line 3\n")..at("line 3\n") + 4,
            at("line 5\n")..at("line 5\n") + 1,
            at("line 12")..at("line 12") + 2,
        ];
        let ex = src.excerpt(spans.iter().cloned());
        assert_eq!(ex.source.text(), "line 3\nline 4\nline 5\n\n\nline 12\n");
        for span in &spans {
            let (a, b) = (ex.map(span.start), ex.map(span.end));
            assert_eq!(&ex.source.text()[a..b], &text[span.clone()]);
            assert_eq!(ex.source.line_col(a), src.line_col(span.start));
        }
        assert_eq!(ex.source.line_number(3), 0, "a break line has no number");
    }

    #[test]
    fn an_excerpt_of_a_bom_file_and_its_last_line() {
        let src = Source::new("\u{feff}# A\n\nend".to_string());
        let ex = src.excerpt([3..4, 8..11]);
        assert_eq!(ex.source.text(), "# A\n\nend");
        assert_eq!(ex.source.line_col(ex.map(9)), src.line_col(9));
        assert_eq!(ex.source.line_col(ex.map(3)), src.line_col(3));
    }

    #[test]
    fn missing_final_newline_counts_last_line() {
        let src = Source::new("a\nb".to_string());
        assert_eq!(src.line_count(), 2);
        assert_eq!(src.line_range(1), 2..3);
    }
}
