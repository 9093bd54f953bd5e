//! Chat attendees: the people of chats.

use super::endpoints::{ATTENDEES_GET, ATTENDEES_LIST, CHATS_ATTENDEES};
use super::lists::{Paged, Paging, push_id};
use super::{ApiRequest, Endpoint, ListRequest};
use crate::error::InvalidRequest;
use crate::model::attendee::ChatAttendee;
use crate::model::id::Cursor;
use crate::model::id::{AccountId, AttendeeId, ChatId};
use crate::model::page::Page;
use crate::transport::HttpRequest;

/// Lists every attendee of every account, or of one: `GET /chat_attendees`.
///
/// Query, in order: `account_id`, `limit` (or, with a cursor, only `cursor` and `limit`).
#[derive(Clone, Default, PartialEq, Eq, Debug)]
pub struct ListAttendees {
    account_id: Option<AccountId>,
    paging: Paging,
}

impl ListAttendees {
    /// Every attendee of every account.
    pub fn new() -> Self {
        Self::default()
    }

    /// Only the attendees of this account's chats.
    pub fn account_id(mut self, account_id: impl Into<AccountId>) -> Self {
        self.account_id = Some(account_id.into());
        self
    }

    /// The first page's query: `account_id`.
    fn push_filters(&self, request: &mut HttpRequest) -> Result<(), InvalidRequest> {
        push_id(
            request,
            "account_id",
            self.account_id.as_ref().map(AccountId::as_str),
        )
    }
}

impl ApiRequest for ListAttendees {
    type Response = Page<ChatAttendee>;
    const ENDPOINT: Endpoint = ATTENDEES_LIST;

    fn to_http(&self) -> Result<HttpRequest, InvalidRequest> {
        self.paging
            .first_page(Self::ENDPOINT.http_request(&[])?, |request| {
                self.push_filters(request)
            })
    }
}

impl ListRequest for ListAttendees {
    type Item = ChatAttendee;

    fn page_limit(&self) -> Option<u32> {
        self.paging.limit
    }

    fn next_page(&self, cursor: &Cursor) -> Result<HttpRequest, InvalidRequest> {
        self.paging
            .next_page(Self::ENDPOINT.http_request(&[])?, cursor)
    }
}

impl Paged for ListAttendees {
    fn paging_mut(&mut self) -> &mut Paging {
        &mut self.paging
    }
}

/// Lists the attendees of one chat: `GET /chats/{chat_id}/attendees`.
///
/// The answer is a single page without a cursor, so this is not a
/// [`ListRequest`](super::ListRequest).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ListChatAttendees {
    chat_id: ChatId,
}

impl ListChatAttendees {
    /// The attendees of `chat_id`.
    pub fn new(chat_id: impl Into<ChatId>) -> Self {
        Self {
            chat_id: chat_id.into(),
        }
    }
}

impl ApiRequest for ListChatAttendees {
    type Response = Page<ChatAttendee>;
    const ENDPOINT: Endpoint = CHATS_ATTENDEES;

    fn to_http(&self) -> Result<HttpRequest, InvalidRequest> {
        Self::ENDPOINT.http_request(&[("chat_id", self.chat_id.as_str())])
    }
}

/// Reads one attendee: `GET /chat_attendees/{attendee_id}`.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct GetAttendee {
    attendee_id: AttendeeId,
}

impl GetAttendee {
    /// The attendee `attendee_id` (a Unipile attendee id, or a provider id).
    pub fn new(attendee_id: impl Into<AttendeeId>) -> Self {
        Self {
            attendee_id: attendee_id.into(),
        }
    }
}

impl ApiRequest for GetAttendee {
    type Response = ChatAttendee;
    const ENDPOINT: Endpoint = ATTENDEES_GET;

    fn to_http(&self) -> Result<HttpRequest, InvalidRequest> {
        Self::ENDPOINT.http_request(&[("attendee_id", self.attendee_id.as_str())])
    }
}
