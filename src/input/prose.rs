//! The prose of a page: the text a reader sees, with an offset map back to
//! the source text, built by the format extractors (text, Markdown, HTML).
//!
//! Blocks (paragraphs, headings, list items, table cells) are separated by
//! a blank line so the segmenter sees them as paragraphs; inline markup adds
//! nothing, so 「副作用が**ない**」 stays one sentence.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::directive::Directive;
use crate::text::OffsetMap;

/// A page's prose.
#[derive(Debug, Clone, Default)]
pub struct Prose {
    pub text: String,
    /// Maps byte offsets of `text` to byte offsets of the source text.
    pub map: OffsetMap,
    /// Suppression comments found in the page.
    pub directives: Vec<Directive>,
    /// The prose is the source text itself (`text` and `map` are empty):
    /// plain text without directives is not copied.
    pub same_as_source: bool,
}

impl Prose {
    /// The prose of a page that is all prose: the source text itself.
    pub fn same_as_source() -> Prose {
        Prose { same_as_source: true, ..Prose::default() }
    }
}

/// URLs are not prose: `https://…` in a text run is left out.
static URL: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"(?i)\bhttps?://[^\s<>「」『』（）()、。]+").ok());

fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{30FF}' | '\u{3400}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}'
        | '\u{FF00}'..='\u{FFEF}')
}

/// Builds prose piece by piece, in source order.
#[derive(Debug, Default)]
pub struct ProseBuilder {
    prose: Prose,
}

impl ProseBuilder {
    pub fn new() -> Self {
        ProseBuilder::default()
    }

    pub fn finish(self) -> Prose {
        self.prose
    }

    pub fn directive(&mut self, directive: Directive) {
        self.prose.directives.push(directive);
    }

    /// Ends the current block: the next text starts a new paragraph.
    pub fn block_break(&mut self, at: usize) {
        if !self.prose.text.is_empty() && !self.prose.text.ends_with("\n\n") {
            let gap = if self.prose.text.ends_with('\n') { "\n" } else { "\n\n" };
            self.push_inserted(at, gap);
        }
    }

    /// A line break inside a block (`<br>`, a Markdown hard break).
    pub fn line_break(&mut self, at: usize) {
        if !self.prose.text.is_empty() && !self.prose.text.ends_with('\n') {
            self.push_inserted(at, "\n");
        }
    }

    fn push_inserted(&mut self, at: usize, text: &str) {
        self.prose.map.push_replaced(at..at, text.len());
        self.prose.text.push_str(text);
    }

    /// Source text copied as is.
    pub fn push_verbatim(&mut self, source: &str, start: usize) {
        self.prose.map.push_verbatim(start, source.len());
        self.prose.text.push_str(source);
    }

    /// Source bytes `range` that read as `text` (an entity, an escape).
    pub fn push_replaced(&mut self, range: Range<usize>, text: &str) {
        self.prose.map.push_replaced(range, text.len());
        self.prose.text.push_str(text);
    }

    /// A run of source text, copied except that URLs are left out and line
    /// breaks with their indentation are dropped between Japanese characters
    /// (a space elsewhere): markup source wraps lines where readers see none.
    pub fn push_run(&mut self, source: &str, start: usize) {
        let mut last = 0;
        for url in URL.iter().flat_map(|r| r.find_iter(source)) {
            self.push_wrapped(&source[last..url.start()], start + last);
            last = url.end();
        }
        self.push_wrapped(&source[last..], start + last);
    }

    fn push_wrapped(&mut self, source: &str, start: usize) {
        let mut last = 0;
        let bytes = source.as_bytes();
        let mut index = 0;
        while let Some(&byte) = bytes.get(index) {
            if byte != b'\n' && byte != b'\r' {
                index += 1;
                continue;
            }
            // The whole run of white space around this line break.
            let run_start = source[..index].trim_end_matches([' ', '\t']).len();
            let run_end = index + (source[index..].len() - source[index..].trim_start().len());
            self.push_verbatim(&source[last..run_start], start + last);
            let before = source[..run_start].chars().next_back();
            let after = source[run_end..].chars().next();
            let joined = before.is_none_or(is_cjk) || after.is_none_or(is_cjk);
            self.push_replaced(start + run_start..start + run_end, if joined { "" } else { " " });
            last = run_end;
            index = run_end.max(index + 1);
        }
        self.push_verbatim(&source[last..], start + last);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Span;

    #[test]
    fn wrapped_japanese_lines_join_without_a_space() {
        let source = "副作用は\n    ない";
        let mut builder = ProseBuilder::new();
        builder.push_run(source, 0);
        let prose = builder.finish();
        assert_eq!(prose.text, "副作用はない");
        let at = prose.text.find("ない").expect("joined");
        assert_eq!(prose.map.to_origin(Span::new(at, at + 6)), Span::new(17, 23));
    }

    #[test]
    fn wrapped_latin_lines_join_with_a_space() {
        let mut builder = ProseBuilder::new();
        builder.push_run("best\n  clinic", 0);
        assert_eq!(builder.finish().text, "best clinic");
    }

    #[test]
    fn urls_are_left_out() {
        let mut builder = ProseBuilder::new();
        builder.push_run("詳細は https://example.jp/no1 をご覧ください", 10);
        let prose = builder.finish();
        assert_eq!(prose.text, "詳細は  をご覧ください");
        let at = prose.text.find("を").expect("kept");
        assert_eq!(prose.map.to_origin(Span::new(at, at + 3)), Span::new(10 + 33, 10 + 36));
    }

    #[test]
    fn block_breaks_make_paragraphs_once() {
        let mut builder = ProseBuilder::new();
        builder.block_break(0);
        builder.push_run("一", 0);
        builder.block_break(3);
        builder.block_break(3);
        builder.push_run("二", 3);
        assert_eq!(builder.finish().text, "一\n\n二");
    }
}
