//! The prefilter: one Aho-Corasick automaton over the literal anchors of
//! every matcher, so that a sentence containing no anchor of a matcher is
//! never searched by it, and a sentence no token matcher could match is
//! never tokenised.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use super::pattern::NeededText;
use super::{Matcher, MatcherId};

#[derive(Debug, Clone)]
pub struct Prefilter {
    automaton: Option<AhoCorasick>,
    /// For each pattern of the automaton, the matchers it is an anchor of.
    owners: Vec<Vec<MatcherId>>,
    /// For each pattern of the automaton, the ids of the needed texts it
    /// spells.
    needs: Vec<Vec<usize>>,
    /// The needed texts, by id.
    texts: Vec<NeededText>,
    /// Matchers without anchors: candidates in every sentence.
    always: Vec<MatcherId>,
    matcher_count: usize,
    /// Per matcher, a range of `required`: need ids in sets, each set ended
    /// by `SET_END` (see [`Prefilter::needs_may_hold`]).
    required_of: Vec<(u32, u32)>,
    required: Vec<u32>,
}

/// Ends a set in `Prefilter::required`.
const SET_END: u32 = u32::MAX;

/// What one scan of a sentence found (reused from sentence to sentence).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scan {
    /// The matchers that may match, sorted, each once.
    pub candidates: Vec<MatcherId>,
    /// Which of the token patterns' needed texts occur, indexed by need id.
    pub present: Vec<bool>,
}

impl Prefilter {
    /// `needs` are the texts token patterns need (their interned ids are
    /// indices into it): one scan finds them together with the anchors.
    pub fn new(matchers: &[Matcher], needs: &[NeededText]) -> Prefilter {
        let mut patterns: Vec<String> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut owners: Vec<Vec<MatcherId>> = Vec::new();
        let mut need_of: Vec<Vec<usize>> = Vec::new();
        let mut slot = |text: &str, patterns: &mut Vec<String>| -> usize {
            *index.entry(text.to_string()).or_insert_with(|| {
                patterns.push(text.to_string());
                patterns.len() - 1
            })
        };
        let mut always = Vec::new();
        for (id, matcher) in matchers.iter().enumerate() {
            match matcher.anchors() {
                Some(list) => {
                    for anchor in list {
                        let at = slot(&anchor, &mut patterns);
                        owners.resize(patterns.len(), Vec::new());
                        if let Some(owner) = owners.get_mut(at) {
                            owner.push(id);
                        }
                    }
                }
                None => always.push(id),
            }
        }
        for (id, need) in needs.iter().enumerate() {
            let at = slot(&need.text, &mut patterns);
            need_of.resize(patterns.len(), Vec::new());
            if let Some(entry) = need_of.get_mut(at) {
                entry.push(id);
            }
        }
        owners.resize(patterns.len(), Vec::new());
        need_of.resize(patterns.len(), Vec::new());
        // Standard semantics so that overlapping anchors are all reported.
        let automaton = AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .match_kind(MatchKind::Standard)
            .ascii_case_insensitive(true)
            .build(&patterns)
            .ok();
        let mut required = Vec::new();
        let mut required_of = Vec::with_capacity(matchers.len());
        for matcher in matchers {
            let start = required.len() as u32;
            for set in matcher.required_sets() {
                required.extend(set.into_iter().filter_map(|id| u32::try_from(id).ok()));
                required.push(SET_END);
            }
            required_of.push((start, required.len() as u32));
        }
        Prefilter {
            required_of,
            required,
            automaton,
            owners,
            needs: need_of,
            texts: needs.to_vec(),
            always,
            matcher_count: matchers.len(),
        }
    }

    /// Which matchers may match in `text` and which needed texts it holds.
    pub fn scan(&self, text: &str) -> Scan {
        let mut scan = Scan::default();
        self.scan_into(text, &mut scan);
        scan
    }

    /// [`Self::scan`] into a scan whose buffers are reused. Without an
    /// automaton (it failed to build) everything is possible.
    pub fn scan_into(&self, text: &str, scan: &mut Scan) {
        let Some(automaton) = &self.automaton else {
            *scan = self.all();
            return;
        };
        scan.candidates.clear();
        scan.present.clear();
        scan.present.resize(self.texts.len(), false);
        for found in automaton.find_overlapping_iter(text) {
            let at = found.pattern().as_usize();
            scan.candidates.extend(self.owners.get(at).into_iter().flatten());
            for &id in self.needs.get(at).into_iter().flatten() {
                let counts = self.texts.get(id).is_some_and(|t| t.counts_at(text, found.end()));
                if let Some(flag) = scan.present.get_mut(id).filter(|_| counts) {
                    *flag = true;
                }
            }
        }
        scan.candidates.extend(&self.always);
        scan.candidates.sort_unstable();
        scan.candidates.dedup();
    }

    /// Whether a token matcher's needs may hold given the needed texts a
    /// sentence holds: one of each of its required sets must be present.
    /// Read from one dense table, so most candidates are turned down without
    /// touching their patterns.
    pub fn needs_may_hold(&self, matcher: MatcherId, present: &[bool]) -> bool {
        let Some(&(start, end)) = self.required_of.get(matcher) else { return true };
        let ids = self.required.get(start as usize..end as usize).unwrap_or_default();
        let mut satisfied = false;
        for &id in ids {
            if id == SET_END {
                if !satisfied {
                    return false;
                }
                satisfied = false;
            } else if !satisfied {
                satisfied = present.get(id as usize).copied().unwrap_or(true);
            }
        }
        true
    }

    /// Every matcher is a candidate and every text present (the prefilter
    /// switched off).
    pub fn all(&self) -> Scan {
        Scan {
            candidates: (0..self.matcher_count).collect(),
            present: vec![true; self.texts.len()],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_matchers_whose_anchor_occurs_are_candidates() {
        let matchers = vec![
            Matcher::phrases(&["最先端".into()]).expect("compiles"),
            Matcher::phrases(&["半額".into(), "先着".into()]).expect("compiles"),
            // A regex is anchored on its required literal (%).
            Matcher::regex("[0-9]+%").expect("compiles"),
            // Without one it runs everywhere.
            Matcher::regex("[0-9]+").expect("compiles"),
        ];
        let prefilter = Prefilter::new(&matchers, &[]);
        assert_eq!(prefilter.scan("先着順です").candidates, vec![1, 3]);
        assert_eq!(prefilter.scan("最先端の半額30%").candidates, vec![0, 1, 2, 3]);
        assert_eq!(prefilter.scan("普通の文").candidates, vec![3]);
    }

    #[test]
    fn a_token_matcher_needs_one_text_of_each_required_set() {
        let morph = crate::morph::Morphology::global().expect("dictionary loads");
        let pattern = crate::rules::TokenPattern::parse(
            "(副作用|リスク) が ない",
            &morph,
            &crate::rules::pattern::NoLexicons,
        )
        .expect("parses");
        let mut matchers = vec![Matcher::Tokens(pattern)];
        let mut table = crate::rules::NeedTable::default();
        matchers.iter_mut().for_each(|m| m.intern_needs(&mut table));
        let prefilter = Prefilter::new(&matchers, &table.into_texts());
        let holds = |text: &str| prefilter.needs_may_hold(0, &prefilter.scan(text).present);
        assert!(holds("リスクがない"));
        assert!(!holds("副作用について"), "no が and no な");
        assert!(!holds("がない"), "neither 副作用 nor リスク");
    }
}
