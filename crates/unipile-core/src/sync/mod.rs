//! The pure part of periodic polling ("cron" sync): which window to fetch, which
//! messages are new, and the checkpoint to store.
//!
//! Unipile's advice for polling `GET /messages` from a cron job: fetch a larger period
//! than the cron delay, so that nothing is lost to a disconnection or an error, and
//! dedupe on the message id. This module does exactly that:
//!
//! 1. [`Checkpoint::begin`] starts a pass. Its [`SyncWindow`] says what to list:
//!    `after` = the newest timestamp of the last completed pass minus the overlap (or
//!    the start you set, or everything on a very first pass), and the account.
//! 2. Walk every page of that list with a [`Paginator`](crate::client::paginator::Paginator). For
//!    each message, [`SyncPass::is_new`] says whether it was handed on before; hand on
//!    the new ones (store them, call your handler), then report each with
//!    [`SyncPass::handed_on`].
//! 3. When the walk is done, [`SyncPass::complete`] moves the checkpoint. Store it.
//!
//! # Nothing lost
//!
//! `GET /messages` returns the newest messages first, so a pass sees the newest
//! timestamp on its first page and the older messages of the window on later pages.
//! The checkpoint's timestamp therefore moves only when the pass completes: every page
//! walked to a `null` cursor
//! ([`Done::is_complete`](crate::model::page::Done::is_complete)) and every new
//! message handed on. A pass that fails midway (an error on page 2, a handler that
//! fails) is simply dropped: the timestamp stays where it was, and the next pass fetches
//! the whole window again. The ids handed on before the failure are already in the
//! checkpoint, so they are not handed on twice.
//!
//! `after` is exclusive and has millisecond precision, so the window starts one
//! millisecond before `newest − overlap`: a message with exactly the boundary
//! timestamp, or with the same timestamp as the newest one handed on, is fetched again
//! and recognised by its id rather than lost. The newest timestamp is also capped at
//! the pass's `now`, so one message dated in the future cannot push the window past
//! messages still to come.
//!
//! # Late messages: backfills and deep passes
//!
//! A message can show up in the list later than `overlap` after its own timestamp: when
//! an account reconnects after an outage, the provider delivers the messages of the
//! outage with their older timestamps. Two kinds of pass reach further back than the
//! regular window ([`PassKind`], chosen by [`PassPlanner::plan`] from what the caller
//! knows; the clock is always an argument):
//!
//! - a **backfill**, for an account that came back: its window starts at the last
//!   moment the account was known healthy, minus the overlap, so the backlog of the
//!   outage is inside it however far `newest` has moved since;
//! - a **deep pass**, when one is due ([`DeepPass`]: every so often, over a longer
//!   window), for lateness nobody reported.
//!
//! Either is a pass like any other: it moves the checkpoint only when it completes, and
//! the ids it meets again are recognised as duplicates. A backfill is done once a pass
//! of that kind completes (the caller then clears its marker); a deep pass records its
//! time in the checkpoint ([`Checkpoint::deep_pass_at`]) so the next one is due a
//! period later.
//!
//! What stays a limit: a message that shows up later than `overlap` after its
//! timestamp, on an account nobody saw go down, and before the next deep pass runs, is
//! stored only by that deep pass (or never, without one).
//!
//! # Bounded memory
//!
//! The checkpoint remembers the id and timestamp of each message handed on that the
//! next window can still return, those newer than its `after`. When a pass completes,
//! older ids are dropped: no later window reaches them (and [`SyncPass::is_new`]
//! rejects anything older than its window, should a list return it). It holds about
//! *messages per hour × overlap in hours* ids, plus those handed on by passes that
//! failed since the last completed one. Keep the overlap the same from pass to pass:
//! raising it may hand on again a few messages whose ids were dropped (never lose any).
//!
//! # Example
//!
//! ```
//! use chrono::{DateTime, TimeZone, Utc};
//! use std::time::Duration;
//! use unipile_core::{AccountId, Cursor, MessageId, Page};
//! use unipile_core::client::paginator::{Paginator, Step};
//! use unipile_core::sync::{Checkpoint, SyncItem, SyncWindow};
//!
//! struct Msg { id: MessageId, at: DateTime<Utc> }
//! impl SyncItem for Msg {
//!     fn sync_id(&self) -> &MessageId { &self.id }
//!     fn sync_timestamp(&self) -> DateTime<Utc> { self.at }
//! }
//!
//! // Stands in for `GET /messages?account_id=…&after=…` (one page, newest first).
//! fn list_messages(window: &SyncWindow, _cursor: Option<Cursor>) -> Page<Msg> {
//!     let at = Utc.with_ymd_and_hms(2025, 1, 1, 12, 0, 0).unwrap();
//!     let all = vec![Msg { id: MessageId::new("m1"), at }];
//!     let items = all.into_iter().filter(|m| window.after.is_none_or(|a| m.at > a)).collect();
//!     Page::new(items, None)
//! }
//!
//! let mut checkpoint = Checkpoint::new(AccountId::new("acc_1"));
//! let overlap = Duration::from_secs(3600);
//! let mut stored = Vec::new();
//! for _cron_tick in 0..2 {
//!     let now = Utc.with_ymd_and_hms(2025, 1, 1, 13, 0, 0).unwrap();
//!     let mut pass = checkpoint.begin(overlap, now);
//!     let window = pass.window().clone();
//!     let mut pages = Paginator::new();
//!     let mut cursor = None;
//!     let done = loop {
//!         let page = list_messages(&window, cursor.take());
//!         let step = pages.next_page(&page);
//!         for message in page.items {
//!             if pass.is_new(&message) {
//!                 stored.push(message.id.clone()); // hand it on: store it, act on it
//!                 pass.handed_on(&message);
//!             }
//!         }
//!         match step {
//!             Step::Fetch(next) => cursor = Some(next),
//!             Step::Done(done) => break done,
//!         }
//!     };
//!     pass.complete(&done).expect("every page walked, every message handed on");
//!     // store `checkpoint` (it is Serialize + Deserialize) until the next tick
//! }
//! assert_eq!(stored, vec![MessageId::new("m1")]); // once, although fetched twice
//! ```

mod plan;

pub use plan::{DeepPass, PassKind, PassPlanner};

use crate::model::id::{AccountId, MessageId};
use crate::model::page::Done;
use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::time::Duration;

/// What the sync needs to know of a message: its id and its timestamp.
///
/// Implemented for [`Message`](crate::model::message::Message); implement it for your own type
/// to sync something else (a stored row, a test double).
pub trait SyncItem {
    /// The Unipile message id, unique: the dedupe key.
    fn sync_id(&self) -> &MessageId;
    /// The message's timestamp, as the list's `after` filter compares it.
    fn sync_timestamp(&self) -> DateTime<Utc>;
}

impl SyncItem for crate::model::message::Message {
    fn sync_id(&self) -> &MessageId {
        &self.id
    }
    fn sync_timestamp(&self) -> DateTime<Utc> {
        self.timestamp
    }
}

impl<T: SyncItem + ?Sized> SyncItem for &T {
    fn sync_id(&self) -> &MessageId {
        (**self).sync_id()
    }
    fn sync_timestamp(&self) -> DateTime<Utc> {
        (**self).sync_timestamp()
    }
}

/// Where a sync stands, for one account (or for all accounts at once): store it between
/// passes. Serializes to JSON as
/// `{"account_id", "start"?, "newest"?, "delivered": {"<message id>": "<timestamp>"}}`.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct Checkpoint {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    account_id: Option<AccountId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    start: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    newest: Option<DateTime<Utc>>,
    #[serde(default)]
    delivered: BTreeMap<MessageId, DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    deep_pass_at: Option<DateTime<Utc>>,
}

impl Checkpoint {
    /// A checkpoint for one account, before its first pass. The first pass fetches the
    /// account's whole history unless [`Checkpoint::starting_at`] sets a start.
    pub fn new(account_id: AccountId) -> Self {
        Self {
            account_id: Some(account_id),
            start: None,
            newest: None,
            delivered: BTreeMap::new(),
            deep_pass_at: None,
        }
    }

    /// A checkpoint for the messages of every account together (no `account_id` filter).
    pub fn all_accounts() -> Self {
        Self {
            account_id: None,
            start: None,
            newest: None,
            delivered: BTreeMap::new(),
            deep_pass_at: None,
        }
    }

    /// Hands on only messages at or after `start`.
    pub fn starting_at(mut self, start: DateTime<Utc>) -> Self {
        self.start = Some(start);
        self
    }

    /// The account synced, or `None` for all accounts.
    pub fn account_id(&self) -> Option<&AccountId> {
        self.account_id.as_ref()
    }

    /// The start set with [`Checkpoint::starting_at`].
    pub fn start(&self) -> Option<DateTime<Utc>> {
        self.start
    }

    /// The newest message timestamp of the passes completed so far.
    pub fn newest(&self) -> Option<DateTime<Utc>> {
        self.newest
    }

    /// When the last completed deep pass began ([`PassKind::Deep`]).
    pub fn deep_pass_at(&self) -> Option<DateTime<Utc>> {
        self.deep_pass_at
    }

    /// How many message ids it remembers for the dedupe.
    pub fn remembered(&self) -> usize {
        self.delivered.len()
    }

    /// Whether the message with this id was handed on (and is still remembered).
    pub fn was_handed_on(&self, id: &MessageId) -> bool {
        self.delivered.contains_key(id)
    }

    /// What the next pass will fetch with this `overlap`.
    pub fn window(&self, overlap: Duration) -> SyncWindow {
        SyncWindow {
            account_id: self.account_id.clone(),
            after: window_after(self.start, self.newest, overlap),
        }
    }

    /// Starts a pass; `now` (the caller's clock) caps how far the checkpoint can move.
    ///
    /// Drop the pass to abandon it: the checkpoint keeps its timestamp, and the ids
    /// already reported with [`SyncPass::handed_on`].
    pub fn begin(&mut self, overlap: Duration, now: DateTime<Utc>) -> SyncPass<'_> {
        self.begin_kind(PassKind::Regular, overlap, now)
    }

    /// Starts a pass of `kind`: a backfill or a deep pass widens the window further back
    /// than [`Checkpoint::window`] (never narrows it). See [`Checkpoint::begin`].
    pub fn begin_kind(
        &mut self,
        kind: PassKind,
        overlap: Duration,
        now: DateTime<Utc>,
    ) -> SyncPass<'_> {
        let mut window = self.window(overlap);
        let wider = match kind {
            PassKind::Regular => None,
            PassKind::Backfill { since } => Some(window_after(None, Some(since), overlap)),
            PassKind::Deep { from } => Some(window_after(None, Some(from), Duration::ZERO)),
        };
        if let Some(wider) = wider {
            window.after = match (window.after, wider) {
                (Some(regular), Some(wider)) => Some(regular.min(wider)),
                // No bound on either side: the whole history (or from `start`).
                _ => window.after.and(wider),
            };
            if let Some(start) = self.start {
                let floor = window_after(Some(start), None, overlap);
                window.after = window.after.max(floor);
            }
        }
        SyncPass {
            kind,
            checkpoint: self,
            overlap,
            now,
            window,
            newest_seen: None,
            pending: HashMap::new(),
            handed_on: 0,
            duplicates: 0,
            outside_window: 0,
        }
    }
}

/// What one pass lists: `GET /messages` with these filters, newest first, every page.
#[derive(Clone, PartialEq, Eq, Debug)]
#[non_exhaustive]
pub struct SyncWindow {
    /// The `account_id` filter (`None`: all accounts).
    pub account_id: Option<AccountId>,
    /// The `after` filter (exclusive), already on a whole millisecond; `None` on a very
    /// first pass without a start: the whole history.
    pub after: Option<DateTime<Utc>>,
}

/// One pass of a sync, borrowing its [`Checkpoint`]. See the [module docs](self).
#[derive(Debug)]
pub struct SyncPass<'a> {
    kind: PassKind,
    checkpoint: &'a mut Checkpoint,
    overlap: Duration,
    now: DateTime<Utc>,
    window: SyncWindow,
    newest_seen: Option<DateTime<Utc>>,
    pending: HashMap<MessageId, DateTime<Utc>>,
    handed_on: usize,
    duplicates: usize,
    outside_window: usize,
}

impl SyncPass<'_> {
    /// The kind of pass: regular, backfill or deep.
    pub fn kind(&self) -> PassKind {
        self.kind
    }

    /// What to list.
    pub fn window(&self) -> &SyncWindow {
        &self.window
    }

    /// The checkpoint as it stands: its timestamp has not moved yet, but it already
    /// holds the ids handed on in this pass. Storing it after each page makes a crash
    /// hand on again at most the page being handled.
    pub fn checkpoint(&self) -> &Checkpoint {
        self.checkpoint
    }

    /// Looks at one fetched message: `true` if it was never handed on, so hand it on
    /// and then call [`SyncPass::handed_on`]; `false` for a message already handed on
    /// (in an earlier pass, or earlier in this one), to skip.
    ///
    /// A message at or before the window's `after` is `false` too: the list should not
    /// have returned it, and its id may have been forgotten already, so the window (not
    /// the server's filter alone) decides what can be new.
    pub fn is_new<M: SyncItem + ?Sized>(&mut self, message: &M) -> bool {
        let at = message.sync_timestamp();
        if self.window.after.is_some_and(|after| at <= after) {
            self.outside_window += 1;
            return false;
        }
        self.newest_seen = Some(self.newest_seen.map_or(at, |n| n.max(at)));
        let id = message.sync_id();
        if self.checkpoint.delivered.contains_key(id) || self.pending.contains_key(id) {
            self.duplicates += 1;
            return false;
        }
        self.pending.insert(id.clone(), at);
        true
    }

    /// Looks at one fetched message that the caller stores whatever [`SyncPass::is_new`]
    /// would say, in a store that keeps one row per message id (the store is the
    /// dedupe). Only the window learns from it (how far the pass reached, for the next
    /// window); no id is remembered, so the checkpoint stays small however long the
    /// history. A message at or before the window's `after` is counted as outside it.
    pub fn saw_stored<M: SyncItem + ?Sized>(&mut self, message: &M) {
        let at = message.sync_timestamp();
        if self.window.after.is_some_and(|after| at <= after) {
            self.outside_window += 1;
            return;
        }
        self.newest_seen = Some(self.newest_seen.map_or(at, |n| n.max(at)));
        self.handed_on += 1;
    }

    /// Keeps the new messages of `messages`, in order (see [`SyncPass::is_new`]).
    pub fn keep_new<M: SyncItem>(&mut self, messages: Vec<M>) -> Vec<M> {
        messages.into_iter().filter(|m| self.is_new(m)).collect()
    }

    /// Reports that `message` was handed on: it is remembered at once, so it will not
    /// be handed on again even if this pass fails later. Call it only once the message
    /// is safely stored or handled.
    pub fn handed_on<M: SyncItem + ?Sized>(&mut self, message: &M) {
        let id = message.sync_id();
        self.pending.remove(id);
        self.checkpoint
            .delivered
            .insert(id.clone(), message.sync_timestamp());
        self.handed_on += 1;
    }

    /// Ends the pass and moves the checkpoint, if the pass completed: `walk` reached
    /// the end of the list and every message [`SyncPass::is_new`] accepted was handed
    /// on. Otherwise the checkpoint keeps its timestamp and the error says why.
    pub fn complete(self, walk: &Done) -> Result<PassSummary, IncompletePass> {
        if !walk.is_complete() {
            return Err(IncompletePass::PagesLeft(walk.clone()));
        }
        if !self.pending.is_empty() {
            return Err(IncompletePass::NotHandedOn {
                count: self.pending.len(),
            });
        }
        let checkpoint = self.checkpoint;
        if let Some(seen) = self.newest_seen {
            let capped = seen.min(self.now);
            checkpoint.newest = Some(checkpoint.newest.map_or(capped, |n| n.max(capped)));
        }
        if matches!(self.kind, PassKind::Deep { .. }) {
            checkpoint.deep_pass_at = Some(self.now);
        }
        if let Some(next_after) = window_after(checkpoint.start, checkpoint.newest, self.overlap) {
            checkpoint.delivered.retain(|_, at| *at > next_after);
        }
        Ok(PassSummary {
            kind: self.kind,
            handed_on: self.handed_on,
            duplicates: self.duplicates,
            outside_window: self.outside_window,
            newest: checkpoint.newest,
            remembered: checkpoint.delivered.len(),
        })
    }
}

/// What a completed pass did.
#[derive(Clone, PartialEq, Eq, Debug)]
#[non_exhaustive]
pub struct PassSummary {
    /// The kind of pass that completed.
    pub kind: PassKind,
    /// Messages handed on.
    pub handed_on: usize,
    /// Messages fetched again and skipped as already handed on.
    pub duplicates: usize,
    /// Messages skipped because they were older than the window (a list that ignored
    /// `after`).
    pub outside_window: usize,
    /// The checkpoint's new timestamp.
    pub newest: Option<DateTime<Utc>>,
    /// Ids the checkpoint remembers after pruning.
    pub remembered: usize,
}

/// Why a pass could not move the checkpoint. The checkpoint keeps its timestamp (and
/// the ids handed on): the next pass fetches the same window again.
#[derive(Clone, PartialEq, Eq, Debug)]
#[non_exhaustive]
pub enum IncompletePass {
    /// The walk stopped before a `null` cursor: at the page cap, on a repeated cursor,
    /// or after too many empty pages in a row. [`Done`] says which.
    PagesLeft(Done),
    /// Some messages reported new were not reported handed on.
    NotHandedOn {
        /// How many.
        count: usize,
    },
}

impl fmt::Display for IncompletePass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IncompletePass::PagesLeft(done) => write!(
                f,
                "sync pass incomplete: the list was not walked to its end; it stopped at {done}"
            ),
            IncompletePass::NotHandedOn { count } => write!(
                f,
                "sync pass incomplete: {count} new message(s) were not handed on"
            ),
        }
    }
}

impl std::error::Error for IncompletePass {}

/// `after` for a window: one millisecond before `max(newest − overlap, start)`, on a
/// whole millisecond, since `after` is exclusive with millisecond precision.
fn window_after(
    start: Option<DateTime<Utc>>,
    newest: Option<DateTime<Utc>>,
    overlap: Duration,
) -> Option<DateTime<Utc>> {
    // An overlap reaching before any date means "everything": no bound from `newest`.
    let from_newest = newest.and_then(|newest| {
        TimeDelta::from_std(overlap)
            .ok()
            .and_then(|overlap| newest.checked_sub_signed(overlap))
    });
    let from = match (from_newest, start) {
        (Some(a), Some(b)) => a.max(b),
        (a, b) => a.or(b)?,
    };
    let floored = DateTime::from_timestamp_millis(from.timestamp_millis()).unwrap_or(from);
    Some(
        floored
            .checked_sub_signed(TimeDelta::milliseconds(1))
            .unwrap_or(floored),
    )
}
