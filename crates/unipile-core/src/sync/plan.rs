//! Which kind of pass an account needs next: regular, a backfill after an outage, or a
//! deep pass that is due. Pure: the caller passes the clock and what it knows.

use super::Checkpoint;
use chrono::{DateTime, TimeDelta, Utc};
use std::time::Duration;

/// The kind of a pass, which says how far back its window reaches.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[non_exhaustive]
pub enum PassKind {
    /// The regular window: from the checkpoint's newest message minus the overlap.
    Regular,
    /// An account came back after an outage: the window starts at `since` (the last
    /// moment it was known healthy) minus the overlap, so the backlog the provider
    /// delivers with older timestamps is inside it.
    Backfill {
        /// The last moment the account was known healthy.
        since: DateTime<Utc>,
    },
    /// A periodic deep pass: the window starts at `from` (the pass's start minus the
    /// deep window), for messages that showed up late without anyone noticing.
    Deep {
        /// Where the window starts.
        from: DateTime<Utc>,
    },
}

impl PassKind {
    /// A short, stable name: `regular`, `backfill` or `deep`.
    pub fn name(&self) -> &'static str {
        match self {
            PassKind::Regular => "regular",
            PassKind::Backfill { .. } => "backfill",
            PassKind::Deep { .. } => "deep",
        }
    }
}

/// A periodic deep pass: every `every`, one pass walks `window` back from its start
/// instead of the regular window.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct DeepPass {
    /// How often (a day, say).
    pub every: Duration,
    /// How far back it walks (a week, say); wider than the overlap to be of use.
    pub window: Duration,
}

impl DeepPass {
    /// A deep pass every `every`, over `window`.
    pub fn new(every: Duration, window: Duration) -> Self {
        Self { every, window }
    }
}

/// Chooses the kind of an account's next pass.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use std::time::Duration;
/// use unipile_core::AccountId;
/// use unipile_core::sync::{Checkpoint, DeepPass, PassKind, PassPlanner};
///
/// let now = Utc.with_ymd_and_hms(2025, 6, 2, 12, 0, 0).unwrap();
/// let hour = Duration::from_secs(3600);
/// let planner = PassPlanner::new().deep_pass(DeepPass::new(24 * hour, 7 * 24 * hour));
/// let checkpoint = Checkpoint::new(AccountId::new("acc_1"));
/// // Never deep-passed: one is due.
/// assert!(matches!(planner.plan(&checkpoint, None, now), PassKind::Deep { .. }));
/// // An account that came back gets its backfill first.
/// let since = Utc.with_ymd_and_hms(2025, 6, 1, 8, 0, 0).unwrap();
/// assert_eq!(planner.plan(&checkpoint, Some(since), now), PassKind::Backfill { since });
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct PassPlanner {
    deep_pass: Option<DeepPass>,
}

impl PassPlanner {
    /// Regular passes and backfills, no deep pass.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a periodic deep pass.
    pub fn deep_pass(mut self, deep_pass: DeepPass) -> Self {
        self.deep_pass = Some(deep_pass);
        self
    }

    /// The kind of the next pass for the account of `checkpoint` at `now`:
    /// `backfill_since` (the account came back; the last moment it was known healthy)
    /// comes first; then a deep pass if one is set and the last one began `every` ago
    /// or more (or never ran); else a regular pass. Whichever is chosen, a pass of that
    /// kind must complete before the next one changes kind: the caller clears its
    /// backfill marker only after a backfill completes, and a deep pass records itself
    /// in the checkpoint only when it completes.
    pub fn plan(
        &self,
        checkpoint: &Checkpoint,
        backfill_since: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> PassKind {
        if let Some(since) = backfill_since {
            return PassKind::Backfill { since };
        }
        if let Some(deep) = self.deep_pass {
            let due = checkpoint
                .deep_pass_at()
                .is_none_or(|last| now.signed_duration_since(last) >= delta(deep.every));
            if due {
                let from = now
                    .checked_sub_signed(delta(deep.window))
                    .unwrap_or(DateTime::<Utc>::MIN_UTC);
                return PassKind::Deep { from };
            }
        }
        PassKind::Regular
    }
}

/// A `Duration` as a `TimeDelta`, saturating (a duration past chrono's range is
/// "forever").
fn delta(d: Duration) -> TimeDelta {
    TimeDelta::from_std(d).unwrap_or(TimeDelta::MAX)
}
