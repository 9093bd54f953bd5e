//! Sends resolved, not guessed: what to do when a send's outcome is unknown.
//!
//! Unipile has **no idempotency key**: a `POST /chats/{chat_id}/messages` sent twice is two
//! messages. So the client never repeats a send that may have reached Unipile (a timeout
//! after the request was written, a connection dropped before the answer, a 5xx, an
//! answer it could not read; see [`Error::send_outcome_unknown`]). Instead, the caller
//! resolves the attempt: [`Messages::resolve_send`] looks for the message among the
//! chat's newest messages and answers [`SendResolution::Delivered`] with its id, or
//! [`SendResolution::NotDelivered`] with a proof. Only that proof lets the same message be
//! sent again, through [`Messages::resend`]: never silently.
//!
//! ```
//! # async fn demo(client: &unipile_core::client::Client) -> Result<(), unipile_core::error::Error> {
//! use unipile_core::client::SendResolution;
//! use unipile_core::request::SendMessage;
//!
//! let request = SendMessage::new("chat_1").text("See you at 10");
//! let attempt = client.messages().attempt(&request);
//! match client.messages().send(request.clone()).await {
//!     Ok(sent) => println!("sent {:?}", sent.message_id),
//!     Err(e) if e.send_outcome_unknown() => match client.messages().resolve_send(&attempt).await? {
//!         SendResolution::Delivered(id) => println!("it went out after all: {id}"),
//!         SendResolution::NotDelivered(proof) => {
//!             client.messages().resend(proof, request).await?;
//!         }
//!     },
//!     Err(e) => return Err(e),
//! }
//! # Ok(()) }
//! ```
//!
//! # How a message is recognised
//!
//! Among the chat's messages stamped from [`SendAttempt::started_at`] minus
//! [`CLOCK_SKEW`] to [`SendAttempt::started_at`] plus the window ([`MATCH_WINDOW`] unless
//! set), the oldest one that the account sent itself (`is_sender`), with the same text and
//! as many attachments, each file's name among the attempt's file names. Resolve after the
//! send had time to land (a few seconds after the error): a message Unipile stores later
//! than the resolution is not seen by it.

use std::fmt;
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};

use super::Messages;
use super::retry::Clock as _;
use crate::error::{Error, ErrorKind, InvalidRequest};
use crate::model::attachment::Attachment;
use crate::model::id::{ChatId, MessageId};
use crate::model::message::Message;
use crate::model::responses::MessageSent;
use crate::request::{ListChatMessages, Paged, SendMessage, Windowed};
use crate::transport::TransportErrorKind;

/// How long after an attempt started its message may be stamped, by default.
pub const MATCH_WINDOW: Duration = Duration::from_secs(120);

/// How far before an attempt started its message may be stamped (the two clocks differ).
pub const CLOCK_SKEW: Duration = Duration::from_secs(5);

/// How many of the chat's newest messages a resolution reads at most.
pub const MAX_SCANNED: usize = 500;

/// A send, as recorded when it started: enough to recognise its message later.
#[derive(Clone, PartialEq, Eq)]
pub struct SendAttempt {
    chat_id: ChatId,
    text: Option<String>,
    file_names: Vec<String>,
    started_at: DateTime<Utc>,
    window: Duration,
}

impl SendAttempt {
    /// The attempt to send `request`, started at `started_at` (before the request was
    /// sent). [`Messages::attempt`] takes the time from the client's clock.
    pub fn new(request: &SendMessage, started_at: DateTime<Utc>) -> Self {
        Self {
            chat_id: request.chat_id().clone(),
            text: request.message_text().map(str::to_owned),
            file_names: request
                .file_names()
                .into_iter()
                .map(str::to_owned)
                .collect(),
            started_at,
            window: MATCH_WINDOW,
        }
    }

    /// How long after the start the message may be stamped ([`MATCH_WINDOW`] unless set).
    #[must_use]
    pub fn window(mut self, window: Duration) -> Self {
        self.window = window;
        self
    }

    /// The chat the message went to.
    pub fn chat_id(&self) -> &ChatId {
        &self.chat_id
    }

    /// When the attempt started.
    pub fn started_at(&self) -> DateTime<Utc> {
        self.started_at
    }

    /// The earliest and latest timestamps its message may have.
    pub fn time_range(&self) -> (DateTime<Utc>, DateTime<Utc>) {
        let delta = |d: Duration| TimeDelta::from_std(d).unwrap_or(TimeDelta::MAX);
        (
            self.started_at - delta(CLOCK_SKEW),
            self.started_at + delta(self.window),
        )
    }

    /// Whether `message` is this attempt's message (see the [module](self) docs).
    pub fn matches(&self, message: &Message) -> bool {
        let (from, to) = self.time_range();
        let text = |t: Option<&str>| t.filter(|t| !t.is_empty()).map(str::to_owned);
        message.is_sender
            && message.chat_id == self.chat_id
            && (from..=to).contains(&message.timestamp)
            && text(message.text.as_deref()) == text(self.text.as_deref())
            && message.attachments.len() == self.file_names.len()
            && message.attachments.iter().all(|a| match a {
                Attachment::File(f) => self.file_names.contains(&f.file_name),
                _ => true,
            })
    }

    /// The oldest message of `messages` (any order) that is this attempt's.
    pub fn find<'m>(&self, messages: impl IntoIterator<Item = &'m Message>) -> Option<&'m Message> {
        messages
            .into_iter()
            .filter(|m| self.matches(m))
            .min_by_key(|m| m.timestamp)
    }

    /// Whether `request` sends the same message as this attempt (same chat, text and file
    /// names).
    fn is_for(&self, request: &SendMessage) -> bool {
        let again = SendAttempt::new(request, self.started_at);
        again.chat_id == self.chat_id
            && again.text == self.text
            && again.file_names == self.file_names
    }
}

impl fmt::Debug for SendAttempt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A message's text is the user's: its length only.
        f.debug_struct("SendAttempt")
            .field("chat_id", &self.chat_id)
            .field("text_len", &self.text.as_ref().map(|t| t.chars().count()))
            .field("files", &self.file_names.len())
            .field("started_at", &self.started_at)
            .field("window", &self.window)
            .finish()
    }
}

/// What [`Messages::resolve_send`] found.
#[derive(Debug)]
#[must_use]
pub enum SendResolution {
    /// The message is in the chat: the send went through.
    Delivered(MessageId),
    /// The message is not in the chat: the proof that lets [`Messages::resend`] send it
    /// again.
    NotDelivered(NotDelivered),
}

/// The proof that an attempt's message is not in its chat. Only
/// [`Messages::resolve_send`] makes one; [`Messages::resend`] uses it up.
///
/// It cannot be made any other way, so no code can resend without having looked:
///
/// ```compile_fail
/// # fn f(attempt: unipile_core::client::SendAttempt) {
/// let forged = unipile_core::client::NotDelivered { attempt, checked_at: chrono::Utc::now() };
/// # }
/// ```
#[derive(Debug)]
pub struct NotDelivered {
    attempt: SendAttempt,
    checked_at: DateTime<Utc>,
}

impl NotDelivered {
    /// The attempt found not delivered.
    pub fn attempt(&self) -> &SendAttempt {
        &self.attempt
    }

    /// When the chat was read.
    pub fn checked_at(&self) -> DateTime<Utc> {
        self.checked_at
    }
}

impl Error {
    /// Whether a send that failed this way may nevertheless have been delivered: the
    /// request may have reached Unipile (a timeout, a connection that dropped, a 5xx, a
    /// success answer that could not be read). Resolve such a send with
    /// [`Messages::resolve_send`]; never send it again blindly. A connection that could
    /// not be made, a request refused before sending, a 429 or another 4xx: not delivered.
    pub fn send_outcome_unknown(&self) -> bool {
        match self.kind() {
            ErrorKind::Transport(e) => e.kind() != TransportErrorKind::Connect,
            ErrorKind::Api { status, .. } => *status >= 500,
            ErrorKind::Decode { status, .. } => (200..300).contains(status),
            ErrorKind::RateLimited { .. } | ErrorKind::InvalidRequest(_) => false,
        }
    }
}

impl<'a> Messages<'a> {
    /// Records a send about to start, stamped with the client's clock: call it before
    /// [`Messages::send`], and keep it to resolve the send if its outcome is unknown.
    pub fn attempt(&self, request: &SendMessage) -> SendAttempt {
        SendAttempt::new(request, self.client().inner.clock.now())
    }

    /// Resolves a send whose outcome is unknown: reads the chat's messages stamped since
    /// the attempt started (newest first, at most [`MAX_SCANNED`]) and answers whether
    /// its message is there. See the [module](self) docs.
    pub async fn resolve_send(&self, attempt: &SendAttempt) -> Result<SendResolution, Error> {
        let client = self.client();
        let checked_at = client.inner.clock.now();
        let (from, _) = attempt.time_range();
        let mut request = ListChatMessages::new(attempt.chat_id.clone())
            .after(from - TimeDelta::milliseconds(1))
            .limit(100);
        let mut scanned = 0;
        loop {
            let page = client.call(&request).await?;
            scanned += page.items.len();
            if let Some(found) = attempt.find(&page.items) {
                return Ok(SendResolution::Delivered(found.id.clone()));
            }
            match page.cursor {
                Some(cursor) if scanned < MAX_SCANNED && !page.items.is_empty() => {
                    request = request.cursor(cursor);
                }
                _ => break,
            }
        }
        Ok(SendResolution::NotDelivered(NotDelivered {
            attempt: attempt.clone(),
            checked_at,
        }))
    }

    /// Sends again a message found not delivered: `proof` must come from
    /// [`Messages::resolve_send`] for the same message (same chat, text and file names)
    /// as `request`, or nothing is sent. The proof is used up.
    pub async fn resend(
        &self,
        proof: NotDelivered,
        request: SendMessage,
    ) -> Result<MessageSent, Error> {
        if !proof.attempt.is_for(&request) {
            return Err(Error::new(ErrorKind::InvalidRequest(InvalidRequest::new(
                "request",
                "is not the message the NotDelivered proof was found for (chat, text or file names differ)",
            ))));
        }
        self.send(request).await
    }
}
