//! The byte streams between the client and the protocol library. The library stops reading
//! after one message it cannot decode, so every incoming frame goes through [`sanitize`]
//! first: a message passes (see [`validate`]); anything else (a broken header, a body that
//! is not JSON, JSON that is not a JSON-RPC message) is logged to stderr, kept from the
//! library, and answered with a JSON-RPC error, and the server keeps serving.
//!
//! The answers and the library's own output share the client's stream: [`forward`] cuts the
//! library's output into whole frames, and [`write`] writes the frames of both, one at a
//! time, so that they never interleave.

use tokio::io::{
    AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader, DuplexStream,
};
use tokio::sync::mpsc;
use tower_lsp_server::jsonrpc::Response;

use super::validate::{self, Verdict};

/// Frames larger than this are refused (and skipped) rather than buffered.
const MAX_FRAME: usize = 256 << 20;

/// What goes to the client.
#[derive(Debug)]
pub enum Outgoing {
    /// One whole frame, header included.
    Frame(Vec<u8>),
    /// The library has stopped writing: nothing more is sent.
    End,
}

/// Copies frames from `input` to the library's input, checking them, until `input` ends;
/// answers what is not a message through `to_client`.
pub async fn sanitize<I: AsyncRead + Unpin>(
    input: I,
    mut to_server: DuplexStream,
    to_client: mpsc::Sender<Outgoing>,
) {
    let mut reader = BufReader::new(input);
    while let Some(frame) = read_frame(&mut reader, MAX_FRAME).await {
        let verdict = match frame {
            Frame::Body(body) => validate::check(&body),
            Frame::Unreadable(reason) => validate::unreadable(reason),
        };
        match verdict {
            Verdict::Pass(body) => {
                if to_server.write_all(&framed(&body)).await.is_err() {
                    return;
                }
            }
            Verdict::Reject { answer, reason } => {
                eprintln!("jslint lsp: answered a malformed message with an error: {reason}");
                if to_client
                    .send(Outgoing::Frame(encode(&answer)))
                    .await
                    .is_err()
                {
                    return;
                }
            }
        }
    }
}

/// Copies the library's output to `to_client` frame by frame; says [`Outgoing::End`] when it
/// ends.
pub async fn forward<R: AsyncRead + Unpin>(from_server: R, to_client: mpsc::Sender<Outgoing>) {
    let mut reader = BufReader::new(from_server);
    while let Some(frame) = read_frame(&mut reader, usize::MAX).await {
        // The library writes only well-formed frames.
        let Frame::Body(body) = frame else { continue };
        if to_client
            .send(Outgoing::Frame(framed(&body)))
            .await
            .is_err()
        {
            return;
        }
    }
    let _ = to_client.send(Outgoing::End).await;
}

/// Writes frames to `output` until [`Outgoing::End`]. After a write error the rest is
/// discarded, so that the library is never blocked on a client that has gone.
pub async fn write<O: AsyncWrite>(mut frames: mpsc::Receiver<Outgoing>, output: O) {
    let mut output = std::pin::pin!(output);
    let mut broken = false;
    while let Some(Outgoing::Frame(bytes)) = frames.recv().await {
        if !broken {
            broken = output.write_all(&bytes).await.is_err() || output.flush().await.is_err();
        }
    }
}

/// One incoming frame.
enum Frame {
    Body(Vec<u8>),
    /// A frame whose body could not be read: why.
    Unreadable(String),
}

/// Reads the next frame; `None` at the end of the stream.
async fn read_frame<R: AsyncRead + Unpin>(reader: &mut BufReader<R>, max: usize) -> Option<Frame> {
    let mut length: Option<usize> = None;
    let mut header_ok = true;
    // Blank lines before a header are skipped; the first blank line after one ends it.
    let mut in_header = false;
    loop {
        let mut line = String::new();
        match reader.read_line(&mut line).await {
            Ok(0) => return None,
            Ok(_) => {}
            Err(_) => {
                // Not UTF-8 in the header: skip the line.
                header_ok = false;
                in_header = true;
                continue;
            }
        }
        let line = line.trim_end();
        if line.is_empty() {
            if in_header {
                break;
            }
            continue;
        }
        in_header = true;
        match line.split_once(':') {
            Some((name, value)) if name.eq_ignore_ascii_case("content-length") => {
                length = value.trim().parse().ok()
            }
            Some((name, _)) if name.eq_ignore_ascii_case("content-type") => {}
            _ => header_ok = false,
        }
    }
    let Some(n) = length.filter(|_| header_ok) else {
        return Some(Frame::Unreadable(
            "the frame has no readable header (Content-Length)".into(),
        ));
    };
    if n > max {
        let skipped = tokio::io::copy(&mut (&mut *reader).take(n as u64), &mut tokio::io::sink())
            .await
            .ok()?;
        if skipped < n as u64 {
            return None;
        }
        return Some(Frame::Unreadable(format!(
            "the message is {n} bytes, more than the {max} bytes accepted"
        )));
    }
    let mut body = vec![0; n];
    reader.read_exact(&mut body).await.ok()?;
    Some(Frame::Body(body))
}

fn framed(body: &[u8]) -> Vec<u8> {
    let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    frame.extend_from_slice(body);
    frame
}

fn encode(answer: &Response) -> Vec<u8> {
    // A response of the library's own type always serialises.
    framed(&serde_json::to_vec(answer).unwrap_or_default())
}
