//! Acting on a chat: `PATCH /chats/{chat_id}` (every documented action) and
//! `DELETE /chats/{chat_id}`.

use serde::Deserialize;
use serde_json::Value;
use unipile_core::MessageId;
use unipile_core::model::responses::{ChatDeleted, ChatPatched};
use unipile_core::transport::HttpRequest;

use super::body::{Written, json, json_body};
use crate::api_error::ApiFailure;
use crate::state::State;
use crate::state::attendees::attendee_for;

#[derive(Deserialize)]
struct PatchChatBody {
    action: Option<String>,
    value: Option<Value>,
}

fn bool_value(value: Option<Value>) -> Result<bool, ApiFailure> {
    match value {
        Some(Value::Bool(b)) => Ok(b),
        Some(other) => Err(ApiFailure::invalid_parameter(
            "value",
            format!("must be a boolean, got {other}"),
        )),
        None => Err(ApiFailure::missing_parameter("value")),
    }
}

fn text_value(value: Option<Value>) -> Result<String, ApiFailure> {
    match value {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s),
        Some(other) => Err(ApiFailure::invalid_parameter(
            "value",
            format!("must be a non-empty string, got {other}"),
        )),
        None => Err(ApiFailure::missing_parameter("value")),
    }
}

/// `PATCH /chats/{chat_id}`: `setReadStatus`, `setMuteStatus`, `setArchiveStatus`,
/// `setPinnedStatus`, `addParticipant` (groups only) or `setLabel`.
pub(super) fn patch_chat(state: &mut State, chat_id: &str, request: &HttpRequest) -> Written {
    let body: PatchChatBody = json_body(request)?;
    let chat = state
        .chats
        .get(chat_id)
        .ok_or_else(|| ApiFailure::not_found("Chat", chat_id))?;
    let chat_id = chat.id.to_string();
    let account_id = chat.account_id.clone();
    let is_group = chat.kind == 1;
    let action = body
        .action
        .ok_or_else(|| ApiFailure::missing_parameter("action"))?;
    match action.as_str() {
        "setReadStatus" => set_read(state, &chat_id, bool_value(body.value)?),
        "setMuteStatus" => {
            let muted = bool_value(body.value)?;
            with_chat(state, &chat_id, |c| c.muted = muted);
        }
        "setArchiveStatus" => {
            let archived = bool_value(body.value)?;
            with_chat(state, &chat_id, |c| c.archived = archived);
        }
        "setPinnedStatus" => {
            let pinned = bool_value(body.value)?;
            with_chat(state, &chat_id, |c| c.pinned = pinned);
        }
        "setLabel" => {
            let label = text_value(body.value)?;
            with_chat(state, &chat_id, |c| {
                if !c.labels.contains(&label) {
                    c.labels.push(label);
                }
            });
        }
        "addParticipant" => {
            let provider_id = text_value(body.value)?;
            if !is_group {
                return Err(ApiFailure::invalid_parameter(
                    "action",
                    "addParticipant applies to group chats only",
                ));
            }
            let attendee = attendee_for(state, &account_id, &provider_id);
            with_chat(state, &chat_id, |c| {
                if !c.attendees.contains(&attendee) {
                    c.attendees.push(attendee);
                }
            });
        }
        other => {
            return Err(ApiFailure::invalid_parameter(
                "action",
                format!(
                    "must be one of setReadStatus, setMuteStatus, setArchiveStatus, \
                     setPinnedStatus, addParticipant, setLabel; got {other:?}"
                ),
            ));
        }
    }
    Ok((json(200, &ChatPatched::new()), vec![]))
}

fn with_chat(state: &mut State, chat_id: &str, change: impl FnOnce(&mut crate::state::ChatRec)) {
    if let Some(chat) = state.chats.get_mut(chat_id) {
        change(chat);
    }
}

/// `setReadStatus`: read marks every received message seen; unread marks the newest
/// received message unread, as the apps do.
fn set_read(state: &mut State, chat_id: &str, read: bool) {
    let Some(chat) = state.chats.get_mut(chat_id) else {
        return;
    };
    let received: Vec<MessageId> = chat.messages.values().cloned().collect();
    if read {
        chat.unread_count = 0;
        for id in &received {
            if let Some(rec) = state.messages.get_mut(id).filter(|r| !r.message.is_sender) {
                rec.message.seen = true;
            }
        }
    } else {
        let newest = received.iter().rev().find(|id| {
            state
                .messages
                .get(*id)
                .is_some_and(|r| !r.message.is_sender)
        });
        if let Some(rec) = newest.and_then(|id| state.messages.get_mut(id)) {
            rec.message.seen = false;
            chat.unread_count = chat.unread_count.max(1);
        }
    }
}

/// `DELETE /chats/{chat_id}`: the chat and its messages are gone.
pub(super) fn delete_chat(state: &mut State, chat_id: &str) -> Written {
    state
        .remove_chat(chat_id)
        .ok_or_else(|| ApiFailure::not_found("Chat", chat_id))?;
    Ok((json(200, &ChatDeleted::new()), vec![]))
}
