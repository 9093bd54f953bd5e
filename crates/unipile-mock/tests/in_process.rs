//! The fake's API behaviour, through raw requests in process.

mod support;

use std::collections::HashSet;
use std::time::Duration;

use serde_json::json;
use support::*;
use unipile_core::model::message::Message;
use unipile_core::transport::{Method, Multipart, Part, Transport, TransportErrorKind};
use unipile_core::{ChatId, Provider};
use unipile_mock::{AccountSeed, ChatSeed, FakeUnipile, Fault, MessageSeed};

fn one_chat(history: usize) -> (FakeUnipile, ChatId) {
    let fake = FakeUnipile::builder().seed(3).build();
    let account = fake.add_account(AccountSeed::new(Provider::Linkedin, "Kim"));
    let chat = fake
        .add_chat(ChatSeed::direct(account, "Bastien").history(history))
        .expect("chat");
    (fake, chat)
}

#[tokio::test]
async fn the_api_key_is_required_and_checked() {
    let fake = FakeUnipile::demo();
    let mut r = request(&fake, Method::Get, "/accounts");
    r.headers = Default::default();
    let response = send(&fake, r).await;
    assert_eq!(response.status, 401);
    assert_eq!(body_json(&response)["type"], "errors/missing_credentials");
    let mut r = request(&fake, Method::Get, "/accounts");
    r.headers.insert(
        "x-api-key",
        unipile_core::transport::HeaderValue::sensitive("wrong"),
    );
    let response = send(&fake, r).await;
    assert_eq!(response.status, 401);
    assert_eq!(body_json(&response)["type"], "errors/invalid_credentials");
    assert_eq!(fake.request_count(Method::Get, "/accounts"), 2);
}

#[tokio::test]
async fn a_disconnected_account_is_answered_unlike_a_wrong_key() {
    let (fake, chat) = one_chat(3);
    let account = fake.account_ids()[0].clone();
    let account_path = path(&["accounts", account.as_str()]);
    let chat_path = path(&["chats", chat.as_str()]);
    assert_eq!(get(&fake, &chat_path, &[]).await.0, 200);

    assert!(fake.disconnect_account(&account));
    for (route, query) in [
        (chat_path.as_str(), vec![]),
        ("/chats", vec![("account_id", account.as_str())]),
        ("/messages", vec![("account_id", account.as_str())]),
    ] {
        let (status, body) = get(&fake, route, &query).await;
        assert_eq!(status, 401, "{route}");
        assert_eq!(body["type"], "errors/disconnected_account", "{route}");
    }
    // The account itself still reads, with the status that says why.
    let (status, body) = get(&fake, &account_path, &[]).await;
    assert_eq!(status, 200);
    assert_eq!(body["sources"][0]["status"], "CREDENTIALS");
    // Lists that name no account still answer.
    assert_eq!(get(&fake, "/chats", &[]).await.0, 200);

    assert!(fake.reconnect_account(&account));
    assert_eq!(get(&fake, &chat_path, &[]).await.0, 200);
    let (_, body) = get(&fake, &account_path, &[]).await;
    assert_eq!(body["sources"][0]["status"], "OK");
    assert!(!fake.disconnect_account(&unipile_core::AccountId::new("nope")));
}

#[tokio::test]
async fn demo_data_is_deterministic_and_complete() {
    let a = FakeUnipile::demo();
    let b = FakeUnipile::demo();
    assert_eq!(a.account_ids(), b.account_ids());
    assert_eq!(a.chat_ids(), b.chat_ids());
    let (status, accounts) = get(&a, "/accounts", &[]).await;
    assert_eq!(status, 200);
    assert_eq!(accounts["object"], "AccountList");
    let types: HashSet<String> = accounts["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|a| a["type"].as_str().expect("type").to_owned())
        .collect();
    for t in [
        "LINKEDIN",
        "WHATSAPP",
        "INSTAGRAM",
        "MESSENGER",
        "TELEGRAM",
        "TWITTER",
    ] {
        assert!(types.contains(t), "{t}");
    }
    // Every message decodes as the SDK's Message, and the history has variety.
    let (_, page) = get(&a, "/messages", &[("limit", "250")]).await;
    let messages: Vec<Message> =
        serde_json::from_value(page["items"].clone()).expect("messages decode");
    assert_eq!(messages.len(), 250);
    assert!(messages.iter().any(|m| m.has_attachments()));
    assert!(messages.iter().any(|m| m.is_event));
    assert!(messages.iter().any(|m| m.deleted));
    assert!(messages.iter().any(|m| !m.reactions.is_empty()));
    assert!(messages.iter().any(|m| m.quoted.is_some()));
    assert!(
        messages
            .iter()
            .any(|m| m.seen_by.values().any(|r| r.seen_at().is_some()))
    );
    assert!(
        messages
            .windows(2)
            .all(|w| w[0].timestamp >= w[1].timestamp)
    );
}

#[tokio::test]
async fn lists_page_newest_first_with_cursors_that_carry_the_filters() {
    let (fake, chat) = one_chat(120);
    let chat_path = path(&["chats", chat.as_str(), "messages"]);
    let mut seen = Vec::new();
    let (status, mut page) = get(&fake, &chat_path, &[("limit", "50")]).await;
    assert_eq!(status, 200);
    loop {
        for m in page["items"].as_array().expect("items") {
            seen.push(m["id"].as_str().expect("id").to_owned());
        }
        let Some(cursor) = page["cursor"].as_str().map(str::to_owned) else {
            break;
        };
        page = get(&fake, &chat_path, &[("cursor", &cursor), ("limit", "50")])
            .await
            .1;
    }
    let want: Vec<String> = fake
        .chat_message_ids(&chat)
        .into_iter()
        .map(|id| id.into_string())
        .collect();
    assert_eq!(seen, want);
    assert_eq!(seen.len(), 120);

    let (_, all) = get(&fake, &chat_path, &[]).await;
    assert_eq!(all["items"].as_array().expect("items").len(), 100);
}

#[tokio::test]
async fn limit_and_dates_are_validated() {
    let fake = FakeUnipile::demo();
    for (k, v) in [
        ("limit", "0"),
        ("limit", "251"),
        ("before", "2025-01-01"),
        ("after", "2025-01-01T00:00:00Z"),
    ] {
        let (status, body) = get(&fake, "/messages", &[(k, v)]).await;
        assert_eq!(status, 400, "{k}={v}");
        assert_eq!(body["type"], "errors/invalid_parameters");
        assert!(body["detail"].as_str().expect("detail").contains(k));
    }
    let (status, body) = get(
        &fake,
        "/messages",
        &[
            ("after", "2025-05-01T00:00:00.000Z"),
            ("before", "2025-05-20T00:00:00.000Z"),
        ],
    )
    .await;
    assert_eq!(status, 200);
    for m in body["items"].as_array().expect("items") {
        let t = m["timestamp"].as_str().expect("ts");
        assert!(t > "2025-05-01" && t < "2025-05-20", "{t}");
    }
}

#[tokio::test]
async fn unknown_ids_are_404_with_the_documented_body() {
    let fake = FakeUnipile::demo();
    for p in [
        path(&["chats", "nope"]),
        path(&["messages", "nope"]),
        path(&["accounts", "nope"]),
        path(&["chat_attendees", "nope"]),
        path(&["chats", "nope", "messages"]),
    ] {
        let (status, body) = get(&fake, &p, &[]).await;
        assert_eq!(status, 404, "{p}");
        assert_eq!(body["status"], 404);
        assert_eq!(body["type"], "errors/resource_not_found");
        assert!(body["title"].is_string());
    }
}

#[tokio::test]
async fn send_stores_text_quote_and_attachments_byte_for_byte() {
    let (fake, chat) = one_chat(5);
    let quoted = fake.chat_message_ids(&chat)[0].clone();
    let bytes: Vec<u8> = (0..=255u8)
        .chain(b"\r\n--x--\r\n".iter().copied())
        .collect();
    let mut form = Multipart::new();
    form.push_text("text", "Héllo 👋 \"world\"");
    form.push_text("quote_id", quoted.as_str());
    form.push(Part::file(
        "attachments",
        "notes.bin",
        "application/x-thing",
        bytes.clone(),
    ));
    let (status, body) = post_form(&fake, &path(&["chats", chat.as_str(), "messages"]), form).await;
    assert_eq!(status, 201);
    assert_eq!(body["object"], "MessageSent");
    let id = body["message_id"].as_str().expect("id").to_owned();
    assert_eq!(fake.sent_message_ids().len(), 1);

    let (_, message) = get(&fake, &path(&["messages", &id]), &[]).await;
    let message: Message = serde_json::from_value(message).expect("message");
    assert_eq!(message.text.as_deref(), Some("Héllo 👋 \"world\""));
    assert!(message.is_sender);
    assert!(message.quoted.is_some());
    let attachment = &message.attachments[0];
    let download = request(
        &fake,
        Method::Get,
        &path(&["messages", &id, "attachments", attachment.id().as_str()]),
    );
    let response = send(&fake, download).await;
    assert_eq!(response.status, 200);
    assert_eq!(
        response.headers.get("content-type"),
        Some("application/x-thing")
    );
    assert_eq!(response.body.as_ref(), bytes.as_slice());

    // The chat is now the most recent, with this as its last message.
    let (_, got) = get(&fake, &path(&["chats", chat.as_str()]), &[]).await;
    assert_eq!(got["lastMessage"]["id"], id.as_str());
    assert_eq!(fake.chat_ids()[0], chat);
}

#[tokio::test]
async fn a_send_without_text_or_files_is_refused() {
    let (fake, chat) = one_chat(0);
    let (status, body) = post_form(
        &fake,
        &path(&["chats", chat.as_str(), "messages"]),
        Multipart::new(),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(body["type"], "errors/missing_parameters");
    let r = request(
        &fake,
        Method::Post,
        &path(&["chats", chat.as_str(), "messages"]),
    );
    assert_eq!(send(&fake, r).await.status, 400);
    assert!(fake.sent_message_ids().is_empty());
}

#[tokio::test]
async fn start_chat_reuses_1to1_creates_groups_and_records_linkedin_options() {
    let fake = FakeUnipile::builder().seed(9).build();
    let account = fake.add_account(AccountSeed::new(Provider::Linkedin, "Kim"));
    let start = |attendees: &[&str], extra: &[(&str, &str)]| {
        let mut form = Multipart::new();
        form.push_text("account_id", account.as_str());
        for a in attendees {
            form.push_text("attendees_ids", *a);
        }
        for (k, v) in extra {
            form.push_text(*k, *v);
        }
        form
    };
    let (status, first) = post_form(
        &fake,
        "/chats",
        start(
            &["ACoAAA1"],
            &[
                ("text", "Hi"),
                ("linkedin[api]", "classic"),
                ("linkedin[inmail]", "true"),
            ],
        ),
    )
    .await;
    assert_eq!(status, 201);
    assert_eq!(first["object"], "ChatStarted");
    let (_, again) = post_form(&fake, "/chats", start(&["ACoAAA1"], &[("text", "Again")])).await;
    assert_eq!(again["chat_id"], first["chat_id"]);
    let (_, group) = post_form(
        &fake,
        "/chats",
        start(
            &["ACoAAA1", "ACoAAA2"],
            &[("text", "All"), ("title", "Team")],
        ),
    )
    .await;
    assert_ne!(group["chat_id"], first["chat_id"]);
    let (_, chat) = get(
        &fake,
        &path(&["chats", group["chat_id"].as_str().expect("id")]),
        &[],
    )
    .await;
    assert_eq!(chat["type"], 1);
    assert_eq!(chat["name"], "Team");

    let started = fake.started_chats();
    assert_eq!(started.len(), 3);
    assert!(started[0].is_inmail());
    assert_eq!(started[0].linkedin_option("api"), Some("classic"));
    assert!(!started[0].reused && started[1].reused);
    assert_eq!(started[2].attendees_ids, vec!["ACoAAA1", "ACoAAA2"]);

    let (status, body) = post_form(&fake, "/chats", Multipart::new()).await;
    assert_eq!(status, 400);
    assert_eq!(body["type"], "errors/missing_parameters");
}

#[tokio::test]
async fn set_read_status_changes_unread_count_and_seen() {
    let fake = FakeUnipile::builder().seed(4).build();
    let account = fake.add_account(AccountSeed::new(Provider::Whatsapp, "Kim"));
    let chat = fake
        .add_chat(ChatSeed::direct(account, "Bo"))
        .expect("chat");
    for text in ["one", "two"] {
        fake.receive_message(&chat, MessageSeed::text(text));
    }
    let chat_path = path(&["chats", chat.as_str()]);
    assert_eq!(get(&fake, &chat_path, &[]).await.1["unread_count"], 2);
    let (_, unread) = get(&fake, "/chats", &[("unread", "true")]).await;
    assert_eq!(unread["items"].as_array().expect("items").len(), 1);
    let (status, body) = json_call(
        &fake,
        Method::Patch,
        &chat_path,
        json!({"action": "setReadStatus", "value": true}),
    )
    .await;
    assert_eq!(
        (status, body["object"].as_str()),
        (200, Some("ChatPatched"))
    );
    let (_, got) = get(&fake, &chat_path, &[]).await;
    assert_eq!(got["unread_count"], 0);
    // Unipile writes message flags as `0 | 1`.
    assert_eq!(got["lastMessage"]["seen"], 1);
    let (status, _) = json_call(&fake, Method::Patch, &chat_path, json!({"action": "nope"})).await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn forward_copies_into_another_chat() {
    let fake = FakeUnipile::builder().seed(5).build();
    let account = fake.add_account(AccountSeed::new(Provider::Whatsapp, "Kim"));
    let a = fake
        .add_chat(ChatSeed::direct(account.clone(), "A").history(3))
        .expect("a");
    let b = fake.add_chat(ChatSeed::direct(account, "B")).expect("b");
    let source = fake.chat_message_ids(&a)[0].clone();
    let (status, body) = json_call(
        &fake,
        Method::Post,
        &path(&["messages", source.as_str(), "forward"]),
        json!({"chat_id": b}),
    )
    .await;
    assert_eq!(status, 201);
    assert_eq!(body["object"], "MessageForwarded");
    assert_eq!(fake.chat_message_ids(&b).len(), 1);
}

#[tokio::test]
async fn webhooks_are_created_listed_called_and_deleted() {
    let (fake, chat) = one_chat(0);
    let mut deliveries = fake.subscribe_webhooks();
    let (status, created) = json_call(
        &fake,
        Method::Post,
        "/webhooks",
        json!({
            "request_url": "https://example.invalid/hook",
            "source": "messaging",
            "name": "Inbox",
            "headers": [{"key": "Unipile-Auth", "value": "s3cret"}],
        }),
    )
    .await;
    assert_eq!(status, 201);
    assert_eq!(created["object"], "WebhookCreated");
    let (_, list) = get(&fake, "/webhooks", &[]).await;
    assert_eq!(
        list["items"][0]["request_url"],
        "https://example.invalid/hook"
    );

    let mut form = Multipart::new();
    form.push_text("text", "ping");
    post_form(&fake, &path(&["chats", chat.as_str(), "messages"]), form).await;
    let delivery = tokio::time::timeout(Duration::from_secs(5), deliveries.recv())
        .await
        .expect("in time")
        .expect("delivered");
    assert_eq!(delivery.header("unipile-auth"), Some("s3cret"));
    assert!(!format!("{delivery:?}").contains("s3cret"));
    let payload: serde_json::Value = serde_json::from_slice(&delivery.body).expect("json");
    assert_eq!(payload["event"], "message_received");
    assert_eq!(payload["message"], "ping");
    assert_eq!(payload["webhook_name"], "Inbox");
    assert_eq!(payload["account_info"]["type"], "LINKEDIN");
    assert_eq!(
        payload["account_info"]["user_id"],
        payload["sender"]["attendee_provider_id"]
    );

    let id = created["webhook_id"].as_str().expect("id");
    let r = request(&fake, Method::Delete, &path(&["webhooks", id]));
    let response = send(&fake, r).await;
    assert_eq!(body_json(&response)["object"], "WebhookDeleted");
    let r = request(&fake, Method::Delete, &path(&["webhooks", id]));
    assert_eq!(send(&fake, r).await.status, 404);
    let (status, _) = json_call(
        &fake,
        Method::Post,
        "/webhooks",
        json!({"source": "messaging"}),
    )
    .await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn ids_that_need_percent_encoding_route_to_their_chat() {
    let fake = FakeUnipile::builder().seed(6).build();
    let account = fake.add_account(AccountSeed::new(Provider::Telegram, "Kim"));
    let weird = "a/b?c#d e%f";
    let chat = fake
        .add_chat(ChatSeed::direct(account, "Zoë").id(weird).history(3))
        .expect("chat");
    assert_eq!(chat.as_str(), weird);
    let (status, got) = get(&fake, &path(&["chats", weird]), &[]).await;
    assert_eq!(status, 200);
    assert_eq!(got["id"], weird);
    let (_, messages) = get(&fake, &path(&["chats", weird, "messages"]), &[]).await;
    assert_eq!(messages["items"].as_array().expect("items").len(), 3);
}

#[tokio::test]
async fn faults_are_scripted_per_route_and_count() {
    let (fake, chat) = one_chat(2);
    fake.inject(Fault::too_many_requests(Some(Duration::from_secs(2))).times(2));
    for _ in 0..2 {
        let response = send(&fake, request(&fake, Method::Get, "/chats")).await;
        assert_eq!(response.status, 429);
        assert_eq!(response.headers.get("retry-after"), Some("2"));
        assert_eq!(body_json(&response)["type"], "errors/too_many_requests");
    }
    assert_eq!(
        send(&fake, request(&fake, Method::Get, "/chats"))
            .await
            .status,
        200
    );

    let send_path = path(&["chats", chat.as_str(), "messages"]);
    fake.inject(
        Fault::status(503)
            .on(Method::Post, "/chats/{chat_id}/messages")
            .after_handling(),
    );
    let mut form = Multipart::new();
    form.push_text("text", "did it go?");
    let (status, _) = post_form(&fake, &send_path, form).await;
    assert_eq!(status, 503);
    assert_eq!(fake.sent_message_ids().len(), 1, "stored before the 503");

    fake.inject(Fault::timeout());
    fake.inject(Fault::drop_connection());
    fake.inject(Fault::connect_error());
    fake.inject(Fault::truncated_body());
    for kind in [
        TransportErrorKind::Timeout,
        TransportErrorKind::Io,
        TransportErrorKind::Connect,
        TransportErrorKind::Io,
    ] {
        let err = fake
            .send(request(&fake, Method::Get, "/accounts"))
            .await
            .expect_err("fault");
        assert_eq!(err.kind(), kind);
    }
    assert!(fake.pending_faults().is_empty());
}

#[tokio::test(start_paused = true)]
async fn a_slow_fault_delays_the_answer() {
    let fake = FakeUnipile::demo();
    fake.inject(Fault::slow(Duration::from_secs(3)));
    let started = tokio::time::Instant::now();
    let response = send(&fake, request(&fake, Method::Get, "/accounts")).await;
    assert_eq!(response.status, 200);
    assert!(started.elapsed() >= Duration::from_secs(3));
}

#[test]
fn every_endpoint_the_sdk_knows_is_served() {
    for endpoint in unipile_core::request::ENDPOINTS {
        assert!(
            unipile_mock::ROUTES.contains(&(endpoint.method, endpoint.route)),
            "{} {} is not served",
            endpoint.method,
            endpoint.route
        );
    }
}

#[tokio::test]
async fn webhook_payloads_parse_with_the_sdk_parser() {
    let fake = FakeUnipile::builder().seed(12).build();
    let account = fake.add_account(AccountSeed::new(Provider::Linkedin, "Kim"));
    let chat = fake
        .add_chat(ChatSeed::group(account, "Team", ["Ana", "Bo"]))
        .expect("chat");
    let mut deliveries = fake.subscribe_webhooks();
    json_call(
        &fake,
        Method::Post,
        "/webhooks",
        json!({"request_url": "https://example.invalid/h", "source": "messaging", "name": "n"}),
    )
    .await;
    let png: Vec<u8> = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x96\x00\x00\x00\x96"
        .iter()
        .copied()
        .chain([0u8; 16])
        .collect();
    let id = fake
        .receive_message(
            &chat,
            MessageSeed::text("Olá 🌍").attachment("pic.png", "image/png", png),
        )
        .expect("received");
    let delivery = deliveries.try_recv().expect("delivered at once");
    let event = unipile_core::webhook::parse(&delivery.body).expect("parses");
    let unipile_core::WebhookEvent::MessageReceived(event) = event else {
        panic!("not a message_received: {event:?}");
    };
    assert_eq!(event.message_id, id);
    assert_eq!(event.text.as_deref(), Some("Olá 🌍"));
    assert_eq!(event.attachments.len(), 1);
    assert_eq!(event.attendees.len(), 3);
    assert_eq!(event.is_own_message(), Some(false));
    assert_eq!(event.is_group, Some(true));
    let raw: serde_json::Value = serde_json::from_slice(&delivery.body).expect("json");
    // The documented quirks: one attachment is an object, its scalars are strings.
    assert_eq!(raw["attachments"]["size"]["width"], "150");
    assert_eq!(raw["attachments"]["unavailable"], "false");
}
