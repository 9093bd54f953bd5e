//! The cases: each starts listeners on loopback over a fixture's database and counts
//! what the database holds afterwards.

use crate::fixture::Fixture;
use crate::flaky::flaky_store;
use crate::http::{SECRET, post};
use chrono::{DateTime, TimeZone, Utc};
use serde_json::json;
use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use unipile_core::webhook::WebhookSecret;
use unipile_sync::intake::{
    Listener, ListenerHandle, ListenerSettings, Receipt, ReplayOutcome, WebhookIntake,
    replay_dead_letter,
};
use unipile_sync::{AccountId, Completeness, EventOutcome, MessageId, Store};

fn at(minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 6, 2, 9, minute, 0)
        .single()
        .expect("valid time")
}

fn body(kind: &str, id: &str, minute: u32, text: Option<&str>) -> Vec<u8> {
    let mut body = json!({
        "account_id": "acc_1", "account_type": "WHATSAPP", "event": kind,
        "chat_id": "chat_1", "message_id": id, "timestamp": at(minute).to_rfc3339(),
        "sender": {"attendee_id": "att_1", "attendee_provider_id": "33600000000@s.whatsapp.net"},
    });
    if let Some(text) = text {
        body["message"] = json!(text);
    }
    serde_json::to_vec(&body).expect("JSON")
}

fn status(account: &str, message: &str) -> Vec<u8> {
    serde_json::to_vec(&json!({"AccountStatus": {
        "account_id": account, "account_type": "WHATSAPP", "message": message,
    }}))
    .expect("JSON")
}

fn secret() -> WebhookSecret {
    WebhookSecret::new(WebhookSecret::DEFAULT_HEADER, SECRET).expect("a valid secret")
}

async fn listen(store: Arc<dyn Store>) -> ListenerHandle {
    let intake = Arc::new(WebhookIntake::new(store, secret()));
    Listener::bind(([127, 0, 0, 1], 0).into(), intake)
        .await
        .expect("bind a loopback port")
}

async fn text_of(store: &Arc<dyn Store>, id: &str) -> Option<String> {
    store
        .message(&MessageId::new(id))
        .await
        .expect("read")
        .and_then(|m| m.message.text)
}

pub async fn a_wrong_or_missing_secret_is_401_and_stores_nothing(fixture: &Fixture) {
    let store = fixture.open().await;
    let listener = listen(Arc::clone(&store)).await;
    let addr = listener.addr();
    let received = body("message_received", "m1", 1, Some("hello"));
    assert_eq!(post(addr, Some("guess"), &received).await, Some(401));
    assert_eq!(post(addr, None, &received).await, Some(401));
    assert_eq!(post(addr, Some("guess"), b"{not json").await, Some(401));
    assert_eq!(store.message_count().await.expect("count"), 0);
    assert!(store.dead_letters(10).await.expect("list").is_empty());
    listener.shutdown().await;
    // A body over the limit is refused whole, with the right secret too.
    let mut settings = ListenerSettings::default();
    settings.max_body_bytes = 1024;
    let intake = Arc::new(WebhookIntake::new(Arc::clone(&store), secret()));
    let small = Listener::bind_with(([127, 0, 0, 1], 0).into(), intake, settings)
        .await
        .expect("bind");
    let huge = vec![b' '; 4096];
    assert_eq!(post(small.addr(), Some(SECRET), &huge).await, Some(413));
    assert!(store.dead_letters(10).await.expect("list").is_empty());
    small.shutdown().await;
}

pub async fn duplicated_and_reordered_deliveries_are_absorbed(fixture: &Fixture) {
    let store = fixture.open().await;
    let listener = listen(Arc::clone(&store)).await;
    let addr = listener.addr();
    let auth = Some(SECRET);
    // The edit arrives before the message it edits, then everything twice.
    let edited = body("message_edited", "m1", 5, Some("fixed"));
    let received = body("message_received", "m1", 1, Some("typo"));
    let read = body("message_read", "m1", 6, None);
    for call in [&edited, &received, &read, &received, &edited, &read] {
        assert_eq!(post(addr, auth, call).await, Some(200));
    }
    assert_eq!(store.message_count().await.expect("count"), 1);
    let stored = store
        .message(&MessageId::new("m1"))
        .await
        .expect("read")
        .expect("stored");
    assert_eq!(stored.message.text.as_deref(), Some("fixed"));
    assert!(stored.message.edited && stored.message.seen);
    assert_eq!(stored.completeness, Completeness::Partial);
    listener.shutdown().await;
}

pub async fn a_store_failure_is_503_and_the_retry_is_stored_once(fixture: &Fixture) {
    let store = fixture.open().await;
    // Every write fails: the first before writing, the second after committing.
    let flaky = Arc::new(flaky_store(Arc::clone(&store), 1));
    let intake = WebhookIntake::new(flaky.clone(), secret());
    let headers = [("Unipile-Auth", SECRET)];
    let received = body("message_received", "m1", 1, Some("hello"));
    let first = intake.receive(headers, &received).await;
    assert!(matches!(first, Receipt::StoreFailed(_)), "{first:?}");
    assert_eq!(first.status(), 503);
    assert_eq!(store.message_count().await.expect("count"), 0);
    let second = intake.receive(headers, &received).await;
    assert_eq!(second.status(), 503, "{second:?}");
    assert_eq!(
        store.message_count().await.expect("count"),
        1,
        "written, then failed"
    );
    // A dead letter that cannot be written is a 503 too.
    let third = intake.receive(headers, b"{not json").await;
    assert_eq!(third.status(), 503, "{third:?}");
    assert!(store.dead_letters(10).await.expect("list").is_empty());
    // Unipile's retry, once the store works again, is absorbed.
    let healthy = WebhookIntake::new(Arc::clone(&store), secret());
    let retry = healthy.receive(headers, &received).await;
    assert!(
        matches!(
            retry,
            Receipt::Stored {
                outcome: EventOutcome::Unchanged,
                ..
            }
        ),
        "{retry:?}"
    );
    assert_eq!(store.message_count().await.expect("count"), 1);
    assert_eq!(text_of(&store, "m1").await.as_deref(), Some("hello"));
}

/// 64 senders, each with its own messages plus a share of another sender's (the
/// duplicates Unipile's retries make), retrying each 503 as Unipile does. Every 7th
/// write fails. At the end, every message answered 200 is stored, exactly once.
pub async fn concurrent_senders_lose_nothing_when_the_store_fails(fixture: &Fixture) {
    const SENDERS: usize = 64;
    const PER_SENDER: usize = 12;
    const MAX_TRIES: usize = 20;
    let store = fixture.open().await;
    let flaky = Arc::new(flaky_store(Arc::clone(&store), 7));
    let intake = Arc::new(WebhookIntake::new(flaky.clone(), secret()));
    let listener = Listener::bind(([127, 0, 0, 1], 0).into(), intake)
        .await
        .expect("bind");
    let addr = listener.addr();
    let unavailable = Arc::new(AtomicU64::new(0));
    let mut senders = tokio::task::JoinSet::new();
    for sender in 0..SENDERS {
        let unavailable = Arc::clone(&unavailable);
        senders.spawn(async move {
            let mut ids: Vec<String> = (0..PER_SENDER).map(|i| format!("m{sender}_{i}")).collect();
            // A quarter of the next sender's messages, sent by this one too.
            let next = (sender + 1) % SENDERS;
            ids.extend((0..PER_SENDER / 4).map(|i| format!("m{next}_{i}")));
            let mut acknowledged = Vec::new();
            for id in ids {
                let call = body("message_received", &id, 1, Some(&id));
                for _ in 0..MAX_TRIES {
                    match post(addr, Some(SECRET), &call).await {
                        Some(200) => {
                            acknowledged.push(id.clone());
                            break;
                        }
                        Some(503) => {
                            unavailable.fetch_add(1, Ordering::Relaxed);
                        }
                        other => panic!("{id}: unexpected answer {other:?}"),
                    }
                }
            }
            acknowledged
        });
    }
    let mut acknowledged = BTreeSet::new();
    let mut calls_acknowledged = 0;
    while let Some(done) = senders.join_next().await {
        let ids = done.expect("a sender finished");
        calls_acknowledged += ids.len();
        acknowledged.extend(ids);
    }
    listener.shutdown().await;
    let failures = flaky.hook().failures();
    assert!(failures > 0, "the store failed some writes");
    assert_eq!(
        unavailable.load(Ordering::Relaxed),
        failures,
        "each failed write was answered 503"
    );
    assert_eq!(calls_acknowledged, SENDERS * (PER_SENDER + PER_SENDER / 4));
    assert_eq!(
        acknowledged.len(),
        SENDERS * PER_SENDER,
        "every message got a 200"
    );
    let mut lost = Vec::new();
    for id in &acknowledged {
        if text_of(&store, id).await.as_deref() != Some(id.as_str()) {
            lost.push(id.clone());
        }
    }
    assert!(lost.is_empty(), "answered 200 but not stored: {lost:?}");
    assert_eq!(
        store.message_count().await.expect("count"),
        acknowledged.len() as u64,
        "one row per message id"
    );
}

pub async fn an_unparseable_body_is_a_dead_letter_that_replays(fixture: &Fixture) {
    let store = fixture.open().await;
    let listener = listen(Arc::clone(&store)).await;
    let addr = listener.addr();
    // A known event whose body no longer parses, raw bytes that are not even UTF-8,
    // and an event this version does not know: each is kept and answered 200.
    let broken = br#"{"event":"message_received","message_id":42}"#.to_vec();
    let not_utf8 = b"{\"event\": \"message_read\", \xff}".to_vec();
    let unknown = br#"{"event":"message_delivered","message_id":"m9"}"#.to_vec();
    for call in [&broken, &not_utf8, &unknown] {
        assert_eq!(post(addr, Some(SECRET), call).await, Some(200));
    }
    listener.shutdown().await;
    let letters = store.dead_letters(10).await.expect("list");
    let bodies: Vec<&Vec<u8>> = letters.iter().map(|l| &l.body).collect();
    assert_eq!(bodies, [&broken, &not_utf8, &unknown], "byte for byte");
    assert!(
        letters[0].reason.contains("does not parse"),
        "{}",
        letters[0].reason
    );
    assert!(
        letters[2].reason.contains("message_delivered"),
        "{}",
        letters[2].reason
    );
    // A letter kept by an older parser, that this one understands.
    let good = body("message_received", "m1", 1, Some("late but here"));
    let kept = store
        .add_dead_letter(&good, "an older parser failed", at(2))
        .await
        .expect("add");
    let mut replayed = 0;
    for letter in store.dead_letters(10).await.expect("list") {
        match replay_dead_letter(store.as_ref(), &letter)
            .await
            .expect("replay")
        {
            ReplayOutcome::Applied(receipt) => {
                assert_eq!(letter.id, kept, "{receipt:?}");
                replayed += 1;
            }
            ReplayOutcome::StillFailing(reason) => assert!(!reason.is_empty()),
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(replayed, 1);
    assert_eq!(
        text_of(&store, "m1").await.as_deref(),
        Some("late but here")
    );
    let waiting = store.dead_letters(10).await.expect("list");
    assert_eq!(
        waiting.len(),
        3,
        "the replayed letter is marked, the others stay"
    );
    assert!(waiting.iter().all(|l| l.id != kept));
}

pub async fn a_reconnected_account_is_marked_for_backfill(fixture: &Fixture) {
    let store = fixture.open().await;
    let listener = listen(Arc::clone(&store)).await;
    let addr = listener.addr();
    let account = AccountId::new("acc_7");
    assert_eq!(
        post(addr, Some(SECRET), &status("acc_7", "OK")).await,
        Some(200)
    );
    let healthy = store
        .account_health(&account)
        .await
        .expect("read")
        .expect("recorded");
    assert!(healthy.healthy && healthy.needs_backfill_since.is_none());
    let last_ok = healthy.last_healthy_at.expect("healthy at");
    assert_eq!(
        post(addr, Some(SECRET), &status("acc_7", "CREDENTIALS")).await,
        Some(200)
    );
    let down = store
        .account_health(&account)
        .await
        .expect("read")
        .expect("recorded");
    assert!(!down.healthy && down.needs_backfill_since.is_none());
    assert_eq!(
        post(addr, Some(SECRET), &status("acc_7", "RECONNECTED")).await,
        Some(200)
    );
    let back = store
        .account_health(&account)
        .await
        .expect("read")
        .expect("recorded");
    assert!(back.healthy);
    assert_eq!(back.status, "RECONNECTED");
    assert_eq!(
        back.needs_backfill_since,
        Some(last_ok),
        "the backlog is walked from the last healthy moment"
    );
    listener.shutdown().await;
}

pub async fn two_listeners_on_one_database_store_a_retry_once(fixture: &Fixture) {
    let first = listen(fixture.open().await).await;
    let second = listen(fixture.open().await).await;
    let received = body("message_received", "m1", 1, Some("hello"));
    let reaction = body("message_read", "m1", 2, None);
    let (a, b) = tokio::join!(
        post(first.addr(), Some(SECRET), &received),
        post(second.addr(), Some(SECRET), &received)
    );
    assert_eq!((a, b), (Some(200), Some(200)));
    assert_eq!(
        post(second.addr(), Some(SECRET), &reaction).await,
        Some(200)
    );
    assert_eq!(post(first.addr(), Some(SECRET), &reaction).await, Some(200));
    let store = fixture.open().await;
    assert_eq!(store.message_count().await.expect("count"), 1);
    let stored = store
        .message(&MessageId::new("m1"))
        .await
        .expect("read")
        .expect("stored");
    assert!(stored.message.seen);
    first.shutdown().await;
    second.shutdown().await;
}

pub async fn a_new_message_is_completed_at_once_with_a_client(fixture: &Fixture) {
    let fake = unipile_mock::FakeUnipile::demo();
    let chat = fake.chat_ids().into_iter().next().expect("a demo chat");
    let id = fake
        .add_message(&chat, unipile_mock::MessageSeed::text("the full message"))
        .expect("added");
    let full = fake.message(&id).expect("the fake holds it");
    let client = unipile_core::Client::new(fake.clone(), fake.api_key());
    let store = fixture.open().await;
    let intake = WebhookIntake::new(Arc::clone(&store), secret()).with_client(client);
    let call = serde_json::to_vec(&json!({
        "account_id": full.account_id.as_str(), "account_type": "WHATSAPP",
        "event": "message_received", "chat_id": chat.as_str(), "message_id": id.as_str(),
        "timestamp": full.timestamp.to_rfc3339(), "message": "the full message",
    }))
    .expect("JSON");
    let receipt = intake.receive([("Unipile-Auth", SECRET)], &call).await;
    assert!(
        matches!(
            receipt,
            Receipt::Stored {
                completed: true,
                ..
            }
        ),
        "{receipt:?}"
    );
    let stored = store.message(&id).await.expect("read").expect("stored");
    assert_eq!(stored.completeness, Completeness::Full);
    assert!(
        store
            .partial_messages(None, 10)
            .await
            .expect("list")
            .is_empty()
    );
    // A message the API does not know stays partial, and is still answered 200.
    let unknown = body("message_received", "m_unknown", 1, Some("hi"));
    let receipt = intake.receive([("Unipile-Auth", SECRET)], &unknown).await;
    assert!(
        matches!(
            receipt,
            Receipt::Stored {
                completed: false,
                ..
            }
        ),
        "{receipt:?}"
    );
    assert_eq!(receipt.status(), 200);
    assert_eq!(
        store.partial_messages(None, 10).await.expect("list").len(),
        1
    );
}
