//! Linting off the message loop: documents are linted on a thread of their
//! own after a pause in typing (the debounce), and only their latest
//! version: a version that a newer one overtook while waiting is dropped.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use crossbeam_channel::{Receiver, RecvTimeoutError, Sender};
use lsp_types::Uri;

use super::settings::{Problem, Workspace};
use crate::input::{self, Format, SourceText};
use crate::rules::RuleSet;
use crate::text::OffsetMap;
use crate::{LintError, Linted, document::Document, suppress};

/// How long typing must pause before a document is linted.
pub const DEBOUNCE: Duration = Duration::from_millis(100);

/// One version of a document to lint.
#[derive(Debug, Clone)]
pub struct Job {
    pub uri: Uri,
    pub version: i32,
    pub text: String,
    pub format: Format,
    pub path: Option<PathBuf>,
}

/// What linting a version of a document gave.
pub struct Outcome {
    pub uri: Uri,
    pub version: i32,
    pub result: Result<Findings, Problem>,
}

/// A document's findings and the rules that found them (for hover and
/// code actions).
pub struct Findings {
    pub linted: Linted,
    pub rules: RuleSet,
}

/// Lints one document's text as its settings say.
pub fn lint(job: Job, workspace: &mut Workspace) -> Outcome {
    let Job { uri, version, text, format, path } = job;
    // A buffer that is not a file takes the settings of the folder the
    // server runs in.
    let path = path.unwrap_or_else(|| PathBuf::from("untitled"));
    let result = workspace.resolve(&path).and_then(|resolved| {
        let linted = lint_text(text, format, &resolved.rules, &resolved.allow)
            .map_err(|e| Problem { path: None, location: None, message: e.to_string() })?;
        Ok(Findings { linted, rules: resolved.rules })
    });
    Outcome { uri, version, result }
}

/// Lints an editor's buffer. The text is already Unicode: it is not
/// decoded again, so offsets into "the file" are offsets into the buffer.
pub fn lint_text(
    text: String,
    format: Format,
    rules: &RuleSet,
    allow: &[(String, String)],
) -> Result<Linted, LintError> {
    let prose = input::extract(format, &text);
    let map = OffsetMap::identity(text.len());
    let source = SourceText { text, map, encoding: encoding_rs::UTF_8 };
    let document = Document::with_prose(source, prose);
    let mut linted = crate::lint_document(document, rules, Default::default())?;
    let found = std::mem::take(&mut linted.diagnostics);
    let (kept, allowed) = suppress::allow(&linted.document, found, allow);
    linted.diagnostics = kept;
    linted.suppressed.extend(allowed);
    Ok(linted)
}

/// Runs until `jobs` closes: waits for a pause of `debounce` after the
/// last job, then lints the latest version of each document, taking in
/// newer versions between documents.
pub fn run(
    jobs: Receiver<Job>,
    outcomes: Sender<Outcome>,
    mut workspace: Workspace,
    debounce: Duration,
) {
    let mut pending: BTreeMap<String, Job> = BTreeMap::new();
    let take = |pending: &mut BTreeMap<String, Job>, job: Job| {
        pending.insert(job.uri.as_str().to_string(), job);
    };
    loop {
        if pending.is_empty() {
            match jobs.recv() {
                Ok(job) => take(&mut pending, job),
                Err(_) => return,
            }
        }
        // The debounce: wait until no newer version arrives for a while.
        loop {
            match jobs.recv_timeout(debounce) {
                Ok(job) => take(&mut pending, job),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        while let Some((_, job)) = pending.pop_first() {
            if outcomes.send(lint(job, &mut workspace)).is_err() {
                return;
            }
            // Versions typed while linting replace what is still waiting;
            // they are linted after their own debounce.
            if !jobs.is_empty() {
                break;
            }
        }
    }
}
