//! Webhook bodies: the documented payloads, their variants, and bad bodies.

use crate::common;

use common::{at, fixture};
use proptest::prelude::*;
use unipile_core::model::account::AccountType;
use unipile_core::model::attachment::{Attachment, MediaSize};
use unipile_core::model::chat::ChatFolder;
use unipile_core::provider::{LinkedinProduct, Provider, ProviderRegistry};
use unipile_core::webhook::{
    self, AccountFeature, AccountStatus, AccountStatusEvent, MessageEvent, MessageEventKind,
    WebhookAttendee, WebhookEvent,
};

const KIM: &str = "ACoAAAcDMMQBODyLwZrRcgYhrkCafURGqva0U4E";

fn parse_fixture(name: &str) -> WebhookEvent {
    let body = fixture(&format!("webhooks/{name}"));
    webhook::parse(&body).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn message(event: &WebhookEvent) -> &MessageEvent {
    event
        .message_event()
        .unwrap_or_else(|| panic!("not a message event: {event:?}"))
}

#[test]
fn documented_payload_parses_to_the_stated_values() {
    let event = parse_fixture("message-received.docs.json");
    assert!(
        matches!(event, WebhookEvent::MessageReceived(_)),
        "{event:?}"
    );
    assert_eq!(event.event_name(), "message_received");
    let m = message(&event);

    assert_eq!(m.account_id, "dfXlh46vQYCsMbVarumWlg");
    assert_eq!(m.account_type, Provider::Linkedin);
    let info = m.account_info.as_ref().expect("account_info");
    assert_eq!(info.account_type, Some(Provider::Linkedin));
    assert_eq!(info.feature, Some(AccountFeature::Classic));
    assert_eq!(
        info.feature
            .as_ref()
            .and_then(AccountFeature::linkedin_product),
        Some(LinkedinProduct::Classic)
    );
    assert_eq!(info.user_id.as_ref().expect("user_id"), KIM);
    assert_eq!(m.event, MessageEventKind::Received);
    assert_eq!(m.event_name(), "message_received");
    assert_eq!(m.chat_id, "R8J-xM9WX7eoHLp6gSVtWQ");
    assert_eq!(m.timestamp, at("2023-09-24T13:49:07.965Z"));
    assert_eq!(m.webhook_name.as_deref(), Some("Webhook demo"));
    assert_eq!(m.message_id, "ykmhfXlRW0W_cqReJYrfBw");
    assert_eq!(m.text.as_deref(), Some("Hello World !"));

    let sender = m.sender.as_ref().expect("sender");
    assert_eq!(sender.attendee_id, "C8zaRZTlVcmfnke_Vai4Gg");
    assert_eq!(sender.attendee_name.as_deref(), Some("Kim Unipile"));
    assert_eq!(sender.attendee_provider_id, KIM);
    assert_eq!(
        sender.attendee_profile_url.as_deref(),
        Some("https://www.linkedin.com/in/ACoAAAcDMMQBODyLwZrRcgYhrkCafURGqva0U4E/")
    );
    assert_eq!(sender.attendee_public_identifier, None);

    assert_eq!(m.attendees.len(), 1);
    assert_eq!(m.attendees[0].attendee_id, "12Siz1Vcmfnke_Vai4Gg");
    assert_eq!(
        m.attendees[0].attendee_name.as_deref(),
        Some("Bastien Unipile "),
        "names are kept as sent"
    );

    // `attachments` is one object in the documented payload, with string scalars.
    assert_eq!(m.attachments.len(), 1);
    let Attachment::Image(img) = &m.attachments[0] else {
        panic!("not an image: {:?}", m.attachments[0]);
    };
    assert_eq!(
        img.id,
        "2-MTY5MzQ3ODM0MTgxOWI4MDA4My0wMDMmNjg2M2E2MTgtNjM2Yi01OWNkLWFjNmQtYjE3Y2NjNTU5ZWZkXzAxMw=="
    );
    assert_eq!(img.size, MediaSize::new(150, 150));
    assert!(!img.sticker);
    assert!(!img.unavailable);
    assert_eq!(img.mimetype.as_deref(), Some("image/jpeg"));
    assert_eq!(
        img.url.as_deref(),
        Some("att://iWfwCtGXSr288YQm5MbWVaeGtYNHQyaEZQcVpPbW5PdGNsQQ==")
    );

    assert_eq!(m.reaction.as_deref(), Some("😄"));
    assert_eq!(m.reaction_sender.as_ref(), Some(sender));

    // The connected user (account_info.user_id) sent it.
    assert_eq!(m.is_own_message(), Some(true));
    for absent in [
        m.subject.is_some(),
        m.provider_chat_id.is_some(),
        m.provider_message_id.is_some(),
        m.is_event.is_some(),
        m.quoted.is_some(),
        m.chat_content_type.is_some(),
        m.message_type.is_some(),
        m.is_group.is_some(),
        !m.folder.is_empty(),
    ] {
        assert!(!absent, "{m:?}");
    }
}

#[test]
fn older_payload_without_account_info() {
    let event = parse_fixture("message-received.no-account-info.json");
    let m = message(&event);
    assert_eq!(m.account_info, None);
    assert_eq!(m.is_own_message(), None, "unknown without account_info");
    assert_eq!(m.text.as_deref(), Some("Hello World !"));
    assert_eq!(m.attachments.len(), 1);
}

#[test]
fn whatsapp_payload_with_every_optional_field() {
    let event = parse_fixture("message-received.whatsapp.json");
    let m = message(&event);
    assert_eq!(m.account_type, Provider::Whatsapp);
    assert_eq!(
        m.account_info.as_ref().and_then(|i| i.feature.clone()),
        None
    );
    assert_eq!(m.is_own_message(), Some(false), "sent by Nelly");

    // Attachments as an array, with native and string scalars mixed.
    assert_eq!(m.attachments.len(), 2);
    let Attachment::Image(img) = &m.attachments[0] else {
        panic!("{:?}", m.attachments[0]);
    };
    assert_eq!(img.size, MediaSize::new(1080, 1920));
    assert_eq!(img.file_size, Some(245_678));
    let Attachment::Audio(audio) = &m.attachments[1] else {
        panic!("{:?}", m.attachments[1]);
    };
    assert!(audio.voice_note);
    assert_eq!(audio.duration, Some(7.0));

    assert_eq!(m.attendees.len(), 2);
    assert_eq!(m.attendees[1].attendee_provider_id, "100000000000001@lid");
    assert_eq!(m.attendees[0].attendee_profile_url, None);
    let sender = m.sender.as_ref().expect("sender");
    assert_eq!(
        sender.attendee_public_identifier.as_deref(),
        Some("33611111111")
    );

    assert_eq!(m.subject, None);
    assert_eq!(
        m.provider_chat_id.as_ref().expect("provider_chat_id"),
        "33611111111@s.whatsapp.net"
    );
    assert_eq!(
        m.provider_message_id.as_ref().expect("provider_message_id"),
        "3EB0C0FFEE1234567890"
    );
    assert_eq!(m.is_event, Some(false));
    let quoted = m.quoted.as_ref().expect("quoted");
    assert_eq!(quoted.provider_id, "3EB0BEEF0987654321");
    assert_eq!(quoted.text.as_deref(), Some("Can you send the photos?"));
    assert_eq!(m.chat_content_type, None);
    assert_eq!(m.message_type.as_ref().map(|t| t.as_str()), Some("MESSAGE"));
    assert_eq!(m.folder, [ChatFolder::Inbox]);
    assert_eq!(m.is_group, Some(false), "\"false\" reads as false");

    assert_eq!(
        m.chat_link(&ProviderRegistry::builtin()).as_deref(),
        Some("https://wa.me/33611111111")
    );
}

#[test]
fn each_message_event_lands_in_its_variant() {
    type IsVariant = fn(&WebhookEvent) -> bool;
    let table: [(&str, IsVariant, &str); 5] = [
        (
            "message-received.docs.json",
            |e| matches!(e, WebhookEvent::MessageReceived(_)),
            "message_received",
        ),
        (
            "message-read.json",
            |e| matches!(e, WebhookEvent::MessageRead(_)),
            "message_read",
        ),
        (
            "message-reaction.json",
            |e| matches!(e, WebhookEvent::MessageReaction(_)),
            "message_reaction",
        ),
        (
            "message-edited.json",
            |e| matches!(e, WebhookEvent::MessageEdited(_)),
            "message_edited",
        ),
        (
            "message-deleted.json",
            |e| matches!(e, WebhookEvent::MessageDeleted(_)),
            "message_deleted",
        ),
    ];
    for (name, is_variant, event_name) in table {
        let event = parse_fixture(name);
        assert!(is_variant(&event), "{name}: {event:?}");
        assert_eq!(event.event_name(), event_name, "{name}");
        assert_eq!(message(&event).event.as_str(), event_name, "{name}");
        assert_eq!(message(&event).message_id, "ykmhfXlRW0W_cqReJYrfBw");
    }

    let reaction = parse_fixture("message-reaction.json");
    let m = message(&reaction);
    assert_eq!(m.reaction.as_deref(), Some("👍"));
    assert_eq!(
        m.reaction_sender.as_ref().map(|s| s.attendee_id.as_str()),
        Some("12Siz1Vcmfnke_Vai4Gg")
    );
    let edited = parse_fixture("message-edited.json");
    assert_eq!(
        message(&edited).text.as_deref(),
        Some("Hello World ! (edited)")
    );
    let deleted = parse_fixture("message-deleted.json");
    assert_eq!(message(&deleted).text, None);
    assert!(message(&deleted).attachments.is_empty());
}

#[test]
fn unknown_events_are_kept_with_their_raw_json() {
    let body = fixture("webhooks/message-delivered.json");
    let event = webhook::parse(&body).expect("message_delivered is not an error");
    let WebhookEvent::Unknown { event: name, raw } = &event else {
        panic!("{event:?}");
    };
    assert_eq!(name, "message_delivered");
    assert_eq!(event.event_name(), "message_delivered");
    assert_eq!(raw.get(), String::from_utf8_lossy(&body).trim());
    assert_eq!(event.raw_json(), Some(raw.get()));
    assert!(event.message_event().is_none());

    // A body wrapped in one named object, as `AccountStatus` is, keeps the wrapper's name.
    let event = webhook::parse(br#"{"AccountSync":{"account_id":"a","progress":40}}"#)
        .expect("a new wrapped payload");
    assert_eq!(event.event_name(), "AccountSync");
    assert!(matches!(event, WebhookEvent::Unknown { .. }));

    // Email webhooks and any future event name.
    let event = webhook::parse(br#"{"event":"mail_received","email_id":"e1"}"#).expect("mail");
    assert_eq!(event.event_name(), "mail_received");
}

#[test]
fn account_status_payload() {
    let event = parse_fixture("account-status.docs.json");
    let WebhookEvent::AccountStatus(status) = &event else {
        panic!("{event:?}");
    };
    assert_eq!(
        status,
        &AccountStatusEvent::new(
            "h_EKCy2lRLef5NzHp0iw4A",
            AccountType::Linkedin,
            AccountStatus::Credentials
        )
    );
    assert!(status.message.needs_reconnection());
    assert!(!status.message.is_running());
    assert_eq!(event.event_name(), "AccountStatus");

    let every = [
        ("OK", AccountStatus::Ok, true),
        ("ERROR", AccountStatus::Error, false),
        ("STOPPED", AccountStatus::Stopped, false),
        ("CREDENTIALS", AccountStatus::Credentials, false),
        ("CONNECTING", AccountStatus::Connecting, false),
        ("DELETED", AccountStatus::Deleted, false),
        ("CREATION_SUCCESS", AccountStatus::CreationSuccess, true),
        ("RECONNECTED", AccountStatus::Reconnected, true),
        ("SYNC_SUCCESS", AccountStatus::SyncSuccess, true),
    ];
    assert_eq!(every.len(), AccountStatus::KNOWN.len());
    for (wire, want, running) in every {
        let body = format!(
            r#"{{"AccountStatus":{{"account_id":"a","account_type":"WHATSAPP","message":"{wire}"}}}}"#
        );
        let event = webhook::parse(body.as_bytes()).expect(wire);
        let WebhookEvent::AccountStatus(status) = event else {
            panic!("{wire}");
        };
        assert_eq!(status.message, want);
        assert_eq!(status.message.as_str(), wire);
        assert_eq!(status.message.is_running(), running, "{wire}");
    }
    let body = br#"{"AccountStatus":{"account_id":"a","account_type":"MAIL","message":"PAUSED"}}"#;
    let WebhookEvent::AccountStatus(status) = webhook::parse(body).expect("new status") else {
        panic!("not an account status");
    };
    assert!(status.message.is_unknown());
    assert_eq!(status.message.as_str(), "PAUSED");
    assert_eq!(status.account_type, AccountType::Mail);
    assert_eq!(status.account_type.provider(), None);
}

/// A message_received body with `field` replaced by `value` (raw JSON).
fn received_with(field: &str, value: &str) -> Vec<u8> {
    let mut doc: serde_json::Map<String, serde_json::Value> =
        serde_json::from_slice(&fixture("webhooks/message-received.docs.json")).expect("fixture");
    let value = serde_json::from_str(value).expect("test value");
    doc.insert(field.to_owned(), value);
    serde_json::to_vec(&doc).expect("serialize")
}

fn received_without(field: &str) -> Vec<u8> {
    let mut doc: serde_json::Map<String, serde_json::Value> =
        serde_json::from_slice(&fixture("webhooks/message-received.docs.json")).expect("fixture");
    doc.remove(field);
    serde_json::to_vec(&doc).expect("serialize")
}

/// A list-valued key sent as one bare value (`"folder":"INBOX"`), as `attachments` is sent
/// as one bare object, reads as a one-item list rather than failing the call.
#[test]
fn a_bare_value_reads_as_a_one_item_list() {
    let event = webhook::parse(&received_with("folder", r#""INBOX_LINKEDIN_CLASSIC""#))
        .expect("bare folder");
    assert_eq!(message(&event).folder, [ChatFolder::InboxLinkedinClassic]);
    let event = webhook::parse(&received_with("folder", "null")).expect("null folder");
    assert!(message(&event).folder.is_empty());
}

#[test]
fn malformed_bodies_give_errors_with_paths() {
    let table: Vec<(&str, Vec<u8>, &str, &str)> = vec![
        ("empty body", Vec::new(), ".", "EOF"),
        ("not JSON", b"hello".to_vec(), ".", "expected"),
        ("an array", b"[]".to_vec(), ".", "webhook payload"),
        ("no event", b"{}".to_vec(), ".", "no `event`"),
        ("scalars only", br#"{"a":1}"#.to_vec(), ".", "no `event`"),
        (
            "event of the wrong type",
            br#"{"event":{}}"#.to_vec(),
            "event",
            "string",
        ),
        (
            "trailing bytes",
            [fixture("webhooks/message-read.json"), b"}".to_vec()].concat(),
            ".",
            "trailing",
        ),
        (
            "bad sender id",
            received_with("sender", r#"{"attendee_id":{}}"#),
            "sender.attendee_id",
            "string",
        ),
        (
            "bad timestamp",
            received_with("timestamp", r#""yesterday""#),
            "timestamp",
            "timestamp",
        ),
        (
            "bad flag",
            received_with("is_group", r#""maybe""#),
            "is_group",
            "flag",
        ),
        (
            "bad attachment in an array",
            received_with(
                "attachments",
                r#"[{"type":"file","id":"f"},{"type":"img","id":"i","size":{"width":1,"height":"tall"}}]"#,
            ),
            "attachments[1]",
            "size.height",
        ),
        (
            "missing message_id",
            received_without("message_id"),
            ".",
            "message_id",
        ),
        (
            "account status without account_type",
            br#"{"AccountStatus":{"account_id":"a","message":"OK"}}"#.to_vec(),
            "AccountStatus",
            "account_type",
        ),
    ];
    for (what, body, path, message) in table {
        let err = webhook::parse(&body).expect_err(what);
        assert_eq!(err.path(), path, "{what}: {err}");
        assert!(err.message().contains(message), "{what}: {err}");
    }
}

#[test]
fn events_serialize_to_the_wire_shape_and_back() {
    for name in [
        "message-received.docs.json",
        "message-received.no-account-info.json",
        "message-received.whatsapp.json",
        "message-read.json",
        "message-reaction.json",
        "message-edited.json",
        "message-deleted.json",
        "message-delivered.json",
        "account-status.docs.json",
    ] {
        let event = parse_fixture(name);
        let bytes = serde_json::to_vec(&event).expect("serialize");
        let back = webhook::parse(&bytes)
            .unwrap_or_else(|e| panic!("{name}: {e}\n{}", String::from_utf8_lossy(&bytes)));
        assert_eq!(back, event, "{name}");
    }

    // An event built in code, as a fake server would, reads back the same.
    let mut m = MessageEvent::new(
        MessageEventKind::Received,
        "acc",
        Provider::Telegram,
        "chat",
        "msg",
        at("2025-01-01T00:00:00Z"),
    );
    m.text = Some("hi".to_owned());
    m.sender = Some(WebhookAttendee::new("att", "013456789"));
    let event = WebhookEvent::from_message_event(m);
    let json = serde_json::to_value(&event).expect("serialize");
    assert_eq!(json["message"], "hi", "the text goes in `message`");
    assert_eq!(json["event"], "message_received");
    let back = webhook::parse(&serde_json::to_vec(&json).expect("bytes")).expect("parse");
    assert_eq!(back, event);
}

proptest! {
    #[test]
    fn any_bytes_give_ok_or_err(body in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = webhook::parse(&body);
    }

    #[test]
    fn damaged_documented_payloads_give_ok_or_err(
        cut in 0usize..2000,
        at_byte in 0usize..2000,
        byte in any::<u8>(),
    ) {
        let body = fixture("webhooks/message-received.whatsapp.json");
        let _ = webhook::parse(&body[..cut.min(body.len())]);
        let mut flipped = body.clone();
        let i = at_byte % flipped.len();
        flipped[i] = byte;
        let _ = webhook::parse(&flipped);
    }

    #[test]
    fn any_json_value_in_any_field_gives_ok_or_err(
        field in prop::sample::select(vec![
            "event", "account_type", "account_info", "timestamp", "sender", "attendees",
            "attachments", "is_group", "is_event", "quoted", "folder", "message",
            "provider_chat_id", "reaction_sender", "AccountStatus",
        ]),
        value in json_value(),
    ) {
        let _ = webhook::parse(&received_with(field, &value));
    }
}

/// Small arbitrary JSON documents, as text.
fn json_value() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("null".to_owned()),
        any::<bool>().prop_map(|b| b.to_string()),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| f.to_string()),
        ".{0,12}".prop_map(|s| serde_json::to_string(&s).expect("string")),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(|v| format!("[{}]", v.join(","))),
            prop::collection::vec(("[a-z_]{1,8}", inner), 0..4).prop_map(|members| {
                let body: Vec<String> = members
                    .into_iter()
                    .map(|(k, v)| format!("{}:{v}", serde_json::to_string(&k).expect("key")))
                    .collect();
                format!("{{{}}}", body.join(","))
            }),
        ]
    })
}
