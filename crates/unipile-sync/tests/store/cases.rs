//! The cases of the shared suite: each takes a fixture and opens the handles it needs.

mod partials;

pub use partials::a_partial_the_api_did_not_find_goes_behind_the_others;

use crate::fixture::Fixture;
use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use serde_json::json;
use std::sync::Arc;
use std::time::Duration;
use unipile_sync::{
    ALL_ACCOUNTS, AccountId, Completeness, EventOutcome, Message, MessageEvent, MessageId, Store,
    UpsertCounts,
};

fn at(minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 6, 2, 9, minute, 0)
        .single()
        .expect("valid time")
}

fn message(id: &str, minute: u32, text: &str) -> Message {
    let mut m = Message::new(id, "chat_1", "acc_1", at(minute));
    m.text = Some(text.to_owned());
    m
}

fn event(kind: &str, id: &str, minute: u32, text: Option<&str>) -> MessageEvent {
    let mut body = json!({
        "account_id": "acc_1", "account_type": "WHATSAPP", "event": kind,
        "chat_id": "chat_1", "message_id": id,
        "timestamp": at(minute).to_rfc3339(),
        "sender": {"attendee_id": "att_1", "attendee_provider_id": "33600000000@s.whatsapp.net"},
    });
    if let Some(text) = text {
        body["message"] = json!(text);
    }
    serde_json::from_value(body).expect("a valid message event")
}

fn reaction(id: &str, minute: u32, value: &str, by: &str) -> MessageEvent {
    serde_json::from_value(json!({
        "account_id": "acc_1", "account_type": "WHATSAPP", "event": "message_reaction",
        "chat_id": "chat_1", "message_id": id, "timestamp": at(minute).to_rfc3339(),
        "reaction": value,
        "reaction_sender": {"attendee_id": "att_2", "attendee_provider_id": by},
    }))
    .expect("a valid reaction event")
}

fn counts(inserted: u64, updated: u64, unchanged: u64) -> UpsertCounts {
    UpsertCounts {
        inserted,
        updated,
        unchanged,
    }
}

async fn stored(store: &Arc<dyn Store>, id: &str) -> unipile_sync::StoredMessage {
    store
        .message(&MessageId::new(id))
        .await
        .expect("read")
        .unwrap_or_else(|| panic!("message {id} is stored"))
}

pub async fn migrations_are_recorded_and_applied_once(fixture: &Fixture) {
    let store = fixture.open().await;
    assert_eq!(store.schema_version().await.expect("version"), 3);
    store
        .upsert_messages(&[message("m1", 0, "kept")])
        .await
        .expect("store");
    // Opening again applies nothing twice and keeps the data.
    let again = fixture.open().await;
    assert_eq!(again.schema_version().await.expect("version"), 3);
    assert_eq!(again.message_count().await.expect("count"), 1);
}

pub async fn a_page_is_inserted_once_then_only_changes_count(fixture: &Fixture) {
    let store = fixture.open().await;
    let mut page = vec![
        message("m1", 0, "a"),
        message("m2", 1, "b"),
        message("m3", 2, "c"),
    ];
    assert_eq!(
        store.upsert_messages(&page).await.expect("store"),
        counts(3, 0, 0)
    );
    assert_eq!(
        store.upsert_messages(&page).await.expect("store"),
        counts(0, 0, 3)
    );
    page[1].seen = true;
    page[2].text = Some("c, changed".to_owned());
    assert_eq!(
        store.upsert_messages(&page).await.expect("store"),
        counts(0, 2, 1)
    );
    // The same id twice in one page is one row.
    let twice = vec![message("m4", 3, "d"), message("m4", 3, "d")];
    assert_eq!(
        store.upsert_messages(&twice).await.expect("store"),
        counts(1, 0, 1)
    );
    assert_eq!(store.message_count().await.expect("count"), 4);
    let m2 = stored(&store, "m2").await;
    assert_eq!(m2.completeness, Completeness::Full);
    assert_eq!(m2.message, page[1]);
    assert_eq!(
        stored(&store, "m3").await.message.text.as_deref(),
        Some("c, changed")
    );
    assert_eq!(
        store.upsert_messages(&[]).await.expect("store"),
        counts(0, 0, 0)
    );
}

pub async fn a_large_page_is_stored_in_one_call(fixture: &Fixture) {
    let store = fixture.open().await;
    let page: Vec<Message> = (0..2_500)
        .map(|i| message(&format!("big_{i}"), i % 60, &format!("text {i}")))
        .collect();
    assert_eq!(
        store.upsert_messages(&page).await.expect("store"),
        counts(2_500, 0, 0)
    );
    assert_eq!(
        store.upsert_messages(&page).await.expect("store"),
        counts(0, 0, 2_500)
    );
    assert_eq!(store.message_count().await.expect("count"), 2_500);
    assert_eq!(stored(&store, "big_1234").await.message, page[1234]);
}

pub async fn a_page_and_its_checkpoint_land_together(fixture: &Fixture) {
    let store = fixture.open().await;
    let checkpoint = json!({"account_id": "acc_1", "newest": "2025-06-02T09:02:00.000Z"});
    let page = [message("m1", 0, "a"), message("m2", 2, "b")];
    let written = store
        .upsert_page_with_checkpoint(&page, "acc_1", &checkpoint)
        .await
        .expect("store");
    assert_eq!(written, counts(2, 0, 0));
    assert_eq!(
        store.checkpoint("acc_1").await.expect("read"),
        Some(checkpoint)
    );
    assert_eq!(store.message_count().await.expect("count"), 2);
    // Again with a moved checkpoint: the page is unchanged, the checkpoint moves.
    let moved = json!({"account_id": "acc_1", "newest": "2025-06-02T09:05:00.000Z"});
    let written = store
        .upsert_page_with_checkpoint(&page, "acc_1", &moved)
        .await
        .expect("store");
    assert_eq!(written, counts(0, 0, 2));
    assert_eq!(store.checkpoint("acc_1").await.expect("read"), Some(moved));
}

pub async fn checkpoints_are_kept_per_scope(fixture: &Fixture) {
    let store = fixture.open().await;
    assert_eq!(store.checkpoint(ALL_ACCOUNTS).await.expect("read"), None);
    let all = json!({"seen": ["m1", "m2"], "newest": null});
    let one = json!({"account_id": "acc_2", "seen": {}});
    store
        .save_checkpoint(ALL_ACCOUNTS, &all)
        .await
        .expect("save");
    store.save_checkpoint("acc_2", &one).await.expect("save");
    assert_eq!(
        store.checkpoint(ALL_ACCOUNTS).await.expect("read"),
        Some(all)
    );
    assert_eq!(store.checkpoint("acc_2").await.expect("read"), Some(one));
    let replaced = json!({"account_id": "acc_2", "seen": {"m9": 1}});
    store
        .save_checkpoint("acc_2", &replaced)
        .await
        .expect("save");
    assert_eq!(
        store.checkpoint("acc_2").await.expect("read"),
        Some(replaced)
    );
    assert_eq!(store.checkpoint("acc_3").await.expect("read"), None);
}

pub async fn a_webhook_row_is_partial_until_a_full_message_replaces_it(fixture: &Fixture) {
    let store = fixture.open().await;
    let received = event("message_received", "m1", 0, Some("from a webhook"));
    assert_eq!(
        store.apply_message_event(&received).await.expect("apply"),
        EventOutcome::Inserted
    );
    assert_eq!(
        store.apply_message_event(&received).await.expect("apply"),
        EventOutcome::Unchanged
    );
    let partial = stored(&store, "m1").await;
    assert_eq!(partial.completeness, Completeness::Partial);
    assert_eq!(partial.message.text.as_deref(), Some("from a webhook"));
    assert_eq!(partial.message.sender_attendee_id.as_str(), "att_1");
    let listed = store.partial_messages(None, 10).await.expect("list");
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].message_id, MessageId::new("m1"));
    assert_eq!(listed[0].account_id, AccountId::new("acc_1"));
    let of_its_account = store
        .partial_messages(Some(&AccountId::new("acc_1")), 10)
        .await
        .expect("list");
    assert_eq!(of_its_account, listed);
    let of_another = store
        .partial_messages(Some(&AccountId::new("acc_2")), 10)
        .await
        .expect("list");
    assert!(of_another.is_empty(), "{of_another:?}");

    let full = message("m1", 0, "the full text");
    assert_eq!(
        store
            .upsert_messages(std::slice::from_ref(&full))
            .await
            .expect("store"),
        counts(0, 1, 0)
    );
    let now_full = stored(&store, "m1").await;
    assert_eq!(now_full.completeness, Completeness::Full);
    assert_eq!(now_full.message, full);
    assert!(
        store
            .partial_messages(None, 10)
            .await
            .expect("list")
            .is_empty()
    );
    // A late duplicate of the received event never overwrites the full row.
    assert_eq!(
        store.apply_message_event(&received).await.expect("apply"),
        EventOutcome::Unchanged
    );
    assert_eq!(stored(&store, "m1").await.message, full);
    assert_eq!(store.message_count().await.expect("count"), 1);
}

pub async fn edits_delivered_twice_or_out_of_order_keep_the_newest_text(fixture: &Fixture) {
    let store = fixture.open().await;
    let received = event("message_received", "m1", 0, Some("v1"));
    let first_edit = event("message_edited", "m1", 1, Some("v2"));
    let second_edit = event("message_edited", "m1", 2, Some("v3"));
    store.apply_message_event(&received).await.expect("apply");
    assert_eq!(
        store
            .apply_message_event(&second_edit)
            .await
            .expect("apply"),
        EventOutcome::Updated
    );
    // The older edit arrives late, then duplicates of everything.
    for late in [&first_edit, &second_edit, &received, &first_edit] {
        assert_eq!(
            store.apply_message_event(late).await.expect("apply"),
            EventOutcome::Unchanged
        );
    }
    let row = stored(&store, "m1").await;
    assert_eq!(row.message.text.as_deref(), Some("v3"));
    assert!(row.message.edited);
    assert_eq!(row.text_at, Some(at(2)));
}

pub async fn an_edit_before_the_received_event_keeps_the_edited_text(fixture: &Fixture) {
    let store = fixture.open().await;
    let edit = event("message_edited", "m1", 5, Some("edited"));
    assert_eq!(
        store.apply_message_event(&edit).await.expect("apply"),
        EventOutcome::Inserted
    );
    let received = event("message_received", "m1", 0, Some("original"));
    // The received event brings the message's own time, not its older text.
    assert_eq!(
        store.apply_message_event(&received).await.expect("apply"),
        EventOutcome::Updated
    );
    let row = stored(&store, "m1").await;
    assert_eq!(row.message.text.as_deref(), Some("edited"));
    assert_eq!(row.message.timestamp, at(0));
    assert!(row.message.edited);
    assert_eq!(row.completeness, Completeness::Partial);
}

pub async fn webhooks_update_a_full_row_and_an_older_page_does_not_undo_them(fixture: &Fixture) {
    let store = fixture.open().await;
    let original = message("m1", 0, "hello");
    store
        .upsert_messages(std::slice::from_ref(&original))
        .await
        .expect("store");
    let updates = [
        event("message_read", "m1", 3, None),
        event("message_edited", "m1", 4, Some("hello, edited")),
        reaction("m1", 5, "👍", "someone@s.whatsapp.net"),
    ];
    for update in &updates {
        assert_eq!(
            store.apply_message_event(update).await.expect("apply"),
            EventOutcome::Updated
        );
    }
    for update in &updates {
        assert_eq!(
            store.apply_message_event(update).await.expect("apply"),
            EventOutcome::Unchanged
        );
    }
    let row = stored(&store, "m1").await;
    assert_eq!(row.completeness, Completeness::Full);
    assert!(row.message.seen && row.message.edited && !row.message.deleted);
    assert_eq!(row.message.text.as_deref(), Some("hello, edited"));
    assert_eq!(row.message.reactions.len(), 1);
    assert_eq!(row.message.reactions[0].value, "👍");

    // A page fetched before those webhooks arrives late: it does not undo them.
    assert_eq!(
        store
            .upsert_messages(std::slice::from_ref(&original))
            .await
            .expect("store"),
        counts(0, 1, 0)
    );
    let row = stored(&store, "m1").await;
    assert!(row.message.seen && row.message.edited);
    assert_eq!(row.message.text.as_deref(), Some("hello, edited"));

    let deleted = event("message_deleted", "m1", 6, None);
    assert_eq!(
        store.apply_message_event(&deleted).await.expect("apply"),
        EventOutcome::Updated
    );
    assert!(stored(&store, "m1").await.message.deleted);
    // Nor does that page again.
    store.upsert_messages(&[original]).await.expect("store");
    assert!(stored(&store, "m1").await.message.deleted);
}

pub async fn account_health_marks_and_clears_a_backfill(fixture: &Fixture) {
    let store = fixture.open().await;
    let acc = AccountId::new("acc_1");
    assert_eq!(store.account_health(&acc).await.expect("read"), None);
    let ok = store
        .record_account_status(&acc, "OK", true, at(0))
        .await
        .expect("record");
    assert!(ok.healthy);
    assert_eq!(ok.last_healthy_at, Some(at(0)));
    assert_eq!(ok.needs_backfill_since, None);
    let down = store
        .record_account_status(&acc, "CREDENTIALS", false, at(10))
        .await
        .expect("record");
    assert!(!down.healthy);
    assert_eq!(down.needs_backfill_since, None);
    // A report older than the stored one is ignored.
    let stale = store
        .record_account_status(&acc, "OK", true, at(5))
        .await
        .expect("record");
    assert_eq!(stale, down);
    let back = store
        .record_account_status(&acc, "RECONNECTED", true, at(20))
        .await
        .expect("record");
    assert_eq!(back.needs_backfill_since, Some(at(0)));
    assert_eq!(back.backfill_marked_at, Some(at(20)));
    assert_eq!(back.last_healthy_at, Some(at(20)));
    assert_eq!(
        store.account_health(&acc).await.expect("read"),
        Some(back.clone())
    );
    // A pass that began before the comeback does not clear the marker; a later one does.
    assert!(!store.complete_backfill(&acc, at(15)).await.expect("clear"));
    assert!(store.complete_backfill(&acc, at(25)).await.expect("clear"));
    assert!(!store.complete_backfill(&acc, at(25)).await.expect("clear"));
    let cleared = store
        .account_health(&acc)
        .await
        .expect("read")
        .expect("stored");
    assert_eq!(cleared.needs_backfill_since, None);
    assert_eq!(cleared.status, "RECONNECTED");
}

pub async fn dead_letters_keep_raw_bytes_until_replayed_or_deleted(fixture: &Fixture) {
    let store = fixture.open().await;
    let first_body = b"{\"event\":\"message_received\", \xff truncated".to_vec();
    let second_body = b"{}".to_vec();
    let first = store
        .add_dead_letter(&first_body, "invalid UTF-8 at byte 31", at(1))
        .await
        .expect("add");
    let second = store
        .add_dead_letter(&second_body, "missing field `event`", at(2))
        .await
        .expect("add");
    assert_ne!(first, second);
    let letters = store.dead_letters(10).await.expect("list");
    assert_eq!(letters.len(), 2);
    assert_eq!((letters[0].id, &letters[0].body), (first, &first_body));
    assert_eq!(letters[0].reason, "invalid UTF-8 at byte 31");
    assert_eq!(letters[0].received_at, at(1));
    assert_eq!(letters[1].body, second_body);
    assert!(
        store
            .mark_dead_letter_replayed(first, at(3))
            .await
            .expect("mark")
    );
    let letters = store.dead_letters(10).await.expect("list");
    assert_eq!(
        letters.iter().map(|l| l.id).collect::<Vec<_>>(),
        vec![second]
    );
    assert!(
        !store
            .mark_dead_letter_replayed(second + 1000, at(3))
            .await
            .expect("mark")
    );
    // A replay that fails again records its new reason; a replayed letter keeps its own.
    let reason = "unknown event `x`";
    assert!(
        store
            .set_dead_letter_reason(second, reason)
            .await
            .expect("reason")
    );
    assert!(
        !store
            .set_dead_letter_reason(first, reason)
            .await
            .expect("reason")
    );
    let letters = store.dead_letters(10).await.expect("list");
    assert_eq!(letters[0].reason, reason);
    assert!(store.delete_dead_letter(second).await.expect("delete"));
    assert!(!store.delete_dead_letter(second).await.expect("delete"));
    assert!(store.dead_letters(10).await.expect("list").is_empty());
}

pub async fn a_lease_has_one_holder_and_lapses_when_not_renewed(fixture: &Fixture) {
    let store = fixture.open().await;
    let acc = AccountId::new("acc_1");
    let long = Duration::from_secs(60);
    let held = store
        .try_acquire_lease(&acc, "worker_a", long)
        .await
        .expect("acquire")
        .expect("free");
    assert_eq!(held.worker_id, "worker_a");
    assert_eq!(
        store
            .try_acquire_lease(&acc, "worker_b", long)
            .await
            .expect("acquire"),
        None
    );
    let again = store
        .try_acquire_lease(&acc, "worker_a", long)
        .await
        .expect("acquire")
        .expect("mine");
    assert_eq!(again.token, held.token, "extending is not a takeover");
    assert_eq!(
        store.lease(&acc).await.expect("read").map(|l| l.worker_id),
        Some("worker_a".to_owned())
    );
    assert!(
        store
            .renew_lease(&acc, "worker_a", long)
            .await
            .expect("renew")
            .is_some()
    );
    assert_eq!(
        store
            .renew_lease(&acc, "worker_b", long)
            .await
            .expect("renew"),
        None
    );
    assert!(
        !store
            .release_lease(&acc, "worker_b")
            .await
            .expect("release")
    );
    assert!(
        store
            .release_lease(&acc, "worker_a")
            .await
            .expect("release")
    );
    assert_eq!(store.lease(&acc).await.expect("read"), None);
    let taken = store
        .try_acquire_lease(&acc, "worker_b", long)
        .await
        .expect("acquire")
        .expect("free");
    assert!(taken.token > held.token, "a new holder gets a new token");

    // A worker that stops renewing loses the lease after its time to live.
    let other = AccountId::new("acc_2");
    let short = Duration::from_millis(300);
    let dying = store
        .try_acquire_lease(&other, "worker_a", short)
        .await
        .expect("acquire")
        .expect("free");
    assert_eq!(
        store
            .try_acquire_lease(&other, "worker_b", long)
            .await
            .expect("acquire"),
        None
    );
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(store.lease(&other).await.expect("read"), None);
    assert_eq!(
        store
            .renew_lease(&other, "worker_a", short)
            .await
            .expect("renew"),
        None
    );
    let took_over = store
        .try_acquire_lease(&other, "worker_b", long)
        .await
        .expect("acquire")
        .expect("lapsed");
    assert_eq!(took_over.worker_id, "worker_b");
    assert!(took_over.token > dying.token);
    assert!(took_over.expires_at > Utc::now() + TimeDelta::seconds(30));
}

pub async fn two_handles_racing_for_a_lease_give_it_to_exactly_one(fixture: &Fixture) {
    let handles = [fixture.open().await, fixture.open().await];
    for round in 0..10 {
        let acc = AccountId::new(format!("acc_race_{round}"));
        let mut tasks = Vec::new();
        for worker in 0..8 {
            let store = Arc::clone(&handles[worker % 2]);
            let acc = acc.clone();
            tasks.push(tokio::spawn(async move {
                store
                    .try_acquire_lease(&acc, &format!("worker_{worker}"), Duration::from_secs(60))
                    .await
                    .expect("acquire")
            }));
        }
        let mut winners = Vec::new();
        for task in tasks {
            if let Some(lease) = task.await.expect("task") {
                winners.push(lease.worker_id);
            }
        }
        assert_eq!(winners.len(), 1, "round {round}: holders {winners:?}");
        let holder = handles[1].lease(&acc).await.expect("read").expect("held");
        assert_eq!(holder.worker_id, winners[0]);
    }
}

pub async fn two_handles_writing_the_same_messages_converge(fixture: &Fixture) {
    let handles = [fixture.open().await, fixture.open().await];
    let page: Vec<Message> = (0..60)
        .map(|i| message(&format!("c{i}"), i % 60, "full"))
        .collect();
    let mut tasks = Vec::new();
    for chunk in 0..6 {
        let store = Arc::clone(&handles[0]);
        let part = page[chunk * 10..chunk * 10 + 10].to_vec();
        tasks.push(tokio::spawn(async move {
            store.upsert_messages(&part).await.expect("store page");
        }));
        let store = Arc::clone(&handles[1]);
        tasks.push(tokio::spawn(async move {
            for i in chunk * 10..chunk * 10 + 10 {
                let id = format!("c{i}");
                store
                    .apply_message_event(&event("message_received", &id, 0, Some("partial")))
                    .await
                    .expect("apply");
                store
                    .apply_message_event(&event("message_read", &id, 59, None))
                    .await
                    .expect("apply");
            }
        }));
    }
    for task in tasks {
        task.await.expect("task");
    }
    assert_eq!(handles[0].message_count().await.expect("count"), 60);
    // Whatever the order, the full page wins over the partial events and the read sticks.
    handles[0].upsert_messages(&page).await.expect("store page");
    for i in 0..60 {
        let row = stored(&handles[1], &format!("c{i}")).await;
        assert_eq!(row.completeness, Completeness::Full, "c{i}");
        assert_eq!(row.message.text.as_deref(), Some("full"), "c{i}");
        assert!(row.message.seen, "c{i}");
    }
    assert!(
        handles[0]
            .partial_messages(None, 100)
            .await
            .expect("list")
            .is_empty()
    );
}

pub async fn a_delivery_and_its_retry_on_two_listeners_are_stored_once(fixture: &Fixture) {
    let handles = [fixture.open().await, fixture.open().await];
    let mut tasks = Vec::new();
    for i in 0..30 {
        for handle in &handles {
            let store = Arc::clone(handle);
            tasks.push(tokio::spawn(async move {
                let id = format!("r{i}");
                let outcome = store
                    .apply_message_event(&event("message_received", &id, 7, Some("hi")))
                    .await
                    .expect("apply");
                (id, outcome)
            }));
        }
    }
    let mut inserted = std::collections::HashMap::new();
    for task in tasks {
        let (id, outcome) = task.await.expect("task");
        match outcome {
            EventOutcome::Inserted => *inserted.entry(id).or_insert(0) += 1,
            EventOutcome::Unchanged => {}
            other => panic!("{id}: a duplicate delivery did {other:?}"),
        }
    }
    assert_eq!(inserted.len(), 30, "every message stored");
    assert!(
        inserted.values().all(|n| *n == 1),
        "inserted once each: {inserted:?}"
    );
    assert_eq!(handles[0].message_count().await.expect("count"), 30);
}
