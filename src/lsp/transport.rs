//! A guard in front of the JSON-RPC reader: the server library stops reading after one
//! undecodable message, so every incoming frame is checked here first. A frame whose body is
//! not JSON (or whose header is broken) is logged to stderr and replaced by a notification
//! the server ignores, and the server keeps serving.

use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWriteExt, BufReader, DuplexStream};

/// What a malformed frame becomes: a `$/` notification, which servers may ignore.
const PLACEHOLDER: &str = r#"{"jsonrpc":"2.0","method":"$/jslint/malformedMessage"}"#;
/// Frames larger than this are refused (and skipped) rather than buffered.
const MAX_FRAME: usize = 256 << 20;

/// Copies frames from `input` to `output`, sanitising them, until `input` ends.
pub async fn sanitize<I: AsyncRead + Unpin>(input: I, mut output: DuplexStream) {
    let mut reader = BufReader::new(input);
    loop {
        let mut length: Option<usize> = None;
        let mut header_ok = true;
        loop {
            let mut line = String::new();
            match reader.read_line(&mut line).await {
                Ok(0) => return,
                Ok(_) => {}
                Err(_) => {
                    // Not UTF-8 in the header: skip the line.
                    header_ok = false;
                    continue;
                }
            }
            let line = line.trim_end();
            if line.is_empty() {
                if length.is_some() || !header_ok {
                    break;
                }
                continue;
            }
            match line.split_once(':') {
                Some((name, value)) if name.eq_ignore_ascii_case("content-length") => {
                    length = value.trim().parse().ok()
                }
                Some((name, _)) if name.eq_ignore_ascii_case("content-type") => {}
                _ => header_ok = false,
            }
        }
        let body = match length {
            Some(n) if n <= MAX_FRAME => {
                let mut body = vec![0; n];
                if reader.read_exact(&mut body).await.is_err() {
                    return;
                }
                body
            }
            _ => Vec::new(),
        };
        let valid = header_ok && serde_json::from_slice::<serde_json::Value>(&body).is_ok();
        let body = if valid {
            body
        } else {
            eprintln!(
                "jslint lsp: ignored a malformed message ({} bytes)",
                body.len()
            );
            PLACEHOLDER.as_bytes().to_vec()
        };
        let header = format!("Content-Length: {}\r\n\r\n", body.len());
        if output.write_all(header.as_bytes()).await.is_err()
            || output.write_all(&body).await.is_err()
        {
            return;
        }
    }
}
