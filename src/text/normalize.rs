//! The normalised view rules match on: NFKC width folding (Ｎｏ．１ → No.1,
//! ｱﾝﾁｴｲｼﾞﾝｸﾞ → アンチエイジング) and zero-width characters removed (an
//! invisible 「最\u{200B}先端」 reads 最先端), with an offset map back to the
//! original.

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

use super::span::OffsetMap;

/// A text in normalised form and the map back to the text it came from.
#[derive(Debug, Clone)]
pub struct Normalized {
    pub text: String,
    pub map: OffsetMap,
}

/// Characters that NFKC leaves alone and that never combine with their
/// neighbours: most of Japanese prose (ASCII, kana, common kanji, 、。「」),
/// checked by range before asking the Unicode tables.
fn is_plain(c: char) -> bool {
    c.is_ascii()
        || matches!(c,
            '\u{3041}'..='\u{3096}' // hiragana, without the spacing voicing marks
            | '\u{30A1}'..='\u{30FA}' // katakana, without ヿ (a ligature)
            | 'ー'
            | '\u{4E00}'..='\u{9FFF}' // CJK unified ideographs
            | '、' | '。' | '「' | '」' | '『' | '』' | '【' | '】'
        )
}

/// Whether `c` attaches to the character before it, so the two must be
/// normalised together (a combining mark, or a half-width voiced sound mark
/// that NFKC composes with the kana before it).
fn attaches_to_previous(c: char) -> bool {
    !is_plain(c)
        && (matches!(c, '\u{FF9E}' | '\u{FF9F}' | '\u{3099}' | '\u{309A}')
            || canonical_combining_class(c) != 0)
}

/// Characters that render as nothing: removed from the view.
fn is_zero_width(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}')
}

/// Whether `text` is already what `normalize` makes of it.
pub fn is_normal(text: &str) -> bool {
    text.chars().all(is_plain)
        || (is_nfkc_quick(text.chars()) == IsNormalized::Yes && !text.chars().any(is_zero_width))
}

/// NFKC-normalises `text` cluster by cluster, recording which clusters
/// changed so spans in the result map back exactly.
pub fn normalize(text: &str) -> Normalized {
    let mut out = String::with_capacity(text.len());
    let mut map = OffsetMap::default();
    let mut folded = String::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, first)) = chars.next() {
        let mut end = start + first.len_utf8();
        while let Some(&(next_start, next)) = chars.peek() {
            if !attaches_to_previous(next) {
                break;
            }
            end = next_start + next.len_utf8();
            chars.next();
        }
        let cluster = &text[start..end];
        if is_zero_width(first) && cluster.len() == first.len_utf8() {
            map.push_replaced(start..end, 0);
            continue;
        }
        // Most text is already normal (ASCII, kana, kanji): copied as is.
        if (cluster.len() == first.len_utf8() && is_plain(first))
            || is_nfkc_quick(cluster.chars()) == IsNormalized::Yes
        {
            out.push_str(cluster);
            map.push_verbatim(start, cluster.len());
            continue;
        }
        folded.clear();
        folded.extend(cluster.nfkc());
        if folded == cluster {
            out.push_str(cluster);
            map.push_verbatim(start, cluster.len());
        } else {
            out.push_str(&folded);
            map.push_replaced(start..end, folded.len());
        }
    }
    Normalized { text: out, map }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Span;

    fn origin_of<'a>(original: &'a str, normalized: &Normalized, needle: &str) -> &'a str {
        let start = normalized.text.find(needle).expect("needle in normalised text");
        let span = normalized.map.to_origin(Span::new(start, start + needle.len()));
        &original[span.range()]
    }

    #[test]
    fn full_width_ascii_folds() {
        let original = "当院はＮｏ．１です";
        let n = normalize(original);
        assert_eq!(n.text, "当院はNo.1です");
        assert_eq!(origin_of(original, &n, "No.1"), "Ｎｏ．１");
        assert_eq!(origin_of(original, &n, "です"), "です");
    }

    #[test]
    fn half_width_katakana_with_voiced_marks_folds() {
        let original = "ｱﾝﾁｴｲｼﾞﾝｸﾞ効果";
        let n = normalize(original);
        assert_eq!(n.text, "アンチエイジング効果");
        assert_eq!(origin_of(original, &n, "ジング"), "ｼﾞﾝｸﾞ");
        assert_eq!(origin_of(original, &n, "効果"), "効果");
    }

    #[test]
    fn already_normal_text_is_one_verbatim_piece() {
        let original = "副作用がない。";
        let n = normalize(original);
        assert_eq!(n.text, original);
        assert_eq!(n.map, OffsetMap::identity(original.len()));
    }

    #[test]
    fn plain_characters_are_left_alone_by_nfkc() {
        let all = (0..=0x10FFFF).filter_map(char::from_u32).filter(|&c| is_plain(c));
        for c in all.filter(|c| !c.is_ascii_control()) {
            let one = c.to_string();
            assert_eq!(one.nfkc().collect::<String>(), one, "{c:?} changes under NFKC");
            assert_eq!(canonical_combining_class(c), 0, "{c:?} combines");
            assert!(!is_zero_width(c));
        }
    }

    #[test]
    fn zero_width_characters_are_removed_but_mapped() {
        let original = "当院は最\u{200B}先端です";
        let n = normalize(original);
        assert_eq!(n.text, "当院は最先端です");
        assert_eq!(origin_of(original, &n, "最先端"), "最\u{200B}先端");
        assert!(!is_normal(original));
        assert!(is_normal("最先端"));
    }

    #[test]
    fn combining_marks_compose() {
        let n = normalize("か\u{3099}ん");
        assert_eq!(n.text, "がん");
    }

    #[test]
    fn full_width_punctuation_folds() {
        let n = normalize("本当？（注）");
        assert_eq!(n.text, "本当?(注)");
    }
}
