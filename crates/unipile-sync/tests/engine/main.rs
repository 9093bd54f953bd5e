//! The sync engine against the in-process fake Unipile: every case runs on a fresh
//! SQLite file and, when `UNIPILE_TEST_POSTGRES_URL` is set, on a fresh schema of that
//! PostgreSQL database.

mod cases;
#[path = "../store/fixture.rs"]
#[allow(dead_code)]
mod fixture;
#[path = "../support/hooked_store.rs"]
mod hooked_store;
mod overlap;

use fixture::on_both_backends;

on_both_backends!(
    a_pass_stores_everything_and_a_second_adds_nothing,
    an_empty_page_with_a_cursor_in_the_middle_loses_nothing,
    a_page_error_mid_walk_keeps_the_checkpoint_and_the_next_pass_recovers,
    an_account_that_comes_back_has_its_late_backlog_stored,
    two_syncers_never_work_one_account_at_the_same_time,
    partial_messages_from_webhooks_are_completed,
    an_accounts_partials_are_completed_whatever_other_accounts_wait,
    partials_the_api_no_longer_knows_do_not_hold_back_the_others,
    the_next_page_is_fetched_while_a_page_is_written,
    a_failed_page_write_stops_the_walk_and_the_next_pass_recovers,
);
