//! Property tests: any message writes and reads back equal; any input decodes to Ok or
//! Err, never a panic.

use chrono::{DateTime, TimeZone, Utc};
use proptest::collection::{btree_map, vec};
use proptest::option;
use proptest::prelude::*;
use unipile_core::model::attachment::{
    Attachment, AudioAttachment, FileAttachment, ImageAttachment, LinkedinPostAttachment,
    MediaSize, VideoAttachment, VideoMeetingAttachment,
};
use unipile_core::model::chat::{Chat, ChatType, MutedUntil, ReadOnly};
use unipile_core::model::event_type::EventType;
use unipile_core::model::message::{
    AttendeeDistance, AttendeeType, Mention, MessageBehavior, MessageType, QuotedMessage, Reaction,
    ReplyTo, SeenReceipt,
};
use unipile_core::{Message, Page, Provider, ProviderId, decode};

fn cases(n: u32) -> ProptestConfig {
    ProptestConfig {
        cases: n,
        ..ProptestConfig::default()
    }
}

/// Any text: unicode, emoji, quotes, control characters.
fn text() -> BoxedStrategy<String> {
    prop_oneof![
        "\\PC{0,24}",
        ".{0,12}",
        Just("Voilà 📸 — \"quoted\" \\ back\nslash 👍🏽".to_owned()),
    ]
    .boxed()
}

fn time() -> BoxedStrategy<DateTime<Utc>> {
    // 1970 to 2100, to the millisecond (as Unipile sends) or to the nanosecond.
    (
        0i64..4_102_444_800,
        prop_oneof![
            (0u32..1000).prop_map(|ms| ms * 1_000_000),
            0u32..1_000_000_000
        ],
    )
        .prop_map(|(secs, nanos)| Utc.timestamp_opt(secs, nanos).single().expect("in range"))
        .boxed()
}

fn image() -> BoxedStrategy<Attachment> {
    (
        text(),
        any::<bool>(),
        option::of(any::<u64>()),
        option::of(text()),
        option::of(text()),
        option::of(any::<i64>()),
        any::<(u32, u32)>(),
        any::<bool>(),
    )
        .prop_map(
            |(id, unavailable, file_size, mimetype, url, url_expires_at, (w, h), sticker)| {
                let mut a = ImageAttachment::new(id);
                a.unavailable = unavailable;
                a.file_size = file_size;
                a.mimetype = mimetype;
                a.url = url;
                a.url_expires_at = url_expires_at;
                a.size = MediaSize::new(w, h);
                a.sticker = sticker;
                a.into()
            },
        )
        .boxed()
}

fn attachment() -> BoxedStrategy<Attachment> {
    prop_oneof![
        image(),
        (
            text(),
            any::<(u32, u32)>(),
            any::<bool>(),
            option::of(any::<u64>())
        )
            .prop_map(|(id, (w, h), gif, size)| {
                let mut a = VideoAttachment::new(id);
                a.size = MediaSize::new(w, h);
                a.gif = gif;
                a.file_size = size;
                a.into()
            }),
        (
            text(),
            option::of(0u32..4_000_000),
            any::<bool>(),
            any::<bool>()
        )
            .prop_map(|(id, quarter_seconds, voice_note, unavailable)| {
                let mut a = AudioAttachment::new(id);
                a.duration = quarter_seconds.map(|q| f64::from(q) / 4.0);
                a.voice_note = voice_note;
                a.unavailable = unavailable;
                a.into()
            }),
        (text(), text(), option::of(text())).prop_map(|(id, name, mimetype)| {
            let mut a = FileAttachment::new(id);
            a.file_name = name;
            a.mimetype = mimetype;
            a.into()
        }),
        text().prop_map(|id| LinkedinPostAttachment::new(id).into()),
        (
            text(),
            option::of(any::<i64>()),
            option::of(any::<i64>()),
            option::of(any::<i64>())
        )
            .prop_map(|(id, s, e, r)| {
                let mut a = VideoMeetingAttachment::new(id);
                a.starts_at = s;
                a.expires_at = e;
                a.time_range = r;
                a.into()
            }),
        unknown_attachment(),
    ]
    .boxed()
}

/// An attachment of a kind the SDK does not know, made the way it arrives: as JSON.
fn unknown_attachment() -> BoxedStrategy<Attachment> {
    let known = [
        "img",
        "video",
        "audio",
        "file",
        "linkedin_post",
        "video_meeting",
    ];
    ("[a-z_]{1,14}".prop_filter("an unknown kind", move |k| !known.contains(&k.as_str())), text(), any::<i32>(), text())
        .prop_map(|(kind, id, n, note)| {
            let json = serde_json::json!({"type": kind, "id": id, "count": n, "meta": {"note": note, "list": [1, null, true]}});
            let attachment: Attachment = decode(json.to_string().as_bytes()).expect("unknown kind decodes");
            assert!(matches!(attachment, Attachment::Unknown(_)));
            attachment
        })
    .boxed()
}

fn seen_receipt() -> BoxedStrategy<SeenReceipt> {
    prop_oneof![
        any::<bool>().prop_map(SeenReceipt::Seen),
        time().prop_map(SeenReceipt::SeenAt)
    ]
    .boxed()
}

fn string_enum<T: From<String> + std::fmt::Debug>(
    known: &'static [&'static str],
) -> impl Strategy<Value = T> {
    prop_oneof![
        proptest::sample::select(known).prop_map(|s| T::from(s.to_owned())),
        "[A-Z_]{0,12}".prop_map(T::from)
    ]
}

fn reaction() -> BoxedStrategy<Reaction> {
    (text(), text(), any::<bool>())
        .prop_map(|(v, s, me)| Reaction::new(v, s, me))
        .boxed()
}

fn quoted() -> BoxedStrategy<QuotedMessage> {
    (text(), text(), option::of(text()), vec(attachment(), 0..2))
        .prop_map(|(p, s, t, a)| {
            let mut q = QuotedMessage::new(p, s);
            q.text = t;
            q.attachments = a;
            q
        })
        .boxed()
}

fn reply_to() -> BoxedStrategy<ReplyTo> {
    (
        text(),
        text(),
        option::of(time()),
        text(),
        text(),
        option::of(text()),
    )
        .prop_map(|(id, p, t, a, s, x)| {
            let mut r = ReplyTo::new(id);
            r.provider_id = p.into();
            r.timestamp = t;
            r.sender_attendee_id = a.into();
            r.sender_id = s.into();
            r.text = x;
            r
        })
        .boxed()
}

fn mention() -> BoxedStrategy<Mention> {
    (
        option::of(text()),
        option::of(text()),
        option::of(any::<u64>()),
        option::of(any::<u64>()),
    )
        .prop_map(|(p, n, s, l)| {
            let mut m = Mention::default();
            m.provider_id = p.map(ProviderId::from);
            m.name = n;
            m.start = s;
            m.length = l;
            m
        })
        .boxed()
}

prop_compose! {
    fn message_fields()(
        (id, chat_id, account_id, timestamp) in (text(), text(), text(), time()),
        (provider_id, chat_provider_id, sender_id, sender_attendee_id, text_body) in (text(), text(), text(), text(), option::of(text())),
        flags in any::<[bool; 8]>(),
        attachments in vec(attachment(), 0..4),
        seen_by in btree_map(text(), seen_receipt(), 0..4),
        (event_type, behavior, attendee_distance) in (option::of(any::<i64>()), option::of(-2i64..3), option::of(-2i64..6)),
        reactions in vec(reaction(), 0..3),
        quoted in option::of(quoted()),
        (original, subject, sender_urn, message_id) in (option::of(text()), option::of(text()), option::of(text()), option::of(text())),
        message_type in option::of(string_enum::<MessageType>(&["MESSAGE", "INVITATION", "INMAIL", "INMAIL_DECLINE", "INMAIL_REPLY", "INMAIL_ACCEPT"])),
        attendee_type in option::of(string_enum::<AttendeeType>(&["MEMBER", "ORGANIZATION", "OTHER"])),
        (replies, reply_by, parent, reply_to) in (option::of(any::<u64>()), vec(text(), 0..3), option::of(text()), option::of(reply_to())),
        mentions in vec(mention(), 0..3),
    ) -> Message {
        let mut m = Message::new(id, chat_id, account_id, timestamp);
        m.provider_id = provider_id.into();
        m.chat_provider_id = chat_provider_id.into();
        m.sender_id = sender_id.into();
        m.sender_attendee_id = sender_attendee_id.into();
        m.text = text_body;
        let [is_sender, seen, delivered, hidden, deleted, edited, is_event, is_forwarded] = flags;
        m.is_sender = is_sender;
        m.seen = seen;
        m.delivered = delivered;
        m.hidden = hidden;
        m.deleted = deleted;
        m.edited = edited;
        m.is_event = is_event;
        m.is_forwarded = is_forwarded;
        m.attachments = attachments;
        m.seen_by = seen_by.into_iter().map(|(k, v)| (ProviderId::from(k), v)).collect();
        m.event_type = event_type.map(EventType::from);
        m.behavior = behavior.map(MessageBehavior::from);
        m.attendee_distance = attendee_distance.map(AttendeeDistance::from);
        m.reactions = reactions;
        m.quoted = quoted.map(Box::new);
        m.original = original;
        m.subject = subject;
        m.sender_urn = sender_urn;
        m.message_id = message_id;
        m.message_type = message_type;
        m.attendee_type = attendee_type;
        m.replies = replies;
        m.reply_by = reply_by.into_iter().map(ProviderId::from).collect();
        m.parent = parent.map(Into::into);
        m.reply_to = reply_to.map(Box::new);
        m.mentions = mentions;
        m
    }
}

prop_compose! {
    fn chat_fields()(
        (id, account, provider, provider_id) in (text(), text(), string_enum::<Provider>(&["LINKEDIN", "WHATSAPP", "TELEGRAM"]), text()),
        (name, chat_type, read_only, unread) in (option::of(text()), -1i64..4, -1i64..4, any::<u64>()),
        (archived, pinned) in any::<(bool, bool)>(),
        (timestamp, muted) in (option::of(time()), prop_oneof![Just(MutedUntil::NotMuted), Just(MutedUntil::Forever), time().prop_map(MutedUntil::Until)]),
        last in option::of(message()),
    ) -> Chat {
        let mut c = Chat::new(id, account, provider, provider_id);
        c.name = name;
        c.chat_type = ChatType::from(chat_type);
        c.read_only = ReadOnly::from(read_only);
        c.unread_count = unread;
        c.archived = archived;
        c.pinned = pinned;
        c.timestamp = timestamp;
        c.muted_until = muted;
        c.last_message = last.map(Box::new);
        c
    }
}

/// Boxed, so that the large value trees live on the heap, not on the test's stack.
fn message() -> BoxedStrategy<Message> {
    message_fields().boxed()
}

fn chat() -> BoxedStrategy<Chat> {
    chat_fields().boxed()
}

fn round_trip<T>(value: &T) -> Result<(), TestCaseError>
where
    T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let bytes = serde_json::to_vec(value).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let back: T = decode(&bytes)
        .map_err(|e| TestCaseError::fail(format!("{e}\n{}", String::from_utf8_lossy(&bytes))))?;
    prop_assert_eq!(&back, value);
    Ok(())
}

proptest! {
    #![proptest_config(cases(256))]

    #[test]
    fn any_message_round_trips(m in message()) {
        round_trip(&m)?;
    }

}

proptest! {
    // Pages and chats hold whole messages: fewer cases keep the suite fast.
    #![proptest_config(cases(64))]

    #[test]
    fn any_message_page_round_trips(items in vec(message(), 0..3), cursor in option::of("[A-Za-z0-9=]{1,20}")) {
        round_trip(&Page::new(items, cursor.map(Into::into)))?;
    }

    #[test]
    fn any_chat_round_trips(c in chat()) {
        round_trip(&c)?;
    }

}

proptest! {
    #![proptest_config(cases(256))]

    #[test]
    fn any_bytes_decode_without_panic(bytes in vec(any::<u8>(), 0..512)) {
        let _ = decode::<Message>(&bytes);
        let _ = decode::<Page<Message>>(&bytes);
        let _ = decode::<Chat>(&bytes);
    }

    /// Valid JSON with one byte changed or cut short: the inputs most likely to reach
    /// deep into the decoders.
    #[test]
    fn damaged_messages_decode_without_panic(m in message(), at in any::<prop::sample::Index>(), byte in any::<u8>(), cut in any::<bool>()) {
        let mut bytes = serde_json::to_vec(&Page::new(vec![m], None)).expect("serialize");
        let i = at.index(bytes.len());
        if cut {
            bytes.truncate(i);
        } else {
            bytes[i] = byte;
        }
        let _ = decode::<Message>(&bytes);
        let _ = decode::<Page<Message>>(&bytes);
    }
}

proptest! {
    #![proptest_config(cases(2000))]

    /// The API's time parameters (and the SQLite store's time columns) are written by
    /// hand for speed: always exactly what chrono's format gives.
    #[test]
    fn format_millis_is_chronos_format(at in time()) {
        let expected = at.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string();
        prop_assert_eq!(unipile_core::model::timestamp::format_millis(&at), expected);
    }
}
