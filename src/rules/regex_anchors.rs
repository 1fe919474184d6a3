//! Literal anchors of a regex: substrings one of which every match must
//! contain, so that the prefilter can skip sentences where a regex cannot
//! match (as it does for phrases and token patterns).

use regex_syntax::hir::{Hir, HirKind, Literal};

/// The literals one of which every match of a regex (parsed as `hir`)
/// contains, or `None` when no such set is known (the regex then runs on
/// every sentence).
pub fn regex_anchors(hir: &Hir) -> Option<Vec<String>> {
    required(hir)
}

fn required(hir: &Hir) -> Option<Vec<String>> {
    match hir.kind() {
        HirKind::Literal(Literal(bytes)) => {
            let text = std::str::from_utf8(bytes).ok()?;
            (!text.is_empty()).then(|| vec![text.to_string()])
        }
        HirKind::Capture(capture) => required(&capture.sub),
        HirKind::Repetition(repetition) if repetition.min > 0 => required(&repetition.sub),
        // Every part of a sequence is required: keep the most selective.
        HirKind::Concat(parts) => {
            parts.iter().filter_map(required).max_by_key(|set| selectivity(set))
        }
        // One branch or another: each must have anchors.
        HirKind::Alternation(branches) => {
            let mut all = Vec::new();
            for branch in branches {
                all.extend(required(branch)?);
            }
            Some(all)
        }
        _ => None,
    }
}

/// Longer and fewer literals skip more sentences: rank a set by its
/// shortest literal (in characters), then prefer the smaller set.
fn selectivity(set: &[String]) -> (usize, std::cmp::Reverse<usize>) {
    let shortest = set.iter().map(|s| s.chars().count()).min().unwrap_or(0);
    (shortest, std::cmp::Reverse(set.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn anchors(pattern: &str) -> Option<Vec<String>> {
        let hir = regex_syntax::Parser::new().parse(pattern).expect("valid regex");
        regex_anchors(&hir).map(|mut set| {
            set.sort();
            set
        })
    }

    #[test]
    fn a_required_literal_is_an_anchor() {
        assert_eq!(anchors(r"モニター[^。]{0,16}平均"), Some(vec!["モニター".to_string()]));
        assert_eq!(anchors(r"[0-9]+\s*%\s*OFF"), Some(vec!["OFF".to_string()]));
    }

    #[test]
    fn alternatives_give_one_anchor_each() {
        // The most selective required part: two-character words over 率.
        assert_eq!(
            anchors(r"(継続|リピート)\s*率\s*[0-9]+"),
            Some(vec!["リピート".to_string(), "継続".to_string()])
        );
        assert_eq!(
            anchors(r"(返金保証|全額返金)"),
            Some(vec!["全額返金".to_string(), "返金保証".to_string()])
        );
    }

    #[test]
    fn optional_or_unknown_parts_give_none() {
        assert_eq!(anchors(r"(円)?[0-9]+"), None);
        assert_eq!(anchors(r"(?i)no\.?[0-9]"), None, "case-insensitive letters are classes");
        assert_eq!(anchors(r"(?i)no\.?1"), Some(vec!["1".to_string()]));
        assert_eq!(anchors(r"(返金|[0-9]+)"), None);
    }
}
