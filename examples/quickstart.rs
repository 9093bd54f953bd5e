//! Quickstart: the SDK against the in-process fake Unipile.
//!
//! Sends a message, starts a chat and a LinkedIn InMail, streams a chat history page after
//! page, and handles a `message_received` webhook. Run it from the workspace root:
//!
//! ```sh
//! cargo run -p unipile-examples --example quickstart
//! ```
//!
//! To run the same code against Unipile, build the client on an HTTP transport
//! (`unipile-http`) with your DSN and API key instead of the fake.

use unipile_core::Client;
use unipile_core::request::{
    FileUpload, LinkedinOptions, ListChatMessages, Paged, SendMessage, StartChat,
};
use unipile_core::webhook::{self, WebhookEvent};
use unipile_core::{Error, Provider};
use unipile_mock::{AccountSeed, ChatSeed, FakeUnipile, MessageSeed};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    // A fake Unipile with one LinkedIn account and a chat with 250 messages of history.
    let fake = FakeUnipile::builder().seed(42).build();
    let account = fake.add_account(AccountSeed::new(Provider::Linkedin, "Kim Unipile"));
    let chat = fake
        .add_chat(ChatSeed::direct(account.clone(), "Bastien Martin").history(250))
        .expect("the account exists");
    let client = Client::new(fake.clone(), fake.api_key());

    // 1. Send a message with an attachment into an existing chat.
    let sent = client
        .messages()
        .send(
            SendMessage::new(chat.clone())
                .text("Hello Bastien 👋 here is the deck")
                .attachment(FileUpload::new(
                    "deck.pdf",
                    "application/pdf",
                    &b"%PDF-1.7"[..],
                )),
        )
        .await?;
    println!("sent message {:?}", sent.message_id);

    // 2. Start a 1:1 chat with someone by their provider id.
    let started = client
        .chats()
        .start(StartChat::new(account.clone(), "ACoAAB3xample").text("Nice to meet you!"))
        .await?;
    println!("started chat {:?}", started.chat_id);

    // 3. Send a LinkedIn InMail (a chat started with linkedin[inmail]=true).
    let inmail = client
        .chats()
        .start(
            StartChat::new(account.clone(), "ACoAAR3cruiter")
                .subject("An opportunity")
                .text("Would you be open to a chat?")
                .linkedin(LinkedinOptions::classic().inmail(true)),
        )
        .await?;
    let recorded = fake.started_chats().pop().expect("recorded by the fake");
    println!(
        "started InMail chat {:?} (the fake saw linkedin[inmail]={:?})",
        inmail.chat_id,
        recorded.linkedin_option("inmail")
    );

    // 4. Stream the whole history, newest first, 100 messages a page.
    let mut history = client
        .chats()
        .stream_messages(ListChatMessages::new(chat.clone()).limit(100));
    let (mut count, mut with_files) = (0, 0);
    while let Some(message) = history.next_item().await {
        let message = message?;
        count += 1;
        if message.has_attachments() {
            with_files += 1;
        }
    }
    println!("streamed {count} messages of the chat ({with_files} with attachments)");

    // 5. Handle a webhook: register one, a message arrives, parse the delivery.
    let mut deliveries = fake.subscribe_webhooks();
    client
        .webhooks()
        .create(
            unipile_core::request::CreateWebhook::new(
                "https://example.invalid/unipile",
                unipile_core::model::webhook_registration::WebhookSource::Messaging,
            )
            .header("Unipile-Auth", "my-shared-secret"),
        )
        .await?;
    fake.receive_message(&chat, MessageSeed::text("Thanks, got it!"));
    let delivery = deliveries
        .try_recv()
        .expect("the fake delivered the webhook");
    match webhook::parse(&delivery.body).expect("a valid webhook") {
        WebhookEvent::MessageReceived(event) => println!(
            "webhook: {} from {:?}: {:?}",
            event.event_name(),
            event
                .sender
                .as_ref()
                .and_then(|s| s.attendee_name.as_deref()),
            event.text.as_deref().unwrap_or("")
        ),
        other => println!("webhook: {}", other.event_name()),
    }
    Ok(())
}
