//! Receive webhooks behind axum: check the shared-secret header, parse the event, answer
//! `200` at once and do the work elsewhere.
//!
//! Register the webhook with a secret header (`CreateWebhook::secret_header`); Unipile
//! sends that header with every call, and the receiver refuses calls without it. Unipile
//! repeats a call that gets no `200` within 30 seconds, so handle messages idempotently
//! (on `message_id`).
//!
//! Here the fake plays Unipile: it calls the webhook over loopback HTTP when a message
//! arrives.

use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use tokio::sync::mpsc;
use unipile_core::request::CreateWebhook;
use unipile_core::webhook::{self, WebhookEvent, WebhookSecret};
use unipile_core::{Client, Provider};
use unipile_mock::{AccountSeed, ChatSeed, FakeUnipile, MessageSeed};

#[derive(Clone)]
struct Receiver {
    secret: WebhookSecret,
    events: mpsc::Sender<WebhookEvent>,
}

async fn receive(State(receiver): State<Receiver>, headers: HeaderMap, body: Bytes) -> StatusCode {
    // Constant-time comparison; a missing or wrong secret never reaches the parser.
    let pairs = headers
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_bytes()));
    if receiver.secret.verify_pairs(pairs).is_err() {
        return StatusCode::UNAUTHORIZED;
    }
    match webhook::parse(&body) {
        // New event kinds parse too (as `WebhookEvent::Unknown`): never refuse them.
        Ok(event) => {
            // Queue the work; a full queue is a reason for Unipile to call again.
            match receiver.events.try_send(event) {
                Ok(()) => StatusCode::OK,
                Err(_) => StatusCode::SERVICE_UNAVAILABLE,
            }
        }
        Err(error) => {
            eprintln!("webhook body refused: {error}");
            StatusCode::BAD_REQUEST
        }
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let secret_value = std::env::var("UNIPILE_WEBHOOK_SECRET")
        .unwrap_or_else(|_| "change-me-to-a-long-random-value".to_string());
    let secret = WebhookSecret::new(WebhookSecret::DEFAULT_HEADER, secret_value.clone())?;

    // The receiving server.
    let (events, mut queue) = mpsc::channel(64);
    let app = Router::new()
        .route("/unipile/webhook", post(receive))
        .with_state(Receiver { secret, events });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}/unipile/webhook", listener.local_addr()?);
    let server = tokio::spawn(async move { axum::serve(listener, app).await });

    // Register it (in production, with your public HTTPS address).
    let fake = FakeUnipile::new();
    let account = fake.add_account(AccountSeed::new(Provider::Linkedin, "Kim"));
    let chat_id = fake
        .add_chat(ChatSeed::direct(account, "Julien"))
        .ok_or("the account exists")?;
    let client = Client::new(fake.clone(), fake.api_key());
    let created = client
        .webhooks()
        .create(
            CreateWebhook::messaging(url)
                .name("inbox")
                .secret_header(secret_value)
                .json_content_type(),
        )
        .await?;
    println!("webhook {} registered", created.webhook_id);

    // A message arrives: the fake calls the webhook.
    fake.receive_message(&chat_id, MessageSeed::text("Hello Kim!"));
    let event = tokio::time::timeout(Duration::from_secs(10), queue.recv())
        .await?
        .ok_or("the server stopped")?;
    match event {
        WebhookEvent::MessageReceived(message) => println!(
            "message {} in chat {}: {:?}",
            message.message_id, message.chat_id, message.text
        ),
        other => println!("event {}", other.event_name()),
    }
    server.abort();
    Ok(())
}
