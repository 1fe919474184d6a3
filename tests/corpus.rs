//! The annotated corpus: every page under corpus/<profile>/ is linted with
//! that profile's built-in rules and must give exactly the findings its
//! sidecar `<name>.yaml` lists, no more and no fewer. Prints precision and
//! recall per category; exits non-zero on any difference.
//!
//! A sidecar reads:
//!
//! ```yaml
//! why: 未承認の製剤を「副作用がない」と宣伝し、必要な開示もない。
//! expect:
//!   - safety.side-effects-denied: 副作用はほとんどありません
//!   - disclosure.relief-system: エクソソーム
//! ```
//!
//! (`harness = false` so the table is printed on every run.)

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use claimlint::diagnostic::Category;
use claimlint::rules::{Profile, RuleSet};
use serde::Deserialize;

/// The corpus must hold at least this many pages.
const MIN_PAGES: usize = 40;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Sidecar {
    /// Why the page is or is not a violation, for a reviewer.
    why: String,
    /// Each finding as a one-entry map: rule id → flagged text.
    expect: Vec<BTreeMap<String, String>>,
}

#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    true_positive: usize,
    false_positive: usize,
    false_negative: usize,
}

impl Counts {
    fn precision(&self) -> f64 {
        ratio(self.true_positive, self.true_positive + self.false_positive)
    }

    fn recall(&self) -> f64 {
        ratio(self.true_positive, self.true_positive + self.false_negative)
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 { 1.0 } else { part as f64 / whole as f64 }
}

fn pages(dir: &Path) -> Vec<PathBuf> {
    let mut pages: Vec<PathBuf> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "txt"))
                .collect()
        })
        .unwrap_or_default();
    pages.sort();
    pages
}

/// Lints one page and compares; returns the problems found.
fn check_page(
    rules: &RuleSet,
    page: &Path,
    counts: &mut BTreeMap<Category, Counts>,
) -> Result<(), Vec<String>> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let name = page.strip_prefix(&root).unwrap_or(page).display().to_string();
    let sidecar_path = page.with_extension("yaml");
    let sidecar: Sidecar = fs::read_to_string(&sidecar_path)
        .map_err(|e| vec![format!("{name}: no sidecar {}: {e}", sidecar_path.display())])
        .and_then(|text| {
            serde_yaml::from_str(&text)
                .map_err(|e| vec![format!("{}: {e}", sidecar_path.display())])
        })?;
    if sidecar.why.trim().is_empty() {
        return Err(vec![format!("{}: `why` is empty", sidecar_path.display())]);
    }
    let bytes = fs::read(page).map_err(|e| vec![format!("{name}: {e}")])?;
    let linted = claimlint::lint(&bytes, rules).map_err(|e| vec![format!("{name}: {e}")])?;

    let mut expected: Vec<(String, String)> = Vec::new();
    let mut problems = Vec::new();
    for entry in &sidecar.expect {
        for (rule, text) in entry {
            if rules.get(rule).is_none() {
                problems.push(format!("{}: unknown rule `{rule}`", sidecar_path.display()));
            }
            expected.push((rule.clone(), text.clone()));
        }
    }
    let mut actual: Vec<(String, String)> =
        linted.diagnostics.iter().map(|d| (d.rule.clone(), d.text.clone())).collect();

    let category = |rule: &str| rules.get(rule).map(|r| r.category);
    // Matched pairs are true positives; what is left over on either side is
    // a false negative (expected) or a false positive (actual).
    expected.retain(|pair| match actual.iter().position(|a| a == pair) {
        Some(index) => {
            actual.remove(index);
            if let Some(c) = category(&pair.0) {
                counts.entry(c).or_default().true_positive += 1;
            }
            false
        }
        None => true,
    });
    for (rule, text) in &expected {
        if let Some(c) = category(rule) {
            counts.entry(c).or_default().false_negative += 1;
        }
        problems.push(format!("{name}: missing   {rule}: {text}"));
    }
    for (rule, text) in &actual {
        if let Some(c) = category(rule) {
            counts.entry(c).or_default().false_positive += 1;
        }
        problems.push(format!("{name}: unexpected {rule}: {text}"));
    }
    if problems.is_empty() { Ok(()) } else { Err(problems) }
}

fn main() -> ExitCode {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let all = match RuleSet::builtin() {
        Ok(rules) => rules,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::FAILURE;
        }
    };
    let mut counts: BTreeMap<Category, Counts> = BTreeMap::new();
    let mut problems = Vec::new();
    let mut total = 0;
    let mut per_profile = Vec::new();
    for profile in Profile::ALL {
        let rules = all.restrict(|r| r.profiles.contains(&profile));
        let pages = pages(&root.join(profile.as_str()));
        per_profile.push(format!("{} {}", pages.len(), profile.as_str()));
        for page in pages {
            total += 1;
            if let Err(mut found) = check_page(&rules, &page, &mut counts) {
                problems.append(&mut found);
            }
        }
    }

    println!("\ncorpus: {total} pages ({})", per_profile.join(", "));
    println!(
        "{:<22} {:>4} {:>4} {:>4} {:>9} {:>7}",
        "category", "tp", "fp", "fn", "precision", "recall"
    );
    let mut sum = Counts::default();
    for category in Category::ALL {
        let c = counts.get(&category).copied().unwrap_or_default();
        sum.true_positive += c.true_positive;
        sum.false_positive += c.false_positive;
        sum.false_negative += c.false_negative;
        println!(
            "{:<22} {:>4} {:>4} {:>4} {:>9.3} {:>7.3}",
            category.as_str(),
            c.true_positive,
            c.false_positive,
            c.false_negative,
            c.precision(),
            c.recall()
        );
    }
    println!(
        "{:<22} {:>4} {:>4} {:>4} {:>9.3} {:>7.3}",
        "all",
        sum.true_positive,
        sum.false_positive,
        sum.false_negative,
        sum.precision(),
        sum.recall()
    );
    if total < MIN_PAGES {
        problems.push(format!("the corpus has {total} pages; it needs at least {MIN_PAGES}"));
    }
    for category in Category::ALL {
        if counts.get(&category).is_none_or(|c| c.true_positive == 0) {
            problems.push(format!("no page exercises category {category}"));
        }
    }
    if problems.is_empty() {
        println!("corpus: every expected finding and nothing else\n");
        ExitCode::SUCCESS
    } else {
        println!();
        for problem in &problems {
            println!("{problem}");
        }
        println!("\ncorpus: {} problems\n", problems.len());
        ExitCode::FAILURE
    }
}
