//! The baseline of the throughput benchmark: Lindera (the same embedded
//! dictionary and terms as claimlint) tokenising every line of a file on
//! one thread, as a whole process. `claimlint` is measured against it.
//!
//! usage: tokenize_lines FILE

use std::process::ExitCode;

use claimlint::morph::Morphology;

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: tokenize_lines FILE");
        return ExitCode::from(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("{path}: {error}");
            return ExitCode::from(2);
        }
    };
    let morph = match Morphology::load() {
        Ok(morph) => morph,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::from(2);
        }
    };
    let mut tokens = 0;
    for line in text.lines() {
        match morph.lindera_only(line) {
            Ok(count) => tokens += count,
            Err(error) => {
                eprintln!("{path}: {error}");
                return ExitCode::from(2);
            }
        }
    }
    println!("{tokens} tokens");
    ExitCode::SUCCESS
}
