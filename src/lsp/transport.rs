//! The session's loop, in place of tower-lsp-server's `Server::serve`.
//!
//! Messages are read from the client's stream and each is parsed once
//! (`framing::Frames`). Requests and notifications go to tower-lsp-server's
//! service, whose router, state and handlers are kept; their answers, and
//! what the server sends the client on its own (its requests, its
//! notifications through `Client`), are written through the outbox, frame
//! by frame, beside the pipeline's publications. The client's answers to
//! the server's requests go back to the service's client socket.
//!
//! `Server::serve` framed the input through a `FramedRead` that kept its
//! largest buffer for the session (16.8 MB after opening a 10 MB report)
//! and, behind our screening of malformed frames, parsed every message
//! twice; it also passed every frame through an in-memory pipe to the
//! writer.

use std::sync::Arc;

use futures::stream::{FuturesUnordered, StreamExt};
use futures::SinkExt;
use serde::Serialize;
use tokio::io::AsyncRead;
use tokio::sync::Notify;
use tower_lsp_server::jsonrpc::{Request, Response};
use tower_lsp_server::{ClientSocket, ExitedError};
use tower_service::Service;

use super::framing::{Frames, Incoming};
use super::outbox::{self, Outbox};

/// Serves the messages of `input` until `exit`, or the end of the input
/// (which `stopping` is told of), and every handler started has answered.
pub async fn serve<I, S>(
    input: I,
    mut service: S,
    socket: ClientSocket,
    outbox: Outbox,
    stopping: Arc<Notify>,
) where
    I: AsyncRead + Unpin,
    S: Service<Request, Response = Option<Response>, Error = ExitedError>,
{
    let (mut to_client, mut answers) = socket.split();
    let mut frames = Frames::new(input);
    let mut running = FuturesUnordered::new();
    let mut reading = true;
    loop {
        tokio::select! {
            // Handlers first: a message's handler has started (a change is
            // applied to the document) before the next message is read.
            biased;
            Some(done) = running.next(), if !running.is_empty() => match done {
                Ok(Some(response)) => send(&outbox, &response),
                Ok(None) => {}
                Err(e) => tracing::debug!("no answer: {e}"),
            },
            Some(request) = to_client.next() => send(&outbox, &request),
            message = frames.next(), if reading => match message {
                None => {
                    reading = false;
                    stopping.notify_one();
                }
                Some(Incoming::Request(request)) => {
                    if futures::future::poll_fn(|cx| service.poll_ready(cx)).await.is_err() {
                        // The session has ended (`exit`).
                        reading = false;
                        continue;
                    }
                    let exit = request.method() == "exit";
                    running.push(service.call(request));
                    if exit {
                        reading = false;
                    }
                }
                Some(Incoming::Response(answer)) => {
                    if answers.send(answer).await.is_err() {
                        tracing::warn!("an answer of the client came after the session ended");
                    }
                }
                Some(Incoming::Malformed(head)) => {
                    tracing::warn!("ignoring a malformed message: {head}");
                }
            },
            else => break,
        }
        if !reading && running.is_empty() {
            break;
        }
    }
}

/// Writes `message` to the client.
fn send(outbox: &Outbox, message: &impl Serialize) {
    match serde_json::to_vec(message) {
        Ok(body) => {
            outbox.send_frame(outbox::frame(&body));
        }
        Err(e) => tracing::error!("cannot serialise a message: {e}"),
    }
}
