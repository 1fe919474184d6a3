//! GitHub Actions workflow commands, which annotate a pull request:
//! `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`.

use std::io::{self, Write};

use super::{Report, statistics};
use crate::diagnostic::Severity;
use crate::suppress::UnusedSuppression;

fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// Escapes a message (`%`, CR, LF).
fn data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a property value (also `:` and `,`).
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

pub fn write(report: &Report<'_>, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<()> {
    for file in report.files {
        match &file.result {
            Ok(linted) => {
                for d in &linted.diagnostics {
                    writeln!(
                        out,
                        "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                        command(d.severity),
                        property(&file.path),
                        d.start.line,
                        d.start.column,
                        d.end.line,
                        d.end.column,
                        property(&format!("{} ({})", d.rule, d.category)),
                        data(&d.message)
                    )?;
                }
                for unused in &linted.unused_suppressions {
                    writeln!(
                        out,
                        "::warning file={},line={},col={},title={}::{}",
                        property(&file.path),
                        unused.start.line,
                        unused.start.column,
                        property(UnusedSuppression::RULE),
                        data(&unused.message())
                    )?;
                }
            }
            Err(message) => {
                writeln!(out, "::error file={}::{}", property(&file.path), data(message))?
            }
        }
    }
    if report.statistics {
        statistics::write_table(report.files, err)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_data_and_properties() {
        assert_eq!(data("100%\nOK"), "100%25%0AOK");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
    }
}
