//! One file's section: its header, the disclosures it still lacks as a
//! checklist, its prose with the findings highlighted beside their
//! explanations, and what was suppressed and why.

use super::highlight::{self, Highlight};
use super::labels::{self, category_class, severity_class};
use super::{Page, escape};
use crate::Linted;
use crate::diagnostic::{Category, Diagnostic, Severity};
use crate::suppress::{Silencer, Suppressed, UnusedSuppression};

/// A page's status in a word, and the class that colours it.
pub fn status(page: &Page<'_>) -> (&'static str, &'static str) {
    if page.unreadable() {
        return ("未確認(読み込めず)", "s-unreadable");
    }
    match page.worst() {
        Some(Severity::Error) => ("要修正", "s-error"),
        Some(Severity::Warning) => ("要確認", "s-warning"),
        Some(Severity::Info) => ("参考", "s-info"),
        None => ("指摘なし", "s-clean"),
    }
}

pub fn render(page: &Page<'_>) -> String {
    // A page with nothing to say shows its text folded away.
    let folded = page.clean() && page.tally.suppressed == 0;
    let mut html = format!(
        "<section class=\"page{}\" id=\"{}\" data-path=\"{}\">\n",
        if page.clean() { " clean" } else { "" },
        page.id,
        escape(&page.file.path)
    );
    html.push_str(&header(page));
    match &page.file.result {
        Err(message) => html.push_str(&format!(
            "<p class=\"unreadable\">このファイルは読み込めなかったため、確認されていません: {}</p>\n",
            escape(message)
        )),
        Ok(linted) if folded => {
            html.push_str("<details class=\"text\"><summary>本文を表示</summary>\n");
            html.push_str(&prose(page, linted, &[]));
            html.push_str("</details>\n");
        }
        Ok(linted) => {
            let (missing, claims): (Vec<&Diagnostic>, Vec<&Diagnostic>) = linted
                .diagnostics
                .iter()
                .partition(|d| d.category == Category::MissingDisclosure);
            html.push_str(&checklist(page, &missing));
            let layout = if claims.is_empty() { "review single" } else { "review" };
            html.push_str(&format!("<div class=\"{layout}\">\n"));
            html.push_str(&prose(page, linted, &claims));
            html.push_str(&findings(page, &claims));
            html.push_str("</div>\n");
            html.push_str(&suppressions(&linted.suppressed, &linted.unused_suppressions));
        }
    }
    html.push_str("</section>\n");
    html
}

fn header(page: &Page<'_>) -> String {
    let (word, class) = status(page);
    let s = &page.tally.summary;
    let mut meta = Vec::new();
    if let Some(profile) = page.file.profile {
        meta.push(format!("プロファイル <b>{}</b>", profile.as_str()));
    }
    if !page.unreadable() {
        meta.push(format!("エラー {}", s.error));
        meta.push(format!("警告 {}", s.warning));
        meta.push(format!("情報 {}", s.info));
        meta.push(format!("記載漏れ {}", page.tally.missing()));
        meta.push(format!("抑制 {}", page.tally.suppressed));
    }
    format!(
        "<header class=\"page-head\">\n<h2><span class=\"pnum\">{n}</span> \
         <a class=\"path\" href=\"#{id}\">{path}</a> <span class=\"badge {class}\">{word}</span></h2>\n\
         <p class=\"meta\">{meta} <a class=\"up\" href=\"#summary\">一覧へ戻る</a></p>\n</header>\n",
        n = page.id.trim_start_matches('p'),
        id = page.id,
        path = escape(&page.file.path),
        meta = meta.join(" · "),
    )
}

/// The missing disclosures: what the page must still say, once each,
/// grouped under the words that made the page need them.
fn checklist(page: &Page<'_>, missing: &[&Diagnostic]) -> String {
    if missing.is_empty() {
        return String::new();
    }
    let mut html = format!(
        "<section class=\"checklist\">\n<h3>このページにまだ必要な記載 ({})</h3>\n",
        missing.len()
    );
    let mut trigger: Option<(&str, usize)> = None;
    for (index, d) in missing.iter().enumerate() {
        if trigger != Some((d.text.as_str(), d.start.line)) {
            if trigger.is_some() {
                html.push_str("</ul>\n");
            }
            trigger = Some((d.text.as_str(), d.start.line));
            html.push_str(&format!(
                "<p class=\"trigger\">「{}」({}行目)の記載があるため、次の事項を書く必要があります:</p>\n<ul>\n",
                escape(&d.text),
                d.start.line
            ));
        }
        let need: &str = match d.requirement {
            Some(requirement) => labels::requirement(requirement),
            None => &d.message,
        };
        html.push_str(&format!(
            "<li class=\"item {cat} {sev}\" id=\"{id}-d{n}\" data-requirement=\"{requirement}\">\
             <span class=\"box\" aria-hidden=\"true\"></span><div>\n\
             <p class=\"need\"><strong>{need}</strong> <span class=\"sev {sev}\">{severity}</span> \
             <code>{rule}</code></p>\n",
            cat = category_class(d.category),
            sev = severity_class(d.severity),
            id = page.id,
            n = index + 1,
            requirement = d.requirement.map(|r| r.as_str()).unwrap_or_default(),
            need = escape(need),
            severity = labels::severity(d.severity),
            rule = escape(&d.rule),
        ));
        if let Some(help) = &d.help {
            html.push_str(&format!("<p class=\"help\">{}</p>\n", escape(help)));
        }
        if let Some(basis) = &d.basis {
            html.push_str(&format!("<p class=\"basis\">根拠: {}</p>\n", escape(basis)));
        }
        html.push_str("</div></li>\n");
    }
    html.push_str("</ul>\n</section>\n");
    html
}

/// The prose with `claims` highlighted (numbered in page order).
fn prose(page: &Page<'_>, linted: &Linted, claims: &[&Diagnostic]) -> String {
    let text = linted.document.prose_text();
    let highlights: Vec<Highlight> = claims
        .iter()
        .enumerate()
        .map(|(index, d)| Highlight {
            span: d.prose_span,
            number: index + 1,
            classes: format!("{} {}", category_class(d.category), severity_class(d.severity)),
            title: format!("{}: {}", index + 1, d.message),
        })
        .collect();
    // Trailing blank lines are not shown, unless a finding reaches them.
    let reach = highlights.iter().map(|h| h.span.end).max().unwrap_or(0);
    let shown = text.trim_end().len().max(reach.min(text.len()));
    let text = text.get(..shown).unwrap_or(text);
    format!(
        "<div class=\"prose\" lang=\"ja\">{}</div>\n",
        highlight::render(text, &page.id, &highlights)
    )
}

/// Each finding's explanation, numbered as its marker.
fn findings(page: &Page<'_>, claims: &[&Diagnostic]) -> String {
    if claims.is_empty() {
        return String::new();
    }
    let mut html = String::from("<ol class=\"findings\">\n");
    for (index, d) in claims.iter().enumerate() {
        let n = index + 1;
        html.push_str(&format!(
            "<li class=\"finding {cat} {sev}\" id=\"{id}-f{n}\" data-rule=\"{rule}\" \
             data-line=\"{line}\" data-column=\"{column}\">\n\
             <p class=\"fhead\"><a class=\"num\" href=\"#{id}-m{n}\" title=\"本文の位置へ\">{n}</a> \
             <span class=\"sev {sev}\">{severity}</span> \
             <span class=\"cat\"><span class=\"sw\"></span>{category}</span> <code>{rule}</code> \
             <span class=\"loc\">{line}行目 {column}列</span></p>\n\
             <p class=\"msg\">{message}</p>\n<dl>\n",
            cat = category_class(d.category),
            sev = severity_class(d.severity),
            id = page.id,
            rule = escape(&d.rule),
            line = d.start.line,
            column = d.start.column,
            severity = labels::severity(d.severity),
            category = labels::category(d.category),
            message = escape(&d.message),
        ));
        if let Some(basis) = &d.basis {
            html.push_str(&format!("<dt>根拠</dt><dd>{}</dd>\n", escape(basis)));
        }
        if let Some(help) = &d.help {
            html.push_str(&format!("<dt>修正の方針</dt><dd>{}</dd>\n", escape(help)));
        }
        if !d.suggestions.is_empty() {
            html.push_str("<dt>言い換え例</dt><dd><ul class=\"suggestions\">");
            for suggestion in d.suggestions.iter() {
                html.push_str(&format!("<li>{}</li>", escape(suggestion)));
            }
            html.push_str("</ul></dd>\n");
        }
        html.push_str("</dl>\n</li>\n");
    }
    html.push_str("</ol>\n");
    html
}

/// What was not reported and why, and comments that silenced nothing.
fn suppressions(suppressed: &[Suppressed], unused: &[UnusedSuppression]) -> String {
    if suppressed.is_empty() && unused.is_empty() {
        return String::new();
    }
    let mut html = String::from("<section class=\"suppressions\">\n");
    if !suppressed.is_empty() {
        let mut sorted: Vec<&Suppressed> = suppressed.iter().collect();
        sorted.sort_by_key(|s| (s.diagnostic.start.byte, s.diagnostic.end.byte));
        html.push_str(&format!("<h3>抑制された指摘 ({})</h3>\n<ul>\n", sorted.len()));
        for s in sorted {
            let d = &s.diagnostic;
            let by = match &s.by {
                Silencer::Comment { text, line } => {
                    format!("コメント <code>{}</code>({line}行目)", escape(text))
                }
                Silencer::Allowed { phrase } => {
                    format!("設定ファイルの許可フレーズ「{}」", escape(phrase))
                }
            };
            let reason = match &s.reason {
                Some(reason) => format!("理由: {}", escape(reason)),
                None => "理由の記載なし".to_string(),
            };
            html.push_str(&format!(
                "<li class=\"{}\"><span class=\"cat\"><span class=\"sw\"></span>{}</span> \
                 「{}」 <code>{}</code> {}行目 — {by} — <span class=\"reason\">{reason}</span></li>\n",
                category_class(d.category),
                labels::category(d.category),
                escape(&d.text),
                escape(&d.rule),
                d.start.line,
            ));
        }
        html.push_str("</ul>\n");
    }
    if !unused.is_empty() {
        html.push_str(&format!(
            "<h3>何も抑制していない抑制コメント ({})</h3>\n<ul>\n",
            unused.len()
        ));
        for u in unused {
            html.push_str(&format!(
                "<li class=\"s-warning\"><span class=\"sev s-warning\">警告</span> <code>{}</code> \
                 {}行目 — コメントを削除するか、対象のルール・カテゴリを見直してください \
                 <code>{}</code></li>\n",
                escape(&u.text),
                u.start.line,
                UnusedSuppression::RULE
            ));
        }
        html.push_str("</ul>\n");
    }
    html.push_str("</section>\n");
    html
}
