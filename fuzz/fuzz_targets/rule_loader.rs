//! Text → rule file, lexicon file, settings file, token pattern.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| claimlint::fuzzing::rule_loader(data));
