//! The language server, driven through the protocol as an editor drives
//! it: in-process over lsp-server's memory connection (exact messages),
//! and as a process over stdio (framing, malformed input, exit status).

use std::collections::VecDeque;
use std::io::{BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use claimlint::cli::Args;
use clap::Parser;
use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{Value, json};

const WAIT: Duration = Duration::from_secs(60);
const DEBOUNCE: Duration = Duration::from_millis(20);

/// An editor's side of the connection.
struct Client {
    connection: Connection,
    server: Option<JoinHandle<u8>>,
    next_id: i32,
    /// Notifications and server requests not yet looked at.
    inbox: VecDeque<Message>,
}

impl Client {
    fn start(args: &[&str], debounce: Duration) -> Client {
        let (server, client) = Connection::memory();
        let mut argv = vec!["claimlint", "lsp"];
        argv.extend_from_slice(args);
        let args = Args::parse_from(argv);
        let server = std::thread::spawn(move || claimlint::lsp::serve(server, &args, debounce));
        Client { connection: client, server: Some(server), next_id: 0, inbox: VecDeque::new() }
    }

    /// Started and initialized with these client capabilities and options.
    fn initialized(args: &[&str], capabilities: Value, options: Value) -> (Client, Value) {
        let mut client = Client::start(args, DEBOUNCE);
        let params = json!({ "capabilities": capabilities, "initializationOptions": options });
        let result = client.request("initialize", params).expect("initialized");
        client.notify("initialized", json!({}));
        (client, result)
    }

    fn plain() -> Client {
        Client::initialized(&["--no-config"], json!({}), Value::Null).0
    }

    fn send(&self, message: impl Into<Message>) {
        self.connection.sender.send(message.into()).expect("server listening");
    }

    fn notify(&self, method: &str, params: Value) {
        self.send(Notification::new(method.into(), params));
    }

    fn send_request(&mut self, method: &str, params: Value) -> RequestId {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        self.send(Request::new(id.clone(), method.into(), params));
        id
    }

    fn receive(&mut self) -> Message {
        self.connection.receiver.recv_timeout(WAIT).expect("a message from the server")
    }

    /// The answer to a request: its result, or its error as `Err`.
    fn response(&mut self, id: &RequestId) -> Result<Value, Value> {
        let deadline = Instant::now() + WAIT;
        while Instant::now() < deadline {
            match self.receive() {
                Message::Response(r) if r.id == *id => {
                    return r
                        .response_result
                        .map_err(|e| json!({ "code": e.code, "message": e.message }));
                }
                other => self.inbox.push_back(other),
            }
        }
        panic!("no response to {id}");
    }

    fn request(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        let id = self.send_request(method, params);
        self.response(&id)
    }

    /// The first notification not yet looked at that `wanted` accepts
    /// (the others are kept).
    fn notification_where(&mut self, wanted: impl Fn(&Notification) -> bool) -> Value {
        let seen =
            self.inbox.iter().position(|m| matches!(m, Message::Notification(n) if wanted(n)));
        if let Some(Message::Notification(n)) = seen.and_then(|at| self.inbox.remove(at)) {
            return n.params;
        }
        loop {
            match self.receive() {
                Message::Notification(n) if wanted(&n) => return n.params,
                other => self.inbox.push_back(other),
            }
        }
    }

    fn notification(&mut self, method: &str) -> Value {
        self.notification_where(|n| n.method == method)
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Value {
        self.notification_where(|n| {
            n.method == "textDocument/publishDiagnostics" && n.params["uri"] == uri
        })
    }

    fn open(&self, uri: &str, language: &str, text: &str) {
        let item = json!({ "uri": uri, "languageId": language, "version": 1, "text": text });
        self.notify("textDocument/didOpen", json!({ "textDocument": item }));
    }

    fn change(&self, uri: &str, version: i32, changes: Value) {
        let params = json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": changes });
        self.notify("textDocument/didChange", params);
    }

    fn stop(mut self) -> u8 {
        self.request("shutdown", Value::Null).expect("shut down");
        self.notify("exit", Value::Null);
        self.server.take().expect("running").join().expect("no panic")
    }
}

fn range(start: (u32, u32), end: (u32, u32)) -> Value {
    json!({ "start": { "line": start.0, "character": start.1 }, "end": { "line": end.0, "character": end.1 } })
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(name)
}

fn file_uri(path: &Path) -> String {
    let mut uri = String::from("file://");
    for byte in path.to_str().expect("utf-8 path").bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            uri.push(char::from(byte));
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri
}

/// (rule, range) of each finding as `claimlint --format json` reports it,
/// in UTF-16 columns.
fn json_ranges(args: &[&str], path: &Path) -> Vec<(String, Value)> {
    let mut argv = vec!["claimlint", "--format", "json"];
    argv.extend_from_slice(args);
    let path = path.to_str().expect("utf-8 path");
    argv.push(path);
    let mut out = Vec::new();
    claimlint::cli::run(&Args::parse_from(argv), &mut out, &mut Vec::new());
    let report: Value = serde_json::from_slice(&out).expect("json");
    let at = |p: &Value| {
        (
            p["line"].as_u64().expect("line") as u32 - 1,
            p["utf16_column"].as_u64().expect("column") as u32 - 1,
        )
    };
    report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().expect("rule").to_string(),
                range(at(&d["span"]["start"]), at(&d["span"]["end"])),
            )
        })
        .collect()
}

fn codes_and_ranges(published: &Value) -> Vec<(String, Value)> {
    published["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| (d["code"].as_str().expect("code").to_string(), d["range"].clone()))
        .collect()
}

const TOP_RANKING_MESSAGE: &str = "最大級・比較優良の表現: 「最先端」\nbasis: 医療広告ガイドライン (比較優良広告) / 医薬品等適正広告基準 (最大級の表現の禁止) / 景品表示法 (優良誤認)\nhelp: 最大級・比較の表現を削除し、治療内容を客観的な事実として記載してください";

#[test]
fn each_position_encoding_is_negotiated_and_used() {
    // An emoji and a character outside the BMP before the finding: 最先端
    // starts at character 6, UTF-16 unit 8, byte 18.
    let text = "😀𠮷 当院は最先端の治療です。\n";
    let cases = [
        (json!({}), "utf-16", (8, 11)),
        (json!({ "general": { "positionEncodings": ["utf-16"] } }), "utf-16", (8, 11)),
        (json!({ "general": { "positionEncodings": ["utf-32", "utf-16"] } }), "utf-32", (6, 9)),
        (
            json!({ "general": { "positionEncodings": ["utf-16", "utf-8", "utf-32"] } }),
            "utf-8",
            (18, 27),
        ),
    ];
    for (capabilities, encoding, (start, end)) in cases {
        let (mut client, result) = Client::initialized(&["--no-config"], capabilities, Value::Null);
        assert_eq!(result["capabilities"]["positionEncoding"], encoding);
        assert_eq!(result["serverInfo"]["name"], "claimlint");
        client.open("file:///lsp-test/page.txt", "plaintext", text);
        let published = client.diagnostics("file:///lsp-test/page.txt");
        assert_eq!(
            published,
            json!({
                "uri": "file:///lsp-test/page.txt",
                "version": 1,
                "diagnostics": [{
                    "range": range((0, start), (0, end)),
                    "severity": 1,
                    "code": "superlative.top-ranking",
                    "source": "claimlint",
                    "message": TOP_RANKING_MESSAGE,
                }],
            }),
            "{encoding}"
        );
        assert_eq!(client.stop(), 0);
    }
}

#[test]
fn a_markdown_page_has_the_ranges_of_the_json_output() {
    let page = fixture("tests/fixtures/page.md");
    let text = std::fs::read_to_string(&page).expect("fixture");
    let mut client = Client::plain();
    let uri = file_uri(&page);
    client.open(&uri, "markdown", &text);
    let published = client.diagnostics(&uri);
    let expected = json_ranges(&["--no-config"], &page);
    assert!(expected.len() >= 5, "{expected:?}");
    assert_eq!(codes_and_ranges(&published), expected);
    assert_eq!(client.stop(), 0);
}

#[test]
fn html_pages_by_language_id_or_extension() {
    let mut client = Client::plain();
    let html = "<p>当院は<b>最先端</b>の治療です。</p>\n<script>最先端</script>\n";
    client.open("file:///lsp-test/a.html", "html", html);
    let by_id = client.diagnostics("file:///lsp-test/a.html");
    assert_eq!(
        codes_and_ranges(&by_id),
        [("superlative.top-ranking".to_string(), range((0, 9), (0, 12)))]
    );
    // An unknown language id: the extension decides.
    client.open("file:///lsp-test/b.htm", "jinja", html);
    let by_extension = client.diagnostics("file:///lsp-test/b.htm");
    assert_eq!(codes_and_ranges(&by_extension), codes_and_ranges(&by_id));
    assert_eq!(client.stop(), 0);
}

#[test]
fn incremental_and_full_changes_update_the_findings() {
    let uri = "file:///lsp-test/edit.txt";
    let mut client = Client::plain();
    client.open(uri, "plaintext", "😀最先端の治療。\n副作用はありません。\n");
    let first = client.diagnostics(uri);
    assert_eq!(
        codes_and_ranges(&first),
        [
            ("superlative.top-ranking".to_string(), range((0, 2), (0, 5))),
            ("safety.side-effects-denied".to_string(), range((1, 0), (1, 9))),
        ]
    );
    // Replace 😀最 (UTF-16 0..3, across the surrogate pair) with 🎉日本一: the
    // superlative is now 日本一, one unit further on.
    client.change(uri, 2, json!([{ "range": range((0, 0), (0, 3)), "text": "🎉日本一" }]));
    let second = client.diagnostics(uri);
    assert_eq!(second["version"], 2);
    assert_eq!(
        codes_and_ranges(&second),
        [
            ("superlative.top-ranking".to_string(), range((0, 2), (0, 5))),
            ("safety.side-effects-denied".to_string(), range((1, 0), (1, 9))),
        ]
    );
    assert!(second["diagnostics"][0]["message"].as_str().expect("message").contains("「日本一」"));
    // An edit past the end of the text appends (positions are clamped).
    client.change(uri, 3, json!([{ "range": range((99, 0), (99, 5)), "text": "最先端" }]));
    let third = client.diagnostics(uri);
    assert_eq!(
        codes_and_ranges(&third).last(),
        Some(&("superlative.top-ranking".to_string(), range((2, 0), (2, 3))))
    );
    // A full replacement.
    client.change(uri, 4, json!([{ "text": "穏やかな説明です。" }]));
    assert_eq!(client.diagnostics(uri)["diagnostics"], json!([]));
    assert_eq!(client.stop(), 0);
}

#[test]
fn hover_explains_the_rule_of_the_finding() {
    let uri = "file:///lsp-test/hover.txt";
    let capabilities =
        json!({ "textDocument": { "hover": { "contentFormat": ["markdown", "plaintext"] } } });
    let (mut client, _) = Client::initialized(&["--no-config"], capabilities, Value::Null);
    client.open(uri, "plaintext", "当院は最先端の治療です。");
    // Asked before the page is linted: answered once it is.
    let hover = client
        .request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": { "line": 0, "character": 4 } }),
        )
        .expect("hover");
    assert_eq!(hover["range"], range((0, 3), (0, 6)));
    assert_eq!(hover["contents"]["kind"], "markdown");
    let value = hover["contents"]["value"].as_str().expect("text");
    assert!(
        value.starts_with(
            "**superlative.top-ranking** (superlative, error)\n\n最大級・比較優良の表現: 「最先端」"
        ),
        "{value}"
    );
    assert!(value.contains("**basis:** 医療広告ガイドライン (比較優良広告)"), "{value}");
    assert!(value.contains("**why:** "), "{value}");
    assert!(value.contains("**write instead:**\n- 当院で行っている治療法です"), "{value}");
    // Off the finding, and out of range: nothing.
    for (line, character) in [(0, 0), (0, 6), (50, 0)] {
        let position = json!({ "line": line, "character": character });
        let nothing = client.request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": position }),
        );
        assert_eq!(nothing, Ok(Value::Null));
    }
    assert_eq!(client.stop(), 0);
}

#[test]
fn hover_is_plain_text_for_clients_without_markdown() {
    let uri = "file:///lsp-test/plain.txt";
    let mut client = Client::plain();
    client.open(uri, "plaintext", "当院は最先端の治療です。");
    let hover = client
        .request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": { "line": 0, "character": 3 } }),
        )
        .expect("hover");
    assert_eq!(hover["contents"]["kind"], "plaintext");
    let value = hover["contents"]["value"].as_str().expect("text");
    assert!(value.starts_with("superlative.top-ranking (superlative, error)"), "{value}");
    assert!(value.contains("basis: 医療広告ガイドライン"), "{value}");
    assert_eq!(client.stop(), 0);
}

/// Applies one insertion or replacement of a code action to `text`
/// (single-line ranges in UTF-16, as these tests use).
fn apply(text: &str, edit: &Value) -> String {
    let line = edit["range"]["start"]["line"].as_u64().expect("line") as usize;
    let from = edit["range"]["start"]["character"].as_u64().expect("character") as usize;
    let to = edit["range"]["end"]["character"].as_u64().expect("character") as usize;
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    let units: Vec<u16> = lines[line].encode_utf16().collect();
    let new = format!(
        "{}{}{}",
        String::from_utf16(&units[..from]).expect("utf-16"),
        edit["newText"].as_str().expect("text"),
        String::from_utf16(&units[to..]).expect("utf-16")
    );
    lines[line] = new;
    lines.join("\n")
}

fn actions(client: &mut Client, uri: &str, at: Value) -> Vec<Value> {
    let params =
        json!({ "textDocument": { "uri": uri }, "range": at, "context": { "diagnostics": [] } });
    client
        .request("textDocument/codeAction", params)
        .expect("actions")
        .as_array()
        .expect("a list")
        .clone()
}

#[test]
fn code_actions_insert_a_suppression_in_each_format() {
    let cases = [
        ("file:///lsp-test/s.txt", "plaintext", "はじめに\n  当院は最先端の治療です。\n"),
        ("file:///lsp-test/s.md", "markdown", "# 見出し\n\n当院は**最先端**の治療です。\n"),
        ("file:///lsp-test/s.html", "html", "<p>\n  当院は<b>最先端</b>の治療です。\n</p>\n"),
    ];
    for (uri, language, text) in cases {
        let mut client = Client::plain();
        client.open(uri, language, text);
        let before = client.diagnostics(uri);
        let line = before["diagnostics"][0]["range"]["start"]["line"].clone();
        let found = actions(&mut client, uri, before["diagnostics"][0]["range"].clone());
        let suppress = found
            .iter()
            .find(|a| {
                a["title"].as_str().is_some_and(|t| t.contains("claimlint-disable-next-line"))
            })
            .expect("a suppression action");
        assert_eq!(suppress["kind"], "quickfix");
        assert_eq!(suppress["diagnostics"][0]["code"], "superlative.top-ranking");
        let edit = &suppress["edit"]["changes"][uri][0];
        assert_eq!(
            edit["range"],
            range(
                (line.as_u64().expect("line") as u32, 0),
                (line.as_u64().expect("line") as u32, 0)
            )
        );
        let indent = if language == "markdown" { "" } else { "  " };
        assert_eq!(
            edit["newText"],
            format!("{indent}<!-- claimlint-disable-next-line superlative.top-ranking --  -->\n")
        );
        // Applied, the finding is silenced and the comment is not unused.
        client.change(uri, 2, json!([{ "text": apply(text, edit) }]));
        assert_eq!(client.diagnostics(uri)["diagnostics"], json!([]), "{language}");
        assert_eq!(client.stop(), 0);
    }
}

#[test]
fn drop_in_rewordings_are_edits_and_the_others_notes() {
    let uri = "file:///lsp-test/cosmetic.txt";
    let text = "アンチエイジングにおすすめの美容液。\n";
    let capabilities = json!({ "textDocument": { "codeAction": { "disabledSupport": true } } });
    let options = json!({ "profile": "cosmetic" });
    let (mut client, _) = Client::initialized(&["--no-config"], capabilities, options);
    client.open(uri, "plaintext", text);
    let published = client.diagnostics(uri);
    assert_eq!(
        codes_and_ranges(&published),
        [("cosmetic.anti-aging-claim".to_string(), range((0, 0), (0, 8)))]
    );
    let found = actions(&mut client, uri, range((0, 2), (0, 2)));
    let titles: Vec<&str> = found.iter().map(|a| a["title"].as_str().expect("title")).collect();
    assert_eq!(
        titles,
        [
            "言い換え例: エイジングケア※にも。※年齢に応じたお手入れのこと",
            "「アンチエイジング」を「年齢に応じたお手入れ」に置き換える",
            "この行の cosmetic.anti-aging-claim を抑制する (claimlint-disable-next-line)",
        ]
    );
    assert!(found[0]["disabled"]["reason"].is_string());
    assert!(found[0].get("edit").is_none());
    let replace = &found[1]["edit"]["changes"][uri][0];
    assert_eq!(
        replace,
        &json!({ "range": range((0, 0), (0, 8)), "newText": "年齢に応じたお手入れ" })
    );
    assert_eq!(found[1]["isPreferred"], true);
    client.change(uri, 2, json!([{ "text": apply(text, replace) }]));
    assert_eq!(client.diagnostics(uri)["diagnostics"], json!([]));
    assert_eq!(client.stop(), 0);

    // A client that cannot show disabled actions gets no note.
    let (mut client, _) =
        Client::initialized(&["--no-config"], json!({}), json!({ "profile": "cosmetic" }));
    client.open(uri, "plaintext", text);
    client.diagnostics(uri);
    assert_eq!(actions(&mut client, uri, range((0, 0), (0, 1))).len(), 2);
    // Markup inside the flagged words: the rewording is not an edit.
    client.open("file:///lsp-test/c.md", "markdown", "**アンチ**エイジングにおすすめ。\n");
    client.diagnostics("file:///lsp-test/c.md");
    let found = actions(&mut client, "file:///lsp-test/c.md", range((0, 3), (0, 3)));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(client.stop(), 0);
}

#[test]
fn missing_disclosures_stay_put_while_typing() {
    let page = fixture("corpus/medical/exosome-overclaims.txt");
    let text = std::fs::read_to_string(&page).expect("corpus page");
    let uri = file_uri(&page);
    let mut client = Client::plain();
    client.open(&uri, "plaintext", &text);
    let first = client.diagnostics(&uri);
    let expected = json_ranges(&["--no-config"], &page);
    assert_eq!(codes_and_ranges(&first), expected);
    let disclosures: Vec<(String, Value)> =
        expected.iter().filter(|(rule, _)| rule.starts_with("disclosure.")).cloned().collect();
    assert_eq!(disclosures.len(), 8, "one per requirement: {disclosures:?}");
    // Typing at the end, a character at a time: every publication still
    // has each disclosure once, at the trigger, and versions only grow.
    let lines = text.split('\n').count() as u32 - 1;
    let mut version = 1;
    for c in "ご予約はお早めに".chars() {
        version += 1;
        client.change(
            &uri,
            version,
            json!([{ "range": range((lines, 0), (lines, 0)), "text": c.to_string() }]),
        );
    }
    let mut last = 1;
    while last < version {
        let published = client.diagnostics(&uri);
        let now = published["version"].as_i64().expect("version") as i32;
        assert!(now > last, "version {now} after {last}");
        last = now;
        let found = codes_and_ranges(&published);
        for disclosure in &disclosures {
            assert_eq!(
                found.iter().filter(|f| *f == disclosure).count(),
                1,
                "{disclosure:?} in version {now}"
            );
        }
    }
    assert_eq!(client.stop(), 0);
}

#[test]
fn a_broken_settings_file_is_shown_on_it_and_mended() {
    let dir = tempfile::tempdir().expect("temp dir");
    let settings = dir.path().join("claimlint.toml");
    std::fs::write(&settings, "profile = \"medical\"\nignore = [\"nothing-at-all\"]\n")
        .expect("written");
    let page = dir.path().join("page.txt");
    let uri = file_uri(&page);
    let settings_uri = file_uri(&settings);
    let capabilities =
        json!({ "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } } });
    let (mut client, _) = Client::initialized(&[], capabilities, Value::Null);
    // The server asks to watch settings, rule and term files.
    let register = loop {
        match client.receive() {
            Message::Request(r) if r.method == "client/registerCapability" => break r,
            other => client.inbox.push_back(other),
        }
    };
    assert_eq!(register.params["registrations"][0]["method"], "workspace/didChangeWatchedFiles");
    client.open(&uri, "plaintext", "当院は最先端の治療です。");
    assert_eq!(client.diagnostics(&uri)["diagnostics"], json!([]));
    let on_settings = client.diagnostics(&settings_uri);
    assert_eq!(
        on_settings["diagnostics"],
        json!([{
            "range": range((1, 10), (1, 27)),
            "severity": 1,
            "source": "claimlint",
            "message": "`nothing-at-all` is not a rule id, category or pack",
        }])
    );
    let shown = client.notification("window/showMessage");
    assert_eq!(shown["type"], 1);
    assert_eq!(
        shown["message"],
        format!(
            "claimlint: {}:2:11: `nothing-at-all` is not a rule id, category or pack",
            settings.display()
        )
    );
    // Saving the broken file again changes nothing and shows nothing new.
    client.notify("textDocument/didSave", json!({ "textDocument": { "uri": settings_uri } }));
    // Mended on disk: the client reports it, the page is linted again and
    // the settings file's diagnostic goes.
    std::fs::write(&settings, "profile = \"medical\"\nignore = [\"inducement\"]\n")
        .expect("written");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": settings_uri, "type": 2 }] }),
    );
    assert_eq!(client.diagnostics(&settings_uri)["diagnostics"], json!([]));
    let mended = client.diagnostics(&uri);
    assert_eq!(
        codes_and_ranges(&mended),
        [("superlative.top-ranking".to_string(), range((0, 3), (0, 6)))]
    );
    // Changed again and saved in the editor: the save alone re-lints.
    std::fs::write(&settings, "profile = \"medical\"\nignore = [\"superlative\"]\n")
        .expect("written");
    client.notify("textDocument/didSave", json!({ "textDocument": { "uri": settings_uri } }));
    assert_eq!(client.diagnostics(&uri)["diagnostics"], json!([]));
    let messages = client
        .inbox
        .iter()
        .filter(|m| matches!(m, Message::Notification(n) if n.method == "window/showMessage"))
        .count();
    assert_eq!(messages, 0, "the same problem is shown once");
    assert_eq!(client.stop(), 0);
}

#[test]
fn an_unknown_profile_is_a_warning_and_buffers_without_a_file_are_linted() {
    let (mut client, _) =
        Client::initialized(&["--no-config"], json!({}), json!({ "profile": "veterinary" }));
    let shown = client.notification("window/showMessage");
    assert_eq!(shown["type"], 2);
    assert!(
        shown["message"].as_str().expect("message").contains("unknown profile `veterinary`"),
        "{shown}"
    );
    client.open("untitled:Untitled-1", "plaintext", "当院は最先端の治療です。");
    let published = client.diagnostics("untitled:Untitled-1");
    assert_eq!(
        codes_and_ranges(&published),
        [("superlative.top-ranking".to_string(), range((0, 3), (0, 6)))]
    );
    assert_eq!(client.stop(), 0);
}

#[test]
fn files_that_are_not_pages_are_not_linted() {
    let mut client = Client::plain();
    let settings = "file:///lsp-test/claimlint.toml";
    client.open(settings, "toml", "# 最先端の設定\nprofile = \"medical\"\n");
    client.open("file:///lsp-test/house/rule.yaml", "yaml", "bad: [最先端の治療]\n");
    let at =
        json!({ "textDocument": { "uri": settings }, "position": { "line": 0, "character": 3 } });
    assert_eq!(client.request("textDocument/hover", at), Ok(Value::Null));
    assert_eq!(actions(&mut client, settings, range((0, 0), (0, 5))), Vec::<Value>::new());
    // A page opened after them is linted; nothing was published for them.
    client.open("file:///lsp-test/page.txt", "plaintext", "最先端");
    client.diagnostics("file:///lsp-test/page.txt");
    let others = client.inbox.iter().filter(|m| matches!(m, Message::Notification(n) if n.method == "textDocument/publishDiagnostics")).count();
    assert_eq!(others, 0);
    assert_eq!(client.stop(), 0);
}

#[test]
fn protocol_errors_are_answered_never_fatal() {
    let mut client = Client::start(&["--no-config"], DEBOUNCE);
    // Before initialize: requests are refused, notifications dropped.
    client.notify("textDocument/didOpen", json!({}));
    let early = client.request("textDocument/hover", json!({}));
    assert_eq!(early.expect_err("refused")["code"], -32002);
    // Bad initialize params: an error, and the server still waits.
    assert_eq!(
        client.request("initialize", json!({ "capabilities": 7 })).expect_err("bad")["code"],
        -32602
    );
    client.request("initialize", json!({ "capabilities": {} })).expect("initialized");
    assert_eq!(
        client.request("initialize", json!({ "capabilities": {} })).expect_err("twice")["code"],
        -32600
    );
    assert_eq!(
        client.request("textDocument/definition", json!({})).expect_err("unknown")["code"],
        -32601
    );
    assert_eq!(
        client.request("textDocument/hover", json!({ "nope": 1 })).expect_err("bad")["code"],
        -32602
    );
    // Unknown notifications and notifications with bad params are ignored
    // (the latter logged); a change to a document never opened too.
    client.notify("$/setTrace", json!({ "value": "off" }));
    client.notify("custom/whatever", json!([1, 2]));
    client.notify("textDocument/didChange", json!({ "textDocument": 5 }));
    assert_eq!(client.notification("window/logMessage")["type"], 2);
    client.change("file:///lsp-test/never-opened.txt", 2, json!([{ "text": "x" }]));
    // A document that is not open: empty answers.
    let hover = client.request("textDocument/hover", json!({ "textDocument": { "uri": "file:///nope.txt" }, "position": { "line": 0, "character": 0 } }));
    assert_eq!(hover, Ok(Value::Null));
    // Out-of-range and inside-a-character positions.
    let uri = "file:///lsp-test/range.txt";
    client.open(uri, "plaintext", "😀最先端");
    client.change(uri, 2, json!([{ "range": range((0, 1), (7, 99)), "text": "😀" }]));
    assert_eq!(client.diagnostics(uri)["version"], 2);
    let actions = actions(&mut client, uri, range((40, 40), (90, 0)));
    assert_eq!(actions, Vec::<Value>::new());
    // After shutdown, requests are invalid; exit ends with status 0.
    client.request("shutdown", Value::Null).expect("shut down");
    assert_eq!(
        client.request("textDocument/hover", json!({})).expect_err("shut down")["code"],
        -32600
    );
    client.notify("exit", Value::Null);
    assert_eq!(client.server.take().expect("running").join().expect("no panic"), 0);
}

#[test]
fn exit_without_shutdown_and_a_vanished_client_are_status_1() {
    let mut client = Client::plain();
    client.notify("exit", Value::Null);
    assert_eq!(client.server.take().expect("running").join().expect("no panic"), 1);

    let mut client = Client::plain();
    client.open("file:///lsp-test/gone.txt", "plaintext", "最先端");
    let server = client.server.take().expect("running");
    drop(client);
    assert_eq!(server.join().expect("no panic"), 1);
}

#[test]
fn a_waiting_request_can_be_cancelled() {
    // A long debounce, so the hover is still waiting for the findings.
    let mut client = Client::start(&["--no-config"], Duration::from_secs(2));
    client.request("initialize", json!({ "capabilities": {} })).expect("initialized");
    let uri = "file:///lsp-test/cancel.txt";
    client.open(uri, "plaintext", "当院は最先端の治療です。");
    let id = client.send_request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 0, "character": 4 } }),
    );
    client.notify("$/cancelRequest", json!({ "id": client.next_id }));
    let cancelled = client.response(&id).expect_err("cancelled");
    assert_eq!(cancelled["code"], -32800);
    // Cancelling what was answered already is ignored.
    client.notify("$/cancelRequest", json!({ "id": 1 }));
    assert_eq!(client.stop(), 0);
}

/// Reads messages from the server process until one matches.
fn read_until(
    output: &mut impl std::io::BufRead,
    wanted: impl Fn(&Message) -> bool,
) -> Vec<Message> {
    let mut seen = Vec::new();
    while let Some(message) = Message::read(output).expect("framed output") {
        let done = wanted(&message);
        seen.push(message);
        if done {
            return seen;
        }
    }
    panic!("the server closed its output; saw {seen:?}");
}

fn framed(body: &str) -> Vec<u8> {
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

#[test]
fn the_process_survives_malformed_input_and_exits_cleanly() {
    let mut server = Command::new(env!("CARGO_BIN_EXE_claimlint"))
        .args(["lsp", "--no-config"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("claimlint lsp starts");
    let mut input = server.stdin.take().expect("stdin");
    let mut output = BufReader::new(server.stdout.take().expect("stdout"));
    input.write_all(&framed("{this is not json")).expect("written");
    input.write_all(b"Bogus header\r\n\r\n").expect("written");
    input
        .write_all(&framed(
            r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#,
        ))
        .expect("written");
    let seen = read_until(&mut output, |m| matches!(m, Message::Response(_)));
    let logged = seen
        .iter()
        .filter(|m| matches!(m, Message::Notification(n) if n.method == "window/logMessage"))
        .count();
    assert_eq!(logged, 3, "{seen:?}");
    input.write_all(&framed(r#"{"jsonrpc":"2.0","id":2,"method":"shutdown"}"#)).expect("written");
    read_until(&mut output, |m| matches!(m, Message::Response(r) if r.id == RequestId::from(2)));
    input.write_all(&framed(r#"{"jsonrpc":"2.0","method":"exit"}"#)).expect("written");
    assert_eq!(server.wait().expect("exits").code(), Some(0));

    // Standard input closed without shutdown: status 1, no hang.
    let mut server = Command::new(env!("CARGO_BIN_EXE_claimlint"))
        .args(["lsp", "--no-config"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("claimlint lsp starts");
    drop(server.stdin.take());
    assert_eq!(server.wait().expect("exits").code(), Some(1));
}
