//! Morphological analysis. The only module that knows Lindera: everything
//! else sees owned [`Morpheme`]s, so a change of analyser touches one file.
//!
//! The IPADIC dictionary is built by build.rs from the committed source and
//! embedded in the binary (zero-copy, loads in about a millisecond).

use std::borrow::Cow;
use std::fmt;
use std::sync::OnceLock;

use lindera::dictionary::Dictionary;
use lindera::mode::Mode;
use lindera::segmenter::Segmenter;

use crate::text::Span;

mod embedded {
    lindera_dictionary::embedded_dictionary!("/ipadic", IpadicLoader);
}

/// One word as the analyser sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Morpheme {
    /// Byte span into the text that was analysed.
    pub span: Span,
    /// The text as written.
    pub surface: String,
    /// Dictionary (base) form: 治り → 治る; the surface for unknown words.
    pub base: String,
    /// Part of speech and its subcategories, comma-separated, without the
    /// empty `*` fields: `名詞,一般`, `動詞,自立`, `助詞,係助詞`.
    pub pos: String,
    /// Katakana reading, when the dictionary knows the word.
    pub reading: Option<String>,
}

impl Morpheme {
    /// The top-level part of speech (名詞, 動詞, 助詞 ...).
    pub fn pos_top(&self) -> &str {
        self.pos.split(',').next().unwrap_or("")
    }
}

/// The analyser failed on a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MorphError(String);

impl fmt::Display for MorphError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "morphological analysis failed: {}", self.0)
    }
}

impl std::error::Error for MorphError {}

/// A loaded analyser. Cheap to share: use [`Morphology::global`].
pub struct Morphology {
    segmenter: Segmenter,
}

impl Morphology {
    /// Loads the embedded dictionary.
    pub fn load() -> Result<Self, MorphError> {
        let dictionary: Dictionary = embedded::load().map_err(|e| MorphError(e.to_string()))?;
        Ok(Morphology {
            segmenter: Segmenter::new(Mode::Normal, dictionary, None),
        })
    }

    /// The process-wide analyser, loaded on first use.
    pub fn global() -> Result<&'static Morphology, MorphError> {
        static GLOBAL: OnceLock<Result<Morphology, MorphError>> = OnceLock::new();
        GLOBAL
            .get_or_init(Morphology::load)
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Splits `text` into morphemes whose spans are relative to `text`.
    pub fn tokenize(&self, text: &str) -> Result<Vec<Morpheme>, MorphError> {
        let mut tokens = self
            .segmenter
            .segment(Cow::Borrowed(text))
            .map_err(|e| MorphError(e.to_string()))?;
        Ok(tokens
            .iter_mut()
            .map(|token| {
                let span = Span::new(token.byte_start, token.byte_end);
                let surface = token.surface.to_string();
                let details = token.details();
                let field = |i: usize| details.get(i).map(|s| s.as_ref()).filter(|s| *s != "*");
                let pos = (0..4).filter_map(field).collect::<Vec<&str>>().join(",");
                let base = field(6).unwrap_or(&surface).to_string();
                let reading = field(7).map(str::to_string);
                Morpheme {
                    span,
                    surface,
                    base,
                    pos,
                    reading,
                }
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn analyse(text: &str) -> Vec<Morpheme> {
        Morphology::global()
            .expect("dictionary loads")
            .tokenize(text)
            .expect("analysis succeeds")
    }

    #[test]
    fn gives_surface_base_form_and_part_of_speech() {
        let morphemes = analyse("治ります");
        assert_eq!(morphemes[0].surface, "治り");
        assert_eq!(morphemes[0].base, "治る");
        assert_eq!(morphemes[0].pos, "動詞,自立");
        assert_eq!(morphemes[0].reading.as_deref(), Some("ナオリ"));
        assert_eq!(morphemes[1].base, "ます");
    }

    #[test]
    fn spans_are_byte_offsets_into_the_input() {
        let text = "副作用がない";
        let morphemes = analyse(text);
        let rebuilt: String = morphemes.iter().map(|m| &text[m.span.range()]).collect();
        assert_eq!(rebuilt, text);
        assert_eq!(morphemes[0].surface, "副作用");
        assert_eq!(morphemes[0].pos_top(), "名詞");
    }

    #[test]
    fn unknown_words_keep_their_surface_as_base_form() {
        let morphemes = analyse("エクソソーム");
        assert_eq!(morphemes.len(), 1);
        assert_eq!(morphemes[0].base, "エクソソーム");
        assert_eq!(morphemes[0].reading, None);
    }

    #[test]
    fn empty_text_has_no_morphemes() {
        assert_eq!(analyse(""), vec![]);
    }
}
