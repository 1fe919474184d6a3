//! Command-line arguments and exit status; nothing else. The work is done
//! by [`crate::lint`] and the emitters.

use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::diagnostic::Severity;
use crate::emit::{self, FileReport, Summary, human::HumanOptions};
use crate::examples::{self, ExampleFailure, ExampleKind};
use crate::rules::{LoadOptions, Profile, Rule, RuleError, RuleKind, RuleSet};

const EXAMPLES: &str = "\
Examples:
  claimlint page.txt                  lint one page
  claimlint pages/a.txt pages/b.txt   lint several pages
  cat page.txt | claimlint -          lint standard input
  claimlint --format json page.txt    machine-readable output for editors and CI
  claimlint --profile cosmetic lp.txt judge copy for a cosmetic (化粧品)
  claimlint --rules my-rule.yaml page.txt
                                      add a rule of your own
  claimlint rules                     list the rules
  claimlint explain safety.side-effects-denied
                                      what a rule flags, why, and what to write instead
  claimlint rules test my-rule.yaml   run a rule file's bad/good examples
  claimlint tokens 副作用はありません  how the analyser splits a phrase

Exit status: 0 no errors found, 1 errors found, 2 the run failed (bad
arguments, a bad rule file, or an input that could not be read).";

/// Lints Japanese advertising copy for regulatory overclaims
/// (医療広告ガイドライン, 薬機法・医薬品等適正広告基準, 景品表示法).
#[derive(Debug, Parser)]
#[command(
    name = "claimlint",
    version,
    after_help = EXAMPLES,
    max_term_width = 100,
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true
)]
pub struct Args {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Files to lint; `-` reads standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// When to colour human output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// An extra rule or lexicon file, or a directory of them (repeatable).
    #[arg(long = "rules", value_name = "PATH", global = true)]
    pub rules: Vec<PathBuf>,

    /// The kind of product the copy advertises; rules apply per profile
    /// [default: medical].
    #[arg(long, value_enum, value_name = "PROFILE", global = true)]
    pub profile: Option<ProfileArg>,

    /// Extra dictionary terms, a Lindera user-dictionary CSV (repeatable).
    #[arg(long = "terms", value_name = "CSV", global = true)]
    pub terms: Vec<PathBuf>,

    /// Print diagnostics only, without the summary line.
    #[arg(short, long)]
    pub quiet: bool,

    /// Width to fit source lines into [default: the terminal's, or 100].
    #[arg(long, value_name = "COLUMNS", value_parser = clap::value_parser!(u16).range(20..))]
    pub width: Option<u16>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the rules with their category, severity and profiles.
    Rules {
        #[command(subcommand)]
        action: Option<RulesAction>,
    },
    /// Explain a rule: what it flags, its legal basis, examples and alternatives.
    Explain {
        /// A rule id, as shown in brackets in the output.
        rule: String,
    },
    /// Show how text is split into morphemes, for writing token patterns.
    Tokens {
        /// Text to analyse (as the rules see it, after width folding).
        #[arg(required = true)]
        text: Vec<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum RulesAction {
    /// Run rules' bad/good examples: every bad example must fire, no good one may.
    Test {
        /// Rule files or directories to test; all rules when none is given.
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProfileArg {
    /// Clinic pages: 医療広告ガイドライン, 医薬品等適正広告基準, 景品表示法.
    Medical,
    /// 化粧品 and 医薬部外品: the permitted efficacy range.
    Cosmetic,
    /// 健康食品 and supplements: no medicinal claims (薬機法, 健康増進法).
    HealthFood,
}

impl From<ProfileArg> for Profile {
    fn from(arg: ProfileArg) -> Profile {
        match arg {
            ProfileArg::Medical => Profile::Medical,
            ProfileArg::Cosmetic => Profile::Cosmetic,
            ProfileArg::HealthFood => Profile::HealthFood,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Compiler-style diagnostics with source snippets.
    Human,
    /// One JSON object for editors and CI (the contract in src/emit/json.rs).
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Exit statuses, the same in every format.
const EXIT_CLEAN: u8 = 0;
const EXIT_FINDINGS: u8 = 1;
const EXIT_FAILURE: u8 = 2;

const STDIN_LABEL: &str = "<stdin>";
const DEFAULT_WIDTH: usize = 100;

/// Parses the process arguments and runs.
pub fn main() -> ExitCode {
    let args = Args::parse();
    let stdout = io::stdout();
    let stderr = io::stderr();
    let status = run(&args, &mut stdout.lock(), &mut stderr.lock());
    ExitCode::from(status)
}

fn load_options(args: &Args, more_rules: &[PathBuf]) -> LoadOptions {
    let mut rule_paths = args.rules.clone();
    rule_paths.extend_from_slice(more_rules);
    LoadOptions { rule_paths, user_terms: args.terms.clone() }
}

/// Where an example is written in its rule file.
fn example_location(rule: &Rule, example: &str) -> Option<(usize, usize)> {
    let source = std::fs::read_to_string(&rule.origin).ok()?;
    source.lines().enumerate().find_map(|(index, line)| {
        line.find(example).map(|byte| (index + 1, line[..byte].chars().count() + 1))
    })
}

fn example_error(rules: &RuleSet, failure: &ExampleFailure) -> RuleError {
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

/// Loads every rule: a user's rule whose examples fail is an error, like
/// any other malformed rule file.
fn load_rules(args: &Args) -> Result<RuleSet, RuleError> {
    let rules = RuleSet::load(&load_options(args, &[]))?;
    let users = rules.restrict(|r| r.user);
    match examples::check(&users).first() {
        Some(failure) => Err(example_error(&rules, failure)),
        None => Ok(rules),
    }
}

/// The rules of one profile.
fn for_profile(rules: &RuleSet, profile: Profile) -> RuleSet {
    rules.restrict(|r| r.profiles.contains(&profile))
}

/// Reads one input: a file, or standard input for `-`.
fn read_input(path: &Path) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    if path == Path::new("-") {
        io::stdin().read_to_end(&mut bytes).map_err(|e| e.to_string())?;
        return Ok(bytes);
    }
    if path.is_dir() {
        return Err("is a directory, not a file".into());
    }
    std::fs::read(path).map_err(|e| io_message(&e))
}

/// An I/O error's message without the "(os error N)" suffix.
fn io_message(error: &io::Error) -> String {
    let message = error.to_string();
    match message.find(" (os error") {
        Some(i) => message[..i].to_string(),
        None => message,
    }
}

fn label(path: &Path) -> String {
    if path == Path::new("-") { STDIN_LABEL.to_string() } else { path.display().to_string() }
}

fn terminal_width() -> usize {
    terminal_size::terminal_size().map_or(DEFAULT_WIDTH, |(w, _)| usize::from(w.0))
}

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
        for suggestion in &rule.suggestions {
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

/// `claimlint rules test [PATH...]`: runs examples, reports failures in
/// compiler style; exit 1 when any fails.
fn test_rules(args: &Args, paths: &[PathBuf], out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let rules = match RuleSet::load(&load_options(args, paths)) {
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

fn run_command(args: &Args, command: &Command, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    if let Command::Rules { action: Some(RulesAction::Test { paths }) } = command {
        return test_rules(args, paths, out, err);
    }
    let rules = match load_rules(args) {
        Ok(rules) => rules,
        Err(error) => {
            let _ = writeln!(err, "{error}");
            return EXIT_FAILURE;
        }
    };
    let written = match command {
        Command::Rules { .. } => match args.profile {
            Some(profile) => list_rules(&for_profile(&rules, profile.into()), out),
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
    };
    match written {
        Ok(()) => EXIT_CLEAN,
        Err(_) => EXIT_FAILURE,
    }
}

/// Runs claimlint and returns the exit status.
pub fn run(args: &Args, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    if let Some(command) = &args.command {
        return run_command(args, command, out, err);
    }
    let profile = args.profile.map_or(Profile::Medical, Profile::from);
    let rules = match load_rules(args) {
        Ok(rules) => for_profile(&rules, profile),
        Err(error) => {
            let _ = writeln!(err, "{error}");
            return EXIT_FAILURE;
        }
    };

    let mut reports: Vec<FileReport> = args
        .paths
        .iter()
        .map(|path| FileReport {
            path: label(path),
            result: read_input(path)
                .and_then(|bytes| crate::lint(&bytes, &rules).map_err(|e| e.to_string())),
        })
        .collect();
    reports.sort_by(|a, b| a.path.cmp(&b.path));

    let written = match args.format {
        Format::Json => emit::json::write(&reports, out),
        Format::Human => {
            let color = match args.color {
                ColorChoice::Always => true,
                ColorChoice::Never => false,
                ColorChoice::Auto => {
                    io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
                }
            };
            let width = args.width.map_or_else(terminal_width, usize::from);
            emit::human::write(&reports, HumanOptions { color, width, quiet: args.quiet }, out, err)
        }
    };
    if let Err(error) = written.and_then(|()| out.flush()) {
        // A closed pipe (`claimlint … | head`) is not worth a message.
        if error.kind() != io::ErrorKind::BrokenPipe {
            let _ = writeln!(err, "error: cannot write output: {error}");
        }
        return EXIT_FAILURE;
    }

    if reports.iter().any(|r| r.result.is_err()) {
        EXIT_FAILURE
    } else if Summary::of(&reports).at_least(Severity::Error) > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}
