//! Bytes in, text out: decoding a file's bytes into the source text, with an
//! offset map from the text back to the bytes as stored.
//!
//! Today this decodes UTF-8 with or without a byte-order mark. Other
//! encodings and markup extraction add layers with their own offset maps;
//! nothing downstream needs to change for them.

use std::fmt;

use crate::text::OffsetMap;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// A file's decoded text and the map back to its bytes.
#[derive(Debug, Clone)]
pub struct SourceText {
    pub text: String,
    /// Maps byte offsets of `text` to byte offsets of the file.
    pub map: OffsetMap,
}

/// Why a file's bytes could not be turned into text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// A NUL byte: the file is binary, not text.
    Binary { offset: usize },
    /// Bytes that are not valid UTF-8, starting at `offset`.
    InvalidUtf8 { offset: usize },
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Binary { offset } => {
                write!(f, "binary file (NUL byte at byte {offset}), not linted")
            }
            DecodeError::InvalidUtf8 { offset } => {
                write!(f, "invalid UTF-8 at byte {offset}")
            }
        }
    }
}

impl std::error::Error for DecodeError {}

/// Decodes a file's bytes as UTF-8, dropping a leading byte-order mark.
pub fn decode(bytes: &[u8]) -> Result<SourceText, DecodeError> {
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(DecodeError::Binary { offset });
    }
    let skip = if bytes.starts_with(UTF8_BOM) { UTF8_BOM.len() } else { 0 };
    let body = &bytes[skip..];
    let text = std::str::from_utf8(body)
        .map_err(|e| DecodeError::InvalidUtf8 { offset: skip + e.valid_up_to() })?;
    let mut map = OffsetMap::default();
    map.push_verbatim(skip, text.len());
    Ok(SourceText { text: text.to_owned(), map })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Span;

    #[test]
    fn plain_utf8_maps_to_itself() {
        let source = decode("副作用".as_bytes()).expect("valid UTF-8");
        assert_eq!(source.text, "副作用");
        assert_eq!(source.map.to_origin(Span::new(3, 6)), Span::new(3, 6));
    }

    #[test]
    fn bom_is_dropped_and_offsets_shift_by_three() {
        let source = decode(b"\xEF\xBB\xBFab").expect("valid UTF-8");
        assert_eq!(source.text, "ab");
        assert_eq!(source.map.to_origin(Span::new(1, 2)), Span::new(4, 5));
    }

    #[test]
    fn invalid_utf8_names_the_byte_offset() {
        assert_eq!(decode(b"ok\xFFrest").unwrap_err(), DecodeError::InvalidUtf8 { offset: 2 });
        // A BOM counts: the offset is into the file as stored.
        assert_eq!(
            decode(b"\xEF\xBB\xBF\xE3\x81").unwrap_err(),
            DecodeError::InvalidUtf8 { offset: 3 }
        );
    }

    #[test]
    fn nul_bytes_mean_binary() {
        assert_eq!(decode(b"PNG\0\x01").unwrap_err(), DecodeError::Binary { offset: 3 });
    }

    #[test]
    fn empty_input_is_empty_text() {
        assert_eq!(decode(b"").expect("empty is valid").text, "");
    }
}
