//! Whatever reviewers are sent: each hostile input gets correct output or a
//! clear error naming the file, the other files are still linted, and the
//! exit status follows the contract. (CRLF/CR, BOM, tabs, emoji and
//! characters outside the BMP are covered in tests/cli.rs.)

mod common;

use std::fs;
use std::path::Path;

use common::{claimlint, json};

fn workspace(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, bytes) in files {
        fs::write(dir.path().join(name), bytes).expect("fixture written");
    }
    dir
}

const GOOD: (&str, &[u8]) = ("good.txt", "当院は最先端です。".as_bytes());

/// Lints `name` next to a good page; returns the JSON report and status.
fn lint_beside_good(dir: &Path, name: &str) -> (serde_json::Value, i32) {
    let run = claimlint(dir, &["--format", "json", name, "good.txt"]);
    let report = json(&run);
    let good: Vec<&serde_json::Value> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["path"] == "good.txt")
        .collect();
    assert_eq!(good.len(), 1, "the good file is still linted: {report}");
    (report, run.status)
}

#[test]
fn nul_bytes_in_the_middle_of_text() {
    let dir = workspace(&[("nul.txt", "前半\0後半の最先端".as_bytes()), GOOD]);
    let (report, status) = lint_beside_good(dir.path(), "nul.txt");
    assert_eq!(status, 2);
    assert_eq!(report["errors"][0]["path"], "nul.txt");
    assert_eq!(report["errors"][0]["message"], "binary file (NUL byte at byte 6), not linted");
}

#[test]
fn a_misdeclared_encoding_is_an_error_at_a_byte_or_decodes() {
    // Declared Shift_JIS, stored UTF-8: the first byte Shift_JIS rejects is named.
    let page = "<meta charset=\"shift_jis\"><p>当院は最先端です</p>".as_bytes();
    let dir = workspace(&[("page.html", page), GOOD]);
    let (report, status) = lint_beside_good(dir.path(), "page.html");
    assert_eq!(status, 2);
    let message = report["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(message.starts_with("invalid Shift_JIS at byte "), "{message}");
    // Forced EUC-JP on Shift_JIS bytes: an error naming the encoding.
    let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("当院は最先端です");
    fs::write(dir.path().join("sjis.txt"), &sjis).expect("written");
    let run = claimlint(dir.path(), &["--format", "json", "--encoding", "euc-jp", "sjis.txt"]);
    let message = json(&run)["errors"][0]["message"].as_str().unwrap_or_default().to_string();
    assert!(message.starts_with("invalid EUC-JP at byte "), "{message}");
}

#[test]
fn a_one_megabyte_line() {
    let line = format!("{}当院は日本一です。", "あ".repeat(350_000));
    assert!(line.len() > 1_000_000);
    let dir = workspace(&[("long.txt", line.as_bytes()), GOOD]);
    let (report, status) = lint_beside_good(dir.path(), "long.txt");
    assert_eq!(status, 1);
    let diagnostics = report["diagnostics"].as_array().expect("diagnostics");
    let found = diagnostics.iter().find(|d| d["path"] == "long.txt").expect("found in long.txt");
    assert_eq!(found["text"], "日本一");
    assert_eq!(found["span"]["start"]["line"], 1);
    assert_eq!(found["span"]["start"]["column"], 350_004);
    assert_eq!(found["span"]["start"]["byte"], 3 * 350_003);
}

#[test]
fn zero_width_and_combining_characters() {
    // An invisible space does not hide a claim; a combining mark composes.
    let page = "当院は最\u{200B}先端です。\nか\u{3099}んが消える治療。\n".as_bytes();
    let dir = workspace(&[("zw.txt", page), GOOD]);
    let (report, status) = lint_beside_good(dir.path(), "zw.txt");
    assert_eq!(status, 1);
    let texts: Vec<&str> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["path"] == "zw.txt")
        .filter_map(|d| d["text"].as_str())
        .collect();
    assert_eq!(texts, vec!["最\u{200B}先端", "か\u{3099}んが消える"]);
}

#[test]
fn deeply_nested_html() {
    let depth = 100_000;
    let page =
        format!("{}<p>最先端</p>{}", "<div><span>".repeat(depth), "</span></div>".repeat(depth));
    let dir = workspace(&[("deep.html", page.as_bytes()), GOOD]);
    let (report, status) = lint_beside_good(dir.path(), "deep.html");
    assert_eq!(status, 1);
    assert_eq!(report["diagnostics"][0]["text"], "最先端");
}

#[test]
fn malformed_entities_and_markup() {
    let page =
        "<p title='&bogus;>&#xFFFFFFFF; &; &amp 最先端 <b <<>> &#0;</p><!-- unclosed".as_bytes();
    let dir = workspace(&[("bad.html", page), GOOD]);
    let (report, status) = lint_beside_good(dir.path(), "bad.html");
    assert_eq!(status, 1);
    assert!(report["errors"].as_array().is_some_and(Vec::is_empty), "{report}");
}

#[cfg(unix)]
#[test]
fn an_unreadable_path_and_a_symlink_loop() {
    let dir = workspace(&[GOOD]);
    std::os::unix::fs::symlink("nowhere.txt", dir.path().join("dangling.txt")).expect("link");
    std::os::unix::fs::symlink("loop-b", dir.path().join("loop-a")).expect("link");
    std::os::unix::fs::symlink("loop-a", dir.path().join("loop-b")).expect("link");
    let run = claimlint(dir.path(), &["--format", "json", "dangling.txt", "loop-a", "good.txt"]);
    assert_eq!(run.status, 2);
    let report = json(&run);
    let errors: Vec<(String, String)> = report["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| {
            (e["path"].as_str().unwrap_or("").into(), e["message"].as_str().unwrap_or("").into())
        })
        .collect();
    assert_eq!(
        errors,
        vec![
            ("dangling.txt".to_string(), "No such file or directory".to_string()),
            ("loop-a".to_string(), "Too many levels of symbolic links".to_string()),
        ]
    );
    assert_eq!(report["diagnostics"][0]["path"], "good.txt");
    // Walking the folder does not follow the links, so it ends.
    let walked = claimlint(dir.path(), &["--format", "json", "."]);
    assert_eq!(json(&walked)["summary"]["files"], 1);
}

#[test]
fn a_directory_named_like_a_page_inside_a_walk_is_not_a_page() {
    let dir = workspace(&[GOOD]);
    fs::create_dir(dir.path().join("folder.txt")).expect("dir");
    let run = claimlint(dir.path(), &["--format", "json", "."]);
    assert_eq!(run.status, 1);
    assert_eq!(json(&run)["summary"]["files"], 1);
}
