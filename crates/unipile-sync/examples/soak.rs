//! The long soak: the scripted day of the short soak test, bigger. Prints the summary
//! line and a few figures; exits 1 unless nothing was lost, duplicated, stale or left
//! unresolved.
//!
//! ```text
//! cargo run --release -p unipile-sync --example soak            # SQLite in a temp dir
//! cargo run --release -p unipile-sync --example soak -- postgres://user:pw@127.0.0.1/db
//! UNIPILE_SOAK_SEED=7 cargo run --release -p unipile-sync --example soak
//! ```
//!
//! On PostgreSQL the soak uses the database's default schema: give it a database of its
//! own.

#[path = "../tests/soak/scenario.rs"]
mod scenario;

use std::sync::Arc;

use scenario::Soak;
use unipile_sync::Store;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let seed = std::env::var("UNIPILE_SOAK_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x50A4_u64);
    let soak = Soak {
        seed,
        accounts: 12,
        chats: 5,
        history: 100,
        steps: 288,
        arrivals: 30,
        send_every: 3,
        kill_percent: 30,
        page_size: 10,
    };
    let dir = tempfile::tempdir().expect("temporary directory");
    let url = std::env::args()
        .nth(1)
        .unwrap_or_else(|| dir.path().join("soak.sqlite").display().to_string());
    let open = || async {
        let store: Arc<dyn Store> =
            Arc::from(unipile_sync::open(&url).await.expect("open the store"));
        store
    };
    let (summary, tally) = scenario::run(&soak, open).await;
    println!("{summary}");
    eprintln!(
        "{} passes ({} killed, {} to catch up), {} webhook deliveries ({} dropped), \
         {} sends ({} unknown, {} resent), {} transport faults, {} paging quirks, {:.1} s",
        tally.passes,
        tally.killed,
        tally.final_passes,
        tally.webhooks_sent,
        tally.webhooks_dropped,
        tally.sends,
        tally.sends_unknown,
        tally.resent,
        tally.faults,
        tally.quirks,
        tally.elapsed.as_secs_f64()
    );
    if !summary.is_clean() {
        std::process::exit(1);
    }
}
