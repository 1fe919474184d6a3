//! Settings files: `claimlint.toml`, found from the linted file upward (or
//! given with `--config`), validated strictly.
//!
//! ```toml
//! profile = "medical"                 # medical | cosmetic | health-food
//! select = ["safety-guarantee"]       # rule ids, categories or packs (default: all)
//! ignore = ["inducement"]             # rule ids, categories or packs
//! rules = ["house-rules"]             # extra rule files or directories
//! terms = ["terms.csv"]               # extra dictionary terms
//! exclude = ["drafts/**"]             # globs not linted when walking folders
//!
//! [severity]                          # rule id, category or pack → severity
//! superlative = "warning"
//!
//! [[allow]]                           # phrases never reported, each with a reason
//! phrase = "最新の設備"
//! reason = "設備の紹介で、治療の優位性をうたうものではない"
//!
//! [[overrides]]                       # settings for some paths (globs)
//! paths = ["cosmetics/**"]
//! profile = "cosmetic"
//! ```
//!
//! Paths in the file are relative to the file's directory.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;

use crate::diagnostic::Severity;
use crate::rules::Profile;

pub const FILE_NAME: &str = "claimlint.toml";

/// A settings file that cannot be used, with the place that is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub path: String,
    pub location: Option<(usize, usize)>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "error: {}", self.message)?;
        match self.location {
            Some((line, column)) => write!(f, "  --> {}:{line}:{column}", self.path),
            None => write!(f, "  --> {}", self.path),
        }
    }
}

impl std::error::Error for ConfigError {}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Allow {
    phrase: String,
    reason: String,
}

/// Settings that may appear at the top level or in an override.
#[derive(Debug, Clone, Default)]
struct Section {
    profile: Option<Profile>,
    select: Option<Vec<String>>,
    ignore: Vec<String>,
    severity: BTreeMap<String, Severity>,
    allow: Vec<Allow>,
}

/// Settings for the paths matching some globs. (The section's fields are
/// spelt out rather than flattened so unknown keys are located exactly.)
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Override {
    paths: Vec<String>,
    profile: Option<Profile>,
    select: Option<Vec<String>>,
    #[serde(default)]
    ignore: Vec<String>,
    #[serde(default)]
    severity: BTreeMap<String, Severity>,
    #[serde(default)]
    allow: Vec<Allow>,
}

impl Override {
    fn section(&self) -> Section {
        Section {
            profile: self.profile,
            select: self.select.clone(),
            ignore: self.ignore.clone(),
            severity: self.severity.clone(),
            allow: self.allow.clone(),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    profile: Option<Profile>,
    select: Option<Vec<String>>,
    #[serde(default)]
    ignore: Vec<String>,
    #[serde(default)]
    severity: BTreeMap<String, Severity>,
    #[serde(default)]
    allow: Vec<Allow>,
    #[serde(default)]
    rules: Vec<PathBuf>,
    #[serde(default)]
    terms: Vec<PathBuf>,
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default)]
    overrides: Vec<Override>,
}

/// A loaded settings file.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file, or `None` for the defaults.
    pub path: Option<PathBuf>,
    base: PathBuf,
    file: ConfigFile,
    overrides: Vec<GlobSet>,
    exclude: GlobSet,
}

/// The settings for one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub profile: Profile,
    /// Selectors of the rules to run; `None` for all.
    pub select: Option<Vec<String>>,
    pub ignore: Vec<String>,
    pub severity: BTreeMap<String, Severity>,
    /// (phrase, reason)
    pub allow: Vec<(String, String)>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            profile: Profile::Medical,
            select: None,
            ignore: Vec::new(),
            severity: BTreeMap::new(),
            allow: Vec::new(),
        }
    }
}

impl Settings {
    fn apply(&mut self, section: &Section) {
        if let Some(profile) = section.profile {
            self.profile = profile;
        }
        if let Some(select) = &section.select {
            self.select = Some(select.clone());
        }
        self.ignore.extend(section.ignore.iter().cloned());
        self.severity.extend(section.severity.iter().map(|(k, v)| (k.clone(), *v)));
        self.allow.extend(section.allow.iter().map(|a| (a.phrase.clone(), a.reason.clone())));
    }
}

/// 1-based line and column of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset.min(text.len())).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

fn globs(patterns: &[String]) -> Result<GlobSet, String> {
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        builder.add(Glob::new(pattern).map_err(|e| format!("bad glob {pattern:?}: {e}"))?);
    }
    builder.build().map_err(|e| e.to_string())
}

impl ConfigFile {
    fn section(&self) -> Section {
        Section {
            profile: self.profile,
            select: self.select.clone(),
            ignore: self.ignore.clone(),
            severity: self.severity.clone(),
            allow: self.allow.clone(),
        }
    }
}

impl Config {
    /// No settings file: the defaults.
    pub fn defaults() -> Config {
        Config {
            path: None,
            base: PathBuf::from("."),
            file: ConfigFile::default(),
            overrides: Vec::new(),
            exclude: GlobSet::empty(),
        }
    }

    /// Reads and validates a settings file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let label = path.display().to_string();
        let error = |location, message| ConfigError { path: label.clone(), location, message };
        let text = std::fs::read_to_string(path)
            .map_err(|e| error(None, format!("cannot read settings file: {e}")))?;
        Config::parse(path, &text).map_err(|(location, message)| error(location, message))
    }

    /// Parses a settings file's text (errors with their location).
    pub fn parse(path: &Path, text: &str) -> Result<Config, (Option<(usize, usize)>, String)> {
        let file: ConfigFile = toml::from_str(text).map_err(|e| {
            let location = e.span().map(|span| line_column(text, span.start));
            (location, e.message().to_string())
        })?;
        for allow in file.allow.iter().chain(file.overrides.iter().flat_map(|o| &o.allow)) {
            if allow.phrase.trim().is_empty() || allow.reason.trim().is_empty() {
                let at = text.find(&allow.phrase).filter(|_| !allow.phrase.is_empty());
                return Err((
                    at.map(|at| line_column(text, at)),
                    "an allowed phrase needs a non-empty `phrase` and `reason`".into(),
                ));
            }
        }
        let located = |needle: &str| text.find(needle).map(|at| line_column(text, at));
        let overrides = file
            .overrides
            .iter()
            .map(|o| globs(&o.paths).map_err(|m| (o.paths.first().and_then(|p| located(p)), m)))
            .collect::<Result<Vec<_>, _>>()?;
        let exclude =
            globs(&file.exclude).map_err(|m| (file.exclude.first().and_then(|p| located(p)), m))?;
        let base = path.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."));
        Ok(Config { path: Some(path.to_path_buf()), base, file, overrides, exclude })
    }

    /// The settings file for a path: the nearest `claimlint.toml` in its
    /// directory or above, or the defaults.
    pub fn discover(path: &Path) -> Result<Config, ConfigError> {
        match Config::nearest(path) {
            Some(file) => Config::load(&file),
            None => Ok(Config::defaults()),
        }
    }

    /// The nearest `claimlint.toml` in a path's directory or above.
    pub fn nearest(path: &Path) -> Option<PathBuf> {
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let start = if absolute.is_dir() { Some(absolute.as_path()) } else { absolute.parent() };
        start
            .into_iter()
            .flat_map(Path::ancestors)
            .map(|dir| dir.join(FILE_NAME))
            .find(|candidate| candidate.is_file())
    }

    /// `path` relative to the settings file's directory, for matching globs.
    fn relative(&self, path: &Path) -> PathBuf {
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let base = std::path::absolute(&self.base).unwrap_or_else(|_| self.base.clone());
        absolute.strip_prefix(&base).map(Path::to_path_buf).unwrap_or(absolute)
    }

    /// The settings for one file, overrides applied in order.
    pub fn settings_for(&self, path: &Path) -> Settings {
        let mut settings = Settings::default();
        settings.apply(&self.file.section());
        let relative = self.relative(path);
        for (set, over) in self.overrides.iter().zip(&self.file.overrides) {
            if set.is_match(&relative) {
                settings.apply(&over.section());
            }
        }
        settings
    }

    /// Whether a walked file is excluded by the settings file.
    pub fn excludes(&self, path: &Path) -> bool {
        self.exclude.is_match(self.relative(path))
    }

    /// Every rule selector the file names (select, ignore, severity keys).
    pub fn selectors(&self) -> Vec<String> {
        let sections = std::iter::once(self.file.section())
            .chain(self.file.overrides.iter().map(Override::section));
        let mut selectors = Vec::new();
        for section in sections {
            selectors.extend(section.select.into_iter().flatten());
            selectors.extend(section.ignore);
            selectors.extend(section.severity.into_keys());
        }
        selectors
    }

    /// Globs of walked files not to lint.
    pub fn exclude_globs(&self) -> &[String] {
        &self.file.exclude
    }

    /// Extra rule paths, resolved against the settings file's directory.
    pub fn rule_paths(&self) -> Vec<PathBuf> {
        self.file.rules.iter().map(|p| self.base.join(p)).collect()
    }

    /// Extra term files, resolved against the settings file's directory.
    pub fn term_paths(&self) -> Vec<PathBuf> {
        self.file.terms.iter().map(|p| self.base.join(p)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, (Option<(usize, usize)>, String)> {
        Config::parse(Path::new("/project/claimlint.toml"), text)
    }

    #[test]
    fn settings_combine_top_level_and_overrides() {
        let config = parse(
            "profile = \"medical\"\nignore = [\"inducement\"]\n[severity]\nsuperlative = \"warning\"\n\
             [[overrides]]\npaths = [\"cosmetics/**\"]\nprofile = \"cosmetic\"\nignore = [\"cure.rejuvenation\"]\n",
        )
        .expect("valid");
        let page = config.settings_for(Path::new("/project/clinic/a.txt"));
        assert_eq!(page.profile, Profile::Medical);
        assert_eq!(page.ignore, vec!["inducement"]);
        assert_eq!(page.severity.get("superlative"), Some(&Severity::Warning));
        let cosmetic = config.settings_for(Path::new("/project/cosmetics/lp/b.html"));
        assert_eq!(cosmetic.profile, Profile::Cosmetic);
        assert_eq!(cosmetic.ignore, vec!["inducement", "cure.rejuvenation"]);
    }

    #[test]
    fn unknown_keys_and_bad_values_name_the_place() {
        let (location, message) =
            parse("profile = \"medical\"\ncolour = \"red\"\n").expect_err("unknown key");
        assert_eq!(location, Some((2, 1)));
        assert!(message.contains("unknown field `colour`"), "{message}");
        let (location, message) = parse("profile = \"dental\"\n").expect_err("bad value");
        assert_eq!(location, Some((1, 11)));
        assert!(message.contains("unknown variant `dental`"), "{message}");
        let (location, message) =
            parse("[severity]\nsuperlative = \"fatal\"\n").expect_err("bad severity");
        assert_eq!(location, Some((2, 15)));
        assert!(message.contains("unknown variant `fatal`"), "{message}");
    }

    #[test]
    fn allowed_phrases_need_a_reason() {
        let (_, message) = parse("[[allow]]\nphrase = \"最新の設備\"\n").expect_err("no reason");
        assert!(message.contains("missing field `reason`"), "{message}");
        let (location, message) = parse("[[allow]]\nphrase = \"最新の設備\"\nreason = \" \"\n")
            .expect_err("empty reason");
        assert_eq!(location, Some((2, 11)));
        assert!(message.contains("non-empty"), "{message}");
    }

    #[test]
    fn exclude_globs_are_relative_to_the_file() {
        let config = parse("exclude = [\"drafts/**\"]\n").expect("valid");
        assert!(config.excludes(Path::new("/project/drafts/x.md")));
        assert!(!config.excludes(Path::new("/project/pages/x.md")));
    }
}
