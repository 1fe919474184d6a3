//! Command-line arguments and exit status; nothing else. The work is done
//! by [`crate::lint`] and the emitters.

use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, ValueEnum};

use crate::diagnostic::Severity;
use crate::emit::{self, FileReport, Summary, human::HumanOptions};
use crate::rules::{RuleError, RuleSet};

const EXAMPLES: &str = "\
Examples:
  claimlint page.txt                  lint one page
  claimlint pages/a.txt pages/b.txt   lint several pages
  cat page.txt | claimlint -          lint standard input
  claimlint --format json page.txt    machine-readable output for editors and CI
  claimlint --rules my-rule.yaml page.txt
                                      add a rule of your own

Exit status: 0 no errors found, 1 errors found, 2 the run failed (bad
arguments, a bad rule file, or an input that could not be read).";

/// Lints Japanese advertising copy for regulatory overclaims
/// (医療広告ガイドライン, 薬機法・医薬品等適正広告基準, 景品表示法).
#[derive(Debug, Parser)]
#[command(name = "claimlint", version, after_help = EXAMPLES, max_term_width = 100)]
pub struct Args {
    /// Files to lint; `-` reads standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// When to colour human output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// An extra rule file (repeatable).
    #[arg(long = "rules", value_name = "FILE")]
    pub rules: Vec<PathBuf>,

    /// Print diagnostics only, without the summary line.
    #[arg(short, long)]
    pub quiet: bool,

    /// Width to fit source lines into [default: the terminal's, or 100].
    #[arg(long, value_name = "COLUMNS", value_parser = clap::value_parser!(u16).range(20..))]
    pub width: Option<u16>,
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

fn load_rules(extra: &[PathBuf]) -> Result<RuleSet, RuleError> {
    let mut rules = RuleSet::builtin()?;
    for path in extra {
        rules.load_file(path)?;
    }
    Ok(rules)
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

/// Runs claimlint and returns the exit status.
pub fn run(args: &Args, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let rules = match load_rules(&args.rules) {
        Ok(rules) => rules,
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
