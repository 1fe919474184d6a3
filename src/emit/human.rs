//! Compiler-style output for people (`--format human`, the default):
//!
//! ```text
//! error[safety-guarantee/safety.side-effects-denied]: 安全性を保証する表現: 「副作用がない」
//!  --> page.txt:3:5
//!   |
//! 3 | この治療は副作用がない点が特長です。
//!   |           ^^^^^^^^^^^^
//!   |
//!   = basis: 医薬品等適正広告基準 (安全性の保証表現)
//!   = help: 副作用の種類と頻度を具体的に記載してください
//! ```
//!
//! Snippets come from annotate-snippets, which underlines at display width
//! (two columns per full-width character) and trims lines longer than the
//! terminal around the span.

use std::io::{self, Write};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use super::{Report, Summary, statistics};
use crate::Linted;
use crate::diagnostic::{Diagnostic, Severity};
use crate::suppress::UnusedSuppression;
use crate::text::Span;

/// How to render.
#[derive(Debug, Clone, Copy)]
pub struct HumanOptions {
    pub color: bool,
    /// Terminal width in columns; longer source lines are trimmed.
    pub width: usize,
    /// Diagnostics only: no summary line.
    pub quiet: bool,
}

fn level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    }
}

/// The source lines a span covers, the offset of the first, and its
/// 1-based number. Lone CRs become LFs (same length) so the renderer sees
/// the line breaks the line index counted.
fn snippet_source(linted: &Linted, span: Span) -> (String, usize, usize) {
    let text = linted.document.source_text();
    let lines = linted.document.lines();
    let first = lines.line_of(span.start);
    let last = lines.line_of(span.end.saturating_sub(1).max(span.start));
    let (start, _) = lines.line_span(text, first);
    let (_, end) = lines.line_span(text, last.max(first));
    let chunk = text.get(start..end).unwrap_or("");
    let mut source = String::with_capacity(chunk.len());
    let mut chars = chunk.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() != Some(&'\n') {
            source.push('\n');
        } else {
            source.push(c);
        }
    }
    (source, start, first + 1)
}

fn render_one(renderer: &Renderer, path: &str, linted: &Linted, d: &Diagnostic) -> String {
    let (source, offset, line_start) = snippet_source(linted, d.source_span);
    let span = d.source_span.start.saturating_sub(offset)..d.source_span.end.saturating_sub(offset);
    let id = format!("{}/{}", d.category, d.rule);
    let mut group = level(d.severity).primary_title(d.message.as_str()).id(id).element(
        Snippet::source(source.as_str())
            .line_start(line_start)
            .path(path)
            .annotation(AnnotationKind::Primary.span(span)),
    );
    if let Some(basis) = &d.basis {
        group = group.element(Level::NOTE.with_name("basis").message(basis.as_str()));
    }
    if let Some(help) = &d.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    for suggestion in &d.suggestions {
        group = group.element(Level::HELP.with_name("suggestion").message(suggestion.as_str()));
    }
    let report: [Group<'_>; 1] = [group];
    renderer.render(&report)
}

fn render_unused(
    renderer: &Renderer,
    path: &str,
    linted: &Linted,
    u: &UnusedSuppression,
) -> String {
    let (source, offset, line_start) = snippet_source(linted, u.source_span);
    let span = u.source_span.start.saturating_sub(offset)..u.source_span.end.saturating_sub(offset);
    let report: [Group<'_>; 1] = [Level::WARNING
        .primary_title(u.message())
        .id(UnusedSuppression::RULE)
        .element(
            Snippet::source(source.as_str())
                .line_start(line_start)
                .path(path)
                .annotation(AnnotationKind::Primary.span(span)),
        )
        .element(
            Level::HELP.message("コメントを削除するか、対象のルール・カテゴリを見直してください"),
        )];
    renderer.render(&report)
}

fn plural(count: usize, word: &str) -> String {
    if count == 1 { format!("1 {word}") } else { format!("{count} {word}s") }
}

/// The closing line: `2 errors, 1 warning in 3 files`.
pub fn summary_line(summary: &Summary) -> String {
    let mut line =
        format!("{}, {}", plural(summary.error, "error"), plural(summary.warning, "warning"));
    if summary.info > 0 {
        line.push_str(&format!(", {} info", summary.info));
    }
    if summary.unused_suppressions > 0 {
        line.push_str(&format!(", {}", plural(summary.unused_suppressions, "unused suppression")));
    }
    line.push_str(&format!(" in {}", plural(summary.files, "file")));
    line
}

/// Writes diagnostics to `out` and unreadable files to `err`.
pub fn write(
    report: &Report<'_>,
    options: HumanOptions,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<()> {
    let base = if options.color { Renderer::styled() } else { Renderer::plain() };
    let renderer = base.term_width(options.width);
    for file in report.files {
        match &file.result {
            Ok(linted) => {
                for d in &linted.diagnostics {
                    writeln!(out, "{}\n", render_one(&renderer, &file.path, linted, d))?;
                }
                for u in &linted.unused_suppressions {
                    writeln!(out, "{}\n", render_unused(&renderer, &file.path, linted, u))?;
                }
            }
            Err(message) => writeln!(err, "error: {}: {message}", file.path)?,
        }
    }
    if report.statistics {
        statistics::write_table(report.files, out)?;
    }
    if !options.quiet {
        if let Some(baseline) = report.baseline {
            writeln!(
                out,
                "baseline: {} new, {} persisting, {} resolved",
                baseline.new, baseline.persisting, baseline.resolved
            )?;
        }
        writeln!(out, "{}", summary_line(&Summary::of(report.files)))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_pluralises() {
        let s = Summary { files: 1, error: 1, warning: 2, info: 0, unused_suppressions: 0 };
        assert_eq!(summary_line(&s), "1 error, 2 warnings in 1 file");
        let s = Summary { files: 3, error: 0, warning: 1, info: 2, unused_suppressions: 1 };
        assert_eq!(
            summary_line(&s),
            "0 errors, 1 warning, 2 info, 1 unused suppression in 3 files"
        );
    }
}
