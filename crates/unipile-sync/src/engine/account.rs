//! One account's walk: its checkpoint, its window, its pages stored with the checkpoint,
//! then its partial messages completed.

use super::Syncer;
use super::report::{AccountError, AccountOutcome, AccountReport};
use crate::UpsertCounts;
use chrono::{DateTime, TimeDelta, Utc};
use futures_core::Stream;
use std::pin::Pin;
use unipile_core::client::PageStream;
use unipile_core::request::{ListMessages, Paged, Windowed};
use unipile_core::sync::{Checkpoint, IncompletePass, PassKind, PassPlanner};
use unipile_core::{AccountId, Error, Message, Page};

/// An account that came back: the last moment it was known healthy, and when it came
/// back.
pub(super) struct Backfill {
    pub(super) since: DateTime<Utc>,
    pub(super) marked_at: DateTime<Utc>,
}

/// Walks `account`'s window and completes its partial messages, filling `report`.
pub(super) async fn walk(
    syncer: &Syncer,
    account: &AccountId,
    backfill: Option<Backfill>,
    report: &mut AccountReport,
) {
    report.outcome = match walk_window(syncer, account, backfill.as_ref(), report).await {
        Ok(outcome) => outcome,
        Err(error) => AccountOutcome::Failed(error),
    };
    if matches!(report.outcome, AccountOutcome::LeaseLost) {
        return;
    }
    match complete_partials(syncer, account).await {
        Ok(completed) => report.counts.completed_partials = completed,
        Err(error) if !report.outcome.is_failure() => {
            report.outcome = AccountOutcome::Failed(error);
        }
        Err(_) => {}
    }
}

async fn walk_window(
    syncer: &Syncer,
    account: &AccountId,
    backfill: Option<&Backfill>,
    report: &mut AccountReport,
) -> Result<AccountOutcome, AccountError> {
    let settings = &syncer.settings;
    let store = &syncer.store;
    let scope = account.as_str();
    let mut checkpoint = load_checkpoint(syncer, account).await?;
    let now = syncer.now();
    let mut planner = PassPlanner::new();
    if let Some(deep) = settings.deep_pass {
        planner = planner.deep_pass(deep);
    }
    let kind = planner.plan(&checkpoint, backfill.map(|b| b.since), now);
    report.kind = Some(kind);
    let mut pass = checkpoint.begin_kind(kind, settings.overlap, now);
    let window = pass.window().clone();
    let mut request = ListMessages::new()
        .limit(settings.page_size)
        .account_id(account.clone());
    if let Some(after) = window.after {
        request = request.after(after);
    }
    let mut pages = syncer
        .client
        .pages(request)
        .max_empty_pages(settings.max_empty_pages);
    let mut next = next_page(&mut pages).await;
    while let Some(page) = next {
        let page = page?;
        report.counts.pages += 1;
        // The store keeps one row per message id: it is the dedupe, and every message
        // fetched is written. The pass only learns how far the window reached; its
        // checkpoint is written once, after a `null` cursor, and a pass stopped midway
        // leaves the stored one as it was, so the next walks the same window again.
        for message in &page.items {
            pass.saw_stored(message);
        }
        // The next page is fetched while this one is written: two pages in memory. A
        // write that stops the walk drops (cancels) the fetch at once.
        let write = write_page(syncer, account, &page.items);
        let fetch = async { Ok(next_page(&mut pages).await) };
        match tokio::try_join!(write, fetch) {
            Ok((counts, following)) => {
                report.counts.add_upsert(counts);
                next = following;
            }
            Err(stop) => return Ok(stop),
        }
    }
    let Some(done) = pages.done().cloned() else {
        // The stream ends without a reason only after an error, returned above.
        return Ok(AccountOutcome::Failed(AccountError::Checkpoint {
            account: account.clone(),
            reason: "the message list stopped without saying why".to_owned(),
        }));
    };
    match pass.complete(&done) {
        Ok(_) => {}
        Err(IncompletePass::PagesLeft(done)) => return Ok(AccountOutcome::Incomplete(done)),
        Err(other) => {
            return Err(AccountError::Checkpoint {
                account: account.clone(),
                reason: other.to_string(),
            });
        }
    }
    if !renew_lease(syncer, account).await? {
        return Ok(AccountOutcome::LeaseLost);
    }
    store
        .save_checkpoint(scope, &checkpoint_json(&checkpoint)?)
        .await?;
    if let (PassKind::Backfill { .. }, Some(backfill)) = (kind, backfill) {
        let back_for = now.signed_duration_since(backfill.marked_at);
        let settle = TimeDelta::from_std(settings.backfill_for).unwrap_or(TimeDelta::MAX);
        if back_for >= settle {
            store.complete_backfill(account, now).await?;
        }
    }
    Ok(AccountOutcome::Complete)
}

/// The next page of `pages`, `None` after the last.
async fn next_page(pages: &mut PageStream<Message>) -> Option<Result<Page<Message>, Error>> {
    std::future::poll_fn(|cx| Pin::new(&mut *pages).poll_next(cx)).await
}

/// Writes a page, if this worker still holds the account's lease. Otherwise (it lapsed
/// while the page was fetched, maybe taken over by another worker) nothing is written,
/// so two workers never write one account's rows at once, and the walk stops with
/// [`AccountOutcome::LeaseLost`]; a failed write stops it with
/// [`AccountOutcome::Failed`].
async fn write_page(
    syncer: &Syncer,
    account: &AccountId,
    messages: &[Message],
) -> Result<UpsertCounts, AccountOutcome> {
    match renew_lease(syncer, account).await {
        Ok(true) => {}
        Ok(false) => return Err(AccountOutcome::LeaseLost),
        Err(error) => return Err(AccountOutcome::Failed(error)),
    }
    syncer
        .store
        .upsert_messages(messages)
        .await
        .map_err(|error| AccountOutcome::Failed(error.into()))
}

/// Extends this worker's lease of `account`; `false` when it lapsed and is lost.
async fn renew_lease(syncer: &Syncer, account: &AccountId) -> Result<bool, AccountError> {
    let settings = &syncer.settings;
    let renewed = syncer
        .store
        .renew_lease(account, &settings.worker_id, settings.lease_ttl)
        .await?;
    Ok(renewed.is_some())
}

/// The account's stored checkpoint, or a fresh one (from `since`, if set).
async fn load_checkpoint(syncer: &Syncer, account: &AccountId) -> Result<Checkpoint, AccountError> {
    match syncer.store.checkpoint(account.as_str()).await? {
        Some(json) => serde_json::from_value(json).map_err(|e| AccountError::Checkpoint {
            account: account.clone(),
            reason: e.to_string(),
        }),
        None => {
            let fresh = Checkpoint::new(account.clone());
            Ok(match syncer.settings.since {
                Some(since) => fresh.starting_at(since),
                None => fresh,
            })
        }
    }
}

fn checkpoint_json(checkpoint: &Checkpoint) -> Result<serde_json::Value, AccountError> {
    serde_json::to_value(checkpoint).map_err(|e| AccountError::Checkpoint {
        account: checkpoint
            .account_id()
            .cloned()
            .unwrap_or_else(|| AccountId::new("*")),
        reason: e.to_string(),
    })
}

/// Completes this account's messages known only from webhooks: `GET /messages/{id}`,
/// stored in full. A message the API no longer knows is left partial, and recorded as not
/// found so that it goes behind the others next time.
async fn complete_partials(syncer: &Syncer, account: &AccountId) -> Result<u64, AccountError> {
    let partials = syncer
        .store
        .partial_messages(Some(account), syncer.settings.partials_per_pass)
        .await?;
    let mut completed = 0;
    for partial in &partials {
        let message = match syncer
            .client
            .messages()
            .get(partial.message_id.clone())
            .await
        {
            Ok(message) => message,
            Err(error) if error.is_not_found() => {
                syncer.store.partial_not_found(&partial.message_id).await?;
                continue;
            }
            Err(error) => return Err(error.into()),
        };
        let counts = syncer.store.upsert_messages(&[message]).await?;
        completed += counts.updated + counts.inserted;
    }
    Ok(completed)
}
