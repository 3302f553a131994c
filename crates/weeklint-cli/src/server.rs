//! `weeklint server`: a language server over stdin and stdout.
//!
//! One thread answers every message in order: the client is one editor,
//! and a lint of even a large journal takes milliseconds. Two more move
//! bytes ([`transport`]). Changes are taken in bursts: after a message,
//! every message already waiting is handled before the documents that
//! changed are linted and their diagnostics published, so typing fast
//! costs one lint per burst, and a single change is answered at once, with
//! no timer in the way.
//!
//! Client input never stops the server: a message that cannot be read is
//! answered with an error ([`transport::Incoming::Bad`]), a request with
//! bad parameters or for a document that is not open gets an error, and
//! a panic while handling a message is caught and answered as an internal
//! error.

mod actions;
mod diagnostics;
mod entry;
mod handlers;
mod images;
mod symbols;
mod text;
mod transport;
mod workspace;

use std::collections::HashMap;
use std::io;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::mpsc::{self, Receiver, Sender};

use anyhow::{Context as _, Result};
use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::{ClientCapabilities, InitializeParams, MessageType, Uri};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::Outcome;
use diagnostics::Shown;
use text::Encoding;
use transport::{Incoming, Outgoing};
use workspace::{Linted, Workspace};

/// Run the server until the client says `exit` or closes stdin.
pub fn run() -> Result<Outcome> {
    // Room for a burst of typing to wait while a lint runs, so that the
    // burst is taken in one go.
    let (to_main, incoming) = mpsc::sync_channel::<Incoming>(64);
    let (outgoing, to_writer) = mpsc::channel::<Outgoing>();
    std::thread::Builder::new()
        .name("lsp-reader".to_string())
        .spawn(move || transport::read_loop(io::stdin().lock(), &to_main))
        .context("cannot start the server's reader")?;
    let writer = std::thread::Builder::new()
        .name("lsp-writer".to_string())
        .spawn(move || transport::write_loop(&to_writer, io::BufWriter::new(io::stdout().lock())))
        .context("cannot start the server's writer")?;
    let root = std::env::current_dir().context("cannot read the current folder")?;
    let mut server = Server::new(outgoing, root);
    let outcome = server.serve(&incoming);
    // The writer ends when every sender is gone, once it has written all.
    drop(server);
    let _ = writer.join();
    Ok(outcome)
}

/// What a request handler answers: a result, nothing yet (the answer
/// waits for the client), or an error.
type Answer = std::result::Result<Option<Value>, Failure>;

/// An error answer.
#[derive(Debug)]
pub(crate) struct Failure {
    code: i32,
    message: String,
}

impl Failure {
    fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Failure {
            code: code as i32,
            message: message.into(),
        }
    }

    /// The request cannot be done (a document too large, a fix that
    /// failed).
    pub(crate) fn failed(message: impl Into<String>) -> Self {
        Failure::new(ErrorCode::RequestFailed, message)
    }

    /// The parameters are wrong (a document that is not open).
    pub(crate) fn invalid(message: impl Into<String>) -> Self {
        Failure::new(ErrorCode::InvalidParams, message)
    }
}

/// What the client can show, read once from its capabilities.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Caps {
    shown: Shown,
    /// Nested document symbols.
    hierarchical_symbols: bool,
    /// `codeAction/resolve` for the edit: the costly edits wait for it.
    resolve_edits: bool,
    /// `labelDetails` on completion items.
    label_details: bool,
    /// `client/registerCapability` for watched files.
    watch_files: bool,
}

impl Caps {
    fn of(c: &ClientCapabilities) -> Caps {
        let td = c.text_document.as_ref();
        let diag = td.and_then(|t| t.publish_diagnostics.as_ref());
        let actions = td.and_then(|t| t.code_action.as_ref());
        Caps {
            shown: Shown {
                related: diag.and_then(|d| d.related_information) == Some(true),
                code_links: diag.and_then(|d| d.code_description_support) == Some(true),
            },
            hierarchical_symbols: td
                .and_then(|t| t.document_symbol.as_ref())
                .and_then(|s| s.hierarchical_document_symbol_support)
                == Some(true),
            resolve_edits: actions
                .and_then(|a| a.resolve_support.as_ref())
                .is_some_and(|r| r.properties.iter().any(|p| p == "edit")),
            label_details: td
                .and_then(|t| t.completion.as_ref())
                .and_then(|c| c.completion_item.as_ref())
                .and_then(|i| i.label_details_support)
                == Some(true),
            watch_files: c
                .workspace
                .as_ref()
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|w| w.dynamic_registration)
                == Some(true),
        }
    }
}

/// A request the server sent the client, waiting for its answer.
#[derive(Debug)]
enum Waiting {
    /// The file watchers' registration: nothing to do with the answer.
    Registration,
    /// "Stage this image?": run `git add` when the user says so, then
    /// answer the `workspace/executeCommand` request.
    GitAdd {
        /// The image.
        path: PathBuf,
        /// The request to answer.
        command: RequestId,
    },
}

/// The server's state.
pub(crate) struct Server {
    out: Sender<Outgoing>,
    enc: Encoding,
    caps: Caps,
    ws: Workspace,
    initialized: bool,
    shutdown: bool,
    next_id: i32,
    waiting: HashMap<RequestId, Waiting>,
}

/// Whether to go on after a message.
#[derive(PartialEq, Eq)]
enum Flow {
    Continue,
    Exit,
}

impl Server {
    fn new(out: Sender<Outgoing>, root: PathBuf) -> Self {
        Server {
            out,
            enc: Encoding::Utf16,
            caps: Caps::default(),
            ws: Workspace::new(root),
            initialized: false,
            shutdown: false,
            next_id: 0,
            waiting: HashMap::new(),
        }
    }

    /// Handle messages until `exit`, or until the input ends.
    fn serve(&mut self, incoming: &Receiver<Incoming>) -> Outcome {
        while let Ok(first) = incoming.recv() {
            let mut next = Some(first);
            while let Some(message) = next {
                if self.handle(message) == Flow::Exit {
                    return self.outcome();
                }
                next = incoming.try_recv().ok();
            }
            self.publish_stale();
        }
        self.outcome()
    }

    /// The exit status the protocol asks for: 0 after `shutdown`, else 1.
    fn outcome(&self) -> Outcome {
        if self.shutdown {
            Outcome::Clean
        } else {
            // Exit status 1, as the protocol asks; not weeklint's own 2.
            Outcome::Errors
        }
    }

    fn send(&self, message: impl Into<Message>) {
        // Only fails when the writer is gone, and then nothing can be said.
        let _ = self.out.send(Outgoing::Message(message.into()));
    }

    fn notify(&self, method: &str, params: impl serde::Serialize) {
        self.send(Notification::new(method.to_string(), params));
    }

    /// Say `message` in the client's log.
    fn log(&self, typ: MessageType, message: String) {
        self.notify(
            "window/logMessage",
            lsp_types::LogMessageParams { typ, message },
        );
    }

    /// Show `message` to the user.
    fn show(&self, typ: MessageType, message: String) {
        self.notify(
            "window/showMessage",
            lsp_types::ShowMessageParams { typ, message },
        );
    }

    /// Send a request to the client; its answer goes to `then`.
    fn ask(&mut self, method: &str, params: impl serde::Serialize, then: Waiting) {
        self.next_id += 1;
        let id = RequestId::from(format!("weeklint-{}", self.next_id));
        self.waiting.insert(id.clone(), then);
        self.send(Request::new(id, method.to_string(), params));
    }

    fn handle(&mut self, incoming: Incoming) -> Flow {
        match incoming {
            Incoming::Bad {
                id,
                code,
                message,
                notification,
            } => {
                self.log(MessageType::ERROR, format!("weeklint: {message}"));
                if notification {
                    // Nothing to answer; the document may now differ from
                    // the editor's, so the user is told.
                    self.show(MessageType::WARNING, format!("weeklint: {message}"));
                } else {
                    let _ = self.out.send(transport::error_response(id, code, &message));
                }
                Flow::Continue
            }
            Incoming::Message(Message::Request(req)) => {
                let id = req.id.clone();
                let answer = if !self.initialized && req.method != "initialize" {
                    Err(Failure::new(
                        ErrorCode::ServerNotInitialized,
                        "the server is not initialized: send `initialize` first",
                    ))
                } else if self.shutdown {
                    Err(Failure::new(
                        ErrorCode::InvalidRequest,
                        "the server is shutting down: only `exit` is taken",
                    ))
                } else {
                    let method = req.method.clone();
                    catch_unwind(AssertUnwindSafe(|| self.request(req))).unwrap_or_else(|panic| {
                        Err(Failure::new(
                            ErrorCode::InternalError,
                            format!("weeklint failed on {method}: {}", panic_message(&panic)),
                        ))
                    })
                };
                match answer {
                    Ok(Some(result)) => self.send(Response::new_ok(id, result)),
                    Ok(None) => {}
                    Err(f) => self.send(Response::new_err(id, f.code, f.message)),
                }
                Flow::Continue
            }
            Incoming::Message(Message::Notification(n)) => {
                if n.method == "exit" {
                    return Flow::Exit;
                }
                if !self.initialized {
                    return Flow::Continue;
                }
                let method = n.method.clone();
                if let Err(panic) = catch_unwind(AssertUnwindSafe(|| self.notification(n))) {
                    self.log(
                        MessageType::ERROR,
                        format!("weeklint failed on {method}: {}", panic_message(&panic)),
                    );
                }
                Flow::Continue
            }
            Incoming::Message(Message::Response(resp)) => {
                if let Some(waiting) = self.waiting.remove(&resp.id) {
                    let result = resp.response_result.ok();
                    if let Err(panic) =
                        catch_unwind(AssertUnwindSafe(|| self.answered(waiting, result)))
                    {
                        self.log(
                            MessageType::ERROR,
                            format!("weeklint failed on an answer: {}", panic_message(&panic)),
                        );
                    }
                }
                Flow::Continue
            }
        }
    }

    /// Answer a request.
    fn request(&mut self, req: Request) -> Answer {
        let Request { id, method, params } = req;
        match method.as_str() {
            "initialize" => self.initialize(parse(params)?),
            "shutdown" => {
                self.shutdown = true;
                Ok(Some(Value::Null))
            }
            "textDocument/codeAction" => json(self.code_actions(parse(params)?)?),
            "codeAction/resolve" => json(self.resolve_action(parse(params)?)?),
            "textDocument/formatting" => json(self.format(parse(params)?)?),
            "textDocument/completion" => json(self.complete(parse(params)?)?),
            "textDocument/hover" => json(self.hover(parse(params)?)?),
            "textDocument/documentSymbol" => json(self.symbols(parse(params)?)?),
            "workspace/executeCommand" => self.execute(id, parse(params)?),
            _ => Err(Failure::new(
                ErrorCode::MethodNotFound,
                format!("weeklint server does not answer {method}"),
            )),
        }
    }

    /// Take a notification.
    fn notification(&mut self, n: Notification) {
        let Notification { method, params } = n;
        let taken = match method.as_str() {
            "initialized" => {
                self.register_watchers();
                Ok(())
            }
            "textDocument/didOpen" => parse(params).map(|p| self.did_open(p)),
            "textDocument/didChange" => parse(params).map(|p| self.did_change(p)),
            "textDocument/didClose" => parse(params).map(|p| self.did_close(p)),
            "workspace/didChangeWatchedFiles" => {
                parse::<lsp_types::DidChangeWatchedFilesParams>(params).map(|_| self.ws.refresh())
            }
            // Nothing to do: saving changes nothing weeklint reads, and
            // requests are answered in order, so there is none to cancel.
            _ => Ok(()),
        };
        if let Err(f) = taken {
            self.log(
                MessageType::ERROR,
                format!("weeklint: {method} ignored: {}", f.message),
            );
        }
    }

    /// The client answered a request of ours.
    fn answered(&mut self, waiting: Waiting, result: Option<Value>) {
        match waiting {
            Waiting::Registration => {}
            Waiting::GitAdd { path, command } => {
                let chosen = result
                    .and_then(|v| serde_json::from_value::<lsp_types::MessageActionItem>(v).ok())
                    .is_some_and(|item| item.title == images::STAGE);
                let answer = if chosen {
                    self.git_add(&path)
                } else {
                    Ok(Some(Value::Null))
                };
                match answer {
                    Ok(result) => self.send(Response::new_ok(command, result)),
                    Err(f) => self.send(Response::new_err(command, f.code, f.message)),
                }
            }
        }
    }

    fn initialize(&mut self, params: InitializeParams) -> Answer {
        if self.initialized {
            return Err(Failure::new(
                ErrorCode::InvalidRequest,
                "the server is already initialized",
            ));
        }
        self.enc = Encoding::negotiate(&params.capabilities);
        self.caps = Caps::of(&params.capabilities);
        if let Some(root) = workspace_root(&params) {
            self.ws = Workspace::new(root);
        }
        self.initialized = true;
        json(lsp_types::InitializeResult {
            capabilities: handlers::capabilities(self.enc),
            server_info: Some(lsp_types::ServerInfo {
                name: "weeklint".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
        })
    }

    /// Ask the client to say when a lint.toml, an image or a git index
    /// changes, when it can watch files for us.
    fn register_watchers(&mut self) {
        if !self.caps.watch_files {
            return;
        }
        let watchers = [
            "**/lint.toml",
            "**/*.{png,jpg,jpeg,gif,svg,webp,avif,bmp,ico,tif,tiff,apng}",
            "**/.git/index",
        ]
        .into_iter()
        .map(|glob| lsp_types::FileSystemWatcher {
            glob_pattern: lsp_types::GlobPattern::String(glob.to_string()),
            kind: None,
        })
        .collect();
        let options = lsp_types::DidChangeWatchedFilesRegistrationOptions { watchers };
        let registration = lsp_types::Registration {
            id: "weeklint-watched-files".to_string(),
            method: "workspace/didChangeWatchedFiles".to_string(),
            register_options: serde_json::to_value(options).ok(),
        };
        self.ask(
            "client/registerCapability",
            lsp_types::RegistrationParams {
                registrations: vec![registration],
            },
            Waiting::Registration,
        );
    }

    /// Lint every document whose text changed since its last lint, and
    /// publish what was found.
    fn publish_stale(&mut self) {
        for uri in self.ws.stale() {
            if let Err(panic) = catch_unwind(AssertUnwindSafe(|| {
                if let Some((linted, true)) = self.ws.linted(&uri) {
                    self.publish(&uri, &linted);
                }
            })) {
                self.log(
                    MessageType::ERROR,
                    format!("weeklint failed to lint {uri}: {}", panic_message(&panic)),
                );
            }
        }
    }

    /// Send the diagnostics of a lint.
    fn publish(&self, key: &str, linted: &Linted) {
        let Some(doc) = self.ws.docs.get(key) else {
            return;
        };
        let diagnostics = diagnostics::of(linted, &doc.uri, self.enc, self.caps.shown);
        self.notify(
            "textDocument/publishDiagnostics",
            lsp_types::PublishDiagnosticsParams {
                uri: doc.uri.clone(),
                diagnostics,
                version: Some(linted.version),
            },
        );
    }

    /// The document at `uri` linted as it is now (published if new), or
    /// an error for a document that is not open.
    pub(crate) fn fresh(&mut self, uri: &Uri) -> std::result::Result<Rc<Linted>, Failure> {
        let key = uri.as_str();
        let Some((linted, new)) = self.ws.linted(key) else {
            return Err(Failure::invalid(format!(
                "{key} is not open: weeklint answers for documents the client opened (textDocument/didOpen)"
            )));
        };
        if new {
            self.publish(key, &linted);
        }
        Ok(linted)
    }
}

/// The folder lint.toml files are looked for from when a document has
/// none above it: the first workspace folder, else the root URI.
#[allow(deprecated)] // `root_uri`: what clients without folders send.
fn workspace_root(params: &InitializeParams) -> Option<PathBuf> {
    let uri = params
        .workspace_folders
        .as_ref()
        .and_then(|f| f.first())
        .map(|f| &f.uri)
        .or(params.root_uri.as_ref())?;
    uri.as_str()
        .starts_with("file:")
        .then(|| workspace::uri_path(uri, std::path::Path::new("/")))
}

/// A request's or notification's parameters as `P`.
fn parse<P: DeserializeOwned>(params: Value) -> std::result::Result<P, Failure> {
    serde_json::from_value(params).map_err(|e| Failure::invalid(format!("invalid parameters: {e}")))
}

/// A result as the answer.
fn json(result: impl serde::Serialize) -> Answer {
    serde_json::to_value(result)
        .map(Some)
        .map_err(|e| Failure::new(ErrorCode::InternalError, e.to_string()))
}

/// What a caught panic said.
fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = panic.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = panic.downcast_ref::<String>() {
        s.clone()
    } else {
        "a panic".to_string()
    }
}
