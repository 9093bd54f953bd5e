//! The webhook intake and its listener, against both backends: every case runs on a
//! fresh SQLite file and, when `UNIPILE_TEST_POSTGRES_URL` is set, on a fresh schema of
//! that PostgreSQL database.

#[path = "../store/fixture.rs"]
mod fixture;

mod cases;
mod flaky;
#[path = "../support/hooked_store.rs"]
mod hooked_store;
mod http;

use fixture::on_both_backends;

on_both_backends!(
    a_wrong_or_missing_secret_is_401_and_stores_nothing,
    duplicated_and_reordered_deliveries_are_absorbed,
    a_store_failure_is_503_and_the_retry_is_stored_once,
    concurrent_senders_lose_nothing_when_the_store_fails,
    an_unparseable_body_is_a_dead_letter_that_replays,
    a_reconnected_account_is_marked_for_backfill,
    two_listeners_on_one_database_store_a_retry_once,
    a_new_message_is_completed_at_once_with_a_client,
);
