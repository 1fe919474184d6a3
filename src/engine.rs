//! Runs a [`RuleSet`] on a [`Document`]: span rules over each sentence,
//! document-level requirements over the whole text.

use crate::diagnostic::Severity;
use crate::document::Document;
use crate::rules::{Matcher, RuleKind, RuleSet};
use crate::text::Span;

/// One finding in normalised-text coordinates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Index of the rule in the rule set.
    pub rule: usize,
    pub span: Span,
    pub severity: Severity,
}

/// All findings of `rules` in `doc`, in no particular order.
pub fn run(rules: &RuleSet, doc: &Document) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (index, rule) in rules.rules().iter().enumerate() {
        match &rule.kind {
            RuleKind::Span { matchers } => {
                for span in span_matches(doc, matchers) {
                    hits.push(Hit { rule: index, span, severity: rule.severity });
                }
            }
            RuleKind::Document { trigger, met_by } => {
                if let Some(span) = unmet_requirement(doc, trigger, met_by) {
                    hits.push(Hit { rule: index, span, severity: rule.severity });
                }
            }
        }
    }
    hits
}

/// Matches of any of `matchers` inside sentences, without overlaps: of two
/// overlapping matches the earlier (then longer) one is kept.
fn span_matches(doc: &Document, matchers: &[Matcher]) -> Vec<Span> {
    let mut spans = Vec::new();
    for sentence in doc.sentences() {
        let text = &doc.text()[sentence.span.range()];
        for matcher in matchers {
            spans.extend(matcher.find_all(text).into_iter().map(|s| s.offset(sentence.span.start)));
        }
    }
    spans.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
    let mut kept: Vec<Span> = Vec::with_capacity(spans.len());
    for span in spans {
        if kept.last().is_none_or(|last| !last.overlaps(span)) {
            kept.push(span);
        }
    }
    kept
}

/// The first trigger of a requirement that the document never meets.
fn unmet_requirement(doc: &Document, trigger: &[Matcher], met_by: &[Matcher]) -> Option<Span> {
    let first_trigger = span_matches(doc, trigger).into_iter().next()?;
    let met = !span_matches(doc, met_by).is_empty();
    (!met).then_some(first_trigger)
}
