//! Compiled matchers: what a rule looks for in the normalised text.

use aho_corasick::{AhoCorasick, MatchKind};
use regex::Regex;

use crate::text::{Span, normalize};

/// A compiled way of finding text.
#[derive(Debug, Clone)]
pub enum Matcher {
    Phrases { automaton: AhoCorasick, phrases: Vec<String> },
    Regex(Regex),
}

impl Matcher {
    /// Compiles literal phrases; they are normalised like the text they
    /// will meet, so a rule may be written with full-width characters.
    pub fn phrases(phrases: &[String]) -> Result<Matcher, String> {
        if phrases.is_empty() {
            return Err("`phrases` is empty".into());
        }
        let mut normalized = Vec::with_capacity(phrases.len());
        for phrase in phrases {
            let folded = normalize(phrase).text;
            if folded.trim().is_empty() {
                return Err(format!("empty phrase {phrase:?} in `phrases`"));
            }
            normalized.push(folded);
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            // Latin letters in copy vary in case (No.1, NO.1, no.1).
            .ascii_case_insensitive(true)
            .build(&normalized)
            .map_err(|e| format!("cannot build phrase matcher: {e}"))?;
        Ok(Matcher::Phrases { automaton, phrases: normalized })
    }

    pub fn regex(pattern: &str) -> Result<Matcher, String> {
        let regex = Regex::new(pattern).map_err(|e| format!("invalid regex: {e}"))?;
        if regex.is_match("") {
            return Err(format!("regex {pattern:?} matches the empty string"));
        }
        Ok(Matcher::Regex(regex))
    }

    /// Every non-overlapping match in `text`, as spans relative to it.
    pub fn find_all(&self, text: &str) -> Vec<Span> {
        match self {
            Matcher::Phrases { automaton, .. } => {
                automaton.find_iter(text).map(|m| Span::new(m.start(), m.end())).collect()
            }
            Matcher::Regex(regex) => {
                regex.find_iter(text).map(|m| Span::new(m.start(), m.end())).collect()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'a>(matcher: &Matcher, text: &'a str) -> Vec<&'a str> {
        matcher.find_all(text).iter().map(|s| &text[s.range()]).collect()
    }

    #[test]
    fn phrases_prefer_the_longest_match() {
        let m = Matcher::phrases(&["副作用".into(), "副作用がない".into()]).expect("compiles");
        assert_eq!(texts(&m, "副作用がない。副作用。"), vec!["副作用がない", "副作用"]);
    }

    #[test]
    fn full_width_phrases_are_normalised() {
        let m = Matcher::phrases(&["Ｎｏ．１".into()]).expect("compiles");
        assert_eq!(texts(&m, "満足度No.1"), vec!["No.1"]);
    }

    #[test]
    fn phrases_ignore_ascii_case() {
        let m = Matcher::phrases(&["No.1".into()]).expect("compiles");
        assert_eq!(texts(&m, "NO.1とno.1"), vec!["NO.1", "no.1"]);
    }

    #[test]
    fn empty_phrases_and_bad_regexes_are_errors() {
        assert!(Matcher::phrases(&[]).is_err());
        assert!(Matcher::phrases(&[" ".into()]).is_err());
        assert!(Matcher::regex("(unclosed").is_err());
        assert!(Matcher::regex("a*").is_err());
    }
}
