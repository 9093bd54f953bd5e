//! The pure core of the Unipile messaging API v1 SDK.
//!
//! This crate holds the model (every field of Unipile's message, chat, attendee, account
//! and webhook objects), the rules (event semantics, provider ids), the validated requests,
//! the retry and pagination logic and the [`client::Client`]. It does no I/O itself: a
//! [`transport::Transport`] does, so the same client runs over reqwest
//! (`unipile-http`) or over the stateful fake in `unipile-mock`.
#![forbid(unsafe_code)]

pub mod account;
pub mod attachment;
pub mod attendee;
pub mod chat;
pub mod client;
pub mod decode;
pub mod error;
pub mod event;
pub mod id;
pub mod lenient;
pub mod message;
pub mod open_enum;
pub mod page;
pub mod provider;
pub mod request;
pub mod responses;
pub mod retry;
#[cfg(feature = "schema")]
pub mod schema;
pub mod sync;
pub mod transport;
pub mod webhook;
pub mod webhook_object;
mod wire;

pub use account::{Account, AccountType};
pub use attachment::{Attachment, AttachmentKind};
pub use attendee::ChatAttendee;
pub use chat::{Chat, ChatType};
pub use client::{ApiKey, Client};
pub use decode::{DecodeError, decode};
pub use error::{Error, ErrorKind};
pub use event::EventType;
pub use id::{
    AccountId, AttachmentId, AttendeeId, ChatId, Cursor, MessageId, ProviderId, WebhookId,
};
pub use message::{Message, SeenReceipt};
pub use page::Page;
pub use provider::{IdKind, Normalized, Provider, ProviderRegistry, ProviderRules};
pub use responses::{
    ChatPatched, ChatStarted, MessageForwarded, MessageSent, WebhookCreated, WebhookDeleted,
};
pub use webhook::WebhookEvent;
pub use webhook_object::Webhook;
