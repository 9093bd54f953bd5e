//! Acting on a chat: the actions of `PATCH /chats/{chat_id}`, deleting it, syncing its
//! history.

use super::endpoints::{CHATS_DELETE, CHATS_PATCH, CHATS_SYNC};
use super::{ApiRequest, Endpoint, json_body, non_empty};
use crate::error::InvalidRequest;
use crate::model::id::{ChatId, ProviderId};
use crate::model::responses::{ChatDeleted, ChatPatched, ChatSynced};
use crate::transport::HttpRequest;

/// One documented action of `PATCH /chats/{chat_id}`, each with its own value.
#[derive(Clone, PartialEq, Eq, Debug)]
#[non_exhaustive]
pub enum ChatAction {
    /// `setReadStatus`: `true` marks the chat read, `false` unread.
    SetReadStatus(bool),
    /// `setMuteStatus`: `true` mutes the chat, `false` unmutes it.
    SetMuteStatus(bool),
    /// `setArchiveStatus`: `true` archives the chat, `false` brings it back.
    SetArchiveStatus(bool),
    /// `setPinnedStatus`: `true` pins the chat, `false` unpins it.
    SetPinnedStatus(bool),
    /// `addParticipant`: adds the user with this provider id to a group chat.
    AddParticipant(ProviderId),
    /// `setLabel`: puts the chat under this label (folder) name.
    SetLabel(String),
}

impl ChatAction {
    /// The action's name on the wire (`setMuteStatus`).
    pub fn name(&self) -> &'static str {
        match self {
            ChatAction::SetReadStatus(_) => "setReadStatus",
            ChatAction::SetMuteStatus(_) => "setMuteStatus",
            ChatAction::SetArchiveStatus(_) => "setArchiveStatus",
            ChatAction::SetPinnedStatus(_) => "setPinnedStatus",
            ChatAction::AddParticipant(_) => "addParticipant",
            ChatAction::SetLabel(_) => "setLabel",
        }
    }

    /// The `value` of the body, checked.
    fn value(&self) -> Result<serde_json::Value, InvalidRequest> {
        Ok(match self {
            ChatAction::SetReadStatus(b)
            | ChatAction::SetMuteStatus(b)
            | ChatAction::SetArchiveStatus(b)
            | ChatAction::SetPinnedStatus(b) => serde_json::Value::Bool(*b),
            ChatAction::AddParticipant(id) => {
                non_empty("value", id.as_str())?;
                serde_json::Value::String(id.as_str().to_owned())
            }
            ChatAction::SetLabel(label) => {
                if label.trim().is_empty() {
                    return Err(InvalidRequest::new("value", "a label must not be empty"));
                }
                serde_json::Value::String(label.clone())
            }
        })
    }
}

/// Applies one action to a chat: `PATCH /chats/{chat_id}` with JSON
/// `{"action": …, "value": …}`.
///
/// ```
/// use unipile_core::request::{ApiRequest, ChatAction, PatchChat};
///
/// let http = PatchChat::new("chat", ChatAction::SetMuteStatus(true)).to_http().unwrap();
/// assert_eq!(http.route, "/chats/{chat_id}");
/// let err = PatchChat::new("chat", ChatAction::SetLabel(" ".into())).to_http().unwrap_err();
/// assert_eq!(err.parameter(), "value");
/// ```
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct PatchChat {
    chat_id: ChatId,
    action: ChatAction,
}

impl PatchChat {
    /// Applies `action` to `chat_id`.
    pub fn new(chat_id: impl Into<ChatId>, action: ChatAction) -> Self {
        Self {
            chat_id: chat_id.into(),
            action,
        }
    }

    /// The action applied.
    pub fn action(&self) -> &ChatAction {
        &self.action
    }
}

impl ApiRequest for PatchChat {
    type Response = ChatPatched;
    const ENDPOINT: Endpoint = CHATS_PATCH;

    fn to_http(&self) -> Result<HttpRequest, InvalidRequest> {
        let request = Self::ENDPOINT.http_request(&[("chat_id", self.chat_id.as_str())])?;
        #[derive(serde::Serialize)]
        struct PatchBody {
            action: &'static str,
            value: serde_json::Value,
        }
        json_body(
            request,
            &PatchBody {
                action: self.action.name(),
                value: self.action.value()?,
            },
        )
    }
}

/// Deletes a chat: `DELETE /chats/{chat_id}` (WhatsApp and LinkedIn).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct DeleteChat {
    chat_id: ChatId,
}

impl DeleteChat {
    /// Deletes `chat_id`.
    pub fn new(chat_id: impl Into<ChatId>) -> Self {
        Self {
            chat_id: chat_id.into(),
        }
    }
}

impl ApiRequest for DeleteChat {
    type Response = ChatDeleted;
    const ENDPOINT: Endpoint = CHATS_DELETE;

    fn to_http(&self) -> Result<HttpRequest, InvalidRequest> {
        Self::ENDPOINT.http_request(&[("chat_id", self.chat_id.as_str())])
    }
}

/// Syncs a chat's history from its beginning: `GET /chats/{chat_id}/sync`.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct SyncChat {
    chat_id: ChatId,
}

impl SyncChat {
    /// Syncs `chat_id`.
    pub fn new(chat_id: impl Into<ChatId>) -> Self {
        Self {
            chat_id: chat_id.into(),
        }
    }
}

impl ApiRequest for SyncChat {
    type Response = ChatSynced;
    const ENDPOINT: Endpoint = CHATS_SYNC;

    fn to_http(&self) -> Result<HttpRequest, InvalidRequest> {
        Self::ENDPOINT.http_request(&[("chat_id", self.chat_id.as_str())])
    }
}
