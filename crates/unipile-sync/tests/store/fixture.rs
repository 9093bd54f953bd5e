//! Where the shared suite gets its stores: a fresh SQLite file, or a fresh schema in the
//! PostgreSQL database named by `UNIPILE_TEST_POSTGRES_URL`.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::Once;
use std::sync::atomic::{AtomicU32, Ordering};
use unipile_sync::{PostgresOptions, PostgresStore, SqliteStore, Store};

/// The variable naming the PostgreSQL database the tests may use.
pub const POSTGRES_URL_VAR: &str = "UNIPILE_TEST_POSTGRES_URL";

/// A place where any number of store handles on the same data can be opened.
pub enum Fixture {
    /// A file in a temporary directory.
    Sqlite {
        /// Removed with the fixture.
        _dir: tempfile::TempDir,
        path: PathBuf,
    },
    /// A schema of its own in the test database.
    Postgres { url: String, schema: String },
}

impl Fixture {
    pub fn sqlite() -> Self {
        let dir = tempfile::tempdir().expect("temporary directory");
        let path = dir.path().join("store.sqlite");
        Fixture::Sqlite { _dir: dir, path }
    }

    /// A fresh schema, or `None` (and one note on stderr per test run) when the
    /// variable is not set.
    pub fn postgres() -> Option<Self> {
        static NOTE: Once = Once::new();
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let Ok(url) = std::env::var(POSTGRES_URL_VAR) else {
            // CI starts a server (.ci/postgres.sh): there these tests must run.
            assert!(
                std::env::var_os("CI").is_none(),
                "{POSTGRES_URL_VAR} is not set in CI: source .ci/postgres.sh first"
            );
            NOTE.call_once(|| {
                // Straight to stderr: the test harness captures `eprintln!`.
                let _ = writeln!(
                    std::io::stderr(),
                    "\nnote: the PostgreSQL store tests are skipped: set {POSTGRES_URL_VAR} \
                     to a database URL to run them (.ci/postgres.sh starts one)"
                );
            });
            return None;
        };
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let schema = format!(
            "test_{}_{}_{nanos}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        Some(Fixture::Postgres { url, schema })
    }

    /// Opens a new handle on this fixture's data.
    pub async fn open(&self) -> Arc<dyn Store> {
        match self {
            Fixture::Sqlite { path, .. } => {
                Arc::new(SqliteStore::open(path).await.expect("open SQLite"))
            }
            Fixture::Postgres { url, schema } => Arc::new(
                PostgresStore::connect_with(url, &PostgresOptions::with_schema(schema.clone()))
                    .await
                    .expect("connect to PostgreSQL"),
            ),
        }
    }

    /// Drops the PostgreSQL schema (a failed test leaves it for the throwaway server).
    pub async fn cleanup(self) {
        if let Fixture::Postgres { url, schema } = self {
            let (client, connection) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
                .await
                .expect("connect for cleanup");
            let task = tokio::spawn(connection);
            client
                .batch_execute(&format!("DROP SCHEMA \"{schema}\" CASCADE"))
                .await
                .expect("drop the test schema");
            drop(client);
            let _ = task.await;
        }
    }
}

/// Runs each case (a function of the test binary's `cases` module taking a `&Fixture`)
/// against both backends.
macro_rules! on_both_backends {
    ($($case:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $case() {
                    let fixture = crate::fixture::Fixture::sqlite();
                    crate::cases::$case(&fixture).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $case() {
                    let Some(fixture) = crate::fixture::Fixture::postgres() else { return };
                    crate::cases::$case(&fixture).await;
                    fixture.cleanup().await;
                }
            )*
        }
    };
}

pub(crate) use on_both_backends;
