//! A store that hands three of its writes (pages, webhook events, dead letters) to a
//! [`Hook`] first, which may fail them, before or after the write, or hold them: for
//! the tests of what the intake and the engine do when the store misbehaves.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use std::fmt;
use std::sync::Arc;
use std::time::Duration;
use unipile_sync::{
    AccountHealth, AccountId, Backend, DeadLetter, EventOutcome, Lease, Message, MessageEvent,
    MessageId, PartialMessage, Store, StoreError, StoredMessage, UpsertCounts,
};

/// The writes a [`Hook`] sees.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Write {
    /// `upsert_messages`.
    Page,
    /// `apply_message_event`.
    Event,
    /// `add_dead_letter`.
    DeadLetter,
}

/// What happens to a write, decided before it runs.
#[async_trait]
pub trait Hook: Send + Sync + fmt::Debug + 'static {
    /// `Err`: the write fails without running. `Ok(Some(error))`: it runs, commits, and
    /// then fails with `error` (a connection lost on the way back). `Ok(None)`: it runs.
    async fn before(&self, write: Write) -> Result<Option<StoreError>, StoreError>;
}

/// `inner`, its writes handed to `hook` first.
#[derive(Debug)]
pub struct HookedStore<H> {
    inner: Arc<dyn Store>,
    hook: H,
}

impl<H> HookedStore<H> {
    pub fn new(inner: Arc<dyn Store>, hook: H) -> Self {
        Self { inner, hook }
    }

    pub fn hook(&self) -> &H {
        &self.hook
    }
}

/// A write's result, or the failure the hook asked for once it committed.
fn finish<T>(done: Result<T, StoreError>, then: Option<StoreError>) -> Result<T, StoreError> {
    let done = done?;
    match then {
        Some(failure) => Err(failure),
        None => Ok(done),
    }
}

#[async_trait]
impl<H: Hook> Store for HookedStore<H> {
    fn backend(&self) -> Backend {
        self.inner.backend()
    }
    async fn schema_version(&self) -> Result<u32, StoreError> {
        self.inner.schema_version().await
    }
    async fn upsert_messages(&self, page: &[Message]) -> Result<UpsertCounts, StoreError> {
        let then = self.hook.before(Write::Page).await?;
        finish(self.inner.upsert_messages(page).await, then)
    }
    async fn upsert_page_with_checkpoint(
        &self,
        page: &[Message],
        scope: &str,
        checkpoint: &serde_json::Value,
    ) -> Result<UpsertCounts, StoreError> {
        self.inner
            .upsert_page_with_checkpoint(page, scope, checkpoint)
            .await
    }
    async fn apply_message_event(&self, event: &MessageEvent) -> Result<EventOutcome, StoreError> {
        let then = self.hook.before(Write::Event).await?;
        finish(self.inner.apply_message_event(event).await, then)
    }
    async fn message(&self, id: &MessageId) -> Result<Option<StoredMessage>, StoreError> {
        self.inner.message(id).await
    }
    async fn message_count(&self) -> Result<u64, StoreError> {
        self.inner.message_count().await
    }
    async fn partial_messages(
        &self,
        account: Option<&AccountId>,
        limit: u32,
    ) -> Result<Vec<PartialMessage>, StoreError> {
        self.inner.partial_messages(account, limit).await
    }
    async fn partial_not_found(&self, id: &MessageId) -> Result<(), StoreError> {
        self.inner.partial_not_found(id).await
    }
    async fn checkpoint(&self, scope: &str) -> Result<Option<serde_json::Value>, StoreError> {
        self.inner.checkpoint(scope).await
    }
    async fn save_checkpoint(
        &self,
        scope: &str,
        checkpoint: &serde_json::Value,
    ) -> Result<(), StoreError> {
        self.inner.save_checkpoint(scope, checkpoint).await
    }
    async fn record_account_status(
        &self,
        account: &AccountId,
        status: &str,
        healthy: bool,
        at: DateTime<Utc>,
    ) -> Result<AccountHealth, StoreError> {
        self.inner
            .record_account_status(account, status, healthy, at)
            .await
    }
    async fn account_health(
        &self,
        account: &AccountId,
    ) -> Result<Option<AccountHealth>, StoreError> {
        self.inner.account_health(account).await
    }
    async fn accounts_health(&self) -> Result<Vec<AccountHealth>, StoreError> {
        self.inner.accounts_health().await
    }
    async fn complete_backfill(
        &self,
        account: &AccountId,
        pass_started_at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        self.inner.complete_backfill(account, pass_started_at).await
    }
    async fn add_dead_letter(
        &self,
        body: &[u8],
        reason: &str,
        received_at: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        let then = self.hook.before(Write::DeadLetter).await?;
        finish(
            self.inner.add_dead_letter(body, reason, received_at).await,
            then,
        )
    }
    async fn dead_letters(&self, limit: u32) -> Result<Vec<DeadLetter>, StoreError> {
        self.inner.dead_letters(limit).await
    }
    async fn mark_dead_letter_replayed(
        &self,
        id: i64,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        self.inner.mark_dead_letter_replayed(id, at).await
    }
    async fn set_dead_letter_reason(&self, id: i64, reason: &str) -> Result<bool, StoreError> {
        self.inner.set_dead_letter_reason(id, reason).await
    }
    async fn delete_dead_letter(&self, id: i64) -> Result<bool, StoreError> {
        self.inner.delete_dead_letter(id).await
    }
    async fn try_acquire_lease(
        &self,
        account: &AccountId,
        worker: &str,
        ttl: Duration,
    ) -> Result<Option<Lease>, StoreError> {
        self.inner.try_acquire_lease(account, worker, ttl).await
    }
    async fn renew_lease(
        &self,
        account: &AccountId,
        worker: &str,
        ttl: Duration,
    ) -> Result<Option<Lease>, StoreError> {
        self.inner.renew_lease(account, worker, ttl).await
    }
    async fn release_lease(&self, account: &AccountId, worker: &str) -> Result<bool, StoreError> {
        self.inner.release_lease(account, worker).await
    }
    async fn lease(&self, account: &AccountId) -> Result<Option<Lease>, StoreError> {
        self.inner.lease(account).await
    }
}
