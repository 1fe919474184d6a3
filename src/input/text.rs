//! Plain text: the whole source is prose, except suppression comments.

use super::directive;
use super::prose::{Prose, ProseBuilder};

/// Text as is; `<!-- claimlint-… -->` comments are read as directives and
/// left out of the prose (line structure is kept: line ends still end
/// sentences in plain text).
pub fn extract(source: &str) -> Prose {
    if !source.contains("<!--") {
        return Prose::same_as_source();
    }
    let mut builder = ProseBuilder::new();
    let mut from = 0;
    for (inner, span) in directive::comments(source) {
        if let Some(found) = directive::parse(inner, span) {
            builder.push_verbatim(&source[from..span.start], from);
            builder.directive(found);
            from = span.end;
        }
    }
    builder.push_verbatim(&source[from..], from);
    builder.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Span;

    #[test]
    fn directives_are_read_and_left_out() {
        let source = "<!-- claimlint-disable-next-line -- 確認済み -->\n最先端です";
        let prose = extract(source);
        assert_eq!(prose.text, "\n最先端です");
        assert_eq!(prose.directives.len(), 1);
        let at = prose.text.find("最先端").expect("kept");
        let origin = prose.map.to_origin(Span::new(at, at + 9));
        assert_eq!(&source[origin.range()], "最先端");
    }

    #[test]
    fn other_comments_stay_as_text() {
        assert_eq!(extract("a<!-- note -->b").text, "a<!-- note -->b");
    }
}
