//! Test your own code against the stateful fake: it stores what you send, serves it back
//! like Unipile, and lets a test inject faults and inspect what happened.
//!
//! `cargo test -p unipile-examples --example test_with_fake` runs the tests below.

use unipile_core::request::{ListChats, SendMessage};
use unipile_core::{AccountId, Client, Error};

/// The code under test: answers every unread chat of an account, then marks it read.
/// Returns how many chats it answered.
pub async fn answer_unread_chats(
    client: &Client,
    account_id: AccountId,
    answer: &str,
) -> Result<usize, Error> {
    let mut chats = client
        .chats()
        .stream(ListChats::new().account_id(account_id).unread(true));
    let mut answered = 0;
    while let Some(chat) = chats.next_item().await {
        let chat = chat?;
        client
            .messages()
            .send(SendMessage::new(chat.id.clone()).text(answer))
            .await?;
        client.chats().set_read(chat.id, true).await?;
        answered += 1;
    }
    Ok(answered)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let fake = unipile_mock::FakeUnipile::demo();
    let client = Client::new(fake.clone(), fake.api_key());
    for account in fake.account_ids() {
        let answered = answer_unread_chats(&client, account.clone(), "Back on Monday").await?;
        println!("{account}: answered {answered} chats");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use unipile_core::Provider;
    use unipile_core::transport::Method;
    use unipile_mock::{AccountSeed, ChatSeed, FakeUnipile, Fault, MessageSeed};

    fn setup() -> (FakeUnipile, Client, AccountId) {
        let fake = FakeUnipile::builder().seed(7).build();
        let account = fake.add_account(AccountSeed::new(Provider::Whatsapp, "Kim"));
        let client = Client::new(fake.clone(), fake.api_key());
        (fake, client, account)
    }

    #[tokio::test]
    async fn answers_each_unread_chat_once() {
        let (fake, client, account) = setup();
        let waiting = fake
            .add_chat(ChatSeed::direct(account.clone(), "Bastien"))
            .expect("chat");
        let quiet = fake
            .add_chat(ChatSeed::direct(account.clone(), "Julien"))
            .expect("chat");
        fake.receive_message(&waiting, MessageSeed::text("Are you there?"));

        let answered = answer_unread_chats(&client, account.clone(), "Back on Monday")
            .await
            .expect("answered");
        assert_eq!(answered, 1);
        let sent = fake.sent_messages();
        assert_eq!(sent.len(), 1);
        assert_eq!(sent[0].chat_id, waiting);
        assert_eq!(sent[0].text.as_deref(), Some("Back on Monday"));
        assert!(fake.chat_message_ids(&quiet).is_empty());

        // The chat is read now: a second run answers nothing.
        let again = answer_unread_chats(&client, account, "Back on Monday")
            .await
            .expect("answered");
        assert_eq!(again, 0);
        assert_eq!(fake.sent_messages().len(), 1);
    }

    #[tokio::test]
    async fn a_failed_send_is_reported_and_never_repeated() {
        let (fake, client, account) = setup();
        let chat = fake
            .add_chat(ChatSeed::direct(account.clone(), "Bastien"))
            .expect("chat");
        fake.receive_message(&chat, MessageSeed::text("Hello?"));
        // The provider fails after Unipile got the message: it may be out already.
        fake.inject(Fault::status(503).on(Method::Post, "/chats/{chat_id}/messages"));

        let error = answer_unread_chats(&client, account, "Back on Monday")
            .await
            .expect_err("the send failed");
        assert_eq!(error.status(), Some(503), "{error}");
        assert_eq!(
            fake.request_count(Method::Post, "/chats/{chat_id}/messages"),
            1,
            "a send is not retried after a 5xx"
        );
    }
}
