//! Read a chat's whole history, newest first, one page in memory at a time; and every
//! new message of an account since a date.

use unipile_core::Client;
use unipile_core::Provider;
use unipile_core::request::{ListChatMessages, ListMessages, Paged, Windowed};
use unipile_mock::{AccountSeed, ChatSeed, FakeUnipile};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let fake = FakeUnipile::new();
    let account = fake.add_account(AccountSeed::new(Provider::Linkedin, "Kim"));
    let chat_id = fake
        .add_chat(ChatSeed::direct(account.clone(), "Julien").history(120))
        .ok_or("the account exists")?;
    let client = Client::new(fake.clone(), fake.api_key());

    // The stream asks for the next page only when the items of the page before are
    // read. It ends after the last page (a null cursor); as guards, a repeated cursor
    // or too many empty pages in a row end it as incomplete (`done()` says why); the
    // first error ends it too.
    let mut history = client
        .chats()
        .stream_messages(ListChatMessages::new(chat_id).limit(50));
    let mut count = 0;
    let mut newest = None;
    while let Some(message) = history.next_item().await {
        let message = message?;
        newest = newest.max(Some(message.timestamp));
        if !message.shows_in_conversation() {
            continue; // hidden messages are not part of the conversation
        }
        count += 1;
        if count <= 3 {
            println!("{} {}", message.timestamp, message.display_text());
        }
    }
    println!("{count} messages in {} pages", history.pages_fetched());

    // Every message of the account after a date, across all its chats: here the day
    // before the latest message (in a program, `Utc::now() - Duration::days(1)`).
    let since = newest.ok_or("the chat has messages")? - chrono::Duration::days(1);
    let recent = client
        .messages()
        .stream(ListMessages::new().account_id(account).after(since))
        .try_collect()
        .await?;
    println!("{} messages since {since}", recent.len());
    Ok(())
}
