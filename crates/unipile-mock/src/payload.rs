//! The messaging webhook payloads (`message_received`, and the reaction, edit and delete
//! events on the same shape), in the documented shape: `account_info`,
//! `sender` and `attendees` as `{attendee_id, attendee_name, attendee_provider_id,
//! attendee_profile_url}`, the text as `message`, and the documented quirks (scalars inside
//! `attachments` as strings; a single attachment as an object rather than an array).

use bytes::Bytes;
use serde_json::{Value, json};

use unipile_core::{AccountId, MessageId};

use crate::delivery::WebhookDelivery;
use crate::state::{AttendeeRec, MessageRec, State, WebhookRec};

/// The deliveries a new message causes: one per enabled messaging webhook whose accounts
/// and events match.
pub(crate) fn message_received(state: &State, message_id: &MessageId) -> Vec<WebhookDelivery> {
    message_event(state, message_id, "message_received", None)
}

/// A reaction: its emoji, and who reacted (`reaction`, `reaction_sender`).
pub(crate) struct ReactionInfo<'a> {
    pub(crate) value: &'a str,
    pub(crate) sender: Option<&'a AttendeeRec>,
}

/// The deliveries of a messaging `event` (`message_received`, `message_reaction`,
/// `message_edited`, `message_deleted`) about `message_id`: one per enabled messaging
/// webhook whose accounts and events match. A reaction adds `reaction` and
/// `reaction_sender`, as documented for `message_reaction` only.
pub(crate) fn message_event(
    state: &State,
    message_id: &MessageId,
    event: &str,
    reaction: Option<ReactionInfo<'_>>,
) -> Vec<WebhookDelivery> {
    let Some(message) = state.messages.get(message_id) else {
        return Vec::new();
    };
    let targets: Vec<_> =
        subscribed(state, "messaging", event, &message.message.account_id).collect();
    if targets.is_empty() {
        return Vec::new();
    }
    targets
        .into_iter()
        .map(|webhook| {
            let mut body = payload(state, message, webhook.name.as_deref().unwrap_or(""));
            body["event"] = Value::from(event);
            if let Some(reaction) = &reaction {
                body["reaction"] = Value::from(reaction.value);
                body["reaction_sender"] = reaction.sender.map(person).unwrap_or(Value::Null);
            }
            WebhookDelivery {
                webhook_id: webhook.id.clone(),
                request_url: webhook.request_url.clone(),
                event: event.to_owned(),
                headers: webhook.headers.clone(),
                body: Bytes::from(serde_json::to_vec(&body).unwrap_or_default()),
            }
        })
        .collect()
}

/// The deliveries an account's status change causes: one per enabled `account_status`
/// webhook that covers the account, with the documented body
/// `{"AccountStatus":{"account_id","account_type","message"}}`.
pub(crate) fn account_status(
    state: &State,
    account_id: &AccountId,
    status: &str,
) -> Vec<WebhookDelivery> {
    let Some(account) = state.accounts.get(account_id) else {
        return Vec::new();
    };
    let body = json!({
        "AccountStatus": {
            "account_id": account.id,
            "account_type": account.account_type,
            "message": status,
        }
    });
    let body = Bytes::from(serde_json::to_vec(&body).unwrap_or_default());
    subscribed(state, "account_status", "account_status", account_id)
        .map(|webhook| WebhookDelivery {
            webhook_id: webhook.id.clone(),
            request_url: webhook.request_url.clone(),
            event: "account_status".to_owned(),
            headers: webhook.headers.clone(),
            body: body.clone(),
        })
        .collect()
}

/// The enabled webhooks of `source` that cover `account_id` and `event` (a webhook with
/// no events listed takes every event of its source), in the order they were created.
fn subscribed<'s>(
    state: &'s State,
    source: &'s str,
    event: &'s str,
    account_id: &'s AccountId,
) -> impl Iterator<Item = &'s WebhookRec> + 's {
    state
        .webhook_order
        .values()
        .filter_map(|id| state.webhooks.get(id))
        .filter(move |w| {
            w.enabled
                && w.source == source
                && (source != "messaging"
                    || w.events.is_empty()
                    || w.events.iter().any(|e| e == event))
                && (w.account_ids.is_empty() || w.account_ids.contains(account_id))
        })
}

fn person(attendee: &AttendeeRec) -> Value {
    json!({
        "attendee_id": attendee.id,
        "attendee_name": attendee.name,
        "attendee_provider_id": attendee.provider_id,
        "attendee_profile_url": attendee.profile_url.clone().unwrap_or_default(),
    })
}

/// The documented webhook quirk: every scalar inside an attachment is a string
/// (`"height": "150"`, `"sticker": "false"`).
fn stringify_scalars(value: Value) -> Value {
    match value {
        Value::Bool(b) => Value::String(b.to_string()),
        Value::Number(n) => Value::String(n.to_string()),
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (k, stringify_scalars(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(stringify_scalars).collect()),
        other => other,
    }
}

fn payload(state: &State, rec: &MessageRec, webhook_name: &str) -> Value {
    let message = &rec.message;
    let chat = state.chats.get(&message.chat_id);
    let account = state.accounts.get(&message.account_id);
    let sender = state
        .attendees
        .get(&message.sender_attendee_id)
        .map(person)
        .unwrap_or(Value::Null);
    let mut attendees: Vec<Value> = Vec::new();
    if let Some(account) = account
        && let Some(me) = state.attendees.get(&account.self_attendee)
    {
        attendees.push(person(me));
    }
    if let Some(chat) = chat {
        attendees.extend(
            chat.attendees
                .iter()
                .filter_map(|id| state.attendees.get(id))
                .map(person),
        );
    }
    let attachments: Vec<Value> = message
        .attachments
        .iter()
        .filter_map(|a| serde_json::to_value(a).ok())
        .map(stringify_scalars)
        .collect();
    let attachments = match <[Value; 1]>::try_from(attachments) {
        // As documented: a single attachment is an object.
        Ok([one]) => one,
        Err(many) => Value::Array(many),
    };
    let account_type = account.map(|a| a.account_type.as_str()).unwrap_or("");
    json!({
        "account_id": message.account_id,
        "account_type": account_type,
        "account_info": {
            "type": account_type,
            "feature": if account_type == "LINKEDIN" { "classic" } else { "" },
            "user_id": account.map(|a| a.user_id.as_str()).unwrap_or(""),
        },
        "event": "message_received",
        "chat_id": message.chat_id,
        "timestamp": crate::render::iso(rec.key.0),
        "webhook_name": webhook_name,
        "message_id": message.id,
        "message": message.text,
        "sender": sender,
        "attendees": attendees,
        "attachments": attachments,
        "subject": message.subject,
        "provider_chat_id": message.chat_provider_id,
        "provider_message_id": message.provider_id,
        "is_event": if message.is_event { "1" } else { "0" },
        "is_group": chat.is_some_and(|c| c.kind == 1),
        "quoted": message.quoted.as_ref().map(|q| json!({
            "provider_id": q.provider_id,
            "sender_id": q.sender_id,
            "text": q.text,
        })),
        "chat_content_type": chat.and_then(|c| c.content_type.clone()),
        "message_type": message.message_type,
        "folder": chat.map(|c| c.folder.clone()).unwrap_or_default(),
    })
}
