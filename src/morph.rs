//! Morphological analysis. The only module that knows Lindera: everything
//! else sees owned [`Morpheme`]s, so a change of analyser touches one file.
//!
//! The IPADIC dictionary is built by build.rs from the committed source and
//! embedded in the binary (zero-copy, loads in about a millisecond), with a
//! user dictionary of the field's terms (`dict/terms.csv`: エクソソーム,
//! 幹細胞, 上清液 ...) that IPADIC lacks or splits badly. Users may add their
//! own terms as Lindera user-dictionary CSV.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, OnceLock};

use lindera::dictionary::Dictionary;
use lindera::mode::Mode;
use lindera::segmenter::Segmenter;
use lindera_dictionary::builder::DictionaryBuilder;
use lindera_dictionary::dictionary::{DetailFields, UserDictionary};

use crate::text::Span;

mod embedded {
    lindera_dictionary::embedded_dictionary!("/ipadic", IpadicLoader);
}

/// The built-in terms, compiled by build.rs.
static TERMS_BIN: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/terms.bin"));
/// Their source, to merge with users' terms into one user dictionary.
static TERMS_CSV: &str = include_str!("../dict/terms.csv");

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
    /// Conjugation type of words that conjugate (`五段・ラ行`, `一段`,
    /// `形容詞・アウオ段`, `サ変・スル`, `特殊・マス` ...).
    pub conjugation: Option<String>,
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

/// A term file that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermsError {
    pub label: String,
    /// 1-based line, when the problem is one row.
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for TermsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.label, self.message),
            None => write!(f, "{}: {}", self.label, self.message),
        }
    }
}

impl std::error::Error for TermsError {}

/// Checks the shape of a user term file row by row, so errors name the
/// user's own line (Lindera would count the merged rows).
fn check_terms(label: &str, csv: &str) -> Result<(), TermsError> {
    for (index, line) in csv.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split(',').collect();
        let error = |message: String| TermsError {
            label: label.to_string(),
            line: Some(index + 1),
            message,
        };
        if fields.len() != 3 && fields.len() < 13 {
            return Err(error(format!(
                "expected 3 fields (surface,part_of_speech,reading) or the 13 of IPADIC, found {}",
                fields.len()
            )));
        }
        if fields.first().is_none_or(|surface| surface.trim().is_empty()) {
            return Err(error("empty surface".into()));
        }
        if fields.len() >= 13
            && fields.get(3).is_some_and(|cost| cost.trim().parse::<i16>().is_err())
        {
            let cost = fields.get(3).copied().unwrap_or_default();
            return Err(error(format!("word cost {cost:?} is not a number")));
        }
    }
    Ok(())
}

/// A loaded analyser. Cheap to share: use [`Morphology::global`].
pub struct Morphology {
    segmenter: Segmenter,
    /// Analyses of rule literals: the same word (ない, ありません) recurs in
    /// hundreds of patterns, and analysing each once keeps start-up short.
    words: Mutex<HashMap<String, Vec<Morpheme>>>,
}

impl fmt::Debug for Morphology {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Morphology(IPADIC + terms)")
    }
}

impl Morphology {
    /// Loads the embedded dictionary with the built-in terms.
    pub fn load() -> Result<Self, MorphError> {
        let dictionary: Dictionary = embedded::load().map_err(|e| MorphError(e.to_string()))?;
        let terms = UserDictionary::load(TERMS_BIN).map_err(|e| MorphError(e.to_string()))?;
        Ok(Morphology {
            segmenter: Segmenter::new(Mode::Normal, dictionary, Some(terms)),
            words: Mutex::default(),
        })
    }

    /// Loads the embedded dictionary with the built-in terms and users' own
    /// (Lindera user-dictionary CSV: `surface,part_of_speech,reading` or the
    /// 13-column IPADIC format), each given as (label, text).
    pub fn with_user_terms(files: &[(String, String)]) -> Result<Self, TermsError> {
        for (label, csv) in files {
            check_terms(label, csv)?;
        }
        let dictionary: Dictionary = embedded::load().map_err(|e| TermsError {
            label: "<built-in dictionary>".into(),
            line: None,
            message: e.to_string(),
        })?;
        let mut merged = String::from(TERMS_CSV);
        for (_, csv) in files {
            merged.push('\n');
            merged.push_str(csv);
        }
        let labels: Vec<&str> = files.iter().map(|(label, _)| label.as_str()).collect();
        let terms = DictionaryBuilder::new((*dictionary.metadata).clone())
            .build_user_dict_from_reader(merged.as_bytes())
            .map_err(|e| TermsError {
                label: labels.join(", "),
                line: None,
                message: e.to_string(),
            })?;
        Ok(Morphology {
            segmenter: Segmenter::new(Mode::Normal, dictionary, Some(terms)),
            words: Mutex::default(),
        })
    }

    /// The process-wide analyser with the built-in terms, loaded on first use.
    pub fn global() -> Result<Arc<Morphology>, MorphError> {
        static GLOBAL: OnceLock<Result<Arc<Morphology>, MorphError>> = OnceLock::new();
        GLOBAL.get_or_init(|| Morphology::load().map(Arc::new)).clone()
    }

    /// [`Self::tokenize`] for a word of a rule, remembered for the next
    /// rule that uses it.
    pub fn tokenize_word(&self, word: &str) -> Result<Vec<Morpheme>, MorphError> {
        if let Some(known) = self.words.lock().ok().and_then(|words| words.get(word).cloned()) {
            return Ok(known);
        }
        let morphemes = self.tokenize(word)?;
        if let Ok(mut words) = self.words.lock() {
            words.insert(word.to_string(), morphemes.clone());
        }
        Ok(morphemes)
    }

    /// Lindera alone, for benchmarks: segments `text` and reads every
    /// token's details, as a program that analysed everything would.
    /// Returns the number of tokens.
    pub fn lindera_only(&self, text: &str) -> Result<usize, MorphError> {
        let mut tokens =
            self.segmenter.segment(Cow::Borrowed(text)).map_err(|e| MorphError(e.to_string()))?;
        Ok(tokens.iter_mut().map(|token| token.details().len().min(1)).sum())
    }

    /// Splits `text` into morphemes whose spans are relative to `text`.
    pub fn tokenize(&self, text: &str) -> Result<Vec<Morpheme>, MorphError> {
        let tokens =
            self.segmenter.segment(Cow::Borrowed(text)).map_err(|e| MorphError(e.to_string()))?;
        Ok(tokens
            .iter()
            .map(|token| {
                let span = Span::new(token.byte_start, token.byte_end);
                let surface = token.surface.to_string();
                // IPADIC's details: four part-of-speech fields, conjugation
                // type, conjugation form, base form, readings; `*` is empty.
                let mut pos = String::with_capacity(32);
                let mut conjugation = None;
                let mut base = None;
                for (index, field) in details(token).enumerate().filter(|(_, f)| *f != "*") {
                    match index {
                        0..=3 => {
                            if !pos.is_empty() {
                                pos.push(',');
                            }
                            pos.push_str(field);
                        }
                        4 => conjugation = Some(field.to_string()),
                        6 => base = Some(field.to_string()),
                        _ => {}
                    }
                }
                let base = base.unwrap_or_else(|| surface.clone());
                Morpheme { span, surface, base, pos, conjugation }
            })
            .collect())
    }
}

/// A token's detail fields, read from the dictionary in place (Lindera's
/// `Token::details` would copy them into two vectors first).
fn details<'a>(token: &lindera::token::Token<'a>) -> DetailFields<'a> {
    let id = token.word_id.id() as usize;
    if token.word_id.is_unknown() {
        token.dictionary.unknown_word_details_iter(id)
    } else if token.word_id.is_system() {
        token.dictionary.word_details_iter(id)
    } else {
        token.user_dictionary.map_or_else(DetailFields::unk, |user| user.word_details_iter(id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn analyse(text: &str) -> Vec<Morpheme> {
        // `global` hands out one shared analyser.
        Morphology::global().expect("dictionary loads").tokenize(text).expect("analysis succeeds")
    }

    #[test]
    fn gives_surface_base_form_and_part_of_speech() {
        let morphemes = analyse("治ります");
        assert_eq!(morphemes[0].surface, "治り");
        assert_eq!(morphemes[0].base, "治る");
        assert_eq!(morphemes[0].pos, "動詞,自立");
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
        let morphemes = analyse("ナノリポソーム");
        assert_eq!(morphemes.len(), 1);
        assert_eq!(morphemes[0].base, "ナノリポソーム");
    }

    #[test]
    fn built_in_terms_are_single_nouns() {
        let surfaces: Vec<String> =
            analyse("幹細胞培養上清液とエクソソーム").into_iter().map(|m| m.surface).collect();
        assert_eq!(surfaces, vec!["幹細胞", "培養", "上清液", "と", "エクソソーム"]);
        assert_eq!(analyse("ダウンタイム")[0].pos, "名詞,一般");
    }

    #[test]
    fn users_can_add_terms() {
        let plain = analyse("ナノリポソーム美容液");
        assert_ne!(plain[0].surface, "ナノリポソーム美容液");
        let files = [(
            "terms.csv".to_string(),
            "ナノリポソーム美容液,名詞,ナノリポソームビヨウエキ\n".to_string(),
        )];
        let morph = Morphology::with_user_terms(&files).expect("user terms load");
        let morphemes = morph.tokenize("ナノリポソーム美容液です").expect("analysis succeeds");
        assert_eq!(morphemes[0].surface, "ナノリポソーム美容液");
        assert_eq!(morphemes[0].pos, "名詞");
    }

    #[test]
    fn bad_user_terms_are_an_error_naming_the_source() {
        let files = [("mine.csv".to_string(), "ok,名詞,オーケー\na,b\n".to_string())];
        let err = Morphology::with_user_terms(&files).expect_err("two fields is invalid");
        assert_eq!(
            err.to_string(),
            "mine.csv:2: expected 3 fields (surface,part_of_speech,reading) or the 13 of IPADIC, found 2"
        );
    }

    #[test]
    fn conjugating_words_carry_their_type() {
        let morphemes = analyse("治ります");
        assert_eq!(morphemes[0].conjugation.as_deref(), Some("五段・ラ行"));
        assert_eq!(analyse("副作用")[0].conjugation, None);
    }

    #[test]
    fn empty_text_has_no_morphemes() {
        assert_eq!(analyse(""), vec![]);
    }
}
