//! Send a message into a chat you know the id of.
//!
//! Runs against the in-process fake; in production, give the client an
//! `unipile_http::HttpTransport` instead (see the quickstart).

use unipile_core::Client;
use unipile_core::Provider;
use unipile_core::request::SendMessage;
use unipile_mock::{AccountSeed, ChatSeed, FakeUnipile};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let fake = FakeUnipile::new();
    let account = fake.add_account(AccountSeed::new(Provider::Whatsapp, "Kim"));
    let chat_id = fake
        .add_chat(ChatSeed::direct(account, "Bastien"))
        .ok_or("the account exists")?;
    let client = Client::new(fake.clone(), fake.api_key());

    // The request is checked before anything is sent: an empty message, a bad id or a
    // file too large is an `InvalidRequest` naming the parameter.
    let sent = client
        .messages()
        .send(SendMessage::new(chat_id.clone()).text("Hello Bastien 👋"))
        .await?;

    // `message_id` may be null when the provider does not answer at once: the message
    // then arrives by webhook or in the next sync. A send is never retried after a
    // timeout or a 5xx, so it is never delivered twice.
    match sent.message_id {
        Some(id) => println!("sent message {id} into chat {chat_id}"),
        None => println!("sent into chat {chat_id}; its id comes with the webhook"),
    }
    Ok(())
}
