//! `claimlint lsp`: a language server over standard input and output, so
//! that any editor with an LSP client shows findings as the copy is typed.
//!
//! The message loop (here) owns the open documents and their latest
//! findings, and answers requests; linting runs on a worker thread
//! (`worker`) after a pause in typing, and its outcomes come back to the
//! loop, which publishes them if they are still for the latest version.
//! Hover and code actions wait for the findings of the version the client
//! sees, and may be cancelled while they wait.

mod actions;
pub(crate) mod diagnostics;
pub(crate) mod documents;
mod settings;
mod transport;
pub(crate) mod worker;

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use clap::ValueEnum;
use crossbeam_channel::{Receiver, Sender, select, unbounded};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::{
    CancelParams, CodeActionKind, CodeActionOptions, CodeActionParams,
    CodeActionProviderCapability, DidChangeTextDocumentParams,
    DidChangeWatchedFilesRegistrationOptions, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DidSaveTextDocumentParams, FileSystemWatcher, GlobPattern,
    HoverParams, HoverProviderCapability, InitializeParams, InitializeResult, MarkupKind,
    MessageType, NumberOrString, PublishDiagnosticsParams, Registration, RegistrationParams,
    SaveOptions, ServerCapabilities, ServerInfo, ShowMessageParams, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions, Uri,
};
use serde::de::DeserializeOwned;

use crate::cli::{Args, EXIT_CLEAN, EXIT_FAILURE, ProfileArg};
use documents::{Documents, Encoding, path_to_uri};
use worker::{Findings, Job, Outcome};

/// Runs the server on standard input and output; returns the exit status.
pub fn run(args: &Args) -> u8 {
    let (connection, writer) = match transport::stdio() {
        Ok(connected) => connected,
        Err(error) => {
            eprintln!("error: cannot start the language server: {error}");
            return EXIT_FAILURE;
        }
    };
    let status = serve(connection, args, worker::DEBOUNCE);
    // Everything queued (the shutdown answer) goes out before exiting.
    let _ = writer.join();
    status
}

/// Serves one client until it sends `exit` or goes away: 0 after a
/// `shutdown`, 1 otherwise (as the protocol asks).
pub fn serve(connection: Connection, args: &Args, debounce: Duration) -> u8 {
    let Connection { sender, receiver } = connection;
    let Some((params, id)) = wait_for_initialize(&sender, &receiver) else { return 1 };
    let encoding = Encoding::negotiate(
        params.capabilities.general.as_ref().and_then(|g| g.position_encodings.as_deref()),
    );
    let mut args = args.clone();
    let profile = profile_option(&params);
    if let Some(Ok(profile)) = &profile {
        args.profile = Some(*profile);
    }
    let result =
        InitializeResult { capabilities: capabilities(encoding), server_info: server_info() };
    let _ = sender.send(Response::new_ok(id, result).into());

    let (jobs, job_receiver) = unbounded::<Job>();
    let (outcome_sender, outcomes) = unbounded::<Outcome>();
    let workspace = settings::Workspace::new(args);
    let spawned = std::thread::Builder::new()
        .name("lint".into())
        .spawn(move || worker::run(job_receiver, outcome_sender, workspace, debounce));
    if let Err(error) = spawned {
        show(&sender, MessageType::ERROR, format!("claimlint: cannot start linting: {error}"));
        return EXIT_FAILURE;
    }
    let mut server = Server::new(sender, jobs, encoding, &params);
    if let Some(Err(unknown)) = profile {
        server.show(MessageType::WARNING, format!("claimlint: unknown profile `{unknown}` in initializationOptions (medical, cosmetic or health-food); using the settings file's"));
    }
    server.watch_settings(&params);
    server.run(&receiver, &outcomes)
}

fn server_info() -> Option<ServerInfo> {
    Some(ServerInfo { name: "claimlint".into(), version: Some(env!("CARGO_PKG_VERSION").into()) })
}

fn capabilities(encoding: Encoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::INCREMENTAL),
            save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                include_text: Some(false),
            })),
            ..TextDocumentSyncOptions::default()
        })),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..CodeActionOptions::default()
        })),
        ..ServerCapabilities::default()
    }
}

/// `initializationOptions.profile`: `None` when not given, the unknown
/// name when it is not a profile.
fn profile_option(params: &InitializeParams) -> Option<Result<ProfileArg, String>> {
    let value = params.initialization_options.as_ref()?.get("profile")?;
    // Named as given: a string as is, anything else as JSON.
    let name = value.as_str().map_or_else(|| value.to_string(), str::to_string);
    Some(ProfileArg::from_str(&name, true).map_err(|_| name))
}

fn show(sender: &Sender<Message>, typ: MessageType, message: String) {
    let params = ShowMessageParams { typ, message };
    let _ = sender.send(Notification::new("window/showMessage".into(), params).into());
}

fn log(sender: &Sender<Message>, message: String) {
    let params = lsp_types::LogMessageParams { typ: MessageType::WARNING, message };
    let _ = sender.send(Notification::new("window/logMessage".into(), params).into());
}

fn log_malformed(sender: &Sender<Message>, error: &serde_json::Value) {
    let error = error.as_str().unwrap_or_default();
    log(sender, format!("claimlint: ignored a malformed message: {error}"));
}

fn error(id: RequestId, code: ErrorCode, message: impl Into<String>) -> Message {
    Response::new_err(id, code as i32, message.into()).into()
}

/// Answers every request before `initialize` with an error, as the
/// protocol says; `None` when the client exits or goes away first.
fn wait_for_initialize(
    sender: &Sender<Message>,
    receiver: &Receiver<Message>,
) -> Option<(InitializeParams, RequestId)> {
    for message in receiver {
        match message {
            Message::Request(request) if request.method == "initialize" => {
                match serde_json::from_value(request.params) {
                    Ok(params) => return Some((params, request.id)),
                    Err(e) => {
                        let _ =
                            sender.send(error(request.id, ErrorCode::InvalidParams, e.to_string()));
                    }
                }
            }
            Message::Request(request) => {
                let _ = sender.send(error(
                    request.id,
                    ErrorCode::ServerNotInitialized,
                    "the server is not initialized",
                ));
            }
            Message::Notification(n) if n.method == "exit" => return None,
            Message::Notification(n) if n.method == transport::MALFORMED => {
                log_malformed(sender, &n.params);
            }
            Message::Notification(_) | Message::Response(_) => {}
        }
    }
    None
}

/// A request that waits for the findings of the version the client sees.
enum Deferred {
    Hover(RequestId, HoverParams),
    Actions(RequestId, CodeActionParams),
}

impl Deferred {
    fn id(&self) -> &RequestId {
        match self {
            Deferred::Hover(id, _) | Deferred::Actions(id, _) => id,
        }
    }

    fn uri(&self) -> &Uri {
        match self {
            Deferred::Hover(_, p) => &p.text_document_position_params.text_document.uri,
            Deferred::Actions(_, p) => &p.text_document.uri,
        }
    }
}

struct Server {
    sender: Sender<Message>,
    jobs: Sender<Job>,
    encoding: Encoding,
    support: actions::ClientSupport,
    documents: Documents,
    /// The latest findings of each open document, with their version.
    findings: HashMap<Uri, (i32, Findings)>,
    deferred: Vec<Deferred>,
    /// For each document its settings stop, the file at fault.
    problems: HashMap<Uri, Uri>,
    /// Files with a problem diagnostic published.
    problem_files: HashSet<Uri>,
    /// The last problem shown, so that typing does not repeat it.
    shown: Option<String>,
    shutdown: bool,
}

impl Server {
    fn new(
        sender: Sender<Message>,
        jobs: Sender<Job>,
        encoding: Encoding,
        params: &InitializeParams,
    ) -> Server {
        let text = params.capabilities.text_document.as_ref();
        let markdown = text
            .and_then(|t| t.hover.as_ref())
            .and_then(|h| h.content_format.as_ref())
            .is_some_and(|formats| formats.contains(&MarkupKind::Markdown));
        let disabled_actions = text
            .and_then(|t| t.code_action.as_ref())
            .and_then(|c| c.disabled_support)
            .unwrap_or(false);
        Server {
            sender,
            jobs,
            encoding,
            support: actions::ClientSupport { markdown, disabled_actions },
            documents: Documents::default(),
            findings: HashMap::new(),
            deferred: Vec::new(),
            problems: HashMap::new(),
            problem_files: HashSet::new(),
            shown: None,
            shutdown: false,
        }
    }

    fn send(&self, message: impl Into<Message>) {
        let _ = self.sender.send(message.into());
    }

    fn show(&self, typ: MessageType, message: String) {
        show(&self.sender, typ, message);
    }

    fn log(&self, message: String) {
        log(&self.sender, message);
    }

    /// Asks the client to tell us when settings, rule or term files change
    /// on disk, when it can.
    fn watch_settings(&self, params: &InitializeParams) {
        let dynamic = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|w| w.dynamic_registration)
            .unwrap_or(false);
        if !dynamic {
            return;
        }
        let watchers = ["**/claimlint.toml", "**/*.yaml", "**/*.yml", "**/*.csv"]
            .into_iter()
            .map(|glob| FileSystemWatcher {
                glob_pattern: GlobPattern::String(glob.into()),
                kind: None,
            })
            .collect();
        let options = DidChangeWatchedFilesRegistrationOptions { watchers };
        let registration = Registration {
            id: "claimlint-settings".into(),
            method: "workspace/didChangeWatchedFiles".into(),
            register_options: serde_json::to_value(options).ok(),
        };
        let params = RegistrationParams { registrations: vec![registration] };
        let id = RequestId::from("claimlint-watch".to_string());
        self.send(Request::new(id, "client/registerCapability".into(), params));
    }

    fn run(&mut self, receiver: &Receiver<Message>, outcomes: &Receiver<Outcome>) -> u8 {
        loop {
            select! {
                recv(receiver) -> message => match message {
                    Ok(message) => {
                        if let Some(status) = self.handle(message) {
                            return status;
                        }
                    }
                    // The client went away without `exit`.
                    Err(_) => return 1,
                },
                recv(outcomes) -> outcome => match outcome {
                    Ok(outcome) => self.outcome(outcome),
                    Err(_) => return EXIT_FAILURE,
                },
            }
        }
    }

    /// Handles one message; `Some(status)` when the server must exit.
    fn handle(&mut self, message: Message) -> Option<u8> {
        match message {
            Message::Request(request) => self.request(request),
            Message::Notification(notification) if notification.method == "exit" => {
                return Some(if self.shutdown { EXIT_CLEAN } else { 1 });
            }
            Message::Notification(notification) => self.notification(notification),
            // Answers to our own requests (registering watchers).
            Message::Response(_) => {}
        }
        None
    }

    fn request(&mut self, request: Request) {
        let Request { id, method, params } = request;
        if self.shutdown {
            self.send(error(id, ErrorCode::InvalidRequest, "the server is shutting down"));
            return;
        }
        match method.as_str() {
            "shutdown" => {
                for waiting in std::mem::take(&mut self.deferred) {
                    self.answer(waiting);
                }
                self.shutdown = true;
                self.send(Response::new_ok(id, ()));
            }
            "initialize" => {
                self.send(error(
                    id,
                    ErrorCode::InvalidRequest,
                    "the server is already initialized",
                ));
            }
            "textDocument/hover" => match parse::<HoverParams>(params) {
                Ok(params) => self.answer_or_wait(Deferred::Hover(id, params)),
                Err(e) => self.send(error(id, ErrorCode::InvalidParams, e)),
            },
            "textDocument/codeAction" => match parse::<CodeActionParams>(params) {
                Ok(params) => self.answer_or_wait(Deferred::Actions(id, params)),
                Err(e) => self.send(error(id, ErrorCode::InvalidParams, e)),
            },
            _ => self.send(error(
                id,
                ErrorCode::MethodNotFound,
                format!("unknown method `{method}`"),
            )),
        }
    }

    fn notification(&mut self, notification: Notification) {
        let Notification { method, params } = notification;
        if self.shutdown {
            return;
        }
        let result = match method.as_str() {
            "textDocument/didOpen" => parse::<DidOpenTextDocumentParams>(params).map(|p| {
                let uri = p.text_document.uri.clone();
                self.documents.open(p.text_document);
                self.schedule(&uri);
            }),
            "textDocument/didChange" => parse::<DidChangeTextDocumentParams>(params).map(|p| {
                let uri = p.text_document.uri.clone();
                match self.documents.change(p, self.encoding) {
                    Ok(_) => self.schedule(&uri),
                    Err(_) => self.log(format!(
                        "claimlint: a change to a document that is not open: {}",
                        uri.as_str()
                    )),
                }
            }),
            "textDocument/didSave" => parse::<DidSaveTextDocumentParams>(params).map(|p| {
                if is_settings_file(&p.text_document.uri) {
                    self.relint_all();
                }
            }),
            "textDocument/didClose" => parse::<DidCloseTextDocumentParams>(params).map(|p| {
                self.close(&p.text_document.uri);
            }),
            "workspace/didChangeWatchedFiles" => {
                self.relint_all();
                Ok(())
            }
            "$/cancelRequest" => parse::<CancelParams>(params).map(|p| self.cancel(p.id)),
            transport::MALFORMED => {
                log_malformed(&self.sender, &params);
                Ok(())
            }
            // `initialized`, `$/setTrace` and anything else: nothing to do.
            _ => Ok(()),
        };
        if let Err(e) = result {
            self.log(format!("claimlint: ignored `{method}`: {e}"));
        }
    }

    fn schedule(&self, uri: &Uri) {
        let Some(document) = self.documents.get(uri) else { return };
        let Some(format) = document.format else { return };
        let _ = self.jobs.send(Job {
            uri: uri.clone(),
            version: document.version,
            text: document.text.clone(),
            format,
            path: document.path.clone(),
        });
    }

    /// Settings changed: every open document is linted again (the worker
    /// reloads what changed).
    fn relint_all(&self) {
        let uris: Vec<Uri> = self.documents.iter().map(|(uri, _)| uri.clone()).collect();
        for uri in &uris {
            self.schedule(uri);
        }
    }

    fn close(&mut self, uri: &Uri) {
        self.documents.close(uri);
        self.findings.remove(uri);
        self.publish(uri, Vec::new(), None);
        self.problems.remove(uri);
        self.clear_mended_problems();
        self.answer_waiting_on(uri);
    }

    fn cancel(&mut self, id: NumberOrString) {
        let id = match id {
            NumberOrString::Number(n) => RequestId::from(n),
            NumberOrString::String(s) => RequestId::from(s),
        };
        if let Some(at) = self.deferred.iter().position(|d| *d.id() == id) {
            self.deferred.remove(at);
            self.send(error(id, ErrorCode::RequestCanceled, "cancelled"));
        }
    }

    fn publish(&self, uri: &Uri, diagnostics: Vec<lsp_types::Diagnostic>, version: Option<i32>) {
        let params = PublishDiagnosticsParams { uri: uri.clone(), diagnostics, version };
        self.send(Notification::new("textDocument/publishDiagnostics".into(), params));
    }

    /// The findings of the version the client sees, if linted.
    fn current(&self, uri: &Uri) -> Option<&Findings> {
        let document = self.documents.get(uri)?;
        self.findings.get(uri).filter(|(v, _)| *v == document.version).map(|(_, f)| f)
    }

    fn answer_or_wait(&mut self, request: Deferred) {
        // Only pages are linted: anything else is answered at once.
        let linted = self.documents.get(request.uri()).is_some_and(|d| d.format.is_some());
        let waits = linted && self.current(request.uri()).is_none();
        if waits {
            self.deferred.push(request);
        } else {
            self.answer(request);
        }
    }

    fn answer_waiting_on(&mut self, uri: &Uri) {
        let (ready, waiting): (Vec<Deferred>, Vec<Deferred>) =
            std::mem::take(&mut self.deferred).into_iter().partition(|d| d.uri() == uri);
        self.deferred = waiting;
        for request in ready {
            self.answer(request);
        }
    }

    /// Answers from the current findings (none: an empty answer).
    fn answer(&self, request: Deferred) {
        match request {
            Deferred::Hover(id, params) => {
                let at = params.text_document_position_params;
                let hover = self
                    .current(&at.text_document.uri)
                    .and_then(|f| actions::hover(f, at.position, self.encoding, self.support));
                self.send(Response::new_ok(id, hover));
            }
            Deferred::Actions(id, params) => {
                let uri = &params.text_document.uri;
                let format = self.documents.get(uri).and_then(|d| d.format);
                let found = self.current(uri).zip(format).map(|(f, format)| {
                    actions::code_actions(f, uri, format, params.range, self.encoding, self.support)
                });
                self.send(Response::new_ok(id, found.unwrap_or_default()));
            }
        }
    }

    /// A lint finished: published if it is of the latest version.
    fn outcome(&mut self, outcome: Outcome) {
        let Outcome { uri, version, result } = outcome;
        let latest = self.documents.get(&uri).is_some_and(|d| d.version == version);
        if !latest {
            return;
        }
        match result {
            Ok(findings) => {
                let diagnostics = diagnostics::all(&findings.linted, self.encoding);
                self.publish(&uri, diagnostics, Some(version));
                self.findings.insert(uri.clone(), (version, findings));
                self.problems.remove(&uri);
                self.clear_mended_problems();
            }
            Err(problem) => {
                // The page cannot be judged without its settings: its old
                // findings go, and the fault is shown where it is.
                self.findings.remove(&uri);
                self.publish(&uri, Vec::new(), Some(version));
                if let Some(file) = problem.path.as_deref().and_then(path_to_uri) {
                    let text =
                        problem.path.as_deref().and_then(|p| std::fs::read_to_string(p).ok());
                    let diagnostic = diagnostics::problem(&problem, text.as_deref(), self.encoding);
                    self.publish(&file, vec![diagnostic], None);
                    self.problem_files.insert(file.clone());
                    self.problems.insert(uri.clone(), file);
                }
                let summary = problem.summary();
                if self.shown.as_ref() != Some(&summary) {
                    self.show(MessageType::ERROR, summary.clone());
                    self.shown = Some(summary);
                }
                self.clear_mended_problems();
            }
        }
        self.answer_waiting_on(&uri);
    }

    /// Clears the diagnostics of files no open document is stopped by.
    fn clear_mended_problems(&mut self) {
        let still: HashSet<&str> = self.problems.values().map(|u| u.as_str()).collect();
        let mended: Vec<Uri> =
            self.problem_files.iter().filter(|f| !still.contains(f.as_str())).cloned().collect();
        for file in mended {
            self.problem_files.remove(&file);
            // A file that is open and linted itself keeps its own findings.
            if !self.findings.contains_key(&file) {
                self.publish(&file, Vec::new(), None);
            }
        }
        if self.problems.is_empty() {
            self.shown = None;
        }
    }
}

fn parse<T: DeserializeOwned>(params: serde_json::Value) -> Result<T, String> {
    serde_json::from_value(params).map_err(|e| e.to_string())
}

/// Files whose saving may change what the rules are.
fn is_settings_file(uri: &Uri) -> bool {
    let path = uri.as_str();
    let name = path.rsplit('/').next().unwrap_or(path);
    name == crate::config::FILE_NAME
        || [".yaml", ".yml", ".csv"].iter().any(|ext| name.ends_with(ext))
}
