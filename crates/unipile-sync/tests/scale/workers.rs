//! Three sync workers on one database: each account worked by one of them at a time, a
//! dead worker's accounts taken over once its leases lapse, and everything they know kept
//! in the database.

use crate::fixture::Fixture;
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::watch;
use unipile_core::client::retry::RetryPolicy;
use unipile_core::transport::Method;
use unipile_core::{AccountId, Client, MessageId, Provider};
use unipile_mock::{AccountSeed, ChatSeed, FakeUnipile, Fault};
use unipile_sync::{AccountOutcome, AccountReport, Store, SyncSettings, Syncer};

const ACCOUNTS: usize = 9;
const HISTORY: usize = 40;
/// Short, so that a dead worker's leases lapse within the test.
const LEASE_TTL: Duration = Duration::from_secs(2);
/// The bound on any wait in these cases.
const DEADLINE: Duration = Duration::from_secs(60);

/// One account's turn in a worker's pass.
#[derive(Clone, Debug)]
struct Turn {
    worker: String,
    account: AccountId,
    outcome: String,
    complete: bool,
    held_elsewhere: bool,
    started_at: DateTime<Utc>,
    finished_at: DateTime<Utc>,
}

impl Turn {
    fn new(worker: &str, report: &AccountReport) -> Self {
        Turn {
            worker: worker.to_owned(),
            account: report.account_id.clone(),
            outcome: format!("{:?}", report.outcome),
            complete: matches!(report.outcome, AccountOutcome::Complete),
            held_elsewhere: matches!(report.outcome, AccountOutcome::HeldElsewhere),
            started_at: report.started_at,
            finished_at: report.finished_at,
        }
    }
}

/// Who worked which account, when: every turn of every worker's passes.
type Journal = Arc<Mutex<Vec<Turn>>>;

fn seeded_fake() -> (FakeUnipile, Vec<AccountId>) {
    let fake = FakeUnipile::new();
    let accounts = (0..ACCOUNTS)
        .map(|i| {
            let account = fake.add_account(AccountSeed::new(Provider::Whatsapp, format!("A{i}")));
            fake.add_chat(ChatSeed::direct(account.clone(), "Bastien").history(HISTORY))
                .expect("chat");
            account
        })
        .collect();
    // Each page takes a while, so that the workers' walks overlap in time.
    fake.inject(
        Fault::slow(Duration::from_millis(15))
            .on(Method::Get, "/messages")
            .times(100_000),
    );
    (fake, accounts)
}

fn truth(fake: &FakeUnipile) -> Vec<MessageId> {
    fake.chat_ids()
        .iter()
        .flat_map(|chat| fake.chat_message_ids(chat))
        .collect()
}

fn worker(fake: &FakeUnipile, store: Arc<dyn Store>, name: &str) -> Syncer {
    let client = Client::builder(fake.clone(), fake.api_key())
        .retry_policy(RetryPolicy::never())
        .build();
    let mut settings = SyncSettings::default();
    settings.page_size = 10;
    settings.lease_ttl = LEASE_TTL;
    settings.worker_id = name.to_owned();
    Syncer::new(client, store, settings)
}

/// Starts `name` looping passes on its own store handle until `stop` turns true,
/// journaling every report.
async fn start(
    fixture: &Fixture,
    fake: &FakeUnipile,
    name: &str,
    journal: &Journal,
    stop: &watch::Receiver<bool>,
) -> tokio::task::JoinHandle<()> {
    let syncer = worker(fake, fixture.open().await, name);
    let (name, journal, mut stop) = (name.to_owned(), Arc::clone(journal), stop.clone());
    tokio::spawn(async move {
        let shutdown = async move {
            let _ = stop.wait_for(|stop| *stop).await;
        };
        syncer
            .run(Duration::from_millis(20), shutdown, |pass| {
                let pass = pass.expect("the accounts are listed");
                let mut journal = journal.lock().expect("journal");
                journal.extend(pass.accounts.iter().map(|r| Turn::new(&name, r)));
            })
            .await;
    })
}

/// Whether every account has a complete walk in the journal that started at or after
/// `since`, and every message is stored.
async fn all_done_since(
    journal: &Journal,
    accounts: &[AccountId],
    since: DateTime<Utc>,
    store: &Arc<dyn Store>,
    total: u64,
) -> bool {
    let complete = {
        let journal = journal.lock().expect("journal");
        accounts.iter().all(|account| {
            journal
                .iter()
                .any(|t| &t.account == account && t.complete && t.started_at >= since)
        })
    };
    complete && store.message_count().await.expect("count") == total
}

/// The complete walks, per account; panics on any walk that failed or lost its lease
/// (nothing here should).
fn held_walks(journal: &Journal) -> BTreeMap<AccountId, Vec<Turn>> {
    let journal = journal.lock().expect("journal");
    let mut walks: BTreeMap<AccountId, Vec<Turn>> = BTreeMap::new();
    for turn in journal.iter() {
        assert!(
            turn.complete || turn.held_elsewhere,
            "{} ended a walk of {} with {}",
            turn.worker,
            turn.account,
            turn.outcome
        );
        if turn.complete {
            walks
                .entry(turn.account.clone())
                .or_default()
                .push(turn.clone());
        }
    }
    walks
}

/// Asserts that no two walks of one account overlap in time.
fn assert_one_at_a_time(walks: &BTreeMap<AccountId, Vec<Turn>>) {
    for (account, walks) in walks {
        for (i, x) in walks.iter().enumerate() {
            for y in &walks[i + 1..] {
                assert!(
                    x.finished_at <= y.started_at || y.finished_at <= x.started_at,
                    "{account} worked by two at once: {x:?} and {y:?}"
                );
            }
        }
    }
}

/// A worker started after the others stopped finds everything they did in the
/// database: its pass stores nothing new and changes nothing.
async fn assert_state_is_in_the_database(fixture: &Fixture, fake: &FakeUnipile) {
    let late = worker(fake, fixture.open().await, "late-worker");
    let report = late.pass().await.expect("pass");
    assert!(report.is_complete(), "{report:?}");
    assert_eq!(report.accounts.len(), ACCOUNTS);
    assert_eq!(report.totals().new, 0, "{report:?}");
    assert_eq!(report.totals().updated, 0, "{report:?}");
    let store = late.store();
    assert_eq!(
        store.message_count().await.expect("count"),
        truth(fake).len() as u64
    );
    for id in truth(fake) {
        assert!(store.message(&id).await.expect("read").is_some(), "{id}");
    }
}

pub async fn three_workers_share_the_accounts_one_at_a_time(fixture: &Fixture) {
    let (fake, accounts) = seeded_fake();
    let store = fixture.open().await;
    let total = truth(&fake).len() as u64;
    let journal = Journal::default();
    let (stop, stopped) = watch::channel(false);
    let began = Utc::now();
    let mut tasks = Vec::new();
    for name in ["worker-1", "worker-2", "worker-3"] {
        tasks.push(start(fixture, &fake, name, &journal, &stopped).await);
    }
    let done = async {
        while !all_done_since(&journal, &accounts, began, &store, total).await {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    };
    tokio::time::timeout(DEADLINE, done)
        .await
        .expect("the workers finish");
    stop.send_replace(true);
    for task in tasks {
        task.await.expect("worker task");
    }

    let walks = held_walks(&journal);
    assert_one_at_a_time(&walks);
    // The accounts were shared: more than one worker walked some of them.
    let workers: std::collections::BTreeSet<_> =
        walks.values().flatten().map(|t| t.worker.clone()).collect();
    assert!(workers.len() > 1, "one worker did everything: {workers:?}");
    for account in &accounts {
        assert!(
            store.lease(account).await.expect("read").is_none(),
            "released"
        );
    }
    assert_state_is_in_the_database(fixture, &fake).await;
}

pub async fn a_dead_workers_accounts_are_taken_over_after_the_ttl(fixture: &Fixture) {
    let (fake, accounts) = seeded_fake();
    let store = fixture.open().await;
    let total = truth(&fake).len() as u64;
    let journal = Journal::default();
    let (stop, stopped) = watch::channel(false);
    let mut survivors = Vec::new();
    for name in ["worker-1", "worker-2"] {
        survivors.push(start(fixture, &fake, name, &journal, &stopped).await);
    }
    let doomed = start(fixture, &fake, "doomed", &journal, &stopped).await;

    // Kill the doomed worker while it holds an account, midway through its walk.
    let held = async {
        loop {
            for account in &accounts {
                let lease = store.lease(account).await.expect("read");
                if lease.is_some_and(|l| l.worker_id == "doomed") {
                    return account.clone();
                }
            }
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
    };
    let orphan = tokio::time::timeout(DEADLINE, held)
        .await
        .expect("the doomed worker takes an account");
    doomed.abort();
    assert!(doomed.await.is_err_and(|e| e.is_cancelled()));
    let killed_at = Utc::now();
    // A statement the worker sent before it died may still land: read the lease after.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let lease = store
        .lease(&orphan)
        .await
        .expect("read")
        .expect("the dead worker's lease is still there: nobody released it");
    assert_eq!(lease.worker_id, "doomed");
    let lapses_at = lease.expires_at;

    let done = async {
        while !all_done_since(&journal, &accounts, killed_at, &store, total).await {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    };
    tokio::time::timeout(DEADLINE, done)
        .await
        .expect("the survivors finish every account, the orphan included");
    stop.send_replace(true);
    for task in survivors {
        task.await.expect("worker task");
    }

    let walks = held_walks(&journal);
    assert_one_at_a_time(&walks);
    // Nobody walked the orphan between the moment the doomed worker was seen holding it
    // and the moment its lease lapsed.
    let orphan_walks = walks.get(&orphan).expect("the orphan was walked");
    for walk in orphan_walks {
        assert!(
            walk.finished_at <= killed_at || walk.started_at >= lapses_at,
            "{walk:?} while the dead worker's lease ran to {lapses_at}"
        );
    }
    assert!(
        orphan_walks.iter().any(|w| w.started_at >= lapses_at),
        "the orphan was taken over after its lease lapsed"
    );
    for account in &accounts {
        assert!(
            store.lease(account).await.expect("read").is_none(),
            "released"
        );
    }
    assert_state_is_in_the_database(fixture, &fake).await;
}
