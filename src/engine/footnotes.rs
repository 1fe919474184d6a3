//! Footnote markers that a document resolves.
//!
//! A claim followed by ※1, [2] or 注3 is cited when the page defines the
//! marker (a line beginning with it: 「※1 田中ら, 2021」) or has a reference
//! list (参考文献, 出典, References) that numbered markers point into.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use crate::text::Span;

/// Marker forms after width folding; the number is the key, so ※1 and [1]
/// refer to the same note.
static MARKER: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"※\s?([0-9]{1,3})|\*([0-9]{1,3})|\[(?:文献)?([0-9]{1,3})\]|\((?:注|文献)([0-9]{1,3})\)|注([0-9]{1,3})")
        .ok()
});

/// A heading that opens a reference list.
static REFERENCE_HEADING: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"^(?i)[【\[]?\s*(参考文献|引用文献|参考資料|出典|references|bibliography)").ok()
});

fn markers(text: &str) -> impl Iterator<Item = (usize, String)> + '_ {
    MARKER.iter().flat_map(move |regex| {
        regex.captures_iter(text).filter_map(|captures| {
            let whole = captures.get(0)?;
            let number = captures.iter().skip(1).flatten().next()?;
            Some((whole.start(), number.as_str().to_string()))
        })
    })
}

/// What one document defines.
#[derive(Debug, Clone, Default)]
pub struct Footnotes {
    defined: HashSet<String>,
    reference_list: bool,
}

impl Footnotes {
    /// Scans the sentences of `text` for definitions and reference lists.
    pub fn scan(text: &str, sentences: impl Iterator<Item = Span>) -> Footnotes {
        let mut footnotes = Footnotes::default();
        for sentence in sentences {
            let Some(slice) = text.get(sentence.range()) else { continue };
            let slice = slice.trim_start_matches(['-', '・', ' ', '\t']);
            if let Some((0, number)) = markers(slice).next() {
                footnotes.defined.insert(number);
            }
            if REFERENCE_HEADING.as_ref().is_some_and(|r| r.is_match(slice)) {
                footnotes.reference_list = true;
            }
        }
        footnotes
    }

    /// Whether `sentence` carries a marker the document resolves (a marker
    /// that opens the sentence is a definition, not a citation).
    pub fn cites(&self, sentence: &str) -> bool {
        let trimmed = sentence.trim_start_matches(['-', '・', ' ', '\t']);
        let offset = sentence.len() - trimmed.len();
        markers(sentence)
            .filter(|(at, _)| *at != offset)
            .any(|(_, number)| self.reference_list || self.defined.contains(&number))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(lines: &[&str]) -> Footnotes {
        let text = lines.join("\n");
        let mut spans = Vec::new();
        let mut start = 0;
        for line in lines {
            spans.push(Span::new(start, start + line.len()));
            start += line.len() + 1;
        }
        Footnotes::scan(&text, spans.into_iter())
    }

    #[test]
    fn a_defined_marker_is_a_citation() {
        let notes = scan(&["効果が確認されています※1。", "※1 田中ら, 2021"]);
        assert!(notes.cites("効果が確認されています※1。"));
        assert!(!notes.cites("効果が確認されています※2。"));
        assert!(!notes.cites("※1 田中ら, 2021"));
    }

    #[test]
    fn numbered_markers_point_into_a_reference_list() {
        let notes = scan(&["研究で示されています[3]。", "参考文献", "- Sato K. 2020"]);
        assert!(notes.cites("研究で示されています[3]。"));
        assert!(!notes.cites("研究で示されています。"));
    }

    #[test]
    fn an_undefined_marker_cites_nothing() {
        let notes = scan(&["研究で示されています※1。"]);
        assert!(!notes.cites("研究で示されています※1。"));
    }
}
