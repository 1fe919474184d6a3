//! The subcommands besides linting: `rules`, `rules test`, `explain`,
//! `tokens` and `config`.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::lint::{Fatal, SettingsCache, load_checked};
use super::{Args, Command, EXIT_CLEAN, EXIT_FAILURE, EXIT_FINDINGS, RulesAction};
use crate::examples::{self, ExampleFailure, ExampleKind};
use crate::rules::{LoadOptions, Profile, Rule, RuleError, RuleKind, RuleSet};

fn kind_label(rule: &Rule) -> &'static str {
    match rule.kind {
        RuleKind::Span { .. } => "span",
        RuleKind::Document { .. } => "document",
    }
}

/// `claimlint rules`: one line per rule.
fn list_rules(rules: &RuleSet, out: &mut dyn Write) -> io::Result<()> {
    let width = rules.rules().iter().map(|r| r.id.len()).max().unwrap_or(0);
    for rule in rules.rules() {
        let category = match rule.requirement {
            Some(requirement) => format!("{}/{requirement}", rule.category),
            None => rule.category.to_string(),
        };
        let profiles: Vec<&str> = rule.profiles.iter().map(|p| p.as_str()).collect();
        writeln!(
            out,
            "{:width$}  {:36}  {:7}  {}",
            rule.id,
            category,
            rule.severity.as_str(),
            profiles.join(","),
        )?;
    }
    let phrasings =
        rules.rules().iter().fold(0u64, |sum, r| sum.saturating_add(rules.phrasings(r)));
    writeln!(
        out,
        "{} rules, covering {phrasings} phrasings before conjugation",
        rules.rules().len()
    )
}

/// `claimlint explain RULE`.
fn explain(rule: &Rule, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{}", rule.id)?;
    writeln!(out, "  category:  {}", rule.category)?;
    if let Some(requirement) = rule.requirement {
        writeln!(out, "  requires:  {requirement}")?;
    }
    writeln!(out, "  severity:  {}", rule.severity)?;
    let profiles: Vec<&str> = rule.profiles.iter().map(|p| p.as_str()).collect();
    writeln!(out, "  profiles:  {}", profiles.join(", "))?;
    writeln!(out, "  kind:      {}", kind_label(rule))?;
    writeln!(out, "  message:   {}", rule.message)?;
    if let Some(basis) = &rule.basis {
        writeln!(out, "\nbasis:\n  {basis}")?;
    }
    if let Some(why) = &rule.why {
        writeln!(out, "\nwhy:\n  {}", why.trim().replace('\n', "\n  "))?;
    }
    if let Some(help) = &rule.help {
        writeln!(out, "\nhelp:\n  {help}")?;
    }
    if !rule.suggestions.is_empty() {
        writeln!(out, "\nwrite instead:")?;
        for suggestion in rule.suggestions.iter() {
            writeln!(out, "  - {suggestion}")?;
        }
    }
    writeln!(out, "\nflagged:")?;
    for example in &rule.examples.bad {
        writeln!(out, "  ✗ {example}")?;
    }
    if !rule.examples.good.is_empty() {
        writeln!(out, "\nnot flagged:")?;
        for example in &rule.examples.good {
            writeln!(out, "  ✓ {example}")?;
        }
    }
    writeln!(out, "\nsource: {}", rule.origin)
}

/// `claimlint tokens TEXT...`: one morpheme a line, as token patterns see
/// them: surface, base form, part of speech, conjugation type.
fn print_tokens(rules: &RuleSet, texts: &[String], out: &mut dyn Write) -> io::Result<()> {
    for text in texts {
        let folded = crate::text::normalize(text).text;
        match rules.morphology().tokenize(&folded) {
            Ok(morphemes) => {
                for m in morphemes {
                    let conjugation = m.conjugation.as_deref().unwrap_or("-");
                    writeln!(out, "{}\t{}\t{}\t{}", m.surface, m.base, m.pos, conjugation)?;
                }
            }
            Err(error) => writeln!(out, "error: {error}")?,
        }
        writeln!(out)?;
    }
    Ok(())
}

/// Where an example is written in its rule file.
fn example_location(rule: &Rule, example: &str) -> Option<(usize, usize)> {
    let source = std::fs::read_to_string(&rule.origin).ok()?;
    source.lines().enumerate().find_map(|(index, line)| {
        line.find(example).map(|byte| (index + 1, line[..byte].chars().count() + 1))
    })
}

pub(crate) fn example_error(rules: &RuleSet, failure: &ExampleFailure) -> RuleError {
    let location = rules.get(&failure.rule).and_then(|r| example_location(r, &failure.example));
    let message = match failure.kind {
        ExampleKind::Bad => format!("bad example does not fire: {:?}", failure.example),
        ExampleKind::Good => format!(
            "good example fires on {}: {:?}",
            failure.flagged.iter().map(|t| format!("「{t}」")).collect::<Vec<_>>().join(", "),
            failure.example
        ),
    };
    RuleError { path: failure.origin.clone(), location, message }
}

/// `claimlint rules test [PATH...]`: runs examples, reports failures in
/// compiler style; exit 1 when any fails.
fn test_rules(args: &Args, paths: &[PathBuf], out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let mut rule_paths = args.rules.clone();
    rule_paths.extend_from_slice(paths);
    let rules = match RuleSet::load(&LoadOptions { rule_paths, user_terms: args.terms.clone() }) {
        Ok(rules) => rules,
        Err(error) => {
            let _ = writeln!(err, "{error}");
            return EXIT_FAILURE;
        }
    };
    // With paths, test the rules they define; otherwise every rule.
    let tested = if paths.is_empty() { rules.clone() } else { rules.restrict(|r| r.user) };
    let failures = examples::check(&tested);
    let examples: usize =
        tested.rules().iter().map(|r| r.examples.bad.len() + r.examples.good.len()).sum();
    for failure in &failures {
        let _ = writeln!(err, "{}", example_error(&rules, failure));
    }
    let _ = writeln!(
        out,
        "{} rules, {} examples: {} passed, {} failed",
        tested.rules().len(),
        examples,
        examples - failures.len(),
        failures.len()
    );
    if failures.is_empty() { EXIT_CLEAN } else { EXIT_FINDINGS }
}

/// `claimlint config [PATH]`: the settings that apply to a file or folder.
fn show_config(args: &Args, path: &Path, out: &mut dyn Write) -> Result<(), Fatal> {
    let mut cache = SettingsCache::new(args)?;
    let (config, settings, active) = cache.resolve(args, path)?;
    let write = |out: &mut dyn Write| -> io::Result<()> {
        let list = |items: &[String]| {
            if items.is_empty() { "(none)".to_string() } else { items.join(", ") }
        };
        let paths = |items: Vec<PathBuf>| -> Vec<String> {
            items.iter().map(|p| p.display().to_string()).collect()
        };
        writeln!(out, "path:          {}", path.display())?;
        match &config.path {
            Some(file) => writeln!(out, "settings file: {}", file.display())?,
            None => writeln!(out, "settings file: (none: defaults)")?,
        }
        writeln!(out, "profile:       {}", settings.profile.as_str())?;
        match &settings.select {
            Some(select) => writeln!(out, "select:        {}", list(select))?,
            None => writeln!(out, "select:        (all)")?,
        }
        writeln!(out, "ignore:        {}", list(&settings.ignore))?;
        let severity: Vec<String> =
            settings.severity.iter().map(|(k, v)| format!("{k} = {v}")).collect();
        writeln!(out, "severity:      {}", list(&severity))?;
        let allow: Vec<String> =
            settings.allow.iter().map(|(p, r)| format!("「{p}」 ({r})")).collect();
        writeln!(out, "allow:         {}", list(&allow))?;
        let mut rule_paths = paths(config.rule_paths());
        rule_paths.extend(paths(args.rules.clone()));
        writeln!(out, "rule files:    {}", list(&rule_paths))?;
        let mut terms = paths(config.term_paths());
        terms.extend(paths(args.terms.clone()));
        writeln!(out, "terms:         {}", list(&terms))?;
        writeln!(out, "exclude:       {}", list(config.exclude_globs()))?;
        writeln!(out, "rules:         {} active", active.rules().len())?;
        for rule in active.rules() {
            writeln!(out, "  {} ({}, {})", rule.id, rule.category, rule.severity)?;
        }
        Ok(())
    };
    write(out).map_err(|e| Fatal::Other(format!("cannot write output: {e}")))
}

/// Runs a subcommand and returns the exit status.
pub(crate) fn run(args: &Args, command: &Command, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    if let Command::Rules { action: Some(RulesAction::Test { paths }) } = command {
        return test_rules(args, paths, out, err);
    }
    if let Command::Config { path } = command {
        let path = path.clone().unwrap_or_else(|| PathBuf::from("."));
        return match show_config(args, &path, out) {
            Ok(()) => EXIT_CLEAN,
            Err(fatal) => {
                let _ = writeln!(err, "{fatal}");
                EXIT_FAILURE
            }
        };
    }
    let rules = match load_checked(&LoadOptions {
        rule_paths: args.rules.clone(),
        user_terms: args.terms.clone(),
    }) {
        Ok(rules) => rules,
        Err(fatal) => {
            let _ = writeln!(err, "{fatal}");
            return EXIT_FAILURE;
        }
    };
    let written = match command {
        Command::Rules { .. } => match args.profile {
            Some(profile) => {
                let profile = Profile::from(profile);
                list_rules(&rules.restrict(|r| r.profiles.contains(&profile)), out)
            }
            None => list_rules(&rules, out),
        },
        Command::Tokens { text } => print_tokens(&rules, text, out),
        Command::Explain { rule } => match rules.get(rule) {
            Some(rule) => explain(rule, out),
            None => {
                let _ = writeln!(err, "error: no rule `{rule}` (see `claimlint rules`)");
                return EXIT_FAILURE;
            }
        },
        Command::Config { .. } | Command::Lsp => Ok(()),
    };
    match written {
        Ok(()) => EXIT_CLEAN,
        Err(_) => EXIT_FAILURE,
    }
}
