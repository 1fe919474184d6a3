//! The prefilter only saves work: on every corpus page, fixture, rule
//! example and (when present) seed page, linting with it on and off gives
//! identical findings, and on the corpus it analyses fewer sentences.
//!
//! More folders of pages can be checked the same way by naming them in
//! `CLAIMLINT_PREFILTER_PAGES` (separated by `:`), e.g. a batch of real
//! pages kept outside the repository.

use std::path::PathBuf;

use claimlint::engine::{self, Options};
use claimlint::input::Format;
use claimlint::rules::RuleSet;
use claimlint::{ReadOptions, lint_document};

fn pages() -> Vec<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    for dir in [
        "corpus/medical",
        "corpus/cosmetic",
        "corpus/health-food",
        "tests/fixtures",
        "../shared/seeds",
    ]
    .into_iter()
    .map(|dir| root.join(dir))
    .chain(
        std::env::var("CLAIMLINT_PREFILTER_PAGES")
            .unwrap_or_default()
            .split(':')
            .filter(|d| !d.is_empty())
            .map(PathBuf::from),
    ) {
        if let Ok(entries) = std::fs::read_dir(&dir) {
            paths.extend(
                entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| {
                    p.extension().is_some_and(|e| e == "txt" || e == "md" || e == "html")
                }),
            );
        }
    }
    paths.sort();
    paths
}

/// Findings as (rule, start, end, severity) with the prefilter on or off.
fn findings(
    rules: &RuleSet,
    bytes: &[u8],
    options: ReadOptions,
    prefilter: bool,
) -> Vec<(String, usize, usize, String)> {
    let document = claimlint::read(bytes, options).expect("decodes");
    let linted = lint_document(document, rules, Options { prefilter }).expect("lints");
    linted
        .diagnostics
        .into_iter()
        .map(|d| (d.rule, d.start.byte, d.end.byte, d.severity.to_string()))
        .collect()
}

#[test]
fn the_prefilter_never_changes_the_findings_on_rule_examples() {
    let rules = RuleSet::builtin().expect("built-in rules load");
    let mut examples = Vec::new();
    for rule in rules.rules() {
        examples.extend(rule.examples.bad.iter().chain(&rule.examples.good).cloned());
    }
    assert!(examples.len() > 300, "found {} examples", examples.len());
    for example in examples {
        let on = findings(&rules, example.as_bytes(), ReadOptions::default(), true);
        let off = findings(&rules, example.as_bytes(), ReadOptions::default(), false);
        assert_eq!(on, off, "{example}");
    }
}

#[test]
fn the_prefilter_never_changes_the_findings() {
    // Every rule of every profile, so each rule meets every page.
    let rules = RuleSet::builtin().expect("built-in rules load");
    let paths = pages();
    assert!(paths.len() >= 50, "found {} pages", paths.len());
    let (mut with, mut without) = (0, 0);
    for path in paths {
        let bytes = std::fs::read(&path).expect("readable");
        let options = ReadOptions { format: Format::from_path(&path), encoding: None };
        let lint = |prefilter: bool| {
            let document = claimlint::read(&bytes, options).expect("decodes");
            let (_, stats) =
                engine::run_with_stats(&rules, &document, Options { prefilter }).expect("runs");
            (findings(&rules, &bytes, options, prefilter), stats.tokenized)
        };
        let (on, tokenized_on) = lint(true);
        let (off, tokenized_off) = lint(false);
        assert_eq!(on, off, "{}", path.display());
        with += tokenized_on;
        without += tokenized_off;
    }
    assert!(with < without, "the prefilter analysed {with} sentences, without it {without}");
}
