//! `unipile sync`: copies `GET /messages` into SQLite, pass after pass, with core's
//! [`unipile_core::sync`] deciding the window and when the checkpoint moves.
//!
//! One pass:
//!
//! 1. The checkpoint (stored per account) gives the window: everything on the first
//!    pass, then from the newest message synced minus `--overlap`.
//! 2. Each page of `GET /messages` is written in one transaction: every message of the
//!    page is upserted (new rows inserted; rows whose JSON changed, because a message
//!    was seen, edited, deleted or got a reaction, updated), and the checkpoint with the
//!    ids handed on is stored with them. A crash or a failed page loses nothing: the
//!    page's rows and its checkpoint commit together or not at all.
//! 3. When the last page is stored, [`SyncPass::complete`] moves the checkpoint's
//!    timestamp, which is stored in its own transaction. A pass that failed midway never
//!    moves it, so the next pass fetches the same window again; the message id, the
//!    table's primary key, keeps every message once.
//!
//! `GET /messages` filters on the message's own timestamp, so a pass fetches again only
//! the messages of the overlap: a change to an older message (read, edited, deleted
//! days later) reaches the database through `unipile webhooks listen --db`, not the sync.
//!
//! [`SyncPass::complete`]: unipile_core::sync::SyncPass::complete

use crate::cli::SyncArgs;
use crate::commands::next_page;
use crate::failure::Failure;
use crate::output::Printer;
use crate::progress::Progress;
use crate::store::{ALL_ACCOUNTS, Store, Stored};
use chrono::Utc;
use serde::Serialize;
use std::time::Duration;
use unipile_core::request::{ListMessages, Paged, Windowed};
use unipile_core::sync::Checkpoint;
use unipile_core::{AccountId, Client};

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
struct PassReport<'a> {
    #[serde(flatten)]
    counts: PassCounts,
    /// Messages in the database after the pass.
    stored: u64,
    /// The checkpoint's newest message timestamp after the pass.
    newest: Option<String>,
    account_id: Option<&'a str>,
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
    let mut store = Store::open(&args.db)?;
    let scope = args.account.as_deref().unwrap_or(ALL_ACCOUNTS);
    let mut checkpoint = load_checkpoint(&store, scope, &args)?;
    let sync = PassSettings {
        client,
        scope,
        overlap: args.overlap,
        page_size: args.page_size,
    };
    loop {
        let result = tokio::select! {
            result = sync.pass(&mut store, &mut checkpoint) => result,
            _ = tokio::signal::ctrl_c() => {
                eprintln!("interrupted: every page stored before Ctrl-C is kept");
                std::process::exit(130);
            }
        };
        match result {
            Ok(counts) => report(out, &store, &checkpoint, &args, counts)?,
            Err(failure) if args.every.is_some() => {
                eprintln!("sync pass failed: {failure}; retrying at the next pass");
                // What the database holds is the truth: forget what the failed pass
                // counted but did not store.
                checkpoint = load_checkpoint(&store, scope, &args)?;
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

fn load_checkpoint(store: &Store, scope: &str, args: &SyncArgs) -> Result<Checkpoint, Failure> {
    if let Some(stored) = store.checkpoint(scope)? {
        if args.since.is_some() && stored.start() != args.since {
            eprintln!("note: this database already has a checkpoint; --since is ignored");
        }
        return Ok(stored);
    }
    let fresh = match &args.account {
        Some(account) => Checkpoint::new(AccountId::new(account.as_str())),
        None => Checkpoint::all_accounts(),
    };
    Ok(match args.since {
        Some(since) => fresh.starting_at(since),
        None => fresh,
    })
}

fn report(
    out: &Printer,
    store: &Store,
    checkpoint: &Checkpoint,
    args: &SyncArgs,
    counts: PassCounts,
) -> Result<(), Failure> {
    let stored = store.message_count()?;
    let newest = checkpoint
        .newest()
        .map(|at| unipile_core::model::timestamp::format_millis(&at));
    if out.is_json() {
        return out.json_line(&PassReport {
            counts,
            stored,
            newest,
            account_id: args.account.as_deref(),
        });
    }
    let pages = if counts.pages == 1 { "page" } else { "pages" };
    let mut line = format!(
        "synced: {} new, {} updated, {} unchanged ({} {pages}; {stored} messages in {})",
        counts.new,
        counts.updated,
        counts.unchanged,
        counts.pages,
        args.db.display()
    );
    if args.every.is_some() {
        let now = Utc::now().format("%Y-%m-%d %H:%M:%S");
        line = format!("{now} {line}");
    }
    out.line(&line)
}

fn seconds(d: Duration) -> String {
    format!("{}s", d.as_secs())
}

/// What every pass of one `unipile sync` shares.
pub struct PassSettings<'a> {
    /// The client that lists the messages.
    pub client: &'a Client,
    /// The checkpoint's row: an account id, or [`ALL_ACCOUNTS`].
    pub scope: &'a str,
    /// How far before the newest message synced each pass looks again.
    pub overlap: Duration,
    /// Messages per page.
    pub page_size: u32,
}

impl PassSettings<'_> {
    /// One pass: every page of the window, each stored in one transaction, then the
    /// checkpoint moved if core's sync says the pass is complete.
    pub async fn pass(
        &self,
        store: &mut Store,
        checkpoint: &mut Checkpoint,
    ) -> Result<PassCounts, Failure> {
        let progress = Progress::start("syncing messages");
        let mut pass = checkpoint.begin(self.overlap, Utc::now());
        let window = pass.window().clone();
        let mut request = ListMessages::new().limit(self.page_size);
        if let Some(account) = window.account_id {
            request = request.account_id(account);
        }
        if let Some(after) = window.after {
            request = request.after(after);
        }
        let mut pages = self.client.pages(request);
        let mut counts = PassCounts::default();
        while let Some(page) = next_page(&mut pages).await {
            let page = page?;
            counts.pages += 1;
            let batch = store.transaction()?;
            for message in &page.items {
                let fresh = pass.is_new(message);
                match batch.upsert_message(message)? {
                    Stored::Inserted => counts.new += 1,
                    Stored::Updated => counts.updated += 1,
                    Stored::Unchanged => counts.unchanged += 1,
                }
                // Reported handed on before the commit: the checkpoint that records it
                // is written in the same transaction as the row, so both land or neither.
                if fresh {
                    pass.handed_on(message);
                }
            }
            batch.save_checkpoint(self.scope, pass.checkpoint())?;
            batch.commit()?;
            progress.update(format!(
                "syncing messages: page {}, {} new, {} updated",
                counts.pages, counts.new, counts.updated
            ));
        }
        let done = pages.done().cloned().ok_or_else(|| {
            Failure::BadAnswer("the message list stopped without reaching its end".to_owned())
        })?;
        pass.complete(&done)?;
        let batch = store.transaction()?;
        batch.save_checkpoint(self.scope, checkpoint)?;
        batch.commit()?;
        Ok(counts)
    }
}
