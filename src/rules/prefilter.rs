//! The prefilter: one Aho-Corasick automaton over the literal anchors of
//! every matcher, so that a sentence containing no anchor of a matcher is
//! never searched by it, and a sentence no token matcher could match is
//! never tokenised.

use aho_corasick::{AhoCorasick, MatchKind};

use super::{Matcher, MatcherId};

#[derive(Debug, Clone)]
pub struct Prefilter {
    automaton: Option<AhoCorasick>,
    /// For each anchor, the matchers it belongs to.
    owners: Vec<Vec<MatcherId>>,
    /// Matchers without anchors: candidates in every sentence.
    always: Vec<MatcherId>,
    matcher_count: usize,
}

impl Prefilter {
    pub fn new(matchers: &[Matcher]) -> Prefilter {
        let mut anchors: Vec<String> = Vec::new();
        let mut owners: Vec<Vec<MatcherId>> = Vec::new();
        let mut always = Vec::new();
        for (id, matcher) in matchers.iter().enumerate() {
            match matcher.anchors() {
                Some(list) => {
                    for anchor in list {
                        match anchors.iter().position(|a| *a == anchor) {
                            Some(index) => {
                                if let Some(owner) = owners.get_mut(index) {
                                    owner.push(id);
                                }
                            }
                            None => {
                                anchors.push(anchor);
                                owners.push(vec![id]);
                            }
                        }
                    }
                }
                None => always.push(id),
            }
        }
        // Standard semantics so that overlapping anchors are all reported.
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .ascii_case_insensitive(true)
            .build(&anchors)
            .ok();
        Prefilter { automaton, owners, always, matcher_count: matchers.len() }
    }

    /// Which matchers may match in `text`, indexed by matcher id. Without
    /// an automaton (it failed to build) every matcher is a candidate.
    pub fn candidates(&self, text: &str) -> Vec<bool> {
        let Some(automaton) = &self.automaton else {
            return vec![true; self.matcher_count];
        };
        let mut candidates = vec![false; self.matcher_count];
        for found in automaton.find_overlapping_iter(text) {
            for &id in self.owners.get(found.pattern().as_usize()).into_iter().flatten() {
                if let Some(flag) = candidates.get_mut(id) {
                    *flag = true;
                }
            }
        }
        for &id in &self.always {
            if let Some(flag) = candidates.get_mut(id) {
                *flag = true;
            }
        }
        candidates
    }

    /// Every matcher is a candidate (the prefilter switched off).
    pub fn all(&self) -> Vec<bool> {
        vec![true; self.matcher_count]
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
        let prefilter = Prefilter::new(&matchers);
        assert_eq!(prefilter.candidates("先着順です"), vec![false, true, false, true]);
        assert_eq!(prefilter.candidates("最先端の半額30%"), vec![true, true, true, true]);
        assert_eq!(prefilter.candidates("普通の文"), vec![false, false, false, true]);
    }
}
