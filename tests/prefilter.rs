//! The prefilter only saves work: on every corpus page, fixture and (when
//! present) seed page, linting with it on and off gives identical findings,
//! and on the corpus it analyses fewer sentences.

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
    ] {
        if let Ok(entries) = std::fs::read_dir(root.join(dir)) {
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
            let linted = lint_document(document, &rules, Options { prefilter }).expect("lints");
            let found: Vec<(String, usize, usize, String)> = linted
                .diagnostics
                .into_iter()
                .map(|d| (d.rule, d.start.byte, d.end.byte, d.severity.to_string()))
                .collect();
            (found, stats.tokenized)
        };
        let (on, tokenized_on) = lint(true);
        let (off, tokenized_off) = lint(false);
        assert_eq!(on, off, "{}", path.display());
        with += tokenized_on;
        without += tokenized_off;
    }
    assert!(with < without, "the prefilter analysed {with} sentences, without it {without}");
}
