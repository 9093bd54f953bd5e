//! What a pass did, account by account.

use crate::StoreError;
use crate::UpsertCounts;
use chrono::{DateTime, Utc};
use std::fmt;
use unipile_core::AccountId;
use unipile_core::model::page::Done;
use unipile_core::sync::PassKind;

/// What one [`Syncer::pass`](super::Syncer::pass) did, per account.
#[derive(Debug)]
#[non_exhaustive]
pub struct PassReport {
    /// When the pass began (the syncer's clock).
    pub started_at: DateTime<Utc>,
    /// One entry per account listed by `GET /accounts` (and selected), in that order.
    pub accounts: Vec<AccountReport>,
}

impl PassReport {
    /// The counts of every account together.
    pub fn totals(&self) -> AccountCounts {
        let mut total = AccountCounts::default();
        for account in &self.accounts {
            total += account.counts;
        }
        total
    }

    /// Whether every account this worker walked completed its walk (accounts skipped
    /// because another worker holds them, or because they are down, do not count).
    pub fn is_complete(&self) -> bool {
        self.accounts.iter().all(|a| !a.outcome.is_failure())
    }

    /// The accounts whose walk did not complete, with why.
    pub fn failures(&self) -> impl Iterator<Item = &AccountReport> {
        self.accounts.iter().filter(|a| a.outcome.is_failure())
    }
}

/// What the pass did for one account.
#[derive(Debug)]
#[non_exhaustive]
pub struct AccountReport {
    /// The account.
    pub account_id: AccountId,
    /// The kind of pass its window was (regular, backfill, deep); `None` when it was not
    /// walked.
    pub kind: Option<PassKind>,
    /// How it ended.
    pub outcome: AccountOutcome,
    /// What was stored.
    pub counts: AccountCounts,
    /// When this worker began working it (after taking its lease).
    pub started_at: DateTime<Utc>,
    /// When this worker stopped working it (before giving its lease back).
    pub finished_at: DateTime<Utc>,
}

/// What was stored for one account (or, summed, for a pass).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct AccountCounts {
    /// Messages stored for the first time.
    pub new: u64,
    /// Stored messages that changed (or a partial row that became full).
    pub updated: u64,
    /// Messages fetched again, already stored as they are.
    pub unchanged: u64,
    /// Pages fetched.
    pub pages: u32,
    /// Messages known only from webhooks, completed with `GET /messages/{id}`.
    pub completed_partials: u64,
}

impl AccountCounts {
    pub(crate) fn add_upsert(&mut self, counts: UpsertCounts) {
        self.new += counts.inserted;
        self.updated += counts.updated;
        self.unchanged += counts.unchanged;
    }
}

impl std::ops::AddAssign for AccountCounts {
    fn add_assign(&mut self, other: Self) {
        self.new += other.new;
        self.updated += other.updated;
        self.unchanged += other.unchanged;
        self.pages += other.pages;
        self.completed_partials += other.completed_partials;
    }
}

/// How one account's turn in a pass ended.
#[derive(Debug)]
#[non_exhaustive]
pub enum AccountOutcome {
    /// The walk reached a `null` cursor: the checkpoint moved.
    Complete,
    /// The walk stopped before a `null` cursor (repeated cursor, too many empty pages):
    /// what was fetched is stored, the checkpoint's window stays where it was.
    Incomplete(Done),
    /// An error stopped the walk (an API or network error on a page, a store error):
    /// what was stored before it is kept, the checkpoint's window stays where it was.
    Failed(AccountError),
    /// The account is not healthy (`GET /accounts` status, for instance `CREDENTIALS`):
    /// not walked; its backfill comes when it is back.
    Unhealthy {
        /// The status reported.
        status: String,
    },
    /// Another worker holds its lease: not walked by this one.
    HeldElsewhere,
    /// This worker lost the lease midway (it lapsed and another took it): it stopped;
    /// the checkpoint's window stays where it was.
    LeaseLost,
}

impl AccountOutcome {
    /// Whether this is a walk that did not complete (incomplete, failed or lease lost).
    pub fn is_failure(&self) -> bool {
        matches!(
            self,
            AccountOutcome::Incomplete(_) | AccountOutcome::Failed(_) | AccountOutcome::LeaseLost
        )
    }

    /// A short, stable name: `complete`, `incomplete`, `failed`, `unhealthy`,
    /// `held_elsewhere` or `lease_lost`.
    pub fn name(&self) -> &'static str {
        match self {
            AccountOutcome::Complete => "complete",
            AccountOutcome::Incomplete(_) => "incomplete",
            AccountOutcome::Failed(_) => "failed",
            AccountOutcome::Unhealthy { .. } => "unhealthy",
            AccountOutcome::HeldElsewhere => "held_elsewhere",
            AccountOutcome::LeaseLost => "lease_lost",
        }
    }
}

impl fmt::Display for AccountOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AccountOutcome::Complete => f.write_str("complete"),
            AccountOutcome::Incomplete(done) => write!(
                f,
                "incomplete: the list stopped before its end, at {done}; the checkpoint \
                 stays for the next pass"
            ),
            AccountOutcome::Failed(error) => write!(f, "failed: {error}"),
            AccountOutcome::Unhealthy { status } => {
                write!(f, "not walked: the account's status is {status}")
            }
            AccountOutcome::HeldElsewhere => f.write_str("not walked: another worker holds it"),
            AccountOutcome::LeaseLost => {
                f.write_str("stopped: the lease lapsed and another worker took the account")
            }
        }
    }
}

/// Why an account's walk failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AccountError {
    /// The API answered an error, or could not be reached.
    #[error("{0}")]
    Api(#[from] unipile_core::Error),
    /// The store failed.
    #[error("{0}")]
    Store(#[from] StoreError),
    /// The stored checkpoint could not be read back.
    #[error("the stored checkpoint of account {account} is unreadable: {reason}")]
    Checkpoint {
        /// The account.
        account: AccountId,
        /// Why.
        reason: String,
    },
}

/// What stops a whole pass (an account's own trouble never does: see
/// [`AccountOutcome::Failed`]).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SyncError {
    /// `GET /accounts` failed.
    #[error("cannot list the accounts: {0}")]
    ListAccounts(unipile_core::Error),
    /// The store failed while recording the accounts' statuses.
    #[error("cannot record the accounts' statuses: {0}")]
    Store(#[from] StoreError),
}
