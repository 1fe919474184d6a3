//! Turning rule and lexicon files into a [`RuleSet`]: parse strictly,
//! validate, resolve lexicon names, compile every matcher once.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use super::matcher::Matcher;
use super::pattern::{LexiconLookup, NoLexicons, TokenPattern};
use super::schema::{self, ConditionSpec, LexiconSpec, MatcherSpec, Profile, RuleSpec};
use super::{Condition, Lexicon, MatcherId, Rule, RuleError, RuleKind, RuleSet, locate};
use crate::diagnostic::Category;
use crate::morph::Morphology;

/// One rule or lexicon file.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path shown in messages (`rules/...` for built-ins).
    pub path: String,
    pub text: String,
    /// Given by the user rather than built in.
    pub user: bool,
}

fn is_kebab_case(name: &str) -> bool {
    !name.is_empty()
        && name.split('-').all(|part| {
            !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

fn file_stem(path: &str) -> &str {
    Path::new(path).file_stem().and_then(|s| s.to_str()).unwrap_or_default()
}

fn parent_name(path: &str) -> Option<&str> {
    Path::new(path).parent().and_then(|p| p.file_name()).and_then(|s| s.to_str())
}

/// Lexicons live in a directory named `lexicon`.
fn is_lexicon(path: &str) -> bool {
    parent_name(path) == Some("lexicon")
}

/// The rule id a file defines: `<pack>.<name>` from `.../<pack>/<name>.yaml`.
fn rule_id(path: &str) -> Result<String, String> {
    let name = file_stem(path);
    if !is_kebab_case(name) {
        return Err(format!(
            "rule file name `{name}` must be kebab-case (lowercase ASCII words joined by `-`): it is the rule id"
        ));
    }
    let pack = parent_name(path).filter(|p| is_kebab_case(p)).unwrap_or("user");
    Ok(format!("{pack}.{name}"))
}

/// Compiles everything into a rule set: lexicons first, then rules.
pub fn compile(sources: Vec<Source>, morph: Arc<Morphology>) -> Result<RuleSet, RuleError> {
    let mut builder = Builder { morph: &morph, matchers: Vec::new(), lexicons: BTreeMap::new() };
    let (lexicon_sources, rule_sources): (Vec<Source>, Vec<Source>) =
        sources.into_iter().partition(|s| is_lexicon(&s.path));

    let mut entries: BTreeMap<String, Vec<Matcher>> = BTreeMap::new();
    for source in &lexicon_sources {
        let (name, matchers) = builder.lexicon(source)?;
        entries.entry(name).or_default().extend(matchers);
    }
    // A lexicon defined in several files (a user extending a built-in one)
    // is the union of their entries.
    for (name, matchers) in entries {
        let id = builder.matchers.len();
        builder.matchers.push(Matcher::Any(matchers));
        if let Some(lexicon) = builder.lexicons.get_mut(&name) {
            lexicon.matcher = id;
        }
    }

    let mut rules: Vec<Rule> = Vec::new();
    for source in &rule_sources {
        push_unique(&mut rules, builder.rule(source)?, source)?;
    }
    let Builder { matchers, lexicons, .. } = builder;
    Ok(RuleSet::from_parts(rules, matchers, lexicons, morph, Vec::new()))
}

/// Compiles extra rule files against an already compiled set: its
/// lexicons and matchers are reused, not compiled again.
pub fn compile_onto(base: &RuleSet, sources: Vec<Source>) -> Result<RuleSet, RuleError> {
    let mut builder = Builder {
        morph: &base.morph,
        matchers: base.matchers.as_ref().clone(),
        lexicons: base.lexicons.as_ref().clone(),
    };
    let mut rules: Vec<Rule> = base.rules.iter().map(|r| r.as_ref().clone()).collect();
    for source in &sources {
        if is_lexicon(&source.path) {
            return Err(RuleError {
                path: source.path.clone(),
                location: None,
                message: "a lexicon cannot be added to compiled rules; load it with the rules"
                    .into(),
            });
        }
        push_unique(&mut rules, builder.rule(source)?, source)?;
    }
    let Builder { matchers, lexicons, .. } = builder;
    Ok(RuleSet::from_parts(
        rules,
        matchers,
        lexicons,
        Arc::clone(&base.morph),
        base.needs.as_ref().clone(),
    ))
}

/// Adds a compiled rule; ids are unique.
fn push_unique(rules: &mut Vec<Rule>, rule: Rule, source: &Source) -> Result<(), RuleError> {
    if let Some(existing) = rules.iter().find(|r| r.id == rule.id) {
        return Err(RuleError {
            path: source.path.clone(),
            location: None,
            message: format!("rule id `{}` is already defined by {}", rule.id, existing.origin),
        });
    }
    rules.push(rule);
    Ok(())
}

struct Builder<'a> {
    morph: &'a Morphology,
    matchers: Vec<Matcher>,
    lexicons: BTreeMap<String, Lexicon>,
}

/// `@name` in token patterns resolves to lexicons made of token patterns.
impl LexiconLookup for BTreeMap<String, Lexicon> {
    fn lexicon(&self, name: &str) -> Result<Vec<TokenPattern>, String> {
        match self.get(name) {
            None => Err(format!("unknown lexicon `@{name}`")),
            Some(lexicon) if lexicon.has_text_entries => Err(format!(
                "lexicon `{name}` has phrases or regexes, which a token pattern cannot use; refer to it with `lexicon: {name}` instead"
            )),
            Some(lexicon) => Ok(lexicon.patterns.clone()),
        }
    }
}

impl Builder<'_> {
    /// Compiles a lexicon file; returns its name and its entries' matchers.
    fn lexicon(&mut self, source: &Source) -> Result<(String, Vec<Matcher>), RuleError> {
        let error = |location, message| RuleError { path: source.path.clone(), location, message };
        let name = file_stem(&source.path).to_string();
        if !is_kebab_case(&name) {
            return Err(error(None, format!("lexicon file name `{name}` must be kebab-case")));
        }
        let spec: LexiconSpec =
            schema::parse_lexicon(&source.text).map_err(|e| error(e.location, e.message))?;
        if spec.patterns.is_empty() && spec.phrases.is_empty() && spec.regex.is_empty() {
            return Err(error(None, "a lexicon needs `patterns`, `phrases` or `regex`".into()));
        }
        let mut patterns = Vec::new();
        let mut matchers = Vec::new();
        for text in &spec.patterns {
            let pattern = TokenPattern::parse(text, self.morph, &NoLexicons).map_err(|e| {
                error(pattern_location(&source.text, "patterns", text, e.column), e.message)
            })?;
            patterns.push(pattern.clone());
            matchers.push(Matcher::Tokens(pattern));
        }
        if !spec.phrases.is_empty() {
            matchers.push(
                Matcher::phrases(&spec.phrases)
                    .and_then(|m| built_if_user(m, source))
                    .map_err(|m| error(locate::key(&source.text, "phrases"), m))?,
            );
        }
        for regex in &spec.regex {
            matchers.push(
                Matcher::regex(regex)
                    .and_then(|m| built_if_user(m, source))
                    .map_err(|m| error(locate::value(&source.text, "regex", regex), m))?,
            );
        }
        let has_text_entries = !spec.phrases.is_empty() || !spec.regex.is_empty();
        let lexicon = self.lexicons.entry(name.clone()).or_insert_with(|| Lexicon {
            name: name.clone(),
            description: spec.description.clone(),
            patterns: Vec::new(),
            has_text_entries: false,
            matcher: 0,
            footnotes: false,
            origin: source.path.clone(),
        });
        lexicon.patterns.extend(patterns);
        lexicon.has_text_entries |= has_text_entries;
        lexicon.footnotes |= spec.footnotes;
        Ok((name, matchers))
    }

    fn add(&mut self, matcher: Matcher) -> MatcherId {
        self.matchers.push(matcher);
        self.matchers.len() - 1
    }

    /// Compiles one matcher spec (exactly one way of matching).
    fn matcher(
        &mut self,
        source: &Source,
        key: &str,
        spec: &MatcherSpec,
    ) -> Result<MatcherId, RuleError> {
        let error = |location, message| RuleError { path: source.path.clone(), location, message };
        let given = [
            spec.phrases.is_some(),
            spec.regex.is_some(),
            spec.tokens.is_some(),
            spec.lexicon.is_some(),
        ];
        let count = given.iter().filter(|g| **g).count();
        if count != 1 {
            let message = if count == 0 {
                "a matcher needs one of `phrases`, `regex`, `tokens` or `lexicon`"
            } else {
                "a matcher has exactly one of `phrases`, `regex`, `tokens` or `lexicon`; write one list item for each"
            };
            return Err(error(locate::key(&source.text, key), message.into()));
        }
        if let Some(phrases) = &spec.phrases {
            let needle = phrases.iter().find(|p| p.trim().is_empty()).map_or("phrases:", |_| "");
            let matcher = Matcher::phrases(phrases)
                .and_then(|m| built_if_user(m, source))
                .map_err(|m| error(locate::value(&source.text, key, needle), m))?;
            return Ok(self.add(matcher));
        }
        if let Some(regex) = &spec.regex {
            let matcher = Matcher::regex(regex)
                .and_then(|m| built_if_user(m, source))
                .map_err(|m| error(locate::value(&source.text, key, regex), m))?;
            return Ok(self.add(matcher));
        }
        if let Some(tokens) = &spec.tokens {
            let pattern = TokenPattern::parse(tokens, self.morph, &self.lexicons).map_err(|e| {
                error(pattern_location(&source.text, key, tokens, e.column), e.message)
            })?;
            return Ok(self.add(Matcher::Tokens(pattern)));
        }
        let name = spec.lexicon.as_deref().unwrap_or_default();
        match self.lexicons.get(name) {
            Some(lexicon) => Ok(lexicon.matcher),
            None => Err(error(
                locate::value(&source.text, key, &format!("lexicon: {name}")),
                format!("unknown lexicon `{name}`"),
            )),
        }
    }

    fn matchers(
        &mut self,
        source: &Source,
        key: &str,
        specs: &[MatcherSpec],
    ) -> Result<Vec<MatcherId>, RuleError> {
        specs.iter().map(|spec| self.matcher(source, key, spec)).collect()
    }

    fn conditions(
        &self,
        source: &Source,
        key: &str,
        specs: &[ConditionSpec],
    ) -> Result<Vec<Condition>, RuleError> {
        specs
            .iter()
            .map(|spec| match self.lexicons.get(&spec.cue) {
                Some(lexicon) => Ok(Condition {
                    cue: spec.cue.clone(),
                    matcher: lexicon.matcher,
                    footnotes: lexicon.footnotes,
                    scope: spec.within,
                }),
                None => Err(RuleError {
                    path: source.path.clone(),
                    location: locate::value(&source.text, key, &spec.cue),
                    message: format!("unknown cue `{}`: no lexicon of that name", spec.cue),
                }),
            })
            .collect()
    }

    /// Parses, validates and compiles one rule file.
    fn rule(&mut self, source: &Source) -> Result<Rule, RuleError> {
        let error = |location, message| RuleError { path: source.path.clone(), location, message };
        let at = |key: &str| locate::key(&source.text, key);
        let id = rule_id(&source.path).map_err(|m| error(None, m))?;
        let spec: RuleSpec =
            schema::parse(&source.text).map_err(|e| error(e.location, e.message))?;

        if let Some(declared) = &spec.id {
            let name = file_stem(&source.path);
            if declared != name && declared != &id {
                return Err(error(
                    at("id"),
                    format!("`id: {declared}` does not match the file name: expected `{name}`"),
                ));
            }
        }
        if spec.message.trim().is_empty() {
            return Err(error(at("message"), "`message` is empty".into()));
        }
        if let Some(bad) = unknown_placeholder(&spec.message) {
            return Err(error(
                at("message"),
                format!("unknown placeholder `{bad}` in `message` (only `{{text}}` is known)"),
            ));
        }
        if spec.examples.bad.is_empty() {
            return Err(error(
                at("examples"),
                "every rule needs at least one `bad` example".into(),
            ));
        }
        if let Some(empty) =
            spec.examples.bad.iter().chain(&spec.examples.good).find(|e| e.trim().is_empty())
        {
            return Err(error(
                locate::value(&source.text, "examples", &format!("{empty:?}")),
                "empty example".into(),
            ));
        }

        let kind = if spec.category == Category::MissingDisclosure {
            if spec.requirement.is_none() {
                return Err(error(
                    at("category"),
                    "a `missing-disclosure` rule needs `requirement`".into(),
                ));
            }
            if !spec.matchers.is_empty() {
                return Err(error(
                    at("match"),
                    "a `missing-disclosure` rule uses `trigger` and `met_by`, not `match`".into(),
                ));
            }
            if spec.trigger.is_empty() || spec.met_by.is_empty() {
                return Err(error(
                    None,
                    "a `missing-disclosure` rule needs both `trigger` and `met_by`".into(),
                ));
            }
            RuleKind::Document {
                trigger: self.matchers(source, "trigger", &spec.trigger)?,
                met_by: self.matchers(source, "met_by", &spec.met_by)?,
            }
        } else {
            if spec.requirement.is_some() {
                return Err(error(
                    at("requirement"),
                    "`requirement` is only for `missing-disclosure` rules".into(),
                ));
            }
            for key in ["trigger", "met_by"] {
                if at(key).is_some() {
                    return Err(error(
                        at(key),
                        format!("`{key}` is only for `missing-disclosure` rules"),
                    ));
                }
            }
            if spec.matchers.is_empty() {
                return Err(error(None, "a rule needs `match`: what it flags".into()));
            }
            RuleKind::Span { matchers: self.matchers(source, "match", &spec.matchers)? }
        };

        let profiles =
            if spec.profiles.is_empty() { Profile::ALL.to_vec() } else { spec.profiles.clone() };
        Ok(Rule {
            id,
            category: spec.category,
            requirement: spec.requirement,
            severity: spec.severity,
            message: spec.message,
            basis: spec.basis.map(Arc::from),
            why: spec.why,
            help: spec.help.map(Arc::from),
            suggestions: spec.suggestions.iter().map(|s| s.text().to_string()).collect(),
            replacements: spec
                .suggestions
                .iter()
                .filter(|s| s.is_drop_in())
                .map(|s| s.text().to_string())
                .collect(),
            profiles,
            kind,
            unless: self.conditions(source, "unless", &spec.unless)?,
            soften: self.conditions(source, "soften", &spec.soften)?,
            hedged: spec.hedged,
            examples: spec.examples,
            origin: source.path.clone(),
            user: source.user,
        })
    }
}

/// Where a token pattern's error is: its line, and the column inside it.
fn pattern_location(
    source: &str,
    key: &str,
    pattern: &str,
    column: usize,
) -> Option<(usize, usize)> {
    let (line, start) = locate::value(source, key, pattern)?;
    let found = source.lines().nth(line - 1).is_some_and(|l| l.contains(pattern));
    Some(if found { (line, start + column - 1) } else { (line, start) })
}

/// The first `{...}` placeholder in a message other than `{text}`.
fn unknown_placeholder(message: &str) -> Option<&str> {
    let mut rest = message;
    while let Some(open) = rest.find('{') {
        let after = &rest[open..];
        let close = after.find('}').map_or(after.len(), |c| c + 1);
        let placeholder = &after[..close];
        if placeholder != "{text}" {
            return Some(placeholder);
        }
        rest = &after[close..];
    }
    None
}

/// A user's matcher, built now so that what cannot be built is an error
/// naming their file (built-in ones are built on first use; a test builds
/// them all).
fn built_if_user(matcher: Matcher, source: &Source) -> Result<Matcher, String> {
    if source.user {
        matcher.build_now()?;
    }
    Ok(matcher)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = "category: superlative\nseverity: warning\nmessage: 最大級表現「{text}」\nmatch:\n  - phrases: [最先端]\nexamples:\n  bad: [最先端の治療]\n";

    fn compile_one(path: &str, text: &str) -> Result<RuleSet, RuleError> {
        compile_with_builtin_lexicons(vec![Source {
            path: path.into(),
            text: text.into(),
            user: true,
        }])
    }

    /// Compiles `sources` with the built-in lexicons available.
    fn compile_with_builtin_lexicons(mut sources: Vec<Source>) -> Result<RuleSet, RuleError> {
        sources.extend(super::super::builtin_sources().into_iter().filter(|s| is_lexicon(&s.path)));
        compile(sources, Morphology::global().expect("dictionary loads"))
    }

    fn error_of(path: &str, text: &str) -> RuleError {
        compile_one(path, text).expect_err("the rule is invalid")
    }

    #[test]
    fn suggestions_are_notes_unless_marked_drop_in() {
        let source = format!(
            "{MINIMAL}suggestions:\n  - 当院の治療法です\n  - text: 新しい\n    drop-in: true\n  - text: 当院の治療\n"
        );
        let set = compile_one("rules/superlative/cutting-edge.yaml", &source).expect("valid rule");
        let rule = set.get("superlative.cutting-edge").expect("compiled");
        assert_eq!(&*rule.suggestions, ["当院の治療法です", "新しい", "当院の治療"]);
        assert_eq!(rule.replacements, ["新しい"]);
        let misspelt = format!("{MINIMAL}suggestions:\n  - text: 新しい\n    dropin: true\n");
        let err = error_of("rules/x/y.yaml", &misspelt);
        assert!(err.message.contains("did not match any variant"), "{}", err.message);
        assert_eq!(err.location.map(|(line, _)| line), Some(9));
    }

    #[test]
    fn id_comes_from_pack_and_file_name() {
        let set = compile_one("rules/superlative/cutting-edge.yaml", MINIMAL).expect("valid rule");
        let rule = set.get("superlative.cutting-edge").expect("compiled");
        assert_eq!(rule.message_for("最先端"), "最大級表現「最先端」");
        assert_eq!(rule.profiles, Profile::ALL.to_vec());
    }

    #[test]
    fn file_name_must_be_kebab_case() {
        let err = error_of("rules/x/Bad_Name.yaml", MINIMAL);
        assert!(err.message.contains("kebab-case"), "{}", err.message);
    }

    #[test]
    fn unknown_fields_are_errors_with_a_location() {
        let err = error_of("rules/x/y.yaml", &format!("{MINIMAL}colour: red\n"));
        assert!(err.message.contains("unknown field `colour`"), "{}", err.message);
        assert_eq!(err.location.map(|l| l.0), Some(8));
    }

    #[test]
    fn bad_regex_points_at_its_line_and_column() {
        let source = MINIMAL.replace("  - phrases: [最先端]", "  - regex: '最(先端'");
        let err = error_of("rules/x/y.yaml", &source);
        assert!(err.message.contains("invalid regex"), "{}", err.message);
        assert_eq!(err.location, Some((5, 13)));
    }

    #[test]
    fn bad_token_pattern_points_inside_the_pattern() {
        let source = MINIMAL.replace("  - phrases: [最先端]", "  - tokens: \"副作用 (が|は\"");
        let err = error_of("rules/x/y.yaml", &source);
        assert_eq!(err.message, "unclosed group: expected `)`");
        assert_eq!(err.location, Some((5, 18)));
    }

    #[test]
    fn unknown_lexicon_and_cue_are_errors() {
        let source = MINIMAL.replace("  - phrases: [最先端]", "  - tokens: \"@nothing 治る\"");
        assert_eq!(error_of("rules/x/y.yaml", &source).message, "unknown lexicon `@nothing`");
        let source = MINIMAL.replace("  - phrases: [最先端]", "  - lexicon: nothing");
        let err = error_of("rules/x/y.yaml", &source);
        assert_eq!(err.message, "unknown lexicon `nothing`");
        assert_eq!(err.location, Some((5, 5)));
        let source = format!("{MINIMAL}unless:\n  - cue: nowhere\n    within: sentence\n");
        let err = error_of("rules/x/y.yaml", &source);
        assert_eq!(err.message, "unknown cue `nowhere`: no lexicon of that name");
        assert_eq!(err.location, Some((9, 10)));
    }

    #[test]
    fn unknown_scope_category_and_requirement_are_errors() {
        let source = format!("{MINIMAL}unless:\n  - cue: citation\n    within: page\n");
        let err = error_of("rules/x/y.yaml", &source);
        assert!(
            err.message.starts_with("unless[0].within: unknown variant `page`"),
            "{}",
            err.message
        );
        let err = error_of("rules/x/y.yaml", &MINIMAL.replace("superlative", "boasting"));
        assert!(err.message.starts_with("category: unknown variant `boasting`"), "{}", err.message);
        let source = "category: missing-disclosure\nrequirement: price\nseverity: error\nmessage: m\ntrigger:\n  - phrases: [a]\nmet_by:\n  - phrases: [b]\nexamples:\n  bad: [a]\n";
        let err = error_of("rules/x/y.yaml", source);
        assert!(err.message.starts_with("requirement: unknown variant `price`"), "{}", err.message);
        assert_eq!(err.location, Some((2, 14)));
    }

    #[test]
    fn matchers_need_exactly_one_kind() {
        let source =
            MINIMAL.replace("  - phrases: [最先端]", "  - phrases: [最先端]\n    regex: 最高");
        let err = error_of("rules/x/y.yaml", &source);
        assert!(err.message.starts_with("a matcher has exactly one of"), "{}", err.message);
    }

    #[test]
    fn unknown_placeholder_is_an_error() {
        let err = error_of("rules/x/y.yaml", &MINIMAL.replace("{text}", "{match}"));
        assert!(err.message.contains("`{match}`"), "{}", err.message);
        assert_eq!(err.location, Some((3, 1)));
    }

    #[test]
    fn a_rule_without_bad_examples_is_an_error() {
        let source = MINIMAL.replace("  bad: [最先端の治療]\n", "  good: [最新情報]\n");
        let err = error_of("rules/x/y.yaml", &source);
        assert!(err.message.contains("`bad` example"), "{}", err.message);
    }

    #[test]
    fn duplicate_ids_are_errors() {
        let err = compile_with_builtin_lexicons(vec![
            Source { path: "a/x/y.yaml".into(), text: MINIMAL.into(), user: true },
            Source { path: "b/x/y.yaml".into(), text: MINIMAL.into(), user: true },
        ])
        .expect_err("duplicate");
        assert_eq!(err.message, "rule id `x.y` is already defined by a/x/y.yaml");
    }

    #[test]
    fn lexicons_merge_and_resolve_in_token_patterns() {
        let lexicon = "patterns: [ぜったい]\n";
        let rule = MINIMAL.replace("  - phrases: [最先端]", "  - tokens: \"@extra-words 効く\"");
        let set = compile_with_builtin_lexicons(vec![
            Source {
                path: "mine/lexicon/extra-words.yaml".into(),
                text: lexicon.into(),
                user: true,
            },
            Source {
                path: "mine/lexicon/extra-words.yaml".into(),
                text: "patterns: [必ず]\n".into(),
                user: true,
            },
            Source { path: "mine/x/y.yaml".into(), text: rule, user: true },
        ])
        .expect("valid");
        assert_eq!(set.lexicon("extra-words").map(|l| l.patterns.len()), Some(2));
    }

    #[test]
    fn rules_compile_onto_a_loaded_set() {
        let base = compile_with_builtin_lexicons(vec![]).expect("valid");
        let source = MINIMAL.replace("  - phrases: [最先端]", "  - tokens: \"@hedge 最先端\"");
        let set = compile_onto(
            &base,
            vec![Source { path: "house/x/y.yaml".into(), text: source, user: true }],
        )
        .expect("compiles onto the set");
        assert!(set.get("x.y").is_some());
        assert_eq!(set.rules().len(), base.rules().len() + 1);
        let err = compile_onto(
            &set,
            vec![Source { path: "house/x/y.yaml".into(), text: MINIMAL.into(), user: true }],
        )
        .expect_err("duplicate");
        assert!(err.message.contains("already defined"), "{}", err.message);
    }

    #[test]
    fn lexicon_with_phrases_cannot_be_used_as_a_token_reference() {
        let rule = MINIMAL.replace("  - phrases: [最先端]", "  - tokens: \"@citation 効く\"");
        let err = error_of("rules/x/y.yaml", &rule);
        assert!(
            err.message.starts_with("lexicon `citation` has phrases or regexes"),
            "{}",
            err.message
        );
    }
}
