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

use std::ops::Range;

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

/// Source longer than this is cut to a window around the span before it
/// is rendered: the renderer trims long lines itself, but it would still
/// walk a 10 MB line for every finding on it.
const WINDOW_LIMIT: usize = 4096;
/// Bytes kept on each side of the span in a window.
const WINDOW_MARGIN: usize = 600;

/// What to render for a span: the source lines it covers (or a window of
/// them, with `...` where cut), the span within it, the 1-based number of
/// its first line, and whether it was windowed. Lone CRs become LFs (same
/// length) so the renderer sees the line breaks the line index counted.
struct SnippetSource {
    text: String,
    span: Range<usize>,
    line: usize,
    windowed: bool,
}

fn snippet_source(linted: &Linted, span: Span) -> SnippetSource {
    let text = linted.document.source_text();
    let lines = linted.document.lines();
    let first = lines.line_of(span.start);
    let last = lines.line_of(span.end.saturating_sub(1).max(span.start));
    let (mut start, _) = lines.line_span(text, first);
    let (_, mut end) = lines.line_span(text, last.max(first));
    let windowed = end.saturating_sub(start) > WINDOW_LIMIT;
    let (mut prefix, mut suffix) = ("", "");
    if windowed {
        let floor = |mut at: usize| {
            while at > 0 && !text.is_char_boundary(at) {
                at -= 1;
            }
            at
        };
        let from = floor(span.start.saturating_sub(WINDOW_MARGIN)).max(start);
        let to = floor((span.end + WINDOW_MARGIN).min(end)).max(span.end.min(end));
        prefix = if from > start { "..." } else { "" };
        suffix = if to < end { "..." } else { "" };
        (start, end) = (from, to);
    }
    let chunk = text.get(start..end).unwrap_or("");
    let mut source = String::with_capacity(chunk.len() + 6);
    source.push_str(prefix);
    let mut chars = chunk.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() != Some(&'\n') {
            source.push('\n');
        } else {
            source.push(c);
        }
    }
    source.push_str(suffix);
    let shift = |at: usize| at.clamp(start, end) - start + prefix.len();
    SnippetSource {
        text: source,
        span: shift(span.start)..shift(span.end),
        line: first + 1,
        windowed,
    }
}

fn render_one(renderer: &Renderer, path: &str, linted: &Linted, d: &Diagnostic) -> String {
    let source = snippet_source(linted, d.source_span);
    let column_in_window =
        source.text.get(..source.span.start).map_or(0, |s| s.chars().count()) + 1;
    let id = format!("{}/{}", d.category, d.rule);
    let mut group = level(d.severity).primary_title(d.message.as_str()).id(id).element(
        Snippet::source(source.text.as_str())
            .line_start(source.line)
            .path(path)
            .annotation(AnnotationKind::Primary.span(source.span.clone())),
    );
    if let Some(basis) = &d.basis {
        group = group.element(Level::NOTE.with_name("basis").message(&**basis));
    }
    if let Some(help) = &d.help {
        group = group.element(Level::HELP.message(&**help));
    }
    for suggestion in d.suggestions.iter() {
        group = group.element(Level::HELP.with_name("suggestion").message(suggestion.as_str()));
    }
    let report: [Group<'_>; 1] = [group];
    let rendered = renderer.render(&report);
    if source.windowed {
        // The renderer counts the column within the window: give the file's.
        let shown = format!("{path}:{}:{column_in_window}", d.start.line);
        let actual = format!("{path}:{}:{}", d.start.line, d.start.column);
        return rendered.replacen(&shown, &actual, 1);
    }
    rendered
}

fn render_unused(
    renderer: &Renderer,
    path: &str,
    linted: &Linted,
    u: &UnusedSuppression,
) -> String {
    let source = snippet_source(linted, u.source_span);
    let report: [Group<'_>; 1] = [Level::WARNING
        .primary_title(u.message())
        .id(UnusedSuppression::RULE)
        .element(
            Snippet::source(source.text.as_str())
                .line_start(source.line)
                .path(path)
                .annotation(AnnotationKind::Primary.span(source.span)),
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
