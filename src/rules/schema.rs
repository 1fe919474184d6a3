//! The YAML rule format, and the only place that knows serde_yaml.
//!
//! Parsing is strict (`deny_unknown_fields`): a misspelt key is an error
//! with its line and column, never a silently ignored setting.

use serde::Deserialize;

use crate::diagnostic::{Category, Requirement, Severity};

/// Product kinds whose advertising is judged by different standards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Profile {
    /// Clinic pages (医療広告ガイドライン); the default.
    Medical,
    /// 化粧品 and 医薬部外品 (the permitted efficacy range).
    Cosmetic,
    /// 健康食品 and supplements (健康増進法, 薬機法 on medicinal claims).
    HealthFood,
}

impl Profile {
    pub const ALL: [Profile; 3] = [Profile::Medical, Profile::Cosmetic, Profile::HealthFood];

    pub fn as_str(self) -> &'static str {
        match self {
            Profile::Medical => "medical",
            Profile::Cosmetic => "cosmetic",
            Profile::HealthFood => "health-food",
        }
    }
}

/// How far a context condition looks from a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    Sentence,
    Paragraph,
    Document,
}

/// What hedged wording (〜とされています, 〜が期待できます) does to a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum HedgePolicy {
    /// Lower the severity one step (the default).
    #[default]
    Lower,
    /// Drop the finding.
    Silence,
    /// Leave the finding as it is.
    Keep,
}

/// A cue from a lexicon, looked for within a scope around a finding.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConditionSpec {
    /// A lexicon name: `disclaimer`, `citation`, ...
    pub cue: String,
    pub within: Scope,
}

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
    /// Compliant rewordings: a text (a rewording of the sentence, shown as
    /// a note), or `{ text, drop-in: true }` for wording that can replace the
    /// flagged words as they stand (offered by editors as an edit).
    #[serde(default)]
    pub suggestions: Vec<SuggestionSpec>,
    /// Profiles the rule applies to; all when absent.
    #[serde(default)]
    pub profiles: Vec<Profile>,
    /// Cues that silence a finding when in reach.
    #[serde(default)]
    pub unless: Vec<ConditionSpec>,
    /// Cues that lower a finding's severity one step when in reach.
    #[serde(default)]
    pub soften: Vec<ConditionSpec>,
    /// What hedged wording after a match does.
    #[serde(default)]
    pub hedged: HedgePolicy,
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

/// A compliant rewording. Most rewrite the whole sentence, so they are
/// notes; only one marked `drop-in` may replace the flagged words as is.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum SuggestionSpec {
    Note(String),
    Marked(MarkedSuggestion),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarkedSuggestion {
    pub text: String,
    /// Whether the text replaces the flagged words as they stand.
    #[serde(default, rename = "drop-in")]
    pub drop_in: bool,
}

impl SuggestionSpec {
    pub fn text(&self) -> &str {
        match self {
            SuggestionSpec::Note(text) => text,
            SuggestionSpec::Marked(marked) => &marked.text,
        }
    }

    pub fn is_drop_in(&self) -> bool {
        matches!(self, SuggestionSpec::Marked(MarkedSuggestion { drop_in: true, .. }))
    }
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
    /// A token pattern over morphemes (see `rules::pattern`).
    pub tokens: Option<String>,
    /// Any entry of a lexicon, by name.
    pub lexicon: Option<String>,
}

/// A shared vocabulary (`rules/lexicon/<name>.yaml`), referred to by name.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LexiconSpec {
    pub description: Option<String>,
    /// Token patterns (usable inside other patterns as `@name`).
    #[serde(default)]
    pub patterns: Vec<String>,
    /// Literal phrases on the normalised text.
    #[serde(default)]
    pub phrases: Vec<String>,
    /// Regular expressions on the normalised text.
    #[serde(default)]
    pub regex: Vec<String>,
    /// Also count footnote markers (※1, [1], 注1) that the document
    /// resolves, by a footnote or a reference list.
    #[serde(default)]
    pub footnotes: bool,
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

fn parse_error(e: serde_yaml::Error) -> ParseError {
    ParseError {
        location: e.location().map(|l| (l.line(), l.column())),
        message: strip_location(&e.to_string()),
    }
}

pub fn parse(source: &str) -> Result<RuleSpec, ParseError> {
    serde_yaml::from_str(source).map_err(parse_error)
}

pub fn parse_lexicon(source: &str) -> Result<LexiconSpec, ParseError> {
    serde_yaml::from_str(source).map_err(parse_error)
}

/// serde_yaml appends " at line L column C" to its messages; the location
/// is reported separately in compiler style.
fn strip_location(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}
