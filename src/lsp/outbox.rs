//! The server's output: the session's answers and requests and the
//! pipeline's diagnostics, written frame by frame by one writer, never one
//! frame inside another.
//!
//! tower-lsp-server sends a notification by turning its parameters into a
//! `serde_json::Value` (a `BTreeMap` per object, a `String` per key) and
//! then serialising that. For `publishDiagnostics` of a report with
//! hundreds of findings, after every keystroke, that tree cost more than
//! the analysis itself. [`Outbox::notify`] serialises the typed parameters
//! straight into one frame instead.

use serde::Serialize;
use tokio::io::{AsyncWrite, AsyncWriteExt};
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
/// before it has been written.
pub struct Writer {
    end: Sink,
    task: Option<tokio::task::JoinHandle<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Writer {
    pub async fn finish(self) {
        // Every frame queued before the mark is written before it.
        self.end.send(END);
        if let Some(task) = self.task {
            if let Err(e) = task.await {
                tracing::warn!("output writer ended abnormally: {e}");
            }
        }
        if let Some(thread) = self.thread {
            if tokio::task::spawn_blocking(move || thread.join().is_err())
                .await
                .unwrap_or(true)
            {
                tracing::warn!("output thread ended abnormally");
            }
        }
    }
}

/// The writer's mark that the session is over (a frame is never empty).
const END: Vec<u8> = Vec::new();

/// [`spawn`] for the process's stdout, written by a thread of its own
/// (stdout neither a pipe nor a socket, see `stdio.rs`): a frame is written
/// as soon as it is queued, where tokio's stdout would go through a
/// blocking-pool thread for every write.
pub fn spawn_stdout() -> (Outbox, Writer) {
    use std::io::Write;
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
    let sink = Sink::Thread(frames);
    (
        Outbox {
            frames: sink.clone(),
        },
        Writer {
            end: sink,
            task: None,
            thread,
        },
    )
}

/// Starts the writer task on `output`: the outbox to queue frames in, and
/// the task's handle. The task ends at [`Writer::finish`], once every
/// frame queued before it is written (or the output fails).
pub fn spawn<O>(output: O) -> (Outbox, Writer)
where
    O: AsyncWrite + Send + 'static,
{
    let (frames, queued) = mpsc::unbounded_channel();
    let task = tokio::spawn(write_frames(queued, output));
    let sink = Sink::Task(frames);
    (
        Outbox {
            frames: sink.clone(),
        },
        Writer {
            end: sink,
            task: Some(task),
            thread: None,
        },
    )
}

async fn write_frames<O: AsyncWrite>(mut queued: mpsc::UnboundedReceiver<Vec<u8>>, output: O) {
    tokio::pin!(output);
    while let Some(frame) = queued.recv().await {
        let mut last = frame.is_empty();
        if !last && output.write_all(&frame).await.is_err() {
            return;
        }
        // Whatever else is queued goes out before the one flush.
        while !last {
            match queued.try_recv() {
                Ok(f) if f.is_empty() => last = true,
                Ok(f) => {
                    if output.write_all(&f).await.is_err() {
                        return;
                    }
                }
                Err(_) => break,
            }
        }
        if output.flush().await.is_err() || last {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use tokio::io::AsyncReadExt;

    use super::*;

    #[tokio::test]
    async fn every_frame_queued_before_finish_is_written_whole_and_in_order() {
        let (out_write, mut out_read) = tokio::io::duplex(1024);
        let (outbox, writer) = spawn(out_write);
        let reader = tokio::spawn(async move {
            let mut all = Vec::new();
            out_read.read_to_end(&mut all).await.map(|_| all)
        });
        let big = frame(&vec![b'x'; 100_000]);
        assert!(outbox.send_frame(big.clone()));
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
        writer.finish().await;
        // The writer is done: nothing more is queued.
        assert!(!outbox.send_frame(frame(b"{}")));
        drop(outbox);
        let all = reader.await.unwrap().unwrap();
        assert!(all.starts_with(&big));
        let mut rest = &all[big.len()..];
        let mut n = 0;
        while !rest.is_empty() {
            let end = rest.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
            let len: usize = std::str::from_utf8(&rest[..end])
                .unwrap()
                .trim()
                .strip_prefix("Content-Length: ")
                .unwrap()
                .parse()
                .unwrap();
            let v: serde_json::Value = serde_json::from_slice(&rest[end..end + len]).unwrap();
            assert_eq!(v["method"], "window/logMessage");
            assert_eq!(v["params"]["message"], "消息");
            rest = &rest[end + len..];
            n += 1;
        }
        assert_eq!(n, 50);
    }
}
