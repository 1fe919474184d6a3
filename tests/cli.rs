//! The claimlint binary over real files: JSON contract, human output,
//! exit statuses and every kind of bad input.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{assert_contract, claimlint, claimlint_stdin, json};
use unicode_width::UnicodeWidthStr;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A temporary directory holding `files` (name, bytes).
fn workspace(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, bytes) in files {
        fs::write(dir.path().join(name), bytes).expect("fixture written");
    }
    dir
}

fn rules_of(report: &serde_json::Value) -> Vec<(String, String)> {
    report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap_or("").to_string(),
                d["text"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

/// Every page of the corpus, as paths relative to the repository.
fn corpus_pages() -> Vec<String> {
    let mut paths = Vec::new();
    for profile in ["medical", "cosmetic", "health-food"] {
        let dir = repo().join("corpus").join(profile);
        for entry in fs::read_dir(&dir).expect("corpus folder") {
            let name = entry.expect("entry").file_name().to_string_lossy().into_owned();
            if name.ends_with(".txt") {
                paths.push(format!("corpus/{profile}/{name}"));
            }
        }
    }
    paths.sort();
    paths
}

#[test]
fn json_follows_the_contract_on_the_corpus_pages() {
    let paths = corpus_pages();
    let mut args = vec!["--format", "json"];
    args.extend(paths.iter().map(String::as_str));
    let run = claimlint(&repo(), &args);
    assert_eq!(run.status, 1, "{}", run.stderr);
    let report = json(&run);
    assert!(assert_contract(&repo(), &report) >= 10);
    assert_eq!(report["summary"]["files"], paths.len());
}

#[test]
fn json_follows_the_contract_on_the_seed_pages() {
    // The seed pages live beside the repository in the workplace checkout.
    let seeds = repo().join("../shared/seeds");
    let Ok(entries) = fs::read_dir(&seeds) else {
        eprintln!("skipped: {} is not present", seeds.display());
        return;
    };
    let mut paths: Vec<PathBuf> = entries.map(|e| e.expect("entry").path()).collect();
    paths.sort();
    for path in paths {
        let name = path.file_name().expect("file name").to_string_lossy().into_owned();
        let run = claimlint(&seeds, &["--format", "json", &name]);
        assert!(run.status == 0 || run.status == 1, "{name}: {}", run.stderr);
        assert_contract(&seeds, &json(&run));
    }
}

#[test]
fn offsets_are_exact_with_bom_crlf_cr_tabs_emoji_and_non_bmp() {
    let dir = workspace(&[
        ("bom.txt", "\u{FEFF}はじめに\n当院は最先端の治療を行います。".as_bytes()),
        ("crlf.txt", "一行目\r\n二行目\r\n当院は最先端です。\r\n".as_bytes()),
        ("cr.txt", "一行目\r二行目\r当院は最先端です。".as_bytes()),
        ("wide.txt", "\t😀𠮷\tＮｏ．１の実績\n".as_bytes()),
    ]);
    let run =
        claimlint(dir.path(), &["--format", "json", "bom.txt", "cr.txt", "crlf.txt", "wide.txt"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    let report = json(&run);
    assert_eq!(assert_contract(dir.path(), &report), 4);
    let starts: Vec<(u64, u64, u64, u64)> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            let s = &d["span"]["start"];
            (
                s["line"].as_u64().unwrap_or(0),
                s["column"].as_u64().unwrap_or(0),
                s["utf16_column"].as_u64().unwrap_or(0),
                s["byte"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(
        starts,
        vec![
            (2, 4, 4, 3 + 13 + 9),    // bom.txt: after the BOM and 「はじめに\n」
            (3, 4, 4, 20 + 9),        // cr.txt
            (3, 4, 4, 22 + 9),        // crlf.txt
            (1, 5, 7, 1 + 4 + 4 + 1), // wide.txt: tab, 😀, 𠮷 (two UTF-16 units each), tab
        ]
    );
    assert_eq!(report["diagnostics"][3]["text"], "Ｎｏ．１");
}

#[test]
fn human_output_snapshot() {
    let run = claimlint(
        &repo(),
        &["--color", "never", "--width", "100", "corpus/cosmetic/serum-launch.txt"],
    );
    assert_eq!(run.status, 1);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn json_output_snapshot() {
    let run = claimlint(&repo(), &["--format", "json", "corpus/cosmetic/serum-launch.txt"]);
    assert_eq!(run.status, 1);
    insta::assert_snapshot!(run.stdout);
}

/// The rendered source line and the caret line below it.
fn source_and_carets(output: &str) -> (String, String) {
    let lines: Vec<&str> = output.lines().collect();
    let caret = lines.iter().position(|l| l.contains('^')).expect("a caret line");
    (lines[caret - 1].to_string(), lines[caret].to_string())
}

#[test]
fn caret_sits_exactly_under_a_full_width_span() {
    let dir = workspace(&[("page.txt", "当院の治療は副作用がないことが特長です。\n".as_bytes())]);
    let run = claimlint(dir.path(), &["--color", "never", "page.txt"]);
    let (source, carets) = source_and_carets(&run.stdout);
    let span_at = source.find("副作用がない").expect("span shown");
    let caret_at = carets.find('^').expect("caret");
    assert_eq!(carets[..caret_at].width(), source[..span_at].width());
    assert_eq!(carets.trim_end().len() - caret_at, "副作用がない".width());
}

#[test]
fn a_300_character_line_is_trimmed_around_the_span() {
    let line = format!("{}最先端{}\n", "当院の治療について".repeat(20), "ご説明します".repeat(20));
    assert!(line.chars().count() > 300);
    let dir = workspace(&[("long.txt", line.as_bytes())]);
    let run = claimlint(dir.path(), &["--color", "never", "--width", "80", "long.txt"]);
    assert_eq!(run.status, 1);
    for rendered in run.stdout.lines() {
        // Notes may wrap on their own; the source and caret lines must fit.
        if rendered.contains(" | ") || rendered.trim_end().ends_with('^') {
            assert!(rendered.width() <= 80, "too wide ({}): {rendered}", rendered.width());
        }
    }
    let (source, carets) = source_and_carets(&run.stdout);
    assert!(source.contains("..."), "trimmed: {source}");
    let span_at = source.find("最先端").expect("span kept visible");
    assert_eq!(carets[..carets.find('^').expect("caret")].width(), source[..span_at].width());
}

#[test]
fn a_100_000_character_line_is_windowed_with_the_true_column() {
    let line = format!("{}当院は最先端です{}", "あ".repeat(50_000), "い".repeat(50_000));
    let dir = workspace(&[("huge.txt", line.as_bytes())]);
    let run = claimlint(dir.path(), &["--color", "never", "--width", "80", "huge.txt"]);
    assert_eq!(run.status, 1);
    assert!(run.stdout.contains(" --> huge.txt:1:50004\n"), "{}", run.stdout);
    let (source, carets) = source_and_carets(&run.stdout);
    assert!(source.contains("当院は最先端です"), "{source}");
    assert!(source.width() <= 80, "{source}");
    let span_at = source.find("最先端").expect("span shown");
    assert_eq!(carets[..carets.find('^').expect("caret")].width(), source[..span_at].width());
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let page = "corpus/cosmetic/serum-launch.txt";
    let piped = claimlint(&repo(), &[page]);
    assert!(!piped.stdout.contains('\u{1b}'), "no escapes when piped");
    let forced = claimlint(&repo(), &["--color", "always", page]);
    assert!(forced.stdout.contains('\u{1b}'), "escapes with --color always");
}

#[test]
fn quiet_drops_the_summary_line() {
    let page = "corpus/cosmetic/serum-launch.txt";
    let loud = claimlint(&repo(), &["--color", "never", page]);
    assert!(loud.stdout.trim_end().ends_with("2 errors, 2 warnings in 1 file"), "{}", loud.stdout);
    let quiet = claimlint(&repo(), &["--color", "never", "--quiet", page]);
    assert!(!quiet.stdout.contains("in 1 file"));
    assert!(quiet.stdout.contains("モデルも愛用"));
}

#[test]
fn clean_file_exits_zero() {
    let run = claimlint(&repo(), &["--color", "never", "corpus/medical/exosome-compliant.txt"]);
    assert_eq!(run.status, 0, "{}", run.stdout);
    assert_eq!(run.stdout, "0 errors, 0 warnings in 1 file\n");
}

#[test]
fn warnings_alone_exit_zero() {
    let dir = workspace(&[("page.txt", "期間限定のご案内です。".as_bytes())]);
    let run = claimlint(dir.path(), &["--format", "json", "page.txt"]);
    assert_eq!(run.status, 0);
    assert_eq!(json(&run)["summary"]["warning"], 1);
}

#[test]
fn empty_file_is_clean() {
    let dir = workspace(&[("empty.txt", b"")]);
    let run = claimlint(dir.path(), &["--format", "json", "empty.txt"]);
    assert_eq!(run.status, 0);
    let report = json(&run);
    assert_eq!(report["diagnostics"].as_array().map(Vec::len), Some(0));
    assert_eq!(report["errors"].as_array().map(Vec::len), Some(0));
    assert_eq!(report["summary"]["files"], 1);
}

#[test]
fn missing_file_is_reported_and_the_others_are_still_linted() {
    let dir = workspace(&[("page.txt", "最先端の治療です。".as_bytes())]);
    let run = claimlint(dir.path(), &["--format", "json", "missing.txt", "page.txt"]);
    assert_eq!(run.status, 2);
    let report = json(&run);
    assert_eq!(report["errors"][0]["path"], "missing.txt");
    assert_eq!(report["errors"][0]["message"], "No such file or directory");
    assert_eq!(rules_of(&report), vec![("superlative.top-ranking".into(), "最先端".into())]);
    assert_eq!(report["summary"]["files"], 2);

    let human = claimlint(dir.path(), &["--color", "never", "missing.txt", "page.txt"]);
    assert_eq!(human.status, 2);
    assert_eq!(human.stderr, "error: missing.txt: No such file or directory\n");
    assert!(human.stdout.contains("--> page.txt:1:1"), "{}", human.stdout);
}

#[test]
fn invalid_utf8_names_the_file_and_byte_offset() {
    let mut bytes = "最先端の".as_bytes().to_vec();
    bytes.push(0xFF);
    let dir = workspace(&[("bad.txt", &bytes), ("good.txt", "日本一の実績".as_bytes())]);
    let run = claimlint(dir.path(), &["--format", "json", "bad.txt", "good.txt"]);
    assert_eq!(run.status, 2);
    let report = json(&run);
    assert_eq!(report["errors"][0]["path"], "bad.txt");
    assert_eq!(report["errors"][0]["message"], "invalid UTF-8 at byte 12");
    assert_eq!(report["diagnostics"][0]["path"], "good.txt");
}

#[test]
fn binary_file_is_reported_not_linted() {
    let dir = workspace(&[("image.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")]);
    let run = claimlint(dir.path(), &["--color", "never", "image.png"]);
    assert_eq!(run.status, 2);
    assert_eq!(run.stderr, "error: image.png: binary file (NUL byte at byte 8), not linted\n");
    assert_eq!(run.stdout, "0 errors, 0 warnings in 1 file\n");
}

#[test]
fn a_folder_is_walked_in_order() {
    let dir =
        workspace(&[("b.txt", "最先端です。".as_bytes()), ("a.txt", "日本一です。".as_bytes())]);
    fs::create_dir(dir.path().join("sub")).expect("dir");
    fs::write(dir.path().join("sub/c.md"), "No.1です。").expect("written");
    let run = claimlint(dir.path(), &["--format", "short", "."]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{}", run.stdout);
    assert!(lines[0].starts_with("./a.txt:1:1: error[superlative.top-ranking]"), "{}", lines[0]);
    assert!(lines[1].starts_with("./b.txt:1:1:"), "{}", lines[1]);
    assert!(lines[2].starts_with("./sub/c.md:1:1:"), "{}", lines[2]);
}

#[test]
fn stdin_is_read_for_dash() {
    let run = claimlint_stdin(
        Path::new("."),
        &["--format", "json", "-"],
        "日本一の実績です。".as_bytes(),
    );
    assert_eq!(run.status, 1);
    let report = json(&run);
    assert_eq!(report["diagnostics"][0]["path"], "<stdin>");
    assert_eq!(report["diagnostics"][0]["text"], "日本一");
}

#[test]
fn extra_rule_file_is_used() {
    let rule = "category: superlative\nseverity: info\nmessage: 「{text}」は比較表現です\nmatch:\n  - phrases: [当院だけ]\nexamples:\n  bad: [当院だけの技術]\n";
    let dir = workspace(&[
        ("compare.yaml", rule.as_bytes()),
        ("page.txt", "当院だけの技術です。".as_bytes()),
    ]);
    let run = claimlint(dir.path(), &["--format", "json", "--rules", "compare.yaml", "page.txt"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let d = &json(&run)["diagnostics"][0];
    assert_eq!(d["rule"], "user.compare");
    assert_eq!(d["severity"], "info");
    assert_eq!(d["message"], "「当院だけ」は比較表現です");
}

#[test]
fn bad_rule_file_stops_the_run_with_its_location() {
    let rule = "category: superlative\nseverity: error\nmessage: m\nmatch:\n  - regex: '(最先端'\nexamples:\n  bad: [最先端]\n";
    let dir = workspace(&[("broken.yaml", rule.as_bytes()), ("page.txt", b"x")]);
    let run = claimlint(dir.path(), &["--rules", "broken.yaml", "page.txt"]);
    assert_eq!(run.status, 2);
    assert!(run.stdout.is_empty());
    assert!(run.stderr.starts_with("error: invalid regex: regex parse error"), "{}", run.stderr);
    assert!(run.stderr.ends_with("  --> broken.yaml:5:13\n"), "{}", run.stderr);

    let unknown = rule.replace("severity: error", "severity: fatal");
    fs::write(dir.path().join("broken.yaml"), unknown).expect("written");
    let run = claimlint(dir.path(), &["--rules", "broken.yaml", "page.txt"]);
    assert_eq!(run.status, 2);
    assert_eq!(
        run.stderr,
        "error: severity: unknown variant `fatal`, expected one of `info`, `warning`, `error`\n  --> broken.yaml:2:11\n"
    );

    let run = claimlint(dir.path(), &["--rules", "nowhere.yaml", "page.txt"]);
    assert_eq!(run.status, 2);
    assert!(run.stderr.starts_with("error: cannot read rule file: No such file"), "{}", run.stderr);
}

#[test]
fn bad_arguments_exit_two() {
    let run = claimlint(&repo(), &["--format", "xml", "corpus/cosmetic/serum-launch.txt"]);
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("invalid value 'xml'"), "{}", run.stderr);
    let run = claimlint(&repo(), &[]);
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("<PATH>"), "{}", run.stderr);
}

#[test]
fn help_shows_examples_and_version_prints() {
    let help = claimlint(&repo(), &["--help"]);
    assert_eq!(help.status, 0);
    assert!(help.stdout.contains("Examples:"));
    assert!(help.stdout.contains("--format <FORMAT>"));
    let version = claimlint(&repo(), &["--version"]);
    assert_eq!(version.stdout, format!("claimlint {}\n", env!("CARGO_PKG_VERSION")));
}
