//! Output formats. Each is a sink over the same [`Report`], so formats are
//! interchangeable and none knows how linting works.

pub mod github;
pub mod html;
pub mod human;
pub mod json;
pub mod sarif;
pub mod short;
pub mod statistics;

use serde::Serialize;

use crate::Linted;
use crate::baseline::Comparison;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Profile, RuleSet};
use crate::suppress::UnusedSuppression;

/// What happened to one input.
#[derive(Debug)]
pub struct FileReport {
    /// The path as given (`<stdin>` or `--stdin-filename` for standard input).
    pub path: String,
    /// The linted document, or why the file could not be linted.
    pub result: Result<Linted, String>,
    /// The profile its settings chose (`None` when the walk could not read it).
    pub profile: Option<Profile>,
}

impl FileReport {
    pub fn diagnostics(&self) -> &[Diagnostic] {
        self.result.as_ref().map_or(&[], |linted| &linted.diagnostics)
    }

    pub fn unused_suppressions(&self) -> &[UnusedSuppression] {
        self.result.as_ref().map_or(&[], |linted| &linted.unused_suppressions)
    }
}

/// Everything an output format may show.
#[derive(Debug, Clone, Copy)]
pub struct Report<'a> {
    /// In path order.
    pub files: &'a [FileReport],
    /// The rules that ran (for SARIF's rule catalogue).
    pub rules: &'a RuleSet,
    /// How the findings compare with `--baseline`, when one was given.
    pub baseline: Option<Comparison>,
    /// Whether `--statistics` was asked for.
    pub statistics: bool,
}

/// Counts over a run: files attempted and findings per severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub files: usize,
    pub error: usize,
    pub warning: usize,
    pub info: usize,
    /// Suppression comments that silenced nothing (reported as warnings).
    pub unused_suppressions: usize,
}

impl Summary {
    pub fn of(reports: &[FileReport]) -> Summary {
        let mut summary = Summary { files: reports.len(), ..Summary::default() };
        for report in reports {
            for diagnostic in report.diagnostics() {
                match diagnostic.severity {
                    Severity::Error => summary.error += 1,
                    Severity::Warning => summary.warning += 1,
                    Severity::Info => summary.info += 1,
                }
            }
            summary.unused_suppressions += report.unused_suppressions().len();
        }
        summary
    }

    /// Findings at or above `severity`; unused suppressions are warnings.
    pub fn at_least(&self, severity: Severity) -> usize {
        match severity {
            Severity::Error => self.error,
            Severity::Warning => self.error + self.warning + self.unused_suppressions,
            Severity::Info => self.error + self.warning + self.info + self.unused_suppressions,
        }
    }
}
