//! The PostgreSQL backend: one database shared by any number of sync workers and
//! webhook listeners.
//!
//! Connections come from a `deadpool-postgres` pool. A page is written with at most
//! three statements whatever its size: one `INSERT … SELECT FROM UNNEST(…) ON CONFLICT
//! DO NOTHING` of every message as it is (on a first sync, every message is new and
//! that is all), then, for the ids already stored, a `SELECT … FOR UPDATE` and an
//! `UPDATE … FROM UNNEST(…)` of the merged rows. Rows are inserted and locked in id
//! order, so two writers of the same messages take turns instead of deadlocking. A
//! webhook event reads its row `FOR UPDATE` first; when another writer inserted the row
//! it meant to insert, its transaction is rolled back and run again, now merging with
//! that row. Leases compare their expiry with the database's `now()`, so the workers'
//! clocks do not matter.

mod connect;

pub use connect::PostgresOptions;

use crate::error::StoreError;
use crate::record::{self, Change, Row, RowView};
use crate::store::{
    AccountHealth, Backend, Completeness, DeadLetter, EventOutcome, Lease, PartialMessage, Store,
    StoredMessage, UpsertCounts,
};
use crate::{AccountId, Message, MessageEvent, MessageId};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use connect::Identity;
use deadpool_postgres::{Object, Pool, Transaction};
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::time::Duration;
use tokio_postgres::types::Json;

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

/// The rows as one array per column, for `UNNEST`; the texts and the JSON are borrowed
/// from the rows (the JSON is written straight from the message, as `jsonb`).
#[derive(Default)]
struct Columns<'a> {
    id: Vec<&'a str>,
    account_id: Vec<&'a str>,
    chat_id: Vec<&'a str>,
    sender_id: Vec<Option<&'a str>>,
    sender_attendee_id: Vec<Option<&'a str>>,
    text: Vec<Option<&'a str>>,
    timestamp: Vec<DateTime<Utc>>,
    is_sender: Vec<bool>,
    seen: Vec<bool>,
    edited: Vec<bool>,
    deleted: Vec<bool>,
    hidden: Vec<bool>,
    reactions: Vec<i32>,
    attachments: Vec<i32>,
    source: Vec<&'static str>,
    json: Vec<Json<&'a Message>>,
    text_at: Vec<Option<DateTime<Utc>>>,
}

impl<'a> Columns<'a> {
    fn of(rows: impl IntoIterator<Item = RowView<'a>>) -> Self {
        let mut columns = Columns::default();
        for row in rows {
            columns.push(row);
        }
        columns
    }

    fn push(&mut self, row: RowView<'a>) {
        let m = row.message;
        self.id.push(m.id.as_str());
        self.account_id.push(m.account_id.as_str());
        self.chat_id.push(m.chat_id.as_str());
        self.sender_id.push(row.sender_id());
        self.sender_attendee_id.push(row.sender_attendee_id());
        self.text.push(m.text.as_deref());
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
        self.json.push(Json(m));
        self.text_at.push(row.text_at);
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

/// The rows' parameters `$1` to `$17` ([`Columns::params`]) as a table `u`.
macro_rules! unnest {
    () => {
        "UNNEST($1::text[], $2::text[], $3::text[], $4::text[], $5::text[],
    $6::text[], $7::timestamptz[], $8::bool[], $9::bool[], $10::bool[], $11::bool[],
    $12::bool[], $13::int4[], $14::int4[], $15::text[], $16::jsonb[], $17::timestamptz[])
    AS u(id, account_id, chat_id, sender_id, sender_attendee_id, text, timestamp, is_sender,
         seen, edited, deleted, hidden, reactions, attachments, source, json, text_at)"
    };
}
const UNNEST: &str = unnest!();

/// `INSERT INTO messages … SELECT` every column from [`UNNEST`].
const INSERT_MESSAGES: &str = concat!(
    "INSERT INTO messages (id, account_id, chat_id, sender_id, sender_attendee_id, text,
         timestamp, is_sender, seen, edited, deleted, hidden, reactions, attachments,
         source, json, text_at, stored_at, updated_at)
     SELECT u.*, now(), now() FROM ",
    unnest!()
);

/// Writes the merged rows; `false` when another writer inserted one of the new rows
/// first (the caller rolls back and tries again).
async fn write_rows(
    tx: &Transaction<'_>,
    inserts: &[Row],
    updates: &[Row],
    id: &Identity,
) -> Result<bool, StoreError> {
    if !inserts.is_empty() {
        let columns = Columns::of(inserts.iter().map(Row::view));
        let sql = format!("{INSERT_MESSAGES} ON CONFLICT (id) DO NOTHING");
        let written = tx
            .execute(&sql, &columns.params())
            .await
            .map_err(|e| id.error("inserting messages", &e))?;
        if usize::try_from(written).ok() != Some(inserts.len()) {
            return Ok(false);
        }
    }
    if !updates.is_empty() {
        let columns = Columns::of(updates.iter().map(Row::view));
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

/// Merges a page into what is stored and writes it; `None` when a row it read vanished
/// (the caller rolls back and tries again).
///
/// The page's messages are first inserted as they are, in one statement, in id order,
/// skipping the ids already stored: on a first sync that is every message, and nothing
/// is read. Only the others (stored before, by an earlier pass, a webhook or another
/// writer; or a second time in this page) are then read `FOR UPDATE`, merged in page
/// order and updated. An id another writer is inserting at the same time waits for
/// that writer's commit, so it is either inserted here or read there.
async fn store_page(
    tx: &Transaction<'_>,
    page: &[Message],
    id: &Identity,
) -> Attempt<UpsertCounts> {
    let mut firsts: HashSet<&str> = HashSet::with_capacity(page.len());
    let mut fresh: Vec<RowView<'_>> = page
        .iter()
        .filter(|m| firsts.insert(m.id.as_str()))
        .map(record::new_full_row)
        .collect();
    // Writers lock and insert rows in id order, so two pages that share messages wait
    // for each other instead of deadlocking.
    fresh.sort_unstable_by(|a, b| a.message.id.as_str().cmp(b.message.id.as_str()));
    let inserted = insert_new_rows(tx, fresh, id).await?;
    let mut counts = UpsertCounts {
        inserted: inserted.len() as u64,
        ..UpsertCounts::default()
    };
    firsts.clear();
    let rest: Vec<&Message> = page
        .iter()
        .filter(|m| {
            let key = m.id.as_str();
            !(firsts.insert(key) && inserted.contains(key))
        })
        .collect();
    if rest.is_empty() {
        return Ok(Some(counts));
    }
    let ids: Vec<&str> = rest.iter().map(|m| m.id.as_str()).collect();
    let found = load_rows(tx, &ids, id).await?;
    // Per id, the row as merged so far, to write.
    let mut merged: HashMap<&str, Row> = HashMap::new();
    for message in rest {
        let key = message.id.as_str();
        match record::merge_full(merged.get(key).or(found.get(key)), message) {
            Change::Insert(_) => return Ok(None),
            Change::Update(row) => {
                counts.updated += 1;
                merged.insert(key, row);
            }
            Change::Unchanged => counts.unchanged += 1,
        }
    }
    let mut updates: Vec<Row> = merged.into_values().collect();
    updates.sort_unstable_by(|a, b| a.message.id.as_str().cmp(b.message.id.as_str()));
    Ok(write_rows(tx, &[], &updates, id).await?.then_some(counts))
}

/// Inserts the rows whose id is not stored yet (`ON CONFLICT DO NOTHING`); the ids
/// inserted.
async fn insert_new_rows(
    tx: &Transaction<'_>,
    rows: Vec<RowView<'_>>,
    id: &Identity,
) -> Result<HashSet<String>, StoreError> {
    let columns = Columns::of(rows);
    let sql = format!("{INSERT_MESSAGES} ON CONFLICT (id) DO NOTHING RETURNING id");
    let inserted = tx
        .query(&sql, &columns.params())
        .await
        .map_err(|e| id.error("inserting messages", &e))?;
    Ok(inserted.iter().map(|r| r.get(0)).collect())
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
