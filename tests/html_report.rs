//! The HTML review report (`--format html`) over the fixtures in
//! `tests/fixtures/report/`: a snapshot, a structural check against the
//! JSON output (parsed with html5gum, the tokenizer claimlint reads HTML
//! with), hostile text, exit statuses, and a real browser when one is
//! installed.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Run, claimlint_env, json};
use html5gum::{State, Token, Tokenizer};

/// A fixed run time (2026-11-24 09:05 UTC), so reports are reproducible.
const EPOCH: (&str, &str) = ("SOURCE_DATE_EPOCH", "1795511100");
const FIXTURES: &str = "tests/fixtures/report";

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn report(dir: &Path, args: &[&str]) -> Run {
    let mut all = vec!["--format", "html"];
    all.extend(args);
    claimlint_env(dir, &all, &[EPOCH])
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// An element as the tokenizer saw its start tag.
#[derive(Debug, Clone)]
struct Element {
    name: String,
    attributes: BTreeMap<String, String>,
}

impl Element {
    fn attribute(&self, key: &str) -> Option<&str> {
        self.attributes.get(key).map(String::as_str)
    }

    fn has_class(&self, class: &str) -> bool {
        self.attribute("class").is_some_and(|c| c.split(' ').any(|x| x == class))
    }
}

/// What a parse of the report yields: every element, every text run with
/// the elements open around it, and script contents.
#[derive(Debug, Default)]
struct Parsed {
    elements: Vec<Element>,
    texts: Vec<(Vec<Element>, String)>,
    scripts: Vec<String>,
}

const VOID: [&str; 6] = ["meta", "br", "img", "input", "link", "hr"];

/// Tokenises `html` with html5gum, switching to the states a tree builder
/// would (script, style, title), and keeps a stack of open elements.
fn parse(html: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let mut open: Vec<Element> = Vec::new();
    let mut tokenizer = Tokenizer::new(html);
    while let Some(token) = tokenizer.next() {
        let token = token.expect("the report is valid UTF-8");
        match token {
            Token::StartTag(tag) => {
                let element = Element {
                    name: text(&tag.name),
                    attributes: tag
                        .attributes
                        .iter()
                        .map(|(k, v)| (text(k), text(&v.value)))
                        .collect(),
                };
                match element.name.as_str() {
                    "script" => tokenizer.set_state(State::ScriptData),
                    "style" => tokenizer.set_state(State::RawText),
                    "title" | "textarea" => tokenizer.set_state(State::RcData),
                    _ => {}
                }
                parsed.elements.push(element.clone());
                if !VOID.contains(&element.name.as_str()) && !tag.self_closing {
                    open.push(element);
                }
            }
            Token::EndTag(tag) => {
                let name = text(&tag.name);
                if let Some(at) = open.iter().rposition(|e| e.name == name) {
                    open.truncate(at);
                }
            }
            Token::String(run) => {
                let run = text(&run.value);
                if open.last().is_some_and(|e| e.name == "script") {
                    parsed.scripts.push(run.clone());
                }
                parsed.texts.push((open.clone(), run));
            }
            _ => {}
        }
    }
    parsed
}

/// The text a reader sees for a flagged source text: markup removed and
/// entities decoded for HTML pages, as is for text and Markdown.
fn as_read(path: &str, source: &str) -> String {
    if !path.ends_with(".html") {
        return source.to_string();
    }
    Tokenizer::new(source)
        .filter_map(Result::ok)
        .filter_map(|token| match token {
            Token::String(s) => Some(text(&s.value)),
            _ => None,
        })
        .collect()
}

/// One page section of the report.
#[derive(Debug, Default)]
struct PageView {
    /// Its prose (marker numbers left out) and the byte ranges of it each
    /// highlight (`data-f`) covers.
    prose: String,
    marks: BTreeMap<String, Vec<(usize, usize)>>,
    /// `(id, rule, line, column)` of each explanation.
    findings: Vec<(String, String, u64, u64)>,
    requirements: Vec<String>,
}

/// The report's pages by path.
fn pages(parsed: &Parsed) -> BTreeMap<String, PageView> {
    let mut pages: BTreeMap<String, PageView> = BTreeMap::new();
    let section_path = |open: &[Element]| {
        open.iter()
            .find(|e| e.name == "section" && e.has_class("page"))
            .and_then(|e| e.attribute("data-path"))
            .map(str::to_string)
    };
    for element in &parsed.elements {
        if element.name == "section" && element.has_class("page") {
            let path = element.attribute("data-path").expect("data-path").to_string();
            assert!(pages.insert(path.clone(), PageView::default()).is_none(), "{path} twice");
        }
    }
    // Explanations and checklist items are found by their attributes, in
    // document order; the page they belong to is the last section seen.
    let mut current = String::new();
    for element in &parsed.elements {
        if element.name == "section" && element.has_class("page") {
            current = element.attribute("data-path").unwrap_or_default().to_string();
        }
        let Some(page) = pages.get_mut(&current) else { continue };
        if element.name == "li" && element.has_class("finding") {
            let number = |key: &str| element.attribute(key).and_then(|v| v.parse().ok());
            page.findings.push((
                element.attribute("id").expect("id").to_string(),
                element.attribute("data-rule").expect("data-rule").to_string(),
                number("data-line").expect("data-line"),
                number("data-column").expect("data-column"),
            ));
        }
        if element.name == "li" && element.has_class("item") {
            page.requirements
                .push(element.attribute("data-requirement").unwrap_or_default().to_string());
        }
    }
    for (open, run) in &parsed.texts {
        let in_prose = open.iter().any(|e| e.name == "div" && e.has_class("prose"));
        let in_marker = open.iter().any(|e| e.name == "a" && e.has_class("mk"));
        let Some(path) = section_path(open) else { continue };
        let Some(page) = pages.get_mut(&path) else { continue };
        if !in_prose || in_marker {
            continue;
        }
        let start = page.prose.len();
        page.prose.push_str(run);
        let end = page.prose.len();
        for mark in open.iter().filter(|e| e.name == "mark") {
            let id = mark.attribute("data-f").expect("a highlight names its finding");
            page.marks.entry(id.to_string()).or_default().push((start, end));
        }
    }
    pages
}

/// The highlighted text of finding `id`, which must be one unbroken run
/// (its pieces adjacent) to count as one highlight.
fn highlighted<'a>(page: &'a PageView, id: &str) -> &'a str {
    let pieces = page.marks.get(id).unwrap_or_else(|| panic!("no highlight for {id}"));
    for pair in pieces.windows(2) {
        assert_eq!(pair[0].1, pair[1].0, "{id} is one highlight, not several: {pieces:?}");
    }
    let (start, end) = (pieces[0].0, pieces[pieces.len() - 1].1);
    &page.prose[start..end]
}

/// The data-dependent part of a report: from `<body>` to the script (the
/// stylesheet and script are constants, checked in the browser test).
fn body(html: &str) -> &str {
    let start = html.find("<body>").expect("a body");
    let end = html.rfind("<script>").expect("the script");
    &html[start..end]
}

#[test]
fn report_snapshot() {
    let run = report(&repo(), &[FIXTURES]);
    assert_eq!(run.status, 2, "binary.txt is unreadable: {}", run.stderr);
    assert_eq!(
        run.stderr,
        "error: tests/fixtures/report/binary.txt: binary file (NUL byte at byte 0), not linted\n"
    );
    let body = body(&run.stdout).replace(env!("CARGO_PKG_VERSION"), "[version]");
    insta::assert_snapshot!(body);
}

#[test]
fn every_json_finding_is_highlighted_once_with_its_text() {
    let html = report(&repo(), &[FIXTURES]);
    let json_run = claimlint_env(&repo(), &["--format", "json", FIXTURES], &[EPOCH]);
    assert_eq!((html.status, json_run.status), (2, 2));
    let report = json(&json_run);
    let pages = pages(&parse(&html.stdout));

    let diagnostics = report["diagnostics"].as_array().expect("diagnostics");
    let mut claims = 0;
    let mut requirements: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for d in diagnostics {
        let path = d["path"].as_str().expect("path");
        let page = pages.get(path).unwrap_or_else(|| panic!("no page for {path}"));
        if d["category"] == "missing-disclosure" {
            let requirement = d["requirement"].as_str().expect("requirement").to_string();
            requirements.entry(path.to_string()).or_default().push(requirement);
            continue;
        }
        claims += 1;
        let (line, column) =
            (d["span"]["start"]["line"].as_u64(), d["span"]["start"]["column"].as_u64());
        let matching: Vec<&(String, String, u64, u64)> = page
            .findings
            .iter()
            .filter(|(_, rule, l, c)| rule == &d["rule"] && Some(*l) == line && Some(*c) == column)
            .collect();
        assert_eq!(matching.len(), 1, "one explanation for {d}");
        let expected = as_read(path, d["text"].as_str().expect("text"));
        assert_eq!(highlighted(page, &matching[0].0), expected, "highlight of {d}");
    }
    assert!(claims >= 15, "the fixtures have overlapping and hostile findings: {claims}");
    // Nothing else is highlighted or explained.
    let explained: usize = pages.values().map(|p| p.findings.len()).sum();
    let marked: usize = pages.values().map(|p| p.marks.len()).sum();
    assert_eq!((explained, marked), (claims, claims));
    // Each missing disclosure is one checklist line on its page.
    for (path, page) in &pages {
        let expected = requirements.get(path).cloned().unwrap_or_default();
        assert_eq!(page.requirements, expected, "checklist of {path}");
    }
    assert_eq!(requirements["tests/fixtures/report/clinic.txt"].len(), 8);
    // Overlaps: the quoted testimonial holds two other findings.
    let clinic = &pages["tests/fixtures/report/clinic.txt"];
    let nested = clinic.marks.values().filter(|pieces| pieces.len() > 1).count();
    assert!(nested >= 1, "{:?}", clinic.marks);
    // Unreadable files have their page, with the reason.
    for error in report["errors"].as_array().expect("errors") {
        let path = error["path"].as_str().expect("path");
        assert!(pages.contains_key(path), "a page for unreadable {path}");
        assert!(html.stdout.contains(error["message"].as_str().expect("message")));
    }
}

#[test]
fn suppressed_findings_appear_with_their_reasons() {
    let run = report(&repo(), &[&format!("{FIXTURES}/clinic.txt")]);
    assert_eq!(run.status, 1);
    let parsed = parse(&run.stdout);
    let suppressions: Vec<String> = parsed
        .texts
        .iter()
        .filter(|(open, _)| open.iter().any(|e| e.has_class("suppressions")))
        .map(|(_, run)| run.as_str())
        .collect::<String>()
        .lines()
        .map(str::to_string)
        .collect();
    let joined = suppressions.join("\n");
    for expected in [
        "抑制された指摘 (2)",
        "「日本一」 superlative.top-ranking 3行目 — コメント <!-- claimlint-disable-next-line superlative -- 2024年 第三者機関の調査結果の引用 -->(2行目) — 理由: 2024年 第三者機関の調査結果の引用",
        "「最新の設備」 superlative.top-ranking 7行目 — 設定ファイルの許可フレーズ「最新の設備」 — 理由: 設備の紹介で、治療の優位性をうたうものではない",
        "何も抑制していない抑制コメント (1)",
        "<!-- claimlint-disable-next-line endorsement -- 対象の表現はない --> 6行目",
    ] {
        assert!(joined.contains(expected), "{expected:?} in\n{joined}");
    }
}

#[test]
fn hostile_text_and_paths_come_out_escaped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let name = "\"><img src=x onerror=alert(6)>.txt";
    fs::write(dir.path().join(name), "<script>alert(7)</script>最先端です。</textarea>")
        .expect("written");
    for file in ["hostile.html", "hostile.txt"] {
        fs::copy(repo().join(FIXTURES).join(file), dir.path().join(file)).expect("copied");
    }
    let run = report(dir.path(), &["."]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    let parsed = parse(&run.stdout);

    // The only elements are the report's own: one script, no image, no
    // text area, no event handler attributes.
    let names: BTreeSet<&str> = parsed.elements.iter().map(|e| e.name.as_str()).collect();
    assert!(!names.contains("img") && !names.contains("textarea"), "{names:?}");
    assert_eq!(parsed.elements.iter().filter(|e| e.name == "script").count(), 1);
    assert!(parsed.scripts[0].starts_with("// claimlint report"));
    for element in &parsed.elements {
        assert!(
            element.attributes.keys().all(|k| !k.starts_with("on")),
            "event handler on {element:?}"
        );
    }
    // The hostile text is there, as text (marker numbers left out).
    let all: String = parsed
        .texts
        .iter()
        .filter(|(open, _)| !open.iter().any(|e| e.has_class("mk")))
        .map(|(_, run)| run.as_str())
        .collect();
    for shown in [
        "<script>alert(1)</script>最先端の美容医療",
        "</textarea><script>alert(2)</script>日本一の実績です。",
        "\"><img src=x onerror=alert(3)>副作用がない施術",
        "<script>alert(4)</script>最先端の治療です。",
        "\"><img src=x onerror=alert(5)>副作用はありません。",
        "</textarea><b>日本一</b>の実績&amp;安心",
        "<script>alert(7)</script>最先端です。</textarea>",
        name,
    ] {
        assert!(all.contains(shown), "{shown:?} shown as text");
    }
    // The page's own script is not prose, so it is not in the report.
    assert!(!all.contains("a script of the page"));
    // Paths in attributes stay inside their quotes.
    assert!(parsed.elements.iter().any(|e| e.attribute("data-path") == Some(&format!("./{name}"))));
}

#[test]
fn exit_status_is_the_same_as_in_every_format() {
    let dir = tempfile::tempdir().expect("temp dir");
    let files: [(&str, &str); 3] = [
        ("clean.txt", "当院ではレーザー治療を行っています。"),
        ("warning.txt", "期間限定です。"),
        ("error.txt", "最先端の治療です。"),
    ];
    for (name, content) in files {
        fs::write(dir.path().join(name), content).expect("written");
    }
    for args in [
        vec!["clean.txt"],
        vec!["warning.txt"],
        vec!["--fail-on", "warning", "warning.txt"],
        vec!["error.txt"],
        vec!["clean.txt", "missing.txt"],
    ] {
        let html = report(dir.path(), &args);
        let mut json_args = vec!["--format", "json"];
        json_args.extend(&args);
        let json = claimlint_env(dir.path(), &json_args, &[]);
        assert_eq!(html.status, json.status, "{args:?}: {}", html.stderr);
    }
    assert_eq!(report(dir.path(), &["error.txt"]).status, 1);
}

#[test]
fn the_report_goes_to_the_output_file_with_the_run_described() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("page.txt"), "最先端の治療です。").expect("written");
    let run = report(dir.path(), &["--profile", "cosmetic", "-o", "report.html", "page.txt"]);
    assert_eq!(run.status, 1);
    assert!(run.stdout.is_empty());
    let html = fs::read_to_string(dir.path().join("report.html")).expect("written");
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"ja\">"));
    for expected in [
        "<time datetime=\"2026-11-24T09:05:00Z\">2026-11-24 09:05 UTC</time>",
        "<dt>対象</dt><dd><code>page.txt</code> — 1 ファイル</dd>",
        "<dt>プロファイル</dt><dd>cosmetic (1 ページ)</dd>",
        concat!("<dt>claimlint</dt><dd>", env!("CARGO_PKG_VERSION")),
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; script-src 'sha256-",
    ] {
        assert!(html.contains(expected), "{expected}");
    }
    // Without SOURCE_DATE_EPOCH the clock is read: a year from this century.
    let clock = claimlint_env(dir.path(), &["--format", "html", "page.txt"], &[]);
    assert!(clock.stdout.contains("<time datetime=\"20"), "{}", clock.stdout.len());

    // A baseline's comparison is in the header; only new findings show.
    let write = claimlint_env(dir.path(), &["--write-baseline", "base.json", "page.txt"], &[]);
    assert_eq!(write.status, 0, "{}", write.stderr);
    let run = report(dir.path(), &["--baseline", "base.json", "page.txt"]);
    assert_eq!(run.status, 0);
    assert!(run.stdout.contains(
        "<dt>ベースライン</dt><dd>新規 0 件 · 既知 1 件 · 解消 0 件(新規の指摘のみ表示しています)</dd>"
    ));
    assert!(!run.stdout.contains("<mark "));

    let bad = claimlint_env(
        dir.path(),
        &["--format", "html", "page.txt"],
        &[("SOURCE_DATE_EPOCH", "yesterday")],
    );
    assert_eq!(bad.status, 2);
    assert_eq!(
        bad.stderr,
        "error: SOURCE_DATE_EPOCH must be seconds since 1970, not `yesterday`\n"
    );
}

/// A Chromium to render with: `CHROMIUM` or the first of the usual names
/// on the `PATH`.
fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

fn headless(chromium: &Path, args: &[&str]) -> std::process::Output {
    Command::new(chromium)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"])
        .args(["--no-first-run", "--disable-extensions", "--enable-logging=stderr", "--v=0"])
        .args(args)
        .output()
        .expect("chromium runs")
}

#[test]
fn a_real_browser_renders_the_report_to_png_and_pdf() {
    let Some(chromium) = chromium() else {
        eprintln!("skipped: no Chromium found (install it, or set CHROMIUM=/path/to/chromium)");
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("report.html");
    let run = report(&repo(), &["-o", out.to_str().expect("UTF-8 path"), FIXTURES]);
    assert_eq!(run.status, 2);
    let url = format!("file://{}", out.display());

    let png = dir.path().join("report.png");
    let shot = headless(
        &chromium,
        &[&format!("--screenshot={}", png.display()), "--window-size=1280,2000", &url],
    );
    let bytes = fs::read(&png)
        .unwrap_or_else(|_| panic!("no screenshot: {}", String::from_utf8_lossy(&shot.stderr)));
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n") && bytes.len() > 20_000, "{}", bytes.len());

    let pdf = dir.path().join("report.pdf");
    let print = headless(
        &chromium,
        &[&format!("--print-to-pdf={}", pdf.display()), "--no-pdf-header-footer", &url],
    );
    let bytes = fs::read(&pdf)
        .unwrap_or_else(|_| panic!("no PDF: {}", String::from_utf8_lossy(&print.stderr)));
    assert!(bytes.starts_with(b"%PDF-") && bytes.len() > 20_000, "{}", bytes.len());
    // One sheet per page of the report at least (print starts each page
    // on a new sheet), counted from the PDF's page objects.
    let sheets =
        bytes.windows(12).filter(|w| w.starts_with(b"/Type /Page") && w[11] != b's').count();
    assert!(sheets >= 6, "{sheets} sheets");

    // The script ran (its hash is the one the content security policy
    // allows) and the browser refused nothing.
    let dom = headless(&chromium, &["--dump-dom", &url]);
    let dom_text = String::from_utf8_lossy(&dom.stdout);
    assert!(dom_text.contains("<html lang=\"ja\" class=\"js\">"), "{}", &dom_text[..80]);
    assert!(dom_text.contains("<nav class=\"filters\" id=\"filters\" aria-label"));
    let log = String::from_utf8_lossy(&dom.stderr);
    assert!(!log.contains("Content Security Policy"), "{log}");
    assert!(!log.contains("Uncaught"), "{log}");

    // The filters work: unticking a category hides its explanations and
    // uncolours its highlights, and nothing else. A probe script unticks
    // it in a copy without the content security policy (which would block
    // the probe) and reads the computed styles back.
    let html = fs::read_to_string(&out).expect("report");
    let policy_start = html.find("<meta http-equiv=\"Content-Security-Policy\"").expect("policy");
    let policy_end = policy_start + html[policy_start..].find('>').expect("end") + 1;
    let probe = r#"<script>addEventListener("load", function () {
  var box = document.querySelector('#filters input[value="c-superlative"]');
  box.checked = false;
  box.dispatchEvent(new Event("change", { bubbles: true }));
  var style = function (selector) { return getComputedStyle(document.querySelector(selector)); };
  document.body.setAttribute("data-probe", [document.body.className,
    style(".finding.c-superlative").display, style("mark.c-superlative").backgroundColor,
    style(".finding.c-safety-guarantee").display].join("|"));
});</script></body>"#;
    let probed =
        format!("{}{}", &html[..policy_start], &html[policy_end..]).replacen("</body>", probe, 1);
    let probe_path = dir.path().join("probe.html");
    fs::write(&probe_path, probed).expect("written");
    let dom = headless(&chromium, &["--dump-dom", &format!("file://{}", probe_path.display())]);
    let dom_text = String::from_utf8_lossy(&dom.stdout);
    assert!(
        dom_text.contains("data-probe=\"hide-c-superlative|none|rgba(0, 0, 0, 0)|list-item\""),
        "{}",
        dom_text.lines().find(|l| l.contains("<body")).unwrap_or("no body")
    );
}

#[test]
fn a_dense_megabyte_page_is_reported_whole() {
    // 2,000 findings on one line of a megabyte, and markup nested deeply.
    let line = format!("{}{}", "あ".repeat(300_000), "最先端です。".repeat(2_000));
    let depth = 20_000;
    let nested =
        format!("{}<p>日本一</p>{}", "<div><span>".repeat(depth), "</span></div>".repeat(depth));
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("line.txt"), line).expect("written");
    fs::write(dir.path().join("nested.html"), nested).expect("written");
    let started = std::time::Instant::now();
    let run = report(dir.path(), &["line.txt", "nested.html"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(started.elapsed().as_secs() < 60, "{:?}", started.elapsed());
    let pages = pages(&parse(&run.stdout));
    assert_eq!(pages["line.txt"].marks.len(), 2_000);
    assert_eq!(highlighted(&pages["line.txt"], "p1-f2000"), "最先端");
    assert_eq!(highlighted(&pages["nested.html"], "p2-f1"), "日本一");
}
