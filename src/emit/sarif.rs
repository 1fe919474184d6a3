//! SARIF 2.1.0 for code scanning (GitHub, Azure DevOps, IDE viewers).
//!
//! One run; the rule catalogue lists every rule with its category, basis
//! and help; columns are Unicode code points (`columnKind`), and each region
//! also carries the byte offset and length into the file as stored. Files
//! that could not be read become tool execution notifications.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::{Report, statistics};
use crate::baseline::Key;
use crate::diagnostic::{Diagnostic, Severity};
use crate::suppress::UnusedSuppression;

pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Sets `key` in one of our own JSON objects.
fn set(object: &mut Value, key: &str, value: Value) {
    if let Some(map) = object.as_object_mut() {
        map.insert(key.to_string(), value);
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A path as a relative URI reference: `/` separators, other bytes that are
/// not unreserved percent-encoded (Japanese file names included).
pub fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A stable fingerprint of a finding: FNV-1a over its baseline key.
fn fingerprint(key: &Key) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in [&key.path, &key.rule, &key.text, &key.context] {
        for byte in part.bytes().chain([0]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

fn region(d: &Diagnostic) -> Value {
    json!({
        "startLine": d.start.line,
        "startColumn": d.start.column,
        "endLine": d.end.line,
        "endColumn": d.end.column,
        "byteOffset": d.start.byte,
        "byteLength": d.end.byte.saturating_sub(d.start.byte),
        "snippet": { "text": d.text },
    })
}

pub fn write(report: &Report<'_>, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<()> {
    let catalogue = report.rules.rules();
    let mut rules: Vec<Value> = catalogue
        .iter()
        .map(|rule| {
            let mut descriptor = json!({
                "id": rule.id,
                "name": rule.id,
                "shortDescription": { "text": rule.message.replace("{text}", "…") },
                "defaultConfiguration": { "level": level(rule.severity) },
                "properties": { "category": rule.category.as_str(), "tags": [rule.category.as_str()] },
            });
            if let Some(why) = &rule.why {
                set(&mut descriptor, "fullDescription", json!({ "text": why.trim() }));
            }
            if let Some(help) = &rule.help {
                set(&mut descriptor, "help", json!({ "text": &**help }));
            }
            if let (Some(basis), Some(properties)) = (&rule.basis, descriptor.get_mut("properties")) {
                set(properties, "basis", json!(&**basis));
            }
            descriptor
        })
        .collect();
    let unused_index = rules.len();
    rules.push(json!({
        "id": UnusedSuppression::RULE,
        "name": UnusedSuppression::RULE,
        "shortDescription": { "text": "A suppression comment that silences nothing" },
        "defaultConfiguration": { "level": "warning" },
    }));

    let mut results = Vec::new();
    let mut notifications = Vec::new();
    for file in report.files {
        let location = |region: Value| {
            json!([{ "physicalLocation": {
                "artifactLocation": { "uri": uri(&file.path) },
                "region": region,
            }}])
        };
        match &file.result {
            Ok(linted) => {
                for d in &linted.diagnostics {
                    let mut result = json!({
                        "ruleId": d.rule,
                        "level": level(d.severity),
                        "message": { "text": d.message },
                        "locations": location(region(d)),
                        "partialFingerprints": { "claimlint/v1": fingerprint(&Key::of(&file.path, d)) },
                        "properties": { "category": d.category.as_str() },
                    });
                    if let Some(index) = catalogue.iter().position(|r| r.id == d.rule) {
                        set(&mut result, "ruleIndex", json!(index));
                    }
                    if let (Some(requirement), Some(properties)) =
                        (d.requirement, result.get_mut("properties"))
                    {
                        set(properties, "requirement", json!(requirement.as_str()));
                    }
                    results.push(result);
                }
                for unused in &linted.unused_suppressions {
                    results.push(json!({
                        "ruleId": UnusedSuppression::RULE,
                        "ruleIndex": unused_index,
                        "level": "warning",
                        "message": { "text": unused.message() },
                        "locations": location(json!({
                            "startLine": unused.start.line,
                            "startColumn": unused.start.column,
                            "endLine": unused.end.line,
                            "endColumn": unused.end.column,
                        })),
                    }));
                }
            }
            Err(message) => notifications.push(json!({
                "level": "error",
                "message": { "text": format!("{}: {message}", file.path) },
                "locations": [{ "physicalLocation": { "artifactLocation": { "uri": uri(&file.path) } } }],
            })),
        }
    }

    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "claimlint",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://crates.io/crates/claimlint",
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
            "invocations": [{
                "executionSuccessful": notifications.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)?;
    if report.statistics {
        statistics::write_table(report.files, err)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded_relative_references() {
        assert_eq!(uri("pages/a b.txt"), "pages/a%20b.txt");
        assert_eq!(uri("ページ.md"), "%E3%83%9A%E3%83%BC%E3%82%B8.md");
        assert_eq!(uri("dir\\x.html"), "dir/x.html");
    }
}
