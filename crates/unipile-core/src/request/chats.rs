//! Chats: read, list, list a chat's messages, mark read or unread.
//! (Starting a chat is [`StartChat`](super::StartChat).)

use super::endpoints::{CHATS_GET, CHATS_LIST, CHATS_MESSAGES, CHATS_PATCH};
use super::lists::{Paged, Paging, Window, Windowed, push, push_id};
use super::{ApiRequest, Endpoint, ListRequest, json_body, non_empty};
use crate::error::InvalidRequest;
use crate::model::chat::Chat;
use crate::model::id::Cursor;
use crate::model::id::{AccountId, ChatId};
use crate::model::message::Message;
use crate::model::page::Page;
use crate::model::responses::ChatPatched;
use crate::provider::Provider;
use crate::transport::HttpRequest;

/// Reads one chat: `GET /chats/{chat_id}`.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct GetChat {
    chat_id: ChatId,
    account_id: Option<AccountId>,
}

impl GetChat {
    /// The chat `chat_id`: a Unipile chat id, or a provider's chat id together with
    /// [`account_id`](GetChat::account_id).
    pub fn new(chat_id: impl Into<ChatId>) -> Self {
        Self {
            chat_id: chat_id.into(),
            account_id: None,
        }
    }

    /// The account the chat belongs to (`account_id` in the query): mandatory when the
    /// chat id is a provider id.
    pub fn account_id(mut self, account_id: impl Into<AccountId>) -> Self {
        self.account_id = Some(account_id.into());
        self
    }
}

impl ApiRequest for GetChat {
    type Response = Chat;
    const ENDPOINT: Endpoint = CHATS_GET;

    fn to_http(&self) -> Result<HttpRequest, InvalidRequest> {
        let mut request = Self::ENDPOINT.http_request(&[("chat_id", self.chat_id.as_str())])?;
        push_id(
            &mut request,
            "account_id",
            self.account_id.as_ref().map(AccountId::as_str),
        )?;
        Ok(request)
    }
}

/// Lists chats: `GET /chats`, most recent first.
///
/// Query, in order: `account_id` (comma-joined when several), `account_type`, `unread`,
/// `before`, `after`, `limit` (or, with a cursor, only `cursor` and `limit`).
///
/// ```
/// use unipile_core::Provider;
/// use unipile_core::request::{ApiRequest, ListChats};
///
/// let http = ListChats::new()
///     .account_id("acc_1")
///     .account_id("acc_2")
///     .account_type(Provider::Linkedin)
///     .unread(true)
///     .to_http()
///     .unwrap();
/// assert_eq!(
///     http.path_and_query(),
///     "/chats?account_id=acc_1%2Cacc_2&account_type=LINKEDIN&unread=true"
/// );
/// ```
#[derive(Clone, Default, PartialEq, Eq, Debug)]
pub struct ListChats {
    account_ids: Vec<AccountId>,
    account_type: Option<Provider>,
    unread: Option<bool>,
    window: Window,
    paging: Paging,
}

impl ListChats {
    /// Every chat of every account.
    pub fn new() -> Self {
        Self::default()
    }

    /// Only the chats of this account; call again to add more accounts.
    pub fn account_id(mut self, account_id: impl Into<AccountId>) -> Self {
        self.account_ids.push(account_id.into());
        self
    }

    /// Only the chats of these accounts.
    pub fn account_ids(mut self, ids: impl IntoIterator<Item = impl Into<AccountId>>) -> Self {
        self.account_ids.extend(ids.into_iter().map(Into::into));
        self
    }

    /// Only the chats of accounts of this provider (`account_type`).
    pub fn account_type(mut self, provider: Provider) -> Self {
        self.account_type = Some(provider);
        self
    }

    /// `true`: unread chats only; `false`: read chats only.
    pub fn unread(mut self, unread: bool) -> Self {
        self.unread = Some(unread);
        self
    }

    /// The first page's query: `account_id`, `account_type`, `unread`, `before`, `after`.
    fn push_filters(&self, request: &mut HttpRequest) -> Result<(), InvalidRequest> {
        if !self.account_ids.is_empty() {
            for (i, id) in self.account_ids.iter().enumerate() {
                let parameter = format!("account_id[{i}]");
                non_empty(&parameter, id.as_str())?;
                if id.as_str().contains(',') {
                    return Err(InvalidRequest::new(
                        parameter,
                        "contains a comma, which separates account ids in this list",
                    ));
                }
            }
            let joined: Vec<&str> = self.account_ids.iter().map(AccountId::as_str).collect();
            push(request, "account_id", joined.join(","));
        }
        if let Some(provider) = &self.account_type {
            non_empty("account_type", provider.as_str())?;
            push(request, "account_type", provider.as_str());
        }
        if let Some(unread) = self.unread {
            push(request, "unread", unread.to_string());
        }
        self.window.push(request)
    }
}

impl ApiRequest for ListChats {
    type Response = Page<Chat>;
    const ENDPOINT: Endpoint = CHATS_LIST;

    fn to_http(&self) -> Result<HttpRequest, InvalidRequest> {
        self.paging
            .first_page(Self::ENDPOINT.http_request(&[])?, |request| {
                self.push_filters(request)
            })
    }
}

impl ListRequest for ListChats {
    type Item = Chat;

    fn page_limit(&self) -> Option<u32> {
        self.paging.limit
    }

    fn next_page(&self, cursor: &Cursor) -> Result<HttpRequest, InvalidRequest> {
        self.paging
            .next_page(Self::ENDPOINT.http_request(&[])?, cursor)
    }
}

impl Paged for ListChats {
    fn paging_mut(&mut self) -> &mut Paging {
        &mut self.paging
    }
}

impl Windowed for ListChats {
    fn window_mut(&mut self) -> &mut Window {
        &mut self.window
    }
}

/// Lists a chat's messages: `GET /chats/{chat_id}/messages`, newest first.
///
/// Query, in order: `sender_id`, `before`, `after`, `limit` (or, with a cursor, only
/// `cursor` and `limit`).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ListChatMessages {
    chat_id: ChatId,
    sender_id: Option<String>,
    window: Window,
    paging: Paging,
}

impl ListChatMessages {
    /// The history of the chat `chat_id`.
    pub fn new(chat_id: impl Into<ChatId>) -> Self {
        Self {
            chat_id: chat_id.into(),
            sender_id: None,
            window: Window::default(),
            paging: Paging::default(),
        }
    }

    /// Only the messages of this sender.
    pub fn sender_id(mut self, sender_id: impl Into<String>) -> Self {
        self.sender_id = Some(sender_id.into());
        self
    }

    /// The first page's query: `sender_id`, `before`, `after`.
    fn push_filters(&self, request: &mut HttpRequest) -> Result<(), InvalidRequest> {
        push_id(request, "sender_id", self.sender_id.as_deref())?;
        self.window.push(request)
    }
}

impl ApiRequest for ListChatMessages {
    type Response = Page<Message>;
    const ENDPOINT: Endpoint = CHATS_MESSAGES;

    fn to_http(&self) -> Result<HttpRequest, InvalidRequest> {
        self.paging.first_page(
            Self::ENDPOINT.http_request(&[("chat_id", self.chat_id.as_str())])?,
            |request| self.push_filters(request),
        )
    }
}

impl ListRequest for ListChatMessages {
    type Item = Message;

    fn page_limit(&self) -> Option<u32> {
        self.paging.limit
    }

    fn next_page(&self, cursor: &Cursor) -> Result<HttpRequest, InvalidRequest> {
        self.paging.next_page(
            Self::ENDPOINT.http_request(&[("chat_id", self.chat_id.as_str())])?,
            cursor,
        )
    }
}

impl Paged for ListChatMessages {
    fn paging_mut(&mut self) -> &mut Paging {
        &mut self.paging
    }
}

impl Windowed for ListChatMessages {
    fn window_mut(&mut self) -> &mut Window {
        &mut self.window
    }
}

/// Marks a chat read or unread: `PATCH /chats/{chat_id}` with JSON
/// `{"action":"setReadStatus","value":true|false}`. The same call as
/// [`PatchChat`](super::PatchChat) with [`ChatAction::SetReadStatus`](super::ChatAction::SetReadStatus).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct SetChatReadStatus {
    chat_id: ChatId,
    read: bool,
}

impl SetChatReadStatus {
    /// Sets the read status of `chat_id` to `read`.
    pub fn new(chat_id: impl Into<ChatId>, read: bool) -> Self {
        Self {
            chat_id: chat_id.into(),
            read,
        }
    }

    /// Marks `chat_id` read.
    pub fn read(chat_id: impl Into<ChatId>) -> Self {
        Self::new(chat_id, true)
    }

    /// Marks `chat_id` unread.
    pub fn unread(chat_id: impl Into<ChatId>) -> Self {
        Self::new(chat_id, false)
    }
}

impl ApiRequest for SetChatReadStatus {
    type Response = ChatPatched;
    const ENDPOINT: Endpoint = CHATS_PATCH;

    fn to_http(&self) -> Result<HttpRequest, InvalidRequest> {
        #[derive(serde::Serialize)]
        struct PatchBody {
            action: &'static str,
            value: bool,
        }
        let request = Self::ENDPOINT.http_request(&[("chat_id", self.chat_id.as_str())])?;
        json_body(
            request,
            &PatchBody {
                action: "setReadStatus",
                value: self.read,
            },
        )
    }
}
