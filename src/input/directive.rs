//! Suppression comments, the same in text, Markdown and HTML:
//!
//! ```text
//! <!-- claimlint-disable-next-line safety-guarantee -- 医師が確認済み -->
//! <!-- claimlint-disable superlative.top-ranking -- 調査結果の引用 -->
//! <!-- claimlint-enable -->
//! ```
//!
//! Targets are rule ids or categories, separated by commas or spaces; none
//! means every rule. The reason follows `--`.

use crate::text::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DirectiveKind {
    /// Silences the line after the comment.
    DisableNextLine,
    /// Silences everything until a matching `claimlint-enable`.
    Disable,
    /// Ends a `claimlint-disable` block.
    Enable,
}

/// One suppression comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub kind: DirectiveKind,
    /// Rule ids or categories; empty for all.
    pub targets: Vec<String>,
    pub reason: Option<String>,
    /// The whole comment in the source text.
    pub span: Span,
}

/// Reads a directive from the inside of an HTML comment (`<!--` … `-->`).
pub fn parse(inner: &str, span: Span) -> Option<Directive> {
    let inner = inner.trim();
    let (head, reason) = match inner.split_once("--") {
        Some((head, reason)) => (head.trim(), Some(reason.trim().to_string())),
        None => (inner, None),
    };
    let mut words = head.split(|c: char| c.is_whitespace() || c == ',').filter(|w| !w.is_empty());
    let kind = match words.next()? {
        "claimlint-disable-next-line" => DirectiveKind::DisableNextLine,
        "claimlint-disable" => DirectiveKind::Disable,
        "claimlint-enable" => DirectiveKind::Enable,
        _ => return None,
    };
    Some(Directive {
        kind,
        targets: words.map(str::to_string).collect(),
        reason: reason.filter(|r| !r.is_empty()),
        span,
    })
}

/// Every `<!-- … -->` comment in plain text, as (inner text, whole span).
pub fn comments(text: &str) -> Vec<(&str, Span)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find("<!--") {
        let start = from + open;
        let Some(close) = text[start + 4..].find("-->") else { break };
        let end = start + 4 + close + 3;
        found.push((&text[start + 4..end - 3], Span::new(start, end)));
        from = end;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_kind_targets_and_reason() {
        let d = parse(
            " claimlint-disable-next-line safety-guarantee, cure.root-cure -- 確認済み ",
            Span::new(0, 9),
        )
        .expect("a directive");
        assert_eq!(d.kind, DirectiveKind::DisableNextLine);
        assert_eq!(d.targets, vec!["safety-guarantee", "cure.root-cure"]);
        assert_eq!(d.reason.as_deref(), Some("確認済み"));
        let all = parse("claimlint-disable", Span::default()).expect("a directive");
        assert_eq!((all.kind, all.targets.len(), all.reason), (DirectiveKind::Disable, 0, None));
        assert_eq!(
            parse("claimlint-enable", Span::default()).map(|d| d.kind),
            Some(DirectiveKind::Enable)
        );
    }

    #[test]
    fn other_comments_are_not_directives() {
        assert_eq!(parse(" 注釈 ", Span::default()), None);
        assert_eq!(parse("claimlint-disabled", Span::default()), None);
    }

    #[test]
    fn finds_comments_in_text() {
        let text = "a<!-- x -->b<!--y-->";
        let found: Vec<&str> = comments(text).into_iter().map(|(inner, _)| inner).collect();
        assert_eq!(found, vec![" x ", "y"]);
        assert_eq!(comments("<!-- never closed"), vec![]);
    }
}
