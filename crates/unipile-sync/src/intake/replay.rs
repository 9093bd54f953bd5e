//! Dead letters replayed: parsed again (this version's parser may know more than the one
//! that kept them) and applied as a fresh call would be.

use super::{Applied, Receipt, apply_body};
use crate::error::StoreError;
use crate::store::{DeadLetter, Store};
use chrono::Utc;

/// What replaying a dead letter did.
#[derive(Debug)]
#[non_exhaustive]
pub enum ReplayOutcome {
    /// It parsed and was applied; the letter is marked replayed.
    Applied(Receipt),
    /// It still is not understood: the letter stays, with this reason.
    StillFailing(String),
}

/// Parses a dead letter again and applies it to `store`. A letter that is understood now
/// is applied (idempotently, like any delivery) and then marked replayed; one that still
/// fails stays waiting, with its new reason. An error leaves the letter as it was.
pub async fn replay_dead_letter(
    store: &dyn Store,
    letter: &DeadLetter,
) -> Result<ReplayOutcome, StoreError> {
    match apply_body(store, &letter.body, letter.received_at).await? {
        Applied::Event(receipt) => {
            store
                .mark_dead_letter_replayed(letter.id, Utc::now())
                .await?;
            Ok(ReplayOutcome::Applied(receipt))
        }
        Applied::NotUnderstood(reason) => {
            store.set_dead_letter_reason(letter.id, &reason).await?;
            Ok(ReplayOutcome::StillFailing(reason))
        }
    }
}
