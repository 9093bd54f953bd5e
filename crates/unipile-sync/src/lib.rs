//! The durable store behind a Unipile message sync: one trait, [`Store`], and two
//! backends, [`SqliteStore`] (one embedded file, no setup) and [`PostgresStore`] (one
//! database shared by several sync workers and webhook listeners); and the engine that
//! fills it from `GET /messages`, [`Syncer`] (per-account checkpoints, backfills after
//! an outage, deep passes, leases shared by several workers; see its module docs).
//!
//! # What it stores
//!
//! - **Messages**, one row per message id, whatever the order in which polling
//!   (`GET /messages`) and webhooks deliver them. A row holds the full JSON of the
//!   [`Message`] and the columns a query needs most. A message from `GET` is
//!   [full](Completeness::Full); one known only from webhooks is
//!   [partial](Completeness::Partial) until a full one replaces it
//!   ([`Store::partial_messages`] lists them to fetch). A `message_received` webhook never
//!   overwrites a full row; edits, deletions, reactions and reads update the row and its
//!   JSON together.
//! - **Checkpoints** per scope (an account id, or [`ALL_ACCOUNTS`]), as opaque JSON, saved
//!   alone or in the same transaction as the page they cover
//!   ([`Store::upsert_page_with_checkpoint`]).
//! - **Account health**: the last status, when the account was last healthy, and a "needs
//!   a backfill since" marker set when it comes back after an outage.
//! - **Dead letters**: webhook bodies that carried the right secret but did not parse,
//!   byte for byte, with the reason.
//! - **Leases**: which worker syncs which account, for how long.
//!
//! # Webhooks
//!
//! [`intake::WebhookIntake`] checks a webhook call's shared secret, parses it and writes
//! it through the store before it is answered: 200 means stored, 503 means "retry".
//! [`intake::Listener`] serves it over HTTP; any number of listeners may share one
//! database.
//!
//! # Guarantees (both backends)
//!
//! - A method returns once its writes are committed: acknowledge after it, not before.
//! - Every write is idempotent. A page stored twice changes nothing the second time
//!   (counted as `unchanged`). A webhook event applied twice, or an older state delivered
//!   after a newer one, leaves the row as the newest event made it: the text keeps the
//!   time of the event that set it and only a newer one replaces it; read, edited and
//!   deleted only ever become true; a reaction is recorded once per value and sender.
//! - A page is written in one transaction, with a bounded number of statements: one
//!   prepared statement reused per row on SQLite, two array (`UNNEST`) statements on
//!   PostgreSQL, whatever the page's size.
//! - At most one worker holds an account's lease at any moment; a lease not renewed
//!   lapses after its time to live and another worker may take it. PostgreSQL compares
//!   expiries with the database's clock.
//! - The schema is a list of numbered migrations (table `schema_migrations`) that both
//!   backends apply at start-up; a database newer than the program is refused.
//!
//! # Choosing a backend by URL
//!
//! [`open`] takes what a user types after `--db`: a file path or `sqlite://path` opens
//! SQLite; `postgres://…` or `postgresql://…` connects to PostgreSQL through a pool, with
//! TLS (rustls, certificates checked against the system's roots) when the URL says
//! `sslmode=require`. Errors and `Debug` output show the URL with its password replaced
//! by `***` ([`redact_url`]); a bad URL, refused credentials and an unreachable server
//! are told apart ([`StoreError`]).
//!
//! ```no_run
//! # async fn demo() -> Result<(), unipile_sync::StoreError> {
//! let store = unipile_sync::open("postgres://sync:secret@db.internal/unipile?sslmode=require").await?;
//! println!("{} messages", store.message_count().await?);
//! # Ok(()) }
//! ```
//!
//! # Why these crates
//!
//! PostgreSQL goes through `tokio-postgres` with `deadpool-postgres` for the pool and
//! `tokio-postgres-rustls` for TLS: small, async, and the SQL is plain text checked by
//! the shared test suite, where `sqlx` would add a macro and driver layer (and its
//! compile time) for queries this crate already runs through one trait. SQLite uses
//! `rusqlite` (bundled), called from a blocking thread so the async threads never wait
//! on the disk.

pub mod engine;
mod error;
pub mod intake;
mod migrations;
mod postgres;
mod record;
mod sqlite;
mod store;

pub use engine::{
    AccountCounts, AccountError, AccountOutcome, AccountReport, Clock, DeepPass, PassReport,
    SyncError, SyncSettings, Syncer,
};
pub use error::{StoreError, redact_url};
pub use postgres::{PostgresOptions, PostgresStore};
pub use sqlite::SqliteStore;
pub use store::{
    ALL_ACCOUNTS, AccountHealth, Backend, Completeness, DeadLetter, EventOutcome, Lease,
    PartialMessage, Store, StoredMessage, UpsertCounts,
};
/// The core types the store reads and writes, re-exported so that a caller needs no
/// other path to them.
pub use unipile_core::webhook::{MessageEvent, MessageEventKind};
pub use unipile_core::{AccountId, Message, MessageId};

/// Opens the store a URL names: a path or `sqlite://path` for SQLite,
/// `postgres://…`/`postgresql://…` for PostgreSQL. The schema is brought up to date.
pub async fn open(url: &str) -> Result<Box<dyn Store>, StoreError> {
    let lower = url.get(..13).unwrap_or(url).to_ascii_lowercase();
    if lower.starts_with("postgres://") || lower.starts_with("postgresql://") {
        return Ok(Box::new(PostgresStore::connect(url).await?));
    }
    if let Some(path) = url.strip_prefix("sqlite://") {
        if path.is_empty() {
            return Err(StoreError::InvalidUrl {
                url: url.to_owned(),
                reason: "no file after `sqlite://`".to_owned(),
            });
        }
        return Ok(Box::new(SqliteStore::open(path).await?));
    }
    if let Some((scheme, _)) = url.split_once("://") {
        return Err(StoreError::InvalidUrl {
            url: redact_url(url),
            reason: format!(
                "unknown scheme `{scheme}`: use a file path, sqlite://PATH or postgres://…"
            ),
        });
    }
    if url.is_empty() {
        return Err(StoreError::InvalidUrl {
            url: String::new(),
            reason: "empty: give a file path, sqlite://PATH or postgres://…".to_owned(),
        });
    }
    Ok(Box::new(SqliteStore::open(url).await?))
}
