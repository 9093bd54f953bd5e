//! `unipile sync`: copies `GET /messages` into a store (SQLite by default, PostgreSQL
//! by URL), pass after pass, with [`unipile_sync::Syncer`] doing the work.
//!
//! One pass walks each account's window with its own checkpoint: everything on its
//! first pass, then from its newest message synced minus `--overlap`; from the last
//! moment it was known healthy when it comes back after an outage (a backfill); and
//! over `--deep-window` every `--deep-every`, if set. Each page is stored with the
//! account's checkpoint in one transaction, so a crash or a failed page loses nothing;
//! the window moves only when the account's list reached its end (a null cursor). An
//! account that fails does not stop the others: the pass says which and why, and the
//! command exits with the first failure's code (3 for a list that stopped before its
//! end or an API error, 4 for the network).
//!
//! Several `unipile sync` processes may share one PostgreSQL database: each account is
//! worked by one of them at a time (leases).

use crate::cli::SyncArgs;
use crate::failure::Failure;
use crate::output::Printer;
use crate::progress::Progress;
use chrono::Utc;
use serde::Serialize;
use std::sync::Arc;
use std::time::Duration;
use unipile_core::model::timestamp::format_millis;
use unipile_core::sync::Checkpoint;
use unipile_core::webhook::WebhookSecret;
use unipile_core::{AccountId, Client};
use unipile_sync::intake::WebhookIntake;
use unipile_sync::{
    AccountError, AccountOutcome, AccountReport, DeepPass, PassReport, Store, StoreError,
    SyncSettings, Syncer, redact_url,
};

/// What one pass did, as the summary line (or `--json`) shows it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PassCounts {
    /// Messages stored for the first time.
    pub new: u64,
    /// Stored messages whose state changed.
    pub updated: u64,
    /// Messages fetched again, already stored as they are.
    pub unchanged: u64,
    /// Pages fetched.
    pub pages: u32,
}

/// The `--json` summary of a pass.
#[derive(Serialize)]
struct PassSummary<'a> {
    #[serde(flatten)]
    counts: PassCounts,
    /// Messages completed from webhook-only rows.
    completed: u64,
    /// Messages in the database after the pass.
    stored: u64,
    /// The newest message timestamp of the checkpoints after the pass.
    newest: Option<String>,
    account_id: Option<&'a str>,
    /// Per account: how its walk ended.
    accounts: Vec<AccountSummary>,
}

#[derive(Serialize)]
struct AccountSummary {
    account_id: String,
    kind: Option<&'static str>,
    outcome: &'static str,
    reason: Option<String>,
    new: u64,
    updated: u64,
    unchanged: u64,
    pages: u32,
    completed: u64,
}

/// Runs `unipile sync`.
pub async fn run(args: SyncArgs, client: &Client, out: &Printer) -> Result<(), Failure> {
    if let Some(every) = args.every {
        if every.is_zero() {
            return Err(Failure::Usage("--every must be longer than 0s".to_owned()));
        }
        if every >= args.overlap {
            eprintln!(
                "note: --overlap ({}) is not longer than --every ({}): a message that shows \
                 up late could fall before the next window",
                seconds(args.overlap),
                seconds(every)
            );
        }
    }
    let url = args.db.to_string_lossy().into_owned();
    let store: Arc<dyn Store> = Arc::from(unipile_sync::open(&url).await.map_err(store_failure)?);
    let syncer = Syncer::new(client.clone(), store.clone(), settings(&args)?);
    let listener = match args.listen {
        Some(port) => Some(listen_on(port, &args, client, &store).await?),
        None => None,
    };
    let result = passes(&args, &syncer, out, store.as_ref(), &url).await;
    if let Some(listener) = listener {
        eprintln!("stopping the webhook listener: finishing the calls in progress");
        listener.shutdown().await;
    }
    result
}

/// The webhook listener of `--listen`: every event is stored (and a new message
/// completed with `GET /messages/{id}`) before it is answered 200.
async fn listen_on(
    port: u16,
    args: &SyncArgs,
    client: &Client,
    store: &Arc<dyn Store>,
) -> Result<unipile_sync::intake::ListenerHandle, Failure> {
    let secret = std::env::var("UNIPILE_WEBHOOK_SECRET").map_err(|_| {
        Failure::Usage("--listen needs the webhook secret in UNIPILE_WEBHOOK_SECRET".to_owned())
    })?;
    let secret = WebhookSecret::new(args.webhook_header.as_str(), secret.as_str())
        .map_err(|e| Failure::Usage(format!("{e} (--webhook-header, UNIPILE_WEBHOOK_SECRET)")))?;
    let intake = WebhookIntake::new(store.clone(), secret).with_client(client.clone());
    let listener = crate::listen::bind(port, Arc::new(intake)).await?;
    eprintln!(
        "listening on http://{}/ for Unipile webhooks (secret checked in the {} header;          each event answered once stored in the database)",
        listener.addr(),
        args.webhook_header
    );
    Ok(listener)
}

/// One pass, or one every `--every` until Ctrl-C.
async fn passes(
    args: &SyncArgs,
    syncer: &Syncer,
    out: &Printer,
    store: &dyn Store,
    url: &str,
) -> Result<(), Failure> {
    loop {
        let progress = Progress::start("syncing messages");
        let result = tokio::select! {
            result = syncer.pass() => result,
            _ = tokio::signal::ctrl_c() => {
                eprintln!("interrupted: every page stored before Ctrl-C is kept");
                std::process::exit(130);
            }
        };
        drop(progress);
        let outcome = match result {
            Ok(report) => report_pass(out, store, args, url, report).await,
            Err(error) => Err(Failure::from_sync(error)),
        };
        match outcome {
            Ok(()) => {}
            Err(failure) if args.every.is_some() => {
                eprintln!("sync pass failed: {failure}; retrying at the next pass");
            }
            Err(failure) => return Err(failure),
        }
        let Some(every) = args.every else {
            return Ok(());
        };
        tokio::select! {
            () = tokio::time::sleep(every) => {}
            _ = tokio::signal::ctrl_c() => {
                eprintln!("stopped");
                return Ok(());
            }
        }
    }
}

fn settings(args: &SyncArgs) -> Result<SyncSettings, Failure> {
    let mut settings = SyncSettings::default();
    settings.overlap = args.overlap;
    settings.page_size = args.page_size;
    settings.max_empty_pages = args.max_empty_pages;
    settings.since = args.since;
    settings.accounts = args
        .account
        .as_ref()
        .map(|a| vec![AccountId::new(a.as_str())]);
    settings.worker_id = args.worker_id.clone().unwrap_or_else(default_worker_id);
    if let Some(every) = args.deep_every {
        if every.is_zero() {
            return Err(Failure::Usage(
                "--deep-every must be longer than 0s".to_owned(),
            ));
        }
        settings.deep_pass = Some(DeepPass::new(every, args.deep_window));
    }
    Ok(settings)
}

/// Prints the pass's summary (and each account that did not complete on stderr), and
/// turns the first failing account into the command's failure.
async fn report_pass(
    out: &Printer,
    store: &dyn Store,
    args: &SyncArgs,
    url: &str,
    report: PassReport,
) -> Result<(), Failure> {
    let totals = report.totals();
    let counts = PassCounts {
        new: totals.new,
        updated: totals.updated,
        unchanged: totals.unchanged,
        pages: totals.pages,
    };
    let stored = store.message_count().await.map_err(store_failure)?;
    let newest = newest_checkpoint(store, &report).await?;
    if out.is_json() {
        out.json_line(&PassSummary {
            counts,
            completed: totals.completed_partials,
            stored,
            newest: newest.map(|at| format_millis(&at)),
            account_id: args.account.as_deref(),
            accounts: report.accounts.iter().map(account_summary).collect(),
        })?;
    } else {
        let pages = if counts.pages == 1 { "page" } else { "pages" };
        let mut line = format!(
            "synced: {} new, {} updated, {} unchanged ({} {pages}; {stored} messages in {})",
            counts.new,
            counts.updated,
            counts.unchanged,
            counts.pages,
            redact_url(url)
        );
        if totals.completed_partials > 0 {
            line.push_str(&format!("; {} completed", totals.completed_partials));
        }
        if args.every.is_some() {
            let now = Utc::now().format("%Y-%m-%d %H:%M:%S");
            line = format!("{now} {line}");
        }
        out.line(&line)?;
    }
    let skipped = report.accounts.iter().filter(|a| {
        matches!(
            a.outcome,
            AccountOutcome::HeldElsewhere | AccountOutcome::Unhealthy { .. }
        )
    });
    for account in report
        .accounts
        .iter()
        .filter(|a| a.outcome.is_failure())
        .chain(skipped)
    {
        eprintln!("account {}: {}", account.account_id, account.outcome);
    }
    match report.accounts.into_iter().find(|a| a.outcome.is_failure()) {
        None => Ok(()),
        Some(account) => Err(account_failure(account)),
    }
}

fn account_summary(account: &AccountReport) -> AccountSummary {
    let failed =
        account.outcome.is_failure() || matches!(account.outcome, AccountOutcome::Unhealthy { .. });
    AccountSummary {
        account_id: account.account_id.to_string(),
        kind: account.kind.map(|k| k.name()),
        outcome: account.outcome.name(),
        reason: failed.then(|| account.outcome.to_string()),
        new: account.counts.new,
        updated: account.counts.updated,
        unchanged: account.counts.unchanged,
        pages: account.counts.pages,
        completed: account.counts.completed_partials,
    }
}

/// The newest message timestamp of the checkpoints of the accounts in the report.
async fn newest_checkpoint(
    store: &dyn Store,
    report: &PassReport,
) -> Result<Option<chrono::DateTime<Utc>>, Failure> {
    let mut newest = None;
    for account in &report.accounts {
        let Some(json) = store
            .checkpoint(account.account_id.as_str())
            .await
            .map_err(store_failure)?
        else {
            continue;
        };
        if let Ok(checkpoint) = serde_json::from_value::<Checkpoint>(json) {
            newest = newest.max(checkpoint.newest());
        }
    }
    Ok(newest)
}

/// An account that did not complete, as the command's failure: its API error as is
/// (exit 3, or 4 for the network), a list that stopped before its end as a bad answer
/// (3), anything local as 1.
fn account_failure(account: AccountReport) -> Failure {
    let id = account.account_id;
    match account.outcome {
        AccountOutcome::Failed(AccountError::Api(error)) => Failure::from(error),
        AccountOutcome::Failed(AccountError::Store(error)) => store_failure(error),
        AccountOutcome::Incomplete(done) => Failure::BadAnswer(format!(
            "account {id}: the message list was not walked to its end; it stopped at {done} \
             (what was fetched is stored; the next pass walks the same window again)"
        )),
        other => Failure::Local(format!("account {id}: {other}")),
    }
}

/// A store error as a local failure (exit 1); the URL in it is already redacted.
pub fn store_failure(error: StoreError) -> Failure {
    Failure::Local(format!("database: {error}"))
}

/// `unipile-sync@HOSTNAME`: stable across restarts on one machine, so a sync that was
/// killed holding a lease takes it back at once instead of waiting for it to lapse.
fn default_worker_id() -> String {
    let host = std::env::var("HOSTNAME")
        .ok()
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "localhost".to_owned());
    format!("unipile-sync@{host}")
}

fn seconds(d: Duration) -> String {
    format!("{}s", d.as_secs())
}

impl Failure {
    /// A pass that could not start: listing the accounts failed (the API's error as is),
    /// or the store could not record them.
    fn from_sync(error: unipile_sync::SyncError) -> Self {
        match error {
            unipile_sync::SyncError::ListAccounts(error) => Failure::from(error),
            unipile_sync::SyncError::Store(error) => store_failure(error),
            other => Failure::Local(other.to_string()),
        }
    }
}
