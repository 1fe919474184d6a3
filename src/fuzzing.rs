//! Entry points for the fuzz targets in `fuzz/` and for the regression
//! tests that replay what they found (`tests/fuzz_regressions.rs`): each
//! takes arbitrary bytes and must never panic.

use std::sync::OnceLock;

use crate::emit::{self, FileReport, Report, html::HtmlOptions, human::HumanOptions};
use crate::input::Format;
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
