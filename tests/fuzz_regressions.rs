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

#[test]
fn lsp_edits_regressions_run_to_the_end() {
    let cases = inputs("lsp_edits");
    assert!(!cases.is_empty(), "tests/fuzz-regressions/lsp_edits is empty");
    for (name, data) in cases {
        eprintln!("replaying lsp_edits/{name}");
        claimlint::fuzzing::lsp_edits(&data);
    }
}

/// Edits the fuzzer would try first, without cargo-fuzz: pseudo-random
/// ranges (many out of range or inside a character) and texts made of
/// claims, emoji, line endings and markup, in every format and encoding.
#[test]
fn lsp_edits_of_random_ranges_keep_positions_in_range() {
    const PIECES: [&str; 12] = [
        "最先端",
        "😀",
        "𠮷",
        "\r\n",
        "\n",
        "\r",
        "副作用はありません。",
        "<b>",
        "**",
        "<!-- claimlint-disable-next-line -- x -->",
        "エクソソーム",
        "ｱﾝﾁｴｲｼﾞﾝｸﾞ",
    ];
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..150 {
        let mut data = vec![(next() % 9) as u8];
        for _ in 0..(next() % 8) {
            data.extend((0..4).map(|_| (next() % 6) as u8));
            let text: String = (0..next() % 4).map(|_| PIECES[(next() % 12) as usize]).collect();
            let text = &text.as_bytes()[..text.len().min(254)];
            data.push(text.len() as u8);
            data.extend_from_slice(text);
        }
        claimlint::fuzzing::lsp_edits(&data);
    }
}
