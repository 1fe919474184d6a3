//! One line per finding, for editors' error formats and reviewdog:
//! `path:line:column: severity[rule] message`.

use std::io::{self, Write};

use super::{Report, statistics};
use crate::suppress::UnusedSuppression;

pub fn write(report: &Report<'_>, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<()> {
    for file in report.files {
        match &file.result {
            Ok(linted) => {
                for d in &linted.diagnostics {
                    writeln!(
                        out,
                        "{}:{}:{}: {}[{}] {}",
                        file.path, d.start.line, d.start.column, d.severity, d.rule, d.message
                    )?;
                }
                for unused in &linted.unused_suppressions {
                    writeln!(
                        out,
                        "{}:{}:{}: warning[{}] {}",
                        file.path,
                        unused.start.line,
                        unused.start.column,
                        UnusedSuppression::RULE,
                        unused.message()
                    )?;
                }
            }
            Err(message) => writeln!(err, "{}: error: {message}", file.path)?,
        }
    }
    if report.statistics {
        statistics::write_table(report.files, out)?;
    }
    Ok(())
}
