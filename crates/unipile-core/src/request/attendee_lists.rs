//! What hangs off one attendee: its messages, its 1:1 chats, its picture.

use super::endpoints::{ATTENDEES_CHATS, ATTENDEES_MESSAGES, ATTENDEES_PICTURE};
use super::lists::{Paged, Paging, Window, Windowed, push_id};
use super::{ApiRequest, AttachmentData, Endpoint, ListRequest, non_empty};
use crate::error::InvalidRequest;
use crate::model::chat::Chat;
use crate::model::id::{AccountId, AttendeeId, ChatId, Cursor};
use crate::model::message::Message;
use crate::model::page::Page;
use crate::transport::HttpRequest;

/// Lists the messages of one attendee: `GET /chat_attendees/{attendee_id}/messages`,
/// newest first.
///
/// Query, in order: `account_id`, `before`, `after`, `limit` (or, with a cursor, only
/// `cursor` and `limit`).
///
/// ```
/// use unipile_core::request::{ApiRequest, ListAttendeeMessages, Paged};
///
/// let http = ListAttendeeMessages::new("att/1").account_id("acc").limit(10).to_http().unwrap();
/// assert_eq!(http.path_and_query(), "/chat_attendees/att%2F1/messages?account_id=acc&limit=10");
/// ```
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ListAttendeeMessages {
    attendee_id: AttendeeId,
    account_id: Option<AccountId>,
    window: Window,
    paging: Paging,
}

impl ListAttendeeMessages {
    /// The messages of `attendee_id` (a Unipile attendee id or a provider id).
    pub fn new(attendee_id: impl Into<AttendeeId>) -> Self {
        Self {
            attendee_id: attendee_id.into(),
            account_id: None,
            window: Window::default(),
            paging: Paging::default(),
        }
    }

    /// The account the attendee is seen from (`account_id`).
    pub fn account_id(mut self, account_id: impl Into<AccountId>) -> Self {
        self.account_id = Some(account_id.into());
        self
    }

    fn route(&self) -> Result<HttpRequest, InvalidRequest> {
        Self::ENDPOINT.http_request(&[("attendee_id", self.attendee_id.as_str())])
    }
}

impl ApiRequest for ListAttendeeMessages {
    type Response = Page<Message>;
    const ENDPOINT: Endpoint = ATTENDEES_MESSAGES;

    fn to_http(&self) -> Result<HttpRequest, InvalidRequest> {
        self.paging.first_page(self.route()?, |request| {
            push_id(
                request,
                "account_id",
                self.account_id.as_ref().map(AccountId::as_str),
            )?;
            self.window.push(request)
        })
    }
}

impl ListRequest for ListAttendeeMessages {
    type Item = Message;

    fn page_limit(&self) -> Option<u32> {
        self.paging.limit
    }

    fn next_page(&self, cursor: &Cursor) -> Result<HttpRequest, InvalidRequest> {
        self.paging.next_page(self.route()?, cursor)
    }
}

impl Paged for ListAttendeeMessages {
    fn paging_mut(&mut self) -> &mut Paging {
        &mut self.paging
    }
}

impl Windowed for ListAttendeeMessages {
    fn window_mut(&mut self) -> &mut Window {
        &mut self.window
    }
}

/// Lists the 1:1 chats of one or several attendees:
/// `GET /chat_attendees/{attendee_id}/chats`, the ids joined with commas in the path.
///
/// Query, in order: `account_id`, `before`, `after`, `limit` (or, with a cursor, only
/// `cursor` and `limit`).
///
/// ```
/// use unipile_core::request::{ApiRequest, ListAttendeeChats};
///
/// let http = ListAttendeeChats::new("a1").attendee("a2").to_http().unwrap();
/// assert_eq!(http.path, "/chat_attendees/a1%2Ca2/chats");
/// let err = ListAttendeeChats::new("a,b").to_http().unwrap_err();
/// assert_eq!(err.parameter(), "attendee_id[0]");
/// ```
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ListAttendeeChats {
    attendee_ids: Vec<AttendeeId>,
    account_id: Option<AccountId>,
    window: Window,
    paging: Paging,
}

impl ListAttendeeChats {
    /// The 1:1 chats of `attendee_id` (a Unipile attendee id or a provider id).
    pub fn new(attendee_id: impl Into<AttendeeId>) -> Self {
        Self {
            attendee_ids: vec![attendee_id.into()],
            account_id: None,
            window: Window::default(),
            paging: Paging::default(),
        }
    }

    /// Adds another attendee whose chats are listed too.
    pub fn attendee(mut self, attendee_id: impl Into<AttendeeId>) -> Self {
        self.attendee_ids.push(attendee_id.into());
        self
    }

    /// Only the chats of this account (`account_id`).
    pub fn account_id(mut self, account_id: impl Into<AccountId>) -> Self {
        self.account_id = Some(account_id.into());
        self
    }

    fn route(&self) -> Result<HttpRequest, InvalidRequest> {
        for (i, id) in self.attendee_ids.iter().enumerate() {
            let parameter = format!("attendee_id[{i}]");
            non_empty(&parameter, id.as_str())?;
            if id.as_str().contains(',') {
                return Err(InvalidRequest::new(
                    parameter,
                    "contains a comma, which separates attendee ids in this path",
                ));
            }
        }
        let joined: Vec<&str> = self.attendee_ids.iter().map(AttendeeId::as_str).collect();
        Self::ENDPOINT.http_request(&[("attendee_id", &joined.join(","))])
    }
}

impl ApiRequest for ListAttendeeChats {
    type Response = Page<Chat>;
    const ENDPOINT: Endpoint = ATTENDEES_CHATS;

    fn to_http(&self) -> Result<HttpRequest, InvalidRequest> {
        self.paging.first_page(self.route()?, |request| {
            push_id(
                request,
                "account_id",
                self.account_id.as_ref().map(AccountId::as_str),
            )?;
            self.window.push(request)
        })
    }
}

impl ListRequest for ListAttendeeChats {
    type Item = Chat;

    fn page_limit(&self) -> Option<u32> {
        self.paging.limit
    }

    fn next_page(&self, cursor: &Cursor) -> Result<HttpRequest, InvalidRequest> {
        self.paging.next_page(self.route()?, cursor)
    }
}

impl Paged for ListAttendeeChats {
    fn paging_mut(&mut self) -> &mut Paging {
        &mut self.paging
    }
}

impl Windowed for ListAttendeeChats {
    fn window_mut(&mut self) -> &mut Window {
        &mut self.window
    }
}

/// Downloads an attendee's picture: `GET /chat_attendees/{attendee_id}/picture`. A chat id
/// in place of the attendee id gives a group's picture.
///
/// The response is the image itself ([`AttachmentData`]), not JSON.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct DownloadAttendeePicture {
    attendee_id: AttendeeId,
}

impl DownloadAttendeePicture {
    /// The picture of `attendee_id` (or of the group chat with that id).
    pub fn new(attendee_id: impl Into<AttendeeId>) -> Self {
        Self {
            attendee_id: attendee_id.into(),
        }
    }

    /// The picture of the group chat `chat_id` (its id goes where the attendee id would).
    pub fn of_group(chat_id: impl Into<ChatId>) -> Self {
        Self {
            attendee_id: AttendeeId::new(chat_id.into().as_str()),
        }
    }
}

impl ApiRequest for DownloadAttendeePicture {
    type Response = AttachmentData;
    const ENDPOINT: Endpoint = ATTENDEES_PICTURE;

    fn to_http(&self) -> Result<HttpRequest, InvalidRequest> {
        Self::ENDPOINT.http_request(&[("attendee_id", self.attendee_id.as_str())])
    }
}
