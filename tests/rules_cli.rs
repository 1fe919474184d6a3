//! Writing rules without touching Rust: `rules test`, `rules`, `explain`,
//! user lexicons and terms, and every kind of malformed rule file.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{claimlint, json};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A temporary directory holding `files` (relative path, text).
fn workspace(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, text) in files {
        let path = dir.path().join(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("dirs");
        }
        fs::write(path, text).expect("fixture written");
    }
    dir
}

const GOOD_RULE: &str = "\
category: superlative
severity: error
message: 「{text}」は比較表現です
match:
  - tokens: \"当院 だけ (の|が)\"
examples:
  bad:
    - 当院だけの技術です。
  good:
    - 当院で行う治療です。
";

#[test]
fn rules_test_passes_on_the_built_in_rules() {
    let run = claimlint(&repo(), &["rules", "test"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    let line = run.stdout.trim_end();
    assert!(line.ends_with(" passed, 0 failed"), "{line}");
    let rules: usize = line.split(' ').next().and_then(|n| n.parse().ok()).expect("rule count");
    assert!(rules >= 17, "{line}");
}

#[test]
fn rules_test_runs_a_users_file() {
    let dir = workspace(&[("house/only-here.yaml", GOOD_RULE)]);
    let run = claimlint(dir.path(), &["rules", "test", "house/only-here.yaml"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "1 rules, 2 examples: 2 passed, 0 failed\n");
}

#[test]
fn rules_test_fails_clearly_on_a_bad_example_that_does_not_fire() {
    let broken = GOOD_RULE.replace("    - 当院だけの技術です。", "    - 当院独自の技術です。");
    let dir = workspace(&[("house/only-here.yaml", &broken)]);
    let run = claimlint(dir.path(), &["rules", "test", "house/only-here.yaml"]);
    assert_eq!(run.status, 1);
    assert_eq!(
        run.stderr,
        "error: bad example does not fire: \"当院独自の技術です。\"\n  --> house/only-here.yaml:8:7\n"
    );
    assert_eq!(run.stdout, "1 rules, 2 examples: 1 passed, 1 failed\n");
}

#[test]
fn rules_test_fails_on_a_good_example_that_fires() {
    let broken = GOOD_RULE.replace("    - 当院で行う治療です。", "    - 当院だけが行う治療です。");
    let dir = workspace(&[("house/only-here.yaml", &broken)]);
    let run = claimlint(dir.path(), &["rules", "test", "house"]);
    assert_eq!(run.status, 1);
    assert_eq!(
        run.stderr,
        "error: good example fires on 「当院だけが」: \"当院だけが行う治療です。\"\n  --> house/only-here.yaml:10:7\n"
    );
}

#[test]
fn linting_with_a_rule_whose_example_fails_stops_with_exit_two() {
    let broken = GOOD_RULE.replace("    - 当院だけの技術です。", "    - 当院独自の技術です。");
    let dir = workspace(&[("house/only-here.yaml", &broken), ("page.txt", "当院だけの技術。")]);
    let run = claimlint(dir.path(), &["--rules", "house", "page.txt"]);
    assert_eq!(run.status, 2);
    assert!(run.stdout.is_empty());
    assert_eq!(
        run.stderr,
        "error: bad example does not fire: \"当院独自の技術です。\"\n  --> house/only-here.yaml:8:7\n"
    );
}

/// Lints a page with one malformed rule file and returns stderr.
fn rule_error(rule: &str) -> String {
    let dir = workspace(&[("house/broken-rule.yaml", rule), ("page.txt", "本文")]);
    let run = claimlint(dir.path(), &["--rules", "house/broken-rule.yaml", "page.txt"]);
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    run.stderr
}

#[test]
fn malformed_rule_files_name_the_file_line_and_column() {
    let cases: Vec<(String, &str)> = vec![
        (
            GOOD_RULE.replace(
                "message: 「{text}」は比較表現です",
                "message: \"「{text}」は比較表現です",
            ),
            // The unclosed quote runs on to the next one: a YAML syntax error.
            "error: did not find expected key\n  --> house/broken-rule.yaml:5:14\n",
        ),
        (
            format!("{GOOD_RULE}colour: red\n"),
            "error: unknown field `colour`, expected one of `id`, `category`, `requirement`, `severity`, `message`, `basis`, `description`, `why`, `help`, `suggestions`, `profiles`, `unless`, `soften`, `hedged`, `match`, `trigger`, `met_by`, `examples`\n  --> house/broken-rule.yaml:11:1\n",
        ),
        (
            GOOD_RULE.replace("category: superlative", "category: boasting"),
            "error: category: unknown variant `boasting`, expected one of `safety-guarantee`, `efficacy-guarantee`, `superlative`, `cure-claim`, `testimonial`, `unsupported-evidence`, `endorsement`, `inducement`, `missing-disclosure`\n  --> house/broken-rule.yaml:1:11\n",
        ),
        (
            GOOD_RULE.replace(
                "category: superlative",
                "category: missing-disclosure\nrequirement: price-list",
            ),
            "error: requirement: unknown variant `price-list`, expected one of `free-care-cost`, `free-care-risk`, `contact`, `unapproved-status`, `acquisition-route`, `domestic-approval`, `foreign-safety`, `relief-system`\n  --> house/broken-rule.yaml:2:14\n",
        ),
        (
            GOOD_RULE.replace("  - tokens: \"当院 だけ (の|が)\"", "  - regex: '当院(だけ'"),
            "error: invalid regex: regex parse error:\n    当院(だけ\n      ^\nerror: unclosed group\n  --> house/broken-rule.yaml:5:13\n",
        ),
        (
            GOOD_RULE
                .replace("  - tokens: \"当院 だけ (の|が)\"", "  - tokens: \"当院 だけ (の|が\""),
            "error: unclosed group: expected `)`\n  --> house/broken-rule.yaml:5:20\n",
        ),
        (
            GOOD_RULE.replace("  - tokens: \"当院 だけ (の|が)\"", "  - tokens: \"(の|が)?\""),
            "error: pattern can match nothing\n  --> house/broken-rule.yaml:5:14\n",
        ),
        (
            GOOD_RULE.replace("  - tokens: \"当院 だけ (の|が)\"", "  - phrases: [\"\"]"),
            "error: empty phrase \"\" in `phrases`\n  --> house/broken-rule.yaml:4:1\n",
        ),
        (
            GOOD_RULE.replace("  - tokens: \"当院 だけ (の|が)\"", "  - tokens: \"@boasts 当院\""),
            "error: unknown lexicon `@boasts`\n  --> house/broken-rule.yaml:5:14\n",
        ),
        (
            GOOD_RULE.replace("  bad:\n    - 当院だけの技術です。\n", ""),
            "error: every rule needs at least one `bad` example\n  --> house/broken-rule.yaml:6:1\n",
        ),
        (
            GOOD_RULE.replace("    - 当院で行う治療です。", "    - \"\""),
            "error: empty example\n  --> house/broken-rule.yaml:10:7\n",
        ),
    ];
    for (rule, expected) in cases {
        assert_eq!(rule_error(&rule), expected, "for rule:\n{rule}");
    }
}

#[test]
fn bad_rule_file_name_is_an_error() {
    let dir = workspace(&[("house/Only_Here.yaml", GOOD_RULE), ("page.txt", "本文")]);
    let run = claimlint(dir.path(), &["--rules", "house", "page.txt"]);
    assert_eq!(run.status, 2);
    assert!(
        run.stderr.starts_with("error: rule file name `Only_Here` must be kebab-case"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.ends_with("  --> house/Only_Here.yaml\n"), "{}", run.stderr);
}

#[test]
fn explain_prints_basis_why_examples_and_alternatives() {
    let run = claimlint(&repo(), &["explain", "safety.side-effects-denied"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn explain_an_unknown_rule_exits_two() {
    let run = claimlint(&repo(), &["explain", "safety.nothing"]);
    assert_eq!(run.status, 2);
    assert_eq!(run.stderr, "error: no rule `safety.nothing` (see `claimlint rules`)\n");
}

#[test]
fn rules_lists_every_rule_with_category_severity_and_profiles() {
    let run = claimlint(&repo(), &["rules"]);
    assert_eq!(run.status, 0);
    let lines: Vec<&str> = run.stdout.lines().collect();
    let count = lines.len() - 1;
    let last = lines.last().copied().unwrap_or_default();
    assert!(last.starts_with(&format!("{count} rules, covering ")), "{last}");
    assert!(last.ends_with(" phrasings before conjugation"), "{last}");
    let side_effects =
        lines.iter().find(|l| l.starts_with("safety.side-effects-denied ")).expect("listed");
    let fields: Vec<&str> = side_effects.split_whitespace().collect();
    assert_eq!(
        fields,
        vec![
            "safety.side-effects-denied",
            "safety-guarantee",
            "error",
            "medical,cosmetic,health-food"
        ]
    );
    assert!(run.stdout.contains("missing-disclosure/relief-system"));
}

#[test]
fn user_lexicon_extends_a_built_in_one() {
    // A house disclaimer, added to the built-in `disclaimer` lexicon,
    // silences a guarantee in the same sentence like the built-in ones do.
    let page = "確実に改善します(結果をお約束するものではありません)。";
    let dir = workspace(&[
        ("house/lexicon/disclaimer.yaml", "phrases: [結果をお約束するものではありません]\n"),
        ("page.txt", page),
    ]);
    let without = claimlint(dir.path(), &["--format", "json", "page.txt"]);
    assert_eq!(json(&without)["diagnostics"][0]["rule"], "efficacy.guaranteed-results");
    let with = claimlint(dir.path(), &["--format", "json", "--rules", "house", "page.txt"]);
    assert_eq!(with.status, 0, "{}", with.stderr);
    assert_eq!(json(&with)["diagnostics"].as_array().map(Vec::len), Some(0));
}

#[test]
fn user_terms_change_what_is_one_word() {
    // As one product name, 若返り美容液 no longer contains the word 若返り.
    let dir = workspace(&[
        ("terms.csv", "若返り美容液,名詞,ワカガエリビヨウエキ\n"),
        ("page.txt", "新しい若返り美容液を発売しました。"),
    ]);
    let without = claimlint(dir.path(), &["--format", "json", "page.txt"]);
    assert_eq!(json(&without)["diagnostics"][0]["text"], "若返り");
    let with = claimlint(dir.path(), &["--format", "json", "--terms", "terms.csv", "page.txt"]);
    assert_eq!(with.status, 0, "{}", with.stderr);
    assert_eq!(json(&with)["diagnostics"].as_array().map(Vec::len), Some(0));
}

#[test]
fn bad_terms_file_is_an_error_naming_it() {
    let dir = workspace(&[("terms.csv", "just-one-field\n"), ("page.txt", "本文")]);
    let run = claimlint(dir.path(), &["--terms", "terms.csv", "page.txt"]);
    assert_eq!(run.status, 2);
    assert_eq!(
        run.stderr,
        "error: bad term file: expected 3 fields (surface,part_of_speech,reading) or the 13 of IPADIC, found 1\n  --> terms.csv:1:1\n"
    );
}

#[test]
fn rule_paths_missing_are_an_error() {
    let run = claimlint(Path::new("."), &["--rules", "/nonexistent/rules.yaml", "x.txt"]);
    assert_eq!(run.status, 2);
    assert_eq!(
        run.stderr,
        "error: cannot read rule file: No such file or directory\n  --> /nonexistent/rules.yaml\n"
    );
}

#[test]
fn tokens_shows_the_analysis_rules_see() {
    let run = claimlint(&repo(), &["tokens", "治りません", "ＮＯ．１"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "治り\t治る\t動詞,自立\t五段・ラ行\nませ\tます\t助動詞\t特殊・マス\nん\tん\t助動詞\t不変化型\n\n\
         NO\tNO\t名詞,固有名詞,組織\t-\n.\t.\t名詞,サ変接続\t-\n1\t1\t名詞,数\t-\n\n"
    );
}
