//! The SQLite backend: one file, embedded, no setup.
//!
//! One connection, used from a blocking thread (`spawn_blocking`) so that the async
//! threads never wait on the disk. Writes run in `BEGIN IMMEDIATE` transactions: the
//! file's write lock makes every read-merge-write atomic, across processes too (several
//! processes may open the same file; WAL lets readers run beside the writer).

use crate::error::StoreError;
use crate::migrations::{MIGRATIONS, MIGRATIONS_TABLE, latest_version};
use crate::record::{self, Change};
use crate::store::{
    AccountHealth, Backend, Completeness, DeadLetter, EventOutcome, Lease, PartialMessage, Store,
    StoredMessage, UpsertCounts,
};
use crate::{AccountId, Message, MessageEvent, MessageId};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The log's length, in pages of 4 KiB, that starts a copy of it into the database file.
const WAL_AUTOCHECKPOINT_PAGES: i64 = 10_000;

/// A message store in one SQLite file.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    path: PathBuf,
    conn: Arc<Mutex<Durable>>,
}

impl SqliteStore {
    /// Opens (or creates) the file at `path` and brings its schema up to date.
    pub async fn open(path: impl AsRef<Path>) -> Result<Self, StoreError> {
        let path = path.as_ref().to_path_buf();
        let shown = path.display().to_string();
        let open_error = move |e: rusqlite::Error| StoreError::Open {
            path: shown.clone(),
            message: e.to_string(),
        };
        let opened = path.clone();
        let conn = tokio::task::spawn_blocking(move || -> Result<Connection, StoreError> {
            let mut conn = Connection::open(&opened).map_err(&open_error)?;
            conn.busy_timeout(Duration::from_secs(10))
                .map_err(&open_error)?;
            conn.pragma_update(None, "journal_mode", "WAL")
                .map_err(&open_error)?;
            // Copying the log into the file every 40 MB of it rather than every 4 MB: a
            // page of messages touches the id index at random, and each copy writes
            // every page the log changed since the last one, however often.
            conn.pragma_update(None, "wal_autocheckpoint", WAL_AUTOCHECKPOINT_PAGES)
                .map_err(&open_error)?;
            migrate(&mut conn)?;
            Ok(conn)
        })
        .await
        .map_err(|e| StoreError::database("opening the SQLite database", e))??;
        Ok(Self {
            path,
            conn: Arc::new(Mutex::new(Durable {
                conn,
                synchronous: None,
            })),
        })
    }

    /// The file this store writes.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `work` on the connection, off the async threads, its commits durable before
    /// they return ([`Commit::Durable`]).
    async fn run<T: Send + 'static>(
        &self,
        operation: &'static str,
        work: impl FnOnce(&mut Connection) -> rusqlite::Result<T> + Send + 'static,
    ) -> Result<T, StoreError> {
        self.run_with(Commit::Durable, operation, work).await
    }

    /// Runs `work` on the connection, off the async threads, its commits as `commit`
    /// says.
    async fn run_with<T: Send + 'static>(
        &self,
        commit: Commit,
        operation: &'static str,
        work: impl FnOnce(&mut Connection) -> rusqlite::Result<T> + Send + 'static,
    ) -> Result<T, StoreError> {
        let conn = Arc::clone(&self.conn);
        tokio::task::spawn_blocking(move || {
            let mut durable = conn
                .lock()
                .map_err(|_| StoreError::database(operation, "a previous use panicked"))?;
            durable
                .commit_as(commit)
                .and_then(|()| work(&mut durable.conn))
                .map_err(|e| match e {
                    rusqlite::Error::ToSqlConversionFailure(e)
                    | rusqlite::Error::FromSqlConversionFailure(_, _, e) => StoreError::Corrupt {
                        what: operation.to_owned(),
                        message: e.to_string(),
                    },
                    e => StoreError::database(operation, e),
                })
        })
        .await
        .map_err(|e| StoreError::database(operation, e))?
    }
}

fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let fail = |e: rusqlite::Error| StoreError::database("migrating the SQLite schema", e);
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(fail)?;
    tx.execute_batch(MIGRATIONS_TABLE).map_err(fail)?;
    let current: u32 = tx
        .query_row(
            "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
            [],
            |r| r.get(0),
        )
        .map_err(fail)?;
    if current > latest_version() {
        return Err(StoreError::SchemaTooNew {
            found: current,
            known: latest_version(),
        });
    }
    for migration in MIGRATIONS.iter().filter(|m| m.version > current) {
        tx.execute_batch(migration.sqlite).map_err(fail)?;
        tx.execute(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)",
            params![migration.version, migration.name, text_time(&Utc::now())],
        )
        .map_err(fail)?;
    }
    tx.commit().map_err(fail)
}

mod durability;
mod tables;

use durability::{Commit, Durable};

use tables::{
    all_health, expiry, load_row, parse_opt_time, parse_time, read_health, read_lease,
    store_checkpoint, store_page, text_time, write_row,
};

#[async_trait]
impl Store for SqliteStore {
    fn backend(&self) -> Backend {
        Backend::Sqlite
    }

    async fn schema_version(&self) -> Result<u32, StoreError> {
        self.run("reading the schema version", |c| {
            c.query_row(
                "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
                [],
                |r| r.get(0),
            )
        })
        .await
    }

    async fn upsert_messages(&self, page: &[Message]) -> Result<UpsertCounts, StoreError> {
        let page = page.to_vec();
        let operation = "storing a page of messages";
        self.run_with(Commit::Refetchable, operation, move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let counts = store_page(&tx, &page)?;
            tx.commit()?;
            Ok(counts)
        })
        .await
    }

    async fn upsert_page_with_checkpoint(
        &self,
        page: &[Message],
        scope: &str,
        checkpoint: &serde_json::Value,
    ) -> Result<UpsertCounts, StoreError> {
        let page = page.to_vec();
        let scope = scope.to_owned();
        let json = checkpoint.to_string();
        self.run("storing a page and its checkpoint", move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let counts = store_page(&tx, &page)?;
            store_checkpoint(&tx, &scope, &json)?;
            tx.commit()?;
            Ok(counts)
        })
        .await
    }

    async fn apply_message_event(&self, event: &MessageEvent) -> Result<EventOutcome, StoreError> {
        let event = event.clone();
        self.run("storing a webhook event", move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let existing = load_row(&tx, event.message_id.as_str())?;
            let (row, outcome) = match record::merge_event(existing.as_ref(), &event) {
                Change::Insert(row) => (row, EventOutcome::Inserted),
                Change::Update(row) => (row, EventOutcome::Updated),
                Change::Unchanged => return Ok(EventOutcome::Unchanged),
            };
            write_row(&tx, &row, &text_time(&Utc::now()))?;
            tx.commit()?;
            Ok(outcome)
        })
        .await
    }

    async fn message(&self, id: &MessageId) -> Result<Option<StoredMessage>, StoreError> {
        let id = id.as_str().to_owned();
        let row = self
            .run("reading a message", move |c| {
                let tx = c.transaction()?;
                load_row(&tx, &id)
            })
            .await?;
        Ok(row.map(|row| StoredMessage {
            message: row.message,
            completeness: if row.complete {
                Completeness::Full
            } else {
                Completeness::Partial
            },
            text_at: row.text_at,
        }))
    }

    async fn message_count(&self) -> Result<u64, StoreError> {
        let n: i64 = self
            .run("counting messages", |c| {
                c.query_row("SELECT COUNT(*) FROM messages", [], |r| r.get(0))
            })
            .await?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    async fn partial_messages(
        &self,
        account: Option<&AccountId>,
        limit: u32,
    ) -> Result<Vec<PartialMessage>, StoreError> {
        let account = account.map(|a| a.as_str().to_owned());
        self.run("listing partial messages", move |c| {
            let mut stmt = c.prepare_cached(
                "SELECT account_id, id FROM messages WHERE source = 'webhook'
                     AND (?2 IS NULL OR account_id = ?2)
                 ORDER BY partial_misses, stored_at, id LIMIT ?1",
            )?;
            stmt.query_map(params![limit, account], |r| {
                Ok(PartialMessage {
                    account_id: AccountId::new(r.get::<_, String>(0)?),
                    message_id: MessageId::new(r.get::<_, String>(1)?),
                })
            })?
            .collect()
        })
        .await
    }

    async fn partial_not_found(&self, id: &MessageId) -> Result<(), StoreError> {
        let id = id.as_str().to_owned();
        self.run("recording a partial message not found", move |c| {
            c.execute(
                "UPDATE messages SET partial_misses = partial_misses + 1
                 WHERE id = ?1 AND source = 'webhook'",
                [id],
            )?;
            Ok(())
        })
        .await
    }

    async fn checkpoint(&self, scope: &str) -> Result<Option<serde_json::Value>, StoreError> {
        let owned = scope.to_owned();
        let json: Option<String> = self
            .run("reading a checkpoint", move |c| {
                c.query_row(
                    "SELECT checkpoint FROM sync_checkpoints WHERE scope = ?1",
                    [owned],
                    |r| r.get(0),
                )
                .optional()
            })
            .await?;
        json.map(|json| {
            serde_json::from_str(&json).map_err(|e| StoreError::Corrupt {
                what: format!("checkpoint of `{scope}`"),
                message: e.to_string(),
            })
        })
        .transpose()
    }

    async fn save_checkpoint(
        &self,
        scope: &str,
        checkpoint: &serde_json::Value,
    ) -> Result<(), StoreError> {
        let scope = scope.to_owned();
        let json = checkpoint.to_string();
        self.run("saving a checkpoint", move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            store_checkpoint(&tx, &scope, &json)?;
            tx.commit()
        })
        .await
    }

    async fn record_account_status(
        &self,
        account: &AccountId,
        status: &str,
        healthy: bool,
        at: DateTime<Utc>,
    ) -> Result<AccountHealth, StoreError> {
        let account = account.clone();
        let status = status.to_owned();
        self.run("recording an account status", move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let old = read_health(&tx, account.as_str())?;
            let Some(next) = record::next_health(old.as_ref(), &account, &status, healthy, at)
            else {
                return old.ok_or(rusqlite::Error::QueryReturnedNoRows);
            };
            tx.execute(
                "INSERT INTO account_health (account_id, status, status_at, healthy,
                     last_healthy_at, needs_backfill_since, backfill_marked_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (account_id) DO UPDATE SET status = excluded.status,
                     status_at = excluded.status_at, healthy = excluded.healthy,
                     last_healthy_at = excluded.last_healthy_at,
                     needs_backfill_since = excluded.needs_backfill_since,
                     backfill_marked_at = excluded.backfill_marked_at",
                params![
                    next.account_id.as_str(),
                    next.status,
                    text_time(&next.status_at),
                    next.healthy,
                    next.last_healthy_at.as_ref().map(text_time),
                    next.needs_backfill_since.as_ref().map(text_time),
                    next.backfill_marked_at.as_ref().map(text_time),
                ],
            )?;
            tx.commit()?;
            Ok(next)
        })
        .await
    }

    async fn account_health(
        &self,
        account: &AccountId,
    ) -> Result<Option<AccountHealth>, StoreError> {
        let account = account.clone();
        self.run("reading an account's health", move |c| {
            read_health(c, account.as_str())
        })
        .await
    }

    async fn accounts_health(&self) -> Result<Vec<AccountHealth>, StoreError> {
        self.run("listing the accounts' health", |c| all_health(c))
            .await
    }

    async fn complete_backfill(
        &self,
        account: &AccountId,
        pass_started_at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let account = account.as_str().to_owned();
        self.run("clearing a backfill marker", move |c| {
            let n = c.execute(
                "UPDATE account_health SET needs_backfill_since = NULL,
                     backfill_marked_at = NULL
                 WHERE account_id = ?1 AND needs_backfill_since IS NOT NULL
                     AND backfill_marked_at <= ?2",
                params![account, text_time(&pass_started_at)],
            )?;
            Ok(n > 0)
        })
        .await
    }

    async fn add_dead_letter(
        &self,
        body: &[u8],
        reason: &str,
        received_at: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        let body = body.to_vec();
        let reason = reason.to_owned();
        self.run("keeping a dead letter", move |c| {
            c.query_row(
                "INSERT INTO dead_letters (received_at, reason, body) VALUES (?1, ?2, ?3)
                 RETURNING id",
                params![text_time(&received_at), reason, body],
                |r| r.get(0),
            )
        })
        .await
    }

    async fn dead_letters(&self, limit: u32) -> Result<Vec<DeadLetter>, StoreError> {
        self.run("listing dead letters", move |c| {
            let mut stmt = c.prepare_cached(
                "SELECT id, received_at, reason, body, replayed_at FROM dead_letters
                 WHERE replayed_at IS NULL ORDER BY id LIMIT ?1",
            )?;
            stmt.query_map([limit], |r| {
                Ok(DeadLetter {
                    id: r.get(0)?,
                    received_at: parse_time(&r.get::<_, String>(1)?)?,
                    reason: r.get(2)?,
                    body: r.get(3)?,
                    replayed_at: parse_opt_time(r.get(4)?)?,
                })
            })?
            .collect()
        })
        .await
    }

    async fn mark_dead_letter_replayed(
        &self,
        id: i64,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        self.run("marking a dead letter replayed", move |c| {
            let n = c.execute(
                "UPDATE dead_letters SET replayed_at = ?2 WHERE id = ?1",
                params![id, text_time(&at)],
            )?;
            Ok(n > 0)
        })
        .await
    }

    async fn set_dead_letter_reason(&self, id: i64, reason: &str) -> Result<bool, StoreError> {
        let reason = reason.to_owned();
        self.run("updating a dead letter's reason", move |c| {
            let n = c.execute(
                "UPDATE dead_letters SET reason = ?2 WHERE id = ?1 AND replayed_at IS NULL",
                params![id, reason],
            )?;
            Ok(n > 0)
        })
        .await
    }

    async fn delete_dead_letter(&self, id: i64) -> Result<bool, StoreError> {
        self.run("deleting a dead letter", move |c| {
            Ok(c.execute("DELETE FROM dead_letters WHERE id = ?1", [id])? > 0)
        })
        .await
    }

    async fn try_acquire_lease(
        &self,
        account: &AccountId,
        worker: &str,
        ttl: Duration,
    ) -> Result<Option<Lease>, StoreError> {
        let account = account.as_str().to_owned();
        let worker = worker.to_owned();
        self.run("acquiring a lease", move |c| {
            let (now, until) = expiry(ttl);
            c.query_row(
                "INSERT INTO sync_leases (account_id, worker_id, token, acquired_at, expires_at)
                 VALUES (?1, ?2, 1, ?3, ?4)
                 ON CONFLICT (account_id) DO UPDATE SET
                     token = CASE WHEN sync_leases.worker_id = excluded.worker_id
                         AND sync_leases.expires_at > ?3
                         THEN sync_leases.token ELSE sync_leases.token + 1 END,
                     acquired_at = CASE WHEN sync_leases.worker_id = excluded.worker_id
                         AND sync_leases.expires_at > ?3
                         THEN sync_leases.acquired_at ELSE excluded.acquired_at END,
                     worker_id = excluded.worker_id, expires_at = excluded.expires_at
                 WHERE sync_leases.expires_at <= ?3
                     OR sync_leases.worker_id = excluded.worker_id
                 RETURNING worker_id, token, expires_at",
                params![account, worker, now, until],
                |r| read_lease(r, &account),
            )
            .optional()
        })
        .await
    }

    async fn renew_lease(
        &self,
        account: &AccountId,
        worker: &str,
        ttl: Duration,
    ) -> Result<Option<Lease>, StoreError> {
        let account = account.as_str().to_owned();
        let worker = worker.to_owned();
        self.run("renewing a lease", move |c| {
            let (now, until) = expiry(ttl);
            c.query_row(
                "UPDATE sync_leases SET expires_at = ?4
                 WHERE account_id = ?1 AND worker_id = ?2 AND expires_at > ?3
                 RETURNING worker_id, token, expires_at",
                params![account, worker, now, until],
                |r| read_lease(r, &account),
            )
            .optional()
        })
        .await
    }

    async fn release_lease(&self, account: &AccountId, worker: &str) -> Result<bool, StoreError> {
        let account = account.as_str().to_owned();
        let worker = worker.to_owned();
        self.run("releasing a lease", move |c| {
            // The row stays (expired) so that the token keeps growing across holders.
            let n = c.execute(
                "UPDATE sync_leases SET expires_at = ?3
                 WHERE account_id = ?1 AND worker_id = ?2 AND expires_at > ?3",
                params![account, worker, text_time(&Utc::now())],
            )?;
            Ok(n > 0)
        })
        .await
    }

    async fn lease(&self, account: &AccountId) -> Result<Option<Lease>, StoreError> {
        let account = account.as_str().to_owned();
        self.run("reading a lease", move |c| {
            c.query_row(
                "SELECT worker_id, token, expires_at FROM sync_leases
                 WHERE account_id = ?1 AND expires_at > ?2",
                params![account, text_time(&Utc::now())],
                |r| read_lease(r, &account),
            )
            .optional()
        })
        .await
    }
}
