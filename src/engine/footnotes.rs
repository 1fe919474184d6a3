//! Footnote markers that a document resolves.
//!
//! A claim followed by ※1, [2] or 注3 is cited when the page defines the
//! marker (a line beginning with it: 「※1 田中ら, 2021」) or has a reference
//! list (参考文献, 出典, References) that numbered markers point into. A
//! bare ※ is cited when the page has a source note of its own (「※出典:
//! …」).

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
    /// A note naming a source that opens with a bare ※ (※出典, ※参考文献).
    source_note: bool,
}

/// A note that names where something comes from.
fn is_source_note(line: &str) -> bool {
    let Some(rest) = line.strip_prefix('※') else { return false };
    let rest = rest.trim_start();
    ["出典", "参考", "引用", "文献", "典拠", "データ出典", "source"]
        .iter()
        .any(|word| rest.get(..word.len()).is_some_and(|head| head.eq_ignore_ascii_case(word)))
}

/// Whether `text` holds a ※ with no number after it, past its start.
fn bare_marker_after_start(text: &str, start: usize) -> bool {
    text.match_indices('※').any(|(at, mark)| {
        let next = text.get(at + mark.len()..).and_then(|rest| rest.trim_start().chars().next());
        at != start && !next.is_some_and(|c| c.is_ascii_digit())
    })
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
            footnotes.source_note |= is_source_note(slice);
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
            || (self.source_note && bare_marker_after_start(sentence, offset))
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
    fn a_bare_marker_points_to_a_source_note() {
        let notes = scan(&["有効性が認められています※。", "※出典:添付文書 2023"]);
        assert!(notes.cites("有効性が認められています※。"));
        assert!(!notes.cites("※出典:添付文書 2023"), "the note itself cites nothing");
        let without = scan(&["有効性が認められています※。", "※効果には個人差があります"]);
        assert!(!without.cites("有効性が認められています※。"), "a caveat is no source");
    }

    #[test]
    fn an_undefined_marker_cites_nothing() {
        let notes = scan(&["研究で示されています※1。"]);
        assert!(!notes.cites("研究で示されています※1。"));
    }
}
