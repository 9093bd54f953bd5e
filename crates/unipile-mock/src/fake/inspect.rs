//! Read access to the fake's state, for assertions.

use bytes::Bytes;
use unipile_core::model::account::Account;
use unipile_core::model::attendee::ChatAttendee;
use unipile_core::model::chat::Chat;
use unipile_core::model::message::Message;
use unipile_core::model::webhook_registration::Webhook;
use unipile_core::{AccountId, AttendeeId, ChatId, MessageId, WebhookId};

use super::FakeUnipile;
use crate::state::StartedChat;

impl FakeUnipile {
    /// The ids of the messages sent through the API (sends, started chats, forwards), in
    /// the order they were sent.
    pub fn sent_message_ids(&self) -> Vec<MessageId> {
        self.read().sent.clone()
    }

    /// The messages sent through the API, in the order they were sent.
    pub fn sent_messages(&self) -> Vec<Message> {
        let state = self.read();
        state
            .sent
            .iter()
            .filter_map(|id| state.messages.get(id))
            .map(|rec| rec.message.clone())
            .collect()
    }

    /// A message, as `GET /messages/{id}` returns it.
    pub fn message(&self, id: &MessageId) -> Option<Message> {
        self.read().messages.get(id).map(|rec| rec.message.clone())
    }

    /// A chat, as `GET /chats` lists it.
    pub fn chat(&self, id: &ChatId) -> Option<Chat> {
        self.read().chats.get(id).map(crate::render::chat)
    }

    /// The labels set on a chat with `setLabel`, in order (empty for an unknown chat).
    pub fn chat_labels(&self, id: &ChatId) -> Vec<String> {
        self.read()
            .chats
            .get(id)
            .map(|c| c.labels.clone())
            .unwrap_or_default()
    }

    /// An account, as `GET /accounts/{id}` returns it.
    pub fn account(&self, id: &AccountId) -> Option<Account> {
        self.read().accounts.get(id).map(crate::render::account)
    }

    /// An attendee, as `GET /chat_attendees/{id}` returns it.
    pub fn attendee(&self, id: &AttendeeId) -> Option<ChatAttendee> {
        self.read().attendees.get(id).map(crate::render::attendee)
    }

    /// A chat's attendees other than the account itself (empty for an unknown chat).
    pub fn chat_attendees(&self, chat_id: &ChatId) -> Vec<ChatAttendee> {
        let state = self.read();
        state
            .chats
            .get(chat_id)
            .map(|c| {
                c.attendees
                    .iter()
                    .filter_map(|a| state.attendees.get(a))
                    .map(crate::render::attendee)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The registered webhooks, newest first.
    pub fn webhooks(&self) -> Vec<Webhook> {
        let state = self.read();
        state
            .webhook_order
            .values()
            .rev()
            .filter_map(|id| state.webhooks.get(id))
            .map(|w| crate::render::webhook(&state, w))
            .collect()
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
