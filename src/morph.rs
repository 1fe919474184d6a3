use std::borrow::Cow;
use std::sync::OnceLock;
use lindera::segmenter::Segmenter;
use lindera::mode::Mode;

mod embedded {
    lindera_dictionary::embedded_dictionary!("/ipadic", IpadicLoader);
}

#[derive(Debug, Clone)]
pub struct Morpheme { pub start: usize, pub end: usize, pub surface: String, pub details: Vec<String> }

pub struct Morphology { segmenter: Segmenter }
impl Morphology {
    pub fn global() -> &'static Morphology {
        static M: OnceLock<Morphology> = OnceLock::new();
        M.get_or_init(|| Morphology { segmenter: Segmenter::new(Mode::Normal, embedded::load().unwrap(), None) })
    }
    pub fn tokenize(&self, text: &str) -> Vec<Morpheme> {
        let mut toks = self.segmenter.segment(Cow::Borrowed(text)).unwrap();
        toks.iter_mut().map(|t| Morpheme { start: t.byte_start, end: t.byte_end, surface: t.surface.to_string(), details: t.details().iter().map(|s| s.to_string()).collect() }).collect()
    }
}
