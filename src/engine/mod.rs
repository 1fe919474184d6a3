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
    Condition, HedgePolicy, MatcherId, Rule, RuleKind, RuleSet, Scan, Scope, TokenPattern,
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

/// A document-level rule's progress through the document.
struct Requirement<'a> {
    rule: usize,
    severity: Severity,
    trigger: &'a [MatcherId],
    met_by: &'a [MatcherId],
    first_trigger: Option<(usize, Span)>,
    met: bool,
}

/// [`run_with`], also reporting what the run cost.
///
/// Sentences are processed one at a time, in order, so that a sentence's
/// morphemes are dropped as soon as it is done: memory stays bounded by the
/// longest sentence, not the document.
pub fn run_with_stats(
    rules: &RuleSet,
    doc: &Document,
    options: Options,
) -> Result<(Vec<Hit>, Stats), MorphError> {
    let mut state = Run::new(rules, doc, options);
    let mut span_rules = Vec::new();
    let mut requirements = Vec::new();
    for (index, rule) in rules.rules().iter().enumerate() {
        match &rule.kind {
            RuleKind::Span { matchers } => {
                span_rules.push((index, rule.as_ref(), matchers.as_slice()))
            }
            RuleKind::Document { trigger, met_by } => requirements.push(Requirement {
                rule: index,
                severity: rule.severity,
                trigger,
                met_by,
                first_trigger: None,
                met: false,
            }),
        }
    }
    // Which span rules each matcher serves, so that a sentence runs only
    // the rules one of whose matchers is a candidate there.
    let mut rules_of: HashMap<MatcherId, Vec<usize>> = HashMap::new();
    for (position, &(_, _, matchers)) in span_rules.iter().enumerate() {
        for &matcher in matchers {
            rules_of.entry(matcher).or_default().push(position);
        }
    }
    let mut hits = Vec::new();
    let mut stats = Stats { sentences: doc.sentences().len(), tokenized: 0 };
    let mut active = Vec::new();
    for sentence in 0..doc.sentences().len() {
        active.clear();
        match state.candidates.of(sentence) {
            Some(candidates) => {
                for &matcher in candidates {
                    active.extend(rules_of.get(&(matcher as usize)).into_iter().flatten());
                }
                active.sort_unstable();
                active.dedup();
            }
            None => active.extend(0..span_rules.len()),
        }
        // Nothing can match where no matcher is a candidate.
        if state.candidates.of(sentence).is_some_and(<[u32]>::is_empty) {
            continue;
        }
        state.begin(sentence);
        for &position in &active {
            let Some(&(index, rule, matchers)) = span_rules.get(position) else { continue };
            for (span, severity) in state.span_findings(sentence, rule, matchers)? {
                hits.push(Hit { rule: index, span, severity, sentence });
            }
        }
        for requirement in &mut requirements {
            if requirement.first_trigger.is_none()
                && let Some(&(span, _)) = state.claims(sentence, requirement.trigger)?.first()
            {
                requirement.first_trigger = Some((sentence, span));
            }
            // A page that never triggers a requirement need not be searched
            // for what meets it.
            if requirement.first_trigger.is_some()
                && !requirement.met
                && !state.claims(sentence, requirement.met_by)?.is_empty()
            {
                requirement.met = true;
            }
        }
        stats.tokenized += usize::from(state.current_tokens.is_some());
    }
    // Disclosures may come before the first trigger: look there too.
    for requirement in &mut requirements {
        let Some((triggered_at, _)) = requirement.first_trigger else { continue };
        for sentence in 0..triggered_at {
            if requirement.met {
                break;
            }
            state.begin(sentence);
            requirement.met = !state.claims(sentence, requirement.met_by)?.is_empty();
            stats.tokenized += usize::from(state.current_tokens.is_some());
        }
    }
    for requirement in requirements {
        if let (Some((sentence, span)), false) = (requirement.first_trigger, requirement.met) {
            hits.push(Hit {
                rule: requirement.rule,
                span,
                severity: requirement.severity,
                sentence,
            });
        }
    }
    Ok((hits, stats))
}

fn patterns<'a>(rules: &'a RuleSet, name: &str) -> &'a [TokenPattern] {
    rules.lexicon(name).map_or(&[], |l| l.patterns.as_slice())
}

/// The part of a document a context condition looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Reach {
    Sentence(usize),
    Paragraph(usize),
    Document,
}

/// The per-document state: the current sentence's candidates and
/// morphemes, and what context cues were found where (each looked up once).
struct Run<'a> {
    rules: &'a RuleSet,
    doc: &'a Document,
    candidates: Candidates,
    current: usize,
    current_tokens: Option<Vec<Morpheme>>,
    cues: HashMap<(MatcherId, Reach), bool>,
    footnotes: Option<Footnotes>,
}

impl<'a> Run<'a> {
    fn new(rules: &'a RuleSet, doc: &'a Document, options: Options) -> Self {
        Run {
            rules,
            doc,
            candidates: Candidates::find(rules, doc, options),
            current: 0,
            current_tokens: None,
            cues: HashMap::new(),
            footnotes: None,
        }
    }

    /// Moves to a sentence, dropping the previous one's state.
    fn begin(&mut self, sentence: usize) {
        self.current = sentence;
        self.current_tokens = None;
    }

    fn sentence_span(&self, sentence: usize) -> Span {
        self.doc.sentences().get(sentence).map_or(Span::default(), |s| s.span)
    }

    fn sentence_text(&self, sentence: usize) -> &'a str {
        let span = self.sentence_span(sentence);
        self.doc.text().get(span.range()).unwrap_or("")
    }

    /// A sentence's morphemes, with spans of the whole text.
    fn tokenize(&self, sentence: usize) -> Result<Vec<Morpheme>, MorphError> {
        let span = self.sentence_span(sentence);
        let mut tokens = self.rules.morphology().tokenize(self.sentence_text(sentence))?;
        for token in &mut tokens {
            token.span = token.span.offset(span.start);
        }
        Ok(tokens)
    }

    /// The current sentence's morphemes, analysed once.
    fn current_tokens(&mut self) -> Result<&[Morpheme], MorphError> {
        if self.current_tokens.is_none() {
            self.current_tokens = Some(self.tokenize(self.current)?);
        }
        Ok(self.current_tokens.as_deref().unwrap_or(&[]))
    }

    /// Raw matches of one matcher in one sentence, leftmost-longest and
    /// without overlaps.
    fn find(&mut self, matcher: MatcherId, sentence: usize) -> Result<Vec<Span>, MorphError> {
        let rules = self.rules;
        let Some(compiled) = rules.matcher(matcher) else { return Ok(Vec::new()) };
        if !self.candidates.may_match(matcher, sentence) {
            return Ok(Vec::new());
        }
        let text = self.sentence_text(sentence);
        let start = self.sentence_span(sentence).start;
        let found = if !compiled.needs_tokens() {
            compiled.find_all(text, start, &[])
        } else if sentence == self.current {
            compiled.find_all(text, start, self.current_tokens()?)
        } else {
            // A cue in another sentence: analysed for this look-up only.
            compiled.find_all(text, start, &self.tokenize(sentence)?)
        };
        Ok(without_overlaps(found))
    }

    fn judge(&mut self, hit: Span) -> Result<Polarity, MorphError> {
        let rules = self.rules;
        let cues = Cues {
            negation: patterns(rules, "negation"),
            limitation: patterns(rules, "limitation"),
            question: patterns(rules, "question"),
            purpose: patterns(rules, "purpose"),
            hedge: patterns(rules, "hedge"),
            mention: patterns(rules, "mention"),
        };
        let span = self.sentence_span(self.current);
        let doc = self.doc;
        Ok(polarity::judge(cues, doc.text(), span, self.current_tokens()?, hit))
    }

    /// Matches of any of `matchers` in the current sentence that are claims.
    fn claims(
        &mut self,
        sentence: usize,
        matchers: &[MatcherId],
    ) -> Result<Vec<(Span, Polarity)>, MorphError> {
        let mut spans = Vec::new();
        for &matcher in matchers {
            spans.extend(self.find(matcher, sentence)?);
        }
        let mut claims = Vec::new();
        for span in without_overlaps(spans) {
            let polarity = self.judge(span)?;
            if polarity.is_claim() {
                claims.push((span, polarity));
            }
        }
        Ok(claims)
    }

    fn span_findings(
        &mut self,
        sentence: usize,
        rule: &Rule,
        matchers: &[MatcherId],
    ) -> Result<Vec<(Span, Severity)>, MorphError> {
        let mut findings = Vec::new();
        for (span, polarity) in self.claims(sentence, matchers)? {
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
            findings.push((span, severity));
        }
        Ok(findings)
    }

    fn reach(&self, scope: Scope, sentence: usize) -> Reach {
        match scope {
            Scope::Sentence => Reach::Sentence(sentence),
            Scope::Paragraph => {
                Reach::Paragraph(self.doc.sentences().get(sentence).map_or(0, |s| s.paragraph))
            }
            Scope::Document => Reach::Document,
        }
    }

    /// The sentences within a reach.
    fn sentences_in(&self, reach: Reach) -> Vec<usize> {
        let sentences = self.doc.sentences();
        match reach {
            Reach::Sentence(sentence) => vec![sentence],
            Reach::Paragraph(paragraph) => {
                // Sentences are in order, so a paragraph's are contiguous.
                let first = sentences.partition_point(|s| s.paragraph < paragraph);
                let last = sentences.partition_point(|s| s.paragraph <= paragraph);
                (first..last).collect()
            }
            Reach::Document => (0..sentences.len()).collect(),
        }
    }

    fn footnotes(&mut self) -> &Footnotes {
        let doc = self.doc;
        self.footnotes.get_or_insert_with(|| {
            Footnotes::scan(doc.text(), doc.sentences().iter().map(|s| s.span))
        })
    }

    /// Whether a condition's cue occurs within its reach (looked up once
    /// per cue and reach, so a document-wide cue costs one pass).
    fn cue_in(&mut self, condition: &Condition, reach: Reach) -> Result<bool, MorphError> {
        if let Some(&found) = self.cues.get(&(condition.matcher, reach)) {
            return Ok(found);
        }
        let mut found = false;
        for other in self.sentences_in(reach) {
            if !self.find(condition.matcher, other)?.is_empty()
                || (condition.footnotes && {
                    let text = self.sentence_text(other);
                    self.footnotes().cites(text)
                })
            {
                found = true;
                break;
            }
        }
        self.cues.insert((condition.matcher, reach), found);
        Ok(found)
    }

    fn any_in_reach(
        &mut self,
        conditions: &[Condition],
        sentence: usize,
    ) -> Result<bool, MorphError> {
        for condition in conditions {
            let reach = self.reach(condition.scope, sentence);
            if self.cue_in(condition, reach)? {
                return Ok(true);
            }
        }
        Ok(false)
    }
}

/// For each sentence, the matchers that may match in it: those whose
/// anchor the prefilter's scan found and, for token matchers, whose needed
/// texts all occur (so that the sentence is worth analysing). Found in one
/// pass, so that a cue looked up in other sentences scans nothing again.
struct Candidates {
    /// `ids[starts[s]..starts[s + 1]]` are sentence `s`'s, sorted; `None`
    /// with the prefilter off (every matcher is a candidate everywhere).
    /// Stored as `u32`: a long document has millions of them.
    lists: Option<(Vec<u32>, Vec<u32>)>,
}

impl Candidates {
    fn find(rules: &RuleSet, doc: &Document, options: Options) -> Candidates {
        // Ids and counts beyond u32 (never met) fall back to no prefilter.
        let too_many = rules.matcher_count() > u32::MAX as usize;
        if !options.prefilter || too_many {
            return Candidates { lists: None };
        }
        let mut starts = Vec::with_capacity(doc.sentences().len() + 1);
        let mut ids: Vec<u32> = Vec::new();
        let mut scan = Scan::default();
        starts.push(0);
        for sentence in doc.sentences() {
            let text = doc.text().get(sentence.span.range()).unwrap_or("");
            rules.prefilter().scan_into(text, &mut scan);
            ids.extend(scan.candidates.iter().copied().filter_map(|id| {
                let matcher = rules.matcher(id)?;
                let may_match = !matcher.needs_tokens()
                    || (rules.prefilter().needs_may_hold(id, &scan.present)
                        && matcher.may_match_given(text, &scan.present));
                may_match.then(|| u32::try_from(id).ok()).flatten()
            }));
            let Ok(end) = u32::try_from(ids.len()) else {
                return Candidates { lists: None };
            };
            starts.push(end);
        }
        Candidates { lists: Some((starts, ids)) }
    }

    /// A sentence's candidates; `None` when every matcher is one.
    fn of(&self, sentence: usize) -> Option<&[u32]> {
        let (starts, ids) = self.lists.as_ref()?;
        let (&start, &end) = (starts.get(sentence)?, starts.get(sentence + 1)?);
        ids.get(start as usize..end as usize)
    }

    fn may_match(&self, matcher: MatcherId, sentence: usize) -> bool {
        match &self.lists {
            None => true,
            Some(_) => self.of(sentence).is_some_and(|ids| {
                u32::try_from(matcher).is_ok_and(|id| ids.binary_search(&id).is_ok())
            }),
        }
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
