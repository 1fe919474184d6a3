//! An open document in the language server under arbitrary edits: ranges
//! stay in the text and lead back to their findings.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| claimlint::fuzzing::lsp_edits(data));
