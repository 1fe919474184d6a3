//! claimlint: a linter for regulatory overclaims in Japanese medical,
//! cosmetic and health-product advertising copy.
//!
//! [`lint`] is pure (no I/O, no printing): the CLI, the tests, the corpus
//! harness and benchmarks all call it.
//!
//! ```text
//! bytes ─► input::decode ─► Document (source text, line index, normalised
//!       text, paragraphs, sentences) ─► engine::run (RuleSet) ─► hits
//!       ─► Document::locate (file coordinates) ─► Diagnostic ─► emit
//! ```

pub mod cli;
pub mod diagnostic;
pub mod document;
pub mod emit;
pub mod engine;
pub mod examples;
pub mod input;
pub mod morph;
pub mod rules;
pub mod text;

use diagnostic::Diagnostic;
use document::Document;
use input::DecodeError;
use rules::RuleSet;

/// The outcome of linting one file.
#[derive(Debug, Clone)]
pub struct Linted {
    pub document: Document,
    /// Sorted by position, then rule id.
    pub diagnostics: Vec<Diagnostic>,
}

/// Lints a file's bytes.
pub fn lint(bytes: &[u8], rules: &RuleSet) -> Result<Linted, DecodeError> {
    let source = input::decode(bytes)?;
    Ok(lint_document(Document::new(source), rules))
}

/// Lints an already decoded document.
pub fn lint_document(document: Document, rules: &RuleSet) -> Linted {
    let mut diagnostics: Vec<Diagnostic> = engine::run(rules, &document)
        .into_iter()
        .filter_map(|hit| {
            let rule = rules.rules().get(hit.rule)?;
            let located = document.locate(hit.span);
            let text = document.source_text().get(located.source_span.range())?.to_string();
            Some(Diagnostic {
                rule: rule.id.clone(),
                category: rule.category,
                requirement: rule.requirement,
                severity: hit.severity,
                message: rule.message_for(&text),
                text,
                start: located.start,
                end: located.end,
                source_span: located.source_span,
                basis: rule.basis.clone(),
                help: rule.help.clone(),
                suggestions: rule.suggestions.clone(),
            })
        })
        .collect();
    diagnostics.sort_by(|a, b| {
        (a.start.byte, a.end.byte, &a.rule).cmp(&(b.start.byte, b.end.byte, &b.rule))
    });
    Linted { document, diagnostics }
}
