//! A store that fails some of its writes on purpose, to check that the intake answers
//! 503 for each failure and that the retry is stored exactly once.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use unipile_sync::{
    AccountHealth, AccountId, Backend, DeadLetter, EventOutcome, Lease, Message, MessageEvent,
    MessageId, PartialMessage, Store, StoreError, StoredMessage, UpsertCounts,
};

/// Every `every`-th event write fails: the odd failures before writing, the even ones
/// after the write committed (a connection lost on the way back), which is the harder
/// case: the retry must be absorbed.
#[derive(Debug)]
pub struct FlakyStore {
    inner: Arc<dyn Store>,
    every: u64,
    writes: AtomicU64,
    failures: AtomicU64,
}

impl FlakyStore {
    pub fn new(inner: Arc<dyn Store>, every: u64) -> Self {
        Self {
            inner,
            every,
            writes: AtomicU64::new(0),
            failures: AtomicU64::new(0),
        }
    }

    /// How many writes failed on purpose.
    pub fn failures(&self) -> u64 {
        self.failures.load(Ordering::SeqCst)
    }

    /// `Some(after)` when this write fails, `after` saying whether it fails once written.
    fn fails(&self) -> Option<bool> {
        let n = self.writes.fetch_add(1, Ordering::SeqCst) + 1;
        if n % self.every != 0 {
            return None;
        }
        let failure = self.failures.fetch_add(1, Ordering::SeqCst) + 1;
        Some(failure % 2 == 0)
    }
}

fn injected() -> StoreError {
    StoreError::Database {
        operation: "an injected failure",
        message: "the test store failed on purpose".to_owned(),
    }
}

#[async_trait]
impl Store for FlakyStore {
    fn backend(&self) -> Backend {
        self.inner.backend()
    }
    async fn schema_version(&self) -> Result<u32, StoreError> {
        self.inner.schema_version().await
    }
    async fn upsert_messages(&self, page: &[Message]) -> Result<UpsertCounts, StoreError> {
        self.inner.upsert_messages(page).await
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
        match self.fails() {
            None => self.inner.apply_message_event(event).await,
            Some(false) => Err(injected()),
            Some(true) => {
                self.inner.apply_message_event(event).await?;
                Err(injected())
            }
        }
    }
    async fn message(&self, id: &MessageId) -> Result<Option<StoredMessage>, StoreError> {
        self.inner.message(id).await
    }
    async fn message_count(&self) -> Result<u64, StoreError> {
        self.inner.message_count().await
    }
    async fn partial_messages(&self, limit: u32) -> Result<Vec<PartialMessage>, StoreError> {
        self.inner.partial_messages(limit).await
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
        match self.fails() {
            None => self.inner.add_dead_letter(body, reason, received_at).await,
            Some(_) => Err(injected()),
        }
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
