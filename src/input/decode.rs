//! Bytes in, text out: decoding a file's bytes into the source text, with an
//! offset map from the text back to the bytes as stored.
//!
//! The encoding is forced (`--encoding`), or detected: a byte-order mark,
//! then (for HTML) a `<meta charset>` in the first kilobyte, then valid
//! UTF-8, then chardetng's guess among the Japanese encodings (Shift_JIS,
//! EUC-JP, ISO-2022-JP).

use std::fmt;

use encoding_rs::{DecoderResult, EUC_JP, Encoding, ISO_2022_JP, SHIFT_JIS, UTF_8};

use crate::text::OffsetMap;

/// A file's decoded text and the map back to its bytes.
#[derive(Debug, Clone)]
pub struct SourceText {
    pub text: String,
    /// Maps byte offsets of `text` to byte offsets of the file.
    pub map: OffsetMap,
    /// The encoding the file was read in.
    pub encoding: &'static Encoding,
}

/// Why a file's bytes could not be turned into text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// A NUL byte in a file without a UTF-16 byte-order mark: binary.
    Binary { offset: usize },
    /// Bytes that are not valid in the encoding, starting at `offset`.
    Invalid { encoding: &'static str, offset: usize },
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Binary { offset } => {
                write!(f, "binary file (NUL byte at byte {offset}), not linted")
            }
            DecodeError::Invalid { encoding, offset } => {
                write!(f, "invalid {encoding} at byte {offset}")
            }
        }
    }
}

impl std::error::Error for DecodeError {}

/// The encoding named by a label (`utf-8`, `shift_jis`, `cp932`, `euc-jp`).
pub fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
    Encoding::for_label(label.trim().as_bytes())
}

/// The charset a `<meta>` tag declares in the first kilobyte of HTML.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes.get(..1024).unwrap_or(bytes).to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = head.get(from..).and_then(|rest| find(rest, b"<meta")) {
        let tag_start = from + at;
        let rest = head.get(tag_start..).unwrap_or_default();
        let tag_end = find(rest, b">").map_or(head.len(), |e| tag_start + e);
        let tag = head.get(tag_start..tag_end).unwrap_or_default();
        if let Some(c) = find(tag, b"charset=") {
            let value = tag.get(c + 8..).unwrap_or_default();
            let value: Vec<u8> = value
                .iter()
                .copied()
                .skip_while(|b| *b == b'"' || *b == b'\'' || *b == b' ')
                .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'))
                .collect();
            return Encoding::for_label(&value);
        }
        from = tag_end;
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Decodes a file's bytes. `forced` overrides detection; `html` allows a
/// `<meta charset>` to decide.
pub fn decode(
    bytes: &[u8],
    forced: Option<&'static Encoding>,
    html: bool,
) -> Result<SourceText, DecodeError> {
    let (bom_encoding, bom_len) = match Encoding::for_bom(bytes) {
        Some((encoding, len)) => (Some(encoding), len),
        None => (None, 0),
    };
    let is_utf16 = bom_encoding.is_some_and(|e| e != UTF_8);
    if !is_utf16 && let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(DecodeError::Binary { offset });
    }
    let declared =
        forced.or(bom_encoding).or_else(|| if html { meta_charset(bytes) } else { None });
    let encoding = match declared {
        Some(encoding) => encoding,
        // Valid UTF-8 is taken as such (validated once, here).
        None => match std::str::from_utf8(bytes) {
            Ok(text) => return Ok(verbatim(text, 0)),
            Err(_) => guess(bytes),
        },
    };
    // A BOM of the encoding in use is not text.
    let skip = if bom_encoding == Some(encoding) { bom_len } else { 0 };
    let body = bytes.get(skip..).unwrap_or_default();
    if encoding == UTF_8 {
        let text = std::str::from_utf8(body).map_err(|e| DecodeError::Invalid {
            encoding: "UTF-8",
            offset: skip + e.valid_up_to(),
        })?;
        return Ok(verbatim(text, skip));
    }
    transcode(body, skip, encoding)
}

/// UTF-8 text that starts `skip` bytes into the file.
fn verbatim(text: &str, skip: usize) -> SourceText {
    let mut map = OffsetMap::default();
    map.push_verbatim(skip, text.len());
    SourceText { text: text.to_owned(), map, encoding: UTF_8 }
}

/// For bytes that are not UTF-8: the Japanese encoding chardetng thinks
/// likeliest (UTF-8 again when it names none, so that the error points at
/// the first invalid byte).
fn guess(bytes: &[u8]) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Allow);
    detector.feed(bytes, true);
    let guess = detector.guess(None, chardetng::Utf8Detection::Allow);
    if [SHIFT_JIS, EUC_JP, ISO_2022_JP].contains(&guess) { guess } else { UTF_8 }
}

/// Decodes with a per-character offset map: each character that is not a
/// byte-for-byte copy becomes one replaced segment.
fn transcode(
    body: &[u8],
    skip: usize,
    encoding: &'static Encoding,
) -> Result<SourceText, DecodeError> {
    let invalid = |offset| DecodeError::Invalid { encoding: encoding.name(), offset };
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut text = String::with_capacity(body.len() * 3 / 2);
    let mut map = OffsetMap::default();
    // Start of the bytes not yet turned into characters.
    let mut pending = 0;
    for index in 0..=body.len() {
        let last = index == body.len();
        let input = body.get(index..index + usize::from(!last)).unwrap_or_default();
        if let Some(room) = decoder.max_utf8_buffer_length_without_replacement(input.len()) {
            text.reserve(room);
        }
        let before = text.len();
        let (result, _) = decoder.decode_to_string_without_replacement(input, &mut text, last);
        if let DecoderResult::Malformed(_, _) = result {
            return Err(invalid(skip + pending));
        }
        let consumed = index + usize::from(!last);
        if text.len() > before {
            let produced = text.get(before..).unwrap_or_default();
            let source = body.get(pending..consumed).unwrap_or_default();
            if produced.as_bytes() == source {
                map.push_verbatim(skip + pending, source.len());
            } else {
                map.push_replaced(skip + pending..skip + consumed, produced.len());
            }
            pending = consumed;
        }
    }
    Ok(SourceText { text, map, encoding })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Span;

    fn utf8(bytes: &[u8]) -> Result<SourceText, DecodeError> {
        decode(bytes, None, false)
    }

    #[test]
    fn plain_utf8_maps_to_itself() {
        let source = utf8("副作用".as_bytes()).expect("valid UTF-8");
        assert_eq!(source.text, "副作用");
        assert_eq!(source.map.to_origin(Span::new(3, 6)), Span::new(3, 6));
        assert_eq!(source.encoding, UTF_8);
    }

    #[test]
    fn bom_is_dropped_and_offsets_shift_by_three() {
        let source = utf8(b"\xEF\xBB\xBFab").expect("valid UTF-8");
        assert_eq!(source.text, "ab");
        assert_eq!(source.map.to_origin(Span::new(1, 2)), Span::new(4, 5));
    }

    #[test]
    fn invalid_utf8_names_the_byte_offset() {
        let err = utf8(b"ok\xFFrest").expect_err("invalid");
        assert_eq!(err.to_string(), "invalid UTF-8 at byte 2");
        let err = utf8(b"\xEF\xBB\xBF\xE3\x81").expect_err("truncated");
        assert_eq!(err, DecodeError::Invalid { encoding: "UTF-8", offset: 3 });
    }

    #[test]
    fn nul_bytes_mean_binary() {
        assert_eq!(utf8(b"PNG\0\x01").expect_err("binary"), DecodeError::Binary { offset: 3 });
    }

    #[test]
    fn empty_input_is_empty_text() {
        assert_eq!(utf8(b"").expect("empty is valid").text, "");
    }

    #[test]
    fn shift_jis_is_detected_and_mapped_per_character() {
        let (bytes, _, _) = SHIFT_JIS.encode("当院はNo.1の最先端です");
        let source = utf8(&bytes).expect("decodes");
        assert_eq!(source.encoding, SHIFT_JIS);
        assert_eq!(source.text, "当院はNo.1の最先端です");
        let start = source.text.find("最先端").expect("present");
        let span = source.map.to_origin(Span::new(start, start + "最先端".len()));
        // 当院は (6 bytes) No.1 (4) の (2): 最先端 starts at byte 12, 6 bytes long.
        assert_eq!(span, Span::new(12, 18));
        let ascii = source.text.find("No.1").expect("present");
        assert_eq!(source.map.to_origin(Span::new(ascii, ascii + 4)), Span::new(6, 10));
    }

    #[test]
    fn euc_jp_is_detected() {
        let (bytes, _, _) =
            EUC_JP.encode("副作用がないと宣伝する広告は、医療広告ガイドラインで禁止されています。");
        let source = utf8(&bytes).expect("decodes");
        assert_eq!(source.encoding, EUC_JP);
        assert!(source.text.starts_with("副作用がない"));
    }

    #[test]
    fn a_forced_encoding_wins_and_names_bad_bytes() {
        let (bytes, _, _) = SHIFT_JIS.encode("最先端");
        let source = decode(&bytes, Some(SHIFT_JIS), false).expect("decodes");
        assert_eq!(source.text, "最先端");
        let err = decode(b"ab\x81", Some(SHIFT_JIS), false).expect_err("truncated");
        assert_eq!(err.to_string(), "invalid Shift_JIS at byte 2");
    }

    #[test]
    fn html_meta_charset_decides() {
        let mut bytes = b"<meta charset=\"shift_jis\"><p>".to_vec();
        bytes.extend_from_slice(&SHIFT_JIS.encode("最先端").0);
        let source = decode(&bytes, None, true).expect("decodes");
        assert_eq!(source.encoding, SHIFT_JIS);
        assert!(source.text.ends_with("最先端"));
    }

    #[test]
    fn utf16_with_a_bom_is_text_not_binary() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "最先端".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let source = utf8(&bytes).expect("decodes");
        assert_eq!(source.text, "最先端");
        assert_eq!(source.map.to_origin(Span::new(3, 6)), Span::new(4, 6));
    }
}
