//! A review report for the people who sign pages off (`--format html`):
//! one self-contained HTML file (inline CSS and a little inline script, no
//! network) that opens in any browser and can be forwarded or printed.
//!
//! - the top (`summary`): when and on what claimlint ran, totals by
//!   severity and category with bar charts, and every file with its counts,
//!   files with the most errors first, each linking to its page;
//! - one section per file (`page`): the missing disclosures as a checklist,
//!   the prose as its reader sees it with every finding highlighted in place
//!   (`highlight`) and numbered, the explanations (rule, message, basis,
//!   help, suggestions), and what was suppressed and why;
//! - filters by category and severity (`assets`: the script toggles classes).
//!
//! Page text and paths are hostile input: everything from a page goes
//! through [`escape`], and a content security policy lets only the report's
//! own script run and nothing load.

mod assets;
mod highlight;
mod labels;
mod page;
mod summary;
mod time;

use std::borrow::Cow;
use std::cmp::Reverse;
use std::io::{self, Write};

use super::{FileReport, Report, Summary};
use crate::diagnostic::{Category, Severity};

/// What the report says about its run beyond the findings.
#[derive(Debug, Clone, Copy)]
pub struct HtmlOptions<'a> {
    /// When the run happened, in seconds since the Unix epoch.
    pub generated: u64,
    /// The paths given on the command line.
    pub inputs: &'a [String],
}

/// Escapes text for HTML text and double-quoted attribute values. NUL,
/// which the parser would drop or replace anyway, becomes U+FFFD.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.contains(['&', '<', '>', '"', '\'', '\0']) {
        return Cow::Borrowed(text);
    }
    let mut escaped = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            '\0' => escaped.push('\u{FFFD}'),
            _ => escaped.push(c),
        }
    }
    Cow::Owned(escaped)
}

/// Counts over one file.
#[derive(Debug, Clone, Default)]
struct Tally {
    /// Findings per severity (missing disclosures included).
    summary: Summary,
    /// Findings per category, in `Category::ALL` order.
    categories: [usize; Category::ALL.len()],
    suppressed: usize,
}

impl Tally {
    fn of(file: &FileReport) -> Tally {
        let mut tally =
            Tally { summary: Summary::of(std::slice::from_ref(file)), ..Tally::default() };
        for d in file.diagnostics() {
            if let Some(count) = tally.categories.get_mut(category_index(d.category)) {
                *count += 1;
            }
        }
        tally.suppressed = file.result.as_ref().map_or(0, |linted| linted.suppressed.len());
        tally
    }

    fn missing(&self) -> usize {
        self.categories.get(category_index(Category::MissingDisclosure)).copied().unwrap_or(0)
    }

    /// Where the file goes in the report: errors first, then files that
    /// could not be read, warnings, info, and clean files last.
    fn rank(&self, unreadable: bool) -> u8 {
        match self.worst_severity() {
            Some(Severity::Error) => 0,
            _ if unreadable => 1,
            Some(Severity::Warning) => 2,
            Some(Severity::Info) => 3,
            None => 4,
        }
    }

    /// The most severe finding (unused suppressions are warnings).
    fn worst_severity(&self) -> Option<Severity> {
        let s = &self.summary;
        if s.error > 0 {
            Some(Severity::Error)
        } else if s.warning + s.unused_suppressions > 0 {
            Some(Severity::Warning)
        } else if s.info > 0 {
            Some(Severity::Info)
        } else {
            None
        }
    }
}

fn category_index(category: Category) -> usize {
    Category::ALL.iter().position(|&c| c == category).unwrap_or(0)
}

/// One file as the report shows it.
struct Page<'a> {
    /// Its anchor (`p1`, `p2`… in report order).
    id: String,
    file: &'a FileReport,
    tally: Tally,
}

impl Page<'_> {
    fn unreadable(&self) -> bool {
        self.file.result.is_err()
    }

    fn worst(&self) -> Option<Severity> {
        self.tally.worst_severity()
    }

    /// Read, and nothing found (what "hide pages without findings" hides).
    fn clean(&self) -> bool {
        !self.unreadable() && self.worst().is_none()
    }
}

/// The files in report order, numbered: by rank, the most errors and
/// warnings first within a rank, then by path.
fn pages(files: &[FileReport]) -> Vec<Page<'_>> {
    let mut ranked: Vec<(u8, &FileReport, Tally)> = files
        .iter()
        .map(|file| {
            let tally = Tally::of(file);
            (tally.rank(file.result.is_err()), file, tally)
        })
        .collect();
    let key = |(rank, file, tally): &(u8, &FileReport, Tally)| {
        let s = &tally.summary;
        (*rank, Reverse(s.error), Reverse(s.warning + s.unused_suppressions), file.path.clone())
    };
    ranked.sort_by_cached_key(key);
    ranked
        .into_iter()
        .enumerate()
        .map(|(index, (_, file, tally))| Page { id: format!("p{}", index + 1), file, tally })
        .collect()
}

/// Writes the report; files that could not be read are also named on
/// `err`, as in human output.
pub fn write(
    report: &Report<'_>,
    options: &HtmlOptions<'_>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<()> {
    let pages = pages(report.files);
    out.write_all(assets::head(&summary::title(&pages)).as_bytes())?;
    out.write_all(summary::render(report, options, &pages).as_bytes())?;
    out.write_all(b"<main class=\"wrap\">\n")?;
    for page in &pages {
        out.write_all(page::render(page).as_bytes())?;
    }
    out.write_all(b"</main>\n")?;
    out.write_all(assets::foot().as_bytes())?;
    for file in report.files {
        if let Err(message) = &file.result {
            writeln!(err, "error: {}: {message}", file.path)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_covers_text_and_attributes() {
        assert_eq!(escape("副作用なし"), "副作用なし");
        assert!(matches!(escape("plain"), Cow::Borrowed(_)));
        assert_eq!(
            escape("\"><img src=x onerror='a()'>&</textarea>\0"),
            "&quot;&gt;&lt;img src=x onerror=&#39;a()&#39;&gt;&amp;&lt;/textarea&gt;\u{FFFD}"
        );
    }
}
