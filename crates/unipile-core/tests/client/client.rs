//! The Client over a scripted transport double: retries, the no-double-send rule,
//! streams, decoding and redaction.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use unipile_core::client::Client;
use unipile_core::client::retry::{FixedJitter, RecordingSleeper, RetryPolicy};
use unipile_core::error::ErrorKind;
use unipile_core::request::{ListChatMessages, ListMessages, Paged, SendMessage};
use unipile_core::transport::{
    HttpRequest, HttpResponse, Transport, TransportError, TransportErrorKind,
};

const KEY: &str = "sk_test_very_secret_key";

/// Answers from a script, in order, and records every request it receives.
#[derive(Debug, Default)]
struct Scripted {
    answers: Mutex<VecDeque<Result<HttpResponse, TransportError>>>,
    seen: Mutex<Vec<HttpRequest>>,
}

impl Scripted {
    fn new(answers: Vec<Result<HttpResponse, TransportError>>) -> Arc<Self> {
        Arc::new(Self {
            answers: Mutex::new(answers.into()),
            seen: Mutex::new(Vec::new()),
        })
    }

    fn requests(&self) -> Vec<HttpRequest> {
        self.seen.lock().expect("lock").clone()
    }
}

#[async_trait::async_trait]
impl Transport for Scripted {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        self.seen.lock().expect("lock").push(request);
        self.answers
            .lock()
            .expect("lock")
            .pop_front()
            .unwrap_or_else(|| {
                Err(TransportError::new(
                    TransportErrorKind::Other,
                    "script exhausted",
                ))
            })
    }
}

fn client(transport: Arc<Scripted>, sleeper: Arc<RecordingSleeper>) -> Client {
    Client::builder(transport, KEY)
        .retry_policy(RetryPolicy::default())
        .sleeper(sleeper)
        .jitter(FixedJitter(0.5))
        .build()
}

fn message_json(id: &str) -> String {
    format!(
        r#"{{"object":"Message","id":"{id}","chat_id":"c1","account_id":"a1","provider_id":"p{id}",
        "chat_provider_id":"cp1","sender_id":"s1","sender_attendee_id":"att1","text":"hi {id}",
        "attachments":[],"timestamp":"2025-01-01T10:00:00.000Z","is_sender":0,"seen":1,
        "seen_by":{{}},"hidden":0,"deleted":0,"edited":0,"is_event":0,"delivered":1,
        "behavior":null,"original":"{{}}","reactions":[]}}"#
    )
}

/// A `MessageList` page of the messages `ids`, with `cursor`.
pub(crate) fn page(ids: &[&str], cursor: Option<&str>) -> HttpResponse {
    let items: Vec<String> = ids.iter().map(|id| message_json(id)).collect();
    let cursor = cursor.map_or("null".to_owned(), |c| format!("\"{c}\""));
    HttpResponse::new(
        200,
        format!(
            r#"{{"object":"MessageList","items":[{}],"cursor":{cursor}}}"#,
            items.join(",")
        ),
    )
}

/// An API error answer of `status` and `errors/{kind}`.
pub(crate) fn api_error(status: u16, kind: &str) -> HttpResponse {
    HttpResponse::new(
        status,
        format!(r#"{{"status":{status},"type":"errors/{kind}","title":"{kind} happened"}}"#),
    )
}

/// A `Retry-After` date is turned into a wait with the client's clock, not the system's:
/// 7 seconds after the pinned time is a 7-second wait, whatever the date today.
#[tokio::test]
async fn a_retry_after_date_is_read_with_the_injected_clock() {
    use chrono::TimeZone;
    use unipile_core::client::retry::FixedClock;
    let now = chrono::Utc
        .with_ymd_and_hms(1994, 11, 6, 8, 49, 30)
        .single()
        .expect("a valid date");
    let transport = Scripted::new(vec![
        Ok(api_error(429, "too_many_requests")
            .with_header("Retry-After", "Sun, 06 Nov 1994 08:49:37 GMT")),
        Ok(HttpResponse::new(200, message_json("m1"))),
    ]);
    let sleeper = Arc::new(RecordingSleeper::new());
    let client = Client::builder(transport.clone(), KEY)
        .sleeper(sleeper.clone())
        .jitter(FixedJitter(0.5))
        .clock(FixedClock::new(now))
        .build();

    let message = client
        .messages()
        .get("m1")
        .await
        .expect("second attempt succeeds");

    assert_eq!(message.id, "m1");
    assert_eq!(transport.requests().len(), 2, "one retry");
    assert_eq!(sleeper.waits(), vec![Duration::from_secs(7)]);
}

#[tokio::test]
async fn a_read_is_retried_after_429_with_retry_after_then_succeeds() {
    let transport = Scripted::new(vec![
        Ok(api_error(429, "too_many_requests").with_header("Retry-After", "3")),
        Ok(HttpResponse::new(200, message_json("m1"))),
    ]);
    let sleeper = Arc::new(RecordingSleeper::new());
    let client = client(transport.clone(), sleeper.clone());

    let message = client
        .messages()
        .get("m1")
        .await
        .expect("second attempt succeeds");

    assert_eq!(message.id, "m1");
    assert_eq!(transport.requests().len(), 2, "one retry");
    assert_eq!(
        sleeper.waits(),
        vec![Duration::from_secs(3)],
        "waited what the server asked"
    );
}

#[tokio::test]
async fn a_send_is_not_retried_after_a_503() {
    let transport = Scripted::new(vec![
        Ok(api_error(503, "service_unavailable")),
        Ok(HttpResponse::new(
            201,
            r#"{"object":"MessageSent","message_id":"m9"}"#,
        )),
    ]);
    let sleeper = Arc::new(RecordingSleeper::new());
    let client = client(transport.clone(), sleeper.clone());

    let err = client
        .messages()
        .send(SendMessage::new("chat_1").text("hello"))
        .await
        .expect_err("the 503 is handed back");

    assert_eq!(
        transport.requests().len(),
        1,
        "a message must never be sent twice"
    );
    assert!(sleeper.waits().is_empty());
    assert_eq!(err.status(), Some(503));
    assert!(matches!(err.kind(), ErrorKind::Api { status: 503, .. }));
}

#[tokio::test]
async fn a_send_is_not_retried_after_a_timeout_but_is_after_a_connect_error() {
    let transport = Scripted::new(vec![Err(TransportError::new(
        TransportErrorKind::Timeout,
        "no answer",
    ))]);
    let client1 = client(transport.clone(), Arc::new(RecordingSleeper::new()));
    let err = client1
        .messages()
        .send(SendMessage::new("chat_1").text("hello"))
        .await
        .expect_err("timeout handed back");
    assert_eq!(transport.requests().len(), 1);
    assert!(matches!(err.kind(), ErrorKind::Transport(_)));

    let transport = Scripted::new(vec![
        Err(TransportError::new(TransportErrorKind::Connect, "refused")),
        Ok(HttpResponse::new(
            201,
            r#"{"object":"MessageSent","message_id":"m2"}"#,
        )),
    ]);
    let client2 = client(transport.clone(), Arc::new(RecordingSleeper::new()));
    let sent = client2
        .messages()
        .send(SendMessage::new("chat_1").text("hello"))
        .await
        .expect("nothing reached the server the first time");
    assert_eq!(sent.message_id.as_ref().map(|m| m.as_str()), Some("m2"));
    assert_eq!(transport.requests().len(), 2);
}

#[tokio::test]
async fn a_stream_over_three_pages_yields_every_item_once() {
    let transport = Scripted::new(vec![
        Ok(page(&["m1", "m2"], Some("c1"))),
        Ok(page(&["m3", "m4"], Some("c2"))),
        Ok(page(&["m5"], None)),
    ]);
    let client = client(transport.clone(), Arc::new(RecordingSleeper::new()));

    let all = client
        .chats()
        .stream_messages(ListChatMessages::new("chat/1").limit(2))
        .try_collect()
        .await
        .expect("three pages");

    let ids: Vec<&str> = all.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["m1", "m2", "m3", "m4", "m5"]);
    let requests = transport.requests();
    assert_eq!(requests.len(), 3);
    assert_eq!(requests[0].path, "/chats/chat%2F1/messages");
    assert_eq!(requests[1].query_value("cursor"), Some("c1"));
    assert_eq!(requests[2].query_value("cursor"), Some("c2"));
    assert_eq!(requests[2].query_value("limit"), Some("2"));
}

#[tokio::test]
async fn a_server_repeating_its_cursor_does_not_loop_forever() {
    let transport = Scripted::new(vec![
        Ok(page(&["m1"], Some("same"))),
        Ok(page(&["m2"], Some("same"))),
        Ok(page(&["m3"], Some("same"))),
    ]);
    let client = client(transport.clone(), Arc::new(RecordingSleeper::new()));
    let all = client
        .messages()
        .stream(ListMessages::new())
        .try_collect()
        .await
        .expect("stops by itself");
    assert_eq!(
        all.len(),
        2,
        "the second page repeats the cursor, so the walk ends there"
    );
    assert_eq!(transport.requests().len(), 2);
}

#[tokio::test]
async fn every_request_carries_the_key_as_a_sensitive_header() {
    let transport = Scripted::new(vec![Ok(HttpResponse::new(200, message_json("m1")))]);
    let client = client(transport.clone(), Arc::new(RecordingSleeper::new()));
    client.messages().get("m1").await.expect("ok");
    let request = &transport.requests()[0];
    assert_eq!(request.headers.get("x-api-key"), Some(KEY));
    assert_eq!(request.headers.get("accept"), Some("application/json"));
    assert!(!format!("{request:?}").contains(KEY));
    assert!(!format!("{client:?}").contains(KEY));
}

#[tokio::test]
async fn errors_never_show_the_key() {
    let transport = Scripted::new(vec![
        Ok(api_error(401, "disconnected_account")),
        Ok(HttpResponse::new(200, "{\"id\": 12, \"timestamp\": false}")),
    ]);
    let client = client(transport.clone(), Arc::new(RecordingSleeper::new()));
    let unauthorized = client.messages().get("m1").await.expect_err("401");
    assert!(unauthorized.needs_reconnect());
    let decode = client.messages().get("m2").await.expect_err("bad body");
    match decode.kind() {
        ErrorKind::Decode { error, .. } => assert_eq!(error.path(), "timestamp"),
        other => panic!("expected a decode error, got {other:?}"),
    }
    for err in [unauthorized, decode] {
        assert!(!format!("{err}").contains(KEY));
        assert!(!format!("{err:?}").contains(KEY));
    }
}

#[tokio::test]
async fn invalid_requests_are_refused_before_anything_is_sent() {
    let transport = Scripted::new(vec![]);
    let client = client(transport.clone(), Arc::new(RecordingSleeper::new()));
    let err = client
        .messages()
        .list(&ListMessages::new().limit(251))
        .await
        .expect_err("limit too large");
    match err.kind() {
        ErrorKind::InvalidRequest(invalid) => assert_eq!(invalid.parameter(), "limit"),
        other => panic!("expected an invalid request, got {other:?}"),
    }
    let err = client
        .messages()
        .send(SendMessage::new("chat_1"))
        .await
        .expect_err("no text, no attachment");
    assert!(matches!(err.kind(), ErrorKind::InvalidRequest(_)));
    assert!(transport.requests().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn a_stream_resumed_from_a_cursor_does_not_fetch_that_page_twice() {
    // The walk resumes from `resume` (say, after a page cap); the server answers that page
    // with the same cursor. Following it would fetch and hand out the same page again.
    let transport = Scripted::new(vec![
        Ok(page(&["m1"], Some("resume"))),
        Ok(page(&["m1"], Some("resume"))),
    ]);
    let client = client(transport.clone(), Arc::new(RecordingSleeper::new()));
    let mut stream = client
        .messages()
        .stream(ListMessages::new().cursor("resume").limit(1));
    let mut ids = Vec::new();
    while let Some(message) = stream.next_item().await {
        ids.push(message.expect("page").id.to_string());
    }
    assert_eq!(ids, ["m1"], "the page of `resume` is handed out once");
    assert_eq!(transport.requests().len(), 1);
    assert!(matches!(
        stream.done(),
        Some(unipile_core::model::page::Done::RepeatedCursor(_))
    ));
}

#[tokio::test]
async fn a_page_cap_set_on_a_resumed_stream_keeps_the_loop_guard() {
    let transport = Scripted::new(vec![
        Ok(page(&["m1"], Some("resume"))),
        Ok(page(&["m1"], Some("resume"))),
    ]);
    let client = client(transport.clone(), Arc::new(RecordingSleeper::new()));
    let all = client
        .messages()
        .stream(ListMessages::new().cursor("resume"))
        .max_pages(5)
        .try_collect()
        .await
        .expect("stops by itself");
    assert_eq!(all.len(), 1);
    assert_eq!(transport.requests().len(), 1);
}

#[tokio::test]
async fn a_send_is_retried_after_429_with_retry_after() {
    let transport = Scripted::new(vec![
        Ok(api_error(429, "too_many_requests").with_header("Retry-After", "2")),
        Ok(HttpResponse::new(
            201,
            r#"{"object":"MessageSent","message_id":"m3"}"#,
        )),
    ]);
    let sleeper = Arc::new(RecordingSleeper::new());
    let client = client(transport.clone(), sleeper.clone());
    let sent = client
        .messages()
        .send(SendMessage::new("chat_1").text("hello"))
        .await
        .expect("a 429 means the message was not taken: sent again after the wait");
    assert_eq!(sent.message_id.as_ref().map(|m| m.as_str()), Some("m3"));
    assert_eq!(transport.requests().len(), 2);
    assert_eq!(sleeper.waits(), vec![Duration::from_secs(2)]);
}

#[tokio::test]
async fn a_read_is_retried_after_a_dropped_connection() {
    let transport = Scripted::new(vec![
        Err(TransportError::new(
            TransportErrorKind::Io,
            "connection reset",
        )),
        Ok(HttpResponse::new(200, message_json("m1"))),
    ]);
    let client = client(transport.clone(), Arc::new(RecordingSleeper::new()));
    let message = client.messages().get("m1").await.expect("retried");
    assert_eq!(message.id, "m1");
    assert_eq!(transport.requests().len(), 2);
}

#[tokio::test]
async fn a_patch_or_delete_is_not_retried_after_a_5xx() {
    let transport = Scripted::new(vec![
        Ok(api_error(503, "service_unavailable")),
        Ok(api_error(502, "unexpected_error")),
        Ok(HttpResponse::new(200, r#"{"object":"ChatPatched"}"#)),
    ]);
    let sleeper = Arc::new(RecordingSleeper::new());
    let client = client(transport.clone(), sleeper.clone());

    let err = client
        .chats()
        .set_read("chat_1", true)
        .await
        .expect_err("503");
    assert_eq!(err.status(), Some(503));
    assert_eq!(transport.requests().len(), 1, "the PATCH was sent once");

    let err = client.webhooks().delete("wh_1").await.expect_err("502");
    assert_eq!(err.status(), Some(502));
    assert_eq!(transport.requests().len(), 2, "the DELETE was sent once");
    assert!(sleeper.waits().is_empty());
}

#[tokio::test]
async fn a_stream_follows_an_empty_page_with_a_cursor_and_says_the_walk_is_complete() {
    let transport = Scripted::new(vec![
        Ok(page(&["m1"], Some("c1"))),
        Ok(page(&[], Some("c2"))),
        Ok(page(&["m2"], None)),
    ]);
    let client = client(transport.clone(), Arc::new(RecordingSleeper::new()));
    let mut stream = client.messages().stream(ListMessages::new());
    let mut ids = Vec::new();
    while let Some(message) = stream.next_item().await {
        ids.push(message.expect("page").id.to_string());
    }
    assert_eq!(
        ids,
        ["m1", "m2"],
        "the items behind the empty page are fetched"
    );
    assert_eq!(transport.requests().len(), 3);
    let done = stream.done().expect("stopped");
    assert!(done.is_complete(), "{done:?}");
}

#[tokio::test]
async fn a_stream_stops_incomplete_past_its_cap_of_empty_pages() {
    let transport = Scripted::new(vec![
        Ok(page(&["m1"], Some("c1"))),
        Ok(page(&[], Some("c2"))),
        Ok(page(&[], Some("c3"))),
        Ok(page(&["m2"], None)),
    ]);
    let client = client(transport.clone(), Arc::new(RecordingSleeper::new()));
    let mut stream = client
        .messages()
        .stream(ListMessages::new())
        .max_empty_pages(1);
    let mut ids = Vec::new();
    while let Some(message) = stream.next_item().await {
        ids.push(message.expect("page").id.to_string());
    }
    assert_eq!(ids, ["m1"]);
    assert_eq!(transport.requests().len(), 3);
    let done = stream.done().expect("stopped");
    assert_eq!(
        done,
        &unipile_core::model::page::Done::EmptyPages {
            count: 2,
            cursor: unipile_core::Cursor::new("c3")
        }
    );
    assert!(!done.is_complete());
}
