//! A real client: headless Neovim (Debian's `neovim`, 0.7 or later) runs
//! `tests/fixtures/lsp/nvim.lua` against `claimlint lsp` on a corpus page.
//! The findings it receives must have the ranges of the JSON output, before
//! and after an edit, and hover must show the rule's basis. Skipped, with a
//! note, where `nvim` is not installed.

use std::path::Path;
use std::process::Command;

use claimlint::cli::Args;
use clap::Parser;
use serde_json::Value;

/// `rule line:character-line:character` of each finding of the JSON
/// output, in UTF-16 columns as LSP clients count by default.
fn json_lines(path: &Path) -> Vec<String> {
    let path = path.to_str().expect("utf-8 path");
    let mut out = Vec::new();
    let args = Args::parse_from(["claimlint", "--no-config", "--format", "json", path]);
    claimlint::cli::run(&args, &mut out, &mut Vec::new());
    let report: Value = serde_json::from_slice(&out).expect("json");
    let at = |p: &Value| {
        let line = p["line"].as_u64().expect("line") - 1;
        format!("{line}:{}", p["utf16_column"].as_u64().expect("column") - 1)
    };
    report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            let rule = d["rule"].as_str().expect("rule");
            format!("{rule} {}-{}", at(&d["span"]["start"]), at(&d["span"]["end"]))
        })
        .collect()
}

/// The lines of one section of the script's output.
fn section<'a>(lines: &'a [&'a str], index: usize) -> Vec<&'a str> {
    lines
        .split(|l| l.starts_with("diagnostics ") || *l == "hover")
        .nth(index)
        .unwrap_or_default()
        .to_vec()
}

#[test]
fn neovim_receives_the_findings_updates_and_hover() {
    if Command::new("nvim").arg("--version").output().is_err() {
        eprintln!("skipped: nvim is not installed (apt-get install neovim)");
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("temp dir");
    let page = dir.path().join("exosome-overclaims.txt");
    let original = std::fs::read_to_string(root.join("corpus/medical/exosome-overclaims.txt"))
        .expect("corpus page");
    std::fs::write(&page, &original).expect("copied");
    let out = dir.path().join("out.txt");
    // An emoji outside the BMP before the new finding: two UTF-16 units.
    let insert = "🎉日本一の";
    let status = Command::new("nvim")
        .args(["--headless", "--clean", "-u", "NONE", "-c"])
        .arg(format!("luafile {}", root.join("tests/fixtures/lsp/nvim.lua").display()))
        .env("CLAIMLINT", env!("CARGO_BIN_EXE_claimlint"))
        .env("PAGE", &page)
        .env("INSERT", insert)
        .env("OUT", &out)
        .status()
        .expect("nvim runs");
    let printed = std::fs::read_to_string(&out).unwrap_or_default();
    eprintln!("{printed}");
    assert!(status.success(), "nvim failed: {printed}");
    let lines: Vec<&str> = printed.lines().collect();

    // As opened: the ranges of `claimlint --format json`.
    let expected = json_lines(&page);
    assert!(expected.len() > 20, "{expected:?}");
    assert_eq!(section(&lines, 1), expected);

    // After typing at the start of the first line: the ranges of the JSON
    // output of the edited page (日本一 is new, after an emoji; line 1 moved
    // on).
    let edited = dir.path().join("edited.txt");
    std::fs::write(&edited, format!("{insert}{original}")).expect("written");
    let expected = json_lines(&edited);
    assert_eq!(expected.first().map(String::as_str), Some("superlative.top-ranking 0:2-0:5"));
    assert_eq!(section(&lines, 2), expected);

    // Hover over 日本一: the rule explained, with its basis.
    let hover = section(&lines, 3).join("\n");
    assert!(hover.starts_with("**superlative.top-ranking** (superlative, error)"), "{hover}");
    assert!(hover.contains("最大級・比較優良の表現: 「日本一」"), "{hover}");
    assert!(hover.contains("**basis:** 医療広告ガイドライン (比較優良広告)"), "{hover}");
}
