//! Bytes → diagnostics, in every input format, encoding and output format.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| claimlint::fuzzing::pipeline(data));
