//! `unipile-bench sync`: what storing costs on top of streaming.
//!
//! One fake Unipile server process (as for `stream`) serves N messages; in this process the
//! SDK first streams them all without storing anything (the baseline), then a
//! [`Syncer`] makes the first sync of the same messages into a new SQLite file and, given
//! a PostgreSQL URL, into a fresh schema of that database. Each is reported as a ratio to
//! the baseline (the goal: at most 2). Then a second server serves many accounts, and one
//! worker, then three sharing the accounts through their leases, make the first sync of
//! all of them into PostgreSQL.
//!
//! Under each first sync it prints its floor ([`floor`]): the database copying the rows
//! that sync stored inside itself, which no store can beat.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use unipile_core::request::{ListAccounts, ListMessages, Paged};
use unipile_core::{AccountId, Client};
use unipile_sync::{AccountOutcome, PostgresOptions, PostgresStore, SqliteStore, Store};
use unipile_sync::{SyncSettings, Syncer};

use crate::clients::{self, PAGE_LIMIT};
use crate::floor;
use crate::report::median;
use crate::server::ServerProcess;

/// The goal: a first sync takes at most this many times the stream of the same messages.
const MAX_STORE_RATIO: f64 = 2.0;

/// What `unipile-bench sync` measures.
#[derive(Debug)]
pub struct Options {
    /// Messages of the first-sync comparison (one account).
    pub messages: usize,
    /// Accounts of the workers comparison.
    pub accounts: usize,
    /// Messages per account of the workers comparison.
    pub per_account: usize,
    /// The PostgreSQL database to use (a fresh schema per run); without it only SQLite.
    pub postgres: Option<String>,
    /// Runs of each; the figures are their medians.
    pub runs: usize,
}

/// The goals missed, as readable lines.
pub struct Outcome {
    /// Each goal missed.
    pub missed: Vec<String>,
}

/// Runs the benchmark and prints its figures.
pub fn sync(options: &Options) -> Result<Outcome, String> {
    let bench = std::env::current_exe()
        .map_err(|e| format!("cannot find the benchmark's own executable: {e}"))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the tokio runtime: {e}"))?;
    let mut missed = Vec::new();

    let server = ServerProcess::start(&bench, 1, options.messages)?;
    let client = clients::sdk_client(&server.ready.base_url, &server.ready.api_key)?;
    let total = options.messages as u64;
    let mut stream_ms = Vec::new();
    let mut sqlite_ms = Vec::new();
    let mut postgres_ms = Vec::new();
    let mut sqlite_floor = Floor::default();
    let mut postgres_floor = Floor::default();
    let scratch = Scratch::new()?;
    let account = runtime.block_on(only_account(&client))?;
    for run in 0..options.runs {
        stream_ms.push(runtime.block_on(stream_all(&client, &account, total))?);
        let path = scratch.file(&format!("first-sync-{run}.sqlite"));
        let store = runtime
            .block_on(SqliteStore::open(&path))
            .map_err(|e| format!("{}: {e}", path.display()))?;
        sqlite_ms.push(runtime.block_on(first_sync(&client, vec![Arc::new(store)], total))?);
        sqlite_floor.add(floor::sqlite(&path));
        if let Some(url) = &options.postgres {
            let schema = format!("unipile_bench_{}_first_{run}", std::process::id());
            let store = runtime.block_on(postgres(url, &schema))?;
            postgres_ms.push(runtime.block_on(first_sync(&client, vec![store], total))?);
            postgres_floor.add(runtime.block_on(floor::postgres(url, &schema)));
        }
    }
    drop(server);
    let stream = median(&stream_ms).unwrap_or(f64::NAN);
    println!(
        "first sync of {} messages (1 account, pages of {PAGE_LIMIT}), medians of {} runs:",
        options.messages, options.runs
    );
    println!("  stream only, nothing stored   {stream:>9.0} ms");
    let stores = [
        ("SQLite, a new file", &sqlite_ms, &sqlite_floor),
        ("PostgreSQL", &postgres_ms, &postgres_floor),
    ];
    for (name, times, floor) in stores {
        let Some(ms) = median(times) else { continue };
        let ratio = ms / stream;
        let verdict = if ratio <= MAX_STORE_RATIO {
            "met"
        } else {
            missed.push(format!(
                "{name}: the first sync takes {ratio:.2} times the stream (goal: at most {MAX_STORE_RATIO})"
            ));
            "MISSED"
        };
        println!(
            "  {name:<29} {ms:>9.0} ms   {ratio:>5.2} x the stream (goal <= {MAX_STORE_RATIO}: {verdict})"
        );
        floor.print(stream);
    }

    let Some(url) = &options.postgres else {
        println!("workers: skipped (no --postgres URL)");
        return Ok(Outcome { missed });
    };
    let server = ServerProcess::start(&bench, options.accounts, options.per_account)?;
    let client = clients::sdk_client(&server.ready.base_url, &server.ready.api_key)?;
    let total = (options.accounts * options.per_account) as u64;
    println!(
        "first sync of {} accounts x {} messages into PostgreSQL, medians of {} runs:",
        options.accounts, options.per_account, options.runs
    );
    let mut one = None;
    for workers in [1_usize, 3] {
        let mut times = Vec::new();
        for run in 0..options.runs {
            let schema = format!("unipile_bench_{}_w{workers}_{run}", std::process::id());
            let mut stores = Vec::new();
            for _ in 0..workers {
                stores.push(runtime.block_on(postgres(url, &schema))?);
            }
            times.push(runtime.block_on(first_sync(&client, stores, total))?);
        }
        let ms = median(&times).unwrap_or(f64::NAN);
        let speed_up = one.map_or(String::new(), |one: f64| {
            format!("   {:.2} x faster than 1", one / ms)
        });
        one.get_or_insert(ms);
        println!("  {workers} worker(s) {ms:>9.0} ms{speed_up}");
    }
    Ok(Outcome { missed })
}

/// The id of the one account the first-sync server holds.
async fn only_account(client: &Client) -> Result<AccountId, String> {
    let page = client
        .accounts()
        .list(&ListAccounts::new())
        .await
        .map_err(|e| format!("listing the accounts: {e}"))?;
    match page.items.as_slice() {
        [account] => Ok(account.id.clone()),
        other => Err(format!("the server holds {} accounts, not 1", other.len())),
    }
}

/// Streams every message of `account` without storing it, as the syncer lists them
/// (the same request, the same pages); the wall time in milliseconds.
async fn stream_all(client: &Client, account: &AccountId, total: u64) -> Result<f64, String> {
    let started = Instant::now();
    let mut stream = client.messages().stream(
        ListMessages::new()
            .limit(PAGE_LIMIT)
            .account_id(account.clone()),
    );
    let mut seen = 0_u64;
    while let Some(message) = stream.next_item().await {
        message.map_err(|e| format!("streaming: {e}"))?;
        seen += 1;
    }
    check_count("the stream", seen, total)?;
    Ok(started.elapsed().as_secs_f64() * 1000.0)
}

/// One pass of one worker per store, all at once, into empty stores sharing one
/// database; the wall time in milliseconds. Checks that every account was synced and
/// every message stored once.
async fn first_sync(
    client: &Client,
    stores: Vec<Arc<dyn Store>>,
    total: u64,
) -> Result<f64, String> {
    let first = stores.first().cloned().ok_or("no store")?;
    let started = Instant::now();
    let mut passes = tokio::task::JoinSet::new();
    for (i, store) in stores.into_iter().enumerate() {
        let mut settings = SyncSettings::default();
        settings.page_size = PAGE_LIMIT;
        settings.worker_id = format!("bench-worker-{i}");
        let syncer = Syncer::new(client.clone(), store, settings);
        passes.spawn(async move { syncer.pass().await });
    }
    let mut complete = std::collections::BTreeSet::new();
    let mut accounts = std::collections::BTreeSet::new();
    while let Some(pass) = passes.join_next().await {
        let report = pass
            .map_err(|e| format!("a worker: {e}"))?
            .map_err(|e| format!("a pass: {e}"))?;
        for account in &report.accounts {
            accounts.insert(account.account_id.clone());
            match &account.outcome {
                AccountOutcome::Complete => {
                    complete.insert(account.account_id.clone());
                }
                AccountOutcome::HeldElsewhere => {}
                other => return Err(format!("{}: {other}", account.account_id)),
            }
        }
    }
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    if complete != accounts {
        return Err(format!(
            "{} of {} accounts synced",
            complete.len(),
            accounts.len()
        ));
    }
    let stored = first.message_count().await.map_err(|e| e.to_string())?;
    check_count("the store", stored, total)?;
    Ok(ms)
}

/// The floor's figures ([`floor`]), or why it could not be measured.
#[derive(Default)]
struct Floor {
    ms: Vec<f64>,
    failure: Option<String>,
}

impl Floor {
    fn add(&mut self, measured: Result<f64, String>) {
        match measured {
            Ok(ms) => self.ms.push(ms),
            Err(failure) => self.failure = Some(failure),
        }
    }

    fn print(&self, stream: f64) {
        let what = "its floor: the database copying those rows itself";
        match (median(&self.ms), &self.failure) {
            (_, Some(failure)) => println!("    {what}: not measured ({failure})"),
            (Some(ms), None) => {
                println!(
                    "    {what} {ms:>6.0} ms   {:>5.2} x the stream",
                    ms / stream
                );
            }
            (None, None) => {}
        }
    }
}

fn check_count(what: &str, counted: u64, total: u64) -> Result<(), String> {
    if counted == total {
        Ok(())
    } else {
        Err(format!("{what} holds {counted} messages, not {total}"))
    }
}

async fn postgres(url: &str, schema: &str) -> Result<Arc<dyn Store>, String> {
    let store = PostgresStore::connect_with(url, &PostgresOptions::with_schema(schema))
        .await
        .map_err(|e| e.to_string())?;
    Ok(Arc::new(store))
}

/// A directory of its own under the system's temporary directory, removed at the end.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Result<Self, String> {
        let dir = std::env::temp_dir().join(format!("unipile-bench-sync-{}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        Ok(Scratch(dir))
    }

    fn file(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(Path::new(&self.0));
    }
}
