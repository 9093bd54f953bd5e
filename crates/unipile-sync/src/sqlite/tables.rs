//! The rows of the SQLite tables: times as text, a message row read and written, a page
//! merged, checkpoints, health and leases.

use crate::record::{self, Change, Row, RowView};
use crate::store::{AccountHealth, Lease, UpsertCounts};
use crate::{AccountId, Message};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Statement, Transaction, params};
use std::time::Duration;

/// A time as stored: `YYYY-MM-DDTHH:MM:SS.sssZ`, which sorts as time.
pub(super) fn text_time(at: &DateTime<Utc>) -> String {
    unipile_core::model::timestamp::format_millis(at)
}

pub(super) fn parse_time(text: &str) -> rusqlite::Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, e.into())
        })
}

pub(super) fn parse_opt_time(text: Option<String>) -> rusqlite::Result<Option<DateTime<Utc>>> {
    text.as_deref().map(parse_time).transpose()
}

fn corrupt(e: impl std::error::Error + Send + Sync + 'static) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
}

pub(super) fn load_row(tx: &Transaction<'_>, id: &str) -> rusqlite::Result<Option<Row>> {
    let found: Option<(String, String, Option<String>)> = tx
        .prepare_cached("SELECT source, json, text_at FROM messages WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    found
        .map(|(source, json, text_at)| {
            Ok(Row {
                message: serde_json::from_str(&json).map_err(corrupt)?,
                complete: record::is_complete_source(&source),
                text_at: parse_opt_time(text_at)?,
            })
        })
        .transpose()
}

/// `INSERT INTO messages … VALUES …` with every column a row writes, in the order of
/// [`bind_row`]'s parameters (`stored_at` and `updated_at` are both `?18`), then `$tail`.
macro_rules! insert_message {
    ($tail:literal) => {
        concat!(
            "INSERT INTO messages (id, account_id, chat_id, sender_id, sender_attendee_id,
                 text, timestamp, is_sender, seen, edited, deleted, hidden, reactions,
                 attachments, source, json, text_at, stored_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                 ?17, ?18, ?18) ",
            $tail
        )
    };
}

/// Writes `row` in place of the one stored under its id, or as a new one.
pub(super) fn write_row(tx: &Transaction<'_>, row: &Row, now: &str) -> rusqlite::Result<()> {
    let sql = insert_message!(
        "ON CONFLICT (id) DO UPDATE SET
             account_id = excluded.account_id, chat_id = excluded.chat_id,
             sender_id = excluded.sender_id, sender_attendee_id = excluded.sender_attendee_id,
             text = excluded.text, timestamp = excluded.timestamp,
             is_sender = excluded.is_sender, seen = excluded.seen, edited = excluded.edited,
             deleted = excluded.deleted, hidden = excluded.hidden,
             reactions = excluded.reactions, attachments = excluded.attachments,
             source = excluded.source, json = excluded.json, text_at = excluded.text_at,
             updated_at = excluded.updated_at"
    );
    bind_row(&mut *tx.prepare_cached(sql)?, row.view(), now)?;
    Ok(())
}

/// Writes `row` only if no row has its id yet; `false` when one has (nothing written).
fn insert_new_row(tx: &Transaction<'_>, row: RowView<'_>, now: &str) -> rusqlite::Result<bool> {
    let sql = insert_message!("ON CONFLICT (id) DO NOTHING");
    Ok(bind_row(&mut *tx.prepare_cached(sql)?, row, now)? == 1)
}

/// Runs `statement` (an [`insert_message!`]) with `row`'s values; the rows it changed.
fn bind_row(statement: &mut Statement<'_>, row: RowView<'_>, now: &str) -> rusqlite::Result<usize> {
    let m = row.message;
    let json = serde_json::to_string(m).map_err(corrupt)?;
    statement.execute(params![
        m.id.as_str(),
        m.account_id.as_str(),
        m.chat_id.as_str(),
        row.sender_id(),
        row.sender_attendee_id(),
        m.text,
        text_time(&m.timestamp),
        m.is_sender,
        m.is_seen(),
        m.edited,
        m.deleted,
        m.hidden,
        count(m.reactions.len()),
        count(m.attachments.len()),
        record::source_name(row.complete),
        json,
        row.text_at.as_ref().map(text_time),
        now,
    ])
}

fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Merges and writes a page inside `tx`.
///
/// A message with no row yet (every message of a first sync) is inserted as it is,
/// without a read first; only a message already stored (seen by an earlier pass or a
/// webhook, or twice in this page) is read and merged.
pub(super) fn store_page(tx: &Transaction<'_>, page: &[Message]) -> rusqlite::Result<UpsertCounts> {
    let now = text_time(&Utc::now());
    let mut counts = UpsertCounts::default();
    for message in page {
        if insert_new_row(tx, record::new_full_row(message), &now)? {
            counts.inserted += 1;
            continue;
        }
        let existing = load_row(tx, message.id.as_str())?;
        match record::merge_full(existing.as_ref(), message) {
            Change::Insert(row) => {
                counts.inserted += 1;
                write_row(tx, &row, &now)?;
            }
            Change::Update(row) => {
                counts.updated += 1;
                write_row(tx, &row, &now)?;
            }
            Change::Unchanged => counts.unchanged += 1,
        }
    }
    Ok(counts)
}

pub(super) fn store_checkpoint(
    tx: &Transaction<'_>,
    scope: &str,
    json: &str,
) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO sync_checkpoints (scope, checkpoint, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (scope) DO UPDATE SET checkpoint = excluded.checkpoint,
             updated_at = excluded.updated_at",
    )?
    .execute(params![scope, json, text_time(&Utc::now())])?;
    Ok(())
}

const HEALTH_COLUMNS: &str = "account_id, status, status_at, healthy, last_healthy_at,
    needs_backfill_since, backfill_marked_at";

fn health_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<AccountHealth> {
    Ok(AccountHealth {
        account_id: AccountId::new(r.get::<_, String>(0)?),
        status: r.get(1)?,
        status_at: parse_time(&r.get::<_, String>(2)?)?,
        healthy: r.get(3)?,
        last_healthy_at: parse_opt_time(r.get(4)?)?,
        needs_backfill_since: parse_opt_time(r.get(5)?)?,
        backfill_marked_at: parse_opt_time(r.get(6)?)?,
    })
}

pub(super) fn read_health(
    conn: &Connection,
    account: &str,
) -> rusqlite::Result<Option<AccountHealth>> {
    conn.query_row(
        &format!("SELECT {HEALTH_COLUMNS} FROM account_health WHERE account_id = ?1"),
        [account],
        health_row,
    )
    .optional()
}

pub(super) fn all_health(conn: &Connection) -> rusqlite::Result<Vec<AccountHealth>> {
    conn.prepare(&format!(
        "SELECT {HEALTH_COLUMNS} FROM account_health ORDER BY account_id"
    ))?
    .query_map([], health_row)?
    .collect()
}

pub(super) fn read_lease(r: &rusqlite::Row<'_>, account: &str) -> rusqlite::Result<Lease> {
    Ok(Lease {
        account_id: AccountId::new(account),
        worker_id: r.get(0)?,
        token: r.get(1)?,
        expires_at: parse_time(&r.get::<_, String>(2)?)?,
    })
}

pub(super) fn expiry(ttl: Duration) -> (String, String) {
    let now = Utc::now();
    let until = now + chrono::TimeDelta::from_std(ttl).unwrap_or(chrono::TimeDelta::MAX);
    (text_time(&now), text_time(&until))
}
