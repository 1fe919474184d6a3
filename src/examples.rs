//! Runs each rule's own examples: every `bad` example must make the rule
//! fire, every `good` example must leave it silent. Used by `cargo test` for
//! the built-in rules and by users checking rules they write.

use std::fmt;

use crate::document::Document;
use crate::input::SourceText;
use crate::rules::RuleSet;
use crate::text::OffsetMap;

/// Which list an example came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExampleKind {
    Bad,
    Good,
}

/// An example that did not behave as its list says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    pub rule: String,
    pub origin: String,
    pub kind: ExampleKind,
    pub example: String,
    /// What the rule flagged in a `good` example.
    pub flagged: Vec<String>,
}

impl fmt::Display for ExampleFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            ExampleKind::Bad => write!(
                f,
                "{} ({}): bad example does not fire: {:?}",
                self.rule, self.origin, self.example
            ),
            ExampleKind::Good => write!(
                f,
                "{} ({}): good example fires on {}: {:?}",
                self.rule,
                self.origin,
                self.flagged.iter().map(|t| format!("「{t}」")).collect::<Vec<_>>().join(", "),
                self.example
            ),
        }
    }
}

/// What `rule` flags in `text`, linted as a document of its own.
fn flagged(rules: &RuleSet, rule: &str, text: &str) -> Vec<String> {
    let only = rules.only(rule);
    let source = SourceText {
        text: text.to_string(),
        map: OffsetMap::identity(text.len()),
        encoding: encoding_rs::UTF_8,
    };
    match crate::lint_document(Document::new(source), &only, crate::engine::Options::default()) {
        Ok(linted) => linted.diagnostics.into_iter().map(|d| d.text).collect(),
        Err(error) => vec![format!("<{error}>")],
    }
}

/// Checks the examples of every rule in `rules`; empty when all pass.
pub fn check(rules: &RuleSet) -> Vec<ExampleFailure> {
    let mut failures = Vec::new();
    for rule in rules.rules() {
        let failure = |kind, example: &String, flagged| ExampleFailure {
            rule: rule.id.clone(),
            origin: rule.origin.clone(),
            kind,
            example: example.clone(),
            flagged,
        };
        for example in &rule.examples.bad {
            if flagged(rules, &rule.id, example).is_empty() {
                failures.push(failure(ExampleKind::Bad, example, Vec::new()));
            }
        }
        for example in &rule.examples.good {
            let found = flagged(rules, &rule.id, example);
            if !found.is_empty() {
                failures.push(failure(ExampleKind::Good, example, found));
            }
        }
    }
    failures
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::LoadOptions;

    #[test]
    fn builtin_rule_examples_pass() {
        let rules = RuleSet::builtin().expect("built-in rules are valid");
        let failures = check(&rules);
        let report: Vec<String> = failures.iter().map(ToString::to_string).collect();
        assert!(failures.is_empty(), "failing examples:\n{}", report.join("\n"));
    }

    #[test]
    fn a_bad_example_that_does_not_fire_is_reported() {
        let source = "category: superlative\nseverity: warning\nmessage: m\nmatch:\n  - phrases: [最先端]\nexamples:\n  bad: [最高の治療]\n  good: [最先端の設備]\n";
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("x").join("y.yaml");
        std::fs::create_dir_all(dir.path().join("x")).expect("dir");
        std::fs::write(&path, source).expect("written");
        let all =
            RuleSet::load(&LoadOptions { rule_paths: vec![path.clone()], ..Default::default() })
                .expect("loads");
        let rules = all.only("x.y");
        let failures = check(&rules);
        let origin = path.display().to_string();
        assert_eq!(failures.len(), 2);
        assert_eq!(
            failures[0].to_string(),
            format!("x.y ({origin}): bad example does not fire: \"最高の治療\"")
        );
        assert_eq!(
            failures[1].to_string(),
            format!("x.y ({origin}): good example fires on 「最先端」: \"最先端の設備\"")
        );
    }
}
