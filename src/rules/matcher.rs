//! Compiled matchers: what a rule looks for in one sentence.
//!
//! Phrase automata and regexes are checked when rules load but built on
//! first use: most never meet a sentence holding their anchor, and building
//! all of them was most of start-up.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};
use regex::Regex;

use super::pattern::{NeedTable, TokenPattern};
use super::regex_anchors::regex_anchors;
use crate::morph::Morpheme;
use crate::text::{Span, normalize};

/// A compiled way of finding text in a sentence.
#[derive(Debug, Clone)]
pub enum Matcher {
    /// Literal phrases on the normalised text.
    Phrases { automaton: Lazy<AhoCorasick>, phrases: Vec<String> },
    /// A regular expression on the normalised text, with the literals one
    /// of which every match contains (`None`: it runs on every sentence).
    Regex { regex: Lazy<Regex>, pattern: String, anchors: Option<Vec<String>> },
    /// A pattern over the sentence's morphemes.
    Tokens(TokenPattern),
    /// Any of several matchers (a lexicon).
    Any(Vec<Matcher>),
}

/// Something built on first use; `None` inside when building failed (which
/// checked rules do not: see [`Matcher::build_now`]).
pub type Lazy<T> = OnceLock<Option<T>>;

fn phrase_automaton(phrases: &[String]) -> Result<AhoCorasick, String> {
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        // Latin letters in copy vary in case (No.1, NO.1, no.1).
        .ascii_case_insensitive(true)
        .build(phrases)
        .map_err(|e| format!("cannot build phrase matcher: {e}"))
}

fn compile_regex(pattern: &str) -> Result<Regex, String> {
    Regex::new(pattern).map_err(|e| format!("invalid regex: {e}"))
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
        Ok(Matcher::Phrases { automaton: OnceLock::new(), phrases: normalized })
    }

    /// Checks a regex's syntax now; it is compiled on first use.
    pub fn regex(pattern: &str) -> Result<Matcher, String> {
        let hir = regex_syntax::Parser::new()
            .parse(pattern)
            .map_err(|e| format!("invalid regex: {e}"))?;
        if hir.properties().minimum_len() == Some(0) {
            return Err(format!("regex {pattern:?} matches the empty string"));
        }
        Ok(Matcher::Regex {
            regex: OnceLock::new(),
            pattern: pattern.to_string(),
            anchors: regex_anchors(&hir),
        })
    }

    /// Builds what is otherwise built on first use, reporting what cannot
    /// be built (a user's rules are checked so when they load).
    pub fn build_now(&self) -> Result<(), String> {
        match self {
            Matcher::Phrases { automaton, phrases } => {
                if automaton.get().is_none() {
                    let built = phrase_automaton(phrases)?;
                    let _ = automaton.set(Some(built));
                }
                Ok(())
            }
            Matcher::Regex { regex, pattern, .. } => {
                if regex.get().is_none() {
                    let built = compile_regex(pattern)?;
                    let _ = regex.set(Some(built));
                }
                Ok(())
            }
            Matcher::Tokens(_) => Ok(()),
            Matcher::Any(matchers) => matchers.iter().try_for_each(Matcher::build_now),
        }
    }

    /// Whether the matcher needs the sentence's morphemes.
    pub fn needs_tokens(&self) -> bool {
        match self {
            Matcher::Phrases { .. } | Matcher::Regex { .. } => false,
            Matcher::Tokens(_) => true,
            Matcher::Any(matchers) => matchers.iter().any(Matcher::needs_tokens),
        }
    }

    /// Substrings of the normalised text one of which every match contains;
    /// `None` when there is no such literal and the matcher must always run.
    pub fn anchors(&self) -> Option<Vec<String>> {
        match self {
            Matcher::Phrases { phrases, .. } => Some(phrases.clone()),
            Matcher::Regex { anchors, .. } => anchors.clone(),
            Matcher::Tokens(pattern) => pattern.anchors(),
            Matcher::Any(matchers) => {
                let mut all = Vec::new();
                for matcher in matchers {
                    all.extend(matcher.anchors()?);
                }
                Some(all)
            }
        }
    }

    /// Whether `text` could hold a match of a token matcher (checked before
    /// a sentence is analysed); always true for text matchers.
    /// Whether `text` could hold a match of a token matcher (checked before
    /// a sentence is analysed), given which interned needed texts it
    /// contains (see [`super::Prefilter::scan`]); always true for text
    /// matchers.
    pub fn may_match_given(&self, text: &str, present: &[bool]) -> bool {
        match self {
            Matcher::Tokens(pattern) => pattern.may_match_given(text, present),
            Matcher::Any(matchers) => matchers.iter().any(|m| m.may_match_given(text, present)),
            Matcher::Phrases { .. } | Matcher::Regex { .. } => true,
        }
    }

    /// Sets of interned need ids one of each of which a sentence must hold
    /// for this token matcher to match (see `TokenPattern::required_sets`).
    pub fn required_sets(&self) -> Vec<Vec<usize>> {
        match self {
            Matcher::Tokens(pattern) => pattern.required_sets(),
            Matcher::Phrases { .. } | Matcher::Regex { .. } | Matcher::Any(_) => Vec::new(),
        }
    }

    /// Interns the texts of every token pattern in this matcher.
    pub fn intern_needs(&mut self, table: &mut NeedTable) {
        match self {
            Matcher::Tokens(pattern) => pattern.intern_needs(table),
            Matcher::Any(matchers) => matchers.iter_mut().for_each(|m| m.intern_needs(table)),
            Matcher::Phrases { .. } | Matcher::Regex { .. } => {}
        }
    }

    /// How many distinct phrasings the matcher covers (a regex counts once).
    pub fn phrasings(&self) -> u64 {
        match self {
            Matcher::Phrases { phrases, .. } => phrases.len() as u64,
            Matcher::Regex { .. } => 1,
            Matcher::Tokens(pattern) => pattern.phrasings(),
            Matcher::Any(matchers) => {
                matchers.iter().fold(0u64, |sum, m| sum.saturating_add(m.phrasings()))
            }
        }
    }

    /// Every match in a sentence, as spans of the whole text. `text` is the
    /// sentence, starting at byte `offset`; `tokens` are its morphemes (with
    /// spans of the whole text), needed only when [`Self::needs_tokens`].
    pub fn find_all(&self, text: &str, offset: usize, tokens: &[Morpheme]) -> Vec<Span> {
        match self {
            Matcher::Phrases { automaton, phrases } => automaton
                .get_or_init(|| phrase_automaton(phrases).ok())
                .iter()
                .flat_map(|automaton| automaton.find_iter(text))
                .map(|m| Span::new(m.start() + offset, m.end() + offset))
                .collect(),
            Matcher::Regex { regex, pattern, .. } => regex
                .get_or_init(|| compile_regex(pattern).ok())
                .iter()
                .flat_map(|regex| regex.find_iter(text))
                .map(|m| Span::new(m.start() + offset, m.end() + offset))
                .collect(),
            Matcher::Tokens(pattern) => pattern
                .find_all(tokens)
                .into_iter()
                .filter_map(|(start, end)| {
                    let first = tokens.get(start)?;
                    let last = tokens.get(end.checked_sub(1)?)?;
                    Some(Span::new(first.span.start, last.span.end))
                })
                .collect(),
            Matcher::Any(matchers) => {
                matchers.iter().flat_map(|m| m.find_all(text, offset, tokens)).collect()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'a>(matcher: &Matcher, text: &'a str) -> Vec<&'a str> {
        matcher.find_all(text, 0, &[]).iter().map(|s| &text[s.range()]).collect()
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
    fn spans_are_offset_into_the_whole_text() {
        let m = Matcher::regex("最.端").expect("compiles");
        assert_eq!(m.find_all("最先端", 100, &[]), vec![Span::new(100, 109)]);
    }

    #[test]
    fn anchors_of_phrases_and_regexes() {
        let m = Matcher::phrases(&["半額".into()]).expect("compiles");
        assert_eq!(m.anchors(), Some(vec!["半額".to_string()]));
        assert_eq!(
            Matcher::regex("[0-9]+%OFF").expect("compiles").anchors(),
            Some(vec!["%OFF".to_string()])
        );
        assert_eq!(
            Matcher::regex("[0-9]+円").expect("compiles").anchors(),
            Some(vec!["円".to_string()])
        );
        assert_eq!(Matcher::regex("[0-9]+").expect("compiles").anchors(), None);
        assert!(!m.needs_tokens());
    }

    #[test]
    fn empty_phrases_and_bad_regexes_are_errors() {
        assert!(Matcher::phrases(&[]).is_err());
        assert!(Matcher::phrases(&[" ".into()]).is_err());
        assert!(Matcher::regex("(unclosed").is_err());
        assert!(Matcher::regex("a*").is_err());
    }
}
