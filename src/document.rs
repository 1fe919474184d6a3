//! A document ready for the rules: the decoded source, its line index, the
//! prose extracted from it (markup removed), the normalised prose rules
//! match on, and its paragraphs and sentences.
//!
//! Inside, every span is a byte span into the normalised text;
//! [`Document::locate`] is the one place that turns a span into file
//! coordinates.

use crate::diagnostic::Position;
use crate::input::{Directive, Prose, SourceText};
use crate::text::{
    LineIndex, Normalized, Segmentation, Sentence, Span, is_normal, normalize, segment,
};

#[derive(Debug, Clone)]
pub struct Document {
    source: SourceText,
    lines: LineIndex,
    /// The prose when it differs from the source text (markup, directives),
    /// with its map to the source text; `None` when it is the source text.
    prose: Option<Prose>,
    directives: Vec<Directive>,
    /// The normalised prose when normalising changed it; `None` when the
    /// prose is already normal (so it is not copied).
    normalized: Option<Normalized>,
    segmentation: Segmentation,
}

/// A span carried back to the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// The span in the decoded source text.
    pub source_span: Span,
    pub start: Position,
    pub end: Position,
}

impl Document {
    /// A document with no text (kept in place of one whose text is no
    /// longer needed).
    pub fn empty() -> Self {
        Document::new(SourceText {
            text: String::new(),
            map: crate::text::OffsetMap::default(),
            encoding: encoding_rs::UTF_8,
        })
    }

    /// A plain-text document: all of the source is prose.
    pub fn new(source: SourceText) -> Self {
        Document::with_prose(source, Prose::same_as_source())
    }

    /// A document whose prose was extracted from the source (markup).
    pub fn with_prose(source: SourceText, mut prose: Prose) -> Self {
        let lines = LineIndex::new(&source.text);
        let directives = std::mem::take(&mut prose.directives);
        let prose = (!prose.same_as_source).then_some(prose);
        let prose_text = prose.as_ref().map_or(source.text.as_str(), |p| p.text.as_str());
        let normalized = (!is_normal(prose_text)).then(|| normalize(prose_text));
        let text = normalized.as_ref().map_or(prose_text, |n| n.text.as_str());
        let segmentation = segment(text);
        Document { source, lines, prose, directives, normalized, segmentation }
    }

    /// Suppression comments in the page.
    pub fn directives(&self) -> &[Directive] {
        &self.directives
    }

    /// The encoding the file was read in.
    pub fn encoding(&self) -> &'static encoding_rs::Encoding {
        self.source.encoding
    }

    /// The normalised text the rules see.
    pub fn text(&self) -> &str {
        match (&self.normalized, &self.prose) {
            (Some(normalized), _) => &normalized.text,
            (None, Some(prose)) => &prose.text,
            (None, None) => &self.source.text,
        }
    }

    /// The decoded source text, as in the file.
    pub fn source_text(&self) -> &str {
        &self.source.text
    }

    pub fn lines(&self) -> &LineIndex {
        &self.lines
    }

    pub fn sentences(&self) -> &[Sentence] {
        &self.segmentation.sentences
    }

    pub fn paragraphs(&self) -> &[Span] {
        &self.segmentation.paragraphs
    }

    /// The prose before normalisation: the page as its reader sees it.
    pub fn prose_text(&self) -> &str {
        self.prose.as_ref().map_or(self.source.text.as_str(), |p| p.text.as_str())
    }

    /// Carries a span of the normalised text back to the prose.
    pub fn to_prose(&self, span: Span) -> Span {
        self.normalized.as_ref().map_or(span, |n| n.map.to_origin(span))
    }

    /// Carries a span of the normalised text back to the source text.
    pub fn to_source(&self, span: Span) -> Span {
        let in_prose = self.to_prose(span);
        self.prose.as_ref().map_or(in_prose, |p| p.map.to_origin(in_prose))
    }

    /// File coordinates of a span of the source text.
    pub fn locate_source(&self, source_span: Span) -> Located {
        let file_span = self.source.map.to_origin(source_span);
        let position = |offset: usize, byte: usize| {
            let lc = self.lines.position(&self.source.text, offset);
            Position { line: lc.line, column: lc.column, utf16_column: lc.utf16_column, byte }
        };
        Located {
            source_span,
            start: position(source_span.start, file_span.start),
            end: position(source_span.end, file_span.end),
        }
    }

    /// The source text a normalised span came from.
    pub fn source_slice(&self, span: Span) -> &str {
        self.source.text.get(self.to_source(span).range()).unwrap_or("")
    }

    /// File coordinates of a span of the normalised text.
    pub fn locate(&self, span: Span) -> Located {
        self.locate_source(self.to_source(span))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::decode;

    #[test]
    fn locate_maps_through_normalisation_and_bom() {
        let bytes = "\u{FEFF}一行目\r\nＮｏ．１です".as_bytes();
        let doc = Document::new(decode(bytes, None, false).expect("valid"));
        let start = doc.text().find("No.1").expect("normalised");
        let located = doc.locate(Span::new(start, start + 4));
        assert_eq!(doc.source_slice(Span::new(start, start + 4)), "Ｎｏ．１");
        assert_eq!(
            located.start,
            Position { line: 2, column: 1, utf16_column: 1, byte: 3 + 9 + 2 }
        );
        assert_eq!(
            located.end,
            Position { line: 2, column: 5, utf16_column: 5, byte: 3 + 9 + 2 + 12 }
        );
        let file_bytes = &bytes[located.start.byte..located.end.byte];
        assert_eq!(file_bytes, "Ｎｏ．１".as_bytes());
    }

    #[test]
    fn prose_spans_are_the_text_a_reader_sees() {
        let source = "# 当院は**Ｎｏ．１**です\n";
        let options = crate::ReadOptions { format: crate::input::Format::Markdown, encoding: None };
        let doc = crate::read(source.as_bytes(), options).expect("valid");
        assert_eq!(doc.prose_text().trim_end(), "当院はＮｏ．１です");
        let start = doc.text().find("No.1").expect("normalised");
        let prose = doc.to_prose(Span::new(start, start + 4));
        assert_eq!(&doc.prose_text()[prose.range()], "Ｎｏ．１");
        assert_eq!(doc.source_slice(Span::new(start, start + 4)), "Ｎｏ．１");
    }
}
