//! The short soak: a scripted day of Unipile's quirks, faults, webhooks twice, late and
//! never, a disconnection with a backlog, sync passes killed at random points and sends
//! with unknown outcomes; at the end the store must equal the fake's truth. On SQLite,
//! and on PostgreSQL when `UNIPILE_TEST_POSTGRES_URL` is set.

#[path = "../store/fixture.rs"]
#[allow(dead_code, unused_macros, unused_imports)]
mod fixture;
mod scenario;

use fixture::Fixture;
use scenario::Soak;

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
