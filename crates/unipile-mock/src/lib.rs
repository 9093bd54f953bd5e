//! A stateful fake of the Unipile messaging API v1, for tests and local development.
//!
//! [`FakeUnipile`] answers requests as the real API does, for accounts, chats, attendees,
//! messages, attachments and webhooks: it stores what you send, pages newest first with
//! opaque cursors, validates `limit`, `before` and `after`, answers unknown ids with
//! `errors/resource_not_found`, checks `X-API-KEY`, and calls registered webhooks with the
//! documented `message_received` payload. Use it
//!
//! - **in process**, as a [`Transport`](unipile_core::transport::Transport): hand a clone to
//!   the client and keep one to inspect what happened (messages sent, chats started with
//!   their LinkedIn options, requests received);
//! - **over HTTP**, with [`serve`]: any client, in any language, can point at
//!   `http://127.0.0.1:{port}/api/v1` (the `unipile-mock` binary does this with demo data).
//!
//! Tests can script faults ([`Fault`]): 429 with `Retry-After`, 5xx, timeouts, dropped
//! connections, truncated bodies, slow answers; for every request or one route. And
//! Unipile's own quirks: list pages that are empty but keep a cursor, repeat a cursor or
//! repeat items ([`Fault::empty_page`]…); sends whose outcome is unknown
//! ([`Fault::send_stored_then_dropped`]); accounts that disconnect and come back with a
//! late backlog ([`FakeUnipile::disconnect_account`]); webhooks delivered twice, late or
//! never ([`DeliveryFate`], [`DeliveryChaos`]); and a scripted clock
//! ([`FakeUnipile::set_clock`]).
//!
//! # Rooms
//!
//! - **The fake**: [`FakeUnipile`] and its [`FakeUnipileBuilder`]: the stateful API, its
//!   request pipeline, the [`Transport`](unipile_core::transport::Transport) impl, and the
//!   methods that seed it and inspect it ([`RecordedRequest`], [`StartedChat`]). Webhook
//!   deliveries: [`WebhookDelivery`], [`WebhookReceiver`], [`DeliveryOutcome`].
//! - **The server**: [`serve`] puts a fake on a loopback port ([`ServerHandle`],
//!   [`API_PREFIX`]); [`ROUTES`] lists the endpoints it answers.
//! - **Faults**: [`Fault`] and [`FaultKind`] script failures for the fake to answer with.
//! - **Seeds**: [`AccountSeed`], [`ChatSeed`], [`MessageSeed`] describe the data to add;
//!   histories are deterministic from the fake's seed and end at [`HISTORY_END_MS`].
//! - **Mocks** (feature `mockall`, off by default): `MockTransport` and `MockSleeper`,
//!   [mockall](https://docs.rs/mockall) mocks of the transport and the retry sleeper, for
//!   tests that script each exchange exactly.
//! - **Contract** (feature `contract`, on by default): the `contract` module, the transport
//!   contract suite, checks written once and run against every way of reaching the fake.
//!
//! ```
//! use unipile_core::transport::{HeaderValue, HttpRequest, Method, Multipart, Transport, Body};
//! use unipile_core::Provider;
//! use unipile_mock::{AccountSeed, ChatSeed, FakeUnipile};
//!
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
//! let fake = FakeUnipile::builder().seed(1).build();
//! let account = fake.add_account(AccountSeed::new(Provider::Whatsapp, "Kim"));
//! let chat = fake.add_chat(ChatSeed::direct(account, "Bastien").history(10)).expect("chat");
//!
//! let mut form = Multipart::new();
//! form.push_text("text", "Hello 👋");
//! let path = format!("/chats/{}/messages", chat);
//! let mut request = HttpRequest::new(Method::Post, "/chats/{chat_id}/messages", path)
//!     .with_body(Body::Multipart(form));
//! request.headers.insert("X-API-KEY", HeaderValue::sensitive(fake.api_key()));
//! let response = fake.send(request).await.expect("answered");
//! assert_eq!(response.status, 201);
//! assert_eq!(fake.sent_message_ids().len(), 1);
//! # });
//! ```
#![forbid(unsafe_code)]

mod api_error;
#[cfg(feature = "contract")]
pub mod contract;
mod delivery;
mod fake;
mod fault;
mod handlers;
mod list;
#[cfg(feature = "mockall")]
mod mock;
mod payload;
mod render;
mod rng;
mod route;
mod seed;
mod server;
mod state;
mod wire;

pub use delivery::{
    DeliveryChaos, DeliveryFate, DeliveryOutcome, WebhookDelivery, WebhookReceiver,
};
pub use fake::{DEFAULT_API_KEY, FakeUnipile, FakeUnipileBuilder, RecordedRequest};
pub use fault::{Fault, FaultKind};
#[cfg(feature = "mockall")]
pub use mock::{MockSleeper, MockTransport};
pub use route::ROUTES;
pub use seed::{AccountSeed, ChatSeed, HISTORY_END_MS, MessageSeed};
pub use server::{API_PREFIX, ServerHandle, serve};
pub use state::StartedChat;
