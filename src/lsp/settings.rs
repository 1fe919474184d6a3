//! The settings of open documents, found and loaded as the CLI finds and
//! loads them (the nearest `claimlint.toml`, its rules and terms, the
//! command line's `--config`, `--rules`, `--terms` and `--profile`), and
//! reloaded when a file they were read from changes or a nearer settings
//! file appears.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::cli::Args;
use crate::cli::lint::{Fatal, SettingsCache};
use crate::config::Config;
use crate::rules::RuleSet;

/// What linting a document needs from its settings.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// The rules active for the document (profile, select, ignore, severity).
    pub rules: RuleSet,
    /// Allowed phrases with their reasons.
    pub allow: Vec<(String, String)>,
}

/// A settings, rule or term file that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file at fault, when one is.
    pub path: Option<PathBuf>,
    /// 1-based line and column (characters).
    pub location: Option<(usize, usize)>,
    pub message: String,
}

impl Problem {
    fn of(fatal: Fatal) -> Problem {
        match fatal {
            Fatal::Rule(e) => Problem {
                path: Some(PathBuf::from(e.path)),
                location: e.location,
                message: e.message,
            },
            Fatal::Config(e) => Problem {
                path: Some(PathBuf::from(e.path)),
                location: e.location,
                message: e.message,
            },
            Fatal::Other(message) => Problem { path: None, location: None, message },
        }
    }

    /// One line for `window/showMessage`: where, then what.
    pub fn summary(&self) -> String {
        let place = match (&self.path, self.location) {
            (Some(path), Some((line, column))) => format!("{}:{line}:{column}: ", path.display()),
            (Some(path), None) => format!("{}: ", path.display()),
            (None, _) => String::new(),
        };
        format!("claimlint: {place}{}", self.message)
    }
}

/// When a file was last changed, and its size; `None` when it is missing.
type Stamp = Option<(SystemTime, u64)>;

fn stamp(path: &Path) -> Stamp {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

/// Stamps of a rule or term path: the file, or a directory and everything
/// in it (a file added or removed changes the directory's stamp).
fn stamp_tree(path: &Path, depth: usize, out: &mut BTreeMap<PathBuf, Stamp>) {
    out.insert(path.to_path_buf(), stamp(path));
    if depth == 0 || !path.is_dir() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(path) else { return };
    for entry in entries.flatten() {
        stamp_tree(&entry.path(), depth - 1, out);
    }
}

/// How deep rule directories are watched.
const MAX_DEPTH: usize = 8;

/// Settings for every open document, cached until a file they came from
/// changes.
pub struct Workspace {
    args: Args,
    cache: Result<SettingsCache, Problem>,
    /// Every file the cache read, with its stamp when read.
    read: BTreeMap<PathBuf, Stamp>,
    /// The settings file each folder used (`None`: defaults).
    nearest: HashMap<PathBuf, Option<PathBuf>>,
    /// Folders whose settings failed, with why (kept until a reload, so a
    /// broken rule file is not recompiled on every keystroke).
    failed: HashMap<PathBuf, Problem>,
}

impl Workspace {
    /// `args` are the command line's (`claimlint lsp --rules …`), with the
    /// client's profile, if it set one, in `args.profile`.
    pub fn new(args: Args) -> Workspace {
        let mut workspace = Workspace {
            cache: Err(Problem { path: None, location: None, message: String::new() }),
            args,
            read: BTreeMap::new(),
            nearest: HashMap::new(),
            failed: HashMap::new(),
        };
        workspace.reload();
        workspace
    }

    fn reload(&mut self) {
        self.read.clear();
        self.nearest.clear();
        self.failed.clear();
        if let Some(config) = &self.args.config {
            stamp_tree(config, 0, &mut self.read);
        }
        for path in self.args.rules.iter().chain(&self.args.terms) {
            stamp_tree(path, MAX_DEPTH, &mut self.read);
        }
        self.cache = SettingsCache::new(&self.args).map_err(Problem::of);
    }

    /// Whether a file read changed or a nearer settings file appeared.
    fn stale(&self, dir: &Path, path: &Path) -> bool {
        let discovers = self.args.config.is_none() && !self.args.no_config;
        let moved =
            discovers && self.nearest.get(dir).is_some_and(|used| *used != Config::nearest(path));
        moved || self.read.iter().any(|(file, then)| stamp(file) != *then)
    }

    /// The settings and rules for a document at `path`.
    pub fn resolve(&mut self, path: &Path) -> Result<Resolved, Problem> {
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        if self.stale(&dir, path) {
            self.reload();
        }
        if let Some(problem) = self.failed.get(&dir) {
            return Err(problem.clone());
        }
        let resolved = self.try_resolve(&dir, path);
        if let Err(problem) = &resolved {
            self.failed.insert(dir, problem.clone());
        }
        resolved
    }

    fn try_resolve(&mut self, dir: &Path, path: &Path) -> Result<Resolved, Problem> {
        let cache = self.cache.as_mut().map_err(|problem| problem.clone())?;
        if self.args.config.is_none() && !self.args.no_config {
            let nearest = Config::nearest(path);
            if let Some(file) = &nearest {
                stamp_tree(file, 0, &mut self.read);
            }
            self.nearest.insert(dir.to_path_buf(), nearest);
        }
        let config = cache.config_for(path).map_err(Problem::of)?;
        for extra in config.rule_paths().iter().chain(&config.term_paths()) {
            stamp_tree(extra, MAX_DEPTH, &mut self.read);
        }
        let (_, settings, rules) = cache.resolve(&self.args, path).map_err(Problem::of)?;
        Ok(Resolved { rules, allow: settings.allow })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn workspace() -> Workspace {
        Workspace::new(Args::parse_from(["claimlint", "lsp"]))
    }

    #[test]
    fn settings_are_reloaded_when_they_change() {
        let dir = tempfile::tempdir().expect("temp dir");
        let page = dir.path().join("page.txt");
        // The profile shows in the rules that are active.
        let cosmetic = |r: &Resolved| r.rules.get("cosmetic.anti-aging-claim").is_some();
        let food = |r: &Resolved| r.rules.get("health-food.weight-loss").is_some();
        let mut workspace = workspace();
        let first = workspace.resolve(&page).expect("defaults");
        assert!(!cosmetic(&first) && !food(&first));

        // A settings file appears beside the page.
        let settings = dir.path().join("claimlint.toml");
        std::fs::write(&settings, "profile = \"cosmetic\"\n").expect("written");
        assert!(cosmetic(&workspace.resolve(&page).expect("settings")));

        // It breaks: the problem names the file and the place.
        std::fs::write(&settings, "profile = \"cosmetic\"\nprofil = 1\n").expect("written");
        let problem = workspace.resolve(&page).expect_err("broken");
        assert_eq!(problem.path.as_deref(), Some(settings.as_path()));
        assert_eq!(problem.location, Some((2, 1)));
        assert!(problem.summary().starts_with("claimlint: "), "{}", problem.summary());

        // It is mended (a different size, so the stamp differs even when
        // the clock's resolution is coarse).
        std::fs::write(&settings, "profile = \"health-food\"\n").expect("written");
        assert!(food(&workspace.resolve(&page).expect("mended")));
    }

    #[test]
    fn a_broken_rule_file_is_a_problem_on_that_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let house = dir.path().join("house");
        std::fs::create_dir(&house).expect("dir");
        let rule = house.join("broken-rule.yaml");
        std::fs::write(&rule, "category: superlative\nseverity: error\nmessage: \"x\"\nmatch:\n  - regex: \"(\"\nexamples:\n  bad: [\"x\"]\n").expect("written");
        std::fs::write(dir.path().join("claimlint.toml"), "rules = [\"house\"]\n")
            .expect("written");
        let mut workspace = workspace();
        let problem = workspace.resolve(&dir.path().join("page.md")).expect_err("broken rule");
        assert_eq!(problem.path.as_deref(), Some(rule.as_path()));
        assert!(problem.message.contains("unclosed group"), "{}", problem.message);
    }
}
