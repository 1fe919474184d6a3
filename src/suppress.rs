//! Applying suppression comments and allowed phrases to a file's findings.
//!
//! `claimlint-disable-next-line` silences findings that start on the line
//! after the comment; `claimlint-disable` silences findings after it until a
//! `claimlint-enable` for the same targets (or the end of the file). A
//! directive that silences nothing is reported, so stale ones do not pile up.
//! Silenced findings are kept aside with what silenced them and why, for
//! reports that show what was not reported.

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

/// What silenced a finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Silencer {
    /// A suppression comment, as written, and the 1-based line it is on.
    Comment { text: String, line: usize },
    /// An allowed phrase of the settings file.
    Allowed { phrase: String },
}

/// A finding that was not reported, kept so that a report can show what
/// was not checked and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppressed {
    pub diagnostic: Diagnostic,
    pub by: Silencer,
    /// The reason given (after `--` in a comment; required for an allowed phrase).
    pub reason: Option<String>,
}

/// The findings of a file once its suppression comments are applied.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Applied {
    pub kept: Vec<Diagnostic>,
    pub suppressed: Vec<Suppressed>,
    pub unused: Vec<UnusedSuppression>,
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

/// Sets suppressed findings aside, each with the comment that silenced it,
/// and finds the comments that silenced nothing.
pub fn apply(document: &Document, diagnostics: Vec<Diagnostic>) -> Applied {
    let directives = document.directives();
    let mut used = vec![false; directives.len()];
    let mut applied = Applied::default();
    for diagnostic in diagnostics {
        let silenced_by = directives.iter().enumerate().find(|(index, directive)| {
            silences(directives, *index, directive, &diagnostic, document)
        });
        match silenced_by {
            Some((index, directive)) => {
                if let Some(flag) = used.get_mut(index) {
                    *flag = true;
                }
                let by = Silencer::Comment {
                    text: comment_text(document, directive),
                    line: line_of(document, directive.span.start),
                };
                let reason = directive.reason.clone();
                applied.suppressed.push(Suppressed { diagnostic, by, reason });
            }
            None => applied.kept.push(diagnostic),
        }
    }
    applied.unused = directives
        .iter()
        .zip(&used)
        .filter(|(directive, used)| !**used && directive.kind != DirectiveKind::Enable)
        .map(|(directive, _)| {
            let located = document.locate_source(directive.span);
            UnusedSuppression {
                text: comment_text(document, directive),
                start: located.start,
                end: located.end,
                source_span: directive.span,
            }
        })
        .collect();
    applied
}

fn comment_text(document: &Document, directive: &Directive) -> String {
    document.source_text().get(directive.span.range()).unwrap_or("").to_string()
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

/// Sets aside findings that overlap an allowed phrase (`(phrase, reason)`)
/// in the source text; returns the kept and the suppressed findings.
pub fn allow(
    document: &Document,
    diagnostics: Vec<Diagnostic>,
    phrases: &[(String, String)],
) -> (Vec<Diagnostic>, Vec<Suppressed>) {
    if phrases.is_empty() {
        return (diagnostics, Vec::new());
    }
    let source = document.source_text();
    let allowed: Vec<(Span, &(String, String))> = phrases
        .iter()
        .filter(|(phrase, _)| !phrase.is_empty())
        .flat_map(|entry| {
            source
                .match_indices(entry.0.as_str())
                .map(move |(at, m)| (Span::new(at, at + m.len()), entry))
        })
        .collect();
    let mut kept = Vec::with_capacity(diagnostics.len());
    let mut suppressed = Vec::new();
    for diagnostic in diagnostics {
        match allowed.iter().find(|(span, _)| span.overlaps(diagnostic.source_span)) {
            Some((_, (phrase, reason))) => suppressed.push(Suppressed {
                diagnostic,
                by: Silencer::Allowed { phrase: phrase.clone() },
                reason: Some(reason.clone()),
            }),
            None => kept.push(diagnostic),
        }
    }
    (kept, suppressed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSet;

    #[test]
    fn silenced_findings_are_kept_with_what_silenced_them_and_why() {
        let rules = RuleSet::builtin().expect("built-in rules load");
        let comment = "<!-- claimlint-disable-next-line superlative -- 調査結果の引用 -->";
        let page = format!("{comment}\n最先端の治療です。\n日本一の実績。\n");
        let linted = crate::lint(page.as_bytes(), &rules).expect("linted");
        let texts: Vec<&str> = linted.diagnostics.iter().map(|d| d.text.as_str()).collect();
        assert_eq!(texts, ["日本一"]);
        let [silenced] = linted.suppressed.as_slice() else { panic!("{:?}", linted.suppressed) };
        assert_eq!(silenced.diagnostic.text, "最先端");
        assert_eq!(silenced.by, Silencer::Comment { text: comment.to_string(), line: 1 });
        assert_eq!(silenced.reason.as_deref(), Some("調査結果の引用"));

        let phrases = [("日本一の実績".to_string(), "第三者機関の調査".to_string())];
        let (kept, allowed) = allow(&linted.document, linted.diagnostics.clone(), &phrases);
        assert!(kept.is_empty());
        let [allowed] = allowed.as_slice() else { panic!("{allowed:?}") };
        assert_eq!(allowed.diagnostic.text, "日本一");
        assert_eq!(allowed.by, Silencer::Allowed { phrase: "日本一の実績".to_string() });
        assert_eq!(allowed.reason.as_deref(), Some("第三者機関の調査"));
    }
}
