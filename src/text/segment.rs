//! Paragraphs and sentences.
//!
//! Sentences end at 。！？!? (and runs of them) and at line ends, but never
//! at a terminator inside 「」『』（）【】: a quoted sentence stays part of the
//! sentence that quotes it. Paragraphs are separated by blank lines when the
//! document uses blank lines as separators; otherwise (the usual shape of
//! copy pasted from a web page) each line is a paragraph.

use super::span::Span;

/// A sentence and the paragraph it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub span: Span,
    /// Index into the paragraph list.
    pub paragraph: usize,
}

/// The segmentation of one text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Segmentation {
    pub paragraphs: Vec<Span>,
    pub sentences: Vec<Sentence>,
}

/// Lines of `text` without their endings, as byte spans.
fn lines(text: &str) -> Vec<Span> {
    let bytes = text.as_bytes();
    let mut lines = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        if byte == b'\n' || byte == b'\r' {
            lines.push(Span::new(start, i));
            if byte == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
            start = i + 1;
        }
        i += 1;
    }
    lines.push(Span::new(start, bytes.len()));
    lines
}

fn is_blank(s: &str) -> bool {
    s.chars().all(char::is_whitespace)
}

/// `span` shrunk to exclude leading and trailing white space.
fn trim(text: &str, span: Span) -> Span {
    let slice = &text[span.range()];
    let start = span.start + (slice.len() - slice.trim_start().len());
    let end = span.start + slice.trim_end().len();
    Span::new(start, end.max(start))
}

fn opens(c: char) -> bool {
    matches!(c, '「' | '『' | '(' | '（' | '【')
}

fn closes(c: char) -> bool {
    matches!(c, '」' | '』' | ')' | '）' | '】')
}

fn terminates(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?' | '｡')
}

/// The longest sentence, in characters. Unpunctuated text (a scraped page,
/// a hostile input) is cut into pieces this long, at a comma or space when
/// there is one, so the analyser never sees megabytes at once.
pub const MAX_SENTENCE_CHARS: usize = 1000;

fn soft_break(c: char) -> bool {
    matches!(c, '、' | ',' | '，' | ' ' | '\u{3000}' | '\t' | '」' | '』' | ')' | '）')
}

/// Pushes `span`, cut into pieces of at most `MAX_SENTENCE_CHARS`.
fn push_capped(text: &str, span: Span, out: &mut Vec<Span>) {
    let mut start = span.start;
    loop {
        let rest = text.get(start..span.end).unwrap_or("");
        // Byte offsets of the half-way character and of the cap, if the
        // rest is longer than the cap.
        let mut boundaries = rest.char_indices().map(|(at, _)| at);
        let half = boundaries.nth(MAX_SENTENCE_CHARS / 2);
        let cap = boundaries.nth(MAX_SENTENCE_CHARS - MAX_SENTENCE_CHARS / 2 - 1);
        let (Some(half), Some(cap)) = (half, cap) else {
            out.push(Span::new(start, span.end));
            return;
        };
        // Cut after the last soft break in the second half, else at the cap.
        let cut = rest
            .get(half..cap)
            .and_then(|second| second.char_indices().rev().find(|(_, c)| soft_break(*c)))
            .map_or(cap, |(at, c)| half + at + c.len_utf8());
        out.push(Span::new(start, start + cut));
        start += cut;
    }
}

/// Splits one line into sentences (spans relative to `text`).
fn split_line(text: &str, line: Span, out: &mut Vec<Span>) {
    let slice = &text[line.range()];
    let mut depth = 0usize;
    let mut start = 0;
    let mut chars = slice.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if opens(c) {
            depth += 1;
        } else if closes(c) {
            depth = depth.saturating_sub(1);
        } else if terminates(c) && depth == 0 {
            let mut end = i + c.len_utf8();
            // A run of terminators (「です！？」) ends one sentence.
            while let Some(&(j, next)) = chars.peek() {
                if !terminates(next) {
                    break;
                }
                end = j + next.len_utf8();
                chars.next();
            }
            push_capped(text, Span::new(line.start + start, line.start + end), out);
            start = end;
        }
    }
    push_capped(text, Span::new(line.start + start, line.end), out);
}

/// Groups the non-blank lines into paragraphs.
fn paragraphs(text: &str, lines: &[Span]) -> Vec<Vec<Span>> {
    let blank: Vec<bool> = lines.iter().map(|l| is_blank(&text[l.range()])).collect();
    let first = blank.iter().position(|b| !b);
    let last = blank.iter().rposition(|b| !b);
    let blank_line_mode = match (first, last) {
        (Some(first), Some(last)) => blank.get(first..last).is_some_and(|b| b.contains(&true)),
        _ => false,
    };
    let mut groups: Vec<Vec<Span>> = Vec::new();
    let mut current: Vec<Span> = Vec::new();
    for (line, &is_blank) in lines.iter().zip(&blank) {
        // A blank line always ends a paragraph; in line mode, so does every line.
        if (is_blank || !blank_line_mode) && !current.is_empty() {
            groups.push(std::mem::take(&mut current));
        }
        if !is_blank {
            current.push(*line);
        }
    }
    if !current.is_empty() {
        groups.push(current);
    }
    groups
}

/// Segments `text` into paragraphs and sentences; blank stretches belong to
/// neither.
pub fn segment(text: &str) -> Segmentation {
    let mut seg = Segmentation::default();
    for group in paragraphs(text, &lines(text)) {
        let (Some(first), Some(last)) = (group.first(), group.last()) else {
            continue;
        };
        let index = seg.paragraphs.len();
        seg.paragraphs.push(trim(text, Span::new(first.start, last.end)));
        let mut parts = Vec::new();
        for line in &group {
            split_line(text, *line, &mut parts);
        }
        seg.sentences.extend(
            parts
                .into_iter()
                .map(|s| trim(text, s))
                .filter(|s| !s.is_empty())
                .map(|span| Sentence { span, paragraph: index }),
        );
    }
    seg
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        segment(text).sentences.iter().map(|s| &text[s.span.range()]).collect()
    }

    fn paragraphs_of(text: &str) -> Vec<&str> {
        segment(text).paragraphs.iter().map(|p| &text[p.range()]).collect()
    }

    #[test]
    fn splits_at_japanese_terminators() {
        assert_eq!(
            sentences("副作用はありません。本当です！安全？はい"),
            vec!["副作用はありません。", "本当です！", "安全？", "はい"]
        );
    }

    #[test]
    fn a_run_of_terminators_ends_one_sentence() {
        assert_eq!(sentences("すごい！？次です。"), vec!["すごい！？", "次です。"]);
    }

    #[test]
    fn does_not_split_inside_quotes_or_parentheses() {
        assert_eq!(
            sentences("患者様は「痛くない。すごい！」と話します。次。"),
            vec!["患者様は「痛くない。すごい！」と話します。", "次。"]
        );
        assert_eq!(sentences("効果(個人差あり。)です。"), vec!["効果(個人差あり。)です。"]);
        assert_eq!(sentences("『一。二。』三。"), vec!["『一。二。』三。"]);
    }

    #[test]
    fn line_ends_split_sentences_even_inside_an_unclosed_quote() {
        assert_eq!(sentences("「開いたまま。\n次の行。"), vec!["「開いたまま。", "次の行。"]);
    }

    #[test]
    fn crlf_and_cr_split_lines() {
        assert_eq!(sentences("一\r\n二\r三"), vec!["一", "二", "三"]);
    }

    #[test]
    fn blank_lines_separate_paragraphs_when_the_document_uses_them() {
        let text = "一行目。\n二行目。\n\n三行目。";
        assert_eq!(paragraphs_of(text), vec!["一行目。\n二行目。", "三行目。"]);
        let seg = segment(text);
        let owners: Vec<usize> = seg.sentences.iter().map(|s| s.paragraph).collect();
        assert_eq!(owners, vec![0, 0, 1]);
    }

    #[test]
    fn without_blank_lines_each_line_is_a_paragraph() {
        assert_eq!(paragraphs_of("一。\n二。\n三。\n"), vec!["一。", "二。", "三。"]);
    }

    #[test]
    fn overlong_sentences_are_cut_at_a_soft_break() {
        let text = format!("{}、{}", "あ".repeat(900), "い".repeat(900));
        let pieces = sentences(&text);
        assert_eq!(pieces.len(), 2);
        assert!(pieces[0].ends_with('、'));
        assert_eq!(pieces[1].chars().count(), 900);
        // Multi-byte characters: cuts land on character boundaries.
        let mixed = format!("a{}", "漢".repeat(1200));
        assert_eq!(sentences(&mixed).iter().map(|s| s.chars().count()).sum::<usize>(), 1201);
        let unbroken = "う".repeat(2500);
        let lengths: Vec<usize> = sentences(&unbroken).iter().map(|s| s.chars().count()).collect();
        assert_eq!(lengths, vec![1000, 1000, 500]);
    }

    #[test]
    fn white_space_is_trimmed_and_blank_text_has_no_sentences() {
        assert_eq!(sentences("  前後に空白。  "), vec!["前後に空白。"]);
        assert_eq!(segment(" \n\u{3000}\n").sentences, vec![]);
        assert_eq!(segment("").paragraphs, vec![]);
    }
}
