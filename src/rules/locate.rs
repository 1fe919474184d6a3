//! Finding where in a YAML file an error after parsing lies.
//!
//! serde_yaml reports locations for syntax and schema errors only; errors
//! found while compiling (a bad regex, an unknown lexicon) are pointed at by
//! finding the key and value they concern in the source.

/// 1-based line and column of a top-level `key:`.
pub fn key(source: &str, key: &str) -> Option<(usize, usize)> {
    let prefix = format!("{key}:");
    source.lines().position(|line| line.starts_with(&prefix)).map(|index| (index + 1, 1))
}

/// 1-based line and column of `needle` at or after the top-level `key:`
/// (or anywhere when `key` is absent), falling back to the key itself.
pub fn value(source: &str, key_name: &str, needle: &str) -> Option<(usize, usize)> {
    let from = key(source, key_name).map_or(0, |(line, _)| line - 1);
    if !needle.is_empty() {
        for (index, line) in source.lines().enumerate().skip(from) {
            if let Some(byte) = line.find(needle) {
                return Some((index + 1, line[..byte].chars().count() + 1));
            }
        }
    }
    key(source, key_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOURCE: &str = "category: x\nmatch:\n  - regex: 'a('\n  - tokens: \"b c\"\n";

    #[test]
    fn finds_top_level_keys() {
        assert_eq!(key(SOURCE, "match"), Some((2, 1)));
        assert_eq!(key(SOURCE, "examples"), None);
    }

    #[test]
    fn finds_values_after_their_key() {
        assert_eq!(value(SOURCE, "match", "b c"), Some((4, 14)));
        assert_eq!(value(SOURCE, "match", "missing"), Some((2, 1)));
    }
}
