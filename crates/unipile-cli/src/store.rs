//! The SQLite database that `unipile sync` and `unipile webhooks listen --db` write.
//!
//! Two tables:
//!
//! - `messages`: one row per message, keyed by the Unipile message id. The columns a
//!   query needs most (account, chat, sender, text, timestamp, the states) plus the full
//!   JSON. `source` says where the row came from: `sync` rows hold a whole `Message`
//!   from `GET /messages`; `webhook` rows hold what a webhook event carries (fewer
//!   fields), and a later sync replaces them. A webhook never overwrites a sync row.
//! - `sync_checkpoints`: the sync's [`Checkpoint`] per account (`*` for all accounts),
//!   as JSON.
//!
//! Timestamps are stored as `YYYY-MM-DDTHH:MM:SS.sssZ`, so they sort as text.

use crate::failure::Failure;
use chrono::Utc;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use std::path::Path;
use std::time::Duration;
use unipile_core::Message;
use unipile_core::model::timestamp::format_millis;
use unipile_core::sync::Checkpoint;
use unipile_core::webhook::{MessageEvent, MessageEventKind};

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS messages (
    id                 TEXT PRIMARY KEY NOT NULL,
    account_id         TEXT NOT NULL,
    chat_id            TEXT NOT NULL,
    sender_id          TEXT,
    sender_attendee_id TEXT,
    text               TEXT,
    timestamp          TEXT NOT NULL,
    is_sender          INTEGER,
    seen               INTEGER,
    edited             INTEGER,
    deleted            INTEGER,
    hidden             INTEGER,
    reactions          INTEGER NOT NULL DEFAULT 0,
    attachments        INTEGER NOT NULL DEFAULT 0,
    source             TEXT NOT NULL CHECK (source IN ('sync', 'webhook')),
    json               TEXT NOT NULL,
    stored_at          TEXT NOT NULL,
    updated_at         TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS messages_by_chat ON messages (chat_id, timestamp);
CREATE INDEX IF NOT EXISTS messages_by_account ON messages (account_id, timestamp);
CREATE TABLE IF NOT EXISTS sync_checkpoints (
    scope      TEXT PRIMARY KEY NOT NULL,
    checkpoint TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
";

/// The checkpoint scope of a sync of every account.
pub const ALL_ACCOUNTS: &str = "*";

/// What storing a message did to its row.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Stored {
    /// A new row.
    Inserted,
    /// The row existed and changed.
    Updated,
    /// The row existed and was already the same (or richer, for a webhook event).
    Unchanged,
}

/// An open messages database.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
}

impl Store {
    /// Opens (or creates) the database at `path` and its tables.
    pub fn open(path: &Path) -> Result<Self, Failure> {
        let context = || format!("cannot open the database {}", path.display());
        let conn = Connection::open(path).map_err(|e| Failure::local(context(), e))?;
        conn.busy_timeout(Duration::from_secs(10))
            .map_err(|e| Failure::local(context(), e))?;
        // WAL: a sync and a webhook listener can write the same file, and readers never
        // block them.
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(|e| Failure::local(context(), e))?;
        conn.execute_batch(SCHEMA)
            .map_err(|e| Failure::local(context(), e))?;
        Ok(Self { conn })
    }

    /// The stored checkpoint of `scope` (an account id, or [`ALL_ACCOUNTS`]).
    pub fn checkpoint(&self, scope: &str) -> Result<Option<Checkpoint>, Failure> {
        let json: Option<String> = self
            .conn
            .query_row(
                "SELECT checkpoint FROM sync_checkpoints WHERE scope = ?1",
                [scope],
                |row| row.get(0),
            )
            .optional()?;
        json.map(|json| {
            serde_json::from_str(&json).map_err(|e| {
                Failure::Local(format!(
                    "the stored sync checkpoint of `{scope}` is unreadable ({e}); delete its \
                     row in sync_checkpoints to start over"
                ))
            })
        })
        .transpose()
    }

    /// How many messages are stored.
    pub fn message_count(&self) -> Result<u64, Failure> {
        let count: i64 = self
            .conn
            .query_row("SELECT COUNT(*) FROM messages", [], |row| row.get(0))?;
        Ok(u64::try_from(count).unwrap_or(0))
    }

    /// Starts a transaction: everything written through it lands together or not at all.
    pub fn transaction(&mut self) -> Result<Batch<'_>, Failure> {
        Ok(Batch {
            tx: self.conn.transaction()?,
        })
    }
}

/// Writes inside one transaction; dropped without [`Batch::commit`], nothing is kept.
#[derive(Debug)]
pub struct Batch<'a> {
    tx: Transaction<'a>,
}

impl Batch<'_> {
    /// Stores a message from the API: a new row, or an update of a row whose JSON
    /// differs (seen, edited, deleted, reactions…) or that came from a webhook.
    pub fn upsert_message(&self, message: &Message) -> Result<Stored, Failure> {
        let json = serde_json::to_string(message)
            .map_err(|e| Failure::local("cannot serialize a message", e))?;
        let existing: Option<(String, String)> = self
            .tx
            .prepare_cached("SELECT source, json FROM messages WHERE id = ?1")?
            .query_row([message.id.as_str()], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()?;
        let outcome = match &existing {
            None => Stored::Inserted,
            Some((source, old)) if source == "sync" && *old == json => {
                return Ok(Stored::Unchanged);
            }
            Some(_) => Stored::Updated,
        };
        let now = format_millis(&Utc::now());
        self.tx
            .prepare_cached(
                "INSERT INTO messages (id, account_id, chat_id, sender_id, sender_attendee_id,
                 text, timestamp, is_sender, seen, edited, deleted, hidden, reactions,
                 attachments, source, json, stored_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, 'sync', ?15,
                 ?16, ?16)
             ON CONFLICT (id) DO UPDATE SET
                 account_id = excluded.account_id, chat_id = excluded.chat_id,
                 sender_id = excluded.sender_id,
                 sender_attendee_id = excluded.sender_attendee_id, text = excluded.text,
                 timestamp = excluded.timestamp, is_sender = excluded.is_sender,
                 seen = excluded.seen, edited = excluded.edited, deleted = excluded.deleted,
                 hidden = excluded.hidden, reactions = excluded.reactions,
                 attachments = excluded.attachments, source = 'sync', json = excluded.json,
                 updated_at = excluded.updated_at",
            )?
            .execute(params![
                message.id.as_str(),
                message.account_id.as_str(),
                message.chat_id.as_str(),
                message.sender_id.as_str(),
                message.sender_attendee_id.as_str(),
                message.text,
                format_millis(&message.timestamp),
                message.is_sender,
                message.is_seen(),
                message.edited,
                message.deleted,
                message.hidden,
                count(message.reactions.len()),
                count(message.attachments.len()),
                json,
                now,
            ])?;
        Ok(outcome)
    }

    /// Stores what a message webhook says: a new row when the message is unknown; an
    /// update of an earlier webhook row (the new text of an edit, the read, edited and
    /// deleted states); nothing when a sync already stored the whole message, which is
    /// richer (the next sync pass brings its changes).
    pub fn store_webhook_event(&self, event: &MessageEvent) -> Result<Stored, Failure> {
        let json = serde_json::to_string(event)
            .map_err(|e| Failure::local("cannot serialize a webhook event", e))?;
        let existing: Option<(String, String)> = self
            .tx
            .query_row(
                "SELECT source, json FROM messages WHERE id = ?1",
                [event.message_id.as_str()],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?;
        let kind = &event.event;
        let read = *kind == MessageEventKind::Read;
        let edited = *kind == MessageEventKind::Edited;
        let deleted = *kind == MessageEventKind::Deleted;
        let carries_text = matches!(kind, MessageEventKind::Received | MessageEventKind::Edited);
        let now = format_millis(&Utc::now());
        match existing {
            Some((source, _)) if source == "sync" => Ok(Stored::Unchanged),
            Some((_, old)) if old == json => Ok(Stored::Unchanged),
            Some(_) => {
                self.tx.execute(
                    "UPDATE messages SET
                         text = CASE WHEN ?2 AND ?3 IS NOT NULL THEN ?3 ELSE text END,
                         seen = CASE WHEN ?4 THEN 1 ELSE seen END,
                         edited = CASE WHEN ?5 THEN 1 ELSE edited END,
                         deleted = CASE WHEN ?6 THEN 1 ELSE deleted END,
                         attachments = MAX(attachments, ?7),
                         json = ?8, updated_at = ?9
                     WHERE id = ?1 AND source = 'webhook'",
                    params![
                        event.message_id.as_str(),
                        carries_text,
                        event.text,
                        read,
                        edited,
                        deleted,
                        count(event.attachments.len()),
                        json,
                        now,
                    ],
                )?;
                Ok(Stored::Updated)
            }
            None => {
                let sender = event.sender.as_ref();
                self.tx.execute(
                    "INSERT INTO messages (id, account_id, chat_id, sender_id,
                         sender_attendee_id, text, timestamp, is_sender, seen, edited,
                         deleted, hidden, reactions, attachments, source, json, stored_at,
                         updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, NULL, 0, ?12,
                         'webhook', ?13, ?14, ?14)",
                    params![
                        event.message_id.as_str(),
                        event.account_id.as_str(),
                        event.chat_id.as_str(),
                        sender.map(|s| s.attendee_provider_id.as_str()),
                        sender.map(|s| s.attendee_id.as_str()),
                        if carries_text {
                            event.text.as_deref()
                        } else {
                            None
                        },
                        format_millis(&event.timestamp),
                        event.is_own_message(),
                        read.then_some(true),
                        edited.then_some(true),
                        deleted.then_some(true),
                        count(event.attachments.len()),
                        json,
                        now,
                    ],
                )?;
                Ok(Stored::Inserted)
            }
        }
    }

    /// Stores the checkpoint of `scope`.
    pub fn save_checkpoint(&self, scope: &str, checkpoint: &Checkpoint) -> Result<(), Failure> {
        let json = serde_json::to_string(checkpoint)
            .map_err(|e| Failure::local("cannot serialize the sync checkpoint", e))?;
        self.tx
            .prepare_cached(
                "INSERT INTO sync_checkpoints (scope, checkpoint, updated_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (scope) DO UPDATE SET checkpoint = excluded.checkpoint,
                 updated_at = excluded.updated_at",
            )?
            .execute(params![scope, json, format_millis(&Utc::now())])?;
        Ok(())
    }

    /// Makes everything written in this batch durable.
    pub fn commit(self) -> Result<(), Failure> {
        Ok(self.tx.commit()?)
    }
}

/// A list length as SQLite stores integers.
fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::DateTime;
    use unipile_core::AccountId;
    use unipile_core::model::message::Reaction;

    fn message(id: &str) -> Message {
        let at = DateTime::parse_from_rfc3339("2025-06-02T09:30:00.000Z")
            .expect("time")
            .with_timezone(&Utc);
        let mut m = Message::new(id, "chat_1", "acc_1", at);
        m.text = Some("Hello".to_owned());
        m
    }

    fn event(json: &str) -> MessageEvent {
        match unipile_core::webhook::parse(json.as_bytes()).expect("parses") {
            unipile_core::WebhookEvent::MessageReceived(m)
            | unipile_core::WebhookEvent::MessageEdited(m)
            | unipile_core::WebhookEvent::MessageRead(m) => m,
            other => panic!("unexpected {other:?}"),
        }
    }

    const RECEIVED: &str = r#"{"account_id":"acc_1","account_type":"WHATSAPP",
        "event":"message_received","chat_id":"chat_1","message_id":"m1",
        "timestamp":"2025-06-02T09:30:00.000Z","message":"Hi from a webhook",
        "sender":{"attendee_id":"att","attendee_provider_id":"33600000000@s.whatsapp.net"}}"#;

    fn text_of(store: &Store, id: &str) -> (Option<String>, String) {
        store
            .conn
            .query_row(
                "SELECT text, source FROM messages WHERE id = ?1",
                [id],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .expect("row")
    }

    #[test]
    fn a_message_is_inserted_once_then_updated_only_when_it_changes() {
        let dir = tempfile::tempdir().expect("dir");
        let mut store = Store::open(&dir.path().join("m.sqlite")).expect("open");
        let mut m = message("m1");
        let batch = store.transaction().expect("tx");
        assert_eq!(batch.upsert_message(&m).expect("store"), Stored::Inserted);
        assert_eq!(batch.upsert_message(&m).expect("store"), Stored::Unchanged);
        m.seen = true;
        m.reactions.push(Reaction::new("👍", "someone", false));
        assert_eq!(batch.upsert_message(&m).expect("store"), Stored::Updated);
        batch.commit().expect("commit");
        assert_eq!(store.message_count().expect("count"), 1);
        let (seen, reactions): (bool, i64) = store
            .conn
            .query_row("SELECT seen, reactions FROM messages", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .expect("row");
        assert!(seen);
        assert_eq!(reactions, 1);
    }

    #[test]
    fn an_uncommitted_batch_leaves_nothing() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("m.sqlite");
        let mut store = Store::open(&path).expect("open");
        {
            let batch = store.transaction().expect("tx");
            batch.upsert_message(&message("m1")).expect("store");
            batch
                .save_checkpoint("acc_1", &Checkpoint::new(AccountId::new("acc_1")))
                .expect("checkpoint");
        }
        assert_eq!(store.message_count().expect("count"), 0);
        assert_eq!(store.checkpoint("acc_1").expect("read"), None);
    }

    #[test]
    fn a_webhook_never_overwrites_a_synced_row_but_a_sync_replaces_a_webhook_row() {
        let dir = tempfile::tempdir().expect("dir");
        let mut store = Store::open(&dir.path().join("m.sqlite")).expect("open");
        let batch = store.transaction().expect("tx");
        // Webhook first: a partial row, then an edit updates its text.
        let received = event(RECEIVED);
        assert_eq!(
            batch.store_webhook_event(&received).expect("store"),
            Stored::Inserted
        );
        assert_eq!(
            batch.store_webhook_event(&received).expect("store"),
            Stored::Unchanged
        );
        let edited = event(
            &RECEIVED
                .replace("message_received", "message_edited")
                .replace("Hi from a webhook", "Hi, edited"),
        );
        assert_eq!(
            batch.store_webhook_event(&edited).expect("store"),
            Stored::Updated
        );
        batch.commit().expect("commit");
        assert_eq!(
            text_of(&store, "m1"),
            (Some("Hi, edited".to_owned()), "webhook".to_owned())
        );

        // The sync brings the whole message: it replaces the webhook row.
        let batch = store.transaction().expect("tx");
        assert_eq!(
            batch.upsert_message(&message("m1")).expect("store"),
            Stored::Updated
        );
        // A later webhook leaves the richer row alone.
        assert_eq!(
            batch.store_webhook_event(&edited).expect("store"),
            Stored::Unchanged
        );
        batch.commit().expect("commit");
        assert_eq!(
            text_of(&store, "m1"),
            (Some("Hello".to_owned()), "sync".to_owned())
        );
        assert_eq!(store.message_count().expect("count"), 1);
    }

    #[test]
    fn checkpoints_round_trip_per_scope() {
        let dir = tempfile::tempdir().expect("dir");
        let mut store = Store::open(&dir.path().join("m.sqlite")).expect("open");
        let checkpoint = Checkpoint::all_accounts();
        let batch = store.transaction().expect("tx");
        batch
            .save_checkpoint(ALL_ACCOUNTS, &checkpoint)
            .expect("save");
        batch.commit().expect("commit");
        assert_eq!(
            store.checkpoint(ALL_ACCOUNTS).expect("read"),
            Some(checkpoint)
        );
        assert_eq!(store.checkpoint("acc_other").expect("read"), None);
    }
}
