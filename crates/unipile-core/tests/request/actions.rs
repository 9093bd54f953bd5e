//! Single reads, actions and webhooks: exact paths, JSON bodies, validation, redaction.

use unipile_core::model::webhook_registration::{
    AccountStatusEvent, MessagingEvent, WebhookFormat, WebhookSource,
};
use unipile_core::request::{
    ApiRequest, AttachmentData, CreateWebhook, DeleteWebhook, DownloadAttachment, ForwardMessage,
    FromResponse, GetAccount, GetAttendee, GetChat, GetMessage, SetChatReadStatus,
};
use unipile_core::transport::{Body, HttpRequest, HttpResponse, Method};

fn json(request: &HttpRequest) -> &str {
    match &request.body {
        Body::Json(bytes) => std::str::from_utf8(bytes).expect("UTF-8 JSON"),
        other => panic!("expected a JSON body, got {other:?}"),
    }
}

fn assert_request(request: &HttpRequest, method: Method, route: &str, path_and_query: &str) {
    assert_eq!(request.method, method);
    assert_eq!(request.route, route);
    assert_eq!(request.path_and_query(), path_and_query);
    assert_eq!(request.headers.get("accept"), Some("application/json"));
    assert!(!request.route.contains("%"), "route holds no id");
}

#[test]
fn single_reads() {
    let http = GetChat::new("a/b?c").to_http().expect("valid");
    assert_request(&http, Method::Get, "/chats/{chat_id}", "/chats/a%2Fb%3Fc");
    assert_eq!(http.body, Body::Empty);
    let http = GetChat::new("19:abc@thread.v2")
        .account_id("acc")
        .to_http()
        .expect("valid");
    assert_request(
        &http,
        Method::Get,
        "/chats/{chat_id}",
        "/chats/19%3Aabc%40thread.v2?account_id=acc",
    );
    let http = GetMessage::new("m#1").to_http().expect("valid");
    assert_request(
        &http,
        Method::Get,
        "/messages/{message_id}",
        "/messages/m%231",
    );
    let http = GetAttendee::new("ACo 1").to_http().expect("valid");
    assert_request(
        &http,
        Method::Get,
        "/chat_attendees/{attendee_id}",
        "/chat_attendees/ACo%201",
    );
    let http = GetAccount::new("acc%1").to_http().expect("valid");
    assert_request(
        &http,
        Method::Get,
        "/accounts/{account_id}",
        "/accounts/acc%251",
    );
    let http = DownloadAttachment::new("m/1", "att.1")
        .to_http()
        .expect("valid");
    assert_request(
        &http,
        Method::Get,
        "/messages/{message_id}/attachments/{attachment_id}",
        "/messages/m%2F1/attachments/att.1",
    );
}

#[test]
fn empty_and_dot_ids_are_refused_by_name() {
    for bad in ["", ".", ".."] {
        assert_eq!(
            GetChat::new(bad)
                .to_http()
                .expect_err("must be refused")
                .parameter(),
            "chat_id"
        );
        assert_eq!(
            GetMessage::new(bad)
                .to_http()
                .expect_err("must be refused")
                .parameter(),
            "message_id"
        );
        assert_eq!(
            GetAttendee::new(bad)
                .to_http()
                .expect_err("must be refused")
                .parameter(),
            "attendee_id"
        );
        assert_eq!(
            GetAccount::new(bad)
                .to_http()
                .expect_err("must be refused")
                .parameter(),
            "account_id"
        );
        assert_eq!(
            DownloadAttachment::new("m", bad)
                .to_http()
                .expect_err("must be refused")
                .parameter(),
            "attachment_id"
        );
        assert_eq!(
            DownloadAttachment::new(bad, "a")
                .to_http()
                .expect_err("must be refused")
                .parameter(),
            "message_id"
        );
        assert_eq!(
            SetChatReadStatus::read(bad)
                .to_http()
                .expect_err("must be refused")
                .parameter(),
            "chat_id"
        );
        assert_eq!(
            ForwardMessage::new(bad, "c")
                .to_http()
                .expect_err("must be refused")
                .parameter(),
            "message_id"
        );
        assert_eq!(
            DeleteWebhook::new(bad)
                .to_http()
                .expect_err("must be refused")
                .parameter(),
            "webhook_id"
        );
    }
    let err = GetChat::new("c")
        .account_id("")
        .to_http()
        .expect_err("must be refused");
    assert_eq!(err.parameter(), "account_id");
}

#[test]
fn set_chat_read_status_json() {
    let http = SetChatReadStatus::read("chat/1").to_http().expect("valid");
    assert_request(&http, Method::Patch, "/chats/{chat_id}", "/chats/chat%2F1");
    assert_eq!(json(&http), r#"{"action":"setReadStatus","value":true}"#);
    let http = SetChatReadStatus::unread("c").to_http().expect("valid");
    assert_eq!(json(&http), r#"{"action":"setReadStatus","value":false}"#);
    assert_eq!(
        SetChatReadStatus::new("c", false),
        SetChatReadStatus::unread("c")
    );
}

#[test]
fn forward_message_json() {
    let http = ForwardMessage::new("msg_1", "chat \"2\"")
        .to_http()
        .expect("valid");
    assert_request(
        &http,
        Method::Post,
        "/messages/{message_id}/forward",
        "/messages/msg_1/forward",
    );
    assert_eq!(json(&http), r#"{"chat_id":"chat \"2\""}"#);
    let err = ForwardMessage::new("m", "")
        .to_http()
        .expect_err("must be refused");
    assert_eq!(err.parameter(), "chat_id");
}

#[test]
fn delete_webhook() {
    let http = DeleteWebhook::new("wh_1").to_http().expect("valid");
    assert_request(
        &http,
        Method::Delete,
        "/webhooks/{webhook_id}",
        "/webhooks/wh_1",
    );
    assert_eq!(http.body, Body::Empty);
}

#[test]
fn create_webhook_minimal_json() {
    let http = CreateWebhook::messaging("https://endpoint")
        .to_http()
        .expect("valid");
    assert_request(&http, Method::Post, "/webhooks", "/webhooks");
    assert_eq!(
        json(&http),
        r#"{"request_url":"https://endpoint","source":"messaging"}"#
    );
    // The documented example: a JSON content type header.
    let http = CreateWebhook::new("https://endpoint", WebhookSource::Messaging)
        .json_content_type()
        .to_http()
        .expect("valid");
    assert_eq!(
        json(&http),
        r#"{"request_url":"https://endpoint","source":"messaging","headers":[{"key":"Content-Type","value":"application/json"}]}"#
    );
}

#[test]
fn create_webhook_full_json() {
    let http = CreateWebhook::messaging("https://example.com:8443/hooks/unipile?x=1")
        .name("inbox")
        .format(WebhookFormat::Json)
        .account_id("acc_1")
        .account_ids(["acc_2"])
        .enabled(true)
        .json_content_type()
        .secret_header("s3cr3t")
        .messaging_events([MessagingEvent::MessageReceived, MessagingEvent::MessageRead])
        .rename_key("message", "text")
        .to_http()
        .expect("valid");
    assert_eq!(
        json(&http),
        concat!(
            r#"{"request_url":"https://example.com:8443/hooks/unipile?x=1","#,
            r#""source":"messaging","name":"inbox","format":"json","#,
            r#""account_ids":["acc_1","acc_2"],"enabled":true,"#,
            r#""headers":[{"key":"Content-Type","value":"application/json"},"#,
            r#"{"key":"Unipile-Auth","value":"s3cr3t"}],"#,
            r#""events":["message_received","message_read"],"#,
            r#""data":[{"name":"text","key":"message"}]}"#
        )
    );

    let http = CreateWebhook::account_status("http://127.0.0.1:3000/status")
        .account_status_events([AccountStatusEvent::CreationSuccess])
        .enabled(false)
        .to_http()
        .expect("valid");
    assert_eq!(
        json(&http),
        r#"{"request_url":"http://127.0.0.1:3000/status","source":"account_status","enabled":false,"events":["creation_success"]}"#
    );
}

#[test]
fn create_webhook_refuses_a_bad_url() {
    for bad in [
        "",
        "endpoint",
        "/relative/path",
        "ftp://example.com/hook",
        "https://",
        "https:///path",
        "https://exa mple.com/",
        "https://example.com:99999/",
        "https://example.com:port/",
        "https://[::1/",
        "https://example.com/\nhook",
    ] {
        let err = CreateWebhook::messaging(bad)
            .to_http()
            .expect_err("must be refused");
        assert_eq!(err.parameter(), "request_url", "{bad:?}");
    }
    for good in [
        "https://example.com",
        "HTTPS://EXAMPLE.COM/Hook",
        "http://[::1]:8080/hook",
        "https://user:pw@example.com/hook",
        "https://example.com?token=1",
    ] {
        let http = CreateWebhook::messaging(good)
            .to_http()
            .unwrap_or_else(|e| panic!("{good:?}: {e}"));
        let body: serde_json::Value = serde_json::from_str(json(&http)).expect("JSON");
        assert_eq!(body["request_url"], good, "sent as given");
    }
}

#[test]
fn create_webhook_refuses_other_bad_input_by_name() {
    let err = CreateWebhook::messaging("https://e.com")
        .account_status_events([AccountStatusEvent::CreationSuccess])
        .to_http()
        .expect_err("must be refused");
    assert_eq!(err.parameter(), "events[0]");
    let err = CreateWebhook::messaging("https://e.com")
        .header("Bad Name", "v")
        .to_http()
        .expect_err("must be refused");
    assert_eq!(err.parameter(), "headers[0].key");
    let err = CreateWebhook::messaging("https://e.com")
        .json_content_type()
        .secret_header("line\r\nInjected: 1")
        .to_http()
        .expect_err("must be refused");
    assert_eq!(err.parameter(), "headers[1].value");
    assert!(!err.to_string().contains("Injected"), "{err}");
    for bad_secret in ["", "  ", " s3cr3t", "s3cr3t\t"] {
        let err = CreateWebhook::messaging("https://e.com")
            .secret_header(bad_secret)
            .to_http()
            .expect_err("must be refused");
        assert_eq!(err.parameter(), "headers[0].value", "{bad_secret:?}");
    }
    let err = CreateWebhook::messaging("https://e.com")
        .account_ids(["a", ""])
        .to_http()
        .expect_err("must be refused");
    assert_eq!(err.parameter(), "account_ids[1]");
    let err = CreateWebhook::messaging("https://e.com")
        .rename_key("message", "")
        .to_http()
        .expect_err("must be refused");
    assert_eq!(err.parameter(), "data[0].name");
    let err = CreateWebhook::messaging("https://e.com")
        .name("")
        .to_http()
        .expect_err("must be refused");
    assert_eq!(err.parameter(), "name");
}

#[test]
fn create_webhook_debug_hides_secrets() {
    let create = CreateWebhook::messaging("https://user:pw@example.com/hook?token=tok_123")
        .secret_header("s3cr3t-value")
        .header("X-Other", "other-secret");
    let shown = format!("{create:?}");
    for secret in ["s3cr3t-value", "other-secret", "tok_123", "pw@"] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
    assert!(shown.contains("Unipile-Auth"), "{shown}");
    assert!(shown.contains("example.com/hook"), "{shown}");
    let shown = format!("{:?}", create.to_http().expect("valid"));
    assert!(!shown.contains("s3cr3t-value"), "{shown}");
}

#[test]
fn attachment_data_is_raw_bytes_with_content_type() {
    const { assert!(!AttachmentData::IS_JSON) };
    const { assert!(<unipile_core::Page<u8> as FromResponse>::IS_JSON) };
    let response = HttpResponse::new(200, vec![0x89, b'P', b'N', b'G'])
        .with_header("Content-Type", "image/png");
    let data = AttachmentData::from_response(response).expect("raw");
    assert_eq!(data.content_type.as_deref(), Some("image/png"));
    assert_eq!(&data.data[..], &[0x89, b'P', b'N', b'G']);
    assert_eq!(
        format!("{data:?}"),
        r#"AttachmentData { content_type: Some("image/png"), data: 4 bytes }"#
    );
    let data = AttachmentData::from_response(HttpResponse::new(200, "x")).expect("raw");
    assert_eq!(data.content_type, None);
}
