//! The store's test suite, written once and run against both backends: every case in
//! `cases` runs on a fresh SQLite file and, when `UNIPILE_TEST_POSTGRES_URL` is set, on a
//! fresh schema of that PostgreSQL database.

mod cases;
mod connect;
mod fixture;

use fixture::on_both_backends;

on_both_backends!(
    migrations_are_recorded_and_applied_once,
    a_page_is_inserted_once_then_only_changes_count,
    a_large_page_is_stored_in_one_call,
    a_page_and_its_checkpoint_land_together,
    checkpoints_are_kept_per_scope,
    a_webhook_row_is_partial_until_a_full_message_replaces_it,
    a_partial_the_api_did_not_find_goes_behind_the_others,
    edits_delivered_twice_or_out_of_order_keep_the_newest_text,
    an_edit_before_the_received_event_keeps_the_edited_text,
    webhooks_update_a_full_row_and_an_older_page_does_not_undo_them,
    account_health_marks_and_clears_a_backfill,
    dead_letters_keep_raw_bytes_until_replayed_or_deleted,
    a_lease_has_one_holder_and_lapses_when_not_renewed,
    two_handles_racing_for_a_lease_give_it_to_exactly_one,
    two_handles_writing_the_same_messages_converge,
    a_delivery_and_its_retry_on_two_listeners_are_stored_once,
);
