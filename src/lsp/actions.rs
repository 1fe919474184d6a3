//! Hover (a finding's rule explained) and code actions (a suppression
//! comment, and drop-in rewordings as edits).

use std::collections::HashMap;

use lsp_types::{
    CodeAction, CodeActionDisabled, CodeActionKind, CodeActionOrCommand, Hover, HoverContents,
    MarkupContent, MarkupKind, Position, Range, TextEdit, Uri, WorkspaceEdit,
};

use super::diagnostics;
use super::documents::{Encoding, offset_at};
use super::worker::Findings;
use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::input::Format;
use crate::rules::Rule;

/// What the client can show.
#[derive(Debug, Clone, Copy, Default)]
pub struct ClientSupport {
    /// Hover text may be Markdown.
    pub markdown: bool,
    /// Code actions may be shown disabled, with a reason (used for
    /// rewordings that are notes, not edits).
    pub disabled_actions: bool,
}

/// The findings under a byte offset.
fn findings_at(findings: &Findings, offset: usize) -> impl Iterator<Item = &Diagnostic> {
    findings
        .linted
        .diagnostics
        .iter()
        .filter(move |d| d.source_span.start <= offset && offset < d.source_span.end)
}

/// The explanation of one finding: what it is, its basis, why, what to
/// write instead (as `claimlint explain` tells it).
fn explain(finding: &Diagnostic, rule: Option<&Rule>, markdown: bool) -> String {
    let bold = |s: &str| if markdown { format!("**{s}**") } else { s.to_string() };
    let mut out = format!(
        "{} ({}, {})\n\n{}",
        bold(&finding.rule),
        finding.category,
        finding.severity,
        finding.message
    );
    if let Some(basis) = &finding.basis {
        out.push_str(&format!("\n\n{} {basis}", bold("basis:")));
    }
    if let Some(why) = rule.and_then(|r| r.why.as_deref()) {
        out.push_str(&format!("\n\n{} {}", bold("why:"), why.trim()));
    }
    if let Some(help) = &finding.help {
        out.push_str(&format!("\n\n{} {help}", bold("help:")));
    }
    if !finding.suggestions.is_empty() {
        out.push_str(&format!("\n\n{}", bold("write instead:")));
        for suggestion in finding.suggestions.iter() {
            out.push_str(&format!("\n- {suggestion}"));
        }
    }
    out
}

/// Hover over a finding: its rule explained (several findings: each).
pub fn hover(
    findings: &Findings,
    at: Position,
    encoding: Encoding,
    support: ClientSupport,
) -> Option<Hover> {
    let document = &findings.linted.document;
    let offset = offset_at(document.source_text(), at, encoding);
    let under: Vec<&Diagnostic> = findings_at(findings, offset).collect();
    let first = under.first()?;
    let separator = if support.markdown { "\n\n---\n\n" } else { "\n\n" };
    let value = under
        .iter()
        .map(|d| explain(d, findings.rules.get(&d.rule), support.markdown))
        .collect::<Vec<_>>()
        .join(separator);
    let kind = if support.markdown { MarkupKind::Markdown } else { MarkupKind::PlainText };
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent { kind, value }),
        range: Some(diagnostics::range(document, &first.start, &first.end, encoding)),
    })
}

/// The suppression comment for a rule. Text, Markdown and HTML pages all
/// take suppressions in an HTML comment (see `input::directive`); the
/// reason is left for the writer to fill in after `--`.
pub fn disable_comment(format: Format, rule: &str) -> String {
    let (open, close) = match format {
        Format::Text | Format::Markdown | Format::Html => ("<!--", "-->"),
    };
    format!("{open} claimlint-disable-next-line {rule} --  {close}")
}

/// Whether the flagged words stand in the file as the reader sees them
/// (no markup inside them), so that replacing them keeps the markup.
fn replaceable(document: &Document, finding: &Diagnostic) -> bool {
    document.prose_text().get(finding.prose_span.range()) == Some(finding.text.as_str())
}

fn edit(uri: &Uri, range: Range, new_text: String) -> WorkspaceEdit {
    WorkspaceEdit::new(HashMap::from([(uri.clone(), vec![TextEdit { range, new_text }])]))
}

/// Code actions for the findings overlapping `range`: each drop-in
/// rewording as a replacement, the other rewordings as notes (disabled
/// actions, when the client shows them), and a suppression comment.
pub fn code_actions(
    findings: &Findings,
    uri: &Uri,
    format: Format,
    range: Range,
    encoding: Encoding,
    support: ClientSupport,
) -> Vec<CodeActionOrCommand> {
    let document = &findings.linted.document;
    let text = document.source_text();
    let from = offset_at(text, range.start, encoding);
    let to = offset_at(text, range.end, encoding);
    let line_ending = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut actions = Vec::new();
    for finding in findings
        .linted
        .diagnostics
        .iter()
        .filter(|d| d.source_span.start <= to && from <= d.source_span.end)
    {
        let diagnostic = diagnostics::finding(document, finding, encoding);
        let rule = findings.rules.get(&finding.rule);
        let replacements = rule.map(|r| r.replacements.as_slice()).unwrap_or_default();
        for suggestion in finding.suggestions.iter() {
            let drop_in = replacements.contains(suggestion) && replaceable(document, finding);
            if drop_in {
                actions.push(CodeAction {
                    title: format!("「{}」を「{suggestion}」に置き換える", finding.text),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![diagnostic.clone()]),
                    edit: Some(edit(uri, diagnostic.range, suggestion.clone())),
                    is_preferred: Some(true),
                    ..CodeAction::default()
                });
            } else if support.disabled_actions {
                actions.push(CodeAction {
                    title: format!("言い換え例: {suggestion}"),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![diagnostic.clone()]),
                    disabled: Some(CodeActionDisabled {
                        reason: "文全体の言い換え例です。該当箇所の置き換えではないので、参考にして書き直してください".into(),
                    }),
                    ..CodeAction::default()
                });
            }
        }
        // On its own line before the finding's line, indented as that line.
        let line = diagnostic.range.start.line;
        let (line_start, line_end) = document.lines().line_span(text, line as usize);
        let indent: String = text
            .get(line_start..line_end)
            .unwrap_or("")
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .collect();
        let comment = format!("{indent}{}{line_ending}", disable_comment(format, &finding.rule));
        let at = Position::new(line, 0);
        actions.push(CodeAction {
            title: format!("この行の {} を抑制する (claimlint-disable-next-line)", finding.rule),
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![diagnostic]),
            edit: Some(edit(uri, Range::new(at, at), comment)),
            ..CodeAction::default()
        });
    }
    actions.into_iter().map(CodeActionOrCommand::CodeAction).collect()
}
