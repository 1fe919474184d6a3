//! Throughput benchmark: `cargo bench --bench throughput`.
//!
//! Builds a ~10 MB corpus by repeating the project's corpus pages, then
//! reports, on one thread and on all cores:
//! - raw Lindera tokenisation of all the text (MB/s), the cost claimlint
//!   would pay if it tokenised everything;
//! - claimlint end to end in process (decode, segment, prefilter, match,
//!   locate), with the prefilter on and off, and the ratio to raw;
//! - how many sentences were tokenised, and how many findings there were;
//! - one small page linted by the release binary as a whole process (ms);
//! - peak memory of the binary on the corpus as one 10 MB file
//!   (`/usr/bin/time -f %M`, when present).
//!
//! The corpus is written to be dense with claims (about one finding per
//! 115 bytes). When the workplace's seed pages (real clinic copy) are
//! beside the repository, the same figures are given for them too.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use claimlint::engine::{self, Options};
use claimlint::morph::Morphology;
use claimlint::rules::{Profile, RuleSet};
use rayon::prelude::*;

const TARGET_BYTES: usize = 10 * 1024 * 1024;

fn pages_in(dirs: &[&str]) -> Vec<String> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    for dir in dirs {
        if let Ok(entries) = std::fs::read_dir(root.join(dir)) {
            paths.extend(
                entries
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|e| e == "txt")),
            );
        }
    }
    paths.sort();
    paths.iter().filter_map(|p| std::fs::read_to_string(p).ok()).collect()
}

/// Pages repeated until they add up to about 10 MB.
fn generated(pages: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let mut total = 0;
    while total < TARGET_BYTES && !pages.is_empty() {
        let page = &pages[out.len() % pages.len()];
        total += page.len();
        out.push(page.clone());
    }
    out
}

fn megabytes_per_second(bytes: usize, elapsed: Duration) -> f64 {
    bytes as f64 / 1_048_576.0 / elapsed.as_secs_f64()
}

/// Best of `runs` timings.
fn best(runs: usize, mut work: impl FnMut()) -> Duration {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            work();
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

/// (findings, sentences, sentences tokenised) over all pages.
fn lint_all(
    pages: &[String],
    rules: &RuleSet,
    prefilter: bool,
    parallel: bool,
) -> (usize, usize, usize) {
    let lint = |page: &String| {
        let Ok(document) = claimlint::read(page.as_bytes(), Default::default()) else {
            return (0, 0, 0);
        };
        let (hits, stats) =
            engine::run_with_stats(rules, &document, Options { prefilter }).unwrap_or_default();
        // Locate every hit, as the CLI does.
        for hit in &hits {
            let _ = document.locate(hit.span);
        }
        (hits.len(), stats.sentences, stats.tokenized)
    };
    let sum =
        |a: (usize, usize, usize), b: (usize, usize, usize)| (a.0 + b.0, a.1 + b.1, a.2 + b.2);
    if parallel {
        pages.par_iter().map(lint).reduce(|| (0, 0, 0), sum)
    } else {
        pages.iter().map(lint).fold((0, 0, 0), sum)
    }
}

fn tokenize_all(pages: &[String], morph: &Morphology, parallel: bool) -> usize {
    let count = |page: &String| morph.tokenize(page).map_or(0, |t| t.len());
    if parallel { pages.par_iter().map(count).sum() } else { pages.iter().map(count).sum() }
}

/// Throughput on 1 thread and on all cores for one set of pages.
fn measure(name: &str, pages: &[String], rules: &RuleSet, morph: &Morphology) {
    let bytes: usize = pages.iter().map(String::len).sum();
    let cores = rayon::current_num_threads();
    println!(
        "\n{name}: {} pages, {:.1} MB; {cores} cores",
        pages.len(),
        bytes as f64 / 1_048_576.0
    );
    let mut rows = Vec::new();
    for (label, parallel) in [("1 thread", false), ("all cores", true)] {
        let threads = if parallel { cores } else { 1 };
        let Ok(pool) = rayon::ThreadPoolBuilder::new().num_threads(threads).build() else { return };
        pool.install(|| {
            let raw = best(2, || {
                tokenize_all(pages, morph, parallel);
            });
            let mut counts = (0, 0, 0);
            let end_to_end = best(2, || counts = lint_all(pages, rules, true, parallel));
            let mut without = (0, 0, 0);
            let no_prefilter = best(1, || without = lint_all(pages, rules, false, parallel));
            assert_eq!(counts.0, without.0, "the prefilter changed the findings");
            rows.push((label, raw, end_to_end, no_prefilter, counts));
        });
    }
    println!(
        "{:<10} {:>14} {:>16} {:>8} {:>18} {:>20} {:>9}",
        "", "raw tokenise", "claimlint e2e", "ratio", "e2e, no prefilter", "tokenised", "findings"
    );
    for (label, raw, e2e, off, (hits, sentences, tokenized)) in &rows {
        println!(
            "{:<10} {:>9.2} MB/s {:>11.2} MB/s {:>7.2}x {:>13.2} MB/s {:>6.1}% of {:>8} {:>9}",
            label,
            megabytes_per_second(bytes, *raw),
            megabytes_per_second(bytes, *e2e),
            raw.as_secs_f64() / e2e.as_secs_f64(),
            megabytes_per_second(bytes, *off),
            100.0 * *tokenized as f64 / (*sentences).max(1) as f64,
            sentences,
            hits,
        );
    }
    if let [(_, _, one, ..), (_, _, all, ..)] = rows.as_slice() {
        println!("scaling: {:.2}x on {cores} cores", one.as_secs_f64() / all.as_secs_f64());
    }
}

/// Peak memory (KB) and time of the release binary on one file.
fn whole_process(binary: &str, file: &std::path::Path) -> Option<(f64, Duration)> {
    let start = Instant::now();
    let output = Command::new("/usr/bin/time")
        .args(["-f", "%M"])
        .arg(binary)
        .args(["-q", "--format", "json"])
        .arg(file)
        .output()
        .ok()?;
    let elapsed = start.elapsed();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let kilobytes = stderr.lines().last()?.trim().parse::<f64>().ok()?;
    Some((kilobytes, elapsed))
}

fn main() {
    // `cargo bench` passes `--bench`; nothing else is read.
    let rules = match RuleSet::builtin() {
        Ok(rules) => rules.restrict(|r| r.profiles.contains(&Profile::Medical)),
        Err(error) => {
            eprintln!("{error}");
            return;
        }
    };
    let Ok(morph) = Morphology::global() else { return };
    let corpus = generated(&pages_in(&["corpus/medical", "corpus/cosmetic", "corpus/health-food"]));
    measure("corpus (claim-dense, written for the tests)", &corpus, &rules, &morph);
    let seeds = generated(&pages_in(&["../shared/seeds"]));
    if !seeds.is_empty() {
        measure("seed pages (real clinic copy), repeated", &seeds, &rules, &morph);
    }

    // Whole-process runs of the release binary.
    let binary = env!("CARGO_BIN_EXE_claimlint");
    let dir = std::env::temp_dir().join("claimlint-bench");
    let _ = std::fs::create_dir_all(&dir);
    let small = dir.join("small.txt");
    let _ = std::fs::write(&small, corpus.first().map_or("", String::as_str));
    let mut times: Vec<Duration> = (0..21)
        .map(|_| {
            let start = Instant::now();
            let _ = Command::new(binary).args(["-q", "--format", "json"]).arg(&small).output();
            start.elapsed()
        })
        .collect();
    times.sort();
    println!(
        "\none small page ({} bytes) as a whole process: median {:.1} ms, best {:.1} ms",
        corpus.first().map_or(0, String::len),
        times[times.len() / 2].as_secs_f64() * 1000.0,
        times[0].as_secs_f64() * 1000.0
    );
    for (name, pages) in [("corpus", &corpus), ("seed pages", &seeds)] {
        if pages.is_empty() {
            continue;
        }
        let file = dir.join(format!("{}.txt", name.replace(' ', "-")));
        let _ = std::fs::write(&file, pages.join("\n"));
        match whole_process(binary, &file) {
            Some((kilobytes, elapsed)) => println!(
                "{name} as one {:.1} MB file, whole process: {:.2} s, peak memory {:.0} MB",
                pages.iter().map(String::len).sum::<usize>() as f64 / 1_048_576.0,
                elapsed.as_secs_f64(),
                kilobytes / 1024.0
            ),
            None => println!("{name}: peak memory needs /usr/bin/time"),
        }
    }
}
