//! Opening by URL (and an old file of the command upgraded in place), the errors of a
//! bad URL, refused credentials and an unreachable
//! server, and the password kept out of all of them.

use crate::fixture::{Fixture, POSTGRES_URL_VAR};
use unipile_sync::{Backend, StoreError};

/// A password no message could contain by chance, with the characters that break URLs.
const PASSWORD: &str = "Zq9/x@Kw7!secret";
const ENCODED: &str = "Zq9%2Fx%40Kw7!secret";

fn assert_hidden(error: &StoreError) {
    for shown in [error.to_string(), format!("{error:?}")] {
        for secret in [PASSWORD, ENCODED, "Kw7"] {
            assert!(!shown.contains(secret), "the password shows in: {shown}");
        }
    }
}

/// A loopback port nothing listens on.
fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("address").port()
}

#[tokio::test]
async fn a_path_or_sqlite_url_opens_sqlite() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("by_path.sqlite");
    let store = unipile_sync::open(path.to_str().expect("utf-8"))
        .await
        .expect("open");
    assert_eq!(store.backend(), Backend::Sqlite);
    let url = format!("sqlite://{}", dir.path().join("by_url.sqlite").display());
    let store = unipile_sync::open(&url).await.expect("open");
    assert_eq!(store.backend(), Backend::Sqlite);
    assert!(dir.path().join("by_url.sqlite").exists());
}

#[tokio::test]
async fn an_unknown_scheme_or_an_empty_url_is_refused_by_name() {
    let error = unipile_sync::open(&format!("mysql://app:{PASSWORD}@localhost/db"))
        .await
        .expect_err("refused");
    assert!(matches!(error, StoreError::InvalidUrl { .. }), "{error:?}");
    assert!(
        error.to_string().contains("unknown scheme `mysql`"),
        "{error}"
    );
    assert_hidden(&error);
    let error = unipile_sync::open("").await.expect_err("refused");
    assert!(error.to_string().contains("empty"), "{error}");
}

#[tokio::test]
async fn a_bad_postgres_url_is_an_invalid_url_without_the_password() {
    for url in [
        format!("postgres://app:{PASSWORD}@localhost:notaport/db"),
        format!("postgresql://app:{ENCODED}@localhost/db?sslmode=sometimes"),
        format!("postgres://localhost/db?user=app&password={ENCODED}&bogus_key=1"),
    ] {
        let error = unipile_sync::open(&url).await.expect_err("refused");
        assert!(
            matches!(error, StoreError::InvalidUrl { .. }),
            "{url}: {error:?}"
        );
        assert!(error.to_string().contains("app"), "{error}");
        assert_hidden(&error);
    }
}

#[tokio::test]
async fn an_unreachable_server_is_told_apart_without_the_password() {
    let url = format!("postgres://app:{PASSWORD}@127.0.0.1:{}/db", closed_port());
    let error = unipile_sync::open(&url)
        .await
        .expect_err("nothing listens there");
    assert!(matches!(error, StoreError::Unreachable { .. }), "{error:?}");
    assert!(error.to_string().contains("app@127.0.0.1"), "{error}");
    assert_hidden(&error);
}

#[tokio::test]
async fn refused_credentials_are_told_apart_without_the_password() {
    let Some(Fixture::Postgres { url, .. }) = Fixture::postgres() else {
        return;
    };
    let Some((_, host)) = url.rsplit_once('@') else {
        panic!("{POSTGRES_URL_VAR} must name a user: postgres://USER:PASSWORD@HOST/DB");
    };
    let user = url
        .split_once("://")
        .and_then(|(_, rest)| rest.split([':', '@']).next())
        .expect("a user");
    let wrong = format!("postgres://{user}:{PASSWORD}@{host}");
    match unipile_sync::open(&wrong).await {
        Err(error) => {
            assert!(
                matches!(error, StoreError::Authentication { .. }),
                "{error:?}"
            );
            assert_hidden(&error);
        }
        Ok(_) => eprintln!(
            "note: the server behind {POSTGRES_URL_VAR} accepts any password (trust \
             authentication): refused credentials cannot be checked against it"
        ),
    }
}

#[tokio::test]
async fn a_postgres_store_names_its_server_but_never_its_password() {
    let Some(fixture) = Fixture::postgres() else {
        return;
    };
    let store = fixture.open().await;
    assert_eq!(store.backend(), Backend::Postgres);
    let Fixture::Postgres { url, .. } = &fixture else {
        unreachable!("a PostgreSQL fixture")
    };
    let shown = format!("{store:?}");
    assert!(shown.contains("PostgresStore"), "{shown}");
    if let Some(password) = url
        .split_once("://")
        .and_then(|(_, rest)| rest.rsplit_once('@'))
        .and_then(|(userinfo, _)| userinfo.split_once(':'))
        .map(|(_, password)| password)
    {
        assert!(!shown.contains(password), "the password shows in {shown}");
    }
    drop(store);
    fixture.cleanup().await;
}

#[tokio::test]
async fn sslmode_require_goes_through_tls() {
    let Some(Fixture::Postgres { url, .. }) = Fixture::postgres() else {
        return;
    };
    let separator = if url.contains('?') { '&' } else { '?' };
    let with_tls = format!("{url}{separator}sslmode=require");
    match unipile_sync::open(&with_tls).await {
        // The throwaway server of CI has no certificate: the TLS request is refused,
        // and said so.
        Err(error) => {
            assert!(matches!(error, StoreError::Unreachable { .. }), "{error:?}");
            assert!(error.to_string().contains("TLS"), "{error}");
        }
        Ok(store) => assert_eq!(store.backend(), Backend::Postgres),
    }
}

#[tokio::test]
async fn a_file_of_the_unipile_command_is_upgraded_in_place() {
    // The schema the command's SQLite files have had: version 1, without the
    // schema_migrations table.
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("old.sqlite");
    let json = serde_json::to_string(&unipile_sync::Message::new(
        "m_old",
        "chat_1",
        "acc_1",
        chrono::DateTime::parse_from_rfc3339("2025-06-02T09:30:00.000Z")
            .expect("time")
            .to_utc(),
    ))
    .expect("json");
    {
        let conn = rusqlite::Connection::open(&path).expect("create");
        conn.execute_batch(
            "CREATE TABLE messages (id TEXT PRIMARY KEY NOT NULL, account_id TEXT NOT NULL,
                chat_id TEXT NOT NULL, sender_id TEXT, sender_attendee_id TEXT, text TEXT,
                timestamp TEXT NOT NULL, is_sender INTEGER, seen INTEGER, edited INTEGER,
                deleted INTEGER, hidden INTEGER, reactions INTEGER NOT NULL DEFAULT 0,
                attachments INTEGER NOT NULL DEFAULT 0,
                source TEXT NOT NULL CHECK (source IN ('sync', 'webhook')),
                json TEXT NOT NULL, stored_at TEXT NOT NULL, updated_at TEXT NOT NULL);
             CREATE TABLE sync_checkpoints (scope TEXT PRIMARY KEY NOT NULL,
                checkpoint TEXT NOT NULL, updated_at TEXT NOT NULL);
             INSERT INTO sync_checkpoints VALUES ('*', '{\"newest\":null}', 'x');",
        )
        .expect("old schema");
        conn.execute(
            "INSERT INTO messages (id, account_id, chat_id, timestamp, source, json, stored_at,
                updated_at)
             VALUES ('m_old', 'acc_1', 'chat_1', '2025-06-02T09:30:00.000Z', 'sync', ?1, 'x', 'x')",
            [json],
        )
        .expect("old row");
    }
    let store = unipile_sync::SqliteStore::open(&path)
        .await
        .expect("upgrade");
    use unipile_sync::Store;
    assert_eq!(store.schema_version().await.expect("version"), 3);
    assert_eq!(store.message_count().await.expect("count"), 1);
    let old = store
        .message(&unipile_sync::MessageId::new("m_old"))
        .await
        .expect("read")
        .expect("kept");
    assert_eq!(old.message.id.as_str(), "m_old");
    assert_eq!(
        store
            .checkpoint(unipile_sync::ALL_ACCOUNTS)
            .await
            .expect("read"),
        Some(serde_json::json!({"newest": null}))
    );
    let received = store
        .add_dead_letter(b"x", "new table", chrono::Utc::now())
        .await
        .expect("the new tables exist");
    assert!(received > 0);
}
