//! Line index: byte offsets of the source text to 1-based line, character
//! column and UTF-16 column, with LF, CRLF and lone CR line endings.

/// A position in the source text as editors count it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineColumn {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column in Unicode scalar values (characters).
    pub column: usize,
    /// 1-based column in UTF-16 code units, as LSP clients count.
    pub utf16_column: usize,
}

/// How far apart column checkpoints are, in bytes: a position is found by
/// counting at most this far, however long its line.
const CHECKPOINT_BYTES: usize = 4096;

/// A position whose columns are known, so counting can start there.
#[derive(Debug, Clone, Copy)]
struct Checkpoint {
    offset: usize,
    line: usize,
    /// 0-based columns at `offset`.
    column: usize,
    utf16_column: usize,
}

/// Where each line of a text starts.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Byte offset of the first character of each line.
    starts: Vec<usize>,
    /// Columns every `CHECKPOINT_BYTES` or so, for very long lines.
    checkpoints: Vec<Checkpoint>,
    len: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while let Some(&byte) = bytes.get(i) {
            match byte {
                b'\n' => starts.push(i + 1),
                b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                    starts.push(i + 2);
                    i += 1;
                }
                b'\r' => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        let checkpoints = checkpoints(text, &starts);
        LineIndex { starts, checkpoints, len: text.len() }
    }

    /// Number of lines (a trailing line ending opens one last, empty line).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// 0-based index of the line containing `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset).saturating_sub(1)
    }

    /// Byte range of line `index` (0-based), without its line ending.
    pub fn line_span(&self, text: &str, index: usize) -> (usize, usize) {
        let start = self.starts.get(index).copied().unwrap_or(self.len);
        let mut end = self.starts.get(index + 1).copied().unwrap_or(self.len);
        let bytes = text.as_bytes();
        if end > start && bytes.get(end - 1) == Some(&b'\n') {
            end -= 1;
        }
        if end > start && bytes.get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        (start, end)
    }

    /// Line and columns of a byte offset, which must be a char boundary.
    pub fn position(&self, text: &str, offset: usize) -> LineColumn {
        let offset = offset.min(text.len());
        let line = self.line_of(offset);
        let line_start = self.starts.get(line).copied().unwrap_or(0);
        // Count from the nearest checkpoint on the same line, else from the
        // line's start (then at most CHECKPOINT_BYTES away).
        let nearest = self.checkpoints.partition_point(|c| c.offset <= offset);
        let from = nearest
            .checked_sub(1)
            .and_then(|i| self.checkpoints.get(i))
            .filter(|c| c.line == line && c.offset >= line_start)
            .copied()
            .unwrap_or(Checkpoint { offset: line_start, line, column: 0, utf16_column: 0 });
        let before = text.get(from.offset..offset).unwrap_or("");
        LineColumn {
            line: line + 1,
            column: from.column + before.chars().count() + 1,
            utf16_column: from.utf16_column
                + before.chars().map(char::len_utf16).sum::<usize>()
                + 1,
        }
    }
}

/// Column checkpoints every `CHECKPOINT_BYTES` (at character boundaries).
fn checkpoints(text: &str, starts: &[usize]) -> Vec<Checkpoint> {
    let mut found = Vec::new();
    if text.len() <= CHECKPOINT_BYTES {
        return found;
    }
    let (mut line, mut column, mut utf16_column) = (0usize, 0usize, 0usize);
    let mut next = CHECKPOINT_BYTES;
    for (offset, c) in text.char_indices() {
        if starts.get(line + 1) == Some(&offset) {
            line += 1;
            column = 0;
            utf16_column = 0;
        }
        if offset >= next {
            found.push(Checkpoint { offset, line, column, utf16_column });
            next = offset + CHECKPOINT_BYTES;
        }
        if c != '\n' && c != '\r' {
            column += 1;
            utf16_column += c.len_utf16();
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, needle: &str) -> LineColumn {
        let offset = text.find(needle).expect("needle in text");
        LineIndex::new(text).position(text, offset)
    }

    fn lc(line: usize, column: usize, utf16_column: usize) -> LineColumn {
        LineColumn { line, column, utf16_column }
    }

    #[test]
    fn lf_lines() {
        assert_eq!(at("ab\ncd", "c"), lc(2, 1, 1));
        assert_eq!(at("ab\ncd", "d"), lc(2, 2, 2));
    }

    #[test]
    fn crlf_counts_as_one_line_break() {
        let text = "一行目\r\n二行目\r\n三";
        assert_eq!(at(text, "二"), lc(2, 1, 1));
        assert_eq!(at(text, "三"), lc(3, 1, 1));
        assert_eq!(LineIndex::new(text).line_count(), 3);
    }

    #[test]
    fn lone_cr_is_a_line_break() {
        let text = "あ\rい\rう";
        assert_eq!(at(text, "う"), lc(3, 1, 1));
    }

    #[test]
    fn tab_is_one_character() {
        assert_eq!(at("\t\t副作用", "副"), lc(1, 3, 3));
    }

    #[test]
    fn full_width_is_one_character_and_one_utf16_unit() {
        assert_eq!(at("安全性が高い", "高"), lc(1, 5, 5));
    }

    #[test]
    fn emoji_and_non_bmp_take_two_utf16_units() {
        // 😀 and 𠮷 are outside the BMP: one character, two UTF-16 units each.
        assert_eq!(at("😀𠮷副作用", "副"), lc(1, 3, 5));
    }

    #[test]
    fn line_span_excludes_the_line_ending() {
        let text = "ab\r\ncd\n";
        let index = LineIndex::new(text);
        assert_eq!(index.line_span(text, 0), (0, 2));
        assert_eq!(index.line_span(text, 1), (4, 6));
        assert_eq!(index.line_span(text, 2), (7, 7));
    }

    #[test]
    fn long_lines_use_checkpoints_and_agree_with_counting() {
        let text = format!("前置き\n{}😀最先端{}\r\n次", "あa".repeat(5000), "い".repeat(3000));
        let index = LineIndex::new(&text);
        assert!(!index.checkpoints.is_empty());
        for needle in ["最先端", "次", "😀"] {
            let offset = text.find(needle).expect("present");
            let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
            let before = &text[line_start..offset];
            let expected = lc(
                text[..offset].matches('\n').count() + 1,
                before.chars().count() + 1,
                before.chars().map(char::len_utf16).sum::<usize>() + 1,
            );
            assert_eq!(index.position(&text, offset), expected, "{needle}");
        }
    }

    #[test]
    fn offset_at_end_of_text() {
        let text = "あい";
        assert_eq!(LineIndex::new(text).position(text, text.len()), lc(1, 3, 3));
    }
}
