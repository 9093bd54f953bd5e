//! `HttpTransport` against the fake Unipile served on 127.0.0.1: the whole transport
//! contract suite, then each fault end to end through the `Client`, as a user's program
//! meets it. Retry waits are recorded, never slept; the only real waits are the short
//! request timeouts of the timeout tests.

mod support;

use std::sync::Arc;
use std::time::Duration;
use support::{Step, TestServer};
use unipile_core::client::retry::{FixedJitter, RecordingSleeper};
use unipile_core::error::{Error, ErrorKind};
use unipile_core::request::{ListChatMessages, SendMessage};
use unipile_core::transport::{Method, TransportErrorKind};
use unipile_core::{ChatId, Client, Provider};
use unipile_http::{HttpConfig, HttpTransport, api_key, client_builder};
use unipile_mock::{AccountSeed, ChatSeed, FakeUnipile, Fault, ServerHandle, contract, serve};

/// The longest a test may take: a guard against hanging, never reached when all is well.
const GUARD: Duration = Duration::from_secs(60);
/// The request timeout of the timeout tests: short, so they finish quickly.
const SHORT_TIMEOUT: Duration = Duration::from_millis(300);
/// How long the fake holds a timed-out request: far past [`SHORT_TIMEOUT`].
const HOLD: Duration = Duration::from_secs(30);
/// The messages already in the test chat.
const HISTORY: usize = 5;
/// The route of a chat's history (`GET`) and of sending into it (`POST`).
const MESSAGES: &str = "/chats/{chat_id}/messages";

async fn guarded<F: std::future::Future>(future: F) -> F::Output {
    tokio::time::timeout(GUARD, future)
        .await
        .unwrap_or_else(|_| panic!("the test did not finish within {GUARD:?}"))
}

fn config(base_url: &str, request_timeout: Duration) -> HttpConfig {
    HttpConfig::builder(base_url)
        .connect_timeout(Duration::from_secs(5))
        .request_timeout(request_timeout)
        .build()
        .expect("a loopback config")
}

#[tokio::test]
async fn the_contract_suite_passes_over_loopback_http() {
    let fake = FakeUnipile::builder().seed(2025).build();
    let server = serve(fake.clone(), "127.0.0.1:0").await.expect("bound");
    let transport =
        HttpTransport::new(config(server.base_url(), Duration::from_secs(20))).expect("transport");
    let target = contract::Target::new(fake, Arc::new(transport));
    guarded(contract::run_all(&target)).await;
    server.shutdown().await;
}

/// The fake on loopback with one chat, and a client on it whose waits are recorded.
struct Served {
    fake: FakeUnipile,
    server: ServerHandle,
    client: Client,
    sleeper: Arc<RecordingSleeper>,
    chat: ChatId,
}

impl Served {
    async fn start(request_timeout: Duration) -> Self {
        let fake = FakeUnipile::builder().seed(7).build();
        let account = fake.add_account(AccountSeed::new(Provider::Whatsapp, "Kim"));
        let chat = fake
            .add_chat(ChatSeed::direct(account, "Lou").history(HISTORY))
            .expect("chat");
        let server = serve(fake.clone(), "127.0.0.1:0").await.expect("bound");
        let sleeper = Arc::new(RecordingSleeper::new());
        let key = api_key(fake.api_key()).expect("the fake's key");
        let client = client_builder(config(server.base_url(), request_timeout), key)
            .expect("client")
            .sleeper(Arc::clone(&sleeper))
            .jitter(FixedJitter(0.5))
            .build();
        Self {
            fake,
            server,
            client,
            sleeper,
            chat,
        }
    }

    async fn read(&self) -> Result<usize, Error> {
        let page = guarded(
            self.client
                .chats()
                .messages(&ListChatMessages::new(self.chat.clone())),
        )
        .await?;
        Ok(page.items.len())
    }

    async fn send(&self, text: &str) -> Result<(), Error> {
        guarded(
            self.client
                .messages()
                .send(SendMessage::new(self.chat.clone()).text(text)),
        )
        .await
        .map(drop)
    }

    fn reads(&self) -> usize {
        self.fake.request_count(Method::Get, MESSAGES)
    }

    fn sends(&self) -> usize {
        self.fake.request_count(Method::Post, MESSAGES)
    }

    /// How many messages of the chat have `text`.
    fn stored(&self, text: &str) -> usize {
        self.fake
            .chat_message_ids(&self.chat)
            .iter()
            .filter_map(|id| self.fake.message(id))
            .filter(|m| m.text.as_deref() == Some(text))
            .count()
    }

    async fn stop(self) {
        self.server.shutdown().await;
    }
}

fn transport_kind(error: &Error) -> TransportErrorKind {
    match error.kind() {
        ErrorKind::Transport(e) => e.kind(),
        other => panic!("expected a transport error, got {other:?}: {error}"),
    }
}

fn attempts(error: &Error) -> u32 {
    error.request().expect("the failed request").attempts
}

#[tokio::test]
async fn a_read_answered_429_waits_its_retry_after_then_succeeds() {
    let s = Served::start(Duration::from_secs(10)).await;
    s.fake
        .inject(Fault::too_many_requests(Some(Duration::from_secs(3))).on(Method::Get, MESSAGES));
    assert_eq!(s.read().await.expect("the retry succeeds"), HISTORY);
    assert_eq!(s.reads(), 2);
    assert_eq!(s.sleeper.waits(), vec![Duration::from_secs(3)]);
    s.stop().await;
}

#[tokio::test]
async fn a_read_answered_503_is_retried_and_one_that_stays_503_surfaces() {
    let s = Served::start(Duration::from_secs(10)).await;
    s.fake.inject(Fault::status(503).on(Method::Get, MESSAGES));
    assert_eq!(s.read().await.expect("the retry succeeds"), HISTORY);
    assert_eq!(s.reads(), 2);
    assert_eq!(s.sleeper.waits().len(), 1);

    s.fake
        .inject(Fault::status(503).on(Method::Get, MESSAGES).times(10));
    let error = s.read().await.expect_err("503 every time");
    assert!(
        matches!(error.kind(), ErrorKind::Api { status: 503, .. }),
        "{error}"
    );
    assert_eq!(attempts(&error), 3, "the default policy's bound");
    assert_eq!(s.reads(), 2 + 3);
    s.stop().await;
}

#[tokio::test]
async fn a_send_answered_503_is_not_retried_and_stored_once() {
    let s = Served::start(Duration::from_secs(10)).await;
    s.fake.inject(
        Fault::status(503)
            .on(Method::Post, MESSAGES)
            .after_handling(),
    );
    let error = s.send("exactly once").await.expect_err("503");
    assert!(
        matches!(error.kind(), ErrorKind::Api { status: 503, .. }),
        "{error}"
    );
    assert_eq!(attempts(&error), 1);
    assert_eq!(s.sends(), 1);
    assert_eq!(s.stored("exactly once"), 1);
    assert!(s.sleeper.waits().is_empty());
    s.stop().await;
}

#[tokio::test]
async fn a_send_whose_connection_drops_is_not_retried() {
    let s = Served::start(Duration::from_secs(10)).await;
    // The fake stores the message, then hangs up without an answer: did it go through?
    s.fake.inject(
        Fault::drop_connection()
            .on(Method::Post, MESSAGES)
            .after_handling(),
    );
    let error = s.send("dropped once").await.expect_err("no answer");
    assert_eq!(transport_kind(&error), TransportErrorKind::Io, "{error}");
    assert_eq!(attempts(&error), 1);
    assert_eq!(s.sends(), 1);
    assert_eq!(s.stored("dropped once"), 1, "sent once, never twice");
    assert!(s.sleeper.waits().is_empty());

    // The connection was dropped before the send could take effect: still not retried,
    // the client cannot know, and nothing is stored.
    s.fake
        .inject(Fault::drop_connection().on(Method::Post, MESSAGES));
    let error = s.send("never stored").await.expect_err("no answer");
    assert_eq!(transport_kind(&error), TransportErrorKind::Io, "{error}");
    assert_eq!(s.sends(), 2);
    assert_eq!(s.stored("never stored"), 0);
    s.stop().await;
}

#[tokio::test]
async fn a_timed_out_read_is_retried_and_a_timed_out_send_is_not() {
    let s = Served::start(SHORT_TIMEOUT).await;
    s.fake
        .inject(Fault::timeout().hold_for(HOLD).on(Method::Get, MESSAGES));
    assert_eq!(s.read().await.expect("the retry succeeds"), HISTORY);
    assert_eq!(s.reads(), 2);
    assert_eq!(s.sleeper.waits().len(), 1);

    // The fake stores the message and holds the answer past the client's timeout.
    s.fake.inject(
        Fault::timeout()
            .hold_for(HOLD)
            .on(Method::Post, MESSAGES)
            .after_handling(),
    );
    let error = s.send("held").await.expect_err("timed out");
    assert_eq!(
        transport_kind(&error),
        TransportErrorKind::Timeout,
        "{error}"
    );
    assert_eq!(attempts(&error), 1);
    assert_eq!(s.sends(), 1);
    assert_eq!(s.stored("held"), 1);
    s.stop().await;
}

#[tokio::test]
async fn a_truncated_read_is_retried_then_surfaced() {
    let s = Served::start(Duration::from_secs(10)).await;
    s.fake
        .inject(Fault::truncated_body().on(Method::Get, MESSAGES));
    assert_eq!(s.read().await.expect("the retry succeeds"), HISTORY);
    assert_eq!(s.reads(), 2);

    s.fake
        .inject(Fault::truncated_body().on(Method::Get, MESSAGES).times(3));
    let error = s.read().await.expect_err("cut every time");
    // The body is shorter than its Content-Length: the transport sees it as Io.
    assert_eq!(transport_kind(&error), TransportErrorKind::Io, "{error}");
    assert_eq!(attempts(&error), 3);
    assert_eq!(s.reads(), 2 + 3);
    assert_eq!(s.sleeper.waits().len(), 1 + 2);
    s.stop().await;
}

/// A server that accepts the connection and reads the request, then never says a word
/// (the fake always answers in the end, so this one is a raw socket).
#[tokio::test]
async fn a_server_that_never_answers_is_bounded_by_the_timeout() {
    let mut server = TestServer::answering(vec![Step::Hold]).await;
    let sleeper = Arc::new(RecordingSleeper::new());
    let client = client_builder(
        config(&server.base_url(), SHORT_TIMEOUT),
        api_key("sk_test_silent").expect("key"),
    )
    .expect("client")
    .sleeper(Arc::clone(&sleeper))
    .build();

    let error = guarded(client.chats().messages(&ListChatMessages::new("chat-1")))
        .await
        .expect_err("no answer");
    assert_eq!(
        transport_kind(&error),
        TransportErrorKind::Timeout,
        "{error}"
    );
    assert_eq!(
        attempts(&error),
        3,
        "a read: retried up to the policy's bound"
    );
    for _ in 0..3 {
        assert_eq!(server.next_request().await.method, "GET");
    }

    let error = guarded(
        client
            .messages()
            .send(SendMessage::new("chat-1").text("into the void")),
    )
    .await
    .expect_err("no answer");
    assert_eq!(
        transport_kind(&error),
        TransportErrorKind::Timeout,
        "{error}"
    );
    assert_eq!(attempts(&error), 1, "a send: never repeated");
    assert_eq!(server.next_request().await.method, "POST");
    assert!(server.received_nothing());
    assert_eq!(sleeper.waits().len(), 2);
}
