//! One lint run: settings, rules, inputs, findings, baseline, output, exit
//! status.

use std::collections::HashMap;
use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{Args, ColorChoice, EXIT_CLEAN, EXIT_FAILURE, EXIT_FINDINGS, Format, InputFormat};
use crate::baseline::{Baseline, Key};
use crate::config::{self, Config, ConfigError};
use crate::emit::{self, FileReport, Report, Summary, html::HtmlOptions, human::HumanOptions};
use crate::examples;
use crate::input::{self, encoding_for_label, io_message};
use crate::rules::{LoadOptions, Profile, RuleError, RuleSet};
use crate::walk::{self, Input, WalkOptions};
use crate::{ReadOptions, suppress};
use rayon::prelude::*;

const STDIN_LABEL: &str = "<stdin>";
const DEFAULT_WIDTH: usize = 100;

/// Something that stops the run before any file is linted (exit 2).
pub(crate) enum Fatal {
    Rule(RuleError),
    Config(ConfigError),
    Other(String),
}

impl std::fmt::Display for Fatal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Fatal::Rule(e) => e.fmt(f),
            Fatal::Config(e) => e.fmt(f),
            Fatal::Other(message) => write!(f, "error: {message}"),
        }
    }
}

/// Settings files and the rules they load, each read once.
pub(crate) struct SettingsCache {
    forced: Option<Arc<Config>>,
    no_config: bool,
    by_dir: HashMap<PathBuf, Arc<Config>>,
    rules: HashMap<Option<PathBuf>, RuleSet>,
}

impl SettingsCache {
    pub(crate) fn new(args: &Args) -> Result<SettingsCache, Fatal> {
        let forced = match &args.config {
            Some(path) => Some(Arc::new(Config::load(path).map_err(Fatal::Config)?)),
            None => None,
        };
        Ok(SettingsCache {
            forced,
            no_config: args.no_config,
            by_dir: HashMap::new(),
            rules: HashMap::new(),
        })
    }

    /// The settings file that applies to `path`.
    pub(crate) fn config_for(&mut self, path: &Path) -> Result<Arc<Config>, Fatal> {
        if let Some(forced) = &self.forced {
            return Ok(Arc::clone(forced));
        }
        if self.no_config {
            return Ok(Arc::new(Config::defaults()));
        }
        let dir = if path.is_dir() {
            path.to_path_buf()
        } else {
            path.parent().map(Path::to_path_buf).unwrap_or_default()
        };
        if let Some(found) = self.by_dir.get(&dir) {
            return Ok(Arc::clone(found));
        }
        let probe = if dir.as_os_str().is_empty() { PathBuf::from(".") } else { dir.clone() };
        let found = Arc::new(Config::discover(&probe.join("_")).map_err(Fatal::Config)?);
        self.by_dir.insert(dir, Arc::clone(&found));
        Ok(found)
    }

    /// The settings that apply to `path` (the command line's `--profile`
    /// winning) and the rules they make active.
    pub(crate) fn resolve(
        &mut self,
        args: &Args,
        path: &Path,
    ) -> Result<(Arc<Config>, config::Settings, RuleSet), Fatal> {
        let config = self.config_for(path)?;
        let rules = self.rules_for(args, &config)?;
        let mut settings = config.settings_for(path);
        if let Some(profile) = args.profile {
            settings.profile = profile.into();
        }
        let active = rules.configured(
            settings.profile,
            settings.select.as_deref(),
            &settings.ignore,
            &settings.severity,
        );
        Ok((config, settings, active))
    }

    /// Every rule a settings file loads (built-in, its own, the command
    /// line's); a user's rule whose examples fail is an error.
    pub(crate) fn rules_for(&mut self, args: &Args, config: &Config) -> Result<RuleSet, Fatal> {
        if let Some(rules) = self.rules.get(&config.path) {
            return Ok(rules.clone());
        }
        let mut rule_paths = config.rule_paths();
        rule_paths.extend(args.rules.iter().cloned());
        let mut user_terms = config.term_paths();
        user_terms.extend(args.terms.iter().cloned());
        let rules = load_checked(&LoadOptions { rule_paths, user_terms })?;
        validate_selectors(config, &rules)?;
        self.rules.insert(config.path.clone(), rules.clone());
        Ok(rules)
    }
}

/// Loads rules; a user rule whose examples fail is a malformed rule.
pub(crate) fn load_checked(options: &LoadOptions) -> Result<RuleSet, Fatal> {
    let rules = RuleSet::load(options).map_err(Fatal::Rule)?;
    let users = rules.restrict(|r| r.user);
    match examples::check(&users).first() {
        Some(failure) => Err(Fatal::Rule(super::commands::example_error(&rules, failure))),
        None => Ok(rules),
    }
}

/// Rule names in a settings file must name rules: a typo is an error.
fn validate_selectors(config: &Config, rules: &RuleSet) -> Result<(), Fatal> {
    let Some(path) = &config.path else { return Ok(()) };
    for selector in config.selectors() {
        if !rules.knows(&selector) {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            let quoted = format!("\"{selector}\"");
            let location = text
                .find(&quoted)
                .or_else(|| text.find(&selector))
                .map(|at| config::line_column(&text, at));
            return Err(Fatal::Config(ConfigError {
                path: path.display().to_string(),
                location,
                message: format!("`{selector}` is not a rule id, category or pack"),
            }));
        }
    }
    Ok(())
}

fn input_format(args: &Args, path: &Path) -> input::Format {
    match args.input_format {
        Some(InputFormat::Text) => input::Format::Text,
        Some(InputFormat::Markdown) => input::Format::Markdown,
        Some(InputFormat::Html) => input::Format::Html,
        None => input::Format::from_path(path),
    }
}

/// One file to lint, with everything its settings decided.
struct Job {
    label: String,
    path: PathBuf,
    /// Standard input is read up front; files are read by the job.
    stdin: Option<Result<Vec<u8>, String>>,
    rules: RuleSet,
    profile: Profile,
    options: ReadOptions,
    /// Allowed phrases with their reasons.
    allow: Vec<(String, String)>,
    /// Only human output (source lines) and the HTML report (the prose)
    /// show text: other formats drop it once a file is linted, so memory
    /// follows the findings, not the site.
    keep_text: bool,
}

/// Resolves the settings and rules for one input (sequential: settings
/// files and rule sets are read once and cached).
fn plan(
    args: &Args,
    settings: &mut SettingsCache,
    input: &Input,
    encoding: Option<&'static encoding_rs::Encoding>,
) -> Result<Job, Fatal> {
    let (label, path, stdin) = match input {
        Input::Stdin => {
            let mut bytes = Vec::new();
            let read =
                io::stdin().read_to_end(&mut bytes).map(|_| bytes).map_err(|e| io_message(&e));
            let path = args.stdin_filename.clone().unwrap_or_else(|| PathBuf::from(STDIN_LABEL));
            let label = args
                .stdin_filename
                .as_ref()
                .map_or_else(|| STDIN_LABEL.to_string(), |p| p.display().to_string());
            (label, path, Some(read))
        }
        Input::File(path) => (path.display().to_string(), path.clone(), None),
    };
    let (_, resolved, rules) = settings.resolve(args, &path)?;
    let options = ReadOptions { format: input_format(args, &path), encoding };
    let allow = resolved.allow;
    let keep_text = matches!(args.format, Format::Human | Format::Html);
    let profile = resolved.profile;
    Ok(Job { label, path, stdin, rules, profile, options, allow, keep_text })
}

/// Reads and lints one file (runs in parallel with the others).
fn run_job(job: Job) -> FileReport {
    let bytes = match job.stdin {
        Some(read) => read,
        None => std::fs::read(&job.path).map_err(|e| io_message(&e)),
    };
    let result = bytes.and_then(|bytes| {
        // The bytes are dropped once decoded: only the text is kept.
        let document = crate::read(&bytes, job.options).map_err(|e| e.to_string())?;
        drop(bytes);
        let mut linted = crate::lint_document(document, &job.rules, Default::default())
            .map_err(|e| e.to_string())?;
        let found = std::mem::take(&mut linted.diagnostics);
        let (kept, allowed) = suppress::allow(&linted.document, found, &job.allow);
        linted.diagnostics = kept;
        linted.suppressed.extend(allowed);
        if !job.keep_text {
            linted.document = crate::document::Document::empty();
        }
        Ok(linted)
    });
    FileReport { path: job.label, result, profile: Some(job.profile) }
}

fn terminal_width() -> usize {
    terminal_size::terminal_size().map_or(DEFAULT_WIDTH, |(w, _)| usize::from(w.0))
}

/// Runs the lint and returns the exit status.
pub(crate) fn run(args: &Args, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    match run_checked(args, out, err) {
        Ok(status) => status,
        Err(fatal) => {
            let _ = writeln!(err, "{fatal}");
            EXIT_FAILURE
        }
    }
}

/// When the run happened, in seconds since 1970: `SOURCE_DATE_EPOCH` when
/// set (reproducible reports, tests), else the clock.
fn run_time() -> Result<u64, Fatal> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(value) => value.trim().parse().map_err(|_| {
            Fatal::Other(format!("SOURCE_DATE_EPOCH must be seconds since 1970, not `{value}`"))
        }),
        Err(std::env::VarError::NotPresent) => Ok(std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_secs())),
        Err(std::env::VarError::NotUnicode(_)) => {
            Err(Fatal::Other("SOURCE_DATE_EPOCH must be seconds since 1970".to_string()))
        }
    }
}

fn run_checked(args: &Args, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8, Fatal> {
    let started = if args.format == Format::Html { run_time()? } else { 0 };
    let encoding = match &args.encoding {
        Some(label) => Some(
            encoding_for_label(label)
                .ok_or_else(|| Fatal::Other(format!("unknown encoding `{label}`")))?,
        ),
        None => None,
    };
    let mut settings = SettingsCache::new(args)?;
    let baseline = match &args.baseline {
        Some(path) => Some(Baseline::load(path).map_err(|e| Fatal::Other(e.to_string()))?),
        None => None,
    };

    // Walked files a settings file excludes are skipped.
    let walk_options = WalkOptions { include: args.include.clone(), exclude: args.exclude.clone() };
    let cache = std::cell::RefCell::new(&mut settings);
    let config_error = std::cell::RefCell::new(None);
    let excluded = |path: &Path| match cache.borrow_mut().config_for(path) {
        Ok(config) => config.excludes(path),
        Err(error) => {
            config_error.borrow_mut().get_or_insert(error);
            false
        }
    };
    let walked = walk::walk(&args.paths, &walk_options, &excluded);
    if let Some(error) = config_error.into_inner() {
        return Err(error);
    }

    let jobs = walked
        .inputs
        .iter()
        .map(|input| plan(args, &mut settings, input, encoding))
        .collect::<Result<Vec<Job>, Fatal>>()?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.map_or(0, usize::from))
        .build()
        .map_err(|e| Fatal::Other(format!("cannot start threads: {e}")))?;
    let mut reports: Vec<FileReport> = pool.install(|| jobs.into_par_iter().map(run_job).collect());
    reports.extend(walked.errors.into_iter().map(|(path, message)| FileReport {
        path,
        result: Err(message),
        profile: None,
    }));
    // Deterministic whatever the threads did.
    reports.sort_by(|a, b| a.path.cmp(&b.path));

    if let Some(path) = &args.write_baseline {
        let keys = reports.iter().flat_map(|r| r.diagnostics().iter().map(|d| Key::of(&r.path, d)));
        let baseline = Baseline::from_keys(keys);
        std::fs::write(path, baseline.to_json()).map_err(|e| {
            Fatal::Other(format!("cannot write {}: {}", path.display(), io_message(&e)))
        })?;
        let _ = writeln!(err, "wrote {} findings to {}", baseline.len(), path.display());
        let failed = reports.iter().any(|r| r.result.is_err());
        return Ok(if failed { EXIT_FAILURE } else { EXIT_CLEAN });
    }

    let comparison = baseline.map(|baseline| {
        let keys: Vec<Key> = reports
            .iter()
            .flat_map(|r| r.diagnostics().iter().map(|d| Key::of(&r.path, d)))
            .collect();
        let (is_new, comparison) = baseline.compare(&keys);
        let mut flags = is_new.into_iter();
        for report in &mut reports {
            if let Ok(linted) = &mut report.result {
                linted.diagnostics.retain(|_| flags.next().unwrap_or(true));
            }
        }
        comparison
    });

    // SARIF's rule catalogue: the rules that were loaded.
    let catalogue = match settings.rules.values().next() {
        Some(rules) => rules.clone(),
        None => load_checked(&LoadOptions {
            rule_paths: args.rules.clone(),
            user_terms: args.terms.clone(),
        })?,
    };
    let report = Report {
        files: &reports,
        rules: &catalogue,
        baseline: comparison,
        statistics: args.statistics,
    };

    let mut file;
    let sink: &mut dyn Write = match &args.output {
        Some(path) => {
            file = io::BufWriter::new(std::fs::File::create(path).map_err(|e| {
                Fatal::Other(format!("cannot write {}: {}", path.display(), io_message(&e)))
            })?);
            &mut file
        }
        None => out,
    };
    let written = match args.format {
        Format::Json => emit::json::write(&report, sink),
        Format::Short => emit::short::write(&report, sink, err),
        Format::Github => emit::github::write(&report, sink, err),
        Format::Sarif => emit::sarif::write(&report, sink, err),
        Format::Html => {
            let inputs: Vec<String> = args.paths.iter().map(|p| p.display().to_string()).collect();
            emit::html::write(
                &report,
                &HtmlOptions { generated: started, inputs: &inputs },
                sink,
                err,
            )
        }
        Format::Human => {
            let color = match args.color {
                ColorChoice::Always => true,
                ColorChoice::Never => false,
                ColorChoice::Auto => {
                    args.output.is_none()
                        && io::stdout().is_terminal()
                        && std::env::var_os("NO_COLOR").is_none()
                }
            };
            let width = args.width.map_or_else(terminal_width, usize::from);
            emit::human::write(&report, HumanOptions { color, width, quiet: args.quiet }, sink, err)
        }
    };
    if let Err(error) = written.and_then(|()| sink.flush()) {
        // A closed pipe (`claimlint … | head`) is not worth a message.
        if error.kind() != io::ErrorKind::BrokenPipe {
            let _ = writeln!(err, "error: cannot write output: {error}");
        }
        return Ok(EXIT_FAILURE);
    }

    let status = if reports.iter().any(|r| r.result.is_err()) {
        EXIT_FAILURE
    } else if Summary::of(&reports).at_least(args.fail_on.into()) > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    };
    // The process ends right after: freeing the compiled rules and the
    // reports one allocation at a time would cost milliseconds of start-up
    // and tear-down for nothing.
    std::mem::forget(catalogue);
    std::mem::forget(settings);
    std::mem::forget(reports);
    Ok(status)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[test]
    fn a_file_that_vanishes_after_the_walk_is_reported() {
        let dir = tempfile::tempdir().expect("temp dir");
        let page = dir.path().join("page.txt");
        std::fs::write(&page, "最先端").expect("written");
        let args = Args::parse_from(["claimlint", "--no-config", "x"]);
        let mut settings = SettingsCache::new(&args).ok().expect("settings");
        let job =
            plan(&args, &mut settings, &Input::File(page.clone()), None).ok().expect("planned");
        std::fs::remove_file(&page).expect("removed");
        let report = run_job(job);
        assert_eq!(report.path, page.display().to_string());
        assert_eq!(report.result.err().as_deref(), Some("No such file or directory"));
    }
}
