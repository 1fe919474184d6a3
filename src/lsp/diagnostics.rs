//! Findings as LSP diagnostics. Ranges come from `Document::locate`, the
//! same coordinates as every other output format, in the negotiated
//! position encoding.

use lsp_types::{
    Diagnostic as LspDiagnostic, DiagnosticSeverity, DiagnosticTag, NumberOrString, Position, Range,
};

use super::documents::{Encoding, saturate};
use super::settings::Problem;
use crate::Linted;
use crate::diagnostic::{self, Diagnostic, Severity};
use crate::document::Document;
use crate::suppress::UnusedSuppression;

pub const SOURCE: &str = "claimlint";

/// An LSP position from a located position (1-based line and columns, and
/// the byte offset, which for a buffer is the offset into its text).
pub fn position(document: &Document, at: &diagnostic::Position, encoding: Encoding) -> Position {
    let line = at.line.saturating_sub(1);
    let character = match encoding {
        Encoding::Utf32 => at.column.saturating_sub(1),
        Encoding::Utf16 => at.utf16_column.saturating_sub(1),
        Encoding::Utf8 => {
            let (line_start, _) = document.lines().line_span(document.source_text(), line);
            at.byte.saturating_sub(line_start)
        }
    };
    Position::new(saturate(line), saturate(character))
}

pub fn range(
    document: &Document,
    start: &diagnostic::Position,
    end: &diagnostic::Position,
    encoding: Encoding,
) -> Range {
    Range::new(position(document, start, encoding), position(document, end, encoding))
}

fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

/// The message with its basis and help as its tail (most editors show only
/// the message; the full explanation is the hover).
fn message(finding: &Diagnostic) -> String {
    let mut message = finding.message.clone();
    if let Some(basis) = &finding.basis {
        message.push_str(&format!("\nbasis: {basis}"));
    }
    if let Some(help) = &finding.help {
        message.push_str(&format!("\nhelp: {help}"));
    }
    message
}

/// One finding. Rules have no documentation URL, so there is no
/// `codeDescription`: the rule id is the code and the hover explains it.
pub fn finding(document: &Document, finding: &Diagnostic, encoding: Encoding) -> LspDiagnostic {
    LspDiagnostic {
        range: range(document, &finding.start, &finding.end, encoding),
        severity: Some(severity(finding.severity)),
        code: Some(NumberOrString::String(finding.rule.clone())),
        source: Some(SOURCE.to_string()),
        message: message(finding),
        ..LspDiagnostic::default()
    }
}

/// A suppression comment that silenced nothing: a warning, shown faded.
pub fn unused(
    document: &Document,
    unused: &UnusedSuppression,
    encoding: Encoding,
) -> LspDiagnostic {
    LspDiagnostic {
        range: range(document, &unused.start, &unused.end, encoding),
        severity: Some(DiagnosticSeverity::WARNING),
        code: Some(NumberOrString::String(UnusedSuppression::RULE.to_string())),
        source: Some(SOURCE.to_string()),
        message: unused.message(),
        tags: Some(vec![DiagnosticTag::UNNECESSARY]),
        ..LspDiagnostic::default()
    }
}

/// Every diagnostic of a linted document, in position order.
pub fn all(linted: &Linted, encoding: Encoding) -> Vec<LspDiagnostic> {
    let document = &linted.document;
    let mut all: Vec<(usize, LspDiagnostic)> = linted
        .diagnostics
        .iter()
        .map(|d| (d.start.byte, finding(document, d, encoding)))
        .chain(
            linted
                .unused_suppressions
                .iter()
                .map(|u| (u.start.byte, unused(document, u, encoding))),
        )
        .collect();
    all.sort_by_key(|(byte, _)| *byte);
    all.into_iter().map(|(_, d)| d).collect()
}

/// A broken settings, rule or term file, shown on that file: from the
/// place named to the end of its line (`text` is the file's text, when it
/// can be read).
pub fn problem(problem: &Problem, text: Option<&str>, encoding: Encoding) -> LspDiagnostic {
    let (line, column) = problem.location.unwrap_or((1, 1));
    let line_text = text.and_then(|t| t.lines().nth(line.saturating_sub(1))).unwrap_or("");
    let before: String = line_text.chars().take(column.saturating_sub(1)).collect();
    let start = Position::new(saturate(line.saturating_sub(1)), saturate(encoding.len(&before)));
    let end = Position::new(start.line, saturate(encoding.len(line_text)).max(start.character));
    LspDiagnostic {
        range: Range::new(start, end),
        severity: Some(DiagnosticSeverity::ERROR),
        source: Some(SOURCE.to_string()),
        message: problem.message.clone(),
        ..LspDiagnostic::default()
    }
}
