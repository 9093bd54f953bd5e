//! The message model against fixtures: every field read, the rules, errors and writing.

use crate::common;

use common::{assert_round_trip, at, decode_fixture, fixture};
use unipile_core::model::attachment::{Attachment, AttachmentKind, MediaSize};
use unipile_core::model::event_type::EventType;
use unipile_core::model::message::{
    AttendeeDistance, AttendeeType, DELETED_TEXT, MessageBehavior, MessageType, SeenReceipt,
};
use unipile_core::{Message, Page, decode};

fn message_list() -> Page<Message> {
    decode_fixture("message_list.json")
}

#[test]
fn message_list_page_reads_cursor_and_items_in_order() {
    let page = message_list();
    let ids: Vec<&str> = page.items.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "msg_li_001",
            "msg_wa_002",
            "msg_wa_003",
            "msg_wa_004",
            "msg_ig_005",
            "msg_li_006"
        ]
    );
    assert_eq!(
        page.cursor.as_ref().map(|c| c.as_str()),
        Some(
            "eyJsYXN0X2lkIjoibXNnX2xpXzAwNiIsImxhc3RfZGF0ZSI6IjIwMjUtMDMtMTRUMTI6MDA6MDAuMDAwWiJ9"
        )
    );
}

#[test]
fn linkedin_message_with_numeric_flags_reads_every_field() {
    let m = &message_list().items[0];
    assert_eq!(m.account_id, "acc_linkedin_1");
    assert_eq!(m.chat_id, "chat_li_42");
    assert_eq!(
        m.chat_provider_id,
        "2-ZjE4YzU1NTktNzM2Ny00NWI1LWJkYzMtNjY0ZDFjNGE2NGM1XzAxMg=="
    );
    assert!(m.provider_id.as_str().starts_with("2-MTcwNjE5"));
    assert_eq!(m.sender_id, "ACoAAAcDMMQBODyLwZrRcgYhrkCafURGqva0U4E");
    assert_eq!(m.sender_attendee_id, "att_kim");
    assert_eq!(
        m.text.as_deref(),
        Some("Hi Julien, thanks for connecting! Would you have 15 minutes next week?")
    );
    assert_eq!(m.timestamp, at("2025-03-14T09:26:53.589Z"));
    assert!(!m.is_sender && !m.is_from_me());
    assert!(m.seen && m.delivered);
    assert!(!m.hidden && !m.deleted && !m.edited && !m.is_event);
    assert_eq!(m.event(), None);
    assert_eq!(m.reactions.len(), 1);
    assert_eq!(m.reactions[0].value, "👍");
    assert_eq!(
        m.reactions[0].sender_id,
        "ACoAAB1234567890abcdefghijklmnopqrstuvw"
    );
    assert!(m.reactions[0].is_sender);
    assert_eq!(
        m.seen_at("ACoAAB1234567890abcdefghijklmnopqrstuvw"),
        Some(at("2025-03-14T09:30:00Z"))
    );
    assert_eq!(m.behavior, None);
    assert!(
        m.original
            .as_deref()
            .is_some_and(|o| o.contains("entityUrn"))
    );
    assert_eq!(m.quoted(), None, "quoted: null is None");
    assert_eq!(m.subject.as_deref(), Some("Partnership"));
    assert_eq!(m.message_type, Some(MessageType::Inmail));
    assert_eq!(m.attendee_type, Some(AttendeeType::Member));
    assert_eq!(m.attendee_distance, Some(AttendeeDistance::SecondDegree));
    assert_eq!(
        m.sender_urn.as_deref(),
        Some("urn:li:fsd_profile:ACoAAAcDMMQBODyLwZrRcgYhrkCafURGqva0U4E")
    );
    let reply_to = m.reply_to.as_ref().expect("reply_to");
    assert_eq!(reply_to.id, "msg_li_000");
    assert_eq!(reply_to.provider_id, "2-MTcwNjE5ODQ2NDk4MGI3NzMyNi0wMDM=");
    assert_eq!(reply_to.timestamp, Some(at("2025-03-13T18:02:11Z")));
    assert_eq!(reply_to.sender_attendee_id, "att_me");
    assert_eq!(
        reply_to.sender_id,
        "ACoAAB1234567890abcdefghijklmnopqrstuvw"
    );
    assert_eq!(
        reply_to.text.as_deref(),
        Some("Great to meet you at the conference.")
    );
    assert!(!m.is_forwarded);
    assert!(m.mentions.is_empty());
    assert_eq!(m.message_id, None);
}

#[test]
fn whatsapp_message_with_string_flags_quote_and_receipts() {
    let m = &message_list().items[1];
    assert!(!m.is_sender);
    assert!(m.seen && m.edited && m.delivered);
    assert!(!m.hidden && !m.deleted && !m.is_event);
    assert_eq!(m.text.as_deref(), Some("Voilà la photo 📸 — à demain !"));
    assert_eq!(m.behavior, Some(MessageBehavior::Silent));
    assert!(m.reactions[0].is_sender, "\"true\" reads as true");

    assert!(m.has_attachments());
    let Attachment::Image(img) = &m.attachments[0] else {
        panic!("expected an image: {:?}", m.attachments[0])
    };
    assert_eq!(img.size, MediaSize::new(1280, 960));
    assert_eq!(img.file_size, Some(183_244));
    assert!(!img.sticker && !img.unavailable);

    let quoted = m.quoted().expect("quoted");
    assert_eq!(quoted.provider_id, "3EB0C431C26A1916E869");
    assert_eq!(quoted.sender_id, "33600000000@s.whatsapp.net");
    assert_eq!(quoted.text.as_deref(), Some("Tu peux m'envoyer la photo ?"));
    assert!(quoted.attachments.is_empty());

    let receipts: Vec<(&str, SeenReceipt)> = m
        .seen_by()
        .map(|(user, receipt)| (user.as_str(), *receipt))
        .collect();
    assert_eq!(
        receipts,
        [
            ("33600000000@s.whatsapp.net", SeenReceipt::Seen(true)),
            ("33600000002@s.whatsapp.net", SeenReceipt::Seen(false)),
            (
                "33600000003@s.whatsapp.net",
                SeenReceipt::SeenAt(at("2025-03-14T10:05:00Z"))
            ),
        ]
    );
    assert_eq!(m.seen_at("33600000000@s.whatsapp.net"), None);
    assert_eq!(
        m.seen_at("33600000003@s.whatsapp.net"),
        Some(at("2025-03-14T10:05:00Z"))
    );
    assert_eq!(m.seen_at("nobody"), None);
}

#[test]
fn hidden_reaction_event_is_a_chat_list_preview_only() {
    let m = &message_list().items[2];
    assert!(m.is_sender && m.is_from_me());
    assert!(m.hidden);
    assert!(!m.shows_in_conversation());
    assert!(m.is_chat_list_preview_only());
    assert_eq!(m.event(), Some(EventType::Reaction));
    assert!(m.event().is_some_and(EventType::is_reaction));
    assert!(!m.is_seen());
}

#[test]
fn deleted_and_attachment_only_messages_display_text() {
    let page = message_list();
    let deleted = &page.items[3];
    assert!(deleted.deleted);
    assert_eq!(deleted.display_text(), DELETED_TEXT);
    assert_eq!(deleted.display_text(), "Message deleted");
    assert!(deleted.shows_in_conversation());

    let video_only = &page.items[4];
    assert_eq!(video_only.text, None);
    assert_eq!(video_only.display_text(), "");
    assert!(video_only.has_attachments());
    assert_eq!(video_only.quoted, None, "absent quoted is None");
    let Attachment::Video(video) = &video_only.attachments[0] else {
        panic!("expected a video")
    };
    assert_eq!(video.size, MediaSize::new(720, 1280));
    assert!(!video.gif);
    assert_eq!(video.url_expires_at, Some(1_741_950_000_000));

    assert_eq!(
        page.items[0].display_text(),
        page.items[0].text.as_deref().unwrap_or_default()
    );
}

#[test]
fn newer_fields_and_unknown_values_are_kept() {
    let m = &message_list().items[5];
    assert_eq!(m.message_id.as_deref(), Some("msg_li_006"));
    assert!(m.is_forwarded);
    assert_eq!(m.mentions.len(), 2);
    assert_eq!(
        m.mentions[0].provider_id.as_ref().map(|p| p.as_str()),
        Some("ACoAAAcDMMQBODyLwZrRcgYhrkCafURGqva0U4E")
    );
    assert_eq!(m.mentions[0].name.as_deref(), Some("Kim Unipile"));
    assert_eq!(
        (m.mentions[0].start, m.mentions[0].length),
        (Some(0), Some(12))
    );
    assert_eq!(
        m.mentions[1].provider_id.as_ref().map(|p| p.as_str()),
        Some("AA1212sqqsMQBODyLwZrRcgYhrkCafURGqva0U4E"),
        "a bare string is the mentioned user's id"
    );
    let kind = m.message_type.as_ref().expect("message_type");
    assert!(kind.is_unknown());
    assert_eq!(kind.as_str(), "INMAIL_SPONSORED");
    assert_eq!(m.attendee_distance, Some(AttendeeDistance::SelfProfile));
    assert_eq!(m.attendee_type, Some(AttendeeType::Organization));
    assert_eq!(m.event_type, None);
    assert!(m.seen_by.is_empty(), "seen_by: null is empty");
    assert_eq!(m.replies, Some(2));
    assert_eq!(m.reply_by.len(), 1);
    assert_eq!(m.parent.as_ref().map(|p| p.as_str()), Some("msg_li_001"));
    assert_eq!(m.dedupe_key(), "msg_li_006");
}

#[test]
fn every_attachment_kind_in_one_message() {
    let m: Message = decode_fixture("message_attachments.json");
    let kinds: Vec<String> = m
        .attachments
        .iter()
        .map(|a| a.kind().as_str().to_owned())
        .collect();
    assert_eq!(
        kinds,
        [
            "img",
            "video",
            "audio",
            "file",
            "linkedin_post",
            "video_meeting",
            "sticker_pack"
        ]
    );
    let [img, video, audio, file, post, meeting, pack] = m.attachments.as_slice() else {
        panic!("seven attachments")
    };
    let Attachment::Image(img) = img else {
        panic!()
    };
    assert!(img.sticker);
    assert_eq!(img.size, MediaSize::new(512, 512));
    assert_eq!(img.file_size, Some(20_480));
    assert_eq!(img.mimetype.as_deref(), Some("image/png"));
    let Attachment::Video(video) = video else {
        panic!()
    };
    assert_eq!(video.size, MediaSize::new(1920, 1080));
    assert_eq!(video.url_expires_at, Some(1_741_950_000_000));
    let Attachment::Audio(audio) = audio else {
        panic!()
    };
    assert_eq!(audio.duration, Some(7.25));
    assert!(audio.voice_note);
    let Attachment::File(file) = file else {
        panic!()
    };
    assert_eq!(file.file_name, "Proposal Q2 – final.pdf");
    assert_eq!(file.file_size, Some(1_048_576));
    assert_eq!(post.kind(), AttachmentKind::LinkedinPost);
    assert_eq!(post.id(), "urn:li:activity:7170000000000000000");
    let Attachment::VideoMeeting(meeting) = meeting else {
        panic!()
    };
    assert_eq!(meeting.starts_at, Some(1_742_302_800_000));
    assert_eq!(meeting.expires_at, None);
    assert_eq!(meeting.time_range, Some(1_800_000));
    let Attachment::Unknown(unknown) = pack else {
        panic!()
    };
    assert_eq!(unknown.kind().as_str(), "sticker_pack");
    assert!(pack.is_unavailable());
    assert_eq!(pack.id(), "att_pack");
    assert!(unknown.raw_json().contains(r#""pack_name":"Cats""#));
    // The unknown kind is written back as it came.
    let written = serde_json::to_string(pack).expect("serialize");
    assert_eq!(written, unknown.raw_json());
    assert_round_trip(&m);
}

#[test]
fn event_messages_zero_to_nine_and_fourteen() {
    let page: Page<Message> = decode_fixture("message_events.json");
    let events: Vec<EventType> = page
        .items
        .iter()
        .map(|m| m.event().expect("every item is an event"))
        .collect();
    let codes: Vec<i64> = events.iter().map(|e| e.code()).collect();
    assert_eq!(codes, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 14]);
    assert_eq!(events[0], EventType::Unsupported);
    assert_eq!(events[1], EventType::Reaction);
    assert_eq!(events[2], EventType::ReactionToOwnMessage);
    assert_eq!(events[3], EventType::GroupCreated);
    assert_eq!(events[4], EventType::GroupTitleChanged);
    assert_eq!(events[5], EventType::ParticipantAdded);
    assert_eq!(events[6], EventType::ParticipantRemoved);
    assert_eq!(events[7], EventType::ParticipantLeft);
    assert_eq!(events[8], EventType::MissedVoiceCall);
    assert_eq!(events[9], EventType::MissedVideoCall);
    assert!(events[10].is_unknown());
    assert!(events[10].description().contains("14"));
    assert!(page.cursor.is_none());
    // Reactions are hidden from the conversation; group changes are shown.
    assert!(!page.items[1].shows_in_conversation());
    assert!(page.items[5].shows_in_conversation());
    assert_round_trip(&page);
}

#[test]
fn an_event_without_event_type_is_unsupported_and_a_plain_message_has_none() {
    let m: Message =
        decode(br#"{"id":"e","timestamp":"2025-01-01T00:00:00Z","is_event":1}"#).expect("event");
    assert_eq!(m.event(), Some(EventType::Unsupported));
    let m: Message =
        decode(br#"{"id":"e","timestamp":"2025-01-01T00:00:00Z","is_event":0,"event_type":3}"#)
            .expect("not an event");
    assert_eq!(m.event(), None, "event_type alone does not make an event");
}

#[test]
fn only_id_and_timestamp_are_required() {
    let m: Message = decode(br#"{"id":"m1","timestamp":1741950000000}"#).expect("minimal message");
    assert_eq!(m, Message::new("m1", "", "", at("2025-03-14T11:00:00Z")));
    assert!(m.chat_id.is_empty() && m.sender_id.is_empty());
    assert!(m.attachments.is_empty() && m.reactions.is_empty() && !m.seen);

    let err = decode::<Message>(br#"{"timestamp":"2025-01-01T00:00:00Z"}"#).expect_err("no id");
    assert!(err.message().contains("`id`"), "{err}");
    let err = decode::<Message>(br#"{"id":"m1"}"#).expect_err("no timestamp");
    assert!(err.message().contains("`timestamp`"), "{err}");
}

#[test]
fn a_bad_field_names_its_json_path() {
    let mut text = String::from_utf8(fixture("message_list.json")).expect("utf-8");
    text = text.replacen(
        "\"2025-03-14T10:01:02.003Z\"",
        "\"the fourteenth of March\"",
        1,
    );
    let err = decode::<Page<Message>>(text.as_bytes()).expect_err("bad timestamp");
    assert_eq!(err.path(), "items[1].timestamp");
    assert!(err.to_string().contains("items[1].timestamp"), "{err}");

    let err = decode::<Page<Message>>(
        br#"{"items":[{"id":"a","timestamp":"2025-01-01T00:00:00Z","seen":"perhaps"}]}"#,
    )
    .expect_err("bad flag");
    assert_eq!(err.path(), "items[0].seen");

    let err = decode::<Page<Message>>(
        br#"{"items":[{"id":"a","timestamp":"2025-01-01T00:00:00Z",
            "attachments":[{"type":"file","id":"f"},{"type":"img","id":"i","size":{"width":"wide"}}]}]}"#,
    )
    .expect_err("bad attachment");
    assert_eq!(err.path(), "items[0].attachments[1]");
    assert!(err.message().contains("size.width"), "{err}");
    assert!(err.message().contains("wide"), "{err}");
}

#[test]
fn writes_object_tag_timestamps_with_millis_and_plain_flags() {
    let mut m = Message::new("m1", "c1", "a1", at("2025-12-31T23:59:59.999Z"));
    m.is_sender = true;
    m.seen_by
        .insert("u1".into(), SeenReceipt::SeenAt(at("2026-01-01T00:00:00Z")));
    m.seen_by.insert("u2".into(), SeenReceipt::Seen(true));
    let json: serde_json::Value = serde_json::to_value(&m).expect("serialize");
    assert_eq!(json["object"], "Message");
    assert_eq!(json["timestamp"], "2025-12-31T23:59:59.999Z");
    assert_eq!(json["is_sender"], true);
    assert_eq!(json["seen"], false);
    assert_eq!(json["seen_by"]["u1"], "2026-01-01T00:00:00.000Z");
    assert_eq!(json["seen_by"]["u2"], true);
    assert_eq!(json["behavior"], serde_json::Value::Null);
    assert!(json.get("quoted").is_none());
    assert_round_trip(&m);
}

#[test]
fn message_list_round_trips() {
    assert_round_trip(&message_list());
}

#[test]
fn original_that_is_not_a_string_is_kept_as_json_text() {
    let m: Message =
        decode(br#"{"id":"m","timestamp":"2025-01-01T00:00:00Z","original":{"a":[1,true]}}"#)
            .expect("object original");
    assert_eq!(m.original.as_deref(), Some(r#"{"a":[1,true]}"#));
}

#[test]
fn seen_by_flags_read_in_any_case() {
    use unipile_core::SeenReceipt;
    let json = r#"{"id":"m1","timestamp":"2025-01-01T00:00:00.000Z",
        "seen_by":{"a":"True","b":"FALSE","c":" true "}}"#;
    let m: unipile_core::Message = unipile_core::decode(json.as_bytes()).expect("decodes");
    assert_eq!(m.seen_by["a"], SeenReceipt::Seen(true));
    assert_eq!(m.seen_by["b"], SeenReceipt::Seen(false));
    assert_eq!(m.seen_by["c"], SeenReceipt::Seen(true));
}
