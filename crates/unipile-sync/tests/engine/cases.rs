//! The engine's cases, each given a fixture to open its stores on.

use crate::fixture::Fixture;
pub use crate::overlap::{
    a_failed_page_write_stops_the_walk_and_the_next_pass_recovers,
    the_next_page_is_fetched_while_a_page_is_written,
};
use chrono::{DateTime, TimeDelta, Utc};
use std::sync::Arc;
use std::time::Duration;
use unipile_core::client::retry::RetryPolicy;
use unipile_core::model::page::Done;
use unipile_core::sync::{Checkpoint, PassKind};
use unipile_core::transport::Method;
use unipile_core::{AccountId, ChatId, Client, MessageId, Provider};
use unipile_mock::{AccountSeed, ChatSeed, FakeUnipile, Fault, MessageSeed};
use unipile_sync::{
    AccountError, AccountOutcome, Completeness, PassReport, Store, SyncSettings, Syncer,
};

pub(crate) fn client(fake: &FakeUnipile) -> Client {
    Client::builder(fake.clone(), fake.api_key())
        .retry_policy(RetryPolicy::never())
        .build()
}

pub(crate) fn settings(worker: &str) -> SyncSettings {
    let mut settings = SyncSettings::default();
    settings.page_size = 10;
    settings.worker_id = worker.to_owned();
    settings
}

/// An account with one chat of `history` messages.
pub(crate) fn account_with_chat(
    fake: &FakeUnipile,
    name: &str,
    history: usize,
) -> (AccountId, ChatId) {
    let account = fake.add_account(AccountSeed::new(Provider::Whatsapp, name));
    let chat = fake
        .add_chat(ChatSeed::direct(account.clone(), "Bastien").history(history))
        .expect("chat");
    (account, chat)
}

/// Every message the fake holds.
pub(crate) fn truth(fake: &FakeUnipile) -> Vec<MessageId> {
    fake.chat_ids()
        .iter()
        .flat_map(|chat| fake.chat_message_ids(chat))
        .collect()
}

pub(crate) async fn missing(store: &Arc<dyn Store>, ids: &[MessageId]) -> Vec<MessageId> {
    let mut missing = Vec::new();
    for id in ids {
        if store.message(id).await.expect("read").is_none() {
            missing.push(id.clone());
        }
    }
    missing
}

pub(crate) fn outcome<'a>(report: &'a PassReport, account: &AccountId) -> &'a AccountOutcome {
    &report
        .accounts
        .iter()
        .find(|a| &a.account_id == account)
        .expect("the account is in the report")
        .outcome
}

pub(crate) async fn stored_checkpoint(
    store: &Arc<dyn Store>,
    account: &AccountId,
) -> Option<Checkpoint> {
    store
        .checkpoint(account.as_str())
        .await
        .expect("read")
        .map(|json| serde_json::from_value(json).expect("a checkpoint"))
}

pub async fn a_pass_stores_everything_and_a_second_adds_nothing(fixture: &Fixture) {
    let fake = FakeUnipile::new();
    let (a, _) = account_with_chat(&fake, "Kim", 35);
    let (b, _) = account_with_chat(&fake, "Lou", 12);
    let store = fixture.open().await;
    let syncer = Syncer::new(client(&fake), store.clone(), settings("w1"));

    let first = syncer.pass().await.expect("pass");
    assert!(first.is_complete(), "{first:?}");
    assert_eq!(first.accounts.len(), 2);
    let all = truth(&fake);
    assert_eq!(first.totals().new, all.len() as u64);
    assert!(missing(&store, &all).await.is_empty());
    assert_eq!(
        store.message_count().await.expect("count"),
        all.len() as u64
    );
    for account in [&a, &b] {
        assert!(matches!(outcome(&first, account), AccountOutcome::Complete));
        let checkpoint = stored_checkpoint(&store, account)
            .await
            .expect("one per account");
        assert_eq!(checkpoint.account_id(), Some(account));
        assert!(checkpoint.newest().is_some());
        assert!(
            store.lease(account).await.expect("read").is_none(),
            "released"
        );
    }

    let second = syncer.pass().await.expect("pass");
    assert!(second.is_complete(), "{second:?}");
    assert_eq!(second.totals().new, 0);
    assert_eq!(second.totals().updated, 0);
    assert_eq!(
        store.message_count().await.expect("count"),
        all.len() as u64
    );
}

pub async fn an_empty_page_with_a_cursor_in_the_middle_loses_nothing(fixture: &Fixture) {
    let fake = FakeUnipile::new();
    let (account, _) = account_with_chat(&fake, "Kim", 45);
    let store = fixture.open().await;
    let syncer = Syncer::new(client(&fake), store.clone(), settings("w1"));

    // Page 2 is empty but keeps a cursor to the rest of the list.
    fake.inject(Fault::empty_page().on(Method::Get, "/messages").skip(1));
    let report = syncer.pass().await.expect("pass");
    assert!(
        matches!(outcome(&report, &account), AccountOutcome::Complete),
        "{report:?}"
    );
    assert_eq!(
        report.totals().pages,
        6,
        "5 pages of items and the empty one"
    );
    assert!(missing(&store, &truth(&fake)).await.is_empty());

    // Past the cap (3 in a row by default) the walk is incomplete and the checkpoint's
    // window does not move; the next pass walks it again.
    let (late, chat) = account_with_chat(&fake, "Lou", 0);
    let ids: Vec<_> = (0..25)
        .map(|i| {
            fake.add_message(&chat, MessageSeed::text(format!("m{i}")))
                .expect("message")
        })
        .collect();
    let mut only_late = settings("w1");
    only_late.accounts = Some(vec![late.clone()]);
    let syncer = Syncer::new(client(&fake), store.clone(), only_late);
    fake.inject(
        Fault::empty_page()
            .on(Method::Get, "/messages")
            .skip(1)
            .times(4),
    );
    let report = syncer.pass().await.expect("pass");
    match outcome(&report, &late) {
        AccountOutcome::Incomplete(Done::EmptyPages { count: 4, .. }) => {}
        other => panic!("expected an incomplete walk, got {other:?}"),
    }
    assert!(!report.is_complete());
    // The checkpoint is saved only once a walk is complete: none yet, or one whose window
    // has not moved.
    let newest = stored_checkpoint(&store, &late)
        .await
        .and_then(|checkpoint| checkpoint.newest());
    assert_eq!(newest, None, "the window did not move");
    let report = syncer.pass().await.expect("pass");
    assert!(report.is_complete(), "{report:?}");
    assert!(missing(&store, &ids).await.is_empty());
}

pub async fn a_page_error_mid_walk_keeps_the_checkpoint_and_the_next_pass_recovers(
    fixture: &Fixture,
) {
    let fake = FakeUnipile::new();
    let (account, chat) = account_with_chat(&fake, "Kim", 20);
    let (other, _) = account_with_chat(&fake, "Lou", 20);
    let store = fixture.open().await;
    let syncer = Syncer::new(client(&fake), store.clone(), settings("w1"));
    syncer.pass().await.expect("pass");
    let before = stored_checkpoint(&store, &account)
        .await
        .expect("checkpoint");

    let fresh: Vec<_> = (0..30)
        .map(|i| {
            fake.add_message(&chat, MessageSeed::text(format!("new {i}")))
                .expect("message")
        })
        .collect();
    // The first account's third page fails; the second account is not affected.
    fake.inject(Fault::status(500).on(Method::Get, "/messages").skip(2));
    let report = syncer
        .pass()
        .await
        .expect("a failing account does not fail the pass");
    match outcome(&report, &account) {
        AccountOutcome::Failed(AccountError::Api(error)) => assert_eq!(error.status(), Some(500)),
        other => panic!("expected a failure, got {other:?}"),
    }
    assert!(matches!(outcome(&report, &other), AccountOutcome::Complete));
    assert_eq!(report.failures().count(), 1);
    let after = stored_checkpoint(&store, &account)
        .await
        .expect("checkpoint");
    assert_eq!(
        after.newest(),
        before.newest(),
        "the window stays where it was"
    );
    assert_eq!(
        missing(&store, &fresh).await.len(),
        10,
        "two pages stored, the rest not"
    );

    let report = syncer.pass().await.expect("pass");
    assert!(report.is_complete(), "{report:?}");
    assert!(missing(&store, &fresh).await.is_empty());
    assert!(missing(&store, &truth(&fake)).await.is_empty());
}

pub async fn an_account_that_comes_back_has_its_late_backlog_stored(fixture: &Fixture) {
    let fake = FakeUnipile::new();
    let (a, chat_a) = account_with_chat(&fake, "Kim", 5);
    let (b, chat_b) = account_with_chat(&fake, "Lou", 5);
    for chat in [&chat_a, &chat_b] {
        fake.add_message(chat, MessageSeed::text("now"))
            .expect("message");
    }
    let store = fixture.open().await;
    let overlap = Duration::from_millis(100);
    let mut config = settings("w1");
    config.overlap = overlap;
    let syncer = Syncer::new(client(&fake), store.clone(), config.clone());
    assert!(syncer.pass().await.expect("pass").is_complete());
    let healthy_until = Utc::now();

    // B goes down: not walked, A goes on.
    fake.disconnect_account(&b);
    let report = syncer.pass().await.expect("pass");
    match outcome(&report, &b) {
        AccountOutcome::Unhealthy { status } => assert_eq!(status, "CREDENTIALS"),
        other => panic!("expected B unhealthy, got {other:?}"),
    }
    assert!(matches!(outcome(&report, &a), AccountOutcome::Complete));

    // B comes back; a new message is synced at once, which moves B's newest on.
    fake.reconnect_account(&b);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let newest = fake
        .add_message(&chat_b, MessageSeed::text("back"))
        .expect("message");
    let report = syncer.pass().await.expect("pass");
    let b_report = report
        .accounts
        .iter()
        .find(|r| r.account_id == b)
        .expect("B");
    assert!(
        matches!(b_report.kind, Some(PassKind::Backfill { .. })),
        "{b_report:?}"
    );
    assert!(matches!(b_report.outcome, AccountOutcome::Complete));
    assert!(
        missing(&store, std::slice::from_ref(&newest))
            .await
            .is_empty()
    );

    // Then the backlog of the outage shows up, with its older timestamps: before B's
    // regular window, inside its backfill window.
    let backlog_at = healthy_until + TimeDelta::milliseconds(1);
    let backlog: Vec<_> = (0..3)
        .map(|i| {
            fake.add_message_at(&chat_b, MessageSeed::text(format!("late {i}")), backlog_at)
                .expect("message")
        })
        .collect();
    let checkpoint = stored_checkpoint(&store, &b).await.expect("checkpoint");
    let regular = checkpoint.window(overlap).after.expect("a regular window");
    assert!(
        regular > backlog_at,
        "a regular pass would miss the backlog"
    );
    let report = syncer.pass().await.expect("pass");
    assert!(report.is_complete(), "{report:?}");
    assert!(
        missing(&store, &backlog).await.is_empty(),
        "the late backlog is stored"
    );
    let health = store
        .account_health(&b)
        .await
        .expect("read")
        .expect("health");
    assert!(
        health.needs_backfill_since.is_some(),
        "backfills go on for a while"
    );

    // Once B has been back long enough, a completed backfill clears the marker.
    let later = Arc::new(|| Utc::now() + TimeDelta::hours(2));
    let syncer = Syncer::new(client(&fake), store.clone(), config).with_clock(later);
    assert!(syncer.pass().await.expect("pass").is_complete());
    let health = store
        .account_health(&b)
        .await
        .expect("read")
        .expect("health");
    assert_eq!(health.needs_backfill_since, None);
    assert!(missing(&store, &truth(&fake)).await.is_empty());
}

pub async fn two_syncers_never_work_one_account_at_the_same_time(fixture: &Fixture) {
    let fake = FakeUnipile::new();
    let accounts: Vec<_> = (0..3)
        .map(|i| account_with_chat(&fake, &format!("Account {i}"), 30).0)
        .collect();
    // Each page takes a while, so the two workers' passes overlap in time.
    fake.inject(
        Fault::slow(Duration::from_millis(20))
            .on(Method::Get, "/messages")
            .times(1_000),
    );
    let one = Syncer::new(client(&fake), fixture.open().await, settings("worker-1"));
    let two = Syncer::new(client(&fake), fixture.open().await, settings("worker-2"));
    let (first, second) = tokio::join!(one.pass(), two.pass());
    let (first, second) = (first.expect("pass"), second.expect("pass"));
    let worked: Vec<_> = first
        .accounts
        .iter()
        .chain(&second.accounts)
        .filter(|r| matches!(r.outcome, AccountOutcome::Complete))
        .collect();
    for account in &accounts {
        let turns: Vec<_> = worked.iter().filter(|r| &r.account_id == account).collect();
        assert!(!turns.is_empty(), "{account} was worked");
        for (i, x) in turns.iter().enumerate() {
            for y in &turns[i + 1..] {
                assert!(
                    x.finished_at <= y.started_at || y.finished_at <= x.started_at,
                    "{account} worked by two at once: {x:?} and {y:?}"
                );
            }
        }
    }
    let others = first
        .accounts
        .iter()
        .chain(&second.accounts)
        .filter(|r| {
            !matches!(
                r.outcome,
                AccountOutcome::Complete | AccountOutcome::HeldElsewhere
            )
        })
        .count();
    assert_eq!(others, 0, "{first:?} {second:?}");
    let store = fixture.open().await;
    assert!(missing(&store, &truth(&fake)).await.is_empty());
    assert_eq!(
        store.message_count().await.expect("count"),
        truth(&fake).len() as u64
    );
}

/// Settings whose window reaches none of the messages (it starts tomorrow): a pass then
/// only completes partial messages, `partials_per_pass` of them.
fn completion_only(partials_per_pass: u32) -> SyncSettings {
    let mut config = settings("w1");
    config.since = Some(Utc::now() + TimeDelta::days(1));
    config.partials_per_pass = partials_per_pass;
    config
}

/// Whether the stored row of `id` is partial or full.
async fn completeness(store: &Arc<dyn Store>, id: &MessageId) -> Completeness {
    store
        .message(id)
        .await
        .expect("read")
        .expect("row")
        .completeness
}

pub async fn partial_messages_from_webhooks_are_completed(fixture: &Fixture) {
    let fake = FakeUnipile::new();
    let (account, chat) = account_with_chat(&fake, "Kim", 3);
    let id = fake
        .add_message(&chat, MessageSeed::text("hello"))
        .expect("message");
    let store = fixture.open().await;
    store_received_webhook(&store, &account, &chat, &id).await;
    assert_eq!(completeness(&store, &id).await, Completeness::Partial);
    // A window that reaches none of the messages: only the completion fetches it.
    let default_partials = SyncSettings::default().partials_per_pass;
    let syncer = Syncer::new(
        client(&fake),
        store.clone(),
        completion_only(default_partials),
    );
    let report = syncer.pass().await.expect("pass");
    assert!(report.is_complete(), "{report:?}");
    assert_eq!(report.totals().completed_partials, 1);
    assert_eq!(report.totals().new, 0);
    let row = store.message(&id).await.expect("read").expect("row");
    assert_eq!(row.completeness, Completeness::Full);
    let _: DateTime<Utc> = row.message.timestamp;
}

/// Stores the `message_received` webhook of message `id`: a partial row.
async fn store_received_webhook(
    store: &Arc<dyn Store>,
    account: &AccountId,
    chat: &ChatId,
    id: &MessageId,
) {
    let body = serde_json::json!({
        "account_id": account.as_str(),
        "account_type": "WHATSAPP",
        "event": "message_received",
        "chat_id": chat.as_str(),
        "message_id": id.as_str(),
        "timestamp": "2025-06-02T09:30:00.000Z",
        "message": "hello",
    });
    let event = match unipile_core::webhook::parse(body.to_string().as_bytes()).expect("parses") {
        unipile_core::WebhookEvent::MessageReceived(event) => event,
        other => panic!("unexpected {other:?}"),
    };
    store.apply_message_event(&event).await.expect("stored");
}

/// Each account completes its own partial messages, however many other accounts have
/// waiting before them.
pub async fn an_accounts_partials_are_completed_whatever_other_accounts_wait(fixture: &Fixture) {
    let fake = FakeUnipile::new();
    let (busy, busy_chat) = account_with_chat(&fake, "Kim", 0);
    let (quiet, quiet_chat) = account_with_chat(&fake, "Lou", 0);
    let store = fixture.open().await;
    // The busy account's partials are stored first: they head the list of every partial.
    for i in 0..3 {
        let id = fake
            .add_message(&busy_chat, MessageSeed::text(format!("busy {i}")))
            .expect("message");
        store_received_webhook(&store, &busy, &busy_chat, &id).await;
    }
    let id = fake
        .add_message(&quiet_chat, MessageSeed::text("quiet"))
        .expect("message");
    store_received_webhook(&store, &quiet, &quiet_chat, &id).await;

    let mut config = completion_only(2);
    config.accounts = Some(vec![quiet.clone()]);
    let syncer = Syncer::new(client(&fake), store.clone(), config);
    let report = syncer.pass().await.expect("pass");
    assert!(report.is_complete(), "{report:?}");
    assert_eq!(report.totals().completed_partials, 1);
    assert_eq!(completeness(&store, &id).await, Completeness::Full);
}

/// Partial messages the API no longer knows (deleted since their webhook) do not keep
/// the newer ones from being completed, however many of them head the list.
pub async fn partials_the_api_no_longer_knows_do_not_hold_back_the_others(fixture: &Fixture) {
    let fake = FakeUnipile::new();
    let (account, chat) = account_with_chat(&fake, "Kim", 0);
    let store = fixture.open().await;
    // Stored first, so they head the list: three webhooks for messages the fake never had.
    let gone: Vec<MessageId> = (0..3)
        .map(|i| MessageId::new(format!("gone-{i}")))
        .collect();
    for id in &gone {
        store_received_webhook(&store, &account, &chat, id).await;
    }
    let id = fake
        .add_message(&chat, MessageSeed::text("still there"))
        .expect("message");
    store_received_webhook(&store, &account, &chat, &id).await;

    let syncer = Syncer::new(client(&fake), store.clone(), completion_only(2));
    let mut passes = 0;
    while completeness(&store, &id).await == Completeness::Partial {
        passes += 1;
        assert!(
            passes <= 2,
            "still partial after 2 passes of 2 partials each"
        );
        let report = syncer.pass().await.expect("pass");
        assert!(report.is_complete(), "{report:?}");
    }
    // The messages the API no longer knows stay, partial: nothing is lost.
    for id in &gone {
        assert_eq!(completeness(&store, id).await, Completeness::Partial);
    }
}
