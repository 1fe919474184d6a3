//! The top of the report: what ran when, the verdict, totals with bar
//! charts, the filters, and every file with its counts.

use std::collections::BTreeMap;

use super::labels::{self, SEVERITIES, category_class, severity_class};
use super::page::status;
use super::{HtmlOptions, Page, escape, time};
use crate::diagnostic::{Category, Severity};
use crate::emit::statistics::Statistics;
use crate::emit::{Report, Summary};

/// The document title: the verdict in a few words.
pub fn title(pages: &[Page<'_>]) -> String {
    let failing = pages.iter().filter(|p| p.tally.summary.error > 0).count();
    format!("claimlint 審査レポート: {} ページ中 {failing} ページに要修正", pages.len())
}

pub fn render(report: &Report<'_>, options: &HtmlOptions<'_>, pages: &[Page<'_>]) -> String {
    let summary = Summary::of(report.files);
    let mut html = header(report, options, pages, &summary);
    html.push_str(&filters(pages));
    html.push_str("<section class=\"summary wrap\" id=\"summary\">\n");
    html.push_str(&cards(pages, &summary));
    html.push_str("<div class=\"charts\">\n");
    html.push_str(&category_chart(pages));
    html.push_str(&severity_chart(&summary));
    html.push_str("</div>\n");
    html.push_str(&files_table(pages));
    html.push_str(&rules_table(report));
    html.push_str("</section>\n");
    html
}

fn header(
    report: &Report<'_>,
    options: &HtmlOptions<'_>,
    pages: &[Page<'_>],
    summary: &Summary,
) -> String {
    let (machine, reader) = time::utc(options.generated);
    let failing = pages.iter().filter(|p| p.tally.summary.error > 0).count();
    let unreadable = pages.iter().filter(|p| p.unreadable()).count();
    let mut verdict = if failing > 0 {
        format!(
            "<p class=\"verdict s-error\">{} ページ中 <b>{failing}</b> ページに修正が必要な指摘(エラー)があります。",
            pages.len()
        )
    } else {
        format!(
            "<p class=\"verdict s-clean\">{} ページのいずれにもエラーはありません。",
            pages.len()
        )
    };
    if unreadable > 0 {
        verdict
            .push_str(&format!(" <b>{unreadable}</b> ファイルは読み込めず、確認されていません。"));
    }
    verdict.push_str("</p>");
    let inputs: Vec<String> =
        options.inputs.iter().map(|i| format!("<code>{}</code>", escape(i))).collect();
    let mut profiles: BTreeMap<&str, usize> = BTreeMap::new();
    for page in pages {
        if let Some(profile) = page.file.profile {
            *profiles.entry(profile.as_str()).or_default() += 1;
        }
    }
    let profiles: Vec<String> =
        profiles.iter().map(|(name, count)| format!("{name} ({count} ページ)")).collect();
    let mut html = format!(
        "<header class=\"top wrap\">\n<h1>claimlint 審査レポート</h1>\n{verdict}\n<dl class=\"run\">\n\
         <dt>実行日時</dt><dd><time datetime=\"{machine}\">{reader}</time></dd>\n\
         <dt>対象</dt><dd>{} — {} ファイル</dd>\n\
         <dt>プロファイル</dt><dd>{}</dd>\n\
         <dt>claimlint</dt><dd>{} (<a href=\"#rules\">ルール別の件数</a>)</dd>\n",
        inputs.join(" "),
        summary.files,
        if profiles.is_empty() { "—".to_string() } else { profiles.join(", ") },
        env!("CARGO_PKG_VERSION"),
    );
    if let Some(baseline) = report.baseline {
        html.push_str(&format!(
            "<dt>ベースライン</dt><dd>新規 {} 件 · 既知 {} 件 · 解消 {} 件(新規の指摘のみ表示しています)</dd>\n",
            baseline.new, baseline.persisting, baseline.resolved
        ));
    }
    html.push_str("</dl>\n</header>\n");
    html
}

/// Checkboxes that hide findings by severity and category (the script
/// turns them into classes on `<body>`; hidden without the script).
fn filters(pages: &[Page<'_>]) -> String {
    let mut html = String::from(
        "<nav class=\"filters\" id=\"filters\" hidden aria-label=\"表示の絞り込み\">\n<div class=\"wrap\">\n<span class=\"group\">重大度</span>\n",
    );
    for severity in SEVERITIES {
        html.push_str(&format!(
            "<label class=\"{class}\"><input type=\"checkbox\" value=\"{class}\" checked> {}</label>\n",
            labels::severity(severity),
            class = severity_class(severity)
        ));
    }
    html.push_str("<span class=\"group\">カテゴリ</span>\n");
    for category in Category::ALL {
        let count: usize = pages
            .iter()
            .map(|p| p.tally.categories.get(super::category_index(category)).copied().unwrap_or(0))
            .sum();
        html.push_str(&format!(
            "<label class=\"{class}\"><input type=\"checkbox\" value=\"{class}\" checked> \
             <span class=\"sw\"></span>{} ({count})</label>\n",
            labels::category(category),
            class = category_class(category)
        ));
    }
    html.push_str(
        "<label><input type=\"checkbox\" value=\"clean\" checked> 指摘のないページ</label>\n</div>\n</nav>\n",
    );
    html
}

fn cards(pages: &[Page<'_>], summary: &Summary) -> String {
    let missing: usize = pages.iter().map(|p| p.tally.missing()).sum();
    let suppressed: usize = pages.iter().map(|p| p.tally.suppressed).sum();
    let unreadable = pages.iter().filter(|p| p.unreadable()).count();
    // The first four always; the rest only when there is something to see.
    let cards = [
        ("s-error", summary.error, "エラー", true),
        ("s-warning", summary.warning, "警告", true),
        ("s-info", summary.info, "情報", true),
        ("c-missing-disclosure", missing, "必要な記載の欠落(エラーの内数)", true),
        ("s-muted", suppressed, "抑制された指摘", false),
        ("s-warning", summary.unused_suppressions, "何も抑制していない抑制コメント", false),
        ("s-unreadable", unreadable, "読み込めなかったファイル", false),
    ];
    let mut html = String::from("<ul class=\"cards\">\n");
    for (class, count, label, always) in cards {
        if always || count > 0 {
            html.push_str(&format!("<li class=\"{class}\"><b>{count}</b> {label}</li>\n"));
        }
    }
    html.push_str("</ul>\n");
    html
}

/// A bar's width: its share of the largest count, in percent.
fn width(count: usize, largest: usize) -> String {
    let share = if largest == 0 { 0.0 } else { count as f64 * 100.0 / largest as f64 };
    format!("{share:.1}%")
}

fn bar_row(class: &str, label: &str, id: &str, count: usize, largest: usize) -> String {
    format!(
        "<tr class=\"{class}\"><th><span class=\"sw\"></span>{label} <code>{id}</code></th>\
         <td class=\"track\"><span class=\"bar\" style=\"width:{}\"></span></td><td class=\"n\">{count}</td></tr>\n",
        width(count, largest)
    )
}

fn category_chart(pages: &[Page<'_>]) -> String {
    let counts: Vec<usize> = (0..Category::ALL.len())
        .map(|i| pages.iter().map(|p| p.tally.categories.get(i).copied().unwrap_or(0)).sum())
        .collect();
    let largest = counts.iter().copied().max().unwrap_or(0);
    let mut html = String::from(
        "<figure class=\"chart\">\n<figcaption>カテゴリ別の指摘</figcaption>\n<table class=\"bars\">\n",
    );
    for (category, count) in Category::ALL.iter().zip(counts) {
        html.push_str(&bar_row(
            &category_class(*category),
            labels::category(*category),
            category.as_str(),
            count,
            largest,
        ));
    }
    html.push_str("</table>\n</figure>\n");
    html
}

fn severity_chart(summary: &Summary) -> String {
    let count = |severity: Severity| match severity {
        Severity::Error => summary.error,
        Severity::Warning => summary.warning,
        Severity::Info => summary.info,
    };
    let largest = SEVERITIES.iter().map(|&s| count(s)).max().unwrap_or(0);
    let mut html = String::from(
        "<figure class=\"chart\">\n<figcaption>重大度別の指摘</figcaption>\n<table class=\"bars\">\n",
    );
    for severity in SEVERITIES {
        html.push_str(&bar_row(
            &severity_class(severity),
            labels::severity(severity),
            severity.as_str(),
            count(severity),
            largest,
        ));
    }
    html.push_str("</table>\n</figure>\n");
    html
}

/// Every file: status, counts, and a bar of its findings by category.
fn files_table(pages: &[Page<'_>]) -> String {
    let total = |p: &Page<'_>| p.tally.categories.iter().sum::<usize>();
    let largest = pages.iter().map(total).max().unwrap_or(0);
    let mut html = String::from(
        "<h2>ページ一覧</h2>\n<table class=\"files\">\n<thead><tr><th>#</th><th>ページ</th><th>状態</th>\
         <th>エラー</th><th>警告</th><th>情報</th><th>記載漏れ</th><th>抑制</th><th>内訳</th></tr></thead>\n<tbody>\n",
    );
    for page in pages {
        let (word, class) = status(page);
        let s = &page.tally.summary;
        let mut stack = String::new();
        for (category, &count) in Category::ALL.iter().zip(&page.tally.categories) {
            if count > 0 {
                stack.push_str(&format!(
                    "<span class=\"seg {}\" style=\"width:{}\" title=\"{} {count}\"></span>",
                    category_class(*category),
                    width(count, largest),
                    labels::category(*category)
                ));
            }
        }
        let cells = if page.unreadable() {
            let message = page.file.result.as_ref().err().map_or("", String::as_str);
            format!("<td colspan=\"6\" class=\"unreadable\">{}</td>", escape(message))
        } else {
            format!(
                "<td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
                 <td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"track\"><span class=\"stack\">{stack}</span></td>",
                s.error,
                s.warning,
                s.info,
                page.tally.missing(),
                page.tally.suppressed
            )
        };
        let clean = if page.clean() { " clean" } else { "" };
        html.push_str(&format!(
            "<tr class=\"{class}{clean}\"><td class=\"n\">{n}</td><td><a href=\"#{id}\">{path}</a></td>\
             <td><span class=\"badge {class}\">{word}</span></td>{cells}</tr>\n",
            n = page.id.trim_start_matches('p'),
            id = page.id,
            path = escape(&page.file.path),
        ));
    }
    html.push_str("</tbody>\n</table>\n");
    html
}

/// Findings per rule, most frequent first.
fn rules_table(report: &Report<'_>) -> String {
    let statistics = Statistics::of(report.files);
    let mut rows: Vec<(&String, &usize)> = statistics.rules.iter().collect();
    rows.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let mut html = String::from(
        "<details class=\"rules\" id=\"rules\">\n<summary>ルール別の件数</summary>\n<table>\n",
    );
    for (rule, count) in rows {
        html.push_str(&format!(
            "<tr><td><code>{}</code></td><td class=\"n\">{count}</td></tr>\n",
            escape(rule)
        ));
    }
    html.push_str("</table>\n</details>\n");
    html
}
