//! `jslint lsp`: the language server over stdio.
//!
//! Only this module knows tower-lsp-server and ropey; protocol types come through
//! [`proto`], the one place that converts byte offsets to protocol positions. Each feature
//! lives in its own file and works on a [`documents::Snapshot`] of an analysed version.

mod catch_panic;
pub mod code_actions;
pub mod decorations;
pub mod documents;
pub mod hover;
pub mod navigation;
pub mod proto;
pub mod symbols;
mod test_hooks;
mod transport;
mod validate;

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::{Client, LanguageServer, LspService, Server};

use crate::config::Config;
use crate::diagnostics::Severity;
use documents::{Snapshot, Store};
use proto::*;

/// How long an edit waits before it is analysed while an analysis of the same document is
/// still pending or running (typing in a burst): the burst is analysed once it pauses. An
/// edit made when nothing is pending is analysed at once. Either way the last version is
/// always analysed.
const DEBOUNCE: Duration = Duration::from_millis(40);
/// How long the server waits for the client to answer one of its requests.
const CLIENT_TIMEOUT: Duration = Duration::from_secs(5);

/// Settings a client may send (initializationOptions, or `jslint` in didChangeConfiguration);
/// they override jslint.toml.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct ClientSettings {
    /// Rule code or name → "error" | "warning" | "info" | "off".
    pub severity: HashMap<String, String>,
    pub select: Vec<String>,
    pub ignore: Vec<String>,
}

#[derive(Default)]
struct State {
    encoding: Option<Encoding>,
    pull: bool,
    settings: ClientSettings,
    /// jslint.toml per folder (None: none found, or unreadable).
    configs: HashMap<PathBuf, Option<Config>>,
}

pub struct Backend {
    client: Client,
    store: Store,
    state: Arc<Mutex<State>>,
    /// Analyses scheduled and not yet finished, per document (for the debounce).
    pending: Arc<Mutex<HashMap<Uri, usize>>>,
}

/// Counts one scheduled analysis of a document as pending until it is dropped.
struct PendingAnalysis {
    pending: Arc<Mutex<HashMap<Uri, usize>>>,
    uri: Uri,
}

impl PendingAnalysis {
    fn new(pending: &Arc<Mutex<HashMap<Uri, usize>>>, uri: &Uri) -> PendingAnalysis {
        *lock(pending).entry(uri.clone()).or_default() += 1;
        PendingAnalysis {
            pending: pending.clone(),
            uri: uri.clone(),
        }
    }
}

impl Drop for PendingAnalysis {
    fn drop(&mut self) {
        let mut map = lock(&self.pending);
        if let Some(n) = map.get_mut(&self.uri) {
            *n -= 1;
            if *n == 0 {
                map.remove(&self.uri);
            }
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Backend {
    pub fn new(client: Client) -> Backend {
        Backend {
            client,
            store: Store::default(),
            state: Arc::default(),
            pending: Arc::default(),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        lock(&self.state)
    }

    fn encoding(&self) -> Encoding {
        self.state().encoding.unwrap_or(Encoding::Utf16)
    }

    /// The configuration for a document: jslint.toml above it, then the client's settings.
    fn config_for(&self, uri: &Uri) -> Config {
        let dir = path_of(uri).and_then(|p| p.parent().map(PathBuf::from));
        let mut state = self.state();
        let mut config = match dir {
            Some(dir) => state
                .configs
                .entry(dir.clone())
                .or_insert_with(|| Config::discover(&dir).ok().flatten())
                .clone()
                .unwrap_or_default(),
            None => Config::default(),
        };
        apply_settings(&mut config, &state.settings);
        config
    }

    fn snapshot(&self, uri: &Uri) -> Result<Arc<Snapshot>> {
        let config = self.config_for(uri);
        let store = self.store.clone();
        let uri = uri.clone();
        guard(move || store.snapshot(&uri, &config))?
            .ok_or_else(|| Error::invalid_params("the document is not open"))
    }

    /// Re-analyses a document after `delay`, unless a newer version arrives meanwhile, and
    /// publishes the diagnostics if the client does not pull them.
    fn schedule(&self, uri: Uri, version: i32, delay: Duration) {
        let store = self.store.clone();
        let client = self.client.clone();
        let config = self.config_for(&uri);
        let (encoding, pull) = {
            let s = self.state();
            (s.encoding.unwrap_or(Encoding::Utf16), s.pull)
        };
        let pending = PendingAnalysis::new(&self.pending, &uri);
        tokio::spawn(async move {
            // A zero sleep still waits for the timer's next tick (about a millisecond).
            if !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
            if store.version(&uri) != Some(version) {
                return;
            }
            let Some((v, text, base)) = store.work(&uri) else {
                return;
            };
            if v != version {
                if let Some(base) = base {
                    store.give_back(&uri, base);
                }
                return;
            }
            let computed =
                tokio::task::spawn_blocking(move || Snapshot::after(base, version, text, &config))
                    .await;
            // The analysis is done: an edit from now on is analysed at once.
            drop(pending);
            let snapshot = match computed {
                Ok(s) => Arc::new(s),
                Err(e) => {
                    client
                        .log_message(MessageType::ERROR, format!("jslint: analysis failed: {e}"))
                        .await;
                    return;
                }
            };
            if !store.store(&uri, snapshot.clone()) {
                return;
            }
            if pull {
                return;
            }
            let lines = snapshot.lines(encoding);
            let diagnostics = snapshot
                .diagnostics
                .iter()
                .enumerate()
                .map(|(i, d)| diagnostic(&lines, &uri, d, i))
                .collect();
            // Only the store holds the analysis now: the next one, which may start as soon
            // as the client has these diagnostics, reuses it without a copy.
            drop(snapshot);
            client
                .publish_diagnostics(uri, diagnostics, Some(version))
                .await;
        });
    }

    /// [`DEBOUNCE`] while an analysis of the document is pending, else none.
    fn debounce(&self, uri: &Uri) -> Duration {
        if lock(&self.pending).contains_key(uri) {
            DEBOUNCE
        } else {
            Duration::ZERO
        }
    }

    fn refresh_all(&self) {
        self.state().configs.clear();
        self.store.invalidate_all();
        for uri in self.store.uris() {
            if let Some(v) = self.store.version(&uri) {
                self.schedule(uri, v, Duration::ZERO);
            }
        }
        // A client that pulls diagnostics is asked to pull again.
        if self.state().pull {
            let client = self.client.clone();
            tokio::spawn(async move {
                let _ = tokio::time::timeout(CLIENT_TIMEOUT, client.workspace_diagnostic_refresh())
                    .await;
            });
        }
    }
}

fn apply_settings(config: &mut Config, settings: &ClientSettings) {
    for (rule, level) in &settings.severity {
        if let Some(meta) = crate::rules::find(rule) {
            let level = if level == "off" {
                None
            } else {
                Severity::parse(level).or(Some(meta.severity))
            };
            config.severity.insert(meta.code.to_string(), level);
        }
    }
    if !settings.select.is_empty() {
        config.select = settings.select.clone();
    }
    config.ignore.extend(settings.ignore.iter().cloned());
}

/// Runs a computation, turning a panic into an error answer: the server keeps serving. (A
/// panic elsewhere in a handler is caught by [`catch_panic`], which answers the same way.)
fn guard<T>(f: impl FnOnce() -> T) -> Result<T> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|panic| catch_panic::panic_error(panic.as_ref()))
}

fn settings_from(value: Option<&Value>) -> Option<ClientSettings> {
    let value = value?;
    let inner = value.get("jslint").unwrap_or(value);
    serde_json::from_value(inner.clone()).ok()
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let encoding = Encoding::negotiate(&params);
        let pull = params
            .capabilities
            .text_document
            .as_ref()
            .is_some_and(|t| t.diagnostic.is_some());
        {
            let mut state = self.state();
            state.encoding = Some(encoding);
            state.pull = pull;
            if let Some(settings) = settings_from(params.initialization_options.as_ref()) {
                state.settings = settings;
            }
        }
        let sync = TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::INCREMENTAL),
            save: Some(TextDocumentSyncSaveOptions::Supported(true)),
            ..TextDocumentSyncOptions::default()
        };
        let capabilities = ServerCapabilities {
            position_encoding: Some(encoding.kind()),
            text_document_sync: Some(TextDocumentSyncCapability::Options(sync)),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            definition_provider: Some(OneOf::Left(true)),
            references_provider: Some(OneOf::Left(true)),
            document_symbol_provider: Some(OneOf::Left(true)),
            folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
            document_formatting_provider: Some(OneOf::Left(true)),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![
                    CodeActionKind::QUICKFIX,
                    CodeActionKind::new(code_actions::FIX_ALL),
                ]),
                ..CodeActionOptions::default()
            })),
            inlay_hint_provider: Some(OneOf::Left(true)),
            semantic_tokens_provider: Some(
                SemanticTokensServerCapabilities::SemanticTokensOptions(SemanticTokensOptions {
                    legend: decorations::legend(),
                    full: Some(SemanticTokensFullOptions::Bool(true)),
                    range: None,
                    work_done_progress_options: WorkDoneProgressOptions::default(),
                }),
            ),
            diagnostic_provider: pull.then(|| {
                DiagnosticServerCapabilities::Options(DiagnosticOptions {
                    identifier: Some("jslint".into()),
                    inter_file_dependencies: false,
                    workspace_diagnostics: false,
                    work_done_progress_options: WorkDoneProgressOptions::default(),
                })
            }),
            workspace: Some(WorkspaceServerCapabilities {
                workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                    supported: Some(true),
                    change_notifications: Some(OneOf::Left(true)),
                }),
                file_operations: None,
            }),
            ..ServerCapabilities::default()
        };
        Ok(InitializeResult {
            capabilities,
            server_info: Some(ServerInfo {
                name: "jslint".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let watcher = FileSystemWatcher {
            glob_pattern: GlobPattern::String("**/jslint.toml".into()),
            kind: None,
        };
        let registration = Registration {
            id: "jslint-config-watcher".into(),
            method: "workspace/didChangeWatchedFiles".into(),
            register_options: serde_json::to_value(DidChangeWatchedFilesRegistrationOptions {
                watchers: vec![watcher],
            })
            .ok(),
        };
        match tokio::time::timeout(
            CLIENT_TIMEOUT,
            self.client.register_capability(vec![registration]),
        )
        .await
        {
            Ok(Ok(())) => {}
            Ok(Err(e)) => {
                self.client
                    .log_message(
                        MessageType::INFO,
                        format!("jslint: no file watcher for jslint.toml: {e}"),
                    )
                    .await
            }
            Err(_) => {
                self.client
                    .log_message(
                        MessageType::WARNING,
                        "jslint: the client did not answer the watcher registration in time",
                    )
                    .await
            }
        }
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        self.store.open(doc.uri.clone(), doc.version, &doc.text);
        self.schedule(doc.uri, doc.version, Duration::ZERO);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let encoding = self.encoding();
        if let Some(version) = self.store.change(
            &uri,
            params.text_document.version,
            &params.content_changes,
            encoding,
        ) {
            let delay = self.debounce(&uri);
            self.schedule(uri, version, delay);
        }
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        if params
            .text_document
            .uri
            .as_str()
            .ends_with(crate::config::FILE_NAME)
        {
            self.refresh_all();
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        self.store.close(&params.text_document.uri);
        if !self.state().pull {
            self.client
                .publish_diagnostics(params.text_document.uri, Vec::new(), None)
                .await;
        }
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        if let Some(settings) = settings_from(Some(&params.settings)) {
            self.state().settings = settings;
        }
        self.refresh_all();
    }

    async fn did_change_watched_files(&self, _: DidChangeWatchedFilesParams) {
        self.refresh_all();
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        let uri = params.text_document.uri;
        let s = self.snapshot(&uri)?;
        let lines = s.lines(self.encoding());
        let items = s
            .diagnostics
            .iter()
            .enumerate()
            .map(|(i, d)| diagnostic(&lines, &uri, d, i))
            .collect();
        Ok(DocumentDiagnosticReportResult::Report(
            DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport {
                    result_id: Some(s.version.to_string()),
                    items,
                },
            }),
        ))
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let p = params.text_document_position_params;
        let s = self.snapshot(&p.text_document.uri)?;
        let lines = s.lines(self.encoding());
        let offset = lines.offset(p.position);
        let found = guard(|| hover::hover(&s, offset))?;
        Ok(found.map(|(range, text)| Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: text,
            }),
            range: Some(lines.range(range)),
        }))
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let p = params.text_document_position_params;
        let s = self.snapshot(&p.text_document.uri)?;
        let lines = s.lines(self.encoding());
        let targets = guard(|| navigation::definition(&s, lines.offset(p.position)))?;
        if targets.is_empty() {
            return Ok(None);
        }
        let locations = targets
            .into_iter()
            .map(|r| Location {
                uri: p.text_document.uri.clone(),
                range: lines.range(r),
            })
            .collect();
        Ok(Some(GotoDefinitionResponse::Array(locations)))
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let p = params.text_document_position;
        let s = self.snapshot(&p.text_document.uri)?;
        let lines = s.lines(self.encoding());
        let found = guard(|| {
            navigation::references(
                &s,
                lines.offset(p.position),
                params.context.include_declaration,
            )
        })?;
        Ok((!found.is_empty()).then(|| {
            found
                .into_iter()
                .map(|r| Location {
                    uri: p.text_document.uri.clone(),
                    range: lines.range(r),
                })
                .collect()
        }))
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let s = self.snapshot(&params.text_document.uri)?;
        let symbols = guard(|| symbols::document_symbols(&s, self.encoding()))?;
        Ok(Some(DocumentSymbolResponse::Nested(symbols)))
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        let s = self.snapshot(&params.text_document.uri)?;
        Ok(Some(guard(|| symbols::folding_ranges(&s))?))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri;
        let s = self.snapshot(&uri)?;
        let encoding = self.encoding();
        let range = s.lines(encoding).text_range(params.range);
        let actions =
            guard(|| code_actions::code_actions(&s, &uri, encoding, range, &params.context.only))?;
        Ok(Some(actions))
    }

    async fn formatting(&self, params: DocumentFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        let s = self.snapshot(&params.text_document.uri)?;
        let lines = s.lines(self.encoding());
        let edits = guard(|| crate::format::format_tables(&s.text, &s.analysis.parse.document))?;
        Ok(Some(
            edits
                .into_iter()
                .map(|e| TextEdit {
                    range: lines.range(e.range),
                    new_text: e.replacement,
                })
                .collect(),
        ))
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        let s = self.snapshot(&params.text_document.uri)?;
        let encoding = self.encoding();
        let within = s.lines(encoding).text_range(params.range);
        Ok(Some(guard(|| {
            decorations::inlay_hints(&s, encoding, within)
        })?))
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        let s = self.snapshot(&params.text_document.uri)?;
        let data = guard(|| decorations::semantic_tokens(&s, self.encoding()))?;
        Ok(Some(SemanticTokensResult::Tokens(SemanticTokens {
            result_id: None,
            data,
        })))
    }
}

/// The service, for the stdio server and for in-process tests.
pub fn service() -> (LspService<Backend>, tower_lsp_server::ClientSocket) {
    test_hooks::register(LspService::build(Backend::new)).finish()
}

/// Serves LSP over stdio until the client exits.
pub fn run() -> i32 {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the server runtime: {e}");
            return crate::cli::exit::USAGE;
        }
    };
    runtime.block_on(serve(tokio::io::stdin(), tokio::io::stdout()));
    // After `exit` the stdin reader may still be blocked on a pipe the client keeps open:
    // do not wait for it.
    runtime.shutdown_background();
    crate::cli::exit::CLEAN
}

/// Serves LSP over any byte streams (used by the in-process tests).
pub async fn serve<I, O>(input: I, output: O)
where
    I: tokio::io::AsyncRead + Unpin + Send + 'static,
    O: tokio::io::AsyncWrite,
{
    let (service, socket) = service();
    let (to_server, server_input) = tokio::io::duplex(1 << 20);
    let (server_output, from_server) = tokio::io::duplex(1 << 20);
    let (to_client, frames) = tokio::sync::mpsc::channel(16);
    // The reader may stay blocked on an input the client keeps open after `exit`: it is not
    // waited for.
    tokio::spawn(transport::sanitize(input, to_server, to_client.clone()));
    tokio::join!(
        Server::new(server_input, server_output, socket).serve(catch_panic::CatchPanic(service)),
        transport::forward(from_server, to_client),
        transport::write(frames, output),
    );
}
