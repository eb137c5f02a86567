//! The server's output: tower-lsp-server's messages and the pipeline's
//! diagnostics, merged frame by frame into one writer.
//!
//! tower-lsp-server sends a notification by turning its parameters into a
//! `serde_json::Value` (a `BTreeMap` per object, a `String` per key) and
//! then serialising that. For `publishDiagnostics` of a report with
//! hundreds of findings, after every keystroke, that tree cost more than
//! the analysis itself. [`Outbox::notify`] serialises the typed parameters
//! straight into one frame instead, and [`spawn`]'s writer task interleaves
//! those frames with tower-lsp-server's own, never splitting either.

use serde::Serialize;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, DuplexStream};
use tokio::sync::mpsc;
use tower_lsp_server::ls_types::notification::Notification;

/// Sends frames to the writer. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Outbox {
    frames: Sink,
}

/// Where frames go: the writer task of [`spawn`], or the writer thread of
/// [`spawn_stdout`].
#[derive(Clone, Debug)]
enum Sink {
    Task(mpsc::UnboundedSender<Vec<u8>>),
    Thread(std::sync::mpsc::Sender<Vec<u8>>),
}

impl Sink {
    fn send(&self, frame: Vec<u8>) -> bool {
        match self {
            Sink::Task(s) => s.send(frame).is_ok(),
            Sink::Thread(s) => s.send(frame).is_ok(),
        }
    }
}

impl Outbox {
    /// Queues the notification `N` with `params`; `false` when the writer
    /// has stopped (the session is over) or the parameters do not serialise.
    pub fn notify<N: Notification>(&self, params: &N::Params) -> bool
    where
        N::Params: Serialize,
    {
        #[derive(Serialize)]
        struct Message<'a, P> {
            jsonrpc: &'static str,
            method: &'static str,
            params: &'a P,
        }
        let message = Message {
            jsonrpc: "2.0",
            method: N::METHOD,
            params,
        };
        match serde_json::to_vec(&message) {
            Ok(body) => self.frames.send(frame(&body)),
            Err(e) => {
                tracing::error!("cannot serialise {}: {e}", N::METHOD);
                false
            }
        }
    }
}

impl Outbox {
    /// Queues a frame made elsewhere ([`frame`]); `false` when the writer
    /// has stopped.
    pub fn send_frame(&self, frame: Vec<u8>) -> bool {
        self.frames.send(frame)
    }
}

/// `Content-Length: N\r\n\r\n` and the body.
pub fn frame(body: &[u8]) -> Vec<u8> {
    let header = format!("Content-Length: {}\r\n\r\n", body.len());
    let mut out = Vec::with_capacity(header.len() + body.len());
    out.extend_from_slice(header.as_bytes());
    out.extend_from_slice(body);
    out
}

/// The writer's handle: [`Writer::finish`] waits until everything queued
/// before the session ended has been written.
pub struct Writer {
    task: tokio::task::JoinHandle<()>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Writer {
    pub async fn finish(self) {
        if let Err(e) = self.task.await {
            tracing::warn!("output writer ended abnormally: {e}");
        }
        if let Some(thread) = self.thread {
            // The task sent the end mark: the thread ends once it is written.
            if tokio::task::spawn_blocking(move || thread.join().is_err())
                .await
                .unwrap_or(true)
            {
                tracing::warn!("output thread ended abnormally");
            }
        }
    }
}

/// The writer thread's mark that the session is over (a frame is never empty).
const END: Vec<u8> = Vec::new();

/// [`spawn`] for the process's stdout, written by a thread of its own:
/// a publication is written as soon as it is queued (the thread wakes on
/// the queue), where tokio's stdout would go through a writer task and
/// then a blocking-pool thread, two wake-ups more on the way to the client.
/// Frames of tower-lsp-server are cut whole by a task and queued alike.
pub fn spawn_stdout() -> (DuplexStream, Outbox, Writer) {
    use std::io::Write;
    let (server_side, from_server) = tokio::io::duplex(PIPE);
    let (frames, queued) = std::sync::mpsc::channel::<Vec<u8>>();
    let thread = std::thread::Builder::new()
        .name("baogao-out".into())
        .spawn(move || {
            let mut out = std::io::stdout().lock();
            while let Ok(frame) = queued.recv() {
                let mut last = frame.is_empty();
                let mut ok = last || out.write_all(&frame).is_ok();
                // Whatever else is queued goes out before the one flush.
                while ok && !last {
                    match queued.try_recv() {
                        Ok(f) if f.is_empty() => last = true,
                        Ok(f) => ok = out.write_all(&f).is_ok(),
                        Err(_) => break,
                    }
                }
                if !ok || out.flush().is_err() || last {
                    return;
                }
            }
        });
    let thread = match thread {
        Ok(t) => Some(t),
        Err(e) => {
            tracing::error!("cannot start the output thread: {e}");
            None
        }
    };
    let sink = frames.clone();
    let task = tokio::spawn(async move {
        let mut from_server = from_server;
        let mut splitter = Splitter::default();
        let mut buf = vec![0u8; 64 * 1024];
        let mut ready = Vec::new();
        loop {
            match from_server.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => splitter.push(&buf[..n], &mut ready),
            }
            for f in ready.drain(..) {
                if !f.is_empty() && sink.send(f).is_err() {
                    return;
                }
            }
        }
        // Whatever tower-lsp-server left unframed goes out as is, then the end.
        let rest = std::mem::take(&mut splitter.pending);
        if !rest.is_empty() {
            let _ = sink.send(rest);
        }
        let _ = sink.send(END);
    });
    (
        server_side,
        Outbox {
            frames: Sink::Thread(frames),
        },
        Writer { task, thread },
    )
}

/// How many bytes of tower-lsp-server's output may wait for the writer.
const PIPE: usize = 256 * 1024;

/// Starts the writer task on `output`. Returns the stream tower-lsp-server
/// writes into, the outbox for the pipeline, and the task's handle. The
/// task ends when tower-lsp-server's stream closes and every outbox frame
/// queued by then is written (or the output fails).
pub fn spawn<O>(output: O) -> (DuplexStream, Outbox, Writer)
where
    O: AsyncWrite + Send + 'static,
{
    let (server_side, from_server) = tokio::io::duplex(PIPE);
    let (frames, queued) = mpsc::unbounded_channel();
    let task = tokio::spawn(write_frames(from_server, queued, output));
    (
        server_side,
        Outbox {
            frames: Sink::Task(frames),
        },
        Writer { task, thread: None },
    )
}

async fn write_frames<R, O>(
    mut from_server: R,
    mut queued: mpsc::UnboundedReceiver<Vec<u8>>,
    output: O,
) where
    R: AsyncRead + Unpin,
    O: AsyncWrite,
{
    tokio::pin!(output);
    let mut splitter = Splitter::default();
    let mut buf = vec![0u8; 64 * 1024];
    let mut server_open = true;
    loop {
        let mut ready: Vec<Vec<u8>> = Vec::new();
        tokio::select! {
            // Server frames first: a response never waits behind a burst of
            // publications.
            biased;
            read = from_server.read(&mut buf), if server_open => match read {
                Ok(0) | Err(_) => {
                    server_open = false;
                    // Whatever tower-lsp-server left unframed goes out as is.
                    ready.push(std::mem::take(&mut splitter.pending));
                }
                Ok(n) => splitter.push(&buf[..n], &mut ready),
            },
            frame = queued.recv() => match frame {
                Some(frame) => ready.push(frame),
                None if !server_open => break,
                None => {}
            },
        }
        if !server_open {
            // The session is over: write what is already queued, then stop.
            while let Ok(frame) = queued.try_recv() {
                ready.push(frame);
            }
        }
        for chunk in ready.iter().filter(|c| !c.is_empty()) {
            if output.write_all(chunk).await.is_err() {
                return;
            }
        }
        if output.flush().await.is_err() {
            return;
        }
        if !server_open {
            break;
        }
    }
}

/// Cuts tower-lsp-server's byte stream into whole frames.
#[derive(Default)]
struct Splitter {
    pending: Vec<u8>,
}

impl Splitter {
    /// Appends `bytes`; moves every complete frame to `out`.
    fn push(&mut self, bytes: &[u8], out: &mut Vec<Vec<u8>>) {
        self.pending.extend_from_slice(bytes);
        let mut start = 0;
        while let Some(len) = frame_len(&self.pending[start..]) {
            out.push(self.pending[start..start + len].to_vec());
            start += len;
        }
        self.pending.drain(..start);
    }
}

/// The length of the complete frame at the start of `bytes`, headers
/// included, once all of it is there. A header block without a
/// `Content-Length` (never written by tower-lsp-server) counts as a frame
/// of its own, so the stream cannot stall on it.
fn frame_len(bytes: &[u8]) -> Option<usize> {
    let end = bytes.windows(4).position(|w| w == b"\r\n\r\n")? + 4;
    let headers = std::str::from_utf8(&bytes[..end]).ok();
    let body = headers.and_then(|h| {
        h.lines().find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.trim()
                .eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse::<usize>().ok())
                .flatten()
        })
    });
    match body {
        Some(n) if bytes.len() >= end + n => Some(end + n),
        Some(_) => None,
        None => Some(end),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_are_cut_at_their_content_length_however_the_bytes_arrive() {
        let a = frame(br#"{"id":1}"#);
        let b = frame("{\"m\":\"报告\"}".as_bytes());
        let stream: Vec<u8> = [a.clone(), b.clone()].concat();
        for cut in 0..stream.len() {
            let mut s = Splitter::default();
            let mut out = Vec::new();
            s.push(&stream[..cut], &mut out);
            s.push(&stream[cut..], &mut out);
            assert_eq!(out, [a.clone(), b.clone()], "cut at {cut}");
            assert!(s.pending.is_empty());
        }
    }

    #[tokio::test]
    async fn outbox_frames_never_split_a_server_frame_and_all_are_written() {
        let (out_write, mut out_read) = tokio::io::duplex(1 << 20);
        let (mut server_side, outbox, writer) = spawn(out_write);
        let reader = tokio::spawn(async move {
            let mut all = Vec::new();
            out_read.read_to_end(&mut all).await.map(|_| all)
        });
        let server_frame = frame(&vec![b'x'; 100_000]);
        let writing = tokio::spawn({
            let f = server_frame.clone();
            async move {
                // In small pieces, as a codec may write.
                for piece in f.chunks(777) {
                    server_side.write_all(piece).await.unwrap();
                }
                server_side.shutdown().await.unwrap();
            }
        });
        for _ in 0..50 {
            assert!(
                outbox.notify::<tower_lsp_server::ls_types::notification::LogMessage>(
                    &tower_lsp_server::ls_types::LogMessageParams {
                        typ: tower_lsp_server::ls_types::MessageType::INFO,
                        message: "消息".into(),
                    }
                )
            );
        }
        writing.await.unwrap();
        writer.finish().await;
        drop(outbox);
        let all = reader.await.unwrap().unwrap();
        let mut frames = Vec::new();
        let mut s = Splitter::default();
        s.push(&all, &mut frames);
        assert!(s.pending.is_empty());
        assert_eq!(frames.len(), 51);
        assert_eq!(frames.iter().filter(|f| **f == server_frame).count(), 1);
        for f in frames.iter().filter(|f| **f != server_frame) {
            let body = &f[f.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4..];
            let v: serde_json::Value = serde_json::from_slice(body).unwrap();
            assert_eq!(v["method"], "window/logMessage");
            assert_eq!(v["params"]["message"], "消息");
        }
    }
}
