//! Records rendered as the API's objects.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};

use crate::state::{
    AccountRec, AttachmentRec, AttendeeRec, ChatRec, MessageRec, SeenBy, State, WebhookRec,
};

/// Milliseconds since the epoch as `YYYY-MM-DDTHH:MM:SS.sssZ`.
pub(crate) fn iso(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .unwrap_or_default()
        .format("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string()
}

fn flag(b: bool) -> u8 {
    u8::from(b)
}

/// The `att://` reference of an attachment.
pub(crate) fn attachment_url(message: &MessageRec, a: &AttachmentRec) -> String {
    format!(
        "att://{}",
        STANDARD.encode(format!("{}/{}", message.id, a.id))
    )
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
    v["lastMessage"] = state.last_message(c).map(message).unwrap_or(Value::Null);
    v
}

fn attachment(m: &MessageRec, a: &AttachmentRec) -> Value {
    let mut v = json!({
        "id": a.id,
        "type": a.kind,
        "unavailable": a.unavailable,
        "mimetype": a.mimetype,
        "file_size": a.data.len(),
        "url": attachment_url(m, a),
    });
    if let Some((w, h)) = a.size {
        v["size"] = json!({"width": w, "height": h});
    }
    match a.kind {
        "img" => v["sticker"] = json!(a.sticker),
        "video" => v["gif"] = json!(a.gif),
        "audio" => {
            v["voice_note"] = json!(a.voice_note);
            if let Some(d) = a.duration {
                v["duration"] = json!(d);
            }
        }
        "file" => v["file_name"] = json!(a.file_name.clone().unwrap_or_default()),
        "video_meeting" => {
            v["starts_at"] = Value::Null;
            v["expires_at"] = Value::Null;
            v["time_range"] = Value::Null;
        }
        _ => {}
    }
    v
}

pub(crate) fn message(m: &MessageRec) -> Value {
    let seen_by: serde_json::Map<String, Value> = m
        .seen_by
        .iter()
        .map(|(who, seen)| {
            let value = match seen {
                SeenBy::Flag(b) => json!(b),
                SeenBy::At(ms) => json!(iso(*ms)),
            };
            (who.clone(), value)
        })
        .collect();
    let mut v = json!({
        "object": "Message",
        "id": m.id,
        "account_id": m.account_id,
        "chat_id": m.chat_id,
        "chat_provider_id": m.chat_provider_id,
        "provider_id": m.provider_id,
        "sender_id": m.sender_id,
        "sender_attendee_id": m.sender_attendee_id,
        "text": m.text,
        "attachments": m.attachments.iter().map(|a| attachment(m, a)).collect::<Vec<_>>(),
        "timestamp": iso(m.timestamp),
        "is_sender": flag(m.is_sender),
        "reactions": m.reactions.iter().map(|(value, sender, mine)| json!({
            "value": value, "sender_id": sender, "is_sender": mine,
        })).collect::<Vec<_>>(),
        "seen": flag(m.seen),
        "seen_by": seen_by,
        "hidden": flag(m.hidden),
        "deleted": flag(m.deleted),
        "edited": flag(m.edited),
        "is_event": flag(m.is_event),
        "delivered": flag(m.delivered),
        "behavior": null,
        "original": "{}",
        "subject": m.subject,
    });
    if let Some(e) = m.event_type {
        v["event_type"] = json!(e);
    }
    if let Some(t) = &m.message_type {
        v["message_type"] = json!(t);
    }
    if let Some(q) = &m.quoted {
        v["quoted"] = json!({
            "id": q.id,
            "provider_id": q.provider_id,
            "sender_id": q.sender_id,
            "text": q.text,
            "attachments": q.attachments.iter().map(|a| attachment(m, a)).collect::<Vec<_>>(),
        });
    }
    v
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
