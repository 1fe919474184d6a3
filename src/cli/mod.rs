//! Command-line arguments, dispatch and exit status. The work is done by
//! the library (`lint`, the emitters); `lint` here runs one lint over the
//! inputs and `commands` the other subcommands.

mod commands;
pub(crate) mod lint;

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::diagnostic::Severity;
use crate::rules::Profile;

const EXAMPLES: &str = "\
Examples:
  claimlint page.txt                  lint one page
  claimlint site/                     lint every page in a folder (.txt .md .html)
  cat page.txt | claimlint - --stdin-filename page.md
                                      lint standard input as Markdown
  claimlint --format json page.txt    machine-readable output for editors and CI
  claimlint --format github site/     annotate a pull request in GitHub Actions
  claimlint --format html -o report.html site/
                                      a report for reviewers, to open in a browser
  claimlint --profile cosmetic lp.txt judge copy for a cosmetic (化粧品)
  claimlint --rules my-rule.yaml page.txt
                                      add a rule of your own
  claimlint --write-baseline base.json site/ && claimlint --baseline base.json site/
                                      accept today's findings, fail only on new ones
  claimlint rules                     list the rules
  claimlint explain safety.side-effects-denied
                                      what a rule flags, why, and what to write instead
  claimlint rules test my-rule.yaml   run a rule file's bad/good examples
  claimlint tokens 副作用はありません  how the analyser splits a phrase
  claimlint config page.md            the settings that apply to a file
  claimlint lsp                       a language server for editors (stdio)

Exit status: 0 nothing at or above --fail-on (default error) was found, 1 something
was, 2 the run failed (bad arguments, a bad rule or settings file, or an input that
could not be read).";

/// Lints Japanese advertising copy for regulatory overclaims
/// (医療広告ガイドライン, 薬機法・医薬品等適正広告基準, 景品表示法).
#[derive(Debug, Clone, Parser)]
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

    /// Files or folders to lint; `-` reads standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Write the output to a file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// When to colour human output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// The least severity that fails the run (exit status 1).
    #[arg(long, value_enum, value_name = "SEVERITY", default_value_t = FailOn::Error)]
    pub fail_on: FailOn,

    /// The kind of product the copy advertises [default: from the settings
    /// file, else medical].
    #[arg(long, value_enum, value_name = "PROFILE", global = true)]
    pub profile: Option<ProfileArg>,

    /// An extra rule or lexicon file, or a directory of them (repeatable).
    #[arg(long = "rules", value_name = "PATH", global = true)]
    pub rules: Vec<PathBuf>,

    /// Extra dictionary terms, a Lindera user-dictionary CSV (repeatable).
    #[arg(long = "terms", value_name = "CSV", global = true)]
    pub terms: Vec<PathBuf>,

    /// A settings file to use instead of the nearest claimlint.toml.
    #[arg(long, value_name = "FILE", global = true)]
    pub config: Option<PathBuf>,

    /// Ignore claimlint.toml files.
    #[arg(long, global = true, conflicts_with = "config")]
    pub no_config: bool,

    /// How to read the inputs [default: by extension: .md/.markdown, .html/.htm,
    /// else text].
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<InputFormat>,

    /// The inputs' encoding (utf-8, shift_jis, cp932, euc-jp ...) [default: detected].
    #[arg(long, value_name = "LABEL")]
    pub encoding: Option<String>,

    /// The path standard input stands for (its format, settings, and the
    /// name in the output).
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,

    /// Lint only walked files matching this glob (repeatable) [default:
    /// *.txt, *.md, *.markdown, *.html, *.htm, *.xhtml].
    #[arg(long, value_name = "GLOB")]
    pub include: Vec<String>,

    /// Skip walked files matching this glob (repeatable).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,

    /// Report only findings not in this baseline file.
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    pub baseline: Option<PathBuf>,

    /// Accept every current finding: write them to this baseline file.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,

    /// Lint with this many threads [default: one per core].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,

    /// Also print how many findings each rule and category produced.
    #[arg(long)]
    pub statistics: bool,

    /// Print diagnostics only, without the summary line.
    #[arg(short, long)]
    pub quiet: bool,

    /// Width to fit source lines into [default: the terminal's, or 100].
    #[arg(long, value_name = "COLUMNS", value_parser = clap::value_parser!(u16).range(20..))]
    pub width: Option<u16>,
}

#[derive(Debug, Clone, Subcommand)]
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
    /// Print the settings that apply to a file or folder.
    Config {
        /// The file or folder [default: the current folder].
        path: Option<PathBuf>,
    },
    /// Run a language server on standard input and output, for editors
    /// (findings as you type, explanations on hover, quick fixes).
    Lsp,
}

#[derive(Debug, Clone, Subcommand)]
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
    /// One line per finding: path:line:column: severity[rule] message.
    Short,
    /// GitHub Actions workflow commands (pull-request annotations).
    Github,
    /// SARIF 2.1.0 for code scanning.
    Sarif,
    /// One self-contained HTML review report, to open in a browser (use -o).
    Html,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    Text,
    Markdown,
    Html,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
}

impl From<FailOn> for Severity {
    fn from(fail_on: FailOn) -> Severity {
        match fail_on {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
            FailOn::Info => Severity::Info,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Exit statuses, the same in every format.
pub(crate) const EXIT_CLEAN: u8 = 0;
pub(crate) const EXIT_FINDINGS: u8 = 1;
pub(crate) const EXIT_FAILURE: u8 = 2;

/// Parses the process arguments and runs.
pub fn main() -> ExitCode {
    let args = Args::parse();
    // Buffered: stdout is line-buffered, and JSON has a line per field.
    // Neither stream is locked for the whole run: worker threads may write.
    let mut out = io::BufWriter::new(io::stdout());
    let status = run(&args, &mut out, &mut io::stderr());
    let flushed = out.flush();
    ExitCode::from(if flushed.is_err() && status == EXIT_CLEAN { EXIT_FAILURE } else { status })
}

/// Runs claimlint and returns the exit status.
pub fn run(args: &Args, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    match &args.command {
        Some(Command::Lsp) => crate::lsp::run(args),
        Some(command) => commands::run(args, command, out, err),
        None => lint::run(args, out, err),
    }
}
