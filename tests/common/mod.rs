//! Helpers shared by the CLI tests: running the binary and checking its JSON
//! against the contract independently of the code that wrote it.

#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

pub struct Run {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

fn finish(output: Output) -> Run {
    Run {
        status: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Runs claimlint in `dir` with `args`.
pub fn claimlint(dir: &Path, args: &[&str]) -> Run {
    claimlint_env(dir, args, &[])
}

/// Runs claimlint in `dir` with `args` and environment variables `env`.
pub fn claimlint_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_claimlint"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("SOURCE_DATE_EPOCH")
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .output()
        .expect("claimlint runs");
    finish(output)
}

/// Runs claimlint with `input` on standard input.
pub fn claimlint_stdin(dir: &Path, args: &[&str], input: &[u8]) -> Run {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_claimlint"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("claimlint starts");
    child.stdin.take().expect("stdin is piped").write_all(input).expect("input written");
    finish(child.wait_with_output().expect("claimlint finishes"))
}

pub fn json(run: &Run) -> Value {
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("invalid JSON ({e}):\n{}", run.stdout))
}

/// Line, character column and UTF-16 column of a byte offset of a UTF-8 file
/// (after an optional BOM), counted from scratch.
fn expected_position(bytes: &[u8], byte: usize) -> (u64, u64, u64) {
    let skip = if bytes.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
    let before = std::str::from_utf8(&bytes[skip..byte]).expect("offset on a char boundary");
    let mut line = 1;
    let mut column_chars: Vec<char> = Vec::new();
    let mut chars = before.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => {
                line += 1;
                column_chars.clear();
            }
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                line += 1;
                column_chars.clear();
            }
            _ => column_chars.push(c),
        }
    }
    let column = column_chars.len() as u64 + 1;
    let utf16 = column_chars.iter().map(|c| c.len_utf16() as u64).sum::<u64>() + 1;
    (line, column, utf16)
}

const CATEGORIES: [&str; 9] = [
    "safety-guarantee",
    "efficacy-guarantee",
    "superlative",
    "cure-claim",
    "testimonial",
    "unsupported-evidence",
    "endorsement",
    "inducement",
    "missing-disclosure",
];

/// Asserts that a JSON report follows docs/json-output.md to the letter for
/// UTF-8 files read relative to `dir`. Returns the number of diagnostics.
pub fn assert_contract(dir: &Path, report: &Value) -> usize {
    assert_eq!(report["version"], 1);
    let diagnostics = report["diagnostics"].as_array().expect("diagnostics array");
    assert!(report["errors"].is_array());
    let summary = &report["summary"];
    let count =
        |severity: &str| diagnostics.iter().filter(|d| d["severity"] == severity).count() as u64;
    for severity in ["error", "warning", "info"] {
        assert_eq!(summary[severity].as_u64(), Some(count(severity)), "summary {severity}");
    }
    let mut previous: Option<(String, u64)> = None;
    for d in diagnostics {
        let path = d["path"].as_str().expect("path");
        let category = d["category"].as_str().expect("category");
        assert!(CATEGORIES.contains(&category), "unknown category {category}");
        assert_eq!(
            d.get("requirement").is_some(),
            category == "missing-disclosure",
            "requirement present exactly for missing-disclosure: {d}"
        );
        assert!(["error", "warning", "info"].contains(&d["severity"].as_str().expect("severity")));
        assert!(d["rule"].as_str().is_some_and(|r| !r.is_empty()));
        assert!(d["message"].as_str().is_some_and(|m| !m.is_empty()));
        let bytes = std::fs::read(dir.join(path)).expect("file readable");
        let start = d["span"]["start"]["byte"].as_u64().expect("start byte") as usize;
        let end = d["span"]["end"]["byte"].as_u64().expect("end byte") as usize;
        assert!(start < end && end <= bytes.len(), "span {start}..{end} in {path}");
        assert_eq!(
            std::str::from_utf8(&bytes[start..end]).expect("span on char boundaries"),
            d["text"].as_str().expect("text"),
            "text equals the file's bytes at byte: {d}"
        );
        for (edge, byte) in [("start", start), ("end", end)] {
            let (line, column, utf16) = expected_position(&bytes, byte);
            let position = &d["span"][edge];
            assert_eq!(position["line"].as_u64(), Some(line), "{edge} line: {d}");
            assert_eq!(position["column"].as_u64(), Some(column), "{edge} column: {d}");
            assert_eq!(position["utf16_column"].as_u64(), Some(utf16), "{edge} utf16: {d}");
        }
        let key = (path.to_string(), start as u64);
        if let Some(previous) = &previous {
            assert!(previous <= &key, "diagnostics sorted by path then position");
        }
        previous = Some(key);
    }
    diagnostics.len()
}
