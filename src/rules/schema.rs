//! The YAML rule format, and the only place that knows serde_yaml.
//!
//! Parsing is strict (`deny_unknown_fields`): a misspelt key is an error
//! with its line and column, never a silently ignored setting.

use serde::Deserialize;

use crate::diagnostic::{Category, Requirement, Severity};

/// One rule file as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    /// Optional; when given it must equal the file name without `.yaml`.
    pub id: Option<String>,
    pub category: Category,
    /// The disclosure a `missing-disclosure` rule requires.
    pub requirement: Option<Requirement>,
    pub severity: Severity,
    /// Shown for each finding; `{text}` is replaced by the flagged text.
    pub message: String,
    /// The law or guideline, in words a copywriter can look up.
    pub basis: Option<String>,
    /// Why the wording is a problem (printed by `explain`).
    #[serde(alias = "description")]
    pub why: Option<String>,
    /// What to do instead.
    pub help: Option<String>,
    /// Compliant rewordings.
    #[serde(default)]
    pub suggestions: Vec<String>,
    /// What a span rule flags: any of these matchers.
    #[serde(default, rename = "match")]
    pub matchers: Vec<MatcherSpec>,
    /// Document-level rules: text that makes the page need the disclosure.
    #[serde(default)]
    pub trigger: Vec<MatcherSpec>,
    /// Document-level rules: text that gives the disclosure.
    #[serde(default)]
    pub met_by: Vec<MatcherSpec>,
    pub examples: ExamplesSpec,
}

/// One way of finding text: exactly one of the fields is given, e.g.
/// `- phrases: [...]` or `- regex: '...'`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MatcherSpec {
    /// Literal phrases, matched on the normalised (width-folded) text.
    pub phrases: Option<Vec<String>>,
    /// A regular expression over the normalised text (Rust `regex` syntax).
    pub regex: Option<String>,
}

/// Texts the rule must flag (`bad`) and must leave alone (`good`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExamplesSpec {
    #[serde(default)]
    pub bad: Vec<String>,
    #[serde(default)]
    pub good: Vec<String>,
}

/// A YAML syntax or schema error, with its 1-based location when known.
#[derive(Debug, Clone)]
pub struct ParseError {
    pub message: String,
    pub location: Option<(usize, usize)>,
}

pub fn parse(source: &str) -> Result<RuleSpec, ParseError> {
    serde_yaml::from_str(source).map_err(|e| ParseError {
        location: e.location().map(|l| (l.line(), l.column())),
        message: strip_location(&e.to_string()),
    })
}

/// serde_yaml appends " at line L column C" to its messages; the location
/// is reported separately in compiler style.
fn strip_location(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}
