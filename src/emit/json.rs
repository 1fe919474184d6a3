//! The JSON wire format (`--format json`), read by editors, CI dashboards
//! and evaluation scripts. Keep it stable: add fields freely; rename or
//! remove one only with a bump of `version`.
//!
//! One object on standard output:
//!
//! ```json
//! {
//!   "version": 1,
//!   "diagnostics": [
//!     {
//!       "path": "pages/exosome.txt",
//!       "rule": "safety.side-effects-denied",
//!       "category": "safety-guarantee",
//!       "severity": "error",
//!       "message": "安全性を保証する表現: 「副作用が極めて少ない」",
//!       "text": "副作用が極めて少ない",
//!       "span": {
//!         "start": { "line": 12, "column": 9, "utf16_column": 9, "byte": 431 },
//!         "end":   { "line": 12, "column": 19, "utf16_column": 19, "byte": 461 }
//!       },
//!       "basis": "...", "help": "...", "suggestions": ["..."]
//!     }
//!   ],
//!   "errors": [ { "path": "missing.txt", "message": "No such file or directory" } ],
//!   "summary": { "files": 2, "error": 2, "warning": 0, "info": 0 }
//! }
//! ```
//!
//! - `line`, `column` are 1-based; `column` counts characters, `utf16_column`
//!   UTF-16 code units; `end` is exclusive.
//! - `byte` is the 0-based offset into the file's bytes as stored.
//! - `requirement` is present exactly when `category` is `missing-disclosure`.
//! - `text` is the flagged text exactly as in the file.
//! - `basis`, `help` and `suggestions` are absent when the rule has none.
//! - Diagnostics are sorted by path, then position.
//! - Files that could not be read or decoded are listed in `errors`.
//! - Added in version 1, without breaking it: `unused_suppressions` (each
//!   `{path, text, span}`), `summary.unused_suppressions`, `baseline`
//!   (`{new, persisting, resolved}`, with `--baseline`) and `statistics`
//!   (`{rules, categories}`, with `--statistics`).

use std::io::{self, Write};

use serde::Serialize;

use super::statistics::Statistics;
use super::{FileReport, Report, Summary};
use crate::baseline::Comparison;
use crate::diagnostic::{Category, Diagnostic, Position, Requirement, Severity};

/// The format version; bump on any incompatible change.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    errors: Vec<JsonError<'a>>,
    unused_suppressions: Vec<JsonUnused<'a>>,
    summary: Summary,
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline: Option<Comparison>,
    #[serde(skip_serializing_if = "Option::is_none")]
    statistics: Option<Statistics>,
}

#[derive(Serialize)]
struct JsonUnused<'a> {
    path: &'a str,
    text: &'a str,
    span: JsonSpan,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    path: &'a str,
    rule: &'a str,
    category: Category,
    #[serde(skip_serializing_if = "Option::is_none")]
    requirement: Option<Requirement>,
    severity: Severity,
    message: &'a str,
    text: &'a str,
    span: JsonSpan,
    #[serde(skip_serializing_if = "Option::is_none")]
    basis: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    suggestions: &'a [String],
}

#[derive(Serialize)]
struct JsonSpan {
    start: JsonPosition,
    end: JsonPosition,
}

#[derive(Serialize)]
struct JsonPosition {
    line: usize,
    column: usize,
    utf16_column: usize,
    byte: usize,
}

impl From<Position> for JsonPosition {
    fn from(p: Position) -> Self {
        JsonPosition { line: p.line, column: p.column, utf16_column: p.utf16_column, byte: p.byte }
    }
}

#[derive(Serialize)]
struct JsonError<'a> {
    path: &'a str,
    message: &'a str,
}

fn diagnostic<'a>(path: &'a str, d: &'a Diagnostic) -> JsonDiagnostic<'a> {
    JsonDiagnostic {
        path,
        rule: &d.rule,
        category: d.category,
        requirement: d.requirement,
        severity: d.severity,
        message: &d.message,
        text: &d.text,
        span: JsonSpan { start: d.start.into(), end: d.end.into() },
        basis: d.basis.as_deref(),
        help: d.help.as_deref(),
        suggestions: &d.suggestions,
    }
}

/// Writes the report (files already in path order) as one JSON object.
pub fn write(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    let reports: &[FileReport] = report.files;
    let output = Output {
        version: VERSION,
        diagnostics: reports
            .iter()
            .flat_map(|r| r.diagnostics().iter().map(|d| diagnostic(&r.path, d)))
            .collect(),
        errors: reports
            .iter()
            .filter_map(|r| {
                r.result.as_ref().err().map(|message| JsonError { path: &r.path, message })
            })
            .collect(),
        unused_suppressions: reports
            .iter()
            .flat_map(|r| {
                r.unused_suppressions().iter().map(|u| JsonUnused {
                    path: &r.path,
                    text: &u.text,
                    span: JsonSpan { start: u.start.into(), end: u.end.into() },
                })
            })
            .collect(),
        summary: Summary::of(reports),
        baseline: report.baseline,
        statistics: report.statistics.then(|| Statistics::of(reports)),
    };
    serde_json::to_writer_pretty(&mut *out, &output)?;
    writeln!(out)
}
