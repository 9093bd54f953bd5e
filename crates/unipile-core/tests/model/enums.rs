//! Every open enum of the model, both ways: each known value reads and writes its wire
//! form, and an unknown value is kept and written back as it came.

use unipile_core::model::account::{AccountType, PremiumFeature, SourceStatus};
use unipile_core::model::attachment::AttachmentKind;
use unipile_core::model::attendee::NetworkDistance;
use unipile_core::model::chat::{ChatContentType, ChatFeature, ChatFolder, ChatType, ReadOnly};
use unipile_core::model::event_type::EventType;
use unipile_core::model::message::{AttendeeDistance, AttendeeType, MessageBehavior, MessageType};
use unipile_core::model::webhook_registration::{
    AccountStatusEvent, MessagingEvent, WebhookFormat, WebhookSource, WebhookType,
};

/// Checks a string enum against its full table of wire values, then an unknown value.
macro_rules! string_table {
    ($ty:ty, $unknown:literal, [$($variant:expr => $wire:literal),+ $(,)?]) => {{
        let table: Vec<($ty, &str)> = vec![$(($variant, $wire)),+];
        assert_eq!(table.len(), <$ty>::KNOWN.len(), "{} table is complete", stringify!($ty));
        for (value, wire) in &table {
            assert_eq!(value.as_str(), *wire);
            assert_eq!(&<$ty>::from(*wire), value);
            assert!(!value.is_unknown());
            let json = serde_json::to_string(value).expect("serialize");
            assert_eq!(json, format!("\"{wire}\""));
            assert_eq!(&serde_json::from_str::<$ty>(&json).expect("parse"), value);
        }
        let unknown: $ty = serde_json::from_str(concat!("\"", $unknown, "\"")).expect("unknown");
        assert!(unknown.is_unknown(), "{} {}", stringify!($ty), $unknown);
        assert_eq!(unknown.as_str(), $unknown);
        assert_eq!(
            serde_json::to_string(&unknown).expect("serialize"),
            concat!("\"", $unknown, "\"")
        );
    }};
}

/// Checks an int enum against its full table of codes, then an unknown code.
macro_rules! int_table {
    ($ty:ty, $unknown:literal, [$($variant:expr => $code:literal),+ $(,)?]) => {{
        let table: Vec<($ty, i64)> = vec![$(($variant, $code)),+];
        assert_eq!(table.len(), <$ty>::KNOWN.len(), "{} table is complete", stringify!($ty));
        for (value, code) in &table {
            assert_eq!(value.code(), *code);
            assert_eq!(<$ty>::from(*code), *value);
            let json = serde_json::to_string(value).expect("serialize");
            assert_eq!(json, code.to_string());
            assert_eq!(serde_json::from_str::<$ty>(&json).expect("parse"), *value);
            let quoted = format!("\"{code}\"");
            assert_eq!(serde_json::from_str::<$ty>(&quoted).expect("string code"), *value);
        }
        let unknown: $ty = serde_json::from_str(stringify!($unknown)).expect("unknown");
        assert!(unknown.is_unknown());
        assert_eq!(unknown.code(), $unknown);
        assert_eq!(serde_json::to_string(&unknown).expect("serialize"), stringify!($unknown));
    }};
}

#[test]
fn attachment_kind() {
    string_table!(AttachmentKind, "sticker_pack", [
        AttachmentKind::Image => "img",
        AttachmentKind::Video => "video",
        AttachmentKind::Audio => "audio",
        AttachmentKind::File => "file",
        AttachmentKind::LinkedinPost => "linkedin_post",
        AttachmentKind::VideoMeeting => "video_meeting",
    ]);
}

#[test]
fn event_type() {
    int_table!(EventType, 14, [
        EventType::Unsupported => 0,
        EventType::Reaction => 1,
        EventType::ReactionToOwnMessage => 2,
        EventType::GroupCreated => 3,
        EventType::GroupTitleChanged => 4,
        EventType::ParticipantAdded => 5,
        EventType::ParticipantRemoved => 6,
        EventType::ParticipantLeft => 7,
        EventType::MissedVoiceCall => 8,
        EventType::MissedVideoCall => 9,
    ]);
}

#[test]
fn message_enums() {
    string_table!(MessageType, "INMAIL_SPONSORED", [
        MessageType::Message => "MESSAGE",
        MessageType::Invitation => "INVITATION",
        MessageType::Inmail => "INMAIL",
        MessageType::InmailDecline => "INMAIL_DECLINE",
        MessageType::InmailReply => "INMAIL_REPLY",
        MessageType::InmailAccept => "INMAIL_ACCEPT",
    ]);
    string_table!(AttendeeType, "BOT", [
        AttendeeType::Member => "MEMBER",
        AttendeeType::Organization => "ORGANIZATION",
        AttendeeType::Other => "OTHER",
    ]);
    int_table!(AttendeeDistance, 5, [
        AttendeeDistance::FirstDegree => 1,
        AttendeeDistance::SecondDegree => 2,
        AttendeeDistance::ThirdDegree => 3,
        AttendeeDistance::OutOfNetwork => 4,
        AttendeeDistance::SelfProfile => -1,
    ]);
    int_table!(MessageBehavior, 1, [MessageBehavior::Silent => 0]);
}

#[test]
fn chat_enums() {
    int_table!(ChatType, 3, [
        ChatType::Single => 0,
        ChatType::Group => 1,
        ChatType::Channel => 2,
    ]);
    int_table!(ReadOnly, 3, [
        ReadOnly::Writable => 0,
        ReadOnly::ReadOnly => 1,
        ReadOnly::Restricted => 2,
    ]);
    assert!(ReadOnly::Writable.can_send());
    assert!(ReadOnly::ReadOnly.is_read_only() && ReadOnly::Restricted.is_read_only());
    assert!(
        ReadOnly::from(3).is_read_only(),
        "an unknown code is not assumed writable"
    );
    string_table!(ChatFeature, "polls", [
        ChatFeature::Reactions => "reactions",
        ChatFeature::Reply => "reply",
    ]);
    string_table!(ChatContentType, "invitation", [
        ChatContentType::Inmail => "inmail",
        ChatContentType::Sponsored => "sponsored",
        ChatContentType::LinkedinOffer => "linkedin_offer",
    ]);
    string_table!(ChatFolder, "ARCHIVE", [
        ChatFolder::Inbox => "INBOX",
        ChatFolder::InboxLinkedinClassic => "INBOX_LINKEDIN_CLASSIC",
        ChatFolder::InboxLinkedinRecruiter => "INBOX_LINKEDIN_RECRUITER",
        ChatFolder::InboxLinkedinSalesNavigator => "INBOX_LINKEDIN_SALES_NAVIGATOR",
        ChatFolder::InboxLinkedinOrganization => "INBOX_LINKEDIN_ORGANIZATION",
    ]);
}

#[test]
fn attendee_enums() {
    string_table!(NetworkDistance, "DISTANCE_4", [
        NetworkDistance::Distance1 => "DISTANCE_1",
        NetworkDistance::Distance2 => "DISTANCE_2",
        NetworkDistance::Distance3 => "DISTANCE_3",
        NetworkDistance::OutOfNetwork => "OUT_OF_NETWORK",
        NetworkDistance::SelfProfile => "SELF",
    ]);
}

#[test]
fn account_enums() {
    string_table!(AccountType, "X_TWITTER", [
        AccountType::Mobile => "MOBILE",
        AccountType::Mail => "MAIL",
        AccountType::GoogleOauth => "GOOGLE_OAUTH",
        AccountType::Icloud => "ICLOUD",
        AccountType::Outlook => "OUTLOOK",
        AccountType::GoogleCalendar => "GOOGLE_CALENDAR",
        AccountType::Whatsapp => "WHATSAPP",
        AccountType::Linkedin => "LINKEDIN",
        AccountType::Slack => "SLACK",
        AccountType::Twitter => "TWITTER",
        AccountType::Exchange => "EXCHANGE",
        AccountType::Telegram => "TELEGRAM",
        AccountType::Instagram => "INSTAGRAM",
        AccountType::Messenger => "MESSENGER",
    ]);
    // Every messaging account type maps to the provider of the same name.
    let messaging: Vec<&str> = AccountType::KNOWN
        .iter()
        .filter_map(|t| t.provider().map(|p| (t, p)))
        .map(|(t, p)| {
            assert_eq!(t.as_str(), p.as_str());
            t.as_str()
        })
        .collect();
    assert_eq!(
        messaging,
        [
            "WHATSAPP",
            "LINKEDIN",
            "SLACK",
            "TWITTER",
            "TELEGRAM",
            "INSTAGRAM",
            "MESSENGER"
        ]
    );
    string_table!(SourceStatus, "PAUSED", [
        SourceStatus::Ok => "OK",
        SourceStatus::Stopped => "STOPPED",
        SourceStatus::Error => "ERROR",
        SourceStatus::Credentials => "CREDENTIALS",
        SourceStatus::Permissions => "PERMISSIONS",
        SourceStatus::Connecting => "CONNECTING",
    ]);
    let attention: Vec<&str> = SourceStatus::KNOWN
        .iter()
        .filter(|s| s.needs_attention())
        .map(|s| s.as_str())
        .collect();
    assert_eq!(
        attention,
        ["STOPPED", "ERROR", "CREDENTIALS", "PERMISSIONS"]
    );
    string_table!(PremiumFeature, "learning", [
        PremiumFeature::Recruiter => "recruiter",
        PremiumFeature::SalesNavigator => "sales_navigator",
        PremiumFeature::Premium => "premium",
    ]);
}

#[test]
fn webhook_enums() {
    string_table!(WebhookSource, "crm", [
        WebhookSource::Messaging => "messaging",
        WebhookSource::Email => "email",
        WebhookSource::EmailTracking => "email_tracking",
        WebhookSource::AccountStatus => "account_status",
        WebhookSource::Users => "users",
        WebhookSource::CalendarEvent => "calendar_event",
    ]);
    string_table!(MessagingEvent, "message_delivered", [
        MessagingEvent::MessageReceived => "message_received",
        MessagingEvent::MessageRead => "message_read",
        MessagingEvent::MessageReaction => "message_reaction",
        MessagingEvent::MessageEdited => "message_edited",
        MessagingEvent::MessageDeleted => "message_deleted",
    ]);
    string_table!(AccountStatusEvent, "paused", [
        AccountStatusEvent::CreationSuccess => "creation_success",
        AccountStatusEvent::CreationFail => "creation_fail",
        AccountStatusEvent::Deleted => "deleted",
        AccountStatusEvent::Reconnected => "reconnected",
        AccountStatusEvent::SyncSuccess => "sync_success",
        AccountStatusEvent::Stopped => "stopped",
        AccountStatusEvent::Ok => "ok",
        AccountStatusEvent::Connecting => "connecting",
        AccountStatusEvent::Error => "error",
        AccountStatusEvent::Credentials => "credentials",
        AccountStatusEvent::Permissions => "permissions",
    ]);
    string_table!(WebhookFormat, "xml", [
        WebhookFormat::Json => "json",
        WebhookFormat::Form => "form",
    ]);
    string_table!(WebhookType, "SCHEDULED", [
        WebhookType::Auto => "AUTO",
        WebhookType::Trigger => "TRIGGER",
    ]);
}
