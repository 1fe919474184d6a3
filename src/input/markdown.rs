//! Markdown through pulldown-cmark: prose from paragraphs, headings, list
//! items, table cells, link text and image alt text; not code (blocks or
//! inline), raw HTML or URLs. HTML comments carry directives.

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use super::directive;
use super::prose::{Prose, ProseBuilder};
use crate::text::Span;

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
}

/// Tags whose start and end separate blocks of prose.
fn is_block(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::Item
            | Tag::TableCell
            | Tag::BlockQuote(_)
            | Tag::FootnoteDefinition(_)
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
    )
}

fn ends_block(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::Item
            | TagEnd::TableCell
            | TagEnd::TableRow
            | TagEnd::TableHead
            | TagEnd::BlockQuote(_)
            | TagEnd::FootnoteDefinition
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
    )
}

pub fn extract(source: &str) -> Prose {
    let mut builder = ProseBuilder::new();
    // Inside code blocks, metadata or autolinks nothing is prose.
    let mut skipping = 0usize;
    for (event, range) in Parser::new_ext(source, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_) | Tag::MetadataBlock(_)) => skipping += 1,
            Event::End(TagEnd::CodeBlock | TagEnd::MetadataBlock(_)) => {
                skipping = skipping.saturating_sub(1);
                builder.block_break(range.end);
            }
            Event::Start(Tag::Link { link_type: LinkType::Autolink | LinkType::Email, .. }) => {
                skipping += 1;
            }
            Event::End(TagEnd::Link) if skipping > 0 => skipping -= 1,
            Event::Start(tag) if is_block(&tag) => builder.block_break(range.start),
            Event::End(tag) if ends_block(&tag) => builder.block_break(range.end),
            Event::Text(text) if skipping == 0 => {
                match source.get(range.clone()) {
                    Some(raw) if raw == text.as_ref() => builder.push_run(raw, range.start),
                    // Entities and escapes: the text stands for its source.
                    _ => builder.push_replaced(range, &text),
                }
            }
            Event::SoftBreak if skipping == 0 => {
                // A wrapped line: joined like any line break in markup.
                if let Some(raw) = source.get(range.clone()) {
                    builder.push_run(raw, range.start);
                }
            }
            Event::HardBreak if skipping == 0 => builder.line_break(range.start),
            Event::Html(html) | Event::InlineHtml(html) => {
                for (inner, span) in directive::comments(&html) {
                    let span = Span::new(range.start + span.start, range.start + span.end);
                    if let Some(found) = directive::parse(inner, span) {
                        builder.directive(found);
                    }
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
        let at = prose.text.find(needle).expect("in prose");
        &source[prose.map.to_origin(Span::new(at, at + needle.len())).range()]
    }

    #[test]
    fn emphasis_does_not_split_a_sentence() {
        let source = "# 見出し\n\n当院の治療は副作用が**ない**のが特長です。\n";
        let prose = extract(source);
        assert_eq!(prose.text, "見出し\n\n当院の治療は副作用がないのが特長です。\n\n");
        assert_eq!(origin(source, &prose, "副作用がない"), "副作用が**ない");
    }

    #[test]
    fn code_and_urls_are_not_prose() {
        let source = "本文。\n\n```\n副作用がない\n```\n\n`最先端` と <https://example.jp> と [リンク](https://x.jp)\n";
        let prose = extract(source);
        assert!(!prose.text.contains("副作用"), "{}", prose.text);
        assert!(!prose.text.contains("最先端"), "{}", prose.text);
        assert!(!prose.text.contains("example"), "{}", prose.text);
        assert!(prose.text.contains("リンク"), "{}", prose.text);
    }

    #[test]
    fn lists_tables_and_alt_text_are_prose() {
        let source = "- 一つ目\n- 二つ目\n\n| a | b |\n|---|---|\n| 最先端 | 安全 |\n\n![最高の設備](x.png)\n";
        let prose = extract(source);
        for word in ["一つ目", "二つ目", "最先端", "安全", "最高の設備"] {
            assert_eq!(origin(source, &prose, word), word);
        }
        assert!(prose.text.contains("最先端\n\n安全"), "{:?}", prose.text);
    }

    #[test]
    fn entities_map_to_their_source() {
        let source = "安全&amp;安心\n";
        let prose = extract(source);
        assert!(prose.text.starts_with("安全&安心"), "{:?}", prose.text);
        assert_eq!(origin(source, &prose, "&"), "&amp;");
    }

    #[test]
    fn comments_carry_directives() {
        let source = "<!-- claimlint-disable-next-line superlative -- 調査引用 -->\n最先端です。\n";
        let prose = extract(source);
        assert_eq!(prose.directives.len(), 1);
        assert_eq!(prose.directives[0].targets, vec!["superlative"]);
        assert!(!prose.text.contains("claimlint"));
    }
}
