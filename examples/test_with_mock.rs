//! Test your own code with the mockall mock of the transport: script each exchange
//! exactly, and check the requests your code makes.
//!
//! `cargo test -p unipile-examples --example test_with_mock` runs the tests below.

use unipile_core::request::{ListChatMessages, Paged};
use unipile_core::{ChatId, Client, Error};

/// The code under test: the text of a chat's latest message, if it has one.
pub async fn latest_text(client: &Client, chat_id: ChatId) -> Result<Option<String>, Error> {
    let page = client
        .chats()
        .messages(&ListChatMessages::new(chat_id).limit(1))
        .await?;
    Ok(page.items.into_iter().next().and_then(|m| m.text))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let fake = unipile_mock::FakeUnipile::demo();
    let client = Client::new(fake.clone(), fake.api_key());
    for chat_id in fake.chat_ids().into_iter().take(3) {
        println!(
            "{chat_id}: {:?}",
            latest_text(&client, chat_id.clone()).await?
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use unipile_core::transport::{HttpResponse, Method};
    use unipile_mock::MockTransport;

    #[tokio::test]
    async fn asks_for_one_message_and_reads_its_text() {
        let mut transport = MockTransport::new();
        transport
            .expect_send()
            .withf(|request| {
                request.method == Method::Get
                    && request.path == "/chats/chat%2F1/messages"
                    && request.query == [("limit".to_string(), "1".to_string())]
            })
            .times(1)
            .returning(|_| {
                Ok(HttpResponse::new(
                    200,
                    r#"{"object":"MessageList","cursor":null,"items":[
                        {"object":"Message","id":"m1","text":"See you!","timestamp":"2025-01-01T10:00:00.000Z"}
                    ]}"#,
                ))
            });
        let client = Client::new(transport, "test-key");

        let text = latest_text(&client, ChatId::new("chat/1"))
            .await
            .expect("read");
        assert_eq!(text.as_deref(), Some("See you!"));
    }

    #[tokio::test]
    async fn a_disconnected_account_asks_for_a_reconnection() {
        let mut transport = MockTransport::new();
        transport.expect_send().times(1).returning(|_| {
            Ok(HttpResponse::new(
                401,
                r#"{"status":401,"type":"errors/disconnected_account","title":"Disconnected account"}"#,
            ))
        });
        let client = Client::new(transport, "test-key");

        let error = latest_text(&client, ChatId::new("chat_1"))
            .await
            .expect_err("401");
        assert!(error.needs_reconnect(), "{error}");
        assert!(!error.is_retryable());
    }
}
