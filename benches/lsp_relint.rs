//! Re-lint latency of the language server: `cargo bench --bench lsp_relint`.
//!
//! A 40 KB page is opened in `claimlint lsp` (in process, over lsp-server's
//! memory connection, without the debounce), then a character is typed in
//! its middle, again and again; each edit is timed from the `didChange`
//! notification to the `publishDiagnostics` of that version (apply the
//! edit, settings check, lint, locate, convert, serialise). Reports the
//! median, best and worst of the runs, and the engine alone
//! (`claimlint::lint_with` on the same text) for comparison. Pages: the
//! project's corpus (claim-dense) and, when they are beside the
//! repository, the workplace's seed pages (real clinic copy).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use claimlint::cli::Args;
use claimlint::rules::{Profile, RuleSet};
use clap::Parser;
use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{Value, json};

const PAGE_BYTES: usize = 40 * 1024;
const RUNS: usize = 31;

/// Text pages of a folder joined by blank lines until 40 KB.
fn page_from(dir: &str) -> Option<String> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    let mut page = String::new();
    for path in paths.iter().cycle().take(10_000) {
        if page.len() >= PAGE_BYTES {
            break;
        }
        let text = std::fs::read_to_string(path).ok()?;
        let room = PAGE_BYTES.saturating_sub(page.len());
        let mut cut = text.len().min(room);
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        page.push_str(&text[..cut]);
        page.push_str("\n\n");
    }
    Some(page)
}

fn median(mut times: Vec<Duration>) -> (Duration, Duration, Duration) {
    times.sort();
    (times[times.len() / 2], times[0], times[times.len() - 1])
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// Waits for the diagnostics of `version`; returns how many there were.
fn published(client: &Connection, version: i64) -> usize {
    loop {
        let message = client.receiver.recv().expect("server running");
        if let Message::Notification(n) = message
            && n.method == "textDocument/publishDiagnostics"
            && n.params["version"] == version
        {
            return n.params["diagnostics"].as_array().map_or(0, Vec::len);
        }
    }
}

fn measure(name: &str, page: &str) {
    let (server, client) = Connection::memory();
    let args = Args::parse_from(["claimlint", "lsp", "--no-config"]);
    let thread = std::thread::spawn(move || claimlint::lsp::serve(server, &args, Duration::ZERO));
    let send = |message: Message| client.sender.send(message).expect("server running");
    let initialize = json!({ "capabilities": {} });
    send(Request::new(RequestId::from(1), "initialize".into(), initialize).into());
    let uri = "file:///bench/page.txt";
    let item = json!({ "uri": uri, "languageId": "plaintext", "version": 1, "text": page });
    send(Notification::new("textDocument/didOpen".into(), json!({ "textDocument": item })).into());
    let findings = published(&client, 1);

    // Type in the middle of the page: one character per edit.
    let line = page.lines().count() / 2;
    let mut times = Vec::new();
    for run in 0..RUNS {
        let version = 2 + run as i64;
        let at = json!({ "line": line, "character": 0 });
        let change = json!({
            "textDocument": { "uri": uri, "version": version },
            "contentChanges": [{ "range": { "start": at, "end": at }, "text": "あ" }],
        });
        let started = Instant::now();
        send(Notification::new("textDocument/didChange".into(), change).into());
        published(&client, version);
        times.push(started.elapsed());
    }
    send(Request::new(RequestId::from(2), "shutdown".into(), Value::Null).into());
    send(Notification::new("exit".into(), Value::Null).into());
    let _ = thread.join();

    // The engine alone on the same text.
    let rules = RuleSet::builtin().expect("built-in rules");
    let rules = rules.configured(Profile::Medical, None, &[], &Default::default());
    let mut engine = Vec::new();
    for _ in 0..RUNS {
        let started = Instant::now();
        let linted = claimlint::lint(page.as_bytes(), &rules).expect("lints");
        engine.push(started.elapsed());
        std::hint::black_box(linted);
    }

    let (mid, best, worst) = median(times);
    let (engine_mid, _, _) = median(engine);
    println!(
        "{name}: {} KB, {findings} findings; didChange → publishDiagnostics over {RUNS} edits: median {}, best {}, worst {}; engine alone: median {}",
        page.len() / 1024,
        ms(mid),
        ms(best),
        ms(worst),
        ms(engine_mid)
    );
}

fn main() {
    if let Some(page) = page_from("corpus/medical") {
        measure("corpus pages (claim-dense)", &page);
    }
    if let Some(page) = page_from("../shared/seeds") {
        measure("seed pages (real clinic copy)", &page);
    }
}
