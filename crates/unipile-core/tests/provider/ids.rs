//! Provider id rules: one table per provider of inputs and what they are (LinkedIn has
//! its own file).

use crate::support as provider_support;

use provider_support::{Want, check_classify, check_normalize};
use unipile_core::provider::{
    IdKind, InstagramRules, LinkedinProduct, MessengerRules, ProviderRules, SlackRules,
    TelegramRules, TwitterRules, WhatsappRules,
};

fn phone(digits: &str) -> Option<IdKind> {
    Some(IdKind::WhatsappPhone {
        phone: digits.to_owned(),
    })
}

#[test]
fn whatsapp_classify() {
    check_classify(
        &WhatsappRules,
        &[
            ("33600000000@s.whatsapp.net", phone("33600000000")),
            ("0000000000@lid", Some(IdKind::WhatsappLid)),
            ("33600000000@lid", Some(IdKind::WhatsappLid)),
            ("120363000000000000@g.us", Some(IdKind::WhatsappGroup)),
            ("33600000000-1600000000@g.us", Some(IdKind::WhatsappGroup)),
            (
                "33600000000",
                Some(IdKind::PhoneNumber {
                    digits: "33600000000".to_owned(),
                }),
            ),
            ("0600000000", None),
            ("abc@s.whatsapp.net", None),
            ("@s.whatsapp.net", None),
            ("33600000000@c.us", None),
            ("julien", None),
            ("", None),
        ],
    );
}

#[test]
fn whatsapp_lid_ids_hold_no_phone_number() {
    let rules = WhatsappRules;
    // Digits shaped exactly like a phone number, behind `@lid`: still no phone number.
    let kind = rules.classify("33600000000@lid").expect("an @lid id");
    assert_eq!(kind, IdKind::WhatsappLid);
    assert_eq!(kind.phone_digits(), None);
    assert!(kind.is_attendee_id());
    let normalized = rules.normalize("33600000000@lid");
    assert_eq!(normalized.attendee_id().expect("kept"), "33600000000@lid");
    assert_eq!(normalized.kind(), Some(&IdKind::WhatsappLid));
    assert_eq!(rules.chat_link("33600000000@lid"), None);

    let kind = rules
        .classify("33600000000@s.whatsapp.net")
        .expect("a phone id");
    assert_eq!(kind.phone_digits(), Some("33600000000"));
}

#[test]
fn whatsapp_normalize() {
    const JID: &str = "33600000000@s.whatsapp.net";
    check_normalize(
        &WhatsappRules,
        &[
            ("+33 6 00 00 00 00", Want::Id(JID)),
            ("0033600000000", Want::Id(JID)),
            ("(33) 600-000-000", Want::Id(JID)),
            ("33600000000", Want::Id(JID)),
            ("+33.6.00.00.00.00", Want::Id(JID)),
            ("+33\u{a0}6\u{a0}00\u{a0}00\u{a0}00\u{a0}00", Want::Id(JID)),
            (
                "+44 (0)20 7946 0000",
                Want::Id("442079460000@s.whatsapp.net"),
            ),
            ("https://wa.me/33600000000", Want::Id(JID)),
            (JID, Want::Id(JID)),
            ("0000000000@lid", Want::Id("0000000000@lid")),
            ("06 00 00 00 00", Want::Invalid("country code")),
            ("0600000000", Want::Invalid("country code")),
            ("120363000000000000@g.us", Want::Invalid("group")),
            (
                "julien@example.com",
                Want::Invalid("not a WhatsApp user id"),
            ),
            ("+33 6", Want::Invalid("7 to 15 digits")),
            (
                "+0 600 000 000",
                Want::Invalid("country code never starts with 0"),
            ),
            ("https://wa.me/", Want::Invalid("wa.me")),
            ("julien", Want::Invalid("not a WhatsApp id")),
            ("", Want::Invalid("empty")),
        ],
    );
}

#[test]
fn whatsapp_chat_link_only_for_phone_ids() {
    let rules = WhatsappRules;
    assert_eq!(
        rules.chat_link("33600000000@s.whatsapp.net").as_deref(),
        Some("https://wa.me/33600000000")
    );
    assert_eq!(rules.chat_link("0000000000@lid"), None);
    assert_eq!(rules.chat_link("120363000000000000@g.us"), None);
    assert_eq!(rules.chat_link("33600000000"), None);
}

#[test]
fn instagram() {
    check_classify(
        &InstagramRules,
        &[
            ("013456789", Some(IdKind::NumericUserId)),
            ("unipile.app", Some(IdKind::Username)),
            ("@unipile_app", Some(IdKind::Username)),
            ("uni pile", None),
            ("a-b", None),
        ],
    );
    check_normalize(
        &InstagramRules,
        &[
            ("013456789", Want::Id("013456789")),
            ("unipile.app", Want::Lookup("unipile.app")),
            ("@unipile.app", Want::Lookup("unipile.app")),
            ("@12345", Want::Lookup("12345")),
            (
                "https://www.instagram.com/unipile.app/",
                Want::Lookup("unipile.app"),
            ),
            (
                "instagram.com/unipile.app?hl=fr",
                Want::Lookup("unipile.app"),
            ),
            (
                "https://www.instagram.com/",
                Want::Invalid("names no profile"),
            ),
            (
                "https://www.instagram.com/p/C1a2b3c4d5e/",
                Want::Invalid("names no profile"),
            ),
            (
                "https://example.com/unipile",
                Want::Invalid("not an Instagram"),
            ),
            ("uni pile", Want::Invalid("not an Instagram")),
        ],
    );
    assert_eq!(InstagramRules.chat_link("340282366841710300949128"), None);
}

#[test]
fn messenger() {
    check_classify(
        &MessengerRules,
        &[
            ("100012345678901", Some(IdKind::NumericUserId)),
            ("zuck", None),
            ("", None),
        ],
    );
    check_normalize(
        &MessengerRules,
        &[
            (" 100012345678901 ", Want::Id("100012345678901")),
            ("zuck", Want::Invalid("numeric")),
        ],
    );
    assert_eq!(MessengerRules.chat_link("100012345678901"), None);
}

#[test]
fn telegram() {
    check_classify(
        &TelegramRules,
        &[
            ("013456789", Some(IdKind::NumericUserId)),
            ("@durov", Some(IdKind::Username)),
            ("durov", Some(IdKind::Username)),
            ("dur", None),
            ("1durov", None),
        ],
    );
    check_normalize(
        &TelegramRules,
        &[
            ("013456789", Want::Id("013456789")),
            // Bare digits are an id; a phone number is written with its `+` or `00`.
            ("33600000000", Want::Id("33600000000")),
            ("+33 6 00 00 00 00", Want::Lookup("33600000000")),
            ("0033 6 00 00 00 00", Want::Lookup("33600000000")),
            ("@durov", Want::Lookup("durov")),
            ("https://t.me/durov", Want::Lookup("durov")),
            ("06 00 00 00 00", Want::Invalid("country code")),
            ("https://t.me/", Want::Invalid("t.me")),
            ("@d", Want::Invalid("not a Telegram")),
        ],
    );
    assert_eq!(TelegramRules.chat_link("013456789"), None);
}

#[test]
fn twitter() {
    check_classify(
        &TwitterRules,
        &[
            ("013456789", Some(IdKind::NumericUserId)),
            ("@unipile", Some(IdKind::Username)),
            ("unipile_api", Some(IdKind::Username)),
            ("a_handle_far_too_long", None),
            ("uni.pile", None),
        ],
    );
    check_normalize(
        &TwitterRules,
        &[
            ("013456789", Want::Id("013456789")),
            ("@unipile", Want::Lookup("unipile")),
            ("unipile", Want::Lookup("unipile")),
            ("@12345", Want::Lookup("12345")),
            ("https://x.com/unipile", Want::Lookup("unipile")),
            (
                "twitter.com/unipile/status/1234567890",
                Want::Lookup("unipile"),
            ),
            ("https://x.com/home", Want::Invalid("names no profile")),
            (
                "https://x.com/i/flow/login",
                Want::Invalid("names no profile"),
            ),
            (
                "https://example.com/unipile",
                Want::Invalid("not an X user id"),
            ),
            ("uni pile", Want::Invalid("not an X user id")),
        ],
    );
    assert_eq!(TwitterRules.chat_link("123-456"), None);
}

#[test]
fn slack() {
    check_classify(
        &SlackRules,
        &[
            ("U012AB3CD", Some(IdKind::SlackUser)),
            ("W012AB3CDEF", Some(IdKind::SlackUser)),
            ("C012AB3CD", Some(IdKind::SlackConversation)),
            ("D012AB3CD", Some(IdKind::SlackConversation)),
            ("G012AB3CD", Some(IdKind::SlackConversation)),
            ("u012ab3cd", None),
            ("U12", None),
            ("X012AB3CD", None),
            ("", None),
        ],
    );
    check_normalize(
        &SlackRules,
        &[
            ("U012AB3CD", Want::Id("U012AB3CD")),
            ("C012AB3CD", Want::Invalid("names a chat")),
            ("@julien", Want::Invalid("not a Slack user id")),
        ],
    );
    assert_eq!(SlackRules.chat_link("C012AB3CD"), None);
}

#[test]
fn kinds_say_what_can_be_sent() {
    let sendable = [
        IdKind::LinkedinMember {
            product: LinkedinProduct::Recruiter,
        },
        IdKind::LinkedinCompany,
        IdKind::WhatsappPhone {
            phone: "33600000000".to_owned(),
        },
        IdKind::WhatsappLid,
        IdKind::NumericUserId,
        IdKind::SlackUser,
    ];
    for kind in &sendable {
        assert!(kind.is_attendee_id(), "{kind:?}");
        assert!(!kind.is_public_identifier(), "{kind:?}");
        assert!(!kind.is_chat_id(), "{kind:?}");
    }
    let public = [
        IdKind::LinkedinPublicIdentifier,
        IdKind::LinkedinCompanyPublicIdentifier,
        IdKind::LinkedinProfileUrl,
        IdKind::LinkedinCompanyUrl,
        IdKind::PhoneNumber {
            digits: "33600000000".to_owned(),
        },
        IdKind::Username,
    ];
    for kind in &public {
        assert!(!kind.is_attendee_id(), "{kind:?}");
        assert!(kind.is_public_identifier(), "{kind:?}");
    }
    for kind in [IdKind::WhatsappGroup, IdKind::SlackConversation] {
        assert!(!kind.is_attendee_id(), "{kind:?}");
        assert!(kind.is_chat_id(), "{kind:?}");
    }
    assert_eq!(
        IdKind::LinkedinMember {
            product: LinkedinProduct::SalesNavigator
        }
        .to_string(),
        "LinkedIn member id (sales_navigator)"
    );
}

#[test]
fn invalid_input_becomes_an_invalid_request_naming_the_parameter() {
    let normalized = WhatsappRules.normalize("06 00 00 00 00");
    let invalid = normalized.invalid_input().cloned().expect("invalid");
    let request = invalid.into_invalid_request("attendees_ids");
    assert_eq!(request.parameter(), "attendees_ids");
    assert!(request.reason().contains("06 00 00 00 00"), "{request}");
    assert!(request.reason().contains("country code"), "{request}");
}
