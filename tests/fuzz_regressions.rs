//! Replays every input the fuzzers ever crashed on (and a few hand-made
//! hostile ones): each must now run to the end without a panic.

use std::path::PathBuf;

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions").join(target);
    let mut found: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter_map(|p| {
                    Some((p.file_name()?.to_string_lossy().into_owned(), std::fs::read(&p).ok()?))
                })
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

#[test]
fn pipeline_regressions_run_to_the_end() {
    let cases = inputs("pipeline");
    assert!(!cases.is_empty(), "tests/fuzz-regressions/pipeline is empty");
    for (name, data) in cases {
        eprintln!("replaying pipeline/{name}");
        claimlint::fuzzing::pipeline(&data);
    }
}

#[test]
fn rule_loader_regressions_run_to_the_end() {
    let cases = inputs("rule_loader");
    assert!(!cases.is_empty(), "tests/fuzz-regressions/rule_loader is empty");
    for (name, data) in cases {
        eprintln!("replaying rule_loader/{name}");
        claimlint::fuzzing::rule_loader(&data);
    }
}
