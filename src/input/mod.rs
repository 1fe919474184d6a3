//! Reading a page: bytes → decoded source text (encodings) → prose (format
//! extraction), each step with an offset map back to the one before.

mod decode;
pub mod directive;
mod html;
mod markdown;
mod prose;
mod text;

pub use decode::{DecodeError, SourceText, decode, encoding_for_label};
pub use directive::{Directive, DirectiveKind};
pub use prose::{Prose, ProseBuilder};

use std::path::Path;

/// An I/O error's message without the "(os error N)" suffix, for the
/// errors claimlint reports about files.
pub fn io_message(error: &std::io::Error) -> String {
    let message = error.to_string();
    message.split(" (os error").next().unwrap_or(&message).to_string()
}

/// How a page is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Text,
    Markdown,
    Html,
}

impl Format {
    /// The format a file name implies: `.md`/`.markdown`, `.html`/`.htm`,
    /// anything else text.
    pub fn from_path(path: &Path) -> Format {
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        match extension.as_str() {
            "md" | "markdown" | "mdown" | "mkd" => Format::Markdown,
            "html" | "htm" | "xhtml" => Format::Html,
            _ => Format::Text,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Html => "html",
        }
    }
}

/// The prose of a decoded page.
pub fn extract(format: Format, source: &str) -> Prose {
    match format {
        Format::Text => text::extract(source),
        Format::Markdown => markdown::extract(source),
        Format::Html => html::extract(source),
    }
}
