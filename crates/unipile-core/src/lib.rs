//! The pure core of the Unipile messaging API v1 SDK.
//!
//! This crate holds the model (every field of Unipile's message, chat, attendee, account
//! and webhook objects), the rules (event semantics, provider ids), the validated requests,
//! the retry and pagination logic and the [`Client`]. It does no I/O itself: a
//! [`transport::Transport`] does, so the same client runs over reqwest
//! (`unipile-http`) or over the stateful fake in `unipile-mock`.
//!
//! # Layout
//!
//! Each module is a room; a room imports only from the rooms listed before it here.
//!
//! - [`transport`]: the boundary: `HttpRequest`, `HttpResponse`, `Body`, `Headers`, the
//!   `Transport` trait. Imports nothing of the crate.
//! - [`model`]: what Unipile sends (messages, chats, attendees, accounts, webhook
//!   registrations, pages, ids, open enums), the serde leniency, timestamps, `decode`,
//!   and the JSON Schema helpers (feature `schema`).
//! - [`error`]: the API's error body, the error types and the crate's one [`Error`].
//! - [`provider`]: the providers' id rules and their registry.
//! - [`request`]: one validated value per call, rendered into an `HttpRequest`.
//! - [`sync`]: the pure part of periodic polling: window, dedupe, checkpoint.
//! - [`webhook`]: the calls Unipile makes to a webhook, and the shared-secret check.
//! - [`client`]: the [`Client`], its resource handles and streams, the paginator, the
//!   retry policy, and what it waits and reads the time with (sleeper, jitter, clock).
//!
//! The main types are re-exported here: `use unipile_core::{Client, Message};`.
#![forbid(unsafe_code)]

#[macro_use]
pub mod model;

pub mod client;
pub mod error;
pub mod provider;
pub mod request;
pub mod sync;
pub mod transport;
pub mod webhook;

pub use client::{ApiKey, Client};
pub use error::{Error, ErrorKind};
pub use model::{
    Account, AccountId, AccountType, Attachment, AttachmentId, AttachmentKind, AttendeeId, Chat,
    ChatAttendee, ChatDeleted, ChatId, ChatPatched, ChatStarted, ChatSynced, ChatType, Cursor,
    DecodeError, EventType, Message, MessageDeleted, MessageEdited, MessageForwarded, MessageId,
    MessageReactionAdded, MessageSent, Page, ProviderId, SeenReceipt, UserProfile, Webhook,
    WebhookCreated, WebhookDeleted, WebhookId, decode,
};
pub use provider::{IdKind, Normalized, Provider, ProviderRegistry, ProviderRules};
pub use webhook::WebhookEvent;
