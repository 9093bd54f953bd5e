//! The short soak: a scripted day of Unipile's quirks, faults, webhooks twice, late and
//! never, a disconnection with a backlog, sync passes killed at random points and sends
//! with unknown outcomes; at the end the store must equal the fake's truth. On SQLite,
//! and on PostgreSQL when `UNIPILE_TEST_POSTGRES_URL` is set.

#[path = "../store/fixture.rs"]
#[allow(dead_code, unused_macros, unused_imports)]
mod fixture;
mod scenario;

use fixture::Fixture;
use scenario::{Fleet, Soak};

/// A few seconds: 4 accounts, 48 steps of half an hour.
fn short() -> Soak {
    Soak {
        seed: 0x50A4,
        accounts: 4,
        chats: 3,
        history: 25,
        steps: 48,
        arrivals: 10,
        send_every: 4,
        kill_percent: 35,
        page_size: 2,
    }
}

async fn soak_on(fixture: &Fixture) {
    let (summary, tally) = scenario::run(&short(), || fixture.open()).await;
    check(summary, &tally);
}

fn check(summary: scenario::Summary, tally: &scenario::Tally) {
    // Exactly one summary line, as the contract says.
    println!("{summary}");
    eprintln!("{tally:?}");
    assert!(summary.messages > 0);
    assert!(tally.killed > 0, "some passes were killed: {tally:?}");
    assert!(
        tally.sends_unknown > 0,
        "some sends had unknown outcomes: {tally:?}"
    );
    assert!(
        tally.webhooks_dropped > 0,
        "some webhooks were dropped: {tally:?}"
    );
    assert!(
        summary.is_clean(),
        "the store differs from the truth ({tally:?})"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scripted_day_on_sqlite_ends_with_the_store_equal_to_the_truth() {
    let fixture = Fixture::sqlite();
    tokio::time::timeout(std::time::Duration::from_secs(120), soak_on(&fixture))
        .await
        .expect("the soak is bounded in time");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scripted_day_on_postgres_ends_with_the_store_equal_to_the_truth() {
    let Some(fixture) = Fixture::postgres() else {
        return;
    };
    tokio::time::timeout(std::time::Duration::from_secs(180), soak_on(&fixture))
        .await
        .expect("the soak is bounded in time");
    fixture.cleanup().await;
}

/// Three workers and two listeners behind a balancer on one PostgreSQL; one worker is
/// aborted in a pass (its leases lapse after the short ttl) and one listener is shut
/// down at mid-day.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scripted_day_on_postgres_with_three_workers_and_two_listeners_one_of_each_killed() {
    let Some(fixture) = Fixture::postgres() else {
        return;
    };
    let fleet = Fleet {
        workers: 3,
        listeners: 2,
        kill_midway: true,
    };
    let soak = short();
    let run = scenario::run_fleet(&soak, fleet, || fixture.open());
    let (summary, tally) = tokio::time::timeout(std::time::Duration::from_secs(180), run)
        .await
        .expect("the soak is bounded in time");
    check(summary, &tally);
    assert_eq!(tally.workers_killed_midway, 1, "{tally:?}");
    assert_eq!(tally.listeners_killed_midway, 1, "{tally:?}");
    assert!(
        tally.redelivered > 0,
        "calls for the dead listener went to the other: {tally:?}"
    );
    fixture.cleanup().await;
}
