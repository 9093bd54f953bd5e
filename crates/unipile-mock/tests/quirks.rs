//! Unipile's quirks, as the fake plays them: paging quirks, unknown send outcomes, an
//! account disconnected and back with a late backlog, webhooks twice, late or never.

mod support;

use std::time::Duration;

use serde_json::{Value, json};
use support::*;
use unipile_core::transport::{Method, Multipart, Transport, TransportErrorKind};
use unipile_core::{ChatId, Provider};
use unipile_mock::{
    AccountSeed, ChatSeed, DeliveryFate, DeliveryOutcome, FakeUnipile, Fault, MessageSeed,
};

fn one_chat(history: usize) -> (FakeUnipile, ChatId) {
    let fake = FakeUnipile::builder().seed(11).build();
    let account = fake.add_account(AccountSeed::new(Provider::Whatsapp, "Kim"));
    let chat = fake
        .add_chat(ChatSeed::direct(account, "Bastien").history(history))
        .expect("chat");
    (fake, chat)
}

/// Every page of `GET /messages`, following cursors as given, at most `cap` pages:
/// (item ids of each page, cursor of each page).
async fn walk(fake: &FakeUnipile, limit: &str, cap: usize) -> Vec<(Vec<String>, Option<String>)> {
    let mut pages = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..cap {
        let mut query = vec![("limit", limit)];
        if let Some(c) = &cursor {
            query.push(("cursor", c.as_str()));
        }
        let (status, page) = get(fake, "/messages", &query).await;
        assert_eq!(status, 200, "{page}");
        let ids = ids(&page);
        cursor = page["cursor"].as_str().map(str::to_owned);
        pages.push((ids, cursor.clone()));
        if cursor.is_none() {
            break;
        }
    }
    pages
}

fn ids(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|m| m["id"].as_str().expect("id").to_owned())
        .collect()
}

fn all_ids(fake: &FakeUnipile, chat: &ChatId) -> Vec<String> {
    fake.chat_message_ids(chat)
        .into_iter()
        .map(|id| id.into_string())
        .collect()
}

#[tokio::test]
async fn an_empty_page_in_the_middle_keeps_a_new_cursor_that_resumes() {
    let (fake, chat) = one_chat(25);
    fake.inject(Fault::empty_page().on(Method::Get, "/messages").skip(1));
    let pages = walk(&fake, "10", 10).await;
    assert_eq!(pages.len(), 4, "10, empty, 10, 5: {pages:?}");
    assert!(pages[1].0.is_empty());
    let cursor = pages[1]
        .1
        .as_deref()
        .expect("the empty page keeps a cursor");
    assert_ne!(Some(cursor), pages[0].1.as_deref(), "a new cursor");
    let seen: Vec<String> = pages.into_iter().flat_map(|p| p.0).collect();
    assert_eq!(seen, all_ids(&fake, &chat), "nothing lost, nothing twice");
}

#[tokio::test]
async fn an_empty_first_page_keeps_a_cursor_too() {
    let (fake, chat) = one_chat(5);
    fake.inject(Fault::empty_page().on(Method::Get, "/messages"));
    let pages = walk(&fake, "10", 10).await;
    assert!(pages[0].0.is_empty() && pages[0].1.is_some(), "{pages:?}");
    let seen: Vec<String> = pages.into_iter().flat_map(|p| p.0).collect();
    assert_eq!(seen, all_ids(&fake, &chat));
}

#[tokio::test]
async fn a_repeated_cursor_serves_the_same_page_again() {
    let (fake, chat) = one_chat(25);
    fake.inject(Fault::repeat_cursor().on(Method::Get, "/messages").skip(1));
    let pages = walk(&fake, "10", 10).await;
    assert_eq!(pages[1].1, pages[0].1, "the cursor sent comes back");
    assert_eq!(pages[2].0, pages[1].0, "following it repeats the page");
    let mut seen: Vec<String> = pages.into_iter().flat_map(|p| p.0).collect();
    seen.dedup();
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 25);
    assert_eq!(fake.pending_faults(), vec![]);
    assert_eq!(all_ids(&fake, &chat).len(), 25);
}

#[tokio::test]
async fn a_page_can_repeat_items_of_the_previous_page() {
    let (fake, chat) = one_chat(25);
    fake.inject(Fault::repeat_items(3).on(Method::Get, "/messages").skip(1));
    let pages = walk(&fake, "10", 10).await;
    assert_eq!(pages[1].0[..3], pages[0].0[7..], "{pages:?}");
    let seen: Vec<String> = pages.iter().flat_map(|p| p.0.clone()).collect();
    assert_eq!(seen.len(), 28, "three items twice");
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    let mut want = all_ids(&fake, &chat);
    want.sort();
    assert_eq!(unique, want, "nothing lost");
}

#[tokio::test]
async fn a_disconnected_account_queues_messages_and_delivers_an_older_backlog() {
    let fake = FakeUnipile::builder().seed(5).build();
    let quiet = fake.add_account(AccountSeed::new(Provider::Linkedin, "Quiet"));
    let busy = fake.add_account(AccountSeed::new(Provider::Whatsapp, "Busy"));
    let quiet_chat = fake
        .add_chat(ChatSeed::direct(quiet.clone(), "A"))
        .expect("chat");
    let busy_chat = fake.add_chat(ChatSeed::direct(busy, "B")).expect("chat");
    let (_, hook) = json_call(
        &fake,
        Method::Post,
        "/webhooks",
        json!({"request_url": "https://example.invalid/status", "source": "account_status"}),
    )
    .await;
    assert!(hook["webhook_id"].is_string(), "{hook}");
    let mut deliveries = fake.subscribe_webhooks();
    fake.set_clock(1_800_000_000_000);

    assert!(fake.disconnect_account(&quiet));
    let (_, accounts) = get(&fake, "/accounts", &[]).await;
    let status_of = |accounts: &Value| {
        accounts["items"]
            .as_array()
            .expect("items")
            .iter()
            .find(|a| a["id"] == quiet.as_str())
            .map(|a| a["sources"][0]["status"].clone())
            .expect("listed")
    };
    assert_eq!(status_of(&accounts), "CREDENTIALS");
    let event = deliveries.try_recv().expect("account_status sent");
    let body: Value = serde_json::from_slice(&event.body).expect("json");
    assert_eq!(body["AccountStatus"]["message"], "CREDENTIALS");
    assert_eq!(body["AccountStatus"]["account_id"], quiet.as_str());

    let late = fake
        .receive_message(&quiet_chat, MessageSeed::text("while away"))
        .expect("queued");
    fake.advance_clock(Duration::from_secs(3600));
    let newer = fake
        .receive_message(&busy_chat, MessageSeed::text("meanwhile"))
        .expect("received");
    assert_eq!(fake.backlog_len(), 1);
    assert!(fake.message(&late).is_none(), "not visible while away");
    let (_, listed) = get(&fake, "/messages", &[]).await;
    assert_eq!(ids(&listed), vec![newer.as_str().to_owned()]);

    assert!(fake.reconnect_account(&quiet));
    let event = deliveries.try_recv().expect("account_status sent");
    let body: Value = serde_json::from_slice(&event.body).expect("json");
    assert_eq!(body["AccountStatus"]["message"], "RECONNECTED");
    assert!(
        deliveries.try_recv().is_none(),
        "no message_received for a backlog"
    );
    let (_, accounts) = get(&fake, "/accounts", &[]).await;
    assert_eq!(status_of(&accounts), "OK");
    let (_, listed) = get(&fake, "/messages", &[]).await;
    assert_eq!(
        ids(&listed),
        vec![newer.as_str().to_owned(), late.as_str().to_owned()],
        "the backlog is listed, older than what was listed before"
    );
    assert!(listed["items"][1]["timestamp"].as_str() < listed["items"][0]["timestamp"].as_str());
    assert_eq!(fake.backlog_len(), 0);
}

#[tokio::test]
async fn webhooks_come_twice_late_or_never_as_scripted() {
    let (fake, chat) = one_chat(0);
    json_call(
        &fake,
        Method::Post,
        "/webhooks",
        json!({"request_url": "https://example.invalid/hook", "source": "messaging"}),
    )
    .await;
    let mut deliveries = fake.subscribe_webhooks();
    fake.script_webhook_fates([
        DeliveryFate::Twice,
        DeliveryFate::Late,
        DeliveryFate::Dropped,
        DeliveryFate::Once,
    ]);
    let mut sent = Vec::new();
    for text in ["one", "two", "three", "four"] {
        sent.push(
            fake.receive_message(&chat, MessageSeed::text(text))
                .expect("received"),
        );
    }
    let mut got = Vec::new();
    while let Some(d) = deliveries.try_recv() {
        let body: Value = serde_json::from_slice(&d.body).expect("json");
        got.push(body["message"].as_str().expect("text").to_owned());
    }
    assert_eq!(got, ["one", "one", "four", "two"]);
    let dropped: Vec<_> = fake
        .webhook_deliveries()
        .into_iter()
        .filter(|(_, outcome)| *outcome == Some(DeliveryOutcome::Dropped))
        .collect();
    assert_eq!(dropped.len(), 1);
    // Every message is still there to poll.
    assert_eq!(fake.chat_message_ids(&chat).len(), 4);
}

#[tokio::test]
async fn a_send_can_be_stored_then_lost_or_lost_before_storing() {
    let (fake, chat) = one_chat(0);
    let send = |text: &str| {
        let mut form = Multipart::new();
        form.push_text("text", text);
        request(
            &fake,
            Method::Post,
            &path(&["chats", chat.as_str(), "messages"]),
        )
        .with_body(unipile_core::transport::Body::Multipart(form))
    };
    fake.inject(Fault::send_stored_then_dropped());
    let err = fake.send(send("stored")).await.expect_err("dropped");
    assert_eq!(err.kind(), TransportErrorKind::Io);
    assert_eq!(fake.sent_message_ids().len(), 1, "stored before the drop");
    fake.inject(Fault::send_dropped_before_storing());
    let err = fake.send(send("lost")).await.expect_err("dropped");
    assert_eq!(err.kind(), TransportErrorKind::Io);
    assert_eq!(fake.sent_message_ids().len(), 1, "never stored");
}
