//! The fake's answers in Unipile's wire form, as the official SDK's published response types
//! describe it.
//!
//! Records render as core's API types ([`crate::render`]); those serialize as the SDK's own
//! model (flags as booleans, absent optional members), which is what the CLI's `--json`
//! prints. Unipile writes some of them differently, and this module turns a rendered object
//! into that form: message, chat and attendee flags as `0 | 1`, members the types require
//! as `null` rather than absent, no `event_type: null` on ordinary messages, and each
//! account variant with the connection parameters its type requires.

use serde::Serialize;
use serde_json::{Map, Value};
use unipile_core::model::account::Account;
use unipile_core::model::attendee::ChatAttendee;
use unipile_core::model::chat::Chat;
use unipile_core::model::message::Message;

use crate::state::AccountRec;

/// The message flags Unipile writes as `0 | 1`. Reactions' `is_sender` and attachment flags
/// (`unavailable`, `sticker`, `gif`, `voice_note`) stay booleans.
const MESSAGE_FLAGS: &[&str] = &[
    "is_sender",
    "seen",
    "hidden",
    "deleted",
    "edited",
    "is_event",
    "delivered",
];
/// The chat flags Unipile writes as `0 | 1`.
const CHAT_FLAGS: &[&str] = &["archived", "pinned"];
/// The attendee flags Unipile writes as `1 | 0`.
const ATTENDEE_FLAGS: &[&str] = &["is_self", "hidden"];

/// `value` serialized; an object the fake cannot serialize is a bug of the fake, answered as
/// `null` so that every check of the answer fails loudly.
fn to_object(value: &impl Serialize) -> Map<String, Value> {
    match serde_json::to_value(value) {
        Ok(Value::Object(object)) => object,
        _ => Map::new(),
    }
}

/// Turns the boolean members named by `flags` into `0 | 1`.
fn flags_as_numbers(object: &mut Map<String, Value>, flags: &[&str]) {
    for flag in flags {
        if let Some(value) = object.get_mut(*flag)
            && let Some(set) = value.as_bool()
        {
            *value = Value::from(u8::from(set));
        }
    }
}

/// Adds each member of `names` that is absent, as `null`.
fn nulls_where_absent(object: &mut Map<String, Value>, names: &[&str]) {
    for name in names {
        object.entry(*name).or_insert(Value::Null);
    }
}

fn message_object(message: &Message) -> Map<String, Value> {
    let mut object = to_object(message);
    flags_as_numbers(&mut object, MESSAGE_FLAGS);
    // `event_type` is optional and not nullable: absent on ordinary messages.
    if object.get("event_type").is_some_and(Value::is_null) {
        object.remove("event_type");
    }
    nulls_where_absent(&mut object, &["text", "behavior"]);
    object
        .entry("original")
        .or_insert_with(|| Value::from("{}"));
    object
}

/// A message (`GET /messages/{id}`, every message list, a chat's `lastMessage`).
pub(crate) fn message(message: &Message) -> Value {
    Value::Object(message_object(message))
}

fn chat_object(chat: &Chat) -> Map<String, Value> {
    let mut object = to_object(chat);
    flags_as_numbers(&mut object, CHAT_FLAGS);
    nulls_where_absent(&mut object, &["name", "timestamp", "muted_until"]);
    object
}

/// A chat, as the chat lists have it.
pub(crate) fn chat(chat: &Chat) -> Value {
    Value::Object(chat_object(chat))
}

/// A chat with its `lastMessage` (`null` when it has none), as `GET /chats/{id}` has it.
pub(crate) fn chat_with_last_message(chat: &Chat, last: Option<&Message>) -> Value {
    let mut object = chat_object(chat);
    object.insert("lastMessage".to_owned(), last.map_or(Value::Null, message));
    Value::Object(object)
}

/// A chat attendee.
pub(crate) fn attendee(attendee: &ChatAttendee) -> Value {
    let mut object = to_object(attendee);
    flags_as_numbers(&mut object, ATTENDEE_FLAGS);
    Value::Object(object)
}

/// An account: the variant of its `type`, whose `connection_params` carry the members that
/// variant requires.
pub(crate) fn account(record: &AccountRec, account: &Account) -> Value {
    let mut object = to_object(account);
    let im = match record.account_type.as_str() {
        "LINKEDIN" => {
            let mut im = account.im().map(to_object).unwrap_or_default();
            im.entry("premiumContractId").or_insert(Value::Null);
            im
        }
        "SLACK" => {
            let team = record.username.split('.').next().unwrap_or("team");
            let mut im = Map::new();
            im.insert("url".into(), format!("https://{team}.slack.com/").into());
            im.insert("user".into(), record.username.clone().into());
            im.insert("user_id".into(), record.user_id.clone().into());
            im.insert("team".into(), team.into());
            im.insert("team_id".into(), format!("T{}", record.user_id).into());
            im
        }
        _ => account.im().map(to_object).unwrap_or_default(),
    };
    let mut params = Map::new();
    params.insert("im".to_owned(), Value::Object(im));
    object.insert("connection_params".to_owned(), Value::Object(params));
    Value::Object(object)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn message_flags_are_numbers_and_nested_flags_stay_booleans() {
        let message: Message = serde_json::from_value(json!({
            "object": "Message", "id": "m1", "timestamp": "2025-06-02T09:29:27.702Z",
            "is_sender": true, "seen": false, "event_type": null,
            "reactions": [{"value": "👍", "sender_id": "s", "is_sender": true}],
            "attachments": [{"type": "img", "id": "a", "unavailable": false, "sticker": true,
                             "size": {"width": 1, "height": 1}}],
        }))
        .expect("a message");
        let wire = message_object(&message);
        assert_eq!(wire["is_sender"], json!(1));
        assert_eq!(wire["seen"], json!(0));
        assert_eq!(wire["reactions"][0]["is_sender"], json!(true));
        assert_eq!(wire["attachments"][0]["sticker"], json!(true));
        assert_eq!(wire["attachments"][0]["unavailable"], json!(false));
        assert!(!wire.contains_key("event_type"));
        assert_eq!(wire["behavior"], Value::Null);
        assert!(wire.contains_key("text"));
    }

    #[test]
    fn an_event_keeps_its_type() {
        let message: Message = serde_json::from_value(json!({
            "object": "Message", "id": "m1", "timestamp": "2025-06-02T09:29:27.702Z",
            "is_event": 1, "event_type": 3,
        }))
        .expect("a message");
        let wire = message_object(&message);
        assert_eq!(wire["is_event"], json!(1));
        assert_eq!(wire["event_type"], json!(3));
    }

    #[test]
    fn chat_and_attendee_flags_are_numbers() {
        let chat: Chat = serde_json::from_value(json!({
            "object": "Chat", "id": "c", "account_id": "a", "account_type": "LINKEDIN",
            "provider_id": "p", "type": 0, "archived": true, "unread_count": 0,
        }))
        .expect("a chat");
        let wire = chat_object(&chat);
        assert_eq!(wire["archived"], json!(1));
        assert_eq!(wire["name"], Value::Null);
        assert_eq!(wire["timestamp"], Value::Null);

        let attendee: ChatAttendee = serde_json::from_value(json!({
            "object": "ChatAttendee", "id": "t", "account_id": "a", "provider_id": "p",
            "name": "Kim", "is_self": true, "hidden": false,
        }))
        .expect("an attendee");
        let wire = super::attendee(&attendee);
        assert_eq!(wire["is_self"], json!(1));
        assert_eq!(wire["hidden"], json!(0));
    }
}
