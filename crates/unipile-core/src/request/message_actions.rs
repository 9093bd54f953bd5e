//! Acting on a sent or received message: react, edit, delete.

use super::endpoints::{MESSAGES_DELETE, MESSAGES_EDIT, MESSAGES_REACT};
use super::{ApiRequest, Endpoint, TextLen, json_body};
use crate::error::InvalidRequest;
use crate::model::id::MessageId;
use crate::model::responses::{MessageDeleted, MessageEdited, MessageReactionAdded};
use crate::transport::HttpRequest;
use std::fmt;

/// Adds a reaction to a message: `POST /messages/{message_id}/reaction` with JSON
/// `{"reaction": …}` (WhatsApp and LinkedIn).
///
/// ```
/// use unipile_core::request::{AddReaction, ApiRequest};
///
/// let http = AddReaction::new("msg/1", "👍").to_http().unwrap();
/// assert_eq!(http.path, "/messages/msg%2F1/reaction");
/// let err = AddReaction::new("msg", "").to_http().unwrap_err();
/// assert_eq!(err.parameter(), "reaction");
/// ```
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct AddReaction {
    message_id: MessageId,
    reaction: String,
}

impl AddReaction {
    /// Reacts to `message_id` with `reaction`, a native emoji (`"👍"`).
    pub fn new(message_id: impl Into<MessageId>, reaction: impl Into<String>) -> Self {
        Self {
            message_id: message_id.into(),
            reaction: reaction.into(),
        }
    }
}

impl ApiRequest for AddReaction {
    type Response = MessageReactionAdded;
    const ENDPOINT: Endpoint = MESSAGES_REACT;

    fn to_http(&self) -> Result<HttpRequest, InvalidRequest> {
        let request = Self::ENDPOINT.http_request(&[("message_id", self.message_id.as_str())])?;
        let reaction = self.reaction.trim();
        if reaction.is_empty() {
            return Err(InvalidRequest::new(
                "reaction",
                "must be an emoji, not empty",
            ));
        }
        if reaction.chars().any(|c| c.is_ascii_alphabetic()) {
            return Err(InvalidRequest::new(
                "reaction",
                format!("must be a native emoji (such as 👍), not the text `{reaction}`"),
            ));
        }
        #[derive(serde::Serialize)]
        struct ReactionBody<'a> {
            reaction: &'a str,
        }
        json_body(request, &ReactionBody { reaction })
    }
}

/// Changes the text of a message the account sent: `PATCH /messages/{message_id}` with
/// JSON `{"text": …}`. The message then reads `edited`.
///
/// Neither Unipile's published reference nor the official SDKs show this call's method,
/// path and body; they are inferred from the API's other `PATCH` calls. Should Unipile's
/// differ, [`Client::raw`](crate::Client::raw) sends any method, path and body through the
/// same authentication, retries and errors.
///
/// ```
/// use unipile_core::request::{ApiRequest, EditMessage};
///
/// let http = EditMessage::new("msg", "Fixed the typo").to_http().unwrap();
/// assert_eq!(http.route, "/messages/{message_id}");
/// assert_eq!(EditMessage::new("msg", "").to_http().unwrap_err().parameter(), "text");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct EditMessage {
    message_id: MessageId,
    text: String,
}

impl EditMessage {
    /// Replaces the text of `message_id` with `text`.
    pub fn new(message_id: impl Into<MessageId>, text: impl Into<String>) -> Self {
        Self {
            message_id: message_id.into(),
            text: text.into(),
        }
    }
}

impl ApiRequest for EditMessage {
    type Response = MessageEdited;
    const ENDPOINT: Endpoint = MESSAGES_EDIT;

    fn to_http(&self) -> Result<HttpRequest, InvalidRequest> {
        let request = Self::ENDPOINT.http_request(&[("message_id", self.message_id.as_str())])?;
        if self.text.trim().is_empty() {
            return Err(InvalidRequest::new(
                "text",
                "an edit needs the new text (to remove a message, delete it)",
            ));
        }
        #[derive(serde::Serialize)]
        struct EditBody<'a> {
            text: &'a str,
        }
        json_body(request, &EditBody { text: &self.text })
    }
}

impl fmt::Debug for EditMessage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EditMessage")
            .field("message_id", &self.message_id)
            .field("text", &TextLen(&Some(self.text.clone())))
            .finish()
    }
}

/// Deletes a message the account sent: `DELETE /messages/{message_id}` (WhatsApp and
/// LinkedIn; on LinkedIn only within 60 minutes of the send). The message then reads
/// `deleted`.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct DeleteMessage {
    message_id: MessageId,
}

impl DeleteMessage {
    /// Deletes `message_id`.
    pub fn new(message_id: impl Into<MessageId>) -> Self {
        Self {
            message_id: message_id.into(),
        }
    }
}

impl ApiRequest for DeleteMessage {
    type Response = MessageDeleted;
    const ENDPOINT: Endpoint = MESSAGES_DELETE;

    fn to_http(&self) -> Result<HttpRequest, InvalidRequest> {
        Self::ENDPOINT.http_request(&[("message_id", self.message_id.as_str())])
    }
}
