//! Read access to the fake's state, for assertions.

use bytes::Bytes;
use unipile_core::{AccountId, ChatId, MessageId, WebhookId};

use crate::fake::FakeUnipile;
use crate::state::StartedChat;

impl FakeUnipile {
    /// The ids of the messages sent through the API (sends, started chats, forwards), in
    /// the order they were sent.
    pub fn sent_message_ids(&self) -> Vec<MessageId> {
        self.read().sent.clone()
    }

    /// The chats started through `POST /chats`, in order, with their fields and LinkedIn
    /// options as received.
    pub fn started_chats(&self) -> Vec<StartedChat> {
        self.read().started.clone()
    }

    /// The ids of every account, newest first.
    pub fn account_ids(&self) -> Vec<AccountId> {
        self.read().account_order.values().rev().cloned().collect()
    }

    /// The ids of every chat, most recently active first.
    pub fn chat_ids(&self) -> Vec<ChatId> {
        self.read().chat_order.values().rev().cloned().collect()
    }

    /// The ids of a chat's messages, newest first (empty for an unknown chat).
    pub fn chat_message_ids(&self, chat_id: &ChatId) -> Vec<MessageId> {
        self.read()
            .chats
            .get(chat_id)
            .map(|c| c.messages.values().rev().cloned().collect())
            .unwrap_or_default()
    }

    /// How many messages the fake holds.
    pub fn message_count(&self) -> usize {
        self.read().message_count()
    }

    /// The ids of the registered webhooks, newest first.
    pub fn webhook_ids(&self) -> Vec<WebhookId> {
        self.read().webhook_order.values().rev().cloned().collect()
    }

    /// An attachment's content type and bytes, as `GET
    /// /messages/{message_id}/attachments/{attachment_id}` serves them.
    pub fn attachment(
        &self,
        message_id: &MessageId,
        attachment_id: &str,
    ) -> Option<(String, Bytes)> {
        let state = self.read();
        let a = state
            .messages
            .get(message_id)?
            .files
            .iter()
            .find(|f| f.id == attachment_id)?;
        Some((a.content_type.clone(), a.data.clone()))
    }
}
