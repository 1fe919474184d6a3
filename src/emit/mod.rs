//! Output formats. Each is a sink over the same [`FileReport`]s, so formats
//! are interchangeable and none knows how linting works.

pub mod human;
pub mod json;

use serde::Serialize;

use crate::Linted;
use crate::diagnostic::{Diagnostic, Severity};

/// What happened to one input.
#[derive(Debug)]
pub struct FileReport {
    /// The path as given (`<stdin>` for standard input).
    pub path: String,
    /// The linted document, or why the file could not be linted.
    pub result: Result<Linted, String>,
}

impl FileReport {
    pub fn diagnostics(&self) -> &[Diagnostic] {
        self.result.as_ref().map_or(&[], |linted| &linted.diagnostics)
    }
}

/// Counts over a run: files attempted and findings per severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub files: usize,
    pub error: usize,
    pub warning: usize,
    pub info: usize,
}

impl Summary {
    pub fn of(reports: &[FileReport]) -> Summary {
        let mut summary = Summary { files: reports.len(), ..Summary::default() };
        for diagnostic in reports.iter().flat_map(FileReport::diagnostics) {
            match diagnostic.severity {
                Severity::Error => summary.error += 1,
                Severity::Warning => summary.warning += 1,
                Severity::Info => summary.info += 1,
            }
        }
        summary
    }

    /// Findings at or above `severity`.
    pub fn at_least(&self, severity: Severity) -> usize {
        match severity {
            Severity::Error => self.error,
            Severity::Warning => self.error + self.warning,
            Severity::Info => self.error + self.warning + self.info,
        }
    }
}
