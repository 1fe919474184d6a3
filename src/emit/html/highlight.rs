//! A page's prose with its findings highlighted in place.
//!
//! Findings may overlap (「副作用がなく安心」 can be two claims sharing
//! words), and HTML elements may not: the text is cut at every start and end
//! of a finding, and each piece is wrapped in one `<mark>` per finding that
//! covers it, outermost first. Each finding keeps one lane for all its
//! pieces; a lane lowers its underline, so overlapping underlines stay
//! apart. A numbered marker after a finding's last character links to its
//! explanation.

use super::escape;
use crate::text::Span;

/// One finding to highlight.
#[derive(Debug, Clone)]
pub struct Highlight {
    /// Its span in the prose.
    pub span: Span,
    /// Its number on the page (shown in the marker).
    pub number: usize,
    /// CSS classes (category and severity).
    pub classes: String,
    /// A hover text (the message).
    pub title: String,
}

/// The deepest lane drawn apart; deeper findings share it.
const MAX_LANE: usize = 3;

/// `text` as HTML with `highlights` marked; ids are `{page}-f{number}`
/// (the explanation) and `{page}-m{number}` (the marker).
pub fn render(text: &str, page: &str, highlights: &[Highlight]) -> String {
    let spans: Vec<Span> = highlights.iter().map(|h| on_char_boundaries(text, h.span)).collect();
    let lanes = lanes(&spans);
    // Outermost first: by start, longest first, then in page order.
    let mut order: Vec<usize> = (0..spans.len()).collect();
    order.sort_by_key(|&i| (spans.get(i).map(|s| (s.start, std::cmp::Reverse(s.end))), i));

    let mut cuts: Vec<usize> = spans.iter().flat_map(|s| [s.start, s.end]).collect();
    cuts.extend([0, text.len()]);
    cuts.sort_unstable();
    cuts.dedup();

    let mut html = String::with_capacity(text.len() * 2);
    let mut next = 0; // into `order`: the next finding to open
    let mut active: Vec<usize> = Vec::new();
    let mut ending: Vec<usize> = (0..spans.len()).collect();
    ending.sort_by_key(|&i| (spans.get(i).map(|s| s.end), i));
    let mut ended = 0; // into `ending`: the next marker to write
    for pair in cuts.windows(2) {
        let &[from, to] = pair else { continue };
        markers(&mut html, page, highlights, &ending, &mut ended, &spans, from);
        active.retain(|&i| spans.get(i).is_some_and(|s| s.end > from));
        while let Some(&i) = order.get(next) {
            if spans.get(i).is_none_or(|s| s.start > from) {
                break;
            }
            if spans.get(i).is_some_and(|s| s.end > from) {
                active.push(i);
            }
            next += 1;
        }
        active.sort_by_key(|&i| (spans.get(i).map(|s| (s.start, std::cmp::Reverse(s.end))), i));
        for &i in &active {
            let (Some(h), Some(lane)) = (highlights.get(i), lanes.get(i)) else { continue };
            html.push_str(&format!(
                "<mark class=\"hl {} l{lane}\" data-f=\"{page}-f{}\" title=\"{}\">",
                escape(&h.classes),
                h.number,
                escape(&h.title)
            ));
        }
        html.push_str(&escape(text.get(from..to).unwrap_or("")));
        html.push_str(&"</mark>".repeat(active.len()));
    }
    markers(&mut html, page, highlights, &ending, &mut ended, &spans, usize::MAX);
    html
}

/// Writes the markers of findings that end at or before `at`.
fn markers(
    html: &mut String,
    page: &str,
    highlights: &[Highlight],
    ending: &[usize],
    ended: &mut usize,
    spans: &[Span],
    at: usize,
) {
    while let Some(&i) = ending.get(*ended) {
        let (Some(span), Some(h)) = (spans.get(i), highlights.get(i)) else { break };
        if span.end > at {
            break;
        }
        html.push_str(&format!(
            "<a class=\"mk {}\" id=\"{page}-m{n}\" href=\"#{page}-f{n}\">{n}</a>",
            escape(&h.classes),
            n = h.number
        ));
        *ended += 1;
    }
}

/// A span inside `text` and on character boundaries (start rounded down,
/// end up), whatever it was given as.
fn on_char_boundaries(text: &str, span: Span) -> Span {
    let mut start = span.start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = span.end.clamp(start, text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    Span::new(start, end)
}

/// A lane for each span: the lowest one free of the spans it overlaps
/// among those that start before it (greedy interval colouring).
fn lanes(spans: &[Span]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..spans.len()).collect();
    order.sort_by_key(|&i| (spans.get(i).map(|s| (s.start, std::cmp::Reverse(s.end))), i));
    let mut lane_ends: Vec<usize> = Vec::new();
    let mut lanes = vec![0; spans.len()];
    for i in order {
        let Some(span) = spans.get(i) else { continue };
        let lane = match lane_ends.iter().position(|&end| end <= span.start) {
            Some(free) => free,
            None => {
                lane_ends.push(0);
                lane_ends.len() - 1
            }
        };
        if let Some(end) = lane_ends.get_mut(lane) {
            *end = span.end.max(span.start + 1);
        }
        if let Some(slot) = lanes.get_mut(i) {
            *slot = lane.min(MAX_LANE);
        }
    }
    lanes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn highlight(start: usize, end: usize, number: usize) -> Highlight {
        Highlight {
            span: Span::new(start, end),
            number,
            classes: "c-x".into(),
            title: format!("t{number}"),
        }
    }

    fn mark(number: usize, lane: usize) -> String {
        format!("<mark class=\"hl c-x l{lane}\" data-f=\"p1-f{number}\" title=\"t{number}\">")
    }

    fn marker(number: usize) -> String {
        format!("<a class=\"mk c-x\" id=\"p1-m{number}\" href=\"#p1-f{number}\">{number}</a>")
    }

    #[test]
    fn one_finding_is_marked_and_numbered() {
        let html = render("当院は最先端です", "p1", &[highlight(9, 18, 1)]);
        assert_eq!(html, format!("当院は{}最先端</mark>{}です", mark(1, 0), marker(1)));
    }

    #[test]
    fn overlapping_findings_nest_in_pieces_on_their_own_lanes() {
        // 0..2 and 1..3 over "abcd": pieces a | b | c | d.
        let html = render("abcd", "p1", &[highlight(0, 2, 1), highlight(1, 3, 2)]);
        let expected = format!(
            "{m1}a</mark>{m1}{m2}b</mark></mark>{k1}{m2}c</mark>{k2}d",
            m1 = mark(1, 0),
            m2 = mark(2, 1),
            k1 = marker(1),
            k2 = marker(2)
        );
        assert_eq!(html, expected);
    }

    #[test]
    fn a_finding_inside_another_is_nested_inside_it() {
        let html = render("abc", "p1", &[highlight(1, 2, 2), highlight(0, 3, 1)]);
        let expected = format!(
            "{m1}a</mark>{m1}{m2}b</mark></mark>{k2}{m1}c</mark>{k1}",
            m1 = mark(1, 0),
            m2 = mark(2, 1),
            k1 = marker(1),
            k2 = marker(2)
        );
        assert_eq!(html, expected);
    }

    #[test]
    fn text_is_escaped_and_bad_spans_are_mended() {
        let html = render("<b>&\"'", "p1", &[highlight(0, 99, 1)]);
        assert_eq!(html, format!("{}&lt;b&gt;&amp;&quot;&#39;</mark>{}", mark(1, 0), marker(1)));
        // A span inside a character grows to the whole character.
        let html = render("最先端", "p1", &[highlight(1, 2, 1)]);
        assert_eq!(html, format!("{}最</mark>{}先端", mark(1, 0), marker(1)));
        // An empty span leaves its marker.
        assert_eq!(render("ab", "p1", &[highlight(1, 1, 1)]), format!("a{}b", marker(1)));
    }

    #[test]
    fn lanes_are_reused_once_free() {
        let spans = [Span::new(0, 4), Span::new(1, 2), Span::new(3, 5), Span::new(6, 7)];
        assert_eq!(lanes(&spans), [0, 1, 1, 0]);
    }
}
