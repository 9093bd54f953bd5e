//! The endpoint table: every call the SDK makes, in one place.
//!
//! Each request type takes its method and route from one of these constants
//! ([`ApiRequest::ENDPOINT`](super::ApiRequest::ENDPOINT)), so the table, the requests and
//! the reference docs generated from [`ENDPOINTS`] cannot drift apart.

use crate::error::InvalidRequest;
use crate::transport::{HeaderValue, HttpRequest, Method};

/// How a request's body is encoded.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[non_exhaustive]
pub enum BodyKind {
    /// No body.
    None,
    /// A JSON document.
    Json,
    /// A `multipart/form-data` form.
    Multipart,
}

impl BodyKind {
    /// A short name for tables: `none`, `json` or `multipart`.
    pub fn as_str(self) -> &'static str {
        match self {
            BodyKind::None => "none",
            BodyKind::Json => "json",
            BodyKind::Multipart => "multipart",
        }
    }
}

/// One call of the Unipile API, as the SDK makes it.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[non_exhaustive]
pub struct Endpoint {
    /// The client call, `resource.action` (`messages.send`).
    pub operation: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The route template relative to `/api/v1`, such as `/chats/{chat_id}/messages`.
    /// It holds no id, so it is safe to log.
    pub route: &'static str,
    /// The name of the request type in [`crate::request`] (`SendMessage`).
    pub request_type: &'static str,
    /// The name of the response type (`MessageSent`, `Page<Message>`).
    pub response_type: &'static str,
    /// Whether the response is a page with a cursor to follow.
    pub paginated: bool,
    /// How the body is encoded.
    pub body: BodyKind,
}

impl Endpoint {
    /// A row of the table. Public so that a crate can describe, and send through the
    /// client, a call this SDK does not cover yet.
    pub const fn new(
        operation: &'static str,
        method: Method,
        route: &'static str,
        request_type: &'static str,
        response_type: &'static str,
        paginated: bool,
        body: BodyKind,
    ) -> Self {
        Self {
            operation,
            method,
            route,
            request_type,
            response_type,
            paginated,
            body,
        }
    }

    /// Whether the call only reads (`GET`): safe to retry.
    pub fn is_read(&self) -> bool {
        self.method.is_read()
    }

    /// Starts this call's request: each `{name}` of the route is filled with the id of
    /// that name in `ids`, checked (not empty, not `.` or `..`) and percent-encoded as one
    /// path segment; `accept: application/json` is set.
    ///
    /// ```
    /// use unipile_core::request::endpoints::MESSAGES_ATTACHMENT;
    /// let request = MESSAGES_ATTACHMENT
    ///     .http_request(&[("message_id", "m/1"), ("attachment_id", "a")])
    ///     .unwrap();
    /// assert_eq!(request.path, "/messages/m%2F1/attachments/a");
    /// assert_eq!(request.route, "/messages/{message_id}/attachments/{attachment_id}");
    /// let err = MESSAGES_ATTACHMENT.http_request(&[("message_id", "..")]).unwrap_err();
    /// assert_eq!(err.parameter(), "message_id");
    /// ```
    pub fn http_request(&self, ids: &[(&str, &str)]) -> Result<HttpRequest, InvalidRequest> {
        let mut path = String::with_capacity(self.route.len() + 32);
        for segment in self.route.split('/').skip(1) {
            path.push('/');
            match placeholder(segment) {
                Some(name) => {
                    let (_, id) = ids.iter().find(|(n, _)| *n == name).ok_or_else(|| {
                        InvalidRequest::new(name, "is required in the path but was not given")
                    })?;
                    path.push_str(&super::path_segment(name, id)?);
                }
                None => path.push_str(segment),
            }
        }
        let mut request = HttpRequest::new(self.method, self.route, path);
        request
            .headers
            .insert("accept", HeaderValue::new("application/json"));
        Ok(request)
    }

    /// The names of the route's path parameters, in order (`["chat_id"]`).
    pub fn path_parameters(&self) -> impl Iterator<Item = &'static str> {
        let route = self.route;
        route.split('/').filter_map(placeholder)
    }
}

/// `chat_id` for the route segment `{chat_id}`.
fn placeholder(segment: &str) -> Option<&str> {
    segment
        .strip_prefix('{')
        .and_then(|rest| rest.strip_suffix('}'))
}

/// `POST /chats/{chat_id}/messages`: send a message in a chat.
pub const MESSAGES_SEND: Endpoint = Endpoint::new(
    "messages.send",
    Method::Post,
    "/chats/{chat_id}/messages",
    "SendMessage",
    "MessageSent",
    false,
    BodyKind::Multipart,
);
/// `GET /messages/{message_id}`: one message.
pub const MESSAGES_GET: Endpoint = Endpoint::new(
    "messages.get",
    Method::Get,
    "/messages/{message_id}",
    "GetMessage",
    "Message",
    false,
    BodyKind::None,
);
/// `GET /messages`: every message of every (or one) account.
pub const MESSAGES_LIST: Endpoint = Endpoint::new(
    "messages.list",
    Method::Get,
    "/messages",
    "ListMessages",
    "Page<Message>",
    true,
    BodyKind::None,
);
/// `POST /messages/{message_id}/forward`: forward a message to another chat.
pub const MESSAGES_FORWARD: Endpoint = Endpoint::new(
    "messages.forward",
    Method::Post,
    "/messages/{message_id}/forward",
    "ForwardMessage",
    "MessageForwarded",
    false,
    BodyKind::Json,
);
/// `GET /messages/{message_id}/attachments/{attachment_id}`: an attachment's bytes.
pub const MESSAGES_ATTACHMENT: Endpoint = Endpoint::new(
    "messages.attachment",
    Method::Get,
    "/messages/{message_id}/attachments/{attachment_id}",
    "DownloadAttachment",
    "AttachmentData",
    false,
    BodyKind::None,
);
/// `POST /chats`: start a chat (1:1, group or InMail) with a first message.
pub const CHATS_START: Endpoint = Endpoint::new(
    "chats.start",
    Method::Post,
    "/chats",
    "StartChat",
    "ChatStarted",
    false,
    BodyKind::Multipart,
);
/// `GET /chats/{chat_id}`: one chat.
pub const CHATS_GET: Endpoint = Endpoint::new(
    "chats.get",
    Method::Get,
    "/chats/{chat_id}",
    "GetChat",
    "Chat",
    false,
    BodyKind::None,
);
/// `GET /chats`: the chats of every (or some) account.
pub const CHATS_LIST: Endpoint = Endpoint::new(
    "chats.list",
    Method::Get,
    "/chats",
    "ListChats",
    "Page<Chat>",
    true,
    BodyKind::None,
);
/// `GET /chats/{chat_id}/messages`: a chat's history, newest first.
pub const CHATS_MESSAGES: Endpoint = Endpoint::new(
    "chats.messages",
    Method::Get,
    "/chats/{chat_id}/messages",
    "ListChatMessages",
    "Page<Message>",
    true,
    BodyKind::None,
);
/// `GET /chats/{chat_id}/attendees`: a chat's attendees (one page, no cursor).
pub const CHATS_ATTENDEES: Endpoint = Endpoint::new(
    "chats.attendees",
    Method::Get,
    "/chats/{chat_id}/attendees",
    "ListChatAttendees",
    "Page<ChatAttendee>",
    false,
    BodyKind::None,
);
/// `GET /chat_attendees`: every attendee of every (or one) account.
pub const ATTENDEES_LIST: Endpoint = Endpoint::new(
    "attendees.list",
    Method::Get,
    "/chat_attendees",
    "ListAttendees",
    "Page<ChatAttendee>",
    true,
    BodyKind::None,
);
/// `GET /chat_attendees/{attendee_id}`: one attendee.
pub const ATTENDEES_GET: Endpoint = Endpoint::new(
    "attendees.get",
    Method::Get,
    "/chat_attendees/{attendee_id}",
    "GetAttendee",
    "ChatAttendee",
    false,
    BodyKind::None,
);
/// `GET /accounts`: the connected accounts.
pub const ACCOUNTS_LIST: Endpoint = Endpoint::new(
    "accounts.list",
    Method::Get,
    "/accounts",
    "ListAccounts",
    "Page<Account>",
    true,
    BodyKind::None,
);
/// `GET /accounts/{account_id}`: one connected account.
pub const ACCOUNTS_GET: Endpoint = Endpoint::new(
    "accounts.get",
    Method::Get,
    "/accounts/{account_id}",
    "GetAccount",
    "Account",
    false,
    BodyKind::None,
);
/// `POST /webhooks`: register a webhook.
pub const WEBHOOKS_CREATE: Endpoint = Endpoint::new(
    "webhooks.create",
    Method::Post,
    "/webhooks",
    "CreateWebhook",
    "WebhookCreated",
    false,
    BodyKind::Json,
);
/// `GET /webhooks`: the registered webhooks.
pub const WEBHOOKS_LIST: Endpoint = Endpoint::new(
    "webhooks.list",
    Method::Get,
    "/webhooks",
    "ListWebhooks",
    "Page<Webhook>",
    true,
    BodyKind::None,
);
/// `DELETE /webhooks/{webhook_id}`: remove a webhook.
pub const WEBHOOKS_DELETE: Endpoint = Endpoint::new(
    "webhooks.delete",
    Method::Delete,
    "/webhooks/{webhook_id}",
    "DeleteWebhook",
    "WebhookDeleted",
    false,
    BodyKind::None,
);

/// `POST /messages/{message_id}/reaction`: add a reaction (a native emoji) to a message.
pub const MESSAGES_REACT: Endpoint = Endpoint::new(
    "messages.react",
    Method::Post,
    "/messages/{message_id}/reaction",
    "AddReaction",
    "MessageReactionAdded",
    false,
    BodyKind::Json,
);
/// `PATCH /messages/{message_id}`: change the text of a message the account sent.
pub const MESSAGES_EDIT: Endpoint = Endpoint::new(
    "messages.edit",
    Method::Patch,
    "/messages/{message_id}",
    "EditMessage",
    "MessageEdited",
    false,
    BodyKind::Json,
);
/// `DELETE /messages/{message_id}`: delete a message the account sent.
pub const MESSAGES_DELETE: Endpoint = Endpoint::new(
    "messages.delete",
    Method::Delete,
    "/messages/{message_id}",
    "DeleteMessage",
    "MessageDeleted",
    false,
    BodyKind::None,
);
/// `PATCH /chats/{chat_id}`: one action on a chat (mark read, mute, archive, pin, add a
/// participant, label).
pub const CHATS_PATCH: Endpoint = Endpoint::new(
    "chats.patch",
    Method::Patch,
    "/chats/{chat_id}",
    "PatchChat",
    "ChatPatched",
    false,
    BodyKind::Json,
);
/// `DELETE /chats/{chat_id}`: delete a chat.
pub const CHATS_DELETE: Endpoint = Endpoint::new(
    "chats.delete",
    Method::Delete,
    "/chats/{chat_id}",
    "DeleteChat",
    "ChatDeleted",
    false,
    BodyKind::None,
);
/// `GET /chats/{chat_id}/sync`: sync a chat's history from its beginning.
pub const CHATS_SYNC: Endpoint = Endpoint::new(
    "chats.sync",
    Method::Get,
    "/chats/{chat_id}/sync",
    "SyncChat",
    "ChatSynced",
    false,
    BodyKind::None,
);
/// `GET /chat_attendees/{attendee_id}/picture`: an attendee's picture (a chat id gives a group's).
pub const ATTENDEES_PICTURE: Endpoint = Endpoint::new(
    "attendees.picture",
    Method::Get,
    "/chat_attendees/{attendee_id}/picture",
    "DownloadAttendeePicture",
    "AttachmentData",
    false,
    BodyKind::None,
);
/// `GET /chat_attendees/{attendee_id}/messages`: the messages of an attendee, newest first.
pub const ATTENDEES_MESSAGES: Endpoint = Endpoint::new(
    "attendees.messages",
    Method::Get,
    "/chat_attendees/{attendee_id}/messages",
    "ListAttendeeMessages",
    "Page<Message>",
    true,
    BodyKind::None,
);
/// `GET /chat_attendees/{attendee_id}/chats`: the 1:1 chats of one or several attendees.
pub const ATTENDEES_CHATS: Endpoint = Endpoint::new(
    "attendees.chats",
    Method::Get,
    "/chat_attendees/{attendee_id}/chats",
    "ListAttendeeChats",
    "Page<Chat>",
    true,
    BodyKind::None,
);
/// `GET /users/{user_id}`: a user's profile, by provider id or public identifier (the
/// path takes either; the API calls it `identifier`).
pub const USERS_GET: Endpoint = Endpoint::new(
    "users.get",
    Method::Get,
    "/users/{user_id}",
    "GetUserProfile",
    "UserProfile",
    false,
    BodyKind::None,
);

/// Every endpoint, grouped by resource. The source of the generated reference table.
pub const ENDPOINTS: &[Endpoint] = &[
    MESSAGES_SEND,
    MESSAGES_GET,
    MESSAGES_LIST,
    MESSAGES_FORWARD,
    MESSAGES_ATTACHMENT,
    MESSAGES_REACT,
    MESSAGES_EDIT,
    MESSAGES_DELETE,
    CHATS_START,
    CHATS_GET,
    CHATS_LIST,
    CHATS_MESSAGES,
    CHATS_PATCH,
    CHATS_DELETE,
    CHATS_SYNC,
    CHATS_ATTENDEES,
    ATTENDEES_LIST,
    ATTENDEES_GET,
    ATTENDEES_PICTURE,
    ATTENDEES_MESSAGES,
    ATTENDEES_CHATS,
    ACCOUNTS_LIST,
    ACCOUNTS_GET,
    USERS_GET,
    WEBHOOKS_CREATE,
    WEBHOOKS_LIST,
    WEBHOOKS_DELETE,
];

/// The endpoint of a client call (`"chats.start"`), if there is one.
pub fn by_operation(operation: &str) -> Option<&'static Endpoint> {
    ENDPOINTS.iter().find(|e| e.operation == operation)
}
