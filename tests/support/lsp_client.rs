//! A JSON-RPC client for the language server, driven in process over a duplex pipe with real
//! `Content-Length` framing, as an editor drives it: requests and notifications, reading
//! until a message matches (answering the server's own requests with null on the way), and
//! the `publishDiagnostics` of one document version.
//!
//! One client for `tests/lsp.rs`, `tests/robustness.rs` (both through `tests/support/mod.rs`)
//! and `benches/check.rs` (through `#[path]`).

// Each test binary and the benchmark use a different part of the client.
#![allow(dead_code)]

use std::time::Duration;

use serde_json::{json, Value};
use tokio::io::{
    AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader, DuplexStream, ReadHalf, WriteHalf,
};

/// How long `read_until` waits for a matching message before the test fails.
pub const DEADLINE: Duration = Duration::from_secs(10);

/// What `read_until` returns when the server has closed the connection.
pub fn closed() -> Value {
    json!({"closed": true})
}

/// An in-process `jslint lsp` and the client end of its pipe.
pub struct Client {
    writer: WriteHalf<DuplexStream>,
    reader: BufReader<ReadHalf<DuplexStream>>,
    next_id: i64,
    /// Notifications received while waiting for something else.
    notifications: Vec<Value>,
}

impl Client {
    /// Starts a server on the current tokio runtime; nothing is sent yet.
    pub async fn start() -> Client {
        // Large enough for the publishDiagnostics of a 10 000-line report in one go.
        let (client_end, server_end) = tokio::io::duplex(1 << 24);
        let (server_read, server_write) = tokio::io::split(server_end);
        tokio::spawn(jslint::lsp::serve(server_read, server_write));
        let (read, write) = tokio::io::split(client_end);
        Client {
            writer: write,
            reader: BufReader::new(read),
            next_id: 1,
            notifications: Vec::new(),
        }
    }

    /// Sends bytes as they are, framing included (or not: for malformed frames).
    pub async fn send_bytes(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).await.unwrap();
        self.writer.flush().await.unwrap();
    }

    /// Sends a body, framed with its `Content-Length`, whatever it holds.
    pub async fn send_body(&mut self, body: &[u8]) {
        let mut framed = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        framed.extend_from_slice(body);
        self.send_bytes(&framed).await;
    }

    /// Sends one JSON-RPC message.
    pub async fn send(&mut self, message: Value) {
        self.send_body(serde_json::to_string(&message).unwrap().as_bytes())
            .await;
    }

    /// The next message, or `None` when the server has closed the connection.
    pub async fn read(&mut self) -> Option<Value> {
        let mut length = 0usize;
        loop {
            let mut line = String::new();
            if self.reader.read_line(&mut line).await.unwrap() == 0 {
                return None;
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(v) = line.strip_prefix("Content-Length: ") {
                length = v.parse().unwrap();
            }
        }
        let mut body = vec![0; length];
        self.reader.read_exact(&mut body).await.unwrap();
        let message = serde_json::from_slice(&body)
            .unwrap_or_else(|e| panic!("{e}: {:?}", String::from_utf8_lossy(&body)));
        Some(message)
    }

    /// Reads until `pick` accepts a message, within `DEADLINE`. On the way it answers the
    /// server's own requests with null and keeps its notifications for `diagnostics`. When
    /// the server closes the connection the answer is `closed()`.
    pub async fn read_until(&mut self, mut pick: impl FnMut(&Value) -> bool) -> Value {
        tokio::time::timeout(DEADLINE, async {
            loop {
                let Some(message) = self.read().await else {
                    return closed();
                };
                if pick(&message) {
                    return message;
                }
                if message.get("id").is_some() && message.get("method").is_some() {
                    let id = message["id"].clone();
                    self.send(json!({"jsonrpc": "2.0", "id": id, "result": null}))
                        .await;
                } else if message.get("method").is_some() {
                    self.notifications.push(message);
                }
            }
        })
        .await
        .expect("the server answered in time")
    }

    /// Sends a request and returns the server's answer to it.
    pub async fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}))
            .await;
        self.read_until(|m| m.get("id") == Some(&json!(id)) && m.get("method").is_none())
            .await
    }

    /// Sends a notification.
    pub async fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}))
            .await;
    }

    /// `initialize` with these client capabilities, then `initialized`; the server's answer.
    pub async fn initialize(&mut self, capabilities: Value) -> Value {
        let result = self
            .request(
                "initialize",
                json!({"processId": null, "rootUri": null, "capabilities": capabilities}),
            )
            .await;
        self.notify("initialized", json!({})).await;
        result
    }

    /// Opens a document at version 1.
    pub async fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "jsmd", "version": 1, "text": text}}),
        )
        .await;
    }

    /// The next publishDiagnostics for this version of the document, already received or
    /// still to come.
    pub async fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let is_it = |m: &Value| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == json!(version)
        };
        let mut message = match self.notifications.iter().position(is_it) {
            Some(i) => self.notifications.remove(i),
            None => self.read_until(is_it).await,
        };
        // Taken, not copied: the benchmark times this too, and a copy is no client's work.
        match message["params"]["diagnostics"].take() {
            Value::Array(diagnostics) => diagnostics,
            _ => panic!("no diagnostics for {uri} version {version}: {message}"),
        }
    }
}
