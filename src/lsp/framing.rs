//! The client's byte stream, cut into messages.
//!
//! Each frame's body is parsed once, into tower-lsp-server's `Request` or
//! `Response`. A malformed frame (bad JSON, invalid UTF-8, a missing or
//! wrong `Content-Length`) is reported as such and the stream goes on:
//! one bad message never ends the session.

use tokio::io::{AsyncRead, AsyncReadExt};
use tower_lsp_server::jsonrpc::{Request, Response};

/// The largest header block accepted before it is dropped as garbage.
const MAX_HEADER: usize = 8 * 1024;

/// Buffers larger than this are given back once empty (a large message
/// passed through them).
const KEEP_CAPACITY: usize = 1 << 20;

/// One message from the client.
#[derive(Debug)]
pub enum Incoming {
    Request(Request),
    Response(Response),
    /// A frame whose body is no message: its first bytes, for the log.
    Malformed(String),
}

impl Incoming {
    /// A request has a method; tower-lsp-server's `Request` takes a
    /// missing one for empty, so an answer (no method) parses as one too,
    /// and is then parsed as the `Response` it is. A request is parsed
    /// once (a 10 MB didOpen included).
    fn parse(body: &[u8]) -> Incoming {
        let request = serde_json::from_slice::<Request>(body).ok();
        match request {
            Some(r) if !r.method().is_empty() => Incoming::Request(r),
            request => match serde_json::from_slice::<Response>(body) {
                Ok(r) => Incoming::Response(r),
                Err(_) => match request {
                    Some(r) => Incoming::Request(r),
                    None => Incoming::Malformed(
                        String::from_utf8_lossy(&body[..body.len().min(200)]).into_owned(),
                    ),
                },
            },
        }
    }
}

/// Reads frames from `inner`, one message at a time.
pub struct Frames<R> {
    inner: R,
    /// Bytes read from `inner` and not yet framed.
    pending: Vec<u8>,
    /// Where the unframed bytes start in `pending`.
    at: usize,
    /// The body length of the frame being read, once its headers are in.
    body_len: Option<usize>,
    eof: bool,
}

impl<R: AsyncRead + Unpin> Frames<R> {
    pub fn new(inner: R) -> Frames<R> {
        Frames {
            inner,
            pending: Vec::new(),
            at: 0,
            body_len: None,
            eof: false,
        }
    }

    /// The next message, or `None` at the end of the input (or a read error).
    pub async fn next(&mut self) -> Option<Incoming> {
        loop {
            if let Some(message) = self.frame() {
                return Some(message);
            }
            if self.eof {
                return None;
            }
            // A large message (a 10 MB didOpen) is read straight into place.
            let want = match self.body_len {
                Some(len) => (len + self.at).saturating_sub(self.pending.len()),
                None => 0,
            }
            .max(64 * 1024);
            if self.at > 0 && self.at == self.pending.len() {
                self.pending.clear();
                self.at = 0;
            }
            self.pending.reserve(want);
            match self.inner.read_buf(&mut self.pending).await {
                Ok(0) | Err(_) => self.eof = true,
                Ok(_) => {}
            }
        }
    }

    /// Takes one complete frame from `pending`, if there is one.
    fn frame(&mut self) -> Option<Incoming> {
        loop {
            let unread = &self.pending[self.at..];
            match self.body_len {
                None => {
                    let Some(end) = find(unread, b"\r\n\r\n") else {
                        if unread.len() > MAX_HEADER {
                            tracing::warn!("dropping {} bytes without a header", unread.len());
                            self.at = self.pending.len();
                        }
                        return None;
                    };
                    let block = String::from_utf8_lossy(&unread[..end]).into_owned();
                    // After a wrong Content-Length the block starts with the
                    // rest of a body: resynchronise at the last header in it.
                    let headers = resync(&block);
                    if headers.len() < block.len() {
                        tracing::warn!(
                            "dropping {} bytes before a header",
                            block.len() - headers.len()
                        );
                    }
                    self.at += end + 4;
                    self.body_len = content_length(headers);
                    if self.body_len.is_none() {
                        tracing::warn!("dropping a header without Content-Length: {headers:?}");
                    }
                }
                Some(len) => {
                    if unread.len() < len {
                        return None;
                    }
                    let message = if len == 0 {
                        Incoming::Malformed(String::new())
                    } else {
                        Incoming::parse(&unread[..len])
                    };
                    self.at += len;
                    self.body_len = None;
                    let rest = self.pending.len() - self.at;
                    if self.pending.capacity() > KEEP_CAPACITY && rest < KEEP_CAPACITY / 2 {
                        // A 10 MB didOpen must not keep 10 MB here for the session.
                        self.pending = self.pending[self.at..].to_vec();
                        self.at = 0;
                    } else if rest == 0 {
                        self.pending.clear();
                        self.at = 0;
                    } else if self.at > KEEP_CAPACITY {
                        self.pending.drain(..self.at);
                        self.at = 0;
                    }
                    return Some(message);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    /// What the frames of `input` are: the method of a request, `response`
    /// or `malformed`.
    async fn kinds(input: &str) -> Vec<String> {
        let mut frames = Frames::new(input.as_bytes());
        let mut out = Vec::new();
        while let Some(m) = frames.next().await {
            out.push(match m {
                Incoming::Request(r) => r.method().to_string(),
                Incoming::Response(_) => "response".to_string(),
                Incoming::Malformed(_) => "malformed".to_string(),
            });
        }
        out
    }

    #[tokio::test]
    async fn malformed_messages_are_reported_and_the_stream_goes_on() {
        let good = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let answer = r#"{"jsonrpc":"2.0","result":null,"id":3}"#;
        let input = [
            frame(good),
            frame("{not json"),
            frame("[1,2]"),
            // A header block without Content-Length is dropped.
            "garbage\r\n\r\n".to_string(),
            frame(r#"{"jsonrpc":"1.0","method":"x"}"#),
            frame(answer),
            frame(good),
        ]
        .concat();
        assert_eq!(
            kinds(&input).await,
            [
                "initialized",
                "malformed",
                "malformed",
                "malformed",
                "response",
                "initialized"
            ]
        );
    }

    #[tokio::test]
    async fn wrong_content_lengths_resynchronise() {
        let good = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        // Too short: the rest of the body runs into the next header.
        let short = format!("Content-Length: 5\r\n\r\n{good}");
        // Too long: the body swallows the start of the next frame.
        let long = format!("Content-Length: {}\r\n\r\n{good}", good.len() + 30);
        let input = [short, frame(good), long, frame(good), frame(good)].concat();
        assert_eq!(
            kinds(&input).await,
            ["malformed", "initialized", "malformed", "initialized"]
        );
    }

    #[tokio::test]
    async fn a_large_message_in_small_reads_is_one_message_and_its_buffer_goes() {
        let text = "报".repeat(2 << 20);
        let body = format!(
            r#"{{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{{"text":"{text}"}}}}"#
        );
        let input = [frame(&body), frame(r#"{"jsonrpc":"2.0","method":"exit"}"#)].concat();
        // A reader that gives at most 4 KB at a time, as a pipe may.
        let (mut write, read) = tokio::io::duplex(4096);
        let writer = tokio::spawn(async move {
            use tokio::io::AsyncWriteExt;
            write.write_all(input.as_bytes()).await.unwrap();
        });
        let mut frames = Frames::new(read);
        match frames.next().await {
            Some(Incoming::Request(r)) => assert_eq!(r.method(), "textDocument/didOpen"),
            other => panic!("{other:?}"),
        }
        assert!(frames.pending.capacity() <= KEEP_CAPACITY);
        match frames.next().await {
            Some(Incoming::Request(r)) => assert_eq!(r.method(), "exit"),
            other => panic!("{other:?}"),
        }
        writer.await.unwrap();
        assert!(frames.next().await.is_none());
    }
}
