//! The documents the client has open: their text and version, edits
//! applied in the negotiated position encoding, and the format and path
//! each is linted as.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use lsp_types::{
    DidChangeTextDocumentParams, Position, PositionEncodingKind, TextDocumentItem, Uri,
};

use crate::input::Format;
use crate::walk::DEFAULT_EXTENSIONS;

/// How the client counts characters in a `Position`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
    Utf32,
}

impl Encoding {
    /// The encoding to use given those the client offers: UTF-8 (no
    /// conversion at all for edits), then UTF-32, else the protocol's
    /// default, UTF-16.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        let offered = offered.unwrap_or_default();
        if offered.contains(&PositionEncodingKind::UTF8) {
            Encoding::Utf8
        } else if offered.contains(&PositionEncodingKind::UTF32) {
            Encoding::Utf32
        } else {
            Encoding::Utf16
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
            Encoding::Utf32 => PositionEncodingKind::UTF32,
        }
    }

    /// Code units of one character.
    fn width(self, c: char) -> usize {
        match self {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
            Encoding::Utf32 => 1,
        }
    }

    /// Code units of a piece of text.
    pub fn len(self, text: &str) -> usize {
        match self {
            Encoding::Utf8 => text.len(),
            Encoding::Utf16 => text.chars().map(char::len_utf16).sum(),
            Encoding::Utf32 => text.chars().count(),
        }
    }
}

/// Byte offset where line `line` (0-based) starts; lines end at LF, CRLF
/// or a lone CR, as `text::LineIndex` counts them.
fn line_start(text: &str, line: usize) -> Option<usize> {
    if line == 0 {
        return Some(0);
    }
    let bytes = text.as_bytes();
    let mut seen = 0;
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        let next = match byte {
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => i + 2,
            b'\n' | b'\r' => i + 1,
            _ => {
                i += 1;
                continue;
            }
        };
        seen += 1;
        if seen == line {
            return Some(next);
        }
        i = next;
    }
    None
}

/// The byte offset of a position. Out-of-range positions are clamped as the
/// protocol says (a character past the line's end means the line's end, a
/// line past the end the end of the text); a position inside a character
/// (half a surrogate pair, a byte inside a UTF-8 sequence) means its start.
pub fn offset_at(text: &str, position: Position, encoding: Encoding) -> usize {
    let Some(start) = line_start(text, position.line as usize) else { return text.len() };
    let target = position.character as usize;
    let mut units = 0;
    for (i, c) in text.get(start..).unwrap_or("").char_indices() {
        if c == '\n' || c == '\r' || units >= target {
            return start + i;
        }
        units += encoding.width(c);
        if units > target {
            return start + i;
        }
    }
    text.len()
}

pub fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// One open document.
#[derive(Debug, Clone)]
pub struct OpenDocument {
    pub text: String,
    pub version: i32,
    /// How it is read; `None` for a file that is not a page (a settings
    /// or rule file the client also sent), which is not linted.
    pub format: Option<Format>,
    /// Where it is on disk (its settings are found from there); `None` for
    /// a buffer that is not a file.
    pub path: Option<PathBuf>,
}

/// The format a document is linted as: by its language id when it names
/// one claimlint reads, else by its file's extension when it is a page's
/// (`.txt`, `.md`, `.html` …); `None` for anything else.
pub fn format_of(language_id: &str, path: Option<&Path>) -> Option<Format> {
    match language_id.to_ascii_lowercase().as_str() {
        "markdown" | "md" => Some(Format::Markdown),
        "html" | "xhtml" | "htm" => Some(Format::Html),
        "plaintext" | "text" | "txt" => Some(Format::Text),
        _ => {
            let path = path?;
            let extension = path.extension()?.to_str()?.to_ascii_lowercase();
            let format = Format::from_path(path);
            let page = DEFAULT_EXTENSIONS.contains(&extension.as_str()) || format != Format::Text;
            page.then_some(format)
        }
    }
}

/// A `file:` URI's path; `None` for other schemes.
pub fn uri_to_path(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    // An authority of `localhost` is the local machine too.
    let path = rest.strip_prefix("localhost").unwrap_or(rest);
    let path = path.split(['?', '#']).next().unwrap_or(path);
    if !path.starts_with('/') {
        return None;
    }
    let bytes = percent_decode(path)?;
    Some(PathBuf::from(String::from_utf8(bytes).ok()?))
}

fn percent_decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        if byte == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(byte);
            i += 1;
        }
    }
    Some(out)
}

/// The `file:` URI of an absolute path.
pub fn path_to_uri(path: &Path) -> Option<Uri> {
    let absolute = std::path::absolute(path).ok()?;
    let mut uri = String::from("file://");
    for byte in absolute.to_str()?.bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            uri.push(char::from(byte));
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri.parse().ok()
}

/// Why an edit could not be applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotOpen(pub Uri);

/// The open documents.
#[derive(Debug, Default)]
pub struct Documents {
    open: HashMap<Uri, OpenDocument>,
}

impl Documents {
    pub fn open(&mut self, item: TextDocumentItem) {
        let path = uri_to_path(&item.uri);
        let format = format_of(&item.language_id, path.as_deref());
        let document = OpenDocument { text: item.text, version: item.version, format, path };
        self.open.insert(item.uri, document);
    }

    /// Applies the changes in order: each is the whole text or replaces a
    /// range of the text as the changes before it left it.
    pub fn change(
        &mut self,
        params: DidChangeTextDocumentParams,
        encoding: Encoding,
    ) -> Result<&OpenDocument, NotOpen> {
        let uri = params.text_document.uri;
        let Some(document) = self.open.get_mut(&uri) else { return Err(NotOpen(uri)) };
        for change in params.content_changes {
            match change.range {
                None => document.text = change.text,
                Some(range) => {
                    let a = offset_at(&document.text, range.start, encoding);
                    let b = offset_at(&document.text, range.end, encoding);
                    document.text.replace_range(a.min(b)..a.max(b), &change.text);
                }
            }
        }
        document.version = params.text_document.version;
        Ok(document)
    }

    pub fn close(&mut self, uri: &Uri) {
        self.open.remove(uri);
    }

    pub fn get(&self, uri: &Uri) -> Option<&OpenDocument> {
        self.open.get(uri)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&Uri, &OpenDocument)> {
        self.open.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::{Range, TextDocumentContentChangeEvent, VersionedTextDocumentIdentifier};

    const TEXT: &str = "a😀b\r\n日本\rx\n";

    /// The position of a byte offset (a char boundary, clamped to the text).
    fn position_at(text: &str, offset: usize, encoding: Encoding) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = text.get(..offset).unwrap_or("");
        let line = before.matches('\n').count() + before.matches('\r').count()
            - before.matches("\r\n").count();
        let line_start = before.rfind(['\n', '\r']).map_or(0, |at| at + 1);
        let column = encoding.len(before.get(line_start..).unwrap_or(""));
        Position::new(saturate(line), saturate(column))
    }

    #[test]
    fn offsets_in_each_encoding() {
        let at =
            |line, character, encoding| offset_at(TEXT, Position::new(line, character), encoding);
        // After the emoji: 2 UTF-16 units, 4 UTF-8 bytes, 1 character.
        assert_eq!(at(0, 3, Encoding::Utf16), 5);
        assert_eq!(at(0, 5, Encoding::Utf8), 5);
        assert_eq!(at(0, 2, Encoding::Utf32), 5);
        // Inside the emoji: its start.
        assert_eq!(at(0, 2, Encoding::Utf16), 1);
        assert_eq!(at(0, 3, Encoding::Utf8), 1);
        // CRLF and a lone CR end lines.
        assert_eq!(at(1, 1, Encoding::Utf16), 11);
        assert_eq!(at(2, 0, Encoding::Utf16), 15);
        // Past a line's end: the line's end; past the last line: the end.
        assert_eq!(at(0, 99, Encoding::Utf16), 6);
        assert_eq!(at(99, 0, Encoding::Utf16), TEXT.len());
        assert_eq!(at(3, 0, Encoding::Utf16), TEXT.len());
    }

    #[test]
    fn positions_in_each_encoding() {
        for encoding in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            // Every character start but the middle of a CRLF.
            for (offset, _) in TEXT.char_indices().filter(|(at, _)| *at != 7) {
                let position = position_at(TEXT, offset, encoding);
                assert_eq!(offset_at(TEXT, position, encoding), offset, "{encoding:?} {offset}");
            }
        }
        assert_eq!(position_at(TEXT, 11, Encoding::Utf16), Position::new(1, 1));
        assert_eq!(position_at(TEXT, 2, Encoding::Utf16), Position::new(0, 1));
    }

    #[test]
    fn negotiates_the_encoding() {
        let utf = |kinds: &[PositionEncodingKind]| Encoding::negotiate(Some(kinds));
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
        assert_eq!(utf(&[PositionEncodingKind::UTF16]), Encoding::Utf16);
        assert_eq!(
            utf(&[PositionEncodingKind::UTF32, PositionEncodingKind::UTF16]),
            Encoding::Utf32
        );
        assert_eq!(utf(&[PositionEncodingKind::UTF16, PositionEncodingKind::UTF8]), Encoding::Utf8);
    }

    #[test]
    fn incremental_edits_across_multibyte_characters() {
        let uri: Uri = "file:///tmp/page.txt".parse().expect("uri");
        let mut documents = Documents::default();
        documents.open(TextDocumentItem::new(uri.clone(), "plaintext".into(), 1, TEXT.into()));
        let edit = |start: Position, end: Position, text: &str| DidChangeTextDocumentParams {
            text_document: VersionedTextDocumentIdentifier::new(uri.clone(), 2),
            content_changes: vec![TextDocumentContentChangeEvent {
                range: Some(Range::new(start, end)),
                range_length: None,
                text: text.into(),
            }],
        };
        // Replace the emoji (UTF-16 columns 1..3) with 最.
        let changed = documents
            .change(edit(Position::new(0, 1), Position::new(0, 3), "最"), Encoding::Utf16)
            .expect("open");
        assert_eq!(changed.text, "a最b\r\n日本\rx\n");
        assert_eq!(changed.version, 2);
        // Join the second line to the first (across the CRLF), in UTF-8.
        let changed = documents
            .change(edit(Position::new(0, 5), Position::new(1, 0), ""), Encoding::Utf8)
            .expect("open");
        assert_eq!(changed.text, "a最b日本\rx\n");
        let missing = DidChangeTextDocumentParams {
            text_document: VersionedTextDocumentIdentifier::new(
                "file:///nope".parse().expect("uri"),
                1,
            ),
            content_changes: vec![],
        };
        assert!(documents.change(missing, Encoding::Utf8).is_err());
    }

    #[test]
    fn formats_by_language_id_then_extension() {
        let path = Path::new("/site/lp.md");
        assert_eq!(format_of("markdown", None), Some(Format::Markdown));
        assert_eq!(format_of("html", Some(path)), Some(Format::Html));
        assert_eq!(format_of("vue", Some(path)), Some(Format::Markdown));
        assert_eq!(format_of("plaintext", Some(Path::new("/site/notes"))), Some(Format::Text));
        // Not pages: settings and rule files, unknown buffers.
        assert_eq!(format_of("toml", Some(Path::new("/site/claimlint.toml"))), None);
        assert_eq!(format_of("yaml", Some(Path::new("/site/house/rule.yaml"))), None);
        assert_eq!(format_of("", None), None);
    }

    #[test]
    fn file_uris_and_paths() {
        let uri: Uri = "file:///tmp/%E3%83%9A%E3%83%BC%E3%82%B8%20a.md".parse().expect("uri");
        assert_eq!(uri_to_path(&uri), Some(PathBuf::from("/tmp/ページ a.md")));
        let back = path_to_uri(Path::new("/tmp/ページ a.md")).expect("uri");
        assert_eq!(back, uri);
        let untitled: Uri = "untitled:Untitled-1".parse().expect("uri");
        assert_eq!(uri_to_path(&untitled), None);
    }
}
