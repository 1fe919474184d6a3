//! Diagnostics and the fixed vocabularies of the output contract:
//! categories, document-level requirements and severities
//! (see docs/claim-categories.md and docs/json-output.md).

use std::fmt;

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::text::Span;

/// The claim categories every diagnostic carries. The set is a contract
/// with editors, CI dashboards and evaluations: change it only deliberately.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    SafetyGuarantee,
    EfficacyGuarantee,
    Superlative,
    CureClaim,
    Testimonial,
    UnsupportedEvidence,
    Endorsement,
    Inducement,
    MissingDisclosure,
}

impl Category {
    pub const ALL: [Category; 9] = [
        Category::SafetyGuarantee,
        Category::EfficacyGuarantee,
        Category::Superlative,
        Category::CureClaim,
        Category::Testimonial,
        Category::UnsupportedEvidence,
        Category::Endorsement,
        Category::Inducement,
        Category::MissingDisclosure,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::SafetyGuarantee => "safety-guarantee",
            Category::EfficacyGuarantee => "efficacy-guarantee",
            Category::Superlative => "superlative",
            Category::CureClaim => "cure-claim",
            Category::Testimonial => "testimonial",
            Category::UnsupportedEvidence => "unsupported-evidence",
            Category::Endorsement => "endorsement",
            Category::Inducement => "inducement",
            Category::MissingDisclosure => "missing-disclosure",
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Document-level disclosure requirements (`missing-disclosure`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Requirement {
    FreeCareCost,
    FreeCareRisk,
    Contact,
    UnapprovedStatus,
    AcquisitionRoute,
    DomesticApproval,
    ForeignSafety,
    ReliefSystem,
}

impl Requirement {
    pub fn as_str(self) -> &'static str {
        match self {
            Requirement::FreeCareCost => "free-care-cost",
            Requirement::FreeCareRisk => "free-care-risk",
            Requirement::Contact => "contact",
            Requirement::UnapprovedStatus => "unapproved-status",
            Requirement::AcquisitionRoute => "acquisition-route",
            Requirement::DomesticApproval => "domestic-approval",
            Requirement::ForeignSafety => "foreign-safety",
            Requirement::ReliefSystem => "relief-system",
        }
    }
}

impl fmt::Display for Requirement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How serious a finding is; ordered so that `Error` is the greatest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// One step less severe (hedged wording); `Info` stays `Info`.
    pub fn lowered(self) -> Severity {
        match self {
            Severity::Error => Severity::Warning,
            Severity::Warning | Severity::Info => Severity::Info,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A position in the file, in every unit a consumer may need.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column in characters.
    pub column: usize,
    /// 1-based column in UTF-16 code units.
    pub utf16_column: usize,
    /// 0-based byte offset into the file as stored.
    pub byte: usize,
}

/// One finding, located in its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: String,
    pub category: Category,
    /// Present exactly when `category` is `MissingDisclosure`.
    pub requirement: Option<Requirement>,
    pub severity: Severity,
    pub message: String,
    /// The flagged text, exactly as in the (decoded) file.
    pub text: String,
    pub start: Position,
    /// Exclusive.
    pub end: Position,
    /// The flagged span in the decoded source text (for rendering snippets).
    pub source_span: Span,
    /// The flagged span in the prose before normalisation (for the HTML
    /// report, which shows a page as its reader sees it).
    pub prose_span: Span,
    /// The sentence the finding is in, as in the source (baseline key).
    pub context: String,
    /// Shared with the rule (not copied for every finding).
    pub basis: Option<Arc<str>>,
    pub help: Option<Arc<str>>,
    pub suggestions: Arc<[String]>,
}
