//! Past one machine: several sync workers and several webhook listeners sharing one
//! PostgreSQL database. These cases need `UNIPILE_TEST_POSTGRES_URL` (the leases and the
//! shared intake are what PostgreSQL is for); without it they are skipped with one note.

#[path = "../store/fixture.rs"]
#[allow(dead_code, unused_macros, unused_imports)]
mod fixture;
#[path = "../intake/http.rs"]
mod http;

mod listeners;
mod workers;

/// Runs each case on a fresh schema of the test PostgreSQL database.
macro_rules! on_postgres {
    ($($module:ident::$case:ident),* $(,)?) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $case() {
                let Some(fixture) = crate::fixture::Fixture::postgres() else { return };
                crate::$module::$case(&fixture).await;
                fixture.cleanup().await;
            }
        )*
    };
}

on_postgres!(
    workers::three_workers_share_the_accounts_one_at_a_time,
    workers::a_dead_workers_accounts_are_taken_over_after_the_ttl,
    listeners::two_listeners_absorb_a_delivery_and_its_retries_whichever_gets_them,
);
