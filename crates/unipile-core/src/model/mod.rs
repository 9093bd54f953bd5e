//! The model: what Unipile sends and what the SDK writes back.
//!
//! The response types ([`Message`], [`Chat`], [`ChatAttendee`], [`Account`], the webhook
//! registration [`Webhook`], a [`UserProfile`], the small action bodies of [`responses`]), one [`Page`] of a
//! list, the ids, the open enums, the message [`EventType`], and the serde rules they
//! share: [`lenient`] reading, [`timestamp`] writing, [`decode()`] from bytes with the JSON
//! path of a bad field, and (feature `schema`) the JSON Schema helpers.
//!
//! The model imports nothing from the rest of the crate: every other module builds on it.

#[macro_use]
pub mod open_enum;

pub mod account;
pub mod attachment;
pub mod attendee;
pub mod chat;
pub mod decode;
pub mod event_type;
mod fixed_time;
pub mod id;
pub mod lenient;
pub mod message;
pub mod page;
pub mod provider_name;
pub mod responses;
#[cfg(feature = "schema")]
pub mod schema;
pub mod timestamp;
pub mod user_profile;
pub mod webhook_registration;

pub use account::{Account, AccountType};
pub use attachment::{Attachment, AttachmentKind};
pub use attendee::ChatAttendee;
pub use chat::{Chat, ChatType};
pub use decode::{DecodeError, decode};
pub use event_type::EventType;
pub use id::{
    AccountId, AttachmentId, AttendeeId, ChatId, Cursor, MessageId, ProviderId, WebhookId,
};
pub use message::{Message, SeenReceipt};
pub use page::Page;
pub use provider_name::Provider;
pub use responses::{
    ChatDeleted, ChatPatched, ChatStarted, ChatSynced, MessageDeleted, MessageEdited,
    MessageForwarded, MessageReactionAdded, MessageSent, WebhookCreated, WebhookDeleted,
};
pub use user_profile::UserProfile;
pub use webhook_registration::Webhook;
