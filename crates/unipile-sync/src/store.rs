//! The [`Store`] trait and the values it reads and writes.

use crate::error::StoreError;
use crate::{AccountId, Message, MessageEvent, MessageId};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use std::fmt;
use std::time::Duration;

/// The checkpoint scope of a sync of every account at once.
pub const ALL_ACCOUNTS: &str = "*";

/// Which database a [`Store`] writes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[non_exhaustive]
pub enum Backend {
    /// One SQLite file, embedded.
    Sqlite,
    /// A PostgreSQL server, shared by any number of processes.
    Postgres,
}

/// What storing a page of messages did.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct UpsertCounts {
    /// Messages stored for the first time.
    pub inserted: u64,
    /// Stored messages that changed (or a partial row that became full).
    pub updated: u64,
    /// Messages already stored exactly as they are.
    pub unchanged: u64,
}

impl std::ops::AddAssign for UpsertCounts {
    fn add_assign(&mut self, other: Self) {
        self.inserted += other.inserted;
        self.updated += other.updated;
        self.unchanged += other.unchanged;
    }
}

/// What applying one webhook event did to its message's row.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[non_exhaustive]
pub enum EventOutcome {
    /// The message was unknown: a partial row now holds what the event carries.
    Inserted,
    /// The row changed.
    Updated,
    /// Nothing changed: a duplicate, an older state delivered late, or a
    /// `message_received` for a message already stored in full.
    Unchanged,
}

/// Where a stored message came from, which says how complete it is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[non_exhaustive]
pub enum Completeness {
    /// The whole message, from `GET /messages` (the `source` column says `sync`).
    Full,
    /// Built from webhook events only, which carry fewer fields (`source` = `webhook`).
    /// A later full message replaces it; [`Store::partial_messages`] lists them.
    Partial,
}

/// A message as the store holds it.
#[derive(Clone, PartialEq, Debug)]
#[non_exhaustive]
pub struct StoredMessage {
    /// The message (its stored JSON).
    pub message: Message,
    /// Full or partial.
    pub completeness: Completeness,
    /// The webhook event time of the stored text, when a webhook set it.
    pub text_at: Option<DateTime<Utc>>,
}

/// A message stored only partially, to complete with `GET /messages/{id}`.
#[derive(Clone, PartialEq, Eq, Debug)]
#[non_exhaustive]
pub struct PartialMessage {
    /// The account it belongs to.
    pub account_id: AccountId,
    /// Its id.
    pub message_id: MessageId,
}

/// What the store knows of an account's connection.
#[derive(Clone, PartialEq, Eq, Debug)]
#[non_exhaustive]
pub struct AccountHealth {
    /// The account.
    pub account_id: AccountId,
    /// The last status reported (as Unipile names it: `OK`, `CREDENTIALS`, …).
    pub status: String,
    /// When that status was reported.
    pub status_at: DateTime<Utc>,
    /// Whether that status means the account works.
    pub healthy: bool,
    /// The last moment the account was known healthy.
    pub last_healthy_at: Option<DateTime<Utc>>,
    /// Set when the account came back after an outage: a pass should walk from here
    /// (minus its overlap) to store the late backlog. Cleared by
    /// [`Store::complete_backfill`].
    pub needs_backfill_since: Option<DateTime<Utc>>,
    /// When that marker was last set.
    pub backfill_marked_at: Option<DateTime<Utc>>,
}

/// A webhook body that carried the right secret but could not be understood.
#[derive(Clone, PartialEq, Eq, Debug)]
#[non_exhaustive]
pub struct DeadLetter {
    /// Its id in the store.
    pub id: i64,
    /// When the body was received.
    pub received_at: DateTime<Utc>,
    /// Why it was not understood.
    pub reason: String,
    /// The body, byte for byte.
    pub body: Vec<u8>,
    /// When it was replayed, if it was.
    pub replayed_at: Option<DateTime<Utc>>,
}

/// A worker's exclusive hold on an account, until `expires_at` unless renewed.
#[derive(Clone, PartialEq, Eq, Debug)]
#[non_exhaustive]
pub struct Lease {
    /// The account held.
    pub account_id: AccountId,
    /// The worker holding it.
    pub worker_id: String,
    /// Grows by one each time the lease changes hands (or is taken again after it
    /// lapsed): compare it to tell a takeover from a renewal.
    pub token: i64,
    /// When it lapses unless renewed (the database's clock on PostgreSQL).
    pub expires_at: DateTime<Utc>,
}

/// The durable store of a message sync.
///
/// Every method returns once its writes are committed: a caller may acknowledge what it
/// stored (answer a webhook 200, move on to the next page) as soon as it returns.
/// Every write is idempotent, so a retry after an error or a crash is always safe.
/// Both backends give the same results; the shared test suite checks it.
#[async_trait]
pub trait Store: Send + Sync + fmt::Debug {
    /// Which database this is.
    fn backend(&self) -> Backend;

    /// The schema version the migrations brought the database to.
    async fn schema_version(&self) -> Result<u32, StoreError>;

    /// Stores a page of full messages from `GET /messages` in one transaction.
    ///
    /// Its commit survives a crash of the process. On SQLite, a crash of the machine (a
    /// power loss) may still undo it until the next commit of any other method: those
    /// are flushed to the disk, and each carries every commit before it. Pages are
    /// written that way because nobody is told of them: the [`Syncer`](crate::Syncer)
    /// saves its checkpoint only after its last page, so a page lost before is fetched
    /// again by the next pass.
    async fn upsert_messages(&self, page: &[Message]) -> Result<UpsertCounts, StoreError>;

    /// Stores a page and the checkpoint of `scope` that covers it, in one transaction:
    /// both land or neither.
    async fn upsert_page_with_checkpoint(
        &self,
        page: &[Message],
        scope: &str,
        checkpoint: &serde_json::Value,
    ) -> Result<UpsertCounts, StoreError>;

    /// Applies a message webhook event to its message's row, idempotently and in any
    /// order (see [`EventOutcome`]).
    async fn apply_message_event(&self, event: &MessageEvent) -> Result<EventOutcome, StoreError>;

    /// The stored message with this id.
    async fn message(&self, id: &MessageId) -> Result<Option<StoredMessage>, StoreError>;

    /// How many messages are stored.
    async fn message_count(&self) -> Result<u64, StoreError>;

    /// Up to `limit` messages stored only partially, of `account` only, or of every
    /// account with `None`: those the API was asked for the fewest times without finding
    /// them first (see [`Store::partial_not_found`]), then the oldest stored first.
    async fn partial_messages(
        &self,
        account: Option<&AccountId>,
        limit: u32,
    ) -> Result<Vec<PartialMessage>, StoreError>;

    /// Records that the API answered `404` for the partial message `id`: it stays
    /// partial, and [`Store::partial_messages`] lists it after the partial messages that
    /// missed fewer times, so that messages the API no longer knows do not keep their
    /// place at the head of the list, ahead of newer ones it could complete. Does nothing
    /// to a full row or an unknown id.
    async fn partial_not_found(&self, id: &MessageId) -> Result<(), StoreError>;

    /// The checkpoint of `scope` (an account id, or [`ALL_ACCOUNTS`]), as saved.
    async fn checkpoint(&self, scope: &str) -> Result<Option<serde_json::Value>, StoreError>;

    /// Saves the checkpoint of `scope`, replacing the previous one.
    async fn save_checkpoint(
        &self,
        scope: &str,
        checkpoint: &serde_json::Value,
    ) -> Result<(), StoreError>;

    /// Records an account's status reported at `at`; `healthy` says whether it means
    /// the account works. A report older than the stored one is ignored. Returns the
    /// health as it now stands.
    async fn record_account_status(
        &self,
        account: &AccountId,
        status: &str,
        healthy: bool,
        at: DateTime<Utc>,
    ) -> Result<AccountHealth, StoreError>;

    /// The stored health of an account.
    async fn account_health(
        &self,
        account: &AccountId,
    ) -> Result<Option<AccountHealth>, StoreError>;

    /// The stored health of every account, by account id: the accounts whose
    /// `needs_backfill_since` is set are those a pass should backfill.
    async fn accounts_health(&self) -> Result<Vec<AccountHealth>, StoreError>;

    /// Clears the account's backfill marker after a backfill pass that began at
    /// `pass_started_at` completed; a marker set after that moment is kept. Returns
    /// whether a marker was cleared.
    async fn complete_backfill(
        &self,
        account: &AccountId,
        pass_started_at: DateTime<Utc>,
    ) -> Result<bool, StoreError>;

    /// Keeps a webhook body that could not be understood; returns its id.
    async fn add_dead_letter(
        &self,
        body: &[u8],
        reason: &str,
        received_at: DateTime<Utc>,
    ) -> Result<i64, StoreError>;

    /// Up to `limit` dead letters not replayed yet, oldest first.
    async fn dead_letters(&self, limit: u32) -> Result<Vec<DeadLetter>, StoreError>;

    /// Marks a dead letter replayed at `at`; `false` if there is no such letter.
    async fn mark_dead_letter_replayed(
        &self,
        id: i64,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError>;

    /// Replaces the reason of a dead letter not replayed yet (a replay that failed
    /// again says why now); `false` if there is no such letter waiting.
    async fn set_dead_letter_reason(&self, id: i64, reason: &str) -> Result<bool, StoreError>;

    /// Deletes a dead letter; `false` if there is no such letter.
    async fn delete_dead_letter(&self, id: i64) -> Result<bool, StoreError>;

    /// Takes the lease of `account` for `worker` for `ttl`, if no other worker holds an
    /// unexpired one (a worker that already holds it gets it extended). `None` when
    /// another worker holds it. At most one worker holds a lease at any moment.
    async fn try_acquire_lease(
        &self,
        account: &AccountId,
        worker: &str,
        ttl: Duration,
    ) -> Result<Option<Lease>, StoreError>;

    /// Extends `worker`'s unexpired lease of `account` to `ttl` from now; `None` when
    /// the worker no longer holds it (it lapsed, or another worker took it over).
    async fn renew_lease(
        &self,
        account: &AccountId,
        worker: &str,
        ttl: Duration,
    ) -> Result<Option<Lease>, StoreError>;

    /// Gives up `worker`'s lease of `account`; `false` if it did not hold it.
    async fn release_lease(&self, account: &AccountId, worker: &str) -> Result<bool, StoreError>;

    /// The unexpired lease of `account`, whoever holds it.
    async fn lease(&self, account: &AccountId) -> Result<Option<Lease>, StoreError>;
}
