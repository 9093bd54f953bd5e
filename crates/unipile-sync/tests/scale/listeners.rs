//! Two listeners on different ports over one database: a delivery and its retries are
//! absorbed whichever listener gets each of them.

use crate::fixture::Fixture;
use crate::http::{SECRET, post};
use chrono::{TimeZone, Utc};
use serde_json::json;
use std::sync::Arc;
use unipile_core::webhook::WebhookSecret;
use unipile_sync::intake::{Listener, ListenerHandle, WebhookIntake};
use unipile_sync::{MessageId, Store};

/// Deliveries per phase.
const EVENTS: u32 = 40;

/// A message event for message `m{i}`, `minutes` after its sending.
fn body(kind: &str, i: u32, minutes: i64, text: &str) -> Vec<u8> {
    let at = Utc
        .with_ymd_and_hms(2025, 6, 2, 9, 0, 0)
        .single()
        .expect("valid time")
        + chrono::TimeDelta::seconds(i64::from(i))
        + chrono::TimeDelta::minutes(minutes);
    serde_json::to_vec(&json!({
        "account_id": "acc_1", "account_type": "WHATSAPP", "event": kind,
        "chat_id": "chat_1", "message_id": format!("m{i}"), "timestamp": at.to_rfc3339(),
        "sender": {"attendee_id": "att_1", "attendee_provider_id": "33600000000@s.whatsapp.net"},
        "message": text,
    }))
    .expect("JSON")
}

async fn listen(store: Arc<dyn Store>) -> ListenerHandle {
    let secret = WebhookSecret::new(WebhookSecret::DEFAULT_HEADER, SECRET).expect("secret");
    let intake = Arc::new(WebhookIntake::new(store, secret));
    Listener::bind(([127, 0, 0, 1], 0).into(), intake)
        .await
        .expect("bind a loopback port")
}

/// Sends every body of `bodies` to both listeners at once; each call must answer 200.
async fn to_both_at_once(first: &ListenerHandle, second: &ListenerHandle, bodies: Vec<Vec<u8>>) {
    let (a, b) = (first.addr(), second.addr());
    let mut calls = tokio::task::JoinSet::new();
    for body in bodies {
        let body = Arc::new(body);
        for addr in [a, b] {
            let body = Arc::clone(&body);
            calls.spawn(async move { post(addr, Some(SECRET), &body).await });
        }
    }
    while let Some(status) = calls.join_next().await {
        assert_eq!(status.expect("call task"), Some(200));
    }
}

pub async fn two_listeners_absorb_a_delivery_and_its_retries_whichever_gets_them(
    fixture: &Fixture,
) {
    // Two listeners, each with its own pool, as two processes behind a load balancer.
    let first = listen(fixture.open().await).await;
    let second = listen(fixture.open().await).await;
    assert_ne!(first.addr().port(), second.addr().port());

    // The same delivery reaches both at once (a retry racing the original).
    let received: Vec<_> = (0..EVENTS)
        .map(|i| body("message_received", i, 0, &format!("hello {i}")))
        .collect();
    to_both_at_once(&first, &second, received.clone()).await;
    // Then its retries arrive in turn, one listener after the other, in both orders.
    for (i, body) in received.iter().enumerate() {
        let (one, other) = if i % 2 == 0 {
            (&first, &second)
        } else {
            (&second, &first)
        };
        assert_eq!(post(one.addr(), Some(SECRET), body).await, Some(200));
        assert_eq!(post(other.addr(), Some(SECRET), body).await, Some(200));
    }
    // An edit, delivered to both at once as well, updates the one row.
    let edited: Vec<_> = (0..EVENTS)
        .map(|i| body("message_edited", i, 5, &format!("edited {i}")))
        .collect();
    to_both_at_once(&first, &second, edited).await;
    first.shutdown().await;
    second.shutdown().await;

    // Read through a third handle: everything is in the database, once.
    let store = fixture.open().await;
    assert_eq!(
        store.message_count().await.expect("count"),
        u64::from(EVENTS)
    );
    for i in 0..EVENTS {
        let stored = store
            .message(&MessageId::new(format!("m{i}")))
            .await
            .expect("read")
            .expect("stored");
        assert_eq!(
            stored.message.text.as_deref(),
            Some(format!("edited {i}").as_str())
        );
    }
    assert!(store.dead_letters(10).await.expect("list").is_empty());
}
