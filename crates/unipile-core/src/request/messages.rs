//! Messages: send, read, list, forward, download an attachment.

use super::endpoints::{
    MESSAGES_ATTACHMENT, MESSAGES_FORWARD, MESSAGES_GET, MESSAGES_LIST, MESSAGES_SEND,
};
use super::lists::{Paged, Paging, Window, Windowed, push_id};
use super::upload::{Files, file_methods};
use super::{ApiRequest, Endpoint, FromResponse, ListRequest, TextLen, json_body, non_empty};
use crate::error::InvalidRequest;
use crate::model::decode::DecodeError;
use crate::model::id::Cursor;
use crate::model::id::{AccountId, AttachmentId, ChatId, MessageId};
use crate::model::message::Message;
use crate::model::page::Page;
use crate::model::responses::{MessageForwarded, MessageSent};
use crate::transport::{Body, HttpRequest, HttpResponse, Multipart};
use bytes::Bytes;
use std::fmt;
use std::time::Duration;

/// Sends a message in an existing chat: `POST /chats/{chat_id}/messages` (multipart).
///
/// It needs text, at least one attachment, or a voice or video message.
///
/// ```
/// use unipile_core::request::{ApiRequest, FileUpload, SendMessage};
///
/// let reply = SendMessage::new("9f9uio56sopa456s")
///     .text("Here is the report")
///     .attachment(FileUpload::new("report.pdf", "application/pdf", b"%PDF-1.7".to_vec()))
///     .quote("msg_123");
/// let http = reply.to_http().unwrap();
/// assert_eq!(http.path, "/chats/9f9uio56sopa456s/messages");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct SendMessage {
    chat_id: ChatId,
    text: Option<String>,
    account_id: Option<AccountId>,
    quote_id: Option<MessageId>,
    thread_id: Option<String>,
    typing_duration: Option<Duration>,
    files: Files,
}

impl SendMessage {
    /// A message to the chat `chat_id` (a Unipile chat id). Add text or files.
    pub fn new(chat_id: impl Into<ChatId>) -> Self {
        Self {
            chat_id: chat_id.into(),
            text: None,
            account_id: None,
            quote_id: None,
            thread_id: None,
            typing_duration: None,
            files: Files::default(),
        }
    }

    /// The text (`text`). An empty text counts as none.
    pub fn text(mut self, text: impl Into<String>) -> Self {
        self.text = Some(text.into());
        self
    }

    /// Quotes, or replies to, a message of the chat (`quote_id`).
    pub fn quote(mut self, message_id: impl Into<MessageId>) -> Self {
        self.quote_id = Some(message_id.into());
        self
    }

    /// The account the chat must belong to (`account_id`): Unipile refuses to send into a
    /// chat of another account.
    pub fn account_id(mut self, account_id: impl Into<AccountId>) -> Self {
        self.account_id = Some(account_id.into());
        self
    }

    /// The thread to post in (`thread_id`; Slack only).
    pub fn thread_id(mut self, thread_id: impl Into<String>) -> Self {
        self.thread_id = Some(thread_id.into());
        self
    }

    /// Shows "typing…" for this long before sending (`typing_duration`, in milliseconds;
    /// WhatsApp only).
    pub fn typing_duration(mut self, duration: Duration) -> Self {
        self.typing_duration = Some(duration);
        self
    }

    file_methods!();

    /// The chat the message goes to.
    pub fn chat_id(&self) -> &ChatId {
        &self.chat_id
    }

    /// The text, if any (an empty text counts as none).
    pub fn message_text(&self) -> Option<&str> {
        self.text.as_deref().filter(|t| !t.is_empty())
    }

    /// The names of the files sent: attachments in order, then the voice and video
    /// messages.
    pub fn file_names(&self) -> Vec<&str> {
        self.files
            .attachments
            .iter()
            .chain(&self.files.voice_message)
            .chain(&self.files.video_message)
            .map(|f| f.filename.as_str())
            .collect()
    }
}

impl ApiRequest for SendMessage {
    type Response = MessageSent;
    const ENDPOINT: Endpoint = MESSAGES_SEND;

    /// Parts, in order: `text`, `account_id`, `quote_id`, `thread_id`, `typing_duration`,
    /// each `attachments`, `voice_message`, `video_message` (unset ones left out).
    fn to_http(&self) -> Result<HttpRequest, InvalidRequest> {
        let request = Self::ENDPOINT.http_request(&[("chat_id", self.chat_id.as_str())])?;
        let text = self.text.as_deref().filter(|t| !t.is_empty());
        if text.is_none() && !self.files.any() {
            return Err(InvalidRequest::new(
                "text",
                "a message needs text, an attachment, or a voice or video message",
            ));
        }
        self.files.check()?;
        let mut form = Multipart::new();
        if let Some(text) = text {
            form.push_text("text", text);
        }
        push_field(&mut form, "account_id", self.account_id.as_ref())?;
        push_field(&mut form, "quote_id", self.quote_id.as_ref())?;
        push_field(&mut form, "thread_id", self.thread_id.as_ref())?;
        if let Some(duration) = self.typing_duration {
            form.push_text("typing_duration", duration.as_millis().to_string());
        }
        self.files.push_parts(&mut form);
        Ok(request.with_body(Body::Multipart(form)))
    }
}

impl fmt::Debug for SendMessage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SendMessage")
            .field("chat_id", &self.chat_id)
            .field("text", &TextLen(&self.text))
            .field("account_id", &self.account_id)
            .field("quote_id", &self.quote_id)
            .field("thread_id", &self.thread_id)
            .field("typing_duration", &self.typing_duration)
            .field("files", &self.files)
            .finish()
    }
}

/// Appends an optional text field, refusing an empty value.
pub(super) fn push_field(
    form: &mut Multipart,
    name: &str,
    value: Option<&impl AsRef<str>>,
) -> Result<(), InvalidRequest> {
    if let Some(value) = value {
        let value = value.as_ref();
        non_empty(name, value)?;
        form.push_text(name, value);
    }
    Ok(())
}

/// Reads one message: `GET /messages/{message_id}`.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct GetMessage {
    message_id: MessageId,
}

impl GetMessage {
    /// The message `message_id`.
    pub fn new(message_id: impl Into<MessageId>) -> Self {
        Self {
            message_id: message_id.into(),
        }
    }
}

impl ApiRequest for GetMessage {
    type Response = Message;
    const ENDPOINT: Endpoint = MESSAGES_GET;

    fn to_http(&self) -> Result<HttpRequest, InvalidRequest> {
        Self::ENDPOINT.http_request(&[("message_id", self.message_id.as_str())])
    }
}

/// Lists the messages of every account, or of one: `GET /messages`, newest first.
///
/// Query, in order: `account_id`, `sender_id`, `before`, `after`, `limit` (or, with a
/// cursor, only `cursor` and `limit`).
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use unipile_core::request::{ApiRequest, ListMessages, Paged, Windowed};
///
/// let since = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap();
/// let http = ListMessages::new().account_id("acc").after(since).limit(100).to_http().unwrap();
/// assert_eq!(
///     http.path_and_query(),
///     "/messages?account_id=acc&after=2025-01-01T00%3A00%3A00.000Z&limit=100"
/// );
/// ```
#[derive(Clone, Default, PartialEq, Eq, Debug)]
pub struct ListMessages {
    account_id: Option<AccountId>,
    sender_id: Option<String>,
    window: Window,
    paging: Paging,
}

impl ListMessages {
    /// Every message of every account.
    pub fn new() -> Self {
        Self::default()
    }

    /// Only the messages of this account.
    pub fn account_id(mut self, account_id: impl Into<AccountId>) -> Self {
        self.account_id = Some(account_id.into());
        self
    }

    /// Only the messages of this sender.
    pub fn sender_id(mut self, sender_id: impl Into<String>) -> Self {
        self.sender_id = Some(sender_id.into());
        self
    }

    /// The first page's query: `account_id`, `sender_id`, `before`, `after`.
    fn push_filters(&self, request: &mut HttpRequest) -> Result<(), InvalidRequest> {
        push_id(
            request,
            "account_id",
            self.account_id.as_ref().map(AccountId::as_str),
        )?;
        push_id(request, "sender_id", self.sender_id.as_deref())?;
        self.window.push(request)
    }
}

impl ApiRequest for ListMessages {
    type Response = Page<Message>;
    const ENDPOINT: Endpoint = MESSAGES_LIST;

    fn to_http(&self) -> Result<HttpRequest, InvalidRequest> {
        self.paging
            .first_page(Self::ENDPOINT.http_request(&[])?, |request| {
                self.push_filters(request)
            })
    }
}

impl ListRequest for ListMessages {
    type Item = Message;

    fn page_limit(&self) -> Option<u32> {
        self.paging.limit
    }

    fn next_page(&self, cursor: &Cursor) -> Result<HttpRequest, InvalidRequest> {
        self.paging
            .next_page(Self::ENDPOINT.http_request(&[])?, cursor)
    }
}

impl Paged for ListMessages {
    fn paging_mut(&mut self) -> &mut Paging {
        &mut self.paging
    }
}

impl Windowed for ListMessages {
    fn window_mut(&mut self) -> &mut Window {
        &mut self.window
    }
}

/// Forwards a message to another chat: `POST /messages/{message_id}/forward` with JSON
/// `{"chat_id": …}` (WhatsApp only).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ForwardMessage {
    message_id: MessageId,
    chat_id: ChatId,
}

impl ForwardMessage {
    /// Forwards `message_id` into the chat `to_chat_id`.
    pub fn new(message_id: impl Into<MessageId>, to_chat_id: impl Into<ChatId>) -> Self {
        Self {
            message_id: message_id.into(),
            chat_id: to_chat_id.into(),
        }
    }
}

impl ApiRequest for ForwardMessage {
    type Response = MessageForwarded;
    const ENDPOINT: Endpoint = MESSAGES_FORWARD;

    fn to_http(&self) -> Result<HttpRequest, InvalidRequest> {
        let request = Self::ENDPOINT.http_request(&[("message_id", self.message_id.as_str())])?;
        non_empty("chat_id", self.chat_id.as_str())?;
        #[derive(serde::Serialize)]
        struct ForwardBody<'a> {
            chat_id: &'a str,
        }
        json_body(
            request,
            &ForwardBody {
                chat_id: self.chat_id.as_str(),
            },
        )
    }
}

/// Downloads an attachment of a message:
/// `GET /messages/{message_id}/attachments/{attachment_id}`.
///
/// The response is the file itself ([`AttachmentData`]), not JSON.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct DownloadAttachment {
    message_id: MessageId,
    attachment_id: AttachmentId,
}

impl DownloadAttachment {
    /// The attachment `attachment_id` of the message `message_id`.
    pub fn new(message_id: impl Into<MessageId>, attachment_id: impl Into<AttachmentId>) -> Self {
        Self {
            message_id: message_id.into(),
            attachment_id: attachment_id.into(),
        }
    }
}

impl ApiRequest for DownloadAttachment {
    type Response = AttachmentData;
    const ENDPOINT: Endpoint = MESSAGES_ATTACHMENT;

    fn to_http(&self) -> Result<HttpRequest, InvalidRequest> {
        Self::ENDPOINT.http_request(&[
            ("message_id", self.message_id.as_str()),
            ("attachment_id", self.attachment_id.as_str()),
        ])
    }
}

/// A downloaded attachment: the bytes as sent, and their content type if the server gave
/// one. `Debug` shows the size only.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct AttachmentData {
    /// The response's `Content-Type`.
    pub content_type: Option<String>,
    /// The file.
    pub data: Bytes,
}

impl AttachmentData {
    /// Bytes with an optional content type.
    pub fn new(content_type: Option<String>, data: impl Into<Bytes>) -> Self {
        Self {
            content_type,
            data: data.into(),
        }
    }
}

impl FromResponse for AttachmentData {
    const IS_JSON: bool = false;

    fn from_response(response: HttpResponse) -> Result<Self, DecodeError> {
        let content_type = response.headers.get("content-type").map(str::to_owned);
        Ok(Self::new(content_type, response.body))
    }
}

impl fmt::Debug for AttachmentData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AttachmentData")
            .field("content_type", &self.content_type)
            .field("data", &format_args!("{} bytes", self.data.len()))
            .finish()
    }
}
