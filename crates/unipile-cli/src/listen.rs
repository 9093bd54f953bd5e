//! `unipile webhooks listen`: an HTTP receiver for Unipile's webhook calls on 127.0.0.1.
//!
//! Each call is checked and answered at once: 401 without the shared secret (compared in
//! constant time by core's [`WebhookSecret`]), 413 for a body over 1 MiB, 400 for a body
//! [`webhook::parse`] refuses (with a line on stderr), 405 for a method other than POST,
//! otherwise 200, and the parsed event is queued for printing or storing. Unipile retries
//! a call that does not get a 200 within 30 seconds, so the answer never waits for the
//! database; a full queue answers 503, which Unipile retries.

use crate::cli::ListenArgs;
use crate::failure::Failure;
use crate::output::{Printer, time, truncate};
use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, mpsc};
use tokio::task::JoinHandle;
use unipile_core::webhook::{self, WebhookEvent, WebhookSecret};
use unipile_sync::{EventOutcome, Store};

/// The largest body read; Unipile's webhook payloads are a few kilobytes.
pub const MAX_BODY_BYTES: usize = 1 << 20;

/// Events parsed but not yet printed or stored; past that, calls get a 503.
const QUEUE: usize = 1024;

/// Connections served at once; more wait to be accepted.
const MAX_CONNECTIONS: usize = 128;

/// How long the listener waits after a failed accept (out of file descriptors, say).
const ACCEPT_BACKOFF: std::time::Duration = std::time::Duration::from_millis(50);

/// A running receiver: its address and the events it accepted.
#[derive(Debug)]
pub struct Receiver {
    /// Where it listens.
    pub addr: SocketAddr,
    /// The events of accepted calls, in arrival order.
    pub events: mpsc::Receiver<WebhookEvent>,
    task: JoinHandle<()>,
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Binds 127.0.0.1:`port` and starts answering webhook calls checked against `secret`.
pub async fn start(port: u16, secret: WebhookSecret) -> Result<Receiver, Failure> {
    let listener = TcpListener::bind(("127.0.0.1", port))
        .await
        .map_err(|e| Failure::local(format!("cannot listen on 127.0.0.1:{port}"), e))?;
    let addr = listener
        .local_addr()
        .map_err(|e| Failure::local("cannot read the listening address", e))?;
    let (queue, events) = mpsc::channel(QUEUE);
    let task = tokio::spawn(accept_loop(listener, Arc::new(secret), queue));
    Ok(Receiver { addr, events, task })
}

async fn accept_loop(
    listener: TcpListener,
    secret: Arc<WebhookSecret>,
    queue: mpsc::Sender<WebhookEvent>,
) {
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    loop {
        let Ok(permit) = Arc::clone(&slots).acquire_owned().await else {
            return;
        };
        let (stream, peer) = match listener.accept().await {
            Ok(accepted) => accepted,
            Err(error) => {
                // Out of file descriptors, say: back off instead of spinning.
                eprintln!("webhook listener: accept failed: {error}");
                tokio::time::sleep(ACCEPT_BACKOFF).await;
                continue;
            }
        };
        let secret = Arc::clone(&secret);
        let queue = queue.clone();
        tokio::spawn(async move {
            let service = service_fn(move |request| {
                answer(request, peer, Arc::clone(&secret), queue.clone())
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(Duration::from_secs(10))
                .serve_connection(TokioIo::new(stream), service)
                .await;
            drop(permit);
        });
    }
}

async fn answer(
    request: Request<Incoming>,
    peer: SocketAddr,
    secret: Arc<WebhookSecret>,
    queue: mpsc::Sender<WebhookEvent>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    if request.method() != Method::POST {
        let mut response = reply(StatusCode::METHOD_NOT_ALLOWED, "POST only\n");
        response.headers_mut().insert(
            hyper::header::ALLOW,
            hyper::header::HeaderValue::from_static("POST"),
        );
        return Ok(response);
    }
    if let Err(refused) = secret.verify_pairs(request.headers()) {
        eprintln!("webhook from {peer} refused (401): {refused}");
        return Ok(reply(StatusCode::UNAUTHORIZED, "unauthorized\n"));
    }
    let body = match Limited::new(request.into_body(), MAX_BODY_BYTES)
        .collect()
        .await
    {
        Ok(body) => body.to_bytes(),
        Err(error) => {
            if error.is::<http_body_util::LengthLimitError>() {
                eprintln!("webhook from {peer} refused (413): body over {MAX_BODY_BYTES} bytes");
                return Ok(reply(StatusCode::PAYLOAD_TOO_LARGE, "body too large\n"));
            }
            eprintln!("webhook from {peer} refused (400): cannot read the body: {error}");
            return Ok(reply(StatusCode::BAD_REQUEST, "unreadable body\n"));
        }
    };
    let event = match webhook::parse(&body) {
        Ok(event) => event,
        Err(error) => {
            eprintln!(
                "webhook from {peer} refused (400): malformed body ({} bytes): {error}",
                body.len()
            );
            return Ok(reply(StatusCode::BAD_REQUEST, "malformed webhook body\n"));
        }
    };
    match queue.try_send(event) {
        Ok(()) => Ok(reply(StatusCode::OK, "ok\n")),
        Err(_) => {
            eprintln!("webhook from {peer} deferred (503): the event queue is full");
            Ok(reply(
                StatusCode::SERVICE_UNAVAILABLE,
                "busy, retry later\n",
            ))
        }
    }
}

fn reply(status: StatusCode, text: &'static str) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from_static(text.as_bytes())));
    *response.status_mut() = status;
    response
}

/// Runs `unipile webhooks listen` until Ctrl-C.
pub async fn run(args: ListenArgs, out: &Printer) -> Result<(), Failure> {
    let secret = WebhookSecret::new(args.header.as_str(), args.secret.as_str())
        .map_err(|e| Failure::Usage(format!("{e} (--header, --secret)")))?;
    let store = match &args.db {
        Some(db) => Some(
            unipile_sync::open(&db.to_string_lossy())
                .await
                .map_err(crate::sync::store_failure)?,
        ),
        None => None,
    };
    let mut receiver = start(args.port, secret).await?;
    eprintln!(
        "listening on http://{}/ for Unipile webhooks (secret checked in the {} header); \
         Ctrl-C to stop",
        receiver.addr, args.header
    );
    loop {
        tokio::select! {
            event = receiver.events.recv() => match event {
                Some(event) => handle(&event, out, store.as_deref()).await?,
                None => return Ok(()),
            },
            _ = tokio::signal::ctrl_c() => {
                eprintln!("stopped");
                return Ok(());
            }
        }
    }
}

/// Prints an accepted event, and stores it when a database is open. A database error is
/// logged, not fatal: the listener keeps answering.
pub async fn handle(
    event: &WebhookEvent,
    out: &Printer,
    store: Option<&dyn Store>,
) -> Result<(), Failure> {
    let stored = match (store, event.message_event()) {
        (Some(store), Some(message)) => match store.apply_message_event(message).await {
            Ok(stored) => Some(stored),
            Err(failure) => {
                eprintln!(
                    "could not store message {}: {failure}",
                    message.message_id.as_str()
                );
                None
            }
        },
        _ => None,
    };
    if out.is_json() {
        return out.json_line(event);
    }
    let mut line = describe(event);
    match stored {
        Some(EventOutcome::Inserted) => line.push_str("  [stored]"),
        Some(EventOutcome::Updated) => line.push_str("  [updated]"),
        Some(EventOutcome::Unchanged) => line.push_str("  [already stored]"),
        Some(_) | None => {}
    }
    out.line(&line)
}

/// One line for a person: `2025-06-02 09:30:00 message_received chat=… message=… Kim: Hello`.
pub fn describe(event: &WebhookEvent) -> String {
    if let Some(m) = event.message_event() {
        let sender = m.sender.as_ref().map_or_else(
            || "?".to_owned(),
            |s| {
                s.attendee_name
                    .as_deref()
                    .map(str::trim)
                    .filter(|n| !n.is_empty())
                    .unwrap_or(s.attendee_provider_id.as_str())
                    .to_owned()
            },
        );
        let mut line = format!(
            "{} {} chat={} message={} {sender}",
            time(&m.timestamp),
            event.event_name(),
            m.chat_id.as_str(),
            m.message_id.as_str(),
        );
        if let Some(reaction) = &m.reaction {
            line.push_str(&format!(" reacted {reaction}"));
        }
        if let Some(text) = m.text.as_deref().filter(|t| !t.is_empty()) {
            line.push_str(": ");
            line.push_str(&truncate(&text.replace(['\n', '\r'], " "), 100));
        }
        if !m.attachments.is_empty() {
            line.push_str(&format!(" (+{} attachment(s))", m.attachments.len()));
        }
        return line;
    }
    match event {
        WebhookEvent::AccountStatus(status) => format!(
            "AccountStatus account={} ({}): {}",
            status.account_id.as_str(),
            status.account_type.as_str(),
            status.message.as_str()
        ),
        other => format!(
            "{} (an event this version does not know; --json shows it)",
            other.event_name()
        ),
    }
}
