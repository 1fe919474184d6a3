//! Runs a [`RuleSet`] on a [`Document`].
//!
//! For each sentence the prefilter names the matchers whose literal anchors
//! occur in it; only those run, and a sentence is tokenised only when one of
//! them (or the polarity check of a match) needs its morphemes. Each match is
//! then judged for polarity (negated, limited, asked, mentioned or hedged;
//! see [`polarity`]) and for the rule's context conditions (a disclaimer or
//! citation in reach). Document-level rules report a requirement the page
//! triggers and never meets.

mod footnotes;
pub mod polarity;

use std::collections::HashMap;

use crate::diagnostic::Severity;
use crate::document::Document;
use crate::morph::{MorphError, Morpheme};
use crate::rules::{
    Condition, HedgePolicy, MatcherId, Rule, RuleKind, RuleSet, Scope, TokenPattern,
};
use crate::text::Span;
use footnotes::Footnotes;
use polarity::{Cues, Polarity};

/// One finding in normalised-text coordinates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Index of the rule in the rule set.
    pub rule: usize,
    pub span: Span,
    pub severity: Severity,
    /// Index of the sentence the finding is in.
    pub sentence: usize,
}

/// Switches for the engine (tests and benchmarks compare them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Run only the matchers whose anchors occur in a sentence.
    pub prefilter: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options { prefilter: true }
    }
}

/// All findings of `rules` in `doc`, in no particular order.
pub fn run(rules: &RuleSet, doc: &Document) -> Result<Vec<Hit>, MorphError> {
    run_with(rules, doc, Options::default())
}

/// What a run cost: how many sentences had to be tokenised.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    pub sentences: usize,
    pub tokenized: usize,
}

/// [`run`] with explicit options.
pub fn run_with(rules: &RuleSet, doc: &Document, options: Options) -> Result<Vec<Hit>, MorphError> {
    run_with_stats(rules, doc, options).map(|(hits, _)| hits)
}

/// [`run_with`], also reporting what the run cost.
pub fn run_with_stats(
    rules: &RuleSet,
    doc: &Document,
    options: Options,
) -> Result<(Vec<Hit>, Stats), MorphError> {
    let mut state = Run::new(rules, doc, options);
    let mut hits = Vec::new();
    for (index, rule) in rules.rules().iter().enumerate() {
        match &rule.kind {
            RuleKind::Span { matchers } => {
                for (sentence, span, severity) in state.span_findings(rule, matchers)? {
                    hits.push(Hit { rule: index, span, severity, sentence });
                }
            }
            RuleKind::Document { trigger, met_by } => {
                if let Some((sentence, span)) = state.unmet_requirement(trigger, met_by)? {
                    hits.push(Hit { rule: index, span, severity: rule.severity, sentence });
                }
            }
        }
    }
    let stats = Stats {
        sentences: doc.sentences().len(),
        tokenized: state.tokens.iter().filter(|t| t.is_some()).count(),
    };
    Ok((hits, stats))
}

fn patterns<'a>(rules: &'a RuleSet, name: &str) -> &'a [TokenPattern] {
    rules.lexicon(name).map_or(&[], |l| l.patterns.as_slice())
}

/// The per-document state: lazily computed candidates, morphemes and
/// matches, each at most once per sentence.
struct Run<'a> {
    rules: &'a RuleSet,
    doc: &'a Document,
    options: Options,
    candidates: Vec<Option<Vec<bool>>>,
    tokens: Vec<Option<Vec<Morpheme>>>,
    matches: HashMap<(MatcherId, usize), Vec<Span>>,
    footnotes: Option<Footnotes>,
}

impl<'a> Run<'a> {
    fn new(rules: &'a RuleSet, doc: &'a Document, options: Options) -> Self {
        let sentences = doc.sentences().len();
        Run {
            rules,
            doc,
            options,
            candidates: vec![None; sentences],
            tokens: vec![None; sentences],
            matches: HashMap::new(),
            footnotes: None,
        }
    }

    fn sentence_span(&self, sentence: usize) -> Span {
        self.doc.sentences().get(sentence).map_or(Span::default(), |s| s.span)
    }

    fn sentence_text(&self, sentence: usize) -> &'a str {
        let span = self.sentence_span(sentence);
        self.doc.text().get(span.range()).unwrap_or("")
    }

    fn is_candidate(&mut self, matcher: MatcherId, sentence: usize) -> bool {
        if self.candidates.get(sentence).is_some_and(Option::is_none) {
            let text = self.sentence_text(sentence);
            let prefilter = self.rules.prefilter();
            let computed =
                if self.options.prefilter { prefilter.candidates(text) } else { prefilter.all() };
            self.candidates[sentence] = Some(computed);
        }
        self.candidates
            .get(sentence)
            .and_then(Option::as_ref)
            .and_then(|c| c.get(matcher).copied())
            .unwrap_or(false)
    }

    /// Tokenises a sentence once; spans are made absolute.
    fn ensure_tokens(&mut self, sentence: usize) -> Result<(), MorphError> {
        if self.tokens.get(sentence).is_some_and(Option::is_none) {
            let span = self.sentence_span(sentence);
            let mut tokens = self.rules.morphology().tokenize(self.sentence_text(sentence))?;
            for token in &mut tokens {
                token.span = token.span.offset(span.start);
            }
            self.tokens[sentence] = Some(tokens);
        }
        Ok(())
    }

    fn tokens(&self, sentence: usize) -> &[Morpheme] {
        self.tokens.get(sentence).and_then(Option::as_deref).unwrap_or(&[])
    }

    /// Raw matches of one matcher in one sentence, leftmost-longest and
    /// without overlaps.
    fn find(&mut self, matcher: MatcherId, sentence: usize) -> Result<Vec<Span>, MorphError> {
        if let Some(found) = self.matches.get(&(matcher, sentence)) {
            return Ok(found.clone());
        }
        let Some(compiled) = self.rules.matcher(matcher) else { return Ok(Vec::new()) };
        if !self.is_candidate(matcher, sentence) {
            return Ok(Vec::new());
        }
        if compiled.needs_tokens() {
            self.ensure_tokens(sentence)?;
        }
        let span = self.sentence_span(sentence);
        let found = without_overlaps(compiled.find_all(
            self.sentence_text(sentence),
            span.start,
            self.tokens(sentence),
        ));
        self.matches.insert((matcher, sentence), found.clone());
        Ok(found)
    }

    fn judge(&mut self, sentence: usize, hit: Span) -> Result<Polarity, MorphError> {
        self.ensure_tokens(sentence)?;
        let rules = self.rules;
        let cues = Cues {
            negation: patterns(rules, "negation"),
            limitation: patterns(rules, "limitation"),
            question: patterns(rules, "question"),
            hedge: patterns(rules, "hedge"),
            mention: patterns(rules, "mention"),
        };
        let span = self.sentence_span(sentence);
        Ok(polarity::judge(cues, self.doc.text(), span, self.tokens(sentence), hit))
    }

    /// Matches of any of `matchers` that are claims, by sentence.
    fn claims(
        &mut self,
        matchers: &[MatcherId],
    ) -> Result<Vec<(usize, Span, Polarity)>, MorphError> {
        let mut claims = Vec::new();
        for sentence in 0..self.doc.sentences().len() {
            let mut spans = Vec::new();
            for &matcher in matchers {
                spans.extend(self.find(matcher, sentence)?);
            }
            for span in without_overlaps(spans) {
                let polarity = self.judge(sentence, span)?;
                if polarity.is_claim() {
                    claims.push((sentence, span, polarity));
                }
            }
        }
        Ok(claims)
    }

    fn span_findings(
        &mut self,
        rule: &Rule,
        matchers: &[MatcherId],
    ) -> Result<Vec<(usize, Span, Severity)>, MorphError> {
        let mut findings = Vec::new();
        for (sentence, span, polarity) in self.claims(matchers)? {
            let mut severity = rule.severity;
            if polarity == Polarity::Hedged {
                match rule.hedged {
                    HedgePolicy::Lower => severity = severity.lowered(),
                    HedgePolicy::Silence => continue,
                    HedgePolicy::Keep => {}
                }
            }
            if self.any_in_reach(&rule.unless, sentence)? {
                continue;
            }
            if self.any_in_reach(&rule.soften, sentence)? {
                severity = severity.lowered();
            }
            findings.push((sentence, span, severity));
        }
        Ok(findings)
    }

    /// The sentences a scope around `sentence` covers.
    fn scope(&self, scope: Scope, sentence: usize) -> Vec<usize> {
        let sentences = self.doc.sentences();
        match scope {
            Scope::Sentence => vec![sentence],
            Scope::Paragraph => {
                let paragraph = sentences.get(sentence).map(|s| s.paragraph);
                (0..sentences.len())
                    .filter(|&i| sentences.get(i).map(|s| s.paragraph) == paragraph)
                    .collect()
            }
            Scope::Document => (0..sentences.len()).collect(),
        }
    }

    fn footnotes(&mut self) -> &Footnotes {
        let doc = self.doc;
        self.footnotes.get_or_insert_with(|| {
            Footnotes::scan(doc.text(), doc.sentences().iter().map(|s| s.span))
        })
    }

    fn any_in_reach(
        &mut self,
        conditions: &[Condition],
        sentence: usize,
    ) -> Result<bool, MorphError> {
        for condition in conditions {
            for other in self.scope(condition.scope, sentence) {
                if !self.find(condition.matcher, other)?.is_empty() {
                    return Ok(true);
                }
                if condition.footnotes {
                    let text = self.sentence_text(other);
                    if self.footnotes().cites(text) {
                        return Ok(true);
                    }
                }
            }
        }
        Ok(false)
    }

    /// The first trigger of a requirement that the document never meets.
    fn unmet_requirement(
        &mut self,
        trigger: &[MatcherId],
        met_by: &[MatcherId],
    ) -> Result<Option<(usize, Span)>, MorphError> {
        let Some(&(sentence, first, _)) = self.claims(trigger)?.first() else { return Ok(None) };
        Ok(self.claims(met_by)?.is_empty().then_some((sentence, first)))
    }
}

/// Leftmost-longest spans without overlaps.
fn without_overlaps(mut spans: Vec<Span>) -> Vec<Span> {
    spans.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
    let mut kept: Vec<Span> = Vec::with_capacity(spans.len());
    for span in spans {
        if kept.last().is_none_or(|last| !last.overlaps(span)) {
            kept.push(span);
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::decode;

    fn stats(text: &str, prefilter: bool) -> (usize, Stats) {
        let rules = RuleSet::builtin().expect("built-in rules load");
        let doc = Document::new(decode(text.as_bytes(), None, false).expect("valid"));
        let (hits, stats) = run_with_stats(&rules, &doc, Options { prefilter }).expect("runs");
        (hits.len(), stats)
    }

    #[test]
    fn sentences_without_anchors_are_never_tokenised() {
        let text = "本日は晴天です。\n当院は駅から徒歩五分です。\n受付は十時からです。";
        assert_eq!(stats(text, true), (0, Stats { sentences: 3, tokenized: 0 }));
        // Without the prefilter every sentence is analysed, to the same end.
        assert_eq!(stats(text, false), (0, Stats { sentences: 3, tokenized: 3 }));
    }

    #[test]
    fn only_sentences_with_an_anchor_are_tokenised() {
        let text = "本日は晴天です。\n副作用がない施術です。\n受付は十時からです。";
        assert_eq!(stats(text, true), (1, Stats { sentences: 3, tokenized: 1 }));
    }
}
