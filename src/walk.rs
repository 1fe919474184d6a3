//! Turning the paths on the command line into the files to lint, the way
//! ripgrep walks folders (the `ignore` crate): `.gitignore`, `.ignore` and
//! hidden files are respected, `--include` / `--exclude` globs apply, and
//! the order is stable. Files named on the command line are always linted.

use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use ignore::WalkBuilder;
use ignore::overrides::OverrideBuilder;

/// Extensions linted when walking a folder without `--include`.
pub const DEFAULT_EXTENSIONS: [&str; 6] = ["txt", "md", "markdown", "html", "htm", "xhtml"];

/// One input to lint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    File(PathBuf),
    Stdin,
}

/// What the walk found: inputs in order, and paths it could not read.
#[derive(Debug, Default)]
pub struct Walked {
    pub inputs: Vec<Input>,
    /// (path, message)
    pub errors: Vec<(String, String)>,
}

#[derive(Debug, Clone, Default)]
pub struct WalkOptions {
    /// Globs a walked file must match (default: the usual page extensions).
    pub include: Vec<String>,
    /// Globs a walked file must not match.
    pub exclude: Vec<String>,
}

/// Expands `paths`; `excluded` is asked about each walked file (settings
/// files may exclude some).
pub fn walk(paths: &[PathBuf], options: &WalkOptions, excluded: &dyn Fn(&Path) -> bool) -> Walked {
    let mut walked = Walked::default();
    for path in paths {
        if path == Path::new("-") {
            walked.inputs.push(Input::Stdin);
            continue;
        }
        match std::fs::metadata(path) {
            Err(error) => {
                walked.errors.push((path.display().to_string(), crate::input::io_message(&error)))
            }
            Ok(meta) if meta.is_dir() => walk_dir(path, options, excluded, &mut walked),
            Ok(_) => walked.inputs.push(Input::File(path.clone())),
        }
    }
    walked
}

/// Whether a walked file is one to lint: it matches an include glob (by
/// its path under the root or its name), or has a page extension.
fn included(path: &Path, root: &Path, include: Option<&GlobSet>) -> bool {
    match include {
        Some(globs) => {
            let relative = path.strip_prefix(root).unwrap_or(path);
            globs.is_match(relative) || path.file_name().is_some_and(|name| globs.is_match(name))
        }
        None => path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| DEFAULT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str())),
    }
}

fn walk_dir(
    root: &Path,
    options: &WalkOptions,
    excluded: &dyn Fn(&Path) -> bool,
    walked: &mut Walked,
) {
    // Includes filter after the walk: as `ignore` overrides they would
    // whitelist hidden and git-ignored files too.
    let include = if options.include.is_empty() {
        None
    } else {
        let mut globs = GlobSetBuilder::new();
        for glob in &options.include {
            match Glob::new(glob) {
                Ok(glob) => {
                    globs.add(glob);
                }
                Err(error) => walked.errors.push((glob.clone(), format!("bad glob: {error}"))),
            }
        }
        globs.build().ok()
    };
    let mut overrides = OverrideBuilder::new(root);
    for glob in &options.exclude {
        if let Err(error) = overrides.add(&format!("!{glob}")) {
            walked.errors.push((glob.clone(), format!("bad glob: {error}")));
        }
    }
    let mut builder = WalkBuilder::new(root);
    builder.require_git(false).sort_by_file_path(|a, b| a.cmp(b));
    match overrides.build() {
        Ok(built) => {
            builder.overrides(built);
        }
        Err(error) => {
            walked.errors.push((root.display().to_string(), format!("bad glob: {error}")))
        }
    }
    let mut files = Vec::new();
    for entry in builder.build() {
        match entry {
            Ok(entry) if entry.file_type().is_some_and(|t| t.is_file()) => {
                if included(entry.path(), root, include.as_ref()) && !excluded(entry.path()) {
                    files.push(entry.into_path());
                }
            }
            Ok(_) => {}
            Err(error) => {
                let path = match &error {
                    ignore::Error::WithPath { path, .. } => path.display().to_string(),
                    _ => root.display().to_string(),
                };
                walked.errors.push((path, error.to_string()));
            }
        }
    }
    files.sort();
    walked.inputs.extend(files.into_iter().map(Input::File));
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn names(walked: &Walked, root: &Path) -> Vec<String> {
        walked
            .inputs
            .iter()
            .map(|input| match input {
                Input::File(path) => {
                    path.strip_prefix(root).unwrap_or(path).to_string_lossy().replace('\\', "/")
                }
                Input::Stdin => "-".into(),
            })
            .collect()
    }

    fn tree() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        for name in [
            "b.md",
            "a.txt",
            "sub/c.html",
            "image.png",
            ".hidden.txt",
            "ignored.txt",
            "drafts/d.txt",
        ] {
            let path = dir.path().join(name);
            fs::create_dir_all(path.parent().expect("parent")).expect("dirs");
            fs::write(path, "本文").expect("written");
        }
        fs::write(dir.path().join(".gitignore"), "ignored.txt\n").expect("written");
        dir
    }

    #[test]
    fn walks_pages_in_order_respecting_ignore_files() {
        let dir = tree();
        let walked = walk(&[dir.path().to_path_buf()], &WalkOptions::default(), &|_| false);
        assert_eq!(names(&walked, dir.path()), vec!["a.txt", "b.md", "drafts/d.txt", "sub/c.html"]);
        assert!(walked.errors.is_empty());
    }

    #[test]
    fn include_and_exclude_globs() {
        let dir = tree();
        let options =
            WalkOptions { include: vec!["*.txt".into()], exclude: vec!["drafts/**".into()] };
        let walked = walk(&[dir.path().to_path_buf()], &options, &|_| false);
        assert_eq!(names(&walked, dir.path()), vec!["a.txt"]);
    }

    #[test]
    fn settings_may_exclude_and_named_files_are_kept() {
        let dir = tree();
        let excluded = |p: &Path| p.ends_with("b.md");
        let walked = walk(
            &[dir.path().to_path_buf(), dir.path().join("image.png")],
            &WalkOptions::default(),
            &excluded,
        );
        assert_eq!(
            names(&walked, dir.path()),
            vec!["a.txt", "drafts/d.txt", "sub/c.html", "image.png"]
        );
    }

    #[test]
    fn missing_paths_are_errors_and_dash_is_stdin() {
        let walked = walk(
            &[PathBuf::from("/no/such/path"), PathBuf::from("-")],
            &WalkOptions::default(),
            &|_| false,
        );
        assert_eq!(walked.inputs, vec![Input::Stdin]);
        assert_eq!(
            walked.errors,
            vec![("/no/such/path".to_string(), "No such file or directory".to_string())]
        );
    }
}
