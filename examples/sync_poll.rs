//! Poll for new messages on a schedule ("cron" sync) without losing or repeating any.
//!
//! Each pass lists `GET /messages` from the last checkpoint minus an overlap (so a
//! message that showed up late, or a pass that failed midway, is fetched again), hands
//! on only the messages not handed on before, and moves the checkpoint only when every
//! page was walked. Store the checkpoint between passes (it is `Serialize`).

use std::error::Error;
use std::time::Duration;

use chrono::Utc;
use unipile_core::request::{ListMessages, Windowed};
use unipile_core::sync::{Checkpoint, PassSummary};
use unipile_core::{Client, Message, Provider};
use unipile_mock::{AccountSeed, ChatSeed, FakeUnipile, MessageSeed};

/// Longer than the time between two passes plus the lateness you expect.
const OVERLAP: Duration = Duration::from_secs(2 * 3600);

/// One pass: every message new since the checkpoint goes to `store`.
async fn sync_once(
    client: &Client,
    checkpoint: &mut Checkpoint,
    store: &mut Vec<Message>,
) -> Result<PassSummary, Box<dyn Error>> {
    let mut pass = checkpoint.begin(OVERLAP, Utc::now());
    let window = pass.window().clone();
    let mut request = ListMessages::new();
    if let Some(account_id) = window.account_id {
        request = request.account_id(account_id);
    }
    if let Some(after) = window.after {
        request = request.after(after);
    }

    let mut messages = client.messages().stream(request);
    while let Some(message) = messages.next_item().await {
        let message = message?; // an error drops the pass: the checkpoint stays put
        if pass.is_new(&message) {
            store.push(message.clone()); // hand it on: store it, act on it
            pass.handed_on(&message);
        }
    }
    let walk = messages.done().ok_or("the stream ended")?.clone();
    Ok(pass.complete(&walk)?)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let fake = FakeUnipile::new();
    let account = fake.add_account(AccountSeed::new(Provider::Whatsapp, "Kim"));
    let chat_id = fake
        .add_chat(ChatSeed::direct(account.clone(), "Bastien").history(20))
        .ok_or("the account exists")?;
    let client = Client::new(fake.clone(), fake.api_key());

    // A first pass fetches the whole history; `Checkpoint::starting_at` sets a start.
    let mut checkpoint = Checkpoint::new(account);
    let mut store = Vec::new();

    let first = sync_once(&client, &mut checkpoint, &mut store).await?;
    println!("first pass: {} new", first.handed_on);

    fake.receive_message(&chat_id, MessageSeed::text("Are you free tomorrow?"));
    let second = sync_once(&client, &mut checkpoint, &mut store).await?;
    println!(
        "second pass: {} new, {} fetched again and skipped",
        second.handed_on, second.duplicates
    );

    // Keep the checkpoint (a file, a database row) until the next pass.
    let saved = serde_json::to_string(&checkpoint)?;
    let _restored: Checkpoint = serde_json::from_str(&saved)?;
    println!("{} messages stored, none twice", store.len());
    Ok(())
}
