//! Validated requests that render into a transport-neutral [`HttpRequest`].
//!
//! Every call of the API is a value here ([`SendMessage`], [`StartChat`], [`ListMessages`]…)
//! that implements [`ApiRequest`]. Building one never fails; [`ApiRequest::to_http`] checks
//! it and renders it, so bad input (a `limit` of 0, a message with neither text nor file, an
//! id that would change the route) is an [`InvalidRequest`] naming the parameter before
//! anything is sent.
//!
//! ```
//! use unipile_core::request::{ApiRequest, FileUpload, SendMessage};
//!
//! let request = SendMessage::new("a/b?c")
//!     .text("Hello!")
//!     .attachment(FileUpload::from_bytes_guess_type("dog.png", vec![0x89, b'P', b'N', b'G']));
//! let http = request.to_http().unwrap();
//! assert_eq!(http.path, "/chats/a%2Fb%3Fc/messages");
//! assert_eq!(http.route, "/chats/{chat_id}/messages");
//!
//! let err = SendMessage::new("chat").to_http().unwrap_err();
//! assert_eq!(err.parameter(), "text");
//! ```
//!
//! [`endpoints::ENDPOINTS`] lists every call with its method, route and body kind; each
//! request takes its route from that table.

use crate::error::InvalidRequest;
use crate::model::decode::DecodeError;
use crate::model::id::Cursor;
use crate::model::page::Page;
use crate::model::timestamp::format_millis;
use crate::transport::{HttpRequest, HttpResponse, encode_path_segment};
use chrono::{DateTime, Datelike, Utc};

mod accounts;
mod attendee_lists;
mod attendees;
mod chat_actions;
mod chats;
pub mod endpoints;
mod extra;
mod follow_up;
mod lists;
mod message_actions;
mod messages;
mod start_chat;
mod upload;
mod users;
mod webhooks;

pub use accounts::{GetAccount, ListAccounts};
pub use attendee_lists::{DownloadAttendeePicture, ListAttendeeChats, ListAttendeeMessages};
pub use attendees::{GetAttendee, ListAttendees, ListChatAttendees};
pub use chat_actions::{ChatAction, DeleteChat, PatchChat, SyncChat};
pub use chats::{GetChat, ListChatMessages, ListChats, SetChatReadStatus};
pub use endpoints::{BodyKind, ENDPOINTS, Endpoint};
pub use extra::{ExtraParams, WithExtra};
pub use follow_up::{FollowUpDelay, RecruiterFollowUp};
pub use lists::{Paged, Paging, Window, Windowed};
pub use message_actions::{AddReaction, DeleteMessage, EditMessage};
pub use messages::{
    AttachmentData, DownloadAttachment, ForwardMessage, GetMessage, ListMessages, SendMessage,
};
pub use start_chat::{LinkedinApi, LinkedinOptions, LinkedinTopic, RecruiterVisibility, StartChat};
pub use upload::{DEFAULT_MAX_ATTACHMENT_BYTES, FileUpload, guess_content_type};
pub use users::GetUserProfile;
pub use webhooks::{CreateWebhook, DeleteWebhook, ListWebhooks};

/// The largest `limit` the list endpoints accept.
pub const MAX_LIMIT: u32 = 250;

/// A call of the Unipile API: validated and rendered by [`to_http`](ApiRequest::to_http),
/// answered by a [`Response`](ApiRequest::Response).
pub trait ApiRequest {
    /// What a successful response decodes into.
    type Response: FromResponse;

    /// This call's row of the endpoint table: method, route, body kind.
    const ENDPOINT: Endpoint;

    /// Checks the request and renders it. Nothing is sent: an error names the bad
    /// parameter (`limit`, `attendees_ids`, `attachments[2]`…).
    fn to_http(&self) -> Result<HttpRequest, InvalidRequest>;
}

/// A list call that pages with a cursor.
///
/// The first page is [`to_http`](ApiRequest::to_http); each later one is
/// [`next_page`](ListRequest::next_page) with the cursor of the page before. A cursor
/// stands for the filters on Unipile's side, so later pages send only `cursor` and `limit`.
pub trait ListRequest: ApiRequest<Response = Page<Self::Item>> {
    /// The type of the listed items.
    type Item;

    /// The page size asked for, if any (Unipile's default is 100).
    fn page_limit(&self) -> Option<u32>;

    /// The request for the page after the one that returned `cursor`: the same path, with
    /// only `cursor` and `limit` in the query. It fails where the first page would (an id
    /// of the path, the `limit`), or on an empty cursor.
    fn next_page(&self, cursor: &Cursor) -> Result<HttpRequest, InvalidRequest>;
}

/// How a successful response's body becomes a request's [`Response`](ApiRequest::Response).
///
/// Every type that deserializes is read as JSON; [`AttachmentData`] (raw bytes) is not.
pub trait FromResponse: Sized {
    /// Whether the body is JSON. `false` for raw downloads, whose body is kept as sent.
    const IS_JSON: bool = true;

    /// Reads a successful (2xx) response.
    fn from_response(response: HttpResponse) -> Result<Self, DecodeError>;
}

impl<T: serde::de::DeserializeOwned> FromResponse for T {
    fn from_response(response: HttpResponse) -> Result<Self, DecodeError> {
        crate::model::decode::decode(&response.body)
    }
}

/// Dates outside years 1000 to 2999 do not match the API's pattern
/// (`^[1-2]\d{3}-…`): refuse them here rather than get a 400 back.
fn check_timestamp(parameter: &str, at: &DateTime<Utc>) -> Result<String, InvalidRequest> {
    if !(1000..=2999).contains(&at.year()) {
        return Err(InvalidRequest::new(
            parameter,
            format!("{at} is outside the years 1000 to 2999 the API accepts"),
        ));
    }
    Ok(format_millis(at))
}

/// Checks that a value the API needs is not empty.
fn non_empty(parameter: &str, value: &str) -> Result<(), InvalidRequest> {
    if value.is_empty() {
        return Err(InvalidRequest::new(parameter, "must not be empty"));
    }
    Ok(())
}

/// Checks an id bound for the URL path and encodes it as exactly one segment.
///
/// The dot segments `.` and `..` are refused: URL parsers resolve them even when
/// percent-encoded, so they would change the route.
fn path_segment(parameter: &str, id: &str) -> Result<String, InvalidRequest> {
    non_empty(parameter, id)?;
    if id == "." || id == ".." {
        return Err(InvalidRequest::new(
            parameter,
            format!("`{id}` is not an id (it would change the URL path)"),
        ));
    }
    Ok(encode_path_segment(id))
}

/// Renders a JSON body. The SDK's request bodies are plain structs of strings, booleans
/// and lists, whose serialization cannot fail; the error path is kept all the same.
fn json_body<T: serde::Serialize>(
    request: HttpRequest,
    value: &T,
) -> Result<HttpRequest, InvalidRequest> {
    let body = crate::transport::Body::json(value)
        .map_err(|e| InvalidRequest::new("body", format!("cannot be serialized: {e}")))?;
    Ok(request.with_body(body))
}

/// Shows the length of a text, never its content (message text is private).
struct TextLen<'a>(&'a Option<String>);

impl std::fmt::Debug for TextLen<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            None => f.write_str("None"),
            Some(text) => write!(f, "Some(<{} chars>)", text.chars().count()),
        }
    }
}
