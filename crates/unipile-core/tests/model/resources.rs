//! Chats, attendees, accounts, webhooks and action responses against fixtures.

use crate::common;

use common::{assert_round_trip, at, decode_fixture};
use serde::Deserialize;
use unipile_core::model::account::{PremiumFeature, SourceStatus};
use unipile_core::model::attachment::{Attachment, MediaSize};
use unipile_core::model::attendee::{AttendeeSpecifics, NetworkDistance, SocialHandle};
use unipile_core::model::chat::{ChatContentType, ChatFeature, ChatFolder, MutedUntil, ReadOnly};
use unipile_core::model::lenient;
use unipile_core::model::webhook_registration::{
    MessagingEvent, WebhookFormat, WebhookHeader, WebhookSource, WebhookType,
};
use unipile_core::{
    Account, AccountType, Chat, ChatAttendee, ChatPatched, ChatStarted, ChatType, MessageForwarded,
    MessageSent, Page, Provider, Webhook, WebhookCreated, WebhookDeleted, decode,
};

#[test]
fn chat_list_reads_every_field() {
    let page: Page<Chat> = decode_fixture("chat_list.json");
    assert_eq!(page.items.len(), 4);
    assert_eq!(page.cursor, None);

    let li = &page.items[0];
    assert_eq!(li.id, "chat_li_42");
    assert_eq!(li.account_id, "acc_linkedin_1");
    assert_eq!(li.account_type, Provider::Linkedin);
    assert_eq!(
        li.attendee_provider_id.as_ref().map(|p| p.as_str()),
        Some("ACoAAAcDMMQBODyLwZrRcgYhrkCafURGqva0U4E")
    );
    assert_eq!(li.name, None);
    assert_eq!(li.chat_type, ChatType::Single);
    assert!(!li.is_group());
    assert_eq!(li.timestamp, Some(at("2025-03-14T09:26:53.589Z")));
    assert_eq!(li.unread_count, 1);
    assert!(li.is_unread());
    assert!(!li.archived);
    assert_eq!(li.muted_until, MutedUntil::NotMuted);
    assert!(!li.is_muted_at(at("2025-03-14T10:00:00Z")));
    assert_eq!(li.read_only, ReadOnly::Writable);
    assert!(li.can_send());
    assert_eq!(li.disabled_features, [ChatFeature::Reactions]);
    assert!(!li.allows_reactions() && li.allows_replies());
    assert_eq!(li.subject.as_deref(), Some("Partnership"));
    assert_eq!(li.content_type, Some(ChatContentType::Inmail));
    assert_eq!(
        li.folder,
        [ChatFolder::Inbox, ChatFolder::InboxLinkedinClassic]
    );
    assert!(li.pinned);
    assert_eq!(li.last_message(), None);

    let group = &page.items[1];
    assert!(group.is_group());
    assert_eq!(group.name.as_deref(), Some("Trip 2025 🏔"));
    assert!(group.archived);
    assert_eq!(group.muted_until, MutedUntil::Forever);
    assert!(group.is_muted_at(at("2099-01-01T00:00:00Z")));
    assert_eq!(group.read_only, ReadOnly::Restricted);
    assert!(!group.can_send());
    assert!(group.disabled_features.is_empty() && group.folder.is_empty());
    assert!(!group.pinned);

    let org = &page.items[2];
    assert!(org.is_channel());
    assert_eq!(org.timestamp, None);
    assert_eq!(org.unread_count, 12);
    let until = at("2025-04-01T00:00:00Z");
    assert_eq!(org.muted_until, MutedUntil::Until(until));
    assert!(org.is_muted_at(at("2025-03-31T23:59:59Z")));
    assert!(
        !org.is_muted_at(until),
        "muted_until is the end of the mute"
    );
    assert_eq!(org.read_only, ReadOnly::ReadOnly);
    assert_eq!(org.disabled_features[0], ChatFeature::Reply);
    assert_eq!(org.disabled_features[1].as_str(), "polls");
    assert!(org.disabled_features[1].is_unknown());
    assert_eq!(org.organization_id.as_deref(), Some("81234567"));
    assert_eq!(
        org.mailbox_id.as_deref(),
        Some("urn:li:fsd_company:81234567")
    );
    let content = org.content_type.as_ref().expect("content_type");
    assert_eq!(content.as_str(), "linkedin_job_alert");
    assert!(content.is_unknown());
    assert_eq!(org.folder[0], ChatFolder::InboxLinkedinOrganization);
    assert_eq!(org.folder[1].as_str(), "INBOX_LINKEDIN_PARTNER");

    let odd = &page.items[3];
    assert_eq!(odd.account_type.as_str(), "X_TWITTER");
    assert!(odd.account_type.is_unknown());
    assert_eq!(odd.chat_type.code(), 7);
    assert!(!odd.is_group() && !odd.is_channel());
    assert_eq!(odd.unread_count, 3);
    assert_eq!(odd.muted_until, MutedUntil::Forever);
    assert_eq!(odd.read_only, ReadOnly::Writable);

    assert_round_trip(&page);
}

#[test]
fn chat_with_last_message() {
    let chat: Chat = decode_fixture("chat_with_last_message.json");
    assert_eq!(chat.id, "chat_wa_7");
    assert_eq!(chat.account_type, Provider::Whatsapp);
    let last = chat.last_message().expect("lastMessage");
    assert_eq!(last.id, "msg_wa_004");
    assert_eq!(last.chat_id, chat.id);
    assert!(last.deleted);
    assert_eq!(last.display_text(), "Message deleted");
    let json = serde_json::to_value(&chat).expect("serialize");
    assert_eq!(json["object"], "Chat");
    assert_eq!(json["lastMessage"]["object"], "Message");
    assert_eq!(json["muted_until"], serde_json::Value::Null);
    assert_round_trip(&chat);

    let no_message: Chat = decode(br#"{"id":"c","lastMessage":null}"#).expect("lastMessage null");
    assert_eq!(no_message.last_message(), None);
}

#[test]
fn muted_until_both_ways() {
    let cases = [
        ("null", MutedUntil::NotMuted),
        ("-1", MutedUntil::Forever),
        ("\"-1\"", MutedUntil::Forever),
        (
            "\"2025-04-01T00:00:00.000Z\"",
            MutedUntil::Until(at("2025-04-01T00:00:00Z")),
        ),
        (
            "1743465600000",
            MutedUntil::Until(at("2025-04-01T00:00:00Z")),
        ),
    ];
    for (json, want) in cases {
        let got: MutedUntil = serde_json::from_str(json).expect(json);
        assert_eq!(got, want, "{json}");
        let written = serde_json::to_string(&got).expect("serialize");
        assert_eq!(
            serde_json::from_str::<MutedUntil>(&written).expect("back"),
            want
        );
    }
    assert_eq!(
        serde_json::to_string(&MutedUntil::Forever).expect("serialize"),
        "-1"
    );
    assert!(serde_json::from_str::<MutedUntil>("\"next week\"").is_err());
}

#[test]
fn chat_needs_only_an_id() {
    let chat: Chat = decode(br#"{"id":"c1","account_type":null,"type":null}"#).expect("minimal");
    assert_eq!(chat, Chat::new("c1", "", Provider::from(""), ""));
    assert_eq!(chat.chat_type, ChatType::Single);
    let err = decode::<Page<Chat>>(br#"{"items":[{"id":"a"},{"id":"b","unread_count":"many"}]}"#)
        .expect_err("bad count");
    assert_eq!(err.path(), "items[1].unread_count");
}

/// `pinned` is documented as a number, not a 0/1 flag: a pin order or a pin time must read
/// as pinned instead of failing the whole chat list.
#[test]
fn pinned_reads_any_number() {
    for (json, want) in [
        ("0", false),
        ("1", true),
        ("3", true),
        ("1700000000000", true),
        ("-1", true),
        ("2.5", true),
        ("\"2\"", true),
        ("\"0\"", false),
        ("\"false\"", false),
        ("true", true),
        ("null", false),
    ] {
        let body = format!(r#"{{"items":[{{"id":"c1","pinned":{json}}}],"cursor":null}}"#);
        let page: Page<Chat> = decode(body.as_bytes()).unwrap_or_else(|e| panic!("{json}: {e}"));
        assert_eq!(page.items[0].pinned, want, "pinned {json}");
    }
    let err = decode::<Chat>(br#"{"id":"c1","pinned":"yes please"}"#).expect_err("not a number");
    assert_eq!(err.path(), "pinned");
}

#[test]
fn attendee_list_with_linkedin_specifics() {
    let page: Page<ChatAttendee> = decode_fixture("chat_attendee_list.json");
    assert_eq!(page.items.len(), 4);
    assert_eq!(
        page.cursor.as_ref().map(|c| c.as_str()),
        Some("Y2hhdF9hdHRlbmRlZXNfcGFnZV8y")
    );

    let kim = &page.items[0];
    assert_eq!(kim.id, "att_kim");
    assert_eq!(kim.account_id, "acc_linkedin_1");
    assert_eq!(kim.provider_id, "ACoAAAcDMMQBODyLwZrRcgYhrkCafURGqva0U4E");
    assert_eq!(kim.name, "Kim Unipile");
    assert!(!kim.is_self && !kim.hidden);
    assert!(
        kim.picture_url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://media.licdn.com/"))
    );
    assert_eq!(
        kim.profile_url.as_deref(),
        Some("https://www.linkedin.com/in/ACoAAAcDMMQBODyLwZrRcgYhrkCafURGqva0U4E")
    );
    let s = kim.specifics.as_ref().expect("specifics");
    assert_eq!(s.provider, Some(Provider::Linkedin));
    assert_eq!(s.member_urn.as_deref(), Some("urn:li:member:123456789"));
    assert_eq!(s.occupation.as_deref(), Some("Co-founder & CEO at Unipile"));
    assert_eq!(s.network_distance, Some(NetworkDistance::Distance1));
    assert_eq!(s.pending_invitation, Some(false));
    assert_eq!(
        s.location.as_deref(),
        Some("Riorges, Auvergne-Rhône-Alpes, France")
    );
    assert_eq!(
        s.headline.as_deref(),
        Some("One API to Enhance your App with Multi-Channel Messaging")
    );
    let contact = s.contact_info.as_ref().expect("contact_info");
    assert_eq!(contact.emails, ["kim@example.com"]);
    assert_eq!(contact.phone_numbers, ["+33 6 00 00 00 00"]);
    assert_eq!(contact.websites, ["https://www.unipile.com"]);
    assert_eq!(
        contact.social_handles,
        [SocialHandle::new("TWITTER", "@kim_unipile")]
    );

    let me = &page.items[1];
    assert!(me.is_self);
    assert_eq!(me.network_distance(), Some(&NetworkDistance::SelfProfile));
    assert_eq!(me.picture_url, None);

    let bastien = &page.items[2];
    assert!(bastien.hidden && !bastien.is_self);
    let distance = bastien.network_distance().expect("distance");
    assert_eq!(distance.as_str(), "DISTANCE_4_PLUS");
    assert!(distance.is_unknown());
    assert_eq!(
        bastien
            .specifics
            .as_ref()
            .and_then(|s| s.pending_invitation),
        Some(true)
    );

    let lea = &page.items[3];
    assert_eq!(lea.specifics, None);
    assert_eq!(lea.network_distance(), None);

    assert_round_trip(&page);
    assert_eq!(
        serde_json::to_value(kim).expect("serialize")["object"],
        "ChatAttendee"
    );
    let mut built = ChatAttendee::new("att_x", "acc_1", "ACoX", "X");
    built.specifics = Some(AttendeeSpecifics::default());
    assert_round_trip(&built);
}

#[test]
fn account_list_linkedin_whatsapp_x_and_mail() {
    let page: Page<Account> = decode_fixture("account_list.json");
    assert_eq!(page.items.len(), 4);

    let li = &page.items[0];
    assert_eq!(li.id, "acc_linkedin_1");
    assert_eq!(li.name, "Julien Crepieux");
    assert_eq!(li.account_type, AccountType::Linkedin);
    assert_eq!(li.provider(), Some(Provider::Linkedin));
    assert_eq!(li.created_at, Some(at("2024-11-02T08:15:30.120Z")));
    let im = li.im().expect("im params");
    assert_eq!(
        im.id.as_ref().map(|i| i.as_str()),
        Some("ACoAAB1234567890abcdefghijklmnopqrstuvw")
    );
    assert_eq!(im.username.as_deref(), Some("julien-crepieux"));
    assert_eq!(
        im.premium_contract_id.as_deref(),
        Some("urn:li:ts_contract:123456")
    );
    assert_eq!(im.premium_features[0], PremiumFeature::SalesNavigator);
    assert_eq!(im.premium_features[1], PremiumFeature::Premium);
    assert_eq!(im.premium_features[2].as_str(), "learning");
    assert_eq!(li.sources.len(), 1);
    assert_eq!(
        li.sources[0].id.as_deref(),
        Some("acc_linkedin_1_MESSAGING")
    );
    assert_eq!(li.sources[0].status, SourceStatus::Ok);
    assert!(li.is_ok() && !li.needs_attention());
    assert_eq!(li.groups, ["sales"]);
    assert_eq!(li.current_signature.as_deref(), Some("Best, Julien"));
    assert_eq!(li.signatures[0].title, "Default");
    assert_eq!(li.signatures[0].content, "Best, Julien");

    let wa = &page.items[1];
    assert_eq!(wa.provider(), Some(Provider::Whatsapp));
    assert_eq!(
        wa.im().and_then(|im| im.phone_number.as_deref()),
        Some("33600000000")
    );
    assert_eq!(wa.sources[0].status, SourceStatus::Credentials);
    assert!(!wa.is_ok() && wa.needs_attention());

    let x = &page.items[2];
    assert!(x.account_type.is_unknown());
    assert_eq!(x.account_type.as_str(), "X_TWITTER");
    assert_eq!(x.provider(), None);
    assert_eq!(x.sources[0].status.as_str(), "PAUSED_BY_PROVIDER");
    assert!(!x.is_ok() && !x.needs_attention());

    let mail = &page.items[3];
    assert_eq!(mail.account_type, AccountType::GoogleOauth);
    assert_eq!(mail.provider(), None);
    assert_eq!(mail.im(), None, "mail connection params are not kept");
    assert_eq!(mail.sources[0].status, SourceStatus::Connecting);
    assert!(!mail.is_ok() && !mail.needs_attention());

    assert_round_trip(&page);
    assert_eq!(
        serde_json::to_value(li).expect("serialize")["object"],
        "Account"
    );
}

#[test]
fn webhook_list_with_redacted_headers() {
    let page: Page<Webhook> = decode_fixture("webhook_list.json");
    assert_eq!(page.items.len(), 3);

    let messages = &page.items[0];
    assert_eq!(messages.id, "wh_messages_1");
    assert_eq!(messages.account_ids.len(), 2);
    assert_eq!(messages.account_ids[0].id, "acc_linkedin_1");
    assert_eq!(
        messages.account_ids[0].name.as_deref(),
        Some("Julien Crepieux")
    );
    assert_eq!(
        messages.account_ids[0].account_type,
        Some(AccountType::Linkedin)
    );
    assert_eq!(messages.account_ids[1].name, None);
    assert!(messages.enabled);
    assert_eq!(messages.name.as_deref(), Some("Inbox sync"));
    assert_eq!(
        messages.request_url,
        "https://crm.example.com/hooks/unipile"
    );
    assert_eq!(messages.format, WebhookFormat::Json);
    assert_eq!(
        messages.headers[0],
        WebhookHeader::new("Content-Type", "application/json")
    );
    assert_eq!(
        messages.header("unipile-auth"),
        Some("whsec_example_not_a_real_secret_42")
    );
    assert_eq!(messages.data[0].name, "body");
    assert_eq!(messages.data[0].key, "message");
    assert_eq!(
        messages.messaging_events().collect::<Vec<_>>(),
        [
            MessagingEvent::MessageReceived,
            MessagingEvent::MessageRead,
            MessagingEvent::MessageReaction
        ]
    );
    assert!(messages.listens_to("message_read"));
    assert!(!messages.listens_to("message_deleted"));
    assert_eq!(messages.webhook_type, Some(WebhookType::Trigger));
    assert_eq!(messages.source, Some(WebhookSource::Messaging));
    assert!(messages.covers_account("acc_whatsapp_1"));
    assert!(!messages.covers_account("acc_x_1"));

    let debug = format!("{messages:?}");
    assert!(
        !debug.contains("whsec_example_not_a_real_secret_42"),
        "{debug}"
    );
    assert!(debug.contains("<redacted>"), "{debug}");
    assert!(debug.contains("Unipile-Auth"), "{debug}");

    let status = &page.items[1];
    assert!(!status.enabled);
    assert_eq!(status.format, WebhookFormat::Form);
    assert!(
        status.covers_account("anything"),
        "no account_ids means all accounts"
    );
    assert_eq!(
        status.events,
        ["creation_success", "credentials", "account_paused"]
    );
    assert_eq!(status.messaging_events().count(), 0);
    assert_eq!(status.webhook_type, Some(WebhookType::Auto));
    assert_eq!(status.source, None);

    let future = &page.items[2];
    assert!(future.enabled);
    assert_eq!(
        future.account_ids[0].id, "acc_x_1",
        "a bare id is an account"
    );
    assert_eq!(future.format.as_str(), "protobuf");
    assert!(future.events.is_empty());
    assert_eq!(
        future.webhook_type.as_ref().map(|t| t.as_str()),
        Some("SCHEDULED")
    );
    assert_eq!(
        future.source.as_ref().map(|s| s.as_str()),
        Some("message_analytics")
    );

    assert_round_trip(&page);
    let json = serde_json::to_value(messages).expect("serialize");
    assert_eq!(json["object"], "Webhook");
    assert_eq!(
        json["headers"][1]["value"], "whsec_example_not_a_real_secret_42",
        "the value is written for the API"
    );
}

#[test]
fn webhook_header_debug_is_redacted() {
    let header = WebhookHeader::new("Unipile-Auth", "s3cr3t-shared-value");
    let debug = format!("{header:?}");
    assert_eq!(
        debug,
        r#"WebhookHeader { key: "Unipile-Auth", value: <redacted> }"#
    );
    let pretty = format!("{:#?}", vec![header]);
    assert!(!pretty.contains("s3cr3t"), "{pretty}");
}

#[test]
fn send_and_action_responses() {
    let sent: MessageSent = decode_fixture("message_sent.json");
    assert_eq!(
        sent.message_id.as_ref().map(|m| m.as_str()),
        Some("msg_sent_123")
    );
    let pending: MessageSent = decode_fixture("message_sent_pending.json");
    assert_eq!(pending.message_id, None);
    let started: ChatStarted = decode_fixture("chat_started.json");
    assert_eq!(
        started.chat_id.as_ref().map(|c| c.as_str()),
        Some("chat_new_9")
    );
    assert_eq!(
        started.message_id.as_ref().map(|m| m.as_str()),
        Some("msg_first_1")
    );
    let legacy: ChatStarted = decode_fixture("chat_started_legacy.json");
    assert_eq!(
        legacy.chat_id.as_ref().map(|c| c.as_str()),
        Some("chat_new_10")
    );
    assert_eq!(legacy.message_id, None, "older servers omit message_id");

    let cases: [(serde_json::Value, &str); 6] = [
        (
            serde_json::to_value(MessageSent::new(Some("m1".into()))).expect("ser"),
            r#"{"object":"MessageSent","message_id":"m1"}"#,
        ),
        (
            serde_json::to_value(ChatStarted::new(Some("c1".into()), None)).expect("ser"),
            r#"{"object":"ChatStarted","chat_id":"c1","message_id":null}"#,
        ),
        (
            serde_json::to_value(ChatPatched::new()).expect("ser"),
            r#"{"object":"ChatPatched"}"#,
        ),
        (
            serde_json::to_value(MessageForwarded::new(Some("m2".into()))).expect("ser"),
            r#"{"object":"MessageForwarded","message_id":"m2"}"#,
        ),
        (
            serde_json::to_value(WebhookCreated::new("wh_1")).expect("ser"),
            r#"{"object":"WebhookCreated","webhook_id":"wh_1"}"#,
        ),
        (
            serde_json::to_value(WebhookDeleted::new()).expect("ser"),
            r#"{"object":"WebhookDeleted"}"#,
        ),
    ];
    for (got, want) in cases {
        let want: serde_json::Value = serde_json::from_str(want).expect("want");
        assert_eq!(got, want);
    }
    assert_round_trip(&sent);
    assert_round_trip(&legacy);
    assert_round_trip(&ChatPatched::new());
    assert_round_trip(&WebhookDeleted::new());
    assert_round_trip(&WebhookCreated::new("wh_2"));
    assert_round_trip(&MessageForwarded::new(None));
    let created: WebhookCreated =
        decode(br#"{"object":"WebhookCreated","webhook_id":"wh_9","extra":1}"#).expect("created");
    assert_eq!(created.webhook_id, "wh_9");
}

/// The message-received payload of the docs: its attachment (a single object with
/// string scalars) reads as an image.
#[test]
fn reference_webhook_payload_attachment() {
    #[derive(Deserialize)]
    struct Payload {
        #[serde(deserialize_with = "lenient::one_or_many")]
        attachments: Vec<Attachment>,
    }
    let payload: Payload = decode_fixture("reference/webhook-message-received.docs.json");
    let [Attachment::Image(img)] = payload.attachments.as_slice() else {
        panic!("one image attachment")
    };
    assert_eq!(
        img.id,
        "2-MTY5MzQ3ODM0MTgxOWI4MDA4My0wMDMmNjg2M2E2MTgtNjM2Yi01OWNkLWFjNmQtYjE3Y2NjNTU5ZWZkXzAxMw=="
    );
    assert_eq!(img.size, MediaSize::new(150, 150));
    assert!(!img.sticker && !img.unavailable);
    assert_eq!(img.mimetype.as_deref(), Some("image/jpeg"));
    assert_eq!(
        img.url.as_deref(),
        Some("att://iWfwCtGXSr288YQm5MbWVaeGtYNHQyaEZQcVpPbW5PdGNsQQ==")
    );
}

/// The documented create request: its source and headers read as webhook types.
#[test]
fn reference_webhook_create_request() {
    #[derive(Deserialize)]
    struct Create {
        request_url: String,
        source: WebhookSource,
        headers: Vec<WebhookHeader>,
    }
    let create: Create = decode_fixture("reference/webhook-create-request.json");
    assert_eq!(create.request_url, "https://endpoint");
    assert_eq!(create.source, WebhookSource::Messaging);
    assert_eq!(
        create.headers,
        [WebhookHeader::new("Content-Type", "application/json")]
    );
}

#[test]
fn every_reference_payload_is_copied() {
    for name in [
        "hosted-auth-notify.json",
        "user-profile-linkedin.partial.json",
        "webhook-account-status.json",
        "webhook-create-request.json",
        "webhook-message-received.docs.json",
    ] {
        let value: serde_json::Value = decode_fixture(&format!("reference/{name}"));
        assert!(value.is_object(), "{name}");
    }
}
