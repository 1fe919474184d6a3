//! Baselines: accept today's findings on an existing site and fail only on
//! new ones. A finding is keyed by its path, rule, flagged text and the
//! sentence around it, not by line number, so edits elsewhere in a page do
//! not turn old findings into new ones.
//!
//! ```json
//! { "version": 1,
//!   "findings": [ { "path": "pages/a.txt", "rule": "superlative.top-ranking",
//!                   "text": "最先端", "context": "最先端の治療です。" } ] }
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;

pub const VERSION: u32 = 1;

/// The identity of a finding across edits.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Key {
    pub path: String,
    pub rule: String,
    pub text: String,
    pub context: String,
}

impl Key {
    pub fn of(path: &str, diagnostic: &Diagnostic) -> Key {
        Key {
            path: path.to_string(),
            rule: diagnostic.rule.clone(),
            text: diagnostic.text.clone(),
            context: diagnostic.context.clone(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineFile {
    version: u32,
    findings: Vec<Key>,
}

/// Accepted findings, counted (the same finding may occur twice).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Baseline {
    accepted: BTreeMap<Key, usize>,
}

/// How a run compares with its baseline.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Comparison {
    /// Found now, not in the baseline: reported.
    pub new: usize,
    /// Found now and in the baseline: accepted, not reported.
    pub persisting: usize,
    /// In the baseline, no longer found.
    pub resolved: usize,
}

/// A baseline file that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaselineError(pub String);

impl fmt::Display for BaselineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BaselineError {}

impl Baseline {
    pub fn from_keys(keys: impl IntoIterator<Item = Key>) -> Baseline {
        let mut accepted = BTreeMap::new();
        for key in keys {
            *accepted.entry(key).or_insert(0) += 1;
        }
        Baseline { accepted }
    }

    pub fn load(path: &Path) -> Result<Baseline, BaselineError> {
        let label = path.display();
        let text = std::fs::read_to_string(path)
            .map_err(|e| BaselineError(format!("{label}: cannot read baseline: {e}")))?;
        let file: BaselineFile = serde_json::from_str(&text).map_err(|e| {
            BaselineError(format!("{label}:{}:{}: invalid baseline: {e}", e.line(), e.column()))
        })?;
        if file.version != VERSION {
            return Err(BaselineError(format!(
                "{label}: baseline version {} is not supported (expected {VERSION})",
                file.version
            )));
        }
        Ok(Baseline::from_keys(file.findings))
    }

    /// The baseline file's text, sorted so that it diffs well.
    pub fn to_json(&self) -> String {
        let findings: Vec<Key> = self
            .accepted
            .iter()
            .flat_map(|(key, count)| std::iter::repeat_n(key.clone(), *count))
            .collect();
        let file = BaselineFile { version: VERSION, findings };
        let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
        text.push('\n');
        text
    }

    pub fn len(&self) -> usize {
        self.accepted.values().sum()
    }

    pub fn is_empty(&self) -> bool {
        self.accepted.is_empty()
    }

    /// Splits a run's findings: for each key, whether it is new. Counts
    /// what is new, persisting and resolved.
    pub fn compare(&self, found: &[Key]) -> (Vec<bool>, Comparison) {
        let mut remaining = self.accepted.clone();
        let mut comparison = Comparison::default();
        let is_new = found
            .iter()
            .map(|key| match remaining.get_mut(key) {
                Some(count) if *count > 0 => {
                    *count -= 1;
                    comparison.persisting += 1;
                    false
                }
                _ => {
                    comparison.new += 1;
                    true
                }
            })
            .collect();
        comparison.resolved = remaining.values().sum();
        (is_new, comparison)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(rule: &str, text: &str, context: &str) -> Key {
        Key { path: "a.txt".into(), rule: rule.into(), text: text.into(), context: context.into() }
    }

    #[test]
    fn compares_by_rule_text_and_context() {
        let baseline = Baseline::from_keys([
            key("r", "最先端", "最先端の治療です。"),
            key("r", "日本一", "日本一の実績。"),
        ]);
        let now = [key("r", "最先端", "最先端の治療です。"), key("r", "No.1", "No.1の医院。")];
        let (is_new, comparison) = baseline.compare(&now);
        assert_eq!(is_new, vec![false, true]);
        assert_eq!(comparison, Comparison { new: 1, persisting: 1, resolved: 1 });
    }

    #[test]
    fn a_second_occurrence_is_new() {
        let baseline = Baseline::from_keys([key("r", "最先端", "最先端です。")]);
        let now = [key("r", "最先端", "最先端です。"), key("r", "最先端", "最先端です。")];
        assert_eq!(baseline.compare(&now).0, vec![false, true]);
    }

    #[test]
    fn round_trips_through_json() {
        let baseline = Baseline::from_keys([key("r", "a", "b"), key("r", "a", "b")]);
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("baseline.json");
        std::fs::write(&path, baseline.to_json()).expect("written");
        assert_eq!(Baseline::load(&path).expect("loads"), baseline);
        std::fs::write(&path, "{\"version\": 1, \"findings\": [}").expect("written");
        let error = Baseline::load(&path).expect_err("invalid");
        assert!(error.0.contains(":1:"), "{error}");
    }
}
