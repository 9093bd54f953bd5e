//! The engine writes page N while it fetches page N+1, and a write that fails stops the
//! walk without losing anything.

use crate::cases::{
    account_with_chat, client, missing, outcome, settings, stored_checkpoint, truth,
};
use crate::fixture::Fixture;
use crate::hooked_store::{Hook, HookedStore, Write};
use async_trait::async_trait;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::time::Instant;
use unipile_core::transport::Method;
use unipile_mock::FakeUnipile;
use unipile_sync::{AccountError, AccountOutcome, StoreError, Syncer};

/// How long a held write waits for the next page's request before it gives up.
const PATIENCE: Duration = Duration::from_secs(5);

/// Holds the write of each page until the fake has been asked for the next page (all
/// but the last page), and counts the writes that saw that request come.
#[derive(Debug)]
struct WaitForTheNextFetch {
    fake: FakeUnipile,
    pages: usize,
    written: AtomicUsize,
    overlapped: AtomicUsize,
}

#[async_trait]
impl Hook for WaitForTheNextFetch {
    async fn before(&self, write: Write) -> Result<Option<StoreError>, StoreError> {
        if write != Write::Page {
            return Ok(None);
        }
        let page = self.written.fetch_add(1, Ordering::SeqCst) + 1;
        if page < self.pages {
            let deadline = Instant::now() + PATIENCE;
            while Instant::now() < deadline {
                if self.fake.request_count(Method::Get, "/messages") > page {
                    self.overlapped.fetch_add(1, Ordering::SeqCst);
                    break;
                }
                tokio::time::sleep(Duration::from_millis(2)).await;
            }
        }
        Ok(None)
    }
}

pub async fn the_next_page_is_fetched_while_a_page_is_written(fixture: &Fixture) {
    let fake = FakeUnipile::new();
    let (account, _) = account_with_chat(&fake, "Kim", 45);
    let store = fixture.open().await;
    let hook = WaitForTheNextFetch {
        fake: fake.clone(),
        pages: 5,
        written: AtomicUsize::new(0),
        overlapped: AtomicUsize::new(0),
    };
    let held = Arc::new(HookedStore::new(store.clone(), hook));
    let syncer = Syncer::new(client(&fake), held.clone(), settings("w1"));
    let report = syncer.pass().await.expect("pass");
    assert!(
        matches!(outcome(&report, &account), AccountOutcome::Complete),
        "{report:?}"
    );
    assert_eq!(report.totals().pages, 5);
    assert_eq!(held.hook().written.load(Ordering::SeqCst), 5);
    assert_eq!(
        held.hook().overlapped.load(Ordering::SeqCst),
        4,
        "each page but the last was written while the next one was fetched"
    );
    assert!(missing(&store, &truth(&fake)).await.is_empty());
}

/// Fails the write of the `fail_at`-th page, before it writes anything.
#[derive(Debug)]
struct FailPage {
    fail_at: usize,
    written: AtomicUsize,
}

#[async_trait]
impl Hook for FailPage {
    async fn before(&self, write: Write) -> Result<Option<StoreError>, StoreError> {
        let page = match write {
            Write::Page => self.written.fetch_add(1, Ordering::SeqCst) + 1,
            _ => 0,
        };
        if page == self.fail_at {
            return Err(StoreError::Database {
                operation: "an injected failure",
                message: "the test store failed on purpose".to_owned(),
            });
        }
        Ok(None)
    }
}

pub async fn a_failed_page_write_stops_the_walk_and_the_next_pass_recovers(fixture: &Fixture) {
    let fake = FakeUnipile::new();
    let (account, _) = account_with_chat(&fake, "Kim", 45);
    let store = fixture.open().await;
    let failing = Arc::new(HookedStore::new(
        store.clone(),
        FailPage {
            fail_at: 3,
            written: AtomicUsize::new(0),
        },
    ));
    let syncer = Syncer::new(client(&fake), failing, settings("w1"));
    let report = syncer.pass().await.expect("pass");
    match outcome(&report, &account) {
        AccountOutcome::Failed(AccountError::Store(_)) => {}
        other => panic!("expected a store failure, got {other:?}"),
    }
    assert_eq!(
        report.totals().new,
        20,
        "the two pages before it are stored"
    );
    assert!(
        stored_checkpoint(&store, &account).await.is_none(),
        "no checkpoint: the next pass walks the whole window again"
    );
    assert!(
        store.lease(&account).await.expect("read").is_none(),
        "the lease is given back"
    );

    let healthy = Syncer::new(client(&fake), store.clone(), settings("w1"));
    let report = healthy.pass().await.expect("pass");
    assert!(report.is_complete(), "{report:?}");
    assert_eq!(report.totals().new, 25);
    assert!(missing(&store, &truth(&fake)).await.is_empty());
}
