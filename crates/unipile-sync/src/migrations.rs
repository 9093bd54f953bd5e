//! The schema, as numbered migrations applied in order at start-up.
//!
//! Each migration exists once per backend, with the same meaning: SQLite stores times
//! as `YYYY-MM-DDTHH:MM:SS.sssZ` text (which sorts as time), JSON as text and flags as
//! integers; PostgreSQL uses `timestamptz`, `jsonb` and `boolean`. The table
//! `schema_migrations` records the versions applied. Version 1 is the schema the
//! `unipile` command's SQLite files have always had, so such a file is upgraded in
//! place.

/// One schema change.
pub(crate) struct Migration {
    /// Its number, from 1 up without gaps.
    pub version: u32,
    /// What it does, recorded with it.
    pub name: &'static str,
    /// The statements for SQLite.
    pub sqlite: &'static str,
    /// The statements for PostgreSQL.
    pub postgres: &'static str,
}

/// Every migration, in order.
pub(crate) const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "messages and checkpoints",
        sqlite: "
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
);",
        postgres: "
CREATE TABLE IF NOT EXISTS messages (
    id                 TEXT PRIMARY KEY NOT NULL,
    account_id         TEXT NOT NULL,
    chat_id            TEXT NOT NULL,
    sender_id          TEXT,
    sender_attendee_id TEXT,
    text               TEXT,
    timestamp          TIMESTAMPTZ NOT NULL,
    is_sender          BOOLEAN,
    seen               BOOLEAN,
    edited             BOOLEAN,
    deleted            BOOLEAN,
    hidden             BOOLEAN,
    reactions          INTEGER NOT NULL DEFAULT 0,
    attachments        INTEGER NOT NULL DEFAULT 0,
    source             TEXT NOT NULL CHECK (source IN ('sync', 'webhook')),
    json               JSONB NOT NULL,
    stored_at          TIMESTAMPTZ NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS messages_by_chat ON messages (chat_id, timestamp);
CREATE INDEX IF NOT EXISTS messages_by_account ON messages (account_id, timestamp);
CREATE TABLE IF NOT EXISTS sync_checkpoints (
    scope      TEXT PRIMARY KEY NOT NULL,
    checkpoint JSONB NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);",
    },
    Migration {
        version: 2,
        name: "event versions, account health, dead letters, leases",
        sqlite: "
ALTER TABLE messages ADD COLUMN text_at TEXT;
CREATE INDEX messages_partial ON messages (stored_at) WHERE source = 'webhook';
CREATE TABLE account_health (
    account_id           TEXT PRIMARY KEY NOT NULL,
    status               TEXT NOT NULL,
    status_at            TEXT NOT NULL,
    healthy              INTEGER NOT NULL,
    last_healthy_at      TEXT,
    needs_backfill_since TEXT,
    backfill_marked_at   TEXT
);
CREATE TABLE dead_letters (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    received_at TEXT NOT NULL,
    reason      TEXT NOT NULL,
    body        BLOB NOT NULL,
    replayed_at TEXT
);
CREATE TABLE sync_leases (
    account_id  TEXT PRIMARY KEY NOT NULL,
    worker_id   TEXT NOT NULL,
    token       INTEGER NOT NULL,
    acquired_at TEXT NOT NULL,
    expires_at  TEXT NOT NULL
);",
        postgres: "
ALTER TABLE messages ADD COLUMN text_at TIMESTAMPTZ;
CREATE INDEX messages_partial ON messages (stored_at) WHERE source = 'webhook';
CREATE TABLE account_health (
    account_id           TEXT PRIMARY KEY NOT NULL,
    status               TEXT NOT NULL,
    status_at            TIMESTAMPTZ NOT NULL,
    healthy              BOOLEAN NOT NULL,
    last_healthy_at      TIMESTAMPTZ,
    needs_backfill_since TIMESTAMPTZ,
    backfill_marked_at   TIMESTAMPTZ
);
CREATE TABLE dead_letters (
    id          BIGSERIAL PRIMARY KEY,
    received_at TIMESTAMPTZ NOT NULL,
    reason      TEXT NOT NULL,
    body        BYTEA NOT NULL,
    replayed_at TIMESTAMPTZ
);
CREATE TABLE sync_leases (
    account_id  TEXT PRIMARY KEY NOT NULL,
    worker_id   TEXT NOT NULL,
    token       BIGINT NOT NULL,
    acquired_at TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL
);",
    },
    Migration {
        version: 3,
        name: "partial messages the API did not find",
        sqlite: "
ALTER TABLE messages ADD COLUMN partial_misses INTEGER NOT NULL DEFAULT 0;
DROP INDEX messages_partial;
CREATE INDEX messages_partial ON messages (partial_misses, stored_at) WHERE source = 'webhook';",
        postgres: "
ALTER TABLE messages ADD COLUMN partial_misses INTEGER NOT NULL DEFAULT 0;
DROP INDEX messages_partial;
CREATE INDEX messages_partial ON messages (partial_misses, stored_at) WHERE source = 'webhook';",
    },
];

/// The newest schema version this program knows.
pub(crate) fn latest_version() -> u32 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

/// The table that records the migrations applied (same text on both backends).
pub(crate) const MIGRATIONS_TABLE: &str = "
CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY NOT NULL,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL
)";
