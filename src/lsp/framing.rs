//! Screens the client's byte stream before tower-lsp-server sees it.
//!
//! tower-lsp-server reads messages through a `tokio_util` `FramedRead`,
//! which ends the stream after the first decoding error: one malformed
//! message (bad JSON, invalid UTF-8, a missing `Content-Length`) would end
//! the whole session. [`Screened`] re-frames the input itself and replaces
//! every message tower-lsp-server could not decode with a notification
//! nobody handles, so the server logs it and keeps serving.

use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, ReadBuf};
use tower_lsp_server::jsonrpc::{Request, Response};

/// What replaces a malformed message: a notification without a handler.
const REPLACEMENT: &[u8] = br#"{"jsonrpc":"2.0","method":"$/baogao/malformedMessage"}"#;

/// The largest header block accepted before it is dropped as garbage.
const MAX_HEADER: usize = 8 * 1024;

pub struct Screened<R> {
    inner: R,
    /// Bytes read from `inner` and not yet framed.
    pending: Vec<u8>,
    /// Framed bytes not yet handed to the reader.
    ready: Vec<u8>,
    ready_pos: usize,
    /// The body length of the frame being read, once its headers are in.
    body_len: Option<usize>,
    eof: bool,
}

/// Buffers larger than this are given back once empty (a large message
/// passed through them).
const KEEP_CAPACITY: usize = 1 << 20;

impl<R> Screened<R> {
    pub fn new(inner: R) -> Screened<R> {
        Screened {
            inner,
            pending: Vec::new(),
            ready: Vec::new(),
            ready_pos: 0,
            body_len: None,
            eof: false,
        }
    }

    /// Moves every complete frame from `pending` to `ready`.
    fn frame(&mut self) {
        loop {
            match self.body_len {
                None => {
                    let Some(end) = find(&self.pending, b"\r\n\r\n") else {
                        if self.pending.len() > MAX_HEADER {
                            tracing::warn!(
                                "dropping {} bytes without a header",
                                self.pending.len()
                            );
                            self.pending.clear();
                        }
                        return;
                    };
                    let block = String::from_utf8_lossy(&self.pending[..end]).into_owned();
                    // After a wrong Content-Length the block starts with the
                    // rest of a body: resynchronise at the last header in it.
                    let headers = resync(&block);
                    if headers.len() < block.len() {
                        tracing::warn!(
                            "dropping {} bytes before a header",
                            block.len() - headers.len()
                        );
                    }
                    self.pending.drain(..end + 4);
                    self.body_len = content_length(headers);
                    if self.body_len.is_none() {
                        tracing::warn!("dropping a header without Content-Length: {headers:?}");
                    }
                }
                Some(len) => {
                    if self.pending.len() < len {
                        return;
                    }
                    let body: Vec<u8> = self.pending.drain(..len).collect();
                    if self.pending.is_empty() && self.pending.capacity() > KEEP_CAPACITY {
                        self.pending = Vec::new();
                    }
                    self.body_len = None;
                    let body = if decodable(&body) {
                        body
                    } else {
                        tracing::warn!(
                            "ignoring a malformed message: {}",
                            String::from_utf8_lossy(&body[..body.len().min(200)])
                        );
                        REPLACEMENT.to_vec()
                    };
                    self.ready.extend_from_slice(
                        format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes(),
                    );
                    self.ready.extend_from_slice(&body);
                }
            }
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The header block from its last `Content-Length` line on (the whole block
/// when it has none).
fn resync(block: &str) -> &str {
    let lower = block.to_ascii_lowercase();
    match lower.rfind("content-length") {
        Some(at) if at > 0 => &block[at..],
        _ => block,
    }
}

fn content_length(headers: &str) -> Option<usize> {
    headers.split("\r\n").find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.trim()
            .eq_ignore_ascii_case("content-length")
            .then(|| value.trim().parse().ok())?
    })
}

/// Whether tower-lsp-server can decode `body` as a message.
fn decodable(body: &[u8]) -> bool {
    !body.is_empty()
        && (serde_json::from_slice::<Request>(body).is_ok()
            || serde_json::from_slice::<Response>(body).is_ok())
}

impl<R: AsyncRead + Unpin> AsyncRead for Screened<R> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let this = &mut *self;
        loop {
            if this.ready_pos < this.ready.len() {
                let n = buf.remaining().min(this.ready.len() - this.ready_pos);
                buf.put_slice(&this.ready[this.ready_pos..this.ready_pos + n]);
                this.ready_pos += n;
                if this.ready_pos == this.ready.len() {
                    this.ready.clear();
                    this.ready_pos = 0;
                    // A 10 MB didOpen must not keep 10 MB here for the session.
                    if this.ready.capacity() > KEEP_CAPACITY {
                        this.ready = Vec::new();
                    }
                }
                return Poll::Ready(Ok(()));
            }
            if this.eof {
                return Poll::Ready(Ok(()));
            }
            // Not zeroed: a keystroke's message is a few hundred bytes, and
            // clearing 64 KB for it cost more than framing it.
            let mut chunk = [std::mem::MaybeUninit::<u8>::uninit(); 64 * 1024];
            let mut chunk_buf = ReadBuf::uninit(&mut chunk);
            match Pin::new(&mut this.inner).poll_read(cx, &mut chunk_buf) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
                Poll::Ready(Ok(())) => {
                    let filled = chunk_buf.filled();
                    if filled.is_empty() {
                        this.eof = true;
                    } else {
                        this.pending.extend_from_slice(filled);
                        this.frame();
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use tokio::io::AsyncReadExt;

    use super::*;

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[tokio::test]
    async fn malformed_messages_are_replaced() {
        let good = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let input = [
            frame(good),
            frame("{not json"),
            frame("[1,2]"),
            "garbage\r\n\r\n".to_string(),
            frame(r#"{"jsonrpc":"1.0","method":"x"}"#),
            frame(good),
        ]
        .concat();
        let mut out = String::new();
        Screened::new(input.as_bytes())
            .read_to_string(&mut out)
            .await
            .unwrap();
        let replacement = std::str::from_utf8(REPLACEMENT).unwrap();
        let expected = [
            frame(good),
            frame(replacement),
            frame(replacement),
            frame(replacement),
            frame(good),
        ]
        .concat();
        assert_eq!(out, expected);
    }

    #[tokio::test]
    async fn wrong_content_lengths_resynchronise() {
        let good = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        // Too short: the rest of the body runs into the next header.
        let short = format!("Content-Length: 5\r\n\r\n{good}");
        // Too long: the body swallows the start of the next frame.
        let long = format!("Content-Length: {}\r\n\r\n{good}", good.len() + 30);
        let input = [short, frame(good), long, frame(good), frame(good)].concat();
        let mut out = String::new();
        Screened::new(input.as_bytes())
            .read_to_string(&mut out)
            .await
            .unwrap();
        let replacement = std::str::from_utf8(REPLACEMENT).unwrap();
        let expected = [
            frame(replacement),
            frame(good),
            frame(replacement),
            frame(good),
        ]
        .concat();
        assert_eq!(out, expected);
    }
}
