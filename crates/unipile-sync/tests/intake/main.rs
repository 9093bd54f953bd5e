//! The webhook intake and its listener, against both backends: every case runs on a
//! fresh SQLite file and, when `UNIPILE_TEST_POSTGRES_URL` is set, on a fresh schema of
//! that PostgreSQL database.

#[path = "../store/fixture.rs"]
mod fixture;

mod cases;
mod flaky;
mod http;

/// Runs each case against both backends.
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

on_both_backends!(
    a_wrong_or_missing_secret_is_401_and_stores_nothing,
    duplicated_and_reordered_deliveries_are_absorbed,
    a_store_failure_is_503_and_the_retry_is_stored_once,
    concurrent_senders_lose_nothing_when_the_store_fails,
    an_unparseable_body_is_a_dead_letter_that_replays,
    a_reconnected_account_is_marked_for_backfill,
    two_listeners_on_one_database_store_a_retry_once,
);
