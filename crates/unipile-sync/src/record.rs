//! The rules both backends share, free of any database: what a stored message row is,
//! how a page from `GET /messages` and a webhook event merge into it, and how an
//! account's health moves. The backends only load rows, hand them here, and write what
//! comes back, so SQLite and PostgreSQL cannot drift apart in meaning.

use crate::store::AccountHealth;
use crate::{AccountId, Message, MessageEvent, MessageEventKind};
use chrono::{DateTime, Utc};
use unipile_core::ProviderId;
use unipile_core::model::message::Reaction;

/// A stored message: the full JSON of a [`Message`] plus what the store keeps beside it.
#[derive(Clone, PartialEq, Debug)]
pub(crate) struct Row {
    /// The message as stored (the `json` column); every other column derives from it.
    pub message: Message,
    /// `true` when it came from `GET /messages` (source `sync`), `false` when it was
    /// built from webhook events only (source `webhook`, a partial message).
    pub complete: bool,
    /// The webhook event time of the text stored, if a webhook set it: an older
    /// `message_received`/`message_edited` delivered late never replaces it.
    pub text_at: Option<DateTime<Utc>>,
}

/// What merging into a row decided.
#[derive(Debug)]
pub(crate) enum Change {
    /// No row had that id: write this one.
    Insert(Row),
    /// The row changed: write this one in its place.
    Update(Row),
    /// Nothing to write.
    Unchanged,
}

/// The `source` column's value for a row.
pub(crate) fn source_name(complete: bool) -> &'static str {
    if complete { "sync" } else { "webhook" }
}

/// Reads a `source` column's value.
pub(crate) fn is_complete_source(source: &str) -> bool {
    source == "sync"
}

impl Row {
    /// The row, borrowed, as the backends write it.
    pub fn view(&self) -> RowView<'_> {
        RowView {
            message: &self.message,
            complete: self.complete,
            text_at: self.text_at,
        }
    }
}

/// A row to write, its message borrowed: a [`Row`] ([`Row::view`]), or a full message
/// stored as it is ([`new_full_row`]), without a copy of the message.
#[derive(Clone, Copy, Debug)]
pub(crate) struct RowView<'a> {
    /// The message (the `json` column).
    pub message: &'a Message,
    /// As [`Row::complete`].
    pub complete: bool,
    /// As [`Row::text_at`].
    pub text_at: Option<DateTime<Utc>>,
}

impl<'a> RowView<'a> {
    /// The sender's provider id, `None` when unknown.
    pub fn sender_id(&self) -> Option<&'a str> {
        Some(self.message.sender_id.as_str()).filter(|s| !s.is_empty())
    }

    /// The sender's attendee id, `None` when unknown.
    pub fn sender_attendee_id(&self) -> Option<&'a str> {
        Some(self.message.sender_attendee_id.as_str()).filter(|s| !s.is_empty())
    }
}

/// Merges a full message from `GET /messages` into what is stored.
///
/// The full message replaces a partial row and updates a full one. A state that only
/// moves one way (read, deleted, edited) and was already recorded, by a webhook that
/// came after the page was fetched, is kept: the page is older than that change.
pub(crate) fn merge_full(existing: Option<&Row>, incoming: &Message) -> Change {
    let mut row = Row {
        message: incoming.clone(),
        complete: true,
        text_at: None,
    };
    if let Some(old) = existing {
        let message = &mut row.message;
        message.seen |= old.message.seen;
        message.deleted |= old.message.deleted;
        if old.message.edited && !incoming.edited {
            message.edited = true;
            message.text.clone_from(&old.message.text);
        }
        row.text_at = old.text_at;
    }
    decide(existing, row)
}

/// The row a full message from `GET /messages` makes when nothing is stored under its
/// id: the message as it is (what [`merge_full`] inserts when there is no row).
pub(crate) fn new_full_row(message: &Message) -> RowView<'_> {
    RowView {
        message,
        complete: true,
        text_at: None,
    }
}

/// Merges a message webhook event into what is stored.
///
/// Idempotent and order-proof: applying an event twice, or an older one after a newer,
/// leaves the row as the newest event made it. `message_received` fills a partial row
/// and leaves a full row alone; the text of `message_received`/`message_edited` is kept
/// only when the event is newer than the text stored; read, deleted and edited only
/// ever become true; a reaction is added once per value and sender.
pub(crate) fn merge_event(existing: Option<&Row>, event: &MessageEvent) -> Change {
    let mut row = match existing {
        Some(old) => old.clone(),
        None => Row {
            message: Message::new(
                event.message_id.clone(),
                event.chat_id.clone(),
                event.account_id.clone(),
                event.timestamp,
            ),
            complete: false,
            text_at: None,
        },
    };
    apply_event(&mut row, event);
    decide(existing, row)
}

fn apply_event(row: &mut Row, event: &MessageEvent) {
    let newer_text = row.text_at.is_none_or(|at| event.timestamp > at);
    let message = &mut row.message;
    match &event.event {
        MessageEventKind::Received => {
            if row.complete {
                return;
            }
            // The received event's timestamp is the message's own.
            message.timestamp = event.timestamp;
            if let Some(sender) = &event.sender {
                message.sender_id = sender.attendee_provider_id.clone();
                message.sender_attendee_id = sender.attendee_id.clone();
            }
            if let Some(own) = event.is_own_message() {
                message.is_sender = own;
            }
            if message.attachments.is_empty() {
                message.attachments.clone_from(&event.attachments);
            }
            if message.subject.is_none() {
                message.subject.clone_from(&event.subject);
            }
            if newer_text {
                message.text.clone_from(&event.text);
                row.text_at = Some(event.timestamp);
            }
        }
        MessageEventKind::Edited => {
            message.edited = true;
            if newer_text {
                message.text.clone_from(&event.text);
                row.text_at = Some(event.timestamp);
            }
        }
        MessageEventKind::Read => message.seen = true,
        MessageEventKind::Deleted => message.deleted = true,
        MessageEventKind::Reaction => {
            let Some(value) = &event.reaction else { return };
            let sender = event
                .reaction_sender
                .as_ref()
                .map_or_else(|| ProviderId::new(""), |s| s.attendee_provider_id.clone());
            let known = message
                .reactions
                .iter()
                .any(|r| r.value == *value && r.sender_id == sender);
            if !known {
                let user = event.account_info.as_ref().and_then(|i| i.user_id.as_ref());
                let own = user.is_some_and(|u| !u.is_empty() && *u == sender);
                message
                    .reactions
                    .push(Reaction::new(value.clone(), sender, own));
            }
        }
        // An event kind this version does not know changes nothing it stores.
        _ => {}
    }
}

fn decide(existing: Option<&Row>, row: Row) -> Change {
    match existing {
        None => Change::Insert(row),
        Some(old) if *old == row => Change::Unchanged,
        Some(_) => Change::Update(row),
    }
}

/// What an account status report does to an account's health, or `None` when it
/// changes nothing (an older report delivered late, or the same state again).
///
/// An account that was not healthy and now is has come back: it gets a "needs a
/// backfill since" marker at the last moment it was known healthy (the earliest such
/// moment when a marker is already set), stamped with `at` so that a backfill pass that
/// began before this comeback does not clear it.
pub(crate) fn next_health(
    old: Option<&AccountHealth>,
    account: &AccountId,
    status: &str,
    healthy: bool,
    at: DateTime<Utc>,
) -> Option<AccountHealth> {
    let Some(old) = old else {
        return Some(AccountHealth {
            account_id: account.clone(),
            status: status.to_owned(),
            status_at: at,
            healthy,
            last_healthy_at: healthy.then_some(at),
            needs_backfill_since: None,
            backfill_marked_at: None,
        });
    };
    if at < old.status_at {
        return None;
    }
    let mut next = old.clone();
    next.status = status.to_owned();
    next.status_at = at;
    next.healthy = healthy;
    if healthy {
        if !old.healthy
            && let Some(since) = old.last_healthy_at
        {
            next.needs_backfill_since = Some(
                old.needs_backfill_since
                    .map_or(since, |marked| marked.min(since)),
            );
            next.backfill_marked_at = Some(at);
        }
        next.last_healthy_at = Some(at);
    }
    (next != *old).then_some(next)
}
