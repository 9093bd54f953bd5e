//! Reactions, edits, deletes, chat actions and sync, attendee lists and picture, the user
//! lookup and the Recruiter follow-up: exact paths, bodies and validation.

use unipile_core::model::id::ProviderId;
use unipile_core::provider::{LinkedinProduct, LinkedinRules};
use unipile_core::request::{
    AddReaction, ApiRequest, ChatAction, DeleteChat, DeleteMessage, DownloadAttendeePicture,
    EditMessage, FileUpload, FollowUpDelay, GetUserProfile, LinkedinOptions, ListAttendeeChats,
    ListAttendeeMessages, ListRequest, Paged, PatchChat, RecruiterFollowUp, StartChat, SyncChat,
};
use unipile_core::transport::{Body, HttpRequest, Method};

fn json(request: &HttpRequest) -> serde_json::Value {
    match &request.body {
        Body::Json(bytes) => serde_json::from_slice(bytes).expect("JSON"),
        other => panic!("expected a JSON body, got {other:?}"),
    }
}

#[test]
fn message_actions_render_their_calls() {
    let http = AddReaction::new("m/1", "❤️").to_http().expect("valid");
    assert_eq!(
        (http.method, http.path.as_str()),
        (Method::Post, "/messages/m%2F1/reaction")
    );
    assert_eq!(json(&http), serde_json::json!({"reaction": "❤️"}));
    let http = EditMessage::new("m?1", "new text")
        .to_http()
        .expect("valid");
    assert_eq!(
        (http.method, http.path.as_str()),
        (Method::Patch, "/messages/m%3F1")
    );
    assert_eq!(json(&http), serde_json::json!({"text": "new text"}));
    let http = DeleteMessage::new("m 1").to_http().expect("valid");
    assert_eq!(
        (http.method, http.path.as_str()),
        (Method::Delete, "/messages/m%201")
    );
    assert!(matches!(http.body, Body::Empty));
}

#[test]
fn message_actions_refuse_bad_input_naming_the_parameter() {
    let refused = |r: Result<HttpRequest, unipile_core::error::InvalidRequest>| {
        r.expect_err("must be refused").parameter().to_owned()
    };
    assert_eq!(refused(AddReaction::new("m", " ").to_http()), "reaction");
    assert_eq!(
        refused(AddReaction::new("m", "thumbs up").to_http()),
        "reaction"
    );
    assert_eq!(
        refused(AddReaction::new("..", "👍").to_http()),
        "message_id"
    );
    assert_eq!(refused(EditMessage::new("m", "  ").to_http()), "text");
    assert_eq!(refused(EditMessage::new("", "x").to_http()), "message_id");
    assert_eq!(refused(DeleteMessage::new(".").to_http()), "message_id");
    assert!(
        AddReaction::new("m", "1️⃣").to_http().is_ok(),
        "a keycap emoji"
    );
    let debug = format!("{:?}", EditMessage::new("m", "secret words"));
    assert!(!debug.contains("secret"), "{debug}");
}

#[test]
fn every_chat_action_has_its_typed_value() {
    let cases = [
        (
            ChatAction::SetReadStatus(true),
            "setReadStatus",
            serde_json::json!(true),
        ),
        (
            ChatAction::SetMuteStatus(true),
            "setMuteStatus",
            serde_json::json!(true),
        ),
        (
            ChatAction::SetArchiveStatus(false),
            "setArchiveStatus",
            serde_json::json!(false),
        ),
        (
            ChatAction::SetPinnedStatus(true),
            "setPinnedStatus",
            serde_json::json!(true),
        ),
        (
            ChatAction::AddParticipant(ProviderId::new("33600000000@s.whatsapp.net")),
            "addParticipant",
            serde_json::json!("33600000000@s.whatsapp.net"),
        ),
        (
            ChatAction::SetLabel("Leads".into()),
            "setLabel",
            serde_json::json!("Leads"),
        ),
    ];
    for (action, name, value) in cases {
        assert_eq!(action.name(), name);
        let http = PatchChat::new("c/1", action).to_http().expect(name);
        assert_eq!(
            (http.method, http.path.as_str()),
            (Method::Patch, "/chats/c%2F1")
        );
        assert_eq!(
            json(&http),
            serde_json::json!({"action": name, "value": value})
        );
    }
    let err = PatchChat::new("c", ChatAction::AddParticipant(ProviderId::new("")))
        .to_http()
        .expect_err("empty participant");
    assert_eq!(err.parameter(), "value");
    let err = PatchChat::new("..", ChatAction::SetMuteStatus(true))
        .to_http()
        .expect_err("dot segment");
    assert_eq!(err.parameter(), "chat_id");
}

#[test]
fn chat_delete_and_sync() {
    let http = DeleteChat::new("c#1").to_http().expect("valid");
    assert_eq!(
        (http.method, http.path.as_str()),
        (Method::Delete, "/chats/c%231")
    );
    let http = SyncChat::new("c/1").to_http().expect("valid");
    assert_eq!(
        (http.method, http.path.as_str()),
        (Method::Get, "/chats/c%2F1/sync")
    );
    assert_eq!(
        SyncChat::new("").to_http().expect_err("empty").parameter(),
        "chat_id"
    );
}

#[test]
fn attendee_lists_page_with_only_cursor_and_limit() {
    let list = ListAttendeeMessages::new("a/1").account_id("acc").limit(20);
    let next = list.next_page(&"cur".into()).expect("valid");
    assert_eq!(
        next.path_and_query(),
        "/chat_attendees/a%2F1/messages?cursor=cur&limit=20"
    );
    let chats = ListAttendeeChats::new("a1")
        .attendee("ACo2")
        .account_id("acc");
    assert_eq!(
        chats.to_http().expect("valid").path_and_query(),
        "/chat_attendees/a1%2CACo2/chats?account_id=acc"
    );
    let err = ListAttendeeChats::new("a")
        .attendee("")
        .to_http()
        .expect_err("empty");
    assert_eq!(err.parameter(), "attendee_id[1]");
    let err = ListAttendeeMessages::new("a")
        .limit(0)
        .to_http()
        .expect_err("limit");
    assert_eq!(err.parameter(), "limit");
    let http = DownloadAttendeePicture::new("chat/9")
        .to_http()
        .expect("valid");
    assert_eq!(http.path, "/chat_attendees/chat%2F9/picture");
}

#[test]
fn user_lookup_takes_the_query_the_rules_ask_for() {
    let normalized = LinkedinRules.normalize_for_product(
        "https://www.linkedin.com/in/julien-crepieux/",
        LinkedinProduct::SalesNavigator,
    );
    let lookup = normalized.lookup_needed().expect("a lookup");
    let http = GetUserProfile::from_lookup(lookup, "acc")
        .to_http()
        .expect("valid");
    assert_eq!(
        http.path_and_query(),
        "/users/julien-crepieux?account_id=acc&linkedin_api=sales_navigator"
    );
    let http = GetUserProfile::new("a/b", "acc").to_http().expect("valid");
    assert_eq!(http.path, "/users/a%2Fb");
    let err = GetUserProfile::new("", "acc").to_http().expect_err("empty");
    assert_eq!(err.parameter(), "user_id");
}

#[test]
fn start_chat_needs_a_message_like_send_message() {
    let err = StartChat::new("acc", "ACo1")
        .to_http()
        .expect_err("no message");
    assert_eq!(err.parameter(), "text");
    let err = StartChat::new("acc", "ACo1")
        .text("")
        .to_http()
        .expect_err("empty text");
    assert_eq!(err.parameter(), "text");
    let file = FileUpload::new("a.pdf", "application/pdf", b"%PDF".to_vec());
    assert!(
        StartChat::new("acc", "ACo1")
            .attachment(file)
            .to_http()
            .is_ok()
    );
}

fn form_fields(request: &HttpRequest) -> Vec<(String, String)> {
    match &request.body {
        Body::Multipart(form) => form
            .parts()
            .iter()
            .map(|p| {
                let value = if p.is_file() {
                    format!("<file {}>", p.filename.clone().unwrap_or_default())
                } else {
                    p.as_text().unwrap_or_default().to_owned()
                };
                (p.name.clone(), value)
            })
            .collect(),
        other => panic!("expected multipart, got {other:?}"),
    }
}

#[test]
fn recruiter_follow_up_is_sent_as_bracketed_fields() {
    let follow_up = RecruiterFollowUp::new("Any news?", FollowUpDelay::days(3, "Europe/Paris"))
        .subject("Follow-up")
        .attachment(FileUpload::new(
            "jd.pdf",
            "application/pdf",
            b"%PDF".to_vec(),
        ));
    let http = StartChat::new("acc", "AEMAAB1")
        .text("Hello")
        .linkedin(LinkedinOptions::recruiter().follow_up(follow_up))
        .to_http()
        .expect("valid");
    let fields = form_fields(&http);
    let expect = [
        ("linkedin[follow_up][subject]", "Follow-up"),
        ("linkedin[follow_up][text]", "Any news?"),
        ("linkedin[follow_up][scheduled_time][days]", "3"),
        (
            "linkedin[follow_up][scheduled_time][timezone]",
            "Europe/Paris",
        ),
        ("linkedin[follow_up][attachments]", "<file jd.pdf>"),
    ];
    for (name, value) in expect {
        assert!(
            fields.iter().any(|(n, v)| n == name && v == value),
            "{name}={value} in {fields:?}"
        );
    }
    let weeks = RecruiterFollowUp::new("x", FollowUpDelay::weeks(5, "UTC"));
    let err = StartChat::new("acc", "AEMAAB1")
        .text("Hello")
        .linkedin(LinkedinOptions::recruiter().follow_up(weeks))
        .to_http()
        .expect_err("5 weeks");
    assert_eq!(
        err.parameter(),
        "linkedin[follow_up][scheduled_time][weeks]"
    );
    let days = RecruiterFollowUp::new("x", FollowUpDelay::days(2, "UTC"));
    let err = StartChat::new("acc", "AEMAAB1")
        .text("Hello")
        .linkedin(LinkedinOptions::recruiter().follow_up(days))
        .to_http()
        .expect_err("2 days");
    assert_eq!(err.parameter(), "linkedin[follow_up][scheduled_time][days]");
    let classic = RecruiterFollowUp::new("x", FollowUpDelay::weeks(1, "UTC"));
    let err = StartChat::new("acc", "ACo1")
        .text("Hello")
        .linkedin(LinkedinOptions::classic().follow_up(classic))
        .to_http()
        .expect_err("a Recruiter option");
    assert_eq!(err.parameter(), "linkedin[follow_up]");
}
