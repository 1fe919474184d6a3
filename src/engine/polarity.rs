//! Polarity: whether a match is asserted, or negated, limited, asked,
//! quoted as a mention, or hedged.
//!
//! The clause after a match decides it. 「副作用が全く無い」 followed by
//! 「わけではありません」 is limited, not a safety guarantee; 「副作用がないか、
//! 医師が確認します」 is a question; 「根本的な改善には至りません」 negates the
//! predicate of the claim; 「「完治」などの表現は禁止されています」 mentions
//! the words rather than claiming them; 「安全性が高いとされています」 is hedged.
//! The cue words live in the lexicons `negation`, `limitation`, `question`,
//! `mention` and `hedge`.

use crate::morph::Morpheme;
use crate::rules::TokenPattern;
use crate::text::Span;

/// How a match stands in its sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Polarity {
    Asserted,
    /// Asserted with hedging after it (〜とされています).
    Hedged,
    /// Its predicate is negated (治りません, 根本治療ではありません).
    Negated,
    /// Its negation is itself limited (〜わけではありません, 〜とは限りません).
    Limited,
    /// Asked rather than stated (〜ないか, 〜ないのでしょうか, 「痛みが少ない」は本当?).
    Question,
    /// Only supposed: the match is the condition of a conditional or a
    /// concession (ニキビが治っても, きれいになれば, 治ったら), or the goal
    /// of a method (毛穴をなくすためには, シミを消す方法).
    Hypothetical,
    /// The words are quoted to talk about them (「完治」などの表現).
    Mention,
}

impl Polarity {
    /// Whether the match claims what it says.
    pub fn is_claim(self) -> bool {
        matches!(self, Polarity::Asserted | Polarity::Hedged)
    }
}

/// The cue patterns, from the polarity lexicons.
#[derive(Debug, Clone, Copy)]
pub struct Cues<'a> {
    pub negation: &'a [TokenPattern],
    pub limitation: &'a [TokenPattern],
    pub question: &'a [TokenPattern],
    /// What the match is a goal of (〜するためには, 〜する方法): not a claim.
    pub purpose: &'a [TokenPattern],
    pub hedge: &'a [TokenPattern],
    pub mention: &'a [TokenPattern],
}

/// How far after a match the clause is searched for its predicate.
const CLAUSE_WINDOW: usize = 8;

fn any_at(patterns: &[TokenPattern], tokens: &[Morpheme], at: usize) -> bool {
    patterns.iter().any(|p| p.matches_at(tokens, at))
}

/// Conjunctive particles after which a new clause starts.
const CLAUSE_PARTICLES: [&str; 12] = [
    "が",
    "けど",
    "けれど",
    "けれども",
    "ので",
    "から",
    "のに",
    "し",
    "ば",
    "ても",
    "て",
    "ながら",
];

/// Whether `token` ends the clause; `next` is the morpheme after it. The
/// て of an auxiliary construction (確立されていません, 認められておらず)
/// continues the clause, so that its negation is seen.
fn ends_clause(token: &Morpheme, next: Option<&Morpheme>) -> bool {
    if matches!(token.surface.as_str(), "て" | "で")
        && next.is_some_and(|n| n.pos.starts_with("動詞,非自立"))
    {
        return false;
    }
    matches!(token.surface.as_str(), "、" | "," | "。" | "." | "!" | "?")
        || token.pos.starts_with("記号,句点")
        || token.pos.starts_with("記号,読点")
        || (token.pos.starts_with("助詞,接続助詞")
            && CLAUSE_PARTICLES.contains(&token.surface.as_str()))
}

/// A verb, adjective or auxiliary: what a purpose (ため, 方法) can follow
/// (毛穴をなくすため; not 根本治療の方法, which names the treatment).
fn is_verbal(token: &Morpheme) -> bool {
    ["動詞", "形容詞", "助動詞"].contains(&token.pos_top())
}

/// Whether the clause ending at `token` is a condition or a concession
/// (〜ても, 〜ば, 〜たら, 〜なら) rather than a statement.
fn is_conditional(token: &Morpheme, next: Option<&Morpheme>) -> bool {
    let particle = token.pos.starts_with("助詞,接続助詞");
    (particle && token.surface == "ば")
        || (particle
            && matches!(token.surface.as_str(), "て" | "で")
            && next.is_some_and(|n| n.surface == "も"))
        || (token.pos.starts_with("助動詞")
            && matches!(token.surface.as_str(), "たら" | "だら" | "なら"))
}

enum Role {
    /// Particles, auxiliaries, dependent nouns (こと, わけ), adverbs, symbols.
    Function,
    /// An independent verb or adjective: the clause's predicate.
    Predicate,
    /// A content word: a different claim begins.
    Content,
}

/// The role of `token`; `previous` is the morpheme before it. A verbal
/// noun followed by する is a predicate (確立する, 脱毛することは難しい),
/// and that する adds no second predicate.
fn role(token: &Morpheme, previous: Option<&Morpheme>, next: Option<&Morpheme>) -> Role {
    let light_verb = |t: &Morpheme| {
        t.pos.starts_with("動詞,自立") && matches!(t.base.as_str(), "する" | "できる" | "出来る")
    };
    if token.pos.starts_with("名詞,サ変接続") && next.is_some_and(light_verb) {
        return Role::Predicate;
    }
    if light_verb(token) && previous.is_some_and(|p| p.pos.starts_with("名詞,サ変接続")) {
        return Role::Function;
    }
    const FUNCTION: [&str; 8] = [
        "助詞",
        "助動詞",
        "名詞,非自立",
        "名詞,接尾",
        "動詞,非自立",
        "動詞,接尾",
        "形容詞,非自立",
        "副詞",
    ];
    if FUNCTION.iter().any(|p| token.pos.starts_with(p)) || token.pos_top() == "記号" {
        Role::Function
    } else if token.pos.starts_with("動詞,自立") || token.pos.starts_with("形容詞,自立") {
        Role::Predicate
    } else {
        Role::Content
    }
}

fn is_opening(c: char) -> bool {
    matches!(c, '「' | '『' | '(' | '“' | '【')
}

fn closing_of(c: char) -> char {
    match c {
        '「' => '」',
        '『' => '』',
        '(' => ')',
        '“' => '”',
        _ => '】',
    }
}

/// The byte offset just after the bracket that closes around `hit`, if the
/// match is quoted inside the sentence; quotes listed right after it
/// (「a」「b」, 「a」、「b」) are skipped, so that the words after the list
/// (などの表現) can tell whether the quotes are mentions.
fn closing_bracket_after(text: &str, sentence: Span, hit: Span) -> Option<usize> {
    let before = text.get(sentence.start..hit.start)?;
    let mut open: Vec<char> = Vec::new();
    for c in before.chars() {
        if is_opening(c) {
            open.push(c);
        } else if open.last().is_some_and(|&o| closing_of(o) == c) {
            open.pop();
        }
    }
    let opening = *open.last()?;
    let close = closing_of(opening);
    let after = text.get(hit.end..sentence.end)?;
    let mut end = hit.end + after.find(close)? + close.len_utf8();
    loop {
        let rest = text.get(end..sentence.end)?;
        let listed = rest.trim_start_matches(['、', '・', ',', ' ']);
        if !listed.starts_with(opening) {
            return Some(end);
        }
        let skipped = rest.len() - listed.len();
        match listed.find(close) {
            Some(index) => end += skipped + index + close.len_utf8(),
            None => return Some(end),
        }
    }
}

/// Whether the clause starting at token `from` ends in a question mark
/// (「痛みが少ない」は本当?, 「一生もの」って本当ですか?).
fn clause_asks(tokens: &[Morpheme], from: usize) -> bool {
    for (index, token) in tokens.iter().enumerate().skip(from).take(CLAUSE_WINDOW) {
        if ends_clause(token, tokens.get(index + 1)) {
            return token.surface == "?";
        }
    }
    false
}

fn first_token_from(tokens: &[Morpheme], offset: usize) -> usize {
    tokens.partition_point(|t| t.span.start < offset)
}

/// Judges a match `hit` in `sentence` of `text` (the normalised document),
/// given the sentence's morphemes.
pub fn judge(
    cues: Cues<'_>,
    text: &str,
    sentence: Span,
    tokens: &[Morpheme],
    hit: Span,
) -> Polarity {
    let tail = first_token_from(tokens, hit.end);

    if let Some(close) = closing_bracket_after(text, sentence, hit) {
        let after = first_token_from(tokens, close);
        if any_at(cues.mention, tokens, after) {
            return Polarity::Mention;
        }
        if clause_asks(tokens, after) {
            return Polarity::Question;
        }
    }
    if any_at(cues.mention, tokens, tail) {
        return Polarity::Mention;
    }

    let mut predicates = 0;
    let mut previous: Option<&Morpheme> = tail.checked_sub(1).and_then(|i| tokens.get(i));
    for (index, token) in tokens.iter().enumerate().skip(tail).take(CLAUSE_WINDOW) {
        // 「Xとは?」 asks what X is, taking X as given: a heading, not a question.
        if token.surface == "は" && previous.is_some_and(|p| p.surface == "と") {
            break;
        }
        let next = tokens.get(index + 1);
        if ends_clause(token, next) {
            if token.surface == "?" {
                return Polarity::Question;
            }
            if predicates == 0 && is_conditional(token, next) {
                return Polarity::Hypothetical;
            }
            break;
        }
        if predicates == 0 && is_conditional(token, next) {
            return Polarity::Hypothetical;
        }
        if any_at(cues.limitation, tokens, index) {
            return Polarity::Limited;
        }
        if any_at(cues.question, tokens, index) {
            return Polarity::Question;
        }
        if predicates == 0
            && index.checked_sub(1).and_then(|i| tokens.get(i)).is_some_and(is_verbal)
            && any_at(cues.purpose, tokens, index)
        {
            return Polarity::Hypothetical;
        }
        if any_at(cues.negation, tokens, index) {
            return Polarity::Negated;
        }
        let token_role = role(token, previous, next);
        previous = Some(token);
        match token_role {
            Role::Function => {}
            Role::Predicate => {
                predicates += 1;
                if predicates > 1 {
                    break;
                }
            }
            Role::Content => break,
        }
    }

    if (tail..tokens.len()).any(|index| any_at(cues.hedge, tokens, index)) {
        Polarity::Hedged
    } else {
        Polarity::Asserted
    }
}
