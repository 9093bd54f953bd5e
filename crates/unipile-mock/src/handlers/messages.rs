//! Sending and forwarding messages: `POST /chats/{chat_id}/messages`,
//! `POST /messages/{message_id}/forward`.

use serde::Deserialize;
use unipile_core::model::message::QuotedMessage;
use unipile_core::model::responses::{MessageForwarded, MessageSent};
use unipile_core::transport::{HttpRequest, Multipart};
use unipile_core::{ChatId, MessageId};

use super::body::{Written, form, json, json_body};
use crate::api_error::ApiFailure;
use crate::state::State;
use crate::state::messages::{Outgoing, new_message};
use crate::state::uploads::{Special, uploaded};

/// Reads `text`, `attachments`, `voice_message` and `video_message` from a form.
pub(super) fn outgoing(state: &mut State, form: &Multipart) -> Outgoing {
    let text = form.text("text").map(str::to_owned);
    let mut attachments = Vec::new();
    for part in form.parts().iter().filter(|p| p.is_file()) {
        let special = match part.name.as_str() {
            "attachments" | "attachments[]" => None,
            "voice_message" => Some(Special::Voice),
            "video_message" => Some(Special::Video),
            _ => continue,
        };
        attachments.push(uploaded(state, part, special));
    }
    Outgoing { text, attachments }
}

/// `POST /chats/{chat_id}/messages`.
pub(super) fn send_message(state: &mut State, chat_id: &str, request: &HttpRequest) -> Written {
    let form = form(request)?;
    let chat = state
        .chats
        .get(chat_id)
        .ok_or_else(|| ApiFailure::not_found("Chat", chat_id))?;
    if let Some(account_id) = form.text("account_id")
        && chat.account_id != account_id
    {
        return Err(ApiFailure::not_found(
            "Chat",
            &format!("{chat_id} in account {account_id}"),
        ));
    }
    let chat_id = chat.id.clone();
    let quoted = match form.text("quote_id") {
        Some(id) => Some(quote(state, &chat_id, id)?),
        None => None,
    };
    let out = outgoing(state, form);
    if out.text.as_deref().is_none_or(str::is_empty) && out.attachments.is_empty() {
        return Err(ApiFailure::missing_parameter("text"));
    }
    let message_id = store_sent(state, &chat_id, out, quoted);
    let deliveries = crate::payload::message_received(state, &message_id);
    let body = MessageSent::new(Some(message_id));
    Ok((json(201, &body), deliveries))
}

fn quote(state: &State, chat_id: &ChatId, id: &str) -> Result<QuotedMessage, ApiFailure> {
    let quoted = state
        .messages
        .get(id)
        .map(|rec| &rec.message)
        .filter(|m| m.chat_id == *chat_id)
        .ok_or_else(|| ApiFailure::not_found("Message to quote", id))?;
    let mut q = QuotedMessage::new(quoted.provider_id.clone(), quoted.sender_id.clone());
    q.text = quoted.text.clone();
    q.attachments = quoted.attachments.clone();
    Ok(q)
}

/// Stores a message sent by the account into `chat_id` and returns its id.
pub(super) fn store_sent(
    state: &mut State,
    chat_id: &ChatId,
    out: Outgoing,
    quoted: Option<QuotedMessage>,
) -> MessageId {
    let mut rec = new_message(state, chat_id, None, out);
    rec.message.quoted = quoted.map(Box::new);
    let id = rec.message.id.clone();
    state.insert_message(rec);
    state.sent.push(id.clone());
    id
}

#[derive(Deserialize)]
struct ForwardBody {
    chat_id: Option<String>,
}

/// `POST /messages/{message_id}/forward`.
pub(super) fn forward(state: &mut State, message_id: &str, request: &HttpRequest) -> Written {
    let body: ForwardBody = json_body(request)?;
    let original = state
        .messages
        .get(message_id)
        .ok_or_else(|| ApiFailure::not_found("Message", message_id))?
        .clone();
    let target = body
        .chat_id
        .ok_or_else(|| ApiFailure::missing_parameter("chat_id"))?;
    let target = state
        .chats
        .get(target.as_str())
        .ok_or_else(|| ApiFailure::not_found("Chat", &target))?
        .id
        .clone();
    let out = Outgoing {
        text: original.message.text.clone(),
        attachments: original
            .message
            .attachments
            .iter()
            .cloned()
            .zip(original.files.iter().cloned())
            .collect(),
    };
    let id = store_sent(state, &target, out, None);
    if let Some(rec) = state.messages.get_mut(&id) {
        rec.message.is_forwarded = true;
    }
    let deliveries = crate::payload::message_received(state, &id);
    let body = MessageForwarded::new(Some(id));
    Ok((json(201, &body), deliveries))
}
