//! Entry points for the fuzz targets in `fuzz/` and for the regression
//! tests that replay what they found (`tests/fuzz_regressions.rs`): each
//! takes arbitrary bytes and must never panic.

use std::sync::OnceLock;

use crate::emit::{self, FileReport, Report, html::HtmlOptions, human::HumanOptions};
use crate::input::Format;
use crate::lsp::documents::{Documents, Encoding, offset_at};
use crate::lsp::{diagnostics, worker};
use crate::rules::RuleSet;
use crate::rules::pattern::{NoLexicons, TokenPattern};
use crate::{ReadOptions, engine};

fn rules() -> Option<&'static RuleSet> {
    static RULES: OnceLock<Option<RuleSet>> = OnceLock::new();
    RULES.get_or_init(|| RuleSet::builtin().ok()).as_ref()
}

/// Bytes → diagnostics in every output format. The first byte picks the
/// input format and a forced encoding; the rest is the file.
pub fn pipeline(data: &[u8]) {
    let Some((&selector, bytes)) = data.split_first() else { return };
    let Some(rules) = rules() else { return };
    let format = match selector % 3 {
        0 => Format::Text,
        1 => Format::Markdown,
        _ => Format::Html,
    };
    let encoding = match (selector / 3) % 4 {
        1 => Some(encoding_rs::SHIFT_JIS),
        2 => Some(encoding_rs::EUC_JP),
        3 => Some(encoding_rs::UTF_8),
        _ => None,
    };
    let options = ReadOptions { format, encoding };
    let prefilter = selector & 0x80 == 0;
    let result = crate::read(bytes, options).map_err(|e| e.to_string()).and_then(|document| {
        crate::lint_document(document, rules, engine::Options { prefilter })
            .map_err(|e| e.to_string())
    });
    let files = [FileReport { path: "fuzz.txt".into(), result, profile: None }];
    let report = Report { files: &files, rules, baseline: None, statistics: true };
    let mut sink = Vec::new();
    let mut err = Vec::new();
    let options = HumanOptions { color: selector & 0x40 != 0, width: 40, quiet: false };
    let _ = emit::human::write(&report, options, &mut sink, &mut err);
    let _ = emit::json::write(&report, &mut sink);
    let _ = emit::short::write(&report, &mut sink, &mut err);
    let _ = emit::github::write(&report, &mut sink, &mut err);
    let _ = emit::sarif::write(&report, &mut sink, &mut err);
    let options = HtmlOptions { generated: 0, inputs: &[] };
    let _ = emit::html::write(&report, &options, &mut sink, &mut err);
}

/// Text → a rule file (compiled against the built-in lexicons, then its
/// examples run), a settings file and a token pattern.
pub fn rule_loader(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = crate::config::Config::parse(std::path::Path::new("claimlint.toml"), text);
    let Some(rules) = rules() else { return };
    let _ = TokenPattern::parse(text, rules.morphology(), &NoLexicons);
    if let Ok(set) = rules.with_rule_texts(&[("house/fuzz-rule.yaml", text)]) {
        let _ = crate::examples::check(&set.restrict(|r| r.user));
    }
}

/// An open document in the language server under arbitrary edits. The
/// first byte picks the format and the position encoding; then each edit
/// is five bytes (start line, start character, end line, end character,
/// length) and that many bytes of text (read as lossy UTF-8), a length of
/// 255 replacing the whole text with the rest. Once edited, the document
/// is linted, and every diagnostic's range must lie in the text and lead
/// back to its finding's span.
pub fn lsp_edits(data: &[u8]) {
    use lsp_types::{
        DidChangeTextDocumentParams, Position, Range, TextDocumentContentChangeEvent,
        TextDocumentItem, Uri, VersionedTextDocumentIdentifier,
    };

    let Some((&selector, mut rest)) = data.split_first() else { return };
    let Some(rules) = rules() else { return };
    let (format, language) = match selector % 3 {
        0 => (Format::Text, "plaintext"),
        1 => (Format::Markdown, "markdown"),
        _ => (Format::Html, "html"),
    };
    let encoding = match (selector / 3) % 3 {
        0 => Encoding::Utf16,
        1 => Encoding::Utf8,
        _ => Encoding::Utf32,
    };
    let Ok(uri) = "file:///fuzz/page".parse::<Uri>() else { return };
    let mut documents = Documents::default();
    documents.open(TextDocumentItem::new(uri.clone(), language.into(), 0, String::new()));
    let mut version = 0;
    while let [l0, c0, l1, c1, len, tail @ ..] = rest {
        let whole = *len == 255;
        let (text, next) =
            tail.split_at(if whole { tail.len() } else { usize::from(*len).min(tail.len()) });
        rest = next;
        let position =
            |line: &u8, character: &u8| Position::new(u32::from(*line), u32::from(*character));
        let range = (!whole).then(|| Range::new(position(l0, c0), position(l1, c1)));
        version += 1;
        let change = TextDocumentContentChangeEvent {
            range,
            range_length: None,
            text: String::from_utf8_lossy(text).into_owned(),
        };
        let params = DidChangeTextDocumentParams {
            text_document: VersionedTextDocumentIdentifier::new(uri.clone(), version),
            content_changes: vec![change],
        };
        if documents.change(params, encoding).is_err() {
            return;
        }
    }
    let Some(text) = documents.get(&uri).map(|d| d.text.clone()) else { return };
    let Ok(linted) = worker::lint_text(text.clone(), format, rules, &[]) else { return };
    let document = &linted.document;
    let findings = linted
        .diagnostics
        .iter()
        .map(|d| (diagnostics::finding(document, d, encoding), d.source_span));
    let unused = linted
        .unused_suppressions
        .iter()
        .map(|u| (diagnostics::unused(document, u, encoding), u.source_span));
    for (published, span) in findings.chain(unused) {
        let (start, end) = (published.range.start, published.range.end);
        assert!((start.line, start.character) <= (end.line, end.character), "{published:?}");
        for position in [start, end] {
            let line = position.line as usize;
            assert!(line < document.lines().line_count(), "{position:?} past the last line");
            let (from, to) = document.lines().line_span(&text, line);
            let units = encoding.len(text.get(from..to).unwrap_or(""));
            assert!(position.character as usize <= units, "{position:?} past its line");
        }
        // The range leads back to exactly the flagged text.
        let back = (offset_at(&text, start, encoding), offset_at(&text, end, encoding));
        assert_eq!(back, (span.start, span.end), "{published:?}");
    }
}
