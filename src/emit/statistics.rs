//! `--statistics`: how many findings each rule and category produced.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use super::FileReport;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Statistics {
    /// Findings per rule id.
    pub rules: BTreeMap<String, usize>,
    /// Findings per category.
    pub categories: BTreeMap<String, usize>,
}

impl Statistics {
    pub fn of(files: &[FileReport]) -> Statistics {
        let mut statistics = Statistics::default();
        for d in files.iter().flat_map(FileReport::diagnostics) {
            *statistics.rules.entry(d.rule.clone()).or_default() += 1;
            *statistics.categories.entry(d.category.as_str().to_string()).or_default() += 1;
        }
        statistics
    }
}

fn by_count(map: &BTreeMap<String, usize>) -> Vec<(&String, &usize)> {
    let mut rows: Vec<(&String, &usize)> = map.iter().collect();
    rows.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    rows
}

/// A plain table: counts per category, then per rule, most frequent first.
pub fn write_table(files: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    let statistics = Statistics::of(files);
    writeln!(out, "\nstatistics by category:")?;
    for (category, count) in by_count(&statistics.categories) {
        writeln!(out, "{count:>6}  {category}")?;
    }
    writeln!(out, "statistics by rule:")?;
    for (rule, count) in by_count(&statistics.rules) {
        writeln!(out, "{count:>6}  {rule}")?;
    }
    Ok(())
}
