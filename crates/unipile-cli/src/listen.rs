//! `unipile webhooks listen`: an HTTP receiver for Unipile's webhook calls on 127.0.0.1,
//! served by `unipile_sync`'s listener.
//!
//! With `--db`, each call goes through `unipile_sync`'s intake: 401 without the shared
//! secret, and 200 only once the event is committed to the database (a message event
//! applied to its row, an account status recorded in the account's health, a body that
//! does not parse kept as a dead letter); 503 when the database fails, which Unipile
//! retries. Each event is printed after it is stored.
//!
//! Without `--db`, the events are only printed: 401 without the secret, 400 for a body
//! [`webhook::parse`] refuses (with a line on stderr), otherwise 200 and the event is
//! queued for printing; a full queue answers 503.
//!
//! Both answer 405 for a method other than POST and 413 for a body over 1 MiB.

use crate::cli::ListenArgs;
use crate::failure::Failure;
use crate::output::{Printer, time, truncate};
use async_trait::async_trait;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::sync::mpsc;
use unipile_core::webhook::{self, WebhookEvent, WebhookSecret};
use unipile_sync::EventOutcome;
use unipile_sync::intake::{
    CallHead, Listener, ListenerHandle, Receipt, Reply, WebhookHandler, WebhookIntake,
};

/// Events parsed but not yet printed; past that, calls get a 503.
const QUEUE: usize = 1024;

/// A running receiver that prints: its address and the events it accepted.
#[derive(Debug)]
pub struct Receiver {
    /// Where it listens.
    pub addr: SocketAddr,
    /// The events of accepted calls, in arrival order.
    pub events: mpsc::Receiver<WebhookEvent>,
    /// Stops it when dropped.
    _listener: ListenerHandle,
}

/// Checks the secret, parses, and queues the event for printing: nothing is stored.
struct PrintQueue {
    secret: WebhookSecret,
    queue: mpsc::Sender<WebhookEvent>,
}

#[async_trait]
impl WebhookHandler for PrintQueue {
    fn admit(&self, head: &CallHead<'_>) -> Result<(), Reply> {
        self.secret.verify_pairs(head.headers()).map_err(|refused| {
            eprintln!("webhook from {} refused (401): {refused}", head.peer());
            Reply::new(401, "unauthorized\n")
        })
    }

    async fn handle(&self, head: &CallHead<'_>, body: &[u8]) -> Reply {
        let event = match webhook::parse(body) {
            Ok(event) => event,
            Err(error) => {
                eprintln!(
                    "webhook from {} refused (400): malformed body ({} bytes): {error}",
                    head.peer(),
                    body.len()
                );
                return Reply::new(400, "malformed webhook body\n");
            }
        };
        match self.queue.try_send(event) {
            Ok(()) => Reply::new(200, "ok\n"),
            Err(_) => {
                eprintln!(
                    "webhook from {} deferred (503): the event queue is full",
                    head.peer()
                );
                Reply::new(503, "busy, retry later\n")
            }
        }
    }
}

/// Binds 127.0.0.1:`port` and starts answering webhook calls checked against `secret`,
/// queueing the events to print.
pub async fn start(port: u16, secret: WebhookSecret) -> Result<Receiver, Failure> {
    let (queue, events) = mpsc::channel(QUEUE);
    let handler = Arc::new(PrintQueue { secret, queue });
    let listener = bind(port, handler).await?;
    Ok(Receiver {
        addr: listener.addr(),
        events,
        _listener: listener,
    })
}

async fn bind<H: WebhookHandler>(port: u16, handler: Arc<H>) -> Result<ListenerHandle, Failure> {
    Listener::bind(([127, 0, 0, 1], port).into(), handler)
        .await
        .map_err(|e| Failure::local(format!("cannot listen on 127.0.0.1:{port}"), e))
}

/// Runs `unipile webhooks listen` until Ctrl-C.
pub async fn run(args: ListenArgs, out: &Printer) -> Result<(), Failure> {
    let secret = WebhookSecret::new(args.header.as_str(), args.secret.as_str())
        .map_err(|e| Failure::Usage(format!("{e} (--header, --secret)")))?;
    match args.db.as_deref() {
        Some(url) => store_until_stopped(url, args.port, &args.header, secret, out).await,
        None => print_until_stopped(args.port, &args.header, secret, out).await,
    }
}

fn announce(addr: SocketAddr, header: &str, what: &str) {
    eprintln!(
        "listening on http://{addr}/ for Unipile webhooks (secret checked in the {header} \
         header; {what}); Ctrl-C to stop"
    );
}

async fn print_until_stopped(
    port: u16,
    header: &str,
    secret: WebhookSecret,
    out: &Printer,
) -> Result<(), Failure> {
    let mut receiver = start(port, secret).await?;
    announce(receiver.addr, header, "events printed, not stored");
    loop {
        tokio::select! {
            event = receiver.events.recv() => match event {
                Some(event) => print_event(&event, out, None)?,
                None => return Ok(()),
            },
            _ = tokio::signal::ctrl_c() => {
                eprintln!("stopped");
                return Ok(());
            }
        }
    }
}

async fn store_until_stopped(
    url: &str,
    port: u16,
    header: &str,
    secret: WebhookSecret,
    out: &Printer,
) -> Result<(), Failure> {
    let store = unipile_sync::open(url)
        .await
        .map_err(|e| Failure::local("cannot open the database", e))?;
    let json = out.is_json();
    let intake = WebhookIntake::new(store.into(), secret).on_receipt(move |receipt| {
        // A closed stdout ends the process (see `Printer`); other errors only lose a
        // line of output, never the event, which is stored.
        let _ = print_receipt(receipt, &Printer::new(json));
    });
    let listener = bind(port, Arc::new(intake)).await?;
    announce(
        listener.addr(),
        header,
        "each event answered once stored in the database",
    );
    let _ = tokio::signal::ctrl_c().await;
    eprintln!("stopping: finishing the calls in progress");
    listener.shutdown().await;
    eprintln!("stopped");
    Ok(())
}

/// Prints what the intake did with a call: stored events on stdout, the rest on stderr.
fn print_receipt(receipt: &Receipt, out: &Printer) -> Result<(), Failure> {
    match receipt {
        Receipt::Stored { event, outcome } => print_event(event, out, Some(*outcome)),
        Receipt::AccountStatus { event, health } => {
            let event = WebhookEvent::AccountStatus(event.clone());
            if out.is_json() {
                return out.json_line(&event);
            }
            let mut line = describe(&event);
            if let Some(since) = &health.needs_backfill_since {
                line.push_str(&format!("  [back: sync backfills from {}]", time(since)));
            }
            out.line(&line)
        }
        Receipt::DeadLettered { id, reason } => {
            eprintln!("webhook kept as dead letter {id} (200): {reason}");
            Ok(())
        }
        Receipt::Refused(refused) => {
            eprintln!("webhook refused (401): {refused}");
            Ok(())
        }
        Receipt::StoreFailed(error) => {
            eprintln!("webhook deferred (503, Unipile retries): {error}");
            Ok(())
        }
        _ => Ok(()),
    }
}

/// Prints an event, with what storing it did when it was stored.
pub fn print_event(
    event: &WebhookEvent,
    out: &Printer,
    stored: Option<EventOutcome>,
) -> Result<(), Failure> {
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
