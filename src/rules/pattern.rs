//! Token patterns: what a rule looks for in the sequence of morphemes.
//!
//! ```text
//! 副作用 (が|は|の心配は)? *{0,2} (ない|ありません|ございません)
//! ```
//!
//! | syntax | matches |
//! |---|---|
//! | `治る` | one or more whole morphemes spelling the word; the last may be conjugated (治り, 治ら, 治っ) because it is also compared by base form |
//! | `"二 語"` | a literal containing spaces or syntax characters |
//! | `(a b\|c)` | a group of alternatives, each a sequence |
//! | `<名詞>`, `<名詞,一般>`, `<助詞\|助動詞>` | one morpheme whose part of speech starts with those fields |
//! | `*` | any one morpheme |
//! | `@hedge` | any entry of the lexicon `rules/lexicon/hedge.yaml` |
//! | `x?`, `x+`, `x{2}`, `x{0,3}` | optional, repeated (at most 8), bounded gap (`*{0,3}`) |
//!
//! Numbers are a part of speech: `<名詞,数> 歳` matches 10歳.
//!
//! Literals never match part of a morpheme: `治る` does not match inside
//! 治療, which a plain word list cannot tell apart. Latin letters compare
//! case-insensitively; literals are width-folded like the text.

use std::fmt;

use crate::morph::{Morpheme, Morphology};
use crate::text::normalize;

/// The largest repeat count a quantifier may give, so gaps stay bounded.
pub const MAX_REPEAT: usize = 8;

/// Alternatives, each a sequence of items.
type Alternatives = Vec<Vec<Item>>;

#[derive(Debug, Clone)]
struct Item {
    atom: Atom,
    min: usize,
    max: usize,
}

#[derive(Debug, Clone)]
enum Atom {
    Literal(Literal),
    /// Alternatives of part-of-speech field prefixes.
    Pos(Vec<Vec<String>>),
    Any,
    Group(Alternatives),
}

#[derive(Debug, Clone)]
struct Literal {
    /// Width-folded text.
    text: String,
    /// A substring every match must contain, for the prefilter; `None` when
    /// no substring is certain (an irregular verb's stem).
    anchor: Option<String>,
    /// Every match has a hiragana right after the anchor: the anchor is the
    /// stem of a 五段 verb, whose every form adds a kana ending (治ら, 治り,
    /// 治っ ...), so 治 in 治療 cannot begin one.
    then_kana: bool,
}

/// A text a token pattern needs in a sentence, perhaps only where a
/// hiragana follows it (see `Literal::then_kana`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NeededText {
    pub text: String,
    pub then_kana: bool,
}

impl NeededText {
    /// Whether an occurrence of the text ending at byte `end` of `text`
    /// counts.
    pub fn counts_at(&self, text: &str, end: usize) -> bool {
        !self.then_kana || hiragana_at(text, end)
    }

    fn occurs_in(&self, text: &str) -> bool {
        if !self.then_kana {
            return contains_ignore_ascii_case(text, &self.text);
        }
        text.match_indices(self.text.as_str())
            .any(|(at, _)| self.counts_at(text, at + self.text.len()))
    }
}

/// Whether the character at byte `at` of `text` is a hiragana.
fn hiragana_at(text: &str, at: usize) -> bool {
    text.get(at..).and_then(|rest| rest.chars().next()).is_some_and(is_hiragana)
}

fn is_hiragana(c: char) -> bool {
    ('\u{3041}'..='\u{309F}').contains(&c)
}

/// A compiled token pattern.
#[derive(Debug, Clone)]
pub struct TokenPattern {
    source: String,
    root: Alternatives,
    /// Characters a match's first morpheme can start with (sorted), when
    /// the pattern starts with literals: other start positions are skipped
    /// without trying the pattern.
    first_chars: Option<Vec<char>>,
    /// What a sentence's text must contain for a match to be possible.
    needs: Need,
}

/// A text-level condition for a match: all of, any of, or a substring.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Need {
    /// Nothing is certain (a part-of-speech test, `*`).
    Nothing,
    Text(NeededText),
    /// A substring interned in the rule set's table of needed texts
    /// ([`TokenPattern::intern_needs`]): the prefilter's one scan of a
    /// sentence says which are present.
    Leaf(usize),
    All(Vec<Need>),
    Any(Vec<Need>),
    /// One of `Adjacent.left` written right before one of `Adjacent.right`
    /// (with only spaces or quote marks between, which the analyser drops
    /// or a sequence skips): what the words of a sequence mean for the text
    /// when nothing but words can come between them.
    Adjacent(Box<Adjacent>),
}

/// Texts written one right after the other (ASCII-lowercased, as the text
/// they are looked for in when `ascii` says one holds a Latin letter).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Adjacent {
    left: Vec<String>,
    right: Vec<String>,
    ascii: bool,
}

impl Adjacent {
    fn new(left: Vec<String>, right: Vec<String>) -> Adjacent {
        let ascii = left.iter().chain(&right).any(|t| t.bytes().any(|b| b.is_ascii_alphabetic()));
        Adjacent { left, right, ascii }
    }

    fn holds(&self, text: &str) -> bool {
        // Texts without Latin letters match the same in any letter case.
        let folded = if self.ascii && text.bytes().any(|b| b.is_ascii_uppercase()) {
            std::borrow::Cow::Owned(text.to_ascii_lowercase())
        } else {
            std::borrow::Cow::Borrowed(text)
        };
        self.left.iter().any(|left| {
            folded.match_indices(left.as_str()).any(|(at, _)| {
                let rest = folded.get(at + left.len()..).unwrap_or("");
                let rest = rest.trim_start_matches(|c: char| c.is_whitespace() || is_quote_char(c));
                self.right.iter().any(|right| rest.starts_with(right.as_str()))
            })
        })
    }
}

/// The texts every match of a literal item must be written as, when it is
/// one fixed word (not a conjugating one, nor repeated).
fn fixed_texts(item: &Item) -> Option<Vec<String>> {
    if item.min != 1 || item.max != 1 {
        return None;
    }
    let literal_text = |atom: &Atom| match atom {
        Atom::Literal(literal) if literal.anchor.as_deref() == Some(literal.text.as_str()) => {
            Some(literal.text.to_ascii_lowercase())
        }
        _ => None,
    };
    match &item.atom {
        Atom::Group(alternatives) => alternatives
            .iter()
            .map(|items| match items.as_slice() {
                [only] if only.min == 1 && only.max == 1 => literal_text(&only.atom),
                _ => None,
            })
            .collect(),
        atom => literal_text(atom).map(|text| vec![text]),
    }
}

/// Texts one of which every match of `items` starts with, and whether the
/// items can match nothing; `None` when a start is not certain.
fn starting_texts(items: &[Item]) -> Option<(Vec<String>, bool)> {
    let mut texts = Vec::new();
    for item in items {
        let (starts, can_be_empty) = match &item.atom {
            Atom::Literal(literal) => (vec![literal.anchor.clone()?.to_ascii_lowercase()], false),
            Atom::Group(alternatives) => {
                let mut starts = Vec::new();
                let mut empty = false;
                for alternative in alternatives {
                    let (more, can_be_empty) = starting_texts(alternative)?;
                    starts.extend(more);
                    empty |= can_be_empty;
                }
                (starts, empty)
            }
            Atom::Pos(_) | Atom::Any => return None,
        };
        texts.extend(starts);
        if item.min > 0 && !can_be_empty {
            return Some((texts, false));
        }
    }
    Some((texts, true))
}

impl Need {
    fn of_sequence(items: &[Item]) -> Need {
        let mut needs: Vec<Need> = items
            .iter()
            .filter(|item| item.min > 0)
            .map(|item| Need::of_atom(&item.atom))
            .filter(|need| *need != Need::Nothing)
            .collect();
        // A fixed word and what must follow it, when that is certain: the
        // analyser is needed only where they are written together.
        for (index, item) in items.iter().enumerate() {
            let Some(left) = fixed_texts(item) else { continue };
            let rest = items.get(index + 1..).unwrap_or_default();
            if let Some((right, false)) = starting_texts(rest) {
                needs.push(Need::Adjacent(Box::new(Adjacent::new(left, right))));
            }
        }
        if needs.is_empty() { Need::Nothing } else { Need::All(needs) }
    }

    fn of_alternatives(alternatives: &Alternatives) -> Need {
        let needs: Vec<Need> = alternatives.iter().map(|items| Need::of_sequence(items)).collect();
        // One alternative with no certain text makes the whole group uncertain.
        if needs.contains(&Need::Nothing) { Need::Nothing } else { Need::Any(needs) }
    }

    fn of_atom(atom: &Atom) -> Need {
        match atom {
            Atom::Literal(literal) => literal.anchor.clone().map_or(Need::Nothing, |text| {
                Need::Text(NeededText { text, then_kana: literal.then_kana })
            }),
            Atom::Group(alternatives) => Need::of_alternatives(alternatives),
            Atom::Pos(_) | Atom::Any => Need::Nothing,
        }
    }

    /// Whether the need holds in `text`, given which interned texts it
    /// contains (an interned text not in `present` counts as present).
    fn holds_given(&self, text: &str, present: &[bool]) -> bool {
        match self {
            Need::Nothing => true,
            Need::Text(needed) => needed.occurs_in(text),
            Need::Leaf(id) => present.get(*id).copied().unwrap_or(true),
            Need::All(needs) => needs.iter().all(|n| n.holds_given(text, present)),
            Need::Any(needs) => needs.iter().any(|n| n.holds_given(text, present)),
            Need::Adjacent(adjacent) => adjacent.holds(text),
        }
    }

    /// Sets of interned ids, one of each of which must be present for the
    /// need to hold: a test cheap enough to run, from one dense table,
    /// before walking the tree.
    fn required_sets(&self) -> Vec<Vec<usize>> {
        match self {
            Need::Leaf(id) => vec![vec![*id]],
            Need::All(needs) => needs.iter().flat_map(Need::required_sets).collect(),
            Need::Any(needs) if needs.len() == 1 => {
                needs.iter().flat_map(Need::required_sets).collect()
            }
            // Whichever alternative holds, its first set has a present id.
            Need::Any(needs) => {
                let mut union = Vec::new();
                for need in needs {
                    match need.required_sets().into_iter().next() {
                        Some(first) => union.extend(first),
                        None => return Vec::new(),
                    }
                }
                union.sort_unstable();
                union.dedup();
                vec![union]
            }
            Need::Nothing | Need::Text(_) | Need::Adjacent(_) => Vec::new(),
        }
    }

    /// Replaces every text by its index in `table`, adding new ones.
    fn intern(&mut self, table: &mut NeedTable) {
        match self {
            Need::Text(text) => *self = Need::Leaf(table.id(text)),
            Need::All(needs) | Need::Any(needs) => {
                needs.iter_mut().for_each(|need| need.intern(table));
            }
            Need::Nothing | Need::Leaf(_) | Need::Adjacent(_) => {}
        }
    }
}

/// The distinct texts token patterns need, numbered in order of first use.
#[derive(Debug, Default)]
pub struct NeedTable {
    ids: std::collections::HashMap<NeededText, usize>,
    texts: Vec<NeededText>,
}

impl NeedTable {
    /// A table that goes on from `texts` (a compiled set's, when rules are
    /// added to it), so that interned ids already given stay valid.
    pub fn from_texts(texts: Vec<NeededText>) -> NeedTable {
        let ids = texts.iter().enumerate().map(|(id, text)| (text.clone(), id)).collect();
        NeedTable { ids, texts }
    }

    fn id(&mut self, needed: &NeededText) -> usize {
        if let Some(&id) = self.ids.get(needed) {
            return id;
        }
        let id = self.texts.len();
        self.ids.insert(needed.clone(), id);
        self.texts.push(needed.clone());
        id
    }

    /// The texts, indexed by id.
    pub fn into_texts(self) -> Vec<NeededText> {
        self.texts
    }
}

/// A pattern that does not parse, with the 1-based character column in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternError {
    pub column: usize,
    pub message: String,
}

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (column {} of the pattern)", self.message, self.column)
    }
}

/// Resolves `@name` to the named lexicon's alternatives.
pub trait LexiconLookup {
    fn lexicon(&self, name: &str) -> Result<Vec<TokenPattern>, String>;
}

/// No lexicons (for patterns that are themselves lexicon entries).
pub struct NoLexicons;

impl LexiconLookup for NoLexicons {
    fn lexicon(&self, name: &str) -> Result<Vec<TokenPattern>, String> {
        Err(format!("lexicon entries cannot refer to other lexicons (`@{name}`)"))
    }
}

fn is_syntax(c: char) -> bool {
    matches!(c, '(' | ')' | '|' | '?' | '+' | '{' | '}' | '<' | '>' | '*' | '@' | '"' | '[' | ']')
}

struct Parser<'a> {
    chars: Vec<char>,
    pos: usize,
    morph: &'a Morphology,
    lexicons: &'a dyn LexiconLookup,
}

impl Parser<'_> {
    fn error(&self, message: impl Into<String>) -> PatternError {
        PatternError { column: self.pos + 1, message: message.into() }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn skip_space(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }

    fn alternatives(&mut self, depth: usize) -> Result<Alternatives, PatternError> {
        let mut alternatives = vec![self.sequence(depth)?];
        while self.peek() == Some('|') {
            self.pos += 1;
            alternatives.push(self.sequence(depth)?);
        }
        Ok(alternatives)
    }

    fn sequence(&mut self, depth: usize) -> Result<Vec<Item>, PatternError> {
        let mut items = Vec::new();
        loop {
            self.skip_space();
            match self.peek() {
                None | Some('|') => break,
                Some(')') if depth > 0 => break,
                _ => items.push(self.item(depth)?),
            }
        }
        if items.is_empty() {
            return Err(self.error("empty alternative"));
        }
        Ok(items)
    }

    fn item(&mut self, depth: usize) -> Result<Item, PatternError> {
        let atom = self.atom(depth)?;
        let (min, max) = match self.peek() {
            Some('?') => {
                self.pos += 1;
                (0, 1)
            }
            Some('+') => {
                self.pos += 1;
                (1, MAX_REPEAT)
            }
            Some('{') => self.repeat()?,
            _ => (1, 1),
        };
        Ok(Item { atom, min, max })
    }

    fn number(&mut self) -> Result<usize, PatternError> {
        let start = self.pos;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
        let digits: String = self.chars.get(start..self.pos).unwrap_or_default().iter().collect();
        digits.parse().map_err(|_| self.error("expected a number"))
    }

    fn repeat(&mut self) -> Result<(usize, usize), PatternError> {
        let open = self.pos;
        self.pos += 1;
        let min = self.number()?;
        let max = if self.peek() == Some(',') {
            self.pos += 1;
            self.number()?
        } else {
            min
        };
        if self.peek() != Some('}') {
            return Err(self.error("expected `}` to close the repeat"));
        }
        self.pos += 1;
        if max == 0 || min > max || max > MAX_REPEAT {
            self.pos = open;
            return Err(self.error(format!(
                "repeat {{{min},{max}}} must satisfy min <= max and 1 <= max <= {MAX_REPEAT}"
            )));
        }
        Ok((min, max))
    }

    fn until(&mut self, close: char, what: &str) -> Result<String, PatternError> {
        let open = self.pos;
        self.pos += 1;
        let start = self.pos;
        while self.peek().is_some_and(|c| c != close) {
            self.pos += 1;
        }
        if self.peek() != Some(close) {
            self.pos = open;
            return Err(self.error(format!("unclosed {what}: expected `{close}`")));
        }
        let text: String = self.chars.get(start..self.pos).unwrap_or_default().iter().collect();
        self.pos += 1;
        Ok(text)
    }

    fn atom(&mut self, depth: usize) -> Result<Atom, PatternError> {
        let Some(c) = self.peek() else {
            return Err(self.error("expected a word, group or token test"));
        };
        match c {
            '(' => {
                let open = self.pos;
                self.pos += 1;
                let group = self.alternatives(depth + 1)?;
                if self.peek() != Some(')') {
                    self.pos = open;
                    return Err(self.error("unclosed group: expected `)`"));
                }
                self.pos += 1;
                Ok(Atom::Group(group))
            }
            '<' => {
                let open = self.pos;
                let inside = self.until('>', "part-of-speech test")?;
                let alternatives: Vec<Vec<String>> = inside
                    .split('|')
                    .map(|alt| alt.split(',').map(|f| f.trim().to_string()).collect())
                    .collect();
                if alternatives.iter().flatten().any(String::is_empty) {
                    self.pos = open;
                    return Err(self.error("empty part of speech in `<...>`"));
                }
                Ok(Atom::Pos(alternatives))
            }
            '*' => {
                self.pos += 1;
                Ok(Atom::Any)
            }
            '@' => {
                let at = self.pos;
                self.pos += 1;
                let start = self.pos;
                while self.peek().is_some_and(|c| c.is_ascii_alphanumeric() || c == '-') {
                    self.pos += 1;
                }
                let name: String =
                    self.chars.get(start..self.pos).unwrap_or_default().iter().collect();
                if name.is_empty() {
                    return Err(self.error("expected a lexicon name after `@`"));
                }
                let patterns = self
                    .lexicons
                    .lexicon(&name)
                    .map_err(|message| PatternError { column: at + 1, message })?;
                Ok(Atom::Group(patterns.into_iter().flat_map(|p| p.root).collect()))
            }
            '"' => {
                let open = self.pos;
                let text = self.until('"', "quoted literal")?;
                self.literal(&text, open)
            }
            '[' | ']' => Err(self.error(
                "character classes are not part of token patterns: use `<名詞,数>` for a number, or a `regex:` matcher",
            )),
            ')' | '|' | '?' | '+' | '{' | '}' | '>' => {
                Err(self.error(format!("unexpected `{c}`")))
            }
            _ => {
                let start = self.pos;
                while self.peek().is_some_and(|c| !c.is_whitespace() && !is_syntax(c)) {
                    self.pos += 1;
                }
                let text: String =
                    self.chars.get(start..self.pos).unwrap_or_default().iter().collect();
                self.literal(&text, start)
            }
        }
    }

    fn literal(&mut self, text: &str, at: usize) -> Result<Atom, PatternError> {
        let folded = normalize(text).text;
        if folded.trim().is_empty() {
            return Err(PatternError { column: at + 1, message: "empty literal".into() });
        }
        let (anchor, then_kana) = literal_anchor(self.morph, &folded);
        Ok(Atom::Literal(Literal { text: folded, anchor, then_kana }))
    }
}

/// Conjugation types whose written stem stays the same in every form, so
/// the dictionary form minus its last kana is always present (治る → 治).
fn regular_stem(conjugation: &str) -> bool {
    [
        "五段",
        "一段",
        "形容詞・アウオ段",
        "形容詞・イ段",
        "特殊・マス",
        "特殊・デス",
        "特殊・ナイ",
        "特殊・タイ",
    ]
    .iter()
    .any(|prefix| conjugation.starts_with(prefix))
}

/// The part of `literal` every match must contain, and whether a hiragana
/// always follows it (see `Literal::then_kana`).
fn literal_anchor(morph: &Morphology, literal: &str) -> (Option<String>, bool) {
    // Words that conjugate end in kana in their dictionary form (治る, 高い,
    // ます): a literal ending otherwise is matched as written, and need not
    // be analysed (this is most of the start-up cost of loading rules).
    if literal.chars().next_back().is_none_or(|c| !is_hiragana(c)) {
        return (Some(literal.to_string()), false);
    }
    let Some(morphemes) = morph.tokenize_word(literal).ok() else { return (None, false) };
    let Some(last) = morphemes.last() else { return (None, false) };
    // Only a last morpheme in dictionary form can match a conjugated form.
    let Some(conjugation) = last.conjugation.as_deref().filter(|_| last.surface == last.base)
    else {
        return (Some(literal.to_string()), false);
    };
    let prefix = literal.get(..last.span.start).unwrap_or("");
    // A word in kana alone may be read as another verb out of context: する
    // alone is analysed as 擦る (五段, stem す), but in copy it is the サ変
    // する (し, さ, せ), and くる may be 来る; いる, きる, かえる may be 五段
    // or 一段. Their stems are kept only where every reading shares them.
    let kana_only = last.surface.chars().all(is_hiragana);
    let irregular_reading = kana_only && matches!(last.surface.as_str(), "する" | "くる");
    let stem = if regular_stem(conjugation) && !irregular_reading {
        let mut stem = last.surface.clone();
        stem.pop();
        stem
    } else {
        String::new()
    };
    let anchor = format!("{prefix}{stem}");
    // Other regular types have a form that is the bare stem (食べ of 一段
    // 食べる, 高 of 高すぎる), which any character may follow.
    let then_kana = !stem.is_empty() && conjugation.starts_with("五段") && !kana_only;
    ((!anchor.is_empty()).then_some(anchor), then_kana)
}

fn contains_ignore_ascii_case(text: &str, needle: &str) -> bool {
    if needle.is_ascii() && needle.bytes().any(|b| b.is_ascii_alphabetic()) {
        let needle = needle.as_bytes();
        text.as_bytes().windows(needle.len()).any(|w| w.eq_ignore_ascii_case(needle))
    } else {
        text.contains(needle)
    }
}

fn strip_prefix_ignore_ascii_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &text[prefix.len()..])
}

/// Token indices where a literal starting at `at` can end.
fn literal_ends(literal: &str, tokens: &[Morpheme], at: usize, ends: &mut Vec<usize>) {
    let mut rest = literal;
    let mut index = at;
    while let Some(token) = tokens.get(index) {
        // The last morpheme may be conjugated: compare its base form.
        if rest.eq_ignore_ascii_case(&token.base) || rest.eq_ignore_ascii_case(&token.surface) {
            ends.push(index + 1);
        }
        match strip_prefix_ignore_ascii_case(rest, &token.surface) {
            Some(remaining) if !remaining.is_empty() && !token.surface.is_empty() => {
                rest = remaining;
                index += 1;
            }
            _ => return,
        }
    }
}

fn pos_matches(alternatives: &[Vec<String>], token: &Morpheme) -> bool {
    alternatives.iter().any(|fields| {
        let mut pos = token.pos.split(',');
        fields.iter().all(|field| pos.next() == Some(field.as_str()))
    })
}

fn dedup(mut positions: Vec<usize>) -> Vec<usize> {
    positions.sort_unstable();
    positions.dedup();
    positions
}

fn atom_ends(atom: &Atom, tokens: &[Morpheme], at: usize, ends: &mut Vec<usize>) {
    match atom {
        Atom::Literal(literal) => literal_ends(&literal.text, tokens, at, ends),
        Atom::Pos(alternatives) => {
            if tokens.get(at).is_some_and(|t| pos_matches(alternatives, t)) {
                ends.push(at + 1);
            }
        }
        Atom::Any => {
            if at < tokens.len() {
                ends.push(at + 1);
            }
        }
        Atom::Group(alternatives) => ends.extend(alternatives_ends(alternatives, tokens, at)),
    }
}

fn item_ends(item: &Item, tokens: &[Morpheme], at: usize) -> Vec<usize> {
    let mut result = if item.min == 0 { vec![at] } else { Vec::new() };
    let mut current = vec![at];
    for count in 1..=item.max {
        let mut next = Vec::new();
        for &position in &current {
            atom_ends(&item.atom, tokens, position, &mut next);
        }
        current = dedup(next);
        if current.is_empty() {
            break;
        }
        if count >= item.min {
            result.extend_from_slice(&current);
        }
    }
    dedup(result)
}

/// Quote marks used for emphasis inside a claim (「細胞レベル」で治す,
/// “根本的な再生”) are skipped between the items of a sequence.
fn is_quote_mark(token: &Morpheme) -> bool {
    let mut chars = token.surface.chars();
    chars.next().is_some_and(is_quote_char) && chars.next().is_none()
}

fn is_quote_char(c: char) -> bool {
    matches!(c, '「' | '」' | '『' | '』' | '“' | '”' | '"' | '‘' | '’' | '\'')
}

fn skip_quote_marks(tokens: &[Morpheme], mut at: usize) -> usize {
    while tokens.get(at).is_some_and(is_quote_mark) {
        at += 1;
    }
    at
}

fn sequence_ends(items: &[Item], tokens: &[Morpheme], at: usize) -> Vec<usize> {
    let mut positions = vec![at];
    for (index, item) in items.iter().enumerate() {
        let mut next = Vec::new();
        for &position in &positions {
            let from = if index == 0 { position } else { skip_quote_marks(tokens, position) };
            next.extend(item_ends(item, tokens, from));
        }
        positions = dedup(next);
        if positions.is_empty() {
            break;
        }
    }
    positions
}

fn alternatives_ends(alternatives: &Alternatives, tokens: &[Morpheme], at: usize) -> Vec<usize> {
    dedup(alternatives.iter().flat_map(|items| sequence_ends(items, tokens, at)).collect())
}

fn atom_min_len(atom: &Atom) -> usize {
    match atom {
        Atom::Literal(_) | Atom::Pos(_) | Atom::Any => 1,
        Atom::Group(alternatives) => alternatives_min_len(alternatives),
    }
}

fn alternatives_min_len(alternatives: &Alternatives) -> usize {
    alternatives
        .iter()
        .map(|items| items.iter().map(|i| i.min * atom_min_len(&i.atom)).sum())
        .min()
        .unwrap_or(0)
}

/// Substrings one of which every match contains; `None` if none is certain.
fn alternatives_anchors(alternatives: &Alternatives) -> Option<Vec<String>> {
    let mut all = Vec::new();
    for items in alternatives {
        all.extend(sequence_anchors(items)?);
    }
    Some(all)
}

/// How selective an anchor is: hiragana (particles, endings) occur in every
/// sentence, kanji, katakana and Latin letters far less.
fn selectivity(anchor: &str) -> usize {
    anchor.chars().map(|c| if is_hiragana(c) { 1 } else { 3 }).sum()
}

fn sequence_anchors(items: &[Item]) -> Option<Vec<String>> {
    // Any required item's anchors will do; prefer the set whose least
    // selective anchor is most selective, then the smaller set.
    items
        .iter()
        .filter(|item| item.min > 0)
        .filter_map(|item| match &item.atom {
            Atom::Literal(literal) => literal.anchor.clone().map(|a| vec![a]),
            Atom::Group(alternatives) => alternatives_anchors(alternatives),
            Atom::Pos(_) | Atom::Any => None,
        })
        .max_by_key(|anchors| {
            let weakest = anchors.iter().map(|a| selectivity(a)).min().unwrap_or(0);
            (weakest, std::cmp::Reverse(anchors.len()))
        })
}

/// The characters a match of `items` can start with; `None` when any
/// morpheme could start one (a part-of-speech test, `*`, a pattern that can
/// be empty at its start).
fn sequence_first(items: &[Item]) -> Option<Vec<char>> {
    let mut chars = Vec::new();
    for item in items {
        chars.extend(atom_first(&item.atom)?);
        if item.min > 0 {
            return Some(chars);
        }
    }
    None
}

fn atom_first(atom: &Atom) -> Option<Vec<char>> {
    match atom {
        Atom::Literal(literal) => {
            let first = literal.text.chars().next()?;
            // Latin letters compare case-insensitively.
            Some(vec![first, first.to_ascii_lowercase(), first.to_ascii_uppercase()])
        }
        Atom::Group(alternatives) => {
            let mut chars = Vec::new();
            for items in alternatives {
                chars.extend(sequence_first(items)?);
            }
            Some(chars)
        }
        Atom::Pos(_) | Atom::Any => None,
    }
}

/// Distinct phrasings a part of a pattern covers (a gap counts once,
/// conjugations not at all); saturating, so huge patterns stay finite.
fn alternatives_phrasings(alternatives: &Alternatives) -> u64 {
    alternatives.iter().fold(0u64, |sum, items| {
        let product = items.iter().fold(1u64, |p, item| p.saturating_mul(item_phrasings(item)));
        sum.saturating_add(product)
    })
}

fn item_phrasings(item: &Item) -> u64 {
    let one = match &item.atom {
        Atom::Literal(_) | Atom::Pos(_) | Atom::Any => 1,
        Atom::Group(alternatives) => alternatives_phrasings(alternatives),
    };
    if matches!(item.atom, Atom::Any) {
        return 1;
    }
    (item.min..=item.max).fold(0u64, |sum, count| {
        let power = (0..count).fold(1u64, |p, _| p.saturating_mul(one));
        sum.saturating_add(power)
    })
}

impl TokenPattern {
    /// Parses and compiles a pattern; literals are analysed with `morph`.
    pub fn parse(
        source: &str,
        morph: &Morphology,
        lexicons: &dyn LexiconLookup,
    ) -> Result<TokenPattern, PatternError> {
        let mut parser = Parser { chars: source.chars().collect(), pos: 0, morph, lexicons };
        parser.skip_space();
        let root = parser.alternatives(0)?;
        if let Some(c) = parser.peek() {
            return Err(parser.error(format!("unexpected `{c}`")));
        }
        if alternatives_min_len(&root) == 0 {
            return Err(PatternError { column: 1, message: "pattern can match nothing".into() });
        }
        let first_chars =
            root.iter().map(|items| sequence_first(items)).collect::<Option<Vec<Vec<char>>>>().map(
                |sets| {
                    let mut chars: Vec<char> = sets.into_iter().flatten().collect();
                    chars.sort_unstable();
                    chars.dedup();
                    chars
                },
            );
        let needs = Need::of_alternatives(&root);
        Ok(TokenPattern { source: source.to_string(), root, first_chars, needs })
    }

    /// Whether a match could start at token `at` (a cheap test before
    /// trying the pattern).
    fn may_start_at(&self, tokens: &[Morpheme], at: usize) -> bool {
        match (&self.first_chars, tokens.get(at)) {
            (None, Some(_)) => true,
            (Some(chars), Some(token)) => {
                token.surface.chars().next().is_some_and(|c| chars.binary_search(&c).is_ok())
            }
            (_, None) => false,
        }
    }

    pub fn source(&self) -> &str {
        &self.source
    }

    /// Token indices where a match starting at token `at` can end (longest last).
    pub fn ends_at(&self, tokens: &[Morpheme], at: usize) -> Vec<usize> {
        if !self.may_start_at(tokens, at) {
            return Vec::new();
        }
        alternatives_ends(&self.root, tokens, at).into_iter().filter(|&end| end > at).collect()
    }

    /// Whether a match starts at token `at`.
    pub fn matches_at(&self, tokens: &[Morpheme], at: usize) -> bool {
        !self.ends_at(tokens, at).is_empty()
    }

    /// Leftmost-longest, non-overlapping matches as token index ranges.
    pub fn find_all(&self, tokens: &[Morpheme]) -> Vec<(usize, usize)> {
        let mut found = Vec::new();
        let mut at = 0;
        while at < tokens.len() {
            match self.ends_at(tokens, at).last() {
                Some(&end) => {
                    found.push((at, end));
                    at = end;
                }
                None => at += 1,
            }
        }
        found
    }

    /// How many distinct phrasings the pattern covers, before conjugation:
    /// `副作用 (が|は)? ない` covers 副作用ない, 副作用がない, 副作用はない.
    pub fn phrasings(&self) -> u64 {
        alternatives_phrasings(&self.root)
    }

    /// Substrings of the normalised text one of which every match contains,
    /// or `None` when the pattern has no certain literal.
    pub fn anchors(&self) -> Option<Vec<String>> {
        alternatives_anchors(&self.root)
    }

    /// Whether a sentence could hold a match: every required item must
    /// find one of its anchors in the text, recursively through groups (a
    /// much stronger test than the prefilter's one anchor set, and far
    /// cheaper than analysing the sentence).
    pub fn may_match(&self, text: &str) -> bool {
        self.needs.holds_given(text, &[])
    }

    /// [`Self::may_match`] given which of the interned needed texts the
    /// sentence `text` contains.
    pub fn may_match_given(&self, text: &str, present: &[bool]) -> bool {
        self.needs.holds_given(text, present)
    }

    /// Sets of interned need ids one of each of which a sentence must hold
    /// for a match to be possible (empty when nothing simple is certain).
    pub fn required_sets(&self) -> Vec<Vec<usize>> {
        self.needs.required_sets()
    }

    /// Numbers the texts this pattern needs in `table`, so that their
    /// presence is found once per sentence for all patterns.
    pub fn intern_needs(&mut self, table: &mut NeedTable) {
        self.needs.intern(table);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn morph() -> std::sync::Arc<Morphology> {
        Morphology::global().expect("dictionary loads")
    }

    /// Interns `p`'s needed texts in a fresh table and returns them by id.
    fn interned(p: &mut TokenPattern) -> Vec<NeededText> {
        let mut table = NeedTable::default();
        p.intern_needs(&mut table);
        table.into_texts()
    }

    fn pattern(source: &str) -> TokenPattern {
        TokenPattern::parse(source, &morph(), &NoLexicons)
            .unwrap_or_else(|e| panic!("{source}: {e}"))
    }

    fn found(source: &str, text: &str) -> Vec<String> {
        let tokens = morph().tokenize(text).expect("analysis");
        pattern(source)
            .find_all(&tokens)
            .into_iter()
            .map(|(start, end)| {
                let (Some(first), Some(last)) = (tokens.get(start), tokens.get(end - 1)) else {
                    return String::new();
                };
                text[first.span.start..last.span.end].to_string()
            })
            .collect()
    }

    #[test]
    fn one_pattern_covers_many_spellings_of_a_denial() {
        let p = "副作用 (が|は|の心配は)? *{0,2} (ない|無い|ありません|ございません)";
        assert_eq!(found(p, "副作用がない施術"), vec!["副作用がない"]);
        assert_eq!(found(p, "副作用は無い"), vec!["副作用は無い"]);
        assert_eq!(found(p, "副作用はありません"), vec!["副作用はありません"]);
        assert_eq!(found(p, "副作用の心配はございません"), vec!["副作用の心配はございません"]);
        assert_eq!(found(p, "副作用なし"), vec!["副作用なし"]);
        assert_eq!(found(p, "副作用がほとんどない"), vec!["副作用がほとんどない"]);
    }

    #[test]
    fn a_verb_matches_in_every_conjugation() {
        for text in ["治る", "治ります", "治りました", "治った", "治らない"] {
            assert_eq!(found("治る", text).len(), 1, "{text}");
        }
    }

    #[test]
    fn literals_never_match_part_of_a_word() {
        assert_eq!(found("治る", "治療を行う"), Vec::<String>::new());
        assert_eq!(found("最新", "最新鋭"), Vec::<String>::new());
    }

    #[test]
    fn multi_morpheme_literals_match_whatever_the_split() {
        assert_eq!(found("若返らせる", "細胞を若返らせます"), vec!["若返らせ"]);
        assert_eq!(found("受けられる", "安心して受けられます"), vec!["受けられ"]);
    }

    #[test]
    fn plus_repeats_and_numbers_are_a_part_of_speech() {
        assert_eq!(found("<名詞,数>+ 歳", "10歳若く"), vec!["10歳"]);
        assert_eq!(found("とても+ 高い", "とてもとても高い"), vec!["とてもとても高い"]);
    }

    #[test]
    fn emphasis_quotes_inside_a_claim_are_skipped() {
        assert_eq!(
            found("細胞 レベル で 治す", "「細胞レベル」で治す時代"),
            vec!["細胞レベル」で治す"]
        );
        assert_eq!(found("根本 的 な 再生", "“根本的な”再生"), vec!["根本的な”再生"]);
    }

    #[test]
    fn part_of_speech_tests() {
        assert_eq!(found("副作用 <助詞> ない", "副作用もない"), vec!["副作用もない"]);
        assert_eq!(found("<名詞,一般> が 少ない", "痛みが少ない"), vec!["痛みが少ない"]);
        assert_eq!(found("<動詞|形容詞>", "高い"), vec!["高い"]);
    }

    #[test]
    fn width_and_case_are_folded() {
        assert_eq!(found("No.1", "満足度ＮＯ．１"), Vec::<String>::new());
        let text = normalize("満足度ＮＯ．１").text;
        assert_eq!(found("No.1", &text).len(), 1);
    }

    #[test]
    fn anchors_are_certain_substrings() {
        assert_eq!(pattern("副作用 が ない").anchors(), Some(vec!["副作用".to_string()]));
        assert_eq!(pattern("治る").anchors(), Some(vec!["治".to_string()]));
        assert_eq!(pattern("(最高|最先端)").anchors(), Some(vec!["最高".into(), "最先端".into()]));
        assert_eq!(pattern("<名詞> *").anchors(), None);
        assert_eq!(pattern("改善する").anchors(), Some(vec!["改善".to_string()]));
        // Particles are everywhere: the rarer word is the anchor.
        assert_eq!(pattern("痛み の ない 生活").anchors(), Some(vec!["生活".to_string()]));
        assert_eq!(
            pattern("(糖尿病|高血圧) (で|に) 悩む").anchors(),
            Some(vec!["糖尿病".to_string(), "高血圧".to_string()])
        );
    }

    #[test]
    fn phrasings_count_alternatives_and_optional_parts() {
        assert_eq!(pattern("副作用 (が|は)? ない").phrasings(), 3);
        assert_eq!(pattern("(a|b) (c|d|e)").phrasings(), 6);
        assert_eq!(pattern("a *{0,3} b").phrasings(), 1);
        assert_eq!(pattern("とても{1,2} 高い").phrasings(), 2);
    }

    #[test]
    fn may_match_needs_an_anchor_of_every_required_item() {
        let p = pattern("副作用 (が|は)? (全く|ほとんど)? (ない|ありません)");
        assert!(p.may_match("副作用はありません"));
        assert!(!p.may_match("副作用について説明します"), "no ない/ありません anchor");
        assert!(!p.may_match("問題はありません"), "no 副作用");
        assert!(!pattern("(a b|c)").may_match("zzz"), "a group is one required item");
        let either = pattern("(痛く ない|痛く ありません|無痛)");
        assert!(!either.may_match("問題はありません"), "ありません alone is not enough");
        assert!(either.may_match("痛くありません"));
        assert!(pattern("a|<名詞>").may_match("zzz"), "an uncertain alternative: not filtered");
    }

    #[test]
    fn interned_needs_are_decided_by_the_presence_bits() {
        let mut p = pattern("副作用 (が|は)? (ない|ありません)");
        let texts: Vec<String> = interned(&mut p).into_iter().map(|n| n.text).collect();
        // Conjugating words are needed by their invariant stems.
        assert_eq!(texts, ["副作用", "な", "ありませ"]);
        let present = |found: &[&str]| -> Vec<bool> {
            texts.iter().map(|t| found.contains(&t.as_str())).collect()
        };
        // The bits, not the text, decide once the texts are interned.
        assert!(p.may_match_given("副作用がありません", &present(&["副作用", "ありませ"])));
        assert!(!p.may_match_given("副作用はありません", &present(&["ありませ"])));
        assert!(!p.may_match_given("", &present(&["副作用"])));
    }

    #[test]
    fn a_godan_stem_is_needed_before_a_kana_ending() {
        // Every form of 治る adds a kana to 治; 治療 holds no form of it.
        let p = pattern("治る");
        assert!(!p.may_match("治療します"));
        assert!(p.may_match("すぐに治ります"));
        assert!(p.may_match("治った"));
        // 一段 verbs have a bare-stem form (食べ放題): any character may follow.
        assert!(pattern("食べる").may_match("食べ放題"));
        // する alone reads as 擦る (五段); in copy it is the サ変 する.
        assert!(pattern("おだやか に する").may_match("上昇をおだやかにした。"));
        assert!(pattern("くる").may_match("効いてきた"));
        // The check holds in the prefilter's one scan too.
        let mut p = pattern("副作用 が 治る");
        let needs = interned(&mut p);
        assert!(needs.iter().any(|n| n.text == "治" && n.then_kana));
        let prefilter = crate::rules::Prefilter::new(&[], &needs);
        let scan = |text: &str| prefilter.scan(text).present;
        let may_match = |text: &str| p.may_match_given(text, &scan(text));
        assert!(!may_match("副作用が治療で"));
        assert!(may_match("副作用が治る"));
    }

    #[test]
    fn required_sets_name_one_text_of_each_required_item() {
        let mut p = pattern("(副作用|リスク) (が|は)? ない");
        let texts: Vec<String> = interned(&mut p).into_iter().map(|n| n.text).collect();
        let named: Vec<Vec<&str>> = p
            .required_sets()
            .iter()
            .map(|set| set.iter().map(|&id| texts[id].as_str()).collect())
            .collect();
        // The optional particle is in no set.
        assert_eq!(named, [vec!["副作用", "リスク"], vec!["な"]]);
        // Nothing certain, nothing required.
        assert!(pattern("<名詞> *").required_sets().is_empty());
    }

    #[test]
    fn fixed_words_are_needed_next_to_what_follows_them() {
        let p = pattern("(細胞|幹細胞) (を|が)? (レベル で)? (活性化|再生 する)");
        assert!(p.may_match("幹細胞を再生します"));
        assert!(p.may_match("細胞「レベル」で活性化"), "quote marks and spaces may come between");
        assert!(p.may_match("細胞 活性化"));
        // Both words occur, but never together: no match is possible.
        assert!(!p.may_match("細胞の働きを説明し、再生医療を紹介します"));
        // A gap or a part of speech after a word leaves its neighbour open.
        assert!(pattern("細胞 *{0,2} 再生").may_match("細胞の再生"));
        assert!(pattern("細胞 <助詞> 再生").may_match("細胞の再生"));
    }

    #[test]
    fn first_characters_are_known_when_a_pattern_starts_with_literals() {
        assert_eq!(pattern("(副作用|リスク)? が ない").first_chars, Some(vec!['が', 'リ', '副']));
        assert_eq!(pattern("No.1").first_chars, Some(vec!['N', 'n']));
        assert_eq!(pattern("<名詞> が").first_chars, None);
        assert_eq!(pattern("治る|*").first_chars, None);
    }

    #[test]
    fn syntax_errors_name_the_column() {
        let error = |source: &str| {
            TokenPattern::parse(source, &morph(), &NoLexicons).expect_err("invalid pattern")
        };
        assert_eq!(
            error("副作用 (が|は"),
            PatternError { column: 5, message: "unclosed group: expected `)`".into() }
        );
        assert_eq!(error("a | | b").message, "empty alternative");
        assert_eq!(error("<>").message, "empty part of speech in `<...>`");
        assert_eq!(error("x{0,20}").column, 2);
        assert_eq!(error("x?").message, "pattern can match nothing");
        assert_eq!(
            error("@negation").message,
            "lexicon entries cannot refer to other lexicons (`@negation`)"
        );
        assert_eq!(error("a )").message, "unexpected `)`");
        assert_eq!(error("\"\"").message, "empty literal");
        assert_eq!(error("[0-9]+ 歳").column, 1);
        assert!(error("[0-9]+ 歳").message.starts_with("character classes are not part"));
        assert_eq!(error("+").message, "unexpected `+`");
    }
}
