//! Real pages in, CI and editors out: Markdown and HTML positions, Japanese
//! encodings, folders, settings files, suppressions, baselines and every
//! output format, through the binary.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{assert_contract, claimlint, claimlint_stdin, json};
use serde_json::Value;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn workspace(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, bytes) in files {
        let path = dir.path().join(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("dirs");
        }
        fs::write(path, bytes).expect("fixture written");
    }
    dir
}

/// (rule, text, line, column) of each diagnostic.
fn found(report: &Value) -> Vec<(String, String, u64, u64)> {
    report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap_or_default().to_string(),
                d["text"].as_str().unwrap_or_default().to_string(),
                d["span"]["start"]["line"].as_u64().unwrap_or(0),
                d["span"]["start"]["column"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

fn row(rule: &str, text: &str, line: u64, column: u64) -> (String, String, u64, u64) {
    (rule.to_string(), text.to_string(), line, column)
}

#[test]
fn markdown_positions_point_into_the_original_file() {
    let run = claimlint(&repo(), &["--format", "json", "tests/fixtures/page.md"]);
    let report = json(&run);
    assert_contract(&repo(), &report);
    assert_eq!(
        found(&report),
        vec![
            row("superlative.top-ranking", "最先端", 1, 3),
            // Split by emphasis: one claim, mapped back across the markup.
            row("safety.side-effects-denied", "副作用が**ない", 3, 7),
            // Nothing from the code block or the inline code.
            row("superlative.top-ranking", "日本一", 11, 3),
            row("safety.pain-downtime-denied", "痛みはほとんどありません", 16, 8),
            // Link text is prose; the URL is not.
            row("superlative.top-ranking", "No.1", 18, 8),
        ]
    );
}

#[test]
fn html_positions_point_into_the_original_file() {
    let run = claimlint(&repo(), &["--format", "json", "tests/fixtures/page.html"]);
    let report = json(&run);
    assert_contract(&repo(), &report);
    assert_eq!(
        found(&report),
        vec![
            // The meta description is prose.
            row("superlative.top-ranking", "最先端", 5, 35),
            // A claim split by inline elements, mapped back with the tags.
            row("safety.side-effects-denied", "副作用は</span>ほとんど<b>ありません", 12, 10),
            // A title attribute; not the style, script, comment or pre.
            row("superlative.top-ranking", "日本一", 13, 34),
            row("cure.rejuvenation", "10歳若く", 14, 23),
        ]
    );
}

/// Checks `text` against the file's bytes at `byte` in `encoding`.
fn assert_encoded_contract(dir: &Path, report: &Value, encoding: &'static encoding_rs::Encoding) {
    for d in report["diagnostics"].as_array().expect("diagnostics") {
        let bytes = fs::read(dir.join(d["path"].as_str().expect("path"))).expect("file");
        let start = d["span"]["start"]["byte"].as_u64().expect("byte") as usize;
        let end = d["span"]["end"]["byte"].as_u64().expect("byte") as usize;
        let (text, _, malformed) = encoding.decode(&bytes[start..end]);
        assert!(!malformed, "span on character boundaries: {d}");
        assert_eq!(text, d["text"].as_str().expect("text"), "{d}");
    }
}

#[test]
fn shift_jis_and_euc_jp_files_report_stored_byte_offsets() {
    let page = "当院の治療について。\n当院は最先端の設備で、副作用はありません。\n";
    let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(page);
    let (euc, _, _) = encoding_rs::EUC_JP.encode(page);
    let dir = workspace(&[("sjis.txt", &sjis), ("euc.txt", &euc)]);
    for (name, encoding) in [("sjis.txt", encoding_rs::SHIFT_JIS), ("euc.txt", encoding_rs::EUC_JP)]
    {
        let run = claimlint(dir.path(), &["--format", "json", name]);
        assert_eq!(run.status, 1, "{}", run.stderr);
        let report = json(&run);
        assert_encoded_contract(dir.path(), &report, encoding);
        let first = &report["diagnostics"][0];
        assert_eq!(first["text"], "最先端");
        // 「当院の治療について。\n」 is 21 bytes, 「当院は」 6: two bytes a character.
        assert_eq!(first["span"]["start"]["byte"], 27);
        assert_eq!(first["span"]["end"]["byte"], 33);
        assert_eq!(first["span"]["start"]["line"], 2);
        assert_eq!(first["span"]["start"]["column"], 4);
    }
    // Forcing the wrong encoding names the bad byte.
    let run = claimlint(dir.path(), &["--format", "json", "--encoding", "utf-8", "sjis.txt"]);
    assert_eq!(run.status, 2);
    assert_eq!(json(&run)["errors"][0]["message"], "invalid UTF-8 at byte 0");
    let run = claimlint(dir.path(), &["--encoding", "klingon", "sjis.txt"]);
    assert_eq!(run.status, 2);
    assert_eq!(run.stderr, "error: unknown encoding `klingon`\n");
}

#[test]
fn a_walked_folder_skips_ignored_and_hidden_files() {
    let dir = workspace(&[
        ("site/index.md", "最先端の治療です。\n".as_bytes()),
        ("site/old.txt", "日本一の実績です。\n".as_bytes()),
        ("site/.draft.txt", "No.1です。\n".as_bytes()),
        ("site/logo.png", b"\x89PNG\r\n\x1a\n\0"),
        ("site/.gitignore", b"old.txt\n"),
    ]);
    let run = claimlint(dir.path(), &["--format", "json", "site"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    let report = json(&run);
    assert_eq!(report["summary"]["files"], 1);
    assert_eq!(found(&report), vec![row("superlative.top-ranking", "最先端", 1, 1)]);
    // --include and --exclude globs.
    let run = claimlint(dir.path(), &["--format", "json", "--exclude", "*.md", "site"]);
    assert_eq!(json(&run)["summary"]["files"], 0);
    assert_eq!(run.status, 0);
}

#[test]
fn stdin_filename_sets_format_and_name() {
    let run = claimlint_stdin(
        &repo(),
        &["--format", "short", "-", "--stdin-filename", "draft.md"],
        "`最先端` は書かない。**日本一**\n".as_bytes(),
    );
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(run.stdout.starts_with("draft.md:1:"), "{}", run.stdout);
    assert!(run.stdout.contains("[superlative.top-ranking]"), "{}", run.stdout);
    assert_eq!(run.stdout.lines().count(), 1, "{}", run.stdout);
}

#[test]
fn input_format_overrides_the_extension() {
    let dir = workspace(&[("page.txt", "<p>最先端</p><script>日本一</script>".as_bytes())]);
    let as_text = claimlint(dir.path(), &["--format", "json", "page.txt"]);
    assert_eq!(json(&as_text)["diagnostics"].as_array().map(Vec::len), Some(2));
    let as_html =
        claimlint(dir.path(), &["--format", "json", "--input-format", "html", "page.txt"]);
    assert_eq!(found(&json(&as_html)), vec![row("superlative.top-ranking", "最先端", 1, 4)]);
}

// ── settings files ────────────────────────────────────────────────────────

#[test]
fn settings_are_found_upward_and_applied_per_path() {
    let settings = "\
ignore = [\"inducement\"]
[severity]
superlative = \"warning\"
[[allow]]
phrase = \"最新の設備\"
reason = \"設備の紹介で治療の優位性ではない\"
[[overrides]]
paths = [\"cosmetics/**\"]
profile = \"cosmetic\"
";
    let dir = workspace(&[
        ("claimlint.toml", settings.as_bytes()),
        ("clinic/page.txt", "最新の設備と最先端の治療。今なら半額。\n".as_bytes()),
        ("cosmetics/lp.txt", "シミを改善する美容液。\n".as_bytes()),
    ]);
    let run = claimlint(dir.path(), &["--format", "json", "clinic/page.txt", "cosmetics/lp.txt"]);
    let report = json(&run);
    let severities: Vec<(String, String, String)> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap_or_default().to_string(),
                d["text"].as_str().unwrap_or_default().to_string(),
                d["severity"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    assert_eq!(
        severities,
        vec![
            // 最新の設備 is allowed; inducement is ignored; superlatives are warnings.
            ("superlative.top-ranking".into(), "最先端".into(), "warning".into()),
            // The cosmetic profile applies under cosmetics/.
            ("cosmetic.beyond-efficacy-range".into(), "シミを改善".into(), "error".into()),
        ]
    );
    let config = claimlint(dir.path(), &["config", "cosmetics/lp.txt"]);
    assert_eq!(config.status, 0, "{}", config.stderr);
    assert!(config.stdout.contains("profile:       cosmetic\n"), "{}", config.stdout);
    assert!(config.stdout.contains("ignore:        inducement\n"), "{}", config.stdout);
    assert!(config.stdout.contains("severity:      superlative = warning\n"), "{}", config.stdout);
    assert!(config.stdout.contains("settings file: "), "{}", config.stdout);
}

#[test]
fn settings_errors_name_the_file_line_and_column() {
    let cases = [
        ("profile = \"medical\"\nfail = true\n", "unknown field `fail`", "claimlint.toml:2:1"),
        ("profile = \"dental\"\n", "unknown variant `dental`", "claimlint.toml:1:11"),
        (
            "ignore = [\"superlatives\"]\n",
            "`superlatives` is not a rule id, category or pack",
            "claimlint.toml:1:11",
        ),
        ("[[allow]]\nphrase = \"最新\"\n", "missing field `reason`", "claimlint.toml:1:1"),
    ];
    for (settings, message, place) in cases {
        let dir =
            workspace(&[("claimlint.toml", settings.as_bytes()), ("page.txt", "本文".as_bytes())]);
        let run = claimlint(dir.path(), &["page.txt"]);
        assert_eq!(run.status, 2, "{settings}");
        assert!(run.stdout.is_empty());
        assert!(run.stderr.contains(message), "{settings}: {}", run.stderr);
        assert!(run.stderr.trim_end().ends_with(place), "{settings}: {}", run.stderr);
    }
}

#[test]
fn config_flag_and_no_config() {
    let dir = workspace(&[
        ("claimlint.toml", b"ignore = [\"superlative\"]\n"),
        ("other.toml", b"ignore = [\"cure-claim\"]\n"),
        ("page.txt", "最先端で完治します。".as_bytes()),
    ]);
    let rules = |args: &[&str]| -> Vec<String> {
        let run = claimlint(dir.path(), args);
        found(&json(&run)).into_iter().map(|(rule, ..)| rule).collect()
    };
    assert_eq!(rules(&["--format", "json", "page.txt"]), vec!["cure.root-cure"]);
    assert_eq!(
        rules(&["--format", "json", "--config", "other.toml", "page.txt"]),
        vec!["superlative.top-ranking"]
    );
    assert_eq!(
        rules(&["--format", "json", "--no-config", "page.txt"]),
        vec!["superlative.top-ranking", "cure.root-cure"]
    );
}

// ── suppressions ──────────────────────────────────────────────────────────

#[test]
fn suppression_comments_in_text_markdown_and_html() {
    let text = "<!-- claimlint-disable-next-line superlative -- 調査結果の引用 -->\n最先端です。\n日本一です。\n";
    let markdown = "<!-- claimlint-disable cure-claim -- 規制の解説 -->\n\n完治します。\n\n<!-- claimlint-enable -->\n\n根治します。\n";
    let html = "<!-- claimlint-disable-next-line superlative.top-ranking -->\n<p>No.1です</p>\n";
    let dir = workspace(&[
        ("a.txt", text.as_bytes()),
        ("b.md", markdown.as_bytes()),
        ("c.html", html.as_bytes()),
    ]);
    let run = claimlint(dir.path(), &["--format", "json", "a.txt", "b.md", "c.html"]);
    let report = json(&run);
    let rows: Vec<(String, String)> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap_or("").to_string(),
                d["text"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(rows, vec![("a.txt".into(), "日本一".into()), ("b.md".into(), "根治".into())]);
    assert_eq!(report["unused_suppressions"].as_array().map(Vec::len), Some(0));
}

#[test]
fn a_suppression_that_silences_nothing_is_reported() {
    let page = "<!-- claimlint-disable-next-line cure-claim -- 古い注記 -->\n最先端です。\n";
    let dir = workspace(&[("page.txt", page.as_bytes())]);
    let run = claimlint(dir.path(), &["--format", "json", "page.txt"]);
    let report = json(&run);
    assert_eq!(report["unused_suppressions"][0]["path"], "page.txt");
    assert_eq!(report["unused_suppressions"][0]["span"]["start"]["line"], 1);
    assert_eq!(report["summary"]["unused_suppressions"], 1);
    let human = claimlint(dir.path(), &["--color", "never", "page.txt"]);
    assert!(human.stdout.contains("warning[claimlint.unused-suppression]"), "{}", human.stdout);
    assert!(human.stdout.contains("1 unused suppression"), "{}", human.stdout);
    // Unused suppressions fail the run only when warnings do.
    let quiet_page = "<!-- claimlint-disable-next-line cure-claim -- 古い注記 -->\n本文です。\n";
    fs::write(dir.path().join("quiet.txt"), quiet_page).expect("written");
    assert_eq!(claimlint(dir.path(), &["quiet.txt"]).status, 0);
    assert_eq!(claimlint(dir.path(), &["--fail-on", "warning", "quiet.txt"]).status, 1);
}

// ── baseline ──────────────────────────────────────────────────────────────

#[test]
fn baseline_round_trip() {
    let page = "最先端の治療です。\n日本一の実績です。\n";
    let dir = workspace(&[("page.txt", page.as_bytes())]);
    let write = claimlint(dir.path(), &["--write-baseline", "baseline.json", "page.txt"]);
    assert_eq!(write.status, 0, "{}", write.stderr);
    assert_eq!(write.stderr, "wrote 2 findings to baseline.json\n");
    let saved = fs::read_to_string(dir.path().join("baseline.json")).expect("written");
    assert!(saved.contains("\"context\": \"最先端の治療です。\""), "{saved}");

    let same =
        claimlint(dir.path(), &["--color", "never", "--baseline", "baseline.json", "page.txt"]);
    assert_eq!(same.status, 0, "{}", same.stdout);
    assert!(same.stdout.contains("baseline: 0 new, 2 persisting, 0 resolved\n"), "{}", same.stdout);

    // Lines added above, one finding fixed, one new: only the new one counts.
    let edited = "はじめに。\n\n最先端の治療です。\n当院は No.1 です。\n";
    fs::write(dir.path().join("page.txt"), edited).expect("edited");
    let run =
        claimlint(dir.path(), &["--format", "json", "--baseline", "baseline.json", "page.txt"]);
    assert_eq!(run.status, 1);
    let report = json(&run);
    assert_eq!(found(&report), vec![row("superlative.top-ranking", "No.1", 4, 5)]);
    assert_eq!(report["baseline"], serde_json::json!({"new": 1, "persisting": 1, "resolved": 1}));
}

// ── output formats ────────────────────────────────────────────────────────

#[test]
fn short_format_for_editors() {
    let dir = workspace(&[("a.txt", "はじめに\n当院は最先端です。".as_bytes())]);
    let run = claimlint(dir.path(), &["--format", "short", "a.txt"]);
    assert_eq!(
        run.stdout,
        "a.txt:2:4: error[superlative.top-ranking] 最大級・比較優良の表現: 「最先端」\n"
    );
}

#[test]
fn github_format_annotates_pull_requests() {
    let dir = workspace(&[("a,b.txt", "当院は最先端です。\n期間限定です。".as_bytes())]);
    let run = claimlint(dir.path(), &["--format", "github", "a,b.txt"]);
    assert_eq!(
        run.stdout,
        "::error file=a%2Cb.txt,line=1,col=4,endLine=1,endColumn=7,title=superlative.top-ranking (superlative)::最大級・比較優良の表現: 「最先端」\n\
         ::warning file=a%2Cb.txt,line=2,col=1,endLine=2,endColumn=5,title=inducement.price-pressure (inducement)::費用や期間で受診・購入を誘引する表現: 「期間限定」\n"
    );
}

#[test]
fn sarif_has_the_schema_required_fields() {
    let dir = workspace(&[("ページ.txt", "当院は最先端です。".as_bytes())]);
    let run = claimlint(dir.path(), &["--format", "sarif", "ページ.txt", "missing.txt"]);
    assert_eq!(run.status, 2);
    let log: Value = serde_json::from_str(&run.stdout).expect("SARIF is JSON");
    // sarifLog: version, runs; run: tool; tool: driver; toolComponent: name.
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(log["$schema"], "https://json.schemastore.org/sarif-2.1.0.json");
    let run0 = &log["runs"][0];
    assert_eq!(run0["tool"]["driver"]["name"], "claimlint");
    assert_eq!(run0["columnKind"], "unicodeCodePoints");
    // reportingDescriptor: id.
    let rules = run0["tool"]["driver"]["rules"].as_array().expect("rules");
    assert!(rules.iter().all(|r| r["id"].is_string()));
    // result: message.text; location: physicalLocation with artifact and region.
    let result = &run0["results"][0];
    assert_eq!(result["ruleId"], "superlative.top-ranking");
    assert_eq!(
        rules[result["ruleIndex"].as_u64().expect("index") as usize]["id"],
        "superlative.top-ranking"
    );
    assert_eq!(result["level"], "error");
    assert!(result["message"]["text"].is_string());
    let location = &result["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "%E3%83%9A%E3%83%BC%E3%82%B8.txt");
    assert_eq!(location["region"]["startLine"], 1);
    assert_eq!(location["region"]["startColumn"], 4);
    assert_eq!(location["region"]["endColumn"], 7);
    assert_eq!(location["region"]["byteOffset"], 9);
    assert_eq!(location["region"]["byteLength"], 9);
    assert!(result["partialFingerprints"]["claimlint/v1"].is_string());
    // invocation: executionSuccessful; the unreadable file is a notification.
    let invocation = &run0["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    assert!(
        invocation["toolExecutionNotifications"][0]["message"]["text"]
            .as_str()
            .is_some_and(|t| t.starts_with("missing.txt: "))
    );
}

#[test]
fn statistics_fail_on_and_output_file() {
    let dir = workspace(&[("a.txt", "期間限定。今なら半額。最先端。".as_bytes())]);
    let run = claimlint(dir.path(), &["--format", "short", "--statistics", "a.txt"]);
    assert!(
        run.stdout.ends_with(
            "\nstatistics by category:\n     3  inducement\n     1  superlative\nstatistics by rule:\n     3  inducement.price-pressure\n     1  superlative.top-ranking\n"
        ),
        "{}",
        run.stdout
    );
    let json_run = claimlint(dir.path(), &["--format", "json", "--statistics", "a.txt"]);
    assert_eq!(json(&json_run)["statistics"]["categories"]["inducement"], 3);

    let warnings_only = workspace(&[("w.txt", "期間限定です。".as_bytes())]);
    assert_eq!(claimlint(warnings_only.path(), &["w.txt"]).status, 0);
    assert_eq!(claimlint(warnings_only.path(), &["--fail-on", "warning", "w.txt"]).status, 1);
    assert_eq!(claimlint(warnings_only.path(), &["--fail-on", "info", "w.txt"]).status, 1);

    let run = claimlint(dir.path(), &["--format", "json", "-o", "out.json", "a.txt"]);
    assert_eq!(run.status, 1);
    assert!(run.stdout.is_empty());
    let written = fs::read_to_string(dir.path().join("out.json")).expect("written");
    assert!(written.contains("\"rule\": \"superlative.top-ranking\""));
}
