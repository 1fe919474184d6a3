//! Applying suppression comments and allowed phrases to a file's findings.
//!
//! `claimlint-disable-next-line` silences findings that start on the line
//! after the comment; `claimlint-disable` silences findings after it until a
//! `claimlint-enable` for the same targets (or the end of the file). A
//! directive that silences nothing is reported, so stale ones do not pile up.

use crate::diagnostic::{Diagnostic, Position};
use crate::document::Document;
use crate::input::{Directive, DirectiveKind};
use crate::text::Span;

/// A suppression comment that silenced nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnusedSuppression {
    /// The comment as written.
    pub text: String,
    pub start: Position,
    pub end: Position,
    /// The comment's own source span (for snippets).
    pub source_span: Span,
}

impl UnusedSuppression {
    pub const RULE: &'static str = "claimlint.unused-suppression";

    pub fn message(&self) -> String {
        "このサプレッションコメントは何も抑制していません(unused suppression)".to_string()
    }
}

/// Whether a directive's targets cover a finding: a rule id, its category,
/// its pack, or no target at all.
fn covers(targets: &[String], diagnostic: &Diagnostic) -> bool {
    targets.is_empty()
        || targets.iter().any(|t| {
            *t == diagnostic.rule
                || t == diagnostic.category.as_str()
                || diagnostic.rule.split('.').next() == Some(t.as_str())
        })
}

/// The file line a source offset is on (1-based).
fn line_of(document: &Document, offset: usize) -> usize {
    document.lines().line_of(offset) + 1
}

/// Drops suppressed findings; returns the kept ones and the directives
/// that silenced nothing.
pub fn apply(
    document: &Document,
    diagnostics: Vec<Diagnostic>,
) -> (Vec<Diagnostic>, Vec<UnusedSuppression>) {
    let directives = document.directives();
    let mut used = vec![false; directives.len()];
    let kept = diagnostics
        .into_iter()
        .filter(|diagnostic| {
            let silenced_by = directives.iter().enumerate().find(|(index, directive)| {
                silences(directives, *index, directive, diagnostic, document)
            });
            match silenced_by {
                Some((index, _)) => {
                    if let Some(flag) = used.get_mut(index) {
                        *flag = true;
                    }
                    false
                }
                None => true,
            }
        })
        .collect();
    let unused = directives
        .iter()
        .zip(&used)
        .filter(|(directive, used)| !**used && directive.kind != DirectiveKind::Enable)
        .map(|(directive, _)| {
            let located = document.locate_source(directive.span);
            UnusedSuppression {
                text: document.source_text().get(directive.span.range()).unwrap_or("").to_string(),
                start: located.start,
                end: located.end,
                source_span: directive.span,
            }
        })
        .collect();
    (kept, unused)
}

fn silences(
    directives: &[Directive],
    index: usize,
    directive: &Directive,
    diagnostic: &Diagnostic,
    document: &Document,
) -> bool {
    if !covers(&directive.targets, diagnostic) {
        return false;
    }
    let at = diagnostic.source_span.start;
    match directive.kind {
        DirectiveKind::DisableNextLine => {
            diagnostic.start.line == line_of(document, directive.span.end) + 1
        }
        DirectiveKind::Disable => {
            if at < directive.span.end {
                return false;
            }
            // Disabled until an enable that covers the same finding.
            let enabled = directives.iter().skip(index + 1).any(|later| {
                later.kind == DirectiveKind::Enable
                    && later.span.start < at
                    && covers(&later.targets, diagnostic)
            });
            !enabled
        }
        DirectiveKind::Enable => false,
    }
}

/// Drops findings that overlap an allowed phrase in the source text.
pub fn allow(
    document: &Document,
    diagnostics: Vec<Diagnostic>,
    phrases: &[String],
) -> Vec<Diagnostic> {
    if phrases.is_empty() {
        return diagnostics;
    }
    let source = document.source_text();
    let allowed: Vec<Span> = phrases
        .iter()
        .filter(|p| !p.is_empty())
        .flat_map(|phrase| {
            source.match_indices(phrase.as_str()).map(|(at, m)| Span::new(at, at + m.len()))
        })
        .collect();
    diagnostics.into_iter().filter(|d| !allowed.iter().any(|a| a.overlaps(d.source_span))).collect()
}
