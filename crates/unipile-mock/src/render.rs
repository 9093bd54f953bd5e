//! Records rendered as the API's objects.

use serde_json::{Value, json};
use unipile_core::message::Message;

use crate::state::{AccountRec, AttendeeRec, ChatRec, MessageRec, State, WebhookRec};

/// Milliseconds since the epoch as `YYYY-MM-DDTHH:MM:SS.sssZ`.
pub(crate) fn iso(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .unwrap_or_default()
        .format("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string()
}

pub(crate) fn flag(b: bool) -> u8 {
    u8::from(b)
}

pub(crate) fn account(a: &AccountRec) -> Value {
    let im = match a.account_type.as_str() {
        "LINKEDIN" => json!({
            "id": a.user_id,
            "username": a.username,
            "premiumContractId": null,
            "premiumFeatures": ["premium"],
        }),
        "WHATSAPP" => json!({"phone_number": a.username}),
        "TELEGRAM" => json!({"user_id": a.user_id, "username": a.username}),
        _ => json!({"id": a.user_id, "username": a.username}),
    };
    json!({
        "object": "Account",
        "id": a.id,
        "type": a.account_type,
        "name": a.name,
        "created_at": iso(a.created_at),
        "connection_params": {"im": im},
        "groups": [],
        "sources": [{"id": format!("{}_MESSAGING", a.id), "status": "OK"}],
    })
}

pub(crate) fn attendee(a: &AttendeeRec) -> Value {
    let mut v = json!({
        "object": "ChatAttendee",
        "id": a.id,
        "account_id": a.account_id,
        "provider_id": a.provider_id,
        "name": a.name,
        "is_self": flag(a.is_self),
        "hidden": flag(a.hidden),
    });
    if let Some(url) = &a.picture_url {
        v["picture_url"] = json!(url);
    }
    if let Some(url) = &a.profile_url {
        v["profile_url"] = json!(url);
    }
    if let Some((occupation, distance)) = &a.linkedin {
        v["specifics"] = json!({
            "provider": "LINKEDIN",
            "member_urn": format!("urn:li:member:{}", a.provider_id.len() * 7919),
            "occupation": occupation,
            "network_distance": distance,
        });
    }
    v
}

pub(crate) fn chat(state: &State, c: &ChatRec) -> Value {
    let _ = state;
    let mut v = json!({
        "object": "Chat",
        "id": c.id,
        "account_id": c.account_id,
        "account_type": c.account_type,
        "provider_id": c.provider_id,
        "name": c.name,
        "type": c.kind,
        "timestamp": c.timestamp.map(iso),
        "unread_count": c.unread_count,
        "archived": flag(c.archived),
        "muted_until": null,
        "read_only": c.read_only,
        "folder": c.folder,
        "pinned": 0,
    });
    if let Some(p) = &c.attendee_provider_id {
        v["attendee_provider_id"] = json!(p);
    }
    if let Some(s) = &c.subject {
        v["subject"] = json!(s);
    }
    if let Some(t) = &c.content_type {
        v["content_type"] = json!(t);
    }
    v
}

pub(crate) fn chat_with_last_message(state: &State, c: &ChatRec) -> Value {
    let mut v = chat(state, c);
    v["lastMessage"] = state
        .last_message(c)
        .and_then(|m| serde_json::to_value(message(m)).ok())
        .unwrap_or(Value::Null);
    v
}

/// A message is stored as the API object: rendering it is borrowing it.
pub(crate) fn message(m: &MessageRec) -> &Message {
    &m.message
}

pub(crate) fn webhook(state: &State, w: &WebhookRec) -> Value {
    let accounts: Vec<Value> = w
        .account_ids
        .iter()
        .filter_map(|id| state.accounts.get(id))
        .map(|a| json!({"id": a.id, "name": a.name, "type": a.account_type}))
        .collect();
    json!({
        "object": "Webhook",
        "id": w.id,
        "account_ids": accounts,
        "enabled": w.enabled,
        "name": w.name,
        "request_url": w.request_url,
        "format": w.format,
        "source": w.source,
        "headers": w.headers.iter().map(|(k, v)| json!({"key": k, "value": v})).collect::<Vec<_>>(),
        "data": [],
        "events": w.events,
        "type": "AUTO",
    })
}
