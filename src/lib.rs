// Nothing that depends on input may panic: no unwrap, expect or indexing
// outside tests (checked by clippy).
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing))]

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

pub mod baseline;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod document;
pub mod emit;
pub mod engine;
pub mod examples;
#[doc(hidden)]
pub mod fuzzing;
pub mod input;
pub mod lsp;
pub mod morph;
pub mod rules;
pub mod suppress;
pub mod text;
pub mod walk;

use std::fmt;

use diagnostic::Diagnostic;
use document::Document;
use input::{DecodeError, Format};
use morph::MorphError;
use rules::RuleSet;

/// Why a file could not be linted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LintError {
    Decode(DecodeError),
    Morph(MorphError),
}

impl fmt::Display for LintError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LintError::Decode(e) => e.fmt(f),
            LintError::Morph(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for LintError {}

/// The outcome of linting one file.
#[derive(Debug, Clone)]
pub struct Linted {
    pub document: Document,
    /// Sorted by position, then rule id.
    pub diagnostics: Vec<Diagnostic>,
    /// Suppression comments that silenced nothing.
    pub unused_suppressions: Vec<suppress::UnusedSuppression>,
    /// Findings silenced by a suppression comment or an allowed phrase.
    pub suppressed: Vec<suppress::Suppressed>,
}

/// How to read a file.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadOptions {
    pub format: Format,
    /// Forced encoding; detected when `None`.
    pub encoding: Option<&'static encoding_rs::Encoding>,
}

/// Decodes a file's bytes and extracts its prose.
pub fn read(bytes: &[u8], options: ReadOptions) -> Result<Document, DecodeError> {
    let source = input::decode(bytes, options.encoding, options.format == Format::Html)?;
    let prose = input::extract(options.format, &source.text);
    Ok(Document::with_prose(source, prose))
}

/// Lints a plain-text file's bytes.
pub fn lint(bytes: &[u8], rules: &RuleSet) -> Result<Linted, LintError> {
    lint_with(bytes, ReadOptions::default(), rules)
}

/// Lints a file's bytes read as `options` say.
pub fn lint_with(bytes: &[u8], options: ReadOptions, rules: &RuleSet) -> Result<Linted, LintError> {
    let document = read(bytes, options).map_err(LintError::Decode)?;
    lint_document(document, rules, engine::Options::default())
}

/// Lints an already decoded document.
pub fn lint_document(
    document: Document,
    rules: &RuleSet,
    options: engine::Options,
) -> Result<Linted, LintError> {
    let hits = engine::run_with(rules, &document, options).map_err(LintError::Morph)?;
    let diagnostics: Vec<Diagnostic> = hits
        .into_iter()
        .filter_map(|hit| {
            let rule = rules.rules().get(hit.rule)?;
            let located = document.locate(hit.span);
            let text = document.source_text().get(located.source_span.range())?.to_string();
            let context = document
                .sentences()
                .get(hit.sentence)
                .map(|s| document.source_slice(s.span).trim().to_string())
                .unwrap_or_default();
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
                prose_span: document.to_prose(hit.span),
                context,
                basis: rule.basis.clone(),
                help: rule.help.clone(),
                suggestions: rule.suggestions.clone(),
            })
        })
        .collect();
    let applied = suppress::apply(&document, one_per_claim(diagnostics));
    let mut diagnostics = applied.kept;
    diagnostics.sort_by(|a, b| {
        (a.start.byte, a.end.byte, &a.rule).cmp(&(b.start.byte, b.end.byte, &b.rule))
    });
    Ok(Linted {
        document,
        diagnostics,
        unused_suppressions: applied.unused,
        suppressed: applied.suppressed,
    })
}

/// Two findings of the same category (and requirement) whose spans overlap
/// are one claim seen by two rules (「細胞を若々しく蘇らせ」 is cell-level
/// and rejuvenation): keep the longest, then the earliest, then the first
/// rule. Missing disclosures share their trigger's span but differ in
/// requirement, so each stays.
fn one_per_claim(mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let key = |d: &Diagnostic| (d.category, d.requirement);
    diagnostics.sort_by(|a, b| {
        (key(a), a.start.byte, std::cmp::Reverse(a.end.byte), &a.rule).cmp(&(
            key(b),
            b.start.byte,
            std::cmp::Reverse(b.end.byte),
            &b.rule,
        ))
    });
    let mut kept: Vec<Diagnostic> = Vec::with_capacity(diagnostics.len());
    for diagnostic in diagnostics {
        let overlaps = kept.last().is_some_and(|last| {
            key(last) == key(&diagnostic) && diagnostic.start.byte < last.end.byte
        });
        if !overlaps {
            kept.push(diagnostic);
        }
    }
    kept
}
