//! The small bodies that answer actions: sending, starting a chat, patching, reacting,
//! editing, deleting, syncing, webhooks.
//!
//! Each serializes its `object` tag as Unipile does (`{"object":"MessageSent",…}`), and
//! reads whatever `object` it is given.

use crate::model::id::{ChatId, MessageId, WebhookId};
use serde::{Deserialize, Serialize};

/// The answer to sending a message in a chat (`POST /chats/{id}/messages`, 201).
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(
    feature = "schema",
    derive(schemars::JsonSchema),
    schemars(transform = crate::model::schema::ObjectTag("MessageSent"))
)]
#[serde(tag = "object", rename = "MessageSent")]
#[non_exhaustive]
pub struct MessageSent {
    /// The id of the new message; `null` when the provider did not give one back at once
    /// (the message then arrives by webhook or in the next sync).
    #[serde(default)]
    pub message_id: Option<MessageId>,
}

impl MessageSent {
    /// The answer with this `message_id`.
    pub fn new(message_id: Option<MessageId>) -> Self {
        Self { message_id }
    }
}

/// The answer to starting a chat or sending to a user (`POST /chats`, 201).
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(
    feature = "schema",
    derive(schemars::JsonSchema),
    schemars(transform = crate::model::schema::ObjectTag("ChatStarted"))
)]
#[serde(tag = "object", rename = "ChatStarted")]
#[non_exhaustive]
pub struct ChatStarted {
    /// The id of the chat, new or existing; may be `null`.
    #[serde(default)]
    pub chat_id: Option<ChatId>,
    /// The id of the message sent; may be `null`, and older servers omit it.
    #[serde(default)]
    pub message_id: Option<MessageId>,
}

impl ChatStarted {
    /// The answer with this chat and message.
    pub fn new(chat_id: Option<ChatId>, message_id: Option<MessageId>) -> Self {
        Self {
            chat_id,
            message_id,
        }
    }
}

/// The answer to changing a chat (`PATCH /chats/{id}`), which carries nothing else.
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(
    feature = "schema",
    derive(schemars::JsonSchema),
    schemars(transform = crate::model::schema::ObjectTag("ChatPatched"))
)]
#[serde(tag = "object", rename = "ChatPatched")]
#[non_exhaustive]
pub struct ChatPatched {}

impl ChatPatched {
    /// The answer.
    pub fn new() -> Self {
        Self {}
    }
}

/// The answer to forwarding a message (`POST /messages/{id}/forward`, WhatsApp only).
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(
    feature = "schema",
    derive(schemars::JsonSchema),
    schemars(transform = crate::model::schema::ObjectTag("MessageForwarded"))
)]
#[serde(tag = "object", rename = "MessageForwarded")]
#[non_exhaustive]
pub struct MessageForwarded {
    /// The id of the forwarded copy, when given.
    #[serde(default)]
    pub message_id: Option<MessageId>,
}

impl MessageForwarded {
    /// The answer with this `message_id`.
    pub fn new(message_id: Option<MessageId>) -> Self {
        Self { message_id }
    }
}

/// The answer to creating a webhook (`POST /webhooks`, 201).
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[cfg_attr(
    feature = "schema",
    derive(schemars::JsonSchema),
    schemars(transform = crate::model::schema::ObjectTag("WebhookCreated"))
)]
#[serde(tag = "object", rename = "WebhookCreated")]
#[non_exhaustive]
pub struct WebhookCreated {
    /// The id of the new webhook.
    pub webhook_id: WebhookId,
}

impl WebhookCreated {
    /// The answer for the webhook `webhook_id`.
    pub fn new(webhook_id: impl Into<WebhookId>) -> Self {
        Self {
            webhook_id: webhook_id.into(),
        }
    }
}

/// The answer to deleting a webhook (`DELETE /webhooks/{id}`).
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(
    feature = "schema",
    derive(schemars::JsonSchema),
    schemars(transform = crate::model::schema::ObjectTag("WebhookDeleted"))
)]
#[serde(tag = "object", rename = "WebhookDeleted")]
#[non_exhaustive]
pub struct WebhookDeleted {}

impl WebhookDeleted {
    /// The answer.
    pub fn new() -> Self {
        Self {}
    }
}

/// The answer to reacting to a message (`POST /messages/{id}/reaction`).
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(
    feature = "schema",
    derive(schemars::JsonSchema),
    schemars(transform = crate::model::schema::ObjectTag("MessageReactionAdded"))
)]
#[serde(tag = "object", rename = "MessageReactionAdded")]
#[non_exhaustive]
pub struct MessageReactionAdded {}

impl MessageReactionAdded {
    /// The answer.
    pub fn new() -> Self {
        Self {}
    }
}

/// The answer to editing a message's text (`PATCH /messages/{id}`).
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(
    feature = "schema",
    derive(schemars::JsonSchema),
    schemars(transform = crate::model::schema::ObjectTag("MessageEdited"))
)]
#[serde(tag = "object", rename = "MessageEdited")]
#[non_exhaustive]
pub struct MessageEdited {}

impl MessageEdited {
    /// The answer.
    pub fn new() -> Self {
        Self {}
    }
}

/// The answer to deleting a message (`DELETE /messages/{id}`).
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(
    feature = "schema",
    derive(schemars::JsonSchema),
    schemars(transform = crate::model::schema::ObjectTag("MessageDeleted"))
)]
#[serde(tag = "object", rename = "MessageDeleted")]
#[non_exhaustive]
pub struct MessageDeleted {}

impl MessageDeleted {
    /// The answer.
    pub fn new() -> Self {
        Self {}
    }
}

/// The answer to deleting a chat (`DELETE /chats/{id}`).
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(
    feature = "schema",
    derive(schemars::JsonSchema),
    schemars(transform = crate::model::schema::ObjectTag("ChatDeleted"))
)]
#[serde(tag = "object", rename = "ChatDeleted")]
#[non_exhaustive]
pub struct ChatDeleted {}

impl ChatDeleted {
    /// The answer.
    pub fn new() -> Self {
        Self {}
    }
}

/// The answer to syncing a chat's history from its beginning (`GET /chats/{id}/sync`):
/// the sync runs on Unipile's side; the messages arrive in the chat's history.
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(
    feature = "schema",
    derive(schemars::JsonSchema),
    schemars(transform = crate::model::schema::ObjectTag("ChatSynced"))
)]
#[serde(tag = "object", rename = "ChatSynced")]
#[non_exhaustive]
pub struct ChatSynced {}

impl ChatSynced {
    /// The answer.
    pub fn new() -> Self {
        Self {}
    }
}
