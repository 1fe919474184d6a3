//! HTML through html5gum, a WHATWG HTML5 tokenizer: prose from text, `title`
//! and `alt` attributes and the meta description; not `<script>`, `<style>`,
//! `<code>`, `<pre>`, `<template>`, `<svg>`, comments or URLs. Entities are
//! decoded for matching and mapped back to their source. Comments carry
//! directives.

use std::sync::LazyLock;

use html5gum::emitters::default::{DefaultEmitter, StartTag, Token};
use html5gum::{State, Tokenizer};
use regex::Regex;

use super::directive;
use super::prose::{Prose, ProseBuilder};
use crate::text::Span;

/// Elements whose content is not prose.
const SKIPPED: [&str; 9] =
    ["script", "style", "code", "pre", "template", "svg", "math", "noscript", "textarea"];

/// Elements that start and end a block of prose.
const BLOCKS: [&str; 38] = [
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "option",
    "p",
    "section",
    "summary",
    "table",
    "td",
    "th",
    "title",
];

/// Block elements beyond `BLOCKS` that end a line of a table or list.
const ROW_BREAKS: [&str; 3] = ["tr", "ul", "html"];

/// An entity reference in the source: named, decimal or hexadecimal.
static ENTITY: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"&(#[0-9]{1,8};?|#[xX][0-9a-fA-F]{1,8};?|[A-Za-z][A-Za-z0-9]{1,31};?)").ok()
});

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The decoded value of one entity, by the tokenizer itself.
fn decode_entity(entity: &str) -> String {
    Tokenizer::new(entity)
        .filter_map(Result::ok)
        .filter_map(|token| match token {
            Token::String(s) => Some(text(&s.value)),
            _ => None,
        })
        .collect()
}

/// Pushes a source run whose decoded text is `decoded`: entities and line
/// endings become replaced segments, the rest is copied. If the pieces do
/// not add up to the tokenizer's decoding, the run is one replaced segment.
fn push_decoded(builder: &mut ProseBuilder, source: &str, start: usize, decoded: &str) {
    if source == decoded {
        builder.push_run(source, start);
        return;
    }
    let mut pieces: Vec<(usize, usize, Option<String>)> = Vec::new();
    let mut rebuilt = String::new();
    let mut last = 0;
    for found in ENTITY.iter().flat_map(|r| r.find_iter(source)) {
        let value = decode_entity(found.as_str());
        if value == found.as_str() {
            continue;
        }
        pieces.push((last, found.start(), None));
        rebuilt.push_str(&source[last..found.start()].replace("\r\n", "\n").replace('\r', "\n"));
        pieces.push((found.start(), found.end(), Some(value.clone())));
        rebuilt.push_str(&value);
        last = found.end();
    }
    pieces.push((last, source.len(), None));
    rebuilt.push_str(&source[last..].replace("\r\n", "\n").replace('\r', "\n"));
    if rebuilt != decoded {
        builder.push_replaced(start..start + source.len(), decoded);
        return;
    }
    for (from, to, value) in pieces {
        match value {
            Some(value) => builder.push_replaced(start + from..start + to, &value),
            None => builder.push_run(&source[from..to], start + from),
        }
    }
}

/// The source span of an attribute's value inside the attribute's span.
fn value_span(source: &str, attribute: Span) -> Option<Span> {
    let raw = source.get(attribute.range())?;
    let equals = raw.find('=')?;
    let after = &raw[equals + 1..];
    let trimmed = after.trim_start();
    let mut start = attribute.start + equals + 1 + (after.len() - trimmed.len());
    let mut end = attribute.end;
    if let Some(quote) = trimmed.chars().next().filter(|c| *c == '"' || *c == '\'') {
        start += 1;
        let inner = &source[start..attribute.end];
        end = start + inner.find(quote).unwrap_or(inner.len());
    }
    Some(Span::new(start, end.max(start)))
}

/// Lints the prose attributes of a start tag, each as its own block.
fn push_attributes(builder: &mut ProseBuilder, source: &str, tag: &StartTag<usize>) {
    let name = text(&tag.name);
    let attribute = |key: &str| tag.attributes.get(key.as_bytes());
    let is_description = name == "meta"
        && attribute("name").is_some_and(|n| text(&n.value).eq_ignore_ascii_case("description"));
    let keys: &[&str] = if is_description { &["content"] } else { &["title", "alt"] };
    for key in keys {
        let Some(value) = attribute(key) else { continue };
        let decoded = text(&value.value);
        let Some(span) = value_span(source, Span::new(value.span.start, value.span.end)) else {
            continue;
        };
        builder.block_break(span.start);
        push_decoded(builder, &source[span.range()], span.start, &decoded);
        builder.block_break(span.end);
    }
}

pub fn extract(source: &str) -> Prose {
    let mut builder = ProseBuilder::new();
    let mut tokenizer =
        Tokenizer::new_with_emitter(source, DefaultEmitter::<usize>::new_with_span());
    // Open skipped elements; prose is read only when none is open.
    let mut skipped: Vec<String> = Vec::new();
    while let Some(Ok(token)) = tokenizer.next() {
        match token {
            Token::StartTag(tag) => {
                let name = text(&tag.name);
                if skipped.is_empty() {
                    push_attributes(&mut builder, source, &tag);
                }
                if BLOCKS.contains(&name.as_str()) || ROW_BREAKS.contains(&name.as_str()) {
                    builder.block_break(tag.span.start);
                } else if name == "br" {
                    builder.line_break(tag.span.start);
                }
                // The tokenizer needs the tree builder's state switches (the
                // emitter already knows the last start tag, for the end tag).
                match name.as_str() {
                    "script" => tokenizer.set_state(State::ScriptData),
                    "style" | "noscript" | "xmp" | "iframe" | "noembed" | "noframes" => {
                        tokenizer.set_state(State::RawText)
                    }
                    "textarea" | "title" => tokenizer.set_state(State::RcData),
                    _ => {}
                }
                if SKIPPED.contains(&name.as_str()) && !tag.self_closing {
                    skipped.push(name);
                }
            }
            Token::EndTag(tag) => {
                let name = text(&tag.name);
                if let Some(open) = skipped.iter().rposition(|s| *s == name) {
                    skipped.truncate(open);
                }
                if BLOCKS.contains(&name.as_str()) || ROW_BREAKS.contains(&name.as_str()) {
                    builder.block_break(tag.span.end);
                }
            }
            Token::String(run) if skipped.is_empty() => {
                if let Some(raw) = source.get(run.span.start..run.span.end) {
                    push_decoded(&mut builder, raw, run.span.start, &text(&run.value));
                }
            }
            Token::Comment(comment) => {
                let inner = text(&comment.value);
                if let Some(found) =
                    directive::parse(&inner, Span::new(comment.span.start, comment.span.end))
                {
                    builder.directive(found);
                }
            }
            _ => {}
        }
    }
    builder.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin<'a>(source: &'a str, prose: &Prose, needle: &str) -> &'a str {
        let at = prose.text.find(needle).unwrap_or_else(|| panic!("{needle} in {:?}", prose.text));
        &source[prose.map.to_origin(Span::new(at, at + needle.len())).range()]
    }

    #[test]
    fn a_claim_split_by_inline_markup_is_one_sentence() {
        let source = "<p><span>副作用は</span>ほとんど<b>ありません</b>。</p>";
        let prose = extract(source);
        assert_eq!(prose.text.trim(), "副作用はほとんどありません。");
        assert_eq!(origin(source, &prose, "副作用はほとんど"), "副作用は</span>ほとんど");
    }

    #[test]
    fn scripts_styles_code_and_comments_are_not_prose() {
        let source = "<p>本文</p><script>var s = '<b>最先端</b>';</script><style>.x{}</style>\
                      <pre>副作用がない</pre><p><code>No.1</code></p><!-- 日本一 -->";
        let prose = extract(source);
        assert_eq!(prose.text.trim(), "本文");
    }

    #[test]
    fn entities_are_decoded_and_mapped_back() {
        let source = "<p>安全&amp;安心&#x3042;</p>";
        let prose = extract(source);
        assert!(prose.text.contains("安全&安心あ"), "{:?}", prose.text);
        assert_eq!(origin(source, &prose, "&"), "&amp;");
        assert_eq!(origin(source, &prose, "あ"), "&#x3042;");
        assert_eq!(origin(source, &prose, "安心"), "安心");
    }

    #[test]
    fn title_alt_and_meta_description_are_prose() {
        let source = "<head><meta name=\"description\" content=\"最先端の治療\"></head>\
                      <img alt='日本一の実績' src=a.png><a title=\"No.1の医院\" href=\"/\">リンク</a>";
        let prose = extract(source);
        for needle in ["最先端の治療", "日本一の実績", "No.1の医院", "リンク"] {
            assert_eq!(origin(source, &prose, needle), needle);
        }
    }

    #[test]
    fn blocks_are_paragraphs_and_wrapped_lines_join() {
        let source = "<div>一つ目の\n    段落</div><ul><li>項目</li></ul>";
        let prose = extract(source);
        assert_eq!(prose.text.trim(), "一つ目の段落\n\n項目");
    }

    #[test]
    fn comments_carry_directives() {
        let source =
            "<!-- claimlint-disable cure-claim -- 引用 --><p>完治</p><!-- claimlint-enable -->";
        let prose = extract(source);
        assert_eq!(prose.directives.len(), 2);
        assert_eq!(prose.directives[0].targets, vec!["cure-claim"]);
        assert_eq!(
            &source[prose.directives[0].span.range()],
            "<!-- claimlint-disable cure-claim -- 引用 -->"
        );
    }

    #[test]
    fn malformed_markup_and_entities_do_not_panic() {
        for source in ["<p>&bogus; &#xZZ; &; <", "<<<>>>", "<p title='", "&#99999999;", "<script>"]
        {
            let _ = extract(source);
        }
    }
}
