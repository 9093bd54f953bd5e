//! The sync engine: [`Syncer`] copies `GET /messages` into a [`Store`], account by
//! account, losing nothing and storing nothing twice.
//!
//! One [`Syncer::pass`]:
//!
//! 1. Lists the accounts (`GET /accounts`) and records each one's status in the store's
//!    account health. An account whose status turns healthy after an error or a
//!    credentials problem has *come back*: the store marks it for a backfill from the
//!    last moment it was known healthy.
//! 2. For each healthy account whose lease it gets ([`Store::try_acquire_lease`]; renewed
//!    while it works, released after), walks that account's window with core's
//!    [`unipile_core::sync`]: one checkpoint per account; a backfill window for an
//!    account that came back, a deep window when a [`DeepPass`] is due, the regular
//!    window otherwise. Each page is stored as it arrives, while the next one is
//!    fetched (two pages in memory); the checkpoint is saved, and its window moves,
//!    only after a `null` cursor. Any other stop (a repeated cursor, too many empty
//!    pages, an error, a lost lease) leaves it where it was, and the report says why.
//! 3. Completes the account's messages known only from webhooks
//!    (`GET /messages/{id}`).
//!
//! One account's trouble never stops the others: the [`PassReport`] says, per account,
//! what was stored and how the walk ended. Several syncers (processes, machines) may
//! share one PostgreSQL store: the leases give each account to one of them at a time.
//! A pass killed at any point loses nothing: what was stored is stored, the checkpoint
//! is the one from before the pass, and the next pass walks the same window again.

mod account;
mod report;

pub use report::{
    AccountCounts, AccountError, AccountOutcome, AccountReport, PassReport, SyncError,
};
pub use unipile_core::sync::DeepPass;

use crate::Store;
use chrono::{DateTime, Utc};
use std::fmt;
use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use unipile_core::client::paginator::DEFAULT_MAX_EMPTY_PAGES;
use unipile_core::model::account::Account;
use unipile_core::request::{ListAccounts, Paged};
use unipile_core::{AccountId, Client};

/// How a [`Syncer`] works. [`SyncSettings::default`] is a sensible start.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct SyncSettings {
    /// How far before an account's newest synced message each pass looks again (and
    /// before its last healthy moment, for a backfill). Default: 10 minutes.
    pub overlap: Duration,
    /// Messages per page, 1 to 250. Default: 100.
    pub page_size: u32,
    /// Empty pages in a row that still carry a cursor to follow before the walk stops as
    /// incomplete. Default: 3.
    pub max_empty_pages: u32,
    /// A periodic deep pass, per account. Default: none.
    pub deep_pass: Option<DeepPass>,
    /// How long after an account came back its passes stay backfills: its late backlog
    /// keeps arriving for a while after the reconnection, so the marker is cleared only
    /// by a backfill that completes at least this long after the account came back.
    /// Default: 1 hour.
    pub backfill_for: Duration,
    /// How long a lease lasts unless renewed; a worker that dies loses its accounts to
    /// the others after it. Default: 2 minutes.
    pub lease_ttl: Duration,
    /// This worker's name in the leases. Default: `<host name>-<pid>-<random>`.
    pub worker_id: String,
    /// On an account's very first pass, only messages after this time. Default: the
    /// whole history.
    pub since: Option<DateTime<Utc>>,
    /// Only these accounts. Default: every account `GET /accounts` lists.
    pub accounts: Option<Vec<AccountId>>,
    /// At most this many partial messages completed per account and pass. Default: 100.
    pub partials_per_pass: u32,
}

impl Default for SyncSettings {
    fn default() -> Self {
        Self {
            overlap: Duration::from_secs(600),
            page_size: 100,
            max_empty_pages: DEFAULT_MAX_EMPTY_PAGES,
            deep_pass: None,
            backfill_for: Duration::from_secs(3600),
            lease_ttl: Duration::from_secs(120),
            worker_id: default_worker_id(),
            since: None,
            accounts: None,
            partials_per_pass: 100,
        }
    }
}

/// `<host>-<pid>-<random>`: who holds a lease can be read in the database, and two
/// syncers of one process still differ.
fn default_worker_id() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let host = std::env::var("HOSTNAME")
        .ok()
        .or_else(|| std::fs::read_to_string("/proc/sys/kernel/hostname").ok())
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "sync".to_owned());
    format!("{host}-{}-{nanos:08x}", std::process::id())
}

/// The clock a [`Syncer`] reads; tests inject their own.
pub type Clock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// Copies Unipile's messages into a [`Store`], pass after pass. See the
/// [module docs](self).
///
/// ```no_run
/// # async fn demo(client: unipile_core::Client) -> Result<(), Box<dyn std::error::Error>> {
/// use std::sync::Arc;
/// use unipile_sync::{SyncSettings, Syncer};
///
/// let store = Arc::from(unipile_sync::open("sync.sqlite").await?);
/// let syncer = Syncer::new(client, store, SyncSettings::default());
/// let report = syncer.pass().await?;
/// for account in report.failures() {
///     eprintln!("{}: {}", account.account_id, account.outcome);
/// }
/// # Ok(()) }
/// ```
pub struct Syncer {
    client: Client,
    store: Arc<dyn Store>,
    settings: SyncSettings,
    clock: Clock,
    /// The account whose lease this syncer holds now, if any: [`Syncer::run`] gives it
    /// back when it stops in the middle of a pass, so that another worker need not wait
    /// for the lease to lapse.
    holding: Mutex<Option<AccountId>>,
}

impl fmt::Debug for Syncer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Syncer")
            .field("store", &self.store)
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

impl Syncer {
    /// A syncer reading through `client` and writing `store`, on the system clock.
    pub fn new(client: Client, store: Arc<dyn Store>, settings: SyncSettings) -> Self {
        Self {
            client,
            store,
            settings,
            clock: Arc::new(Utc::now),
            holding: Mutex::new(None),
        }
    }

    /// Reads the time from `clock` instead of the system clock (for tests).
    #[must_use]
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// The settings.
    pub fn settings(&self) -> &SyncSettings {
        &self.settings
    }

    /// The store.
    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }

    pub(crate) fn now(&self) -> DateTime<Utc> {
        (self.clock)()
    }

    /// One pass over every account (see the [module docs](self)). An error is returned
    /// only when the accounts cannot be listed or their statuses recorded; an account's
    /// own failure is in the report.
    pub async fn pass(&self) -> Result<PassReport, SyncError> {
        let started_at = self.now();
        let accounts = self.list_accounts().await?;
        let mut reports = Vec::with_capacity(accounts.len());
        for account in accounts {
            let status = account_status(&account);
            let healthy = account.is_ok();
            let health = self
                .store
                .record_account_status(&account.id, &status, healthy, started_at)
                .await?;
            let report = if health.healthy {
                self.work_account(
                    &account.id,
                    health.needs_backfill_since,
                    health.backfill_marked_at,
                )
                .await
            } else {
                let now = self.now();
                AccountReport {
                    account_id: account.id.clone(),
                    kind: None,
                    outcome: AccountOutcome::Unhealthy { status },
                    counts: AccountCounts::default(),
                    started_at: now,
                    finished_at: now,
                }
            };
            reports.push(report);
        }
        Ok(PassReport {
            started_at,
            accounts: reports,
        })
    }

    /// Runs a pass, then one every `every`, until `shutdown` completes; `on_pass` gets
    /// each pass's result. A pass under way when `shutdown` completes is dropped: what
    /// it stored is kept, its checkpoint stays for the next run, and the lease of the
    /// account it was working is given back, so that another worker takes the account
    /// over at once.
    pub async fn run<S, F>(&self, every: Duration, shutdown: S, mut on_pass: F)
    where
        S: Future<Output = ()>,
        F: FnMut(Result<PassReport, SyncError>),
    {
        tokio::pin!(shutdown);
        loop {
            tokio::select! {
                result = self.pass() => on_pass(result),
                () = &mut shutdown => {
                    self.release_held().await;
                    return;
                }
            }
            tokio::select! {
                () = tokio::time::sleep(every) => {}
                () = &mut shutdown => return,
            }
        }
    }

    /// Gives back the lease of the account a dropped pass was working, if any. A lease
    /// that cannot be given back lapses after its time to live: nothing is lost.
    async fn release_held(&self) {
        let held = self.set_holding(None);
        if let Some(account) = held {
            let _ = self
                .store
                .release_lease(&account, &self.settings.worker_id)
                .await;
        }
    }

    /// Records the account whose lease is held now; returns the one recorded before.
    fn set_holding(&self, account: Option<AccountId>) -> Option<AccountId> {
        let mut holding = self.holding.lock().unwrap_or_else(PoisonError::into_inner);
        std::mem::replace(&mut *holding, account)
    }

    async fn list_accounts(&self) -> Result<Vec<Account>, SyncError> {
        let mut stream = self
            .client
            .accounts()
            .stream(ListAccounts::new().limit(250));
        let mut accounts = Vec::new();
        while let Some(account) = stream.next_item().await {
            let account = account.map_err(SyncError::ListAccounts)?;
            let selected = self
                .settings
                .accounts
                .as_ref()
                .is_none_or(|only| only.contains(&account.id));
            if selected {
                accounts.push(account);
            }
        }
        Ok(accounts)
    }

    /// One account's turn: take its lease, walk, complete partials, give the lease back.
    async fn work_account(
        &self,
        account: &AccountId,
        backfill_since: Option<DateTime<Utc>>,
        backfill_marked_at: Option<DateTime<Utc>>,
    ) -> AccountReport {
        let worker = &self.settings.worker_id;
        let ttl = self.settings.lease_ttl;
        let lease = self.store.try_acquire_lease(account, worker, ttl).await;
        let started_at = self.now();
        let mut report = AccountReport {
            account_id: account.clone(),
            kind: None,
            outcome: AccountOutcome::HeldElsewhere,
            counts: AccountCounts::default(),
            started_at,
            finished_at: started_at,
        };
        match lease {
            Ok(Some(_)) => {
                self.set_holding(Some(account.clone()));
            }
            Ok(None) => return report,
            Err(error) => {
                report.outcome = AccountOutcome::Failed(error.into());
                return report;
            }
        }
        let backfill = backfill_since.map(|since| account::Backfill {
            since,
            marked_at: backfill_marked_at.unwrap_or(started_at),
        });
        account::walk(self, account, backfill, &mut report).await;
        report.finished_at = self.now();
        // A lease not given back lapses after its time to live: nothing is lost.
        let _ = self.store.release_lease(account, worker).await;
        self.set_holding(None);
        report
    }
}

/// The status to record for an account: `OK` when every source is, else the first
/// source's status that is not (or `UNKNOWN` without sources).
fn account_status(account: &Account) -> String {
    account
        .sources
        .iter()
        .map(|s| s.status.as_str())
        .find(|s| *s != "OK")
        .or_else(|| account.sources.first().map(|_| "OK"))
        .unwrap_or("UNKNOWN")
        .to_owned()
}
