//! The typed calls, grouped by resource. Each is a thin, documented shortcut over
//! [`Client::call`], [`Client::pages`] and [`Client::stream`].

use super::{Client, ItemStream};
use crate::error::Error;
use crate::model::account::Account;
use crate::model::attendee::ChatAttendee;
use crate::model::chat::Chat;
use crate::model::id::{AccountId, AttachmentId, AttendeeId, ChatId, MessageId, WebhookId};
use crate::model::message::Message;
use crate::model::page::Page;
use crate::model::responses::{
    ChatPatched, ChatStarted, MessageForwarded, MessageSent, WebhookCreated, WebhookDeleted,
};
use crate::model::webhook_registration::Webhook;
use crate::request::{
    AttachmentData, CreateWebhook, DeleteWebhook, DownloadAttachment, ForwardMessage, GetAccount,
    GetAttendee, GetChat, GetMessage, ListAccounts, ListAttendees, ListChatAttendees,
    ListChatMessages, ListChats, ListMessages, ListWebhooks, SendMessage, SetChatReadStatus,
    StartChat,
};

/// Message calls. From [`Client::messages`].
#[derive(Clone, Copy, Debug)]
pub struct Messages<'a> {
    client: &'a Client,
}

impl<'a> Messages<'a> {
    pub(super) fn new(client: &'a Client) -> Self {
        Self { client }
    }

    pub(super) fn client(&self) -> &'a Client {
        self.client
    }
}

/// Chat calls. From [`Client::chats`].
#[derive(Clone, Copy, Debug)]
pub struct Chats<'a> {
    client: &'a Client,
}

impl<'a> Chats<'a> {
    pub(super) fn new(client: &'a Client) -> Self {
        Self { client }
    }
}

/// Attendee calls. From [`Client::attendees`].
#[derive(Clone, Copy, Debug)]
pub struct Attendees<'a> {
    client: &'a Client,
}

impl<'a> Attendees<'a> {
    pub(super) fn new(client: &'a Client) -> Self {
        Self { client }
    }
}

/// Account calls. From [`Client::accounts`].
#[derive(Clone, Copy, Debug)]
pub struct Accounts<'a> {
    client: &'a Client,
}

impl<'a> Accounts<'a> {
    pub(super) fn new(client: &'a Client) -> Self {
        Self { client }
    }
}

/// Webhook calls. From [`Client::webhooks`].
#[derive(Clone, Copy, Debug)]
pub struct Webhooks<'a> {
    client: &'a Client,
}

impl<'a> Webhooks<'a> {
    pub(super) fn new(client: &'a Client) -> Self {
        Self { client }
    }
}

impl Messages<'_> {
    /// Sends a message into an existing chat (`POST /chats/{chat_id}/messages`).
    ///
    /// Sent once: it is retried only when the request never reached Unipile or on a
    /// 429, never after a timeout or a 5xx. When its outcome is unknown
    /// ([`Error::send_outcome_unknown`]), resolve it with [`Messages::resolve_send`]
    /// (Unipile has no idempotency key).
    pub async fn send(&self, request: SendMessage) -> Result<MessageSent, Error> {
        self.client.call(&request).await
    }

    /// One message (`GET /messages/{message_id}`).
    pub async fn get(&self, message_id: impl Into<MessageId>) -> Result<Message, Error> {
        self.client.call(&GetMessage::new(message_id)).await
    }

    /// One page of the messages of every account (`GET /messages`), newest first.
    pub async fn list(&self, request: &ListMessages) -> Result<Page<Message>, Error> {
        self.client.call(request).await
    }

    /// Every message matching `request`, across all pages, newest first.
    pub fn stream(&self, request: ListMessages) -> ItemStream<Message> {
        self.client.stream(request)
    }

    /// Forwards a message to another chat (`POST /messages/{message_id}/forward`;
    /// WhatsApp only).
    pub async fn forward(&self, request: ForwardMessage) -> Result<MessageForwarded, Error> {
        self.client.call(&request).await
    }

    /// Downloads an attachment of a message: its bytes and content type.
    pub async fn attachment(
        &self,
        message_id: impl Into<MessageId>,
        attachment_id: impl Into<AttachmentId>,
    ) -> Result<AttachmentData, Error> {
        self.client
            .call(&DownloadAttachment::new(message_id, attachment_id))
            .await
    }
}

impl Chats<'_> {
    /// Starts a chat, or sends to a user without knowing the chat (`POST /chats`): a 1:1
    /// chat is reused or created; several attendees make a group; LinkedIn options make
    /// an InMail or choose the API (classic, Recruiter, Sales Navigator).
    pub async fn start(&self, request: StartChat) -> Result<ChatStarted, Error> {
        self.client.call(&request).await
    }

    /// One chat with its last message (`GET /chats/{chat_id}`).
    pub async fn get(&self, chat_id: impl Into<ChatId>) -> Result<Chat, Error> {
        self.client.call(&GetChat::new(chat_id)).await
    }

    /// One chat, with the options of [`GetChat`] (a provider chat id needs `account_id`).
    pub async fn get_with(&self, request: &GetChat) -> Result<Chat, Error> {
        self.client.call(request).await
    }

    /// One page of chats (`GET /chats`).
    pub async fn list(&self, request: &ListChats) -> Result<Page<Chat>, Error> {
        self.client.call(request).await
    }

    /// Every chat matching `request`, across all pages.
    pub fn stream(&self, request: ListChats) -> ItemStream<Chat> {
        self.client.stream(request)
    }

    /// One page of a chat's history (`GET /chats/{chat_id}/messages`), newest first.
    pub async fn messages(&self, request: &ListChatMessages) -> Result<Page<Message>, Error> {
        self.client.call(request).await
    }

    /// A chat's whole history, newest first, one page in memory at a time.
    pub fn stream_messages(&self, request: ListChatMessages) -> ItemStream<Message> {
        self.client.stream(request)
    }

    /// Marks a chat read (`true`) or unread (`false`) (`PATCH /chats/{chat_id}`).
    pub async fn set_read(
        &self,
        chat_id: impl Into<ChatId>,
        read: bool,
    ) -> Result<ChatPatched, Error> {
        self.client
            .call(&SetChatReadStatus::new(chat_id, read))
            .await
    }

    /// The attendees of a chat (`GET /chats/{chat_id}/attendees`; one page, no cursor).
    pub async fn attendees(&self, chat_id: impl Into<ChatId>) -> Result<Page<ChatAttendee>, Error> {
        self.client.call(&ListChatAttendees::new(chat_id)).await
    }
}

impl Attendees<'_> {
    /// One page of the attendees of every account (`GET /chat_attendees`).
    pub async fn list(&self, request: &ListAttendees) -> Result<Page<ChatAttendee>, Error> {
        self.client.call(request).await
    }

    /// Every attendee matching `request`, across all pages.
    pub fn stream(&self, request: ListAttendees) -> ItemStream<ChatAttendee> {
        self.client.stream(request)
    }

    /// One attendee (`GET /chat_attendees/{attendee_id}`).
    pub async fn get(&self, attendee_id: impl Into<AttendeeId>) -> Result<ChatAttendee, Error> {
        self.client.call(&GetAttendee::new(attendee_id)).await
    }
}

impl Accounts<'_> {
    /// One page of connected accounts (`GET /accounts`).
    pub async fn list(&self, request: &ListAccounts) -> Result<Page<Account>, Error> {
        self.client.call(request).await
    }

    /// Every connected account.
    pub fn stream(&self, request: ListAccounts) -> ItemStream<Account> {
        self.client.stream(request)
    }

    /// One account (`GET /accounts/{account_id}`).
    pub async fn get(&self, account_id: impl Into<AccountId>) -> Result<Account, Error> {
        self.client.call(&GetAccount::new(account_id)).await
    }
}

impl Webhooks<'_> {
    /// Registers a webhook (`POST /webhooks`).
    pub async fn create(&self, request: CreateWebhook) -> Result<WebhookCreated, Error> {
        self.client.call(&request).await
    }

    /// One page of webhooks (`GET /webhooks`).
    pub async fn list(&self, request: &ListWebhooks) -> Result<Page<Webhook>, Error> {
        self.client.call(request).await
    }

    /// Every webhook.
    pub fn stream(&self, request: ListWebhooks) -> ItemStream<Webhook> {
        self.client.stream(request)
    }

    /// Deletes a webhook (`DELETE /webhooks/{webhook_id}`).
    pub async fn delete(&self, webhook_id: impl Into<WebhookId>) -> Result<WebhookDeleted, Error> {
        self.client.call(&DeleteWebhook::new(webhook_id)).await
    }
}
