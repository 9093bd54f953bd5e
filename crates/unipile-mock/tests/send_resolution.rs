//! Sends resolved, not guessed: a send whose outcome is unknown is looked up in its chat,
//! and only a send proven not delivered may be sent again.

use std::sync::Arc;

use unipile_core::client::{Client, SendResolution};
use unipile_core::request::{FileUpload, SendMessage};
use unipile_core::transport::Transport;
use unipile_core::{ChatId, Provider};
use unipile_mock::{AccountSeed, ChatSeed, FakeUnipile, Fault, MessageSeed};

fn setup() -> (FakeUnipile, Client, ChatId) {
    let fake = FakeUnipile::builder().seed(21).build();
    let account = fake.add_account(AccountSeed::new(Provider::Whatsapp, "Kim"));
    let chat = fake
        .add_chat(ChatSeed::direct(account, "Bastien").history(30))
        .expect("chat");
    let transport: Arc<dyn Transport> = Arc::new(fake.clone());
    let client = Client::new(transport, fake.api_key());
    (fake, client, chat)
}

fn request(chat: &ChatId, text: &str) -> SendMessage {
    SendMessage::new(chat.clone())
        .text(text)
        .attachment(FileUpload::new(
            "notes.txt",
            "text/plain",
            b"hello".to_vec(),
        ))
}

#[tokio::test]
async fn a_send_stored_before_the_connection_dropped_resolves_as_delivered() {
    let (fake, client, chat) = setup();
    // The same text earlier, and from the other side: neither is ours.
    fake.add_message(&chat, MessageSeed::text("See you at 10"))
        .expect("theirs");
    let request = request(&chat, "See you at 10");
    let attempt = client.messages().attempt(&request);
    fake.inject(Fault::send_stored_then_dropped());
    let err = client.messages().send(request).await.expect_err("dropped");
    assert!(err.send_outcome_unknown(), "{err:?}");
    assert_eq!(fake.sent_message_ids().len(), 1);

    match client
        .messages()
        .resolve_send(&attempt)
        .await
        .expect("read")
    {
        SendResolution::Delivered(id) => assert_eq!(id, fake.sent_message_ids()[0]),
        other => panic!("expected delivered, got {other:?}"),
    }
}

#[tokio::test]
async fn a_send_dropped_before_storing_resolves_as_not_delivered_and_may_be_resent_once() {
    let (fake, client, chat) = setup();
    let request = request(&chat, "Invoice attached");
    let attempt = client.messages().attempt(&request);
    fake.inject(Fault::send_dropped_before_storing());
    let err = client
        .messages()
        .send(request.clone())
        .await
        .expect_err("dropped");
    assert!(err.send_outcome_unknown());
    assert!(fake.sent_message_ids().is_empty());

    let SendResolution::NotDelivered(proof) = client
        .messages()
        .resolve_send(&attempt)
        .await
        .expect("read")
    else {
        panic!("nothing was stored");
    };
    assert_eq!(proof.attempt(), &attempt);
    let sent = client
        .messages()
        .resend(proof, request)
        .await
        .expect("resent");
    assert_eq!(fake.sent_message_ids(), vec![sent.message_id.expect("id")]);
    // Now the same attempt resolves as delivered: the resend is not repeated.
    assert!(matches!(
        client
            .messages()
            .resolve_send(&attempt)
            .await
            .expect("read"),
        SendResolution::Delivered(_)
    ));
}

#[tokio::test]
async fn a_resend_of_another_message_is_refused_and_nothing_is_sent() {
    let (fake, client, chat) = setup();
    let request = request(&chat, "First");
    let attempt = client.messages().attempt(&request);
    let SendResolution::NotDelivered(proof) = client
        .messages()
        .resolve_send(&attempt)
        .await
        .expect("read")
    else {
        panic!("never sent");
    };
    let err = client
        .messages()
        .resend(proof, SendMessage::new(chat.clone()).text("Second"))
        .await
        .expect_err("refused");
    assert!(err.to_string().contains("NotDelivered"), "{err}");
    assert!(fake.sent_message_ids().is_empty());
}

#[tokio::test]
async fn a_different_text_or_attachment_count_is_not_our_message() {
    let (fake, client, chat) = setup();
    let request = request(&chat, "Exact words");
    let attempt = client.messages().attempt(&request);
    // Sent by us, but not this message: no attachment, then another text.
    client
        .messages()
        .send(SendMessage::new(chat.clone()).text("Exact words"))
        .await
        .expect("sent");
    client
        .messages()
        .send(
            SendMessage::new(chat.clone())
                .text("Other words")
                .attachment(FileUpload::new("notes.txt", "text/plain", b"x".to_vec())),
        )
        .await
        .expect("sent");
    assert_eq!(fake.sent_message_ids().len(), 2);
    assert!(matches!(
        client
            .messages()
            .resolve_send(&attempt)
            .await
            .expect("read"),
        SendResolution::NotDelivered(_)
    ));
}

#[tokio::test]
async fn errors_that_prove_nothing_was_sent_are_not_unknown() {
    let (fake, client, chat) = setup();
    fake.inject(
        Fault::connect_error()
            .on(
                unipile_core::transport::Method::Post,
                "/chats/{chat_id}/messages",
            )
            .times(10),
    );
    let err = client
        .messages()
        .send(SendMessage::new(chat.clone()).text("x"))
        .await
        .expect_err("refused");
    assert!(!err.send_outcome_unknown(), "{err:?}");
    fake.clear_faults();
    fake.inject(Fault::status(503).on(
        unipile_core::transport::Method::Post,
        "/chats/{chat_id}/messages",
    ));
    let err = client
        .messages()
        .send(SendMessage::new(chat).text("x"))
        .await
        .expect_err("5xx");
    assert!(err.send_outcome_unknown(), "a 5xx may come after the store");
}
