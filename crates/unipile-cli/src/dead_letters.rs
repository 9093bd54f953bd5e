//! `unipile webhooks dead-letters list|replay`: the webhook calls `listen --db` kept
//! because it could not understand them, byte for byte.

use crate::cli::DeadLettersCommand;
use crate::failure::Failure;
use crate::listen::describe;
use crate::output::{Column, Printer, Table, time};
use serde::Serialize;
use unipile_core::webhook::WebhookEvent;
use unipile_sync::intake::{Receipt, ReplayOutcome, replay_dead_letter};
use unipile_sync::{DeadLetter, Store};

const COLUMNS: &[Column] = &[
    Column::new("ID", 10),
    Column::new("RECEIVED", 19),
    Column::new("BYTES", 8),
    Column::new("REASON", 90),
];

/// A dead letter as `--json` prints it.
#[derive(Serialize)]
struct LetterLine<'a> {
    id: i64,
    received_at: String,
    reason: &'a str,
    bytes: usize,
    /// The body as text (bytes that are not UTF-8 shown as U+FFFD).
    body: String,
}

/// What `replay --json` prints for each letter.
#[derive(Serialize)]
struct ReplayLine<'a> {
    id: i64,
    replayed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    event: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
}

/// Runs a `dead-letters` command.
pub async fn run(command: DeadLettersCommand, out: &Printer) -> Result<(), Failure> {
    match command {
        DeadLettersCommand::List { db, limit } => list(&*open(&db.db).await?, limit, out).await,
        DeadLettersCommand::Replay { db, id, all } => {
            let store = open(&db.db).await?;
            replay(&*store, id.filter(|_| !all), out).await
        }
    }
}

async fn open(url: &str) -> Result<Box<dyn Store>, Failure> {
    unipile_sync::open(url)
        .await
        .map_err(|e| Failure::local("cannot open the database", e))
}

fn database(error: unipile_sync::StoreError) -> Failure {
    Failure::local("database", error)
}

async fn list(store: &dyn Store, limit: u32, out: &Printer) -> Result<(), Failure> {
    let letters = store.dead_letters(limit).await.map_err(database)?;
    if out.is_json() {
        for letter in &letters {
            out.json_line(&LetterLine {
                id: letter.id,
                received_at: letter.received_at.to_rfc3339(),
                reason: &letter.reason,
                bytes: letter.body.len(),
                body: String::from_utf8_lossy(&letter.body).into_owned(),
            })?;
        }
        return Ok(());
    }
    if letters.is_empty() {
        eprintln!("no dead letters waiting");
        return Ok(());
    }
    let mut table = Table::new(COLUMNS);
    for letter in &letters {
        table.row(vec![
            letter.id.to_string(),
            time(&letter.received_at),
            letter.body.len().to_string(),
            letter.reason.clone(),
        ]);
    }
    table.flush(out)
}

/// Replays one letter (`Some(id)`) or every waiting one, oldest first.
async fn replay(store: &dyn Store, id: Option<i64>, out: &Printer) -> Result<(), Failure> {
    // Letters that still fail stay waiting, so the list is read once, whole: dead
    // letters are few.
    let waiting = store.dead_letters(u32::MAX).await.map_err(database)?;
    let chosen: Vec<&DeadLetter> = match id {
        Some(id) => {
            let letter = waiting.iter().find(|l| l.id == id).ok_or_else(|| {
                Failure::Local(format!(
                    "no dead letter {id} waiting (already replayed, deleted, or never kept)"
                ))
            })?;
            vec![letter]
        }
        None => waiting.iter().collect(),
    };
    let (mut replayed, mut failing) = (0usize, 0usize);
    for letter in chosen {
        replay_one(store, letter, out, &mut replayed, &mut failing).await?;
    }
    eprintln!("{replayed} replayed, {failing} still failing");
    Ok(())
}

async fn replay_one(
    store: &dyn Store,
    letter: &DeadLetter,
    out: &Printer,
    replayed: &mut usize,
    failing: &mut usize,
) -> Result<(), Failure> {
    let outcome = replay_dead_letter(store, letter).await.map_err(database)?;
    let (event, reason) = match &outcome {
        ReplayOutcome::Applied(receipt) => {
            *replayed += 1;
            (Some(receipt_line(receipt)), None)
        }
        ReplayOutcome::StillFailing(reason) => {
            *failing += 1;
            (None, Some(reason.as_str()))
        }
        _ => (None, None),
    };
    if out.is_json() {
        return out.json_line(&ReplayLine {
            id: letter.id,
            replayed: event.is_some(),
            event: event.as_deref(),
            reason,
        });
    }
    match (event, reason) {
        (Some(event), _) => out.line(&format!("replayed {}: {event}", letter.id)),
        (None, reason) => out.line(&format!(
            "still failing {}: {}",
            letter.id,
            reason.unwrap_or("unknown")
        )),
    }
}

fn receipt_line(receipt: &Receipt) -> String {
    match receipt {
        Receipt::Stored { event, .. } => describe(event),
        Receipt::AccountStatus { event, .. } => {
            describe(&WebhookEvent::AccountStatus(event.clone()))
        }
        other => format!("{other:?}"),
    }
}
