//! The PostgreSQL backend: one database shared by any number of sync workers and
//! webhook listeners.
//!
//! Connections come from a `deadpool-postgres` pool. A write reads the rows it merges
//! with `SELECT … FOR UPDATE`, so concurrent writers of the same message take turns; a
//! row that did not exist is inserted with `ON CONFLICT DO NOTHING`, and when another
//! writer inserted it first the transaction is rolled back and run again, now merging
//! with that row. A page is written with two statements whatever its size (an
//! `INSERT … SELECT FROM UNNEST(…)` of the new rows and an `UPDATE … FROM UNNEST(…)` of
//! the changed ones). Leases compare their expiry with the database's `now()`, so the
//! workers' clocks do not matter.

mod connect;

pub use connect::PostgresOptions;

use crate::error::StoreError;
use crate::record::{self, Change, Row};
use crate::store::{
    AccountHealth, Backend, Completeness, DeadLetter, EventOutcome, Lease, PartialMessage, Store,
    StoredMessage, UpsertCounts,
};
use crate::{AccountId, Message, MessageEvent, MessageId};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use connect::Identity;
use deadpool_postgres::{Object, Pool, Transaction};
use std::collections::HashMap;
use std::fmt;
use std::time::Duration;

/// How many times a write whose new row another writer inserted first is run again.
const RACE_RETRIES: usize = 8;

/// A message store in a PostgreSQL database.
#[derive(Clone)]
pub struct PostgresStore {
    pool: Pool,
    identity: Identity,
}

impl fmt::Debug for PostgresStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PostgresStore")
            .field("target", &self.identity.target)
            .finish_non_exhaustive()
    }
}

/// The rows a write found, keyed by id.
type Found = HashMap<String, Row>;

/// A write's outcome, or `None` when another writer inserted one of its new rows first.
type Attempt<T> = Result<Option<T>, StoreError>;

impl PostgresStore {
    /// Connects to the database at `url` (`postgres://user:password@host:port/db`,
    /// `?sslmode=require` for TLS) and brings its schema up to date.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        Self::connect_with(url, &PostgresOptions::default()).await
    }

    /// [`connect`](Self::connect) with options (a schema, the pool's size…).
    pub async fn connect_with(url: &str, options: &PostgresOptions) -> Result<Self, StoreError> {
        let (config, identity) = connect::configure(url, options)?;
        let pool = connect::pool(config, &identity, options)?;
        connect::migrate(&pool, &identity, options.schema.as_deref()).await?;
        Ok(Self { pool, identity })
    }

    /// Where this store connects: `user@host:port/database` (never the password).
    pub fn target(&self) -> &str {
        &self.identity.target
    }

    async fn client(&self) -> Result<Object, StoreError> {
        self.pool
            .get()
            .await
            .map_err(|e| self.identity.connect_error(&e))
    }

    fn fail(&self, operation: &'static str) -> impl Fn(tokio_postgres::Error) -> StoreError + '_ {
        move |e| self.identity.error(operation, &e)
    }
}

/// The error when a write kept losing the race to insert a row.
fn still_racing(operation: &'static str) -> StoreError {
    StoreError::Database {
        operation,
        message: format!("still racing with other writers after {RACE_RETRIES} tries"),
    }
}

async fn load_rows(tx: &Transaction<'_>, ids: &[&str], id: &Identity) -> Result<Found, StoreError> {
    let rows = tx
        .query(
            "SELECT id, source, json, text_at FROM messages WHERE id = ANY($1)
             ORDER BY id FOR UPDATE",
            &[&ids],
        )
        .await
        .map_err(|e| id.error("reading stored messages", &e))?;
    rows.into_iter()
        .map(|r| {
            let key: String = r.get(0);
            let source: String = r.get(1);
            let message = serde_json::from_value(r.get(2)).map_err(|e| StoreError::Corrupt {
                what: format!("message `{key}`"),
                message: e.to_string(),
            })?;
            let row = Row {
                message,
                complete: record::is_complete_source(&source),
                text_at: r.get(3),
            };
            Ok((key, row))
        })
        .collect()
}

/// The rows as one array per column, for `UNNEST`.
#[derive(Default)]
struct Columns {
    id: Vec<String>,
    account_id: Vec<String>,
    chat_id: Vec<String>,
    sender_id: Vec<Option<String>>,
    sender_attendee_id: Vec<Option<String>>,
    text: Vec<Option<String>>,
    timestamp: Vec<DateTime<Utc>>,
    is_sender: Vec<bool>,
    seen: Vec<bool>,
    edited: Vec<bool>,
    deleted: Vec<bool>,
    hidden: Vec<bool>,
    reactions: Vec<i32>,
    attachments: Vec<i32>,
    source: Vec<&'static str>,
    json: Vec<serde_json::Value>,
    text_at: Vec<Option<DateTime<Utc>>>,
}

impl Columns {
    fn push(&mut self, row: &Row) -> Result<(), StoreError> {
        let m = &row.message;
        let json = row.json().map_err(|e| StoreError::Corrupt {
            what: format!("message `{}`", m.id.as_str()),
            message: e.to_string(),
        })?;
        self.id.push(m.id.as_str().to_owned());
        self.account_id.push(m.account_id.as_str().to_owned());
        self.chat_id.push(m.chat_id.as_str().to_owned());
        self.sender_id.push(row.sender_id().map(str::to_owned));
        self.sender_attendee_id
            .push(row.sender_attendee_id().map(str::to_owned));
        self.text.push(m.text.clone());
        self.timestamp.push(m.timestamp);
        self.is_sender.push(m.is_sender);
        self.seen.push(m.is_seen());
        self.edited.push(m.edited);
        self.deleted.push(m.deleted);
        self.hidden.push(m.hidden);
        self.reactions
            .push(i32::try_from(m.reactions.len()).unwrap_or(i32::MAX));
        self.attachments
            .push(i32::try_from(m.attachments.len()).unwrap_or(i32::MAX));
        self.source.push(record::source_name(row.complete));
        self.json.push(json);
        self.text_at.push(row.text_at);
        Ok(())
    }

    fn params(&self) -> [&(dyn tokio_postgres::types::ToSql + Sync); 17] {
        [
            &self.id,
            &self.account_id,
            &self.chat_id,
            &self.sender_id,
            &self.sender_attendee_id,
            &self.text,
            &self.timestamp,
            &self.is_sender,
            &self.seen,
            &self.edited,
            &self.deleted,
            &self.hidden,
            &self.reactions,
            &self.attachments,
            &self.source,
            &self.json,
            &self.text_at,
        ]
    }
}

const UNNEST: &str = "UNNEST($1::text[], $2::text[], $3::text[], $4::text[], $5::text[],
    $6::text[], $7::timestamptz[], $8::bool[], $9::bool[], $10::bool[], $11::bool[],
    $12::bool[], $13::int4[], $14::int4[], $15::text[], $16::jsonb[], $17::timestamptz[])
    AS u(id, account_id, chat_id, sender_id, sender_attendee_id, text, timestamp, is_sender,
         seen, edited, deleted, hidden, reactions, attachments, source, json, text_at)";

/// Writes the merged rows; `false` when another writer inserted one of the new rows
/// first (the caller rolls back and tries again).
async fn write_rows(
    tx: &Transaction<'_>,
    inserts: &[Row],
    updates: &[Row],
    id: &Identity,
) -> Result<bool, StoreError> {
    if !inserts.is_empty() {
        let mut columns = Columns::default();
        for row in inserts {
            columns.push(row)?;
        }
        let sql = format!(
            "INSERT INTO messages (id, account_id, chat_id, sender_id, sender_attendee_id,
                 text, timestamp, is_sender, seen, edited, deleted, hidden, reactions,
                 attachments, source, json, text_at, stored_at, updated_at)
             SELECT u.*, now(), now() FROM {UNNEST}
             ON CONFLICT (id) DO NOTHING"
        );
        let written = tx
            .execute(&sql, &columns.params())
            .await
            .map_err(|e| id.error("inserting messages", &e))?;
        if usize::try_from(written).ok() != Some(inserts.len()) {
            return Ok(false);
        }
    }
    if !updates.is_empty() {
        let mut columns = Columns::default();
        for row in updates {
            columns.push(row)?;
        }
        let sql = format!(
            "UPDATE messages AS m SET account_id = u.account_id, chat_id = u.chat_id,
                 sender_id = u.sender_id, sender_attendee_id = u.sender_attendee_id,
                 text = u.text, timestamp = u.timestamp, is_sender = u.is_sender,
                 seen = u.seen, edited = u.edited, deleted = u.deleted, hidden = u.hidden,
                 reactions = u.reactions, attachments = u.attachments, source = u.source,
                 json = u.json, text_at = u.text_at, updated_at = now()
             FROM {UNNEST} WHERE m.id = u.id"
        );
        tx.execute(&sql, &columns.params())
            .await
            .map_err(|e| id.error("updating messages", &e))?;
    }
    Ok(true)
}

/// Merges a page into the rows found and writes it; `None` when a new row lost a race.
async fn store_page(
    tx: &Transaction<'_>,
    page: &[Message],
    id: &Identity,
) -> Attempt<UpsertCounts> {
    let ids: Vec<&str> = page.iter().map(|m| m.id.as_str()).collect();
    let mut found = load_rows(tx, &ids, id).await?;
    let mut counts = UpsertCounts::default();
    // Per id: the row to write, and whether it is new to the table.
    let mut pending: HashMap<String, (Row, bool)> = HashMap::new();
    let mut order = Vec::new();
    for message in page {
        let key = message.id.as_str();
        let existing = pending.get(key).map(|(row, _)| row).or(found.get(key));
        let (row, new) = match record::merge_full(existing, message) {
            Change::Insert(row) => {
                counts.inserted += 1;
                (row, true)
            }
            Change::Update(row) => {
                counts.updated += 1;
                let new = pending.get(key).is_some_and(|(_, new)| *new);
                (row, new)
            }
            Change::Unchanged => {
                counts.unchanged += 1;
                continue;
            }
        };
        if !pending.contains_key(key) {
            order.push(key.to_owned());
        }
        found.remove(key);
        pending.insert(key.to_owned(), (row, new));
    }
    // Writers lock and insert rows in id order, so two pages that share messages wait
    // for each other instead of deadlocking.
    order.sort_unstable();
    let mut inserts = Vec::new();
    let mut updates = Vec::new();
    for key in order {
        if let Some((row, new)) = pending.remove(&key) {
            if new { &mut inserts } else { &mut updates }.push(row);
        }
    }
    Ok(write_rows(tx, &inserts, &updates, id)
        .await?
        .then_some(counts))
}

fn read_health(r: &tokio_postgres::Row) -> AccountHealth {
    AccountHealth {
        account_id: AccountId::new(r.get::<_, String>(0)),
        status: r.get(1),
        status_at: r.get(2),
        healthy: r.get(3),
        last_healthy_at: r.get(4),
        needs_backfill_since: r.get(5),
        backfill_marked_at: r.get(6),
    }
}

const HEALTH_COLUMNS: &str = "account_id, status, status_at, healthy, last_healthy_at,
    needs_backfill_since, backfill_marked_at";

fn read_lease(r: &tokio_postgres::Row) -> Lease {
    Lease {
        account_id: AccountId::new(r.get::<_, String>(0)),
        worker_id: r.get(1),
        token: r.get(2),
        expires_at: r.get(3),
    }
}

fn millis(ttl: Duration) -> i64 {
    i64::try_from(ttl.as_millis()).unwrap_or(i64::MAX)
}

mod store_impl;
