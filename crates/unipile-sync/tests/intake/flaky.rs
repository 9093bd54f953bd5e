//! A store that fails some of its writes on purpose, to check that the intake answers
//! 503 for each failure and that the retry is stored exactly once.

use crate::hooked_store::{Hook, HookedStore, Write};
use async_trait::async_trait;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use unipile_sync::{Store, StoreError};

/// Every `every`-th event or dead-letter write fails: the odd failures before writing,
/// the even ones after the write committed (a connection lost on the way back), which
/// is the harder case: the retry must be absorbed. A dead letter fails before writing.
pub type FlakyStore = HookedStore<Flaky>;

/// The failures of a [`FlakyStore`].
#[derive(Debug)]
pub struct Flaky {
    every: u64,
    writes: AtomicU64,
    failures: AtomicU64,
}

/// `inner`, failing every `every`-th write.
pub fn flaky_store(inner: Arc<dyn Store>, every: u64) -> FlakyStore {
    HookedStore::new(
        inner,
        Flaky {
            every,
            writes: AtomicU64::new(0),
            failures: AtomicU64::new(0),
        },
    )
}

impl Flaky {
    /// How many writes failed on purpose.
    pub fn failures(&self) -> u64 {
        self.failures.load(Ordering::SeqCst)
    }
}

fn injected() -> StoreError {
    StoreError::Database {
        operation: "an injected failure",
        message: "the test store failed on purpose".to_owned(),
    }
}

#[async_trait]
impl Hook for Flaky {
    async fn before(&self, write: Write) -> Result<Option<StoreError>, StoreError> {
        if write == Write::Page {
            return Ok(None);
        }
        let n = self.writes.fetch_add(1, Ordering::SeqCst) + 1;
        if !n.is_multiple_of(self.every) {
            return Ok(None);
        }
        let failure = self.failures.fetch_add(1, Ordering::SeqCst) + 1;
        if write == Write::Event && failure.is_multiple_of(2) {
            Ok(Some(injected()))
        } else {
            Err(injected())
        }
    }
}
