//! Webhooks into the store: [`WebhookIntake`] checks a call's shared secret, parses it
//! and writes it durably *before* answering, and [`Listener`] serves it over HTTP.
//!
//! | the call | stored | answer |
//! |---|---|---|
//! | no header, or the wrong secret | nothing | 401 |
//! | a message event | [`Store::apply_message_event`] | 200 once committed |
//! | `AccountStatus` | [`Store::record_account_status`] (a comeback marks a backfill) | 200 once committed |
//! | the right secret, but a body that does not parse, or an event this version does not know | a [dead letter](crate::DeadLetter), byte for byte | 200 once committed |
//! | any of these when the store fails | whatever committed before the failure | 503: Unipile retries |
//!
//! A 200 is therefore a promise: the event is in the database. Unipile retries a call
//! that did not get one, up to five times; duplicates and late, older states are absorbed
//! by the store's merge rules, so a retry (on the same listener or another one sharing
//! the database) changes nothing. Nothing is kept in a process's memory: any number of
//! listeners, in any number of processes, may write the same database.
//!
//! A `message_received` event carries fewer fields than `GET /messages/{id}`: it is
//! stored as a partial message, which the sync engine completes on its next pass.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use std::sync::Arc;
//! use unipile_core::webhook::WebhookSecret;
//! use unipile_sync::intake::{Listener, WebhookIntake};
//!
//! let store = unipile_sync::open("messages.sqlite").await?;
//! let secret = WebhookSecret::new(WebhookSecret::DEFAULT_HEADER, "s3cr3t")?;
//! let intake = Arc::new(WebhookIntake::new(store.into(), secret));
//! let listener = Listener::bind(([127, 0, 0, 1], 8080).into(), intake).await?;
//! println!("listening on {}", listener.addr());
//! listener.shutdown().await;
//! # Ok(()) }
//! ```

mod listener;
mod replay;

pub use listener::{
    CallHead, DEFAULT_MAX_BODY_BYTES, Listener, ListenerHandle, ListenerSettings, Reply,
    WebhookHandler,
};
pub use replay::{ReplayOutcome, replay_dead_letter};

use crate::error::StoreError;
use crate::store::{AccountHealth, EventOutcome, Store};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use std::fmt;
use std::sync::Arc;
use unipile_core::webhook::{
    self, AccountStatusEvent, WebhookAuthError, WebhookEvent, WebhookSecret,
};

/// What the intake did with one call: what an application logs or prints.
#[derive(Debug)]
#[non_exhaustive]
pub enum Receipt {
    /// The shared secret was missing or wrong: nothing stored, 401.
    Refused(WebhookAuthError),
    /// A message event, applied to its message's row: 200.
    Stored {
        /// The event.
        event: Box<WebhookEvent>,
        /// What it did to the row (a duplicate is [`EventOutcome::Unchanged`]).
        outcome: EventOutcome,
    },
    /// An account status event, recorded in the account's health: 200.
    AccountStatus {
        /// The event.
        event: AccountStatusEvent,
        /// The account's health as it now stands (`needs_backfill_since` is set when
        /// the account came back after an outage).
        health: AccountHealth,
    },
    /// A body kept as a dead letter: it did not parse, or its event is unknown to this
    /// version. 200.
    DeadLettered {
        /// The dead letter's id.
        id: i64,
        /// Why it was kept.
        reason: String,
    },
    /// The store failed: 503, and Unipile retries the call.
    StoreFailed(StoreError),
}

impl Receipt {
    /// The HTTP status this receipt is answered with.
    pub fn status(&self) -> u16 {
        match self {
            Receipt::Refused(_) => 401,
            Receipt::StoreFailed(_) => 503,
            _ => 200,
        }
    }

    /// The short text of the answer.
    pub fn reply(&self) -> Reply {
        let text = match self {
            Receipt::Refused(_) => "unauthorized\n",
            Receipt::StoreFailed(_) => "store unavailable, retry later\n",
            Receipt::DeadLettered { .. } => "kept as a dead letter\n",
            _ => "ok\n",
        };
        Reply::new(self.status(), text)
    }
}

type Observer = dyn Fn(&Receipt) + Send + Sync;

/// Checks, parses and durably stores Unipile's webhook calls (see the [module](self)).
pub struct WebhookIntake {
    store: Arc<dyn Store>,
    secret: WebhookSecret,
    observer: Option<Box<Observer>>,
}

impl fmt::Debug for WebhookIntake {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookIntake")
            .field("store", &self.store)
            .field("secret", &self.secret)
            .field("observer", &self.observer.is_some())
            .finish()
    }
}

impl WebhookIntake {
    /// An intake writing into `store` the calls that carry `secret`.
    pub fn new(store: Arc<dyn Store>, secret: WebhookSecret) -> Self {
        Self {
            store,
            secret,
            observer: None,
        }
    }

    /// Calls `observer` with the receipt of every call, after its writes and before
    /// it is answered (keep it quick: print or log).
    pub fn on_receipt(mut self, observer: impl Fn(&Receipt) + Send + Sync + 'static) -> Self {
        self.observer = Some(Box::new(observer));
        self
    }

    /// The store it writes.
    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }

    /// Handles one call, from any HTTP framework: `headers` as `(name, value)` pairs
    /// (a hyper or axum `HeaderMap` iterates as such), the body as received. Answer
    /// the call with the receipt's [status](Receipt::status).
    pub async fn receive<I, N, V>(&self, headers: I, body: &[u8]) -> Receipt
    where
        I: IntoIterator<Item = (N, V)>,
        N: AsRef<str>,
        V: AsRef<[u8]>,
    {
        let receipt = match self.secret.verify_pairs(headers) {
            Ok(()) => self.store_body(body, Utc::now()).await,
            Err(refused) => Receipt::Refused(refused),
        };
        self.observe(&receipt);
        receipt
    }

    fn observe(&self, receipt: &Receipt) {
        if let Some(observer) = &self.observer {
            observer(receipt);
        }
    }

    /// Parses a body whose secret was checked and stores what it holds.
    async fn store_body(&self, body: &[u8], received_at: DateTime<Utc>) -> Receipt {
        match apply_body(self.store.as_ref(), body, received_at).await {
            Ok(Applied::Event(receipt)) => receipt,
            Ok(Applied::NotUnderstood(reason)) => {
                match self.store.add_dead_letter(body, &reason, received_at).await {
                    Ok(id) => Receipt::DeadLettered { id, reason },
                    Err(error) => Receipt::StoreFailed(error),
                }
            }
            Err(error) => Receipt::StoreFailed(error),
        }
    }
}

/// What a body did once parsed.
enum Applied {
    /// Stored: a message event or an account status.
    Event(Receipt),
    /// Not understood, for this reason: keep it as a dead letter.
    NotUnderstood(String),
}

/// Parses `body` and applies what it holds to `store`: the one path of a fresh call and
/// of a dead letter replayed.
async fn apply_body(
    store: &dyn Store,
    body: &[u8],
    received_at: DateTime<Utc>,
) -> Result<Applied, StoreError> {
    let event = match webhook::parse(body) {
        Ok(event) => event,
        Err(error) => {
            return Ok(Applied::NotUnderstood(format!(
                "the body does not parse: {error}"
            )));
        }
    };
    if let Some(message) = event.message_event() {
        let outcome = store.apply_message_event(message).await?;
        return Ok(Applied::Event(Receipt::Stored {
            event: Box::new(event),
            outcome,
        }));
    }
    match event {
        WebhookEvent::AccountStatus(status) => {
            // The event carries no time of its own: it counts from its arrival.
            let health = store
                .record_account_status(
                    &status.account_id,
                    status.message.as_str(),
                    status.message.is_running(),
                    received_at,
                )
                .await?;
            Ok(Applied::Event(Receipt::AccountStatus {
                event: status,
                health,
            }))
        }
        other => Ok(Applied::NotUnderstood(format!(
            "the event `{}` is unknown to this version: kept to replay with one that knows it",
            other.event_name()
        ))),
    }
}

#[async_trait]
impl WebhookHandler for WebhookIntake {
    fn admit(&self, head: &CallHead<'_>) -> Result<(), Reply> {
        self.secret.verify_pairs(head.headers()).map_err(|refused| {
            let receipt = Receipt::Refused(refused);
            self.observe(&receipt);
            receipt.reply()
        })
    }

    async fn handle(&self, _head: &CallHead<'_>, body: &[u8]) -> Reply {
        let receipt = self.store_body(body, Utc::now()).await;
        self.observe(&receipt);
        receipt.reply()
    }
}
