//! What the benchmarks share: the fake Unipile seeded with realistic chats, served on
//! 127.0.0.1, and an SDK client on it.

#![allow(dead_code)] // Each benchmark uses a different part.

use std::time::Duration;
use unipile_core::request::{ApiRequest, ListChatMessages, ListRequest, Paged};
use unipile_core::transport::{HeaderValue, HttpRequest, Transport};
use unipile_core::{AccountId, ChatId, Client, Message, Page, Provider};
use unipile_http::{HttpConfig, api_key, client};
use unipile_mock::{AccountSeed, ChatSeed, FakeUnipile, ServerHandle, serve};

/// The largest page the API serves, and the one the benchmarks ask for.
pub const PAGE: u32 = 250;

/// A runtime like a user's `#[tokio::main]` on this machine: one worker per core.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime")
}

/// The fake, seeded the same way every run.
pub fn fake() -> FakeUnipile {
    FakeUnipile::builder().seed(20_250_601).build()
}

/// A WhatsApp account of `fake`.
pub fn account(fake: &FakeUnipile) -> AccountId {
    fake.add_account(AccountSeed::new(Provider::Whatsapp, "Bench"))
}

/// A group chat of five (the account and four others) with `messages` realistic messages:
/// text, attachments of every kind, reactions, quotes, edits, read receipts of each
/// member on the account's own messages.
pub fn group_chat(fake: &FakeUnipile, account: &AccountId, messages: usize) -> ChatId {
    fake.add_chat(
        ChatSeed::group(
            account.clone(),
            "Launch team",
            ["Ana Souza", "Bo Lindqvist", "Chidi Okafor", "Dana Weiss"],
        )
        .history(messages),
    )
    .expect("a seeded chat")
}

/// The body of the first page (`limit=250`) of `chat`'s history, as the fake sends it.
pub async fn first_page_body(fake: &FakeUnipile, chat: &ChatId) -> bytes::Bytes {
    let request = ListChatMessages::new(chat.clone())
        .limit(PAGE)
        .to_http()
        .expect("a valid request");
    page_body(fake, request).await
}

async fn page_body(fake: &FakeUnipile, mut request: HttpRequest) -> bytes::Bytes {
    request
        .headers
        .insert("X-API-KEY", HeaderValue::sensitive(fake.api_key()));
    let response = fake.send(request).await.expect("answered");
    assert_eq!(response.status, 200, "the fake answers the page");
    response.body
}

/// The size in bytes of the largest page body of `chat`'s history (pages of 250), asked
/// of the fake in process.
pub async fn largest_page_body(fake: &FakeUnipile, chat: &ChatId) -> usize {
    let first = ListChatMessages::new(chat.clone()).limit(PAGE);
    let mut request = first.to_http().expect("a valid request");
    let mut largest = 0;
    loop {
        let body = page_body(fake, request).await;
        largest = largest.max(body.len());
        let page: Page<Message> = unipile_core::decode(&body).expect("a page");
        let Some(cursor) = page.cursor else {
            return largest;
        };
        request = first.next_page(&cursor).expect("the next page");
    }
}

/// `fake` served on 127.0.0.1, and an SDK client (`HttpTransport`, default retry policy,
/// tokio waits) on it.
pub async fn served(fake: &FakeUnipile) -> (ServerHandle, Client) {
    let server = serve(fake.clone(), "127.0.0.1:0").await.expect("bound");
    let config = HttpConfig::builder(server.base_url())
        .request_timeout(Duration::from_secs(30))
        .build()
        .expect("a loopback config");
    let client = client(config, api_key(fake.api_key()).expect("key")).expect("client");
    (server, client)
}

/// Walks `chat`'s whole history through the client's stream, pages of 250, and returns
/// how many messages came.
pub async fn stream_history(client: &Client, chat: &ChatId) -> usize {
    let mut stream = client
        .chats()
        .stream_messages(ListChatMessages::new(chat.clone()).limit(PAGE));
    let mut count = 0;
    while let Some(message) = stream.next_item().await {
        std::hint::black_box(message.expect("a message"));
        count += 1;
    }
    count
}
